"""A rep whose visits fell inside the baseline year: said on the Plan, not planned away.

The targets stand on the 12 baseline months. A rep whose visits per account fell sharply in
their last months (trial 32 L5: 山本's visits halved from July; his FY2027 visit-frequency
target 1.81 against about 2.3 before July) gets a target that quietly carries the drop: the
average of the months before and after it. Whether the drop will last is the manager's call,
not the history's, so the plan is not changed; one note per such rep says what the months
show and where to raise the target (the Overrides sheet).

The rule, in plain words: over the baseline's last ``RECENT_MONTHS`` months his visits per
account per working day are at most ``SLUMP_SHARE`` of the months before, after taking out
the team's own change over the same months (a season every rep shares, such as August, is
no slump). A rep with too few visits before to read it (``MIN_VISITS``), or with none in the
recent months (visit records that stopped: the Checks' ``visits_stopped`` says that), is
left out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from routekpi.core.baselines import Evidence, Note
from routekpi.core.measure import TEAM

RECENT_MONTHS = 4
# Recent ÷ earlier visits per account per working day, relative to the team's: at or below
# this, the note (the sample's reps move within ±8%; a halving reads 0.5).
SLUMP_SHARE = 0.75
MIN_VISITS = 100


def _counts(mine: pd.DataFrame, months: list[pd.Period], days: np.ndarray) -> tuple[float, ...]:
    """(visits, account-months, account-working-days) over ``months`` of one rep's (or the
    team's) monthly facts ``mine``; ``days``: the months' working days."""
    rows = mine.reindex(months)
    visits = rows["visits"].fillna(0.0).to_numpy(dtype=float)
    accounts = rows["active_accounts"].fillna(0.0).to_numpy(dtype=float)
    return float(visits.sum()), float(accounts.sum()), float((accounts * days).sum())


def visit_slump_notes(ev: Evidence, targets: pd.DataFrame) -> list[Note]:
    """One ``visit_slump`` note per rep whose visits per account fell in the baseline's last
    months (module doc); ``targets``: the Targets table (his year's visit-frequency target)."""
    months = list(ev.baseline_months)
    if not ev.has_visits or len(months) <= RECENT_MONTHS or TEAM not in ev.facts.index:
        return []
    earlier, recent = months[:-RECENT_MONTHS], months[-RECENT_MONTHS:]
    # The months' working days once; each rep's facts cut once (both spans read them).
    days = (ev.calendar.month_counts(earlier), ev.calendar.month_counts(recent))

    def spans(who: str) -> tuple[tuple[float, ...], tuple[float, ...]]:
        mine = ev.facts.xs(who, level="rep")
        return _counts(mine, earlier, days[0]), _counts(mine, recent, days[1])

    (team_then, _, team_then_days), (team_now, _, team_now_days) = spans(TEAM)
    if not (team_then > 0 and team_now > 0 and team_then_days > 0 and team_now_days > 0):
        return []
    team_change = (team_now / team_now_days) / (team_then / team_then_days)
    year = targets[
        (targets["kpi"] == "visits_per_account")
        & targets["period"].astype(str).str.startswith("FY")
    ]
    target_of = dict(zip(year["rep"].astype(str), year["target"].astype(float), strict=True))
    reps = set(ev.facts.index.get_level_values("rep"))
    out: list[Note] = []
    for rep in ev.reps:
        if rep not in reps:
            continue
        (then, then_months, then_days), (now, now_months, now_days) = spans(rep)
        if then < MIN_VISITS or now <= 0 or then_days <= 0 or now_days <= 0:
            continue
        change = (now / now_days) / (then / then_days) / team_change
        if not change <= SLUMP_SHARE:
            continue
        target = target_of.get(rep, np.nan)
        out.append(
            Note(
                "visit_slump",
                {
                    "rep": rep,
                    "months": RECENT_MONTHS,
                    "since": str(recent[0]),
                    "before": f"{then / then_months:.2f}",
                    "recent": f"{now / now_months:.2f}",
                    "drop": f"{change - 1:+.0%}",
                    "target": f"{target:.2f}" if np.isfinite(target) else "—",
                },
            )
        )
    return out
