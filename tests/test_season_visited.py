"""A past order gap the rep kept visiting is no seasonal break (trial 48 L7).

On a weekly delivery route the Checks held 5 silent accounts open as "seasonal", 4 of them
closed: their "break" a year before was a run of weekly stops without an order. During a
real seasonal break the rep does not keep stopping (core.lapse ``visited_breaks``).

Hand-built history, as of 2026-12-01, one rep A, a master with no end dates:

- W1 and S1 order every Friday from 2024-06-07 to 2026-05-15 (their last: silent 200 days
  on 2026-12-01), but none from 2025-05-16 to 2025-10-03. A year before the last order:
  2025-05-15; orders more than 45 days after it (after 2025-06-29): 2025-10-10, 10-17,
  10-24 → the 3rd is 162 days after 2025-05-15: its season. Usual gap 7 days: 3 orders at
  1.5 × 7 = 31.5 days < 162 − 45 → a break read on the orders: held 162 + 45 = 207 days,
  to 2026-12-08, so on 2026-12-01 both are "seasonal" without visits.
- W1 is visited every Friday from 2024-06-07 to 2026-05-15 (orders or not): the break's
  silence 2025-06-29 … 2025-10-23 (117 days) in 30-day spans from 2025-06-29: 4 spans, a
  visit in all 4 ≥ ⅔ × 4 → no break. Its plain rule: 50% of A's revenue (a large account),
  max(6 × 7, 2 × 154 longest gap) = 308 → at most 180 days: lost 2026-11-11.
- S1 is visited on the same Fridays but none from 2025-05-16 to 2025-10-09 (the rep did not
  stop during its break): in the span only 2025-10-10 … 10-23 (span 4), 1 of 4 < ⅔ × 4 →
  still a break: held.
- G1 orders once, 2024-07-01 (lost 180 days later, 2024-12-28; the master records no ends):
  its end the day after its last order, 2024-07-02 (fix49a, as a closure flag's).
- A1 orders on the 1st of every month, 2024-06-01 … 2026-12-01 (the books' as-of date: the
  last order), visited on those days; its monthly pace is no break.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from routekpi.core.history import ORDER_COLUMNS
from routekpi.core.lapse import master_lapses, order_rhythm, visited_breaks
from routekpi.recalc import recalculate
from tests.workbook_files import checks_sheet, csv_history, sources_or_pasted_book

AS_OF = date(2026, 12, 1)
FRIDAYS = pd.date_range("2024-06-07", "2026-05-15", freq="W-FRI")
GAP = (pd.Timestamp("2025-05-16"), pd.Timestamp("2025-10-03"))
S1_UNVISITED = (pd.Timestamp("2025-05-16"), pd.Timestamp("2025-10-09"))


def _between(days: pd.DatetimeIndex, span: tuple[pd.Timestamp, pd.Timestamp]) -> np.ndarray:
    return np.asarray((days >= span[0]) & (days <= span[1]))


def _orders() -> pd.DataFrame:
    days = FRIDAYS[~_between(FRIDAYS, GAP)]
    rows = [(d, a, "A", 3_500.0, 1.0) for a in ("W1", "S1") for d in days]
    rows.append((pd.Timestamp("2024-07-01"), "G1", "A", 3_500.0, 1.0))
    months = pd.date_range("2024-06-01", "2026-12-01", freq="MS")
    rows += [(d, "A1", "A", 3_500.0, 1.0) for d in months]
    return pd.DataFrame(rows, columns=list(ORDER_COLUMNS)).astype({"date": "datetime64[ns]"})


def _visits() -> pd.DataFrame:
    s1 = FRIDAYS[~_between(FRIDAYS, S1_UNVISITED)]
    rows = [("W1", d) for d in FRIDAYS] + [("S1", d) for d in s1]
    rows += [("A1", d) for d in pd.date_range("2024-06-01", "2026-12-01", freq="MS")]
    return pd.DataFrame(rows, columns=["account", "date"])


def _master() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "account": ["W1", "S1", "G1", "A1"],
            "rep": ["A"] * 4,
            "start": pd.to_datetime(["2024-06-01", "2024-06-01", "2024-07-01", "2024-06-01"]),
            "end": pd.to_datetime([None] * 4),
        }
    )


def test_the_season_read_off_the_orders() -> None:
    r = order_rhythm(_orders(), AS_OF)
    assert r.at["W1", "season"] == 162 and r.at["S1", "season"] == 162
    assert r.at["W1", "usual"] == 7 and r.at["W1", "longest"] == 154


def test_visited_break_is_dropped_unvisited_kept() -> None:
    r = visited_breaks(order_rhythm(_orders(), AS_OF), _visits())
    assert np.isnan(r.at["W1", "season"])
    assert r.at["S1", "season"] == 162
    # Without visits the orders-only rule stands: the same table.
    plain = order_rhythm(_orders(), AS_OF)
    pd.testing.assert_frame_equal(visited_breaks(plain, None), plain)
    pd.testing.assert_frame_equal(visited_breaks(plain, _visits().iloc[:0]), plain)


def test_master_ends_the_visited_and_holds_the_seasonal() -> None:
    orders = _orders()
    rhythm = order_rhythm(orders, AS_OF)
    first = orders["date"].min()
    _, ended, seasonal = master_lapses(_master(), rhythm, AS_OF, first)
    assert sorted(seasonal) == ["S1", "W1"] and ended == ["G1"]  # orders only
    out, ended, seasonal = master_lapses(_master(), visited_breaks(rhythm, _visits()), AS_OF, first)
    assert seasonal == ["S1"] and sorted(ended) == ["G1", "W1"]
    ends = out.set_index("account")["end"]
    assert ends["W1"] == pd.Timestamp("2026-05-16")  # lost on 2026-11-11, after 2026-05-15
    assert ends["G1"] == pd.Timestamp("2024-07-02")
    assert pd.isna(ends["S1"])


def test_checks_hold_only_the_unvisited_in_both_paths(tmp_path: Path) -> None:
    day = "%Y/%m/%d"
    rows = {
        "Orders": [
            ["受注日", "顧客コード", "担当者", "金額", "数量"],
            *[
                [d.strftime(day), a, r, amt, q]
                for d, a, r, amt, q in _orders().itertuples(index=False)
            ],
        ],
        "Visits": [
            ["訪問日", "担当者", "顧客コード", "種別", "結果"],
            *[
                [d.strftime(day), "A", a, "訪問", None]
                for a, d in _visits().itertuples(index=False)
            ],
        ],
        "Accounts": [
            ["顧客コード", "担当者", "開始日", "解約日"],
            *[[a, r, s.strftime(day), None] for a, r, s, _ in _master().itertuples(index=False)],
        ],
    }
    csv_history(tmp_path, rows)
    pasted = sources_or_pasted_book(tmp_path / "pasted.xlsm", rows, kgi=1_000_000, plan_year=2027)
    sourced = sources_or_pasted_book(tmp_path / "sourced.xlsm", None, kgi=1_000_000, plan_year=2027)
    # The sourced book's Checks name the master's file, not the sheet.
    for book, sheet in ((pasted, "Accounts"), (sourced, "accounts.csv")):
        recalculate(book)
        texts = [str(r[4]) for r in checks_sheet(book, sheet)]
        held = [t for t in texts if "季節の休み" in t]
        assert len(held) == 1 and "1件" in held[0] and "S1(2026-05-15; 162)" in held[0], book
        assert "W1" not in held[0]
        ended = [t for t in texts if "解約とみなしました" in t]
        assert len(ended) == 1 and "2件" in ended[0], book
