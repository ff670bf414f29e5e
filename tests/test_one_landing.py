"""One landing for the running year (trial 32 L1): the Plan of a book planning the year after
and the Dashboard of a copy planning the running year itself show the same figure, from the
same data on the same day, by the one rule of core.landing.year_landing — the year so far
carried on at its pace over the months left, each month at its usual share of the year."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from routekpi.core.landing import landing, year_landing
from routekpi.core.measure import TEAM
from routekpi.recalc import recalculate
from tests.test_landing import _book, _plan, flat


def _forecast(result) -> pd.Series:
    """The Attainment year rows' revenue forecast (the Dashboard's 着地見込み), rep → yen."""
    a = result.attainment
    fy = f"FY{result.evidence.settings.plan_year}"
    rows = a[(a["period"] == fy) & (a["kpi"] == "revenue")]
    return rows.set_index("rep")["forecast"].astype(float)


def test_the_plan_and_the_dashboard_land_the_year_on_the_same_yen(tmp_path: Path) -> None:
    """Orders 2025-04 – 2026-11, the same each month but December 2025 twice as large: FY2025
    (the only whole year before FY2026) gives December 2/13 of the year, every other month
    1/13. On 2026-11-30, April – November (8/13 of the usual year) are over.

    Tanaka ¥300,000 a month: year so far 8 × 300,000 = ¥2,400,000, at its pace the months
    left (December 2/13 + January – March 3/13 = 5/13) bring 2,400,000 × 5/8 = ¥1,500,000:
    landing ¥3,900,000. Sato ¥400,000 a month: ¥3,200,000 + ¥2,000,000 = ¥5,200,000. Team
    ¥9,100,000 (the old run-rate landing said ¥9,800,000: the 12 months 2025-12 – 2026-11 hold
    the doubled December, spread over the months left as the usual year's).
    """
    common = {"FiscalStartMonth": 4, "AsOf": date(2026, 11, 30)}
    ahead = _book(
        tmp_path / "fy2027.xlsm",
        flat("2025-04", "2026-11"),
        december=2.0,
        KGI=10_010_000,
        PlanYear=2027,
        **common,
    )
    copy = _book(
        tmp_path / "fy2026.xlsm",
        flat("2025-04", "2026-11"),
        december=2.0,
        KGI=9_000_000,
        PlanYear=2026,
        **common,
    )
    book = recalculate(ahead).result
    found = landing(book.evidence, book.history)
    assert found is not None and found.year == 2026
    table = found.table
    assert table.at["Tanaka", "actual"] == 2_400_000
    assert table.at["Tanaka", "expected"] == 1_500_000
    assert table.at["Sato", "landing"] == 5_200_000
    assert table.at[TEAM, "landing"] == 9_100_000
    plan = _plan(ahead)
    assert plan["FY2026 expected landing"][0] == 9_100_000
    assert plan["KGI over the FY2026 landing"][0] == pytest.approx(10_010_000 / 9_100_000 - 1)

    review = recalculate(copy).result
    forecast = _forecast(review)
    assert forecast[TEAM] == 9_100_000  # the Dashboard's 着地見込み, to the yen
    assert forecast["Tanaka"] == 3_900_000 and forecast["Sato"] == 5_200_000
    again = year_landing(review.evidence, 2026, review.history)
    assert again is not None
    pd.testing.assert_series_equal(again.table["landing"], table["landing"])


def test_a_month_in_progress_lands_the_same_in_both_books(tmp_path: Path) -> None:
    """As of Friday 2026-12-04, December's first orders in (the 3rd): both books count its
    working days gone alike and land the year on the same yen, rep by rep."""
    day = pd.Timestamp("2026-12-03")
    extra = [(day, "C3", "Sato", 150_000.0), (day, "C1", "Tanaka", 100_000.0)]
    common = {"FiscalStartMonth": 4, "AsOf": date(2026, 12, 4)}
    ahead = _book(
        tmp_path / "a.xlsm",
        flat("2025-04", "2026-11"),
        extra=extra,
        KGI=1e7,
        PlanYear=2027,
        **common,
    )
    copy = _book(
        tmp_path / "b.xlsm",
        flat("2025-04", "2026-11"),
        extra=extra,
        KGI=9e6,
        PlanYear=2026,
        **common,
    )
    book = recalculate(ahead).result
    found = landing(book.evidence, book.history)
    assert found is not None and found.partial == pd.Period("2026-12", "M")
    forecast = _forecast(recalculate(copy).result)
    for rep in ("Tanaka", "Sato", TEAM):
        assert forecast[rep] == found.table.at[rep, "landing"]
    # Sato's December so far counts in his pace, and is part of December's expectation.
    assert found.table.at["Sato", "partial_to_date"] == 150_000


def test_an_account_handed_over_inside_the_year_counts_once_in_the_month_in_progress(
    tmp_path: Path,
) -> None:
    """Review 33: six accounts buy the same every month (a1 ¥5,000, the rest ¥1,000:
    ¥10,000 a month, ¥120,000 a year); a2's orders are booked by A, the master gives it to B.
    As of 2026-11-12 (November in progress) the Plan of a book planning FY2027 and the
    Dashboard of a copy planning FY2026 both land FY2026 at ¥120,000 — the Dashboard read
    ¥121,000, a2's November counted under A as booked and under B as held."""
    from tests.workbook_files import monthly_lines, pasted_book

    monthly = {"a1": 5000, "a2": 1000, "a3": 1000, "b1": 1000, "b2": 1000, "b3": 1000}
    as_of = date(2026, 11, 12)

    def write(path: Path, plan_year: int) -> Path:
        orders, visits = monthly_lines(
            "2025-01-01",
            "2026-11-01",
            monthly,
            lambda a, _: a[0].upper(),
            lambda a, _: monthly[a],
        )
        holder = {"a2": "B"}
        accounts = [
            [a, a, holder.get(a, a[0].upper()), date(2024, 1, 1), None, None, None] for a in monthly
        ]
        rows = {"Orders": orders, "Visits": visits, "Accounts": accounts}
        return pasted_book(path, rows, kgi=150_000, plan_year=plan_year, start_month=4, as_of=as_of)

    copy = recalculate(write(tmp_path / "fy2026.xlsm", 2026)).result
    att = copy.attainment
    fy = att[(att["period"] == "FY2026") & (att["kpi"] == "revenue")].set_index("rep")
    plan = recalculate(write(tmp_path / "fy2027.xlsm", 2027)).result
    ahead = landing(plan.evidence, plan.history)
    assert ahead is not None
    assert float(fy.at[TEAM, "forecast"]) == float(ahead.table.at[TEAM, "landing"]) == 120_000
