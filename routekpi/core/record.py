"""The team's revenue record as it is, also when the team shrank in every year it has.

The strong-year line (``Plan.record_kgi``, ``targets.team_record``) is the baseline grown at
the team's record year-on-year revenue change (core.levers ``team_high``: the 90th percentile
of its 12-month changes) over the plan's horizon. It was held at 0 ("never below last year's
revenue"): for a team that never grew, the line was the baseline, and every KGI at or below
the baseline read 「実現可能(社内実績の範囲内)」 — however far above the record it lay (trial 53
H3: a book distributor shrinking 4–7% a year, its record −3.4%, its best 12 months −2.6%,
the president's KGI −2.0% read "within the record").

The rule, in plain words: the record is the record. A team whose strong years still shrank
has a strong-year line below its baseline (the same percentile, the same horizon, a price
revision declared on Settings on top, never above every rep at his ceiling:
``targets.team_record``), and a KGI above that line is beyond the team's record, said so
with the best 12 months it has had (``best_change``). This module reads that record for the
words: the best 12 months, the horizon, the KGI's pace a year.
"""

from __future__ import annotations

import math

import numpy as np

from routekpi.core.baselines import Evidence
from routekpi.core.targets import Plan


def record_change(ev: Evidence) -> float:
    """The team's record year-on-year revenue change (log, the 90th percentile; NaN: none)."""
    lev = ev.lever_evidence
    return float(lev.team_high.get("revenue", np.nan)) if lev is not None else math.nan


def best_change(ev: Evidence) -> float:
    """The team's best 12-month revenue change on record, as a factor (0.974 = −2.6%; NaN:
    no record)."""
    lev = ev.lever_evidence
    best = lev.team_best if lev is not None else None
    if best is None or not np.isfinite(record_change(ev)):
        return math.nan
    return float(np.exp(float(best.get("revenue", np.nan))))


def horizon_years(ev: Evidence) -> float:
    """Years from the baseline's end to the plan year's end (1 when they follow each other)."""
    return (12 + ev.gap_months) / 12


def shrinking_record(plan: Plan) -> bool:
    """The team's record is a fall: its strong years shrank too (``plan.record_yearly`` < 1)."""
    return math.isfinite(plan.record_yearly) and plan.record_yearly < 1


def kgi_pace(ev: Evidence, plan: Plan) -> float:
    """The KGI's change on the baseline a year (a factor; over a longer horizon, per year)."""
    if not plan.baseline_revenue > 0 or not plan.kgi > 0:
        return math.nan
    return float((plan.kgi / plan.baseline_revenue) ** (1 / horizon_years(ev)))
