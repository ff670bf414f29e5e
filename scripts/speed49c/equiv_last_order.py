"""``core.lapse.last_order_by`` (by codes) equals the old groupby on the text (speed49c).

    python scripts/speed49c/equiv_last_order.py

Random order frames: Arrow text, object codes mixing 7 and "7", integers, missing accounts,
missing dates, ns and us dates, nothing on or before the day; with and without the codes
given. Equal values, index, dtypes and names, or an AssertionError.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from routekpi.core.lapse import last_order_by


def old(orders: pd.DataFrame, when: pd.Timestamp) -> pd.Series:
    o = orders[orders["date"] <= when]
    return o.groupby(o["account"].astype(str), sort=True)["date"].max()


def frames(rng: np.random.Generator) -> list[pd.DataFrame]:
    out = []
    for n in (0, 1, 7, 100, 5_000):
        k = max(1, n // 5)
        ids = rng.integers(0, k, n)
        days = pd.to_datetime("2024-01-01") + pd.to_timedelta(rng.integers(0, 700, n), "D")
        for unit in ("ns", "us"):
            d = pd.Series(days, dtype=f"datetime64[{unit}]")
            if n > 3:
                d.iloc[rng.integers(0, n, n // 10)] = pd.NaT
            text = pd.Series([f"C{i:04d}" for i in ids], dtype="str")
            if n > 3:
                text.iloc[rng.integers(0, n, n // 20)] = None
            mixed = pd.Series([i if i % 3 else str(i) for i in ids], dtype=object)
            out.append(pd.DataFrame({"account": text, "date": d}))
            out.append(pd.DataFrame({"account": mixed, "date": d}))
            out.append(pd.DataFrame({"account": pd.Series(ids, dtype="int64"), "date": d}))
    return out


def main() -> None:
    rng = np.random.default_rng(49)
    checked = 0
    for frame in frames(rng):
        for when in ("2023-06-01", "2024-05-01", "2025-01-15", "2027-01-01"):
            ts = pd.Timestamp(when)
            want = old(frame, ts)
            for coded in (None, pd.factorize(frame["account"])):
                got = last_order_by(frame, ts, coded)
                pd.testing.assert_series_equal(got, want, check_exact=True)
                assert got.index.dtype == want.index.dtype, (got.index.dtype, want.index.dtype)
                assert got.index.name == want.index.name and got.name == want.name
                checked += 1
    print(f"equal on {checked} cases")


if __name__ == "__main__":
    main()
