"""Trial 45: fill fresh template books the way the 課長 does (build_template + sheets pasted).

fill.py DATA_DIR VARIANT
  base   : Sources names the 48 monthly 基幹 CSVs and the 得意先マスタ.xlsx; SFA export pasted on
           Visits with its own headers; Leave (伊藤 育休), Reps; KGI typed 「6.5億」; no Words
  words  : base + the Words rows Checks asked for
  glob   : Sources names the folder pattern kikan/*.csv (what a user tries first)
  sen    : KGI typed in 千円 (650000)
  fy26   : the running year (PlanYear 2026, KGI 「6.3億」)
  sfasrc : the SFA export named on Sources instead of pasted on Visits
  bad    : KGI 「6億5000万円」, PlanYear 「2027年度」, Leave end 2026/6/31, cover typed 佐藤健太
"""

from __future__ import annotations

import csv
import os
import sys
from pathlib import Path

from routekpi.io.sheetrewrite import rewrite_workbook
from routekpi.io.sheetxml import Cell, SheetContent
from routekpi.io.template import build_template

REPS = [
    ("佐藤 健太", "札幌"),
    ("高橋 美咲", "札幌"),
    ("田中 大輔", "札幌"),
    ("伊藤 翔", "札幌"),
    ("渡辺 彩", "札幌"),
    ("山本 拓也", "旭川"),
    ("中村 優子", "旭川"),
    ("小林 誠", "旭川"),
]
WORDS = [
    ["講習会", "商談"],
    ["飛び込み", "アポ"],
    ["新規訪問", "アポ"],
    ["実施", "成功"],
    ["次回検討", "検討中"],
    ["NG", "失敗"],
    ["情報提供", "検討中"],
]


def hdr(cols: list[str]) -> list[Cell]:
    return [Cell(h, "rk_header") for h in cols]


def main() -> None:
    data = Path(sys.argv[1])
    variant = sys.argv[2]
    settings: dict[str, object] = {"KGI": "6.5億", "PlanYear": 2027, "FiscalStartMonth": 1}
    if variant == "sen":
        settings["KGI"] = 650000
    if variant == "fy26":  # the running year, for the year-end review meeting
        settings.update({"KGI": "6.3億", "PlanYear": 2026})
    if variant == "bad":  # what a hurried 課長 types: 円 on the KGI, 年度 on the year, 6/31
        settings.update({"KGI": "6億5000万円", "PlanYear": "2027年度"})
    dst = data / f"book_{variant}.xlsm"
    tmp = dst.with_suffix(".tmp.xlsm")
    tmp.write_bytes(build_template("ja", settings=settings))
    with open(data / "sfa_活動履歴.csv", encoding="utf-8-sig") as f:
        r = list(csv.reader(f))
    visits = [hdr(r[0])] + [[v or None for v in line] for line in r[1:]]
    if variant == "glob":
        src = [["受注", "kikan/*.csv", None, None]]
    else:
        src = [
            ["受注", f"kikan/{p.name}", None, None]
            for p in sorted((data / "kikan").glob("*.csv"))
            if p.stem <= "売上明細_202611"
        ]
    src.append(["顧客", "得意先マスタ.xlsx", None, None])
    if variant == "sfasrc":  # the SFA export named on Sources instead of pasted (H2 contrast)
        src.append(["訪問", "sfa_活動履歴.csv", None, None])
    sheets = {
        "Sources": SheetContent(
            rows=[hdr(["入力", "ソース", "テーブル/クエリ", "文字コード"]), *src]
        ),
        **({} if variant == "sfasrc" else {"Visits": SheetContent(rows=visits)}),
        "Leave": SheetContent(
            rows=[
                hdr(["担当者", "開始日", "終了日", "理由", "代行者"]),
                [
                    "伊藤 翔",
                    "2026/3/1",
                    "2026/6/31" if variant == "bad" else "2026/6/30",
                    "育休",
                    "佐藤健太" if variant == "bad" else "佐藤 健太",
                ],
            ]
        ),
        "Reps": SheetContent(
            rows=[
                hdr(["担当者", "メールアドレス", "営業所"]),
                *[[n, f"rep{i}@example.co.jp", b] for i, (n, b) in enumerate(REPS)],
                ["ALL", "kacho@example.co.jp", None],
            ]
        ),
    }
    if variant in ("words", "sen", "glob", "bad", "fy26", "sfasrc"):
        sheets["Words"] = SheetContent(rows=[hdr(["自社の言葉", "種別"]), *WORDS])
    rewrite_workbook(tmp, sheets, dst=dst, resize_tables=True)
    os.unlink(tmp)
    print(dst)


if __name__ == "__main__":
    main()
