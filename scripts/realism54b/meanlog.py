# ruff: noqa: E501
"""Mean |log(target ÷ realised)| (%) per KPI and pooled, routekpi per variant and uniform, from
harness pickles (the medians hide what moves in the tails).

    PYTHONPATH=$PWD python scripts/realism54b/meanlog.py BASE.pkl VARIANT.pkl
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd

POOL = (
    "revenue",
    "active_accounts",
    "visits_per_account",
    "orders_per_visit",
    "orders_per_account",
    "unit_price",
)


def table(rows: pd.DataFrame) -> pd.DataFrame:
    r = rows[
        rows["in_pool"] & (rows["realised"] > 0) & (rows["routekpi"] > 0) & (rows["uniform"] > 0)
    ]
    out = {}
    for kpi in ("revenue", "unit_price", "pooled"):
        p = r[r["kpi"].isin(POOL)] if kpi == "pooled" else r[r["kpi"] == kpi]
        out[kpi] = {
            m: float(np.abs(np.log(p[m] / p["realised"])).mean() * 100)
            for m in ("routekpi", "uniform")
        }
    return pd.DataFrame(out)


def main(base: str, var: str) -> None:
    b, v = pd.read_pickle(base), pd.read_pickle(var)
    for name in dict.fromkeys(b["set"]):
        tb, tv = table(b[b["set"] == name]), table(v[v["set"] == name])
        print(
            f"{name}: "
            + "; ".join(
                f"{k} {tb.at['routekpi', k]:.2f} -> {tv.at['routekpi', k]:.2f} (uniform {tb.at['uniform', k]:.2f})"
                for k in tb.columns
            )
        )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
