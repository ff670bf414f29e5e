"""The Daily day line's pace when a target has nothing left (trial 27 L5: 「受注 0.0・売上 ¥0」
read as "nothing needed" for a rep ahead of her year)."""

from __future__ import annotations

from datetime import date

from routekpi.render_daily import _day_text

DAY = {"date": date(2026, 12, 7), "visits": 3, "capacity": 5, "distance": None}


def test_a_pace_with_nothing_left_says_so() -> None:
    ahead = {**DAY, "pace_visits": 2.26, "pace_orders": 0.0, "pace_revenue": 0.0}
    assert _day_text(ahead, "ja") == (
        "訪問 3件/上限 5件|必要ペース/日: 訪問 2.3・受注 残りなし・売上 残りなし"
    )
    assert _day_text(ahead, "en") == (
        "3 visits / capacity 5 | pace needed per day: visits 2.3, orders none left, "
        "revenue none left"
    )
    # A small pace still shows its number (0.04 rounds to 0.0 but is not nothing).
    behind = {**DAY, "pace_visits": 1.2, "pace_orders": 0.04, "pace_revenue": 114_862.0}
    assert _day_text(behind, "ja") == (
        "訪問 3件/上限 5件|必要ペース/日: 訪問 1.2・受注 0.0・売上 ¥114,862"
    )
