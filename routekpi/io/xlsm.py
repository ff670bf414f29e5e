"""Turn an openpyxl-saved ``.xlsx`` into a macro-enabled ``.xlsm`` with form-control buttons.

What changes in the package (everything else is copied as it is):

* ``[Content_Types].xml``: the workbook part becomes ``macroEnabled.main+xml``; Defaults for
  ``bin`` (the VBA project) and ``vml`` (button drawings) are added when missing.
* ``xl/vbaProject.bin`` is added and related from the workbook part.
* ``workbookPr`` and every worksheet's ``sheetPr`` get a ``codeName`` (existing ones are
  kept), and a document module per code name is added to the VBA project: Excel expects
  the project's document modules to match the workbook's code names.
* Buttons are legacy form controls, written as Excel writes them: a VML drawing per sheet
  whose shapes carry ``<x:ClientData ObjectType="Button">`` with the cell anchor and the
  ``[0]!Macro`` binding, referenced by the sheet's ``<legacyDrawing>``.

XML is edited as text at exact element boundaries rather than re-serialised, so namespace
prefixes and everything the edit does not touch stay byte-for-byte as they were. The output
is deterministic: fixed timestamps, fixed member order, no host-specific zip attributes.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from xml.etree import ElementTree
from xml.sax.saxutils import escape, quoteattr

from routekpi.io.vba.project import WORKBOOK_BASE, VbaModule, build_vba_project

MACRO_WORKBOOK_TYPE = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
VBA_PROJECT_TYPE = "application/vnd.ms-office.vbaProject"
VML_TYPE = "application/vnd.openxmlformats-officedocument.vmlDrawing"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
# Microsoft's namespace, not the ECMA one: Excel and LibreOffice look for exactly this type.
REL_VBA_PROJECT = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
REL_VML = f"{_REL}/vmlDrawing"
_REL_OFFICE_DOCUMENT = f"{_REL}/officeDocument"
_REL_WORKSHEET = f"{_REL}/worksheet"
_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"

_FIXED_TIME = (1980, 1, 1, 0, 0, 0)
_MACRO = re.compile(r"[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)?")
# Worksheet children that must come after legacyDrawing (ECMA-376 CT_Worksheet order).
_AFTER_LEGACY_DRAWING = frozenset(
    {"legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls", "webPublishItems"}
    | {"tableParts", "extLst"}
)
# Default cell size in points (8.43-character columns, 15 pt rows): only the VML style
# box uses it; Excel and LibreOffice position the control by <x:Anchor>.
_COL_PT, _ROW_PT = 48.0, 15.0


@dataclass(frozen=True)
class Button:
    """A form-control button on ``sheet`` (tab name) that runs ``macro`` when clicked.

    ``anchor`` is (from_col, from_row, to_col, to_row), 0-based: the button's top-left
    corner sits at the top-left of cell (from_col, from_row) and its bottom-right corner at
    the top-left of cell (to_col, to_row), so (1, 1, 3, 3) covers B2:C3.
    """

    sheet: str
    macro: str
    text: str
    anchor: tuple[int, int, int, int]


# --- XML text editing ---------------------------------------------------------------------

_TOKEN = re.compile(
    r"<!--.*?-->|<\?.*?\?>|<!\[CDATA\[.*?\]\]>|<![^>]*>"
    r"|<(/?)([^\s/>]+)((?:[^>\"']|\"[^\"]*\"|'[^']*')*?)(/?)>",
    re.S,
)


@dataclass(frozen=True)
class _Element:
    """A child of the root: qualified name, span of the element and of its start tag."""

    qname: str
    start: int
    tag_end: int
    end: int

    @property
    def local(self) -> str:
        return self.qname.rpartition(":")[2]


def _root_children(xml: str) -> tuple[str, list[_Element]]:
    """The root's qualified name and its direct children, with character offsets."""
    root = ""
    depth = 0
    children: list[_Element] = []
    opened: tuple[str, int, int] | None = None
    for m in _TOKEN.finditer(xml):
        closing, name, _, self_closing = m.groups()
        if name is None:  # comment, processing instruction, CDATA, doctype
            continue
        if closing:
            depth -= 1
            if depth == 1 and opened:
                children.append(_Element(opened[0], opened[1], opened[2], m.end()))
                opened = None
            continue
        if depth == 0:
            root = name
        elif depth == 1:
            if self_closing:
                children.append(_Element(name, m.start(), m.end(), m.end()))
            else:
                opened = (name, m.start(), m.end())
        if not self_closing:
            depth += 1
    if not root:
        raise ValueError("not an XML document")
    return root, children


def _prefix(qname: str) -> str:
    return qname[: qname.index(":") + 1] if ":" in qname else ""


def _get_attr(xml: str, element: _Element, attr: str) -> str | None:
    tag = xml[element.start : element.tag_end]
    m = re.search(rf"\s{attr}\s*=\s*(\"([^\"]*)\"|'([^']*)')", tag)
    return None if m is None else (m.group(2) if m.group(2) is not None else m.group(3))


def _add_attr(xml: str, element: _Element, attr: str, value: str) -> str:
    """Insert ``attr="value"`` right after the element's name in its start tag."""
    at = element.start + 1 + len(element.qname)
    return xml[:at] + f" {attr}={quoteattr(value)}" + xml[at:]


def _insert_before_close(xml: str, root: str, fragment: str) -> str:
    close = xml.rindex(f"</{root}>")
    return xml[:close] + fragment + xml[close:]


# --- package helpers ------------------------------------------------------------------------


def _rels_path(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def _resolve(source_part: str, target: str) -> str:
    """The part name a relationship target points to (targets may be absolute)."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source_part), target))


def _relationships(parts: dict[str, bytes], part: str) -> list[tuple[str, str, str]]:
    """(Id, Type, target part) for each relationship of ``part``."""
    data = parts.get(_rels_path(part))
    if data is None:
        return []
    rels = ElementTree.fromstring(data)
    return [
        (r.get("Id", ""), r.get("Type", ""), _resolve(part, r.get("Target", "")))
        for r in rels.iter(f"{_NS_PKG_REL}Relationship")
        if r.get("TargetMode") != "External"
    ]


def _add_relationship(parts: dict[str, bytes], part: str, rel_type: str, target: str) -> str:
    """Relate ``part`` to ``target`` (a part name); return the new relationship Id."""
    path = _rels_path(part)
    xml = parts.get(path, b"").decode("utf-8") or (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        "</Relationships>"
    )
    taken = set(re.findall(r"\sId\s*=\s*[\"']([^\"']*)[\"']", xml))
    n = len(taken) + 1
    while f"rId{n}" in taken:
        n += 1
    rel_id = f"rId{n}"
    relative = posixpath.relpath(target, posixpath.dirname(part))
    entry = f"<Relationship Id={quoteattr(rel_id)} Type={quoteattr(rel_type)} "
    entry += f"Target={quoteattr(relative)}/>"
    root, _ = _root_children(xml)
    parts[path] = _insert_before_close(xml, root, entry).encode("utf-8")
    return rel_id


def _update_content_types(parts: dict[str, bytes], workbook: str, new_parts: list[str]) -> None:
    """Mark the workbook macro-enabled and give each new part (.bin, .vml) its type."""
    name = "[Content_Types].xml"
    xml = parts[name].decode("utf-8")
    root, children = _root_children(xml)
    defaults = {
        (_get_attr(xml, c, "Extension") or "").lower(): _get_attr(xml, c, "ContentType")
        for c in children
        if c.local == "Default"
    }
    for child in reversed(children):  # from the end, so earlier offsets stay valid
        if child.local == "Override" and _get_attr(xml, child, "PartName") == f"/{workbook}":
            tag = xml[child.start : child.tag_end]
            new_tag = re.sub(
                r"(\sContentType\s*=\s*)(\"[^\"]*\"|'[^']*')",
                lambda m: m.group(1) + quoteattr(MACRO_WORKBOOK_TYPE),
                tag,
            )
            xml = xml[: child.start] + new_tag + xml[child.tag_end :]
            break
    else:
        raise ValueError(f"[Content_Types].xml has no Override for /{workbook}")
    prefix = _prefix(root)
    added = ""
    for part in new_parts:
        ext = part.rpartition(".")[2].lower()
        ctype = VBA_PROJECT_TYPE if ext == "bin" else VML_TYPE
        if ext not in defaults:
            defaults[ext] = ctype
            added += f'<{prefix}Default Extension="{ext}" ContentType="{ctype}"/>'
        elif defaults[ext] != ctype:  # e.g. "bin" already taken by printer settings
            added += f'<{prefix}Override PartName="/{part}" ContentType="{ctype}"/>'
    # Defaults first, as Office writes them (the schema allows any order).
    at = _root_children(xml)[1][0].start if children else xml.rindex(f"</{root}>")
    parts[name] = (xml[:at] + added + xml[at:]).encode("utf-8")


# --- code names -----------------------------------------------------------------------------


def _set_workbook_code_name(xml: str) -> tuple[str, str]:
    """Ensure ``workbookPr/@codeName``; return the new XML and the code name."""
    root, children = _root_children(xml)
    pr = next((c for c in children if c.local == "workbookPr"), None)
    if pr is not None:
        existing = _get_attr(xml, pr, "codeName")
        if existing:
            return xml, existing
        return _add_attr(xml, pr, "codeName", "ThisWorkbook"), "ThisWorkbook"
    # CT_Workbook order: fileVersion, fileSharing, workbookPr, ...
    before = [c for c in children if c.local in ("fileVersion", "fileSharing")]
    at = before[-1].end if before else (children[0].start if children else xml.rindex("</"))
    element = f'<{_prefix(root)}workbookPr codeName="ThisWorkbook"/>'
    return xml[:at] + element + xml[at:], "ThisWorkbook"


def _sheet_code_name(xml: str) -> str | None:
    _, children = _root_children(xml)
    pr = next((c for c in children if c.local == "sheetPr"), None)
    return None if pr is None else _get_attr(xml, pr, "codeName")


def _set_sheet_code_name(xml: str, code_name: str) -> str:
    root, children = _root_children(xml)
    pr = next((c for c in children if c.local == "sheetPr"), None)
    if pr is not None:
        return _add_attr(xml, pr, "codeName", code_name)
    at = children[0].start if children else xml.rindex(f"</{root}>")
    return xml[:at] + f"<{_prefix(root)}sheetPr codeName={quoteattr(code_name)}/>" + xml[at:]


# --- buttons --------------------------------------------------------------------------------


def _check_button(button: Button, modules: Sequence[VbaModule]) -> None:
    if not _MACRO.fullmatch(button.macro):
        raise ValueError(f"button macro must be Name or Module.Name: {button.macro!r}")
    from_col, from_row, to_col, to_row = button.anchor
    if min(button.anchor) < 0 or to_col <= from_col or to_row <= from_row:
        raise ValueError(
            f"button anchor must be (from_col, from_row, to_col, to_row) with "
            f"0 <= from < to: {button.anchor!r}"
        )
    module_name, _, proc = button.macro.rpartition(".")
    sub = re.compile(rf"^[ \t]*(?:Public[ \t]+)?Sub[ \t]+{re.escape(proc)}\b", re.I | re.M)
    for m in modules:
        in_module = not module_name or m.name.lower() == module_name.lower()
        if m.kind == "standard" and in_module and sub.search(m.code):
            return
    raise ValueError(f"button macro {button.macro!r}: no public Sub of that name in the modules")


def _vml_drawing(buttons: Sequence[Button], idmap: int) -> bytes:
    """A VML drawing with one form-control button shape per button, as Excel writes it."""
    shapes = []
    for n, b in enumerate(buttons, start=1):
        from_col, from_row, to_col, to_row = b.anchor
        style = (
            f"position:absolute;margin-left:{from_col * _COL_PT:g}pt;"
            f"margin-top:{from_row * _ROW_PT:g}pt;width:{(to_col - from_col) * _COL_PT:g}pt;"
            f"height:{(to_row - from_row) * _ROW_PT:g}pt;z-index:{n};mso-wrap-style:tight"
        )
        shapes.append(
            f'<v:shape id="_x0000_s{idmap * 1024 + n}" type="#_x0000_t201" style="{style}"'
            ' o:button="t" fillcolor="buttonFace [67]" strokecolor="windowText [64]"'
            ' o:insetmode="auto">'
            '<v:fill color2="buttonFace [67]" o:detectmouseclick="t"/>'
            '<o:lock v:ext="edit" rotation="t"/>'
            '<v:textbox style="mso-direction-alt:auto" o:singleclick="f">'
            '<div style="text-align:center">'
            f'<font face="Calibri" size="220" color="#000000">{escape(b.text)}</font>'
            "</div></v:textbox>"
            '<x:ClientData ObjectType="Button">'
            f"<x:Anchor>{from_col}, 0, {from_row}, 0, {to_col}, 0, {to_row}, 0</x:Anchor>"
            "<x:PrintObject>False</x:PrintObject>"
            "<x:AutoFill>False</x:AutoFill>"
            f"<x:FmlaMacro>[0]!{b.macro}</x:FmlaMacro>"
            "<x:TextHAlign>Center</x:TextHAlign>"
            "<x:TextVAlign>Center</x:TextVAlign>"
            "</x:ClientData></v:shape>"
        )
    return (
        '<xml xmlns:v="urn:schemas-microsoft-com:vml"'
        ' xmlns:o="urn:schemas-microsoft-com:office:office"'
        ' xmlns:x="urn:schemas-microsoft-com:office:excel">'
        f'<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="{idmap}"/></o:shapelayout>'
        '<v:shapetype id="_x0000_t201" coordsize="21600,21600" o:spt="201"'
        ' path="m,l,21600r21600,l21600,xe">'
        '<v:stroke joinstyle="miter"/>'
        '<v:path shadowok="f" o:extrusionok="f" strokeok="f" fillok="f" o:connecttype="rect"/>'
        '<o:lock v:ext="edit" shapetype="t"/>'
        "</v:shapetype>" + "".join(shapes) + "</xml>"
    ).encode("utf-8")


def _used_idmaps(parts: dict[str, bytes]) -> set[int]:
    """VML shape-id blocks already claimed by other drawings (e.g. openpyxl's comments)."""
    used: set[int] = set()
    for name, data in parts.items():
        if name.lower().endswith(".vml"):
            for value in re.findall(rb"idmap[^>]*?data\s*=\s*[\"']([^\"']*)[\"']", data):
                used.update(int(x) for x in re.findall(rb"\d+", value))
    return used


def _insert_legacy_drawing(xml: str, sheet: str, rel_id: str) -> str:
    root, children = _root_children(xml)
    if any(c.local == "legacyDrawing" for c in children):
        raise ValueError(
            f"sheet {sheet!r} already has a legacy drawing (cell comments); "
            "buttons cannot be added to it"
        )
    after = next((c for c in children if c.local in _AFTER_LEGACY_DRAWING), None)
    at = after.start if after else xml.rindex(f"</{root}>")
    element = f'<{_prefix(root)}legacyDrawing xmlns:r="{_REL}" r:id="{rel_id}"/>'
    return xml[:at] + element + xml[at:]


# --- the package ----------------------------------------------------------------------------


def _write_zip(parts: dict[str, bytes], order: list[str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0  # MS-DOS: no host-specific permission bits
            info.external_attr = 0
            z.writestr(info, parts[name])
    return out.getvalue()


def make_xlsm(
    xlsx: bytes,
    modules: Sequence[VbaModule],
    buttons: Sequence[Button] = (),
    *,
    codepage: int = 1252,
) -> bytes:
    """Return ``.xlsm`` bytes: ``xlsx`` plus a VBA project holding ``modules`` and buttons.

    ``modules`` are standard and class modules; a document module is added for the workbook
    and each worksheet (pass a ``kind="document"`` module with the same code name, e.g.
    ``ThisWorkbook``, to give it event code). Raises ValueError when the workbook already
    has a VBA project, a button's sheet is unknown or already has comments, or a button's
    macro is not a public Sub of a standard module. ``codepage`` is the VBA project's
    code page (see ``build_vba_project``): 932 lets modules hold Japanese string literals.
    """
    with zipfile.ZipFile(io.BytesIO(xlsx)) as z:
        original = [i.filename for i in z.infolist() if not i.is_dir()]
        parts = {name: z.read(name) for name in original}
    if "[Content_Types].xml" not in parts:
        raise ValueError("not an OOXML package: [Content_Types].xml is missing")
    workbook = next(
        (t for _, kind, t in _relationships(parts, "") if kind == _REL_OFFICE_DOCUMENT), None
    )
    if workbook is None or workbook not in parts:
        raise ValueError("no workbook part found (missing officeDocument relationship)")
    wb_rels = _relationships(parts, workbook)
    if any(kind == REL_VBA_PROJECT for _, kind, _ in wb_rels):
        raise ValueError("the workbook already contains a VBA project")

    # Code names: keep existing ones, give the rest ThisWorkbook / SheetN.
    wb_xml, wb_code = _set_workbook_code_name(parts[workbook].decode("utf-8"))
    parts[workbook] = wb_xml.encode("utf-8")
    targets = {rid: (kind, target) for rid, kind, target in wb_rels}
    sheets: dict[str, str] = {}  # tab name -> worksheet part
    r_id = f"{{{_REL}}}id"
    for sheet in ElementTree.fromstring(parts[workbook]).iter(f"{_NS_MAIN}sheet"):
        kind, target = targets.get(sheet.get(r_id, ""), ("", ""))
        if kind == _REL_WORKSHEET and target in parts:
            sheets[sheet.get("name", "")] = target
    code_names = {p: _sheet_code_name(parts[p].decode("utf-8")) for p in sheets.values()}
    taken = {wb_code.lower()} | {c.lower() for c in code_names.values() if c}
    taken |= {m.name.lower() for m in modules if m.kind != "document"}
    doc_names = [wb_code]
    for index, part in enumerate(sheets.values(), start=1):
        code = code_names[part]
        if not code:
            n = index
            while f"sheet{n}" in taken:
                n += 1
            code = f"Sheet{n}"
            taken.add(code.lower())
            parts[part] = _set_sheet_code_name(parts[part].decode("utf-8"), code).encode("utf-8")
        doc_names.append(code)

    # Document modules first (as Excel lists them), with the caller's code where given.
    given = {m.name.lower(): m for m in modules if m.kind == "document"}
    unknown = set(given) - {d.lower() for d in doc_names}
    if unknown:
        raise ValueError(f"document modules {sorted(unknown)} match no workbook/sheet code name")
    documents = []
    for name in doc_names:
        code = given[name.lower()].code if name.lower() in given else ""
        if name == wb_code and name.lower() != "thisworkbook" and "VB_Base" not in code:
            code = f'Attribute VB_Base = "{WORKBOOK_BASE}"\n' + code  # localized code name
        documents.append(VbaModule(name, code, "document"))
    all_modules = documents + [m for m in modules if m.kind != "document"]
    parts["xl/vbaProject.bin"] = build_vba_project(all_modules, codepage=codepage)
    _add_relationship(parts, workbook, REL_VBA_PROJECT, "xl/vbaProject.bin")

    # Buttons: one VML drawing per sheet.
    by_sheet: dict[str, list[Button]] = {}
    for button in buttons:
        if button.sheet not in sheets:
            raise ValueError(f"button sheet {button.sheet!r} is not a worksheet of the workbook")
        _check_button(button, all_modules)
        by_sheet.setdefault(button.sheet, []).append(button)
    idmap = max(_used_idmaps(parts), default=0)
    new_parts = ["xl/vbaProject.bin"]
    for sheet_name, sheet_buttons in by_sheet.items():
        part = sheets[sheet_name]
        idmap += 1
        n = 1
        while f"xl/drawings/vmlDrawing{n}.vml" in parts:
            n += 1
        vml = f"xl/drawings/vmlDrawing{n}.vml"
        parts[vml] = _vml_drawing(sheet_buttons, idmap)
        new_parts.append(vml)
        rel_id = _add_relationship(parts, part, REL_VML, vml)
        xml = _insert_legacy_drawing(parts[part].decode("utf-8"), sheet_name, rel_id)
        parts[part] = xml.encode("utf-8")

    _update_content_types(parts, workbook, new_parts)
    order = ["[Content_Types].xml"] + [n for n in original if n != "[Content_Types].xml"]
    order += sorted(set(parts) - set(order))
    return _write_zip(parts, order)
