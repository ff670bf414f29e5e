"""Add worksheets and named cell styles to an existing workbook package, as XML text edits.

A workbook built by another program (pandas, XlsxWriter, a copy with the output tabs
deleted) lacks routekpi's output sheets and its named cell styles (``rk_date``…). Both come
from the template's own definitions: :func:`template_package` lays the template out with
openpyxl (no VBA) and each missing sheet is that sheet's XML — column widths, frozen header,
conditional formatting — with its style references moved into the workbook's ``styles.xml``.

Every edit is made on the XML text at element boundaries, so namespace prefixes,
``mc:Ignorable`` lists and everything not touched stay exactly as the other program wrote
them (re-serialising with ElementTree would rename prefixes, which Excel rejects).
"""

from __future__ import annotations

import functools
import io
import posixpath
import re
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from defusedxml import ElementTree


def escape(data: str, entities: Mapping[str, str] | None = None) -> str:
    """``xml.sax.saxutils.escape``: &, < and > (then ``entities``) as XML entities.

    Here rather than imported: xml.sax.saxutils brings urllib.request, http.client and ssl
    along (~20 ms of every recalculation's start).
    """
    data = data.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
    for char, entity in (entities or {}).items():
        data = data.replace(char, entity)
    return data


WORKSHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
REL_WORKSHEET = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
# CT_Stylesheet child order: a section that is missing is created before the next present one.
_STYLE_SECTIONS = (
    "numFmts",
    "fonts",
    "fills",
    "borders",
    "cellStyleXfs",
    "cellXfs",
    "cellStyles",
    "dxfs",
    "tableStyles",
    "colors",
    "extLst",
)
_CHILD = {
    "numFmts": "numFmt",
    "fonts": "font",
    "fills": "fill",
    "borders": "border",
    "cellStyleXfs": "xf",
    "cellXfs": "xf",
    "cellStyles": "cellStyle",
    "dxfs": "dxf",
}


@functools.cache
def template_package(language: str) -> dict[str, bytes]:
    """``styles.xml`` and each template sheet's XML by tab name (``"Plan"`` → bytes)."""
    from routekpi.io.template import build_workbook, workbook_bytes  # template imports io

    with zipfile.ZipFile(io.BytesIO(workbook_bytes(build_workbook(language)))) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    rels = ElementTree.fromstring(parts["xl/_rels/workbook.xml.rels"])
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    out = {"styles.xml": parts["xl/styles.xml"]}
    for sheet in ElementTree.fromstring(parts["xl/workbook.xml"]).iter(f"{_MAIN}sheet"):
        target = targets[sheet.get(f"{{{_REL_NS}}}id")]
        part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        out[sheet.get("name", "")] = parts[posixpath.normpath(part)]
    return out


# --------------------------------------------------------------------------- XML text helpers


def _attr(tag: str, name: str) -> str | None:
    m = re.search(rf'\s{name}\s*=\s*"([^"]*)"', tag)
    return m.group(1) if m else None


def _set_attr(fragment: str, name: str, value: object) -> str:
    """``fragment`` with the start tag's attribute ``name`` set (added when absent)."""
    end = fragment.index(">")
    tag = fragment[:end]
    if _attr(tag, name) is not None:
        tag = re.sub(rf'(\s{name}\s*=\s*")[^"]*(")', rf"\g<1>{value}\g<2>", tag, count=1)
    else:
        tag = tag.rstrip("/") + f' {name}="{value}"' + ("/" if tag.endswith("/") else "")
    return tag + fragment[end:]


def _section(xml: str, section: str) -> re.Match[str] | None:
    return re.search(rf"<{section}\b[^>]*?(/?)>", xml)


def children(xml: str, section: str) -> list[str]:
    """The raw text of each child element of a styles section, in order."""
    m = _section(xml, section)
    if m is None or m.group(1):
        return []
    close = xml.index(f"</{section}>", m.end())
    child = _CHILD[section]
    pattern = rf"<{child}\b[^>]*?/>|<{child}\b[^>]*?[^/]>.*?</{child}>|<{child}>.*?</{child}>"
    return re.findall(pattern, xml[m.end() : close], re.S)


def append_children(xml: str, section: str, fragments: Sequence[str]) -> tuple[str, int]:
    """Append child elements to a styles section (created if missing); (xml, first index)."""
    if not fragments:
        return xml, len(children(xml, section))
    m = _section(xml, section)
    if m is None:
        later = _STYLE_SECTIONS[_STYLE_SECTIONS.index(section) + 1 :]
        at = min(
            (found.start() for s in later if (found := _section(xml, s)) is not None),
            default=xml.rindex("</styleSheet>"),
        )
        element = f'<{section} count="{len(fragments)}">{"".join(fragments)}</{section}>'
        return xml[:at] + element + xml[at:], 0
    first = len(children(xml, section))
    if m.group(1):  # <dxfs count="0"/>
        element = f"<{section}>{''.join(fragments)}</{section}>"
        xml = xml[: m.start()] + element + xml[m.end() :]
        m = _section(xml, section)
        assert m is not None
    else:
        close = xml.index(f"</{section}>", m.end())
        xml = xml[:close] + "".join(fragments) + xml[close:]
    tag = _set_attr(xml[m.start() : m.end()], "count", first + len(fragments))
    return xml[: m.start()] + tag + xml[m.end() :], first


# --------------------------------------------------------------------------- styles


@dataclass
class StyleMerge:
    """The workbook's styles.xml after the merge, and how template indexes map into it."""

    xml: bytes
    cell_xfs: dict[int, int] = field(default_factory=dict)  # template cellXfs → workbook's
    dxfs: dict[int, int] = field(default_factory=dict)  # template dxfId → workbook's


def _style_names(xml: str) -> dict[str, int]:
    """Named cell style → its cellStyleXfs index."""
    names: dict[str, int] = {}
    for frag in children(xml, "cellStyles"):
        name, xf = _attr(frag, "name"), _attr(frag, "xfId")
        if name is not None and xf is not None:
            names.setdefault(name, int(xf))
    return names


def has_styles(styles: bytes, names: Sequence[str]) -> bool:
    """True when ``styles`` defines each named cell style and a cell format uses each one.

    Then ``merge_styles`` without dxfs would leave it unchanged for a template whose named
    styles are ``names``, so a writer can skip building the template at all.
    """
    xml = styles.decode("utf-8", errors="replace")
    have = _style_names(xml)
    used = {int(_attr(f, "xfId") or 0) for f in children(xml, "cellXfs")}
    return all(name in have and have[name] in used for name in names)


def merge_styles(styles: bytes, template: bytes, *, with_dxfs: bool = False) -> StyleMerge:
    """Copy the template's named cell styles the workbook lacks (with their fonts, fills,
    borders and number formats) into ``styles``; with ``with_dxfs`` also the template's
    conditional-format styles. Styles the workbook has are used as they are."""
    xml, tpl = styles.decode("utf-8"), template.decode("utf-8")
    if re.search(r"<\w+:styleSheet\b", xml):  # a prefixed stylesheet: leave it alone
        return StyleMerge(styles)
    have, want = _style_names(xml), _style_names(tpl)
    tpl_xfs, tpl_cell_xfs = children(tpl, "cellStyleXfs"), children(tpl, "cellXfs")
    formats = {_attr(f, "numFmtId"): _attr(f, "formatCode") for f in children(tpl, "numFmts")}
    pieces = {s: children(tpl, s) for s in ("fonts", "fills", "borders")}
    by_style: dict[int, int] = {}  # template style xf → workbook style xf
    for name, tpl_xf in want.items():
        if name in have:
            by_style[tpl_xf] = have[name]
            continue
        frag = tpl_xfs[tpl_xf]
        for section, attr in (("fonts", "fontId"), ("fills", "fillId"), ("borders", "borderId")):
            xml, index = append_children(
                xml, section, [pieces[section][int(_attr(frag, attr) or 0)]]
            )
            frag = _set_attr(frag, attr, index)
        fmt = _attr(frag, "numFmtId") or "0"
        if int(fmt) >= 164:  # a custom format: reuse the workbook's id for the same code
            code = formats[fmt]
            existing = {
                _attr(f, "formatCode"): _attr(f, "numFmtId") for f in children(xml, "numFmts")
            }
            new_id = existing.get(code)
            if new_id is None:
                used = [int(i or 0) for i in existing.values()]
                new_id = str(max([163, *used]) + 1)
                xml, _ = append_children(
                    xml, "numFmts", [f'<numFmt numFmtId="{new_id}" formatCode="{code}"/>']
                )
            frag = _set_attr(frag, "numFmtId", new_id)
        xml, style_xf = append_children(xml, "cellStyleXfs", [frag])
        xml, _ = append_children(
            xml, "cellStyles", [f'<cellStyle name="{escape(name)}" xfId="{style_xf}"/>']
        )
        by_style[tpl_xf] = style_xf
        have[name] = style_xf
    # Each template cell format becomes the workbook's first cell format of the same style.
    first_xf: dict[int, int] = {}
    for i, frag in enumerate(children(xml, "cellXfs")):
        first_xf.setdefault(int(_attr(frag, "xfId") or 0), i)
    cell_xfs: dict[int, int] = {}
    for i, frag in enumerate(tpl_cell_xfs):
        style_xf = by_style.get(int(_attr(frag, "xfId") or 0), 0)
        if style_xf not in first_xf:
            new = _set_attr(frag, "xfId", style_xf)
            ref = children(xml, "cellStyleXfs")[style_xf]
            for attr in ("numFmtId", "fontId", "fillId", "borderId"):
                new = _set_attr(new, attr, _attr(ref, attr) or 0)
            xml, first_xf[style_xf] = append_children(xml, "cellXfs", [new])
        cell_xfs[i] = first_xf[style_xf]
    dxfs: dict[int, int] = {}
    if with_dxfs:
        tpl_dxfs = children(tpl, "dxfs")
        xml, first = append_children(xml, "dxfs", tpl_dxfs)
        dxfs = {i: first + i for i in range(len(tpl_dxfs))}
    return StyleMerge(xml.encode("utf-8"), cell_xfs, dxfs)


# --------------------------------------------------------------------------- sheets


def sheet_skeleton(template_sheet: bytes, merge: StyleMerge) -> bytes:
    """A template sheet's XML for another workbook: no tab selection, its conditional
    formats pointing at the workbook's copies of the template's dxfs, no cell data."""
    xml = template_sheet.decode("utf-8")
    xml = re.sub(r'\stabSelected="[^"]*"', "", xml)
    xml = re.sub(
        r'(\sdxfId=")(\d+)(")', lambda m: f"{m[1]}{merge.dxfs.get(int(m[2]), m[2])}{m[3]}", xml
    )
    xml = re.sub(r"<sheetData\b.*?</sheetData>|<sheetData\s*/>", "<sheetData/>", xml, flags=re.S)
    return xml.encode("utf-8")


@dataclass
class NewSheet:
    """A worksheet to create: tab name, zip member, its relationship id and sheetId."""

    name: str
    member: str
    sheet_id: str


def add_sheets(
    read: Callable[[str], bytes],
    members: set[str],
    wb_part: str,
    names: Sequence[str],
    *,
    hidden: Mapping[str, bool] | None = None,
) -> tuple[dict[str, bytes], list[NewSheet]]:
    """Register new worksheets after the last tab: workbook.xml, its rels, content types.

    ``read(member)`` returns a part's current bytes; returns the replaced parts and the
    sheets (their parts are the caller's to write). New tabs go last, so the sheet indexes
    that sheet-scoped names (``localSheetId``) refer to stay valid.
    """
    folded = {m.casefold() for m in members}
    rels_part = posixpath.join(posixpath.dirname(wb_part), "_rels", posixpath.basename(wb_part))
    rels_part += ".rels"
    wb = read(wb_part).decode("utf-8")
    rels = read(rels_part).decode("utf-8")
    types = read("[Content_Types].xml").decode("utf-8")
    ids = {int(i) for i in re.findall(r'\ssheetId="(\d+)"', wb)}
    rel_ids = set(re.findall(r'\sId="([^"]*)"', rels))
    prefix_m = re.search(r'xmlns:(\w+)="' + re.escape(_REL_NS) + '"', wb)
    created: list[NewSheet] = []
    n = 1
    for name in names:
        while f"xl/worksheets/sheet{n}.xml".casefold() in folded:
            n += 1
        member = f"xl/worksheets/sheet{n}.xml"
        folded.add(member.casefold())
        sheet_id = max(ids, default=0) + 1
        ids.add(sheet_id)
        k = len(rel_ids) + 1
        while f"rId{k}" in rel_ids:
            k += 1
        rel_id = f"rId{k}"
        rel_ids.add(rel_id)
        target = posixpath.relpath(member, posixpath.dirname(wb_part) or ".")
        close = re.search(r"</(\w+:)?sheets>", wb)
        if close is None:
            raise ValueError(f"{wb_part} has no <sheets>")
        el = close.group(1) or ""
        r_attr = f"{prefix_m.group(1)}:id" if prefix_m else f'xmlns:rr="{_REL_NS}" rr:id'
        state = ' state="hidden"' if (hidden or {}).get(name) else ""
        sheet = f'<{el}sheet name="{escape(name, {chr(34): "&quot;"})}" sheetId="{sheet_id}"'
        sheet += f'{state} {r_attr}="{rel_id}"/>'
        wb = wb[: close.start()] + sheet + wb[close.start() :]
        at = rels.rindex("</Relationships>")
        rel = f'<Relationship Id="{rel_id}" Type="{REL_WORKSHEET}" Target="{target}"/>'
        rels = rels[:at] + rel + rels[at:]
        at = types.rindex("</Types>")
        types = (
            types[:at]
            + f'<Override PartName="/{member}" ContentType="{WORKSHEET_TYPE}"/>'
            + types[at:]
        )
        created.append(NewSheet(name, member, str(sheet_id)))
    replaced = {
        wb_part: wb.encode("utf-8"),
        rels_part: rels.encode("utf-8"),
        "[Content_Types].xml": types.encode("utf-8"),
    }
    return replaced, created


_CALC_PR = re.compile(r"<(\w+:)?calcPr\b[^>]*?/?>")


def recalc_on_open(workbook_xml: bytes) -> bytes:
    """workbook.xml with ``<calcPr fullCalcOnLoad="1">``: Excel and LibreOffice recalculate
    every formula when the file is opened (user formulas that read the output sheets)."""
    xml = workbook_xml.decode("utf-8")
    m = _CALC_PR.search(xml)
    if m is not None:
        if _attr(m.group(0), "fullCalcOnLoad") in ("1", "true"):
            return workbook_xml
        tag = m.group(0)
        closing = "/>" if tag.endswith("/>") else ">"
        body = tag[: -len(closing)].rstrip()
        new = re.sub(r'\sfullCalcOnLoad="[^"]*"', "", body) + ' fullCalcOnLoad="1"' + closing
        return (xml[: m.start()] + new + xml[m.end() :]).encode("utf-8")
    # CT_Workbook order: … definedNames, calcPr, oleSize, … extLst
    for after in ("definedNames", "sheets"):
        close = re.search(rf"</(\w+:)?{after}>", xml)
        if close is not None:
            prefix = close.group(1) or ""
            at = close.end()
            return (xml[:at] + f'<{prefix}calcPr fullCalcOnLoad="1"/>' + xml[at:]).encode("utf-8")
    return workbook_xml


# A workbook-level or sheet-level <definedName …>reference</definedName> (group 2: its
# attributes); a name's reference never holds "<".
_DEFINED_NAME = re.compile(r"<(\w+:)?definedName\b([^>]*)>[^<]*</(?:\w+:)?definedName>")
_NAME_ATTR = re.compile(r'\sname="([^"]*)"')


def _defined_name(prefix: str, name: str, value: str) -> str:
    return f'<{prefix}definedName name="{name}" hidden="1">{value}</{prefix}definedName>'


def set_defined_names(workbook_xml: bytes, names: Mapping[str, str]) -> bytes:
    """workbook.xml with hidden workbook-level names set to ``names`` (name → reference);
    existing names of the same name are replaced, every other name is left as it is."""
    xml = workbook_xml.decode("utf-8")
    # One scan for the workbook-level names already there, the first of each name (a regex
    # per name cost a compile and a whole-file search each: ~20 names every recalculation).
    found: dict[str, re.Match[str]] = {}
    for m in _DEFINED_NAME.finditer(xml):
        attrs = m.group(2)
        if "localSheetId" in attrs:
            continue
        for name in _NAME_ATTR.findall(attrs):
            if name in names and name not in found:
                found[name] = m
                break  # one element replaces one name
    added = ""
    pieces: list[str] = []
    at = 0
    for name, m in sorted(found.items(), key=lambda item: item[1].start()):
        prefix = m.group(1) or ""
        value = escape(names[name])
        pieces += [xml[at : m.start()], _defined_name(prefix, name, value)]
        at = m.end()
    if pieces:
        xml = "".join([*pieces, xml[at:]])
    for name, ref in names.items():
        if name not in found:
            added += _defined_name("", name, escape(ref))
    return with_defined_names(xml, added)


def with_defined_names(xml: str, added: str) -> bytes:
    """workbook.xml (``xml``) with the ``<definedName>`` elements ``added`` written into its
    ``definedNames`` (made where there is none, in CT_Workbook's element order), in the
    namespace prefix the file uses."""
    if not added:
        return xml.encode("utf-8")
    close = re.search(r"</(\w+:)?definedNames>", xml)
    if close is not None:
        prefix = close.group(1) or ""
        added = added.replace("<definedName", f"<{prefix}definedName").replace(
            "</definedName", f"</{prefix}definedName"
        )
        return (xml[: close.start()] + added + xml[close.start() :]).encode("utf-8")
    empty = re.search(r"<(\w+:)?definedNames\s*/>", xml)
    sheets = re.search(r"</(\w+:)?sheets>", xml)
    anchor = empty or sheets
    if anchor is None:
        return xml.encode("utf-8")
    prefix = anchor.group(1) or ""
    if prefix:
        added = added.replace("<definedName", f"<{prefix}definedName").replace(
            "</definedName", f"</{prefix}definedName"
        )
    element = f"<{prefix}definedNames>{added}</{prefix}definedNames>"
    if empty is not None:
        return (xml[: empty.start()] + element + xml[empty.end() :]).encode("utf-8")
    # CT_Workbook order: sheets, functionGroups, externalReferences, definedNames, calcPr …
    later = re.search(
        r"<(\w+:)?(?:calcPr|oleSize|customWorkbookViews|pivotCaches|"
        r"smartTagPr|smartTagTypes|webPublishing|fileRecoveryPr|"
        r"webPublishObjects|extLst)\b",
        xml,
    )
    at = later.start() if later is not None else sheets.end()
    ext = re.search(r"</(\w+:)?externalReferences>", xml)
    if ext is not None and later is None:
        at = ext.end()
    return (xml[:at] + element + xml[at:]).encode("utf-8")
