"""Two Dashboard leftovers of session 39's review (rev44 item 3, ux44's note).

The two-dates title (visits typed past the last order) named アポ打診数 and アポ獲得率, which the
KPI table (its first ``KPI_ROWS`` target KPIs) does not show, and the English title joined
its two parts with the Japanese 「・」: it now names exactly the table's visit-measured KPIs
(core.review ``VISIT_MEASURED``), in the table's order, joined by the language's separators.
The rep chart's red-bar labels (53% in dark on red) are boxed as the bridge's: one look
(dashboard_layout ``LABEL_*``) in the template (dashboard_template._boxed) and at a run
(render_dashboard.with_rep_axis) for a book made from an older template.
"""

from __future__ import annotations

import re
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from openpyxl.chart.label import DataLabelList
from openpyxl.xml.functions import tostring

from routekpi.cli import main
from routekpi.core.catalog import KPI_BY_KEY
from routekpi.core.review import VISIT_MEASURED
from routekpi.io import dashboard_layout as layout
from routekpi.io.dashboard_template import _boxed
from routekpi.io.samplebook import write_sample_workbook
from routekpi.io.sheetrewrite import rewrite_workbook
from routekpi.io.sheetxml import SheetContent
from routekpi.messages import text
from routekpi.render_dashboard import with_rep_axis
from tests.test_dashboard import _with_setting

ORDERS_CUT = date(2026, 9, 25)  # the visits run to 10/30 (scripts/rev44/cut.py's book)


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The ja sample, AsOf blank, its Orders cut after ``ORDERS_CUT`` (visits left to
    10/30), and the same book in English; both recalculated."""
    tmp = tmp_path_factory.mktemp("dash45")
    fresh, blank = tmp / "fresh.xlsm", tmp / "blank.xlsm"
    write_sample_workbook(fresh, "ja", seed=11, orders_rows=4_000)
    _with_setting(fresh, blank, "AsOf", None)
    wb = openpyxl.load_workbook(blank, read_only=True)
    head, *body = [list(r) for r in wb["Orders"].iter_rows(values_only=True)]
    wb.close()
    kept = [r for r in body if r[0] and r[0].date() <= ORDERS_CUT]
    ja, en = tmp / "ja.xlsm", tmp / "en.xlsm"
    rewrite_workbook(
        blank, {"Orders": SheetContent(rows=[head, *kept])}, dst=ja, resize_tables=True
    )
    _with_setting(ja, en, "Language", "en")
    for book in (ja, en):
        assert main(["recalc", str(book), "--quiet"]) == 0
    return {"ja": ja, "en": en}


def _table_kpis(ws: openpyxl.worksheet.worksheet.Worksheet, language: str) -> list[str]:
    """The KPI table's rows read back from the sheet, as KPI keys (the longest label that
    starts the cell: 訪問件数 is not 訪問頻度's prefix, but labels may share one)."""
    keys = []
    for r in range(layout.BLOCK_TOP + 1, layout.BLOCK_TOP + layout.KPI_ROWS + 1):
        cell = ws.cell(r, layout.KPI_COL).value
        if not cell:
            continue
        hits = [k for k, kpi in KPI_BY_KEY.items() if str(cell).startswith(kpi.label(language))]
        keys.append(max(hits, key=lambda k: len(KPI_BY_KEY[k].label(language))))
    return keys


@pytest.mark.parametrize("language", ["ja", "en"])
def test_title_names_the_tables_visit_measured_kpis(books: dict[str, Path], language: str) -> None:
    wb = openpyxl.load_workbook(books[language], read_only=False)
    ws = wb["Dashboard"]
    title = str(ws.cell(layout.TITLE_ROW, 1).value)
    shown = _table_kpis(ws, language)
    wb.close()
    measured = [k for k in shown if k in VISIT_MEASURED]
    # The sample logs calls: the table stops before them (13 rows), the title did not.
    assert "meetings" in measured and "appointment_attempts" not in shown
    bracket, after = {"ja": ("(", "は10/30まで、他"), "en": ("(", " to Oct 30;")}[language]
    end = title.index(after)
    said = title[title.rindex(bracket, 0, end) + 1 : end]
    names = said.split(text("list.kpi_sep", language))
    assert names == [KPI_BY_KEY[k].short_label(language) for k in measured]
    for key in set(VISIT_MEASURED) - set(measured):
        assert KPI_BY_KEY[key].short_label(language) not in title
    if language == "en":
        assert "・" not in title
        assert " — orders through Sep 25, visits through Oct 30 (" in title
    else:
        assert " ・ 受注は9/25まで、訪問は10/30まで(訪問頻度・訪問件数・商談数は10/30まで" in title


def _rep_chart(book: Path) -> str:
    with zipfile.ZipFile(book) as zf:
        xmls = [zf.read(n).decode() for n in zf.namelist() if n.startswith("xl/charts/chart")]
    [rep] = [x for x in xmls if re.search(r'barDir val="bar"', x)]
    return rep


def _looks(xml: str) -> list[str]:
    return re.findall(r"<(?:\w+:)?dLbls>(.*?)</(?:\w+:)?dLbls>", xml, re.DOTALL)


def _boxed_look(body: str) -> bool:
    """White box, grey edge, dark bold text: the layout's constants."""
    return (
        body.count("spPr>") == 2
        and f'srgbClr val="{layout.LABEL_FILL}"' in body
        and f'srgbClr val="{layout.LABEL_EDGE}"' in body
        and f'w="{layout.LABEL_EDGE_WIDTH}"' in body
        and 'b="1"' in body
        and f'srgbClr val="{layout.LABEL_TEXT}"' in body
    )


def test_a_run_boxes_the_rep_charts_labels(books: dict[str, Path]) -> None:
    """The book's rep chart (its template's, boxed or not) after a run: the chart's labels
    boxed once, the invisible pad series' labels still deleted; a second run, the same."""
    book = books["ja"]
    first = _rep_chart(book)
    lbls = _looks(first)
    deleted = [b for b in lbls if "delete" in b]
    shown = [b for b in lbls if "delete" not in b]
    assert len(deleted) == 1 and "spPr" not in deleted[0]
    assert len(shown) == 1 and _boxed_look(shown[0])
    assert shown[0].index("numFmt") < shown[0].index("spPr") < shown[0].index("showLegendKey")
    assert main(["recalc", str(book), "--quiet"]) == 0
    assert _looks(_rep_chart(book)) == lbls
    assert openpyxl.load_workbook(book)["Dashboard"] is not None  # the part still reads


# An older template's rep chart: chart-level labels without a look, the pad's deleted.
OLD = (
    b'<c:chartSpace xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    b'xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart><c:plotArea>'
    b'<c:barChart><c:barDir val="bar"/><c:ser><c:dLbls><c:delete val="1"/></c:dLbls></c:ser>'
    b'<c:dLbls><c:numFmt formatCode="0%" sourceLinked="0"/><c:showLegendKey val="0"/>'
    b'<c:showVal val="1"/></c:dLbls></c:barChart></c:plotArea></c:chart></c:chartSpace>'
)


def test_an_older_rep_chart_gets_the_templates_look() -> None:
    fixed = with_rep_axis(OLD).decode()
    [pad, shown] = _looks(fixed)
    assert pad == '<c:delete val="1"/>'
    assert _boxed_look(shown) and "<c:spPr><a:solidFill>" in shown
    assert with_rep_axis(fixed.encode()).decode() == fixed  # a second run changes nothing
    # The template's labels (dashboard_template._boxed) carry the same look, as written.
    labels = DataLabelList(showVal=True)
    _boxed(labels)
    written = tostring(labels.to_tree("dLbls")).decode()
    assert _boxed_look(written)
