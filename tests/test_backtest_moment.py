"""The backtest's planning day: the workbook's own planning moment moved back to the year.

A manager who plans FY2027 on 2026-11-30 asks how good the targets would have been had FY2025
been planned the same way, on 2024-11-30, with the last four months of FY2024 not yet in.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from routekpi.cli import main
from routekpi.core.backtest import backtest, planning_moment, shift_years
from routekpi.core.baselines import build_evidence
from routekpi.core.history import History, PlanSettings
from routekpi.sample import generate_sample
from tests.test_backtest import tiny_workbook


@pytest.mark.parametrize(
    "day, years, moved",
    [
        (date(2026, 11, 30), 2, date(2024, 11, 30)),
        (date(2026, 11, 15), 1, date(2025, 11, 15)),
        # The last day of February stays the last day, both ways.
        (date(2028, 2, 29), 1, date(2027, 2, 28)),
        (date(2027, 2, 28), 3, date(2024, 2, 29)),
        # Any other February day is that day.
        (date(2027, 2, 27), 3, date(2024, 2, 27)),
        (date(2024, 2, 28), 4, date(2020, 2, 28)),
        (date(2024, 2, 28), 1, date(2023, 2, 28)),
    ],
)
def test_shift_years(day: date, years: int, moved: date) -> None:
    assert shift_years(day, years) == moved


@pytest.mark.parametrize(
    "as_of, plan_year, fsm, year, moment",
    [
        # April start: FY2027 = 2027-04 … 2028-03. Planned on 2026-11-30, before it starts.
        (date(2026, 11, 30), 2027, 4, 2025, date(2024, 11, 30)),
        (date(2026, 11, 30), 2027, 4, 2026, date(2025, 11, 30)),
        # The as-of date inside the plan year (tracking, the demo's 2026-10-31 in FY2026):
        # no earlier moment to copy, the eve (None).
        (date(2026, 10, 31), 2026, 4, 2025, None),
        (date(2027, 4, 1), 2027, 4, 2025, None),  # the first day is inside the year
        (date(2027, 3, 31), 2027, 4, 2025, date(2025, 3, 31)),  # the eve moves to the eve
        # January start: FY2025 = 2025-01 … 2025-12.
        (date(2024, 11, 30), 2025, 1, 2023, date(2022, 11, 30)),
        (date(2025, 1, 1), 2025, 1, 2023, None),
        (date(2024, 9, 30), 2025, 1, 2024, date(2023, 9, 30)),
        # Feb 29: April start, FY2028 planned on 2028-02-29 (a leap day, the month's end).
        (date(2028, 2, 29), 2028, 4, 2027, date(2027, 2, 28)),
        (date(2028, 2, 29), 2028, 4, 2024, date(2024, 2, 29)),
        # January start: 2028-02-29 is inside FY2028.
        (date(2028, 2, 29), 2028, 1, 2026, None),
        # More than a year before the plan year (a PlanYear left over): no moment, the eve;
        # a year before to the day still is one.
        (date(2023, 6, 30), 2026, 1, 2023, None),
        (date(2026, 3, 31), 2027, 4, 2025, None),
        (date(2026, 4, 1), 2027, 4, 2025, date(2024, 4, 1)),
        # No as-of or no plan year: the eve.
        (None, 2027, 4, 2025, None),
        (date(2026, 11, 30), None, 4, 2025, None),
    ],
)
def test_planning_moment(
    as_of: date | None, plan_year: int | None, fsm: int, year: int, moment: date | None
) -> None:
    assert planning_moment(as_of, plan_year, year, fsm) == moment


def test_a_moment_months_before_the_year_on_the_sample_history() -> None:
    """FY2025 planned on 2024-11-30 (April start): the engine's baseline is the last 12
    complete months, 2023-12 … 2024-11, carried over the 4 months to 2025-04; what happened
    in FY2025 is the same as when it is planned on its eve."""
    s = generate_sample(as_of="2026-11-30", plan_year=2027)
    h = History(s.orders, s.visits, s.accounts, s.holidays)
    settings = PlanSettings(kgi=1.0, plan_year=2027, as_of=date(2026, 11, 30))
    day = planning_moment(date(2026, 11, 30), 2027, 2025, 4)
    assert day == date(2024, 11, 30)
    moved = backtest(h, settings, 2025, planned_on=day)
    eve = backtest(h, settings, 2025)
    assert moved.plan_as_of == date(2024, 11, 30) and moved.plan_basis == "given"
    assert eve.plan_as_of == date(2025, 3, 31) and eve.plan_basis == "eve"
    # 2024-11-30 is a Saturday: November's last working day (29th) is in, Dec–Mar are not.
    assert moved.months_not_in == 4 and eve.months_not_in == 0
    trailing = next(n for n in moved.notes if n.code == "baseline_trailing")
    assert trailing.params == {
        "first": "2023-12",
        "last": "2024-11",
        "months": 12,
        "gap": 4,
        "plan": "FY2025",
    }
    assert not any(n.code == "baseline_trailing" for n in eve.notes)
    # The realised side does not depend on the planning day: same KGI, same values.
    assert moved.kgi == eve.kgi == moved.realised_revenue
    reps = moved.rows["rep"] != "ALL"
    assert (eve.rows["rep"] != "ALL").equals(reps)
    pd.testing.assert_series_equal(moved.rows["realised"][reps], eve.rows["realised"][reps])
    # (The team's ratios are the reps' values at the baseline's mix, so they move with the
    # baseline; its counts and yen do not. The team row is listed, never scored.)
    team = ~reps & moved.rows["kpi"].isin(["revenue", "orders", "visits", "new_accounts"])
    pd.testing.assert_series_equal(moved.rows["realised"][team], eve.rows["realised"][team])
    # The plan does: its baseline is the trailing year, not FY2024.
    assert moved.baseline_revenue != pytest.approx(eve.baseline_revenue)
    fy2024 = s.orders[(s.orders["date"] >= "2024-04-01") & (s.orders["date"] < "2025-04-01")]
    # FY2024 without the material accounts that ended in it (core.lost: the book kept).
    kept = build_evidence(h, PlanSettings(kgi=1.0, plan_year=2025, as_of=date(2025, 3, 31)))
    gone = fy2024["account"].isin({a.account for a in kept.lost})
    assert eve.baseline_revenue == pytest.approx(fy2024.loc[~gone, "amount"].sum())
    trailing12 = s.orders[(s.orders["date"] >= "2023-12-01") & (s.orders["date"] < "2024-12-01")]
    # Carried to the year's start by the trends and flows: near, not equal, to the 12 months.
    assert moved.baseline_revenue == pytest.approx(trailing12["amount"].sum(), rel=0.15)


def _json(book: Path, capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    capsys.readouterr()
    assert main(["backtest", str(book), *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_cli_plans_at_the_books_moment(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """tiny_history in a book planning FY2025 on 2024-09-30 (calendar years): FY2024 is planned
    on 2023-09-30, with October–December 2023 not yet in; compared over 2024-01 … 2024-09."""
    book = tiny_workbook(tmp_path / "tiny.xlsm", as_of=date(2024, 9, 30), plan_year=2025)
    doc = _json(book, capsys, "--year", "2024")
    assert doc["plan_as_of"] == "2023-09-30" and doc["plan_basis"] == "book"
    assert doc["book_as_of"] == "2024-09-30" and doc["book_plan_year"] == 2025
    assert doc["months_not_in"] == 3 and len(doc["months"]) == 9
    # What A did (120 a month, Jan–Sep) is the same whichever day the plan was made.
    rows = {(r["rep"], r["kpi"]): r for r in doc["rows"]}
    assert rows[("A", "revenue")]["realised"] == pytest.approx(9 * 120)
    eve = _json(book, capsys, "--year", "2024", "--planned-on", "2023-12-31")
    assert eve["plan_basis"] == "given" and eve["months_not_in"] == 0
    eve_rows = {(r["rep"], r["kpi"]): r for r in eve["rows"]}
    assert [r["realised"] for r in doc["rows"]] == [r["realised"] for r in eve["rows"]]
    assert eve_rows[("A", "revenue")]["realised"] == pytest.approx(1080)
    # --planned-on still wins over the book's moment.
    given = _json(book, capsys, "--year", "2024", "--planned-on", "2023-06-30")
    assert given["plan_as_of"] == "2023-06-30" and given["months_not_in"] == 6
    # The console says which day and why, in plain words.
    assert main(["backtest", str(book), "--year", "2024"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert (
        "Planned on 2023-09-30: this book plans FY2025 on 2024-09-30, before the year starts, "
        "so FY2024 is planned at the same point, 1 year earlier (the last 3 months of FY2023 "
        "not yet in, as for this book now)"
    ) in out


def test_cli_as_of_inside_the_plan_year_plans_on_the_eve(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """AsOf 2024-12-31 in a book planning FY2024 (tracking it): FY2024 is planned on
    2023-12-31, as before, and the console says why."""
    book = tiny_workbook(tmp_path / "tiny.xlsm", as_of=date(2024, 12, 31), plan_year=2024)
    doc = _json(book, capsys)
    assert doc["period"] == "FY2024" and doc["plan_as_of"] == "2023-12-31"
    assert doc["plan_basis"] == "eve" and doc["months_not_in"] == 0
    assert doc["kgi"] == pytest.approx(3840)  # test_full_year_by_hand
    assert main(["backtest", str(book)]) == 0
    assert (
        "Planned on 2023-12-31, the day before FY2024 starts (all of FY2023 known). This "
        "book's as-of date 2024-12-31 is already inside its plan year FY2024, so the plan is "
        "replayed at the last moment before the year"
    ) in capsys.readouterr().out.splitlines()


def test_cli_a_moment_before_the_history_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """AsOf 2024-12-31 planning FY2025: FY2023 moved back 2 years is 2022-12-31, before the
    history's first order (2023-01-15): one line naming the day."""
    book = tiny_workbook(tmp_path / "tiny.xlsm", as_of=date(2024, 12, 31), plan_year=2025)
    capsys.readouterr()
    assert main(["backtest", str(book), "--year", "2023"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "2022-12-31" in err[0] and "2023-01-15" in err[0]


def test_cli_an_as_of_years_before_the_plan_year_is_no_moment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """AsOf 2024-12-31 with PlanYear 2026 (left from the template): more than a year before
    FY2026 starts, so no planning moment: FY2024 on its eve, and the console says why."""
    book = tiny_workbook(tmp_path / "tiny.xlsm", as_of=date(2024, 12, 31), plan_year=2026)
    doc = _json(book, capsys)
    assert doc["plan_as_of"] == "2023-12-31" and doc["plan_basis"] == "eve"
    assert main(["backtest", str(book)]) == 0
    assert (
        "Planned on 2023-12-31, the day before FY2024 starts (all of FY2023 known). This "
        "book's as-of date 2024-12-31 is more than a year before its plan year FY2026 starts, "
        "so it is not taken as the planning moment (check the PlanYear setting)"
    ) in capsys.readouterr().out.splitlines()
