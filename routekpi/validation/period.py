"""The as-of date and the plan year: decided once, here, whichever way they were given.

The as-of date can arrive by two doors (``recalc --as-of`` and the Settings ``AsOf`` cell)
and the plan year by two more (the ``PlanYear`` cell, or the fiscal year of the as-of date).
Every adapter — the command line, the Excel button and the worksheet functions — goes
through ``routekpi.recalc.compute_data``, which asks this module, so they cannot disagree.
The Settings sheet is read before the input sheets because the inputs are judged against
the as-of date (orders after it are reported).

An as-of date after the end of the history (a stale paste) would count the missing weeks as
weeks with no visits and no orders: every rep behind pace, every account at risk. So the
engine is given the *covered* as-of date — the last day the history covers — and a Check
says how many days are missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from routekpi.contract import Check
from routekpi.core.calendar import BusinessCalendar, fiscal_year_of
from routekpi.core.history import History
from routekpi.schema import SETTINGS
from routekpi.validation.settings import SettingValues

# Working days with no order and no visit before the history counts as stale: a quiet day or
# two at the end is ordinary business, a whole working week missing is an old paste.
STALE_WORKING_DAYS = 5


@dataclass(frozen=True)
class PlanPeriod:
    """The as-of date asked for, the one the history covers, and the plan year."""

    as_of: date | None  # asked for (command line, else Settings AsOf); None: end of history
    plan_year: int | None  # None only when there is neither a PlanYear nor any history
    fiscal_start_month: int
    history_end: date | None = None  # the last order or visit
    stale_days: int = 0  # calendar days from history_end to as_of, when working days are missing

    @property
    def covered_as_of(self) -> date | None:
        """The as-of date the engine judges by: never past what the history covers."""
        if self.stale_days and self.history_end is not None:
            return self.history_end
        return self.as_of


def requested_as_of(parsed: SettingValues, override: date | None = None) -> date | None:
    """The as-of date the user asked for: the command line's wins over the Settings cell."""
    if override is not None:
        return override
    value = parsed.values.get("AsOf")
    return value if isinstance(value, date) else None


def history_end(history: History) -> date | None:
    """The last order or visit: where the history stops (account start dates do not count)."""
    return history.history_end()


def decide_period(
    parsed: SettingValues, history: History, override: date | None = None
) -> PlanPeriod:
    """As-of date and plan year; a blank PlanYear is the fiscal year of the as-of date."""
    as_of = requested_as_of(parsed, override)
    start = int(parsed.values["FiscalStartMonth"])  # type: ignore[call-overload]
    # A blank PlanYear follows the last typed entry (a visit logged after the last order in
    # the plan year's first weeks belongs to the new year), not the blank AsOf's last order.
    day = as_of or history.history_end() or history.last_date()
    plan_year = parsed.values.get("PlanYear") or (fiscal_year_of(day, start) if day else None)
    end = history_end(history)
    stale = 0
    if as_of is not None and end is not None and as_of > end:
        holidays = frozenset(d.date() for d in history.holidays["date"].dropna())
        # Weekends and holidays after the last entry are not missing history.
        missing = BusinessCalendar(holidays).count(end + timedelta(days=1), as_of)
        if missing >= STALE_WORKING_DAYS:
            stale = (as_of - end).days
    return PlanPeriod(
        as_of=as_of,
        plan_year=int(plan_year) if plan_year else None,  # type: ignore[call-overload]
        fiscal_start_month=start,
        history_end=end,
        stale_days=stale,
    )


def period_checks(
    period: PlanPeriod, cell_of: dict[str, tuple[int, str]], from_settings: bool
) -> list[Check]:
    """A warning when the history stops short of the as-of date (shown on stderr too)."""
    if not period.stale_days or period.as_of is None or period.history_end is None:
        return []
    row, col = cell_of.get("AsOf", (None, "")) if from_settings else (None, "")
    return [
        Check(
            SETTINGS.name,
            row,
            f"{col} AsOf".strip(),
            period.as_of.isoformat(),
            "history_stale",
            {
                "days": period.stale_days,
                "as_of": period.as_of.isoformat(),
                "last": period.history_end.isoformat(),
            },
            "warn",
        )
    ]


# The blank-AsOf notes worth a row on Checks: visits typed after the last order (counted as
# contact, or left out of a history from files); the plain "last order" default says nothing.
_DEFAULT_AS_OF_CHECKS = ("as_of_default_orders_visits", "as_of_default_orders_visits_left_out")


def default_as_of_checks(
    period: PlanPeriod, history: History, cell_of: dict[str, tuple[int, str]]
) -> list[Check]:
    """An info row on the AsOf cell when a blank AsOf became the last order's day while
    visits run later (``History.default_as_of_note``; the Plan's as-of line says it too)."""
    note = history.default_as_of_note() if period.as_of is None else None
    if note is None or note[0] not in _DEFAULT_AS_OF_CHECKS:
        return []
    row, col = cell_of.get("AsOf", (None, ""))
    params = {**note[1], "name": "AsOf"}  # the setting's name, as on every Settings check
    return [Check(SETTINGS.name, row, f"{col} AsOf".strip(), None, note[0], params, "info")]
