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
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Final

import pandas as pd

from routekpi.contract import Check
from routekpi.core.calendar import MON_FRI, BusinessCalendar, weekdays_label
from routekpi.schema import ORDERS

# A share of orders on days off from which the Checks line is written: below it, the
# odd Saturday delivery or a line dated on a holiday by mistake says nothing of the week.
DAYS_OFF_SHARE: Final = 0.05
DAYS_OFF_PROBLEM: Final = "orders_on_days_off"
# The same line when Saturdays alone hold DAYS_OFF_SHARE of the orders and are days off.
SATURDAYS_PROBLEM: Final = "orders_on_saturdays"
SATURDAY: Final = 5


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
    saturday = sunday = closed = 0
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
    checks.append(Check(ORDERS.name, None, "", None, problem, params, "info"))
