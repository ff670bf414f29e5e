"""Trial 42: paste the 基幹/SFA exports (headers and all) into fresh template books,
as a manager would.

build_books.py DATA_DIR OUT_DIR [--words]
-> book27.xlsm (PlanYear 2026 = FY2027 by end-year naming),
book27typo.xlsm (PlanYear typed 2027, the company's name for the year). --words adds the Words rows.
"""

from __future__ import annotations

import csv
import os
import sys
from pathlib import Path

from routekpi.io.sheetrewrite import rewrite_workbook
from routekpi.io.sheetxml import Cell, SheetContent
from routekpi.io.template import build_template

KGI = 847_000_000  # FY2026 actual (税抜) x1.05, rounded
WORDS = [["圃場巡回", "訪問"], ["新規開拓", "アポ"]]


def rows(path: Path, num_cols: set[int]) -> list[list[object]]:
    with open(path, encoding="utf-8") as fh:
        r = list(csv.reader(fh))
    out: list[list[object]] = [[Cell(h, "rk_header") for h in r[0]]]
    for line in r[1:]:
        out.append(
            [None if v == "" else (int(v) if i in num_cols else v) for i, v in enumerate(line)]
        )
    return out


def book(data: Path, dst: Path, settings: dict[str, object], words: bool) -> None:
    tmp = dst.with_suffix(".tmp.xlsm")
    tmp.write_bytes(build_template("ja", settings=settings))
    sheets = {
        "Orders": SheetContent(rows=rows(data / "orders.csv", {1, 7, 8, 9})),
        "Visits": SheetContent(rows=rows(data / "visits.csv", set())),
        "Accounts": SheetContent(rows=rows(data / "accounts.csv", set())),
        "Leave": SheetContent(rows=rows(data / "leave.csv", set())),
        "Reps": SheetContent(
            rows=[[Cell(h, "rk_header") for h in ["担当者", "メールアドレス", "営業所"]]]
            + [
                [r, f"{i}@example.co.jp", b]
                for i, (r, b) in enumerate(
                    [
                        ("山本", "菊池"),
                        ("高橋", "菊池"),
                        ("伊藤", "菊池"),
                        ("中村", "菊池"),
                        ("佐藤", "八代"),
                        ("鈴木", "八代"),
                        ("小林", "八代"),
                    ]
                )
            ]
        ),
    }
    if words:
        sheets["Words"] = SheetContent(
            rows=[[Cell(h, "rk_header") for h in ["自社の言葉", "種別"]], *WORDS]
        )
    rewrite_workbook(tmp, sheets, dst=dst, resize_tables=True)
    os.unlink(tmp)


def main() -> None:
    data, out = Path(sys.argv[1]), Path(sys.argv[2])
    words = "--words" in sys.argv
    common = {"FiscalStartMonth": 10, "FiscalYearLabel": "end", "WorkingDays": "月-土", "KGI": KGI}
    sfx = "w" if words else ""
    book(data, out / f"book27{sfx}.xlsm", {**common, "PlanYear": 2026}, words)
    if not words:
        book(data, out / "book27typo.xlsm", {**common, "PlanYear": 2027}, words)


if __name__ == "__main__":
    main()
