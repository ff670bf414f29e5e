"""A churn spike counts no closure the account's own ordering rhythm explains (trial 47 M2:
「churn_spike 鈴木 一郎 2026-11 … 月初 49件中 解約 3件」, two of them occasional factory buyers
the 180-day rule closed while their own gaps were longer). The retention flag's rule
(``lapse.rhythm_explains``: at least 5 order days, silent no longer than 6 usual gaps or twice
the longest) read by the churn spike too (core.flags ``_quiet_by_month``); the targets' churn
is left as it is.

Sato holds 20 accounts ordering on the 5th of every month and 5 buyers Q0 … Q4 ordering on 10
days up to 2026-04-03; Ito holds 25 monthly. No end is typed. As of 2026-10-31 the five are 211
days quiet: the 180-day rule closes them on 2026-09-30, a month of Sato's 25 accounts with 5
losses where neither rep lost one before."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import openpyxl

from routekpi.recalc import recalculate
from tests.workbook_files import paste, steady_accounts, template_book


def _spikes(tmp_path: Path, gap: int) -> list[tuple[object, ...]]:
    """The book with Q0 … Q4 ordering every ``gap`` days (10 order days to 2026-04-03),
    recalculated: its churn_spike flags (rep, period, text)."""
    typed: list[tuple[str, str, str, date | None, str | None]] = [
        (f"S{i}", f"佐藤商店{i}", "Sato", None, None) for i in range(20)
    ]
    typed += [(f"I{i}", f"伊藤商店{i}", "Ito", None, None) for i in range(25)]
    accounts, orders = steady_accounts(typed, "2024-01-01", "2026-10-01")
    days = [date(2026, 4, 3) - timedelta(days=gap * k) for k in range(9, -1, -1)]
    for i in range(5):
        accounts.append([f"Q{i}", f"佐藤工業{i}", "Sato", date(2020, 1, 1), None, None, None, None])
        orders += [[d, f"Q{i}", "Sato", 50_000, 1] for d in days]
    book = tmp_path / f"book{gap}.xlsm"
    with template_book(
        book, kgi=6_000_000, plan_year=2027, start_month=1, as_of=date(2026, 10, 31)
    ) as wb:
        paste(wb, "Orders", orders)
        paste(wb, "Accounts", accounts)
    recalculate(book)
    rows = list(openpyxl.load_workbook(book, data_only=True)["Flags"].iter_rows(values_only=True))
    return [(r[3], r[4], r[6]) for r in rows[1:] if r[1] == "churn_spike"]


def test_buyers_quiet_within_their_own_gaps_are_no_churn_spike(tmp_path: Path) -> None:
    """Every 91 days (longest gap 91): 211 days quiet ≤ 6 × 91 = 546 — their rhythm explains
    it, none of the five counted, no spike (before: 「月初 25件中 解約 5件 = 20.0%」 flagged)."""
    assert _spikes(tmp_path, 91) == []


def test_buyers_silent_beyond_their_rhythm_still_spike(tmp_path: Path) -> None:
    """Every 14 days (usual and longest 14): 211 days quiet > 6 × 14 = 84 and > 2 × 14 — lost
    by their own rhythm too: September's 5 of 25 is Sato's churn spike."""
    (spike,) = _spikes(tmp_path, 14)
    assert spike[:2] == ("Sato", "2026-09")
    assert "25件中 解約 5件" in str(spike[2]), spike
