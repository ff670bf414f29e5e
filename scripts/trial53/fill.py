# ruff: noqa: E501
"""Trial 53: what the 書籍・文具卸 manager types into a fresh template book (Sources, Settings, Reps, Words).

fill.py DATA_DIR VARIANT — VARIANT is '+'-joined tokens:
  asis  : Sources as the exports came: 受注 = 売上明細/*.csv (54 monthly Shift_JIS files), 訪問 = 訪問記録.csv (Google
          Sheets, UTF-8 BOM), 顧客 = 得意先マスタ.csv; KGI = FY2026 net (his books' 売上高) × 0.98 to ¥1M,
          FiscalStartMonth 「7月」, FiscalYearLabel 「終わる年」, PlanYear 2026 (= FY2027 July 2026 – June 2027), Reps
  words : Words フェア提案 → 訪問, 返品回収 → 訪問, クレーム → 訪問 (what Checks asks for)
  next  : PlanYear 2027 (the first look at FY2028), KGI = this year's KGI × 0.98 (the president's −2% again)
  pct   : KGI typed as 「-2%」 (what the president said)
  close : the master gets a 閉店日 column with the chain's three closures (2026-08-31, 2026-11-30, 2027-02-28)
  nsp   : (H2's control) the master's school names with the space after 県立 / 市立 / 学校法人 removed
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
    import json

    truth = json.loads((data / "truth.json").read_text(encoding="utf-8"))
    # his books' FY2026 売上高 (net of returns) × 0.98, rounded to ¥1M as he would type it
    kgi = round(truth["fy"]["FY2026"]["net"] * 0.98 / 1e6) * 1_000_000
    settings: dict[str, object] = {
        "KGI": kgi,
        "FiscalStartMonth": "7月",
        "FiscalYearLabel": "終わる年",
        "PlanYear": 2026,
        "WorkingDays": "月-金",
    }
    if "next" in tok:
        settings["PlanYear"] = 2027
        settings["KGI"] = round(kgi * 0.98 / 1e6) * 1_000_000
    if "pct" in tok:
        settings["KGI"] = "-2%"
    master = "得意先マスタ.csv"
    if (
        "nsp" in tok
    ):  # (H2's control) the master's school names without the space after 県立 / 市立 / 学校法人
        import csv
        import io

        rows = list(csv.reader(io.StringIO((data / master).read_text(encoding="cp932"))))
        for r in rows[1:]:
            if r[2] == "学校":
                r[1] = r[1].replace(" ", "")
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\r\n").writerows(rows)
        master = "得意先マスタ_nsp.csv"
        (data / master).write_text(buf.getvalue(), encoding="cp932")
    if (
        "close" in tok
    ):  # the manager types the chain's closures he knows of (one after today) in a 閉店日 column
        import csv
        import io

        rows = list(csv.reader(io.StringIO((data / master).read_text(encoding="cp932"))))
        rows[0].append("閉店日")
        shut = {
            "みなと 駅前店": "2026/08/31",
            "みなと 北町店": "2026/11/30",
            "みなと 港南店": "2027/02/28",
        }
        for r in rows[1:]:
            r.append(next((d for k, d in shut.items() if r[1].endswith(k)), ""))
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\r\n").writerows(rows)
        master = master.replace(".csv", "_close.csv")
        (data / master).write_text(buf.getvalue(), encoding="cp932")
    src = [
        ["受注", "売上明細/*.csv", None, None],
        ["訪問", "訪問記録.csv", None, None],
        ["顧客", master, None, None],
    ]
    words = [hdr(["自社の言葉", "種別"])]
    if "words" in tok:
        words += [["フェア提案", "訪問"], ["返品回収", "訪問"], ["クレーム", "訪問"]]
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
