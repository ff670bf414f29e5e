"""The main job on real files: sheets written and read back, JSON = sheets, nothing else touched."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from workbook_files import dashboard_charts, fold_flags

from routekpi.cli import main
from routekpi.io.package import sheet_part_names
from routekpi.io.samplebook import write_sample_workbook
from routekpi.io.usercells import BLOCK_NAME, STAMP_NAME, TEXT_NAME
from routekpi.recalc import RecalcError, recalculate
from routekpi.schema import OUTPUT_COLUMNS


@pytest.fixture(scope="module")
def small_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small sample workbook (4,000 order lines), built once: for tests that open and save it
    with openpyxl to change one cell (the full sample takes openpyxl ~20 s each way)."""
    path = tmp_path_factory.mktemp("small") / "small.xlsm"
    write_sample_workbook(path, "ja", seed=11, orders_rows=4_000)
    return path


@pytest.fixture
def small_book(small_master: Path, tmp_path: Path) -> Path:
    """A fresh copy of the small workbook."""
    path = tmp_path / "small.xlsm"
    shutil.copyfile(small_master, path)
    return path


def _sheet_rows(path: Path, sheet: str) -> list[tuple[object, ...]]:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return [tuple(r) for r in wb[sheet].iter_rows(values_only=True)]
    finally:
        wb.close()


def _raw_members(path: Path) -> dict[str, tuple[int, int, bytes]]:
    with zipfile.ZipFile(path) as zf:
        return {i.filename: (i.CRC, i.compress_size, zf.read(i)) for i in zf.infolist()}


def test_recalc_writes_outputs_and_keeps_every_other_part(sample_book: Path) -> None:
    before = _raw_members(sample_book)
    report = recalculate(sample_book)
    after = _raw_members(sample_book)
    parts = sheet_part_names(sample_book)
    outputs = {parts[name] for name in OUTPUT_COLUMNS}
    assert set(before) == set(after)
    changed = {name for name in before if before[name] != after[name]}
    # workbook.xml: only the hidden names remembering routekpi's blocks (see usercells).
    # The Dashboard's bridge chart: its value axis set by the run (render_dashboard).
    charts = dashboard_charts({n: m[2] for n, m in before.items()})
    assert changed <= outputs | charts | {"xl/workbook.xml"}, changed - outputs
    assert outputs <= changed
    wb_before = before["xl/workbook.xml"][2].decode()
    wb_after = after["xl/workbook.xml"][2].decode()
    # One block and one text digest per output sheet, and the status stamp: all hidden, all new.
    ours = re.compile(r'<definedName name="(_rk_\w+)" hidden="1">[^<]*</definedName>')
    expected = {STAMP_NAME} | {
        name.format(sheet=sheet) for sheet in OUTPUT_COLUMNS for name in (BLOCK_NAME, TEXT_NAME)
    }
    assert sorted(ours.findall(wb_after)) == sorted(expected) and not ours.findall(wb_before)
    # Everything else in workbook.xml (the user's names, the template's hidden _FilterDatabase
    # names, calcPr: the sample already recalculates on load) is exactly as it was.
    assert ours.sub("", wb_after) == wb_before
    assert report.result.plan.feasible


def test_targets_sheet_matches_json_and_multiplies_to_kgi(
    sample_book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = sample_book.with_name("out.xlsm")
    assert main(["recalc", str(sample_book), "--out", str(out), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    rows = _sheet_rows(out, "Targets")
    header, body = rows[0], rows[1:]
    assert header[:3] == ("期間", "担当者", "KPIキー")
    sheet = {(r[0], r[1], r[2]): r[5] for r in body}
    assert len(sheet) == len(doc["targets"])
    for t in doc["targets"]:
        value = sheet[(t["period"], t["rep"], t["kpi"])]
        if t["target"] is None:
            assert value is None
        else:
            assert value == pytest.approx(t["target"], rel=1e-12)
    team = sheet[("FY2026", "ALL", "revenue")]
    assert team == pytest.approx(doc["kgi"], abs=1.0)  # whole yen, rounded once
    # Months add up to the year exactly (whole yen).
    months = [
        v for (p, r, k), v in sheet.items() if r == "ALL" and k == "revenue" and p != "FY2026"
    ]
    assert len(months) == 12 and sum(months) == team
    # The input file itself was not touched when --out is given.
    assert _sheet_rows(sample_book, "Targets")[1][0] != "FY2026"


def test_attainment_and_flags_sheets_match_json(
    sample_book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["recalc", str(sample_book), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    att = {(r[0], r[1], r[2]): r for r in _sheet_rows(sample_book, "Attainment")[1:]}
    for a in doc["attainment"]:
        row = att[(a["period"], a["rep"], a["kpi"])]
        for i, key in ((4, "actual"), (6, "attainment"), (7, "pace")):
            if a[key] is None:
                assert row[i] is None
            else:
                assert row[i] == pytest.approx(a[key], rel=1e-12)
    flags = fold_flags(_sheet_rows(sample_book, "Flags")[1:])  # long texts go on below
    assert [(f[1], f[3]) for f in flags] == [(f["code"], f["rep"]) for f in doc["flags"]]
    assert {f["severity"] for f in doc["flags"] if f["code"] == "retention_worsening"} == {
        "critical"
    }
    assert flags[0][0] == "重大"


def test_missing_kgi_stops_with_one_line_and_writes_nothing(
    small_book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wb = openpyxl.load_workbook(small_book, keep_vba=True)
    wb["Settings"]["B4"] = None  # the KGI cell; an openpyxl copy is fine for an input test
    broken = tmp_path / "nokgi.xlsm"
    wb.save(broken)
    before = broken.read_bytes()
    assert main(["recalc", str(broken)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "KGI" in err[0]
    assert broken.read_bytes() == before


def test_lock_file_refused_before_touching(sample_book: Path) -> None:
    lock = sample_book.with_name("~$" + sample_book.name)
    lock.write_bytes(b"x")
    before = sample_book.read_bytes()
    with pytest.raises(RecalcError, match="Excel"):
        recalculate(sample_book)
    assert sample_book.read_bytes() == before


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path, small_book: Path) -> None:
    wb = openpyxl.load_workbook(small_book, keep_vba=True)
    ws = wb["Orders"]
    ws["B2"] = '=HYPERLINK("http://example.invalid","x")'  # an account "name" typed by a user
    ws["B2"].data_type = "s"
    path = tmp_path / "formula.xlsm"
    wb.save(path)
    recalculate(path)
    wb = openpyxl.load_workbook(path)
    for name in OUTPUT_COLUMNS:
        for row in wb[name].iter_rows():
            for cell in row:
                assert cell.data_type != "f", (name, cell.coordinate, cell.value)


def test_renderer_reuses_tables_yet_renders_what_output_tables_does(small_book: Path) -> None:
    # The recalculation renders each result sheet once and only re-fills the status line
    # and the Checks table; every call must still equal a fresh output_tables.
    from routekpi.contract import Check
    from routekpi.pipeline import OutputRenderer, compute_file
    from routekpi.render import output_tables

    (result, checks, _rows, language), _tabs = compute_file(small_book)
    renderer = OutputRenderer(result, language)
    extra = Check("Plan", 3, "B", None, "output_sheet_created", {"sheet": "Plan"}, "info")
    for these, status in [
        (checks, "…"),
        ([*checks, extra], "…"),
        ([*checks, extra], "done"),
        (checks, ""),
    ]:
        assert renderer.tables(these, status) == output_tables(result, these, language, status)


def test_complete_book_is_written_without_building_the_template(
    small_book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every output sheet and named style is there: the template (openpyxl) is not needed,
    # because merging its styles would change nothing.
    import routekpi.recalc as recalc_module
    from routekpi.io.newsheets import has_styles, merge_styles, template_package

    template = template_package("ja")["styles.xml"]
    names = re.findall(r'<cellStyle\b[^>]*\bname="([^"]+)"', template.decode())
    assert sorted(names) == sorted(recalc_module.TEMPLATE_STYLES)
    with zipfile.ZipFile(small_book) as zf:
        styles = zf.read("xl/styles.xml")
    assert has_styles(styles, recalc_module.TEMPLATE_STYLES)
    assert merge_styles(styles, template).xml == styles
    assert not has_styles(styles, [*recalc_module.TEMPLATE_STYLES, "rk_missing"])

    def no_template(language: str) -> dict[str, bytes]:
        raise AssertionError("the template was built")

    monkeypatch.setattr(recalc_module, "template_package", no_template)
    report = recalculate(small_book)
    assert report.result.plan.kgi > 0
