"""Fast path for big input sheets: fastexcel (calamine → Arrow) straight into typed columns.

python-calamine hands every cell over as a Python object, which costs more than the parsing
itself at a million rows. fastexcel builds typed Arrow columns in Rust; we ask it for the type
each schema column should have and it reports every cell it could not convert (with the cell's
raw content), so nothing is lost: those "odd" cells go through the same scalar parsers as the
slow path and become the same Checks rows.

The fast path declines (returns None) whenever it cannot be sure to give the same answer as
the slow path — the header is not on the first row of the used range, a header is unknown,
or fastexcel is not installed — and the caller falls back to python-calamine.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

import numpy as np

from routekpi.schema import SheetSpec, match_headers

try:  # optional: the slow path needs only python-calamine
    import fastexcel
except ImportError:  # pragma: no cover - exercised only where fastexcel is absent
    fastexcel = None

# fastexcel logs a WARNING for every mostly-empty column (a Note column, say); with no
# logging set up Python prints it on stderr, breaking the one-line promise. A NullHandler
# keeps it out of the terminal and still lets an application that configures logging see it.
logging.getLogger("fastexcel").addHandler(logging.NullHandler())

_DTYPES = {"date": "datetime", "number": "float"}
_DETAIL = re.compile(r"got '(?P<kind>\w+)\((?P<body>.*)\)'$", re.S)
_ERRORS = {
    "NA": "#N/A",
    "Div0": "#DIV/0!",
    "Value": "#VALUE!",
    "Ref": "#REF!",
    "Name": "#NAME?",
    "Num": "#NUM!",
    "Null": "#NULL!",
}


@dataclass
class TypedColumn:
    """One column of data rows: typed values (NaN/NaT/None = empty) plus the odd raw cells."""

    values: np.ndarray  # float64, datetime64[D] or object (str/None)
    odd: dict[int, object] = field(default_factory=dict)  # data-row index → raw cell value


@dataclass
class TypedSheet:
    """A sheet read by the fast path: its header and its columns by position."""

    name: str
    header: list[object]
    header_row: int  # Excel row number of the header
    first_col: int  # 0-based Excel column of header[0]
    height: int  # data rows
    columns: dict[int, TypedColumn]


def _raw_value(detail: str) -> object:
    """The cell content fastexcel quotes in a conversion error, as calamine would give it."""
    m = _DETAIL.search(detail)
    if not m:
        return detail
    kind, body = m.group("kind"), m.group("body")
    if kind == "String":
        return _unescape(body[1:-1]) if body.startswith('"') else body
    if kind == "Error":
        return _ERRORS.get(body, f"#{body.upper()}!")
    if kind in ("Float", "Int"):
        return float(body)
    if kind == "Bool":
        return body == "true"
    if kind in ("DateTime", "DateTimeIso"):
        return body
    return body


_ESCAPE = re.compile(r"\\(u\{[0-9a-fA-F]+\}|.)")
_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "0": "\0"}


def _unescape(text: str) -> str:
    """Undo Rust's Debug escaping (quotes, backslashes, control characters)."""

    def one(m: re.Match[str]) -> str:
        code = m.group(1)
        if code.startswith("u{"):
            return chr(int(code[2:-1], 16))
        return _SIMPLE.get(code, code)

    return _ESCAPE.sub(one, text)


def read_typed(path: str, tab: str, spec: SheetSpec, first_row: int) -> TypedSheet | None:
    """Read one input sheet into typed columns, or None when the slow path must do it.

    ``first_row`` is the Excel row where the sheet's used range starts (from its dimension),
    which fastexcel does not report.
    """
    if fastexcel is None:
        return None
    # One parse of the sheet: fastexcel guesses each column's type from its first rows and
    # lists every cell that does not fit, with the cell's raw content.
    sheet = fastexcel.read_excel(path).load_sheet(tab, dtype_coercion="coerce")
    infos = sheet.available_columns()
    header = [c.name for c in infos]
    match = match_headers(spec, header)
    if not infos or match.missing or match.unknown or match.duplicates:
        return None  # unusual headers: let the slow path report them exactly
    table, errors = sheet.to_arrow_with_errors()
    odd: dict[int, dict[int, object]] = {}
    for err in errors.errors if errors is not None else ():
        row, col = err.offset_position
        odd.setdefault(col, {})[row] = _raw_value(err.detail)
    kinds = {pos: spec.column(key).kind for key, pos in match.positions.items()}
    for pos, kind in kinds.items():
        wanted = _DTYPES.get(kind)
        if wanted is not None and infos[pos].dtype not in (
            wanted,
            "date" if wanted == "datetime" else wanted,
        ):
            # fastexcel guessed text for a date or number column: its text forms of typed
            # cells differ from calamine's, so the slow path reads this (untidy) sheet.
            return None
    columns: dict[int, TypedColumn] = {}
    for pos, info in enumerate(infos):
        array = table.column(pos)
        wanted = _DTYPES.get(kinds.get(pos, "text"), "string")
        if info.dtype == "float" and wanted == "float":
            values = array.to_numpy(zero_copy_only=False).astype(np.float64)
        elif info.dtype in ("datetime", "date") and wanted == "datetime":
            values = (
                array.cast("timestamp[ms]").to_numpy(zero_copy_only=False).astype("datetime64[D]")
            )
        elif info.dtype == "string":
            values = array.to_numpy(zero_copy_only=False).astype(object)
        else:  # a type the schema does not expect here: hand the cells over as they are
            values = np.asarray(array.to_pylist(), dtype=object)
        columns[pos] = TypedColumn(values, odd.get(pos, {}))
    return TypedSheet(
        name=tab,
        header=header,
        header_row=first_row,
        first_col=infos[0].absolute_index,
        height=table.num_rows,
        columns=columns,
    )
