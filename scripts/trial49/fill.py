# ruff: noqa: E501
"""Trial 49: what the manager types into a fresh template book (Sources, Settings, Reps, Words).

fill.py DATA_DIR VARIANT — VARIANT is '+'-joined tokens:
  asis   : base — Sources name the exports as they came (販売管理 cp932 税抜 + kintone 金額(税込) with 税率,
           the Google Sheets visit log, the kintone customer master); KGI 12億, FiscalStartMonth 4月,
           PlanYear 2026 (the running year); Reps with 営業所; Words 講習会/クレーム対応 → 訪問, 新規 → アポ
  nowords: no Words rows (the manager's very first run)
  norate : kintone export without its 税率 column (kintone_受注明細_税率なし.csv)
  next   : PlanYear 2027 (budgeting next year in December)
  nomaster: the customer master left off
  visname: the visit log's header 顧客 renamed 顧客名 by the manager (訪問記録_顧客名.csv, written here)
  viscode: the manager's VLOOKUP — a 顧客コード column looked up from the master by the exact name (variants and
           prospects left blank), the name kept as 顧客名 (訪問記録_コード付.csv, written here)
  oldnet : the 販売管理 file's header 金額 renamed 金額(税抜) by the manager (販売管理_売上明細_2022-2023_税抜.csv, written
           here) — the manager's try at telling routekpi that file is tax-excluded (H3)
  byname : H1's other way round — both order files without their code column (byname_*.csv, written here; kintone with
           受注番号), the visit log with 顧客名, no master (accounts keyed by name everywhere)
  override: an Overrides row 佐々木 健 / revenue / FY2026 / 0 (H4's workaround)
  kintoneid: kintone's レコード番号 header renamed 受注番号 by the manager (kintone_受注明細_受注番号.csv, written here)
Book: DATA_DIR/book_<variant with + → _>.xlsm
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from routekpi.io.sheetrewrite import rewrite_workbook
from routekpi.io.sheetxml import Cell, SheetContent
from routekpi.io.template import build_template

REPS_NOW = [  # the team as of 2026-12 (佐々木 left in March; 村上 now in 東京西)
    ("佐藤 健一", "東京東"),
    ("鈴木 由美", "東京東"),
    ("高橋 誠", "東京東"),
    ("小野 美咲", "東京東"),
    ("田中 大輝", "東京西"),
    ("伊藤 真理", "東京西"),
    ("渡辺 拓也", "東京西"),
    ("山本 彩", "東京西"),
    ("村上 大輔", "東京西"),
    ("中村 翔", "横浜"),
    ("小林 恵", "横浜"),
    ("加藤 悠", "横浜"),
]


def hdr(cols: list[str]) -> list[Cell]:
    return [Cell(h, "rk_header") for h in cols]


def main() -> None:
    data = Path(sys.argv[1])
    variant = sys.argv[2]
    tok = set(variant.split("+"))
    settings: dict[str, object] = {"KGI": "12億", "FiscalStartMonth": "4月", "PlanYear": 2026}
    if "next" in tok:
        settings["PlanYear"] = 2027
    kin = "kintone_受注明細_税率なし.csv" if "norate" in tok else "kintone_受注明細.csv"
    vis = "訪問記録.csv"
    if "visname" in tok:
        vis = "訪問記録_顧客名.csv"
        text = (data / "訪問記録.csv").read_text(encoding="utf-8")
        (data / vis).write_text(
            text.replace("訪問日,担当,顧客,", "訪問日,担当,顧客名,", 1), encoding="utf-8"
        )
    if "viscode" in tok:
        import csv
        import io

        vis = "訪問記録_コード付.csv"
        master = {
            r["顧客名"]: r["顧客コード"]
            for r in csv.DictReader(
                io.StringIO((data / "kintone_顧客マスタ.csv").read_text(encoding="utf-8-sig"))
            )
        }
        rows = list(
            csv.DictReader(io.StringIO((data / "訪問記録.csv").read_text(encoding="utf-8")))
        )
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(["訪問日", "担当", "顧客コード", "顧客名", "種別", "メモ"])
        for r in rows:
            w.writerow(
                [r["訪問日"], r["担当"], master.get(r["顧客"], ""), r["顧客"], r["種別"], r["メモ"]]
            )
        (data / vis).write_text(buf.getvalue(), encoding="utf-8")
    if "kintoneid" in tok:
        new = kin.replace(".csv", "_受注番号.csv")
        text = (data / kin).read_text(encoding="utf-8-sig")
        (data / new).write_text(text.replace("レコード番号,", "受注番号,", 1), encoding="utf-8-sig")
        kin = new
    old = "販売管理_売上明細_2022-2023.csv"
    if "oldnet" in tok:
        text = (data / old).read_text(encoding="cp932")
        old = "販売管理_売上明細_2022-2023_税抜.csv"
        (data / old).write_text(text.replace(",単価,金額", ",単価,金額(税抜)", 1), encoding="cp932")
    src = [
        ["受注", old, None, None],
        ["受注", kin, None, None],
        ["訪問", vis, None, None],
    ]
    if "byname" in tok:
        for src_name, dst_name, enc, code in (
            ("販売管理_売上明細_2022-2023.csv", "byname_販売管理.csv", "cp932", "得意先コード"),
            ("kintone_受注明細.csv", "byname_kintone.csv", "utf-8-sig", "顧客コード"),
        ):
            import csv
            import io

            rows = list(csv.reader(io.StringIO((data / src_name).read_text(encoding=enc))))
            cut = rows[0].index(code)
            buf = io.StringIO()
            w = csv.writer(buf, lineterminator="\n")
            for r in rows:
                w.writerow([c for i, c in enumerate(r) if i != cut])
            text = buf.getvalue().replace("レコード番号,", "受注番号,", 1)
            (data / dst_name).write_text(text, encoding=enc)
        text = (data / "訪問記録.csv").read_text(encoding="utf-8")
        (data / "訪問記録_顧客名.csv").write_text(
            text.replace("訪問日,担当,顧客,", "訪問日,担当,顧客名,", 1), encoding="utf-8"
        )
        src = [
            ["受注", "byname_販売管理.csv", None, None],
            ["受注", "byname_kintone.csv", None, None],
            ["訪問", "訪問記録_顧客名.csv", None, None],
        ]
    if "nomaster" not in tok and "byname" not in tok:
        src.append(["顧客", "kintone_顧客マスタ.csv", None, None])
    words = [hdr(["自社の言葉", "種別"])]
    if "nowords" not in tok:
        words += [["講習会", "訪問"], ["クレーム対応", "訪問"], ["新規", "アポ"]]
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
                ["ALL", "eigyo-kikaku@example.co.jp", None],
                *[[n, f"rep{i + 1:02d}@example.co.jp", b] for i, (n, b) in enumerate(REPS_NOW)],
            ]
        ),
    }
    if "override" in tok:
        sheets["Overrides"] = SheetContent(
            rows=[hdr(["担当者", "KPI", "期間", "目標"]), ["佐々木 健", "revenue", "FY2026", 0]]
        )
    rewrite_workbook(tmp, sheets, dst=dst, resize_tables=True)
    os.unlink(tmp)
    print(dst)


if __name__ == "__main__":
    main()
