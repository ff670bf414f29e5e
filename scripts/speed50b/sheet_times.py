"""Thread CPU of each output sheet's rows, the result's lazy parts computed first (speed50b).

    cd /tmp && ROUTEKPI_WORKERS=1 PYTHONPATH=<tree> python sheet_times.py BOOK [--runs 5]
        [--wrap module:function ...]

Recalculates copies of BOOK in one process; before ``_user_cells`` the result's lazy parts
(attainment, Review, flags with the Daily list, status) are computed, so each sheet's figure
is its own rendering plus what it alone asks of the engine. ``--wrap`` times more functions
(by module attribute). Prints the min over the runs after the first (a warm process).
"""

from __future__ import annotations

import argparse
import gc
import importlib
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from routekpi import recalc, render

T = time.thread_time
LAZY = ("account_status", "attainment", "review", "lost_accounts", "flags_found", "daily", "flags")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("book", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--wrap", nargs="*", default=[])
    args = parser.parse_args()
    spent: dict[str, float] = {}

    def timed(key: str, func: Any) -> Any:
        def inner(*a: Any, **k: Any) -> Any:
            s = T()
            try:
                return func(*a, **k)
            finally:
                spent[key] = spent.get(key, 0.0) + T() - s

        return inner

    for name, func in list(render.SHEET_ROWS.items()):
        render.SHEET_ROWS[name] = timed(f"sheet {name}", func)
    for spec in args.wrap:
        module_name, _, attr = spec.partition(":")
        module = importlib.import_module(module_name)
        setattr(module, attr, timed(spec, getattr(module, attr)))
    user_cells = recalc._user_cells

    def lazies_first(path: Path, tabs: Any, renderer: Any, *rest: Any) -> Any:
        for part in LAZY:
            getattr(renderer.result, part)
        return timed("_user_cells (lazy parts done)", user_cells)(path, tabs, renderer, *rest)

    recalc._user_cells = lazies_first  # type: ignore[assignment]
    recalc.rewrite_workbook = timed("write", recalc.rewrite_workbook)  # type: ignore[assignment]
    best: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp) / args.book.name
        for i in range(args.runs + 1):
            shutil.copyfile(args.book, scratch)
            spent.clear()
            gc.disable()
            t = T()
            recalc.recalculate(scratch)
            spent["whole run"] = T() - t
            gc.enable()
            if i:
                for k, v in spent.items():
                    best[k] = min(best.get(k, v), v)
    for k, v in sorted(best.items(), key=lambda kv: -kv[1]):
        print(f"{k:40s}{v * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
