"""Fast path for big input sheets: fastexcel (calamine → Arrow) straight into typed columns.

python-calamine hands every cell over as a Python object, which costs more than the parsing
itself at a million rows. fastexcel builds typed Arrow columns in Rust and reports every cell
it could not convert (with the cell's raw content, error cells included). The columns stay
NumPy/Arrow from here to the engine: numbers as float64, dates as datetime64, text
dictionary-encoded (each distinct value is parsed once). The "odd" cells go through the same
scalar parsers as the slow path and become the same Checks rows.

fastexcel converts some cells silently where python-calamine would hand over another type:
a boolean in a number column becomes 1.0, a number in a date column a date, a number or date
in a text column text in its own format. The fast path declines (returns None) whenever such
a cell may be present — or the header is not the first row, a header is unknown, the book
uses the 1904 date system, or fastexcel is not installed — and the caller reads the sheet
with python-calamine instead. Booleans, ISO dates and merged cells are found by the reader's
byte scan of the sheet XML (:func:`routekpi.io.reader.sheet_layout`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from routekpi.contract import REP_CODE_KEY, lazy_pattern
from routekpi.schema import HeaderMatch, SheetSpec
from routekpi.validation.typed import DAY_MS, UNIX_EPOCH, TypedColumn

try:  # optional: the slow path needs only python-calamine
    import fastexcel
except ImportError:  # pragma: no cover - exercised only where fastexcel is absent
    fastexcel = None

# fastexcel logs a warning for every blank column it types as text (an empty optional column
# such as the order number): expected here, and it would reach the user's stderr unasked.
logging.getLogger("fastexcel").setLevel(logging.ERROR)

_DETAIL = lazy_pattern(r"got '(?P<kind>\w+)\((?P<body>.*)\)'$", re.S)
_ERRORS = {
    "NA": "#N/A",
    "Div0": "#DIV/0!",
    "Value": "#VALUE!",
    "Ref": "#REF!",
    "Name": "#NAME?",
    "Num": "#NUM!",
    "Null": "#NULL!",
}
# A number in a date column is converted by fastexcel as a 1900-system serial, which agrees
# with the slow path's rules only from serial 367 (1901-01-01) to 9999-12-31: outside that
# window (time-of-day cells, yyyymmdd numbers, the 1900 leap-day bug) the slow path decides.
_FIRST_MS = (date(1901, 1, 1) - UNIX_EPOCH).days * DAY_MS
_LAST_MS = ((date(9999, 12, 31) - UNIX_EPOCH).days + 1) * DAY_MS - 1
# Text fastexcel may have made from a number or a date (python-calamine hands those over as
# float/datetime, which parse_text writes differently): a decimal fraction, "-0", or a
# date-time stamp. Integers ("123") are written alike by both and stay on the fast path.
_NOT_PLAIN_TEXT = (
    r"^(?:-?[0-9]*\.[0-9]+|-0|[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?)$"
)


@dataclass
class TypedSheet:
    """A sheet read by the fast path: its header and its columns by position."""

    name: str
    header: list[object]
    first_col: int  # 0-based Excel column of header[0]
    height: int  # data rows
    columns: dict[int, TypedColumn] = field(default_factory=dict)


class _Decline(Exception):
    """A cell the fast path cannot read exactly as the slow path would."""


def _raw_value(detail: str) -> object:
    """The cell content fastexcel quotes in a conversion error, as calamine would give it.

    Raises _Decline for a cell whose python-calamine form cannot be rebuilt from the quote
    (a date or duration in a number or text column, an error code not listed here).
    """
    m = _DETAIL.search(detail)
    if not m:
        raise _Decline(detail)
    kind, body = m.group("kind"), m.group("body")
    if kind == "String":
        return _unescape(body[1:-1]) if body.startswith('"') else body
    if kind == "Error" and body in _ERRORS:
        return _ERRORS[body]
    if kind in ("Float", "Int"):
        return float(body)
    if kind == "Bool":
        return body == "true"
    raise _Decline(detail)


_ESCAPE = lazy_pattern(r"\\(u\{[0-9a-fA-F]+\}|.)")
_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "0": "\0"}


def _unescape(text: str) -> str:
    """Undo Rust's Debug escaping (quotes, backslashes, control characters)."""

    def one(m: re.Match[str]) -> str:
        code = m.group(1)
        if code.startswith("u{"):
            return chr(int(code[2:-1], 16))
        return _SIMPLE.get(code, code)

    return _ESCAPE.sub(one, text)


def read_typed(
    path: str,
    tab: str,
    spec: SheetSpec,
    match: Callable[[SheetSpec, list[object]], HeaderMatch],
) -> TypedSheet | None:
    """Read one input sheet into typed columns, or None when the slow path must do it.

    ``match`` maps the header row to the schema exactly as validation will.
    """
    if fastexcel is None:
        return None
    # One parse of the sheet. Each column gets the schema's type when its header is spelled
    # as the schema spells it (else fastexcel guesses from the first rows); every cell that
    # does not fit is listed with its raw content.
    try:
        sheet = fastexcel.read_excel(path).load_sheet(
            tab, dtype_coercion="coerce", dtypes=_schema_dtypes(spec)
        )
        infos = sheet.available_columns()
    except Exception:  # a damaged sheet part: the slow path names the problem
        return None
    header: list[object] = [c.name for c in infos]
    found = match(spec, header)
    if not infos or found.missing or found.unknown or found.duplicates:
        return None  # unusual headers: let the slow path report them exactly
    # The rep code read beside the rep name (validation.headers) is text, as the name is.
    kinds = {
        pos: "text" if key == REP_CODE_KEY else _kind(spec.column(key).kind)
        for key, pos in found.positions.items()
    }
    for pos, kind in kinds.items():
        if not _compatible(kind, infos[pos].dtype):
            return None  # e.g. text dates in the first rows: the slow path reads them
    try:
        table, errors = sheet.to_arrow_with_errors()
        odd: dict[int, dict[int, object]] = {}
        for err in errors.errors if errors is not None else ():
            row, col = err.offset_position
            if col in kinds:
                odd.setdefault(col, {})[row] = _raw_value(err.detail)
        columns = {
            pos: _column(kind, table.column(pos), odd.get(pos, {})) for pos, kind in kinds.items()
        }
    except (_Decline, fastexcel.FastExcelError):
        return None
    return TypedSheet(
        name=tab,
        header=header,
        first_col=infos[0].absolute_index,
        height=table.num_rows,
        columns=columns,
    )


def _schema_dtypes(spec: SheetSpec) -> dict[str | int, str]:
    """fastexcel's type for each exact spelling of each column's header."""
    dtypes: dict[str | int, str] = {}
    for col in spec.columns:
        dtype = {"date": "datetime", "number": "float"}.get(col.kind, "string")
        for name in (col.key, col.ja, col.en, *col.aliases):
            dtypes.setdefault(name, dtype)
    return dtypes


def _kind(schema_kind: str) -> str:
    return schema_kind if schema_kind in ("date", "number") else "text"


def _compatible(kind: str, dtype: str) -> bool:
    """Whether fastexcel's guessed type for a column can serve the schema's kind."""
    if dtype == "null":  # no value in the whole column
        return True
    if kind == "number":
        return dtype == "float"
    if kind == "date":
        return dtype in ("datetime", "date")
    return dtype in ("string", "float")  # a column of numeric codes reads as float


def _column(kind: str, array: pa.Array, odd: dict[int, object]) -> TypedColumn:
    """One Arrow column as a TypedColumn; raises _Decline where the slow path must read."""
    if pa.types.is_null(array.type):  # every cell empty (or odd)
        n = len(array)
        if kind == "number":
            return TypedColumn(kind, np.full(n, np.nan), None, odd)
        if kind == "date":
            return TypedColumn(kind, np.full(n, np.datetime64("NaT", "ms")), None, odd)
        return TypedColumn(kind, np.full(n, -1, dtype=np.int64), pa.array([], pa.string()), odd)
    if kind == "number":
        if pc.any(pc.is_nan(array)).as_py() or pc.any(pc.is_inf(array)).as_py():
            raise _Decline("a text 'NaN' or 'inf' that fastexcel read as a number")
        return TypedColumn(kind, array.to_numpy(zero_copy_only=False).astype(np.float64), None, odd)
    if kind == "date":
        ms = array.cast(pa.timestamp("ms")).cast(pa.int64())
        low, high = pc.min_max(ms).values()
        if low.is_valid and (low.as_py() < _FIRST_MS or high.as_py() > _LAST_MS):
            raise _Decline("a date that may have been a number")
        # A blank is NaT (int64's least value); filled in Arrow, the milliseconds come over
        # as int64 as they are: not through float64 and a NumPy pass, nor through Arrow's
        # conversion of a column with nulls, which imports pandas (the read's thread then
        # waits on the command line's own import of it).
        values = ms.fill_null(np.iinfo(np.int64).min).to_numpy(zero_copy_only=False)
        return TypedColumn(kind, values.astype(np.int64).view("datetime64[ms]"), None, odd)
    if pa.types.is_floating(array.type):  # numeric codes: parse each distinct number once
        floats = array.to_numpy(zero_copy_only=False).astype(np.float64)
        empty = np.isnan(floats)
        uniques, inverse = np.unique(floats[~empty], return_inverse=True)
        codes = np.full(len(floats), -1, dtype=np.int64)
        codes[~empty] = inverse
        return TypedColumn(kind, codes, uniques, odd)
    encoded = pc.dictionary_encode(array)
    if isinstance(encoded, pa.ChunkedArray):
        encoded = encoded.combine_chunks()
    dictionary = encoded.dictionary
    if pc.any(pc.match_substring_regex(dictionary, _NOT_PLAIN_TEXT)).as_py():
        raise _Decline("text that may have been a number or a date")
    codes = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
    return TypedColumn(kind, codes, dictionary, odd)
