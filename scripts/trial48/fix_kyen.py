# ruff: noqa: E501
"""Trial 48: the manager's Excel fix of the 千円 file — 金額(千円) × 1000 into a 金額 column, saved as CSV (cp932)."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

src = Path(sys.argv[1]) / "旧ERP_受注_FY2023.csv"
dst = Path(sys.argv[1]) / "旧ERP_受注_FY2023_円.csv"
with (
    open(src, encoding="cp932", newline="") as f,
    open(dst, "w", encoding="cp932", newline="") as g,
):
    r, w = csv.reader(f), csv.writer(g)
    head = next(r)
    w.writerow([*head[:-1], "金額"])
    for row in r:
        w.writerow([*row[:-1], round(float(row[-1]) * 1000)])
print(dst)
