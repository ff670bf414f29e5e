"""The backtest speaks the workbook's language: the Backtest sheet and the console.

A Japanese book read back has no English header or label (the product name routekpi and the
acronyms KPI/KGI aside), an English one no Japanese; each KPI's values are in its own unit.
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

from routekpi.cli import main
from tests.test_backtest import tiny_workbook

ALLOWED = {"KPI", "KGI", "routekpi", "FY"}  # names and acronyms used as they are in Japanese
ENGLISH = re.compile(r"[A-Za-z]+")
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")


def _english(value: str) -> set[str]:
    return {w for w in ENGLISH.findall(value) if w not in ALLOWED}


def _sheet(book: Path) -> list[tuple[object, ...]]:
    return list(openpyxl.load_workbook(book)["Backtest"].iter_rows(values_only=True))


def _headers(book: Path) -> list[str]:
    ws = openpyxl.load_workbook(book)["Backtest"]
    return [c.value for row in ws.iter_rows() for c in row if c.style == "rk_header" and c.value]


def test_a_japanese_book_gets_a_japanese_sheet_and_console(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = tiny_workbook(tmp_path / "tiny_ja.xlsm", lang="ja")
    capsys.readouterr()
    assert main(["backtest", str(book), "--sheet"]) == 0
    out = capsys.readouterr().out
    headers = _headers(book)
    assert "担当者" in headers and "誤差の中央値" in headers and "前年並み" in headers
    assert {h: _english(h) for h in headers if _english(h)} == {}
    # Every text the sheet holds but the reps' names (A, B): labels, KPI names, the day and
    # why, the verdict, notes, the legend.
    cells = _sheet(book)
    reps = {"A", "B"}
    # A verdict line may name a rep (the worst miss, trial 47 M3): his name is no English.
    words = {
        v: _english(v) - reps
        for row in cells
        for v in row
        if isinstance(v, str) and v not in reps and _english(v) - reps
    }
    assert words == {}
    assert cells[0][0] == "バックテスト FY2024"
    labels = [row[0] for row in cells]
    assert "売上" in labels and "継続率" in labels and "全体(売上+レバー)" in labels
    assert any(row[1] == "チーム計" for row in cells)  # the team row, not ALL
    assert any(str(v).startswith("計画日は 2023-12-31") for v in labels if v)
    # The console: the same words, no English table header.
    head = next(line for line in out.splitlines() if "件数" in line)
    assert _english(head) == set() and "誤差の中央値" in out
    assert "Verdict" not in out and "Planned" not in out and "written" not in out
    assert "シート「Backtest」に書き込みました" in out


def test_an_english_book_gets_no_japanese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = tiny_workbook(tmp_path / "tiny_en.xlsm", lang="en")
    capsys.readouterr()
    assert main(["backtest", str(book), "--sheet"]) == 0
    out = capsys.readouterr().out
    cells = _sheet(book)
    found = [v for row in cells for v in row if isinstance(v, str) and JAPANESE.search(v)]
    assert found == []
    assert JAPANESE.search(out) is None
    assert "Median error" in _headers(book) and any(row[1] == "Team" for row in cells)


def test_each_kpi_in_its_unit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Revenue in yen, counts whole, rates as %, ratios with decimals; errors as %."""
    book = tiny_workbook(tmp_path / "tiny.xlsm")
    assert main(["backtest", str(book), "--sheet"]) == 0
    ws = openpyxl.load_workbook(book)["Backtest"]
    rows = {(r[0].value, r[1].value): r for r in ws.iter_rows() if r[0].value and len(r) > 8}
    revenue = rows[("Revenue", "A")]
    assert revenue[2].value == pytest.approx(1440)  # A's 2024: 12 × 120
    assert revenue[2].number_format == '"¥"#,##0' and revenue[6].number_format == "0.0%"
    assert rows[("Retention rate", "A")][2].number_format == "0.0%"
    assert rows[("New accounts", "B")][2].number_format == "#,##0"
    assert rows[("Orders per account (monthly)", "A")][2].number_format == "#,##0.00"


def test_the_sheet_prints_like_the_other_outputs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The Backtest sheet was added blank: landscape A4, one page wide, the rep × KPI
    table's two header rows on every page; a page setup the user changes is kept, the
    repeated rows follow the table."""
    book = tiny_workbook(tmp_path / "tiny.xlsm")
    assert main(["backtest", str(book), "--sheet"]) == 0
    wb = openpyxl.load_workbook(book, keep_vba=True)
    ws = wb["Backtest"]
    setup = ws.page_setup
    assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == (
        "landscape",
        9,  # A4
        1,
        0,
    )
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ws.page_margins.left, ws.page_margins.top) == (0.4, 0.5)
    header = next(
        i for i, row in enumerate(ws.iter_rows(values_only=True), 1) if row[:2] == ("KPI", "Rep")
    )
    # The group row (Target, Error) above the column names: both repeat.
    assert ws.print_title_rows == f"${header - 1}:${header}"
    ws.page_setup.orientation = "portrait"
    ws.print_title_rows = "1:2"  # stale: a run whose table started higher up
    wb.save(book)
    assert main(["backtest", str(book), "--sheet"]) == 0
    again = openpyxl.load_workbook(book)["Backtest"]
    assert again.page_setup.orientation == "portrait"
    assert again.print_title_rows == f"${header - 1}:${header}"
