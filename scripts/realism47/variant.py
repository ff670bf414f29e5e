"""capture.py with each rep's own account heading trusted by a rule (a variant, never merged).

    R47=buhl|soft|hard|carry R47_LEVERS=1|0 [R47_K=1.0] \\
        python scripts/realism47/variant.py OUT.pkl SET ... [--seeds]

The rep's own difference from the team's active-accounts heading, d = H_rep − H_team, is what
moves his share (``targets.SPLIT_CARRY`` of it) and his active accounts. Its chance part: se =
√(K × (his year's wins + losses)) ÷ his accounts ÷ 2 (a year's wins and losses drawn by chance,
the year's average moving half of it). Rules (the carry of d, replacing SPLIT_CARRY):
- ``buhl``: τ² ÷ (τ² + se²), τ² = the reps' variance of d less their mean se² (≥ 0);
- ``soft``: SPLIT_CARRY of d shrunk toward 0 by se (sign(d) × max(|d| − se, 0));
- ``hard``: SPLIT_CARRY of d where |d| > se, else 0;
- ``carry``: R47_K as the carry (SPLIT_CARRY's value).
R47_LEVERS=1: the share and the active-accounts lever alike (ev.trend changed); 0: the share only.
"""

from __future__ import annotations

import math
import os
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import capture

from routekpi.core import backtest as core_bt
from routekpi.core import targets
from routekpi.core.measure import TEAM

RULE = os.environ.get("R47", "buhl")
LEVERS = os.environ.get("R47_LEVERS", "1") == "1"
K = float(os.environ.get("R47_K", "1.0"))


def trusted(ev) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Rep → the replacement own heading H' with team + SPLIT_CARRY × (H' − team) = the rule's."""
    if ev.flows is None or TEAM not in ev.trend.index or "active_accounts" not in ev.trend:
        return {}
    reps = [r for r in ev.reps if r in ev.trend.index]
    team = float(ev.trend.at[TEAM, "active_accounts"])
    d = np.array([float(ev.trend.at[r, "active_accounts"]) - team for r in reps])
    n = np.array(
        [
            float(ev.flows.new_per_year.get(r, 0.0))
            + float(ev.flows.start.get(r, 0.0)) * float(ev.flows.churn.get(r, 0.0))
            for r in reps
        ]
    )
    acc = np.array([float(ev.base.at[r, "active_accounts"]) for r in reps])
    kk = K if RULE != "carry" else 1.0
    se = np.sqrt(kk * np.maximum(n, 1.0)) / np.maximum(acc, 1.0) / 2
    c = targets.SPLIT_CARRY
    if RULE == "buhl":
        tau2 = max(float(np.var(d)) - float(np.mean(se**2)), 0.0)
        carry = tau2 / (tau2 + se**2) * d
    elif RULE == "soft":
        carry = c * np.sign(d) * np.maximum(np.abs(d) - se, 0.0)
    elif RULE == "hard":
        carry = np.where(np.abs(d) > se, c * d, 0.0)
    else:
        carry = K * d
    return {r: team + float(x) / c for r, x in zip(reps, carry, strict=True) if math.isfinite(x)}


real_build = core_bt.build_evidence
real_headings = targets._headings


def build(history, settings):  # type: ignore[no-untyped-def]
    ev = real_build(history, settings)
    if LEVERS:
        for rep, h in trusted(ev).items():
            ev.trend.at[rep, "active_accounts"] = h
    return ev


def headings(ev):  # type: ignore[no-untyped-def]
    out = real_headings(ev).copy()
    for rep, h in trusted(ev).items():
        if rep in out.index:
            out.at[rep, "active_accounts"] = h
    return out


core_bt.build_evidence = build
if not LEVERS:
    targets._headings = headings

if __name__ == "__main__":
    capture.main()
