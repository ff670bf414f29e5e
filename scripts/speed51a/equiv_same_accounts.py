"""``levers.same_account_sums`` on a captured call and on built lines, pickled for a byte
comparison between two trees (speed51a: the twelve-month sums of every window at once).

    PYTHONPATH=<tree> python scripts/speed51a/equiv_same_accounts.py ARGS.pkl OUT.pkl

ARGS.pkl: ``same_account_sums``' (args, kwargs) from scripts/speed51a/capture.py. Built
cases: 24 to 80 months, amounts over many magnitudes, credits, blanks, lines of no order,
accounts that come and go; the call's time (min of 5) is printed.
"""

from __future__ import annotations

import pickle
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from routekpi.core.levers import same_account_sums


def _built(seed: int) -> tuple[pd.Series, pd.Series, pd.Series, pd.Series]:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2_000, 40_000))
    months = int(rng.integers(24, 81))
    start = pd.Period("2019-04", freq="M").ordinal
    month = pd.PeriodIndex.from_ordinals(start + rng.integers(0, months, n), freq="M")
    account = pd.Series([f"a{i}" for i in rng.integers(0, n // 8 + 1, n)], dtype="str")
    amount = rng.standard_normal(n) * 10.0 ** rng.integers(0, 7, n)
    amount[rng.random(n) < 0.02] = np.nan
    amount[rng.random(n) < 0.05] = 0.0
    orders = (np.nan_to_num(amount) > 0).astype(float)
    return account, pd.Series(month), pd.Series(amount), pd.Series(orders)


def main() -> None:
    with Path(sys.argv[1]).open("rb") as fh:
        args, kwargs = pickle.load(fh)
    out = []
    best = min(_timed(args, kwargs) for _ in range(5))
    print(f"captured call: {best * 1000:.1f} ms")
    out.append(same_account_sums(*args, **kwargs))
    for seed in range(30):
        out.append(same_account_sums(*_built(seed)))
    with Path(sys.argv[2]).open("wb") as fh:
        pickle.dump(out, fh)
    print(len(out), "results,", sum(len(f) for f in out), "rows")


def _timed(args: tuple, kwargs: dict) -> float:
    t0 = time.thread_time()
    same_account_sums(*args, **kwargs)
    return time.thread_time() - t0


if __name__ == "__main__":
    main()
