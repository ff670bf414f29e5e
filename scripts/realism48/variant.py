"""realism48 experiments: run realism42's harness with the evidence changed before planning.

    R48=dilute R48_K=0.5 python scripts/realism48/variant.py OUT.pkl SET ... [--seeds ...]

R48=dilute: each rep's frequency lever (orders per account; with visits, visits per account)
gets −K × (his active-accounts heading − the team's) added to its trend — a book growing faster
than the team's orders less per account (K fixed here, to see whether the payoff exists).
R48=upshrink: each rep's unit-price level apart from the team's trusted by its noise (K of
the rest taken off his unit-price trend; R48_SHOW=1 prints τ, se, z).
R48=flat: the frequency levers (visits per account, orders per visit or per account) at no
trend for the team and every rep.
R48=spread: each rep's active-accounts heading apart from the team's × K.
R48_CRED=N: flows.CREDIBILITY_EVENTS set to N (a rep's own account rates trusted more or less).
"""

from __future__ import annotations

import importlib.util
import os
import sys
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
spec = importlib.util.spec_from_file_location(
    "r42_harness", HERE.parent / "realism42" / "harness.py"
)
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


def _spread_accounts(ev):  # type: ignore[no-untyped-def]
    """Each rep's active-accounts heading apart from the team's × K (share and levers alike)."""
    trend = ev.trend
    if not len(trend) or TEAM not in trend.index or "active_accounts" not in trend.columns:
        return ev
    trend = trend.copy()
    reps = [r for r in ev.reps if r in trend.index]
    team = float(trend.at[TEAM, "active_accounts"])
    trend.loc[reps, "active_accounts"] = team + K * (trend.loc[reps, "active_accounts"] - team)
    return replace(ev, trend=trend)


def _price_noise(history, ev):  # type: ignore[no-untyped-def]
    """Rep → (d, se²): his baseline unit price's log gap to the team's, and the square of its
    standard error had his orders' amounts been drawn at random (var ÷ (n · mean²))."""
    import numpy as np
    import pandas as pd

    o = history.orders
    months = pd.PeriodIndex(ev.baseline_months)
    at = o["date"].dt.to_period("M").isin(months) & (o["amount"] > 0)
    o = o[at]
    g = o.groupby(o["rep"].astype(str))["amount"]
    n, mean, var = g.size(), g.mean(), g.var(ddof=1)
    se2 = (var / (n * mean**2)).astype(float)
    team = float(ev.base.at[TEAM, "unit_price"])
    reps = [r for r in ev.reps if r in se2.index and np.isfinite(se2.get(r, np.nan))]
    d = np.log(ev.base.loc[reps, "unit_price"].astype(float) / team)
    return d, se2.reindex(reps)


def _shrink_price(history, ev):  # type: ignore[no-untyped-def]
    """Each rep's unit price level apart from the team's trusted τ² ÷ (τ² + se²) (Bühlmann:
    τ² the reps' spread beyond what chance gives): the rest × K off his unit-price trend."""
    import numpy as np

    if "unit_price" not in ev.trend.columns or TEAM not in ev.base.index:
        return ev
    d, se2 = _price_noise(history, ev)
    if len(d) < 3:
        return ev
    tau2 = max(float((d**2).mean() - se2.mean()), 0.0)
    z = tau2 / (tau2 + se2) if tau2 > 0 else se2 * 0.0
    trend = ev.trend.copy()
    shift = -K * (1 - z) * d
    trend.loc[list(d.index), "unit_price"] = trend.loc[list(d.index), "unit_price"] + shift
    if os.environ.get("R48_SHOW"):
        print(
            f"  tau {np.sqrt(tau2):.3f} se {np.sqrt(se2).round(3).tolist()}"
            f" z {np.round(z, 2).tolist()}",
            file=sys.stderr,
        )
    return replace(ev, trend=trend)


FREQUENCY = ("visits_per_account", "orders_per_visit", "orders_per_account")


def _flat_frequency(ev):  # type: ignore[no-untyped-def]
    """How often an account is visited or orders: no trend, the team's nor a rep's (the goal's
    push still spread over every lever)."""
    keys = [k for k in FREQUENCY if k in ev.trend.columns]
    if not keys:
        return ev
    trend = ev.trend.copy()
    trend.loc[:, keys] = 0.0
    return replace(ev, trend=trend)


def build(history, settings):  # type: ignore[no-untyped-def]
    ev = _build(history, settings)
    if RULE == "flat":
        return _flat_frequency(ev)
    if RULE == "upshrink":
        return _shrink_price(history, ev)
    if RULE == "dilute":
        ev = _dilute(ev)
    elif RULE == "spread":
        ev = _spread_accounts(ev)
    return ev


core_bt.build_evidence = build  # type: ignore[assignment]

if os.environ.get("R48_CRED"):
    # R48_CRED=N: a rep's own churn, acquisition, first-year-loss and return rates trusted
    # n ÷ (n + N) by their event count n (flows.CREDIBILITY_EVENTS, 10 in the engine).
    from routekpi.core import flows

    flows.CREDIBILITY_EVENTS = float(os.environ["R48_CRED"])

if __name__ == "__main__":
    harness.main()
