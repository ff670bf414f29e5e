"""Trial 44: 加藤 fills four rows of his copy's 訪問入力 (a route visit, a 飛び込み to a prospect
with no code, the 商談 that wins it, a visit) and "mails it back" — written unencrypted to
OUT/returned/, as collect accepts.

collect_demo.py OUT_DIR  (needs OUT/share/book_加藤_亮.xlsx from `share`, password sake2027)
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import msoffcrypto
import openpyxl


def main() -> None:
    out = Path(sys.argv[1])
    plain = out / "kato_plain.xlsx"
    with open(out / "share" / "book_加藤_亮.xlsx", "rb") as fh, open(plain, "wb") as dst:
        office = msoffcrypto.OfficeFile(fh)
        office.load_key(password="sake2027")
        office.decrypt(dst)
    wb = openpyxl.load_workbook(plain)
    ws = wb["訪問入力"]
    rows = [
        (dt.datetime(2027, 1, 15), "21642", "訪問", None, "新年の挨拶"),
        (dt.datetime(2027, 1, 15), "居酒屋はな 巣鴨", "飛び込み", "継続", "店長不在、名刺"),
        (dt.datetime(2027, 1, 18), "居酒屋はな 巣鴨", "商談", "成功", "生樽切替OK"),
        (dt.datetime(2027, 1, 18), "21643", "訪問", "成功", None),
    ]
    for i, r in enumerate(rows, start=2):
        for j, v in enumerate(r, start=1):
            ws.cell(i, j, v)
    (out / "returned").mkdir(exist_ok=True)
    wb.save(out / "returned" / "book_加藤_亮.xlsx")


if __name__ == "__main__":
    main()
