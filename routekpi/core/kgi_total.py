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
