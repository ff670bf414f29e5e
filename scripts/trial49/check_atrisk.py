# ruff: noqa: E501
"""Trial 49: at-risk flags and Daily stops against the truth (closed salons, 居抜き): check_atrisk.py DATA VARIANT."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import openpyxl


def main() -> None:
    data, variant = Path(sys.argv[1]), sys.argv[2]
    asof = "2026-12-04"
    acc = {
        r["code"]: r
        for r in csv.DictReader(
            io.StringIO((data / "truth_accounts.csv").read_text(encoding="utf-8"))
        )
    }
    inuki_old = {r["inuki_of"]: r["code"] for r in acc.values() if r["inuki_of"]}
    wb = openpyxl.load_workbook(data / f"book_{variant}.xlsm", read_only=True, data_only=True)
    flags = [
        r for r in wb["Flags"].iter_rows(min_row=2, values_only=True) if r[1] == "at_risk_account"
    ]
    print(f"at-risk flags: {len(flags)}")
    for r in flags:
        a = acc.get(str(r[5]))
        state = (
            "?"
            if a is None
            else (
                "CLOSED " + a["end"] + (" typed" if a["typed_end"] == "1" else " not typed")
                if a["end"] and a["end"] <= asof
                else "open"
            )
        )
        extra = f" (居抜き → {inuki_old[a['code']]})" if a and a["code"] in inuki_old else ""
        print(f"  {r[0]} {r[3]} {r[5]} {state}{extra} | {str(r[6])[:70]}")
    daily = list(wb["Daily"].iter_rows(min_row=2, values_only=True))
    stops = [r for r in daily if isinstance(r[2], int) and r[3]]
    codes = {str(r[3]) for r in stops}
    closed = [c for c in codes if c in acc and acc[c]["end"] and acc[c]["end"] <= asof]
    print(
        f"Daily stops {len(stops)} ({len(codes)} salons); closed in truth: {len(closed)}: {sorted(closed)[:15]}"
    )
    for c in sorted(closed)[:15]:
        a = acc[c]
        print(
            f"  {c} {a['name']} end {a['end']} typed={a['typed_end']}"
            + (f" 居抜き→{inuki_old[c]}" if c in inuki_old else "")
        )


if __name__ == "__main__":
    main()
