"""wave44: L7 — the team's revenue month shares of the plan year against what happened.

python scripts/wave44/month_shares.py BOOK TRUTH_DUMP: BOOK's Targets (ALL, revenue, the plan
year's months) ÷ their year, against the truth book's Attainment actuals (``dump.py`` text)."""

from __future__ import annotations

import sys

import numpy as np
import openpyxl


def _targets(path: str) -> dict[str, float]:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    out = {}
    for row in wb["Targets"].iter_rows(values_only=True):
        if len(row) > 4 and row[1] == "ALL" and row[2] == "revenue" and len(str(row[0])) == 7:
            out[str(row[0])] = float(row[4])
    return out


def _truth(path: str) -> dict[str, float]:
    out = {}
    with open(path, encoding="utf-8") as lines:
        text = lines.read().splitlines()
    for line in text:
        cells = line.rstrip("\n").split("\t")
        if len(cells) > 4 and cells[1] == "ALL" and cells[2] == "revenue" and len(cells[0]) == 7:
            out[cells[0]] = float(cells[4])
    return out


plan, real = _targets(sys.argv[1]), _truth(sys.argv[2])
months = sorted(m for m in plan if m in real)
p = np.array([plan[m] for m in months])
r = np.array([real[m] for m in months])
ps, rs = p / p.sum(), r / r.sum()
for m, a, b in zip(months, ps, rs, strict=True):
    print(f"{m}  plan {a * 100:5.2f}%  real {b * 100:5.2f}%  {(a / b - 1) * 100:+5.1f}%")
print(f"month-share MdAPE {np.median(np.abs(ps / rs - 1)) * 100:.2f}%")


def _accounts(path: str) -> dict[str, float]:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    out = {}
    for row in wb["Targets"].iter_rows(values_only=True):
        if (
            len(row) > 4
            and row[1] == "ALL"
            and row[2] == "active_accounts"
            and len(str(row[0])) == 7
        ):
            out[str(row[0])] = float(row[4])
    return out


# The fix the trial proposes, measured only: the month shares tilted by the planned
# active-account path (each month × its accounts ÷ the year's mean), renormalised.
acc = _accounts(sys.argv[1])
a = np.array([acc.get(m, np.nan) for m in months])
if np.isfinite(a).all():
    tilted = ps * a / a.mean()
    tilted /= tilted.sum()
    print(
        "tilted by the planned active accounts:",
        " ".join(f"{x:+.1f}" for x in (tilted / rs - 1) * 100),
    )
    print(f"tilted month-share MdAPE {np.median(np.abs(tilted / rs - 1)) * 100:.2f}%")
