"""Orders on the company's days off: said once on Checks when they are a material share.

The working days are Monday to Friday without national holidays and the Holidays sheet's
company holidays (``core.calendar.BusinessCalendar``); Settings has no working-weekday option.
The Daily list's pace (visits, orders and revenue per day) divides what is left of the year
over those days only. A wholesaler that takes orders on Saturdays (trial 22: 8% of the lines)
still has those orders in every month and year total, but a 課長 reading 「1日あたり」 should
know the day is a weekday. The rule, plainly: when at least ``DAYS_OFF_SHARE`` (5%) of the
orders are dated on days off (Saturdays, Sundays, national or company holidays), one
info line on Checks gives the counts by kind of day and their share, says the per-day pace
counts weekdays only, and how holidays are set.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Final

import pandas as pd

from routekpi.contract import Check
from routekpi.core.calendar import BusinessCalendar
from routekpi.schema import ORDERS

# A share of orders on days off from which the Checks line is written: below it, the
# odd Saturday delivery or a line dated on a holiday by mistake says nothing of the week.
DAYS_OFF_SHARE: Final = 0.05
DAYS_OFF_PROBLEM: Final = "orders_on_days_off"


def orders_on_days_off(
    order_days: Mapping[date, int], holidays: pd.DataFrame, checks: list[Check]
) -> None:
    """Append the info line when ``DAYS_OFF_SHARE`` or more of the orders fall on days
    off. ``order_days``: orders per day (``validation.holidays.day_events``);
    ``holidays``: the Holidays table (date, name), assumed closures included."""
    total = sum(order_days.values())
    if total <= 0:
        return
    typed = frozenset(d.date() for d in pd.to_datetime(holidays["date"].dropna()))
    calendar = BusinessCalendar(typed)
    saturday = sunday = closed = 0
    for day, count in order_days.items():
        if calendar.is_working_day(day):
            continue
        if day.weekday() == 5:
            saturday += count
        elif day.weekday() == 6:
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
    }
    checks.append(Check(ORDERS.name, None, "", None, DAYS_OFF_PROBLEM, params, "info"))
