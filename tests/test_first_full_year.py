"""A newcomer's first full year of prospecting at the team's pace per rep (trial 41 L3).

渡辺 joined six months into the baseline and prospected at half his later pace while he
ramped up: his six months made a year planned 20 meetings and 60 attempts, and he made 32
and 110. A rep at work for at most ``RAMP_MONTHS`` of the baseline is planned the team's
pace per rep (the middle rep's count among those at work all the baseline), never below his
own (core.meetings.pipeline_per_year). The book-level check (pasted rows and files, the
Plan's words) is tests/test_own_start_sources.py.
"""

from __future__ import annotations

import pandas as pd
import pytest

from routekpi.core.meetings import (
    RAMP_MONTHS,
    TEAM_PACE_MEETINGS,
    pipeline_per_year,
    ramp_note_code,
)
from routekpi.messages import text

TEAM = "ALL"


def _base() -> pd.DataFrame:
    """A year's counts per rep (a 12-month baseline), as the baseline has them before the
    newcomers' months are made a year: A, B at work all year; C left in April (all the
    window counted, few meetings: the middle rep is not pulled down by him); N at work 6
    months (9 meetings, 30 attempts), M 4 months (14 meetings, 5 attempts), L 7 months
    (7 meetings, 14 attempts)."""
    rows = {
        "A": (30.0, 100.0),
        "B": (40.0, 120.0),
        "C": (4.0, 10.0),
        "N": (9.0, 30.0),
        "M": (14.0, 5.0),
        "L": (7.0, 14.0),
    }
    frame = pd.DataFrame.from_dict(
        rows, orient="index", columns=["meetings", "appointment_attempts"]
    )
    frame.loc[TEAM] = frame.sum()
    return frame.assign(revenue=1.0)


def test_ramping_reps_get_the_middle_reps_pace_where_theirs_is_lower() -> None:
    """By hand. Made a year: N 9 × 12/6 = 18 meetings, 30 × 2 = 60 attempts; M 14 × 3 = 42,
    5 × 3 = 15; L 7 × 12/7 = 12, 14 × 12/7 = 24. The middle of A, B, C: 30 meetings, 100
    attempts. N (6 months ≤ RAMP_MONTHS) → 30 and 100; M (4) keeps his 42 meetings (above
    the pace), his attempts 15 → 100; L (7 months) keeps his own 12 and 24. The team's
    counts are the reps' sums."""
    assert RAMP_MONTHS == 6
    ramp: dict[str, dict[str, object]] = {}
    out = pipeline_per_year(_base(), {"N": 6, "M": 4, "L": 7}, 12, TEAM, ramp=ramp)
    assert out.loc["N", "meetings"] == 30 and out.loc["N", "appointment_attempts"] == 100
    assert out.loc["M", "meetings"] == pytest.approx(42)
    assert out.loc["M", "appointment_attempts"] == 100
    assert out.loc["L", "meetings"] == pytest.approx(12)
    assert out.loc["L", "appointment_attempts"] == pytest.approx(24)
    assert out.loc[["A", "B", "C"], "meetings"].tolist() == [30, 40, 4]  # as they were
    reps = out.drop(index=TEAM)
    assert out.loc[TEAM, "meetings"] == pytest.approx(reps["meetings"].sum())  # 158
    assert out.loc[TEAM, "meetings"] == pytest.approx(30 + 40 + 4 + 30 + 42 + 12)
    assert out.loc[TEAM, "appointment_attempts"] == pytest.approx(100 + 120 + 10 + 100 + 100 + 24)
    # What the Plan says: each rep raised, his own pace and the one used.
    assert set(ramp) == {"N", "M"}
    assert ramp["N"] == {
        "rep": "N",
        "months": 6,
        "own_meetings": "18",
        "meetings": "30",
        "own_attempts": "60",
        "attempts": "100",
    }
    said = text("pipeline_first_year", "en", **ramp["M"])
    assert said.startswith("first full year: team pace per rep used. M was at work for only 4")
    assert "(meetings 42 → 42 a year, attempts 15 → 100; his own where it is higher)" in said


def test_without_a_rep_at_work_all_year_or_a_ramp_nothing_changes() -> None:
    """Control: no ramping rep (L's 7 months) — the counts are only made a year; every rep
    ramping (no one at work all the baseline) — no team pace to use."""
    base = _base()
    out = pipeline_per_year(base, {"L": 7}, 12, TEAM)
    assert out.loc["N", "meetings"] == 9 and out.loc["L", "meetings"] == pytest.approx(12)
    only = base.loc[["N", TEAM]].assign(meetings=[9.0, 9.0])
    ramp: dict[str, dict[str, object]] = {}
    out = pipeline_per_year(only, {"N": 6}, 12, TEAM, ramp=ramp)
    assert out.loc["N", "meetings"] == 18 and not ramp


def test_the_note_says_only_the_counts_it_raised() -> None:
    """M's meetings (42 made a year) are above the team's 30: only his attempts are raised
    (15 → 100), and the note names only them — it read 「商談 年42 → 42件」. K, at work 3
    months with 6 meetings and 40 attempts (24 and 160 a year), has only his meetings
    raised (24 → 30). N has both raised: the note as before."""
    base = _base()
    base.loc["K"] = (6.0, 40.0, 1.0)
    base.loc[TEAM] = base.drop(index=TEAM).sum()
    ramp: dict[str, dict[str, object]] = {}
    pipeline_per_year(base, {"N": 6, "M": 4, "K": 3, "L": 7}, 12, TEAM, ramp=ramp)
    assert ramp_note_code(ramp["N"]) == "pipeline_first_year"
    assert ramp_note_code(ramp["M"]) == "pipeline_first_year_attempts"
    assert ramp_note_code(ramp["K"]) == "pipeline_first_year_meetings"
    assert (ramp["K"]["own_meetings"], ramp["K"]["meetings"]) == ("24", "30")
    assert (ramp["K"]["own_attempts"], ramp["K"]["attempts"]) == ("160", "160")
    m = text("pipeline_first_year_attempts", "ja", **ramp["M"])
    assert "アポ 年15 → 100件" in m and "→ 42" not in m and "本人のペース(年42件)のまま" in m
    k = text("pipeline_first_year_meetings", "ja", **ramp["K"])
    assert "商談 年24 → 30件" in k and "160" not in k and "→" not in k.split("件)")[1]
    # His building note names the team's pace only where his meetings are it.
    assert "pipeline_first_year_attempts" not in TEAM_PACE_MEETINGS
    assert {"pipeline_first_year", "pipeline_first_year_meetings"} <= TEAM_PACE_MEETINGS
