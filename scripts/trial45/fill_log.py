"""Trial 45: 伊藤 翔 fills his 訪問入力 sheet on the road (12/7–12/10) and mails the copy back.

fill_log.py SHARE_DIR [BOOK_STEM] -> SHARE_DIR/returned/<BOOK_STEM>_伊藤_翔.xlsx
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import openpyxl

ROWS = [
    ("2026/12/7", "100234", "訪問", None, "閉店していた。6月末で閉めたとのこと"),
    ("2026/12/7", None, "飛び込み", "アポ獲得", "新店 hair Lien 1月開店予定"),
    ("2026/12/7", "100244", "訪問", "受注", None),
    ("2026/12/8", "100250", "講習会", "実施", "新色アッシュの講習 スタッフ4名"),
    ("12/8", "100276", "訪問", None, "年を入れ忘れ"),
    ("2026/12/8", "100288", "訪問", None, "閉店(8月)"),
    ("2026/12/9", "100618", "訪問", "受注", None),
    ("2026/12/9", "100618", "訪問", "受注", None),
    ("2026/12/19", "100301", "訪問", None, "土曜出勤の予定を先に入力"),
]


def main() -> None:
    share = Path(sys.argv[1])
    book = sys.argv[2] if len(sys.argv) > 2 else "book_words"
    (share / "returned").mkdir(exist_ok=True)
    dst = share / "returned" / f"{book}_伊藤_翔.xlsx"
    shutil.copy(share / f"{book}_伊藤_翔.xlsx", dst)
    wb = openpyxl.load_workbook(dst)
    ws = wb["訪問入力"]
    for i, row in enumerate(ROWS, start=2):
        for j, v in enumerate(row, start=1):
            ws.cell(i, j, v)
    wb.save(dst)
    print(dst)


if __name__ == "__main__":
    main()
