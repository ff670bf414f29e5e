"""The Plan's status line prints whole (trial 22 #13: 「…最高の年を迎えれば到達) · 履」).

The status stays in one wrapping cell (readers and the remembered stamp find it whole there)
and its row is written as tall as the text wraps to in the note column, so the history
sources at its end are on the screen and on paper. Real workbooks written and read back.
"""

from __future__ import annotations

import math
from pathlib import Path
from unicodedata import east_asian_width

import openpyxl
import pytest

from routekpi.io.samplebook import write_sample_workbook
from routekpi.messages import text
from routekpi.recalc import recalculate
from routekpi.sample import generate_sample
from routekpi.schema import OUTPUT_COLUMNS
from routekpi.share.copies import build_copy, load_source
from routekpi.sources import SourceRef

pytest.importorskip("duckdb")

NOTE = next(c for c in OUTPUT_COLUMNS["Plan"] if c.key == "note")
# A long export name, as an ERP names its files: the status ends with it.
CSV = "受注明細_2023-2026_埼玉群馬_全得意先_税抜_基幹システム出力.csv"


def _status_row(path: Path, tab: str = "Plan") -> tuple[int, object, float | None, bool]:
    """(row, the note cell's value, the row's written height, whether the cell wraps)."""
    wb = openpyxl.load_workbook(path)
    try:
        ws = wb[tab]
        label = text("plan.status", "ja")
        row = next(r for r in range(1, 10) if ws.cell(r, 1).value == label)
        cell = ws.cell(row, 3)
        dims = ws.row_dimensions.get(row)
        height = dims.height if dims is not None and dims.customHeight else None
        return row, cell.value, height, bool(cell.alignment.wrap_text)
    finally:
        wb.close()


def _units(value: str) -> int:
    return sum(2 if east_asian_width(ch) in "WF" else 1 for ch in value)


@pytest.fixture
def small_book(tmp_path: Path) -> Path:
    path = tmp_path / "small.xlsm"
    write_sample_workbook(path, "ja", seed=11, orders_rows=4_000)
    return path


def test_a_short_status_keeps_the_row_as_it_was(small_book: Path) -> None:
    # A KGI the running year reaches: the status gives the verdict, not the landing's
    # longer sentence (「今年度は KGI の …% に着地する見込み」, fix53b), which wraps.
    wb = openpyxl.load_workbook(small_book, keep_vba=True)
    ws = wb["Settings"]
    assert str(ws["A4"].value).startswith("KGI")
    ws["B4"] = float(ws["B4"].value) * 0.5
    wb.save(small_book)
    wb.close()
    report = recalculate(small_book)
    row, value, height, _ = _status_row(small_book)
    # 「2026-… 計算 / 読込 …行 / チェック …件 / …」 fits one line of the 90-wide note column.
    assert (row, value, height) == (2, report.status, None)
    assert _units(report.status) <= NOTE.width - 2


def test_a_status_with_its_sources_gets_a_row_tall_enough_for_every_line(
    small_book: Path, tmp_path: Path
) -> None:
    orders = tmp_path / CSV
    sample = generate_sample()
    sample.orders.to_csv(orders, index=False, encoding="utf-8")
    report = recalculate(small_book, sources={"Orders": SourceRef("Orders", str(orders))})
    assert report.status.endswith(CSV)  # 「… · 履歴: Orders=受注明細_….csv」
    row, value, height, wraps = _status_row(small_book)
    # One cell holds the whole status (not cut, not split over rows), and it wraps.
    assert (row, value, wraps) == (2, report.status, True)
    # Tall enough at the narrowest reading: two units a Japanese character, 88 units a line
    # (the column's 90 less a margin), 18.75 pt a line (Excel's ja row height).
    assert height is not None
    lines = height / 18.75
    assert lines == int(lines) and lines >= math.ceil(_units(report.status) / (NOTE.width - 2))
    assert lines >= 2
    # The rows below are the Plan as before: 計画期間 right under the status.
    wb = openpyxl.load_workbook(small_book, read_only=True)
    try:
        assert wb["Plan"].cell(3, 1).value == text("plan.period", "ja")
    finally:
        wb.close()


def test_the_team_copy_prints_the_status_whole_too(small_book: Path, tmp_path: Path) -> None:
    orders = tmp_path / CSV
    generate_sample().orders.to_csv(orders, index=False, encoding="utf-8")
    refs = {"Orders": SourceRef("Orders", str(orders))}
    recalculate(small_book, sources=refs)
    _, master_status, master_height, _ = _status_row(small_book)
    data, info = build_copy(load_source(small_book, sources=refs))
    copy = tmp_path / "team.xlsx"
    copy.write_bytes(data)
    tab = next(t for t in info.sheets if t in ("Plan", "計画"))
    _, value, height, wraps = _status_row(copy, tab)
    assert CSV in str(value) and wraps
    assert height == master_height and height is not None and height >= 2 * 18.75
    assert str(master_status).endswith(CSV)


def test_checks_names_a_source_file_whole_in_its_sheet_column(
    small_book: Path, tmp_path: Path
) -> None:
    """Trial 22: 「受注明細_2023-‹」 and 「得意先マスタ.xls」 were cut at the next column."""
    orders = tmp_path / "受注明細_2023-2026.csv"
    generate_sample().orders.to_csv(orders, index=False, encoding="utf-8")
    recalculate(small_book, sources={"Orders": SourceRef("Orders", str(orders))})
    wb = openpyxl.load_workbook(small_book)
    try:
        ws = wb["Checks"]
        width = ws.column_dimensions["A"].width  # as the template wrote it from schema
        names = {ws.cell(r, 1).value for r in range(2, ws.max_row + 1)} - {None, ""}
    finally:
        wb.close()
    assert orders.name in names
    # 受注明細 is 4 × 2 units, _2023-2026.csv 14: 22, and a cell needs 2 more for its margins.
    assert _units(orders.name) == 22 and width == 24
    assert all(_units(str(name)) <= width - 2 for name in names)


def test_the_status_names_a_database_by_its_name_and_table_only() -> None:
    """Trial 33 L4: three postgresql://user@host:5432/… labels, one unbroken word each, ran
    the printed Dashboard's status line off the page. The status names a database by its
    kind, name and table; a file as it is; the console and the Checks keep the whole label."""
    from routekpi.contract import Check
    from routekpi.sources import sources_note

    def used(name: str, source: str) -> Check:
        params = {"input": name, "source": source}
        return Check(name, None, "", None, "source_used", params, "info")

    checks = [
        used("Orders", "postgresql://kobayashi@localhost:5432/trial33_food orders"),
        used("Visits", "sqlite:///data/sales.db visits"),
        used("Accounts", "得意先マスタ.csv"),
    ]
    assert sources_note(checks, short=True) == (
        "Orders=postgresql: trial33_food orders, Visits=sqlite: data/sales.db visits, "
        "Accounts=得意先マスタ.csv"
    )
    assert sources_note(checks).startswith(
        "Orders=postgresql://kobayashi@localhost:5432/trial33_food orders, "
    )
