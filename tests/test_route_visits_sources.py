"""A Sources book (compact history) reads route weekdays from its visit days, as pasted rows do.

Before, a compact history carried no visit days per account: an account visited every
Tuesday and ordering by phone every Thursday was on Thursday's route from files and on
Tuesday's from pasted rows (trial 40 D1's rule, core.route_days.route_rows). Now the facts
carry each account's visit days in the route weeks (``HistoryFacts.route_visits``), from
pandas (core.compact) and from SQL (route_visits.sql) alike.

The hand-built history is tests/test_daily_route_visits.py's (a Mon–Sat bakery route, list
from Saturday 2026-12-05): TUE visited every Tuesday for 26 weeks, ordering every Thursday →
火; THU orders every Thursday, no visit → 木; FEW orders every Thursday with 2 Monday visits
(< 12 visit days: its contact days together, Monday 2 of 28 = 7% < 10%) → 木.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from test_daily_route_visits import CAL, END, _history, _on

from routekpi.core.compact import compact_history
from routekpi.core.route_days import ROUTE_WEEKS, bits_weekdays, route_of, route_visit_days
from routekpi.recalc import recalculate
from tests.history_helpers import sql_views
from tests.workbook_files import csv_history, sources_or_pasted_book

WANTED = pd.Index(["TUE", "THU", "FEW"])


def _route_history():  # type: ignore[no-untyped-def]
    tue, thu = _on(1, 26), _on(3, 26)
    orders = [(d, a) for d in thu for a in ("TUE", "THU", "FEW")]
    visits = [(d, "TUE") for d in tue] + [(d, "FEW") for d in _on(0, 26)[-2:]]
    # A visit older than the route weeks and a meeting with a prospect: no route visit day.
    visits.append((END - pd.Timedelta(days=ROUTE_WEEKS * 7 + 3), "TUE"))
    history = _history(orders, visits)
    extra = history.visits.iloc[:1].assign(kind="meeting", date=pd.Timestamp(END), account=None)
    return replace(history, visits=pd.concat([history.visits, extra], ignore_index=True))


def test_the_compact_history_reads_the_route_from_the_visit_days_as_the_rows_do() -> None:
    history = _route_history()
    raw = route_of(history, WANTED, END, CAL)
    compact = compact_history(history, END)
    assert compact.facts is not None and compact.facts.route_visits is not None
    # TUE's Tuesdays at work (23 of the 26: three are holidays) and FEW's 2 Mondays, not
    # the old visit nor the prospect's meeting: 25 days.
    days = compact.facts.route_visits
    assert len(days) == len(_on(1, 26)) + 2 == 25 and set(days["account"]) == {"TUE", "FEW"}
    from_facts = route_of(compact, WANTED, END, CAL)
    assert [bits_weekdays(int(b)) for b in from_facts] == [[1], [3], [3]]
    assert list(from_facts) == list(raw)
    # Built without them (an older compact history): the order days alone, TUE on Thursday.
    without = replace(compact, facts=replace(compact.facts, route_visits=None))
    assert bits_weekdays(int(route_of(without, WANTED, END, CAL)[0])) == [3]


def test_the_route_visit_days_in_sql_give_the_pandas_ones() -> None:
    pytest.importorskip("duckdb")
    from routekpi.sources.sqltext import facts_from_sql

    history = _route_history()
    want = route_visit_days(history.visits, END, END)
    con = sql_views(history.orders, history.visits)
    got = facts_from_sql(lambda sql: con.execute(sql).df(), END).route_visits
    assert got is not None and len(want) == 25
    pd.testing.assert_frame_equal(want.astype({"account": object}), got.astype({"account": object}))


def _daily_line(book: Path, account: str) -> str:
    """The Daily sheet's first line listing ``account`` (its cells joined)."""
    ws = openpyxl.load_workbook(book, read_only=True)["Daily"]
    for row in ws.iter_rows(values_only=True):
        if account in row:
            return " | ".join(str(c) for c in row if c is not None)
    return ""


def test_the_same_book_pasted_and_from_files_puts_the_account_on_tuesdays_route(
    tmp_path: Path,
) -> None:
    """Written, recalculated and read back: TUE (visited every Tuesday for 26 weeks to
    2026-12-05, ordering every Thursday) is listed 「火 訪問日」 on its missed Tuesday from
    pasted rows and from CSV files through Sources alike (from files before: 「訪問間隔超過
    7日」, no route, its Thursdays' orders only; 「火 納品」 before its route of visit days
    was worded as such)."""
    end = date(2026, 12, 5)
    span = [end - timedelta(days=k) for k in range(26 * 7)]
    tue = sorted(d for d in span if d.weekday() == 1)
    thu = sorted(d for d in span if d.weekday() == 3)

    def day(d: date) -> str:
        return d.strftime("%Y/%m/%d")

    orders: list[list[object]] = [["受注日", "顧客コード", "担当者", "金額", "数量"]]
    orders += [[day(d), a, "P", 10000, 1] for d in thu for a in ("TUE", "THU")]
    visits: list[list[object]] = [["訪問日", "担当者", "顧客コード", "種別", "結果"]]
    visits += [[day(d), "P", "TUE", "訪問", None] for d in tue]
    accounts: list[list[object]] = [["顧客コード", "顧客名", "担当者", "取引開始日", "解約日"]]
    accounts += [["TUE", "火曜商店", "P", "2020/01/01", None]]
    accounts += [["THU", "木曜商店", "P", "2020/01/01", None]]
    rows = {"Orders": orders, "Visits": visits, "Accounts": accounts}
    csv_history(tmp_path, rows)
    pasted = sources_or_pasted_book(tmp_path / "pasted.xlsm", rows, 1_000_000)
    sourced = sources_or_pasted_book(tmp_path / "sourced.xlsm", None, 1_000_000)
    lines = []
    for book in (pasted, sourced):
        recalculate(book, today=date(2026, 12, 7))  # the list from Monday 12/7, not the clock's
        lines.append(_daily_line(book, "TUE"))
    # Visited Tuesday 12/1, every 7 days: listed on its route day 12/8, nothing missed (the
    # P rep has no visit after the orders' 12/3, so 12/4–12/6 are assumed at his rhythm:
    # no Tuesday among them).
    assert lines[0].startswith("P | 2026-12-08")
    assert "火 訪問日、" in lines[0] and "記録なし" not in lines[0]
    assert lines[1] == lines[0]
