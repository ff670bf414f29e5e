"""Whose accounts a leave covers: those its rep held when it began, not today's master's
(core.at_work.leave_accounts; trial 52: two accounts 中村 served until they came to 小林 after
his 育休 were read as 小林's, ¥13.3M of 中村's orders moved to him). The frames' rule and the
DuckDB path's (sources.cover.leave_accounts_of, each account × rep's last order before the
leave) give the same spans.

佐藤 is on leave 2025-07-01 … 2025-09-30; one order on the 10th of every month of 2025:
- s1 (sheet 佐藤, 100): his, 清水 books it on the leave; one 清水 delivery on 2025-06-20
  (10) does not make it 清水's — 佐藤 had served it;
- m1 (sheet 佐藤, 1,000): 中村's all year until December, 佐藤's from 2026-01 — 中村's then;
- r1 (sheet 中村, 50): 佐藤's until June, 清水 on the leave, 中村's from October — 佐藤's then.
By hand: the spans s1 and r1; moved 清水 → 佐藤 3 × 100 + 3 × 50 = 450 (6 orders); 中村's 3,000
on m1 stays his (by today's sheet: s1 and m1, 清水 300 and 中村 3,000 moved).
"""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from routekpi.core.at_work import leave_accounts, with_cover_orders
from routekpi.core.calendar import leave_spans
from routekpi.core.history import History
from routekpi.sources.cover import BOOKED, leave_accounts_of
from tests.history_helpers import accounts_frame

T = pd.Timestamp
LEAVE = (T("2025-07-01"), T("2025-09-30"))


def _rep(account: str, day: pd.Timestamp) -> str:
    on_leave = LEAVE[0] <= day <= LEAVE[1]
    if account == "s1":
        return "清水" if on_leave else "佐藤"
    if account == "m1":
        return "佐藤" if day >= T("2026-01-01") else "中村"
    return "佐藤" if day < LEAVE[0] else "清水" if on_leave else "中村"


def _history() -> History:
    rows = [
        (m + pd.Timedelta(days=9), a, _rep(a, m + pd.Timedelta(days=9)), price, 1.0)
        for m in pd.date_range("2025-01-01", "2026-02-01", freq="MS")
        for a, price in (("s1", 100.0), ("m1", 1_000.0), ("r1", 50.0))
    ]
    rows.append((T("2025-06-20"), "s1", "清水", 10.0, 1.0))
    orders = pd.DataFrame(rows, columns=["date", "account", "rep", "amount", "quantity"])
    leave = pd.DataFrame(
        [("佐藤", LEAVE[0], LEAVE[1], "育休")], columns=["rep", "start", "end", "reason"]
    )
    accounts = accounts_frame(["s1", "m1", "r1"], ["佐藤", "佐藤", "中村"], start="2020-01-06")
    return History(orders, accounts=accounts, leave=leave)


def test_the_leave_covers_the_accounts_he_held_when_it_began() -> None:
    h = _history()
    spans = leave_accounts(h.accounts, h.orders, leave_spans(h.leave))
    assert spans["account"].tolist() == ["r1", "s1"]
    assert set(spans["holder"]) == {"佐藤"}
    moved = with_cover_orders(h, date(2025, 12, 31))
    assert moved.cover_orders is not None
    got = moved.cover_orders.groupby(["visitor", "holder"])[["revenue", "orders"]].sum()
    assert got.reset_index().values.tolist() == [["清水", "佐藤", 450.0, 6.0]]
    on_leave = moved.orders[moved.orders["date"].between(*LEAVE)]
    by_rep = on_leave.groupby("rep")["amount"].sum().to_dict()
    assert by_rep == {"佐藤": 450.0, "中村": 3_000.0}


def test_the_duckdb_path_reads_the_same_spans() -> None:
    h = _history()
    con = duckdb.connect()
    con.register("orders_in", h.orders)
    con.execute(f"CREATE TEMP VIEW {BOOKED} AS SELECT * FROM orders_in")
    spans = leave_accounts_of(lambda sql: con.execute(sql).df(), h.accounts, leave_spans(h.leave))
    frames = leave_accounts(h.accounts, h.orders, leave_spans(h.leave))
    assert spans.values.tolist() == frames.values.tolist()
    assert spans["account"].tolist() == ["r1", "s1"]
