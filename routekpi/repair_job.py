"""``routekpi repair`` as a job: check the file, repair it, one line for the command line.

The repair itself (:mod:`routekpi.io.repair`) works on files and raises the writer's
errors; this module turns them into the one-line ``RecalcError`` every command shows.
"""

from __future__ import annotations

from pathlib import Path

from routekpi.contract import InputError
from routekpi.io.package import WorkbookLocked, WorkbookWriteError
from routekpi.io.reader import check_container
from routekpi.io.repair import RepairReport, repair_workbook, workbook_language
from routekpi.messages import bilingual, text
from routekpi.recalc import RecalcError
from routekpi.render_dashboard import with_run_parts


def repair_book(path: Path, *, out: Path | None = None, language: str | None = None) -> str:
    """``routekpi repair``: check the file, repair it, return the one-line summary.

    An .xlsx cannot hold macros: without ``out`` the result goes to the .xlsm beside it.
    Raises RecalcError (one line) when the file is refused or cannot be written.
    """
    path = Path(path)
    try:
        check_container(path)
    except InputError as exc:  # language unknown before reading: both, like recalc
        raise RecalcError(bilingual(exc.key, "ja", **exc.params)) from exc
    lang = language or workbook_language(path)
    target = Path(out) if out is not None else path
    if out is None and path.suffix.lower() == ".xlsx":
        target = path.with_suffix(".xlsm")
    try:
        report = repair_workbook(path, out=target, language=lang, run_parts=with_run_parts)
    except WorkbookLocked as exc:
        raise RecalcError(text("err.locked", lang, path=str(path))) from exc
    except (WorkbookWriteError, ValueError, OSError) as exc:
        raise RecalcError(text("err.write_failed", lang, reason=str(exc))) from exc
    done = text(
        "repair.done",
        lang,
        path=str(target),
        modules=", ".join(report.modules),
        button=report.button_sheet or "—",
        sheets=", ".join(report.created_sheets) or "—",
    )
    lines = [done]
    if report.page_setup_sheets or report.charts:
        # What was updated: the page setup, the charts, or both (not 「…: —」 for none).
        key = (
            "repair.layout"
            if report.page_setup_sheets and report.charts
            else "repair.layout_sheets"
            if report.page_setup_sheets
            else "repair.layout_charts"
        )
        sheets = ", ".join(report.page_setup_sheets)
        lines.append(text(key, lang, sheets=sheets, charts=len(report.charts)))
    if report.print_title_sheets:
        lines.append(text("repair.print_titles", lang, sheets=", ".join(report.print_title_sheets)))
    if report.settings_relinked:
        joiner = "、" if lang == "ja" else ", "
        named = joiner.join(
            f"{label}({name}、{cell})" if lang == "ja" else f"{label} ({name}, {cell})"
            for name, label, cell in report.settings_relinked
        )
        lines.append(text("repair.settings_relinked", lang, settings=named))
    if report.settings_added:
        lines.append(text("repair.settings", lang, settings=added_settings(report, lang)))
    return "\n".join(lines)


def added_settings(report: RepairReport, language: str) -> str:
    """The settings repair added, as the user reads them: 営業曜日(WorkingDays)= 月-金(B24)."""
    blank = text("repair.setting_blank", language)
    parts = []
    for name, label, value, cell in report.settings_added:
        shown = blank if value is None else str(value)
        parts.append(
            f"{label}({name})= {shown}({cell})"
            if language == "ja"
            else f"{label} ({name}) = {shown} ({cell})"
        )
    return ("、" if language == "ja" else ", ").join(parts)
