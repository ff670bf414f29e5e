# ruff: noqa: E501
"""Trial 46: a fresh book as `routekpi new` writes it, with what the 課長 types in Excel.

fill.py DATA_DIR VARIANT   → DATA_DIR/book_VARIANT.xlsm
  base  : KGI 「10億8000万円」, PlanYear 2027; Sources names the ERP 受注明細 CSV, the 得意先マスタ CSV, the
          SFA 訪問日報 and the 新規開拓 log (two 訪問 rows); Reps with e-mail and 営業所 (current 10 reps)
  words : base + the Words rows a new user adds after reading Checks (新規 → アポ? no: 新規 is a visit to a
          prospect → 商談; クレーム → 訪問; アポ獲得 → アポ; 獲得 / 不可 outcomes)
  asis  : words with the SFA export as written (訪問開始 / 訪問目的, read since session 41: M1), to compare with words
  sen   : words, KGI typed in 千円 (1080000) as the 予算表 holds it
  stretch: words, KGI 「12億5000万円」
  sentext: words, KGI typed 「1,080,000千円」 (the unit written in the cell)
  hire27: words, with the master where 25 of 鈴木's clinics are given to 小野寺 蓮, hired 2027-04 (no rows anywhere)
  fy26dec: words for the running year (PlanYear 2026, KGI 「10億9000万円」, the budget set in March) with December's
          exports (next/, made by step2.py) on Sources — the month-end review
(The Settings values go in through build_template(settings=…), the bytes `routekpi new` writes with
those cells typed; table sheets through rewrite_workbook, i.e. a paste into the table.)
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from routekpi.io.sheetrewrite import rewrite_workbook
from routekpi.io.sheetxml import Cell, SheetContent
from routekpi.io.template import build_template

REPS = [
    ("佐藤 健一", "仙台"),
    ("鈴木 大輔", "仙台"),
    ("高橋 由美", "仙台"),
    ("新井 悠斗", "仙台"),
    ("千葉 亮", "盛岡"),
    ("菅原 恵", "盛岡"),
    ("阿部 拓海", "盛岡"),
    ("渡辺 誠", "郡山"),
    ("遠藤 美穂", "郡山"),
    ("斎藤 翔太", "郡山"),
]
WORDS = [
    ["新規", "商談"],
    ["クレーム", "訪問"],
    ["アポ獲得", "アポ"],
    ["獲得", "成功"],
    ["不可", "失敗"],
]


def hdr(cols: list[str]) -> list[Cell]:
    return [Cell(h, "rk_header") for h in cols]


def main() -> None:
    data = Path(sys.argv[1])
    variant = sys.argv[2]
    kgi: object = {
        "sen": 1080000,
        "stretch": "12億5000万円",
        "fy26dec": "10億9000万円",
        "sentext": "1,080,000千円",
    }.get(variant, "10億8000万円")
    reps = REPS + ([("小野寺 蓮", "仙台")] if variant == "hire27" else [])
    settings = {"KGI": kgi, "PlanYear": 2026 if variant == "fy26dec" else 2027}
    dst = data / f"book_{variant}.xlsm"
    tmp = dst.with_suffix(".tmp.xlsm")
    tmp.write_bytes(build_template("ja", settings=settings))
    src = [
        ["受注", "受注明細_202206-202611.csv", None, None],
        ["顧客", "得意先マスタ.csv", None, None],
        [
            "訪問",
            "訪問日報.csv" if variant in ("base", "asis") else "訪問日報_見出し修正.csv",
            None,
            None,
        ],
        ["訪問", "新規開拓.csv", None, None],
    ]
    if (
        variant == "hire27"
    ):  # a hire joining 2027-04 given 25 of 鈴木's clinics in the master (made by rerun.sh)
        src[1] = ["顧客", "得意先マスタ_2027.csv", None, None]
    if variant == "fy26dec":  # the running year's book after December is in (month-end review)
        src = [
            src[0],
            ["受注", "next/受注明細_202612.csv", None, None],
            src[1],
            src[2],
            ["訪問", "next/訪問日報_202612_見出し修正.csv", None, None],
            src[3],
            ["訪問", "next/新規開拓_202612.csv", None, None],
        ]
    sheets = {
        "Sources": SheetContent(
            rows=[hdr(["入力", "ソース", "テーブル/クエリ", "文字コード"]), *src]
        ),
        "Reps": SheetContent(
            rows=[
                hdr(["担当者", "メールアドレス", "営業所"]),
                *[[n, f"rep{i:02d}@example.co.jp", b] for i, (n, b) in enumerate(reps)],
                ["ALL", "kacho@example.co.jp", None],
            ]
        ),
    }
    if variant != "base":
        sheets["Words"] = SheetContent(rows=[hdr(["自社の言葉", "種別"]), *WORDS])
    rewrite_workbook(tmp, sheets, dst=dst, resize_tables=True)
    os.unlink(tmp)
    print(dst)


if __name__ == "__main__":
    main()
