"""Two price revisions in one history (trial 51: an auto-parts wholesaler, every maker +4% on
2025-04-01, then the tyre makers +3% on 2026-01-01; the tyres are half of a year's sales but
90% of December's).

- H3: a step's size for the company weights each product by its sales over the year before
  the month (core.price_index ``YEAR_WEIGHTS``), not the month before: the tyres' +3% in
  January is +1.5% for a book where they are half of the year's sales (December's mix read
  +2.7%).
- H2: a revision typed on Settings stands for a step near its month only
  (``price_index.DECLARED_NEAR``); one found away from it is another revision, carried beside
  it as a level (``PriceStep.beside``) and named on the Plan (before: the search stopped, the
  2025-04 step went into the unit-price trend).
- H4: the Review's price-list move is read net of the lift the Plan gave the baseline's months
  before a step (``levers.as_level``'s carry): the step is in the target already.

Hand cases, 2023-01 … 2026-11: products tyre (¥10,000 a unit; ¥450 of sales in December, ¥60
in November, ¥30 in January, ¥10 the other months), oil (¥1,000) and parts (¥500), ¥25 each a
month, amounts at the old prices; ``FIRST_STEP`` every product ×1.04, ``SECOND_STEP`` the tyre
×1.03 (×1.06 for the Review's case). Every account orders the same lines each month.
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
from routekpi.core.flags import like_for_like_change
from routekpi.core.history import History, PlanSettings
from routekpi.core.price_index import (
    find_step,
    level_change,
    monthly_changes,
    moved_share,
    product_months,
)
from routekpi.core.review import _price_list_log
from routekpi.messages import text
from routekpi.recalc import recalculate
from routekpi.schema import CHECKS, PLAN
from tests.history_helpers import rep_accounts
from tests.workbook_files import fold_checks, paste, template_book

FIRST = pd.Period("2023-01", freq="M")
HISTORY = [FIRST + i for i in range(47)]  # 2023-01 … 2026-11
FIRST_STEP = pd.Period("2025-04", freq="M")
SECOND_STEP = pd.Period("2026-01", freq="M")
UNIT = {"tyre": 10_000.0, "oil": 1_000.0, "parts": 500.0}


def _tyre_amount(month: pd.Period) -> float:
    return {12: 450.0, 11: 60.0, 1: 30.0}.get(month.month, 10.0)


def _price(product: str, month: pd.Period, second: float) -> float:
    factor = 1.04 if month >= FIRST_STEP else 1.0
    if product == "tyre" and month >= SECOND_STEP:
        factor *= second
    return UNIT[product] * factor


def _lines(month: pd.Period, second: float = 1.03) -> list[tuple[str, float, float]]:
    """(product, amount, quantity) at the month's prices: the same quantities every year."""
    old = {"tyre": _tyre_amount(month), "oil": 25.0, "parts": 25.0}
    out = []
    for product, amount in old.items():
        quantity = amount / UNIT[product]
        out.append((product, quantity * _price(product, month, second), quantity))
    return out


def _history(second: float = 1.03) -> History:
    def order(rep: str, i: int, month: pd.Period) -> list[tuple[pd.Timestamp, float, float]]:
        lines = _lines(month, second)
        day = month.end_time.normalize()
        return [(day, sum(a for _, a, _ in lines), sum(q for _, _, q in lines))]

    h = rep_accounts("ABC", FIRST, len(HISTORY), order)
    rows = [
        (m.start_time + pd.Timedelta(days=1), *line) for m in HISTORY for line in _lines(m, second)
    ]
    lines = pd.DataFrame(rows, columns=["date", "product", "amount", "quantity"])
    return replace(h, product_months=product_months(lines))


def _year_share(table: pd.DataFrame, month: pd.Period) -> float:
    """The tyre's share of the sales over the 12 months before ``month`` (by hand)."""
    year = table[(table["month"] >= month - 12) & (table["month"] < month)]
    return float(year.loc[year["product"] == "tyre", "revenue"].sum() / year["revenue"].sum())


def test_a_step_on_half_the_sales_is_sized_with_a_years_weights() -> None:
    table = _history().product_months
    share = _year_share(table, SECOND_STEP)
    assert 0.45 < share < 0.55  # half of the year's sales …
    december = table[table["month"] == SECOND_STEP - 1]
    dec_share = float(december.loc[december["product"] == "tyre", "revenue"].sum())
    dec_share /= float(december["revenue"].sum())
    assert dec_share > 0.85  # … but nine tenths of December's
    changes, _ = monthly_changes(table, HISTORY, sized=True)
    at = HISTORY.index(SECOND_STEP)
    expected = math.log(share * 1.03 + (1.0 - share))
    assert changes[at] == pytest.approx(expected, abs=1e-9)
    assert abs(changes[at] - math.log(dec_share * 1.03 + 1.0 - dec_share)) > 0.01  # was +2.7%
    # Who moved: the tyre, on the same year's weights (share × moved + rest = the size).
    moved = moved_share(table, HISTORY, SECOND_STEP, changes[at])
    assert moved is not None
    assert moved[0] == pytest.approx(share) and moved[1] == 1
    assert moved[2] == pytest.approx(math.log(1.03))
    # The same size read around the month, as a declared revision is checked (Checks).
    assert level_change(table, HISTORY, SECOND_STEP) == pytest.approx(expected, abs=1e-9)
    # The first step moved every product: +4.0% whatever the weights.
    assert changes[HISTORY.index(FIRST_STEP)] == pytest.approx(math.log(1.04), abs=1e-9)


def test_the_found_step_stays_beside_a_declared_one() -> None:
    history = _history()
    table = history.product_months
    # Untyped: the 2025-04 step is found (the January one, +1.5%, is below the 2% bar).
    found = find_step(table, HISTORY)
    assert found is not None and found.month == FIRST_STEP
    # The declared month's own step is not sought again; the other one is.
    assert find_step(table, HISTORY, apart=SECOND_STEP).month == FIRST_STEP
    share = _year_share(table, SECOND_STEP)
    second = math.log(share * 1.03 + (1.0 - share))
    # Declared near 2025-04: that step is the declared one, January's is the other one.
    other = find_step(table, HISTORY, apart=FIRST_STEP + 1)
    assert other is not None and other.month == SECOND_STEP
    assert other.size == pytest.approx(second, abs=1e-9)
    typed = share * 0.03  # the company's size, as the manager types it (+1.5%)
    settings = PlanSettings(
        kgi=1.0,
        plan_year=2027,
        fiscal_start_month=1,
        as_of=date(2026, 12, 5),
        price_revision=(str(SECOND_STEP), typed),
    )
    ev = build_evidence(history, settings)
    step = ev.lever_evidence.price_step
    assert step is not None and step.declared
    assert step.month == SECOND_STEP and step.size == pytest.approx(math.log1p(typed))
    assert step.beside == ((FIRST_STEP, pytest.approx(math.log(1.04), abs=1e-9)),)
    # Both are levels: the same quantities every year leave no yearly rise in the trend, and
    # the baseline's (2025-12 … 2026-11) December is brought to January's prices.
    assert abs(step.trend) < 0.002
    lift = -math.log(1.0 / 12 * math.exp(-math.log1p(typed)) + 11.0 / 12)
    assert step.carry == pytest.approx(lift, abs=0.002)
    notes = [n for n in ev.notes if n.code == "price_step_beside"]
    assert len(notes) == 1
    line = text("price_step_beside", "ja", **notes[0].params)
    assert line.startswith("価格改定 2025-04 +4.0%(履歴から見つけました)")
    assert "設定の価格改定(2026-01 +1.5%)とは別の改定" in line
    # Typed at the found step's month, the declared one replaces it (typed 5%: the size
    # typed is carried); January's is found beside it.
    at_first = replace(settings, price_revision=(str(FIRST_STEP), 0.05))
    step = build_evidence(history, at_first).lever_evidence.price_step
    assert step is not None and step.declared and step.month == FIRST_STEP
    assert step.size == pytest.approx(math.log(1.05))
    assert step.beside == ((SECOND_STEP, pytest.approx(second, abs=1e-9)),)


def test_the_review_takes_off_the_baselines_lift_to_the_new_prices() -> None:
    # Keeping score for FY2026 (2026-01 …): the baseline FY2025 has January–March before the
    # 2025-04 step, which the target already holds at the new prices.
    settings = PlanSettings(kgi=1.0, plan_year=2026, fiscal_start_month=1, as_of=date(2026, 12, 5))
    started = [pd.Period(f"2026-{m:02d}", freq="M") for m in range(1, 12)]
    for second in (1.0, 1.06):  # no second step; the tyre +6% in 2026-01 (≈ +3%)
        history = _history(second)
        ev = build_evidence(history, settings)
        step = ev.lever_evidence.price_step
        assert step is not None and step.month == FIRST_STEP and not step.declared
        assert step.carry > 0.005  # 「改定前の3か月を新しい価格に揃え」
        baseline = list(ev.baseline_months)
        move = math.log1p(like_for_like_change(history, started, baseline))
        # The year's own move: the tyre's +3% on its year's share (none without it), the
        # first step's January–March part less the lift the target gave them.
        share = _year_share(history.product_months, SECOND_STEP)
        own = math.log(share * (second - 1.0) + 1.0)
        assert move - step.carry == pytest.approx(own, abs=0.004)
        # A target whose unit price fell apart from the step (×0.99): nothing of the move
        # is carried the same way; the lift is still in the target.
        listed = _price_list_log(history, ev, started, 0.99)
        assert listed == (pytest.approx(move - step.carry, abs=1e-12) if second > 1 else 0.0)
        # A target that carried more than the lift the same way: that rest comes off too.
        more = _price_list_log(history, ev, started, math.exp(step.carry + 0.004))
        assert more == (pytest.approx(move - step.carry - 0.004, abs=1e-12) if second > 1 else 0.0)
    assert np.isfinite(move)


# --- the same on a real book: order lines with 商品コード pasted, the revision typed ----------

MONTH_ROW, PCT_ROW = 25, 26  # the template's rows of PriceRevisionMonth and PriceRevisionPct
QUANTITY = {"oil": 25, "parts": 50}  # a month, each account; the tyre's: ``_tyre_amount`` ÷ 10


def _book(path: Path, typed: float | None) -> Path:
    """Three reps, two accounts each, one slip a month of the three products (integer yen
    prices: ¥10,000 → ¥10,400 → ¥10,712 for the tyre); 2026-01 typed at ``typed`` percent."""
    rows: list[list[object]] = []
    slip = 0
    for month in HISTORY:
        day = month.start_time.date().replace(day=10)
        quantity = {"tyre": int(_tyre_amount(month) / 10), **QUANTITY}
        for account in [f"{r}{i}" for r in "ABC" for i in range(2)]:
            slip += 1
            for product, q in quantity.items():
                price = round(_price(product, month, 1.03))
                rows.append([day, account, account[0], price * q, q, f"S{slip}", product])
    accounts = [
        [a, a, a[0], date(2022, 1, 1)] for a in (f"{r}{i}" for r in "ABC" for i in range(2))
    ]
    with template_book(
        path, kgi=1.0e7, plan_year=2027, start_month=1, as_of=date(2026, 12, 5)
    ) as wb:
        ws = wb["Orders"]
        ws.cell(1, ws.max_column + 1, "商品コード")
        paste(wb, "Orders", rows)
        paste(wb, "Accounts", accounts)
        if typed is not None:
            settings = wb["Settings"]
            settings[f"B{MONTH_ROW}"], settings[f"B{PCT_ROW}"] = "2026-01", typed
    return path


def _read(path: Path) -> tuple[str, list[list[object]]]:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    plan_tab = PLAN.ja if PLAN.ja in wb.sheetnames else PLAN.name
    checks_tab = CHECKS.ja if CHECKS.ja in wb.sheetnames else CHECKS.name
    plan = "".join(str(v) for row in wb[plan_tab].iter_rows(values_only=True) for v in row if v)
    checks = fold_checks([list(r) for r in wb[checks_tab].iter_rows(values_only=True)][1:])
    return plan, checks


def test_a_book_with_a_typed_revision_names_the_one_found_beside_it(tmp_path: Path) -> None:
    """Written and read back: 2026-01 +1.5% typed (the tyres' +3% on half of the sales); the
    Plan carries it and names the 2025-04 step found, as found; the typed size agrees with
    the products' own prices on a year's weights (no Checks warning: December's mix read
    about +2.7%)."""
    path = _book(tmp_path / "typed.xlsm", 1.5)
    recalculate(path)
    plan, checks = _read(path)
    assert "価格改定 2026-01 +1.5%(設定より)" in plan
    assert "価格改定 2025-04 +4.0%(履歴から見つけました)" in plan
    assert "設定の価格改定(2026-01 +1.5%)とは別の改定" in plan
    assert not any("合っていません" in str(r[4]) for r in checks)
