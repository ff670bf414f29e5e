"""Old customers among an order export's first wins (core.lapse.hidden_returners, issue #10).

Without a customer master an account starts with its first order, and a customer first seen
in the history's first 180 days counts as held from before it. A customer who last ordered
before the history and comes back after a longer pause is first seen after that span and
looks won: the new-account pace measured on those months runs high. The history's own pauses
say how many: order days a day × the share of pauses longer than t days (and at most as long
as the history shows), for a first order t days after the history's first; that many of each
month's wins are taken out of the pace (core.flows.measure_flows)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from routekpi.core.baselines import build_evidence
from routekpi.core.history import ORDER_COLUMNS, History, PlanSettings
from routekpi.core.lapse import hidden_returners, pause_survival
from routekpi.messages import text


def _orders(rows: list[tuple[str, str]], rep: str = "A") -> pd.DataFrame:
    frame = pd.DataFrame(
        [(pd.Timestamp(d), a, rep, 1000.0, np.nan) for d, a in rows], columns=ORDER_COLUMNS
    )
    return frame.astype({"date": "datetime64[ns]"})


def test_pause_survival_and_returners_by_hand() -> None:
    """Customer X orders on days 0, 10 and 30 of 2024, Y on days 0 and 200; seen on day 300.
    Pauses: 10, 20, 200 ended; 270 (X) and 100 (Y) still running. Kaplan–Meier: 5 at risk,
    day 10 one ends (S 4/5), day 20 one of 4 (S 3/5), day 100 one leaves unseen, day 200 one
    of 2 ends (S 3/10), day 270 the last leaves unseen: S = 3/10 to day 300. Order days a day
    5 ÷ 301. July (days 182–212): pauses longer than 182…199 days and not longer than the
    300 the history shows: 18 days × 3/10 → 5/301 × 5.4 ≈ 0.0897 returners expected."""
    start = pd.Timestamp("2024-01-01")
    rows = [(str((start + pd.Timedelta(days=d)).date()), "X") for d in (0, 10, 30)]
    rows += [(str((start + pd.Timedelta(days=d)).date()), "Y") for d in (0, 200)]
    orders = _orders(rows)
    as_of = (start + pd.Timedelta(days=300)).date()
    survival, per_day = pause_survival(orders, as_of)
    assert len(survival) == 301 and per_day == pytest.approx(5 / 301)
    assert survival[9] == 1.0 and survival[10] == pytest.approx(0.8)
    assert survival[19] == pytest.approx(0.8) and survival[20] == pytest.approx(0.6)
    assert survival[199] == pytest.approx(0.6) and survival[200] == pytest.approx(0.3)
    assert survival[300] == pytest.approx(0.3)
    back = hidden_returners(History(orders=orders), as_of, [pd.Period("2024-07", "M")])
    assert float(back.iloc[0]) == pytest.approx(5 / 301 * 18 * 0.3)


def _export() -> list[tuple[str, str]]:
    """Rep A from 2024-04-10: 10 customers ordering on the 10th of every month; 5 (Q0…Q4)
    ordering on 2024-04-10 and again on 2025-01-10 (a pause of 275 days, seen); from
    2024-12-10 W0, W1 and R order monthly: first seen after the start span, won — R is an old
    customer back after a pause the export cannot show."""
    rows = []
    for month in pd.period_range("2024-04", "2025-03", freq="M"):
        day = str((month.start_time + pd.Timedelta(days=9)).date())
        rows += [(day, f"S{k}") for k in range(10)]
        if month >= pd.Period("2024-12", "M"):
            rows += [(day, c) for c in ("W0", "W1", "R")]
    rows += [(d, f"Q{k}") for k in range(5) for d in ("2024-04-10", "2025-01-10")]
    return rows


def test_a_returner_in_the_first_wins_slows_the_pace() -> None:
    """FY2025 planned on 2025-03-31. The start span ends 2024-10-07: the pace is read on
    November – March, over books of 15, 15, 18, 18, 18 = 84 account-months (7 account-years,
    16.8 held on average). Before: December's 3 wins ÷ 7 × 16.8 = 7.2 a year.

    The export's 142 order days (142 ÷ 356 a day) leave 142 pauses: 13 still running at 21
    days, then every monthly one ends by day 31; 10 of the 129 left run on past it, 5 to 275
    days (seen ending), 5 seen for 80 days only: S = 10/129 from day 31 to 274, 0 after. A
    first order in December (days 235–265 after 2024-04-10) follows a pause longer than that:
    142/356 × 31 × 10/129 = 0.959 of December's 3 wins are expected to be old customers back.
    The pace: (3 − 0.959) ÷ 7 × 16.8 = 4.90 a year."""
    orders = _orders(_export())
    as_of = date(2025, 3, 31)
    returners = 142 / 356 * 31 * 10 / 129
    back = hidden_returners(History(orders=orders), as_of, [pd.Period("2024-12", "M")])
    assert float(back.iloc[0]) == pytest.approx(returners)
    settings = PlanSettings(kgi=1.0, plan_year=2025, as_of=as_of)
    ev = build_evidence(History(orders=orders), settings)
    assert ev.flows.measured_from == pd.Period("2024-11", "M")
    assert ev.flows.new_per_year["A"] == pytest.approx((3 - returners) / 7 * 16.8)
    assert ev.flows.first_wins == pytest.approx((3.0, returners))
    (note,) = [n for n in ev.notes if n.code == "first_wins_returners"]
    assert note.params == {"first": "2024-11", "wins": "3", "returners": "1", "share": "32%"}
    assert "約1社(32%)" in text(note.code, "ja", **note.params)


def test_monthly_customers_leave_the_pace_as_it_was() -> None:
    """The same export without Q0…Q4: no pause longer than a month is seen, so none of
    December's 3 wins is taken for an old customer. Books 10, 10, 13, 13, 13 = 59
    account-months: 3 ÷ (59/12) × 59/5 held on average = 7.2 a year, as before."""
    rows = [r for r in _export() if not r[1].startswith("Q")]
    orders = _orders(rows)
    as_of = date(2025, 3, 31)
    back = hidden_returners(History(orders=orders), as_of, [pd.Period("2024-12", "M")])
    assert float(back.iloc[0]) == 0.0
    ev = build_evidence(History(orders=orders), PlanSettings(kgi=1.0, plan_year=2025, as_of=as_of))
    assert ev.flows.new_per_year["A"] == pytest.approx(3 / (59 / 12) * 59 / 5)
    assert not [n for n in ev.notes if n.code == "first_wins_returners"]
