"""A price revision read in the price per unit (amount ÷ quantity, levers.unit_step), and a
price step's months read at the new prices in the month patterns (price_revision.at_new_prices).

Trial 26 (a beverage wholesaler): beer +4% from 2025-10, the price per unit ¥4,200 → ¥4,288
(+2.1%), beside orders growing by about 1% a year and varying by ±5% from month to month.
Revenue per order showed no step against that noise, so the rise was carried as a yearly
trend. Read per unit, the step is exact, and the rest of revenue per order's movement is
the size of the orders.

Every history here: three reps with five accounts each, every account ordering once a month
(on its last day), April 2022 to March 2026 (48 months); no visits, so the tree is active accounts
× orders per account × unit price. The plan year is FY2026, its baseline FY2025.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from datetime import date
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from routekpi.core.baselines import Evidence, build_evidence
from routekpi.core.history import History, PlanSettings
from routekpi.core.levers import quantity_covers
from routekpi.core.measure import TEAM
from routekpi.messages import text
from routekpi.recalc import recalculate
from routekpi.schema import CHECKS, PLAN
from tests.history_helpers import OrderLine, rep_accounts
from tests.workbook_files import fold_checks, paste, template_book

FIRST = pd.Period("2022-04", freq="M")
MONTHS = 48
REPS = ("A", "B", "C")
AS_OF = date(2026, 3, 31)
STEP = pd.Period("2025-02", freq="M")
# The orders' size: 100 units growing 1% a year, times a swing that repeats every five
# months (no calendar month's own: the month pattern does not take it up).
SWING = (1.00, 1.05, 0.96, 1.03, 0.97)


def _units(t: int) -> int:
    """Units per order in month ``t`` (0 = April 2022)."""
    return round(100 * 1.01 ** (t / 12) * SWING[t % 5])


def _yen(month: pd.Period) -> int:
    """The price per unit: ¥1,000, ¥1,030 from February 2025 (+3%, 14 months before FY2026)."""
    return 1030 if month >= STEP else 1000


def _history(units: Callable[[int], float | None] = _units) -> History:
    """Five accounts a rep, one order a month. Every order: ``units(t)`` units at ``_yen``
    (None: the quantity left blank)."""

    def line(_rep: str, _i: int, month: pd.Period) -> list[OrderLine]:
        t = (month - FIRST).n
        amount = float(_yen(month) * _units(t))
        q = units(t)
        day = month.end_time.normalize()  # the last day: March 2026 is complete
        return [(day, amount, np.nan if q is None else float(q))]

    return rep_accounts(REPS, FIRST, MONTHS, line)


def _evidence(h: History, revision: tuple[str, float] | None = None) -> Evidence:
    settings = PlanSettings(kgi=1.0, plan_year=2026, as_of=AS_OF)
    if revision is not None:
        settings = dataclasses.replace(settings, price_revision=revision)
    return build_evidence(h, settings)


def _trend(value: Callable[[int], float]) -> float:
    """The mean year-on-year log change of a 12-month window's mean of ``value`` over the
    window ends April 2025 … March 2026 (every month has the same 15 orders, so a window's
    revenue per order is its months' plain mean)."""
    end = MONTHS - 1

    def window(last: int) -> float:
        return sum(value(last - i) for i in range(12))

    return sum(math.log(window(end - j) / window(end - j - 12)) for j in range(12)) / 12


def test_a_step_in_the_price_per_unit_is_found_beside_the_orders_growing() -> None:
    """With the quantity: a +3% step in February 2025, exactly (¥1,000 → ¥1,030 a unit);
    the baseline FY2025 is wholly after it (nothing more to add), and the unit price's
    trend is the orders' size alone: the mean year-on-year change of the units per order,
    +1.05% a year (the 1% growth; the five-month swing does not quite cancel in a year's
    window).
    Without the quantity the same amounts show no step in revenue per order (the swing is
    ±5%) and the whole movement, the revision in it, is a yearly rise: +3.0% a year."""
    ev = _evidence(_history())
    lev = ev.lever_evidence
    step = lev.price_step
    assert step is not None and step.per_unit and not step.declared
    assert step.month == STEP and step.back is None
    assert step.size == pytest.approx(math.log(1.03), abs=1e-12)
    assert (step.old_months, step.baseline_months, step.carry) == (0, 12, pytest.approx(0.0))
    carry = float(lev.team_carry["unit_price"])
    assert carry == 1.0  # the slope of this year's change on last year's clips at 1
    basket = _trend(lambda t: _units(t))
    assert f"{math.expm1(basket):+.2%}" == "+1.05%"
    assert ev.trend.at[TEAM, "unit_price"] == pytest.approx(carry * basket, abs=1e-12)
    for rep in REPS:  # every rep's price moved alike: no difference of his own
        assert ev.trend.at[rep, "unit_price"] == pytest.approx(carry * basket, abs=1e-12)
    said = [n for n in ev.notes if n.code.startswith("price_")]
    assert [n.code for n in said] == ["price_step_units"]
    assert said[0].params == {
        "kpi_key": "unit_price",
        "month": "2025-02",
        "size": "+3.0%",
        "old": 0,
        "months": 12,
        "carry": "+0.0%",
        "trend": "+1.1%",
        "replaced": f"{math.expm1(step.replaced):+.1%}",
        "rest": "+1.1%",
    }

    blank = _evidence(_history(lambda t: None))
    assert blank.lever_evidence.price_step is None
    booked = _trend(lambda t: _yen(FIRST + t) * _units(t))
    assert f"{math.expm1(booked):+.1%}" == "+3.1%"
    assert blank.trend.at[TEAM, "unit_price"] == pytest.approx(carry * booked, abs=1e-12)
    assert step.replaced == pytest.approx(booked, abs=1e-12)  # what the step replaced


def test_a_quantity_missing_or_in_other_units_is_not_read_as_a_price() -> None:
    """The quantity blank before April 2023 (filled from some month on): the price per unit
    cannot be read over the span, and the plan is as without a quantity. Counted in other
    units from February 2025 (cases of 12 before, bottles after: amount ÷ quantity −92%
    at the revision's month): revenue per order does not show it, so no step either; and a
    quantity of one unit every order (the price per unit is revenue per order) is read as
    before (levers.price_step); so is a span under three years."""
    blank = _evidence(_history(lambda t: None))
    late = _history(lambda t: None if t < 12 else _units(t))
    assert not quantity_covers(_evidence(late).facts, list(pd.period_range(FIRST, periods=48)))
    for h in (late, _history(lambda t: _units(t) * (12 if FIRST + t >= STEP else 1))):
        ev = _evidence(h)
        assert ev.lever_evidence.price_step is None
        assert ev.trend.at[TEAM, "unit_price"] == pytest.approx(
            blank.trend.at[TEAM, "unit_price"], abs=1e-12
        )
    ones = _evidence(_history(lambda t: 1))
    assert not quantity_covers(ones.facts, list(pd.period_range(FIRST, periods=48)))
    # Three of each calendar month at least (levers.STEP_UNIT_MONTHS): 35 months are too few.
    whole = _evidence(_history()).facts
    months = list(pd.period_range(FIRST, periods=48))
    assert quantity_covers(whole, months[-36:]) and not quantity_covers(whole, months[-35:])


def test_the_compact_history_and_the_sql_queries_read_the_quantity_alike() -> None:
    """The quantity reaches the step the same way from the order rows, the compact history
    (core.compact) and the shipped SQL (sources/sql/rep_months.sql: Σ quantity, blanks as 0)
    on DuckDB: the same step, the same trend; and blank there as on the rows."""
    pytest.importorskip("duckdb")
    from history_helpers import sql_views

    from routekpi.core.compact import compact_history
    from routekpi.sources.sqltext import facts_from_sql, with_usage

    settings = PlanSettings(kgi=1.0, plan_year=2026, as_of=AS_OF)
    for units in (_units, lambda t: None):
        h = _history(units)
        rows = build_evidence(h, settings)
        con = sql_views(h.orders)

        def sql(text: str, con: object = con) -> pd.DataFrame:
            return con.execute(text).df()  # type: ignore[attr-defined,no-any-return]

        facts = with_usage(facts_from_sql(sql, AS_OF), sql, con.register, h.accounts, 4)
        summed = dataclasses.replace(h, orders=h.orders.iloc[:0], facts=facts)
        for path in (compact_history(h, AS_OF), summed):
            other = build_evidence(path, settings)
            assert other.lever_evidence.price_step == rows.lever_evidence.price_step
            assert other.trend.at[TEAM, "unit_price"] == pytest.approx(
                rows.trend.at[TEAM, "unit_price"], abs=1e-12
            )
        assert (rows.lever_evidence.price_step is not None) == (units is _units)


def _book(
    path: Path,
    units: Callable[[int], float | None],
    kgi: float,
    revision: tuple[str, float] | None = None,
) -> Path:
    """The history as a workbook (language ja), the quantity in the Orders' 数量 column;
    ``revision``: a price revision typed on Settings (month, percent)."""
    h = _history(units)
    orders = [
        [r.date.date(), r.account, r.rep, r.amount, None if np.isnan(r.quantity) else r.quantity]
        for r in h.orders.itertuples()
    ]
    accounts = [[f"{r}{i}", f"{r}{i}", r, date(2022, 4, 1)] for r in REPS for i in range(5)]
    with template_book(path, kgi=kgi, plan_year=2026, start_month=4, as_of=AS_OF) as wb:
        paste(wb, "Orders", orders)
        paste(wb, "Accounts", accounts)
        ws = wb["Settings"]
        if revision is not None:
            assert ws["A25"].value == "価格改定の月(空欄=なし)"  # PriceRevisionMonth, …Pct
            ws["B25"], ws["B26"] = revision
    return path


def _read(path: Path) -> tuple[str, list[list[object]]]:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    plan_tab = PLAN.ja if PLAN.ja in wb.sheetnames else PLAN.name
    checks_tab = CHECKS.ja if CHECKS.ja in wb.sheetnames else CHECKS.name
    plan = "".join(str(v) for row in wb[plan_tab].iter_rows(values_only=True) for v in row if v)
    checks = fold_checks([list(r) for r in wb[checks_tab].iter_rows(values_only=True)][1:])
    return plan, checks


def test_the_workbook_says_prices_rose_once_and_the_rest_is_the_orders_size(
    tmp_path: Path,
) -> None:
    """The history pasted into a workbook with its 数量 column, the KGI FY2025's revenue
    grown by the orders' +1.05%: the Plan and the Checks say the revision in plain words
    (prices +3.0% in 2025-02, once; the rest, +1.1% a year, the size of the orders), and
    where the plan's growth comes from names it the same way: the unit-price target is the
    baseline's price grown by the orders alone. With the 数量 column blank the revision is
    read as a yearly rise (+3.1%) and the KGI takes most of it back."""
    fy2025 = [t for t in range(MONTHS) if FIRST + t >= pd.Period("2025-04", freq="M")]
    revenue = 15 * sum(1030 * _units(t) for t in fy2025)
    basket = _trend(lambda t: _units(t))
    kgi = round(revenue * math.exp(basket))
    path = recalculate_book(_book(tmp_path / "units.xlsm", _units, kgi))
    plan, checks = _read(path)
    ev = _evidence(_history())
    note = next(n for n in ev.notes if n.code == "price_step_units")
    said = text("price_step_units", "ja", **note.params)
    assert said.startswith("価格(金額÷数量)は2025-02に一度+3.0%変わりました。一度きりの価格改定")
    assert (
        "取引単価のそれ以外の動き(年 +1.1%)は、主に注文の大きさ(1受注あたりの数量)の変化です"
        in said
    )
    assert said in plan
    assert any(said in str(r[3]) or said in str(r[4]) for r in checks)
    source = text(
        "plan.lever_source_step_units",
        "ja",
        month="2025-02",
        size="+3.0%",
        replaced=note.params["replaced"],
    )
    assert source.startswith("価格(金額÷数量)は2025-02に+3.0%変わりました。") and source in plan
    assert "とみなし" not in source
    english = text("price_step_units", "en", **note.params)
    assert english.startswith("prices (amount ÷ quantity) changed once, by +3.0% in 2025-02")
    base_price = revenue / (15 * 12)
    assert base_price == pytest.approx(1030 * sum(_units(t) for t in fy2025) / 12)
    assert f"×{math.exp(basket):.3f}" == "×1.010"
    assert f"基準 ¥{base_price:,.0f} → 目標 ¥{base_price * math.exp(basket):,.0f}(×1.010" in plan

    # Where the growth comes from: the orders' +1.0% carried on, nothing pushed for the KGI.
    assert "取引単価の伸び +1.0% が計画の伸び +1.0% の大半です。うち +1.0% は" in plan
    assert "KGIに合わせた上乗せは +0.0% です。" in plan

    # The 数量 column blank: the same KGI and target, but the revision read as a yearly rise
    # (+3.1%) that the KGI then takes back (−2.0%).
    blank = recalculate_book(_book(tmp_path / "blank.xlsm", lambda t: None, kgi))
    plan_blank, _ = _read(blank)
    assert "金額÷数量" not in plan_blank
    assert "うち +3.1% は" in plan_blank and "KGIに合わせた上乗せは -2.0% です。" in plan_blank


def test_a_declared_revision_is_said_as_declared_where_the_growth_comes_from(
    tmp_path: Path,
) -> None:
    """The same history with the revision typed on Settings (2025-02, 3%): the manager's
    own statement, so the Plan's line on where the growth comes from says it was set there,
    not that it was "taken as" one (「とみなし」: the words for a step the history shows).
    Its size is the one typed (+3.0%), carried as a level; the rest of revenue per order's
    movement is the orders' +1.0% again (read per order: the declared month and size)."""
    fy2025 = [t for t in range(MONTHS) if FIRST + t >= pd.Period("2025-04", freq="M")]
    revenue = 15 * sum(1030 * _units(t) for t in fy2025)
    kgi = round(revenue * math.exp(_trend(lambda t: _units(t))))
    path = recalculate_book(_book(tmp_path / "declared.xlsm", _units, kgi, ("2025-02", 3)))
    plan, _ = _read(path)
    ev = _evidence(_history(), ("2025-02", 0.03))
    step = ev.lever_evidence.price_step
    assert step is not None and step.declared and not step.per_unit
    replaced = f"{math.expm1(step.replaced):+.1%}"
    said = text(
        "plan.lever_source_declared", "ja", month="2025-02", size="+3.0%", replaced=replaced
    )
    assert said == (
        "設定シートの価格改定(2025-02 +3.0%)は一度きりの改定として、"
        "毎年の伸びとしては見込んでいません"
        f"(改定を分けずに過去1年ごとの伸びから読めば {replaced})。"
    )
    at = plan.index("伸びの出どころ")
    source = plan[at : plan.index("値上げの予定がなければ", at)]
    assert source.startswith("伸びの出どころ取引単価の伸び +1.0% が計画の伸び +1.0% の大半です。")
    assert source.endswith(said)
    assert "とみなし" not in source
    assert text(
        "plan.lever_source_declared", "en", month="2025-02", size="+3.0%", replaced=replaced
    ) == (
        f" The price revision set on Settings (+3.0% in 2025-02) is a one-off, not repeated as a "
        f"yearly rise ({replaced} read from the past years' changes with it left in)."
    )


def recalculate_book(path: Path) -> Path:
    recalculate(path)
    return path


# --- the month patterns at the new prices ----------------------------------------------------


def _flat(step_at: str) -> History:
    """One unit every order, ¥1,000 until the step, ¥1,050 from it: no season at all."""
    start = pd.Period(step_at, freq="M")

    def line(_rep: str, _i: int, month: pd.Period) -> list[OrderLine]:
        yen = 1050.0 if month >= start else 1000.0
        return [(month.start_time + pd.Timedelta(days=9), yen, 1.0)]

    return rep_accounts(REPS, FIRST, MONTHS, line)


def test_a_found_step_is_no_season_as_a_declared_one_is_not() -> None:
    """+5% from October 2024, every month otherwise alike. Read at the old prices, FY2024's
    October–March held 6 × 1.05 of its 6 + 6 × 1.05 months, and the four years' mean month
    share put April–September at (3 + 12 ÷ 12.3) ÷ 4 = 0.9939 of an even month and
    October–March at 1.0061 (revenue, each rep's own pattern and the unit price's). At the
    new prices every month is even: found or declared alike."""
    old = (3 + 12 / 12.3) / 4
    assert f"{old:.4f}" == "0.9939"
    for revision in (None, ("2024-10", 0.05)):
        ev = _evidence(_flat("2024-10"), revision)
        step = ev.lever_evidence.price_step
        assert step is not None and step.month == pd.Period("2024-10", freq="M")
        assert step.declared == (revision is not None)
        assert ev.seasonality * 12 == pytest.approx(np.ones(12), abs=1e-12)
        assert ev.ratio_seasonality["unit_price"] == pytest.approx(np.ones(12), abs=1e-12)
        shares = ev.rep_seasonality.to_numpy(dtype=float)
        assert shares == pytest.approx(np.full(shares.shape, 1 / 12), abs=1e-12)
