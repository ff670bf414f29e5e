"""How far a rep's unit price relative to the team's holds into the plan year (offline check).

    python scripts/yard44/level_slope.py RUN.pkl [RUN2.pkl …]

Per data set of harness pickles (scripts/realism42): the slope through 0 of the realised
log(rep ÷ team) unit price on the baseline's (the "no change" target's), and what the
reps' unit-price MdAPE would be with that relative level carried at 1, 0.75 and 0.5 (the team's
realised level taken as known: only the rep spread is scored).
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd


def main() -> None:
    d = pd.concat([pd.read_pickle(p) for p in sys.argv[1:]], ignore_index=True)
    d = d[(d["kpi"] == "unit_price") & (d["status"] == "ok")]
    rows = []
    for (name, _run), g in d.groupby(["set", "run"]):
        g = g.set_index("rep")
        if "ALL" not in g.index:
            continue
        team = g.loc["ALL"]
        x = np.log(g["no_change"] / team["no_change"]).drop("ALL")
        y = np.log(g["realised"] / team["realised"]).drop("ALL")
        rows.append(pd.DataFrame({"set": name, "x": x, "y": y}))
    r = pd.concat(rows)
    for name, g in r.groupby("set", sort=False):
        slope = float((g.x * g.y).sum() / (g.x**2).sum())
        md = {k: float(np.median(np.abs(np.exp(k * g.x - g.y) - 1)) * 100) for k in (1, 0.75, 0.5)}
        print(
            f"{name:26s} slope {slope:.2f}  sd(rel) {g.x.std():.3f}  MdAPE at 1/0.75/0.5: "
            + " / ".join(f"{v:.2f}" for v in md.values())
        )


if __name__ == "__main__":
    main()
