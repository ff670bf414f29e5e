"""A large account down 95% or more reads as almost stopping, not 「約10割減」 (small44, item 3).

Reproduced on the sample book: C0044 made 7.8% of revenue, then from 2025-09 at 3% of its
orders' size: the Plan said 「C0044 石川食品株式会社 が 2025-09 から約10割減(-97%…」 — ten
tenths, nothing at all, for an account still ordering. At 6% (−94%) it says 約9割減, as before.
The histories here are test_account_step's: A0 (the hotel) ¥40,000 an order, 22% of the team.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pytest

from routekpi.messages import text
from tests.test_account_step import STEP, _evidence, _history


def _hotel_to(after: float, before: float = 40_000.0) -> Callable[[str, int, pd.Period], float]:
    def yen(rep: str, i: int, month: pd.Period) -> float:
        if (rep, i) == ("A", 0):
            return after if month >= STEP else before
        return 10_000.0

    return yen


def _note(after: float, before: float = 40_000.0) -> tuple[str, dict[str, object]]:
    notes = [
        n
        for n in _evidence(_history(_hotel_to(after, before))).notes
        if n.code.startswith("account_step_")  # not bigcut47's account_stepped_down notes
    ]
    assert len(notes) == 1
    return notes[0].code, notes[0].params


def test_down_97_percent_reads_as_almost_stopped() -> None:
    code, params = _note(1_200.0)  # 1,200 ÷ 40,000 − 1 = −97%
    assert code == "account_step_down_stop"
    assert params["change"] == "-97%"
    assert text(code, "ja", **params).startswith(
        "A0 グランドホテル港町 が 2025-07 からほぼ取引停止(-97%、Aさんの顧客、減る前は売上の"
    )
    assert "約10割減" not in text(code, "ja", **params)
    assert text(code, "en", **params).startswith(
        "A0 グランドホテル港町 has almost stopped ordering from 2025-07 (-97%; A's account, "
    )


@pytest.mark.parametrize(
    ("after", "before", "code", "ja"),
    [
        (2_400.0, 40_000.0, "account_step_down", "約9割減(-94%"),  # 2,400 ÷ 40,000 − 1
        (30_400.0, 16_000.0, "account_step_up", "約9割増(+90%"),  # 30,400 ÷ 16,000 − 1
        (32_000.0, 16_000.0, "account_step_up_times", "約2倍(+100%"),  # twice: a multiple
    ],
)
def test_the_neighbours_keep_their_words(after: float, before: float, code: str, ja: str) -> None:
    got, params = _note(after, before)
    assert got == code
    assert f"が 2025-07 から{ja}、Aさんの顧客" in text(got, "ja", **params)
