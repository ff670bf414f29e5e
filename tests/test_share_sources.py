"""routekpi share on what a person opens: the team Dashboard's charts, the cover's sheet list,
and a master whose history comes from files (the Sources sheet or --orders/--visits/--accounts).

Each copy is written to disk and read back. The master is the small sample (8 reps, ~8,000
orders); its Orders, Visits and Accounts rows are exported to files for the Sources cases.
"""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils.cell import range_to_tuple
from share_helpers import SOFFICE, make_master, soffice_convert

from routekpi.cli import main
from routekpi.io import dashboard_layout as layout
from routekpi.io.reader import read_workbook
from routekpi.io.sheetrewrite import rewrite_workbook
from routekpi.io.sheetxml import SheetContent
from routekpi.messages import text
from routekpi.recalc import RecalcError, recalculate
from routekpi.share.collect import collect
from routekpi.share.copies import build_copy, load_source
from routekpi.share.job import ShareReport, share
from routekpi.sources import SourceRef

pytest.importorskip("duckdb")

INPUTS = ("Orders", "Visits", "Accounts")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("share_sources")


@pytest.fixture(scope="module")
def master(folder: Path) -> Path:
    return make_master(folder / "book.xlsm")


@pytest.fixture(scope="module")
def team(master: Path) -> Path:
    report = share(master, master.parent / "out", per_rep=True)
    return next(f.path for f in report.files if f.rep is None)


@pytest.fixture(scope="module")
def rep_copies(master: Path, team: Path) -> list[Path]:
    return sorted(p for p in team.parent.glob("book_*.xlsx") if p != team)


# --------------------------------------------------------------------------------------
# The team copy's Dashboard


def _refs(chart: object) -> list[str]:
    """Every cell reference of a chart's series (name, categories, values)."""
    refs: list[str] = []
    for s in chart.series:  # type: ignore[attr-defined]
        if s.tx is not None and s.tx.strRef is not None:
            refs.append(s.tx.strRef.f)
        refs.append(s.cat.strRef.f)
        refs.append(s.val.numRef.f)
    return refs


def _cells(ws: openpyxl.worksheet.worksheet.Worksheet, ref: str) -> list[object]:
    _, (c1, r1, c2, r2) = range_to_tuple(ref)
    return [ws.cell(r, c).value for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]


def test_team_dashboard_has_its_three_charts_over_its_own_cells(team: Path) -> None:
    wb = openpyxl.load_workbook(team)
    ws = wb["ダッシュボード"]
    cover = {r[0]: r[1] for r in wb["表紙"].iter_rows(values_only=True) if r[0]}
    kgi = cover["KGI(年間売上目標)"]
    assert isinstance(kgi, int | float) and kgi > 0
    charts = ws._charts
    assert len(charts) == 3
    for chart in charts:
        for ref in _refs(chart):
            sheet, _ = range_to_tuple(ref)
            assert sheet == ws.title, ref  # the copy's own sheet, nothing outside the file
            assert "[" not in ref
    burnup, reps, bridge = charts
    # Burn-up: twelve plan months; the cumulative target ends at the KGI.
    months = _cells(ws, burnup.series[0].cat.strRef.f)
    assert len(months) == 12 and months[0] == cover["計画年度"][8:15]
    assert _cells(ws, burnup.series[0].tx.strRef.f) == ["累計目標"]
    cum_target = _cells(ws, burnup.series[0].val.numRef.f)
    assert all(isinstance(v, int | float) for v in cum_target)
    assert cum_target[-1] == pytest.approx(kgi)
    assert cum_target == sorted(cum_target)
    # Bridge: from last year's revenue to the KGI, whose total bar is the KGI itself.
    steps = _cells(ws, bridge.series[0].cat.strRef.f)
    shown = [s for s in steps if s is not None]
    assert shown[-1] == "KGI"
    totals = _cells(ws, bridge.series[3].val.numRef.f)
    assert totals[len(shown) - 1] == pytest.approx(kgi)
    # Reps: one bar slot per rep of the plan; the unused slots are hidden (not plotted).
    targets = wb["目標"]
    planned = sorted({r[1] for r in targets.iter_rows(min_row=2, values_only=True)} - {"ALL"})
    _, (col, first, _, last) = range_to_tuple(reps.series[0].cat.strRef.f)
    visible = [
        ws.cell(r, col).value for r in range(first, last + 1) if not ws.row_dimensions[r].hidden
    ]
    assert sorted(visible) == planned and len(planned) == 8
    assert all(ws.row_dimensions[r].hidden for r in range(first + len(planned), last + 1))
    assert all(reps_chart.visible_cells_only for reps_chart in charts)


def test_team_dashboard_says_its_chart_data_is_a_copy(team: Path) -> None:
    wb = openpyxl.load_workbook(team)
    ws = wb["ダッシュボード"]
    assert ws.cell(layout.DATA_TOP, 1).value == text("share.dash_chart_data", "ja")
    with zipfile.ZipFile(team) as zf:
        blob = "".join(zf.read(n).decode("utf-8", "replace") for n in zf.namelist())
    assert text("dash.chart_data", "ja") not in blob  # "再計算で自動更新" is untrue here
    # Printed as in the master: the page above the chart data, one page.
    assert ws.print_area == f"'{ws.title}'!$A$1:$L${layout.PRINT_LAST_ROW}"
    assert ws.page_setup.fitToHeight == 1


@pytest.mark.slow
@pytest.mark.libreoffice
@pytest.mark.skipif(SOFFICE is None or shutil.which("pdftotext") is None, reason="no LibreOffice")
def test_libreoffice_prints_the_team_dashboard_with_its_charts(team: Path, tmp_path: Path) -> None:
    soffice_convert([team], "pdf", tmp_path)
    pdf = tmp_path / team.with_suffix(".pdf").name
    # Page 1 is the cover, page 2 the Dashboard: the charts' titles are drawn on it.
    page = subprocess.run(
        ["pdftotext", "-f", "2", "-l", "2", str(pdf), "-"], capture_output=True, text=True
    ).stdout
    assert "ダッシュボード" in page
    for key in ("template.chart_burnup", "template.chart_reps", "template.chart_bridge"):
        title = text(key, "ja")
        assert re.sub(r"\s", "", title) in re.sub(r"\s", "", page), title


# --------------------------------------------------------------------------------------
# The cover lists every sheet of the copy


def _listed(path: Path, cover_tab: str, pattern: str) -> list[str]:
    wb = openpyxl.load_workbook(path, read_only=True)
    lines = [r[0] for r in wb[cover_tab].iter_rows(values_only=True) if isinstance(r[0], str)]
    return [m.group(1) for line in lines if (m := re.match(pattern, line))]


def test_the_cover_lists_every_sheet_of_each_copy(
    team: Path, rep_copies: list[Path], master: Path, folder: Path
) -> None:
    assert len(rep_copies) == 8
    for path in [team, *rep_copies]:
        names = openpyxl.load_workbook(path, read_only=True).sheetnames
        assert _listed(path, "表紙", r"^「([^」]+)」: ") == names[1:], path.name
    assert "ダッシュボード" in openpyxl.load_workbook(team, read_only=True).sheetnames
    # In English too (a copy made with --lang en).
    source = load_source(master, language="en")
    for rep in (None, source.reps[0]):
        data, info = build_copy(source, rep)
        path = folder / f"en_{rep or 'team'}.xlsx"
        path.write_bytes(data)
        assert _listed(path, "Cover", r"^(\S+): ") == info.sheets[1:]
        assert info.sheets[0] == "Cover"


# --------------------------------------------------------------------------------------
# A master whose history comes from files


def _cell(value: object) -> object:
    if isinstance(value, datetime):
        return value.strftime("%Y/%m/%d")
    return "" if value is None else value


def _export(master: Path, data: Path) -> dict[str, Path]:
    """The master's Orders (CP932 CSV, 2025/04/01 dates), Visits (.xlsx) and Accounts (CSV)."""
    data.mkdir(exist_ok=True)
    wb = openpyxl.load_workbook(master, read_only=True)
    rows = {name: [list(r) for r in wb[name].iter_rows(values_only=True)] for name in INPUTS}
    files = {"Orders": data / "受注履歴.csv", "Visits": data / "visits.xlsx"}
    files["Accounts"] = data / "顧客.csv"
    for name in ("Orders", "Accounts"):
        with files[name].open("w", encoding="cp932", newline="") as out:
            csv.writer(out).writerows([[_cell(v) for v in row] for row in rows[name]])
    visits = openpyxl.Workbook()
    for row in rows["Visits"]:
        visits.active.append(row)
    visits.save(files["Visits"])
    return files


def _emptied(master: Path, path: Path, sources: list[list[object]] | None) -> Path:
    """A copy of ``master`` whose Orders, Visits and Accounts hold headers only."""
    shutil.copyfile(master, path)
    tabs = read_workbook(master).tab_names
    headers = {
        name: [c.value for c in next(openpyxl.load_workbook(master, read_only=True)[name].rows)]
        for name in INPUTS
    }
    contents = {tabs[n]: SheetContent(rows=[headers[n]]) for n in INPUTS}
    if sources is not None:
        contents[tabs["Sources"]] = SheetContent(rows=sources)
    rewrite_workbook(path, contents)
    return path


@pytest.fixture(scope="module")
def from_files(master: Path, folder: Path) -> tuple[Path, dict[str, Path]]:
    """A master that names its history files on the Sources sheet (relative paths)."""
    book = folder / "files" / "plan.xlsm"
    book.parent.mkdir()
    files = _export(master, book.parent / "data")
    sources = [
        ["入力", "ソース", "テーブル/クエリ", "文字コード"],
        ["受注", "data/受注履歴.csv", None, "cp932"],
        ["訪問", "data/visits.xlsx", None, None],
        ["顧客", "data/顧客.csv", None, "cp932"],
    ]
    return _emptied(master, book, sources), files


@pytest.fixture(scope="module")
def shared_from_files(from_files: tuple[Path, dict[str, Path]]) -> ShareReport:
    book, _ = from_files
    return share(book, book.parent / "out", per_rep=True)


def _targets(path: Path, tab: str) -> dict[tuple[str, str, str], float]:
    """(period, rep, kpi key) → target, from a Targets sheet: the master's by its hidden
    KPI key column, the team copy's (no key column: fix48b) by the KPI's label."""
    from routekpi.core.catalog import KPI_BY_KEY

    rows = list(openpyxl.load_workbook(path, read_only=True)[tab].iter_rows(values_only=True))
    head = list(rows[0])
    target = head.index("目標")
    if "KPIキー" in head:
        kpi, key_of = head.index("KPIキー"), {}
    else:
        kpi, key_of = head.index("KPI"), {k.label("ja"): key for key, k in KPI_BY_KEY.items()}
    return {
        (r[0], r[1], key_of.get(r[kpi], r[kpi])): r[target] for r in rows[1:] if r[0] is not None
    }


def test_share_reads_the_sources_sheet_as_recalc_does(
    from_files: tuple[Path, dict[str, Path]], shared_from_files: ShareReport, master: Path
) -> None:
    book, _ = from_files
    # The sheets themselves hold no history: read alone, they stop the run.
    with pytest.raises(RecalcError, match="受注"):
        load_source(_emptied(master, book.parent.parent / "bare.xlsm", None))
    recalced = book.with_name("recalced.xlsm")  # beside the book: same relative paths
    shutil.copyfile(book, recalced)
    want = recalculate(recalced).json()
    team = next(f.path for f in shared_from_files.files if f.rep is None)
    got = _targets(team, "目標")
    assert len(got) == len(want["targets"]) > 100  # type: ignore[arg-type]
    for t in want["targets"]:  # type: ignore[union-attr]
        assert got[(t["period"], t["rep"], t["kpi"])] == pytest.approx(t["target"]), t
    # ... which are the numbers of the same rows on the sheets.
    pristine = _targets(recalc_copy(master), "Targets")
    assert got == pytest.approx(pristine)
    # The cover and the Dashboard's status say where the history came from.
    wb = openpyxl.load_workbook(team, read_only=True)
    cover = {r[0]: r[1] for r in wb["表紙"].iter_rows(values_only=True) if r[0]}
    assert cover["履歴の読込元"] == ("Orders=受注履歴.csv, Visits=visits.xlsx, Accounts=顧客.csv")
    status = wb["ダッシュボード"].cell(layout.STATUS_ROW, 2).value
    assert "Orders=受注履歴.csv" in status


def recalc_copy(master: Path) -> Path:
    copy = master.with_name("pristine_recalced.xlsm")
    if not copy.exists():
        shutil.copyfile(master, copy)
        recalculate(copy)
    return copy


def test_rep_copies_from_files_hold_the_reps_accounts_and_no_one_else(
    from_files: tuple[Path, dict[str, Path]], shared_from_files: ShareReport
) -> None:
    _, files = from_files
    with files["Accounts"].open(encoding="cp932", newline="") as f:
        accounts = list(csv.DictReader(f))
    as_of = load_as_of(shared_from_files)
    reps = sorted({a["担当者"] for a in accounts})
    rep_files = {f.rep: f.path for f in shared_from_files.files if f.rep is not None}
    assert sorted(rep_files) == reps and len(reps) == 8
    for rep, path in rep_files.items():
        live = sorted(
            a["顧客コード"]
            for a in accounts
            if a["担当者"] == rep
            and (not a["解約日"] or datetime.strptime(a["解約日"], "%Y/%m/%d").date() > as_of)
        )
        wb = openpyxl.load_workbook(path, read_only=True)
        mine = [r[0] for r in wb["担当顧客"].iter_rows(min_row=2, values_only=True)]
        assert mine == live and mine
        with zipfile.ZipFile(path) as zf:  # every part, docProps included
            blob = "".join(zf.read(n).decode("utf-8", "replace") for n in zf.namelist())
        words = set(re.findall(r"[A-Za-z0-9]+", blob))  # names and codes as whole tokens
        others = {a["顧客コード"] for a in accounts if a["担当者"] != rep} | set(reps) - {rep}
        assert rep in words and live[0] in words
        assert not others & words, path.name


def load_as_of(report: ShareReport) -> date:
    team = next(f.path for f in report.files if f.rep is None)
    cover = {
        r[0]: r[1]
        for r in openpyxl.load_workbook(team, read_only=True)["表紙"].iter_rows(values_only=True)
        if r[0]
    }
    return cover["基準日"].date()


def test_cli_share_takes_the_history_options(
    master: Path,
    from_files: tuple[Path, dict[str, Path]],
    shared_from_files: ShareReport,
    folder: Path,
) -> None:
    """--orders/--visits/--accounts/--encoding, as recalc takes them, on a book without a
    Sources sheet row: the same numbers as the Sources sheet gives (its team file, written by
    ``shared_from_files``: asked for here, not left to the order the tests run in)."""
    book, files = from_files
    bare = _emptied(master, folder / "bare_cli.xlsm", None)
    out = folder / "cli_out"
    args = ["share", str(bare), "--out", str(out), "--encoding", "cp932"]
    args += [f"--{n.lower()}={files[n]}" for n in INPUTS]
    assert main(args) == 0
    want = _targets(book.parent / "out" / "plan_team.xlsx", "目標")
    assert _targets(out / "bare_cli_team.xlsx", "目標") == want
    assert main(["share", str(bare), "--out", str(out)]) == 1  # no history anywhere: one line


# --------------------------------------------------------------------------------------
# collect on such a master


def test_collect_files_returned_visits_beside_a_visits_file(
    from_files: tuple[Path, dict[str, Path]], shared_from_files: ShareReport
) -> None:
    """Rows cannot be appended to the visits file: collect keeps them on the master's
    回収訪問 sheet (read with the file by recalc; tests/test_collect_sources.py), and leaves
    the Visits sheet and the file as they were."""
    book, files = from_files
    work = book.with_name("collect_beside.xlsm")  # beside the book: same relative paths
    shutil.copyfile(book, work)
    report = shared_from_files
    rep_copy = next(f for f in report.files if f.rep is not None)
    returned = openpyxl.load_workbook(rep_copy.path)
    account = next(returned["担当顧客"].iter_rows(min_row=2, values_only=True))[0]
    as_of = load_as_of(report)
    day = datetime(as_of.year, as_of.month, as_of.day)
    returned["訪問入力"].append([day, account, "商談"])
    path = book.parent / "returned_beside.xlsx"
    returned.save(path)
    file_before = files["Visits"].read_bytes()
    done = collect(work, [path], recalc=False)
    assert [(f.added, f.refused) for f in done.files] == [(1, 0)] and done.written
    wb = openpyxl.load_workbook(work, read_only=True)
    assert list(wb["回収訪問"].values)[1][:4] == (day, rep_copy.rep, account, "商談")
    assert len(list(wb["Visits"].values)) == 1  # its header only, as before
    assert files["Visits"].read_bytes() == file_before


def test_rep_copies_carry_the_visit_log_when_visits_come_from_the_sources_sheet(
    shared_from_files: ShareReport,
) -> None:
    """collect can take a returned log back (above): the reps get the log to fill, and
    nothing is said against it at share time."""
    assert not [p for p in shared_from_files.problems if "訪問入力" in p]
    for f in shared_from_files.files:
        names = openpyxl.load_workbook(f.path, read_only=True).sheetnames
        assert ("訪問入力" in names) == (f.rep is not None), f.path.name
        if f.rep is None:
            continue
        lines = [r[0] for r in openpyxl.load_workbook(f.path)["表紙"].iter_rows(values_only=True)]
        assert not any(
            isinstance(x, str) and x.startswith("訪問の記録はこれまでどおり") for x in lines
        )
        assert any(isinstance(x, str) and "「訪問入力」シートに" in x for x in lines)


def test_visits_given_on_the_command_line_leave_the_copies_without_a_log(
    master: Path, from_files: tuple[Path, dict[str, Path]], folder: Path
) -> None:
    """--visits on share, no Visits row on the Sources sheet: collect (which reads the
    Sources sheet) would not know the file, so the copies carry no log and share says how
    to get it (name the file on the Sources sheet)."""
    _, files = from_files
    bare = _emptied(master, folder / "bare_visits.xlsm", None)
    given = {
        n: SourceRef(n, str(files[n]), encoding="cp932" if n != "Visits" else None) for n in INPUTS
    }
    report = share(bare, folder / "given_out", per_rep=True, sources=given)
    [said] = [p for p in report.problems if "訪問入力シートを入れていません" in p]
    assert "--visits(visits.xlsx)" in said and "データソースシートの訪問の行に書いて" in said
    for f in report.files:
        names = openpyxl.load_workbook(f.path, read_only=True).sheetnames
        assert "訪問入力" not in names, f.path.name
        if f.rep is None:
            continue
        assert names[-1] == "担当顧客"  # the rep's accounts stay
        lines = [r[0] for r in openpyxl.load_workbook(f.path)["表紙"].iter_rows(values_only=True)]
        assert any(isinstance(x, str) and x.startswith("訪問の記録はこれまでどおり") for x in lines)
        assert "「担当顧客」: あなたの担当顧客" in lines  # not "the visit log's account list"


def _half_from_files(master: Path, book: Path) -> dict[str, Path]:
    """``book``: ``master`` with Orders and Accounts from files (Sources), Visits on the sheet."""
    book.parent.mkdir()
    files = _export(master, book.parent / "data")
    sources = [
        ["入力", "ソース", "テーブル/クエリ", "文字コード"],
        ["受注", "data/受注履歴.csv", None, "cp932"],
        ["顧客", "data/顧客.csv", None, "cp932"],
    ]
    shutil.copyfile(master, book)
    tabs = read_workbook(master).tab_names
    headers = {
        n: [c.value for c in next(openpyxl.load_workbook(master, read_only=True)[n].rows)]
        for n in ("Orders", "Accounts")
    }
    rewrite_workbook(
        book,
        {
            tabs["Orders"]: SheetContent(rows=[headers["Orders"]]),
            tabs["Accounts"]: SheetContent(rows=[headers["Accounts"]]),
            tabs["Sources"]: SheetContent(rows=sources),
        },
    )
    return files


def test_collect_with_orders_and_accounts_from_files(master: Path, folder: Path) -> None:
    """Visits on the sheet, orders and accounts from files: a rep's visit is appended (the
    owners of accounts come from the accounts file) and the master is recalculated."""
    book = folder / "half" / "plan.xlsm"
    files = _half_from_files(master, book)
    report = share(book, book.parent / "out", per_rep=True)
    assert report.problems == []  # visits on the sheet: the log is there, nothing to warn
    rep_copy = next(f for f in report.files if f.rep == "Tanaka").path
    returned = openpyxl.load_workbook(rep_copy)
    account = next(returned["担当顧客"].iter_rows(min_row=2, values_only=True))[0]
    as_of = load_as_of(report)
    day = datetime(as_of.year, as_of.month, as_of.day)
    returned["訪問入力"].append([day, account, "商談"])
    returned_path = book.parent / "returned.xlsx"
    returned.save(returned_path)
    visits_before = list(openpyxl.load_workbook(book, read_only=True)["Visits"].values)
    done = collect(book, [returned_path])
    assert [(f.added, f.refused) for f in done.files] == [(1, 0)] and done.recalculated
    visits = list(openpyxl.load_workbook(book, read_only=True)["Visits"].values)
    assert len(visits) == len(visits_before) + 1
    assert visits[-1][:4] == (day, "Tanaka", account, "商談")
    assert files["Orders"].exists()


def test_collecting_the_same_file_twice_adds_nothing_the_second_time(
    master: Path, folder: Path
) -> None:
    """The cover promises a row sent twice is counted once. With orders from a file, the
    stored rows were read with a 商談 at a customer already held turned into a visit (the
    engine's reading, core.meetings), so the returned 商談 never matched and was added
    again on every collect (trial 20, finding 8). Rows are compared as typed."""
    book = folder / "twice" / "plan.xlsm"
    _half_from_files(master, book)
    report = share(book, book.parent / "out", per_rep=True)
    copy = next(f for f in report.files if f.rep == "Tanaka").path
    returned = openpyxl.load_workbook(copy)
    own = next(returned["担当顧客"].iter_rows(min_row=2, values_only=True))[0]
    accounts = list(openpyxl.load_workbook(master, read_only=True)["Accounts"].values)
    other = next(r[0] for r in accounts[1:] if r[2] not in (None, "Tanaka"))
    as_of = load_as_of(report)
    day = datetime(as_of.year, as_of.month, as_of.day)
    log = returned["訪問入力"]
    log.append([day, own, "商談", "成功"])  # a proposal at his own customer (held for years)
    log.append([day, other, "訪問"])  # a cover visit at a colleague's customer
    log.append([as_of.strftime("%Y/%m/%d"), own, "訪問"])  # the date typed as text
    returned_path = book.parent / "returned.xlsx"
    returned.save(returned_path)

    first = collect(book, [returned_path], recalc=False)
    assert [(f.rows, f.added, f.duplicates, f.refused) for f in first.files] == [(3, 3, 0, 0)]
    visits = list(openpyxl.load_workbook(book, read_only=True)["Visits"].values)
    assert [v[1:4] for v in visits[-3:]] == [
        ("Tanaka", own, "商談"),
        ("Tanaka", other, "訪問"),
        ("Tanaka", own, "訪問"),
    ]
    again = collect(book, [returned_path], recalc=False)
    assert [(f.rows, f.added, f.duplicates, f.refused) for f in again.files] == [(3, 0, 3, 0)]
    assert not again.written
    assert list(openpyxl.load_workbook(book, read_only=True)["Visits"].values) == visits
