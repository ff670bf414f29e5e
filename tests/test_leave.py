"""A rep's leave (the Leave sheet, 休暇・不在): trial 18's 林大輔 was on leave 10/1–11/30.

Hand-computed cases on small built histories: the calendar's per-rep working days; the Daily
list plans nothing on leave days and its pace asks nothing for them (no padding after a
leave); Attainment's due-to-date and the behind-pace and unit-price flags leave the leave out;
the Leave sheet's bad rows are Checks naming sheet, row and column; a workbook with a Leave
sheet is written and read back.
"""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import duckdb
import numpy as np
import openpyxl
import pandas as pd
import pytest
from history_helpers import accounts_frame

from routekpi.contract import RawSheet
from routekpi.core.at_work import cover_months_of
from routekpi.core.calendar import BusinessCalendar, fiscal_months, leave_spans
from routekpi.core.compact import compact_history
from routekpi.core.daily import plan_daily, taken_shares
from routekpi.core.engine import Result, run
from routekpi.core.history import History, PlanSettings
from routekpi.messages import text
from routekpi.recalc import recalculate
from routekpi.schema import INPUT_SHEETS, LEAVE
from routekpi.sources.sqltext import with_cover_months
from routekpi.validation.tables import validate_inputs

NOV = pd.Period("2026-11", freq="M")


# --- the calendar ---------------------------------------------------------------------------


def test_a_reps_working_days_leave_out_his_leave() -> None:
    """November 2026: 21 weekdays less 11/3 and 11/23 = 19 working days. Leave 11/16–11/30
    covers 16–20, 24–27 and 30: 10 of them (11/23 is a holiday, not a leave day)."""
    cal = BusinessCalendar(leave=(("P", date(2026, 11, 16), date(2026, 11, 30)),))
    assert len(cal.month_working_days(NOV)) == 19
    assert len(cal.leave_days("P", date(2026, 11, 1), date(2026, 11, 30))) == 10
    assert len(cal.rep_working_days("P", date(2026, 11, 1), date(2026, 11, 30))) == 9
    assert cal.available_share("P", NOV) == pytest.approx(9 / 19)
    assert cal.available_share("Q", NOV) == 1.0  # a colleague keeps the whole month
    # By 11/20: 14 working days gone (2, 4–6, 9–13, 16–20), 5 of them on leave.
    assert cal.elapsed_fraction(NOV, date(2026, 11, 20)) == pytest.approx(14 / 19)
    assert cal.rep_elapsed_fraction("P", NOV, date(2026, 11, 20)) == pytest.approx(9 / 19)
    assert cal.rep_elapsed_fraction("Q", NOV, date(2026, 11, 20)) == pytest.approx(14 / 19)
    # Away 10 of 19 (more than half): November is no month of his own trends.
    months = [pd.Period("2026-10", freq="M"), NOV]
    assert cal.present_months("P", months) == months[:1]
    assert cal.on_leave("P", date(2026, 11, 22)) and not cal.on_leave("P", date(2026, 11, 15))


def test_leave_spans_keep_whole_rows_only() -> None:
    frame = pd.DataFrame(
        {
            "rep": ["P", "P", None],
            "start": pd.to_datetime(["2026-10-01", None, "2026-10-01"]),
            "end": pd.to_datetime(["2026-11-30", "2026-11-30", "2026-10-02"]),
            "reason": ["育休", None, None],
        }
    )
    assert leave_spans(frame) == (("P", date(2026, 10, 1), date(2026, 11, 30)),)


# --- the Daily list -------------------------------------------------------------------------

# FY2026 (April 2026 – March 2027). The rep sees A1 every Monday, A2 every Tuesday … A5 every
# Friday from 2026-04-06 to 2027-01-29 (43 weeks: 215 visits), then nothing in February.
# His visit target: 30 a month, 360 for the year. March 2027 has 22 working days (3/22 is the
# substitute holiday for 3/21); 3/8 – 3/31 holds 17 of them.
AS_OF = date(2027, 3, 5)
START = date(2027, 3, 8)
DONE = 43 * 5
FEB = ("P", date(2027, 2, 1), date(2027, 2, 28))
MID_MARCH = ("P", date(2027, 3, 15), date(2027, 3, 19))


def _weekly_history() -> History:
    first = date(2026, 4, 6)
    visits = [
        {"date": pd.Timestamp(first + timedelta(days=7 * w + d)), "rep": "P",
         "account": f"A{d + 1}", "kind": "visit", "outcome": None}
        for w in range(43)
        for d in range(5)
    ]  # fmt: skip
    orders = pd.DataFrame(
        {
            "date": pd.to_datetime(["2026-05-11"] * 5),
            "account": [f"A{i}" for i in range(1, 6)],
            "rep": "P",
            "amount": 1000.0,
            "quantity": 1.0,
        }
    )
    return History(
        orders=orders,
        visits=pd.DataFrame(visits),
        accounts=accounts_frame([f"A{i}" for i in range(1, 6)], "P"),
    )


def _visit_targets() -> pd.DataFrame:
    months = fiscal_months(2026)
    rows = [(f"{m.year:04d}-{m.month:02d}", "P", "visits", 30.0) for m in months]
    rows.append(("FY2026", "P", "visits", 360.0))
    return pd.DataFrame(rows, columns=["period", "rep", "kpi", "target"])


def _daily(
    *leave: tuple[str, date, date],
    targets: pd.DataFrame | None = None,
    taken: dict[str, dict[str, float]] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    plan = plan_daily(
        _weekly_history(),
        _visit_targets() if targets is None else targets,
        calendar=BusinessCalendar(leave=leave),
        plan_year=2026,
        plan_months=fiscal_months(2026),
        as_of=AS_OF,
        reps=["P"],
        days=10,
        start=START,
        taken=taken,
    )
    return plan.days, plan.stops


def test_after_a_leave_the_daily_pace_counts_only_what_is_left_of_his_own_days() -> None:
    """Without the Leave sheet the 145 visits left (360 − 215) are asked of 17 days; with
    February on leave its 30 are not asked: (360 − 30 − 215) / 17 = 6.76 a day."""
    days, _ = _daily()
    assert days["pace_visits"].iloc[0] == pytest.approx((360 - DONE) / 17)
    days, _ = _daily(FEB)
    assert days["pace_visits"].iloc[0] == pytest.approx((360 - 30 - DONE) / 17)
    assert not days["leave"].any()


def test_no_stop_is_planned_on_a_leave_day_and_the_pace_skips_those_days() -> None:
    """Leave 3/15–3/19: those five list days are off (``leave``) with no stop; the pace is
    spread over the 12 days he is at work, without the 30 × 5/22 his March target puts on
    the leave, nor February's 30."""
    days, stops = _daily(FEB, MID_MARCH)
    leave_days = [START + timedelta(days=d) for d in range(7, 12)]
    on_leave = days[days["leave"].astype(bool)]
    assert on_leave["date"].tolist() == leave_days
    assert on_leave["off"].all() and (on_leave["visits"] == 0).all()
    assert on_leave["pace_visits"].isna().all()
    assert not stops["date"].isin(leave_days).any()
    assert len(stops[stops["kind"] == "visit"]) > 0  # the other days do have stops
    left = 360 - 30 - 30 * 5 / 22 - DONE
    assert days["pace_visits"].iloc[0] == pytest.approx(left / 12)


# --- a taker serving a departed colleague's book (trial 18 #12) -----------------------------


def test_taken_shares_split_a_departed_reps_accounts_among_his_takers() -> None:
    taken_over = [
        ("a1", "T", "D", None),
        ("a2", "T", "D", date(2026, 10, 1)),
        ("a3", "U", "D", None),
        ("a4", "T", "X", None),  # X is still at work: his targets stay his to work on
    ]
    assert taken_shares(taken_over, {"D"}) == {"T": {"D": 2 / 3}, "U": {"D": 1 / 3}}


def test_a_takers_pace_carries_his_share_of_the_departed_reps_rest_of_year() -> None:
    """P took half of D's accounts. D's visit target is 30 a month; from 3/8 March has 17 of
    its 22 working days left: D's book counts on 30 × 17/22 more visits, half of them P's."""
    targets = _visit_targets()
    gone = targets[targets["period"] != "FY2026"].assign(rep="D")
    both = pd.concat([targets, gone], ignore_index=True)
    days, _ = _daily(targets=both, taken={"P": {"D": 0.5}})
    assert days["pace_visits"].iloc[0] == pytest.approx((360 - DONE + 0.5 * 30 * 17 / 22) / 17)
    days, _ = _daily(targets=both)  # without the handover: his own target only
    assert days["pace_visits"].iloc[0] == pytest.approx((360 - DONE) / 17)


# --- Attainment and Flags -------------------------------------------------------------------

N_MONTHS = 27  # 2023-04 … 2025-06
HISTORY_MONTHS = pd.period_range("2023-04", periods=N_MONTHS, freq="M")
RUN_AS_OF = date(2025, 6, 30)


def _monthly(prices: dict[str, list[float]], no_visits: dict[str, list[int]]) -> History:
    """Ten accounts a rep, one order (the month's price) and one visit each on the 10th of
    every month; ``no_visits[rep]``: months (indexes) with no visits of his."""
    orders, visits, accounts = [], [], []
    for rep, path in prices.items():
        names = [f"{rep}{i:02d}" for i in range(10)]
        for m, month in enumerate(HISTORY_MONTHS):
            day = month.start_time + pd.Timedelta(days=9)
            for name in names:
                orders.append((day, name, rep, path[m], 1.0))
                if m not in no_visits.get(rep, []):
                    visits.append((day, rep, name, "visit", None))
        accounts += [(n, n, rep, pd.Timestamp("2020-01-01"), pd.NaT) for n in names]
    return History(
        orders=pd.DataFrame(orders, columns=["date", "account", "rep", "amount", "quantity"]),
        visits=pd.DataFrame(visits, columns=["date", "rep", "account", "kind", "outcome"]),
        accounts=pd.DataFrame(accounts, columns=["account", "name", "rep", "start", "end"]),
    )


def _with_leave(history: History, *spans: tuple[str, str, str]) -> History:
    leave = pd.DataFrame(
        [(r, pd.Timestamp(a), pd.Timestamp(b), "") for r, a, b in spans],
        columns=["rep", "start", "end", "reason"],
    )
    return History(history.orders, history.visits, history.accounts, leave=leave)


def _run(history: History) -> Result:
    return run(history, PlanSettings(kgi=2_700.0 * 12, plan_year=2025, as_of=RUN_AS_OF))


def _fy(result: Result, rep: str, kpi: str) -> pd.Series:
    a = result.attainment
    return a[(a["period"] == "FY2025") & (a["rep"] == rep) & (a["kpi"] == kpi)].iloc[0]


def _target(result: Result, period: str, rep: str, kpi: str) -> float:
    t = result.targets
    hit = t[(t["period"] == period) & (t["rep"] == rep) & (t["kpi"] == kpi)]
    return float(hit["target"].iloc[0])


@pytest.fixture(scope="module")
def june_away() -> tuple[Result, Result]:
    """Rep A makes no visits in June 2025 (his accounts order as usual); B works. Run as of
    2025-06-30 without and with A's leave 6/1–6/30 typed."""
    history = _monthly({"A": [100.0] * N_MONTHS, "B": [100.0] * N_MONTHS}, {"A": [26]})
    return _run(history), _run(_with_leave(history, ("A", "2025-06-01", "2025-06-30")))


def test_attainment_due_to_date_leaves_the_leave_out(june_away: tuple[Result, Result]) -> None:
    """Visits: April and May are due on the target's shape, June not at all (A made none).
    Revenue: April's and May's targets, and June as booked while he was away (10 × 100)."""
    without, with_leave = june_away
    shape = with_leave.evidence.seasonality
    visits = _fy(with_leave, "A", "visits")
    assert visits["target_to_date"] == pytest.approx(visits["target"] * (shape[0] + shape[1]))
    assert visits["actual"] == 20
    revenue = _fy(with_leave, "A", "revenue")
    due = _target(with_leave, "2025-04", "A", "revenue") + _target(
        with_leave, "2025-05", "A", "revenue"
    )
    assert revenue["target_to_date"] == pytest.approx(due + 1000.0)
    june = with_leave.attainment
    june = june[(june["period"] == "2025-06") & (june["rep"] == "A") & (june["kpi"] == "visits")]
    assert june["target_to_date"].iloc[0] == 0.0 and np.isnan(june["pace"].iloc[0])
    # Without the Leave sheet June's visits are due: a third of them missing.
    before = _fy(without, "A", "visits")
    assert before["target_to_date"] == pytest.approx(
        before["target"] * (shape[0] + shape[1] + shape[2])
    )
    # The colleague is judged as before.
    assert _fy(with_leave, "B", "visits")["target_to_date"] == pytest.approx(
        _fy(without, "B", "visits")["target_to_date"]
    )


def test_no_behind_pace_flag_from_a_month_on_leave(june_away: tuple[Result, Result]) -> None:
    without, with_leave = june_away

    def behind(result: Result) -> list[tuple[str, str]]:
        f = result.flags[result.flags["code"] == "behind_pace"]
        return sorted(zip(f["rep"], f["kpi"], strict=True))

    assert ("A", "visits") in behind(without)  # 20 of about 30 due: under 90%
    # The team's target stays whole: June's visits nobody made are still the team's gap.
    assert behind(with_leave) == [("ALL", "visits")]
    assert ("ALL", "visits") in behind(without)


def test_the_unit_price_decline_is_judged_without_the_months_on_leave() -> None:
    """A's price falls 100 → 97 → 94 → 91 over 2025-03 … 06 (critical: a streak and −6% on
    last year). On leave April – June, his months worked end in March at 100: no flag."""
    history = _monthly({"A": [100.0] * 23 + [100.0, 97.0, 94.0, 91.0], "B": [100.0] * 27}, {})
    flags = _run(history).flags
    hit = flags[(flags["code"] == "unit_price_declining") & (flags["rep"] == "A")]
    assert hit["severity"].tolist() == ["critical"]
    flags = _run(_with_leave(history, ("A", "2025-04-01", "2025-06-30"))).flags
    assert not ((flags["code"] == "unit_price_declining") & (flags["rep"] == "A")).any()


# --- the Leave sheet: validation ------------------------------------------------------------


def _sheets(leave_rows: list[list[object]] | None) -> dict[str, RawSheet | None]:
    orders = [["受注日", "顧客コード", "担当者", "金額"]] + [
        [f"2026/{m}/10", "C1", "林大輔", 1000] for m in range(1, 11)
    ]
    visits = [["訪問日", "担当者", "顧客コード", "種別"]] + [
        [f"2026/{m}/10", "林大輔", "C1", "訪問"] for m in range(1, 11)
    ]
    accounts = [["顧客コード", "担当者", "取引開始日"], ["C1", "林大輔", "2020/1/1"]]
    sheets: dict[str, RawSheet | None] = {s.name: None for s in INPUT_SHEETS}
    sheets["Orders"] = RawSheet("Orders", orders)
    sheets["Visits"] = RawSheet("Visits", visits)
    sheets["Accounts"] = RawSheet("Accounts", accounts)
    if leave_rows is not None:
        sheets["Leave"] = RawSheet(
            "休暇・不在", [["担当者", "開始日", "終了日", "理由"], *leave_rows]
        )
    return sheets


def test_bad_leave_rows_are_checks_naming_sheet_row_and_column() -> None:
    inputs = validate_inputs(
        _sheets(
            [
                ["林大輔", "2026/10/1", "2026/11/30", "長期休暇"],  # row 2: used
                ["林大輔", "2026/12/20", "2026/12/10", ""],  # row 3: ends before it starts
                ["林 大助", "2026/12/1", "2026/12/5", ""],  # row 4: no such rep
                ["林大輔", "2026/13/1", "2026/12/5", ""],  # row 5: no such date
            ]
        ),
        date(2026, 10, 31),
        today=date(2026, 12, 3),
    )
    got = [
        (c.sheet, c.row, c.column, c.problem, c.severity)
        for c in inputs.checks
        if c.sheet == LEAVE.name
    ]
    assert ("Leave", 3, "C 終了日", "leave_end_before_start", "error") in got
    assert ("Leave", 4, "A 担当者", "leave_unknown_rep", "error") in got
    assert ("Leave", 5, "B 開始日", "impossible_date", "error") in got
    assert ("Leave", 2, "", "leave_used", "info") in got
    used = next(c for c in inputs.checks if c.problem == "leave_used")
    # 10/1–11/30: 22 + 19 working days less 10/12 (Sports Day) and 11/3, 11/23: 40.
    assert used.params == {
        "rep": "林大輔",
        "start": "2026-10-01",
        "end": "2026-11-30",
        "days": 40,
        "end_column": "C 終了日",  # where a doubtful end would be pointed at (trial 28 M5)
    }
    leave = inputs.history.leave
    assert leave[["rep", "reason"]].values.tolist() == [["林大輔", "長期休暇"]]
    assert leave["start"].iloc[0] == pd.Timestamp("2026-10-01")


def test_a_book_without_a_leave_sheet_is_not_told_it_is_missing() -> None:
    inputs = validate_inputs(_sheets(None), date(2026, 10, 31), today=date(2026, 12, 3))
    assert not [c for c in inputs.checks if c.sheet == LEAVE.name]
    assert inputs.history.leave.empty


# --- a workbook with a Leave sheet, written and read back -----------------------------------


def test_a_leave_sheet_typed_in_a_book_empties_his_daily_days(
    sample_book: Path, tmp_path: Path
) -> None:
    """The sample book plans on 2026-10-31 (a Saturday): its Daily list starts on Monday
    11/2. Sato on leave 11/2–11/6: his four list days of it (11/3 is Culture Day) read
    休暇・不在 with no stop."""
    book = tmp_path / "leave.xlsm"
    shutil.copyfile(sample_book, book)
    wb = openpyxl.load_workbook(book, keep_vba=True)
    ws = wb["Leave"]  # new books have the sheet (the template's header row, an empty table)
    # 代行者: who covers (optional, core.daily.declared_covers); left blank here.
    assert [c.value for c in ws[1]] == ["担当者", "開始日", "終了日", "理由", "代行者"]
    for col, value in enumerate(["Sato", date(2026, 11, 2), date(2026, 11, 6), "育休"], 1):
        ws.cell(2, col, value)
    wb.save(book)
    report = recalculate(book, today=date(2026, 11, 1))
    assert report.result.evidence.calendar.leave == (
        ("Sato", date(2026, 11, 2), date(2026, 11, 6)),
    )
    assert [c.problem for c in report.checks if c.sheet == LEAVE.name] == ["leave_used"]
    daily = openpyxl.load_workbook(book, read_only=True)["Daily"]
    rows = [[c for c in r] for r in daily.iter_rows(values_only=True)]
    sato = [r for r in rows if "Sato" in r]
    on_leave = [
        r for r in sato if any(isinstance(c, str) and c.startswith("休暇・不在") for c in r)
    ]
    assert [r[1].day for r in on_leave] == [2, 4, 5, 6]
    stops = report.result.daily.stops
    mine = stops[(stops["rep"] == "Sato") & (stops["kind"] == "visit")]
    assert not mine["date"].between(date(2026, 11, 2), date(2026, 11, 6)).any()
    assert len(mine) > 0


# --- next year's plan: visit ratios on the months at work (trial 20, finding 5) -------------

# FY2025 planned on 2025-03-31: the baseline is 2024-04 … 2025-03. A and B hold 10 accounts
# each; every account orders once (100) and is visited once a month. A is on leave
# 2024-10-01 … 2024-12-31 (months 18-20 of the history) and makes no visit then; his
# accounts keep ordering. Baseline revenue 2 × 10 × 12 × 100 = 24,000; KGI +5%.
AUTUMN = [18, 19, 20]
PLAN_KGI = 25_200.0


def _plan(history: History) -> Result:
    return run(history, PlanSettings(kgi=PLAN_KGI, plan_year=2025, as_of=date(2025, 3, 31)))


def _with_cover(history: History, per_month: int) -> History:
    """B also visits ``per_month`` of A's accounts in each month of A's leave (the 15th)."""
    extra = [
        (HISTORY_MONTHS[m].start_time + pd.Timedelta(days=14), "B", f"A{i:02d}", "visit", None)
        for m in AUTUMN
        for i in range(per_month)
    ]
    visits = pd.concat([history.visits, pd.DataFrame(extra, columns=history.visits.columns)])
    return History(history.orders, visits.reset_index(drop=True), history.accounts)


@pytest.fixture(scope="module")
def autumn_away() -> tuple[Result, Result]:
    """Without and with A's leave (and B's 5 cover visits a month to A's accounts)."""
    history = _with_cover(
        _monthly({"A": [100.0] * N_MONTHS, "B": [100.0] * N_MONTHS}, {"A": AUTUMN}), 5
    )
    return _plan(history), _plan(_with_leave(history, ("A", "2024-10-01", "2024-12-31")))


def test_a_reps_visit_ratios_are_measured_on_the_months_he_worked(
    autumn_away: tuple[Result, Result],
) -> None:
    """Without the Leave row A's visit frequency is 90 visits ÷ 120 account-months = 0.75 and
    his orders per visit 120 ÷ 90; B's 135 ÷ 120 (his 15 cover visits in). With it: A's is
    90 ÷ 90 = 1.0 on his 9 months at work, orders per visit 1.0 (the year's orders per account,
    1.0, ÷ 1.0), his visits a year of them (120); B's cover visits are A's: 120 ÷ 120 = 1.0."""
    without, with_leave = autumn_away
    old, new = without.evidence.base, with_leave.evidence.base
    assert old.at["A", "visits_per_account"] == pytest.approx(0.75)
    assert old.at["A", "orders_per_visit"] == pytest.approx(120 / 90)
    assert old.at["B", "visits_per_account"] == pytest.approx(135 / 120)
    assert new.at["A", "visits_per_account"] == pytest.approx(1.0)
    assert new.at["A", "orders_per_visit"] == pytest.approx(1.0)
    assert new.at["A", "visits"] == pytest.approx(120.0)
    assert new.at["B", "visits_per_account"] == pytest.approx(1.0)
    assert new.at["B", "orders_per_visit"] == pytest.approx(1.0)
    assert new.at["ALL", "visits"] == pytest.approx(240.0)
    # The stock levers keep the whole year.
    for key in ("active_accounts", "unit_price", "revenue"):
        assert new.at["A", key] == pytest.approx(old.at["A", key])
    # His target is his at-work rate × his uplift, not the diluted 0.75 × it.
    plan = with_leave.plan
    uplift = plan.lever_uplift.at["A", "visits_per_account"]
    assert plan.fy.at["A", "visits_per_account"] == pytest.approx(1.0 * uplift)
    # The targets still multiply back, rep by rep, to the KGI.
    fy = plan.fy.loc[["A", "B"]]
    product = fy["active_accounts"] * fy["visits_per_account"] * 12 * fy["orders_per_visit"]
    assert (product * fy["unit_price"]).to_numpy() == pytest.approx(fy["revenue"].to_numpy())
    assert fy["revenue"].sum() == pytest.approx(PLAN_KGI)
    notes = {n.code: dict(n.params) for n in with_leave.notes}
    # Oct–Dec 2024: 23 weekdays less 10/14, 21 less 11/4 (11/23 is a Saturday), 22: 64 days.
    # B visits every account once a month: a flat season, the 9 months 9/12 of the year.
    want = {"rep": "A", "days": 64, "months": 3, "share": "75.0%"}
    assert notes["leave_at_work_season"] == want
    # His leave months are left out with their cover visits (trial 50 H5: not both rules).
    assert notes["leave_cover_visits_apart"] == {"visitor": "B", "holder": "A", "visits": 15}
    assert "leave_at_work_season" not in {n.code for n in without.notes}


def test_a_compact_history_counts_the_cover_as_the_rows_do(
    autumn_away: tuple[Result, Result],
) -> None:
    """The same history summed (core.compact, what a book read through Sources reaches the
    engine as) gives the same at-work ratios and cover: its ``cover_months`` carry B's 15."""
    _, with_leave = autumn_away
    history = _with_leave(
        _with_cover(_monthly({"A": [100.0] * N_MONTHS, "B": [100.0] * N_MONTHS}, {"A": AUTUMN}), 5),
        ("A", "2024-10-01", "2024-12-31"),
    )
    compact = compact_history(history, date(2025, 3, 31))
    assert compact.facts is not None and compact.facts.cover_months is not None
    assert compact.facts.cover_months["visits"].tolist() == [5.0, 5.0, 5.0]
    got = _plan(compact).evidence.base
    cols = ["visits", "visits_per_account", "orders_per_visit"]
    pd.testing.assert_frame_equal(got[cols], with_leave.evidence.base[cols])


def test_cover_visits_in_sql_give_the_pandas_counts() -> None:
    """cover_visits.sql on DuckDB counts what ``cover_months_of`` counts from the rows: only
    visits (not meetings) by another rep, on the holder's leave days, up to the as-of date."""
    day = pd.Timestamp
    visits = pd.DataFrame(
        [
            (day("2024-09-30"), "B", "A01", "visit", None),  # the day before the leave
            (day("2024-10-01"), "B", "A01", "visit", None),
            (day("2024-10-31"), "B", "A02", "visit", None),
            (day("2024-11-05"), "B", "A02", "meeting", None),  # not a visit
            (day("2024-11-06"), "C", "A03", "visit", None),
            (day("2024-11-07"), "A", "A03", "visit", None),  # his own
            (day("2024-11-08"), "B", "B01", "visit", None),  # B's own account
            (day("2024-12-31"), "B", "A01", "visit", None),  # the leave's last day
            (day("2025-01-02"), "B", "A01", "visit", None),  # after it
        ],
        columns=["date", "rep", "account", "kind", "outcome"],
    )
    accounts = pd.DataFrame(
        [("A01", "A"), ("A02", "A"), ("A03", "A"), ("B01", "B")], columns=["account", "rep"]
    )
    leave = pd.DataFrame(
        [("A", day("2024-10-01"), day("2024-12-31"), "育休")],
        columns=["rep", "start", "end", "reason"],
    )
    as_of = date(2024, 12, 31)
    want = cover_months_of(visits, accounts, leave_spans(leave), as_of)
    assert list(zip(want["visitor"], want["month"].astype(str), want["visits"], strict=True)) == [
        ("B", "2024-10", 2.0),
        ("B", "2024-12", 1.0),
        ("C", "2024-11", 1.0),
    ]
    con = duckdb.connect()
    con.register("v_df", visits)
    con.execute(
        "CREATE VIEW visits AS SELECT CAST(date AS DATE) AS date, rep, account, kind, outcome "
        "FROM v_df"
    )
    facts = compact_history(_monthly({"A": [100.0] * N_MONTHS}, {}), as_of).facts
    assert facts is not None and facts.any_visit
    got = with_cover_months(
        facts, lambda sql: con.execute(sql).df(), con.register, accounts, leave
    ).cover_months
    assert got is not None
    pd.testing.assert_frame_equal(got, want)


def test_a_leave_row_left_out_that_names_a_cover_is_critical() -> None:
    """Trial 45 M9: a 育休 row whose end is typed 6/31 is left out; it names a cover, so the
    cover's orders on the absent rep's accounts stay the cover's (targets move between two
    reps): the sheet's line is critical and names the row with the cover. A row left out
    without a cover (row 4) is named among the rows only."""
    sheets = _sheets(None)
    sheets["Leave"] = RawSheet(
        "休暇・不在",
        [
            ["担当者", "開始日", "終了日", "理由", "代行者"],
            ["林大輔", "2026/1/5", "2026/1/9", "", ""],  # row 2: used
            ["林大輔", "2026/3/1", "2026/6/31", "育休", "林大輔"],  # row 3: no such date
            ["林大輔", "2026/13/1", "2026/12/5", "", ""],  # row 4: no such date, no cover
        ],
    )
    inputs = validate_inputs(sheets, date(2026, 10, 31), today=date(2026, 12, 3))
    (line,) = [c for c in inputs.checks if c.problem.startswith("leave_rows_skipped")]
    assert (line.problem, line.severity) == ("leave_rows_skipped_cover", "critical")
    assert (line.params["rows"], line.params["covered"]) == ("3, 4", "3")
    said = text(line.problem, "ja", **line.params)
    assert said.startswith("休暇・不在シートの 3, 4 行目を使用しませんでした")
    assert "3 行目には代行者が入力されています" in said
