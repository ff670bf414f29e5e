"""Thread CPU time spent in named functions during in-process recalculations (no profiler).

    python scripts/speed47b/fn_times.py BOOK module:function [module:Class.method ...] [--runs 5]
    python scripts/speed47b/fn_times.py --udf module:function ... [--runs 5]

Each named function is wrapped (by the module attribute, so callers that imported it by name
elsewhere are not counted) and its time summed per run; the min over the runs is printed,
with the whole run's. ``--udf``: the demo book's cold ``KPI_TARGET`` call instead of a
recalculation (the model cache cleared, the disk cache off).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if not os.environ.get("PYTHONPATH"):  # PYTHONPATH picks the tree (old/new comparisons)
    sys.path.insert(0, str(ROOT))


def _wrap(spec: str, spent: dict[str, float]) -> None:
    module_name, _, attr = spec.partition(":")
    owner: Any = importlib.import_module(module_name)
    *path, name = attr.split(".")
    for part in path:
        owner = getattr(owner, part)
    func = getattr(owner, name)
    depth = [0]

    def timed(*args: Any, **kwargs: Any) -> Any:
        if depth[0]:
            return func(*args, **kwargs)
        depth[0] += 1
        started = time.thread_time()
        try:
            return func(*args, **kwargs)
        finally:
            spent[spec] = spent.get(spec, 0.0) + time.thread_time() - started
            depth[0] -= 1

    setattr(owner, name, timed)


def _udf_runner() -> Callable[[], None]:
    from routekpi.excel import disk_cache, udfs
    from routekpi.excel.model_cache import CACHE
    from routekpi.io.samplebook import write_sample_workbook
    from tests.fake_xlwings import FakeBook

    os.environ[disk_cache.ENV] = tempfile.mkdtemp()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sample.xlsm"
        write_sample_workbook(path, "ja")
        book = FakeBook.from_file(path)
    udfs.caller_book = lambda: book
    disk_cache.load = lambda *a, **k: None  # type: ignore[assignment]
    disk_cache.save = lambda *a, **k: None  # type: ignore[assignment]

    def once() -> None:
        CACHE.clear()
        udfs.KPI_TARGET("revenue")

    return once


def _recalc_runner(book: Path) -> Callable[[], None]:
    from routekpi.recalc import recalculate

    src = Path(tempfile.mkdtemp()) / ("in" + book.suffix)

    def once() -> None:
        shutil.copy(book, src)
        recalculate(src, today=dt.date(2026, 12, 1))

    return once


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("items", nargs="+")
    parser.add_argument("--udf", action="store_true")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    items = list(args.items)
    once = _udf_runner() if args.udf else _recalc_runner(Path(items.pop(0)))
    once()  # first use of every path
    spent: dict[str, float] = {}
    for spec in items:
        _wrap(spec, spent)
    per_run: dict[str, list[float]] = {spec: [] for spec in items}
    whole: list[float] = []
    for _ in range(args.runs):
        spent.clear()
        started = time.thread_time()
        once()
        whole.append(time.thread_time() - started)
        for spec in items:
            per_run[spec].append(spent.get(spec, 0.0))
    runs = " ".join(f"{t * 1000:.0f}" for t in whole)
    print(f"whole run: min {min(whole) * 1000:.1f} ms ({runs})")
    for spec, times in per_run.items():
        runs = " ".join(f"{t * 1000:.1f}" for t in times)
        print(f"{spec}: min {min(times) * 1000:.2f} ms ({runs})")


if __name__ == "__main__":
    main()
