"""``routekpi repair`` as a job: check the file, repair it, one line for the command line.

The repair itself (:mod:`routekpi.io.repair`) works on files and raises the writer's
errors; this module turns them into the one-line ``RecalcError`` every command shows.
"""

from __future__ import annotations

from pathlib import Path

from routekpi.contract import InputError
from routekpi.io.package import WorkbookLocked, WorkbookWriteError
from routekpi.io.reader import check_container
from routekpi.io.repair import repair_workbook, workbook_language
from routekpi.messages import bilingual, text
from routekpi.recalc import RecalcError


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
        report = repair_workbook(path, out=target, language=lang)
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
    if not (report.page_setup_sheets or report.charts):
        return done
    layout = text(
        "repair.layout",
        lang,
        sheets=", ".join(report.page_setup_sheets) or "—",
        charts=len(report.charts),
    )
    return f"{done}\n{layout}"
