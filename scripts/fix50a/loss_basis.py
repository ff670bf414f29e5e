"""Losses to date read by the month known vs by the dated end, against a simulation's truth.

    python scripts/fix50a/loss_basis.py DATA_DIR   (trial 49's: truth_accounts.csv)

Every closure of the truth has its day and whether the master typed it (``typed_end``). For
fiscal years starting in April, July, October and January and as-of days (the 4th of
December, August and February), the losses dated in the year so far (the target's basis)
are compared with two readings a manager could have on that day: the typed closures of the
year plus the untyped ones known 180 days after their end, in the month known
(``known_basis``, core.measure.known_losses), and the year's own closures once known
(``dated_known``). Prints each day and the mean and mean absolute error of each reading.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

LAPSE_DAYS = 180


def readings(truth: pd.DataFrame, start_month: int) -> pd.DataFrame:
    """One row per (fiscal year, as-of day): the dated losses and the two readings."""
    ended = truth[truth["end"].notna()]
    end, typed = ended["end"], ended["typed_end"].astype(bool)
    known = end + pd.Timedelta(days=LAPSE_DAYS - 1)
    rows = []
    for year in range(2023, 2027):  # the simulation starts 2022-04: a year behind each
        first = pd.Timestamp(year, start_month, 1)
        for month in (12, 8, 2):
            day = pd.Timestamp(year if month >= start_month else year + 1, month, 4)
            dated = (end >= first) & (end <= day)
            rows.append(
                {
                    "fy": year,
                    "as_of": day.date(),
                    "dated": int(dated.sum()),
                    "known_basis": int((typed & dated).sum())
                    + int((~typed & (known >= first) & (known <= day)).sum()),
                    "dated_known": int((typed & dated).sum())
                    + int((~typed & dated & (known <= day)).sum()),
                }
            )
    return pd.DataFrame(rows)


def main(folder: str) -> None:
    truth = pd.read_csv(Path(folder) / "truth_accounts.csv", parse_dates=["end"])
    for start_month in (4, 7, 10, 1):
        table = readings(truth, start_month)
        print(f"fiscal year from month {start_month}")
        print(table.to_string(index=False))
        for name in ("known_basis", "dated_known"):
            error = table[name] - table["dated"]
            mean, absolute = error.mean(), error.abs().mean()
            print(f"  {name}: mean error {mean:+.1f}, mean absolute {absolute:.1f}")


if __name__ == "__main__":
    main(sys.argv[1])
