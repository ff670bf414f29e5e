# ruff: noqa: E501
"""Trial 51: what the 自動車部品卸 manager types into a fresh template book (Sources, Settings, Reps, Words).

fill.py DATA_DIR VARIANT — VARIANT is '+'-joined tokens:
  asis  : Sources name the exports as they came: 受注 = 売上明細_2023 … 2026.csv (four rows), 訪問 = SFA_activities.csv,
          顧客 = 得意先マスタ.csv; KGI 「10.6億」, FiscalStartMonth 「1月」, PlanYear 2027, WorkingDays 「月-土」;
          Reps (names as the SFA writes them) with 営業所
  words : Words Call → 連絡 (after the first run's Checks)
  cur   : PlanYear 2026 (score keeping for the running year), KGI 「10.4億」 (the FY2026 budget)
  wild  : 受注 as one wildcard row 売上明細_*.csv
  repcode: Reps sheet keyed by the 担当者コード (001 …) instead of names
  rev27 : the same with 2.7, as the Plan's 価格改定 note advises
  rev   : Settings PriceRevisionMonth 2026-01, PriceRevisionPct 1.5 (+3% on the makers with ~51% of sales)
  paste : (H1 on sheets) the 2026 sales lines pasted on the Orders sheet and the master on the Accounts sheet (no Sources
          rows for them); the SFA file stays on Sources
  overlap: this year's file exported as the last 13 months (2025-11 … 2026-12-05): 2025-11/12 in two files
  currep: the sales lines exported with the CURRENT holder (code and name, from the master) on every past line
  salesname: the sales lines re-exported with 担当者名 beside 担当者コード (the manager's fix for H1)
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
    ("001", "石井 和也", "本社営業所"),
    ("002", "松本 亮介", "本社営業所"),
    ("003", "井上 大樹", "本社営業所"),
    ("004", "木村 拓真", "北営業所"),
    ("005", "林 健一", "北営業所"),
    ("006", "清水 翔", "北営業所"),
    ("007", "山崎 誠", "南営業所"),
    ("008", "森 浩之", "南営業所"),
    ("009", "池田 蓮", "南営業所"),
]


def hdr(cols: list[str]) -> list[Cell]:
    return [Cell(h, "rk_header") for h in cols]


def main() -> None:
    data = Path(sys.argv[1])
    variant = sys.argv[2]
    tok = set(variant.split("+"))
    settings: dict[str, object] = {
        "KGI": "10.6億",
        "FiscalStartMonth": "1月",
        "PlanYear": 2027,
        "WorkingDays": "月-土",
    }
    if "cur" in tok:
        settings["PlanYear"] = 2026
        settings["KGI"] = "10.4億"
    sales = "売上明細_{}.csv"
    if "salesname" in tok:  # re-exported with the rep's name beside the code
        names = {c: n for c, n, _ in REPS}
        for y in (2023, 2024, 2025, 2026):
            rows = list(
                csv.reader(io.StringIO((data / sales.format(y)).read_text(encoding="cp932")))
            )
            i = rows[0].index("担当者コード")
            rows[0].insert(i + 1, "担当者名")
            for r in rows[1:]:
                r.insert(i + 1, names[r[i]])
            buf = io.StringIO()
            csv.writer(buf, lineterminator="\r\n").writerows(rows)
            (data / f"売上明細名_{y}.csv").write_text(buf.getvalue(), encoding="cp932")
        sales = "売上明細名_{}.csv"
    if (
        "rev" in tok
    ):  # the manager types the Jan-2026 maker increase he knows (+3% on ~half the sales)
        settings["PriceRevisionMonth"] = "2026-01"
        settings["PriceRevisionPct"] = 1.5
    if "rev27" in tok:  # what the Plan's own note advises (「PriceRevisionPct に 2.7」)
        settings["PriceRevisionMonth"] = "2026-01"
        settings["PriceRevisionPct"] = 2.7
    if (
        "currep" in tok
    ):  # the other export: every past line under the account's CURRENT rep (code and name)
        master = list(
            csv.reader(io.StringIO((data / "得意先マスタ.csv").read_text(encoding="cp932")))
        )
        h = master[0]
        holder = {
            r[h.index("得意先コード")]: (r[h.index("担当者コード")], r[h.index("担当者名")])
            for r in master[1:]
        }
        for y in (2023, 2024, 2025, 2026):
            rows = list(
                csv.reader(io.StringIO((data / f"売上明細_{y}.csv").read_text(encoding="cp932")))
            )
            i, a = rows[0].index("担当者コード"), rows[0].index("得意先コード")
            rows[0].insert(i + 1, "担当者名")
            for r in rows[1:]:
                code, name = holder[r[a]]
                r[i] = code
                r.insert(i + 1, name)
            buf = io.StringIO()
            csv.writer(buf, lineterminator="\r\n").writerows(rows)
            (data / f"売上明細今_{y}.csv").write_text(buf.getvalue(), encoding="cp932")
        sales = "売上明細今_{}.csv"
    if (
        "overlap" in tok
    ):  # this year's file exported as 「直近13か月」: 2025-11-01 … 2026-12-05 (two months twice)
        rows25 = list(
            csv.reader(io.StringIO((data / sales.format(2025)).read_text(encoding="cp932")))
        )
        rows26 = list(
            csv.reader(io.StringIO((data / sales.format(2026)).read_text(encoding="cp932")))
        )
        both = [rows26[0]] + [r for r in rows25[1:] if r[0] >= "2025/11/01"] + rows26[1:]
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\r\n").writerows(both)
        (data / sales.format("2026直近")).write_text(buf.getvalue(), encoding="cp932")
    if "wild" in tok:
        src = [["受注", sales.format("*"), None, None]]
    else:
        last = "2026直近" if "overlap" in tok else 2026
        src = [["受注", sales.format(y), None, None] for y in (2023, 2024, 2025, last)]
    src += [["訪問", "SFA_activities.csv", None, None], ["顧客", "得意先マスタ.csv", None, None]]
    words = [hdr(["自社の言葉", "種別"])]
    if "words" in tok:
        words += [["Call", "連絡"]]
    dst = data / f"book_{variant.replace('+', '_')}.xlsm"
    tmp = dst.with_suffix(".tmp.xlsm")
    tmp.write_bytes(build_template("ja", settings=settings))
    key = 0 if "repcode" in tok else 1
    sheets: dict[str, SheetContent] = {
        "Sources": SheetContent(
            rows=[hdr(["入力", "ソース", "テーブル/クエリ", "文字コード"]), *src]
        ),
        "Words": SheetContent(rows=words),
        "Reps": SheetContent(
            rows=[
                hdr(["担当者", "メールアドレス", "営業所"]),
                ["ALL", "bucho@example.co.jp", None],
                *[[r[key], f"rep{r[0]}@example.co.jp", r[2]] for r in REPS],
            ]
        ),
    }
    if "paste" in tok:  # the sheets instead of the files

        def rows_of(name: str) -> list[list]:
            return list(csv.reader(io.StringIO((data / name).read_text(encoding="cp932"))))

        o = rows_of(sales.format(2026))
        a = rows_of("得意先マスタ.csv")
        sheets["Orders"] = SheetContent(rows=[hdr(o[0]), *o[1:]])
        sheets["Accounts"] = SheetContent(rows=[hdr(a[0]), *a[1:]])
        sheets["Sources"] = SheetContent(
            rows=[
                hdr(["入力", "ソース", "テーブル/クエリ", "文字コード"]),
                ["訪問", "SFA_activities.csv", None, None],
            ]
        )
    rewrite_workbook(tmp, sheets, dst=dst, resize_tables=True)
    os.unlink(tmp)
    print(dst)


if __name__ == "__main__":
    main()
