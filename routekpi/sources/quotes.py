"""A quote register named as a Visits source, read as meetings (trial 52 M1).

A 見積一覧 (見積No, 見積日, 得意先CD, 担当者, 見積金額, 状態 受注/失注/検討中) has no visit date
and no kind column: it stopped the whole run. The rule, in plain words: a Visits source without a
kind column whose header has a quote column (``schema.QUOTE_MARK_HEADERS``: 見積No, 見積金額 …)
is a quote register. Every row is a meeting (商談) on its quote date (見積日), its status the
outcome (受注 → won, 失注 → lost). Meetings count the new-account pipeline: a quote at a
prospect is a meeting; a quote at a customer already held is read and counted as nothing
(neither a meeting nor a visit: the visits come from the visit records), said on Checks
(sources.assemble._customer_meetings).

The same in an .xlsx export (``quote_tab``): its header row found below any title rows, as the
other .xlsx sources' (見積一覧表 / 出力日時 above 見積No …).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from routekpi.contract import HEADER_SCAN_ROWS, Check
from routekpi.io.sheetxml import column_letter
from routekpi.schema import (
    BILLING_MARK_HEADERS,
    QUOTE_HEADER_MEANS,
    QUOTE_KIND_WORD,
    QUOTE_MARK_HEADERS,
    VISITS,
    SheetSpec,
    normalize_label,
)
from routekpi.validation.headers import header_match
from routekpi.validation.tables import is_header_row

_MARKS = frozenset(normalize_label(h) for h in QUOTE_MARK_HEADERS)
_BILLING = frozenset(normalize_label(h) for h in BILLING_MARK_HEADERS)
_MEANS = {normalize_label(h): key for h, key in QUOTE_HEADER_MEANS.items()}


def is_quote_register(spec: SheetSpec, headers: Sequence[object]) -> bool:
    """A Visits source with no kind column and a quote column (見積No, 見積金額 …)."""
    if spec is not VISITS or "kind" in header_match(spec, headers).positions:
        return False
    return any(normalize_label(h) in _MARKS for h in headers)


def quote_headers(headers: Sequence[object]) -> list[str]:
    """The headers to match a quote register by: its quote date and status as the Visits
    date and outcome (unless the file has those under their own names), and the kind
    column added at the end (every row 商談)."""
    found = header_match(VISITS, headers).positions
    out = [str(h) if h is not None else "" for h in headers]
    taken: set[str] = set()
    for i, h in enumerate(out):
        key = _MEANS.get(normalize_label(h))
        if key is None or key in found or key in taken:
            continue
        out[i] = VISITS.column(key).ja
        taken.add(key)
    return [*out, VISITS.column("kind").ja]


def quote_tab(
    spec: SheetSpec, cells: Sequence[Sequence[object]]
) -> tuple[list[list[object]], list[object]] | None:
    """An .xlsx tab of a quote register as the sheet reader reads a visit log, and its header
    as the file has it (for ``as_typed``): the rows above its header row as they are, the
    header row as ``quote_headers`` names it, and a kind cell of 商談 after every row below
    it that holds anything (a blank row stays blank, not a meeting without a date). None
    when the tab is no quote register: its header row (the
    first of the first ``HEADER_SCAN_ROWS`` rows naming two of the Visits columns, 得意先CD
    and 担当者 say: validation.tables ``is_header_row``) has a kind column or no quote
    column."""
    if spec is not VISITS:
        return None
    head = cells[:HEADER_SCAN_ROWS]
    found = next((i for i, r in enumerate(head) if is_header_row(spec, r)), None)
    if found is None or not is_quote_register(spec, cells[found]):
        return None
    width = len(cells[found])
    below = []
    for row in cells[found + 1 :]:
        cells_of = [*row[:width], *[None] * (width - len(row))]
        filled = any(c is not None and str(c).strip() for c in row)
        below.append([*cells_of, QUOTE_KIND_WORD if filled else None])
    rows = [*(list(r) for r in cells[:found]), quote_headers(cells[found]), *below]
    return rows, list(cells[found])


def as_typed(checks: Sequence[Check], header: Sequence[object]) -> list[Check]:
    """A quote register's Checks lines read through ``quote_tab`` with each column named by
    the file's own header (B 見積日, not the B 訪問日 it was read as), as a CSV's are."""
    renamed = {
        f"{column_letter(i + 1)} {new}": f"{column_letter(i + 1)} {str(old).strip()}"
        for i, (old, new) in enumerate(zip(header, quote_headers(header), strict=False))
        if str(old).strip() != new
    }
    return [replace(c, column=renamed.get(c.column, c.column)) for c in checks]


def is_billing_list(headers: Sequence[object]) -> bool:
    """A 請求一覧 (請求年月, 前回請求額, 今回請求額 …: one row per customer per closing), which
    says what was billed by closing month, not what was sold on which day (trial 52 M4)."""
    return sum(normalize_label(h) in _BILLING for h in headers) >= 2
