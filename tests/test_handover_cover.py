"""A colleague's cover during the holder's leave is no handover (trial 20, finding 14): a
clinic first served by 清水's cover visit during 林's 育休 read "林優子 ← 清水浩二 1"."""

from __future__ import annotations

from datetime import date

import pandas as pd

from routekpi.core.handover import PAIR_COLUMNS, decide, hand_over
from routekpi.core.history import ACCOUNT_COLUMNS, LEAVE_COLUMNS, VISIT_COLUMNS, History

T = pd.Timestamp


def _monthly(account: str, rep: str, first: str, last: str) -> list[tuple]:
    """One ¥100 order on the 10th of every month from ``first`` to ``last``."""
    days = pd.date_range(T(first), T(last), freq="MS") + pd.Timedelta(days=9)
    return [(d, account, rep, 100.0) for d in days]


def _history(leave: bool) -> History:
    """A and B sell from April 2024 to June 2025. b2 was B's until March 2025 and is A's
    from April (a handover). n1 opens on 5 May 2025 while A is on leave (1 May – 15 June):
    B visits it on 6 May and books its first order on 20 May, covering; A's own lines on it
    start with an order on 16 June. The Accounts sheet gives b2 and n1 to A."""
    orders = [
        *_monthly("a1", "A", "2024-04-01", "2025-06-30"),
        *_monthly("b1", "B", "2024-04-01", "2025-06-30"),
        *_monthly("b2", "B", "2024-04-01", "2025-03-31"),
        *_monthly("b2", "A", "2025-04-01", "2025-06-30"),
        (T("2025-05-20"), "n1", "B", 50.0),
        (T("2025-06-16"), "n1", "A", 70.0),
    ]
    frame = pd.DataFrame(orders, columns=["date", "account", "rep", "amount"])
    visits = pd.DataFrame(
        [(T("2025-05-06"), "B", "n1", "visit", ""), (T("2025-06-16"), "A", "n1", "visit", "")],
        columns=list(VISIT_COLUMNS),
    )
    accounts = pd.DataFrame(
        {
            "account": ["a1", "b1", "b2", "n1"],
            "name": None,
            "rep": ["A", "B", "A", "A"],
            "start": [T("2020-01-01")] * 3 + [T("2025-05-05")],
            "end": pd.NaT,
        }
    ).reindex(columns=list(ACCOUNT_COLUMNS))
    away = pd.DataFrame(
        [("A", T("2025-05-01"), T("2025-06-15"), "育休", None)] if leave else [],
        columns=list(LEAVE_COLUMNS),
    )
    return History(
        orders=frame.assign(quantity=float("nan")), visits=visits, accounts=accounts, leave=away
    )


def test_a_cover_before_the_holder_began_is_not_listed_as_a_handover() -> None:
    """Without the Leave sheet B's first lines on n1 (6 May) come before A's (16 June) and
    n1 reads as handed from B to A, with b2; with it, B was covering: only b2 is listed, from
    A's first line on it (10 April). Either way n1's history goes with it: B's ¥50 order
    before A began is A's now."""
    as_of = date(2025, 6, 30)
    _, typed = hand_over(_history(leave=False), as_of)
    assert typed is not None and typed.transfers == (("A", "B", 2),)
    moved, handed = hand_over(_history(leave=True), as_of)
    assert handed is not None
    assert handed.transfers == (("A", "B", 1),)
    assert handed.received == (("A", "B", 1, date(2025, 4, 10)),)
    n1 = moved.orders[moved.orders["account"] == "n1"]
    assert list(n1["rep"]) == ["A", "A"] and n1["amount"].sum() == 120.0
    # B's own accounts and b2's earlier months stay as the rule moves them.
    b2 = moved.orders[moved.orders["account"] == "b2"]
    assert set(b2["rep"]) == {"A"} and len(b2) == 15


def test_decide_takes_the_leave_spans_as_the_file_sources_pass_them() -> None:
    """The file sources call ``decide`` on their own account × rep table: the same spans
    give the same answer. A colleague who began on n1 the day after the holder's leave ended
    did hand it over."""
    pairs = pd.DataFrame(
        [
            ("n1", "A", 2, T("2025-06-16"), T("2025-06-16")),
            ("n1", "B", 2, T("2025-05-06"), T("2025-05-20")),
        ],
        columns=list(PAIR_COLUMNS),
    )
    seen = pd.Series({"A": T("2025-06-30"), "B": T("2025-06-30")})
    accounts = pd.DataFrame(
        {"account": ["n1"], "name": None, "rep": ["A"], "start": T("2025-05-05"), "end": pd.NaT}
    ).reindex(columns=list(ACCOUNT_COLUMNS))
    as_of = date(2025, 6, 30)
    leave = (("A", date(2025, 5, 1), date(2025, 6, 15)),)
    _, _, covered = decide(pairs, seen, accounts, {}, as_of, leave=leave)
    assert covered is not None and covered.transfers == () and covered.received == ()
    _, _, typed = decide(pairs, seen, accounts, {}, as_of)
    assert typed is not None and typed.transfers == (("A", "B", 1),)
    ended = (("A", date(2025, 5, 1), date(2025, 5, 5)),)  # back on 6 May: B's was no cover
    _, _, after = decide(pairs, seen, accounts, {}, as_of, leave=ended)
    assert after is not None and after.transfers == (("A", "B", 1),)
    # Another rep's leave is not the holder's.
    _, _, other = decide(pairs, seen, accounts, {}, as_of, leave=(("B", *leave[0][1:]),))
    assert other is not None and other.transfers == (("A", "B", 1),)
