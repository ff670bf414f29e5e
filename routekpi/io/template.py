"""Build ``workbook_template.xlsm``, the workbook route-sales managers fill in.

The workbook is laid out with openpyxl from :mod:`routekpi.schema` (sheet names, headers,
settings, named cell styles, output columns) and turned into a macro-enabled file by
:func:`routekpi.io.xlsm.make_xlsm`, which adds the VBA project (``RouteKPI.bas`` plus the
xlwings standalone modules) and the "Recalculate plan" button.

Layout (1-based rows; every sheet tab has its canonical ASCII name):

* ``Settings``: A1 title; A2 status label, B2 status text (``schema.STATUS_CELL``);
  row 3 column headings; from row 4 one row per ``SETTING_SPECS`` entry: label in A, value in
  B (a workbook-level defined name = the setting's name), help in C. The button sits in
  E4:F5, right of the settings block.
* Input sheets: headers in row 1, an Excel table named after the sheet over A1:<last>2.
* Output sheets: headers in row 1, a "not calculated yet" placeholder in row 2.
* ``xlwings.conf`` (hidden): xlwings' per-workbook settings, keys in A from A1, values in B.

The build is deterministic: fixed document properties and zip timestamps, so building
twice gives the same bytes and the committed template can be compared with a fresh build.
"""

from __future__ import annotations

import datetime as dt
import importlib.resources
import importlib.util
import io
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Color, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import absolute_coordinate, get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from routekpi import schema
from routekpi.contract import atomic_write, date_serial, display_width, file_mode
from routekpi.core.calendar import MON_FRI, weekdays_label
from routekpi.core.catalog import KPI_BY_KEY, NOTE_KPIS
from routekpi.io.dashboard_layout import BRIDGE_FORMATS, status_formula
from routekpi.io.dashboard_template import (
    AMBER,
    RED,
    add_pace_colours,
    build_dashboard,
    fill_rule,
    finish_table,
    print_layout,
)
from routekpi.io.vba import VbaModule
from routekpi.io.xlsm import Button, make_xlsm
from routekpi.messages import text as message

LANGUAGES = ("ja", "en")

# Settings layout (1-based rows); the status cell itself is schema.STATUS_CELL.
SETTINGS_HEADER_ROW = 3
SETTINGS_FIRST_ROW = 4
# The button: from E4 to the top-left corner of G6, i.e. over E4:F5 (0-based col/row).
BUTTON_ANCHOR = (4, 3, 6, 5)
BUTTON_MACRO = "RecalculatePlan"
# Fixed so that two builds are byte-identical (make_xlsm fixes zip timestamps too).
BUILD_TIME = dt.datetime(2026, 1, 1)
_ZIP_TIME = (2026, 1, 1, 0, 0, 0)
_AUTHOR = "routekpi"

LAST_ROW = 1_048_576
# Date settings are accepted in the same range as PlanYear.
# The dates a typed cell accepts (Excel's own data validation, before routekpi reads them).
_DATE_MIN = dt.date(2000, 1, 1)
_DATE_MAX = dt.date(2100, 12, 31)


def date_entry_rule(**options: str) -> DataValidation:
    """Excel's data validation for a date column: a real date between 2000 and 2100."""
    return DataValidation(
        type="date",
        operator="between",
        formula1=str(date_serial(_DATE_MIN)),
        formula2=str(date_serial(_DATE_MAX)),
        **options,
    )


# Template-only wording (the run-time messages live in routekpi.messages).

# Canonical visit kinds / outcomes offered in the drop-downs; all are schema aliases.
_VISIT_KIND_CHOICES = {"ja": ("訪問", "アポ", "商談"), "en": ("visit", "attempt", "meeting")}
_OUTCOME_CHOICES = {"ja": ("成功", "失敗"), "en": ("won", "lost")}
_OPEN = {"ja": "検討中", "en": "open"}  # an outcome a Words row may mean; not offered on Visits
_DROPDOWNS = {
    "kind": (_VISIT_KIND_CHOICES, "visit_kind_prompt"),
    "outcome": (_OUTCOME_CHOICES, "outcome_prompt"),
}
# The Notes sheet's KPI column: the Review's row labels (trial 43 L5: a manager typed
# 「visits」, which has no row); other names of a KPI are still read (core.catalog.find_kpi).
_NOTE_KPI_CHOICES = {
    language: tuple(KPI_BY_KEY[k].label(language) for k in NOTE_KPIS) for language in ("ja", "en")
}
# The Words sheet's meaning column: a visit kind or an outcome (trial 44 M1: 商談化 = 成功).
_WORD_MEANING_CHOICES = {
    language: (*_VISIT_KIND_CHOICES[language], *_OUTCOME_CHOICES[language], _OPEN[language])
    for language in ("ja", "en")
}
_COLUMN_DROPDOWNS = {
    (schema.NOTES.name, "kpi"): (_NOTE_KPI_CHOICES, "note_kpi_prompt"),
    (schema.WORDS.name, "kind"): (_WORD_MEANING_CHOICES, "word_meaning_prompt"),
}

# Settings shown as percentages; the others follow their kind.
_SETTING_STYLES = {
    "KGI": "rk_yen",
    "PlanYear": "rk_text",  # General: "2026", not "2,026"
    "CeilingPercentile": "rk_pct",
    "PaceWarn": "rk_pct",
    "PaceCritical": "rk_pct",
}
_KIND_STYLES = {
    "number": "rk_dec",
    "integer": "rk_int",
    "date": "rk_date",
    "text": "rk_text",
    "choice": "rk_text",
}
_COLUMN_STYLES = {"date": "rk_date", "number": "rk_dec", "text": "rk_text"}
_AMOUNT_COLUMNS = {"amount": "rk_yen", "quantity": "rk_int"}
_TEXT_FORMAT = "@"  # identifiers typed by hand keep leading zeros and "2027-05" stays text

# xlwings reads its per-workbook settings from a sheet named xlwings.conf: keys in column A
# from A1 down to the first blank, values in column B (same keys as the quickstart workbook).
XLWINGS_CONF: tuple[tuple[str, object], ...] = (
    ("Interpreter_Win", None),
    ("Interpreter_Mac", None),
    ("PYTHONPATH", None),
    ("Conda Path", None),
    ("Conda Env", None),
    ("UDF Modules", "routekpi.excel.udfs"),
    ("Debug UDFs", False),
    ("Use UDF Server", False),
    ("Show Console", False),
)

# (fill, font) as ARGB: an explicit opaque alpha reads the same in Excel and LibreOffice.
_BLUE = ("FFDDEBF7", "FF1F4E78")


def _t(key: str, language: str, **params: object) -> str:
    """Template wording in ``language`` (from the one message catalog)."""
    return message(f"template.{key}", language, **params)


def _check_language(language: str) -> None:
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, not {language!r}")


def _font(**changes: object) -> Font:
    """The workbook's default font (theme minor: Calibri, plus the theme's Japanese face)
    with ``changes``: openpyxl's bare ``Font()`` would leave name and size unset."""
    base: dict[str, object] = {
        "name": "Calibri",
        "size": 11,
        "family": 2,
        "scheme": "minor",
        "color": Color(theme=1),
    }
    return Font(**(base | changes))


def named_styles() -> list[NamedStyle]:
    """One NamedStyle per ``schema.CELL_STYLES`` entry (same order)."""
    thin = Side(style="thin", color="FF8EA9DB")
    specs: dict[str, NamedStyle] = {
        "rk_title": NamedStyle("rk_title", font=_font(bold=True, size=14)),
        "rk_header": NamedStyle(
            "rk_header",
            font=_font(bold=True),
            fill=PatternFill("solid", fgColor="FFDDEBF7"),
            border=Border(left=thin, right=thin, top=thin, bottom=thin),
            alignment=Alignment(wrap_text=True, vertical="center"),
        ),
        "rk_text": NamedStyle("rk_text", font=_font()),
        "rk_int": NamedStyle("rk_int", font=_font(), number_format="#,##0"),
        "rk_yen": NamedStyle("rk_yen", font=_font(), number_format='"¥"#,##0'),
        "rk_dec": NamedStyle("rk_dec", font=_font(), number_format="#,##0.00"),
        "rk_pct": NamedStyle("rk_pct", font=_font(), number_format="0.0%"),
        "rk_date": NamedStyle("rk_date", font=_font(), number_format="yyyy-mm-dd"),
        "rk_note": NamedStyle(
            "rk_note",
            font=_font(color=Color(rgb="FF595959")),
            alignment=Alignment(wrap_text=True, vertical="top"),
        ),
        # Dashboard feasibility banner (its red/green fill comes from a conditional format).
        "rk_banner": NamedStyle(
            "rk_banner", font=_font(bold=True, size=13), alignment=Alignment(vertical="center")
        ),
        # The same, wrapping inside the merged banner row (trial 41 L1: cut at the page's edge).
        "rk_banner_wrap": NamedStyle(
            "rk_banner_wrap",
            font=_font(bold=True, size=13),
            alignment=Alignment(wrap_text=True, vertical="center"),
        ),
        "rk_pct_signed": NamedStyle(
            "rk_pct_signed", font=_font(), number_format="+0.0%;-0.0%;0.0%"
        ),
        "rk_dec1": NamedStyle("rk_dec1", font=_font(), number_format="#,##0.0"),
        # A small whole number in a narrow column (a stop's number, a rank): centred, so it
        # never runs into the text of the column beside it.
        "rk_int_center": NamedStyle(
            "rk_int_center",
            font=_font(),
            number_format="#,##0",
            alignment=Alignment(horizontal="center"),
        ),
        # rk_text at the top of a tall row, beside a note that wraps (Plan items, Flags keys).
        "rk_label": NamedStyle("rk_label", font=_font(), alignment=Alignment(vertical="top")),
    }
    for name, number_format in BRIDGE_FORMATS.items():
        specs[name] = NamedStyle(name, font=_font(), number_format=number_format)
    return [specs[name] for name in schema.CELL_STYLES]


def _page_setup(ws: Worksheet) -> None:
    """A4 landscape, one page wide, as many pages tall as needed (a Japanese office prints
    A4: without a size the printer's default, US Letter on many drivers, took 97 of a
    trial book's 102 pages)."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _bound(value: float, style: str) -> str:
    """A bound as the user sees it (percent settings are stored as fractions)."""
    if style == "rk_pct":
        return f"{value * 100:g}%"
    return f"{value:,g}" if style == "rk_yen" else f"{value:g}"


def _setting_validation(
    spec: schema.SettingSpec, style: str, language: str
) -> tuple[DataValidation, str]:
    """The data validation for a setting's value cell, and the allowed-values wording."""
    if spec.kind in ("number", "integer"):
        lo, hi = spec.minimum, spec.maximum
        dv = DataValidation(type="decimal" if spec.kind == "number" else "whole")
        if lo is not None and hi is not None:
            dv.operator, dv.formula1, dv.formula2 = "between", f"{lo:g}", f"{hi:g}"
            rng = _t("range_between", language, lo=_bound(lo, style), hi=_bound(hi, style))
        elif lo is not None:
            dv.operator, dv.formula1 = "greaterThanOrEqual", f"{lo:g}"
            rng = _t("range_at_least", language, lo=_bound(lo, style))
        elif hi is not None:
            dv.operator, dv.formula1 = "lessThanOrEqual", f"{hi:g}"
            rng = _t("range_at_most", language, hi=_bound(hi, style))
        else:  # any number, but still a number
            dv.operator, dv.formula1, dv.formula2 = "between", "-1E+307", "1E+307"
            rng = _t("range_any", language)
        what = _t(f"kind_{spec.kind}", language, range=rng)
    elif spec.kind == "date":
        dv = date_entry_rule()
        what = _t("kind_date", language)
    elif spec.kind == "choice" and setting_choices(spec, language) != spec.choices:
        # The Japanese words a ja book reads for the keys (fix47), offered in the drop-down;
        # a key typed by hand stays valid (the reader takes both): the list suggests.
        shown = setting_choices(spec, language)
        dv = DataValidation(type="list", formula1=f'"{",".join(shown)}"')
        dv.errorStyle = "information"
        what = _t("kind_choice_words", language, choices="・".join(shown))
        what += _t("kind_choice_keys", language, keys=", ".join(spec.choices))
    elif spec.kind == "choice":
        dv = DataValidation(type="list", formula1=f'"{",".join(spec.choices)}"')
        what = _t("kind_choice", language, choices=", ".join(spec.choices))
    else:
        dv = DataValidation(type="textLength", operator="lessThanOrEqual", formula1="255")
        what = ""
    return dv, what


def setting_choices(spec: schema.SettingSpec, language: str) -> tuple[str, ...]:
    """A choice setting's values as its drop-down offers them: in a Japanese book the first
    Japanese word of each key where it has them (``schema.SETTING_CHOICE_WORDS``: 傾向, 前年,
    均等, 手動 for trend, baseline, equal, manual; review47: a ja book offered only the English
    keys), else the keys."""
    words = schema.SETTING_CHOICE_WORDS.get(spec.name, {}) if language == "ja" else {}
    return tuple(words[key][0] if words.get(key) else key for key in spec.choices)


def setting_default(spec: schema.SettingSpec, language: str) -> object:
    """A setting's default as the template writes it: a choice in its drop-down's words."""
    if spec.kind != "choice" or spec.default not in spec.choices:
        return spec.default
    return setting_choices(spec, language)[spec.choices.index(spec.default)]


def setting_help(spec: schema.SettingSpec, language: str) -> str:
    """A setting's help as the template writes it: in a Japanese book each choice key the
    help explains (``trend=…``) with the word the drop-down offers before it (傾向(trend)=…)."""
    if language != "ja":
        return spec.help_en
    said = spec.help_ja
    for key, shown in zip(spec.choices, setting_choices(spec, language), strict=True):
        if shown != key:
            said = re.sub(rf"(?<![A-Za-z]){re.escape(key)}\s*=\s*", f"{shown}({key})=", said)
    return said


def _build_settings(ws: Worksheet, language: str) -> None:
    ws.title = schema.SETTINGS.name
    ws["A1"] = _t("title", language)
    ws["A1"].style = "rk_title"
    status_row = ws[schema.STATUS_CELL].row
    ws.cell(status_row, 1, _t("status_label", language)).style = "rk_header"
    # The status lives on the Dashboard, written by the button and `routekpi recalc` alike;
    # this cell shows it (and the start hint before the first calculation).
    ws[schema.STATUS_CELL] = status_formula(schema.DASHBOARD.name, _t("status_initial", language))

    ws[schema.STATUS_CELL].style = "rk_text"  # no wrap: long status lines overflow right
    for col, key in enumerate(("col_setting", "col_value", "col_help"), start=1):
        ws.cell(SETTINGS_HEADER_ROW, col, _t(key, language)).style = "rk_header"

    defaults: dict[str, object] = {"PlanYear": 2026, "Language": language}
    defaults["WorkingDays"] = weekdays_label(MON_FRI, language)  # 月-金 / Mon-Fri
    for row, spec in enumerate(schema.SETTING_SPECS, start=SETTINGS_FIRST_ROW):
        style = _SETTING_STYLES.get(spec.name, _KIND_STYLES[spec.kind])
        ws.cell(row, 1, spec.label(language)).style = "rk_text"
        value = ws.cell(row, 2, defaults.get(spec.name, setting_default(spec, language)))
        value.style = style
        help_text = setting_help(spec, language)
        ws.cell(row, 3, help_text or None).style = "rk_note"

        ref = f"{quote_sheetname(ws.title)}!{absolute_coordinate(value.coordinate)}"
        ws.parent.defined_names[spec.name] = DefinedName(spec.name, attr_text=ref)

        dv, what = _setting_validation(spec, style, language)
        dv.allow_blank = True  # KGI and AsOf start blank; the validator reports a blank KGI
        # Excel rejects the file when a title exceeds 32 or a message 255 characters.
        dv.promptTitle = dv.errorTitle = spec.name[:32]
        dv.prompt = "\n".join(x for x in (help_text, what) if x)[:255] or None
        dv.showInputMessage = bool(dv.prompt)
        dv.error = _t("allowed", language, what=what)[:225] if what else None
        dv.showErrorMessage = bool(what)
        if dv.errorStyle != "information":  # a ja choice's words suggest (setting_choices)
            dv.errorStyle = "stop"
        dv.add(value.coordinate)
        ws.add_data_validation(dv)

    labels = [spec.label(language) for spec in schema.SETTING_SPECS]
    ws.column_dimensions["A"].width = max(display_width(x) for x in labels) + 2
    ws.column_dimensions["B"].width = 18
    ws.column_dimensions["C"].width = 56
    ws.column_dimensions["D"].width = 3  # gap between the block and the button
    ws.column_dimensions["E"].width = 12
    ws.column_dimensions["F"].width = 12
    _page_setup(ws)


def _input_column_style(col: schema.ColumnSpec) -> tuple[str, str | None]:
    """(named style, number-format override) for an input column's data cells."""
    if col.key in _AMOUNT_COLUMNS:
        return _AMOUNT_COLUMNS[col.key], None
    style = _COLUMN_STYLES.get(col.kind, "rk_text")
    return style, (_TEXT_FORMAT if col.kind == "text" else None)


def _list_validation(
    cells: str, choices: tuple[str, ...], prompt: str, language: str
) -> DataValidation:
    """A drop-down that suggests but does not force (aliases typed by hand stay valid)."""
    dv = DataValidation(
        type="list",
        formula1=f'"{",".join(choices)}"',
        allow_blank=True,
        showInputMessage=True,
        prompt=prompt,
        showErrorMessage=True,
        errorStyle="information",
        error=_t("list_hint", language),
    )
    dv.add(cells)
    return dv


def _build_input(ws: Worksheet, sheet: schema.SheetSpec, language: str) -> None:
    columns = [c for c in sheet.columns if c.laid_out]  # not: a name read from exports only
    last = get_column_letter(len(columns))
    for idx, col in enumerate(columns, start=1):
        letter = get_column_letter(idx)
        header = col.header(language)
        ws.cell(1, idx, header).style = "rk_header"
        style, number_format = _input_column_style(col)
        cell = ws.cell(2, idx)
        cell.style = style
        if number_format:
            cell.number_format = number_format
        base = {"date": 12, "number": 14}.get(col.kind, 14)
        if col.key == "name":
            base = 28
        ws.column_dimensions[letter].width = max(base, display_width(header) + 4)
        dropdown = _COLUMN_DROPDOWNS.get((sheet.name, col.key)) or _DROPDOWNS.get(col.kind)
        if dropdown is not None:
            choices, prompt_key = dropdown
            rng = f"{letter}2:{letter}{LAST_ROW}"
            prompt = _t(prompt_key, language)
            ws.add_data_validation(_list_validation(rng, choices[language], prompt, language))

    # A header plus one empty row: the smallest table Excel accepts; it grows as rows are added.
    table = Table(displayName=sheet.name, ref=f"A1:{last}2")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    ws.add_table(table)
    ws.freeze_panes = "A2"
    _page_setup(ws)


def _column_letter(sheet: str, key: str) -> str:
    keys = [c.key for c in schema.OUTPUT_COLUMNS[sheet]]
    return get_column_letter(keys.index(key) + 1)


def _severity_labels(severity: str) -> list[str]:
    """Canonical key plus the ja/en labels the writer uses for a flag severity."""
    labels = [severity, *(message(f"severity.{severity}", lang) for lang in LANGUAGES)]
    return list(dict.fromkeys(labels))


def _conditional_formats(ws: Worksheet) -> None:
    """Traffic-light colours; formulas use only functions Excel 2016 and LibreOffice know."""
    if ws.title == schema.ATTAINMENT.name:
        first = _column_letter(ws.title, "attainment")
        last = _column_letter(ws.title, "pace")
        cells = f"{first}2:{last}{LAST_ROW}"
        # Both columns take the colour of the pace (relative row, fixed column): a month in
        # progress is judged on its share so far, never red while on pace.
        add_pace_colours(ws, cells, f"${last}2")
    elif ws.title == schema.FLAGS.name:
        letter = _column_letter(ws.title, "severity")
        cells, cell = f"{letter}2:{letter}{LAST_ROW}", f"{letter}2"
        for severity, colours in (("critical", RED), ("warn", AMBER), ("info", _BLUE)):
            tests = ",".join(f'{cell}="{label}"' for label in _severity_labels(severity))
            ws.conditional_formatting.add(cells, fill_rule(f"OR({tests})", colours))


def _build_output(ws: Worksheet, sheet: schema.SheetSpec, language: str, extra: list[str]) -> None:
    columns = schema.OUTPUT_COLUMNS[sheet.name]
    for idx, col in enumerate(columns, start=1):
        ws.cell(1, idx, col.header(language)).style = "rk_header"
        ws.cell(2, idx).style = col.style
        ws.column_dimensions[get_column_letter(idx)].width = col.width
    # The message overflows into the empty cells to its right, so no wrapping style.
    ws.cell(2, 1, _t("placeholder", language)).style = "rk_text"
    # Styles no column uses go on empty cells right of the columns: the output sheets then
    # use every named style themselves, so each has a cellXfs entry for the zip writer.
    for offset, style in enumerate(extra, start=len(columns) + 1):
        ws.cell(2, offset).style = style
    ws.freeze_panes = "A2"
    _conditional_formats(ws)
    print_layout(ws, sheet.name)  # as schema declares it (the Matrix two pages wide)


def _build_xlwings_conf(ws: Worksheet, language: str) -> None:
    ws.title = schema.XLWINGS_CONF.name
    ws.sheet_state = "hidden"
    for row, (key, value) in enumerate(XLWINGS_CONF, start=1):
        ws.cell(row, 1, key)
        ws.cell(row, 2, value)
    # After a blank row, so that xlwings (which stops at the first blank key) ignores it.
    ws.cell(len(XLWINGS_CONF) + 2, 1, _t("conf_note", language))
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 28


def build_workbook(language: str = "ja") -> Workbook:
    """The template as an openpyxl workbook (no VBA yet)."""
    _check_language(language)
    wb = Workbook()
    for style in named_styles():
        wb.add_named_style(style)

    # Settings first: its cells use every named style as-is, so each style's first cellXfs
    # entry is the plain one (the zip writer takes the first xf whose xfId is the style).
    _build_settings(wb.active, language)
    for sheet in (*schema.INPUT_SHEETS, *schema.NAMED_INPUTS):
        _build_input(wb.create_sheet(sheet.name), sheet, language)

    used = {"rk_header"} | {c.style for cols in schema.OUTPUT_COLUMNS.values() for c in cols}
    extra = [s for s in schema.CELL_STYLES if s not in used]
    tables = [s for s in schema.OUTPUT_SHEETS if s.name != schema.DASHBOARD.name]
    for sheet in schema.OUTPUT_SHEETS:
        ws = wb.create_sheet(sheet.name)
        if sheet.name == schema.DASHBOARD.name:  # a laid-out page with charts, not a table
            build_dashboard(ws, language)
            continue
        _build_output(ws, sheet, language, extra if sheet == tables[0] else [])
        finish_table(ws, sheet, language)
    _build_xlwings_conf(wb.create_sheet(), language)

    wb.active = 0
    for ws in wb.worksheets:
        ws.sheet_view.tabSelected = ws.title == schema.SETTINGS.name

    props = wb.properties
    props.creator = props.lastModifiedBy = _AUTHOR
    props.created = props.modified = BUILD_TIME
    props.title = "routekpi"
    return wb


class _FixedTimeZipFile(zipfile.ZipFile):
    """A ZipFile whose members all carry one fixed timestamp (openpyxl writes by name)."""

    def writestr(  # type: ignore[override]
        self,
        zinfo_or_arcname: str | zipfile.ZipInfo,
        data: bytes | str,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            info = zipfile.ZipInfo(zinfo_or_arcname, date_time=_ZIP_TIME)
            info.compress_type = self.compression
            info.external_attr = 0o600 << 16
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)


def workbook_bytes(wb: Workbook) -> bytes:
    """Serialise an openpyxl workbook to .xlsx bytes, keeping its fixed properties.

    ``openpyxl.Workbook.save`` stamps ``modified`` with the current time, so the writer is
    driven directly.
    """
    buffer = io.BytesIO()
    with _FixedTimeZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).write_data()
    return buffer.getvalue()


def _xlwings_dir() -> Path:
    """The installed xlwings package directory, located without importing xlwings."""
    spec = importlib.util.find_spec("xlwings")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(
            "xlwings is not installed; it supplies the VBA modules of the template "
            "(pip install xlwings)"
        )
    return Path(next(iter(spec.submodule_search_locations)))


def vba_modules() -> list[VbaModule]:
    """RouteKPI.bas, the generated UDF wrappers, and the two xlwings standalone modules.

    RouteKPIUdfs.bas is what xlwings' "Import Functions" would write (module ``xlwings_udfs``,
    see routekpi.excel.vbagen), shipped so users need not trust access to the VBA project.
    """
    source = importlib.resources.files("routekpi").joinpath("vba/RouteKPI.bas")
    udfs = importlib.resources.files("routekpi").joinpath("vba/RouteKPIUdfs.bas")
    xlwings_dir = _xlwings_dir()
    return [
        VbaModule("RouteKPI", source.read_text(encoding="ascii"), "standard"),
        VbaModule("xlwings_udfs", udfs.read_text(encoding="ascii"), "standard"),
        VbaModule("xlwings", (xlwings_dir / "xlwings.bas").read_text(encoding="utf-8"), "standard"),
        VbaModule(
            "Dictionary",
            (xlwings_dir / "addin" / "Dictionary.cls").read_text(encoding="utf-8"),
            "class",
        ),
    ]


def build_template(language: str = "ja", settings: Mapping[str, object] | None = None) -> bytes:
    """The complete ``workbook_template.xlsm`` in ``language`` ("ja" or "en"), as bytes.

    ``settings`` pre-fills named Settings cells (e.g. KGI, AsOf) — used by the sample workbook.
    """
    wb = build_workbook(language)
    for name, value in (settings or {}).items():
        for sheet, coord in wb.defined_names[name].destinations:
            wb[sheet][coord.replace("$", "")] = value
    xlsx = workbook_bytes(wb)
    button = Button(
        sheet=schema.SETTINGS.name,
        macro=BUTTON_MACRO,
        text=_t("button", language),
        anchor=BUTTON_ANCHOR,
    )
    return make_xlsm(xlsx, vba_modules(), [button])


# ``routekpi new``: the template's settings but a blank PlanYear. A year typed in advance is
# wrong by next year (a book made in 2027 planning 2026) and, with an April start, the year
# already running in December; blank is the fiscal year of the as-of date, said on Checks
# (validation.plan_year, which suggests the next year once that one is more than half over).
# The committed template keeps its fixed 2026 (built deterministically, scripts/build_template).
NEW_BOOK_SETTINGS: dict[str, object] = {"PlanYear": None}


def write_template(
    path: Path, language: str = "ja", settings: Mapping[str, object] | None = None
) -> None:
    """Write the template to ``path`` atomically (a temp file in the same folder, renamed);
    ``settings`` as in ``build_template``."""
    data = build_template(language, settings=settings)
    path = Path(path)
    # Keep an existing file's mode, else a normal 0644.
    atomic_write(path, lambda out: out.write(data), mode=file_mode(path) & 0o777)
