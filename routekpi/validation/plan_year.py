"""Which plan year a run chose, in words, and a hint when it is mostly over.

A new book leaves ``PlanYear`` blank (``routekpi new``), so the plan year is the fiscal year of
the as-of date (``validation.period``): a book made in 2027 does not plan 2026. Said on Checks,
since nobody sees a blank cell decide anything. A plan is normally made before its year starts;
a blank plan year more than half over at the as-of date (a December run with an April year) is
most likely the year before the one meant: the row names the next. A typed year is the user's
choice (an in-year tracking book is more than half over from month 7 on): no row for it.
"""

from __future__ import annotations

from datetime import date

from routekpi.contract import Check
from routekpi.core.calendar import fiscal_label, fiscal_months, month_label
from routekpi.schema import SETTINGS
from routekpi.validation.period import PlanPeriod

MONTHS = 12
# More than this many complete months of the plan year before the as-of date: "mostly over".
HALF_YEAR = MONTHS // 2


def complete_months(plan_year: int, start_month: int, day: date) -> int:
    """Months of the plan year that ended on or before ``day`` (0 … 12)."""
    return sum(m.end_time.date() <= day for m in fiscal_months(plan_year, start_month))


def plan_year_checks(
    period: PlanPeriod, typed: bool, cell_of: dict[str, tuple[int, str]]
) -> list[Check]:
    """An info row on a blank PlanYear cell: the year it chose and from which day, and a
    suggestion of the next year when more than half of it is over (none for a typed year)."""
    day = period.covered_as_of or period.history_end
    if typed or period.plan_year is None or day is None:
        return []
    year, start = period.plan_year, period.fiscal_start_month
    months = fiscal_months(year, start)
    over = complete_months(year, start, day)
    params: dict[str, object] = {
        "plan": fiscal_label(year),
        "first": month_label(months[0]),
        "last": month_label(months[-1]),
        "as_of": day.isoformat(),
        "over": over,
        "next": fiscal_label(year + 1),
        "next_year": year + 1,
    }
    key = "plan_year_default_mostly_over" if over > HALF_YEAR else "plan_year_default"
    row, col = cell_of.get("PlanYear", (None, ""))
    return [Check(SETTINGS.name, row, f"{col} PlanYear".strip(), None, key, params, "info")]
