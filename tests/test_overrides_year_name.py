"""Overrides read a fiscal year as the workbook names it, and an unused row says why (trial 24 H6).

With Settings FiscalYearLabel = end every sheet names the plan year by the year it ends in
(2026-04 … 2027-03 is FY2027). An Overrides row typed "FY2027" was silently not used, and the
Plan said it was because there was no visit history; "FY2026" (the tables' key) worked. Now
both forms are the plan year (the key with an info row saying how the workbook names it), and
a row that cannot be used names its real reason: the period, the rep, or the KPI.

Real files: the corpus's small book (plan year 2026, April start, reps Sato, Suzuki, Tanaka),
its Settings and Overrides typed with openpyxl as a user would, recalculated, read back.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from routekpi.messages import text
from routekpi.recalc import recalculate

BASE = Path(__file__).parent / "corpus" / "base.xlsm"


def _book(path: Path, rows: list[list[object]], label: str = "end") -> Path:
    shutil.copyfile(BASE, path)
    wb = openpyxl.load_workbook(path, keep_vba=True)
    wb["Settings"]["B23"] = label  # FiscalYearLabel
    ws = wb["Overrides"]
    for i, row in enumerate(rows, 2):
        for j, v in enumerate(row, 1):
            ws.cell(i, j, v)
    table = next(iter(ws.tables.values()))
    table.ref = f"A1:D{len(rows) + 1}"
    if table.autoFilter is not None:
        table.autoFilter.ref = table.ref
    wb.save(path)
    recalculate(path)
    return path


def _sheet(path: Path, name: str) -> list[tuple[object, ...]]:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    return [r for r in wb[name].iter_rows(values_only=True) if any(v is not None for v in r)]


def _target(path: Path, rep: str, period: str) -> float:
    [row] = [r for r in _sheet(path, "Targets") if r[:3] == (period, rep, "revenue")]
    return float(row[5])  # type: ignore[arg-type]


def _checks(path: Path) -> str:
    """Checks' message cells joined (a long message is wrapped over rows)."""
    return "".join(str(r[4] or "") for r in _sheet(path, "Checks")[1:])


@pytest.fixture(scope="module")
def typed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _book(
        tmp_path_factory.mktemp("ovr") / "book.xlsm",
        [
            ["売上", "Sato", "FY2027", 30_000_000],  # the plan year as every sheet names it
            ["売上", "Suzuki", "2026/5", 2_000_000],  # a month typed with a slash
            ["売上", "Tanaka", "FY2025", 25_000_000],  # a year before the plan
            ["売上", "Satou", "FY2027", 1_000_000],  # no such rep
        ],
    )


def test_the_year_typed_as_the_sheets_name_it_is_used(typed: Path) -> None:
    assert _target(typed, "Sato", "FY2027") == 30_000_000
    assert _target(typed, "Suzuki", "2026-05") == 2_000_000
    plan = "".join(str(c) for r in _sheet(typed, "Plan") for c in r if c)
    assert "Satoの売上¥30,000,000" in plan.replace(" ", "")


def test_a_row_not_used_says_its_true_reason(typed: Path) -> None:
    said = _checks(typed)
    period = text(
        "override_period_unplanned",
        "ja",
        kpi="revenue",
        rep="Tanaka",
        period="FY2025",
        year="FY2027",
        first="2026-04",
        last="2027-03",
    )
    rep = text("override_rep_unplanned", "ja", kpi="revenue", rep="Satou", period="FY2027")
    assert period in said and rep in said
    assert (
        "期間「FY2025」はこの計画の期間ではありません。計画年度は FY2027(2026-04〜2027-03)" in said
    )
    # Not the old sentence, which blamed a missing visit history for any row.
    assert "訪問履歴がないと" not in said
    # Tanaka's target is the computed one.
    assert _target(typed, "Tanaka", "FY2027") != 25_000_000


def test_the_key_form_is_the_plan_year_too_and_the_naming_is_said(tmp_path: Path) -> None:
    book = _book(tmp_path / "key.xlsm", [["売上", "Sato", "FY2026", 30_000_000]])
    assert _target(book, "Sato", "FY2027") == 30_000_000
    said = _checks(book)
    assert (
        text(
            "override_period_key",
            "ja",
            typed="FY2026",
            name="FY2027",
            first="2026-04",
            last="2027-03",
        )
        in said
    )
    assert "この計画の期間ではありません" not in said


def test_with_start_naming_fy2027_is_the_next_year_and_said_so(tmp_path: Path) -> None:
    """The company's own naming decides: with ``start`` FY2027 is 2027-04 … 2028-03."""
    book = _book(tmp_path / "start.xlsm", [["売上", "Sato", "FY2027", 30_000_000]], "start")
    assert _target(book, "Sato", "FY2026") != 30_000_000
    assert "期間「FY2027」はこの計画の期間ではありません。計画年度は FY2026(2026-04〜2027-03)" in (
        _checks(book)
    )


def test_the_forms_a_period_is_read_in() -> None:
    """An October start named by the year it ends in (plan year 2026 = FY2027 in print)."""
    from routekpi.contract import Check
    from routekpi.validation.settings import override_period

    def read(typed: object, label: str = "end") -> tuple[str, list[str]]:
        checks: list[Check] = []
        return override_period(typed, 2026, 10, label, checks), [c.problem for c in checks]

    assert read("FY2027") == ("FY2026", [])  # the plan year as printed
    assert read("ｆｙ２０２７") == ("FY2026", [])  # typed in full width, lower case
    assert read("2027年度") == ("FY2026", [])
    assert read("FY2026") == ("FY2026", ["override_period_key"])  # the key: said how named
    assert read("FY2025") == ("FY2024", [])  # 2024-10 … 2025-09: in no plan, said there
    assert read("FY2026", "start") == ("FY2026", [])
    assert read("FY2027", "start") == ("FY2027", [])  # the next year with start naming
    for month in ("2027-05", "2027/5", "2027年5月", "2027-05-01", "2027-05-01 00:00:00"):
        assert read(month) == ("2027-05", []), month
    assert read("2027-13") == ("2027-13", [])  # not a month: kept as typed, said by the plan
    assert read("来期") == ("来期", [])
