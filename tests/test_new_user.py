"""What a new user ran into (issue 16): each ordinary mistake gets a clear answer, not nonsense.

Most cases start from the corpus's small valid workbook (``tests/corpus/base.xlsm``: 3 reps,
30 accounts, history 2024-04 … 2026-06-30, KGI ¥66M, FY2026 from April) read once, then
changed in memory the way a user would change the cells, and run through ``compute_data`` —
the one path the command line, the button and the worksheet functions share.
"""

from __future__ import annotations

import copy
import io
import json
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from routekpi.cli import main
from routekpi.core.calendar import fiscal_year_of
from routekpi.io.dashboard_layout import CELLS as DASH_CELLS
from routekpi.io.dashboard_layout import DATA_COL, FEASIBLE_ROW
from routekpi.io.package import sheet_part_names
from routekpi.io.reader import WorkbookData, read_workbook
from routekpi.io.template import build_template
from routekpi.messages import text
from routekpi.pipeline import status_alert
from routekpi.recalc import compute_data, recalculate
from routekpi.render import check_message
from routekpi.schema import INPUT_SHEETS, OUTPUT_COLUMNS, SETTING_SPECS
from routekpi.validation.tables import LISTED_AFTER_AS_OF, duplicate_reason, validate_inputs

CORPUS = Path(__file__).parent / "corpus"
BASE = CORPUS / "base.xlsm"


@pytest.fixture(scope="module")
def base_data() -> WorkbookData:
    """base.xlsm as read from the file (copied per use: the tests change it)."""
    return read_workbook(BASE)


def _with(data: WorkbookData, **settings: object) -> WorkbookData:
    out = copy.deepcopy(data)
    out.settings.update(settings)
    return out


def _rows(checks: list) -> list[tuple[object, ...]]:
    return [(c.sheet, c.row, c.column, c.value, c.problem, c.severity) for c in checks]


# --- 1. one as-of date, one plan year, whichever door they came in by ------------------------


def test_as_of_from_the_command_line_equals_the_settings_cell(base_data: WorkbookData) -> None:
    day = date(2026, 5, 31)
    by_flag = compute_data(_with(base_data), as_of=day)
    by_cell = compute_data(_with(base_data, AsOf=day))
    # Same Checks (the orders of June are after the as-of date either way), same numbers.
    assert _rows(by_flag[1]) == _rows(by_cell[1])
    assert any(c.problem == "after_as_of" for c in by_cell[1])
    assert by_flag[0].evidence.as_of == by_cell[0].evidence.as_of == day
    assert by_flag[0].attainment.equals(by_cell[0].attainment)


def test_the_plan_year_follows_the_as_of_date_whichever_door(base_data: WorkbookData) -> None:
    # PlanYear blank: the plan year is the fiscal year of the as-of date, from either door.
    day = date(2026, 3, 31)  # FY2025 with an April start
    by_flag = compute_data(_with(base_data, PlanYear=None, AsOf=None), as_of=day)
    by_cell = compute_data(_with(base_data, PlanYear=None, AsOf=day))
    assert by_flag[0].evidence.settings.plan_year == 2025
    assert by_cell[0].evidence.settings.plan_year == 2025
    assert _rows(by_flag[1]) == _rows(by_cell[1])


@pytest.mark.parametrize("typed", ["FY2027", "ＦＹ２０２７", "2027年度", "令和9年度", "R9年度"])
def test_the_plan_year_as_the_outputs_label_it_or_in_japanese(
    base_data: WorkbookData, typed: str
) -> None:
    """PlanYear typed as every output sheet labels it (FY2027) or as said in Japanese reads as
    2027, with no check on reading it (it silently planned the as-of date's year, with
    "default —"). The one Settings row: FY2027 starts 2027-04, 10 months after the history's
    2026-06-30, so a warning names 2026 (validation.plan_year)."""
    result, checks, *_ = compute_data(_with(base_data, PlanYear=typed))
    assert result.evidence.settings.plan_year == 2027
    said = [(c.problem, c.params) for c in checks if c.sheet == "Settings"]
    assert [(p, params["ahead"], params["meant_year"]) for p, params in said] == [
        ("plan_year_far_ahead", 10, 2026)
    ]


def test_a_bad_plan_year_says_it_is_read_as_blank(base_data: WorkbookData) -> None:
    """A plan year that cannot be read falls back to blank (the as-of date's year), and the
    check says so in words, not "default —", and what to type; a bad date names the problem,
    not its code."""
    _, checks, *_ = compute_data(_with(base_data, PlanYear="来年", AsOf="2026/11/31"))
    # (the info row on why a blank AsOf is the last order's day is another matter)
    said = {
        c.params["name"]: check_message(c, "ja")
        for c in checks
        if c.sheet == "Settings" and c.severity != "info"
    }
    # What to type, with the year the blank reads (trial 54 L1; tests/test_plan_year_typed_ki).
    assert said["PlanYear"] == (
        "設定「PlanYear」の値が正しくありません: 数値として読めません"
        "(空欄として扱い、FY2026(2026-04〜2027-03)を計画します)。"
        "計画年度には年度の始まる年を西暦で入力します(例: FY2026 なら 2026)"
    )
    assert (
        said["AsOf"] == "設定「AsOf」の値が正しくありません: 存在しない日付です(空欄として扱います)"
    )


@pytest.mark.parametrize("months", [6, 24, 36])
def test_a_baseline_other_than_a_year_is_a_warning_in_words(
    base_data: WorkbookData, months: int
) -> None:
    """BaselineMonths other than 12: "last year" is a part of a year or several years, scaled
    to 12 months — a warning either way (it was at most an info line beside an uplift of
    hundreds of percent, and nothing for 24 months)."""
    result, checks, *_ = compute_data(_with(base_data, BaselineMonths=months))
    seen = len(result.evidence.baseline_months) if months <= 24 else 24  # base: 24 of history
    part = [c for c in checks if c.problem in ("baseline_part_year", "baseline_multi_year")]
    assert [(c.problem, c.severity, c.params) for c in part] == [
        (
            "baseline_part_year" if months < 12 else "baseline_multi_year",
            "warn",
            {"months": seen},
        )
    ]
    said = check_message(part[0], "en")
    # Scaled to a year (so the targets multiply back to the KGI), and said so.
    assert f"{seen} months of history scaled to 12" in said
    short = [c for c in checks if c.problem == "short_baseline"]
    assert len(short) == (months > seen) and all(c.severity == "warn" for c in short)
    plain, *_ = compute_data(base_data)
    # (the base sample's lost account is a note about its book, not about its months)
    assert not [
        c
        for c in plain.notes
        if c.code.startswith("baseline_") and c.code != "baseline_lost_accounts"
    ]


# --- 2. the default plan year honours FiscalStartMonth -----------------------------------------


@pytest.mark.parametrize(
    ("day", "start", "year"),
    [
        (date(2026, 2, 15), 1, 2026),  # FY2026 = 2026-01 … 2026-12
        (date(2026, 2, 15), 4, 2025),  # FY2025 = 2025-04 … 2026-03
        (date(2026, 3, 31), 4, 2025),
        (date(2026, 4, 1), 4, 2026),
        (date(2026, 9, 30), 10, 2025),
        (date(2026, 10, 1), 10, 2026),
        (date(2026, 12, 31), 12, 2026),
        (date(2026, 11, 30), 12, 2025),
    ],
)
def test_fiscal_year_of_any_start_month(day: date, start: int, year: int) -> None:
    assert fiscal_year_of(day, start) == year


def test_default_plan_year_with_a_january_fiscal_start(base_data: WorkbookData) -> None:
    data = _with(base_data, FiscalStartMonth=1, PlanYear=None, AsOf=date(2026, 2, 15))
    result = compute_data(data)[0]
    assert result.evidence.settings.plan_year == 2026
    assert str(result.evidence.plan_months[0]) == "2026-01"


# --- 3. an as-of date after the end of the history -------------------------------------------


def test_stale_history_is_reported_and_judged_over_what_it_covers(
    base_data: WorkbookData,
) -> None:
    # The history ends on 2026-06-30; an as-of a month later must not invent 30 idle days.
    fresh, _, _, _ = compute_data(_with(base_data, AsOf=date(2026, 6, 30)))
    stale, checks, _, _ = compute_data(_with(base_data, AsOf=date(2026, 7, 30)))
    (note,) = [c for c in checks if c.problem == "history_stale"]
    assert note.params["days"] == 30
    assert note.params["last"] == "2026-06-30" and note.params["as_of"] == "2026-07-30"
    assert note.severity == "warn"
    # Visits, pace and at-risk accounts are judged over the covered period: same as 06-30.
    assert stale.evidence.as_of == date(2026, 6, 30)
    assert stale.flags["code"].tolist() == fresh.flags["code"].tolist()
    assert (stale.flags["code"] == "at_risk_account").sum() == 1  # beyond chance (before: 6)
    # ... and 4 silent for 10× their usual gap, probably closed (trial 48 M2): on their
    # reps' one row each, not an at-risk flag each.
    closed = stale.flags.loc[stale.flags["code"] == "probably_closed", "params"]
    assert sum(int(p["count"]) for p in closed) == 4
    assert stale.attainment.equals(fresh.attainment)


@pytest.mark.parametrize("as_of", [date(2026, 6, 28), date(2026, 7, 2)])
def test_a_weekend_or_a_quiet_day_is_not_stale(base_data: WorkbookData, as_of: date) -> None:
    # History cut to Friday 2026-06-26. As-of Sunday 06-28: no working day is missing (a
    # month-end as-of on a weekend is the usual case). As-of Thursday 07-02: four quiet
    # working days, ordinary for a small team; a whole working week missing is stale.
    data = _with(base_data, AsOf=as_of)
    for name in ("Orders", "Visits"):
        sheet = data.sheets[name]
        assert sheet is not None
        sheet.rows = [r for r in sheet.rows if not _after(r[0], date(2026, 6, 26))]
    checks = compute_data(data)[1]
    assert not [c for c in checks if c.problem == "history_stale"]


def _after(cell: object, day: date) -> bool:
    return isinstance(cell, date) and cell > day


def test_stale_history_is_one_line_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "book.xlsm"
    shutil.copyfile(BASE, path)
    assert main(["recalc", str(path), "--as-of", "2026-07-30"]) == 0
    err = capsys.readouterr().err
    assert "30" in err and "2026-06-30" in err, err


# --- 4. a KGI typed in the wrong unit ---------------------------------------------------------

BASE_REVENUE = 60_902_244.0  # base.xlsm: FY2025 team revenue


@pytest.mark.parametrize(
    ("kgi", "scale"),
    [(1200.0, "1/50,752"), (6_000_000.0, "1/10"), (700_000_000.0, "×11")],
)
def test_a_kgi_far_from_last_year_is_a_critical_check(
    base_data: WorkbookData, kgi: float, scale: str
) -> None:
    result, checks, _, _ = compute_data(_with(base_data, KGI=kgi))
    (check,) = [c for c in checks if c.problem.startswith("kgi_scale")]
    assert check.severity == "critical"
    assert (check.sheet, check.row, check.column, check.value) == ("Settings", 4, "B KGI", kgi)
    assert check.params["scale"] == scale
    # The check compares with last year as booked; the plan stands on the book kept, and
    # the check names that 基準売上 too, as the summary shows it (trial 46 L2).
    assert result.evidence.booked_base.at["ALL", "revenue"] == BASE_REVENUE
    assert result.plan.baseline_revenue < BASE_REVENUE
    assert check.problem == "kgi_scale_base"
    assert check.params["base"] == f"¥{result.plan.baseline_revenue:,.0f}"


@pytest.mark.parametrize("kgi", [6_100_000.0, 66_000_000.0, 600_000_000.0])
def test_a_kgi_within_ten_times_is_no_check(base_data: WorkbookData, kgi: float) -> None:
    checks = compute_data(_with(base_data, KGI=kgi))[1]
    assert not [c for c in checks if c.problem.startswith("kgi_scale")]


def test_the_kgi_unit_check_is_on_stderr_and_the_status_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "book.xlsm"
    shutil.copyfile(BASE, path)
    wb = openpyxl.load_workbook(path, keep_vba=True)
    wb["Settings"]["B4"] = 1200
    wb.save(path)
    assert main(["recalc", str(path)]) == 0
    err = capsys.readouterr().err
    assert "1/50,752" in err, err
    # The file adapter's status line is Plan!C2 (the button writes it to Settings!B2 too).
    status = openpyxl.load_workbook(path, read_only=True)["Plan"]["C2"].value
    assert "1/50,752" in status, status
    # The Dashboard's banner says it, red (its colour cell 0), not "reachable" in green.
    dash = openpyxl.load_workbook(path)["Dashboard"]
    assert "1/50,752" in dash[DASH_CELLS.banner].value
    assert dash.cell(FEASIBLE_ROW, DATA_COL + 1).value == 0


# --- 5. renamed and missing input sheets ------------------------------------------------------


def _edited_copy(tmp_path: Path, edit: Callable[[openpyxl.Workbook], None]) -> Path:
    """base.xlsm changed with openpyxl, standing in for a user's edit in Excel."""
    path = tmp_path / "book.xlsm"
    shutil.copyfile(BASE, path)
    wb = openpyxl.load_workbook(path, keep_vba=True)
    edit(wb)
    wb.save(path)
    return path


def test_a_renamed_visits_tab_is_a_warning_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def rename(wb: openpyxl.Workbook) -> None:
        wb["Visits"].title = "訪問実績2025"

    path = _edited_copy(tmp_path, rename)
    assert main(["recalc", str(path), "--json"]) == 0
    captured = capsys.readouterr()
    checks = json.loads(captured.out)["checks"]
    lookalike = [c for c in checks if c["code"] == "sheet_lookalike"]
    assert [(c["sheet"], c["severity"]) for c in lookalike] == [("Visits", "warn")]
    missing = [c for c in checks if c["code"] == "input_sheet_missing"]
    assert [(c["sheet"], c["severity"]) for c in missing] == [("Visits", "warn")]
    lines = [line for line in captured.err.splitlines() if "訪問実績2025" in line]
    assert lines, captured.err
    # It names the tab found and the names that would have been accepted.
    assert any("訪問履歴" in line and "Visits" in line for line in lines), lines


def test_a_missing_optional_sheet_is_a_warning_with_accepted_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def drop(wb: openpyxl.Workbook) -> None:
        del wb["Holidays"]

    path = _edited_copy(tmp_path, drop)
    assert main(["recalc", str(path)]) == 0
    err = capsys.readouterr().err
    (line,) = [x for x in err.splitlines() if "Holidays" in x]
    assert "会社休日" in line and "休業日" in line, line


def test_a_missing_orders_sheet_lists_the_tabs_and_accepted_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def rename(wb: openpyxl.Workbook) -> None:
        wb["Orders"].title = "2025年度売上"

    path = _edited_copy(tmp_path, rename)
    before = path.read_bytes()
    assert main(["recalc", str(path)]) == 1
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert "2025年度売上" in line and "受注履歴" in line and "Orders" in line, line
    assert path.read_bytes() == before


# --- 6. capped lists say how much they left out ------------------------------------------------


def _count_after(sheet: object, day: date) -> int:
    rows = sheet.rows[1:]  # type: ignore[attr-defined]
    return sum(1 for r in rows if _after(r[0], day))


def test_rows_after_an_earlier_as_of_date_are_one_line_each_sheet(base_data: WorkbookData) -> None:
    """An as-of date set before the history's end on purpose (a plan as of last December):
    the later rows are one info line per sheet with their count and dates, not a thousand
    warnings; a handful of later rows (a stray date) are still listed one by one."""
    day = date(2024, 12, 31)
    checks = compute_data(_with(base_data, AsOf=day))[1]
    for sheet in ("Orders", "Visits"):
        rows = base_data.sheets[sheet].rows[1:]  # type: ignore[attr-defined]
        later = sorted(r[0] for r in rows if _after(r[0], day))
        assert len(later) > LISTED_AFTER_AS_OF  # the premise
        assert not [c for c in checks if c.sheet == sheet and c.problem == "future_date"]
        (line,) = [c for c in checks if c.sheet == sheet and c.problem == "after_as_of"]
        assert line.severity == "warn" and line.row is None
        assert line.params["count"] == f"{len(later):,}"
        assert line.params["first"] == later[0].isoformat()
        assert line.params["last"] == later[-1].isoformat()
        words = check_message(line, "en")
        assert words.startswith(f"{len(later):,} rows after the as-of date 2024-12-31 ("), words
    # An as-of date just before the last few orders: those are listed row by row, warnings.
    days = sorted({r[0] for r in base_data.sheets["Orders"].rows[1:] if isinstance(r[0], date)})  # type: ignore[attr-defined]
    near = next(
        d for d in days if 0 < _count_after(base_data.sheets["Orders"], d) <= LISTED_AFTER_AS_OF
    )
    few = _count_after(base_data.sheets["Orders"], near)
    checks = compute_data(_with(base_data, AsOf=near))[1]
    listed = [c for c in checks if c.sheet == "Orders" and c.problem == "future_date"]
    assert len(listed) == few
    assert all(c.severity == "warn" for c in listed)


# --- 7. identical order lines are all counted ---------------------------------------------------


def _orders(data: WorkbookData) -> list[list[object]]:
    sheet = data.sheets["Orders"]
    assert sheet is not None and sheet.columns is None
    return sheet.rows  # type: ignore[return-value]


def _with_rows(data: WorkbookData, rows: list[list[object]]) -> WorkbookData:
    out = copy.deepcopy(data)
    out.sheets["Orders"].rows = rows  # type: ignore[union-attr]
    return out


def test_identical_order_lines_are_counted_with_a_warning(base_data: WorkbookData) -> None:
    rows = copy.deepcopy(_orders(base_data))
    n = len(rows) - 1  # data rows
    total = sum(r[3] for r in rows[1:])
    rows += [list(rows[1]), list(rows[1]), list(rows[5])]  # three identical lines at the end
    inputs = validate_inputs(_with_rows(base_data, rows).sheets)
    orders = inputs.history.orders
    assert len(orders) == n + 3
    assert orders["amount"].sum() == pytest.approx(total + 2 * rows[1][3] + rows[5][3])
    (warning,) = [c for c in inputs.checks if c.problem == "identical_lines"]
    # Excel rows: header 1, data 2…n+1; the copies are rows n+2, n+3, n+4.
    assert (warning.sheet, warning.row, warning.severity) == ("Orders", n + 2, "warn")
    assert warning.params == {"count": 3, "first": 2}
    assert not [c for c in inputs.checks if c.problem == "duplicate_rows"]


def test_subtotal_lines_in_an_export_are_a_critical_check(
    base_data: WorkbookData, tmp_path: Path
) -> None:
    """An ERP report with a 小計 line per rep (customer 小計, the rep's sum): the lines stay
    (nothing typed is dropped) but a critical check names the label and the yen it adds, and
    it reaches the status line; the same from a CSV file, named by the file."""
    from routekpi.sources import SourceRef

    rows = copy.deepcopy(_orders(base_data))
    header, body = rows[0], rows[1:]
    first = body[0]
    extra = [
        [first[0], "小計", first[2], 1000.0, None],
        [first[0], "【合計】", first[2], 500.0, None],
    ]
    result, checks, *_ = compute_data(_with_rows(base_data, [header, *body, *extra]))
    said = [c for c in checks if c.problem == "subtotal_rows"]
    assert [(c.sheet, c.column, c.value, c.severity) for c in said] == [
        ("Orders", "account", "小計", "critical"),
        ("Orders", "account", "【合計】", "critical"),
    ]
    assert said[0].params == {"value": "小計", "revenue": "¥1,000"}
    assert check_message(said[0], "ja").startswith("「小計」は小計・合計の行に見えます")
    assert status_alert(checks, "ja") == check_message(said[0], "ja")
    # From a file: the compact facts give the same check, named by the file.
    csv = tmp_path / "export.csv"
    lines = ["受注日,顧客コード,担当者,金額"]
    lines += [f"{d:%Y-%m-%d},{a},{r},{amt}" for d, a, r, amt, *_ in [*body, *extra]]
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, checks, *_ = compute_data(
        base_data, sources={"Orders": SourceRef("Orders", str(csv))}, base=tmp_path
    )
    said = [c for c in checks if c.problem.startswith("subtotal_rows")]
    # (The file's compact facts hold no per-account yen: the check says it without the sum.)
    assert [(c.sheet, c.value, c.problem, c.severity) for c in said] == [
        ("export.csv", "小計", "subtotal_rows_any", "critical"),
        ("export.csv", "【合計】", "subtotal_rows_any", "critical"),
    ]
    assert result.plan.baseline_revenue > 0


def test_a_header_pasted_again_is_one_info_row(base_data: WorkbookData, tmp_path: Path) -> None:
    """Trial 27: the header pasted twice (and a second export pasted below the first with its
    own header) gave a wall of accepted words per cell. Now one info row naming the rows, no
    row counted as left out, and the history the same as without them; from a file too."""
    from routekpi.sources import SourceRef

    rows = copy.deepcopy(_orders(base_data))
    header, body = rows[0], rows[1:]
    plain = validate_inputs(base_data.sheets).history.orders
    # Full-width and spaced the second time (as another export spells it): still the header.
    again = [f" {h} " if isinstance(h, str) else h for h in header]
    pasted = [header, list(header), *body[:10], again, *body[10:]]
    inputs = validate_inputs(_with_rows(base_data, pasted).sheets)
    said = [(c.sheet, c.row, c.column, c.problem, c.severity) for c in inputs.checks]
    assert said == [("Orders", 2, "A 受注日", "header_repeats_skipped", "info")]
    assert inputs.checks[0].params == {"count": 2, "rows": "2, 13"}
    assert check_message(inputs.checks[0], "ja") == (
        "見出しの繰り返し行を読み飛ばしました(2, 13行目、2行)。見出しをもう一度貼り付けた行で、"
        "データではありません"
    )
    assert inputs.history.orders["amount"].sum() == plain["amount"].sum()
    assert len(inputs.history.orders) == len(plain)
    # One header cell kept and the rest typed over is a bad row, not a header: it is named.
    half = [header[0], *body[0][1:]]
    inputs = validate_inputs(_with_rows(base_data, [header, half, *body]).sheets)
    assert [(c.row, c.column, c.value) for c in inputs.checks if c.severity == "error"] == [
        (2, "A 受注日", "受注日")
    ]
    # From a file (DuckDB's reader): two exports in one CSV, the second with its header.
    csv = tmp_path / "export.csv"
    lines = [",".join(header[:4])]
    lines += [f"{d:%Y-%m-%d},{a},{r},{amt}" for d, a, r, amt, *_ in body]
    lines[0] = "Date,Account,Rep,Amount"
    lines.insert(11, lines[0])
    lines.insert(5, "ＤＡＴＥ,account,REP,Amount")  # case and width folded (review27)
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result, checks, *_ = compute_data(
        base_data, sources={"Orders": SourceRef("Orders", str(csv))}, base=tmp_path
    )
    said = [(c.row, c.column, c.problem, c.params) for c in checks if c.sheet == "export.csv"]
    assert said[0] == (6, "A Date", "header_repeats_skipped", {"count": 2, "rows": "6, 13"})
    assert [p for _, _, p, _ in said[1:]] == ["source_used"]
    assert result.plan.baseline_revenue > 0


def test_a_grand_total_line_is_one_info_row_on_a_sheet_and_from_a_file(
    base_data: WorkbookData, tmp_path: Path
) -> None:
    """Trial 19: an export ending in 合計 (in the date column, no account, no rep, the sum)
    gave three error rows (not a date, two blanks). Now one info row on the sheet and from a
    CSV, no row counted as left out, and the history the same as without the line."""
    from routekpi.sources import SourceRef

    rows = copy.deepcopy(_orders(base_data))
    body = rows[1:]
    total = sum(r[3] for r in body)
    plain = validate_inputs(base_data.sheets).history.orders
    inputs = validate_inputs(
        _with_rows(base_data, [*rows, ["合計", None, None, total, None]]).sheets
    )
    last = len(body) + 2  # the header is row 1: the line below the last order
    said = [(c.sheet, c.row, c.column, c.value, c.problem, c.severity) for c in inputs.checks]
    assert said == [("Orders", last, "A 受注日", "合計", "total_rows_skipped", "info")]
    assert check_message(inputs.checks[0], "ja") == (
        f"合計行を読み飛ばしました(「合計」の{last}行目、1行)。明細の行ではないため売上に数えません"
    )
    assert inputs.history.orders["amount"].sum() == plain["amount"].sum()
    # ＊小計＊ in the account column with the date and rep blank: a total too. A 計 typed as
    # an account code of a full order line stays an order (the critical check names it).
    sub = ["2025-05-01", "＊小計＊", None, 1000.0, None]
    named = [body[0][0], "計", body[0][2], 1000.0, None]
    inputs = validate_inputs(_with_rows(base_data, [*rows, sub, named]).sheets)
    said = [(c.row, c.column, c.value, c.problem) for c in inputs.checks]
    assert said == [
        (last, "B 顧客コード", "＊小計＊", "total_rows_skipped"),
        (last + 1, "B 顧客コード", "計", "unknown_account"),  # an order, of no known account
    ]
    assert len(inputs.history.orders) == len(plain) + 1
    # From a file (DuckDB's reader): the same row, named by the file and its line.
    csv = tmp_path / "export.csv"
    lines = ["受注日,顧客コード,担当者,金額"]
    lines += [f"{d:%Y-%m-%d},{a},{r},{amt}" for d, a, r, amt, *_ in body]
    lines += [f"合計,,,{total}", "総合計,,,"]  # and a label with no sum: still a total
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result, checks, *_ = compute_data(
        base_data, sources={"Orders": SourceRef("Orders", str(csv))}, base=tmp_path
    )
    from_file = [
        (c.sheet, c.row, c.column, c.value, c.problem, c.severity, c.params["rows"])
        for c in checks
        if c.sheet == "export.csv" and c.problem != "source_used"
    ]
    assert from_file == [
        (
            "export.csv",
            last,
            "A 受注日",
            "合計",
            "total_rows_skipped",
            "info",
            f"{last}, {last + 1}",
        )
    ]
    assert check_message(checks[[c.sheet for c in checks].index("export.csv")], "ja").startswith(
        f"合計行を読み飛ばしました(「合計」の{last}, {last + 1}行目、2行)"
    )
    sheet_result, *_ = compute_data(base_data)
    assert result.plan.baseline_revenue == pytest.approx(sheet_result.plan.baseline_revenue)


def test_with_an_order_id_only_repeated_lines_of_one_order_count_once(
    base_data: WorkbookData,
) -> None:
    base = _orders(base_data)[:5]
    rows = [[*r[:5], "受注番号" if i == 0 else f"A{i}"] for i, r in enumerate(base)]
    # Row 6: row 2 pasted twice (same order id) → dropped. Row 7: same order id as row 3 but
    # another line of that order (other amount) → one order with row 3, amounts summed.
    # Row 8: identical to row 4 but its own order id → kept.
    rows.append(list(rows[1]))
    rows.append([*rows[2][:3], rows[2][3] + 1, rows[2][4], rows[2][5]])
    rows.append([*rows[3][:5], "B9"])
    # Row 9: identical to row 5 with no order number → kept, with the identical-lines warning.
    rows.append([*rows[4][:5], None])
    rows[4][5] = None
    inputs = validate_inputs(_with_rows(base_data, rows).sheets)
    orders = inputs.history.orders
    assert len(orders) == 6
    slip = orders.iloc[1]  # row 3, the order's first line
    assert slip["amount"] == rows[2][3] + rows[6][3]
    assert slip["quantity"] == rows[2][4] + rows[6][4]
    merged = [c.params for c in inputs.checks if c.problem == "order_lines_merged"]
    assert merged == [{"lines": "2", "orders": "1"}]
    dups = [(c.row, c.params) for c in inputs.checks if c.problem == "duplicate_rows"]
    amount = f"¥{rows[1][3]:,.0f}"
    why = duplicate_reason(pasted=True, unnumbered=False)  # a one-line order pasted twice
    assert dups == [(6, {"count": "1", "n": 1, "rows": "6", "first": 2, "amount": amount, **why})]
    same = [(c.row, c.params) for c in inputs.checks if c.problem == "identical_lines"]
    assert same == [(9, {"count": 1, "first": 5})]


def test_a_setting_opts_in_to_dropping_identical_lines(base_data: WorkbookData) -> None:
    rows = copy.deepcopy(_orders(base_data))
    rows.append(list(rows[1]))
    data = _with_rows(base_data, rows)
    kept = compute_data(data)[1]
    dropped = compute_data(_with(data, IdenticalOrderLines="drop"))[1]
    assert [c.problem for c in kept if c.sheet == "Orders"] == ["identical_lines"]
    assert [(c.problem, c.row) for c in dropped if c.sheet == "Orders"] == [
        ("duplicate_rows", len(rows))
    ]


# --- 8. command-line rough edges: one line, exit 1 ----------------------------------------------


def _one_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert err[0].startswith("routekpi: ") and "Error" not in err[0], err[0]
    return err[0]


def test_new_into_a_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", str(tmp_path / "nowhere" / "book.xlsm")]) == 1
    assert "nowhere" in _one_line(capsys)


def test_new_onto_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "book.xlsm").mkdir()
    assert main(["new", str(tmp_path / "book.xlsm"), "--force"]) == 1
    assert "book.xlsm" in _one_line(capsys)


def test_new_refuses_a_name_that_is_not_xlsm(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("y.csv", "y.xlsx", "y"):
        assert main(["new", str(tmp_path / name)]) == 1
        assert ".xlsm" in _one_line(capsys)
        assert not (tmp_path / name).exists()


def test_demo_into_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "demo").write_text("not a folder", encoding="utf-8")
    assert main(["demo", "--out", str(tmp_path / "demo")]) == 1
    assert "demo" in _one_line(capsys)


def test_recalc_of_a_folder_says_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["recalc", str(tmp_path)]) == 1
    line = _one_line(capsys)
    assert "folder" in line and "not found" not in line, line


def test_debug_after_the_subcommand(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["recalc", str(tmp_path / "missing.xlsm"), "--debug"]) == 1
    assert "missing.xlsm" in _one_line(capsys)


def test_quiet_is_quiet_when_piped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "book.xlsm"
    shutil.copyfile(BASE, path)
    assert main(["recalc", str(path), "--quiet"]) == 0
    out = capsys.readouterr()
    assert out.out == "" and out.err == ""


@pytest.mark.parametrize("typed", ["2026/06/30", "2026-6-30", "20260630", "令和8年6月30日"])
def test_as_of_accepts_what_the_workbook_accepts(
    typed: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "book.xlsm"
    shutil.copyfile(BASE, path)
    assert main(["recalc", str(path), "--as-of", typed, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["as_of"] == "2026-06-30"


def test_a_bad_as_of_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["recalc", str(tmp_path / "book.xlsm"), "--as-of", "2026-02-30"]) == 1
    assert "2026-02-30" in _one_line(capsys)


def test_out_as_xlsx_from_a_macro_workbook_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "book.xlsm"
    shutil.copyfile(BASE, path)
    before = path.read_bytes()
    assert main(["recalc", str(path), "--out", str(tmp_path / "x.xlsx")]) == 1
    assert ".xlsm" in _one_line(capsys)
    assert not (tmp_path / "x.xlsx").exists() and path.read_bytes() == before
    assert main(["recalc", str(path), "--out", str(tmp_path / "x.xlsm"), "--quiet"]) == 0


# --- 9. repeated recalculations give the same bytes ---------------------------------------------

_STATUS_TIME = re.compile(rb"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")


def _output_members(path: Path) -> dict[str, bytes]:
    parts = sheet_part_names(path)
    with zipfile.ZipFile(path) as zf:
        # The status line's clock time is the one thing that should differ between runs.
        return {n: _STATUS_TIME.sub(b"T", zf.read(parts[n])) for n in OUTPUT_COLUMNS}


def test_repeated_recalcs_are_byte_identical(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsm"
    shutil.copyfile(BASE, path)
    runs = []
    for _ in range(3):
        recalculate(path)
        runs.append(_output_members(path))
    assert runs[1] == runs[0]
    assert runs[2] == runs[0]


# --- 10. every setting explained; counts as whole numbers ---------------------------------------


@pytest.mark.parametrize("language", ["ja", "en"])
def test_every_setting_has_help_on_the_settings_sheet(language: str) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(build_template(language)))
    ws = wb["Settings"]
    by_label = {ws.cell(r, 1).value: ws.cell(r, 3).value for r in range(4, ws.max_row + 1)}
    for spec in SETTING_SPECS:
        help_text = by_label[spec.label(language)]
        assert isinstance(help_text, str) and len(help_text) >= 10, (spec.name, help_text)


def test_account_counts_are_shown_as_whole_numbers(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsm"
    shutil.copyfile(BASE, path)
    recalculate(path)
    wb = openpyxl.load_workbook(path)
    for sheet, first_value_col in (("Targets", 5), ("Attainment", 5)):
        ws = wb[sheet]
        rows = [r for r in ws.iter_rows(min_row=2) if r[2].value == "active_accounts"]
        assert rows, sheet
        for row in rows:
            cell = row[first_value_col - 1]
            assert cell.number_format == "#,##0", (sheet, cell.coordinate, cell.number_format)
    plan = wb["Plan"]
    (year_end,) = [r[1] for r in plan.iter_rows() if "期末顧客数" in str(r[0].value or "")]
    assert year_end.number_format == "#,##0"


# --- 11. a README for users first -----------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


def test_readme_guides_data_entry_for_every_input_column() -> None:
    readme = README.read_text(encoding="utf-8")
    guide = readme[readme.index("## Entering your data") : readme.index("## Reading the outputs")]
    for sheet in INPUT_SHEETS:
        start = guide.index(f"**{sheet.name}** ({sheet.ja})")
        section = guide[start : guide.find("\n\n**", start + 1)]
        for col in sheet.columns:
            # Each column: its ja / en header, a type and required-or-not on one table row.
            rows = section.splitlines()
            (row,) = [x for x in rows if x.startswith(f"| {col.ja} / {col.en} |")]
            cells = [c.strip() for c in row.strip("|").split("|")]
            assert len(cells) == 4 and all(cells), row
            assert cells[2].startswith("yes" if col.required else "no"), (sheet.name, row)
    for canonical, labels in (("visit", "訪問"), ("attempt", "アポ"), ("meeting", "商談")):
        assert f"`{labels}` / `{canonical}`" in guide
    assert "`成功` / `won`" in guide and "`失敗` / `lost`" in guide
    for spec in SETTING_SPECS:
        assert f"`{spec.name}`" in guide, spec.name


def test_readme_says_how_to_read_the_outputs_and_the_tests() -> None:
    readme = README.read_text(encoding="utf-8")
    outputs = readme[readme.index("## Reading the outputs") : readme.index("## Commands")]
    for name in OUTPUT_COLUMNS:
        assert f"**{name}**" in outputs, name
    setup = readme[readme.index("## Set up") : readme.index("## Entering your data")]
    assert re.search(r"about \d+ minutes", setup)
    assert "XLWINGS_LICENSE_KEY" in setup and "PRO" in setup
    # Exactly the two set-up commands, and no install by name (it does not resolve).
    blocks = re.findall(r"```bash\n(.*?)\n```", setup, re.S)
    assert blocks == [
        "pip install -e . && routekpi demo",
        'pip install -e ".[test]" && python -m pytest -q -p no:cacheprovider',
    ]
    assert "pip install routekpi" not in readme


def test_developer_material_lives_in_docs() -> None:
    readme = README.read_text(encoding="utf-8")
    for heading in ("## Layout", "## Benchmarks", "## What was verified how"):
        assert heading not in readme
    links = re.findall(r"\]\((docs/[\w.-]+\.md)\)", readme)
    assert {"docs/development.md", "docs/verification.md", "docs/benchmarks.md"} <= set(links)
    for link in links:
        assert (ROOT / link).is_file(), link
    assert "routekpi.excel.vbagen" in (ROOT / "docs/development.md").read_text(encoding="utf-8")


def test_a_blank_optional_column_is_silent_on_the_fast_path(sample_book: Path) -> None:
    # The sample's Orders sheet is big enough for the fastexcel path, and its order-number
    # column is blank: fastexcel's "could not determine dtype" log line must not leak out.
    # (A subprocess: pytest's log capture would swallow the line.)
    proc = subprocess.run(
        [sys.executable, "-m", "routekpi.cli", "recalc", str(sample_book), "--quiet"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr


@pytest.mark.parametrize(
    ("kgi", "hint"),
    [
        (650_000.0, "千円単位の 650000 なら 650000000"),  # trial 45: ¥650M typed in 千円
        (65_000.0, "万円単位の 65000 なら 650000000"),
        (650.0, "百万円単位の 650 なら 650000000"),
        (6_000.0, "12億円なら 1200000000"),  # no unit lands near last year: the example
    ],
)
def test_the_unit_check_names_the_unit_a_small_kgi_was_typed_in(kgi: float, hint: str) -> None:
    from routekpi.validation.settings import kgi_scale_check

    check = kgi_scale_check(kgi, 625_395_292.0, {"KGI": (4, "B")})
    assert check is not None and check.params["hint_ja"] == hint
    assert text(check.problem, "ja", **check.params).endswith(f"(円で入力: {hint})")
