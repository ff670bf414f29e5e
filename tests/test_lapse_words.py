"""A lapse-ended account's lost_account line gives no day count under a week (left53b).

A closed status or a master without end dates ends an account the day after its last sale
(core.lapse), so the line read 「最終受注 2026-09-28 から1日受注がなく、2026-09-29で取引終了とみなし
ました」 (fix53e). From ``render.LAPSE_COUNT_DAYS`` (7) days the count stays: the 180-day rule's
「から180日受注がなく」 says how long the account was silent. A typed end keeps its own words.
The written book of the 1-day case is test_lost_account_last_sale's; here the words alone.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from routekpi.render import LAPSE_COUNT_DAYS, flag_message


def _flag(days: int, *, derived: bool = True, ahead: bool = False) -> dict[str, object]:
    last = date(2026, 9, 28)
    params = {
        "name": "水1",
        "end": (last + timedelta(days=days)).isoformat(),
        "last_order": last.isoformat(),
        "days": days,
        "derived": derived,
        "ahead": ahead,
        "year": "FY2025",
        "this_year": "FY2026",
        "revenue": 120_000.0,
        "share": 0.2,
        "monthly": 10_000.0,
        "rest": 60_000.0,
        "months": 6,
    }
    return {"code": "lost_account", "kpi": "revenue", "account": "W1", "params": params}


@pytest.mark.parametrize("ahead", [False, True])
def test_the_day_after_says_since_and_a_week_says_its_days(ahead: bool) -> None:
    assert LAPSE_COUNT_DAYS == 7
    one, _ = flag_message(_flag(1, ahead=ahead), "ja")
    assert one.startswith(
        "水1: 最終受注 2026-09-28 以降受注がなく、2026-09-29で取引終了とみなしました。"
    )
    six, _ = flag_message(_flag(6, ahead=ahead), "ja")
    assert "以降受注がなく、2026-10-04で取引終了" in six and "日受注がなく" not in six
    week, _ = flag_message(_flag(7, ahead=ahead), "ja")
    assert week.startswith("水1: 最終受注 2026-09-28 から7日受注がなく、2026-10-05で取引終了")
    rule, _ = flag_message(_flag(180, ahead=ahead), "ja")
    assert "から180日受注がなく、2027-03-27で取引終了とみなしました" in rule
    en, _ = flag_message(_flag(1, ahead=ahead), "en")
    assert en.startswith("水1: no order since 2026-09-28, counted as ended on 2026-09-29.")
    assert "for 1 days" not in en
    # The rest of the line is the same sentence as before (the year's hole).
    tail = "残りでは月あたり約 ¥10,000" if ahead else "目標のうち月あたり約 ¥10,000"
    assert tail in one and "¥60,000" in one


def test_a_typed_end_keeps_its_words() -> None:
    typed, _ = flag_message(_flag(1, derived=False), "ja")
    assert typed.startswith("水1: 取引終了 2026-09-29(最終受注 2026-09-28)。")
