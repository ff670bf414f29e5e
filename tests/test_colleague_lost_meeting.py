"""A colleague's lost meeting on an account someone else won stays his (review 34 leftover).

The book is test_departed_opener's (reps A, B and K; K leaves after August 2026 and A serves
his accounts, the wins AW1, AW2, BW1, KW1, KW2, KW3 in the window 2025-11 … 2026-10), with
B's lost 商談 of 2025-11 (his one meeting that month) typed with KW1's code, before K's first
order on it (2025-12): K won KW1, A holds it now. B lost it: his meeting, in his win rate,
not one more meeting for the holder. Before, the handover moved B's line with the account to
A: A 13 meetings (win rate 2/13), B 11 (1/11).

By hand, as test_departed_opener without it: A 2 new accounts of 12 meetings, B 1 of 12,
K 3 of 10, the team 6 of 34 — in the pasted rows and in the files (DuckDB) path alike.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from routekpi.core.handover import hand_over
from routekpi.recalc import recalculate
from tests.test_departed_opener import _touched_rows
from tests.test_departed_wins import KGI, history_of
from tests.workbook_files import csv_history, sources_or_pasted_book, targets_by_key

B_KW1_MEETING = "2025/11/15"  # B's lost meeting that month, typed with KW1's code


def _rows() -> dict[str, list[list[object]]]:
    rows = _touched_rows()
    (line,) = [r for r in rows["Visits"][1:] if r[0] == B_KW1_MEETING and r[1] == "B"]
    assert line[3] == "商談" and line[2] is None
    line[2] = "KW1"
    return rows


def test_the_lost_meeting_stays_with_the_colleague_in_the_lines() -> None:
    moved, handed = hand_over(history_of(_rows()), date(2026, 11, 10), date(2027, 4, 1))
    assert handed is not None and ("KW1", "K") in handed.opened_by
    kw1 = moved.visits[moved.visits["account"].eq("KW1") & moved.visits["kind"].eq("meeting")]
    assert sorted(zip(kw1["rep"], kw1["outcome"], strict=True)) == [("B", "lost"), ("K", "won")]


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("colleague_lost")
    rows = _rows()
    csv_history(folder, rows)
    pasted = sources_or_pasted_book(folder / "pasted.xlsm", rows, KGI)
    sourced = sources_or_pasted_book(folder / "sourced.xlsm", None, KGI)
    for book in (pasted, sourced):
        recalculate(book)
    return pasted, sourced


def test_each_reps_own_meetings_in_both_paths(books: tuple[Path, Path]) -> None:
    for book in books:
        got = targets_by_key(book)
        base = {
            (rep, kpi): got[("FY2027", rep, kpi)][4]
            for rep in ("A", "B", "ALL")
            for kpi in ("new_accounts", "meetings")
        }
        assert base[("A", "meetings")] == 12, book.name
        assert base[("B", "meetings")] == 12, book.name
        assert base[("A", "new_accounts")] == 2 and base[("B", "new_accounts")] == 1
        assert base[("ALL", "meetings")] == 34 and base[("ALL", "new_accounts")] == 6
        assert got[("FY2027", "B", "meeting_win_rate")][4] == pytest.approx(1 / 12)
        assert got[("FY2027", "A", "meeting_win_rate")][4] == pytest.approx(2 / 12)
    pasted, sourced = (targets_by_key(b) for b in books)
    assert pasted.keys() == sourced.keys()
    for key, row in pasted.items():
        assert sourced[key][4:6] == row[4:6], key
