"""Write a zip package member by member: raw copies, new members, the central directory.

Every member that does not change is copied with its *compressed* bytes untouched (a 35 MB
workbook is not recompressed); new and replaced members are deflated as they are written,
with ZIP64 records only where sizes or offsets need them. The new file is written beside the
destination, fsynced and moved into place (:func:`routekpi.contract.atomic_write`); on any
failure the temporary file is removed and the workbook is untouched.
"""

from __future__ import annotations

import datetime as dt
import os
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from routekpi.contract import TempFileError, atomic_write, file_mode
from routekpi.io.package import (
    WorkbookLocked,
    WorkbookTooLarge,
    WorkbookWriteError,
    lock_files,
)

COMPRESS_LEVEL = 6  # like Excel's; level 1 saves ~1.5 s per million rows, costs ~25 % size
COPY_CHUNK = 1 << 20  # bytes read at a time when copying or scanning a member

_MAX32 = 0xFFFFFFFF
_MAX16 = 0xFFFF
_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_EOCD = struct.Struct("<IHHHHIIH")
_EOCD64 = struct.Struct("<IQHHIIQQQQ")
_LOCATOR64 = struct.Struct("<IIQI")
_SIG_LOCAL, _SIG_CENTRAL, _SIG_EOCD = 0x04034B50, 0x02014B50, 0x06054B50
_SIG_EOCD64, _SIG_LOCATOR64, _SIG_DESCRIPTOR = 0x06064B50, 0x07064B50, 0x08074B50
_FLAG_DESCRIPTOR, _FLAG_UTF8 = 0x8, 0x800
_STORED_BLOCK = 0xFFFF


@dataclass(frozen=True, slots=True)
class ZipEntry:
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


def read_entries(f: BinaryIO, name: str) -> tuple[list[ZipEntry], bytes]:
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
    entries: list[ZipEntry] = []
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
            ZipEntry(
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


def raw_span(f: BinaryIO, e: ZipEntry) -> tuple[int, int]:
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


def copy_raw(src: BinaryIO, out: BinaryIO, start: int, end: int) -> None:
    """Copy bytes [start, end) of src to out without interpreting them."""
    src.seek(start)
    left = end - start
    while left > 0:
        chunk = src.read(min(COPY_CHUNK, left))
        if not chunk:
            raise WorkbookWriteError("the workbook file ended early (truncated zip)")
        out.write(chunk)
        left -= len(chunk)


def central_record(e: ZipEntry, offset: int) -> bytes:
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


def write_directory(out: BinaryIO, records: list[bytes], comment: bytes) -> None:
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


_CRC_POLY = 0xEDB88320  # CRC-32's polynomial, bit-reversed (as zlib)


def _multmodp(a: int, b: int) -> int:
    """a × b modulo the CRC polynomial (bit-reversed: the top bit is x**0), zlib's multmodp."""
    m, p = 1 << 31, 0
    while True:
        if a & m:
            p ^= b
            if not a & (m - 1):
                return p
        m >>= 1
        b = (b >> 1) ^ _CRC_POLY if b & 1 else b >> 1


def _x2n_table() -> tuple[int, ...]:
    """x**(2**k) modulo the polynomial for k = 0…31 (zlib's x2n_table)."""
    table, p = [], 1 << 30  # x**1
    for _ in range(32):
        table.append(p)
        p = _multmodp(p, p)
    return tuple(table)


# zlib ≥ 1.2.12's combine: appending len2 bytes multiplies the CRC by x**(8·len2), a product
# of these powers — 32 squarings built once at import (an older combine squared 32 × 32
# matrices: ~800 matrix products, ~3 ms of every recalculation's first sheet). Pure
# functions of the polynomial: nothing here can go stale.
_X2N = _x2n_table()


def crc32_combine(crc1: int, crc2: int, len2: int) -> int:
    """CRC-32 of A+B from crc(A), crc(B) and len(B) (zlib's algorithm; Python lacks it)."""
    if len2 <= 0:
        return crc1
    p, k = 1 << 31, 3  # x**0; 2**3 bits a byte
    while len2:
        if len2 & 1:
            p = _multmodp(_X2N[k & 31], p)
        len2 >>= 1
        k += 1
    return _multmodp(p, crc1) ^ crc2


def stored_blocks(data: bytes) -> bytes:
    """``data`` as non-final raw-deflate stored blocks (byte-aligned, fixed size)."""
    out = bytearray()
    for i in range(0, len(data), _STORED_BLOCK):
        block = data[i : i + _STORED_BLOCK]
        out += b"\x00" + struct.pack("<HH", len(block), len(block) ^ 0xFFFF) + block
    return bytes(out)


def new_entry(template: ZipEntry) -> ZipEntry:
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


def fresh_entry(name: str) -> ZipEntry:
    """The central-directory fields of a member that did not exist before."""
    raw = name.encode("utf-8")
    flags = 0 if raw.isascii() else _FLAG_UTF8
    return ZipEntry(
        name, raw, 20, 20, flags, zipfile.ZIP_DEFLATED, 0, 0, 0, 0, 0, 0, 0, 0, 0, b"", b"", False
    )


def local_header(e: ZipEntry) -> bytes:
    """The local file header written before a member's data."""
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


def write_bytes_member(out: BinaryIO, template: ZipEntry, data: bytes, level: int) -> ZipEntry:
    """Write a small replaced member (e.g. a table part) deflated from memory."""
    comp = zlib.compressobj(level, zlib.DEFLATED, -15)
    body = comp.compress(data) + comp.flush()
    e = replace(new_entry(template), crc=zlib.crc32(data), csize=len(body), usize=len(data))
    out.write(local_header(e))
    out.write(body)
    return e


def _refuse_if_locked(path: Path) -> None:
    for lock in lock_files(path):
        if lock.exists():
            raise WorkbookLocked(
                f"{path.name} is open in Excel or LibreOffice (lock file {lock.name} exists); "
                "close it and try again"
            )


def writable_target(src: Path, dst: Path | None) -> Path:
    """Where a rewrite goes, refused early when it (or the source) is locked or read-only."""
    target = Path(os.path.realpath(dst if dst is not None else src))
    _refuse_if_locked(src)
    if target != src:
        _refuse_if_locked(target)
    # os.access alone says "writable" to root; a file nobody may write is read-only for us too.
    if target.exists() and (not os.access(target, os.W_OK) or not target.stat().st_mode & 0o222):
        raise WorkbookWriteError(f"{target.name} is read-only")
    return target


def replace_atomically(
    src: Path, target: Path, build: Callable[[BinaryIO, BinaryIO], None]
) -> None:
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
