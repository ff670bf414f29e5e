"""A rep's accounts on his cover's Daily list on his leave days (core.daily.leave_covers;
trial 27 M2: during 鈴木's 産休 none of her 24 accounts was on anyone's list, though 中村 had
made 146 cover visits to them).

Reps A and B, as of Fri 2026-07-31. A holds X1 and X2, B holds Y; each account orders and is
visited every Friday since 2025-01. A is on leave 2026-07-01 … 2026-10-31: his July visits
are B's (cover), or, in the second history, nobody's.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from routekpi.core.calendar import BusinessCalendar
from routekpi.core.daily import leave_covers
from routekpi.core.history import VISIT_COLUMNS, History
from routekpi.render_daily import daily_rows
from tests.history_helpers import accounts_frame
from tests.test_daily_orders import _weekly_in, week_plan

AS_OF = date(2026, 7, 31)
LEAVE = (("A", date(2026, 7, 1), date(2026, 10, 31)),)
HOLDER = {"X1": "A", "X2": "A", "Y": "B"}


def _covers(history: History, leave: object, on_leave: dict, reps: list[str]) -> dict[str, str]:  # type: ignore[type-arg]
    """Rep on leave → his cover's name, as of AS_OF."""
    found = leave_covers(history, leave, on_leave, reps, AS_OF)  # type: ignore[arg-type]
    return {holder: cover.visitor for holder, cover in found.items()}


def _history(covered: bool) -> History:
    fridays = _weekly_in(tuple(range(1, 13)), date(2025, 1, 3), AS_OF)
    orders, visits = [], []
    for account, rep in HOLDER.items():
        for d in fridays:
            orders.append((pd.Timestamp(d), account, rep, 50_000.0, 1.0))
            on_leave = rep == "A" and d >= LEAVE[0][1]
            if not on_leave:
                visits.append((pd.Timestamp(d), rep, account, "visit", None))
            elif covered:
                visits.append((pd.Timestamp(d), "B", account, "visit", None))
    return History(
        orders=pd.DataFrame(orders, columns=["date", "account", "rep", "amount", "quantity"]),
        visits=pd.DataFrame(visits, columns=list(VISIT_COLUMNS)),
        accounts=accounts_frame(
            list(HOLDER), list(HOLDER.values()), start="2020-01-06", suffix="商店"
        ),
    )


def _plan(history: History, leave: tuple[tuple[str, date, date], ...] = LEAVE) -> object:
    """Reps A and B, on ``leave``: the list Mon 08-03 … Fri 08-07."""
    return week_plan(history, AS_OF, reps=("A", "B"), calendar=BusinessCalendar().with_leave(leave))


def _text(cell: object) -> str:
    return str(getattr(cell, "value", cell))


def _visits(plan: object) -> list[tuple[str, date, str]]:
    stops = plan.stops  # type: ignore[attr-defined]
    stops = stops[stops["kind"] == "visit"]
    return sorted(zip(stops["rep"], stops["date"], stops["account"], strict=True))


def test_the_cover_lists_the_accounts_of_the_rep_on_leave() -> None:
    # B visited X1 and X2 every Friday of July (4 × 2 cover visits): A's cover. Last visits
    # Fri 07-31, every 7 days: X1, X2 and Y all due Fri 08-07, all on B's list; A on leave.
    history = _history(covered=True)
    assert _covers(history, LEAVE, {"A": ()}, ["A", "B"]) == {"A": "B"}
    plan = _plan(history)
    friday = date(2026, 8, 7)
    assert _visits(plan) == [("B", friday, "X1"), ("B", friday, "X2"), ("B", friday, "Y")]
    assert plan.covering == {"B": {"A": 2}}  # type: ignore[attr-defined]
    assert plan.uncovered == {}  # type: ignore[attr-defined]
    lines = [_text(r[6]) for r in daily_rows(plan, "ja") if r[0] == "B"]  # type: ignore[arg-type]
    assert (
        "休暇中のAさんの顧客 2件を、休暇の日はこの一覧に入れています(休暇中の代行訪問の記録から)"
        in lines
    )


def test_accounts_nobody_covered_are_said_to_be_on_nobodys_list() -> None:
    # No visit to X1 or X2 since 07-01: no cover to read. Their last visits (Fri 06-26, by A)
    # make them due 07-03 — on nobody's list, and A's block says so.
    history = _history(covered=False)
    assert _covers(history, LEAVE, {"A": ()}, ["A", "B"]) == {}
    plan = _plan(history)
    assert _visits(plan) == [("B", date(2026, 8, 7), "Y")]
    assert plan.covering == {}  # type: ignore[attr-defined]
    assert plan.uncovered == {"A": 2}  # type: ignore[attr-defined]
    lines = [_text(r[6]) for r in daily_rows(plan, "ja") if r[0] == "A"]  # type: ignore[arg-type]
    assert (
        "休暇中の担当顧客 2件は、休暇の日は誰の計画にも入っていません"
        "(休暇・不在シートの過去の休暇に同僚の代行訪問がなく、ほかの不在中に同僚がこの顧客の"
        "受注をつけた記録もないため。代行者を決めてください)"
    ) in lines


def test_a_cover_on_leave_himself_is_no_cover() -> None:
    # B made the cover visits but is away 08-03 … 08-07 too (review27): no list carries A's
    # accounts those days, and A's block says they are on nobody's list.
    both = (*LEAVE, ("B", date(2026, 8, 3), date(2026, 8, 7)))
    history = _history(covered=True)
    week = {date(2026, 8, 3) + timedelta(days=k) for k in range(5)}
    assert _covers(history, both, {"A": week, "B": week}, ["A", "B"]) == {}
    plan = _plan(history, both)
    assert _visits(plan) == []
    assert plan.covering == {}  # type: ignore[attr-defined]
    # B's own Y too: nobody covered him either.
    assert plan.uncovered == {"A": 2, "B": 1}  # type: ignore[attr-defined]
