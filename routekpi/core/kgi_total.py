"""The reps' revenue targets add up to the KGI, or the plan says why not (trial 51 H1).

The KGI is split over the reps (core.targets ``split_reps``: the shares sum to it, or to every
rep's ceiling when it is out of reach), and each rep's revenue target is his levers' product.
A rep with revenue last year but no open account on the Accounts sheet has no levers to carry
a share (0 accounts × … is no revenue): his target is blank and the team's, the reps' sum, is
short of the KGI by his share. Trial 51: the sales lines' rep codes 001 … 009 read as nine
reps beside the same people by name; the KGI ¥1,060M became a team target of ¥139M under a
green 「実現可能」. Whatever the cause, a plan whose targets do not add up to what it was
asked (the KGI, or the largest reachable when it is out of reach) is said as critical, with
the reps whose revenue went to no one.
"""

from __future__ import annotations

import math

import numpy as np

from routekpi.core.baselines import Evidence, Note
from routekpi.core.measure import TEAM
from routekpi.core.targets import Plan

# The team's revenue target may fall short of the KGI by rounding only.
SHORT_TOLERANCE = 0.005
LISTED_REPS = 8  # reps named in the note; more end with "…"
# The note's codes: a plan carrying one is not judged feasible (validation.settings
# .shown_feasibility) and the Dashboard's banner says it (render_dashboard.BANNER_CHECKS).
KGI_SHORT_NOTES = ("kgi_targets_short", "kgi_targets_short_plain")
# A KGI this far from last year's revenue is almost always a unit slip (千円 or 百万円 typed
# into a yen cell), not a plan: it gets a critical Check, not an info flag.
KGI_SCALE_LIMIT = 10.0


def kgi_unit_slip(kgi: float, baseline: float) -> bool:
    """The KGI is below 1/10 or above 10× the baseline revenue: likely typed in another unit."""
    if not (baseline > 0 and kgi > 0):
        return False
    return not 1 / KGI_SCALE_LIMIT <= kgi / baseline <= KGI_SCALE_LIMIT


def unjudged(plan: Plan) -> str | None:
    """Why the outputs give this plan no verdict, or None: ``short`` when the reps' revenue
    targets do not add up to the KGI (``kgi_short_note``, trial 51 H1), ``unit`` when a
    reachable KGI is likely typed in another unit (a plan for ¥1,170 is "feasible", but not
    the plan anyone meant). The one rule behind 「判定なし」: validation.settings
    .shown_feasibility states it, and core.stretch's landing gates put no landing over it
    (the Checks' problem comes first; b6275d65 had the landing part twice)."""
    if any(n.code in KGI_SHORT_NOTES for n in plan.notes):
        return "short"
    if plan.feasible and kgi_unit_slip(plan.kgi, plan.baseline_revenue):
        return "unit"
    return None


def kgi_short_note(ev: Evidence, plan: Plan) -> Note | None:
    """The critical note of a team revenue target short of the KGI (module doc), None when
    the reps' targets add up to it (or to the largest reachable KGI when that is lower)."""
    asked = min(float(plan.kgi), float(plan.max_reachable_kgi))
    if not asked > 0 or "revenue" not in plan.fy.columns or TEAM not in plan.fy.index:
        return None
    team = float(plan.fy.at[TEAM, "revenue"])
    if math.isfinite(team) and team >= asked * (1 - SHORT_TOLERANCE):
        return None
    reps = [r for r in ev.reps if r in plan.fy.index and r in ev.base.index]
    target = plan.fy.loc[reps, "revenue"].to_numpy(dtype=float)
    base = ev.base.loc[reps, "revenue"].to_numpy(dtype=float)
    none = (~np.isfinite(target) | (target <= 0)) & np.isfinite(base) & (base > 0)
    left = [(reps[i], float(base[i])) for i in np.flatnonzero(none)]
    listed = ", ".join(f"{r} (¥{b:,.0f})" for r, b in left[:LISTED_REPS])
    team_sum = team if math.isfinite(team) else 0.0
    params: dict[str, object] = {
        "team": f"¥{team_sum:,.0f}",
        "kgi": f"¥{asked:,.0f}",
        "gap": f"¥{asked - team_sum:,.0f}",
        "count": len(left),
        "reps": listed + (" …" if len(left) > LISTED_REPS else ""),
        "base": f"¥{sum(b for _, b in left):,.0f}",
    }
    return Note("kgi_targets_short" if left else "kgi_targets_short_plain", params)
