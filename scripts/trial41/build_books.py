"""Trial 41: paste the simulated CSVs into fresh template books (as a manager pasting in Excel).

build_books.py DATA_DIR OUT_DIR  -> book26.xlsm (PlanYear 2026) and book27.xlsm (PlanYear 2027).
"""

from __future__ import annotations

import csv
import json
import os
import sys
from datetime import date
from pathlib import Path

from routekpi.io.sheetrewrite import rewrite_workbook
from routekpi.io.sheetxml import Cell, SheetContent
from routekpi.io.template import build_template


def rows(path: Path, date_cols: set[int], num_cols: set[int]) -> list[list[object]]:
    with open(path, encoding="utf-8") as fh:
        r = list(csv.reader(fh))
    out: list[list[object]] = [[Cell(h, "rk_header") for h in r[0]]]
    for line in r[1:]:
        vals: list[object] = []
        for i, v in enumerate(line):
            if v == "":
                vals.append(None)
            elif i in date_cols:
                vals.append(date.fromisoformat(v))
            elif i in num_cols:
                vals.append(int(v))
            else:
                vals.append(v)
        out.append(vals)
    return out


def book(data: Path, dst: Path, settings: dict[str, object]) -> None:
    tmp = dst.with_suffix(".tmp.xlsm")
    tmp.write_bytes(build_template("ja", settings=settings))
    sheets = {
        "Orders": SheetContent(rows=rows(data / "orders.csv", {0}, {3, 4})),
        "Visits": SheetContent(rows=rows(data / "visits.csv", {0}, set())),
        "Accounts": SheetContent(rows=rows(data / "accounts.csv", {3, 4}, set())),
    }
    rewrite_workbook(tmp, sheets, dst=dst, resize_tables=True)
    os.unlink(tmp)


def main() -> None:
    data, out = Path(sys.argv[1]), Path(sys.argv[2])
    truth = json.loads((data / "truth.json").read_text())
    rev = {int(k): v for k, v in truth["revenue_by_year"].items()}
    common = {"FiscalStartMonth": 1, "WorkingDays": "月-土"}
    # FY2026 budget the manager set a year ago: FY2025 +3%, rounded to ¥1M
    kgi26 = round(rev[2025] * 1.03, -6)
    book(data, out / "book26.xlsm", {**common, "KGI": kgi26, "PlanYear": 2026})
    # FY2027: +5% over "this year" — FY2026 Jan–Nov plus last December as a stand-in
    # (the manager's back-of-envelope; the history has no December 2026 yet)
    kgi27 = 623_000_000
    book(data, out / "book27.xlsm", {**common, "KGI": kgi27, "PlanYear": 2027})
    print("KGI FY2026", kgi26, "KGI FY2027", kgi27)


if __name__ == "__main__":
    main()
