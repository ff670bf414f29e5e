# ruff: noqa: E501
"""Trial 50: a book's revenue / lever targets against truth.json.

score.py DATA_DIR BOOK [FY]  — FY = the plan year (2027 default). Prints per-rep FY revenue target vs truth (share-normalised
too: target ÷ KGI vs truth ÷ truth total), month targets' shape vs truth, and the team levers vs truth."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import openpyxl


def main() -> None:
    data = Path(sys.argv[1])
    book = sys.argv[2]
    fy = sys.argv[3] if len(sys.argv) > 3 else "2027"
    T = json.loads((data / "truth.json").read_text(encoding="utf-8"))
    wb = openpyxl.load_workbook(data / book, read_only=True, data_only=True)
    rows = list(wb["Targets"].iter_rows(values_only=True))
    hdr = rows[0]
    idx = {h: i for i, h in enumerate(hdr)}
    tg: dict = {}
    for r in rows[1:]:
        if r[0] is None:
            continue
        tg[(str(r[idx["期間"]]), r[idx["担当者"]], r[idx["KPIキー"]])] = (
            r[idx["基準値"]],
            r[idx["目標"]],
        )
    truth_rep = T["fy_rep_revenue"][fy]
    kgi = tg[(f"FY{fy}", "ALL", "revenue")][1]
    tot = sum(truth_rep.values())
    print(
        f"KGI {kgi:,.0f}  truth FY{fy} {T['fy_revenue'][fy]:,}  ({kgi / T['fy_revenue'][fy] - 1:+.1%})"
    )
    errs = []
    print("rep | base | target | truth | target/truth | share-normalised")
    for rep, tv in sorted(truth_rep.items()):
        k = (f"FY{fy}", rep, "revenue")
        if k not in tg:
            print(rep, "no target", tv)
            continue
        b, t = tg[k]
        e = (t / kgi) / (tv / tot) - 1
        errs.append(abs(e))
        print(f"{rep} | {b:,.0f} | {t:,.0f} | {tv:,} | {t / tv - 1:+.1%} | {e:+.1%}")
    errs.sort()
    print(f"share-normalised MdAPE {errs[len(errs) // 2]:.1%}  max {errs[-1]:.1%}")
    # months
    print("month | target | share | truth share | truth ¥")
    y = int(fy)
    mons = [f"{y}-{m:02d}" for m in range(4, 13)] + [f"{y + 1}-{m:02d}" for m in range(1, 4)]
    ttot = sum(T["month_revenue"][m] for m in mons)
    for m in mons:
        t = tg.get((m, "ALL", "revenue"), (None, None))[1]
        if t is None:
            continue
        print(
            f"{m} | {t:,.0f} | {t / kgi:.1%} | {T['month_revenue'][m] / ttot:.1%} | {T['month_revenue'][m]:,}"
        )
    for key in (
        "active_accounts",
        "visit_frequency",
        "orders_per_visit",
        "unit_price",
        "visits",
        "orders",
        "new_accounts",
        "churned_accounts",
        "retention",
    ):
        v = tg.get((f"FY{fy}", "ALL", key))
        if v:
            print(f"lever {key}: base {v[0]} target {v[1]}")


if __name__ == "__main__":
    main()
