"""A rep's copy carries no manager-only step (trial31 L9): the Plan's leave line ends with
"To have colleagues carry his accounts, change their rep on the Accounts sheet" for the
manager; the rep's cover quotes the line without it (his copy has no Accounts sheet). And
the copy's Review prints its KPI labels on one line (trial31 L6)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl

from routekpi.cli import main
from routekpi.contract import display_width
from routekpi.io.samplebook import write_sample_workbook
from routekpi.share.job import share
from tests.workbook_files import edit, paste

STEP = "To have colleagues carry his accounts, change their rep on the Accounts sheet"


def _text(path: Path, sheet: str) -> str:
    """The sheet's cells read back, their wrapped lines joined with a space."""
    ws = openpyxl.load_workbook(path, read_only=True)[sheet]
    return " ".join(str(v) for row in ws.iter_rows(values_only=True) for v in row if v)


def test_the_leave_line_keeps_the_managers_step_on_the_plan_not_on_the_reps_cover(
    tmp_path: Path,
) -> None:
    book = tmp_path / "book.xlsm"
    write_sample_workbook(book, "en", orders_rows=6_000)  # FY2026, reps Sato, Suzuki, Tanaka
    with edit(book) as wb:
        paste(wb, "Leave", [["Suzuki", date(2026, 7, 1), date(2026, 8, 31), "Parental leave"]])
    assert main(["recalc", str(book)]) == 0
    plan = _text(book, "Plan")
    assert "Parental leave for 2 months (2026-07 – 2026-08)" in plan
    assert "change their rep on the" in plan  # the manager's step (wrapped) on his Plan
    copies = {f.rep: f.path for f in share(book, tmp_path / "out", per_rep=True).files}
    cover = _text(copies["Suzuki"], "Cover")
    # The same line, whole up to its step, and nothing after it.
    assert "Parental leave for 2 months (2026-07 – 2026-08): the revenue, order and" in cover
    assert "that much lower" in cover
    assert "Accounts sheet" not in cover and "carry his accounts" not in cover
    assert STEP not in cover
    # trial31 L6: the copy's Review prints each KPI label on one line (a label wrapped in a
    # row one line high printed over the next row's): its column fits the longest label,
    # Suzuki's "Months on leave / no visit records" (34 units) among them.
    ws = openpyxl.load_workbook(copies["Suzuki"])["Review"]
    labels = [c.value for c in ws["B"][1:] if isinstance(c.value, str)]
    assert "Months on leave / no visit records" in labels
    assert ws["B1"].value == "KPI"
    assert ws.column_dimensions["B"].width >= max(display_width(v) for v in labels) + 2
