"""Trial 44's input findings (業務用酒類・飲料卸: an SFA export and a 基幹 export pasted as they
come), each on a small sample book written, recalculated and read back:

- H3: the SFA's 活動日時 (``2026/12/05 14:30``) is the visit date, the time dropped; a sheet
  without its date column says how many rows that leaves unused, not 「エラー 1 件」.
- M2: 伝票No is the order number (受注番号): the lines of one slip are one order.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from workbook_files import checks_sheet, edit, recalc

from routekpi.cli import main
from routekpi.io.samplebook import write_sample_workbook
from routekpi.schema import ORDERS, VISITS


@pytest.fixture(scope="module")
def small_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small sample workbook (4,000 order lines), built once."""
    path = tmp_path_factory.mktemp("small44") / "small.xlsm"
    write_sample_workbook(path, "ja", seed=11, orders_rows=4_000)
    return path


@pytest.fixture
def book(small_master: Path, tmp_path: Path) -> Path:
    path = tmp_path / "book.xlsm"
    shutil.copyfile(small_master, path)
    return path


def _visit_rows(wb: openpyxl.Workbook) -> int:
    ws = wb["Visits"]
    return sum(1 for r in ws.iter_rows(min_row=2, values_only=True) if any(r))


def _sfa_dates(wb: openpyxl.Workbook, header: str) -> None:
    """The Visits date column as the SFA writes it: 活動日時 over ``2026/12/05 14:30`` text."""
    ws = wb["Visits"]
    ws["A1"] = header
    for (cell,) in ws.iter_rows(min_row=2, max_col=1):
        if isinstance(cell.value, datetime):
            cell.value = cell.value.strftime("%Y/%m/%d") + " 14:30"


@pytest.mark.parametrize(
    "header", ["活動日時", "活動日", "日時", "実施日時", "訪問日時", "活動開始日時"]
)
def test_the_sfa_date_headers_name_the_visit_date(header: str) -> None:
    assert VISITS.column("date").matches(header)


def test_an_sfa_activity_date_with_its_time_is_the_visit_date(
    book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same visits under 活動日時 with a time of day give the very visit targets of the
    plain dates (before: every row left out, no visit KPI at all)."""
    plain = shutil.copyfile(book, book.with_name("plain.xlsm"))
    before = [t for t in recalc(plain, capsys)["targets"] if t["kpi"] == "visits"]  # type: ignore[index, union-attr]
    with edit(book) as wb:
        _sfa_dates(wb, "活動日時")
    doc = recalc(book, capsys)
    assert not [c for c in checks_sheet(book, "Visits") if "必須の列" in str(c[4])]
    after = [t for t in doc["targets"] if t["kpi"] == "visits"]  # type: ignore[union-attr]
    assert before
    assert after == before


def test_a_sheet_without_its_date_column_says_all_its_rows_are_unused(
    book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with edit(book) as wb:
        wb["Visits"]["A1"] = "活動目"  # no date header at all
        n = _visit_rows(wb)
    assert main(["recalc", str(book)]) == 0
    out = capsys.readouterr().out
    assert f"エラー {n:,} 件(使わなかった行)" in out
    assert f"Visits の {n:,} 行すべてを使えませんでした" in out
    [row] = [c for c in checks_sheet(book, "Visits") if "必須の列" in str(c[4])]
    assert row[4] == (
        f"必須の列「訪問日 / Date」が見つかりません(見出しを確認してください)。"
        f"Visits の {n:,} 行すべてを使えませんでした"
    )


def _kpi(doc: dict[str, object], kpi: str) -> list[tuple[object, ...]]:
    return [
        (t["rep"], t["period"], t["target"])
        for t in doc["targets"]  # type: ignore[attr-defined]
        if t["kpi"] == kpi
    ]


@pytest.mark.parametrize("header", ["伝票No", "伝票NO", "伝票No.", "伝票番号"])
def test_the_erp_slip_headers_name_the_order_number(header: str) -> None:
    assert ORDERS.column("order_id").matches(header)


def test_the_lines_of_one_slip_are_one_order(
    book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each order line of the sample split in two lines of one 伝票No (2/3 and 1/3 of the
    amount and the quantity): the same orders and revenue targets as one line per order (before:
    伝票No unread, twice the orders)."""
    plain = recalc(shutil.copyfile(book, book.with_name("plain.xlsm")), capsys)
    with edit(book) as wb:
        ws = wb["Orders"]
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        assert rows[0] == ["受注日", "顧客コード", "担当者", "金額", "数量", "受注番号"]
        lines = [[*rows[0][:5], "伝票No"]]
        for i, (day, account, rep, amount, qty, _) in enumerate(rows[1:]):
            third = amount // 3  # two lines that differ (a line twice is a pasted duplicate)
            lines.append([day, account, rep, amount - third, qty - qty // 3, f"S{i:05d}"])
            lines.append([day, account, rep, third, qty // 3, f"S{i:05d}"])
        for r, line in enumerate(lines, start=1):
            for c, value in enumerate(line, start=1):
                ws.cell(r, c, value)
    doc = recalc(book, capsys)
    assert _kpi(plain, "orders")
    assert _kpi(doc, "orders") == _kpi(plain, "orders")
    assert _kpi(doc, "revenue") == _kpi(plain, "revenue")
