"""A rep's shared cover prints the running year's landing as actual + the rest of the year,
and the two must add up to the landing it stands beside, the Plan's (trial 29 H2: 伊藤
¥7,615,531 + ¥4,500,200 beside ¥12,881,944; the cover read the rest without the lost and the
won accounts the Plan reads it with).

FY from April, planning FY2027 on 2026-11-12 (FY2026 running, October the last complete month).
Sato's a1, a2 buy ¥1,000 each every month; a3 ¥5,000 a month until it is lost at the end of
August 2026 (a large lost account: the rest of the year comes from the book he holds now).
Ito's b1 buys ¥3,000 every month. Flat months, no trend.

By hand, FY2026 (April – October actual, November – March expected, 5 months):
- Sato: actual 7 × 2,000 + 5 × 5,000 (April – August) = 39,000;
- Ito: actual 7 × 3,000 = 21,000.
- Both rests run on the same flat season and the same team trend, so Sato's (¥2,000 a month,
  a3 adds nothing) is Ito's (¥3,000 a month) × 2/3, to the yen's rounding. Read with a3 in
  his run rate (the bug), Sato's rest was ¥24,651, three times Ito's ¥11,992.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pandas as pd

from routekpi.recalc import recalculate
from routekpi.share.job import share
from tests.test_cover_landing import REPS
from tests.test_cover_landing import _book as landing_book


def _amount(account: str, month: pd.Timestamp) -> float:
    if account == "a3":
        return 5000.0 if month < pd.Timestamp("2026-09-01") else 0.0
    return 3000.0 if account == "b1" else 1000.0


def _book(path: Path) -> Path:
    return landing_book(path, _amount, kgi=100_000, plan_year=2027)


def _yen(text: str) -> list[int]:
    import re

    return [int(x.replace(",", "")) for x in re.findall(r"¥([\d,]+)", text)]


def test_the_cover_landing_adds_up_and_agrees_with_the_plan(tmp_path: Path) -> None:
    book = _book(tmp_path / "book.xlsm")
    report = share(book, tmp_path / "out", per_rep=True)
    copy = tmp_path / "recalc.xlsm"
    shutil.copyfile(book, copy)
    recalculate(copy)
    plan_wb = openpyxl.load_workbook(copy, data_only=True)
    rows = list(plan_wb["Plan"].iter_rows(values_only=True))
    head = next(i for i, r in enumerate(rows) if str(r[0]).endswith("担当者別の着地見込み"))
    plan = {r[0]: r for r in rows[head + 1 : head + 6] if r[0] in REPS.values()}
    hand = {"Sato": 39_000, "Ito": 21_000}
    rests = {}
    for f in report.files:
        if f.rep is None:
            continue
        cover = list(openpyxl.load_workbook(f.path)["表紙"].iter_rows(values_only=True))
        at = next(i for i, r in enumerate(cover) if str(r[0]).endswith("担当者別の着地見込み"))
        value, note = cover[at][1], str(cover[at + 1][1])
        actual, rest = _yen(note)
        assert actual == hand[f.rep], (f.rep, note)
        assert value == actual + rest, (f.rep, note)  # the line adds up
        assert round(plan[f.rep][1]) == value  # and is the Plan's landing
        assert _yen(str(plan[f.rep][2]))[:2] == [actual, rest]  # the Plan's own split
        rests[f.rep] = rest
    assert set(rests) == {"Sato", "Ito"}
    assert rests["Ito"] > 0 and abs(rests["Sato"] - rests["Ito"] * 2 / 3) <= 1
