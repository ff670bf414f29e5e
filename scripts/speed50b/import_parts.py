"""What the command line's imports cost, by kind (speed50b, issue 14's fixed cost).

    cd /tmp && PYTHONPATH=<tree> python import_parts.py [--runs 5]

Each run in a fresh interpreter: the third-party stack (NumPy, pandas, pyarrow, holidays,
fastexcel) first, then routekpi's modules as ``routekpi.cli`` + ``pipeline`` + ``recalc``
import them, with thread CPU split into dataclass creation (``dataclasses._process_class``),
``re.compile`` misses, ``marshal.loads`` of the cached bytecode and the rest (module bodies).
Prints min over the runs in ms (a first, unprinted run fills the bytecode cache).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

CHILD = r"""
import json, time, sys
T = time.thread_time
t0 = T()
import numpy, pandas, pyarrow, pyarrow.compute, holidays, fastexcel
third = T() - t0
import dataclasses, re, marshal, importlib._bootstrap_external as ext
spent = {"dataclass": 0.0, "re": 0.0, "marshal": 0.0}
depth = [0]
def wrap(owner, name, key):
    f = getattr(owner, name)
    def w(*a, **k):
        if depth[0]:
            return f(*a, **k)
        depth[0] += 1
        s = T()
        try:
            return f(*a, **k)
        finally:
            spent[key] += T() - s
            depth[0] -= 1
    setattr(owner, name, w)
wrap(dataclasses, "_process_class", "dataclass")
wrap(re, "_compile", "re")
class TimedMarshal:
    dumps = staticmethod(marshal.dumps)
    @staticmethod
    def loads(data):
        s = T()
        try:
            return marshal.loads(data)
        finally:
            spent["marshal"] += T() - s
ext.marshal = TimedMarshal
t1 = T()
import routekpi.cli, routekpi.io.reader, routekpi.pipeline, routekpi.recalc
own = T() - t1
n = sum(1 for m in sys.modules if m.startswith("routekpi"))
print(json.dumps({"third_party": third, "routekpi": own, "modules": n, **spent}))
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    # Bytecode cached outside the trees (as scripts/speed47a/ab_cpu.py), whatever the
    # environment says: a tree without its cache compiles every module on each run.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = "/tmp/speed50b_pyc"
    runs = []
    for i in range(args.runs + 1):
        out = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, env=env)
        if out.returncode:
            sys.exit(out.stderr)
        if i:  # the first run writes the bytecode cache
            runs.append(json.loads(out.stdout))
    for key in runs[0]:
        vals = [r[key] for r in runs]
        if key == "modules":
            print(f"{key:12s} {vals[0]}")
        else:
            each = " ".join(f"{v * 1000:.1f}" for v in vals)
            print(f"{key:12s} min {min(vals) * 1000:7.1f} ms  {each}")


if __name__ == "__main__":
    main()
