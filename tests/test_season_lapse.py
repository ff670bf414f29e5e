"""A customer on its seasonal break is not lost, nor flagged neglected (trial 37).

A heating-oil round: households order November – March and nothing all summer. A customer
master that types only some of its closings is read through the lapse rule (core.lapse
``master_lapses``): 180 days without an order ended every household silent since spring.
Now a customer whose orders, a year before its last one, took far longer than its usual
gaps to come again (its season, ``order_rhythm``: from that day to its 3rd order more than
45 days after it) is lost only after its season and 45 days (at most a year).

Hand-built history, as of 2025-11-30:

- H1 (household) orders 2023-11-15, 12-10, 2024-01-10, 02-10, 03-10, 11-20, 12-10,
  2025-01-05, 02-01, 03-15 (last). A year before its last order: 2024-03-15; orders after
  2024-04-29: 2024-11-20, 12-10, 2025-01-05 → the 3rd is 296 days after 2024-03-15. Its
  gaps 25 31 31 29 255 20 26 27 42: median 29; 3 orders at 1.5 × 29 = 130.5 days < 296 − 45
  → a break. Lost 296 + 45 = 341 days after 2025-03-15 (2026-02-19): held on 2025-11-30
  (silent 260 days; the plain rule ended it on 2025-09-11).
- M1 (monthly on the 5th, 2023-11-05 … 2025-04-05): a year before, 2024-04-05; its 3rd
  order after 2024-05-20 is 2024-08-05, 122 days; 122 − 45 = 77 < 1.5 × 3 × 30.5 → its usual
  pace, no break: lost 180 days after 2025-04-05 (2025-10-02), its end dated the day after
  its last order, 2025-04-06 (fix49a: a master's untyped end, as a closure flag's).
- G1 orders once, 2023-12-01: lost 180 days later (2024-05-29), its end 2023-12-02.
- A1 orders on the 28th of every month through 2025-11-28, the last 2025-11-30.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from routekpi.core.flags import season_breaks
from routekpi.core.history import ORDER_COLUMNS, History
from routekpi.core.lapse import lapse_after, master_lapses, order_rhythm
from routekpi.recalc import recalculate
from tests.workbook_files import checks_sheet, sources_or_pasted_book

AS_OF = date(2025, 11, 30)
H1 = [
    "2023-11-15", "2023-12-10", "2024-01-10", "2024-02-10", "2024-03-10",
    "2024-11-20", "2024-12-10", "2025-01-05", "2025-02-01", "2025-03-15",
]  # fmt: skip


def _orders() -> pd.DataFrame:
    rows = [(pd.Timestamp(d), "H1", "A", 20_000.0, 100.0) for d in H1]
    rows += [
        (m.start_time + pd.Timedelta(days=4), "M1", "A", 10_000.0, 1.0)
        for m in pd.period_range("2023-11", "2025-04", freq="M")
    ]
    rows.append((pd.Timestamp("2023-12-01"), "G1", "A", 5_000.0, 1.0))
    rows += [
        (m.start_time + pd.Timedelta(days=27), "A1", "A", 30_000.0, 1.0)
        for m in pd.period_range("2023-11", "2025-11", freq="M")
    ]
    rows.append((pd.Timestamp("2025-11-30"), "A1", "A", 30_000.0, 1.0))
    return pd.DataFrame(rows, columns=list(ORDER_COLUMNS)).astype({"date": "datetime64[ns]"})


def _master() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "account": ["H1", "M1", "G1", "A1"],
            "rep": ["A"] * 4,
            "start": pd.to_datetime(["2023-11-01", "2023-11-01", "2023-12-01", "2023-11-01"]),
            "end": pd.to_datetime([None] * 4),
        }
    )


def test_season_read_off_the_order_days() -> None:
    r = order_rhythm(_orders(), AS_OF)
    assert r.at["H1", "season"] == 296
    assert r.at["H1", "usual"] == 29
    assert r.at["M1", "season"] == 122
    assert pd.isna(r.at["G1", "season"])  # a customer of under a year before its last order
    after = lapse_after(r, pd.Index(["H1", "M1"]), as_of=AS_OF, seasonal=True)
    assert after.tolist() == [341.0, 180.0]
    plain = lapse_after(r, pd.Index(["H1", "M1"]), as_of=AS_OF)
    assert plain.tolist() == [180.0, 180.0]


def test_master_holds_the_household_and_ends_the_others() -> None:
    orders = _orders()
    out, ended, seasonal = master_lapses(
        _master(), order_rhythm(orders, AS_OF), AS_OF, orders["date"].min()
    )
    assert seasonal == ["H1"]
    assert sorted(ended) == ["G1", "M1"]
    ends = out.set_index("account")["end"]
    assert ends["M1"] == pd.Timestamp("2025-04-06")
    assert ends["G1"] == pd.Timestamp("2023-12-02")
    assert pd.isna(ends["H1"]) and pd.isna(ends["A1"])


def test_sql_reads_the_same_season() -> None:
    pytest.importorskip("duckdb")
    from history_helpers import sql_views

    from routekpi.sources.sqltext import parameters, render, rhythm_frame

    orders = _orders()
    con = sql_views(orders)
    sql = rhythm_frame(con.execute(render("order_rhythm", parameters(AS_OF))).df())
    mine = order_rhythm(orders, AS_OF)
    pd.testing.assert_series_equal(
        sql["season"], mine["season"].astype(float), check_names=False, check_index_type=False
    )


def test_flag_waits_for_last_years_return() -> None:
    """H1 came back 250 days after 2024-03-15 (2024-11-20): due 250 days after 2025-03-15,
    2025-11-20. Not neglected while silent for less (245 days on 2025-11-15), flagged once
    past it (260 on 2025-11-30), saying when it was due; M1 is on no break."""
    history = History(orders=_orders())
    before = season_breaks(history, date(2025, 11, 15), ["H1", "M1"])
    assert before.index.tolist() == ["H1"]
    assert before.at["H1", "due"] == "2025-11-20" and bool(before.at["H1", "resting"])
    after = season_breaks(history, AS_OF, ["H1", "M1"])
    assert after.at["H1", "due"] == "2025-11-20" and not bool(after.at["H1", "resting"])


def test_checks_say_the_household_is_held(tmp_path: Path) -> None:
    orders = _orders()
    day = "%Y/%m/%d"
    rows = {
        "Orders": [
            ["受注日", "顧客コード", "担当者", "金額", "数量"],
            *[
                [d.strftime(day), a, r, amt, q]
                for d, a, r, amt, q in orders.itertuples(index=False)
            ],
        ],
        "Accounts": [
            ["顧客コード", "担当者", "開始日", "解約日"],
            *[[a, r, s.strftime(day), None] for a, r, s, _ in _master().itertuples(index=False)],
        ],
    }
    book = sources_or_pasted_book(tmp_path / "b.xlsm", rows, kgi=1_500_000, plan_year=2026)
    recalculate(book)
    texts = [str(r[4]) for r in checks_sheet(book, "Accounts")]
    held = [t for t in texts if "季節の休み" in t]
    assert len(held) == 1 and "1件" in held[0] and "H1(2025-03-15; 296)" in held[0]
    ended = [t for t in texts if "解約とみなしました" in t]
    assert len(ended) == 1 and "2件" in ended[0]
