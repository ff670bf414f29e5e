"""Each rep's branch (営業所) from the optional branch column of the Reps sheet.

A boss asks 「旭川はどうなの」 (trial 19): with a branch per rep, the Plan's rep targets and
the Attainment's revenue get one subtotal row per branch (render). The engine never reads it.
"""

from __future__ import annotations

from collections.abc import Sequence

from routekpi.contract import HEADER_SCAN_ROWS, Check, RawSheet, column_letter, normal_text
from routekpi.schema import REPS
from routekpi.validation.headers import header_match


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _header_at(rows: Sequence[Sequence[object]]) -> int | None:
    """The first of the top rows that names the rep column and the branch column."""
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        found = header_match(REPS, row).positions
        if "rep" in found and "branch" in found:
            return i
    return None


def rep_branches(raw: RawSheet | None) -> tuple[dict[str, str], list[Check]]:
    """Rep → branch as the Reps sheet gives it, and the Checks on its branch column.

    No sheet, or no branch column: ``{}`` and no check (branches are optional). A rep listed
    under two branches keeps the first (warn, at the later row); a rep whose branch is blank
    while others have one is counted under no branch (warn): the subtotals then still add
    up to the team. Rows without a rep (an ALL row for the team's address) are not reps.
    """
    if raw is None or not raw.rows:
        return {}, []
    at = _header_at(raw.rows)
    if at is None:
        return {}, []
    header = list(raw.rows[at])
    cols = header_match(REPS, header).positions
    rep_col, branch_col = cols["rep"], cols["branch"]
    column = f"{column_letter(raw.first_col + branch_col + 1)} {_text(header[branch_col])}"
    found: dict[str, str] = {}
    where: dict[str, int] = {}
    blank: list[tuple[int, str]] = []
    checks: list[Check] = []
    for i, row in enumerate(raw.rows[at + 1 :], start=at + 1):
        # NFKC, as the rep is shown (validation.reps: the Reps sheet's spelling, normalised).
        rep = normal_text(_text(row[rep_col])) if rep_col < len(row) else ""
        if not rep or rep.upper() == "ALL":
            continue
        branch = _text(row[branch_col]) if branch_col < len(row) else ""
        excel_row = raw.first_row + i
        if not branch:
            blank.append((excel_row, rep))
            continue
        if rep in found and found[rep] != branch:
            params = {"rep": rep, "first": found[rep], "row": where[rep], "second": branch}
            checks.append(Check(raw.name, excel_row, column, branch, "branch_two", params, "warn"))
            continue
        found.setdefault(rep, branch)
        where.setdefault(rep, excel_row)
    if not found:  # a branch column left empty: no branch view, nothing to say
        return {}, []
    for excel_row, rep in blank:
        if rep not in found:
            checks.append(
                Check(raw.name, excel_row, column, None, "branch_blank", {"rep": rep}, "warn")
            )
    return found, checks
