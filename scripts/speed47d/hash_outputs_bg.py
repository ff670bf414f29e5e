"""``scripts/speed47a/hash_outputs.py`` with the read begun in a thread as the command line
begins it (``BackgroundRead``), so that the big sheets' tables validated in the read's
thread (``WorkbookData.prepared``) are the ones taken. Prints a hash per zip part and, on
stderr, which tables came prepared and the run's wall time.

    cd /tmp && PYTHONPATH=/path/to/tree python hash_outputs_bg.py BOOK SCRATCH > parts.txt
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import sys
import time
import zipfile
from pathlib import Path

import routekpi.pipeline as pipeline
import routekpi.recalc as recalc
from routekpi import aside
from routekpi.io.reader import BackgroundRead

DAY = dt.date.today()


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
    read_file = pipeline.read_file

    def told(*args: object, **kwargs: object) -> pipeline.WorkbookData:
        data = read_file(*args, **kwargs)  # type: ignore[arg-type]
        print("prepared:", sorted(getattr(data, "prepared", {})), file=sys.stderr)
        return data

    pipeline.read_file = told  # type: ignore[assignment]
    t0 = time.perf_counter()
    recalc.recalculate(dst, today=DAY, read=BackgroundRead(dst))
    print(f"wall {time.perf_counter() - t0:.2f} s", file=sys.stderr)
    with zipfile.ZipFile(dst) as zf:
        for info in sorted(zf.infolist(), key=lambda i: i.filename):
            print(info.filename, hashlib.sha1(zf.read(info)).hexdigest()[:12])


if __name__ == "__main__":
    main()
