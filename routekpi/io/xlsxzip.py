"""Rewrite output sheets of an .xlsx/.xlsm at the zip level, leaving everything else as is.

openpyxl's load/save drops VBA buttons, shapes, customUI and more, and recompressing a 35 MB
workbook takes seconds. Here every zip member except the replaced worksheets (and, on request,
their tables) is copied with its *compressed* bytes untouched, and inside a replaced worksheet
only ``<sheetData>`` and ``<dimension>`` change: frozen panes, column widths, conditional
formatting, validations and drawings stay exactly as they were.

The new file is written beside the destination, fsynced and moved into place with
``os.replace``; on any failure the temporary file is removed and the workbook is untouched.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import BinaryIO

from defusedxml import ElementTree

from routekpi.contract import (
    CELL_REF,
    TempFileError,
    atomic_write,
    column_letter,
    column_number,
    file_mode,
)
from routekpi.io.newsheets import (
    StyleMerge,
    add_sheets,
    merge_styles,
    recalc_on_open,
    set_defined_names,
    sheet_skeleton,
)
from routekpi.io.sheetxml import (
    SheetContent,
    SheetExtent,
    SheetTooLargeError,
    style_index,
    write_sheet_data,
)

# Zip-bomb guards for members we decompress (copied members are never decompressed).
MAX_MEMBER_SIZE = 2 * 1024**3
MAX_RATIO = 200
RATIO_FLOOR = 16 * 1024**2  # below this, a high ratio is harmless (tiny XML compresses well)
COMPRESS_LEVEL = 6  # like Excel's; level 1 saves ~1.5 s per million rows, costs ~25 % size

_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE compound file: encrypted OOXML or .xls
_MAX32 = 0xFFFFFFFF
_MAX16 = 0xFFFF
_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_EOCD = struct.Struct("<IHHHHIIH")
_EOCD64 = struct.Struct("<IQHHIIQQQQ")
_LOCATOR64 = struct.Struct("<IIQI")
_SIG_LOCAL, _SIG_CENTRAL, _SIG_EOCD = 0x04034B50, 0x02014B50, 0x06054B50
_SIG_EOCD64, _SIG_LOCATOR64, _SIG_DESCRIPTOR = 0x06064B50, 0x07064B50, 0x08074B50
_FLAG_ENCRYPTED, _FLAG_DESCRIPTOR, _FLAG_UTF8 = 0x1, 0x8, 0x800
_COPY_CHUNK = 1 << 20
_STORED_BLOCK = 0xFFFF

_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_DOC = "/officeDocument"
_WORKSHEET = "/worksheet"
_TABLE = "/table"
_STYLES = "/styles"
_CALC_CHAIN = "/calcChain"

_SHEETDATA_OPEN = re.compile(rb"<(?:([A-Za-z_][\w.-]*):)?sheetData\b[^>]*?(/?)>")
_DIMENSION = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?dimension\b[^>]*?(?:/>|>\s*</(?:[A-Za-z_][\w.-]*:)?dimension>)"
)
_SHEETPR_END = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?sheetPr\b[^>]*?/>|</(?:[A-Za-z_][\w.-]*:)?sheetPr>"
)
_WORKSHEET_OPEN = re.compile(rb"<(?:([A-Za-z_][\w.-]*):)?worksheet\b[^>]*>")


class WorkbookWriteError(Exception):
    """The workbook cannot be rewritten; the message is one line naming the file."""


class WorkbookLocked(WorkbookWriteError):
    """The workbook is open in Excel (its ``~$`` lock file exists)."""


class WorkbookEncrypted(WorkbookWriteError):
    """The file is a password-protected (encrypted) workbook: an OLE container, not a zip."""


class WorkbookTooLarge(WorkbookWriteError):
    """A member would expand to an unsafe size (a zip bomb, or a sheet over 4 GiB)."""


# --------------------------------------------------------------------------------------
# Raw zip structure


@dataclass(frozen=True, slots=True)
class _Entry:
    """One central-directory record, with ZIP64 values already resolved."""

    name: str
    raw_name: bytes
    version_made: int
    version_needed: int
    flags: int
    method: int
    mtime: int
    mdate: int
    crc: int
    csize: int
    usize: int
    disk: int
    int_attr: int
    ext_attr: int
    offset: int
    extra: bytes  # without the ZIP64 field; it is rebuilt when writing
    comment: bytes
    z64_sizes: bool  # the source marked sizes as ZIP64; keep it so local and central agree


def _strip_zip64(extra: bytes) -> tuple[bytes, bytes | None]:
    """Split the ZIP64 extended-information field out of an extra block."""
    rest, z64, pos = bytearray(), None, 0
    while pos + 4 <= len(extra):
        tag, size = struct.unpack_from("<HH", extra, pos)
        block = extra[pos : pos + 4 + size]
        if tag == 0x0001:
            z64 = block[4:]
        else:
            rest += block
        pos += 4 + size
    rest += extra[pos:]  # trailing junk is kept, not interpreted
    return bytes(rest), z64


def _read_entries(f: BinaryIO, name: str) -> tuple[list[_Entry], bytes]:
    """Parse the central directory (ZIP64 aware); return entries in order and the comment."""
    size = f.seek(0, os.SEEK_END)
    tail_len = min(size, _EOCD.size + _MAX16)
    f.seek(size - tail_len)
    tail = f.read(tail_len)
    pos = tail.rfind(b"PK\x05\x06")
    if pos < 0 or pos + _EOCD.size > len(tail):
        raise WorkbookWriteError(f"{name}: not an Excel workbook (not a zip file)")
    _, disk_no, cd_disk, _, count, cd_size, cd_offset, comment_len = _EOCD.unpack_from(tail, pos)
    comment = tail[pos + _EOCD.size : pos + _EOCD.size + comment_len]
    eocd_at = size - tail_len + pos
    if _MAX16 in (count, disk_no, cd_disk) or _MAX32 in (cd_size, cd_offset):
        f.seek(eocd_at - _LOCATOR64.size)
        sig, _, z64_at, _ = _LOCATOR64.unpack(f.read(_LOCATOR64.size))
        if sig != _SIG_LOCATOR64:
            raise WorkbookWriteError(f"{name}: the zip directory is damaged")
        f.seek(z64_at)
        rec = _EOCD64.unpack(f.read(_EOCD64.size))
        if rec[0] != _SIG_EOCD64:
            raise WorkbookWriteError(f"{name}: the zip directory is damaged")
        disk_no, cd_disk, count, cd_size, cd_offset = rec[4], rec[5], rec[7], rec[8], rec[9]
    if disk_no or cd_disk:
        raise WorkbookWriteError(f"{name}: multi-part zip archives are not supported")
    f.seek(cd_offset)
    cd = f.read(cd_size)
    entries: list[_Entry] = []
    pos = 0
    for _ in range(count):
        if len(cd) < pos + _CENTRAL.size:
            raise WorkbookWriteError(f"{name}: the zip directory is damaged")
        fields = _CENTRAL.unpack_from(cd, pos)
        if fields[0] != _SIG_CENTRAL:
            raise WorkbookWriteError(f"{name}: the zip directory is damaged")
        (_, made, needed, flags, method, mtime, mdate, crc, csize, usize) = fields[:10]
        name_len, extra_len, comment_len, disk, int_attr, ext_attr, offset = fields[10:]
        pos += _CENTRAL.size
        raw_name = cd[pos : pos + name_len]
        extra, z64 = _strip_zip64(cd[pos + name_len : pos + name_len + extra_len])
        member_comment = cd[pos + name_len + extra_len : pos + name_len + extra_len + comment_len]
        pos += name_len + extra_len + comment_len
        z64_sizes = False
        if z64 is not None:  # fields appear only for values saturated in the record
            vals = list(struct.unpack_from(f"<{len(z64) // 8}Q", z64))
            if usize == _MAX32 and vals:
                usize, z64_sizes = vals.pop(0), True
            if csize == _MAX32 and vals:
                csize, z64_sizes = vals.pop(0), True
            if offset == _MAX32 and vals:
                offset = vals.pop(0)
        text = raw_name.decode("utf-8" if flags & _FLAG_UTF8 else "cp437")
        entries.append(
            _Entry(
                text,
                raw_name,
                made,
                needed,
                flags,
                method,
                mtime,
                mdate,
                crc,
                csize,
                usize,
                disk,
                int_attr,
                ext_attr,
                offset,
                extra,
                member_comment,
                z64_sizes,
            )
        )
    return entries, comment


def _raw_span(f: BinaryIO, e: _Entry) -> tuple[int, int]:
    """Byte range of a member's local header + data (+ data descriptor) in the source."""
    f.seek(e.offset)
    header = f.read(_LOCAL.size)
    if len(header) < _LOCAL.size or _LOCAL.unpack(header)[0] != _SIG_LOCAL:
        raise WorkbookWriteError(f"zip member {e.name} is damaged (bad local header)")
    name_len, extra_len = _LOCAL.unpack(header)[9:]
    end = e.offset + _LOCAL.size + name_len + extra_len + e.csize
    if e.flags & _FLAG_DESCRIPTOR:
        # The descriptor has four spellings (signature or not, 32- or 64-bit sizes); the one
        # that repeats the central directory's values is the one that is there.
        f.seek(end)
        blob = f.read(24)
        for sig, wide in ((True, False), (True, True), (False, False), (False, True)):
            fmt = ("<I" if sig else "<") + ("IQQ" if wide else "III")
            n = struct.calcsize(fmt)
            if len(blob) < n:
                continue
            vals = struct.unpack_from(fmt, blob)
            if sig and vals[0] != _SIG_DESCRIPTOR:
                continue
            if tuple(vals[1:] if sig else vals) == (e.crc, e.csize, e.usize):
                return e.offset, end + n
        raise WorkbookWriteError(f"zip member {e.name} is damaged (bad data descriptor)")
    return e.offset, end


def _copy_raw(src: BinaryIO, out: BinaryIO, start: int, end: int) -> None:
    """Copy bytes [start, end) of src to out without interpreting them."""
    src.seek(start)
    left = end - start
    while left > 0:
        chunk = src.read(min(_COPY_CHUNK, left))
        if not chunk:
            raise WorkbookWriteError("the workbook file ended early (truncated zip)")
        out.write(chunk)
        left -= len(chunk)


def _central_record(e: _Entry, offset: int) -> bytes:
    """A central-directory record for ``e`` at its new offset (ZIP64 only where needed)."""
    z64 = b""
    usize = csize = None
    if e.z64_sizes or e.usize >= _MAX32 or e.csize >= _MAX32:
        z64 += struct.pack("<QQ", e.usize, e.csize)
        usize = csize = _MAX32
    off = None
    if offset >= _MAX32:
        z64 += struct.pack("<Q", offset)
        off = _MAX32
    extra = e.extra
    needed = e.version_needed
    if z64:
        extra = struct.pack("<HH", 0x0001, len(z64)) + z64 + extra
        needed = max(needed, 45)
    return (
        _CENTRAL.pack(
            _SIG_CENTRAL,
            e.version_made,
            needed,
            e.flags,
            e.method,
            e.mtime,
            e.mdate,
            e.crc,
            e.csize if csize is None else csize,
            e.usize if usize is None else usize,
            len(e.raw_name),
            len(extra),
            len(e.comment),
            e.disk,
            e.int_attr,
            e.ext_attr,
            offset if off is None else off,
        )
        + e.raw_name
        + extra
        + e.comment
    )


def _write_directory(out: BinaryIO, records: list[bytes], comment: bytes) -> None:
    """Write the central directory and end records (ZIP64 ones when counts/offsets overflow)."""
    cd_offset = out.tell()
    for rec in records:
        out.write(rec)
    cd_size = out.tell() - cd_offset
    count = len(records)
    if count >= _MAX16 or cd_size >= _MAX32 or cd_offset >= _MAX32:
        z64_at = out.tell()
        out.write(_EOCD64.pack(_SIG_EOCD64, 44, 45, 45, 0, 0, count, count, cd_size, cd_offset))
        out.write(_LOCATOR64.pack(_SIG_LOCATOR64, 0, z64_at, 1))
        count16, size32, off32 = min(count, _MAX16), min(cd_size, _MAX32), min(cd_offset, _MAX32)
    else:
        count16, size32, off32 = count, cd_size, cd_offset
    out.write(_EOCD.pack(_SIG_EOCD, 0, 0, count16, count16, size32, off32, len(comment)))
    out.write(comment)


def _dos_now() -> tuple[int, int]:
    """Current local time as zip (DOS) time and date fields."""
    now = dt.datetime.now()
    return (
        (now.hour << 11) | (now.minute << 5) | (now.second // 2),
        ((now.year - 1980) << 9) | (now.month << 5) | now.day,
    )


def _gf2_times(matrix: list[int], vector: int) -> int:
    total, i = 0, 0
    while vector:
        if vector & 1:
            total ^= matrix[i]
        vector >>= 1
        i += 1
    return total


def _gf2_square(matrix: list[int]) -> list[int]:
    return [_gf2_times(matrix, matrix[n]) for n in range(32)]


def crc32_combine(crc1: int, crc2: int, len2: int) -> int:
    """CRC-32 of A+B from crc(A), crc(B) and len(B) (zlib's algorithm; Python lacks it)."""
    if len2 <= 0:
        return crc1
    odd = [0xEDB88320] + [1 << n for n in range(31)]  # operator for one zero bit
    even = _gf2_square(odd)
    odd = _gf2_square(even)
    while True:
        even = _gf2_square(odd)
        if len2 & 1:
            crc1 = _gf2_times(even, crc1)
        len2 >>= 1
        if not len2:
            break
        odd = _gf2_square(even)
        if len2 & 1:
            crc1 = _gf2_times(odd, crc1)
        len2 >>= 1
        if not len2:
            break
    return crc1 ^ crc2


def _stored_blocks(data: bytes) -> bytes:
    """``data`` as non-final raw-deflate stored blocks (byte-aligned, fixed size)."""
    out = bytearray()
    for i in range(0, len(data), _STORED_BLOCK):
        block = data[i : i + _STORED_BLOCK]
        out += b"\x00" + struct.pack("<HH", len(block), len(block) ^ 0xFFFF) + block
    return bytes(out)


def _new_entry(template: _Entry) -> _Entry:
    """A deflated, descriptor-free entry keeping the original's name and attributes."""
    mtime, mdate = _dos_now()
    return replace(
        template,
        version_needed=20,
        flags=template.flags & _FLAG_UTF8,
        method=zipfile.ZIP_DEFLATED,
        mtime=mtime,
        mdate=mdate,
        crc=0,
        csize=0,
        usize=0,
        extra=b"",
        z64_sizes=False,
    )


def _fresh_entry(name: str) -> _Entry:
    """The central-directory fields of a member that did not exist before."""
    raw = name.encode("utf-8")
    flags = 0 if raw.isascii() else _FLAG_UTF8
    return _Entry(
        name, raw, 20, 20, flags, zipfile.ZIP_DEFLATED, 0, 0, 0, 0, 0, 0, 0, 0, 0, b"", b"", False
    )


def _local_header(e: _Entry) -> bytes:
    if e.csize >= _MAX32 or e.usize >= _MAX32:
        raise WorkbookTooLarge(f"{e.name} would exceed 4 GiB; split the output")
    return (
        _LOCAL.pack(
            _SIG_LOCAL,
            e.version_needed,
            e.flags,
            e.method,
            e.mtime,
            e.mdate,
            e.crc,
            e.csize,
            e.usize,
            len(e.raw_name),
            0,
        )
        + e.raw_name
    )


def _write_bytes_member(out: BinaryIO, template: _Entry, data: bytes, level: int) -> _Entry:
    """Write a small replaced member (e.g. a table part) deflated from memory."""
    comp = zlib.compressobj(level, zlib.DEFLATED, -15)
    body = comp.compress(data) + comp.flush()
    e = replace(_new_entry(template), crc=zlib.crc32(data), csize=len(body), usize=len(data))
    out.write(_local_header(e))
    out.write(body)
    return e


# --------------------------------------------------------------------------------------
# Reading parts safely


def looks_like_bomb(info: zipfile.ZipInfo) -> bool:
    """True when a member's declared size is absurd: huge, or big and compressed too well."""
    ratio = info.file_size / max(info.compress_size, 1)
    return info.file_size > MAX_MEMBER_SIZE or (info.file_size > RATIO_FLOOR and ratio > MAX_RATIO)


def _check_member(info: zipfile.ZipInfo, path: Path) -> None:
    """Refuse members whose declared size is absurd (a zip bomb)."""
    if info.flag_bits & _FLAG_ENCRYPTED:
        raise WorkbookEncrypted(f"{path.name}: the workbook is password-protected (encrypted)")
    if looks_like_bomb(info):
        ratio = info.file_size / max(info.compress_size, 1)
        raise WorkbookTooLarge(
            f"{path.name}: member {info.filename} ({info.file_size:,} bytes, "
            f"{ratio:.0f}x compressed) looks like a zip bomb; refusing to read it"
        )


def _open_zip(path: Path) -> zipfile.ZipFile:
    """Open a workbook as a zip, turning every failure into a one-line WorkbookWriteError."""
    try:
        with open(path, "rb") as f:
            magic = f.read(8)
    except FileNotFoundError:
        raise WorkbookWriteError(f"{path.name}: file not found ({path})") from None
    except OSError as exc:
        raise WorkbookWriteError(f"{path.name}: cannot be read ({exc.strerror})") from exc
    if magic == _CFB_MAGIC:
        raise WorkbookEncrypted(f"{path.name}: the workbook is password-protected (encrypted)")
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise WorkbookWriteError(f"{path.name}: not an Excel workbook (not a zip file)") from exc


def _member_name(zf: zipfile.ZipFile, part: str) -> str | None:
    """The zip member for an OPC part name (part names are case-insensitive)."""
    if part in zf.NameToInfo:
        return part
    folded = part.casefold()
    return next((n for n in zf.NameToInfo if n.casefold() == folded), None)


def _read(zf: zipfile.ZipFile, path: Path, name: str) -> bytes:
    member = _member_name(zf, name)
    if member is None:
        raise WorkbookWriteError(f"{path.name}: the workbook has no part {name}")
    info = zf.getinfo(member)
    _check_member(info, path)
    try:
        return zf.read(info)
    except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError) as exc:
        raise WorkbookWriteError(f"{path.name}: part {name} is damaged ({exc})") from exc


def read_member(path: Path, name: str) -> bytes:
    """Decompress one member of a workbook, refusing zip bombs and encrypted files."""
    with _open_zip(Path(path)) as zf:
        return _read(zf, Path(path), name)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _rels_path(part: str) -> str:
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def _relationships(zf: zipfile.ZipFile, path: Path, part: str) -> list[tuple[str, str, str]]:
    """(Id, Type, resolved target part) for the internal relationships of ``part``."""
    rels = _rels_path(part) if part else "_rels/.rels"
    if _member_name(zf, rels) is None:
        return []
    root = ElementTree.fromstring(_read(zf, path, rels))
    found = []
    for rel in root:
        if _local(rel.tag) != "Relationship" or rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        if target.startswith("/"):
            resolved = target.lstrip("/")
        else:
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(part), target))
        found.append((rel.get("Id", ""), rel.get("Type", ""), resolved))
    return found


@dataclass(frozen=True, slots=True)
class _SheetRef:
    name: str
    sheet_id: str
    part: str
    rel_type: str


def _workbook_part(zf: zipfile.ZipFile, path: Path) -> str:
    for _, rel_type, target in _relationships(zf, path, ""):
        if rel_type.endswith(_OFFICE_DOC):
            return target
    return "xl/workbook.xml"


def _sheets(zf: zipfile.ZipFile, path: Path) -> tuple[str, list[_SheetRef]]:
    """The workbook part and its sheets in tab order."""
    wb_part = _workbook_part(zf, path)
    targets = {rid: (t, target) for rid, t, target in _relationships(zf, path, wb_part)}
    root = ElementTree.fromstring(_read(zf, path, wb_part))
    sheets = []
    for el in root.iter():
        if _local(el.tag) != "sheet":
            continue
        rid = next((v for k, v in el.attrib.items() if _local(k) == "id"), None)
        if rid in targets:
            rel_type, target = targets[rid]
            sheets.append(_SheetRef(el.get("name", ""), el.get("sheetId", ""), target, rel_type))
    return wb_part, sheets


def _is_date1904(zf: zipfile.ZipFile, path: Path, wb_part: str) -> bool:
    """True when the workbook uses the 1904 date system (``workbookPr/@date1904``)."""
    root = ElementTree.fromstring(_read(zf, path, wb_part))
    for el in root:
        if _local(el.tag) == "workbookPr":
            return el.get("date1904", "0").strip().lower() in ("1", "true")
    return False


def sheet_part_names(path: Path) -> dict[str, str]:
    """Sheet name → zip part path (e.g. ``"Plan": "xl/worksheets/sheet3.xml"``), tab order."""
    with _open_zip(Path(path)) as zf:
        return {s.name: s.part for s in _sheets(zf, Path(path))[1]}


def table_totals_rows(path: Path, sheet_part: str) -> list[tuple[int, int, int]]:
    """(Excel row, first column, last column), 1-based, of every totals row of the Excel
    tables (ListObjects) on one worksheet part.

    A totals row sits inside the table's ``ref`` as its last ``totalsRowCount`` rows; its
    cells hold SUBTOTAL formulas whose cached results look like one more data row.
    """
    found: list[tuple[int, int, int]] = []
    with _open_zip(Path(path)) as zf:
        for _, rel_type, part in _relationships(zf, Path(path), sheet_part):
            if not rel_type.endswith(_TABLE) or _member_name(zf, part) is None:
                continue
            root = ElementTree.fromstring(_read(zf, Path(path), part))
            count = int(root.get("totalsRowCount", "0") or 0)
            first, _, last = root.get("ref", "").partition(":")
            m1, m2 = CELL_REF.match(first), CELL_REF.match(last)
            if count <= 0 or m1 is None or m2 is None:
                continue
            left, right = column_number(m1.group(1)), column_number(m2.group(1))
            bottom = int(m2.group(2))
            found += [(row, left, right) for row in range(bottom - count + 1, bottom + 1)]
    return found


def _find_sheet(sheets: list[_SheetRef], name: str, path: Path) -> _SheetRef:
    """Exact name first; Excel itself treats tab names case-insensitively."""
    for s in sheets:
        if s.name == name:
            return s
    for s in sheets:
        if s.name.casefold() == name.casefold():
            return s
    raise WorkbookWriteError(f"{path.name}: no sheet named {name!r}")


# --------------------------------------------------------------------------------------
# Worksheet surgery


@dataclass
class _SheetPlan:
    """Everything needed to write one replaced worksheet."""

    ref: _SheetRef
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
    _check_member(info, path)
    try:
        with zf.open(info) as stream:
            buf = b""
            while (m := _SHEETDATA_OPEN.search(buf)) is None:
                chunk = stream.read(_COPY_CHUNK)
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
                    chunk = stream.read(_COPY_CHUNK)
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


def _write_sheet_member(
    out: BinaryIO, template: _Entry, plan: _SheetPlan, styles: Mapping[str, int], level: int
) -> tuple[_Entry, SheetExtent]:
    """Stream a rebuilt worksheet into ``out``; returns its entry and the written extent."""
    e = _new_entry(template)
    header_at = out.tell()
    out.write(_local_header(e))
    head = _head_with_dimension(plan.head, plan.prefix, "A1")
    head_at = out.tell()
    out.write(_stored_blocks(head))
    comp = zlib.compressobj(level, zlib.DEFLATED, -15)
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
    write(plan.tail)
    out.write(comp.flush())
    end = out.tell()

    final_head = _head_with_dimension(plan.head, plan.prefix, extent.ref)
    out.seek(head_at)
    out.write(_stored_blocks(final_head))
    e = replace(
        e,
        crc=crc32_combine(zlib.crc32(final_head), crc, size),
        csize=end - head_at,
        usize=len(final_head) + size,
    )
    out.seek(header_at)
    out.write(_local_header(e))
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
    for _, rel_type, part in _relationships(zf, src, wb_part):
        member = _member_name(zf, part) if rel_type.endswith(_CALC_CHAIN) else None
        if member is None:
            continue
        xml = _read(zf, src, member)
        filtered = _filtered_calc_chain(xml, sheet_ids)
        if filtered is None:
            rels_member = _member_name(zf, _rels_path(wb_part))
            types_member = _member_name(zf, "[Content_Types].xml")
            if rels_member is None or types_member is None:
                continue
            rels, types = _without_calc_chain(
                _read(zf, src, rels_member), _read(zf, src, types_member), member
            )
            edits.dropped.add(member)
            edits.replaced[rels_member] = rels
            edits.replaced[types_member] = types
        elif filtered != xml:
            edits.replaced[member] = filtered


# --------------------------------------------------------------------------------------
# Public entry point


def lock_files(path: Path) -> Iterator[Path]:
    """Where Excel and LibreOffice put the lock file of a workbook they have open."""
    yield path.with_name("~$" + path.name)  # Excel
    yield path.with_name(f".~lock.{path.name}#")  # LibreOffice


def _refuse_if_locked(path: Path) -> None:
    for lock in lock_files(path):
        if lock.exists():
            raise WorkbookLocked(
                f"{path.name} is open in Excel or LibreOffice (lock file {lock.name} exists); "
                "close it and try again"
            )


def _writable_target(src: Path, dst: Path | None) -> Path:
    """Where a rewrite goes, refused early when it (or the source) is locked or read-only."""
    target = Path(os.path.realpath(dst if dst is not None else src))
    _refuse_if_locked(src)
    if target != src:
        _refuse_if_locked(target)
    # os.access alone says "writable" to root; a file nobody may write is read-only for us too.
    if target.exists() and (not os.access(target, os.W_OK) or not target.stat().st_mode & 0o222):
        raise WorkbookWriteError(f"{target.name} is read-only")
    return target


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
    target = _writable_target(src, dst)

    new_sheets = dict(new_sheets or {})
    with _open_zip(src) as zf:
        wb_part, all_sheets = _sheets(zf, src)
        date1904 = _is_date1904(zf, src, wb_part)
        edits = _Edits({}, {}, {}, set())
        styles: dict[str, int] = {}
        merge: StyleMerge | None = None
        for _, rel_type, part in _relationships(zf, src, wb_part):
            member = _member_name(zf, part) if rel_type.endswith(_STYLES) else None
            if member is None:
                continue
            styles_xml = _read(zf, src, member)
            if template_styles is not None:
                merge = merge_styles(styles_xml, template_styles, with_dxfs=bool(new_sheets))
                if merge.xml != styles_xml:
                    edits.replaced[member] = styles_xml = merge.xml
            styles = style_index(styles_xml)
        plans, tables = edits.plans, edits.tables
        for name, content in sheets.items():
            if name in new_sheets:
                continue
            ref = _find_sheet(all_sheets, name, src)
            if not ref.rel_type.endswith(_WORKSHEET):
                raise WorkbookWriteError(f"{src.name}: {name!r} is not a worksheet")
            member = _member_name(zf, ref.part)
            if member is None:
                raise WorkbookWriteError(f"{src.name}: sheet {name!r} has no part {ref.part}")
            if member in plans:
                raise WorkbookWriteError(f"{src.name}: sheet {name!r} is given twice")
            head, tail, prefix = _split_sheet(zf, src, member)
            xmlns = _namespace_for(head, prefix) if prefix else None
            plans[member] = _SheetPlan(ref, member, content, head, tail, prefix, xmlns, date1904)
            if resize_tables:
                for _, rel_type, part in _relationships(zf, src, member):
                    table = _member_name(zf, part) if rel_type.endswith(_TABLE) else None
                    if table is not None:
                        tables[table] = (member, _read(zf, src, table))
        _calc_chain_edits(zf, src, wb_part, {p.ref.sheet_id for p in plans.values()}, edits)

        if parts is not None:
            for part, data in parts.replaced.items():
                edits.replaced[_member_name(zf, part) or part] = data
            edits.dropped |= {_member_name(zf, p) or p for p in parts.dropped}
            edits.added_parts.update(parts.added)

        def current(part: str) -> bytes:
            member = _member_name(zf, part) or part
            if member in edits.replaced:
                return edits.replaced[member]
            if member in edits.added_parts:
                return edits.added_parts[member]
            return _read(zf, src, member)

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
                member = _member_name(zf, part) or part
                if member in edits.added_parts:
                    edits.added_parts[member] = data
                else:
                    edits.replaced[member] = data
            for new in created:
                xml = sheet_skeleton(new_sheets[new.name], merge or StyleMerge(b""))
                head, _, tail = xml.partition(b"<sheetData/>")
                ref = _SheetRef(new.name, new.sheet_id, new.member, _WORKSHEET)
                plan = _SheetPlan(
                    ref, new.member, sheets[new.name], head, tail, None, None, date1904
                )
                edits.added[new.member] = plan
        if recalc_on_load or defined_names:
            wb_member = _member_name(zf, wb_part) or wb_part
            new_wb = current(wb_part)
            if defined_names:
                new_wb = set_defined_names(new_wb, defined_names)
            if recalc_on_load:
                new_wb = recalc_on_open(new_wb)
            if new_wb != current(wb_part):
                edits.replaced[wb_member] = new_wb

    _atomic_write(src, target, lambda f, out: _rebuild(f, out, src, edits, styles, compresslevel))


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
    target = _writable_target(src, dst)
    with _open_zip(src) as zf:
        replaced = {}
        for name, data in members.items():
            member = _member_name(zf, name)
            if member is None:
                raise WorkbookWriteError(f"{src.name}: the workbook has no part {name}")
            replaced[member] = data
    edits = _Edits({}, {}, replaced, set())
    _atomic_write(src, target, lambda f, out: _rebuild(f, out, src, edits, {}, compresslevel))


def table_parts(path: Path, sheet_part: str) -> list[str]:
    """The Excel table parts (``xl/tables/tableN.xml``) that belong to a worksheet part."""
    with _open_zip(Path(path)) as zf:
        return [
            _member_name(zf, part) or part
            for _, rel_type, part in _relationships(zf, Path(path), sheet_part)
            if rel_type.endswith(_TABLE)
        ]


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
    entries, comment = _read_entries(f, src.name)
    by_name = {e.name: e for e in entries}
    missing = [m for m in (*plans, *tables, *edits.replaced) if m not in by_name]
    if missing:
        raise WorkbookWriteError(f"{src.name}: zip directory lacks {', '.join(missing)}")
    extents: dict[str, SheetExtent] = {}
    records: list[bytes] = []
    pending_tables: dict[str, _Entry] = {}
    positions: dict[str, int] = {}
    for e in entries:
        if e.flags & _FLAG_ENCRYPTED:
            raise WorkbookEncrypted(f"{src.name}: the workbook is password-protected (encrypted)")
        if e.name in edits.dropped:
            continue
        offset = out.tell()
        positions[e.name] = len(records)
        if e.name in plans:
            new, extents[e.name] = _write_sheet_member(out, e, plans[e.name], styles, level)
            records.append(_central_record(new, offset))
        elif e.name in tables and tables[e.name][0] in extents:
            sheet_member, xml = tables[e.name]
            new = _write_bytes_member(out, e, _resized_table(xml, extents[sheet_member]), level)
            records.append(_central_record(new, offset))
        elif e.name in tables:
            pending_tables[e.name] = e  # its sheet comes later in the archive
            records.append(b"")
        elif e.name in edits.replaced:
            new = _write_bytes_member(out, e, edits.replaced[e.name], level)
            records.append(_central_record(new, offset))
        else:
            start, end = _raw_span(f, e)
            _copy_raw(f, out, start, end)
            records.append(_central_record(e, offset))
    for name, data in edits.added_parts.items():  # new members go after the existing ones
        offset = out.tell()
        new = _write_bytes_member(out, _fresh_entry(name), data, level)
        records.append(_central_record(new, offset))
    for name, plan in edits.added.items():  # new worksheets go after every existing member
        offset = out.tell()
        new, _ = _write_sheet_member(out, _fresh_entry(name), plan, styles, level)
        records.append(_central_record(new, offset))
        positions[name] = len(records) - 1
    # Tables stored before their sheet (unusual; Excel writes sheets first) go at the end.
    for name, e in pending_tables.items():
        offset = out.tell()
        sheet_member, xml = tables[name]
        new = _write_bytes_member(out, e, _resized_table(xml, extents[sheet_member]), level)
        records[positions[name]] = _central_record(new, offset)
    _write_directory(out, records, comment)


def _atomic_write(src: Path, target: Path, build: Callable[[BinaryIO, BinaryIO], None]) -> None:
    """Run ``build(src_file, tmp_file)`` then move the temp file onto ``target`` atomically.

    The new file keeps the permissions the workbook had (the source's, for a new file);
    every failure becomes one WorkbookWriteError line naming the file.
    """

    def write(out: BinaryIO) -> None:
        with open(src, "rb") as f:
            build(f, out)

    try:
        atomic_write(target, write, mode=file_mode(target if target.exists() else src, 0o600))
    except TempFileError as exc:
        raise WorkbookWriteError(
            f"{target.name}: cannot create a file in {target.parent} ({exc.strerror})"
        ) from exc
    except OSError as exc:
        raise WorkbookWriteError(
            f"{target.name}: could not be written ({exc.strerror or exc}); "
            "the original is unchanged"
        ) from exc
    except (zlib.error, struct.error) as exc:
        raise WorkbookWriteError(f"{src.name}: the zip structure is damaged ({exc})") from exc


__all__ = [
    "COMPRESS_LEVEL",
    "PartEdits",
    "SheetContent",
    "WorkbookEncrypted",
    "WorkbookLocked",
    "WorkbookTooLarge",
    "WorkbookWriteError",
    "column_letter",
    "crc32_combine",
    "read_member",
    "replace_members",
    "resize_table",
    "rewrite_workbook",
    "sheet_part_names",
    "table_parts",
    "table_totals_rows",
]
