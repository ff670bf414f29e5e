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

A blank AsOf is the last order's day. When that day is the one that completes its month yet
holds almost nothing (two orders typed with the month's last date, the rest of the day not
yet in), the month would count as complete with its last day empty: the baseline, the uplift
and the landing would move with no warning. Such a day (under ``OPEN_SHARE`` of a usual
working day's orders and visits, the share ``validation.holidays`` reads a day as closed at)
is not counted: the engine is given the day before, and a Check says so. The orders and visits
per day are read from the pasted rows or, for files and databases (Sources), counted by DuckDB
(``sources.ExternalHistory.day_counts``): the same day whichever way the history came in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from routekpi.contract import Check
from routekpi.core.at_work import VISITS_STOPPED_WORKING_DAYS
from routekpi.core.calendar import OPEN_SHARE, BusinessCalendar, fiscal_year_of, leave_spans
from routekpi.core.frames import latest_by_text
from routekpi.core.history import History
from routekpi.core.meetings import with_customer_meetings
from routekpi.schema import SETTINGS, VISITS
from routekpi.validation.settings import SettingValues
from routekpi.validation.tables import customer_meetings_counted

# Working days with no order and no visit before the history counts as stale: a quiet day or
# two at the end is ordinary business, a whole working week missing is an old paste.
STALE_WORKING_DAYS = 5
# A usual working day: the median of the days with an order or a visit among the working days
# of this many calendar days before the last one (a quarter: recent enough to be today's pace).
USUAL_DAY_LOOKBACK = 91


@dataclass(frozen=True)
class PlanPeriod:
    """The as-of date asked for, the one the history covers, and the plan year."""

    as_of: date | None  # asked for (command line, else Settings AsOf); None: end of history
    plan_year: int | None  # None only when there is neither a PlanYear nor any history
    fiscal_start_month: int
    history_end: date | None = None  # the last order or visit
    stale_days: int = 0  # calendar days from history_end to as_of, when working days are missing
    # A blank AsOf's day left out: it would complete its month with almost no event (None: not)
    thin_day: date | None = None
    thin_events: int = 0  # orders and visits on ``thin_day``
    usual_events: float = 0.0  # on a usual working day before it

    @property
    def covered_as_of(self) -> date | None:
        """The as-of date the engine judges by: never past what the history covers, and not a
        nearly empty last day that would complete its month (the day before it)."""
        if self.stale_days and self.history_end is not None:
            return self.history_end
        if self.as_of is None and self.thin_day is not None:
            return self.thin_day - timedelta(days=1)
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
    parsed: SettingValues,
    history: History,
    override: date | None = None,
    day_counts: Mapping[date, int] | None = None,
) -> PlanPeriod:
    """As-of date and plan year; a blank PlanYear is the fiscal year of the as-of date.

    ``day_counts``: the orders and visits per day of a history read from files or a database
    (``sources.ExternalHistory.day_counts``), which reaches here without its rows; None: read
    from the raw rows."""
    as_of = requested_as_of(parsed, override)
    start = int(parsed.values["FiscalStartMonth"])  # type: ignore[call-overload]
    # A blank PlanYear follows the last typed entry (a visit logged after the last order in
    # the plan year's first weeks belongs to the new year), not the blank AsOf's last order.
    day = as_of or history.history_end() or history.last_date()
    plan_year = parsed.values.get("PlanYear") or (fiscal_year_of(day, start) if day else None)
    end = history_end(history)
    stale = 0
    calendar = BusinessCalendar(
        frozenset(d.date() for d in history.holidays["date"].dropna()), weekdays=history.weekdays
    )
    if as_of is not None and end is not None and as_of > end:
        # Weekends and holidays after the last entry are not missing history.
        missing = calendar.count(end + timedelta(days=1), as_of)
        if missing >= STALE_WORKING_DAYS:
            stale = (as_of - end).days
    thin = thin_last_day(history, calendar, day_counts) if as_of is None else None
    return PlanPeriod(
        as_of=as_of,
        plan_year=int(plan_year) if plan_year else None,  # type: ignore[call-overload]
        fiscal_start_month=start,
        history_end=end,
        stale_days=stale,
        thin_day=thin[0] if thin else None,
        thin_events=thin[1] if thin else 0,
        usual_events=thin[2] if thin else 0.0,
    )


def thin_last_day(
    history: History, calendar: BusinessCalendar, day_counts: Mapping[date, int] | None = None
) -> tuple[date, int, float] | None:
    """(day, its orders and visits, a usual working day's) when the default as-of date (the
    last order) completes its month with under ``OPEN_SHARE`` of a usual working day's
    orders and visits; None otherwise.

    Usual: the median over the working days with any order or visit in the
    ``USUAL_DAY_LOOKBACK`` days before it. Counted on the raw rows, or on ``day_counts`` (the
    orders and visits per day) for a history from files or a database, which reaches here
    summed by month without its days: the same day whichever way the history came in. A
    summed history without them (None): not read.
    """
    day = history.last_date()
    if day is None or (history.facts is not None and day_counts is None):
        return None
    month = pd.Period(day, freq="M")
    if calendar.elapsed_fraction(month, day) < 1.0:
        return None  # the month is not complete anyway
    if calendar.elapsed_fraction(month, day - timedelta(days=1)) >= 1.0:
        return None  # complete without it (a Saturday order after the last working day)
    per_day = dict(day_counts) if day_counts is not None else _events_per_day(history)
    on_day = int(per_day.get(day, 0))
    working = calendar.working_days(day - timedelta(days=USUAL_DAY_LOOKBACK), day - timedelta(1))
    if not working:
        return None
    busy = [per_day[d] for d in working if per_day.get(d, 0) > 0]
    if not busy:
        return None
    usual = float(np.median(busy))
    return (day, on_day, usual) if on_day < OPEN_SHARE * usual else None


def _events_per_day(history: History) -> dict[date, int]:
    """The raw rows' orders and visits per day."""
    stamps = [
        pd.to_datetime(frame["date"].dropna()).to_numpy(dtype="datetime64[D]")
        for frame in (history.orders, history.visits)
        if len(frame)
    ]
    days = np.concatenate(stamps) if stamps else np.array([], dtype="datetime64[D]")
    seen, counts = np.unique(days, return_counts=True)
    return dict(zip(seen.tolist(), counts.tolist(), strict=True))


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
    """A row on the AsOf cell when a blank AsOf became a day worth saying: a warning when
    the last order's day was left out as nearly empty (``thin_last_day``); else an info row
    when it is the last order's day while visits run later (``History.default_as_of_note``;
    the Plan's as-of line says it too)."""
    if period.as_of is not None:
        return []
    row, col = cell_of.get("AsOf", (None, ""))
    where = f"{col} AsOf".strip()
    day = period.covered_as_of
    if period.thin_day is not None and day is not None:
        # A warning: the baseline and the landing stop a month earlier than the dates say.
        params: dict[str, object] = {
            "name": "AsOf",
            "last": period.thin_day.isoformat(),
            "events": period.thin_events,
            "usual": f"{period.usual_events:.0f}",
            "month": f"{period.thin_day.year:04d}-{period.thin_day.month:02d}",
            "as_of": day.isoformat(),
        }
        return [Check(SETTINGS.name, row, where, None, "as_of_thin_last_day", params, "warn")]
    note = history.default_as_of_note()
    if note is None or note[0] not in _DEFAULT_AS_OF_CHECKS:
        return []
    params = {**note[1], "name": "AsOf"}  # the setting's name, as on every Settings check
    return [Check(SETTINGS.name, row, where, None, note[0], params, "info")]


def customer_meetings_checks(history: History) -> list[Check]:
    """The Visits sheet's info line on its meeting rows at customers already held, read as
    visits (``with_customer_meetings``): how many, and how many meetings are left. A history
    from files or a database says it where it applies the rule in SQL (sources/assemble.py)."""
    if history.facts is not None or not len(history.visits):
        return []
    before = int((history.visits["kind"] == "meeting").sum())
    if not before:
        return []
    left = int((with_customer_meetings(history).visits["kind"] == "meeting").sum())
    check = customer_meetings_counted(VISITS.name, before - left, left)
    return [check] if check is not None else []


def visits_stopped_checks(history: History, as_of: date | None) -> list[Check]:
    """A warning naming the reps whose visits stop ``VISITS_STOPPED_WORKING_DAYS`` working
    days or more before the orders do (up to ``as_of``, default the default as-of date).

    Orders and visits often come from two systems and two exports; one a month behind reads
    as a month without visits (visit frequency the main gap on Review, accounts at risk). The
    whole history's stale check cannot see it: the orders run on. A rep counts when he still
    has orders in that last month and is not on leave that day (a leaver's and a rep on
    leave's visits stop for a reason). Visits of kind visit, as the engine reads them
    (core.meetings); a history from files gives them per day for the last year
    (``HistoryFacts.rep_days``), the raw rows all of them.
    """
    day = as_of or history.last_date()
    orders_end = history.orders_end()
    if day is None or orders_end is None:
        return []
    end = min(day, orders_end)
    month = pd.Period(end, freq="M")
    if history.facts is not None:
        days = history.facts.rep_days
        days = days[days["visits"] > 0]
        last_visit = pd.to_datetime(days["date"]).groupby(days["rep"].astype(str)).max()
        months = history.facts.rep_months
        sold = months[(months["month"] == month) & (months["orders"] > 0)]
        selling = set(sold["rep"].astype(str))
    else:
        visits = with_customer_meetings(history).visits
        # A visit after ``end`` too: not stopped.
        is_visit = (visits["kind"] == "visit").to_numpy(dtype=bool)
        last_visit = latest_by_text(visits["rep"], visits["date"], is_visit)
        if last_visit is None:  # reps not held as Arrow text: grouped by pandas
            # Only the two columns the rule reads are taken (the whole frame's Arrow columns
            # cost ~40 ms at 100,000 visits).
            seen = visits.loc[is_visit, ["date", "rep"]]
            last_visit = pd.to_datetime(seen["date"]).groupby(seen["rep"], observed=True).max()
            last_visit = last_visit.groupby(last_visit.index.astype(str)).max()
        orders = history.orders
        stamps = pd.to_datetime(orders["date"])
        in_month = (stamps >= month.start_time) & (stamps <= pd.Timestamp(end))
        sold = (in_month & (orders["amount"] > 0)).to_numpy(dtype=bool)
        # The distinct reps as a list (an Arrow column walked value by value: ~25 ms a
        # million lines).
        selling = set(orders["rep"][sold].astype(str).unique().tolist())
    holidays = frozenset(d.date() for d in history.holidays["date"].dropna())
    calendar = BusinessCalendar(holidays, weekdays=history.weekdays).with_leave(
        leave_spans(history.leave)
    )
    stopped: dict[str, list[str]] = {}
    for rep, last in sorted(last_visit.items()):
        last_day = pd.Timestamp(last).date()
        if rep not in selling or calendar.on_leave(rep, end) or last_day >= end:
            continue
        if calendar.count(last_day + timedelta(days=1), end) >= VISITS_STOPPED_WORKING_DAYS:
            stopped.setdefault(last_day.isoformat(), []).append(rep)
    if not stopped:
        return []
    # The largest group first: one export left behind stops most reps on one day.
    groups = sorted(stopped.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    return [
        Check(
            VISITS.name,
            None,
            "",
            None,
            "visits_stopped",
            {
                "count": sum(len(r) for r in stopped.values()),
                "last": groups[0][0],
                "orders_end": end.isoformat(),
                "reps": " / ".join(f"{d}: {', '.join(r)}" for d, r in groups),
            },
            "warn",
        )
    ]
