"""Old ``step_table_to`` (a copy of the lines up to the as-of date) against new
``step_table(upto, coded)`` on captured order frames (``capture_orders.py``) and random
ones (NaT dates, missing accounts, amounts ≤ 0, second-resolution dates): equal cell for
cell, dtypes too.

    cd /tmp && PYTHONPATH=/path/to/new python .../equiv_step_table.py /path/to/old [orders.pkl]
"""

from __future__ import annotations

import pickle
import sys
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

import routekpi.core.account_step as new
from routekpi.core.handover import frame_coded

sys.path.insert(0, str(Path(__file__).parent))
from _old import old_account_step

OLD = old_account_step(sys.argv[1])


def _same(a: pd.DataFrame, b: pd.DataFrame, what: str) -> None:
    pd.testing.assert_frame_equal(a, b, check_exact=True)
    assert list(a.dtypes) == list(b.dtypes), what
    for column in a.columns:
        assert a[column].tolist() == b[column].tolist(), (what, column)


def check(orders: pd.DataFrame, as_of: date, complete: list[pd.Period], coded: bool) -> int:
    """Rows of the table, once the old and the new agree."""
    a = OLD.step_table_to(orders, as_of, complete)
    OLD._LAST_TABLE.clear()
    codes = frame_coded(orders, "account") if coded else None
    _same(a, new.step_table(orders, complete, pd.Timestamp(as_of), codes), "cut")
    _same(OLD.step_table(orders, complete), new.step_table(orders, complete), "whole")
    return len(a)


def _random(rng: np.random.Generator, trial: int) -> tuple[pd.DataFrame, date, list[pd.Period]]:
    nm = int(rng.integers(22, 40))
    months = list(pd.period_range("2022-03", periods=nm, freq="M"))
    n = int(rng.integers(50, 4000))
    dates = pd.Series(months[0].start_time + pd.to_timedelta(rng.integers(0, nm * 31, n), "D"))
    if trial % 4 == 0:
        dates = dates.astype("datetime64[s]")
    if trial % 3 == 0:
        dates[rng.random(n) < 0.05] = pd.NaT
    account = pd.Series([f"A{i}" for i in rng.integers(0, 40, n)], dtype="str")
    account[rng.random(n) < 0.03] = np.nan
    base = rng.exponential(100, 40)
    step = rng.integers(0, nm, 40)
    amount = np.ones(n)
    for i, (a, d) in enumerate(zip(account, dates, strict=True)):
        if isinstance(a, str) and not pd.isna(d):
            k = (d.year - months[0].year) * 12 + d.month - months[0].month
            j = int(a[1:])
            amount[i] = round(base[j] * (0.3 if k >= step[j] else 1.0) * rng.uniform(0.5, 1.5), 2)
    amount[rng.random(n) < 0.05] = -5.0
    reps = [f"R{i}" for i in rng.integers(0, 3, n)]
    orders = pd.DataFrame({"date": dates, "account": account, "rep": reps, "amount": amount})
    complete = months[: nm - int(rng.integers(0, 3))]
    return orders, complete[-1].end_time.date(), complete


def main() -> None:
    for path in sys.argv[2:]:
        with open(path, "rb") as fh:
            orders, as_of, complete = pickle.load(fh)
        print(path, check(orders, as_of, complete, True), "rows equal")
    rng = np.random.default_rng(5)
    rows = sum(check(*_random(rng, t), bool(t % 2)) for t in range(150))
    print("random frames equal; rows", rows)


if __name__ == "__main__":
    main()
