"""The evidence method by hand: trailing baseline, levers that never moved, ceilings from
achieved change, accounts from flows (issue: realistic targets).

Every history here is built so the arithmetic can be done on paper: each live account orders
once a month, on the 10th, at a price that depends only on the rep and the fiscal year; there
are no visits, so the tree is active accounts × orders per account × unit price × 12.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from datetime import date

import numpy as np
import pandas as pd
import pytest

from routekpi.contract import RawSheet
from routekpi.core.baselines import build_evidence
from routekpi.core.calendar import BusinessCalendar
from routekpi.core.compact import compact_history
from routekpi.core.engine import plan_for, run
from routekpi.core.flows import average_book
from routekpi.core.history import History, PlanSettings
from routekpi.core.lapse import accounts_from_orders
from routekpi.core.measure import TEAM
from routekpi.core.targets import split_reasons
from routekpi.io.dashboard_layout import BANNER_ROW, BLOCK_TOP, DATA_COL, FEASIBLE_ROW, PLAN_COL
from routekpi.messages import fmt_num, fmt_uplift, fmt_yen
from routekpi.pipeline import engine_checks, status_line
from routekpi.render import flag_message, plan_rows
from routekpi.render_dashboard import dashboard_rows
from routekpi.sample import generate_sample

FIRST = pd.Period("2022-04", freq="M")
MONTHS = 48  # FY2022 … FY2025; the plan year is FY2026


def _history(
    books: dict[str, list[tuple[int, int | None]]],
    price: Callable[[str, int], float],
    months: int = MONTHS,
) -> History:
    """``books``: rep → accounts as (first month index, month index of the end or None)."""
    orders, accounts = [], []
    for rep, accs in books.items():
        for i, (start, end) in enumerate(accs):
            acc = f"{rep}{i:03d}"
            first = FIRST + start
            stop = FIRST + end if end is not None else None
            accounts.append(
                (acc, acc, rep, first.start_time, stop.start_time if stop is not None else pd.NaT)
            )
            for m in range(start, end if end is not None else months):
                month = FIRST + m
                fy = month.year if month.month >= 4 else month.year - 1
                orders.append(
                    (month.start_time + pd.Timedelta(days=9), acc, rep, price(rep, fy), 1)
                )
    o = pd.DataFrame(orders, columns=["date", "account", "rep", "amount", "quantity"])
    a = pd.DataFrame(accounts, columns=["account", "name", "rep", "start", "end"])
    return History(orders=o, accounts=a)


def _steady(n: int) -> list[tuple[int, int | None]]:
    return [(0, None)] * n


def _plan(history: History, kgi_factor: float = 1.0, as_of: date = date(2026, 3, 31), **kw):
    settings = PlanSettings(kgi=1.0, plan_year=2026, as_of=as_of, **kw)
    ev = build_evidence(history, settings)
    kgi = float(ev.base.at[TEAM, "revenue"]) * kgi_factor
    plan, targets = plan_for(ev, kgi)
    return ev, plan, targets


def _fy(targets: pd.DataFrame, rep: str, kpi: str) -> float:
    row = targets[
        (targets["period"] == "FY2026") & (targets["rep"] == rep) & (targets["kpi"] == kpi)
    ]
    return float(row["target"].iloc[0])


def test_history_ending_mid_year_uses_trailing_complete_months() -> None:
    """History to 2025-11-15, plan FY2026: baseline = 2024-11 … 2025-10 (12 complete months).

    3 reps × 10 accounts × ¥1,000 a month: baseline revenue 3 × 10 × 1,000 × 12 = ¥360,000
    (a partial FY2025 of 7½ months would have said ¥225,000). November 2025 is incomplete and
    not used; the 5 months from November to March are carried by the (flat) trends.
    """
    h = _history({r: _steady(10) for r in "ABC"}, lambda rep, fy: 1000.0, months=44)
    h = History(h.orders[h.orders["date"] <= "2025-11-15"], accounts=h.accounts)
    ev, plan, _ = _plan(h, as_of=date(2025, 11, 15))
    assert (ev.baseline_months[0], ev.baseline_months[-1]) == (
        pd.Period("2024-11", "M"),
        pd.Period("2025-10", "M"),
    )
    assert ev.gap_months == 5
    assert plan.baseline_revenue == pytest.approx(360_000)
    assert any(n.code == "baseline_trailing" and n.params["gap"] == 5 for n in ev.notes)


def test_month_baselines_come_from_the_trailing_months_when_planning_mid_year() -> None:
    """History to 2025-11-15, plan FY2026 (April): each plan month's baseline is the same
    calendar month of the baseline window 2024-11 … 2025-10, so the twelve add up to the
    year's baseline.

    3 reps × 10 accounts, one order a month at ¥1,000 in FY2024 and ¥1,100 in FY2025: the team
    month is ¥30,000 in 2024-11 … 2025-03 and ¥33,000 in 2025-04 … 2025-10. November 2026's
    baseline is November 2024's ¥30,000 (not the half-seen 2025-11), March 2027's is March
    2025's ¥30,000 (not a 2026-03 that has not happened), and 5 × 30,000 + 7 × 33,000 =
    ¥381,000 = the FY baseline.
    """
    h = _history(
        {r: _steady(10) for r in "ABC"}, lambda rep, fy: 1000.0 if fy <= 2024 else 1100.0, 44
    )
    h = History(h.orders[h.orders["date"] <= "2025-11-15"], accounts=h.accounts)
    _, plan, targets = _plan(h, as_of=date(2025, 11, 15))
    team = targets[(targets["rep"] == TEAM) & (targets["kpi"] == "revenue")]
    monthly = dict(zip(team["period"], team["baseline"], strict=True))
    assert monthly["2026-04"] == pytest.approx(33_000)
    assert monthly["2026-10"] == pytest.approx(33_000)
    assert monthly["2026-11"] == pytest.approx(30_000)
    assert monthly["2027-03"] == pytest.approx(30_000)
    months = [p for p in monthly if p != "FY2026"]
    assert len(months) == 12
    assert sum(monthly[p] for p in months) == pytest.approx(381_000)
    assert plan.baseline_revenue == pytest.approx(381_000)


def test_lever_that_never_moved_carries_none_of_the_goal() -> None:
    """Unit price is ¥1,000 for every rep in every year; books grow, so prices never moved.

    Rep books grow by one new account every 3 months from different sizes, so active accounts
    (and orders per account: no) move. A KGI 10 % above baseline must leave unit price exactly
    at ¥1,000 and put the growth on the levers that have moved.
    """
    books = {
        rep: [(0, None)] * size + [(3 * k, None) for k in range(1, 16)]
        for rep, size in zip("ABCD", (8, 12, 16, 20), strict=True)
    }
    ev, plan, targets = _plan(_history(books, lambda rep, fy: 1000.0), kgi_factor=1.1)
    assert ev.lever_evidence is not None
    assert ev.lever_evidence.spread["unit_price"] == pytest.approx(0.0, abs=1e-12)
    for rep in ev.reps:
        assert _fy(targets, rep, "unit_price") == pytest.approx(1000.0)
    assert _fy(targets, TEAM, "revenue") == pytest.approx(plan.kgi, rel=1e-9)


def test_a_team_change_that_reverses_every_year_is_mostly_not_a_trend() -> None:
    """Unit price alternates by fiscal year: ¥1,200 in FY2022 and FY2024, ¥1,000 in FY2023
    and FY2025 (3 reps × 10 accounts, one order a month each).

    A 12-month window ending in month j of FY2025 holds j months at ¥1,000 and 12 − j at
    ¥1,200; a year earlier the reverse. So each year's change is exactly minus the year
    before's (slope −1, clipped to 0), and the mean over FY2025's window ends is
    −log(1.2) ÷ 12 (the pairs j, 12 − j cancel, j = 6 is 0, j = 12 is −log 1.2). The 13 pairs
    (window ends 2025-03 … 2026-03, one year apart) are n = 13 ÷ 12 years of evidence, so the
    trend keeps (n × 0 + 1) ÷ (n + 1) = 12 ÷ 25 of it; accounts and orders per account never
    moved (no pairs with a change: the whole, zero, trend).
    """
    from routekpi.core.levers import team_carry

    price = {2022: 1200.0, 2023: 1000.0, 2024: 1200.0, 2025: 1000.0}
    ev, _, _ = _plan(_history({r: _steady(10) for r in "ABC"}, lambda rep, fy: price[fy]))
    lev = ev.lever_evidence
    assert lev.team_carry["unit_price"] == pytest.approx(12 / 25)
    assert lev.team_carry["orders_per_account"] == 1.0
    mean = -math.log(1.2) / 12
    for row in ("A", TEAM):
        assert ev.trend.at[row, "unit_price"] == pytest.approx(12 / 25 * mean, rel=1e-9)

    # By hand on the function: a second year at half the first's changes → slope ½, one
    # year of pairs → (1 × ½ + 1) ÷ 2 = ¾; with under MIN_CHANGES pairs the whole trend (1).
    months = [pd.Period("2024-04", "M") + i for i in range(24)]
    first = [0.02 + 0.001 * i for i in range(12)]
    steady = first + [0.5 * v for v in first]
    short = steady[:5] + [np.nan] * 7 + steady[12:]  # 5 pairs
    index = pd.MultiIndex.from_product([[TEAM], months], names=["rep", "month"])
    changes = pd.DataFrame({"unit_price": steady, "orders_per_account": short}, index=index)
    carry = team_carry(changes)
    assert carry["unit_price"] == pytest.approx(0.75)
    assert carry["orders_per_account"] == 1.0


def test_top_rep_keeps_headroom_and_weak_rep_gets_own_ceiling() -> None:
    """Prices rise 10 %/year for rep A, 2 %/year for B, C, D; books are steady.

    YoY price changes: A log 1.10 ≈ 0.0953 (24 windows), others log 1.02 ≈ 0.0198. The 90th
    percentile of all rep changes is log 1.10, applied to each rep's *own* baseline: A's
    ceiling is A's price × 1.10 (above the company's best level, which is A's own), and B's is
    B's price × 1.10 — not A's level.
    """
    growth = {"A": 1.10, "B": 1.02, "C": 1.02, "D": 1.02}
    ev, _, _ = _plan(
        _history(
            {r: _steady(10) for r in growth}, lambda rep, fy: 1000.0 * growth[rep] ** (fy - 2022)
        )
    )
    for rep in growth:
        base = float(ev.base.at[rep, "unit_price"])
        assert ev.ceiling.at[rep, "unit_price"] == pytest.approx(base * 1.10, rel=1e-6)
    assert ev.ceiling.at["A", "unit_price"] > float(ev.base["unit_price"].max())


def test_growing_accounts_flat_price_growth_goes_to_accounts() -> None:
    """All reps win one account a month (none lost) at a flat ¥1,000; KGI = the trend.

    A rep with 20 accounts in April 2022 (month 0) has 20 + i at the end of month i. FY2025 is
    months 36 … 47: average book (56 + … + 67) ÷ 12 = 61.5; on the same pace FY2026 averages
    73.5. With revenue at that pace as the KGI, the accounts target is 73.5, orders per account
    stays 1 and unit price ¥1,000: nothing is asked of levers that did not move.
    """
    books = {r: [(0, None)] * 20 + [(m, None) for m in range(1, MONTHS)] for r in "ABCD"}
    h = _history(books, lambda rep, fy: 1000.0)
    probe = build_evidence(h, PlanSettings(kgi=1.0, plan_year=2026, as_of=date(2026, 3, 31)))
    assert probe.base.at["A", "active_accounts"] == pytest.approx(61.5)
    kgi_factor = 73.5 / 61.5
    _, _, targets = _plan(h, kgi_factor=kgi_factor)
    for rep in "ABCD":
        assert _fy(targets, rep, "active_accounts") == pytest.approx(73.5, rel=1e-6)
        assert _fy(targets, rep, "unit_price") == pytest.approx(1000.0)
        assert _fy(targets, rep, "orders_per_account") == pytest.approx(1.0)
        # The pace: 12 new accounts a year, none lost.
        assert _fy(targets, rep, "new_accounts") == pytest.approx(12.0, rel=1e-6)


def test_book_above_its_average_still_plans_new_accounts() -> None:
    """A book that grew fast last year starts FY2026 above last year's average.

    Each rep had 30 accounts and won 2 a month through FY2025 (month 36 … 47), never losing
    one: average FY2025 book = 30 + (2 + 4 + … + 24) ÷ 12 = 43, start of FY2026 = 54 > 43.
    The old residual rule planned 0 new accounts for a KGI at baseline; from flows, a KGI at
    the pace (average 54 + 2 × 6.5 = 67) plans the pace: 24 new accounts, none lost.
    """
    books = {r: [(0, None)] * 30 + [(36 + k // 2, None) for k in range(24)] for r in "ABC"}
    ev, _, targets = _plan(_history(books, lambda rep, fy: 1000.0), kgi_factor=67 / 43)
    assert ev.base.at["A", "active_accounts"] == pytest.approx(43.0)
    assert ev.start_accounts["A"] == pytest.approx(54.0)
    assert average_book(54.0, 0.0, 24.0) == pytest.approx(67.0)
    for rep in "ABC":
        assert _fy(targets, rep, "new_accounts") == pytest.approx(24.0, rel=1e-6)
        assert _fy(targets, rep, "cancellations") == pytest.approx(0.0, abs=1e-9)
    # And a KGI at baseline still plans new accounts (fewer, never a collapse to 0 by rule).
    _, _, flat = _plan(_history(books, lambda rep, fy: 1000.0), kgi_factor=1.0)
    assert all(_fy(flat, rep, "new_accounts") >= 0 for rep in "ABC")


def test_churn_is_planned_from_the_observed_hazard() -> None:
    """Each rep starts FY2025 with 40 accounts and loses 4 during it (10 %), winning none;
    the same 40 were held through FY2024 and FY2023 without a loss.

    Planned churn for FY2026 = the three years' losses over their starting books, FY2024
    counting ½ and FY2023 ¼ (flows.RECENCY): 4 ÷ (40 + 20 + 10) = 5.71 % (credibility:
    4 ÷ (4 + 10) of the rep's own rate plus the rest at the team's, the same), cancellations =
    start book 36 × 4/70 = 2.06 (shown rounded: the months of the Targets sheet are whole
    numbers, 2 in all).
    """
    books = {r: [(0, None)] * 36 + [(0, 36 + 3 * k) for k in range(4)] for r in "ABC"}
    ev, plan, targets = _plan(_history(books, lambda rep, fy: 1000.0))
    for rep in "ABC":
        assert _fy(targets, rep, "churn_rate") == pytest.approx(4 / 70, rel=1e-6)
        assert plan.fy.at[rep, "cancellations"] == pytest.approx(36 * 4 / 70, rel=1e-6)
        assert _fy(targets, rep, "cancellations") == 2.0
    assert math.isclose(ev.start_accounts["A"], 36.0)
    assert np.isfinite(_fy(targets, TEAM, "retention_rate"))


def test_usage_and_tenure_are_averages_over_the_accounts_held_at_year_start() -> None:
    """Rep A: account 0 since 2022-04, account 1 won in 2025-08 (month 40), ¥1,000 a month each.

    FY2025 (2025-04 … 2026-03) starts with account 0 only. At 2026-03 its usage is 48 × ¥1,000
    and its tenure (2022-04-01 → 2026-03-31) 1,460 days ÷ 30.4375 = 47.97 months; account 1 has
    ¥8,000 and does not count (won during the year). All-accounts averages would be ¥28,000 and
    about 28 months: winning account 1 would have "lowered" both.
    """
    from routekpi.core.measure import monthly_facts, summarize, with_team

    h = _history({"A": [(0, None), (40, None)], "B": _steady(3)}, lambda rep, fy: 1000.0)
    facts = with_team(monthly_facts(h, date(2026, 3, 31)))
    fy2025 = [pd.Period("2025-04", "M") + i for i in range(12)]
    s = summarize(facts, fy2025).loc["A"]
    assert s["usage_to_date"] == pytest.approx(48_000)
    assert s["retention_months"] == pytest.approx(1460 / 30.4375)
    assert facts.loc[("A", pd.Period("2026-03", "M")), "active_accounts"] == 2


def test_planned_in_november_the_cohort_includes_the_gaps_new_accounts() -> None:
    """Planned on 2025-11-30 for FY2026 (April): the cohort held at the year's start is the
    November book, 4 months older, plus the new accounts of December … March.

    Each rep (A, B alike, so the team's rates are theirs) holds 24 accounts since 2022-04 and
    wins one on the 1st of every baseline month (2024-12 … 2025-11), losing none: book 36 at
    the end of November, pace 12 ÷ 24 × 24 = 12 a year, so 4 more by 1 April (start 40).
    Tenure at 2025-11-30 of an account started on d: (2025-11-30 − d) ÷ 30.4375 months; the
    gap's 4 accounts are 2 months old on average on 1 April. Usage: the 24 old accounts have
    44 × ¥1,000, the one won in month j of the window (12 − j) × ¥1,000, so ¥31,500 on
    average; ¥1,000 a month per account since (baseline revenue ÷ average book ÷ 12).
    """
    books = {r: _steady(24) + [(32 + j, None) for j in range(12)] for r in "AB"}
    h = _history(books, lambda rep, fy: 1000.0, months=44)
    ev, plan, targets = _plan(h, as_of=date(2025, 11, 30))
    assert ev.gap_months == 4
    assert ev.start_accounts["A"] == pytest.approx(40.0)

    def months_to(d: date) -> float:
        return (date(2025, 11, 30) - d).days / 30.4375

    new_starts = [(pd.Period("2024-12", "M") + j).start_time.date() for j in range(12)]
    tenure0 = (24 * months_to(date(2022, 4, 1)) + sum(map(months_to, new_starts))) / 36
    tenure = 36 / 40 * (tenure0 + 4) + 4 / 40 * 2
    usage = 36 / 40 * (31_500 + 4 * 1000) + 4 / 40 * 2 * 1000
    for rep in "AB":
        assert _fy(targets, rep, "retention_months") == pytest.approx(tenure + 12, rel=1e-9)
        per_account = plan.fy.at[rep, "revenue"] / plan.fy.at[rep, "active_accounts"]
        assert _fy(targets, rep, "usage_to_date") == pytest.approx(usage + per_account, rel=1e-9)


def test_history_without_accounts_derives_them_from_orders() -> None:
    """No Accounts sheet: customers who order are the accounts (lapse after 180 days).

    Each of 3 reps has 10 accounts ordering every month and 2 more whose last order is on
    2024-10-10; 180 days later (2025-04-08) they count as lost — in April 2025, the first
    month of FY2025. So FY2025 starts with 12 accounts, loses 2 (churn 2 ÷ 12) and averages
    10 live accounts a month; the plan is a number, not a blank.
    """
    books = {r: _steady(10) + [(0, 31)] * 2 for r in "ABC"}
    full = _history(books, lambda rep, fy: 1000.0)
    ev, plan, targets = _plan(History(orders=full.orders))
    assert any(n.code == "accounts_from_orders" for n in ev.notes)
    assert ev.base.at["A", "active_accounts"] == pytest.approx(10.0)
    assert ev.base.at["A", "churn_rate"] == pytest.approx(2 / 12)
    assert np.isfinite(plan.fy.loc[TEAM, "revenue"])
    assert _fy(targets, TEAM, "revenue") == pytest.approx(plan.kgi, abs=1)


def test_rep_split_moves_half_way_toward_where_each_rep_is_heading() -> None:
    """A wins one account a month (20 in April 2022, 67 by March 2026, FY2025 average 61.5);
    B holds 60 and wins none. Both order once a month at ¥1,000, so their levers other than
    accounts never move and each rep's no-push revenue is 12,000 × its planned average book.

    RepSplit ``trend`` weights each rep by √(last year's revenue × that no-push revenue) —
    half-way in log terms — so A's share sits between its baseline share (61.5 ÷ 121.5) and
    the share of its full expected book; ``baseline`` keeps the baseline share exactly.
    """
    books = {
        "A": [(0, None)] * 20 + [(m, None) for m in range(1, MONTHS)],
        "B": _steady(60),
    }
    h = _history(books, lambda rep, fy: 1000.0)
    ev, _, targets = _plan(h, kgi_factor=1.10)
    assert ev.settings.rep_split == "trend"
    kgi = float(ev.base.at[TEAM, "revenue"]) * 1.10
    base = {r: 12_000 * ev.base.at[r, "active_accounts"] for r in "AB"}
    assert base["A"] == pytest.approx(738_000) and base["B"] == pytest.approx(720_000)
    f = ev.flows
    heading = {r: 12_000 * average_book(f.start[r], f.churn[r], f.new_per_year[r]) for r in "AB"}
    weight = {r: math.sqrt(base[r] * heading[r]) for r in "AB"}
    share_a = _fy(targets, "A", "revenue") / kgi
    assert share_a == pytest.approx(weight["A"] / (weight["A"] + weight["B"]), abs=1e-6)
    full = heading["A"] / (heading["A"] + heading["B"])
    assert 738 / 1458 < share_a < full
    _, _, plain = _plan(h, kgi_factor=1.10, rep_split="baseline")
    assert _fy(plain, "A", "revenue") / kgi == pytest.approx(738 / 1458, abs=1e-6)

    # The Plan's rep rows say the same in numbers: target = baseline × common × own, own =
    # √(heading ÷ baseline) (half of where the rep is heading), common the same for both.
    ev, plan, _ = _plan(h, kgi_factor=1.10)
    why = split_reasons(ev, plan)
    for r in "AB":
        assert why.at[r, "heading"] == pytest.approx(heading[r] / base[r], rel=1e-9)
        assert why.at[r, "own"] == pytest.approx(math.sqrt(heading[r] / base[r]), rel=1e-9)
        assert why.at[r, "target"] == pytest.approx(
            base[r] * why.at[r, "common"] * why.at[r, "own"], rel=1e-9
        )
        assert not why.at[r, "capped"]
        # Only accounts move here: the heading's parts are the account flows' alone.
        assert why.at[r, "trend.active_accounts"] + 1 == pytest.approx(heading[r] / base[r])
    assert why["common"].nunique() == 1
    assert why["target"].sum() == pytest.approx(kgi)
    rows = plan_rows(run(h, PlanSettings(kgi=kgi, plan_year=2026, as_of=date(2026, 3, 31))), "en")
    at = next(i for i, row in enumerate(rows) if row[0] == "Revenue target by rep")
    common = fmt_num(float(why["common"].iloc[0]), 3)
    # The head note wraps over the rows below it (blank item) before the first rep's row.
    end = next(i for i in range(at + 1, len(rows)) if rows[i][0] != "")
    head = " ".join(str(r[2]) for r in rows[at:end])
    assert f"× {common} (the same for every rep) × half of where the rep is heading" in head
    a = rows[end]
    assert a[0] == "A" and a[1].value == pytest.approx(why.at["A", "target"])
    # The note is wrapped over rows with a blank item (printed lines), up to rep B's row.
    b = next(i for i in range(end + 1, len(rows)) if rows[i][0])
    assert rows[b][0] == "B"
    note = " ".join(str(row[2]) for row in rows[end:b])
    assert note.startswith(f"last year {fmt_yen(base['A'])} → +")
    assert f"heading {fmt_uplift(heading['A'] / base['A'])} on its own" in note


def test_each_lever_keeps_its_own_month_pattern() -> None:
    """Every December order is twice the price (100 → 200 yen); order counts are flat.

    Revenue's December share is 2/13 and the rest 1/13 each. Unit price per month ÷ its year
    level (1,300 ÷ 12 per order) is 24/13 in December and 12/13 otherwise, so the December
    spike is a price target (¥200, ¥100 in other months) and orders per account stay flat —
    not one order per account in every month but 24/13 in December.
    """
    h = _history({"A": _steady(10), "B": _steady(5)}, lambda rep, fy: 100.0)
    december = h.orders["date"].dt.month == 12
    h.orders.loc[december, "amount"] = 200.0
    ev, _, targets = _plan(h)
    hand = np.array([12 / 13] * 8 + [24 / 13] + [12 / 13] * 3)  # April … March
    assert ev.ratio_seasonality["unit_price"] == pytest.approx(hand)
    shapes = ev.month_shapes()
    assert shapes["orders_per_account"] == pytest.approx(np.ones(12))
    assert shapes["unit_price"] * shapes["orders_per_account"] == pytest.approx(12 * ev.seasonality)
    month = targets[(targets["period"] != "FY2026") & (targets["rep"] == "A")]
    by = month.pivot(index="period", columns="kpi", values="target")
    assert by.loc["2026-12", "unit_price"] == pytest.approx(200.0)
    assert by.drop(index="2026-12")["unit_price"].to_numpy() == pytest.approx(np.full(11, 100.0))
    assert by["orders_per_account"].to_numpy() == pytest.approx(np.ones(12))
    assert by["orders"].sum() == _fy(targets, "A", "orders") == 120


def _visited(history: History, reps: str) -> History:
    """``history`` with one visit, of kind visit, on each order's day by ``reps``' reps."""
    o = history.orders[history.orders["rep"].isin(list(reps))]
    visits = pd.DataFrame(
        {
            "date": o["date"],
            "rep": o["rep"],
            "account": o["account"],
            "kind": "visit",
            "outcome": "",
        }
    )
    return History(orders=history.orders, visits=visits, accounts=history.accounts)


@pytest.mark.parametrize("kgi_factor", [1.0, 0.9])
def test_a_rep_who_sells_without_visits_is_planned_without_visits(kgi_factor: float) -> None:
    """Trial 20: C sells (5 accounts × 1 order a month × ¥1,000) but logs no visit while A and
    B (10 accounts each) visit once per order. The visit tree has no levers for C, so he is
    planned on the tree without visits: a × orders per account × 12 × price.

    Flat books and prices: the baseline is (10 + 10 + 5) × 1,000 × 12 = ¥300,000, C's ¥60,000.
    At KGI = the baseline every rep keeps its year: C's target is 5 × 1 × 12 × ¥1,000 =
    ¥60,000 and his visit target 0. At −10% (flat levers have no room to rise) the targets
    still add up to the KGI and C's revenue is his accounts × orders per account × 12 × price.
    """
    h = _visited(
        _history({"A": _steady(10), "B": _steady(10), "C": _steady(5)}, lambda r, fy: 1e3), "AB"
    )
    ev, _, targets = _plan(h, kgi_factor)
    assert ev.base.at[TEAM, "revenue"] == pytest.approx(300_000)
    assert ev.base.at["C", "visits"] == 0 and ev.base.at["C", "revenue"] == pytest.approx(60_000)
    revenue = {rep: _fy(targets, rep, "revenue") for rep in "ABC"}
    assert sum(revenue.values()) == pytest.approx(300_000 * kgi_factor)
    assert _fy(targets, TEAM, "revenue") == pytest.approx(300_000 * kgi_factor)
    c = {k: _fy(targets, "C", k) for k in ("active_accounts", "orders_per_account", "unit_price")}
    assert revenue["C"] == pytest.approx(
        c["active_accounts"] * c["orders_per_account"] * 12 * c["unit_price"]
    )
    assert _fy(targets, "C", "visits") == 0
    if kgi_factor == 1.0:
        assert revenue == pytest.approx({"A": 120_000, "B": 120_000, "C": 60_000})
        assert c == pytest.approx(
            {"active_accounts": 5, "orders_per_account": 1, "unit_price": 1e3}
        )
    else:
        assert 0 < revenue["C"] < 60_000
    # The months add up to the year, C's included.
    month = targets[(targets["period"] != "FY2026") & (targets["kpi"] == "revenue")]
    assert month[month["rep"] == "C"]["target"].sum() == pytest.approx(revenue["C"], abs=1)


def test_a_rep_who_logs_no_visits_is_named_on_checks() -> None:
    """Tanaka sells but logs no visit while the others do: he is planned without visits, his
    revenue target is a number, the reps' targets add up to the KGI, and Checks says how."""
    s = generate_sample(seed=7, reps=4, accounts=120, as_of="2026-08-31")
    h = History(orders=s.orders, visits=s.visits[s.visits["rep"] != "Tanaka"], accounts=s.accounts)
    result = run(h, PlanSettings(kgi=3e8, plan_year=2026, as_of=date(2026, 8, 31)))
    fy = result.targets[
        (result.targets["period"] == "FY2026") & (result.targets["kpi"] == "revenue")
    ].set_index("rep")["target"]
    assert float(fy["Tanaka"]) > 0
    assert float(fy.drop(TEAM).sum()) == pytest.approx(3e8)
    [check] = [c for c in engine_checks(result) if c.problem == "reps_without_visits"]
    assert check.severity == "info" and check.params == {"reps": "Tanaka"}


def test_ride_along_visits_do_not_inflate_the_teams_baseline() -> None:
    """A manager logs every 5th route visit again as his own ride-along but sells nothing: he
    is not planned, so the team's baseline visit frequency is that of the planned reps (at
    their mix, like its target), not the sums' 20% more visits per account."""
    s = generate_sample(seed=7, reps=4, accounts=120, as_of="2026-08-31")
    route = s.visits[(s.visits["kind"] == "visit") & (s.visits.index % 5 == 0)]
    ride = route.assign(rep="Manager")
    settings = PlanSettings(kgi=3e8, plan_year=2026, as_of=date(2026, 8, 31))
    alone = build_evidence(History(orders=s.orders, visits=s.visits, accounts=s.accounts), settings)
    visits = pd.concat([s.visits, ride], ignore_index=True)
    ev = build_evidence(History(orders=s.orders, visits=visits, accounts=s.accounts), settings)
    assert "Manager" not in ev.reps
    key = "visits_per_account"
    assert ev.base.at[TEAM, key] == pytest.approx(alone.base.at[TEAM, key], rel=1e-12)
    weights = ev.base.loc[ev.reps, "active_accounts"]
    by_hand = (ev.base.loc[ev.reps, key] * weights).sum() / weights.sum()
    assert ev.base.at[TEAM, key] == pytest.approx(by_hand, rel=1e-12)


def test_lapse_rule_holds_customers_first_seen_in_the_first_half_year() -> None:
    """The history's first order is on 2024-04-10; 180 days later is 2024-10-07.

    A customer first seen before that day may have ordered just before the history began: it
    is held from 2024-03-31 (the last day before the history's first month). From 2024-10-07
    on, a first order is a new account, as before.
    """
    from routekpi.core.lapse import derive_accounts

    days = ["2024-04-10", "2024-10-06", "2024-10-07", "2025-01-15"]
    orders = pd.DataFrame(
        {
            "date": pd.to_datetime(days),
            "account": ["A", "B", "C", "D"],
            "rep": "R1",
            "amount": 100.0,
            "quantity": 1.0,
        }
    )
    accounts = derive_accounts(orders, date(2025, 3, 31)).set_index("account")
    assert list(accounts["start"].dt.date) == [
        date(2024, 3, 31),
        date(2024, 3, 31),
        date(2024, 10, 7),
        date(2025, 1, 15),
    ]
    # The lapse end is unchanged: 180 days after the last order, once that day has come.
    assert accounts.at["A", "end"].date() == date(2024, 10, 7)
    assert pd.isna(accounts.at["D", "end"])


def test_one_year_order_export_does_not_plan_the_whole_book_as_new() -> None:
    """Orders only, from April 2024; FY2025 planned on 2025-03-31 from those 12 months.

    Each of 3 reps has 10 customers ordering every month from April and 2 more from November
    (first order 2024-11-10, after the first 180 days: won). The 10 are held at the start.
    No win or loss can show before the 180 days end (2024-10-07), so the flows are measured
    over November – March: 2 won while holding 10 (November) + 4 × 12 = 58 account-months =
    58/12 account-years, i.e. 2 × 12/58 a year per account held (team 6 ÷ 174/12, so the rep's
    credibility weighting changes nothing), times the 58/5 = 11.6 held on average = 2 × 12/5
    = 4.8 a year; no one was lost. The plan year starts with 12 and averages
    12 + 4.8 × 6.5 ÷ 12 = 14.6 accounts. Counted from the first order instead, all 12 looked
    new: 12 a year and an average of 18.5.
    """
    settings = PlanSettings(kgi=1.0, plan_year=2025, as_of=date(2025, 3, 31))
    ev = build_evidence(History(orders=_one_year_export()), settings)
    first = ev.facts.loc[("A", pd.Period("2024-04", "M"))]
    assert first["accounts_start"] == 10 and first["new_accounts"] == 0
    assert ev.flows.new_per_year["A"] == pytest.approx(4.8)
    assert ev.flows.churn["A"] == pytest.approx(0.0)
    assert ev.flows.start["A"] == pytest.approx(12.0)
    assert ev.flows.measured_from == pd.Period("2024-11", "M")
    assert any(n.code == "flows_after_lapse_start" for n in ev.notes)
    assert ev.base.at["A", "active_accounts"] == pytest.approx((7 * 10 + 5 * 12) / 12)
    expected = average_book(12.0, 0.0, 4.8)
    assert expected == pytest.approx(12 + 4.8 * 6.5 / 12)
    assert ev.trend.at["A", "active_accounts"] == pytest.approx(
        math.log(expected / ev.base.at["A", "active_accounts"])
    )


def _one_year_export() -> pd.DataFrame:
    """The orders of the one-year export above: 3 reps × (10 held + 2 won in November)."""
    rows = []
    for rep in "ABC":
        for i in range(12):
            first = 0 if i < 10 else 7
            for m in range(first, 12):
                day = (pd.Period("2024-04", "M") + m).start_time + pd.Timedelta(days=9)
                rows.append((day, f"{rep}{i:02d}", rep, 1000.0, 1.0))
    return pd.DataFrame(rows, columns=["date", "account", "rep", "amount", "quantity"])


def _orders_sheet(orders: pd.DataFrame) -> RawSheet:
    rows: list[list[object]] = [["受注日", "顧客コード", "担当者", "金額", "数量"]]
    rows += [[r.date.date(), r.account, r.rep, r.amount, r.quantity] for r in orders.itertuples()]
    return RawSheet(name="受注", rows=rows)


def test_order_export_read_from_a_workbook_measures_flows_after_the_start_span() -> None:
    """The same one-year export pasted into a workbook with no customer sheet: the validator
    derives the accounts (so the engine finds an Accounts table) and the engine still knows
    they are the lapse rule's — flows from November, 4.8 wins a year, as from the orders."""
    from routekpi.validation.tables import validate_inputs

    inputs = validate_inputs({"Orders": _orders_sheet(_one_year_export())}, date(2025, 3, 31))
    assert inputs.history.accounts_derived and len(inputs.history.accounts) == 36
    settings = PlanSettings(kgi=1.0, plan_year=2025, as_of=date(2025, 3, 31))
    ev = build_evidence(inputs.history, settings)
    assert ev.flows.measured_from == pd.Period("2024-11", "M")
    assert ev.flows.new_per_year["A"] == pytest.approx(4.8)
    assert any(n.code == "flows_after_lapse_start" for n in ev.notes)


def test_a_visit_log_that_starts_earlier_does_not_make_held_customers_new() -> None:
    """Visits from October 2023, orders from April 2024 (no customer master). The visits
    before the orders' first month are no history (core.orders_start): the month grid starts
    with the orders and held customers start before it (2024-03-31), never won in a month of
    the grid. (Before, the grid started with the visits and held customers on 2023-09-30, so
    that March 2024 did not show all 30 of them won.)"""
    orders = _one_year_export()
    visits = pd.DataFrame(
        {
            "date": pd.date_range("2023-10-01", periods=12, freq="MS") + pd.Timedelta(days=2),
            "rep": "A",
            "account": "A00",
            "kind": "visit",
            "outcome": None,
        }
    )
    history = accounts_from_orders(History(orders=orders, visits=visits), date(2025, 3, 31))
    held = history.accounts.set_index("account").loc["A00", "start"]
    assert held == pd.Timestamp("2024-03-31")
    settings = PlanSettings(kgi=1.0, plan_year=2025, as_of=date(2025, 3, 31))
    ev = build_evidence(history, settings)
    assert ev.facts.index.get_level_values("month").min() == pd.Period("2024-04", "M")
    assert ev.facts["new_accounts"].xs(TEAM, level="rep").loc[:"2024-10"].sum() == 0
    assert ev.flows.new_per_year["A"] == pytest.approx(4.8)


def test_one_month_after_the_start_span_is_measured_not_the_blind_year() -> None:
    """Planned on 2024-11-30 from the same export: only November lies after the start span
    (it ends 2024-10-07). Its 2 wins per rep over 10 held (10/12 account-years) are the pace:
    2 ÷ (10/12) × 10 = 24 a year — not 2 wins spread over a mostly blind 8-month window."""
    orders = _one_year_export()
    orders = orders[orders["date"] <= "2024-11-30"]
    settings = PlanSettings(kgi=1.0, plan_year=2025, as_of=date(2024, 11, 30))
    ev = build_evidence(History(orders=orders), settings)
    assert ev.flows.measured_from == pd.Period("2024-11", "M")
    assert ev.flows.new_per_year["A"] == pytest.approx(24.0)


def test_a_baseline_inside_the_start_span_says_flows_cannot_be_measured() -> None:
    """Four months of orders: no month shows a win or a loss yet; the Plan says so."""
    orders = _one_year_export()
    orders = orders[orders["date"] <= "2024-07-31"]
    settings = PlanSettings(kgi=1.0, plan_year=2025, as_of=date(2024, 7, 31))
    ev = build_evidence(History(orders=orders), settings)
    assert ev.flows.new_per_year["A"] == 0.0 and ev.flows.churn["A"] == 0.0
    assert any(n.code == "flows_unseen" for n in ev.notes)


def _export(wins: bool) -> History:
    """Orders only from April 2024, 3 identical reps of 10 customers (held: first seen in the
    first 180 days). Two of each rep's 10 last order on 2024-05-10 (lost 180 days later,
    2024-11-06); with ``wins``, 2 new customers first order on 2024-12-10."""
    rows = []
    for rep in "ABC":
        for i in range(12 if wins else 10):
            first, last = (8, 12) if i >= 10 else (0, 2 if i < 2 else 12)
            for m in range(first, last):
                day = (pd.Period("2024-04", "M") + m).start_time + pd.Timedelta(days=9)
                rows.append((day, f"{rep}{i:02d}", rep, 1000.0, 1.0))
    return History(
        orders=pd.DataFrame(rows, columns=["date", "account", "rep", "amount", "quantity"])
    )


def test_order_export_flows_are_measured_after_the_lapse_rules_start_span() -> None:
    """FY2025 planned from April 2024 – March 2025 orders. Before 2024-11 (180 days after the
    first order, 2024-04-10) no win or loss can show, so churn and acquisition come from
    November – March. Books at the months' starts: 10 (Nov), 8 (Dec: 2 lost in November),
    10, 10, 10 (2 won in December) = 48 account-months = 4 account-years. Losses 2 ÷ 4 = 0.5
    per account-year → churn 1 − e^−0.5 = 39.3% a year; wins 2 ÷ 4 = 0.5 per account-year ×
    the 48/5 = 9.6 held on average = 4.8 a year. Over the whole year (as before) the same
    events read as churn 2 ÷ 10 = 20% and 2 wins a year: half of each, because the first
    months' wins and losses cannot be seen.
    """
    settings = PlanSettings(kgi=1.0, plan_year=2025, as_of=date(2025, 3, 31))
    ev = build_evidence(_export(wins=True), settings)
    assert ev.facts.loc[("A", pd.Period("2024-11", "M")), "cancellations"] == 2
    assert ev.flows.measured_from == pd.Period("2024-11", "M")
    assert ev.flows.churn["A"] == pytest.approx(1 - math.exp(-0.5))
    assert ev.flows.new_per_year["A"] == pytest.approx(4.8)
    assert ev.flows.churn[TEAM] == pytest.approx(1 - math.exp(-0.5))


def test_order_export_with_no_win_after_the_start_span_uses_the_whole_year() -> None:
    """The same export without the December wins: no customer was won once wins could be
    seen, so the history began with its customers and nothing was hidden in its first
    months — the whole year counts, as for any history: churn 2 ÷ 10 = 20%, no wins."""
    settings = PlanSettings(kgi=1.0, plan_year=2025, as_of=date(2025, 3, 31))
    ev = build_evidence(_export(wins=False), settings)
    assert ev.flows.measured_from is None
    assert not any(n.code == "flows_after_lapse_start" for n in ev.notes)
    assert ev.flows.churn["A"] == pytest.approx(0.2)
    assert ev.flows.new_per_year["A"] == pytest.approx(0.0)


def test_plan_notes_name_kpis_by_their_labels_not_their_keys() -> None:
    """One year of orders has no book a year before: the active accounts' ceiling is the
    faster reps' pace of winning (baselines.PACE_CEILING), and the Plan note names the KPI as
    a manager reads it (「稼働顧客数」), never by an internal key."""
    import re

    from routekpi.messages import text

    settings = PlanSettings(kgi=1.0, plan_year=2025, as_of=date(2025, 3, 31))
    ev = build_evidence(History(orders=_one_year_export()), settings)
    lines = [text(n.code, lang, **n.params) for n in ev.notes for lang in ("ja", "en")]
    assert any("稼働顧客数の上限は、社内の担当者の新規獲得ペース" in line for line in lines)
    assert not [line for line in lines if re.search(r"\b[a-z]+_[a-z_]+\b", line)]


def test_an_order_export_with_orders_after_the_as_of_date_lists_them_once() -> None:
    """No customer sheet, AsOf before the last order: the later orders are said to be after
    the as-of date — not again as customers missing from a customer sheet the book lacks."""
    from routekpi.validation.tables import validate_inputs

    orders = _one_year_export()
    newcomer = pd.DataFrame([(pd.Timestamp("2025-03-10"), "Z99", "A", 1000.0, 1.0)])
    orders = pd.concat([orders, newcomer.set_axis(orders.columns, axis=1)], ignore_index=True)
    later = int((orders["date"] > "2025-01-31").sum())
    inputs = validate_inputs({"Orders": _orders_sheet(orders)}, date(2025, 1, 31))
    problems = [c.problem for c in inputs.checks]
    assert "unknown_account" not in problems  # Z99 first ordered after the as-of date
    (line,) = [c for c in inputs.checks if c.problem == "after_as_of"]  # 73 rows: one line
    assert line.params["count"] == f"{later}" == "73" and "future_date" not in problems


def test_a_price_that_only_scatters_between_reps_takes_none_of_the_goal() -> None:
    """No visits: accounts × orders per account × unit price. A's accounts pay ¥1,000 in
    FY2022 and FY2024 and ¥1,200 in FY2023 and FY2025, B's the reverse; each rep holds 10
    accounts ordering once a month, so the team's price is ¥1,100 every year: the reps' prices
    move by ±log 1.2 a year (their spread is large) while the team's never moves (variance 0).
    Each wins 3 accounts at the start of FY2024 and keeps them: the team's book went 20 → 26
    (the team's price stays ¥1,100: the reps' books stay equal), the one lever that moved for
    the whole team; orders per account never moved (1 a month).

    KGI = 1.05 × baseline: no account is won or lost in FY2025, so the flows' trend is 0; a
    price that reverses every year is no trend (slope −1, clipped to 0) and the team's is 0.
    So the whole +5% goes to active accounts, for A and B alike (the trend split moves no
    share: neither is heading anywhere), and both keep FY2025's price (A ¥1,200, B ¥1,000).
    Shared by the reps' spread instead, a third of it would go to unit price.
    """
    price = {("A", y): 1000.0 + 200 * (y % 2) for y in range(2022, 2026)}
    price |= {("B", y): 1200.0 - 200 * (y % 2) for y in range(2022, 2026)}
    books = {rep: _steady(10) + [(24, None)] * 3 for rep in "AB"}
    ev, plan, targets = _plan(_history(books, lambda rep, fy: price[(rep, fy)]), kgi_factor=1.05)
    assert plan.lever_mix == "evidence"
    lev = ev.lever_evidence
    assert lev is not None
    assert lev.spread["unit_price"] > 0.01  # the reps' prices did move (±log 1.2 a year)
    assert lev.team_spread["unit_price"] == pytest.approx(0.0, abs=1e-12)
    assert lev.team_spread["orders_per_account"] == pytest.approx(0.0, abs=1e-12)
    assert lev.team_spread["active_accounts"] > 0
    assert ev.base.loc[["A", "B"], "active_accounts"].tolist() == pytest.approx([13.0, 13.0])
    for rep, up, accounts in (("A", 1200.0, 13.0), ("B", 1000.0, 13.0)):
        assert _fy(targets, rep, "unit_price") == pytest.approx(up, rel=1e-9)
        assert _fy(targets, rep, "orders_per_account") == pytest.approx(1.0, rel=1e-9)
        assert _fy(targets, rep, "active_accounts") == pytest.approx(1.05 * accounts, rel=1e-9)
    assert _fy(targets, TEAM, "revenue") == pytest.approx(plan.kgi, rel=1e-9)


def test_the_teams_record_growth_is_what_it_has_done_not_every_reps_best_year() -> None:
    """Prices rise 10 %/year for A, 2 %/year for B, C, D; books steady (10 accounts each).

    Every rep at its ceiling (the 90th percentile of the reps' revenue changes, log 1.10) is
    +10 % for the team; the team itself never grew more than its own yearly changes, computed
    here straight from the orders: the 90th percentile of log(12-month revenue ÷ the 12 months
    before) over the window ends. A KGI beyond that record is reachable on paper only: a
    warning and the "stretch" state; beyond every ceiling it is infeasible (critical).
    """
    growth = {"A": 1.10, "B": 1.02, "C": 1.02, "D": 1.02}
    history = _history(
        {r: _steady(10) for r in growth}, lambda rep, fy: 1000.0 * growth[rep] ** (fy - 2022)
    )
    monthly = history.orders.groupby(history.orders["date"].dt.to_period("M"))["amount"].sum()
    windows = monthly.rolling(12).sum()
    changes = np.log(windows / windows.shift(12)).dropna()
    assert len(changes) == 25  # window ends 2024-03 … 2026-03
    base = float(monthly.iloc[-12:].sum())  # FY2025, the baseline (as of 2026-03-31)
    record = base * math.exp(float(np.quantile(changes, 0.9)))

    ev, plan, _ = _plan(history)
    assert plan.record_kgi == pytest.approx(record, rel=1e-9)
    assert plan.max_reachable_kgi == pytest.approx(base * 1.10, rel=1e-6)
    assert record < plan.max_reachable_kgi
    # The team's unit-price ceiling is its reps' ceilings at last year's mix (120 orders each).
    prices = [1000.0 * g**3 for g in growth.values()]
    assert ev.ceiling.at[TEAM, "unit_price"] == pytest.approx(1.10 * np.mean(prices), rel=1e-6)

    for factor, state, codes in (
        (0.99, "yes", []),
        (1.01, "stretch", [("warn", "kgi_beyond_record")]),
        (1.11 / (record / base), "no", [("critical", "kgi_infeasible")]),
    ):
        result = run(
            history, PlanSettings(kgi=record * factor, plan_year=2026, as_of=date(2026, 3, 31))
        )
        assert result.plan.feasibility == state
        assert result.plan.record_kgi == pytest.approx(record, rel=1e-9)  # not the KGI's
        f = result.flags
        plan_flags = f[f["code"].isin(["kgi_beyond_record", "kgi_infeasible"])]
        assert list(zip(plan_flags["severity"], plan_flags["code"], strict=True)) == codes
        # What a reader sees: the Dashboard banner (green only within the record), the status.
        banner, green = _banner(result)
        status = status_line("en", 1, 0, result.plan.feasibility)
        assert green == (state == "yes")
        if state == "yes":
            assert banner.startswith("Feasible: within the team's strong-year growth (")
            assert fmt_yen(record) in banner
            # ... and its growth on the baseline, the figure the row below compares with.
            assert f"{fmt_uplift(record / base)} on the baseline" in banner
        elif state == "stretch":
            assert banner.startswith("BEYOND THE TEAM'S TRACK RECORD") and fmt_yen(record) in banner
            # The row under "largest reachable KGI" gives what the KGI asks beyond a strong
            # year (KGI − record = 1 % of the record), not "Gap ¥0" (trial 19).
            assert _plan_block(result)["Beyond a strong year"] == pytest.approx(0.01 * record)
            assert "Gap" not in _plan_block(result)
            assert "beyond the team's record" in status
        else:
            assert banner.startswith("INFEASIBLE") and "infeasible" in status


def test_under_two_and_a_half_years_there_is_no_team_record() -> None:
    """Two years of history: one window end with a year-on-year change, no record to read."""
    history = _history({r: _steady(10) for r in "AB"}, lambda rep, fy: 1000.0, months=24)
    result = run(history, PlanSettings(kgi=240_000.0, plan_year=2024, as_of=date(2024, 3, 31)))
    assert result.evidence.baseline_months[-1] == pd.Period("2024-03", freq="M")
    assert math.isnan(result.plan.record_kgi) and result.plan.feasibility == "yes"


def _daily_orders(last: date) -> History:
    """Three customers ordering ¥1,000 on every working day from April 2024 to ``last``."""
    days = BusinessCalendar().working_days(date(2024, 4, 1), last)
    rows = [(pd.Timestamp(d), f"C{i}", "A", 1000.0, 1.0) for d in days for i in range(3)]
    orders = pd.DataFrame(rows, columns=["date", "account", "rep", "amount", "quantity"])
    return History(orders=orders)


def test_a_history_exported_before_the_months_last_working_day_is_pointed_out() -> None:
    """Orders every working day up to Friday 2026-11-27; the as-of date 2026-12-02 makes
    November complete, but Monday 11-30 has no orders: November counts as a whole month
    short of a day, which a warning names (with the day) — and only then."""
    history = _daily_orders(date(2026, 11, 27))

    def notes(as_of: date, h: History = history) -> dict[str, dict[str, object]]:
        ev = build_evidence(h, PlanSettings(kgi=1e6, plan_year=2027, as_of=as_of))
        return {n.code: n.params for n in ev.notes}

    early = notes(date(2026, 12, 2))["history_ends_early"]
    assert early["last"] == "2026-11-27" and early["missing"] == "2026-11-30"
    assert early["month"] == "2026-11" and early["share"] == "100%"
    # As of the export day November is incomplete anyway; a complete export says nothing.
    assert "history_ends_early" not in notes(date(2026, 11, 27))
    assert "history_ends_early" not in notes(date(2026, 12, 2), _daily_orders(date(2026, 11, 30)))
    # Visits typed after the last order (the visit log runs ahead of the sales record) do
    # not hide the missing order day.
    visits = pd.DataFrame(
        {
            "date": [pd.Timestamp("2026-11-30"), pd.Timestamp("2026-12-01")],
            "account": "C0",
            "rep": "A",
            "kind": "visit",
            "outcome": None,
        }
    )
    ahead = History(orders=history.orders, visits=visits)
    assert notes(date(2026, 12, 2), ahead)["history_ends_early"]["missing"] == "2026-11-30"
    # A business ordering once a month (on the 10th) has no orders on most days by design.
    monthly = _history({"A": _steady(3)}, lambda rep, fy: 1000.0, months=56)
    assert monthly.orders["date"].max() == pd.Timestamp("2026-11-10")
    assert "history_ends_early" not in notes(date(2026, 12, 2), monthly)
    # A compact history (files, a database) judges from its order days, not from each
    # customer's last order (all three last ordered on 11-27: 1 day of 20 seen).
    as_of = date(2026, 12, 2)
    compact = compact_history(history, as_of)
    assert compact.facts.lifetimes["last"].nunique() == 1
    assert notes(as_of, compact)["history_ends_early"] == early
    assert "history_ends_early" not in notes(as_of, compact_history(monthly, as_of))


def _banner(result: object) -> tuple[str, bool]:
    """The Dashboard's banner text and whether it is green (the cell its colour reads)."""
    cells = {
        (r, c): v
        for r, row in enumerate(dashboard_rows(result, "en"), 1)
        for c, v in enumerate(row, 1)
    }  # type: ignore[arg-type]
    text = cells[(BANNER_ROW, 1)]
    flag = cells[(FEASIBLE_ROW, DATA_COL + 1)]
    return str(getattr(text, "value", text)), getattr(flag, "value", flag) == 1


def _plan_block(result: object) -> dict[str, float]:
    """The Dashboard's plan block, label → value."""
    rows = dashboard_rows(result, "en")  # type: ignore[arg-type]
    col = PLAN_COL
    out: dict[str, float] = {}
    for row in rows[BLOCK_TOP : BLOCK_TOP + 12]:
        if len(row) > col:
            label, value = (getattr(v, "value", v) for v in row[col - 1 : col + 1])
            if isinstance(label, str) and isinstance(value, (int, float)):
                out[label] = float(value)
    return out


def test_a_kgi_below_where_a_growing_team_is_heading_is_named() -> None:
    """Every rep's prices rise 10 % a year, books steady (10 accounts each): the team's
    trend is log 1.10 on unit price, all of it carried (the same change every year), and
    nothing on accounts or orders. Where the team is heading on its own: the baseline × 1.10.
    A KGI of +5 % (more than 2 % under it) would slow every lever down: a warning with that
    figure, and the Plan shows it. +9 % is within 2 % of it: no warning. −1 % is below both
    the trend and last year: both are said."""
    history = _history(
        {r: _steady(10) for r in "ABC"}, lambda rep, fy: 1000.0 * 1.10 ** (fy - 2022)
    )
    _, plan, _ = _plan(history)
    base = plan.baseline_revenue
    assert plan.trend_kgi == pytest.approx(base * 1.10, rel=1e-6)
    for factor, codes in (
        (1.05, ["kgi_below_trend"]),
        (1.09, []),
        (0.99, ["kgi_below_trend", "kgi_below_baseline"]),
    ):
        result = run(
            history, PlanSettings(kgi=base * factor, plan_year=2026, as_of=date(2026, 3, 31))
        )
        f = result.flags
        plan_flags = f[f["code"].str.startswith("kgi_")]
        assert list(plan_flags["code"]) == codes, factor
        if codes:
            flag = plan_flags.to_dict("records")[0]
            assert flag["severity"] == "warn"
            assert flag["params"]["trend"] == pytest.approx(base * 1.10, rel=1e-6)
            assert flag_message(flag, "en")[0].startswith(
                f"KGI {fmt_yen(base * factor)} is below where the team is heading on its own"
            )
    rows = plan_rows(
        run(history, PlanSettings(kgi=base, plan_year=2026, as_of=date(2026, 3, 31))), "en"
    )
    (line,) = [r for r in rows if r[0] == "Revenue if the team keeps its trends"]
    assert line[2].startswith("+10.0% on the baseline")


def test_a_team_heading_past_its_record_is_not_asked_for_a_record_year() -> None:
    """Trial 17: a newcomer's book still growing puts where the team is heading (+15 % here)
    above its strong-year record (+5 %). A KGI between them is within the team's own trends:
    feasible, not "beyond the team's record", and said to be below the trend (the console and
    the Dashboard said both "beyond the record" and "below the trend"). Within the record the
    green record line stays; above both it is beyond the record."""
    history = _history(
        {r: _steady(10) for r in "ABC"}, lambda rep, fy: 1000.0 * 1.10 ** (fy - 2022)
    )
    _, plan, _ = _plan(history)
    base = plan.baseline_revenue
    heading = replace(plan, record_kgi=base * 1.05, trend_kgi=base * 1.15, feasible=True)
    for factor, beyond, within, below in (
        (1.03, False, True, True),
        (1.10, False, False, True),
        (1.20, True, False, False),
    ):
        p = replace(heading, kgi=base * factor)
        assert (p.beyond_record, p.within_record, p.below_trend) == (beyond, within, below)
        assert p.feasibility == ("stretch" if beyond else "yes")
    # Without a trend (too little history for it), the record alone decides, as before.
    alone = replace(heading, trend_kgi=math.nan, kgi=base * 1.10)
    assert alone.beyond_record and not alone.within_record


def test_a_rep_one_month_in_gets_no_growth_rates_on_plan() -> None:
    """Trial 20: 藤井蓮's first month (5 orders) read "+2974.5% on its own" on Plan. C began in
    the baseline's last month (March 2026) with 5 accounts × ¥1,000 and no visit: ¥5,000 in 1
    month, ¥60,000 a year at that pace. His line says that and gives no growth rate; his
    target is still a number and the reps' targets add up to the KGI."""
    books = {"A": _steady(10), "B": _steady(10), "C": [(MONTHS - 1, None)] * 5}
    h = _visited(_history(books, lambda r, fy: 1e3), "AB")
    result = run(h, PlanSettings(kgi=260_000, plan_year=2026, as_of=date(2026, 3, 31)))
    ev = result.evidence
    assert ev.part_year.get("C") == 1 and ev.base.at["C", "revenue"] == pytest.approx(5_000)
    fy = result.plan.fy["revenue"]
    assert fy["C"] > 0 and fy.drop(TEAM).sum() == pytest.approx(260_000)
    rows = plan_rows(result, "en")
    at = next(i for i, row in enumerate(rows) if row[0] == "C")
    end = next(i for i in range(at + 1, len(rows)) if rows[i][0])
    note = " ".join(str(row[2]) for row in rows[at:end])
    assert note.startswith("last year ¥5,000 (only 1 month at work; ¥60,000 a year at that pace")
    assert "heading" not in note.replace("no year-on-year change or heading", "")
    assert f"{fmt_uplift(fy['C'] / 60_000)} on it" in note
