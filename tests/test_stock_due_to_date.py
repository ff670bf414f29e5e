"""A stock KPI's target to date on the Attainment's year row is the Review's: the average of
the monthly targets so far, not the full year's average (trial31 L4: active accounts 346.76
on the Dashboard and Attainment beside the Review's 342.70, under a rising target)."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import openpyxl
import pytest

from routekpi.cli import main
from routekpi.io.samplebook import write_sample_workbook

SO_FAR = [f"2026-{m:02d}" for m in range(4, 11)]  # as of 2026-10-31: April – October whole


def test_active_accounts_due_to_date_is_the_months_so_far(tmp_path: Path) -> None:
    book = tmp_path / "book.xlsm"
    write_sample_workbook(book, "en", orders_rows=6_000)  # FY2026, as of 2026-10-31
    assert main(["recalc", str(book)]) == 0
    wb = openpyxl.load_workbook(book, data_only=True, read_only=True)
    targets = {
        (r[0], r[1]): r[5]
        for r in wb["Targets"].iter_rows(min_row=2, values_only=True)
        if r[2] == "active_accounts"
    }
    year = {
        r[1]: r
        for r in wb["Attainment"].iter_rows(min_row=2, values_only=True)
        if r[0] == "FY2026" and r[2] == "active_accounts"
    }
    review = {
        r[0]: r
        for r in wb["Review"].iter_rows(min_row=2, values_only=True)
        if r[1] == "active_accounts"
    }
    # The team's target rises by the same step each month (89.83 in April … 98.99 in
    # March, the year's average 94.41): the average of April – October's seven is their
    # middle one, July's, 92.33 — below the year's.
    team = [targets[(m, "ALL")] for m in SO_FAR]
    steps = [b - a for a, b in pairwise(team)]
    assert steps == pytest.approx([steps[0]] * 6) and steps[0] > 0
    assert sum(team) / 7 == pytest.approx(targets[("2026-07", "ALL")])
    assert targets[("FY2026", "ALL")] > targets[("2026-07", "ALL")] + 2
    # Columns: Period, Rep, KPI key, KPI, Actual, Target, Attainment to date, Pace,
    # Forecast, Target to date.
    for rep, row in year.items():
        due = sum(targets[(m, rep)] for m in SO_FAR) / 7
        assert row[9] == pytest.approx(due), rep
        assert row[5] == pytest.approx(targets[("FY2026", rep)]), rep  # the year's beside it
        assert row[6] == pytest.approx(row[4] / due), rep
        # The Review's row reads the same target to date and attainment.
        assert review[rep][3] == pytest.approx(due), rep
        assert review[rep][5] == pytest.approx(row[6]), rep
