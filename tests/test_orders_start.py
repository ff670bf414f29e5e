"""Order records that begin after the visit records (an order export trimmed to fit a sheet,
the SFA's whole log kept: core.orders_start, trial 23's H0).

Every history here: three reps with six accounts each (an Accounts sheet, all live since
2021-04). Each account orders on the 5th and 20th of every month from April 2024 (X) to
March 2026, ¥1,000 an order in FY2024 and ¥1,100 in FY2025 (+10%); it is visited on the
3rd, 12th and 22nd of every month from April 2021 (X − 36). The plan year is FY2026
(April 2026 – March 2027), as of 2026-03-31. A history whose visits are cut at X is the same
company told from X: the plan read from the long visit log must be the very same one.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from routekpi.core.baselines import Evidence, build_evidence
from routekpi.core.compact import compact_history
from routekpi.core.engine import plan_for
from routekpi.core.history import ACCOUNT_COLUMNS, History, PlanSettings, empty_frame
from routekpi.core.measure import TEAM
from routekpi.messages import text
from routekpi.pipeline import compute_file
from routekpi.recalc import recalculate
from routekpi.schema import CHECKS, PLAN, TARGETS
from routekpi.sources import SourceRef
from tests.test_sources import assert_same_results
from tests.workbook_files import fold_checks, history_book

X = pd.Period("2024-04", freq="M")
VISITS_FROM = X - 36
LAST = pd.Period("2026-03", freq="M")
REPS = ("A", "B", "C")
AS_OF = date(2026, 3, 31)
NOTE = {"orders": "2024-04", "visits": "2021-04", "from": "2024-04"}


def _history(
    visits_from: pd.Period = VISITS_FROM,
    orders_from: pd.Period = X,
    first_days: tuple[int, ...] = (5, 20),
    accounts: bool = True,
) -> History:
    """``first_days``: the order days of the first order month (a mid-month export start)."""
    orders, visits, rows = [], [], []
    for rep in REPS:
        for i in range(6):
            acc = f"{rep}{i}"
            rows.append((acc, acc, rep, VISITS_FROM.start_time, pd.NaT))
            month = min(visits_from, orders_from)
            while month <= LAST:
                if month >= orders_from:
                    price = 1000.0 if month < X + 12 else 1100.0
                    for day in first_days if month == orders_from else (5, 20):
                        stamp = month.start_time + pd.Timedelta(days=day - 1)
                        orders.append((stamp, acc, rep, price, 1))
                if month >= visits_from:
                    for day in (3, 12, 22):
                        stamp = month.start_time + pd.Timedelta(days=day - 1)
                        visits.append((stamp, rep, acc, "visit", None))
                month += 1
    o = pd.DataFrame(orders, columns=["date", "account", "rep", "amount", "quantity"])
    v = pd.DataFrame(visits, columns=["date", "rep", "account", "kind", "outcome"])
    a = pd.DataFrame(rows, columns=["account", "name", "rep", "start", "end"])
    if not accounts:
        return History(orders=o, visits=v, accounts=empty_frame(ACCOUNT_COLUMNS))
    return History(orders=o, visits=v, accounts=a)


def _settings() -> PlanSettings:
    return PlanSettings(kgi=1.0, plan_year=2026, as_of=AS_OF)


def _notes(ev: Evidence) -> dict[str, dict[str, object]]:
    return {n.code: dict(n.params) for n in ev.notes}


def _assert_same_plan(a: Evidence, b: Evidence) -> None:
    """The same evidence, and so the same targets for a +12% KGI."""
    for name in ("base", "trend", "ceiling", "headroom"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), check_exact=True)
    np.testing.assert_array_equal(a.seasonality, b.seasonality)
    pd.testing.assert_frame_equal(a.lever_evidence.changes, b.lever_evidence.changes)
    pd.testing.assert_frame_equal(a.facts, b.facts, check_exact=True)
    kgi = 1.12 * float(a.base.at[TEAM, "revenue"])
    pd.testing.assert_frame_equal(plan_for(a, kgi)[1], plan_for(b, kgi)[1], check_exact=True)


def test_visits_before_the_first_order_month_are_no_history() -> None:
    """The long log plans as the log cut at X: the same facts (from 2024-04 on), the same
    year-on-year changes, trends and ceilings. Unit price: one change a window end from
    March 2026 (the windows to March 2025 and March 2026, both inside the orders) of +10%.
    Before, every window reaching before X read a sales year out of nothing: orders per
    visit ×2 from the window with 6 months of orders to the one with 12."""
    late = build_evidence(_history(), _settings())
    cut = build_evidence(_history(visits_from=X), _settings())
    assert _notes(late)["orders_start_late"] == NOTE
    assert "orders_start_late" not in _notes(cut)
    assert _history().first_date() == date(2024, 4, 1)
    assert min(late.facts.index.get_level_values("month")) == X
    _assert_same_plan(late, cut)
    team = late.lever_evidence.changes.xs(TEAM, level="rep")
    assert list(map(str, team["unit_price"].dropna().index)) == ["2026-03"]
    assert float(team["unit_price"].dropna().iloc[0]) == pytest.approx(np.log(1.1))
    assert team["orders_per_visit"].dropna().abs().max() < 1e-12  # 2 per 3 visits, steady
    assert late.base.at[TEAM, "orders_per_visit"] == pytest.approx(2 / 3)
    said = text("orders_start_late", "ja", **NOTE)
    assert said.startswith("受注は 2024-04 から、訪問は 2021-04 から: 2024-04 より前の訪問記録は")


def test_the_compact_history_reads_the_same_start() -> None:
    rows = build_evidence(_history(), _settings())
    compact = build_evidence(compact_history(_history(), AS_OF), _settings())
    assert _notes(compact)["orders_start_late"] == NOTE
    _assert_same_plan(rows, compact)


def test_accounts_derived_from_orders_are_held_from_before_the_orders() -> None:
    """Without an Accounts sheet (lapse rule) the customers first seen in the orders' first
    180 days are held from 2024-03-31, the month-end before the orders (not 2021-03-31, the
    month-end before the visit log: three more years of tenure)."""
    late = build_evidence(_history(accounts=False), _settings())
    cut = build_evidence(_history(visits_from=X, accounts=False), _settings())
    _assert_same_plan(late, cut)
    compact = build_evidence(compact_history(_history(accounts=False), AS_OF), _settings())
    _assert_same_plan(late, compact)


def test_an_export_starting_mid_month_is_read_from_the_next_month() -> None:
    """An export from 20 April 2024 holds one order per account that April against two a
    month after: half, not under it, so April counts. One from 27 April with rep A's six
    accounts only: 6 orders against 36 a month after (under half): read from May, as the
    history whose orders and visits both start in May."""
    half = _history(first_days=(20,))
    start = half.orders_start()
    assert start is not None and start.counted == X
    partial = _history(first_days=(27,))
    partial = History(
        orders=partial.orders[
            ~((partial.orders["date"].dt.to_period("M") == X) & (partial.orders["rep"] != "A"))
        ],
        visits=partial.visits,
        accounts=partial.accounts,
    )
    start = partial.orders_start()
    assert start is not None and start.counted == X + 1
    # Dates read in another unit (microseconds, as pandas 2 reads some files): the same months.
    orders_us = partial.orders.assign(date=partial.orders["date"].astype("datetime64[us]"))
    assert History(orders=orders_us, visits=partial.visits).orders_start() == start
    ev = build_evidence(partial, _settings())
    assert _notes(ev)["orders_start_partial"] == {**NOTE, "from": "2024-05"}
    cut = build_evidence(_history(visits_from=X + 1, orders_from=X + 1), _settings())
    pd.testing.assert_frame_equal(ev.trend, cut.trend, check_exact=True)
    pd.testing.assert_frame_equal(ev.ceiling, cut.ceiling, check_exact=True)


def test_visits_from_the_first_order_month_change_nothing() -> None:
    history = _history(visits_from=X)
    assert history.orders_start() is None
    assert history.first_date() == date(2024, 4, 3)  # the first visit, as before


def _book(path: Path, history: History, language: str = "ja") -> Path:
    # Company holidays typed for every year: none assumed from the days with lines (the toy
    # history has lines on five days a month; the visit log's closed days are not the point).
    return history_book(
        path,
        history,
        accounts=[f"{r}{i}" for r in REPS for i in range(6)],
        account_start=date(2021, 4, 1),
        kgi=18 * 24 * 1100 * 1.12,
        plan_year=2026,
        as_of=AS_OF,
        language=language,
        holidays=[[date(y, 12, 31), "年末"] for y in range(2021, 2028)],
    )


def _sheet(wb: openpyxl.Workbook, spec: object) -> list[tuple[object, ...]]:
    name = spec.ja if spec.ja in wb.sheetnames else spec.name  # type: ignore[attr-defined]
    return [tuple(r) for r in wb[name].iter_rows(values_only=True)]


def test_a_book_with_the_long_visit_log_gives_the_targets_of_the_cut_one(tmp_path: Path) -> None:
    late = _book(tmp_path / "late.xlsm", _history())
    cut = _book(tmp_path / "cut.xlsm", _history(visits_from=X))
    recalculate(late)
    recalculate(cut)
    a = openpyxl.load_workbook(late, read_only=True, data_only=True)
    b = openpyxl.load_workbook(cut, read_only=True, data_only=True)
    assert _sheet(a, TARGETS) == _sheet(b, TARGETS)
    said = text("orders_start_late", "ja", **NOTE)

    def plan_text(wb: openpyxl.Workbook) -> str:  # the wrapped lines joined, spaces aside
        return "".join(str(v) for row in _sheet(wb, PLAN) for v in row if v).replace(" ", "")

    assert said.replace(" ", "") in plan_text(a)
    assert "受注は2024-04から" not in plan_text(b)
    rows = fold_checks([list(r) for r in _sheet(a, CHECKS)][1:])
    assert sum(said in str(r[4]) or said in str(r[3]) for r in rows) == 1


def test_the_same_plan_from_files_as_from_the_sheets(tmp_path: Path) -> None:
    """Sources (DuckDB's compact history) and the pasted rows: the same results, and the
    targets of the book whose visits are cut at X."""
    history = _history()
    book = _book(tmp_path / "late.xlsm", history, "en")
    history.orders.assign(note=None).to_parquet(tmp_path / "orders.parquet", index=False)
    history.visits.assign(kind="visit").to_parquet(tmp_path / "visits.parquet", index=False)
    sheets = compute_file(book)[0][0]
    refs = {
        "Orders": SourceRef("Orders", str(tmp_path / "orders.parquet")),
        "Visits": SourceRef("Visits", str(tmp_path / "visits.parquet")),
    }
    files = compute_file(book, sources=refs)[0][0]
    assert files.history is not None and files.history.facts is not None
    assert_same_results(sheets, files)
    assert any(n.code == "orders_start_late" and dict(n.params) == NOTE for n in files.notes)
    cut = compute_file(_book(tmp_path / "cut.xlsm", _history(visits_from=X), "en"))[0][0]
    pd.testing.assert_frame_equal(files.targets, cut.targets, check_exact=True)
