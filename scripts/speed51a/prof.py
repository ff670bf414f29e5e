"""cProfile of one in-process recalculation after a warm-up run (speed51a).

ROUTEKPI_WORKERS=1 PYTHONPATH=<tree> python scripts/speed51a/prof.py BOOK OUT.prof
"""

from __future__ import annotations

import cProfile
import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

from routekpi.recalc import recalculate


def main() -> None:
    book, out = Path(sys.argv[1]), sys.argv[2]
    src = Path(tempfile.mkdtemp()) / ("in" + book.suffix)
    shutil.copy(book, src)
    recalculate(src, today=dt.date(2026, 12, 1))
    shutil.copy(book, src)
    prof = cProfile.Profile()
    prof.enable()
    recalculate(src, today=dt.date(2026, 12, 1))
    prof.disable()
    prof.dump_stats(out)


if __name__ == "__main__":
    main()
