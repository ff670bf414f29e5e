"""Where every 10 ms of a small recalculation goes, in fresh processes (speed51b, issue 14).

    cd /tmp && PYTHONPATH=<tree> python where.py BOOK [--runs 5]

Each run is a fresh interpreter that runs ``routekpi.cli.main(["recalc", copy, "--quiet"])``
as the command line does (early read in a thread, collector paused), with the main thread's
CPU (``time.thread_time``) split into: the interpreter's start (CPU before the first line),
each import's *self* time summed by top-level package (``importlib._bootstrap._find_and_load``
wrapped: what ``-X importtime`` measures, in thread CPU instead of wall time), routekpi's own
module-level work by kind (dataclass creation, ``re`` compiles), then the run's stages (read
left on this thread, validate, engine, the lazy parts, the tables, the sheet XML, the write).
The whole process's CPU (every thread) is given too. Min over the runs, in ms; the first run
fills the bytecode cache (kept outside the trees) and is not counted.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = r"""
import time
T = time.thread_time
start = T()
import sys, json, threading, os
MODULES = os.environ.get("WHERE_MODULES") == "1"
spent = {"interpreter start": start}
def add(key, s):
    spent[key] = spent.get(key, 0.0) + s
import importlib._bootstrap as bs
local = threading.local()
find = bs._find_and_load
def timed_find(name, import_):
    if threading.current_thread() is not threading.main_thread():
        return find(name, import_)
    stack = getattr(local, "stack", None)
    if stack is None:
        stack = local.stack = []
    stack.append(0.0)
    s = T()
    try:
        return find(name, import_)
    finally:
        total = T() - s
        child = stack.pop()
        if stack:
            stack[-1] += total
        top = name.split(".")[0]
        if top == "routekpi":
            top = "routekpi." + name.split(".")[1] if "." in name else "routekpi"
            top = "routekpi (own modules)"
        add("import: " + top, total - child)
        if MODULES:
            add("module: " + name, total - child)
bs._find_and_load = timed_find
import dataclasses, re
depth = [0]
def wrap(owner, name, key):
    f = getattr(owner, name)
    def w(*a, **k):
        if depth[0] or threading.current_thread() is not threading.main_thread():
            return f(*a, **k)
        depth[0] += 1
        s = T()
        caller = sys._getframe(1)
        skip = ("re", "dataclasses", "enum", "__main__")
        while caller is not None and caller.f_globals.get("__name__", "").split(".")[0] in skip:
            caller = caller.f_back
        owner_name = caller.f_globals.get("__name__", "?") if caller is not None else "?"
        owner_name = owner_name.split(".")[0]
        try:
            return f(*a, **k)
        finally:
            add(key, T() - s)
            add(key.replace("all packages", owner_name), T() - s)
            depth[0] -= 1
    setattr(owner, name, w)
wrap(dataclasses, "_process_class", "  of which dataclass creation (all packages)")
wrap(re, "_compile", "  of which re.compile misses (all packages)")
t_imports = T()
spent["script's own set-up"] = t_imports - start
import routekpi.cli as cli
from routekpi import pipeline, recalc
from routekpi.core.engine import Result
from routekpi.io import sheetrewrite
def stage(name, fn):
    def w(*a, **k):
        s = T()
        try:
            return fn(*a, **k)
        finally:
            add(name, T() - s)
    return w
LAZY = ("account_status", "attainment", "review", "lost_accounts", "flags_found", "daily",
        "flags")
orig_recalc = recalc.recalculate
def recalculate(*a, **k):
    # installed when the command calls it: the engine's modules are imported by then
    read = stage("run: read (this thread)", pipeline.read_file)
    recalc.compute_file.__globals__["read_file"] = read
    pipeline.validate = stage("run: validate", pipeline.validate)
    pipeline.run = stage("run: engine", pipeline.run)
    for part in LAZY:
        prop = Result.__dict__[part]
        prop.func = stage("run:   lazy " + part, prop.func)
    recalc._user_cells = stage("run: tables (_user_cells, lazy parts inside)", recalc._user_cells)
    sheetrewrite.write_sheet_data = stage("run:   sheet XML", sheetrewrite.write_sheet_data)
    recalc.rewrite_workbook = stage("run: write (rewrite_workbook)", recalc.rewrite_workbook)
    s = T()
    try:
        return orig_recalc(*a, **k)
    finally:
        spent["run: recalculate in all"] = T() - s
recalc.recalculate = recalculate
code = cli.main(["recalc", sys.argv[1], "--quiet"])
end = T()
spent["main thread in all"] = end
spent["process CPU (every thread)"] = time.process_time()
imports = sum(v for k, v in spent.items() if k.startswith("import: "))
spent["imports in all (self times summed)"] = imports
print(json.dumps(spent))
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("book", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--top", type=int, default=14, help="import lines shown")
    parser.add_argument("--modules", type=int, default=0, help="also the N costliest modules")
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.setdefault("PYTHONPYCACHEPREFIX", "/tmp/speed51b_pyc")
    env["OPENBLAS_NUM_THREADS"] = "1"
    if args.modules:
        env["WHERE_MODULES"] = "1"
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / args.book.name
        for i in range(args.runs + 1):
            shutil.copyfile(args.book, copy)
            out = subprocess.run(
                [sys.executable, "-c", CHILD, str(copy)], capture_output=True, text=True, env=env
            )
            if out.returncode:
                sys.exit(out.stderr)
            if i:
                runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    keys = sorted({k for r in runs for k in r})
    best = {k: min(r.get(k, 0.0) for r in runs) for k in keys}
    imports = sorted((k for k in keys if k.startswith("import: ")), key=lambda k: -best[k])
    rest = sum(best[k] for k in imports[args.top :])
    modules = sorted((k for k in keys if k.startswith("module: ")), key=lambda k: -best[k])
    keys = [k for k in keys if not k.startswith("module: ")]
    order = [k for k in keys if not k.startswith(("import: ", "run:"))]
    for k in [*order, *imports[: args.top]]:
        print(f"{k:52s} {best[k] * 1000:7.1f}")
    other = f"import: the other {len(imports) - args.top} packages"
    print(f"{other:52s} {rest * 1000:7.1f}")
    for k in (k for k in keys if k.startswith("run:")):
        print(f"{k:52s} {best[k] * 1000:7.1f}")
    for k in modules[: args.modules]:
        print(f"{k:52s} {best[k] * 1000:7.1f}")
    load = Path("/proc/loadavg").read_text().split()[0]
    print(f"(min of {len(runs)} fresh processes, ms of thread CPU; load {load})")


if __name__ == "__main__":
    main()
