"""rev44: the sample book (seed 11, 4,000 order lines), AsOf blank, its Orders cut after a day
and its Visits left to 10/30 (visits typed past the last order).

PYTHONPATH=$PWD:$PWD/tests python scripts/rev44/cut.py LANG YYYY-MM-DD OUT.xlsm
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import openpyxl
from test_dashboard import _with_setting

from routekpi.io.samplebook import write_sample_workbook
from routekpi.io.sheetrewrite import rewrite_workbook
from routekpi.io.sheetxml import SheetContent


def main(lang: str, cut: date, out: Path) -> None:
    fresh, blank = out.parent / f"fresh_{lang}.xlsm", out.parent / f"blank_{lang}.xlsm"
    write_sample_workbook(fresh, lang, seed=11, orders_rows=4000)
    _with_setting(fresh, blank, "AsOf", None)
    wb = openpyxl.load_workbook(blank, read_only=True)
    head, *body = [list(r) for r in wb["Orders"].iter_rows(values_only=True)]
    wb.close()
    kept = [r for r in body if r[0] and r[0].date() <= cut]
    rewrite_workbook(
        blank, {"Orders": SheetContent(rows=[head, *kept])}, dst=out, resize_tables=True
    )


if __name__ == "__main__":
    main(sys.argv[1], date.fromisoformat(sys.argv[2]), Path(sys.argv[3]))
