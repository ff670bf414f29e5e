"""``lumps.rare`` made once per table (speed53) against the per-call form it replaced.

    PYTHONPATH=<tree> python scripts/speed53/equiv_rare.py [--tables 400]

Random lump tables (``LUMP_MONTH_COLUMNS``: reps with 0–40 large orders a year, so some
rep-years are over ``LUMP_MAX_PER_YEAR``; rows shuffled or sorted; object or str reps;
int or float counts; a default or a gapped index), every rep and an unknown one, asked in
a random order and twice, the table changed in place now and then: each answer equal to
the old one (frame, index, dtypes; None alike), and ``lumps_in`` over random month lists
equal to the bit.
"""

from __future__ import annotations

import argparse
import random

import numpy as np
import pandas as pd

from routekpi.core import lumps


def old_rare(table: pd.DataFrame | None, rep: str) -> pd.DataFrame | None:
    """``lumps.rare`` as it was (a filter and a grouped sum per call)."""
    if table is None or not len(table):
        return None
    mine = table[table["rep"] == rep]
    years = pd.PeriodIndex(mine["month"]).year
    count = mine.groupby(years)["orders"].transform("sum")
    mine = mine[count.to_numpy() <= lumps.LUMP_MAX_PER_YEAR]
    return mine if len(mine) else None


def table_of(rng: random.Random) -> pd.DataFrame:
    reps = [f"rep{i}" for i in range(rng.randint(1, 9))]
    rows = []
    for rep in reps:
        for year in range(2022, 2022 + rng.randint(1, 4)):
            per_month = rng.choice([0, 0.3, 1, 2, 4])
            for month in range(1, 13):
                n = np.random.default_rng(rng.randint(0, 10**9)).poisson(per_month)
                if n:
                    rows.append((rep, pd.Period(f"{year}-{month:02d}", "M"), rng.random() * 1e7, n))
    if rng.random() < 0.5:
        rng.shuffle(rows)
    frame = pd.DataFrame(rows, columns=list(lumps.LUMP_MONTH_COLUMNS))
    if len(frame):
        frame["month"] = pd.PeriodIndex(frame["month"], freq="M")
    if rng.random() < 0.3:
        frame["rep"] = frame["rep"].astype("str")
    if rng.random() < 0.3:
        frame["orders"] = frame["orders"].astype(float)
    if rng.random() < 0.3:
        frame.index = frame.index * 3 + 7
    return frame


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tables", type=int, default=400)
    args = parser.parse_args()
    rng = random.Random(53)
    checked = 0
    for _ in range(args.tables):
        table = table_of(rng)
        reps = [*sorted(set(table["rep"])), "nobody"]
        asks = reps * 2
        rng.shuffle(asks)
        for rep in asks:
            old, new = old_rare(table, rep), lumps.rare(table, rep)
            assert (old is None) == (new is None), rep
            if old is not None:
                pd.testing.assert_frame_equal(old, new, check_exact=True)
                assert old.index.equals(new.index)
            months = sorted(set(table["month"]))
            picked = [m for m in months if rng.random() < 0.5]
            mine = old_rare(table, rep)
            want = (0.0, 0) if mine is None or not picked else None
            if want is None:
                part = mine[mine["month"].isin(picked)]
                want = (float(part["revenue"].sum()), int(part["orders"].sum()))
            assert lumps.lumps_in(table, rep, picked) == want, (rep, want)
            checked += 1
            if len(table) and rng.random() < 0.2:  # changed in place: read anew
                at = table.index[rng.randrange(len(table))]
                column = rng.choice(["revenue", "orders", "rep"])
                value = {"revenue": rng.random() * 1e7, "orders": rng.randint(1, 30)}
                table.loc[at, column] = value.get(column, rng.choice(reps))
    print(f"{checked} answers equal over {args.tables} tables")


if __name__ == "__main__":
    main()
