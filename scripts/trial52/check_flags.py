# ruff: noqa: E501
"""Trial 52: each customer the Flags sheet names, against truth.json (open or closed, a project account?).

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
    acc = t["accounts"]
    wb = openpyxl.load_workbook(data / sys.argv[2], read_only=True, data_only=True)
    rows = list(wb["Flags"].iter_rows(values_only=True))
    tally: Counter = Counter()
    for r in rows[1:]:
        if not r or r[1] is None:
            continue
        code, text = str(r[1]), str(r[6] or "")
        cds = [str(r[5])] if r[5] else re.findall(r"\((\d{6})\)", text)
        for cd in cds:
            a = acc.get(cd)
            if a is None:
                continue
            closed = a["end"] is not None and a["end"] <= "2026-12-05"
            rv = a["rev_fy"]
            print(
                f"{r[0]} {code:24s} {cd} {a['name'][:14]:14s} {a['type']:10s} closed={a['end'] if closed else '-':10s} proj/yr={a['proj_per_year']:5.2f} cons/mo={a['cons_per_month']:5.2f} FY24 {rv['2024']:>12,} FY25 {rv['2025']:>12,} FY26 {rv['2026']:>12,} FY27 {rv['2027']:>12,}"
            )
            tally[(code, closed)] += 1
    for k, v in sorted(tally.items()):
        print(k, v)


if __name__ == "__main__":
    main()
