# ruff: noqa: E501
"""Trial 52: routekpi's monthly team revenue (by 売上日) against the manager's 請求一覧 (20日締め, by 請求月).

shime.py DATA_DIR ATTAINMENT_DUMP — the dump is trial_dump.py's text of the Attainment sheet (PlanYear 2026 book)."""

from __future__ import annotations

import csv
import sys
from pathlib import Path


def main() -> None:
    data = Path(sys.argv[1])
    att: dict[str, tuple[float, float]] = {}
    for line in (data / sys.argv[2]).read_text(encoding="utf-8").splitlines():
        p = [x.strip() for x in line.split("|")]
        if len(p) > 5 and p[1] == "ALL" and p[2] == "revenue":
            att[p[0].split()[-1]] = (float(p[4]), float(p[5]))
    print(
        "month    routekpi(売上日)          target | 請求一覧 今回売上額   diff  attain(rk) attain(請求)"
    )
    tot_a = tot_s = 0.0
    for f in sorted(data.glob("請求一覧_2026*.csv")):
        ym = f"{f.stem[5:9]}-{f.stem[9:11]}"
        with f.open(encoding="cp932") as fh:
            s = sum(int(r["今回売上額"]) for r in csv.DictReader(fh))
        if ym in att:
            a, tg = att[ym]
            tot_a += a
            tot_s += s
            print(
                f"{ym} {a:15,.0f} {tg:15,.0f} | {s:15,.0f} {s / a - 1:+6.1%}  {a / tg:6.1%}  {s / tg:6.1%}"
            )
    print(
        f"2026-04 … 2026-11: routekpi {tot_a:,.0f}, 請求一覧 {tot_s:,.0f} ({tot_s / tot_a - 1:+.1%})"
    )


if __name__ == "__main__":
    main()
