# ruff: noqa: E501
"""Trial 52: a book's FY targets against truth.json.

score.py DATA_DIR BOOK [FY] — per-rep revenue targets (scaled to the truth's total) vs the truth by today's holder, both
the year as drawn and the year expected (the rates: projects are lumpy, a year's draw is luck), the month shares of the
team's revenue target vs the truth's, the team levers."""

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
    wb = openpyxl.load_workbook(book, read_only=True, data_only=True)
    rows = list(wb["Targets"].iter_rows(values_only=True))
    per_rep: dict[str, float] = {}
    months: dict[str, float] = {}
    team: dict[str, tuple] = {}
    for r in rows[1:]:
        if not r or r[0] is None:
            continue
        per, rep, key = str(r[0]), str(r[1]), str(r[2])
        if per == f"FY{fy}" and key == "revenue" and rep != "ALL":
            per_rep[rep] = float(r[5] or 0)
        if rep == "ALL" and key == "revenue" and len(per) == 7 and per[4] == "-":
            y, m = int(per[:4]), int(per[5:])
            if (y == fy and m >= 4) or (y == fy + 1 and m <= 3):
                months[per[5:]] = float(r[5] or 0)
        if per == f"FY{fy}" and rep == "ALL":
            team[key] = (r[4], r[5])
    drawn = {v["name"]: v[f"fy{fy}"] for v in t["per_rep_by_holder_2026_12"].values()}
    expect = {k: v[str(fy)] for k, v in t["expected_per_rep_by_holder_2026_12"].items()}
    print(
        f"book {book.name} FY{fy}: team (base, target) {team.get('revenue')}; truth FY revenue drawn {t['fy_revenue_by_uriagebi_zeinuki'][str(fy)]:,}, expected {t['expected_fy_revenue'][str(fy)]:,}"
    )
    print(
        f"{'rep':10s} {'target':>14s} {'scaled→drawn':>13s} {'drawn':>13s} {'err':>7s} {'scaled→exp':>13s} {'expected':>13s} {'err':>7s}"
    )
    tot_b = sum(per_rep.values()) or 1
    e1, e2 = [], []
    for rep in sorted(drawn):
        tg = per_rep.get(rep, 0.0)
        s1 = tg / tot_b * sum(drawn.values())
        s2 = tg / tot_b * sum(expect.values())
        a, b = s1 / drawn[rep] - 1, s2 / expect[rep] - 1
        e1.append(abs(a))
        e2.append(abs(b))
        print(
            f"{rep:10s} {tg:14,.0f} {s1:13,.0f} {drawn[rep]:13,.0f} {a:+7.1%} {s2:13,.0f} {expect[rep]:13,.0f} {b:+7.1%}"
        )
    extra = sorted(set(per_rep) - set(drawn))
    if extra:
        print("reps not in truth:", extra)
    print(
        f"vs drawn: MdAPE {statistics.median(e1):.1%} max {max(e1):.1%}; vs expected: MdAPE {statistics.median(e2):.1%} max {max(e2):.1%}"
    )
    sh_t = t.get(f"month_share_{fy}", {})
    tot_m = sum(months.values()) or 1
    print("month  target-share truth-share diff(pt)")
    order = [f"{m:02d}" for m in (4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3)]
    for m in order:
        if m in months:
            s = months[m] / tot_m
            print(
                f"{m}     {s:6.1%}      {sh_t.get(m, 0):6.1%}   {100 * (s - sh_t.get(m, 0)):+5.1f}"
            )
    for k, v in team.items():
        if k != "revenue":
            print(f"team {k}: base {v[0]} → target {v[1]}")


if __name__ == "__main__":
    main()
