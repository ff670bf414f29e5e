"""Who can be named as an example (お手本) to a colleague: the Review's best performer and the
behind-pace flag's 「…さんにやり方を聞いてください」 use this one rule.

A rep on leave today cannot be asked, and a figure from a month or two at work is luck, not a
way of working (trial 42 M1: a rep on 育休 since November was every colleague's model for his
visit frequency of 1.73, measured on October alone; his cover's visits on his accounts are
counted as his, so his visit log did not show the leave). Nor is a rep who began work less
than ``MIN_MODEL_MONTHS`` before the plan year (trial 54 L3: a two-month hire was every
veteran's model on the Review, and the Flags asked the same of him).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from routekpi.core.baselines import Evidence

# A colleague is named as the example only after at least this many months at work in the
# year so far (a month counts when he was not on leave for most of its working days), or
# every month of it while the year is younger than that: one good month is not a practice.
MIN_MONTHS_AT_WORK = 3
# A colleague is named as the model only when he began work at least this many months before
# the plan year's first month (a whole baseline year of his own): trial 54 L3 named a hire of
# two months, 103% of a target on a carved-out book plus three new clinics, the model for
# every veteran's revenue and active accounts.
MIN_MODEL_MONTHS = 12


def example_reps(ev: Evidence, reps: Iterable[str] | None = None) -> set[str]:
    """The reps (default ``ev.reps``) who can be named as an example: not on leave on the
    as-of day, and at work (``BusinessCalendar.present_months``) in at least
    ``MIN_MONTHS_AT_WORK`` of the plan year's months started by then (all of them when fewer
    have started), who began work a whole year before the plan year (``has_year``)."""
    started = months_started(ev)
    need = min(MIN_MONTHS_AT_WORK, len(started))
    out: set[str] = set()
    for rep in ev.reps if reps is None else reps:
        if ev.calendar.on_leave(rep, ev.as_of):
            continue
        if len(ev.calendar.present_months(rep, started)) < need:
            continue
        if not has_year(ev, str(rep)):
            continue
        out.add(str(rep))
    return out


def months_started(ev: Evidence) -> list[pd.Period]:
    """The plan year's months begun by the as-of date."""
    return [m for m in ev.plan_months if m.start_time.date() <= ev.as_of]


def has_year(ev: Evidence, rep: str) -> bool:
    """Whether ``rep`` began work at least ``MIN_MODEL_MONTHS`` before the plan year's first
    month (``Evidence.starts``: a rep not in it began with the history)."""
    start = ev.starts.get(rep)
    return start is None or start <= ev.plan_months[0] - MIN_MODEL_MONTHS
