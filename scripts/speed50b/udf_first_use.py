"""The cold first ``KPI_TARGET`` call against a second cold call in the same process (speed50b).

    cd /tmp && PYTHONPATH=<tree> python udf_first_use.py [--calls 4] [--profile OUT]

Builds the demo (sample) workbook into the xlwings stand-in as scripts/bench_udf.py does,
disk cache off, then makes ``--calls`` cold calls (the model cache cleared before each).
Prints each call's thread CPU and, for the first, what it spent importing (outermost
``_load_unlocked``), compiling regexes (``re._compile``, misses and hits) and the modules
it imported: what only a process's first call pays. ``--profile`` writes a cProfile of the
first call (OUT.1) and the second (OUT.2).
"""

from __future__ import annotations

import argparse
import cProfile
import importlib._bootstrap as boot
import os
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

T = time.thread_time
ROOT = Path(__file__).resolve().parents[2]
if not os.environ.get("PYTHONPATH"):
    sys.path.insert(0, str(ROOT))
spent: dict[str, float] = {}
depth: dict[str, int] = {}


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
    parser.add_argument("--calls", type=int, default=4)
    parser.add_argument("--profile", type=Path)
    args = parser.parse_args()
    from routekpi.excel import disk_cache, udfs
    from routekpi.excel.model_cache import CACHE
    from routekpi.io.samplebook import write_sample_workbook
    from tests.fake_xlwings import FakeBook

    os.environ[disk_cache.ENV] = "off"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sample.xlsm"
        write_sample_workbook(path, "ja")
        book = FakeBook.from_file(path)
    udfs.caller_book = lambda: book
    _wrap(boot, "_load_unlocked", "import")
    _wrap(re, "_compile", "re")
    before = set(sys.modules)
    for i in range(args.calls):
        CACHE.clear()
        spent.clear()
        prof = cProfile.Profile() if args.profile and i < 2 else None
        t = T()
        if prof:
            prof.enable()
        udfs.KPI_TARGET("revenue")
        if prof:
            prof.disable()
            prof.dump_stats(f"{args.profile}.{i + 1}")
        took = T() - t
        parts = " ".join(f"{k} {v * 1000:.1f}" for k, v in sorted(spent.items()))
        print(f"call {i + 1}: {took * 1000:.1f} ms  {parts}")
        if i == 0:
            print("  imported:", " ".join(sorted(set(sys.modules) - before)))


if __name__ == "__main__":
    main()
