"""The Dashboard's bridge: readable bar labels and a note on its rep-mix bar (trial 44 L5).

The red bars' labels were dark red on red, and 「担当者構成の変化」 was explained nowhere near the
chart. A run now boxes the bridge's labels (white fill, grey edge, dark bold text: native
data-label properties Excel 2016 and LibreOffice 7.4 draw) in any book, and writes a note in the
row right above the bridge when it has the rep-mix bar. Real books: the ja sample (its plan
reaches the KGI with a rep-mix bar) written, recalculated and read back; the same with a KGI
out of reach (no rep-mix bar: the steps end at the reachable KGI and the gap).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from routekpi.io.dashboard_layout import REPS_NOTE_ROW
from routekpi.io.samplebook import write_sample_workbook
from routekpi.messages import text
from routekpi.recalc import recalculate
from routekpi.render_dashboard import bridge_steps
from tests.workbook_files import named_copy

NOTE = text("dash.bridge_mix_note", "ja")


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ux44b") / "plain.xlsm"
    write_sample_workbook(path, "ja", seed=11, orders_rows=4_000)
    return path


def _bridge_xml(book: Path) -> str:
    with zipfile.ZipFile(book) as zf:
        parts = [n for n in zf.namelist() if n.startswith("xl/charts/chart")]
        xmls = [zf.read(n).decode() for n in parts]
    # The bridge: its title (cached from the Dashboard's title cell) names it.
    return next(x for x in xmls if "ブリッジ" in x)


def _row(book: Path, row: int) -> list[object]:
    wb = openpyxl.load_workbook(book, read_only=True)
    cells = [
        c
        for r in wb["Dashboard"].iter_rows(min_row=row, max_row=row, values_only=True)
        for c in r
        if c
    ]
    wb.close()
    return cells


def test_labels_boxed_and_mix_note_after_recalc(plain: Path, tmp_path: Path) -> None:
    book = tmp_path / "b.xlsm"
    book.write_bytes(plain.read_bytes())
    result = recalculate(book).result
    labels = [s[0] for s in bridge_steps(result, "ja")]
    assert "担当者構成の変化" in labels
    xml = _bridge_xml(book)
    lbls = re.findall(r"<(?:\w+:)?dLbls>(.*?)</(?:\w+:)?dLbls>", xml, re.DOTALL)
    # rise, fall, total: each boxed in white with dark bold text, once
    assert len(lbls) == 3
    for body in lbls:
        assert body.count("spPr>") == 2 and 'srgbClr val="FFFFFF"' in body
        assert 'b="1"' in body and 'srgbClr val="262626"' in body
        assert body.index("numFmt") < body.index("spPr") < body.index("showLegendKey")
    assert _row(book, REPS_NOTE_ROW)[0] == NOTE
    # A second run keeps one box per label (the look is added where there is none).
    recalculate(book)
    again = re.findall(r"<(?:\w+:)?dLbls>(.*?)</(?:\w+:)?dLbls>", _bridge_xml(book), re.DOTALL)
    assert [b.count("spPr>") for b in again] == [2, 2, 2]
    # The book still opens (the chart parts are valid).
    assert openpyxl.load_workbook(book)["Dashboard"].cell(REPS_NOTE_ROW, 1).value == NOTE


def test_no_mix_bar_no_note(plain: Path, tmp_path: Path) -> None:
    book = named_copy(plain, tmp_path / "far.xlsm", KGI=50_000_000_000)
    result = recalculate(book).result
    assert not result.plan.feasible
    assert "担当者構成の変化" not in [s[0] for s in bridge_steps(result, "ja")]
    assert NOTE not in _row(book, REPS_NOTE_ROW)
