"""An in-memory stand-in for the part of xlwings' Book / Sheet / Range API routekpi uses.

Faithful where it matters for the adapter, i.e. it behaves as Excel + xlwings do:

* reading: numbers come back as float, dates as datetime, empty cells (and empty text) as
  None, error cells as None unless ``options(err_to_str=True)``; one cell → a scalar, one
  row/column → a list, otherwise a list of rows (``options(ndim=2)`` forces rows);
* ``raw_value`` is what Windows' COM hands xlwings before its per-cell clean-up: one cell → a
  scalar, else a tuple of row tuples (one row or column too); numbers as float, dates as
  time-zone-aware datetimes (pywin32's), error cells as their COM codes (ints), empty as None;
* writing: a list of rows fills from the top-left cell; numbers are stored as float, dates
  as datetime; text is *parsed* like typing it — ``2027-05`` becomes a date, ``12`` a number,
  ``=x`` a formula — unless it starts with an apostrophe, which marks it as text;
* ``used_range`` is the bounding box of cells with a value *or a format* (clearing contents
  keeps the formats, so the used range does not shrink), ``$A$1`` on an empty sheet;
* ``names`` holds workbook-level names with ``refers_to`` and ``refers_to_range``.

Every value read is counted per sheet (``book.reads``, ``book.cells_read``) so tests can prove
what was — and was not — read.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections import Counter
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass
from itertools import chain, repeat
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from xml.etree import ElementTree

import openpyxl

Key = tuple[int, int]
_CELL = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_DATE = re.compile(r"^(\d{4})[-/](\d{1,2})(?:[-/](\d{1,2}))?$")
ERRORS = ("#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NUM!", "#NAME?", "#NULL!")


@dataclass(frozen=True)
class CellError:
    """An Excel error value in a cell (``#N/A``...)."""

    text: str


@dataclass(frozen=True)
class Formula:
    """A formula typed into a cell (the stand-in does not evaluate it)."""

    text: str


def col_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def col_letters(index: int) -> str:
    letters = ""
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _cell(ref: str) -> Key:
    m = _CELL.match(ref.strip())
    if not m:
        raise ValueError(f"bad cell reference {ref!r}")
    return int(m.group(2)), col_number(m.group(1))


@dataclass(frozen=True)
class Box:
    """A rectangle, 1-based inclusive."""

    r1: int
    c1: int
    r2: int
    c2: int

    def cells(self) -> Iterator[Key]:
        for r in range(self.r1, self.r2 + 1):
            for c in range(self.c1, self.c2 + 1):
                yield r, c

    @property
    def address(self) -> str:
        a = f"${col_letters(self.c1)}${self.r1}"
        if (self.r1, self.c1) == (self.r2, self.c2):
            return a
        return f"{a}:${col_letters(self.c2)}${self.r2}"


def parse_boxes(address: str) -> list[Box]:
    """``A1``, ``$A$1:$B$2`` or a multi-area ``E2:E14,G5`` (sheet prefix ignored)."""
    boxes = []
    for part in address.split("!")[-1].split(","):
        a, _, b = part.partition(":")
        (r1, c1), (r2, c2) = _cell(a), _cell(b or a)
        boxes.append(Box(min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)))
    return boxes


class ComTime(dt.datetime):
    """pywin32's datetime (``pywintypes.TimeType``, a datetime with UTC attached): what COM
    hands back for a date cell. Cells loaded from a file keep their dates as these."""


def com_time(value: dt.date) -> ComTime:
    """A date or a naive datetime as COM would hand it back."""
    if isinstance(value, dt.datetime):
        t = value
        return ComTime(t.year, t.month, t.day, t.hour, t.minute, t.second, t.microsecond, dt.UTC)
    return ComTime(value.year, value.month, value.day, tzinfo=dt.UTC)


def excel_read(value: object, err_to_str: bool) -> object:
    """What xlwings hands back for a stored cell value."""
    if isinstance(value, CellError):
        return value.text if err_to_str else None
    if isinstance(value, Formula):
        return "#NAME?" if err_to_str else None
    if value == "":  # a formula's empty text: xlwings gives None, as for an empty cell
        return None
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, ComTime):  # xlwings builds a plain datetime from COM's
        return dt.datetime(
            value.year,
            value.month,
            value.day,
            value.hour,
            value.minute,
            value.second,
            value.microsecond,
        )
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    raise TypeError(f"unexpected stored value {value!r}")


def excel_store(value: object) -> object:
    """What Excel stores when xlwings writes ``value`` (text is parsed like typing)."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if not isinstance(value, str):
        raise TypeError(f"xlwings cannot write {type(value).__name__}: {value!r}")
    if value.startswith("'"):
        return value[1:]
    if value == "":
        return None
    if value.startswith("="):
        return Formula(value)
    if value in ERRORS:
        return CellError(value)
    text = value.strip()
    if text.upper() in ("TRUE", "FALSE"):
        return text.upper() == "TRUE"
    if _NUMBER.match(text.replace(",", "")):
        return float(text.replace(",", ""))
    if text.endswith("%") and _NUMBER.match(text[:-1]):
        return float(text[:-1]) / 100
    m = _DATE.match(text)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3) or 1)
        try:
            return dt.datetime(y, mo, d)
        except ValueError:
            return value
    return value


# COM's error codes (what pywin32 hands back for an error cell; xlwings' cell_errors).
COM_ERRORS = {
    "#DIV/0!": -2146826281,
    "#N/A": -2146826246,
    "#NAME?": -2146826259,
    "#NULL!": -2146826288,
    "#NUM!": -2146826252,
    "#REF!": -2146826265,
    "#VALUE!": -2146826273,
}
_COM_PLAIN = frozenset({type(None), float, str, bool, ComTime})


def com_read(value: object) -> object:
    """What COM's ``Range.Value`` (xlwings' ``raw_value`` on Windows) gives for a stored value:
    pywin32 attaches UTC to a date, which xlwings' ``.value`` then takes off."""
    if value is None or isinstance(value, bool | str | float):
        return value
    if isinstance(value, int):
        return float(value)
    if isinstance(value, CellError):
        return COM_ERRORS[value.text]
    if isinstance(value, Formula):  # not evaluated here: Excel would show #NAME?
        return COM_ERRORS["#NAME?"]
    if isinstance(value, dt.date):
        return value if isinstance(value, ComTime) else com_time(value)
    raise TypeError(f"unexpected stored value {value!r}")


class Cells(MutableMapping[Key, object]):
    """A sheet's stored values by (row, column), held row by row: a block's rows are read a
    dict per row, as Excel hands over a block at once (not a keyed look-up per cell)."""

    def __init__(self) -> None:
        self.rows: dict[int, dict[int, object]] = {}
        self._count = 0

    def __getitem__(self, key: Key) -> object:
        return self.rows[key[0]][key[1]]

    def get(self, key: Key, default: object = None) -> object:  # type: ignore[override]
        row = self.rows.get(key[0])
        return default if row is None else row.get(key[1], default)

    def __setitem__(self, key: Key, value: object) -> None:
        row = self.rows.setdefault(key[0], {})
        self._count += key[1] not in row
        row[key[1]] = value

    def __delitem__(self, key: Key) -> None:
        row = self.rows[key[0]]
        del row[key[1]]
        self._count -= 1
        if not row:
            del self.rows[key[0]]

    def __iter__(self) -> Iterator[Key]:
        return ((r, c) for r, row in list(self.rows.items()) for c in list(row))

    def __len__(self) -> int:
        return self._count

    def copy(self) -> Cells:
        """An independent copy (values are immutable)."""
        new = Cells()
        new.rows = {r: dict(row) for r, row in self.rows.items()}
        new._count = self._count
        return new

    def block(self, box: Box) -> list[tuple[object, ...]]:
        """The stored values of a rectangle, row by row (None where empty)."""
        empty: dict[int, object] = {}
        columns = range(box.c1, box.c2 + 1)
        rows = map(self.rows.get, range(box.r1, box.r2 + 1), repeat(empty))
        return [tuple(map(row.get, columns)) for row in rows]


class FakeRange:
    """A Range: one rectangle (or several, for formats), with xlwings' value conversion."""

    def __init__(self, sheet: FakeSheet, boxes: list[Box], options: dict[str, Any] | None = None):
        self.sheet = sheet
        self.boxes = boxes
        self._options = options or {}

    @property
    def _box(self) -> Box:
        if len(self.boxes) != 1:
            raise ValueError("multi-area ranges only support number_format here")
        return self.boxes[0]

    def options(self, **options: Any) -> FakeRange:
        return FakeRange(self.sheet, self.boxes, {**self._options, **options})

    @property
    def address(self) -> str:
        return ",".join(b.address for b in self.boxes)

    @property
    def row(self) -> int:
        return self._box.r1

    @property
    def column(self) -> int:
        return self._box.c1

    @property
    def shape(self) -> tuple[int, int]:
        b = self._box
        return b.r2 - b.r1 + 1, b.c2 - b.c1 + 1

    @property
    def last_cell(self) -> FakeRange:
        b = self._box
        return FakeRange(self.sheet, [Box(b.r2, b.c2, b.r2, b.c2)])

    @property
    def value(self) -> Any:
        b = self._box
        err = bool(self._options.get("err_to_str", False))
        rows = [[excel_read(v, err) for v in row] for row in self.sheet.cells.block(b)]
        self.sheet.book.reads[self.sheet.name] += 1
        self.sheet.book.cells_read[self.sheet.name] += len(rows) * len(rows[0])
        ndim = self._options.get("ndim")
        if ndim == 2:
            return rows
        if len(rows) == 1 and len(rows[0]) == 1 and ndim is None:
            return rows[0][0]
        if len(rows) == 1:
            return rows[0]
        if all(len(r) == 1 for r in rows):
            return [r[0] for r in rows]
        return rows

    @property
    def raw_value(self) -> Any:
        b = self._box
        rows = self.sheet.cells.block(b)
        plain = _COM_PLAIN
        if not plain.issuperset(map(type, chain.from_iterable(rows))):
            rows = [tuple(v if type(v) in plain else com_read(v) for v in row) for row in rows]
        self.sheet.book.reads[self.sheet.name] += 1
        self.sheet.book.cells_read[self.sheet.name] += len(rows) * len(rows[0])
        if len(rows) == 1 and len(rows[0]) == 1:
            return rows[0][0]
        return tuple(rows)

    @value.setter
    def value(self, data: Any) -> None:
        b = self._box
        if isinstance(data, list | tuple):
            rows = (
                [list(r) for r in data]
                if data and isinstance(data[0], list | tuple)
                else [list(data)]
            )
        else:
            rows = [[data]]
        if len({len(r) for r in rows}) > 1:
            raise ValueError("jagged arrays cannot be written")
        self.sheet.book.writes[self.sheet.name] += 1
        for i, row in enumerate(rows):
            for j, item in enumerate(row):
                self.sheet.put((b.r1 + i, b.c1 + j), excel_store(item))

    @property
    def number_format(self) -> str:
        return self.sheet.formats.get((self._box.r1, self._box.c1), "General")

    @number_format.setter
    def number_format(self, fmt: str) -> None:
        for box in self.boxes:
            for key in box.cells():
                self.sheet.formats[key] = fmt
                self.sheet.touch(key)

    @property
    def merge_cells(self) -> bool | None:
        """True: every cell is in a merged area; False: none is; None: mixed (as COM)."""
        b = self._box
        total = (b.r2 - b.r1 + 1) * (b.c2 - b.c1 + 1)
        inside = 0
        for m in self.sheet.merged:
            r1, c1, r2, c2 = max(b.r1, m.r1), max(b.c1, m.c1), min(b.r2, m.r2), min(b.c2, m.c2)
            if r1 <= r2 and c1 <= c2:
                inside += (r2 - r1 + 1) * (c2 - c1 + 1)
        return True if inside == total else False if inside == 0 else None

    @property
    def merge_area(self) -> FakeRange:
        b = self._box
        for m in self.sheet.merged:
            if m.r1 <= b.r1 <= m.r2 and m.c1 <= b.c1 <= m.c2:
                return FakeRange(self.sheet, [m])
        return FakeRange(self.sheet, [Box(b.r1, b.c1, b.r1, b.c1)])

    def clear_contents(self) -> None:
        for box in self.boxes:
            for key in [
                k for k in self.sheet.cells if box.r1 <= k[0] <= box.r2 and box.c1 <= k[1] <= box.c2
            ]:
                del self.sheet.cells[key]

    def expand(self, mode: str = "table") -> FakeRange:
        """Like Excel's Ctrl+Shift+Arrow from the top-left cell ('table', 'down', 'right')."""
        b = self._box
        cells = self.sheet.cells
        r2, c2 = b.r2, b.c2
        if mode in ("table", "down", "d"):
            while cells.get((r2 + 1, b.c1)) is not None:
                r2 += 1
        if mode in ("table", "right", "r"):
            while cells.get((b.r1, c2 + 1)) is not None:
                c2 += 1
        return FakeRange(self.sheet, [Box(b.r1, b.c1, r2, c2)], self._options)


class FakeSheet:
    """A worksheet: cell values, number formats and the extent Excel counts as used."""

    def __init__(self, book: FakeBook, name: str) -> None:
        self.book = book
        self.name = name
        self.cells = Cells()
        self.formats: dict[Key, str] = {}
        self._extent: Box | None = None  # formatted (styled) cells, e.g. from a template
        self.merged: list[Box] = []

    def touch(self, key: Key) -> None:
        r, c = key
        e = self._extent
        self._extent = (
            Box(r, c, r, c)
            if e is None
            else Box(min(e.r1, r), min(e.c1, c), max(e.r2, r), max(e.c2, c))
        )

    def put(self, key: Key, value: object) -> None:
        if value is None:
            self.cells.pop(key, None)
        else:
            self.cells[key] = value
        self.touch(key)

    def range(self, first: Any, second: Any = None) -> FakeRange:
        if isinstance(first, str):
            boxes = parse_boxes(first)
            if second is not None:
                (b2,) = parse_boxes(second)
                b1 = boxes[0]
                boxes = [Box(b1.r1, b1.c1, b2.r2, b2.c2)]
            return FakeRange(self, boxes)
        r1, c1 = first
        r2, c2 = second if second is not None else first
        return FakeRange(self, [Box(min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2))])

    def __getitem__(self, address: str) -> FakeRange:
        return self.range(address)

    @property
    def used_range(self) -> FakeRange:
        # Every cell ever given a value or a format (clearing keeps formats, so no shrink).
        return FakeRange(self, [self._extent or Box(1, 1, 1, 1)])


class FakeSheets:
    """``book.sheets``: iterable, indexable by name or position."""

    def __init__(self) -> None:
        self._sheets: list[FakeSheet] = []

    def __iter__(self) -> Iterator[FakeSheet]:
        return iter(self._sheets)

    def __len__(self) -> int:
        return len(self._sheets)

    def __getitem__(self, key: str | int) -> FakeSheet:
        if isinstance(key, int):
            return self._sheets[key]
        for sheet in self._sheets:
            if sheet.name.casefold() == key.casefold():
                return sheet
        raise KeyError(key)

    def add(self, sheet: FakeSheet) -> FakeSheet:
        self._sheets.append(sheet)
        return sheet


class FakeName:
    """A workbook-level name."""

    def __init__(self, book: FakeBook, name: str, refers_to: str) -> None:
        self.book = book
        self.name = name
        self.refers_to = refers_to

    @property
    def refers_to_range(self) -> FakeRange:
        text = self.refers_to.lstrip("=")
        if "#REF!" in text or "!" not in text:
            raise RuntimeError("name does not refer to a range")  # what COM raises, roughly
        sheet, _, ref = text.rpartition("!")
        return self.book.sheets[sheet.strip("'")].range(ref.replace("$", ""))


class FakeNames:
    """``book.names``."""

    def __init__(self) -> None:
        self._names: list[FakeName] = []

    def __iter__(self) -> Iterator[FakeName]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def __getitem__(self, key: str) -> FakeName:
        for name in self._names:
            if name.name.casefold() == key.casefold():
                return name
        raise KeyError(key)


class FakeBook:
    """A workbook: sheets, names, ``fullname``, ``api.Date1904``, and read/write counters."""

    def __init__(self, fullname: str = "Book1.xlsm") -> None:
        self.fullname = fullname
        self.name = Path(fullname).name
        self.sheets = FakeSheets()
        self.names = FakeNames()
        self.api = SimpleNamespace(Date1904=False)
        self.app = SimpleNamespace(api=SimpleNamespace())
        self.reads: Counter[str] = Counter()
        self.cells_read: Counter[str] = Counter()
        self.writes: Counter[str] = Counter()

    def add_sheet(self, name: str) -> FakeSheet:
        return self.sheets.add(FakeSheet(self, name))

    def add_name(self, name: str, refers_to: str) -> FakeName:
        item = FakeName(self, name, refers_to)
        self.names._names.append(item)
        return item

    def copy(self, fullname: str | None = None) -> FakeBook:
        """An independent copy (cell values are immutable, so dicts are copied shallowly)."""
        book = FakeBook(fullname or self.fullname)
        book.api.Date1904 = self.api.Date1904
        for sheet in self.sheets:
            new = book.add_sheet(sheet.name)
            new.cells, new.formats = sheet.cells.copy(), dict(sheet.formats)
            new._extent, new.merged = sheet._extent, list(sheet.merged)
        for name in self.names:
            book.add_name(name.name, name.refers_to)
        return book

    @classmethod
    def from_file(cls, path: Path, fullname: str | None = None) -> FakeBook:
        """A book holding a workbook file's cell values (openpyxl, cached values)."""
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
        book = cls(fullname or str(path))
        try:
            book.api.Date1904 = bool(wb.epoch == openpyxl.utils.datetime.CALENDAR_MAC_1904)
            for ws in wb.worksheets:
                sheet = book.add_sheet(ws.title)
                dims = ws.calculate_dimension()
                if dims and ":" in dims:
                    (extent,) = parse_boxes(dims)
                    sheet.touch((extent.r1, extent.c1))
                    sheet.touch((extent.r2, extent.c2))
                # values_only is 3x faster than cells; an error cell reads as its text
                # ("#N/A"), which Excel would parse back into the error anyway. Numbers are
                # kept as Excel keeps them (doubles), dates as COM hands them over.
                r0, c0 = ws.min_row or 1, ws.min_column or 1
                cells = sheet.cells
                for r, row in enumerate(ws.iter_rows(values_only=True), start=r0):
                    for c, value in enumerate(row, start=c0):
                        if value is None:
                            continue
                        if type(value) is int:
                            value = float(value)
                        elif isinstance(value, dt.date):
                            value = com_time(value)
                        elif value in ERRORS:
                            value = CellError(value)
                        cells[(r, c)] = value
                if cells:
                    rows = [k[0] for k in cells]
                    cols = [k[1] for k in cells]
                    sheet.touch((min(rows), min(cols)))
                    sheet.touch((max(rows), max(cols)))
            for name, dn in wb.defined_names.items():
                book.add_name(name, "=" + dn.attr_text)
        finally:
            wb.close()
        for title, refs in _merged_refs(path).items():
            book.sheets[title].merged = [b for ref in refs for b in parse_boxes(ref)]
        return book


def _merged_refs(path: Path) -> dict[str, list[str]]:
    """Sheet title → merged-cell refs, from the package (read-only openpyxl drops them)."""
    ns = {
        "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        "p": "http://schemas.openxmlformats.org/package/2006/relationships",
    }
    out: dict[str, list[str]] = {}
    with zipfile.ZipFile(path) as z:
        rels = ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        target = {r.get("Id"): r.get("Target", "") for r in rels.iterfind("p:Relationship", ns)}
        root = ElementTree.fromstring(z.read("xl/workbook.xml"))
        for sheet in root.iterfind("m:sheets/m:sheet", ns):
            part = target.get(sheet.get(f"{{{ns['r']}}}id"), "").lstrip("/")
            part = part if part.startswith("xl/") else f"xl/{part}"
            if part not in z.namelist():
                continue
            xml = z.read(part)
            if b"mergeCell" not in xml:
                continue
            refs = [
                m.get("ref", "")
                for m in ElementTree.fromstring(xml).iter(f"{{{ns['m']}}}mergeCell")
            ]
            out[sheet.get("name", "")] = refs
    return out
