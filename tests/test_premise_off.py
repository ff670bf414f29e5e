"""A lever's target off for the whole team (trial 50 H3): every rep behind on visits while
revenue is on pace is the plan's premise, said once on the team's row, not a warning per rep
(core.flags ``_premise_off``)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from routekpi.core.engine import ATTAINMENT_COLUMNS
from routekpi.core.flags import _pace_flags
from routekpi.core.history import PlanSettings
from routekpi.core.measure import TEAM
from routekpi.render import flag_message

REPS = ("青木", "井上", "上田", "江藤")
TARGET_TO_DATE = {"visits": 1000.0, "revenue": 10_000_000.0}


def _attainment(visits: dict[str, float], revenue: float) -> pd.DataFrame:
    """FY2026 rows: each rep's visit pace (``visits``) and revenue pace, the team's their sums
    (every rep the same target to date, so the team's pace is the mean of theirs)."""
    rows = []
    paces = {"visits": visits, "revenue": dict.fromkeys(REPS, revenue)}
    for kpi, of in paces.items():
        due = TARGET_TO_DATE[kpi]
        for rep in (*REPS, TEAM):
            n = len(REPS) if rep == TEAM else 1
            actual = sum(of.values()) * due if rep == TEAM else of[rep] * due
            pace = actual / (due * n)
            target = 2 * due * n
            rows.append(
                ("FY2026", rep, kpi, actual, target, actual / target, pace, pace * target, due * n)
            )
    return pd.DataFrame(rows, columns=list(ATTAINMENT_COLUMNS))


def _review(assumption: bool) -> pd.DataFrame:
    """The Review's visit-frequency rows (the lever a visits flag names); with ``assumption``
    its finding that the target's premise is off (core.review ``_mark_assumption``: 4 of 4
    short), no colleague named."""
    detail = {"assumption": True, "short": 4, "of": 4, "best": "", "best_attainment": np.nan}
    detail |= {"best_short": True, "plan_growth": 0.069, "trend": 0.064}
    return pd.DataFrame(
        [
            {
                "rep": rep,
                "kpi": "visits_per_account",
                "main": False,
                "actual_ytd": 1.44,
                "target_ytd": 1.70,
                "contribution": -1_000_000.0,
                "best_rep": "",
                "best_value": np.nan,
                "detail": dict(detail) if assumption else {},
            }
            for rep in (*REPS, TEAM)
        ]
    )


def _flags(visits: dict[str, float], revenue: float, assumption: bool = True) -> list[dict]:
    ev = SimpleNamespace(settings=PlanSettings(kgi=1.0, plan_year=2026))
    attainment = _attainment(visits, revenue)
    return _pace_flags(ev, attainment, _review(assumption))  # type: ignore[arg-type]


def test_all_reps_short_on_visits_with_revenue_on_pace_is_one_info_team_row() -> None:
    """All four at 85% of their visits to date (PaceWarn 90%), revenue 103%: one info row
    for the team, saying the revenue pace and why no rep is warned; no rep row."""
    flags = _flags(dict.fromkeys(REPS, 0.85), 1.03)
    assert [(f["rep"], f["kpi"], f["severity"]) for f in flags] == [(TEAM, "visits", "info")]
    p = flags[0]["params"]
    assert p["pace"] == pytest.approx(0.85) and p["revenue_pace"] == pytest.approx(1.03)
    assert p["premise_off"] and p["assumption"]
    ja, ja_action = flag_message(flags[0], "ja")
    assert "売上は目標どおり(進捗率 103.0%)" in ja and "担当者ごとの警告は出していません" in ja
    assert "目標の前提" in ja_action
    en, _ = flag_message(flags[0], "en")
    assert "revenue is on pace (103.0%)" in en


def test_a_rep_clearly_below_the_teams_pace_keeps_his_warning() -> None:
    """One rep at 60%: the team's pace is (3 × 85% + 60%) / 4 = 78.75%; × PaceWarn 90% =
    70.9%: 60% is below it (his warning stays, coached as usual, the team's pace said), 85%
    is not (no warning)."""
    flags = _flags({**dict.fromkeys(REPS, 0.85), "江藤": 0.60}, 1.03)
    said = sorted((f["rep"], f["severity"]) for f in flags)
    assert said == sorted([(TEAM, "info"), ("江藤", "warn")])
    mine = next(f for f in flags if f["rep"] == "江藤")["params"]
    assert mine["pace"] == pytest.approx(0.60) and mine["team_pace"] == pytest.approx(0.7875)
    assert "assumption" not in mine  # his gap is his, not the plan's premise
    ja, ja_action = flag_message(next(f for f in flags if f["rep"] == "江藤"), "ja")
    assert "チーム全体の進捗率 78.8%" in ja and "目標の前提を見直して" not in ja_action


def test_revenue_behind_or_no_premise_finding_keeps_every_warning() -> None:
    """Revenue at 85% too (behind PaceWarn), or a Review that found the premise right: the
    visit rows stay warnings, one per rep and the team's."""
    behind = _flags(dict.fromkeys(REPS, 0.85), 0.85)
    visits = [f for f in behind if f["kpi"] == "visits"]
    assert len(visits) == len(REPS) + 1 and {f["severity"] for f in visits} == {"warn"}
    assert not any("premise_off" in f["params"] for f in behind)
    plain = _flags(dict.fromkeys(REPS, 0.85), 1.03, assumption=False)
    assert len(plain) == len(REPS) + 1 and {f["severity"] for f in plain} == {"warn"}
