"""Count and time ``held_since`` and ``_customer_meetings`` calls in one recalculation.

ROUTEKPI_WORKERS=1 python scripts/speed49d/count_calls.py bench-data/orders_1048575.xlsm
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from routekpi import recalc
from routekpi.core import meetings


def main() -> None:
    spent: dict[str, list[float]] = {}

    def timed(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*a: Any, **k: Any) -> Any:
            t = time.thread_time()
            out = fn(*a, **k)
            spent.setdefault(name, []).append(time.thread_time() - t)
            if "-v" in sys.argv:
                print(name, "".join(traceback.format_stack(limit=6)[:-1]))
            return out

        return wrapper

    meetings.held_since = timed("held_since", meetings.held_since)  # type: ignore[assignment]
    meetings._customer_meetings = timed("_customer_meetings", meetings._customer_meetings)  # type: ignore[assignment]
    book = Path(sys.argv[1])
    with tempfile.TemporaryDirectory() as tmp:
        dst = Path(tmp) / book.name
        shutil.copyfile(book, dst)
        recalc.recalculate(dst)
    for name, times in spent.items():
        print(name, len(times), " ".join(f"{t:.3f}" for t in times))


if __name__ == "__main__":
    main()
