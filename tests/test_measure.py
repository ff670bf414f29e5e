"""Measuring a tiny hand-made history: monthly facts and KPI values, worked out by hand.

The history (as of 2024-04-30; the grid runs 2024-01 … 2024-04 from the first order/visit):

Accounts           rep  start       end
  a1               A    2023-06-01  –
  a2               A    2023-09-10  2024-03-15   (cancelled in March)
  a3               A    2024-02-05  –            (new in February)
  b1               B    2023-01-01  2024-02-20   (cancelled in February)
  b2               B    2024-03-01  2024-06-30   (new in March; end after as-of → live)
  b3               B    2024-05-10  –            (starts after as-of → ignored)

Orders: A  01-10 a1 100 | 01-20 a2 300 | 02-10 a1 200 | 02-15 a3 400 | 02-25 a1 −50 (a return)
           03-05 a2 600 | 04-10 a1 500 | 05-03 a1 999 (after as-of → ignored)
        B  01-12 b1 1000 | 03-20 b2 250 | 04-20 b2 350
Visits: A  route visits 2 a month (Jan–Apr); attempts Jan 3 (1 won), Feb 1 (won);
           meetings Jan 1, Feb 1
        B  route visits Jan 1, Mar 1, Apr 2; attempts Feb 2 (both won); meeting Feb 1
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from routekpi.core.history import History
from routekpi.core.measure import (
    TEAM,
    mix_weights,
    month_grid,
    monthly_facts,
    summarize,
    team_at_mix,
    with_team,
    with_team_at_mix,
)

AS_OF = date(2024, 4, 30)
MONTHS = [pd.Period(m, freq="M") for m in ("2024-01", "2024-02", "2024-03", "2024-04")]
DAYS_PER_MONTH = 365.25 / 12


def _ts(values: list[str | None]) -> pd.Series:
    return pd.Series(pd.to_datetime(values), dtype="datetime64[ns]")


@pytest.fixture(scope="module")
def history() -> History:
    """The tiny two-rep history described in the module docstring."""
    orders = pd.DataFrame(
        [
            ("2024-01-10", "a1", "A", 100.0, 1.0),
            ("2024-01-20", "a2", "A", 300.0, 3.0),
            ("2024-02-10", "a1", "A", 200.0, 2.0),
            ("2024-02-15", "a3", "A", 400.0, 4.0),
            ("2024-02-25", "a1", "A", -50.0, -1.0),
            ("2024-03-05", "a2", "A", 600.0, 6.0),
            ("2024-04-10", "a1", "A", 500.0, 5.0),
            ("2024-05-03", "a1", "A", 999.0, 9.0),
            ("2024-01-12", "b1", "B", 1000.0, 10.0),
            ("2024-03-20", "b2", "B", 250.0, 2.0),
            ("2024-04-20", "b2", "B", 350.0, 3.0),
        ],
        columns=["date", "account", "rep", "amount", "quantity"],
    )
    orders["date"] = _ts(list(orders["date"]))
    visit_rows = [
        *[
            (d, "A", a, "visit", None)
            for d, a in [
                ("2024-01-05", "a1"),
                ("2024-01-19", "a2"),
                ("2024-02-09", "a1"),
                ("2024-02-14", "a3"),
                ("2024-03-04", "a2"),
                ("2024-03-18", "a1"),
                ("2024-04-09", "a1"),
                ("2024-04-22", "a3"),
            ]
        ],
        ("2024-01-08", "A", None, "attempt", "won"),
        ("2024-01-09", "A", None, "attempt", "lost"),
        ("2024-01-10", "A", None, "attempt", "lost"),
        ("2024-02-01", "A", None, "attempt", "won"),
        ("2024-01-25", "A", "a3", "meeting", "won"),
        ("2024-02-03", "A", "P1", "meeting", "lost"),
        ("2024-01-11", "B", "b1", "visit", None),
        ("2024-03-19", "B", "b2", "visit", None),
        ("2024-04-19", "B", "b2", "visit", None),
        ("2024-04-29", "B", "b2", "visit", None),
        ("2024-02-10", "B", None, "attempt", "won"),
        ("2024-02-11", "B", None, "attempt", "won"),
        ("2024-02-28", "B", "b2", "meeting", "won"),
    ]
    visits = pd.DataFrame(visit_rows, columns=["date", "rep", "account", "kind", "outcome"])
    visits["date"] = _ts(list(visits["date"]))
    accounts = pd.DataFrame(
        [
            ("a1", "Alpha", "A", "2023-06-01", None),
            ("a2", "Beta", "A", "2023-09-10", "2024-03-15"),
            ("a3", "Gamma", "A", "2024-02-05", None),
            ("b1", "Delta", "B", "2023-01-01", "2024-02-20"),
            ("b2", "Epsilon", "B", "2024-03-01", "2024-06-30"),
            ("b3", "Zeta", "B", "2024-05-10", None),
        ],
        columns=["account", "name", "rep", "start", "end"],
    )
    accounts["start"] = _ts(list(accounts["start"]))
    accounts["end"] = _ts(list(accounts["end"]))
    return History(orders=orders, visits=visits, accounts=accounts)


@pytest.fixture(scope="module")
def facts(history: History) -> pd.DataFrame:
    return with_team(monthly_facts(history, AS_OF))


def _col(facts: pd.DataFrame, rep: str, column: str) -> list[float]:
    return facts.xs(rep, level="rep")[column].tolist()


def test_grid_starts_at_first_event_not_account_start(history: History) -> None:
    """Account b1 started 2023-01 but the first order/visit is 2024-01: grid = Jan … Apr."""
    assert list(month_grid(history, AS_OF)) == MONTHS


def test_revenue_and_orders(facts: pd.DataFrame) -> None:
    """Returns reduce revenue but are not orders; the May order is after the as-of date.

    A: Jan 100 + 300 = 400 (2 orders); Feb 200 + 400 − 50 = 550 (2 orders, the −50 is not one);
       Mar 600 (1); Apr 500 (1).  B: Jan 1000 (1); Feb 0; Mar 250 (1); Apr 350 (1).
    """
    assert _col(facts, "A", "revenue") == [400, 550, 600, 500]
    assert _col(facts, "A", "orders") == [2, 2, 1, 1]
    assert _col(facts, "B", "revenue") == [1000, 0, 250, 350]
    assert _col(facts, "B", "orders") == [1, 0, 1, 1]
    assert _col(facts, TEAM, "revenue") == [1400, 550, 850, 850]
    assert _col(facts, "A", "quantity") == [4, 5, 6, 5]  # Feb: 2 + 4 − 1


def test_visit_facts(facts: pd.DataFrame) -> None:
    """Route visits, attempts, appointments (attempts won) and meetings per month."""
    assert _col(facts, "A", "visits") == [2, 2, 2, 2]
    assert _col(facts, "A", "attempts") == [3, 1, 0, 0]
    assert _col(facts, "A", "appointments") == [1, 1, 0, 0]
    assert _col(facts, "A", "meetings") == [1, 1, 0, 0]
    assert _col(facts, "B", "visits") == [1, 0, 1, 2]
    assert _col(facts, "B", "attempts") == [0, 2, 0, 0]
    assert _col(facts, "B", "appointments") == [0, 2, 0, 0]
    assert _col(facts, "B", "meetings") == [0, 1, 0, 0]


def test_account_lifecycle(facts: pd.DataFrame) -> None:
    """Start of month, new, cancelled, live at month end.

    A: Jan start {a1, a2} = 2, end 2; Feb +a3 → 3; Mar −a2 (ends 03-15) → 2; Apr 2.
    B: Jan start {b1} = 1, end 1; Feb −b1 → 0; Mar +b2 → 1; Apr 1 (b2 ends after as-of;
       b3 starts after as-of and is ignored).
    """
    assert _col(facts, "A", "accounts_start") == [2, 2, 3, 2]
    assert _col(facts, "A", "new_accounts") == [0, 1, 0, 0]
    assert _col(facts, "A", "cancellations") == [0, 0, 1, 0]
    assert _col(facts, "A", "active_accounts") == [2, 3, 2, 2]
    assert _col(facts, "B", "accounts_start") == [1, 1, 0, 1]
    assert _col(facts, "B", "new_accounts") == [0, 0, 1, 0]
    assert _col(facts, "B", "cancellations") == [0, 1, 0, 0]
    assert _col(facts, "B", "active_accounts") == [1, 0, 1, 1]


def test_active_identity_every_rep_month(facts: pd.DataFrame) -> None:
    """active = start − cancellations + new, for every rep (and the team) and month."""
    lhs = facts["active_accounts"]
    rhs = facts["accounts_start"] - facts["cancellations"] + facts["new_accounts"]
    assert (lhs == rhs).all()


def test_usage_and_tenure_sums(facts: pd.DataFrame) -> None:
    """Usage: each live account's revenue since the grid start, summed at each month end.

    a1 cumulative 100, 250, 250, 750; a2 300, 300 (gone from March); a3 0, 400, 400, 400
    → A: 400, 950, 650, 1150.  b1 1000 (gone from Feb); b2 —, —, 250, 600 → B: 1000, 0, 250, 600.
    Tenure at April's end: a1 334 days (2023-06-01 → 2024-04-30), a3 85 days (02-05 → 04-30),
    in months of 365.25 / 12 days.
    """
    assert _col(facts, "A", "usage_sum") == [400, 950, 650, 1150]
    assert _col(facts, "B", "usage_sum") == [1000, 0, 250, 600]
    assert (date(2024, 4, 30) - date(2023, 6, 1)).days == 334
    assert _col(facts, "A", "tenure_sum")[-1] == pytest.approx((334 + 85) / DAYS_PER_MONTH)
    assert _col(facts, "B", "tenure_sum")[-1] == pytest.approx(60 / DAYS_PER_MONTH)  # b2 03-01


def test_summarize_rep_a(facts: pd.DataFrame) -> None:
    """KPI values over Jan … Apr for rep A, from summed facts.

    revenue 400 + 550 + 600 + 500 = 2050; orders 6 → unit price 2050 / 6 = 341.67
    active accounts: monthly average (2 + 3 + 2 + 2) / 4 = 2.25 (account-months 9)
    visits 8 → visits per account 8 / 9; orders per visit 6 / 8 = 0.75
    appointment rate 2 won / 4 attempts = 0.5; meeting win rate 1 new / 2 meetings = 0.5
    churn 1 cancellation / 2 accounts at Jan's start = 0.5 → retention 0.5
    usage to date 1150 / 2 live accounts = 575; tenure (334 + 85) days / 2 accounts
    """
    s = summarize(facts, MONTHS).loc["A"]
    assert s["revenue"] == 2050
    assert s["orders"] == 6
    assert s["unit_price"] == pytest.approx(2050 / 6)
    assert s["active_accounts"] == pytest.approx(2.25)
    assert s["visits_per_account"] == pytest.approx(8 / 9)
    assert s["orders_per_account"] == pytest.approx(6 / 9)
    assert s["orders_per_visit"] == pytest.approx(0.75)
    assert s["appointment_rate"] == pytest.approx(0.5)
    assert s["meeting_win_rate"] == pytest.approx(0.5)
    assert s["new_accounts"] == 1
    assert s["cancellations"] == 1
    assert s["meetings"] == 2
    assert s["appointment_attempts"] == 4
    assert s["churn_rate"] == pytest.approx(0.5)
    assert s["retention_rate"] == pytest.approx(0.5)
    assert s["usage_to_date"] == pytest.approx(575)
    assert s["retention_months"] == pytest.approx((334 + 85) / DAYS_PER_MONTH / 2)


def test_summarize_rep_b_and_team(facts: pd.DataFrame) -> None:
    """Rep B and the team: ratios of sums, never averages of ratios.

    B: revenue 1600 / 3 orders = 533.33; accounts (1 + 0 + 1 + 1) / 4 = 0.75; 4 visits / 3
       account-months; appointment 2 / 2 = 1; win 1 new / 1 meeting = 1; churn 1 / 1 = 1;
       usage 600 / 1; tenure 60 days (2024-03-01 → 04-30).
    Team: 3650 / 9 orders = 405.56 (not the mean of 341.67 and 533.33); visits 12 / 12
       account-months = 1; appointment 4 / 6; win 2 / 3; churn 2 cancellations / 3 at start.
    """
    s = summarize(facts, MONTHS)
    b, team = s.loc["B"], s.loc[TEAM]
    assert b["unit_price"] == pytest.approx(1600 / 3)
    assert b["active_accounts"] == pytest.approx(0.75)
    assert b["visits_per_account"] == pytest.approx(4 / 3)
    assert b["appointment_rate"] == 1.0
    assert b["meeting_win_rate"] == 1.0
    assert b["churn_rate"] == 1.0
    assert b["retention_rate"] == 0.0
    assert b["usage_to_date"] == 600
    assert b["retention_months"] == pytest.approx(60 / DAYS_PER_MONTH)
    assert team["revenue"] == 3650
    assert team["unit_price"] == pytest.approx(3650 / 9)
    assert team["visits_per_account"] == pytest.approx(12 / 12)
    assert team["appointment_rate"] == pytest.approx(4 / 6)
    assert team["meeting_win_rate"] == pytest.approx(2 / 3)
    assert team["churn_rate"] == pytest.approx(2 / 3)
    assert team["usage_to_date"] == pytest.approx((1150 + 600) / 3)


def test_summarize_annualised_churn_is_clipped(facts: pd.DataFrame) -> None:
    """A's four-month churn 0.5 annualised is 0.5 × 12 / 4 = 1.5 → clipped to 1 (retention 0)."""
    s = summarize(facts, MONTHS, annualize=True).loc["A"]
    assert s["churn_rate"] == 1.0
    assert s["retention_rate"] == 0.0


def test_summarize_one_month(facts: pd.DataFrame) -> None:
    """March alone: A churn 1 / 3 at start; B has no orders in February → unit price NaN."""
    march = summarize(facts, [MONTHS[2]]).loc["A"]
    assert march["churn_rate"] == pytest.approx(1 / 3)
    assert march["active_accounts"] == 2
    feb = summarize(facts, [MONTHS[1]]).loc["B"]
    assert pd.isna(feb["unit_price"])
    assert feb["active_accounts"] == 0


# --- the team's ratios at the baseline's mix ---------------------------------------------------


def test_team_at_baseline_mix_is_the_ratio_of_sums_over_the_baseline(facts: pd.DataFrame) -> None:
    """Over its own months the mix is the same number as the ratio of sums.

    Weights (January – April as the baseline): unit price by orders A 6, B 3 →
    (2050/6·6 + 1600/3·3) / 9 = 3650/9; visits per account by the average book A 9/4, B 3/4 →
    (8/9·9/4 + 4/3·3/4) / 3 = 1; appointment rate by attempts A 4, B 2 → (½·4 + 1·2) / 6 = 4/6;
    win rate by meetings A 2, B 1 → (½·2 + 1·1) / 3 = 2/3.
    """
    base = summarize(facts, MONTHS)
    weights = mix_weights(base, ["A", "B"])
    assert weights.at["A", "unit_price"] == 6 and weights.at["B", "unit_price"] == 3
    assert weights.at["A", "visits_per_account"] == pytest.approx(9 / 4)
    assert weights.at["B", "appointment_rate"] == 2
    assert weights.at["B", "meeting_win_rate"] == 1
    team = with_team_at_mix(base, weights).loc[TEAM]
    assert team["unit_price"] == pytest.approx(3650 / 9)
    assert team["visits_per_account"] == pytest.approx(1.0)
    assert team["orders_per_visit"] == pytest.approx(9 / 12)
    assert team["appointment_rate"] == pytest.approx(4 / 6)
    assert team["meeting_win_rate"] == pytest.approx(2 / 3)
    assert team["revenue"] == 3650  # sums stay sums


def test_team_actual_at_baseline_mix_ignores_a_shift_between_reps(facts: pd.DataFrame) -> None:
    """March alone: A sold one order at 600, B one at 250.

    Ratio of sums: 850 / 2 = 425 — B's half of the orders (a third in the baseline) pulls it
    down. At the baseline's mix (orders A 6, B 3): (600·6 + 250·3) / 9 = 4350 / 9 = 483.33.
    """
    weights = mix_weights(summarize(facts, MONTHS), ["A", "B"])
    march = summarize(facts, [MONTHS[2]])
    assert march.at[TEAM, "unit_price"] == pytest.approx(425)
    assert with_team_at_mix(march, weights).at[TEAM, "unit_price"] == pytest.approx(4350 / 9)


def test_team_at_mix_by_hand() -> None:
    """Rep A: price 1000 on 30 baseline orders; B: 500 on 10; C: no value this month.

    (1000·30 + 500·10) / 40 = 875 (C is left out, not counted as 0). When B alone grows
    (price 510) the team's price rises to (1000·30 + 510·10) / 40 = 877.5, while revenue ÷
    orders with B's orders tripled would fall: (30·1000 + 30·510) / 60 = 755. A column where
    no rep with a value has a weight (C only) is the plain mean of the values.
    """
    weights = pd.Series({"A": 30.0, "B": 10.0, "C": 0.0})
    values = pd.DataFrame(
        {"m1": [1000.0, 500.0, float("nan")], "m2": [1000.0, 510.0, 7.0]},
        index=["A", "B", "C"],
    )
    out = team_at_mix(values, weights)
    assert out["m1"] == pytest.approx(875)
    assert out["m2"] == pytest.approx(877.5)
    only_c = pd.DataFrame({"m": [float("nan"), float("nan"), 7.0]}, index=["A", "B", "C"])
    assert team_at_mix(only_c, weights)["m"] == 7.0
    none = pd.DataFrame({"m": [float("nan")] * 3}, index=["A", "B", "C"])
    assert pd.isna(team_at_mix(none, weights)["m"])


def test_team_at_mix_matches_reps_by_name_not_position() -> None:
    """Weights per column, listed B, D, A (D has no value row; the team row ALL has no
    weight): m1 = (1000·30 + 500·10) / 40 = 875, m2 = (1000·1 + 510·3) / 4 = 632.5. With_team_at_mix
    sets only ALL's fixed-mix cells; the reps' rows and the other columns stay as they were."""
    weights = pd.DataFrame(
        {"unit_price": [10.0, 99.0, 30.0], "orders_per_visit": [3.0, 99.0, 1.0]},
        index=["B", "D", "A"],
    )
    values = pd.DataFrame(
        {
            "revenue": [1.0, 2.0, 3.0],
            "unit_price": [1000.0, 500.0, 0.0],
            "orders_per_visit": [1000.0, 510.0, 0.0],
        },
        index=["A", "B", TEAM],
    )
    at_mix = team_at_mix(values[["unit_price", "orders_per_visit"]], weights)
    assert list(at_mix) == [875.0, 632.5]
    out = with_team_at_mix(values, weights)
    assert out.loc[TEAM].tolist() == [3.0, 875.0, 632.5]
    assert out.loc[["A", "B"]].equals(values.loc[["A", "B"]])
    assert values.at[TEAM, "unit_price"] == 0.0  # the input is not changed
    by_series = team_at_mix(values[["unit_price"]], weights["unit_price"])
    assert by_series["unit_price"] == 875.0


@pytest.mark.parametrize("a_until", ["2024-03-01", "2024-04-01"])
def test_an_account_taken_over_in_the_year_counts_for_its_holder_of_each_month(
    history: History, facts: pd.DataFrame, a_until: str
) -> None:
    """a1 is on the Accounts sheet under C, who took it over from A during the plan year
    (``Handover.taken_over``, C's first line on it 2024-03-10); a1's lines before
    ``a_until`` are A's, the later ones C's. Its account facts are A's up to the month C
    holds it from: March, the month of C's first line, when A's last line on it was in
    February (3/1); April when A still served it in March (his visit 3/18: a handover month
    with both reps on the account is his — moving it for all of March divided his March
    visits by a book without it). The order lines keep their reps, so revenue does not move.

    C from March: A start 2, 2, 3 − a1 = 2, 2 − a1 = 1; live 2, 3, 2 − 1 = 1, 1; usage (a1
    cumulative 100, 250, 250, 750) 400, 950, 650 − 250 = 400, 1150 − 750 = 400. C: start 0,
    0, 1, 1; live 0, 0, 1, 1; usage 0, 0, 250, 750. C from April: March stays A's (start 3,
    live 2, usage 650; C 0, 0, 0). Tenure in April a1's 334 days either way.
    """
    from dataclasses import replace

    from routekpi.core.handover import Handover

    def relabel(frame: pd.DataFrame) -> pd.DataFrame:
        later = (frame["account"] == "a1") & (frame["date"] >= pd.Timestamp(a_until))
        return frame.assign(rep=frame["rep"].where(~later, "C"))

    accounts = history.accounts.copy()
    accounts.loc[accounts["account"] == "a1", "rep"] = "C"
    handed = Handover((), {}, 0, (), 0, taken_over=(("a1", "C", "A", date(2024, 3, 10)),))
    served = replace(
        history,
        orders=relabel(history.orders),
        visits=relabel(history.visits),
        accounts=accounts,
        handover=handed,
    )
    moved = with_team(monthly_facts(served, AS_OF))
    march = a_until == "2024-03-01"  # C holds March
    assert _col(moved, "A", "accounts_start") == [2, 2, 2 if march else 3, 1]
    assert _col(moved, "A", "active_accounts") == [2, 3, 1 if march else 2, 1]
    assert _col(moved, "A", "new_accounts") == [0, 1, 0, 0]
    assert _col(moved, "A", "cancellations") == [0, 0, 1, 0]
    assert _col(moved, "C", "accounts_start") == [0, 0, 1 if march else 0, 1]
    assert _col(moved, "C", "active_accounts") == [0, 0, 1 if march else 0, 1]
    assert _col(moved, "C", "new_accounts") == [0, 0, 0, 0]
    assert _col(moved, "A", "usage_sum") == [400, 950, 400 if march else 650, 400]
    assert _col(moved, "C", "usage_sum") == [0, 0, 250 if march else 0, 750]
    assert _col(moved, "C", "tenure_sum")[-1] == pytest.approx(334 / DAYS_PER_MONTH)
    assert _col(moved, "A", "tenure_sum")[-1] == pytest.approx(85 / DAYS_PER_MONTH)
    # a1's April order (¥500) is C's line here: revenue follows the lines' reps.
    assert _col(moved, "A", "revenue") == [400, 550, 600, 0]
    assert _col(moved, "C", "revenue") == [0, 0, 0, 500]
    lhs = moved["active_accounts"]
    assert (lhs == moved["accounts_start"] - moved["cancellations"] + moved["new_accounts"]).all()
    pd.testing.assert_frame_equal(moved.xs(TEAM, level="rep"), facts.xs(TEAM, level="rep"))
    # No line by C yet: a1 stays A's in every month.
    waiting = replace(handed, taken_over=(("a1", "C", "A", None),))
    unserved = monthly_facts(replace(history, accounts=accounts, handover=waiting), AS_OF)
    assert _col(unserved, "A", "active_accounts") == [2, 3, 2, 2]
    assert _col(unserved, "C", "active_accounts") == [0, 0, 0, 0]


def test_a_win_rate_above_its_bound_reads_as_100_percent_and_is_named(
    facts: pd.DataFrame,
) -> None:
    """Accounts that start without a logged meeting (trial 20's clinics): A with 3 new
    accounts over Jan … Apr (a3 and two more in February) against 2 meetings measures
    3 / 2 = 1.5, shown as its hard bound 1 (catalog ``upper``); the team's 4 / 3 too. B's
    1 / 1 is not above it. One note names A with his counts."""
    from routekpi.core.baselines import wins_without_meetings

    more = facts.copy()
    more.loc[("A", pd.Period("2024-02", freq="M")), "new_accounts"] += 2
    more.loc[(TEAM, pd.Period("2024-02", freq="M")), "new_accounts"] += 2
    s = summarize(more, MONTHS)
    assert (s.at["A", "new_accounts"], s.at["A", "meetings"]) == (3, 2)
    assert s.at["A", "meeting_win_rate"] == 1.0  # not 1.5
    assert s.at[TEAM, "meeting_win_rate"] == 1.0  # not 4 / 3
    assert s.at["B", "meeting_win_rate"] == 1.0
    assert s.at["A", "appointment_rate"] == pytest.approx(0.5)  # below its bound: as measured
    # No meeting, no rate: March alone has B's new account b2 and no meeting (not 100%).
    assert pd.isna(summarize(more, [pd.Period("2024-03", freq="M")]).at["B", "meeting_win_rate"])
    note = wins_without_meetings(s, ["A", "B"])
    assert note is not None and note.code == "wins_without_meetings"
    assert note.params == {
        "detail_ja": "A 新規顧客 3 件・商談 2 件",
        "detail_en": "A 3 new accounts, 2 meetings",
    }
    # As measured (no more new accounts than meetings): no note.
    assert wins_without_meetings(summarize(facts, MONTHS), ["A", "B"]) is None
