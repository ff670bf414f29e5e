# ruff: noqa: E501
"""realism54b: what the gap to the bar is made of, and "every rep's unit price at the team's
move" offline.

    PYTHONPATH=$PWD python scripts/realism54b/offline_flat.py ROWS.pkl

(1) pooled MdAPE and reduction with one KPI's routekpi rows replaced by what happened
(perfect), or by its own level with the rep spread taken out: which KPI holds the gap.
(2) every rep's unit-price target at the plan's common move (the mean over its reps of
log(routekpi ÷ uniform), so uniform's shape at routekpi's level), the difference put on
orders per account or on active accounts (revenue unchanged).
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd

from routekpi.core.backtest import summarize_errors, verdict


def score(rows: pd.DataFrame) -> tuple[float, float, list[str]]:
    s = summarize_errors(rows)
    v = verdict(s)
    pooled = s.set_index("kpi")
    lost = sorted(set(v["worse_than_uniform"]) | set(v["worse_than_no_change"]))
    return (
        v["pooled_reduction"] * 100,
        float(pooled.filter(like="pooled", axis=0)["mdape_routekpi"].iloc[0]) * 100
        if len(pooled.filter(like="pooled", axis=0))
        else np.nan,
        lost,
    )


def setv(g: pd.DataFrame, m: pd.Series, new: pd.Series) -> None:
    g.loc[m, "routekpi"] = new
    g.loc[m, "ape_routekpi"] = (new - g.loc[m, "realised"]).abs() / g.loc[m, "realised"].abs()


def main(path: str) -> None:
    rows = pd.read_pickle(path)
    for name, part in rows.groupby("set", sort=False):
        print(f"\n## {name}: base {score(part)}")
        s0 = summarize_errors(part).set_index("kpi")
        bar = 0.7 * float(s0.loc["pooled", "mdape_uniform"])
        pool = part[
            part["in_pool"]
            & part["kpi"].isin(
                [
                    "revenue",
                    "active_accounts",
                    "orders_per_account",
                    "unit_price",
                    "visits_per_account",
                    "orders_per_visit",
                ]
            )
        ]
        above = pool.assign(r=pool["ape_routekpi"] > bar, u=pool["ape_uniform"] > bar)
        share = above.groupby("kpi", sort=False)[["r", "u"]].mean() * 100
        print(
            f"  bar line (0.7 x uniform pooled) {bar * 100:.2f}%; rows above it: routekpi "
            f"{(pool['ape_routekpi'] > bar).mean() * 100:.1f}% (50% needed), uniform {(pool['ape_uniform'] > bar).mean() * 100:.1f}%"
        )
        print(
            "  per KPI, % of rows above the bar line (routekpi / uniform): "
            + "; ".join(f"{k} {r.r:.0f} / {r.u:.0f}" for k, r in share.iterrows())
        )
        for kpi in ("revenue", "unit_price", "active_accounts", "orders_per_account"):
            g = part.copy()
            m = (g["kpi"] == kpi) & (g["rep"] != "ALL")
            setv(g, m, g.loc[m, "realised"])
            p = part.copy()
            mm = (p["kpi"] == kpi) & (p["rep"] != "ALL")
            e = np.log(p.loc[mm, "routekpi"] / p.loc[mm, "realised"])
            lvl = e.groupby(p.loc[mm, "run"]).transform("median")
            setv(p, mm, p.loc[mm, "realised"] * np.exp(e - lvl))
            q = part.copy()
            e = np.log(q.loc[mm, "routekpi"] / q.loc[mm, "realised"])
            lvl = e.groupby(q.loc[mm, "run"]).transform("median")
            setv(q, mm, q.loc[mm, "realised"] * np.exp(lvl))
            print(
                f"  {kpi}: perfect {score(g)[0]:.1f}; level exact (spread kept) {score(p)[0]:.1f}; "
                f"spread exact (level kept) {score(q)[0]:.1f}"
            )
        for onto in ("orders_per_account", "active_accounts"):
            g = part.copy()
            mu = (g["kpi"] == "unit_price") & (g["rep"] != "ALL")
            mv = np.log(g.loc[mu, "routekpi"] / g.loc[mu, "uniform"])
            common = mv.groupby(g.loc[mu, "run"]).transform("mean")
            delta = common - mv  # log change of each rep's unit price
            setv(g, mu, g.loc[mu, "routekpi"] * np.exp(delta))
            key = g.loc[mu, ["run", "rep"]].assign(d=delta.to_numpy())
            mo = (g["kpi"] == onto) & (g["rep"] != "ALL")
            d = g.loc[mo, ["run", "rep"]].merge(key, on=["run", "rep"], how="left")["d"].fillna(0.0)
            setv(g, mo, g.loc[mo, "routekpi"] * np.exp(-d.to_numpy()))
            s = summarize_errors(g).set_index("kpi")
            print(
                f"  unit price at the team's move, onto {onto}: {score(g)}; "
                + ", ".join(
                    f"{k} {s.loc[k, 'mdape_routekpi'] * 100:.2f}" for k in ("unit_price", onto)
                )
            )


if __name__ == "__main__":
    main(sys.argv[1])
