"""``routekpi repair``: put the template's VBA, button and xlwings.conf back into a workbook.

A workbook saved by LibreOffice (or any tool that drops or rewrites macros) loses the
"Recalculate plan" button or has it turned into a control Excel does not run, and its VBA
project is rewritten. An old workbook carries an old VBA project. Repair, on the file:

* the VBA project is replaced by the current one (RouteKPI, the UDF wrappers, xlwings'
  modules), with a document module per code name; a workbook or sheet without a code name
  gets one (``ThisWorkbook``, ``SheetN``: only that attribute of ``<sheetPr>`` changes);
* on the Settings sheet, routekpi's own button — as Excel, LibreOffice or an older template
  wrote it (a legacy VML shape, a form control and its drawing) — is removed and the
  template's button is drawn again; drawings that are not routekpi's are left alone;
* a missing ``xlwings.conf`` sheet, missing output sheets and a missing Reps sheet (its
  header: a book older than it) are created from the template;
* the Settings rows a newer template added (WorkingDays, FiscalYearLabel…) are written below
  the book's own settings with the template's label, help text, validation and the default
  the book was already calculated with (the first empty rows: no cell holding anything is
  written); a setting whose row is still there but whose defined name was lost is named
  again instead (a row whose column A holds its label);
* the output sheets a workbook has keep their cells but take the current template's page
  setup (A4 landscape, fitted to the page width: ``<pageSetup>``, ``<pageMargins>``, the
  fit-to-page flag) and print titles (the header row, and the Matrix's, the Daily's and the
  Review's title columns, repeated on every page: ``schema.PrintLayout``, the sheet-level
  ``_xlnm.Print_Titles`` names), and the Dashboard's three charts take the current
  template's chart XML (a chart is replaced only when its title refers to the same chart-data
  cell as one of the template's; a chart of the user's own is left alone), keeping what the
  last recalculation set in it (its title's cached text, the bridge's axis start: the
  ``run_parts`` the repair job passes). A recalculation rewrites cell data and only those
  parts of the charts, so without a repair a book made from an older template keeps its old
  layout.

Every other part — the data and the settings' cells, your own sheets, styles, other names —
is copied byte for byte (the zip writer copies their compressed bytes as they are).
"""

from __future__ import annotations

import functools
import io
import posixpath
import re
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import python_calamine as calamine
from defusedxml import ElementTree

from routekpi import schema
from routekpi.contract import AREA_REF, cell_reference, column_number, language_of
from routekpi.io.newsheets import escape, merge_styles, template_package, with_defined_names
from routekpi.io.reader import _workbook_xml
from routekpi.io.sheetrewrite import AFTER_PAGE_SETUP, PartEdits, rewrite_workbook
from routekpi.io.sheetxml import Cell, SheetContent, style_index
from routekpi.io.template import (
    BUTTON_ANCHOR,
    BUTTON_MACRO,
    XLWINGS_CONF,
    vba_modules,
)
from routekpi.io.usercells import read_cells, shared_strings
from routekpi.io.vba import VbaModule
from routekpi.io.vba.project import WORKBOOK_BASE, build_vba_project
from routekpi.io.xlsm import (
    MACRO_WORKBOOK_TYPE,
    REL_VBA_PROJECT,
    REL_VML,
    VBA_PROJECT_TYPE,
    VML_TYPE,
    Button,
    _vml_drawing,
)
from routekpi.messages import text
from routekpi.schema import normalize_label

_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_SIGNATURE = "vbaProjectSignature"
_OUR_MACRO = re.compile(rf"(?:^|[!.]){BUTTON_MACRO}\s*$")


@dataclass
class RepairReport:
    """What ``repair`` did, for the command's summary."""

    path: Path
    modules: list[str] = field(default_factory=list)
    button_sheet: str | None = None
    removed_parts: list[str] = field(default_factory=list)
    created_sheets: list[str] = field(default_factory=list)
    code_names: list[str] = field(default_factory=list)
    page_setup_sheets: list[str] = field(default_factory=list)  # tabs given the template's
    # Output tabs whose repeated print rows and columns (print titles) were set or changed.
    print_title_sheets: list[str] = field(default_factory=list)
    charts: list[str] = field(default_factory=list)  # chart parts given the template's XML
    # Settings rows a newer template added, as written: (setting name, label, value, cell).
    settings_added: list[tuple[str, str, object, str]] = field(default_factory=list)
    # Settings whose row was there but whose name was lost: (setting name, label, cell).
    settings_relinked: list[tuple[str, str, str]] = field(default_factory=list)


class _Package:
    """Parts read on demand from the zip, and the edits made to them."""

    def __init__(self, zf: zipfile.ZipFile) -> None:
        self.zf = zf
        self.names = {i.filename for i in zf.infolist()}
        self.edits = PartEdits()

    def has(self, part: str) -> bool:
        return (part in self.names and part not in self.edits.dropped) or part in self.edits.added

    def read(self, part: str) -> bytes:
        for source in (self.edits.replaced, self.edits.added):
            if part in source:
                return source[part]
        return self.zf.read(part)

    def write(self, part: str, data: bytes) -> None:
        self.edits.dropped.discard(part)  # dropped, then written anew under the same name
        if part in self.names:
            self.edits.replaced[part] = data
        else:
            self.edits.added[part] = data

    def drop(self, part: str) -> None:
        if part in self.names:
            self.edits.dropped.add(part)
        self.edits.added.pop(part, None)
        self.edits.replaced.pop(part, None)


def _rels_path(part: str) -> str:
    return posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")


def _resolve(part: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(part), target))


def _relationships(pkg: _Package, part: str) -> list[tuple[str, str, str]]:
    rels = _rels_path(part) if part else "_rels/.rels"
    if not pkg.has(rels):
        return []
    root = ElementTree.fromstring(pkg.read(rels))
    return [
        (r.get("Id", ""), r.get("Type", ""), _resolve(part, r.get("Target", "")))
        for r in root.iter(f"{_PKG_REL}Relationship")
        if r.get("TargetMode") != "External"
    ]


def _drop_relationship(pkg: _Package, part: str, rel_id: str) -> None:
    rels = _rels_path(part)
    xml = pkg.read(rels).decode("utf-8")
    xml = re.sub(rf'<Relationship\b[^>]*\sId="{re.escape(rel_id)}"[^>]*/>', "", xml)
    pkg.write(rels, xml.encode("utf-8"))


def _add_relationship(pkg: _Package, part: str, rel_type: str, target: str) -> str:
    rels = _rels_path(part)
    xml = (
        pkg.read(rels).decode("utf-8")
        if pkg.has(rels)
        else '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships'
        ' xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>'
    )
    taken = set(re.findall(r'\sId="([^"]*)"', xml))
    n = len(taken) + 1
    while f"rId{n}" in taken:
        n += 1
    relative = posixpath.relpath(target, posixpath.dirname(part) or ".")
    at = xml.rindex("</Relationships>")
    rel = f'<Relationship Id="rId{n}" Type="{rel_type}" Target="{relative}"/>'
    pkg.write(rels, (xml[:at] + rel + xml[at:]).encode("utf-8"))
    return f"rId{n}"


def _content_types(
    pkg: _Package, workbook: str, added: Mapping[str, str], dropped: list[str]
) -> None:
    """Workbook macro-enabled; an Override per added part; none for dropped ones."""
    xml = pkg.read("[Content_Types].xml").decode("utf-8")
    for part in dropped:
        xml = re.sub(rf'<Override\b[^>]*PartName="/{re.escape(part)}"[^>]*/>', "", xml, flags=re.I)
    xml = re.sub(
        rf'(<Override\b[^>]*PartName="/{re.escape(workbook)}"[^>]*ContentType=")[^"]*(")',
        rf"\g<1>{MACRO_WORKBOOK_TYPE}\g<2>",
        xml,
    )
    xml = re.sub(
        rf'(<Override\b[^>]*ContentType=")[^"]*("[^>]*PartName="/{re.escape(workbook)}")',
        rf"\g<1>{MACRO_WORKBOOK_TYPE}\g<2>",
        xml,
    )
    at = xml.rindex("</Types>")
    for part, ctype in added.items():
        if f'PartName="/{part}"' not in xml:
            xml = xml[:at] + f'<Override PartName="/{part}" ContentType="{ctype}"/>' + xml[at:]
            at = xml.rindex("</Types>")
    pkg.write("[Content_Types].xml", xml.encode("utf-8"))


# --------------------------------------------------------------------------- code names


def _workbook_code_name(pkg: _Package, workbook: str) -> str:
    xml = pkg.read(workbook).decode("utf-8")
    pr = re.search(r"<(\w+:)?workbookPr\b[^>]*?/?>", xml)
    if pr is not None:
        m = re.search(r'\scodeName="([^"]*)"', pr.group(0))
        if m and m.group(1):
            return m.group(1)
        at = pr.start() + len(f"<{pr.group(1) or ''}workbookPr")
        xml = xml[:at] + ' codeName="ThisWorkbook"' + xml[at:]
    else:
        m = re.search(r"<(\w+:)?(?:bookViews|sheets)\b", xml)
        prefix = (m.group(1) or "") if m else ""
        at = m.start() if m else xml.rindex("</")
        xml = xml[:at] + f'<{prefix}workbookPr codeName="ThisWorkbook"/>' + xml[at:]
    pkg.write(workbook, xml.encode("utf-8"))
    return "ThisWorkbook"


def _sheet_code_name(pkg: _Package, part: str, taken: set[str], index: int) -> tuple[str, bool]:
    """The sheet's code name; one is given (SheetN) when it has none. (name, added)."""
    data = pkg.read(part)
    cut = data.find(b"<sheetData")
    cut = cut if cut != -1 else min(len(data), 65536)
    head = data[:cut].decode("utf-8")
    pr = re.search(r"<(\w+:)?sheetPr\b[^>]*?/?>", head)
    if pr is not None:
        m = re.search(r'\scodeName="([^"]*)"', pr.group(0))
        if m and m.group(1):
            return m.group(1), False
    n = index
    while f"sheet{n}" in taken:
        n += 1
    code = f"Sheet{n}"
    if pr is not None:
        at = pr.start() + len(f"<{pr.group(1) or ''}sheetPr")
        head = head[:at] + f' codeName="{code}"' + head[at:]
    else:
        root = re.search(r"<(\w+:)?worksheet\b[^>]*>", head)
        if root is None:
            raise ValueError(f"{part} is not a worksheet")
        prefix = root.group(1) or ""
        head = head[: root.end()] + f'<{prefix}sheetPr codeName="{code}"/>' + head[root.end() :]
    pkg.write(part, head.encode("utf-8") + data[cut:])
    return code, True


def _with_code_name(sheet_xml: bytes, code: str) -> bytes:
    """A (new) sheet's XML with ``<sheetPr codeName>`` set."""
    xml = sheet_xml.decode("utf-8")
    pr = re.search(r"<(\w+:)?sheetPr\b[^>]*?/?>", xml)
    if pr is not None:
        at = pr.start() + len(f"<{pr.group(1) or ''}sheetPr")
        return (xml[:at] + f' codeName="{code}"' + xml[at:]).encode("utf-8")
    root = re.search(r"<(\w+:)?worksheet\b[^>]*>", xml)
    assert root is not None
    prefix = root.group(1) or ""
    return (
        xml[: root.end()] + f'<{prefix}sheetPr codeName="{code}"/>' + xml[root.end() :]
    ).encode()


# --------------------------------------------------------------------------- the button


def _ours_vml(xml: bytes) -> bool:
    """A VML drawing holding only buttons that run RecalculatePlan."""
    shapes = re.findall(rb"<x:ClientData\b[^>]*ObjectType=\"(\w+)\"(.*?)</x:ClientData>", xml, re.S)
    if not shapes:
        return False
    for kind, body in shapes:
        macro = re.search(rb"<x:FmlaMacro>(.*?)</x:FmlaMacro>", body, re.S)
        if kind != b"Button" or macro is None:
            return False
        if not _OUR_MACRO.search(macro.group(1).decode("utf-8", "replace")):
            return False
    return True


def _remove_old_button(pkg: _Package, sheet_part: str, report: RepairReport) -> list[str]:
    """Remove routekpi's button from the sheet in every form it may have; dropped parts."""
    xml = pkg.read(sheet_part).decode("utf-8")
    rels = {rid: (kind, target) for rid, kind, target in _relationships(pkg, sheet_part)}
    dropped: list[str] = []
    # Form controls (Excel 2010+ / LibreOffice): <controls> entries bound to our macro.
    ours_ids: set[str] = set()
    controls = re.search(r"<(\w+:)?controls>.*?</(?:\w+:)?controls>", xml, re.S)
    if controls is not None:
        entries = re.findall(
            r"<(?:\w+:)?control\b[^>]*>.*?</(?:\w+:)?control>", controls.group(0), re.S
        )
        mine = [e for e in entries if _OUR_MACRO.search(_attr(e, "macro") or "")]
        if mine and len(mine) == len(entries):
            for entry in mine:
                rid = _attr(entry, "r:id") or ""
                ours_ids.add(_attr(entry, "shapeId") or "")
                if rid in rels:
                    dropped.append(rels[rid][1])
                    _drop_relationship(pkg, sheet_part, rid)
            xml = xml[: controls.start()] + xml[controls.end() :]
    for element in ("drawing", "legacyDrawing"):
        m = re.search(rf'<(?:\w+:)?{element}\b[^>]*\br:id="([^"]*)"[^>]*/>', xml)
        if m is None or m.group(1) not in rels:
            continue
        part = rels[m.group(1)][1]
        data = pkg.read(part) if pkg.has(part) else b""
        if element == "legacyDrawing":
            ours = _ours_vml(data)
        else:  # DrawingML: only the shapes of the controls removed above
            ids = set(re.findall(rb'<xdr:cNvPr\b[^>]*\sid="(\d+)"', data))
            ours = bool(ids) and {i.decode() for i in ids} <= ours_ids
        if ours:
            xml = xml[: m.start()] + xml[m.end() :]
            _drop_relationship(pkg, sheet_part, m.group(1))
            dropped.append(part)
    for part in dropped:
        pkg.drop(part)
        if pkg.has(_rels_path(part)):
            pkg.drop(_rels_path(part))
    pkg.write(sheet_part, xml.encode("utf-8"))
    report.removed_parts += dropped
    return dropped


def _attr(tag: str, name: str) -> str | None:
    m = re.search(rf'\s{re.escape(name)}="([^"]*)"', tag)
    return m.group(1) if m else None


def _add_button(pkg: _Package, sheet_part: str, sheet_name: str, language: str) -> str:
    """Draw the template's button (a legacy form-control shape) on the sheet; the VML part."""
    if re.search(r"<(?:\w+:)?legacyDrawing\b", pkg.read(sheet_part).decode("utf-8")):
        raise ValueError(f"sheet {sheet_name!r} has cell comments; the button cannot be added")
    used: set[int] = set()
    for name in pkg.names | set(pkg.edits.added):
        if name.lower().endswith(".vml") and pkg.has(name):
            for value in re.findall(rb'idmap[^>]*?data\s*=\s*"([^"]*)"', pkg.read(name)):
                used.update(int(x) for x in re.findall(rb"\d+", value))
    n = 1
    while pkg.has(f"xl/drawings/vmlDrawing{n}.vml"):
        n += 1
    vml = f"xl/drawings/vmlDrawing{n}.vml"
    button = Button(sheet_name, BUTTON_MACRO, text("template.button", language), BUTTON_ANCHOR)
    pkg.write(vml, _vml_drawing([button], max(used, default=0) + 1))
    rel_id = _add_relationship(pkg, sheet_part, REL_VML, vml)
    xml = pkg.read(sheet_part).decode("utf-8")
    root = re.search(r"<(\w+:)?worksheet\b", xml)
    prefix = (root.group(1) or "") if root else ""
    later = re.search(
        r"<(?:\w+:)?(?:legacyDrawingHF|drawingHF|picture|oleObjects|controls|webPublishItems"
        r"|tableParts|extLst)\b",
        xml,
    )
    at = later.start() if later else xml.rindex("</")
    element = f'<{prefix}legacyDrawing xmlns:r="{_REL_NS}" r:id="{rel_id}"/>'
    pkg.write(sheet_part, (xml[:at] + element + xml[at:]).encode("utf-8"))
    return vml


# --------------------------------------------------------------------------- output layout

_P = rb"(?:[A-Za-z_][\w.-]*:)?"  # any namespace prefix
_PAGE_ELEMENTS = ("pageMargins", "pageSetup")
# CT_Worksheet's elements after <pageSetup> (io.sheetrewrite: one list for both).
_AFTER_PAGE_SETUP = AFTER_PAGE_SETUP
_OUTPUT_NAMES = frozenset(s.name for s in schema.OUTPUT_SHEETS)
_TABLE_PARTS = re.compile(rb"<(?:\w+:)?tableParts\b.*?</(?:\w+:)?tableParts>", re.S)
_SHEET_DATA_END = re.compile(rb"</" + _P + rb"sheetData>|<" + _P + rb"sheetData\s*/>")


def _element(xml: bytes, name: str) -> re.Match[bytes] | None:
    return re.search(
        rb"<" + _P + name.encode() + rb"\b[^>]*?(?:/>|>.*?</" + _P + name.encode() + rb">)",
        xml,
        re.S,
    )


def _prefix(xml: bytes) -> bytes:
    root = re.search(rb"<([A-Za-z_][\w.-]*:)?worksheet\b", xml)
    return (root.group(1) or b"") if root else b""


def with_template_page_setup(sheet: bytes, template: bytes) -> bytes:
    """``sheet`` (a worksheet part) with the page setup of ``template`` (the same output
    sheet in the current template): ``<pageMargins>``, ``<pageSetup>`` (a printer-settings
    ``r:id`` of the sheet's own is kept) and ``<pageSetUpPr fitToPage>``. Cells and every
    other element stay as they are; ``sheet`` is returned as is when nothing differs."""
    end = _SHEET_DATA_END.search(sheet)
    if end is None:
        return sheet
    head, tail = page_setup_around(sheet[: end.start()], sheet[end.start() :], template)
    return head + tail


def page_setup_around(head: bytes, tail: bytes, template: bytes) -> tuple[bytes, bytes]:
    """:func:`with_template_page_setup` on a worksheet split around its cells (``head`` up to
    ``<sheetData``, ``tail`` from its end), as the zip writer holds one (io.sheetrewrite):
    the same edit could be made on every recalculation without reading the cells again."""
    prefix = _prefix(head)
    for name in _PAGE_ELEMENTS:
        want = _element(template, name)
        if want is None:
            continue
        new = re.sub(rb"<" + _P, b"<" + prefix, want.group(0), count=1)
        have = _element(tail, name)
        if have is not None:
            rid = re.search(rb'\sr:id="[^"]*"', have.group(0))
            if rid is not None and b"r:id=" not in new:
                new = new[:-2].rstrip() + rid.group(0) + b"/>"
            tail = tail[: have.start()] + new + tail[have.end() :]
            continue
        later = _AFTER_PAGE_SETUP if name == "pageSetup" else ("pageSetup", *_AFTER_PAGE_SETUP)
        at = _insert_at(tail, later)
        tail = tail[:at] + new + tail[at:]
    if re.search(rb"<" + _P + rb"pageSetUpPr\b[^>]*fitToPage=\"(?:1|true)\"", template):
        head = _fit_to_page(head, prefix)
    return head, tail


def _fit_to_page(head: bytes, prefix: bytes) -> bytes:
    """``head`` with ``<sheetPr><pageSetUpPr fitToPage="1"/>`` (its other attributes kept)."""
    setup = re.search(rb"<" + _P + rb"pageSetUpPr\b[^>]*?/>", head)
    if setup is not None:
        element = setup.group(0)
        if re.search(rb'fitToPage="(?:1|true)"', element):
            return head
        element = re.sub(rb'\sfitToPage="[^"]*"', b"", element)
        element = element[:-2].rstrip() + b' fitToPage="1"/>'
        return head[: setup.start()] + element + head[setup.end() :]
    pr = re.search(rb"<" + _P + rb"sheetPr\b[^>]*?(/?)>", head)
    fit = b"<" + prefix + b'pageSetUpPr fitToPage="1"/>'
    if pr is None:
        root = re.search(rb"<" + _P + rb"worksheet\b[^>]*>", head)
        if root is None:
            return head
        element = b"<" + prefix + b"sheetPr>" + fit + b"</" + prefix + b"sheetPr>"
        return head[: root.end()] + element + head[root.end() :]
    if pr.group(1):  # <sheetPr .../>: open it
        opened = pr.group(0)[:-2].rstrip() + b">" + fit + b"</" + prefix + b"sheetPr>"
        return head[: pr.start()] + opened + head[pr.end() :]
    # <sheetPr> children: tabColor, outlinePr, pageSetUpPr, in that order: at its end.
    close = re.search(rb"</" + _P + rb"sheetPr>", head[pr.end() :])
    at = pr.end() + close.start() if close else pr.end()
    return head[:at] + fit + head[at:]


# The chart's title reference: which of the Dashboard's charts it is (its title cell).
_TITLE_REF = re.compile(
    rb"<" + _P + rb"title>\s*<" + _P + rb"tx>\s*<" + _P + rb"strRef>\s*<" + _P + rb"f>([^<]*)</"
)


def chart_title_cell(chart: bytes) -> tuple[str, str] | None:
    """(sheet, cell) the chart's title refers to ('Dashboard', 'A54'), None without one."""
    m = _TITLE_REF.search(chart)
    if m is None:
        return None
    sheet, _, cell = m.group(1).decode("utf-8", "replace").rpartition("!")
    return sheet.strip("'").replace("''", "'"), cell.replace("$", "")


@functools.cache
def template_charts(language: str) -> dict[str, bytes]:
    """The template's Dashboard charts by their title cell ('A54' → chart XML)."""
    from routekpi.io.template import build_workbook, workbook_bytes  # template imports io

    out = {}
    with zipfile.ZipFile(io.BytesIO(workbook_bytes(build_workbook(language)))) as zf:
        for name in zf.namelist():
            if name.startswith("xl/charts/") and name.endswith(".xml"):
                xml = zf.read(name)
                found = chart_title_cell(xml)
                if found is not None and schema.DASHBOARD.matches(found[0]):
                    out[found[1]] = xml
    return out


def with_sheet_name(chart: bytes, tab: str) -> bytes:
    """A template chart whose references name the Dashboard as ``tab`` (a renamed tab)."""
    if tab == schema.DASHBOARD.name:
        return chart
    quoted = "'" + escape(tab).replace("'", "''") + "'!"
    return re.sub(rb"(?<=>)'?Dashboard'?!", quoted.encode("utf-8"), chart)


# (template chart, the book's chart, Dashboard tab) → the template chart with what the last
# run set in the book's (render_dashboard.with_run_parts; passed in: io sits below render).
RunParts = Callable[[bytes, bytes, str], bytes]


def _refresh_outputs(
    pkg: _Package,
    sheets: Mapping[str, str],
    language: str,
    report: RepairReport,
    run_parts: RunParts | None = None,
) -> None:
    """The output sheets' page setup and the Dashboard's charts from the current template
    (with the run's own parts of each chart kept by ``run_parts``)."""
    package = template_package(language)
    for name, part in sheets.items():
        spec = schema.find_sheet(name)
        if spec is None or spec.name not in _OUTPUT_NAMES or not part or not pkg.has(part):
            continue
        template = package.get(spec.name)
        if template is None:
            continue
        xml = pkg.read(part)
        fresh = with_template_page_setup(xml, template)
        if fresh != xml:
            pkg.write(part, fresh)
            report.page_setup_sheets.append(name)
        if spec.name != schema.DASHBOARD.name:
            continue
        charts = template_charts(language)
        for _, kind, drawing in _relationships(pkg, part):
            if not kind.endswith("/drawing") or not pkg.has(drawing):
                continue
            for _, chart_kind, chart in _relationships(pkg, drawing):
                if not chart_kind.endswith("/chart") or not pkg.has(chart):
                    continue
                old = pkg.read(chart)
                found = chart_title_cell(old)
                if found is None or found[0] != name or found[1] not in charts:
                    continue  # not one of ours: the user's own chart stays
                new = with_sheet_name(charts[found[1]], name)
                if run_parts is not None:
                    new = run_parts(new, old, name)
                if new != old:
                    pkg.write(chart, new)
                    report.charts.append(chart)


# The sheet-level name that repeats rows and columns on every printed page.
_PRINT_TITLES = "_xlnm.Print_Titles"
_SCOPED_NAME = re.compile(r"<(\w+:)?definedName\b([^>]*)>[^<]*</(?:\w+:)?definedName>")


@functools.cache
def template_print_titles(language: str) -> dict[str, tuple[str, ...]]:
    """Each output sheet's repeated print rows and columns in the current template (as
    ``schema.PrintLayout`` declares them, ``dashboard_template.print_layout`` writes them),
    by tab name: ("$1:$1", "$A:$C") for the Matrix; sheets without any are not listed."""
    from routekpi.io.template import build_workbook, workbook_bytes  # template imports io

    with zipfile.ZipFile(io.BytesIO(workbook_bytes(build_workbook(language)))) as zf:
        xml = zf.read("xl/workbook.xml").decode("utf-8")
    tabs = [s.get("name", "") for s in ElementTree.fromstring(xml.encode()).iter(f"{_MAIN}sheet")]
    out: dict[str, tuple[str, ...]] = {}
    for m in _SCOPED_NAME.finditer(xml):
        attrs = m.group(2)
        local = re.search(r'\slocalSheetId="(\d+)"', attrs)
        if f'name="{_PRINT_TITLES}"' not in attrs or local is None:
            continue
        value = m.group(0)[m.group(0).index(">") + 1 : m.group(0).rindex("</")]
        ranges = tuple(part.rsplit("!", 1)[-1] for part in value.split(","))
        out[tabs[int(local.group(1))]] = ranges
    return out


def with_print_titles(workbook: bytes, titles: Mapping[int, tuple[str, str]]) -> bytes:
    """workbook.xml with each sheet's repeated print rows and columns set: ``titles`` maps a
    sheet's position (``localSheetId``) to (its tab name, the ranges "$1:$1,$A:$C"). A
    sheet's own ``_xlnm.Print_Titles`` is replaced; every other name stays as it is."""
    xml = workbook.decode("utf-8")
    left = dict(titles)

    def reference(tab: str, ranges: str) -> str:
        quoted = escape("'" + tab.replace("'", "''") + "'")
        return ",".join(f"{quoted}!{r}" for r in ranges.split(","))

    pieces: list[str] = []
    at = 0
    for m in _SCOPED_NAME.finditer(xml):
        attrs = m.group(2)
        local = re.search(r'\slocalSheetId="(\d+)"', attrs)
        if f'name="{_PRINT_TITLES}"' not in attrs or local is None:
            continue
        sheet = int(local.group(1))
        if sheet not in left:
            continue
        tab, ranges = left.pop(sheet)
        start = m.start() + m.group(0).index(">") + 1
        pieces += [xml[at:start], reference(tab, ranges)]
        at = m.start() + m.group(0).rindex("</")
    if pieces:
        xml = "".join([*pieces, xml[at:]])
    added = "".join(
        f'<definedName name="{_PRINT_TITLES}" localSheetId="{sheet}">'
        f"{reference(tab, ranges)}</definedName>"
        for sheet, (tab, ranges) in sorted(left.items())
    )
    return with_defined_names(xml, added)


def _print_titles(
    pkg: _Package, workbook: str, tabs: Sequence[str], language: str, report: RepairReport
) -> None:
    """The output sheets' repeated print rows and columns from the current template
    (``template_print_titles``), the workbook's sheets in ``tabs``' order (new ones last)."""
    template = template_print_titles(language)
    titles: dict[int, tuple[str, str]] = {}
    for position, tab in enumerate(tabs):
        spec = schema.find_sheet(tab)
        if spec is None or spec.name not in _OUTPUT_NAMES or spec.name not in template:
            continue
        titles[position] = (tab, ",".join(template[spec.name]))
    old = pkg.read(workbook)
    # A sheet whose titles already are the template's (spelled as Excel saves them:
    # unquoted, columns first) is left alone and not reported (review27).
    had = _print_title_ranges(old)
    titles = {
        at: (tab, ranges)
        for at, (tab, ranges) in titles.items()
        if had.get(at) != frozenset(ranges.split(","))
    }
    if not titles:
        return
    new = with_print_titles(old, titles)
    if new != old:
        pkg.write(workbook, new)
        report.print_title_sheets += [tab for tab, _ in titles.values()]


def _print_title_ranges(workbook_xml: bytes) -> dict[int, frozenset[str]]:
    """Each sheet position's repeated rows and columns as written (``$1:$1``, ``$A:$C``),
    its tab name left out however it is quoted (the names ``with_print_titles`` replaces)."""
    xml = workbook_xml.decode("utf-8")
    found: dict[int, frozenset[str]] = {}
    for m in _SCOPED_NAME.finditer(xml):
        local = re.search(r'\slocalSheetId="(\d+)"', m.group(2))
        if f'name="{_PRINT_TITLES}"' in m.group(2) and local is not None:
            text = m.group(0)[m.group(0).index(">") + 1 : m.group(0).rindex("</")]
            found[int(local.group(1))] = frozenset(p.rsplit("!", 1)[-1] for p in text.split(","))
    return found


# --------------------------------------------------------------------------- settings rows


@dataclass(frozen=True)
class TemplateSetting:
    """One Settings row as the current template writes it: label, value and help cells
    (each with its named style) and the value cell's data validation (its XML)."""

    name: str
    row: int
    cells: tuple[tuple[object, str], ...]  # (value, named style) for columns A, B, C
    validation: bytes | None


@functools.cache
def template_settings(language: str) -> dict[str, TemplateSetting]:
    """Every setting's row as the current template writes it, by setting name."""
    from routekpi.io.template import build_workbook  # template imports io

    ws = build_workbook(language)[schema.SETTINGS.name]
    sheet = template_package(language)[schema.SETTINGS.name]
    out: dict[str, TemplateSetting] = {}
    names = {n: cell_reference(d.attr_text) for n, d in ws.parent.defined_names.items()}
    for spec in schema.SETTING_SPECS:
        where = names.get(spec.name)
        if where is None:
            continue
        row = where[1]
        cells = [(ws.cell(row, col).value, str(ws.cell(row, col).style)) for col in (1, 2, 3)]
        if spec.name != "WorkingDays":
            # The value a book without the row was calculated with: the setting's default
            # (the template's PlanYear 2026 and Language are a new book's choices). The
            # template's WorkingDays is its default in the book's language (月-金 / Mon-Fri).
            cells[1] = (spec.default, cells[1][1])
        found = re.search(
            rb"<" + _P + rb"dataValidation\b[^>]*\ssqref=\"" + f"{where[2]}{row}".encode() + rb"\""
            rb".*?</" + _P + rb"dataValidation>",
            sheet,
            re.S,
        )
        validation = found.group(0) if found else None
        out[spec.name] = TemplateSetting(spec.name, row, tuple(cells), validation)
    return out


_ROW = re.compile(
    rb"<(" + _P + rb")row\b[^>]*?\sr=\"(\d+)\"[^>]*?(?:/>|>(.*?)</" + _P + rb"row>)", re.S
)


def _cell_xml(prefix: bytes, ref: str, value: object, style: int) -> bytes:
    """One ``<c>``: inline text, a number, or (None) the style alone."""
    s = f' s="{style}"' if style else ""
    p = prefix.decode()
    if value is None:
        return f'<{p}c r="{ref}"{s}/>'.encode()
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        body = escape(str(value))
        return (
            f'<{p}c r="{ref}"{s} t="inlineStr"><{p}is><{p}t>{body}</{p}t></{p}is></{p}c>'.encode()
        )
    return f'<{p}c r="{ref}"{s}><{p}v>{value!r}</{p}v></{p}c>'.encode()


def _occupied_rows(xml: bytes) -> dict[int, re.Match[bytes]]:
    """Each ``<row>`` element of the sheet by its number."""
    return {int(m.group(2)): m for m in _ROW.finditer(xml)}


def _with_rows(xml: bytes, rows: Mapping[int, bytes]) -> bytes:
    """``xml`` (a worksheet) with the cells ``rows`` (row → ``<c>`` elements of columns A-C)
    written into empty rows: an existing row element (styled cells, a height) keeps its
    attributes and its cells right of C; a missing one is created in row order."""
    prefix = _prefix(xml)
    for number in sorted(rows):
        cells = rows[number]
        existing = _occupied_rows(xml).get(number)
        if existing is not None:
            body = existing.group(3) or b""
            kept = [
                c.group(0)
                for c in re.finditer(
                    rb"<" + _P + rb"c\b[^>]*?\sr=\"([A-Z]+)\d+\"[^>]*?(?:/>|>.*?</" + _P + rb"c>)",
                    body,
                    re.S,
                )
                if column_number(c.group(1).decode()) > 3
            ]
            head = existing.group(0)[: existing.group(0).index(b">") + 1]
            head = re.sub(rb'\sspans="[^"]*"', b"", head)  # a hint Excel checks against its cells
            if head.endswith(b"/>"):
                head = head[:-2].rstrip() + b">"
            new = head + cells + b"".join(kept) + b"</" + existing.group(1) + b"row>"
            xml = xml[: existing.start()] + new + xml[existing.end() :]
            continue
        element = b"<" + prefix + f'row r="{number}">'.encode() + cells + b"</" + prefix + b"row>"
        later = next((m for n, m in sorted(_occupied_rows(xml).items()) if n > number), None)
        if later is not None:
            at = later.start()
        else:
            end = _SHEET_DATA_END.search(xml)
            if end is None:
                return xml
            if end.group(0).endswith(b"/>"):  # <sheetData/>: opened
                opened = b"<" + prefix + b"sheetData>" + element + b"</" + prefix + b"sheetData>"
                xml = xml[: end.start()] + opened + xml[end.end() :]
                continue
            at = end.start()
        xml = xml[:at] + element + xml[at:]
    return xml


def _with_dimension(xml: bytes, last_row: int) -> bytes:
    """``<dimension ref>`` stretched down to ``last_row`` (and at least to column C)."""
    m = re.search(rb"(<" + _P + rb"dimension\b[^>]*\sref=\")([^\"]*)(\")", xml)
    if m is None:
        return xml
    ref = m.group(2).decode()
    first, _, last = ref.partition(":")
    end = re.match(r"\$?([A-Z]+)\$?(\d+)", last or first)
    if end is None:
        return xml
    col = end.group(1) if column_number(end.group(1)) >= 3 else "C"
    row = max(int(end.group(2)), last_row)
    start = first if last else "A1"
    new = f"{start}:{col}{row}".encode()
    return xml[: m.start(2)] + new + xml[m.end(2) :]


# CT_Worksheet's elements after <dataValidations>: a missing one goes before the first present.
_AFTER_VALIDATIONS = ("hyperlinks", "printOptions", *_PAGE_ELEMENTS, *_AFTER_PAGE_SETUP)


def _with_validations(xml: bytes, added: list[bytes]) -> bytes:
    """``xml`` with the ``<dataValidation>`` elements ``added`` (unprefixed, as the template
    writes them) in its ``<dataValidations>`` (created in schema order when absent)."""
    if not added:
        return xml
    prefix = _prefix(xml)
    if prefix:
        added = [re.sub(rb"<(/?)(?=[A-Za-z])", rb"<\1" + prefix, a) for a in added]
    block = _element(xml, "dataValidations")
    if block is not None and not block.group(0).endswith(b"/>"):
        whole = block.group(0)
        close = whole.rindex(b"</")
        count = len(re.findall(rb"<" + _P + rb"dataValidation\b", whole)) + len(added)
        whole = whole[:close] + b"".join(added) + whole[close:]
        whole = re.sub(
            rb'(\scount=")\d+(")', rb"\g<1>" + str(count).encode() + rb"\g<2>", whole, count=1
        )
        return xml[: block.start()] + whole + xml[block.end() :]
    element = (
        b"<"
        + prefix
        + f'dataValidations count="{len(added)}">'.encode()
        + b"".join(added)
        + b"</"
        + prefix
        + b"dataValidations>"
    )
    if block is not None:  # <dataValidations/>
        return xml[: block.start()] + element + xml[block.end() :]
    at = _insert_at(xml, _AFTER_VALIDATIONS)
    return xml[:at] + element + xml[at:]


def _insert_at(xml: bytes, later: Sequence[str]) -> int:
    """Where an element goes in a worksheet's XML: before the first of the elements the
    schema orders after it (``later``), else before the closing tag (OOXML element order)."""
    for after in later:
        m = re.search(rb"<" + _P + after.encode() + rb"\b", xml)
        if m is not None:
            return m.start()
    return xml.rindex(b"</")


def _with_names(workbook: bytes, names: Mapping[str, str]) -> bytes:
    """workbook.xml with the workbook-level names ``names`` (name → reference), visible as
    the template's are; a name already there (a ``#REF!`` left by a deleted row) is pointed
    at its new cell."""
    xml = workbook.decode("utf-8")
    added = ""
    for name, ref in names.items():
        value = escape(ref)
        m = re.search(
            rf'(<(\w+:)?definedName\b(?![^>]*localSheetId)[^>]*\sname="{re.escape(name)}"[^>]*>)'
            rf"[^<]*(</(?:\w+:)?definedName>)",
            xml,
        )
        if m is not None:
            xml = xml[: m.end(1)] + value + xml[m.start(3) :]
        else:
            added += f'<definedName name="{name}">{value}</definedName>'
    return with_defined_names(xml, added)


def _add_settings(
    pkg: _Package,
    workbook: str,
    tab: str,
    part: str,
    names: Mapping[str, str],
    styles: Mapping[str, int],
    language: str,
    report: RepairReport,
) -> None:
    """The Settings rows a newer template added, written below the book's own settings
    with the template's label, default, help and validation: a setting whose named cell is
    missing (or points at a deleted cell) gets the first empty row under the last setting.
    No cell that holds anything is written, so no value the user typed changes."""
    template = template_settings(language)
    tabs = _sheet_names(pkg, workbook)
    have: dict[str, int] = {}
    missing: list[TemplateSetting] = []
    for spec in schema.SETTING_SPECS:
        where = cell_reference(names.get(spec.name, ""))
        if where is not None and where[0] in tabs:
            if where[0] == tab:
                have[spec.name] = where[1]
            continue
        if spec.name in template:
            missing.append(template[spec.name])
    if not missing:
        return
    xml = pkg.read(part)
    typed = read_cells(xml, _book_strings(pkg, workbook))
    taken = {c.row for c in typed}
    # A setting's own row still on the sheet, only its name lost (deleted or broken by a
    # tool): the name is pointed at it again, and the value typed there is read.
    labels = {
        normalize_label(c.shown): c.row
        for c in typed
        if c.col == 1 and c.is_text and c.row not in have.values()
    }
    relink: dict[str, str] = {}
    quoted = "'" + tab.replace("'", "''") + "'"
    for setting in list(missing):
        spec = schema.SETTINGS_BY_NAME[setting.name]
        at = next(
            (
                labels[key]
                for key in (normalize_label(spec.ja), normalize_label(spec.en))
                if key in labels
            ),
            None,
        )
        if at is not None:
            relink[setting.name] = f"{quoted}!$B${at}"
            report.settings_relinked.append((setting.name, str(setting.cells[0][0]), f"B{at}"))
            missing.remove(setting)
    if relink:
        pkg.write(workbook, _with_names(pkg.read(workbook), relink))
    if not missing:
        return
    row = max(
        [*have.values(), *(int(r.rpartition("$")[2]) for r in relink.values())],
        default=schema_first_row() - 1,
    )
    prefix = _prefix(xml)
    rows: dict[int, bytes] = {}
    validations: list[bytes] = []
    new_names: dict[str, str] = {}
    for setting in missing:
        row += 1
        while row in taken:
            row += 1
        cells = b"".join(
            _cell_xml(prefix, f"{letter}{row}", value, styles.get(style, 0))
            for letter, (value, style) in zip("ABC", setting.cells, strict=True)
        )
        rows[row] = cells
        if setting.validation is not None and not _validated(xml, row):
            validations.append(
                re.sub(
                    rb'\ssqref="[^"]*"', f' sqref="B{row}"'.encode(), setting.validation, count=1
                )
            )
        new_names[setting.name] = f"{quoted}!$B${row}"
        label, value, _ = (c[0] for c in setting.cells)
        report.settings_added.append((setting.name, str(label), value, f"B{row}"))
    xml = _with_rows(xml, rows)
    xml = _with_dimension(xml, max(rows))
    xml = _with_validations(xml, validations)
    pkg.write(part, xml)
    pkg.write(workbook, _with_names(pkg.read(workbook), new_names))


def _validated(xml: bytes, row: int) -> bool:
    """True when a validation of the sheet already covers cell B``row`` (a user's own over
    the whole column): a second one on the cell is not added."""
    for sqref in re.findall(rb"<" + _P + rb'dataValidation\b[^>]*\ssqref="([^"]*)"', xml):
        for area in sqref.decode().split():
            m = AREA_REF.match(area)
            if m is None:
                continue
            first_col, first_row = column_number(m.group(1)), int(m.group(2))
            last_col = column_number(m.group(3)) if m.group(3) else first_col
            last_row = int(m.group(4)) if m.group(4) else first_row
            if first_col <= 2 <= last_col and first_row <= row <= last_row:
                return True
    return False


def _book_strings(pkg: _Package, workbook: str) -> list[str]:
    """The book's shared strings (a cell typed in Excel points into them)."""
    for _, kind, target in _relationships(pkg, workbook):
        if kind.endswith("/sharedStrings") and pkg.has(target):
            return shared_strings(pkg.read(target))
    return []


def _sheet_names(pkg: _Package, workbook: str) -> set[str]:
    root = ElementTree.fromstring(pkg.read(workbook))
    return {s.get("name", "") for s in root.iter(f"{_MAIN}sheet")}


def schema_first_row() -> int:
    """The template's first setting row (the row a book without any setting starts at)."""
    from routekpi.io.template import SETTINGS_FIRST_ROW

    return SETTINGS_FIRST_ROW


def _book_styles(pkg: _Package, workbook: str, template_styles: bytes) -> dict[str, int]:
    """The book's named styles → cellXfs index, after the template's missing ones are merged
    in (as ``rewrite_workbook`` merges them: the same indexes)."""
    for _, kind, target in _relationships(pkg, workbook):
        if kind.endswith("/styles") and pkg.has(target):
            return style_index(merge_styles(pkg.read(target), template_styles).xml)
    return {}


# --------------------------------------------------------------------------- entry point


def _sheet_rows(rows: list[list[object]], header: bool) -> list[list[object]]:
    return [[Cell(v, "rk_header") for v in rows[0]], *rows[1:]] if header else rows


def repair_workbook(
    path: Path,
    *,
    out: Path | None = None,
    language: str = "ja",
    progress: Callable[[str], None] | None = None,
    run_parts: RunParts | None = None,
) -> RepairReport:
    """Re-embed the current VBA project, the button and xlwings.conf (see the module doc).

    ``run_parts`` keeps what a recalculation set in a Dashboard chart the template's replaces
    (the bridge's axis start, the titles' cached text); without it they go until the next run."""
    path = Path(path)
    target = Path(out) if out is not None else path
    report = RepairReport(target)
    with zipfile.ZipFile(path) as zf:
        pkg = _Package(zf)
        workbook = next(
            (t for _, kind, t in _relationships(pkg, "") if kind.endswith("/officeDocument")),
            "xl/workbook.xml",
        )
        wb_rels = _relationships(pkg, workbook)
        targets = {rid: t for rid, _, t in wb_rels}
        root = ElementTree.fromstring(pkg.read(workbook))
        sheets = {
            s.get("name", ""): targets.get(s.get(_R_ID, ""), "") for s in root.iter(f"{_MAIN}sheet")
        }
        # The VBA project: the current one replaces whatever is there (signatures too).
        dropped: list[str] = []
        vba = "xl/vbaProject.bin"
        for _, kind, part in wb_rels:
            if kind == REL_VBA_PROJECT:
                vba = part
                for _, sig_kind, sig in _relationships(pkg, part):
                    if _SIGNATURE.lower() in sig_kind.lower():
                        pkg.drop(sig)
                        dropped.append(sig)
                if pkg.has(_rels_path(part)):
                    pkg.drop(_rels_path(part))
        wb_code = _workbook_code_name(pkg, workbook)
        taken = {wb_code.lower()} | {m.name.lower() for m in vba_modules()}
        documents = [wb_code]
        for index, (name, part) in enumerate(sheets.items(), start=1):
            if not part or not pkg.has(part):
                continue
            code, added = _sheet_code_name(pkg, part, taken, index)
            taken.add(code.lower())
            documents.append(code)
            if added:
                report.code_names.append(f"{name}={code}")
        # xlwings.conf and output sheets the workbook lacks come from the template.
        package = template_package(language)
        contents: dict[str, SheetContent] = {}
        new_sheets: dict[str, bytes] = {}
        if not any(schema.XLWINGS_CONF.matches(n) for n in sheets):
            rows: list[list[object]] = [[k, v] for k, v in XLWINGS_CONF]
            rows += [[], [text("template.conf_note", language)]]
            contents[schema.XLWINGS_CONF.name] = SheetContent(rows=rows)
            new_sheets[schema.XLWINGS_CONF.name] = package[schema.XLWINGS_CONF.name]
        for spec in schema.OUTPUT_SHEETS:
            if any(spec.matches(n) for n in sheets) or spec.name not in package:
                continue
            columns = schema.OUTPUT_COLUMNS.get(spec.name, ())
            body = [[c.header(language) for c in columns], [text("template.placeholder", language)]]
            contents[spec.name] = SheetContent(
                rows=_sheet_rows(body, header=True), column_styles=[c.style for c in columns]
            )
            new_sheets[spec.name] = package[spec.name]
        # The named input sheets (the Reps sheet) a book older than them lacks: the header
        # alone, without the template's table (its part is not copied; a typed row is read
        # the same without one).
        for spec in schema.NAMED_INPUTS:
            if any(spec.matches(n) for n in sheets) or spec.name not in package:
                continue
            header = [c.header(language) for c in spec.columns if c.laid_out]
            contents[spec.name] = SheetContent(rows=_sheet_rows([header], header=True))
            new_sheets[spec.name] = _TABLE_PARTS.sub(b"", package[spec.name])
        # The output sheets the workbook has: the current page setup and Dashboard charts.
        _refresh_outputs(pkg, sheets, language, report, run_parts)
        # The sheets created below get code names (and document modules) too.
        for name in new_sheets:
            n = len(documents)
            while f"sheet{n}" in taken:
                n += 1
            taken.add(f"sheet{n}")
            documents.append(f"Sheet{n}")
            new_sheets[name] = _with_code_name(new_sheets[name], f"Sheet{n}")
        doc_modules = [
            VbaModule(
                d,
                f'Attribute VB_Base = "{WORKBOOK_BASE}"\n'
                if d == wb_code and d.lower() != "thisworkbook"
                else "",
                "document",
            )
            for d in documents
        ]
        modules = vba_modules()
        pkg.write(vba, build_vba_project([*doc_modules, *modules]))
        report.modules = [m.name for m in modules]
        if not any(kind == REL_VBA_PROJECT for _, kind, _ in wb_rels):
            _add_relationship(pkg, workbook, REL_VBA_PROJECT, vba)
        # The Settings tab (found by name, else where the KGI name points): the settings a
        # newer template added, then the button.
        names = _workbook_xml(path)[1]
        settings_tab = next((n for n in sheets if schema.SETTINGS.matches(n)), None)
        if settings_tab is None:  # a renamed Settings tab: where the KGI name points
            kgi = cell_reference(names.get("KGI", ""))
            settings_tab = kgi[0] if kgi is not None and kgi[0] in sheets else None
        if settings_tab is not None and sheets[settings_tab] and pkg.has(sheets[settings_tab]):
            styles = _book_styles(pkg, workbook, package["styles.xml"])
            part = sheets[settings_tab]
            _add_settings(pkg, workbook, settings_tab, part, names, styles, language, report)
        added_types = {vba: VBA_PROJECT_TYPE}
        if settings_tab is not None and sheets[settings_tab]:
            part = sheets[settings_tab]
            dropped += _remove_old_button(pkg, part, report)
            added_types[_add_button(pkg, part, settings_tab, language)] = VML_TYPE
            report.button_sheet = settings_tab
        _content_types(pkg, workbook, added_types, dropped)
        # The repeated print rows and columns (schema.PrintLayout) of the output sheets it
        # has and of those created (the new tabs go last: io.newsheets.add_sheets).
        _print_titles(pkg, workbook, [*sheets, *new_sheets], language, report)
    report.created_sheets = list(new_sheets)
    if progress:
        progress("write")
    rewrite_workbook(
        path,
        contents,
        dst=target,
        new_sheets=new_sheets,
        template_styles=package["styles.xml"],
        parts=pkg.edits,
        hidden_sheets={schema.XLWINGS_CONF.name},
    )
    return report


def workbook_language(path: Path) -> str:
    """The workbook's Language setting (ja when blank or unreadable)."""
    _, names = _workbook_xml(path)
    cell = cell_reference(names.get("Language", ""))
    if cell is None:
        return "ja"
    sheet, row, col = cell
    try:
        rows = calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet)
        value = rows.to_python(skip_empty_area=False)[row - 1][column_number(col) - 1]
    except Exception:  # calamine's own errors, or the cell lies outside the sheet's data
        return "ja"
    return language_of(value)
