"""Old ``find_account_steps`` on the lines up to the as-of date (a copy) against new, on the
whole frame with ``upto`` and the frame's account codes: steps, lifts, parts and carries
equal (repr of every float). Captured order frames (``capture_orders.py``) and random ones
with one large account that steps.

    cd /tmp && PYTHONPATH=/path/to/new python .../equiv_account_steps.py /path/to/old [pkl]
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


def _flat(levels: object) -> list[str] | None:
    if levels is None:
        return None
    out = [repr(getattr(levels, k)) for k in ("part", "part_same", "each")]
    out.append(repr(sorted(levels.carry.items())))  # type: ignore[attr-defined]
    for s in levels.steps:  # type: ignore[attr-defined]
        fields = (s.account, s.rep, s.month, s.size, s.orders_size, s.share, s.effect, s.own)
        out += [repr(fields), s.lift.to_csv(float_format="%r"), repr(list(s.lift.index))]
    return out


def check(orders: pd.DataFrame, as_of: date, months: list[pd.Period], coded: bool) -> int:
    """Steps found, once the old and the new agree."""
    cut, baseline = pd.Timestamp(as_of), months[-12:]
    a = OLD.find_account_steps(orders[orders["date"] <= cut], {}, months, baseline)
    codes = frame_coded(orders, "account") if coded else None
    b = new.find_account_steps(orders, {}, months, baseline, cut, codes)
    assert _flat(a) == _flat(b)
    return 0 if a is None else len(a.steps)


def _random(rng: np.random.Generator, trial: int) -> tuple[pd.DataFrame, date, list[pd.Period]]:
    nm = int(rng.integers(20, 40))
    months = list(pd.period_range("2021-05", periods=nm, freq="M"))
    n = int(rng.integers(500, 6000))
    dates = pd.Series(months[0].start_time + pd.to_timedelta(rng.integers(0, nm * 31, n), "D"))
    if trial % 3 == 0:
        dates[rng.random(n) < 0.03] = pd.NaT
    k = int(rng.integers(4, 12))
    weights = np.r_[0.3, np.full(k - 1, 0.7 / (k - 1))]
    account = pd.Series([f"A{i}" for i in rng.choice(k, n, p=weights)], dtype="str")
    account[rng.random(n) < 0.02] = np.nan
    amount = rng.exponential(100, n)
    big = (account == "A0").to_numpy()
    late = (dates >= months[int(rng.integers(10, nm))].start_time).to_numpy()
    amount[big] *= 9
    amount[big & late] *= float(rng.uniform(0.3, 2.0))
    amount = np.round(amount, 2)
    amount[rng.random(n) < 0.03] = -1.0
    reps = [f"R{i}" for i in rng.integers(0, 3, n)]
    orders = pd.DataFrame({"date": dates, "account": account, "rep": reps, "amount": amount})
    orders.index = orders.index * 3 + 5  # labels that are not positions
    complete = months[: nm - int(rng.integers(0, 4))]
    return orders, complete[-1].end_time.date(), complete


def main() -> None:
    found = 0
    for path in sys.argv[2:]:
        with open(path, "rb") as fh:
            orders, as_of, complete = pickle.load(fh)
        found += check(orders, as_of, complete, True)
    rng = np.random.default_rng(7)
    found += sum(check(*_random(rng, t), bool(t % 2)) for t in range(120))
    print("equal; steps found", found)


if __name__ == "__main__":
    main()
