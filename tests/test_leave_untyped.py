"""A leave nobody typed (trial 50 H6): a colleague books a rep's whole round for weeks, the
rep books nothing, then he is back. Checks names the Leave row to type; nothing is moved
without it (core.untyped_leave). A small workbook written, recalculated and read back, and
the rule's thresholds on built order days; numbers by hand.

FY2026 (April – March) as of 2026-11-30. 佐藤 holds s00 … s11 (12 accounts), 伊藤 i0 … i4,
on the Accounts sheet. Every account orders ¥100 each Tuesday, 2025-01-07 … 2026-11-24, under
its holder, except 佐藤's in 2026-06-01 … 08-31: under 伊藤 (the ERP books the driver).
Tuesdays in it: 6/2 … 6/30 (5), 7/7 … 7/28 (4), 8/4 … 8/25 (4) = 13; 12 × 13 = 156 order
days, first 2026-06-02, last 2026-08-25 (85 days: 12 weeks).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from workbook_files import fold_checks

from routekpi.core.untyped_leave import (
    HOLDER_STRAY_SHARE,
    MIN_ACCOUNTS,
    MIN_DAYS,
    untyped_leaves,
)
from routekpi.messages import text
from routekpi.recalc import recalculate
from tests.workbook_files import pasted_book

T = pd.Timestamp
SATO = [f"s{i:02d}" for i in range(12)]
ITO = [f"i{i}" for i in range(5)]
HOLDER = {**dict.fromkeys(SATO, "佐藤"), **dict.fromkeys(ITO, "伊藤")}
AWAY = (T("2026-06-01"), T("2026-08-31"))
TUESDAYS = pd.date_range("2025-01-07", "2026-11-24", freq="7D")


def _booked(account: str, day: pd.Timestamp, away: tuple[pd.Timestamp, pd.Timestamp]) -> str:
    holder = HOLDER[account]
    return "伊藤" if holder == "佐藤" and away[0] <= day <= away[1] else holder


def _days(away: tuple[pd.Timestamp, pd.Timestamp] = AWAY) -> pd.DataFrame:
    """ACCOUNT_DAY_COLUMNS of the book above (the cover's stretch ``away``)."""
    rows = [(a, _booked(a, d, away), d) for d in TUESDAYS for a in HOLDER]
    return pd.DataFrame(rows, columns=["account", "rep", "date"])


def _book(path: Path, leave: bool) -> Path:
    orders = [[d.date(), a, _booked(a, d, AWAY), 100, 1, None] for d in TUESDAYS for a in HOLDER]
    accounts = [[a, a, r, date(2023, 1, 1), None, None, None] for a, r in HOLDER.items()]
    rows: dict[str, list[list[object]]] = {"Orders": orders, "Accounts": accounts}
    if leave:
        rows["Leave"] = [["佐藤", date(2026, 6, 1), date(2026, 8, 31), "休暇"]]
    return pasted_book(
        path, rows, kgi=100_000, plan_year=2026, start_month=4, as_of=date(2026, 11, 30)
    )


def _checks(path: Path) -> list[list[object]]:
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        rows = [list(r) for r in wb["Checks"].iter_rows(values_only=True)]
    finally:
        wb.close()
    return fold_checks(rows[1:])


def test_the_untyped_leave_is_a_warning_naming_the_row_to_type(tmp_path: Path) -> None:
    book = _book(tmp_path / "untyped.xlsm", leave=False)
    recalculate(book)
    said = [r for r in _checks(book) if "伊藤さんの名前で受注" in str(r[4])]
    want = text(
        "leave_untyped",
        holder="佐藤",
        cover="伊藤",
        first="2026-06-02",
        last="2026-08-25",
        weeks=12,
        accounts="12",
        orders="156",
        min_days=MIN_DAYS,
        min_accounts=MIN_ACCOUNTS,
    )
    assert [r[4] for r in said] == [want]
    assert said[0][0] == "Leave" and said[0][5] == "警告"
    assert "「佐藤 | 2026-06-02 | 2026-08-25 | 代行者 伊藤」" in want


def test_a_typed_leave_is_not_asked_for_again(tmp_path: Path) -> None:
    book = _book(tmp_path / "typed.xlsm", leave=True)
    recalculate(book)
    checks = _checks(book)
    assert not [r for r in checks if "伊藤さんの名前で受注" in str(r[4])]
    assert [
        r for r in checks if str(r[4]).startswith("佐藤さんの休暇・不在 2026-06-01〜2026-08-31")
    ]


def test_the_rule_reads_the_stretch_by_hand() -> None:
    found = untyped_leaves(_days(), HOLDER)
    assert [(f.holder, f.cover, f.first, f.last, f.accounts, f.orders, f.weeks) for f in found] == [
        ("佐藤", "伊藤", date(2026, 6, 2), date(2026, 8, 25), 12, 156, 12)
    ]


@pytest.mark.parametrize(
    ("away", "why"),
    [
        # A handover looks the same at its start: the holder never comes back.
        ((T("2026-06-01"), T("2026-12-31")), "no return"),
        # Three Tuesdays (6/2 … 6/16: 15 days) are under MIN_DAYS: the Daily's business.
        ((T("2026-06-01"), T("2026-06-20")), "short"),
    ],
)
def test_a_handover_or_a_short_cover_is_not_a_leave(
    away: tuple[pd.Timestamp, pd.Timestamp], why: str
) -> None:
    assert untyped_leaves(_days(away), HOLDER) == [], why


def test_each_threshold_is_kept() -> None:
    days = _days()
    # Fewer than MIN_ACCOUNTS accounts: 伊藤 booked only 9 of 佐藤's 12 (the other 3 ordered
    # nothing in the summer).
    few = days[~(days["account"].isin(SATO[9:]) & (days["rep"] == "伊藤"))]
    assert untyped_leaves(few, HOLDER) == []
    # The holder's own order days inside over HOLDER_STRAY_SHARE of the cover's 156 (7.8):
    # 8 on i0 … i4 and a new account: at work, not away; 7 are office key-ins.
    inside = [(a, "佐藤", T("2026-07-07")) for a in [*ITO, "new1", "new2", "new3"]]
    assert int(HOLDER_STRAY_SHARE * 156) == 7
    busy = pd.concat([days, pd.DataFrame(inside, columns=days.columns)])
    assert untyped_leaves(busy, HOLDER) == []
    stray = pd.concat([days, pd.DataFrame(inside[:7], columns=days.columns)])
    assert len(untyped_leaves(stray, HOLDER)) == 1
    # The cover's own business with the accounts before it (every 4th Tuesday of 2025 on
    # all 12: 13 × 12 = 156 order days, more than OUTSIDE_SHARE of the 156 inside).
    before = [(a, "伊藤", d) for d in TUESDAYS[:52:4] for a in SATO]
    own = pd.concat([days, pd.DataFrame(before, columns=days.columns)])
    assert untyped_leaves(own, HOLDER) == []
    # A Leave row of the holder's that touches the stretch: said there already.
    assert untyped_leaves(days, HOLDER, [("佐藤", date(2026, 8, 1), date(2026, 9, 30))]) == []
