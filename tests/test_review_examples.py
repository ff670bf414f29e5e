"""Who can be named as an example (core.examples; trial 42 M1): the Review's best performer
and the behind-pace flag's "ask X how they do it" skip a rep on leave now, and a rep with
fewer than ``MIN_MONTHS_AT_WORK`` months at work in the year so far (his cover's visits on
his accounts count as his, so his visit log does not show the leave)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pandas as pd
import pytest

from routekpi.cli import main
from routekpi.core.calendar import BusinessCalendar
from routekpi.core.examples import MIN_MONTHS_AT_WORK, example_reps
from routekpi.io.samplebook import write_sample_workbook
from tests.workbook_files import edit, paste


def test_on_leave_now_or_too_few_months_at_work_is_no_example() -> None:
    # Plan year 2026-04 … 2027-03, as of 2026-08-20: April … August started (5 months).
    # A: no leave. B: on leave 08-01 … 12-31 (on leave today). C: on leave 04-01 … 06-30,
    # back in July: at work July, August = 2 < 3. D: on leave 05-01 … 05-31: 4 months at
    # work. E: on leave 08-25 … 09-30 (not yet): 5 months.
    leave = (
        ("B", date(2026, 8, 1), date(2026, 12, 31)),
        ("C", date(2026, 4, 1), date(2026, 6, 30)),
        ("D", date(2026, 5, 1), date(2026, 5, 31)),
        ("E", date(2026, 8, 25), date(2026, 9, 30)),
    )
    ev = SimpleNamespace(
        plan_months=list(pd.period_range("2026-04", "2027-03", freq="M")),
        as_of=date(2026, 8, 20),
        calendar=BusinessCalendar().with_leave(leave),
        reps=["A", "B", "C", "D", "E"],
        starts={},  # all began with the history (core.examples.has_year)
    )
    assert MIN_MONTHS_AT_WORK == 3
    assert example_reps(ev) == {"A", "D", "E"}  # type: ignore[arg-type]
    # Early in the year (as of 05-20: April, May started) two months are all there is:
    # C, on leave through June, is on leave today; D was away for May (1 of 2 months).
    ev.as_of = date(2026, 5, 20)
    assert example_reps(ev) == {"A", "B", "E"}  # type: ignore[arg-type]


def _bests_and_flags(book: Path) -> tuple[set[str], str]:
    wb = openpyxl.load_workbook(book, read_only=True)
    rows = list(wb["Review"].iter_rows(values_only=True))
    col = rows[0].index("Best performer")
    bests = {str(r[col]) for r in rows[1:] if r[col]}
    flags = " ".join(str(v) for r in wb["Flags"].iter_rows(values_only=True) for v in r if v)
    return bests, flags


@pytest.mark.parametrize(
    "span",
    [
        (date(2026, 10, 1), date(2027, 1, 31)),  # on leave on the as-of day (2026-10-31)
        (date(2026, 4, 1), date(2026, 8, 31)),  # back in September: 2 months at work of 7
    ],
)
def test_the_review_and_the_flags_name_no_rep_on_leave(tmp_path: Path, span: tuple) -> None:  # type: ignore[type-arg]
    book = tmp_path / "book.xlsm"
    write_sample_workbook(book, "en", orders_rows=6_000)  # FY2026, as of 2026-10-31
    assert main(["recalc", str(book)]) == 0
    bests, flags = _bests_and_flags(book)
    # Without leave Nakamura is the best at orders per visit, and someone is told to ask him.
    assert "Nakamura" in bests and "ask Nakamura" in flags
    with edit(book) as wb:
        paste(wb, "Leave", [["Nakamura", span[0], span[1], "Parental leave"]])
    assert main(["recalc", str(book)]) == 0
    bests, flags = _bests_and_flags(book)
    assert "Nakamura" not in bests
    assert "ask Nakamura" not in flags
    assert "ask " in flags  # a colleague at work is named instead
    # The team's ratio rows say his months on leave are left out of its value (trial 42 M2).
    sheet = openpyxl.load_workbook(book, read_only=True)["Review"]
    rows = list(sheet.iter_rows(values_only=True))
    col = rows[0].index("Finding")
    findings = " ".join(" ".join(str(r[col]) for r in rows[1:] if r[col]).split())
    assert "the team's value is the reps' (months on leave left out) at the baseline's" in findings
