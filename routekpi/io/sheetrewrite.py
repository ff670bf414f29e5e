"""Rewrite output sheets of an .xlsx/.xlsm at the zip level, leaving everything else as is.

openpyxl's load/save drops VBA buttons, shapes, customUI and more, and recompressing a 35 MB
workbook takes seconds. Here every zip member except the replaced worksheets (and, on request,
their tables) is copied with its *compressed* bytes untouched, and inside a replaced worksheet
only ``<sheetData>`` and ``<dimension>`` change: frozen panes, column widths, conditional
formatting, validations and drawings stay exactly as they were.

Reading the package is :mod:`routekpi.io.package`; writing zip members and replacing the file
atomically is :mod:`routekpi.io.partwriter`; this module decides what changes.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import BinaryIO, Protocol

from routekpi.contract import CELL_REF
from routekpi.io.newsheets import (
    StyleMerge,
    add_sheets,
    merge_styles,
    recalc_on_open,
    set_defined_names,
    sheet_skeleton,
)
from routekpi.io.package import (
    FLAG_ENCRYPTED,
    REL_CALC_CHAIN,
    REL_STYLES,
    REL_TABLE,
    REL_WORKSHEET,
    SheetRef,
    WorkbookEncrypted,
    WorkbookWriteError,
    check_member,
    is_date1904,
    member_name,
    open_zip,
    read_part,
    relationships,
    rels_path,
    sheet_by_name,
    workbook_sheets,
)
from routekpi.io.partwriter import (
    COMPRESS_LEVEL,
    COPY_CHUNK,
    ZipEntry,
    central_record,
    copy_raw,
    crc32_combine,
    fresh_entry,
    local_header,
    new_entry,
    raw_span,
    read_entries,
    replace_atomically,
    stored_blocks,
    writable_target,
    write_bytes_member,
    write_directory,
)
from routekpi.io.sheetxml import (
    SheetContent,
    SheetExtent,
    SheetTooLargeError,
    style_index,
    write_sheet_data,
)

try:  # ISA-L's deflate for the rewritten sheets (``_sheet_deflater``); zlib's without it
    from isal import isal_zlib as _isal_zlib
except ImportError:  # pragma: no cover - exercised only where isal is absent
    _isal_zlib = None


class _Deflater(Protocol):
    """What the sheet writer uses of a zlib-style compressor object."""

    def compress(self, data: bytes, /) -> bytes: ...

    def flush(self, mode: int = ..., /) -> bytes: ...


_SHEETDATA_OPEN = re.compile(rb"<(?:([A-Za-z_][\w.-]*):)?sheetData\b[^>]*?(/?)>")
_DIMENSION = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?dimension\b[^>]*?(?:/>|>\s*</(?:[A-Za-z_][\w.-]*:)?dimension>)"
)
_SHEETPR_END = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?sheetPr\b[^>]*?/>|</(?:[A-Za-z_][\w.-]*:)?sheetPr>"
)
_COLS = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?cols\b")
_WORKSHEET_OPEN = re.compile(rb"<(?:([A-Za-z_][\w.-]*):)?worksheet\b[^>]*>")


@dataclass
class _SheetPlan:
    """Everything needed to write one replaced worksheet."""

    ref: SheetRef
    member: str
    content: SheetContent
    head: bytes  # up to <sheetData>, <dimension> still original
    tail: bytes  # after </sheetData>
    prefix: str | None  # namespace prefix on sheetData, if the sheet uses one
    xmlns: str | None
    date1904: bool = False  # the workbook counts dates from 1904 (old Mac Excel)


def _split_sheet(zf: zipfile.ZipFile, path: Path, member: str) -> tuple[bytes, bytes, str | None]:
    """Stream-decompress a worksheet, returning what precedes and follows ``<sheetData>``."""
    info = zf.getinfo(member)
    check_member(info, path)
    try:
        with zf.open(info) as stream:
            buf = b""
            while (m := _SHEETDATA_OPEN.search(buf)) is None:
                chunk = stream.read(COPY_CHUNK)
                if not chunk:
                    raise WorkbookWriteError(f"{path.name}: {member} has no <sheetData>")
                buf += chunk
            head, rest = buf[: m.start()], buf[m.end() :]
            prefix = m.group(1).decode() if m.group(1) else None
            if m.group(2):  # <sheetData/>: nothing to skip
                tail = rest + stream.read()
            else:
                end_tag = b"</" + (m.group(1) + b":" if m.group(1) else b"") + b"sheetData>"
                while (at := rest.find(end_tag)) < 0:
                    rest = rest[-len(end_tag) :]  # keep enough to catch a tag split in two
                    chunk = stream.read(COPY_CHUNK)
                    if not chunk:
                        raise WorkbookWriteError(f"{path.name}: {member} ends inside <sheetData>")
                    rest += chunk
                tail = rest[at + len(end_tag) :] + stream.read()
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise WorkbookWriteError(f"{path.name}: {member} is damaged ({exc})") from exc
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise WorkbookWriteError(f"{path.name}: {member} is UTF-16; only UTF-8 is supported")
    return head, tail, prefix


def _namespace_for(head: bytes, prefix: str) -> str | None:
    m = re.search(rb"xmlns:" + re.escape(prefix.encode()) + rb'\s*=\s*"([^"]*)"', head)
    return m.group(1).decode() if m else None


def _head_with_dimension(head: bytes, prefix: str | None, ref: str) -> bytes:
    """``head`` with ``<dimension ref>`` set, padded with spaces to a size independent of ref.

    The fixed size lets the head be written first as stored deflate blocks and patched in
    place once the streamed rows have told us the real extent.
    """
    tag = (prefix + ":" if prefix else "") + "dimension"
    element = f'<{tag} ref="{ref}"/>'.encode()
    widest = len(f'<{tag} ref="A1:XFD1048576"/>')
    element += b" " * (widest - len(element))
    m = _DIMENSION.search(head)
    if m is not None:
        # The padding of an earlier run follows the element: replace it, do not add to it
        # (else every recalculation grows the sheet by the padding and no two are equal).
        end = m.end()
        while head[end : end + 1] == b" ":
            end += 1
        return head[: m.start()] + element + head[end:]
    # No <dimension>: it belongs right after <sheetPr>, else first inside <worksheet>.
    m = _SHEETPR_END.search(head) or _WORKSHEET_OPEN.search(head)
    if m is None:
        raise WorkbookWriteError("worksheet XML has no <worksheet> element")
    return head[: m.end()] + element + head[m.end() :]


_COL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?col\b[^>]*?/?>")
_ATTR = re.compile(rb'\b(min|max|width)="([^"]*)"')


def _head_with_widened(
    head: bytes, widened: Mapping[int, tuple[tuple[float, ...], float]] | None
) -> bytes:
    """``head`` with each single-column ``<col>`` still at a width an earlier template gave
    it set to the template's width now (``SheetContent.widened``); every other width, the
    user's own included, as it is (trial 35 L4: Review's notes, 20 → 46)."""
    if not widened or not _COLS.search(head):
        return head

    def update(m: re.Match[bytes]) -> bytes:
        element = m.group(0)
        attrs = {k.decode(): v.decode() for k, v in _ATTR.findall(element)}
        try:
            lo, hi, width = int(attrs["min"]), int(attrs["max"]), float(attrs["width"])
        except (KeyError, ValueError):
            return element
        found = widened.get(lo) if lo == hi else None
        if found is None or not any(abs(width - f) < 1e-9 for f in found[0]):
            return element
        return re.sub(rb'\bwidth="[^"]*"', f'width="{found[1]:g}"'.encode(), element, count=1)

    return _COL.sub(update, head)


def _head_with_cols(head: bytes, prefix: str | None, widths: Sequence[float]) -> bytes:
    """``head`` (everything before ``<sheetData>``) with ``<cols>`` for ``widths``.

    Only for a sheet without column widths: widths the user set (or an earlier write left)
    are kept. ``<cols>`` is the element right before ``<sheetData>``, where ``head`` ends.
    """
    if not widths or _COLS.search(head):
        return head
    tag = (prefix + ":" if prefix else "") + "col"
    cols = "".join(
        f'<{tag} min="{i}" max="{i}" width="{w:g}" customWidth="1"/>'
        for i, w in enumerate(widths, start=1)
    )
    return head + f"<{tag}s>{cols}</{tag}s>".encode()


# Rewritten worksheets (the big parts: a 1M-row book's outputs are ~17 MB of XML) deflate at
# level 3, other parts at ``level``. Measured on that book: 0.09 s instead of 0.23 s at level
# 6, for 2.50 MB instead of 2.20 MB compressed (+0.6 % on the 51 MB file). Level 1 saves only
# 0.02 s more and adds another 0.4 MB.
SHEET_COMPRESS_LEVEL = 3
# With ISA-L (``isal``, already the reader's inflate) they deflate at its level 2 instead:
# the same raw deflate stream format, ~5× faster than zlib's level 3 for +5 % bytes on the
# rewritten sheets (a 10k book's 2.67 MB of output XML: 14 ms → 3 ms, 371 → 391 kB).
ISAL_SHEET_LEVEL = 2


def _sheet_deflater(level: int) -> _Deflater:
    """A raw-deflate compressor for a rewritten worksheet at zlib ``level`` (≤ 3): ISA-L's
    when installed (levels 1-3 all map to its level 2), else zlib's. Level 0 stays zlib's
    stored blocks (ISA-L's level 0 compresses)."""
    if _isal_zlib is not None and level > 0:
        return _isal_zlib.compressobj(ISAL_SHEET_LEVEL, zlib.DEFLATED, -15)
    return zlib.compressobj(level, zlib.DEFLATED, -15)


# CT_Worksheet's elements after <pageSetup>, in schema order: a missing one goes before the
# first of those after it that is present (io.repair places its page elements by it too).
AFTER_PAGE_SETUP = (
    "headerFooter",
    "rowBreaks",
    "colBreaks",
    "customProperties",
    "cellWatches",
    "ignoredErrors",
    "smartTags",
    "drawing",
    "legacyDrawing",
    "legacyDrawingHF",
    "drawingHF",
    "picture",
    "oleObjects",
    "controls",
    "webPublishItems",
    "tableParts",
    "extLst",
)
_AFTER_ROW_BREAKS = AFTER_PAGE_SETUP[AFTER_PAGE_SETUP.index("rowBreaks") + 1 :]


def tail_with_row_breaks(tail: bytes, prefix: str | None, breaks: Sequence[int]) -> bytes:
    """A worksheet's XML after ``</sheetData>`` with its manual row breaks replaced by
    ``breaks`` (each the 1-based row a page ends after; none: the element dropped)."""
    p = re.escape(prefix.encode() + b":") if prefix else b""
    old = re.compile(rb"<" + p + rb"rowBreaks\b[^>]*?(?:/>|>.*?</" + p + rb"rowBreaks>)", re.S)
    tail = old.sub(b"", tail, count=1)
    if not breaks:
        return tail
    tag = (prefix + ":" if prefix else "") + "rowBreaks"
    brk = (prefix + ":" if prefix else "") + "brk"
    items = "".join(f'<{brk} id="{int(b)}" max="16383" man="1"/>' for b in breaks)
    xml = f'<{tag} count="{len(breaks)}" manualBreakCount="{len(breaks)}">{items}</{tag}>'
    at = tail.rindex(b"</")
    for later in _AFTER_ROW_BREAKS:
        m = re.search(rb"<" + p + later.encode() + rb"\b", tail)
        if m is not None:
            at = min(at, m.start())
            break
    return tail[:at] + xml.encode() + tail[at:]


def _write_sheet_member(
    out: BinaryIO, template: ZipEntry, plan: _SheetPlan, styles: Mapping[str, int], level: int
) -> tuple[ZipEntry, SheetExtent]:
    """Stream a rebuilt worksheet into ``out``; returns its entry and the written extent."""
    e = new_entry(template)
    header_at = out.tell()
    out.write(local_header(e))
    base_head = _head_with_cols(plan.head, plan.prefix, plan.content.column_widths)
    base_head = _head_with_widened(base_head, plan.content.widened)
    head = _head_with_dimension(base_head, plan.prefix, "A1")
    head_at = out.tell()
    out.write(stored_blocks(head))
    comp = _sheet_deflater(level)
    crc = 0
    size = 0

    def write(chunk: bytes) -> None:
        nonlocal crc, size
        crc = zlib.crc32(chunk, crc)
        size += len(chunk)
        out.write(comp.compress(chunk))

    try:
        extent = write_sheet_data(
            plan.content, styles, write, xmlns=plan.xmlns, date1904=plan.date1904
        )
    except SheetTooLargeError as exc:
        raise WorkbookWriteError(f"sheet {plan.ref.name!r}: {exc}") from exc
    tail = plan.tail
    if plan.content.row_breaks is not None:
        tail = tail_with_row_breaks(tail, plan.prefix, plan.content.row_breaks)
    write(tail)
    out.write(comp.flush())
    end = out.tell()

    final_head = _head_with_dimension(base_head, plan.prefix, extent.ref)
    out.seek(head_at)
    out.write(stored_blocks(final_head))
    e = replace(
        e,
        crc=crc32_combine(zlib.crc32(final_head), crc, size),
        csize=end - head_at,
        usize=len(final_head) + size,
    )
    out.seek(header_at)
    out.write(local_header(e))
    out.seek(end)
    return e, extent


_REF_ATTR = rb'(\sref\s*=\s*")([^"]*)(")'


def _resized_table(xml: bytes, extent: SheetExtent) -> bytes:
    """Table XML whose ``ref`` and ``<autoFilter ref>`` cover the header plus written rows."""
    root = re.search(rb"<(?:[A-Za-z_][\w.-]*:)?table\b[^>]*>", xml)
    if root is None:
        return xml
    ref = re.search(_REF_ATTR, root.group(0))
    if ref is None or b":" not in ref.group(2):
        return xml
    first, last = ref.group(2).decode().split(":", 1)
    m1, m2 = CELL_REF.match(first), CELL_REF.match(last)
    if m1 is None or m2 is None:
        return xml
    top = int(m1.group(2))

    def attr_int(name: bytes, default: int) -> int:
        m = re.search(rb"\s" + name + rb'\s*=\s*"(\d+)"', root.group(0))
        return int(m.group(1)) if m else default

    headers = attr_int(b"headerRowCount", 1)
    totals = attr_int(b"totalsRowCount", 0)
    # A table needs at least one data row, even when nothing was written under the header.
    data_end = max(extent.rows, top + headers)
    new_ref = f"{m1.group(1)}{top}:{m2.group(1)}{data_end + totals}".encode()
    filter_ref = f"{m1.group(1)}{top}:{m2.group(1)}{data_end}".encode()
    new_root = re.sub(
        _REF_ATTR, lambda m: m.group(1) + new_ref + m.group(3), root.group(0), count=1
    )
    xml = xml[: root.start()] + new_root + xml[root.end() :]
    return re.sub(
        rb'(<(?:[A-Za-z_][\w.-]*:)?autoFilter\b[^>]*?\sref\s*=\s*")([^"]*)(")',
        lambda m: m.group(1) + filter_ref + m.group(3),
        xml,
        count=1,
    )


_XML_ATTR = re.compile(rb'([\w:.-]+)\s*=\s*"([^"]*)"')


def _filtered_calc_chain(xml: bytes, sheet_ids: set[str]) -> bytes | None:
    """calcChain XML without the entries of ``sheet_ids``; None when nothing would be left.

    Excel "repairs" (and warns about) a workbook whose calc chain names cells that hold no
    formula, and rewritten sheets hold none. An entry without ``i`` belongs to the sheet of
    the entry before it, so kept entries are written with an explicit ``i``.
    """
    entries = list(re.finditer(rb"<(?:[A-Za-z_][\w.-]*:)?c\b([^>]*?)/>", xml))
    if not entries:
        return xml
    kept: list[bytes] = []
    sheet = b"0"
    for m in entries:
        attrs = dict(_XML_ATTR.findall(m.group(1)))
        sheet = attrs.get(b"i", sheet)
        if sheet.decode() in sheet_ids:
            continue
        attrs[b"i"] = sheet
        tag = m.group(0)[: m.group(0).index(b"c") + 1]  # "<c" or "<x:c"
        kept.append(tag + b"".join(b' %s="%s"' % kv for kv in attrs.items()) + b"/>")
    if not kept:
        return None
    return xml[: entries[0].start()] + b"".join(kept) + xml[entries[-1].end() :]


def _without_calc_chain(rels: bytes, types: bytes, part: str) -> tuple[bytes, bytes]:
    """Workbook rels and content types with the calcChain relationship/override removed."""
    rels = re.sub(rb"<Relationship\b[^>]*?/calcChain\"[^>]*/>", b"", rels)
    name = re.escape(("/" + part).encode())
    types = re.sub(rb"<Override\b[^>]*?PartName=\"" + name + rb'"[^>]*/>', b"", types, flags=re.I)
    return rels, types


@dataclass
class _Edits:
    """What changes in the archive; every other member is copied raw."""

    plans: dict[str, _SheetPlan]
    tables: dict[str, tuple[str, bytes]]  # table member → (its sheet's member, table XML)
    replaced: dict[str, bytes]  # member → new content
    dropped: set[str]
    added: dict[str, _SheetPlan] = field(default_factory=dict)  # new worksheet members
    added_parts: dict[str, bytes] = field(default_factory=dict)  # other new members


@dataclass
class PartEdits:
    """Whole members to replace, add or drop (everything else is copied raw)."""

    replaced: dict[str, bytes] = field(default_factory=dict)
    added: dict[str, bytes] = field(default_factory=dict)
    dropped: set[str] = field(default_factory=set)


def _calc_chain_edits(
    zf: zipfile.ZipFile, src: Path, wb_part: str, sheet_ids: set[str], edits: _Edits
) -> None:
    """Drop calc-chain entries of rewritten sheets (and the part itself if it empties)."""
    for _, rel_type, part in relationships(zf, src, wb_part):
        member = member_name(zf, part) if rel_type.endswith(REL_CALC_CHAIN) else None
        if member is None:
            continue
        xml = read_part(zf, src, member)
        filtered = _filtered_calc_chain(xml, sheet_ids)
        if filtered is None:
            rels_member = member_name(zf, rels_path(wb_part))
            types_member = member_name(zf, "[Content_Types].xml")
            if rels_member is None or types_member is None:
                continue
            rels, types = _without_calc_chain(
                read_part(zf, src, rels_member), read_part(zf, src, types_member), member
            )
            edits.dropped.add(member)
            edits.replaced[rels_member] = rels
            edits.replaced[types_member] = types
        elif filtered != xml:
            edits.replaced[member] = filtered


# --------------------------------------------------------------------------------------
# Public entry points


def rewrite_workbook(
    src: Path,
    sheets: Mapping[str, SheetContent],
    *,
    dst: Path | None = None,
    resize_tables: bool = False,
    compresslevel: int = COMPRESS_LEVEL,
    new_sheets: Mapping[str, bytes] | None = None,
    template_styles: bytes | None = None,
    recalc_on_load: bool = False,
    defined_names: Mapping[str, str] | None = None,
    parts: PartEdits | None = None,
    hidden_sheets: Collection[str] = (),
) -> None:
    """Replace the cell data of the named worksheets; copy everything else byte for byte.

    ``dst`` defaults to ``src``. With ``resize_tables`` the Excel tables on a rewritten sheet
    are resized to the header plus the written rows. ``new_sheets`` (tab name → worksheet
    XML) are created after the last tab, their data taken from ``sheets``;
    ``template_styles`` (a styles.xml) supplies the named cell styles the workbook lacks;
    ``recalc_on_load`` makes Excel/LibreOffice recalculate every formula on open;
    ``defined_names`` (name → reference) are set as hidden workbook-level names; ``parts``
    replaces, adds and drops whole members (``routekpi repair``); ``hidden_sheets`` among
    ``new_sheets`` are created hidden. Raises
    :class:`WorkbookLocked` when the file is open in Excel and :class:`WorkbookWriteError`
    for anything else that prevents a clean rewrite; in every failure case the original
    file is left untouched.
    """
    src = Path(src)
    target = writable_target(src, dst)

    new_sheets = dict(new_sheets or {})
    with open_zip(src) as zf:
        wb_part, all_sheets = workbook_sheets(zf, src)
        date1904 = is_date1904(zf, src, wb_part)
        edits = _Edits({}, {}, {}, set())
        styles: dict[str, int] = {}
        merge: StyleMerge | None = None
        for _, rel_type, part in relationships(zf, src, wb_part):
            member = member_name(zf, part) if rel_type.endswith(REL_STYLES) else None
            if member is None:
                continue
            styles_xml = read_part(zf, src, member)
            if template_styles is not None:
                merge = merge_styles(styles_xml, template_styles, with_dxfs=bool(new_sheets))
                if merge.xml != styles_xml:
                    edits.replaced[member] = styles_xml = merge.xml
            styles = style_index(styles_xml)
        plans, tables = edits.plans, edits.tables
        for name, content in sheets.items():
            if name in new_sheets:
                continue
            ref = sheet_by_name(all_sheets, name, src)
            if not ref.rel_type.endswith(REL_WORKSHEET):
                raise WorkbookWriteError(f"{src.name}: {name!r} is not a worksheet")
            member = member_name(zf, ref.part)
            if member is None:
                raise WorkbookWriteError(f"{src.name}: sheet {name!r} has no part {ref.part}")
            if member in plans:
                raise WorkbookWriteError(f"{src.name}: sheet {name!r} is given twice")
            head, tail, prefix = _split_sheet(zf, src, member)
            xmlns = _namespace_for(head, prefix) if prefix else None
            plans[member] = _SheetPlan(ref, member, content, head, tail, prefix, xmlns, date1904)
            if resize_tables:
                for _, rel_type, part in relationships(zf, src, member):
                    table = member_name(zf, part) if rel_type.endswith(REL_TABLE) else None
                    if table is not None:
                        tables[table] = (member, read_part(zf, src, table))
        _calc_chain_edits(zf, src, wb_part, {p.ref.sheet_id for p in plans.values()}, edits)

        if parts is not None:
            for part, data in parts.replaced.items():
                edits.replaced[member_name(zf, part) or part] = data
            edits.dropped |= {member_name(zf, p) or p for p in parts.dropped}
            edits.added_parts.update(parts.added)

        def current(part: str) -> bytes:
            member = member_name(zf, part) or part
            if member in edits.replaced:
                return edits.replaced[member]
            if member in edits.added_parts:
                return edits.added_parts[member]
            return read_part(zf, src, member)

        if new_sheets:
            taken = set(zf.NameToInfo) | set(edits.added_parts)
            replaced, created = add_sheets(
                current,
                taken,
                wb_part,
                list(new_sheets),
                hidden={name: name in hidden_sheets for name in new_sheets},
            )
            for part, data in replaced.items():
                member = member_name(zf, part) or part
                if member in edits.added_parts:
                    edits.added_parts[member] = data
                else:
                    edits.replaced[member] = data
            for new in created:
                xml = sheet_skeleton(new_sheets[new.name], merge or StyleMerge(b""))
                head, _, tail = xml.partition(b"<sheetData/>")
                ref = SheetRef(new.name, new.sheet_id, new.member, REL_WORKSHEET)
                plan = _SheetPlan(
                    ref, new.member, sheets[new.name], head, tail, None, None, date1904
                )
                edits.added[new.member] = plan
        if recalc_on_load or defined_names:
            wb_member = member_name(zf, wb_part) or wb_part
            new_wb = current(wb_part)
            if defined_names:
                new_wb = set_defined_names(new_wb, defined_names)
            if recalc_on_load:
                new_wb = recalc_on_open(new_wb)
            if new_wb != current(wb_part):
                edits.replaced[wb_member] = new_wb

    replace_atomically(
        src, target, lambda f, out: _rebuild(f, out, src, edits, styles, compresslevel)
    )


def replace_members(
    src: Path,
    members: Mapping[str, bytes],
    *,
    dst: Path | None = None,
    compresslevel: int = COMPRESS_LEVEL,
) -> None:
    """Replace whole zip members (e.g. one worksheet and its table) with new bytes, atomically.

    For edits the sheet writer cannot express, such as appending rows below existing ones:
    every other member is copied raw, exactly as :func:`rewrite_workbook` does.
    """
    src = Path(src)
    target = writable_target(src, dst)
    with open_zip(src) as zf:
        replaced = {}
        for name, data in members.items():
            member = member_name(zf, name)
            if member is None:
                raise WorkbookWriteError(f"{src.name}: the workbook has no part {name}")
            replaced[member] = data
    edits = _Edits({}, {}, replaced, set())
    replace_atomically(src, target, lambda f, out: _rebuild(f, out, src, edits, {}, compresslevel))


def resize_table(xml: bytes, last_row: int) -> bytes:
    """Table XML whose ``ref`` (and autoFilter) reach down to ``last_row``, header kept."""
    return _resized_table(xml, SheetExtent(last_row, 1))


def _rebuild(
    f: BinaryIO,
    out: BinaryIO,
    src: Path,
    edits: _Edits,
    styles: Mapping[str, int],
    level: int,
) -> None:
    """Write the new archive: raw copies, rebuilt sheets, resized tables, new directory."""
    plans, tables = edits.plans, edits.tables
    sheet_level = min(level, SHEET_COMPRESS_LEVEL)
    entries, comment = read_entries(f, src.name)
    by_name = {e.name: e for e in entries}
    missing = [m for m in (*plans, *tables, *edits.replaced) if m not in by_name]
    if missing:
        raise WorkbookWriteError(f"{src.name}: zip directory lacks {', '.join(missing)}")
    extents: dict[str, SheetExtent] = {}
    records: list[bytes] = []
    pending_tables: dict[str, ZipEntry] = {}
    positions: dict[str, int] = {}
    for e in entries:
        if e.flags & FLAG_ENCRYPTED:
            raise WorkbookEncrypted(f"{src.name}: the workbook is password-protected (encrypted)")
        if e.name in edits.dropped:
            continue
        offset = out.tell()
        positions[e.name] = len(records)
        if e.name in plans:
            new, extents[e.name] = _write_sheet_member(out, e, plans[e.name], styles, sheet_level)
            records.append(central_record(new, offset))
        elif e.name in tables and tables[e.name][0] in extents:
            sheet_member, xml = tables[e.name]
            new = write_bytes_member(out, e, _resized_table(xml, extents[sheet_member]), level)
            records.append(central_record(new, offset))
        elif e.name in tables:
            pending_tables[e.name] = e  # its sheet comes later in the archive
            records.append(b"")
        elif e.name in edits.replaced:
            new = write_bytes_member(out, e, edits.replaced[e.name], level)
            records.append(central_record(new, offset))
        else:
            start, end = raw_span(f, e)
            copy_raw(f, out, start, end)
            records.append(central_record(e, offset))
    for name, data in edits.added_parts.items():  # new members go after the existing ones
        offset = out.tell()
        new = write_bytes_member(out, fresh_entry(name), data, level)
        records.append(central_record(new, offset))
    for name, plan in edits.added.items():  # new worksheets go after every existing member
        offset = out.tell()
        new, _ = _write_sheet_member(out, fresh_entry(name), plan, styles, sheet_level)
        records.append(central_record(new, offset))
        positions[name] = len(records) - 1
    # Tables stored before their sheet (unusual; Excel writes sheets first) go at the end.
    for name, e in pending_tables.items():
        offset = out.tell()
        sheet_member, xml = tables[name]
        new = write_bytes_member(out, e, _resized_table(xml, extents[sheet_member]), level)
        records[positions[name]] = central_record(new, offset)
    write_directory(out, records, comment)
