# ruff: noqa: E501
"""Trial 46: month end. The 課長 adds December's three exports to Sources of the collected book, as typed rows.

step2.py DATA_DIR → DATA_DIR/book_jan.xlsm (= book_collect.xlsm + Sources rows for next/*_202612.csv)
The December SFA export gets the same two-header rename the user did for the big one (M1).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import openpyxl

from routekpi.io.sheetrewrite import rewrite_workbook
from routekpi.io.sheetxml import Cell, SheetContent


def main() -> None:
    data = Path(sys.argv[1])
    src = data / "next" / "訪問日報_202612.csv"
    lines = src.read_text(encoding="utf-8-sig").splitlines()
    lines[0] = lines[0].replace("訪問開始", "訪問日時").replace("訪問目的", "訪問区分")
    (data / "next" / "訪問日報_202612_見出し修正.csv").write_text(
        "\n".join(lines) + "\n", encoding="utf-8-sig"
    )
    shutil.copy(data / "book_collect.xlsm", data / "book_jan.xlsm")
    wb = openpyxl.load_workbook(data / "book_jan.xlsm", read_only=True)
    rows = [
        list(r)
        for r in wb["Sources"].iter_rows(values_only=True)
        if any(v not in (None, "") for v in r)
    ]
    wb.close()
    head, body = rows[0], rows[1:]
    body = [r[:4] for r in body]
    # December's orders under the big export, December's visits under each visit export (row order = stack order)
    new = [
        body[0],
        ["受注", "next/受注明細_202612.csv", None, None],
        body[1],
        body[2],
        ["訪問", "next/訪問日報_202612_見出し修正.csv", None, None],
        body[3],
        ["訪問", "next/新規開拓_202612.csv", None, None],
    ]
    rewrite_workbook(
        data / "book_jan.xlsm",
        {"Sources": SheetContent(rows=[[Cell(h, "rk_header") for h in head[:4]], *new])},
        resize_tables=True,
    )
    print(data / "book_jan.xlsm", new)


if __name__ == "__main__":
    main()
