"""Small books that take every branch of validation's account coding (speed49a, issue 14).

    PYTHONPATH=$PWD python scripts/speed49a/books.py OUT_DIR

- ``zeros_switch``: 60 accounts on the master (0100 … 0159, start 2025-07-01, after their
  first orders); 40 of them ordered under old codes T-0100 … before 2025-07-01 (the
  renumbering check's case: no old-code column), 10 typed without their zeros (100 … 109,
  matched to 0100 …: the codes recoded after the zeros), every fifth month a line pasted
  twice, slips of two lines (order numbers), a line without an account.
- ``derived_switch``: the same orders, no master (accounts from the orders).
- ``partial``: the same orders, a master of 5 accounts (a partial master).
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.workbook_files import pasted_book

MIGRATION = date(2025, 7, 1)
CODES = [f"0{100 + i}" for i in range(60)]


def orders() -> list[list[object]]:
    out: list[list[object]] = []
    slip = 0
    for k, m in enumerate(pd.date_range("2024-01-01", "2026-11-01", freq="MS")):
        for i, code in enumerate(CODES):
            day = (m + pd.Timedelta(days=9 + i % 5)).date()
            typed = code
            if i < 40 and day < MIGRATION:
                typed = f"T-{code}"
            elif 40 <= i < 50:
                typed = code.lstrip("0")
            slip += 1
            rep = "田中" if i % 2 else "佐藤"
            out.append([day, typed, rep, 100 + i, 1, f"S{slip}"])
            if i % 7 == 0:  # a slip of two lines
                out.append([day, typed, rep, 50, 1, f"S{slip}"])
            if k % 5 == 0 and i % 11 == 0:  # pasted twice (no number: identical lines)
                out.append([day, typed, rep, 30 + i, 1, None])
                out.append([day, typed, rep, 30 + i, 1, None])
    out.append([date(2025, 3, 3), None, "田中", 500, 1, None])
    return out


def accounts(codes: list[str]) -> list[list[object]]:
    return [[c, f"顧客{c}", "田中", MIGRATION, None, None, None] for c in codes]


def main() -> None:
    folder = Path(sys.argv[1])
    folder.mkdir(parents=True, exist_ok=True)
    rows = orders()
    for name, master in (
        ("zeros_switch", accounts(CODES)),
        ("derived_switch", None),
        ("partial", accounts(CODES[:5])),
    ):
        sheets = {"Orders": rows} if master is None else {"Orders": rows, "Accounts": master}
        pasted_book(
            folder / f"{name}.xlsm", sheets, kgi=200_000, plan_year=2026, start_month=4, as_of=None
        )
        print(folder / f"{name}.xlsm")


if __name__ == "__main__":
    main()
