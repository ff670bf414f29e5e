"""Whole-process CPU (user + system, the children's included), wall time and peak RSS of
``routekpi recalc`` for two code trees, alternating on fresh copies of one bench book.

On a machine shared with other jobs the wall time swings with their load; CPU far less.
Each run starts in /tmp, so ``PYTHONPATH`` decides which tree runs (``python -m`` puts the
current directory first on the path), with bytecode cached outside the trees.

    python scripts/speed47a/ab_cpu.py bench-data/orders_1048575.xlsm 3 OLD_TREE NEW_TREE
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path


def main() -> None:
    book, runs, trees = Path(sys.argv[1]).resolve(), int(sys.argv[2]), sys.argv[3:]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(OPENBLAS_NUM_THREADS="1", PYTHONPYCACHEPREFIX="/tmp/ab_cpu_pyc")
    for _ in range(runs):
        for i, tree in enumerate(trees):
            scratch = Path(f"/tmp/ab_cpu_{os.getpid()}_{i}.xlsm")
            shutil.copyfile(book, scratch)
            started = time.perf_counter()
            proc = subprocess.Popen(
                [sys.executable, "-m", "routekpi.cli", "recalc", str(scratch), "--quiet"],
                env={**env, "PYTHONPATH": tree},
                cwd="/tmp",
            )
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - started
            load = Path("/proc/loadavg").read_text().split()[0]
            print(
                f"{tree}: cpu {usage.ru_utime + usage.ru_stime:.2f} (user {usage.ru_utime:.2f} "
                f"sys {usage.ru_stime:.2f}) wall {wall:.2f} rss {usage.ru_maxrss / 1024:.0f} MiB "
                f"load {load} exit {os.waitstatus_to_exitcode(status)}",
                flush=True,
            )
            scratch.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
