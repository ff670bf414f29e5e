"""Trial 40: paste the 基幹 order export into the Orders sheet as Excel would (numbers as numbers)."""  # noqa: E501

import csv
import sys

import openpyxl

book, src = sys.argv[1], sys.argv[2]
wb = openpyxl.load_workbook(book, keep_vba=True)
ws = wb["Orders"]
ws.delete_rows(1, ws.max_row)
with open(src, encoding="cp932") as f:
    for i, row in enumerate(csv.reader(f)):
        if i:
            row = [int(x) if x.isdigit() and j in (7, 8, 9) else x for j, x in enumerate(row)]
        ws.append(row)
wb["Sources"].delete_rows(2, 10)
s = wb["Sources"]
s.cell(2, 1, "訪問")
s.cell(2, 2, "SFA活動履歴.csv")
s.cell(3, 1, "顧客")
s.cell(3, 2, "得意先マスタ.csv")
wb.save(book)
