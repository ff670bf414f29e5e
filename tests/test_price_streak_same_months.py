"""A unit-price streak is judged against the same months in the years before (core.flags
SAME_MONTHS_YEARS; trial 50 M8: the team's ¥/order Aug → Nov against the usual months moved
+2.0%, −5.5%, −1.0% in the three years before and −3.2% this year, and the Flags said
「直近3か月…続けて前の月を下回っています」 for the team and three reps while ¥/order rose Sep →
Nov; the reps' books, heavier in business customers than the team's pattern, fall against
it in those months every year).

History 2022-04 – 2025-11, as of 2025-11-30, planning FY2026 (April start). Three reps with
10 accounts each, one order a month per account:
- Sato: ¥1,000 a month but Sep ¥970, Oct ¥950, Nov ¥930 every year (his own autumn); in 2025
  Nov ¥935.
- Ito: ¥1,000 every month until Aug 2025, then ¥985, ¥970, ¥940 (a new fall).
- Kato: ¥1,000 every month.
The team's usual levels (FY2022 – FY2024, the three alike; team ¥/order Sep 990, Oct 983.33,
Nov 976.67, else 1,000; year 995.83): Aug 1.00418, Sep 0.99414, Oct 0.98745, Nov 0.98075.
Sato 2025 against them: Aug 995.83, Sep 975.71, Oct 962.08, Nov 953.35: three falls, −4.4%
in all (ln 995.83/953.35 = 0.0436), his price otherwise flat (noise 0), the year on year
+0.2%: a streak before. The same months fell ln(995.83/948.25) = 0.0490 in each year
before: his season, no flag now.
Ito 2025: Aug 995.83, Sep 990.80, Oct 982.33, Nov 958.45: −3.8% (ln 1.0390 = 0.0383); year
on year (985+970+940)/3 = ¥965 against ¥1,000, −3.5% (not the 5% of a yearly decline). The
same months before rose against the usual levels (1,000 ÷ 0.98075 = 1,019.6 in November:
a fall of −ln(995.83/1,019.6), i.e. +2.4% in each year): beyond them, flagged, and said so.
The team: Aug 995.83 → Nov (935+940+1,000)/3 ÷ 0.98075 = 977.14, −1.9%: under 3%, no flag.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd

from routekpi.recalc import recalculate
from tests.workbook_files import pasted_book

MONTHS = pd.period_range("2022-04", "2025-11", freq="M")
SATO = {9: 970.0, 10: 950.0, 11: 930.0}


def _price(rep: str, month: pd.Period) -> float:
    if rep == "Sato":
        if str(month) == "2025-11":
            return 935.0
        return SATO.get(month.month, 1000.0)
    if rep == "Ito":
        return {"2025-09": 985.0, "2025-10": 970.0, "2025-11": 940.0}.get(str(month), 1000.0)
    return 1000.0


def _book(path: Path) -> Path:
    orders: list[list[object]] = []
    visits: list[list[object]] = []
    accounts = [(f"{r[0].lower()}{i}", r) for r in ("Sato", "Ito", "Kato") for i in range(10)]
    for m in MONTHS:
        for i, (account, rep) in enumerate(accounts):
            # Spread over the month, the last on its last day (so November is complete).
            day = m.end_time if i % 10 == 9 else m.start_time + pd.Timedelta(days=2 * (i % 10))
            day = day.date()
            orders.append([day, account, rep, _price(rep, m), 1, None])
            visits.append([day, rep, account, "訪問", None])
    rows = {
        "Orders": orders,
        "Visits": visits,
        "Accounts": [[a, a, r, date(2020, 1, 1), None, None, None] for a, r in accounts],
    }
    return pasted_book(
        path, rows, kgi=400_000, plan_year=2026, start_month=4, as_of=date(2025, 11, 30)
    )


def test_a_fall_the_same_months_showed_before_is_no_streak(tmp_path: Path) -> None:
    book = _book(tmp_path / "book.xlsm")
    recalculate(book)
    rows = list(openpyxl.load_workbook(book, data_only=True)["Flags"].iter_rows(values_only=True))
    price = {r[3]: r for r in rows[1:] if r[1] == "unit_price_declining"}
    assert "Sato" not in price  # −4.4%, where the same months fell −4.9% each year before
    assert "Kato" not in price and "ALL" not in price
    ito = price["Ito"]
    assert ito[0] == "警告"  # a streak, the year on year short of a decline
    said = " ".join(str(ito[6]).split())
    assert "いつもの月の動きを除いても3か月連続で低下" in said, said
    earlier = "この3か月の下げ(-3.8%)は、前の3年の同じ月の動き(もっとも下がった年で +2.4%)"
    assert earlier in said, said
