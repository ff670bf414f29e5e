"""Trial 48: the manager's two ways around the ERP renumbering, done as he would in Excel.

remap.py DATA_DIR
  remap/  : old codes replaced by the new ones (VLOOKUP on the master's 旧得意先コード) in the old
            ERP files and the handheld log; accounts closed before the migration keep their old code
  旧ERP_受注_FY2023_千円無表示.csv: the 千円 file under a plain 金額 header
  byname/ : every order/visit file with its 得意先コード column deleted (README: a ledger with no
            code column keys its accounts by the customer's name)
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

d = Path(sys.argv[1])
(d / "remap").mkdir(exist_ok=True)
(d / "byname").mkdir(exist_ok=True)
old2new: dict[str, str] = {}
with open(d / "新ERP_得意先マスタ.csv", encoding="utf-8-sig", newline="") as f:
    for row in csv.DictReader(f):
        if row["旧得意先コード"]:
            old2new[row["旧得意先コード"]] = row["得意先コード"]
# the same 千円 file with a plain 金額 header (the unit not said): for the `kyen` book
with (
    open(d / "旧ERP_受注_FY2023.csv", encoding="cp932", newline="") as f,
    open(d / "旧ERP_受注_FY2023_千円無表示.csv", "w", encoding="cp932", newline="") as g,
):
    r, w = csv.reader(f), csv.writer(g)
    w.writerow([*next(r)[:-1], "金額"])
    w.writerows(r)
files = {
    "旧ERP_受注_FY2023_千円無表示.csv": "cp932",
    "旧ERP_受注_FY2023_円.csv": "cp932",
    "旧ERP_受注_FY2024.csv": "cp932",
    "新ERP_売上明細.csv": "utf-8-sig",
    "ハンディ訪問記録.csv": "cp932",
}
n = 0
for name, enc in files.items():
    with open(d / name, encoding=enc, newline="") as f:
        rows = list(csv.reader(f))
    head = rows[0]
    ci = head.index("得意先コード")
    with open(d / "remap" / name, "w", encoding=enc, newline="") as g:
        w = csv.writer(g)
        w.writerow(head)
        for r in rows[1:]:
            if r[ci] in old2new:
                r = [*r]
                r[ci] = old2new[r[ci]]
                n += 1
            w.writerow(r)
    with open(d / "byname" / name, "w", encoding=enc, newline="") as g:
        w = csv.writer(g)
        w.writerow([h for i, h in enumerate(head) if i != ci])
        for r in rows[1:]:
            w.writerow([v for i, v in enumerate(r) if i != ci])
print(f"{len(old2new)} old codes in the master; {n} rows remapped")
