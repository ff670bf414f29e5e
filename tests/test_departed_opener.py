"""Who won an account a departed rep touched first (review 34): the rep of its first order.

A departed rep keeps credit for the accounts he won (test_departed_wins: trial 33 H2). A call
or a lost meeting of his on a prospect that a colleague won later is no win of his: the
colleague's first order is the win, and the new account stays the colleague's — in the sheet
path and in the files (DuckDB) path alike.

The book is test_departed_wins' (A, B and K; K leaves after August 2026, A serves his
accounts; wins AW1 2025-12, AW2 2026-03, BW1 2026-01, KW1 2025-12, KW2 2026-02, KW3
2026-04), with two lines of K's on his colleagues' prospects before they won them:

- K's lost 商談 of 2025-11 (his one meeting that month) is typed with AW1's code;
- K makes one テレアポ to BW1 on 2025-12-20, not won (an attempt);
- and the other way round: A's lost 商談 of 2026-01 is typed with KW2's code, before K won
  it (2026-02): KW2 is K's win, though A's line on it came first and A holds it now.

By hand, the baseline window 2025-11 … 2026-10:
- A: new accounts 2 (AW1, AW2), meetings 12, win rate 2/12 — before the fix AW1 read as
  K's win ("K's line the first on the account") and KW2 as A's (his line the first);
- B: 1 new account (BW1) of 12 meetings — before: 0;
- K's call and lost meeting stay his (his prospecting): A holds no K meeting, B no attempt;
- the team: 6 new accounts (K's three included), as before.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

import routekpi.core.handover as core_handover
import routekpi.sources.handover as sql_handover
from routekpi.core.baselines import build_evidence
from routekpi.core.handover import hand_over
from routekpi.core.history import History, PlanSettings
from routekpi.recalc import recalculate
from routekpi.sources.handover import sql_in_list
from tests.test_departed_wins import K_WINS, KGI, _rows, history_of
from tests.workbook_files import csv_history, sources_or_pasted_book, targets_by_key

AW1_MEETING = "2025/11/15"  # K's lost meeting that month, typed with AW1's code
BW1_CALL = "2025/12/20"  # K's テレアポ to B's prospect
KW2_MEETING = "2026/01/15"  # A's lost meeting that month, typed with KW2's code


def _touched_rows() -> dict[str, list[list[object]]]:
    rows = _rows()
    visits = rows["Visits"]
    for row in visits[1:]:
        if row[0] == AW1_MEETING and row[1] == "K":
            row[2] = "AW1"
        if row[0] == KW2_MEETING and row[1] == "A":
            row[2] = "KW2"
    visits.append([BW1_CALL, "K", "BW1", "テレアポ", "失敗"])
    return rows


def _books(folder: Path) -> tuple[Path, Path]:
    rows = _touched_rows()
    csv_history(folder, rows)
    pasted = sources_or_pasted_book(folder / "pasted.xlsm", rows, KGI)
    sourced = sources_or_pasted_book(folder / "sourced.xlsm", None, KGI)
    for book in (pasted, sourced):
        recalculate(book)
    return pasted, sourced


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return _books(tmp_path_factory.mktemp("departed_opener"))


def test_a_colleagues_win_after_the_departed_reps_call_stays_the_colleagues(
    books: tuple[Path, Path],
) -> None:
    for book in books:
        got = targets_by_key(book)
        # Targets' baseline column (E).
        assert got[("FY2027", "A", "new_accounts")][4] == 2, book.name
        assert got[("FY2027", "A", "meetings")][4] == 12, book.name
        assert got[("FY2027", "A", "meeting_win_rate")][4] == pytest.approx(2 / 12)
        assert got[("FY2027", "B", "new_accounts")][4] == 1, book.name
        assert got[("FY2027", "B", "meeting_win_rate")][4] == pytest.approx(1 / 12)
        assert got[("FY2027", "ALL", "new_accounts")][4] == 6, book.name


def test_files_and_pasted_rows_give_the_same_targets(books: tuple[Path, Path]) -> None:
    pasted, sourced = targets_by_key(books[0]), targets_by_key(books[1])
    assert pasted.keys() == sourced.keys()
    for key, row in pasted.items():
        assert sourced[key][4:6] == row[4:6], key


def _history() -> History:
    return history_of(_touched_rows())


def test_the_opener_is_the_rep_of_the_first_order() -> None:
    moved, handed = hand_over(_history(), date(2026, 11, 10), date(2027, 4, 1))
    assert handed is not None and handed.departed == ("K",)
    # His own book (K0 … K9, opened before the window) and his three wins (KW2 too, A's lost
    # meeting on it first); not AW1 or BW1.
    theirs = [f"K{i}" for i in range(10)] + sorted(K_WINS)
    assert handed.opened_by == tuple((a, "K") for a in sorted(theirs))
    # His call and lost meeting stay his own prospecting.
    touched = moved.visits[moved.visits["account"].isin(["AW1", "BW1"])]
    assert set(touched.loc[touched["kind"].isin(["meeting", "attempt"]), "rep"]) >= {"K"}
    k = touched[touched["rep"] == "K"]
    assert sorted(k["kind"]) == ["attempt", "meeting"]
    # A's lost meeting on KW2 is his own line on an account he holds: it stays his.
    kw2 = moved.visits[moved.visits["account"].eq("KW2") & moved.visits["kind"].eq("meeting")]
    assert sorted(kw2["rep"]) == ["A", "K"]


def test_each_reps_own_record_in_the_baseline() -> None:
    """The window's new accounts and meetings per rep: A 2 of 12, B 1 of 12, K 3 of 10 (his
    call to BW1 his one attempt); the team 6 of 34."""
    ev = build_evidence(_history(), PlanSettings(kgi=KGI, plan_year=2027))
    cols = ["new_accounts", "meetings"]
    assert ev.base.loc["A", cols].tolist() == [2.0, 12.0]
    assert ev.base.loc["B", cols].tolist() == [1.0, 12.0]
    assert ev.base.loc["K", cols].tolist() == [3.0, 10.0]
    assert ev.base.loc["K", "appointment_attempts"] == 1.0
    assert ev.base.loc["ALL", cols].tolist() == [6.0, 34.0]


# --- the SQL IN list (review 34: built from a Python tuple's repr) ----------------------------


def test_the_in_list_is_sql_for_one_kind_a_set_and_a_quote() -> None:
    con = duckdb.connect()
    assert sql_in_list(("meeting",)) == "('meeting')"
    assert sql_in_list(("meeting", "attempt")) == "('meeting', 'attempt')"
    assert sql_in_list(["it's"]) == "('it''s')"
    assert sql_in_list(()) == "(NULL)"
    for values, probe, want in (
        (frozenset({"meeting"}), "meeting", True),
        (("meeting",), "attempt", False),
        (["it's"], "it's", True),
        ((), "meeting", None),  # NULL: no kind matches (the view leaves the clause out)
    ):
        got = con.execute(f"SELECT ? IN {sql_in_list(values)}", [probe]).fetchone()
        assert got == (want,), values


@pytest.mark.parametrize("kinds", [frozenset({"meeting"}), ("meeting",)])
def test_one_prospecting_kind_reads_alike_in_files_and_pasted_rows(
    kinds: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With meetings the only prospecting kind, K's テレアポ to BW1 goes with the account to
    B (a departed rep's lines but his prospecting follow the account), his meetings stay
    his; both paths read it so (before: the files path wrote ``IN frozenset({'meeting'})``,
    a syntax error)."""
    monkeypatch.setattr(core_handover, "PROSPECTING_KINDS", kinds)
    monkeypatch.setattr(sql_handover, "PROSPECTING_KINDS", kinds)
    pasted, sourced = (targets_by_key(b) for b in _books(tmp_path))
    assert pasted.keys() == sourced.keys()
    for key, row in pasted.items():
        assert sourced[key][4:6] == row[4:6], key
    for got in (pasted, sourced):
        assert got[("FY2027", "A", "meetings")][4] == 12
        assert got[("FY2027", "B", "new_accounts")][4] == 1
