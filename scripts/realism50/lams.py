"""How the replay's λ fell, from a SC50_LOG file (one line per plan).

python scripts/realism50/lams.py RUN.lam
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict

import numpy as np


def main() -> None:
    vals: dict[str, list[float]] = defaultdict(list)
    plans = none = 0
    secs = []
    with open(sys.argv[1], encoding="utf-8") as fh:
        lines = fh.readlines()
    for line in lines:
        plans += 1
        secs.append(float(line.rsplit(";", 1)[1].strip().rstrip("s")))
        if "no replay" in line:
            none += 1
            continue
        for key, value in re.findall(r"(\w+)=([\d.]+)", line.split("λ", 1)[1]):
            vals[key].append(float(value))
    print(f"{plans} plans, {none} without a replay; replay {np.mean(secs):.1f} s a plan on average")
    print("| λ of | plans | mean | at 0 | at 1 | between |")
    print("|---|---:|---:|---:|---:|---:|")
    for key, v in vals.items():
        a = np.array(v)
        zero, one = int((a == 0).sum()), int((a == 1).sum())
        inner = int(((a > 0) & (a < 1)).sum())
        print(f"| {key} | {len(a)} | {a.mean():.2f} | {zero} | {one} | {inner} |")


if __name__ == "__main__":
    main()
