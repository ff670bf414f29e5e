"""Which plan year a run chose, in words, and a hint when it is mostly over.

A new book leaves ``PlanYear`` blank (``routekpi new``), so the plan year is the fiscal year of
the as-of date (``validation.period``): a book made in 2027 does not plan 2026. Said on Checks,
since nobody sees a blank cell decide anything. A plan is normally made before its year starts;
a blank plan year more than half over at the as-of date (a December run with an April year) is
most likely the year before the one meant: the row names the next. A typed year is the user's
choice (an in-year tracking book is more than half over from month 7 on): no row for it,
unless it starts more than ``FAR_AHEAD_MONTHS`` after the as-of date: a warning naming the
year before (trial 19: a company that names its years by the END year typed 2027 for its
Oct 2026 – Sep 2027 "FY2027" and got a plan for Oct 2027 – Sep 2028 with only an info row).
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from routekpi.contract import Check
from routekpi.core.calendar import fiscal_months, fiscal_name, month_label
from routekpi.schema import SETTINGS
from routekpi.validation.period import PlanPeriod

MONTHS = 12
# More than this many complete months of the plan year before the as-of date: "mostly over".
HALF_YEAR = MONTHS // 2
# A typed plan year whose first month is more than this many months after the as-of month is
# most likely named by its end year, one too high. Plans are made in the months before their
# year starts (budget season) or during it; the end-year slip puts the start 12 months later
# than meant, so 7+ months ahead is either the slip (made in the meant year's second half) or
# a plan made unusually early: worth a warning, not a refusal.
FAR_AHEAD_MONTHS = HALF_YEAR
# A history ending this many months or more before the run's day is stale: a plan year far
# ahead of it is then more likely missing history (a source's later tabs, an unpasted year)
# than a wrong PlanYear, and the warning says so first (trial 21: a ledger's 2024 tab alone
# was read, and the advice to type 2026 would have planned the wrong year).
STALE_MONTHS = HALF_YEAR
# Fewer months than this left of a blank plan year at the as-of date: "nearly over", a
# warning on Checks and a line on the Plan (trial 26: planned in February, the blank year
# was FY2026 with 1.5 months left and read 実現可能 without a word of it).
NEARLY_OVER_MONTHS = 3


def complete_months(plan_year: int, start_month: int, day: date) -> int:
    """Months of the plan year that ended on or before ``day`` (0 … 12)."""
    return sum(m.end_time.date() <= day for m in fiscal_months(plan_year, start_month))


def months_left(plan_year: int, start_month: int, day: date) -> float:
    """Months of the plan year after ``day``: the rest of ``day``'s month as its share of
    the month's days, and every later month (12 before the year starts, 0 after it ends)."""
    months = fiscal_months(plan_year, start_month)
    now = pd.Period(day, freq="M")
    if now < months[0]:
        return float(MONTHS)
    later = sum(m > now for m in months)
    rest = (now.days_in_month - day.day) / now.days_in_month if now in months else 0.0
    return later + rest


def plan_year_checks(
    period: PlanPeriod,
    typed: bool,
    cell_of: dict[str, tuple[int, str]],
    label: str = "start",
    today: date | None = None,
) -> list[Check]:
    """An info row on a blank PlanYear cell: the year it chose and from which day, and a
    suggestion of the next year when more than half of it is over (none for a typed year).
    ``label``: Settings FiscalYearLabel, how the rows name the years; ``today``: the run's
    day (a history far behind it is named before the plan year: ``far_ahead_checks``)."""
    day = period.covered_as_of or period.history_end
    if period.plan_year is None or day is None:
        return []
    year, start = period.plan_year, period.fiscal_start_month
    months = fiscal_months(year, start)
    if typed:
        return far_ahead_checks(year, start, day, cell_of, label, today)
    over = complete_months(year, start, day)
    params: dict[str, object] = {
        "plan": fiscal_name(year, start, label),
        "first": month_label(months[0]),
        "last": month_label(months[-1]),
        "as_of": day.isoformat(),
        "over": over,
        "next": fiscal_name(year + 1, start, label),
        "next_year": year + 1,
    }
    key = "plan_year_default_mostly_over" if over > HALF_YEAR else "plan_year_default"
    severity = "info"
    left = months_left(year, start, day)
    if left < NEARLY_OVER_MONTHS:  # the targets are for the weeks left, not a year
        key, severity = "plan_year_default_nearly_over", "warn"
        params["left"] = f"{left:.1f}".removesuffix(".0")  # 約1.5か月, 約1か月
    row, col = cell_of.get("PlanYear", (None, ""))
    return [Check(SETTINGS.name, row, f"{col} PlanYear".strip(), None, key, params, severity)]


def months_ahead(plan_year: int, start_month: int, day: date) -> int:
    """Calendar months from ``day``'s month to the plan year's first month (negative: begun)."""
    return (plan_year * MONTHS + start_month) - (day.year * MONTHS + day.month)


def far_ahead_checks(
    plan_year: int,
    start_month: int,
    day: date,
    cell_of: dict[str, tuple[int, str]],
    label: str = "start",
    today: date | None = None,
) -> list[Check]:
    """A warning when a typed plan year starts more than ``FAR_AHEAD_MONTHS`` after ``day``:
    the year that starts a year earlier is most likely the one meant (none otherwise) —
    unless ``day`` is ``STALE_MONTHS`` or more before ``today``: then the history looks
    incomplete, and that is said first, the other year only as the alternative.

    With ``label`` "end" the company's name of a year is one above the number PlanYear takes
    (FY2027 = 2026-10 … 2027-09 is typed 2026): the row names both years as the company does
    and says which number to type for the one meant."""
    ahead = months_ahead(plan_year, start_month, day)
    if ahead <= FAR_AHEAD_MONTHS:
        return []
    first = fiscal_months(plan_year, start_month)[0]
    meant = fiscal_months(plan_year - 1, start_month)[0]
    params: dict[str, object] = {
        "plan": fiscal_name(plan_year, start_month, label),
        "first": month_label(first),
        "as_of": day.isoformat(),
        "ahead": ahead,
        "meant_first": month_label(meant),
        "meant_year": plan_year - 1,
    }
    key = "plan_year_far_ahead"
    behind = months_ahead(today.year, today.month, day) if today is not None else 0
    if today is not None and behind >= STALE_MONTHS:
        params |= {"today": today.isoformat(), "behind": behind}
        key = "plan_year_far_ahead_stale"
    elif fiscal_name(plan_year, start_month, label) != fiscal_name(plan_year, start_month):
        key = "plan_year_far_ahead_end"
        params |= {
            "typed": plan_year,
            "meant": fiscal_name(plan_year - 1, start_month, label),
            "meant_last": month_label(fiscal_months(plan_year - 1, start_month)[-1]),
        }
    row, col = cell_of.get("PlanYear", (None, ""))
    where = f"{col} PlanYear".strip()
    return [Check(SETTINGS.name, row, where, plan_year, key, params, "warn")]
