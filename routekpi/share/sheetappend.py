"""Append rows below the data of a worksheet's XML, keeping every existing byte of it.

``collect`` adds reps' visits to the master's Visits sheet. The zip writer rewrites a whole
``<sheetData>``, which would re-encode the user's cells (shared strings, formats, formulas);
here the existing rows stay byte for byte and new ``<row>`` elements go after the last row
that holds a value. Empty formatted rows in the way (a template's blank table row) are
replaced; those further down are kept.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from routekpi.contract import AREA_REF, column_letter, column_number, date_serial
from routekpi.io.sheetxml import escape_text

_SHEETDATA = re.compile(rb"<(?:([A-Za-z_][\w.-]*):)?sheetData\b[^>]*?(/?)>")
_ROW_R = re.compile(rb'\br="(\d+)"')
_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c\b([^>]*?)/?>")
_CELL_REF = re.compile(rb'\br="([A-Z]{1,3})\d+"')
_CELL_STYLE = re.compile(rb'\bs="(\d+)"')
_DIMENSION = re.compile(rb'(<(?:[A-Za-z_][\w.-]*:)?dimension\b[^>]*?\bref=")([^"]*)(")')
_EDGE_SPACE = frozenset(" \t\n\r\u3000")
# A cell holds something when it has a value, an inline string or a formula (any prefix).
_VALUE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:v|is|f)[\s>]")


class SheetXmlError(ValueError):
    """The worksheet XML is not laid out as expected (no sheetData, broken rows)."""


@dataclass(frozen=True)
class _RowSpan:
    number: int
    start: int  # offsets in the sheetData body
    end: int
    has_value: bool
    xml: bytes


def _rows_backwards(body: bytes, tag: bytes) -> list[_RowSpan]:
    """Row elements from the end of ``body`` back to (and including) the last one with data."""
    found: list[_RowSpan] = []
    open_tag = b"<" + tag
    close_tag = b"</" + tag + b">"
    pos = len(body)
    while True:
        start = body.rfind(open_tag, 0, pos)
        while start >= 0 and body[start + len(open_tag) : start + len(open_tag) + 1] not in (
            b" ",
            b">",
            b"/",
        ):
            start = body.rfind(open_tag, 0, start)
        if start < 0:
            return found
        gt = body.find(b">", start)
        if gt < 0:
            raise SheetXmlError("a <row> element is not closed")
        if body[gt - 1 : gt] == b"/":
            end, inner = gt + 1, b""
        else:
            close = body.find(close_tag, gt)
            if close < 0:
                raise SheetXmlError("a <row> element is not closed")
            end, inner = close + len(close_tag), body[gt + 1 : close]
        m = _ROW_R.search(body, start, gt)
        number = int(m.group(1)) if m else body.count(open_tag, 0, start) + 1
        has_value = _VALUE.search(inner) is not None
        found.append(_RowSpan(number, start, end, has_value, body[start:end]))
        if has_value:
            return found
        pos = start


def row_styles(row_xml: bytes) -> dict[int, int]:
    """1-based column → ``s`` (cellXfs index) of each cell in one ``<row>`` element."""
    styles: dict[int, int] = {}
    for m in _CELL.finditer(row_xml):
        ref, style = _CELL_REF.search(m.group(1)), _CELL_STYLE.search(m.group(1))
        if ref and style:
            styles[column_number(ref.group(1))] = int(style.group(1))
    return styles


def _cell_xml(prefix: str, ref: str, value: object, style: int | None) -> str:
    s = f' s="{style}"' if style else ""
    c, v, is_, t = (f"{prefix}{x}" for x in ("c", "v", "is", "t"))
    if isinstance(value, str):
        space = (
            ' xml:space="preserve"' if value[:1] in _EDGE_SPACE or value[-1:] in _EDGE_SPACE else ""
        )
        body = f"<{is_}><{t}{space}>{escape_text(value)}</{t}></{is_}>"
        return f'<{c} r="{ref}"{s} t="inlineStr">{body}</{c}>'
    if isinstance(value, dt.date):
        serial = date_serial(value)
        if serial is None:
            return _cell_xml(prefix, ref, value.isoformat(), style)
        return f'<{c} r="{ref}"{s}><{v}>{serial}</{v}></{c}>'
    if isinstance(value, bool):
        return f'<{c} r="{ref}"{s} t="b"><{v}>{int(value)}</{v}></{c}>'
    if isinstance(value, int | float) and math.isfinite(value):
        return f'<{c} r="{ref}"{s}><{v}>{value!r}</{v}></{c}>'
    raise TypeError(f"cannot write {type(value).__name__} into a cell")


@dataclass(frozen=True)
class AppendResult:
    """The new sheet XML and where the appended rows went."""

    xml: bytes
    first_row: int  # Excel row of the first appended row (0 when nothing was appended)
    last_row: int  # last Excel row holding data after the append
    last_col: int


def append_rows(
    sheet_xml: bytes,
    rows: Sequence[Mapping[int, object]],
    *,
    header_row: int,
    default_styles: Mapping[int, int] | None = None,
    header_cells: Mapping[int, str] | None = None,
) -> AppendResult:
    """``sheet_xml`` with ``rows`` (1-based column → value; None = empty) after its last data.

    Each new cell takes the style of the same column in the last data row below the header
    (else of the first empty row under the header, else ``default_styles``), so dates look
    like the dates above them. ``header_cells`` fills empty header cells (a new column).
    """
    m = _SHEETDATA.search(sheet_xml)
    if m is None:
        raise SheetXmlError("the worksheet has no <sheetData>")
    prefix = m.group(1).decode() + ":" if m.group(1) else ""
    tag = (prefix + "row").encode()
    if m.group(2):  # <sheetData/>
        head, body, tail = sheet_xml[: m.start()], b"", sheet_xml[m.end() :]
        open_tag = sheet_xml[m.start() : m.end() - 2] + b">"
    else:
        close_tag = f"</{prefix}sheetData>".encode()
        close = sheet_xml.rfind(close_tag)
        if close < m.end():
            raise SheetXmlError("the worksheet's <sheetData> is not closed")
        head, body, tail = sheet_xml[: m.start()], sheet_xml[m.end() : close], sheet_xml[close:]
        open_tag = sheet_xml[m.start() : m.end()]
        tail = tail[len(close_tag) :]
    spans = _rows_backwards(body, tag)
    last_data = spans[-1] if spans and spans[-1].has_value else None
    trailing = [s for s in reversed(spans) if not s.has_value]  # empty rows, top to bottom
    last_row = last_data.number if last_data else 0
    first_new = max(last_row, header_row) + 1
    new_last = first_new + len(rows) - 1 if rows else last_row

    styles = dict(default_styles or {})
    if last_data is not None and last_data.number > header_row:
        styles.update(row_styles(last_data.xml))
    elif trailing and trailing[0].number == header_row + 1:
        styles.update(row_styles(trailing[0].xml))

    out: list[str] = []
    max_col = 0
    for i, row in enumerate(rows):
        r = first_new + i
        cells = [
            _cell_xml(prefix, f"{column_letter(col)}{r}", value, styles.get(col))
            for col, value in sorted(row.items())
            if value is not None and value != ""
        ]
        if cells:
            max_col = max(max_col, *(col for col, v in row.items() if v is not None and v != ""))
            out.append(f'<{prefix}row r="{r}">{"".join(cells)}</{prefix}row>')
    new_rows = "".join(out).encode()

    cut = last_data.end if last_data is not None else (trailing[0].start if trailing else len(body))
    kept = b"".join(s.xml for s in trailing if s.number > new_last)
    new_body = body[:cut] + new_rows + kept
    if header_cells:
        new_body = _fill_header(new_body, prefix, header_row, header_cells)
        max_col = max(max_col, *header_cells)
    xml = head + open_tag + new_body + f"</{prefix}sheetData>".encode() + tail
    xml = _grow_dimension(xml, new_last, max_col)
    return AppendResult(xml, first_new if out else 0, max(new_last, last_row), max_col)


def _fill_header(body: bytes, prefix: str, header_row: int, cells: Mapping[int, str]) -> bytes:
    """Put text into empty header cells (a column collect adds, such as Note)."""
    row_open = re.compile(
        rb"<"
        + re.escape(prefix.encode())
        + rb'row\b[^>]*?\br="'
        + str(header_row).encode()
        + rb'"[^>]*?(/?)>'
    )
    m = row_open.search(body)
    if m is None:
        raise SheetXmlError(f"header row {header_row} not found")
    close_tag = f"</{prefix}row>".encode()
    if m.group(1):  # <row r="1"/>
        end = m.end()
        row_xml = body[m.start() : m.end() - 2] + b">" + close_tag
    else:
        end = body.find(close_tag, m.end()) + len(close_tag)
        row_xml = body[m.start() : end]
    styles = row_styles(row_xml)
    style = next(iter(styles.values()), None)
    added = "".join(
        _cell_xml(prefix, f"{column_letter(col)}{header_row}", text, style)
        for col, text in sorted(cells.items())
    ).encode()
    row_xml = row_xml[: -len(close_tag)] + added + close_tag
    return body[: m.start()] + row_xml + body[end:]


def _grow_dimension(xml: bytes, last_row: int, last_col: int) -> bytes:
    """``<dimension ref>`` widened to cover ``last_row`` and ``last_col``."""
    m = _DIMENSION.search(xml)
    if m is None:
        return xml
    rng = AREA_REF.match(m.group(2).decode())
    if rng is None:
        return xml
    c1, r1 = rng.group(1), int(rng.group(2))
    c2 = rng.group(3) or c1
    r2 = int(rng.group(4) or r1)
    c2 = column_letter(max(column_number(c2), last_col))
    ref = f"{c1}{r1}:{c2}{max(r2, last_row)}".encode()
    return xml[: m.start(2)] + ref + xml[m.end(2) :]


def add_table_column(xml: bytes, name: str, last_row: int) -> bytes:
    """Table XML with one more column on the right (named ``name``), reaching ``last_row``."""
    root = re.search(rb"<(?:[A-Za-z_][\w.-]*:)?table\b[^>]*>", xml)
    cols = re.search(rb"<((?:[A-Za-z_][\w.-]*:)?)tableColumns\b[^>]*?\bcount=\"(\d+)\"[^>]*>", xml)
    if root is None or cols is None:
        return xml
    ref = re.search(rb'\sref="([^"]*)"', root.group(0))
    rng = AREA_REF.match(ref.group(1).decode()) if ref else None
    if rng is None or rng.group(3) is None:
        return xml
    ids = [
        int(x) for x in re.findall(rb'<(?:[A-Za-z_][\w.-]*:)?tableColumn\b[^>]*?\bid="(\d+)"', xml)
    ]
    p = cols.group(1).decode()
    new_col = f'<{p}tableColumn id="{max(ids, default=0) + 1}" name="{_attr(name)}"/>'.encode()
    close = f"</{p}tableColumns>".encode()
    at = xml.find(close, cols.end())
    if at < 0:
        return xml
    count = int(cols.group(2)) + 1
    xml = xml[:at] + new_col + xml[at:]
    start = cols.start() + cols.group(0).index(b'count="')
    xml = (
        xml[:start]
        + f'count="{count}"'.encode()
        + xml[start + len(f'count="{cols.group(2).decode()}"') :]
    )
    right = column_letter(column_number(rng.group(3)) + 1)
    new_ref = f"{rng.group(1)}{rng.group(2)}:{right}{max(int(rng.group(4)), last_row)}".encode()
    xml = re.sub(
        rb'(<(?:[A-Za-z_][\w.-]*:)?table\b[^>]*?\sref=")[^"]*(")',
        lambda m: m.group(1) + new_ref + m.group(2),
        xml,
        count=1,
    )
    return re.sub(
        rb'(<(?:[A-Za-z_][\w.-]*:)?autoFilter\b[^>]*?\sref=")[^"]*(")',
        lambda m: m.group(1) + new_ref + m.group(2),
        xml,
        count=1,
    )


def table_range(xml: bytes) -> tuple[int, int, int, int] | None:
    """(first col, first row, last col, last row) of a table part's ``ref``, 1-based."""
    root = re.search(rb"<(?:[A-Za-z_][\w.-]*:)?table\b[^>]*>", xml)
    ref = re.search(rb'\sref="([^"]*)"', root.group(0)) if root else None
    rng = AREA_REF.match(ref.group(1).decode()) if ref else None
    if rng is None or rng.group(3) is None:
        return None
    return (
        column_number(rng.group(1)),
        int(rng.group(2)),
        column_number(rng.group(3)),
        int(rng.group(4)),
    )


def _attr(text: str) -> str:
    return escape_text(text).replace('"', "&quot;")
