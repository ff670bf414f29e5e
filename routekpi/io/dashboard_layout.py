"""Where every cell of the Dashboard sits, declared once.

Two modules use it: ``routekpi.render_dashboard`` writes the values on every recalculation,
and the template builder (``routekpi.io.dashboard_template``) points its native chart parts
and conditional formats at the same cells, so the charts read the numbers written there.
It lives below both (in ``io``, beside the template builder) so that neither imports the
other.
"""

from __future__ import annotations

from dataclasses import dataclass

from routekpi.contract import column_letter, display_width
from routekpi.core.catalog import KPI_BY_KEY
from routekpi.schema import OUTPUT_COLUMNS

# 1-based rows, 1-based columns.
WIDTH = len(OUTPUT_COLUMNS["Dashboard"])  # columns A..L
TITLE_ROW, STATUS_ROW, BANNER_ROW = 1, 2, 3
BLOCK_TOP = 5  # headers of the plan / year-to-date blocks and the KPI table
PLAN_COL, YTD_COL, KPI_COL = 1, 4, 7  # label columns (value in the next column)
KPI_ROWS = 13  # the KPI traffic-light table has room for every target KPI
# Under the KPI table (row 19, from its label column): the team ratios are at last year's
# rep mix, so they need not equal revenue ÷ orders (trial 31 L5).
MIX_NOTE_ROW = BLOCK_TOP + KPI_ROWS + 1
CHART_TOP, CHART_ROWS = 20, 15  # burn-up (left) and rep bars (right) rows 20-34
BRIDGE_TOP = CHART_TOP + CHART_ROWS + 1  # the lever bridge, rows 36-50, full width
# Under the rep bars (row 35, from its first column): why bars are missing, in words. The
# row between the charts is the only printed cell near them that no chart covers.
REPS_NOTE_ROW, REPS_NOTE_COL = CHART_TOP + CHART_ROWS, 6
# A note too long for F..L starts at A (nothing is drawn under the burn-up either): the
# row's whole printed width, so it is not cut at the page's edge (trial 35 L1).
REPS_NOTE_WIDE_COL = 1
PRINT_LAST_ROW = BRIDGE_TOP + CHART_ROWS - 1
DATA_TOP = PRINT_LAST_ROW + 3  # "chart data" heading; the blocks follow
DATA_COL = 7  # chart data in G.. (wide columns)
FEASIBLE_ROW = DATA_TOP  # H<row>: the banner's colour as a number (BANNER_*)
# The banner's colours as written to H<FEASIBLE_ROW>: 1/0 as ever (a book made from an older
# template colours those two), amber added for the running year's "short, within reach".
BANNER_RED, BANNER_GREEN, BANNER_AMBER = 0, 1, 2
BURNUP_HEAD = DATA_TOP + 1
BURNUP_FIRST = BURNUP_HEAD + 1  # 12 months
BRIDGE_HEAD = BURNUP_FIRST + 12 + 1
BRIDGE_FIRST = BRIDGE_HEAD + 1
BRIDGE_SLOTS = 8  # baseline + up to 4 levers + reachable + gap + KGI
# The bridge's number formats (named cell style → format), millions with one decimal: short
# enough for a bar of one slot. A step's height is its size (a stacked bar cannot be
# negative), so its sign is in the format: a fall reads −¥6.5M, a rise +¥12.0M; totals and
# the gap ¥1,071.6M. The chart's data labels are linked to these cells' formats (a format on
# the label alone is lost when openpyxl saves the book, and LibreOffice then shows the cells').
BRIDGE_TOTAL, BRIDGE_UP, BRIDGE_DOWN = "rk_yen_m", "rk_yen_m_up", "rk_yen_m_down"
BRIDGE_FORMATS = {
    BRIDGE_TOTAL: '"¥"#,##0.0,,"M"',
    BRIDGE_UP: '"+¥"#,##0.0,,"M"',
    BRIDGE_DOWN: '"\u2212¥"#,##0.0,,"M"',
}
# Where the bridge's value axis starts, in yen, beside its data (a label in the header row,
# the number under it): written on every run (render_dashboard ``bridge_axis_min``) and set
# on the chart from there (the recalculation's chart edit, a share copy's chart), so the
# axis starts where the chart's title says it does in Excel and LibreOffice alike.
BRIDGE_AXIS_COL = DATA_COL + 5
BRIDGE_AXIS_ROW = BRIDGE_FIRST
REPS_HEAD = BRIDGE_FIRST + BRIDGE_SLOTS + 1
REPS_FIRST = REPS_HEAD + 1
MAX_REPS = 40  # bars on the rep chart; more reps are listed on Attainment
# Rep chart columns: the rep in DATA_COL, three traffic-light bands after it, then an invisible
# pad to 100% (1 - attainment, below 100% only) that keeps the axis from stretching a row of
# 20% bars across the chart as if they were full.
REPS_PAD_COL = DATA_COL + 4
LAST_ROW = REPS_FIRST + MAX_REPS - 1
# Rep names on the rep chart, in hundredths of a point (the template's, and the size a run
# gives a book made from an older template: render_dashboard.with_rep_axis).
REP_NAME_SIZE = 800
# Each chart's title, in the book's language, in column A of its data block's header row
# (a caption for the block beside it): the chart's title refers to the cell, so a book whose
# Language setting changed shows its titles in the new language after the next run.
TITLE_COL = 1
CHART_TITLE_ROWS = {"burnup": BURNUP_HEAD, "bridge": BRIDGE_HEAD, "reps": REPS_HEAD}


def status_formula(dashboard_tab: str, hint: str) -> str:
    """``Settings!B2``: the Dashboard's status cell, or ``hint`` before the first run.

    One place holds the status (Dashboard!B2, written by the button and the command line);
    the Settings cell only shows it, so it can never be older than the outputs.
    """
    tab = "'" + dashboard_tab.replace("'", "''") + "'"
    quoted = hint.replace('"', '""')
    return f'=IF({tab}!$B${STATUS_ROW}="","{quoted}",{tab}!$B${STATUS_ROW})'


def note_room(first_col: int) -> float:
    """The printed width (column units) from column ``first_col`` to the Dashboard's last,
    as the template sets the widths (the KPI label column as wide as its labels need)."""
    widths = [float(c.width) for c in OUTPUT_COLUMNS["Dashboard"]]
    widths[KPI_COL - 1] = max(widths[KPI_COL - 1], round(kpi_label_width(), 1))
    return sum(widths[first_col - 1 :])


def kpi_label_width() -> float:
    """Width of a column that shows any KPI label in ja or en on one line."""
    labels = [label for k in KPI_BY_KEY.values() for label in (k.ja, k.en)]
    return max(display_width(label) for label in labels) * 1.05 + 2


@dataclass(frozen=True)
class Cells:
    """Addresses the template's charts and conditional formats refer to."""

    ytd_attainment: str = f"{column_letter(YTD_COL + 1)}{BLOCK_TOP + 3}"
    forecast_vs_kgi: str = f"{column_letter(YTD_COL + 1)}{BLOCK_TOP + 5}"
    kpi_attainment: str = (
        f"{column_letter(KPI_COL + 3)}{BLOCK_TOP + 1}:"
        f"{column_letter(KPI_COL + 3)}{BLOCK_TOP + KPI_ROWS}"
    )
    banner: str = f"A{BANNER_ROW}"
    feasible: str = f"{column_letter(DATA_COL + 1)}{FEASIBLE_ROW}"


CELLS = Cells()

# The charts' bar labels boxed (dash45): white with a grey edge, dark bold text, readable on
# the red and blue bars and beside one (trial 44 L5). The template draws them
# (dashboard_template._boxed), a run gives an older book's the same (render_dashboard).
LABEL_FILL = "FFFFFF"
LABEL_EDGE = "A6A6A6"
LABEL_EDGE_WIDTH = 6350  # EMU: ½ pt
LABEL_TEXT = "262626"
