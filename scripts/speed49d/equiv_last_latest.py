"""``core.lapse.last_order_by`` given ``OrderDays.last`` equals the old groupby (speed49d).

    python scripts/speed49d/equiv_last_latest.py

speed49c's random order frames (scripts/speed49c/equiv_last_order.py: Arrow text, 7 and "7",
integers, missing accounts and dates, ns and us dates), each day from before the first line
to after the last (the last line's own day too: the fast path's edge): the last days read
from validation's ``account_days`` equal the old groupby on the text, or an AssertionError.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

from routekpi.core.lapse import last_order_by
from routekpi.validation.renumbered import account_days

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "speed49c"))
from equiv_last_order import frames, old


def main() -> None:
    rng = np.random.default_rng(49)
    checked = fast = 0
    for frame in frames(rng):
        days = account_days(frame)
        top = frame["date"].max()
        whens = [pd.Timestamp(w) for w in ("2023-06-01", "2024-05-01", "2027-01-01")]
        if pd.notna(top):
            whens += [top, top - pd.Timedelta(days=1), top + pd.Timedelta(hours=1)]
        for ts in whens:
            want = old(frame, ts)
            got = last_order_by(frame, ts, (days.codes, days.names), days.last)
            pd.testing.assert_series_equal(got, want, check_exact=True)
            assert got.index.dtype == want.index.dtype, (got.index.dtype, want.index.dtype)
            assert got.index.name == want.index.name and got.name == want.name
            checked += 1
            fast += bool(len(frame)) and frame["date"].dtype == "datetime64[ns]" and ts >= top
    print(f"equal on {checked} cases ({fast} on the fast path)")


if __name__ == "__main__":
    main()
