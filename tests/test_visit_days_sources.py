"""A Sources book (compact history) measures whether orders come with the visits, as pasted
rows do (core.visit_days: trial 40 M6, trial 41 L4).

Before, the measure read the order and visit rows only: a book reading its orders and visits
from files named on the Sources sheet (trial 40's real book) never got it, so its orders per
visit moved, its Review named a best rep on it and its Daily said 影響額. Now the compact
history carries each visited account's order days, visit days and days with both per month
(``HistoryFacts.visit_day_months``, from pandas and from SQL alike), summed over the
baseline's months to the same numbers.

The histories are tests/test_visit_days_books.py's seeded ones (reps A and B, 20 accounts,
weekdays April 2023 – September 2026, plan year FY2026 planned on 2026-09-30).
"""

from __future__ import annotations

import csv
from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from test_visit_days_books import (
    ACCOUNTS,
    DAYS,
    _baseline_orders,
    _checks_lines,
    _history,
    _plan_lever,
    _review,
    _text,
)

from routekpi.core.compact import compact_history
from routekpi.core.history import History
from routekpi.core.visit_days import history_visit_days, visit_day_months, visit_day_orders
from routekpi.messages import MESSAGES, text
from routekpi.recalc import recalculate
from routekpi.render_daily import stake_rule
from routekpi.schema import DAILY
from tests.history_helpers import sql_views
from tests.workbook_files import paste, template_book

AS_OF = date(2026, 9, 30)
FIRST, LAST = pd.Period("2025-04"), pd.Period("2026-03")  # the baseline's months
BASE = {"base_first": "2025-04", "base_last": "2026-03"}


def test_the_month_counts_are_hand_countable() -> None:
    """Two accounts in March–April 2026: V visited 3/2, 3/3 and 4/1 and ordering 3/3 (two
    lines), 3/4 and 4/1; W ordering 3/2 only, never visited (its order day a working day,
    no row of its own); a zero line, a meeting and a line with no account are no days."""
    day = pd.Timestamp
    orders = pd.DataFrame(
        {
            "date": [day(d) for d in ("2026-03-03", "2026-03-03", "2026-03-04", "2026-04-01")]
            + [day("2026-03-02"), day("2026-03-05"), day("2026-03-06")],
            "account": ["V", "V", "V", "V", "W", "V", None],
            "amount": [100.0, 50.0, 80.0, 90.0, 70.0, 0.0, 60.0],
        }
    )
    visits = pd.DataFrame(
        {
            "date": [day(d) for d in ("2026-03-02", "2026-03-03", "2026-04-01", "2026-03-09")],
            "account": ["V", "V", "V", "V"],
            "kind": ["visit", "visit", "visit", "meeting"],
        }
    )
    got = _ordered(visit_day_months(orders, visits, date(2026, 4, 30)))
    assert got["account"].isna().tolist() == [False, False, True, True]  # the month rows
    assert got.drop(columns="account").to_dict("list") == {
        "month": [pd.Period("2026-03"), pd.Period("2026-04")] * 2,
        # V's March: order days 3/3, 3/4; visit days 3/2, 3/3; both 3/3. Working days in
        # March: 3/2, 3/3, 3/4 (3/5's zero line and 3/6's no-account line are none).
        "order_days": [2, 1, 3, 1],
        "visit_days": [2, 1, 0, 0],
        "together": [1, 1, 0, 0],
    }


def _ordered(frame: pd.DataFrame) -> pd.DataFrame:
    """By account (the month rows last), then month: the facts keep them in no order."""
    return frame.sort_values(["account", "month"], na_position="last", ignore_index=True)


@pytest.mark.parametrize("kind", ["apart", "deliveries", "sells"])
def test_the_compact_history_gives_the_rows_numbers(kind: str) -> None:
    """The baseline's measure from the compact history (pandas and SQL) is the rows' to the
    last digit; on the deliveries every baseline order line is an order day and a visit day
    of its account (100% both ways)."""
    pytest.importorskip("duckdb")
    from routekpi.sources.sqltext import facts_from_sql

    history = _history(kind)
    raw = visit_day_orders(history.orders, history.visits, FIRST, LAST)
    compact = compact_history(history, AS_OF)
    assert compact.facts is not None
    con = sql_views(history.orders, history.visits)
    facts = facts_from_sql(lambda sql: con.execute(sql).df(), AS_OF)
    assert facts.visit_day_months is not None and compact.facts.visit_day_months is not None
    pd.testing.assert_frame_equal(
        _ordered(facts.visit_day_months), _ordered(compact.facts.visit_day_months)
    )
    for window in ((FIRST, LAST), (pd.Period("2023-04"), pd.Period("2026-09"))):
        raw = visit_day_orders(history.orders, history.visits, *window)
        assert raw is not None
        assert history_visit_days(compact, *window) == raw
        assert history_visit_days(replace(compact, facts=facts), *window) == raw
    raw = visit_day_orders(history.orders, history.visits, FIRST, LAST)
    assert raw is not None and raw.apart is (kind == "apart")
    assert raw.deliveries is (kind == "deliveries")
    if kind == "deliveries":
        lines = len(_baseline_orders(history))
        assert (raw.order_days, raw.visit_days, raw.on_visit_days) == (lines, lines, 1.0)
    # Built without them (an older compact history): not measured.
    bare = replace(compact, facts=replace(compact.facts, visit_day_months=None))
    assert history_visit_days(bare, FIRST, LAST) is None


def test_only_the_months_a_baseline_can_read_are_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """Both builders keep the ``KEPT_MONTHS`` to the as-of date only (here cut to 24: the
    seeded history's 42 months all fit in the product's 48): the baseline's measure stays the
    rows', and a window reaching before the months kept is not measured (no part-window
    number)."""
    pytest.importorskip("duckdb")
    from routekpi.core import visit_days
    from routekpi.sources.sqltext import facts_from_sql

    monkeypatch.setattr(visit_days, "KEPT_MONTHS", 24)
    history = _history("apart")
    compact = compact_history(history, AS_OF)
    con = sql_views(history.orders, history.visits)
    facts = facts_from_sql(lambda sql: con.execute(sql).df(), AS_OF)
    assert compact.facts is not None and compact.facts.visit_day_months is not None
    assert facts.visit_day_months is not None
    pd.testing.assert_frame_equal(
        _ordered(facts.visit_day_months), _ordered(compact.facts.visit_day_months)
    )
    months = compact.facts.visit_day_months["month"]
    assert (months.min(), months.max()) == (pd.Period("2024-10"), pd.Period("2026-09"))
    raw = visit_day_orders(history.orders, history.visits, FIRST, LAST)
    assert raw is not None
    for sourced in (compact, replace(compact, facts=facts)):
        assert history_visit_days(sourced, FIRST, LAST) == raw
        assert history_visit_days(sourced, pd.Period("2024-09"), LAST) is None


def _book(path: Path, history: History, sourced: bool) -> Path:
    """The book tests/test_visit_days_books.py pastes (history_book), or — ``sourced`` — the
    same with its orders and visits in orders.csv and visits.csv beside it, named on Sources
    (the accounts pasted)."""
    kgi = float(_baseline_orders(history)["amount"].sum()) * 1.01
    orders = [
        [r.date.date(), r.account, r.rep, r.amount, 1, None] for r in history.orders.itertuples()
    ]
    visits = [[r.date.date(), r.rep, r.account, "訪問", None] for r in history.visits.itertuples()]
    accounts = [[a, a, a[0], DAYS[0].date(), None, None, None] for a in ACCOUNTS]
    with template_book(path, kgi=kgi, plan_year=2026, start_month=4, as_of=AS_OF) as wb:
        paste(wb, "Accounts", accounts)
        if not sourced:
            paste(wb, "Orders", orders)
            paste(wb, "Visits", visits)
        else:
            files = {
                "orders.csv": (["受注日", "顧客コード", "担当者", "金額", "数量"], orders),
                "visits.csv": (["訪問日", "担当者", "顧客コード", "種別", "結果"], visits),
            }
            for name, (header, rows) in files.items():
                with (path.parent / name).open("w", encoding="utf-8", newline="") as out:
                    body = [[r[0].strftime("%Y/%m/%d"), *r[1:5]] for r in rows]
                    csv.writer(out).writerows([header, *body])
            ws = wb["Sources"]
            for i, row in enumerate((("受注", "orders.csv"), ("訪問", "visits.csv")), start=2):
                for j, value in enumerate(row, start=1):
                    ws.cell(i, j, value)
            next(iter(ws.tables.values())).ref = "A1:D3"
    return path


@pytest.fixture(scope="module")
def apart_books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The apart history (trial 40: EDI orders) pasted and from files, each recalculated."""
    history = _history("apart")
    out = {}
    for name in ("pasted", "sourced"):
        out[name] = _book(tmp_path_factory.mktemp(name) / "book.xlsm", history, name == "sourced")
        recalculate(out[name])
    return out


def test_the_book_from_files_keeps_visits_at_their_trend_as_the_pasted_one(
    apart_books: dict[str, Path],
) -> None:
    """From files as pasted: the Plan's visit frequency kept at its trend (the same rows, trial
    45 M1), no best
    rep on the Review's orders-per-visit rows, the Daily's stops ranked by the days waited
    (「順番の目安」, never 「影響額」), and Checks says it with the same numbers."""
    pasted, sourced = apart_books["pasted"], apart_books["sourced"]
    for label in ("訪問頻度(月/顧客)", "訪問あたり受注数"):
        assert _plan_lever(sourced, label) == _plan_lever(pasted, label)
    kept = text("plan.lever_apart_visits", "ja").replace(" ", "")
    assert kept in _plan_lever(pasted, "訪問頻度(月/顧客)").replace(" ", "")
    for book in (pasted, sourced):
        rows = [r for r in _review(book) if r["kpi_key"] == "orders_per_visit"]
        assert len(rows) == 3 and not any(r["best_rep"] for r in rows)
        daily = _text(book, DAILY)
        assert stake_rule("ja", True).replace(" ", "") in daily
        assert "順番の目安¥" in daily and "影響額" not in daily
    history = _history("apart")
    on_days = visit_day_orders(history.orders, history.visits, FIRST, LAST)
    assert on_days is not None
    said = text("orders_apart_from_visits", "ja", **on_days.params(), **BASE)
    start = MESSAGES["orders_apart_from_visits"]["ja"].split(":")[0]
    assert _checks_lines(pasted, start) == [said] == _checks_lines(sourced, start)
