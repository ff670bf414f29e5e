"""Database sources after trial 47 (fix48b): what sources47 did for SQLite, for the rest.

L7 on PostgreSQL: a mistyped table is the server's English; now our sentence with the Sources
row and the database's tables. L7: a ``?query=`` source is named by what it reads, not by its
URL alone. L5: a row-level problem of a table names the row by its key (order number, date,
account), not by its place in the query's order; the duplicate warning speaks of lines stored
twice, not pasted.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from routekpi.contract import Check, InputError, RawSheet
from routekpi.messages import text
from routekpi.sources import SourceRef, external_history, named_sources
from routekpi.sources.base import query_label
from tests.test_sources import _workbook_data as _data
from tests.test_sources import postgres  # noqa: F401  (fixture: a throwaway PostgreSQL server)

pytest.importorskip("duckdb")

SOURCES_HEADER = ["入力", "ソース", "テーブル/クエリ", "文字コード"]
ORDER_COLUMNS = "受注番号 TEXT, 受注日 TEXT, 得意先コード TEXT, 担当者 TEXT, 金額 TEXT"


def _db(path: Path, lines: list[tuple[object, ...]], customers: list[tuple[object, ...]]) -> Path:
    with sqlite3.connect(path) as conn:
        conn.execute(f"CREATE TABLE order_lines ({ORDER_COLUMNS})")
        conn.execute(
            "CREATE TABLE customers "
            "(得意先コード TEXT, 担当者 TEXT, 取引開始日 TEXT, 取引終了日 TEXT, 営業所 TEXT)"
        )
        conn.executemany("INSERT INTO order_lines VALUES (?, ?, ?, ?, ?)", lines)
        conn.executemany("INSERT INTO customers VALUES (?, ?, ?, ?, ?)", customers)
    conn.close()
    return path


def _checks(book_dir: Path, rows: list[list[object]]) -> list[Check]:
    checks: list[Check] = []
    data = _data({"Sources": RawSheet(name="Sources", rows=[SOURCES_HEADER, *rows])})
    refs = named_sources(data, None, book_dir, checks)
    ext = external_history(data, refs, today=date(2026, 12, 1))
    inputs = ext.inputs(ext.preview.last_date())
    return checks + inputs.checks


LINES = [
    ("J1", "2026-04-01", "K1", "佐藤", "100"),
    ("J2", "2026-04-02", "K2", "鈴木", "50"),
    ("J3", "2026-04-03", "K1", "佐藤", "百円"),  # an amount that is no number: left out
    ("J4", "2026-04-05", "K3", "鈴木", "70"),
]
CUSTOMERS = [  # 営業所: a column routekpi does not use (a note on the header)
    ("K1", "佐藤", "2020-04-01", None, "浜松"),
    ("K2", "鈴木", "2020-04-01", "2026-13-01", "浜松"),  # no such month
    ("K3", "鈴木", "2020-04-01", None, "豊橋"),
]


def test_a_tables_bad_row_is_named_by_its_key(tmp_path: Path) -> None:
    """Trial 47: 「customers 395 E 取引終了日」 named a row by the query's order; the ERP finds a
    customer by its code, an order line by its number, date and account."""
    _db(tmp_path / "erp.db", LINES, CUSTOMERS)
    checks = _checks(
        tmp_path,
        [
            ["受注", "sqlite:///erp.db", "order_lines", None],
            ["顧客", "sqlite:///erp.db", "customers", None],
        ],
    )
    keyed = [c for c in checks if c.problem == "source_row_keyed"]
    amount = next(c for c in keyed if c.sheet == "sqlite:///erp.db order_lines")
    assert (amount.row, amount.column, amount.value, amount.severity) == (
        None,
        "E 金額",
        "百円",
        "error",
    )
    said = text(amount.problem, "ja", **amount.params)
    key = "受注番号 J3・受注日 2026-04-03・得意先コード K1 の行: "
    assert said.startswith(key) and said[len(key) :] == text(
        str(amount.params["problem_key"]), "ja", value="百円"
    )
    assert text(amount.problem, "en", **amount.params).startswith(
        "the row with 受注番号 J3, 受注日 2026-04-03, 得意先コード K1: "
    )
    end = next(c for c in keyed if c.sheet == "sqlite:///erp.db customers")
    assert (end.row, end.column, end.value) == (None, "D 取引終了日", "2026-13-01")
    assert text(end.problem, "ja", **end.params).startswith("得意先コード K2 の行: ")
    # No row of either table is named by a number any more, nor its header.
    assert any(c.column == "E 営業所" and c.row is None for c in checks)
    assert not [c for c in checks if c.sheet.startswith("sqlite:") and c.row is not None]


def test_a_sheets_bad_row_keeps_its_number(tmp_path: Path) -> None:
    """The same line in a CSV file is a line the user can go to: named by its number."""
    (tmp_path / "orders.csv").write_text(
        "受注番号,受注日,得意先コード,担当者,金額\n"
        + "\n".join(",".join(line) for line in LINES)
        + "\n",
        encoding="utf-8",
    )
    checks = _checks(tmp_path, [["受注", "orders.csv", None, None]])
    bad = next(c for c in checks if c.sheet == "orders.csv" and c.column == "E 金額")
    assert (bad.row, bad.value) == (4, "百円") and bad.problem != "source_row_keyed"


def test_a_tables_repeated_slip_is_said_stored_twice_not_pasted(tmp_path: Path) -> None:
    """The duplicate warning of a table said 「貼り付けの重複」 and asked to paste the line-number
    column: nothing was pasted."""
    twice = [("J1", "2026-04-01", "K1", "佐藤", "100")] * 2 + [LINES[1]]
    _db(tmp_path / "erp.db", twice, CUSTOMERS[:1])
    checks = _checks(tmp_path, [["受注", "sqlite:///erp.db", "order_lines", None]])
    (dup,) = [c for c in checks if c.problem == "duplicate_rows_keyed"]
    ja, en = (text(dup.problem, lang, **dup.params) for lang in ("ja", "en"))
    assert "貼り付け" not in ja and "paste" not in en
    assert "伝票が二重に登録(取り込み)されたものとみなしました" in ja
    assert "テーブル・クエリに行番号(明細番号)の列も含めてください" in ja
    assert "read as stored twice" in en and "include the line-number column" in en


def test_a_query_source_is_named_by_what_it_reads(tmp_path: Path) -> None:
    query = (
        "SELECT 受注番号, 受注日, 得意先コード, 担当者, 金額 FROM order_lines WHERE 金額 <> '百円'"
    )
    assert query_label(query) == "SELECT … FROM order_lines"
    short = "sqlite:///erp.db?query=select a from x join y on x.k = y.k"
    assert (
        SourceRef("Orders", short).label == "sqlite:///erp.db select a from x join y on x.k = y.k"
    )
    long_join = (
        "SELECT o.*, c.担当者 FROM order_lines o "
        "JOIN customers c ON o.得意先コード = c.得意先コード"
    )
    # No comma: the status line joins its inputs by ", " (Orders=…, Visits=…).
    assert query_label(long_join) == "SELECT … FROM order_lines JOIN customers"
    assert SourceRef("Orders", f"sqlite:///erp.db?query={query}").label == (
        "sqlite:///erp.db SELECT … FROM order_lines"
    )
    _db(tmp_path / "erp.db", LINES, CUSTOMERS)
    checks = _checks(tmp_path, [["受注", f"sqlite:///erp.db?query={query}", None, None]])
    used = next(c for c in checks if c.problem.startswith("source_used"))
    assert used.sheet == "sqlite:///erp.db SELECT … FROM order_lines"


def test_a_mistyped_postgresql_table_lists_the_databases_tables(postgres: str) -> None:  # noqa: F811
    """Trial 47 L7 on PostgreSQL: 「relation "orderlines" does not exist」 in the server's
    English, no Sources row, no list; now as on SQLite."""
    import psycopg

    with psycopg.connect(postgres) as con:
        con.execute(f"CREATE TABLE IF NOT EXISTS order_lines ({ORDER_COLUMNS})")
        con.execute("CREATE SCHEMA IF NOT EXISTS erp")
        con.execute("CREATE TABLE IF NOT EXISTS erp.customers (得意先コード TEXT)")
    where = postgres.split("?", 1)[0]  # the URL without its options (no password either)
    for typed in (
        ["受注", postgres, "orderlines", None],
        ["受注", f"{postgres}&query=SELECT * FROM orderlines", None, None],
    ):
        with pytest.raises(InputError) as stop:
            _checks(Path("."), [typed])
        assert stop.value.key == "err.source_db_no_table"
        said = text(stop.value.key, "ja", **stop.value.params)
        column = "C テーブル/クエリ" if typed[2] else "B ソース"
        assert said == (
            f"データソースシート 2 行目 {column} の Orders のテーブル「orderlines」が {where} に"
            "ありません。このデータベースのテーブル: order_lines、erp.customers"
        )
        assert text(stop.value.key, "en", **stop.value.params).endswith(
            f"is not in {where}; the database's tables: order_lines, erp.customers"
        )


def test_a_functions_own_from_names_no_table() -> None:
    """review48: EXTRACT(YEAR FROM …) and TRIM(LEADING '0' FROM code) are no tables (the
    label read 「SELECT … FROM code JOIN sales JOIN reps」); a subquery's table still is."""
    trimmed = (
        "SELECT TRIM(LEADING '0' FROM code) AS account, sale_date, amount "
        "FROM sales JOIN reps ON reps.id = sales.rep"
    )
    assert query_label(trimmed) == "SELECT … FROM sales JOIN reps"
    year = "SELECT EXTRACT(YEAR FROM s.sale_date) AS y, s.code, s.amount FROM sales s"
    assert query_label(year) == "SELECT … FROM sales"
    inner = "SELECT a, b FROM order_lines WHERE b IN (SELECT code FROM customers)"
    assert query_label(inner) == "SELECT … FROM order_lines JOIN customers"
