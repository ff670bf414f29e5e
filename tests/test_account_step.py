"""One large account's step is a level, not a yearly unit-price trend (core.account_step).

Every history here: three reps A, B, C with five accounts each, from April 2022 to March 2026
(48 months), orders only, plan FY2026 (April 2026 – March 2027) on the baseline FY2025. Each
small account orders twice a month at ¥10,000; A0 (the "hotel") twice a month at ¥40,000:
¥80,000 of the team's ¥360,000 a month (22%). Quantities are 1: no price per unit is read.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date

import numpy as np
import pandas as pd
import pytest

from routekpi.core.account_step import ACCOUNT_STEP, find_account_steps
from routekpi.core.baselines import Evidence, build_evidence
from routekpi.core.history import History, PlanSettings
from routekpi.core.measure import TEAM
from routekpi.messages import text
from tests.history_helpers import OrderLine, rep_accounts

FIRST = pd.Period("2022-04", freq="M")
MONTHS = 48
REPS = ("A", "B", "C")
AS_OF = date(2026, 3, 31)
STEP = pd.Period("2025-07", freq="M")  # A0's first month at ¥24,000 an order (−40%)


def _history(yen: Callable[[str, int, pd.Period], float]) -> History:
    """Five accounts a rep, two orders a month (the 10th and the 20th) of ``yen(rep, i,
    month)`` each; A0 named グランドホテル港町."""

    def line(rep: str, i: int, month: pd.Period) -> list[OrderLine]:
        days = (9, 19)
        return [(month.start_time + pd.Timedelta(days=d), yen(rep, i, month), 1) for d in days]

    h = rep_accounts(REPS, FIRST, MONTHS, line)
    h.accounts.loc[h.accounts["account"] == "A0", "name"] = "グランドホテル港町"
    return h


def _hotel_steps(rep: str, i: int, month: pd.Period) -> float:
    if (rep, i) == ("A", 0):
        return 24_000.0 if month >= STEP else 40_000.0
    return 10_000.0


def _evidence(history: History) -> Evidence:
    return build_evidence(history, PlanSettings(kgi=1.0, plan_year=2026, as_of=AS_OF))


def _booked_part() -> float:
    """The team's mean year-on-year unit-price change over the window ends April 2025 …
    March 2026, as booked: a window with j months from July 2025 holds (12 − j) months at
    ¥360,000 ÷ 30 orders and j at ¥328,000 ÷ 30; the window a year before, 12 at ¥360,000.
    j is 0 for the ends April – June 2025, 1 … 9 for July 2025 … March 2026."""
    js = [0, 0, 0, *range(1, 10)]
    return sum(math.log((360 * (12 - j) + 328 * j) / (360 * 12)) for j in js) / 12


def test_one_large_account_stepping_down_once_is_a_level_and_named() -> None:
    """A0 from ¥40,000 to ¥24,000 an order in July 2025 (−40%), nothing else moves.

    Found: A0, July 2025, log 0.6 against the rest of the team, its orders unchanged, 22% of
    the team's revenue before. The baseline FY2025 has 3 months at the old level (April –
    June) and 9 at the new. The team's unit price there is (3 × 360,000 + 9 × 328,000) ÷ 360
    orders = ¥11,200; at the new level ¥328,000 ÷ 30 = ¥10,933.33: the step still takes
    log(328 ÷ 336) = −2.41% from the baseline to the plan year, and that is the team's trend
    (nothing else moved). Rep A: (3 × 160,000 + 9 × 128,000) ÷ 120 = ¥13,600 against
    ¥12,800: log(16 ÷ 17) = −6.06%. B and C hold no part of it: 0.
    Before, the trend was read on the same customers here (the steadier reading: only A0's
    price moved): A0's own change at its weight, 48 of the 720 orders of a window end and the
    year before, (1 ÷ 15) × log(1 − j ÷ 30): −0.9% a year to every rep (as booked, −2.8%).
    Both are its part, left out of the trend whichever reading is used."""
    h = _history(_hotel_steps)
    months = list(pd.period_range(FIRST, "2026-03", freq="M"))
    baseline = list(pd.period_range("2025-04", "2026-03", freq="M"))
    found = find_account_steps(h.orders, {"A0": "グランドホテル港町"}, months, baseline)
    assert found is not None and len(found.steps) == 1
    step = found.steps[0]
    assert (step.account, step.rep, step.month) == ("A0", "A", STEP)
    assert step.size == pytest.approx(math.log(0.6), rel=1e-9)
    assert step.orders_size == pytest.approx(0.0, abs=1e-12)
    assert step.share == pytest.approx(80 / 360, rel=1e-9)
    assert step.own == pytest.approx(math.log(0.6), rel=1e-9)
    assert found.part == pytest.approx(_booked_part(), rel=1e-9)
    assert f"{math.expm1(_booked_part()):+.1%}" == "-2.8%"
    assert found.carry[TEAM] == pytest.approx(math.log(328 / 336), rel=1e-9)
    assert found.carry["A"] == pytest.approx(math.log(16 / 17), rel=1e-9)
    assert "B" not in found.carry and "C" not in found.carry
    js = [0, 0, 0, *range(1, 10)]
    same = sum(math.log(1 - j / 30) / 15 for j in js) / 12
    assert found.part_same == pytest.approx(same, rel=1e-9)
    assert f"{math.expm1(same):+.1%}" == "-0.9%"

    ev = _evidence(h)
    assert ev.lever_evidence.price_step is None  # one rep's price: no revision
    assert ev.lever_evidence.same_accounts_read is not None  # read on the same customers
    trend = ev.trend["unit_price"]
    assert trend[TEAM] == pytest.approx(math.log(328 / 336), abs=1e-9)
    assert trend["A"] == pytest.approx(math.log(16 / 17), abs=1e-9)
    assert trend["B"] == pytest.approx(0.0, abs=1e-9)
    assert trend["C"] == pytest.approx(0.0, abs=1e-9)
    notes = [n for n in ev.notes if n.code == "account_step_down"]
    assert len(notes) == 1
    line = text("account_step_down", "ja", **notes[0].params)
    # The team's unit price after the step against before: 328 ÷ 360 (−8.9%); the part
    # left out is the same customers' (−0.9%); the carry and the trend log(328 ÷ 336).
    assert line == (
        "A0 グランドホテル港町 が 2025-07 から約4割減(-40%、Aさんの顧客、減る前は売上の22.2%)"
        ": 取引単価の動きの大半。毎年の傾向にはしていません(この減少でチームの取引単価は-8.9%。"
        "その分の年 -0.9% を傾向から外し、基準期間のうち減る前の月の分 -2.4% を目標に含めました。"
        "取引単価の傾向は-2.4%です)"
    )
    assert "A0 グランドホテル港町 is down about 40% from 2025-07" in text(
        "account_step_down", "en", **notes[0].params
    )


def test_without_the_step_the_same_history_reads_the_fall_as_a_trend() -> None:
    """The rule's counterpart: A0 below ``ACCOUNT_SHARE`` (¥12,000 an order: 7.9% of the
    team, then ¥7,200) is no large account: nothing found, and the team's unit-price trend
    is the booked mean year-on-year change (carried whole: the years before moved nothing)."""

    def small(rep: str, i: int, month: pd.Period) -> float:
        if (rep, i) == ("A", 0):
            return 7_200.0 if month >= STEP else 12_000.0
        return 10_000.0

    # 24,000 of 304,000: 7.9% is still large; at ¥6,000 → ¥3,600 it is 4.1%.
    def tiny(rep: str, i: int, month: pd.Period) -> float:
        if (rep, i) == ("A", 0):
            return 3_600.0 if month >= STEP else 6_000.0
        return 10_000.0

    months = list(pd.period_range(FIRST, "2026-03", freq="M"))
    baseline = months[-12:]
    assert find_account_steps(_history(small).orders, {}, months, baseline) is not None
    assert find_account_steps(_history(tiny).orders, {}, months, baseline) is None
    ev = _evidence(_history(tiny))
    assert not any(n.code.startswith("account_step") for n in ev.notes)
    js = [0, 0, 0, *range(1, 10)]
    booked = sum(math.log((292 * (12 - j) + 287.2 * j) / (292 * 12)) for j in js) / 12
    for row in (*REPS, TEAM):
        assert ev.trend.at[row, "unit_price"] == pytest.approx(booked, rel=1e-9)


def test_a_gradual_fall_over_many_accounts_stays_a_trend() -> None:
    """Every account's order falls 0.25% a month (−3.0% a year) from April 2022, A0 too:
    no account stepped (each moves 3% a year, far below ``ACCOUNT_STEP``), nothing is
    found, and the trend is the booked one: every month's unit price is 0.25% below the
    month before, so every window is 3.0% below the window a year before (log 12 × log
    0.9975), carried whole."""

    def falling(rep: str, i: int, month: pd.Period) -> float:
        base = 40_000.0 if (rep, i) == ("A", 0) else 10_000.0
        return base * 0.9975 ** (month - FIRST).n

    months = list(pd.period_range(FIRST, "2026-03", freq="M"))
    h = _history(falling)
    assert find_account_steps(h.orders, {}, months, months[-12:]) is None
    ev = _evidence(h)
    for row in (*REPS, TEAM):
        assert ev.trend.at[row, "unit_price"] == pytest.approx(12 * math.log(0.9975), rel=1e-6)
    assert not any(n.code.startswith("account_step") for n in ev.notes)


def test_a_large_account_sliding_for_years_is_no_step() -> None:
    """A0 falls 3% a month for three years (from April 2023: −31% a year, as much as a
    step): the 12 months before any month moved the same way as the step read there, by
    more than half of it: a slide, a trend; nothing found."""

    def sliding(rep: str, i: int, month: pd.Period) -> float:
        if (rep, i) == ("A", 0):
            return 40_000.0 * 0.97 ** max(0, (month - pd.Period("2023-04", freq="M")).n)
        return 10_000.0

    months = list(pd.period_range(FIRST, "2026-03", freq="M"))
    h = _history(sliding)
    # The last 12 months against the 12 before: a step's size by itself.
    last = np.log(0.97) * 12
    assert abs(last) > ACCOUNT_STEP
    assert find_account_steps(h.orders, {}, months, months[-12:]) is None


def test_the_compact_history_or_no_lines_finds_nothing() -> None:
    """Without order lines (the compact history sends no account × month orders)."""
    months = list(pd.period_range(FIRST, "2026-03", freq="M"))
    assert find_account_steps(None, {}, months, months[-12:]) is None
    empty = _history(_hotel_steps).orders.iloc[:0]
    assert find_account_steps(empty, {}, months, months[-12:]) is None


def test_a_step_up_is_a_level_too() -> None:
    """The other way: A0 from ¥24,000 to ¥40,000 an order in July 2025 (+67%). FY2025's
    team unit price is (3 × 328,000 + 9 × 360,000) ÷ 360 = ¥11,733.33 against ¥12,000 at the
    new level: log(4,320 ÷ 4,224) = +2.2% still to come, the team's trend; rep A's
    (3 × 128,000 + 9 × 160,000) ÷ 120 = ¥15,200 against ¥16,000: log(20 ÷ 19); B and C 0."""

    def up(rep: str, i: int, month: pd.Period) -> float:
        if (rep, i) == ("A", 0):
            return 40_000.0 if month >= STEP else 24_000.0
        return 10_000.0

    ev = _evidence(_history(up))
    trend = ev.trend["unit_price"]
    assert trend[TEAM] == pytest.approx(math.log(4_320 / 4_224), abs=1e-9)
    assert trend["A"] == pytest.approx(math.log(20 / 19), abs=1e-9)
    assert trend["B"] == pytest.approx(0.0, abs=1e-9)
    assert trend["C"] == pytest.approx(0.0, abs=1e-9)
    notes = [n for n in ev.notes if n.code == "account_step_up"]
    assert len(notes) == 1
    assert text("account_step_up", "ja", **notes[0].params).startswith(
        "A0 グランドホテル港町 が 2025-07 から約7割増(+67%、Aさんの顧客、増える前は売上の"
    )


def test_a_step_before_the_whole_baseline_says_no_carry() -> None:
    """A0 from ¥40,000 to ¥24,000 an order in October 2024, before the baseline FY2025
    (April 2025 – March 2026) begins: nothing of the baseline is brought to the new level
    (the team's carry is 0), and the Plan's line has no clause on the months before it."""
    early = pd.Period("2024-10", freq="M")

    def down(rep: str, i: int, month: pd.Period) -> float:
        if (rep, i) == ("A", 0):
            return 24_000.0 if month >= early else 40_000.0
        return 10_000.0

    ev = _evidence(_history(down))
    notes = [n for n in ev.notes if n.code.startswith("account_step")]
    assert [n.code for n in notes] == ["account_step_down_after"]
    said = text("account_step_down_after", "ja", **notes[0].params)
    assert said.startswith("A0 グランドホテル港町 が 2024-10 から約4割減(-40%")
    assert "減る前の月の分" not in said and "基準期間はすべて減った後の月です" in said
    # The trend the line says is the one carried.
    assert f"傾向は{notes[0].params['trend']}です" in said
    carried = round(math.expm1(ev.trend["unit_price"][TEAM]), 4) + 0.0
    assert notes[0].params["trend"] == f"{carried:+.1%}"


def test_beside_a_price_step_both_plan_lines_say_the_trend_carried() -> None:
    """Every account's orders ×1.10 from October 2023, typed on Settings as a revision, and
    A0's step down in July 2025: the revision's line and the account's say one trend, the
    one carried (the account's step taken out too; the revision's own reading is before it)."""
    rise = pd.Period("2023-10", freq="M")

    def both(rep: str, i: int, month: pd.Period) -> float:
        return _hotel_steps(rep, i, month) * (1.10 if month >= rise else 1.0)

    settings = PlanSettings(kgi=1.0, plan_year=2026, as_of=AS_OF, price_revision=("2023-10", 0.10))
    ev = build_evidence(_history(both), settings)
    price = [n for n in ev.notes if n.code == "price_revision_past"]
    account = [n for n in ev.notes if n.code.startswith("account_step")]
    assert len(price) == 1 and len(account) == 1
    carried = f"{round(math.expm1(ev.trend['unit_price'][TEAM]), 4) + 0.0:+.1%}"
    assert price[0].params["trend"] == account[0].params["trend"] == carried


def _new_accounts_book() -> pd.DataFrame:
    """The reviewer's history (trial 42 review, acct2): rep r1's A orders 2 × ¥50,000 every
    month of 2021–2024, flat; 60 small accounts (r1, r2 by turns) 2 × ¥3,000 a month, and
    from July 2023 40 more like them. No noise: every number is exact."""
    months = pd.period_range("2021-01", "2024-12", freq="M")
    rows = []
    for m in months:
        t0 = m.start_time
        rows += [(t0 + pd.Timedelta(days=d), "A", "r1", 50_000.0) for d in (2, 16)]
        for i in range(60 + (40 if m >= pd.Period("2023-07", freq="M") else 0)):
            rep = "r1" if i % 2 == 0 else "r2"
            rows += [(t0 + pd.Timedelta(days=d), f"S{i}", rep, 3_000.0) for d in (4, 19)]
    return pd.DataFrame(rows, columns=["date", "account", "rep", "amount"])


def test_a_flat_account_beside_a_growing_team_is_no_step() -> None:
    """The rest of the team grows by two thirds in July 2023 (60 → 100 small accounts): A,
    flat, is ¥100,000 against the rest's ¥360,000 a month before and ¥600,000 after, log
    (100/600) − log(100/360) = log 0.6 = −0.51 against the rest, past ``ACCOUNT_STEP``; but
    its own revenue over the months after against the same months a year before is log 1 = 0:
    the step is the rest's, not A's. Nothing found (before, A was named 「約1割減(+0%)」 and
    −6.2% a year of the team's unit-price trend was taken out as its)."""
    orders = _new_accounts_book()
    months = list(pd.period_range("2021-01", "2024-12", freq="M"))
    against_rest = math.log(100 / 600) - math.log(100 / 360)
    assert against_rest == pytest.approx(math.log(0.6)) and abs(against_rest) > ACCOUNT_STEP
    assert find_account_steps(orders, {"A": "ホテルA"}, months, months[-12:]) is None


def test_a_one_account_book_or_a_rest_without_revenue_warns_nothing() -> None:
    """No division by zero (a RuntimeWarning, an error under warnings-as-errors): a book of
    one account has no rest to read against (nothing found); where the rest has no revenue
    in a window (B only from 2022-01: the windows before it), that window is skipped, and
    the rest's start is no step of A's (A against B's first months is a fall that A's own
    revenue does not show: nothing found). With B from the first month, A's −40% from
    2024-01 is found: log 0.6 against B's flat orders, rep r1."""
    import warnings

    months = list(pd.period_range("2021-01", "2024-12", freq="M"))

    def book(start_b: str | None) -> pd.DataFrame:
        rows = []
        for m in months:
            t0 = m.start_time
            a = 1_000.0 * (0.6 if m >= pd.Period("2024-01", freq="M") else 1.0)
            rows += [(t0 + pd.Timedelta(days=d), "A", "r1", a) for d in (2, 16)]
            if start_b is not None and m >= pd.Period(start_b, freq="M"):
                rows += [(t0 + pd.Timedelta(days=d), "B", "r2", 500.0) for d in (4, 19)]
        return pd.DataFrame(rows, columns=["date", "account", "rep", "amount"])

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert find_account_steps(book(None), {}, months, months[-12:]) is None
        assert find_account_steps(book("2022-01"), {}, months, months[-12:]) is None
        found = find_account_steps(book("2021-01"), {}, months, months[-12:])
    assert found is not None and len(found.steps) == 1
    step = found.steps[0]
    assert (step.account, step.rep, step.month) == ("A", "r1", pd.Period("2024-01", freq="M"))
    assert step.size == pytest.approx(math.log(0.6), rel=1e-9)


def test_an_account_up_to_two_and_a_half_times_is_said_as_a_multiple() -> None:
    """A0 from ¥16,000 to ¥40,000 an order in July 2025: +150%, 「約2.5倍」 (not 「約15割増」),
    "up to about 2.5 times its level" in English; its own change and the words agree."""

    def up(rep: str, i: int, month: pd.Period) -> float:
        if (rep, i) == ("A", 0):
            return 40_000.0 if month >= STEP else 16_000.0
        return 10_000.0

    ev = _evidence(_history(up))
    notes = [n for n in ev.notes if n.code.startswith("account_step")]
    assert [n.code for n in notes] == ["account_step_up_times"]
    params = notes[0].params
    assert (params["times"], params["change"], params["amount"]) == ("2.5", "+150%", "150%")
    assert text("account_step_up_times", "ja", **params).startswith(
        "A0 グランドホテル港町 が 2025-07 から約2.5倍(+150%、Aさんの顧客、増える前は売上の"
    )
    assert "is up to about 2.5 times its level from 2025-07" in text(
        "account_step_up_times", "en", **params
    )


def _window_part(revenue: Callable[[pd.Period], float], months: list[pd.Period]) -> float:
    """The mean over the window ends April 2025 … March 2026 of log(the 12 months' revenue
    ÷ the 12 months' a year before) (30 orders every month: the unit price's change)."""

    def window(end: int) -> float:
        return sum(revenue(m) for m in months[end - 11 : end + 1])

    ends = range(len(months) - 12, len(months))
    return sum(math.log(window(e) / window(e - 12)) for e in ends) / 12


def test_two_stepped_accounts_each_line_says_its_own_part_and_carry() -> None:
    """B0 (a second hotel, ¥40,000 an order) steps to ¥24,000 in April 2024, A0 in July
    2025. The team books ¥420,000 a month before both, ¥388,000 between, ¥356,000 after,
    30 orders a month. Each step's part of the trend: booked less with only its months before
    it at ¥24,000 (``_window_part``); its carry: B0's step is before the whole baseline FY2025
    (0), A0's brings April – June 2025 to the new level, log(12 × 356 ÷ (3 × 388 + 9 × 356)).
    Each Plan line says its own, not both the totals."""

    def two(rep: str, i: int, month: pd.Period) -> float:
        if (rep, i) == ("A", 0):
            return 24_000.0 if month >= STEP else 40_000.0
        if (rep, i) == ("B", 0):
            return 24_000.0 if month >= pd.Period("2024-04", freq="M") else 40_000.0
        return 10_000.0

    months = list(pd.period_range(FIRST, "2026-03", freq="M"))
    baseline = months[-12:]
    h = _history(two)
    found = find_account_steps(h.orders, {}, months, baseline)
    assert found is not None
    assert [(s.account, s.month) for s in found.steps] == [
        ("A0", STEP),
        ("B0", pd.Period("2024-04", freq="M")),
    ] or [(s.account, s.month) for s in found.steps] == [
        ("B0", pd.Period("2024-04", freq="M")),
        ("A0", STEP),
    ]

    def booked(m: pd.Period) -> float:
        return 2 * two("A", 0, m) + 2 * two("B", 0, m) + 13 * 20_000.0

    part = {
        "A0": _window_part(booked, months)
        - _window_part(lambda m: booked(m) - 2 * two("A", 0, m) + 48_000.0, months),
        "B0": _window_part(booked, months)
        - _window_part(lambda m: booked(m) - 2 * two("B", 0, m) + 48_000.0, months),
    }
    carry = {"A0": math.log(12 * 356 / (3 * 388 + 9 * 356)), "B0": 0.0}
    assert part["A0"] < 0 and part["B0"] < 0 and part["A0"] != pytest.approx(part["B0"])
    for s, (p, _, c) in zip(found.steps, found.each, strict=True):
        assert p == pytest.approx(part[s.account], rel=1e-9)
        assert c == pytest.approx(carry[s.account], abs=1e-12)
    both = _window_part(booked, months) - _window_part(lambda m: 96_000.0 + 260_000.0, months)
    assert found.part == pytest.approx(both, rel=1e-9)
    assert found.carry[TEAM] == pytest.approx(carry["A0"], rel=1e-9)

    ev = _evidence(h)
    notes = {n.params["account"]: n for n in ev.notes if n.code.startswith("account_step")}
    assert set(notes) == {"A0", "B0"}
    assert notes["B0"].code == "account_step_down_after"
    assert notes["B0"].params["carry"] == "+0.0%"
    assert notes["A0"].params["carry"] == f"{round(math.expm1(carry['A0']), 4) + 0.0:+.1%}"
    assert notes["A0"].params["part"] != notes["B0"].params["part"]
