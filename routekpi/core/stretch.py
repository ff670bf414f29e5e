"""How far a KGI beyond the team's record goes past it (the words on the Dashboard banner,
the Plan's feasibility line and the recalc summary).

A KGI beyond the team's record (``Plan.beyond_record``) is reachable only with every rep at
his best year at once — which a team never has — so "reachable up to ¥21B" is no headroom. What a
manager needs is the degree: a KGI asking +6.6% where a strong year gives +5.1% is another thing
than one asking +15.7%. The rule, in plain words:

- **The strong-year line** is ``Plan.record_kgi``: the baseline grown at the team's own
  strong-year revenue growth (core.levers, its 90th-percentile year-on-year change).
- **Past it**: the KGI minus that line, in yen; and the KGI's growth on the baseline as a
  multiple of the strong year's (``times``: 1.3 = the KGI asks 1.3 strong years of growth).
- **Slightly beyond** while the KGI is past the line by at most ``SLIGHTLY_BEYOND`` (half)
  of the strong year's growth, i.e. asks at most 1.5 strong years of growth; **far beyond**
  past that. A team whose revenue never grew (the line is the baseline) has no strong-year
  growth to measure by: any growth is far beyond its record. Nor has a team whose strong
  year is pulled to or below the baseline by a price cut declared on Settings (the line
  carries it: ``targets.team_record``); the words then say that even a strong year's growth
  does not lift revenue above the baseline, price revision included — not that revenue never
  rose (trial 40 H2: 「売上が前年を上回った年がなく」 beside the team's own +1.5% a year).

**The ceiling's rule** (``ceiling_rule``): the largest reachable KGI is every rep at his
revenue ceiling at once, and no rep's revenue ceiling is above the team's best revenue growth
plus a margin (core.levers.revenue_cap). Where that cap is what holds the reps (below their
own best revenue change, or no year-on-year change at all), the Plan's line says the rule with
its figures, and the Dashboard's ceiling row is labelled by it.

**No record at all** (``unrecorded``): a history too short for a year-on-year change (an
ERP replaced 15 months ago, trial 24) has no strong-year line. A KGI above the baseline that
every rep's ceiling can carry is then reachable on the ceilings alone — rep-month levels, not
a year the team has had — and is not "feasible within the company's record": the outputs say
the judgement has no year-on-year evidence behind it (``plan.feasible_unrecorded``).

**The running year's landing** (``landing_clears``; trial 41 M2): the record is a judgement
made before the year, on history. Once the plan year has begun and the team's revenue has a
forecast landing (the Attainment's fiscal-year forecast, the Dashboard's 着地見込み), the
landing is the better evidence. The rule, in plain words: while the plan year is running,
a KGI the landing reaches — or misses by no more than the pace warning (Settings PaceWarn,
landing ≥ PaceWarn × KGI) — is not called "beyond the team's record": no kgi_beyond_record
flag, and the status says the year is landing at X% of the KGI. Before the year starts (a
plan for next year) nothing changes: the record is all there is to judge by. The same holds
for a KGI past every ceiling (``Plan.feasible`` false): a running year landing on it is not
called infeasible — no kgi_infeasible flag, no 「実現不可能」 on the Plan, the status or the
recalc summary — and the Dashboard's row that compared the KGI with the strong-year line (or
the ceiling) says what is left to sell instead (render_dashboard ``landing_row``). A reachable
KGI's running year that lands short of it is no longer "feasible" in the status either: the
status and the Plan's feasibility row say where the year lands, as the banner does, and keep
the verdict before the year beside it (``status_landing``; trial 53 M3).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from routekpi.core.baselines import Evidence
from routekpi.core.calendar import fiscal_label
from routekpi.core.kgi_total import unjudged
from routekpi.core.levers import LeverEvidence
from routekpi.core.measure import TEAM
from routekpi.core.targets import FEASIBILITY_TOL, Plan

if TYPE_CHECKING:
    from routekpi.core.engine import Result

# Slightly beyond: past the strong-year line by at most this share of the strong year's
# growth. A judgment, not a measurement: the line is the team's 90th-percentile year, not its
# best, and its best years commonly lie a fraction of a strong year's growth above it; half a
# strong year's growth again is still a year the team can picture ("a strong year and a half"),
# twice a strong year's growth is not (trial 23: +6.6% asked where a strong year gives +5.1%,
# 1.3 strong years, vs +15.7%, 3.1 strong years, read the same).
SLIGHTLY_BEYOND = 0.5
# A strong year's growth under this share of the baseline prints as +0.0% and is no growth to
# count multiples of: such a team is read as one that never grew (a test book's ¥21.0M line on
# a ¥21.0M baseline read 「好調な年の伸びの 1718.2 倍」 beside 「年 +0.0%」).
FLAT_GROWTH = 0.0005


@dataclass(frozen=True)
class Stretch:
    """A KGI beyond the team's record: how far past the strong-year line it goes."""

    kgi: float
    baseline: float
    record: float  # the strong-year line (Plan.record_kgi)

    @property
    def past(self) -> float:
        """KGI minus the strong-year line, in yen."""
        return self.kgi - self.record

    @property
    def strong_growth(self) -> float:
        """A strong year's growth on the baseline, in yen (0 for a team that never grew, or
        grew less than ``FLAT_GROWTH`` of its baseline)."""
        growth = self.record - self.baseline
        return growth if growth > FLAT_GROWTH * max(self.baseline, 0.0) else 0.0

    @property
    def times(self) -> float:
        """The KGI's growth on the baseline as a multiple of a strong year's (inf: none)."""
        growth = self.strong_growth
        return (self.kgi - self.baseline) / growth if growth > 0 else math.inf

    @property
    def far(self) -> bool:
        """Past the line by more than ``SLIGHTLY_BEYOND`` of a strong year's growth."""
        return not self.past <= SLIGHTLY_BEYOND * self.strong_growth or self.strong_growth <= 0


def stretch_of(plan: Plan) -> Stretch | None:
    """The KGI's stretch past the strong-year line; None unless it is beyond the record."""
    if not plan.beyond_record:
        return None
    return Stretch(plan.kgi, plan.baseline_revenue, plan.record_kgi)


def unrecorded(plan: Plan) -> bool:
    """A reachable KGI above the baseline with no year-on-year record to judge it by (module
    doc): the ceilings carry it, the team's own growth cannot be measured."""
    return (
        plan.feasible
        and not math.isfinite(plan.record_kgi)
        and plan.kgi > plan.baseline_revenue * (1 + FEASIBILITY_TOL)
    )


def ceiling_rule(lev: LeverEvidence | None) -> tuple[str, dict[str, object]] | None:
    """The message key and parameters of the revenue ceiling's rule on the Plan (module
    doc): ``plan.max_note_cap_<basis>``; None when no cap holds the reps (none measured, or
    the reps' own revenue ceiling is already lower)."""
    cap = lev.revenue_cap if lev is not None else None
    if cap is None or not cap.binds:
        return None
    return f"plan.max_note_cap_{cap.basis}", cap.params()


def landing_ratio(ev: Evidence, plan: Plan, attainment: pd.DataFrame) -> float | None:
    """The running plan year's forecast landing ÷ the KGI (the team's revenue forecast on
    the Attainment's fiscal-year row, the Dashboard's 着地見込み); None before the plan year
    begins, without a KGI or without a finite forecast."""
    months = ev.plan_months
    if not months or months[0].start_time.date() > ev.as_of or not plan.kgi > 0:
        return None
    if attainment.empty or "forecast" not in attainment.columns:
        return None
    row = attainment[
        (attainment["period"] == fiscal_label(ev.settings.plan_year))
        & (attainment["rep"] == TEAM)
        & (attainment["kpi"] == "revenue")
    ]
    if not len(row):
        return None
    forecast = float(row["forecast"].iloc[0])
    return forecast / plan.kgi if math.isfinite(forecast) else None


def landing_clears(ev: Evidence, plan: Plan, attainment: pd.DataFrame) -> float | None:
    """The landing ÷ KGI when the running year's landing answers the "beyond the record"
    question (module doc: it reaches the KGI, or falls short by no more than the pace
    warning); None otherwise, and always before the plan year begins."""
    ratio = landing_ratio(ev, plan, attainment)
    return ratio if ratio is not None and ratio >= ev.settings.pace_warn else None


def judged_by_record(plan: Plan) -> bool:
    """A KGI the record says no to: beyond the team's record, or past every ceiling (not
    feasible). Only such a judgement is the one a running year's landing answers."""
    return plan.beyond_record or not plan.feasible


def running_landing(result: Result) -> float | None:
    """``landing_clears`` for a computed result whose KGI the record says no to
    (``judged_by_record``): the landing ÷ KGI the outputs state instead of "beyond the team's
    record" or "infeasible" (module doc), or None. The one gate: the Plan sheet, the status
    line, the console, the Dashboard and the share copies' cover ask it alone (review 42: a
    cover that checked "stretch" itself said 「実現不可能」 beside a master landing at 87.4%).
    None for a plan the outputs do not judge (``kgi_total.unjudged``: targets short of the
    KGI, a KGI in another unit): 「判定なし」 stays, the Checks' problem first."""
    if unjudged(result.plan) is not None:
        return None
    return landing_answers(result.evidence, result.plan, result.attainment)


def status_landing(result: Result) -> float | None:
    """The landing ÷ KGI the status line and the Plan's feasibility row state instead of the
    verdict before the year (module doc): ``running_landing``, and also a reachable KGI's
    running year landing short of it — 「実現可能」 beside a banner saying the year lands at
    95.0% of the KGI read as two answers (trial 53 M3). None otherwise, and for a plan the
    outputs do not judge (``running_landing``: 「判定なし」 stays)."""
    landed = running_landing(result)
    if landed is not None or judged_by_record(result.plan) or unjudged(result.plan):
        return landed
    ratio = landing_ratio(result.evidence, result.plan, result.attainment)
    return ratio if ratio is not None and ratio < 1 else None


def landing_answers(ev: Evidence, plan: Plan, attainment: pd.DataFrame) -> float | None:
    """``running_landing`` from its parts (the flags have no Result yet): the landing ÷ KGI
    when the record says no and the running year's landing answers it, else None."""
    return landing_clears(ev, plan, attainment) if judged_by_record(plan) else None
