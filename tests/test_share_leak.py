"""The last check on a rep's copy (``share.copies.leak_in``) reads what a reader sees as text:
a yen amount equal to a colleague's numeric customer code is no leak (trial 20: codes
300001 – 303158, ¥301,040 on a Daily row, every copy refused); the same code as text is,
and the refusal names the sheet and the code."""

from __future__ import annotations

import io

import openpyxl
from openpyxl.chart import BarChart, Reference

from routekpi.share.copies import Guard, find_leak, leak_in

# The colleague's customer 301040 and his name; the rep's own customer 300001.
GUARD = Guard(own=["300001", "Tanaka"], tokens=frozenset({"301040", "Sato"}))


def _copy(*cells: tuple[str, object], chart: bool = False) -> bytes:
    """A workbook with a first sheet (訪問計画) holding ``cells`` (A1, A2 …) and a summary
    sheet, as bytes; with ``chart``, a bar chart over the numbers of column A."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "まとめ"
    ws["A1"] = "合計"
    daily = wb.create_sheet("訪問計画")
    for i, (_, value) in enumerate(cells, start=1):
        daily.cell(i, 1, value)
    if chart:
        bars = BarChart()
        bars.add_data(Reference(daily, min_col=1, min_row=1, max_row=len(cells)))
        daily.add_chart(bars, "C2")
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_a_yen_amount_equal_to_a_colleagues_code_is_no_leak() -> None:
    data = _copy(("amount", 301040), ("amount", 301040.0), ("own", "300001"), chart=True)
    assert find_leak(data, GUARD) is None
    assert leak_in(data, GUARD) is None


def test_the_code_as_text_is_a_leak_named_with_its_sheet_and_code() -> None:
    data = _copy(("amount", 12000), ("text", "要注意 301040 山田医院"))
    part, sheet, word = leak_in(data, GUARD)  # type: ignore[misc]
    assert sheet == "訪問計画" and word == "301040"
    assert part.startswith("xl/") and find_leak(data, GUARD) == part


def test_a_colleagues_name_in_a_formula_or_a_sheet_name_is_a_leak() -> None:
    formula = _copy(("f", '=IF(A2>0,"Sato","")'))
    assert leak_in(formula, GUARD)[2] == "Sato"  # type: ignore[index]
    wb = openpyxl.load_workbook(io.BytesIO(_copy(("n", 1))))
    wb["まとめ"].title = "Sato"
    buffer = io.BytesIO()
    wb.save(buffer)
    assert leak_in(buffer.getvalue(), GUARD)[2] == "Sato"  # type: ignore[index]


def test_text_is_read_unescaped() -> None:
    guard = Guard(own=[], substrings=("佐藤&鈴木商店",))
    assert leak_in(_copy(("t", "佐藤&鈴木商店 様")), guard) is not None
