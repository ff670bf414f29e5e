"""A new account's first week of visits is no rhythm (trial 29 L3: K0308, four visits in the
week it started, listed 「通常 1日ごと」 with a deadline the next day). A usual interval needs
MIN_VISITS_FOR_INTERVAL visits covering at least MIN_INTERVAL_SPAN_DAYS at that interval
(core.flags.has_rhythm: (visits − 1) × their median gap); without one the account takes its
rep's usual interval.

The book (FY from April, planning FY2027, as of 2026-11-30): Ito's i1 – i3 are visited every
14 days from 2025-06-02 and order ¥1,000 a month; k1 starts on 2026-11-19 and is visited on
the 19th, 20th, 24th and 26th (gaps 1, 4, 2 days: a median of 2, covering 3 × 2 = 6 days
< 10). By hand, k1's usual interval is Ito's: the median of i1 – i3's, 14 days (before: 2).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd

from routekpi.core.flags import MIN_INTERVAL_SPAN_DAYS
from routekpi.recalc import recalculate
from tests.workbook_files import pasted_book

REP = "Ito"
AS_OF = date(2026, 11, 30)
ONBOARDING = [date(2026, 11, d) for d in (19, 20, 24, 26)]


def _book(path: Path) -> Path:
    orders: list[list[object]] = []
    visits: list[list[object]] = []
    for k, account in enumerate(("i1", "i2", "i3")):
        for day in pd.date_range(
            pd.Timestamp("2025-06-02") + pd.Timedelta(days=k), AS_OF, freq="14D"
        ):
            visits.append([day.date(), REP, account, "訪問", None])
        for m in pd.date_range("2025-06-01", "2026-11-01", freq="MS"):
            orders.append([(m + pd.Timedelta(days=4 + k)).date(), account, REP, 1000, 1, None])
    visits += [[day, REP, "k1", "訪問", None] for day in ONBOARDING]
    accounts = [[a, a, REP, date(2025, 1, 1), None, None, None] for a in ("i1", "i2", "i3")]
    accounts.append(["k1", "k1", REP, ONBOARDING[0], None, None, None])
    rows = {"Orders": orders, "Visits": visits, "Accounts": accounts}
    return pasted_book(path, rows, kgi=40_000, plan_year=2027, start_month=4, as_of=AS_OF)


def test_a_first_week_of_visits_is_no_usual_interval(tmp_path: Path) -> None:
    assert (len(ONBOARDING) - 1) * 2 < MIN_INTERVAL_SPAN_DAYS
    book = _book(tmp_path / "book.xlsm")
    report = recalculate(book)
    status = report.result.account_status
    assert status is not None and pd.isna(status.at["k1", "usual"])
    assert status.at["i1", "usual"] == 14
    rows = list(openpyxl.load_workbook(book, data_only=True)["Daily"].iter_rows(values_only=True))
    head = next(i for i, r in enumerate(rows) if r[0] == "担当者")
    cols = [str(c) for c in rows[head]]
    account, interval = cols.index("顧客"), cols.index("通常間隔(日)")
    k1 = [r for r in rows[head + 1 :] if r[account] == "k1"]
    assert k1, "k1 is on the list (its rep's interval has passed since the 26th)"
    assert {r[interval] for r in k1} == {14}
