# ruff: noqa: E501
"""Trial 48: what the manager types into a fresh template book (Sources, Settings, Reps).

fill.py DATA_DIR VARIANT
  raw    : Sources name the exports as they came (FY2023 file in 千円); running year FY2026, KGI 2.5億
  kyen   : the FY2023 file in 千円 under a plain 金額 header (unit not said), else as byname
  run    : the FY2023 file converted to yen by the manager (旧ERP_受注_FY2023_円.csv); KGI 2.5億, PlanYear 2026
  next   : as run, PlanYear 2027 (2027-07 … 2028-06), FiscalYearLabel 終わる年 (= 2028年6月期), KGI 2.5億
  remap  : as run, the old exports' codes replaced by the new ones (the manager's VLOOKUP on 旧得意先コード)
  remapnomaster: remap with the master left off (accounts from the orders: start = first order)
  remapnext, bynamenext: remap / byname + PlanYear 2027 / 終わる年
  asis   : verify48 — the exports exactly as they came (FY2023 in 金額(千円)), the master with its 旧得意先コード,
           Words only 空ボトル回収 → 訪問 (不在 left to routekpi); no workaround
  asisnoold: asis with the master's 旧得意先コード column removed (新ERP_得意先マスタ_旧コードなし.csv, written here):
           the migration not told — the trial's H1/H2 case
  asiskyenunit: asiskyen with 単位 = 千円 typed on that Sources row (what the H4 Checks row asks)
  asisnext: asis + PlanYear 2027 / 終わる年;  asiskyen: asis with the FY2023 千円 file under a plain 金額 header (H4)
  byname : as run, but orders/visits re-exported without the code columns (accounts keyed by name,
           README's no-code rule) — the manager's only way around the code renumbering
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from routekpi.io.sheetrewrite import rewrite_workbook
from routekpi.io.sheetxml import Cell, SheetContent
from routekpi.io.template import build_template

REPS = [
    "青木 翔太",
    "石田 直樹",
    "上野 美香",
    "岡田 健二",
    "川口 大輔",
    "北村 亮",
    "小林 優子",
    "斎藤 拓海",
    "坂本 誠",
    "杉山 早紀",
    "高橋 勇気",
    "田村 修",
    "中川 恵",
    "西田 浩",
    "長谷川 隼",
    "藤井 真一",
    "前田 彩",
    "森本 剛",
]
BRANCHES = ["名古屋北", "名古屋南", "岐阜"]


def hdr(cols: list[str]) -> list[Cell]:
    return [Cell(h, "rk_header") for h in cols]


def main() -> None:
    data = Path(sys.argv[1])
    variant = sys.argv[2]
    settings: dict[str, object] = {"KGI": "2.5億", "FiscalStartMonth": "7月", "PlanYear": 2026}
    fy23 = {
        "raw": "旧ERP_受注_FY2023.csv",
        "asis": "旧ERP_受注_FY2023.csv",
        "asisnext": "旧ERP_受注_FY2023.csv",
        "asiskyen": "旧ERP_受注_FY2023_千円無表示.csv",
        "asiskyenunit": "旧ERP_受注_FY2023_千円無表示.csv",
        "asisnoold": "旧ERP_受注_FY2023.csv",
        "kyen": "旧ERP_受注_FY2023_千円無表示.csv",
    }.get(variant, "旧ERP_受注_FY2023_円.csv")
    orders = [fy23, "旧ERP_受注_FY2024.csv", "新ERP_売上明細.csv"]
    visits = "ハンディ訪問記録.csv"
    master = "新ERP_得意先マスタ.csv"
    if variant == "asisnoold":
        master = "新ERP_得意先マスタ_旧コードなし.csv"
        text = (data / "新ERP_得意先マスタ.csv").read_text(encoding="utf-8-sig").splitlines()
        cut = text[0].split(",").index("旧得意先コード")
        rows = [",".join(c for i, c in enumerate(line.split(",")) if i != cut) for line in text]
        (data / master).write_text("\n".join(rows) + "\n", encoding="utf-8-sig")
    if variant.endswith("next"):
        settings.update({"PlanYear": 2027, "FiscalYearLabel": "終わる年"})
    sub = (
        "byname/"
        if variant.startswith("byname") or variant == "kyen"
        else "remap/"
        if variant.startswith("remap")
        else ""
    )
    orders = [sub + o for o in orders]
    visits = sub + visits
    src = [["受注", o, None, None] for o in orders] + [
        ["訪問", visits, None, None],
        ["顧客", master, None, None],
    ]
    if variant.startswith("byname") or variant in ("kyen", "remapnomaster"):
        src = src[:-1]  # the master is keyed by the new codes: left off
    head = ["入力", "ソース", "テーブル/クエリ", "文字コード"]
    if variant == "asiskyenunit":
        head.append("単位")
        src = [[*r, "千円" if r[1].endswith("千円無表示.csv") else None] for r in src]
    dst = data / f"book_{variant}.xlsm"
    tmp = dst.with_suffix(".tmp.xlsm")
    tmp.write_bytes(build_template("ja", settings=settings))
    sheets: dict[str, SheetContent] = {
        "Sources": SheetContent(rows=[hdr(head), *src]),
        "Words": SheetContent(
            rows=[hdr(["自社の言葉", "種別"]), ["空ボトル回収", "訪問"]]
            if variant.startswith("asis")
            else [hdr(["自社の言葉", "種別"]), ["不在", "訪問"], ["空ボトル回収", "訪問"]]
        ),
        "Reps": SheetContent(
            rows=[
                hdr(["担当者", "メールアドレス", "営業所"]),
                ["ALL", "eigyo-bucho@example.co.jp", None],
                *[
                    [n, f"rep{i + 1:02d}@example.co.jp", BRANCHES[i // 6]]
                    for i, n in enumerate(REPS)
                ],
            ]
        ),
    }
    rewrite_workbook(tmp, sheets, dst=dst, resize_tables=True)
    os.unlink(tmp)
    print(dst)


if __name__ == "__main__":
    main()
