"""An account silent so long it may have closed is visited once to check, not on its old
rhythm (trial 45 M4: a salon closed in June listed on 12/8 and again on 12/14 「訪問時期」).

The sample book (seed 11, 4,000 order lines, AsOf 10/31): 有限会社高橋製作所 (C0038, Ito's,
visited every 8 days until 2026-03-06, orders −56%) is neither visited nor ordering for 10
times its usual gap: the Flags ask to check whether it closed. Its Daily stop on 11/2 says
so, and the 10-day list no longer brings it back on 11/10 and 11/16 as an 8-day account.
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


def test_a_long_silent_account_is_listed_once_with_a_check(book: Path) -> None:
    rows = _daily(book)
    stops = [i for i, r in enumerate(rows) if r[3] == "C0038"]
    assert len(stops) == 1
    first = rows[stops[0]]
    assert first[1].date().isoformat() == "2026-11-02"  # type: ignore[union-attr]
    # Its reason (wrapped over the next row of column G).
    reason = f"{first[6]}{rows[stops[0] + 1][6]}"
    assert "閉店・休業していないか確認を(電話でも可)" in reason
    # The Flags row says the same account is long silent.
    flags = openpyxl.load_workbook(book, read_only=True)["Flags"].iter_rows(values_only=True)
    (flag,) = [f for f in flags if f[1] == "at_risk_account" and f[5] == "C0038"]
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
