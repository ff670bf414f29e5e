"""Recalculate a copy of a book in process with the clock stopped; print a hash per zip part.

Run it with the old and the new code (``PYTHONPATH`` naming each tree, from a directory that
holds no ``routekpi`` of its own) and diff the two listings: every output part must match.
``FORCE_FORK=1`` forks routekpi.aside's children whatever the load (``all``: at any size).

    cd /tmp && PYTHONPATH=/path/to/tree python hash_outputs.py BOOK SCRATCH > parts.txt
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import sys
import zipfile
from pathlib import Path

import routekpi.pipeline as pipeline
import routekpi.recalc as recalc
from routekpi import aside

DAY = dt.date(2026, 12, 6)


class Frozen(dt.datetime):
    """The clock of the run's status line and stamp."""

    @classmethod
    def now(cls, tz: dt.tzinfo | None = None) -> Frozen:
        return cls(DAY.year, DAY.month, DAY.day, 9, 0, 0)


def main() -> None:
    src, dst = Path(sys.argv[1]), Path(sys.argv[2])
    pipeline.datetime = Frozen  # type: ignore[misc]
    recalc.datetime = Frozen  # type: ignore[misc]
    if os.environ.get("FORCE_FORK"):
        aside._core_free = lambda cores: True  # type: ignore[assignment]
        if os.environ["FORCE_FORK"] == "all":
            aside.MIN_LINES = 0
    shutil.copyfile(src, dst)
    recalc.recalculate(dst, today=DAY)
    with zipfile.ZipFile(dst) as zf:
        for info in sorted(zf.infolist(), key=lambda i: i.filename):
            print(info.filename, hashlib.sha1(zf.read(info)).hexdigest()[:12])


if __name__ == "__main__":
    main()
