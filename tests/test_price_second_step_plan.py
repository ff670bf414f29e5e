"""The Plan carries a second revision beside the first (core.baselines with
core.price_index ``find_second_step``; trial 51: every maker +4% in 2025-04, the tyre makers
+3% in 2026-01 on half of a year's sales). Before, the second was under the 2% bar and went
into the unit price's yearly trend; now both are levels: with the same quantities every year
the trend left is nil, and the Plan names the second with who moved.

The hand book of tests/test_price_second_step.py (two tyres, four other products), planned for
FY2027 on 2026-12-05 (baseline 2025-12 … 2026-11).
"""

from __future__ import annotations

import math
from datetime import date

import pytest

from routekpi.core.baselines import build_evidence
from routekpi.core.history import PlanSettings
from routekpi.messages import text
from tests.test_price_second_step import (
    FIRST_STEP,
    SECOND_STEP,
    TYRES,
    _history,
    _share,
    _two_steps,
)

SETTINGS = PlanSettings(kgi=1.0, plan_year=2027, fiscal_start_month=1, as_of=date(2026, 12, 5))


def test_the_plan_carries_both_steps_as_levels() -> None:
    ev = build_evidence(_history(1.03), SETTINGS)
    step = ev.lever_evidence.price_step
    assert step is not None and not step.declared and step.month == FIRST_STEP
    share = _share(TYRES, _two_steps())
    second = math.log(share * 1.03 + 1.0 - share)
    assert step.beside == ((SECOND_STEP, pytest.approx(second, abs=1e-9)),)
    # Only the baseline's December is before the second step (the first is before the
    # baseline): it is brought to January's prices, weighted by its orders (1 of 12 months).
    lift = -math.log(1.0 / 12 * math.exp(-second) + 11.0 / 12)
    assert step.carry == pytest.approx(lift, abs=0.002)
    # The same quantities every year: nothing of the two steps is left as a yearly rise.
    assert abs(step.trend) < 0.002
    codes = [n.code for n in ev.notes]
    assert "price_step_before" in codes  # the first: before the baseline, said as before
    notes = [n for n in ev.notes if n.code == "price_step_second"]
    assert len(notes) == 1
    line = text("price_step_second", "ja", **notes[0].params)
    assert line.startswith("価格改定 2026-01 +1.5%(同じ商品どうしの比較で見つけました)")
    assert "2025-04 の改定(+4.0%)とは別に" in line
    assert "基準期間12か月のうち改定前の1か月を新しい価格に揃え" in line


def test_without_the_second_step_the_plan_is_as_before() -> None:
    """One step only: no second line, nothing beside it."""
    ev = build_evidence(_history(1.0), SETTINGS)
    step = ev.lever_evidence.price_step
    assert step is not None and step.month == FIRST_STEP and step.beside == ()
    assert not [n for n in ev.notes if n.code == "price_step_second"]
