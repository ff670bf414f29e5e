"""Total-preserving rounding: largest remainder (1-D) and controlled rounding (rep × month)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from routekpi.core.rounding import controlled_round, largest_remainder

FAST = settings(max_examples=40, deadline=None)

cells = st.floats(min_value=0.0, max_value=500.0, allow_nan=False, allow_infinity=False)


# --- hand cases ----------------------------------------------------------------------------


def test_largest_remainder_gives_leftover_to_largest_fractions() -> None:
    """[1.2, 2.5, 3.3]: sum 7.0; floors [1, 2, 3] sum 6, one unit short → largest fraction .5."""
    out = largest_remainder(np.array([1.2, 2.5, 3.3]))
    assert out.tolist() == [1, 3, 3]


def test_largest_remainder_thirds() -> None:
    """Three thirds of 10: 3.33 each, floors 9, one unit goes to the first (stable order)."""
    out = largest_remainder(np.full(3, 10 / 3))
    assert out.tolist() == [4, 3, 3]
    assert out.sum() == 10


def test_largest_remainder_explicit_total_below_floors() -> None:
    """Total 5 for [1.9, 2.1, 2.6]: floors sum 5 already; total 4 removes from smallest fraction."""
    assert largest_remainder(np.array([1.9, 2.1, 2.6]), 5).tolist() == [1, 2, 2]
    # floors [1, 2, 2] = 5; one too many → drop the unit with the smallest fraction (2.1 → 1).
    assert largest_remainder(np.array([1.9, 2.1, 2.6]), 4).tolist() == [1, 1, 2]


def test_controlled_round_hand_case() -> None:
    """2 × 3 matrix of 0.5s plus integers: rows and columns keep their rounded totals.

    [[1.5, 0.5, 1.0], [0.5, 1.5, 1.0]]: row sums 3.0, 3.0; column sums 2.0, 2.0, 2.0; total 6.
    """
    x = np.array([[1.5, 0.5, 1.0], [0.5, 1.5, 1.0]])
    out = controlled_round(x)
    assert out.sum(axis=1).tolist() == [3, 3]
    assert out.sum(axis=0).tolist() == [2, 2, 2]
    assert np.all(np.abs(out - x) < 1)


# --- properties ------------------------------------------------------------------------------


@FAST
@given(values=arrays(float, st.integers(1, 30), elements=cells))
def test_largest_remainder_properties(values: np.ndarray) -> None:
    """Sum = round(Σx), and every integer is floor or ceil of its value."""
    out = largest_remainder(values)
    assert out.sum() == round(float(values.sum()))
    assert np.all(out >= np.floor(values) - 1e-9)
    assert np.all(out <= np.ceil(values) + 1e-9)


@FAST
@given(
    matrix=st.tuples(st.integers(1, 6), st.integers(1, 12)).flatmap(
        lambda shape: arrays(float, shape, elements=cells)
    )
)
def test_controlled_round_properties(matrix: np.ndarray) -> None:
    """Rows and columns sum to their largest-remainder totals; cells move by less than 2.

    The construction is floor + (0 or 1), so each cell is in fact within 1 of its value
    (|cell − x| < 1); the contract we rely on downstream is the looser |cell − x| < 2.
    """
    out = controlled_round(matrix)
    total = round(float(matrix.sum()))
    assert out.dtype.kind == "i"
    assert out.sum(axis=1).tolist() == largest_remainder(matrix.sum(axis=1), total).tolist()
    assert out.sum(axis=0).tolist() == largest_remainder(matrix.sum(axis=0), total).tolist()
    assert out.sum() == total
    assert np.all(np.abs(out - matrix) < 2)
    assert np.all(np.abs(out - matrix) < 1 + 1e-9)
