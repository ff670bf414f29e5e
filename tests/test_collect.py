"""routekpi collect: reps' visit logs back into the master's Visits, validated, once."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from share_helpers import has_uno, lo_fill, make_master
from workbook_files import dashboard_charts

from routekpi import schema
from routekpi.cli import main
from routekpi.io.package import sheet_part_names
from routekpi.io.samplebook import input_contents
from routekpi.io.sheetrewrite import rewrite_workbook
from routekpi.io.template import build_template
from routekpi.recalc import recalculate
from routekpi.sample import generate_sample
from routekpi.share import crypto
from routekpi.share.collect import collect
from routekpi.share.copies import ShareError
from routekpi.share.job import share

EXCEL_EPOCH = dt.date(1899, 12, 30)
# Sundays of the as-of month: the sample history has no visits on them, so none is a duplicate.
SUNDAYS = [dt.date(2026, 10, d) for d in (4, 11, 18, 25)]


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_master(tmp_path_factory.mktemp("collect") / "book.xlsm")


@pytest.fixture(scope="module")
def copies(pristine: Path) -> dict[str | None, Path]:
    report = share(pristine, pristine.parent / "out", per_rep=True)
    return {f.rep: f.path for f in report.files}


@pytest.fixture
def master(pristine: Path, tmp_path: Path) -> Path:
    path = tmp_path / "book.xlsm"
    shutil.copyfile(pristine, path)
    return path


def _accounts(master: Path, rep: str) -> list[str]:
    wb = openpyxl.load_workbook(master, read_only=True)
    return [r[0] for r in wb["Accounts"].iter_rows(min_row=2, values_only=True) if r[2] == rep]


def _visits(master: Path) -> list[tuple[object, ...]]:
    wb = openpyxl.load_workbook(master, read_only=True)
    return list(wb["Visits"].iter_rows(values_only=True))


def _fill_with_openpyxl(copy: Path, dst: Path, rows: list[list[object]], header=None) -> Path:
    wb = openpyxl.load_workbook(copy)
    ws = wb["訪問入力"]
    if header:
        for j, h in enumerate(header, 1):
            ws.cell(1, j, h)
    for i, row in enumerate(rows, 2):
        for j, v in enumerate(row, 1):
            ws.cell(i, j, v)
    wb.save(dst)
    return dst


def _actual(report: dict[str, object], rep: str, kpi: str, period: str) -> float:
    return next(
        a["actual"]
        for a in report["attainment"]  # type: ignore[union-attr]
        if a["rep"] == rep and a["kpi"] == kpi and a["period"] == period
    )


@pytest.mark.slow
@pytest.mark.libreoffice
@pytest.mark.skipif(not has_uno(), reason="LibreOffice with python3-uno not installed")
def test_round_trip_through_libreoffice_counts_each_visit_once(
    master: Path, copies: dict[str | None, Path], tmp_path: Path
) -> None:
    rep = "Tanaka"
    mine = _accounts(master, rep)
    other = _accounts(master, "Sato")[0]
    before_rows = len(_visits(master))
    check = tmp_path / "before.xlsm"
    shutil.copyfile(master, check)
    before = recalculate(check).json()

    def serial(day: dt.date) -> dict[str, int]:
        return {"date": (day - EXCEL_EPOCH).days}

    # What a rep types in LibreOffice: dates as dates and as text, kinds as shown in the lists.
    typed = [
        [serial(SUNDAYS[0]), {"text": mine[0]}, {"text": "訪問"}, None, {"text": "雨で遅れた"}],
        [serial(SUNDAYS[1]), {"text": mine[1]}, {"text": "訪問"}, None, None],
        [{"text": "2026/10/18"}, {"text": mine[2]}, {"text": "定期訪問"}, None, None],
        [serial(SUNDAYS[3]), {"text": mine[0]}, {"text": "商談"}, {"text": "成功"}, None],
        [{"text": "来週"}, {"text": mine[0]}, {"text": "訪問"}, None, None],  # not a date
        [serial(SUNDAYS[0]), {"text": other}, {"text": "訪問"}, None, None],  # cover for Sato
    ]
    returned = tmp_path / "returned_tanaka.xlsx"
    lo_fill(copies[rep], returned, "訪問入力", typed)

    report = collect(master, [returned])
    [f] = report.files
    assert (f.rep, f.rows, f.added, f.duplicates, f.refused) == (rep, 6, 5, 0, 1)
    assert report.written and report.recalculated
    problems = {(c.sheet, c.row, c.problem) for c in report.checks}
    where = f"{returned.name} › 訪問入力"
    assert problems == {(where, 6, "not_a_date"), (where, 7, "collect.cover_visit")}
    [cover] = [c for c in report.checks if c.problem == "collect.cover_visit"]
    assert (cover.severity, cover.params) == (
        "warn",
        {"account": other, "rep": "Sato", "visitor": rep},
    )

    rows = _visits(master)
    assert len(rows) == before_rows + 5
    assert rows[0][:6] == ("訪問日", "担当者", "顧客コード", "種別", "結果", "メモ")
    assert rows[-5:] == [
        (dt.datetime(2026, 10, 4), rep, mine[0], "訪問", None, "雨で遅れた"),
        (dt.datetime(2026, 10, 11), rep, mine[1], "訪問", None, None),
        (dt.datetime(2026, 10, 18), rep, mine[2], "訪問", None, None),
        (dt.datetime(2026, 10, 25), rep, mine[0], "商談", "成功", None),
        (dt.datetime(2026, 10, 4), rep, other, "訪問", None, None),  # his visit, Sato's account
    ]
    # The bad rows are on Checks with file, sheet and row.
    wb = openpyxl.load_workbook(master, read_only=True)
    checks = list(wb["Checks"].iter_rows(values_only=True))
    assert (where, 6) in {(r[0], r[1]) for r in checks}
    assert (where, 7) in {(r[0], r[1]) for r in checks}

    # Collecting the same file again adds nothing and leaves the master byte for byte.
    frozen = master.read_bytes()
    again = collect(master, [returned])
    assert (again.files[0].added, again.files[0].duplicates) == (0, 5)
    assert not again.written and master.read_bytes() == frozen

    # A recalculation counts the visits once: 5 visits more in October — the 商談 was at
    # Tanaka's own customer, which the engine reads as a visit (core/meetings.py), and the
    # cover visit is Tanaka's work, not Sato's.
    after = recalculate(master).json()
    for kpi, extra in (("visits", 5), ("meetings", 0)):
        assert _actual(after, rep, kpi, "2026-10") == _actual(before, rep, kpi, "2026-10") + extra
        assert _actual(after, "Sato", kpi, "2026-10") == _actual(before, "Sato", kpi, "2026-10")


def test_only_visits_changes_without_recalc(
    master: Path, copies: dict[str | None, Path], tmp_path: Path
) -> None:
    mine = _accounts(master, "Ito")
    filled = _fill_with_openpyxl(
        copies["Ito"], tmp_path / "ito.xlsx", [[SUNDAYS[0], mine[0], "訪問", None, "メモ"]]
    )
    with zipfile.ZipFile(master) as zf:
        before = {n: zf.read(n) for n in zf.namelist()}
    part = sheet_part_names(master)["Visits"]
    report = collect(master, [filled], recalc=False)
    assert report.added == 1 and not report.recalculated
    with zipfile.ZipFile(master) as zf:
        after = {n: zf.read(n) for n in zf.namelist()}
    changed = {n for n in before if before[n] != after[n]}
    assert set(after) == set(before)
    assert changed == {part, "xl/tables/table2.xml"}  # Visits and its Excel table
    old, new = before[part], after[part]
    # Every existing data row byte for byte (the header gains the Note cell, the dimension
    # grows), and the new row right after them.
    header_end = old.index(b"</row>") + len(b"</row>")
    data_rows = old[header_end : old.rindex(b"</row>") + len(b"</row>")]
    assert len(data_rows) > 100_000 and new.index(data_rows) == new.index(b"</row>") + 6
    table = after["xl/tables/table2.xml"].decode()
    n = len(_visits(master))
    assert f'ref="A1:F{n}"' in table and 'name="メモ"' in table


@pytest.mark.slow
def test_encrypted_copies_need_their_password(master: Path, tmp_path: Path) -> None:
    report = share(master, tmp_path / "enc", per_rep=True, password="pw-1")

    def returned(rep: str) -> Path:
        # a rep's edit of an encrypted copy: decrypt, type, save with the password again
        copy = next(f.path for f in report.files if f.rep == rep)
        plain = tmp_path / f"{rep}_plain.xlsx"
        plain.write_bytes(crypto.decrypt(copy.read_bytes(), "pw-1"))
        _fill_with_openpyxl(plain, plain, [[SUNDAYS[0], _accounts(master, rep)[0], "visit"]])
        path = tmp_path / f"{rep.lower()}.xlsx"
        path.write_bytes(crypto.encrypt(plain.read_bytes(), "pw-1"))
        return path

    suzuki, ito = returned("Suzuki"), returned("Ito")
    frozen = master.read_bytes()
    none = collect(master, [suzuki])
    assert [c.problem for c in none.checks] == ["collect.encrypted_no_password"]
    wrong = collect(master, [suzuki], password="nope")
    assert [c.problem for c in wrong.checks] == ["collect.wrong_password"]
    typo = collect(master, [suzuki], ask_password=lambda p: "pw-2")
    assert [c.problem for c in typo.checks] == ["collect.wrong_password"]
    assert master.read_bytes() == frozen
    # Asked once: the password typed for the first copy opens the second too.
    asked: list[str] = []
    ok = collect(master, [suzuki, ito], ask_password=lambda p: asked.append(p.name) or "pw-1")
    assert asked == ["suzuki.xlsx"] and ok.added == 2 and not ok.checks


def test_rows_for_another_rep_and_team_copies_are_refused(
    master: Path, copies: dict[str | None, Path], tmp_path: Path
) -> None:
    mine = _accounts(master, "Sato")
    filled = _fill_with_openpyxl(
        copies["Sato"],
        tmp_path / "sato.xlsx",
        [
            [SUNDAYS[0], mine[0], "訪問", None, None, "Sato"],
            [SUNDAYS[1], mine[1], "訪問", None, None, "Tanaka"],  # typed for someone else
        ],
        header=["訪問日", "顧客コード", "種別", "結果", "メモ", "担当者"],
    )
    report = collect(master, [filled, copies[None]])
    sato, team = report.files
    assert (sato.added, sato.refused) == (1, 1)
    assert {c.problem for c in report.checks} == {"collect.other_rep", "collect.not_a_copy"}
    assert team.added == 0


def test_cli_collect_and_a_locked_master(
    master: Path, copies: dict[str | None, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine = _accounts(master, "Ito")
    filled = _fill_with_openpyxl(
        copies["Ito"], tmp_path / "ito.xlsx", [[SUNDAYS[2], mine[0], "商談", "失敗", None]]
    )
    lock = master.with_name("~$" + master.name)
    lock.write_text("", encoding="utf-8")
    frozen = master.read_bytes()
    with pytest.raises(ShareError):
        collect(master, [filled])
    assert master.read_bytes() == frozen
    lock.unlink()
    assert main(["collect", str(master), str(filled), "--no-recalc"]) == 0
    out = capsys.readouterr().out
    assert "ito.xlsx(Ito)" in out and "1 行を追加" in out


@pytest.mark.slow
def test_collect_into_an_empty_visits_table(tmp_path: Path) -> None:
    # A master whose Visits sheet is still the template's: a header and one empty table row.
    sample = generate_sample(7, orders_rows=8_000)
    path = tmp_path / "novisits.xlsm"
    path.write_bytes(build_template("ja", settings={**sample.settings, "Language": "ja"}))
    contents = input_contents(sample, "ja")
    del contents["Visits"]
    rewrite_workbook(path, contents, resize_tables=True)
    report = share(path, tmp_path / "out", per_rep=True)
    copy = next(f.path for f in report.files if f.rep == "Tanaka")
    mine = _accounts(path, "Tanaka")
    filled = _fill_with_openpyxl(
        copy,
        tmp_path / "t.xlsx",
        [[SUNDAYS[0], mine[0], "訪問", None, None], [SUNDAYS[1], mine[1], "アポ", "成功", "初回"]],
    )
    result = collect(path, [filled])
    assert result.added == 2 and result.recalculated
    rows = _visits(path)
    assert rows == [
        ("訪問日", "担当者", "顧客コード", "種別", "結果", "メモ"),
        (dt.datetime(2026, 10, 4), "Tanaka", mine[0], "訪問", None, None),
        (dt.datetime(2026, 10, 11), "Tanaka", mine[1], "アポ", "成功", "初回"),
    ]
    part = sheet_part_names(path)["Visits"]
    with zipfile.ZipFile(path) as zf:
        sheet = zf.read(part).decode()
        table = next(
            zf.read(n).decode()
            for n in zf.namelist()
            if n.startswith("xl/tables/") and 'name="Visits"' in zf.read(n).decode()
        )
    assert sheet.count('<row r="2"') == 1 and '<dimension ref="A1:F3"' in sheet
    assert 'ref="A1:F3"' in table and 'tableColumns count="6"' in table
    assert 'name="メモ"' in table


def test_append_rows_keeps_existing_bytes_and_later_empty_rows() -> None:
    from routekpi.share.sheetappend import append_rows

    # Prefixed namespace, a value row, an empty styled row in the way, one further down.
    head = b'<x:worksheet xmlns:x="m"><x:dimension ref="A1:B2"/><x:sheetData>'
    rows = (
        b'<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>Date</x:t></x:is></x:c></x:row>'
        b'<x:row r="2"><x:c r="A2" s="3"><x:v>46000</x:v></x:c></x:row>'
    )
    later = b'<x:row r="3"><x:c r="A3" s="3"/></x:row><x:row r="9"><x:c r="A9" s="4"/></x:row>'
    xml = head + rows + later + b"</x:sheetData></x:worksheet>"
    result = append_rows(xml, [{1: dt.date(2026, 1, 2), 2: " a<b "}], header_row=1)
    new_row = (
        b'<x:row r="3"><x:c r="A3" s="3"><x:v>46024</x:v></x:c><x:c r="B3" t="inlineStr">'
        b'<x:is><x:t xml:space="preserve"> a&lt;b </x:t></x:is></x:c></x:row>'
    )
    # 2026-01-02 is serial 46024 (days since 1899-12-30), styled like the date above it.
    assert result.xml == (
        head.replace(b"A1:B2", b"A1:B3")
        + rows
        + new_row
        + b'<x:row r="9"><x:c r="A9" s="4"/></x:row></x:sheetData></x:worksheet>'
    )
    assert (result.first_row, result.last_row, result.last_col) == (3, 3, 2)


def test_with_recalc_only_visits_and_output_sheets_change(
    master: Path, copies: dict[str | None, Path], tmp_path: Path
) -> None:
    mine = _accounts(master, "Ito")
    filled = _fill_with_openpyxl(
        copies["Ito"], tmp_path / "ito.xlsx", [[SUNDAYS[1], mine[0], "訪問", None, None]]
    )
    with zipfile.ZipFile(master) as zf:
        before = {n: zf.read(n) for n in zf.namelist()}
    parts = sheet_part_names(master)
    report = collect(master, [filled])
    assert report.added == 1 and report.recalculated
    with zipfile.ZipFile(master) as zf:
        after = {n: zf.read(n) for n in zf.namelist()}
    changed = {n for n in before if before[n] != after.get(n)}
    outputs = {parts[s.name] for s in schema.OUTPUT_SHEETS if s.name in parts}
    assert parts["Visits"] in changed
    # The recalculation also rewrites workbook.xml: it records each output sheet's block in
    # hidden names (_rk_block_*, _rk_text_*, _rk_stamp; see io/usercells) and keeps
    # fullCalcOnLoad. Nothing else in it may change.
    # (and the Dashboard's bridge chart: its value axis set by the run, render_dashboard)
    charts = dashboard_charts(before)
    kept = {parts["Visits"], "xl/tables/table2.xml", "xl/workbook.xml"}
    assert changed <= kept | set(outputs) | charts
    ours = re.compile(rb'<definedName name="_rk_\w+" hidden="1">[^<]*</definedName>')
    assert ours.sub(b"", after["xl/workbook.xml"]) == ours.sub(b"", before["xl/workbook.xml"])
    assert b'name="_rk_block_Plan"' in after["xl/workbook.xml"]
    assert set(after) == set(before)
