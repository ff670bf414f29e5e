"""A quote register named as a Visits source, read as meetings (trial 52 M1).

A 見積一覧 (見積No, 見積日, 得意先CD, 担当者, 見積金額, 状態 受注/失注/検討中) has no visit date
and no kind column: it stopped the whole run. The rule, in plain words: a Visits source without a
kind column whose header has a quote column (``schema.QUOTE_MARK_HEADERS``: 見積No, 見積金額 …)
is a quote register. Every row is a meeting (商談) on its quote date (見積日), its status the
outcome (受注 → won, 失注 → lost). Meetings count the new-account pipeline: a quote at a
prospect is a meeting; a quote at a customer already held is read and counted as nothing
(neither a meeting nor a visit: the visits come from the visit records), said on Checks
(sources.assemble._customer_meetings).
"""

from __future__ import annotations

from collections.abc import Sequence

from routekpi.schema import (
    BILLING_MARK_HEADERS,
    QUOTE_HEADER_MEANS,
    QUOTE_MARK_HEADERS,
    VISITS,
    SheetSpec,
    normalize_label,
)
from routekpi.validation.headers import header_match

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


def is_billing_list(headers: Sequence[object]) -> bool:
    """A 請求一覧 (請求年月, 前回請求額, 今回請求額 …: one row per customer per closing), which
    says what was billed by closing month, not what was sold on which day (trial 52 M4)."""
    return sum(normalize_label(h) in _BILLING for h in headers) >= 2
