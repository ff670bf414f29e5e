"""A rep still building his first book who is on leave inside the plan year: the book his
meetings' wins build counts only the wins of his days at work (core/targets.py
``building_flows``), as his new-accounts target does (review 30 H1)."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from routekpi.core.at_work import plan_presence
from routekpi.core.baselines import Evidence, build_evidence
from routekpi.core.measure import TEAM
from routekpi.core.targets import Plan, building_flows, decompose
from tests.test_building_book_flows import SETTINGS, _history

KGI = 270_000.0


def _plan_with_leave(first: str | None, last: str | None) -> tuple[Evidence, Plan]:
    history = _history()
    if first is not None:
        leave = pd.DataFrame(
            [("N", pd.Timestamp(first), pd.Timestamp(last), "leave")],
            columns=["rep", "start", "end", "reason"],
        )
        history = replace(history, leave=leave)
    ev = build_evidence(history, SETTINGS)
    return ev, decompose(ev, KGI)


def test_half_a_year_away_builds_half_the_wins_book() -> None:
    """N's meetings pace gives 2 wins a year (tests/test_building_book_flows.py: 8 accounts
    at the start, 8.875 on average, 9.5 at the year's end). Away January – June, he is at work
    the share of the year's working days ``plan_presence`` gives (about half): his wins, the
    book they build, its first-year losses and what it adds to his revenue all shrink with it;
    his new-accounts target is those wins, his accounts target that book's average; the team
    still sums to the KGI and the Plan still explains his book."""
    ev0, plan0 = _plan_with_leave(None, None)
    ev, plan = _plan_with_leave("2026-01-01", "2026-06-30")
    full, half = building_flows(ev0)["N"], building_flows(ev)["N"]
    presence = float(plan_presence(ev.calendar, ["N"], ev.plan_months).iloc[0])
    assert 0.4 < presence < 0.6
    assert half.wins == pytest.approx(full.wins * presence)
    assert half.lost == pytest.approx(full.lost * presence)
    assert half.start == full.start
    assert full.average > half.average > half.start * 0.9
    n = plan.fy.loc["N"]
    assert n["new_accounts"] == pytest.approx(half.wins)
    assert n["active_accounts"] == pytest.approx(half.average)
    assert 0 < plan.lift["N"] < plan0.lift["N"]
    assert plan.fy.at[TEAM, "revenue"] == pytest.approx(KGI)
    codes = {note.code for note in plan.notes if note.params.get("rep") == "N"}
    # (…_handed when her book is mostly handed over: trial 41 M3)
    assert "building_book_counts" in codes
    assert codes & {"building_wins_pace", "building_wins_pace_handed"}


def test_away_all_but_a_month_adds_almost_nothing() -> None:
    """Away January – November: about a twelfth of the wins, and a lift a twelfth as large."""
    _, plan0 = _plan_with_leave(None, None)
    ev, plan = _plan_with_leave("2026-01-01", "2026-11-30")
    book = building_flows(ev)["N"]
    presence = float(plan_presence(ev.calendar, ["N"], ev.plan_months).iloc[0])
    assert presence < 0.15
    assert plan.fy.at["N", "new_accounts"] == pytest.approx(book.wins)
    assert plan.lift["N"] < plan0.lift["N"] * 0.15
    assert plan.fy.at[TEAM, "revenue"] == pytest.approx(KGI)
