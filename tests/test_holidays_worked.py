"""Settings WorkingDays 月-土・祝: a company that works national holidays says so (trial 38 M1).

A wholesaler delivering Monday to Saturday on 祝日 too (5.3% of her orders) had every
national holiday closed: FY2027 counted 295 working days and every per-day target ran
×1.05 too high, and the Holidays sheet, which the Checks line pointed to, cannot re-open a
national holiday. 「月-土・祝」 (or 月-土(祝日も営業), Mon-Sat+holidays) keeps national holidays
open while the Holidays sheet's company holidays still close. Hand-counted days; a real
book written, recalculated and read back.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from routekpi.cli import main
from routekpi.core.calendar import (
    MON_FRI,
    BusinessCalendar,
    WorkWeek,
    assume_company_holidays,
    holidays_worked,
    weekdays_label,
)
from routekpi.core.flags import Workdays
from routekpi.io.samplebook import input_contents
from routekpi.io.sheetrewrite import rewrite_workbook
from routekpi.io.template import build_template
from routekpi.sample import generate_sample
from routekpi.validation.settings import parse_settings, weekdays_text, working_weekdays
from routekpi.validation.weekdays import (
    DAYS_OFF_PROBLEM,
    HOLIDAYS_PROBLEM,
    orders_on_days_off,
)

MON_SAT = frozenset(range(6))
MON_SAT_HOL = WorkWeek(MON_SAT, holidays_worked=True)
MAY_2027 = pd.Period("2027-05", freq="M")
NO_HOLIDAYS = pd.DataFrame({"date": pd.to_datetime([]), "name": []})


# --- the calendar ---------------------------------------------------------------------------


def test_golden_week_2027_counts_with_and_without_national_holidays() -> None:
    # 2027-05-01 is a Saturday: Sundays 2, 9, 16, 23, 30 (5) → 26 days Monday to Saturday;
    # national holidays Mon 5/3 憲法記念日, Tue 5/4 みどりの日, Wed 5/5 こどもの日.
    # Monday to Saturday: 26 − 3 = 23; with 祝 26. Monday to Friday: 26 − 5 Saturdays
    # (1, 8, 15, 22, 29) = 21; − 3 = 18, with 祝 21.
    assert len(BusinessCalendar(weekdays=MON_SAT).month_working_days(MAY_2027)) == 23
    assert len(BusinessCalendar(weekdays=MON_SAT_HOL).month_working_days(MAY_2027)) == 26
    assert len(BusinessCalendar().month_working_days(MAY_2027)) == 18
    five_hol = WorkWeek(MON_FRI, holidays_worked=True)
    assert len(BusinessCalendar(weekdays=five_hol).month_working_days(MAY_2027)) == 21
    # A company holiday on the Holidays sheet still closes a day (Thu 5/6): 25.
    typed = BusinessCalendar(frozenset({date(2027, 5, 6)}), weekdays=MON_SAT_HOL)
    assert typed.holidays_worked
    assert len(typed.month_working_days(MAY_2027)) == 25
    assert typed.is_working_day(date(2027, 5, 3)) and not typed.is_working_day(date(2027, 5, 6))
    assert not typed.is_working_day(date(2027, 5, 2))  # Sunday stays off
    # Half the month gone by the end of Mon 5/3: 1 and 3 = 2 of 25 (without 祝: 1 of 23).
    assert typed.elapsed_fraction(MAY_2027, date(2027, 5, 3)) == pytest.approx(2 / 25)
    plain = BusinessCalendar(weekdays=MON_SAT)
    assert plain.elapsed_fraction(MAY_2027, date(2027, 5, 3)) == pytest.approx(1 / 23)


def test_the_schedulers_clock_counts_the_same_days() -> None:
    # Sat 5/1 → Thu 5/6: Mon 5/3, Tue 5/4, Wed 5/5, Thu 5/6 = 4 with 祝; only 5/6 without.
    days = np.array([date(2027, 5, 1), date(2027, 5, 6)], dtype="datetime64[D]")
    worked = Workdays(BusinessCalendar(weekdays=MON_SAT_HOL), date(2027, 1, 1), date(2027, 12, 31))
    closed = Workdays(BusinessCalendar(weekdays=MON_SAT), date(2027, 1, 1), date(2027, 12, 31))
    assert int(np.diff(worked.through(days))[0]) == 4
    assert int(np.diff(closed.through(days))[0]) == 1


def test_an_assumed_new_years_day_closes_when_holidays_are_worked() -> None:
    # Two years of Monday-to-Saturday days with 20 orders each, closed 12/31 – 1/3: 1/1 is
    # a national holiday, so only a company that works holidays needs it assumed closed.
    events = {}
    for n in range(date(2025, 1, 6).toordinal(), date(2026, 12, 26).toordinal() + 1):
        d = date.fromordinal(n)
        if d.weekday() < 6 and not (d.month == 1 and d.day <= 3) and (d.month, d.day) != (12, 31):
            events[d] = 20
    worked = assume_company_holidays(events, [], [2027], MON_SAT_HOL)
    closed = assume_company_holidays(events, [], [2027], MON_SAT)
    # 2027: Fri 1/1 (元日), Sat 1/2, Sun 1/3; Fri 12/31 (12/29 Wed and 12/30 Thu were open).
    assert date(2027, 1, 1) in worked.days and date(2027, 1, 1) not in closed.days
    assert {date(2027, 1, 2), date(2027, 12, 31)} <= set(worked.days) & set(closed.days)


def test_the_flag_is_its_own_field_and_reads_back_from_its_label() -> None:
    # The same weekdays (a rep working 月-土 in a 月-土・祝 company is no part-timer); the
    # flag is its own field, on the calendar too.
    assert MON_SAT_HOL == MON_SAT and MON_SAT_HOL.holidays_worked
    assert not WorkWeek(MON_SAT).holidays_worked
    assert BusinessCalendar(weekdays=MON_SAT_HOL) != BusinessCalendar(weekdays=MON_SAT)
    assert holidays_worked(pickle.loads(pickle.dumps(MON_SAT_HOL)))
    assert weekdays_label(MON_SAT_HOL) == "月-土・祝"
    assert weekdays_label(MON_SAT_HOL, "en") == "Mon-Sat+holidays"
    for language in ("ja", "en"):  # the label reads back
        assert holidays_worked(weekdays_text(weekdays_label(MON_SAT_HOL, language)))


# --- the setting ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "月-土・祝",
        "月-土・祝日",
        "月～土・祝",
        "月-土(祝日も営業)",
        "月～土（祝日も営業）",  # full-width brackets, NFKC-folded
        "月-土 祝日も営業",
        "月-土+祝",
        "月曜〜土曜・祝日",
        "Mon-Sat+holidays",
        "Mon-Sat incl. holidays",
        "mon-sat, national holidays",
    ],
)
def test_national_holidays_worked_as_people_type_it(typed: str) -> None:
    days = weekdays_text(typed)
    assert days == MON_SAT and holidays_worked(days)


def test_other_weekdays_with_holidays_and_holidays_said_off() -> None:
    assert weekdays_text("平日・祝") == MON_FRI and holidays_worked(weekdays_text("平日・祝"))
    three = weekdays_text("月・水・金・祝")
    assert three == frozenset({0, 2, 4}) and holidays_worked(three)
    # Saying holidays are off is the plain setting.
    assert weekdays_text("月-土(祝日休み)") == MON_SAT
    assert not holidays_worked(weekdays_text("月-土(祝日休み)"))


@pytest.mark.parametrize("typed", ["祝", "祝日も営業", "月-土・祝日は隔週", "月-土・祝・祝"])
def test_holiday_text_it_cannot_read(typed: str) -> None:
    assert weekdays_text(typed) is None


def test_an_unreadable_value_says_how_to_type_holidays_and_the_default_counts() -> None:
    parsed = parse_settings(
        {"KGI": 1e8, "WorkingDays": "月-土・祝日は隔週"}, cell_of={"WorkingDays": (24, "B")}
    )
    [check] = [c for c in parsed.checks if c.problem == "setting_weekdays_invalid"]
    assert (check.row, check.column, check.value) == (24, "B WorkingDays", "月-土・祝日は隔週")
    assert "月-土・祝(祝日も営業)" in str(check.params["accepted"])
    assert working_weekdays(parsed.values) == MON_FRI
    ok = parse_settings({"KGI": 1e8, "WorkingDays": "月-土・祝"})
    assert holidays_worked(working_weekdays(ok.values))
    assert not [c for c in ok.checks if c.problem == "setting_weekdays_invalid"]


# --- the Checks line ------------------------------------------------------------------------


def _four_weeks_with(holiday_orders: int) -> dict[date, int]:
    """Mon 2027-04-19 … Sat 5/15, 10 orders a working day; Golden Week 5/3 – 5/5 (national
    holidays) with ``holiday_orders`` each, nothing on Sundays."""
    out: dict[date, int] = {}
    for k in range(27):
        d = date(2027, 4, 19) + timedelta(days=k)
        if d.weekday() < 6:
            out[d] = 10
    for d in (date(2027, 4, 29), date(2027, 5, 3), date(2027, 5, 4), date(2027, 5, 5)):
        out[d] = holiday_orders
    return out


def test_orders_on_national_holidays_suggest_working_them() -> None:
    # 27 days, less Sundays 4/25, 5/2, 5/9 = 24, less 4/29 (Thu, 昭和の日) and 5/3 – 5/5 = 20
    # working days × 10 = 200; 4 holidays × 9 = 36 of 236 (15.3%);
    # 9 a holiday ≥ half the 10 of a working day: the line says 祝日 and 月-土・祝.
    checks: list = []
    orders_on_days_off(_four_weeks_with(9), NO_HOLIDAYS, checks, MON_SAT)
    [line] = checks
    assert line.problem == HOLIDAYS_PROBLEM
    p = line.params
    assert (p["count"], p["national"], p["share"], p["company"]) == ("36", "36", "15.3%", "0")
    assert (p["per_holiday"], p["per_day"]) == ("9.0", "10.0")
    assert (p["suggest_ja"], p["suggest_en"]) == ("月-土・祝", "Mon-Sat+holidays")
    # Set so: quiet.
    checks = []
    orders_on_days_off(_four_weeks_with(9), NO_HOLIDAYS, checks, MON_SAT_HOL)
    assert checks == []
    # 4 a holiday (below half): some orders dated on holidays, not a day worked — the
    # general line (16 of 216 = 7.4%), without the suggestion.
    checks = []
    orders_on_days_off(_four_weeks_with(4), NO_HOLIDAYS, checks, MON_SAT)
    [line] = checks
    assert (line.problem, line.params["count"], line.params["share"]) == (
        DAYS_OFF_PROBLEM,
        "16",
        "7.4%",
    )
    assert "suggest_ja" not in line.params


def test_a_holiday_the_holidays_sheet_closes_is_not_counted_as_a_national_one() -> None:
    # 5/4 and 5/5 on the Holidays sheet: only 4/29 and 5/3 are national holidays left open
    # to judge; 5/4 and 5/5's orders count as company holidays.
    typed = pd.DataFrame({"date": pd.to_datetime(["2027-05-04", "2027-05-05"]), "name": "x"})
    checks: list = []
    orders_on_days_off(_four_weeks_with(9), typed, checks, MON_SAT)
    [line] = checks
    assert (line.params["national"], line.params["company"]) == ("18", "18")


# --- a real book ----------------------------------------------------------------------------


def _targets(path: Path) -> dict[str, tuple[float, float, int]]:
    """The Targets sheet's team revenue rows: period → (target, per working day, days)."""
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        rows = [tuple(r) for r in wb["Targets"].iter_rows(values_only=True)]
    finally:
        wb.close()
    return {
        str(r[0]): (float(r[5]), float(r[7]), int(r[8]))  # type: ignore[arg-type]
        for r in rows[1:]
        if r[1] == "ALL" and r[2] == "revenue"
    }


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    sample = generate_sample(7)
    folder = tmp_path_factory.mktemp("holidays_worked")
    out: dict[str, Path] = {}
    for n, typed in enumerate(("月-土", "月-土・祝")):
        settings = {**sample.settings, "Language": "ja", "WorkingDays": typed}
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".xlsm")
        with os.fdopen(fd, "wb") as fh:
            fh.write(build_template("ja", settings=settings))
        path = folder / f"book{n}.xlsm"
        rewrite_workbook(Path(tmp), input_contents(sample, "ja"), dst=path, resize_tables=True)
        Path(tmp).unlink(missing_ok=True)
        assert main(["recalc", str(path)]) == 0
        out[typed] = path
    return out


def test_a_book_with_holidays_worked_divides_by_the_hand_counted_days(
    books: dict[str, Path],
) -> None:
    closed, worked = _targets(books["月-土"]), _targets(books["月-土・祝"])
    # FY2026 (2026-04-01 … 2027-03-31): 365 days, 52 Sundays (4/5 … 3/28) → 313 Monday to
    # Saturday. The sample's Holidays sheet closes 8/13 – 8/15 and 12/29 – 1/3; on Monday to
    # Saturday: Thu 8/13, Fri 8/14, Sat 8/15, Tue 12/29, Wed 12/30, Thu 12/31, Fri 1/1 (元日
    # too), Sat 1/2 = 8. The 17 national holidays on Monday to Saturday (4/29, 5/4, 5/5, 5/6,
    # 7/20, 8/11, 9/21, 9/22, 9/23, 10/12, 11/3, 11/23, 1/1, 1/11, 2/11, 2/23, 3/22) less
    # 1/1 = 16 more. 月-土: 313 − 8 − 16 = 289; 月-土・祝: 313 − 8 = 305.
    assert (closed["FY2026"][2], worked["FY2026"][2]) == (289, 305)
    # May 2026 (5/1 Friday; Sundays 3, 10, 17, 24, 31 → 26 Monday to Saturday): 5/4, 5/5 and
    # the substitute holiday 5/6 close three days without 祝: 23 and 26.
    assert (closed["2026-05"][2], worked["2026-05"][2]) == (23, 26)
    # The same year target, spread over more days: per day = year ÷ 305.
    target, per_day, _ = worked["FY2026"]
    assert target == pytest.approx(closed["FY2026"][0])
    assert per_day == pytest.approx(target / 305)
    assert closed["FY2026"][1] == pytest.approx(target / 289)
    assert worked["2026-05"][1] == pytest.approx(worked["2026-05"][0] / 26)
