"""The Orders' account column coded once per run (issue 14, ``core.history.coded``): the
account status, the Daily list's contact rows, the at-risk flags' seasonal breaks and the
like-for-like unit price all read one ``pd.factorize`` of it, not one each (~20 ms a million
lines each). The codes given must change no number."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from routekpi import pipeline
from routekpi.core.history import History, coded
from routekpi.core.levers import same_account_sums
from routekpi.core.route_days import _median_steps
from routekpi.recalc import recalculate
from routekpi.validation.renumbered import account_days, recoded


def _rows() -> pd.DataFrame:
    """Two years, one window end (December 2025): A at ¥1,000 then ¥1,100 (10 orders a year),
    B at ¥500 both years (20 a year), L lost after 2024, N new in 2025."""
    return pd.DataFrame(
        [
            ("A", "2024-01", 10 * 1_000, 10),
            ("A", "2025-12", 10 * 1_100, 10),
            ("B", "2024-01", 20 * 500, 20),
            ("B", "2025-12", 20 * 500, 20),
            ("L", "2024-01", 10 * 5_000, 10),
            ("N", "2025-12", 10 * 100, 10),
        ],
        columns=["account", "month", "revenue", "orders"],
    )


def _sums(f: pd.DataFrame, coded: tuple[np.ndarray, pd.Index] | None) -> pd.DataFrame:
    month = f["month"].map(lambda m: pd.Period(m, "M"))
    return same_account_sums(f["account"], month, f["revenue"], f["orders"], coded)


def test_same_account_sums_on_the_history_codes() -> None:
    f = _rows()
    # Codes of a longer column (as ``coded`` of all the lines, taken at these rows): Z and
    # Y, whom none of these rows names, only add empty account rows.
    longer = pd.concat([pd.Series(["Z", "B"]), f["account"], pd.Series(["Y"])])
    codes, names = pd.factorize(longer)
    coded = (codes[2:-1], pd.Index(names))
    got = _sums(f, coded)
    assert list(got["month"]) == [pd.Period("2025-12", "M")]
    row = got.iloc[0]
    # A: w = 10 + 10, change log(1100 / 1000); B: w = 40, no change; L and N: one window only.
    assert math.isclose(row["weighted"], 20 * math.log(1.1), rel_tol=1e-12)
    assert row["weight"] == 60.0
    assert row["orders_now"] == 30.0 and row["orders_then"] == 30.0
    pd.testing.assert_frame_equal(got, _sums(f, None))


def test_a_recalculation_codes_the_orders_accounts_once(
    sample_book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole run codes the column once: validation codes the lines for its own checks
    (the master's starts against each account's first order, the renumbering check's first
    and last orders) and hands the codes to the history's frame, which the engine reads. The
    codes handed over are those a factorize of the history's column gives."""
    seen: list[Any] = []
    in_run: list[Any] = []
    histories: list[History] = []
    factorize, run = pd.factorize, pipeline.run

    def counted(values: Any, *args: Any, **kwargs: Any) -> Any:
        (in_run if histories else seen).append(values)
        return factorize(values, *args, **kwargs)

    def kept(history: History, *args: Any, **kwargs: Any) -> Any:
        histories.append(history)
        return run(history, *args, **kwargs)

    monkeypatch.setattr(pd, "factorize", counted)
    monkeypatch.setattr(pipeline, "run", kept)
    recalculate(sample_book)
    (history,) = histories
    orders = history.orders["account"].astype(str).to_numpy()
    assert len(orders) > 1_000

    def whole(calls: list[Any]) -> int:
        return sum(
            len(v) == len(orders)
            and np.array_equal(
                pd.Series(np.asarray(v, dtype=object)).astype(str).to_numpy(), orders
            )
            for v in calls
        )

    assert whole(seen) == 1
    assert whole(in_run) == 0
    codes, names = coded(history, "orders", "account")
    fresh, fresh_names = factorize(history.orders["account"])
    np.testing.assert_array_equal(codes, fresh)
    pd.testing.assert_index_equal(pd.Index(names), pd.Index(fresh_names), exact=True)


def test_codes_recoded_after_zeros_are_those_of_a_fresh_coding() -> None:
    """``renumbered.recoded``: the lines' codes after 777 is read as 0777 (validation's
    dropped zeros) are what a factorize of the rewritten column gives, and 0777's first and
    last days span both spellings' lines. By hand: lines 777, 0777, -, B, 777, 0777, B; after
    the rewrite 0777, 0777, -, B, 0777, 0777, B: codes 0 0 -1 1 0 0 1, names 0777, B; 0777's
    first day the 1st (a 777 line), last the 9th (0777); B's the 5th and 8th."""
    days = pd.to_datetime(
        [
            "2026-01-01",
            "2026-01-02",
            "2026-01-04",
            "2026-01-05",
            "2026-01-06",
            "2026-01-09",
            "2026-01-08",
        ]
    )
    typed = pd.Series(["777", "0777", None, "B", "777", "0777", "B"], dtype="str")
    lines = pd.DataFrame({"account": typed, "date": days})
    before = account_days(lines)
    assert list(before.names) == ["777", "0777", "B"]
    after = typed.where(typed != "777", "0777")
    got = recoded(before, after)
    assert got.codes.tolist() == [0, 0, -1, 1, 0, 0, 1]
    assert list(got.names) == ["0777", "B"]
    fresh = account_days(lines.assign(account=after))
    np.testing.assert_array_equal(got.codes, fresh.codes)
    pd.testing.assert_index_equal(got.names, fresh.names, exact=True)
    as_days = [pd.Timestamp(v).day for v in (*got.first, *got.last)]
    assert as_days == [1, 5, 9, 8]
    np.testing.assert_array_equal(got.first, fresh.first)
    np.testing.assert_array_equal(got.last, fresh.last)


def test_median_steps_between_contact_days() -> None:
    """``route_days._median_steps``: each account's median days between its contact days
    (the closures' rhythm), NaN with fewer than two days or none."""
    rows = {0: [1, 3, 7, 8], 1: [10, 14], 2: [5], 4: [0, 1, 3, 6, 10]}
    pos = np.array([a for a, days in rows.items() for _ in days], dtype=np.int64)
    day = np.array([d for days in rows.values() for d in days], dtype=np.int64) + 20_000
    got = _median_steps(pos, day, 5)
    # 0: steps 2, 4, 1 → 2; 1: 4; 2 and 3: none; 4: steps 1, 2, 3, 4 → (2 + 3) / 2.
    np.testing.assert_array_equal(got, [2.0, 4.0, np.nan, np.nan, 2.5])
