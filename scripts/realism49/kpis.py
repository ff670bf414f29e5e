"""One KPI's MdAPE (routekpi / uniform / no change, %) per data set for several harness pickles.

python scripts/realism49/kpis.py unit_price before=BEFORE.pkl turnover=T.pkl ...
"""

from __future__ import annotations

import sys

import pandas as pd

sys.path.insert(0, ".")
from routekpi.core.backtest import summarize_errors

ORDER = [
    "sample", "sample-long", "sample-november", "orders-only", "orders-only-short",
    "wholesale", "wholesale-x5", "wholesale-2y", "cdnow", "sample-priced", "sample-long-priced",
    "sample-november-priced", "orders-only-priced", "orders-only-short-priced",
]  # fmt: skip


def main() -> None:
    kpi = sys.argv[1]
    runs = [a.split("=", 1) for a in sys.argv[2:]]
    frames = {name: pd.read_pickle(path) for name, path in runs}
    print(f"| {kpi} | " + " | ".join(frames) + " |")
    print("|---|" + "---|" * len(frames))
    for s in ORDER:
        cells = []
        for rows in frames.values():
            part = rows[rows["set"] == s]
            if part.empty:
                cells.append("–")
                continue
            sm = summarize_errors(part.drop(columns=["set", "run"])).set_index("kpi")
            if kpi not in sm.index:
                cells.append("–")
                continue
            r = sm.loc[kpi]
            cells.append(
                f"{r.mdape_routekpi * 100:.2f} / {r.mdape_uniform * 100:.2f}"
                f" / {r.mdape_no_change * 100:.2f}"
            )
        print(f"| {s} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
