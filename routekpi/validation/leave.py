"""The Leave sheet's rows checked against each other and the history: a leave that ends
before it starts or names a rep the book does not know is not used (a Checks row names its
sheet, row and column); each leave used is said in one info line, so the user sees what the
plan left out for whom."""

from __future__ import annotations

from collections.abc import Collection, Mapping

import numpy as np
import pandas as pd

from routekpi.contract import SKIPPED_PROBLEMS, Check
from routekpi.core.calendar import BusinessCalendar
from routekpi.schema import LEAVE


def check_leave(
    leave: pd.DataFrame,
    rows: np.ndarray,
    reps: Collection[object],
    checks: list[Check],
    columns: Mapping[str, str],
    calendar: BusinessCalendar | None = None,
) -> pd.DataFrame:
    """The Leave rows that can be used: start on or before end, a rep of the history
    (``reps``: the reps of Orders, Visits and Accounts). ``rows``: each row's Excel row
    number; ``columns``: the Checks names of its columns ("B 開始日")."""
    calendar = calendar or BusinessCalendar()
    known = {str(r) for r in reps if isinstance(r, str)}
    keep = np.ones(len(leave), dtype=bool)
    for i, (rep, start, end) in enumerate(
        zip(leave["rep"], leave["start"], leave["end"], strict=True)
    ):
        row = int(rows[i])
        if end < start:
            checks.append(
                Check(
                    LEAVE.name,
                    row,
                    columns.get("end", ""),
                    end.date().isoformat(),
                    "leave_end_before_start",
                    {"start": start.date().isoformat()},
                )
            )
            keep[i] = False
        elif str(rep) not in known:
            checks.append(
                Check(LEAVE.name, row, columns.get("rep", ""), rep, "leave_unknown_rep", {})
            )
            keep[i] = False
        else:
            days = len(calendar.working_days(start.date(), end.date()))
            params = {
                "rep": rep,
                "start": start.date().isoformat(),
                "end": end.date().isoformat(),
                "days": days,
            }
            checks.append(Check(LEAVE.name, row, "", None, "leave_used", params, "info"))
    leave_skipped(checks)
    return leave[keep]


def leave_skipped(checks: list[Check]) -> None:
    """The Leave sheet's "rows not used" line as a warning naming its rows (trial 23, L2:
    one bad date of two rows read 「1行(この表の2行の50%)」 as critical, and 「上の行」 on
    stderr had no row above it). Each Leave row is one rep's absence: a share of them left
    out is not a history read in part, so it is not the history tables' critical line."""
    at = next(
        (
            i
            for i, c in enumerate(checks)
            # read_table's own line on Leave is this warning already (validation.optional);
            # a history-style line is still turned into it.
            if c.sheet == LEAVE.name and c.problem in (*SKIPPED_PROBLEMS, "leave_rows_skipped")
        ),
        None,
    )
    if at is None:
        return
    rows = sorted(
        {int(c.row) for c in checks if c.sheet == LEAVE.name and c.severity == "error" and c.row}
    )
    # Every row not used, the rule's own (end before start, unknown rep) with the table's.
    count = len(rows) or int(checks[at].params.get("count", 0))  # type: ignore[call-overload]
    named = ", ".join(str(r) for r in rows) if rows else "?"
    params: dict[str, object] = {"count": count, "rows": named}
    checks[at] = Check(LEAVE.name, None, "", None, "leave_rows_skipped", params, "warn")
