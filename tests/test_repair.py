"""``routekpi repair``: workbooks that lost their macros come back with the template's VBA,
button and xlwings.conf, every data and user part kept byte for byte (corpus workbooks saved
by LibreOffice over UNO)."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from oletools.olevba import VBA_Parser
from workbook_files import zip_members

from routekpi.cli import main
from routekpi.io.package import sheet_part_names
from routekpi.io.template import build_template


def _raw(path: Path) -> dict[str, tuple[int, int]]:
    """Each member's CRC and compressed size: equal when copied without recompression."""
    with zipfile.ZipFile(path) as zf:
        return {i.filename: (i.CRC, i.compress_size) for i in zf.infolist()}


def _modules(data: bytes) -> dict[str, str]:
    parser = VBA_Parser("book.xlsm", data=data)
    return {name: code for _, _, name, code in parser.extract_macros()}


def _code_names(path: Path) -> list[str]:
    members = zip_members(path)
    names = [re.search(rb'<workbookPr\b[^>]*codeName="([^"]*)"', members["xl/workbook.xml"])]
    for part in sheet_part_names(path).values():
        names.append(re.search(rb'<sheetPr\b[^>]*codeName="([^"]*)"', members[part]))
    assert all(names), names
    return [m.group(1).decode() for m in names if m]


def test_libreoffice_saved_workbook_gets_vba_button_and_conf_back(
    copy_case: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = copy_case("lo_macros_lost.xlsm")
    before, raw_before = zip_members(path), _raw(path)
    assert main(["repair", str(path)]) == 0
    out = capsys.readouterr()
    assert out.err == "" and out.out.startswith(f"修復しました: {path}")
    after, raw_after = zip_members(path), _raw(path)

    # The current VBA project: the template's modules, a document module per code name.
    template = _modules(build_template("ja"))
    repaired = _modules(path.read_bytes())
    for module in ("RouteKPI.bas", "xlwings_udfs.bas", "xlwings.bas", "Dictionary.cls"):
        assert repaired[module] == template[module], module
    assert {f"{c}.cls" for c in _code_names(path)} == {
        m for m in repaired if m.endswith(".cls") and m != "Dictionary.cls"
    }
    # The button: LibreOffice's form control and drawing gone, the template's shape back.
    settings = after[sheet_part_names(path)["Settings"]].decode()
    assert "<drawing " not in settings and "<controls>" not in settings
    assert '<legacyDrawing xmlns:r="' in settings
    vml = after["xl/drawings/vmlDrawing1.vml"].decode()
    assert "<x:FmlaMacro>[0]!RecalculatePlan</x:FmlaMacro>" in vml
    assert "<x:Anchor>4, 0, 3, 0, 6, 0, 5, 0</x:Anchor>" in vml and "計画を再計算" in vml
    # Only routekpi's button goes (the Settings' control and its DrawingML shape); every other
    # drawing stays byte for byte, the Dashboard's charts among them.
    assert {n for n in before if n not in after} == {
        "xl/drawings/drawing1.xml",
        "xl/ctrlProps/ctrlProps2.xml",
    }
    assert not any(n.startswith("xl/ctrlProps/") for n in after)
    dashboard = sheet_part_names(path)["Dashboard"].rsplit("/", 1)[1]
    assert b"../drawings/drawing3.xml" in after[f"xl/worksheets/_rels/{dashboard}.rels"]
    assert after["xl/drawings/_rels/drawing3.xml.rels"].count(b"/relationships/chart") == 3
    kept = {n for n in before if n.startswith(("xl/drawings/drawing", "xl/charts/"))} - {
        "xl/drawings/drawing1.xml"
    }
    assert kept and all(raw_after[n] == raw_before[n] for n in kept)
    assert b"macroEnabled.main+xml" in after["[Content_Types].xml"]
    # xlwings.conf (deleted before LibreOffice saved) is back, hidden, with the UDF module.
    wb = openpyxl.load_workbook(path)
    conf = wb["xlwings.conf"]
    assert conf.sheet_state == "hidden"
    assert (conf["A6"].value, conf["B6"].value) == ("UDF Modules", "routekpi.excel.udfs")
    # Data and user parts: copied raw; sheets that got a code name keep their cells exactly.
    changed = {n for n in before if raw_before[n] != raw_after.get(n)}
    registry = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml"}
    sheets = set(sheet_part_names(path).values())
    assert changed <= registry | sheets | {"xl/vbaProject.bin", "xl/styles.xml"} | {
        "xl/worksheets/_rels/sheet1.xml.rels",
        "xl/drawings/vmlDrawing1.vml",
        "xl/drawings/drawing1.xml",
        "xl/ctrlProps/ctrlProps2.xml",
        "xl/drawings/_rels/drawing1.xml.rels",
    }, changed
    # (Output sheets also take the template's page setup after their cells: A4, one page wide.)
    for part in sheets & set(before):
        old, new = before[part], after[part]
        cells = slice(old.index(b"<sheetData"), old.index(b"</sheetData>"))
        new_cells = slice(new.index(b"<sheetData"), new.index(b"</sheetData>"))
        assert old[cells] == new[new_cells] or (part == sheet_part_names(path)["Settings"]), part
    outputs = [sheet_part_names(path)[n] for n in ("Targets", "Review", "Dashboard")]
    assert all(b'paperSize="9"' in after[p] for p in outputs)
    assert main(["recalc", str(path)]) == 0  # and it still recalculates


def test_xlsx_saved_by_libreoffice_is_repaired_into_an_xlsm(
    copy_case: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = copy_case("lo_saved_as_xlsx.xlsx")
    before = path.read_bytes()
    assert main(["repair", str(path)]) == 0
    xlsm = path.with_suffix(".xlsm")
    assert capsys.readouterr().out.startswith(f"修復しました: {xlsm}")
    assert path.read_bytes() == before  # an .xlsx cannot hold macros: the .xlsm is new
    assert "RouteKPI.bas" in _modules(xlsm.read_bytes())
    assert b"vbaProject" in zip_members(xlsm)["xl/_rels/workbook.xml.rels"]


def test_repair_upgrades_an_old_workbook_to_the_current_template(
    copy_case: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """A workbook made from the template keeps its code names: repair gives it exactly the
    template's VBA project, one button (the old one replaced) and its data untouched."""
    path = copy_case("base.xlsm")
    before = _raw(path)
    assert main(["repair", str(path)]) == 0
    capsys.readouterr()
    with zipfile.ZipFile(io.BytesIO(build_template("ja"))) as zf:
        template_vba = zf.read("xl/vbaProject.bin")
    assert zip_members(path)["xl/vbaProject.bin"] == template_vba
    settings = zip_members(path)[sheet_part_names(path)["Settings"]].decode()
    assert settings.count("<legacyDrawing") == 1
    inputs = [sheet_part_names(path)[n] for n in ("Orders", "Visits", "Accounts", "Holidays")]
    assert all(_raw(path)[p] == before[p] for p in inputs)


@pytest.mark.parametrize("lock", ["~$base.xlsm", ".~lock.base.xlsm#"])
def test_repair_refuses_a_workbook_open_in_excel_or_libreoffice(
    copy_case: Callable[[str], Path], lock: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = copy_case("base.xlsm")
    (path.parent / lock).write_bytes(b"\0" * 165)
    before = path.read_bytes()
    assert main(["repair", str(path)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"routekpi: ブックが Excel または LibreOffice で開かれています({path})。"
        f"閉じてから再実行してください / the workbook is open in Excel or LibreOffice ({path});"
        " close it and run again"
    ]
    assert path.read_bytes() == before


def test_repair_adds_the_reps_sheet_an_older_book_lacks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A book made before the template had its Reps (担当者) sheet gets one on repair: the
    template's header, no table part (none is copied), once (a second repair adds nothing)."""
    from routekpi import schema

    path = tmp_path / "old.xlsm"
    path.write_bytes(build_template("ja"))
    wb = openpyxl.load_workbook(path, keep_vba=True)
    del wb[schema.REPS.name]
    wb.save(path)
    assert main(["repair", str(path)]) == 0
    assert schema.REPS.name in capsys.readouterr().out
    wb = openpyxl.load_workbook(path)
    header = [c.header("ja") for c in schema.REPS.columns if c.laid_out]
    assert [c.value for c in wb[schema.REPS.name][1]] == header
    assert wb[schema.REPS.name].max_row == 1
    part = zip_members(path)[sheet_part_names(path)[schema.REPS.name]]
    assert b"tablePart" not in part
    assert main(["repair", str(path)]) == 0
    capsys.readouterr()
    assert openpyxl.load_workbook(path).sheetnames.count(schema.REPS.name) == 1
