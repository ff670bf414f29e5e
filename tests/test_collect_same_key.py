"""collect and recalc match a rep's call/attempt row against the visits source by one key.

A manager whose visits come from an SFA export (the Sources sheet names data/visits.csv)
shares the sample book; Ito types into his copy's visit log an アポ attempt the export
already has, and one the same day with the other outcome. Before, collect matched only route
visits against the export: it wrote both attempts on 回収訪問 and said "2 added", and recalc,
which matches every row (day, rep, account, kind, outcome, counted), dropped one of them:
collected twice, counted once. Now both use validation.same_visit.logged_key: the duplicate
is not collected and counted once, the new attempt is kept, and the counts read back from the
recalculated book grow by exactly what collect says it added.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from share_helpers import make_master

from routekpi.io.reader import read_workbook
from routekpi.io.sheetrewrite import rewrite_workbook
from routekpi.io.sheetxml import SheetContent
from routekpi.recalc import recalculate
from routekpi.share.collect import collect
from routekpi.share.job import share
from routekpi.validation.same_visit import SourceRows, logged_key

pytest.importorskip("duckdb")

REP = "Ito"
OTHER = {"成功": "失敗", "失敗": "成功"}


def _day(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%Y/%m/%d").date()


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """plan.xlsm reading its visits from data/visits.csv, shared: Ito's copy, the as-of date,
    the export's lines and the recalculated counts before anything is collected."""
    folder = tmp_path_factory.mktemp("same_key")
    master = make_master(folder / "master.xlsm")
    rows = [list(r) for r in openpyxl.load_workbook(master, read_only=True)["Visits"].values]
    (folder / "data").mkdir()
    with (folder / "data" / "visits.csv").open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(
            [
                [v.strftime("%Y/%m/%d") if isinstance(v, dt.datetime) else v for v in row]
                for row in rows
            ]
        )
    book = folder / "plan.xlsm"
    shutil.copyfile(master, book)
    tabs = read_workbook(master).tab_names
    sources = [["入力", "ソース"], ["訪問", "data/visits.csv"]]
    rewrite_workbook(
        book,
        {tabs["Visits"]: SheetContent(rows=[rows[0]]), tabs["Sources"]: SheetContent(rows=sources)},
    )
    report = share(book, folder / "out", per_rep=True)
    copy = next(f.path for f in report.files if f.rep == REP)
    cover = dict(
        r[:2]
        for r in openpyxl.load_workbook(copy, read_only=True)["表紙"].iter_rows(values_only=True)
    )
    as_of = cover["基準日"].date()
    with (folder / "data" / "visits.csv").open(encoding="utf-8", newline="") as f:
        lines = list(csv.reader(f))[1:]
    before = recalculate(shutil.copyfile(book, folder / "before.xlsm")).json()
    return {"book": book, "copy": copy, "as_of": as_of, "lines": lines, "before": before}


def _attempt_day(shared: dict[str, object]) -> tuple[dt.date, str, int]:
    """A day of the as-of month Ito's export logs attempts of one outcome only: the day, that
    outcome and how many of them."""
    as_of: dt.date = shared["as_of"]  # type: ignore[assignment]
    mine = [
        r
        for r in shared["lines"]  # type: ignore[attr-defined]
        if r[1] == REP and r[3] == "アポ" and _day(r[0]) <= as_of
        if (_day(r[0]).year, _day(r[0]).month) == (as_of.year, as_of.month)
    ]
    by_day: dict[dt.date, Counter[str]] = {}
    for r in mine:
        by_day.setdefault(_day(r[0]), Counter())[r[4]] += 1
    day = max(d for d, c in by_day.items() if len(c) == 1)
    [(outcome, n)] = by_day[day].items()
    return day, outcome, n


def _typed(shared: dict[str, object], dst: Path, rows: list[list[object]]) -> Path:
    """Ito's copy with ``rows`` typed on its visit log (date, account, kind, outcome, memo)."""
    wb = openpyxl.load_workbook(shared["copy"])  # type: ignore[arg-type]
    log = wb["訪問入力"]
    for row in rows:
        log.append(row)
    wb.save(dst)
    return dst


def _book(shared: dict[str, object], tmp_path: Path) -> Path:
    """A fresh copy of the shared book and its data folder (the Sources path is relative)."""
    book: Path = shared["book"]  # type: ignore[assignment]
    shutil.copytree(book.parent, tmp_path / "b", ignore=shutil.ignore_patterns("out", "*.xlsx"))
    return tmp_path / "b" / book.name


def _attempts(report: dict[str, object], period: str) -> float:
    return next(
        a["actual"]
        for a in report["attainment"]  # type: ignore[union-attr]
        if a["rep"] == REP and a["kpi"] == "appointment_attempts" and a["period"] == period
    )


def _collected_sheet(book: Path) -> list[tuple[object, ...]]:
    return list(openpyxl.load_workbook(book, read_only=True)["回収訪問"].values)[1:]


def test_an_attempt_the_export_has_is_collected_once_and_counted_once(
    shared: dict[str, object], tmp_path: Path
) -> None:
    book = _book(shared, tmp_path)
    day, outcome, n = _attempt_day(shared)
    at = dt.datetime.combine(day, dt.time())
    returned = _typed(
        shared,
        tmp_path / "returned.xlsx",
        # every attempt the export has that day (memo: the prospect), and one new one
        [[at, None, "アポ", outcome, f"見込み客{i}"] for i in range(n)]
        + [[at, None, "アポ", OTHER[outcome], "見込み客 再架電"]],
    )
    done = collect(book, [returned])
    # Before: [(n + 1, n + 1, 0, 0)] — the export's attempts written on 回収訪問 too.
    assert [(f.rows, f.added, f.duplicates, f.refused) for f in done.files] == [(n + 1, 1, n, 0)]
    said = [c for c in done.checks if c.problem == "collect.same_row_source"]
    assert [c.row for c in said] == list(range(2, 2 + n))
    assert said[0].params["held"] == n and said[0].params["source"] == "visits.csv"
    assert said[0].params["outcome"] == outcome and said[0].params["kind"] == "アポ"
    assert _collected_sheet(book) == [(at, REP, None, "アポ", OTHER[outcome], "見込み客 再架電")]
    # Counted: the export's attempts once, plus the one collect added.
    period = day.strftime("%Y-%m")
    after = recalculate(book).json()
    assert _attempts(after, period) == _attempts(shared["before"], period) + 1  # type: ignore[arg-type]
    [read] = [c for c in after["checks"] if c["code"] == "collected_visits_read"]  # type: ignore[union-attr,index]
    assert "から 1 行を追加しました。ほかの 0 行は" in read["problem"]
    # The rep sends the file again, its memos edited: still the export's rows, nothing written.
    wb = openpyxl.load_workbook(returned)
    for row in wb["訪問入力"].iter_rows(min_row=2):
        row[4].value = f"{row[4].value}(訂正)"
    wb.save(returned)
    stamp = book.stat().st_mtime_ns
    again = collect(book, [returned])
    assert [(f.added, f.duplicates) for f in again.files] == [(0, n + 1)] and not again.written
    assert book.stat().st_mtime_ns == stamp


def test_more_attempts_than_the_export_logs_are_all_counted(
    shared: dict[str, object], tmp_path: Path
) -> None:
    """His log holds one attempt more of the export's outcome than the export: the sheet gets
    all of them (recalc counts the larger of the export's and the sheet's), counted n + 1."""
    book = _book(shared, tmp_path)
    day, outcome, n = _attempt_day(shared)
    at = dt.datetime.combine(day, dt.time())
    returned = _typed(
        shared, tmp_path / "more.xlsx", [[at, None, "アポ", outcome] for _ in range(n + 1)]
    )
    done = collect(book, [returned])
    assert [(f.added, f.duplicates) for f in done.files] == [(n + 1, 0)]
    [kept] = [c for c in done.checks if c.problem == "collect.same_row_source_kept"]
    assert (kept.row, kept.params["held"], kept.params["rows"]) == (2, n, n + 1)
    assert len(_collected_sheet(book)) == n + 1
    period = day.strftime("%Y-%m")
    after = recalculate(book).json()
    assert _attempts(after, period) == _attempts(shared["before"], period) + 1  # type: ignore[arg-type]
    # Sent again: the book counts n + 1 already.
    again = collect(book, [returned], recalc=False)
    assert [(f.added, f.duplicates) for f in again.files] == [(0, n + 1)]


def test_recalc_and_collect_take_the_same_rows_as_the_sources() -> None:
    """The one rule both apply (validation.same_visit): a route visit is the source's visit
    whatever its outcome, however many rows say it; a call is the source's while the source's
    calls of that day, rep, account, kind and outcome last; another outcome is another call."""
    day = dt.date(2026, 10, 28)
    held = Counter(
        [
            logged_key(day, "Ito", "C0043", "visit", None),
            logged_key(day, "Ito", None, "attempt", "won"),
        ]
    )
    source = SourceRows(held)
    assert source.take(logged_key(day, "I\u3000to", "C0043", "visit", "won"))
    assert source.take(logged_key(day, "Ito", "C0043", "visit", None))  # the same visit
    assert not source.take(logged_key(day, "Ito", "C0044", "visit", None))
    assert not source.take(logged_key(day, "Ito", None, "attempt", "lost"))
    assert source.take(logged_key(day, "Ｉｔｏ", None, "attempt", "won"))
    assert not source.take(logged_key(day, "Ito", None, "attempt", "won"))  # a second call
