"""``routekpi repair`` brings an older book's output sheets up to the current template's
layout: page setup (A4 landscape, one page wide) and the Dashboard's charts, cells untouched.

Trial 18: a book made from last month's template printed 96 of 101 pages on US Letter and
kept its old chart XML after every recalculation (a recalculation rewrites cell data only).
"""

from __future__ import annotations

import re

from routekpi.io.repair import (
    chart_title_cell,
    template_charts,
    with_sheet_name,
    with_template_page_setup,
)

TEMPLATE = (
    b'<worksheet xmlns="main"><sheetPr><outlinePr summaryBelow="1"/>'
    b'<pageSetUpPr fitToPage="1"/></sheetPr><sheetData/>'
    b'<pageMargins left="0.4" right="0.4" top="0.5" bottom="0.5" header="0.5" footer="0.5"/>'
    b'<pageSetup orientation="landscape" paperSize="9" fitToHeight="0" fitToWidth="1"/>'
    b"</worksheet>"
)
CELLS = (
    b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>pageSetup</t></is></c></row></sheetData>'
)


def _cells(xml: bytes) -> bytes:
    return xml[xml.index(b"<sheetData") : xml.index(b"</sheetData>")]


def test_an_old_sheet_takes_the_templates_page_setup_and_keeps_its_cells() -> None:
    old = (
        b'<worksheet xmlns="main"><sheetPr codeName="Sheet12"><outlinePr summaryBelow="1"/>'
        b"</sheetPr>" + CELLS + b'<autoFilter ref="A1:J9"/>'
        b'<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/>'
        b'<pageSetup orientation="landscape" fitToHeight="0" fitToWidth="1" r:id="rId3"/>'
        b'<drawing r:id="rId1"/></worksheet>'
    )
    new = with_template_page_setup(old, TEMPLATE)
    assert _cells(new) == _cells(old)  # the text "pageSetup" in a cell is not touched
    assert b'<pageSetup orientation="landscape" paperSize="9" fitToHeight="0" fitToWidth="1"' in new
    assert b'r:id="rId3"/>' in new  # the sheet's own printer settings stay linked
    assert b'<pageMargins left="0.4" right="0.4" top="0.5"' in new
    assert (
        b'<sheetPr codeName="Sheet12"><outlinePr summaryBelow="1"/>'
        b'<pageSetUpPr fitToPage="1"/></sheetPr>' in new
    )
    assert new.index(b"<autoFilter") < new.index(b"<pageMargins") < new.index(b"<pageSetup")
    assert new.index(b"<pageSetup") < new.index(b"<drawing")
    assert with_template_page_setup(new, TEMPLATE) == new  # up to date: unchanged


def test_a_sheet_without_page_setup_gets_it_in_schema_order() -> None:
    old = (
        b'<x:worksheet xmlns:x="main"><x:sheetPr/>'
        + CELLS.replace(b"<", b"<x:").replace(b"<x:/", b"</x:")
        + b"<x:headerFooter/></x:worksheet>"
    )
    new = with_template_page_setup(old, TEMPLATE)
    assert re.search(
        rb"</x:sheetData><x:pageMargins [^>]*/><x:pageSetup [^>]*paperSize=\"9\"[^>]*/>"
        rb"<x:headerFooter/>",
        new,
    )
    assert b'<x:sheetPr><x:pageSetUpPr fitToPage="1"/></x:sheetPr>' in new


def test_the_templates_charts_are_found_by_their_title_cell() -> None:
    charts = template_charts("ja")
    assert len(charts) == 3
    for cell, xml in charts.items():
        assert chart_title_cell(xml) == ("Dashboard", cell)
    # The rep chart names every bar (tickLblSkip 1) and the bridge's labels follow the cells.
    assert any(b'tickLblSkip val="1"' in xml for xml in charts.values())
    assert any(b'sourceLinked="1"' in xml for xml in charts.values())
    renamed = with_sheet_name(next(iter(charts.values())), "ダッシュ'ボード")
    assert b"'Dashboard'!" not in renamed
    assert "'ダッシュ''ボード'!$A$".encode() in renamed
