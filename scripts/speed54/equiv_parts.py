"""``landing._parts`` against the loop it replaced, bit for bit (speed54).

    PYTHONPATH=$PWD python scripts/speed54/equiv_parts.py [CASES]

Random month × end-date tables (zeros, −0.0, negatives, NaN, huge and tiny values), weights
over months in and out of the table, the index in and out of order.
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd

from routekpi.core.landing import _parts


def _old(ends: pd.DataFrame, weight: dict[pd.Period, float], done_share: float) -> list[float]:
    return [
        sum(float(orders.get(m, 0.0)) for m in weight) / done_share for _, orders in ends.items()
    ]


def main() -> None:
    cases = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    rng = np.random.default_rng(54)
    months = list(pd.period_range("2026-04", periods=12, freq="M"))
    for k in range(cases):
        n_rows, n_cols = int(rng.integers(1, 13)), int(rng.integers(1, 40))
        index = months[:n_rows]
        if k % 3 == 0:
            index = [index[i] for i in rng.permutation(n_rows)]
        values = rng.normal(0, 1, (n_rows, n_cols)) * 10.0 ** rng.integers(-3, 9, (n_rows, n_cols))
        values[rng.random(values.shape) < 0.2] = 0.0
        values[rng.random(values.shape) < 0.05] = -0.0
        if k % 7 == 0:
            values[rng.random(values.shape) < 0.05] = np.nan
        ends = pd.DataFrame(
            values,
            index=pd.PeriodIndex(index, freq="M"),
            columns=pd.date_range("2026-05-31", periods=n_cols, freq="D"),
        )
        picked = [months[i] for i in sorted(rng.choice(12, int(rng.integers(1, 13)), False))]
        weight = {m: 1.0 for m in picked}
        done_share = float(np.float64(rng.uniform(0.01, 1.2)))
        if k % 2:
            done_share = np.float64(done_share)  # as the landing's sum of shares gives it
        old, new = _old(ends, weight, done_share), _parts(ends, weight, done_share)
        a, b = np.array(old, dtype=float), np.array(new, dtype=float)
        assert np.array_equal(a.view(np.int64), b.view(np.int64)), k
    print(f"{cases} tables: bit-equal")


if __name__ == "__main__":
    main()
