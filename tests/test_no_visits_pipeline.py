"""No visit rows, but a log of meetings and calls: the Plan's note agrees with its meetings line.

Before, the note said 「…商談・アポのKPIは算出できません」 while the Plan's 商談・アポ架電 line
beside it planned 80 meetings and 121 calls from the 59 meetings and the calls logged. Now
the note says that only the visit KPIs are missing and points to that line; a history with
neither visits nor meetings keeps the old note (and no meetings line).

The book: tests/test_own_start_sources.py's (A and B 2 meetings and 3 calls a month since
2024-06, N 11 meetings from 2026-05) without its 訪問 rows.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl

from routekpi.messages import text
from routekpi.recalc import recalculate
from tests.test_own_start_sources import _rows
from tests.workbook_files import sources_or_pasted_book


def _plan_and_checks(book: Path) -> tuple[str, str]:
    wb = openpyxl.load_workbook(book, read_only=True)
    joined = []
    for name in ("Plan", "Checks"):
        cells = (str(c) for row in wb[name].iter_rows(values_only=True) for c in row if c)
        joined.append("".join(cells).replace(" ", ""))  # wrapped at a space
    return joined[0], joined[1]


def test_meetings_without_visits_are_planned_and_the_note_says_so(tmp_path: Path) -> None:
    rows = _rows()
    rows["Visits"] = [r for r in rows["Visits"] if r[3] != "訪問"]
    book = sources_or_pasted_book(tmp_path / "calls.xlsm", rows, 3_300_000)
    notes = [n.code for n in recalculate(book).result.evidence.notes]
    assert "no_visits_pipeline" in notes and "no_visits" not in notes
    plan, checks = _plan_and_checks(book)
    said = text("no_visits_pipeline", "ja").replace(" ", "")
    # (the sheets wrap it over rows, the Checks its parenthesis on a row of its own)
    for part in said.split("(売上")[0], "商談・アポは記録があるため、その件数から":
        assert part in plan and part in checks
    assert "商談・アポのKPIは算出できません" not in plan + checks
    # The line it points to, with the meetings logged in the baseline (2025-11 … 2026-10):
    # A and B 2 a month each (48), N 1 + 5 × 2 = 11: 59.
    assert "商談・アポ架電" in plan and "実数59件" in plan


def test_no_visits_and_no_meetings_keep_the_note_that_they_cannot_be_planned(
    tmp_path: Path,
) -> None:
    rows = _rows()
    rows["Visits"] = rows["Visits"][:1]  # the header only
    book = sources_or_pasted_book(tmp_path / "orders.xlsm", rows, 3_300_000)
    notes = [n.code for n in recalculate(book).result.evidence.notes]
    assert "no_visits" in notes and "no_visits_pipeline" not in notes
    plan, _ = _plan_and_checks(book)
    assert "商談・アポのKPIは算出できません" in plan
    assert "商談・アポ架電" not in plan
