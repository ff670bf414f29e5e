# ruff: noqa: E501
"""Trial 43: four Mondays (2026-11-02 .. 11-23, then 11-30) of recalc / daily / share / fill / collect.

Reps fill the 訪問入力 sheet of their copies from that week's Daily list (daily --json):
followers visit ~85% of their stops; Yamamoto ignores the list (same 6 accounts daily);
Suzuki types a wrong year, an unknown account, a duplicate row, and (week 2) a future date;
Sato is on leave 11/16-18 (Leave sheet); Tanaka adds 2 アポ a day (appointment push).
Usage: python scripts/trial43/simulate_weeks.py BOOKDIR  (BOOKDIR holds book.xlsm)
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import openpyxl

HOLI = {date(2026, 11, 3), date(2026, 11, 23)}
MONDAYS = [date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 16), date(2026, 11, 23)]
LEAVE = ("Sato", date(2026, 11, 16), date(2026, 11, 18))
LOG: list[str] = []


def run(when: str, *args: str) -> str:
    t = time.time()
    p = subprocess.run(
        ["faketime", when, sys.executable, "-m", "routekpi.cli", *args],
        capture_output=True,
        text=True,
    )
    dt = time.time() - t
    line = f"[{when}] routekpi {' '.join(args)} -> rc {p.returncode} in {dt:.1f}s"
    print(line)
    LOG.append(line)
    LOG.append(p.stdout[-4000:] + p.stderr[-2000:])
    return p.stdout + p.stderr


def fill(
    copy: Path, rep: str, days: list[date], plan: list[dict], week: int, rng: random.Random
) -> list[tuple]:
    wb = openpyxl.load_workbook(copy)
    ws = wb["訪問入力"]
    own = [r[0] for r in wb["担当顧客"].iter_rows(min_row=2, values_only=True) if r[0]]
    rows: list[tuple] = []
    for d in days:
        if rep == LEAVE[0] and LEAVE[1] <= d <= LEAVE[2]:
            continue
        stops = [
            s["account"]
            for s in plan
            if s["rep"] == rep and s["date"] == d.isoformat() and s.get("account")
        ]
        stops = own[:6] if rep == "Yamamoto" else [s for s in stops if rng.random() < 0.85]
        rows += [(d, a, "訪問", None, None) for a in stops]
        if rep == "Tanaka":
            rows += [
                (
                    d,
                    None,
                    "アポ",
                    "成功" if rng.random() < 0.4 else "失敗",
                    f"新規テレアポ{d.day}-{i}",
                )
                for i in range(2)
            ]
    if rep == "Suzuki" and rows:
        rows.append(
            (date(2025, days[1].month, days[1].day), rows[0][1], "訪問", None, "年を打ち間違い")
        )
        rows.append((days[0], "C9999", "訪問", None, "未登録の顧客"))
        rows.append(rows[0])  # duplicate
        if week == 2:
            rows.append(
                (date(2026, 12, days[1].day), rows[1][1], "訪問", None, "月を打ち間違い(11→12)")
            )
    for i, r in enumerate(rows, start=2):
        for j, v in enumerate(r, start=1):
            ws.cell(i, j, v)
    wb.save(copy)
    return rows


def main(base: Path) -> None:
    rng = random.Random(43)
    typed: dict[str, list] = {}
    for w, mon in enumerate(MONDAYS, start=1):
        when = f"{mon} 08:00:00"
        out = base / f"w{w}"
        run(when, "recalc", "book.xlsm")
        dj = run(when, "daily", "book.xlsm", "--json")
        (base / f"daily_w{w}.json").write_text(dj[dj.index("{") :])
        plan = json.loads(dj[dj.index("{") :])["daily"]
        if w in (1, 4):
            run(
                when,
                "report",
                "book.xlsm",
                "--pdf",
                str(base / f"rev_w{w}.pdf"),
                "--sheets",
                "Dashboard,Review,Daily",
            )
        run(when, "share", "book.xlsm", "--out", str(out), "--per-rep", "--email", "--force")
        days = [mon + timedelta(i) for i in range(5) if mon + timedelta(i) not in HOLI]
        for copy in sorted(out.glob("book_*.xlsx")):
            rep = copy.stem.split("_", 1)[1]
            if rep == "team":
                continue
            typed[f"w{w}:{rep}"] = [
                [str(x) if x is not None else None for x in r]
                for r in fill(copy, rep, days, plan, w, rng)
            ]
        nxt = mon + timedelta(7)
        files = [str(p) for p in sorted(out.glob("book_*.xlsx")) if not p.stem.endswith("team")]
        run(f"{nxt} 07:30:00", "collect", "book.xlsm", *files)
        if (
            w == 2
        ):  # Suzuki re-sends week 2 on 12/10-equivalent? No: he re-sends the same file next week
            run(f"{nxt} 07:40:00", "collect", "book.xlsm", str(out / "book_Suzuki.xlsx"))
    final = f"{MONDAYS[-1] + timedelta(7)} 08:00:00"
    run(final, "recalc", "book.xlsm")
    dj = run(final, "daily", "book.xlsm", "--json")
    (base / "daily_w5.json").write_text(dj[dj.index("{") :])
    run(
        final,
        "report",
        "book.xlsm",
        "--pdf",
        str(base / "rev_w5.pdf"),
        "--sheets",
        "Dashboard,Review,Daily",
    )
    (base / "typed.json").write_text(json.dumps(typed, ensure_ascii=False, indent=0))
    (base / "log.txt").write_text("\n".join(LOG))


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/work/wt/_trial43/data"))
