"""Trial 21 on real workbooks: rows left out that empty whole months, a 税込 amount column,
month subtotal rows (4月計).

Each case copies the corpus's small valid book (``tests/corpus/base.xlsm``: 3 reps, 1,728
order lines on rows 2 … 1,729 from 2024-04 to 2026-06, FY2026 from April, baseline
¥58,430,081 over 2025-04 – 2026-03), changes cells as the user did, runs ``routekpi recalc``
and reads back the console summary, the Checks sheet and the Plan sheet.

Order lines per month in base.xlsm: 2025-06 80, 2025-07 68, 2025-08 53, 2025-09 66 (267).
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import python_calamine
from workbook_files import Book, checks_sheet, corpus_copies, edit

from routekpi.cli import main
from routekpi.share.job import share
from routekpi.validation.gaps import THIN_MONTH_SHARE, emptied_months, month_runs
from routekpi.validation.subtotals import is_subtotal
from routekpi.validation.tax import is_tax_included

BASELINE = 58_430_081.0
SUMMER = 267  # order lines of 2025-06 … 2025-09
GAP_LINE = (
    "2025-06〜2025-09 の受注がほぼありません(267 行を使用しませんでした: 年のない日付)。"
    "計画はこれらの行なしで作られています: 上の行の理由を直して再計算してください"
)


@pytest.fixture
def book(tmp_path: Path) -> Book:
    """A fresh copy of base.xlsm per call."""
    return corpus_copies(tmp_path)


def _recalc(path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """``routekpi recalc`` (no --json): the console summary."""
    assert main(["recalc", str(path)]) == 0
    return capsys.readouterr().out


def _day(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


def _plan(path: Path) -> dict[str, object]:
    rows = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Plan")
    return {str(r[0]): r[1] for r in rows.to_python() if r and r[0]}


# --- 1. rows left out that empty months -----------------------------------------------------


def test_summer_dates_without_a_year_make_a_critical_line_naming_the_months(
    book: Book, capsys: pytest.CaptureFixture[str]
) -> None:
    """June–September typed 「6月3日」 (the year only in the tab's name): 267 of 1,728 lines
    (15%, under the quarter that made the line critical before) and four whole months gone
    from the baseline. The line is critical, names the months, the rows and why."""
    path = book()
    with edit(path) as wb:
        ws = wb["Orders"]
        typed = 0
        for r in range(2, ws.max_row + 1):
            day = _day(ws.cell(r, 1).value)
            if day is not None and date(2025, 6, 1) <= day <= date(2025, 9, 30):
                ws.cell(r, 1).value = f"{day.month}月{day.day}日"
                typed += 1
    assert typed == SUMMER
    out = _recalc(path, capsys)
    assert "  チェック: 重大 1 件、エラー 267 件(使わなかった行)" in out
    assert f"    ! Orders: {GAP_LINE}" in out
    rows = checks_sheet(path, "Orders")
    assert rows[-1] == ("Orders", None, "", "", GAP_LINE, "重大")
    assert sum(r[5] == "エラー(行を除外)" for r in rows) == SUMMER  # each row still listed


def test_the_summary_counts_rows_left_out_not_the_listed_errors(
    book: Book, capsys: pytest.CaptureFixture[str]
) -> None:
    """600 rows with both the date and the rep blank: 1,200 errors, of which the Checks list
    shows its cap of 1,000. The summary says the 600 rows, not 1,000 (trial 21 read
    「エラー 1000 件」 for 12,978 rows)."""
    path = book()
    with edit(path) as wb:
        ws = wb["Orders"]
        for r in range(2, 602):
            ws.cell(r, 1).value = None
            ws.cell(r, 3).value = None
    out = _recalc(path, capsys)
    assert "エラー 600 件(使わなかった行)" in out
    rows = checks_sheet(path, "Orders")
    assert sum(r[5] == "エラー(行を除外)" for r in rows) == 1000  # the list's cap


def test_rows_left_out_across_the_year_stay_an_info_line(
    book: Book, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every tenth line's date typed without a year: 173 rows, no month emptied (each keeps
    90% of its lines): the plain info line, as before."""
    path = book()
    with edit(path) as wb:
        ws = wb["Orders"]
        for r in range(2, ws.max_row + 1, 10):  # rows 2, 12, … 1,722: 173 rows
            day = _day(ws.cell(r, 1).value)
            assert day is not None
            ws.cell(r, 1).value = f"{day.month}/{day.day}"
    out = _recalc(path, capsys)
    assert "  チェック: 重大 0 件、エラー 173 件(使わなかった行)" in out
    assert checks_sheet(path, "Orders")[-1] == (
        "Orders",
        None,
        "",
        "",
        "173行を使用しませんでした",
        "情報",
    )


def _months(*spec: tuple[str, int]) -> pd.Series:
    """Kept order dates: ``n`` lines on the 10th of each month given."""
    return pd.Series(
        [pd.Timestamp(f"{m}-10") for m, n in spec for _ in range(n)], dtype="datetime64[ns]"
    )


def test_a_month_is_emptied_only_when_the_rows_left_out_would_have_filled_it() -> None:
    """Median of the months with orders 100 → floor 20. 2025-02 keeps 10: the 15 rows left
    out with its date lift it to 25 (emptied); 2025-03 keeps 10 and 5 dated rows would give
    15 (a quiet month, not emptied); 2025-04 is empty and 30 year-less 4月 rows fill it."""
    kept = _months(
        ("2025-01", 100), ("2025-02", 10), ("2025-03", 10), ("2025-05", 100), ("2025-06", 100)
    )
    dated = {pd.Period("2025-02", "M"): 15, pd.Period("2025-03", "M"): 5}
    assert THIN_MONTH_SHARE == 0.2
    found = emptied_months(kept, dated, {4: 30})
    assert [str(m) for m in found] == ["2025-02", "2025-04"]
    assert month_runs(found) == "2025-02、2025-04"
    # The history's first and last months are its edges, never "emptied".
    assert emptied_months(kept, {pd.Period("2025-06", "M"): 200}, {1: 500}) == []


# --- 2. tax-included amounts ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "included"),
    [
        ("金額(税込)", True),
        ("税込金額", True),
        ("売上金額（税込）", True),
        ("Amount (incl. tax)", True),
        ("金額", False),
        ("金額(税抜)", False),
        ("売上高", False),
    ],
)
def test_tax_included_headers(header: str, included: bool) -> None:
    assert is_tax_included(header) is included


def test_a_tax_included_amount_column_is_said_and_marked_on_the_plan(
    book: Book, capsys: pytest.CaptureFixture[str]
) -> None:
    """The amounts stay as typed (the same baseline); Checks says they were read as 税込 and
    the Plan's KGI and baseline labels carry (税込)."""
    path = book()
    with edit(path) as wb:
        wb["Orders"]["D1"] = "金額(税込)"
    _recalc(path, capsys)
    assert ("Orders", 1, "D 金額(税込)", "金額(税込)") in [
        r[:4] for r in checks_sheet(path, "Orders")
    ]
    line = next(r for r in checks_sheet(path, "Orders") if r[3] == "金額(税込)")
    assert line[4:] == (
        "金額は税込として読みました(列「金額(税込)」)。KGI・基準売上・着地見込み・目標もすべて"
        "税込です。会計の売上高(税抜)と比べると税の分だけ高く出ます",
        "情報",
    )
    plan = _plan(path)
    assert plan["KGI(年間売上目標)(税込)"] == 66_000_000
    assert plan["前年実績(基準)売上(税込)"] == BASELINE
    assert "KGI(年間売上目標)" not in plan
    # The Dashboard's plan block carries the same labels.
    dash = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Dashboard")
    cells = {str(v): row for row in dash.to_python() for v in row if isinstance(v, str)}
    row = cells["KGI(年間売上目標)(税込)"]
    assert row[row.index("KGI(年間売上目標)(税込)") + 1] == 66_000_000
    # The baseline's label names its months there (trial 26 L2), tax mark first.
    assert any(v.startswith("基準売上(税込)(") for v in cells) and "KGI(年間売上目標)" not in cells


def test_the_team_copy_for_the_accountant_says_tax_included(
    book: Book, capsys: pytest.CaptureFixture[str]
) -> None:
    """Trial 21 sent the team copy to the 税理士: its Cover and Plan carry (税込)."""
    path = book()
    with edit(path) as wb:
        wb["Orders"]["D1"] = "金額(税込)"
    _recalc(path, capsys)
    report = share(path, path.parent / "out")
    team = next(f.path for f in report.files if f.rep is None)
    wb = openpyxl.load_workbook(team)
    cover = {r[0]: r[1] for r in wb["表紙"].iter_rows(values_only=True) if r[0]}
    assert cover["KGI(年間売上目標)(税込)"] == 66_000_000
    plan = {r[0]: r[1] for r in wb["計画"].iter_rows(values_only=True) if r[0]}
    assert plan["前年実績(基準)売上(税込)"] == BASELINE


def test_a_plain_amount_column_has_no_tax_mark(
    book: Book, capsys: pytest.CaptureFixture[str]
) -> None:
    path = book()
    _recalc(path, capsys)
    plan = _plan(path)
    assert plan["前年実績(基準)売上"] == BASELINE
    assert not [r for r in checks_sheet(path, "Orders") if "税込" in str(r[4])]


# --- 3. month subtotal rows -----------------------------------------------------------------


@pytest.mark.parametrize("label", ["4月計", "１２月計", "月計", "5月合計", "2026年5月計", "小計"])
def test_month_subtotal_labels(label: str) -> None:
    assert is_subtotal(label)


@pytest.mark.parametrize("label", ["4月", "5月1日", "月", "計画"])
def test_not_subtotal_labels(label: str) -> None:
    assert not is_subtotal(label)


def test_month_subtotal_rows_are_skipped_without_errors(
    book: Book, capsys: pytest.CaptureFixture[str]
) -> None:
    """An ERP's month subtotals below the lines (「5月計」 in the customer column, the date and
    the rep blank, the month's sum): one info line, no 必須項目 errors, the same baseline."""
    path = book()
    with edit(path) as wb:
        ws = wb["Orders"]
        ws.append([None, "5月計", None, 4_000_000])  # row 1,730
        ws.append([None, "6月計", None, 3_500_000])  # row 1,731
    out = _recalc(path, capsys)
    assert "エラー 0 件(使わなかった行)" in out
    assert checks_sheet(path, "Orders") == [
        (
            "Orders",
            1730,
            "B 顧客コード",
            "5月計",
            "合計行を読み飛ばしました(「5月計」の1730, 1731行目、2行)。"
            "明細の行ではないため売上に数えません",
            "情報",
        )
    ]
    assert _plan(path)["前年実績(基準)売上"] == BASELINE
