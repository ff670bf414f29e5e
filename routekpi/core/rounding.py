"""Rounding that keeps totals and never lowers a target when the goal rises.

Count and yen targets must be whole numbers, months must add up to the year and reps to the
team. Each rep's year is rounded half up, and its months get that whole number by Webster's
divisor method (Sainte-Laguë): the months' shares stay as close to the unrounded shape as
whole numbers allow. Divisor methods are *house-monotone*: when a year's total grows and the
monthly shape stays the same, no month ever loses a unit (largest-remainder rounding can take
one away — the Alabama paradox). The team is the sum of its reps.

Months with equal shares (a flat year of 7 cancellations or 6 new accounts) tie; the units go
to them in an order that spreads them evenly through the year (``even_order``: one unit in the
middle first, then the middles of what is left), so a year of 6 is one every other month and
the target to date stays close to the year's pro-rata share — not 6 units in the first 6 months.

Yen are rounded over the whole rep × month table at once by running totals (``round_table``):
each cell is the rounded running total minus the one before it. The team adds up to the KGI to
the yen, every cell is less than one yen from its unrounded value, and a cell moves only when
its own value or the running total before it moves — so when the goal rises a capped rep's
month shifts by at most one yen, which no manager reads as a lower target. (Webster's method
over the whole table, used before, favours the largest cells and could move one by 2 yen.)
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np


def round_half_up(value: float) -> int:
    """Nearest whole number, halves up (monotone: a larger value never rounds lower)."""
    return int(np.floor(value + 0.5))


@lru_cache(maxsize=64)
def even_order(n: int) -> tuple[int, ...]:
    """Rank of each of ``n`` positions in an order that spreads any first k units evenly.

    The first two units go to the middles of the two halves, the next two to the middles of
    the quarters not yet used, then eighths, … (the centres of a van der Corput sequence),
    each to the nearest free position, earliest on ties. For 12 months the order is 2, 8, 4,
    10, 1, 7, 5, 11, 0, 6, 3, 9: two units land in June and December of an April year.
    """
    order: list[int] = []
    i = 0
    while len(order) < n:
        level = max(1, i.bit_length())
        f = _van_der_corput(i) + 0.5 ** (level + 1)
        free = [q for q in range(n) if q not in order]
        order.append(min(free, key=lambda q: (abs(q + 0.5 - f * n), q)))
        i += 1
    rank = [0] * n
    for r, q in enumerate(order):
        rank[q] = r
    return tuple(rank)


def _van_der_corput(i: int) -> float:
    """0, ½, ¼, ¾, ⅛, …: the binary digits of ``i`` mirrored behind the point."""
    f, d = 0.0, 0.5
    while i:
        f += d * (i & 1)
        i >>= 1
        d /= 2
    return f


def apportion(total: int, weights: np.ndarray, tie_order: np.ndarray | None = None) -> np.ndarray:
    """Whole numbers summing to ``total`` in proportion to ``weights`` (Webster's method).

    Units are added to the part with the highest w ÷ (s + ½) and removed from the one with the
    lowest w ÷ (s − ½). Ties (equal months are common) go to the part holding fewer units, then
    the first in ``tie_order`` (default: position), when adding, and the exact reverse when
    removing — so the result is the one a unit-by-unit allocation gives, and a larger total
    only ever adds units.
    """
    w = np.clip(np.asarray(weights, dtype=float), 0.0, None)
    out = np.zeros(len(w), dtype=np.int64)
    if total <= 0 or not len(w):
        return out
    if w.sum() <= 0:
        w = np.ones(len(w))
    w = w / w.sum()
    out = np.floor(total * w + 0.5).astype(np.int64)
    # Priorities in units of the total (each near 1 at any size): rounded to 12 digits they
    # tie only as float noise — per unit share, a ¥20M year's months differ at the 8th digit.
    w = w * total
    index = np.arange(len(w)) if tie_order is None else np.asarray(tie_order)
    while out.sum() < total:
        # lexsort: last key first — highest priority, then fewest units, then earliest.
        out[np.lexsort((index, out, -_tied(w / (out + 0.5))))[0]] += 1
    while out.sum() > total:
        priority = np.where(out > 0, w / np.maximum(out - 0.5, 0.5), np.inf)
        out[np.lexsort((-index, -out, _tied(priority)))[0]] -= 1
    return out


def _tied(priority: np.ndarray) -> np.ndarray:
    """Priorities rounded to 12 digits: 7/18 ÷ 3.5 and 1/18 ÷ 0.5 are a tie, not float noise."""
    return np.round(priority, 12)


def round_rows(matrix: np.ndarray) -> np.ndarray:
    """Each row rounded to its own half-up total, split over the columns by its shape.

    Ties between columns (months) are broken by ``even_order``, so flat rows spread evenly;
    row r's order is shifted r columns on, so that reps' flat years do not all put their
    units in the same months (8 reps × 6 cancellations read 0, 8, 8, 0, 8 … for the team;
    shifted, 3–5 a month).
    """
    x = np.asarray(matrix, dtype=float)
    if x.ndim != 2 or not x.shape[1]:
        return np.vstack([apportion(round_half_up(float(r.sum())), r) for r in x]).reshape(x.shape)
    order = np.array(even_order(x.shape[1]))
    return np.vstack(
        [
            apportion(round_half_up(float(row.sum())), row, np.roll(order, r))
            for r, row in enumerate(x)
        ]
    ).reshape(x.shape)


def round_table(matrix: np.ndarray) -> np.ndarray:
    """The whole table rounded to its own half-up total by running totals, row after row.

    Cell i is ⌊S_i + ½⌋ − ⌊S_{i−1} + ½⌋ where S_i is the unrounded running total: cells sum to
    the rounded total and each is within one unit of its own value.
    """
    x = np.asarray(matrix, dtype=float)
    running = np.floor(np.cumsum(x.reshape(-1)) + 0.5)
    return np.diff(running, prepend=0.0).astype(np.int64).reshape(x.shape)
