"""``core.lost.ended_months_of`` on many frames, pickled, to compare two trees (speed50a).

    PYTHONPATH=<old tree> python scripts/speed50a/equiv_ended_months.py old.pkl [ARGS.pkl]
    PYTHONPATH=<new tree> python scripts/speed50a/equiv_ended_months.py new.pkl [ARGS.pkl]
    python scripts/speed50a/equiv_ended_months.py --compare old.pkl new.pkl

Cases: Arrow text accounts and reps with blanks, accounts that read alike in object columns
(7 and "7": the old path), an all-blank account column, no row wanted, orders only, visits
only, accounts asked that are not there, and (ARGS.pkl) the arguments of the 1M bench
book's call captured from a recalculation. Each output's values, dtypes, index and column
names must be equal (``assert_frame_equal``, exact).
"""

from __future__ import annotations

import pickle
import sys
from datetime import date

import numpy as np
import pandas as pd


def _frames(seed: int, n: int, arrow: bool, blanks: bool) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    accounts = np.array(
        [f"A{i:04d}" for i in range(60)] + ["Z9", "B1", "b1", "顧客1"], dtype=object
    )
    reps = np.array(["田中", "佐藤", "rep 3", "Rep3"], dtype=object)

    def col(values: np.ndarray) -> pd.Series:
        if blanks:
            values = values.copy()
            values[rng.random(len(values)) < 0.05] = None
        return pd.Series(values, dtype="str" if arrow else object)

    days = pd.to_datetime("2023-01-01") + pd.to_timedelta(rng.integers(0, 1200, n), unit="D")
    orders = pd.DataFrame(
        {
            "date": days,
            "account": col(rng.choice(accounts, n)),
            "rep": col(rng.choice(reps, n)),
            "amount": rng.choice([0.0, -50.0, 100.0, 1234.5, np.nan], n),
            "quantity": rng.choice([1.0, 2.0, np.nan], n),
        }
    )
    m = n // 2
    vdays = pd.to_datetime("2023-01-01") + pd.to_timedelta(rng.integers(0, 1200, m), unit="D")
    visits = pd.DataFrame(
        {
            "date": vdays,
            "account": col(rng.choice(accounts, m)),
            "rep": col(rng.choice(reps, m)),
            "kind": pd.Series(rng.choice(["visit", "attempt", "meeting"], m), dtype="str"),
            "outcome": pd.Series(rng.choice(["won", "lost", ""], m), dtype="str"),
        }
    )
    return orders, visits


def cases(args_file: str | None) -> list[tuple[object, ...]]:
    out: list[tuple[object, ...]] = []
    wanted_sets = [
        {f"A{i:04d}" for i in range(0, 60, 3)} | {"B1", "顧客1"},
        {"nope"},
        {f"A{i:04d}" for i in range(60)} | {"Z9", "B1", "b1", "顧客1"},
    ]
    for seed in range(6):
        for arrow in (True, False):
            for blanks in (False, True):
                o, v = _frames(seed, 400 + 50 * seed, arrow, blanks)
                for wanted in wanted_sets:
                    for as_of in (date(2024, 6, 30), date(2026, 12, 31), date(2022, 1, 1)):
                        out.append((o, v, wanted, as_of))
                out.append((o, v.iloc[:0], wanted_sets[0], date(2026, 1, 1)))
                out.append((o.iloc[:0], v, wanted_sets[0], date(2026, 1, 1)))
    o, v = _frames(99, 300, True, False)
    o["account"] = pd.Series([None] * len(o), dtype="str")
    out.append((o, v, wanted_sets[0], date(2026, 1, 1)))
    mixed_o, mixed_v = _frames(7, 300, False, False)
    mixed_o.loc[::7, "account"] = 7
    mixed_v.loc[::5, "account"] = "7"
    out.append((mixed_o, mixed_v, {"7", "A0003"}, date(2026, 1, 1)))
    if args_file:
        with open(args_file, "rb") as f:
            out.append(tuple(pickle.load(f)))
    return out


def main() -> None:
    if sys.argv[1] == "--compare":
        with open(sys.argv[2], "rb") as f:
            old = pickle.load(f)
        with open(sys.argv[3], "rb") as f:
            new = pickle.load(f)
        assert len(old) == len(new), (len(old), len(new))
        for i, (a, b) in enumerate(zip(old, new, strict=True)):
            pd.testing.assert_frame_equal(a, b, check_exact=True)
            assert list(a.dtypes) == list(b.dtypes), i
            assert type(a["account"].array) is type(b["account"].array), i
        print(f"{len(old)} cases: equal")
        return
    from routekpi.core.lost import ended_months_of

    results = [ended_months_of(*c) for c in cases(sys.argv[2] if len(sys.argv) > 2 else None)]
    with open(sys.argv[1], "wb") as f:
        pickle.dump(results, f)
    print(len(results), "cases,", sum(len(r) for r in results), "rows")


if __name__ == "__main__":
    main()
