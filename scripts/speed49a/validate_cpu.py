"""CPU of the validate stage alone on one book, read once (speed49a, issue 14).

    ROUTEKPI_WORKERS=1 python scripts/speed49a/validate_cpu.py bench-data/orders_1048575.xlsm \
        --runs 3 [--profile 40] [--fn routekpi.validation.renumbered:order_spans ...]

Reads the workbook once (``pipeline.read_file``, no background read: the tables are read in
``validate_inputs``), then times ``pipeline.validate`` on it ``--runs`` times (main thread
CPU, collector paused), printing the min; ``--fn module:name`` also sums the thread CPU of
named functions (patched where tables.py looks them up); ``--profile N`` prints cProfile's
top N by cumulative time of one more run.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import importlib
import pstats
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from routekpi import pipeline
from routekpi.validation import tables


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("book", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", type=int, default=0)
    parser.add_argument("--fn", action="append", default=[])
    args = parser.parse_args()
    spent: dict[str, float] = {}

    def timed(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*a: Any, **k: Any) -> Any:
            t0 = time.thread_time()
            try:
                return fn(*a, **k)
            finally:
                spent[name] = spent.get(name, 0.0) + time.thread_time() - t0

        return wrapper

    for spec in args.fn:
        mod_name, _, attr = spec.partition(":")
        mod = importlib.import_module(mod_name)
        wrapped = timed(attr, getattr(mod, attr))
        setattr(mod, attr, wrapped)
        if hasattr(tables, attr):
            setattr(tables, attr, wrapped)
    data = pipeline.read_file(args.book)
    best: dict[str, float] = {}
    for _ in range(args.runs):
        spent.clear()
        gc.collect()
        gc.disable()
        t0 = time.thread_time()
        pipeline.validate(data)
        spent["validate"] = time.thread_time() - t0
        gc.enable()
        for k, v in spent.items():
            best[k] = min(best.get(k, v), v)
    for k, v in best.items():
        print(f"{k:40s} {v:7.3f}")
    if args.profile:
        prof = cProfile.Profile()
        prof.enable()
        pipeline.validate(data)
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(args.profile)


if __name__ == "__main__":
    main()
