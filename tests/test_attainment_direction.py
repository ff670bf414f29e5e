"""Attainment reads the same way for both directions: 100% on target, more is better, never
negative (catalog.attainment_ratio; the Review's rows follow it)."""

from __future__ import annotations

import math

import pytest

from routekpi.core.catalog import attainment_ratio
from routekpi.core.review import _row


@pytest.mark.parametrize(
    ("actual", "target", "direction", "expected"),
    [
        (90.0, 100.0, "higher", 0.9),
        (120.0, 100.0, "higher", 1.2),
        # The trial's FY2026 churn: 1.0% against 0.3% allowed — 30%, not 2 − 1.0/0.3 = −233%.
        (0.010, 0.003, "lower", 0.3),
        (0.0015, 0.003, "lower", 2.0),  # half the allowance
        (0.003, 0.003, "lower", 1.0),
        (0.0033, 0.003, "lower", 0.003 / 0.0033),  # 90.9%, the mirrored rule's 90% near target
        (57.0, 49.0, "lower", 49 / 57),  # cancellations forecast 57 against 49 allowed: 86.0%
    ],
)
def test_attainment_hand_computed(
    actual: float, target: float, direction: str, expected: float
) -> None:
    assert attainment_ratio(actual, target, direction) == pytest.approx(expected)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("actual", "target", "direction"),
    [
        (0.0, 0.003, "lower"),  # no churn: nothing to divide by (shown —)
        (5.0, 0.0, "higher"),  # no target
        (5.0, 0.0, "lower"),
        (math.nan, 3.0, "higher"),
        (3.0, math.nan, "lower"),
    ],
)
def test_no_ratio_is_nan(actual: float, target: float, direction: str) -> None:
    assert math.isnan(attainment_ratio(actual, target, direction))  # type: ignore[arg-type]


def test_lower_is_better_is_never_negative_and_falls_as_the_actual_rises() -> None:
    values = [attainment_ratio(a / 1000, 0.003, "lower") for a in range(1, 200)]
    assert min(values) > 0
    assert values == sorted(values, reverse=True)


def test_review_rows_use_the_same_rule() -> None:
    churn = _row("佐藤", "churn_rate", 0.003, 0.010, math.nan, False, {})
    assert churn["attainment"] == pytest.approx(0.3)
    revenue = _row("佐藤", "revenue", 8_000_000.0, 6_920_000.0, -1_080_000.0, False, {})
    assert revenue["attainment"] == pytest.approx(0.865)
    assert math.isnan(float(_row("佐藤", "churn_rate", 0.003, 0.0, 0.0, False, {})["attainment"]))  # type: ignore[arg-type]
