# ruff: noqa: E501
"""realism54b: a rep's unit-price gap to the team's trusted as far as it rests on many
customers (account-level credibility), offline on the three wholesale sets.

    PYTHONPATH=$PWD python scripts/realism54b/offline_trust.py ROWS.pkl [FRACTION]

Per plan, over the 12 months before the plan moment: each account's log basket
x = log(revenue ÷ slips); a rep's gap d = log(his unit price ÷ the team's); the noise of d from
which accounts he happens to hold se² = Σ wᵢ²(xᵢ − x̄)² · n/(n − 1) (wᵢ his orders' shares);
the reps' real spread τ² = max(var(d) − mean(se²), 0); trust t = τ² ÷ (τ² + se²).
shift = −FRACTION · (1 − t) · d, carried in unit price and revenue (offline.py's way).
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd

sys.path.insert(0, "scripts")
sys.path.insert(0, "scripts/realism54b")
import offline

from routekpi.core.backtest import summarize_errors, verdict


def trust(o: pd.DataFrame, t: pd.Timestamp) -> tuple[pd.Series, pd.Series]:
    w = o[(o["date"] >= t - pd.DateOffset(months=12)) & (o["date"] < t)]
    acc = w.groupby(["rep", "account"]).agg(rev=("amount", "sum"), n=("date", "nunique"))
    acc["x"] = np.log(acc["rev"] / acc["n"])
    rep_rev = acc.groupby(level=0)["rev"].sum()
    rep_n = acc.groupby(level=0)["n"].sum()
    d = np.log(rep_rev / rep_n / (rep_rev.sum() / rep_n.sum()))
    se2 = {}
    for rep, g in acc.groupby(level=0):
        wi = g["n"] / g["n"].sum()
        xbar = float((wi * g["x"]).sum())
        k = len(g)
        se2[rep] = float((wi**2 * (g["x"] - xbar) ** 2).sum()) * (k / (k - 1) if k > 1 else 1.0)
    se2 = pd.Series(se2)
    tau2 = max(float(d.var()) - float(se2.mean()), 0.0)
    return d, tau2 / (tau2 + se2)


def main(path: str, frac: float) -> None:
    rows = pd.read_pickle(path)
    for name, part in rows.groupby("set", sort=False):
        runs = [m for s in (7, 11, 23) for m in offline.moments(name, s)]
        out, ts = [], []
        for run, g in part.groupby("run"):
            o, t = runs[run]
            _d, tr = trust(o, t)
            ts.append(tr.round(2).tolist())
            g = g.copy()
            up = g[g["kpi"] == "unit_price"].set_index("rep")
            dd = np.log(up["no_change"] / up.at["ALL", "no_change"]).drop("ALL")
            shift = -frac * (1 - tr.reindex(dd.index).fillna(1.0)) * dd
            for kpi in ("unit_price", "revenue"):
                m = (g["kpi"] == kpi) & (g["rep"] != "ALL")
                new = g.loc[m, "routekpi"] * np.exp(
                    g.loc[m, "rep"].map(shift).fillna(0.0).to_numpy()
                )
                if kpi == "revenue":
                    new = new * g.loc[m, "routekpi"].sum() / new.sum()
                g.loc[m, "routekpi"] = new
                g.loc[m, "ape_routekpi"] = (new - g.loc[m, "realised"]).abs() / g.loc[
                    m, "realised"
                ].abs()
            out.append(g)
        new = pd.concat(out)
        v0, v1 = verdict(summarize_errors(part)), verdict(summarize_errors(new))
        s0, s1 = summarize_errors(part).set_index("kpi"), summarize_errors(new).set_index("kpi")
        print(f"\n## {name}: trust e.g. {ts[0]} / {ts[-1]}")
        print(
            f"  pooled reduction {v0['pooled_reduction'] * 100:.1f} -> {v1['pooled_reduction'] * 100:.1f}; lost "
            f"{sorted(set(v1['worse_than_uniform']) | set(v1['worse_than_no_change']))}"
        )
        for kpi in ("revenue", "unit_price"):
            print(
                f"  {kpi}: {s0.loc[kpi, 'mdape_routekpi'] * 100:.2f} -> {s1.loc[kpi, 'mdape_routekpi'] * 100:.2f}"
                f" (uniform {s0.loc[kpi, 'mdape_uniform'] * 100:.2f}, no change {s0.loc[kpi, 'mdape_no_change'] * 100:.2f})"
            )


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 1.0)
