"""A seasonal customer in a book of orders only is not lost on its break (trial 37).

Without a customer master the accounts are derived from the orders (core.lapse): lost 180
days after the last order. A heating-oil household orders November – March and nothing all
summer: the 180 days ended it every September, and the Review counted it cancelled, the
churn high and the book short, while the plan's ``returning`` expected some of those lost
back. Now ``derive_accounts`` (the raw rows, the summed history and SQL alike) holds a
customer on its seasonal break as ``master_lapses`` holds a master's (its season and 45 days,
at most a year), and ``returning`` / ``recently_lost`` count lost the same way on both their
days, so a household held in the book is not also expected back.

Hand-built export (rep A), as of 2025-10-31 (a year before: 2024-10-31):

- S00…S11 (households) order on the 15th of Nov, Dec, Jan, Feb, Mar, winters 2022/23 –
  2024/25 (last 2025-03-15). Gaps 30 31 31 28 | 245 | 30 31 31 29 | 245 | 30 31 31 28:
  median 31. Season now: from 2024-03-15 (a year before the last order) to the 3rd order
  after 2024-04-29 (2024-11-15, 12-15, 2025-01-15) = 306 days; 306 − 45 = 261 > 1.5 × 3 × 31
  = 139.5 → a break: lost 306 + 45 = 351 days after 2025-03-15, 2026-03-01 (held on
  2025-10-31; the plain rule ended them on 2025-09-11). A year ago (last 2024-03-15, from
  2023-03-16 to 2024-01-15: 305 days, lost 2025-02-27): held then too (the plain rule had
  them lost on 2024-09-11, back on 2024-11-15).
- L00…L09 order on the 5th of every month 2022-11 … 2024-03 (season 121 − 45 = 76 < 139.5:
  their pace, no break): lost 2024-03-05 + 180 = 2024-09-01, never back.
- R0…R4 as L until 2024-03 (lost 2024-09-01 as seen a year ago), back every month 2025-01 …
  2025-10 (looking back never lost: held now).
- N0…N3 monthly 2022-11 … 2025-03 (no break): lost 2025-09-01.

``returning`` (history from 2022-11-05: losses show from 2023-05-04; then 2023-05-04 –
2024-10-31, now 2024-05-03 – 2025-10-31): lost a year ago L + R = 15, back R = 5 (a third);
lost now and not back L + N = 14 → 14 / 3 = 4.67 expected back. With the 180 days for every
one: 27 lost a year ago (S too), 17 back, 26 lost now (S too, held in no book) → 16.4.
``recently_lost`` in the year to 2025-10-31: N = 4 (with the 180 days: 16).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from routekpi.core.compact import compact_history
from routekpi.core.history import ORDER_COLUMNS, History
from routekpi.core.lapse import (
    accounts_from_orders,
    derive_accounts,
    lapse_after,
    lost_after,
    master_lapses,
    order_rhythm,
    pause_returners,
    recently_lost,
    returning,
)
from routekpi.recalc import recalculate
from tests.workbook_files import orders_book

AS_OF = date(2025, 10, 31)
S = [f"S{k:02}" for k in range(12)]
L = [f"L{k:02}" for k in range(10)]
R = [f"R{k}" for k in range(5)]
N = [f"N{k}" for k in range(4)]


def _winters(last: str) -> list[pd.Timestamp]:
    days = []
    for y in (2022, 2023, 2024):
        days += [f"{y}-11-15", f"{y}-12-15", f"{y + 1}-01-15", f"{y + 1}-02-15", f"{y + 1}-03-15"]
    return [pd.Timestamp(d) for d in days if pd.Timestamp(d) <= pd.Timestamp(last)]


def _monthly(first: str, last: str) -> list[pd.Timestamp]:
    return [m.start_time + pd.Timedelta(days=4) for m in pd.period_range(first, last, freq="M")]


def _orders() -> pd.DataFrame:
    rows = []
    for code in S:
        rows += [(d, code, "A", 20_000.0, 100.0) for d in _winters("2025-03-15")]
    for code in L:
        rows += [(d, code, "A", 10_000.0, 1.0) for d in _monthly("2022-11", "2024-03")]
    for code in R:
        back = _monthly("2022-11", "2024-03") + _monthly("2025-01", "2025-10")
        rows += [(d, code, "A", 10_000.0, 1.0) for d in back]
    for code in N:
        rows += [(d, code, "A", 10_000.0, 1.0) for d in _monthly("2022-11", "2025-03")]
    return pd.DataFrame(rows, columns=list(ORDER_COLUMNS)).astype({"date": "datetime64[ns]"})


def _derived(history: History) -> History:
    return accounts_from_orders(history, AS_OF)


def _sql_history(orders: pd.DataFrame) -> History:
    pytest.importorskip("duckdb")
    from history_helpers import sql_views

    from routekpi.sources.sqltext import facts_from_sql

    con = sql_views(orders)
    facts = facts_from_sql(lambda sql: con.execute(sql).df(), AS_OF)
    return History(orders=orders.iloc[:0], facts=facts)


def test_the_household_is_held_and_the_others_end() -> None:
    ends = derive_accounts(_orders(), AS_OF).set_index("account")["end"]
    assert all(pd.isna(ends[c]) for c in S + R)
    assert all(ends[c] == pd.Timestamp("2024-09-01") for c in L)
    assert all(ends[c] == pd.Timestamp("2025-09-01") for c in N)


def test_seasons_read_now_and_a_year_ago() -> None:
    orders = _orders()
    now, then = order_rhythm(orders, AS_OF), order_rhythm(orders, date(2024, 10, 31))
    assert (now.at["S00", "usual"], now.at["S00", "season"]) == (31, 306)
    assert (then.at["S00", "usual"], then.at["S00", "season"]) == (31, 305)
    assert now.at["N0", "season"] == 122 and then.at["L00", "season"] == 121
    history = History(orders=orders)
    codes = pd.Index(["S00", "L00", "N0"])
    assert lost_after(history, AS_OF, codes).tolist() == [351.0, 180.0, 180.0]
    assert lost_after(history, date(2024, 10, 31), codes).tolist() == [350.0, 180.0, 180.0]


def test_returners_are_not_counted_twice() -> None:
    history = _derived(History(orders=_orders()))
    back = returning(history, AS_OF, AS_OF)
    assert back is not None
    assert back.then_from == pd.Timestamp("2023-05-04")
    assert (back.lost_then, back.back, back.lost_now) == (15, 5, 14)
    assert back.expected["ALL"] == pytest.approx(14 / 3)
    assert recently_lost(history, AS_OF, AS_OF) == 4


def test_raw_rows_pandas_facts_and_sql_agree() -> None:
    orders = _orders()
    raw = _derived(History(orders=orders))
    for other in (
        _derived(compact_history(History(orders=orders), AS_OF)),
        _derived(_sql_history(orders)),
    ):
        pd.testing.assert_frame_equal(other.accounts, raw.accounts)
        a, b = returning(other, AS_OF, AS_OF), returning(raw, AS_OF, AS_OF)
        assert a is not None and b is not None
        assert (a.lost_then, a.back, a.lost_now) == (b.lost_then, b.back, b.lost_now)
        assert recently_lost(other, AS_OF, AS_OF) == recently_lost(raw, AS_OF, AS_OF) == 4
        mine, theirs = (
            pause_returners(raw, AS_OF, AS_OF, date(2026, 3, 31)),
            pause_returners(other, AS_OF, AS_OF, date(2026, 3, 31)),
        )
        assert mine is not None and theirs is not None
        # Lost by the book's day, not back: L and N (the households are held).
        assert mine[1] == theirs[1] == 14
        assert mine[0]["ALL"] == pytest.approx(theirs[0]["ALL"])


def test_master_lapses_reads_both_rules_at_once() -> None:
    """The master ends the accounts the derived ones end (one ``lapse_days`` call for both),
    each dated the day after its last order (fix49a, trial 48 N1: a customer master's end
    nobody typed is dated as a closure flag's and a migration's dropped code's are)."""
    orders = _orders()
    codes = S + L + R + N
    master = pd.DataFrame(
        {
            "account": codes,
            "rep": ["A"] * len(codes),
            "start": pd.Timestamp("2022-11-01"),
            "end": pd.to_datetime([None] * len(codes)),
        }
    )
    rhythm = order_rhythm(orders, AS_OF)
    out, ended, seasonal = master_lapses(master, rhythm, AS_OF, orders["date"].min())
    assert seasonal == S
    assert sorted(ended) == sorted(L + N)
    derived = derive_accounts(orders, AS_OF).set_index("account")["end"].reindex(codes)
    ended_too = derived.notna()
    last = pd.to_datetime(rhythm["last"]).reindex(codes).dt.normalize()
    expected = derived.where(~ended_too, last + pd.Timedelta(days=1))
    pd.testing.assert_series_equal(
        out.set_index("account")["end"].astype("datetime64[ns]"),
        expected.astype("datetime64[ns]"),
        check_names=False,
    )
    after = lapse_after(rhythm, pd.Index(["S00", "N0"]), as_of=AS_OF, seasonal=True)
    assert after.tolist() == [351.0, 180.0]


def _attainment(book: Path) -> dict[tuple[str, str, str], float]:
    wb = openpyxl.load_workbook(book, read_only=True)
    try:
        rows = list(wb["Attainment"].iter_rows(min_row=2, values_only=True))
    finally:
        wb.close()
    return {(str(r[0]), str(r[1]), str(r[2])): r[4] for r in rows if r[0] is not None}


def test_the_review_counts_the_real_losses_only(tmp_path: Path) -> None:
    """FY2025 from April, as of the last order (2025-10-05): the year starts with S, R and N
    held (21; L were lost in 2024); N end on 2025-09-01 → 4 cancellations, 17 active in
    September and October. With the 180 days the households ended on 2025-09-11 too (16
    cancellations, 5 active)."""
    rows = [[d.to_pydatetime(), a, r, m, q] for d, a, r, m, q in _orders().itertuples(False)]
    book = orders_book(tmp_path / "b.xlsm", rows, pasted=True, kgi=6_000_000, plan_year=2025)
    recalculate(book)
    got = _attainment(book)
    assert got[("FY2025", "ALL", "cancellations")] == 4
    assert got[("2025-09", "ALL", "cancellations")] == 4
    assert got[("2025-04", "ALL", "active_accounts")] == 21
    assert got[("2025-10", "ALL", "active_accounts")] == 17
