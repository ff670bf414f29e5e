"""small44's reproduction books, made from the sample book (see REPRO.md).

python scripts/small44/books.py leave BOOK OUT          # Sato on leave 10/05–10/30
python scripts/small44/books.py leave-cover BOOK OUT    # … to 11/13, 代行者 Ito
python scripts/small44/books.py step BOOK OUT 0.03      # C0044 ×6, from 2025-09 at 3%
"""

from __future__ import annotations

import datetime as dt
import sys

import openpyxl

REP = "Sato"


def leave(src: str, dst: str, end: dt.datetime, cover: str | None) -> None:
    """Sato on leave from 2026-10-05 to ``end``, his visits in those days removed."""
    start = dt.datetime(2026, 10, 5)
    wb = openpyxl.load_workbook(src, keep_vba=True)
    ws = wb["Visits"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    keep = [r for r in rows if not (r[1] == REP and r[0] is not None and start <= r[0] <= end)]
    print("removed", len(rows) - len(keep))
    ws.delete_rows(2, ws.max_row)
    for r in keep:
        ws.append(r)
    row = [REP, start, end, "休暇", cover]
    for col, value in enumerate(row, start=1):
        wb["Leave"].cell(2, col, value)
    wb.save(dst)


def step(src: str, dst: str, after: float) -> None:
    """C0044 (Sato's) six times its size, from 2025-09 at ``after`` of that."""
    wb = openpyxl.load_workbook(src, keep_vba=True)
    for row in wb["Orders"].iter_rows(min_row=2):
        if row[1].value == "C0044":
            k = 6.0 * (after if row[0].value >= dt.datetime(2025, 9, 1) else 1.0)
            row[3].value = round(row[3].value * k)
    wb.save(dst)


if __name__ == "__main__":
    kind, src, dst, *rest = sys.argv[1:]
    if kind == "leave":
        leave(src, dst, dt.datetime(2026, 10, 30), None)
    elif kind == "leave-cover":
        leave(src, dst, dt.datetime(2026, 11, 13), "Ito")
    else:
        step(src, dst, float(rest[0]))
