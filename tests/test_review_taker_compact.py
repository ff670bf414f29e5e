"""A taker on a compact history is coached on his own book (trial 35 H2).

From Sources (summed facts: no per-account lines) the Review could not split a taker's
levers by account, and its handover rows were read as a giver's: 佐藤, who took over 35 of
a departed colleague's accounts, was told 「主因は稼働顧客数(+¥3,048,908)…このまま続けま
しょう」 — ¥2,942,500 of it the sales of the accounts taken over, none of them in his target.
Judged on his own book (the OWN row: ¥8,061,691 against ¥7,955,023.8 = +¥106,667.2), the
taken sales come off the active-accounts lever: 3,048,908 − 2,942,500 = +¥106,408, and the
lever explaining most of the +¥106,667 ahead is unit price (+¥285,764).
"""

from __future__ import annotations

import math

import pytest

from routekpi.core.review import KEPT, MOVED, OWN, TAKEN, HandedOver, _given_main

CONTRIBUTIONS = {
    "active_accounts": 3_048_908.0,
    "visits_per_account": -300_111.0,
    "orders_per_visit": 14_606.0,
    "unit_price": 285_764.0,
}


def test_a_takers_main_lever_is_that_of_his_own_book() -> None:
    taken = HandedOver(TAKEN, math.nan, math.nan, 2_942_500.0, {})
    own = HandedOver(OWN, 19_604_322.0, 7_955_023.8, 8_061_691.0, {})
    main, finding = _given_main(CONTRIBUTIONS, [taken, own])
    assert main == "unit_price"
    assert finding["own_gap"] == pytest.approx(106_667.2)
    assert finding["own_contribution"] == pytest.approx(285_764.0)


def test_behind_on_his_own_book_the_takeover_does_not_hide_it() -> None:
    """鈴木: booked +¥2,435,626 (active accounts +¥3,504,458), on his own book −¥105,528;
    his 34 accounts sold ¥2,541,154: active accounts 3,504,458 − 2,541,154 = +¥963,304, and
    the most negative lever, visit frequency (−¥1,028,392), is the main one."""
    contributions = {
        "active_accounts": 3_504_458.0,
        "visits_per_account": -1_028_392.0,
        "orders_per_visit": -550_000.0,
        "unit_price": -460_491.0,
    }
    taken = HandedOver(TAKEN, math.nan, math.nan, 2_541_154.0, {})
    own = HandedOver(OWN, 20_000_000.0, 11_000_000.0, 10_894_472.0, {})
    main, finding = _given_main(contributions, [taken, own])
    assert main == "visits_per_account"
    assert finding["own_gap"] == pytest.approx(-105_528.0)


def test_a_giver_is_read_as_before() -> None:
    """Trial 29's giver: the MOVED row's gap (sales 1,800 against its part 1,650 of the
    target: +150) comes off active accounts; the KEPT row (1,500 vs 1,650) is his own."""
    contributions = {"active_accounts": -400.0, "unit_price": -250.0}
    moved = HandedOver(MOVED, 3_600.0, 1_650.0, 1_800.0, {})
    kept = HandedOver(KEPT, 3_600.0, 1_650.0, 1_500.0, {})
    main, finding = _given_main(contributions, [moved, kept])
    assert main == "active_accounts"  # −400 − 150 = −550, beyond unit price's −250
    assert finding["own_gap"] == pytest.approx(-150.0)
    assert finding["own_contribution"] == pytest.approx(-550.0)
