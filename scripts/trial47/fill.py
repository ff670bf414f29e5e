# ruff: noqa: E501
"""Trial 47: fill a fresh template book for the MRO 商社 (Sources → sqlite ERP tables).

fill.py DATA_DIR VARIANT
  base   : Sources names erp.db's order_lines / customers / visits; Leave 鈴木 育休 with cover 山田;
           Reps with 営業所; KGI 「30億」 (the plan made in September), PlanYear 2026, FiscalStartMonth 10
  replan : base + KGI 「29億」 (the mid-year re-plan after the big account's cut) and the price revision declared
  url    : Sources rows as URL with ?table= in the source cell, table cell blank
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from routekpi.io.sheetrewrite import rewrite_workbook
from routekpi.io.sheetxml import Cell, SheetContent
from routekpi.io.template import build_template

REPS = [
    ("鈴木 一郎", "浜松"),
    ("山田 健", "浜松"),
    ("中島 亮", "浜松"),
    ("石川 さくら", "浜松"),
    ("松本 大樹", "豊橋"),
    ("井上 真央", "豊橋"),
    ("木村 拓", "豊橋"),
]


def hdr(cols: list[str]) -> list[Cell]:
    return [Cell(h, "rk_header") for h in cols]


def main() -> None:
    data = Path(sys.argv[1])
    variant = sys.argv[2]
    settings: dict[str, object] = {"KGI": "30億", "PlanYear": 2026, "FiscalStartMonth": 10}
    if variant == "replan":
        settings.update({"KGI": "29億", "PriceRevisionMonth": "2025-10", "PriceRevisionPct": 5})
    dst = data / f"book_{variant}.xlsm"
    tmp = dst.with_suffix(".tmp.xlsm")
    tmp.write_bytes(build_template("ja", settings=settings))
    if variant == "url":
        src = [
            ["受注", "sqlite:///erp.db?table=order_lines", None, None],
            ["顧客", "sqlite:///erp.db?table=customers", None, None],
            ["訪問", "sqlite:///erp.db?table=visits", None, None],
        ]
    else:
        src = [
            ["受注", "sqlite:///erp.db", "order_lines", None],
            ["顧客", "sqlite:///erp.db", "customers", None],
            ["訪問", "sqlite:///erp.db", "visits", None],
        ]
    sheets = {
        "Sources": SheetContent(
            rows=[hdr(["入力", "ソース", "テーブル/クエリ", "文字コード"]), *src]
        ),
        "Leave": SheetContent(
            rows=[
                hdr(["担当者", "開始日", "終了日", "理由", "代行者"]),
                ["鈴木 一郎", "2026/11/16", "2027/2/15", "育休", "山田 健"],
            ]
        ),
        "Reps": SheetContent(
            rows=[
                hdr(["担当者", "メールアドレス", "営業所"]),
                *[[n, f"rep{i}@example.co.jp", b] for i, (n, b) in enumerate(REPS)],
            ]
        ),
    }
    rewrite_workbook(tmp, sheets, dst=dst, resize_tables=True)
    os.unlink(tmp)
    print(dst)


if __name__ == "__main__":
    main()
