"""A large account lapses on its own order rhythm in the summed history too (issue #10).

Without a customer master the accounts are derived from the orders (core.lapse): lost 180
days after the last order, or sooner for a large account on its own rhythm (``lapse_after``:
6 usual gaps, 2 longest, within 60 – 180 days). The raw rows read the rhythm from the
orders (``order_rhythm``), the SQL path from ``order_rhythm.sql``; the summed history
carries it (``HistoryFacts.order_rhythm``: pandas ``build_facts``, SQL ``facts_from_sql``),
so raw rows, pandas facts and SQL facts derive the same accounts and give the same targets.
Before, the pandas facts derived every account at 180 days (seen on the wholesale-2y
simulation, seed 7: R01053 lost on 2022-12-04 from the rows, still held from the facts).

The hand-built export (rep A, as of 2024-06-30, planning the calendar year 2025):

- BIG orders 100,000 yen every Monday from 2023-01-02 through 2024-01-29 (57 order days,
  every gap 7 days): 6 × 7 = 42, 2 × 7 = 14, floored at 60 → lost 2024-03-29 (60 days
  after its last order), on the as-of date's side of it; at 180 days it would still be held;
- S0…S3 order 1,000 yen on the 10th of every month 2023-01 … 2024-06: 0.3% of A's year
  each, too small for their own rhythm (they are held: their last order is 20 days old).
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pandas as pd

from routekpi.core.compact import compact_history
from routekpi.core.engine import run
from routekpi.core.history import ORDER_COLUMNS, History, PlanSettings
from routekpi.core.lapse import accounts_from_orders, derive_accounts_from_facts
from routekpi.recalc import recalculate
from tests.workbook_files import orders_book, targets_by_key

AS_OF = date(2024, 6, 30)


def _orders() -> pd.DataFrame:
    rows = [
        (d, "BIG", "A", 100_000.0, 1.0)
        for d in pd.date_range("2023-01-02", "2024-01-29", freq="7D")
    ]
    for k in range(4):
        months = pd.period_range("2023-01", "2024-06", freq="M")
        rows += [(m.start_time + pd.Timedelta(days=9), f"S{k}", "A", 1_000.0, 1.0) for m in months]
    return pd.DataFrame(rows, columns=list(ORDER_COLUMNS)).astype({"date": "datetime64[ns]"})


def _sql_facts(orders: pd.DataFrame) -> History:
    from history_helpers import sql_views

    from routekpi.sources.sqltext import facts_from_sql

    con = sql_views(orders)
    facts = facts_from_sql(lambda sql: con.execute(sql).df(), AS_OF)
    return History(orders=orders.iloc[:0], facts=facts)


def _ends(history: History) -> dict[str, pd.Timestamp]:
    accounts = accounts_from_orders(history, AS_OF).accounts
    return dict(zip(accounts["account"], accounts["end"], strict=True))


def test_raw_rows_pandas_facts_and_sql_facts_lapse_a_large_account_on_its_rhythm() -> None:
    orders = _orders()
    assert len(orders[orders["account"] == "BIG"]) == 57
    raw = History(orders=orders)
    want = {"BIG": pd.Timestamp("2024-03-29")} | {f"S{k}": pd.NaT for k in range(4)}
    pandas = compact_history(raw, AS_OF)
    sql = _sql_facts(orders)
    for history in (raw, pandas, sql):
        got = _ends(history)
        assert got.keys() == want.keys()
        assert got["BIG"] == want["BIG"] and all(pd.isna(got[f"S{k}"]) for k in range(4))
    raw_accounts = accounts_from_orders(raw, AS_OF).accounts
    for history in (pandas, sql):
        pd.testing.assert_frame_equal(accounts_from_orders(history, AS_OF).accounts, raw_accounts)
    # Both summed histories carry the same rhythm: the one the SQL path derives with.
    assert pandas.facts is not None and sql.facts is not None
    assert pandas.facts.order_rhythm is not None and sql.facts.order_rhythm is not None
    pd.testing.assert_frame_equal(
        pandas.facts.order_rhythm,
        sql.facts.order_rhythm,
        check_dtype=False,
        check_index_type=False,
        check_names=False,
    )
    # Facts summed for another day do not lend their rhythm (it is read to its own day):
    # derived on 2024-06-29, BIG keeps the 180 days (2024-07-27, after that day).
    earlier = derive_accounts_from_facts(pandas.facts, date(2024, 6, 29))
    assert pd.isna(earlier.set_index("account").at["BIG", "end"])


def test_targets_are_the_same_from_the_rows_and_the_summed_history() -> None:
    history = History(orders=_orders())
    settings = PlanSettings(kgi=1.0, plan_year=2025, fiscal_start_month=1, as_of=AS_OF)
    raw = run(history, settings)
    pandas = run(compact_history(history, AS_OF), settings)
    pd.testing.assert_series_equal(raw.evidence.start_accounts, pandas.evidence.start_accounts)
    pd.testing.assert_frame_equal(raw.targets, pandas.targets, check_exact=True)


# --- the same export pasted on the Orders sheet and read from a CSV file (Sources) ---
def _book(path: Path, pasted: bool) -> Path:
    rows = [[d.to_pydatetime(), a, r, m, q] for d, a, r, m, q in _orders().itertuples(False)]
    return orders_book(path, rows, pasted=pasted, kgi=10_000_000, plan_year=2024)


def test_pasted_rows_and_files_give_the_same_targets(tmp_path: Path) -> None:
    """AsOf blank (the last order, 2024-06-10), FY2024 from April: BIG lost on its rhythm
    from the pasted rows and from the CSV alike."""
    with (tmp_path / "orders.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["受注日", "顧客コード", "担当者", "金額", "数量"])
        for d, a, r, m, q in _orders().itertuples(False):
            writer.writerow([d.strftime("%Y/%m/%d"), a, r, int(m), int(q)])
    pasted = _book(tmp_path / "pasted.xlsm", pasted=True)
    sourced = _book(tmp_path / "sourced.xlsm", pasted=False)
    for book in (pasted, sourced):
        recalculate(book)
    a, b = targets_by_key(pasted), targets_by_key(sourced)
    assert len(a) > 20 and a.keys() == b.keys()
    for key, row in a.items():
        assert b[key][4:6] == row[4:6], key
