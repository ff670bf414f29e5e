"""realism50 experiments: the book checks itself ("self-calibration").

    SC50=levers python scripts/realism50/variant.py OUT.pkl SET ... [--seeds ...]

Before planning year N (``backtest``'s ``build_evidence`` on the history cut at the planning
day), replay year N − 1 inside that same history, exactly as ``routekpi backtest`` does:
``core.backtest.backtest(cut, settings, N − 1, data_end = the planning day)`` (the same
planning moment a year earlier when the plan is not made on the year's eve), with the plain
engine (no calibration inside the replay). Its rows say, per rep and KPI, what routekpi
planned (R), what "everyone +g%" gave (U) and what the rep did (A). Per KPI family the book
reads how far routekpi's differences between reps came true:

    x = log(R ÷ U), y = log(A ÷ U), each less its mean over the reps (the team's part of the
    lever mix is not the reps' differences), λ = the slope of y on x, clipped to [0, 1].

In year N, each rep's lever target is then taken only λ of the way from "as booked" to
routekpi's (target' ∝ booked^(1 − λ) × routekpi^λ), each lever rescaled by one factor so the
team's total of its count (accounts, visits, orders, revenue: FY rows) stays routekpi's; the
counts follow their levers (visits = accounts × visits per account, …, revenue = orders ×
unit price), so every rep's levers still multiply to his revenue and the reps' revenue still
sums to the KGI. No complete replay (the history too short, or the replay refused): λ = 1,
nothing changes.

Switches:
- SC50=levers: λ per family (active accounts; frequency = visits per account, orders per
  visit, orders per account; unit price); the revenue split follows the levers.
- SC50=one: one λ for every lever, read on revenue + levers pooled.
- SC50_FIT=lad: λ the least-absolute-deviation slope (grid 0, 0.05, …, 1; ties to the
  larger) instead of least squares (MdAPE is a median: a few big misses should not decide).
- SC50_TRUST=1: 1 − λ trusted (1 − λ)² ÷ ((1 − λ)² + se²), se the slope's standard error
  (least squares only).
- SC50_HALF=1: with no full year N − 1 replayable, replay the last six complete months
  instead (a fiscal year starting six months before the planning day, planned on its eve).
- A replay needs 180 days of history before its own planning day and 6 compared months.
- SC50_MIN_REPS (default 3): fewer reps with a scored row in the family: λ = 1.
- SC50_SHOW=1: print each plan's λ per family to stderr.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import time
from dataclasses import replace
from datetime import timedelta
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
from routekpi.core.calendar import fiscal_months  # noqa: E402
from routekpi.core.measure import TEAM  # noqa: E402

RULE = os.environ.get("SC50", "")
FIT = os.environ.get("SC50_FIT", "ls")
HALF = bool(os.environ.get("SC50_HALF"))
TRUST = bool(os.environ.get("SC50_TRUST"))
SHOW = bool(os.environ.get("SC50_SHOW"))
MIN_REPS = int(os.environ.get("SC50_MIN_REPS", "3"))
# A replay's plan needs this much history before its planning day (a plan from one month is
# no test of the engine).
MIN_HISTORY_DAYS = 180
# A KPI whose planned differences between reps (log routekpi ÷ uniform) spread less than this
# is left out of its family's slope: a ratio's own differences are carried at 0
# (levers.RATIO_DEFAULT_PERSISTENCE), its x is rounding, and its slope any number.
MIN_SPREAD = 0.002
LOG = os.environ.get("SC50_LOG")  # append one line per plan (λs, replay seconds) to this file

FAMILIES: dict[str, tuple[str, ...]] = {
    "active_accounts": ("active_accounts",),
    "frequency": ("visits_per_account", "orders_per_visit", "orders_per_account"),
    "unit_price": ("unit_price",),
}
_build = core_bt.build_evidence
_plan_for = core_bt.plan_for
_depth = 0  # > 0 inside a replay: the plain engine
_lambdas: dict[int, dict[str, float]] = {}  # id(Evidence) → λ per lever


def _replay(history, settings):  # type: ignore[no-untyped-def]
    """The rows of year N − 1 replayed on ``history`` (cut at the planning day), or None."""
    as_of = settings.as_of
    year, fsm = settings.plan_year, settings.fiscal_start_month
    start = fiscal_months(year, fsm)[0].start_time.date()
    eve = as_of == start - timedelta(days=1)
    tries = [(year - 1, fsm, None if eve else core_bt.shift_years(as_of, 1))]
    if HALF:
        # The six complete months before the planning day as a year of its own, planned on
        # its eve: a fiscal year starting six months before the first month not yet in.
        first_open = pd.Period(as_of, freq="M") + (1 if as_of == _month_end(as_of) else 0)
        half = first_open - 6
        tries.append((half.year, half.month, None))
    first = history.first_date()
    for y, m, on in tries:
        s = replace(settings, fiscal_start_month=m)
        eve_in = fiscal_months(y, m)[0].start_time.date() - timedelta(days=1)
        if first is None or (on or eve_in) - first < timedelta(days=MIN_HISTORY_DAYS):
            if SHOW:
                print(f"  replay {y}/{m}: under {MIN_HISTORY_DAYS} days before it", file=sys.stderr)
            continue
        try:
            res = core_bt.backtest(history, s, y, data_end=as_of, planned_on=on)
        except Exception as exc:  # any refusal: no replay
            if SHOW:
                print(f"  replay {y}/{m} refused: {type(exc).__name__} {exc}", file=sys.stderr)
            continue
        if len(res.months) < 6:
            continue
        return res
    return None


def _month_end(day):  # type: ignore[no-untyped-def]
    return (pd.Timestamp(day) + pd.offsets.MonthEnd(0)).date()


def _slope(x: np.ndarray, y: np.ndarray) -> float:
    if FIT == "lad":
        grid = np.linspace(0.0, 1.0, 21)
        cost = [float(np.abs(y - lam * x).sum()) for lam in grid]
        best = min(cost)
        return float(max(lam for lam, c in zip(grid, cost, strict=True) if c <= best + 1e-12))
    den = float((x * x).sum())
    if den <= 0:
        return 1.0
    lam = float((x * y).sum() / den)
    if TRUST and len(x) > 2:
        # The shrink 1 − λ trusted as far as it stands out from its standard error (a slope
        # read on 6 – 8 reps of one year: 0 or 1 by chance alone).
        se2 = float(((y - lam * x) ** 2).sum() / (len(x) - 2) / den)
        gap = 1.0 - float(np.clip(lam, 0.0, 1.0))
        return 1.0 - gap * gap**2 / (gap**2 + se2) if gap > 0 else 1.0
    return float(np.clip(lam, 0.0, 1.0))


def read_lambdas(rows: pd.DataFrame, levers: tuple[str, ...]) -> dict[str, float]:
    """λ per lever (and "revenue", shown only) from a replay's rows (module doc)."""
    ok = rows[(rows["status"] == "ok") & (rows["rep"] != TEAM)]
    ok = ok[(ok["routekpi"] > 0) & (ok["uniform"] > 0) & (ok["realised"] > 0)]
    parts: dict[str, tuple[np.ndarray, np.ndarray, int]] = {}
    for key, g in ok.groupby("kpi"):
        x = np.log(g["routekpi"].to_numpy(float) / g["uniform"].to_numpy(float))
        y = np.log(g["realised"].to_numpy(float) / g["uniform"].to_numpy(float))
        if float(np.std(x)) < MIN_SPREAD:
            continue  # routekpi made no difference between reps here: nothing to check
        parts[str(key)] = (x - x.mean(), y - y.mean(), len(g))

    def fit(keys: tuple[str, ...]) -> float:
        got = [parts[k] for k in keys if k in parts and parts[k][2] >= MIN_REPS]
        if not got:
            return 1.0
        return _slope(np.concatenate([g[0] for g in got]), np.concatenate([g[1] for g in got]))

    out = {"revenue": fit(("revenue",))}
    if RULE == "one":
        lam = fit(("revenue", *levers))
        out.update({k: lam for k in levers})
        return out
    for keys in FAMILIES.values():
        lam = fit(tuple(k for k in keys if k in levers))
        out.update({k: lam for k in keys if k in levers})
    return out


def build(history, settings):  # type: ignore[no-untyped-def]
    global _depth
    ev = _build(history, settings)
    if not RULE or _depth:
        return ev
    _depth += 1
    t0 = time.perf_counter()
    try:
        res = _replay(history, settings)
    finally:
        _depth -= 1
    took = time.perf_counter() - t0
    if res is None:
        lams = {k: 1.0 for k in ("revenue", *ev.levers)}
        what = "no replay"
    else:
        lams = read_lambdas(res.rows, tuple(ev.levers))
        what = f"replay {res.year}/{res.months[0].month} over {len(res.months)} months"
    _lambdas[id(ev)] = lams
    line = (
        f"plan {settings.plan_year}/{settings.fiscal_start_month} on {settings.as_of}: {what};"
        f" λ " + " ".join(f"{k}={v:.2f}" for k, v in lams.items()) + f"; {took:.1f}s"
    )
    if SHOW:
        print("  " + line, file=sys.stderr)
    if LOG:
        with open(LOG, "a") as fh:
            fh.write(line + "\n")
    return ev


def shrink(ev, targets: pd.DataFrame, lams: dict[str, float]) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    """Each rep's levers λ of the way from as booked to routekpi's (module doc)."""
    levers = tuple(ev.levers)
    if all(lams.get(k, 1.0) >= 1.0 for k in levers):
        return targets
    booked = ev.booked_base
    fy = targets[targets["period"] == core_bt.fiscal_label(ev.settings.plan_year)]
    fy = fy.pivot_table(index="rep", columns="kpi", values="target", aggfunc="first")
    reps = [r for r in ev.reps if r in fy.index and r in booked.index]
    if len(reps) < 2:
        return targets
    # Per rep and lever the factor on routekpi's target (before the team rescale).
    f = pd.DataFrame(1.0, index=reps, columns=list(levers))
    for k in levers:
        r = fy.loc[reps, k].astype(float)
        b = booked.loc[reps, k].astype(float)
        ratio = (r / b).where((r > 0) & (b > 0))
        f[k] = np.exp((lams.get(k, 1.0) - 1.0) * np.log(ratio)).fillna(1.0)
    # The counts each lever's product makes, in the tree's order (team totals kept).
    visit_tree = "visits_per_account" in levers
    chain = (
        [("active_accounts", "active_accounts"), ("visits_per_account", "visits"),
         ("orders_per_visit", "orders"), ("unit_price", "revenue")]
        if visit_tree
        else [("active_accounts", "active_accounts"), ("orders_per_account", "orders"),
              ("unit_price", "revenue")]
    )  # fmt: skip
    cum = pd.Series(1.0, index=reps)
    for lever, count in chain:
        if lever not in levers or count not in fy.columns:
            continue
        tot = fy.loc[reps, count].astype(float)
        new = tot * cum * f[lever]
        c = float(tot.sum() / new.sum()) if new.sum() > 0 else 1.0
        f[lever] = f[lever] * c
        cum = cum * f[lever]
    mult = {k: f[k] for k in levers}
    if visit_tree:
        mult["visits"] = f["active_accounts"] * f["visits_per_account"]
        mult["orders"] = mult["visits"] * f["orders_per_visit"]
        mult["orders_per_account"] = f["visits_per_account"] * f["orders_per_visit"]
    else:
        mult["orders"] = f["active_accounts"] * f["orders_per_account"]
    mult["revenue"] = mult["orders"] * f["unit_price"]
    out = targets.copy()
    for key, m in mult.items():
        hit = (out["kpi"] == key) & out["rep"].isin(reps)
        out.loc[hit, "target"] = out.loc[hit, "target"] * out.loc[hit, "rep"].map(m).astype(float)
    return out


def plan_for(ev, kgi):  # type: ignore[no-untyped-def]
    plan, targets = _plan_for(ev, kgi)
    lams = _lambdas.get(id(ev))
    if lams is None or _depth:
        return plan, targets
    return plan, shrink(ev, targets, lams)


core_bt.build_evidence = build  # type: ignore[assignment]
core_bt.plan_for = plan_for  # type: ignore[assignment]

if __name__ == "__main__":
    harness.main()
