"""The Dashboard's rep chart names every rep (trial 19: LibreOffice named 6 of 12 bars).

A run grows the chart rows to about 18 pt a bar and puts ``tickLblSkip`` 1 and 8 pt names
into a rep chart made from an older template; with branches the bars come branch by branch.
"""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from routekpi.io.dashboard_layout import CHART_ROWS, CHART_TOP
from routekpi.io.sheetxml import SheetContent, sheet_data_bytes
from routekpi.render_dashboard import chart_reps, chart_row_heights, rep_label, with_rep_axis

# The rep chart's axis as a book made before the 8 pt names carried it (trial 19's book).
OLD_AXIS = (
    b'<catAx><axId val="10" /><scaling><orientation val="maxMin" /></scaling>'
    b'<delete val="0" /><axPos val="l" /><majorTickMark val="none" />'
    b'<minorTickMark val="none" /><crossAx val="100" /><lblOffset val="100" /></catAx>'
)
BAR = b'<barChart><barDir val="bar" /></barChart>'


def _chart(axis: bytes, body: bytes = BAR) -> bytes:
    return (
        b'<chartSpace xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        b'xmlns="http://schemas.openxmlformats.org/drawingml/2006/chart"><chart><plotArea>'
        + body
        + axis
        + b"</plotArea></chart></chartSpace>"
    )


def test_an_older_rep_chart_gets_every_name_at_8_pt() -> None:
    fixed = with_rep_axis(_chart(OLD_AXIS))
    axis = fixed[fixed.index(b"<catAx>") : fixed.index(b"</catAx>")]
    # txPr before crossAx, tickLblSkip after lblOffset (the schema's order)
    assert axis.index(b'<a:defRPr sz="800"/>') < axis.index(b"<crossAx")
    assert axis.index(b"<lblOffset") < axis.index(b'<tickLblSkip val="1"/>')
    assert with_rep_axis(fixed) == fixed  # a second run changes nothing
    skipping = _chart(OLD_AXIS.replace(b"</catAx>", b'<tickLblSkip val="2" /></catAx>'))
    assert b'<tickLblSkip val="1" />' in with_rep_axis(skipping)
    # The column charts (burn-up, bridge) are left alone.
    column = _chart(OLD_AXIS, b'<barChart><barDir val="col" /></barChart>')
    assert with_rep_axis(column) == column


def _result(reps: list[str], branches: dict[str, str] | None = None) -> SimpleNamespace:
    settings = SimpleNamespace(branches=branches or {})
    return SimpleNamespace(
        evidence=SimpleNamespace(reps=reps, settings=settings), attainment=pd.DataFrame()
    )


def test_chart_rows_grow_with_the_reps() -> None:
    # 12 reps: 12 × 18 + 70 = 286 pt over 15 rows = 19.07, in quarter points 19.25
    heights = chart_row_heights(_result([f"r{i}" for i in range(12)]))
    assert heights == {row: 19.25 for row in range(CHART_TOP, CHART_TOP + CHART_ROWS)}
    # 8 reps: 8 × 18 + 70 = 214 pt fit the template's 15 rows of 15 pt: rows as they are
    assert chart_row_heights(_result([f"r{i}" for i in range(8)])) == {}


def test_row_heights_are_written_even_on_an_empty_row() -> None:
    content = SheetContent(
        rows=[["a"], [], ["b"], []], row_heights={2: 19.25, 3: 20.0, 4: 7.5}, hidden_rows=[4]
    )
    xml = sheet_data_bytes(content).decode()
    assert '<row r="2" ht="19.25" customHeight="1"/>' in xml
    assert '<row r="3" ht="20" customHeight="1"><c' in xml
    assert '<row r="4" hidden="1" ht="7.5" customHeight="1"/>' in xml
    assert '<row r="1">' in xml


def test_bars_come_branch_by_branch_with_the_branch_in_the_name() -> None:
    branches = {"A": "旭川", "B": "札幌", "D": "旭川"}
    result = _result(["A", "B", "C", "D"], branches)
    assert chart_reps(result) == ["A", "D", "B", "C"]  # 旭川 first (A comes first), none last
    assert rep_label("A", branches, "ja") == "A(旭川)"
    assert rep_label("C", branches, "ja") == "C"
    assert chart_reps(_result(["B", "A"])) == ["B", "A"]  # no branch: the plan's order
