"""``handover._Lines.last_seen`` / ``first_seen`` (each rep's last and first day among some
lines) on a captured history's orders and visits and on small built frames, pickled for a
byte comparison between two trees (speed51a: one ``reduceat`` in rep order, not ``.at``).

    PYTHONPATH=<tree> python scripts/speed51a/equiv_per_rep.py ARGS.pkl OUT.pkl

ARGS.pkl: ``untyped_leave_checks``' (args, kwargs) from scripts/speed51a/capture.py. Masks:
every valid line, those to a day, a rep's lines only, a handful, none; frames with blank
reps and days, a rep whose lines are all blank-dated, times of day, one frame alone.
"""

from __future__ import annotations

import pickle
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from routekpi.core.handover import _Lines


def _small(seed: int) -> list[pd.DataFrame]:
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(int(rng.integers(1, 3))):
        n = int(rng.integers(0, 400))
        day = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 10**8, n), unit="s")
        day = pd.Series(day).where(rng.random(n) > 0.05)
        rep = pd.Series(rng.choice(["佐藤", "b", "a", "Z", "only_nat"], n), dtype="str")
        day[rep == "only_nat"] = pd.NaT
        rep = rep.where(rng.random(n) > 0.05)
        out.append(pd.DataFrame({"date": day, "account": "x", "rep": rep}))
    return out


def _masks(lines: _Lines, seed: int) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    valid = lines.valid
    days = lines.day[valid]
    cut = days[len(days) // 2] if len(days) else np.datetime64("2020-01-01")
    return [
        valid,
        valid & (lines.day <= cut),
        valid & (lines.rep == 0),
        valid & (rng.random(len(valid)) < 0.001),
        np.zeros(len(valid), dtype=bool),
    ]


def main() -> None:
    with Path(sys.argv[1]).open("rb") as fh:
        (history, _), _ = pickle.load(fh)
    out = []
    sets = [[history.orders, history.visits], [history.visits]]
    sets += [f for f in (_small(s) for s in range(40)) if any(len(x) for x in f)]
    for seed, frames in enumerate(sets):
        lines = _Lines([f for f in frames if len(f)] or frames)
        for mask in _masks(lines, seed):
            out.append((lines.last_seen(mask), lines.first_seen(mask)))
    lines = _Lines(sets[0])
    t0 = time.thread_time()
    for _ in range(4):
        lines.last_seen(lines.valid)
    print(f"1M: 4 calls {(time.thread_time() - t0) * 1000:.1f} ms")
    with Path(sys.argv[2]).open("wb") as fh:
        pickle.dump(out, fh)
    print(len(out), "results")


if __name__ == "__main__":
    main()
