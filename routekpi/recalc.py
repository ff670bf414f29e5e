"""The main job, file edition: read a workbook, validate, compute, write the output sheets.

This is what ``routekpi recalc`` runs and what the Excel button runs through xlwings (with a
different reader and writer). Failures before writing raise ``RecalcError`` with one clear
sentence; the file is then untouched.
"""

from __future__ import annotations

import time
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from routekpi.core.baselines import PlanError
from routekpi.core.engine import Result, run
from routekpi.core.history import PlanSettings
from routekpi.io.newsheets import template_package
from routekpi.io.reader import WorkbookData, read_workbook
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
    table_texts,
    text_digests,
)
from routekpi.io.xlsxzip import (
    WorkbookLocked,
    WorkbookWriteError,
    rewrite_workbook,
)
from routekpi.messages import bilingual, text
from routekpi.render import check_message, output_tables, to_json
from routekpi.render_dashboard import hidden_rows as dashboard_hidden_rows
from routekpi.schema import OUTPUT_COLUMNS, OUTPUT_SHEETS
from routekpi.sources import SourceRef, external_history, named_sources, sources_note
from routekpi.validation.period import (
    PlanPeriod,
    decide_period,
    period_checks,
    requested_as_of,
)
from routekpi.validation.settings import kgi_scale_check, parse_settings, plan_settings
from routekpi.validation.tables import Check, InputError, Inputs, validate_inputs


class RecalcError(Exception):
    """The run stopped; ``message`` is the one line to show. Nothing was written."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


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


def engine_checks(result: Result) -> list[Check]:
    """Engine notes as info rows of the Checks sheet."""
    return [Check("Plan", None, "", None, n.code, dict(n.params), "info") for n in result.notes]


def compute(
    path: Path,
    *,
    as_of: date | None = None,
    progress: Callable[[str], None] | None = None,
    sources: Mapping[str, SourceRef] | None = None,
) -> tuple[Result, list[Check], int, str, dict[str, str]]:
    """Read, validate and run the engine; returns result, checks, rows read, language, tabs."""
    if path.is_dir():  # before the reader, which would call it "not found"
        key, params = "err.cli_is_folder", {"path": str(path)}
        raise RecalcError(f"{text(key, 'ja', **params)} / {text(key, 'en', **params)}")
    try:
        data = read_workbook(path, progress=progress)
    except InputError as exc:
        # The workbook's language is unknown before it is read: say it in both.
        ja, en = text(exc.key, "ja", **exc.params), text(exc.key, "en", **exc.params)
        raise RecalcError(f"{ja} / {en}") from exc
    result, checks, rows, language = compute_data(
        data, as_of=as_of, progress=progress, sources=sources, base=path.parent
    )
    # The reader already matched every tab (renamed or Japanese ones too) to the schema.
    outputs = {s.name: data.tab_names[s.name] for s in OUTPUT_SHEETS if s.name in data.tab_names}
    return result, checks, rows, language, outputs


def workbook_language(data: WorkbookData) -> str:
    """The Language setting as read (ja when blank or unknown): for messages before parsing."""
    raw = str(data.settings.get("Language") or "ja").strip().casefold()
    return raw if raw in ("ja", "en") else "ja"


@dataclass
class Validated:
    """What a workbook's inputs and settings say, checked, before the engine runs."""

    inputs: Inputs
    settings: PlanSettings
    period: PlanPeriod
    checks: list[Check]  # settings and period checks (the inputs carry their own)


def validate_data(
    data: WorkbookData,
    *,
    as_of: date | None = None,
    kgi: float | None = None,
    sources: Mapping[str, SourceRef] | None = None,
    base: Path | None = None,
) -> Validated:
    """Settings first, then the inputs judged against the one as-of date, then the period.

    ``kgi`` stands in for the KGI cell (the backtest sets its own). Raises InputError.
    """
    raw = data.settings if kgi is None else {**data.settings, "KGI": kgi}
    # Settings first: the inputs are judged against the as-of date, whichever door it came
    # in by (validation.period decides it once for every adapter).
    parsed = parse_settings(
        raw, cell_of=data.setting_cells, sheet_of=data.setting_sheets, date1904=data.date1904
    )
    drop_identical = parsed.values.get("IdenticalOrderLines") == "drop"
    source_checks: list[Check] = []
    refs = named_sources(data, sources, base, source_checks)
    if refs:  # history from files or a database: aggregated once the as-of date is known
        ext = external_history(
            data, refs, as_of=requested_as_of(parsed, as_of), drop_identical=drop_identical
        )
        period = decide_period(parsed, ext.preview, as_of)
        inputs = ext.inputs(period.covered_as_of or ext.preview.last_date() or date.today())
        inputs.checks[:0] = source_checks
    else:
        inputs = validate_inputs(
            data.sheets,
            as_of=requested_as_of(parsed, as_of),
            date1904=data.date1904,
            user_tabs=data.user_sheets,
            user_headers=data.user_headers,
            drop_identical=drop_identical,
        )
        inputs.checks[:0] = source_checks
        period = decide_period(parsed, inputs.history, as_of)
    settings, checks = plan_settings(
        parsed,
        plan_year=period.plan_year,
        as_of=period.covered_as_of,
        overrides=inputs.overrides,
        rep_weights=inputs.rep_weights,
    )
    checks += period_checks(period, data.setting_cells, from_settings=as_of is None)
    return Validated(inputs, settings, period, checks)


def compute_data(
    data: WorkbookData,
    *,
    as_of: date | None = None,
    progress: Callable[[str], None] | None = None,
    sources: Mapping[str, SourceRef] | None = None,
    base: Path | None = None,
) -> tuple[Result, list[Check], int, str]:
    """Validate what an adapter read and run the engine (shared by the file and live layers).

    ``sources``: inputs read from files or databases instead of their sheets (besides the
    workbook's own Sources sheet, whose relative paths are read from ``base``).
    """
    language = workbook_language(data)
    try:
        valid = validate_data(data, as_of=as_of, sources=sources, base=base)
        if progress:
            progress("compute")
        result = run(valid.inputs.history, valid.settings)
    except (InputError, PlanError) as exc:
        if exc.key.startswith("kgi_"):  # names a cell: also in English, like the file errors
            raise RecalcError(bilingual(exc.key, language, **exc.params)) from exc
        raise RecalcError(text(exc.key, language, **exc.params)) from exc
    settings, inputs = valid.settings, valid.inputs
    scale = kgi_scale_check(settings.kgi, result.plan.baseline_revenue, data.setting_cells)
    checks = [*([scale] if scale else []), *valid.checks, *inputs.checks, *engine_checks(result)]
    return result, checks, inputs.rows_read, settings.language


# Checks a user must not miss in a long Checks sheet: each is also one line on stderr.
HEADLINE_CHECKS = ("history_stale", "input_sheet_missing", "sheet_lookalike")


def headlines(checks: list[Check], language: str, *, critical_only: bool = False) -> list[str]:
    """The sentences of the checks that are also said on stderr (critical ones first)."""
    picked = [
        c
        for c in checks
        if c.severity == "critical" or (c.problem in HEADLINE_CHECKS and not critical_only)
    ]
    picked.sort(key=lambda c: c.severity != "critical")
    return [check_message(c, language) for c in picked]


def missing_output_checks(tabs: Mapping[str, str]) -> list[Check]:
    """One warning per output sheet the workbook no longer has (its results are not written)."""
    return [
        Check(s.name, None, "", None, "optional_sheet_missing", {"sheet": s.name}, "warn")
        for s in OUTPUT_SHEETS
        if s.name not in tabs
    ]


def status_line(
    language: str,
    rows: int,
    checks: int,
    feasible: bool,
    *,
    seconds: bool = False,
    alert: str = "",
) -> str:
    """The one-line status (time, rows read, checks, feasibility) both adapters write.

    ``alert``: the first critical check (``status_alert``), which a glance must not miss.
    """
    when = datetime.now().strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")
    line = text(
        "plan.status_text",
        language,
        when=when,
        rows=f"{rows:,}",
        checks=checks,
        feasible=text("plan.feasible_yes" if feasible else "plan.feasible_no", language),
    )
    return text("plan.status_alert", language, status=line, alert=alert) if alert else line


def status_alert(checks: list[Check], language: str) -> str:
    """The first critical check's sentence, for the status line ("" when there is none)."""
    critical = [c for c in checks if c.severity == "critical"]
    return check_message(critical[0], language) if critical else ""


def _macro_enabled(path: Path) -> bool:
    """True for a macro-enabled package (its content type; the name may lie)."""
    with zipfile.ZipFile(path) as zf:
        if "xl/vbaProject.bin" in zf.namelist():
            return True
        types = zf.read("[Content_Types].xml") if "[Content_Types].xml" in zf.namelist() else b""
    return b"macroEnabled" in types


def _check_out_suffix(path: Path, out: Path, language: str) -> None:
    """Excel refuses a package whose extension disagrees with its content: refuse it first.

    The output is the same package as the input (only output sheets change), so a .xlsm
    (macros, the button) cannot become an .xlsx by name.
    """
    want = ".xlsm" if _macro_enabled(path) else ".xlsx"
    if out.suffix.lower() != want:
        raise RecalcError(text("err.out_suffix", language, out=str(out), want=want))


def _user_cells(
    path: Path, tabs: Mapping[str, str], result: Result, checks: list[Check], language: str
) -> UserCellPlan:
    """What the user typed on the output sheets: kept in place or moved (see usercells).

    Moving a cell adds a Checks row, which lengthens the Checks table: plan until stable.
    """
    widths = {name: len(OUTPUT_COLUMNS[name]) for name in tabs if name in OUTPUT_COLUMNS}
    planner = UserCellPlanner(path, {n: t for n, t in tabs.items() if n in widths}, widths)
    now = datetime.now()
    plan = planner.plan({}, language, now)
    for _ in range(4):
        tables = output_tables(result, [*checks, *plan.checks], language, "…")  # status row
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
) -> RecalcReport:
    """The whole job: compute, then write the output sheets (atomically) into out or path.

    ``sources``: ``--orders/--visits/--accounts`` (routekpi.sources); the status says so.
    """
    started = time.perf_counter()
    path = Path(path)
    result, checks, rows, language, tabs = compute(
        path, as_of=as_of, progress=progress, sources=sources
    )
    if out is not None:
        _check_out_suffix(path, Path(out), language)
    # Output tabs the workbook lacks (built by pandas, deleted by hand) are created from the
    # template's definitions, after the last tab; a Checks row names each one.
    package = template_package(language)
    created = [s.name for s in OUTPUT_SHEETS if s.name not in tabs and s.name in package]
    checks += [
        Check(name, None, "", None, "output_sheet_created", {"sheet": name}, "info")
        for name in created
    ]
    existing = dict(tabs)
    tabs = {**tabs, **{name: name for name in created}}
    checks += missing_output_checks(tabs)
    moved = _user_cells(path, existing, result, checks, language)
    checks += moved.checks
    alert = status_alert(checks, language)
    status = status_line(language, rows, len(checks), bool(result.plan.feasible), alert=alert)
    if where := sources_note(checks):  # the history did not come (only) from the sheets
        status = text("plan.status_sources", language, status=status, where=where)
    tables = output_tables(result, checks, language, status)
    contents = {
        tabs[name]: SheetContent(
            rows=table,
            column_styles=[c.style for c in OUTPUT_COLUMNS[name]],
            kept=moved.kept.get(tabs[name]),
        )
        for name, table in tables.items()
        if name in tabs
    }
    if "Dashboard" in tabs:  # unused chart-data rows are hidden so the charts skip them
        contents[tabs["Dashboard"]].hidden_rows = dashboard_hidden_rows(result, language)
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
            blocks[TEXT_NAME.format(sheet=name)] = text_digests(table_texts(table), width)
    blocks[STAMP_NAME] = stamp_constant(status)
    if progress:
        progress("write")
    try:
        rewrite_workbook(
            path,
            contents,
            dst=out,
            new_sheets=new_sheets,
            template_styles=package["styles.xml"],
            recalc_on_load=True,  # user formulas that read the output sheets refresh on open
            defined_names=blocks,
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
