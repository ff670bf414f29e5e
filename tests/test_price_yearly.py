"""A price revision every year in the same month (core.price_index.find_yearly; trial 40).

A drug wholesaler's 薬価改定: every April every product's price falls 5% while the quantity
sold grows 5% a year, so revenue per order is flat (×0.95 × 1.05 = ×0.9975 a year). Hand
cases: three products, three reps of five accounts, one order a month each (one line per
product), 2022-04 … 2026-03, planned for FY2026 (April 2026 – March 2027) as of 2026-03-31.

- H1: the three Aprils (2023, 2024, 2025) are found as one yearly revision of −5.0% (log
  0.95 each, median log 0.95); the unit-price trend is read net of them (log 1.05 a year:
  the volume) and the plan year carries one more April step of log 0.95, so the trend is
  log 1.05 + log 0.95 = log 0.9975. A one-off step and no step are not yearly.
- H2: the same April −5% declared on Settings gives the same trend (before, log 0.9975 +
  log 0.95: the cut counted twice).
- H3: a running year's declared April −5% is read like for like against March: −5.0%,
  no warning (against the same month of other years the yearly step cancels).
- A workbook with 商品コード, recalculated and read back: the Plan says the yearly revision.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from routekpi.core.baselines import build_evidence
from routekpi.core.history import History, PlanSettings
from routekpi.core.measure import TEAM
from routekpi.core.price_index import (
    YEARLY_MIN_YEARS,
    find_step,
    find_yearly,
    month_change,
    product_months,
)
from routekpi.messages import text
from routekpi.recalc import recalculate
from routekpi.schema import ORDERS, PLAN
from tests.history_helpers import rep_accounts
from tests.workbook_files import paste, template_book

FIRST = pd.Period("2022-04", freq="M")
MONTHS = [FIRST + i for i in range(48)]  # 2022-04 … 2026-03
AS_OF = date(2026, 3, 31)
PRICES = {"A": 1600.0, "B": 800.0, "C": 80.0}
QUANTITY = 100.0
DROP, GROW = 0.95, 1.05


def _aprils(month: pd.Period, every: bool = True) -> int:
    """The Aprils from 2023 up to ``month`` (the revisions passed); ``every`` False: only a
    one-off in 2024-04 (then 0 or 1)."""
    passed = sum(1 for y in (2023, 2024, 2025, 2026) if month >= pd.Period(f"{y}-04", freq="M"))
    return passed if every else int(month >= pd.Period("2024-04", freq="M"))


def _lines(month: pd.Period, kind: str) -> list[tuple[str, float, float]]:
    """One order's lines (product, amount, quantity): ``kind`` "yearly" (−5% price, +5%
    quantity every April), "once" (−5% in 2024-04 only, quantity flat) or "flat"."""
    k = _aprils(month, kind != "once") if kind != "flat" else 0
    grow = GROW**k if kind == "yearly" else 1.0
    return [(p, yen * DROP**k * QUANTITY * grow, QUANTITY * grow) for p, yen in PRICES.items()]


def _history(kind: str, months: int = 48) -> History:
    """Three reps of five accounts, one order a month each on the month's last day."""

    def order(rep: str, i: int, month: pd.Period) -> list[tuple[pd.Timestamp, float, float]]:
        lines = _lines(month, kind)
        day = month.end_time.normalize()
        return [(day, sum(a for _, a, _ in lines), sum(q for _, _, q in lines))]

    h = rep_accounts("ABC", FIRST, months, order)
    rows = [
        (FIRST.start_time + pd.Timedelta(days=1) + pd.DateOffset(months=m), p, a, q)
        for m in range(months)
        for p, a, q in _lines(FIRST + m, kind)
    ]
    lines = pd.DataFrame(rows, columns=["date", "product", "amount", "quantity"])
    return replace(h, product_months=product_months(lines))


def test_three_aprils_are_one_yearly_revision_and_a_one_off_is_not() -> None:
    """Yearly: 2023-04, 2024-04, 2025-04, each log 0.95 (every product alike), median log
    0.95, next after 2026-03 is 2026-04; find_step (one-off) refuses it. Once: one April,
    fewer than YEARLY_MIN_YEARS (2): not yearly; find_step finds it. Flat: nothing."""
    yearly = find_yearly(_history("yearly").product_months, MONTHS)
    assert yearly is not None and yearly.month_of_year == 4
    assert [str(m) for m, _ in yearly.steps] == ["2023-04", "2024-04", "2025-04"]
    assert all(s == pytest.approx(math.log(DROP)) for _, s in yearly.steps)
    assert yearly.typical == pytest.approx(math.log(DROP))
    assert yearly.next_after(MONTHS[-1]) == pd.Period("2026-04", freq="M")
    assert yearly.words()["low"] == "-5.0%" and yearly.words()["years"] == 3
    assert find_step(_history("yearly").product_months, MONTHS) is None
    once = _history("once").product_months
    assert YEARLY_MIN_YEARS == 2 and find_yearly(once, MONTHS) is None
    step = find_step(once, MONTHS)
    assert step is not None and str(step.month) == "2024-04"
    assert find_yearly(_history("flat").product_months, MONTHS) is None
    # The month against the month before, like for like: log 0.95 in April, 0 in May.
    table = _history("yearly").product_months
    assert month_change(table, MONTHS, pd.Period("2025-04", freq="M")) == pytest.approx(
        math.log(DROP)
    )
    assert month_change(table, MONTHS, pd.Period("2025-05", freq="M")) == pytest.approx(0.0)


def test_a_rise_every_year_below_two_percent_or_turning_is_not_yearly() -> None:
    """+1.5% every February is below STEP_MIN (2%); −5% in two Aprils and +5% in the third
    is not the same way: neither is a yearly revision."""
    n = len(MONTHS)

    def table(step: list[float]) -> pd.DataFrame:
        level = np.exp(np.cumsum(step))
        rows = [
            (p, MONTHS[i], yen * level[i], 1000.0, 1) for p, yen in PRICES.items() for i in range(n)
        ]
        return pd.DataFrame(rows, columns=["product", "month", "price", "revenue", "lines"])

    small = [math.log(1.015) if m.month == 2 and i else 0.0 for i, m in enumerate(MONTHS)]
    assert find_yearly(table(small), MONTHS) is None
    rise = [math.log(1.03) if m.month == 2 and i else 0.0 for i, m in enumerate(MONTHS)]
    found = find_yearly(table(rise), MONTHS)  # +3% every February: yearly, a rise
    assert (
        found is not None
        and found.month_of_year == 2
        and found.typical == pytest.approx(math.log(1.03))
    )
    turning = [
        (math.log(1.05) if m.year == 2025 else math.log(DROP)) if m.month == 4 and i else 0.0
        for i, m in enumerate(MONTHS)
    ]
    assert find_yearly(table(turning), MONTHS) is None


def _settings(revision: tuple[str, float] | None = None, as_of: date = AS_OF) -> PlanSettings:
    return PlanSettings(kgi=1.0, plan_year=2026, as_of=as_of, price_revision=revision)


def test_the_trend_is_read_net_of_the_yearly_steps_and_the_plan_year_gets_one() -> None:
    """Net of the steps every window's unit price grows log 1.05 (the volume); the plan
    year's April step adds log 0.95 over the whole year (April is its first month): the
    team's unit-price trend is log 1.05 × the team's carry-over + log 0.95, and the Plan's
    line names the yearly revision with its 2026-04 −5.0%. Without the fix the trend was the
    booked log 0.9975 and no line named it."""
    ev = build_evidence(_history("yearly"), _settings())
    step = ev.lever_evidence.price_step  # type: ignore[union-attr]
    assert step is not None and step.code == "price_yearly"
    assert [str(m) for m, _ in step.edges()] == ["2023-04", "2024-04", "2025-04"]
    share = float(ev.lever_evidence.team_carry["unit_price"])  # type: ignore[union-attr]
    assert step.carry == pytest.approx(0.0)  # FY2025 is wholly after 2025-04
    assert step.trend == pytest.approx(share * math.log(GROW), abs=1e-9)
    assert ev.planned_carry == pytest.approx(math.log(DROP))
    want = share * math.log(GROW) + math.log(DROP)
    assert ev.trend.at[TEAM, "unit_price"] == pytest.approx(want, abs=1e-9)
    notes = {n.code: n.params for n in ev.notes}
    said = notes["price_yearly"]
    assert (said["month"], said["size"], said["first"], said["last"]) == (
        "2026-04",
        "-5.0%",
        2023,
        2025,
    )
    assert not any(c.startswith("price_step_products") for c in notes)
    assert "price_revision_planned" not in notes


def test_a_planned_cut_is_said_as_lowering_the_unit_price() -> None:
    """Settings 2026-04 −5% on an even history (no step): the whole plan year is at ×0.95,
    so the year's unit price goes down 5.0% — said 「5.0%下がり」, not 「-5.0%上がり」."""
    ev = build_evidence(_history("flat"), _settings(("2026-04", -0.05)))
    assert ev.planned_carry == pytest.approx(math.log(DROP))
    said = next(n.params for n in ev.notes if n.code == "price_revision_planned_down")
    assert said["carry"] == "5.0%"
    words = text("price_revision_planned_down", "ja", **said)
    assert "年間の取引単価は5.0%下がり" in words and "上がり" not in words


def test_a_declared_april_cut_is_not_taken_off_twice() -> None:
    """Settings 2026-04 −5% on the same history: the trend is the same as found (log 1.05 ×
    carry-over + log 0.95), not the booked log 0.9975 less the cut again."""
    found = build_evidence(_history("yearly"), _settings())
    declared = build_evidence(_history("yearly"), _settings(("2026-04", -0.05)))
    assert declared.trend.at[TEAM, "unit_price"] == pytest.approx(
        found.trend.at[TEAM, "unit_price"], abs=1e-9
    )
    codes = {n.code for n in declared.notes}
    assert {"price_yearly_declared", "price_revision_planned_down"} <= codes
    said = next(n.params for n in declared.notes if n.code == "price_revision_planned_down")
    assert said["carry"] == "5.0%"  # 「5.0%下がり」, not 「-5.0%上がり」 (L1)


def test_a_running_years_april_is_read_against_march_like_for_like() -> None:
    """FY2026 as of 2026-11-30 with 2026-04 −5% declared (the data: −5% in 2026-04 too):
    the April against March, each product with itself, is −5.0%: said, no warning. The
    fit against the same month of other years would read about 0 (every April stepped)."""
    h = _history("yearly", months=56)  # 2022-04 … 2026-11
    ev = build_evidence(h, _settings(("2026-04", -0.05), as_of=date(2026, 11, 30)))
    notes = {n.code: n.params for n in ev.notes}
    said = notes["price_revision_running_products_down"]
    assert said["measured"] == "-5.0%" and said["carry"] == "5.0%"
    assert not any(c.startswith("price_revision_differs") for c in notes)
    wrong = build_evidence(h, _settings(("2026-04", -0.02), as_of=date(2026, 11, 30)))
    codes = {n.code: n.params for n in wrong.notes}
    assert codes["price_revision_differs_month"]["measured"] == "-5.0%"


# --- a workbook with 商品コード, written and read back ----------------------------------------


def _book(path: Path, kind: str) -> Path:
    rows: list[list[object]] = []
    slip = 0
    for month in MONTHS:
        day = month.start_time.date().replace(day=10)
        for rep in "ABC":
            for i in range(5):
                slip += 1
                for product, amount, quantity in _lines(month, kind):
                    q = round(quantity)
                    yen = round(amount / quantity * q)
                    rows.append([day, f"{rep}{i}", rep, yen, q, f"S{slip}", product])
    accounts = [[f"{r}{i}", f"{r}{i}", r, date(2022, 4, 1)] for r in "ABC" for i in range(5)]
    with template_book(path, kgi=1.0, plan_year=2026, start_month=4, as_of=AS_OF) as wb:
        ws = wb["Orders"]
        width = ws.max_column
        assert [c.value for c in ws[1]][:width] == [c.ja for c in ORDERS.columns if c.laid_out]
        ws.cell(1, width + 1, "商品コード")
        paste(wb, "Orders", rows)
        paste(wb, "Accounts", accounts)
    return path


def _plan(path: Path) -> str:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    tab = PLAN.ja if PLAN.ja in wb.sheetnames else PLAN.name
    return "".join(str(v) for row in wb[tab].iter_rows(values_only=True) for v in row if v)


def test_a_workbook_says_the_yearly_revision_and_a_one_off_stays_one(tmp_path: Path) -> None:
    """Written with 商品コード and read back: the Plan says 「毎年4月に価格が-5.0%〜-5.0%
    変わっています(2023〜2025年の3回…)」 and that FY2026 is planned with 2026-04 at −5.0%.
    The one-off 2024-04 book keeps its one-off line (before the baseline: the one-liner) and no
    yearly one."""
    path = _book(tmp_path / "yearly.xlsm", "yearly")
    recalculate(path)
    plan = _plan(path)
    assert "毎年4月に価格が-5.0%〜-5.0%変わっています(2023〜2025年の3回" in plan
    assert "も2026-04に同程度(-5.0%、過去の改定の中央値)の改定があるとして計画しました" in plan
    once = _book(tmp_path / "once.xlsm", "once")
    recalculate(once)
    plan = _plan(once)
    # The step is before the baseline (price44: one line, the baseline all at the new price).
    assert "2024-04 の価格改定(-5.0%)は基準期間より前で、基準はすべて新価格です" in plan
    assert "毎年の伸びとしては繰り返さず" in plan
    assert "毎年4月" not in plan


def test_a_declared_cut_below_a_strong_year_is_not_said_as_a_team_that_never_grew() -> None:
    """Declared 2026-04 −5% on the yearly history: net of the past Aprils the team's revenue
    grew log 1.05 every year (its record), and the strong-year line carries the cut: baseline
    × 1.05 × 0.95 = × 0.9975, below the baseline, as is the trend's line. A KGI at the
    baseline (the ceilings of this even history reach no further) is then beyond the record
    and graded flat, and the words say a strong year does not lift revenue above the baseline
    with the revision, not 「売上が前年を上回った年がなく」 (the team grew 5% a year)."""
    from routekpi.core.engine import plan_for
    from routekpi.core.stretch import stretch_of
    from routekpi.render_dashboard import stretch_grade, stretch_words

    ev = build_evidence(_history("yearly"), _settings(("2026-04", -0.05)))
    record = float(ev.lever_evidence.team_high["revenue"])  # type: ignore[union-attr]
    assert record == pytest.approx(math.log(GROW), abs=1e-9)
    base = float(ev.base.at[TEAM, "revenue"])
    plan, _ = plan_for(ev, base)
    assert plan.trend_kgi == pytest.approx(base * GROW * DROP, rel=1e-9)
    assert plan.record_kgi == pytest.approx(base * GROW * DROP, rel=1e-9)
    stretch = stretch_of(plan)
    assert stretch is not None and stretch_grade(stretch) == "flat"
    words = text("stretch.recalc_flat", "ja", **stretch_words(plan, stretch))
    assert "好調な年並みの伸びでも売上は基準を上回らず" in words
    assert "上回った年がなく" not in words


def test_the_best_unit_price_year_is_read_at_the_plan_years_prices() -> None:
    """Net of the Aprils every window's unit price grew log 1.05, its best year too; the KGI's
    push fills unit price up to that best year at the plan year's prices, the April −5% on
    it: log 1.05 + log 0.95 (not log 1.05 over a trend holding the cut: ×1.040 asked on the
    trial's running year where the price list fell 6%)."""
    ev = build_evidence(_history("yearly"), _settings())
    best = ev.lever_evidence.team_best  # type: ignore[union-attr]
    assert best is not None
    assert best["unit_price"] == pytest.approx(math.log(GROW) + math.log(DROP), abs=1e-9)


def test_last_years_revision_declared_still_plans_the_next_april() -> None:
    """Settings 2025-04 −5% (last year's April, in the history) on the yearly history: that
    step is the declared one, the two Aprils before it are carried beside it, and the plan
    year still gets the pattern's 2026-04 at the median −5.0%: the same trend as found."""
    found = build_evidence(_history("yearly"), _settings())
    past = build_evidence(_history("yearly"), _settings(("2025-04", -0.05)))
    step = past.lever_evidence.price_step  # type: ignore[union-attr]
    assert step is not None and step.declared
    assert [str(m) for m, _ in step.edges()] == ["2023-04", "2024-04", "2025-04"]
    assert past.planned_carry == pytest.approx(math.log(DROP))
    assert past.planned_revision is None  # the plan year's step is found, not typed
    assert past.trend.at[TEAM, "unit_price"] == pytest.approx(
        found.trend.at[TEAM, "unit_price"], abs=1e-9
    )
    said = next(n.params for n in past.notes if n.code == "price_yearly")
    assert (said["month"], said["size"]) == ("2026-04", "-5.0%")
