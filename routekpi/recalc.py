"""The main job, file edition: read a workbook, validate, compute, write the output sheets.

This is what ``routekpi recalc`` runs and what the Excel button runs through xlwings (with a
different reader and writer). Failures before writing raise ``RecalcError`` with one clear
sentence; the file is then untouched.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from routekpi.core.baselines import PlanError
from routekpi.core.engine import Result, run
from routekpi.io.reader import WorkbookData, read_workbook
from routekpi.io.sheetxml import SheetContent
from routekpi.io.xlsxzip import (
    WorkbookLocked,
    WorkbookWriteError,
    rewrite_workbook,
)
from routekpi.messages import text
from routekpi.render import output_tables, to_json
from routekpi.render_dashboard import hidden_rows as dashboard_hidden_rows
from routekpi.schema import OUTPUT_COLUMNS, OUTPUT_SHEETS
from routekpi.validation.settings import fiscal_year_of, validate_settings
from routekpi.validation.tables import Check, InputError, validate_inputs


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
    path: Path, *, as_of: date | None = None, progress: Callable[[str], None] | None = None
) -> tuple[Result, list[Check], int, str, dict[str, str]]:
    """Read, validate and run the engine; returns result, checks, rows read, language, tabs."""
    try:
        data = read_workbook(path, progress=progress)
    except InputError as exc:
        # The workbook's language is unknown before it is read: say it in both.
        ja, en = text(exc.key, "ja", **exc.params), text(exc.key, "en", **exc.params)
        raise RecalcError(f"{ja} / {en}") from exc
    result, checks, rows, language = compute_data(data, as_of=as_of, progress=progress)
    # The reader already matched every tab (renamed or Japanese ones too) to the schema.
    outputs = {s.name: data.tab_names[s.name] for s in OUTPUT_SHEETS if s.name in data.tab_names}
    return result, checks, rows, language, outputs


def compute_data(
    data: WorkbookData, *, as_of: date | None = None, progress: Callable[[str], None] | None = None
) -> tuple[Result, list[Check], int, str]:
    """Validate what an adapter read and run the engine (shared by the file and live layers)."""
    raw_lang = str(data.settings.get("Language") or "ja").strip().casefold()
    language = raw_lang if raw_lang in ("ja", "en") else "ja"
    try:
        inputs = validate_inputs(data.sheets, as_of=as_of, date1904=data.date1904)
        last = inputs.history.last_date()
        settings, setting_checks = validate_settings(
            data.settings,
            cell_of=data.setting_cells,
            overrides=inputs.overrides,
            rep_weights=inputs.rep_weights,
            default_plan_year=fiscal_year_of(as_of or last) if (as_of or last) else None,
        )
        if as_of is not None:
            settings = replace(settings, as_of=as_of)
        if progress:
            progress("compute")
        result = run(inputs.history, settings)
    except (InputError, PlanError) as exc:
        raise RecalcError(text(exc.key, language, **exc.params)) from exc
    checks = [*setting_checks, *inputs.checks, *engine_checks(result)]
    return result, checks, inputs.rows_read, settings.language


def missing_output_checks(tabs: Mapping[str, str]) -> list[Check]:
    """One warning per output sheet the workbook no longer has (its results are not written)."""
    return [
        Check(s.name, None, "", None, "optional_sheet_missing", {"sheet": s.name}, "warn")
        for s in OUTPUT_SHEETS
        if s.name not in tabs
    ]


def status_line(
    language: str, rows: int, checks: int, feasible: bool, *, seconds: bool = False
) -> str:
    """The one-line status (time, rows read, checks, feasibility) both adapters write."""
    when = datetime.now().strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")
    return text(
        "plan.status_text",
        language,
        when=when,
        rows=f"{rows:,}",
        checks=checks,
        feasible=text("plan.feasible_yes" if feasible else "plan.feasible_no", language),
    )


def recalculate(
    path: Path,
    *,
    out: Path | None = None,
    as_of: date | None = None,
    progress: Callable[[str], None] | None = None,
) -> RecalcReport:
    """The whole job: compute, then write the output sheets (atomically) into out or path."""
    started = time.perf_counter()
    path = Path(path)
    result, checks, rows, language, tabs = compute(path, as_of=as_of, progress=progress)
    checks += missing_output_checks(tabs)
    status = status_line(language, rows, len(checks), bool(result.plan.feasible))
    tables = output_tables(result, checks, language, status)
    contents = {
        tabs[name]: SheetContent(rows=table, column_styles=[c.style for c in OUTPUT_COLUMNS[name]])
        for name, table in tables.items()
        if name in tabs
    }
    if "Dashboard" in tabs:  # unused chart-data rows are hidden so the charts skip them
        contents[tabs["Dashboard"]].hidden_rows = dashboard_hidden_rows(result, language)
    if progress:
        progress("write")
    try:
        rewrite_workbook(path, contents, dst=out)
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
