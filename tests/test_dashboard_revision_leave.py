"""The Dashboard says a planned price revision and the plan year's leave (trial 34 L5: the
unit-price row +4.1% had an empty 理由, the bridge's 取引単価 bar did not say it was the
revision, and 小川's leave was on the Plan and Checks only).

tests/test_price_revision.py's book (three reps A, B, C, five or six accounts each ordering
once a month at ¥1,000; FY2026 April – March, as of 2026-03-31: the year has not begun) with
a +3% revision from 2026-10 typed on Settings, and A on leave Mon 2026-05-11 … Fri 05-15
(five working days, no holiday). Written, recalculated and read back.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from routekpi import render_dashboard as rd
from routekpi.io import dashboard_layout as dl
from routekpi.recalc import recalculate
from routekpi.schema import DASHBOARD, OUTPUT_BY_NAME, OUTPUT_COLUMNS, OutputSheet
from tests.test_price_revision import _book, _history
from tests.workbook_files import edit, paste

LEAVE = ["A", date(2026, 5, 11), date(2026, 5, 15), "休暇"]


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    h = _history("2022-04", 48, lambda month: 1000.0, extra=True)
    path = _book(tmp_path_factory.mktemp("rev") / "book.xlsm", h, 214_200, "2026-10", 3)
    with edit(path) as wb:
        paste(wb, "Leave", [LEAVE])
    recalculate(path)
    return path


def _sheet(path: Path, spec: OutputSheet) -> list[list[object]]:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    name = spec.ja if spec.ja in wb.sheetnames else spec.name
    return [list(r) for r in wb[name].iter_rows(values_only=True)]


@pytest.fixture(scope="module")
def dashboard(book: Path) -> list[list[object]]:
    return _sheet(book, DASHBOARD)


def test_the_targets_unit_price_reason_says_the_revision(book: Path) -> None:
    """Trial 36 M6: the Targets row (and a rep's copy, which shows it) read only
    「自社データの動きから」 for a unit price three points of which are the revision."""
    rows = _sheet(book, OUTPUT_BY_NAME["Targets"])
    keys = [c.key for c in OUTPUT_COLUMNS["Targets"]]
    at = {k: keys.index(k) for k in ("period", "kpi_key", "basis")}
    price = [r for r in rows if r[at["kpi_key"]] == "unit_price"]
    year = [r for r in price if str(r[at["period"]]).startswith("FY")]
    assert year and all(
        str(r[at["basis"]]).endswith("。価格改定 2026-10 +3.0%(設定より)を含む") for r in year
    )
    months = [r for r in price if not str(r[at["period"]]).startswith("FY")]
    assert months and not any("価格改定" in str(r[at["basis"]] or "") for r in months)


def _at(rows: list[list[object]], row: int, col: int) -> object:
    line = rows[row - 1] if row <= len(rows) else []
    return line[col - 1] if col <= len(line) else None


def test_the_unit_price_row_says_the_revision(dashboard: list[list[object]]) -> None:
    c = dl.KPI_COL
    kpis = {_at(dashboard, r, c): r for r in range(dl.BLOCK_TOP + 1, dl.BLOCK_TOP + 1 + 13)}
    row = kpis["取引単価"]
    assert _at(dashboard, row, c + 4) == "価格改定 2026-10 +3.0%を含む"


def test_the_bridge_bar_says_the_revision(dashboard: list[list[object]]) -> None:
    labels = [
        _at(dashboard, r, dl.DATA_COL)
        for r in range(dl.BRIDGE_FIRST, dl.BRIDGE_FIRST + dl.BRIDGE_SLOTS)
    ]
    assert "取引単価(価格改定 2026-10 +3.0%を含む)" in labels


def test_the_leave_is_one_line_under_the_plan_block(dashboard: list[list[object]]) -> None:
    assert _at(dashboard, rd.REASON_TOP, dl.PLAN_COL) == "計画年度の休暇・不在"
    assert _at(dashboard, rd.REASON_TOP + 1, dl.PLAN_COL) == (
        "A 2026-05-11〜2026-05-15(5営業日)。担当顧客の目標は本人のまま(計画シート参照)"
    )
