"""Company holidays assumed from the history for the years the Holidays sheet has none for
(core.calendar.assume_company_holidays, validation.holidays): trial15 finding 8, where a
book without Holidays sent reps out on 12/29 and gave December 2027 23 working days though
nobody had ordered or visited on those days in 3.9 years."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from routekpi.contract import Check
from routekpi.core.calendar import BusinessCalendar, assume_company_holidays
from routekpi.messages import text
from routekpi.pipeline import compute_file
from routekpi.render import check_message
from routekpi.validation.holidays import day_events, day_numbers, tally_days, with_assumed_holidays

CLOSED = {(12, 29), (12, 30), (12, 31), (1, 1), (1, 2), (1, 3), (8, 13), (8, 14), (8, 15)}


def _history(
    first: date = date(2023, 1, 4),
    last: date = date(2025, 12, 26),
    per_day: int = 20,
    closed: set[tuple[int, int]] = CLOSED,
) -> dict[date, int]:
    """Orders and visits per day: ``per_day`` on every weekday but the ``closed`` dates."""
    events: dict[date, int] = {}
    day = first
    while day <= last:
        if day.weekday() < 5 and (day.month, day.day) not in closed:
            events[day] = per_day
        day += timedelta(days=1)
    return events


def test_year_end_and_obon_are_assumed_for_the_plan_year() -> None:
    events = _history()
    events[date(2024, 12, 31)] = 1  # a meeting logged on a closed day (< 10% of 20)
    assumed = assume_company_holidays(events, [], range(2023, 2028))
    assert assumed.year_end == ((12, 29), (12, 30), (12, 31), (1, 1), (1, 2), (1, 3))
    # 8/13 fell on a Sunday in 2023: closed on a weekday in 2024 and 2025 only.
    assert (assumed.yearly, assumed.seen_years) == (((8, 13), (8, 14), (8, 15)), 2)
    # 2027: 1/1 is a national holiday, 1/2–1/3 and 8/14–8/15 a weekend.
    assert [d for d in assumed.days if d.year == 2027] == [
        date(2027, 8, 13),
        date(2027, 12, 29),
        date(2027, 12, 30),
        date(2027, 12, 31),
    ]
    calendar = BusinessCalendar(frozenset(assumed.days))
    # December 2027: 23 weekdays, 3 of them 12/29–12/31.
    assert calendar.count(date(2027, 12, 1), date(2027, 12, 31)) == 20
    assert not calendar.is_working_day(date(2026, 12, 29))
    assert calendar.working_days(date(2026, 12, 28), date(2027, 1, 5)) == [
        date(2026, 12, 28),
        date(2027, 1, 4),
        date(2027, 1, 5),
    ]


def test_a_year_with_typed_holidays_keeps_exactly_those() -> None:
    assumed = assume_company_holidays(_history(), [date(2027, 5, 6)], range(2023, 2028))
    assert 2027 not in assumed.years and not [d for d in assumed.days if d.year == 2027]
    assert date(2026, 12, 29) in assumed.days


def test_a_company_open_on_a_date_keeps_it() -> None:
    events = _history()
    events[date(2023, 12, 29)] = 20  # open on 12/29 in 2023
    events[date(2024, 8, 14)] = 20  # and on 8/14 in 2024
    assumed = assume_company_holidays(events, [], [2027])
    assert (12, 29) not in assumed.year_end and (12, 30) in assumed.year_end
    assert assumed.yearly == ((8, 13), (8, 15))


def test_chance_and_gaps_are_not_holidays() -> None:
    events = _history(closed={(12, 29), (12, 30), (12, 31), (1, 1), (1, 2), (1, 3)})
    events.pop(date(2024, 6, 12))  # one quiet day in one year
    for day in pd.bdate_range("2025-03-03", "2025-03-21").date:  # 15 weekdays with no data
        events.pop(day, None)
    assert assume_company_holidays(events, [], [2027]).yearly == ()
    # A day quiet two years running in a thin history says nothing (2 a usual day).
    thin = _history(per_day=2, closed={(6, 12), *CLOSED})
    assert assume_company_holidays(thin, [], [2027]).yearly == ()


def test_the_checks_row_names_the_dates_and_the_override() -> None:
    checks: list[Check] = []
    holidays = pd.DataFrame({"date": pd.Series([], dtype="datetime64[ns]"), "name": []})
    # To 2026-11-30: 8/13 closed on a weekday in 2024, 2025 and 2026.
    out = with_assumed_holidays(holidays, _history(last=date(2026, 11, 30)), checks)
    assert set(pd.to_datetime(out["date"]).dt.year) == {2023, 2024, 2025, 2026, 2027, 2028}
    (check,) = checks
    assert (check.sheet, check.severity) == ("Holidays", "info")
    assert check_message(check, "ja") == (
        "休日シートに会社休日がない年(2023〜2028年)は、毎年の休業日を次のとおり見なしました: "
        "年末年始 12/29〜1/3 の平日と、8/13・8/14・8/15(過去3年とも受注・訪問がないか、"
        "ふだんの営業日(1日 20件)の1割に満たず、前後の営業日にはあった日)。"
        "実際と違うときは休日シートに会社休日を入力してください"
        "(入力した年は、入力した日だけを会社休日にします)"
    )
    # English joins from the params themselves (not render's 〜/・ replacement): en42b.
    said = text(check.problem, "en", **check.params)
    assert said.startswith(
        "the Holidays sheet has no company holidays for 2023 – 2028, so these are assumed "
        "closed every year: the weekdays of the year-end span 12/29 – 1/3, and 8/13, 8/14, 8/15 "
    )
    assert said == check_message(check, "en")
    # Every year typed: nothing assumed, no row.
    typed = pd.DataFrame({"date": pd.to_datetime([f"{y}-05-06" for y in range(2023, 2029)])})
    typed["name"] = "創立記念日"
    checks.clear()
    same = with_assumed_holidays(typed, _history(last=date(2026, 11, 30)), checks)
    assert same is typed and checks == []


def test_a_day_with_a_few_orders_is_said_as_such() -> None:
    """trial 34 L3: 1/8 was assumed closed with 1 and 2 orders on it (a usual day's 30), and
    the Checks row said 「受注も訪問もなく」. By the rule a day under a tenth of a usual day's
    (here under 3) is closed; the row says so, with the usual day's number."""
    events = _history(first=date(2024, 1, 4), last=date(2026, 11, 30), per_day=30)
    events[date(2025, 1, 8)], events[date(2026, 1, 8)] = 1, 2
    assumed = assume_company_holidays(events, [], [2027])
    assert (1, 8) in assumed.yearly and assumed.usual == 30
    assert date(2027, 1, 8) in assumed.days  # a Friday: January 2027 loses it
    checks: list[Check] = []
    holidays = pd.DataFrame({"date": pd.Series([], dtype="datetime64[ns]"), "name": []})
    with_assumed_holidays(holidays, events, checks)
    said = check_message(checks[0], "ja")
    assert "1/8" in said and "ふだんの営業日(1日 30件)の1割に満たず" in said
    assert "受注も訪問もなく" not in said
    assert "under a tenth of a usual working day's 30" in check_message(checks[0], "en")
    # 3 orders on it (a tenth of 30) open it: not assumed.
    events[date(2026, 1, 8)] = 3
    assert (1, 8) not in assume_company_holidays(events, [], [2027]).yearly


def test_day_events_counts_orders_and_visits_per_day() -> None:
    orders = pd.Series(pd.to_datetime(["2026-12-28", "2026-12-28", None]))
    visits = pd.Series(pd.to_datetime(["2026-12-28", "2027-01-04"]))
    assert day_events([orders, visits]) == {date(2026, 12, 28): 3, date(2027, 1, 4): 1}


def test_day_numbers_floor_a_time_of_day_and_leave_out_blanks() -> None:
    """Day numbers count from 1970-01-01 and floor (an evening before 1970 is that day, not
    the next); the frame's nanosecond column and a microsecond one read alike, an object
    column of blanks gives none; one column's numbers serve two tallies."""
    evening = pd.Series(pd.to_datetime(["1969-12-31 23:00", None, "2026-12-28 18:30"]))
    assert day_numbers(evening.astype("datetime64[ns]")).tolist() == [-1, 20815]
    assert day_numbers(evening.astype("datetime64[us]")).tolist() == [-1, 20815]
    assert day_numbers(pd.Series([None, None], dtype=object)).tolist() == []
    visits = day_numbers(pd.Series(pd.to_datetime(["2026-12-28 09:00"])))
    both = tally_days([day_numbers(evening), visits])
    assert both == {date(1969, 12, 31): 1, date(2026, 12, 28): 2}
    assert tally_days([]) == {} and tally_days([visits[:0]]) == {}


@pytest.mark.slow
def test_a_book_without_holidays_gets_them_assumed(sample_book: Path) -> None:
    """The sample book (its history closed 12/29–1/3 and 8/13–8/15) with its Holidays rows
    deleted: the working days are what they were with them, and Checks says why."""
    with_typed = compute_file(sample_book)[0]
    _empty_holidays(sample_book)
    computed = compute_file(sample_book)[0]
    (said,) = [c for c in computed.checks if c.problem.startswith("holidays_assumed")]
    assert said.sheet == "Holidays" and said.params["yearly"] == "8/13・8/14・8/15"
    assert _working_days(computed.result) == _working_days(with_typed.result)


def _empty_holidays(book: Path) -> None:
    """Delete the Holidays sheet's rows (its table down to the header and one blank row)."""
    wb = openpyxl.load_workbook(book, keep_vba=True)
    ws = wb["Holidays"]
    ws.delete_rows(2, ws.max_row)
    for table in ws.tables.values():
        table.ref = f"{table.ref.split(':')[0]}:{table.ref.split(':')[1][0]}2"
    wb.save(book)


def _working_days(result: object) -> dict[str, float]:
    """The team revenue rows' working days by period (Targets)."""
    t = result.targets  # type: ignore[attr-defined]
    rows = t[(t["rep"] == "ALL") & (t["kpi"] == "revenue")]
    return rows.set_index("period")["working_days"].to_dict()


@pytest.mark.slow
def test_visits_from_a_file_assume_the_same_holidays(sample_book: Path, tmp_path: Path) -> None:
    """Visits read from a file (the trial's CRM CSV; the history is summed in DuckDB): the
    same assumed holidays, Checks row and working days as with the visits on their sheet."""
    from routekpi.sample import generate_sample
    from routekpi.sources import SourceRef

    _empty_holidays(sample_book)
    sheets = compute_file(sample_book)[0]
    visits = tmp_path / "visits.tsv"
    generate_sample().visits.to_csv(visits, index=False, sep="\t", encoding="utf-8-sig")
    files = compute_file(sample_book, sources={"Visits": SourceRef("Visits", str(visits))})[0]

    def said(computed: object) -> list[tuple[str, dict[str, object]]]:
        checks = computed.checks  # type: ignore[attr-defined]
        return [(c.problem, c.params) for c in checks if c.problem.startswith("holidays_")]

    assert said(files) == said(sheets) and len(said(files)) == 1
    assert _working_days(files.result) == _working_days(sheets.result)


def _ride_along(first: date, last: date) -> dict[date, int]:
    """A visit log kept before the orders: 8 visits on every weekday, 12/29–1/3 included."""
    return {
        first + timedelta(days=i): 8
        for i in range((last - first).days + 1)
        if (first + timedelta(days=i)).weekday() < 5
    }


def test_visits_before_the_first_order_month_say_nothing() -> None:
    """The days are read from the first order's month on (fix24b left this out): a year of
    ride-along visits on 12/29–12/30 would have kept those days open in every year."""
    holidays = pd.DataFrame({"date": pd.Series([], dtype="datetime64[ns]"), "name": []})
    events = {**_ride_along(date(2021, 10, 1), date(2022, 12, 30)), **_history()}
    checks: list[Check] = []
    read_all = with_assumed_holidays(holidays, events, checks)
    assert date(2026, 12, 29) not in set(pd.to_datetime(read_all["date"]).dt.date)
    checks.clear()
    out = with_assumed_holidays(holidays, events, checks, first_order=date(2023, 1, 4))
    days = set(pd.to_datetime(out["date"]).dt.date)
    assert {date(2026, 12, 29), date(2026, 12, 30), date(2026, 12, 31)} <= days
    # Assumed from the history's first year on: 2021 and 2022 are no part of it.
    assert min(days).year == 2023
    (check,) = checks
    assert check.params["years"] == "2023〜2027" and check.params["year_end"] == "12/29〜1/3"


@pytest.mark.slow
def test_a_visit_file_reaching_before_the_orders(sample_book: Path, tmp_path: Path) -> None:
    """The file path (DuckDB) reads the days from the first order's month too: ride-along
    visits on 2022-12-29/30 before the sample's orders (from 2023-04) leave 12/29–1/3 closed."""
    from routekpi.sample import generate_sample
    from routekpi.sources import SourceRef

    _empty_holidays(sample_book)
    visits = generate_sample().visits
    early = pd.DataFrame(
        {
            "date": pd.to_datetime([date(2022, 12, 29), date(2022, 12, 30)] * 20),
            "rep": visits["rep"].iloc[0],
            "account": visits["account"].iloc[0],
            "kind": "visit",
            "outcome": None,
        }
    )
    path = tmp_path / "visits.tsv"
    pd.concat([early, visits]).to_csv(path, index=False, sep="\t", encoding="utf-8-sig")
    files = compute_file(sample_book, sources={"Visits": SourceRef("Visits", str(path))})[0]
    (said,) = [c for c in files.checks if c.problem.startswith("holidays_assumed")]
    assert said.params["year_end"] == "12/29〜1/3"
    assert str(said.params["years"]).startswith("2023")


def test_a_plan_year_made_before_it_starts_gets_its_new_year_closed_too() -> None:
    """trial28 M1: FY2027 (April 2027 – March 2028) budgeted in December 2026 from a history
    ending 2026-11-30 reaches 2028: Monday 2028-01-03 is in the assumed year-end span, so
    January 2028 has 19 days to work (21 weekdays, less 1/3 and 成人の日 1/10)."""
    checks: list = []
    filled = with_assumed_holidays(
        pd.DataFrame(columns=["date", "name"]), _history(last=date(2026, 11, 30)), checks
    )
    days = frozenset(d.date() for d in pd.to_datetime(filled["date"]))
    assert date(2028, 1, 3) in days
    assert "2023〜2028" in checks[0].params["years"]
    calendar = BusinessCalendar(days)
    assert calendar.count(date(2028, 1, 1), date(2028, 1, 31)) == 21 - 2
