# ruff: noqa: E501
"""Trial 46: two reps fill 訪問入力 in their copies for the week 12/7–12/11 and mail them back (as Excel would save them).

fill_log.py SHARE_DIR → SHARE_DIR/returned/book_words_新井_悠斗.xlsx, book_words_菅原_恵.xlsx
新井 (new hire) types what his list said plus the company's SFA words (新規 / アポ獲得 / クレーム), a datetime as the SFA
writes it, a closed clinic, and the 医療法人's 請求先 code; 菅原 types her week's plan rows as visited (from her 訪問計画).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import openpyxl

ARAI = [
    ("2026/12/7", "10690", "訪問", None, "42日ぶり。院長不在、衛生士さんと話す"),
    ("2026/12/7", "10225", "訪問", "受注", None),
    ("2026/12/7", "10003", "納品", None, None),
    ("2026/12/7", None, "新規", "アポ獲得", "見込 大友歯科(泉中央 開業予定 2027/2)"),
    ("2026/12/08 10:30", "10073", "定期訪問", None, "SFAと同じ書き方で日時を入力"),
    ("2026/12/8", "10067", "クレーム", None, "バーの欠品クレーム"),
    ("2026/12/8", "10476", "訪問", None, "閉院していた(11月末で閉院)"),
    ("2026/12/9", "90001", "訪問", None, "さくら会本部にあいさつ(請求先コード)"),
    ("2026/12/9", "10318", "訪問", "受注", None),
    ("2026/12/10", None, "アポ打診", "不可", "電話で打診 3件中1件目"),
    ("2026/12/10", None, "アポ打診", "獲得", None),
    ("2026/12/11", None, "商談", "検討中", "大友歯科 開業準備 見積提出"),
    ("2026/12/11", "10601", "訪問", "受注", None),
]


def fill(share: Path, rep: str, rows: list[tuple]) -> Path:
    (share / "returned").mkdir(exist_ok=True)
    dst = share / "returned" / f"book_words_{rep}.xlsx"
    shutil.copy(share / f"book_words_{rep}.xlsx", dst)
    wb = openpyxl.load_workbook(dst)
    ws = wb["訪問入力"]
    for i, row in enumerate(rows, start=2):
        for j, v in enumerate(row, start=1):
            ws.cell(i, j, v)
    wb.save(dst)
    return dst


def main() -> None:
    share = Path(sys.argv[1])
    print(fill(share, "新井_悠斗", ARAI))
    # 菅原: every row of her 訪問計画 for 12/7–12/11 marked visited (a diligent rep), as dates typed in Excel
    wb = openpyxl.load_workbook(share / "book_words_菅原_恵.xlsx", read_only=True, data_only=True)
    rows = []
    for r in wb["訪問計画"].iter_rows(min_row=2, values_only=True):
        d, code = r[1], r[3]
        if d is not None and hasattr(d, "day") and code and str(code).isdigit() and d.day <= 11:
            rows.append((d, str(code), "訪問", None, None))
    print(fill(share, "菅原_恵", rows), len(rows))


if __name__ == "__main__":
    main()
