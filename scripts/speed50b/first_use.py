"""First-run against later-run CPU of an in-process recalculation (speed50b, issue 14).

    cd /tmp && ROUTEKPI_WORKERS=1 PYTHONPATH=<tree> python first_use.py BOOK [--runs 3]
        [--profile OUT]

A fresh process imports the engine as the command line does, then recalculates copies of
BOOK ``--runs`` times (collector paused as the command line runs it), printing the main
thread's CPU of each run and the modules the first run imported. What the first run costs
over the later ones is per-process set-up (lazy imports, first-use tables, regex compiles):
each command-line run pays it. ``--profile OUT`` writes cProfiles of the first and second
runs (OUT.1, OUT.2).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import shutil
import sys
import tempfile
import time
from pathlib import Path

T = time.thread_time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("book", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", type=Path)
    args = parser.parse_args()
    started = T()
    import routekpi.io.reader
    import routekpi.pipeline  # noqa: F401
    from routekpi import recalc

    print(f"imports {T() - started:.3f}")
    before = set(sys.modules)
    gc.disable()
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp) / args.book.name
        for i in range(args.runs):
            shutil.copyfile(args.book, scratch)
            prof = cProfile.Profile() if (args.profile and i < 2) else None
            t = T()
            if prof:
                prof.enable()
            recalc.recalculate(scratch)
            if prof:
                prof.disable()
                prof.dump_stats(f"{args.profile}.{i + 1}")
            print(f"run {i + 1} {T() - t:.3f}")
            if i == 0:
                new = sorted(set(sys.modules) - before)
                print(f"  imported in the first run ({len(new)}):", " ".join(new))


if __name__ == "__main__":
    main()
