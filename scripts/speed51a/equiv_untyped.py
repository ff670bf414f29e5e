"""The untyped-leave checks and ``order_account_days`` on built order lines, pickled for a
comparison between two trees (speed51a: the codes-end-to-end path must say the same).

    PYTHONPATH=<tree> python scripts/speed51a/equiv_untyped.py HISTORY.pkl OUT.pkl

HISTORY.pkl: a validated History (any: its orders, accounts and leave are replaced). Cases:
several holders each covered by a colleague for a stretch (so several warnings, in an order
that depends on how the reps are numbered), rep and account names whose text order differs
from their order of appearance, blanks, object columns mixing 7 and "7", a leave typed,
as-of dates before, inside and after the lines.
"""

from __future__ import annotations

import pickle
import sys
from dataclasses import replace
from datetime import date

import numpy as np
import pandas as pd

from routekpi.core.daily import order_account_days
from routekpi.validation.leave import untyped_leave_checks

REPS = ["佐藤", "伊藤", "Zed", "abe", "鈴木", "Ab", "田中", "中村"]


def _case(seed: int) -> tuple[pd.DataFrame, pd.DataFrame, date]:
    rng = np.random.default_rng(seed)
    n_rep = int(rng.integers(3, len(REPS) + 1))
    reps = list(rng.permutation(REPS[:n_rep]))
    books = {
        r: [f"{r[:1]}{rng.integers(0, 10**6)}-{i}" for i in range(int(rng.integers(12, 30)))]
        for r in reps
    }
    days = pd.date_range("2024-01-02", "2026-11-24", freq="7D")
    rows = []
    covers = {}
    for holder in reps:
        if rng.random() < 0.6:
            cover = str(rng.choice([r for r in reps if r != holder]))
            start = days[int(rng.integers(20, 120))]
            covers[holder] = (cover, start, start + pd.Timedelta(days=int(rng.integers(35, 120))))
    for d in days:
        for holder, accounts in books.items():
            for a in accounts:
                if rng.random() < 0.15:
                    continue
                who = holder
                if holder in covers and covers[holder][1] <= d <= covers[holder][2]:
                    who = covers[holder][0]
                elif rng.random() < 0.01:
                    who = str(rng.choice(reps))
                rows.append((d + pd.Timedelta(hours=int(rng.integers(0, 20))), a, who, 100.0, 1.0))
    orders = pd.DataFrame(rows, columns=["date", "account", "rep", "amount", "quantity"])
    orders = orders.sample(frac=1.0, random_state=seed).reset_index(drop=True)
    blank = rng.random(len(orders)) < 0.01
    kind = seed % 4
    if kind == 3:  # object columns, 7 and "7"
        orders["account"] = orders["account"].astype(object)
        orders.loc[blank, "account"] = None
        orders.loc[orders.index[:40], "account"] = 7
        orders.loc[orders.index[40:80], "account"] = "7"
    else:
        orders["account"] = orders["account"].astype("str")
        orders.loc[blank, "account"] = np.nan
        orders["rep"] = orders["rep"].astype("str")
        orders.loc[rng.random(len(orders)) < 0.005, "rep"] = np.nan
    accounts = pd.DataFrame(
        [(a, h) for h, book in books.items() for a in book], columns=["account", "rep"]
    ).astype("str")
    as_of = [date(2026, 10, 31), date(2025, 6, 30), date(2023, 1, 1), date(2027, 3, 31)][
        seed % 4 if seed % 5 else 0
    ]
    return orders, accounts, as_of


def main() -> None:
    with open(sys.argv[1], "rb") as fh:
        (history, _), _ = pickle.load(fh)
    out = []
    for seed in range(40):
        orders, accounts, as_of = _case(seed)
        leave = history.leave.iloc[:0]
        h = replace(
            history,
            orders=orders,
            accounts=accounts.reindex(columns=history.accounts.columns),
            leave=leave,
            facts=None,
        )
        checks = untyped_leave_checks(h, as_of)
        days = order_account_days(orders, as_of)
        out.append((seed, [(c.problem, c.params) for c in checks], days))
        print(seed, len(orders), len(checks), len(days), flush=True)
    with open(sys.argv[2], "wb") as fh:
        pickle.dump(out, fh)


if __name__ == "__main__":
    main()
