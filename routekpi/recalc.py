"""The command-line job: a workbook file in, the same file (or ``--out``) with its outputs.

It adapts the pipeline (``routekpi.pipeline``: read → validate → compute → render) to files:
output tabs the workbook lacks are created from the template, what the user typed on the
output sheets is kept (``io.usercells``) and the sheets are rewritten atomically. Failures
before writing raise ``RecalcError`` with one clear sentence; the file is then untouched.
"""

from __future__ import annotations

import time
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from routekpi.aside import parts_aside, status_aside
from routekpi.contract import Check
from routekpi.core.engine import STATUS_HELPER, Result
from routekpi.io.newsheets import has_styles, template_package
from routekpi.io.package import WorkbookLocked, WorkbookWriteError
from routekpi.io.reader import BackgroundRead
from routekpi.io.sheetrewrite import PartEdits, rewrite_workbook
from routekpi.io.sheetxml import SheetContent
from routekpi.io.usercells import (
    BLOCK_NAME,
    STAMP_NAME,
    TEXT_NAME,
    UserCellPlan,
    UserCellPlanner,
    block_ref,
    notes_skeleton,
    stamp_constant,
    table_digests,
)
from routekpi.messages import text
from routekpi.pipeline import (
    OutputRenderer,
    RecalcError,
    compute_data,  # noqa: F401  (re-exported: the shared copies and the tests import it here)
    compute_file,
    missing_output_checks,
    render,
    status_line,  # noqa: F401  (re-exported, as compute_data)
)
from routekpi.render import to_json
from routekpi.render_daily import rep_page_breaks
from routekpi.render_dashboard import (
    Row,
    bridge_axis,
    chart_row_heights,
    chart_titles,
    with_bridge_axis,
    with_rep_axis,
    with_title_caches,
)
from routekpi.schema import CELL_STYLES, OUTPUT_COLUMNS, OUTPUT_SHEETS
from routekpi.sources import SourceRef

STYLES_PART = "xl/styles.xml"
TEMPLATE_STYLES = ("Normal", *CELL_STYLES)  # the template's named cell styles (tested)


@dataclass
class RecalcReport:
    """What one recalculation did."""

    path: Path
    result: Result
    checks: list[Check]
    rows_read: int
    seconds: float
    language: str
    status: str

    def json(self) -> dict[str, object]:
        """The documented ``--json`` document."""
        return to_json(self.result, self.checks, self.language)


def _macro_enabled(path: Path) -> bool:
    """True for a macro-enabled package (its content type; the name may lie)."""
    with zipfile.ZipFile(path) as zf:
        if "xl/vbaProject.bin" in zf.namelist():
            return True
        types = zf.read("[Content_Types].xml") if "[Content_Types].xml" in zf.namelist() else b""
    return b"macroEnabled" in types


def _has_styles(path: Path) -> bool:
    """True when the workbook's styles.xml has every named style of the template in use."""
    with zipfile.ZipFile(path) as zf:
        if STYLES_PART not in zf.namelist():
            return False
        return has_styles(zf.read(STYLES_PART), TEMPLATE_STYLES)


def _chart_title_edits(path: Path, tab: str, rows: list[Row]) -> PartEdits | None:
    """The chart parts whose cached title differs from the title cell the Dashboard's
    ``rows`` write (LibreOffice shows the cache: render_dashboard.with_title_caches), and a
    rep chart from an older template that lets names drop (render_dashboard.with_rep_axis),
    and the bridge's value axis from where the run says (render_dashboard.with_bridge_axis)."""
    titles = chart_titles(tab, rows)
    axis = bridge_axis(rows)
    replaced = {}
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name.startswith("xl/charts/chart") and name.endswith(".xml"):
                xml = zf.read(name)
                fresh = with_rep_axis(with_title_caches(xml, titles))
                fresh = with_bridge_axis(fresh, tab, axis)
                if fresh != xml:
                    replaced[name] = fresh
    return PartEdits(replaced=replaced) if replaced else None


def _check_out_suffix(path: Path, out: Path, language: str) -> None:
    """Excel refuses a package whose extension disagrees with its content: refuse it first.

    The output is the same package as the input (only output sheets change), so a .xlsm
    (macros, the button) cannot become an .xlsx by name.
    """
    want = ".xlsm" if _macro_enabled(path) else ".xlsx"
    if out.suffix.lower() != want:
        raise RecalcError(text("err.out_suffix", language, out=str(out), want=want))


def _user_cells(
    path: Path,
    tabs: Mapping[str, str],
    renderer: OutputRenderer,
    checks: list[Check],
    language: str,
) -> UserCellPlan:
    """What the user typed on the output sheets: kept in place or moved (see usercells).

    Moving a cell adds a Checks row, which lengthens the Checks table: plan until stable
    (only the Checks table is rendered again on each pass).
    """
    widths = {name: len(OUTPUT_COLUMNS[name]) for name in tabs if name in OUTPUT_COLUMNS}
    planner = UserCellPlanner(path, {n: t for n, t in tabs.items() if n in widths}, widths)
    now = datetime.now()
    plan = planner.plan({}, language, now)
    for _ in range(4):
        tables = renderer.tables([*checks, *plan.checks], "…")  # status row
        again = planner.plan(tables, language, now)
        if len(again.checks) == len(plan.checks):
            return again
        plan = again
    return plan


def recalculate(
    path: Path,
    *,
    out: Path | None = None,
    as_of: date | None = None,
    progress: Callable[[str], None] | None = None,
    sources: Mapping[str, SourceRef] | None = None,
    read: BackgroundRead | None = None,
    today: date | None = None,
) -> RecalcReport:
    """The whole job: compute, then write the output sheets (atomically) into out or path.

    ``sources``: ``--orders/--visits/--accounts`` (routekpi.sources); the status says so.
    ``read``: the file's read, begun while the engine's modules imported (the command line).
    ``today``: the run's day (default the clock's): the Daily list never starts before it.
    """
    started = read.started if read is not None else time.perf_counter()
    path = Path(path)
    # A big history's account status in a forked child while the engine runs (routekpi.aside).
    helping = STATUS_HELPER.set(status_aside)
    try:
        computed, tabs = compute_file(
            path, as_of=as_of, progress=progress, sources=sources, started=read, today=today
        )
    finally:
        STATUS_HELPER.reset(helping)
    result, checks, rows, language = computed
    if out is not None:
        _check_out_suffix(path, Path(out), language)
    # Output tabs the workbook lacks (built by pandas, deleted by hand) are created from the
    # template's definitions, after the last tab; a Checks row names each one.
    # The template (openpyxl, ~0.2 s) only when a sheet or a named style has to come from it.
    missing = [s.name for s in OUTPUT_SHEETS if s.name not in tabs]
    package = template_package(language) if missing or not _has_styles(path) else {}
    created = [name for name in missing if name in package]
    checks += [
        Check(name, None, "", None, "output_sheet_created", {"sheet": name}, "info")
        for name in created
    ]
    existing = dict(tabs)
    tabs = {**tabs, **{name: name for name in created}}
    checks += missing_output_checks(tabs)
    renderer = OutputRenderer(result, language, checks)
    # A big history: the Attainment, Review, flags and two sheets' rows in a forked child
    # while this process plans the Daily list (routekpi.aside); else all on first use.
    aside = parts_aside(result, renderer, rows)
    if aside is not None:
        result.daily  # noqa: B018 - the parent's side meanwhile
        aside()
    moved = _user_cells(path, existing, renderer, checks, language)
    checks += moved.checks
    rendered = render(computed, checks, renderer=renderer)
    status, tables = rendered.status, rendered.tables
    contents = {
        tabs[name]: SheetContent(
            rows=table,
            column_styles=[c.style for c in OUTPUT_COLUMNS[name]],
            kept=moved.kept.get(tabs[name]),
            widened={
                i: (c.former_widths, c.width)
                for i, c in enumerate(OUTPUT_COLUMNS[name], start=1)
                if c.former_widths
            },
        )
        for name, table in tables.items()
        if name in tabs
    }
    if "Dashboard" in tabs:  # unused chart-data rows are hidden so the charts skip them
        contents[tabs["Dashboard"]].hidden_rows = rendered.dashboard_hidden
        # Every rep named: the chart rows grow with the bars (the rep chart spans them).
        contents[tabs["Dashboard"]].row_heights = chart_row_heights(result)
    if "Daily" in tabs and "Daily" in tables:  # one printed paper per rep (trial 38 M3)
        contents[tabs["Daily"]].row_breaks = rep_page_breaks(tables["Daily"])
    for name, heights in rendered.row_heights.items():  # the Plan's wrapped status line
        if name in tabs:
            content = contents[tabs[name]]
            content.row_heights = {**(content.row_heights or {}), **heights}
    new_sheets = {name: package[name] for name in created if name in contents}
    if moved.notes is not None:
        contents[moved.notes_tab] = moved.notes
        if moved.notes_is_new:
            new_sheets[moved.notes_tab] = notes_skeleton()
    # Remember each table's block, so that what the user types below it is known as theirs.
    blocks = {}
    for name, table in tables.items():
        if name in tabs:
            width = len(OUTPUT_COLUMNS[name])
            blocks[BLOCK_NAME.format(sheet=name)] = block_ref(tabs[name], width, len(table))
            blocks[TEXT_NAME.format(sheet=name)] = table_digests(table, width)
    blocks[STAMP_NAME] = stamp_constant(status)
    charts = None  # the charts' cached titles in the book's language, for LibreOffice
    if "Dashboard" in tabs and "Dashboard" in tables:
        charts = _chart_title_edits(path, tabs["Dashboard"], tables["Dashboard"])
    if new_sheets and not package:  # a new Notes tab: the template's dxfs come along, as ever
        package = template_package(language)
    if progress:
        progress("write")
    try:
        rewrite_workbook(
            path,
            contents,
            dst=out,
            new_sheets=new_sheets,
            template_styles=package.get("styles.xml"),  # None: every style is there
            recalc_on_load=True,  # user formulas that read the output sheets refresh on open
            defined_names=blocks,
            parts=charts,
        )
    except WorkbookLocked as exc:
        raise RecalcError(text("err.locked", language, path=str(path))) from exc
    except WorkbookWriteError as exc:
        raise RecalcError(text("err.write_failed", language, reason=str(exc))) from exc
    except OSError as exc:
        raise RecalcError(text("err.write_failed", language, reason=str(exc))) from exc
    return RecalcReport(
        path=Path(out or path),
        result=result,
        checks=checks,
        rows_read=rows,
        seconds=time.perf_counter() - started,
        language=language,
        status=status,
    )
