"""The Reps (担当者) sheet as a list: which tab it is and the reps it names.

Kept apart from ``validation.reps`` (pandas) because the file reader asks it, and the reader
imports no pandas (tests/test_fastread.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from routekpi.contract import (
    HEADER_SCAN_ROWS,
    WHITESPACE,
    Check,
    RawSheet,
    column_letter,
    normal_text,
)
from routekpi.schema import REPS
from routekpi.validation.headers import header_match

__all__ = ["listed_reps", "rep_fold", "reps_tab", "unmatched_reps"]


def listed_reps(raw: RawSheet | None) -> list[str]:
    """The rep names of the Reps sheet (NFKC, stripped), in its order; [] without one.
    Its ALL row (the team's address) names no rep."""
    return [n for n in _listed(raw) if n.upper() != "ALL"]


def _listed(raw: RawSheet | None) -> list[str]:
    """Every name under the Reps sheet's rep header, ALL rows included."""
    if raw is None or not raw.rows:
        return []
    for at, row in enumerate(raw.rows[:HEADER_SCAN_ROWS]):
        col = header_match(REPS, row).positions.get("rep")
        if col is None:
            continue
        names = (normal_text(str(r[col])) for r in raw.rows[at + 1 :] if col < len(r) and r[col])
        return [n for n in names if n]
    return []


def reps_tab(tabs: Iterable[str], rows: Callable[[str], Sequence[Sequence[object]]]) -> str | None:
    """The tab read as the Reps sheet: the first under one of its names that lists a rep or
    the team's ALL row, else the first under one of its names (None: none). The template's
    own Reps sheet stays empty when a manager keeps the addresses on a 担当者一覧 tab of her
    own. ``rows`` gives a tab's cells ([] when it cannot be read)."""
    named = [t for t in tabs if REPS.matches(t)]
    listing = (t for t in named if _listed(RawSheet(name=t, rows=rows(t))))
    return next(listing, named[0] if named else None)


def rep_fold(name: object) -> str:
    """A rep's name as rep names are matched (``validation.reps.rep_key``: NFKC, every space
    removed), without pandas: the mail drafts and the Reps rows meet the engine's reps here."""
    return WHITESPACE.sub("", normal_text(str(name)))


def unmatched_reps(raw: RawSheet | None, reps: Iterable[str]) -> list[Check]:
    """One warning per Reps row whose name is no rep of the history (``reps``: the names on
    Orders, Visits and Accounts), matched as rep names are (``rep_fold``): its address and
    branch then reach nobody (trial 44 M4: a row no copy found was said nowhere). ALL rows
    (the team's address) name no rep."""
    if raw is None or not raw.rows:
        return []
    known = {rep_fold(r) for r in reps}
    for at, row in enumerate(raw.rows[:HEADER_SCAN_ROWS]):
        col = header_match(REPS, row).positions.get("rep")
        if col is None:
            continue
        column = f"{column_letter(raw.first_col + col + 1)} {str(row[col]).strip()}"
        checks: list[Check] = []
        for i, r in enumerate(raw.rows[at + 1 :], start=at + 1):
            name = normal_text(str(r[col])) if col < len(r) and r[col] is not None else ""
            if not name or name.upper() == "ALL" or rep_fold(name) in known:
                continue
            row_no = raw.first_row + i
            checks.append(Check(raw.name, row_no, column, name, "reps_row_unmatched", {}, "warn"))
        return checks
    return []
