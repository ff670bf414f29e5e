"""Orders on the company's days off: said once on Checks when they are a material share.

The working days are the working weekdays of Settings ``WorkingDays`` (Monday to Friday
unless it says otherwise, e.g. 月-土) without national holidays and the Holidays sheet's
company holidays (``core.calendar.BusinessCalendar``). Per-day targets, the Daily list's days
and pace (visits, orders and revenue per day) and the share of a month gone count those days
only. A wholesaler that takes orders on Saturdays (trial 22: 8% of the lines) still has those
orders in every month and year total, but a 課長 reading 「1日あたり」 should know which days
count. The rule, plainly: when at least ``DAYS_OFF_SHARE`` (5%) of the orders are dated on
days off (Saturdays, Sundays, national or company holidays), one info line on Checks gives
the counts by kind of day and their share, names the working weekdays and how to set them.
When Saturday is not a working day and Saturdays alone hold ``DAYS_OFF_SHARE`` of the orders
(trial 23: a food-service distributor, 13.3%), the line says to set WorkingDays to 月-土.
Otherwise, when national holidays are days off and a national holiday (one the Holidays
sheet does not close) holds on average at least ``HOLIDAY_OPEN_SHARE`` (half) of a usual
working day's orders, the company evidently works them (trial 38: a wholesaler delivering on
祝日, 5.3% of the orders): the line says so and to set WorkingDays to 月-土・祝 — the
Holidays sheet cannot re-open a national holiday.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Final

import pandas as pd

from routekpi.contract import Check
from routekpi.core.calendar import (
    MON_FRI,
    BusinessCalendar,
    WorkWeek,
    holidays_worked,
    national_holidays,
    weekdays_label,
)
from routekpi.schema import ORDERS

# A share of orders on days off from which the Checks line is written: below it, the
# odd Saturday delivery or a line dated on a holiday by mistake says nothing of the week.
DAYS_OFF_SHARE: Final = 0.05
DAYS_OFF_PROBLEM: Final = "orders_on_days_off"
# The same line when Saturdays alone hold DAYS_OFF_SHARE of the orders and are days off.
SATURDAYS_PROBLEM: Final = "orders_on_saturdays"
SATURDAY: Final = 5
# The same line when national holidays look worked: orders on an average national holiday
# (on a working weekday, not closed by the Holidays sheet) at least this share of an average
# working day's. A closed day's odd late-booked order is far below it; an open one near 1.
HOLIDAY_OPEN_SHARE: Final = 0.5
HOLIDAYS_PROBLEM: Final = "orders_on_national_holidays"
# The Saturday line when only some Saturdays carry orders (trial 45 M5: the 1st and 3rd
# worked): a Saturday "carries" orders with at least this share of an average working day's,
# and some Saturdays means at most this share of the span's Saturdays (not holidays) do.
SATURDAY_BUSY_SHARE: Final = 0.25
SOME_SATURDAYS_SHARE: Final = 0.8
SOME_SATURDAYS_PROBLEM: Final = "orders_on_some_saturdays"
# A week of the month (第1 … 第5 土曜) is worked when this share of its Saturdays carry orders.
ORDINAL_WORKED_SHARE: Final = 0.75


def orders_on_days_off(
    order_days: Mapping[date, int],
    holidays: pd.DataFrame,
    checks: list[Check],
    weekdays: frozenset[int] = MON_FRI,
) -> None:
    """Append the info line when ``DAYS_OFF_SHARE`` or more of the orders fall on days
    off. ``order_days``: orders per day (``validation.holidays.day_events``);
    ``holidays``: the Holidays table (date, name), assumed closures included; ``weekdays``:
    the working weekdays (Settings WorkingDays)."""
    total = sum(order_days.values())
    if total <= 0:
        return
    typed = frozenset(d.date() for d in pd.to_datetime(holidays["date"].dropna()))
    calendar = BusinessCalendar(typed, weekdays=weekdays)
    national = (
        frozenset()
        if holidays_worked(weekdays) or not order_days
        else national_holidays(range(min(order_days).year, max(order_days).year + 1))
    )
    saturday = sunday = closed = on_national = 0
    for day, count in order_days.items():
        if calendar.is_working_day(day):
            continue
        # A Saturday or Sunday that is a working weekday is off for a holiday.
        if day.weekday() == SATURDAY and SATURDAY not in weekdays:
            saturday += count
        elif day.weekday() == 6 and 6 not in weekdays:
            sunday += count
        else:
            closed += count
            if day in national and day not in typed:
                on_national += count
    off = saturday + sunday + closed
    if off < DAYS_OFF_SHARE * total:
        return
    params: dict[str, object] = {
        "count": f"{off:,}",
        "total": f"{total:,}",
        "share": f"{off / total:.1%}",
        "saturday": f"{saturday:,}",
        "sunday": f"{sunday:,}",
        "holiday": f"{closed:,}",
        "weekdays_ja": weekdays_label(weekdays, "ja"),
        "weekdays_en": weekdays_label(weekdays, "en"),
    }
    problem = DAYS_OFF_PROBLEM
    if saturday >= DAYS_OFF_SHARE * total:
        # Saturday is a day off (else it would count none) and carries the orders.
        problem = SATURDAYS_PROBLEM
        params["saturday_share"] = f"{saturday / total:.1%}"
        params["suggest_ja"] = weekdays_label(weekdays | {SATURDAY}, "ja")
        params["suggest_en"] = weekdays_label(weekdays | {SATURDAY}, "en")
        if some := _some_saturdays(order_days, calendar):
            problem = SOME_SATURDAYS_PROBLEM
            params |= some
    elif national and (busy := _holidays_busy(order_days, calendar, national, typed)):
        problem = HOLIDAYS_PROBLEM
        worked = WorkWeek(weekdays, holidays_worked=True)
        params |= {
            "national": f"{on_national:,}",
            "national_share": f"{on_national / total:.1%}",
            "company": f"{closed - on_national:,}",
            "per_holiday": f"{busy[0]:.1f}",
            "per_day": f"{busy[1]:.1f}",
            "suggest_ja": weekdays_label(worked, "ja"),
            "suggest_en": weekdays_label(worked, "en"),
        }
    checks.append(Check(ORDERS.name, None, "", None, problem, params, "info"))


def _some_saturdays(
    order_days: Mapping[date, int], calendar: BusinessCalendar
) -> dict[str, str] | None:
    """The Saturday line's words when only some Saturdays carry orders (module doc): how many
    of the span's Saturdays (not holidays) did and, when some weeks of the month stand out,
    which (第1・第3土曜); None when (nearly) every Saturday did."""
    per_day = _per_working_day(order_days, calendar)
    if per_day is None:
        return None
    first, last = min(order_days), max(order_days)
    start = first + pd.Timedelta(days=(SATURDAY - first.weekday()) % 7)
    saturdays = [
        d
        for d in pd.date_range(start, last, freq="7D").date
        if d not in calendar.company_holidays and d not in calendar.national_closed(d.year)
    ]
    busy = {d for d in saturdays if order_days.get(d, 0) >= SATURDAY_BUSY_SHARE * per_day}
    if not saturdays or len(busy) > SOME_SATURDAYS_SHARE * len(saturdays):
        return None
    ordinals = []
    for n in range(1, 6):
        of_n = [d for d in saturdays if (d.day - 1) // 7 + 1 == n]
        if of_n and sum(d in busy for d in of_n) >= ORDINAL_WORKED_SHARE * len(of_n):
            ordinals.append(n)
    which_ja = "・".join(f"第{n}" for n in ordinals) + "土曜" if ordinals else "一部の土曜"
    ordinal_en = {1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 5: "5th"}
    named = " and ".join(ordinal_en[n] for n in ordinals)
    which_en = f"{named} Saturdays" if ordinals else "some Saturdays"
    return {
        "busy": f"{len(busy):,}",
        "saturdays": f"{len(saturdays):,}",
        "which_ja": which_ja,
        "which_en": which_en,
    }


def _holidays_busy(
    order_days: Mapping[date, int],
    calendar: BusinessCalendar,
    national: frozenset[date],
    typed: frozenset[date],
) -> tuple[float, float] | None:
    """(orders per national holiday, orders per working day) over the orders' span when the
    first is at least ``HOLIDAY_OPEN_SHARE`` of the second, else None. The national holidays
    counted fall on working weekdays and are not closed by the Holidays sheet."""
    first, last = min(order_days), max(order_days)
    holidays = [
        d
        for d in national
        if first <= d <= last and d.weekday() in calendar.weekdays and d not in typed
    ]
    per_day = _per_working_day(order_days, calendar)
    if not holidays or per_day is None:
        return None
    per_holiday = sum(order_days.get(d, 0) for d in holidays) / len(holidays)
    if per_day <= 0 or per_holiday < HOLIDAY_OPEN_SHARE * per_day:
        return None
    return per_holiday, per_day


def _per_working_day(order_days: Mapping[date, int], calendar: BusinessCalendar) -> float | None:
    """Orders per working day over the orders' span (None: no working day in it), what a
    Saturday's or a national holiday's orders are weighed against."""
    working = calendar.working_days(min(order_days), max(order_days))
    if not working:
        return None
    return sum(order_days.get(d, 0) for d in working) / len(working)
