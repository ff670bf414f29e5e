"""History sources through every file door: recalc, backtest and daily.

A source named for an input (Sources sheet or ``--orders`` …) replaces that input's sheet
completely: the sheet is not even read. ``backtest`` and ``daily`` honour the Sources sheet and
the command-line options as ``recalc`` does, and give what the same rows pasted in the book
give. Small data: the sample workbook (38,873 orders, 62,881 visits).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from routekpi.cli import main
from routekpi.io.reader import BackgroundRead
from routekpi.io.sheetrewrite import rewrite_workbook
from routekpi.io.sheetxml import SheetContent
from routekpi.pipeline import RecalcError, compute_file, read_file, validate
from routekpi.sample import generate_sample
from routekpi.sources import SourceRef

pytest.importorskip("duckdb")

ORDER_HEADERS = ["受注日", "顧客コード", "担当者", "金額(円)", "数量"]
# Not an Orders table: no date column, text where amounts go. Read and validated, it stops
# the run ("missing_column_stop").
GARBAGE = [["これは", "受注では", "ない"], ["x", "y", "z"], [1, "two", None]]


def _history_files(folder: Path) -> tuple[Path, Path]:
    """The sample book's orders (CP932, Japanese headers, 2025/04/01 dates, as Excel on a
    Japanese PC saves CSV) and visits (UTF-8 TSV): the very rows of its sheets."""
    sample = generate_sample()  # the rows write_sample_workbook put on the sheets
    orders, visits = folder / "受注履歴.csv", folder / "visits.tsv"
    sample.orders.to_csv(
        orders, index=False, encoding="cp932", header=ORDER_HEADERS, date_format="%Y/%m/%d"
    )
    sample.visits.to_csv(visits, index=False, sep="\t", encoding="utf-8")
    return orders, visits


def _replace_sheet(book: Path, tab: str, rows: list[list[object]]) -> None:
    rewrite_workbook(book, {tab: SheetContent(rows=rows)})


@pytest.fixture
def garbage_book(sample_book: Path, tmp_path: Path) -> tuple[Path, Path, Path, Path]:
    """(the pristine sample book, a copy whose Orders and Visits sheets hold garbage, the
    orders CSV, the visits TSV)."""
    broken = tmp_path / "garbage.xlsm"
    broken.write_bytes(sample_book.read_bytes())
    _replace_sheet(broken, "Orders", GARBAGE)
    _replace_sheet(broken, "Visits", GARBAGE)
    orders, visits = _history_files(tmp_path)
    return sample_book, broken, orders, visits


def _refs(orders: Path, visits: Path) -> dict[str, SourceRef]:
    return {
        "Orders": SourceRef("Orders", str(orders)),
        "Visits": SourceRef("Visits", str(visits)),
    }


def test_a_sheet_named_by_a_source_is_not_read(garbage_book: tuple[Path, ...]) -> None:
    pristine, broken, orders, visits = garbage_book
    with pytest.raises(RecalcError):  # the garbage, read, stops the run
        compute_file(broken)
    data = read_file(broken, sources=_refs(orders, visits))
    assert data.sheets["Orders"] is None and data.sheets["Visits"] is None
    assert data.skipped == {"Orders", "Visits"}
    assert data.sheets["Accounts"] is not None  # not named: read as ever
    assert data.user_headers == {}  # a replaced sheet is not "missing": no look-alike search

    files, _ = compute_file(broken, sources=_refs(orders, visits))
    sheets, _ = compute_file(pristine)
    pd.testing.assert_frame_equal(files.result.targets, sheets.result.targets, check_exact=True)
    pd.testing.assert_frame_equal(
        files.result.attainment, sheets.result.attainment, check_exact=True
    )
    # Checks name the files, never the replaced sheets; the status says where history is from.
    assert not [c for c in files.checks if c.sheet in ("Orders", "Visits")]
    used = [
        (c.params["input"], c.params["source"]) for c in files.checks if c.problem == "source_used"
    ]
    assert used == [("Orders", "受注履歴.csv"), ("Visits", "visits.tsv")]


def test_the_sources_sheet_replaces_a_garbage_sheet_in_recalc(
    garbage_book: tuple[Path, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    """Named on the Sources sheet (relative to the book's folder, encoding given)."""
    _, broken, orders, visits = garbage_book
    _replace_sheet(
        broken,
        "Sources",
        [
            ["入力", "ソース", "テーブル/クエリ", "文字コード"],
            ["受注", orders.name, None, "cp932"],
            ["訪問", visits.name, None, None],
        ],
    )
    assert read_file(broken, sources={}).skipped == {"Orders", "Visits"}
    assert read_file(broken).skipped == set()  # a door that keeps to the sheets reads them
    # The command line's read, started before the engine imports, waits for it to read them.
    assert BackgroundRead(broken).result().skipped == {"Orders", "Visits"}
    assert main(["recalc", str(broken)]) == 0
    printed = capsys.readouterr().out
    assert "履歴の読み込み元: Orders=受注履歴.csv, Visits=visits.tsv" in printed


def test_backtest_from_csv_sources_equals_the_rows_pasted_in_the_book(
    garbage_book: tuple[Path, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    pristine, broken, orders, visits = garbage_book
    assert main(["backtest", str(pristine), "--json"]) == 0
    want = json.loads(capsys.readouterr().out)
    args = ["backtest", str(broken), "--json", "--orders", str(orders), "--visits", str(visits)]
    assert main(args) == 0
    got = json.loads(capsys.readouterr().out)
    assert want["year"] == got["year"] == 2025
    assert got == want  # every KPI row, every method, the summary and the KGI


def test_backtest_rows_from_a_source_are_the_sheet_validators_rows(
    garbage_book: tuple[Path, ...],
) -> None:
    """raw_rows: the same frames (values and their order) as the sheets give. Text dtypes
    are not compared: the sheet reader itself gives pandas strings for a big sheet
    (fastexcel) and Python objects for a small one (calamine)."""
    pristine, broken, orders, visits = garbage_book
    want = validate(read_file(pristine), kgi=1).inputs.history
    data = read_file(broken, sources=_refs(orders, visits))
    got = validate(
        data, kgi=1, sources=_refs(orders, visits), base=broken.parent, raw_rows=True
    ).inputs.history
    assert got.facts is None
    for name in ("orders", "visits", "accounts", "holidays"):
        a, b = getattr(got, name), getattr(want, name)
        pd.testing.assert_frame_equal(a, b, check_exact=True, check_dtype=False)
        numbers = [c for c in a.columns if c in ("date", "amount", "quantity", "start", "end")]
        assert a[numbers].dtypes.to_dict() == b[numbers].dtypes.to_dict()


def test_daily_honours_the_sources(
    garbage_book: tuple[Path, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    pristine, broken, orders, visits = garbage_book
    assert main(["daily", str(pristine), "--json", "--days", "3"]) == 0
    want = json.loads(capsys.readouterr().out)
    args = ["daily", str(broken), "--json", "--days", "3", "--orders", str(orders)]
    assert main([*args, "--visits", str(visits)]) == 0
    got = json.loads(capsys.readouterr().out)
    assert got == want and got["daily"]  # the same visit list, not an empty one
