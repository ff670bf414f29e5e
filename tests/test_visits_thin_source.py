"""A thin visit source a year ahead of the main one (trial 52 H5: a quote register from
2024-04 beside 日報 from 2025-04): levers.visits_start counts the visits from the main one.

The world: three reps with six accounts each; every account orders on the 5th and the 20th
of every month from April 2022 to March 2025 (¥1,000 an order). A quote register logs a
visit to half the accounts (three per rep) on the 8th of every month from April 2023 on; the
visit log (日報) adds three visits per account a month (3rd, 12th, 22nd) from April 2024 on.
Visits per account a month: 0.5 from April 2023 to March 2024 (the quotes alone), then 3.5.
The plan year is FY2025, its baseline FY2024 (April 2024 – March 2025): 3.5 a month.

By hand: the last twelve months' usual visiting is 3.5 a month (median), a quarter of it
0.875; every month of April 2023 – March 2024 holds 0.5, under it: the visits count from
April 2024. No window of twelve months from April 2024 has a year before it inside the
records, so visit frequency has no year-on-year change and no trend: its target is the
baseline's 3.5 (before: FY2024 against the quotes' year read visit frequency ×7 a year).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from routekpi.core import levers
from routekpi.core.baselines import build_evidence
from routekpi.core.history import History, PlanSettings
from routekpi.core.levers import visits_start
from routekpi.core.measure import TEAM
from routekpi.messages import text
from routekpi.recalc import recalculate
from routekpi.schema import PLAN
from tests.workbook_files import history_book, sheet_text

FIRST = pd.Period("2022-04", freq="M")
MONTHS = 36
REPS = ("A", "B", "C")
AS_OF = date(2025, 3, 31)


def _history(quotes_from: str = "2023-04", log_from: str = "2024-04", log: int = 3) -> History:
    """Orders from April 2022; a quote a month at half the accounts from ``quotes_from``;
    ``log`` visits per account a month from ``log_from``."""
    quotes, logged = pd.Period(quotes_from, freq="M"), pd.Period(log_from, freq="M")
    orders, visits, accounts = [], [], []
    for rep in REPS:
        for i in range(6):
            acc = f"{rep}{i}"
            accounts.append((acc, acc, rep, FIRST.start_time, pd.NaT))
            for m in range(MONTHS):
                month = FIRST + m
                start = month.start_time
                for day in (5, 20):
                    orders.append((start + pd.Timedelta(days=day - 1), acc, rep, 1000.0, 1))
                if month >= quotes and i < 3:
                    visits.append((start + pd.Timedelta(days=7), rep, acc, "visit", None))
                if month >= logged:
                    for day in (3, 12, 22)[:log]:
                        visits.append((start + pd.Timedelta(days=day - 1), rep, acc, "visit", None))
    o = pd.DataFrame(orders, columns=["date", "account", "rep", "amount", "quantity"])
    v = pd.DataFrame(visits, columns=["date", "rep", "account", "kind", "outcome"])
    a = pd.DataFrame(accounts, columns=["account", "name", "rep", "start", "end"])
    return History(orders=o, visits=v, accounts=a)


def _settings() -> PlanSettings:
    return PlanSettings(kgi=1.0, plan_year=2025, as_of=AS_OF)


def test_the_thin_source_ahead_of_the_log_is_not_the_visits_start() -> None:
    ev = build_evidence(_history(), _settings())
    late = visits_start(ev.facts)
    assert late is not None
    assert (str(late.first), str(late.counted), str(late.thin_last)) == (
        "2023-04",
        "2024-04",
        "2024-03",
    )
    assert late.usual_rate == pytest.approx(3.5)
    assert late.thin_rate == pytest.approx(0.5)
    assert ev.base.at[TEAM, "visits_per_account"] == pytest.approx(3.5)
    changes = ev.lever_evidence.changes.xs(TEAM, level="rep")["visits_per_account"]
    assert changes.isna().all()
    assert ev.trend.at[TEAM, "visits_per_account"] == 0.0
    notes = {n.code: dict(n.params) for n in ev.notes}
    assert notes["visits_start_late"] == {
        "first": "2023-04",
        "orders": "2022-04",
        "from": "2024-04",
        "thin_last": "2024-03",
        "thin_rate": 0.5,
        "usual_rate": 3.5,
        "thin_share": 0.25,
    }


def test_without_the_rule_the_quotes_year_reads_as_visit_growth(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The control: no thin share, the quotes' first month is the start (a full month by the
    next twelve, all quotes): FY2024's 3.5 against FY2023's 0.5 is a year-on-year ×7."""
    monkeypatch.setattr(levers, "VISITS_THIN_SHARE", 0.0)
    ev = build_evidence(_history(), _settings())
    changes = ev.lever_evidence.changes.xs(TEAM, level="rep")["visits_per_account"].dropna()
    assert len(changes) and float(np.exp(changes.iloc[-1])) == pytest.approx(7.0)


def test_a_thin_source_from_the_orders_first_month_is_cut_too() -> None:
    """The quotes from April 2022, with the orders: the visits still count from April 2024."""
    late = visits_start(build_evidence(_history("2022-04"), _settings()).facts)
    assert late is not None
    assert (str(late.first), str(late.counted), str(late.thin_last)) == (
        "2022-04",
        "2024-04",
        "2024-03",
    )


def test_visiting_that_doubled_is_no_thin_source() -> None:
    """One visit per account a month in the log from April 2023 beside the quotes, then
    three from April 2024 (1.5 → 3.5 a month: 43%, above a quarter): the rise is visiting,
    read as before (visits counted from their first month)."""
    history = _history()
    more = []
    for rep in REPS:
        for i in range(6):
            for month in pd.period_range("2023-04", "2024-03", freq="M"):
                more.append((month.start_time + pd.Timedelta(days=14), rep, f"{rep}{i}", "visit"))
    added = pd.DataFrame(more, columns=["date", "rep", "account", "kind"]).assign(outcome=None)
    history = History(
        orders=history.orders,
        visits=pd.concat([history.visits, added], ignore_index=True),
        accounts=history.accounts,
    )
    late = visits_start(build_evidence(history, _settings()).facts)
    assert late is not None and late.thin_last is None
    assert (str(late.first), str(late.counted)) == ("2023-04", "2023-04")


def test_the_plan_says_from_when_and_why(tmp_path: Path) -> None:
    """The written book (its baseline the twelve months to February 2025, the last complete
    ones: the world a month earlier, quotes from March 2023, the log from March 2024): the
    Plan's note says the months, the two levels and the start, and the visit-frequency target
    is the baseline's 3.50 (×1.000), not a multiple of it."""
    path = history_book(
        tmp_path / "thin.xlsm",
        _history("2023-03", "2024-03"),
        accounts=[f"{r}{i}" for r in REPS for i in range(6)],
        account_start=date(2022, 4, 1),
        kgi=18 * 24 * 1000 * 1.05,
        plan_year=2025,
        as_of=AS_OF,
    )
    recalculate(path)
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    plan = "".join(sheet_text(wb, PLAN).split())  # the note wraps over rows
    said = text(
        "visits_start_thin",
        "ja",
        first="2023-03",
        thin_last="2024-02",
        thin_rate=0.5,
        usual_rate=3.5,
        thin_share=0.25,
        **{"from": "2024-03"},
    )
    assert said.startswith("。2023-03〜2024-02 の訪問の記録は顧客あたり月 0.50 件で")
    assert "".join(said.split()) in plan
    assert "基準3.50→目標3.50(×1.000" in plan
