"""The Leave sheet's optional 代行者 / Cover column (trial 40 D3: a bakery rep on planned
leave): the absent rep's due visits go on the named colleague's Daily list on those days,
marked 代行; his own list shows nothing then. Without the column, as before.

Reps A, B and C, as of Fri 2026-07-31; the list Mon 08-03 … Fri 08-07. A holds X1 and X2, B
holds Y, C holds Z; each account orders and is visited by its holder every Friday since
2025-01 (through 07-31), so each is a Friday route account, due Fri 08-07. Nobody ever
covered A: without a named cover his accounts are on nobody's list.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from routekpi.core.calendar import BusinessCalendar, leave_spans
from routekpi.core.history import LEAVE_COLUMNS, VISIT_COLUMNS, History
from routekpi.render_daily import daily_rows
from routekpi.validation.leave import check_leave
from tests.history_helpers import accounts_frame
from tests.test_daily_orders import _weekly_in, week_plan

AS_OF = date(2026, 7, 31)
FRIDAY = date(2026, 8, 7)
HOLDER = {"X1": "A", "X2": "A", "Y": "B", "Z": "C"}


def _leave(*rows: tuple[str, date, date, str | None]) -> pd.DataFrame:
    frame = pd.DataFrame(
        [(rep, pd.Timestamp(a), pd.Timestamp(b), "", cover) for rep, a, b, cover in rows],
        columns=list(LEAVE_COLUMNS),
    )
    return frame


def _history(leave: pd.DataFrame, june_y_by: str = "B") -> History:
    """The accounts of the module doc; ``june_y_by``: who visited Y on June's Fridays."""
    fridays = _weekly_in(tuple(range(1, 13)), date(2025, 1, 3), AS_OF)
    orders, visits = [], []
    for account, rep in HOLDER.items():
        for d in fridays:
            orders.append((pd.Timestamp(d), account, rep, 50_000.0, 1.0))
            by = june_y_by if account == "Y" and (d.year, d.month) == (2026, 6) else rep
            visits.append((pd.Timestamp(d), by, account, "visit", None))
    return History(
        orders=pd.DataFrame(orders, columns=["date", "account", "rep", "amount", "quantity"]),
        visits=pd.DataFrame(visits, columns=list(VISIT_COLUMNS)),
        accounts=accounts_frame(
            list(HOLDER), list(HOLDER.values()), start="2020-01-06", suffix="商店"
        ),
        leave=leave,
    )


def _plan(leave: pd.DataFrame, june_y_by: str = "B") -> object:
    calendar = BusinessCalendar().with_leave(leave_spans(leave))
    history = _history(leave, june_y_by)
    return week_plan(history, AS_OF, reps=("A", "B", "C"), calendar=calendar)


def _visits(plan: object) -> list[tuple[str, date, str, bool]]:
    stops = plan.stops  # type: ignore[attr-defined]
    stops = stops[stops["kind"] == "visit"]
    marked = ["cover" in r for r in stops["reasons"]]
    return sorted(zip(stops["rep"], stops["date"], stops["account"], marked, strict=True))


def _text(cell: object) -> str:
    return str(getattr(cell, "value", cell))


def test_the_named_cover_lists_the_absent_reps_due_visits() -> None:
    # A away Mon 08-03 … Fri 08-14, cover C: X1 and X2, due Fri 08-07, on C's list that day
    # (marked 代行) after C's own Z; A's days are leave days with no stop; B has his Y.
    plan = _plan(_leave(("A", date(2026, 8, 3), date(2026, 8, 14), "C")))
    assert _visits(plan) == [
        ("B", FRIDAY, "Y", False),
        ("C", FRIDAY, "X1", True),
        ("C", FRIDAY, "X2", True),
        ("C", FRIDAY, "Z", False),
    ]
    days = plan.days  # type: ignore[attr-defined]
    assert days[days["rep"] == "A"]["leave"].tolist() == [True] * 5
    assert plan.covering == {"C": {"A": 2}}  # type: ignore[attr-defined]
    assert plan.uncovered == {}  # type: ignore[attr-defined]
    rows = daily_rows(plan, "ja")  # type: ignore[arg-type]
    said = [_text(r[6]) for r in rows if r[0] == "C"]
    assert (
        "休暇中のAさんの顧客 2件を、休暇の日はこの一覧に入れています(休暇・不在シートの代行者)"
        in said
    )
    x1 = next(_text(r[6]) for r in rows if r[0] == "C" and r[3] == "X1")
    assert x1.startswith("代行、金 訪問日")  # its route of visit days (core.route_days)


def test_each_row_its_own_cover_and_a_row_without_one_as_before() -> None:
    # 08-03 … 08-05 covered by B, 08-06 … 08-14 by nobody named: Friday 08-07 falls in the
    # second row, and nobody ever covered A, so X1 and X2 are on nobody's list (as without
    # the column); B's list carries them on Mon–Wed, when they are not due: no stop.
    plan = _plan(
        _leave(
            ("A", date(2026, 8, 3), date(2026, 8, 5), "B"),
            ("A", date(2026, 8, 6), date(2026, 8, 14), None),
        )
    )
    assert _visits(plan) == [("B", FRIDAY, "Y", False), ("C", FRIDAY, "Z", False)]
    assert plan.uncovered == {"A": 2}  # type: ignore[attr-defined]
    # The same leave typed without the column: the same list.
    bare = _leave(("A", date(2026, 8, 3), date(2026, 8, 14), None)).drop(columns="cover")
    assert _visits(_plan(bare)) == [("B", FRIDAY, "Y", False), ("C", FRIDAY, "Z", False)]
    # Named cover on Friday (a second row for 08-06 … 08-14 with cover B): B lists them.
    plan = _plan(
        _leave(
            ("A", date(2026, 8, 3), date(2026, 8, 5), "C"),
            ("A", date(2026, 8, 6), date(2026, 8, 14), "B"),
        )
    )
    assert _visits(plan) == [
        ("B", FRIDAY, "X1", True),
        ("B", FRIDAY, "X2", True),
        ("B", FRIDAY, "Y", False),
        ("C", FRIDAY, "Z", False),
    ]
    assert plan.covering == {"B": {"A": 2}, "C": {"A": 2}}  # type: ignore[attr-defined]


def test_a_named_cover_on_leave_that_day_is_no_cover() -> None:
    # C named, but C is away 08-07 too: nobody lists X1, X2 on Friday (core guard, as the
    # Checks row says for the sheet).
    plan = _plan(
        _leave(
            ("A", date(2026, 8, 3), date(2026, 8, 14), "C"),
            ("C", date(2026, 8, 7), date(2026, 8, 7), None),
        )
    )
    assert _visits(plan) == [("B", FRIDAY, "Y", False)]


def test_check_leave_reads_a_bad_cover_as_blank() -> None:
    leave = _leave(
        ("A", date(2026, 8, 3), date(2026, 8, 14), "Q"),  # not a rep
        ("B", date(2026, 8, 3), date(2026, 8, 4), "B"),  # himself
        ("C", date(2026, 8, 3), date(2026, 8, 7), "A"),  # A is away those days
        ("A", date(2026, 9, 1), date(2026, 9, 2), " C "),  # fine (spaces trimmed)
    )
    checks: list = []  # type: ignore[type-arg]
    columns = {"cover": "E 代行者"}
    kept = check_leave(leave, np.array([2, 3, 4, 5]), {"A", "B", "C"}, checks, columns)
    assert [None if pd.isna(x) else x for x in kept["cover"]] == [None, None, None, "C"]
    found = [
        (c.row, c.column, c.value, c.problem, c.params) for c in checks if c.severity == "warn"
    ]
    assert found == [
        (2, "E 代行者", "Q", "leave_cover_unknown", {}),
        (3, "E 代行者", "B", "leave_cover_self", {}),
        (4, "E 代行者", "A", "leave_cover_on_leave",
         {"first": "2026-08-03", "last": "2026-08-07", "row": 2}),
    ]  # fmt: skip


def test_a_rep_away_under_a_named_cover_is_no_cover_for_a_colleague() -> None:
    # B away in June (a Leave row) while A visited his Y on its Fridays: A is B's cover by
    # the record. Now A and B are both away in the list's week, A's row naming C: B's Y gets
    # no cover (A is away too, though his own days need no cover read), and is on nobody's
    # list; A's X1 and X2 are on C's.
    leave = _leave(
        ("B", date(2026, 6, 1), date(2026, 6, 30), None),
        ("A", date(2026, 8, 3), date(2026, 8, 14), "C"),
        ("B", date(2026, 8, 3), date(2026, 8, 7), None),
    )
    plan = _plan(leave, june_y_by="A")
    assert _visits(plan) == [
        ("C", FRIDAY, "X1", True),
        ("C", FRIDAY, "X2", True),
        ("C", FRIDAY, "Z", False),
    ]
    assert plan.covering == {"C": {"A": 2}}  # type: ignore[attr-defined]
    assert plan.uncovered == {"B": 1}  # type: ignore[attr-defined]
    # With A at work that week, the record's cover takes Y: A lists it on Friday.
    plan = _plan(leave.iloc[[0, 2]], june_y_by="A")
    assert ("A", FRIDAY, "Y", True) in _visits(plan)
