"""The "same visit" keys: what tells one visit row from another, for ``share.collect`` (a
rep's log row already on the master, or already in the visits source) and
``sources.assemble`` (a collected row the visits source holds too, counted once at recalc).
One rule, so a row collect calls "already there" is never counted twice at recalc, nor the
other way round.

The rule in plain words. Cells are compared as ``cell_text`` reads them (NFKC, runs of
spaces as one, 12.0 as 12) and the rep without spaces. Against the visits source (an SFA
export the book did not type: ``logged_key``):

- a route visit (kind 訪問 with an account) is the source's visit when the source shows the
  same rep visiting that account that day, whatever its outcome or memo: a rep calls on an
  account once a day, so any number of rows for it are one visit;
- any other row (a call or アポ attempt, a meeting, a visit to a prospect without a code) is
  the source's while the source holds rows with the same day, rep, account, kind and
  outcome, counted: a rep's two calls on a day the export logs one are two, a call with
  another outcome is another call. The memo is not compared: the export has none of the
  rep's words.

For those other rows recalc counts, of each key, the larger of the source's rows and the
collected sheet's (``SourceRows`` takes the sheet's rows as the source's while the source's
last), and collect writes a rep's rows of a key only when his log holds more than that.

A pasted export on the Visits sheet (its header not the template's: ``pasted_export``) is read
as a source is: collect files returned rows on the collected-visits sheet and recalc keeps
those the sheet does not hold (``kept_beside``), so a re-paste neither drops nor doubles them.

When the visits are a template Visits sheet (no source), recalc counts every row on it, and
collect skips a row the sheet already holds with every cell the same (``visit_key``: the
memo too, as the prospect's name when there is no code), a route visit as above.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date

import numpy as np
import pandas as pd

from routekpi import schema
from routekpi.contract import Check, RawSheet

VisitKey = tuple[date, str, str, str, str, str]
# Day, rep, account, kind, outcome; a route visit's outcome blank (``logged_key``).
LoggedKey = tuple[date, str, str, str, str]


def cell_text(value: object) -> str:
    """A cell as text for comparing rows: blank for None/NaN, 12.0 as 12, NFKC-folded
    (full-width letters, digits and spaces as half-width) and runs of spaces as one."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", str(value))).strip()


def visit_key(
    day: object, rep: object, account: object, kind: object, outcome: object, memo: object = None
) -> VisitKey:
    """Day, rep, account, kind, outcome and memo as compared. The rep without spaces: a pasted
    「山田 太郎」 (or 山田　太郎) is the copy's 山田太郎, as recalc reads them."""
    return (
        pd.Timestamp(day).date(),
        cell_text(rep).replace(" ", ""),
        cell_text(account),
        cell_text(kind),
        cell_text(outcome),
        cell_text(memo),
    )


def is_route(key: LoggedKey | VisitKey) -> bool:
    """A route visit: kind visit (訪問) to an account with a code."""
    return key[3] == "visit" and bool(key[2])


def logged_key(
    day: object, rep: object, account: object, kind: object, outcome: object
) -> LoggedKey:
    """A row's key against the visits source (module doc): day, rep, account, kind and
    outcome; a route visit's outcome left out (one visit whatever it brought)."""
    k = visit_key(day, rep, account, kind, outcome)
    if is_route(k):
        return (k[0], k[1], k[2], "visit", "")
    return k[:5]


class SourceRows:
    """The rows a visits source holds, by ``logged_key``: which typed rows are its rows."""

    def __init__(self, held: Counter[LoggedKey]) -> None:
        self._left = Counter({k: n for k, n in held.items() if n > 0})

    def take(self, key: LoggedKey) -> bool:
        """Whether a typed row with ``key`` is one of the source's rows: a route visit when
        the source has that visit (one visit, however many rows say it); any other row while
        the source has rows of its key no earlier typed row took (then this one takes one)."""
        if self._left.get(key, 0) <= 0:
            return False
        if not is_route(key):
            self._left[key] -= 1
        return True


def template_visits_header(cells: object) -> bool:
    """True when a Visits header begins as the template lays it out, in either language
    (訪問日・担当者・顧客コード・種別・結果; columns after it, a memo collect adds, are free).
    Otherwise the sheet is a pasted export (trial 44 L8: the SFA's 活動日時・担当者名 …)."""
    laid = [c for c in schema.VISITS.columns if c.laid_out]
    row = list(cells) if isinstance(cells, (list, tuple)) else []
    head = [str(c).strip() if c is not None else "" for c in row[: len(laid)]]
    return any(head == [c.header(lang) for c in laid] for lang in ("ja", "en"))


def sheet_header(
    raw: RawSheet, spec: schema.SheetSpec = schema.VISITS
) -> tuple[int, list[object]] | None:
    """Excel row and cells of a sheet's header row (as the validator finds it: the first of
    its first ten rows naming two of ``spec``'s columns)."""
    if raw.header is not None:
        return raw.first_row, list(raw.header)
    for i, row in enumerate(raw.rows[:10]):
        if len(schema.match_headers(spec, list(row)).positions) >= 2:
            return raw.first_row + i, list(row)
    return None


def pasted_export(raw: RawSheet | None) -> bool:
    """Whether the Visits sheet is a pasted export (a header, not the template's): collect
    then files returned rows on the collected-visits sheet, which recalc reads beside it
    (trial 44 L8: the next paste would wipe rows appended below the export)."""
    if raw is None:
        return False
    header = sheet_header(raw)
    return header is not None and not template_visits_header(header[1])


def _no_day(day: object) -> bool:
    return day is None or (not isinstance(day, str) and pd.isna(day))


Row = tuple[object, object, object, object, object]  # day, rep, account, kind, outcome


def kept_rows(
    held: Iterable[tuple[object, object, object, object, object, int]], collected: Sequence[Row]
) -> np.ndarray:
    """Which ``collected`` rows (a mask, in their order) the visits ``held`` — (day, rep,
    account, kind, outcome, rows) — do not hold already, by ``logged_key`` and ``SourceRows``
    (the module's one rule: what collect called the source's is not counted twice). A code
    that lost its leading zeros on either side (a re-pasted export's 123, the log's 00123) is
    the other's when it is one code but for them (validation.tables.zeros_dropped, as the
    readers and collect match codes). A row without a date is kept (its own check says what
    is wrong). The sheet reader (``kept_beside``) and the file reader
    (sources.assemble._collected_kept) both ask this."""
    from routekpi.validation.tables import zeros_dropped  # tables imports this module

    counted: Counter[LoggedKey] = Counter()
    for d, r, a, kind, outcome, n in held:
        counted[logged_key(d, r, a, kind, outcome)] += int(n)
    logged = {k[2] for k in counted if k[2]}
    typed = {visit_key(d, r, a, k, o)[2] for d, r, a, k, o in collected if not _no_day(d)}
    alias = zeros_dropped(typed - logged, logged)
    source = SourceRows(counted)
    keep = np.ones(len(collected), dtype=bool)
    for i, (d, r, a, kind, outcome) in enumerate(collected):
        if _no_day(d):
            continue
        k = logged_key(d, r, a, kind, outcome)
        keep[i] = not source.take((k[0], k[1], alias.get(k[2], k[2]), k[3], k[4]))
    return keep


def kept_beside(held: pd.DataFrame, collected: pd.DataFrame) -> np.ndarray:
    """Which collected rows (a mask, in the sheet's order) ``held`` — the visits read from the
    source or the pasted Visits sheet — does not hold already (``kept_rows``); only the held
    rows on the collected rows' days are read."""
    days = set(collected["date"].dropna())
    near = held[held["date"].isin(days)] if days else held.iloc[:0]
    columns = ("date", "rep", "account", "kind", "outcome")
    held_rows = zip(*(near[c] for c in columns), [1] * len(near), strict=True)
    rows: list[Row] = list(zip(*(collected[c] for c in columns), strict=True))
    return kept_rows(held_rows, rows)


def collected_sheet_checks(mine: list[Check], tab: str) -> list[Check]:
    """The collected-visits sheet's own checks, read as a Visits sheet is: named on its tab
    ``tab``, without "a column not used" for its memo column (the visit log's, kept for the
    manager). One rule for the sheet path and the Sources path."""
    return [
        replace(c, sheet=tab) if c.sheet == schema.VISITS.name else c
        for c in mine
        if not (c.problem == "columns_not_used" and schema.VISIT_NOTE.matches(c.value))
    ]


def collected_read_check(tab: str, source: str, kept: int, total: int) -> Check:
    """The info line on what recalc read of the collected-visits sheet ``tab`` beside the
    visits ``source``: ``kept`` of its ``total`` rows, the rest already there."""
    params: dict[str, object] = {
        "sheet": tab,
        "source": source,
        "rows": f"{kept:,}",
        "same": f"{total - kept:,}",
    }
    return Check(tab, None, "", None, "collected_visits_read", params, "info")
