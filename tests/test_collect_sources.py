"""trial 40 M5: visits from a file named on the Sources sheet (an SFA export), and share/collect.

The reps' copies carry the visit log; collect files returned visits on the master's
回収訪問 sheet (rows cannot be appended to an export), and recalc reads that sheet beside
the file: a visit typed in both places counts once, at collect and again when the export
catches up. The master is the small sample with its Visits rows moved into a CSV file.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest
from share_helpers import make_master

from routekpi import schema
from routekpi.io.reader import read_workbook
from routekpi.io.sheetrewrite import rewrite_workbook
from routekpi.io.sheetxml import SheetContent
from routekpi.messages import text
from routekpi.recalc import recalculate
from routekpi.share import copies
from routekpi.share.collect import collect
from routekpi.share.job import share

pytest.importorskip("duckdb")

REP = "Ito"


def _csv_cell(value: object) -> object:
    if isinstance(value, dt.datetime):
        return value.strftime("%Y/%m/%d")
    return "" if value is None else value


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """plan.xlsm whose Sources sheet names data/visits.csv (its Visits sheet: a header only)."""
    folder = tmp_path_factory.mktemp("collect_sources")
    master = make_master(folder / "master.xlsm")
    rows = [list(r) for r in openpyxl.load_workbook(master, read_only=True)["Visits"].values]
    (folder / "data").mkdir()
    with (folder / "data" / "visits.csv").open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows([[_csv_cell(v) for v in row] for row in rows])
    path = folder / "plan.xlsm"
    shutil.copyfile(master, path)
    tabs = read_workbook(master).tab_names
    sources = [["入力", "ソース"], ["訪問", "data/visits.csv"]]
    rewrite_workbook(
        path,
        {tabs["Visits"]: SheetContent(rows=[rows[0]]), tabs["Sources"]: SheetContent(rows=sources)},
    )
    return path


def _csv_rows(book: Path) -> list[list[str]]:
    with (book.parent / "data" / "visits.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def _visits(report: dict[str, object], rep: str, period: str) -> float:
    return next(
        a["actual"]
        for a in report["attainment"]  # type: ignore[union-attr]
        if a["rep"] == rep and a["kpi"] == "visits" and a["period"] == period
    )


def _copy_folder(book: Path, dst: Path) -> Path:
    """The book and its data folder elsewhere (the Sources path is relative)."""
    shutil.copytree(book.parent, dst, ignore=shutil.ignore_patterns("out", "*.xlsx"))
    return dst / book.name


@pytest.fixture(scope="module")
def collected(book: Path) -> dict[str, object]:
    """share → Ito logs a visit the export already has and a new one → collect."""
    report = share(book, book.parent / "out", per_rep=True)
    team = next(f.path for f in report.files if f.rep is None)
    cover = {
        r[0]: r[1]
        for r in openpyxl.load_workbook(team, read_only=True)["表紙"].iter_rows(values_only=True)
        if r[0]
    }
    as_of = cover["基準日"].date()
    copy = next(f.path for f in report.files if f.rep == REP)
    wb = openpyxl.load_workbook(copy)
    mine = [r[0] for r in wb["担当顧客"].iter_rows(min_row=2, values_only=True)]
    lines = _csv_rows(book)[1:]
    day = lambda s: dt.datetime.strptime(s, "%Y/%m/%d").date()  # noqa: E731
    # His last route visit in the export before the as-of date: he logs it too, with a memo.
    known = [r for r in lines if r[1] == REP and r[3] == "訪問" and day(r[0]) < as_of][-1]
    seen_then = {r[2] for r in lines if r[1] == REP and day(r[0]) == as_of}
    new = next(a for a in mine if a not in seen_then)  # not visited on the as-of date
    before = recalculate(shutil.copyfile(book, book.with_name("before.xlsm"))).json()
    log = wb["訪問入力"]
    log.append([dt.datetime.combine(day(known[0]), dt.time()), known[2], "訪問", None, "定期"])
    log.append([dt.datetime.combine(as_of, dt.time()), new, "訪問"])
    returned = book.parent / "returned.xlsx"
    wb.save(returned)
    csv_before = (book.parent / "data" / "visits.csv").read_bytes()
    visits_sheet = list(openpyxl.load_workbook(book, read_only=True)["Visits"].values)
    done = collect(book, [returned])
    return {
        "share": report,
        "as_of": as_of,
        "known": known,
        "new": new,
        "before": before,
        "done": done,
        "returned": returned,
        "csv_before": csv_before,
        "visits_sheet": visits_sheet,
    }


def test_share_gives_reps_their_visit_log_when_visits_come_from_the_sources_sheet(
    collected: dict[str, object],
) -> None:
    report = collected["share"]
    assert report.problems == []  # type: ignore[attr-defined]
    for f in report.files:  # type: ignore[attr-defined]
        names = openpyxl.load_workbook(f.path, read_only=True).sheetnames
        assert ("訪問入力" in names) == (f.rep is not None), f.path.name
        if f.rep is not None:
            cover = [
                r[0] for r in openpyxl.load_workbook(f.path)["表紙"].iter_rows(values_only=True)
            ]
            assert text("share.cover_howto_log", "ja") in cover


def test_collect_files_the_log_on_the_collected_sheet_and_recalc_reads_both(
    book: Path, collected: dict[str, object]
) -> None:
    done = collected["done"]
    as_of, known, new = collected["as_of"], collected["known"], collected["new"]
    # One added, the visit the export has counted as a duplicate, said at its cell.
    assert [(f.rows, f.added, f.duplicates, f.refused) for f in done.files] == [(2, 1, 1, 0)]  # type: ignore[attr-defined]
    [same] = [c for c in done.checks if c.problem == "collect.same_visit_source"]  # type: ignore[attr-defined]
    assert (same.sheet, same.row, same.column) == ("returned.xlsx › 訪問入力", 2, "A 訪問日")
    assert same.params["source"] == "visits.csv" and same.params["account"] == known[2]  # type: ignore[index]
    assert done.recalculated and "「回収訪問」シートに 1 行を追加" in done.summary()[1]  # type: ignore[attr-defined]
    # The export and the Visits sheet are untouched; the new sheet holds the one new row.
    assert (book.parent / "data" / "visits.csv").read_bytes() == collected["csv_before"]
    wb = openpyxl.load_workbook(book, read_only=True)
    assert list(wb["Visits"].values) == collected["visits_sheet"]
    assert wb.sheetnames[-1] == "回収訪問"
    rows = list(wb["回収訪問"].values)
    assert rows[0] == tuple(c.ja for c in schema.COLLECTED_VISITS.columns)
    assert rows[1:] == [(dt.datetime.combine(as_of, dt.time()), REP, new, "訪問", None, None)]  # type: ignore[arg-type]
    # recalc: the month's visits are the export's plus the one new visit (the other once).
    period = as_of.strftime("%Y-%m")  # type: ignore[attr-defined]
    after = recalculate(book).json()
    assert _visits(after, REP, period) == _visits(collected["before"], REP, period) + 1  # type: ignore[arg-type]
    [read] = [c for c in after["checks"] if c["code"] == "collected_visits_read"]  # type: ignore[union-attr,index]
    assert read["sheet"] == "回収訪問"
    assert "から 1 行を追加しました。ほかの 0 行は" in read["problem"]
    # Sent again: nothing new, the master not written.
    stamp = book.stat().st_mtime_ns
    again = collect(book, [collected["returned"]])  # type: ignore[list-item]
    assert [(f.added, f.duplicates) for f in again.files] == [(0, 2)] and not again.written
    assert book.stat().st_mtime_ns == stamp


def test_the_export_catching_up_counts_the_visit_once(
    book: Path, collected: dict[str, object], tmp_path: Path
) -> None:
    """The SFA export, taken again, now holds the visit the rep logged: counted once."""
    copy = _copy_folder(book, tmp_path / "caught_up")
    as_of, new = collected["as_of"], collected["new"]
    before = recalculate(copy).json()
    with (copy.parent / "data" / "visits.csv").open("a", encoding="utf-8", newline="") as f:
        csv.writer(f).writerow([as_of.strftime("%Y/%m/%d"), REP, new, "訪問", ""])  # type: ignore[attr-defined]
    after = recalculate(copy).json()
    period = as_of.strftime("%Y-%m")  # type: ignore[attr-defined]
    assert _visits(after, REP, period) == _visits(before, REP, period)
    [read] = [c for c in after["checks"] if c["code"] == "collected_visits_read"]  # type: ignore[union-attr,index]
    said = "から 0 行を追加しました。ほかの 1 行は visits.csv にすでにある訪問と同じ"
    assert said in read["problem"]


def test_bad_rows_on_the_collected_sheet_name_sheet_row_and_column(
    book: Path, collected: dict[str, object], tmp_path: Path
) -> None:
    """A row the manager typed on 回収訪問: checked as a Visits row, named by that sheet's
    own row (not a line of the CSV it is read with)."""
    copy = _copy_folder(book, tmp_path / "bad")
    as_of = collected["as_of"]
    later = dt.datetime.combine(as_of + dt.timedelta(days=3), dt.time())  # type: ignore[operator]
    wb = openpyxl.load_workbook(copy, keep_vba=True)
    ws = wb["回収訪問"]
    ws.append(["2026/13/45", REP, collected["new"], "訪問"])  # row 3: no such date
    ws.append([later, REP, collected["new"], "訪問"])  # row 4: after the as-of date
    wb.save(copy)
    checks = recalculate(copy).json()["checks"]
    mine = [c for c in checks if c["sheet"] == "回収訪問" and c["row"] is not None]  # type: ignore[union-attr,index]
    by_row = {c["row"]: c for c in mine}
    assert by_row[3]["column"] == "A 訪問日" and by_row[3]["severity"] == "error"
    assert by_row[4]["column"] == "A 訪問日", by_row
    assert not [c for c in checks if c["sheet"] == "visits.csv" and c["row"] in (3, 4)]  # type: ignore[index]


def test_collect_refuses_a_collected_sheet_without_its_header(
    book: Path, collected: dict[str, object], tmp_path: Path
) -> None:
    copy = _copy_folder(book, tmp_path / "headless")
    wb = openpyxl.load_workbook(copy, keep_vba=True)
    ws = wb["回収訪問"]
    for cell in ws[1]:
        cell.value = None
    wb.save(copy)
    before = copy.read_bytes()
    with pytest.raises(copies.ShareError, match="「回収訪問」シートの1行目に見出し"):
        collect(copy, [collected["returned"]])  # type: ignore[list-item]
    assert copy.read_bytes() == before


def test_the_team_cover_says_a_running_year_by_its_landing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The Dashboard's status line says where a running year lands instead of "beyond the
    team's record" (trial 41 M2); the team copy's cover says the same."""
    from routekpi.pipeline import status_line

    class _Source:
        result = type("R", (), {"plan": object()})()

    monkeypatch.setattr(copies, "shown_feasibility", lambda plan: "stretch")
    monkeypatch.setattr(copies, "status_landing", lambda result: 0.973)
    said = copies._feasibility(_Source(), "ja")  # type: ignore[arg-type]
    assert said == "今年度は KGI の 97.3% に着地する見込み"
    assert said in status_line("ja", 10, 0, "stretch", landing=0.973)
    monkeypatch.setattr(copies, "status_landing", lambda result: None)  # before the year
    assert copies._feasibility(_Source(), "ja") == "チーム実績を超える"  # type: ignore[arg-type]


def test_collect_writes_its_header_again_on_an_emptied_collected_sheet(
    book: Path, collected: dict[str, object], tmp_path: Path
) -> None:
    """The manager cleared 回収訪問 (every cell): collect writes the header and the rows
    there again, on the same tab (no second tab of that name)."""
    copy = _copy_folder(book, tmp_path / "emptied")
    wb = openpyxl.load_workbook(copy, keep_vba=True)
    ws = wb["回収訪問"]
    ws.delete_rows(1, ws.max_row)
    wb.save(copy)
    done = collect(copy, [collected["returned"]], recalc=False)  # type: ignore[list-item]
    assert [(f.added, f.duplicates) for f in done.files] == [(1, 1)]
    names = openpyxl.load_workbook(copy, read_only=True).sheetnames
    assert names.count("回収訪問") == 1
    rows = list(openpyxl.load_workbook(copy, read_only=True)["回収訪問"].values)
    assert rows[0] == tuple(c.ja for c in schema.COLLECTED_VISITS.columns)
    assert [r[1:4] for r in rows[1:]] == [(REP, collected["new"], "訪問")]


def test_collected_rows_left_unread_are_named_when_visits_move_to_the_sheet(
    book: Path, collected: dict[str, object], tmp_path: Path
) -> None:
    """The Sources row for visits removed (the export pasted onto Visits instead): the
    collected sheet is no longer read, and Checks says so instead of dropping it silently."""
    copy = _copy_folder(book, tmp_path / "to_sheet")
    tabs = read_workbook(copy).tab_names
    rewrite_workbook(copy, {tabs["Sources"]: SheetContent(rows=[["入力", "ソース"]])})
    checks = recalculate(copy).json()["checks"]
    [unread] = [c for c in checks if c["code"] == "collected_visits_unread"]  # type: ignore[union-attr,index]
    assert unread["sheet"] == "回収訪問" and unread["severity"] == "warn"
    assert unread["problem"].startswith("「回収訪問」シートの 1 行は読んでいません")
    assert not [c for c in checks if c["code"] == "collected_visits_read"]  # type: ignore[index]


def _digit_codes(book: Path, dst: Path) -> Path:
    """The book and its visits.csv copied with every account code digits only (C0012 →
    0012), on Accounts, Orders and the export alike."""
    path = _copy_folder(book, dst)
    tabs = read_workbook(path).tab_names
    wb = openpyxl.load_workbook(path, read_only=True)
    fixed = {}
    for name in ("Accounts", "Orders"):
        rows = [list(r) for r in wb[tabs[name]].values]
        at = rows[0].index("顧客コード")
        for r in rows[1:]:
            if isinstance(r[at], str) and r[at].startswith("C"):
                r[at] = r[at][1:]
        fixed[tabs[name]] = SheetContent(rows=rows)
    wb.close()
    rewrite_workbook(path, fixed)
    lines = _csv_rows(path)
    for r in lines[1:]:
        r[2] = r[2][1:] if r[2].startswith("C") else r[2]
    with (path.parent / "data" / "visits.csv").open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(lines)
    return path


def test_a_code_that_lost_its_leading_zeros_is_the_exports_visit(
    book: Path, tmp_path: Path
) -> None:
    """Codes 0001…: the rep types his logged visit's account as 12 (Excel dropped the zeros of
    0012), the export has it as 0012 that day: the same visit, counted once (as the reader
    matches 12 to 0012, validation.tables.zeros_dropped), not a new row (before: added). And
    the export's own code without zeros (its 0012 rewritten 12: the reader reads it as the
    Accounts' 0012) is the rep's 0012's visit too."""
    book = _digit_codes(book, tmp_path / "b")
    report = share(book, book.parent / "out", per_rep=True)
    copy = next(f.path for f in report.files if f.rep == REP)
    lines = _csv_rows(book)
    known = [r for r in lines[1:] if r[1] == REP and r[3] == "訪問" and r[2].lstrip("0")][-1]
    day = dt.datetime.strptime(known[0], "%Y/%m/%d")
    assert known[2].startswith("0") and known[2] != known[2].lstrip("0")
    wb = openpyxl.load_workbook(copy)
    wb["訪問入力"].append([day, int(known[2]), "訪問"])  # a number: Excel's 12
    returned = book.parent / "returned.xlsx"
    wb.save(returned)
    done = collect(book, [returned], recalc=False)
    assert [(f.added, f.duplicates) for f in done.files] == [(0, 1)]
    [same] = [c for c in done.checks if c.problem == "collect.same_visit_source"]
    assert same.params["account"] == known[2]
    # The export's code lost its zeros instead: the rep's 0012 is that visit all the same.
    for r in lines[1:]:
        if r[2] == known[2]:
            r[2] = r[2].lstrip("0")
    with (book.parent / "data" / "visits.csv").open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(lines)
    wb = openpyxl.load_workbook(copy)
    wb["訪問入力"].append([day, known[2], "訪問"])
    wb.save(returned)
    done = collect(book, [returned], recalc=False)
    assert [(f.added, f.duplicates) for f in done.files] == [(0, 1)]


def test_typed_rows_counts_the_rows_below_the_header() -> None:
    """One test of "the sheet holds data rows": the header row is not one, blank rows neither."""
    from routekpi.contract import RawSheet, typed_rows

    only_header = RawSheet("回収訪問", [["日付", "担当者", "顧客コード"], [None, "", None]])
    assert typed_rows(only_header) == 0 and typed_rows(only_header, header=False) == 1
    rows = [["日付", "担当者"], [None, None], ["2026/4/1", "山田"], [None, "x"]]
    two = RawSheet("回収訪問", rows)
    assert typed_rows(two) == 2 and typed_rows(two, header=False) == 3
    assert typed_rows(RawSheet("回収訪問", [])) == 0


def test_recalc_counts_a_collected_row_once_by_collects_key() -> None:
    """The collected sheet's 「I　to」 (a full-width space) visiting 12 is the export's Ito
    visiting 0012 that day (Excel dropped the zeros): not added again; its call too, once."""
    import duckdb

    from routekpi.sources.assemble import _collected_kept
    from routekpi.validation.same_visit import visit_key

    con = duckdb.connect()
    day = dt.date(2026, 4, 1)
    con.execute(
        "CREATE TABLE src AS SELECT * FROM (VALUES (1, ?::DATE, 'Ito', '0012', 'visit', NULL),"
        " (2, ?::DATE, 'Ito', '0012', 'call', 'no_answer')) t(line, date, rep, account, kind,"
        " outcome)",
        [day, day],
    )
    con.execute(
        "CREATE TABLE side AS SELECT * FROM (VALUES (1, ?::DATE, 'I\u3000to', '12', 'visit', NULL),"
        " (2, ?::DATE, 'Ｉｔｏ', '12', 'call', 'no_answer'),"
        " (3, ?::DATE, 'Ito', '12', 'call', 'no_answer'),"
        " (4, ?::DATE, 'Ito', '0013', 'visit', NULL)) t(line, date, rep, account, kind, outcome)",
        [day, day, day, day],
    )
    # Lines 1 and 2 are the export's; line 3 is a second call (the export logs one); 4 is new.
    assert _collected_kept(con, "src", "side") == [3, 4]
    # collect builds the same key: the rep typed 「I　to」 is the copy's Ito.
    assert visit_key(day, "I\u3000to", 12.0, "visit", None)[:3] == (day, "Ito", "12")
