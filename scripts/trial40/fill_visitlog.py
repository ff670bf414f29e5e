# ruff: noqa: E501  (trial helper: long Japanese literals; seeded logic kept as run)
"""Trial 40: a rep (高橋 誠) types a few visits into his copy's 訪問入力 sheet, mistakes included."""

import datetime as dt
import sys

import openpyxl

src, dst = sys.argv[1], sys.argv[2]
wb = openpyxl.load_workbook(src)
acc = [r for r in wb["担当顧客"].iter_rows(min_row=2, values_only=True) if r[0]]
c1, n1 = str(acc[0][0]), acc[0][1]
c2 = str(acc[1][0])
ws = wb["訪問入力"]
rows = [
    (dt.date(2026, 12, 1), c1, "訪問", None, "定期訪問"),  # fine
    (dt.date(2026, 12, 1), c2, "ディテール", None, "新薬説明"),  # company word (Words sheet)
    ("12/2", c1, "訪問", None, "年なし"),  # no year
    (dt.date(2026, 12, 2), "101452", "訪問", None, "中村さんの病院に同行"),  # colleague's account
    (dt.date(2026, 12, 2), "".join(chr(ord(ch) + 0xFEE0) for ch in c2), "訪問", None, "全角コード"),
    (dt.date(2026, 12, 3), n1, "訪問", None, "コードでなく名前"),  # name, not code
    (dt.date(2026, 12, 20), c1, "訪問", None, "予定を先に入力"),  # future
    (dt.date(2026, 12, 3), c2, "電話", None, "在庫確認"),  # contact
    (dt.date(2026, 12, 1), c1, "訪問", None, "定期訪問"),  # duplicate of row 1
    (dt.date(2026, 12, 4), c1, "訪門", None, "誤字"),  # typo kind
    (dt.date(2062, 12, 4), c2, "訪問", None, "年の打ち間違い"),  # year typo
    (dt.date(2026, 12, 4), c2, "説明会", "成功", "院内説明会"),  # company word → 商談
]
for i, r in enumerate(rows, start=2):
    for j, v in enumerate(r, start=1):
        ws.cell(i, j, v)
wb.save(dst)
print("codes", c1, n1, c2)
