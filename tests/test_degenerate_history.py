"""Histories at the edge of what can be planned still give a plan, never a crash."""

from __future__ import annotations

import copy
from datetime import date

import pytest
from workbook_files import CORPUS

from routekpi.io.reader import WorkbookData, read_workbook
from routekpi.recalc import RecalcError, compute_data


@pytest.fixture(scope="module")
def base() -> WorkbookData:
    return read_workbook(CORPUS / "base.xlsm")


def test_orders_in_one_month_beside_a_long_visit_log(base: WorkbookData) -> None:
    """Two orders in April 2025 and base.xlsm's two years of visits: most rep-months have
    visits but no order, so the company's best orders per visit is 0 — no ceiling to read
    (it was log(0): a math domain error instead of a plan)."""
    data = copy.deepcopy(base)
    d = date(2025, 4, 1)
    data.sheets["Orders"].rows = [  # type: ignore[union-attr]
        ["受注日", "顧客コード", "担当者", "金額", "数量", "受注番号"],
        [d, "C0019", "Tanaka", 200.0, 2.0, "S1"],
        [d, "C0030", "Tanaka", 300.0, 1.0, "S2"],
    ]
    data.settings.update(AsOf=date(2025, 4, 30), PlanYear=2026, KGI=600.0)
    computed = compute_data(data)
    targets = computed.result.targets
    fy = targets[(targets["period"] == "FY2026") & (targets["kpi"] == "revenue")]
    assert fy.loc[fy["rep"] == "ALL", "target"].iloc[0] == pytest.approx(600.0)


def test_a_baseline_with_visits_but_no_sale_says_so(base: WorkbookData) -> None:
    """Planning FY2025 from its own first month: the baseline year (FY2024) has visits but
    not one order — a message naming the months, not an empty plan that crashed."""
    data = copy.deepcopy(base)
    data.sheets["Orders"].rows = [  # type: ignore[union-attr]
        ["受注日", "顧客コード", "担当者", "金額", "数量", "受注番号"],
        [date(2025, 4, 1), "C0019", "Tanaka", 200.0, 2.0, "S1"],
    ]
    data.settings.update(AsOf=date(2025, 4, 30), PlanYear=2025, KGI=600.0)
    data.settings["Language"] = "en"
    with pytest.raises(RecalcError, match="no order history in the baseline months of FY2025"):
        compute_data(data)
