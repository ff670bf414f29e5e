"""Thread CPU of reading a book's output sheets for user cells (``UserCellPlanner``, speed50b).

    cd /tmp && PYTHONPATH=<tree> python planner_time.py BOOK [--runs 5]

BOOK should have been recalculated before (its output sheets hold routekpi's tables and its
hidden names their blocks): the case of every recalculation after the first, which
scripts/bench.py never times (its books are fresh copies). Prints the planner's time and the
share of it in ``read_cells`` (min over the runs), and the cells it kept.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from routekpi.io import usercells
from routekpi.io.package import open_zip, workbook_sheets
from routekpi.schema import OUTPUT_COLUMNS


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("book", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with open_zip(args.book) as zf:
        tabs = {s.name: s.name for s in workbook_sheets(zf, args.book)[1]}
    tabs = {n: t for n, t in tabs.items() if n in OUTPUT_COLUMNS}
    widths = {n: len(OUTPUT_COLUMNS[n]) for n in tabs}
    read_cells = usercells.read_cells
    spent = [0.0]

    def timed(*a: object, **k: object) -> list[usercells.OldCell]:
        t = time.thread_time()
        try:
            return read_cells(*a, **k)  # type: ignore[arg-type]
        finally:
            spent[0] += time.thread_time() - t

    usercells.read_cells = timed  # type: ignore[assignment]
    whole, reading = [], []
    for _ in range(args.runs):
        spent[0] = 0.0
        t = time.thread_time()
        planner = usercells.UserCellPlanner(args.book, tabs, widths)
        whole.append(time.thread_time() - t)
        reading.append(spent[0])
    cells = sum(len(c) for c in planner.cells.values())
    print(
        f"{args.book.name}: {len(tabs)} output sheets, {cells} cells kept; planner min "
        f"{min(whole) * 1000:.1f} ms, of which read_cells {min(reading) * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
