"""The unit-price streak flag while the year-on-year is still up reads as two facts, not a
contradiction (trial 49 L1)."""

from __future__ import annotations

from routekpi.render import flag_message


def test_a_price_streak_still_up_on_the_year_reads_as_two_facts() -> None:
    """Trial 49 L1: 鈴木's flag 「3か月連続で下がっています(直近 ¥126,244。前年同期比ではまだ
    +13.8%)」 read as a contradiction. Each month below the one before, then the year: two
    sentences (``core.flags``: the streak is three falls in a row of each month against its
    usual level; the year-on-year is the last three months against the same a year ago)."""
    params = {"streak": True, "yoy": 0.138, "price": 126_244.0, "unit_yoy": -0.081}
    params |= {"like_for_like": 0.0, "mix_yoy": -0.081}
    flag = {"code": "unit_price_declining", "kpi": "unit_price", "rep": "鈴木", "severity": "warn"}
    flag |= {"account": "", "params": params}
    ja, _ = flag_message(flag, "ja")
    assert ja.startswith(
        "取引単価は直近3か月、いつもの月の動きを除いても続けて前の月を下回っています"
        "(直近 ¥126,244)。前年同期比ではまだ +13.8% です。1単位あたりの価格は前年同期比 -8.1%"
    )
    en, _ = flag_message(flag, "en")
    assert en.startswith(
        "unit price has been below the month before in each of the last 3 months, beyond the"
        " usual month pattern (latest ¥126,244). Against the same months last year it is still"
        " +13.8%; the price per unit is -8.1%"
    )
