"""Trial 40: type what the manager types into a fresh book (Settings, Sources, Reps, Words).

Usage: fill_book.py BOOK --plan-year Y --kgi YEN [--rev-month 2027-04 --rev-pct -5]
       [--words] [--paste-visits CSV] [--paste-orders CSV]
"""

from __future__ import annotations

import argparse
import csv

import openpyxl

REPS = {
    "佐藤 健一": "東支店",
    "鈴木 美穂": "東支店",
    "高橋 誠": "東支店",
    "田中 裕子": "東支店",
    "伊藤 大輔": "東支店",
    "渡辺 拓也": "西支店",
    "山本 沙織": "西支店",
    "中村 翔": "西支店",
    "小林 直樹": "西支店",
}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("book")
    ap.add_argument("--plan-year", type=int, required=True)
    ap.add_argument("--kgi", type=int, required=True)
    ap.add_argument("--rev-month")
    ap.add_argument("--rev-pct", type=float)
    ap.add_argument("--words", action="store_true")
    ap.add_argument("--paste-visits")
    ap.add_argument("--no-sources", action="store_true")
    a = ap.parse_args()
    wb = openpyxl.load_workbook(a.book, keep_vba=True)
    s = wb["Settings"]
    s["B4"] = a.kgi
    s["B5"] = a.plan_year
    if a.rev_month:
        s["B25"] = a.rev_month
        s["B26"] = a.rev_pct
    src = wb["Sources"]
    rows = [("受注", "売上明細_2022-2026.csv"), ("顧客", "得意先マスタ.csv")]
    if not a.paste_visits:
        rows.insert(1, ("訪問", "SFA活動履歴.csv"))
    if not a.no_sources:
        for i, (k, p) in enumerate(rows, start=2):
            src.cell(i, 1, k)
            src.cell(i, 2, p)
    reps = wb["Reps"]
    for i, (r, b) in enumerate(REPS.items(), start=2):
        reps.cell(i, 1, r)
        reps.cell(i, 3, b)
    if a.words:
        w = wb["Words"]
        for i, (k, v) in enumerate([("ディテール", "訪問"), ("説明会", "商談")], start=2):
            w.cell(i, 1, k)
            w.cell(i, 2, v)
    if a.paste_visits:
        # The manager pastes the SFA export's columns as they are (header row included).
        v = wb["Visits"]
        with open(a.paste_visits, encoding="cp932") as f:
            for i, row in enumerate(csv.reader(f), start=1):
                for j, x in enumerate(row, start=1):
                    v.cell(i, j, x)
    wb.save(a.book)


if __name__ == "__main__":
    main()
