"""A prospecting newcomer without a sale (core.meetings.with_prospects): pipeline targets from
the team's per rep-month norms, new accounts at the team's win rate, no revenue target.

Hand-built, calendar fiscal year, FY2026 planned on 2025-12-31 (window 2025-01 … 2025-12):

- A and B, there since 2024-01, each hold 10 accounts (a ¥1,000 order and a visit a month)
  and make 4 appointment attempts (1 won) and 1 meeting a month; in June 2025 each of them
  wins an account at that month's meeting (A9, B9: ¥1,000 a month from then);
- N joins in September 2025: 6 attempts (2 won) and 2 meetings a month, no win, no sale.

By hand: the window's meetings are 12 + 12 + 8 = 32 with 2 wins, so the team's win rate is
2 ÷ 32 = 6.25%; the reps' own rates (1/12, 1/12, 0/8) scatter less than chance would make
them (credible_rates), so every rep's own rate is 6.25%; A's and B's planned wins at it would
need more meetings than the busiest rep held (12), so they plan 12 at the rate their wins
need (targets.meetings_cap), and N at that team rate. A's and B's norms: (12 + 12)
meetings ÷ 24 rep-months = 1 a month, (48 + 48) attempts ÷ 24 = 4 a month. N, at work all
twelve months of FY2026: 12 meetings, 48 attempts, 12 × ~7.5% = ~0.89 → 1 new account.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from routekpi.core.baselines import build_evidence
from routekpi.core.engine import plan_for, run
from routekpi.core.history import History, PlanSettings
from routekpi.core.measure import TEAM
from routekpi.core.meetings import pipeline_norms, prospect_basis, prospecting_reps
from routekpi.messages import fmt_pct, text
from routekpi.render import plan_rows

FIRST = pd.Period("2024-01", "M")
JOINS = pd.Period("2025-09", "M")
WON = pd.Period("2025-06", "M")


def _history() -> History:
    orders, visits, accounts = [], [], []
    for rep in "AB":
        for i in range(10):
            acc = f"{rep}{i}"
            accounts.append((acc, acc, rep, FIRST.start_time, pd.NaT))
        new = f"{rep}9N"
        accounts.append((new, new, rep, WON.start_time + pd.Timedelta(days=14), pd.NaT))
        for m in range(24):
            month = FIRST + m
            day = month.start_time
            held = [f"{rep}{i}" for i in range(10)] + ([new] if month > WON else [])
            for acc in held:
                orders.append((day + pd.Timedelta(days=9), acc, rep, 1000.0, 1))
                visits.append((day + pd.Timedelta(days=8), rep, acc, "visit", None))
            mid = day + pd.Timedelta(days=14)
            for k in range(4):
                visits.append((mid, rep, None, "attempt", "won" if k == 0 else "lost"))
            if month == WON:
                visits.append((mid, rep, new, "meeting", "won"))
            else:
                visits.append((mid, rep, None, "meeting", "lost"))
    for m in range(24):
        month = FIRST + m
        if month >= JOINS:
            mid = month.start_time + pd.Timedelta(days=14)
            for k in range(6):
                visits.append((mid, "N", None, "attempt", "won" if k < 2 else "lost"))
            visits.extend([(mid, "N", None, "meeting", "lost")] * 2)
    return History(
        orders=pd.DataFrame(orders, columns=["date", "account", "rep", "amount", "quantity"]),
        visits=pd.DataFrame(visits, columns=["date", "rep", "account", "kind", "outcome"]),
        accounts=pd.DataFrame(accounts, columns=["account", "name", "rep", "start", "end"]),
    )


def _settings(kgi: float = 1.0) -> PlanSettings:
    return PlanSettings(kgi=kgi, plan_year=2026, fiscal_start_month=1, as_of=date(2025, 12, 31))


@pytest.fixture(scope="module")
def history() -> History:
    return _history()


def test_norms_and_his_targets_by_hand(history: History) -> None:
    ev = build_evidence(history, _settings())
    assert ev.reps == ["A", "B"] and prospecting_reps(ev) == ["N"]
    assert pipeline_norms(ev) == {"meetings": pytest.approx(1.0), "appointment_attempts": 4.0}
    assert prospect_basis(ev, "N")["meetings"] == (pytest.approx(1.0), "team")
    kgi = float(ev.base.at[TEAM, "revenue"]) * 1.05
    plan, targets = plan_for(ev, kgi)
    # A's and B's planned wins (~0.89) at the team's 6.25% would need 14.3 meetings, more
    # than the busiest planned rep held (12: targets.meetings_cap): they are asked for 12 and
    # the rate their wins then need, ~0.89 ÷ 12 = 7.5% (under its ceiling); N plans at it.
    new_a = float(plan.fy.at["A", "new_accounts"])
    assert new_a / (2 / 32) > 12 and plan.fy.at["A", "meetings"] == pytest.approx(12)
    assert plan.fy.at[TEAM, "meeting_win_rate"] == pytest.approx(new_a / 12)
    fy = targets[targets["period"] == "FY2026"].set_index(["rep", "kpi"])["target"]
    assert fy[("N", "meetings")] == 12
    assert fy[("N", "appointment_attempts")] == 48
    assert fy[("N", "new_accounts")] == 1  # ~0.89 rounded
    assert fy[("N", "meeting_win_rate")] == pytest.approx(new_a / 12)
    assert ("N", "revenue") not in fy.index and ("N", "active_accounts") not in fy.index
    months = targets[(targets["rep"] == "N") & (targets["kpi"] == "meetings")]
    assert len(months) == 13  # the year and its 12 months, one meeting each
    assert (months[months["period"] != "FY2026"]["target"] == 1).all()
    # Identities: the reps' revenue adds up to the KGI; the team's counts are the reps' sums.
    assert fy[("A", "revenue")] + fy[("B", "revenue")] == pytest.approx(kgi, rel=1e-9)
    for key in ("meetings", "appointment_attempts", "new_accounts"):
        assert fy[(TEAM, key)] == pytest.approx(fy[("A", key)] + fy[("B", key)] + fy[("N", key)])


def test_a_higher_kgi_never_lowers_his_or_the_teams_pipeline(history: History) -> None:
    ev = build_evidence(history, _settings())
    base = float(ev.base.at[TEAM, "revenue"])
    last: dict[tuple[str, str], float] = {}
    for factor in (0.9, 1.0, 1.05, 1.2):
        _, targets = plan_for(ev, base * factor)
        fy = targets[targets["period"] == "FY2026"].set_index(["rep", "kpi"])["target"]
        for rep in ("N", TEAM):
            for key in ("meetings", "appointment_attempts", "new_accounts"):
                value = float(fy[(rep, key)])
                assert value >= last.get((rep, key), -1.0)
                last[(rep, key)] = value


def test_the_plan_says_where_his_targets_come_from(history: History) -> None:
    result = run(history, _settings(kgi=300_000.0))
    rows = [[getattr(c, "value", c) for c in row] for row in plan_rows(result, "ja")]
    at = [i for i, r in enumerate(rows) if r[0] == "N"]
    assert len(at) == 1
    mine = [rows[at[0]]]
    for r in rows[at[0] + 1 :]:
        if r[0]:
            break
        mine.append(r)  # the note's wrapped lines
    note = "".join(str(r[2] or "") for r in mine).replace(" ", "")
    assert note.startswith("売上目標なし")
    assert (
        "商談12件・アポ打診48件=チームの担当者1人・1か月あたりの件数(商談1.0件、アポ打診4.0件)×在籍12か月"
        in note
    )
    team = float(result.plan.fy.at[TEAM, "meeting_win_rate"])  # the capped reps' (above)
    assert f"新規獲得1件は、その商談にチームの成約率{fmt_pct(team)}をかけた数です" in note
    en = [[getattr(c, "value", c) for c in row] for row in plan_rows(result, "en")]
    first = next(r for r in en if r[0] == "N")
    assert str(first[2]).startswith(
        text(
            "plan.rep_prospecting", "en", meetings="12", attempts="48", basis="", months="", new=""
        )[:40]
    )
