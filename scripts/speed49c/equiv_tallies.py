"""``summed_tallies`` of two ``tally_days`` equals ``tally_days`` of both columns (speed49c).

    python scripts/speed49c/equiv_tallies.py

Random day columns (empty, one day, short spans, a stray far year that keeps the sort):
equal dicts, keys in the same order, or an AssertionError.
"""

from __future__ import annotations

import numpy as np

from routekpi.validation.holidays import summed_tallies, tally_days


def main() -> None:
    rng = np.random.default_rng(49)
    checked = 0
    for n, m in ((0, 0), (0, 5), (5, 0), (1, 1), (100, 40), (20_000, 7_000)):
        for span in (1, 30, 3_000):
            a = rng.integers(19_000, 19_000 + span, n)
            b = rng.integers(18_990, 18_990 + span, m)
            for far in (False, True):
                if far and n:
                    a[0] = 2_900_000  # year 9909: past the counted span
                want = tally_days([a, b])
                got = summed_tallies(tally_days([a]), tally_days([b]))
                assert got == want and list(got) == list(want)
                checked += 1
    print(f"equal on {checked} cases")


if __name__ == "__main__":
    main()
