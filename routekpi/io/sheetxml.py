"""Fast ``<sheetData>`` serialisation for the zip-level workbook writer.

Rows are streamed out in chunks of UTF-8 bytes, so a 1,048,575-row sheet never exists in
memory as one string. Cells reference *named* cell styles (``schema.CELL_STYLES``); the
caller resolves them to ``cellXfs`` indexes once with :func:`style_index`.

Value rules (all Excel-compatible, none ever produces a formula):

* ``str`` → inline string (``t="inlineStr"``), so ``sharedStrings.xml`` is never touched.
  Characters illegal in XML 1.0 are dropped; ``=``/``+``/``-``/``@`` prefixes stay text.
* ``bool`` → ``t="b"``; ``int``/``float`` (and numpy scalars) → numbers, floats in
  shortest round-trip form. NaN, ±inf, None, NaT and ``pd.NA`` → empty cell.
* ``date``/``datetime`` → serial numbers of the workbook's date system (1900, with the Lotus
  leap-year bug honoured, or 1904), styled with :data:`DATE_STYLE` unless a :class:`Cell`
  names another style. Dates before the system's first day cannot be serials in Excel and
  are written as ISO text.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from defusedxml import ElementTree

from routekpi.contract import column_letter, date_serial, lazy_pattern

MAX_ROWS = 1_048_576
MAX_COLS = 16_384
MAX_TEXT = 32_767  # Excel refuses longer cell text (it reports the file as corrupt)
DATE_STYLE = "rk_date"

_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_CHUNK_ROWS = 2048  # rows per emitted chunk: big enough to amortise join/encode/compress
_CACHE_LIMIT = 50_000  # distinct strings/dates remembered; output text repeats a lot

# One pass decides whether a string needs any escaping at all (the common case is "no").
_NEEDS_WORK = re.compile(
    "[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]|_x[0-9A-Fa-f]{4}_"
)
_XML_ILLEGAL = lazy_pattern("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Excel decodes _xHHHH_ in cell text; escaping the underscore keeps such text literal.
_EXCEL_ESCAPE = lazy_pattern("(_x[0-9A-Fa-f]{4}_)")
_STR_OPEN = '" t="inlineStr"><is><t>'
_STR_OPEN_KEEP = '" t="inlineStr"><is><t xml:space="preserve">'  # for edge whitespace
_STR_CLOSE = "</t></is></c>"
_EDGE_SPACE = frozenset(" \t\n\r\u3000")


class SheetTooLargeError(ValueError):
    """More rows or columns than an Excel worksheet can hold."""


@dataclass(frozen=True, slots=True, init=False)
class Cell:
    """A value with an explicit named cell style (overrides the column's style)."""

    value: object
    style: str | None = None

    def __init__(self, value: object, style: str | None = None) -> None:
        # A frozen dataclass's own __init__ sets each field through object.__setattr__:
        # 1.0 µs a cell against 0.45 µs through the slots' setters, and a 10k recalc makes
        # ~27,500 cells (Targets, Matrix, Attainment, Daily…). Still frozen after it.
        _set_value(self, value)
        _set_style(self, style)


_set_value = Cell.value.__set__  # type: ignore[attr-defined]  # the slots' own setters
_set_style = Cell.style.__set__  # type: ignore[attr-defined]


@dataclass
class SheetContent:
    """What an output sheet should contain: rows from A1 down, default style per column."""

    rows: Iterable[Sequence[object]]
    column_styles: Sequence[str | None] = ()
    # Cells carried over as they are (the user's own, kept in place): Excel row → (column,
    # ``<c>`` XML) pairs, each right of the row's written cells or in a row left unwritten.
    kept: Mapping[int, Sequence[tuple[int, str]]] | None = None
    # 1-based row numbers written with hidden="1" (e.g. unused chart-data rows: charts plot
    # visible cells only, so a fixed chart range shows just the rows in use).
    hidden_rows: Collection[int] = ()
    # 1-based row → height in points, written with customHeight="1" even on an empty row
    # (the Dashboard's chart rows grow with the reps on the rep chart); rows within ``rows``.
    row_heights: Mapping[int, float] | None = None
    # Column widths (characters) from column A, for a sheet the user added blank (the
    # Backtest sheet): written only when the sheet has no column widths of its own yet.
    column_widths: Sequence[float] = ()
    # 1-based column → (a width an earlier template gave it, the width now): a column of
    # the book still at that former width is set to the new one; any other width stays.
    widened: Mapping[int, tuple[tuple[float, ...], float]] | None = None
    # Manual page breaks: each the 1-based row a printed page ends after (the Daily sheet:
    # one paper per rep). None: the sheet's own breaks stay; () clears them.
    row_breaks: Sequence[int] | None = None


@dataclass(frozen=True, slots=True)
class SheetExtent:
    """The used range written: last row and last column (1-based; 0 when empty)."""

    rows: int
    cols: int

    @property
    def ref(self) -> str:
        """The ``<dimension ref>`` value, e.g. ``A1:E200``; ``A1`` for an empty sheet."""
        if self.rows == 0 or self.cols == 0:
            return "A1"
        return f"A1:{column_letter(self.cols)}{self.rows}"


def blank_worksheet(frozen_rows: int = 0) -> bytes:
    """A new sheet's XML for ``rewrite_workbook(new_sheets=...)``: no cells yet (the
    rewriter writes them), its first ``frozen_rows`` rows frozen (a header kept in view)."""
    pane = (
        f'<pane ySplit="{frozen_rows}" topLeftCell="A{frozen_rows + 1}" '
        'activePane="bottomLeft" state="frozen"/>'
        if frozen_rows
        else ""
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="{_MAIN_NS}" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<sheetViews><sheetView workbookViewId="0">{pane}</sheetView></sheetViews>'
        '<sheetFormatPr defaultRowHeight="15"/><sheetData/></worksheet>'
    ).encode()


def style_index(styles_xml: bytes) -> dict[str, int]:
    """Map each named cell style to the first ``cellXfs`` index that uses it.

    Names without such an xf are left out; writers look names up with ``.get(name, 0)``, so
    unknown styles quietly fall back to the default format.
    """
    root = ElementTree.fromstring(styles_xml)
    ns = {"m": _MAIN_NS}
    first_xf: dict[int, int] = {}
    for idx, xf in enumerate(root.iterfind("m:cellXfs/m:xf", ns)):
        first_xf.setdefault(int(xf.get("xfId", "0")), idx)
    result: dict[str, int] = {}
    for cs in root.iterfind("m:cellStyles/m:cellStyle", ns):
        name, xf_id = cs.get("name"), cs.get("xfId")
        if name is None or xf_id is None or name in result:
            continue
        if int(xf_id) in first_xf:
            result[name] = first_xf[int(xf_id)]
    return result


def escape_text(text: str) -> str:
    """XML-escape cell text; drop XML-illegal characters; keep ``_xHHHH_`` literal."""
    if len(text) > MAX_TEXT:
        text = text[:MAX_TEXT]
    if _NEEDS_WORK.search(text) is None:
        return text
    text = _XML_ILLEGAL.sub("", text)
    if "_x" in text:
        text = _EXCEL_ESCAPE.sub(r"_x005F\1", text)
    # CR would be folded into LF by any XML parser; a character reference survives.
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    )


def _string_body(text: str) -> str:
    """The cell XML for a string; ``xml:space`` only where edge whitespace must survive."""
    escaped = escape_text(text)
    keep = text and (text[0] in _EDGE_SPACE or text[-1] in _EDGE_SPACE)
    return f"{_STR_OPEN_KEEP if keep else _STR_OPEN}{escaped}{_STR_CLOSE}"


def _normalise(value: object) -> object:
    """Reduce an unusual value to None/bool/int/float/str/date/datetime (slow path)."""
    if value is None or isinstance(value, (str, bool)):
        return value
    if isinstance(value, np.generic):
        if isinstance(value, np.datetime64):
            return None if np.isnat(value) else value.astype("datetime64[us]").item()
        if isinstance(value, np.timedelta64):
            if np.isnat(value):
                return None
            return value.astype("timedelta64[us]").item().total_seconds() / 86400
        value = value.item()  # numpy scalar → the matching Python scalar
        return _normalise(value) if not isinstance(value, (bool, int, float, str)) else value
    if isinstance(value, dt.datetime):
        if value != value:  # pandas NaT pretends to be a datetime
            return None
        if value.tzinfo is not None:
            # Excel has no time zones: keep the wall-clock time the user would read.
            value = value.replace(tzinfo=None)
        if type(value) is not dt.datetime:  # pandas Timestamp → plain datetime
            value = dt.datetime(
                value.year,
                value.month,
                value.day,
                value.hour,
                value.minute,
                value.second,
                value.microsecond,
            )
        return value
    if isinstance(value, (dt.date, int, float)):
        return value
    if isinstance(value, dt.time):
        return (value.hour * 3600 + value.minute * 60 + value.second) / 86400 + (
            value.microsecond / 86_400_000_000
        )
    if isinstance(value, dt.timedelta):
        return value.total_seconds() / 86400
    if isinstance(value, decimal.Decimal):
        return float(value) if value.is_finite() else None
    if type(value).__name__ in ("NAType", "NaTType"):  # pandas missing markers
        return None
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    try:
        as_float = float(value)  # type: ignore[arg-type]  # Fraction, other numerics
    except (TypeError, ValueError):
        return str(value)
    return as_float


def _cell_body(value: object, date1904: bool = False) -> tuple[str, bool] | None:
    """The XML after ``<c s=".." r="..`` for one value, and whether it is a date.

    None means "write no cell". This is the general path; ``write_sheet_data`` inlines the
    common types.
    """
    value = _normalise(value)
    if value is None:
        return None
    if value is True or value is False:
        return f'" t="b"><v>{int(value)}</v></c>', False
    if isinstance(value, str):
        return _string_body(value), False
    if isinstance(value, int):
        return f'"><v>{value}</v></c>', False
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        return f'"><v>{value!r}</v></c>', False
    if isinstance(value, dt.date):
        serial = date_serial(value, date1904)
        if serial is None:  # before 1900 (1904): Excel has no serial for it, keep it readable
            return f"{_STR_OPEN}{value.isoformat()}{_STR_CLOSE}", False
        return f'"><v>{serial!r}</v></c>', True
    return _string_body(str(value)), False


def write_sheet_data(
    content: SheetContent,
    styles: Mapping[str, int],
    write: Callable[[bytes], object],
    *,
    xmlns: str | None = None,
    date1904: bool = False,
) -> SheetExtent:
    """Stream ``<sheetData>…</sheetData>`` for ``content`` to ``write`` in UTF-8 chunks.

    ``styles`` maps named cell styles to ``cellXfs`` indexes (see :func:`style_index`);
    ``xmlns`` declares the main namespace on ``<sheetData>`` when the host sheet uses a
    prefixed one; ``date1904``: the workbook counts dates from 1904. Returns the used range.
    """
    style_attr: dict[str | None, str] = {None: ""}

    def attr(name: str | None) -> str:
        found = style_attr.get(name)
        if found is None:
            index = styles.get(name, 0) if name else 0
            found = style_attr[name] = f' s="{index}"' if index else ""
        return found

    letters: list[str] = []
    heads: list[str] = []  # per column: '<c s="N" r="B' — the row number follows
    date_heads: list[str] = []  # the same with the date style

    def grow(width: int) -> None:
        if width > MAX_COLS:
            raise SheetTooLargeError(f"a row has {width} columns; Excel allows {MAX_COLS}")
        col_styles = content.column_styles
        for j in range(len(letters), width):
            letter = column_letter(j + 1)
            letters.append(letter)
            heads.append(f'<c{attr(col_styles[j] if j < len(col_styles) else None)} r="{letter}')
            date_heads.append(f'<c{attr(DATE_STYLE)} r="{letter}')

    grow(max(len(content.column_styles), 26))
    open_tag = f'<sheetData xmlns="{xmlns}">' if xmlns else "<sheetData>"
    write(open_tag.encode())

    first_year = 1904 if date1904 else 1900
    hidden = frozenset(content.hidden_rows)
    heights = content.row_heights
    str_cache: dict[str, str] = {}
    date_cache: dict[dt.date, str | None] = {}  # a date's cell body (see below)
    # A named style's heads, column by column ('<c s="N" r="B'): a list per style, indexed
    # like ``heads`` (a (style, column) key cost a tuple and its hash per styled cell).
    styled_heads: dict[str, list[str]] = {}
    # Float cells' bodies by value (repr is the dearest step of a number cell, and output
    # figures repeat); ±0.0 are one key with two texts, so zeros are never kept.
    float_cache: dict[float, str] = {}
    int_cache: dict[int, str] = {}  # the same for whole numbers (the Daily's counts, days)
    parts: list[str] = []
    ap = parts.append
    str_get, float_get, date_get = str_cache.get, float_cache.get, date_cache.get
    int_get = int_cache.get
    str_t, float_t, int_t, bool_t, cell_t = str, float, int, bool, Cell
    date_t, datetime_t = dt.date, dt.datetime
    last_row = max_col = 0
    kept = dict(content.kept or {})
    r = 0
    for r, row in enumerate(content.rows, 1):
        if r > MAX_ROWS:
            raise SheetTooLargeError(f"more than {MAX_ROWS:,} rows")
        n = len(row)
        if n > len(heads):
            grow(n)
        rs = str(r)
        mark = len(parts)
        hide = bool(hidden) and r in hidden
        tall = heights.get(r) if heights else None
        if tall is not None:  # rare (a few Dashboard rows): the plain tags stay the fast path
            extra = f' hidden="1" ht="{tall:g}"' if hide else f' ht="{tall:g}"'
            ap(f'<row r="{rs}"{extra} customHeight="1">')
            hide = True  # an empty row keeps its element (below), as a hidden one does
        else:
            ap(f'<row r="{rs}" hidden="1">' if hide else f'<row r="{rs}">')
        for j, v in enumerate(row):
            t = type(v)
            # The cell's head ('<c s="N" r="B'): a Cell's own style (``styled``: written even
            # when blank), else the column's (dates: the date style's, ``date_heads``).
            styled = False
            if t is cell_t:
                name = v.style  # type: ignore[attr-defined]
                v = v.value  # type: ignore[attr-defined]
                t = type(v)
                if name is not None:
                    by_column = styled_heads.get(name)
                    if by_column is None or j >= len(by_column):  # a style's first cell
                        style_at = attr(name)
                        by_column = [f'<c{style_at} r="{x}' for x in letters]
                        styled_heads[name] = by_column
                    head = by_column[j]
                    styled = True
                else:
                    head = heads[j]
            else:
                head = heads[j]
            # Fast paths for the types output tables are made of; everything else below.
            # Head, row number and body appended apart: one string fewer built per cell
            # (the chunk's join copies them once either way).
            if t is str_t:
                body = str_get(v)
                if body is None:
                    body = _string_body(v)  # type: ignore[arg-type]
                    if len(str_cache) < _CACHE_LIMIT:
                        str_cache[v] = body  # type: ignore[index]
                ap(head)
                ap(rs)
                ap(body)
            elif t is float_t:
                body = float_get(v)  # finite non-zero values only: a hit needs no test
                if body is None:
                    if v - v == 0.0:  # type: ignore[operator]  # false for NaN and ±inf
                        body = f'"><v>{v!r}</v></c>'
                        if v and len(float_cache) < _CACHE_LIMIT:
                            float_cache[v] = body  # type: ignore[index]
                    elif styled:  # an explicitly styled blank
                        ap(head)
                        ap(rs)
                        ap('"/>')
                        continue
                    else:
                        continue
                ap(head)
                ap(rs)
                ap(body)
            elif t is int_t:
                body = int_get(v)
                if body is None:
                    body = f'"><v>{v}</v></c>'
                    if len(int_cache) < _CACHE_LIMIT:
                        int_cache[v] = body  # type: ignore[index]
                ap(head)
                ap(rs)
                ap(body)
            elif v is None:
                if styled:  # an explicitly styled blank, e.g. a header fill
                    ap(head)
                    ap(rs)
                    ap('"/>')
            elif t is bool_t:
                ap(head)
                ap(rs)
                ap('" t="b"><v>1</v></c>' if v else '" t="b"><v>0</v></c>')
            elif t is date_t:
                body = date_get(v, "")  # the serial's body; None: before the first day
                if body == "":
                    num = date_serial(v, date1904)  # type: ignore[arg-type]
                    body = None if num is None else f'"><v>{num}</v></c>'
                    if len(date_cache) < _CACHE_LIMIT:
                        date_cache[v] = body  # type: ignore[index]
                if body is None:
                    iso = v.isoformat()  # type: ignore[attr-defined]
                    ap(f"{head}{rs}{_STR_OPEN}{iso}{_STR_CLOSE}")
                else:
                    ap(head if styled else date_heads[j])
                    ap(rs)
                    ap(body)
            elif t is datetime_t and v.year >= first_year:  # type: ignore[attr-defined]
                serial_dt = date_serial(v, date1904)  # type: ignore[arg-type]
                ap(f'{head if styled else date_heads[j]}{rs}"><v>{serial_dt!r}</v></c>')
            else:
                body_date = _cell_body(v, date1904)
                if body_date is None:
                    if styled:
                        ap(f'{head}{rs}"/>')
                    continue
                body, is_date = body_date
                if is_date and not styled:
                    head = date_heads[j]
                ap(f"{head}{rs}{body}")
        carried = kept.pop(r, ())
        for col, xml in carried:
            ap(xml)
            n = max(n, col)
        if len(parts) == mark + 1 and hide:  # an empty hidden row still needs its element
            parts[-1] = parts[-1][:-1] + "/>"
        elif len(parts) == mark + 1:  # nothing but the <row> tag: leave the row out
            parts.pop()
        else:
            ap("</row>")
            last_row = r
            if n > max_col:
                max_col = n
        if r % _CHUNK_ROWS == 0:
            write("".join(parts).encode("utf-8"))
            parts.clear()
    for row_number in sorted(k for k in kept if k > r):  # kept cells below the written rows
        ap(f'<row r="{row_number}">')
        for col, xml in kept[row_number]:
            ap(xml)
            max_col = max(max_col, col)
        ap("</row>")
        last_row = row_number
    ap("</sheetData>")
    write("".join(parts).encode("utf-8"))
    return SheetExtent(last_row, max_col if last_row else 0)


def sheet_data_bytes(content: SheetContent, styles: Mapping[str, int] | None = None) -> bytes:
    """The whole ``<sheetData>`` element as bytes (convenience for small sheets and tests)."""
    chunks: list[bytes] = []
    write_sheet_data(content, styles or {}, chunks.append)
    return b"".join(chunks)
