"""A history derived from orders that began with its customers (a cohort, like CDNOW's) keeps
its whole baseline year when the months after the lapse rule's start span won next to no
account (flows ``_seen_months``, ``MIN_SEEN_PACE``): two late first orders among thousands of
customers once switched the churn to those months' annualised rate (CDNOW FY1998 team churn
0.731 → 0.927, retention MdAPE 1.5% → 16.8%)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from routekpi.core.flows import MIN_SEEN_PACE, Flows, measure_flows
from routekpi.core.measure import TEAM

WINDOW = list(pd.period_range("2024-01", "2024-12", freq="M"))
SEEN_FROM = pd.Period("2024-07", freq="M")
SEPTEMBER = pd.Period("2024-09", freq="M")


def _cohort(held: float, wins: float) -> pd.DataFrame:
    """Rep R (and the team) holding ``held`` from January 2024; a tenth of it lost each month
    July – December (a cohort's losses all come after the 180-day span) and ``wins`` won in
    September."""
    rows = []
    lost = held / 10
    for m in WINDOW:
        out = lost if m >= SEEN_FROM else 0.0
        won = wins if m == SEPTEMBER else 0.0
        row = {
            "accounts_start": held,
            "new_accounts": won,
            "cancellations": out,
            "active_accounts": held - out + won,
            "meetings": 0.0,
            "appointments": 0.0,
            "attempts": 0.0,
        }
        held += won - out
        rows += [(("R", m), row), ((TEAM, m), row)]
    index = pd.MultiIndex.from_tuples([k for k, _ in rows], names=["rep", "month"])
    return pd.DataFrame([r for _, r in rows], index=index)


def _flows(held: float, wins: float) -> Flows:
    facts = _cohort(held, wins)
    return measure_flows(facts, WINDOW, WINDOW[-1], gap_months=0, observable_from=SEEN_FROM)


@pytest.mark.parametrize("wins", [0.0, 2.0, 37.0])
def test_a_few_late_wins_keep_the_whole_year(wins: float) -> None:
    """10,000 held, 1,000 lost a month July – December. Books at those months' starts
    10,000, 9,000, 8,000 then 7,000 + w, 6,000 + w, 5,000 + w: (45,000 + 3w) / 12 account-
    years = 3,750 + w/4; 1% of it 37.5 + w/400, so 37 wins are under it (37.59): the whole
    year, 6,000 lost of the 10,000 held at its start, churn 0.6 — the same with 0, 2 or 37
    wins (38 would switch)."""
    assert MIN_SEEN_PACE == 0.01
    flows = _flows(10_000.0, wins)
    assert flows.measured_from is None
    assert flows.churn["R"] == pytest.approx(0.6)
    assert flows.churn[TEAM] == pytest.approx(0.6)
    assert _flows(10_000.0, wins + 1).measured_from == (SEEN_FROM if wins == 37 else None)


def test_a_pace_reads_the_months_after_the_span() -> None:
    """100 held, 10 lost a month July – December, 2 won in September: books at the months'
    starts 100, 90, 80, 72, 62, 52 = 456 account-months = 38 account-years; 2 wins ≥ 1% of 38
    (a small book's pace, 0.053 a year per account). Read over July – December: 60 lost →
    60 / 38 per account-year → churn 1 − e^(−60/38) = 0.7938."""
    flows = _flows(100.0, 2.0)
    assert flows.measured_from == SEEN_FROM
    assert flows.churn["R"] == pytest.approx(1 - math.exp(-60 / 38))
