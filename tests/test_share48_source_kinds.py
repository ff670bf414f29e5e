"""A master whose visits come from a file the Sources sheet names (trial 48 L3: a bottled-water
route's handheld logs every stop): the rep copies and their e-mails ask a rep to log only the
kinds that file lacks; a file holding all three kinds (an SFA's full export) keeps the whole
log, as trial 40 M5 asked.

The master is the small sample; its Visits are exported to an .xlsx named on Sources, whole
or without some kinds. Each copy and draft is written to disk and read back.
"""

from __future__ import annotations

import email
import shutil
from email import policy
from pathlib import Path

import openpyxl
import pytest
from share_helpers import add_reps_sheet, make_master

from routekpi.io.reader import read_workbook
from routekpi.io.sheetrewrite import rewrite_workbook
from routekpi.io.sheetxml import SheetContent
from routekpi.messages import text
from routekpi.share.job import ShareReport, share

pytest.importorskip("duckdb")

INPUTS = ("Orders", "Visits", "Accounts")


@pytest.fixture(scope="module")
def master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = make_master(tmp_path_factory.mktemp("share48") / "book.xlsm")
    wb = openpyxl.load_workbook(path, read_only=True)
    rows = wb["Accounts"].iter_rows(values_only=True)
    at = next(rows).index("担当者")
    reps = sorted({r[at] for r in rows if r[at]})
    add_reps_sheet(path, {rep: f"rep{i}@example.co.jp" for i, rep in enumerate(reps)})
    return path


def _sourced(master: Path, name: str, keep: set[str]) -> Path:
    """A copy of ``master`` whose Visits rows of the kinds ``keep`` are a file on Sources."""
    folder = master.parent / name
    folder.mkdir()
    book = folder / "plan.xlsm"
    shutil.copyfile(master, book)
    wb = openpyxl.load_workbook(master, read_only=True)
    rows = [list(r) for r in wb["Visits"].iter_rows(values_only=True)]
    kind = rows[0].index("種別")
    visits = openpyxl.Workbook()
    visits.active.append(rows[0])
    for row in rows[1:]:
        if row[kind] in keep:
            visits.active.append(row)
    visits.save(folder / "handy.xlsx")
    tabs = read_workbook(master).tab_names
    header = next(wb["Visits"].iter_rows(max_row=1, values_only=True))
    sources = [
        ["入力", "ソース", "テーブル/クエリ", "文字コード"],
        ["訪問", "handy.xlsx", None, None],
    ]
    rewrite_workbook(
        book,
        {
            tabs["Visits"]: SheetContent(rows=[list(header)]),
            tabs["Sources"]: SheetContent(rows=sources),
        },
    )
    return book


def _kinds_in(master: Path) -> set[str]:
    wb = openpyxl.load_workbook(master, read_only=True)
    rows = wb["Visits"].iter_rows(values_only=True)
    kind = next(rows).index("種別")
    return {r[kind] for r in rows}


def _cover_lines(path: Path) -> list[str]:
    wb = openpyxl.load_workbook(path, read_only=True)
    return [c for r in wb["表紙"].iter_rows(values_only=True) for c in r if isinstance(c, str)]


def _body(eml: Path) -> str:
    msg = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
    part = msg.get_body(("plain",))
    assert part is not None
    return str(part.get_content())


def _shared(book: Path) -> ShareReport:
    return share(book, book.parent / "out", per_rep=True, email=True)


def test_sample_visits_hold_all_three_kinds(master: Path) -> None:
    assert _kinds_in(master) == {"訪問", "アポ", "商談"}  # the premise of the cases below


def test_route_visits_and_attempts_on_sources_ask_only_for_meetings(master: Path) -> None:
    book = _sourced(master, "handy", {"訪問", "アポ"})
    report = _shared(book)
    reps = [f for f in report.files if f.rep is not None]
    assert len(reps) == 8
    for f in reps:
        wb = openpyxl.load_workbook(f.path)
        assert "訪問入力" in wb.sheetnames, f.path.name
        lines = _cover_lines(f.path)
        said = text("share.cover_howto_log_kinds", "ja", kinds="商談", source="handy.xlsx")
        assert said in lines
        assert text("share.cover_howto_log", "ja") not in lines
        assert text("share.cover_howto_return", "ja") in lines
        assert "「訪問入力」: 商談の記録欄(記入して返信)" in lines
        # The log's kind drop-down lists only what is asked for.
        kinds = [
            dv for dv in wb["訪問入力"].data_validations.dataValidation if "B" in str(dv.sqref)
        ]
        formulas = {dv.formula1 for dv in wb["訪問入力"].data_validations.dataValidation}
        assert '"商談"' in formulas and '"訪問,アポ,商談"' not in formulas, kinds
        body = _body(f.path.with_suffix(".eml"))
        assert "商談があれば「訪問入力」シートに記録し" in body
        assert "訪問は handy.xlsx から読み込んでいるため、記録は不要です" in body
        assert "訪問・アポ・商談は「訪問入力」シートに記録し" not in body
    # The team copy has no log, as before.
    team = next(f.path for f in report.files if f.rep is None)
    assert "訪問入力" not in openpyxl.load_workbook(team, read_only=True).sheetnames


def test_every_kind_on_sources_keeps_the_whole_log(master: Path) -> None:
    """A file with visits, attempts and meetings is a full activity export (an SFA's, taken
    now and then): reps log what happened since it was taken, so the copy keeps the whole
    log (trial 40 M5) and asks for every kind."""
    book = _sourced(master, "sfa", {"訪問", "アポ", "商談"})
    report = _shared(book)
    reps = [f for f in report.files if f.rep is not None]
    assert len(reps) == 8
    for f in reps:
        wb = openpyxl.load_workbook(f.path)
        assert "訪問入力" in wb.sheetnames, f.path.name
        lines = _cover_lines(f.path)
        assert text("share.cover_howto_log", "ja") in lines
        assert not any("記録は不要です" in str(line) for line in lines)
        formulas = {dv.formula1 for dv in wb["訪問入力"].data_validations.dataValidation}
        assert '"訪問,アポ,商談"' in formulas
        assert "訪問・アポ・商談は「訪問入力」シートに記録し" in _body(f.path.with_suffix(".eml"))
