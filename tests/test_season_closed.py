"""A household on its seasonal break is not called probably closed while the lapse rule holds
it for its season (trial 50 H4).

A heating-oil (灯油) round: one run's Checks said 「季節の休みとみなして解約にしていません」 of
a household while its Flags asked to type its end date (``probably_closed``): the flag's
break ended exactly on last year's return day, the lapse rule's its season + 45 days. Both
now read core.lapse ``on_break`` (``season_breaks``' ``held``); the at-risk line still
warns from last year's return day.

Hand-built history, as of 2026-12-04 (Friday):

- K1 (灯油 household): an order and a visit every Monday 2024-11-04 … 2025-04-28 and
  2025-11-10 … 2026-04-06 (last). A year before its last order: 2025-04-06; orders more than
  45 days after it (after 2025-05-21): 2025-11-10 (218 days: ``back``), 11-17, 11-24 (the
  3rd, 232 days: its season). Usual gap 7 days; 232 − 45 = 187 > 1.5 × 3 × 7: a break.
  Due back 2026-04-06 + 218 = 2026-11-10; held 232 + 45 = 277 days, to 2027-01-08.
  On 2026-12-04 silent 242 days (≥ 10 × 7 and 60): long silent, a steady buyer (≥ 12
  order days) — probably closed by the old rule (past 2026-11-10), held by the lapse rule
  (its plain days: 6 × 7 = 42, or 2 × its longest gap 196 days, at most 180; 242 > 180).
- A1: an order and a visit every Monday 2024-11-04 … 2026-11-30, on its rhythm.
- C1: ¥1,000 weekly 2024-11-04 … 2026-08-31, then silent (95 days on 2026-12-04): no
  break, probably closed (a small account: the lapse rule's 180 days, not yet ended).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from routekpi.core.flags import account_status, season_breaks
from routekpi.core.history import ACCOUNT_COLUMNS, History
from routekpi.core.lapse import master_lapses, order_rhythm
from routekpi.recalc import recalculate
from tests.workbook_files import checks_sheet, frames_book

AS_OF = date(2026, 12, 4)
REP = "中村 亮"


def _mondays(first: str, last: str) -> list[pd.Timestamp]:
    return list(pd.date_range(first, last, freq="7D"))


def _history() -> History:
    days = {
        "K1": _mondays("2024-11-04", "2025-04-28") + _mondays("2025-11-10", "2026-04-06"),
        "A1": _mondays("2024-11-04", "2026-11-30"),
        "C1": _mondays("2024-11-04", "2026-08-31"),
    }
    amount = {"K1": 20_000.0, "A1": 30_000.0, "C1": 1_000.0}
    rows = [(d, a, REP, amount[a], 1.0) for a, ds in days.items() for d in ds]
    orders = pd.DataFrame(rows, columns=["date", "account", "rep", "amount", "quantity"])
    visits = pd.DataFrame(
        {
            "date": orders["date"],
            "rep": REP,
            "account": orders["account"],
            "kind": "visit",
            "outcome": None,
        }
    )
    accounts = pd.DataFrame(
        {
            "account": ["K1", "A1", "C1"],
            "name": ["清水 隆", "後藤商店", "旅館みどり"],
            "rep": REP,
            "start": pd.Timestamp("2024-10-01"),
            "end": pd.NaT,
        }
    ).reindex(columns=list(ACCOUNT_COLUMNS))
    return History(orders=orders, visits=visits, accounts=accounts)


def test_the_two_lines_by_hand() -> None:
    """Due back on last year's return day; held to its season + 45 days (the lapse rule)."""
    history = _history()
    b = season_breaks(history, AS_OF, ["K1", "A1", "C1"])
    assert b.index.tolist() == ["K1"]
    assert b.at["K1", "due"] == "2026-11-10"
    assert not bool(b.at["K1", "resting"]) and bool(b.at["K1", "held"])
    # The last day held is 2027-01-07: the lapse rule ends it on 2027-01-08.
    assert bool(season_breaks(history, date(2027, 1, 7), ["K1"]).at["K1", "held"])
    assert not bool(season_breaks(history, date(2027, 1, 8), ["K1"]).at["K1", "held"])
    # Before last year's return day it rests (not neglected either).
    assert bool(season_breaks(history, date(2026, 11, 9), ["K1"]).at["K1", "resting"])


@pytest.mark.parametrize(
    ("as_of", "closed"),
    [
        (date(2026, 11, 9), False),  # resting: before last year's return
        (AS_OF, False),  # past it, held by the lapse rule: at risk, not closed
        (date(2027, 1, 7), False),  # the wait's last day
        (date(2027, 1, 8), True),  # the lapse rule's day: past its season + 45 days
    ],
)
def test_probably_closed_only_past_the_lapse_rules_wait(as_of: date, closed: bool) -> None:
    history = _history()
    status = account_status(history, as_of)
    assert bool(status.loc["K1", "probably_closed"]) is closed
    assert bool(status.loc["K1", "long_silent"])  # silent 10× its gap all along
    assert bool(status.loc["C1", "probably_closed"])  # no break: closed as before
    assert not bool(status.loc["A1", "probably_closed"])
    # The same day the lapse rule holds it for its season (the Checks' words), or ends it.
    orders = history.orders
    lapses = master_lapses(
        history.accounts, order_rhythm(orders, as_of), as_of, orders["date"].min()
    )
    assert ("K1" in lapses.seasonal) is (not closed)
    assert ("K1" in lapses.ended) is closed


def test_the_book_says_at_risk_not_closed(tmp_path: Path) -> None:
    """Written and read back: K1 is an at-risk account past last year's return (2026-11-10),
    not on a ``probably_closed`` row; the Checks hold it for its season; C1 is probably
    closed. (Before trial 50 H4's fix K1 was on the probably-closed row beside the Checks.)"""
    book = frames_book(
        tmp_path / "k.xlsm",
        _history(),
        {"KGI": 5_000_000, "PlanYear": 2027, "AsOf": AS_OF.isoformat()},
    )
    recalculate(book)
    flags = list(openpyxl.load_workbook(book, read_only=True)["Flags"].iter_rows(values_only=True))
    closed = [str(f[6]) for f in flags if f[1] == "probably_closed"]
    assert len(closed) == 1 and "(C1)" in closed[0] and "K1" not in closed[0]
    (k1,) = [f for f in flags if f[1] == "at_risk_account" and f[5] == "K1"]
    assert "2026-11-10" in str(k1[6]) and "季節" in str(k1[6])
    held = [str(r[4]) for r in checks_sheet(book, "Accounts") if "季節の休み" in str(r[4])]
    assert len(held) == 1 and "K1(2026-04-06; 232)" in held[0]
