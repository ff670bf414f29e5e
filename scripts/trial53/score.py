# ruff: noqa: E501
"""Trial 53: a book's numbers against truth.json — team baseline and targets, per-rep baselines (by today's holder),
months, YTD, landing, accounts.   score.py DATA_DIR BOOK"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import openpyxl


def rows(wb: openpyxl.Workbook, sheet: str) -> list[tuple]:
    return [r for r in wb[sheet].iter_rows(values_only=True) if any(v not in (None, "") for v in r)]


def main() -> None:
    d = Path(sys.argv[1])
    t = json.loads((d / "truth.json").read_text(encoding="utf-8"))
    wb = openpyxl.load_workbook(d / sys.argv[2], read_only=True, data_only=True)
    tg = [r for r in rows(wb, "Targets") if r[2] == "revenue"]
    fy = next(r[0] for r in tg if str(r[0]).startswith("FY"))
    first = min(str(r[0]) for r in tg if not str(r[0]).startswith("FY"))
    start = int(
        first[:4]
    )  # the plan year starts in July of `start`; truth names by END year: the baseline year is FY`start`
    truth_base = t["fy"][f"FY{start}"]["net"]
    team = next(r for r in tg if r[1] == "ALL" and r[0] == fy)
    print(
        f"plan {fy} (sheet label; from {first}) baseline {team[4]:,.0f} truth FY{start} net {truth_base:,.0f} ({team[4] / truth_base - 1:+.2%}); target {team[5]:,.0f} (KGI/truth base {team[5] / truth_base - 1:+.2%})"
    )
    if f"FY{start + 1}" in t["fy"]:
        print(
            f"  drawn FY{start + 1} net {t['fy'][f'FY{start + 1}']['net']:,.0f} (target/drawn {team[5] / t['fy'][f'FY{start + 1}']['net'] - 1:+.2%})"
        )
    hold = t["holder_fy_today"][f"FY{start}"]
    print(
        "rep | baseline | truth FY-1 (today's holder) | diff | target | target/truth-base | drawn plan-year"
    )
    for r in tg:
        if r[0] == fy and r[1] != "ALL":
            tb = hold.get(r[1], 0)
            dr = t["holder_fy_today"].get(f"FY{start + 1}", {}).get(r[1], 0)
            print(
                f"  {r[1]} | {r[4]:,.0f} | {tb:,.0f} | {r[4] - tb:+,.0f} | {r[5]:,.0f} | {r[5] / tb - 1:+.2%} | {dr:,.0f}"
            )
    print("month | baseline | truth net a year before | target")
    for r in tg:
        if r[1] == "ALL" and r[0] != fy:
            y, m = str(r[0]).split("-")
            prev = f"{int(y) - 1}-{m}"
            tn = t["months"].get(prev, {}).get("net", 0)
            print(f"  {r[0]} | {r[4]:,.0f} | {tn:,.0f} ({(r[4] or 0) - tn:+,.0f}) | {r[5]:,.0f}")
    at = [r for r in rows(wb, "Attainment") if r[1] == "ALL" and r[2] == "revenue"]
    for r in at:
        tm = t["months"].get(str(r[0]), {}).get("net_exported")
        print(
            f"  attainment {r[0]} actual {r[4]:,.0f} truth {tm if tm is None else f'{tm:,.0f}'} landing {r[8]:,.0f}"
        )


if __name__ == "__main__":
    main()
