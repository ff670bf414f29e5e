"""The main thread's timeline of one 1M recalculation in process, read begun in a thread as
the command line begins it: when each big sheet's parse and validation start and end (wall,
from the run's start) and their thread CPU, when the main thread gets the workbook, and its
validate's wall and thread CPU. Run it from /tmp with ``PYTHONPATH`` naming the tree.

    cd /tmp && PYTHONPATH=/path/to/tree python timeline.py BOOK SCRATCH
"""

from __future__ import annotations

import shutil
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import routekpi.io.reader as reader
import routekpi.pipeline as pipeline
import routekpi.recalc as recalc
import routekpi.validation.tables as tables

T0 = time.perf_counter()


def _timed(module: Any, name: str, label: Callable[..., str]) -> None:
    inner = getattr(module, name)

    def timed(*args: Any, **kwargs: Any) -> Any:
        start, cpu = time.perf_counter(), time.thread_time()
        try:
            return inner(*args, **kwargs)
        finally:
            end = time.perf_counter()
            print(
                f"{threading.current_thread().name[:12]:12} {label(*args):24} "
                f"{start - T0:6.2f} → {end - T0:6.2f} s  cpu {time.thread_time() - cpu:5.2f}",
                file=sys.stderr,
            )

    setattr(module, name, timed)


def main() -> None:
    src, dst = Path(sys.argv[1]), Path(sys.argv[2])
    shutil.copyfile(src, dst)
    _timed(reader, "_fast_sheet", lambda path, tab, *a: f"parse {tab}")
    if hasattr(tables, "prepare_table"):
        _timed(tables, "prepare_table", lambda name, *a: f"validate {name} ahead")
    _timed(pipeline, "read_file", lambda *a: "main: wait for the read")
    _timed(pipeline, "validate", lambda *a: "main: validate")
    global T0
    T0 = time.perf_counter()
    report = recalc.recalculate(dst, read=reader.BackgroundRead(dst))
    print(f"run {time.perf_counter() - T0:.2f} s ({type(report).__name__})", file=sys.stderr)


if __name__ == "__main__":
    main()
