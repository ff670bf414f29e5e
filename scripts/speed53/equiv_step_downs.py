"""``account_step.step_downs_out`` on arrays (speed53) against the ``.at`` form it replaced.

    PYTHONPATH=<tree> python scripts/speed53/equiv_step_downs.py CAPTURED.pkl... [--random 300]

CAPTURED: pickled ``[(args, kwargs), ...]`` of the calls a recalculation made (captured
by wrapping the function). Each call, and ``--random`` variants of each (the steps
shuffled, their ratios (``after``), lengths and months drawn anew, the facts' cells scaled, some
reps' rows cut away), run through both forms: the facts equal to the bit (values as int64
views, index, columns, dtypes, one block, the same memory order) and the carried yen equal.
"""

from __future__ import annotations

import argparse
import copy
import pickle
import random
from dataclasses import replace

import numpy as np
import pandas as pd

from routekpi.core import account_step
from routekpi.core.account_step import CARRY_MONTHS


def old_form(facts, steps, table, baseline):  # type: ignore[no-untyped-def]
    """The ``.at`` form: ``_step_cells`` made to decline."""
    saved = account_step._step_cells
    account_step._step_cells = lambda out, cols: None
    try:
        return account_step.step_downs_out(facts, steps, table, baseline)
    finally:
        account_step._step_cells = saved


def same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    assert a.index.equals(b.index) and list(a.columns) == list(b.columns)
    assert list(a.dtypes) == list(b.dtypes)
    assert a._mgr.nblocks == b._mgr.nblocks, (a._mgr.nblocks, b._mgr.nblocks)
    for x, y in zip(a._mgr.blocks, b._mgr.blocks, strict=True):
        assert x.values.flags.c_contiguous == y.values.flags.c_contiguous
        assert x.values.flags.f_contiguous == y.values.flags.f_contiguous
    for c in a.columns:
        u, v = a[c].to_numpy(), b[c].to_numpy()
        if u.dtype == np.float64:
            assert np.array_equal(u.view(np.int64), v.view(np.int64)), c
        else:
            assert np.array_equal(u, v), c


def check(args: tuple, kwargs: dict) -> int:  # type: ignore[type-arg]
    facts = args[0]
    before = facts.copy()
    new_out, new_carried = account_step.step_downs_out(*copy.deepcopy(args), **kwargs)
    old_out, old_carried = old_form(*copy.deepcopy(args), **kwargs)
    same(old_out, new_out)
    assert [(s, float(y)) for s, y in old_carried] == [(s, float(y)) for s, y in new_carried]
    same(facts, before)  # the input untouched
    return len(new_carried)


def variant(rng: random.Random, args: tuple) -> tuple:  # type: ignore[type-arg]
    facts, steps, table, baseline = args
    steps = list(steps)
    rng.shuffle(steps)
    months = sorted(set(pd.PeriodIndex(table["month"], freq="M"))) if len(table) else []
    drawn = []
    for s in steps:
        month = rng.choice(months) if months and rng.random() < 0.5 else s.month
        drawn.append(
            replace(
                s,
                after=s.before * rng.choice([s.ratio, rng.random(), 0.0, 1.0]),
                months=rng.choice([s.months, CARRY_MONTHS, CARRY_MONTHS - 1, 12]),
                month=month,
            )
        )
    facts = facts.copy()
    if rng.random() < 0.5:
        facts = facts * rng.choice([0.5, 1.0, 3.0, 1e-3])
    if rng.random() < 0.3 and len(facts):
        keep = np.array([rng.random() < 0.8 for _ in range(len(facts))])
        facts = facts[keep]
    return facts, drawn, table, baseline


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("captured", nargs="+")
    parser.add_argument("--random", type=int, default=300)
    args = parser.parse_args()
    rng = random.Random(53)
    calls = carried = 0
    for path in args.captured:
        with open(path, "rb") as f:
            captured = pickle.load(f)
        for call_args, call_kwargs in captured:
            carried += check(call_args, call_kwargs)
            calls += 1
            for _ in range(args.random):
                carried += check(variant(rng, call_args), call_kwargs)
                calls += 1
    print(f"{calls} calls equal ({carried} steps carried)")


if __name__ == "__main__":
    main()
