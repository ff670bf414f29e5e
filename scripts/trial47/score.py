# ruff: noqa: E501
"""Trial 47: a book's FY revenue targets per rep (Targets sheet) vs the simulated truth: score.py BOOK TRUTH_JSON."""

from __future__ import annotations

import json
import sys

import openpyxl


def main() -> None:
    wb = openpyxl.load_workbook(sys.argv[1], read_only=True, data_only=True)
    with open(sys.argv[2], encoding="utf-8") as f:
        truth = json.load(f)
    t27, t26 = truth["fy2027_by_holder"], truth["fy2026_by_holder"]
    tot = sum(t27.values())
    kgi = None
    rows = {}
    for r in wb["Targets"].iter_rows(min_row=2, values_only=True):
        if r[0] and str(r[0]).startswith("FY") and r[2] == "revenue":
            if r[1] == "ALL":
                kgi = r[5]
            else:
                rows[r[1]] = r[5]
    print(
        f"{'rep':10} {'last FY':>12} {'target':>12} {'truth':>12} {'tgt/truth':>9} {'uniform':>8} {'nochange':>8}"
    )
    errs = []
    for rep, tgt in rows.items():
        u = t26[rep] * kgi / sum(t26.values())
        e = tgt / t27[rep] - 1
        errs.append(abs(e))
        print(
            f"{rep:10} {t26[rep]:12,.0f} {tgt:12,.0f} {t27[rep]:12,.0f} {e:+9.1%} {u / t27[rep] - 1:+8.1%} {t26[rep] / t27[rep] - 1:+8.1%}"
        )
    errs.sort()
    print(
        f"team KGI {kgi:,.0f} vs truth {tot:,.0f} ({kgi / tot - 1:+.1%}); MdAPE {errs[len(errs) // 2]:.1%}"
    )


if __name__ == "__main__":
    main()
