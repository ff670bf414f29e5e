"""The as-of date and the plan year: decided once, here, whichever way they were given.

The as-of date can arrive by two doors (``recalc --as-of`` and the Settings ``AsOf`` cell)
and the plan year by two more (the ``PlanYear`` cell, or the fiscal year of the as-of date).
Every adapter — the command line, the Excel button and the worksheet functions — goes
through ``routekpi.recalc.compute_data``, which asks this module, so they cannot disagree.
The Settings sheet is read before the input sheets because the inputs are judged against
the as-of date (orders after it are reported).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from routekpi.core.calendar import fiscal_year_of
from routekpi.core.history import History
from routekpi.validation.settings import SettingValues


@dataclass(frozen=True)
class PlanPeriod:
    """The as-of date asked for and the plan year, once the history is known."""

    as_of: date | None  # asked for (command line, else Settings AsOf); None: end of history
    plan_year: int | None  # None only when there is neither a PlanYear nor any history
    fiscal_start_month: int


def requested_as_of(parsed: SettingValues, override: date | None = None) -> date | None:
    """The as-of date the user asked for: the command line's wins over the Settings cell."""
    if override is not None:
        return override
    value = parsed.values.get("AsOf")
    return value if isinstance(value, date) else None


def decide_period(
    parsed: SettingValues, history: History, override: date | None = None
) -> PlanPeriod:
    """As-of date and plan year; a blank PlanYear is the fiscal year of the as-of date."""
    as_of = requested_as_of(parsed, override)
    start = int(parsed.values["FiscalStartMonth"])  # type: ignore[call-overload]
    day = as_of or history.last_date()
    plan_year = parsed.values.get("PlanYear") or (fiscal_year_of(day, start) if day else None)
    return PlanPeriod(
        as_of=as_of,
        plan_year=int(plan_year) if plan_year else None,  # type: ignore[call-overload]
        fiscal_start_month=start,
    )
