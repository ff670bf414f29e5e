"""The Daily list of a book whose visit records began inside the baseline (an SFA introduced
eight months ago), and of a book read as a compact history (the Sources path's form).

The plan has no visits then (core.baselines: the tree without visits), but the list reads
each account's rhythm from its visits where it has enough of them (MIN_VISITS_FOR_INTERVAL)
and from its order days (納品) where not, and says which on its first line. The compact
history carries each account's order days (HistoryFacts.account_days), so the same history
pasted and aggregated gives the same list, row for row. Hand-made accounts, hand-computed;
the sample book cases hold the rows to the compact history.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from routekpi.core.calendar import BusinessCalendar
from routekpi.core.compact import build_facts, compact_history
from routekpi.core.daily import (
    account_days_of,
    contact_rep_days,
    daily_for,
    off_season,
    order_account_days,
    order_contacts,
    order_rhythm,
)
from routekpi.core.engine import run
from routekpi.core.flags import account_status
from routekpi.core.history import ACCOUNT_COLUMNS, VISIT_COLUMNS, History, PlanSettings
from routekpi.pipeline import compute_file
from routekpi.render_daily import daily_rows, daily_span
from routekpi.sample import SampleHistory, generate_sample
from routekpi.sources import SourceRef
from tests.test_daily_orders import _accounts, _beer_history, _orders, _weekly_in
from tests.test_daily_trial import _write_book
from tests.test_sources import assert_same_frames

AS_OF = date(2026, 6, 5)  # a Friday
SFA_START = pd.Timestamp("2026-03-01")  # eight months before the sample's as-of date


def _visits(rows: list[tuple[date, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "date": pd.to_datetime([d for d, _, _ in rows]),
            "rep": [r for _, r, _ in rows],
            "account": [a for _, _, a in rows],
            "kind": "visit",
            "outcome": None,
        }
    )[list(VISIT_COLUMNS)]


def _mixed() -> History:
    """Rep A. VIS: visited every Friday from 05-08 to 06-05 (5 visits: usual 7), ordering
    every other Monday; ORD: ordering every 14 days (Mondays, the last 05-25) and visited
    twice, the last on Wed 06-03 (2 visits: too few, read from its order days); NEW: one
    order on 06-01 and nothing else (no rhythm at all)."""
    orders = {
        "VIS": _weekly_in(tuple(range(1, 13)), date(2025, 6, 1), AS_OF),
        "ORD": [date(2026, 5, 25) - timedelta(days=14 * k) for k in range(40)],
        "NEW": [date(2026, 6, 1)],
    }
    visits = [(date(2026, 5, 8) + timedelta(days=7 * k), "A", "VIS") for k in range(5)]
    visits += [(date(2026, 4, 1), "A", "ORD"), (date(2026, 6, 3), "A", "ORD")]
    return History(
        orders=_orders(orders, "A"), visits=_visits(visits), accounts=_accounts(list(orders), "A")
    )


def test_order_days_per_account_are_kept_two_years_and_read_as_a_rhythm() -> None:
    history = _mixed()
    days = order_account_days(history.orders, AS_OF)
    # Two years to Fri 2026-06-05 (after 2024-06-05): ORD's 40 fortnightly Mondays all fall
    # inside (the first on 2024-12-30 ... 2026-05-25); VIS every Friday from 2025-06-06.
    per = days.groupby("account").size().to_dict()
    assert per == {"NEW": 1, "ORD": 40, "VIS": 53}
    rhythm = order_rhythm(days)
    assert rhythm.loc["ORD", "usual"] == 14.0 and rhythm.loc["VIS", "usual"] == 7.0
    assert np.isnan(rhythm.loc["NEW", "usual"])  # one order day: no rhythm (fewer than 4)
    assert rhythm.loc["ORD", "last"] == np.datetime64("2026-05-25", "D").astype(np.int64)
    # The compact history keeps the same rows (the facts the Daily list reads).
    facts = build_facts(history.orders, history.visits, AS_OF)
    pd.testing.assert_frame_equal(facts.account_days, days)
    assert account_days_of(compact_history(history, AS_OF), AS_OF).equals(days)
    assert account_days_of(compact_history(history, AS_OF), date(2026, 6, 4)) is None


def test_an_account_with_too_few_visits_is_read_from_its_order_days() -> None:
    history = _mixed()
    status = account_status(history, AS_OF)
    # Visits alone: VIS has a rhythm (5 visits, 7 days), ORD and NEW none.
    assert status.loc["VIS", "usual"] == 7.0
    assert np.isnan(status.loc["ORD", "usual"]) and np.isnan(status.loc["NEW", "usual"])
    days = order_account_days(history.orders, AS_OF)
    mixed = order_contacts(status, days, AS_OF, BusinessCalendar())
    assert mixed["from_orders"].to_dict() == {"VIS": False, "ORD": True, "NEW": True}
    # VIS keeps what its visits say; ORD's interval is its order days' (14), and its last
    # contact the visit of Wed 06-03, later than its last order (05-25): 2 days ago.
    pd.testing.assert_series_equal(mixed.loc["VIS", status.columns], status.loc["VIS"])
    assert mixed.loc["ORD", "usual"] == 14.0
    assert mixed.loc["ORD", "last_visit"] == pd.Timestamp("2026-06-03")
    assert mixed.loc["ORD", "days"] == 2.0 and not mixed.loc["ORD", "neglected"]
    # NEW: its one order day is its last contact, and no interval to be late against.
    assert mixed.loc["NEW", "last_visit"] == pd.Timestamp("2026-06-01")
    assert np.isnan(mixed.loc["NEW", "usual"]) and not mixed.loc["NEW", "neglected"]
    # Capacity counts his visits and a delivery per order day of ORD and NEW, from the first
    # visit (04-01) on: 04-01 (ORD visit), the fortnightly Mondays 04-13, 04-27, 05-11, 05-25
    # (ORD orders), 05-08 ... 06-05 (VIS visits), 06-01 (NEW order), 06-03 (ORD visit).
    counts = contact_rep_days(history, days, mixed, AS_OF)
    assert counts["date"].dt.date.tolist() == [
        date(2026, 4, 1),
        date(2026, 4, 13),
        date(2026, 4, 27),
        date(2026, 5, 8),
        date(2026, 5, 11),
        date(2026, 5, 15),
        date(2026, 5, 22),
        date(2026, 5, 25),
        date(2026, 5, 29),
        date(2026, 6, 1),
        date(2026, 6, 3),
        date(2026, 6, 5),
    ]
    assert counts["visits"].tolist() == [1.0] * 12 and set(counts["rep"]) == {"A"}


def test_order_days_start_after_the_two_year_bound_and_need_an_account() -> None:
    # An order line dated on the window's first bound (two years back) is not in it; a line
    # without an account never is; nor is a return of an account that buys (core.lapse
    # ``sale_mask``, trial 53 H1: 2024-06-07).
    orders = pd.DataFrame(
        {
            "date": pd.to_datetime(["2024-06-05", "2024-06-06", "2024-06-07", "2026-06-05"]),
            "account": ["X", "X", "X", None],
            "rep": ["A", "A", "A", "A"],
            "amount": [1.0, 1.0, -1.0, 1.0],
            "quantity": [1.0, 1.0, 1.0, 1.0],
        }
    )
    days = order_account_days(orders, AS_OF)
    assert days["date"].dt.date.tolist() == [date(2024, 6, 6)] and days["account"].tolist() == ["X"]


def test_off_season_reads_the_same_from_the_compact_history() -> None:
    # _beer_history: BEER ordering every summer Friday (off season in December), REG all year.
    for last, want in ((date(2025, 12, 5), {"BEER"}), (date(2026, 6, 5), set())):
        raw = _beer_history(last)
        history = replace(raw, orders=raw.orders, visits=raw.visits.iloc[:0])
        status = account_status(raw, last)
        days = [last + timedelta(days=3 + k) for k in range(5)]
        assert off_season(history, status, days, last) == want
        compact = compact_history(history, last)
        assert off_season(compact, status, days, last) == want
    # Built without its order days (None): no account is found off season.
    compact = compact_history(_beer_history(date(2025, 12, 5)), date(2025, 12, 5))
    bare = replace(compact, facts=replace(compact.facts, account_days=None))
    assert off_season(bare, status, days, date(2025, 12, 5)) == set()


@pytest.fixture(scope="module")
def sample() -> SampleHistory:
    return generate_sample()


def _history(sample: SampleHistory, visits: pd.DataFrame) -> History:
    return History(
        orders=sample.orders,
        visits=visits,
        accounts=sample.accounts.reindex(columns=list(ACCOUNT_COLUMNS)),
        holidays=sample.holidays,
    )


def _same_daily(a: object, b: object) -> None:
    assert_same_frames(a.daily.stops, b.daily.stops)  # type: ignore[attr-defined]
    assert_same_frames(a.daily.days, b.daily.days)  # type: ignore[attr-defined]
    assert a.daily.capacity == b.daily.capacity  # type: ignore[attr-defined]
    assert a.daily.off_season == b.daily.off_season  # type: ignore[attr-defined]
    assert a.daily.rhythm_from == b.daily.rhythm_from  # type: ignore[attr-defined]
    assert daily_rows(a.daily, "ja") == daily_rows(b.daily, "ja")  # type: ignore[attr-defined]


def test_visits_from_eight_months_ago_set_the_rhythm_where_there_are_enough(
    sample: SampleHistory,
) -> None:
    """The sample with its visit records cut to 2026-03 on (orders from 2023-04): planned
    without visits; the list reads most accounts from their visits, the rest from order
    days, and the compact history gives the same rows."""
    history = _history(sample, sample.visits[sample.visits["date"] >= SFA_START])
    settings = PlanSettings(
        kgi=float(sample.settings["KGI"]), plan_year=2026, as_of=date(2026, 10, 31)
    )
    raw = run(history, settings)
    assert not raw.evidence.has_visits and history.has_visits
    plan = raw.daily
    status = raw.account_status
    status = status[status["rep"].isin(raw.evidence.reps)]  # every live account is a rep's
    assert len(status) == len(raw.account_status)
    # Every live account is counted once: by its visits when it has a rhythm from them.
    by_visits = int(status["usual"].notna().sum())
    assert plan.rhythm_from == {"visits": by_visits, "orders": len(status) - by_visits}
    assert 0 < plan.rhythm_from["orders"] < plan.rhythm_from["visits"]
    span = daily_span(plan, "ja")
    assert span.endswith(
        f"訪問記録が基準期間に満たないため、訪問間隔は訪問4回以上の{by_visits:,}件は訪問記録から、"
        f"ほか{len(status) - by_visits:,}件は受注日(納品)から読みました"
    )
    # A stop of an account with a visit rhythm carries its visits' interval and last visit.
    visits = plan.stops[plan.stops["kind"] == "visit"]
    ruled = status[status["usual"].notna()]
    first = visits[visits["account"].isin(ruled.index)].iloc[0]
    assert first["interval"] == ruled.loc[first["account"], "usual"]
    compact = run(compact_history(history, date(2026, 10, 31)), settings)
    _same_daily(raw, compact)
    # One rep's list (routekpi daily --rep) counts his accounts only.
    ito = daily_for(raw.history, raw.evidence, raw.targets, rep="Ito", status=status)
    mine = status[status["rep"] == "Ito"]
    assert ito.rhythm_from == {
        "visits": int(mine["usual"].notna().sum()),
        "orders": int(mine["usual"].isna().sum()),
    }
    assert sum(ito.rhythm_from.values()) == len(mine) < len(status)


def test_an_orders_only_book_gets_the_same_list_from_the_compact_history(
    sample: SampleHistory,
) -> None:
    history = _history(sample, sample.visits.iloc[:0])
    settings = PlanSettings(
        kgi=float(sample.settings["KGI"]), plan_year=2026, as_of=date(2026, 10, 31)
    )
    raw = run(history, settings)
    assert raw.daily.from_orders and raw.daily.rhythm_from == {}
    assert len(raw.daily.stops[raw.daily.stops["kind"] == "visit"]) > 0
    compact = run(compact_history(history, date(2026, 10, 31)), settings)
    _same_daily(raw, compact)
    # Built without its order days (the SQL path): no list, as before.
    bare = compact_history(history, date(2026, 10, 31))
    bare = replace(bare, facts=replace(bare.facts, account_days=None))
    assert not len(run(bare, settings).daily.stops)


# The Sources path builds the compact history in SQL (routekpi/sources): its order days per
# account come from account_days.sql, so the Daily is the pasted book's.
@pytest.mark.parametrize("cut", ["2026-03-01", None])
def test_the_same_history_pasted_and_via_sources_gives_the_same_daily_rows(
    sample: SampleHistory, tmp_path: Path, cut: str | None
) -> None:
    """The sample's orders (CP932 CSV) and its visits from 2026-03 on, or none (UTF-8 TSV),
    pasted on the sheets of one book and read through Sources by another: the same Daily."""
    visits = sample.visits[sample.visits["date"] >= cut] if cut else sample.visits.iloc[:0]
    pasted = replace(sample, visits=visits.reset_index(drop=True))
    book = tmp_path / "book.xlsm"
    _write_book(book, pasted, {"AsOf": date(2026, 10, 31)})
    orders_file, visits_file = tmp_path / "orders.csv", tmp_path / "visits.tsv"
    sample.orders.to_csv(
        orders_file,
        index=False,
        encoding="cp932",
        header=["受注日", "顧客コード", "担当者", "金額(円)", "数量"],
        date_format="%Y/%m/%d",
    )
    pasted.visits.to_csv(visits_file, index=False, sep="\t", encoding="utf-8")
    refs = {
        "Orders": SourceRef("Orders", str(orders_file)),
        "Visits": SourceRef("Visits", str(visits_file)),
    }
    rows = compute_file(book)[0].result
    files = compute_file(book, sources=refs)[0].result
    assert files.history.facts is not None and rows.history.facts is None
    assert rows.daily.from_orders and len(rows.daily.stops)
    assert daily_rows(files.daily, "ja") == daily_rows(rows.daily, "ja")
    assert files.daily.rhythm_from == rows.daily.rhythm_from
