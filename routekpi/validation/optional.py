"""The optional lists' "rows not used" line: a warning that names each row, its column and
what is wrong, never the history tables' critical line.

A history sheet (Orders, Visits, Accounts) read in part is a plan built on part of the
history: a large share left out is critical (``contract.skipped_rows``). The optional lists
are not history: each row of Words, Holidays, Overrides, RepWeights, Notes or Sources stands
alone (one word, one day off, one manual target, one file), so a share of them left out says
nothing about the rest (the corpus's words_bad_rows: three bad Words rows of six read
「この表の6行の50%」 as critical, which share refuses). The line says which rows, in which
column, and why, in one warning (「上の行」 had no row above it on stderr). Leave, fixed first
(trial 23, L2), keeps its own words (``validation.leave``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from routekpi.contract import SKIPPED_PROBLEMS, Check, skipped_rows
from routekpi.messages import MESSAGES, text
from routekpi.schema import (
    HOLIDAYS,
    LEAVE,
    NOTES,
    OVERRIDES,
    REP_WEIGHTS,
    SOURCES,
    WORDS,
    SheetSpec,
)

OPTIONAL_PROBLEM: Final = "optional_rows_skipped"
LEAVE_PROBLEM: Final = "leave_rows_skipped"
# The sheets whose rows stand alone, and what a row left out of each means for the plan.
OPTIONAL_LISTS: Final = {
    s.name: s for s in (WORDS, HOLIDAYS, OVERRIDES, REP_WEIGHTS, NOTES, SOURCES)
}
LISTED_ROWS: Final = 10  # rows named one by one; the rest counted ("ほか 3 行")
_LINES: Final = (*SKIPPED_PROBLEMS, OPTIONAL_PROBLEM, LEAVE_PROBLEM)


def rows_left_out_line(spec: SheetSpec, checks: Sequence[Check], count: int, total: int) -> Check:
    """``read_table``'s one line for the ``count`` rows it left out of ``total``: on an
    optional list a warning naming the rows (``checks``: the Checks so far, the rows' own
    among them); on every other sheet ``contract.skipped_rows``."""
    if spec.name == LEAVE.name:
        rows = _error_rows(checks, spec.name)
        return _leave_line(max(count, len(rows)), rows)
    if spec.name not in OPTIONAL_LISTS:
        return skipped_rows(spec.name, count, total)
    return _optional_line(spec, checks, count)


def refresh_rows_left_out(checks: list[Check], spec: SheetSpec) -> None:
    """After a sheet's own rules left more rows out (a Words word given two meanings), its
    line counts and names them too, where it stands; one is added when only the rules left
    rows out. The cells' rows were counted by ``read_table`` (``table_count``)."""
    if spec.name not in OPTIONAL_LISTS:
        return
    at = next(
        (i for i, c in enumerate(checks) if c.sheet == spec.name and c.problem in _LINES), None
    )
    before = set(_error_rows(checks[:at] if at is not None else [], spec.name))
    after = set(_error_rows(checks[at + 1 :] if at is not None else checks, spec.name))
    table = int(checks[at].params.get("table_count", 0)) if at is not None else 0  # type: ignore[call-overload]
    extra = len(after - before)
    if not extra:
        return
    line = _optional_line(spec, checks, table + extra, table_count=table)
    if at is None:
        checks.append(line)
    else:
        checks[at] = line


def _error_rows(checks: Sequence[Check], sheet: str) -> list[int]:
    """The rows of ``sheet`` an error check left out, ascending (a choice column's check
    names each row it holds: 「(2行: 3, 7行目)」)."""
    rows: set[int] = set()
    for c in checks:
        if c.sheet != sheet or c.severity != "error" or c.row is None:
            continue
        rows.add(int(c.row))
        listed = c.params.get("rows")
        if isinstance(listed, str):
            rows.update(int(x) for x in re.findall(r"\d+", listed))
    return sorted(rows)


def _leave_line(count: int, rows: Sequence[int]) -> Check:
    named = ", ".join(str(r) for r in rows) if rows else "?"
    params: dict[str, object] = {"count": count, "rows": named}
    return Check(LEAVE.name, None, "", None, LEAVE_PROBLEM, params, "warn")


def _reason_key(problem: str) -> str:
    key = f"row_reason.{problem.removesuffix('_rows')}"
    return key if key in MESSAGES else "row_reason.other"


def _optional_line(
    spec: SheetSpec, checks: Sequence[Check], count: int, *, table_count: int | None = None
) -> Check:
    """The warning: each row left out (up to ``LISTED_ROWS``) with its first problem's column,
    the value typed and the problem in a few words, in both languages."""
    first: dict[int, Check] = {}
    for c in checks:
        if c.sheet != spec.name or c.severity != "error" or c.row is None:
            continue
        for row in _error_rows([c], spec.name):
            first.setdefault(row, c)
    rows = sorted(first)
    count = max(count, len(rows))
    ja, en = [], []
    for row in rows[:LISTED_ROWS]:
        c = first[row]
        key = _reason_key(c.problem)
        typed = "" if c.value in (None, "") else str(c.value)
        where_ja = " ".join(x for x in (f"{row}行目", c.column) if x)
        where_en = ", ".join(x for x in (f"row {row}", c.column) if x)
        ja.append(f"{where_ja}" + (f"「{typed}」" if typed else "") + f"({text(key, 'ja')})")
        en.append(f"{where_en}" + (f" '{typed}'" if typed else "") + f" ({text(key, 'en')})")
    more = count - len(ja)
    if more > 0:
        ja.append(f"ほか {more:,} 行")
        en.append(f"and {more:,} more")
    params: dict[str, object] = {
        "count": count,
        "table_count": count if table_count is None else table_count,
        "sheet_ja": spec.ja,
        "sheet_en": spec.name,
        "count_en": f"{count:,} row{'s' * (count != 1)}",
        "rows_ja": "、".join(ja),
        "rows_en": "; ".join(en),
        "effect_ja": text(f"optional_rows_effect.{spec.name}", "ja"),
        "effect_en": text(f"optional_rows_effect.{spec.name}", "en"),
    }
    return Check(spec.name, None, "", None, OPTIONAL_PROBLEM, params, "warn")
