"""Read a workbook file into raw sheets and settings cells, safely and fast.

python-calamine (Rust) reads the cells: several times faster than openpyxl on big sheets.
The few things calamine does not expose — defined names, the 1904 date flag and error
values (it hands ``#N/A`` over as ``""``) — come from the XML itself: ``xl/workbook.xml``
parsed with defusedxml, and a byte scan of each input sheet for error cells. Merged cells
are filled with their value, as the user sees them. Before any of that, the container is
checked: lock file, encryption, zip bombs, DTDs (Excel never writes one; a DTD is how
entity-expansion and external-entity attacks start).
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
import re
import struct
import sys
import threading
import time
import zipfile
import zlib
from collections.abc import Callable, Collection, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from xml.etree.ElementTree import ParseError

import defusedxml
import defusedxml.ElementTree as SafeET
import pyarrow as pa
import pyarrow.compute as pc
import python_calamine as calamine

from routekpi.contract import HEADER_SCAN_ROWS, InputError, RawSheet, cell_reference, column_number
from routekpi.io.fastread import read_typed
from routekpi.io.package import (
    WorkbookWriteError,
    lock_files,
    looks_like_bomb,
    sheet_part_names,
    table_totals_rows,
)
from routekpi.schema import (
    COLLECTED_VISITS,
    INPUT_SHEETS,
    ORDERS,
    SETTING_SPECS,
    SETTINGS,
    SOURCES,
    VISITS,
    WORDS,
    SheetSpec,
    find_sheet,
)
from routekpi.validation.headers import header_match
from routekpi.validation.reps_sheet import reps_tab
from routekpi.validation.typed import TypedColumn

try:  # ISA-L's inflate: the very same bytes in ~60 % of zlib's time (the layout scan's cost)
    from isal import isal_zlib as _inflate_lib

    _INFLATE_ERROR: type[Exception] = _inflate_lib.error
except ImportError:  # pragma: no cover - exercised only where isal is absent
    _inflate_lib = zlib  # type: ignore[assignment]
    _INFLATE_ERROR = zlib.error

MAX_UNCOMPRESSED = 2 * 1024**3  # a real 1M-row workbook expands to ~300 MB
_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
_CELL_REF = re.compile(rb'\br="([A-Z]{1,3})([0-9]+)"')
_PROLOG_SCAN = 64 * 1024  # a DTD must come before the root element, i.e. in the first bytes
# Name of the stream an encrypted OOXML package keeps inside its OLE container (UTF-16LE);
# an .xls from Excel 97-2003 is an OLE container too, but without it.
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_XML_SUFFIXES = (".xml", ".rels", ".vml")
# fastexcel reports its type guesses ("Could not determine dtype for column 2, falling back
# to string") through Python logging; without a handler, logging's last resort prints them
# on the terminal. A blank or mixed column is normal input, reported (if at all) on Checks.
logging.getLogger("fastexcel").addHandler(logging.NullHandler())


def _no_hugepage_advice() -> None:
    """Stop NumPy asking Linux for transparent huge pages on its big arrays (unless the
    ``NUMPY_MADVISE_HUGEPAGE`` variable already says what to do).

    NumPy advises huge pages (``madvise``) for every array of 4 MB or more. Where the
    kernel's THP ``defrag`` setting is ``madvise`` (Debian's default), each first touch of
    such an array may compact memory on the spot: at a million rows, half the validation's
    system time (~1.0 s → ~0.55 s) and a third of the whole run's. Only where the pages come
    from changes, never a value. Elsewhere (Windows, macOS) NumPy advises nothing anyway.
    """
    if "NUMPY_MADVISE_HUGEPAGE" in os.environ:
        return
    try:
        from numpy._core.multiarray import _set_madvise_hugepage
    except ImportError:  # pragma: no cover - an older or newer NumPy: left as it is
        return
    _set_madvise_hugepage(False)


def _system_arrow_pool() -> None:
    """On Linux, Arrow's buffers from the C library's allocator instead of the bundled
    mimalloc (unless the ``ARROW_DEFAULT_MEMORY_POOL`` variable already names one).

    A million-row book's text columns are built as Arrow buffers of tens of MB each; fresh
    mimalloc memory cost ~10× glibc's at first touch here (a 22 MB column built: ~0.2 s of
    CPU against ~0.02 s), which made most of the validation's system time (0.5–0.7 s →
    0.1–0.15 s; the whole run's 2.1–2.3 s → 1.3–1.4 s). Only where the bytes live changes,
    never a value. Buffers made before the switch keep their own pool.
    """
    if sys.platform.startswith("linux") and "ARROW_DEFAULT_MEMORY_POOL" not in os.environ:
        pa.set_memory_pool(pa.system_memory_pool())


# At import: the background read's arrays are the first big ones.
_no_hugepage_advice()
_system_arrow_pool()

# glibc's mallopt parameters (malloc.h): what a freed block may keep, and from what size a
# block is mapped on its own.
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
_KEPT_BYTES = 1 << 30
_MAPPED_FROM = 512 << 20


def _malloc_keeps_freed_memory() -> None:
    """For the command line's run (``BackgroundRead``): the C library's allocator keeps the
    memory freed blocks held, for the next blocks, instead of giving it back to Linux and
    asking for fresh pages, each zeroed by the kernel on first touch (unless the
    ``MALLOC_MMAP_THRESHOLD_`` or ``MALLOC_TRIM_THRESHOLD_`` variable already says).

    Blocks of a few MB to a few hundred (a column of a million rows, the read's buffers,
    pandas' temporaries) are mapped and unmapped one by one by default (glibc raises its
    threshold only up to 32 MB, and a block past it is mapped anew every time): at a million
    order lines ~0.3 s of the run's system time (1.18-1.27 s → 0.86-0.93 s), for ~200 MB more
    peak memory (866 → 1,071 MiB). Only where the bytes live changes, never a value. Not
    for a program that recalculates and lives on (the Excel add-in's server): it would hold
    its peak; the command line ends with its run.
    """
    if not sys.platform.startswith("linux") or any(
        name in os.environ for name in ("MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_")
    ):
        return
    try:
        import ctypes

        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # pragma: no cover - not glibc (musl has no mallopt)
        return
    mallopt(_M_TRIM_THRESHOLD, _KEPT_BYTES)
    mallopt(_M_MMAP_THRESHOLD, _MAPPED_FROM)


@dataclass
class WorkbookData:
    """What a workbook file holds, before validation."""

    sheets: dict[str, RawSheet | None]  # canonical input sheet name → raw cells (None: absent)
    settings: dict[str, object]  # setting name → cell value (absent: named cell missing)
    setting_cells: dict[str, tuple[int, str]]  # setting name → (row, column letter)
    tab_names: dict[str, str]  # canonical name → the tab name in this book
    date1904: bool = False
    user_sheets: list[str] = field(default_factory=list)
    setting_sheets: dict[str, str] = field(default_factory=dict)  # setting name → its tab
    # First rows of the user's own tabs, read only when an input sheet is missing: one of
    # them may be that sheet under another name (validation.sheets names it).
    user_headers: dict[str, list[list[object]]] = field(default_factory=dict)
    skipped: set[str] = field(default_factory=set)  # input sheets a history source replaced
    # The Reps sheet (a user tab: rep, e-mail, branch), read for its branch column
    # (validation.branches); None when the book has none.
    reps: RawSheet | None = None
    # Input sheet → its table validated in the read's thread as soon as it was parsed
    # (``BackgroundRead``: validation.tables.PreparedTable); validation takes it when its
    # sheet, day and words are the ones it would have read with.
    prepared: dict[str, object] = field(default_factory=dict)


def check_container(path: Path) -> None:
    """Refuse what is not a safe .xlsx/.xlsm zip, before reading a single cell.

    Open in Excel (lock file), missing, encrypted, an old .xls, not a zip, not a
    spreadsheet, a zip bomb, or XML carrying a DTD: each raises InputError with its key.
    """
    _checked_sizes(path)


def _checked_sizes(path: Path) -> dict[str, int]:
    """``check_container``, and each member's uncompressed size (from the same directory
    read: the reader decides by size which sheets take the fast path)."""
    for lock in lock_files(path):
        if lock.exists():  # refuse up front: the writer would refuse anyway, after the work
            raise InputError("err.locked", path=str(path))
    if not path.is_file():
        raise InputError("err.not_found", path=str(path))
    with path.open("rb") as fh:
        magic = fh.read(8)
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(_ole_kind(path), path=str(path))
    if not magic.startswith(b"PK"):
        raise InputError("err.not_workbook", path=str(path))
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            if "xl/workbook.xml" not in names:
                raise InputError("err.not_workbook", path=str(path))
            total = sum(i.file_size for i in infos)
            if total > MAX_UNCOMPRESSED or any(looks_like_bomb(i) for i in infos):
                raise InputError("err.too_large", path=str(path))
            for info in infos:
                if info.filename.lower().endswith(_XML_SUFFIXES) and _has_dtd(zf, info):
                    raise InputError("err.unsafe_xml", path=str(path), part=info.filename)
            return {i.filename: i.file_size for i in infos}
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        raise InputError("err.not_workbook", path=str(path)) from exc


def _ole_kind(path: Path) -> str:
    """An OLE container is either an encrypted workbook or an Excel 97-2003 .xls."""
    # The directory holds the stream names; any size is fine to scan once, it is refused.
    return "err.encrypted" if _ENCRYPTED_STREAM in path.read_bytes() else "err.legacy_xls"


def _has_dtd(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """True when the part declares a DTD (only the prolog is decompressed)."""
    with zf.open(info) as fh:
        return b"<!DOCTYPE" in fh.read(_PROLOG_SCAN)


def _workbook_xml(path: Path) -> tuple[bool, dict[str, str]]:
    """The 1904 flag and the defined names (name → formula text).

    A workbook-level name wins; a name scoped to one sheet (Excel's "Scope: Settings",
    LibreOffice's sheet-local range names) is used when no workbook-level one exists.
    """
    try:
        with zipfile.ZipFile(path) as zf:
            root = SafeET.fromstring(zf.read("xl/workbook.xml"))
    except defusedxml.DefusedXmlException as exc:
        raise InputError("err.unsafe_xml", path=str(path), part="xl/workbook.xml") from exc
    except (ParseError, zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise InputError("err.not_workbook", path=str(path)) from exc
    pr = root.find("m:workbookPr", _NS)
    date1904 = pr is not None and pr.get("date1904", "0").lower() in ("1", "true")
    names: dict[str, str] = {}
    scoped: dict[str, str] = {}
    for dn in root.iterfind("m:definedNames/m:definedName", _NS):
        if not dn.text:
            continue
        target = names if dn.get("localSheetId") is None else scoped
        target.setdefault(dn.get("name", ""), dn.text.strip())
    return date1904, scoped | names


def error_cells(
    path: Path, part: str, package: zipfile.ZipFile | None = None
) -> dict[tuple[int, int], str]:
    """(0-based row, column) → error code (``#N/A``…) of every error cell in a sheet part.

    calamine turns error cells into ``""``, which would read as blank; the codes matter
    to the user ("#N/A in 金額" says where the lookup broke). The part is streamed and
    searched for ``t="e"`` with a plain byte find, so even a 1M-row sheet costs well under
    a second and no XML parser runs on it.
    """
    found: dict[tuple[int, int], str] = {}
    carry = b""
    with contextlib.ExitStack() as stack:
        zf = package if package is not None else stack.enter_context(zipfile.ZipFile(path))
        fh = stack.enter_context(zf.open(part))
        while True:
            chunk = fh.read(1 << 22)
            buf = carry + chunk
            done = 0
            pos = buf.find(b't="e"')
            while pos != -1:
                start = buf.rfind(b"<", 0, pos)
                end = buf.find(b"</c>", pos)
                if end == -1 and chunk:
                    done = start  # the cell continues in the next chunk
                    break
                tag_end = buf.find(b">", pos)
                ref = _CELL_REF.search(buf, start, tag_end)
                value = re.search(rb"<v>([^<]*)</v>", buf[tag_end:end]) if end != -1 else None
                if ref and value and buf[tag_end - 1 : tag_end] != b"/":
                    row, col = int(ref.group(2)) - 1, column_number(ref.group(1)) - 1
                    found[(row, col)] = value.group(1).decode("utf-8", "replace")
                done = end if end != -1 else len(buf)
                pos = buf.find(b't="e"', done)
            if not chunk:
                return found
            # Keep an unfinished cell, or enough bytes to see a ``t="e"`` cut in two.
            carry = buf[done:] if done and buf.find(b"</c>", done) == -1 else buf[-256:]


def _patch_cells(
    rows: list[list[object]],
    start: tuple[int, int],
    merged: list[tuple[tuple[int, int], tuple[int, int]]],
    errors: dict[tuple[int, int], str],
) -> None:
    """Put error codes back and spread each merged cell's value over its range."""
    r0, c0 = start
    for (row, col), code in errors.items():
        i, j = row - r0, col - c0
        if 0 <= i < len(rows) and 0 <= j < len(rows[i]) and rows[i][j] in ("", None):
            rows[i][j] = code
    for (top, left), (bottom, right) in merged:
        i, j = top - r0, left - c0
        if not (0 <= i < len(rows) and 0 <= j < len(rows[i])):
            continue
        value = rows[i][j]
        for r in range(max(top - r0, 0), min(bottom - r0 + 1, len(rows))):
            for c in range(max(left - c0, 0), min(right - c0 + 1, len(rows[r]))):
                if rows[r][c] in ("", None):
                    rows[r][c] = value


FAST_MIN_BYTES = 1024**2  # sheet XML size from which the Arrow fast path pays off (~8,000 rows)
_ROW = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="(\d+)"[^>]*>(.*?)</(?:\w+:)?row>', re.S)
_ROW_START = re.compile(rb"<(?:\w+:)?row\b")
# What only the slow path reads right (_untidy): merged cells (spread over their range),
# booleans (fastexcel turns TRUE into 1.0 or "true") and ISO-dated cells (t="d").
_MERGED = "mergeCell "
_TYPED = 't="[bd]"'
# Merged cells are declared after the cells (``mergeCells`` follows ``sheetData`` in the
# worksheet's schema, which Excel enforces): looked for only in the sheet's last bytes, at
# least this many, once they are seen to hold the end of ``sheetData``.
_TAIL_BYTES = 1 << 22
_SHEET_DATA_END = re.compile(rb"</(?:\w+:)?$")  # what comes before "sheetData>" in its end tag


def _untidy(buf: bytes, pattern: str = _TYPED) -> bool:
    """Whether the bytes hold a cell only the slow path reads right (a boolean or an
    ISO-dated one; ``pattern`` _MERGED: a merged range).

    Searched by Arrow's RE2 over the bytes as they are (no copy), which lets go of the GIL:
    the scan runs beside the command line's imports instead of stalling them. ``re`` and
    ``bytes.find`` held it (~45 ms of a 100,000-row book's two sheets); RE2 is also faster on
    both patterns (``match_substring``, a plain search, is not: 40× slower than RE2 here).
    """
    data = pa.Array.from_buffers(
        pa.large_binary(), 1, [None, pa.py_buffer(_OFFSETS.pack(0, len(buf))), pa.py_buffer(buf)]
    )
    return bool(pc.match_substring_regex(data, pattern)[0].as_py())


def _merged_at_end(tail: bytes) -> bool:
    """Whether a sheet's last bytes declare merged cells, or may: True too when they do not
    hold the end of ``sheetData`` (a tail past ``_TAIL_BYTES``, an empty ``<sheetData/>``),
    where the declarations could lie before them (the slow path then reads the sheet)."""
    at = tail.rfind(b"sheetData>")
    if at < 0 or _SHEET_DATA_END.search(tail[max(0, at - 64) : at]) is None:
        return True
    return _untidy(tail, _MERGED)


_OFFSETS = struct.Struct("<qq")  # one large-binary value: offsets 0 and its length


_LOCAL_HEADER = struct.Struct("<4sHHHHHIIIHH")  # a zip member's local file header


def _inflate(path: Path, part: str) -> Iterator[bytes]:
    """A zip member's bytes in 4 MB pieces.

    A deflated member is inflated straight from its raw stream: zipfile would also compute
    its CRC, which is a third of the work and which fastexcel checks anyway.
    """
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(part)
        if info.compress_type != zipfile.ZIP_DEFLATED or info.flag_bits & 1:
            with zf.open(info) as fh:
                while chunk := fh.read(1 << 22):
                    yield chunk
            return
    with path.open("rb") as fh:
        fh.seek(info.header_offset)
        head = _LOCAL_HEADER.unpack(fh.read(_LOCAL_HEADER.size))
        fh.seek(head[9] + head[10], 1)  # file name and extra field
        inflater = _inflate_lib.decompressobj(-zlib.MAX_WBITS)
        left = info.compress_size
        try:
            while left > 0:
                raw = fh.read(min(left, 1 << 20))
                if not raw:
                    break
                left -= len(raw)
                chunk = inflater.decompress(raw, 1 << 22)
                while chunk:
                    yield chunk
                    chunk = inflater.decompress(inflater.unconsumed_tail, 1 << 22)
            tail = inflater.flush()
        except _INFLATE_ERROR as exc:  # a damaged member, as zlib would say it
            raise zlib.error(str(exc)) from exc
        if tail:
            yield tail


def _sheet_layout(
    path: Path, part: str, stop: threading.Event | None = None
) -> tuple[int | None, bool]:
    """First Excel row holding a value, and whether the sheet has cells only the slow path
    reads right (see ``_untidy``).

    Streams the part once, stopping at the first untidy cell or when ``stop`` is set; no
    XML parser runs. Runs beside fastexcel's parse (both release the GIL). Merged ranges are
    looked for in the last ``_TAIL_BYTES`` only (``_merged_at_end``): one search of every
    chunk, not two (at a million rows, 0.37 → 0.27 s of CPU a sheet).
    """
    first: int | None = None
    head = b""
    seam = b""
    recent: list[bytes] = []  # the last chunks, at least _TAIL_BYTES of them (or all)
    kept = 0
    for chunk in _inflate(path, part):
        if stop is not None and stop.is_set():
            return first, True
        if first is None:
            head += chunk  # the first row with a value is normally in the first chunk
            for m in _ROW.finditer(head):
                if b"<v>" in m.group(2) or b"<is>" in m.group(2) or b"<v " in m.group(2):
                    first = int(m.group(1))
                    head = b""
                    break
            else:  # rows without values so far: keep only the row still being read
                starts = [m.start() for m in _ROW_START.finditer(head)]
                head = head[starts[-1] :] if starts else head[-4096:]
        # A marker may straddle chunks: also look at the seam, the last 16 bytes read before
        # this chunk (over as many short chunks as it takes) and this chunk's first 16.
        if _untidy(chunk) or _untidy(seam + chunk[:16]):
            return first, True
        # The last 16 bytes read; not (seam + chunk)[-16:], a 4 MB copy per chunk.
        seam = chunk[-16:] if len(chunk) >= 16 else (seam + chunk)[-16:]
        recent.append(chunk)
        kept += len(chunk)
        while kept - len(recent[0]) >= _TAIL_BYTES:
            kept -= len(recent.pop(0))
    return first, _merged_at_end(b"".join(recent))


def _fast_sheet(path: Path, tab: str, part: str, spec: SheetSpec) -> RawSheet | None:
    """The sheet through fastexcel as typed columns, or None to take the calamine path.

    The byte scan for untidy cells runs in a second thread while fastexcel parses: one
    pass over the XML each, side by side. Error cells need no scan: fastexcel reports them.
    """
    stop = threading.Event()
    with ThreadPoolExecutor(max_workers=1) as pool:
        layout = pool.submit(_sheet_layout, path, part, stop)
        typed = None
        try:
            typed = read_typed(str(path), tab, spec, header_match)
        finally:
            if typed is None:
                stop.set()
            try:
                first_row, untidy = layout.result()
            except (zlib.error, zipfile.BadZipFile, struct.error, OSError, EOFError):
                first_row, untidy = None, True  # a damaged part: the slow path names it
            except pa.ArrowException:  # the scan's search refused the bytes: read it slowly
                first_row, untidy = None, True
    if typed is None or untidy or first_row is None:
        return None
    columns: dict[int, Sequence[object]] = {pos: col for pos, col in typed.columns.items()}
    return RawSheet(
        name=tab,
        rows=[],
        first_row=first_row,
        first_col=typed.first_col,
        header=list(typed.header),
        columns=columns,
        height=typed.height,
    )


def _drop_totals_rows(sheet: RawSheet, totals: list[tuple[int, int, int]]) -> None:
    """Blank the cells of Excel-table totals rows: a total is never one more order.

    A blank row is skipped like any other and later rows keep their Excel row numbers.
    """
    for row, left, right in totals:
        cols = range(left - 1 - sheet.first_col, right - sheet.first_col)
        if sheet.columns is not None:  # fast path: data row i is Excel row first_row + 1 + i
            i = row - sheet.first_row - 1
            for j in cols:
                values = sheet.columns.get(j)
                if isinstance(values, TypedColumn) and 0 <= i < len(values):
                    values.clear(i)
            continue
        i = row - sheet.first_row
        if 0 <= i < len(sheet.rows):
            cells = sheet.rows[i]
            for j in cols:
                if 0 <= j < len(cells):
                    cells[j] = ""  # type: ignore[index]


# ``prepare(name, sheet, words)``: a big input sheet as parsed (its totals rows blanked) and
# the Words sheet as read (None: the book has none), in the thread that parsed it; what it
# returns is kept in ``WorkbookData.prepared`` (None: nothing).
Prepare = Callable[[str, RawSheet, RawSheet | None], object]


def read_workbook(
    path: Path,
    progress: Callable[[str], None] | None = None,
    skip: Callable[[RawSheet | None], Collection[str]] | None = None,
    prepare: Prepare | None = None,
) -> WorkbookData:
    """Read input sheets (by canonical name or alias) and the Settings named cells.

    ``skip``: given the Sources sheet (None: none), the input sheets a history source stands
    in for: not read (``sheets`` None, listed in ``skipped``). ``prepare``: see ``Prepare``.
    """
    sizes = _checked_sizes(path)
    # One open of the package for this thread's reads of its parts (each sheet's error cells
    # and Excel-table totals rows: ~20 opens, each reading the zip's directory again).
    with zipfile.ZipFile(path) as package:
        return _read_workbook(path, progress, skip, sizes, package, prepare)


def _fast_prepared(
    path: Path,
    tab: str,
    part: str,
    spec: SheetSpec,
    totals: list[tuple[int, int, int]],
    prepare: Prepare | None,
    words: Callable[[], tuple[bool, RawSheet | None]],
) -> tuple[RawSheet | None, object]:
    """``_fast_sheet`` with the sheet's totals rows blanked, then ``prepare`` run on it in
    this thread: a sheet parsed before the other is validated while the other parses."""
    sheet = _fast_sheet(path, tab, part, spec)
    if sheet is None:
        return None, None
    _drop_totals_rows(sheet, totals)
    if prepare is None:
        return sheet, None
    known, words_sheet = words()
    if not known:
        return sheet, None
    try:
        return sheet, prepare(spec.name, sheet, words_sheet)
    except Exception:  # only a head start: validation reads the sheet itself
        return sheet, None


def _read_workbook(
    path: Path,
    progress: Callable[[str], None] | None,
    skip: Callable[[RawSheet | None], Collection[str]] | None,
    sizes: dict[str, int],
    package: zipfile.ZipFile,
    prepare: Prepare | None = None,
) -> WorkbookData:
    """``read_workbook`` once the container is checked (``sizes``) and open (``package``)."""
    date1904, names = _workbook_xml(path)
    try:
        book = calamine.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for damaged files
        raise InputError("err.not_workbook", path=str(path)) from exc
    tabs: dict[str, str] = {}
    user: list[str] = []
    for tab in book.sheet_names:
        spec = find_sheet(tab)
        if spec is None and COLLECTED_VISITS.matches(tab):  # read beside a visits source
            spec = COLLECTED_VISITS
        if spec is None:
            user.append(tab)
        elif spec.name not in tabs:
            tabs[spec.name] = tab
    if SETTINGS.name not in tabs and not any(n in names for n in ("KGI",)):
        raise InputError("err.missing_sheet", sheet=SETTINGS.name)
    try:
        parts = sheet_part_names(path)
    except WorkbookWriteError as exc:
        raise InputError("err.not_workbook", path=str(path)) from exc

    cache: dict[str, list[list[object]]] = {}
    starts: dict[str, tuple[int, int]] = {}
    merges: dict[str, tuple[tuple[int, int, int, int], ...]] = {}

    def cells(tab: str) -> list[list[object]]:
        if tab not in cache:
            try:
                sheet = book.get_sheet_by_name(tab)
                rows = sheet.to_python(skip_empty_area=True)  # lists: patched in place
                merged = list(sheet.merged_cell_ranges or [])
            except Exception as exc:  # calamine's XML/zip errors: a damaged sheet part
                raise InputError("err.not_workbook", path=str(path)) from exc
            start = sheet.start or (0, 0)
            errors = error_cells(path, parts[tab], package) if tab in parts else {}
            _patch_cells(rows, start, merged, errors)
            cache[tab] = rows
            starts[tab] = start
            merges[tab] = tuple((t, left, b, r) for (t, left), (b, r) in merged)
        return cache[tab]

    skipped: set[str] = set()
    if skip is not None:  # the Sources sheet first: which input sheets not to read at all
        listed = None
        if (tab := tabs.get(SOURCES.name)) is not None:
            rows, (r0, c0), part = [list(r) for r in cells(tab)], starts[tab], parts.get(tab)
            listed = RawSheet(name=tab, rows=rows, first_row=r0 + 1, first_col=c0)
            _drop_totals_rows(listed, table_totals_rows(path, part, package) if part else [])
        skipped = {name for name in skip(listed) if name in tabs}

    # Big sheets go through fastexcel two at a time (it releases the GIL): Orders and Visits
    # parse side by side on a machine with two cores.
    big = {
        spec.name: (tabs[spec.name], part, spec)
        for spec in INPUT_SHEETS
        if spec.name in tabs
        and spec.name not in skipped
        and (part := parts.get(tabs[spec.name])) is not None
        # A 1904 book: fastexcel would read a number in a date column with the 1900 epoch.
        and not date1904
        and sizes.get(part, 0) >= FAST_MIN_BYTES
    }
    sheets: dict[str, RawSheet | None] = {}
    prepared: dict[str, object] = {}
    # The Words sheet for ``prepare`` (the visits' kind words), once the small sheets are read.
    words_read = threading.Event()
    words_sheet: list[RawSheet | None] = []  # empty: not known (unread, or a big sheet)

    def words() -> tuple[bool, RawSheet | None]:
        words_read.wait()
        return (True, words_sheet[0]) if words_sheet else (False, None)

    with ThreadPoolExecutor(max_workers=2) as pool:
        try:
            pending = {
                name: pool.submit(
                    _fast_prepared,
                    path,
                    tab,
                    part,
                    spec,
                    table_totals_rows(path, part, package),
                    prepare,
                    words,
                )
                for name, (tab, part, spec) in big.items()
            }
            # The other input sheets (python-calamine, which holds the GIL) are read while
            # fastexcel parses the big ones (which does not): the loop below finds them read.
            for spec in INPUT_SHEETS:
                tab = tabs.get(spec.name)
                if tab is not None and spec.name not in skipped and spec.name not in pending:
                    cells(tab)
            if prepare is not None and WORDS.name not in big:
                words_sheet.append(
                    _words_copy(path, tabs, skipped, cells, starts, merges, parts, package)
                )
        finally:  # a refused sheet: the parses' threads must not wait for ever
            words_read.set()
        for spec in INPUT_SHEETS:
            tab = tabs.get(spec.name)
            if tab is None or spec.name in skipped:
                sheets[spec.name] = None
                continue
            if progress:
                progress(spec.name)
            if spec.name in pending:
                fast, ready = pending[spec.name].result()
                if fast is not None:
                    sheets[spec.name] = fast
                    if ready is not None:
                        prepared[spec.name] = ready
                    continue
            part = parts.get(tab)
            totals = table_totals_rows(path, part, package) if part is not None else []
            rows = cells(tab)
            r0, c0 = starts[tab]
            sheets[spec.name] = RawSheet(
                name=tab, rows=rows, first_row=r0 + 1, first_col=c0, merged=merges[tab]
            )
            if totals:  # copy first: the cached cells also answer the Settings look-ups
                sheets[spec.name].rows = [list(r) for r in rows]
                _drop_totals_rows(sheets[spec.name], totals)

    # The visits collect kept beside a visits source (schema.COLLECTED_VISITS): small, read
    # as it is; only a run whose visits come from a source reads its rows (sources.assemble).
    if (tab := tabs.get(COLLECTED_VISITS.name)) is not None:
        rows, (r0, c0) = cells(tab), starts[tab]
        sheets[COLLECTED_VISITS.name] = RawSheet(
            name=tab, rows=[list(r) for r in rows], first_row=r0 + 1, first_col=c0
        )

    headers: dict[str, list[list[object]]] = {}
    if any(sheet is None and name not in skipped for name, sheet in sheets.items()):
        for tab in user:
            with contextlib.suppress(Exception):  # an unreadable user tab is not our business
                rows = book.get_sheet_by_name(tab).iter_rows()
                headers[tab] = [list(r) for r in itertools.islice(rows, HEADER_SCAN_ROWS)]

    settings: dict[str, object] = {}
    where: dict[str, tuple[int, str]] = {}
    setting_tabs: dict[str, str] = {}
    for spec in SETTING_SPECS:
        ref = names.get(spec.name)
        cell = cell_reference(ref) if ref else None
        if cell is None or cell[0] not in book.sheet_names:
            continue  # deleted cell (#REF!) or name: reported by validation as missing
        tab, row, col = cell
        where[spec.name] = (row, col)
        setting_tabs[spec.name] = tab
        rows = cells(tab)
        r0, c0 = starts[tab]
        i, j = row - 1 - r0, column_number(col) - 1 - c0
        value = rows[i][j] if 0 <= i < len(rows) and 0 <= j < len(rows[i]) else None
        settings[spec.name] = None if value == "" else value

    def readable(tab: str) -> list[list[object]]:
        try:
            return cells(tab)
        except InputError:  # a damaged Reps tab: no branch view, no stop
            return []

    reps = None
    if (tab := reps_tab(user, readable)) is not None and (rows := readable(tab)):
        r0, c0 = starts[tab]
        reps = RawSheet(name=tab, rows=rows, first_row=r0 + 1, first_col=c0)
    return WorkbookData(
        sheets=sheets,
        settings=settings,
        setting_cells=where,
        tab_names=tabs,
        date1904=date1904,
        user_sheets=user,
        setting_sheets=setting_tabs,
        user_headers=headers,
        skipped=skipped,
        reps=reps,
        prepared=prepared,
    )


def _words_copy(
    path: Path,
    tabs: dict[str, str],
    skipped: set[str],
    cells: Callable[[str], list[list[object]]],
    starts: dict[str, tuple[int, int]],
    merges: dict[str, tuple[tuple[int, int, int, int], ...]],
    parts: dict[str, str],
    package: zipfile.ZipFile,
) -> RawSheet | None:
    """The Words sheet as the loop below makes it (a copy of its cells: the loop's own is
    the one validated), for ``prepare``; None when the book has none."""
    tab = tabs.get(WORDS.name)
    if tab is None or WORDS.name in skipped:
        return None
    rows, (r0, c0) = [list(r) for r in cells(tab)], starts[tab]
    sheet = RawSheet(name=tab, rows=rows, first_row=r0 + 1, first_col=c0, merged=merges[tab])
    part = parts.get(tab)
    _drop_totals_rows(sheet, table_totals_rows(path, part, package) if part else [])
    return sheet


def _names_nothing(sources: RawSheet) -> bool:
    """True when a Sources sheet cannot name a source: at most one row holds anything (a
    header, if that), and a source needs a header row and a row below it."""
    return sum(1 for row in sources.rows if any(c not in ("", None) for c in row)) < 2


class BackgroundRead:
    """``read_workbook`` of a file started in a thread, so that it runs while the engine's
    modules (pandas, ~0.3 s) import: fastexcel parses with the GIL released.

    For a run without history sources given on the command line. A Sources sheet that may
    name sources is read with the sources machinery (pandas), so that part waits until
    ``result`` is called, i.e. until the caller's imports are done: two threads never import
    at once. ``result`` gives what ``read_workbook`` would have returned, or raises what it
    would have raised.
    """

    def __init__(
        self,
        path: Path,
        progress: Callable[[str], None] | None = None,
        today: date | None = None,
    ) -> None:
        self.started = time.perf_counter()  # the run's start, for the time it reports
        self._today = today  # the run's day (None: the clock's), for ``_prepare``
        _malloc_keeps_freed_memory()  # the command line's process: before its big blocks
        self._path = path
        self._progress = progress
        self._imported = threading.Event()
        self.collected = False  # result() called: nothing of the read runs any more
        self._data: WorkbookData | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="routekpi-read", daemon=True)
        self._thread.start()

    def _skip(self, listed: RawSheet | None) -> set[str]:
        if listed is None or _names_nothing(listed):
            return set()
        self._imported.wait()
        from routekpi.sources import replaced_sheets

        return replaced_sheets({})(listed)

    def _prepare(self, name: str, sheet: RawSheet, words: RawSheet | None) -> object:
        """The Orders and Visits tables validated in the thread that parsed them (a 1M-row
        book: Visits while Orders still parses, ~0.3 s of the main thread's validation),
        once the caller's imports are done (else nothing: no two threads import at once)."""
        if name not in (ORDERS.name, VISITS.name) or not self._imported.is_set():
            return None
        from routekpi.validation.tables import prepare_table

        return prepare_table(name, sheet, words, today=self._today or date.today())

    def _run(self) -> None:
        try:
            self._data = read_workbook(
                self._path, progress=self._progress, skip=self._skip, prepare=self._prepare
            )
        except BaseException as exc:  # handed to the caller by result()
            self._error = exc

    def result(self) -> WorkbookData:
        """The workbook as read (call it once, when the caller's imports are done). Not
        kept here: the caller drops the raw sheets once validated (a 1M-row book's are
        hundreds of MB, which must not stay alive through the whole run)."""
        self._imported.set()
        self._thread.join()
        self.collected = True
        if self._error is not None:
            raise self._error
        data, self._data = self._data, None
        assert data is not None
        return data
