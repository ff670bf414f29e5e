"""A lumpy account between its large orders is no step down (trial 52 H1): core.account_step
``find_step_downs`` with ``_between_lumps``.

A housing-equipment wholesaler's builder buys fittings several times a month and a whole
project (¥2M in one order) a few times a year. Six months without a project after a year
that held two read as revenue down to 11% of the same months a year before, and the flag
「受注が減ったままの顧客」 told the manager to cut its rep's target (13 of 13 such flags on the
trial's book were project accounts between projects). Such an account steps down only when
its ordinary orders fell, or its projects stopped for longer than chance explains."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from routekpi.core.account_step import (
    STEP_CHANCE,
    _fewer_chance,
    _poisson_at_most,
    find_step_downs,
    step_table,
)
from routekpi.core.engine import run
from routekpi.core.history import History, PlanSettings

MONTHS = list(pd.period_range("2024-01", periods=24, freq="M"))
PROJECT = 2_000_000.0  # one project order
FITTING = 10_000.0  # one ordinary order
# A project in 2024-03, 2024-09, 2024-12, 2025-01 and 2025-04 (positions 2, 8, 11, 12, 15),
# none from 2025-05: the six months from 2025-07 (position 18) hold none, the same months a
# year before two (2024-09, 2024-12).
PROJECTS = (2, 8, 11, 12, 15)


def _table(ordinary: list[int], projects: tuple[int, ...] = PROJECTS) -> pd.DataFrame:
    """Account A (rep R): ``ordinary[i]`` fittings orders of ¥10,000 in month i, and a
    project order of ¥2,000,000 in each month of ``projects``."""
    revenue = [n * FITTING + (PROJECT if i in projects else 0.0) for i, n in enumerate(ordinary)]
    orders = [float(n + (i in projects)) for i, n in enumerate(ordinary)]
    return pd.DataFrame(
        {
            "account": "A",
            "rep": "R",
            "month": pd.PeriodIndex(MONTHS),
            "revenue": revenue,
            "orders": orders,
        }
    )


def _reps() -> pd.Series:
    """Revenue by (rep, month): R ¥1,000,000 of other accounts a month besides A's (a
    month's A at its ordinary ¥80,000 + the projects' average: ¥1.5M), S ¥2,500,000."""
    idx = pd.MultiIndex.from_product([["R", "S"], MONTHS], names=["rep", "month"])
    return pd.Series([1_500_000.0] * 24 + [2_500_000.0] * 24, index=idx)


EIGHT = [8] * 24  # eight fittings orders every month
HALVED = [8] * 18 + [4] * 6  # four a month from 2025-07


def test_between_projects_no_step_down() -> None:
    """The old rule's step down: from 2025-05 (the largest fall against the 12 months
    before), 8 × ¥80,000 = ¥640,000 against ¥4,640,000 the same months a year before (14%).
    Its typical order ¥10,000 (the median month's revenue per order), a project month's large
    order ¥2,000,000 (the month's ¥2,080,000 less its 8 others at ¥10,000: 200 typical
    orders); the 12 months before the step hold 4 projects (¥8M of ¥8.96M: lumpy). Its
    ordinary orders did not fall (64 then 64); its projects, 5 in the 16 months before, give
    8 × 5/16 = 2.5 expected since: none is e^−2.5 = 8.2%, chance."""
    assert find_step_downs(_table(EIGHT), _reps(), {}, MONTHS) == []
    # Without the orders (a table that counts none) it reads as before: the step down.
    (old,) = find_step_downs(_table(EIGHT).drop(columns="orders"), _reps(), {}, MONTHS)
    assert old.month == MONTHS[16] and old.ratio == pytest.approx(640_000 / 4_640_000)
    assert _poisson_at_most(2.5, 0) == pytest.approx(0.0821, abs=1e-4)
    assert _poisson_at_most(2.5, 0) > STEP_CHANCE


def test_ordinary_orders_halved_is_a_step_down() -> None:
    """The same account whose fittings orders halved from 2025-07 (4 a month): ordinary
    ¥240,000 since against ¥480,000 (50%, at most 60%), 24 orders after 48: P(Bin(72, ½) ≤
    24) = 0.32%, under the 1% chance allows: a step, read on its whole revenue as before
    (¥480,000 + two projects the same months a year before, ¥40,000 a month since)."""
    (s,) = find_step_downs(_table(HALVED), _reps(), {"A": "大和住建"}, MONTHS)
    assert (s.account, s.name, s.rep, s.month, s.months) == ("A", "大和住建", "R", MONTHS[18], 6)
    assert s.before == pytest.approx(4_480_000 / 6) and s.after == pytest.approx(40_000)
    assert _fewer_chance(48, 24) == pytest.approx(0.003155, abs=1e-6)
    assert _fewer_chance(48, 24) < STEP_CHANCE
    # Halved on a few orders is chance: 2 a month to 1 (12 then 6, P = 12%) — no step.
    few = [2] * 18 + [1] * 6
    assert find_step_downs(_table(few), _reps(), {}, MONTHS) == []
    assert _fewer_chance(12, 6) == pytest.approx(0.1189, abs=1e-4)


def test_projects_stopped_beyond_chance_is_a_step_down() -> None:
    """A project in 10 of the 12 months of 2024 and none in 2025: 10 expected over the 12
    months since, none is e^−10 (0.005%): the projects stopped, a step down though its
    fittings orders go on."""
    projects = tuple(i for i in range(12) if i not in (4, 9))
    (s,) = find_step_downs(_table(EIGHT, projects), _reps(), {}, MONTHS)
    assert s.month == MONTHS[12] and s.months == 12
    assert s.after == pytest.approx(80_000)
    assert s.before == pytest.approx(80_000 + PROJECT * 10 / 12)


def test_an_account_of_even_orders_steps_down_on_its_revenue() -> None:
    """Not lumpy (no order ten times its typical one): its orders' size fell by half at the
    same count (8 a month at ¥10,000, then at ¥5,000): a step down as before."""
    table = _table(EIGHT, ()).assign(revenue=[80_000.0] * 18 + [40_000.0] * 6)
    reps = _reps() * 0 + 1_000_000.0
    (s,) = find_step_downs(table, reps, {}, MONTHS)
    assert s.month == MONTHS[18] and s.ratio == pytest.approx(0.5)


def _history(ordinary: list[int]) -> History:
    """Order lines (one per order) of ``_table``'s account A (fittings on the 1st … 8th,
    a project on the 20th) beside R's account B and S's account C (¥1,000,000 and
    ¥2,500,000 on each month's 10th)."""
    rows = []
    for i, m in enumerate(MONTHS):
        start = m.start_time
        rows += [(start + pd.Timedelta(days=d), "A", "R", FITTING) for d in range(ordinary[i])]
        if i in PROJECTS:
            rows.append((start + pd.Timedelta(days=19), "A", "R", PROJECT))
        rows.append((start + pd.Timedelta(days=9), "B", "R", 1_000_000.0))
        rows.append((start + pd.Timedelta(days=9), "C", "S", 2_500_000.0))
    orders = pd.DataFrame(rows, columns=["date", "account", "rep", "amount"]).assign(quantity=1.0)
    accounts = pd.DataFrame(
        {
            "account": ["A", "B", "C"],
            "name": ["大和住建", "B商事", "C商事"],
            "rep": ["R", "R", "S"],
            "start": pd.Timestamp("2020-01-01"),
            "end": pd.NaT,
        }
    )
    return History(orders=orders, accounts=accounts)


@pytest.mark.parametrize(("ordinary", "flagged"), [(EIGHT, False), (HALVED, True)])
def test_the_flag_on_the_engine_run(ordinary: list[int], flagged: bool) -> None:
    """Through the engine from order lines (the step table read off them, as a book's):
    between projects no 「受注が減ったままの顧客」 flag; its fittings orders halved, the flag."""
    history = _history(ordinary)
    table = step_table(history.orders, MONTHS)
    a = table[table["account"] == "A"].sort_values("month")
    assert a["orders"].tolist() == [float(n + (i in PROJECTS)) for i, n in enumerate(ordinary)]
    settings = PlanSettings(
        kgi=50_000_000.0, plan_year=2026, fiscal_start_month=1, as_of=date(2025, 12, 31)
    )
    flags = run(history, settings).flags
    stepped = flags[flags["code"] == "account_stepped_down"]
    assert stepped["account"].tolist() == (["A"] if flagged else [])
