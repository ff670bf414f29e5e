"""Old customers back after a pause, read the same from files as from pasted rows (issue #10).

core.lapse reads the history's pauses between orders twice: to take the old customers
hidden among an order export's first wins out of the new-account pace (hidden_returners),
and — while the history is too short for ``returning`` to measure who comes back — to put
the lost customers the same pauses expect back in the plan year into the starting book
(pause_returners). A history read from files or a database reaches the engine summed
(HistoryFacts): it carries the pauses per length in days (``pauses``: pandas
``pause_counts``, SQL ``pauses.sql``), so both paths give the same targets.

The hand-built export (rep A and B, orders on the 10th, AsOf 2025-03-31, FY2025 from April):

- S0…S9 (A) and T0…T5 (B) order every month 2024-04 … 2025-02 on the 10th, then 03-31;
- Q0…Q4 (A) order on 2024-04-10 and 2025-01-10 (a pause of 275 days, ended);
- P0…P3 (B) order on 2024-04-10 and 2025-03-20 (344 days, ended);
- L0…L3 (A) and L4, L5 (B) order monthly 2024-04 … 06, then stop: lost 2024-12-07;
- Z0 (A) and Z1 (B) order on 2024-04-10 only: lost 2024-10-07;
- W0, W1 and R (A) order monthly from 2024-12: first seen after the start span (won).

Pauses longer than 294 days (the L's, still running at the as-of date): the 6 L's leave the
risk set there unseen; of the 6 left (P's and Z's), 4 end on day 344 (S × 2/6); the Z's run
on to day 355, the longest the history shows. An L paused 294 days so far comes back within
the plan year (by 2026-03-31, beyond the longest) with 1 − (2/6) = 2/3; a Z, paused as long
as the history shows, with none. 8 lost, 6 × 2/3 = 4 expected back: A 4 × 2/3 = 8/3, B 4/3.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from routekpi.core.baselines import build_evidence
from routekpi.core.compact import build_facts
from routekpi.core.history import ORDER_COLUMNS, VISIT_COLUMNS, History, PlanSettings
from routekpi.core.lapse import (
    accounts_from_orders,
    hidden_returners,
    pause_counts,
    pause_returners,
)
from routekpi.core.measure import TEAM
from routekpi.messages import text
from routekpi.recalc import recalculate
from tests.workbook_files import orders_book, targets_by_key

AS_OF = date(2025, 3, 31)
BOOK = date(2025, 3, 31)  # the starting book: the baseline's last day (AsOf is a month end)
UNTIL = date(2026, 3, 31)  # FY2025's last day


def _rows() -> list[tuple[pd.Timestamp, str, str]]:
    out: list[tuple[pd.Timestamp, str, str]] = []

    def monthly(account: str, rep: str, first: str, last: str) -> None:
        for month in pd.period_range(first, last, freq="M"):
            out.append((month.start_time + pd.Timedelta(days=9), account, rep))

    def on(account: str, rep: str, *days: str) -> None:
        out.extend((pd.Timestamp(d), account, rep) for d in days)

    for k in range(10):
        monthly(f"S{k}", "A", "2024-04", "2025-02")
        on(f"S{k}", "A", "2025-03-31")
    for k in range(6):
        monthly(f"T{k}", "B", "2024-04", "2025-02")
        on(f"T{k}", "B", "2025-03-31")
    for k in range(5):
        on(f"Q{k}", "A", "2024-04-10", "2025-01-10")
    for k in range(4):
        on(f"P{k}", "B", "2024-04-10", "2025-03-20")
    for k in range(6):
        monthly(f"L{k}", "A" if k < 4 else "B", "2024-04", "2024-06")
    on("Z0", "A", "2024-04-10")
    on("Z1", "B", "2024-04-10")
    for account in ("W0", "W1", "R"):
        monthly(account, "A", "2024-12", "2025-03")
    return out


def _orders() -> pd.DataFrame:
    frame = pd.DataFrame(
        [(d, a, r, 10_000.0, 1.0) for d, a, r in _rows()], columns=list(ORDER_COLUMNS)
    )
    return frame.astype({"date": "datetime64[ns]"})


def _compact(facts: object) -> History:
    orders = _orders()
    return History(orders=orders.iloc[:0], facts=facts)  # type: ignore[arg-type]


def test_pauses_counted_by_hand_and_in_sql() -> None:
    """X orders on 2024-01-01, 01-11 and 01-31 (pauses of 10 and 20 days, ended; 60
    running to 2024-03-31), Y on 01-01 twice (one order day) and 02-20 (50 ended, 40
    running); an order after the as-of date is not seen. The SQL gives the same table."""
    from history_helpers import sql_views

    from routekpi.sources.sqltext import render

    days = [("2024-01-01", "X"), ("2024-01-11", "X"), ("2024-01-31", "X")]
    days += [("2024-01-01", "Y"), ("2024-01-01", "Y"), ("2024-02-20", "Y"), ("2024-04-02", "Y")]
    orders = pd.DataFrame(
        [(pd.Timestamp(d), a, "A", 1.0, 1.0) for d, a in days], columns=list(ORDER_COLUMNS)
    )
    want = pd.DataFrame(
        {"days": [10, 20, 40, 50, 60], "came": [1, 1, 0, 1, 0], "seen": [1, 1, 1, 1, 1]}
    )
    as_of = date(2024, 3, 31)
    got = pause_counts(orders, as_of)
    pd.testing.assert_frame_equal(got, want, check_dtype=False)
    con = sql_views(orders)
    values = {"as_of": as_of}
    sql = con.execute(render("pauses", values)).df().sort_values("days", ignore_index=True)
    pd.testing.assert_frame_equal(sql[list(want.columns)], want, check_dtype=False)


def test_lost_customers_expected_back_by_hand() -> None:
    orders = _orders()
    history = accounts_from_orders(History(orders=orders), AS_OF)
    got = pause_returners(history, AS_OF, BOOK, UNTIL, ["A", "B"])
    assert got is not None
    back, lost = got
    assert lost == 8
    assert back["A"] == pytest.approx(8 / 3) and back["B"] == pytest.approx(4 / 3)
    assert back[TEAM] == pytest.approx(4.0)
    # Only until the plan year's end: by 2025-05-19 (day 344 of P's and Z's pauses less a
    # day for an L, paused since 2024-06-10) none of the L's has come back yet.
    early = pause_returners(history, AS_OF, BOOK, date(2025, 5, 18), ["A", "B"])
    assert early is not None and early[0][TEAM] == 0.0


def test_the_plan_holds_them_in_the_starting_book_and_says_so() -> None:
    """The starting book (held on 2025-03-31): A 10 S + 5 Q + W0, W1, R = 18, B 6 T + 4 P =
    10; with the returners 18 + 8/3 and 10 + 4/3. The first wins after the start span
    (November – March: W0, W1, R in December) hold old customers back after a pause too."""
    ev = build_evidence(History(orders=_orders()), PlanSettings(kgi=1.0, plan_year=2025))
    assert ev.as_of == AS_OF and ev.flows.measured_from == pd.Period("2024-11", "M")
    assert ev.flows.start["A"] == pytest.approx(18 + 8 / 3)
    assert ev.flows.start["B"] == pytest.approx(10 + 4 / 3)
    assert ev.flows.first_wins is not None and ev.flows.first_wins[1] > 0.5
    (note,) = [n for n in ev.notes if n.code == "returning_by_pauses"]
    assert note.params == {
        "days": 180,
        "to": "2025-03-31",
        "lost": 8,
        "expected": "4",
        "until": "2026-03-31",
        "measurable": "2025-10-08",
    }
    assert "8社のうち約4社が2026-03-31までに再び受注" in text(note.code, "ja", **note.params)
    assert not [n for n in ev.notes if n.code == "returning_unmeasured"]
    assert [n for n in ev.notes if n.code == "first_wins_returners"]


def test_raw_rows_pandas_facts_and_sql_facts_read_the_same_pauses() -> None:
    from history_helpers import sql_views

    from routekpi.sources.sqltext import facts_from_sql

    orders = _orders()
    pandas_facts = build_facts(orders, pd.DataFrame(columns=list(VISIT_COLUMNS)), AS_OF)
    con = sql_views(orders)
    sql_facts = facts_from_sql(lambda sql: con.execute(sql).df(), AS_OF)
    assert pandas_facts.pauses is not None and sql_facts.pauses is not None
    pd.testing.assert_frame_equal(pandas_facts.pauses, sql_facts.pauses, check_exact=True)
    months = list(pd.period_range("2024-11", "2025-03", freq="M"))
    raw = accounts_from_orders(History(orders=orders), AS_OF)
    want = hidden_returners(raw, AS_OF, months)
    want_back = pause_returners(raw, AS_OF, BOOK, UNTIL, ["A", "B"])
    assert want is not None and want["2024-12"] > 0 and want_back is not None
    for facts in (pandas_facts, sql_facts):
        history = accounts_from_orders(_compact(facts), AS_OF)
        pd.testing.assert_series_equal(hidden_returners(history, AS_OF, months), want)
        got = pause_returners(history, AS_OF, BOOK, UNTIL, ["A", "B"])
        assert got is not None and got[1] == want_back[1]
        pd.testing.assert_series_equal(got[0].sort_index(), want_back[0].sort_index())
    # Facts summed for another day, or without the pauses, say nothing rather than wrong.
    other = accounts_from_orders(_compact(pandas_facts), AS_OF)
    assert hidden_returners(other, date(2025, 2, 28), months) is None


# --- the same export pasted on the Orders sheet and read from a CSV file (Sources) ---
def _book(path: Path, pasted: bool) -> Path:
    rows = [[d.to_pydatetime(), a, r, 10_000, 1] for d, a, r in _rows()]
    return orders_book(path, rows, pasted=pasted, kgi=5_000_000, plan_year=2025)


def _plan_text(path: Path) -> str:
    ws = openpyxl.load_workbook(path, read_only=True)["Plan"]
    return "".join(str(r[2]) for r in ws.iter_rows(values_only=True) if len(r) > 2 and r[2])


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("returners_sources")
    with (folder / "orders.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["受注日", "顧客コード", "担当者", "金額", "数量"])
        writer.writerows([d.strftime("%Y/%m/%d"), a, r, 10_000, 1] for d, a, r in _rows())
    pasted = _book(folder / "pasted.xlsm", pasted=True)
    sourced = _book(folder / "sourced.xlsm", pasted=False)
    for book in (pasted, sourced):
        recalculate(book)
    return pasted, sourced


def test_files_and_pasted_rows_give_the_same_targets_and_notes(
    books: tuple[Path, Path],
) -> None:
    pasted, sourced = targets_by_key(books[0]), targets_by_key(books[1])
    assert len(pasted) > 50 and pasted.keys() == sourced.keys()
    for key, row in pasted.items():
        # Baseline and target (E, F) as written: the same numbers, not merely close.
        assert sourced[key][4:6] == row[4:6], key
    for book in books:
        plan = _plan_text(book)
        assert "8社のうち約4社が2026-03-31までに再び受注すると見込み" in plan
        assert "履歴の開始前からの顧客が長い休止のあと戻った分" in plan
