"""A rep's cover explains a year-end forecast that points the other way from his year to date
(trial 19: 105.5% so far, a landing at 82.4%): the rest of his year is his share of the
team's expected rest by what his accounts bought in those months a year earlier, not his pace.

FY from April, FY2026 tracked on 2026-11-12, history from January 2025 (one full fiscal year:
no rep's own season). Sato's a1, a2 buy ¥1,000 each every month, a3 ¥5,000 until it is lost
at the end of August 2026 (a lost account: the forecasts follow the books held now); Ito's b1
¥3,000 in April – October only (a summer line), nothing November – March. The targets follow
the team's season, so Ito is ahead of his target so far (his whole year is sold by October);
a year earlier his account bought nothing in November – March, so he gets none of the team's
expected rest and lands on his ¥21,000, short of his target (KGI ¥115,500 = FY2025 × 1.1).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd

from routekpi.recalc import recalculate
from routekpi.share.job import share
from tests.workbook_files import pasted_book

AS_OF = date(2026, 11, 12)
ACCOUNTS = ("a1", "a2", "a3", "b1")
ENDS = {"a3": date(2026, 8, 31)}
REPS = {"a": "Sato", "b": "Ito"}


def _amount(account: str, month: pd.Timestamp) -> float:
    if account == "a3":  # A's large customer, lost at the end of August 2026
        return 5000.0 if month < pd.Timestamp("2026-09-01") else 0.0
    if account == "b1":
        return 3000.0 if 4 <= month.month <= 10 else 0.0
    return 1000.0


def _book(
    path: Path,
    amount: Callable[[str, pd.Timestamp], float] = _amount,
    kgi: float = 105_000 * 1.1,
    plan_year: int = 2026,
) -> Path:
    """The template with a1 – a3 (Sato) and b1 (Ito) buying ``amount`` a month from January
    2025 to November 2026 (visited each month), a3 ending in August 2026; FY from April."""
    orders: list[list[object]] = []
    visits: list[list[object]] = []
    for m in pd.date_range("2025-01-01", "2026-11-01", freq="MS"):
        for account in ACCOUNTS:
            rep = REPS[account[0]]
            if amount(account, m):
                day = (m + pd.Timedelta(days=9)).date()
                orders.append([day, account, rep, amount(account, m), 1, None])
            visits.append([(m + pd.Timedelta(days=11)).date(), rep, account, "訪問", None])
    accounts = [[a, a, REPS[a[0]], date(2024, 1, 1), ENDS.get(a), None, None] for a in ACCOUNTS]
    rows = {"Orders": orders, "Visits": visits, "Accounts": accounts}
    return pasted_book(path, rows, kgi=kgi, plan_year=plan_year, start_month=4, as_of=AS_OF)


def test_a_rep_ahead_so_far_and_short_at_the_year_end_is_told_why(tmp_path: Path) -> None:
    book = _book(tmp_path / "book.xlsm")
    copy = tmp_path / "recalc.xlsm"
    copy.write_bytes(book.read_bytes())
    att = recalculate(copy).result.attainment
    fy = att[(att["period"] == "FY2026") & (att["kpi"] == "revenue")].set_index("rep")
    assert fy.at["Ito", "actual"] == 7 * 3000  # April – October 2026
    assert fy.at["Ito", "attainment"] > 1  # ahead of the team-season target so far
    assert fy.at["Ito", "forecast"] == fy.at["Ito", "actual"]  # none of the team's rest
    assert fy.at["Ito", "forecast"] < fy.at["Ito", "target"]
    assert fy.at["Sato", "attainment"] < 1 and fy.at["Sato", "forecast"] < fy.at["Sato", "target"]

    report = share(book, tmp_path / "out", per_rep=True)
    covers = {
        f.rep: list(openpyxl.load_workbook(f.path)["表紙"].iter_rows(values_only=True))
        for f in report.files
        if f.rep is not None
    }
    for rep, cover in covers.items():
        at = next(i for i, r in enumerate(cover) if r[0] == "着地見込み")
        below = "".join(str(r[1]) for r in cover[at + 1 :] if not r[0] and r[1])
        said = "期初来のペースではなく" in below
        assert said == (rep == "Ito"), rep
    b = covers["Ito"]
    at = next(i for i, r in enumerate(b) if r[0] == "着地見込み")
    assert str(b[at + 1][1]).startswith(
        "期初来は目標を上回っていますが、着地見込みは年間目標に届きません"
    )
