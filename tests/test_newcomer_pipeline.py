"""A rep who joined inside the baseline window has his prospecting (appointment attempts,
meetings) and his wins measured over the months he worked, made a year — not his few months
read as a year with months of nothing (trial 15: 33 attempts for a rep who makes 8 a month).

Hand-built, calendar fiscal year, FY2026 planned on 2025-12-31 (window 2025-01 … 2025-12):

- A and B, there since 2024-01, each hold 10 accounts (monthly order ¥1,000, monthly visit)
  and make 4 appointment attempts and 1 meeting a month;
- N joins on 2025-09-01 and is given 5 of A's accounts (their past lines move to him with the
  handover), makes 6 attempts and 2 meetings a month (24 and 8 in Sep–Dec) and wins one
  account, N9, in November (¥1,000 a month).
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date

import numpy as np
import pandas as pd
import pytest

from routekpi.core.baselines import build_evidence
from routekpi.core.compact import compact_history
from routekpi.core.engine import plan_for, run
from routekpi.core.flows import CREDIBILITY_EVENTS
from routekpi.core.history import History, PlanSettings
from routekpi.core.measure import TEAM
from routekpi.core.meetings import months_at_work, own_first_months, start_months
from routekpi.core.targets import SPLIT_CARRY, in_hand, rep_weights
from routekpi.messages import fmt_uplift
from routekpi.render import plan_rows
from routekpi.render_dashboard import MIX_STEP_MIN, bridge_steps
from tests.history_helpers import newcomer_team

FIRST = pd.Period("2024-01", "M")
JOINS = pd.Period("2025-09", "M")
LAST = pd.Period("2025-12", "M")


def _history(with_newcomer: bool = True, handed: bool = True) -> History:
    """The team above (24 months to 2025-12). ``handed``: N is given A0 … A4; without them
    his one win, N9 (an account of his own from November), is visited, so his levers can be
    planned."""
    if not with_newcomer:
        return newcomer_team(FIRST, LAST, None)
    wins = {"N9": pd.Period("2025-11", "M")}
    return newcomer_team(FIRST, LAST, JOINS, wins=wins, handed=handed, wins_visited=not handed)


SETTINGS = PlanSettings(kgi=1.0, plan_year=2026, fiscal_start_month=1, as_of=date(2025, 12, 31))


def test_the_newcomer_worked_four_months_of_the_window() -> None:
    """His first own line is 2025-09 (the handover later gives him his accounts' past); A's
    and B's are before the window: only N is a newcomer."""
    history = _history()
    since = own_first_months(history)
    assert since == {"A": FIRST, "B": FIRST, "N": JOINS}
    window = [pd.Period("2025-01", "M") + i for i in range(12)]
    assert months_at_work(since, window) == {"N": 4}


def test_a_newcomers_attempts_and_meetings_are_a_year_of_his_months() -> None:
    """N: 24 attempts and 8 meetings in 4 months → 72 and 24 a year (was 24 and 8); A and B
    keep their 48 and 12; the team's counts are the sums (48 + 48 + 72 = 168; 12 + 12 + 24).
    His revenue is not scaled: the handover gave him his accounts' whole year (5 × ¥12,000),
    and N9's two months (¥2,000).
    Targets: meetings never below that year's (the plan's floor), attempts = its count plus
    what extra meetings need."""
    ev = build_evidence(_history(), SETTINGS)
    base = ev.base
    assert base.at["N", "appointment_attempts"] == pytest.approx(72)
    assert base.at["N", "meetings"] == pytest.approx(24)
    assert base.at["N", "revenue"] == pytest.approx(62_000)
    for rep in "AB":
        assert base.at[rep, "appointment_attempts"] == pytest.approx(48)
        assert base.at[rep, "meetings"] == pytest.approx(12)
    assert base.at[TEAM, "appointment_attempts"] == pytest.approx(168)
    assert base.at[TEAM, "meetings"] == pytest.approx(48)
    kgi = float(base.at[TEAM, "revenue"])
    _, targets = plan_for(ev, kgi)
    fy = targets[(targets["period"] == "FY2026") & (targets["rep"] == "N")]
    fy = fy.set_index("kpi")["target"]
    assert fy["meetings"] >= 24 and fy["appointment_attempts"] >= 72
    months = targets[
        (targets["rep"] == "N")
        & (targets["kpi"] == "appointment_attempts")
        & (targets["period"] != "FY2026")
    ]
    assert months["target"].sum() == fy["appointment_attempts"]


def test_a_newcomers_wins_are_paced_on_his_own_months() -> None:
    """Acquisition per account-year held (flows.py), credibility 1 ÷ (1 + 10) for one win.
    The team: 1 win over 20 accounts held at the window's start for a year = 0.05. N: his one
    win came in his 4 months of his 5 accounts, paced over no fewer than 6 months
    (flows.MIN_PACE_MONTHS): 1 ÷ (5 × 6/12) = 0.4 a year per account, so
    0.4/11 + 0.05 × 10/11 = 0.9/11, × 5 accounts = 0.409 wins a year. Read over the whole
    window (before) it was 1 ÷ 5 = 0.2: (0.2 + 0.5)/11 × 5 = 0.318."""
    ev = build_evidence(_history(), SETTINGS)
    assert ev.flows is not None
    assert CREDIBILITY_EVENTS == 10
    assert ev.flows.new_per_year["N"] == pytest.approx(0.9 / 11 * 5)
    assert ev.flows.new_per_year["A"] == pytest.approx(0.05 * 5)  # 5 accounts left with A
    assert ev.flows.new_per_year["B"] == pytest.approx(0.05 * 10)


def test_a_newcomer_without_a_book_does_not_raise_his_colleagues_pace() -> None:
    """N given no accounts (he wins N9 alone): he held none at the window's start, so his
    win is paced over his own months, 1 ÷ (6/12) = 2 a year, and is no win of the team's
    books. A and B won none on their 20 accounts: the team's pace per account held is 0, so
    theirs is 0 (with N's win counted it was 1/20 = 0.05 a year per account: 0.5 each).
    Trial 17: a newcomer's 22 wins lifted five colleagues' targets from 28 to 45."""
    ev = build_evidence(_history(handed=False), SETTINGS)
    assert ev.flows is not None
    assert ev.flows.new_per_year["N"] == pytest.approx(2.0)
    assert ev.flows.new_per_year["A"] == pytest.approx(0.0)
    assert ev.flows.new_per_year["B"] == pytest.approx(0.0)
    assert ev.flows.new_per_year[TEAM] == pytest.approx(2.0)


def _rep_lines(result: object) -> dict[str, tuple]:
    """The Plan's rep section rows (item = the rep, note from "last year …"), by rep."""
    rows = plan_rows(result, "en")  # type: ignore[arg-type]
    out: dict[str, tuple] = {}
    for i, r in enumerate(rows):
        if str(r[2]).startswith("last year"):
            note = [str(r[2])]  # with its wrapped lines (item and value blank)
            for more in rows[i + 1 :]:
                if more[0] or more[1]:
                    break
                note.append(str(more[2]))
            out[str(r[0])] = (r[0], r[1], " ".join(note))
    return out


def test_the_plan_says_a_newcomers_last_year_is_his_months_at_work() -> None:
    """Trial 17: the Plan read 「前年 ¥21,603,040 → +137.3%」 for a rep who had worked 8
    months. N, given no accounts, worked 4 months of the window and sold ¥2,000 (N9, two
    months): his line says so, with the year at that pace (¥2,000 × 12 / 4 = ¥6,000) and the
    target on it. N given A's accounts has their whole year: no such note."""
    settings = replace(SETTINGS, kgi=250_000.0)
    rows = _rep_lines(run(_history(handed=False), settings))
    ev = build_evidence(_history(handed=False), settings)
    assert ev.part_year == {"N": 4}
    target = float(rows["N"][1].value)
    note = str(rows["N"][2])
    assert note.startswith(
        f"last year ¥2,000 (4 months at work; ¥6,000 a year at that pace, "
        f"{fmt_uplift(target / 6000)} on it) → {fmt_uplift(target / 2000)}"
    )
    assert "months at work" not in str(rows["A"][2])
    # His heading: the accounts he holds at the start (1 on an average of 2/12: ×6) whole.
    assert "is the accounts already held at the start, ×6.000, and the rest, ×" in note
    assert "the accounts held count in full and the rest by half (×" in note
    assert "already held" not in str(rows["A"][2])
    handed = _rep_lines(run(_history(), settings))
    assert build_evidence(_history(), settings).part_year == {}
    assert "months at work" not in str(handed["N"][2])


def test_a_newcomers_accounts_in_hand_count_whole_in_the_split() -> None:
    """N, given no accounts, holds N9 at the plan year's start (1 account) but averaged
    2/12 of one over the baseline year (N9's two months): log(1 ÷ 2/12) = log 6 of where he
    is heading is the book he already holds. The trend split carries it whole and half of
    the rest: his weight is his revenue × e^(½ Σheading + ½ log 6), i.e. √6 times what half
    of his heading alone gave; A and B hold no such part. His active-accounts target then
    starts from that book: it is not below the 1 account he holds."""
    settings = replace(SETTINGS, kgi=250_000.0)
    ev = build_evidence(_history(handed=False), settings)
    assert ev.flows is not None and ev.flows.start["N"] == pytest.approx(1.0)
    assert ev.base.at["N", "active_accounts"] == pytest.approx(2 / 12)
    hand = in_hand(ev)
    assert hand["N"] == pytest.approx(math.log(6))
    assert hand["A"] == 0.0 and hand["B"] == 0.0
    half = ev.base.loc[ev.reps, "revenue"] * np.exp(
        SPLIT_CARRY * ev.trend.loc[ev.reps, list(ev.levers)].sum(axis=1)
    )
    weights = rep_weights(ev)
    assert weights["N"] / half["N"] == pytest.approx(math.sqrt(6))
    assert weights["A"] == pytest.approx(half["A"])
    plan, _ = plan_for(ev, 250_000.0)
    assert plan.fy.at["N", "active_accounts"] >= 1.0


def test_without_a_newcomer_nothing_is_scaled() -> None:
    """The same history without N (A keeps his 10 accounts): A's and B's counts are their
    window sums."""
    ev = build_evidence(_history(with_newcomer=False), SETTINGS)
    assert ev.base.at["A", "appointment_attempts"] == pytest.approx(48)
    assert ev.base.at[TEAM, "appointment_attempts"] == pytest.approx(96)


def test_the_compact_history_finds_the_same_start() -> None:
    """A history from files or a database reaches the engine summed and already handed over
    (no own lines): N, given A's accounts, begins with his own prospecting (2025-09); the
    counts are the same as from the raw lines."""
    history = _history()
    compact = compact_history(history, SETTINGS.as_of)
    assert compact.facts is not None and compact.handover is not None
    ev = build_evidence(compact, SETTINGS)
    assert ev.base.at["N", "appointment_attempts"] == pytest.approx(72)
    assert ev.base.at["N", "meetings"] == pytest.approx(24)
    assert ev.base.at["A", "appointment_attempts"] == pytest.approx(48)
    assert ev.flows is not None and ev.flows.new_per_year["N"] == pytest.approx(0.9 / 11 * 5)


def test_a_rep_given_no_accounts_starts_with_his_first_sale_or_visit() -> None:
    """From the summed facts: a rep who received no accounts begins with his first sale,
    visit or account held, whatever his prospecting (A's first attempt is no start)."""
    ev = build_evidence(compact_history(_history(), SETTINGS.as_of), SETTINGS)
    starts = start_months({}, ev.facts, set(), TEAM)
    assert starts == {"A": FIRST, "B": FIRST, "N": FIRST}  # N's accounts' past, moved to him
    assert start_months({}, ev.facts, {"N"}, TEAM, pd.Period("2025-12", "M"))["N"] == JOINS


def test_a_colleague_who_prospects_now_and_then_is_no_newcomer() -> None:
    """A rep given accounts whose prospecting has gaps (A: attempts in 2025-03 and 2025-06
    only, say) began with his sales, not his first attempt: only a run of prospecting through
    the window's last month marks a newcomer's start in summed facts."""
    ev = build_evidence(compact_history(_history(), SETTINGS.as_of), SETTINGS)
    facts = ev.facts.copy()
    a = facts.index.get_level_values("rep") == "A"
    facts.loc[a, ["attempts", "meetings"]] = 0.0
    for month in ("2025-03", "2025-06"):
        facts.loc[("A", pd.Period(month, "M")), "attempts"] = 1.0
    last = pd.Period("2025-12", "M")
    assert start_months({}, facts, {"A", "N"}, TEAM, last) == {"A": FIRST, "B": FIRST, "N": JOINS}


def _quiet_start_history() -> History:
    """A holds 3 accounts all year; C holds 3 accounts since 2024 (the Accounts sheet) but
    his first order and prospecting come in 2025-03: one order and one attempt + meeting a
    month each, 2025-01 – 2025-11 (history to 2025-11-27, a 10-month baseline)."""
    orders, visits, accounts = [], [], []
    for rep, first in (("A", "2025-01"), ("C", "2025-03")):
        for i in range(3):
            code = f"{rep}{i}"
            accounts.append((code, code, rep, pd.Timestamp("2024-01-01"), pd.NaT))
        for m in range(11):
            month = pd.Period("2025-01", "M") + m
            if month < pd.Period(first, "M"):
                continue
            for i in range(3):
                orders.append(
                    (month.start_time + pd.Timedelta(days=9), f"{rep}{i}", rep, 1000.0, 1)
                )
            day = month.start_time + pd.Timedelta(days=12)
            visits += [(day, rep, None, "attempt", "won"), (day, rep, None, "meeting", None)]
    return History(
        orders=pd.DataFrame(orders, columns=["date", "account", "rep", "amount", "quantity"]),
        visits=pd.DataFrame(visits, columns=["date", "rep", "account", "kind", "outcome"]),
        accounts=pd.DataFrame(accounts, columns=["account", "name", "rep", "start", "end"]),
    )


def test_a_rep_who_held_accounts_before_his_first_line_is_no_newcomer() -> None:
    """C held his accounts from before the window, so he worked all of it: his 8 attempts in
    the 10 months are a year's 8 × 12/10 = 9.6 (the baseline's scaling), not 8 × 12/8 = 12
    as a newcomer's — read alike from the raw lines and from the summed facts."""
    settings = replace(SETTINGS, as_of=date(2025, 11, 27))
    raw = build_evidence(_quiet_start_history(), settings)
    summed = build_evidence(compact_history(_quiet_start_history(), settings.as_of), settings)
    for ev in (raw, summed):
        assert ev.base.at["C", "appointment_attempts"] == pytest.approx(9.6)
        assert ev.base.at["A", "appointment_attempts"] == pytest.approx(12.0)


def test_the_bridge_shows_the_plans_lever_changes_and_the_rep_mix() -> None:
    """The Dashboard's bridge steps are the team's lever changes as the Plan's lever rows
    show them (target ÷ baseline of the team's row, ratios at last year's rep mix), and what
    the reps' changing weights add is a step of its own (trial 17: visit frequency drawn
    falling while the Plan said ×1.001). Team row set by hand: accounts ×1.10, visit
    frequency ×1.001, the rest ×1: ¥242,000 → ¥266,200 → ¥266,466.2, then "Rep mix change" down to
    the KGI ¥250,000. A mix under MIX_STEP_MIN (0.2 %) is no step: the levers absorb it."""
    result = run(_history(handed=False), replace(SETTINGS, kgi=250_000.0))
    ev, plan = result.evidence, result.plan
    assert list(ev.levers) == [
        "active_accounts",
        "visits_per_account",
        "orders_per_visit",
        "unit_price",
    ]
    assert ev.base.at[TEAM, "revenue"] == pytest.approx(242_000)
    fy = plan.fy.copy()
    for key, factor in zip(ev.levers, (1.10, 1.001, 1.0, 1.0), strict=True):
        fy.at[TEAM, key] = ev.base.at[TEAM, key] * factor
    result.plan = replace(plan, fy=fy)
    steps = bridge_steps(result, "en")
    assert [s[0] for s in steps] == [
        "Last year",
        "Active accounts",
        # This toy's orders do not come on its visit days (the Plan's orders_apart note):
        # visit frequency × orders per visit in one orders-per-account bar, as the Plan
        # reads revenue (trial 53 L4; trial 45 M1): ×1.001 × 1.0.
        "Orders per account (monthly)",
        "Unit price",
        "Rep mix change",
        "KGI",
    ]
    assert steps[1][1:] == pytest.approx((242_000, 266_200))
    assert steps[2][1:] == pytest.approx((266_200, 266_466.2))
    assert steps[3][1:] == pytest.approx((266_466.2, 266_466.2))
    assert steps[4][1:] == pytest.approx((266_466.2, 250_000))
    # Within 0.2 % of the KGI: no mix step, the four levers scaled to end at the KGI.
    for key, factor in zip(ev.levers, (1.032, 1.0, 1.0, 1.0), strict=True):
        fy.at[TEAM, key] = ev.base.at[TEAM, key] * factor
    result.plan = replace(plan, fy=fy)
    steps = bridge_steps(result, "en")
    assert MIX_STEP_MIN == 0.002 and "Rep mix change" not in [s[0] for s in steps]
    assert steps[3][2] == pytest.approx(250_000)
