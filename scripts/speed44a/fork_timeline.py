"""The forked recalculation's two sides in CPU seconds (issue 14, speed44a).

On a shared machine wall times swing with the load, and ``routekpi.aside`` does not fork at
all while another task is runnable; this forks anyway and prints each side's CPU time: the
child's parts, and the parent's chain from the fork to the child's parts received with the
Daily rows rendered (the recalculation's critical path between the engine and the render of
the other sheets). Compare two trees back to back with PYTHONPATH:

    PYTHONPATH=/path/to/tree python scripts/speed44a/fork_timeline.py bench-data/orders_1048575.xlsm
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import routekpi.aside as aside
import routekpi.recalc as recalc


def main(book: Path) -> None:
    aside._core_free = lambda cores: True  # type: ignore[assignment]  # fork whatever runs
    child_side = aside._child
    started = aside.parts_aside

    def child(fd: int, result: object, renderer: object, sheets: list[str]) -> None:
        cpu = time.process_time()
        for name in aside.PARTS:
            getattr(result, name)
        for name in sheets:
            renderer._once(name)  # type: ignore[attr-defined]
        print(f"child: parts and rows {time.process_time() - cpu:.3f} s CPU", flush=True)
        child_side(fd, result, renderer, sheets)  # type: ignore[arg-type]

    def parts_aside(result: object, renderer: object, lines: int) -> Callable[[], None] | None:
        join = started(result, renderer, lines)  # type: ignore[arg-type]
        cpu, wall = time.process_time(), time.perf_counter()
        if join is None:
            return None

        def timed() -> None:
            daily = time.process_time()
            join()
            renderer._once("Daily")  # type: ignore[attr-defined]  # a tree that renders it later
            now = time.process_time()
            print(
                f"parent: Daily list {daily - cpu:.3f}, join and Daily rows {now - daily:.3f},"
                f" chain {now - cpu:.3f} s CPU ({time.perf_counter() - wall:.3f} s wall)",
                flush=True,
            )

        return timed

    aside._child = child  # type: ignore[assignment]
    recalc.parts_aside = parts_aside  # type: ignore[assignment]
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / book.name
        shutil.copyfile(book, copy)
        recalc.recalculate(copy)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
