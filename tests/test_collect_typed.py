"""collect reads the account cell and the date as the rep meant them (trial 39 H4).

A rep's returned copy held a customer's name typed in the code cell, a code no sheet knows and
a visit dated a year back (the year mistyped): all three were collected without a word, and the
year-old row told the recalculation that the visit log started a year earlier. Now a name that
is one account (the rep's own first) is collected as its code with an info row, a name that is
several accounts is refused naming them, a route visit to an unknown code is collected with a
warning, and a row more than ``LONG_AGO_DAYS`` before the copy's as-of date is refused.

Real files: the sample master (two same-named accounts added on Accounts, as a closed account
of a colleague keeps its name), a rep's copy from ``share`` filled with openpyxl as Excel saves
it, collected, and the master's Visits and Checks read back.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from share_helpers import fill_visit_log, make_master, rep_copies

from routekpi.messages import text
from routekpi.share.collect import FAR_AHEAD_DAYS, LONG_AGO_DAYS, collect

REP = "Tanaka"
TODAY = dt.date(2026, 11, 2)  # the sample's AsOf (the copies' as-of date) is 2026-10-31
AS_OF = dt.date(2026, 10, 31)
SUNDAY = dt.date(2026, 10, 18)  # no visit on Sundays in the sample history


def _accounts(master: Path) -> list[tuple[object, ...]]:
    wb = openpyxl.load_workbook(master, read_only=True)
    return [r for r in wb["Accounts"].iter_rows(min_row=2, values_only=True) if r[0]]


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The master with two accounts sharing a name with others, and the names to type."""
    master = make_master(tmp_path_factory.mktemp("typed") / "book.xlsm")
    rows = _accounts(master)
    mine = next(r for r in rows if r[2] == REP and r[4] is None)
    sato = next(r for r in rows if r[2] == "Sato" and r[4] is None)
    wb = openpyxl.load_workbook(master, keep_vba=True)
    ws = wb["Accounts"]
    closed = dt.datetime(2024, 1, 31)
    # A colleague's closed account with Tanaka's customer's name; Ito's with Sato's customer's.
    ws.append(["C9998", mine[1], "Sato", dt.datetime(2015, 4, 1), closed])
    ws.append(["C9997", sato[1], "Ito", dt.datetime(2016, 4, 1), None])
    wb.save(master)
    names = {"mine": str(mine[0]), "mine_name": str(mine[1]), "sato_name": str(sato[1])}
    names["sato"] = str(sato[0])
    return master, names


def test_a_name_an_unknown_code_and_a_mistyped_year(
    book: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    master, names = book
    copy = rep_copies(master)[REP]
    year_back = SUNDAY.replace(year=SUNDAY.year - 1)
    typed = [
        # 1. his customer's name with a space inside, as a rep types it: the code C…
        [SUNDAY, names["mine_name"][:2] + " " + names["mine_name"][2:], "訪問", None, None],
        # 2. a name that is Sato's and Ito's account: which one only the rep knows
        [SUNDAY, names["sato_name"], "訪問", None, None],
        # 3. a code on no sheet: collected, with a warning
        [SUNDAY, "99999", "訪問", None, None],
        # 4. the year one too low: refused
        [year_back, names["mine"], "訪問", None, None],
        # 5. within the window (the last month's log returned late): taken
        [AS_OF - dt.timedelta(days=LONG_AGO_DAYS - 1), names["mine"], "訪問", None, None],
    ]
    returned = fill_visit_log(copy, tmp_path / "typed.xlsx", typed)
    report = collect(master, [returned], today=TODAY, recalc=False)
    [f] = report.files
    assert (f.rows, f.added, f.refused) == (5, 3, 2)
    by = {c.problem: c for c in report.checks if c.problem.startswith("collect.")}
    where = "typed.xlsx › 訪問入力"
    named = by["collect.name_as_code"]
    assert (named.sheet, named.row, named.column, named.severity) == (
        where,
        2,
        "B 顧客コード",
        "info",
    )
    assert named.params["account"] == names["mine"]
    ambiguous = by["collect.name_ambiguous"]
    assert (ambiguous.row, ambiguous.value) == (3, names["sato_name"])
    assert ambiguous.params["accounts"] == f"{names['sato']}(Sato)、C9997(Ito)"
    unknown = by["collect.unknown_account"]
    assert (unknown.row, unknown.value, unknown.severity) == (4, "99999", "warn")
    old = by["collect.long_ago"]
    assert (old.row, old.column, old.value) == (5, "A 訪問日", year_back.isoformat())
    assert text(old.problem, "ja", **old.params).startswith(
        f"この控えの基準日(2026-10-31)より{LONG_AGO_DAYS}日以上前の日付です"
    )

    wb = openpyxl.load_workbook(master, read_only=True)
    visits = [r for r in wb["Visits"].iter_rows(min_row=2, values_only=True) if r[0]]
    added = [(r[0].date(), r[2]) for r in visits if r[1] == REP and r[0].date() == SUNDAY]
    assert sorted(added) == sorted([(SUNDAY, names["mine"]), (SUNDAY, "99999")])
    assert not [r for r in visits if r[1] == REP and r[0].date() == year_back]
    late = AS_OF - dt.timedelta(days=LONG_AGO_DAYS - 1)
    assert (late, names["mine"]) in [(r[0].date(), r[2]) for r in visits if r[1] == REP]

    # Sent again: nothing more (the name row is the code's row now, not a new one).
    again = collect(master, [returned], today=TODAY, recalc=False)
    assert (again.files[0].added, again.files[0].duplicates) == (0, 3)


def test_one_route_visit_typed_twice_is_collected_once(
    book: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    """Trial 40 M4: a rep's log held the same visit on two rows (row 2 and row 4, memo and
    all) and collect added both: his visit count for the day doubled. A route visit to one
    account on one day is one visit, as one already on Visits is (trial 36): the second row,
    and a third with another memo, are duplicates with an info row naming where it was taken;
    two calls on the day stay two (test_collect_distinct)."""
    master, names = book
    copy = rep_copies(master)[REP]
    day = SUNDAY - dt.timedelta(days=7)  # another Sunday: no visit in the history
    typed = [
        [day, names["mine"], "訪問", None, "定期訪問"],
        [day, "99999", "訪問", None, None],
        [day, names["mine"], "訪問", None, "定期訪問"],
        [day, names["mine"], "訪問", None, "午後に再訪"],
    ]
    returned = fill_visit_log(copy, tmp_path / "twice.xlsx", typed)
    report = collect(master, [returned], today=TODAY, recalc=False)
    [f] = report.files
    assert (f.rows, f.added, f.duplicates, f.refused) == (4, 2, 2, 0)
    same = [c for c in report.checks if c.problem == "collect.same_visit_typed"]
    assert [(c.row, c.column, c.severity) for c in same] == [
        (4, "A 訪問日", "info"),
        (5, "A 訪問日", "info"),
    ]
    assert same[0].params == {
        "account": names["mine"],
        "day": day.isoformat(),
        "row": 2,
        "file": "twice.xlsx › 訪問入力",
    }
    assert text(same[0].problem, "ja", **same[0].params).startswith(
        f"{day.isoformat()} の顧客 {names['mine']} への訪問は twice.xlsx › 訪問入力 の 2 行目で"
    )
    wb = openpyxl.load_workbook(master, read_only=True)
    visits = [r for r in wb["Visits"].iter_rows(min_row=2, values_only=True) if r[0]]
    on_day = sorted(str(r[2]) for r in visits if r[1] == REP and r[0].date() == day)
    assert on_day == sorted([names["mine"], "99999"])
    # Sent again: nothing more.
    again = collect(master, [returned], today=TODAY, recalc=False)
    assert (again.files[0].added, again.files[0].duplicates) == (0, 4)


def test_a_date_decades_ahead_is_a_mistyped_year_not_a_planned_visit(
    book: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    """Trial 40 L2: 2062-12-04 was told to wait for the file sent again after that day. More
    than ``FAR_AHEAD_DAYS`` ahead it is a year typo: refused, asking for the date corrected;
    next week's planned visit keeps the wait-and-resend words."""
    master, names = book
    copy = rep_copies(master)[REP]
    far = dt.date(2062, 12, 4)
    soon = TODAY + dt.timedelta(days=FAR_AHEAD_DAYS)  # the last day still read as planned
    typed = [[far, names["mine"], "訪問", None, None], [soon, names["mine"], "訪問", None, None]]
    returned = fill_visit_log(copy, tmp_path / "ahead.xlsx", typed)
    report = collect(master, [returned], today=TODAY, recalc=False)
    [f] = report.files
    assert (f.rows, f.added, f.refused) == (2, 0, 2)
    said = {c.row: c for c in report.checks if c.problem.startswith("collect.")}
    assert (said[2].problem, said[2].value) == ("collect.far_ahead", "2062-12-04")
    assert said[3].problem == "collect.after_today"
    assert text(said[2].problem, "ja", **said[2].params) == (
        f"今日(2026-11-02)より{FAR_AHEAD_DAYS}日以上先の日付です(年の入力ミス?)。"
        "取り込みません: 正しい日付に直して送り直してください"
    )
