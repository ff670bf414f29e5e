"""realism48 experiments: run realism42's harness with the evidence changed before planning.

    R48=dilute R48_K=0.5 python scripts/realism48/variant.py OUT.pkl SET ... [--seeds ...]

R48=dilute: each rep's frequency lever (orders per account; with visits, visits per account)
gets −K × (his active-accounts heading − the team's) added to its trend — a book growing faster
than the team's orders less per account (K fixed here, to see whether the payoff exists).
R48_CRED=N: flows.CREDIBILITY_EVENTS set to N (a rep's own account rates trusted more or less).
"""

from __future__ import annotations

import importlib.util
import os
import sys
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
spec = importlib.util.spec_from_file_location("r42_harness", HERE.parent / "realism42" / "harness.py")
assert spec is not None and spec.loader is not None
harness = importlib.util.module_from_spec(spec)
sys.modules["r42_harness"] = harness
spec.loader.exec_module(harness)

from routekpi.core import backtest as core_bt  # noqa: E402
from routekpi.core.measure import TEAM  # noqa: E402

RULE = os.environ.get("R48", "")
K = float(os.environ.get("R48_K", "0.5"))
_build = core_bt.build_evidence


def _dilute(ev):  # type: ignore[no-untyped-def]
    trend = ev.trend
    if not len(trend) or TEAM not in trend.index or "active_accounts" not in trend.columns:
        return ev
    lever = "orders_per_account" if "orders_per_account" in ev.levers else "visits_per_account"
    if os.environ.get("R48_LEVER"):
        lever = os.environ["R48_LEVER"]
    if lever not in trend.columns:
        return ev
    trend = trend.copy()
    reps = [r for r in ev.reps if r in trend.index]
    rel = trend.loc[reps, "active_accounts"] - float(trend.at[TEAM, "active_accounts"])
    trend.loc[reps, lever] = trend.loc[reps, lever] - K * rel.fillna(0.0)
    return replace(ev, trend=trend)


def build(history, settings):  # type: ignore[no-untyped-def]
    ev = _build(history, settings)
    if RULE == "dilute":
        ev = _dilute(ev)
    return ev


core_bt.build_evidence = build  # type: ignore[assignment]

if os.environ.get("R48_CRED"):
    # R48_CRED=N: a rep's own churn, acquisition, first-year-loss and return rates trusted
    # n ÷ (n + N) by their event count n (flows.CREDIBILITY_EVENTS, 10 in the engine).
    from routekpi.core import flows

    flows.CREDIBILITY_EVENTS = float(os.environ["R48_CRED"])

if __name__ == "__main__":
    harness.main()
