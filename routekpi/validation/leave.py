"""The Leave sheet's rows checked against each other and the history: a leave that ends
before it starts or names a rep the book does not know is not used (a Checks row names its
sheet, row and column); each leave used is said in one info line, so the user sees what the
plan left out for whom."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from datetime import date

import numpy as np
import pandas as pd

from routekpi.contract import SKIPPED_PROBLEMS, Check, RawSheet, column_number
from routekpi.core.calendar import (
    MON_FRI,
    BusinessCalendar,
    fiscal_months,
    fiscal_name,
    leave_spans,
)
from routekpi.core.daily import order_account_day_codes, order_account_days
from routekpi.core.history import History, coded
from routekpi.core.untyped_leave import (
    MIN_ACCOUNTS,
    MIN_DAYS,
    untyped_leaves,
    untyped_leaves_coded,
)
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
                # Where a doubtful end date is pointed at (``doubtful_leave``).
                "end_column": columns.get("end", ""),
            }
            checks.append(Check(LEAVE.name, row, "", None, "leave_used", params, "info"))
    leave_skipped(checks)
    return _check_covers(leave[keep], rows[keep], known, checks, columns)


def _check_covers(
    leave: pd.DataFrame,
    rows: np.ndarray,
    known: set[str],
    checks: list[Check],
    columns: Mapping[str, str],
) -> pd.DataFrame:
    """The optional 代行者 / Cover column of the rows used: a cover who is not a rep of the
    book, is the rep on leave, or is on leave himself on a day of the row is read as blank
    (the leave stays; its cover is read from the record, core.daily.leave_covers), a
    warning at the cell naming what is wrong."""
    if "cover" not in leave.columns or not len(leave):
        return leave
    cover = leave["cover"].astype(object).to_numpy().copy()
    column = columns.get("cover", "")
    spans = list(zip(leave["rep"].astype(str), leave["start"], leave["end"], rows, strict=True))
    for i, (rep, start, end, row) in enumerate(spans):
        name = cover[i].strip() if isinstance(cover[i], str) else None
        if not name:
            cover[i] = None
            continue
        problem, params = None, {}
        if name not in known:
            problem = "leave_cover_unknown"
        elif name == rep:
            problem = "leave_cover_self"
        else:
            away = [
                (a, b, r) for other, a, b, r in spans if other == name and a <= end and b >= start
            ]
            if away:
                a, b, r = away[0]
                problem = "leave_cover_on_leave"
                first, last = max(a, start).date(), min(b, end).date()
                params = {"first": first.isoformat(), "last": last.isoformat(), "row": int(r)}
        if problem is not None:
            checks.append(Check(LEAVE.name, int(row), column, name, problem, params, "warn"))
            cover[i] = None
        else:
            cover[i] = name
    return leave.assign(cover=cover)


def recount_leave_days(
    checks: list[Check], holidays: pd.DataFrame, weekdays: frozenset[int] = MON_FRI
) -> None:
    """Each used leave's working days counted again once the assumed company holidays are
    in ``holidays`` (validation.holidays), the days the plan counts (trial31 L1: Checks said
    42 for 2026-07-01 – 2026-08-31 before Obon's 8/13 and 8/14 were added, the Plan and the
    Targets 40)."""
    dates = pd.to_datetime(holidays["date"], errors="coerce").dropna()
    calendar = BusinessCalendar(frozenset(d.date() for d in dates), weekdays=weekdays)
    for i, c in enumerate(checks):
        if c.sheet != LEAVE.name or c.problem != "leave_used":
            continue
        start, end = (date.fromisoformat(str(c.params[k])) for k in ("start", "end"))
        days = len(calendar.working_days(start, end))
        checks[i] = replace(c, params={**c.params, "days": days})


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


def skipped_with_cover(checks: list[Check], raw: RawSheet | None, cover_column: str) -> None:
    """The Leave "rows not used" line made critical when a row left out has a 代行者 typed
    (trial 45 M9: a 育休 row's end typed 6/31 was dropped, and the ¥22.5M its cover booked on
    the absent rep's accounts went into the cover's baseline and target — ¥23M moved between
    two reps behind one warning among a hundred info rows). ``cover_column``: the Checks name
    of the cover column ("E 代行者"; "" without one)."""
    at = next((i for i, c in enumerate(checks) if c.problem == "leave_rows_skipped"), None)
    if at is None or raw is None or raw.columns is not None or not cover_column:
        return  # (a Leave sheet is small: read by rows, never the big sheets' column path)
    col = column_number(cover_column.split(" ", 1)[0]) - 1 - raw.first_col
    covered = []
    for row in (int(r) for r in str(checks[at].params.get("rows", "")).split(", ") if r.isdigit()):
        i = row - raw.first_row
        cells = raw.rows[i] if 0 <= i < len(raw.rows) else ()
        if 0 <= col < len(cells) and cells[col] not in (None, ""):
            covered.append(str(row))
    if covered:
        params = {**checks[at].params, "covered": ", ".join(covered)}
        checks[at] = replace(
            checks[at], problem="leave_rows_skipped_cover", params=params, severity="critical"
        )


# A leave longer than this (calendar days, both ends counted) is worth a second look: a year's
# 育休 fits, a year typed one too far on a summer's leave (2026-08-01 – 2027-08-31) does not
# (trial 28 M5: the rep was back in September and her months were not expected of her).
LEAVE_LONG_DAYS = 366
# Days with a visit of the rep's own inside her leave that read as "back at work": a stray
# date typo is one or two; a fortnight's work is the end date typed wrong.
LEAVE_ACTIVE_DAYS = 5
# A leave from inside the plan year running past its end by more than this (calendar days)
# reads as a year typed one too far; a fortnight over the year end is a leave over it.
LEAVE_PAST_YEAR_DAYS = 31


def doubtful_leave(
    checks: Sequence[Check],
    history: History,
    plan_year: int | None,
    fiscal_start_month: int,
    label: str = "start",
) -> list[Check]:
    """Warnings on the Leave rows used (their ``leave_used`` lines) whose end date looks
    mistyped: longer than ``LEAVE_LONG_DAYS``; ending after the plan year's last day; or the
    rep's own visits on ``LEAVE_ACTIVE_DAYS`` or more days inside it (she was back). Each at
    the row's end-date cell, saying what the leave does to the plan while it stands."""
    used = [c for c in checks if c.sheet == LEAVE.name and c.problem == "leave_used"]
    if not used:  # the usual book: no visit row looked at (~50 ms at a million visits)
        return []
    out: list[Check] = []
    visits = history.visits
    # The two columns the rule reads, their dates and rep names once for every row used.
    seen_day = seen_rep = None
    if len(visits):
        kept = visits["kind"] == "visit" if "kind" in visits.columns else None
        seen = visits if kept is None else visits.loc[kept.to_numpy(dtype=bool), ["date", "rep"]]
        seen_day, seen_rep = pd.to_datetime(seen["date"]), seen["rep"].astype(str)
    last_day = (
        fiscal_months(plan_year, fiscal_start_month)[-1].end_time.date()
        if plan_year is not None
        else None
    )
    for c in used:
        p = c.params
        rep = str(p["rep"])
        start, end = date.fromisoformat(str(p["start"])), date.fromisoformat(str(p["end"]))
        found: list[tuple[str, dict[str, object]]] = []
        length = (end - start).days + 1
        if length > LEAVE_LONG_DAYS:
            found.append(("leave_long", {"length": length, "limit": LEAVE_LONG_DAYS}))
        # Past the plan year's end from inside it (a year typed one too far); a leave typed
        # ahead for a later year is planned leave, not a typo (review28).
        if (
            plan_year is not None
            and last_day is not None
            and start <= last_day
            and (end - last_day).days > LEAVE_PAST_YEAR_DAYS
        ):
            plan = fiscal_name(plan_year, fiscal_start_month, label)
            found.append(("leave_past_year", {"plan": plan, "last": last_day.isoformat()}))
        if seen_day is not None and seen_rep is not None and len(seen_day):
            mine = seen_rep == rep
            inside = mine & (seen_day >= pd.Timestamp(start)) & (seen_day <= pd.Timestamp(end))
            days = sorted({d.date() for d in seen_day[inside]})
            if len(days) >= LEAVE_ACTIVE_DAYS:
                active = {"count": int(inside.sum()), "days": len(days)}
                active |= {"first": days[0].isoformat(), "last": days[-1].isoformat()}
                found.append(("leave_active", active))
        said = {"rep": rep, "start": start.isoformat(), "end": end.isoformat()}
        column = str(p.get("end_column", ""))
        out += [
            Check(LEAVE.name, c.row, column, end.isoformat(), problem, {**said, **extra}, "warn")
            for problem, extra in found
        ]
    return out


def untyped_leave_checks(history: History, as_of: date | None) -> list[Check]:
    """A warning on the Leave sheet per stretch that reads as a rep's leave nobody typed, a
    colleague booking his accounts (core.untyped_leave, trial 50 H6): the row to type, with
    the reps, the days and the counts. Nothing is moved without it (the module doc says why).
    Read on the order days of the two years to ``as_of`` (the compact history's, or the
    rows')."""
    if not len(history.accounts) or "rep" not in history.accounts.columns:
        return []
    facts, days, kept = history.facts, None, None
    if facts is not None:
        days = facts.account_days
    elif len(history.orders) and as_of is not None:
        # The accounts' codes the run keeps (validation coded them once: tests/test_coded_once),
        # read as codes end to end: no frame of the order days' texts to code again.
        codes = coded(history, "orders", "account")
        kept = order_account_day_codes(history.orders, as_of, codes)
        if kept is None:  # two accounts or reps read alike
            days = order_account_days(history.orders, as_of, codes)
    if (kept is None or not len(kept.day)) and (days is None or not len(days)):
        return []
    named = history.accounts[history.accounts["account"].notna() & history.accounts["rep"].notna()]
    holder_of = dict(
        zip(named["account"].astype(str).tolist(), named["rep"].astype(str).tolist(), strict=True)
    )
    spans = leave_spans(history.leave)
    if kept is not None:
        rep, seen = pd.factorize(kept.rep)  # numbered as they first come (untyped_leaves_coded)
        reps = kept.reps.take(seen)
        found = untyped_leaves_coded(
            kept.account, kept.accounts, rep, reps, kept.day, holder_of, spans
        )
    else:
        found = untyped_leaves(days, holder_of, spans)
    out = []
    for leave in found:
        params: dict[str, object] = {
            "holder": leave.holder,
            "cover": leave.cover,
            "first": leave.first.isoformat(),
            "last": leave.last.isoformat(),
            "weeks": leave.weeks,
            "accounts": f"{leave.accounts:,}",
            "orders": f"{leave.orders:,}",
            "min_days": MIN_DAYS,
            "min_accounts": MIN_ACCOUNTS,
        }
        out.append(Check(LEAVE.name, None, "", None, "leave_untyped", params, "warn"))
    return out
