"""A customer name two codes share, read by the visit's date (trial 54 M1).

A veterinary distributor's clinics change hands by 事業承継: the master ends the old code
with its 廃業日 and starts a new code the same day, at the same address, often under the
same name. A visit log keyed by name (an SFA export with no code column) then gives a name
two codes share, and every visit was dropped as "which customer cannot be told", though the
two codes never traded at the same time: each visit before the handover day is the old
code's, each one after it the new code's. Here a name whose codes' active spans do not
overlap is read, row by row, as the code active on the visit's day; a name whose spans
overlap (two salons of one name, both trading) and a day in a gap between two spans stay
ambiguous, said on Checks as before.

A code's span: the master's start (取引開始日) … end (廃業日/解約日), else its first … last
order line. The earliest span is open before it (a visit before the first order is the
same place being won) and the latest after it unless the master ends it (a visit after the
last order is still the live code's).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from itertools import pairwise

import numpy as np
import pandas as pd

from routekpi.contract import Check
from routekpi.validation.renumbered import header_of
from routekpi.validation.visit_names import VisitNames, keys_of


@dataclass(frozen=True)
class Span:
    """One code's active days: ``start`` … ``end`` both counted; None where open."""

    code: str
    start: date | None
    end: date | None

    def holds(self, day: date) -> bool:
        """Whether ``day`` is within the span."""
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


def _day(value: object) -> date | None:
    """A cell's day, None for a blank or no date."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    try:
        stamp = pd.Timestamp(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if pd.isna(stamp) else stamp.date()


def shared_codes(
    pairs: Iterable[tuple[object, object]], keys: Iterable[str]
) -> dict[str, list[str]]:
    """Per name key of ``keys``: the codes of ``pairs`` ((code, name)) whose name has that
    key, sorted (two or more where ``name_codes`` gave the name None)."""
    wanted = set(keys)
    given = [(c, n) for c, n in pairs if isinstance(c, str) and c]
    out: dict[str, set[str]] = {}
    for (code, _), key in zip(given, keys_of([n for _, n in given]), strict=True):
        if key in wanted:
            out.setdefault(key, set()).add(code)
    return {k: sorted(v) for k, v in out.items()}


def spans_of(
    codes: Sequence[str],
    master: Mapping[str, tuple[object, object]],
    lines: Mapping[str, tuple[object, object]],
) -> list[Span] | None:
    """The codes' spans in time order, or None when two overlap (or one has no day at all):
    the name then stays ambiguous. ``master``: code → (start, end) as typed; ``lines``: code
    → (first, last) order day. Two spans may touch (the old code's end day the new one's
    start: a handover the same day)."""
    spans: list[Span] = []
    typed_end: dict[str, date | None] = {}
    for code in codes:
        start, end = (_day(v) for v in master.get(code, (None, None)))
        first, last = (_day(v) for v in lines.get(code, (None, None)))
        typed_end[code] = end
        start = start or first
        end = end or last or start  # a new code with no line yet: its start
        if start is None or end is None or end < start:
            return None
        spans.append(Span(code, start, end))
    spans.sort(key=lambda s: (s.start, s.code))
    for before, after in pairwise(spans):
        if after.start < before.end:  # type: ignore[operator]  # both set above
            return None
    spans[0] = Span(spans[0].code, None, spans[0].end)
    spans[-1] = Span(spans[-1].code, spans[-1].start, typed_end[spans[-1].code])
    return spans


def code_on(spans: Sequence[Span], day: date | None) -> str | None:
    """The code active on ``day``: the one span holding it; on a day two spans share (the
    handover day) the one starting that day. None for no day, or a day in a gap."""
    if day is None:
        return None
    held = [s for s in spans if s.holds(day)]
    if len(held) > 1:
        held = [s for s in held if s.start == day]
    return held[0].code if len(held) == 1 else None


def dated_codes(
    values: Sequence[object], days: Sequence[object], spans: Mapping[str, Sequence[Span]]
) -> list[str | None]:
    """Per visit row (its typed name ``values`` and day ``days``): the code active that day
    where the name is one of ``spans`` (typed name → its codes' spans), else None."""
    out: list[str | None] = []
    for value, day in zip(values, days, strict=True):
        found = spans.get(value) if isinstance(value, str) else None
        out.append(code_on(found, _day(day)) if found else None)
    return out


def shared_of(
    ambiguous: Sequence[str], pairs: Iterable[tuple[object, object]]
) -> dict[str, list[str]]:
    """Per typed name of ``ambiguous``: the codes of ``pairs`` (the (code, name) pairs the
    names were read from) that share it."""
    keys = dict(zip(ambiguous, keys_of(list(ambiguous)), strict=True))
    codes = shared_codes(pairs, [k for k in keys.values() if k])
    return {v: codes[k] for v, k in keys.items() if k and len(codes.get(k, ())) > 1}


def name_spans(
    shared: Mapping[str, Sequence[str]],
    master: Mapping[str, tuple[object, object]],
    lines: Mapping[str, tuple[object, object]],
) -> dict[str, list[Span]]:
    """Per typed name of ``shared`` (``shared_of``) whose codes never traded at once: its
    codes' spans (``spans_of``)."""
    out: dict[str, list[Span]] = {}
    for value, codes in shared.items():
        spans = spans_of(codes, master, lines)
        if spans is not None:
            out[value] = spans
    return out


EXAMPLES = 3  # names shown on the Checks line


def _span_said(span: Span) -> str:
    """「105290(〜2025-11-06)」: a code with its span's ends (open ends left blank)."""
    start = span.start.isoformat() if span.start else ""
    end = span.end.isoformat() if span.end else ""
    return f"{span.code}({start}〜{end})"


def dated_check(
    spans: Mapping[str, Sequence[Span]],
    counts: Mapping[str, int],
    source: str,
    column: str,
    by: str,
) -> Check | None:
    """The info line for the visit rows read by their day (``counts``: per typed name the
    rows read), the most visited names named with their codes' spans."""
    read = {v: n for v, n in counts.items() if n and v in spans}
    if not read:
        return None
    ranked = sorted(read, key=lambda v: (-read[v], v))[:EXAMPLES]
    shown = {v: "・".join(_span_said(s) for s in spans[v]) for v in ranked}
    params: dict[str, object] = {
        "source": source,
        "column": header_of(column),
        "names": len(read),
        "rows": sum(read.values()),
        "accounts": len({s.code for v in read for s in spans[v]}),
        "by": by,
        "examples": "、".join(f"「{v}」→ {shown[v]}" for v in ranked),
        "examples_en": ", ".join(f"'{v}' → {shown[v]}" for v in ranked),
    }
    return Check(source, None, column, None, "visit_names_dated", params, "info")


def narrowed(found: VisitNames, left: Iterable[str]) -> VisitNames:
    """``found`` with only the ambiguous names ``left`` (some rows not read by their day)."""
    keep = set(left)
    return replace(found, ambiguous=tuple(v for v in found.ambiguous if v in keep))
