"""A return is no order day in the readers fix53a left (trial 53 H1): the order days per
account (the Daily's seasons and contacts), the pauses, the order spans (the address rule,
the master's start), and the handover's first order — raw rows and SQL alike.

A line is an order unless its amount is negative (core.lapse ``sale_mask``; SQL
``SALE_SQL``, written where a query says ``:is_sale``); an account with no sale to the day is
read on its lines. Hand-built book, rep Sato, as of 2026-11-05:

- S: ¥10,000 on the 5th of every month 2024-11 … 2026-11 (the book's steady customer).
- P: sales 2026-01-10 and 2026-03-10; a return −¥2,000 on 2026-02-10, its only line in
  February: February is no order month, its pauses 59 days (came) and 240 (running), not
  31, 28 and 240.
- Q: one return −¥8,000 on 2025-06-01 and no sale: read on its lines (one order day, a
  pause of 522 days running).
- H (a school): sales on 03-10, 03-20 and 04-10 of 2025 and 2026; returns −¥1,000 of unsold
  books on 2025-05-15, 2025-06-15 and 2025-09-15. On every line it ordered in 5 calendar
  months (not seasonal: at most 4, core.daily_season); on its sales in March–April.
- Z (a salon at 本町1-2-3): sales on the 10th of every month 2025-01 … 2026-04, returns
  −¥4,000 on 2026-05-20 and 2026-07-01; N (a new salon, typed start 2026-06-01) at the same
  address buys on the 10th from 2026-06. On its sales Z was silent from 2026-04-10, before N
  began: ended 2026-04-11 (core.same_address). On every line its last "order" (07-01) came
  after N began, and it stayed open.
- M: typed start 2025-06-01; a return −¥3,000 on 2025-03-01 (goods from an earlier
  account), sales on the 10th from 2025-06: its first order is 2025-06-10, after its start,
  which stands (on every line the return moved the start to 2025-03-01).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from routekpi.core.compact import compact_history
from routekpi.core.daily import order_account_days
from routekpi.core.daily_season import seasonal_months
from routekpi.core.handover import hand_over
from routekpi.core.history import History
from routekpi.core.lapse import SALE_SQL, pause_counts, sale_mask
from routekpi.recalc import recalculate
from routekpi.sources.sqltext import render, sql_text
from routekpi.validation.same_address import address_ends_from_days, with_same_address_ends
from tests.test_departed_wins import KGI as DEPARTED_KGI
from tests.test_departed_wins import _rows as departed_rows
from tests.test_departed_wins import history_of
from tests.workbook_files import csv_history, sources_or_pasted_book, targets_by_key

AS_OF = date(2026, 11, 5)
ADDRESS = "本町1-2-3"


def _orders() -> pd.DataFrame:
    rows: list[tuple[str, str, float]] = []
    rows += [(f"{m:%Y-%m}-05", "S", 10_000.0) for m in pd.period_range("2024-11", "2026-11")]
    rows += [("2026-01-10", "P", 10_000.0), ("2026-02-10", "P", -2_000.0)]
    rows += [("2026-03-10", "P", 10_000.0), ("2025-06-01", "Q", -8_000.0)]
    for year in (2025, 2026):
        rows += [(f"{year}-{md}", "H", 50_000.0) for md in ("03-10", "03-20", "04-10")]
    rows += [(f"2025-{md}", "H", -1_000.0) for md in ("05-15", "06-15", "09-15")]
    rows += [(f"{m:%Y-%m}-10", "Z", 10_000.0) for m in pd.period_range("2025-01", "2026-04")]
    rows += [("2026-05-20", "Z", -4_000.0), ("2026-07-01", "Z", -4_000.0)]
    rows += [(f"{m:%Y-%m}-10", "N", 10_000.0) for m in pd.period_range("2026-06", "2026-10")]
    rows += [("2025-03-01", "M", -3_000.0)]
    rows += [(f"{m:%Y-%m}-10", "M", 10_000.0) for m in pd.period_range("2025-06", "2026-10")]
    frame = pd.DataFrame(rows, columns=["date", "account", "amount"])
    return frame.assign(date=pd.to_datetime(frame["date"]), rep="Sato", quantity=1.0)[
        ["date", "account", "rep", "amount", "quantity"]
    ]


def _sql(orders: pd.DataFrame):  # type: ignore[no-untyped-def]
    pytest.importorskip("duckdb")
    from history_helpers import sql_views

    con = sql_views(orders)
    return lambda q: con.execute(q).df()


def _days_of(frame: pd.DataFrame, account: str) -> list[str]:
    mine = frame[frame["account"].astype(str) == account]
    return sorted(pd.to_datetime(mine["date"]).dt.strftime("%Y-%m-%d").unique().tolist())


def test_the_one_test_and_its_sql_twin_pick_the_same_lines() -> None:
    orders = _orders()
    run = _sql(orders)
    got = run(
        "WITH sold AS (SELECT DISTINCT account FROM orders WHERE " + SALE_SQL + ") "
        "SELECT o.date, o.account, o.amount FROM orders o LEFT JOIN sold s "
        f"ON s.account = o.account WHERE {SALE_SQL} OR s.account IS NULL"
    )
    mask = sale_mask(orders)
    assert len(got) == int(mask.sum()) == len(orders) - 7  # the 7 returns of sellers
    assert set(orders.loc[~mask, "amount"]) == {-2_000.0, -1_000.0, -4_000.0, -3_000.0}
    # Every query that reads order days says ``:is_sale`` and none spells the test out.
    for name in ("lifetimes", "last_orders", "order_rhythm", "pauses", "account_days"):
        assert ":is_sale" in sql_text(name), name
        assert "amount, 0) >= 0" not in sql_text(name).replace(":is_sale", ""), name
    assert SALE_SQL in render("order_spans", {"as_of": AS_OF})
    # A later line is kept and not judged: Q's only sale after the day leaves its return
    # an order day to the day.
    later = pd.concat(
        [
            orders,
            pd.DataFrame(
                {
                    "date": [pd.Timestamp("2026-12-01")],
                    "account": ["Q"],
                    "rep": ["Sato"],
                    "amount": [1.0],
                    "quantity": [1.0],
                }
            ),
        ],
        ignore_index=True,
    )
    kept = sale_mask(later, AS_OF)
    assert kept[(later["account"] == "Q").to_numpy()].all()
    assert not sale_mask(later)[(later["account"] == "Q").to_numpy()][0]


def test_the_order_days_per_account_are_the_sales_rows_and_sql_alike() -> None:
    """HistoryFacts.account_days (core.daily ``order_account_days`` / account_days.sql): P's
    February return and H's and Z's returns are no order day; Q keeps its one line."""
    orders = _orders()
    facts = compact_history(History(orders=orders), AS_OF).facts
    assert facts is not None and facts.account_days is not None
    from routekpi.sources.sqltext import facts_from_sql

    sql = facts_from_sql(_sql(orders), AS_OF)
    rows = order_account_days(orders, AS_OF)
    for days in (rows, facts.account_days, sql.account_days):
        assert _days_of(days, "P") == ["2026-01-10", "2026-03-10"]
        assert _days_of(days, "Q") == ["2025-06-01"]
        assert _days_of(days, "Z")[-1] == "2026-04-10"
        assert len(_days_of(days, "H")) == 6
        assert len(_days_of(days, "S")) == 24  # after 2024-11-05 (the window's first bound)
        # The Daily's seasonal accounts (core.daily_season) on them: H buys in March–April
        # only (on every line five months: no season).
        assert seasonal_months(days, AS_OF) == {"H": frozenset({3, 4})}
    pd.testing.assert_frame_equal(
        rows.reset_index(drop=True),
        sql.account_days.assign(account=sql.account_days["account"].astype(str)).reset_index(
            drop=True
        ),
        check_dtype=False,
    )


def test_the_pauses_end_at_sales_only_rows_and_sql_alike() -> None:
    """P: 2026-01-10 → 03-10 (59 days, came), 03-10 → the day (240, running); Q: 2025-06-01
    → the day (522, running). On every line P's were 31, 28 and 240."""
    orders = _orders()
    mini = orders[orders["account"].isin(["P", "Q"])]
    want = pd.DataFrame({"days": [59, 240, 522], "came": [1, 0, 0], "seen": [1, 1, 1]})
    got = pause_counts(mini, AS_OF)
    pd.testing.assert_frame_equal(got.reset_index(drop=True), want, check_dtype=False)
    run = _sql(mini)
    sql = run(render("pauses", {"as_of": AS_OF})).sort_values("days", ignore_index=True)
    pd.testing.assert_frame_equal(sql, want, check_dtype=False)
    # The whole book: the compact facts and SQL read the same pauses.
    facts = compact_history(History(orders=orders), AS_OF).facts
    assert facts is not None and facts.pauses is not None
    whole = _sql(orders)(render("pauses", {"as_of": AS_OF})).sort_values("days", ignore_index=True)
    pd.testing.assert_frame_equal(facts.pauses, whole, check_dtype=False)


def _accounts() -> pd.DataFrame:
    codes = ["S", "P", "Q", "H", "Z", "N", "M"]
    starts = ["2024-01-01"] * 4 + ["2025-01-01", "2026-06-01", "2025-06-01"]
    address = [f"{c}町{i}" for i, c in enumerate(codes)]
    address[4] = address[5] = ADDRESS
    return pd.DataFrame(
        {
            "account": codes,
            "name": [f"{c}店" for c in codes],
            "rep": "Sato",
            "start": pd.to_datetime(starts),
            "end": pd.NaT,
            "address": address,
        }
    )


def test_a_silent_salon_at_a_new_ones_address_ends_after_its_last_sale_rows_and_sql() -> None:
    """The address rule (core.same_address) on the order spans: Z's last sale 2026-04-10, N
    began 2026-06-01: Z ended 2026-04-11 — from the rows (validation.same_address) and from
    order_spans.sql (sources.assemble's reader) alike."""
    orders = _orders()
    checks: list[object] = []
    rows = with_same_address_ends(_accounts(), orders, AS_OF, checks)  # type: ignore[arg-type]
    spans = _sql(orders)(render("order_spans", {"as_of": AS_OF}))
    by = pd.Index(spans["account"].astype(str), dtype=object)
    assert spans.set_index(by).at["P", "days"] == 2
    sql = address_ends_from_days(
        _accounts(),
        pd.Series(pd.to_datetime(spans["first"]).to_numpy(), index=by),
        pd.Series(pd.to_datetime(spans["last"]).to_numpy(), index=by),
        pd.Timestamp(AS_OF),
        [],
        pd.Series(spans["days"].to_numpy(dtype=float), index=by),
    )
    for accounts in (rows, sql):
        ends = accounts.set_index("account")["end"]
        assert ends["Z"] == pd.Timestamp("2026-04-11")
        assert ends.drop("Z").isna().all()


def _book_rows() -> dict[str, list[list[object]]]:
    orders: list[list[object]] = [["受注日", "顧客コード", "担当者", "金額", "数量"]]
    orders += [
        [d.strftime("%Y/%m/%d"), a, r, amount, q]
        for d, a, r, amount, q in _orders().itertuples(index=False)
    ]
    accounts: list[list[object]] = [
        ["顧客コード", "顧客名", "担当者", "取引開始日", "解約日", "住所"]
    ]
    for row in _accounts().itertuples(index=False):
        accounts.append([row.account, row.name, "Sato", f"{row.start:%Y/%m/%d}", None, row.address])
    return {"Orders": orders, "Accounts": accounts}


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("return_no_order")
    rows = _book_rows()
    pasted = sources_or_pasted_book(folder / "pasted.xlsm", rows, 3_000_000)
    csv_history(folder, rows)
    sourced = sources_or_pasted_book(
        folder / "sourced.xlsm", None, 3_000_000, sheets=("Orders", "Accounts")
    )
    return pasted, sourced


def test_pasted_or_from_files_the_master_reads_the_sales(books: tuple[Path, Path]) -> None:
    """Through recalc, pasted rows and CSV files (DuckDB): Z ended 2026-04-11 by the address
    rule; M keeps its typed start 2025-06-01 (its first sale after it); N and the others open."""
    for book in books:
        acc = recalculate(book).result.history.accounts.drop_duplicates("account")
        acc = acc.set_index("account")
        assert acc.at["Z", "end"] == pd.Timestamp("2026-04-11"), book.name
        assert acc.at["M", "start"] == pd.Timestamp("2025-06-01"), book.name
        assert pd.isna(acc.at["N", "end"]) and pd.isna(acc.at["H", "end"]), book.name


# --- the handover's first order: who won the account ------------------------------------------

# test_departed_wins' book (A, B and K; K leaves after August 2026, A serves his accounts;
# A wins AW1 with its first sale on 2025-12-10). K took back goods on AW1 on 2025-11-20 (a
# return, −¥5,000) before A's first sale: the first order is A's sale, AW1 A's win (on every
# line K's return made it K's: A's new accounts 1).
RETURN_DAY = "2025/11/20"


def _departed_rows() -> dict[str, list[list[object]]]:
    rows = departed_rows()
    rows["Orders"].append([RETURN_DAY, "AW1", "K", -5_000, -1])
    return rows


def test_the_rep_who_took_a_return_did_not_win_the_account() -> None:
    _, handed = hand_over(history_of(_departed_rows()), date(2026, 11, 10), date(2027, 4, 1))
    assert handed is not None and handed.departed == ("K",)
    won = dict(handed.opened_by)
    assert "AW1" not in won  # A's win, not K's
    assert {a for a, r in won.items() if r == "K"} == {
        *(f"K{i}" for i in range(10)),
        "KW1",
        "KW2",
        "KW3",
    }


def test_pasted_or_from_files_the_win_is_the_first_sales_reps(tmp_path: Path) -> None:
    rows = _departed_rows()
    csv_history(tmp_path, rows)
    pasted = sources_or_pasted_book(tmp_path / "pasted.xlsm", rows, DEPARTED_KGI)
    sourced = sources_or_pasted_book(tmp_path / "sourced.xlsm", None, DEPARTED_KGI)
    got = []
    for book in (pasted, sourced):
        recalculate(book)
        targets = targets_by_key(book)
        assert targets[("FY2027", "A", "new_accounts")][4] == 2, book.name
        assert targets[("FY2027", "ALL", "new_accounts")][4] == 6, book.name
        got.append({k: v[4:6] for k, v in targets.items()})
    assert got[0] == got[1]
