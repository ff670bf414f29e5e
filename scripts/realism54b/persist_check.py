"""realism54b: is a rep's unit-price gap to the team's as persistent as the book's past says?

    PYTHONPATH=$PWD python scripts/realism54b/persist_check.py [SEED ...]

Offline, on the wholesale simulation (40 and 200 retailers a territory): per plan year, the
slope across reps of the next 12 months' log unit-price gap to the team's on the baseline
year's (realised persistence, what a plan needs), against the same slope one year earlier
(the year before the baseline on the one before it: what the book shows at the plan moment)
and the baseline year's second half on its first half. Unit price = revenue ÷ slips
(account × day).
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd

sys.path.insert(0, "scripts")
import wholesale_sim


def gaps(o: pd.DataFrame, start: pd.Timestamp, months: int) -> pd.Series:
    end = start + pd.DateOffset(months=months)
    w = o[(o["date"] >= start) & (o["date"] < end)]
    slips = w.groupby(["rep", "account", "date"]).size().groupby("rep").size()
    rev = w.groupby("rep")["amount"].sum()
    team = rev.sum() / slips.sum()
    return np.log(rev / slips / team)


def slope(a: pd.Series, b: pd.Series) -> float:
    j = a.index.intersection(b.index)
    a, b = a[j] - a[j].mean(), b[j] - b[j].mean()
    return float((a * b).sum() / (a * a).sum())


def main(seeds: list[int]) -> None:
    out = []
    for retailers in (40.0, 200.0):
        for seed in seeds:
            o = wholesale_sim.simulate(seed, retailers=retailers)
            for fy in (2021, 2022, 2023, 2024):
                s = pd.Timestamp(f"{fy}-04-01")
                b = s - pd.DateOffset(months=12)
                p = b - pd.DateOffset(months=12)
                g0, gb, gp = gaps(o, s, 12), gaps(o, b, 12), gaps(o, p, 12)
                h1, h2 = gaps(o, b, 6), gaps(o, b + pd.DateOffset(months=6), 6)
                out.append(
                    {
                        "set": int(retailers),
                        "seed": seed,
                        "fy": fy,
                        "k_real": slope(gb, g0),
                        "k_prev": slope(gp, gb) if fy > 2021 else np.nan,
                        "k_half": slope(h1, h2),
                        "sd_gap": gb.std(),
                    }
                )
    d = pd.DataFrame(out)
    print(d.round(2).to_string(index=False))
    print(d.groupby("set")[["k_real", "k_prev", "k_half", "sd_gap"]].mean().round(2))


if __name__ == "__main__":
    main([int(x) for x in sys.argv[1:]] or [7, 11, 23])
