"""``renumbered.renumber`` against its session-45 form (a deep copy, the codes as Python
objects and back), on the 1M bench book's captured frames and built ones (speed52).

    PYTHONPATH=<tree> python scripts/speed52/equiv_renumber.py [CAPTURED.pkl]

CAPTURED.pkl: ``scripts/speed51a/capture.py BOOK DIR
routekpi.validation.renumbered:renumbered_shops_frames``. Every frame, its columns' dtypes
and the account column's Arrow chunks must match.
"""

from __future__ import annotations

import pickle
import sys

import numpy as np
import pandas as pd

from routekpi.validation import renumbered as R


def old(frame: pd.DataFrame, mapping: dict[str, str]) -> tuple[pd.DataFrame, int, object]:
    codes = frame["account"]
    hit = codes.isin(list(mapping)).to_numpy(dtype=bool)
    count = int(hit.sum())
    if not count:
        return frame, 0, None
    out = frame.copy()
    now = codes.astype(object).to_numpy(copy=True)
    now[hit] = [mapping[c] for c in now[hit]]
    out["account"] = pd.Series(now, index=frame.index, dtype=codes.dtype)
    last = frame["date"][hit].max()
    return out, count, None if pd.isna(last) else pd.Timestamp(last)


def same(frame: pd.DataFrame, mapping: dict[str, str]) -> None:
    a, b = old(frame, mapping), R.renumber(frame, mapping)
    pd.testing.assert_frame_equal(a[0], b[0], check_exact=True)
    assert a[1:] == b[1:], (a[1:], b[1:])
    assert a[0].dtypes.equals(b[0].dtypes)
    x, y = a[0]["account"].array, b[0]["account"].array
    if hasattr(x, "_pa_array"):
        assert x._pa_array.num_chunks == y._pa_array.num_chunks
        assert x._pa_array.equals(y._pa_array)


def main() -> None:
    rng = np.random.default_rng(52)
    n = 0
    for dtype in ("str", object):
        for k in range(20):
            size = int(rng.integers(1, 400))
            codes = rng.choice(["A1", "A2", "B7", "0501", "501", "C3", "", None], size=size)
            frame = pd.DataFrame(
                {
                    "date": pd.to_datetime("2024-01-01")
                    + pd.to_timedelta(rng.integers(0, 900, size), "D"),
                    "account": pd.Series(codes, dtype=dtype),
                    "amount": rng.normal(size=size),
                    "note": pd.Series(rng.choice(["x", "y"], size=size), dtype=object),
                },
                index=pd.RangeIndex(size) + k,
            )
            for mapping in ({"A1": "N1"}, {"A1": "A2", "A2": "A1", "501": "N9"}, {"Z": "Q"}):
                same(frame, mapping)
                n += 1
    if len(sys.argv) > 1:
        with open(sys.argv[1], "rb") as fh:
            (args, _kw) = pickle.load(fh)
        accounts, _rows, orders, visits, _checks = args
        twins = R.name_twins(accounts)
        codes = [*twins["old"], *twins["new"]]
        mine = orders.loc[orders["account"].isin(codes).to_numpy(dtype=bool), ["account", "date"]]
        per = mine.assign(account=mine["account"].astype(str)).groupby("account")["date"]
        found = R.shops_renumbered(twins, per.min().to_dict(), per.max().to_dict())
        for frame in (orders, visits):
            same(frame, found.mapping)
            n += 1
    print(n, "frames: the same")


if __name__ == "__main__":
    main()
