"""A warning when a rep's visits stop two working weeks or more before the orders do (a
visit export not pasted yet): trial 20, finding 9."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd

from routekpi.contract import RawSheet
from routekpi.core.compact import compact_history
from routekpi.core.history import History
from routekpi.messages import text
from routekpi.validation.period import visits_stopped_checks
from routekpi.validation.tables import validate_inputs

D = date
AS_OF = D(2025, 6, 30)  # a Monday


def _weekdays(start: date, end: date) -> list[date]:
    return [d.date() for d in pd.bdate_range(start, end)]


def _history() -> History:
    """Five reps with an order every weekday through June. Visits: Sato to 30 June; Ito to
    10 June (14 working days before the 30th); Kato to 10 June, then a 商談 at his own
    customer on the 20th (6); Hara to 30 May, on leave from 2 June; Mori left in April (his
    orders and visits stop together)."""
    orders = [["date", "account", "rep", "amount"]]
    visits = [["date", "rep", "account", "kind"]]
    last_visit = {"Sato": AS_OF, "Ito": D(2025, 6, 10), "Kato": D(2025, 6, 10)}
    last_visit |= {"Hara": D(2025, 5, 30), "Mori": D(2025, 4, 30)}
    for i, (rep, stop) in enumerate(last_visit.items()):
        account = f"C{i}"
        order_end = stop if rep == "Mori" else AS_OF
        orders += [[d, account, rep, 100.0] for d in _weekdays(D(2025, 4, 1), order_end)]
        visits += [[d, rep, account, "訪問"] for d in _weekdays(D(2025, 4, 1), stop)]
    # A meeting at his own customer after his last visit: a visit, as the engine reads it
    # (core.meetings); one at a prospect is not.
    visits.append([D(2025, 6, 20), "Kato", "C2", "商談"])
    visits.append([D(2025, 6, 27), "Ito", "P9", "商談"])
    leave = [["rep", "start", "end"], ["Hara", D(2025, 6, 2), D(2025, 7, 31)]]
    sheets = {
        "Orders": RawSheet(name="Orders", rows=orders),
        "Visits": RawSheet(name="Visits", rows=visits),
        "Leave": RawSheet(name="Leave", rows=leave),
    }
    return validate_inputs(sheets, today=D(2026, 1, 1)).history


def test_a_rep_whose_visits_stop_two_weeks_before_the_orders_is_named() -> None:
    history = _history()
    [check] = visits_stopped_checks(history, None)  # blank AsOf: the last order, 30 June
    assert (check.sheet, check.severity, check.problem) == ("Visits", "warn", "visits_stopped")
    # Only Ito: Kato's gap is 6 working days, Hara is on leave, Mori has no June orders.
    assert check.params == {
        "count": 1,
        "last": "2025-06-10",
        "orders_end": "2025-06-30",
        "reps": "2025-06-10: Ito",
    }
    said = text(check.problem, "ja", **check.params)
    assert said.startswith("訪問の記録が受注より先に止まっている担当者が1人います")
    assert "(受注は 2025-06-30 まで。最後の訪問の日: 担当者): 2025-06-10: Ito。" in said
    # A history from files gives the same, from its per-day visit facts.
    compact = compact_history(history, AS_OF)
    assert compact.facts is not None
    assert visits_stopped_checks(compact, AS_OF) == [check]


def test_judged_up_to_the_as_of_date_and_grouped_by_day() -> None:
    history = _history()
    # As of 20 June Ito's visits stop 8 working days before: nothing to say.
    assert visits_stopped_checks(history, D(2025, 6, 20)) == []
    # Sato's visits cut at 2 June, Kato's 商談 gone: two days, the larger group first.
    v = history.visits
    keep = ~((v["rep"] == "Sato") & (v["date"] > "2025-06-02")) & (v["kind"] != "meeting")
    cut = replace(history, visits=v[keep])
    [check] = visits_stopped_checks(cut, None)
    assert check.params == {
        "count": 3,
        "last": "2025-06-10",
        "orders_end": "2025-06-30",
        "reps": "2025-06-10: Ito, Kato / 2025-06-02: Sato",
    }
    # No visit log at all: nothing to warn about.
    assert visits_stopped_checks(replace(history, visits=v.iloc[:0]), None) == []
