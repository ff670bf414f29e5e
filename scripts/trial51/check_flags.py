# ruff: noqa: E501
"""Trial 51: each customer a book's Flags name (at risk / probably closed / overdue) — open or closed in truth.json.

check_flags.py DATA_DIR BOOK"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

import openpyxl


def main() -> None:
    data = Path(sys.argv[1])
    t = json.loads((data / "truth.json").read_text(encoding="utf-8"))
    ends = t["shop_end"]
    old = {o: n for o, n in t["renumbered"].items()}
    wb = openpyxl.load_workbook(data / sys.argv[2], read_only=True, data_only=True)
    tally: Counter[tuple[str, str, str]] = Counter()
    for r in list(wb["Flags"].iter_rows(values_only=True))[1:]:
        if not r or not r[1]:
            continue
        sev, code, cust, text = str(r[0]), str(r[1]), r[5], str(r[6] or "")
        codes = [str(cust)] if cust else re.findall(r"\((\d{6})\)", text)
        for c in codes:
            c = old.get(c, c)
            if c not in ends:
                state = "unknown"
            elif ends[c] is None:
                state = "open"
            elif ends[c] <= t["export_end"]:
                state = "closed"
            else:
                state = "closes later"
            tally[(code, sev, state)] += 1
    for k, n in sorted(tally.items()):
        print(f"{k[0]:22s} {k[1]:4s} {k[2]:12s} {n}")


if __name__ == "__main__":
    main()
