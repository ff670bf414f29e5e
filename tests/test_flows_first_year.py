"""Churn of the starting book apart from the first-year losses of new accounts (flows.py).

The histories are those of test_evidence_targets (each live account orders once a month at
¥1,000; no visits), so the account flows can be counted on paper.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from routekpi.core.engine import run
from routekpi.core.flows import (
    PRIOR_TRIES,
    WIN_SHARE,
    average_book,
    book_path,
    credible_rates,
    loss_timing,
    new_for_average,
)
from routekpi.core.history import History, PlanSettings
from routekpi.core.measure import TEAM, window_losses
from routekpi.core.targets import flows_average
from routekpi.render import plan_rows
from tests.test_evidence_targets import _fy, _history, _plan

FY2025 = [pd.Period("2025-04", "M") + i for i in range(12)]  # months 36 … 47 of the history
# Each rep: 40 accounts held from April 2022; 2 of them lost in FY2025 (months 38 and 44);
# 4 won in FY2025 (months 36, 38, 40, 42), of which the first two are lost again in it, 6 and
# 8 months after their win (months 42 and 46). 4 cancellations: half are first-year losses.
HALF_NEW = {
    r: [(0, None)] * 38 + [(0, 38), (0, 44)] + [(36, 42), (38, 46), (40, None), (42, None)]
    for r in "ABC"
}
# The starting book's churn: FY2025's 2 book losses over the 40 held, FY2024's and FY2023's
# 40 held and none lost counting ½ and ¼ (flows.RECENCY): 2 ÷ 70.
BOOK_CHURN = 2 / 70
# The share of the year's first-year losses lost by each month-end (hand count below).
TIMING = (0, 0, 0, 0, 0, 0, 1 / 12, 2 / 12, 4.5 / 12, 7 / 12, 9.5 / 12, 1)


def test_window_losses_counts_the_windows_own_new_accounts_by_age() -> None:
    """Only accounts won and lost inside the window count, at their age in months: a loss of
    the starting book (won before the window) is the book's; a win lost after the window is
    not a loss of it."""
    h = _history(HALF_NEW, lambda rep, fy: 1000.0)
    young = window_losses(h, FY2025, date(2026, 3, 31))
    assert young.loc["A"].tolist() == [0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0]
    assert young.loc[TEAM].tolist() == [0, 0, 0, 0, 0, 0, 3, 0, 3, 0, 0, 0]
    # Seen from 2025-09-30 neither loss (2025-10, 2026-02) has happened yet.
    early = window_losses(h, FY2025, date(2025, 9, 30))
    assert early.to_numpy().sum() == 0


def test_loss_timing_by_hand() -> None:
    """Losses at age 6 (3) and 8 (3) in the baseline year. Wins of 12 − a months of a year
    can show a loss at age a: 3 ÷ 6 = 0.5 and 3 ÷ 4 = 0.75 per month of wins. Wins arriving
    evenly have lost, by month-end k, Σ_{a<k} rate(a) × (k − a) of the 6:
    k = 7: 0.5 → 1/12; k = 8: 1 → 2/12; k = 9: 1.5 + 0.75 → 4.5/12; k = 10: 2 + 1.5 → 7/12;
    k = 11: 2.5 + 2.25 → 9.5/12; k = 12: 3 + 3 → 1. None before the seventh month."""
    by_age = pd.Series({6: 3.0, 8: 3.0})
    assert loss_timing(by_age) == pytest.approx(TIMING)
    assert loss_timing(pd.Series(dtype=float)) is None


def test_half_the_losses_are_first_year_losses() -> None:
    """Starting-book churn: FY2025's 4 cancellations − 2 first-year losses = 2 of the 40
    held; none of the 40 held at FY2024's or FY2023's start was lost in those years, which
    count ½ and ¼ (flows.RECENCY): 2 ÷ (40 + 20 + 10) = 2/70 = 2.86 % (FY2025 alone: 5 %).
    The first-year share = 2 of 4 wins = 50 %, so the usual 4 wins lose 2 within the year.
    The plan year starts with 40 − 4 + 4 = 40. Its path (k = 1 … 12):
    40 × (1 − 2/70)^(k/12) + 4k/12 − 2 × TIMING[k]; average = 39.378 + 2.167 − 0.5 = 41.045.
    The old rule (10 % churn on the book, wins kept) averaged 39.965: the 2 first-year losses
    came off the book from April, not from October.
    Cancellations = 40 × 2/70 + 2 = 3.143, churn target 3.143 ÷ 40 = 7.86 % (as measured)."""
    ev, plan, targets = _plan(_history(HALF_NEW, lambda rep, fy: 1000.0))
    f = ev.flows
    assert f.churn["A"] == pytest.approx(BOOK_CHURN)
    assert f.lost_new("A") == pytest.approx(2.0)
    assert f.lost_new(TEAM) == pytest.approx(6.0)  # the team's flows are its reps' sums
    assert f.loss_timing == pytest.approx(TIMING)
    assert f.start["A"] == pytest.approx(40.0)
    assert f.new_per_year["A"] == pytest.approx(4.0)
    kept = 40 * float(np.mean((1 - BOOK_CHURN) ** (np.arange(1, 13) / 12)))
    assert kept == pytest.approx(39.378, abs=5e-4)
    path = average_book(40.0, BOOK_CHURN, 4.0, 2.0, f.loss_timing)
    assert path == pytest.approx(kept + 4 * 6.5 / 12 - 2 * 3 / 12)
    assert path == pytest.approx(41.045, abs=5e-4)
    assert average_book(40.0, 0.10, 4.0) == pytest.approx(39.965, abs=5e-4)
    team = book_path(120.0, BOOK_CHURN, 12.0, 6.0, f.loss_timing)
    assert team == pytest.approx(3 * book_path(40.0, BOOK_CHURN, 4.0, 2.0, f.loss_timing))
    for rep in "ABC":
        # Cancellations decomposed: the book's 40 × 2/70 plus the wins' 2 first-year losses.
        assert plan.fy.at[rep, "cancellations"] == pytest.approx(40 * BOOK_CHURN + 2.0)
        assert _fy(targets, rep, "churn_rate") == pytest.approx(3.142857 / 40, rel=1e-6)
        assert _fy(targets, rep, "retention_rate") == pytest.approx(1 - 3.142857 / 40, rel=1e-6)
    assert _fy(targets, TEAM, "churn_rate") == pytest.approx(3.142857 / 40, rel=1e-6)


def test_a_goal_at_the_path_plans_the_usual_wins_and_more_accounts_more_wins() -> None:
    """A KGI at the path's average book (price and orders flat) plans the usual 4 wins; a
    goal of one more account on average would need 12 ÷ 6.5 more wins kept through the year,
    of which the target asks a quarter (flows.WIN_SHARE), and the same cancellations (the
    losses stay the evidence's)."""
    h = _history(HALF_NEW, lambda rep, fy: 1000.0)
    ev, _, _ = _plan(h)
    # The engine's path: the book's losses in the baseline year's months (flows.loss_months).
    path = average_book(40.0, BOOK_CHURN, 4.0, 2.0, ev.flows.loss_timing, ev.flows.book_timing)
    base = float(ev.base.at["A", "active_accounts"])
    _, plan, _ = _plan(h, kgi_factor=path / base)
    _, more, _ = _plan(h, kgi_factor=(path + 1) / base)
    for rep in "ABC":
        assert plan.fy.at[rep, "new_accounts"] == pytest.approx(4.0, rel=1e-6)
        assert more.fy.at[rep, "new_accounts"] == pytest.approx(4.0 + 12 / 6.5 / 4, rel=1e-6)
        assert more.fy.at[rep, "cancellations"] == pytest.approx(40 * BOOK_CHURN + 2.0)


def test_new_for_average_with_first_year_losses_by_hand() -> None:
    """Start 12, no churn, 12 wins a year of which 6 are lost, all from the seventh month on
    (shares 1/6 … 6/6 by months 7 … 12, mean 3.5/12): average 12 + 6.5 − 6 × 3.5/12 = 16.75.
    Extra wins are kept, so each adds 6.5/12 to the average: 6.5 more accounts on average =
    12 more wins a year; a goal below the path without wins asks for none."""
    timing = (0, 0, 0, 0, 0, 0, 1 / 6, 2 / 6, 3 / 6, 4 / 6, 5 / 6, 1)
    assert average_book(12.0, 0.0, 12.0, 6.0, timing) == pytest.approx(16.75)
    path = book_path(12.0, 0.0, 12.0, 6.0, timing)
    assert path[5] == pytest.approx(18.0) and path[-1] == pytest.approx(18.0)
    assert new_for_average(12.0, 0.0, 12.0, 16.75 + 6.5, 6.0, timing, 1.0) == pytest.approx(24.0)
    assert new_for_average(12.0, 0.0, 12.0, 10.0, 6.0, timing, 1.0) == 0.0


def test_new_accounts_ask_a_quarter_of_the_wins_the_goal_would_need() -> None:
    """The path above (average 16.75 on 12 wins a year). A goal of 6.5 more accounts on
    average would need 12 more wins kept through the year; the target asks a quarter of
    them: 12 + 3 = 15. A goal of 10 on average (6.75 below the path) could do without
    6.75 × 12 ÷ 6.5 = 12.46 wins; a quarter fewer is 12 − 3.115 = 8.885. At the path: the
    usual 12. Higher goals never ask fewer wins, and no goal asks fewer than none."""
    timing = (0, 0, 0, 0, 0, 0, 1 / 6, 2 / 6, 3 / 6, 4 / 6, 5 / 6, 1)
    assert WIN_SHARE == 0.25
    assert new_for_average(12.0, 0.0, 12.0, 16.75, 6.0, timing) == pytest.approx(12.0)
    assert new_for_average(12.0, 0.0, 12.0, 16.75 + 6.5, 6.0, timing) == pytest.approx(15.0)
    assert new_for_average(12.0, 0.0, 12.0, 10.0, 6.0, timing) == pytest.approx(
        12 - 6.75 * 12 / 6.5 / 4
    )
    assert new_for_average(12.0, 0.0, 12.0, 10.0, 6.0, timing) == pytest.approx(8.8846, abs=1e-4)
    # Far below the path: 16.75 fewer on average, a quarter of 30.9 wins fewer; never below
    # none (1 win a year on a book of 12: average 12 + 6.5/12, a quarter of 23.2 is 5.8).
    assert new_for_average(12.0, 0.0, 12.0, 0.0, 6.0, timing) == pytest.approx(
        12 - 16.75 * 12 / 6.5 / 4
    )
    assert new_for_average(12.0, 0.0, 1.0, 0.0) == 0.0
    goals = np.linspace(0.0, 40.0, 81)
    asked = [new_for_average(12.0, 0.1, 12.0, g, 6.0, timing) for g in goals]
    assert (np.diff(asked) >= 0).all()


def test_orders_only_first_year_loss_waits_for_the_lapse() -> None:
    """Orders only (accounts by the lapse rule): a customer won with one order in the
    baseline year is lost 180 days later, 6 months after its win; it can never be a loss of
    the starting book's, and the path takes it off late in the year."""
    rows = []
    for rep in "AB":
        for i in range(20):  # ordering every month from 2023-04 to 2026-03: held
            for m in pd.period_range("2023-04", "2026-03", freq="M"):
                rows.append((m.start_time + pd.Timedelta(days=9), f"{rep}{i}", rep, 1000.0, 1))
        for j, month in enumerate(("2025-05", "2025-06", "2025-07", "2025-08")):
            m = pd.Period(month, "M")  # one order only: won, lapses 180 days later
            rows.append((m.start_time + pd.Timedelta(days=9), f"{rep}n{j}", rep, 1000.0, 1))
    orders = pd.DataFrame(rows, columns=["date", "account", "rep", "amount", "quantity"])
    ev, plan, _ = _plan(History(orders=orders))
    f = ev.flows
    assert f.churn["A"] == pytest.approx(0.0)  # the 20 held were never lost
    assert f.lost_new("A") == pytest.approx(4.0)  # all 4 wins lapse within FY2025
    assert f.loss_timing is not None and f.loss_timing[:6] == (0.0,) * 6
    assert plan.fy.at["A", "cancellations"] == pytest.approx(4.0)


def test_a_low_goal_never_plans_losses_of_wins_it_does_not_ask_for() -> None:
    """The cancellations count the usual 2 first-year losses at any KGI (so they do not move
    with the goal); a low goal therefore still asks for at least those 2 wins, and the
    active-accounts target stays at or above the book those flows give (review: at ×0.9 the
    plan asked for 0 wins while planning 2 of their losses). Churn as measured stays ≤ 100%."""
    h = _history(HALF_NEW, lambda rep, fy: 1000.0)
    for factor in (0.5, 0.9):
        ev, plan, targets = _plan(h, kgi_factor=factor)
        flows = ev.flows
        for rep in "ABC":
            lost = flows.lost_new(rep)
            assert lost == pytest.approx(2.0)
            new = _fy(targets, rep, "new_accounts")
            assert new >= lost - 1e-9
            lowest = average_book(flows.start[rep], flows.churn[rep], lost, lost, flows.loss_timing)
            assert plan.fy.at[rep, "active_accounts"] >= lowest - 1e-9
            assert 0.0 <= plan.fy.at[rep, "churn_rate"] <= 1.0


def test_the_plan_names_accounts_the_goal_asks_beyond_its_planned_flows() -> None:
    """Three reps as above, a goal of 1.2 accounts per rep above the path (below the
    accounts ceiling, path + 1.32). The new-accounts target asks a quarter of the
    1.2 × 12 ÷ 6.5 wins that would close it; each win is kept and adds 6.5/12 to the average,
    so the planned flows average path + 0.3 per rep and the active-accounts target is 0.9 per
    rep, 2.7 for the team (2.1% of it), above them.
    The Plan says so beside the year-end identity; at the path itself (and below 2% or two
    accounts) it shows the identity alone."""
    h = _history(HALF_NEW, lambda rep, fy: 1000.0)
    ev, _, _ = _plan(h)
    # The engine's path: the book's losses in the baseline year's months (flows.loss_months).
    path = average_book(40.0, BOOK_CHURN, 4.0, 2.0, ev.flows.loss_timing, ev.flows.book_timing)
    base = float(ev.base.at["A", "active_accounts"])
    team_base = float(ev.base.at[TEAM, "revenue"])
    notes = {}
    for label, accounts in (("at", path), ("above", path + 1.2)):
        settings = PlanSettings(
            kgi=team_base * accounts / base, plan_year=2026, as_of=date(2026, 3, 31)
        )
        result = run(h, settings)
        planned = flows_average(result.evidence, result.plan)
        target = float(result.plan.fy.at[TEAM, "active_accounts"])
        assert target == pytest.approx(3 * accounts, rel=1e-6)
        gap = 2.7 if label == "above" else 0.0
        assert planned == pytest.approx(3 * accounts - gap, rel=1e-6)
        rows = plan_rows(result, "en")
        at = next(i for i, r in enumerate(rows) if r[0] == "Year-end accounts")
        end = next(i for i in range(at + 1, len(rows)) if rows[i][0] != "")
        notes[label] = " ".join(str(r[2]) for r in rows[at:end])  # the note's printed lines
    assert "year average on these flows" not in notes["at"]
    assert f"year average on these flows {3 * path + 0.9:.0f}" in notes["above"]
    # Closing the whole 1.2 per rep with wins alone: 3 × 1.2 × 12 ÷ 6.5 = 6.6 more a year
    # than the usual 3 × 4; the plan asks a quarter of them (1.7).
    assert "would need 7 more wins a year than the usual 12" in notes["above"]
    assert "asks about a quarter of them" in notes["above"]


def test_success_rates_are_trusted_as_far_as_reps_differ_beyond_chance() -> None:
    """Appointment and win rates (flows.credible_rates), by hand. A 10 of 100, B and C 40 of
    100: team 0.3; the tries-weighted squared gaps 100 × (0.2² + 0.1² + 0.1²) = 6 less
    chance's 3 × 0.3 × 0.7 = 0.63 over 300 tries: τ² = 0.0179, so the team's rate is worth
    k = 0.21 ÷ 0.0179 = 11.7 tries — under the floor PRIOR_TRIES = 50: A (10 + 50 × 0.3) ÷
    (100 + 50) = 1/6, B (40 + 15) ÷ 150. Without the floor: A (10 + 11.7 × 0.3) ÷ 111.7."""
    num = pd.Series({"A": 10.0, "B": 40.0, "C": 40.0, TEAM: 90.0})
    den = pd.Series({"A": 100.0, "B": 100.0, "C": 100.0, TEAM: 300.0})
    got = credible_rates(num, den, 0.3)
    assert PRIOR_TRIES == 50
    assert got["A"] == pytest.approx(25 / 150, abs=1e-12)
    assert got["B"] == pytest.approx(55 / 150, abs=1e-12)
    assert got[TEAM] == 0.3
    k = 0.21 / 0.0179
    free = credible_rates(num, den, 0.3, prior=0.0)
    assert free["A"] == pytest.approx((10 + k * 0.3) / (100 + k), abs=1e-12)
    # Differences no larger than chance (29, 30, 31 of 100): everyone gets the team's rate.
    same = credible_rates(pd.Series({"A": 29.0, "B": 30.0, "C": 31.0}), den.drop(TEAM), 0.3)
    assert same.tolist() == [0.3, 0.3, 0.3]
    # One rep with attempts is no scatter to measure: the team's rate for both.
    none = credible_rates(pd.Series({"A": 0.0, "B": 40.0}), pd.Series({"A": 0.0, "B": 100.0}), 0.4)
    assert none["A"] == 0.4


def test_under_a_year_of_windows_a_weak_reps_credible_rate_is_not_cut_back_to_his_own() -> None:
    """Eleven months of history (no company ceiling yet): A won 4 of 20 appointment
    attempts, B 12 of 20 (team 0.4). Tries-weighted gaps 20 × 0.2² × 2 = 1.6 less chance's
    2 × 0.24 over 40 tries: τ² = 0.028, k = 0.24 ÷ 0.028 = 8.6 tries, under the floor
    PRIOR_TRIES = 50: A (4 + 50 × 0.4) ÷ (20 + 50) = 24/70, B 32/70. A's ceiling is the
    team's 0.4, not his own 0.2 (which cut his credible rate back to 0.2 before)."""
    base = _history({r: [(0, None)] * 10 for r in "AB"}, lambda rep, fy: 1000.0, months=11)
    first = pd.Period("2022-04", "M")
    rows = [
        ((first + i // 2).start_time + pd.Timedelta(days=14 + i % 2), rep, f"{rep}000", won > i)
        for rep, won in (("A", 4), ("B", 12))
        for i in range(20)
    ]
    visits = pd.DataFrame(
        [(d, rep, acc, "attempt", "won" if ok else "lost") for d, rep, acc, ok in rows],
        columns=["date", "rep", "account", "kind", "outcome"],
    )
    history = History(orders=base.orders, accounts=base.accounts, visits=visits)
    settings = PlanSettings(kgi=240_000.0, plan_year=2023, as_of=date(2023, 2, 28))
    result = run(history, settings)
    assert result.evidence.ceiling.at["A", "appointment_rate"] == pytest.approx(0.4)
    rate = result.plan.fy["appointment_rate"]
    assert rate["A"] == pytest.approx(24 / 70)
    # B's credible rate is 32/70; with no meetings stage his calls stay at last year's and
    # his rate rises to what his planned wins need (targets._direct_pipeline), never below
    # the credible rate nor above his ceiling.
    ceiling_b = result.evidence.ceiling.at["B", "appointment_rate"]
    assert 32 / 70 - 1e-9 <= rate["B"] <= ceiling_b + 1e-9
    assert result.plan.fy["appointment_attempts"]["B"] == pytest.approx(20 * 12 / 11, rel=0.1)
