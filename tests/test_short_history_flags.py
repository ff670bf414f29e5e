"""At-risk accounts on a history that does not cover the year before the last 12 months
(trial 24 H5: an ERP replaced 15 months ago; every at-risk flag read "直近12か月の受注 前年比
+241.7%" because "the 12 months before" held 3 months of data).

The tiny history of test_flags (one order and one visit a month on the 10th, ¥100 an order,
as of 2025-06-30) cut to start in 2024-04: 15 months, its first event on 2024-04-10. The 12
months before the last 12 are 2023-07-01 … 2024-06-30; the history covers 2024-04-10 … 06-30
of them: 21 + 31 + 30 = 82 days (about 3 months).
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date

import numpy as np
import pandas as pd
import pytest

from routekpi.core.flags import YOY_SLACK_DAYS, account_status, drop_chance, prior_covered
from routekpi.core.history import History
from routekpi.render import flag_message
from tests.test_flags import AS_OF, MONTHS, flags_of, flat, synth


def _from(history: History, first: str) -> History:
    """The history from ``first`` on (orders and visits), the accounts as they were."""
    day = pd.Timestamp(first)
    return replace(
        history,
        orders=history.orders[history.orders["date"] >= day].reset_index(drop=True),
        visits=history.visits[history.visits["date"] >= day].reset_index(drop=True),
    )


def _stopped(*accounts: str) -> dict[str, dict[int, float]]:
    """No order after 2024-10 (month 18) for these accounts."""
    return {a: dict.fromkeys(range(19, len(MONTHS)), 0.0) for a in accounts}


def test_the_covered_days_of_the_year_before_are_counted_from_the_history_start() -> None:
    """Full history (from 2023-04-10): the window 2023-07-01 … 2024-06-30 is covered, 366
    days (29 February 2024 inside). From 2024-04-10: 82 days, not a year. Two weeks' slack at
    the window's start (up to 2023-07-15): from 2023-07-10 (9 days late, 366 − 9 = 357 days)
    still a year; from 2023-08-10 (357 − 31 = 326 days) not."""
    full = synth({"A": flat()}, accounts=2)
    assert prior_covered(full, AS_OF) == (366, True)
    assert prior_covered(_from(full, "2024-04-01"), AS_OF) == (82, False)
    assert YOY_SLACK_DAYS == 14
    assert prior_covered(_from(full, "2023-07-01"), AS_OF) == (357, True)
    assert prior_covered(_from(full, "2023-07-11"), AS_OF) == (326, False)


def test_a_short_history_shows_no_year_on_year_change_and_no_fading() -> None:
    """A00 stopped ordering after 2024-10 and has not been visited since (the trial's hotel).
    Before: recent 4 orders (2024-07 … 10) = ¥400 against the 3 months covered (¥300): the
    flag said "+33.3%" on an account that had stopped. Now: no change, and the flag says why.

    A01 ordered 12 times in the last 12 months and 3 times in the 82 days covered before
    (rounded, 3 months): as a year, 3 ÷ 3 × 12 = 12, so its orders keep up (no neglect) although its
    visits stopped in 2024-10 too. A02 ordered 4 times of ¥100 then stopped: a fall the full
    history would test for fading; with no year before, no account is fading.
    """
    skip = {a: list(range(19, len(MONTHS))) for a in ("A00", "A01")}
    history = _from(
        synth({"A": flat()}, accounts=6, skip_visits=skip, scale=_stopped("A00", "A02")),
        "2024-04-01",
    )
    status = account_status(history, AS_OF)
    assert status["change"].isna().all()
    assert not status["fading"].any()
    assert status.attrs["history_from"] == "2024-04"
    assert status.at["A00", "recent"] == 400.0 and status.at["A00", "prior"] == 300.0
    assert bool(status.at["A00", "neglected"])
    assert status.at["A01", "recent"] == 1200.0 and status.at["A01", "prior"] == 300.0
    assert bool(status.at["A01", "ordering"]) and not bool(status.at["A01", "neglected"])

    flags = flags_of(history, "at_risk_account")
    assert flags["account"].tolist() == ["A00"]
    p = flags["params"].iloc[0]
    assert p["history_from"] == "2024-04"
    message, action = flag_message(flags.iloc[0], "ja")
    # Last visit 2024-10-10: 21 + 30 + 31 + 31 + 28 + 31 + 30 + 31 + 30 = 263 days to 06-30.
    assert message == "A00: 263日訪問なし(通常 30日ごと)"
    assert "前年比 +" not in action and "+33.3%" not in action
    assert action.endswith("通常 30日ごと、受注の前年比なし(履歴は2024-04から))")
    assert flag_message(flags.iloc[0], "en")[1].endswith(
        "no year-on-year change of its orders (the history starts in 2024-04))"
    )


def test_a_whole_year_before_keeps_the_change_in_the_flag() -> None:
    """The same accounts on the full history (from 2023-04): A00's last 12 months ¥400
    against ¥1,200 the year before (−66.7%), shown in the action as before."""
    skip = {"A00": list(range(19, len(MONTHS)))}
    history = synth({"A": flat()}, accounts=6, skip_visits=skip, scale=_stopped("A00"))
    status = account_status(history, date(2025, 6, 30))
    assert "history_from" not in status.attrs
    assert status.at["A00", "change"] == pytest.approx(400 / 1200 - 1)
    flags = flags_of(history, "at_risk_account")
    row = flags[flags["account"] == "A00"].iloc[0]
    assert "history_from" not in row["params"]
    assert "直近12か月の受注 前年比 -66.7%" in flag_message(row, "ja")[1]


def test_nine_or_more_covered_months_are_compared_as_a_year() -> None:
    """The history from 2023-08-10: of the year before (2023-07-01 … 2024-06-30) it covers
    2023-08-10 … 2024-06-30, 326 days, about 11 months (326 × 12 ÷ 365 = 10.7). A02 ordered
    in each of them (11 × ¥100) and then only in 2024-07 … 09 (3 × ¥100). As a year the 11
    months are ¥1,100 × 12 ÷ 11 = ¥1,200: −75.0%. The drop's chance with the earlier orders
    counted over 11/12 of a year: an order falls in the later year with q = 1 ÷ (1 + 11/12) =
    12/23, and 3 or fewer of 14 do so with P = Σ_{j≤3} C(14, j) q^j (1 − q)^(14−j) ≈ 0.7%:
    beyond chance, fading (info), and the flag says the year before is 11 months as a year."""
    history = _from(
        synth({"A": flat()}, accounts=4, scale={"A02": dict.fromkeys(range(18, 27), 0.0)}),
        "2023-08-01",
    )
    assert prior_covered(history, AS_OF) == (326, False)
    status = account_status(history, AS_OF)
    assert status.attrs["prior_months"] == 11 and "history_from" not in status.attrs
    assert status.at["A02", "prior"] == 1100.0 and status.at["A02", "recent"] == 300.0
    assert status.at["A02", "change"] == pytest.approx(300 / 1200 - 1)
    q = 12 / 23
    chance = sum(math.comb(14, j) * q**j * (1 - q) ** (14 - j) for j in range(4))
    assert status.at["A02", "chance"] == pytest.approx(chance)
    assert chance < 0.05 and bool(status.at["A02", "fading"])
    assert status.loc[["A00", "A01", "A03"], "change"].tolist() == pytest.approx([0.0] * 3)
    flags = flags_of(history, "at_risk_account")
    assert flags["account"].tolist() == ["A02"] and flags["severity"].tolist() == ["info"]
    assert flag_message(flags.iloc[0], "ja")[0] == (
        "A02: 直近12か月の受注が前年比 -75.0%(前年は履歴のある11か月を年換算。受注 11回→3回)"
    )


def test_the_drop_chance_of_a_shorter_earlier_window() -> None:
    """Exposure 1 is the fair coin (2,517 / 65,536 for 12 → 4); 11/12 of a year before
    tilts each order toward the later year (q = 12/23), so the same counts are rarer."""
    assert drop_chance(np.array([12.0]), np.array([4.0]))[0] == pytest.approx(2517 / 65536)
    q = 12 / 23
    tilted = sum(math.comb(16, j) * q**j * (1 - q) ** (16 - j) for j in range(5))
    assert drop_chance(np.array([12.0]), np.array([4.0]), 11 / 12)[0] == pytest.approx(tilted)
    assert tilted < 2517 / 65536
