"""Recalculate copies of books through the command line's path, clock stopped; a hash per
zip part per book (speed51b: ``scripts/speed49a/hash_books.py`` calls ``recalculate``
directly, which skips the early read and the early parse the command line begins).

    cd /tmp && PYTHONPATH=<tree> python hash_cli.py SCRATCH_DIR BOOK... > parts.txt

Also prints, per book, which sheets the read took from the early parse (``taken``), so a
listing shows the path was exercised. Diff the listings of two trees (hash lines only).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import sys
import zipfile
from pathlib import Path

import routekpi.cli as cli
import routekpi.pipeline as pipeline
import routekpi.recalc as recalc

DAY = dt.date.today()


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
    taken: list[str] = []
    try:
        from routekpi.io import earlyparse

        take = earlyparse.take

        def counted(path: str, tab: str, dtypes: dict[str | int, str]) -> object:
            sheet = take(path, tab, dtypes)
            if sheet is not None:
                taken.append(tab)
            return sheet

        import routekpi.io.fastread as fastread

        fastread.take = counted  # type: ignore[attr-defined]
    except ImportError:  # the tree before the early parse
        pass
    for book in map(Path, sys.argv[2:]):
        dst = scratch / book.name
        shutil.copyfile(book, dst)
        taken.clear()
        code = cli.main(["recalc", str(dst), "--quiet"])
        print("##", book.name, "exit", code, flush=True)
        print("# taken from the early parse:", sorted(taken), file=sys.stderr)
        with zipfile.ZipFile(dst) as zf:
            for info in sorted(zf.infolist(), key=lambda i: i.filename):
                print(info.filename, hashlib.sha1(zf.read(info)).hexdigest()[:12])


if __name__ == "__main__":
    main()
