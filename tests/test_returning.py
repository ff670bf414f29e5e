"""Lost customers who come back (core.lapse.returning): without a customer master a customer
is lost 180 days after its last order, but one that orders again was, looking back, never
lost. The plan expects the share of lost customers (over two years) that came back over the
last year."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date

import numpy as np
import pandas as pd
import pytest

from routekpi.core import lapse
from routekpi.core.baselines import build_evidence
from routekpi.core.compact import build_facts, compact_history
from routekpi.core.engine import run
from routekpi.core.flows import credible
from routekpi.core.history import ORDER_COLUMNS, VISIT_COLUMNS, History, PlanSettings
from routekpi.core.lapse import accounts_from_orders, returning, year_ago

AS_OF = date(2025, 12, 31)  # a year ago: 2024-12-31


def _orders(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    frame = pd.DataFrame(
        [(pd.Timestamp(d), a, r, 1000.0, np.nan) for d, a, r in rows], columns=ORDER_COLUMNS
    )
    return frame.astype({"date": "datetime64[ns]"})


def _derived(orders: pd.DataFrame) -> History:
    """The orders with their accounts derived, as the engine has them."""
    return accounts_from_orders(History(orders=orders), AS_OF)


def _history() -> pd.DataFrame:
    """Rep A: 12 customers lost in 2024 (last order 2024-03-01 → lost 2024-08-28), of whom
    L0…L2 ordered again in October 2025; 8 customers lost in 2025 (last order 2025-03-01 →
    lost 2025-08-28). Rep B: 4 lost in 2024, none back; 5 lost in 2025. Both reps keep a
    steady book of 10 customers ordering every month, from January 2023."""
    rows = []
    for i in range(12):
        rows.append(("2024-03-01", f"L{i}", "A"))
    for i in range(3):
        rows.append(("2025-10-01", f"L{i}", "A"))
    for i in range(8):
        rows.append(("2025-03-01", f"N{i}", "A"))
    for i in range(4):
        rows.append(("2024-03-01", f"M{i}", "B"))
    for i in range(5):
        rows.append(("2025-03-01", f"P{i}", "B"))
    for month in pd.period_range("2023-01", "2025-12", freq="M"):
        day = str(month.start_time.date())
        rows += [(day, f"{rep}{k}", rep) for rep in ("SA", "SB") for k in range(10)]
    orders = _orders(rows)
    # The steady customers belong to reps A and B.
    return orders.assign(rep=orders["rep"].str[-1])


def test_the_share_that_came_back_is_expected_back_per_rep() -> None:
    history = _derived(_history())
    back = returning(history, AS_OF, AS_OF)
    assert back is not None
    assert year_ago(AS_OF) == pd.Timestamp("2024-12-31")
    # Lost from 2023-06-30 (the first day a loss shows) to 2024-12-31: A's 12 and B's 4.
    assert back.then_from == pd.Timestamp("2023-06-30")
    assert (back.lost_then, back.back) == (16, 3)
    team = 3 / 16
    # Rep A: 3 of 12 back, trusted as far as 3 returns allow (n / (n + 10)); rep B: 0 of 4.
    rate_a = credible(3.0, 12.0, team)
    assert rate_a == pytest.approx(3 / 13 * 3 / 12 + 10 / 13 * team)
    rate_b = credible(0.0, 4.0, team)
    assert rate_b == team  # no return of its own: the team's share
    # Lost as recently before the book (from 2024-06-29) and not back: A's L3…L11 (lost
    # 2024-08-28, 16 months quiet) and N0…N7; B's M0…M3 and P0…P4.
    assert back.now_from == pd.Timestamp("2024-06-29")
    assert back.expected["A"] == pytest.approx(17 * rate_a)
    assert back.expected["B"] == pytest.approx(9 * rate_b)
    assert back.expected["ALL"] == pytest.approx(17 * rate_a + 9 * rate_b)


def test_a_customer_back_after_more_than_a_year_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    """O0…O9 (rep A) last ordered 2023-05-01, lost 2023-10-28; O0 and O1 ordered again on
    2025-01-10, 14 months after their loss. With two years of losses they are 2 more of 26
    back (5 of 26); with one year (2024 only) they are not seen: 3 of 16."""
    rows = [("2023-05-01", f"O{i}", "A") for i in range(10)]
    rows += [("2025-01-10", f"O{i}", "A") for i in range(2)]
    orders = pd.concat([_history(), _orders(rows)], ignore_index=True)
    back = returning(_derived(orders), AS_OF, AS_OF)
    assert back is not None and (back.lost_then, back.back) == (26, 5)
    team = 5 / 26
    # Lost since 2024-06-29 and not back: A's L3…L11, N0…N7 and O0, O1 (lost again on
    # 2025-07-09); B's M0…M3 and P0…P4.
    assert back.lost_now == 28
    assert back.expected["A"] == pytest.approx(19 * credible(5.0, 22.0, team))
    assert back.expected["B"] == pytest.approx(9 * team)
    monkeypatch.setattr(lapse, "RETURN_YEARS", 1)  # the rule before session 17
    one = returning(_derived(orders), AS_OF, AS_OF)
    assert one is not None and (one.lost_then, one.back) == (16, 3)


def test_the_compact_history_gives_the_same_answer() -> None:
    orders = _history()
    facts = build_facts(orders, pd.DataFrame(columns=VISIT_COLUMNS), AS_OF)
    raw = returning(_derived(orders), AS_OF, AS_OF)
    compact = returning(History(orders=orders.iloc[:0], facts=facts), AS_OF, AS_OF)
    assert raw is not None and compact is not None
    assert (compact.lost_then, compact.back) == (raw.lost_then, raw.back)
    pd.testing.assert_series_equal(compact.expected, raw.expected)
    # Facts measured for another day say nothing rather than something wrong.
    other = date(2025, 11, 30)
    assert returning(History(orders=orders.iloc[:0], facts=facts), other, other) is None


def test_too_few_lost_a_year_ago_is_no_evidence() -> None:
    orders = _history()
    few = orders[~orders["account"].isin([f"L{i}" for i in range(12)])]  # only B's 4 left
    assert returning(_derived(few), AS_OF, AS_OF) is None


def test_the_plan_starts_with_the_expected_returners_and_says_so() -> None:
    history = History(orders=_history())  # the engine derives the accounts
    # A calendar year: the plan starts the day after AS_OF, nothing to carry.
    settings = PlanSettings(kgi=1.0, plan_year=2026, fiscal_start_month=1, as_of=AS_OF)
    ev = build_evidence(history, settings)
    back = returning(_derived(_history()), AS_OF, AS_OF)
    assert back is not None
    # Without the returners the start is the book at the end of December: 10 steady
    # customers each, plus A's L0…L2 (ordered in October, not lost yet).
    assert ev.start_accounts["A"] == pytest.approx(13 + back.expected["A"])
    assert ev.start_accounts["B"] == pytest.approx(10 + back.expected["B"])
    assert ev.start_accounts["ALL"] == pytest.approx(23 + back.expected["ALL"])
    (note,) = [n for n in ev.notes if n.code == "returning_accounts"]
    assert note.params == {
        "days": 180,
        "then_from": "2023-06-30",
        "then_to": "2024-12-31",
        "then": 16,
        "back": 3,
        "share": "19%",
        "now_from": "2024-06-29",
        "now_to": "2025-12-31",
        "lost_now": 26,
        "expected": f"{back.expected['ALL']:.0f}",
    }
    # With an Accounts list nobody is lost by the lapse rule: no returners, no note.
    listed = build_evidence(replace(history, accounts=_accounts_of(history)), settings)
    assert not [n for n in listed.notes if n.code == "returning_accounts"]
    assert listed.start_accounts["A"] == pytest.approx(13)


def _accounts_of(history: History) -> pd.DataFrame:
    from routekpi.core.lapse import derive_accounts

    return derive_accounts(history.orders, AS_OF)


def test_customers_lost_after_the_starting_book_are_in_it_already() -> None:
    """The book is taken at the end of June: N0…N7 and P0…P4 (lost 2025-08-28) are still in
    it. Lost in the year to it: A's L3…L11 and B's M0…M3 (lost 2024-08-28; L0…L2 came back)."""
    back = returning(_derived(_history()), AS_OF, date(2025, 6, 30))
    assert back is not None and back.lost_now == 9 + 4
    team = 3 / 16
    assert back.expected["A"] == pytest.approx(9 * credible(3.0, 12.0, team))
    assert back.expected["B"] == pytest.approx(4 * team)
    # Only the planned reps: a rep without a plan adds nobody.
    only_a = returning(_derived(_history()), AS_OF, date(2025, 6, 30), reps=["A"])
    assert only_a is not None and list(only_a.expected.index) == ["A", "ALL"]
    assert only_a.expected["ALL"] == pytest.approx(back.expected["A"])


def test_a_history_of_two_years_measures_returns_on_the_part_of_the_year_it_shows() -> None:
    """Orders from 2023-08-01 on: a loss shows from 2024-01-28 (180 days after the first
    order), so of the year of losses before 2024-12-31 only 2024-01-28 … 2024-12-31 is seen:
    the 16 lost on 2024-08-28, 3 of them back. E0 (last order 2024-07-15) was lost on
    2025-01-11, earlier in its year than any loss the share was measured on (those lost less
    than 339 days before the book): the share applies to the losses since 2025-01-27 only,
    N0…N7 and P0…P4, as with the whole history (where E0 counts too)."""
    orders = pd.concat([_history(), _orders([("2024-07-15", "E0", "A")])], ignore_index=True)
    late = orders[orders["date"] >= pd.Timestamp("2023-08-01")].reset_index(drop=True)
    back = returning(_derived(late), AS_OF, AS_OF)
    assert back is not None
    assert (back.lost_then, back.back, back.lost_now) == (16, 3, 13)
    # The same 338 days back from the book (2024 is a leap year): from 2025-01-27.
    assert back.then_from == pd.Timestamp("2024-01-28")
    assert back.now_from == pd.Timestamp("2025-01-27")
    team = 3 / 16
    assert back.expected["A"] == pytest.approx(8 * credible(3.0, 12.0, team))
    assert back.expected["B"] == pytest.approx(5 * team)
    whole = returning(_derived(orders), AS_OF, AS_OF)
    # From 2023-01 a loss shows from 2023-06-30: 550 days to 2024-12-31, so from 2024-06-29
    # before the book: E0 (lost 2025-01-11) and A's L3…L11, B's M0…M3 (lost 2024-08-28) too.
    assert whole is not None and whole.then_from == pd.Timestamp("2023-06-30")
    assert (whole.lost_then, whole.lost_now) == (16, 27)


def test_a_history_with_no_loss_to_see_a_year_ago_is_no_evidence() -> None:
    """Orders from 2024-07-05 on: the first loss could show on 2025-01-01, after 2024-12-31."""
    orders = _history()
    late = orders[orders["date"] >= pd.Timestamp("2024-07-05")].reset_index(drop=True)
    assert returning(_derived(late), AS_OF, AS_OF) is None
    assert returning(_derived(orders), AS_OF, AS_OF) is not None


def test_once_the_year_has_begun_the_book_already_shows_who_came_back() -> None:
    settings = PlanSettings(kgi=1.0, plan_year=2025, fiscal_start_month=4, as_of=AS_OF)
    ev = build_evidence(History(orders=_history()), settings)
    assert not [n for n in ev.notes if n.code == "returning_accounts"]


def test_targets_are_the_same_from_the_compact_history() -> None:
    history = History(orders=_history())
    settings = PlanSettings(kgi=2_000_000.0, plan_year=2026, fiscal_start_month=1, as_of=AS_OF)
    raw = run(history, settings)
    facts = run(compact_history(history, AS_OF), settings)
    assert [n.code for n in raw.evidence.notes].count("returning_accounts") == 1
    pd.testing.assert_frame_equal(raw.targets, facts.targets, check_exact=True)


def test_a_history_too_short_to_see_returns_says_the_book_may_be_low() -> None:
    """Orders from 2025-01-01 only, planned on 2025-12-31 for 2026: the first loss the lapse
    rule can show is 2025-06-30 (180 days after the first order), so the first year-back
    look at returns needs an as-of date a year after that: 2026-07-01. Of the 2025 customers,
    N0…N7 and P0…P4 (last order 2025-03-01, lost 2025-08-28) are counted lost: 13 taken as
    gone. The Plan says so instead of planning returns it cannot measure. With the orders from
    2023 the returns are measured (the note of the test above) and this one is not given."""
    orders = _history()
    short = orders[orders["date"] >= pd.Timestamp("2025-01-01")].reset_index(drop=True)
    settings = PlanSettings(kgi=1.0, plan_year=2026, as_of=AS_OF)
    ev = build_evidence(History(orders=short), settings)
    (note,) = [n for n in ev.notes if n.code == "returning_unmeasured"]
    assert note.params == {"days": 180, "lost": 13, "measurable": "2026-07-01"}
    assert not [n for n in ev.notes if n.code == "returning_accounts"]
    full = build_evidence(History(orders=orders), settings)
    assert not [n for n in full.notes if n.code == "returning_unmeasured"]
    assert [n for n in full.notes if n.code == "returning_accounts"]


def test_the_share_that_came_back_is_kept_for_the_flags() -> None:
    """16 customers lost in 2024, 3 back since: the evidence keeps 3/16 for the churn flags,
    also once the plan year is under way (no starting book to add them to then)."""
    orders = _history()
    for plan_year in (2026, 2025):
        settings = PlanSettings(kgi=1.0, plan_year=plan_year, as_of=AS_OF)
        ev = build_evidence(History(orders=orders), settings)
        assert ev.return_share == pytest.approx(3 / 16)
    # The same accounts as a customer master: nothing is provisional, no share is kept.
    listed = History(orders=orders, accounts=_derived(orders).accounts)
    assert not listed.accounts_derived
    master = build_evidence(listed, PlanSettings(kgi=1.0, plan_year=2026, as_of=AS_OF))
    assert math.isnan(master.return_share)
