# ruff: noqa: E501
"""Trial 45: after 伊藤's log says 100234 and 100288 closed, the 課長 types their 取引停止日 on the book's
Accounts sheet (the master itself comes from 得意先マスタ.xlsx on Sources). closed_rows.py BOOK OUT"""

from __future__ import annotations

import sys
from pathlib import Path

from routekpi.io.sheetrewrite import rewrite_workbook
from routekpi.io.sheetxml import Cell, SheetContent


def main() -> None:
    src, dst = Path(sys.argv[1]), Path(sys.argv[2])
    hdr = [Cell(h, "rk_header") for h in ["顧客コード", "顧客名", "担当者", "取引開始日", "解約日"]]
    rows = [
        hdr,
        ["100234", "atelier ルフレ", "伊藤 翔", "2019/5/1", "2026/6/30"],
        ["100288", "Hair ブラン 駅前店", "伊藤 翔", "2015/1/1", "2026/8/31"],
    ]
    rewrite_workbook(src, {"Accounts": SheetContent(rows=rows)}, dst=dst, resize_tables=True)
    print(dst)


if __name__ == "__main__":
    main()
