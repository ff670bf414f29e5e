"""A return is no order: an account's last order is its last sale (trial 53 H1).

A 委託 bookstore that closed on 2026-05-29 sends its unsold books back for months after, as
return lines (negative amounts). Read on every line, its "last order" was its last return:
the store stayed active until the returns stopped and was ended after the last of them. Now
the last (and first) order, the order days and the season are read on the sales (a line
whose amount is not negative: core.lapse ``sale_lines``), the raw rows, the summed facts and
SQL alike; the returns still count in the revenue.

Hand-built book, rep Sato, as of 2026-11-05:

- S0…S19: ¥10,000 on the 5th of every month 2023-01 … 2026-11 (never end).
- R1 (「駅前書店」): ¥10,000 every Friday 2023-01-06 … 2026-05-29 (its last sale), then returns
  −¥30,000 on 2026-06-20, −¥20,000 on 2026-07-25, −¥5,000 on 2026-09-10. Its year to the day:
  30 sales (Fridays 2025-11-07 … 2026-05-29) = ¥300,000 less ¥55,000 = ¥245,000 of Sato's
  ¥2,705,000 (9.1% ≥ 5%: a large account, its own rhythm): usual gap 7 days → lapse
  max(6 × 7, 2 × 7) = 42 → the 60-day floor. Last sale 2026-05-29 + 60 = 2026-07-28 ≤ as-of:
  ended, dated the day after its last sale, 2026-05-30. On every line its last "order" was
  2026-09-10 (+ 60 = 2026-11-09, after the day): active, in the starting book.
- Q (「返品だけの店」): one return −¥8,000 on 2025-02-10 (goods sold before the history), no
  sale: read on its lines, an account whose last line is 2025-02-10.
- F: a return −¥1,000 on 2024-03-01, then sales of ¥5,000 on the 1st of every month
  2024-04 … 2026-11: its first order is 2024-04-01, not the return.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from routekpi.core.compact import compact_history
from routekpi.core.history import History
from routekpi.core.lapse import (
    derive_accounts,
    last_order_by,
    master_lapses,
    order_rhythm,
    sale_lines,
)
from routekpi.recalc import recalculate
from tests.workbook_files import csv_history, sources_or_pasted_book

AS_OF = date(2026, 11, 5)
RETURNS = (("2026-06-20", -30_000.0), ("2026-07-25", -20_000.0), ("2026-09-10", -5_000.0))


def _orders() -> pd.DataFrame:
    rows: list[tuple[pd.Timestamp, str, str, float, float]] = []
    for m in pd.date_range("2023-01-01", "2026-11-01", freq="MS"):
        rows += [(m + pd.Timedelta(days=4), f"S{i}", "Sato", 10_000.0, 1.0) for i in range(20)]
    rows += [
        (d, "R1", "Sato", 10_000.0, 1.0)
        for d in pd.date_range("2023-01-06", "2026-05-29", freq="7D")
    ]
    rows += [(pd.Timestamp(d), "R1", "Sato", a, 1.0) for d, a in RETURNS]
    rows.append((pd.Timestamp("2025-02-10"), "Q", "Sato", -8_000.0, 1.0))
    rows.append((pd.Timestamp("2024-03-01"), "F", "Sato", -1_000.0, 1.0))
    rows += [
        (m, "F", "Sato", 5_000.0, 1.0) for m in pd.date_range("2024-04-01", "2026-11-01", freq="MS")
    ]
    return pd.DataFrame(rows, columns=["date", "account", "rep", "amount", "quantity"])


def test_the_sales_are_the_order_lines_and_an_account_without_one_keeps_its_lines() -> None:
    orders = _orders()
    sales = sale_lines(orders)
    assert (sales["amount"][sales["account"] != "Q"] > 0).all()
    assert len(sales) == (orders["amount"] > 0).sum() + 1  # Q's return: its only line
    assert sales.loc[sales["account"] == "Q", "date"].tolist() == [pd.Timestamp("2025-02-10")]


def test_the_last_order_is_the_last_sale_raw_rows_facts_and_sql_alike() -> None:
    orders = _orders()
    last = last_order_by(orders, pd.Timestamp(AS_OF))
    assert last["R1"] == pd.Timestamp("2026-05-29")  # not the return of 2026-09-10
    assert last["Q"] == pd.Timestamp("2025-02-10")
    rhythm = order_rhythm(orders, AS_OF)
    assert rhythm.at["R1", "last"] == pd.Timestamp("2026-05-29")
    assert rhythm.at["R1", "usual"] == 7
    assert rhythm.at["F", "first"] == pd.Timestamp("2024-04-01")
    # Revenue still counts the returns: 30 sales in the year to the day, less ¥55,000.
    assert rhythm.at["R1", "revenue"] == 300_000 - 55_000

    derived = derive_accounts(orders, AS_OF).set_index("account")
    assert derived.at["R1", "end"] == pd.Timestamp("2026-05-29") + pd.Timedelta(days=60)
    assert pd.isna(derived.at["F", "end"])

    facts = compact_history(History(orders=orders), AS_OF).facts
    assert facts is not None
    pytest.importorskip("duckdb")
    from history_helpers import sql_views

    from routekpi.sources.sqltext import facts_from_sql

    con = sql_views(orders)
    sql = facts_from_sql(lambda q: con.execute(q).df(), AS_OF)
    for life in (facts.lifetimes, sql.lifetimes):
        got = life.set_index(life["account"].astype(str))
        assert got.at["R1", "last"] == pd.Timestamp("2026-05-29")
        assert got.at["F", "first"] == pd.Timestamp("2024-04-01")
        assert got.at["Q", "first"] == got.at["Q", "last"] == pd.Timestamp("2025-02-10")
        # A year before the day (2025-11-05): R1's last sale then, 2025-10-31 (a Friday).
        assert got.at["R1", "last_year_ago"] == pd.Timestamp("2025-10-31")
    pandas_life, sql_life = (
        life.assign(account=life["account"].astype(str))
        .sort_values("account")
        .reset_index(drop=True)
        for life in (facts.lifetimes, sql.lifetimes)
    )
    pd.testing.assert_frame_equal(pandas_life, sql_life, check_dtype=False)
    # The month's revenue keeps the return: Sato's 2026-09 is 20 × ¥10,000 − ¥5,000 + F's.
    months = facts.rep_months.set_index("month")
    assert months.at[pd.Period("2026-09", "M"), "revenue"] == 200_000 - 5_000 + 5_000


def test_a_master_without_end_dates_ends_the_closed_store_after_its_last_sale() -> None:
    orders = _orders()
    accounts = pd.DataFrame(
        {
            "account": [*(f"S{i}" for i in range(20)), "R1", "F", "Q"],
            "name": None,
            "rep": "Sato",
            "start": pd.Timestamp("2020-01-01"),
            "end": pd.NaT,
        }
    )
    out = master_lapses(accounts, order_rhythm(orders, AS_OF), AS_OF, orders["date"].min())
    ends = out.accounts.set_index("account")["end"]
    assert ends["R1"] == pd.Timestamp("2026-05-30")  # the day after its last sale
    assert pd.isna(ends["F"]) and all(pd.isna(ends[f"S{i}"]) for i in range(20))


def _rows() -> dict[str, list[list[object]]]:
    orders = _orders()
    names = {"R1": "駅前書店", "Q": "返品だけの店", "F": "二丁目文具"}
    header: list[object] = ["受注日", "顧客コード", "担当者", "金額", "数量"]
    lines: list[list[object]] = [header]
    lines += [
        [d.strftime("%Y/%m/%d"), a, r, amount, q]
        for d, a, r, amount, q in orders.itertuples(index=False)
    ]
    accounts: list[list[object]] = [["顧客コード", "顧客名", "担当者", "取引開始日", "解約日"]]
    for code in [*(f"S{i}" for i in range(20)), "R1", "Q", "F"]:
        accounts.append([code, names.get(code, f"佐藤商店{code}"), "Sato", "2020/01/01", None])
    return {"Orders": lines, "Accounts": accounts}


def test_pasted_or_from_a_file_the_store_ends_after_its_last_sale(tmp_path: Path) -> None:
    """The book's master has no end dates: the lapse rule ends R1 the day after its last
    sale (2026-05-30; on its last return it stayed open), the sheets' rows and the CSV files
    through Sources (DuckDB) alike, and both count the same starting book."""
    rows = _rows()
    pasted = sources_or_pasted_book(tmp_path / "pasted.xlsm", rows, 3_000_000)
    folder = tmp_path / "files"
    folder.mkdir()
    csv_history(folder, rows)
    sourced = sources_or_pasted_book(
        folder / "sourced.xlsm", None, 3_000_000, sheets=("Orders", "Accounts")
    )
    books = []
    for book in (pasted, sourced):
        result = recalculate(book).result
        acc = result.history.accounts.drop_duplicates("account").set_index("account")
        assert acc.at["R1", "end"] == pd.Timestamp("2026-05-30"), book.name
        assert pd.isna(acc.at["F", "end"]), book.name
        books.append(result.evidence.start_accounts["Sato"])
    assert books[0] == pytest.approx(books[1])


def test_a_zero_line_is_still_an_order_raw_rows_and_sql_alike() -> None:
    """A 0-yen line (free goods, a correction; CDNOW's $0 purchases) is an order as it always
    was: only a negative line (a return, a discount) is not."""
    rows = [
        (pd.Timestamp("2026-03-05"), "Z", "Sato", 10_000.0, 1.0),
        (pd.Timestamp("2026-06-05"), "Z", "Sato", 0.0, 1.0),
        (pd.Timestamp("2026-07-05"), "Z", "Sato", -2_000.0, 1.0),
    ]
    orders = pd.DataFrame(rows, columns=["date", "account", "rep", "amount", "quantity"])
    assert len(sale_lines(orders)) == 2
    assert last_order_by(orders, pd.Timestamp(AS_OF))["Z"] == pd.Timestamp("2026-06-05")
