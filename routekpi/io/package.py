"""Read an .xlsx/.xlsm package safely: its members, relationships, sheets and tables.

Every member is decompressed through :func:`read_part`, which refuses encrypted workbooks and
members whose declared size looks like a zip bomb; every failure is one
:class:`WorkbookWriteError` line naming the file. Part names are matched case-insensitively,
as OPC requires. The writers (:mod:`routekpi.io.partwriter`, :mod:`routekpi.io.sheetrewrite`)
and the reader (:mod:`routekpi.io.reader`) build on it.
"""

from __future__ import annotations

import contextlib
import posixpath
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from defusedxml import ElementTree

from routekpi.contract import CELL_REF, column_number

# Zip-bomb guards for members we decompress (copied members are never decompressed).
MAX_MEMBER_SIZE = 2 * 1024**3
MAX_RATIO = 200
RATIO_FLOOR = 16 * 1024**2  # below this, a high ratio is harmless (tiny XML compresses well)
FLAG_ENCRYPTED = 0x1  # general-purpose bit 0 of a zip member

_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE compound file: encrypted OOXML or .xls
# Relationship types, matched by their last path segment.
_OFFICE_DOC = "/officeDocument"
REL_WORKSHEET = "/worksheet"
REL_TABLE = "/table"
REL_STYLES = "/styles"
REL_CALC_CHAIN = "/calcChain"


class WorkbookWriteError(Exception):
    """The workbook cannot be rewritten; the message is one line naming the file."""


class WorkbookLocked(WorkbookWriteError):
    """The workbook is open in Excel (its ``~$`` lock file exists)."""


class WorkbookEncrypted(WorkbookWriteError):
    """The file is a password-protected (encrypted) workbook: an OLE container, not a zip."""


class WorkbookTooLarge(WorkbookWriteError):
    """A member would expand to an unsafe size (a zip bomb, or a sheet over 4 GiB)."""


def looks_like_bomb(info: zipfile.ZipInfo) -> bool:
    """True when a member's declared size is absurd: huge, or big and compressed too well."""
    ratio = info.file_size / max(info.compress_size, 1)
    return info.file_size > MAX_MEMBER_SIZE or (info.file_size > RATIO_FLOOR and ratio > MAX_RATIO)


def check_member(info: zipfile.ZipInfo, path: Path) -> None:
    """Refuse members whose declared size is absurd (a zip bomb)."""
    if info.flag_bits & FLAG_ENCRYPTED:
        raise WorkbookEncrypted(f"{path.name}: the workbook is password-protected (encrypted)")
    if looks_like_bomb(info):
        ratio = info.file_size / max(info.compress_size, 1)
        raise WorkbookTooLarge(
            f"{path.name}: member {info.filename} ({info.file_size:,} bytes, "
            f"{ratio:.0f}x compressed) looks like a zip bomb; refusing to read it"
        )


def open_zip(path: Path) -> zipfile.ZipFile:
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


def member_name(zf: zipfile.ZipFile, part: str) -> str | None:
    """The zip member for an OPC part name (part names are case-insensitive)."""
    if part in zf.NameToInfo:
        return part
    folded = part.casefold()
    return next((n for n in zf.NameToInfo if n.casefold() == folded), None)


def read_part(zf: zipfile.ZipFile, path: Path, name: str) -> bytes:
    """One part's bytes from an open package (zip bombs and encrypted members refused)."""
    member = member_name(zf, name)
    if member is None:
        raise WorkbookWriteError(f"{path.name}: the workbook has no part {name}")
    info = zf.getinfo(member)
    check_member(info, path)
    try:
        return zf.read(info)
    except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError) as exc:
        raise WorkbookWriteError(f"{path.name}: part {name} is damaged ({exc})") from exc


def read_member(path: Path, name: str) -> bytes:
    """Decompress one member of a workbook, refusing zip bombs and encrypted files."""
    with open_zip(Path(path)) as zf:
        return read_part(zf, Path(path), name)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def rels_path(part: str) -> str:
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def relationships(zf: zipfile.ZipFile, path: Path, part: str) -> list[tuple[str, str, str]]:
    """(Id, Type, resolved target part) for the internal relationships of ``part``."""
    rels = rels_path(part) if part else "_rels/.rels"
    if member_name(zf, rels) is None:
        return []
    root = ElementTree.fromstring(read_part(zf, path, rels))
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
class SheetRef:
    name: str
    sheet_id: str
    part: str
    rel_type: str


def _workbook_part(zf: zipfile.ZipFile, path: Path) -> str:
    for _, rel_type, target in relationships(zf, path, ""):
        if rel_type.endswith(_OFFICE_DOC):
            return target
    return "xl/workbook.xml"


def workbook_sheets(zf: zipfile.ZipFile, path: Path) -> tuple[str, list[SheetRef]]:
    """The workbook part and its sheets in tab order."""
    wb_part = _workbook_part(zf, path)
    targets = {rid: (t, target) for rid, t, target in relationships(zf, path, wb_part)}
    root = ElementTree.fromstring(read_part(zf, path, wb_part))
    sheets = []
    for el in root.iter():
        if _local(el.tag) != "sheet":
            continue
        rid = next((v for k, v in el.attrib.items() if _local(k) == "id"), None)
        if rid in targets:
            rel_type, target = targets[rid]
            sheets.append(SheetRef(el.get("name", ""), el.get("sheetId", ""), target, rel_type))
    return wb_part, sheets


def is_date1904(zf: zipfile.ZipFile, path: Path, wb_part: str) -> bool:
    """True when the workbook uses the 1904 date system (``workbookPr/@date1904``)."""
    root = ElementTree.fromstring(read_part(zf, path, wb_part))
    for el in root:
        if _local(el.tag) == "workbookPr":
            return el.get("date1904", "0").strip().lower() in ("1", "true")
    return False


def sheet_part_names(path: Path) -> dict[str, str]:
    """Sheet name → zip part path (e.g. ``"Plan": "xl/worksheets/sheet3.xml"``), tab order."""
    with open_zip(Path(path)) as zf:
        return {s.name: s.part for s in workbook_sheets(zf, Path(path))[1]}


def table_totals_rows(
    path: Path, sheet_part: str, package: zipfile.ZipFile | None = None
) -> list[tuple[int, int, int]]:
    """(Excel row, first column, last column), 1-based, of every totals row of the Excel
    tables (ListObjects) on one worksheet part (``package``: the workbook already open).

    A totals row sits inside the table's ``ref`` as its last ``totalsRowCount`` rows; its
    cells hold SUBTOTAL formulas whose cached results look like one more data row.
    """
    found: list[tuple[int, int, int]] = []
    with contextlib.ExitStack() as stack:
        zf = package if package is not None else stack.enter_context(open_zip(Path(path)))
        for _, rel_type, part in relationships(zf, Path(path), sheet_part):
            if not rel_type.endswith(REL_TABLE) or member_name(zf, part) is None:
                continue
            root = ElementTree.fromstring(read_part(zf, Path(path), part))
            count = int(root.get("totalsRowCount", "0") or 0)
            first, _, last = root.get("ref", "").partition(":")
            m1, m2 = CELL_REF.match(first), CELL_REF.match(last)
            if count <= 0 or m1 is None or m2 is None:
                continue
            left, right = column_number(m1.group(1)), column_number(m2.group(1))
            bottom = int(m2.group(2))
            found += [(row, left, right) for row in range(bottom - count + 1, bottom + 1)]
    return found


def sheet_by_name(sheets: list[SheetRef], name: str, path: Path) -> SheetRef:
    """Exact name first; Excel itself treats tab names case-insensitively."""
    for s in sheets:
        if s.name == name:
            return s
    for s in sheets:
        if s.name.casefold() == name.casefold():
            return s
    raise WorkbookWriteError(f"{path.name}: no sheet named {name!r}")


def table_parts(path: Path, sheet_part: str) -> list[str]:
    """The Excel table parts (``xl/tables/tableN.xml``) that belong to a worksheet part."""
    with open_zip(Path(path)) as zf:
        return [
            member_name(zf, part) or part
            for _, rel_type, part in relationships(zf, Path(path), sheet_part)
            if rel_type.endswith(REL_TABLE)
        ]


def lock_files(path: Path) -> Iterator[Path]:
    """Where Excel and LibreOffice put the lock file of a workbook they have open."""
    yield path.with_name("~$" + path.name)  # Excel
    yield path.with_name(f".~lock.{path.name}#")  # LibreOffice
