"""Trial 47: an ERP history in SQLite named on the Sources sheet.

M4: ``sqlite:///erp.db`` is read from the workbook's folder (as a relative file path on Sources
is), not from the current folder; a database that is not there names the Sources row and column
and the full path tried. L7: a table the database does not hold names the row and lists the
tables it does. L5: a repeated line in a database table is named by its key (order number,
date, account), not by a row number the user cannot go to.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from routekpi.contract import InputError, RawSheet
from routekpi.messages import text
from routekpi.sources import SourceRef, external_history, named_sources
from tests.test_sources import _workbook_data as _data

pytest.importorskip("duckdb")

SOURCES_HEADER = ["入力", "ソース", "テーブル/クエリ", "文字コード"]
ORDERS_COLUMNS = "受注番号 TEXT, 受注日 TEXT, 得意先コード TEXT, 担当者 TEXT, 金額 REAL"


def _db(path: Path, lines: list[tuple[str, str, str, str, float]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(path) as conn:
        conn.execute(f"CREATE TABLE order_lines ({ORDERS_COLUMNS})")
        conn.execute("CREATE TABLE customers (得意先コード TEXT)")
        conn.executemany("INSERT INTO order_lines VALUES (?, ?, ?, ?, ?)", lines)
    conn.close()
    return path


def _inputs(book_dir: Path, rows: list[list[object]], given: dict[str, SourceRef] | None = None):
    """The inputs of a workbook in ``book_dir`` whose Sources sheet holds ``rows``."""
    checks: list = []
    data = _data({"Sources": RawSheet(name="Sources", rows=[SOURCES_HEADER, *rows])})
    refs = named_sources(data, given, book_dir, checks)
    ext = external_history(data, refs, today=date(2026, 12, 1))
    inputs = ext.inputs(ext.preview.last_date())
    return inputs, checks + inputs.checks


def _revenue(inputs) -> dict[str, float]:
    facts = inputs.history.facts
    assert facts is not None
    return facts.rep_months.groupby("rep")["revenue"].sum().to_dict()


BOOK_LINES = [
    ("J1", "2026-04-01", "K1", "佐藤", 100.0),
    ("J2", "2026-05-01", "K2", "鈴木", 50.0),
]
OTHER_LINES = [("X1", "2026-04-01", "K9", "山田", 999.0)]


def test_a_relative_sqlite_url_is_read_from_the_workbooks_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run from another folder holding its own erp.db: the book's erp.db is read (trial 47 M4:
    a copy of the book in lo/ silently read data/erp.db, the current folder's)."""
    book_dir, cwd = tmp_path / "data", tmp_path / "elsewhere"
    _db(book_dir / "erp.db", BOOK_LINES)
    _db(cwd / "erp.db", OTHER_LINES)
    monkeypatch.chdir(cwd)
    for row in (
        ["受注", "sqlite:///erp.db", "order_lines", None],
        ["受注", "sqlite:///erp.db?table=order_lines", None, None],
    ):
        inputs, _ = _inputs(book_dir, [row])
        assert _revenue(inputs) == {"佐藤": 100.0, "鈴木": 50.0}
    # A folder below the book's, typed as on Windows.
    _db(book_dir / "erp" / "sales.db", BOOK_LINES[:1])
    inputs, _ = _inputs(book_dir, [["受注", "sqlite:///erp\\sales.db", "order_lines", None]])
    assert _revenue(inputs) == {"佐藤": 100.0}


def test_a_missing_database_names_the_sources_row_and_the_full_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_dir = tmp_path / "lo"  # the book copied to a folder without the database
    copy_dir.mkdir()
    _db(tmp_path / "erp.db", OTHER_LINES)
    monkeypatch.chdir(tmp_path)  # where the old reading found a database
    rows = [["訪問", "visits.csv", None, None], ["受注", "sqlite:///erp.db", "order_lines", None]]
    with pytest.raises(InputError) as stop:
        _inputs(copy_dir, rows[1:])
    assert stop.value.key == "err.source_db_not_found"
    tried = str((copy_dir / "erp.db").absolute())
    assert text(stop.value.key, "ja", **stop.value.params).startswith(
        f"データソースシート 2 行目 B ソース の Orders のデータベース「sqlite:///erp.db」が"
        f"見つかりません: {tried}(sqlite:///ファイル名 はブックと同じフォルダから読みます"
    )
    said = text(stop.value.key, "en", **stop.value.params)
    assert "Sources row 2, column B ソース" in said and tried in said
    # From the command line: the path named is the one tried, from the current folder.
    given = {"Orders": SourceRef("Orders", "sqlite:///nowhere.db", table="order_lines")}
    with pytest.raises(InputError) as stop:
        _inputs(copy_dir, [], given)
    assert stop.value.key == "err.source_db_not_found_given"
    assert text(stop.value.key, "ja", **stop.value.params) == (
        f"Orders のデータベース「sqlite:///nowhere.db」が見つかりません: {tmp_path / 'nowhere.db'}"
    )


def test_a_mistyped_table_lists_the_databases_tables(tmp_path: Path) -> None:
    _db(tmp_path / "erp.db", BOOK_LINES)
    for row, column in (
        (["受注", "sqlite:///erp.db", "orderlines", None], "C テーブル/クエリ"),
        (["受注", "sqlite:///erp.db?table=orderlines", None, None], "B ソース"),
    ):
        with pytest.raises(InputError) as stop:
            _inputs(tmp_path, [row])
        assert stop.value.key == "err.source_db_no_table"
        path = tmp_path / "erp.db"
        assert text(stop.value.key, "ja", **stop.value.params) == (
            f"データソースシート 2 行目 {column} の Orders のテーブル「orderlines」が {path} に"
            "ありません。このデータベースのテーブル: customers、order_lines"
        )
        assert text(stop.value.key, "en", **stop.value.params).endswith(
            f"is not in {path}; the database's tables: customers, order_lines"
        )


def test_repeated_lines_of_a_table_are_named_by_their_key(tmp_path: Path) -> None:
    """Trial 47 L5: 「271207行目」 named a line of a table no user can go to; the order number,
    date and account of the first repeat can be looked up in the ERP."""
    lines = [
        ("J1", "2026-04-01", "K1", "佐藤", 100.0),
        ("J1", "2026-04-01", "K1", "佐藤", 100.0),  # the whole slip twice: not counted
        ("J2", "2026-04-02", "K2", "鈴木", 30.0),
        ("J2", "2026-04-02", "K2", "鈴木", 30.0),  # part of a slip: summed as another item
        ("J2", "2026-04-02", "K2", "鈴木", 70.0),
    ]
    _db(tmp_path / "erp.db", lines)
    inputs, checks = _inputs(tmp_path, [["受注", "sqlite:///erp.db", "order_lines", None]])
    assert _revenue(inputs) == {"佐藤": 100.0, "鈴木": 130.0}
    said = {c.problem: c for c in checks if c.sheet == "sqlite:///erp.db order_lines"}
    dup, slip = said["duplicate_rows_keyed"], said["slip_lines_repeated_keyed"]
    assert dup.row is None and slip.row is None
    assert "duplicate_rows" not in said and "slip_lines_repeated" not in said
    ja = text(dup.problem, "ja", **dup.params)
    assert "(最初の重複: 受注番号 J1・受注日 2026-04-01・得意先コード K1)" in ja
    assert "合計 ¥100 です" in ja and "行目" not in ja
    assert "(the first repeat: 受注番号 J1, 受注日 2026-04-01, 得意先コード K1)" in text(
        dup.problem, "en", **dup.params
    )
    assert text(slip.problem, "ja", **slip.params).startswith(
        "同じ受注番号の伝票の中で、前の行とまったく同じ内容の行が1行あります"
        "(最初は 受注番号 J2・受注日 2026-04-02・得意先コード K2)"
    )
    # Without order numbers: the identical lines are all counted, named by date and account.
    with sqlite3.connect(tmp_path / "erp.db") as conn:
        conn.execute(
            "CREATE TABLE plain AS SELECT 受注日, 得意先コード, 担当者, 金額 FROM order_lines"
        )
    conn.close()
    inputs, checks = _inputs(tmp_path, [["受注", "sqlite:///erp.db", "plain", None]])
    (same,) = [c for c in checks if c.problem.startswith("identical_lines")]
    assert same.problem == "identical_lines_keyed" and same.row is None
    assert "(最初は 受注日 2026-04-01・得意先コード K1)" in text(same.problem, "ja", **same.params)
