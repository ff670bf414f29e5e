"""A cover read from an absence nobody typed on the Leave sheet (trial 37 M2).

高橋's leave 2027-01-12…23 is typed; his only past week away (2025-01-19…25) is not, and
in it 鈴木 delivered to and booked for his accounts while 高橋 booked nothing. The Daily said
「休暇中の担当顧客 144件は…(代行訪問の記録がないため。代行者を決めてください)」. The order
days now show that stretch (core.at_work.absence_cover_stretches): 鈴木 is the cover on the
Daily (the targets still read declared leave only), and his list says where it came from.

Reps A and B, as of Fri 2026-07-31. A holds X1 … X4, B holds Y; each orders and is visited
every Friday since 2025-01. In the week of 2026-03-09 A booked nothing and B booked X1 … X4
every day (4 × 5 = 20 account-days). A's leave 2026-08-01 … 08-31 is typed.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from routekpi.core.at_work import absence_cover_stretches
from routekpi.core.calendar import BusinessCalendar
from routekpi.core.daily import CoverRecord, leave_covers
from routekpi.core.history import VISIT_COLUMNS, History
from routekpi.render_daily import daily_rows
from tests.history_helpers import accounts_frame
from tests.test_daily_orders import _weekly_in, week_plan

AS_OF = date(2026, 7, 31)
LEAVE = (("A", date(2026, 8, 1), date(2026, 8, 31)),)
HOLDER = {"X1": "A", "X2": "A", "X3": "A", "X4": "A", "Y": "B"}
AWAY = [date(2026, 3, 9) + timedelta(days=i) for i in range(5)]  # Mon 03-09 … Fri 03-13


def _history(away_days: list[date]) -> History:
    fridays = _weekly_in(tuple(range(1, 13)), date(2025, 1, 3), AS_OF)
    orders, visits = [], []
    for account, rep in HOLDER.items():
        for d in fridays:
            if rep == "A" and d in AWAY:
                continue  # A away: his Friday is B's below
            orders.append((pd.Timestamp(d), account, rep, 50_000.0, 1.0))
            visits.append((pd.Timestamp(d), rep, account, "visit", None))
        if rep == "A":
            for d in away_days:
                orders.append((pd.Timestamp(d), account, "B", 50_000.0, 1.0))
                visits.append((pd.Timestamp(d), "B", account, "visit", None))
    return History(
        orders=pd.DataFrame(orders, columns=["date", "account", "rep", "amount", "quantity"]),
        visits=pd.DataFrame(visits, columns=list(VISIT_COLUMNS)),
        accounts=accounts_frame(
            list(HOLDER), list(HOLDER.values()), start="2020-01-06", suffix="商店"
        ),
    )


def test_the_stretch_a_colleague_booked_for_him_is_his_cover() -> None:
    history = _history(AWAY)
    found = leave_covers(history, LEAVE, {"A": ()}, ["A", "B"], AS_OF)
    assert found == {"A": CoverRecord("B", "absence", 20, AWAY[0], AWAY[-1])}
    plan = week_plan(history, AS_OF, reps=("A", "B"), calendar=BusinessCalendar().with_leave(LEAVE))
    assert plan.covering == {"B": {"A": 4}}  # type: ignore[attr-defined]
    assert plan.uncovered == {}  # type: ignore[attr-defined]
    rows = daily_rows(plan, "ja", wrap=False)  # type: ignore[arg-type]
    lines = [str(getattr(r[6], "value", r[6])) for r in rows if len(r) > 6]
    assert (
        "休暇中のAさんの顧客 4件を、休暇の日はこの一覧に入れています"
        "(休暇・不在シートにない不在から: "
        "Aさんの受注がほぼない 2026-03-09〜03-13 に、BさんがAさんの顧客の受注を 20件つけています。"
        "この期間が休暇なら休暇・不在シートに入れてください)"
    ) in lines


def test_a_few_days_booked_for_a_colleague_are_no_cover() -> None:
    """Two days (8 account-days, fewer than MIN_ABSENCE_DAYS): a phone order taken for a
    colleague now and then, not a cover. The list says nobody covers A."""
    history = _history(AWAY[:2])
    assert leave_covers(history, LEAVE, {"A": ()}, ["A", "B"], AS_OF) == {}
    plan = week_plan(history, AS_OF, reps=("A", "B"), calendar=BusinessCalendar().with_leave(LEAVE))
    assert plan.uncovered == {"A": 4}  # type: ignore[attr-defined]


def test_a_day_the_holder_was_on_his_round_is_not_an_absence() -> None:
    """Order days (account, rep, date): A usually has 4 rows a day; on 03-09 … 03-13 he has
    0 except 03-11 with 2 (more than a quarter of 4). B's 4 rows a day count on the other
    four days only (16), in one stretch (03-11 between them is two days' gap at most)."""
    rows = [("X1", "A", date(2026, 3, 2)), ("X1", "A", date(2026, 3, 20))]
    rows += [(f"X{i}", "A", date(2026, 3, 6)) for i in range(1, 5)]
    rows += [(f"X{i}", "A", date(2026, 3, 20)) for i in range(2, 5)]
    rows += [(f"X{i}", "A", date(2026, 3, 2)) for i in range(2, 5)]
    rows += [("X1", "A", date(2026, 3, 11)), ("X2", "A", date(2026, 3, 11))]
    rows += [(f"X{i}", "B", d) for d in AWAY for i in range(1, 5)]
    days = pd.DataFrame(rows, columns=["account", "rep", "date"])
    holder = {f"X{i}": "A" for i in range(1, 5)}
    found = absence_cover_stretches(days, holder, ["A"])
    assert found.to_dict("records") == [
        {"holder": "A", "visitor": "B", "orders": 16, "first": AWAY[0], "last": AWAY[-1]}
    ]
