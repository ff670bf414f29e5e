"""How far each rep's planned move comes true, per data set (harness pickles).

    python scripts/realism48/slopes.py RUN.pkl

Per data set, over rep-years (each plan's reps, less the plan's mean over reps):
- ``beyond uniform``: the slope of the realised log(realised ÷ uniform) on routekpi's own
  log(routekpi ÷ uniform) per KPI (1: routekpi's spread across reps comes true as planned;
  above 1: it is too timid; below 1: part of it is noise);
- ``on the accounts move``: the slope of the realised and of the planned change of orders
  per account, unit price and revenue (log, against no change) on routekpi's planned
  active-accounts change — does a book planned to grow faster order less per account?
"""

from __future__ import annotations

import argparse

import numpy as np
import pandas as pd

KPIS = ("revenue", "active_accounts", "orders_per_account", "unit_price", "orders")


def _rel(s: pd.Series) -> pd.Series:
    return s - s.groupby(level=0).transform("mean")


def _slope(y: pd.Series, x: pd.Series) -> float:
    m = x.notna() & y.notna()
    return float(np.polyfit(x[m], y[m], 1)[0]) if m.sum() > 5 else float("nan")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("run")
    rows = pd.read_pickle(ap.parse_args().run)
    for name in rows["set"].unique():
        r = rows[(rows["set"] == name) & (rows["status"] == "ok") & (rows["rep"] != "ALL")]
        r = r[(r.realised > 0) & (r.routekpi > 0) & (r.no_change > 0) & (r.uniform > 0)]
        p = r.assign(
            own=np.log(r.routekpi / r.uniform),
            real_u=np.log(r.realised / r.uniform),
            plan=np.log(r.routekpi / r.no_change),
            real=np.log(r.realised / r.no_change),
        ).pivot_table(index=["run", "rep"], columns="kpi", values=["own", "real_u", "plan", "real"])
        beyond = [
            f"{k} {_slope(_rel(p[('real_u', k)]), _rel(p[('own', k)])):+.2f}"
            for k in KPIS
            if ("own", k) in p
        ]
        acc = _rel(p[("plan", "active_accounts")])
        on_acc = [
            f"{k} plan {_slope(_rel(p[('plan', k)]), acc):+.2f}"
            f" real {_slope(_rel(p[('real', k)]), acc):+.2f}"
            for k in ("orders_per_account", "unit_price", "revenue")
            if ("plan", k) in p
        ]
        print(
            f"{name}\n  beyond uniform: {', '.join(beyond)}"
            f"\n  on the accounts move: {', '.join(on_acc)}"
        )


if __name__ == "__main__":
    main()
