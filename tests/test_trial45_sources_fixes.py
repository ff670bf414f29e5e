"""Trial 45 (a 美容ディーラー): the Sources path's findings.

H2: the orders from a file named on Sources, an SFA export pasted on Visits and the reps'
returned visits on 回収訪問: recalc reads that sheet beside the pasted export (it was read only
beside a visits *file*), a row the export already holds counted once, as the sheet reader does.
M7: rows typed on the Accounts sheet beside an accounts file are named on Checks (not read).
L1/L6: a stack's per-file info lines and many unknown codes are one Checks row each.
L2: a wildcard on a Sources row reads the files it matches.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from routekpi.contract import InputError
from routekpi.io.reader import read_workbook
from routekpi.io.samplebook import write_sample_workbook
from routekpi.io.sheetrewrite import rewrite_workbook
from routekpi.io.sheetxml import SheetContent
from routekpi.messages import fmt_yen, text
from routekpi.pipeline import validate
from routekpi.recalc import recalculate

pytest.importorskip("duckdb")

REP = "Ito"
EXPORT_HEADER = ["活動日", "担当者名", "顧客コード", "活動種別", "成果"]
COLLECTED_HEADER = ["訪問日", "担当者", "顧客コード", "種別", "結果", "メモ"]


def _rows(book: Path, tab: str) -> list[list[object]]:
    wb = openpyxl.load_workbook(book, read_only=True)
    rows = [list(r) for r in wb[tab].iter_rows(values_only=True)]
    wb.close()
    return [r for r in rows if any(c is not None for c in r)]


def _csv_cell(value: object) -> object:
    if isinstance(value, dt.datetime):
        return value.strftime("%Y/%m/%d")
    return "" if value is None else value


def _day(value: object) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value  # type: ignore[return-value]


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small ja sample: Orders moved to data/orders.csv (a Sources row), the Visits sheet
    an SFA export pasted over it (the export's own header)."""
    folder = tmp_path_factory.mktemp("t45_sources")
    path = folder / "book.xlsm"
    write_sample_workbook(path, "ja", seed=11, orders_rows=4_000)
    tabs = read_workbook(path).tab_names
    orders = _rows(path, tabs["Orders"])
    (folder / "data").mkdir()
    with (folder / "data" / "orders.csv").open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows([[_csv_cell(v) for v in row] for row in orders])
    export = _rows(path, tabs["Visits"])
    export[0] = EXPORT_HEADER
    rewrite_workbook(
        path,
        {
            tabs["Orders"]: SheetContent(rows=[orders[0]]),
            tabs["Visits"]: SheetContent(rows=export),
            tabs["Sources"]: SheetContent(rows=[["入力", "ソース"], ["受注", "data/orders.csv"]]),
        },
    )
    return path


def test_collected_visits_are_read_beside_a_pasted_export_with_orders_from_a_file(
    book: Path,
) -> None:
    export = _rows(book, read_workbook(book).tab_names["Visits"])
    mine = [r for r in export[1:] if r[1] == REP and r[2]]
    day = max(_day(r[0]) for r in mine)
    that_day = sorted({r[2] for r in mine if _day(r[0]) == day})
    free = sorted({r[2] for r in mine} - set(that_day))[:2]
    assert len(free) == 2 and that_day
    at = dt.datetime.combine(day, dt.time())
    collected = [
        COLLECTED_HEADER,
        [at, REP, free[0], "訪問", None, "閉店していた"],
        [at, REP, free[1], "訪問", None, None],
        [at, REP, that_day[0], "訪問", None, "the export has this visit"],
        [None, REP, free[0], "訪問", None, "no date"],
    ]
    wb = openpyxl.load_workbook(book, keep_vba=True)
    ws = wb.create_sheet("回収訪問")
    for row in collected:
        ws.append(row)
    wb.save(book)

    def counted() -> tuple[int, list[dict[str, object]], list[str]]:
        checked = validate(read_workbook(book), base=book.parent, raw_rows=True)
        v = checked.inputs.history.visits
        n = int(((v["rep"] == REP) & (v["date"] == pd.Timestamp(day))).sum())
        checks = checked.inputs.checks
        info = [c.params for c in checks if c.problem == "collected_visits_read"]
        # The dateless row is named at its own tab and row (not as the Visits row 5).
        row5 = [(c.problem, c.column) for c in checks if (c.sheet, c.row) == ("回収訪問", 5)]
        assert row5 == [("blank", "A 訪問日")]
        return n, info, [c.problem for c in checks]

    ito_rows = sum(1 for r in export[1:] if r[1] == REP and _day(r[0]) == day)
    n, info, problems = counted()
    # The export's rows that day plus the two visits it lacks; the third is its own visit.
    assert n == ito_rows + 2
    assert [(i["rows"], i["same"], i["sheet"], i["source"]) for i in info] == [
        ("2", "1", "回収訪問", read_workbook(book).tab_names["Visits"])
    ]
    assert "collected_visits_unread" not in problems
    # And the Checks sheet says it.
    shown = [c for c in recalculate(book).json()["checks"] if c["code"] == "collected_visits_read"]  # type: ignore[union-attr,index]
    assert len(shown) == 1 and shown[0]["severity"] == "info"  # type: ignore[index]


def _with_sources(book: Path, dst: Path, rows: list[list[str]]) -> Path:
    """A copy of ``book`` with its data folder, its Sources sheet ``rows`` below the header."""
    shutil.copytree(book.parent, dst)
    path = dst / book.name
    tabs = read_workbook(path).tab_names
    rewrite_workbook(path, {tabs["Sources"]: SheetContent(rows=[["入力", "ソース"], *rows])})
    return path


def test_rows_typed_on_accounts_beside_an_accounts_file_are_named(
    book: Path, tmp_path: Path
) -> None:
    """M7: Accounts from a master file on Sources, two closures typed on the Accounts sheet:
    the source replaces the sheet, and Checks says the 2 rows were not read and what to do."""
    path = _with_sources(book, tmp_path / "m7", [])
    tabs = read_workbook(path).tab_names
    accounts = _rows(path, tabs["Accounts"])
    with (path.parent / "data" / "accounts.csv").open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows([[_csv_cell(v) for v in row] for row in accounts])
    sources = [["受注", "data/orders.csv"], ["顧客", "data/accounts.csv"]]
    rewrite_workbook(
        path,
        {
            tabs["Accounts"]: SheetContent(rows=[accounts[0], *accounts[1:3]]),
            tabs["Sources"]: SheetContent(rows=[["入力", "ソース"], *sources]),
        },
    )
    checks = validate(read_workbook(path), base=path.parent).inputs.checks
    [unread] = [c for c in checks if c.problem == "accounts_sheet_unread"]
    assert unread.severity == "warn"
    assert unread.params == {"sheet": tabs["Accounts"], "rows": "2", "source": "accounts.csv"}
    assert text("accounts_sheet_unread", "ja", **unread.params).startswith(
        f"「{tabs['Accounts']}」シートの 2 行は読んでいません"
    )
    # The header alone (the template's): nothing to say.
    rewrite_workbook(path, {tabs["Accounts"]: SheetContent(rows=[accounts[0]])})
    checks = validate(read_workbook(path), base=path.parent).inputs.checks
    assert not [c for c in checks if c.problem == "accounts_sheet_unread"]


def test_stacked_files_repeats_are_one_row_each(book: Path, tmp_path: Path) -> None:
    """L1/L6: three monthly-style files on three Sources rows, each with a 合計 footer and
    one 返品 line (a positive amount marked by 売上区分), the last with 7 codes the Accounts
    sheet lacks: one row for the footers, one for the returns, one for the unknown codes."""
    with (book.parent / "data" / "orders.csv").open(encoding="utf-8", newline="") as f:
        header, *lines = list(csv.reader(f))
    cut = len(lines) // 3
    chunks = [lines[:cut], lines[cut : 2 * cut], lines[2 * cut :]]
    path = _with_sources(book, tmp_path / "l1", [])
    names = ["uri_1.csv", "uri_2.csv", "uri_3.csv"]
    at = {"amount": header.index("金額"), "account": header.index("顧客コード")}
    for i, (name, chunk) in enumerate(zip(names, chunks, strict=True)):
        rows = [[*r, "売上"] for r in chunk]
        rows[10][-1] = "返品"  # line 12 of each file (the header is line 1)
        if i == 2:
            for k in range(7):  # new accounts the master does not list yet
                rows[20 + k][at["account"]] = f"N{k:03d}"
        total = sum(float(r[at["amount"]]) for r in chunk)
        footer = ["合計", "", "", str(total), "", "", ""]
        with (path.parent / "data" / name).open("w", encoding="utf-8", newline="") as out:
            csv.writer(out).writerows([[*header, "売上区分"], *rows, footer])
    tabs = read_workbook(path).tab_names
    sources = [["受注", f"data/{n}"] for n in names]
    rewrite_workbook(path, {tabs["Sources"]: SheetContent(rows=[["入力", "ソース"], *sources])})
    checks = validate(read_workbook(path), base=path.parent).inputs.checks
    mine = [c for c in checks if c.sheet in names]
    folded = [c for c in mine if c.problem == "stacked_checks_folded"]
    assert not [c for c in mine if c.problem in ("total_rows_skipped", "returns_signed")]
    assert len(folded) == 2
    [footer_row] = [c for c in folded if c.row != 1]
    [returns_row] = [c for c in folded if c.row == 1]  # the 売上区分 header's row
    # Each file's footer is its last line: the header, its chunk, then the footer.
    ends = [len(c) + 2 for c in chunks]
    assert (footer_row.sheet, footer_row.row, footer_row.params["files"]) == (
        "uri_1.csv",
        ends[0],
        3,
    )
    assert footer_row.params["each"] == "・".join(
        f"{n} {e}行目(1行)" for n, e in zip(names, ends, strict=True)
    )
    said = text("stacked_checks_folded", "ja", **footer_row.params)
    assert said.startswith("合計行を読み飛ばしました") and "3 ファイル" in said
    assert (returns_row.sheet, returns_row.params["files"]) == ("uri_1.csv", 3)
    yen = [fmt_yen(float(c[10][at["amount"]])) for c in chunks]
    assert returns_row.params["each"] == "・".join(
        f"{n}(1行 {y})" for n, y in zip(names, yen, strict=True)
    )
    [unknown] = [c for c in mine if c.problem.startswith("unknown_account")]
    assert unknown.problem == "unknown_account_many" and unknown.severity == "warn"
    assert (unknown.sheet, unknown.row, unknown.value) == ("uri_3.csv", 22, "N000")
    assert unknown.params["count"] == "7"
    assert unknown.params["first"] == "・".join(
        f"N{k:03d}(uri_3.csv {22 + k}行目)" for k in range(5)
    )
    assert unknown.params["more"] == " ほか 2 件"


def test_a_wildcard_on_sources_reads_every_matching_file(book: Path, tmp_path: Path) -> None:
    """L2: 「kikan/*.csv」 on one Sources row reads the files it matches by name, one under
    another, each checked with its own lines, and Checks says how many; the same orders as
    the one file. A pattern matching nothing stops naming the row."""
    with (book.parent / "data" / "orders.csv").open(encoding="utf-8", newline="") as f:
        header, *lines = list(csv.reader(f))
    path = _with_sources(book, tmp_path / "l2", [["受注", "data/orders.csv"]])
    whole = validate(read_workbook(path), base=path.parent, raw_rows=True).inputs.history
    (path.parent / "kikan").mkdir()
    cut = len(lines) // 2
    # Written out of order: the files are read by name, not as the folder lists them.
    for name, chunk in (("uri_b.csv", lines[cut:]), ("uri_a.csv", lines[:cut])):
        with (path.parent / "kikan" / name).open("w", encoding="utf-8", newline="") as out:
            csv.writer(out).writerows([header, *chunk])
    (path.parent / "kikan" / "memo.txt").write_text("not a csv", encoding="utf-8")
    tabs = read_workbook(path).tab_names
    sources = [["入力", "ソース"], ["受注", "kikan/*.csv"]]
    rewrite_workbook(path, {tabs["Sources"]: SheetContent(rows=sources)})
    checked = validate(read_workbook(path), base=path.parent, raw_rows=True)
    [matched] = [c for c in checked.inputs.checks if c.problem == "source_glob_matched"]
    assert (matched.sheet, matched.row, matched.value) == ("Sources", 2, "kikan/*.csv")
    assert matched.params == {
        "pattern": "kikan/*.csv",
        "files": 2,
        "first": "uri_a.csv",
        "last": "uri_b.csv",
    }
    [used] = [c for c in checked.inputs.checks if c.problem == "source_used_rows"]
    assert used.params["source_rows"] == "2"
    assert used.params["parts"] == f"uri_a.csv({cut:,})・uri_b.csv({len(lines) - cut:,})"
    got = checked.inputs.history.orders
    assert len(got) == len(whole.orders)
    assert float(got["amount"].sum()) == pytest.approx(float(whole.orders["amount"].sum()))

    rewrite_workbook(path, {tabs["Sources"]: SheetContent(rows=[sources[0], ["受注", "x/*.csv"]])})
    with pytest.raises(InputError) as stop:
        validate(read_workbook(path), base=path.parent)
    assert stop.value.key == "err.source_glob_none"
    assert text(stop.value.key, "ja", **stop.value.params).startswith(
        "データソースシート 2 行目の Orders のソース「x/*.csv」に当たるファイルがありません"
    )
