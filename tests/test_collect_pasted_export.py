"""collect and recalc with a Visits sheet that is a pasted SFA export (trial 44 L8).

The manager pastes the SFA's export over Visits every week; reps' returned visit logs used to
be appended below it and the next paste wiped them. Now collect files them on 回収訪問 when the
Visits header is not the template's, and recalc reads that sheet beside the pasted Visits,
counting a row the export already holds once (validation.same_visit: one key for collect and
recalc). The book: the ja sample with its Visits header replaced by the export's words (aliases
the reader takes); Ito returns 3 route visits on his last visit day to accounts the export
shows no visit to that day; the export is pasted again without them, then with one of them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd
from share_helpers import fill_visit_log

from routekpi.io.reader import read_workbook
from routekpi.io.samplebook import write_sample_workbook
from routekpi.io.sheetrewrite import rewrite_workbook
from routekpi.io.sheetxml import SheetContent
from routekpi.pipeline import validate
from routekpi.share.collect import collect
from routekpi.share.job import share

REP = "Ito"
EXPORT_HEADER = ["活動日", "担当者名", "顧客コード", "活動種別", "成果"]


def _rows(book: Path, tab: str) -> list[list[object]]:
    wb = openpyxl.load_workbook(book, read_only=True)
    rows = [list(r) for r in wb[tab].iter_rows(values_only=True)] if tab in wb.sheetnames else []
    wb.close()
    return [r for r in rows if any(c is not None for c in r)]


def _day(value: object) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value  # type: ignore[return-value]


def _paste(book: Path, rows: list[list[object]]) -> None:
    """The export pasted over Visits, header and all (the sheet's old rows gone)."""
    tab = read_workbook(book).tab_names["Visits"]
    rewrite_workbook(book, {tab: SheetContent(rows=rows)})


def _counted(book: Path, day: dt.date) -> tuple[int, dict[str, object]]:
    """Ito's visit rows on ``day`` as recalc reads them, and the collected sheet's info row."""
    checked = validate(read_workbook(book))
    v = checked.inputs.history.visits
    n = int(((v["rep"] == REP) & (v["date"] == pd.Timestamp(day))).sum())
    info = [c.params for c in checked.inputs.checks if c.problem == "collected_visits_read"]
    unread = [c for c in checked.inputs.checks if c.problem == "collected_visits_unread"]
    assert not unread
    assert len(info) == 1
    return n, info[0]


def test_collected_rows_survive_a_new_paste_and_count_once(tmp_path: Path) -> None:
    book = tmp_path / "book.xlsm"
    write_sample_workbook(book, "ja", seed=11, orders_rows=4_000)
    export = _rows(book, "Visits")
    export[0] = EXPORT_HEADER
    _paste(book, export)
    mine = [r for r in export[1:] if r[1] == REP and r[2]]
    day = max(_day(r[0]) for r in mine)
    that_day = {r[2] for r in mine if _day(r[0]) == day}
    free = sorted({r[2] for r in mine} - that_day)[:3]
    assert len(free) == 3
    ito_rows = sum(1 for r in export[1:] if r[1] == REP and _day(r[0]) == day)

    report = share(book, tmp_path / "out", per_rep=True)
    copy = next(f.path for f in report.files if f.rep == REP)
    log = [[day, code, "訪問", None, f"paste45 {i}"] for i, code in enumerate(free)]
    filled = fill_visit_log(copy, tmp_path / "ito.xlsx", log)
    done = collect(book, [filled], recalc=False, today=day + dt.timedelta(days=3))

    assert done.added == 3
    assert any("貼り付けたエクスポート" in line for line in done.summary())
    # On 回収訪問, not below the export: the Visits sheet is the export as pasted.
    after = _rows(book, "Visits")
    assert len(after) == len(export)
    assert after[0][:5] == EXPORT_HEADER
    collected = _rows(book, "回収訪問")
    assert [(_day(r[0]), r[2]) for r in collected[1:]] == [(day, c) for c in free]

    n, info = _counted(book, day)
    assert n == ito_rows + 3
    assert (info["rows"], info["same"]) == ("3", "0")

    # Next week's paste, without the returned visits: they are still counted.
    _paste(book, export)
    n, info = _counted(book, day)
    assert n == ito_rows + 3
    assert (info["rows"], info["same"]) == ("3", "0")

    # A paste that holds one of them (the SFA's own outcome word): that visit counts once.
    held = [day, REP, free[1], "訪問", "受注"]
    _paste(book, [*export, held])
    n, info = _counted(book, day)
    assert n == ito_rows + 3
    assert (info["rows"], info["same"]) == ("2", "1")


def test_a_check_on_a_collected_row_names_its_own_tab_and_row(tmp_path: Path) -> None:
    """A returned visit dated after the as-of date is named on 回収訪問 at its own row (read
    beside the pasted export, it was named as the Visits row of the same number)."""
    book = tmp_path / "book.xlsm"
    write_sample_workbook(book, "ja", seed=11, orders_rows=4_000)
    export = _rows(book, "Visits")
    export[0] = EXPORT_HEADER
    _paste(book, export)
    mine = [r for r in export[1:] if r[1] == REP and r[2]]
    day = max(_day(r[0]) for r in mine)
    codes = sorted({r[2] for r in mine})[:2]
    report = share(book, tmp_path / "out", per_rep=True)
    copy = next(f.path for f in report.files if f.rep == REP)
    log = [[day, code, "訪問", None, f"row {i}"] for i, code in enumerate(codes)]
    filled = fill_visit_log(copy, tmp_path / "ito.xlsx", log)
    collect(book, [filled], recalc=False, today=day + dt.timedelta(days=3))
    collected = _rows(book, "回収訪問")
    assert len(collected) == 3  # header + the two returned visits
    # The second returned visit re-dated a week on (after the as-of date, the last order).
    later = dt.datetime.combine(day + dt.timedelta(days=7), dt.time())
    collected[2][0] = later
    rewrite_workbook(book, {"回収訪問": SheetContent(rows=collected)})

    checks = validate(read_workbook(book)).inputs.checks
    future = [c for c in checks if c.problem == "future_date"]
    assert [(c.sheet, c.row, c.value) for c in future] == [
        ("回収訪問", 3, later.date().isoformat())
    ]
