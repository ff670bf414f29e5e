"""realism49 experiments: realism42's harness with each rep's unit-price target changed.

    R49=turnover python scripts/realism49/variant.py OUT.pkl SET ... [--seeds ...]

R49=turnover: a rep's unit price is the mix of his customers. Next year part of his
customer-months will be customers he does not hold yet (``new_share``: the engine's own flows,
half a year for each new account the pace expects, against his starting book less half its
churn). Whether new customers come in at their rep's price or at the team's is read from the
book (``newcomer_slope``: across reps, the slope of the log gap of the customers first seen
after the history's first ``BLIND`` months to the team's unit price on the log gap of the
rep's other customers; 1 = at their rep's, 0 = at the team's, clipped to [0, 1]). His unit-
price trend then takes −ν·(1 − β)·d off, d his baseline unit price's log gap to the team's.
R49_BETA=x: β fixed at x (to see the rule without the book's reading). R49_K=k: the shift × k.
R49_TRUST=1: 1 − β trusted (1 − β)² ÷ ((1 − β)² + se²), se its regression's standard error.
R49_NEWIN=1: newcomers are customers first seen inside the baseline year (and after BLIND).
R49_WHOLE=1: the shift carried whole in his share and unit price (as ``targets.at_end``), not
in his trend (a trend's own part is carried half-way in the share, whole in the lever: the
other half lands on his other levers). R49_ROOM=1: his unit-price ceiling (floor) raised
(lowered) by the shift too.
R49_LINEAR=1: the shift log(1 − ν + ν·exp(−(1 − β)·d)) (orders mixed at their prices) instead.
R49_MIX=1: the shift × how far a rep's monthly unit price follows his accounts' mix
(``mix_follow``). R49_SHOW=1: print ν, β and d per plan to stderr.
R49_BLIND, R49_MIN_NEW: the constants (sensitivity runs only).

The rule measured as "H" (docs/backtest.md, session 43): R49=turnover R49_MIX=1 R49_TRUST=1
R49_LINEAR=1 R49_NEWIN=1 R49_WHOLE=1.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

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

RULE = os.environ.get("R49", "")
K = float(os.environ.get("R49_K", "1"))
BETA = os.environ.get("R49_BETA")
SHOW = bool(os.environ.get("R49_SHOW"))
TRUST = bool(os.environ.get("R49_TRUST"))
MIX = bool(os.environ.get("R49_MIX"))
LINEAR = bool(os.environ.get("R49_LINEAR"))
NEWIN = bool(os.environ.get("R49_NEWIN"))
ROOM = bool(os.environ.get("R49_ROOM"))
WHOLE = bool(os.environ.get("R49_WHOLE"))
BLIND = int(os.environ.get("R49_BLIND", "6"))  # months: a customer first seen in them may be old
MIN_NEW_ORDERS = int(os.environ.get("R49_MIN_NEW", "10"))  # a rep's newcomers read on this many
MIN_REPS = 3
_build = core_bt.build_evidence


def new_share(ev) -> pd.Series:  # type: ignore[no-untyped-def]
    """Rep → the share of next year's customer-months expected from customers not yet held."""
    fl = ev.flows
    if fl is None:
        return pd.Series(dtype=float)
    start = fl.start.astype(float)
    churn = fl.churn.reindex(start.index).astype(float).fillna(0.0).clip(0, 1)
    new = fl.new_per_year.reindex(start.index).astype(float).fillna(0.0).clip(lower=0)
    held = start * (1 - churn / 2)
    share = (new / 2) / (held + new / 2)
    return share.replace([np.inf, -np.inf], np.nan).dropna()


def newcomer_slope(history, ev) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    """β and the reps it rests on (module doc); (nan, n) when it cannot be read."""
    o = history.orders
    o = o[o["amount"] > 0]
    if not len(o):
        return np.nan, 0
    month = o["date"].dt.to_period("M")
    first_seen = month.groupby(o["account"]).transform("min")
    base = pd.PeriodIndex(ev.baseline_months)
    since = month.min() + BLIND
    if NEWIN:
        # Won inside the baseline year: on a long history "first seen after the start" is
        # most of the book, and its price is the rep's (β read near 1 for no reason).
        since = max(since, base.min())
    newcomer = first_seen >= since
    in_base = month.isin(base)
    o = o[in_base].assign(new=newcomer[in_base].to_numpy())
    if not len(o) or TEAM not in ev.base.index:
        return np.nan, 0
    team = float(o["amount"].sum() / len(o))
    g = o.groupby([o["rep"].astype(str), "new"])["amount"].agg(["sum", "size"])
    xs, ys, ws = [], [], []
    for rep in {r for r, _ in g.index}:
        if (rep, True) not in g.index or (rep, False) not in g.index:
            continue
        new, old = g.loc[(rep, True)], g.loc[(rep, False)]
        if new["size"] < MIN_NEW_ORDERS:
            continue
        xs.append(np.log(old["sum"] / old["size"] / team))
        ys.append(np.log(new["sum"] / new["size"] / team))
        ws.append(float(new["size"]))
    if len(xs) < MIN_REPS:
        return np.nan, len(xs)
    x, y, w = np.array(xs), np.array(ys), np.array(ws)
    w = w / w.mean()
    den = float((w * x * x).sum())
    if den <= 0:
        return np.nan, len(xs)
    beta = float((w * x * y).sum() / den)
    if TRUST:
        # 1 − β trusted as far as it stands out from its standard error (no change: β = 1).
        se2 = float((w * (y - beta * x) ** 2).sum() / (len(x) - 1) / den)
        gap = 1.0 - float(np.clip(beta, 0.0, 1.0))
        beta = 1.0 - gap * gap**2 / (gap**2 + se2) if gap > 0 else 1.0
        if SHOW:
            print(f"  raw beta {1 - gap:.2f} se {np.sqrt(se2):.2f}", file=sys.stderr)
    return float(np.clip(beta, 0.0, 1.0)), len(xs)


def mix_follow(history, ev) -> float:  # type: ignore[no-untyped-def]
    """How far a rep's monthly unit price follows the mix of accounts that ordered in the month
    over the baseline (scripts/held46/diagnose.py ``mix``): the slope of the rep-month log
    unit price on the mean of its orders' accounts' log mean prices, both less the rep's mean
    and the team's month, clipped to [0, 1] (1: his price is his accounts'; 0: it moves on its
    own whatever he holds, and a change of customers cannot move it)."""
    o = history.orders
    month = o["date"].dt.to_period("M")
    o = o[month.isin(pd.PeriodIndex(ev.baseline_months)) & (o["amount"] > 0)]
    if len(o) < 2:
        return 0.0
    level = np.log(o.groupby("account")["amount"].transform("mean"))
    g = (
        o.assign(m=o["date"].dt.to_period("M"), level=level, rep=o["rep"].astype(str))
        .groupby(["rep", "m"])
        .agg(amount=("amount", "sum"), n=("amount", "size"), level=("level", "mean"))
        .reset_index()
    )
    g["actual"] = np.log(g["amount"] / g["n"])
    xy = []
    for col in ("level", "actual"):
        x = g[col] - g.groupby("rep")[col].transform("mean")
        xy.append(x - x.groupby(g["m"]).transform("mean"))
    x, y = xy
    den = float((x * x).sum())
    return float(np.clip((x * y).sum() / den, 0.0, 1.0)) if den > 0 else 0.0


def _turnover(history, ev):  # type: ignore[no-untyped-def]
    if "unit_price" not in ev.trend.columns or TEAM not in ev.base.index:
        return ev
    nu = new_share(ev)
    if BETA is not None:
        beta, n = float(BETA), -1
    else:
        beta, n = newcomer_slope(history, ev)
    if not np.isfinite(beta):
        return ev
    team = float(ev.base.at[TEAM, "unit_price"])
    reps = [r for r in ev.reps if r in ev.trend.index and r in nu.index]
    price = ev.base.loc[reps, "unit_price"].astype(float)
    d = np.log(price / team).replace([np.inf, -np.inf], np.nan).fillna(0.0)
    follow = mix_follow(history, ev) if MIX else 1.0
    nu_r = nu.reindex(reps).fillna(0.0)
    if LINEAR:
        # Unit price is revenue ÷ orders: the newcomers' orders at their price mix in linearly.
        shift = K * follow * np.log(1 - nu_r + nu_r * np.exp(-(1 - beta) * d))
    else:
        shift = -K * follow * nu_r * (1 - beta) * d
    if WHOLE:
        # As a building rep's levels at the baseline's end (targets.at_end): carried whole in
        # his share of the KGI and in his unit price, his ceilings raised by it too
        # (baselines._raised), so no part of it lands on his other levers.
        end = ev.at_end.reindex(index=list(ev.reps), columns=list(ev.levers)).fillna(0.0)
        end = end.astype(float)
        end.loc[reps, "unit_price"] = end.loc[reps, "unit_price"] + shift
        head = ev.headroom.copy()
        at = [r for r in reps if r in head.index]
        head.loc[at, "unit_price"] = head.loc[at, "unit_price"] + shift.reindex(at)
        if "revenue" in head.columns:
            head.loc[at, "revenue"] = head.loc[at, "revenue"] + shift.reindex(at)
        if SHOW:
            print(f"  whole: shift {shift.round(3).tolist()}", file=sys.stderr)
        return replace(ev, at_end=end, headroom=head)
    trend = ev.trend.copy()
    trend.loc[reps, "unit_price"] = trend.loc[reps, "unit_price"] + shift
    if ROOM and "unit_price" in ev.headroom.columns:
        # The ceiling and floor move with the expected price: a rise the mix brings is no
        # stretch, so it must not spill onto the other levers at the ceiling.
        head, low = ev.headroom.copy(), ev.floor.copy()
        at = [r for r in reps if r in head.index]
        head.loc[at, "unit_price"] = head.loc[at, "unit_price"] + shift.reindex(at).clip(lower=0)
        if "unit_price" in low.columns:
            at = [r for r in reps if r in low.index]
            low.loc[at, "unit_price"] = low.loc[at, "unit_price"] + shift.reindex(at).clip(upper=0)
        ev = replace(ev, headroom=head, floor=low)
    if SHOW:
        print(
            f"  mix {follow:.2f} beta {beta:.2f} ({n} reps) nu {nu.reindex(reps).round(2).tolist()}"
            f" d {d.round(2).tolist()}",
            file=sys.stderr,
        )
    return replace(ev, trend=trend)


def build(history, settings):  # type: ignore[no-untyped-def]
    ev = _build(history, settings)
    if RULE == "turnover":
        return _turnover(history, ev)
    return ev


core_bt.build_evidence = build  # type: ignore[assignment]

if __name__ == "__main__":
    harness.main()
