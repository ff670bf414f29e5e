"""Recalculate copies of books in process, clock stopped; print a hash per zip part per book.

Run with the old and the new tree (``PYTHONPATH`` naming each, from a directory with no
``routekpi`` of its own) and diff the listings: every part of every book must match
(scripts/speed47a/hash_outputs.py, for many books in one process). A book the run refuses
prints its error's class and message instead (both trees must refuse it alike).

    cd /tmp && PYTHONPATH=/path/to/tree python hash_books.py SCRATCH_DIR BOOK... > parts.txt
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import sys
import zipfile
from pathlib import Path

import routekpi.pipeline as pipeline
import routekpi.recalc as recalc

DAY = dt.date(2026, 12, 6)


class Frozen(dt.datetime):
    """The clock of the run's status line and stamp."""

    @classmethod
    def now(cls, tz: dt.tzinfo | None = None) -> Frozen:
        return cls(DAY.year, DAY.month, DAY.day, 9, 0, 0)


def main() -> None:
    scratch = Path(sys.argv[1])
    scratch.mkdir(parents=True, exist_ok=True)
    pipeline.datetime = Frozen  # type: ignore[misc]
    recalc.datetime = Frozen  # type: ignore[misc]
    for book in map(Path, sys.argv[2:]):
        dst = scratch / book.name
        shutil.copyfile(book, dst)
        print("##", book.name, flush=True)
        try:
            recalc.recalculate(dst, today=DAY)
        except Exception as exc:  # a refused book is compared by its message
            print("refused", type(exc).__name__, str(exc)[:300].replace("\n", " "))
            continue
        with zipfile.ZipFile(dst) as zf:
            for info in sorted(zf.infolist(), key=lambda i: i.filename):
                print(info.filename, hashlib.sha1(zf.read(info)).hexdigest()[:12])


if __name__ == "__main__":
    main()
