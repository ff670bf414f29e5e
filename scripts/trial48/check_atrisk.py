# ruff: noqa: E501, SIM115
"""Trial 48: how many at-risk flags / Daily 要注意 stops are customers that had really closed (truth_accounts.csv).

check_atrisk.py DATA_DIR [BOOK ...]   (default books: run remap; needs the *_Flags.txt / *_Daily.txt dumps rerun.sh writes)
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

d = Path(sys.argv[1])
acc = {r["new"]: r for r in csv.DictReader(open(d / "truth_accounts.csv", encoding="utf-8"))}


def closed(code: str) -> bool:
    a = acc.get(code.strip())
    return bool(a and a["end"] and a["end"] <= "2026-12-04")


for book in sys.argv[2:] or ("run", "remap"):
    flags = [
        line.split(" | ")
        for line in open(d / f"{book}_Flags.txt", encoding="utf-8")
        if "at_risk_account" in line
    ]
    print(
        f"{book}: at_risk_account flags {len(flags)}, closed in truth {sum(closed(p[5]) for p in flags)}"
    )
    daily = [
        line.split(" | ")
        for line in open(d / f"{book}_Daily.txt", encoding="utf-8")
        if "要注意" in line
    ]
    daily = [p for p in daily if len(p) > 4 and p[3].strip() in acc]
    print(
        f"{book}: Daily 要注意 stops {len(daily)}, closed in truth {sum(closed(p[3]) for p in daily)}"
    )
