"""Calls repeated with the same arguments in one recalculation (or one cold UDF call): work
done twice that ``history.once`` could keep. Thread CPU of the repeats, per function.

    ROUTEKPI_WORKERS=1 python scripts/speed48b/repeated_calls.py BOOK [--top 40]
    python scripts/speed48b/repeated_calls.py --udf

Every function of ``routekpi.core.*`` and the ``render*`` modules is wrapped wherever a module
holds it by name; a call repeats one made before when each argument is the same object (or
an equal number, text or small tuple). An argument's ``id`` can be reused once the object it
named is freed, so a repeat of a function fed temporaries (a list built per call) may be a
false one: read the function before caching anything.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import functools
import gc
import importlib
import inspect
import os
import pkgutil
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

import routekpi.core  # noqa: E402

RENDER = ("routekpi.render", "routekpi.render_dashboard", "routekpi.render_daily")


def _key_of(value: object) -> tuple[str, object]:
    if isinstance(value, (int, float, str, bool, type(None))):
        return ("value", value)
    if isinstance(value, (tuple, frozenset)) and len(value) < 20:
        try:
            return ("hash", hash(value))
        except TypeError:
            pass
    return ("id", id(value))


def _wrap_all(repeats: dict[str, list[float]]) -> None:
    names = [f"routekpi.core.{m.name}" for m in pkgutil.iter_modules(routekpi.core.__path__)]
    modules = [importlib.import_module(n) for n in [*names, *RENDER]]
    seen: set[tuple[object, ...]] = set()
    wrapped: dict[Callable[..., Any], Callable[..., Any]] = {}
    for module in modules:
        for name, func in list(vars(module).items()):
            if not (inspect.isfunction(func) and func.__module__ == module.__name__):
                continue
            label = f"{module.__name__}.{name}"

            @functools.wraps(func)
            def timed(*a: Any, _f: Any = func, _label: str = label, **k: Any) -> Any:
                named = tuple((n, _key_of(v)) for n, v in sorted(k.items()))
                args = (tuple(map(_key_of, a)), named)
                started = time.thread_time()
                try:
                    return _f(*a, **k)
                finally:
                    if (_label, args) in seen:
                        repeats[_label].append(time.thread_time() - started)
                    else:
                        seen.add((_label, args))

            wrapped[func] = timed
    for name, module in list(sys.modules.items()):
        if not name.startswith("routekpi") or module is None:
            continue
        for attr, value in list(vars(module).items()):
            if inspect.isfunction(value) and value in wrapped:
                setattr(module, attr, wrapped[value])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("book", type=Path, nargs="?")
    parser.add_argument("--udf", action="store_true")
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args()
    repeats: dict[str, list[float]] = collections.defaultdict(list)
    from routekpi.recalc import recalculate

    _wrap_all(repeats)
    gc.disable()
    if args.udf:
        from routekpi.excel import disk_cache, udfs
        from routekpi.io.samplebook import write_sample_workbook
        from tests.fake_xlwings import FakeBook

        os.environ[disk_cache.ENV] = disk_cache.OFF
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "sample.xlsm"
            write_sample_workbook(path, "ja")
            book = FakeBook.from_file(path)
        udfs.caller_book = lambda: book
        repeats.clear()
        udfs.KPI_TARGET("revenue")
    else:
        assert args.book is not None, "a book, or --udf"
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / ("in" + args.book.suffix)
            shutil.copy(args.book, path)
            recalculate(path, today=dt.date(2026, 12, 1))
    ranked = sorted(repeats.items(), key=lambda kv: -sum(kv[1]))[: args.top]
    for label, times in ranked:
        print(f"{sum(times) * 1000:8.1f} ms  {len(times):5d} repeats  {label}")


if __name__ == "__main__":
    main()
