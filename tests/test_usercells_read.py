"""usercells.read_cells: the plain cells (read by one match) and every other form (read by
the general path) give the same cells, as routekpi, Excel and LibreOffice write them."""

from __future__ import annotations

from routekpi.io.sheetxml import Cell, SheetContent, sheet_data_bytes
from routekpi.io.usercells import OldCell, read_cells

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _sheet(cells: str, prefix: str = "") -> bytes:
    p = f"{prefix}:" if prefix else ""
    xmlns = f"xmlns:{prefix}" if prefix else "xmlns"
    return (
        f'<{p}worksheet {xmlns}="{NS}"><{p}sheetData><{p}row r="1">{cells}</{p}row>'
        f"</{p}sheetData></{p}worksheet>"
    ).encode()


def _seen(cells: list[OldCell]) -> list[tuple[int, int, str | None, str, bool]]:
    return [(c.row, c.col, c.formula, c.shown, c.is_text) for c in cells]


def test_plain_and_general_forms_read_alike() -> None:
    strings = ["共有", "x"]
    plain = (
        '<c s="5" r="A1" t="inlineStr"><is><t>東京 本社</t></is></c>'  # routekpi's text
        '<c s="7" r="B1"><v>45000</v></c>'  # a number (a date's serial)
        '<c r="C1" s="1" t="s"><v>0</v></c>'  # Excel: shared string
        '<c r="D1" s="0" t="n"><v>1.5</v></c>'  # LibreOffice: t="n"
        '<c s="3" r="E1" t="b"><v>1</v></c>'
        '<c s="5" r="F1" t="inlineStr"><is><t xml:space="preserve"> 前後 </t></is></c>'
        '<c s="9" r="G1"/>'  # a styled blank: no cell
    )
    expected = [
        (1, 1, None, "東京 本社", True),
        (1, 2, None, "45000", False),
        (1, 3, None, "共有", True),
        (1, 4, None, "1.5", False),
        (1, 5, None, "TRUE", False),
        (1, 6, None, " 前後 ", True),
    ]
    assert _seen(read_cells(_sheet(plain), strings)) == expected
    # The same values in forms only the general path reads: other attributes, entities,
    # a namespace prefix, rich text, a formula with its cached value.
    general = (
        '<c r="A1" s="5" t="inlineStr" cm="1"><is><t>東京 本社</t></is></c>'
        '<c  r="B1"><v>45000</v></c>'
        '<c r="C1" t="s" vm="1"><v> 0 </v></c>'
        '<c r="D1"><f>A2*3</f><v>1.5</v></c>'
        '<c r="E1" t="b"><v>0</v></c>'
        '<c r="F1" t="inlineStr"><is><r><t>a&amp;</t></r><r><t>&lt;b&gt;</t></r></is></c>'
        '<c r="G1"></c>'
    )
    assert _seen(read_cells(_sheet(general), strings)) == [
        (1, 1, None, "東京 本社", True),
        (1, 2, None, "45000", False),
        (1, 3, None, "共有", True),
        (1, 4, "A2*3", "1.5", False),
        (1, 5, None, "FALSE", False),
        (1, 6, None, "a&<b>", True),
    ]
    prefixed = plain.replace("<c ", "<x:c ").replace("</c>", "</x:c>").replace("/>", " />")
    assert _seen(read_cells(_sheet(prefixed, "x"), strings)) == expected


def test_each_cell_keeps_its_xml_and_place() -> None:
    xml = _sheet('<c s="5" r="AB12" t="inlineStr"><is><t>メモ</t></is></c><c r="C3"><v>2</v></c>')
    first, second = read_cells(xml, [])
    assert (first.row, first.col, first.ref) == (12, 28, "AB12")
    assert first.xml == '<c s="5" r="AB12" t="inlineStr"><is><t>メモ</t></is></c>'
    assert (second.row, second.col, second.xml) == (3, 3, '<c r="C3"><v>2</v></c>')


def test_what_the_writer_writes_is_read_back() -> None:
    rows: list[list[object]] = [
        [Cell("見出し", "rk_header"), "a<b & c>", 3, 2.5, True, None, "=SUM(A1)"],
        ["_x0041_", "\t端", -0.0, float("nan"), 12345678901234, Cell(None, "rk_text"), ""],
    ]
    body = sheet_data_bytes(SheetContent(rows), {"rk_header": 4, "rk_text": 5}).decode()
    xml = f'<worksheet xmlns="{NS}">{body}</worksheet>'.encode()
    assert _seen(read_cells(xml, [])) == [
        (1, 1, None, "見出し", True),
        (1, 2, None, "a<b & c>", True),
        (1, 3, None, "3", False),
        (1, 4, None, "2.5", False),
        (1, 5, None, "TRUE", False),
        (1, 7, None, "=SUM(A1)", True),  # text, never a formula
        (2, 1, None, "_x005F_x0041_", True),  # the literal escape, as stored
        (2, 2, None, "\t端", True),
        (2, 3, None, "-0.0", False),
        (2, 5, None, "12345678901234", False),
    ]


def test_empty_or_missing_sheet_data() -> None:
    assert read_cells(b"<worksheet/>", []) == []
    assert read_cells(f'<worksheet xmlns="{NS}"><sheetData/></worksheet>'.encode(), []) == []
    assert (
        read_cells(f'<worksheet xmlns="{NS}"><sheetData></sheetData></worksheet>'.encode(), [])
        == []
    )
