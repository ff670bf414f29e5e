"""The year still running in the seasonality (core/baselines.py ``running_year``) and the Plan
row that names months growing less than the year (render.py): numbers worked by hand."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from routekpi.core.baselines import Note, _first_from, _seasonality, running_year
from routekpi.core.history import PlanSettings
from routekpi.core.measure import TEAM
from routekpi.recalc import recalculate
from tests.test_landing import _book, _plan, flat


def test_the_running_year_fills_its_months_to_come_at_their_usual_share() -> None:
    """January – November known, June at 220 and the other ten at 110: 1,320 so far. One
    full year at even shares says December is 1/12 of a year, so the year is 1,320 ÷ 11/12
    = 1,440 and December 120; the months so far stay as they were."""
    sold = np.array([110.0] * 5 + [220.0] + [110.0] * 5 + [np.nan])
    filled = running_year(sold, [np.full(12, 100.0)])
    assert filled is not None
    assert filled[:11].tolist() == sold[:11].tolist()
    assert filled[11] == pytest.approx(120.0)
    assert filled[5] / filled.sum() == pytest.approx(220 / 1440)


@pytest.mark.parametrize("known", [5, 12])
def test_a_running_year_under_half_complete_or_already_full_does_not_count(known: int) -> None:
    """Five months are too few to weigh as a year; twelve are a full year (counted as one)."""
    sold = np.array([100.0] * known + [np.nan] * (12 - known))
    assert running_year(sold, [np.full(12, 100.0)]) is None


class _EvenDays:
    """A calendar of 20 working days in every month: per working day and per month agree."""

    def month_counts(self, months: list[pd.Period]) -> np.ndarray:
        return np.full(len(months), 20.0)


def _facts(by_rep: dict[str, dict[str, float]], months: list[pd.Period]) -> pd.DataFrame:
    """(rep incl. ALL, month) × revenue: each rep's months (blank: nothing), the team's sum."""
    table = pd.DataFrame(
        {rep: [sales.get(str(m), np.nan) for m in months] for rep, sales in by_rep.items()},
        index=months,
    )
    table[TEAM] = table.sum(axis=1)
    long = table.rename_axis(index="month", columns="rep").stack().rename("revenue")
    return long.to_frame().swaplevel().sort_index()


def test_the_running_year_counts_over_the_reps_at_work_through_it() -> None:
    """Calendar years, FY2027 planned after November 2026. Sato: ¥700,000 every month from
    2025-01, June 2026 ¥1,400,000. Ito starts in August 2026 and wins a customer a month
    (¥100,000, 200,000, 300,000, 400,000): his book filling up is no season.

    FY2025 (Sato alone): 1/12 a month. FY2026 to November over Sato (at work through all of
    it; Ito is not): 8,400,000 so far, December at its usual 1/12 makes the year
    8,400,000 ÷ 11/12 = ¥9,163,636; June 1,400,000 ÷ 9,163,636 = 15.28%, the other months
    7.64%, December 8.33%. The average of the two years: June (8.33% + 15.28%) ÷ 2 = 11.81%,
    December 8.33%, the other ten 7.99% (FY2025 alone said 8.33% everywhere).
    """
    months = list(pd.period_range("2025-01", "2026-11", freq="M"))
    sato = {str(m): 700_000.0 for m in months} | {"2026-06": 1_400_000.0}
    ito = {f"2026-{8 + k:02d}": 100_000.0 * (k + 1) for k in range(4)}
    facts = _facts({"Sato": sato, "Ito": ito}, months)
    settings = PlanSettings(kgi=1.0, plan_year=2027, fiscal_start_month=1)
    plan_months = list(pd.period_range("2027-01", "2027-12", freq="M"))
    notes: list[Note] = []
    season, _, years, running_to = _seasonality(
        facts, settings, plan_months, months, notes, _EvenDays()
    )
    assert years == (2026, 2025)
    assert str(running_to) == "2026-11"
    year = 8_400_000 * 12 / 11
    assert season[5] == pytest.approx((1 / 12 + 1_400_000 / year) / 2)
    assert season[:5].tolist() == pytest.approx([(1 / 12 + 700_000 / year) / 2] * 5)
    assert season[11] == pytest.approx(1 / 12)
    assert not notes


def test_a_full_year_counts_over_the_reps_at_work_through_it() -> None:
    """Calendar years, FY2026 planned after December 2025. Sato: ¥700,000 every month of
    FY2024 and FY2025. Ito starts in October 2025 and wins a customer a month (¥100,000,
    200,000, 300,000): his book filling up in FY2025's last quarter is no season.

    Both full years over Sato alone: 1/12 a month. Over the whole team FY2025 would give
    December (700,000 + 300,000) ÷ 9,000,000 = 11.1%, January 7.8%.
    """
    months = list(pd.period_range("2024-01", "2025-12", freq="M"))
    sato = {str(m): 700_000.0 for m in months}
    ito = {f"2025-{10 + k}": 100_000.0 * (k + 1) for k in range(3)}
    facts = _facts({"Sato": sato, "Ito": ito}, months)
    settings = PlanSettings(kgi=1.0, plan_year=2026, fiscal_start_month=1)
    plan_months = list(pd.period_range("2026-01", "2026-12", freq="M"))
    season, _, years, running_to = _seasonality(
        facts, settings, plan_months, months, [], _EvenDays()
    )
    assert years == (2025, 2024)
    assert running_to is None
    assert season.tolist() == pytest.approx([1 / 12] * 12)


def test_a_strong_june_last_year_is_named_on_the_plan(tmp_path: Path) -> None:
    """Calendar years, FY2027 planned on 2026-11-30 from ¥700,000 a month since 2024-01 and
    C4 won in 2025-01 at ¥100,000 a month (the team's growth on record: a KGI of +10% is
    within reach — with three flat accounts it is not, and every month is held at the
    ceiling's), June 2026 ¥1,500,000 (Sato's extra order). The baseline (2025-12 – 2026-11)
    is 11 × 800,000 + 1,500,000 = ¥10,300,000, June 14.6% of it; a KGI of ¥11,330,000 is
    +10.0%. June 2027 at the usual share (FY2024 – FY2026, about 11%) asks about ¥1.2M,
    under June 2026's ¥1,500,000: the Plan names that one month with last June's 14.6%; the
    others grow more than +5.0% (half the year's +10.0%).

    (The master's starts are the first orders: a start typed after them is read back to the
    first order since session 42, so the old 2025-01-01 default no longer made all three
    accounts look won in 2025.)
    """
    june = [(pd.Timestamp("2026-06-30"), "C3", "Sato", 700_000.0)]
    starts = {"C1": "2024-01-01", "C2": "2024-01-01", "C3": "2024-01-01", "C4": "2025-01-01"}
    book = _book(
        tmp_path / "june.xlsm",
        [*flat("2024-01", "2026-11"), ("C4", "Sato", 100_000, "2025-01", "2026-11")],
        starts=starts,
        extra=june,
        KGI=11_330_000,
        PlanYear=2027,
        FiscalStartMonth=1,
        AsOf=date(2026, 11, 30),
    )
    ev = recalculate(book).result.evidence
    assert ev.season_years == (2026, 2025, 2024)
    value, note = _plan(book)["Months growing less than the year"]
    assert value == 1
    assert "the year is +10.0%; months under +5.0%" in note
    assert "2027-06" in note and "14.6% →" in note
    assert not any(f"2027-{m:02d}" in note for m in (1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12))
    assert "FY2024 – FY2026" in note and "FY2026 counted through 2026-11" in note


def test_the_historys_first_year_counts_from_its_first_month() -> None:
    """Calendar years, FY2026 planned after December 2025, the history from March 2024 (trial
    29 L5: a March target on one March where the first year's ten months held another). Sato:
    ¥700,000 a month, December 2024 ¥1,400,000.

    FY2025 (full): 1/12 a month. FY2024 from March: 9 × 700,000 + 1,400,000 = 7,700,000 in
    ten months; January and February at FY2025's 1/12 each make the year 7,700,000 ÷ 10/12 =
    ¥9,240,000: December 15.15%, March – November 7.58%, January and February 8.33%. The
    average of the two: December (8.33% + 15.15%) ÷ 2 = 11.74%, January and February 8.33%.
    """
    months = list(pd.period_range("2024-03", "2025-12", freq="M"))
    sato = {str(m): 700_000.0 for m in months} | {"2024-12": 1_400_000.0}
    facts = _facts({"Sato": sato}, months)
    settings = PlanSettings(kgi=1.0, plan_year=2026, fiscal_start_month=1)
    plan_months = list(pd.period_range("2026-01", "2026-12", freq="M"))
    season, _, years, running_to = _seasonality(
        facts, settings, plan_months, months, [], _EvenDays()
    )
    assert years == (2025, 2024)
    assert running_to is None
    year = 7_700_000 * 12 / 10
    assert season[11] == pytest.approx((1 / 12 + 1_400_000 / year) / 2)
    assert season[2:11].tolist() == pytest.approx([(1 / 12 + 700_000 / year) / 2] * 9)
    assert season[:2].tolist() == pytest.approx([1 / 12] * 2)
    assert str(_first_from(years, settings, months)) == "2024-03"
    # With five months of its first year (from August) it does not count: FY2025 alone.
    later = months[5:]
    season, _, years, _ = _seasonality(
        _facts({"Sato": sato}, later), settings, plan_months, later, [], _EvenDays()
    )
    assert years == (2025,)
    assert season.tolist() == pytest.approx([1 / 12] * 12)
    assert _first_from(years, settings, later) is None
