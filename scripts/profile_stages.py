"""CPU seconds of each stage of one recalculation, in-process: where a big book's time goes.

The benchmark (scripts/bench.py) times whole runs in fresh processes; on a shared machine
their wall time swings with the other jobs' load. This measures the main thread's CPU time
(``time.thread_time``) of each step instead, which the load moves far less: the read's
share on this thread, the validation, the engine's run, each lazy part of the result on
first use (inclusive: ``flags`` holds the Daily list it reads), the rendering of every
output table (``_user_cells``, lazy parts included) and the write. The read's own
threads (fastexcel) are not on this clock.

    python scripts/profile_stages.py bench-data/orders_100000.xlsm --runs 3

Run with ``ROUTEKPI_WORKERS=1`` to keep every part in this process (routekpi.aside forks a
child at a million lines, when a core is free). ``--fork`` forks whatever the load (the test
of a free core skipped) and says both sides of the fork: the parent's CPU from the fork to its
wait, the wait, and the child's CPU (``RUSAGE_CHILDREN``). Min over the runs, collector paused
as the command line runs.
"""

from __future__ import annotations

import argparse
import gc
import resource
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from routekpi import aside, pipeline, recalc
from routekpi.core.engine import Result
from routekpi.io import sheetrewrite

LAZY = ("account_status", "attainment", "review", "lost_accounts", "flags_found", "daily", "flags")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("book", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--fork", action="store_true", help="fork whatever the load")
    args = parser.parse_args()
    spent: dict[str, float] = {}
    if args.fork:
        aside._core_free = lambda cores: True  # type: ignore[assignment]

    def timed(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*a: Any, **k: Any) -> Any:
            t0 = time.thread_time()
            try:
                return fn(*a, **k)
            finally:
                spent[name] = spent.get(name, 0.0) + time.thread_time() - t0

        return wrapper

    # The names as the stages look them up (each module's own binding).
    recalc.compute_file.__globals__["read_file"] = timed("read (this thread)", pipeline.read_file)
    validate = timed("validate", pipeline.validate)

    def validated(*a: Any, **k: Any) -> Any:
        spent.setdefault("read done (wall)", time.perf_counter() - spent["wall0"])
        return validate(*a, **k)

    pipeline.validate = validated  # type: ignore[assignment]
    pipeline.run = timed("engine run", pipeline.run)  # type: ignore[attr-defined]
    for part in LAZY:
        prop = Result.__dict__[part]
        prop.func = timed(f"  lazy {part}", prop.func)
    recalc._user_cells = timed("render tables (+ lazy parts)", recalc._user_cells)  # type: ignore[assignment]
    sheetrewrite.write_sheet_data = timed("  sheet XML", sheetrewrite.write_sheet_data)  # type: ignore[assignment]
    recalc.rewrite_workbook = timed("write", recalc.rewrite_workbook)  # type: ignore[assignment]
    starts = aside.parts_aside
    receive = aside._received

    def started(*a: Any) -> Any:
        t0 = time.thread_time()
        join = starts(*a)
        if join is not None:
            spent["fork: account status + fork"] = time.thread_time() - t0
            spent["fork: forked at (wall)"] = time.perf_counter() - spent["wall0"]
            spent["cpu0"] = time.thread_time()
        return join

    def received(*a: Any) -> Any:
        if routing or "cpu0" not in spent:  # a route child's (``routes``)
            return receive(*a)
        spent["fork: parent side to its wait"] = time.thread_time() - spent.pop("cpu0")
        w0, c0 = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
        try:
            return receive(*a)
        finally:
            c1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            spent["fork: waited (wall)"] = time.perf_counter() - w0
            spent["fork: child CPU"] = c1.ru_utime + c1.ru_stime - c0.ru_utime - c0.ru_stime

    calls = getattr(aside, "call_aside", None)
    routing: list[bool] = []  # not empty while a route child is waited for

    def routes(work: Any, arg: Any) -> Any:
        """A child of ``call_aside`` (the Daily list's routes, or the account status through
        ``status_aside``): the parent's CPU from its fork to its wait, the wait, the child's
        CPU."""
        what = "routes" if isinstance(arg, list) else "status"
        t0 = time.thread_time()
        wait = calls(work, arg)  # type: ignore[misc]
        if wait is None:
            return None

        def waited() -> Any:
            spent[f"{what}: parent side to its wait"] = time.thread_time() - t0
            w0, c0 = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
            routing.append(True)
            try:
                return wait()
            finally:
                routing.clear()
                c1 = resource.getrusage(resource.RUSAGE_CHILDREN)
                spent[f"{what}: waited (wall)"] = time.perf_counter() - w0
                spent[f"{what}: child CPU"] = c1.ru_utime + c1.ru_stime - c0.ru_utime - c0.ru_stime

        return waited

    recalc.parts_aside = started  # type: ignore[assignment]
    aside._received = received  # type: ignore[assignment]
    if calls is not None:  # the code before session 40 has none
        aside.call_aside = routes  # type: ignore[attr-defined]
    best: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp) / args.book.name
        for _ in range(args.runs):
            spent.clear()
            shutil.copyfile(args.book, scratch)
            gc.disable()
            t0 = time.thread_time()
            spent["wall0"] = time.perf_counter()
            recalc.recalculate(scratch)
            spent["total (this thread)"] = time.thread_time() - t0
            spent["wall"] = time.perf_counter() - spent.pop("wall0")
            spent["wall past the read"] = spent["wall"] - spent.pop("read done (wall)")
            gc.enable()
            for name, seconds in spent.items():
                best[name] = min(best.get(name, seconds), seconds)
    for name, seconds in best.items():
        print(f"{name:32s} {seconds:7.3f}")


if __name__ == "__main__":
    main()
