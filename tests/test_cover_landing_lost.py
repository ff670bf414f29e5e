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
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd

from routekpi.recalc import recalculate
from routekpi.share.job import share
from tests.test_transfer import TEMPLATE, _paste

AS_OF = date(2026, 11, 12)
ACCOUNTS = ("a1", "a2", "a3", "b1")
ENDS = {"a3": date(2026, 8, 31)}
REPS = {"a": "Sato", "b": "Ito"}


def _amount(account: str, month: pd.Timestamp) -> float:
    if account == "a3":
        return 5000.0 if month < pd.Timestamp("2026-09-01") else 0.0
    return 3000.0 if account == "b1" else 1000.0


def _book(path: Path) -> Path:
    shutil.copyfile(TEMPLATE, path)
    wb = openpyxl.load_workbook(path, keep_vba=True)
    orders: list[list[object]] = []
    visits: list[list[object]] = []
    for m in pd.date_range("2025-01-01", "2026-11-01", freq="MS"):
        for account in ACCOUNTS:
            rep = REPS[account[0]]
            if _amount(account, m):
                day = (m + pd.Timedelta(days=9)).date()
                orders.append([day, account, rep, _amount(account, m), 1, None])
            visits.append([(m + pd.Timedelta(days=11)).date(), rep, account, "訪問", None])
    _paste(wb, "Orders", orders)
    _paste(wb, "Visits", visits)
    _paste(
        wb,
        "Accounts",
        [[a, a, REPS[a[0]], date(2024, 1, 1), ENDS.get(a), None, None] for a in ACCOUNTS],
    )
    ws = wb["Settings"]
    ws["B4"], ws["B5"], ws["B6"], ws["B7"], ws["B8"] = 100_000, 2027, 4, AS_OF, "ja"
    ws["B7"].number_format = "yyyy/m/d"
    wb.save(path)
    return path


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
