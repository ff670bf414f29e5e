"""Pooled reduction vs uniform per data set for several harness pickles, as a markdown table.

python scripts/realism48/table.py base=BASE.pkl dilute=DIL.pkl ...
"""

from __future__ import annotations

import sys

import pandas as pd

sys.path.insert(0, ".")
from routekpi.core.backtest import summarize_errors, verdict

ORDER = [
    "sample", "sample-long", "sample-november", "orders-only", "orders-only-short",
    "wholesale", "wholesale-x5", "wholesale-2y", "cdnow", "sample-priced", "sample-long-priced",
    "sample-november-priced", "orders-only-priced", "orders-only-short-priced",
]  # fmt: skip


def main() -> None:
    runs = [a.split("=", 1) for a in sys.argv[1:]]
    frames = {name: pd.read_pickle(path) for name, path in runs}
    print("| set | " + " | ".join(frames) + " |")
    print("|---|" + "---:|" * len(frames))
    for s in ORDER:
        cells = []
        for rows in frames.values():
            part = rows[rows["set"] == s]
            if part.empty:
                cells.append("–")
                continue
            v = verdict(summarize_errors(part.drop(columns=["set", "run"])))
            lost = len(v["worse_than_uniform"]) + len(v["worse_than_no_change"])
            cells.append(f"{v['pooled_reduction'] * 100:.1f} ({lost})")
        print(f"| {s} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
