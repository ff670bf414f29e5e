"""Trial 45, a month later: the 2026-12 export copied into kikan/ and one Sources row added.

step2.py DATA_DIR  -> book_jan.xlsm (from book_words.xlsm)
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from routekpi.io.sheetrewrite import rewrite_workbook
from routekpi.io.sheetxml import Cell, SheetContent


def main() -> None:
    data = Path(sys.argv[1])
    shutil.copy(data / "next" / "売上明細_202612.csv", data / "kikan" / "売上明細_202612.csv")
    src = [["受注", f"kikan/{p.name}", None, None] for p in sorted((data / "kikan").glob("*.csv"))]
    src.append(["顧客", "得意先マスタ.xlsx", None, None])
    hdr = [Cell(h, "rk_header") for h in ["入力", "ソース", "テーブル/クエリ", "文字コード"]]
    rewrite_workbook(
        data / "book_words.xlsm",
        {"Sources": SheetContent(rows=[hdr, *src])},
        dst=data / "book_jan.xlsm",
        resize_tables=True,
    )
    print(data / "book_jan.xlsm")


if __name__ == "__main__":
    main()
