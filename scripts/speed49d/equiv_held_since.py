"""``core.meetings.held_since`` (first orders from the account codes) equals the old groupby.

    python scripts/speed49d/equiv_held_since.py

Random order frames: Arrow text, object codes mixing 7 and "7", integers, categoricals,
missing accounts, missing dates, times of day, ns and us dates, an account with no dated
line; masters with and without starts (text codes, some shared with the orders); the codes
kept on the frame (validation's ``keep_coded``) or not. Equal values, index, dtypes and
names, or an AssertionError.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from routekpi.core.handover import keep_coded
from routekpi.core.meetings import held_since


def old(orders: pd.DataFrame, accounts: pd.DataFrame) -> pd.Series:
    parts = []
    for frame, column in ((orders, "date"), (accounts.dropna(subset=["start"]), "start")):
        if len(frame):
            first = frame.groupby("account", observed=True, sort=False)[column].min()
            first.index = first.index.astype(str)
            parts.append(pd.to_datetime(first).dt.normalize())
    if not parts:
        return pd.Series(dtype="datetime64[ns]")
    return pd.concat(parts).groupby(level=0).min()


def frames(rng: np.random.Generator) -> list[pd.DataFrame]:
    out = []
    for n in (0, 1, 7, 100, 5_000):
        k = max(1, n // 5)
        ids = rng.integers(0, k, n)
        days = pd.to_datetime("2024-01-01") + pd.to_timedelta(rng.integers(0, 700 * 24, n), "h")
        for unit in ("ns", "us"):
            d = pd.Series(days, dtype=f"datetime64[{unit}]")
            if n > 3:
                d.iloc[rng.integers(0, n, n // 10)] = pd.NaT
                d[ids == ids[0]] = pd.NaT  # an account with no dated line
            text = pd.Series([f"C{i:04d}" for i in ids], dtype="str")
            if n > 3:
                text.iloc[rng.integers(0, n, n // 20)] = None
            mixed = pd.Series([i if i % 3 else str(i) for i in ids], dtype=object)
            cat = text.astype("category")
            for account in (text, mixed, pd.Series(ids, dtype="int64"), cat):
                out.append(pd.DataFrame({"account": account, "date": d}))
    none = pd.DataFrame(
        {
            "account": pd.Series([None, None], dtype="str"),
            "date": pd.to_datetime(["2024-01-02", "2024-03-04"]),
        }
    )
    out.append(none)
    return out


def masters(rng: np.random.Generator) -> list[pd.DataFrame]:
    empty = pd.DataFrame(
        {"account": pd.Series([], dtype="str"), "start": pd.Series([], dtype="datetime64[ns]")}
    )
    codes = [f"C{i:04d}" for i in range(0, 60, 3)] + ["7", "X1"]
    start = pd.to_datetime("2023-06-01") + pd.to_timedelta(rng.integers(0, 900, len(codes)), "D")
    s = pd.Series(start)
    s.iloc[::4] = pd.NaT
    return [empty, pd.DataFrame({"account": pd.Series(codes, dtype="str"), "start": s})]


def main() -> None:
    rng = np.random.default_rng(49)
    checked = 0
    for frame in frames(rng):
        for accounts in masters(rng):
            for keep in (False, True):
                orders = frame.copy()
                if keep:
                    codes, names = pd.factorize(orders["account"])
                    keep_coded(orders, "account", codes, pd.Index(names))
                want = old(orders, accounts)
                got = held_since(orders, accounts)
                pd.testing.assert_series_equal(got, want, check_exact=True)
                assert got.index.dtype == want.index.dtype, (got.index.dtype, want.index.dtype)
                assert got.index.name == want.index.name and got.name == want.name
                checked += 1
    print(f"equal on {checked} cases")


if __name__ == "__main__":
    main()
