"""The Dashboard's KPI table lands a ratio as its year target is built (left53b; trial 53
verify: 取引単価 ¥46,753 in the 着地見込み column — the year to date — beside a year target of
¥54,680 holding the school months, −14.5% at a pace of 98.8%).

Hand-written book, orders only: rep A's five accounts each order once a month at ¥1,000,
¥2,000 in March; rep B's five twice a month (the 10th and the 20th) at ¥3,000, ¥6,000 in
March; April 2022 – September 2026, every year alike. FY2026 (April 2026 – March 2027) runs,
as of 2026-09-30; KGI = the FY2025 baseline (5 × 13,000 + 5 × 78,000 = ¥455,000).

Every year alike, each rep's forecast is his last year: revenue A ¥65,000 (30,000 so far ÷
the 6/13 the months April – September usually hold), orders A 60 (30 ÷ 6/12); B ¥390,000 and
120. The unit price lands at A 65,000 ÷ 60 = ¥1,083.33, B 390,000 ÷ 120 = ¥3,250, the team's
at the baseline's mix (weights: last year's orders 60 and 120) (60 × 1,083.33 + 120 × 3,250)
÷ 180 = ¥2,527.78 — the year target's figure; the year to date is (60 × 1,000 + 120 × 3,000)
÷ 180 = ¥2,333.33, which the column showed before. Orders per account (a month) land at
180 ÷ (10 accounts × 12) = 1.5, as before (no season in the counts).
"""

from __future__ import annotations

import copy
from datetime import date

import pandas as pd
import pytest

from routekpi.core.engine import Result, run
from routekpi.core.history import PlanSettings
from routekpi.io.dashboard_layout import BLOCK_TOP, KPI_COL, KPI_ROWS
from routekpi.render_dashboard import dashboard_rows, rate_landings
from routekpi.share.copies import cell_value
from tests.history_helpers import OrderLine, rep_accounts

FIRST = pd.Period("2022-04", freq="M")


def _result() -> Result:
    def line(rep: str, _i: int, month: pd.Period) -> list[OrderLine]:
        price = (1000.0 if rep == "A" else 3000.0) * (2 if month.month == 3 else 1)
        days = (9,) if rep == "A" else (9, 19)
        return [(month.start_time + pd.Timedelta(days=d), price, 1) for d in days]

    history = rep_accounts(("A", "B"), FIRST, 54, line)
    return run(history, PlanSettings(kgi=455_000.0, plan_year=2026, as_of=date(2026, 9, 30)))


def _table(result: Result, language: str = "ja") -> dict[str, list[object]]:
    rows = dashboard_rows(result, language)
    out = {}
    for r in range(BLOCK_TOP + 1, BLOCK_TOP + KPI_ROWS + 1):
        cells = [cell_value(c) for c in rows[r - 1][KPI_COL - 1 : KPI_COL + 5]]
        if cells and cells[0]:
            out[str(cells[0])] = cells[1:]
    return out


def test_a_ratio_lands_as_its_year_target_is_built() -> None:
    result = _result()
    table = _table(result)
    actual, _due, _vs, landing, target = table["取引単価"]
    assert actual == pytest.approx(420_000 / 180, rel=1e-9)  # the year to date, ¥2,333.33
    assert landing == pytest.approx(455_000 / 180, rel=1e-9)  # ¥2,527.78
    assert target == pytest.approx(455_000 / 180, rel=1e-6)
    assert rate_landings(result)["unit_price"] == landing
    assert table["顧客あたり受注数(月)"][3] == pytest.approx(1.5, rel=1e-9)
    # The counts keep their own forecasts: revenue ¥455,000, orders 180.
    assert table["売上"][3] == pytest.approx(455_000, rel=1e-9)
    assert table["受注件数"][3] == pytest.approx(180, rel=1e-9)


def test_a_part_without_a_landing_leaves_its_rep_out_and_none_leaves_it_blank() -> None:
    """Rep A's orders without a forecast: the team's unit price lands at B's ¥3,250 (the mix
    over the reps with a landing); no rep's orders with one: no landing at all — a blank
    cell, not the year to date."""
    result = _result()
    att = result.attainment
    orders = att["kpi"] == "orders"
    one = copy.copy(result)  # a new Result: its own Dashboard cache
    one.attainment = att.assign(forecast=att["forecast"].mask(orders & (att["rep"] == "A")))
    assert rate_landings(one)["unit_price"] == pytest.approx(3250, rel=1e-9)
    none = copy.copy(result)
    none.attainment = att.assign(forecast=att["forecast"].mask(orders & (att["rep"] != "ALL")))
    assert rate_landings(none)["unit_price"] is None
    assert _table(none)["取引単価"][3] is None
    assert _table(none)["取引単価"][0] == pytest.approx(420_000 / 180, rel=1e-9)
