"""``tables._repeating`` against what it replaced, ``pd.Series(mix).duplicated(keep=False)``
(speed49a): random 64-bit mixes with no repeat, a few, many, every value twice, one value
throughout, a single line, none. Prints how many were checked.

    PYTHONPATH=$PWD python scripts/speed49a/equiv_repeating.py
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from routekpi.validation.tables import _repeating


def old(mix: np.ndarray) -> np.ndarray:
    return np.flatnonzero(pd.Series(mix).duplicated(keep=False).to_numpy())


def main() -> None:
    rng = np.random.default_rng(49)
    cases: list[np.ndarray] = [np.array([], dtype=np.uint64), np.array([7], dtype=np.uint64)]
    for n in (2, 3, 10, 1_000, 100_000, 1_048_575):
        top = np.iinfo(np.uint64).max
        mix = rng.integers(0, top, n, dtype=np.uint64, endpoint=True)
        cases.append(mix)
        few = mix.copy()
        few[rng.integers(0, n, max(1, n // 1000))] = mix[rng.integers(0, n, max(1, n // 1000))]
        cases.append(few)
        cases.append(rng.integers(0, max(1, n // 3), n).astype(np.uint64))  # many repeats
        cases.append(np.repeat(mix[: max(1, n // 2)], 2)[:n])  # every value twice
        cases.append(np.full(n, top, dtype=np.uint64))
    for mix in cases:
        got, want = _repeating(mix), old(mix)
        assert got.dtype == want.dtype and np.array_equal(got, want), len(mix)
    print(f"{len(cases)} mixes equal (sizes up to {max(map(len, cases)):,})")


if __name__ == "__main__":
    main()
