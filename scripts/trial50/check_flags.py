# ruff: noqa: E501
"""Trial 50: the Flags sheet's customer flags (at_risk_account, probably_closed, important_overdue) against truth.

check_flags.py DATA_DIR BOOK — for each flagged customer code: alive at 2026-12-04? 灯油-only household (a seasonal buyer)?"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

import openpyxl


def main() -> None:
    data = Path(sys.argv[1])
    T = json.loads((data / "truth.json").read_text(encoding="utf-8"))
    C = T["customers"]
    wb = openpyxl.load_workbook(data / sys.argv[2], read_only=True, data_only=True)
    tally: Counter = Counter()
    for r in list(wb["Flags"].iter_rows(values_only=True))[1:]:
        if not r or r[1] not in ("at_risk_account", "probably_closed", "important_overdue"):
            continue
        text = " ".join(str(x) for x in r if x)
        codes = set(re.findall(r"\b(1\d{5})\b", text))
        for code in sorted(codes):
            c = C.get(code)
            if not c:
                continue
            alive = not c[1] or c[1] > T["export_end"]
            kero_only = c[2] == "家庭" and c[3] == 0 and c[4] == 1
            tally[(r[1], "alive" if alive else "closed", "灯油のみ" if kero_only else "other")] += 1
            print(
                r[1],
                r[3],
                code,
                "alive" if alive else f"closed {c[1]}",
                "灯油のみ" if kero_only else c[2],
            )
    for k, v in sorted(tally.items()):
        print(k, v)


if __name__ == "__main__":
    main()
