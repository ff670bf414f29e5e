"""Leave typed week by week is one absence, its weekends in it (fix44, rev44 item 2).

Sato's C0244 was 38 days late on the sample book: 12 with his leave typed as one row,
18 with the same leave typed as four Mon–Fri rows (the weekends between counted as
overdue). Spans with no working day between them (weekend, holidays) are now joined.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from routekpi.core.calendar import BusinessCalendar
from routekpi.core.daily import STOP_COLUMNS
from routekpi.core.flags import overdue_pile_flags
from tests.test_small44_overdue_leave import FIRST, _stop

# Three important weekly accounts, each due 10-31 (30 days before Monday 11-30).
STOPS = pd.DataFrame(
    [_stop("Yamamoto", f"A{i}", 30) for i in (1, 2, 3)], columns=list(STOP_COLUMNS)
)
WEEKLY = (
    ("Yamamoto", date(2026, 11, 2), date(2026, 11, 6)),  # Mon–Fri
    ("Yamamoto", date(2026, 11, 9), date(2026, 11, 13)),  # Mon–Fri
)


def _days(
    leave: tuple[tuple[str, date, date], ...], calendar: BusinessCalendar | None
) -> tuple[object, ...]:
    [flag] = overdue_pile_flags(STOPS, FIRST, leave, calendar)
    p = flag["params"]
    return p["low"], p["high"], p["leave"]


def test_weekly_rows_are_one_absence_with_the_calendar() -> None:
    # One absence 11-02 … 11-13: 12 calendar days off 30 → 18 (the weekend 11-07/08 in it).
    assert _days(WEEKLY, BusinessCalendar()) == (18, 18, 12)
    assert _days((("Yamamoto", date(2026, 11, 2), date(2026, 11, 13)),), None) == (18, 18, 12)
    # Without the calendar the two rows stay two: 10 days off → 20 (what rev44 saw).
    assert _days(WEEKLY, None) == (20, 20, 10)


def test_a_working_day_between_keeps_them_apart_and_a_holiday_does_not() -> None:
    mon_thu = (
        ("Yamamoto", date(2026, 11, 2), date(2026, 11, 5)),  # Friday 11-06 worked
        ("Yamamoto", date(2026, 11, 9), date(2026, 11, 13)),
    )
    assert _days(mon_thu, BusinessCalendar()) == (21, 21, 9)  # 4 + 5 days off 30
    # The company closed on Friday 11-06: nothing worked between, one absence of 12 days.
    closed = BusinessCalendar(company_holidays=frozenset({date(2026, 11, 6)}))
    assert _days(mon_thu, closed) == (18, 18, 12)
