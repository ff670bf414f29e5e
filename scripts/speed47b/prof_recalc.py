"""Profile one in-process recalculation of a book (cProfile), or time N of them (thread CPU).

    python scripts/speed47b/prof_recalc.py BOOK [--sort tottime] [--top 60] [--repeat N]

The book is copied first; ``today`` is fixed so runs compare. A first recalculation warms the
imports and first-use paths; the profile (or the timings) are of the ones after it.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import os
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if not os.environ.get("PYTHONPATH"):  # PYTHONPATH picks the tree (old/new comparisons)
    sys.path.insert(0, str(ROOT))

from routekpi.recalc import recalculate  # noqa: E402

TODAY = dt.date(2026, 12, 1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("book", type=Path)
    parser.add_argument("--sort", default="tottime")
    parser.add_argument("--top", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / ("in" + args.book.suffix)

        def once() -> None:
            shutil.copy(args.book, src)
            recalculate(src, today=TODAY)

        once()
        if args.repeat:
            times = []
            for _ in range(args.repeat):
                cpu = time.thread_time()
                once()
                times.append(time.thread_time() - cpu)
            print(" ".join(f"{t * 1000:.0f}" for t in times), f"min {min(times) * 1000:.0f} ms")
            return
        prof = cProfile.Profile()
        prof.enable()
        once()
        prof.disable()
        pstats.Stats(prof).sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
