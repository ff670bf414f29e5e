"""The workbook template: layout from the schema, named styles, VBA, button, reproducibility."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import io
import re
import zipfile
from functools import cache
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest
from oletools.olevba import VBA_Parser
from openpyxl.styles.numbers import BUILTIN_FORMATS
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.workbook.workbook import Workbook

from routekpi import schema
from routekpi.io.sheetxml import style_index
from routekpi.io.template import (
    BUTTON_ANCHOR,
    BUTTON_MACRO,
    SETTINGS_FIRST_ROW,
    XLWINGS_CONF,
    build_template,
    setting_choices,
    setting_default,
    setting_help,
    write_template,
)
from routekpi.messages import text as message

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "workbook_template.xlsm"
BAS = ROOT / "routekpi" / "vba" / "RouteKPI.bas"
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
CELL_STYLE = "m:cellStyles/m:cellStyle"
NUM_FMT = "m:numFmts/m:numFmt"
LANGUAGES = ("ja", "en")
FORBIDDEN = re.compile(r"\b(?:_xlfn\.)?(XLOOKUP|LET|FILTER|UNIQUE|XMATCH|SEQUENCE)\s*\(", re.I)


@cache
def template(language: str) -> bytes:
    """One build per language for the whole module (the build takes a fraction of a second)."""
    return build_template(language)


def load(language: str) -> Workbook:
    return openpyxl.load_workbook(io.BytesIO(template(language)), keep_vba=True)


def parts(language: str) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(template(language))) as z:
        return {name: z.read(name) for name in z.namelist()}


def header_row(ws, width: int) -> list[object]:
    return [ws.cell(1, col).value for col in range(1, width + 1)]


def validations_at(ws, coordinate: str) -> list:
    return [dv for dv in ws.data_validations.dataValidation if coordinate in dv.sqref]


# --- reproducibility ----------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_build_is_reproducible(language: str) -> None:
    assert build_template(language) == build_template(language)


def test_languages_differ_and_unknown_language_is_refused() -> None:
    assert template("ja") != template("en")
    with pytest.raises(ValueError, match="language"):
        build_template("fr")


def test_committed_template_is_current() -> None:
    assert COMMITTED.exists(), "run: python scripts/build_template.py"
    xlwings = importlib.metadata.version("xlwings")
    assert COMMITTED.read_bytes() == template("ja"), (
        "workbook_template.xlsm differs from a fresh build (which embeds xlwings.bas of the "
        f"installed xlwings {xlwings}): run python scripts/build_template.py"
    )


def test_no_build_timestamps() -> None:
    core = parts("ja")["docProps/core.xml"].decode()
    assert "2026-01-01T00:00:00Z" in core
    assert "<dc:creator>routekpi</dc:creator>" in core
    with zipfile.ZipFile(io.BytesIO(template("ja"))) as z:
        assert {info.date_time for info in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_write_template_is_atomic_and_matches_build(tmp_path: Path) -> None:
    out = tmp_path / "book.xlsm"
    out.write_bytes(b"old")
    write_template(out, "en")
    assert out.read_bytes() == template("en")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.xlsm"]  # no temp file left


def test_build_script_writes_the_template(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location(
        "build_template", ROOT / "scripts" / "build_template.py"
    )
    assert spec and spec.loader
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    out = tmp_path / "t.xlsm"
    assert script.main(["--lang", "en", "--out", str(out)]) == 0
    assert out.read_bytes() == template("en")
    assert script.default_output("ja") == COMMITTED


# --- sheets, settings ----------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_sheet_order_visibility_and_active_sheet(language: str) -> None:
    wb = load(language)
    named = [s.name for s in schema.NAMED_INPUTS]  # after the inputs, before the outputs
    at = len(schema.INPUT_SHEETS) + 1
    sheets = [s.name for s in schema.ALL_SHEETS]
    assert wb.sheetnames == [*sheets[:at], *named, *sheets[at:]]
    assert wb.active.title == schema.SETTINGS.name
    hidden = [ws.title for ws in wb.worksheets if ws.sheet_state != "visible"]
    assert hidden == [schema.XLWINGS_CONF.name]
    assert wb[schema.XLWINGS_CONF.name].sheet_state == "hidden"
    assert [ws.title for ws in wb.worksheets if ws.sheet_view.tabSelected] == ["Settings"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_settings_are_named_cells_with_labels_and_defaults(language: str) -> None:
    wb = load(language)
    ws = wb["Settings"]
    expected_values = {"KGI": None, "PlanYear": 2026, "AsOf": None, "Language": language}
    expected_values["WorkingDays"] = {"ja": "月-金", "en": "Mon-Fri"}[language]
    for row, spec in enumerate(schema.SETTING_SPECS, start=SETTINGS_FIRST_ROW):
        name = wb.defined_names[spec.name]
        assert name.localSheetId is None  # workbook-level
        assert list(name.destinations) == [("Settings", f"$B${row}")]
        assert ws.cell(row, 1).value == spec.label(language)
        default = expected_values.get(spec.name, setting_default(spec, language))
        assert ws.cell(row, 2).value == default
        assert ws.cell(row, 3).value == (setting_help(spec, language) or None)
    # A ja book's choices in Japanese (review47), each read as its key (fix47).
    if language == "ja":
        assert ws[f"B{_row_of('RepSplit')}"].value == "傾向"
        assert ws[f"B{_row_of('IdenticalOrderLines')}"].value == "数える"
        said = ws[f"C{_row_of('RepSplit')}"].value
        assert said.startswith("担当者への配分: 傾向(trend)=前年売上を")
        assert "/ 手動(manual)=担当者配分シートの比率" in said
    assert not ws.protection.sheet


@pytest.mark.parametrize("language", LANGUAGES)
def test_status_cell(language: str) -> None:
    ws = load(language)["Settings"]
    status = ws[schema.STATUS_CELL]
    assert status.coordinate == "B2"
    assert ws["A2"].value == {"ja": "状態", "en": "Status"}[language]
    assert "routekpi recalc" in status.value
    assert ws["A1"].style == "rk_title"


@pytest.mark.parametrize("language", LANGUAGES)
def test_settings_formats(language: str) -> None:
    wb = load(language)
    ws = wb["Settings"]
    cell = {s.name: ws[f"B{r}"] for r, s in enumerate(schema.SETTING_SPECS, SETTINGS_FIRST_ROW)}
    assert cell["KGI"].style == "rk_yen"
    for name in ("CeilingPercentile", "PaceWarn", "PaceCritical"):
        assert cell[name].style == "rk_pct"
    assert cell["AsOf"].style == "rk_date"
    assert cell["PlanYear"].number_format == "General"  # 2026, not 2,026


@pytest.mark.parametrize("language", LANGUAGES)
def test_settings_data_validation(language: str) -> None:
    ws = load(language)["Settings"]
    kinds = {"number": "decimal", "integer": "whole", "date": "date", "choice": "list"}
    kinds["text"] = "textLength"  # free text (WorkingDays: 月-土), at most 255 characters
    for row, spec in enumerate(schema.SETTING_SPECS, start=SETTINGS_FIRST_ROW):
        (dv,) = validations_at(ws, f"B{row}")
        assert dv.type == kinds[spec.kind], spec.name
        assert dv.allow_blank
        assert dv.showInputMessage and dv.prompt
        # Excel refuses files whose titles or messages are longer than this.
        assert len(dv.promptTitle or "") <= 32 and len(dv.errorTitle or "") <= 32
        assert len(dv.prompt) <= 255 and len(dv.error or "") <= 225
        if spec.kind == "choice":
            assert dv.formula1 == '"' + ",".join(setting_choices(spec, language)) + '"'
            # Offered words suggest: a key typed by hand (trend) stays valid in a ja book.
            lenient = setting_choices(spec, language) != spec.choices
            assert dv.errorStyle == ("information" if lenient else "stop"), spec.name
        if spec.kind in ("number", "integer"):
            if spec.minimum is not None:
                assert float(dv.formula1) == spec.minimum
            if spec.maximum is not None:
                assert float(dv.formula2) == spec.maximum
    if language == "ja":
        (dv,) = validations_at(ws, f"B{_row_of('RepSplit')}")
        assert dv.formula1 == '"傾向,前年,均等,手動"'
        keys = "(英字の trend, baseline, equal, manual でも読みます)"
        assert f"傾向・前年・均等・手動 のいずれか{keys}" in dv.prompt
        (dv,) = validations_at(ws, f"B{_row_of('Language')}")
        assert dv.formula1 == '"ja,en"' and dv.errorStyle == "stop"


def _row_of(name: str) -> int:
    return SETTINGS_FIRST_ROW + [s.name for s in schema.SETTING_SPECS].index(name)


def test_the_ja_templates_choice_defaults_read_as_their_keys() -> None:
    """The words the ja template writes and offers are read as the keys (a fresh book's
    settings parse to trend / evidence / count / start without a Checks row)."""
    from routekpi.validation.settings import parse_settings

    ws = load("ja")["Settings"]
    cells = {s.name: ws[f"B{_row_of(s.name)}"].value for s in schema.SETTING_SPECS}
    cells["KGI"] = 1_000_000_000
    parsed = parse_settings(cells)
    for spec in schema.SETTING_SPECS:
        if spec.kind == "choice":
            assert parsed.values[spec.name] == spec.default, spec.name
            for word in setting_choices(spec, "ja"):  # every offered word reads as a key
                assert parse_settings({**cells, spec.name: word}).values[spec.name] in (
                    spec.choices
                )
    assert not [c for c in parsed.checks if c.problem == "setting_invalid"]


# --- input sheets ---------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "sheet", (*schema.INPUT_SHEETS, *schema.NAMED_INPUTS), ids=lambda s: s.name
)
def test_input_sheet_headers_and_table(language: str, sheet: schema.SheetSpec) -> None:
    ws = load(language)[sheet.name]
    laid_out = [c for c in sheet.columns if c.laid_out]  # not the name read from exports
    headers = [c.header(language) for c in laid_out]
    assert header_row(ws, len(headers) + 1) == [*headers, None]
    assert all(ws.cell(1, i).style == "rk_header" for i in range(1, len(headers) + 1))

    match = schema.match_headers(sheet, header_row(ws, len(headers)))
    assert match.positions == {c.key: i for i, c in enumerate(laid_out)}
    assert not (match.missing or match.unknown or match.duplicates)

    (table,) = ws.tables.values()
    assert table.displayName == sheet.name
    assert table.ref == f"A1:{get_column_letter(len(headers))}2"
    assert [c.name for c in table.tableColumns] == headers
    assert table.tableStyleInfo.name == "TableStyleMedium2"
    assert ws.freeze_panes == "A2"


@pytest.mark.parametrize("language", LANGUAGES)
def test_input_column_formats(language: str) -> None:
    wb = load(language)
    for sheet in (*schema.INPUT_SHEETS, *schema.NAMED_INPUTS):
        ws = wb[sheet.name]
        for i, col in enumerate([c for c in sheet.columns if c.laid_out], start=1):
            cell = ws.cell(2, i)
            if col.kind == "date":
                assert cell.style == "rk_date", (sheet.name, col.key)
            if col.key == "amount":
                assert cell.style == "rk_yen"
            if col.kind == "text":
                assert cell.number_format == "@"  # codes keep leading zeros
    assert wb["Orders"].column_dimensions["A"].width >= 12


def _canonical_kind(value: str) -> str | None:
    wanted = schema.normalize_label(value)
    return next(
        (k for k, a in schema.VISIT_KINDS.items() if wanted in map(schema.normalize_label, a)),
        None,
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_visit_kind_and_outcome_dropdowns(language: str) -> None:
    ws = load(language)["Visits"]
    kind_col = get_column_letter([c.key for c in schema.VISITS.columns].index("kind") + 1)
    out_col = get_column_letter([c.key for c in schema.VISITS.columns].index("outcome") + 1)
    (kind_dv,) = validations_at(ws, f"{kind_col}2")
    assert f"{kind_col}1048576" in kind_dv.sqref
    kinds = kind_dv.formula1.strip('"').split(",")
    assert sorted(map(_canonical_kind, kinds)) == ["attempt", "meeting", "visit"]
    (out_dv,) = validations_at(ws, f"{out_col}2")
    success, failure = out_dv.formula1.strip('"').split(",")
    assert success in schema.OUTCOME_SUCCESS and failure in schema.OUTCOME_FAILURE
    # Aliases typed by hand must stay possible: the list only advises.
    assert kind_dv.errorStyle == out_dv.errorStyle == "information"


# --- output sheets --------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_output_sheets(language: str) -> None:
    wb = load(language)
    placeholder_styles: set[str] = set()
    for sheet in schema.OUTPUT_SHEETS:
        if sheet == schema.DASHBOARD:  # a laid-out page: see test_dashboard.py
            continue
        ws = wb[sheet.name]
        columns = schema.OUTPUT_COLUMNS[sheet.name]
        assert header_row(ws, len(columns)) == [c.header(language) for c in columns]
        assert ws.freeze_panes == ("D2" if sheet == schema.MATRIX else "A2")
        assert "計画を再計算" in ws["A2"].value or "Recalculate plan" in ws["A2"].value
        for i, col in enumerate(columns, start=1):
            # At least the declared width, wider where a ja/en header needs it.
            assert ws.column_dimensions[get_column_letter(i)].width >= col.width
        wide = schema.OUTPUT_BY_NAME[sheet.name].paper.pages_wide  # the Matrix, Review: 2
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == wide
        assert int(ws.page_setup.paperSize) == 9  # A4, not the printer's default
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        placeholder_styles |= {c.style for c in ws[2] if c.has_style}
        placeholder_styles |= {c.style for c in ws[1] if c.has_style}
    assert placeholder_styles >= set(schema.CELL_STYLES)


def _rules(ws) -> dict[str, list[str]]:
    return {
        str(cf.sqref): [f for rule in cf.rules for f in rule.formula]
        for cf in ws.conditional_formatting
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_conditional_formatting(language: str) -> None:
    wb = load(language)
    keys = [c.key for c in schema.OUTPUT_COLUMNS["Attainment"]]
    first = get_column_letter(keys.index("attainment") + 1)
    last = get_column_letter(keys.index("pace") + 1)
    rules = _rules(wb["Attainment"])
    assert list(rules) == [f"{first}2:{last}1048576"]
    (formulas,) = rules.values()
    assert any("PaceCritical" in f for f in formulas) and any("PaceWarn" in f for f in formulas)
    # Both columns are coloured by the pace: a month in progress is never red while on pace.
    assert all(f"ISNUMBER(${last}2)" in f for f in formulas)

    keys = [c.key for c in schema.OUTPUT_COLUMNS["Flags"]]
    col = get_column_letter(keys.index("severity") + 1)
    (formulas,) = _rules(wb["Flags"]).values()
    joined = " ".join(formulas)
    for severity in ("critical", "warn", "info"):
        for lang in LANGUAGES:
            assert f'{col}2="{message(f"severity.{severity}", lang)}"' in joined


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_modern_only_functions(language: str) -> None:
    """Excel 2016 and LibreOffice 7.4 must evaluate every formula in the workbook."""
    pattern = re.compile(
        rb"<(?:\w+:)?(f|formula|formula1|formula2|definedName)\b[^>]*>(.*?)</", re.S
    )
    formulas = [
        m.group(2).decode()
        for name, data in parts(language).items()
        if name.endswith(".xml")
        for m in pattern.finditer(data)
    ]
    assert any("PaceCritical" in f for f in formulas)  # the scan does see formulas
    assert [f for f in formulas if FORBIDDEN.search(f)] == []


# --- xlwings.conf -------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_xlwings_conf_sheet(language: str) -> None:
    ws = load(language)["xlwings.conf"]
    assert ws.sheet_state == "hidden"
    # xlwings reads keys from A1 down to the first blank cell, values from column B.
    rows = list(ws.iter_rows(min_row=1, max_col=2, values_only=True))
    n = next(i for i, (key, _) in enumerate(rows) if key is None)
    conf = dict(rows[:n])
    assert conf == dict(XLWINGS_CONF)
    assert conf["UDF Modules"] == "routekpi.excel.udfs"
    assert {"Interpreter_Win", "Interpreter_Mac", "PYTHONPATH", "Conda Path", "Conda Env"} <= set(
        conf
    )
    assert conf["Debug UDFs"] is conf["Use UDF Server"] is conf["Show Console"] is False


# --- named styles -----------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_named_styles_resolve_to_plain_cell_xfs(language: str) -> None:
    """The zip writer maps a style name to the first cellXfs entry with that xfId."""
    styles_xml = parts(language)["xl/styles.xml"]
    index = style_index(styles_xml)
    assert set(schema.CELL_STYLES) <= set(index)
    root = ElementTree.fromstring(styles_xml)
    style_xfs = root.findall("m:cellStyleXfs/m:xf", NS)
    cell_xfs = root.findall("m:cellXfs/m:xf", NS)
    xf_ids = {cs.get("name"): int(cs.get("xfId", "0")) for cs in root.iterfind(CELL_STYLE, NS)}
    custom = {int(f.get("numFmtId", "0")): f.get("formatCode") for f in root.iterfind(NUM_FMT, NS)}
    keys = ("numFmtId", "fontId", "fillId", "borderId")
    formats = {}
    for name in schema.CELL_STYLES:
        xf, style_xf = cell_xfs[index[name]], style_xfs[xf_ids[name]]
        assert int(xf.get("xfId", "0")) == xf_ids[name]
        # The first xf of the style is the style itself, not a variant with overrides.
        assert [xf.get(k) for k in keys] == [style_xf.get(k) for k in keys], name
        fmt_id = int(style_xf.get("numFmtId", "0"))
        formats[name] = custom.get(fmt_id) or BUILTIN_FORMATS[fmt_id]
    assert formats == {
        "rk_title": "General",
        "rk_header": "General",
        "rk_text": "General",
        "rk_int": "#,##0",
        "rk_yen": '"¥"#,##0',
        "rk_dec": "#,##0.00",
        "rk_pct": "0.0%",
        "rk_date": "yyyy-mm-dd",
        "rk_note": "General",
        "rk_banner": "General",
        "rk_pct_signed": "+0.0%;-0.0%;0.0%",
        "rk_dec1": "#,##0.0",
        "rk_int_center": "#,##0",
        "rk_label": "General",
        # The bridge's chart data, its data labels signed (io.dashboard_layout).
        "rk_yen_m": '"¥"#,##0.0,,"M"',
        "rk_yen_m_up": '"+¥"#,##0.0,,"M"',
        "rk_yen_m_down": '"\u2212¥"#,##0.0,,"M"',
        "rk_banner_wrap": "General",  # the banner wrapping in its row (trial 41 L1)
    }
    ws = load(language)["Settings"]
    assert ws["A1"].font.b and ws["A1"].font.sz == 14  # rk_title
    assert ws["A3"].font.b and ws["A3"].alignment.wrap_text and ws["A3"].fill.fgColor.rgb
    assert ws["C4"].alignment.wrap_text  # rk_note


# --- VBA and the button -------------------------------------------------------------------------


def test_bas_source_is_ascii_and_matches_schema() -> None:
    source = BAS.read_bytes()
    source.decode("ascii")
    text = source.decode()
    assert text.startswith('Attribute VB_Name = "RouteKPI"')
    assert 'RunPython "import routekpi.excel.live as live; live.recalculate_plan()"' in text
    assert f'STATUS_CELL As String = "{schema.STATUS_CELL}"' in text
    assert "MsgBox" not in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_vba_project_holds_the_modules(language: str) -> None:
    parser = VBA_Parser("template.xlsm", data=template(language))
    try:
        assert parser.detect_vba_macros()
        modules = {Path(stream).name: code for _, stream, _, code in parser.extract_macros()}
    finally:
        parser.close()
    assert "RecalculatePlan" in modules["RouteKPI"] and "RunPython" in modules["RouteKPI"]
    assert "Public Function RunPython" in modules["xlwings"]
    assert "Dictionary" in modules
    assert {"ThisWorkbook", "Sheet1"} <= set(modules)


@pytest.mark.parametrize("language", LANGUAGES)
def test_button_on_settings(language: str) -> None:
    files = parts(language)
    vml = [name for name in files if name.endswith(".vml")]
    assert len(vml) == 1
    drawing = files[vml[0]].decode()
    assert f"[0]!{BUTTON_MACRO}" in drawing and BUTTON_MACRO == "RecalculatePlan"
    assert {"ja": "計画を再計算", "en": "Recalculate plan"}[language] in drawing
    from_col, from_row, to_col, to_row = BUTTON_ANCHOR
    assert f"<x:Anchor>{from_col}, 0, {from_row}, 0, {to_col}, 0, {to_row}, 0</x:Anchor>" in drawing
    # Settings (sheet1) carries the drawing; the button sits right of the settings block.
    rels = files["xl/worksheets/_rels/sheet1.xml.rels"].decode()
    assert Path(vml[0]).name in rels
    settings_cols = range_boundaries(f"A{SETTINGS_FIRST_ROW}:C{SETTINGS_FIRST_ROW}")[2]
    assert from_col >= settings_cols  # 0-based: starts right of column C
    assert from_row < SETTINGS_FIRST_ROW + 2  # near the top of the block


def test_package_is_macro_enabled() -> None:
    files = parts("ja")
    assert "xl/vbaProject.bin" in files
    root = ElementTree.fromstring(files["[Content_Types].xml"])
    types = {o.get("PartName"): o.get("ContentType") for o in root if o.get("PartName")}
    assert types["/xl/workbook.xml"] == "application/vnd.ms-excel.sheet.macroEnabled.main+xml"


@pytest.mark.parametrize("language", ["ja", "en"])
def test_output_sheets_print_as_schema_declares(language: str) -> None:
    """The master's output tables read back from the written template: A4 landscape, as
    many pages tall as needed, under the header row; the Matrix (printed one page wide at
    38 % in LibreOffice, trial 25) and the Review two pages wide beside their labels."""
    wb = openpyxl.load_workbook(io.BytesIO(template(language)))
    expected = {
        "Plan": (1, None),
        "Targets": (1, None),
        "Attainment": (1, None),
        "Matrix": (2, "$A:$C"),  # KPI, rep, row
        "Flags": (1, None),
        "Checks": (1, None),
        "Daily": (2, "$A:$E"),  # rep, day, stop, account, name beside the numbers
        "Review": (2, "$A:$C"),  # rep, the hidden KPI key, KPI
    }
    for name, (wide, titles) in expected.items():
        ws = wb[name]
        setup = ws.page_setup
        got = (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight)
        assert got == ("landscape", 9, wide, 0), name
        assert ws.sheet_properties.pageSetUpPr.fitToPage, name
        assert (ws.print_title_rows, ws.print_title_cols) == ("$1:$1", titles), name
    assert wb["Dashboard"].page_setup.fitToHeight == 1  # one page, its own layout
    # The Daily's two parts side by side (a stop, then its numbers); the Matrix's down
    # then over (April-September for every KPI first).
    assert wb["Daily"].page_setup.pageOrder == "overThenDown"
    assert wb["Review"].page_setup.pageOrder == "overThenDown"  # findings by their numbers
    assert wb["Matrix"].page_setup.pageOrder is None
    xml = parts(language)["xl/workbook.xml"].decode()
    assert "'Matrix'!$1:$1,'Matrix'!$A:$C" in xml
