"""CPU of ``validation.visit_names.read_by_name`` on a book's own inputs (issue 14).

    PYTHONPATH=TREE python scripts/fix49g/time_read_by_name.py capture BOOK ARGS.pkl
    PYTHONPATH=TREE python scripts/fix49g/time_read_by_name.py time ARGS.pkl [RUNS]

``capture`` reads BOOK as a recalculation does and pickles the hook's arguments (then
stops); ``time`` calls the hook of the tree on PYTHONPATH on them, process CPU per call.
Alternate the old and the new tree on the same pickle.
"""

from __future__ import annotations

import pickle
import sys
import time
from pathlib import Path
from typing import Any

import routekpi.validation.visit_names as visit_names
from routekpi.pipeline import compute_file


class _Captured(Exception):
    pass


def capture(book: Path, out: Path) -> None:
    def grab(*args: Any, **kw: Any) -> None:
        out.write_bytes(pickle.dumps((args, kw)))
        raise _Captured

    visit_names.read_by_name = grab  # type: ignore[assignment]
    try:
        compute_file(book)
    except _Captured:
        print("captured", out)


def timed(pkl: Path, runs: int) -> None:
    args, kw = pickle.loads(pkl.read_bytes())
    spent = []
    for _ in range(runs):
        checks = list(args[4])
        start = time.process_time()
        visit_names.read_by_name(*args[:4], checks, **kw)
        spent.append(time.process_time() - start)
    ms = " ".join(f"{s * 1000:.1f}" for s in spent)
    print(f"{visit_names.__file__}: {ms} ms (min {min(spent) * 1000:.1f})")


if __name__ == "__main__":
    if sys.argv[1] == "capture":
        capture(Path(sys.argv[2]), Path(sys.argv[3]))
    else:
        timed(Path(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 5)
