"""A one-off unit-price step is a new level, not a yearly trend (levers.price_step).

Every history here: three reps with five accounts each, every account ordering once a month
on the 10th, from April 2022 to March 2026 (48 months); no visits, so the tree is active
accounts × orders per account × unit price. The plan year is FY2026 (April 2026 – March
2027), its baseline FY2025 (April 2025 – March 2026). Only the price changes, by month.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from routekpi.core.baselines import Evidence, build_evidence
from routekpi.core.engine import plan_for
from routekpi.core.history import History, PlanSettings
from routekpi.core.measure import TEAM
from routekpi.messages import text
from routekpi.recalc import recalculate
from routekpi.schema import CHECKS, PLAN
from tests.history_helpers import OrderLine, rep_accounts
from tests.workbook_files import fold_checks, history_book, sheet_text

FIRST = pd.Period("2022-04", freq="M")
MONTHS = 48
REPS = ("A", "B", "C")
AS_OF = date(2026, 3, 31)


def _history(
    price: Callable[[pd.Period], float], rep_price: Callable[[str, pd.Period], float] | None = None
) -> History:
    """Five accounts a rep, one order a month on the 10th. ``price``: the yen of every order
    placed in a month (``rep_price``: by rep instead)."""

    def line(rep: str, _i: int, month: pd.Period) -> list[OrderLine]:
        yen = rep_price(rep, month) if rep_price is not None else price(month)
        return [(month.start_time + pd.Timedelta(days=9), yen, 1)]

    return rep_accounts(REPS, FIRST, MONTHS, line)


def _evidence(price: Callable[[pd.Period], float]) -> Evidence:
    return build_evidence(_history(price), PlanSettings(kgi=1.0, plan_year=2026, as_of=AS_OF))


def _step(at: str, before: float, after: float) -> Callable[[pd.Period], float]:
    start = pd.Period(at, freq="M")
    return lambda month: after if month >= start else before


def _window_trend(price: Callable[[pd.Period], float]) -> float:
    """The mean year-on-year log change of the 12-month average price over the window ends
    April 2025 … March 2026 (every month has the same orders, so a window's unit price is
    its months' plain average): the trend as read before a step was looked for."""
    end = pd.Period("2026-03", freq="M")

    def window(last: pd.Period) -> float:
        return sum(price(last - i) for i in range(12)) / 12

    return sum(math.log(window(end - j) / window(end - j - 12)) for j in range(12)) / 12


def _note(ev: Evidence) -> dict[str, object] | None:
    found = [n.params for n in ev.notes if n.code == "price_step"]
    return found[0] if found else None


def test_a_step_fourteen_months_before_the_plan_is_not_asked_again() -> None:
    """¥1,000 until January 2025, ¥1,050 from February 2025 (14 months before FY2026).

    Two flat levels: the step is +5% (log 1.05), the price has not moved otherwise. The
    baseline FY2025 is wholly at ¥1,050, so the step adds nothing more: every rep's unit
    price trend is 0 and, with last year's revenue as the KGI, the target is ¥1,050. Read as
    a trend, the same history asked for another +3.3% a year: the mean of the window ends'
    changes (April 2025 … March 2026), wholly carried (carry-over 1: a year earlier the
    team's changes were 0, nothing to learn less from)."""
    price = _step("2025-02", 1000.0, 1050.0)
    ev = _evidence(price)
    step = ev.lever_evidence.price_step
    assert step is not None
    assert step.month == pd.Period("2025-02", freq="M")
    assert step.size == pytest.approx(math.log(1.05), rel=1e-9)
    assert (step.old_months, step.baseline_months) == (0, 12)
    assert step.carry == pytest.approx(0.0, abs=1e-12)
    for row in (*REPS, TEAM):
        assert ev.trend.at[row, "unit_price"] == pytest.approx(0.0, abs=1e-12)
    assert float(ev.lever_evidence.team_carry["unit_price"]) == 1.0
    assert step.replaced == pytest.approx(_window_trend(price), rel=1e-9)
    assert f"{math.expm1(step.replaced):+.1%}" == "+3.3%"
    assert _note(ev) == {
        "kpi_key": "unit_price",
        "month": "2025-02",
        "size": "+5.0%",
        "old": 0,
        "months": 12,
        "carry": "+0.0%",
        "trend": "+0.0%",
        "replaced": "+3.3%",
    }
    kgi = float(ev.base.at[TEAM, "revenue"])
    assert kgi == pytest.approx(15 * 12 * 1050.0)
    plan, _ = plan_for(ev, kgi)
    for row in (*REPS, TEAM):
        assert plan.fy.at[row, "unit_price"] == pytest.approx(1050.0, rel=1e-9)
        assert plan.fy.at[row, "active_accounts"] == pytest.approx(5.0 * (3 if row == TEAM else 1))


def test_a_step_eight_months_before_carries_only_the_old_months_of_the_baseline() -> None:
    """¥1,000 until July 2025, ¥1,050 from August 2025 (8 months before FY2026).

    FY2025 has 4 months at ¥1,000 and 8 at ¥1,050 (equal orders): its unit price is
    (4 × 1,000 + 8 × 1,050) ÷ 12 = ¥1,033.33. FY2026 is wholly at ¥1,050, so the step still
    adds 1,050 ÷ 1,033.33 = +1.6% (= −log(⅓ × e^−log1.05 + ⅔)), not another +5%: with that as
    the KGI's growth the unit-price target is ¥1,050 and nothing else moves."""
    ev = _evidence(_step("2025-08", 1000.0, 1050.0))
    step = ev.lever_evidence.price_step
    assert step is not None and step.month == pd.Period("2025-08", freq="M")
    assert (step.old_months, step.baseline_months) == (4, 12)
    carry = math.log(1050.0 / ((4 * 1000.0 + 8 * 1050.0) / 12))
    assert step.carry == pytest.approx(carry, rel=1e-9)
    assert carry == pytest.approx(-math.log(1 / 3 / 1.05 + 2 / 3), rel=1e-12)
    for row in (*REPS, TEAM):
        assert ev.trend.at[row, "unit_price"] == pytest.approx(carry, rel=1e-9)
    assert _note(ev)["carry"] == "+1.6%" and _note(ev)["old"] == 4
    base = float(ev.base.at[TEAM, "revenue"])
    assert base == pytest.approx(15 * (4 * 1000.0 + 8 * 1050.0))
    plan, _ = plan_for(ev, base * 1050.0 / (1_033 + 1 / 3))
    for row in (*REPS, TEAM):
        assert plan.fy.at[row, "unit_price"] == pytest.approx(1050.0, rel=1e-9)


def test_planned_in_november_the_step_is_carried_once_not_over_the_gap() -> None:
    """The February 2025 step, planned on 2025-10-31: the baseline is November 2024 –
    October 2025 (3 months at ¥1,000, 9 at ¥1,050), carried over the 5 months to April 2026.
    The step adds 1,050 ÷ ((3 × 1,000 + 9 × 1,050) ÷ 12) = +1.2% once, whatever the gap: the
    evidence's unit-price trend (already over the 17 months) is exactly that."""
    settings = PlanSettings(kgi=1.0, plan_year=2026, as_of=date(2025, 10, 31))
    ev = build_evidence(_history(_step("2025-02", 1000.0, 1050.0)), settings)
    assert ev.gap_months == 5
    step = ev.lever_evidence.price_step
    assert step is not None and (step.old_months, step.baseline_months) == (3, 12)
    carry = math.log(1050.0 / ((3 * 1000.0 + 9 * 1050.0) / 12))
    for row in (*REPS, TEAM):
        assert ev.trend.at[row, "unit_price"] == pytest.approx(carry, rel=1e-9)
    assert _note(ev)["carry"] == _note(ev)["trend"] == "+1.2%"


def test_a_price_cut_is_a_step_down() -> None:
    """¥1,000 until July 2025, ¥950 from August 2025: the baseline (4 × 1,000 + 8 × 950) ÷
    12 = ¥966.67 goes to ¥950 (−1.7%), not a yearly −5%."""
    ev = _evidence(_step("2025-08", 1000.0, 950.0))
    step = ev.lever_evidence.price_step
    assert step is not None and step.size == pytest.approx(math.log(0.95), rel=1e-9)
    carry = math.log(950.0 / ((4 * 1000.0 + 8 * 950.0) / 12))
    assert ev.trend.at[TEAM, "unit_price"] == pytest.approx(carry, rel=1e-9)
    assert _note(ev)["carry"] == "-1.7%" and _note(ev)["size"] == "-5.0%"


def test_one_reps_step_is_that_reps_not_a_revision() -> None:
    """Only rep A's price steps, ¥1,000 → ¥1,150 from February 2025; B and C stay at ¥1,000.
    The team's price (equal orders) steps from ¥1,000 to ¥1,050, +5%, but the reps who
    stepped hold a third of the orders, under the two thirds a revision moves: no step, and
    the team's trend is its window changes carried as before (+3.3%, the same windows as the
    team-wide step above)."""
    step = pd.Period("2025-02", freq="M")
    history = _history(
        lambda month: 0.0,
        lambda rep, month: 1150.0 if rep == "A" and month >= step else 1000.0,
    )
    ev = build_evidence(history, PlanSettings(kgi=1.0, plan_year=2026, as_of=AS_OF))
    assert ev.lever_evidence.price_step is None and _note(ev) is None
    team = _window_trend(_step("2025-02", 1000.0, 1050.0))
    assert float(ev.lever_evidence.team_carry["unit_price"]) == 1.0
    assert ev.trend.at[TEAM, "unit_price"] == pytest.approx(team, rel=1e-9)


def test_a_steady_drift_stays_a_trend() -> None:
    """+3% a year, month by month (¥1,000 × 1.03^(m ÷ 12)): a straight line in log price, no
    step. Every window's year-on-year change is exactly log 1.03, every year repeats the
    one before (carry-over 1): the trend is log 1.03, as before."""
    ev = _evidence(lambda month: 1000.0 * 1.03 ** ((month - FIRST).n / 12))
    assert ev.lever_evidence.price_step is None and _note(ev) is None
    assert float(ev.lever_evidence.team_carry["unit_price"]) == pytest.approx(1.0)
    for row in (*REPS, TEAM):
        assert ev.trend.at[row, "unit_price"] == pytest.approx(math.log(1.03), rel=1e-6)


def test_noise_without_a_step_is_left_as_it_was() -> None:
    """The price wobbles ±1% around ¥1,000 month by month (a fixed draw), with no level
    shift: no step, and the trend is the team's mean window change carried as before."""
    wobble = np.random.default_rng(3).normal(0.0, 0.01, MONTHS)
    price = lambda month: 1000.0 * math.exp(wobble[(month - FIRST).n])  # noqa: E731
    ev = _evidence(price)
    assert ev.lever_evidence.price_step is None and _note(ev) is None
    carry = float(ev.lever_evidence.team_carry["unit_price"])
    assert ev.trend.at[TEAM, "unit_price"] == pytest.approx(carry * _window_trend(price))


def test_a_yearly_revision_is_a_staircase_and_stays_a_trend() -> None:
    """+5% every April (¥1,000 × 1.05^(fiscal year − 2022)): three stairs in the last 36
    months. One step on a line fits them no better than the line does; every month is 5%
    above the same month a year before, so the trend is log 1.05."""
    ev = _evidence(lambda month: 1000.0 * 1.05 ** (month.year - (month.month < 4) - 2022))
    assert ev.lever_evidence.price_step is None
    assert ev.trend.at[TEAM, "unit_price"] == pytest.approx(math.log(1.05), rel=1e-9)


# A seasonal price (trial 19: school orders every March, building sites stopped in the snow):
# January and February at 0.85 of the usual price, March at 1.3.
SEASON = {1: 0.85, 2: 0.85, 3: 1.3}


def _seasonal(month: pd.Period) -> float:
    return SEASON.get(month.month, 1.0)


def test_a_step_under_a_seasonal_price_is_found_against_the_same_months() -> None:
    """¥1,000 × the season, +5% from October 2024 (18 months before FY2026; trial 19's
    revision). Each month against the months of its kind in other years the price is two
    flat levels: a +5% step, the baseline FY2025 wholly after it, so the trend is 0. Read as
    a trend (and by a straight line on the raw months, where March's ×1.3 hides a 5% step)
    the same history asked for another +3.7% a year: the window ends' mean change. With the
    step taken out the team's yearly changes are all 0, so unit price's spread is 0 and it
    gets none of the KGI's push (it was the variance of those window changes)."""
    start = pd.Period("2024-10", freq="M")

    def price(month: pd.Period) -> float:
        return 1000.0 * _seasonal(month) * (1.05 if month >= start else 1.0)

    ev = _evidence(price)
    step = ev.lever_evidence.price_step
    assert step is not None and step.month == start
    assert step.size == pytest.approx(math.log(1.05), rel=1e-9)
    assert (step.old_months, step.carry) == (0, pytest.approx(0.0, abs=1e-12))
    for row in (*REPS, TEAM):
        assert ev.trend.at[row, "unit_price"] == pytest.approx(0.0, abs=1e-12)
    assert step.replaced == pytest.approx(_window_trend(price), rel=1e-9)
    assert _note(ev)["replaced"] == "+3.7%" and _note(ev)["trend"] == "+0.0%"
    assert float(ev.lever_evidence.team_spread["unit_price"]) == pytest.approx(0.0, abs=1e-12)


def test_a_seasonal_steady_rise_stays_a_trend() -> None:
    """+3% a year month by month on the same season: the line and the season fit every month,
    no step; every window's change is log 1.03, and so is the trend."""
    ev = _evidence(lambda month: 1000.0 * _seasonal(month) * 1.03 ** ((month - FIRST).n / 12))
    assert ev.lever_evidence.price_step is None and _note(ev) is None
    for row in (*REPS, TEAM):
        assert ev.trend.at[row, "unit_price"] == pytest.approx(math.log(1.03), rel=1e-6)


def test_a_step_then_a_steady_rise_carries_the_rise_only() -> None:
    """+2% a year month by month, and +5% once from October 2024 (trial 19's shape): the plan
    carries the +2% a year, not the revision. The price's movement apart from the step is the
    same +2% line in every window (log 1.02 each)."""
    start = pd.Period("2024-10", freq="M")

    def price(month: pd.Period) -> float:
        rise = 1.02 ** ((month - FIRST).n / 12)
        return 1000.0 * _seasonal(month) * rise * (1.05 if month >= start else 1.0)

    ev = _evidence(price)
    step = ev.lever_evidence.price_step
    assert step is not None and step.month == start
    assert step.size == pytest.approx(math.log(1.05), rel=1e-9)
    assert step.drift == pytest.approx(math.log(1.02), rel=1e-9)
    assert ev.trend.at[TEAM, "unit_price"] == pytest.approx(math.log(1.02), rel=1e-9)
    assert math.expm1(step.replaced) > 0.055  # the +2% and the revision read as a yearly rise


def _book(path: Path) -> Path:
    """The 14-months-before step as a workbook (language ja); KGI = FY2025's revenue."""
    return history_book(
        path,
        _history(_step("2025-02", 1000.0, 1050.0)),
        accounts=[f"{r}{i}" for r in REPS for i in range(5)],
        account_start=date(2022, 4, 1),
        kgi=15 * 12 * 1050,
        plan_year=2026,
        as_of=AS_OF,
    )


def test_the_plan_and_checks_say_the_price_step_in_plain_words(tmp_path: Path) -> None:
    path = _book(tmp_path / "step.xlsm")
    recalculate(path)
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    ev = _evidence(_step("2025-02", 1000.0, 1050.0))
    said = text("price_step", "ja", **_note(ev))
    assert said.startswith(
        "取引単価は2025-02に一度+5.0%変わりました。"
        "一度きりの単価の段差(価格改定・補助金や保険の変更など)とみなし"
    )
    plan_text = sheet_text(wb, PLAN)
    assert said in plan_text
    checks_sheet = CHECKS.ja if CHECKS.ja in wb.sheetnames else CHECKS.name
    rows = fold_checks([list(r) for r in wb[checks_sheet].iter_rows(values_only=True)][1:])
    assert any(said in str(r[4]) or said in str(r[3]) for r in rows)
    # The English text names the same month, size and what was done.
    english = text("price_step", "en", **_note(ev))
    assert english.startswith("Unit price changed once, by +5.0% in 2025-02: it is taken as")
