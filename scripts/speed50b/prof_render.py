"""cProfile of a recalculation's rendering and write only, its lazy engine parts computed
first (speed50b: the fixed cost of a small book's output sheets).

    cd /tmp && ROUTEKPI_WORKERS=1 PYTHONPATH=<tree> python prof_render.py BOOK OUT.pstats [--runs 3]

The first recalculation warms the process (imports, first-use tables); each later one
computes the result's lazy parts (attainment, Review, flags with the Daily list, status)
before ``_user_cells``, then profiles from there to the end of the write. Prints the thread
CPU of that span per run and the top functions of the profile (all profiled runs).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import pstats
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from routekpi import recalc

LAZY = ("account_status", "attainment", "review", "lost_accounts", "flags_found", "daily", "flags")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("book", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--top", type=int, default=50)
    parser.add_argument("--no-profile", action="store_true")
    args = parser.parse_args()
    prof = cProfile.Profile()
    state: dict[str, Any] = {"on": False}
    user_cells = recalc._user_cells

    def lazies_first(path: Path, tabs: Any, renderer: Any, *rest: Any) -> Any:
        for part in LAZY:
            getattr(renderer.result, part)
        if state["on"]:
            state["t0"] = time.thread_time()
            if not args.no_profile:
                prof.enable()
        return user_cells(path, tabs, renderer, *rest)

    recalc._user_cells = lazies_first  # type: ignore[assignment]
    spans = []
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp) / args.book.name
        for i in range(args.runs + 1):
            shutil.copyfile(args.book, scratch)
            gc.disable()
            state["on"] = i > 0
            recalc.recalculate(scratch)
            prof.disable()
            if i:
                spans.append(time.thread_time() - state["t0"])
            gc.enable()
    print("render + write (thread CPU):", " ".join(f"{s:.3f}" for s in spans))
    if args.no_profile:
        return
    prof.dump_stats(str(args.out))
    stats = pstats.Stats(str(args.out))
    stats.sort_stats("cumulative").print_stats(args.top)
    stats.sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
