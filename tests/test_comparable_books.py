"""A small book is no evidence for a full one (trial 28, issue #10).

Ceilings (levers.comparable_books): a rep's year-on-year change counts toward a lever's
ceiling only when the book he held over the earlier of its two windows was at least half the
median rep's over the same months. A newcomer handed 3 accounts who builds them to 15 has
tripled his book in a year; applied to a veteran's 20 it is no year anybody here had.
"""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest

from routekpi.core.baselines import build_evidence
from routekpi.core.history import History, PlanSettings

FIRST = pd.Period("2022-04", freq="M")
MONTHS = 48  # April 2022 – March 2026; the plan year FY2026, its baseline FY2025
AS_OF = date(2026, 3, 31)
VETERAN_GAIN = pd.Period("2023-04", freq="M")  # A's two more accounts start here
NEWCOMER_FROM = pd.Period("2024-10", freq="M")  # N wins one account a month for a year


def _history() -> History:
    """Veterans A, B, C with 20 accounts each from April 2022 (A two more from April 2023);
    newcomer N with 3 accounts from April 2022 (handed to him: their past is his) and one
    more a month from October 2024 to September 2025 (15 from then). Every account orders
    ¥1,000 once a month on the 10th, none is lost."""
    accounts: list[tuple[str, str, str, pd.Timestamp, object]] = []
    for rep, held in (("A", 20), ("B", 20), ("C", 20), ("N", 3)):
        accounts += [(f"{rep}{i}", f"{rep}{i}", rep, FIRST.start_time, pd.NaT) for i in range(held)]
    accounts += [(f"A+{i}", f"A+{i}", "A", VETERAN_GAIN.start_time, pd.NaT) for i in range(2)]
    accounts += [
        (f"N+{k}", f"N+{k}", "N", (NEWCOMER_FROM + k).start_time, pd.NaT) for k in range(12)
    ]
    orders = []
    for acc, _, rep, start, _ in accounts:
        for m in range(MONTHS):
            month = FIRST + m
            if month.start_time >= start:
                orders.append((month.start_time + pd.Timedelta(days=9), acc, rep, 1000.0, 1))
    o = pd.DataFrame(orders, columns=["date", "account", "rep", "amount", "quantity"])
    a = pd.DataFrame(accounts, columns=["account", "name", "rep", "start", "end"])
    return History(orders=o, accounts=a)


def test_a_newcomer_building_a_book_does_not_set_the_ceiling() -> None:
    """By hand. A's largest year-on-year change of active accounts: the window April 2023 –
    March 2024 (22 every month) on April 2022 – March 2023 (20): log 1.1; B and C never
    move. N's largest: December 2024 – November 2025 (3 + (3 + … + 12 + 12 + 12) ÷ 12 =
    11.25) on December 2023 – November 2024 (3 + (1 + 2) ÷ 12 = 3.25): ×3.46. But each of
    N's changes starts from a book of at most 3 + (1 + … + 6) ÷ 12 = 4.75 (the window ending
    March 2025, a year before the history's last), under half the median rep's 20 (A 22, B
    and C 20, N 4.75) — none counts. The
    ceiling is A's ×1.1, applied to each rep's own baseline over the one-year horizon: B
    and C 20 × 1.1 = 22, A 22 × 1.1 = 24.2 (the team's ceiling at CeilingPercentile 1.0)."""
    ev = build_evidence(_history(), PlanSettings(kgi=1.0, plan_year=2026, as_of=AS_OF))
    lev = ev.lever_evidence
    assert lev is not None
    assert float(lev.high["active_accounts"]) == pytest.approx(math.log(1.1), rel=1e-9)
    # Revenue moves with the accounts here (every account ¥1,000 a month): the same.
    assert float(lev.high["revenue"]) == pytest.approx(math.log(1.1), rel=1e-9)
    # N's ×3.46 is still a change of his (the trends read it), only not a ceiling.
    n_changes = lev.changes.xs("N", level="rep")["active_accounts"]
    assert float(n_changes.max()) == pytest.approx(math.log(11.25 / 3.25), rel=1e-9)
    assert float(ev.ceiling.at["B", "active_accounts"]) == pytest.approx(22.0, rel=1e-9)
    assert float(ev.ceiling.at["C", "active_accounts"]) == pytest.approx(22.0, rel=1e-9)
    assert float(ev.ceiling.at["A", "active_accounts"]) == pytest.approx(24.2, rel=1e-9)


def test_too_few_comparable_changes_let_every_change_count() -> None:
    """25 months (April 2022 – April 2024), planned on 30 April 2024: each rep has two
    year-on-year changes (window ends March and April 2024), 8 in all. Veterans A (20, two
    more from April 2023) and B (20); N (3, one more a month from October 2023) and M (3)
    hold under half the median (about 11.5). The comparable books' changes are A's and B's,
    4 — fewer than six: every change counts, as without the rule, and the ceiling is N's
    best: the window May 2023 – April 2024 (3 + (1 + … + 7) ÷ 12 = 5.333) on May 2022 –
    April 2023 (3), ×1.778 (A's best is ×1.1)."""
    accounts: list[tuple[str, str, str, pd.Timestamp, object]] = []
    for rep, held in (("A", 20), ("B", 20), ("N", 3), ("M", 3)):
        accounts += [(f"{rep}{i}", f"{rep}{i}", rep, FIRST.start_time, pd.NaT) for i in range(held)]
    accounts += [(f"A+{i}", f"A+{i}", "A", VETERAN_GAIN.start_time, pd.NaT) for i in range(2)]
    ramp = pd.Period("2023-10", freq="M")
    accounts += [(f"N+{k}", f"N+{k}", "N", (ramp + k).start_time, pd.NaT) for k in range(7)]
    orders = []
    for acc, _, rep, start, _ in accounts:
        for m in range(25):
            month = FIRST + m
            if month.start_time >= start:
                orders.append((month.start_time + pd.Timedelta(days=9), acc, rep, 1000.0, 1))
    o = pd.DataFrame(orders, columns=["date", "account", "rep", "amount", "quantity"])
    a = pd.DataFrame(accounts, columns=["account", "name", "rep", "start", "end"])
    settings = PlanSettings(kgi=1.0, plan_year=2025, as_of=date(2024, 4, 30))
    ev = build_evidence(History(orders=o, accounts=a), settings)
    lev = ev.lever_evidence
    assert lev is not None
    assert int(lev.samples["active_accounts"]) == 8
    assert float(lev.high["active_accounts"]) == pytest.approx(math.log(16 / 9), rel=1e-9)
