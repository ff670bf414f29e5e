"""The Daily ranks an account that stepped down at its level since the step (trial 47 H1,
left over: the flag named K0001 遠州精機 halved from 2026-04, while 山田's 代行 list still
ranked it by 「前年の1日あたり受注」, twice its present size).

BIG orders ¥150,000 every day until 2025-12-31 and ¥50,000 every day since (a third); OTHER
¥100,000 every day. Both seen every Friday to 05-29; the list is Fri 06-12 (as test_daily_stake:
two intervals waited, share 14/365)."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pandas as pd
import pytest
from history_helpers import accounts_frame

from routekpi.core.account_step import find_step_downs, step_inputs
from routekpi.core.calendar import BusinessCalendar, fiscal_months
from routekpi.core.daily import DailyPlan, plan_daily, stepped_levels
from routekpi.core.history import History, empty_frame
from routekpi.core.measure import TEAM
from routekpi.render_daily import stop_reason

AS_OF = date(2026, 6, 11)
STEP = pd.Timestamp("2026-01-01")
CAL = BusinessCalendar(frozenset())


def _history() -> History:
    days = pd.date_range("2024-01-01", AS_OF, freq="D")
    rows = [
        {"date": d, "account": "BIG", "rep": "P", "amount": 150_000.0 if d < STEP else 50_000.0}
        for d in days
    ]
    rows += [{"date": d, "account": "OTHER", "rep": "P", "amount": 100_000.0} for d in days]
    orders = pd.DataFrame(rows).assign(quantity=1.0)
    fridays = pd.date_range("2026-01-02", "2026-05-29", freq="7D")
    visits = pd.DataFrame(
        [
            {"date": d, "rep": "P", "account": a, "kind": "visit", "outcome": None}
            for a in ("BIG", "OTHER")
            for d in fridays
        ]
    )
    return History(
        orders=orders,
        visits=visits,
        accounts=accounts_frame(["BIG", "OTHER"], "P"),
        holidays=empty_frame(("date", "name")),
    )


def _evidence(history: History) -> SimpleNamespace:
    """What ``stepped_levels`` reads of the evidence: the facts' revenue by (rep incl. the
    team, month), the as-of date and the calendar."""
    o = history.orders
    rep = o.groupby(["rep", o["date"].dt.to_period("M")])["amount"].sum()
    team = rep.groupby(level=1).sum()
    team.index = pd.MultiIndex.from_product([[TEAM], team.index])
    revenue = pd.concat([rep, team])
    revenue.index = revenue.index.set_names(["rep", "month"])
    return SimpleNamespace(facts=revenue.rename("revenue").to_frame(), as_of=AS_OF, calendar=CAL)


def _plan(history: History, stepped: dict[str, tuple[str, float]] | None) -> DailyPlan:
    return plan_daily(
        history,
        pd.DataFrame(columns=["period", "rep", "kpi", "target"]),
        calendar=CAL,
        plan_year=2026,
        plan_months=fiscal_months(2026),
        as_of=AS_OF,
        reps=["P"],
        days=1,
        capacity=2,
        stepped=stepped,
    )


def test_the_step_is_the_flags_and_its_level_a_year_since() -> None:
    """January – May 2026 (151 days) at ¥50,000: ¥7,550,000 over 5 months, ¥1,510,000 a month,
    ¥18,120,000 a year — the flag's own step (the same call, the same month)."""
    history = _history()
    ev = _evidence(history)
    levels = stepped_levels(history, ev)  # type: ignore[arg-type]
    assert levels == {"BIG": ("2026-01", pytest.approx(18_120_000.0))}
    complete = list(pd.period_range("2024-01", "2026-05", freq="M"))
    table, names, ended = step_inputs(history, AS_OF, complete)
    (flag_step,) = find_step_downs(table, ev.facts["revenue"], names, complete, ended)
    assert (str(flag_step.month), flag_step.after) == ("2026-01", pytest.approx(1_510_000.0))


def test_daily_ranks_it_at_its_level_since_the_step() -> None:
    """Before: BIG counted at the better of its two years, the 12 months before (¥150,000 ×
    365 = ¥54,750,000): stake ¥54,750,000 × 14/365 = ¥2,100,000, first ahead of OTHER's
    ¥36,500,000 × 14/365 = ¥1,400,000. At its level since the step: ¥18,120,000 × 14/365 =
    ¥695,013.70, after OTHER, and its reason names the month."""
    history = _history()
    old = _plan(history, None).stops
    old = old[old["kind"] == "visit"]
    assert old["account"].tolist() == ["BIG", "OTHER"]
    assert old["stake"].tolist() == pytest.approx([2_100_000.0, 1_400_000.0])
    levels = stepped_levels(history, _evidence(history))  # type: ignore[arg-type]
    new = _plan(history, levels).stops
    visits = new[new["kind"] == "visit"].to_dict("records")
    assert [s["account"] for s in visits] == ["OTHER", "BIG"]
    big = visits[1]
    assert big["basis"] == pytest.approx(18_120_000.0)
    assert big["stake"] == pytest.approx(18_120_000.0 * 14 / 365)
    assert "stepped_down:2026-01" in big["reasons"]
    assert "2026-01から受注減(順番は減った後の受注で)" in stop_reason(big, "ja")
    assert "ordering less since 2026-01" in stop_reason(big, "en")
    assert "影響額 ¥695,014" in stop_reason(big, "ja")
    # OTHER unchanged.
    assert visits[0]["stake"] == pytest.approx(1_400_000.0)
