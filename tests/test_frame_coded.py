"""core.handover's per-frame codes: a frame's column coded once while it lives, and the
order and visit lines' joined account codes the same as coding their concatenation."""

from __future__ import annotations

import gc

import numpy as np
import pandas as pd

import routekpi.core.handover as handover
from routekpi.core.handover import _joined_codes, _Lines, _text_codes, frame_coded


def _frames() -> list[pd.DataFrame]:
    orders = pd.DataFrame(
        {
            "date": pd.to_datetime(["2026-01-05", "2026-01-06", None, "2026-01-08"]),
            "account": pd.Series(["B", "A", None, "B"], dtype="str"),
            "rep": ["x", "y", "x", None],
        }
    )
    visits = pd.DataFrame(
        {
            "date": pd.to_datetime(["2026-01-07", "2026-01-09", "2026-01-09"]),
            "account": pd.Series(["C", None, "A"], dtype="str"),
            "rep": ["y", "z", "x"],
        }
    )
    return [orders, visits]


def test_joined_codes_are_those_of_the_concatenation() -> None:
    """First seen in the orders, then the visits' new ones; none where no account; and
    values that read alike in an object column (1 and "1") one text, one code."""
    frames = _frames()
    codes, names = _joined_codes(frames, "account")
    assert names == ["B", "A", "C"]
    assert codes.tolist() == [0, 1, -1, 0, 2, -1, 1]
    mixed = [
        pd.DataFrame({"account": pd.Series([1, "1", None, 2.5], dtype=object)}),
        pd.DataFrame({"account": pd.Series(["2.5", 1, "new"], dtype=object)}),
        pd.DataFrame({"account": pd.Series([None, None], dtype=object)}),
    ]
    want = _text_codes(pd.concat([f["account"] for f in mixed], ignore_index=True))
    got = _joined_codes(mixed, "account")
    assert got[1] == want[1] == ["1", "2.5", "new"]
    assert got[0].tolist() == want[0].tolist() == [0, 0, -1, 1, 1, 0, 2, -1, -1]


def test_a_frame_is_coded_once_while_it_lives() -> None:
    orders, visits = _frames()
    first = frame_coded(orders, "account")
    assert frame_coded(orders, "account") is first
    assert not first[0].flags.writeable
    assert first[0].tolist() == [0, 1, -1, 0] and list(first[1]) == ["B", "A"]
    lines = _Lines([orders, visits])
    again = _Lines([orders, visits])
    assert again.rep is lines.rep and again.day is lines.day  # read once
    assert lines.reps == ["x", "y", "z"] and lines.rep.tolist() == [0, 1, 0, -1, 1, 2, 0]
    assert lines.valid.tolist() == [True, True, False, False, True, True, True]
    assert _Lines([visits, orders]).rep.tolist() == [0, 1, 2, 2, 0, 2, -1]  # other order
    # Freed with its frame: nothing kept under its id afterwards.
    key = id(orders)
    del orders, first, lines, again
    gc.collect()
    assert key not in handover._FRAMES
    # A new frame is never taken for one seen before.
    fresh = pd.DataFrame({"account": pd.Series(["Q", "Q"], dtype="str")})
    assert frame_coded(fresh, "account")[0].tolist() == [0, 0]
    assert np.array_equal(frame_coded(visits, "account")[0], [0, -1, 1])
