# ruff: noqa: E501
"""Trial 43: compare consecutive weeks' Daily lists with what reps typed (typed.json)."""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

base = Path(sys.argv[1] if len(sys.argv) > 1 else "/work/wt/_trial43/data")


def _copy_rows(p: Path) -> list[list]:
    import openpyxl

    if not p.exists():
        return []
    ws = openpyxl.load_workbook(p, read_only=True)["訪問入力"]
    return [list(r) for r in ws.iter_rows(min_row=2, values_only=True) if any(r)]


typed = json.loads((base / "typed.json").read_text()) if (base / "typed.json").exists() else {}
for w in range(1, 5):
    a = base / f"daily_w{w}.json"
    b = base / f"daily_w{w + 1}.json"
    if not b.exists():
        break
    da, db = json.loads(a.read_text()), json.loads(b.read_text())
    print(
        f"== week {w} -> {w + 1}: next list from {db['first_day']}, visits_through {db['visits_through']}"
    )
    nextweek = defaultdict(list)
    for s in db["daily"]:
        if s.get("account"):
            nextweek[s["rep"]].append(s)
    for rep in sorted({s["rep"] for s in da["daily"]}):
        rows = typed.get(f"w{w}:{rep}") or _copy_rows(base / f"w{w}" / f"book_{rep}.xlsx")
        visited = {r[1] for r in rows if r[2] == "訪問" and r[1]}
        listed = {
            s["account"]
            for s in da["daily"]
            if s["rep"] == rep and s.get("account") and s["date"] < db["first_day"]
        }
        skipped = listed - visited
        first = [s for s in nextweek[rep] if s["date"] == db["first_day"]]
        again = [s for s in first if s["account"] in visited]
        rise = [s for s in nextweek[rep] if s["account"] in skipped]
        print(
            f"  {rep:10s} typed {len(rows):3d} visited {len(visited):3d} listed-this-week {len(listed):3d} skipped {len(skipped):3d} | next Monday {len(first)} stops, {len(again)} visited last week; skipped ones re-listed in next 10 days: {len(rise)}"
        )
        for s in again[:2]:
            print("      again:", s["account"], s["reason"][:90])
