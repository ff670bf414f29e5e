# ruff: noqa: E501
"""realism54b: each rep's unit price planned part of the way back to the team's, offline.

    PYTHONPATH=$PWD python scripts/realism54b/offline.py ROWS.pkl [K]

Applies shift = −(1 − k)·d to routekpi's unit-price and revenue rows of the three wholesale
sets (d: the rep's baseline unit price's log gap to the team's; revenue re-normalised to the
team's total, so carried whole in share and lever, the other levers unchanged) and rescores
revenue, unit price and the pooled MdAPE. k: a constant (K), or read from the book at the plan
moment ("prev": the slope of the baseline year's gaps on the year before's; "half": the second
half of the baseline year on its first).
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd

sys.path.insert(0, "scripts")
import backtest as bts
import wholesale_sim

from routekpi.core.backtest import summarize_errors, verdict


def gaps(o: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> pd.Series:
    w = o[(o["date"] >= start) & (o["date"] < end)]
    slips = w.groupby(["rep", "account", "date"]).size().groupby("rep").size()
    rev = w.groupby("rep")["amount"].sum()
    return np.log(rev / slips / (rev.sum() / slips.sum()))


def slope(a: pd.Series, b: pd.Series) -> float:
    j = a.index.intersection(b.index)
    a, b = a[j] - a[j].mean(), b[j] - b[j].mean()
    return float((a * b).sum() / (a * a).sum())


def moments(name: str, seed: int) -> list[tuple[pd.DataFrame, pd.Timestamp]]:
    if name == "wholesale-2y":
        o = wholesale_sim.simulate(
            seed,
            bts.SHORT_FIRST,
            bts.SHORT_LAST,
            retailers=bts.SHORT_RETAILERS,
            countries=wholesale_sim.Countries(),
        )
        return [(o, pd.Timestamp(t)) for t in ("2023-01-01", "2022-12-01", "2023-04-01")]
    o = wholesale_sim.simulate(seed, retailers=40.0 if name == "wholesale" else 200.0)
    return [
        (o, pd.Timestamp(t))
        for t in ("2021-04-01", "2022-04-01", "2023-04-01", "2024-04-01", "2024-12-01")
    ]


def k_read(o: pd.DataFrame, t: pd.Timestamp, how: str) -> float:
    y = pd.DateOffset(months=12)
    h = pd.DateOffset(months=6)
    first = o["date"].min()
    if how == "prev" and t - y - y >= first - pd.DateOffset(days=1):
        k = slope(gaps(o, t - y - y, t - y), gaps(o, t - y, t))
    elif how in ("prev", "half"):
        k = slope(gaps(o, t - y, t - h), gaps(o, t - h, t))
    else:
        k = float(how)
    return float(np.clip(k, 0.0, 1.0))


def main(path: str, how: str) -> None:
    rows = pd.read_pickle(path)
    seeds = [7, 11, 23]
    for name, part in rows.groupby("set", sort=False):
        runs = [m for s in seeds for m in moments(name, s)]
        out = []
        ks = []
        for run, g in part.groupby("run"):
            o, t = runs[run]
            k = k_read(o, t, how)
            ks.append(k)
            g = g.copy()
            up = g[g["kpi"] == "unit_price"].set_index("rep")
            d = np.log(up["no_change"] / up.at["ALL", "no_change"])
            shift = -(1 - k) * d.drop("ALL")
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
        cols = ["mdape_routekpi", "mdape_uniform", "mdape_no_change"]
        print(f"\n## {name}: k {np.round(ks, 2).tolist()}")
        print(
            f"  pooled reduction {v0['pooled_reduction'] * 100:.1f} -> {v1['pooled_reduction'] * 100:.1f}; "
            f"lost {sorted(set(v0['worse_than_uniform']) | set(v0['worse_than_no_change']))} -> "
            f"{sorted(set(v1['worse_than_uniform']) | set(v1['worse_than_no_change']))}"
        )
        for kpi in ("revenue", "unit_price"):
            print(
                f"  {kpi}: {' / '.join(f'{x * 100:.2f}' for x in s0.loc[kpi, cols])} -> "
                f"{s1.loc[kpi, 'mdape_routekpi'] * 100:.2f}"
            )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "prev")
