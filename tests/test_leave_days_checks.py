"""The Checks line of a used leave counts the working days the plan counts (trial31 L1:
"Baker on leave 2026-07-01 – 2026-08-31 (42 working days)" on Checks, 40 on the Plan and
the Targets — the Checks count was made before the assumed company holidays, Obon's 8/13
and 8/14, were added)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl

from routekpi.cli import main
from routekpi.io.samplebook import write_sample_workbook
from tests.workbook_files import edit, paste


def _cells(path: Path, sheet: str) -> list[str]:
    ws = openpyxl.load_workbook(path, data_only=True, read_only=True)[sheet]
    return [str(v) for row in ws.iter_rows(values_only=True) for v in row if v is not None]


def test_leave_days_on_checks_are_the_plans_with_assumed_holidays(tmp_path: Path) -> None:
    book = tmp_path / "book.xlsm"
    write_sample_workbook(book, "en", orders_rows=6_000)  # its history closed 8/13 – 8/15
    with edit(book) as wb:
        ws = wb["Holidays"]  # no company holiday typed: they are assumed from the history
        ws.delete_rows(2, ws.max_row)
        for table in ws.tables.values():
            table.ref = f"{table.ref.split(':')[0]}:{table.ref.split(':')[1][0]}2"
        paste(wb, "Leave", [["Suzuki", date(2026, 7, 1), date(2026, 8, 31), "Parental leave"]])
    assert main(["recalc", str(book)]) == 0
    checks = _cells(book, "Checks")
    assert any("8/13" in c and "8/14" in c for c in checks)  # the assumed days, said
    # Hand: July 2026 has 23 weekdays less Marine Day (7/20): 22; August 21 weekdays less
    # Mountain Day (8/11) and the assumed 8/13, 8/14 (8/15 a Saturday): 18. 40 in all.
    line = "Suzuki on leave 2026-07-01 – 2026-08-31 (40 working days)"
    assert any(c.startswith(line) for c in checks), [c for c in checks if "Suzuki" in c]
    # The Targets' months count the same: July 22 and August 18 team working days.
    days = {
        r[0]: r[8]
        for r in openpyxl.load_workbook(book, data_only=True, read_only=True)["Targets"].iter_rows(
            min_row=2, values_only=True
        )
        if r[1] == "ALL" and r[2] == "revenue"
    }
    assert (days["2026-07"], days["2026-08"]) == (22, 18)
