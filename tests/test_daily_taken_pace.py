"""A taker's Daily pace counts the taken accounts from the handover on (trial 35 M2).

佐藤 took 35 of 加藤's 69 accounts on 2026-09-14; his pace asked (own target − year to date
incl. the takeover's sales) + 35/69 × 加藤's target from the list's first day: the takeover's
sales came off his own target while their target counted only from December (¥117,203 a day
instead of the consistent ¥137.7k). Hand-computed on a small history: the pace is (own
target − own book) + (the taken accounts' target since the handover − their sales since),
and the list says what it counts in one line.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd
import pytest
from history_helpers import accounts_frame

from routekpi.core.calendar import BusinessCalendar, fiscal_months
from routekpi.core.daily import plan_daily, taken_days
from routekpi.core.history import History
from routekpi.render_daily import daily_rows
from routekpi.schema import OUTPUT_COLUMNS
from tests.test_leave import DONE, _weekly_history

AS_OF = date(2027, 3, 5)  # a Friday: the list starts Monday 3/8, 17 working days to 3/31
START = date(2027, 3, 8)
HANDOVER = date(2027, 2, 1)
DONE_VISITS = DONE  # test_leave's weekly visits to date


def _history() -> History:
    """test_leave's P (A1 … A5 visited weekly from 2026-04-06, ¥1,000 each in May 2026) with
    the two accounts he took from D: ¥300 each on 2/15."""
    own = _weekly_history()
    taken = pd.DataFrame(
        {
            "date": pd.to_datetime(["2027-02-15"] * 2),
            "account": ["B1", "B2"],
            "rep": "P",
            "amount": 300.0,
            "quantity": 1.0,
        }
    )
    return replace(
        own,
        orders=pd.concat([own.orders, taken], ignore_index=True),
        accounts=pd.concat([own.accounts, accounts_frame(["B1", "B2"], "P")], ignore_index=True),
    )


def _targets() -> pd.DataFrame:
    """P: 30 visits, 10 orders, ¥1,000 a month (FY 360 / 120 / ¥12,000); D, who left: ¥600
    a month of revenue, no visit or order targets."""
    rows = []
    for m in fiscal_months(2026):
        label = f"{m.year:04d}-{m.month:02d}"
        rows += [(label, "P", "visits", 30.0), (label, "P", "orders", 10.0)]
        rows += [(label, "P", "revenue", 1000.0), (label, "D", "revenue", 600.0)]
    rows += [("FY2026", "P", "visits", 360.0), ("FY2026", "P", "orders", 120.0)]
    rows += [("FY2026", "P", "revenue", 12000.0), ("FY2026", "D", "revenue", 7200.0)]
    return pd.DataFrame(rows, columns=["period", "rep", "kpi", "target"])


def _plan(since: date | None, targets: pd.DataFrame | None = None):
    return plan_daily(
        _history(),
        _targets() if targets is None else targets,
        calendar=BusinessCalendar(),
        plan_year=2026,
        plan_months=fiscal_months(2026),
        as_of=AS_OF,
        reps=["P"],
        days=5,
        start=START,
        taken={"P": {"D": 2 / 3}},
        taken_since={"P": {"D": since}} if since is not None else None,
    )


def test_taken_days_give_each_takers_count_and_first_line() -> None:
    taken_over = [
        ("a1", "T", "D", date(2026, 9, 16)),
        ("a2", "T", "D", date(2026, 9, 14)),
        ("a3", "U", "D", None),
        ("a4", "T", "X", date(2026, 9, 1)),  # X is still at work: not a departed rep's book
    ]
    assert taken_days(taken_over, {"D"}) == {
        "T": {"D": (2, 3, date(2026, 9, 14))},
        "U": {"D": (1, 3, None)},
    }


def test_the_taken_accounts_count_from_the_handover_against_their_sales_since() -> None:
    """Revenue: own ¥12,000 − own book ¥5,000 = ¥7,000; the taken accounts: 2/3 × D's
    February and March (¥1,200) = ¥800 − their sales since the handover ¥600 = ¥200.
    ¥7,200 over the 17 working days left = ¥423.53 a day. The old count: ¥12,000 − ¥5,600 +
    2/3 × ¥600 × 17/22 (March from 3/8) = ¥6,709.09 → ¥394.65 a day."""
    day = _plan(HANDOVER).days.iloc[0]
    assert day["pace_revenue"] == pytest.approx(7200 / 17)
    # Orders: own 120 − 7 done (5 own + 2 taken) + D has no order target = 113.
    assert day["pace_orders"] == pytest.approx(113 / 17)
    assert day["pace_visits"] == pytest.approx((360 - DONE_VISITS) / 17)
    # Without a handover day: from the list's first day, as before.
    old = _plan(None).days.iloc[0]
    assert old["pace_revenue"] == pytest.approx((12000 - 5600 + 2 / 3 * 600 * 17 / 22) / 17)


def test_a_missing_visits_target_leaves_revenue_counted_from_the_handover() -> None:
    """Review 34: the dated count asked for a target of his own on every carried KPI; with
    no visits target (an orders-only book) revenue fell back to the list's first day
    (¥6,709.09) while the list said it counted from the handover. Per KPI: ¥7,200 again."""
    targets = _targets()
    day = _plan(HANDOVER, targets[targets["kpi"] != "visits"]).days.iloc[0]
    assert day["pace_revenue"] == pytest.approx(7200 / 17)
    assert day["pace_orders"] == pytest.approx(113 / 17)


def test_the_list_says_what_the_takers_pace_counts() -> None:
    """One line before his days, wrapped over the rows below at the reason column's width
    (joined top to bottom they give it whole)."""
    plan = _plan(HANDOVER)
    plan.taken = {"P": {"D": (2, 3, HANDOVER)}}
    keys = [c.key for c in OUTPUT_COLUMNS["Daily"]]
    at, name = keys.index("reason"), keys.index("name")

    def said(language: str) -> str:
        rows = [r for r in daily_rows(plan, language) if len(r) > at]
        texts = [str(getattr(r[at], "value", r[at]) or "") for r in rows]
        first = next(i for i, t in enumerate(texts) if t.startswith(("2027-02-01に", "The pace")))
        out = texts[first]
        for r, t in zip(rows[first + 1 :], texts[first + 1 :], strict=True):
            if getattr(r[name], "value", r[name]):  # the day's line: the label in the name
                break
            out += t
        return out

    line = said("ja")
    assert line == (
        "2027-02-01に引き継いだ顧客 2件(退職・異動した前任者の 3件のうち)の分も"
        "必要ペースに入っています: "
        "ご自身の目標と、前任者の目標のうちこの2件の分(2027-02-01以降)から、"
        "引継ぎ後の分を含む今年度の実績を引いた残りです"
    )
    assert "D" not in line  # no colleague named: a rep's copy keeps it whole
    assert said("en").startswith(
        "The pace includes the 2 accounts taken over on 2027-02-01 (of the 3 a colleague who left"
    )
