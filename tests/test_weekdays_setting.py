"""Settings WorkingDays (営業曜日): a company that works Saturdays counts them (trial 23 M4).

A food-service distributor delivers Monday to Saturday: with 月-土 every per-day number
(the Targets 営業日数 and 1日あたり, the Daily list's days and pace, the share of a month gone)
counts Saturdays, national and company holidays still close a Saturday, the Checks line on
orders on days off is quiet, and with the default it tells her to set 月-土. Hand-counted
days; real books written, recalculated and read back.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from workbook_files import checks_sheet

from routekpi.cli import main
from routekpi.core.calendar import (
    MON_FRI,
    BusinessCalendar,
    assume_company_holidays,
    weekdays_label,
)
from routekpi.core.flags import Workdays
from routekpi.io.samplebook import input_contents
from routekpi.io.sheetrewrite import rewrite_workbook
from routekpi.io.template import build_template
from routekpi.sample import SampleHistory, generate_sample
from routekpi.schema import SETTINGS_BY_NAME
from routekpi.validation.settings import parse_settings, weekdays_text, working_weekdays
from routekpi.validation.weekdays import DAYS_OFF_PROBLEM, SATURDAYS_PROBLEM, orders_on_days_off

MON_SAT = frozenset(range(6))
NOV = pd.Period("2026-11", freq="M")


# --- the calendar ---------------------------------------------------------------------------


def test_november_2026_has_23_working_days_monday_to_saturday() -> None:
    # 2026-11-01 is a Sunday: Sundays 1, 8, 15, 22, 29 (5); Saturdays 7, 14, 21, 28 (4).
    # Mon-Sat: 30 - 5 = 25, less 11/3 (Tue, 文化の日) and 11/23 (Mon, 勤労感謝の日) = 23.
    # Mon-Fri: 25 - 4 Saturdays = 21, less the same two = 19.
    six = BusinessCalendar(weekdays=MON_SAT)
    assert len(six.month_working_days(NOV)) == 23
    assert len(BusinessCalendar().month_working_days(NOV)) == 19
    assert [d.day for d in six.working_days(date(2026, 11, 2), date(2026, 11, 9))] == [
        2,
        4,
        5,
        6,
        7,
        9,
    ]
    # By the end of Saturday 11/7: 2, 4, 5, 6, 7 = 5 of 23 gone (Mon-Fri: 4 of 19).
    assert six.elapsed_fraction(NOV, date(2026, 11, 7)) == pytest.approx(5 / 23)
    assert BusinessCalendar().elapsed_fraction(NOV, date(2026, 11, 7)) == pytest.approx(4 / 19)


def test_a_holiday_still_closes_a_saturday() -> None:
    six = BusinessCalendar(frozenset({date(2026, 8, 15)}), weekdays=MON_SAT)
    assert not six.is_working_day(date(2025, 5, 3))  # Saturday, 憲法記念日
    assert six.is_working_day(date(2025, 5, 10))  # the Saturday after
    assert not six.is_working_day(date(2026, 8, 15))  # Saturday, a company holiday (夏季休業)
    assert not six.is_working_day(date(2026, 11, 8))  # Sunday
    # The scheduler's clock (NumPy business days) counts the same days: Fri 11/6 → Mon 11/9
    # is 2 working days (Sat 11/7, Mon 11/9), 1 with Monday to Friday.
    days = np.array([date(2026, 11, 6), date(2026, 11, 9)], dtype="datetime64[D]")
    clock = Workdays(six, date(2026, 1, 1), date(2026, 12, 31))
    assert int(np.diff(clock.through(days))[0]) == 2
    five = Workdays(BusinessCalendar(), date(2026, 1, 1), date(2026, 12, 31))
    assert int(np.diff(five.through(days))[0]) == 1
    # Rolled forward: Saturday 8/15 (company holiday) → Monday 8/17.
    rolled = clock.roll(np.array([date(2026, 8, 15)], dtype="datetime64[D]"))[0]
    assert rolled == np.datetime64("2026-08-17")


def test_an_assumed_year_end_closes_a_saturday_of_a_monday_to_saturday_company() -> None:
    # 2024-2025: 10 orders every Monday to Saturday, none 12/29 - 1/3. For 2027 (nothing
    # typed) the year-end span is assumed closed on its working days: Fri 2027-01-01 is a
    # national holiday already; 月-金 adds Wed 12/29 … Fri 12/31 of 2027 only, 月-土 also
    # Sat 2027-01-02 (Sun 01-03 is no working day either way).
    events = {}
    day = date(2024, 1, 1)
    while day <= date(2025, 12, 31):
        closed = (day.month, day.day) in ((12, 29), (12, 30), (12, 31), (1, 1), (1, 2), (1, 3))
        if day.weekday() < 6 and not closed:
            events[day] = 10
        day += timedelta(days=1)
    five = assume_company_holidays(events, [], [2027])
    six = assume_company_holidays(events, [], [2027], MON_SAT)
    assert date(2027, 1, 2) in six.days and date(2027, 1, 2) not in five.days
    assert set(six.days) - set(five.days) == {date(2027, 1, 2)}
    assert {date(2027, 12, 29), date(2027, 12, 30), date(2027, 12, 31)} <= set(five.days)


# --- the setting ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "days"),
    [
        ("月-金", MON_FRI),
        ("月-土", MON_SAT),
        ("月火水木金土", MON_SAT),
        ("Mon-Sat", MON_SAT),
        ("月～土", MON_SAT),  # full-width tilde, NFKC-folded
        ("月〜土", MON_SAT),  # wave dash
        ("ＭＯＮ－ＳＡＴ", MON_SAT),
        ("月曜〜土曜", MON_SAT),
        ("月曜日から土曜日", MON_SAT),
        ("月・水・金", frozenset({0, 2, 4})),
        ("mon, tue, wed", frozenset({0, 1, 2})),
        ("平日", MON_FRI),
    ],
)
def test_working_days_as_people_type_them(typed: str, days: frozenset[int]) -> None:
    assert weekdays_text(typed) == days


@pytest.mark.parametrize("typed", ["土曜も", "6", "月-", "-土", "月-土x", "weekdays"])
def test_text_that_names_no_weekdays_is_not_read(typed: str) -> None:
    assert weekdays_text(typed) is None


def test_a_bad_value_says_where_and_what_is_accepted_and_the_default_is_used() -> None:
    parsed = parse_settings(
        {"KGI": 1e8, "WorkingDays": "土曜も"}, cell_of={"WorkingDays": (24, "B")}
    )
    [check] = [c for c in parsed.checks if c.problem == "setting_weekdays_invalid"]
    assert (check.sheet, check.row, check.column, check.value, check.severity) == (
        "Settings",
        24,
        "B WorkingDays",
        "土曜も",
        "warn",
    )
    assert check.params["default"] == "月-金"
    assert "月-土" in str(check.params["accepted"])
    assert working_weekdays(parsed.values) == MON_FRI
    # Blank, or the cell missing in an older book: the default, without a word.
    for raw in ({"KGI": 1e8, "WorkingDays": None}, {"KGI": 1e8}):
        blank = parse_settings(raw)
        assert working_weekdays(blank.values) == MON_FRI
        assert not [c for c in blank.checks if "WorkingDays" in (c.column, c.params.get("name"))]


def test_the_setting_is_declared_once_with_its_japanese_label() -> None:
    spec = SETTINGS_BY_NAME["WorkingDays"]
    assert (spec.ja, spec.default, spec.warn_missing) == ("営業曜日", "月-金", False)
    assert weekdays_text(str(spec.default)) == MON_FRI
    assert weekdays_label(MON_SAT) == "月-土"
    assert weekdays_label(MON_SAT, "en") == "Mon-Sat"
    assert weekdays_label({0, 2, 4}) == "月水金"


# --- the Checks line ------------------------------------------------------------------------

NO_HOLIDAYS = pd.DataFrame({"date": pd.to_datetime([]), "name": []})


def test_the_days_off_line_counts_saturdays_only_when_they_are_days_off() -> None:
    # Mon 11-09 … Fri 11-13: 20 orders; Sat 11-14: 5; Sun 11-15: 1. 6 of 26 off by default.
    week = {date(2026, 11, 9) + timedelta(days=k): 4 for k in range(5)}
    days = {**week, date(2026, 11, 14): 5, date(2026, 11, 15): 1}
    checks: list = []
    orders_on_days_off(days, NO_HOLIDAYS, checks)
    [line] = checks
    assert line.problem == SATURDAYS_PROBLEM
    assert (line.params["count"], line.params["saturday"], line.params["share"]) == (
        "6",
        "5",
        "23.1%",
    )
    assert (line.params["saturday_share"], line.params["suggest_ja"]) == ("19.2%", "月-土")
    # 月-土: Saturday works; the Sunday alone is 1 of 26 = 3.8% < 5%: quiet.
    checks = []
    orders_on_days_off(days, NO_HOLIDAYS, checks, MON_SAT)
    assert checks == []
    # 月-土 and Sunday at 2 of 27 = 7.4%: the general line, naming 月-土, no Saturdays in it.
    checks = []
    orders_on_days_off({**days, date(2026, 11, 15): 2}, NO_HOLIDAYS, checks, MON_SAT)
    [line] = checks
    assert (line.problem, line.params["saturday"], line.params["sunday"]) == (
        DAYS_OFF_PROBLEM,
        "0",
        "2",
    )
    assert line.params["weekdays_ja"] == "月-土"


# --- real books -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def saturday_sample() -> SampleHistory:
    """The sample with every other Friday's orders and visits moved to the Saturday after
    (by row: each rep then works about half his Saturdays, and Fridays stay worked)."""
    sample = generate_sample(7)
    for frame in (sample.orders, sample.visits):
        days = pd.to_datetime(frame["date"])
        friday = (days.dt.day_of_week == 4).to_numpy() & (np.arange(len(frame)) % 2 == 1)
        frame.loc[friday, "date"] = days[friday] + pd.Timedelta(days=1)
    return sample


def _write(path: Path, sample: SampleHistory, working_days: object) -> Path:
    settings = {**sample.settings, "Language": "ja", "WorkingDays": working_days}
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".xlsm")
    with os.fdopen(fd, "wb") as fh:
        fh.write(build_template("ja", settings=settings))
    rewrite_workbook(Path(tmp), input_contents(sample, "ja"), dst=path, resize_tables=True)
    Path(tmp).unlink(missing_ok=True)
    return path


Book = Callable[[object], Path]


@pytest.fixture(scope="module")
def book(saturday_sample: SampleHistory, tmp_path_factory: pytest.TempPathFactory) -> Book:
    """Each WorkingDays value's book, written and recalculated once (``routekpi recalc``)."""
    folder = tmp_path_factory.mktemp("weekdays")
    done: dict[object, Path] = {}

    def get(working_days: object) -> Path:
        if working_days not in done:
            path = _write(folder / f"book{len(done)}.xlsm", saturday_sample, working_days)
            assert main(["recalc", str(path)]) == 0
            done[working_days] = path
        return done[working_days]

    return get


def _sheet(path: Path, name: str) -> list[tuple[object, ...]]:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return [tuple(r) for r in wb[name].iter_rows(values_only=True)]
    finally:
        wb.close()


def _team_revenue(path: Path) -> dict[str, tuple[float, float, int]]:
    """The Targets sheet's team revenue rows: period → (target, per working day, days)."""
    return {
        str(r[0]): (float(r[5]), float(r[7]), int(r[8]))  # type: ignore[arg-type]
        for r in _sheet(path, "Targets")[1:]
        if r[1] == "ALL" and r[2] == "revenue"
    }


def _orders_dates(path: Path) -> list[object]:
    """The Orders sheet's dates (column A) as the book holds them."""
    return [r[0] for r in _sheet(path, "Orders")[1:] if r[0] is not None]


def _daily_days(path: Path) -> set[date]:
    """The days the Daily sheet lists (column B)."""
    return {r[1].date() for r in _sheet(path, "Daily")[1:] if hasattr(r[1], "date")}


def test_monday_to_saturday_counts_saturdays_in_targets_and_the_daily(book: Book) -> None:
    six = book("月-土")
    five = book(None)  # blank: the default, Monday to Friday
    t6, t5 = _team_revenue(six), _team_revenue(five)
    # 2026-11: 23 working days Monday to Saturday, 19 Monday to Friday (counted above).
    assert (t6["2026-11"][2], t5["2026-11"][2]) == (23, 19)
    # The plan year 2026-04 … 2027-03 has 52 Saturdays (04-04 … 2027-03-27), none a national
    # holiday; the Holidays sheet closes two (08-15 夏季休業, 2027-01-02 年末年始): 50 more.
    assert t6["FY2026"][2] == t5["FY2026"][2] + 50
    # Per day: the year's revenue target over its Monday-to-Saturday working days.
    target, per_day, days = t6["FY2026"]
    assert per_day == pytest.approx(target / days)
    assert t6["2026-11"][1] == pytest.approx(t6["2026-11"][0] / 23)
    # The Daily list: AsOf Saturday 10/31 is a working day, so the list starts on it and
    # plans Saturday 11/7; Monday to Friday starts on Monday 11/2 and plans no Saturday.
    d6, d5 = _daily_days(six), _daily_days(five)
    assert {date(2026, 10, 31), date(2026, 11, 7)} <= d6
    assert min(d5) == date(2026, 11, 2)
    assert not [d for d in d5 if d.weekday() >= 5]
    assert date(2026, 11, 3) not in d6 | d5  # 文化の日 closes both


def test_the_saturday_line_is_on_checks_with_the_default_only(book: Book) -> None:
    six, five = book("月-土"), book(None)
    dates = pd.to_datetime(pd.Series(_orders_dates(five)))
    moved = int((dates.dt.day_of_week == 5).sum())
    assert moved > 0.05 * len(dates)
    # Read back from the book: the Orders line counts the moved orders, all on Saturdays,
    # and tells her to set 営業曜日 to 月-土; with 月-土 nothing is said.
    [row] = checks_sheet(five, "Orders")
    assert f"うち土曜が {moved:,}件" in str(row[4])
    assert "「営業曜日」を 月-土 にしてください" in str(row[4])
    assert checks_sheet(six, "Orders") == []


def test_a_bad_value_in_the_book_is_named_and_the_default_counts(book: Book) -> None:
    path = book("土曜も")
    [row] = [r for r in checks_sheet(path, "Settings") if "WorkingDays" in str(r[2])]
    wb = openpyxl.load_workbook(path, keep_vba=True)
    try:
        _, cell = next(iter(wb.defined_names["WorkingDays"].destinations))
    finally:
        wb.close()
    assert (row[1], row[2], row[3], row[5]) == (
        int(cell.split("$")[2]),
        "B WorkingDays",
        "土曜も",
        "警告",
    )
    assert "月-金 / 月-土" in str(row[4]) and "既定値 月-金" in str(row[4])
    assert _team_revenue(path)["2026-11"][2] == 19
