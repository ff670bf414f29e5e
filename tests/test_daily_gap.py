"""A Daily list that starts after working days the data do not reach counts the route as run
on them (core.daily.on_rhythm; trial 34 L6: January lists printed from data that end on
12/4 opened with every machine 「訪問間隔超過 24–33日」, and 小川's return on 1/25 with 46).

The company calendar here is the default one (weekends and national holidays: 2026-11-23
勤労感謝の日, 2027-01-01 元日, 2027-01-11 成人の日); the data end on Fri 2026-11-27.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from routekpi.core.calendar import BusinessCalendar
from routekpi.core.daily import on_rhythm
from routekpi.core.flags import Workdays
from tests.test_daily_cover_orders import AS_OF, LEAVE, _list, write_book

CONTACT = date(2026, 11, 27)
T = pd.Timestamp


def _status() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "rep": ["R"] * 6,
            # FRI: every Friday, last 11-27. LATE: a Monday machine last seen Mon 11-16, due
            # 11-23 (a holiday: 11-24), past due on the contact day. BI: every other Wednesday,
            # last 11-25. LOST: at risk, not seen for months. NEW: no rhythm. MON: every
            # Monday, last 11-24 (Tue, the holiday's catch-up).
            "last_visit": [
                *(T("2026-11-27"), T("2026-11-16"), T("2026-11-25"), T("2026-06-05")),
                *(T("2026-11-20"), T("2026-11-24")),
            ],
            "usual": [7.0, 7.0, 14.0, 7.0, np.nan, 7.0],
            "neglected": [False, False, False, True, False, False],
        },
        index=pd.Index(["FRI", "LATE", "BI", "LOST", "NEW", "MON"], name="account"),
    )


def _clock() -> Workdays:
    return Workdays(BusinessCalendar(), date(2025, 1, 1), date(2027, 12, 31))


def test_the_route_days_in_between_by_hand() -> None:
    out, moved = on_rhythm(_status(), CONTACT, date(2027, 1, 4), _clock())
    last = out["last_visit"].dt.date.to_dict()
    # FRI: 12-04, 12-11, 12-18, 12-25; 01-01 is 元日 → Mon 01-04, the list's day: last 12-25.
    assert last["FRI"] == date(2026, 12, 25)
    # LATE: past due on 11-27, so seen on the first working day after it (Mon 11-30), then
    # every 7 days: 12-07, 12-14, 12-21, 12-28 (01-04 is the list's day).
    assert last["LATE"] == date(2026, 12, 28)
    # BI: 12-09, 12-23 (01-06 is after the list's first day).
    assert last["BI"] == date(2026, 12, 23)
    # MON: 12-01, 12-08, 12-15, 12-22, 12-29 (its route day stays Tuesday).
    assert last["MON"] == date(2026, 12, 29)
    # LOST (at risk) and NEW (no rhythm) keep what the data say.
    assert last["LOST"] == date(2026, 6, 5) and last["NEW"] == date(2026, 11, 20)
    assert sorted(moved) == ["BI", "FRI", "LATE", "MON"]


def test_a_route_day_moved_by_a_holiday_does_not_move_the_route() -> None:
    # To Mon 01-25: FRI's 01-01 is seen on Mon 01-04, then 01-08, 01-15, 01-22 — still a
    # Friday machine (counted from the route day, not from the Monday it was moved to).
    out, _ = on_rhythm(_status(), CONTACT, date(2027, 1, 25), _clock())
    assert out.at["FRI", "last_visit"].date() == date(2027, 1, 22)
    # LATE's Mondays: 01-11 is 成人の日 → Tue 01-12, then Mon 01-18 (01-25 is the list's).
    assert out.at["LATE", "last_visit"].date() == date(2027, 1, 18)


def test_no_days_in_between_changes_nothing() -> None:
    status = _status()
    out, moved = on_rhythm(status, CONTACT, date(2026, 11, 30), _clock())
    assert not len(moved)
    pd.testing.assert_frame_equal(out, status)


def test_the_list_read_back_is_the_route_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # tests/test_daily_cover_orders.py's orders-only book (every account every Friday, o3
    # every Wednesday, to Fri 2026-11-27). 佐藤 works Fridays only (his last 12 months), one
    # visit a day; an orders-only book, so the rhythm is the order days' (review 34). s1,
    # seen on its Fridays through 12-25, is a Friday route account (core.route_days, weekday39):
    # its 01-01 (元日) the data do not reach, so it is due on his Friday 01-08 — not 24 days
    # late (its last order 11-27). With one visit a day, o3 (小川's Wednesday account, on the
    # interval rule: 佐藤 works no Wednesday; 1 day late) goes first, s1 is not scheduled.
    book = write_book(tmp_path / "book.xlsm", [LEAVE])
    lines = _list(book, "佐藤", capsys)
    assert AS_OF == CONTACT
    assert "2026/11/30(月)〜2026/12/31(木) は実績がないため、注文間隔の分かる顧客 4件は" in lines[0]
    (s1,) = [x.split("\t") for x in lines if "\ts1\t" in x]
    assert s1[1] == "2027-01-08" and s1[7] == "2026-12-25"
    assert "期限 2027-01-08" in s1[6] and "超過" not in s1[6]
