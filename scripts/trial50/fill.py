# ruff: noqa: E501
"""Trial 50: what the 燃料・LPガス manager types into a fresh template book (Sources, Settings, Reps, Words, Leave).

fill.py DATA_DIR VARIANT — VARIANT is '+'-joined tokens:
  asis   : Sources name the exports as they came (売上月報 + 配送明細 stacked as 受注, ハンディ作業記録 as 訪問,
           得意先マスタ as 顧客); KGI 「7.8億」, FiscalStartMonth 4月, PlanYear 2027 (the December budget),
           WorkingDays 月-土; Reps with 営業所
  nowords: no Words rows (the manager's very first run)
  words  : Words 検針 / ボンベ交換 / 灯油配達 / 保安点検 / 機器納品 → 訪問 (after the first run's Checks)
  leave  : a Leave row (without it: H6) 佐藤 健 2026-06-01 … 2026-08-31, 代行者 伊藤 翔
  cur    : PlanYear 2026 (score keeping for the running year), KGI 「7.5億」
  monthfix: the manager's fix of the monthly summary's headers: 年月 → 受注日 (values 2021/04 → 2021/04/01), 担当 kept
  monthhdr: only the header 年月 renamed 受注日 (values stay 2021/04)
  hdrfix : 配送明細's 配送日 renamed 売上日 (the stop message lists no 配送日)
  vishdr : ハンディ作業記録 作業日 → 訪問日, 作業区分 → 訪問区分 (stop message)
  noold  : only the delivery lines (the monthly summary left off)
  rev    : Settings PriceRevisionMonth 2025-10, PriceRevisionPct 6 (the LPG revision, typed as the manager knows it)
  revlpg : the same with PriceRevisionProduct LPガス (the product it covers)
  policy : LeverMix 方針 + WeightVisitFrequency 0 (the Plan's 伸びの出どころ advice)
  mon5   : WorkingDays left blank (the default 月-金)
Book: DATA_DIR/book_<variant with + → _>.xlsm
"""

from __future__ import annotations

import csv
import io
import os
import sys
from pathlib import Path

from routekpi.io.sheetrewrite import rewrite_workbook
from routekpi.io.sheetxml import Cell, SheetContent
from routekpi.io.template import build_template

REPS = [
    ("高橋 誠", "本店"),
    ("田中 浩二", "本店"),
    ("渡辺 健太", "本店"),
    ("山本 大輔", "本店"),
    ("中村 亮", "本店"),
    ("小林 直樹", "西営業所"),
    ("加藤 翔太", "西営業所"),
    ("吉田 拓也", "西営業所"),
    ("佐藤 健", "西営業所"),
    ("伊藤 翔", "西営業所"),
]


def hdr(cols: list[str]) -> list[Cell]:
    return [Cell(h, "rk_header") for h in cols]


def main() -> None:
    data = Path(sys.argv[1])
    variant = sys.argv[2]
    tok = set(variant.split("+"))
    settings: dict[str, object] = {
        "KGI": "7.8億",
        "FiscalStartMonth": "4月",
        "PlanYear": 2027,
        "WorkingDays": "月-土・祝",
    }
    if "cur" in tok:
        settings["PlanYear"] = 2026
        settings["KGI"] = "7.5億"
    if "rev" in tok:  # the manager types the LPG revision he knows (LPG only: 41% of sales)
        settings["PriceRevisionMonth"] = "2025-10"
        settings["PriceRevisionPct"] = 6
    if "revlpg" in tok:  # the same, naming the product it covers (PriceRevisionProduct, M6)
        settings["PriceRevisionMonth"] = "2025-10"
        settings["PriceRevisionPct"] = 6
        settings["PriceRevisionProduct"] = "LPガス"
    if "policy" in tok:  # the Plan's own advice against the visit-frequency growth (H1)
        settings["LeverMix"] = "方針"
        settings["WeightVisitFrequency"] = 0
    if "mon5" in tok:
        del settings["WorkingDays"]
    old = "売上月報_2021-2023.csv"
    if "monthhdr" in tok:  # the header renamed only; values stay 2021/04
        text = (data / old).read_text(encoding="cp932")
        old = "売上月報_2021-2023_見出し.csv"
        (data / old).write_text(text.replace("年月,", "受注日,", 1), encoding="cp932")
    if "monthfix" in tok:
        rows = list(csv.reader(io.StringIO((data / old).read_text(encoding="cp932"))))
        rows[0][0] = "受注日"
        for r in rows[1:]:
            r[0] = r[0] + "/01"
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\r\n").writerows(rows)
        old = "売上月報_2021-2023_日付.csv"
        (data / old).write_text(buf.getvalue(), encoding="cp932")
    new = "配送明細_2024-.csv"
    if "hdrfix" in tok:  # the manager renames 配送日 → 売上日 (from the stop message's list)
        text = (data / new).read_text(encoding="cp932")
        new = "配送明細_2024-_売上日.csv"
        (data / new).write_text(text.replace("配送日,", "売上日,", 1), encoding="cp932")
    vis = "ハンディ作業記録.csv"
    if "vishdr" in tok:  # 作業日 → 訪問日
        text = (data / vis).read_text(encoding="cp932")
        vis = "ハンディ作業記録_訪問日.csv"
        (data / vis).write_text(
            text.replace("作業日,", "訪問日,", 1).replace("作業区分,", "訪問区分,", 1),
            encoding="cp932",
        )
    src = []
    if "noold" not in tok:
        src.append(["受注", old, None, None])
    src += [
        ["受注", new, None, None],
        ["訪問", vis, None, None],
        ["顧客", "得意先マスタ.csv", None, None],
    ]
    words = [hdr(["自社の言葉", "種別"])]
    if "words" in tok:
        words += [
            ["検針", "訪問"],
            ["ボンベ交換", "訪問"],
            ["灯油配達", "訪問"],
            ["保安点検", "訪問"],
            ["機器納品", "訪問"],
        ]
    dst = data / f"book_{variant.replace('+', '_')}.xlsm"
    tmp = dst.with_suffix(".tmp.xlsm")
    tmp.write_bytes(build_template("ja", settings=settings))
    sheets: dict[str, SheetContent] = {
        "Sources": SheetContent(
            rows=[hdr(["入力", "ソース", "テーブル/クエリ", "文字コード"]), *src]
        ),
        "Words": SheetContent(rows=words),
        "Reps": SheetContent(
            rows=[
                hdr(["担当者", "メールアドレス", "営業所"]),
                ["ALL", "shacho@example.co.jp", None],
                *[[n, f"rep{i + 1:02d}@example.co.jp", b] for i, (n, b) in enumerate(REPS)],
            ]
        ),
    }
    if "leave" in tok:
        sheets["Leave"] = SheetContent(
            rows=[
                hdr(["担当者", "開始日", "終了日", "理由", "代行者"]),
                ["佐藤 健", "2026/6/1", "2026/8/31", "長期休暇", "伊藤 翔"],
            ]
        )
    rewrite_workbook(tmp, sheets, dst=dst, resize_tables=True)
    os.unlink(tmp)
    print(dst)


if __name__ == "__main__":
    main()
