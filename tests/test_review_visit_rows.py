"""The Review's visit rows where the book has a Visits log but its plan was made without
visits (core.review ``VISIT_ROWS``; a new-user trial: no visit row at all), and the plain
words when a book has no visit records. Workbooks written, recalculated and read back.

The history (tests.test_visit_start_late ``_history``): reps A, B, C with six accounts each;
every account orders on the 5th and the 20th of every month (¥1,000 an order) from April
2022 to September 2025 and is visited on the 3rd, 12th and 22nd from August 2024. FY2025
(April 2025 – March 2026) is planned from FY2024, whose first four months have no visits:
planned without visits. As of 2025-09-30, six whole months, by hand per rep: visits 6 × 3 ×
6 = 108, visit frequency 108 / (6 accounts × 6 months) = 3.00, orders per visit 72 / 108 =
0.667; the team 324, 3.00, 0.667. The month block (September): 18 visits a rep, 54 the team.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd

from routekpi.messages import text
from routekpi.recalc import recalculate
from tests.test_visits_start_late import REPS, _history
from tests.workbook_files import history_book

AS_OF = date(2025, 9, 30)
KGI = 18 * 24 * 1000 * 1.12


def _review(path: Path, visits_from: str | None) -> list[tuple[object, ...]]:
    history = _history(visits_from=pd.Period(visits_from or "2030-01", freq="M"), months=42)
    history_book(
        path,
        history,
        accounts=[f"{r}{i}" for r in REPS for i in range(6)],
        account_start=date(2022, 4, 1),
        kgi=KGI,
        plan_year=2025,
        as_of=AS_OF,
    )
    recalculate(path)
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    ws = wb["振り返り"] if "振り返り" in wb.sheetnames else wb["Review"]
    return list(ws.iter_rows(values_only=True))


def _at(rows: list[tuple[object, ...]], rep: str, key: str) -> tuple[object, ...]:
    return next(r for r in rows if r[0] == rep and r[1] == key)


def _finding(rows: list[tuple[object, ...]], rep: str, key: str) -> str:
    """A row's finding with its wrapped lines (the rows below: same rep, no key)."""
    (at,) = [i for i, r in enumerate(rows) if r[0] == rep and r[1] == key]
    said = [str(rows[at][10] or "")]
    for r in rows[at + 1 :]:
        if r[0] != rep or r[1]:
            break
        said.append(str(r[10] or ""))
    return "".join(said)


def test_visit_rows_with_actuals_when_the_plan_has_no_visits(tmp_path: Path) -> None:
    rows = _review(tmp_path / "late.xlsm", "2024-08")
    for rep, visits in (*((r, 108) for r in REPS), ("ALL", 324)):
        count = _at(rows, rep, "visits")
        assert count[2] == "訪問件数"
        assert count[3] == "目標なし" and count[4] == visits
        frequency = _at(rows, rep, "visits_per_account")
        assert frequency[3] == "目標なし"
        assert abs(float(frequency[4]) - 3.0) < 1e-9
        per_visit = _at(rows, rep, "orders_per_visit")
        assert abs(float(per_visit[4]) - 72 / 108) < 1e-9
        assert per_visit[6] is None  # no part of the gap's split
    said = text(
        "review.finding.visits_start_in_baseline",
        "ja",
        first="2024-08",
        base_first="2024-04",
        base_last="2025-03",
    )
    assert _finding(rows, "A", "visits") == said
    assert "2024-08" in said and "2024-04" in said  # the note's months, not blanks
    # The month block: September alone.
    assert _at(rows, "A", "visits@2025-09")[4] == 18
    assert _at(rows, "ALL", "visits@2025-09")[4] == 54


def test_a_book_without_visits_says_the_rows_are_left_out(tmp_path: Path) -> None:
    rows = _review(tmp_path / "orders_only.xlsm", None)
    assert not [r for r in rows if r[1] in ("visits_per_account", "orders_per_visit")]
    # Said once, in the year's rows: the month block has no visits row.
    assert not [r for r in rows if str(r[1] or "").startswith("visits@")]
    (team,) = [r for r in rows if r[1] == "visits"]
    assert team[0] == "ALL" and team[4] is None
    assert _finding(rows, "ALL", "visits") == text("review.finding.no_visits", "ja")
