"""collect into a Visits sheet that is a pasted SFA export (trial 44 L8). ux44 warned that the
next paste drops the collected rows; paste45 files them on 回収訪問 instead (see
test_collect_pasted_export.py), which this test now checks, the template book unchanged.

The manager pastes the SFA's export over Visits every week, its own header and all; collect
appended a rep's log below it, and the next paste overwrote those rows without a word. Filing
them on 回収訪問 needs recalc to read that sheet beside a pasted Visits (it does so only beside
a Sources file), so collect now says it, naming the sheet and the row count, when the Visits
header is not the template's; a book with the template's header gets no such line.
The books: the ja sample written, its Visits header replaced by the export's words (aliases the
reader takes), shared per rep, Ito's copy filled, collected, read back.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from share_helpers import fill_visit_log

from routekpi.io.reader import read_workbook
from routekpi.io.samplebook import write_sample_workbook
from routekpi.io.sheetrewrite import rewrite_workbook
from routekpi.io.sheetxml import SheetContent
from routekpi.share.collect import collect
from routekpi.share.job import share

REP = "Ito"
EXPORT_HEADER = ["活動日", "担当者名", "顧客コード", "活動種別", "成果"]


def _visits(book: Path) -> list[list[object]]:
    wb = openpyxl.load_workbook(book, read_only=True)
    rows = [list(r) for r in wb["Visits"].iter_rows(values_only=True)]
    wb.close()
    return rows


def _collected(tmp: Path, pasted: bool) -> tuple[Path, list[str], int, str]:
    book = tmp / "book.xlsm"
    write_sample_workbook(book, "ja", seed=11, orders_rows=4_000)
    rows = _visits(book)
    if pasted:  # the export's header over the same rows, as a manager's paste leaves it
        tab = read_workbook(book).tab_names["Visits"]
        rows[0] = EXPORT_HEADER
        rewrite_workbook(book, {tab: SheetContent(rows=rows)})
    report = share(book, tmp / "out", per_rep=True)
    copy = next(f.path for f in report.files if f.rep == REP)
    mine = [r for r in rows[1:] if r[1] == REP and r[2]]
    last = max(r[0] for r in mine)
    day = last.date() if isinstance(last, dt.datetime) else last
    memo = "ux44 試飲会の相談"
    filled = fill_visit_log(copy, tmp / "ito.xlsx", [[day, mine[0][2], "商談", None, memo]])
    done = collect(book, [filled], recalc=False, today=day + dt.timedelta(days=3))
    return book, done.summary(), done.added, memo


@pytest.mark.parametrize("pasted", [True, False])
def test_collect_files_rows_off_a_pasted_export(tmp_path: Path, pasted: bool) -> None:
    """paste45: a pasted export's rows go to 回収訪問 (no warning needed); the template's
    Visits sheet still gets them appended below, as before."""
    book, said, added, memo = _collected(tmp_path, pasted)
    assert added == 1
    after = _visits(book)
    below = any(memo in [str(c) for c in r] for r in after[-1:])
    assert below is not pasted
    assert any("「回収訪問」シート" in line for line in said) is pasted  # where the rows went
    if pasted:
        assert after[0][:5] == EXPORT_HEADER
        wb = openpyxl.load_workbook(book, read_only=True)
        kept = [list(r) for r in wb["回収訪問"].iter_rows(values_only=True)]
        wb.close()
        assert any(memo in [str(c) for c in r] for r in kept[1:])
