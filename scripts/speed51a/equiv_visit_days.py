"""``visit_days.visit_day_orders`` on a captured call and on built lines, pickled for a byte
comparison between two trees (speed51a: nanosecond dates compared as they are).

    PYTHONPATH=<tree> python scripts/speed51a/equiv_visit_days.py ARGS.pkl OUT.pkl

ARGS.pkl: ``visit_day_orders``' (args, kwargs) from scripts/speed51a/capture.py. Built:
times of day (the last second of the window's last day, midnight of the day after), NaT,
dates before 1970, microsecond and second date columns.
"""

from __future__ import annotations

import pickle
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from routekpi.core.visit_days import visit_day_orders


def _built(seed: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.Period, pd.Period]:
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(200, 5000)), int(rng.integers(200, 5000))
    base = pd.Timestamp("1968-06-01" if seed % 5 == 0 else "2024-01-01")
    first = pd.Period(base + pd.Timedelta(days=60), freq="M")
    last = first + int(rng.integers(0, 14))
    edges = [first.start_time, last.end_time.floor("s"), last.end_time.ceil("D")]

    def dates(k: int) -> pd.Series:
        d = base + pd.to_timedelta(rng.integers(0, 600 * 86_400, k), unit="s")
        d = pd.Series(d).where(rng.random(k) > 0.03)
        d.iloc[: len(edges)] = edges
        if seed % 4 == 1:
            return d.astype("datetime64[us]")
        if seed % 4 == 2:
            return d.astype("datetime64[s]")
        return d

    accounts = [f"c{i}" for i in range(int(rng.integers(5, 300)))]
    orders = pd.DataFrame(
        {
            "date": dates(n),
            "account": pd.Series(rng.choice(accounts, n), dtype="str"),
            "amount": rng.choice([-5.0, 0.0, 10.0, 20.0, np.nan], n),
        }
    )
    visits = pd.DataFrame(
        {
            "date": dates(m),
            "account": pd.Series(rng.choice(accounts, m), dtype="str"),
            "kind": rng.choice(["visit", "call", "meeting"], m),
        }
    )
    return orders, visits, first, last


def main() -> None:
    with Path(sys.argv[1]).open("rb") as fh:
        args, kwargs = pickle.load(fh)
    t0 = time.thread_time()
    out = [visit_day_orders(*args, **kwargs)]
    print(f"captured call: {(time.thread_time() - t0) * 1000:.1f} ms")
    for seed in range(40):
        out.append(visit_day_orders(*_built(seed)))
    with Path(sys.argv[2]).open("wb") as fh:
        pickle.dump(out, fh)
    print(len(out), "results,", sum(r is not None for r in out), "not None")


if __name__ == "__main__":
    main()
