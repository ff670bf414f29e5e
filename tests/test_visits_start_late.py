"""Visit records that begin after the orders (an SFA introduced later: levers.visits_start).

Every history here: three reps with six accounts each; every account orders on the 5th and the
20th of every month from April 2022 to March 2025 (36 months, ¥1,000 an order) and is visited
on the 3rd, 12th and 22nd of every month from August 2023 (the last 20 months): steady
visiting, 3 visits per account a month, 2 orders per 3 visits. The plan year is FY2025
(April 2025 – March 2026), its baseline FY2024 (April 2024 – March 2025), wholly inside the
visit records. Trial 22 read such a start as visit frequency +67% a year and a ceiling of
89 visits per account a month.
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from routekpi.core.baselines import Evidence, build_evidence
from routekpi.core.compact import compact_history
from routekpi.core.history import History, PlanSettings
from routekpi.core.levers import visits_start
from routekpi.core.measure import TEAM
from routekpi.messages import text
from routekpi.recalc import recalculate
from routekpi.schema import CHECKS, PLAN
from tests.workbook_files import fold_checks, history_book, sheet_text

FIRST = pd.Period("2022-04", freq="M")
MONTHS = 36
REPS = ("A", "B", "C")
AS_OF = date(2025, 3, 31)
VISITS_FROM = pd.Period("2023-08", freq="M")


def _history(
    visits_from: pd.Period = VISITS_FROM, first_days: tuple[int, ...] = (), months: int = MONTHS
) -> History:
    """``first_days``: the days visited in the first visit month (default all three);
    ``months``: of orders and visits from April 2022."""
    orders, visits, accounts = [], [], []
    for rep in REPS:
        for i in range(6):
            acc = f"{rep}{i}"
            accounts.append((acc, acc, rep, FIRST.start_time, pd.NaT))
            for m in range(months):
                month = FIRST + m
                for day in (5, 20):
                    orders.append(
                        (month.start_time + pd.Timedelta(days=day - 1), acc, rep, 1000.0, 1)
                    )
                if month < visits_from:
                    continue
                days = first_days if month == visits_from and first_days else (3, 12, 22)
                for day in days:
                    stamp = month.start_time + pd.Timedelta(days=day - 1)
                    visits.append((stamp, rep, acc, "visit", None))
    o = pd.DataFrame(orders, columns=["date", "account", "rep", "amount", "quantity"])
    v = pd.DataFrame(visits, columns=["date", "rep", "account", "kind", "outcome"])
    a = pd.DataFrame(accounts, columns=["account", "name", "rep", "start", "end"])
    return History(orders=o, visits=v, accounts=a)


def _settings(plan_year: int = 2025, as_of: date = AS_OF) -> PlanSettings:
    return PlanSettings(kgi=1.0, plan_year=plan_year, as_of=as_of)


def _notes(ev: Evidence) -> dict[str, dict[str, object]]:
    return {n.code: dict(n.params) for n in ev.notes}


def test_the_months_before_the_first_visit_are_no_visit_growth() -> None:
    """No window of 12 months from August 2023 has a year before it inside the records (the
    first would end in July 2025): visit frequency and orders per visit have no
    year-on-year change, so no trend (0) and no ceiling from changes. Their ceilings are the
    company's rep-month levels (90th percentile): every rep-month visits each account 3
    times and takes 2 orders per 3 visits, so the ceilings are the baselines themselves.
    Before, the window to March 2025 (12 months of visits) against the one to March 2024
    (8) read visit frequency ×1.5, and the largest such change (×12, a window with one
    month of visits) was its ceiling: 36 visits per account a month."""
    ev = build_evidence(_history(), _settings())
    assert ev.has_visits
    assert ev.levers == ("active_accounts", "visits_per_account", "orders_per_visit", "unit_price")
    assert ev.base.at[TEAM, "visits_per_account"] == pytest.approx(3.0)
    assert ev.base.at[TEAM, "orders_per_visit"] == pytest.approx(2 / 3)
    lev = ev.lever_evidence
    assert lev is not None
    for key in ("visits_per_account", "orders_per_visit"):
        assert lev.changes[key].isna().all()
        assert ev.trend.at[TEAM, key] == 0.0
        assert np.isnan(lev.high[key]) and np.isnan(lev.team_spread[key])
        assert ev.ceiling.at[TEAM, key] == pytest.approx(float(ev.base.at[TEAM, key]))
    # The levers on orders alone keep their changes from 2023-03 on (24 months of orders).
    assert lev.changes.xs(TEAM, level="rep")["unit_price"].notna().sum() == 13
    assert _notes(ev)["visits_start_late"] == {
        "first": "2023-08",
        "orders": "2022-04",
        "from": "2023-08",
    }
    said = text("visits_start_late", "ja", **_notes(ev)["visits_start_late"])
    assert said.startswith("訪問の記録は 2023-08 から(受注は 2022-04 から)です。")
    assert "no_visits" not in _notes(ev)


def test_a_longer_record_reads_its_changes_only_inside_it() -> None:
    """Planning FY2026 on 2026-03-31 with the same world run on a year (orders from April
    2022, visits from August 2023, both to March 2026): the first clear window end is July
    2025 (the window to July 2024 starts in August 2023), so the changes run July 2025 …
    March 2026 (9), every one 0 (steady visiting): the trend is 0, not the +x% the months
    without records gave."""
    long = _history(months=48)
    ev = build_evidence(long, _settings(2026, date(2026, 3, 31)))
    changes = ev.lever_evidence.changes.xs(TEAM, level="rep")["visits_per_account"].dropna()
    assert list(map(str, changes.index)) == [f"2025-{m:02d}" for m in range(7, 13)] + [
        f"2026-{m:02d}" for m in range(1, 4)
    ]
    assert np.abs(changes.to_numpy()).max() < 1e-12
    assert ev.trend.at[TEAM, "visits_per_account"] == pytest.approx(0.0, abs=1e-12)
    # 3 reps × 9 window ends, all 0: the ceiling from changes holds the level (×1).
    assert ev.ceiling.at[TEAM, "visits_per_account"] == pytest.approx(3.0)


def test_the_compact_history_gives_the_same_plan_as_the_rows() -> None:
    rows = build_evidence(_history(), _settings())
    compact = build_evidence(compact_history(_history(), AS_OF), _settings())
    assert _notes(compact)["visits_start_late"] == _notes(rows)["visits_start_late"]
    pd.testing.assert_frame_equal(rows.trend, compact.trend)
    pd.testing.assert_frame_equal(rows.ceiling, compact.ceiling)
    pd.testing.assert_frame_equal(rows.lever_evidence.changes, compact.lever_evidence.changes)


def test_a_baseline_only_partly_inside_the_records_is_planned_without_visits() -> None:
    """FY2024 planned on 2024-03-31: its baseline April 2023 – March 2024 has visits in 8 of
    its 12 months (from August). Visit frequency would read 3 × 8 ÷ 12 = 2 a month and
    orders per visit 24 ÷ 16 = 1.5 (not 2 ÷ 3): the tree without visits, as for a history
    without visits (2 orders per account a month), and the Plan says why."""
    ev = build_evidence(_history(), _settings(2024, date(2024, 3, 31)))
    assert not ev.has_visits
    assert ev.levers == ("active_accounts", "orders_per_account", "unit_price")
    notes = _notes(ev)
    assert "no_visits" not in notes and "visits_start_late" not in notes
    assert notes["visits_start_in_baseline"] == {
        "first": "2023-08",
        "orders": "2022-04",
        "from": "2023-08",
        "base_first": "2023-04",
        "base_last": "2024-03",
    }
    assert ev.base.at[TEAM, "orders_per_account"] == pytest.approx(2.0)


def test_a_partial_first_month_of_records_is_not_counted() -> None:
    """The SFA went live on 22 August: one visit per account that month against 3 after
    (under half), so the records count from September."""
    history = _history(first_days=(22,))
    ev = build_evidence(history, _settings())
    assert _notes(ev)["visits_start_late"] == {
        "first": "2023-08",
        "orders": "2022-04",
        "from": "2023-09",
    }


def test_visits_that_start_with_the_orders_change_nothing() -> None:
    """Visits from April 2022 too: no start to guard, every window counts as before."""
    history = _history(visits_from=FIRST)
    ev = build_evidence(history, _settings())
    assert visits_start(ev.facts) is None
    assert "visits_start_late" not in _notes(ev)
    changes = ev.lever_evidence.changes.xs(TEAM, level="rep")["visits_per_account"]
    assert changes.notna().sum() == 13  # window ends 2024-03 … 2025-03
    assert math.isclose(float(ev.trend.at[TEAM, "visits_per_account"]), 0.0, abs_tol=1e-12)


def _book(path: Path) -> Path:
    """The 20 months of visits as a workbook (language ja); KGI = +12% on FY2024."""
    return history_book(
        path,
        _history(),
        accounts=[f"{r}{i}" for r in REPS for i in range(6)],
        account_start=date(2022, 4, 1),
        kgi=18 * 24 * 1000 * 1.12,
        plan_year=2025,
        as_of=AS_OF,
    )


def test_the_plan_and_checks_say_when_the_visit_records_begin(tmp_path: Path) -> None:
    path = _book(tmp_path / "late.xlsm")
    recalculate(path)
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    said = text("visits_start_late", "ja", first="2023-08", orders="2022-04", **{"from": "2023-08"})
    plan_text = sheet_text(wb, PLAN)
    assert said in plan_text
    checks_sheet = CHECKS.ja if CHECKS.ja in wb.sheetnames else CHECKS.name
    rows = fold_checks([list(r) for r in wb[checks_sheet].iter_rows(values_only=True)][1:])
    assert sum(said in str(r[4]) or said in str(r[3]) for r in rows) == 1
