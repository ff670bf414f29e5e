"""Trial 20 (finding 3): a newcomer prospecting (商談 rows) without a sale in the baseline has
no share of the KGI. The Plan names him, an Overrides row for him is not used (said so on
Checks), and ``share --per-rep`` says why he gets no copy instead of skipping him silently.

The book is test_departed's (田中, 佐藤, 高橋 one account each; 伊藤 leaves in September
2026), plus 藤井, who from February 2026 holds a 商談 with a prospect on the 15th of each month
and sells nothing.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from routekpi.messages import text
from routekpi.recalc import recalculate
from routekpi.share.job import share
from tests.test_departed import _rows, write_book
from tests.test_transfer import _paste

NEWCOMER = "藤井"


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = write_book(tmp_path_factory.mktemp("unplanned") / "book.xlsm")
    wb = openpyxl.load_workbook(path, keep_vba=True)
    ws = wb["Visits"]
    rows = [list(row) for row in ws.iter_rows(min_row=2, values_only=True) if any(row)]
    for m in pd.date_range("2026-02-01", "2026-11-01", freq="MS"):
        rows.append([(m + pd.Timedelta(days=14)).date(), NEWCOMER, "見込み1", "商談", None])
    _paste(wb, "Visits", rows)
    # His revenue for the year typed on Overrides: no target row to put it in.
    _paste(wb, "Overrides", [["revenue", NEWCOMER, "FY2026", 1000]])
    wb.save(path)
    recalculate(path)
    return path


def test_plan_names_him_without_a_target(book: Path) -> None:
    plan = _rows(book, "Plan")
    mine = [r for r in plan if r[0] == NEWCOMER]
    assert len(mine) == 1 and mine[0][1] in (None, "")
    assert str(mine[0][2]).startswith("売上目標なし")
    # No Targets row; the team's revenue is the KGI (12 × 1,500) all the same.
    targets = _rows(book, "Targets")
    assert not [r for r in targets if NEWCOMER in r]


def test_share_says_why_he_gets_no_copy(book: Path, tmp_path: Path) -> None:
    report = share(book, tmp_path / "out", per_rep=True)
    assert NEWCOMER not in {f.rep for f in report.files}
    line = text("share.unplanned_no_copy", "ja", reps=NEWCOMER)
    assert line in report.problems


def test_checks_say_his_override_is_not_used(book: Path) -> None:
    checks = [str(c) for r in _rows(book, "Checks") for c in r if c]
    said = text("override_unplanned", "ja", kpi="revenue", rep=NEWCOMER, period="FY2026")
    # Wrapped over printed lines: its first line names him.
    assert [c for c in checks if NEWCOMER in c and said.startswith(c)]
