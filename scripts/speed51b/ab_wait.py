"""Old and new trees alternating on fresh copies of one book, through the command line: the
whole process's CPU and wall time, and how long the run waits for its early read once the
engine's modules are imported (``BackgroundRead.result``: the bench's "read left after
import"), plus when fastexcel's parse of each big sheet began (ms from the process's start).

    cd /tmp && python ab_wait.py BOOK RUNS OLD_TREE NEW_TREE

Bytecode cached outside the trees; OPENBLAS_NUM_THREADS=1 as the bench.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

CHILD = r"""
import json, os, sys, threading, time
P = time.perf_counter
t0 = P()
import routekpi.cli as cli
import fastexcel
starts = {}
read_excel = fastexcel.read_excel
class Timed:
    def __init__(self, reader):
        self.reader = reader
    def load_sheet(self, tab, **k):
        starts.setdefault(tab, round((P() - t0) * 1000))
        return self.reader.load_sheet(tab, **k)
    def __getattr__(self, name):
        return getattr(self.reader, name)
fastexcel.read_excel = lambda path: Timed(read_excel(path))
run = cli._run
spent = {}
def timed_run(args, read):
    spent["imported_ms"] = round((P() - t0) * 1000)
    import routekpi.io.reader as reader
    result = reader.BackgroundRead.result
    def waited(self):
        w = P()
        try:
            return result(self)
        finally:
            spent["wait_ms"] = round((P() - w) * 1000)
    reader.BackgroundRead.result = waited
    return run(args, read)
cli._run = timed_run
code = cli.main(["recalc", sys.argv[1], "--quiet"])
spent["parse_start_ms"] = starts
spent["wall_ms"] = round((P() - t0) * 1000)
t = os.times()
spent["cpu_ms"] = round((t.user + t.system) * 1000)
spent["sys_ms"] = round(t.system * 1000)
import resource
spent["rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
print(json.dumps(spent))
"""


def main() -> None:
    book, runs, trees = Path(sys.argv[1]).resolve(), int(sys.argv[2]), sys.argv[3:]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(OPENBLAS_NUM_THREADS="1", PYTHONPYCACHEPREFIX="/tmp/speed51b_pyc")
    for _ in range(runs):
        for i, tree in enumerate(trees):
            scratch = Path(f"/tmp/ab_wait_{os.getpid()}_{i}.xlsm")
            shutil.copyfile(book, scratch)
            out = subprocess.run(
                [sys.executable, "-c", CHILD, str(scratch)],
                env={**env, "PYTHONPATH": tree},
                cwd="/tmp",
                capture_output=True,
                text=True,
            )
            load = Path("/proc/loadavg").read_text().split()[0]
            line = out.stdout.strip().splitlines()[-1] if out.stdout.strip() else out.stderr[-300:]
            print(f"{tree}: {line} load {load}", flush=True)
            scratch.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
