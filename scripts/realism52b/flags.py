"""realism52b: which trial worlds' books read a master's starts from their first orders in
the history's first 180 days (History.starts_from_orders) — only those can plan otherwise.

    PYTHONPATH=$PWD python scripts/realism52b/flags.py [WORLD ...]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

OUT = Path("/work/wt/_realism51")


def main() -> None:
    from routekpi.backtest_job import load

    worlds = sys.argv[1:] or sorted(p.name for p in OUT.glob("trial*"))
    for w in worlds:
        for d in sorted((OUT / w).glob("s*")):
            book = d / "book.txt"
            if not book.exists():
                continue
            t = time.time()
            history, *_ = load(Path(book.read_text()))
            print(
                f"{w} {d.name}: starts_from_orders={history.starts_from_orders} "
                f"({time.time() - t:.0f} s)",
                flush=True,
            )


if __name__ == "__main__":
    main()
