"""Usage to date and tenure, read at a month's end, are due month by month (trial 40).

The year's targets of 現在までの利用金額 and 継続期間 (averages over the accounts held at the
year's start, catalog ``at_span_end``) are their values at the year's END. Every month carried
that year-end value, so the Attainment read tenure at 97% and usage at 92% in November on a
team on course for both. A month's target is now the value due by its end: the start cohort's
tenure plus the months gone (the year's target less the months still to come), its usage the
year's less the revenue per account still planned after the month; the year row's 目標(経過分)
is the as-of month's target (the sample's as-of date is a month's last day).

Real files: the small sample book recalculated, Targets and Attainment read back.
"""

from __future__ import annotations

import itertools

import openpyxl
import pytest

from routekpi.io.samplebook import write_sample_workbook
from routekpi.recalc import recalculate


@pytest.fixture(scope="module")
def sheets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple[object, ...]]]:
    book = tmp_path_factory.mktemp("stock") / "book.xlsm"
    write_sample_workbook(book, "ja", seed=11, orders_rows=4_000)
    recalculate(book)
    wb = openpyxl.load_workbook(book, read_only=True, data_only=True)
    return {
        n: list(wb[n].iter_rows(min_row=2, values_only=True)) for n in ("Targets", "Attainment")
    }


def _targets(rows: list[tuple[object, ...]], rep: str, key: str) -> tuple[float, list[float]]:
    mine = [r for r in rows if r[1] == rep and r[2] == key]
    year = [float(r[5]) for r in mine if str(r[0]).startswith("FY")]  # type: ignore[arg-type]
    months = [float(r[5]) for r in mine if not str(r[0]).startswith("FY")]  # type: ignore[arg-type]
    assert len(year) == 1 and len(months) == 12, (rep, key, len(months))
    return year[0], months


def test_tenure_grows_a_month_a_month_to_the_years_target(
    sheets: dict[str, list[tuple[object, ...]]],
) -> None:
    reps = sorted({str(r[1]) for r in sheets["Targets"] if r[2] == "retention_months"})
    assert "ALL" in reps and len(reps) > 2
    for rep in reps:
        year, months = _targets(sheets["Targets"], rep, "retention_months")
        assert months == pytest.approx([year - (12 - i) for i in range(1, 13)], abs=1e-6), rep


def test_usage_grows_with_the_revenue_planned_per_account(
    sheets: dict[str, list[tuple[object, ...]]],
) -> None:
    """By hand per rep: month i = the year's usage − (revenue targets after month i) ÷ the
    year's active accounts target (the month revenue targets are rounded to the yen)."""
    rows = sheets["Targets"]
    reps = sorted({str(r[1]) for r in rows if r[2] == "usage_to_date"} - {"ALL"})
    for rep in reps:
        year, months = _targets(rows, rep, "usage_to_date")
        _, revenue = _targets(rows, rep, "revenue")
        book, _ = _targets(rows, rep, "active_accounts")
        by_hand = [year - sum(revenue[i + 1 :]) / book for i in range(12)]
        assert months == pytest.approx(by_hand, rel=1e-4), rep
        assert months[-1] == pytest.approx(year, rel=1e-9)
        assert all(b > a for a, b in itertools.pairwise(months))


def test_the_year_to_date_is_due_the_as_of_months_value(
    sheets: dict[str, list[tuple[object, ...]]],
) -> None:
    """The sample is as of 2026-10-31: the year row's 目標(経過分) of both is October's
    target, and its 目標 stays the year's."""
    att = sheets["Attainment"]
    for key in ("retention_months", "usage_to_date"):
        for rep in ("ALL", "Tanaka"):
            [fy] = [r for r in att if r[1] == rep and r[2] == key and str(r[0]).startswith("FY")]
            year, months = _targets(sheets["Targets"], rep, key)
            assert fy[5] == pytest.approx(year)
            assert fy[9] == pytest.approx(months[6]), (key, rep)  # April … October
            assert fy[6] == pytest.approx(fy[4] / months[6])  # type: ignore[operator]
