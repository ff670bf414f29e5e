"""A customer visited in a month, though it ordered nothing then, was open in it: not closed
that month (core.daily.closed_months with HistoryFacts.account_visit_months; review28: two
sample accounts visited in past Novembers were left off the November list as closed).

Rep A, as of Sat 2026-10-31; each order day is a visit (``orders_as_contacts``). The two years
read: 2024-11-01 … 2026-10-31, so the past Novembers are 2024 (read with December 2024 only:
October 2024 is outside the two years) and 2025 (October and December 2025 around it):

- SHUT: every Friday since 2024-01 but none in November, no visit in November either: both
  Novembers closed (no order, no visit, orders around) → closed in November 2026.
- MET: the same orders, and a visit with no order on Fri 2024-11-15 and Fri 2025-11-14:
  neither November is a closed year → not closed.
- ONCE: the same orders, a visit on Fri 2025-11-14 only: one year of two closed → not closed
  (every year seen must be closed).
- REG: every Friday all year.

All four order in the 22 whole months besides the Novembers (22 / 22 ≥ 75%: regular), and
all are seen every Friday (usual 7 days), last on Fri 10-30: due Fri 11-06.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

from routekpi.core.compact import build_facts, compact_history
from routekpi.core.daily import (
    account_visit_months,
    closed_months,
    orders_as_contacts,
)
from routekpi.core.flags import account_status
from routekpi.core.history import VISIT_COLUMNS, History
from routekpi.pipeline import compute_file
from routekpi.sources import SourceRef
from tests.history_helpers import hand_sample, sql_views
from tests.test_daily_orders import _accounts, _orders, _weekly_in, week_plan
from tests.test_daily_trial import _write_book

AS_OF = date(2026, 10, 31)  # a Saturday
NOVEMBER = int(pd.Period("2026-11", freq="M").ordinal)
NOT_NOVEMBER = tuple(m for m in range(1, 13) if m != 11)
LIST_DAYS = [date(2026, 11, 2) + timedelta(days=k) for k in range(5)]  # Mon 11-02 … Fri 11-06
MET_VISITS = [
    (date(2024, 11, 15), "MET"),
    (date(2025, 11, 14), "MET"),
    (date(2025, 11, 14), "ONCE"),
]


def _days() -> dict[str, list[date]]:
    first = date(2024, 1, 5)
    november_off = _weekly_in(NOT_NOVEMBER, first, AS_OF)
    return {
        "SHUT": november_off,
        "MET": november_off,
        "ONCE": november_off,
        "REG": _weekly_in(tuple(range(1, 13)), first, AS_OF),
    }


def _history(rep: str = "A") -> History:
    days = _days()
    history = orders_as_contacts(
        History(orders=_orders(days, rep), accounts=_accounts(list(days), rep))
    )
    more = pd.DataFrame(
        [(pd.Timestamp(d), rep, a, "visit", None) for d, a in MET_VISITS],
        columns=list(VISIT_COLUMNS),
    )
    visits = pd.concat([history.visits, more], ignore_index=True)
    return replace(history, visits=visits.sort_values("date", kind="stable", ignore_index=True))


def _plan(history: History) -> object:
    return week_plan(history, AS_OF, start=LIST_DAYS[0])


def _visits(plan: object) -> list[tuple[date, str]]:
    stops = plan.stops  # type: ignore[attr-defined]
    stops = stops[stops["kind"] == "visit"]
    return sorted(zip(stops["date"], stops["account"], strict=True))


def test_the_visit_months_are_the_accounts_met_in_the_two_years() -> None:
    history = _history()
    months = account_visit_months(history.visits, AS_OF, AS_OF)
    met = months[months["account"] == "MET"]["month"].astype(str).tolist()
    # 2024-01 … 2024-10 are before the two years; November 2024 and 2025 by the extra visits.
    assert met[0] == "2024-11" and "2025-11" in met and "2026-11" not in met
    assert len(met) == 24  # every month of the two years: at most 25 rows an account
    shut = months[months["account"] == "SHUT"]["month"].astype(str).tolist()
    assert len(shut) == 22 and "2024-11" not in shut and "2025-11" not in shut
    assert months["account"].value_counts().to_dict() == {
        "MET": 24,
        "ONCE": 23,
        "REG": 24,
        "SHUT": 22,
    }
    # What the compact history keeps: the months met without an order day (the others are
    # open by their orders): the three November visits.
    facts = build_facts(history.orders, history.visits, AS_OF)
    kept = facts.account_visit_months
    assert list(zip(kept["account"], kept["month"].astype(str), strict=True)) == [
        ("MET", "2024-11"),
        ("MET", "2025-11"),
        ("ONCE", "2025-11"),
    ]


def test_an_account_visited_in_past_novembers_is_not_closed_in_november() -> None:
    history = _history()
    status = account_status(history, AS_OF)
    want = {"SHUT": frozenset({NOVEMBER})}
    assert closed_months(history, status, LIST_DAYS, AS_OF) == want
    # From the compact history: the same.
    compact = compact_history(history, AS_OF)
    assert compact.facts is not None and len(compact.visits) == 0
    assert closed_months(compact, status, LIST_DAYS, AS_OF) == want
    # Orders alone (the visits gone): MET and ONCE are closed too, as before review28.
    orders_only = replace(history, visits=history.visits.iloc[:0])
    everyone = {a: frozenset({NOVEMBER}) for a in ("SHUT", "MET", "ONCE")}
    assert closed_months(orders_only, status, LIST_DAYS, AS_OF) == everyone


def test_the_visit_months_in_sql_give_the_pandas_ones() -> None:
    pytest.importorskip("duckdb")
    from routekpi.sources.sqltext import facts_from_sql

    history = _history()
    want = build_facts(history.orders, history.visits, AS_OF)
    con = sql_views(history.orders, history.visits)
    got = facts_from_sql(lambda sql: con.execute(sql).df(), AS_OF)
    pd.testing.assert_frame_equal(
        want.account_visit_months.astype({"account": object}),
        got.account_visit_months.astype({"account": object}),
    )
    compact = compact_history(history, AS_OF)
    assert compact.facts is not None
    from_sql = replace(
        compact,
        facts=replace(
            compact.facts,
            account_visit_months=got.account_visit_months,
            account_days=got.account_days,
        ),
    )
    status = account_status(history, AS_OF)
    assert closed_months(from_sql, status, LIST_DAYS, AS_OF) == {"SHUT": frozenset({NOVEMBER})}


def test_the_daily_list_keeps_the_visited_account_from_raw_and_compact_rows() -> None:
    # Due Fri 11-06 (every Friday, last on 10-30): MET, ONCE and REG listed, SHUT left off.
    history = _history()
    want = [(date(2026, 11, 6), a) for a in ("MET", "ONCE", "REG")]
    raw = _plan(history)
    assert _visits(raw) == want
    assert raw.off_season == {"A": 1}  # type: ignore[attr-defined]  # SHUT
    compact = _plan(compact_history(history, AS_OF))
    assert _visits(compact) == want
    assert compact.off_season == {"A": 1}  # type: ignore[attr-defined]


def test_the_same_book_pasted_and_from_files_lists_the_same_november(tmp_path: Path) -> None:
    """The accounts in a workbook (AsOf 2026-10-31, a five-day list) and their orders and
    visits from CSV files instead: one Daily list, the visited accounts on it, SHUT off."""
    history = _history("Kato")
    sample = hand_sample(history.orders, history.accounts, history.visits)
    book = _write_book(tmp_path / "november.xlsm", sample, {"AsOf": AS_OF, "DailyDays": 5})
    history.orders.to_csv(tmp_path / "orders.csv", index=False)
    history.visits.to_csv(tmp_path / "visits.csv", index=False)
    sheets = compute_file(book)[0].result
    refs = {
        "Orders": SourceRef("Orders", str(tmp_path / "orders.csv")),
        "Visits": SourceRef("Visits", str(tmp_path / "visits.csv")),
    }
    files = compute_file(book, sources=refs)[0].result
    assert files.history is not None and files.history.facts is not None
    assert sheets.history is not None and sheets.history.facts is None
    stops = sheets.daily.stops
    pd.testing.assert_frame_equal(stops, files.daily.stops, check_exact=True)
    listed = set(stops.loc[stops["kind"] == "visit", "account"])
    assert {"MET", "ONCE", "REG"} <= listed and "SHUT" not in listed
    assert sheets.daily.off_season == files.daily.off_season == {"Kato": 1}
