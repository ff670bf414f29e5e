"""Trial 22: the Daily's yen at stake is what a late visit plausibly risks (the orders over
the wait, core.daily), and a crowded day lists the not-scheduled accounts with most at stake
and one line for the rest (render_daily)."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
from history_helpers import accounts_frame

from routekpi.contract import display_width
from routekpi.core.calendar import BusinessCalendar, fiscal_months
from routekpi.core.daily import NOT_SCHEDULED_LISTED, DailyPlan, plan_daily
from routekpi.core.history import History, empty_frame
from routekpi.render_daily import HEAD_WIDTH, daily_rows, stake_rule, stop_reason

AS_OF = date(2026, 6, 11)  # Thu: the list is Fri 06-12, his visit day (no holiday near)
LAST_VISIT = date(2026, 5, 29)  # Fri, weekly: due Fri 06-05


def _steady(per_day: dict[str, float]) -> History:
    """Accounts ordering every calendar day for two years to the as-of date (¥ per day each),
    visited every Friday from 2026-01-02 to 05-29 by rep P."""
    days = pd.date_range(AS_OF - timedelta(days=729), AS_OF, freq="D")
    orders = pd.DataFrame(
        [
            {"date": d, "account": a, "rep": "P", "amount": v, "quantity": 1.0}
            for a, v in per_day.items()
            for d in days
        ]
    )
    fridays = pd.date_range("2026-01-02", LAST_VISIT, freq="7D")
    visits = pd.DataFrame(
        [
            {"date": d, "rep": "P", "account": a, "kind": "visit", "outcome": None}
            for a in per_day
            for d in fridays
        ]
    )
    return History(
        orders=orders,
        visits=visits,
        accounts=accounts_frame(list(per_day), "P"),
        holidays=empty_frame(("date", "name")),
    )


def _plan(history: History, capacity: int) -> DailyPlan:
    return plan_daily(
        history,
        pd.DataFrame(columns=["period", "rep", "kpi", "target"]),
        calendar=BusinessCalendar(frozenset()),
        plan_year=2026,
        plan_months=fiscal_months(2026),
        as_of=AS_OF,
        reps=["P"],
        days=1,
        capacity=capacity,
    )


def test_a_late_visit_to_a_steady_daily_account_risks_the_orders_of_its_wait() -> None:
    """A supermarket ordering ¥100,000 every day (¥36.5M in each of the last two years),
    seen every Friday, last on 05-29. On Fri 06-12 it is 5 working days past its deadline
    (06-05): 10 working days since its last visit ÷ 5 in its interval = 2.
    Stake = ¥36,500,000 ÷ 365 × 7 × 2 = ¥1,400,000: two weeks of its orders (before:
    ¥36.5M × 2 ÷ 3 = ¥24,333,333, two thirds of its year for a week's slip)."""
    plan = _plan(_steady({"SUPER": 100_000.0}), capacity=5)
    [stop] = plan.stops[plan.stops["kind"] == "visit"].to_dict("records")
    assert (stop["date"], stop["overdue_days"]) == (date(2026, 6, 12), 5)
    assert stop["value"] == stop["basis"] == 36_500_000
    assert stop["stake"] == 1_400_000
    assert stop["share"] == 14 / 365
    assert stop_reason(stop, "ja").endswith("影響額 ¥1,400,000(受注14日分)")
    assert stop_reason(stop, "en").endswith("at stake ¥1,400,000 (14 days of its orders)")


def test_a_crowded_day_lists_five_not_scheduled_and_one_line_for_the_rest() -> None:
    """Eight such accounts, A1 … A8 ordering ¥10,000 × k a day, all a week late; room for one
    visit. A8 (most at stake) is visited; A7 … A3 are listed 未計画; A2 and A1 are one line:
    2 more, (2 + 1) × ¥10,000 × 14 days = ¥420,000 at stake."""
    history = _steady({f"A{k}": 10_000.0 * k for k in range(1, 9)})
    plan = _plan(history, capacity=1)
    stops = plan.stops
    assert stops.loc[stops["kind"] == "visit", "account"].tolist() == ["A8"]
    assert len(stops[stops["kind"] == "not_scheduled"]) == 7  # the plan keeps them all
    rows = [[str(getattr(c, "value", c) or "") for c in row] for row in daily_rows(plan, "ja")]
    unplanned = [r for r in rows if r[2:3] == ["未計画"]]
    assert NOT_SCHEDULED_LISTED == 5
    assert [r[3] for r in unplanned[:5]] == ["A7", "A6", "A5", "A4", "A3"]
    [more] = unplanned[5:]
    assert (more[0], more[4]) == ("P", "ほか未計画")
    assert more[6].startswith("ほか未計画 2件(影響額 計 ¥420,000)")
    # The sheet's head says how the stake is worked out, after the list's days; both wrapped
    # over rows of their own at the print titles' width (render_daily.head_rows).
    head = rows[: next(i for i, r in enumerate(rows) if r[1:2] not in ([], [""]))]
    assert all(display_width(r[0]) <= HEAD_WIDTH for r in head) and len(head) > 2
    said = "".join(r[0] for r in head)
    rule = said[said.index("影響額 = ") :]
    assert rule.startswith("影響額 = 訪問が遅れる間に見込まれる受注: 年間受注 ÷ 365 × 通常間隔")
    assert rule == stake_rule("ja")
