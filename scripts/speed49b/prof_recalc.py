"""cProfile of in-process recalculations of a copy of a book (the first run warms imports).

    ROUTEKPI_WORKERS=1 PYTHONPATH=<tree> python prof_recalc.py BOOK OUT.pstats [--runs N]

Prints the top functions by cumulative and by own time of the last run.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import pstats
import shutil
import tempfile
from pathlib import Path

from routekpi import recalc


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("book", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--top", type=int, default=60)
    parser.add_argument("--filter", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp) / args.book.name
        shutil.copyfile(args.book, scratch)
        recalc.recalculate(scratch)  # warm: imports, first-use caches
        prof = cProfile.Profile()
        for _ in range(args.runs):
            shutil.copyfile(args.book, scratch)
            gc.collect()
            prof.enable()
            recalc.recalculate(scratch)
            prof.disable()
    prof.dump_stats(str(args.out))
    stats = pstats.Stats(str(args.out))
    stats.sort_stats("cumulative").print_stats(args.filter, args.top)
    stats.sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
