# ruff: noqa: E501
"""VERIFY (trial 49 H3): the `asis_norate` book with 税抜 typed on the Sources 税 column of the 販売管理 row, as README says.

verify_taxcol.py DATA_DIR → DATA_DIR/book_asis_norate_taxcol.xlsm (from book_asis_norate.xlsm made by fill.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

from routekpi.io.sheetrewrite import rewrite_workbook
from routekpi.io.sheetxml import Cell, SheetContent


def main() -> None:
    data = Path(sys.argv[1])
    src = data / "book_asis_norate.xlsm"
    dst = data / "book_asis_norate_taxcol.xlsm"
    rows = [
        [Cell(h, "rk_header") for h in ["入力", "ソース", "テーブル/クエリ", "文字コード", "税"]],
        ["受注", "販売管理_売上明細_2022-2023.csv", None, None, "税抜"],
        ["受注", "kintone_受注明細_税率なし.csv", None, None, None],
        ["訪問", "訪問記録.csv", None, None, None],
        ["顧客", "kintone_顧客マスタ.csv", None, None, None],
    ]
    rewrite_workbook(src, {"Sources": SheetContent(rows=rows)}, dst=dst, resize_tables=True)
    print(dst)


if __name__ == "__main__":
    main()
