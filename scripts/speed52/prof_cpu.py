"""cProfile on the main thread's CPU clock of one in-process recalculation, warm (speed52).

Like scripts/speed51a/prof.py, but timed with ``time.thread_time``: other processes' load
(the machine is shared) does not enter the figures, only the profiler's own overhead.

    ROUTEKPI_WORKERS=1 PYTHONPATH=<tree> python scripts/speed52/prof_cpu.py BOOK OUT.prof
"""

from __future__ import annotations

import cProfile
import datetime as dt
import shutil
import sys
import tempfile
import time
from pathlib import Path

from routekpi.recalc import recalculate


def main() -> None:
    book, out = Path(sys.argv[1]), sys.argv[2]
    src = Path(tempfile.mkdtemp()) / ("in" + book.suffix)
    shutil.copy(book, src)
    recalculate(src, today=dt.date(2026, 12, 1))
    shutil.copy(book, src)
    prof = cProfile.Profile(time.thread_time)
    prof.enable()
    recalculate(src, today=dt.date(2026, 12, 1))
    prof.disable()
    prof.dump_stats(out)


if __name__ == "__main__":
    main()
