"""A part-timer's weekdays on Targets are read from the history's start, as the Daily list
reads them (review26 #1): her ride-along months of daily visits before the first order month
made her a full-timer on Targets (246 working days) and a Mon/Wed/Fri rep on Daily.

The history (test_part_timer's): reps A and B visit every weekday, P on Monday, Wednesday and
Friday only; before the orders start (2024-10) P rode along on every weekday. Ten accounts
each, all held since 2020, each ordering ¥100 on the 10th of every month from 2024-10."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from routekpi.core.compact import compact_history
from routekpi.core.engine import run
from routekpi.core.history import History, PlanSettings
from routekpi.core.workweek import rep_weeks
from tests.test_part_timer import _history as part_timer_history

ORDERS_FROM = pd.Period("2024-10", freq="M")
AS_OF = date(2025, 6, 30)
MON_WED_FRI = frozenset({0, 2, 4})


def _history() -> History:
    return part_timer_history("ABP", orders_from=ORDERS_FROM, ride_along="P")


@pytest.mark.parametrize("compact", [False, True])
def test_ride_along_months_do_not_make_her_a_full_timer(compact: bool) -> None:
    history = _history()
    settings = PlanSettings(kgi=36000.0, plan_year=2025, as_of=AS_OF)
    if compact:
        history = compact_history(history, AS_OF)
    result = run(history, settings)
    assert rep_weeks(history, result.evidence) == {"P": MON_WED_FRI}
    assert result.evidence.calendar.weeks == (("P", MON_WED_FRI),)
    t = result.targets
    days = t[(t["kpi"] == "revenue") & (t["period"] == "FY2025")].set_index("rep")
    # FY2025 (2025-04 – 2026-03) by hand: 246 company working days (Mon–Fri less national
    # holidays); of them 145 fall on a Monday, Wednesday or Friday.
    assert days.at["A", "working_days"] == 246
    assert days.at["P", "working_days"] == 145
