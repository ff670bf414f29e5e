"""collect keeps every distinct call and appends a row once (trial 24, H3 and H4).

H3: three calls to prospects on one day have no account code — the memo says who it was —
and were taken as one call and two duplicates (the rows were compared on date, rep, account,
kind and outcome only). A row is a duplicate only when every cell the visit log has is the
same as a row on Visits (for a prospect, a name column on Visits counts as its memo), counted:
the same file sent again adds nothing, a file re-sent with more rows adds those.

H4: rows dated after today were collected, the recalculation then left them out, and each
re-collect appended them again (Visits held 20 rows for 10 visits). Such a row is refused
with file, sheet, row and column, and taken when the file is sent again after that day;
every row on the sheet counts for duplicates, used by recalc or not.

Real files: the sample master, a rep's copy from ``share``, filled with openpyxl as Excel
saves it, collected, and the master read back (Visits, Checks, the recalculated JSON).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest
from share_helpers import fill_visit_log, make_master, rep_copies

from routekpi.messages import text
from routekpi.recalc import recalculate
from routekpi.share.collect import collect

REP = "Tanaka"
# Sundays of the sample's as-of month: no visit on them in the history.
SUNDAY = dt.date(2026, 10, 4)
LATER_SUNDAY = dt.date(2026, 10, 11)
TODAY = dt.date(2026, 11, 2)  # the collect's "today" (the sample's AsOf is 2026-10-31)
PROSPECTS = ["A社 総務部", "B病院 事務長", "Cホテル 購買"]


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_master(tmp_path_factory.mktemp("distinct") / "book.xlsm")


@pytest.fixture(scope="module")
def copy(pristine: Path) -> Path:
    return rep_copies(pristine)[REP]


@pytest.fixture
def master(pristine: Path, tmp_path: Path) -> Path:
    path = tmp_path / "book.xlsm"
    shutil.copyfile(pristine, path)
    return path


def _visits(master: Path) -> list[tuple[object, ...]]:
    wb = openpyxl.load_workbook(master, read_only=True)
    return [r for r in wb["Visits"].iter_rows(values_only=True) if any(v is not None for v in r)]


def _attempts(book: Path, rep: str, month: str) -> float:
    report = recalculate(book).json()
    return next(
        a["actual"]
        for a in report["attainment"]  # type: ignore[union-attr]
        if a["rep"] == rep and a["kpi"] == "appointment_attempts" and a["period"] == month
    )


def _calls(day: dt.date, memos: list[str | None]) -> list[list[object]]:
    return [[day, None, "アポ", "失敗", memo] for memo in memos]


@pytest.mark.slow
def test_three_prospect_calls_on_one_day_are_three_calls(
    master: Path, copy: Path, tmp_path: Path
) -> None:
    before_rows = len(_visits(master))
    check = tmp_path / "before.xlsm"
    shutil.copyfile(master, check)
    before = _attempts(check, REP, "2026-10")

    first = fill_visit_log(copy, tmp_path / "first.xlsx", _calls(SUNDAY, PROSPECTS))
    report = collect(master, [first], today=TODAY)
    [f] = report.files
    assert (f.rows, f.added, f.duplicates, f.refused) == (3, 3, 0, 0)
    rows = _visits(master)
    assert len(rows) == before_rows + 3
    assert [r[:6] for r in rows[-3:]] == [
        (dt.datetime(2026, 10, 4), REP, None, "アポ", "失敗", memo) for memo in PROSPECTS
    ]
    # The recalculation counts what the rep typed: three attempts more in October.
    assert _attempts(master, REP, "2026-10") == before + 3

    # The same file again: nothing new, the master untouched byte for byte.
    frozen = master.read_bytes()
    again = collect(master, [first], today=TODAY, recalc=False)
    assert (again.files[0].added, again.files[0].duplicates) == (0, 3)
    assert not again.written and master.read_bytes() == frozen

    # Re-sent a week later with one more call below: only that one is added.
    resent = fill_visit_log(
        copy,
        tmp_path / "resent.xlsx",
        [*_calls(SUNDAY, PROSPECTS), *_calls(LATER_SUNDAY, ["D社 社長"])],
    )
    more = collect(master, [resent], today=TODAY, recalc=False)
    assert (more.files[0].added, more.files[0].duplicates) == (1, 3)
    assert _visits(master)[-1][:6] == (
        dt.datetime(2026, 10, 11),
        REP,
        None,
        "アポ",
        "失敗",
        "D社 社長",
    )
    assert len(_visits(master)) == before_rows + 4


def test_two_identical_calls_in_a_file_are_two_and_the_file_sent_twice_adds_them_once(
    master: Path, copy: Path, tmp_path: Path
) -> None:
    """Rows are counted, not only matched: two calls with nothing typed but the kind are two
    rows of the rep's log; the same file attached twice to one run adds them once."""
    before_rows = len(_visits(master))
    twice = fill_visit_log(copy, tmp_path / "twice.xlsx", _calls(SUNDAY, [None, None]))
    report = collect(master, [twice, twice], today=TODAY, recalc=False)
    assert [(f.added, f.duplicates) for f in report.files] == [(2, 0), (0, 2)]
    assert len(_visits(master)) == before_rows + 2
    again = collect(master, [twice], today=TODAY, recalc=False)
    assert (again.files[0].added, again.files[0].duplicates) == (0, 2)


def test_a_prospect_named_on_visits_is_told_apart_by_its_name(
    master: Path, copy: Path, tmp_path: Path
) -> None:
    """A pasted Visits sheet names a prospect in 得意先名 (no code): the rep's call to the
    same prospect that day (memo = its name) is that row; a call to another is not."""
    wb = openpyxl.load_workbook(master, keep_vba=True)
    ws = wb["Visits"]
    table = next(iter(ws.tables.values()))
    last = ws.max_row
    width = len([c for c in ws[1] if c.value is not None])
    ws.cell(1, width + 1, "得意先名")
    ws.cell(last + 1, 1, dt.datetime(2026, 10, 4)).number_format = "yyyy/m/d"
    for j, v in enumerate([REP, None, "アポ", "成功"], 2):
        ws.cell(last + 1, j, v)
    ws.cell(last + 1, width + 1, "見込み先430")
    table.ref = f"A1:{openpyxl.utils.get_column_letter(width + 1)}{last + 1}"
    if table.autoFilter is not None:
        table.autoFilter.ref = table.ref
    table.tableColumns = []  # named again from the header row when saved
    wb.save(master)
    before_rows = len(_visits(master))

    rows = [
        [SUNDAY, None, "アポ", "成功", "見込み先430"],
        [SUNDAY, None, "アポ", "成功", "見込み先77"],
    ]
    returned = fill_visit_log(copy, tmp_path / "named.xlsx", rows)
    report = collect(master, [returned], today=TODAY, recalc=False)
    assert (report.files[0].added, report.files[0].duplicates) == (1, 1)
    assert len(_visits(master)) == before_rows + 1
    assert _visits(master)[-1][:5] == (dt.datetime(2026, 10, 4), REP, None, "アポ", "成功")
    assert "見込み先77" in _visits(master)[-1]


def test_a_row_dated_after_today_is_refused_and_taken_after_that_day(
    master: Path, copy: Path, tmp_path: Path
) -> None:
    """A visit typed in advance (Tuesday's, collected on Monday): refused with file, sheet,
    row and column; after Tuesday the same file gives it, once."""
    before_rows = len(_visits(master))
    monday, tuesday = dt.date(2026, 11, 2), dt.date(2026, 11, 3)
    rows = [
        [SUNDAY, None, "アポ", "失敗", "E社"],
        [tuesday, None, "アポ", "成功", "F社 来週訪問"],
    ]
    returned = fill_visit_log(copy, tmp_path / "ahead.xlsx", rows)
    report = collect(master, [returned], today=monday)
    [f] = report.files
    assert (f.rows, f.added, f.duplicates, f.refused) == (2, 1, 0, 1)
    [late] = [c for c in report.checks if c.problem == "collect.after_today"]
    assert (late.sheet, late.row, late.column, late.value) == (
        "ahead.xlsx › 訪問入力",
        3,
        "A 訪問日",
        "2026-11-03",
    )
    assert text(late.problem, "ja", **late.params).startswith("今日(2026-11-02)より後の日付です")
    assert len(_visits(master)) == before_rows + 1
    # The recalculation's Checks list it too (the collect's rows at the bottom of Checks).
    wb = openpyxl.load_workbook(master, read_only=True)
    listed = [r for r in wb["Checks"].iter_rows(values_only=True) if r[0] == late.sheet]
    assert [(r[1], r[2], r[3]) for r in listed] == [(3, "A 訪問日", "2026-11-03")]

    # Sent again on Wednesday: Tuesday's call is added; Sunday's is a duplicate.
    later = collect(master, [returned], today=dt.date(2026, 11, 4), recalc=False)
    assert (later.files[0].added, later.files[0].duplicates, later.files[0].refused) == (1, 1, 0)
    # And a collect run with an earlier clock (or again) never appends it a second time,
    # although the recalculation leaves a row after the as-of date out of its sums.
    assert collect(master, [returned], today=dt.date(2026, 11, 4), recalc=False).added == 0
    assert len(_visits(master)) == before_rows + 2


def test_the_reps_log_of_a_visit_already_pasted_from_the_system_is_that_visit(
    master: Path, copy: Path, tmp_path: Path
) -> None:
    """Trial 36 M3: Visits held the ERP's row (2026-12-04, T10310, 定期訪問, no memo) and the
    rep's returned log the same visit (訪問, memo 「手袋の在庫確認」): collected as a second
    visit. A route visit Visits already shows for that day, rep and account is the same
    visit: not added, counted as a duplicate, an info row naming it; another account that day
    is a visit of its own."""
    rows = _visits(master)
    day, account = next(
        (r[0], r[2]) for r in reversed(rows) if r[1] == REP and r[3] == "訪問" and r[2]
    )
    other = next(r[2] for r in rows if r[1] == REP and r[2] and r[2] != account and r[3] == "訪問")
    same_day_other = [r for r in rows if r[0] == day and r[1] == REP and r[2] == other]
    before_rows = len(rows)
    log = [
        [day.date(), account, "訪問", None, "手袋の在庫確認"],
        [day.date(), other, "訪問", None, "新商品の案内"],
    ]
    filled = fill_visit_log(copy, tmp_path / "same.xlsx", log)
    report = collect(master, [filled], today=TODAY, recalc=False)
    [f] = report.files
    added = 0 if same_day_other else 1
    assert (f.added, f.duplicates) == (added, 2 - added)
    assert len(_visits(master)) == before_rows + added
    said = [c for c in report.checks if c.problem == "collect.same_visit"]
    assert said[0].params["account"] == account and said[0].severity == "info"
    assert "同じ訪問として取り込みませんでした" in text(
        "collect.same_visit", "ja", **said[0].params
    )
