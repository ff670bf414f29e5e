"""The template side of the Dashboard and the long output tables: charts, colours, printing.

Everything here lives in the template, outside ``<sheetData>``: native chart parts (chart
XML, drawing, relationships), conditional formats, merged cells, hidden columns, filters
and page setup. The zip writer replaces only the cell data of output sheets, so all of it
survives every recalculation, and the charts redraw from the cells routekpi rewrites (their
series are cell references with no cached numbers). Cell positions come from
:mod:`routekpi.io.dashboard_layout`, which :mod:`routekpi.render_dashboard` writes by too.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.data_source import AxDataSource, NumFmt, StrData, StrRef, StrVal
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.chart.text import RichText, Text
from openpyxl.chart.title import Title
from openpyxl.descriptors import Typed
from openpyxl.drawing.line import LineProperties
from openpyxl.drawing.spreadsheet_drawing import AnchorMarker, TwoCellAnchor
from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.worksheet import Worksheet

from routekpi import schema
from routekpi.contract import display_width
from routekpi.io import dashboard_layout as layout
from routekpi.messages import text

LAST_ROW = 1_048_576
# (fill, font) as ARGB, as in routekpi.io.template.
RED = ("FFFFC7CE", "FF9C0006")
AMBER = ("FFFFEB9C", "FF9C5700")
GREEN = ("FFC6EFCE", "FF006100")
_SERIES_COLOURS = ("4472C4", "ED7D31", "70AD47", "C00000", "5B9BD5")


def header_width(column: schema.OutputColumn) -> float:
    """A column width that shows both the ja and en header on one line (bold: +15%)."""
    need = max(display_width(column.ja), display_width(column.en)) * 1.15 + 2
    return max(float(column.width), round(need, 1))


# Where a header may break over two lines: at a space and before an opening bracket
# (「売上差への寄与 / (円)」, "Usual interval / (days)"), never inside a word (「前月 / 比」,
# 「ベスト担当 / 者」 printed in a rep's copy at the declared widths, trial 25).
_HEADER_BREAKS = re.compile(r"(?<=\s)(?=\S)|(?=[((])")
HEADER_LINE_HEIGHT = 15.0  # points: one line of the bold 11 pt header


def header_lines(header: str, width: float) -> tuple[float, int]:
    """The width a column needs for ``header`` to break only between its words and before
    a bracket (at least ``width``), and the lines it then takes (bold: +15%)."""
    parts = [p for p in _HEADER_BREAKS.split(header.strip()) if p]
    if not parts:
        return width, 1
    width = max(width, round(max(display_width(p.rstrip()) for p in parts) * 1.15 + 1.5, 1))
    room, lines, used = width - 1.5, 1, 0.0
    for part in parts:
        if used and used + display_width(part.rstrip()) * 1.15 > room:
            lines, used = lines + 1, 0.0
        used += display_width(part) * 1.15
    return width, lines


def traffic_rules(ws: Worksheet, cells: str, cell: str) -> None:
    """Red below PaceCritical, amber below PaceWarn, green from 100% (the Settings names)."""
    for formula, colours in (
        (f"AND(ISNUMBER({cell}),{cell}<PaceCritical)", RED),
        (f"AND(ISNUMBER({cell}),{cell}<PaceWarn)", AMBER),
        (f"AND(ISNUMBER({cell}),{cell}>=1)", GREEN),
    ):
        ws.conditional_formatting.add(cells, fill_rule(formula, colours))


def fill_rule(formula: str, colours: tuple[str, str], bold: bool = False) -> FormulaRule:
    """A formula rule with a fill and a font colour; later rules do not override it."""
    fill, font = colours
    return FormulaRule(
        formula=[formula],
        fill=PatternFill("solid", fgColor=fill, bgColor=fill),
        font=Font(color=font, bold=bold or None),
        stopIfTrue=True,
    )


def add_pace_colours(ws: Worksheet, cells: str, cell: str, when: str = "") -> None:
    """Red below PaceCritical, amber below PaceWarn, green from 100%: the Settings thresholds,
    read live, on ``cells`` judged by ``cell`` (only where ``when`` holds, if given)."""
    test = f"{when}," if when else ""
    for formula, colours in (
        (f"AND({test}ISNUMBER({cell}),{cell}<PaceCritical)", RED),
        (f"AND({test}ISNUMBER({cell}),{cell}<PaceWarn)", AMBER),
        (f"AND({test}ISNUMBER({cell}),{cell}>=1)", GREEN),
    ):
        ws.conditional_formatting.add(cells, fill_rule(formula, colours))


class _FormatLabels(DataLabelList):
    """Data labels with a whole ``<numFmt>`` element: openpyxl's own writes the format code
    without ``sourceLinked``, which Excel and LibreOffice read differently."""

    numFmt = Typed(expected_type=NumFmt, allow_none=True)
    # openpyxl's class machinery lists only a class's own fields: the rest as the parent's.
    __elements__ = DataLabelList.__elements__
    __attrs__ = DataLabelList.__attrs__
    __nested__ = tuple(k for k in DataLabelList.__nested__ if k != "numFmt")


def _ref(ws: Worksheet, column: int, first: int, last: int) -> str:
    letter = get_column_letter(column)
    return f"{quote_sheetname(ws.title)}!${letter}${first}:${letter}${last}"


def _anchor(first_col: int, first_row: int, last_col: int, last_row: int) -> TwoCellAnchor:
    """From the top-left of (first_col, first_row) to the top-left of the cell after the
    bottom-right one (1-based, inclusive), so the chart fills exactly those cells."""
    return TwoCellAnchor(
        _from=AnchorMarker(col=first_col - 1, row=first_row - 1),
        to=AnchorMarker(col=last_col, row=last_row),
    )


def _text_categories(chart: BarChart | LineChart, ref: str) -> None:
    """Categories as a string reference (openpyxl would write numRef for text cells)."""
    for series in chart.series:
        series.cat = AxDataSource(strRef=StrRef(f=ref))


def _title(ws: Worksheet, chart: str, language: str) -> Title:
    """The chart's title: the cell the Dashboard writes it to in the book's language
    (``layout.CHART_TITLE_ROWS``), cached as that cell says (a share copy's charts are
    drawn over written cells; LibreOffice shows the cache), else in the template's language."""
    row, col = layout.CHART_TITLE_ROWS[chart], get_column_letter(layout.TITLE_COL)
    # Only a row already written is read: ws.cell() would add the cell to the template.
    written = ws.cell(row, layout.TITLE_COL).value if row <= ws.max_row else None
    said = written if isinstance(written, str) else text(f"template.chart_{chart}", language)
    ref = f"{quote_sheetname(ws.title)}!${col}${row}"
    cache = StrData(ptCount=1, pt=[StrVal(idx=0, v=said)])
    return Title(tx=Text(strRef=StrRef(f=ref, strCache=cache)), overlay=False)


def _common(chart: BarChart | LineChart, title: Title) -> None:
    chart.title = title
    chart.style = 2
    chart.display_blanks = "gap"
    chart.visible_cells_only = True  # hidden (unused) chart-data rows are not plotted
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.legend.position = "b"


def _colour(series: object, rgb: str | None) -> None:
    gp = GraphicalProperties()
    if rgb is None:
        gp.noFill = True
        gp.line = LineProperties(noFill=True)
    else:
        gp.solidFill = rgb
        gp.line = LineProperties(solidFill=rgb)
    series.graphicalProperties = gp  # type: ignore[attr-defined]


def _burnup_chart(ws: Worksheet, language: str) -> LineChart:
    d, first = layout.DATA_COL, layout.BURNUP_FIRST
    chart = LineChart()
    _common(chart, _title(ws, "burnup", language))
    data = Reference(
        ws, min_col=d + 1, max_col=d + 2, min_row=layout.BURNUP_HEAD, max_row=first + 11
    )
    chart.add_data(data, titles_from_data=True)
    _text_categories(chart, _ref(ws, d, first, first + 11))
    for series, rgb in zip(chart.series, ("A5A5A5", "4472C4"), strict=True):
        series.smooth = False
        series.graphicalProperties.line.solidFill = rgb
        series.graphicalProperties.line.width = 28575  # 2.25 pt
    chart.y_axis.numFmt = '"¥"#,##0,,"M"'
    chart.y_axis.majorGridlines = chart.y_axis.majorGridlines  # keep the default gridlines
    chart.anchor = _anchor(1, layout.CHART_TOP, 5, layout.CHART_TOP + layout.CHART_ROWS - 1)
    return chart


def _font_size(size: int) -> RichText:
    """Axis text at ``size`` (hundredths of a point)."""
    props = CharacterProperties(sz=size)
    return RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=props), endParaRPr=props)])


def _boxed(labels: DataLabelList) -> None:
    """Bar labels boxed, white with a grey edge, in dark bold text: readable on the red and
    blue bars, where the default dark text was dark red on red (trial 44 L5), and beside a
    bar a label spills past. The look a run gives an older book's labels
    (render_dashboard ``_with_boxed_labels``)."""
    labels.spPr = GraphicalProperties(
        solidFill=layout.LABEL_FILL,
        ln=LineProperties(solidFill=layout.LABEL_EDGE, w=layout.LABEL_EDGE_WIDTH),
    )
    bold = CharacterProperties(b=True, solidFill=layout.LABEL_TEXT)
    labels.txPr = RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=bold), endParaRPr=bold)])


def _reps_chart(ws: Worksheet, language: str) -> BarChart:
    d, first = layout.DATA_COL, layout.REPS_FIRST
    last = first + layout.MAX_REPS - 1
    chart = BarChart()
    chart.type = "bar"  # horizontal bars: rep names stay readable
    _common(chart, _title(ws, "reps", language))
    # Three series (critical / warning / on pace); each rep has a value in exactly one, so
    # stacked bars take the traffic-light colours of the Settings thresholds. A fourth,
    # invisible (no fill, no label; named by a space, so its legend key is blank), pads each
    # bar to 100%, so the axis always reaches 100%: a row of 20% bars does not fill the chart
    # as if it were on pace. (Not a deleted legendEntry: LibreOffice counts a stacked bar
    # chart's entries from the other end and hid the "critical" one.)
    pad = layout.REPS_PAD_COL
    data = Reference(ws, min_col=d + 1, max_col=pad, min_row=layout.REPS_HEAD, max_row=last)
    chart.add_data(data, titles_from_data=True)
    _text_categories(chart, _ref(ws, d, first, last))
    for series, rgb in zip(chart.series, ("C00000", "FFC000", "4472C4", None), strict=True):
        _colour(series, rgb)
    chart.series[-1].dLbls = DataLabelList(delete=True)
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.x_axis.scaling.orientation = "maxMin"  # first rep at the top, as in the list
    # Every rep named: left to itself the axis skips names that do not fit (trial 18: 5 of 9
    # bars named, the departed rep's and the red bar's among the unnamed).
    chart.x_axis.tickLblSkip = 1
    # ...and small enough to fit: at the default size LibreOffice still drops the names that
    # overlap (trial 18: 5 of 9, trial 19: 6 of 12) whatever the skip says.
    chart.x_axis.txPr = _font_size(layout.REP_NAME_SIZE)
    chart.y_axis.numFmt = "0%"
    chart.y_axis.scaling.min = 0
    chart.dataLabels = DataLabelList(showVal=True)
    chart.dataLabels.numFmt = "0%"
    labels = chart.dataLabels
    labels.showSerName = labels.showCatName = labels.showLegendKey = labels.showPercent = False
    _boxed(labels)  # 53% in dark on the red bar was hard to read (rev44)
    chart.gapWidth = 60
    chart.anchor = _anchor(
        6, layout.CHART_TOP, layout.WIDTH, layout.CHART_TOP + layout.CHART_ROWS - 1
    )
    return chart


def _bridge_chart(ws: Worksheet, language: str) -> BarChart:
    d, first = layout.DATA_COL, layout.BRIDGE_FIRST
    last = first + layout.BRIDGE_SLOTS - 1
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.gapWidth = 50
    _common(chart, _title(ws, "bridge", language))
    data = Reference(ws, min_col=d + 1, max_col=d + 4, min_row=layout.BRIDGE_HEAD, max_row=last)
    chart.add_data(data, titles_from_data=True)
    _text_categories(chart, _ref(ws, d, first, last))
    # Invisible base, rise, fall (and the gap), totals. Each label shows its cell as
    # formatted (sourceLinked): a fall's cell says −¥6.5M, the gap's in the same red series
    # ¥30.0M (layout.BRIDGE_FORMATS). The format code given is the series' own, so a reader
    # that drops the link (openpyxl keeps only the code) still signs rises and falls.
    styles = (None, layout.BRIDGE_UP, layout.BRIDGE_DOWN, layout.BRIDGE_TOTAL)
    colours = (None, "70AD47", "C00000", "4472C4")
    for series, rgb, style in zip(chart.series, colours, styles, strict=True):
        _colour(series, rgb)
        if style is not None:
            code = layout.BRIDGE_FORMATS[style]
            series.dLbls = _FormatLabels(showVal=True)
            series.dLbls.numFmt = NumFmt(formatCode=code, sourceLinked=True)
            series.dLbls.showSerName = series.dLbls.showCatName = False
            series.dLbls.showLegendKey = series.dLbls.showPercent = False
            _boxed(series.dLbls)
    chart.legend = None
    chart.y_axis.numFmt = '"¥"#,##0,,"M"'
    # Where the Dashboard's run starts the value axis (its title says so): a share copy's
    # chart is drawn over written cells; the template's, before any run, zooms on its own.
    row, col = layout.BRIDGE_AXIS_ROW, layout.BRIDGE_AXIS_COL
    start = ws.cell(row, col).value if row <= ws.max_row else None
    if isinstance(start, (int, float)) and not isinstance(start, bool):
        chart.y_axis.scaling.min = float(start)
    chart.anchor = _anchor(1, layout.BRIDGE_TOP, layout.WIDTH, layout.PRINT_LAST_ROW)
    return chart


def build_dashboard(ws: Worksheet, language: str) -> None:
    """The Dashboard sheet of the template: widths, placeholder, charts, colours, printing."""
    dashboard_widths(ws)
    ws.cell(layout.TITLE_ROW, 1, text("template.placeholder", language)).style = "rk_title"
    ws.merge_cells(f"A{layout.BANNER_ROW}:{get_column_letter(layout.WIDTH)}{layout.BANNER_ROW}")
    cells = layout.CELLS
    add_banner_colours(ws)
    for target in (cells.ytd_attainment, cells.forecast_vs_kgi):
        traffic_rules(ws, target, target)
    first = cells.kpi_attainment.split(":")[0]
    traffic_rules(ws, cells.kpi_attainment, first)
    add_charts(ws, language)
    # One landscape page: the print area stops above the chart data.
    ws.print_area = f"A1:{get_column_letter(layout.WIDTH)}{layout.PRINT_LAST_ROW}"
    one_page(ws)
    ws.sheet_view.showGridLines = False


def dashboard_widths(ws: Worksheet) -> None:
    """The Dashboard's column widths (the master's and every shared copy's: the banner is
    merged over them, so narrower columns cut it; trial 23 L1)."""
    for idx, column in enumerate(schema.OUTPUT_COLUMNS[schema.DASHBOARD.name], start=1):
        width = float(column.width)
        if idx == layout.KPI_COL:  # the KPI labels of the traffic-light table
            width = max(width, round(layout.kpi_label_width(), 1))
        ws.column_dimensions[get_column_letter(idx)].width = width


def add_banner_colours(ws: Worksheet) -> None:
    """The banner's fill from the number the Dashboard writes beside the chart data
    (``layout.BANNER_*``): red, green, and amber for a running year short of the KGI but
    within reach (render_dashboard ``YEAR_LIFT_AMBER``)."""
    cells = layout.CELLS
    feasible = f"${cells.feasible[0]}${cells.feasible[1:]}"
    for value, colours in (
        (layout.BANNER_RED, RED),
        (layout.BANNER_GREEN, GREEN),
        (layout.BANNER_AMBER, AMBER),
    ):
        rule = fill_rule(f"AND(ISNUMBER({feasible}),{feasible}={value})", colours, bold=True)
        ws.conditional_formatting.add(cells.banner, rule)


def add_charts(ws: Worksheet, language: str) -> None:
    """The three native charts, reading the chart data on ``ws`` (the template, a copy)."""
    for make in (_burnup_chart, _reps_chart, _bridge_chart):
        ws.add_chart(make(ws, language))


def one_page(ws: Worksheet, tall: int = 1) -> None:
    """Landscape A4, fitted to one page wide and ``tall`` pages tall (0: as many as needed)."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = tall
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5


def print_layout(ws: Worksheet, name: str, keys: Sequence[str] | None = None) -> None:
    """Output sheet ``name`` printed as ``schema`` declares it (``OutputSheet.paper``), the
    master's and a copy's alike: landscape A4, its pages wide, as many tall as needed, the
    header row and its title columns on every page. ``keys``: the sheet's columns as
    written (a rep's copy leaves the code columns out), by default the declared ones."""
    paper = schema.OUTPUT_BY_NAME[name].paper
    one_page(ws, tall=0)
    ws.page_setup.fitToWidth = paper.pages_wide
    ws.page_setup.pageOrder = paper.page_order
    ws.print_title_rows = "1:1"
    keys = list(schema.OUTPUT_BY_NAME[name].keys if keys is None else keys)
    titles = [keys.index(k) for k in paper.title_keys if k in keys]
    if titles:
        ws.print_title_cols = f"A:{get_column_letter(max(titles) + 1)}"


def review_labels(language: str) -> list[str]:
    """Every label the Review's KPI column holds: the KPIs' (levers, revenue, the other
    KPIs) and the rows that are not KPIs (timing, the unexplained gap, handed-over accounts,
    months on leave). Each can have grey continuation rows below it (a finding wrapped over
    lines), where the label is repeated in the wrapping note style: a label wider than the
    column wraps there into a row one line high and prints over the next row (trial 31)."""
    from routekpi.core.catalog import KPI_BY_KEY, NO_VISIT_LEVERS, VISIT_LEVERS
    from routekpi.core.review import GAP_ROWS, OTHER_KPIS

    keys = {"revenue", *VISIT_LEVERS, *NO_VISIT_LEVERS, *OTHER_KPIS}
    kpis = [KPI_BY_KEY[k].label(language) for k in sorted(keys) if k in KPI_BY_KEY]
    return kpis + [text(f"review.kpi.{key}", language) for key in GAP_ROWS]


def review_print_setup(ws: Worksheet, language: str) -> None:
    """The Review readable on paper: page-sized columns, landscape A4, one page wide, as
    many tall as needed, the header row on every page."""
    for idx, column in enumerate(schema.OUTPUT_COLUMNS[schema.REVIEW.name], start=1):
        dim = ws.column_dimensions[get_column_letter(idx)]
        if column.key in KEY_COLUMNS.get(schema.REVIEW.name, ()):
            continue  # hidden
        if column.key == "kpi":
            width = float(max(display_width(label) for label in review_labels(language)) + 2.5)
        else:
            width = float(column.width)
        header = display_width(column.header(language)) * 1.15 + 1  # bold, one line
        dim.width = math.ceil(max(width, header) * 10) / 10
    print_layout(ws, schema.REVIEW.name)


# Columns that carry internal keys: kept (for formulas and --json), but hidden.
KEY_COLUMNS = {
    "Targets": ("kpi_key",),
    "Attainment": ("kpi_key",),
    "Flags": ("code", "kpi_key"),
    "Review": ("kpi_key",),
}


def finish_table(ws: Worksheet, sheet: schema.SheetSpec, language: str) -> None:
    """Widths that fit both languages, hidden key columns, a filter, matrix colours."""
    columns = schema.OUTPUT_COLUMNS[sheet.name]
    keys = [c.key for c in columns]
    for idx, column in enumerate(columns, start=1):
        letter = get_column_letter(idx)
        width = header_width(column)
        if column.key == "kpi":  # KPI labels, the longest in either language
            width = max(width, round(layout.kpi_label_width(), 1))
        ws.column_dimensions[letter].width = width
        if column.key in KEY_COLUMNS.get(sheet.name, ()):
            ws.column_dimensions[letter].hidden = True
    last = get_column_letter(len(columns))
    ws.auto_filter.ref = f"A1:{last}{LAST_ROW}"
    if sheet.name == schema.REVIEW.name:
        review_print_setup(ws, language)
    if sheet.name == schema.PLAN.name:
        # One page wide, as many tall as its explanations need: squeezed onto one page, the
        # 80-odd rows of a real plan printed in unreadably small type (trial15 finding 10).
        print_layout(ws, sheet.name)
        ws.auto_filter.ref = None
    if sheet.name == schema.MATRIX.name:
        ws.freeze_panes = "D2"
        first = get_column_letter(keys.index("fy") + 1)
        cells = f"{first}2:{last}{LAST_ROW}"
        labels = sorted({text("matrix.vs_due", lang) for lang in ("ja", "en")})
        is_pace = "OR(" + ",".join(f'$C2="{label}"' for label in labels) + ")"
        add_pace_colours(ws, cells, f"{first}2", when=is_pace)
