# ruff: noqa: E501
"""Trial 48: 上野 types three rows into her copy's 訪問入力 (one a stop the handheld has), then a second file with one more.

collect_demo.py DATA_DIR   (needs share/book_byname_上野_美香.xlsx)
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import openpyxl

d = Path(sys.argv[1])
(d / "returned").mkdir(exist_ok=True)
wb = openpyxl.load_workbook(d / "share" / "book_byname_上野_美香.xlsx")
ws = wb["訪問入力"]
rows = [
    (dt.datetime(2026, 12, 4), "(有)さくら不動産20", "配達", None, "ハンディにもある"),
    (dt.datetime(2026, 12, 4), None, "新規開拓", "成功", "近くの歯科 新規"),
    (dt.datetime(2026, 12, 4), "株式会社星ヶ丘美容室68", "訪問", None, "名前で入力"),
]
for i, r in enumerate(rows, 2):
    for j, v in enumerate(r, 1):
        ws.cell(i, j, v)
wb.save(d / "returned" / "book_byname_上野_美香.xlsx")
ws.cell(5, 1, dt.datetime(2026, 12, 4))
ws.cell(5, 2, "みどり美容室70")  # the handheld logged this stop on 12/4
ws.cell(5, 3, "配達")
wb.save(d / "returned" / "book_byname_上野_美香_2.xlsx")
