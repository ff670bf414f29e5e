"""``routekpi daily --rep``: the rep as typed, folded as the inputs are, or a surname that names
one rep only (trial 38 L1: 「--rep 小池」 was refused for 小池 真紀子)."""

from __future__ import annotations

import pytest

from routekpi.daily_job import rep_named

REPS = ["小池 真紀子", "佐々木 健", "田中 一郎", "田中 花子"]


@pytest.mark.parametrize(
    ("typed", "rep"),
    [
        ("小池", "小池 真紀子"),  # the surname names one rep
        ("小池真紀子", "小池 真紀子"),  # spaces folded, as on every sheet
        ("小池　真紀子", "小池 真紀子"),  # a full-width space
        ("佐々木", "佐々木 健"),
        ("田中", None),  # two reps share it: not guessed
        ("木村", None),
        ("", None),
    ],
)
def test_the_rep_a_name_names(typed: str, rep: str | None) -> None:
    assert rep_named(typed, REPS) == rep
