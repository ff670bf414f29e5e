"""Leave inside the plan year and in the Review (trial 20, findings 5 and 9).

A rep on parental leave for six of the twelve plan months takes his share of the KGI at his
working days, nothing is asked of his months on leave, and the others carry the rest in
proportion to their own targets; the Plan says so on his line. The Review splits a rep's
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


def _history(reps: str, no_visits: dict[str, list[int]] | None = None) -> History:
    """Ten accounts a rep; one order (100) and one visit each on the 10th of every month;
    ``no_visits[rep]``: month indexes with no visit of his (his accounts order as usual)."""
    orders, visits, accounts = [], [], []
    for rep in reps:
        names = [f"{rep}{i:02d}" for i in range(10)]
        for m, month in enumerate(MONTHS):
            day = month.start_time + pd.Timedelta(days=9)
            for name in names:
                orders.append((day, name, rep, 100.0, 1.0))
                if m not in (no_visits or {}).get(rep, []):
                    visits.append((day, rep, name, "visit", None))
        accounts += [(n, n, rep, pd.Timestamp("2020-01-01"), pd.NaT) for n in names]
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
    history = _history("ABC")
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


def test_a_rep_on_leave_takes_his_share_at_his_working_days(
    planned: tuple[Result, Result],
) -> None:
    """The three reps weigh the same (one history each). Without leave: 9,000 each. With
    A's leave his weight is 122/246: A = 27,000 × 122 / (122 + 2 × 246) = 5,364.82; B and
    C carry the rest in proportion to their own weights: 27,000 × 246 / 614 = 10,817.59.
    The team is still the KGI."""
    without, away = planned
    before = without.plan.fy["revenue"]
    assert before[["A", "B", "C"]].to_numpy() == pytest.approx([9_000.0] * 3)
    after = away.plan.fy["revenue"]
    assert after["A"] == pytest.approx(27_000 * 122 / 614)
    assert after["B"] == pytest.approx(27_000 * 246 / 614)
    assert after["C"] == pytest.approx(27_000 * 246 / 614)
    assert after[["A", "B", "C"]].sum() == pytest.approx(KGI)
    assert after[TEAM] == pytest.approx(KGI)
    # The Targets sheet's rounded yen add up to the KGI too.
    t = away.targets
    months = t[(t["kpi"] == "revenue") & (t["rep"] != TEAM) & (t["period"] != "FY2025")]
    assert months["target"].sum() == KGI


def test_his_levers_are_a_year_at_works_and_his_months_on_leave_ask_nothing(
    planned: tuple[Result, Result],
) -> None:
    """A's share ÷ his presence is B's share, and their histories are the same: his levers
    are B's, his year's visits, orders and visit frequency B's × 122/246; his unit price,
    orders per visit and active accounts B's. April – September ask nothing of him; from
    October his months are B's (the same year's shape on half the months)."""
    _, away = planned
    fy = away.plan.fy
    for key in ("visits", "orders", "visits_per_account", "orders_per_account"):
        assert fy.at["A", key] == pytest.approx(fy.at["B", key] * AT_WORK)
    for key in ("unit_price", "orders_per_visit", "active_accounts"):
        assert fy.at["A", key] == pytest.approx(fy.at["B", key])
    assert np.exp(np.log(away.plan.lever_uplift.loc["A"])).to_numpy() == pytest.approx(
        away.plan.lever_uplift.loc["B"].to_numpy()
    )
    revenue = away.plan.monthly["revenue"]
    assert revenue.loc["A"].iloc[:6].tolist() == [0.0] * 6
    assert revenue.loc["A"].iloc[6:].sum() == pytest.approx(round(27_000 * 122 / 614))
    frequency = away.plan.monthly["visits_per_account"]
    assert frequency.loc["A"].iloc[:6].tolist() == [0.0] * 6
    assert frequency.loc["A"].iloc[6:].to_numpy() == pytest.approx(
        frequency.loc["B"].iloc[6:].to_numpy()
    )
    visits = away.plan.monthly["visits"]
    assert visits.loc["A"].iloc[:6].tolist() == [0.0] * 6
    # Per working day: his year over the 122 days he works, April's over none.
    t = away.targets
    mine = t[(t["rep"] == "A") & (t["kpi"] == "revenue")].set_index("period")
    assert mine.at["FY2025", "working_days"] == 122
    assert mine.at["FY2025", "per_working_day"] == pytest.approx(mine.at["FY2025", "target"] / 122)
    assert mine.at["2025-04", "working_days"] == 0 and np.isnan(mine.at["2025-04", "ceiling"])
    theirs = t[(t["rep"] == "B") & (t["kpi"] == "revenue")].set_index("period")
    assert theirs.at["FY2025", "working_days"] == 246


def test_the_plan_line_says_his_leave_and_his_share_of_working_days(
    planned: tuple[Result, Result],
) -> None:
    without, away = planned

    def note(result: Result, language: str, sep: str) -> str:
        """The rep section's notes, the wrapped pieces joined again."""
        return sep.join(str(row[2]) for row in _rep_rows(result, language))

    ja = note(away, "ja", "")
    assert "育休 6か月(2025-04 – 2025-09)のため目標は稼働日数比 49.6%" in ja
    assert "(計画年度 246 営業日のうち 122 日)" in ja
    english = note(away, "en", " ")
    assert "育休 for 6 months (2025-04 – 2025-09)" in english
    assert "49.6% (122 of the plan year's 246)" in english
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
    per visit, on target. May asks nothing of him now (his leave, in the plan year), while
    his accounts still ordered 1,000 in it: that is the row of the months left out of his
    split, and his rows add up to his gap."""
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
    assert after.at[AWAY, "contribution"] == pytest.approx(1000.0)
    assert AWAY not in before.index
    levers = ["active_accounts", "visits_per_account", "orders_per_visit", "unit_price"]
    gap = after.at["revenue", "actual_ytd"] - after.at["revenue", "target_ytd"]
    assert after.loc[[*levers, "timing", AWAY], "contribution"].sum() == pytest.approx(gap)
    # The team's rows still add up to its gap, and its visit frequency is not A's leave.
    team = _rows(away, TEAM)
    kinds = [k for k in team.index if k in (*levers, "timing", "unsplit", AWAY)]
    assert team.at[AWAY, "contribution"] == pytest.approx(1000.0)
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
