"""The important-account overdue flag says the leave it left out (fix44, rev44 item 1).

The flag's 「N日超過」 leaves the rep's leave days out (small44) while the Daily's
訪問間隔超過 for the same account counts them (Sato's C0244: 38 on the Daily, 12 on the
flag): the flag now says the leave was left out, each named account with its days.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from routekpi.core.flags import overdue_pile_flags
from routekpi.render import flag_message
from tests.test_small44_overdue_leave import FIRST, _stops

# Yamamoto away 11-25 … 11-26: after every deadline (the latest, A4's, is 11-14).
TWO_DAYS = (("Yamamoto", date(2026, 11, 25), date(2026, 11, 26)),)


def test_the_flag_says_the_leave_days_left_out() -> None:
    [flag] = overdue_pile_flags(_stops(), FIRST, TWO_DAYS)
    p = flag["params"]
    # 20, 25, 30, 16 days late less 2 of leave: 18, 23, 28, 14; named most days first.
    assert (p["count"], p["low"], p["high"], p["leave"]) == (4, 14, 28, 2)
    assert [(t["days"], t["leave"]) for t in p["top"]] == [(28, 2), (23, 2)]
    msg, _ = flag_message(pd.Series(flag), "ja")
    assert msg == (
        "Yamamotoさんの重要顧客 4 件が訪問間隔を 14〜28日超過しています(休暇中の日数を除く。"
        "前回訪問から通常の間隔の3倍以上、影響額 計 ¥400,000): A3商事 28日超過(休暇 2日を除く)、"
        "A2商事 23日超過(休暇 2日を除く) ほか 2 件"
    )


def test_one_leave_day_in_english_and_no_note_without_leave() -> None:
    one = (("Yamamoto", date(2026, 11, 25), date(2026, 11, 25)),)
    [flag] = overdue_pile_flags(_stops(), FIRST, one)
    msg, _ = flag_message(pd.Series(flag), "en")
    assert "leave days not counted" in msg
    assert "A3商事 29 days (1 day of leave not counted); A2商事 24 days (1 day" in msg
    [plain] = overdue_pile_flags(_stops(), FIRST)
    assert plain["params"]["leave"] == 0
    msg, _ = flag_message(pd.Series(plain), "ja")
    assert "休暇" not in msg and "A3商事 30日超過、A2商事 25日超過" in msg
