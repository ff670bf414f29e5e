"""Thread CPU of named functions in in-process recalculations, wherever they are bound (speed50a).

    ROUTEKPI_WORKERS=1 PYTHONPATH=<tree> python scripts/speed50a/fn_cpu.py BOOK \
        module:function [module:Class.method ...] [--runs 3]

Like scripts/speed47b/fn_times.py, but a function imported by name into other modules is
wrapped there too (every loaded module's attribute that is the same object), so every caller
is counted. Nested calls of the same function count once. Min over the runs after a first
warm-up run; the whole run's thread CPU too. No profiler.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import importlib
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def _wrap(spec: str, spent: dict[str, float]) -> None:
    module_name, _, attr = spec.partition(":")
    owner: Any = importlib.import_module(module_name)
    *path, name = attr.split(".")
    for part in path:
        owner = getattr(owner, part)
    func = owner.__dict__[name] if isinstance(owner, type) else getattr(owner, name)
    depth = [0]
    inner = func.__func__ if isinstance(func, (staticmethod, classmethod)) else func

    def timed(*args: Any, **kwargs: Any) -> Any:
        if depth[0]:
            return inner(*args, **kwargs)
        depth[0] += 1
        started = time.thread_time()
        try:
            return inner(*args, **kwargs)
        finally:
            spent[spec] = spent.get(spec, 0.0) + time.thread_time() - started
            depth[0] -= 1

    wrapped: Any = timed
    if isinstance(func, staticmethod):
        wrapped = staticmethod(timed)
    elif isinstance(func, classmethod):
        wrapped = classmethod(timed)
    setattr(owner, name, wrapped)
    if not path:
        for mod in list(sys.modules.values()):
            if getattr(mod, "__name__", "").startswith("routekpi"):
                for key, value in list(vars(mod).items()):
                    if value is func:
                        setattr(mod, key, timed)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("book", type=Path)
    parser.add_argument("items", nargs="*")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from routekpi.recalc import recalculate

    src = Path(tempfile.mkdtemp()) / ("in" + args.book.suffix)

    def once() -> None:
        shutil.copy(args.book, src)
        recalculate(src, today=dt.date(2026, 12, 1))

    once()
    spent: dict[str, float] = {}
    for spec in args.items:
        _wrap(spec, spent)
    per_run: dict[str, list[float]] = {spec: [] for spec in args.items}
    whole: list[float] = []
    for _ in range(args.runs):
        spent.clear()
        gc.collect()
        gc.disable()
        started = time.thread_time()
        once()
        whole.append(time.thread_time() - started)
        gc.enable()
        for spec in args.items:
            per_run[spec].append(spent.get(spec, 0.0))
    runs = " ".join(f"{t * 1000:.0f}" for t in whole)
    print(f"whole run: min {min(whole) * 1000:.1f} ms ({runs})")
    for spec, times in per_run.items():
        runs = " ".join(f"{t * 1000:.1f}" for t in times)
        print(f"{spec}: min {min(times) * 1000:.2f} ms ({runs})")


if __name__ == "__main__":
    main()
