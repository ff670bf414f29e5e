"""Mean |log(target ÷ realised)| (%) of one KPI per data set and variant (less noisy than medians).

python scripts/realism49/meanlog.py unit_price before=BEFORE.pkl turnover=T.pkl ...
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd

ORDER = [
    "sample", "sample-long", "sample-november", "orders-only", "orders-only-short",
    "wholesale", "wholesale-x5", "wholesale-2y", "cdnow", "sample-priced", "sample-long-priced",
    "sample-november-priced", "orders-only-priced", "orders-only-short-priced",
]  # fmt: skip


def err(rows: pd.DataFrame, col: str) -> float:
    ok = rows[(rows["realised"] > 0) & (rows[col] > 0)]
    return float(np.abs(np.log(ok[col].astype(float) / ok["realised"].astype(float))).mean())


def main() -> None:
    kpi = sys.argv[1]
    runs = [a.split("=", 1) for a in sys.argv[2:]]
    frames = {name: pd.read_pickle(path) for name, path in runs}
    print(f"| {kpi} mean abs log err | uniform | " + " | ".join(frames) + " |")
    print("|---|---:|" + "---:|" * len(frames))
    for s in ORDER:
        cells, uni = [], ""
        for rows in frames.values():
            part = rows[(rows["set"] == s) & rows["in_pool"].astype(bool)]
            part = part[part["kpi"] == kpi] if kpi != "pooled" else part
            if part.empty:
                cells.append("–")
                continue
            uni = f"{err(part, 'uniform') * 100:.2f}"
            cells.append(f"{err(part, 'routekpi') * 100:.2f}")
        print(f"| {s} | {uni} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
