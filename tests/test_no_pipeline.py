"""New accounts through no logged pipeline (trial 52 M8): too few meetings with prospects to
carry a win rate (fewer than ten) and no appointments logged (core.meetings
``no_pipeline``). 商談数 and 商談成約率 get no target, the Plan's meetings line and the
Targets say why; a log whose meetings carry the new accounts keeps its meetings stage.

Before: a wholesaler whose 打合せ / 見積提出 (Words → 商談) are at customers held (visits)
logged 3 meetings with prospects against 32 new accounts; the capped 100% rate planned 36
meetings (「前年 3件、+1100.0%」) and the Dashboard read 商談数 3 / 23.6 = 12.7%, red.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from routekpi.contract import RawSheet
from routekpi.core.engine import Result, run
from routekpi.core.history import PlanSettings
from routekpi.core.measure import TEAM
from routekpi.core.meetings import no_pipeline
from routekpi.messages import text
from routekpi.render import _pipeline_rows, plan_rows, target_rows
from routekpi.validation.tables import validate_inputs

D = date


def test_the_rule() -> None:
    # (meetings with prospects, new accounts, appointments won)
    assert no_pipeline(3, 32, 0)  # trial 52: 3 meetings, 32 wins
    assert no_pipeline(9, 3, 0)  # fewer than MIN_PIPELINE_MEETINGS (10), whatever the wins
    assert not no_pipeline(10, 8, 0)  # a rate the log carries
    assert not no_pipeline(24, 72, 0)  # ten or more: planned at 100% (trial 52 M3)
    assert not no_pipeline(0, 12, 0)  # no meeting at all: no log, nothing to say
    assert not no_pipeline(3, 32, 12)  # appointments: read from them (meetings.direct_wins)
    assert not no_pipeline(3, 0, 0)  # no new account: nothing to plan a rate for


def _history(meetings: int):
    """Reps A and B, 10 held customers each ordering monthly 2024-01 … 2025-12 and visited
    on the 12th, with a 商談 at a held customer on the 14th (a proposal: a visit, not new
    business); in 2025 each wins 6 new customers (N-codes started and first ordered on even
    months) with no appointment logged; A holds ``meetings`` meetings with prospects."""
    orders: list[list[object]] = [["date", "account", "rep", "amount"]]
    visits: list[list[object]] = [["date", "rep", "account", "kind", "outcome"]]
    accounts: list[list[object]] = [["account", "rep", "start"]]
    for rep in ("A", "B"):
        for k in range(10):
            accounts.append([f"{rep}{k}", rep, D(2023, 1, 1)])
        for m in pd.period_range("2024-01", "2025-12", freq="M"):
            for k in range(10):
                orders.append([D(m.year, m.month, 10), f"{rep}{k}", rep, 1000.0])
                visits.append([D(m.year, m.month, 12), rep, f"{rep}{k}", "訪問", None])
            visits.append([D(m.year, m.month, 14), rep, f"{rep}{m.month % 10}", "商談", None])
            if m.year == 2025 and m.month % 2 == 0:  # a new customer from that month on
                new = f"N{rep}{m.month}"
                accounts.append([new, rep, D(m.year, m.month, 20)])
                for later in pd.period_range(m, "2025-12", freq="M"):
                    orders.append([D(later.year, later.month, 20), new, rep, 1000.0])
    for i in range(meetings):
        visits.append([D(2025, 1 + i % 12, 7), "A", f"P{i}", "商談", None])
    sheets = {
        "Orders": RawSheet(name="Orders", rows=orders),
        "Visits": RawSheet(name="Visits", rows=visits),
        "Accounts": RawSheet(name="Accounts", rows=accounts),
    }
    return validate_inputs(sheets, today=D(2026, 1, 5)).history


def _result(meetings: int) -> Result:
    settings = PlanSettings(kgi=530_000.0, plan_year=2026, as_of=D(2025, 12, 31))
    return run(_history(meetings), settings)


@pytest.fixture(scope="module")
def few() -> Result:
    return _result(3)


def test_three_meetings_against_twelve_wins_plan_no_meetings(few: Result) -> None:
    ev, plan = few.evidence, few.plan
    year = ev.facts.xs(TEAM, level="rep").reindex(ev.baseline_months).sum()
    # The 24 商談 a rep held at his customers are his visits: 3 meetings left, 12 wins.
    assert (year["meetings"], year["new_accounts"], year["appointments"]) == (3.0, 12.0, 0.0)
    for rep in ("A", "B", TEAM):
        assert np.isnan(plan.fy.at[rep, "meetings"])
        assert np.isnan(plan.fy.at[rep, "meeting_win_rate"])
    # New accounts still planned (their own pace per account held), as many as with a log.
    assert plan.fy.at[TEAM, "new_accounts"] > 0


def test_the_plan_and_targets_say_why(few: Result) -> None:
    rows = _pipeline_rows(few, "ja")
    assert rows[0][0] == "商談・アポ打診"
    note = "".join(str(row[2]) for row in rows)
    # (wrapped rows joined: no space at a row break)
    assert note.startswith(
        "商談数と商談成約率には目標を置いていません: 前年の見込み客との商談は 3件"
    )
    assert "新規顧客は12件で、" in note
    why = {(r[1], r[2]): r[-1] for r in target_rows(few, "ja") if str(r[0]) == "FY2026"}
    for rep in ("A", "B", TEAM):
        assert why[(rep, "meetings")] == text("basis.no_pipeline_meetings", "ja")
        assert why[(rep, "meeting_win_rate")] == text("basis.no_pipeline_meetings", "ja")


def test_no_win_rate_note_beside_the_no_target_line(few: Result) -> None:
    # 12 wins over 3 meetings is the baseline's "more new accounts than meetings" case
    # (baselines.wins_without_meetings): its note qualifies a win rate no longer planned.
    assert any(note.code == "wins_without_meetings" for note in few.notes)
    plan = "".join(str(cell) for row in plan_rows(few, "ja") for cell in row)
    assert "商談数と商談成約率には目標を置いていません" in plan
    assert "商談成約率は参考値です" not in plan


def test_a_log_whose_meetings_carry_the_wins_keeps_its_meetings_stage(few: Result) -> None:
    """The control: A's 30 meetings with prospects against the same 12 wins."""
    result = _result(30)
    plan = result.plan
    assert np.isfinite(plan.fy.at[TEAM, "meetings"]) and plan.fy.at[TEAM, "meetings"] >= 30
    assert plan.fy.at[TEAM, "meeting_win_rate"] > 0
    # The new accounts are the same plan with or without the meetings stage.
    assert plan.fy.at[TEAM, "new_accounts"] == pytest.approx(few.plan.fy.at[TEAM, "new_accounts"])
    note = "".join(str(row[2]) for row in _pipeline_rows(result, "ja"))
    assert "目標を置いていません" not in note and "商談の目標" in note
