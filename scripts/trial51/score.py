# ruff: noqa: E501
"""Trial 51: a book's FY targets against truth.json.

score.py DATA_DIR BOOK [FY]  — per-rep revenue targets (scaled to the truth's total) vs truth by holder, the month
shares of the team's revenue target vs the truth's, the team levers."""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path

import openpyxl


def main() -> None:
    data = Path(sys.argv[1])
    book = data / sys.argv[2]
    fy = int(sys.argv[3]) if len(sys.argv) > 3 else 2027
    t = json.loads((data / "truth.json").read_text(encoding="utf-8"))
    names = {c: v["name"] for c, v in t["reps"].items()}
    wb = openpyxl.load_workbook(book, read_only=True, data_only=True)
    ws = wb["Targets"]
    rows = list(ws.iter_rows(values_only=True))
    per_rep: dict[str, float] = {}
    base_rep: dict[str, float] = {}
    months: dict[str, float] = {}
    team: dict[str, tuple] = {}
    for r in rows[1:]:
        if not r or r[0] is None:
            continue
        per, rep, key = str(r[0]), str(r[1]), str(r[2])
        if per == f"FY{fy}" and key == "revenue" and rep != "ALL":
            per_rep[rep] = float(r[5] or 0)
            base_rep[rep] = float(r[4] or 0)
        if per.startswith(f"{fy}-") and rep == "ALL" and key == "revenue":
            months[per[5:]] = float(r[5] or 0)
        if per == f"FY{fy}" and rep == "ALL":
            team[key] = (r[4], r[5])
    truth_key = "fy2027" if fy == 2027 else "fy2026"
    tr = {names[c]: v[truth_key] for c, v in t["per_rep_by_holder_2026_12"].items()}
    tot_t = sum(tr.values())
    tot_b = sum(per_rep.values()) or 1
    tot_base = sum(base_rep.values()) or 1
    print(
        f"book {book.name} FY{fy}: team target {team.get('revenue')}, truth FY revenue {t['fy_revenue'][str(fy)]:,}"
    )
    print(
        f"{'rep':10s} {'target':>14s} {'share-scaled':>14s} {'truth':>14s} {'err':>7s} {'base-share err':>15s}"
    )
    errs, errs_b = [], []
    for rep in sorted(tr):
        tg = per_rep.get(rep, 0.0)
        sc = tg / tot_b * tot_t
        bs = base_rep.get(rep, 0.0) / tot_base * tot_t
        e = sc / tr[rep] - 1
        eb = bs / tr[rep] - 1
        errs.append(abs(e))
        errs_b.append(abs(eb))
        print(f"{rep:10s} {tg:14,.0f} {sc:14,.0f} {tr[rep]:14,.0f} {e:+7.1%} {eb:+15.1%}")
    extra = sorted(set(per_rep) - set(tr))
    if extra:
        print("reps not in truth:", extra)
    print(
        f"MdAPE {statistics.median(errs):.1%} max {max(errs):.1%}; baseline-share split MdAPE {statistics.median(errs_b):.1%} max {max(errs_b):.1%}"
    )
    sh_t = t.get(f"month_share_{fy}", {})
    tot_m = sum(months.values()) or 1
    print("month  target-share truth-share diff(pt)")
    for m in sorted(months):
        s = months[m] / tot_m
        print(f"{m}     {s:6.1%}      {sh_t.get(m, 0):6.1%}   {100 * (s - sh_t.get(m, 0)):+5.1f}")
    for k, v in team.items():
        if k != "revenue":
            print(f"team {k}: base {v[0]} → target {v[1]}")


if __name__ == "__main__":
    main()
