"""collect's words for a month typo and for a re-sent file's second row of a visit (trial 43).

L1: 12/10 typed for 11/10, collected on 11/16, was told to wait for "the file sent again
after that day", a re-send that never comes. A date two weeks or more ahead whose same day a
month earlier has passed names the month typo and the two ways to put the visit in.

L2: a file collected twice: its second row for a visit the first collect took was said to be
"on Visits, a row pasted from the system, say". It names this file's row the visit came from.

Real files: the sample master, a rep's copy from ``share``, filled as Excel saves it.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from share_helpers import fill_visit_log, make_master, rep_copies

from routekpi.messages import text
from routekpi.share.collect import collect

REP = "Tanaka"
TODAY = dt.date(2026, 11, 16)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_master(tmp_path_factory.mktemp("typo") / "book.xlsm")


@pytest.fixture(scope="module")
def copy(pristine: Path) -> Path:
    return rep_copies(pristine)[REP]


@pytest.fixture
def master(pristine: Path, tmp_path: Path) -> Path:
    path = tmp_path / "book.xlsm"
    shutil.copyfile(pristine, path)
    return path


def test_a_date_a_month_ahead_names_the_month_typo(
    master: Path, copy: Path, tmp_path: Path
) -> None:
    """12/10 on 11/16 (24 days ahead, 11/10 has passed): the month typo, 11/10 named; 11/18
    (2 days ahead, typed in advance) keeps the wait-for-the-re-send words; 12/31 (its month
    before has no 31st) too. None is collected."""
    rows = [
        [dt.date(2026, 12, 10), None, "アポ", "成功", "A社"],
        [dt.date(2026, 11, 18), None, "アポ", "成功", "B社"],
        [dt.date(2026, 12, 31), None, "アポ", "成功", "C社"],
    ]
    returned = fill_visit_log(copy, tmp_path / "typo.xlsx", rows)
    report = collect(master, [returned], today=TODAY, recalc=False)
    [f] = report.files
    assert (f.added, f.refused) == (0, 3)
    said = {c.row: c for c in report.checks if c.column == "A 訪問日"}
    assert [said[r].problem for r in (2, 3, 4)] == [
        "collect.month_typo",
        "collect.after_today",
        "collect.after_today",
    ]
    words = text("collect.month_typo", "ja", **said[2].params)
    assert words.startswith(
        "今日(2026-11-16)より24日先の日付です(月の入力ミス? 2026-11-10 の訪問では?)"
    )
    assert "日付を 2026-11-10 に直して送り直す" in words
    assert "訪問シートに正しい日付で直接入力" in words
    assert "2026-12-10 の訪問として入ります" in words
    assert "{" not in text("collect.month_typo", "en", **said[2].params)
