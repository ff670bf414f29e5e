"""Files and databases as history sources, validated and aggregated in embedded DuckDB.

Rows are checked with the sheets' own parsers and messages without bringing them into
Python: each column's *distinct* values (a few thousand dates, reps and account codes; the
amounts of a text file that are not plain numbers) go through ``validation.cells`` once, and
DuckDB joins the verdicts back onto the rows. Only problem rows (at most ``MAX_ROW_CHECKS``)
and the aggregated facts ever reach Python.
"""

from __future__ import annotations

import codecs
import csv
import re
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import parse_qs, unquote, urlsplit

import numpy as np
import pandas as pd

from routekpi.contract import REP_CODE_KEY, WHITESPACE, fold, skipped_rows
from routekpi.io.sheetxml import column_letter
from routekpi.messages import text
from routekpi.schema import (
    ACCOUNT_NAME_KEY,
    ACCOUNTS,
    LINE_KIND_KEY,
    NOT_COUNTED_KINDS,
    ORDER_COUNT_KEY,
    ORDERS,
    QUOTE_KIND_HEADER,
    QUOTE_KIND_WORD,
    TAX_CLASS_KEY,
    TAX_RATE_KEY,
    VISIT_KINDS,
    VISITS,
    ColumnSpec,
    HeaderMatch,
    SheetSpec,
)
from routekpi.sources.base import Loaded, ReadContext, SourceRef, _native, is_pattern
from routekpi.sources.quotes import (
    as_typed,
    is_billing_list,
    is_quote_register,
    quote_headers,
    quote_tab,
)
from routekpi.validation.cells import (
    DayNote,
    choice_key,
    parse_choice_column,
    parse_date_column,
    parse_number_column,
    parse_text_column,
    problem_params,
    six_digits,
    yymmdd_column,
)
from routekpi.validation.headers import account_is_name
from routekpi.validation.mixed_units import unit_column, unit_counts, units_check
from routekpi.validation.monthly import (
    MONTH_ROW_KEY,
    ORDERS_SQL,
    generic_count_check,
    is_generic_count,
    monthly_reason,
    summary_check,
    typed_month,
    yymmdd_check,
)
from routekpi.validation.reps import code_name_check
from routekpi.validation.returns import Flipped, flipped_check, return_kinds
from routekpi.validation.subtotals import (
    header_repeats_check,
    is_subtotal,
    repeats_header,
    total_rows_check,
)
from routekpi.validation.tables import (
    ACCOUNT_END,
    HEADER_SCAN_ROWS,
    IGNORED_PROBLEMS,
    LINE_KEY,
    LISTED_ROWS,
    OUTCOMES,
    Check,
    InputError,
    RawSheet,
    _find_header,
    amount_unit_check,
    choice_words,
    contacts_not_counted,
    dates_after_today,
    dates_out_of_range,
    folded_names_params,
    has_line_numbers,
    header_match,
    header_notes,
    is_header_row,
    is_nobody_there,
    listed_rows,
    missing_column_stop,
    more_not_listed,
    name_key_sql,
    nobody_there_counted,
    product_columns,
    read_table,
    tax_line_columns,
    with_folded_names,
)
from routekpi.validation.tax import (
    GROSS,
    NETTED_PROBLEMS,
    TAX_EXCLUDED_ALL,
    TAX_PROBLEM,
    add_excluded,
    add_netted,
    add_tax_checks,
    header_basis,
    is_tax_included,
    is_tax_line_name,
    net_pairs,
    tax_line_check,
    tax_note,
    typed_ignored_check,
    with_gross_sums,
)
from routekpi.validation.units import SourceUnit
from routekpi.validation.words import kind_word_params, words_sheet_params, words_used_check

if TYPE_CHECKING:
    import duckdb

# Rows listed one by one on Checks per source; the rest are counted in one closing line (a
# 20-million-line file with a wrong column must not become 20 million Checks rows).
MAX_ROW_CHECKS = 1000
# CSV encodings are detected on this many leading bytes.
DETECT_BYTES = 1 << 20
# Database rows are copied into DuckDB in batches of this many.
FETCH_ROWS = 100_000
# A plain number in a text file, parsed by DuckDB; anything else goes through the parser.
_PLAIN_NUMBER = r"^-?[0-9]{1,15}(\.[0-9]{1,6})?$"
_SQL_TYPES = {"date": "DATE", "number": "DOUBLE"}
# Text that reads as itself: printable ASCII, no space at either end.
_PLAIN_TEXT = r"^[!-~]([ -~]*[!-~])?$"
# Columns with few distinct values however many the rows (their values are tested once each).
_FEW = ("account", "rep", ACCOUNT_NAME_KEY)


def _q(name: str) -> str:
    """A quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def _lit(text: str) -> str:
    """A quoted SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


@dataclass
class _Raw:
    """A source's rows as DuckDB sees them: relation, header texts, column types."""

    relation: str  # columns c0…cN plus __n (1-based record number)
    headers: list[str]
    types: list[str]
    rejected: list[int]  # CSV line numbers DuckDB could not split
    kept: int | None = None  # CSV records DuckDB could split (None: not a CSV)
    header_line: int = 1  # the CSV line holding the header (a title may sit above it)


class TableSource:
    """A CSV/TSV, Parquet or .xlsx file, or a database table/query, for one input."""

    def __init__(self, ref: SourceRef, spec: SheetSpec, part: int | None = None) -> None:
        self.ref = ref
        self.spec = spec
        self.label = ref.label
        # The relation its rows are opened as: one per file when several Sources rows name
        # the input (a database's table and a CSV's view must not take one name).
        self.name = f"src_{spec.name.lower()}" + ("" if part is None else f"_{part}")
        self.part = part  # its place in a stack of files (None: the input's only source)

    # --- opening ---------------------------------------------------------------------------
    def load(self, con: duckdb.DuckDBPyConnection, checks: list[Check], ctx: ReadContext) -> Loaded:
        """Validate the rows (sheet rules, sheet messages) and register the usable ones."""
        if not self.ref.is_url:
            path = self.ref.path
            if not path.is_file():
                if self.ref.row is not None and is_pattern(self.ref):  # trial 45 L2
                    raise InputError(
                        "err.source_glob_none",
                        input=self.spec.name,
                        source=self.ref.location,
                        row=self.ref.row,
                    )
                raise InputError("err.source_not_found", input=self.spec.name, source=str(path))
            suffix = path.suffix.lower()
            if suffix in (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"):
                return self._load_workbook(con, checks, ctx, path)
        raw = self._open(con, ctx)
        loaded = validate_relation(
            con, self.spec, raw, self.label, checks, ctx, unit=self._unit, tax=self._tax
        )
        return replace(loaded, rows_at=raw.relation) if self.ref.is_url else loaded

    @property
    def _tax(self) -> tuple[str, int] | None:
        """The amounts' tax basis its Sources row types (税: validation.tax.typed_basis), with
        the row."""
        ref = self.ref
        return None if ref.tax is None or ref.row is None else (ref.tax, ref.row)

    @property
    def _unit(self) -> SourceUnit | None:
        """The amounts' unit its Sources row types (単位), with the row."""
        ref = self.ref
        return None if ref.unit is None or ref.row is None else (ref.unit, ref.row)

    def _open(self, con: duckdb.DuckDBPyConnection, ctx: ReadContext) -> _Raw:
        name = self.name
        if self.ref.is_url:
            return _open_database(con, name, self.ref)
        path = self.ref.path
        suffix = path.suffix.lower()
        try:
            if suffix == ".parquet":
                return _open_parquet(con, name, path)
            if suffix in (".csv", ".tsv", ".txt"):
                return _open_csv(con, name, path, self.ref, ctx, self.spec)
        except InputError:
            raise
        except Exception as exc:  # DuckDB's own words: a damaged file, a bad CSV
            raise InputError(
                "err.source_unreadable", source=self.label, reason=_reason(exc)
            ) from exc
        raise InputError("err.source_kind", source=self.label)

    def _load_workbook(
        self, con: duckdb.DuckDBPyConnection, checks: list[Check], ctx: ReadContext, path: Path
    ) -> Loaded:
        """An .xlsx export, read and checked like a sheet: the tab named after the input, else
        every tab whose header row is the input's, one under another in tab order (a ledger
        kept one sheet per year: trial 21 read 2024 alone and planned from it)."""
        from python_calamine import CalamineWorkbook

        try:
            book = CalamineWorkbook.from_path(str(path))
            names = book.sheet_names
            named = next((n for n in names if self.spec.matches(n)), None)
            tabs = [named] if named is not None else names
            sheets = [(n, book.get_sheet_by_name(n).to_python(skip_empty_area=True)) for n in tabs]
        except Exception as exc:
            raise InputError(
                "err.source_unreadable", source=self.label, reason=_reason(exc)
            ) from exc
        # A 見積一覧 .xlsx (見積No, 見積日 …, no 種別): its tabs read as the CSV's (sources.quotes).
        quoted = [(n, q) for n, c in sheets if (q := quote_tab(self.spec, c)) is not None]
        typed: list[object] = quoted[0][1][1] if quoted else []  # its header as the file has it
        if quoted:
            sheets = [(n, rows) for n, (rows, _) in quoted]
            checks.append(Check(self.label, None, "", None, "quote_register_read", {}, "info"))
        read, skipped, rows = stacked_sheets(self.spec, sheets)
        raw = RawSheet(name=f"{self.label} {read[0]}", rows=rows)
        gross = self._tax is not None and self._tax[0] == GROSS
        mine: list[Check] = []
        try:
            loaded = load_frame_sheet(
                con,
                self.spec,
                raw,
                f"{self.label}",
                mine,
                ctx,
                external=True,
                unit=self._unit,
                typed_gross=gross,
            )
        except InputError as exc:
            raise _file_stop(exc, self.label, "・".join(read)) from exc
        if self.spec is ORDERS and "amount" in loaded.columns:  # its Sources 税 cell (H3)
            amount = loaded.columns["amount"]
            _typed_tax(checks, self.label, 1, amount, amount.split(" ", 1)[-1], self._tax)
        _after_typed_tax(checks, as_typed(mine, typed) if quoted else mine)
        if skipped and self.part is not None:
            # One file of a stack: the stack's line lists the tabs read, not those skipped
            # (an input's only file says both in its own line, assemble._source_used).
            params: dict[str, object] = {
                "input": self.spec.name,
                "source": self.label,
                "sheets": "・".join(read),
                "skipped": "・".join(skipped),
                "sheets_en": ", ".join(read),  # an English book's joins (en42b)
                "skipped_en": ", ".join(skipped),
            }
            checks.append(
                Check(self.label, None, "", None, "source_part_sheets_skipped", params, "info")
            )
        loaded = replace(loaded, sheets=tuple(read), skipped_sheets=tuple(skipped))
        loaded.quote_lines = "TRUE" if quoted else ""  # its quotes at customers: contacts
        return loaded


def stacked_sheets(
    spec: SheetSpec, sheets: Sequence[tuple[str, Sequence[Sequence[object]]]]
) -> tuple[list[str], list[str], list[Sequence[object]]]:
    """(tabs read, tabs skipped, rows): the first tab with the input's header row and every
    later tab whose header names the same columns at the same places, one under another
    (each later tab's title and header rows left out: the rows a user pasting the tabs under
    each other gets). Tabs whose header is not the input's are skipped; with none, the first
    tab is read as it is (its missing columns are then named)."""
    read: list[str] = []
    skipped: list[str] = []
    rows: list[Sequence[object]] = []
    first: tuple[dict[str, int], dict[str, int]] | None = None  # columns, units (千円)
    for name, cells in sheets:
        at = next(
            (i for i, r in enumerate(cells[:HEADER_SCAN_ROWS]) if is_header_row(spec, r)), None
        )
        match = header_match(spec, cells[at]) if at is not None else None
        # A tab in another unit (金額(千円) over 金額) is another header: read under the
        # first tab's, its yen were ×1,000 (review48).
        if (
            match is None
            or match.missing
            or (first is not None and (match.positions, match.scales) != first)
        ):
            skipped.append(name)
            continue
        if first is None:
            first = (match.positions, match.scales)
            rows.extend(cells)
        else:
            rows.extend(cells[at + 1 :])
        read.append(name)
    if not read:
        name, cells = sheets[0]
        return [name], [n for n, _ in sheets[1:]], list(cells)
    return read, skipped, rows


def _file_stop(exc: InputError, label: str, tabs: str) -> InputError:
    """A sheet reader's header stop, naming the file and its tabs instead of シート「Orders」
    (trial 21: the Orders sheet was empty; the header was the file's)."""
    if exc.key == "no_header_stop":
        return InputError(exc.key, **{**exc.params, "sheet": f"{label} {tabs}"})
    if exc.key not in ("missing_column_stop_found", "missing_column_stop_unit"):
        return exc
    params = {k: v for k, v in exc.params.items() if k != "sheet"}
    unit = exc.key == "missing_column_stop_unit"
    key = f"missing_column_stop_file{'_unit' if unit else ''}"
    tabs_en = tabs.replace("・", ", ")  # an English book's join (en42b)
    return InputError(key, file=f"{label}({tabs})", file_en=f"{label} ({tabs_en})", **params)


class SheetSource:
    """The workbook's own sheet as a source: today's reader and validator (read_table),
    its rows registered in DuckDB like a file's (used when one input comes from a file and
    another from its sheet)."""

    def __init__(self, raw: RawSheet, spec: SheetSpec) -> None:
        self.raw = raw
        self.spec = spec
        self.label = spec.name

    def load(self, con: duckdb.DuckDBPyConnection, checks: list[Check], ctx: ReadContext) -> Loaded:
        """Validate the sheet exactly as a workbook-only run does and register its rows."""
        return load_frame_sheet(con, self.spec, self.raw, self.label, checks, ctx, external=False)


def _rows_below_header(spec: SheetSpec, raw: RawSheet) -> int:
    """The rows under the header: an export's title and 出力日時 lines above it are no rows
    (trial 52 L1: a two-tab 売上明細 said 72,281 lines for 72,279)."""
    at = 0
    if raw.header is None:
        found = (i for i, r in enumerate(raw.rows[:HEADER_SCAN_ROWS]) if is_header_row(spec, r))
        at = next(found, 0)
    return max(len(raw.rows) - 1 - at, 0)


def load_frame_sheet(
    con: duckdb.DuckDBPyConnection,
    spec: SheetSpec,
    raw: RawSheet,
    label: str,
    checks: list[Check],
    ctx: ReadContext,
    *,
    external: bool,
    relation: str | None = None,
    unit: SourceUnit | None = None,
    typed_gross: bool = False,
) -> Loaded:
    """A sheet's rows (RawSheet) validated by the sheet reader and registered in DuckDB
    (as ``relation``; default ``frame_<input>``). ``unit``: the amounts' unit its Sources
    row types; ``typed_gross``: its Sources row says 税込 (lines netted by their rate)."""
    mine: list[Check] = []
    frame, rows = read_table(
        spec,
        raw,
        mine,
        date1904=ctx.date1904,
        today=ctx.today,
        words=ctx.words,
        unit=unit,
        typed_gross=typed_gross,
    )
    checks.extend(_relabel(c, spec, label) for c in mine)
    columns = dict(frame.attrs.get("columns", {}))
    skipped = {k: set(v) for k, v in frame.attrs.get("skipped", {}).items()}
    line_numbers = bool(frame.attrs.get("line_numbers", False))
    frame = frame.reset_index(drop=True).assign(line=rows)
    for col in spec.columns:
        if col.kind == "date":
            frame[col.key] = pd.to_datetime(frame[col.key]).dt.date
        elif col.kind != "number":
            frame[col.key] = frame[col.key].astype(object)
    # The line's product (validation.tables._line_key), for assemble._dedupe only.
    product = _sheet_products(spec, raw, frame, rows) if LINE_KEY in frame else None
    name = relation or f"frame_{spec.name.lower()}"
    con.register(f"{name}_df", frame)
    casts = ", ".join(f"CAST({_q(c.key)} AS {_sql_type(c)}) AS {_q(c.key)}" for c in spec.columns)
    if REP_CODE_KEY in frame:  # a rep code column beside the name (validation.reps)
        frame[REP_CODE_KEY] = frame[REP_CODE_KEY].astype(object)
        casts += f", CAST({REP_CODE_KEY} AS VARCHAR) AS {REP_CODE_KEY}"
    if product is not None:
        casts += f", {product} AS {LINE_KEY}"
    if spec is ORDERS:  # a monthly summary's rows (validation.monthly), as a file's
        marked = f"CAST({MONTH_ROW_KEY} AS BOOLEAN)" if MONTH_ROW_KEY in frame else "FALSE"
        casts += f", {marked} AS {MONTH_ROW_KEY}"
    con.execute(f"CREATE OR REPLACE TEMP VIEW {name} AS SELECT {casts}, line FROM {name}_df")
    height = raw.height if raw.columns is not None else _rows_below_header(spec, raw)
    loaded = Loaded(spec, name, label, height, columns, skipped, external)
    loaded.line_numbers = line_numbers
    return loaded


def _sheet_products(spec: SheetSpec, raw: RawSheet, frame: pd.DataFrame, rows: np.ndarray) -> str:
    """SQL over the registered frame: each kept line's product key for assemble._dedupe. An
    .xlsx file's rows (one of a stack, perhaps): the hash of the product cells' text, as a
    CSV's (``_product_sql``: a line repeated across two files is one line). The workbook's
    own sheet (read by column, never stacked): the sheet validator's codes, as they are."""
    header_at = _find_header(spec, raw)
    if raw.columns is not None or header_at is None:
        return f"CAST({LINE_KEY} AS UBIGINT)"
    header = list(raw.rows[header_at])
    at = product_columns(header_match(spec, header), header)
    body = raw.rows
    first = raw.first_row
    names = []
    for k, i in enumerate(at):
        name = f"_product{k}"
        cells = (body[r - first] for r in rows.tolist())
        frame[name] = [_cell_text(c[i] if i < len(c) else None) for c in cells]
        names.append(f"CAST({name} AS VARCHAR)")
    return f"hash({', '.join(names)})" if names else f"CAST({LINE_KEY} AS UBIGINT)"


def _cell_text(value: object) -> str | None:
    """A product cell as a CSV holds it: a whole number without ".0", a blank as None."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    return text or None


def _relabel(check: Check, spec: SheetSpec, label: str) -> Check:
    """A sheet reader's Check, named after the source (a file) instead of the sheet."""
    if check.sheet != spec.name or label == spec.name:
        return check
    return replace(check, sheet=label)


def _sql_type(col: ColumnSpec) -> str:
    return _SQL_TYPES.get(col.kind, "VARCHAR")


def _reason(exc: BaseException) -> str:
    """The first line of an error, for a one-line message."""
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


# --- files -------------------------------------------------------------------------------------
def _open_parquet(con: duckdb.DuckDBPyConnection, name: str, path: Path) -> _Raw:
    described = con.execute(f"DESCRIBE SELECT * FROM read_parquet({_lit(str(path))})").fetchall()
    headers = [str(r[0]) for r in described]
    types = [str(r[1]) for r in described]
    cols = ", ".join(f"{_q(h)} AS c{i}" for i, h in enumerate(headers))
    con.execute(
        f"CREATE OR REPLACE TEMP VIEW {name} AS SELECT {cols}, ordinality + 1 AS __n "
        f"FROM read_parquet({_lit(str(path))}) WITH ORDINALITY"
    )
    return _Raw(name, headers, types, [])


# A CSV with at least this many lines DuckDB cannot split, and this share of its lines,
# stops the run instead of planning without them.
STOP_BAD_LINES = 10
STOP_BAD_SHARE = 0.01

# Encoding names a Japanese user may type (after lower case, "_" → "-"). Every Shift_JIS
# spelling is CP932: what Windows writes, a superset (①, ㈱, 髙) strict shift_jis refuses.
_ENCODING_NAMES = {
    **dict.fromkeys(
        ("シフトjis", "shift-jis", "shiftjis", "s-jis", "sjis", "x-sjis", "sjis-win", "ms932"),
        "cp932",
    ),
    "windows-31j": "cp932",
    "ユニコード": "utf-16",
    "unicode": "utf-16",
}


def encoding_name(typed: str) -> str:
    """The codec for an encoding as typed (Shift_JIS, シフトJIS, SJIS, Windows-31J → cp932)."""
    return _ENCODING_NAMES.get(typed.strip().lower().replace("_", "-"), typed.strip())


_COLUMNS = re.compile(r"Expected Number of Columns: (\d+) Found: (\d+)")


def csv_problem(message: str | None) -> tuple[str, dict[str, object]]:
    """DuckDB's reason for a line it could not split, as a message key and its params: in
    the user's words for a wrong column count (the usual cause: a thousands comma in an
    amount without quotes), else DuckDB's own first line."""
    said = (message or "").strip()
    if m := _COLUMNS.search(said):
        return "source_bad_line_columns", {"expected": m.group(1), "found": m.group(2)}
    return "source_bad_line", {"reason": said.splitlines()[0] if said else ""}


def detect_encoding(head: bytes) -> str:
    """UTF-8 or UTF-16 with a byte-order mark (Excel's "Unicode text" is UTF-16), else UTF-8
    when the bytes decode as such, else CP932 (Shift_JIS as Windows writes it: what Excel
    saves as "CSV" on a Japanese PC). Only the head is read: ``_utf8_file`` checks the rest."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        return "cp932"


def _decode(path: Path, encoding: str, dst: TextIO | None = None) -> int | None:
    """Decode the file in 4 MiB pieces (into ``dst`` when given): the first line that does
    not decode, or None. Lines are counted in the decoded text (a UTF-16 byte 0x0A is not
    always a line end)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    lines = 0
    chunk = b""
    try:
        with path.open("rb") as src:
            while chunk := src.read(1 << 22):
                text_ = decoder.decode(chunk)
                if dst is not None:
                    dst.write(text_)
                lines += text_.count("\n")
            chunk = b""
            tail = decoder.decode(b"", final=True)
            if dst is not None:
                dst.write(tail)
    except UnicodeDecodeError as exc:
        before = chunk[: exc.start].decode(encoding, errors="replace") if chunk else ""
        return lines + before.count("\n") + 1
    return None


def _utf8_file(
    path: Path, encoding: str, label: str, ctx: ReadContext, *, ascii_head: bool = False
) -> Path:
    """The file as UTF-8 (DuckDB reads only UTF-8 offline): transcoded in pieces to a temp
    file when it is in another encoding; a byte that does not decode names its line.

    A file taken for UTF-8 is checked whole (DuckDB would drop bad lines one by one). When
    its detected head was plain ASCII, a later byte that is not UTF-8 means Shift_JIS whose
    first Japanese text came late: read as CP932, not cut by the lines that do not decode. A
    head with UTF-8 Japanese in it is UTF-8: a bad byte later stops naming its line (read as
    CP932 every name would garble).
    """
    if codecs.lookup(encoding).name == "utf-8":
        line = _decode(path, "utf-8")
        if line is None:
            return path
        if not ascii_head:
            raise InputError("err.source_encoding", source=label, line=line, encoding=encoding)
        encoding = "cp932"
    out = Path(ctx.temp_dir or path.parent) / f"{path.stem}.utf8{path.suffix}"
    with out.open("w", encoding="utf-8", newline="") as dst:
        line = _decode(path, encoding, dst)
    if line is not None:
        raise InputError("err.source_encoding", source=label, line=line, encoding=encoding)
    return out


def _reject_reason(con: duckdb.DuckDBPyConnection, raw: _Raw, line: int) -> str | None:
    """DuckDB's error message for a rejected CSV line."""
    rows = con.execute(
        f"SELECT error_message FROM {raw.relation}_bad WHERE line = ? LIMIT 1", [line]
    ).fetchall()
    return rows[0][0] if rows else None


def _header_line(lines: list[str], spec: SheetSpec, tsv: bool) -> tuple[int, list[str], str]:
    """(index, fields, delimiter) of the header among a CSV's first lines: as on a sheet, the
    first line naming two of the input's columns (ERP exports put a title and a blank line
    above it); the first line when none does (the missing columns are then named)."""
    parsed = []
    for line in lines:
        delim = "\t" if tsv or line.count("\t") > line.count(",") else ","
        parsed.append((next(csv.reader([line], delimiter=delim), []), delim))
    for i, (fields, delim) in enumerate(parsed):
        if is_header_row(spec, fields):
            return i, fields, delim
    fields, delim = parsed[0] if parsed else ([], ",")
    return 0, fields, delim


def _open_csv(
    con: duckdb.DuckDBPyConnection,
    name: str,
    path: Path,
    ref: SourceRef,
    ctx: ReadContext,
    spec: SheetSpec,
) -> _Raw:
    with path.open("rb") as fh:
        head = fh.read(DETECT_BYTES)
    encoding = encoding_name(ref.encoding) if ref.encoding else detect_encoding(head)
    try:
        codecs.lookup(encoding)
    except LookupError as exc:
        raise InputError(
            "err.source_unknown_encoding", source=ref.label, encoding=encoding
        ) from exc
    ascii_head = not ref.encoding and encoding == "utf-8" and head.isascii()
    utf8 = _utf8_file(path, encoding, ref.label, ctx, ascii_head=ascii_head)
    with utf8.open("r", encoding="utf-8-sig", newline="") as fh:
        lines = [line for _ in range(HEADER_SCAN_ROWS) if (line := fh.readline())]
    skip, headers, delim = _header_line(lines, spec, path.suffix.lower() == ".tsv")
    if not headers:
        raise InputError("err.source_unreadable", source=ref.label, reason="empty file")
    names = "[" + ", ".join(_lit(f"c{i}") for i in range(len(headers))) + "]"
    rejects = f"{name}_rejects"
    options = (
        f"header = true, skip = {skip}, names = {names}, all_varchar = true, "
        f"delim = {_lit(delim)}, "
        f"quote = '\"', escape = '\"', store_rejects = true, rejects_table = {_lit(rejects)}, "
        f"rejects_scan = {_lit(rejects + '_scan')}"
    )
    scan = f"read_csv({_lit(str(utf8))}, {options})"
    # DuckDB fills the rejects table (created only when a line is rejected) while it scans
    # every column: one pass now, before the rows are numbered.
    every = ", ".join(["count(*)", *(f"count(c{i})" for i in range(len(headers)))])
    kept = int(con.execute(f"SELECT {every} FROM {scan}").fetchall()[0][0])  # rejects at the end
    exists = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = ?", [rejects]
    ).fetchall()[0][0]
    source = rejects if exists else "(SELECT 0::UBIGINT AS line, '' AS error_message LIMIT 0)"
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {name}_bad AS SELECT line, min(error_message) AS "
        f"error_message, line - {skip + 2} - (row_number() OVER (ORDER BY line) - 1) "
        f"AS kept_before "
        f"FROM {source} GROUP BY line"
    )
    rejected = [
        int(r[0]) for r in con.execute(f"SELECT line FROM {name}_bad ORDER BY line").fetchall()
    ]
    # A kept row's record number in the file (header = 1 + the title lines skipped): its
    # place among the kept rows, plus the rejected lines before it.
    number = f"ordinality + {skip + 1}"
    if rejected:
        number += f" + (SELECT count(*) FROM {name}_bad b WHERE b.kept_before < ordinality)"
    con.execute(
        f"CREATE OR REPLACE TEMP VIEW {name} AS SELECT * EXCLUDE (ordinality), "
        f"{number} AS __n FROM {scan} WITH ORDINALITY"
    )
    return _Raw(
        name, [str(h) for h in headers], ["VARCHAR"] * len(headers), rejected, kept, skip + 1
    )


# --- databases ---------------------------------------------------------------------------------
def _db_query(ref: SourceRef) -> tuple[str, str]:
    """(connection URL without routekpi's own parameters, SELECT to run)."""
    parts = urlsplit(ref.location)
    params = parse_qs(parts.query)
    table = ref.table or (params.pop("table", [None])[0]) or (params.pop("query", [None])[0])
    params.pop("table", None)
    params.pop("query", None)
    if not table:
        raise InputError("err.source_no_table", source=ref.label)
    rest = "&".join(f"{k}={v}" for k, vs in params.items() for v in vs)
    # Cut by hand: urlunsplit would turn sqlite:////abs.db into sqlite://abs.db.
    url = ref.location.split("?", 1)[0] + (f"?{rest}" if rest else "")
    table = unquote(table).strip()
    if table.lower().startswith(("select", "with")):
        return url, table
    quoted = ".".join(_q(p) for p in table.split("."))
    return url, f"SELECT * FROM {quoted}"


def sqlite_path(ref: SourceRef) -> Path:
    """The database file a ``sqlite:///…`` URL names, absolute. ``sqlite:///erp.db`` is read
    from the workbook's folder, as a relative file path on Sources is (``SourceRef.path``;
    trial 47 M4: it was read from the current folder, so a copy of the book elsewhere read
    another folder's erp.db); ``sqlite:////abs/erp.db`` and ``sqlite:///C:/erp.db`` as typed."""
    url = ref.location.split("?", 1)[0]
    path = Path(_native(unquote(url.split("://", 1)[1])[1:])).expanduser()
    if not path.is_absolute() and ref.base is not None:
        path = ref.base / path
    return path.absolute()


def _sqlite_rows(path: Path, query: str) -> tuple[list[str], Iterator[list[tuple[object, ...]]]]:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        cur = conn.execute(query)
    except BaseException:
        conn.close()
        raise
    headers = [d[0] for d in cur.description]

    def batches() -> Iterator[list[tuple[object, ...]]]:
        try:
            while rows := cur.fetchmany(FETCH_ROWS):
                yield rows
        finally:
            conn.close()

    return headers, batches()


def _sqlite_tables(path: Path) -> list[str]:
    """The tables and views of a SQLite file, by name (none when it cannot be read)."""
    try:
        with sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True) as conn:
            rows = conn.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            ).fetchall()
    except sqlite3.Error:
        return []
    return [str(r[0]) for r in rows]


def _db_stop(key: str, ref: SourceRef, **params: object) -> InputError:
    """A database source that cannot be read, naming the Sources row and column that name it
    (``key``) or, from the command line, the option (``key`` + ``_given``)."""
    if ref.row is None:
        return InputError(f"{key}_given", input=ref.input, source=ref.location, **params)
    return InputError(
        key,
        input=ref.input,
        source=ref.location,
        row=ref.row,
        column=ref.column or "ソース",
        column_en=ref.column or "Source",
        # The table is typed in its own column, or on the URL (?table=) in the source column.
        table_column=(ref.table_column if ref.table else ref.column) or "テーブル/クエリ",
        table_column_en=(ref.table_column if ref.table else ref.column) or "Table or query",
        **params,
    )


def _postgres_rows(url: str, query: str) -> tuple[list[str], Iterator[list[tuple[object, ...]]]]:
    import psycopg  # optional: pip install routekpi[postgres]

    conn = psycopg.connect(url)
    try:
        cur = conn.cursor(name="routekpi_history")  # server-side: rows arrive in batches
        cur.execute(query)  # type: ignore[arg-type]
        first = cur.fetchmany(FETCH_ROWS)
    except BaseException:
        conn.close()
        raise
    headers = [d.name for d in cur.description or []]

    def batches() -> Iterator[list[tuple[object, ...]]]:
        try:
            rows = first
            while rows:
                yield rows
                rows = cur.fetchmany(FETCH_ROWS)
        finally:
            conn.close()

    return headers, batches()


# The server's "relation … does not exist" (SQLSTATE 42P01, undefined_table).
_PG_NO_TABLE = "42P01"


def _postgres_tables(url: str) -> list[str]:
    """A PostgreSQL database's tables and views outside the system schemas, by name (as a
    query names them: ``schema.name`` outside ``public``); none when it cannot be read."""
    import psycopg

    try:
        with psycopg.connect(url) as conn:
            rows = conn.execute(
                "SELECT table_schema, table_name FROM information_schema.tables "
                "WHERE table_schema NOT IN ('pg_catalog', 'information_schema') "
                "ORDER BY table_schema <> 'public', table_schema, table_name"
            ).fetchall()
    except Exception:
        return []
    return [str(n) if sch == "public" else f"{sch}.{n}" for sch, n in rows]


def _missing_table(exc: BaseException, ref: SourceRef) -> str:
    """The table a server said is not there: named in its message (a query's FROM), else
    the one typed."""
    found = re.search(r'relation "([^"]+)" does not exist', str(exc))
    if found:
        return found.group(1)
    return str(ref.table or (parse_qs(urlsplit(ref.location).query).get("table") or [""])[0])


_DRIVERS: dict[str, Callable[[str, str], tuple[list[str], Iterator[list[tuple[object, ...]]]]]] = {
    "postgresql": _postgres_rows,
    "postgres": _postgres_rows,
}


def _open_database(con: duckdb.DuckDBPyConnection, name: str, ref: SourceRef) -> _Raw:
    """A table or query copied into a DuckDB table batch by batch (memory: one batch)."""
    scheme = urlsplit(ref.location).scheme.lower().split("+")[0]
    driver = _DRIVERS.get(scheme)  # SQLite: opened by its file's path, below
    if driver is None and scheme != "sqlite":
        raise InputError("err.source_kind", source=ref.label)
    url, query = _db_query(ref)
    path = sqlite_path(ref) if scheme == "sqlite" else None
    if path is not None and not path.is_file():
        raise _db_stop("err.source_db_not_found", ref, path=str(path))
    try:
        if path is not None:
            try:
                headers, batches = _sqlite_rows(path, query)
            except sqlite3.OperationalError as exc:
                if not str(exc).startswith("no such table"):
                    raise
                tables = _sqlite_tables(path)
                raise _db_stop(
                    "err.source_db_no_table",
                    ref,
                    table=str(exc).split(":", 1)[-1].strip(),
                    path=str(path),
                    tables="、".join(tables) or "—",
                    tables_en=", ".join(tables) or "none",
                ) from exc
        else:
            assert driver is not None
            try:
                headers, batches = driver(url, query)
            except Exception as exc:
                if getattr(exc, "sqlstate", None) != _PG_NO_TABLE:
                    raise
                # trial 47 L7 on PostgreSQL: the server's English, no list (fix48b).
                tables = _postgres_tables(url)
                raise _db_stop(
                    "err.source_db_no_table",
                    ref,
                    table=_missing_table(exc, ref),
                    path=SourceRef(ref.input, ref.location.split("?", 1)[0]).label,
                    tables="、".join(tables) or "—",
                    tables_en=", ".join(tables) or "none",
                ) from exc
        n = 0
        created = False
        for rows in batches:
            frame = pd.DataFrame.from_records(rows, columns=[f"c{i}" for i in range(len(headers))])
            for col in frame.columns:
                if frame[col].dtype == object:  # mixed Python objects: keep them as text
                    frame[col] = frame[col].map(_db_value)
            frame["__n"] = np.arange(n + 2, n + 2 + len(frame), dtype=np.int64)
            n += len(frame)
            con.register(f"{name}_batch", frame)
            if not created:
                con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM {name}_batch")
                created = True
            else:
                con.execute(f"INSERT INTO {name} SELECT * FROM {name}_batch")
            con.unregister(f"{name}_batch")
        if not created:
            cols = ", ".join(f"CAST(NULL AS VARCHAR) AS c{i}" for i in range(len(headers)))
            con.execute(
                f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT {cols}, 0::BIGINT AS __n LIMIT 0"
            )
    except InputError:
        raise
    except Exception as exc:  # driver or server: say so in one line (no password)
        raise InputError("err.source_unreadable", source=ref.label, reason=_reason(exc)) from exc
    types = [str(r[1]) for r in con.execute(f"DESCRIBE {name}").fetchall()][: len(headers)]
    return _Raw(name, headers, types, [])


def _db_value(v: object) -> object:
    """Driver objects DuckDB cannot take as they are (Decimal, memoryview) as plain values."""
    from decimal import Decimal

    if isinstance(v, Decimal):
        return float(v)
    if isinstance(v, memoryview | bytes):
        return bytes(v).decode("utf-8", "replace")
    return v


# A database row's problem is named by these columns' values, as typed (trial 47 L5/L7: a
# query's row order is no row a user can find; sources47 named repeats so, fix48b the rest).
ROW_KEYS: dict[str, tuple[str, ...]] = {
    ORDERS.name: ("order_id", "date", "account"),
    VISITS.name: ("date", "account", "rep"),
    ACCOUNTS.name: ("account",),
}
# Problems whose value is the key itself (a code or a name no other input knows): the row
# number goes, the sentence already names the value.
_VALUE_IS_KEY = frozenset({"unknown_account", "unknown_order_rep"})


def _key_text(value: object) -> str | None:
    """A key cell as typed, for a sentence (None when blank)."""
    if value is None or (isinstance(value, float) and not np.isfinite(value)):
        return None
    if isinstance(value, datetime):
        return (value.date() if value.time() == time(0) else value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip() or None


def _letter_index(name: str) -> int:
    """The 0-based column of a Checks column name ("C 受注番号" → 2)."""
    n = 0
    for ch in name.split(" ", 1)[0]:
        n = n * 26 + ord(ch) - 64
    return n - 1


def keyed_rows(
    con: duckdb.DuckDBPyConnection, checks: Sequence[Check], sources: Sequence[Loaded]
) -> list[Check]:
    """``checks`` with each row of a database table or query (``Loaded.rows_at``) named by its
    key — order number, date and account; a visit's date, account and rep; an account's code
    — under the table's own column names, not by its place in the query's order: the
    problem's sentence after the key (``source_row_keyed``), or, when the value is the key
    (an unknown code), without a row; a note on the header (a column not used) without a
    row either. A row whose key cells are all blank keeps its number."""
    by_label = {s.label: s for s in sources if s.rows_at}
    wanted: dict[str, set[int]] = {}
    for c in checks:
        if c.sheet in by_label and c.row is not None and c.row > 1:
            wanted.setdefault(c.sheet, set()).add(int(c.row))
    named: dict[tuple[str, int], tuple[str, str]] = {}
    for label, lines in wanted.items():
        loaded = by_label[label]
        keys = [k for k in ROW_KEYS.get(loaded.spec.name, ()) if loaded.columns.get(k)]
        if not keys:
            continue
        heads = [loaded.columns[k].split(" ", 1)[-1] for k in keys]  # "C 受注番号" → 受注番号
        cells = ", ".join(f"c{_letter_index(loaded.columns[k])}" for k in keys)
        found = con.execute(
            f"SELECT __n, {cells} FROM {loaded.rows_at} "
            f"WHERE __n IN ({', '.join(str(n) for n in sorted(lines))})"
        ).fetchall()
        for line, *values in found:
            parts = [
                f"{head} {shown}"
                for head, v in zip(heads, values, strict=True)
                if (shown := _key_text(v)) is not None
            ]
            if parts:
                named[(label, int(line))] = ("・".join(parts), ", ".join(parts))
    out: list[Check] = []
    for c in checks:
        key = named.get((c.sheet, int(c.row))) if c.row is not None else None
        if c.sheet in by_label and c.row == 1:  # its header (rows are numbered from 2)
            out.append(replace(c, row=None))
        elif key is None:
            out.append(c)
        elif c.problem in _VALUE_IS_KEY:
            out.append(replace(c, row=None))
        else:
            params = {"value": c.value, **c.params}  # as the Checks sheet says it
            said = {
                "key_ja": key[0],
                "key_en": key[1],
                "said_ja": text(c.problem, "ja", **params),
                "said_en": text(c.problem, "en", **params),
                "problem_key": c.problem,
            }
            out.append(
                Check(c.sheet, None, c.column, c.value, "source_row_keyed", said, c.severity)
            )
    return out


# --- validation --------------------------------------------------------------------------------
@dataclass
class _Column:
    spec: ColumnSpec
    index: int  # position in the source's header
    name: str  # as Checks name it: "C 金額"
    value: str  # SQL for the parsed value (NULL when blank or unusable)
    problem: str  # SQL for the problem code (NULL when none)
    raw: str  # SQL for the value as typed
    codes: str | None = None  # a table of the column's distinct values, each its own parse
    # A row may have a problem here (besides a blank cell): a distinct value has one or
    # reads as blank. Typed numbers are judged by a sum over the rows instead.
    suspect: bool = False
    typed_number: bool = False
    day_note: DayNote | None = None  # its 6-digit dates read as yymmdd days, and why


def validate_relation(
    con: duckdb.DuckDBPyConnection,
    spec: SheetSpec,
    raw: _Raw,
    label: str,
    checks: list[Check],
    ctx: ReadContext,
    *,
    unit: SourceUnit | None = None,
    tax: tuple[str, int] | None = None,
) -> Loaded:
    """The sheet reader's rules in SQL: header match, per-cell parse, blank and bad rows.
    ``unit``: the amounts' unit its Sources row types (validation.units), with the row;
    ``tax``: the tax basis it types (validation.tax.typed_basis), with the row."""
    quote = is_quote_register(spec, raw.headers)
    if quote:  # a 見積一覧: every row a meeting on its quote date (sources.quotes)
        matched = quote_headers(raw.headers)
        raw = _with_quote_kind(con, raw)
        match = header_match(spec, matched)
        checks.append(Check(label, None, "", None, "quote_register_read", {}, "info"))
    else:
        match = header_match(spec, raw.headers)

    def col_name(idx: int) -> str:
        return f"{column_letter(idx + 1)} {str(raw.headers[idx]).strip()}".strip()

    heads = raw.headers
    if raw.header_line > 1:
        checks.append(Check(label, raw.header_line, "", None, "csv_header_below", {}, "info"))
    said = header_notes(match, heads, orders=spec is ORDERS)
    # 税抜 read beside 税込: both columns summed, for the 税込 figures shown (validation.tax).
    said = with_gross_sums(
        said, match.positions.get("amount"), lambda a, b: _gross_sums(con, raw.relation, a, b)
    )
    named = account_is_name(spec, match, heads)
    if named:
        at = match.positions["account"]
        said.append((at, "account_from_name", {"column": str(heads[at]).strip()}, "info"))
    for idx, problem, params, severity in said:
        checks.append(
            Check(label, raw.header_line, col_name(idx), heads[idx], problem, params, severity)
        )
    code_at = match.positions.get(REP_CODE_KEY) if spec is ACCOUNTS else None
    if code_at is not None and "rep" in match.positions:
        # A reassignment typed in the rep code column only (validation.reps, as on a sheet).
        name_at = match.positions["rep"]
        end_at = match.positions.get("end")
        is_open = (  # open accounts only: no end date typed (as validation.tables)
            "TRUE"
            if end_at is None
            else f"(s.c{end_at} IS NULL OR trim(CAST(s.c{end_at} AS VARCHAR)) = '')"
        )
        pairs = con.execute(
            f"SELECT s.__n, s.c{code_at}, s.c{name_at} FROM {raw.relation} AS s "
            f"WHERE {is_open} ORDER BY 1"
        ).fetchall()
        mismatch = code_name_check(
            [p[1] for p in pairs],
            [p[2] for p in pairs],
            [int(p[0]) for p in pairs],
            sheet=label,
            code_column=str(heads[code_at]).strip(),
            name_column=str(heads[name_at]).strip(),
        )
        if mismatch is not None:
            checks.append(mismatch)
    if match.missing and (spec is ORDERS or spec is VISITS or spec.required):
        # The sheet's stop, naming the file: the headers to rename to, and a 売上(千円)
        # column left out on purpose (read as yen it would be 1/1000 of the amount).
        stop = missing_column_stop(spec, match, heads)
        params = {k: v for k, v in stop.params.items() if k != "sheet"}
        unit = stop.key == "missing_column_stop_unit"
        key = f"missing_column_stop_file{'_unit' if unit else ''}"
        if spec is ORDERS and is_billing_list(heads):  # a 請求一覧 (trial 52 M4/M6)
            key = "billing_list_stop"
        raise InputError(key, file=label, file_en=label, **params)

    if raw.kept is not None and len(raw.rejected) >= max(
        STOP_BAD_LINES, STOP_BAD_SHARE * (len(raw.rejected) + raw.kept)
    ):
        # Many lines unreadable is a file in another shape, not a few stray lines. The usual
        # cause (amounts with thousands commas and no quotes) drops exactly the large orders:
        # planning from the rest would mislead.
        line = raw.rejected[0]
        problem, params = csv_problem(_reject_reason(con, raw, line))
        raise InputError(
            f"err.{problem}_stop",
            source=label,
            bad=f"{len(raw.rejected):,}",
            lines=f"{len(raw.rejected) + raw.kept:,}",
            line=line,
            **params,
        )
    problem, params = "source_bad_line", {"reason": ""}
    for line in raw.rejected[:MAX_ROW_CHECKS]:
        problem, params = csv_problem(_reject_reason(con, raw, line))
        checks.append(Check(label, line, "", None, problem, params))
    # The closing "and N more" line repeats the last listed reason (the same, usually).
    more_not_listed(checks, label, len(raw.rejected), problem, params)

    # One pass over the rows for the columns with a plain form and as many values as rows
    # (order numbers, amounts in text): does any value need the parser? Usually none does,
    # and the column is not scanned again. Accounts and reps: their distinct values, below.
    present = [
        (col, match.positions[col.key]) for col in spec.columns if col.key in match.positions
    ]
    tests = {
        idx: t
        for col, idx in present
        if col.key not in _FEW and (t := _plain_test(col, raw.types[idx], f"s.c{idx}"))
    }
    # The same pass tallies what says whether any row can be blank or bad at all: the rows,
    # the values of each required column, and a sum of each typed-number column (finite only
    # when no value is NaN or ±inf; a sum past 1e308 is a false alarm, settled by the exact
    # count below). On Parquet, counts come from the file's statistics and sums are cheap.
    required = [idx for col, idx in present if col.required]
    numbers = [idx for col, idx in present if col.kind == "number" and _is_numeric(raw.types[idx])]
    parts = [
        *(f"count(*) FILTER (WHERE s.c{i} IS NOT NULL AND NOT {t})" for i, t in tests.items()),
        "count(*)",
        *(f"count(s.c{i})" for i in required),
        *(f"isfinite(coalesce(sum(CAST(s.c{i} AS DOUBLE)), 0))" for i in numbers),
    ]
    row = con.execute(f"SELECT {', '.join(parts)} FROM {raw.relation} AS s").fetchall()[0]
    odd = {i for i, n in zip(tests, row, strict=False) if n}
    rows, *tally = row[len(tests) :]
    # No required blank and no odd number: then only a distinct value's verdict can flag a row.
    maybe_bad = not required or any(n != rows for n in tally[: len(required)])
    maybe_bad = maybe_bad or not all(tally[len(required) :])
    columns: list[_Column] = []
    for col, idx in present:
        plain_only = idx in tests and idx not in odd
        one = _validate_column(con, spec, col, idx, col_name(idx), raw, ctx, plain_only)
        if one.day_note is not None:
            checks.append(yymmdd_check(label, one.name, one.day_note))
        if named and col.key == "account":
            # A customer name as the key: spaces removed and the company type in one
            # notation, as on a sheet (tables.name_keys); the name as typed is the lines'
            # customer name (core.lapse.latest_names), as a name column beside a code is.
            folded = replace(one, value=name_key_sql(one.value), codes=None)
            _say_folded(con, spec, raw, (one, folded), label, checks)
            if ACCOUNT_NAME_KEY not in match.positions:
                nothing = "CAST(NULL AS VARCHAR)"
                typed = spec.column(ACCOUNT_NAME_KEY)
                columns.append(_Column(typed, idx, one.name, one.raw, nothing, one.raw))
            one = folded
        columns.append(one)
    if REP_CODE_KEY in match.positions and "rep" in match.positions:
        # The rep code beside the name (validation.headers), parsed as the name is; a row
        # with a code and no name is the code's rep (validation.tables._with_code).
        code_spec = replace(spec.column("rep"), key=REP_CODE_KEY, required=False)
        at = match.positions[REP_CODE_KEY]
        code = _validate_column(con, spec, code_spec, at, col_name(at), raw, ctx)
        columns = [_with_code(c, code) if c.spec.key == "rep" else c for c in columns]
        columns.append(code)
    maybe_bad = maybe_bad or any(c.suspect for c in columns)

    # The customer's name on a line is shown, never counted: the kept rows carry it as typed,
    # with no join to its parsed spellings under every query that sums the rows (DuckDB keeps
    # an unused LEFT JOIN); sources.assemble parses the spellings it keeps per account. Its
    # problems are still listed (as on a sheet), from the checked view.
    named = next((c for c in columns if c.spec.key == ACCOUNT_NAME_KEY), None)
    counted = [c for c in columns if c is not named]
    # A row is blank when every column is empty (no value, no problem): ignored, like a
    # blank sheet row (a name alone is one: validation.tables.read_table). Otherwise a problem
    # in a required column or a required blank skips it.
    empty = [f"({c.value} IS NULL AND {c.problem} IS NULL)" for c in counted]
    blank = " AND ".join(empty) if empty else "TRUE"
    bad_parts = [
        f"({c.problem} IS NOT NULL OR {c.value} IS NULL)" for c in columns if c.spec.required
    ]
    bad = " OR ".join(bad_parts) if bad_parts else "FALSE"
    flag_parts = [f"{c.problem} IS NOT NULL" for c in columns] + bad_parts
    flagged = " OR ".join(flag_parts) if flag_parts else "FALSE"

    def joins_of(cols: list[_Column]) -> str:
        return " ".join(
            f"LEFT JOIN map_{spec.name.lower()}_{c.spec.key} AS m_{c.spec.key} "
            f"ON s.c{c.index} = m_{c.spec.key}.raw"
            for c in cols
            if f"m_{c.spec.key}." in c.value
        )

    def fields_of(cols: list[_Column]) -> str:
        return ", ".join(
            f"{c.value} AS v_{c.spec.key}, {c.problem} AS p_{c.spec.key}, {c.raw} AS r_{c.spec.key}"
            for c in cols
        )

    joins, fields = joins_of(columns), fields_of(columns)
    kept_fields = fields_of(counted) + (f", {named.raw} AS r_{named.spec.key}" if named else "")
    # An order line's product (商品コード …), read only to tell two lines of one slip apart
    # (assemble._dedupe), as on a sheet (validation.tables._line_key).
    product = _product_sql(spec, match, heads)
    if product is not None:
        kept_fields += f", {product} AS {LINE_KEY}"
    checked = f"chk_{spec.name.lower()}"

    def view(totals: str = "FALSE") -> None:
        """The checked rows; ``totals`` (SQL): lines set aside as total rows, read as blank.
        Beside it ``…_kept``: the same rows without the name's parse (what is kept reads)."""
        con.execute(
            f"CREATE OR REPLACE TEMP VIEW {checked} AS SELECT s.__n AS line, {fields}, "
            f"(({blank}) OR {totals}) AS blank_row, ({bad}) AS bad, ({flagged}) AS flagged "
            f"FROM {raw.relation} AS s {joins}"
        )
        con.execute(
            f"CREATE OR REPLACE TEMP VIEW {checked}_kept AS SELECT s.__n AS line, {kept_fields}, "
            f"(({blank}) OR {totals}) AS blank_row, ({bad}) AS bad "
            f"FROM {raw.relation} AS s {joins_of(counted)}"
        )

    def counts() -> tuple[int, int, int, int, int]:
        return con.execute(
            f"SELECT count(*), count(*) FILTER (WHERE bad AND NOT blank_row), "
            f"count(*) FILTER (WHERE flagged AND NOT blank_row), "
            f"count(*) FILTER (WHERE ({listable}) AND NOT blank_row), "
            f"count(*) FILTER (WHERE blank_row) FROM {checked}"
        ).fetchall()[0]

    view()
    total, n_bad, n_flagged, n_listed, n_blank = rows, 0, 0, 0, 0
    listable = _listable(columns)
    if maybe_bad:  # count exactly (else no row is blank, bad or flagged: no pass needed)
        total, n_bad, n_flagged, n_listed, n_blank = counts()
    as_blank: list[int] = []
    if n_bad and (found := _total_lines(con, checked, columns, label)):
        # A grand-total line is one info row, not errors; then read as a blank line.
        said, lines = found
        checks.append(said)
        as_blank += lines
    if n_bad and (found := _header_lines(con, checked, columns, label, raw.headers)):
        said, lines = found  # the header pasted again: the same
        checks.append(said)
        as_blank += lines
    if as_blank:
        view(f"s.__n IN ({', '.join(map(str, sorted(as_blank)))})")
        total, n_bad, n_flagged, n_listed, n_blank = counts()
    skipped: dict[str, set[str]] = {}
    if n_flagged:
        words = _unknown_words(con, checked, columns, label)
        # A row whose only problem is an unknown word is in that word's one Check: the rows
        # listed one by one (and the "N more" count) are the others, as on a sheet.
        listed = con.execute(
            f"SELECT * FROM {checked} WHERE ({listable}) AND NOT blank_row ORDER BY line "
            f"LIMIT {MAX_ROW_CHECKS}"
        ).df()
        first_problem = _row_checks(listed, columns, label, raw.rejected, checks, words)
        more_not_listed(checks, label, int(n_listed), first_problem, {})
        if n_bad:
            keys = [c for c in columns if c.spec.key in ("account", "rep")]
            for c in keys:
                values = con.execute(
                    f"SELECT DISTINCT v_{c.spec.key} FROM {checked} "
                    f"WHERE bad AND NOT blank_row AND v_{c.spec.key} IS NOT NULL"
                ).fetchall()
                skipped[c.spec.key] = {str(v[0]) for v in values}
    if n_bad:
        checks.append(skipped_rows(label, int(n_bad), int(total) - int(n_blank)))
    contacts = _contacts(con, spec, checked, columns, label)
    if contacts is not None:
        checks.append(contacts)
    if spec is VISITS and (nobody := _nobody_there(con, checked, columns, label, ctx)):
        checks.append(nobody)  # 不在 read as a visit (trial 48 L2)
    if ctx.words and spec is VISITS and any(c.spec.key == "kind" for c in columns):
        # The sheets' info line on the company's words, from the distinct words' row counts.
        found = con.execute(
            f"SELECT r_kind, count(*) FROM {checked} WHERE NOT blank_row GROUP BY r_kind"
        ).fetchall()
        counts: dict[str, int] = {}
        for word, n in found:
            key = choice_key(word)
            if key is not None and key in ctx.words.table:
                counts[key] = counts.get(key, 0) + int(n)
        said: dict[str, int] = {}  # the outcome words, in the outcome column (trial 44 M1)
        if ctx.words.outcomes and any(c.spec.key == "outcome" for c in columns):
            found = con.execute(
                f"SELECT r_outcome, count(*) FROM {checked} WHERE NOT blank_row GROUP BY r_outcome"
            ).fetchall()
            for word, n in found:
                key = choice_key(word)
                if key is not None and key in ctx.words.outcomes:
                    said[key] = said.get(key, 0) + int(n)
        checks.append(words_used_check(ctx.words, counts, label, said))
    by_key = {c.spec.key: c for c in columns}
    clean = f"clean_{spec.name.lower()}"

    def select(value: Callable[[str], str]) -> str:
        """The canonical columns, each from ``value(key)`` or a typed NULL when not in the file
        (and the rep code, when one is read: assemble keys the reps by it)."""
        keyed = [f"{value(REP_CODE_KEY)} AS {REP_CODE_KEY}"] if REP_CODE_KEY in by_key else []
        if product is not None:
            keyed.append(f"{value(LINE_KEY)} AS {LINE_KEY}")
        return ", ".join(
            [
                f"{value(c.key)} AS {_q(c.key)}"
                if c.key in by_key
                else f"CAST(NULL AS {_sql_type(c)}) AS {_q(c.key)}"
                for c in spec.columns
            ]
            + keyed
        )

    if n_bad or n_blank:
        con.execute(
            f"CREATE OR REPLACE TEMP VIEW {clean} AS SELECT "
            f"{select(_checked_value)}, line "
            f"FROM {checked}_kept WHERE NOT bad AND NOT blank_row"
        )
    else:
        # Every row is kept: the values straight from the source, with no test per row in
        # the aggregation queries that read them (each would run it again).
        con.execute(
            f"CREATE OR REPLACE TEMP VIEW {clean} AS SELECT "
            f"{select(lambda k: _kept_value(k, by_key, product))}, "
            f"s.__n AS line FROM {raw.relation} AS s {joins_of(counted)}"
        )
    columns_named = {c.spec.key: c.name for c in columns}
    codes = {
        c.spec.key: c.codes
        for c in counted
        if c.codes and c.spec.key != REP_CODE_KEY  # the name's spellings are no codes
    }
    if spec is ORDERS and "amount" in match.positions:  # 金額(千円) ×1,000 (trial 48 L1)
        clean = _amounts_in_yen(con, clean, label, raw, match, col_name, checks, unit)
    if spec is ORDERS:  # a slip's 《消費税》 line is tax, not a sale (validation.tax)
        clean = _drop_tax_lines(con, clean, label, raw, match, col_name, checks)
    gross = False
    if spec is ORDERS and "amount" in match.positions:  # its Sources 税 cell (trial 49 H3)
        at = match.positions["amount"]
        gross = _typed_tax(checks, label, raw.header_line, col_name(at), raw.headers[at], tax)
    if spec is ORDERS and ({TAX_CLASS_KEY, TAX_RATE_KEY} & set(match.positions)):
        clean = _net_tax_lines(con, clean, label, raw, match, col_name, checks, gross)
    if spec is ORDERS and LINE_KIND_KEY in match.positions:  # 返品 lines, amounts positive
        clean = _sign_return_lines(con, clean, label, raw, match, col_name, checks)
    if spec is ORDERS:  # a monthly summary, a count of orders per row (validation.monthly)
        clean = _monthly_rows(con, clean, label, raw, match, col_name, checks)
    if spec is ORDERS and (at := unit_column(raw.headers, match.unknown)) is not None:
        # m3, L and 台 under one 数量, told by a 単位 column (validation.mixed_units)
        counts = con.execute(
            f"SELECT CAST(s.c{at} AS VARCHAR), count(*) FROM {raw.relation} AS s "
            f"WHERE s.c{at} IS NOT NULL GROUP BY ALL"
        ).fetchall()
        tally: dict[str, int] = {}  # each distinct cell as the sheet reader trims it
        for unit, k in counts:
            for name in unit_counts([unit]):
                tally[name] = tally.get(name, 0) + int(k)
        if (said := units_check(label, col_name(at), tally)) is not None:
            checks.append(said)
    loaded = Loaded(spec, clean, label, int(total), columns_named, skipped, True, codes)
    loaded.line_numbers = spec is ORDERS and has_line_numbers(match, heads)
    loaded.quote_lines = "TRUE" if quote else ""
    return loaded


def _with_quote_kind(con: duckdb.DuckDBPyConnection, raw: _Raw) -> _Raw:
    """A quote register's rows with a kind column of 商談 added last (named as added)."""
    at = len(raw.headers)
    name = f"{raw.relation}_quoted"
    con.execute(
        f"CREATE OR REPLACE TEMP VIEW {name} AS "
        f"SELECT *, {_lit(QUOTE_KIND_WORD)} AS c{at} FROM {raw.relation}"
    )
    return replace(
        raw,
        relation=name,
        headers=[*raw.headers, QUOTE_KIND_HEADER["ja"]],
        types=[*raw.types, "VARCHAR"],
    )


def _monthly_rows(
    con: duckdb.DuckDBPyConnection,
    clean: str,
    label: str,
    raw: _Raw,
    match: HeaderMatch,
    col_name: Callable[[int], str],
    checks: list[Check],
) -> str:
    """The order rows with ``MONTH_ROW_KEY`` (a monthly summary's rows), and the Checks line
    of a monthly summary or a count-of-orders column, as the sheet reader says them
    (validation.monthly.frame_summary)."""
    reason = None
    at = match.positions.get("date")
    marked = "FALSE"
    if at is not None:
        other, firsts, months = con.execute(
            f"SELECT count(*) FILTER (WHERE day(date) <> 1), count(*) FILTER (WHERE day(date) "
            f"= 1), count(DISTINCT date_trunc('month', date)) FROM {clean}"
        ).fetchall()[0]
        typed: list[object] = []
        if firsts:  # a 1st typed as a month alone, or a whole table of 1sts
            # The column's distinct values as typed: the table its parse made (_validate_column),
            # else a pass over the column.
            made = con.execute(
                "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'map_orders_date_raw'"
            ).fetchall()[0][0]
            query = (
                "SELECT raw FROM map_orders_date_raw"
                if made
                else f"SELECT DISTINCT s.c{at} FROM {raw.relation} AS s WHERE s.c{at} IS NOT NULL"
            )
            typed = [t for (t,) in con.execute(query).fetchall()]
        # The column's 6-digit cells read as yymmdd days are no months (cells.yymmdd_column).
        days = bool(firsts) and yymmdd_column(n for t in typed if (n := six_digits(t))) is not None
        if firsts and not other:
            reason = monthly_reason(typed, raw.headers[at], int(months), days)
            marked = "TRUE" if reason is not None else "FALSE"
        months_only = [t for t in typed if typed_month(t, days)]
        if firsts and reason is None and months_only:
            # A summary above lines in one file: the rows typed as months alone.
            listed = ", ".join(_lit(str(t)) for t in months_only)
            reason, marked = (
                "typed",
                (
                    f"(line IN (SELECT s.__n FROM {raw.relation} AS s "
                    f"WHERE CAST(s.c{at} AS VARCHAR) IN ({listed})))"
                ),
            )
    monthly = reason is not None
    out = f"{clean}_mo"
    con.execute(
        f"CREATE OR REPLACE TEMP VIEW {out} AS SELECT *, {marked} AS {MONTH_ROW_KEY} FROM {clean}"
    )
    count_at = match.positions.get(ORDER_COUNT_KEY)
    if count_at is not None and marked != "TRUE" and is_generic_count(raw.headers[count_at]):
        # 件数 / Count on daily rows: no orders there, only on a summary's rows (left50b).
        rows, would = con.execute(
            f"SELECT count(*), coalesce(sum({ORDERS_SQL}), 0) FROM {out} "
            f"WHERE NOT {MONTH_ROW_KEY} AND amount > 0"
        ).fetchall()[0]
        said = generic_count_check(label, col_name(count_at), int(rows), int(would))
        if said is not None:
            checks.append(said)
        con.execute(
            f"CREATE OR REPLACE TEMP VIEW {out}_n AS SELECT * REPLACE (CASE WHEN "
            f"{MONTH_ROW_KEY} THEN {ORDER_COUNT_KEY} END AS {ORDER_COUNT_KEY}) FROM {out}"
        )
        out = f"{out}_n"
        count_at = count_at if monthly else None
    if at is not None and (monthly or count_at is not None):
        rows, orders = con.execute(
            f"SELECT count(*), coalesce(sum({ORDERS_SQL}) FILTER (WHERE amount > 0), 0) "
            f"FROM {out}{f' WHERE {MONTH_ROW_KEY}' if monthly else ''}"
        ).fetchall()[0]
        counted = col_name(count_at) if count_at is not None else None
        said = summary_check(label, reason, col_name(at), counted, int(rows), int(orders))
        if said is not None:
            checks.append(said)
    return out


def _say_folded(
    con: duckdb.DuckDBPyConnection,
    spec: SheetSpec,
    raw: _Raw,
    account: tuple[_Column, _Column],
    label: str,
    checks: list[Check],
) -> None:
    """The ``account_from_name`` line with how many names became how many customers, when
    some were folded (tables.folded_names_params): one pass over the distinct names."""
    typed, folded = account
    mapping = f"map_{spec.name.lower()}_account"
    join = (
        f"LEFT JOIN {mapping} AS m_account ON s.c{typed.index} = m_account.raw"
        if "m_account." in typed.value
        else ""
    )
    pairs = con.execute(
        f"SELECT DISTINCT CAST({typed.value} AS VARCHAR), CAST({folded.value} AS VARCHAR) "
        f"FROM {raw.relation} AS s {join} WHERE {typed.value} IS NOT NULL"
    ).fetchall()
    spellings: dict[str, list[str]] = {}
    for name, key in pairs:
        spellings.setdefault(key, []).append(name)
    said = folded_names_params(spellings)
    if said is not None:
        with_folded_names(checks, label, said)


def _drop_tax_lines(
    con: duckdb.DuckDBPyConnection,
    clean: str,
    label: str,
    raw: _Raw,
    match: HeaderMatch,
    col_name: Callable[[int], str],
    checks: list[Check],
) -> str:
    """The kept lines of ``clean`` without those whose product cell names the consumption
    tax itself (弥生販売's 《消費税》 line), as the sheet reader does
    (validation.tables._tax_lines): each distinct product cell read once by
    validation.tax.is_tax_line_name; one info line on Checks (lines, yen) when some were
    left out. ``clean`` itself when none."""
    hits: list[str] = []
    where: tuple[int, str] | None = None
    for i in tax_line_columns(match, raw.headers):
        cells = con.execute(
            f"SELECT DISTINCT CAST(c{i} AS VARCHAR) FROM {raw.relation} WHERE c{i} IS NOT NULL"
        ).fetchall()
        named = [str(v[0]) for v in cells if is_tax_line_name(v[0])]
        if not named:
            continue
        listed = ", ".join(_lit(v) for v in sorted(named))
        hits.append(f"CAST(s.c{i} AS VARCHAR) IN ({listed})")
        if where is None:
            where = (i, sorted(named)[0].strip())
    if where is None:
        return clean
    lines = f"SELECT s.__n FROM {raw.relation} AS s WHERE {' OR '.join(hits)}"
    n, yen = con.execute(
        f"SELECT count(*), sum(amount) FROM {clean} WHERE line IN ({lines})"
    ).fetchall()[0]
    if not n:
        return clean
    con.execute(
        f"CREATE OR REPLACE TEMP VIEW {clean}_notax AS SELECT * FROM {clean} "
        f"WHERE line NOT IN ({lines})"
    )
    at, name = where
    checks.append(
        tax_line_check(
            label, raw.header_line, col_name(at), raw.headers[at], int(n), float(yen or 0.0), name
        )
    )
    return f"{clean}_notax"


def _amounts_in_yen(
    con: duckdb.DuckDBPyConnection,
    clean: str,
    label: str,
    raw: _Raw,
    match: HeaderMatch,
    col_name: Callable[[int], str],
    checks: list[Check],
    unit: SourceUnit | None,
) -> str:
    """The kept lines of ``clean`` with a 千円 column's amounts ×1,000 (its header's unit,
    else its Sources row's), as the sheet reader does (validation.tables._amounts_in_yen):
    the view's name, and one line on Checks at the amount header. ``clean`` itself when the
    amounts are in yen (no query)."""
    factor = match.scales.get("amount")
    if factor is None and unit is None:
        return clean
    at = match.positions["amount"]
    rows = con.execute(f"SELECT count(amount) FROM {clean}").fetchone()
    factor, said = amount_unit_check(
        label, raw.header_line, col_name(at), raw.headers[at], factor, unit, int(rows[0])
    )
    if said is not None:
        checks.append(said)
    if factor == 1:
        return clean
    con.execute(
        f"CREATE OR REPLACE TEMP VIEW {clean}_yen AS SELECT * "
        f"REPLACE (round(amount * {factor}, 6) AS amount) FROM {clean}"
    )
    return f"{clean}_yen"


def _net_tax_lines(
    con: duckdb.DuckDBPyConnection,
    clean: str,
    label: str,
    raw: _Raw,
    match: HeaderMatch,
    col_name: Callable[[int], str],
    checks: list[Check],
    typed_gross: bool = False,
) -> str:
    """The kept lines of ``clean`` with each 内税 (税込) line's amount divided by 1 + its rate
    (under a 税込 amount header, or one its Sources row says is 税込 (``typed_gross``), also
    each line whose class or rate names a rate), as the
    sheet reader does (validation.tables._net_tax_lines): each distinct (class, rate) pair
    mapped once by validation.tax.net_pairs. The view's name, with the tax columns blank
    (read, and then no key of a slip: assemble._merge_slips groups by every column), and the
    Checks lines of validation.tax.add_tax_checks."""
    has_rate = TAX_RATE_KEY in match.positions
    has_class = TAX_CLASS_KEY in match.positions
    amount_at = match.positions["amount"]
    gross = typed_gross or is_tax_included(raw.headers[amount_at])
    rate = _q(TAX_RATE_KEY) if has_rate else "CAST(NULL AS VARCHAR)"
    tax_class = _q(TAX_CLASS_KEY) if has_class else "CAST(NULL AS VARCHAR)"
    pairs: list[tuple[object, object, int, float]] = []
    if has_class or gross:
        found = con.execute(
            f"SELECT {tax_class}, {rate}, count(amount), coalesce(sum(amount), 0) "
            f"FROM {clean} GROUP BY ALL"
        ).fetchall()
        pairs = [(c, r, int(n), float(y)) for c, r, n, y in found]
    divisors, done = net_pairs(pairs, gross)

    def same(column: str, value: object) -> str:
        return f"{column} IS NULL" if value is None else f"{column} = {_lit(str(value))}"

    cases = [
        f"WHEN {same(tax_class, c)} AND {same(rate, r)} THEN CAST({d!r} AS DOUBLE)"
        for (c, r, _, _), d in zip(pairs, divisors, strict=True)
        if d is not None and d != 1.0  # at 0% (非課税) the amount stays as it is
    ]
    divisor = f"CASE {' '.join(cases)} END" if cases else "CAST(NULL AS DOUBLE)"
    blank = (
        f"CAST(NULL AS VARCHAR) AS {_q(TAX_CLASS_KEY)}, CAST(NULL AS VARCHAR) AS {_q(TAX_RATE_KEY)}"
    )
    con.execute(
        f"CREATE OR REPLACE TEMP VIEW {clean}_net AS SELECT * "
        f"REPLACE (coalesce(amount / {divisor}, amount) AS amount, {blank}) FROM {clean}"
    )
    at = match.positions[TAX_CLASS_KEY if has_class else TAX_RATE_KEY]
    rate_column = col_name(match.positions[TAX_RATE_KEY]) if has_rate else ""
    where = (col_name(at), raw.headers[at])
    amount_column = col_name(amount_at)
    add_tax_checks(checks, label, raw.header_line, where, done, rate_column, amount_column)
    return f"{clean}_net"


def _typed_tax(
    checks: list[Check],
    label: str,
    line: int,
    column: str,
    header: object,
    tax: tuple[str, int] | None,
) -> bool:
    """A file's Sources 税 cell (trial 49 H3): 税込 on an amount header that says neither is
    the header's 税込 — the same info line, which marks every revenue label 税込 (True: its
    lines are netted by their rate, as under a 税込 header). A cell saying the other basis
    than the header is a warning: the header is read, as a header's unit wins over 単位."""
    if tax is None:
        return False
    typed, row = tax
    said = header_basis(header)
    if said is not None:
        if said != typed:
            checks.append(typed_ignored_check(label, line, column, header, typed, row))
        return False
    if typed != GROSS:
        return False
    problem, params, severity = tax_note(column)
    if not any(c.problem == TAX_PROBLEM and c.sheet == label for c in checks):
        checks.append(Check(label, line, column, header, problem, params, severity))
    return True


def _after_typed_tax(checks: list[Check], read: Sequence[Check]) -> None:
    """An .xlsx file's reading ``read`` appended to ``checks`` after its Sources 税 line, as a
    CSV's lines come: a line netting its lines by their rate (the Sources row said 税込) takes
    that 税込 line's place (validation.tax.add_netted / add_excluded), else the labels would
    say 税込 of amounts divided to 税抜."""
    for c in read:
        if c.problem in NETTED_PROBLEMS:
            add_netted(checks, c)
        elif c.problem == TAX_EXCLUDED_ALL:
            add_excluded(checks, c)
        else:
            checks.append(c)


def _sign_return_lines(
    con: duckdb.DuckDBPyConnection,
    clean: str,
    label: str,
    raw: _Raw,
    match: HeaderMatch,
    col_name: Callable[[int], str],
    checks: list[Check],
) -> str:
    """The kept lines of ``clean`` with each return line's positive amount (and positive
    quantity) negated, as the sheet reader does (validation.tables._sign_return_lines): each
    distinct kind cell read once by validation.returns.is_return_kind. The view's name, with
    the kind column blank (no key of a slip), and one info line on Checks when a line turned."""
    kind = _q(LINE_KIND_KEY)
    cells = con.execute(f"SELECT DISTINCT {kind} FROM {clean} WHERE {kind} IS NOT NULL")
    words = return_kinds([row[0] for row in cells.fetchall()])
    flip = "FALSE"
    if words:
        flip = f"({kind} IN ({', '.join(_lit(str(w)) for w in words)}) AND amount > 0)"
    con.execute(
        f"CREATE OR REPLACE TEMP VIEW {clean}_ret AS SELECT *, {flip} AS _flip FROM {clean}"
    )
    con.execute(
        f"CREATE OR REPLACE TEMP VIEW {clean}_signed AS SELECT * EXCLUDE (_flip) REPLACE ("
        "CASE WHEN _flip THEN -amount ELSE amount END AS amount, "
        "CASE WHEN _flip AND quantity > 0 THEN -quantity ELSE quantity END AS quantity, "
        f"CAST(NULL AS VARCHAR) AS {kind}) FROM {clean}_ret"
    )
    if not words:
        return f"{clean}_signed"
    lines, yen = con.execute(
        f"SELECT count(*), sum(amount) FROM {clean}_ret WHERE _flip"
    ).fetchall()[0]
    if not lines:
        return f"{clean}_signed"
    at = match.positions[LINE_KIND_KEY]
    per = con.execute(f"SELECT {kind}, count(*) FROM {clean}_ret WHERE _flip GROUP BY {kind}")
    counts = {row[0]: int(row[1]) for row in per.fetchall()}
    done = Flipped.of(int(lines), float(yen or 0.0) + 0.0, words, counts)
    checks.append(flipped_check(label, raw.header_line, col_name(at), raw.headers[at], done))
    return f"{clean}_signed"


def _checked_value(key: str) -> str:
    """The column ``key`` of the checked rows' ``…_kept`` view (``validate_relation``)."""
    if key == LINE_KEY:
        return key
    return f"r_{key}" if key == ACCOUNT_NAME_KEY else f"v_{key}"


def _kept_value(key: str, by_key: dict[str, _Column], product: str | None) -> str:
    """SQL over the source rows for column ``key`` of a file whose every row is kept."""
    if key == LINE_KEY:
        return str(product)
    return by_key[key].raw if key == ACCOUNT_NAME_KEY else by_key[key].value


def _product_sql(spec: SheetSpec, match: HeaderMatch, header: Sequence[object]) -> str | None:
    """SQL over the source rows (``s``): one hash of a line's product values (their text, a
    blank as blank) — equal products, equal hashes; None for other inputs or without a
    product column. A hash (8 bytes a line) rather than the texts: it is only compared, and
    two products of one slip at one date, account, rep, amount and quantity sharing a
    64-bit hash is not a case to plan for."""
    at = product_columns(match, header) if spec is ORDERS else []
    if not at:
        return None
    return "hash(" + ", ".join(f"CAST(s.c{i} AS VARCHAR)" for i in at) + ")"


def _with_code(name: _Column, code: _Column) -> _Column:
    """The rep column with the code where the name is blank or unusable: the row is the
    code's rep (assemble names it), and a name's problem on a row with a code is none."""
    value = f"coalesce({name.value}, {code.value})"
    problem = f"(CASE WHEN {code.value} IS NOT NULL THEN NULL ELSE {name.problem} END)"
    return replace(name, value=value, problem=problem, codes=None)


@dataclass
class _Word:
    """One word of a choice column as the rows hold it: as first typed, its row count (all
    spellings the parser folds to it) and its first lines."""

    shown: object
    total: int
    lines: list[int]


class _FirstLines(Sequence[int]):
    """A word's lines for the sheets' Check builders, which read only how many there are
    and the first few (the rest stay in DuckDB: a word can fill millions of lines)."""

    def __init__(self, word: _Word) -> None:
        self.word = word

    def __len__(self) -> int:
        return self.word.total

    def __getitem__(self, at: Any) -> Any:
        # The first LISTED_ROWS + 1 lines are kept (all of them, when there are fewer).
        if isinstance(at, slice) and at.start is None and (at.stop or 0) <= LISTED_ROWS + 1:
            return self.word.lines[at]
        raise IndexError("only the first lines of a word are kept")


def _words(con: duckdb.DuckDBPyConnection, checked: str, key: str, where: str) -> list[_Word]:
    """The words of column ``key`` on the rows ``where`` holds, grouped as the choice parser
    folds them ("ｱﾎﾟ取り " and "アポ取り" are one word), in the order they first appear."""
    found = con.execute(
        f"SELECT word, line, n FROM (SELECT r_{key} AS word, line, "
        f"row_number() OVER (PARTITION BY r_{key} ORDER BY line) AS k, "
        f"count(*) OVER (PARTITION BY r_{key}) AS n FROM {checked} WHERE {where}) "
        f"WHERE k <= {LISTED_ROWS + 1} ORDER BY line"
    ).fetchall()
    out: dict[object, _Word] = {}
    counted: set[object] = set()  # each spelling's count is added once
    for word, line, n in found:
        folded = fold(word, WHITESPACE) if isinstance(word, str) else word
        one = out.setdefault(folded, _Word(word, 0, []))
        if word not in counted:
            counted.add(word)
            one.total += int(n)
        one.lines.append(int(line))
    return list(out.values())


def _listable(columns: list[_Column]) -> str:
    """SQL over the checked view: a row with a problem other than an unknown kind or outcome
    word (those are one Check per word, ``_unknown_words``) — a problem in any column, or a
    blank required cell (a required word column left blank, not an unknown word in it)."""
    parts: list[str] = []
    for c in columns:
        key = c.spec.key
        if c.spec.kind in ("kind", "outcome"):
            parts.append(f"(p_{key} IS NOT NULL AND p_{key} <> 'unknown_choice')")
            if c.spec.required:
                parts.append(f"(v_{key} IS NULL AND p_{key} IS NULL)")
        else:
            parts.append(f"p_{key} IS NOT NULL")
            if c.spec.required:
                parts.append(f"v_{key} IS NULL")
    return " OR ".join(parts) if parts else "FALSE"


def _unknown_words(
    con: duckdb.DuckDBPyConnection, checked: str, columns: list[_Column], label: str
) -> dict[tuple[str, object], Check]:
    """One Check per word a kind or outcome column does not know, as on a sheet: the word,
    how many rows, the first of them, and every accepted word (``choice_words``, from the
    schema's declaration). Keyed by (column key, the word as the choice parser folds it).

    An SFA's own activity type fills thousands of lines; one line per word tells the user
    what to replace, where a line per row buried it under the same message.
    """
    out: dict[tuple[str, object], Check] = {}
    for c in columns:
        if c.spec.kind not in ("kind", "outcome"):
            continue
        key = c.spec.key
        header = c.name.split(" ", 1)[-1]  # "D 種別" → 種別, the header as the export wrote it
        for word in _words(con, checked, key, f"p_{key} = 'unknown_choice' AND NOT blank_row"):
            params: dict[str, object] = {
                "value": word.shown,
                "times": f"{word.total:,}",
                "rows": listed_rows(word.lines, word.total),  # as on a sheet
                "field": header,
                "choices": choice_words(c.spec.kind),
                "choices_en": choice_words(c.spec.kind, "en"),
            }
            if c.spec.kind == "kind":  # as on a sheet: the Words sheet can give it a meaning
                params.update(kind_word_params(word.shown))
            code = "unknown_choice_rows" if c.spec.required else "unknown_choice_rows_ignored"
            if c.spec.kind == "outcome":  # the Words sheet maps outcome words too (trial 44)
                params.update(words_sheet_params())
                code = "unknown_outcome_rows"
            severity = "error" if c.spec.required else "warn"
            folded = fold(word.shown, WHITESPACE) if isinstance(word.shown, str) else word.shown
            out[(key, folded)] = Check(
                label, word.lines[0], c.name, word.shown, code, params, severity
            )
    return out


def _nobody_there(
    con: duckdb.DuckDBPyConnection,
    checked: str,
    columns: list[_Column],
    label: str,
    ctx: ReadContext,
) -> Check | None:
    """The sheets' info line for rows read as visits because their kind says nobody was
    there (不在, 留守), word by word — ``None`` when there are none. Only the distinct words
    are looked at unless one of them is such a word (no pass over a log without 不在)."""
    kind = next((c for c in columns if c.spec.kind == "kind"), None)
    if kind is None or f"m_{kind.spec.key}." not in kind.value:
        return None  # every word reads as itself (visit, attempt…): none says 不在
    mapping = f"map_{VISITS.name.lower()}_{kind.spec.key}"
    rows = con.execute(f"SELECT raw FROM {mapping} WHERE value = 'visit'").fetchall()
    own = ctx.words.table
    found = [w for (w,) in rows if is_nobody_there(w) and choice_key(w) not in own]
    if not found:
        return None
    listed = ", ".join(_lit(str(w)) for w in found)
    words = _words(con, checked, "kind", f"r_kind IN ({listed}) AND NOT bad AND NOT blank_row")
    if not words:
        return None
    words.sort(key=lambda w: -w.total)
    by_word = {str(w.shown).strip(): _FirstLines(w) for w in words}
    return nobody_there_counted(label, by_word)


def _contacts(
    con: duckdb.DuckDBPyConnection,
    spec: SheetSpec,
    checked: str,
    columns: list[_Column],
    label: str,
) -> Check | None:
    """The sheets' info line for rows read as contacts (電話, メール: read, counted as
    nothing), word by word, most rows first — ``None`` when there are none."""
    kind = next((c for c in columns if c.spec.kind == "kind"), None)
    if kind is None:
        return None
    kinds = ", ".join(_lit(k) for k in sorted(NOT_COUNTED_KINDS))
    if f"m_{kind.spec.key}." in kind.value:
        # The distinct words' verdicts are at hand: no pass over the rows without a contact.
        mapping = f"map_{spec.name.lower()}_{kind.spec.key}"
        if not con.execute(f"SELECT count(*) FROM {mapping} WHERE value IN ({kinds})").fetchall()[
            0
        ][0]:
            return None
    words = _words(con, checked, "kind", f"v_kind IN ({kinds}) AND NOT bad AND NOT blank_row")
    if not words:
        return None
    words.sort(key=lambda w: -w.total)
    by_word = {str(w.shown).strip(): _FirstLines(w) for w in words}
    return contacts_not_counted(label, by_word)  # type: ignore[arg-type]  # len and [:n] only


def _total_lines(
    con: duckdb.DuckDBPyConnection, checked: str, columns: list[_Column], label: str
) -> tuple[Check, list[int]] | None:
    """The sheets' total-rows line (``validation.subtotals``) and its lines, for the rows left
    out that hold a subtotal label: the text has 計, total or sum in it (a cheap filter in
    DuckDB), then the sheets' own test in Python on those few rows. None when there are none."""
    texts = [f"CAST(r_{c.spec.key} AS VARCHAR)" for c in sorted(columns, key=lambda c: c.index)]
    if not texts:
        return None
    maybe = " OR ".join(
        f"(length({t}) <= 30 AND regexp_matches(lower({t}), '計|total|sum|ｔｏｔａｌ|ｓｕｍ'))"
        for t in texts
    )
    found = con.execute(
        f"SELECT line, {', '.join(texts)} FROM {checked} "
        f"WHERE bad AND NOT blank_row AND ({maybe}) ORDER BY line"
    ).fetchall()
    ordered = sorted(columns, key=lambda c: c.index)
    lines: list[int] = []
    first: tuple[str, object] | None = None
    for line, *values in found:
        labels = [(c.name, v) for c, v in zip(ordered, values, strict=True) if is_subtotal(v)]
        if labels:
            lines.append(int(line))
            first = first or labels[0]
    if first is None:
        return None
    return total_rows_check(label, lines, *first), lines


def _header_lines(
    con: duckdb.DuckDBPyConnection,
    checked: str,
    columns: list[_Column],
    label: str,
    headers: Sequence[str],
) -> tuple[Check, list[int]] | None:
    """The sheets' header-repeated line (``validation.subtotals``) and its lines, for the rows
    left out that repeat the header (one export pasted below another): a cell equal to its
    header text once trimmed (a cheap filter in DuckDB), then the sheets' own test in Python.
    None when there are none."""
    ordered = sorted(columns, key=lambda c: c.index)
    names = [str(headers[c.index]) for c in ordered]
    texts = [f"CAST(r_{c.spec.key} AS VARCHAR)" for c in ordered]
    if not texts:
        return None
    # Case-folded here (review27: DATE,ACCOUNT under Date,Account); width folds in Python.
    maybe = " OR ".join(
        f"lower(trim({t})) = {_lit(n.strip().lower())}" for t, n in zip(texts, names, strict=True)
    )
    found = con.execute(
        f"SELECT line, {', '.join(texts)} FROM {checked} "
        f"WHERE bad AND NOT blank_row AND ({maybe}) ORDER BY line"
    ).fetchall()
    lines = [int(line) for line, *values in found if repeats_header(values, names)]
    if not lines:
        return None
    return header_repeats_check(label, lines, ordered[0].name), lines


def _row_checks(
    listed: pd.DataFrame,
    columns: list[_Column],
    label: str,
    rejected: Sequence[int],
    checks: list[Check],
    words: dict[tuple[str, object], Check],
) -> str:
    """Checks of the listed rows, row by row, left to right (as the sheet reader orders them).

    An unknown word is one Check at its first row (``words``), in line order among the
    listed rows (a row whose only problem is the word is not listed); words first met past
    the listed rows close the list.
    """
    first: str | None = None
    ordered = sorted(columns, key=lambda c: c.index)
    pending = dict(words)
    for row in listed.itertuples(index=False):
        line = int(row.line)
        for k, said in sorted(pending.items(), key=lambda kv: kv[1].row or 0):
            if (said.row or 0) >= line:
                break
            checks.append(pending.pop(k))
            first = first or said.problem
        for c in ordered:
            key = c.spec.key
            problem = getattr(row, f"p_{key}")
            value = getattr(row, f"v_{key}")
            typed = getattr(row, f"r_{key}")
            typed = None if _missing(typed) else typed
            if problem == "unknown_choice":
                folded = fold(typed, WHITESPACE) if isinstance(typed, str) else typed
                said = pending.pop((key, folded), None)
                if said is None:  # its word's Check is already on the list
                    continue
                checks.append(said)
                code = said.problem
            elif isinstance(problem, str):
                params = problem_params(problem, typed)
                code = problem if c.spec.required else IGNORED_PROBLEMS.get(problem, problem)
                severity = "error" if c.spec.required else "warn"
                checks.append(Check(label, line, c.name, typed, code, params, severity))
            elif c.spec.required and _missing(value):
                code = "blank"
                checks.append(Check(label, line, c.name, None, "blank"))
            else:
                continue
            first = first or code
    rest = sorted(pending.values(), key=lambda c: c.row or 0)  # stable: column order kept
    checks.extend(rest)
    return first or (rest[0].problem if rest else "blank")


def _missing(v: object) -> bool:
    if v is None:
        return True
    try:
        return bool(pd.isna(v))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def _validate_column(
    con: duckdb.DuckDBPyConnection,
    spec: SheetSpec,
    col: ColumnSpec,
    idx: int,
    name: str,
    raw: _Raw,
    ctx: ReadContext,
    plain_only: bool = False,
) -> _Column:
    """SQL for one column's parsed value and problem, from its distinct values' verdicts
    (``plain_only``: every value is known to be plain, so no verdicts are needed)."""
    src = f"s.c{idx}"
    dtype = raw.types[idx].upper()
    numeric = _is_numeric(dtype)
    raw_sql = f"CAST({src} AS VARCHAR)"
    if col.kind == "number" and numeric:
        # A typed number is a number; NaN is a blank cell, ±inf is not a number. (Not "NOT
        # isnan(x) AND NOT isfinite(x)": Parquet statistics leave NaN out, and DuckDB then
        # folds isnan(x) to false in a projection, so a NaN read as "not a number".)
        x = f"CAST({src} AS DOUBLE)"
        value = f"(CASE WHEN isfinite({x}) THEN {x} END)"
        problem = f"(CASE WHEN isinf({x}) THEN 'not_a_number' END)"
        return _Column(col, idx, name, value, problem, raw_sql, typed_number=True)
    fast = _plain_test(col, raw.types[idx], src)
    sql_type = _sql_type(col)
    if plain_only:
        # Every value is plain (the usual case): no test per row in the queries that follow.
        return _Column(
            col, idx, name, f"CAST({src} AS {sql_type})", "CAST(NULL AS VARCHAR)", raw_sql
        )
    where = f"{src} IS NOT NULL" + (f" AND NOT {fast}" if fast else "")
    mapping = f"map_{spec.name.lower()}_{col.key}"
    distinct = f"SELECT DISTINCT s.c{idx} AS raw FROM {raw.relation} AS s WHERE {where}"
    if fast and col.key in _FEW:
        # Few distinct values (and dictionary-encoded in Parquet): test them, not the rows.
        # A table in between: DuckDB would push the test below the DISTINCT, onto every row.
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {mapping}_all AS SELECT DISTINCT s.c{idx} AS raw "
            f"FROM {raw.relation} AS s WHERE {src} IS NOT NULL"
        )
        test = _plain_test(col, raw.types[idx], "raw")
        distinct = f"SELECT raw FROM {mapping}_all WHERE NOT {test}"
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {mapping}_raw AS SELECT raw, row_number() OVER () - 1 AS i "
        f"FROM ({distinct})"
    )
    values = [r[0] for r in con.execute(f"SELECT raw FROM {mapping}_raw ORDER BY i").fetchall()]
    if fast and not values:
        plain = f"CAST({src} AS {sql_type})"
        codes = f"{mapping}_all" if col.key in _FEW else None
        return _Column(col, idx, name, plain, "CAST(NULL AS VARCHAR)", raw_sql, codes)
    notes: list[DayNote] = []
    parsed, codes = _parse(spec, col, values, ctx, notes)
    verdicts = pd.DataFrame(
        {"i": np.arange(len(values), dtype=np.int64), "value": parsed, "problem": codes}
    )
    verdicts["problem"] = verdicts["problem"].astype(object)
    con.register(f"{mapping}_df", verdicts)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {mapping} AS SELECT r.raw, "
        f"CAST(d.value AS {sql_type}) AS value, CAST(d.problem AS VARCHAR) AS problem "
        f"FROM {mapping}_raw r JOIN {mapping}_df d USING (i)"
    )
    con.unregister(f"{mapping}_df")
    # Where every distinct value reads as itself, DuckDB's cast is the parse: no join.
    changed, suspect = con.execute(
        f"SELECT count(*) FILTER (WHERE problem IS NOT NULL "
        f"OR value IS DISTINCT FROM TRY_CAST(raw AS {sql_type})), "
        f"count(*) FILTER (WHERE problem IS NOT NULL OR value IS NULL) FROM {mapping}"
    ).fetchall()[0]
    m = f"m_{col.key}"
    if changed:
        value, problem = f"{m}.value", f"{m}.problem"
    else:
        value, problem = f"TRY_CAST({src} AS {sql_type})", "CAST(NULL AS VARCHAR)"
    if fast:
        plain = f"CAST({src} AS {sql_type})"
        value = f"(CASE WHEN {fast} THEN {plain} ELSE {value} END)"
        problem = f"(CASE WHEN {fast} THEN NULL ELSE {problem} END)"
    note = notes[0] if notes else None
    return _Column(col, idx, name, value, problem, raw_sql, suspect=bool(suspect), day_note=note)


def _is_numeric(dtype: str) -> bool:
    """A DuckDB column type that holds numbers (a typed Parquet or database column)."""
    dtype = dtype.upper()
    return dtype in ("DOUBLE", "FLOAT", "REAL") or dtype.startswith(
        ("DECIMAL", "BIGINT", "INTEGER", "SMALLINT", "TINYINT", "HUGEINT", "UBIGINT", "UINTEGER")
    )


def _plain_test(col: ColumnSpec, dtype: str, src: str) -> str:
    """SQL true for a text value that is its own parse ("" when the column has no such test).

    Order numbers and account codes can be as many as the rows: plain ASCII without edge
    spaces is its own parse (validation.cells: NFKC and strip leave it alone), and so is a
    plain decimal number.
    """
    if dtype.upper() != "VARCHAR":
        return ""
    if col.kind == "number":
        return f"regexp_full_match({src}, {_lit(_PLAIN_NUMBER)})"
    if col.kind == "text":
        return f"(regexp_full_match({src}, {_lit(_PLAIN_TEXT)}) AND NOT starts_with({src}, '#'))"
    return ""


def _parse(
    spec: SheetSpec,
    col: ColumnSpec,
    values: list[object],
    ctx: ReadContext,
    notes: list[DayNote] | None = None,
) -> tuple[list[object], list[object]]:
    """The sheet parsers' verdict on each distinct value: (value, problem code or None);
    ``notes``: why a date column's 6-digit values were read as yymmdd days."""
    codes: list[object] = [None] * len(values)
    if col.kind == "date":
        parsed, problems = parse_date_column(values, date1904=ctx.date1904, notes=notes)
        problems = [*problems, *dates_out_of_range(parsed, open_end=col is ACCOUNT_END)]
        if spec in (ORDERS, VISITS):
            problems = [*problems, *dates_after_today(parsed, ctx.today)]
        out: list[object] = [None if np.isnat(d) else pd.Timestamp(d).date() for d in parsed]
    elif col.kind == "number":
        nums, problems = parse_number_column(values)
        out = [None if np.isnan(x) else float(x) for x in nums]
    elif col.kind in ("kind", "outcome"):
        if col.kind == "kind":
            texts, problems = parse_choice_column(values, VISIT_KINDS, ctx.words.table)
        else:
            # The company's outcome words (the Words sheet, trial 44 M1) over the outcomes.
            texts, problems = parse_choice_column(values, OUTCOMES, ctx.words.outcomes or None)
        out = list(texts)
    else:
        texts, problems = parse_text_column(values)
        out = list(texts)
    for i, code in problems:
        if codes[i] is None:
            codes[i] = code
            out[i] = None
    return out, codes


def _gross_sums(
    con: duckdb.DuckDBPyConnection, relation: str, net: int, gross: int
) -> dict[str, float]:
    """validation.tax.gross_sums in SQL: the 税抜 (``net``) and 税込 (``gross``) columns' sums
    over the rows where both read as numbers (thousands commas and a yen sign taken off)."""

    def number(idx: int) -> str:
        text = f"replace(replace(trim(CAST(c{idx} AS VARCHAR)), ',', ''), '¥', '')"
        return f"TRY_CAST({text} AS DOUBLE)"

    found = con.execute(
        f"SELECT SUM(n), SUM(g) FROM (SELECT {number(net)} AS n, {number(gross)} AS g "
        f"FROM {relation}) WHERE n IS NOT NULL AND g IS NOT NULL"
    ).fetchone()
    if found is None or found[0] is None or found[1] is None:
        return {}
    return {"net_sum": float(found[0]), "gross_sum": float(found[1])}
