"""wholesale-2y's orders: the team's level or the reps' spread? (a harness pickle)

    python scripts/realism48/orders_2y.py RUN.pkl

Orders MdAPE over the reps with routekpi's team level (its plan's mean log target) and
uniform's spread across reps plus k × (routekpi's spread − uniform's), k = 0 … 1.25, and the
team row's change against baseline (realised, routekpi, uniform) per plan.
"""

from __future__ import annotations

import argparse

import numpy as np
import pandas as pd


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("run")
    rows = pd.read_pickle(ap.parse_args().run)
    rows = rows[rows["set"] == "wholesale-2y"] if "set" in rows else rows
    ok = rows[(rows.status == "ok") & (rows.rep != "ALL") & (rows.kpi == "orders")].copy()
    lr, lu, lx = np.log(ok.routekpi), np.log(ok.uniform), np.log(ok.realised)
    g = ok["run"]
    r_lvl, u_lvl = lr.groupby(g).transform("mean"), lu.groupby(g).transform("mean")

    def md(log_target: pd.Series) -> float:
        return float(np.abs(np.expm1(log_target - lx)).median() * 100)

    print(f"orders MdAPE routekpi {md(lr):.2f}  uniform {md(lu):.2f}")
    for k in (0.0, 0.25, 0.5, 0.75, 1.0, 1.25):
        mixed = r_lvl + (lu - u_lvl) + k * ((lr - r_lvl) - (lu - u_lvl))
        print(f"  routekpi's level, uniform's spread + {k:.2f} × routekpi's own: {md(mixed):.2f}")
    team = rows[(rows.rep == "ALL") & (rows.kpi == "orders")].set_index("run")
    for col in ("realised", "routekpi", "uniform"):
        moves = np.log(team[col] / team["no_change"]) * 100
        print(f"  team change {col:9s}", " ".join(f"{v:+5.1f}" for v in moves))


if __name__ == "__main__":
    main()
