"""An account silent so long it may have closed is visited once to check, not on its old
rhythm (trial 45 M4: a salon closed in June listed on 12/8 and again on 12/14 「訪問時期」).

The sample book (seed 11, 4,000 order lines, AsOf 10/31): 有限会社高橋製作所 (C0038, Ito's,
visited every 8 days until 2026-03-06, orders −56%) is neither visited nor ordering for 10
times its usual gap: the Flags ask to check whether it closed. (Since trial 48 M2, a steady
buyer like it is probably closed: tests/test_probably_closed.py.)
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from routekpi.core.flags import LONG_SILENT_TIMES, long_silent
from routekpi.io.samplebook import write_sample_workbook
from routekpi.recalc import recalculate


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("silent") / "book.xlsm"
    write_sample_workbook(path, "ja", seed=11, orders_rows=4_000)
    recalculate(path)
    return path


def _daily(path: Path) -> list[tuple[object, ...]]:
    rows = openpyxl.load_workbook(path, read_only=True)["Daily"].iter_rows(values_only=True)
    return [tuple(r) for r in rows]


def test_a_long_silent_steady_buyer_is_probably_closed(book: Path) -> None:
    """Since trial 48 M2 C0038 (dozens of order days) is probably closed, past its check
    week: off the list, named on its rep's ``probably_closed`` row (tests/test_probably_
    closed.py); the long-silent words stay for an account with fewer order days."""
    rows = _daily(book)
    assert not [r for r in rows if r[3] == "C0038"]
    flags = openpyxl.load_workbook(book, read_only=True)["Flags"].iter_rows(values_only=True)
    (flag,) = [f for f in flags if f[1] == "probably_closed" and "(C0038)" in str(f[6])]
    assert "ふだんの間隔の10倍以上" in str(flag[6])


def test_an_account_on_its_rhythm_still_comes_back(book: Path) -> None:
    """Ito's accounts on a weekly-ish rhythm come back within the 10 days: only the checked
    one is held out (each other account visited twice or more is still in the list)."""
    rows = _daily(book)
    seen: dict[object, int] = {}
    for r in rows:
        if r[0] == "Ito" and isinstance(r[2], int):
            seen[r[3]] = seen.get(r[3], 0) + 1
    assert max(seen.values()) >= 2


def test_the_rule_by_hand() -> None:
    """Silent for 10× its usual gap and at least 60 days (NaN: never visited, not a closing)."""
    days = [80.0, 59.0, 100.0, float("nan")]
    usual = [8.0, 5.0, 11.0, 8.0]
    assert LONG_SILENT_TIMES == 10.0
    assert long_silent(days, usual).tolist() == [True, False, False, False]  # type: ignore[arg-type]
