"""A handed account that has since closed is no part of the book a rep took over
(``baselines.took_over_book`` reads the handed accounts still held at the baseline's last
month; review50).

Book: FY = calendar year, plan year 2027, as of 2026-11-30 (baseline 2025-12 … 2026-11). One
order a month on the 10th, one visit on the 12th. 田中 sells t1 … t4 (¥100 each a month) from
2024-01 and leaves after December 2025; 松本 serves them from 2026-01-10. t3 and t4 close on
2026-03-31 (the Accounts sheet's 取引終了日; no order after March). 松本 wins n1 on 2026-02-01
(¥100 a month). 佐藤 sells s1, s2, s3 throughout.

At 2026-11 松本 holds t1, t2, n1: 2 of his 3 accounts were handed to him (under 3/4 × 3 =
2.25), so he is still building his book; counting the 4 handed (t3 and t4 closed) read
4 ≥ 2.25 and took him for a hire on a leaver's established book. The Plan's handover line
still counts the 4 handed (``Evidence.handed_in``). Without the closures he holds t1 … t4 and
n1: 4 of 5 handed (≥ 3.75), a book taken over.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from routekpi.pipeline import compute_file
from tests.workbook_files import pasted_book

END = pd.Timestamp("2026-11-30")
HIRE = pd.Timestamp("2026-01-01")
CLOSED = pd.Timestamp("2026-03-31")
WON = pd.Timestamp("2026-02-01")


def _write(path: Path, close: bool) -> Path:
    orders: list[list[object]] = []
    visits: list[list[object]] = []
    for m in pd.date_range("2024-01-01", "2026-11-01", freq="MS"):
        for account in ("t1", "t2", "t3", "t4", "s1", "s2", "s3", "n1"):
            if account.startswith("n") and m < WON:
                continue
            if close and account in ("t3", "t4") and m > CLOSED:
                continue
            rep = "佐藤" if account.startswith("s") else "松本"
            if account.startswith("t") and m < HIRE:
                rep = "田中"
            orders.append([(m + pd.Timedelta(days=9)).date(), account, rep, 100, 1])
            visits.append([(m + pd.Timedelta(days=11)).date(), rep, account, "訪問"])
    accounts: list[list[object]] = []
    for account in ("t1", "t2", "t3", "t4", "s1", "s2", "s3", "n1"):
        rep = "佐藤" if account.startswith("s") else "松本"
        start = WON.date().isoformat() if account.startswith("n") else "2020-01-01"
        end = CLOSED.date().isoformat() if close and account in ("t3", "t4") else None
        accounts.append([account, account, rep, start, end])
    rows = {"Orders": orders, "Visits": visits, "Accounts": accounts}
    return pasted_book(
        path, rows, kgi=12_000, plan_year=2027, start_month=1, as_of=END.date(), language="en"
    )


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[bool, object]:
    out = {}
    for close in (True, False):
        path = tmp_path_factory.mktemp(f"closed{close}") / "book.xlsm"
        (result, _, _, _), _ = compute_file(_write(path, close))
        out[close] = result.evidence  # type: ignore[attr-defined]
    return out


def test_a_closed_handed_account_is_not_counted_as_taken_over(books: dict[bool, object]) -> None:
    ev = books[True]
    assert ev.handed_in == {"松本": 4}  # the Plan's count of what was handed
    assert ev.building == ("松本",)  # 2 of the 3 he holds were handed: still building


def test_all_handed_accounts_still_held_is_a_book_taken_over(books: dict[bool, object]) -> None:
    ev = books[False]
    assert ev.handed_in == {"松本": 4}
    assert ev.building == ()  # 4 of the 5 he holds were handed: a book taken over
