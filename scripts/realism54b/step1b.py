# ruff: noqa: E501
"""realism54b step 1b: what routekpi's rep unit-price and revenue moves beyond uniform follow.

    PYTHONPATH=$PWD python scripts/realism54b/step1b.py ROWS.pkl

Per set: the rep × plan moves log(routekpi ÷ uniform) of unit price and revenue (less the
plan's mean), their slope on the rep's active-accounts move, and the realised
log(realised ÷ uniform) slopes on the same; and revenue's realised move against the rep's
size (log of his baseline share of the team).
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd


def slope(x: pd.Series, y: pd.Series) -> float:
    return float((x * y).sum() / (x**2).sum())


def main(path: str) -> None:
    rows = pd.read_pickle(path)
    rows = rows[rows["in_pool"] | (rows["rep"] == "ALL")]
    for name, part in rows.groupby("set", sort=False):
        w = part[part["rep"] != "ALL"].pivot_table(
            index=["run", "rep"],
            columns="kpi",
            values=["realised", "routekpi", "uniform", "no_change"],
        )
        out = {}
        for kpi in ("revenue", "unit_price", "active_accounts", "orders_per_account"):
            mv = np.log(w[("routekpi", kpi)] / w[("uniform", kpi)])
            re = np.log(w[("realised", kpi)] / w[("uniform", kpi)])
            out[f"m_{kpi}"] = mv - mv.groupby(level=0).transform("mean")
            out[f"r_{kpi}"] = re - re.groupby(level=0).transform("mean")
        d = pd.DataFrame(out)
        size = np.log(
            w[("no_change", "revenue")]
            / w[("no_change", "revenue")].groupby(level=0).transform("sum")
        )
        size = size - size.groupby(level=0).transform("mean")
        print(f"\n## {name} (n={len(d)})")
        print(
            f"  unit price move on accounts move: planned {slope(d.m_active_accounts, d.m_unit_price):+.2f}, "
            f"realised {slope(d.r_active_accounts, d.r_unit_price):+.2f}; realised UP on planned UP move "
            f"{slope(d.m_unit_price, d.r_unit_price):+.2f}"
        )
        print(
            f"  revenue move on accounts move: planned {slope(d.m_active_accounts, d.m_revenue):+.2f}, "
            f"realised {slope(d.r_active_accounts, d.r_revenue):+.2f}; realised accounts on planned "
            f"{slope(d.m_active_accounts, d.r_active_accounts):+.2f}"
        )
        print(
            f"  realised revenue move on size (log share): {slope(size, d.r_revenue):+.3f}, planned {slope(size, d.m_revenue):+.3f};"
            f" realised UP on size {slope(size, d.r_unit_price):+.3f}, planned {slope(size, d.m_unit_price):+.3f}"
        )
        # Unit price level vs team: log(rep base UP / team base UP) -> regression to the mean?
        t = part[part["rep"] == "ALL"].pivot_table(index="run", columns="kpi", values="no_change")
        gap = np.log(
            w[("no_change", "unit_price")]
            / t["unit_price"].reindex(w.index.get_level_values(0)).to_numpy()
        )
        gap = gap - gap.groupby(level=0).transform("mean")
        real_up = np.log(w[("realised", "unit_price")] / w[("no_change", "unit_price")])
        real_up = real_up - real_up.groupby(level=0).transform("mean")
        plan_up = np.log(w[("routekpi", "unit_price")] / w[("no_change", "unit_price")])
        plan_up = plan_up - plan_up.groupby(level=0).transform("mean")
        print(
            f"  UP change (vs own baseline) on the rep's baseline gap to team: realised {slope(gap, real_up):+.3f}, "
            f"planned {slope(gap, plan_up):+.3f}; gap sd {gap.std() * 100:.1f}%"
        )
        share_gap = size
        real_rev = np.log(w[("realised", "revenue")] / w[("no_change", "revenue")])
        real_rev = real_rev - real_rev.groupby(level=0).transform("mean")
        plan_rev = np.log(w[("routekpi", "revenue")] / w[("no_change", "revenue")])
        plan_rev = plan_rev - plan_rev.groupby(level=0).transform("mean")
        print(
            f"  revenue change vs own baseline on size: realised {slope(share_gap, real_rev):+.3f}, planned {slope(share_gap, plan_rev):+.3f}"
        )


if __name__ == "__main__":
    main(sys.argv[1])
