"""Which of the imported routekpi modules a recalculation never calls into (speed50b).

    cd /tmp && ROUTEKPI_WORKERS=1 PYTHONPATH=<tree> python unused_modules.py BOOK...

Imports as the command line does, then recalculates copies of each BOOK with a profile hook
counting Python calls by file; prints each imported routekpi module with its calls, the
uncalled ones (candidates for a lazy import) and their import cost (self time, one run).
"""

from __future__ import annotations

import collections
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

T = time.perf_counter
cost: dict[str, float] = {}


def main() -> None:
    import importlib._bootstrap as boot

    orig = boot._load_unlocked

    def timed(spec):  # inclusive time per module (children included)
        s = T()
        try:
            return orig(spec)
        finally:
            cost[spec.name] = T() - s

    boot._load_unlocked = timed
    import routekpi.cli
    import routekpi.io.reader
    import routekpi.pipeline  # noqa: F401
    from routekpi import recalc

    boot._load_unlocked = orig
    calls: collections.Counter[str] = collections.Counter()

    def hook(frame, event, arg):
        if event == "call":
            calls[frame.f_code.co_filename] += 1

    mods = {
        m.__file__: name
        for name, m in sys.modules.items()
        if name.startswith("routekpi") and getattr(m, "__file__", None)
    }
    with tempfile.TemporaryDirectory() as tmp:
        for book in map(Path, sys.argv[1:]):
            scratch = Path(tmp) / book.name
            shutil.copyfile(book, scratch)
            threading.setprofile(hook)
            sys.setprofile(hook)
            recalc.recalculate(scratch)
            sys.setprofile(None)
            threading.setprofile(None)
    for file, name in sorted(mods.items(), key=lambda kv: kv[1]):
        n = calls.get(file, 0)
        mark = "UNCALLED" if n == 0 else ""
        print(f"{name:45s}{n:9d} {cost.get(name, 0) * 1000:7.1f} ms {mark}")


if __name__ == "__main__":
    main()
