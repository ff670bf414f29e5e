# ruff: noqa: E501
"""Trial 52: what the 住設・建材卸 manager types into a fresh template book (Sources, Settings, Reps, Words).

fill.py DATA_DIR VARIANT — VARIANT is '+'-joined tokens:
  asis  : Sources name the exports as they came: 受注 = 売上明細_FY2023 … FY2026.xlsx (four rows; title + 出力日時 above
          the header, one sheet per 支店), 訪問 = 日報/*.xlsx (one file per rep per month) and 見積一覧.csv, 顧客 =
          得意先マスタ.csv; KGI 「56億」 (FY2027, 税抜 as his books), FiscalStartMonth 「4月」, PlanYear 2027,
          WorkingDays 「月-土」; Reps (11 names) with 支店
  noquote: no 見積一覧 row on Sources
  quotefix: 見積一覧 edited by hand (見積日 → 日付, 状態 → 結果, a 種別 column 見積提出) and named on Sources
  words : Words 現場調査 → 訪問, 打合せ → 商談, 見積提出 → 商談 (after the first run's Checks)
  cur   : PlanYear 2026, KGI 「52億」 (the FY2026 budget): score keeping for the running year
  flagcol: (M7's control) the master's 取引区分 re-typed as a 取引停止 flag column (1 / blank)
  leave : the Leave sheet: 小林 拓海 育休 2025-07-01 … 2025-12-31
  kgizeikomi: KGI 「61.6億」 (the same goal read off the 税込 請求 figures)
  rev74 : Settings PriceRevisionMonth 2026-03, PriceRevisionPct 7.4 (what the Plan's 価格改定 note advises)
  rev   : Settings PriceRevisionMonth 2025-10, PriceRevisionPct 8, PriceRevisionProduct TOTO
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
    ("渡辺 大輔", "本店"),
    ("伊藤 直樹", "本店"),
    ("中村 健", "本店"),
    ("加藤 亮", "本店"),
    ("山本 隆", "東支店"),
    ("吉田 翔太", "東支店"),
    ("小林 拓海", "東支店"),
    ("松本 恵", "東支店"),
    ("井上 康平", "東支店"),
]


def hdr(cols: list[str]) -> list[Cell]:
    return [Cell(h, "rk_header") for h in cols]


def main() -> None:
    data = Path(sys.argv[1])
    variant = sys.argv[2]
    tok = set(variant.split("+"))
    settings: dict[str, object] = {
        "KGI": "56億",
        "FiscalStartMonth": "4月",
        "PlanYear": 2027,
        "WorkingDays": "月-土",
    }
    if "cur" in tok:
        settings["PlanYear"] = 2026
        settings["KGI"] = "52億"
    if "kgizeikomi" in tok:  # the KGI typed from his 請求 figures (今回請求額, 税込): 56億 × 1.10
        settings["KGI"] = "61.6億"
    if "rev" in tok:
        settings["PriceRevisionMonth"] = "2025-10"
        settings["PriceRevisionPct"] = 8
        settings["PriceRevisionProduct"] = "TOTO"
    if (
        "rev74" in tok
    ):  # what the Plan's note advises (「PriceRevisionMonth に 2026-03、PriceRevisionPct に 7.4」)
        settings["PriceRevisionMonth"] = "2026-03"
        settings["PriceRevisionPct"] = 7.4
    src = [["受注", f"売上明細_FY{y}.xlsx", None, None] for y in (2023, 2024, 2025, 2026)]
    src += [["訪問", "日報/*.xlsx", None, None]]
    if (
        "quotefix" in tok
    ):  # the manager's three edits in Excel: 見積日 → 日付, 状態 → 結果, a 種別 column of 見積提出
        rows = list(csv.reader(io.StringIO((data / "見積一覧.csv").read_text(encoding="cp932"))))
        rows[0][rows[0].index("見積日")] = "日付"
        rows[0][rows[0].index("状態")] = "結果"
        rows[0].append("種別")
        for r in rows[1:]:
            r.append("見積提出")
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\r\n").writerows(rows)
        (data / "見積一覧_種別.csv").write_text(buf.getvalue(), encoding="cp932")
        src += [["訪問", "見積一覧_種別.csv", None, None]]
    elif "noquote" not in tok:
        src += [["訪問", "見積一覧.csv", None, None]]
    master = "得意先マスタ.csv"
    if (
        "flagcol" in tok
    ):  # (M7's control) the status column re-typed as a flag: 取引停止 = 1 under header 取引停止
        rows = list(csv.reader(io.StringIO((data / master).read_text(encoding="cp932"))))
        i = rows[0].index("取引区分")
        rows[0][i] = "取引停止"
        for r in rows[1:]:
            r[i] = "1" if r[i] == "取引停止" else ""
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\r\n").writerows(rows)
        master = "得意先マスタ_flag.csv"
        (data / master).write_text(buf.getvalue(), encoding="cp932")
    src += [["顧客", master, None, None]]
    words = [hdr(["自社の言葉", "種別"])]
    if "words" in tok:
        words += [["現場調査", "訪問"], ["打合せ", "商談"], ["見積提出", "商談"]]
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
                ["ALL", "bucho@example.co.jp", None],
                *[[n, f"rep{i + 1:02d}@example.co.jp", b] for i, (n, b) in enumerate(REPS)],
            ]
        ),
    }
    if "leave" in tok:  # 小林 拓海's 育休 typed on the Leave sheet, as the README describes
        sheets["Leave"] = SheetContent(
            rows=[
                hdr(["担当者", "開始日", "終了日", "理由"]),
                ["小林 拓海", "2025/07/01", "2025/12/31", "育休"],
            ]
        )
    rewrite_workbook(tmp, sheets, dst=dst, resize_tables=True)
    os.unlink(tmp)
    print(dst)


if __name__ == "__main__":
    main()
