"""Trial 53 L1, L3, L4 and M3 on small written books.

L1: a KGI typed as the president said it, 「-2%」, stops the run with what to type: last year's
revenue × 0.98, the cell named, the cell left as typed (validation.kgi_change).
L3: ``=KPI_TARGET(…, "FY2026")`` outside the plan year names the year as the book does
(FiscalYearLabel 終わる年), with its months, not the tables' start-year key (excel.udf_values).
L4: orders apart from the visits: the Dashboard's bridge reads revenue as the Plan does, active
accounts × orders per account × unit price — no visit-frequency bar (render_dashboard).
M3: a reachable KGI whose running year lands short of it: the status says where the year
lands, as the banner does (core.stretch.status_landing).
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pandas as pd
import pytest

from routekpi.core.engine import run
from routekpi.core.history import PlanSettings
from routekpi.core.measure import TEAM
from routekpi.core.stretch import status_landing
from routekpi.excel.udf_args import UdfError
from routekpi.excel.udf_values import _value
from routekpi.messages import text
from routekpi.pipeline import RecalcError, status_line
from routekpi.recalc import recalculate
from routekpi.render import plan_rows
from routekpi.render_dashboard import bridge_steps, year_course
from routekpi.validation.kgi_change import typed_change
from tests.history_helpers import OrderLine, rep_accounts
from tests.test_apart_visit_frequency import _history as _visits_history
from tests.test_price_step import AS_OF, FIRST, MONTHS, REPS
from tests.workbook_files import history_book


def _flat() -> object:
    """test_price_step's book at ¥1,000 an order: FY2025 = 15 accounts × 12 × ¥1,000."""

    def line(_rep: str, _i: int, month: pd.Period) -> list[OrderLine]:
        return [(month.start_time + pd.Timedelta(days=9), 1000.0, 1)]

    return rep_accounts(REPS, FIRST, MONTHS, line)


@pytest.mark.parametrize(
    ("typed", "factor", "amount"),
    [("-2%", "0.98", "176400"), ("－３％", "0.97", "174600"), (-0.02, "0.98", "176400")],
)
def test_a_kgi_typed_as_a_change_says_what_to_type(
    tmp_path: Path, typed: object, factor: str, amount: str
) -> None:
    """FY2025 (2025-04 – 2026-03) sold ¥180,000: 「-2%」 asks ¥176,400, typed 176400."""
    accounts = [f"{r}{i}" for r in REPS for i in range(5)]
    book = history_book(
        tmp_path / "pct.xlsm",
        _flat(),  # type: ignore[arg-type]
        accounts=accounts,
        account_start=date(2022, 4, 1),
        kgi=typed,  # type: ignore[arg-type]
        plan_year=2026,
        as_of=AS_OF,
    )
    with pytest.raises(RecalcError) as stop:
        recalculate(book)
    said = str(stop.value)
    shown = typed if isinstance(typed, str) else "-2%"
    yen = f"¥{int(amount):,}"
    assert said.startswith(
        f"KGI(シート「Settings」のセル B4)は金額(円)で入力してください。"
        f"「{shown}」は前年比の変化です: "
        f"前年実績(2025-04 – 2026-03)¥180,000 × {factor} = {yen} なので、その金額なら {amount} "
        "と入力してください(入力された値は変えていません) / "
    )
    assert f"{yen}, so for that amount type {amount}" in said
    wb = openpyxl.load_workbook(book, keep_vba=True)  # the cell as typed
    sheet, cell = next(iter(wb.defined_names["KGI"].destinations))
    assert wb[sheet][cell.replace("$", "")].value == typed


def test_an_amount_stays_an_amount() -> None:
    """Only a percent text or a percent cell's fraction (−1 < x < 0) is a change."""
    assert typed_change("-2%") == pytest.approx(-0.02)
    assert typed_change(-0.02) == pytest.approx(-0.02)
    assert typed_change(-5) is None and typed_change(-1_000_000) is None
    assert typed_change("1,057,000,000") is None and typed_change(1.057e9) is None


def test_a_period_outside_the_plan_year_is_named_as_the_book_names_it() -> None:
    """July year named by its end year: the plan year 2026 is FY2027 (2026-07 – 2027-06);
    「FY2026」 typed is the tables' FY2025 key and is refused as FY2026 (2025-07 – 2026-06)."""
    settings = PlanSettings(kgi=1.0, plan_year=2026, fiscal_start_month=7, fiscal_year_label="end")
    assert settings.period_key("FY2026") == "FY2025"
    model = SimpleNamespace(
        periods={"FY2026"},
        plan_year=2026,
        result=SimpleNamespace(evidence=SimpleNamespace(settings=settings)),
    )
    with pytest.raises(UdfError) as said:
        _value(model, None, 1, "revenue", TEAM, "FY2025")  # type: ignore[arg-type]
    assert said.value.message("ja") == (
        "期間「FY2026」(2025-07 – 2026-06)は計画年度 FY2027(2026-07 – 2027-06)の外です"
    )
    assert said.value.message("en") == (
        "period 'FY2026' (2025-07 – 2026-06) is outside the plan year FY2027 (2026-07 – 2027-06)"
    )


def test_orders_apart_from_visits_have_no_visit_bar_on_the_bridge() -> None:
    """KGI +2% (reachable): the bars are last year, active accounts, orders per account, unit
    price, the KGI. Each lever's bar is its Plan factor, scaled (in logs) to end at the KGI
    (one rep: no rep-mix bar); orders per account's factor is visit frequency's × orders per
    visit's. Orders on the visit days keep both visit bars."""
    history = _visits_history(tied=False)
    settings = PlanSettings(kgi=1.0, plan_year=2026, as_of=date(2026, 3, 31))
    base = float(run(history, settings).evidence.base.at[TEAM, "revenue"])
    result = run(history, PlanSettings(kgi=base * 1.02, plan_year=2026, as_of=settings.as_of))
    plan, ev = result.plan, result.evidence
    assert plan.feasible
    steps = bridge_steps(result, "ja")
    assert [s[0] for s in steps] == [
        "前年売上",
        "稼働顧客数",
        "顧客あたり受注数(月)",
        "取引単価",
        "KGI",
    ]
    logs = {
        k: math.log(float(plan.fy.at[TEAM, k]) / float(ev.base.at[TEAM, k])) for k in plan.levers
    }
    scale = math.log(1.02) / sum(logs.values())
    visits = logs["visits_per_account"] + logs["orders_per_visit"]
    assert steps[2][2] / steps[2][1] == pytest.approx(math.exp(visits * scale), rel=1e-9)
    assert steps[3][2] / steps[3][1] == pytest.approx(math.exp(logs["unit_price"] * scale))
    assert steps[3][2] == pytest.approx(base * 1.02, rel=1e-9)
    tied = _visits_history(tied=True)
    base_t = float(run(tied, settings).evidence.base.at[TEAM, "revenue"])
    kept = run(tied, PlanSettings(kgi=base_t * 1.02, plan_year=2026, as_of=settings.as_of))
    tied_labels = [s[0] for s in bridge_steps(kept, "ja")]
    assert "訪問頻度(月/顧客)" in tied_labels and "訪問あたり受注数" in tied_labels


def test_a_reachable_kgi_landing_short_says_the_landing_in_the_status() -> None:
    """Orders growing 5% a year to March 2026, then held at March's amount: six months into
    FY2026 (as of 2026-09-30), a KGI +4.5% is within the record (+5%) but the year lands
    short of it. The status says where the year lands, the banner's figure, not 「実現可能」."""

    def line(_rep: str, _i: int, month: pd.Period) -> list[OrderLine]:
        k = min((month - FIRST).n, MONTHS - 1)
        return [(month.start_time + pd.Timedelta(days=9), 1000.0 * 1.05 ** (k / 12), 1)]

    history = rep_accounts(REPS, FIRST, MONTHS + 6, line)
    base = 15 * sum(1000.0 * 1.05 ** (k / 12) for k in range(36, 48))
    result = run(history, PlanSettings(kgi=base * 1.045, plan_year=2026, as_of=date(2026, 9, 30)))
    assert result.plan.within_record
    course = year_course(result)
    assert course is not None and course.forecast < course.kgi
    landed = status_landing(result)
    assert landed == pytest.approx(course.forecast / course.kgi, rel=1e-9)
    line_ja = status_line("ja", 100, 0, "yes", landing=landed)
    assert f"今年度は KGI の {landed * 100:.1f}% に着地する見込み" in line_ja
    assert "実現可能" not in line_ja
    # The Plan's gap row (¥0: the targets reach the KGI) says it is not the year's gap.
    gap = next(r for r in plan_rows(result, "ja") if r[0] == text("plan.gap", "ja"))
    assert gap[1].value == 0 and gap[2].startswith("上限で見た不足はありません")
    # Reaching the KGI: the verdict stays (nothing to answer).
    ahead = run(history, PlanSettings(kgi=base * 1.0, plan_year=2026, as_of=date(2026, 9, 30)))
    assert status_landing(ahead) is None
