"""The year-to-date churn rate (trial 42 L4): annualised over the working days gone, a month
in progress counted by its share of them (December's 4 days read as a whole month gave 2.5%
for 3.5%), and labelled 「(年換算)」 on the Attainment's year rows (a month row holds the
month's own rate).

The corpus workbook (history 2024-04 … 2026-06) planning 2025-10 … 2026-09 on 2026-06-10:
nine months started, June in progress.
"""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

import pytest

from routekpi.core.catalog import KPI_BY_KEY
from routekpi.core.measure import TEAM, summarize
from routekpi.io.reader import read_workbook
from routekpi.recalc import compute_data
from routekpi.render import attainment_rows

BASE = Path(__file__).parent / "corpus" / "base.xlsm"


@pytest.fixture(scope="module")
def result():
    data = copy.deepcopy(read_workbook(BASE))
    data.settings.update(PlanYear=2025, FiscalStartMonth=10, AsOf=date(2026, 6, 10))
    return compute_data(data)[0]


def test_the_year_to_date_churn_counts_the_month_in_progress_by_its_working_days(result) -> None:
    ev = result.evidence
    started = [m for m in ev.plan_months if m.start_time.date() <= ev.as_of]
    assert (str(started[0]), str(started[-1])) == ("2025-10", "2026-06")
    elapsed = sum(ev.calendar.elapsed_fraction(m, ev.as_of) for m in started)
    assert 8 < elapsed < 9  # June's working days to the 10th: a share of a month, not one
    team = ev.facts.xs(TEAM, level="rep")
    lost = float(team.loc[started, "cancellations"].sum())
    start = float(team.at[started[0], "accounts_start"])
    assert lost > 0
    by_hand = lost / start * 12 / elapsed
    year = result.attainment[(result.attainment["period"] == "FY2025")]
    got = year[(year["rep"] == TEAM) & (year["kpi"] == "churn_rate")]["actual"].item()
    assert got == pytest.approx(by_hand)
    # As the months present counted it: nine whole months, the rate 9 ÷ elapsed lower.
    booked = summarize(ev.facts, started, annualize=True).at[TEAM, "churn_rate"]
    assert booked == pytest.approx(lost / start * 12 / 9)
    assert got > booked


def test_the_year_rows_of_churn_and_retention_say_annualised(result) -> None:
    texts = [[str(getattr(c, "value", c)) for c in row] for row in attainment_rows(result, "ja")]
    churn = KPI_BY_KEY["churn_rate"].label("ja")
    year = [r for r in texts if r[0] == "FY2025" and r[1] == TEAM]
    months = [r for r in texts if r[0] == "2025-10" and r[1] == TEAM]
    assert f"{churn}(年換算)" in {c for r in year for c in r}
    assert f"{KPI_BY_KEY['retention_rate'].label('ja')}(年換算)" in {c for r in year for c in r}
    assert churn in {c for r in months for c in r}
    assert not any("年換算" in c for r in months for c in r)
