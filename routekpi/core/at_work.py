"""A rep's visit ratios measured on the months he was at work (trial 20, finding 5).

A rep on leave for most of a baseline month made no visits in it while his customers kept
ordering: over the whole window his visit frequency reads low and his orders per visit high
(林優子, four months of 育休: 0.65 visits a month per account for the team's 0.99, 1.87 orders
per visit for 1.25), and next year's plan would ask a rep back at work for two-thirds of
normal visits. So a month he was away on at least half its working days
(``calendar.PRESENT_SHARE``) is left out of his visit frequency, the months he worked carried
to a year; his stock levers (active accounts, unit price) keep the whole window. Orders per
visit is then the window's orders per account ÷ that visit frequency: the two multiply back
to the orders he had, so his targets still multiply back to his share of the KGI.

Visits a colleague made to his customers on his leave days are cover: they count for the
customer's holder (his customers were visited), not for the colleague, whose own visit
frequency would otherwise carry them into a year in which the holder is back.

Leave inside the plan year (trial 20, finding 5 and its running-year review): a rep on
parental leave for five of the twelve plan months keeps his book. His customers go on ordering
(trial 20: 林優子's clinics at ~101% of the year before during her 育休, booked under her name)
and a colleague's cover visits count as his (above), so his share of the KGI, his levers and
his month shape are exactly as without leave: scaling them down moved his book's revenue
onto colleagues' targets and put him far ahead of a target his book would beat anyway. Only
what he does himself scales: his pipeline (``targets.AWAY_COUNTS``: new accounts, meetings,
appointment attempts) by ``plan_presence`` (the plan year's working days he is not on leave
÷ all of them; a month half on leave counts half), on his months at work by
``month_presence`` (nothing on a month wholly on leave); the team's is its reps' sum, not
pushed onto the others. A manager who wants colleagues to carry his accounts reassigns them
on the Accounts sheet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from routekpi.core.calendar import BusinessCalendar, LeaveSpan
from routekpi.core.history import COVER_MONTH_COLUMNS, History, empty_frame

__all__ = [
    "VISITS_STOPPED_WORKING_DAYS",
    "AtWork",
    "at_work_visits",
    "cover_months_of",
    "leave_months",
    "leave_reason",
    "month_presence",
    "plan_presence",
]


# Working days from a rep's last visit to the last order (the as-of date at the latest) that
# read as a visit log left unpasted: two working weeks, longer than a holiday or a busy week
# (validation.period's Checks warning; core.review leaves those months out of his split).
VISITS_STOPPED_WORKING_DAYS = 10


@dataclass(frozen=True)
class AtWork:
    """What ``at_work_visits`` changed: the reps measured on fewer months (rep → working
    days on leave in the window, months left out) and the cover visits moved (visitor,
    holder, visits)."""

    away: tuple[tuple[str, int, int], ...] = ()
    cover: tuple[tuple[str, str, int], ...] = ()


def cover_months_of(
    visits: pd.DataFrame, accounts: pd.DataFrame, leave: tuple[LeaveSpan, ...], as_of: date
) -> pd.DataFrame:
    """Visits of kind visit, up to ``as_of``, to an account on its holder's (Accounts)
    leave days by another rep: COVER_MONTH_COLUMNS, one row per visitor × holder × month."""
    empty = empty_frame(COVER_MONTH_COLUMNS)
    if not (leave and len(visits) and len(accounts)):
        return empty
    holder_of = accounts.drop_duplicates("account", keep="last").set_index("account")["rep"]
    day = pd.to_datetime(visits["date"]).dt.normalize()
    rows = (visits["kind"] == "visit").to_numpy(dtype=bool) & (day <= pd.Timestamp(as_of))
    holder = visits["account"].map(holder_of)
    covered = np.zeros(len(visits), dtype=bool)
    for rep, a, b in leave:
        covered |= (
            rows
            & (holder == rep).to_numpy(dtype=bool)
            & (visits["rep"] != rep).to_numpy(dtype=bool)
            & (day >= pd.Timestamp(a)).to_numpy(dtype=bool)
            & (day <= pd.Timestamp(b)).to_numpy(dtype=bool)
        )
    if not covered.any():
        return empty
    found = pd.DataFrame(
        {
            "visitor": visits["rep"].to_numpy()[covered].astype(str),
            "holder": holder.to_numpy()[covered].astype(str),
            "month": day[covered].dt.to_period("M").to_numpy(),
        }
    )
    out = found.groupby(["visitor", "holder", "month"]).size().rename("visits").reset_index()
    out["visits"] = out["visits"].astype(float)
    return out.reindex(columns=list(COVER_MONTH_COLUMNS))


def cover_visits(
    history: History, calendar: BusinessCalendar, months: list[pd.Period], as_of: date
) -> pd.DataFrame:
    """The cover visits (``cover_months_of``) in ``months``: from the rows, or the compact
    history's ``cover_months`` (none when it was built without them)."""
    if history.facts is not None:
        found = history.facts.cover_months
        found = found if found is not None else empty_frame(COVER_MONTH_COLUMNS)
    else:
        found = cover_months_of(history.visits, history.accounts, calendar.leave, as_of)
    return found[found["month"].isin(months)] if len(found) else found


def at_work_visits(
    base: pd.DataFrame,
    facts: pd.DataFrame,
    history: History,
    calendar: BusinessCalendar,
    months: list[pd.Period],
    as_of: date,
    team: str,
) -> tuple[pd.DataFrame, AtWork]:
    """``base`` (rep × KPI over ``months``) with each rep's visits, visit frequency and
    orders per visit measured on the months he was at work, cover visits counted for the
    holder (module doc); the team's visits are the reps' sum (its ratios: at the mix, later).
    Unchanged without leave."""
    if not calendar.leave or "visits" not in base.columns:
        return base, AtWork()
    cover = cover_visits(history, calendar, months, as_of)
    moved: dict[tuple[str, pd.Period], float] = {}
    for visitor, holder, month, n in zip(
        cover["visitor"], cover["holder"], cover["month"], cover["visits"], strict=True
    ):
        moved[(visitor, month)] = moved.get((visitor, month), 0.0) - float(n)
        moved[(holder, month)] = moved.get((holder, month), 0.0) + float(n)
    out = base.copy()
    first, last = months[0].start_time.date(), months[-1].end_time.date()
    away: list[tuple[str, int, int]] = []
    delta = 0.0
    for rep in [str(r) for r in base.index if r != team]:
        present = calendar.present_months(rep, months)
        left_out = len(months) - len(present)
        if not left_out and not any(r == rep for r, _ in moved):
            continue
        old_vpa = float(base.at[rep, "visits_per_account"])
        if not (np.isfinite(old_vpa) and old_vpa > 0 and present):
            continue
        visits = sum(_fact(facts, rep, m, "visits") + moved.get((rep, m), 0.0) for m in present)
        held = sum(_fact(facts, rep, m, "active_accounts") for m in present)
        if not (held > 0 and visits > 0):
            continue
        factor = visits / held / old_vpa
        new_visits = float(base.at[rep, "visits"]) * factor
        delta += new_visits - float(base.at[rep, "visits"])
        out.at[rep, "visits"] = new_visits
        out.at[rep, "visits_per_account"] = old_vpa * factor
        out.at[rep, "orders_per_visit"] = float(base.at[rep, "orders_per_visit"]) / factor
        if left_out:
            away.append((rep, len(calendar.leave_days(rep, first, last)), left_out))
    if team in out.index:
        out.at[team, "visits"] = float(base.at[team, "visits"]) + delta
    pairs = cover.groupby(["visitor", "holder"])["visits"].sum() if len(cover) else pd.Series()
    moved_pairs = tuple((str(v), str(h), int(n)) for (v, h), n in pairs.items())
    return out, AtWork(tuple(away), moved_pairs)


def _fact(facts: pd.DataFrame, rep: str, month: pd.Period, column: str) -> float:
    """One rep-month fact (0 for a month the facts lack)."""
    try:
        return float(facts.at[(rep, month), column])
    except KeyError:
        return 0.0


def month_presence(
    calendar: BusinessCalendar, reps: list[str], months: list[pd.Period]
) -> np.ndarray:
    """Rep × month: the share of each month's working days the rep is not on leave (1.0
    without leave): what of a month's work he can do."""
    out = np.ones((len(reps), len(months)))
    for i, rep in enumerate(reps):
        if calendar.has_leave(rep):
            out[i] = [calendar.available_share(rep, m) for m in months]
    return out


def plan_presence(
    calendar: BusinessCalendar, reps: list[str], months: list[pd.Period]
) -> pd.Series:
    """Rep → the share of the plan year's working days he is at work (1.0 without leave;
    0 for a rep on leave all year): what his own pipeline is scaled by (targets.AWAY_COUNTS)."""
    days = calendar.month_counts(months)
    share = month_presence(calendar, reps, months)
    total = float(days.sum())
    values = share @ days / total if total > 0 else np.ones(len(reps))
    return pd.Series(values, index=list(reps), dtype=float)


def leave_months(calendar: BusinessCalendar, rep: str, months: list[pd.Period]) -> list[pd.Period]:
    """The months ``rep`` is on leave for more than half their working days (the months his
    own trends and the Review's lever split leave out: ``calendar.PRESENT_SHARE``)."""
    present = set(calendar.present_months(rep, months))
    return [m for m in months if m not in present]


def leave_reason(leave: pd.DataFrame | None, rep: str, first: date, last: date) -> str:
    """The reason typed on ``rep``'s first Leave row that overlaps ``first`` – ``last``
    (育休 …; empty when none is typed)."""
    if leave is None or not len(leave) or "reason" not in leave.columns:
        return ""
    rows = zip(leave["rep"], leave["start"], leave["end"], leave["reason"], strict=True)
    for r, a, b, why in rows:
        if (
            str(r) == rep
            and pd.notna(a)
            and pd.notna(b)
            and pd.Timestamp(a).date() <= last
            and pd.Timestamp(b).date() >= first
            and isinstance(why, str)
            and why.strip()
        ):
            return why.strip()
    return ""
