"""The shared vocabulary of routekpi: types and small helpers every layer uses, each written once.

* what a reader hands to validation (:class:`RawSheet`) and what validation reports
  (:class:`Check`, :class:`InputError`);
* cell references and column letters;
* text as matched (NFKC, case-folded) and as laid out (display width);
* Excel serial dates (the 1900 system with its phantom 1900-02-29, and the 1904 system);
* atomic file replacement.

This is the bottom layer: it imports nothing from routekpi and nothing outside the standard
library, so the engine (``core``) may use it too. The layer order is declared and
enforced in ``tests/test_layers.py``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Final, cast

# ------------------------------------------------------------------------------------ types

HEADER_SCAN_ROWS: Final = 10  # a header row is looked for in a sheet's first rows only


@dataclass(frozen=True)
class Check:
    """One input problem: where it is, what the cell held, what is wrong (a message key)."""

    sheet: str
    row: int | None
    column: str
    value: object
    problem: str
    params: dict[str, object] = field(default_factory=dict)
    severity: str = "error"  # error: row skipped; warn: row used; info: a note


# More than this share of a sheet's rows left out and the plan is built on a fraction of the
# history (trial 18: an SFA's own word 補充 left 67% of the visits out under one "error" row
# and an info line, with the status still "feasible"): the line turns critical.
SKIPPED_CRITICAL_SHARE: Final = 0.25
SKIPPED_PROBLEMS: Final = ("rows_skipped", "rows_skipped_most", "rows_skipped_all")


def skipped_rows(sheet: str, count: int, total: int) -> Check:
    """A sheet's one "N rows were not used" line, ``total`` its non-blank rows: an info line,
    critical when over ``SKIPPED_CRITICAL_SHARE`` of the rows (or all of them) were left out."""
    if total > 0 and count >= total:
        params: dict[str, object] = {"count": count, "total": total, "all": f"{total:,}"}
        return Check(sheet, None, "", None, "rows_skipped_all", params, "critical")
    if total > 0 and count / total > SKIPPED_CRITICAL_SHARE:
        params = {
            "count": count,
            "total": total,
            "shown": f"{count:,}",
            "all": f"{total:,}",
            "share": f"{count / total:.0%}",
        }
        return Check(sheet, None, "", None, "rows_skipped_most", params, "critical")
    return Check(sheet, None, "", None, "rows_skipped", {"count": count, "total": total}, "info")


def with_more_skipped(checks: list[Check], sheet: str, count: int, total: int) -> None:
    """Fold ``count`` more skipped rows of ``sheet`` (``total`` non-blank rows, when no line
    has it yet) into its one "rows not used" line, kept last."""
    for i, c in enumerate(checks):
        if c.sheet == sheet and c.problem in SKIPPED_PROBLEMS:
            count += int(c.params["count"])  # type: ignore[call-overload]
            total = int(c.params.get("total", total))  # type: ignore[call-overload]
            del checks[i]
            break
    checks.append(skipped_rows(sheet, count, total))


@dataclass
class RawSheet:
    """A sheet as read from a file: its tab name and its cells row by row from row ``first_row``."""

    name: str
    rows: Sequence[Sequence[object]]
    first_row: int = 1  # Excel row number of rows[0]
    first_col: int = 0  # 0-based Excel column of each row's first item
    # Fast path (big sheets): the header row and the data by column instead of ``rows``.
    header: list[object] | None = None
    columns: dict[int, Sequence[object]] | None = None
    height: int = 0
    # Merged ranges as (top, left, bottom, right), 0-based sheet cells: the reader spreads a
    # merged cell's value over its range, so a header merged over two columns reads as one
    # name twice; the Checks say it was a merge (validation.tables.header_notes).
    merged: tuple[tuple[int, int, int, int], ...] = ()


def typed_rows(raw: RawSheet, *, header: bool = True) -> int:
    """The rows of ``raw`` with anything typed; with ``header``, not its first such row (the
    header row): one test of "the sheet holds data rows" for every layer."""
    if raw.columns is not None:  # fast path: the header is apart, the data by column
        cols = list(raw.columns.values())
        n = sum(
            1 for i in range(raw.height) if any(i < len(c) and c[i] not in (None, "") for c in cols)
        )
        return n + (0 if header or raw.header is None else 1)
    n = sum(1 for row in raw.rows if any(c not in (None, "") for c in row))
    return max(n - 1, 0) if header else n


class InputError(Exception):
    """A problem that stops the run (missing required sheet, missing KGI): one clear line."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


# ---------------------------------------------------------------------------- patterns

# What a compiled pattern offers, copied onto a ``lazy_pattern`` at its first use.
_PATTERN_ATTRS: Final = (
    "match",
    "fullmatch",
    "search",
    "sub",
    "subn",
    "split",
    "findall",
    "finditer",
    "scanner",
    "flags",
    "groups",
    "groupindex",
)


class _CompiledPattern:
    """A :func:`lazy_pattern` once used: the compiled pattern's methods and attributes set
    on the instance, found by plain attribute lookups (no ``__getattr__`` hook to pass)."""

    pattern: str
    _flags: int

    def __reduce__(self) -> tuple[object, tuple[str, int]]:
        return lazy_pattern, (self.pattern, self._flags)  # copied or pickled: lazy again


class _LazyPattern(_CompiledPattern):
    """``re.compile(pattern, flags)`` done on first use (see :func:`lazy_pattern`)."""

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern = pattern
        self._flags = flags

    def __getattr__(self, name: str) -> object:
        # Only a name this object lacks comes here: the pattern's first use. Compiled then,
        # its methods and attributes are set on this object, which becomes a plain holder
        # of them (a class with ``__getattr__`` makes every attribute lookup slower).
        if name.startswith("__") or name == "_flags":  # copy, pickle: not the pattern's
            raise AttributeError(name)
        compiled = re.compile(self.pattern, self._flags)
        for attr in _PATTERN_ATTRS:
            setattr(self, attr, getattr(compiled, attr))
        self.__class__ = _CompiledPattern  # type: ignore[assignment]
        return getattr(compiled, name)


def lazy_pattern(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """A module's regular expression that is compiled when first used, not at import.

    For the patterns a usual recalculation never uses (typed-out dates and amounts, unit
    words in headers, XML-illegal characters, user cells on output sheets): compiling the
    ~50 of them cost ~5 ms of every process's start (speed50b). Used as the compiled
    pattern would be (``.sub``, ``.fullmatch``, ``.pattern`` …), and as fast once compiled.
    """
    return cast("re.Pattern[str]", _LazyPattern(pattern, flags))


# -------------------------------------------------------------------------- cell references

# One cell, ``B4`` or ``$B$4``; an area, ``A1:L200`` (either end may carry ``$``).
CELL_REF: Final = lazy_pattern(r"^\$?([A-Z]{1,3})\$?(\d+)$")
AREA_REF: Final = lazy_pattern(r"^\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?$")
# A named cell's reference: Settings!$B$4, or 'Tanaka''s plan'!$B$4 (quotes doubled inside).
_SHEET_CELL_REF: Final = re.compile(
    r"^(?:'(?P<quoted>(?:[^']|'')+)'|(?P<plain>[^'!]+))!\$?(?P<col>[A-Z]{1,3})\$?(?P<row>\d+)$"
)


def column_letter(index: int) -> str:
    """Spreadsheet column letters for a 1-based index (1 → A, 27 → AA)."""
    letters = ""
    while index > 0:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_number(letters: str | bytes) -> int:
    """1-based column index of spreadsheet letters (A → 1, AA → 27); str or ASCII bytes."""
    n = 0
    for ch in letters.encode() if isinstance(letters, str) else letters:
        n = n * 26 + ch - 64
    return n


def cell_reference(ref: str) -> tuple[str, int, str] | None:
    """(sheet, row, column letters) of a single-cell reference such as ``'A''s'!$B$4``."""
    m = _SHEET_CELL_REF.match(ref.strip())
    if m is None:
        return None
    sheet = m.group("quoted").replace("''", "'") if m.group("quoted") else m.group("plain")
    return sheet, int(m.group("row")), m.group("col")


# ------------------------------------------------------------------------------------- text

WHITESPACE: Final = re.compile(r"\s+")


def normal_text(s: str) -> str:
    """NFKC-normalise and strip; ASCII is already normal, so skip the Unicode tables."""
    return s.strip() if s.isascii() else unicodedata.normalize("NFKC", s).strip()


def fold(text: object, drop: re.Pattern[str] | None = None) -> str:
    """Text as matched: NFKC (full-width → half-width), case-folded.

    Callers differ in what else does not count, so ``drop`` says it: without it the result
    is stripped at both ends (setting values, worksheet-function arguments); with it every
    match is removed instead and nothing else is (:data:`WHITESPACE` for choices and Notes
    KPIs, ``[ _]`` for KPI names, the punctuation of ``schema.normalize_label`` for headers).
    """
    folded = unicodedata.normalize("NFKC", str(text)).casefold()
    return drop.sub("", folded) if drop is not None else folded.strip()


def language_of(value: object) -> str:
    """A Language setting's value as ``ja`` or ``en`` (``ja`` when blank or unknown)."""
    lang = fold(value) if value is not None else ""
    return lang if lang in ("ja", "en") else "ja"


def display_width(value: str) -> int:
    """Column-width units a text needs: East Asian wide characters count twice."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in value)


# ------------------------------------------------------------------------------ rep code key

# The inputs whose rep is keyed by a rep code when the sheet or file has a code column beside
# the name (an ERP keeps the code; the name may be typed two ways, or left stale by a
# reassignment made in the code column: trial 22). The small sheets name reps by name.
REP_CODE_INPUTS: Final = ("Orders", "Visits", "Accounts")
REP_CODE_KEY: Final = "rep_code"  # the code column's key beside "rep" (HeaderMatch.positions)
# A rep column holding codes, not names: its header names a code (担当者コード, 担当CD, rep code).
_CODE_WORD = re.compile(r"コード|番号|cd|code|(?:^|[^a-z])(?:id|no)$")
# A header for the rep's code that is not a rep alias of its own (担当CD, 担当コード, Rep ID).
_REP_CODE_HEADER = re.compile(
    r"^(?:営業)?担当(?:者)?(?:コード|番号|cd|code|id|no)$"
    r"|^(?:sales)?(?:rep|salesperson|owner)(?:code|cd|id|no)$"
)


_LABEL_MARKS: Final = re.compile(r"[\s_\-‐－・･/／().（）\[\]【】:：]+")  # schema._PUNCT's


def _label(header: object) -> str:
    """A header folded as schema.normalize_label folds it (NFKC, case, spaces and marks)."""
    return fold(str(header or ""), _LABEL_MARKS)


def is_rep_code_header(header: object) -> bool:
    """A rep header that names a code rather than the rep's name (担当者コード, 担当CD)."""
    label = _label(header)
    return bool(_CODE_WORD.search(label) or _REP_CODE_HEADER.match(label))


def rep_key_columns(
    headers: Sequence[object], rep_columns: Sequence[int], unknown: Sequence[int]
) -> tuple[int, int] | None:
    """(name column, code column) when a header row has both a rep name and a rep code
    column; None otherwise. ``rep_columns``: the columns read as the rep (the one read first,
    then the other names for it); ``unknown``: the columns no schema name matched, where a
    code header that is no rep alias (担当CD) is looked for."""
    extra = [
        i for i in unknown if i not in rep_columns and _REP_CODE_HEADER.match(_label(headers[i]))
    ]
    candidates = [*rep_columns, *extra]
    codes = [i for i in candidates if is_rep_code_header(headers[i])]
    names = [i for i in rep_columns if i not in codes]
    if not codes or not names:
        return None
    return names[0], codes[0]


# ------------------------------------------------------------------------------------ dates

EXCEL_EPOCH_1900: Final = dt.date(1899, 12, 30)  # serial 61 → 1900-03-01 (after the fake 02-29)
EXCEL_EPOCH_1904: Final = dt.date(1904, 1, 1)  # serial 0 in the 1904 system
MAX_SERIAL_1900: Final = (dt.date.max - EXCEL_EPOCH_1900).days  # 2958465 = 9999-12-31
MAX_SERIAL_1904: Final = (dt.date.max - EXCEL_EPOCH_1904).days  # 2957003 = 9999-12-31
LOTUS_LEAP_DAY: Final = 60  # Excel's 1900-02-29, a day that never existed
_EPOCH_ORDINAL = EXCEL_EPOCH_1900.toordinal()
_LOTUS_BUG_ORDINAL = dt.date(1900, 3, 1).toordinal()
_FIRST_SERIAL_ORDINAL = dt.date(1900, 1, 1).toordinal()
_EPOCH_1904_ORDINAL = EXCEL_EPOCH_1904.toordinal()


def date_serial(value: dt.date, date1904: bool = False) -> int | float | None:
    """Excel serial for a date/datetime in the 1900 (default) or 1904 date system; None
    before the system's first day (1900-01-01, 1904-01-01). A date gives an int."""
    ordinal = value.toordinal()
    if date1904:
        if ordinal < _EPOCH_1904_ORDINAL:
            return None
        days = ordinal - _EPOCH_1904_ORDINAL
    elif ordinal < _FIRST_SERIAL_ORDINAL:
        return None
    else:
        # Excel counts the nonexistent 1900-02-29, so serials from 1900-03-01 on are one higher.
        days = ordinal - _EPOCH_ORDINAL - (ordinal < _LOTUS_BUG_ORDINAL)
    if not isinstance(value, dt.datetime):
        return days
    seconds = value.hour * 3600 + value.minute * 60 + value.second
    if not seconds and not value.microsecond:
        return days
    return days + (seconds * 1_000_000 + value.microsecond) / 86_400_000_000


# ------------------------------------------------------------------------------------ files


class TempFileError(OSError):
    """No temporary file could be made beside the target (e.g. a read-only folder)."""


def atomic_write(target: Path, build: Callable[[BinaryIO], object], *, mode: int) -> None:
    """Write ``target`` through a temporary file in its folder, so it is never half written.

    ``build`` writes the content to the open temporary file; it is then fsynced, given
    ``mode`` and renamed onto ``target`` with ``os.replace``, and the rename is fsynced too
    (POSIX). A chmod failure is ignored (the content matters more than its mode). On any
    failure the temporary file is removed, ``target`` is untouched and the exception
    propagates unchanged, except that a temporary file that cannot be created raises
    :class:`TempFileError` (same errno and text) before anything else happens.
    """
    folder = target.parent
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise TempFileError(exc.errno, exc.strerror, exc.filename) from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w+b") as out:
            build(out)
            out.flush()
            os.fsync(out.fileno())
        with contextlib.suppress(OSError):  # mkstemp creates 0600
            os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    if hasattr(os, "O_DIRECTORY"):  # make the rename itself durable (POSIX only)
        with contextlib.suppress(OSError):
            dir_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)


def file_mode(path: Path, default: int = 0o644) -> int:
    """The permission bits of ``path``; ``default`` when it does not exist or cannot be read."""
    try:
        return os.stat(path).st_mode & 0o7777
    except OSError:
        return default
