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

import openpyxl
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


def test_a_file_collected_again_names_the_row_its_visit_came_from(
    master: Path, copy: Path, tmp_path: Path
) -> None:
    """One visit typed twice (rows 2 and 3, two memos): the first collect takes row 2 and
    says row 3 is the same visit; collected again ten minutes later, row 2 is a plain
    duplicate and row 3 is said to come from this file's row 2, with no system-export guess."""
    day = dt.date(2026, 11, 9)
    visits = openpyxl.load_workbook(master, read_only=True)["Visits"]
    account = next(
        str(r[2]) for r in visits.iter_rows(values_only=True) if r[1] == REP and r[3] == "訪問"
    )
    log = [
        [day, account, "訪問", None, "在庫確認"],
        [day, account, "訪問", None, "見積の件"],
    ]
    returned = fill_visit_log(copy, tmp_path / "twice.xlsx", log)
    first = collect(master, [returned], today=TODAY, recalc=False)
    assert (first.files[0].added, first.files[0].duplicates) == (1, 1)
    assert [c.problem for c in first.checks if c.column == "A 訪問日"] == [
        "collect.same_visit_typed"
    ]
    again = collect(master, [returned], today=TODAY, recalc=False)
    assert (again.files[0].added, again.files[0].duplicates) == (0, 2)
    [said] = [c for c in again.checks if c.column == "A 訪問日"]
    assert (said.problem, said.row, said.params["row"]) == ("collect.same_visit_collected", 3, 2)
    words = text(said.problem, "ja", **said.params)
    assert "このファイルの 2 行目から前回の回収で取り込み済み" in words
    assert "基幹システム" not in words
    assert "基幹システム" not in text("collect.same_visit", "ja", day="d", account="a")
