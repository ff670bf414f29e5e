"""Trial 22 (finding 5): the unit-price flag is judged on the accounts still held.

高田's 「取引単価が低下しています(… 前年同期比 −29.2%)」 with 「値引き・小口化の理由を確認」 was
the ベルマート chain's big slips leaving (a burst routekpi names as one-off elsewhere). The
year-on-year change now leaves out the accounts that ended since the year-ago months began,
when that reads the milder change (lost accounts may explain a drop, never make one).

A book written with openpyxl: 田中 holds t1 and t2 (one order a month each, ¥10,000, then
``recent`` from September 2026) and the big account B (¥1,000,000 a month until it ends on
2025-10-31); 佐藤 holds s1 and s2 (¥5,000 a month). FY2027 planned on 2026-11-30 (orders to
2026-11-10, so October is the last complete month): the flag compares August – October 2026
with August – October 2025.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from routekpi.recalc import recalculate
from tests.test_departed import _rows
from tests.workbook_files import pasted_book

REP = {"t1": "田中", "t2": "田中", "B": "田中", "s1": "佐藤", "s2": "佐藤"}
BIG_END = date(2025, 10, 31)
AS_OF = date(2026, 11, 30)


def write_book(path: Path, recent: int, big: int = 1_000_000) -> Path:
    orders: list[list[object]] = []
    visits: list[list[object]] = []
    for m in pd.date_range("2024-04-01", "2026-11-01", freq="MS"):
        day = (m + pd.Timedelta(days=9)).date()
        for account, rep in REP.items():
            if account == "B" and day > BIG_END:
                continue
            if account == "B":
                amount = big
            elif rep == "佐藤":
                amount = 5_000
            else:
                amount = recent if day >= date(2026, 9, 1) else 10_000
            orders.append([day, account, rep, amount, 1])
            visits.append([(m + pd.Timedelta(days=11)).date(), rep, account, "訪問"])
    accounts = [[a, a, r, date(2024, 1, 1), BIG_END if a == "B" else None] for a, r in REP.items()]
    rows = {"Orders": orders, "Visits": visits, "Accounts": accounts}
    pasted_book(path, rows, kgi=1_000_000, plan_year=2027, start_month=4, as_of=AS_OF)
    recalculate(path)
    return path


def _price_flags(path: Path) -> list[str]:
    """The unit-price flags' messages of 田中 (its wrapped lines joined)."""
    out: list[str] = []
    for r in _rows(path, "Flags"):
        if r[1] == "unit_price_declining" and r[3] == "田中":
            out.append(str(r[6]))
        elif out and r[1] in (None, "") and r[6]:
            out[-1] += str(r[6])
    return out


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("unit_price_held")


def test_a_lost_big_account_is_no_price_drop(folder: Path) -> None:
    """Same ¥10,000 slips on t1 and t2 a year apart: no flag. As booked, the year-ago months
    held B's ¥1,000,000 in August – October 2025: (3 × 1,000,000 + 6 × 10,000) ÷ 9 orders =
    ¥340,000 against ¥10,000 now, −97.1%, which raised it before."""
    book = write_book(folder / "same.xlsm", recent=10_000)
    assert _price_flags(book) == []


def test_a_drop_on_the_accounts_held_names_the_lost_one(folder: Path) -> None:
    """t1 and t2 at ¥9,000 from September 2026: August – October 2026 is (2 × 10,000 +
    4 × 9,000) ÷ 6 = ¥9,333.33 against ¥10,000 on the accounts held, −6.7%; with B,
    ¥9,333.33 against ¥340,000 = −97.3%."""
    book = write_book(folder / "lower.xlsm", recent=9_000)
    (message,) = _price_flags(book)
    assert message.replace(" ", "") == (
        "取引単価が低下しています(直近3か月¥9,333、前年同期比-6.7%)。前年同期比は、"
        "その後取引が終了した顧客(B)の分を除き、今も取引のある顧客で比べています"
        "(除かない場合-97.3%)"
    )


def test_a_lost_cheap_account_makes_no_drop(folder: Path) -> None:
    """B at ¥100 a slip: as booked August – October 2025 is (3 × 100 + 6 × 10,000) ÷ 9 =
    ¥6,700 against ¥10,000 now (+49%); on t1 and t2 alone ¥10,000 against ¥10,000. Neither
    is a drop: no flag. With t1 and t2 at ¥9,000 from September 2026 the booked change is
    ¥9,333.33 ÷ ¥6,700 = +39.3% and the held one −6.7%: the lost account does not turn a
    rise on the book into a flagged drop."""
    assert _price_flags(write_book(folder / "cheap.xlsm", recent=10_000, big=100)) == []
    assert _price_flags(write_book(folder / "cheap_lower.xlsm", recent=9_000, big=100)) == []
