"""``core.lapse.day_rhythm`` (runs by NumPy) against the grouped ``agg`` it replaced, on
random histories: the same frame to the bit, dtypes and index included.

    PYTHONPATH=. python scripts/speed47b/rhythm_equivalence.py [--trials 300]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from routekpi.core.lapse import day_rhythm, season_rows


def grouped(account: pd.Series, when: pd.Series) -> pd.DataFrame:
    """The grouped ``agg`` ``day_rhythm`` used before (session 41)."""
    days = (
        pd.DataFrame(
            {"account": account.astype(str).to_numpy(), "date": when.dt.normalize().to_numpy()}
        )
        .drop_duplicates()
        .sort_values(["account", "date"], kind="stable")
    )
    acct = days["account"].to_numpy()
    same = np.r_[False, acct[1:] == acct[:-1]]
    stamp = days["date"].to_numpy(dtype="datetime64[D]").astype(np.int64)
    gaps = np.where(same, np.diff(stamp, prepend=stamp[:1]), np.nan)
    return (
        days.assign(gap=gaps, season=season_rows(acct, stamp), back=season_rows(acct, stamp, 1))
        .groupby("account", sort=True)
        .agg(
            first=("date", "min"),
            last=("date", "max"),
            count=("date", "size"),
            usual=("gap", "median"),
            longest=("gap", "max"),
            season=("season", "min"),
            back=("back", "min"),
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=300)
    args = parser.parse_args()
    rng = np.random.default_rng(1)
    for trial in range(args.trials):
        n, k = int(rng.integers(1, 400)), int(rng.integers(1, 40))
        codes = rng.integers(0, k, n)
        names = [f"A{int(x):03d}" if x % 3 else f"顧客{int(x)}" for x in codes]
        span = int(rng.choice([30, 400, 1500]))
        days = np.datetime64("2022-01-01") + rng.integers(0, span, n).astype("timedelta64[D]")
        seconds = pd.to_timedelta(rng.integers(0, 86400, n), unit="s")
        when = pd.Series(pd.to_datetime(days) + seconds)
        if trial % 7 == 0:
            when = when.astype("datetime64[us]")
        account = pd.Series(np.array(names, dtype=object))
        mine, theirs = day_rhythm(account, when), grouped(account, when)
        pd.testing.assert_frame_equal(mine, theirs, check_exact=True)
        assert mine.index.dtype == theirs.index.dtype
    print(f"{args.trials} random histories: the same frames")


if __name__ == "__main__":
    main()
