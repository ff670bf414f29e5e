"""The source interface: where one input's history comes from.

An input (Orders, Visits, Accounts) is read from exactly one source: its sheet in the
workbook (the default) or a file or database named on the Sources sheet or the command line.
Every source hands the same thing to the rest of routekpi: a DuckDB relation of *validated*
rows in the canonical columns of ``routekpi.schema`` (plus ``line``, the row number a user
can find: the sheet row, the CSV line, the Parquet row counting the header as row 1), and
the Checks of the rows it could not use. What happens to the rows next — SQL aggregation to
the compact history for orders and visits, a small table for accounts — does not depend on
where they came from.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable
from urllib.parse import parse_qs, urlsplit

from routekpi.contract import lazy_pattern
from routekpi.schema import ACCOUNTS, ORDERS, VISITS, SheetSpec
from routekpi.validation.units import AmountUnit
from routekpi.validation.words import KindWords

if TYPE_CHECKING:
    import duckdb

    from routekpi.contract import Check

# The inputs a source can stand in for (the small sheets stay in the workbook).
SOURCE_INPUTS: dict[str, SheetSpec] = {s.name: s for s in (ORDERS, VISITS, ACCOUNTS)}


@dataclass(frozen=True)
class SourceRef:
    """A source as the user named it: ``location`` is a path or a database URL.

    ``table``: a table name or a SELECT query (databases; also ``?table=`` / ``?query=`` on
    the URL). ``encoding``: of a CSV/TSV file (utf-8, utf-8-sig, cp932, shift_jis, …; None:
    detected — a UTF-8 byte-order mark, else UTF-8 when the file decodes as UTF-8, else
    CP932). ``base``: the folder a relative path is read from (the workbook's folder).
    """

    input: str  # "Orders" | "Visits" | "Accounts"
    location: str
    table: str | None = None
    encoding: str | None = None
    base: Path | None = None
    row: int | None = None  # the Sources sheet row that names it (None: the command line)
    # The Sources sheet's columns as Checks name them ("B ソース", "C テーブル"): where a
    # database that cannot be opened is named (trial 47 M4/L7).
    column: str = ""
    table_column: str = ""
    # The unit of the amounts as its Sources row types it (単位: 千円), for a header that
    # names none (validation.units); None: yen, or what the header says.
    unit: AmountUnit | None = None
    # The amounts' tax basis as its Sources row types it (税: 税込 → "gross", 税抜 → "net"),
    # for a header that says neither (validation.tax.typed_basis; trial 49 H3); None: untold.
    tax: str | None = None
    # Later Sources rows for the same input (one export per year): read under this one, in
    # row order, as the tabs of one workbook are (sources.assemble).
    more: tuple[SourceRef, ...] = ()

    @property
    def parts(self) -> tuple[SourceRef, ...]:
        """The sources read one under another: this one alone, or it and ``more``."""
        if not self.more:
            return (self,)
        return (replace(self, more=()), *self.more)

    @property
    def is_url(self) -> bool:
        """True for a database URL (scheme://…), False for a file path."""
        scheme = urlsplit(self.location).scheme.lower()
        return len(scheme) > 1 and "://" in self.location  # C:\\… is a path, not a URL

    @property
    def path(self) -> Path:
        """The file path (relative paths are read from ``base``). A workbook travels between
        Windows and Macs: ``data\\受注履歴.csv`` typed on Windows is ``data/受注履歴.csv``
        elsewhere (a backslash is never part of a file name a user means)."""
        p = Path(_native(self.location)).expanduser()
        return p if p.is_absolute() or self.base is None else self.base / p

    @property
    def label(self) -> str:
        """How Checks and the status line name the source: a file name, or the URL with no
        password (and the table); files read one under another joined by `` + ``."""
        if self.more:  # several rows: the first and last named, as the stacked tabs are
            # One name in either language (it keys the source's checks and stands in the
            # Checks sheet's Sheet column, which no language changes): `` + `` reads as
            # "stacked" in Japanese and English alike, where 「・」 was Japanese in an English
            # book and ", " would run into the status line's own commas (Orders=…, Visits=…).
            names = [p.label for p in self.parts]
            return " + ".join(names) if len(names) <= 3 else f"{names[0]} + … + {names[-1]}"
        if not self.is_url:
            return Path(_native(self.location)).name
        parts = urlsplit(self.location)
        netloc = parts.netloc.rsplit("@", 1)[-1] if "@" in parts.netloc else parts.netloc
        user = parts.username
        netloc = f"{user}@{netloc}" if user else netloc
        # Joined by hand: urlunsplit drops the "//" of an empty host (sqlite:///erp.db read
        # "sqlite:/erp.db", walk46), as sources.tabular cuts the URL by hand to read it.
        text = f"{parts.scheme}://{netloc}{parts.path}"
        query = parse_qs(parts.query)
        table = self.table or (query.get("table") or query.get("query") or [None])[0]
        if table and len(table) >= 40:  # a query: named by what it reads (trial 47 L7)
            table = query_label(table)
        return f"{text} {table}" if table else text


# A function call (a name before its brackets), not a subquery's FROM ( or IN (.
_CALL = lazy_pattern(
    r"\b(?!(?:FROM|JOIN|IN|EXISTS|AS|ON|AND|OR|NOT|WHERE|SELECT|USING)\b)\w+\s*\([^()]*\)", re.I
)


def query_label(query: str) -> str:
    """A long query as Checks and the status line name it: ``SELECT … FROM sales`` (its
    tables, the columns left out; ``FROM o JOIN c`` for two), else its start cut at 40
    characters. Trial 47 L7: a
    ``?query=`` source was named by its URL alone (「Orders=sqlite:///erp.db」)."""
    flat = " ".join(query.split())
    # A function's own FROM (EXTRACT(YEAR FROM d), TRIM(LEADING '0' FROM code)) names no
    # table (review48: 「FROM code JOIN sales」): calls taken out, innermost first.
    bare, last = flat, ""
    while bare != last:
        last, bare = bare, _CALL.sub(" ", bare)
    tables = list(dict.fromkeys(re.findall(r"\b(?:FROM|JOIN)\s+([^\s,;()]+)", bare, re.I)))
    head = flat.split(None, 1)[0] if flat else ""
    if tables and head.upper() in ("SELECT", "WITH"):
        # Joined by JOIN, not commas: the status line joins its inputs by ", " already.
        return f"{head} … FROM {' JOIN '.join(tables[:3])}" + (" …" if len(tables) > 3 else "")
    return flat if len(flat) <= 40 else flat[:39] + "…"


def is_pattern(ref: SourceRef) -> bool:
    """A file path with a wildcard (``kikan/*.csv``, trial 45 L2) that names no file itself."""
    return not ref.is_url and any(c in ref.location for c in "*?") and not ref.path.is_file()


@dataclass
class ReadContext:
    """What validation judges rows against (the same as for the sheets)."""

    today: date
    date1904: bool = False
    temp_dir: Path | None = None  # where transcoded CSV files go (deleted with the run)
    words: KindWords = field(default_factory=KindWords)  # the Words sheet: read in kind columns


@dataclass
class Loaded:
    """One input, validated: a DuckDB relation of canonical columns plus ``line``."""

    spec: SheetSpec
    relation: str  # name of a view or table in the connection
    label: str  # where the rows came from (a file name, a URL, a sheet name)
    rows_read: int
    columns: dict[str, str] = field(default_factory=dict)  # key → Checks column ("C 金額")
    skipped: dict[str, set[str]] = field(default_factory=dict)  # account/rep of skipped rows
    external: bool = True  # False: the workbook's own sheet
    # key → a table of every code the column holds, as read (a superset of the usable rows'
    # codes), when validation already listed them: the unknown-code check starts there.
    codes: dict[str, str] = field(default_factory=dict)
    # An .xlsx source's tabs read one under another, and those skipped (header not the input's).
    sheets: tuple[str, ...] = ()
    skipped_sheets: tuple[str, ...] = ()
    # Orders: a line-number column (行番号) is among the columns telling lines apart
    # (validation.tables.has_line_numbers): the dropped-lines row asks for none.
    line_numbers: bool = False
    # A database table or query: its rows as read (``c0…``, ``__n`` in the query's order),
    # where a problem row is looked up to be named by its key, not its row number (no row a
    # user can find; ``tabular.keyed_rows``).
    rows_at: str = ""
    # Several files read one under another (sources.assemble._load_stacked): each file's own
    # reading, in order (its columns: which header named the amount, whether it had an order
    # number), for the checks across the files (sources.stacked; trial 49 H2/H3).
    stacked_parts: tuple[Loaded, ...] = ()
    # Visits: the SQL condition on ``line`` of the rows read from a quote register
    # (sources.quotes; "TRUE" for all, "" for none), its quotes at customers counted as nothing.
    quote_lines: str = ""


@runtime_checkable
class HistorySource(Protocol):
    """Where one input's history comes from (a sheet, a file, a database).

    ``load`` validates the rows with the sheets' rules and messages — a bad row is reported
    with its file, line and column, never dropped silently — and registers the usable ones
    in ``con`` as a relation of canonical columns (``schema`` column keys) plus ``line``.
    Memory stays bounded: a file or database source never materialises its rows in Python.
    """

    spec: SheetSpec
    label: str

    def load(self, con: duckdb.DuckDBPyConnection, checks: list[Check], ctx: ReadContext) -> Loaded:
        """Validate the rows and register them in ``con``; raises InputError when it cannot."""
        ...


def _native(location: str) -> str:
    """A path typed with Windows separators, in this system's (unchanged on Windows)."""
    return location.replace("\\", "/") if os.sep == "/" else location
