"""A UDF model is built without the checks only the Checks sheet shows
(``compute_data(sheet_checks=False)``): the same engine result as the button's run, and the
validation's checks, in the same order, a part of the button's."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from routekpi.io.reader import read_workbook
from routekpi.pipeline import compute_data
from tests.workbook_files import CORPUS

DAY = dt.date(2026, 12, 4)
BOOKS = [
    "base.xlsm",
    "visit_kinds_sfa.xlsm",
    "unknown_account_rep.xlsm",
    "route_words_repeats.xlsm",
]


def _rows(checks: list) -> list[tuple[object, ...]]:
    return [(c.sheet, c.row, c.column, repr(c.value), c.problem, c.severity) for c in checks]


def _compare(path: Path) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    data = read_workbook(path)
    full = compute_data(data, today=DAY)
    lean = compute_data(data, today=DAY, sheet_checks=False)
    pd.testing.assert_frame_equal(lean.result.targets, full.result.targets)
    pd.testing.assert_frame_equal(lean.result.attainment, full.result.attainment)
    # KPI_FLAGS reads the flags: the same without the notes only the sheets print.
    pd.testing.assert_frame_equal(lean.result.flags, full.result.flags)
    assert lean.rows_read == full.rows_read and lean.language == full.language
    return _rows(lean.checks), _rows(full.checks)


@pytest.mark.parametrize("name", BOOKS)
def test_the_udf_model_runs_as_the_button_runs(name: str) -> None:
    lean, full = _compare(CORPUS / name)
    left = iter(full)
    assert all(row in left for row in lean)  # the validation's lines, in the button's order
    # What only the Checks sheet shows is left out: the engine's notes among them.
    assert len(lean) < len(full)


def test_the_sample_runs_as_the_button_runs(sample_book_master: Path) -> None:
    lean, full = _compare(sample_book_master)
    assert len(lean) <= len(full)
