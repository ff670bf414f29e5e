"""collect and the as-of date: a blank AsOf is the orders' last day, and a rep's visit typed
after it does not move it but counts as contact (the Daily list starts after it); the collect
says so, and which date the outputs use."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest
from share_helpers import fill_visit_log, make_master, rep_copies
from workbook_files import fold_checks, fold_daily_head

from routekpi.io.reader import read_workbook
from routekpi.share.collect import collect

ORDERS_END = dt.date(2026, 10, 30)  # the sample history's last order (a Friday)
SETTING = dt.date(2026, 10, 31)  # the sample's AsOf cell


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_master(tmp_path_factory.mktemp("asof") / "book.xlsm")


@pytest.fixture(scope="module")
def copies(pristine: Path) -> dict[str | None, Path]:
    return rep_copies(pristine)


def _master(pristine: Path, tmp_path: Path, as_of: dt.date | None) -> Path:
    path = tmp_path / "book.xlsm"
    shutil.copyfile(pristine, path)
    row, col = read_workbook(path).setting_cells["AsOf"]
    wb = openpyxl.load_workbook(path, keep_vba=True)
    wb["Settings"][f"{col}{row}"] = as_of
    wb.save(path)
    return path


def _account(master: Path, rep: str) -> str:
    wb = openpyxl.load_workbook(master, read_only=True)
    return next(r[0] for r in wb["Accounts"].iter_rows(min_row=2, values_only=True) if r[2] == rep)


@pytest.mark.slow
def test_visits_typed_after_the_last_order_leave_a_blank_as_of_there_and_count_as_contact(
    pristine: Path, copies: dict[str | None, Path], tmp_path: Path
) -> None:
    master = _master(pristine, tmp_path, None)
    account = _account(master, "Tanaka")
    # Visits on Mon 11-02 and Wed 11-04; Tue 11-03 is 文化の日.
    returned = fill_visit_log(
        copies["Tanaka"],
        tmp_path / "tanaka.xlsx",
        [[dt.date(2026, 11, 2), account, "訪問"], [dt.date(2026, 11, 4), account, "訪問"]],
    )
    report = collect(master, [returned])
    assert report.added == 2 and report.recalculated
    note = report.as_of
    assert note is not None
    # A blank AsOf is the orders' last day: the visits do not move it (no days without sales).
    assert (note.before, note.after, note.orders_end) == (ORDERS_END, ORDERS_END, ORDERS_END)
    assert not note.from_setting and not note.moved and note.no_order_days == 0
    assert (note.later_rows, note.contact_end) == (2, dt.date(2026, 11, 4))
    check = note.check()
    assert (check.problem, check.severity) == ("collect.as_of_kept_later", "info")
    last = report.summary()[-1]
    assert last == (
        "基準日は 2026-10-30 のままです(基準日(AsOf)が空欄のため受注の最終日)。回収した訪問の"
        "うち 2 行はそれより後の日付で、訪問計画と要注意顧客の判定では接触として数え、訪問計画は "
        "2026-11-04 の翌営業日から始まります。訪問の実績・達成率には、受注を貼り付けて基準日が"
        "進んでから入ります"
    )
    wb = openpyxl.load_workbook(master, read_only=True)
    # (long problems go on in the rows below theirs: folded back first)
    checks = fold_checks([list(r) for r in wb["Checks"].iter_rows(values_only=True)][1:])
    rows = [r for r in checks if r[0] == "Settings"]
    # (The recalculation may say why a blank AsOf is that day on the same cell: the collect's
    # own row is the one with its summary line.)
    [row] = [r for r in rows if r[2] == "B AsOf" and r[4] == last]
    assert row[1] == 7 and row[5] == "情報"
    # The outputs were measured at the last order (the Plan's as-of line says 10-30) ...
    # (its note names the later visits' 11-04 as contact, not as the as-of date)
    [as_of_row] = [r for r in wb["Plan"].iter_rows(values_only=True) if r[0] == "基準日"]
    assert as_of_row[1] == dt.datetime(2026, 10, 30)
    assert "受注の最終日 2026-10-30" in str(as_of_row[2])  # (the note wraps on)
    # ... and the Daily list starts on Thu 11-05, the working day after the last visit.
    daily = fold_daily_head(list(wb["Daily"].iter_rows(values_only=True)))  # head: one row
    span = str(daily[1][0])  # below the header
    assert span.startswith("11/5(木)から10営業日分の訪問計画。")
    assert "最後の訪問 11/4(水) の翌営業日から" in span
    assert "実績は受注10/30(金)・訪問11/4(水)まで。" in span
    # Visits are in, the orders behind: the line says which (trial 43 L3).
    assert (
        "受注は10/30(金)までです。売上・受注の進捗を進めるには、その後の受注を貼り付けてください"
        in span
    )
    # Only Tanaka typed visits after 10/30: the others are named as not returned (daily47).
    behind = span[span.index("受注を貼り付けてください") :]
    assert "(7人)です" in behind and "Tanaka" not in behind
    assert min(r[1] for r in daily[2:] if r[0] == "Tanaka") == dt.datetime(2026, 11, 5)
    # The account Tanaka saw on 11-04 is first listed with that visit as its last.
    first = min((r for r in daily[2:] if r[3] == account), key=lambda r: r[1])  # type: ignore[arg-type, return-value]
    assert first[7] == dt.datetime(2026, 11, 4)


def test_an_as_of_typed_in_settings_stays_and_later_visits_are_counted_out_loud(
    pristine: Path, copies: dict[str | None, Path], tmp_path: Path
) -> None:
    master = _master(pristine, tmp_path, SETTING)
    account = _account(master, "Ito")
    returned = fill_visit_log(
        copies["Ito"],
        tmp_path / "ito.xlsx",
        [[dt.date(2026, 10, 25), account, "訪問"], [dt.date(2026, 11, 4), account, "訪問"]],
    )
    report = collect(master, [returned], recalc=False)
    note = report.as_of
    assert note is not None and report.added == 2
    assert (note.before, note.after, note.from_setting, note.moved) == (
        SETTING,
        SETTING,
        True,
        False,
    )
    assert note.later_rows == 1  # 11-04; 10-25 is before the as-of date
    check = note.check()
    assert (check.problem, check.severity) == ("collect.as_of_setting_later", "info")
    assert report.summary()[-1] == (
        "基準日は Settings の AsOf の 2026-10-31 です(回収では変わりません)。回収した訪問のうち "
        "1 行はそれより後の日付で、記録しましたが、AsOf を進めるか空欄にするまで集計には入りません"
    )


def test_visits_inside_the_history_leave_a_blank_as_of_where_it_was(
    pristine: Path, copies: dict[str | None, Path], tmp_path: Path
) -> None:
    master = _master(pristine, tmp_path, None)
    account = _account(master, "Sato")
    returned = fill_visit_log(
        copies["Sato"], tmp_path / "sato.xlsx", [[dt.date(2026, 10, 25), account, "訪問"]]
    )
    report = collect(master, [returned], recalc=False)
    note = report.as_of
    assert note is not None and report.added == 1
    assert (note.before, note.after, note.moved, note.no_order_days) == (
        ORDERS_END,
        ORDERS_END,
        False,
        0,
    )
    assert note.check().problem == "collect.as_of_kept"
    assert report.summary()[-1] == (
        "基準日は 2026-10-30 のままです(基準日(AsOf)が空欄のため受注の最終日)"
    )


def test_nothing_collected_says_nothing_about_the_as_of_date(
    pristine: Path, copies: dict[str | None, Path], tmp_path: Path
) -> None:
    master = _master(pristine, tmp_path, None)
    frozen = master.read_bytes()
    report = collect(master, [copies["Sato"]], recalc=False)  # an untouched copy
    assert report.as_of is None and not report.written and master.read_bytes() == frozen
