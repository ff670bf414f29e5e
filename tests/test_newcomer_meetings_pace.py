"""A newcomer who starts inside the baseline has his meetings paced over the months he has
worked — meetings ÷ his months × 12 — and ``targets.building_pace`` reads that pace (trial 44:
加藤 read 60 meetings a year, not the ~69 his 52 meetings in 2026-04 … 2026-12 make; his
first own lines were 3 meetings in 2026-02/03, the pipeline of his first wins, so his months
at work are 11 and 55 ÷ 11 × 12 = 60: the rule holds, his start is read from his first line;
the flows' 25.1 is his 23 wins paced over the same 11 months, so the comparison is like for
like. Read from 2026-04 instead, both rise together: 29.7 against 30.7).

Hand-built (``newcomer_team``), calendar fiscal year, FY2026 planned on 2025-12-31 (window
2025-01 … 2025-12): A and B there since 2024-01, 1 meeting a month each; N joins on
2025-04-01 with no accounts handed to him, makes 2 meetings a month (18 in his 9 months: past
``RAMP_MONTHS``, so his first full year is his own pace) and wins N1 in 2025-05 and N2 in
2025-09 (¥1,000 a month each).
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from routekpi.core.baselines import build_evidence
from routekpi.core.history import History, PlanSettings
from routekpi.core.measure import TEAM
from routekpi.core.meetings import RAMP_MONTHS, months_at_work, own_first_months
from routekpi.core.targets import building_pace
from tests.history_helpers import newcomer_team

FIRST = pd.Period("2024-01", "M")
JOINS = pd.Period("2025-04", "M")
LAST = pd.Period("2025-12", "M")
WINDOW = list(pd.period_range("2025-01", "2025-12", freq="M"))
SETTINGS = PlanSettings(kgi=1.0, plan_year=2026, fiscal_start_month=1, as_of=date(2025, 12, 31))


def _history() -> History:
    wins = {"N1": pd.Period("2025-05", "M"), "N2": pd.Period("2025-09", "M")}
    return newcomer_team(FIRST, LAST, JOINS, wins=wins, handed=False)


def test_he_worked_nine_months_of_the_baseline() -> None:
    """His first own line is 2025-04: 2025-04 … 2025-12 are 9 of the window's 12 months."""
    since = own_first_months(_history())
    assert since["N"] == JOINS
    assert months_at_work(since, WINDOW) == {"N": 9}
    assert RAMP_MONTHS < 9  # his own pace, not the team's per rep


def test_his_meetings_are_paced_over_his_months_at_work() -> None:
    """18 meetings ÷ 9 months × 12 = 24 a year (over the window's 12 months it would read 18);
    A and B keep their 12; the team's is the sum, 48."""
    ev = build_evidence(_history(), SETTINGS)
    assert ev.base.at["N", "meetings"] == pytest.approx(18 / 9 * 12)
    for rep in "AB":
        assert ev.base.at[rep, "meetings"] == pytest.approx(12)
    assert ev.base.at[TEAM, "meetings"] == pytest.approx(12 + 12 + 24)


def test_building_pace_reads_that_pace() -> None:
    """A rep still building his first book is on course for 24 meetings × his win rate: at
    0.25, 6 wins a year (18 × 0.25 = 4.5 were his months read as a year); 0 for A."""
    ev = build_evidence(_history(), SETTINGS)
    assert "N" in ev.building
    assert building_pace(ev, "N", 0.25) == pytest.approx(24 * 0.25)
    assert building_pace(ev, "A", 0.25) == 0.0
