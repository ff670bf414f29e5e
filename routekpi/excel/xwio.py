"""Read and write a live workbook through the xlwings Book / Sheet / Range API.

The live twin of ``routekpi.io.reader`` (and of the zip-level writer): it builds the same
``WorkbookData`` — one ``RawSheet`` per input sheet, values row by row from the used range,
settings from the workbook-level names — and writes the rows ``routekpi.render`` produces.
Only a small part of the API is used (``sheets``, ``names``, ``used_range``, ``range``,
``options``, ``value``, ``raw_value``, ``number_format``, ``clear_contents``) so that an
in-memory stand-in can replace it in tests. The input sheets are read raw on Windows
(``RAW_READS``): COM's values, cleaned a column at a time; the columns the schema reads come
typed (``data_column``), as the file reader's fast path types a file's.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import operator
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import chain, compress, islice, repeat
from operator import itemgetter
from typing import Any, overload

import numpy as np
import pyarrow as pa

from routekpi.contract import (
    AREA_REF,
    HEADER_SCAN_ROWS,
    REP_CODE_KEY,
    InputError,
    RawSheet,
    column_letter,
    column_number,
)
from routekpi.io.reader import WorkbookData
from routekpi.io.sheetxml import Cell
from routekpi.schema import (
    INPUT_SHEETS,
    OUTPUT_SHEETS,
    SETTING_SPECS,
    SETTINGS,
    STATUS_CELL,
    SheetSpec,
    find_sheet,
)
from routekpi.validation.headers import header_match
from routekpi.validation.reps_sheet import reps_tab
from routekpi.validation.tables import is_header_row
from routekpi.validation.typed import TypedColumn

# Rows per Range.value call: one COM/AppleScript round trip moves a block, not a cell, and a
# block stays far below the memory Excel needs to marshal a whole 1M-row sheet at once.
READ_CHUNK_ROWS = 20_000
WRITE_CHUNK_ROWS = 5_000
# Excel rejects a multi-area address longer than 255 characters.
MAX_ADDRESS = 255


Book = Any  # an xlwings Book (or the test stand-in): duck-typed on purpose
Sheet = Any


@dataclass(frozen=True)
class Area:
    """A rectangle of cells: 1-based first row/column, size."""

    row: int
    col: int
    rows: int
    cols: int

    @property
    def last_row(self) -> int:
        """Last row number."""
        return self.row + self.rows - 1

    @property
    def last_col(self) -> int:
        """Last column number."""
        return self.col + self.cols - 1


def parse_area(address: str) -> Area:
    """``$A$1:$E$100`` (or ``A1``) → Area; a sheet prefix is ignored."""
    ref = address.split("!")[-1].replace("$", "")
    m = AREA_REF.match(ref)
    if not m:
        raise ValueError(f"not a single-area address: {address!r}")
    c1, r1 = column_number(m.group(1)), int(m.group(2))
    c2 = column_number(m.group(3)) if m.group(3) else c1
    r2 = int(m.group(4)) if m.group(4) else r1
    return Area(r1, c1, r2 - r1 + 1, c2 - c1 + 1)


def used_area(sheet: Sheet) -> Area:
    """The sheet's used range (Excel's, which may include formatted empty cells)."""
    return parse_area(sheet.used_range.address)


def read_block(sheet: Sheet, area: Area) -> list[list[object]]:
    """Values of a rectangle as a 2-D list, read in chunks of ``READ_CHUNK_ROWS`` rows.

    ``err_to_str`` keeps ``#N/A`` and friends as text so validation can report them (the
    default would turn them into blanks).
    """
    rows: list[list[object]] = []
    for start in range(area.row, area.last_row + 1, READ_CHUNK_ROWS):
        end = min(start + READ_CHUNK_ROWS - 1, area.last_row)
        rng = sheet.range((start, area.col), (end, area.last_col))
        block = rng.options(ndim=2, err_to_str=True).value
        if set(map(type, block)) == {list}:  # xlwings' own lists: no copy of each
            rows.extend(block)
        else:
            rows.extend(list(r) for r in block)
    return rows


def sheet_tabs(book: Book) -> tuple[dict[str, str], list[str]]:
    """Canonical name → tab name for routekpi's sheets, and the user's own tabs."""
    tabs: dict[str, str] = {}
    user: list[str] = []
    for sheet in book.sheets:
        spec = find_sheet(sheet.name)
        if spec is None:
            user.append(sheet.name)
        elif spec.name not in tabs:
            tabs[spec.name] = sheet.name
    return tabs, user


def _blank(value: object) -> bool:
    return value is None or value == ""


def _blank_row(row: list[object]) -> bool:
    # Nones and ""s are all it has (list.count runs in C).
    return row.count(None) + row.count("") == len(row)


def trim(rows: list[list[object]], area: Area) -> tuple[list[list[object]], int, int]:
    """Drop blank rows and columns around the data, as the file reader (calamine) does.

    Excel's used range also covers formatted empty cells (a table's styled first row), which
    would otherwise count as rows read. Returns rows, first row and first column (1-based).
    """
    # Only the first and the last filled rows matter: look from each end (the cold UDF call
    # trims tens of thousands of rows, nearly all filled).
    top = next((i for i, row in enumerate(rows) if not _blank_row(row)), None)
    if top is None:
        return [], area.row, area.col
    bottom = next(i for i in range(len(rows) - 1, top - 1, -1) if not _blank_row(rows[i]))
    body = rows[top : bottom + 1]
    # Columns: each row's first and last filled cell, scanning only from the ends (the
    # first cell is nearly always filled), until the data is known to span every column.
    width = max(map(len, body))
    lo, hi = width, -1
    for row in body:
        if lo == 0 and hi == width - 1:
            break
        for j in range(min(lo, len(row))):
            if not _blank(row[j]):
                lo = j
                break
        for j in range(len(row) - 1, hi, -1):
            if not _blank(row[j]):
                hi = j
                break
    if lo == 0 and hi == width - 1 and min(map(len, body)) == width:  # nothing to cut
        return body, area.row + top, area.col
    return [row[lo : hi + 1] for row in body], area.row + top, area.col + lo


def _merged_areas(sheet: Sheet, area: Area) -> list[Area]:
    """Merged areas overlapping ``area``, found by bisection on ``Range.merge_cells``.

    ``merge_cells`` is False when no cell is merged (one call for a clean sheet), True when
    every cell is, None when mixed; only mixed blocks are split, so a few merges cost a few
    dozen calls, not one per cell.
    """
    found: dict[str, Area] = {}
    stack = [area]
    while stack:
        box = stack.pop()
        rng = sheet.range((box.row, box.col), (box.last_row, box.last_col))
        state = rng.merge_cells
        if state is False:
            continue
        if state is True:
            merged = sheet.range((box.row, box.col)).merge_area
            m = parse_area(merged.address)
            found[merged.address] = m
            if (
                m.row <= box.row
                and m.col <= box.col
                and m.last_row >= box.last_row
                and (m.last_col >= box.last_col)
            ):
                continue
        if box.rows > 1:
            half = box.rows // 2
            stack += [
                Area(box.row, box.col, half, box.cols),
                Area(box.row + half, box.col, box.rows - half, box.cols),
            ]
        elif box.cols > 1:
            half = box.cols // 2
            stack += [
                Area(box.row, box.col, 1, half),
                Area(box.row, box.col + half, 1, box.cols - half),
            ]
    return list(found.values())


def fill_merged(
    sheet: Sheet, area: Area, rows: list[list[object]], merged: list[Area] | None = None
) -> None:
    """Repeat each merged area's top-left value over the area, as the file reader does.
    ``merged``: the area's merged areas when the caller has found them already."""
    for m in _merged_areas(sheet, area) if merged is None else merged:
        i0, j0 = m.row - area.row, m.col - area.col
        if 0 <= i0 < len(rows) and 0 <= j0 < len(rows[i0]):
            value = rows[i0][j0]
        else:
            value = sheet.range((m.row, m.col)).options(err_to_str=True).value
        for i in range(max(i0, 0), min(i0 + m.rows, len(rows))):
            for j in range(max(j0, 0), min(j0 + m.cols, len(rows[i]))):
                rows[i][j] = value


def read_raw_sheet(
    sheet: Sheet, spec: SheetSpec | None = None, area: Area | None = None
) -> RawSheet:
    """One input sheet as the file reader delivers it: values around the data and their origin.

    When ``spec``'s header is the first row (no title above it), the cells below it come by
    column, as the file reader's fast path gives them, each column the schema reads typed
    (``data_column``: NumPy/Arrow, as ``io.fastread`` types a file's columns), so that the
    validation parses them in bulk and the UDF model's fingerprint digests their bytes.
    ``area``: the sheet's used area when the caller has read its address already.
    """
    area = used_area(sheet) if area is None else area
    raw = read_raw_columns(sheet, area) if RAW_READS else None
    merged = _merged_areas(sheet, area)
    if raw is not None and not merged:
        return _sheet_of_columns(sheet.name, spec, raw, area)
    rows = (
        read_block(sheet, area)
        if raw is None
        else list(map(list, zip(*map(_clean_column, raw), strict=True)))
    )
    fill_merged(sheet, area, rows, merged)
    rows, first_row, first_col = trim(rows, area)
    widths = set(map(len, rows))  # one width: Range.value is a rectangle
    if spec is not None and len(widths) == 1 and is_header_row(spec, rows[0]):
        width = widths.pop()
        header = list(rows[0])
        kinds = column_kinds(spec, header)
        return RawSheet(
            name=sheet.name,
            rows=[],
            first_row=first_row,
            first_col=first_col - 1,
            header=header,
            columns={
                j: data_column(kinds.get(j), list(map(itemgetter(j), islice(rows, 1, None))))
                for j in range(width)
            },
            height=len(rows) - 1,
        )
    return RawSheet(name=sheet.name, rows=rows, first_row=first_row, first_col=first_col - 1)


# --- raw reads (Windows) ---------------------------------------------------------------------

# Windows' COM hands ``Range.raw_value`` over as a tuple of row tuples, and xlwings' ``.value``
# then cleans it in Python one cell at a time (a function call per cell: most of a cold UDF
# call's read). The input sheets are read raw instead and cleaned (or typed: ``data_column``)
# a column at a time, after the trim. Mac's
# AppleScript delivers other raw values (errors as text only on request): it keeps ``.value``.
# The test stand-in imitates COM.
RAW_READS = sys.platform != "darwin"

# COM's error codes → the text ``err_to_str`` gives (xlwings' ``_xlwindows.cell_errors``).
COM_ERRORS: dict[int, str] = {
    -2146826281: "#DIV/0!",
    -2146826246: "#N/A",
    -2146826259: "#NAME?",
    -2146826288: "#NULL!",
    -2146826252: "#NUM!",
    -2146826265: "#REF!",
    -2146826273: "#VALUE!",
}
# Raw values ``.value`` hands on as they are (text only when not empty).
_PLAIN = frozenset({type(None), float, str, bool})


def clean_cell(value: object) -> object:
    """One raw COM value as ``.options(err_to_str=True).value`` gives it (xlwings'
    ``_clean_value_data_element``): blank or empty text → None, a date (pywin32's, with a
    time zone) → a plain datetime, an error code → its text, anything else as it is."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):  # combine reads the date part of a datetime itself
        return dt.datetime.combine(value, value.time())
    if type(value) is int and value in COM_ERRORS:
        return COM_ERRORS[value]
    return value


def _clean_column(column: Sequence[object]) -> Sequence[object]:
    """``clean_cell`` of each cell, by what the column holds: the column as it is when no cell
    needs it, a date column's dates without a test per cell (its header is text)."""
    kinds = set(map(type, column))
    empty_text = str in kinds and "" in column
    if _PLAIN.issuperset(kinds) and not empty_text:
        return column
    dates = {kind for kind in kinds if issubclass(kind, dt.datetime)}
    others = kinds - dates
    if len(dates) == 1 and _PLAIN.issuperset(others) and not empty_text:
        (kind,) = dates
        combine = dt.datetime.combine
        # ``combine`` takes the datetime itself as its date: one call fewer per cell
        return [combine(v, v.time()) if type(v) is kind else v for v in column]
    return list(map(clean_cell, column))


def read_raw_columns(sheet: Sheet, area: Area) -> list[tuple[object, ...]] | None:
    """The area's raw COM values column by column, from raw reads of ``READ_CHUNK_ROWS``
    rows; None when the engine's raw values are not COM's."""
    parts: list[tuple[tuple[object, ...], ...]] = []
    for start in range(area.row, area.last_row + 1, READ_CHUNK_ROWS):
        end = min(start + READ_CHUNK_ROWS - 1, area.last_row)
        raw = sheet.range((start, area.col), (end, area.last_col)).raw_value
        if not isinstance(raw, tuple):
            if start != end or area.cols != 1:  # not COM's rows: .value instead
                return None
            raw = ((raw,),)  # one cell: COM gives the value itself
        parts.append(raw)
    rows = parts[0] if len(parts) == 1 else tuple(chain.from_iterable(parts))
    return list(zip(*rows, strict=True))


def _filled(value: object) -> bool:
    return value is not None and value != ""


def _first_filled(column: Sequence[object]) -> int | None:
    return next((i for i, value in enumerate(column) if _filled(value)), None)


def _sheet_of_columns(
    name: str, spec: SheetSpec | None, columns: list[tuple[object, ...]], area: Area
) -> RawSheet:
    """``read_raw_sheet`` of a block of raw COM values read by column: the same trim
    (``trim``: blank rows and columns around the data) and the same header test, without a
    list per row; each data column cleaned (or typed) once, after the trim."""
    # Each column's first filled cell, looked for from the top: nearly always the first.
    firsts = list(map(_first_filled, columns))
    filled = [j for j, first in enumerate(firsts) if first is not None]
    if not filled:
        return RawSheet(name=name, rows=[], first_row=area.row, first_col=area.col - 1)
    lo, hi = filled[0], filled[-1]
    top = min(first for first in firsts if first is not None)
    # The last filled row of any column: each column looked at only below the lowest found
    # so far (a column blank at the bottom, an order number of a few rows, is not scanned up).
    bottom = -1
    for j in filled:
        column = columns[j]
        bottom = next((i for i in range(len(column) - 1, bottom, -1) if _filled(column[i])), bottom)
    kept = columns[lo : hi + 1]
    first_row, first_col = area.row + top, area.col + lo
    head = [clean_cell(column[top]) for column in kept]
    if spec is not None and is_header_row(spec, head):
        kinds = column_kinds(spec, head)
        return RawSheet(
            name=name,
            rows=[],
            first_row=first_row,
            first_col=first_col - 1,
            header=head,
            columns={
                j: data_column(kinds.get(j), column[top + 1 : bottom + 1])
                for j, column in enumerate(kept)
            },
            height=bottom - top,
        )
    body = (_clean_column(column[top : bottom + 1]) for column in kept)
    rows = list(map(list, zip(*body, strict=True)))
    return RawSheet(name=name, rows=rows, first_row=first_row, first_col=first_col - 1)


# --- typed columns ---------------------------------------------------------------------------

# The validation parses a typed column in bulk (NumPy/Arrow) and a list cell by cell: the
# cells of a column the schema reads are handed over typed, as the file reader's fast path
# (``io.fastread``) hands a file's over. A cell of another type than the column's is kept as
# it is among the column's ``odd`` cells, which the validation parses as it parses a list.
_NONE = type(None)
_UNIX_ORDINAL = dt.date(1970, 1, 1).toordinal()
_DAY_US = 86_400_000_000
_MIDNIGHT = dt.time()
_EPOCH = dt.datetime(1970, 1, 1)
_NAT = np.iinfo(np.int64).min
# More odd cells than this share of a column: the list (a dict of odd cells is no faster).
_MOST_ODD = 8
# Typed columns on (tests turn them off to compare with the cleaned lists).
TYPED_COLUMNS = True


class ComColumn(TypedColumn):
    """A typed column of cells read through xlwings: indexing gives each cell as xlwings'
    ``.options(err_to_str=True).value`` gives it (a date as a naive datetime, where the file
    reader's column gives python-calamine's date at midnight); dates are held to the
    microsecond (``datetime64[us]``). Equal to a list of the same cells."""

    @overload
    def __getitem__(self, i: int) -> object: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[object]: ...
    def __getitem__(self, i: int | slice) -> object:
        if self.kind != "date" or isinstance(i, slice) or i in self.odd:
            return super().__getitem__(i)
        value = int(self.values[i].astype(np.int64))
        return None if value == _NAT else _EPOCH + dt.timedelta(microseconds=value)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]


def column_kinds(spec: SheetSpec, header: Sequence[object]) -> dict[int, str]:
    """The type each header position is read as ("date", "number" or "text"), as the
    validation will match the header (``validation.headers.header_match``)."""
    kinds: dict[int, str] = {}
    for key, pos in header_match(spec, header).positions.items():
        if key == REP_CODE_KEY:  # the rep code beside the name: text, as the name is
            kinds[pos] = "text"
            continue
        try:
            kind = spec.column(key).kind
        except KeyError:
            continue
        kinds[pos] = kind if kind in ("date", "number") else "text"
    return kinds


def data_column(kind: str | None, column: Sequence[object]) -> Sequence[object]:
    """One data column (raw COM values or ``.value``'s) as the validation reads it: typed
    (``ComColumn``) when ``kind`` says what the schema reads there and most of its cells are
    of that type, else the cleaned list (``clean_cell`` of each cell)."""
    if kind is None or not column or not TYPED_COLUMNS:
        return list(_clean_column(column))
    # The usual column, every cell of the column's type: no look at each cell's type first
    # (Arrow refuses any cell but text, ``toordinal`` any but a date or a blank).
    if kind == "text":
        with contextlib.suppress(pa.ArrowException, UnicodeError):
            return _text_column(column, {})
    elif kind == "date":
        with contextlib.suppress(TypeError):
            return ComColumn(kind, _datetimes(column), None, {})
    kinds = set(map(type, column))
    if kind == "date":
        fit = {k for k in kinds if issubclass(k, dt.datetime)} | {_NONE}
    elif kind == "number":
        fit = {float, _NONE}
    else:  # text; a column of numbers alone: numeric codes, as io.fastread reads them
        fit = {float, _NONE} if float in kinds and str not in kinds else {str, _NONE}
    odd: dict[int, object] = {}
    cells: Sequence[object] = column
    if not kinds <= fit:
        at = [i for i, k in enumerate(map(type, column)) if k not in fit]
        if len(at) * _MOST_ODD > len(column):
            return list(_clean_column(column))
        cells = list(column)
        for i in at:
            value = clean_cell(column[i])
            if value is not None:  # empty text is a blank, as .value gives it
                odd[i] = value
            cells[i] = None  # type: ignore[index]
    if kind == "number":
        return ComColumn(kind, np.array(cells, dtype=np.float64), None, odd)
    if kind == "date":
        blank = np.fromiter(map(operator.is_, cells, repeat(None)), dtype=bool, count=len(cells))
        values = np.full(len(cells), _NAT, dtype=np.int64).view("datetime64[us]")
        values[~blank] = _datetimes(list(compress(cells, ~blank)))
        return ComColumn(kind, values, None, odd)
    if fit == {float, _NONE}:
        floats = np.array(cells, dtype=np.float64)
        empty = np.isnan(floats)
        uniques, inverse = np.unique(floats[~empty], return_inverse=True)
        codes = np.full(len(floats), -1, dtype=np.int64)
        codes[~empty] = inverse
        return ComColumn(kind, codes, uniques, odd)
    try:  # Arrow refuses what UTF-8 cannot hold (a lone surrogate): the list
        return _text_column(cells, odd)
    except (pa.ArrowException, UnicodeError):
        return list(_clean_column(column))


def _text_column(cells: Sequence[object], odd: dict[int, object]) -> ComColumn:
    """Text and blanks, dictionary-encoded (the validation parses each distinct text once);
    empty text is a blank, as ``.value`` gives it. Raises where a cell is no text."""
    encoded = pa.array(cells, type=pa.string()).dictionary_encode()
    codes = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
    dictionary = encoded.dictionary
    empty = dictionary.index("").as_py()
    if empty >= 0:  # a formula's empty text: out of the dictionary, a blank in the column
        codes[codes == empty] = -1
        codes[codes > empty] -= 1
        keep = np.arange(len(dictionary)) != empty
        dictionary = dictionary.filter(pa.array(keep))
    return ComColumn("text", codes, dictionary, odd)


def _datetimes(cells: Sequence[object]) -> np.ndarray:
    """Dates (datetimes, naive or COM's) as ``datetime64[us]`` of their own fields, as
    xlwings cleans them (no time zone applied). Raises TypeError at any other cell."""
    days = np.fromiter(map(dt.date.toordinal, cells), dtype=np.int64, count=len(cells))
    stamps = (days - _UNIX_ORDINAL) * _DAY_US
    times = list(map(dt.datetime.time, cells))
    if times and set(times) != {_MIDNIGHT}:
        stamps += np.fromiter(
            (((t.hour * 60 + t.minute) * 60 + t.second) * 1_000_000 + t.microsecond for t in times),
            dtype=np.int64,
            count=len(times),
        )
    return stamps.view("datetime64[us]")


@dataclass(frozen=True)
class NamedCell:
    """Where a workbook-level name points: tab, 1-based row and column."""

    sheet: str
    row: int
    col: int


def named_cells(book: Book) -> dict[str, NamedCell]:
    """Workbook-level names of the settings → their single cell (deleted targets left out)."""
    wanted = {s.name.casefold(): s.name for s in SETTING_SPECS}
    out: dict[str, NamedCell] = {}
    for name in book.names:
        key = wanted.get(str(name.name).casefold())
        if key is None:  # sheet-scoped names read as "Sheet!Name" and are not settings
            continue
        try:
            rng = name.refers_to_range
            cell = NamedCell(rng.sheet.name, int(rng.row), int(rng.column))
        except Exception:  # "=#REF!" after the cell was deleted: validation reports it
            continue
        out.setdefault(key, cell)
    return out


def date1904(book: Book) -> bool:
    """The workbook's 1904 date system flag (Windows COM; False where it cannot be read)."""
    try:
        return bool(book.api.Date1904)
    except Exception:
        return False


def read_book(book: Book) -> WorkbookData:
    """Read input sheets and Settings named cells: the live twin of ``read_workbook``."""
    return read_book_probed(book)[0]


@dataclass(frozen=True)
class Probed:
    """What ``probe`` and the KGI's name would give right after a read, taken from it."""

    kgi_cell: NamedCell | None
    signature: tuple[object, ...]
    kgi: object


def read_book_probed(book: Book) -> tuple[WorkbookData, Probed]:
    """``read_book``, and the change probe of what it read (``probe``): the UDFs' cold call
    needs both, and taking the probe from the read saves a second pass over the names, the
    input sheets' used ranges and the Settings block — round trips to Excel each — and
    cannot pair the model with inputs edited while it was computed."""
    tabs, user = sheet_tabs(book)
    cells = named_cells(book)
    if SETTINGS.name not in tabs and "KGI" not in cells:
        raise InputError("err.missing_sheet", sheet=SETTINGS.name)
    sheets: dict[str, RawSheet | None] = {}
    shape: list[object] = []
    for spec in INPUT_SHEETS:
        tab = tabs.get(spec.name)
        if tab is None:
            sheets[spec.name] = None
            shape.append((spec.name, tab, None))
            continue
        sheet = book.sheets[tab]
        address = sheet.used_range.address
        sheets[spec.name] = read_raw_sheet(sheet, spec, parse_area(address))
        shape.append((spec.name, tab, address))
    headers: dict[str, list[list[object]]] = {}
    if any(sheet is None for sheet in sheets.values()):  # a missing sheet may be renamed
        for tab in user:
            with contextlib.suppress(Exception):
                area = used_area(book.sheets[tab])
                top = Area(area.row, area.col, min(area.rows, HEADER_SCAN_ROWS), area.cols)
                headers[tab] = read_block(book.sheets[tab], top)
    blocks: dict[str, tuple[Area, list[list[object]]]] = {}

    def readable(tab: str) -> list[list[object]]:
        if tab not in blocks:
            try:
                area = used_area(book.sheets[tab])
                blocks[tab] = (area, read_block(book.sheets[tab], area))
            except Exception:  # an unreadable Reps tab: no branch view
                return []
        return blocks[tab][1]

    reps = None  # the Reps sheet, for its branch column (as io.reader reads it)
    if (tab := reps_tab(user, readable)) is not None and (rows := readable(tab)):
        area = blocks[tab][0]
        reps = RawSheet(name=tab, rows=rows, first_row=area.row, first_col=area.col - 1)
    settings: dict[str, object] = {}
    where: dict[str, tuple[int, str]] = {}
    by_tab: dict[str, tuple[Area, list[list[object]]]] = {}
    for spec in SETTING_SPECS:
        cell = cells.get(spec.name)
        if cell is None:
            continue
        if cell.sheet not in by_tab:  # one read for all settings on a sheet
            sheet = book.sheets[cell.sheet]
            area = used_area(sheet)
            by_tab[cell.sheet] = (area, read_block(sheet, area))
        area, values = by_tab[cell.sheet]
        i, j = cell.row - area.row, cell.col - area.col
        inside = 0 <= i < len(values) and 0 <= j < len(values[i])
        value = values[i][j] if inside else None
        where[spec.name] = (cell.row, column_letter(cell.col))
        settings[spec.name] = None if value == "" else value
    kgi_cell = cells.get("KGI")
    settings_tab = kgi_cell.sheet if kgi_cell else tabs.get(SETTINGS.name)
    block = by_tab.get(settings_tab) if settings_tab is not None else None
    signature, kgi = _signature(book, shape, settings_tab, kgi_cell, block)
    data = WorkbookData(
        sheets=sheets,
        settings=settings,
        setting_cells=where,
        tab_names=tabs,
        date1904=date1904(book),
        user_sheets=user,
        user_headers=headers,
        reps=reps,
    )
    return data, Probed(kgi_cell, signature, kgi)


# --- change probe --------------------------------------------------------------------------


def probe(book: Book, kgi_cell: NamedCell | None) -> tuple[tuple[object, ...], object]:
    """A cheap signature of everything but the KGI, and the KGI cell's value.

    A handful of calls: the used-range address of each input sheet (pasted or deleted rows
    change it) and the Settings values (settings, and the status cell the button rewrites —
    the signal that reaches a UDF server running in another process). In-place edits of
    history that keep its shape are picked up by the button, which always re-reads.
    """
    tabs, _ = sheet_tabs(book)
    shape: list[object] = []
    for spec in INPUT_SHEETS:
        tab = tabs.get(spec.name)
        shape.append((spec.name, tab, None if tab is None else book.sheets[tab].used_range.address))
    settings_tab = kgi_cell.sheet if kgi_cell else tabs.get(SETTINGS.name)
    return _signature(book, shape, settings_tab, kgi_cell, None)


def _signature(
    book: Book,
    shape: list[object],
    settings_tab: str | None,
    kgi_cell: NamedCell | None,
    block: tuple[Area, list[list[object]]] | None,
) -> tuple[tuple[object, ...], object]:
    """``probe``'s signature and KGI from the input sheets' ``shape`` and the Settings tab's
    used area and values (``block``; read here when None)."""
    kgi: object = None
    values: list[list[object]] = []
    if settings_tab is not None:
        if block is None:
            sheet = book.sheets[settings_tab]
            area = used_area(sheet)
            values = read_block(sheet, area)
        else:
            area, values = block[0], list(block[1])  # the read's rows stay as they were
        if kgi_cell and kgi_cell.sheet == settings_tab:
            i, j = kgi_cell.row - area.row, kgi_cell.col - area.col
            if 0 <= i < len(values) and 0 <= j < len(values[i]):
                kgi = values[i][j]
                values[i] = [*values[i][:j], "<KGI>", *values[i][j + 1 :]]
    signature = (tuple(shape), settings_tab, tuple(tuple(r) for r in values))
    return signature, kgi


# --- writing ---------------------------------------------------------------------------------


@cache
def style_formats() -> dict[str, str]:
    """Named cell style → number format, from the template's style definitions."""
    from routekpi.io.template import named_styles  # the one place the styles are declared

    return {s.name: s.number_format for s in named_styles()}


def plain(value: object) -> object:
    """A value xlwings can write: None/bool/int/float/str/date/datetime (NaN → blank)."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int | float):
        return value if math.isfinite(value) else None
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    item = getattr(value, "item", None)  # numpy scalars, pandas Timestamp (via to_pydatetime)
    to_py = getattr(value, "to_pydatetime", None)
    if to_py is not None:
        try:
            return plain(to_py())
        except ValueError:  # NaT
            return None
    if item is not None:
        return plain(item())
    try:
        f = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(value)
    return f if math.isfinite(f) else None


def as_cell_text(value: object) -> object:
    """Text is written as text: Excel would turn ``2027-05`` into a date and ``=x`` into a
    formula, so every string gets the apostrophe prefix (not part of the value read back)."""
    return "'" + value if isinstance(value, str) and value else value


def _unpack(
    rows: Sequence[Sequence[object]], styles: Sequence[str | None]
) -> tuple[list[list[object]], list[list[str | None]]]:
    width = max([len(styles), *(len(r) for r in rows)], default=0)
    values: list[list[object]] = []
    formats: list[list[str | None]] = []
    for row in rows:
        vals: list[object] = []
        fmts: list[str | None] = []
        for j in range(width):
            item = row[j] if j < len(row) else None
            style = styles[j] if j < len(styles) else None
            if isinstance(item, Cell):
                style = item.style or style
                item = item.value
            vals.append(as_cell_text(plain(item)))
            fmts.append(style)
        values.append(vals)
        formats.append(fmts)
    return values, formats


def _runs(formats: list[list[str | None]], first_row: int) -> dict[str, list[str]]:
    """Style → cell blocks ("E2:E14") where it applies, runs merged down each column."""
    out: dict[str, list[str]] = {}
    width = max((len(r) for r in formats), default=0)
    for j in range(width):
        col = column_letter(j + 1)
        start = 0
        for i in range(1, len(formats) + 1):
            if i < len(formats) and formats[i][j] == formats[start][j]:
                continue
            style = formats[start][j]
            if style is not None:
                a, b = first_row + start, first_row + i - 1
                out.setdefault(style, []).append(f"{col}{a}" if a == b else f"{col}{a}:{col}{b}")
            start = i
    return out


def _joined(blocks: list[str]) -> Iterator[str]:
    """Comma-joined multi-area addresses, each at most ``MAX_ADDRESS`` characters."""
    current = ""
    for block in blocks:
        if current and len(current) + 1 + len(block) > MAX_ADDRESS:
            yield current
            current = block
        else:
            current = f"{current},{block}" if current else block
    if current:
        yield current


def write_table(
    sheet: Sheet, rows: Sequence[Sequence[object]], column_styles: Sequence[str | None] = ()
) -> None:
    """Replace an output sheet's cells with ``rows`` from A1 (values, then number formats)."""
    values, formats = _unpack(rows, column_styles)
    sheet.used_range.clear_contents()
    if not values:
        return
    width = len(values[0])
    for start in range(0, len(values), WRITE_CHUNK_ROWS):
        block = values[start : start + WRITE_CHUNK_ROWS]
        rng = sheet.range((start + 1, 1), (start + len(block), width))
        rng.options(ndim=2).value = block
    number_formats = style_formats()
    for style, blocks in _runs(formats, 1).items():
        fmt = number_formats.get(style)
        if fmt is None:
            continue
        for address in _joined(blocks):
            sheet.range(address).number_format = fmt


def output_tabs(book: Book) -> dict[str, str]:
    """Output sheet canonical name → tab name in this book (renamed tabs still match)."""
    tabs, _ = sheet_tabs(book)
    return {s.name: tabs[s.name] for s in OUTPUT_SHEETS if s.name in tabs}


def settings_sheet(book: Book) -> Sheet | None:
    """The Settings sheet, found through the KGI name first (a renamed tab still works)."""
    cell = named_cells(book).get("KGI")
    if cell is not None:
        return book.sheets[cell.sheet]
    tabs, _ = sheet_tabs(book)
    return book.sheets[tabs[SETTINGS.name]] if SETTINGS.name in tabs else None


def write_status(book: Book, line: str) -> None:
    """Put the one-line status into ``Settings!STATUS_CELL`` (as text)."""
    sheet = settings_sheet(book)
    if sheet is not None:
        sheet.range(STATUS_CELL).value = as_cell_text(line.replace("\r", " ").replace("\n", " "))


def write_status_formula(book: Book, formula: str) -> None:
    """Put the formula that shows the Dashboard's status into ``Settings!STATUS_CELL``."""
    sheet = settings_sheet(book)
    if sheet is not None:
        sheet.range(STATUS_CELL).value = formula
