"""One Sources row per yearly export (trial 23 H2): every row for an input is read.

Real files are written (.xlsx and CSV) and named on several Sources rows for one input: they
are read one under another in row order, as the tabs of one workbook are, and give what the
same rows pasted on the sheet give; Checks says which rows were joined and how many lines each
gave. A file lacking a column the others have is named with its Sources row; a slip repeated
in two overlapping exports is counted once, its Check naming both files. A history shorter
than a year gets a plan with its notes, never a traceback.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from routekpi.cli import main
from routekpi.contract import InputError, RawSheet
from routekpi.io.sheetrewrite import rewrite_workbook
from routekpi.io.sheetxml import SheetContent
from routekpi.messages import text
from routekpi.pipeline import compute_file
from routekpi.sample import generate_sample
from routekpi.sources import external_history, named_sources
from tests.test_sources import _workbook_data as _data
from tests.workbook_files import set_named

pytest.importorskip("duckdb")

ORDER_HEADERS = ["受注日", "顧客コード", "担当者", "金額(円)", "数量"]
SOURCES_HEADER = ["入力", "ソース", "テーブル/クエリ", "文字コード"]
GARBAGE = [["これは", "受注では", "ない"], ["x", "y", "z"], [1, "two", None]]


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _csv(path: Path, rows: list[list[object]]) -> Path:
    pd.DataFrame(rows[1:], columns=rows[0]).to_csv(path, index=False, encoding="utf-8")
    return path


def _sources(rows: list[list[object]]) -> RawSheet:
    return RawSheet(name="Sources", rows=[SOURCES_HEADER, *rows])


def _external(tmp_path: Path, sources: RawSheet):
    """The inputs of a workbook whose Sources sheet is ``sources`` (files in tmp_path)."""
    checks: list = []
    data = _data({"Sources": sources})
    refs = named_sources(data, None, tmp_path, checks)
    ext = external_history(data, refs, today=date(2026, 12, 1))
    inputs = ext.inputs(ext.preview.last_date())
    return inputs, checks + inputs.checks


@pytest.fixture
def yearly_book(sample_book: Path, tmp_path: Path) -> tuple[Path, Path, pd.DataFrame]:
    """(the pristine sample book, a copy whose Orders sheet is garbage and whose Sources sheet
    names the sample's orders as five exports — 2023, 2024 .xlsx, 2025 H1 .csv, 2025 H2
    .xlsx, 2026 .csv, in that row order — the orders)."""
    orders = generate_sample().orders  # the rows write_sample_workbook put on the Orders sheet
    assert orders["date"].is_monotonic_increasing  # the five files hold the rows in order
    day = orders["date"]
    cuts = [
        ("2023.xlsx", day.dt.year == 2023),
        ("2024.xlsx", day.dt.year == 2024),
        ("2025上期.csv", (day.dt.year == 2025) & (day.dt.month <= 6)),
        ("2025下期.xlsx", (day.dt.year == 2025) & (day.dt.month > 6)),
        ("2026.csv", day.dt.year == 2026),
    ]
    (tmp_path / "data").mkdir()
    rows = []
    for name, keep in cuts:
        part = orders[keep]
        lines = [ORDER_HEADERS, *part.astype(object).to_numpy().tolist()]
        for line in lines[1:]:
            line[0] = line[0].date()
        path = tmp_path / "data" / name
        (_xlsx if name.endswith(".xlsx") else _csv)(path, lines)
        rows.append(["受注", f"data/{name}", None, None])
    assert sum(int(keep.sum()) for _, keep in cuts) == len(orders)
    broken = tmp_path / "yearly.xlsm"
    broken.write_bytes(sample_book.read_bytes())
    rewrite_workbook(
        broken,
        {
            "Orders": SheetContent(rows=GARBAGE),
            "Sources": SheetContent(rows=[SOURCES_HEADER, *rows]),
        },
    )
    return sample_book, broken, orders


def test_five_sources_rows_are_read_one_under_another_as_the_sheet_pasted(
    yearly_book: tuple[Path, Path, pd.DataFrame],
) -> None:
    pristine, broken, orders = yearly_book
    files, _ = compute_file(broken)
    sheets, _ = compute_file(pristine)
    # Every year is read: the same targets and attainment as the rows pasted on the sheet.
    pd.testing.assert_frame_equal(files.result.targets, sheets.result.targets, check_exact=True)
    pd.testing.assert_frame_equal(
        files.result.attainment, sheets.result.attainment, check_exact=True
    )
    facts = files.result.history.facts
    assert facts is not None
    assert facts.rep_months["revenue"].sum() == pytest.approx(orders["amount"].sum(), rel=1e-12)
    used = [c for c in files.checks if c.problem.startswith("source_used")]
    assert len(used) == 1 and used[0].problem == "source_used_rows"
    counts = [int((orders["date"].dt.year == y).sum()) for y in (2023, 2024)] + [
        int(((orders["date"].dt.year == 2025) & (orders["date"].dt.month <= 6)).sum()),
        int(((orders["date"].dt.year == 2025) & (orders["date"].dt.month > 6)).sum()),
        int((orders["date"].dt.year == 2026).sum()),
    ]
    names = ["2023.xlsx", "2024.xlsx", "2025上期.csv", "2025下期.xlsx", "2026.csv"]
    assert used[0].params == {
        "input": "Orders",
        "source": "2023.xlsx + … + 2026.csv",
        "source_rows": "2・3・4・5・6",
        "parts": "・".join(f"{n}({c:,})" for n, c in zip(names, counts, strict=True)),
        "rows": f"{len(orders):,}",
        # An English book's (en42b): commas, and a space before the bracket.
        "source_rows_en": "2, 3, 4, 5, 6",
        "parts_en": ", ".join(f"{n} ({c:,})" for n, c in zip(names, counts, strict=True)),
    }
    said = text(used[0].problem, "en", **used[0].params)
    assert "files of Sources rows 2, 3, 4, 5, 6, one under another" in said and "・(" not in said
    said = text(used[0].problem, "ja", **used[0].params)
    assert "Sources シート 2・3・4・5・6 行目のファイルをこの順に縦につないで読みました" in said
    # No Check names the stack's joined line numbers: each names its file.
    assert not [c for c in files.checks if c.sheet == "2023.xlsx + … + 2026.csv" and c.row]


def test_a_file_without_a_column_the_others_have_is_named_with_its_row(tmp_path: Path) -> None:
    _csv(
        tmp_path / "a.csv",
        [["日付", "顧客コード", "担当", "金額", "数量"], ["2025-05-01", "C1", "佐藤", 100, 2]],
    )
    _xlsx(
        tmp_path / "b.xlsx",
        [["担当", "日付", "金額", "顧客コード"], ["佐藤", date(2026, 5, 1), 300, "C2"]],
    )
    inputs, checks = _external(
        tmp_path, _sources([["受注", "a.csv", None, None], ["受注", "b.xlsx", None, None]])
    )
    facts = inputs.history.facts
    assert facts is not None
    # Columns in another order are matched by name: 100 + 300, both files.
    assert facts.rep_months["revenue"].sum() == 400.0
    assert facts.rep_months["quantity"].sum() == 2.0  # b.xlsx's line has no quantity
    missing = [c for c in checks if c.problem == "source_part_column_missing"]
    assert [(c.sheet, c.column, c.severity) for c in missing] == [("b.xlsx", "数量", "warn")]
    said = text(missing[0].problem, "ja", **missing[0].params)
    assert said.startswith("Sources シート 3 行目の b.xlsx には列「数量」がありません")
    assert "Sources 2 行目の a.csv にはあります" in said


def test_a_slip_in_two_overlapping_exports_is_counted_once_naming_both_files(
    tmp_path: Path,
) -> None:
    head = ["受注日", "顧客コード", "担当者", "金額", "受注番号"]
    _csv(
        tmp_path / "2025.csv",
        [head, ["2025-11-03", "C1", "佐藤", 100, "S1"], ["2025-12-20", "C2", "佐藤", 250, "S2"]],
    )
    _csv(
        tmp_path / "2026.csv",
        [
            head,
            ["2025-12-20", "C2", "佐藤", 250, "S2"],  # the export taken from December again
            ["2026-01-05", "C1", "佐藤", 400, "S3"],
        ],
    )
    inputs, checks = _external(
        tmp_path, _sources([["受注", "2025.csv", None, None], ["受注", "2026.csv", None, None]])
    )
    facts = inputs.history.facts
    assert facts is not None
    assert facts.rep_months["revenue"].sum() == 750.0  # 100 + 250 + 400: S2 once
    dup = [c for c in checks if c.problem == "duplicate_rows"]
    assert len(dup) == 1
    assert (dup[0].sheet, dup[0].row) == ("2026.csv", 2)
    assert dup[0].params["rows"] == "2" and dup[0].params["first"] == "2025.csv 3"
    said = text("duplicate_rows", "ja", **dup[0].params)
    assert "(2行目。この行は2025.csv 3行目と同じ)" in said and "¥250" in said
    overlap = [c for c in checks if c.problem == "source_parts_overlap"]
    assert [(c.sheet, c.params["first"], c.params["other_last"]) for c in overlap] == [
        ("2026.csv", "2025-12-20", "2025-12-20")
    ]


def test_a_bad_cell_in_a_later_file_names_that_file_and_its_own_line(tmp_path: Path) -> None:
    head = ["日付", "顧客コード", "担当", "金額"]
    _csv(tmp_path / "a.csv", [head, ["2025-05-01", "C1", "佐藤", 100]])
    _csv(
        tmp_path / "b.csv",
        [head, ["2026-05-01", "C1", "佐藤", 200], ["2026-05-02", "C1", "佐藤", "abc"]],
    )
    inputs, checks = _external(
        tmp_path, _sources([["受注", "a.csv", None, None], ["受注", "b.csv", None, None]])
    )
    bad = [c for c in checks if c.severity == "error"]
    assert [(c.sheet, c.row, c.value) for c in bad] == [("b.csv", 3, "abc")]
    assert inputs.history.facts.rep_months["revenue"].sum() == 300.0


def _rows(book: Path, sheet: str) -> list[tuple[object, ...]]:
    """A written sheet's rows, as Excel shows them."""
    from openpyxl import load_workbook

    found = load_workbook(book, read_only=True)
    try:
        return list(found[sheet].iter_rows(values_only=True))
    finally:
        found.close()


def _plan_2027(book: Path, orders: pd.DataFrame) -> None:
    """Calendar fiscal years, FY2027 planned at the history's end (as trial 23's book), for a
    KGI 20% over the history's yearly pace: a year asking growth, with no full year behind."""
    from openpyxl import load_workbook

    wb = load_workbook(book, keep_vba=True)
    months = orders["date"].dt.to_period("M").nunique()
    kgi = round(float(orders["amount"].sum()) * 12 / months * 1.2)
    set_named(wb, AsOf=None, FiscalStartMonth=1, PlanYear=2027, KGI=kgi)
    wb.save(book)


def _short_orders(months: int) -> pd.DataFrame:
    """The sample's orders of its last ``months`` months (it ends 2026-10-31)."""
    orders = generate_sample().orders
    start = pd.Period("2026-10", freq="M") - (months - 1)
    return orders[orders["date"] >= start.start_time].reset_index(drop=True)


# 11 and 13 months: some months of the year before the running one, no full year (no season
# measured: 13 months from Sources rows crashed the Plan's slow-months note, trial 23).
@pytest.mark.parametrize("months", [11, 13])
def test_a_short_history_from_sources_rows_recalcs_and_writes_a_plan(
    sample_book: Path, tmp_path: Path, months: int, capsys: pytest.CaptureFixture[str]
) -> None:
    orders = _short_orders(months)
    rows = []
    for year in sorted(set(orders["date"].dt.year)):
        part = orders[orders["date"].dt.year == year]
        lines = [ORDER_HEADERS, *part.astype(object).to_numpy().tolist()]
        for line in lines[1:]:
            line[0] = line[0].date()
        _xlsx(tmp_path / f"{year}.xlsx", lines)
        rows.append(["受注", f"{year}.xlsx", None, None])
    assert len(rows) == 2  # 2025 and 2026: two Sources rows
    visits = generate_sample().visits
    visits = visits[visits["date"] >= orders["date"].min()]
    rewrite_workbook(
        sample_book,
        {
            "Orders": SheetContent(rows=GARBAGE),
            "Visits": SheetContent(
                rows=[list(visits.columns), *visits.astype(object).to_numpy().tolist()]
            ),
            "Sources": SheetContent(rows=[SOURCES_HEADER, *rows]),
        },
    )
    _plan_2027(sample_book, orders)
    assert main(["recalc", str(sample_book)]) == 0
    capsys.readouterr()
    plan = _rows(sample_book, "Plan")
    assert len(plan) > 20  # the plan and its notes, not an empty sheet
    said = " ".join(str(v) for row in _rows(sample_book, "Checks") for v in row if v is not None)
    assert "2025.xlsx(" in said and "2026.xlsx(" in said  # both rows read, with their lines


@pytest.mark.parametrize("months", [11, 13])
def test_a_short_history_pasted_recalcs_and_writes_a_plan(
    sample_book: Path, months: int, capsys: pytest.CaptureFixture[str]
) -> None:
    orders = _short_orders(months)
    lines = [ORDER_HEADERS, *orders.astype(object).to_numpy().tolist()]
    for line in lines[1:]:
        line[0] = line[0].date()
    visits = generate_sample().visits
    visits = visits[visits["date"] >= orders["date"].min()]
    rewrite_workbook(
        sample_book,
        {
            "Orders": SheetContent(rows=lines),
            "Visits": SheetContent(
                rows=[list(visits.columns), *visits.astype(object).to_numpy().tolist()]
            ),
        },
    )
    _plan_2027(sample_book, orders)
    assert main(["recalc", str(sample_book)]) == 0
    capsys.readouterr()
    plan = _rows(sample_book, "Plan")
    assert len(plan) > 20


def test_a_program_fault_is_said_in_words_with_what_to_send(
    sample_book: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*args: object, **kw: object) -> None:
        raise IndexError("list index out of range")

    monkeypatch.setattr("routekpi.cli._recalc", broken)
    assert main(["recalc", str(sample_book)]) == 2
    err = capsys.readouterr().err
    assert "IndexError" not in err
    assert "routekpi の不具合で処理を終えられませんでした" in err and "--debug" in err
    assert "サポートに送ってください" in err and "list index out of range" in err


def test_a_database_table_and_a_csv_on_two_rows_are_one_history(tmp_path: Path) -> None:
    """The SQL path: last year's orders in a database table, this year's in a CSV export."""
    import sqlite3

    db = tmp_path / "erp.db"
    with sqlite3.connect(db) as conn:
        conn.execute(
            "CREATE TABLE orders_2025 (受注日 TEXT, 顧客コード TEXT, 担当者 TEXT, 金額 REAL)"
        )
        conn.executemany(
            "INSERT INTO orders_2025 VALUES (?, ?, ?, ?)",
            [("2025-04-01", "C1", "佐藤", 120.0), ("2025-09-30", "C2", "鈴木", 80.0)],
        )
    _csv(
        tmp_path / "2026.csv",
        [["受注日", "顧客コード", "担当者", "金額"], ["2026-04-01", "C1", "佐藤", 500]],
    )
    inputs, checks = _external(
        tmp_path,
        _sources(
            [["受注", f"sqlite:///{db}", "orders_2025", None], ["受注", "2026.csv", None, None]]
        ),
    )
    facts = inputs.history.facts
    assert facts is not None
    assert facts.rep_months.groupby("rep")["revenue"].sum().to_dict() == {
        "佐藤": 620.0,
        "鈴木": 80.0,
    }
    used = [c for c in checks if c.problem == "source_used_rows"]
    assert str(used[0].params["parts"]).endswith("erp.db orders_2025(2)・2026.csv(1)")


def test_no_usable_line_in_any_file_stops_naming_the_first_problem(tmp_path: Path) -> None:
    head = ["日付", "顧客コード", "担当", "金額"]
    _csv(tmp_path / "a.csv", [head, ["2025-05-01", "C1", "佐藤", "x"]])
    _csv(tmp_path / "b.csv", [head, ["2026-05-01", "C1", "佐藤", "y"]])
    with pytest.raises(InputError) as stop:
        _external(
            tmp_path, _sources([["受注", "a.csv", None, None], ["受注", "b.csv", None, None]])
        )
    assert stop.value.key == "err.source_no_good_orders"
    said = text(stop.value.key, "ja", **stop.value.params)
    assert said.startswith(
        "a.csv + b.csv に使える受注の行が1件もありません(最初の問題: a.csv 2行目"
    )
