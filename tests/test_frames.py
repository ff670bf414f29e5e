"""The columnar helpers the engine's hot paths read through (core.frames): the same answers as
the pandas and NumPy calls they stand for, on columns big enough to take their fast paths."""

from __future__ import annotations

import numpy as np
import pandas as pd

from routekpi.core.frames import month_ordinals, text_in, text_positions


def test_month_ordinals_count_months_since_1970_across_the_epoch_and_month_ends() -> None:
    # 2,000 values over a span of days shorter than that: the per-day table path (≥ 1,024
    # values); the same days three at a time take NumPy's own cast.
    for edges, months in (
        (["1969-12-31T23:59:59", "1970-01-01", "1970-01-31T23:59:59.999999999"], [-1, 0, 0]),
        # Months since 1970-01: March 2026 is 56 * 12 + 2 = 674, April 675.
        (["2026-03-01", "2026-03-31T23:59:59.999999999", "2026-04-01"], [674, 674, 675]),
    ):
        days = np.array(edges * 667, dtype="datetime64[ns]")[:2000]
        assert month_ordinals(days).tolist() == (months * 667)[:2000]
        assert month_ordinals(days[:3]).tolist() == months


def test_month_ordinals_with_a_missing_day_cast_each_value() -> None:
    days = np.array(["2025-04-15", "NaT"] * 600, dtype="datetime64[ns]")
    got = month_ordinals(days)
    assert got[0] == 55 * 12 + 3  # April 2025
    assert got[1] == np.datetime64("NaT", "M").astype(np.int64)  # as NumPy's cast gives it


def test_text_in_and_text_positions_on_arrow_text_and_on_objects() -> None:
    values = ["C001", None, "C002", "C003", "C001"]
    arrow = pd.Series(values, dtype="str")
    wanted = {"C001", "C003"}
    assert text_in(arrow, wanted).tolist() == [True, False, False, True, True]
    assert text_in(pd.Series(values, dtype=object), wanted).tolist() == [
        True,
        False,
        False,
        True,
        True,
    ]
    index = pd.Index(["C003", "C002"])
    assert text_positions(arrow, index).tolist() == [-1, -1, 1, 0, -1]
    # Only where Arrow's lookup is the same as get_indexer: Arrow-backed text, unique texts.
    assert text_positions(pd.Series(values, dtype=object), index) is None
    assert text_positions(arrow, pd.Index(["C001", "C001"])) is None
