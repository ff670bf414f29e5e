"""Seasonality without a full fiscal year (core/baselines.py ``two_partial_years``): the
history's first year and the running one make one year (trial 30 M4). Numbers by hand."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from routekpi.core.baselines import Note, _first_from, _seasonality, two_partial_years
from routekpi.core.history import PlanSettings
from routekpi.recalc import recalculate
from tests.test_landing import _book, _plan
from tests.test_season_running import _EvenDays, _facts

NAN = float("nan")


def test_two_partial_years_make_one_year_at_the_running_years_level() -> None:
    """Calendar years. The first year June – December: 100 a month, December 200. The running
    year January – November: 110 a month, July 220. June – November are in both, their ratios
    1.1, 2.2, 1.1, 1.1, 1.1, 1.1: the middle one, 1.1, is how much more the running year sells
    (July's one strong month does not set it; the ratio of the sums would say 770 ÷ 600 =
    1.28). January – May are the running year's 110; June and August – November (100 × 1.1 +
    110) ÷ 2 = 110; July (110 + 220) ÷ 2 = 165; December the first year's 200 × 1.1 = 220."""
    first = np.array([NAN] * 5 + [100.0] * 6 + [200.0])
    running = np.array([110.0] * 6 + [220.0] + [110.0] * 4 + [NAN])
    year = two_partial_years(first, running)
    assert year is not None
    assert year[:6].tolist() == pytest.approx([110.0] * 6)
    assert year[6] == pytest.approx(165.0)
    assert year[7:11].tolist() == pytest.approx([110.0] * 4)
    assert year[11] == pytest.approx(220.0)


@pytest.mark.parametrize(
    ("first", "running", "why"),
    [
        # 12 months across two years: no month in both, no level between the years.
        ([NAN] * 6 + [100.0] * 6, [100.0] * 6 + [NAN] * 6, "no month in both"),
        # The first year's five months are too few to weigh as a year.
        ([NAN] * 7 + [100.0] * 5, [100.0] * 11 + [NAN], "first under half"),
        # The running year's five months too.
        ([NAN] * 3 + [100.0] * 9, [100.0] * 5 + [NAN] * 7, "running under half"),
        # Together they miss August.
        ([NAN] * 8 + [100.0] * 4 + [NAN] * 0, [100.0] * 7 + [NAN] * 5, "a month in neither"),
    ],
)
def test_two_partial_years_that_do_not_make_a_year(
    first: list[float], running: list[float], why: str
) -> None:
    assert two_partial_years(np.array(first), np.array(running)) is None, why


def test_the_seasonality_of_an_eighteen_month_history() -> None:
    """FY2025 (calendar) planned on 2024-12-03 from June 2023: FY2023 has seven months, FY2024
    eleven, none is full. Sato sells ¥100,000 a month in 2023, ¥110,000 in 2024, July and
    August double; Ito only from March 2024 (his book filling up is no season: not counted).

    June – November are in both: 2024's 110 × 4 + 220 × 2 = 880 against 2023's 100 × 4 + 200 ×
    2 = 800, so 1.1×; December 2023's 100 × 1.1 = 110. The year: 110 in ten months, 220 in two,
    1,540: July and August 14.29% each, the others 7.14%."""
    months = list(pd.period_range("2023-06", "2024-11", freq="M"))
    sato = {}
    for m in months:
        level = 100_000.0 if m.year == 2023 else 110_000.0
        sato[str(m)] = level * (2 if m.month in (7, 8) else 1)
    ito = {str(m): 50_000.0 * (m.month - 2) for m in months if m.year == 2024 and m.month >= 3}
    facts = _facts({"Sato": sato, "Ito": ito}, months)
    settings = PlanSettings(kgi=1.0, plan_year=2025, fiscal_start_month=1)
    plan_months = list(pd.period_range("2025-01", "2025-12", freq="M"))
    notes: list[Note] = []
    season, per_day, years, running_to = _seasonality(
        facts, settings, plan_months, months, notes, _EvenDays()
    )
    assert not any(n.code == "flat_seasonality" for n in notes)
    assert years == (2023, 2024)
    assert str(running_to) == "2024-11"
    assert str(_first_from(years, settings, months)) == "2023-06"
    assert per_day is False
    expected = [110.0] * 6 + [220.0] * 2 + [110.0] * 4
    assert season.tolist() == pytest.approx([v / 1540 for v in expected])
    # Cut to 12 months (2023-12 – 2024-11): no month in both, months split evenly.
    notes = []
    twelve = months[6:]
    season, _, years, _ = _seasonality(
        _facts({"Sato": {str(m): sato[str(m)] for m in twelve}}, twelve),
        settings,
        plan_months,
        twelve,
        notes,
        _EvenDays(),
    )
    assert years == ()
    assert season.tolist() == pytest.approx([1 / 12] * 12)
    assert [n.code for n in notes].count("flat_seasonality") == 1


def test_a_short_books_december_is_planned_and_landed_at_its_season(tmp_path: Path) -> None:
    """A workbook of 2023-06 – 2024-11 with December twice as strong, FY2025 planned on
    2024-11-30. Both years: ¥400,000 a month, December ¥800,000 — 1/13 a month, December 2/13:
    the plan's months, and Checks has no "split evenly" line. The landing of FY2024 (core.
    landing.year_landing, one rule with the Dashboard) has no whole fiscal year before it, so
    its shape is the last 12 complete months' (2023-12 – 2024-11: December 2/13, the others
    1/13): December 2024 at the pace of January – November, ¥4,400,000 ÷ 11/13 × 2/13 =
    ¥800,000 (review 33: even months read ¥400,000)."""
    sales = [
        ("C1", "Tanaka", 100_000, "2023-06", "2024-11"),
        ("C2", "Sato", 300_000, "2023-06", "2024-11"),
    ]
    book = _book(
        tmp_path / "short.xlsm",
        sales,
        starts={"C1": "2023-06-01", "C2": "2023-06-01"},
        december=2.0,
        KGI=5_000_000,
        PlanYear=2025,
        FiscalStartMonth=1,
        AsOf=date(2024, 11, 30),
    )
    ev = recalculate(book).result.evidence
    assert ev.season_years == (2023, 2024)
    assert ev.seasonality[11] == pytest.approx(2 / 13)
    assert ev.seasonality[:11].tolist() == pytest.approx([1 / 13] * 11)
    assert not any(n.code == "flat_seasonality" for n in ev.notes)
    value, _note = _plan(book)["FY2024 expected rest"]
    assert value == pytest.approx(800_000)


def test_the_plan_says_how_two_partial_years_were_joined(tmp_path: Path) -> None:
    """The same shape with November 2024 twice as strong (one extra order of ¥400,000). The
    months in both years, June – November, run 1, 1, 1, 1, 1, 2 times the first year's: the
    middle ratio is 1. November in both: (400,000 + 800,000) ÷ 2 = 600,000; the joined year
    5,400,000, November 11.1% of it. Last year (2023-12 – 2024-11, ¥5,600,000) November took
    14.3%. A KGI of ¥5,650,000 (+0.9%) is not reached: under two years of history the unit
    price keeps the pace of its months a year apart (levers.same_month_trend), but November's
    one larger order is one month's change among six, held to the next largest (0): no pace,
    so the plan is the largest reachable, last year's ¥5,600,000. November 2025 asks
    5,600,000 × 600 ÷ 5,400 = ¥622,222, −22.2% on last year's ¥800,000, the one month growing
    less than half the year's +0.9%, and the Plan says how the years were joined."""
    sales = [
        ("C1", "Tanaka", 100_000, "2023-06", "2024-11"),
        ("C2", "Sato", 300_000, "2023-06", "2024-11"),
    ]
    extra = [(pd.Timestamp("2024-11-15"), "C2", "Sato", 400_000.0)]
    book = _book(
        tmp_path / "joined.xlsm",
        sales,
        starts={"C1": "2023-06-01", "C2": "2023-06-01"},
        december=2.0,
        extra=extra,
        KGI=5_650_000,
        PlanYear=2025,
        FiscalStartMonth=1,
        AsOf=date(2024, 11, 30),
    )
    result = recalculate(book).result
    ev = result.evidence
    assert ev.seasonality[10] == pytest.approx(600 / 5400)
    assert ev.seasonality[11] == pytest.approx(800 / 5400)
    assert ev.lever_evidence.same_months_read == (0.0, 0.0, 6)
    assert result.plan.max_reachable_kgi == pytest.approx(5_600_000)
    value, note = _plan(book)["Months growing less than the year"]
    assert value == 1
    assert "2025-11 ¥622,222 (-22.2% on last year, 14.3% → 11.1%)" in note
    assert "no full year, so FY2023 from 2023-06" in note
    assert "FY2024 through 2024-11 make one year" in note
    assert "usual share" not in note
