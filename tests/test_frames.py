"""The columnar helpers the engine's hot paths read through (core.frames): the same answers as
the pandas and NumPy calls they stand for, on columns big enough to take their fast paths."""

from __future__ import annotations

import numpy as np
import pandas as pd

from routekpi.core.frames import (
    latest_by_text,
    month_ordinals,
    sum_by_key,
    text_in,
    text_positions,
)


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


def test_sum_by_key_sums_each_group_as_the_sorted_groupby_does() -> None:
    # Keys out of order, a group of NaN only (0.0 with min_count 0, NaN with 1), and values
    # whose sum depends on the order they are added in: the same bits as groupby(key).sum().
    key = np.array([30, 10, 30, 20, 10, 30], dtype=np.int64)
    values = pd.DataFrame(
        {"a": [1e16, 0.1, 1.0, np.nan, 0.2, -1e16], "b": [1.0, 2.0, 3.0, np.nan, 5.0, 6.0]}
    )
    got = sum_by_key(values, key)
    assert got.index.tolist() == [10, 20, 30]
    assert got["b"].tolist() == [7.0, 0.0, 10.0]  # 2 + 5; none; 1 + 3 + 6
    pd.testing.assert_frame_equal(got, values.groupby(key).sum(), check_exact=True)
    one = sum_by_key(values["b"], key, min_count=1)
    assert np.isnan(one[20]) and one[10] == 7.0
    pd.testing.assert_series_equal(one, values["b"].groupby(key).sum(min_count=1))


def test_latest_by_text_is_each_reps_last_day_of_the_rows_asked() -> None:
    reps = pd.Series(["b", "a", None, "b", "a", "c"], dtype="str")
    days = pd.Series(
        pd.to_datetime(["2026-04-03", "2026-04-09", "2026-05-01", "2026-04-07", None, None])
    )
    rows = np.array([True, True, True, True, True, False])
    got = latest_by_text(reps, days, rows)
    assert got is not None
    # a: 04-09 (its NaT skipped); b: the later of 04-03 and 04-07; no rep: no group; c's
    # one row not asked: no group.
    assert got.index.tolist() == ["a", "b"]
    assert got.tolist() == [pd.Timestamp("2026-04-09"), pd.Timestamp("2026-04-07")]
    only_nat = latest_by_text(reps, days, np.array([False, False, False, False, True, False]))
    assert only_nat is not None and only_nat.index.tolist() == ["a"] and pd.isna(only_nat["a"])
    assert latest_by_text(reps.astype(object), days, rows) is None  # not Arrow text
    assert latest_by_text(reps, days.astype(object), rows) is None  # not NumPy datetimes
