# ruff: noqa: E501
"""Trial 44: paste the 基幹/SFA exports (their own headers) into fresh template books,
as a manager would: codes and amounts land as numbers (Excel converts them), dates stay text.

build_books.py OUT_DIR
-> book0.xlsm   first paste, no Words rows (what a new user gets first)
-> book.xlsm    + Words rows the Checks asked for (飛び込み → アポ, 試飲会 → 訪問)
-> book_w2.xlsm the same book a week later: the SFA export taken again on 2027-01-22
-> truth.xlsm   the simulated history to 2028-03-31 (PlanYear 2027, AsOf 2028-03-31): the actuals to judge by
-> book_okgi.xlsm book.xlsm with the KGI set to the simulated FY2027 revenue (oracle KGI)
"""

from __future__ import annotations

import csv
import json
import os
import sys
from pathlib import Path

from routekpi.io.sheetrewrite import rewrite_workbook
from routekpi.io.sheetxml import Cell, SheetContent
from routekpi.io.template import build_template

KGI = 2_650_000_000  # the manager's FY2027 goal: FY2026 (Apr-Dec actual + last Jan-Mar, 税抜 as in the accounts) x ~1.03
WORDS = [["飛び込み", "アポ"], ["試飲会", "訪問"]]


def _num(v: str) -> object:
    try:
        return int(v)
    except ValueError:
        return v


def rows(
    path: Path, num_cols: set[int], rename: dict[str, str] | None = None
) -> list[list[object]]:
    with open(path, encoding="utf-8") as fh:
        r = list(csv.reader(fh))
    head = [(rename or {}).get(h, h) for h in r[0]]
    out: list[list[object]] = [[Cell(h, "rk_header") for h in head]]
    for line in r[1:]:
        out.append(
            [None if v == "" else (_num(v) if i in num_cols else v) for i, v in enumerate(line)]
        )
    return out


def book(
    data: Path,
    dst: Path,
    settings: dict[str, object],
    *,
    words: bool,
    prefix: str = "",
    visits: str = "visits.csv",
    rename: dict[str, str] | None = None,
) -> None:
    tmp = dst.with_suffix(".tmp.xlsm")
    tmp.write_bytes(build_template("ja", settings=settings))
    sheets = {
        "Orders": SheetContent(rows=rows(data / f"{prefix}orders.csv", {1, 2, 7, 8, 9}, rename)),
        "Visits": SheetContent(
            rows=rows(data / (f"{prefix}visits.csv" if prefix else visits), {2}, rename)
        ),
        "Accounts": SheetContent(rows=rows(data / f"{prefix}accounts.csv", {0})),
        "Reps": SheetContent(rows=rows(data / "reps.csv", set())),
    }
    if words:
        sheets["Words"] = SheetContent(
            rows=[[Cell(h, "rk_header") for h in ["自社の言葉", "種別"]], *WORDS]
        )
    rewrite_workbook(tmp, sheets, dst=dst, resize_tables=True)
    os.unlink(tmp)


def main() -> None:
    out = Path(sys.argv[1])
    data = out / "data"
    args = sys.argv[2:]
    okgi = (
        int(args[args.index("--kgi") + 1]) if "--kgi" in args else None
    )  # the tool's FY2027 actual (truth.xlsm)
    args = [a for a in args if not a.startswith("--") and not a.isdigit()]
    only = args or ["book0", "book", "book_id", "book_w2", "truth", "book_okgi"]
    common = {"FiscalStartMonth": 4, "WorkingDays": "月-土", "PlanYear": 2027}
    fix = {
        "活動日時": "訪問日"
    }  # what Checks asked for: 「必須の列「訪問日 / Date」が見つかりません」
    if "book0" in only:  # the first paste: exports as they come, no Words
        book(data, out / "book0.xlsm", {**common, "KGI": KGI}, words=False)
    if "book" in only:  # header renamed as Checks asked, Words rows typed
        book(data, out / "book.xlsm", {**common, "KGI": KGI}, words=True, rename=fix)
    if "book_id" in only:  # + 伝票No renamed 受注番号 (the tool does not read 伝票No)
        book(
            data,
            out / "book_id.xlsm",
            {**common, "KGI": KGI},
            words=True,
            rename={**fix, "伝票No": "受注番号"},
        )
    if "book_w2" in only:  # a week later: the SFA export taken again on 2027-01-22
        book(
            data,
            out / "book_w2.xlsm",
            {**common, "KGI": KGI},
            words=True,
            visits="visits_w2.csv",
            rename=fix,
        )
    if "book_res" in only:  # + 活動結果 renamed 結果: how the SFA's outcome words are read
        book(
            data,
            out / "book_res.xlsm",
            {**common, "KGI": KGI},
            words=True,
            rename={**fix, "活動結果": "結果"},
        )
    if (
        "book_fy26" in only
    ):  # the running year FY2026 (budget ¥2.70B 税抜) to read Review in January
        book(
            data,
            out / "book_fy26.xlsm",
            {**common, "PlanYear": 2026, "KGI": 2_700_000_000},
            words=True,
            rename=fix,
        )
    truth = json.loads((data / "truth.json").read_text(encoding="utf-8"))
    if (
        "truth" in only
    ):  # the simulated history to 2028-03-31: FY2027 actuals measured by routekpi itself
        book(
            data,
            out / "truth.xlsm",
            {**common, "KGI": truth["revenue_by_fy"]["2027"], "AsOf": "2028-03-31"},
            words=True,
            prefix="full_",
            rename=fix,
        )
    if (
        "book_okgi" in only
    ):  # KGI = FY2027 revenue as routekpi reads it in truth.xlsm (oracle KGI, as backtest sets it)
        kgi = okgi or truth["revenue_by_fy"]["2027"]
        book(data, out / "book_okgi.xlsm", {**common, "KGI": kgi}, words=True, rename=fix)


if __name__ == "__main__":
    main()
