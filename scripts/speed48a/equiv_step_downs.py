"""Old against new ``find_step_downs`` on random account × rep × month tables: both spans
(4 and 6 months), with and without the team's rows in the revenue, ended accounts, text and
object accounts, period and object months. Every step's fields must be equal, bit for bit.

    cd /tmp && PYTHONPATH=/path/to/new python /path/to/new/scripts/speed48a/equiv_step_downs.py \
        /path/to/old SEED
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import numpy as np
import pandas as pd

import routekpi.core.account_step as new
from routekpi.core.measure import TEAM

sys.path.insert(0, str(Path(__file__).parent))
from _old import old_account_step


def _table(rng: np.random.Generator, months: list[pd.Period], reps: list[str]) -> pd.DataFrame:
    rows = []
    for acc in range(int(rng.integers(1, 60))):
        base, step_at = float(rng.exponential(1000)), int(rng.integers(0, len(months)))
        fall = float(rng.uniform(0.02, 1.0))
        for i, m in enumerate(months):
            if rng.random() < 0.1:
                continue
            level = base * (fall if i >= step_at else 1.0) * float(rng.uniform(0.8, 1.2))
            for rep in rng.choice(reps, size=int(rng.integers(1, 3))):
                rows.append((f"A{acc}", str(rep), m, round(level, int(rng.integers(0, 3))), 1.0))
    table = pd.DataFrame(rows, columns=["account", "rep", "month", "revenue", "orders"])
    table["month"] = pd.PeriodIndex(table["month"], freq="M")
    return table


def main() -> None:
    old = old_account_step(sys.argv[1])
    rng = np.random.default_rng(int(sys.argv[2]) if len(sys.argv) > 2 else 0)
    found = 0
    for trial in range(400):
        months = list(pd.period_range("2023-01", periods=int(rng.integers(20, 32)), freq="M"))
        reps = [f"R{i}" for i in range(int(rng.integers(1, 5)))]
        table = _table(rng, months, reps)
        if not len(table):
            continue
        if trial % 5 == 0:
            table["month"] = table["month"].astype(object)
        if trial % 3 == 0:
            table["account"] = table["account"].astype(object)
        revenue = table.groupby(["rep", "month"])["revenue"].sum() * float(rng.uniform(1.5, 20))
        if trial % 2:  # as the flag passes it: the team's rows too
            team = revenue.groupby(level="month").sum()
            team.index = pd.MultiIndex.from_product([[TEAM], team.index], names=["rep", "month"])
            revenue = pd.concat([revenue, team])
        ended = {f"A{i}" for i in range(60) if rng.random() < 0.1}
        for least in (new.DOWN_MONTHS, new.CARRY_MONTHS):
            args = (table, revenue, {"A1": "one"}, months, ended, least)
            a = [dataclasses.astuple(s) for s in old.find_step_downs(*args)]
            b = [dataclasses.astuple(s) for s in new.find_step_downs(*args)]
            assert repr(a) == repr(b), (trial, least, a, b)
            found += len(a)
    print("equal; steps found", found)


if __name__ == "__main__":
    main()
