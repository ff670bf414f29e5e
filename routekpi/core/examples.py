"""Who can be named as an example (お手本) to a colleague: the Review's best performer and the
behind-pace flag's 「…さんにやり方を聞いてください」 use this one rule.

A rep on leave today cannot be asked, and a figure from a month or two at work is luck, not a
way of working (trial 42 M1: a rep on 育休 since November was every colleague's model for his
visit frequency of 1.73, measured on October alone; his cover's visits on his accounts are
counted as his, so his visit log did not show the leave).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from routekpi.core.baselines import Evidence

# A colleague is named as the example only after at least this many months at work in the
# year so far (a month counts when he was not on leave for most of its working days), or
# every month of it while the year is younger than that: one good month is not a practice.
MIN_MONTHS_AT_WORK = 3


def example_reps(ev: Evidence, reps: Iterable[str] | None = None) -> set[str]:
    """The reps (default ``ev.reps``) who can be named as an example: not on leave on the
    as-of day, and at work (``BusinessCalendar.present_months``) in at least
    ``MIN_MONTHS_AT_WORK`` of the plan year's months started by then (all of them when fewer
    have started)."""
    started = months_started(ev)
    need = min(MIN_MONTHS_AT_WORK, len(started))
    out: set[str] = set()
    for rep in ev.reps if reps is None else reps:
        if ev.calendar.on_leave(rep, ev.as_of):
            continue
        if len(ev.calendar.present_months(rep, started)) < need:
            continue
        out.add(str(rep))
    return out


def months_started(ev: Evidence) -> list[pd.Period]:
    """The plan year's months begun by the as-of date."""
    return [m for m in ev.plan_months if m.start_time.date() <= ev.as_of]
