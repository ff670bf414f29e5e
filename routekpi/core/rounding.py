"""Rounding that keeps totals: largest remainder (1-D) and controlled rounding (rep × month).

Count targets must be whole numbers, and the per-rep numbers must still add up to the team and
the months to the year. Rounding each cell on its own breaks both, so:

- ``largest_remainder`` rounds a vector to integers with a given integer total, giving the
  leftover units to the largest fractional parts;
- ``controlled_round`` rounds a matrix so that every row and every column sums to its own
  largest-remainder total (a 0/1 transport problem, always solvable: floor every cell, then
  hand out the missing units along augmenting paths, largest fractions first).
"""

from __future__ import annotations

from collections import deque

import numpy as np


def largest_remainder(values: np.ndarray, total: int | None = None) -> np.ndarray:
    """Integers closest to ``values`` summing to ``total`` (default: the rounded sum)."""
    values = np.asarray(values, dtype=float)
    if total is None:
        total = round(float(values.sum()))
    floors = np.floor(values)
    short = int(total - floors.sum())
    out = floors.astype(np.int64)
    if short > 0:
        order = np.argsort(-(values - floors), kind="stable")
        out[order[:short]] += 1
    elif short < 0:
        order = np.argsort(values - floors, kind="stable")
        out[order[:-short]] -= 1
    return out


def controlled_round(matrix: np.ndarray) -> np.ndarray:
    """Round a non-negative matrix so rows and columns keep their largest-remainder totals."""
    x = np.asarray(matrix, dtype=float)
    total = round(float(x.sum()))
    row_t = largest_remainder(x.sum(axis=1), total)
    col_t = largest_remainder(x.sum(axis=0), total)
    out = np.floor(x).astype(np.int64)
    row_need = row_t - out.sum(axis=1)
    col_need = col_t - out.sum(axis=0)
    frac = x - np.floor(x)
    added = np.zeros(x.shape, dtype=bool)
    # Greedy pass: largest fractions first.
    for flat in np.argsort(-frac, axis=None, kind="stable"):
        i, j = divmod(int(flat), x.shape[1])
        if frac[i, j] <= 0:
            break
        if row_need[i] > 0 and col_need[j] > 0:
            added[i, j] = True
            row_need[i] -= 1
            col_need[j] -= 1
    # Augmenting paths for what the greedy pass could not place.
    while row_need.sum() > 0:
        if not _augment(added, row_need, col_need, frac):
            break  # cannot happen for consistent totals; keep the best effort
    return out + added.astype(np.int64)


def _augment(
    added: np.ndarray, row_need: np.ndarray, col_need: np.ndarray, frac: np.ndarray
) -> bool:
    """Find row→col→row… path ending at a column that still needs a unit; flip it."""
    n_rows, n_cols = added.shape
    starts = [i for i in range(n_rows) if row_need[i] > 0]
    prev_col: dict[int, int] = {}  # column → row we came from
    prev_row: dict[int, int] = {}  # row → column we came from (via a removed unit)
    queue = deque(starts)
    seen_rows = set(starts)
    while queue:
        i = queue.popleft()
        # Prefer cells with a fractional part, then any cell.
        for j in sorted(range(n_cols), key=lambda c: -frac[i, c]):
            if added[i, j] or j in prev_col:
                continue
            prev_col[j] = i
            if col_need[j] > 0:
                # Flip along the path back to a start row.
                col = j
                while True:
                    row = prev_col[col]
                    added[row, col] = True
                    if row in prev_row:
                        back = prev_row[row]
                        added[row, back] = False
                        col = back
                    else:
                        row_need[row] -= 1
                        break
                col_need[j] -= 1
                return True
            for k in range(n_rows):
                if added[k, j] and k not in seen_rows:
                    seen_rows.add(k)
                    prev_row[k] = j
                    queue.append(k)
    return False
