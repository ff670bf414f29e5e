"""Thread CPU of ``render_daily.daily_rows`` alone on the Daily plan of one recalculation
(speed50a): the plan captured from an in-process recalc, then the rows made ``--runs`` times.

    ROUTEKPI_WORKERS=1 PYTHONPATH=<tree> python scripts/speed50a/daily_rows_cpu.py BOOK \
        [--runs 7] [--profile 30] [--pickle OUT]

Prints the min; ``--profile N`` cProfile's top N (own time) of one more run; ``--pickle``
writes the rows (for comparing two trees' rows: equal lists of equal cells).
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gc
import pickle
import pstats
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from routekpi import recalc, render


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("book", type=Path)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--profile", type=int, default=0)
    parser.add_argument("--pickle", type=Path)
    args = parser.parse_args()
    caught: list[tuple[Any, ...]] = []
    original = render.daily_rows

    def catch(*a: Any, **k: Any) -> Any:
        caught.append((a, k))
        return original(*a, **k)

    render.daily_rows = catch  # type: ignore[assignment]
    src = Path(tempfile.mkdtemp()) / ("in" + args.book.suffix)
    shutil.copy(args.book, src)
    recalc.recalculate(src, today=dt.date(2026, 12, 1))
    a, k = caught[0]
    best = 9.0
    for _ in range(args.runs):
        gc.collect()
        gc.disable()
        t0 = time.thread_time()
        rows = original(*a, **k)
        best = min(best, time.thread_time() - t0)
        gc.enable()
    print(f"daily_rows: {len(rows)} rows, min {best * 1000:.1f} ms")
    if args.pickle:
        args.pickle.write_bytes(pickle.dumps(rows))
    if args.profile:
        prof = cProfile.Profile()
        prof.enable()
        original(*a, **k)
        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(args.profile)


if __name__ == "__main__":
    main()
