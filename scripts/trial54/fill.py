# ruff: noqa: E501
"""Trial 54: what the 動物用医薬品卸 manager types into a fresh template book (Sources, Settings, Reps, Words).

fill.py DATA_DIR VARIANT — VARIANT is '+'-joined tokens:
  asis  : Sources as exported: 受注 = 売上明細/*.csv (5 files, one per 期, cp932), 訪問 = 訪問日報.csv (SFA, UTF-8 BOM),
          顧客 = 得意先マスタ.csv; KGI = 第40期 × 1.06 to ¥1M (¥1,528,000,000), FiscalStartMonth 「9月決算」,
          FiscalYearLabel 「終わる年」 (第41期 ends Sep 2027), PlanYear 2026, WorkingDays 月-金, Reps with addresses
  words : Words 定期 → 訪問, 勉強会 → 訪問 (what Checks asks for)
  sep   : the September planning: exports cut at 2026-08-31 (sales, visits) and the master as typed in September
          (the carve-out to 藤井 翔 typed ahead; no account started after 08-31, no end after 08-31)
  sepold: as sep but the master still names the givers (the carve-out not typed yet)
  price : PriceRevisionMonth 2026-04, PriceRevisionPct 8, PriceRevisionProduct ベッツファーマ
  ride  : (with sep) one 同行 visit typed under 藤井 翔 on 2026-07-15 (a training ride-along before his start)
  mold  : the December book with the master's 担当者 not yet updated for the carve-out (the givers still named)
  meet  : Words 新規開拓 → 商談 (a meeting with a 開業予定の先生 is how a clinic is won)
  ki    : PlanYear typed 「第41期」 (what the company calls the year)
Book: DATA_DIR/book_<variant with + → _>.xlsm
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from pathlib import Path

from routekpi.io.sheetrewrite import rewrite_workbook
from routekpi.io.sheetxml import Cell, SheetContent
from routekpi.io.template import build_template

REPS = ["山本 拓也", "中島 健", "小川 真由美", "石田 浩二", "森 優子", "岡田 聡", "藤井 翔"]
CUT = "2026/08/31"


def hdr(cols: list[str]) -> list[Cell]:
    return [Cell(h, "rk_header") for h in cols]


def read_csv(p: Path, enc: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(p.read_text(encoding=enc))))


def write_csv(p: Path, rows: list[list[str]], enc: str) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    p.write_text(buf.getvalue(), encoding=enc)


def september(data: Path, old_master: bool, ride: bool = False) -> str:
    """The exports the manager had in September 2026 (history to 2026-08-31); returns the folder name."""
    sub = ("sep_old" if old_master else "sep") + ("_ride" if ride else "")
    d = data / sub
    (d / "売上明細").mkdir(parents=True, exist_ok=True)
    for f in sorted((data / "売上明細").glob("*.csv")):
        rows = read_csv(f, "cp932")
        keep = [rows[0], *[r for r in rows[1:] if r[0] <= CUT]]
        if len(keep) > 1:
            write_csv(d / "売上明細" / f.name, keep, "cp932")
    rows = read_csv(data / "訪問日報.csv", "utf-8-sig")
    keep = [rows[0], *[r for r in rows[1:] if r[0] <= CUT]]
    if ride:  # the hire's training ride-along with 山本, typed under his own name in the SFA
        keep.append(["2026/07/15", "藤井 翔", keep[1][2], "院長", "定期", "", "同行研修(山本さん)"])
    write_csv(d / "訪問日報.csv", keep, "utf-8-sig")
    t = json.loads((data / "truth.json").read_text(encoding="utf-8"))
    carved = {c: g for g, cs in t["carve"]["codes"].items() for c in cs}
    rows = read_csv(data / "得意先マスタ.csv", "cp932")
    out = [rows[0]]
    for r in rows[1:]:
        if r[5] and r[5] > CUT:
            continue
        if r[7] and r[7] > CUT:
            r[7] = ""
            r[8] = "取引中"
        if old_master and r[0] in carved:
            r[4] = carved[r[0]]
        out.append(r)
    write_csv(d / "得意先マスタ.csv", out, "cp932")
    return sub


def main() -> None:
    data = Path(sys.argv[1])
    variant = sys.argv[2]
    tok = set(variant.split("+"))
    truth = json.loads((data / "truth.json").read_text(encoding="utf-8"))
    settings: dict[str, object] = {
        "KGI": int(truth["kgi"]["kgi"]),
        "FiscalStartMonth": "9月決算",
        "FiscalYearLabel": "終わる年",
        "PlanYear": 2026,
        "WorkingDays": "月-金",
    }
    if "ki" in tok:
        settings["PlanYear"] = "第41期"
    if "price" in tok:
        settings.update(
            {
                "PriceRevisionMonth": "2026-04",
                "PriceRevisionPct": 8,
                "PriceRevisionProduct": "ベッツファーマ",
            }
        )
    pre = ""
    if "sep" in tok or "sepold" in tok:
        pre = september(data, "sepold" in tok, "ride" in tok) + "/"
    master = f"{pre}得意先マスタ.csv"
    if "mold" in tok:  # the 販売管理's master still names the givers on the 40 carved accounts
        carved = {c: g for g, cs in truth["carve"]["codes"].items() for c in cs}
        rows = read_csv(data / master, "cp932")
        for r in rows[1:]:
            if r[0] in carved:
                r[4] = carved[r[0]]
        master = master.replace(".csv", "_mold.csv")
        write_csv(data / master, rows, "cp932")
    src = [
        ["受注", f"{pre}売上明細/*.csv", None, None],
        ["訪問", f"{pre}訪問日報.csv", None, None],
        ["顧客", master, None, None],
    ]
    words = [hdr(["自社の言葉", "種別"])]
    if "words" in tok:
        words += [["定期", "訪問"], ["勉強会", "訪問"]]
        settings["WorkingDays"] = "月-金・祝"  # Checks: 祝日の受注は営業日並み
    if "meet" in tok:
        words += [["新規開拓", "商談"]]
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
