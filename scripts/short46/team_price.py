"""Team unit price per plan, realised vs routekpi, for two harness pickles (base, variant).

    python scripts/short46/team_price.py BASE.pkl VARIANT.pkl SET...

The team's unit price is read as revenue ÷ orders summed over reps (rows kpi revenue and
orders), realised and planned; printed as the change on the year before (no_change rows).
"""

from __future__ import annotations

import sys

import pandas as pd


def team(rows: pd.DataFrame) -> pd.DataFrame:
    keep = rows[rows["kpi"].isin(["revenue", "orders"])]
    sums = keep.groupby(["set", "year", "run", "kpi"])[["realised", "routekpi", "no_change"]].sum()
    rev, orders = sums.xs("revenue", level="kpi"), sums.xs("orders", level="kpi")
    price = rev / orders
    return pd.DataFrame(
        {
            "realised": price["realised"] / price["no_change"] - 1,
            "routekpi": price["routekpi"] / price["no_change"] - 1,
        }
    )


def main() -> None:
    base, var, *sets = sys.argv[1:]
    a, b = team(pd.read_pickle(base)), team(pd.read_pickle(var))
    out = a.join(b["routekpi"].rename("variant"))
    out = out[out.index.get_level_values("set").isin(sets)] if sets else out
    print((out * 100).round(1).to_string())


if __name__ == "__main__":
    main()
