"""The Dashboard's banner once the plan year is running: the year against the KGI.

Before the year starts the banner gives the plan's feasibility; once it runs, a green
"feasible" over a forecast of 90% of the KGI read as "on track" (trial 18). The numbers
below are worked by hand.
"""

from __future__ import annotations

import openpyxl
import pandas as pd

from routekpi.io import dashboard_layout as layout
from routekpi.io.dashboard_template import add_banner_colours
from routekpi.render_dashboard import YEAR_LIFT_AMBER, YearCourse, year_banner


def _months(*labels: str) -> list[pd.Period]:
    return [pd.Period(label, "M") for label in labels]


LEFT = _months("2026-12", "2027-01", "2027-02", "2027-03")


def test_a_forecast_short_of_the_kgi_gives_the_gap_and_each_months_share() -> None:
    # ¥600M sold, ¥900M forecast: the four months left are expected to bring ¥300M.
    course = YearCourse(actual=600e6, forecast=900e6, kgi=1_000e6, months_left=LEFT)
    assert course.gap == 100e6
    assert course.per_month == 25e6  # ¥100M over 4 months
    assert abs(course.lift - 1 / 3) < 1e-12  # ¥100M more on ¥300M: +33.3%
    assert course.colour == layout.BANNER_RED
    said = year_banner(course, "ja")
    assert said.startswith("今年度の見通し(着地見込み vs KGI)")
    for part in ("¥100,000,000", "90.0%", "残り 4 か月", "2026-12〜2027-03", "¥25,000,000"):
        assert part in said
    assert "+33.3%" in said
    en = year_banner(course, "en")
    assert en.startswith("This year (forecast vs KGI)")
    assert "¥25,000,000 more each" in en


def test_a_small_gap_the_months_left_can_close_is_amber() -> None:
    # ¥20M short with ¥380M expected from the months left: +5.3%, within the 10% push.
    course = YearCourse(actual=600e6, forecast=980e6, kgi=1_000e6, months_left=LEFT)
    assert course.lift < YEAR_LIFT_AMBER
    assert course.colour == layout.BANNER_AMBER
    # The same ¥20M with one month (¥95M expected) left: +21%, red.
    late = YearCourse(actual=885e6, forecast=980e6, kgi=1_000e6, months_left=LEFT[-1:])
    assert abs(late.lift - 20 / 95) < 1e-12
    assert late.colour == layout.BANNER_RED


def test_a_forecast_at_the_kgi_is_green_and_says_so() -> None:
    course = YearCourse(actual=600e6, forecast=1_010e6, kgi=1_000e6, months_left=LEFT)
    assert course.colour == layout.BANNER_GREEN
    said = year_banner(course, "ja")
    assert "KGI に届く見込みです" in said and "101.0%" in said and "¥1,010,000,000" in said


def test_a_closed_year_short_of_the_kgi_is_red_without_a_monthly_ask() -> None:
    course = YearCourse(actual=950e6, forecast=950e6, kgi=1_000e6, months_left=[])
    assert course.colour == layout.BANNER_RED
    said = year_banner(course, "en")
    assert said == "This year (actual vs KGI): ended ¥50,000,000 short of the KGI (95.0% of it)"


def test_the_banner_has_a_colour_for_each_state() -> None:
    ws = openpyxl.Workbook().active
    add_banner_colours(ws)
    rules = [
        (rule.formula[0], rule.dxf.fill.fgColor.rgb)
        for cf in ws.conditional_formatting
        for rule in cf.rules
        if str(cf.sqref) == layout.CELLS.banner
    ]
    cell = "$" + layout.CELLS.feasible[0] + "$" + layout.CELLS.feasible[1:]
    assert rules == [
        (f"AND(ISNUMBER({cell}),{cell}=0)", "FFFFC7CE"),  # red
        (f"AND(ISNUMBER({cell}),{cell}=1)", "FFC6EFCE"),  # green
        (f"AND(ISNUMBER({cell}),{cell}=2)", "FFFFEB9C"),  # amber
    ]
