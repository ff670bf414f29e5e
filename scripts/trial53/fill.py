# ruff: noqa: E501
"""Trial 53: what the 書籍・文具卸 manager types into a fresh template book (Sources, Settings, Reps, Words).

fill.py DATA_DIR VARIANT — VARIANT is '+'-joined tokens:
  asis  : Sources as the exports came: 受注 = 売上明細/*.csv (54 monthly Shift_JIS files), 訪問 = 訪問記録.csv (Google
          Sheets, UTF-8 BOM), 顧客 = 得意先マスタ.csv; KGI 「10.88億」 (FY2026 net 11.10億 × 0.98, from his books),
          FiscalStartMonth 「7月」, FiscalYearLabel 「終わる年」, PlanYear 2026 (= FY2027 July 2026 – June 2027), Reps
  words : Words フェア提案 → 訪問, 返品回収 → 訪問, クレーム → 訪問 (what Checks asks for)
  next  : PlanYear 2027 (the first look at FY2028), KGI 「10.1億」 (the president's −2% on this year's −2% goal)
  pct   : KGI typed as 「-2%」 (what the president said)
Book: DATA_DIR/book_<variant with + → _>.xlsm
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from routekpi.io.sheetrewrite import rewrite_workbook
from routekpi.io.sheetxml import Cell, SheetContent
from routekpi.io.template import build_template

REPS = ["佐藤 健一", "鈴木 大輔", "高橋 美咲", "田中 浩", "伊藤 修", "渡辺 恵子", "中村 翔"]


def hdr(cols: list[str]) -> list[Cell]:
    return [Cell(h, "rk_header") for h in cols]


def main() -> None:
    data = Path(sys.argv[1])
    variant = sys.argv[2]
    tok = set(variant.split("+"))
    settings: dict[str, object] = {
        "KGI": "10.88億",
        "FiscalStartMonth": "7月",
        "FiscalYearLabel": "終わる年",
        "PlanYear": 2026,
        "WorkingDays": "月-金",
    }
    if "next" in tok:
        settings["PlanYear"] = 2027
        settings["KGI"] = "10.66億"
    if "pct" in tok:
        settings["KGI"] = "-2%"
    src = [["受注", "売上明細/*.csv", None, None], ["訪問", "訪問記録.csv", None, None], ["顧客", "得意先マスタ.csv", None, None]]
    words = [hdr(["自社の言葉", "種別"])]
    if "words" in tok:
        words += [["フェア提案", "訪問"], ["返品回収", "訪問"], ["クレーム", "訪問"]]
    dst = data / f"book_{variant.replace('+', '_')}.xlsm"
    tmp = dst.with_suffix(".tmp.xlsm")
    tmp.write_bytes(build_template("ja", settings=settings))
    sheets: dict[str, SheetContent] = {
        "Sources": SheetContent(rows=[hdr(["入力", "ソース", "テーブル/クエリ", "文字コード"]), *src]),
        "Words": SheetContent(rows=words),
        "Reps": SheetContent(
            rows=[
                hdr(["担当者", "メールアドレス"]),
                ["ALL", "bucho@example.co.jp"],
                *[[n, f"rep{i + 1:02d}@example.co.jp"] for i, n in enumerate(REPS)],
            ]
        ),
    }
    rewrite_workbook(tmp, sheets, dst=dst, resize_tables=True)
    os.unlink(tmp)
    print(dst)


if __name__ == "__main__":
    main()
