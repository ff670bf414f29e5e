"""A book renumbered by an ERP migration, planned in a budgeting month (realism52b).

Trial 48 planned FY2024 on 2024-02-29, eight months into its data: every account's master
start was the conversion day, taken back to its first order, so the whole book read as won
in the data's first weeks — 4,455 new accounts planned for a year that won 450, 5,614 active
accounts against 3,602. A first order in the data's first 180 days cannot tell a customer
held before the data from one won that day: such a customer is held from before (the lapse
rule's reading, core.lapse), and the pace of winning is read after that span.

The book, by hand (one rep 田中, April year; an order on the 10th of each month, a visit on
the 12th; codes T-Cnn before the migration on 2025-07-01, Cnn after; the new master types
2025-07-01 as every carried-over account's start, the old code in column I):

- C01 … C09 from 2024-01 to the end (2026-11): held before the data;
- C10 from 2024-01, last order 2024-08-10: ended before the migration (not on the master:
  read as ended the day after its last order, 2024-08-11);
- C11 won 2024-09 (first order 2024-09-10), C12 won 2024-10 (2024-10-10): real wins, after
  the span (2024-01-10 + 180 days = 2024-07-08: wins are seen from 2024-08);
- C13 won 2025-10 under its new code (start typed 2025-10-01).

FY2025 (2025-04 … 2026-03) planned on 2024-11-30, the budgeting month: the book that day is
C01 … C09, C11, C12 = 11 accounts; the data's months 2024-01 … 2024-11 show 2 wins (C11,
C12), both in the 4 months seen (2024-08 … 2024-11): 6 a year, not the 12 of every first
order (10 of them on 2024-01-10) nor the 13 a year of that over 11 months.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from routekpi.backtest_job import _backtest_year, load
from routekpi.core.backtest import cut_history
from routekpi.core.baselines import build_evidence
from routekpi.core.measure import TEAM
from routekpi.messages import text
from tests.workbook_files import edit, pasted_book

MIGRATION = date(2025, 7, 1)
FIRST = {f"C{n:02d}": "2024-01" for n in range(1, 11)} | {"C11": "2024-09", "C12": "2024-10"}
FIRST["C13"] = "2025-10"
LAST = {"C10": "2024-08"}
PLANNED_ON = date(2024, 11, 30)


def _book(path: Path) -> Path:
    orders: list[list[object]] = []
    visits: list[list[object]] = []
    for m in pd.date_range("2024-01-01", "2026-11-01", freq="MS"):
        month = m.strftime("%Y-%m")
        for account, first in FIRST.items():
            if month < first or month > LAST.get(account, "9999"):
                continue
            day, seen = (m + pd.Timedelta(days=9)).date(), (m + pd.Timedelta(days=11)).date()
            code = f"T-{account}" if day < MIGRATION else account
            orders.append([day, code, "田中", 100, 1, None])
            code = f"T-{account}" if seen < MIGRATION else account
            visits.append([seen, "田中", code, "訪問", None])
    accounts = [
        [a, f"顧客{a}", "田中", date(2025, 10, 1) if a == "C13" else MIGRATION, None, None, None]
        for a in FIRST
        if a != "C10"
    ]
    rows = {"Orders": orders, "Visits": visits, "Accounts": accounts}
    pasted_book(path, rows, kgi=12_000, plan_year=2026, start_month=4, as_of=None)
    with edit(path) as wb:
        ws = wb["Accounts"]
        ws["I1"] = "旧得意先コード"
        for row in range(2, 2 + len(accounts)):
            code = str(ws.cell(row, 1).value)
            ws.cell(row, 9).value = None if code == "C13" else f"T-{code}"
    return path


def test_a_migrated_book_planned_in_the_budgeting_month_wins_what_it_won(
    tmp_path: Path,
) -> None:
    history, settings, language, _ = load(_book(tmp_path / "book.xlsm"))
    assert history.starts_from_orders
    accounts = history.accounts
    start = dict(zip(accounts["account"], pd.to_datetime(accounts["start"]), strict=True))
    held = pd.Timestamp("2023-12-31")  # the month-end before the data's first month
    assert {a for a, s in start.items() if s == held} == {
        *(f"C0{n}" for n in range(1, 10)),
        "T-C10",
    }
    assert start["C11"] == pd.Timestamp("2024-09-10")
    assert start["C12"] == pd.Timestamp("2024-10-10")
    assert start["C13"] == pd.Timestamp("2025-10-01")
    # The history as known on the planning day, planned for FY2025.
    cut = cut_history(history, PLANNED_ON + pd.Timedelta(days=1), date(2025, 4, 1))
    live = cut.accounts[cut.accounts["end"].isna()]
    assert sorted(live["account"]) == [f"C{n:02d}" for n in [*range(1, 10), 11, 12]]
    planned = replace(settings, plan_year=2025, as_of=PLANNED_ON)
    ev = build_evidence(cut, planned)
    assert ev.flows.measured_from == pd.Period("2024-08", "M")
    assert ev.flows.new_per_year[TEAM] == pytest.approx(6.0)
    [note] = [n for n in ev.notes if n.code.startswith("flows_after_lapse_start")]
    assert note.code == "flows_after_lapse_start_master"  # a master: not "no customer master"
    assert "2024-08 以降の実績から" in text(note.code, "ja", **note.params)
    assert "measured from 2024-08 on" in text(note.code, "en", **note.params)
    # The backtest of that plan. Realised FY2025: C01 … C09, C11, C12 all year, C13 from
    # October: (6 × 11 + 6 × 12) / 12 = 11.5 active accounts a month, 1 new account. Read
    # as won on 2024-01-10 the book planned 10 new accounts and 15.4 active (+34%).
    result = _backtest_year(history, settings, language, 2025, PLANNED_ON)
    rows = result.rows.set_index(["rep", "kpi"])
    assert rows.at[(TEAM, "active_accounts"), "realised"] == pytest.approx(11.5)
    assert rows.at[(TEAM, "new_accounts"), "realised"] == 1
    assert rows.at[(TEAM, "new_accounts"), "routekpi"] <= 6  # at most the pace seen
    assert rows.at[(TEAM, "active_accounts"), "routekpi"] == pytest.approx(11.5, rel=0.1)
