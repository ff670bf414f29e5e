"""Recalculate a copy of a book in process with named functions wrapped: each call's thread
CPU (ms). Each target is MODULE:FUNCTION[:USER,USER…] (USER: a module that imported the
function by name, rebound too). Run with ``ROUTEKPI_WORKERS=1`` to keep every part here.

    cd /tmp && PYTHONPATH=/path/to/tree ROUTEKPI_WORKERS=1 python .../timed_calls.py BOOK \
        routekpi.core.account_step:step_inputs:routekpi.core.baselines,routekpi.core.flags
"""

from __future__ import annotations

import gc
import importlib
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from routekpi import recalc

SPENT: dict[str, list[float]] = {}


def wrap(module: str, name: str, users: list[str]) -> None:
    """Time ``module.name`` wherever it is looked up: the module and each of ``users``."""
    mod = importlib.import_module(module)
    inner: Callable[..., Any] = getattr(mod, name)
    label = f"{module.rsplit('.', 1)[-1]}.{name}"

    def timed(*args: Any, **kwargs: Any) -> Any:
        t0 = time.thread_time()
        try:
            return inner(*args, **kwargs)
        finally:
            SPENT.setdefault(label, []).append(round((time.thread_time() - t0) * 1000, 1))

    setattr(mod, name, timed)
    for user in users:
        other = importlib.import_module(user)
        if getattr(other, name, None) is inner:
            setattr(other, name, timed)


def main() -> None:
    for target in sys.argv[2:]:
        module, name, *rest = target.split(":")
        wrap(module, name, rest[0].split(",") if rest and rest[0] else [])
    src = Path(sys.argv[1])
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp) / src.name
        shutil.copyfile(src, scratch)
        gc.disable()
        t0 = time.thread_time()
        recalc.recalculate(scratch)
        print(f"{'total (this thread)':45s} {(time.thread_time() - t0) * 1000:8.1f} ms")
    for label, calls in SPENT.items():
        print(f"{label:45s} {sum(calls):8.1f} ms  {calls}")


if __name__ == "__main__":
    main()
