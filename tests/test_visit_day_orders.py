"""Orders that come apart from the visits (trial 40 M6: core.visit_days.visit_day_orders).

Every book here: 20 accounts over the working days of April – June 2025 (65 weekdays, no
holiday counted: every weekday has an order or a visit). Account i is visited on every 5th
weekday from weekday i mod 5 on: 13 of the 65 days, a chance of 13 ÷ 65 = 20% that any one
of its days is a visit day. "Tied": it orders on its visit days only (260 order days, all on a
visit day: 100% against 20%, ×5). "Apart": it orders every weekday (1,300 order days, 13 of
each account's 65 on a visit day: 20% against 20%, ×1).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from routekpi.core.baselines import build_evidence
from routekpi.core.history import History, PlanSettings
from routekpi.core.visit_days import (
    APART_MIN_ORDER_DAYS,
    APART_NOTE,
    DELIVERY_NOTE,
    DELIVERY_SHARE,
    visit_day_orders,
    visit_link,
)
from routekpi.messages import text
from routekpi.recalc import recalculate
from routekpi.schema import CHECKS, PLAN
from tests.workbook_files import fold_checks, history_book, sheet_text

DAYS = pd.bdate_range("2025-04-01", "2025-06-30")  # 65 weekdays
FIRST, LAST = pd.Period("2025-04", freq="M"), pd.Period("2025-06", freq="M")
ACCOUNTS = 20


def _frames(tied: bool, kind: str = "visit") -> tuple[pd.DataFrame, pd.DataFrame]:
    orders, visits = [], []
    for i in range(ACCOUNTS):
        acc = f"C{i:02d}"
        seen = [d for j, d in enumerate(DAYS) if j % 5 == i % 5]
        visits += [(d, "R", acc, kind, None) for d in seen]
        orders += [(d, acc, "R", 1000.0, 1.0) for d in (seen if tied else DAYS)]
    o = pd.DataFrame(orders, columns=["date", "account", "rep", "amount", "quantity"])
    v = pd.DataFrame(visits, columns=["date", "rep", "account", "kind", "outcome"])
    return o, v


def test_days_are_sixty_five_and_every_account_is_visited_thirteen_times() -> None:
    assert len(DAYS) == 65
    _, v = _frames(True)
    assert set(v.groupby("account").size()) == {13}


def test_orders_on_the_visit_days_follow_the_visits() -> None:
    o, v = _frames(tied=True)
    got = visit_day_orders(o, v, FIRST, LAST)
    assert got is not None
    assert got.order_days == 260  # 20 accounts × 13 visit days
    assert got.on_visit_days == pytest.approx(1.0)
    assert got.chance == pytest.approx(13 / 65)
    assert got.lift == pytest.approx(5.0)
    assert not got.apart


def test_orders_every_day_come_apart_from_the_visits() -> None:
    o, v = _frames(tied=False)
    got = visit_day_orders(o, v, FIRST, LAST)
    assert got is not None
    assert got.order_days == 1300  # 20 accounts × 65 weekdays
    assert got.on_visit_days == pytest.approx(13 / 65)
    assert got.chance == pytest.approx(13 / 65)
    assert got.lift == pytest.approx(1.0)
    assert got.apart
    assert got.params() == {
        "on_visit": "20%",
        "chance": "20%",
        "lift": "1.0",
        "days": 1300,
        "visit_days": 260,
        "on_order": "100%",
    }


def test_a_return_an_unvisited_account_and_a_meeting_are_no_order_or_visit_day() -> None:
    """A line with amount ≤ 0 is no order day; an account never visited in the months says
    nothing about visits; a meeting (商談) is no visit."""
    o, v = _frames(tied=True)
    extra = pd.DataFrame(
        [(DAYS[1], "C00", "R", -500.0, 1.0), (DAYS[1], "Z99", "R", 1000.0, 1.0)],
        columns=o.columns,
    )
    got = visit_day_orders(pd.concat([o, extra], ignore_index=True), v, FIRST, LAST)
    assert got is not None and got.order_days == 260 and got.on_visit_days == pytest.approx(1.0)
    o, v = _frames(tied=True, kind="meeting")
    assert visit_day_orders(o, v, FIRST, LAST) is None


def test_too_few_order_days_tell_nothing() -> None:
    o, v = _frames(tied=True)
    few = o[o["account"].isin(["C00", "C01"])]  # 26 order days
    assert len(few) < APART_MIN_ORDER_DAYS
    assert visit_day_orders(few, v, FIRST, LAST) is None


def test_months_outside_the_window_are_not_read() -> None:
    o, v = _frames(tied=False)
    got = visit_day_orders(o, v, pd.Period("2025-07", freq="M"), pd.Period("2025-09", freq="M"))
    assert got is None


def _skipping(skipped: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The tied books with no order on the first ``skipped`` of every account's 13 visit
    days (the visits stay): 13 − skipped of 13 visit days are order days."""
    o, v = _frames(tied=True)
    first = v.groupby("account")["date"].transform(lambda d: d.rank(method="first"))
    gone = v[first <= skipped]
    dropped = set(zip(gone["account"], gone["date"], strict=True))
    keep = [(a, d) not in dropped for a, d in zip(o["account"], o["date"], strict=True)]
    return o[keep].reset_index(drop=True), v


def test_visits_on_order_days_are_counted_both_ways() -> None:
    """Tied: 260 visit days, every one an order day (100%), 260 order days all on a visit
    day: deliveries. Apart: the same 260 visit days all order days too (it orders every
    weekday), but its order days are visit days only by chance: apart, not deliveries."""
    o, v = _frames(tied=True)
    got = visit_day_orders(o, v, FIRST, LAST)
    assert got is not None
    assert got.visit_days == 260 and got.on_order_days == pytest.approx(1.0)
    assert got.deliveries and not got.apart
    o, v = _frames(tied=False)
    got = visit_day_orders(o, v, FIRST, LAST)
    assert got is not None
    assert got.visit_days == 260 and got.on_order_days == pytest.approx(1.0)
    assert got.apart and not got.deliveries


@pytest.mark.parametrize(
    ("skipped", "deliveries"),
    [(1, True), (2, False), (3, False)],  # 12/13 = 92.3%, 11/13 = 84.6%, 10/13 = 76.9%
)
def test_visits_are_deliveries_from_nine_in_ten_visit_days_with_an_order(
    skipped: int, deliveries: bool
) -> None:
    """Each account's 13 visit days, ``skipped`` of them without an order: the share of
    visit days that are order days is (13 − skipped) ÷ 13; every order day is still a visit
    day (100% against 20% by chance: the orders follow the visits either way)."""
    o, v = _skipping(skipped)
    got = visit_day_orders(o, v, FIRST, LAST)
    assert got is not None
    assert got.visit_days == 260
    assert got.order_days == ACCOUNTS * (13 - skipped)
    assert got.on_order_days == pytest.approx((13 - skipped) / 13)
    assert got.on_visit_days == pytest.approx(1.0)
    assert got.chance == pytest.approx(13 / 65)
    assert not got.apart
    assert got.deliveries is deliveries
    assert DELIVERY_SHARE == 0.9


def test_visit_link_reads_the_notes() -> None:
    assert visit_link(["x", APART_NOTE]) == "apart"
    assert visit_link([DELIVERY_NOTE, "y"]) == "deliveries"
    assert visit_link(["no_visits"]) is None


def _history(tied: bool) -> History:
    """The same books over two years (April 2024 – March 2026) for a plan: FY2026."""
    days = pd.bdate_range("2024-04-01", "2026-03-31")
    orders, visits, accounts = [], [], []
    for i in range(ACCOUNTS):
        acc = f"C{i:02d}"
        accounts.append((acc, acc, "R", pd.Timestamp("2024-04-01"), pd.NaT))
        seen = [d for j, d in enumerate(days) if j % 5 == i % 5]
        visits += [(d, "R", acc, "visit", None) for d in seen]
        orders += [(d, acc, "R", 1000.0, 1.0) for d in (seen if tied else days)]
    return History(
        orders=pd.DataFrame(orders, columns=["date", "account", "rep", "amount", "quantity"]),
        visits=pd.DataFrame(visits, columns=["date", "rep", "account", "kind", "outcome"]),
        accounts=pd.DataFrame(accounts, columns=["account", "name", "rep", "start", "end"]),
    )


@pytest.mark.parametrize("tied", [True, False])
def test_the_plan_says_when_orders_come_apart_from_the_visits(tied: bool) -> None:
    """The baseline (April 2025 – March 2026): tied, no note; apart, the note with its
    numbers (13 of every 65 weekdays visited; orders every weekday: 20% against 20%)."""
    ev = build_evidence(
        _history(tied), PlanSettings(kgi=1.0, plan_year=2026, as_of=date(2026, 3, 31))
    )
    notes = {n.code: dict(n.params) for n in ev.notes}
    assert ev.has_visits
    if tied:
        assert "orders_apart_from_visits" not in notes
        return
    said = notes["orders_apart_from_visits"]
    assert said["base_first"] == "2025-04" and said["base_last"] == "2026-03"
    assert said["lift"] == "1.0"
    # 261 weekdays in the baseline year, every 5th visited: 52 or 53 of them per account.
    assert said["on_visit"] == "20%" and said["chance"] == "20%"
    assert said["days"] == ACCOUNTS * len(pd.bdate_range("2025-04-01", "2026-03-31"))


@pytest.mark.parametrize("tied", [True, False])
def test_the_book_says_it_on_plan_and_checks(tmp_path: Path, tied: bool) -> None:
    """Pasted on the Orders and Visits sheets and recalculated: the Plan and Checks carry the
    line (once on Checks) when the orders come apart from the visits, and not when tied."""
    history = _history(tied)
    orders = float(history.orders["amount"].sum()) / 2  # about a year's revenue
    path = history_book(
        tmp_path / "book.xlsm",
        history,
        accounts=[f"C{i:02d}" for i in range(ACCOUNTS)],
        account_start=date(2024, 4, 1),
        kgi=orders,
        plan_year=2026,
        as_of=date(2026, 3, 31),
    )
    recalculate(path)
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    year = len(pd.bdate_range("2025-04-01", "2026-03-31"))
    said = text(
        "orders_apart_from_visits",
        "ja",
        base_first="2025-04",
        base_last="2026-03",
        days=ACCOUNTS * year,
        on_visit="20%",
        chance="20%",
        lift="1.0",
    )
    sheet = CHECKS.ja if CHECKS.ja in wb.sheetnames else CHECKS.name
    rows = fold_checks([list(r) for r in wb[sheet].iter_rows(values_only=True)][1:])
    on_checks = sum(said in str(r[4]) or said in str(r[3]) for r in rows)
    # The Plan wraps it over rows: a space at a break ends the row above.
    plan = sheet_text(wb, PLAN).replace(" ", "")
    assert (said.replace(" ", "") in plan) is not tied
    assert on_checks == (0 if tied else 1)
