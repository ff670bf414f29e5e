"""What a process's first recalculation pays that its later ones do not (speed50b).

    cd /tmp && ROUTEKPI_WORKERS=1 PYTHONPATH=<tree> python first_use_parts.py BOOK [--runs 4]

Imports as the command line does, then recalculates copies of BOOK; during each run, thread
CPU inside imports (``importlib._bootstrap._load_unlocked``, outermost), ``re`` compiles
(cache misses) and the holidays calendar (``core.calendar._japan`` / ``_national_holidays``
misses) is summed apart. Prints per run: whole, imports, re, holidays.
"""

from __future__ import annotations

import argparse
import gc
import importlib._bootstrap as boot
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

T = time.thread_time
spent: dict[str, float] = {}
depth = {"import": 0, "re": 0}


def _wrap(owner: Any, name: str, key: str) -> None:
    func = getattr(owner, name)

    def timed(*a: Any, **k: Any) -> Any:
        if depth.get(key):
            return func(*a, **k)
        depth[key] = 1
        s = T()
        try:
            return func(*a, **k)
        finally:
            spent[key] = spent.get(key, 0.0) + T() - s
            depth[key] = 0

    setattr(owner, name, timed)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("book", type=Path)
    parser.add_argument("--runs", type=int, default=4)
    args = parser.parse_args()
    import routekpi.io.reader
    import routekpi.pipeline  # noqa: F401
    from routekpi import recalc
    from routekpi.core import calendar

    _wrap(boot, "_load_unlocked", "import")
    _wrap(re, "_compile", "re")
    compile_ = re._compile  # type: ignore[attr-defined]
    cache_hits = {"n": 0}

    def counted(pattern: Any, flags: Any) -> Any:  # only misses cost: count all, time in _wrap
        cache_hits["n"] += 1
        return compile_(pattern, flags)

    re._compile = counted  # type: ignore[attr-defined]
    _wrap(calendar, "_japan", "holidays")
    before = set(sys.modules)
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp) / args.book.name
        for i in range(args.runs):
            shutil.copyfile(args.book, scratch)
            spent.clear()
            gc.disable()
            t = T()
            recalc.recalculate(scratch)
            whole = T() - t
            gc.enable()
            parts = " ".join(f"{k} {v * 1000:6.1f}" for k, v in sorted(spent.items()))
            print(f"run {i + 1}: whole {whole * 1000:6.1f} ms  {parts}")
            if i == 0:
                print("  imported:", " ".join(sorted(set(sys.modules) - before)))


if __name__ == "__main__":
    main()
