"""The Dashboard follows the months' target shape (trial 37 L2, L3).

A heating-oil round's winter months are three times its summer ones. The running year's
banner asked for equal monthly top-ups (¥46.2M short over December – March: 「毎月
¥11,561,660」) and the burn-up set four days of December against the whole month's
cumulative target (a ¥57M gap on the chart where 累計目標(経過分) said ¥23.4M). Now the gap
is spread over the months left in proportion to their targets still to come, and the month
in progress is plotted against its target to date. Numbers worked by hand.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from routekpi.core.measure import TEAM
from routekpi.io import dashboard_layout as dl
from routekpi.io.samplebook import write_sample_workbook
from routekpi.recalc import recalculate
from routekpi.render_dashboard import YearCourse, year_banner
from tests.test_dashboard import _with_setting

LEFT = [pd.Period(m, "M") for m in ("2026-12", "2027-01", "2027-02", "2027-03")]


def test_the_gap_is_spread_by_the_months_targets_still_to_come() -> None:
    """¥100M short; targets still to come: December's 21 of 25 days of ¥50M = ¥42M, then
    ¥50M, ¥60M, ¥48M = ¥200M. Each month takes +50% of its target: ¥21M, ¥25M, ¥30M, ¥24M
    (evenly: ¥25M each)."""
    targets = (42e6, 50e6, 60e6, 48e6)
    course = YearCourse(600e6, 900e6, 1_000e6, LEFT, targets)
    assert course.shaped == pytest.approx([21e6, 25e6, 30e6, 24e6])
    said = year_banner(course, "ja")
    assert "各月の目標の +50.0% の上積み" in said
    assert "12月 ¥21.0M・1月 ¥25.0M・2月 ¥30.0M・3月 ¥24.0M" in said
    assert "見込みの +33.3%" in said  # ¥100M on the ¥300M the forecast expects
    en = year_banner(course, "en")
    assert "+50.0% on each month's target (Dec ¥21.0M, Jan ¥25.0M, Feb ¥30.0M, Mar ¥24.0M" in en
    # More months than the banner names: the largest and the smallest.
    months = [pd.Period("2026-08", "M") + i for i in range(8)]
    long = YearCourse(600e6, 900e6, 1_000e6, months, (10e6,) * 4 + (40e6, 20e6, 10e6, 10e6))
    assert "最大 12月 ¥33.3M、最小 8月 ¥8.3M" in year_banner(long, "ja")
    # Without month targets: the even top-up, as before.
    assert "毎月 ¥25,000,000 の上積み" in year_banner(YearCourse(600e6, 900e6, 1e9, LEFT), "ja")


def test_the_burn_up_plots_the_month_in_progress_against_its_target_to_date(
    tmp_path: Path,
) -> None:
    """The sample book as of 2026-10-15: October's point is September's cumulative target
    plus October's target to date (its working days gone, the Attainment's 2026-10 row), and
    its label says so; November goes on from the whole of October's target."""
    fresh = tmp_path / "fresh.xlsm"
    write_sample_workbook(fresh, "ja", orders_rows=8_000)
    mid = tmp_path / "mid.xlsm"
    _with_setting(fresh, mid, "AsOf", date(2026, 10, 15))
    book = tmp_path / "book.xlsm"
    doc = recalculate(mid, out=book).json()
    target = {
        t["period"]: t["target"]
        for t in doc["targets"]
        if t["rep"] == TEAM and t["kpi"] == "revenue"
    }
    october = next(
        a
        for a in doc["attainment"]
        if a["rep"] == TEAM and a["kpi"] == "revenue" and a["period"] == "2026-10"
    )
    assert 0 < october["target_to_date"] < target["2026-10"]
    ws = openpyxl.load_workbook(book, data_only=True)["Dashboard"]
    rows = {
        i: [ws.cell(dl.BURNUP_FIRST + i, dl.DATA_COL + j).value for j in range(3)]
        for i in range(12)
    }
    before = sum(target[m] for m in ("2026-04", "2026-05", "2026-06", "2026-07", "2026-08"))
    september = before + target["2026-09"]
    assert rows[5][1] == pytest.approx(september)
    assert rows[6][0] == "10/15まで"
    assert rows[6][1] == pytest.approx(september + october["target_to_date"])
    assert rows[7][0] == "2026-11"
    assert rows[7][1] == pytest.approx(september + target["2026-10"] + target["2026-11"])
    assert rows[6][2] is not None and rows[7][2] is None  # October's actual so far, no more
