"""``core.won._first_orders`` of many order frames, pickled, to compare two trees (speed50a).

    PYTHONPATH=<old tree> python scripts/speed50a/equiv_first_orders.py old.pkl
    PYTHONPATH=<new tree> python scripts/speed50a/equiv_first_orders.py new.pkl
    python scripts/speed50a/equiv_first_orders.py --compare old.pkl new.pkl

Cases: Arrow text accounts with blanks, NaT dates, times of day, ns and us units, as-of
dates before, inside and after the lines, an all-blank account column, an empty frame, and
object columns mixing 7 and "7" (the old path); the codes kept on the frame (validation's,
``keep_coded``) or coded on the spot. Values, dtypes, index and names must be equal.
"""

from __future__ import annotations

import pickle
import sys
from datetime import date
from types import SimpleNamespace

import numpy as np
import pandas as pd


def _orders(seed: int, n: int, arrow: bool, unit: str) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    names = np.array([f"A{i:03d}" for i in range(40)] + ["顧客", "b", "B"], dtype=object)
    account = rng.choice(names, n).astype(object)
    account[rng.random(n) < 0.05] = None
    stamps = pd.to_datetime("2023-01-01") + pd.to_timedelta(rng.integers(0, 1200 * 24, n), "h")
    days = pd.Series(stamps).astype(f"datetime64[{unit}]")
    days[rng.random(n) < 0.03] = pd.NaT
    return pd.DataFrame(
        {
            "date": days,
            "account": pd.Series(account, dtype="str" if arrow else object),
            "amount": rng.random(n),
        }
    )


def cases() -> list[tuple[pd.DataFrame, date, bool]]:
    out = []
    for seed in range(5):
        for arrow in (True, False):
            for unit in ("ns", "us"):
                o = _orders(seed, 300 + 70 * seed, arrow, unit)
                for as_of in (date(2022, 1, 1), date(2024, 3, 15), date(2030, 1, 1)):
                    for keep in (False, True):
                        out.append((o.copy(), as_of, keep))
    blank = _orders(9, 200, True, "ns")
    blank["account"] = pd.Series([None] * len(blank), dtype="str")
    out.append((blank, date(2026, 1, 1), False))
    out.append((_orders(3, 200, True, "ns").iloc[:0], date(2026, 1, 1), False))
    mixed = _orders(4, 200, False, "ns")
    mixed.loc[::3, "account"] = 7
    mixed.loc[1::5, "account"] = "7"
    out.append((mixed, date(2026, 1, 1), False))
    return out


def main() -> None:
    if sys.argv[1] == "--compare":
        with open(sys.argv[2], "rb") as f:
            old = pickle.load(f)
        with open(sys.argv[3], "rb") as f:
            new = pickle.load(f)
        assert len(old) == len(new)
        for a, b in zip(old, new, strict=True):
            pd.testing.assert_series_equal(a, b, check_exact=True)
            assert a.index.dtype == b.index.dtype and a.index.name == b.index.name
            assert a.name == b.name and a.dtype == b.dtype
        print(f"{len(old)} cases: equal")
        return
    from routekpi.core import won
    from routekpi.core.handover import keep_coded

    results = []
    for orders, as_of, keep in cases():
        if keep:  # codes as validation hands them over: a factorize of the column
            codes, names = pd.factorize(orders["account"])
            keep_coded(orders, "account", codes, pd.Index(names))
        history = SimpleNamespace(facts=None, orders=orders)
        results.append(won._first_orders(history, as_of))  # type: ignore[arg-type]
    with open(sys.argv[1], "wb") as f:
        pickle.dump(results, f)
    print(len(results), "cases,", sum(len(r) for r in results), "accounts")


if __name__ == "__main__":
    main()
