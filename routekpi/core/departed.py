"""A rep who left during the plan year takes his prospecting with him (trial 35 L6).

His book stays planned as it was (core.engine ``Result.departed``: his customers order on
and the colleagues who took them over serve them, so the team's revenue, orders and visits
keep their targets). His pipeline does not: the new accounts, meetings and appointment
calls are his own work (core.handover: his prospecting stays his), and nobody makes them
once he is gone. So from the first month after the one he left in, his month targets of
those counts are 0, his year target is the sum of the months he worked, and the team's
months and year (its reps' sum) lose the same numbers: the team is not asked for his 6 new
accounts and 30 meetings of October to June.

The month he left in keeps its target (he worked part of it; a month's count is not split
by days). A row the manager typed (``basis`` override) stands, and a team's typed row is
left as typed. Each row changed says so in ``basis`` (``DEPARTED_BASIS``); the Attainment
then counts what is due so far from the months, as for typed months (core.engine).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import numpy as np
import pandas as pd

from routekpi.core.calendar import fiscal_label, month_label
from routekpi.core.measure import TEAM
from routekpi.core.target_grid import target_grid

# The rows a departure changed (messages ``basis.departed``).
DEPARTED_BASIS = "departed"
# The counts that are the rep's own prospecting (the pipeline): they leave with him.
PIPELINE_COUNTS = ("new_accounts", "meetings", "appointment_attempts")
OVERRIDE = "override"


def without_departed_pipeline(
    targets: pd.DataFrame, departed: Mapping[str, date], plan_year: int
) -> pd.DataFrame:
    """``targets`` (the Targets table) with each departed rep's pipeline months after the
    month of his last day set to 0, and his year and the team's months and year lowered by
    the same (module doc); the same table when nothing changes."""
    if not departed or not len(targets):
        return targets
    out, at, target, basis, months, fy, _, _ = target_grid(targets, plan_year)
    changed: list[int] = []
    for who, last in departed.items():
        after = [m for m in months if m > month_label(pd.Period(last, freq="M"))]
        for key in PIPELINE_COUNTS:
            removed = 0.0
            for m in after:
                i = at.get((m, str(who), key))
                if i is None or basis[i] == OVERRIDE or not np.isfinite(target[i]):
                    continue
                changed.append(i)  # an empty month too: every month after his says why
                if target[i] == 0:
                    continue
                amount = float(target[i])
                target[i] = 0.0
                removed += amount
                team = at.get((m, TEAM, key))
                if team is not None and basis[team] != OVERRIDE and np.isfinite(target[team]):
                    target[team] -= amount
                    changed.append(team)
            if not removed:
                continue
            for r in (str(who), TEAM):
                y = at.get((fy, r, key))
                if y is not None and basis[y] != OVERRIDE and np.isfinite(target[y]):
                    target[y] -= removed
                    changed.append(y)
    if not changed:
        return targets
    days = out["working_days"].to_numpy(dtype=float)
    per_day = out["per_working_day"].to_numpy(dtype=float).copy()
    for i in set(changed):
        basis[i] = DEPARTED_BASIS
        per_day[i] = target[i] / days[i] if days[i] else np.nan
    out["target"] = target
    out["basis"] = basis
    out["per_working_day"] = per_day
    return out


def team_cuts(
    before: pd.DataFrame, after: pd.DataFrame, plan_year: int
) -> dict[str, tuple[float, float]]:
    """KPI → (the team's year target as planned, what the reps who left took off it): the
    pipeline counts ``without_departed_pipeline`` lowered (the Dashboard's reason)."""
    fy = fiscal_label(plan_year)

    def year(t: pd.DataFrame) -> dict[str, float]:
        rows = t[(t["rep"] == TEAM) & (t["period"] == fy) & t["kpi"].isin(PIPELINE_COUNTS)]
        return dict(zip(rows["kpi"].astype(str), rows["target"].astype(float), strict=True))

    planned, now = year(before), year(after)
    return {
        k: (v, v - now[k])
        for k, v in planned.items()
        if k in now and np.isfinite(v) and np.isfinite(now[k]) and v - now[k] > 0
    }
