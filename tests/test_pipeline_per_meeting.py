"""Appointment attempts of a rep (targets ``_pipeline``, ``meetings_from_appointments``),
worked by hand (session 29, issue #10).

Attempts are last year's plus what the meetings above last year's need at the appointment
rate, for the share of last year's meetings that came from logged appointments only:
meetings also come from referrals and walk-ins, which take no calls. A trial: 350 of 497
meetings from logged appointments, 2.4 attempts a meeting last year; every extra meeting
priced at 1 ÷ the appointment rate took 3.4.
"""

from __future__ import annotations

import itertools
import math
from datetime import date
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from routekpi.core.baselines import build_evidence
from routekpi.core.history import History, PlanSettings
from routekpi.core.measure import TEAM
from routekpi.core.targets import _pipeline, decompose, meetings_from_appointments
from routekpi.sample import generate_sample


def _ev(rows: dict[str, list[tuple[float, float, float]]]) -> SimpleNamespace:
    """Facts per rep (and the team, their sums): (attempts, appointments, meetings) a month
    from 2025-01."""
    frames = {}
    for rep, months in rows.items():
        index = pd.period_range("2025-01", periods=len(months), freq="M")
        frames[rep] = pd.DataFrame(
            months, index=index, columns=["attempts", "appointments", "meetings"]
        )
    team = sum(frames.values())
    frames[TEAM] = team
    facts = pd.concat(frames, names=["rep", "month"])
    return SimpleNamespace(facts=facts)


def test_the_trials_extra_meetings_cost_its_attempts_per_meeting() -> None:
    # 1,190 attempts won 350 appointments (rate 0.294: 3.4 attempts each); 497 meetings,
    # over two halves of a year.
    ev = _ev({"A": [(600.0, 170.0, 250.0), (590.0, 180.0, 247.0)]})
    share = meetings_from_appointments(ev, "A")
    assert share == pytest.approx(350.0 / 497.0, rel=1e-12)  # 0.704
    # 60 extra meetings: 60 × 0.704 ÷ 0.294 = 60 × 2.394 = 143.7 more (not 60 × 3.4 = 204).
    planned = _pipeline(1190.0, 60.0, 350.0 / 1190.0, share)
    assert planned == pytest.approx(1190.0 + 60.0 * 1190.0 / 497.0, rel=1e-12)
    assert planned - 1190.0 == pytest.approx(143.66, abs=0.01)
    # Per extra meeting: last year's attempts ÷ meetings when the plan's rate is last year's.
    assert (planned - 1190.0) / 60.0 == pytest.approx(2.394, abs=0.001)


def test_the_share_is_at_most_one_and_one_without_meetings() -> None:
    # More appointments than meetings (some held after the history's end): all from them.
    assert meetings_from_appointments(_ev({"A": [(100.0, 30.0, 25.0)]}), "A") == 1.0
    assert meetings_from_appointments(_ev({"A": [(100.0, 30.0, 0.0)]}), "A") == 1.0
    assert meetings_from_appointments(_ev({"A": [(0.0, 0.0, 12.0)]}), "A") == 1.0  # no calls
    # Meetings logged before the first call (an SFA that logged calls later) are left out:
    # months 2 and 3 only, 8 appointments ÷ 10 meetings (with month 1: 8 ÷ 30).
    ev = _ev({"A": [(0.0, 0.0, 20.0), (30.0, 5.0, 6.0), (20.0, 3.0, 4.0)]})
    assert meetings_from_appointments(ev, "A") == pytest.approx(0.8, rel=1e-12)
    # Then an extra meeting costs 1 ÷ the rate: 10 ÷ 0.25 = 40.
    assert _pipeline(100.0, 10.0, 0.25, 1.0) == pytest.approx(140.0, rel=1e-12)


def test_fewer_meetings_keep_last_years_attempts_and_no_rate_prices_none() -> None:
    assert _pipeline(1190.0, -40.0, 0.294, 0.704) == 1190.0
    assert _pipeline(617.0, 15.0, math.nan, 0.5) == 617.0  # trial 23: no outcome column


def test_more_meetings_never_plan_fewer_attempts() -> None:
    values = [_pipeline(1190.0, x, 0.294, 0.704) for x in np.linspace(-100.0, 300.0, 41)]
    assert all(b >= a for a, b in itertools.pairwise(values))


def test_the_sample_plans_attempts_at_each_reps_share() -> None:
    """Per rep, FY: attempts = last year's + max(meetings − last year's, 0) × share ÷ rate,
    the share his appointments ÷ his meetings over the history (every sample meeting comes
    from an appointment: the share is about 1, below it only by the days between them)."""
    s = generate_sample(seed=7)
    history = History(s.orders, s.visits, s.accounts, s.holidays)
    ev = build_evidence(history, PlanSettings(kgi=1.0, plan_year=2026, as_of=date(2025, 3, 31)))
    fy = decompose(ev, float(ev.base.at[TEAM, "revenue"]) * 1.2).fy
    shares = []
    for rep in ev.reps:
        b = ev.base.loc[rep]
        f = ev.facts.xs(rep, level="rep")
        share = min(f["appointments"].sum() / f["meetings"].sum(), 1.0)
        extra = max(fy.at[rep, "meetings"] - b["meetings"], 0.0)
        want = b["appointment_attempts"] + extra * share / fy.at[rep, "appointment_rate"]
        assert fy.at[rep, "appointment_attempts"] == pytest.approx(want, rel=1e-12)
        shares.append(share)
    assert min(shares) > 0.95  # the sample's meetings all come from appointments


def test_the_plan_line_gives_the_teams_share() -> None:
    """The Plan's meetings-and-attempts line names the team's share of meetings from
    appointments beside its appointment rate (render._pipeline_rows)."""
    from routekpi.core.engine import run
    from routekpi.messages import fmt_pct, text
    from tests.test_plan_pipeline_lines import _notes

    s = generate_sample(3, reps=3, accounts=60)
    history = History(s.orders, s.visits, s.accounts, s.holidays)
    settings = PlanSettings(kgi=1.0, plan_year=2026, as_of=date(2026, 3, 31))
    kgi = float(build_evidence(history, settings).base.at[TEAM, "revenue"]) * 1.04
    r = run(history, PlanSettings(kgi=kgi, plan_year=2026, as_of=date(2026, 3, 31)))
    f = r.evidence.facts.xs(TEAM, level="rep")
    share = min(f["appointments"].sum() / f["meetings"].sum(), 1.0)
    ja = _notes(r, "ja", text("plan.pipeline", "ja"))
    assert f"これまでの商談のうちアポから来た割合(チーム{fmt_pct(share)})" in ja
    en = _notes(r, "en", text("plan.pipeline", "en"))
    assert f"came from appointments (team {fmt_pct(share)};".replace(" ", "") in en
