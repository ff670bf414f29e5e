"""The rules for user cells on output sheets, and the package edits behind new sheets."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
import xlsxwriter

from routekpi.io.newsheets import merge_styles, recalc_on_open, set_defined_names, template_package
from routekpi.io.sheetxml import Cell, style_index
from routekpi.io.usercells import (
    OldCell,
    TableTexts,
    UserCells,
    split_cells,
    table_digests,
    table_texts,
    text_digests,
)
from routekpi.schema import CELL_STYLES

# routekpi's last table: 2 columns × 3 rows (header + 2).
OLD_TABLE = [["期間", "メモ"], ["2026-04", "基準"], ["2026-05", ""]]
DIGESTS = text_digests(table_texts(OLD_TABLE), 2)


def _cell(ref: str, shown: str, formula: str | None = None, text: bool = True) -> OldCell:
    col, row = ord(ref[0]) - 64, int(ref[1:])
    return OldCell(row, col, f'<c r="{ref}"/>', formula, shown, text)


def _ours() -> list[OldCell]:
    """routekpi's cells of rows 1-2 (row 3's A3 is added per test)."""
    return [_cell("A1", "期間"), _cell("B1", "メモ"), _cell("A2", "2026-04"), _cell("B2", "基準")]


def _split(cells: list[OldCell], digests: str | None = DIGESTS, block: int | None = 3) -> UserCells:
    table = [*OLD_TABLE, ["2026-06", "x"]]  # the new table is one row longer
    split = split_cells(cells, 2, block, TableTexts(table), digests)  # as the planner does
    assert split == split_cells(cells, 2, block, table_texts(table), digests)
    return split


def test_texts_read_on_demand_are_the_texts_of_the_table() -> None:
    table: list[list[object]] = [
        [Cell("期間", "rk_header"), "メモ", None],
        ["2026-04", 1.5, Cell("", "rk_text")],
        [Cell(None, "rk_int"), "", "右"],
        [3, None],
        [],
    ]
    texts = TableTexts(table)
    assert (
        dict(texts)
        == table_texts(table)
        == {(1, 1): "期間", (1, 2): "メモ", (2, 1): "2026-04", (3, 3): "右"}
    )
    assert texts.last_row() == 3 and TableTexts([[1.0], []]).last_row() == 0
    assert texts.get((3, 3)) == "右" and texts.get((2, 2)) is None and texts.get((9, 1)) is None
    assert texts.get((0, 1)) is None and texts.get((1, 0)) is None
    for width in (1, 2, 3):
        assert table_digests(table, width) == text_digests(table_texts(table), width)


def test_nothing_typed_nothing_moved() -> None:
    split = _split([*_ours(), _cell("A3", "2026-05")])
    assert split.moved == [] and split.kept == {}


def test_text_typed_into_an_empty_cell_of_the_block_is_found_exactly() -> None:
    typed = _cell("B3", "社長確認済み")  # B3 was empty in routekpi's table
    split = _split([*_ours(), _cell("A3", "2026-05"), typed])
    assert split.moved == [typed]


def test_text_typed_over_routekpis_text_is_moved_not_lost() -> None:
    """B2 was 基準: the digest no longer matches and no single cell explains it, so every
    text the new table does not write identically is kept (B2 here)."""
    over = _cell("B2", "要見直し")
    split = _split([*_ours()[:3], over, _cell("A3", "2026-05")])
    assert split.moved == [over]


def test_formula_in_block_is_moved_cells_right_and_below_are_kept() -> None:
    formula = _cell("B3", "12", formula="SUM(1,11)", text=False)
    right = _cell("D2", "beside a target")
    below_reached = _cell("A4", "the new table reaches row 4")
    below_free = _cell("B9", "far below")
    split = _split([*_ours(), _cell("A3", "2026-05"), formula, right, below_reached, below_free])
    assert split.moved == [formula, below_reached]
    assert split.kept == {2: [(4, right.xml)], 9: [(2, below_free.xml)]}


def test_without_a_record_the_block_ends_at_the_first_empty_row() -> None:
    gap_note = _cell("A6", "after a gap")
    split = _split([*_ours(), _cell("A3", "2026-05"), gap_note], digests=None, block=None)
    assert split.moved == [] and split.kept == {6: [(1, gap_note.xml)]}


@pytest.mark.parametrize(
    ("xml", "expected"),
    [
        (
            b'<workbook><sheets/><calcPr calcId="1"/></workbook>',
            b'<calcPr calcId="1" fullCalcOnLoad="1"/>',
        ),
        (
            b'<workbook><sheets/><calcPr fullCalcOnLoad="0"/></workbook>',
            b'<calcPr fullCalcOnLoad="1"/>',
        ),
        (b"<workbook><sheets></sheets></workbook>", b'</sheets><calcPr fullCalcOnLoad="1"/>'),
        (
            b"<workbook><sheets></sheets><definedNames></definedNames></workbook>",
            b'</definedNames><calcPr fullCalcOnLoad="1"/>',
        ),
    ],
)
def test_recalculate_on_open(xml: bytes, expected: bytes) -> None:
    assert expected in recalc_on_open(xml)
    assert recalc_on_open(recalc_on_open(xml)) == recalc_on_open(xml)


def test_block_names_replace_their_old_values_only() -> None:
    xml = (
        b'<workbook><sheets></sheets><definedNames><definedName name="KGI">S!$B$4</definedName>'
        b'<definedName name="_rk_block_Plan" hidden="1">Plan!$A$1:$C$9</definedName>'
        b"</definedNames></workbook>"
    )
    new = set_defined_names(xml, {"_rk_block_Plan": "'Plan'!$A$1:$C$20", "_rk_text_Plan": '"0"'})
    assert new.count(b"_rk_block_Plan") == 1 and b"$C$20" in new and b"$C$9" not in new
    assert b'<definedName name="KGI">S!$B$4</definedName>' in new
    assert b'<definedName name="_rk_text_Plan" hidden="1">"0"</definedName>' in new
    bare = set_defined_names(b"<workbook><sheets></sheets><calcPr/></workbook>", {"_a": "S!$A$1"})
    assert b'</sheets><definedNames><definedName name="_a" hidden="1">S!$A$1</definedName>' in bare


def test_named_styles_are_merged_into_a_foreign_stylesheet() -> None:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    wb.add_worksheet().write(0, 0, 1, wb.add_format({"num_format": "yyyy-mm-dd", "bold": True}))
    wb.close()
    with zipfile.ZipFile(buf) as zf:
        styles = zf.read("xl/styles.xml")
    template_styles = template_package("ja")["styles.xml"]
    merged = merge_styles(styles, template_styles, with_dxfs=True)
    index = style_index(merged.xml)
    assert set(index) >= set(CELL_STYLES)
    assert len(set(index[s] for s in CELL_STYLES)) == len(CELL_STYLES)
    assert b'formatCode="yyyy-mm-dd"' in merged.xml and merged.xml.count(b"yyyy-mm-dd") == 1
    # Every template dxf (conditional-format highlights, the Dashboard's too) is appended, at the
    # same index, as XlsxWriter wrote no dxfs of its own.
    template_dxfs = len(re.findall(rb"<dxf[\s/>]", template_styles))
    assert template_dxfs >= 4
    assert merged.dxfs == {i: i for i in range(template_dxfs)}
    assert len(re.findall(rb"<dxf[\s/>]", merged.xml)) == template_dxfs
    again = merge_styles(merged.xml, template_styles)
    assert again.xml == merged.xml  # nothing added twice
