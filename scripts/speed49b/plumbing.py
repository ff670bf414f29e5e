"""Thread CPU of the recalculation's own steps around the engine (min of ``--runs``).

    ROUTEKPI_WORKERS=1 PYTHONPATH=<tree> python plumbing.py BOOK [--runs 3]

Wraps, where ``routekpi.recalc`` holds them by name: the template check, the user-cell
planner, the final render, the tables' digests, the charts' titles, the Daily's page breaks,
the write (with the sheet XML inside it, from ``sheetrewrite``), and the run as a whole.
"""

from __future__ import annotations

import argparse
import gc
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from routekpi import recalc
from routekpi.io import sheetrewrite

STEPS = (
    "_has_styles",
    "_user_cells",
    "render",
    "table_digests",
    "_chart_title_edits",
    "rep_page_breaks",
    "rewrite_workbook",
    "compute_file",
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("book", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    spent: dict[str, float] = {}

    def timed(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*a: Any, **k: Any) -> Any:
            t0 = time.thread_time()
            try:
                return fn(*a, **k)
            finally:
                spent[name] = spent.get(name, 0.0) + time.thread_time() - t0

        return wrapper

    for name in STEPS:
        setattr(recalc, name, timed(name, getattr(recalc, name)))
    sheetrewrite.write_sheet_data = timed("  sheet XML", sheetrewrite.write_sheet_data)  # type: ignore[assignment]
    best: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp) / args.book.name
        for _ in range(args.runs + 1):  # the first warms the imports
            spent.clear()
            shutil.copyfile(args.book, scratch)
            gc.disable()
            t0 = time.thread_time()
            recalc.recalculate(scratch)
            spent["whole run"] = time.thread_time() - t0
            gc.enable()
            for name, seconds in spent.items():
                best[name] = min(best.get(name, seconds), seconds)
    for name, seconds in best.items():
        print(f"{name:24s} {seconds * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
