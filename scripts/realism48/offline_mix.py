"""Offline: how much would a 'new accounts buy differently' mix shift gain, at the best slopes?

    python scripts/realism48/offline_mix.py RUN.pkl [--fixed B_OPA B_UP]

For each data set, each rep's planned relative accounts move (routekpi ÷ no change, less the
plan's mean over reps) ``rel``; orders per account × exp(b_opa·rel), unit price × exp(b_up·rel),
orders likewise, revenue × exp((b_opa+b_up)·rel) rescaled so the reps' sum stays the KGI
(active accounts × the same constant). b fitted in-sample (an upper bound: the oracle slope of
the realised moves on rel) unless --fixed. Prints the pooled reduction before/after.
"""

from __future__ import annotations

import argparse
import sys

import numpy as np
import pandas as pd

sys.path.insert(0, ".")
from routekpi.core.backtest import summarize_errors, verdict


def shifted(rows: pd.DataFrame, b_opa: float, b_up: float) -> pd.DataFrame:
    out = rows.copy()
    reps = out[(out.rep != "ALL") & (out.kpi == "active_accounts")].copy()
    reps["rel"] = np.log(reps.routekpi / reps.no_change)
    reps["rel"] -= reps.groupby("run")["rel"].transform("mean")
    rel = reps.set_index(["run", "rep"])["rel"]
    key = pd.MultiIndex.from_frame(out[["run", "rep"]])
    r = pd.Series(rel.reindex(key).to_numpy(), index=out.index).fillna(0.0)
    f = {"orders_per_account": b_opa, "unit_price": b_up, "orders": b_opa, "revenue": b_opa + b_up}
    for kpi, b in f.items():
        m = out.kpi == kpi
        out.loc[m, "routekpi"] = out.loc[m, "routekpi"] * np.exp(b * r[m])
    # Revenue back to the plan's total per run; accounts carry the constant.
    m = (out.kpi == "revenue") & (out.rep != "ALL")
    before = rows[m].groupby("run")["routekpi"].sum()
    after = out[m].groupby("run")["routekpi"].sum()
    c = (before / after).reindex(out["run"]).to_numpy()
    for kpi in ("revenue", "active_accounts"):
        mm = (out.kpi == kpi) & (out.rep != "ALL")
        out.loc[mm, "routekpi"] = out.loc[mm, "routekpi"] * c[mm.to_numpy()]
    ok = out.status == "ok"
    out.loc[ok, "ape_routekpi"] = (
        out.loc[ok, "routekpi"] - out.loc[ok, "realised"]
    ).abs() / out.loc[ok, "realised"].abs()
    return out


def slope(rows: pd.DataFrame, kpi: str) -> float:
    ok = rows[(rows.status == "ok") & (rows.rep != "ALL")]
    ok = ok[(ok.realised > 0) & (ok.no_change > 0) & (ok.routekpi > 0)]
    p = ok.assign(
        mv=np.log(ok.routekpi / ok.no_change), rm=np.log(ok.realised / ok.routekpi)
    ).pivot_table(index=["run", "rep"], columns="kpi", values=["mv", "rm"])
    a = p[("mv", "active_accounts")]
    a = a - a.groupby(level=0).transform("mean")
    y = p[("rm", kpi)]
    m = a.notna() & y.notna()
    return float(np.polyfit(a[m], y[m], 1)[0])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("run")
    ap.add_argument("--fixed", type=float, nargs=2)
    args = ap.parse_args()
    rows = pd.read_pickle(args.run)
    for name in rows["set"].unique():
        rb = rows[rows["set"] == name]
        if "orders_per_account" not in set(rb.kpi) or "active_accounts" not in set(rb.kpi):
            continue
        b = args.fixed or (slope(rb, "orders_per_account"), slope(rb, "unit_price"))
        v0 = verdict(summarize_errors(rb.drop(columns=["set", "run"])))
        v1 = verdict(summarize_errors(shifted(rb, *b).drop(columns=["set", "run"])))
        print(
            f"{name:24s} b_opa {b[0]:+.2f} b_up {b[1]:+.2f}  {v0['pooled_reduction'] * 100:5.1f}"
            f" → {v1['pooled_reduction'] * 100:5.1f}  lost uni {v1['worse_than_uniform']}"
            f" nc {v1['worse_than_no_change']}"
        )


if __name__ == "__main__":
    main()
