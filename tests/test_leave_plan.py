"""Leave inside the plan year and in the Review (trial 20, findings 5 and 9).

A rep on parental leave for six of the twelve plan months keeps his book: his share of the
KGI, his levers and his months are as without leave; only his own pipeline (new accounts,
meetings, appointments) scales with his working days, on his months at work, and is not
pushed onto the others; the Plan says so on his line. The Review splits a rep's
gap by lever over the months he worked, as his baseline is measured (core.at_work).

Three reps, ten accounts each; every account orders once a month (100 yen) and is visited
once a month, so every rep's year is 12,000 yen, 120 orders and 120 visits.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from routekpi.core.at_work import month_presence, plan_presence
from routekpi.core.calendar import BusinessCalendar
from routekpi.core.engine import Result, run
from routekpi.core.history import History, PlanSettings
from routekpi.core.measure import TEAM
from routekpi.core.review import AWAY
from routekpi.render import _rep_rows

MONTHS = pd.period_range("2023-04", periods=27, freq="M")  # 2023-04 … 2025-06
PLAN = pd.period_range("2025-04", periods=12, freq="M")  # FY2025
KGI = 27_000.0
# FY2025's working days: Apr 21, May 20, Jun 21, Jul 22, Aug 20, Sep 20 (126); Oct 22,
# Nov 18, Dec 23, Jan 20, Feb 18, Mar 21 (122): 248 weekdays less the holidays, 246 in all
# (no company holidays). On leave April – September, A works 122 of them.
AT_WORK = 122 / 246


def _history(
    reps: str, no_visits: dict[str, list[int]] | None = None, pipeline: bool = False
) -> History:
    """Ten accounts a rep; one order (100) and one visit each on the 10th of every month;
    ``no_visits[rep]``: month indexes with no visit of his (his accounts order as usual).
    ``pipeline``: besides, every month two appointment attempts (one won) and a meeting a
    rep (at a prospect), and a new account every six months, ordering as the others from its
    first month."""
    orders, visits, accounts = [], [], []
    for rep in reps:
        names = [f"{rep}{i:02d}" for i in range(10)]
        starts = {n: MONTHS[0] for n in names}
        if pipeline:
            starts |= {f"{rep}N{m:02d}": MONTHS[m] for m in range(0, len(MONTHS), 6)}
        for m, month in enumerate(MONTHS):
            day = month.start_time + pd.Timedelta(days=9)
            for name, start in starts.items():
                if start > month:
                    continue
                orders.append((day, name, rep, 100.0, 1.0))
                if m not in (no_visits or {}).get(rep, []):
                    visits.append((day, rep, name, "visit", None))
            if pipeline:
                visits.append((day, rep, f"{rep}P{m:02d}", "meeting", None))  # a prospect
                visits += [(day, rep, names[0], "attempt", o) for o in ("won", "lost")]
        accounts += [
            (n, n, rep, pd.Timestamp("2020-01-01") if n in names else s.start_time, pd.NaT)
            for n, s in starts.items()
        ]
    return History(
        orders=pd.DataFrame(orders, columns=["date", "account", "rep", "amount", "quantity"]),
        visits=pd.DataFrame(visits, columns=["date", "rep", "account", "kind", "outcome"]),
        accounts=pd.DataFrame(accounts, columns=["account", "name", "rep", "start", "end"]),
    )


def _with_leave(history: History, rep: str, start: str, end: str, reason: str) -> History:
    leave = pd.DataFrame(
        [(rep, pd.Timestamp(start), pd.Timestamp(end), reason)],
        columns=["rep", "start", "end", "reason"],
    )
    return History(history.orders, history.visits, history.accounts, leave=leave)


@pytest.fixture(scope="module")
def planned() -> tuple[Result, Result]:
    """FY2025 planned on 2025-03-31 for a KGI of 27,000, without and with A's 育休 for
    April – September 2025."""
    history = _history("ABC", pipeline=True)
    settings = PlanSettings(kgi=KGI, plan_year=2025, as_of=date(2025, 3, 31))
    away = _with_leave(history, "A", "2025-04-01", "2025-09-30", "育休")
    return run(history, settings), run(away, settings)


def test_presence_is_the_share_of_the_plan_years_working_days() -> None:
    cal = BusinessCalendar(leave=(("A", date(2025, 4, 1), date(2025, 9, 30)),))
    assert cal.month_counts(list(PLAN)).tolist() == [21, 20, 21, 22, 20, 20, 22, 18, 23, 20, 18, 21]
    presence = plan_presence(cal, ["A", "B"], list(PLAN))
    assert presence["A"] == pytest.approx(AT_WORK)
    assert presence["B"] == 1.0
    share = month_presence(cal, ["A"], list(PLAN))[0]
    assert share.tolist() == [0.0] * 6 + [1.0] * 6


PIPELINE = ("new_accounts", "meetings", "appointment_attempts")


def test_his_share_levers_and_months_are_as_without_leave(
    planned: tuple[Result, Result],
) -> None:
    """His book is held through the leave (his customers order on, cover visits count as
    his: core.at_work): the three reps weigh the same, so 9,000 each with and without A's
    leave, and every target but his own pipeline is what it was without it, months too."""
    without, away = planned
    assert away.plan.fy.loc[["A", "B", "C"], "revenue"].to_numpy() == pytest.approx([9_000.0] * 3)
    assert away.plan.fy.at[TEAM, "revenue"] == pytest.approx(KGI)
    book = [k for k in away.plan.fy.columns if k not in PIPELINE]
    for rep in ("A", "B", "C", TEAM):
        pd.testing.assert_series_equal(away.plan.fy.loc[rep, book], without.plan.fy.loc[rep, book])
    pd.testing.assert_frame_equal(away.plan.lever_uplift, without.plan.lever_uplift)
    for key in ("revenue", "visits", "orders", "visits_per_account", "active_accounts"):
        pd.testing.assert_frame_equal(away.plan.monthly[key], without.plan.monthly[key])
    assert away.plan.monthly["revenue"].loc["A"].iloc[:6].sum() == 720 * 5 + 719
    # His revenue per day is per working day, as anyone's.
    t = away.targets
    mine = t[(t["rep"] == "A") & (t["kpi"] == "revenue")].set_index("period")
    assert mine.at["FY2025", "working_days"] == 246
    assert mine.at["2025-04", "working_days"] == 21


def test_his_own_pipeline_scales_with_his_working_days_on_his_months_at_work(
    planned: tuple[Result, Result],
) -> None:
    """Each rep's year: 1.5 new accounts (two a year, less the short-of-target quarter as
    KGI < baseline), 12 meetings, 24 appointment attempts. A's are B's × 122/246: 0.7439,
    5.9512 and 11.9024; B's and C's are as without leave (nothing pushed onto them), and
    the team's are the reps' sums, 3.7439 / 29.9512 / 59.9024 (4.5 / 36 / 72 without).
    April – September ask none of them; his rounded years (1, 6, 12) sit from October on;
    his rates are B's."""
    without, away = planned
    fy, before = away.plan.fy, without.plan.fy
    for key, b_year in (("new_accounts", 1.5), ("meetings", 12.0), ("appointment_attempts", 24.0)):
        assert fy.at["B", key] == pytest.approx(b_year)
        assert fy.at["A", key] == pytest.approx(b_year * AT_WORK)
        assert fy.at["B", key] == before.at["B", key] and fy.at["C", key] == before.at["C", key]
        assert fy.at[TEAM, key] == pytest.approx(b_year * (2 + AT_WORK))
        assert before.at[TEAM, key] == pytest.approx(3 * b_year)
        months = away.plan.monthly[key]
        assert months.loc["A"].iloc[:6].tolist() == [0.0] * 6
        assert months.loc[TEAM].to_numpy() == pytest.approx(
            months.loc[["A", "B", "C"]].sum().to_numpy()
        )
    assert away.plan.monthly["meetings"].loc["A"].tolist() == [0.0] * 6 + [1.0] * 6
    assert away.plan.monthly["appointment_attempts"].loc["A"].tolist() == [0.0] * 6 + [2.0] * 6
    assert away.plan.monthly["new_accounts"].loc["A"].sum() == 1.0
    for key in ("appointment_rate", "meeting_win_rate"):
        assert fy.at["A", key] == pytest.approx(fy.at["B", key])
    # Per working day: his pipeline's year over the 122 days he works, April's over none.
    t = away.targets
    mine = t[(t["rep"] == "A") & (t["kpi"] == "meetings")].set_index("period")
    assert mine.at["FY2025", "target"] == 6.0
    assert mine.at["FY2025", "working_days"] == 122
    assert mine.at["FY2025", "per_working_day"] == pytest.approx(6 / 122)
    assert mine.at["2025-04", "working_days"] == 0 and np.isnan(mine.at["2025-04", "ceiling"])


def test_the_plan_line_says_his_book_stays_his_and_his_pipeline_share(
    planned: tuple[Result, Result],
) -> None:
    without, away = planned

    def note(result: Result, language: str, sep: str) -> str:
        """The rep section's notes, the wrapped pieces joined again."""
        return sep.join(str(row[2]) for row in _rep_rows(result, language))

    ja = note(away, "ja", "").replace(" ", "")  # a wrap may fall on a space
    assert "育休6か月(2025-04–2025-09):担当顧客の売上・受注・訪問の目標は休暇中も本人に" in ja
    assert "新規・商談・アポの目標は稼働日数比49.6%(計画年度246営業日のうち122日)" in ja
    assert "チームの新規・商談・アポの目標はその分少なくなります" in ja
    assert "顧客シートで担当者を変更してください" in ja
    english = note(away, "en", " ")
    assert "育休 for 6 months (2025-04 – 2025-09): the revenue, order and visit targets" in english
    assert "49.6% (122 of the plan year's 246)" in english
    assert "change their rep on the Accounts sheet" in english
    assert "稼働日数比" not in note(without, "ja", "")


# --- the Review -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def may_away() -> tuple[Result, Result]:
    """Two reps; A makes no visit in May 2025 (his accounts order as usual). FY2025 reviewed
    on 2025-06-30 (KGI: last year's 24,000), without and with his leave 5/1 – 5/31."""
    history = _history("AB", {"A": [25]})
    settings = PlanSettings(kgi=24_000.0, plan_year=2025, as_of=date(2025, 6, 30))
    return run(history, settings), run(
        _with_leave(history, "A", "2025-05-01", "2025-05-31", ""), settings
    )


def _rows(result: Result, rep: str) -> pd.DataFrame:
    r = result.review
    return r[r["rep"] == rep].set_index("kpi")


def test_the_reviews_lever_split_leaves_his_leave_month_out(
    may_away: tuple[Result, Result],
) -> None:
    """Without the Leave row A's visit frequency to date is 20 visits ÷ (10 accounts × 3
    months) = 0.667 (−¥1,216 of his gap) and his orders per visit 30 ÷ 20 = 1.5 (+¥1,216).
    With it, his levers are April's and June's: 1.0 visit per account a month and 1.0 order
    per visit, on target. May, his leave, is left out of the split; its target is his book's
    1,000 as without leave (core.at_work) and his accounts ordered 1,000 in it, so the row
    of the months left out is 0, and his rows add up to his gap (0: on target)."""
    without, away = may_away
    before, after = _rows(without, "A"), _rows(away, "A")
    assert before.at["visits_per_account", "actual_ytd"] == pytest.approx(20 / 30)
    assert before.at["visits_per_account", "contribution"] == pytest.approx(-1216.395324)
    assert before.at["orders_per_visit", "actual_ytd"] == pytest.approx(1.5)
    assert after.at["visits_per_account", "actual_ytd"] == pytest.approx(1.0)
    assert after.at["orders_per_visit", "actual_ytd"] == pytest.approx(1.0)
    assert after.at["visits_per_account", "contribution"] == pytest.approx(0.0, abs=1e-9)
    assert after.at["orders_per_visit", "contribution"] == pytest.approx(0.0, abs=1e-9)
    assert after.at["revenue", "actual_ytd"] == 3000.0
    assert after.at[AWAY, "contribution"] == pytest.approx(0.0, abs=1e-9)
    assert after.at["revenue", "target_ytd"] == pytest.approx(3000.0)
    assert AWAY not in before.index
    levers = ["active_accounts", "visits_per_account", "orders_per_visit", "unit_price"]
    gap = after.at["revenue", "actual_ytd"] - after.at["revenue", "target_ytd"]
    assert after.loc[[*levers, "timing", AWAY], "contribution"].sum() == pytest.approx(gap)
    # The team's rows still add up to its gap, and its visit frequency is not A's leave.
    team = _rows(away, TEAM)
    kinds = [k for k in team.index if k in (*levers, "timing", "unsplit", AWAY)]
    assert team.at[AWAY, "contribution"] == pytest.approx(0.0, abs=1e-9)
    team_gap = team.at["revenue", "actual_ytd"] - team.at["revenue", "target_ytd"]
    assert team.loc[kinds, "contribution"].sum() == pytest.approx(team_gap)
    assert team.at["visits_per_account", "actual_ytd"] == pytest.approx(1.0)
    assert _rows(without, TEAM).at["visits_per_account", "actual_ytd"] == pytest.approx(5 / 6)


def test_months_after_a_reps_visit_records_stop_are_not_read_as_no_visits() -> None:
    """A's visits stop after April 2025 (May and June not pasted yet) while his accounts
    order on; reviewed on 2025-06-30 (May began 40 working days before). His visit levers
    are April's (1.0 and 1.0, on target), not 10 visits ÷ 30 account-months = 0.33; May's
    and June's gap is the row of the months left out. B, whose visits are recorded, keeps
    his whole split. No Leave row is involved: the plan is the same as without the gap."""
    history = _history("AB", {"A": [25, 26]})
    settings = PlanSettings(kgi=24_000.0, plan_year=2025, as_of=date(2025, 6, 30))
    result = run(history, settings)
    mine = _rows(result, "A")
    assert mine.at["visits_per_account", "actual_ytd"] == pytest.approx(1.0)
    assert mine.at["visits_per_account", "target_ytd"] == pytest.approx(1.0)
    assert mine.at["visits_per_account", "contribution"] == pytest.approx(0.0, abs=1e-9)
    assert mine.at["revenue", "actual_ytd"] == 3000.0
    gap = mine.at["revenue", "actual_ytd"] - mine.at["revenue", "target_ytd"]
    levers = ["active_accounts", "visits_per_account", "orders_per_visit", "unit_price"]
    assert mine.loc[[*levers, "timing", AWAY], "contribution"].sum() == pytest.approx(gap)
    assert AWAY not in _rows(result, "B").index
    # Reviewed on 2025-05-09 (May's 6 working days so far, 5/1 – 5/9 less 5/5 and 5/6):
    # under two working weeks, April's records may just lag — May is split as measured.
    early = run(history, PlanSettings(kgi=24_000.0, plan_year=2025, as_of=date(2025, 5, 9)))
    assert AWAY not in _rows(early, "A").index
