"""Offline: does the book held at the planning moment rank the reps' levers better than last
year's values? Wholesale plans at each April start (FY2021 – FY2024), per rep: the held book's
revenue pace, orders per account and unit price against the realised year, each relative to
the team (the median rep's log error taken out), beside "no change" (last year) and routekpi.

    python scripts/book44/held_levers.py [--retailers 40] [--seeds 7 11 23] [--recency 1]
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date

import numpy as np
import pandas as pd

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import wholesale_sim

from routekpi.core.backtest import backtest
from routekpi.core.held import held_accounts
from routekpi.core.history import History, PlanSettings
from routekpi.core.lapse import accounts_from_orders


def held_levers(orders: pd.DataFrame, as_of: date, recency: bool) -> pd.DataFrame:
    """rep × (revenue, orders_per_account, unit_price) of the book held on ``as_of``."""
    h = accounts_from_orders(History(orders=orders[orders["date"] <= pd.Timestamp(as_of)]), as_of)
    held = held_accounts(h, as_of)
    end = pd.Period(as_of, "M")
    first = end - 11
    o = h.orders[(h.orders["date"] <= pd.Timestamp(as_of)) & (h.orders["amount"] > 0)]
    o = o[o["account"].isin(held.index)]
    m = o["date"].dt.to_period("M")
    o = o[m >= first].assign(pos=(m[m >= first] - first).map(lambda x: x.n))
    g = o.groupby("account")
    rev, n = g["amount"].sum(), g["amount"].size()
    last = g["pos"].max()
    months_on = o.groupby("account")["pos"].nunique()
    start = pd.to_datetime(held["start"]).reindex(rev.index)
    start_pos = start.map(lambda s: max((pd.Period(s, "M") - first).n, 0))
    held_m = np.maximum(12 - start_pos.clip(upper=11), 3).clip(upper=12)
    w = pd.Series(1.0, index=rev.index)
    if recency:
        spacing = held_m / months_on
        quiet = 11 - last
        w = 0.5 ** (np.maximum(quiet - spacing, 0) / spacing)
    rep = held["rep"].reindex(rev.index).astype(str)
    frame = pd.DataFrame(
        {"rep": rep, "rev": w * rev * 12 / held_m, "n": w * n * 12 / held_m, "acc": w}
    )
    s = frame.groupby("rep").sum()
    return pd.DataFrame(
        {
            "revenue": s["rev"],
            "orders_per_account": s["n"] / (12 * s["acc"]),
            "unit_price": s["rev"] / s["n"],
        }
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--retailers", type=float, default=40.0)
    ap.add_argument("--seeds", type=int, nargs="+", default=[7, 11, 23])
    ap.add_argument("--recency", type=int, default=1)
    a = ap.parse_args()
    errs: dict[tuple[str, str], list[float]] = {}
    for seed in a.seeds:
        orders = wholesale_sim.simulate(seed, retailers=a.retailers)
        end = date(2025, 3, 31)
        closed = History(orders=orders[orders["date"] <= pd.Timestamp(end)].reset_index(drop=True))
        settings = PlanSettings(kgi=1.0, plan_year=2025, as_of=end)
        for year in range(2021, 2025):
            r = backtest(closed, settings, year, data_end=end)
            rows = r.rows[(r.rows["rep"] != "ALL") & r.rows["in_pool"].astype(bool)]
            hl = held_levers(orders, date(year, 3, 31), bool(a.recency))
            for kpi in ("revenue", "orders_per_account", "unit_price"):
                k = rows[rows["kpi"] == kpi].set_index("rep")
                k = k[k["realised"] > 0]
                preds = {
                    "no_change": k["no_change"],
                    "routekpi": k["routekpi"],
                    "held": hl[kpi].reindex(k.index),
                    "half": np.sqrt(hl[kpi].reindex(k.index) * k["no_change"]),
                }
                for name, p in preds.items():
                    e = np.log(p / k["realised"])
                    e = e - e.median()
                    errs.setdefault((kpi, name), []).extend(np.abs(e).tolist())
    for (kpi, name), v in sorted(errs.items()):
        v = np.asarray(v)
        print(
            f"{kpi:20s} {name:10s} n={len(v):3d} "
            f"median|rel log err| {np.nanmedian(v):.4f}  mean {np.nanmean(v):.4f}"
        )


if __name__ == "__main__":
    main()
