"""Whose book changed hands during the tracked year, and the attainment to judge them on.

Between two planned reps the targets follow the accounts from the month of the handover
(core.carry): the attainment as booked is then the one on each rep's own book (``basis``
"carried", read from the Review's revenue row, ``CARRIED_KEY``). Otherwise (the taker has no
plan, the giver left during the year, a compact history) accounts handed over keep their
targets with the rep who held them at the year's start (core.handover, core.review
``handed_over``): the giver's attainment as booked reads lower for them and the taker's
higher, and the rules below judge him on his own book. A rep may do both on the same day (a
branch move: he hands his whole book to a colleague and takes part of another's, trial 27).

The rule, in plain words:

- A rep's book **changed materially** in the year when the accounts he handed over held at
  least ``HANDOVER_SHARE`` (a tenth) of his baseline revenue (the revenue his targets were
  derived from), or the accounts he took over brought at least that share of his revenue so
  far this year.
- He is judged on his **own book**: his revenue without the accounts he handed over and
  without those he took over, against his target without the handed-over accounts' share
  (``basis`` "kept" for a giver, also for one who took accounts too; "own" for a taker:
  his revenue without the accounts taken over against his whole target).
- When no part of his target is left for that (he handed over his whole book, or nine
  tenths of it: ``near_empty``, the rest a ratio over a remainder of a few accounts, trial 39
  H3: 18303.1%), he is judged on the months before the handover: his revenue against his
  targets of the plan year's months before the month of the handover (``basis`` "before";
  none when the handover came in the year's first month). A rep who also took a book over
  then (a branch move: ``BookChange.moved``) is judged the same way; the Review shows no
  row of his own book for him (core.review ``handed_over`` rows MOVED and TAKEN only).

Read from the Review's handover rows (``revenue_kept``, ``taken_accounts``, ``revenue_own``)
and the Attainment month rows, so the Dashboard, the Flags and a rep's copy give one number.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import pandas as pd

from routekpi.core.calendar import fiscal_label, month_label

# A tenth of a rep's revenue in accounts that changed hands makes his book a different one:
# below it, a handover is a detail of his year (one café passed to a colleague), above it his
# attainment as booked measures the move as much as his selling.
HANDOVER_SHARE = 0.10

# The Review's rows on accounts that changed hands (core.review KEPT, TAKEN, OWN; review
# imports the engine, which imports the flags that read this module).
KEPT_ROW, TAKEN_ROW, OWN_ROW = "revenue_kept", "taken_accounts", "revenue_own"
# The Review's row of the accounts handed over (core.review MOVED): read for what was handed
# when the book kept is too small to have a row of its own (``near_empty``).
MOVED_ROW = "moved_accounts"
# A rep whose targets followed the accounts (core.carry): his Review revenue row's ``detail``
# holds what changed hands under this key (no handover rows: as booked is his own book).
CARRIED_KEY = "carried"
# A rep behind as booked only for the handover: the Review's revenue row names it here
# (core.review ``_mark_handover``: no lever to coach, as the Flags' info flag).
CAUSE_KEY = "handover_cause"


@dataclass(frozen=True)
class BookChange:
    """One rep's handover in the plan year and the attainment to judge him on."""

    rep: str
    since: date | None  # the first day a new holder served the accounts (given or taken)
    given: int  # accounts he handed over
    taken: int  # accounts he took over
    given_share: float  # their share of his baseline revenue (NaN: gave none)
    taken_share: float  # the taken accounts' share of his revenue so far (NaN: took none)
    booked: float  # his attainment to date as booked
    own: float  # his attainment on his own book (``basis``), NaN when none can be given
    basis: str  # "kept", "own", "before" or "carried" (module doc); "" without ``own``
    before_months: tuple[str, ...] = ()  # basis "before": the months judged

    @property
    def material(self) -> bool:
        """The rule: a tenth or more of his revenue in accounts that changed hands."""
        shares = [s for s in (self.given_share, self.taken_share) if math.isfinite(s)]
        return bool(shares) and max(shares) >= HANDOVER_SHARE

    @property
    def moved(self) -> bool:
        """A branch move: he handed over (nearly) his whole book (``near_empty``) and took a
        material one over (trial 39 H3: 22 accounts to a newcomer, 22 of a leaver's)."""
        taken = self.taken_share
        return near_empty(self.given_share) and math.isfinite(taken) and taken >= HANDOVER_SHARE


def near_empty(given_share: float) -> bool:
    """Too little of his target left to judge the book he kept: the accounts he handed over
    held more than nine tenths (1 − ``HANDOVER_SHARE``) of his baseline revenue."""
    return math.isfinite(given_share) and given_share > 1.0 - HANDOVER_SHARE


def _day(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _f(value: object) -> float:
    try:
        out = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan
    return out


def book_changes(
    review: Iterable[Mapping[str, object]], attainment: pd.DataFrame, plan_year: int
) -> dict[str, BookChange]:
    """rep → his ``BookChange``, for every planned rep with handover rows in the Review
    (``review``: the Review's rows as records)."""
    rows: dict[str, dict[str, Mapping[str, object]]] = {}
    out: dict[str, BookChange] = {}
    for row in review:
        kpi = str(row.get("kpi", ""))
        if kpi in (KEPT_ROW, TAKEN_ROW, OWN_ROW, MOVED_ROW):
            rows.setdefault(str(row["rep"]), {})[kpi] = row
        elif kpi == "revenue" and isinstance(carried := _detail(row).get(CARRIED_KEY), Mapping):
            out[str(row["rep"])] = _carried(str(row["rep"]), row, carried)
    for rep, mine in sorted(rows.items()):
        kept, taken, own_row = mine.get(KEPT_ROW), mine.get(TAKEN_ROW), mine.get(OWN_ROW)
        handed = kept if kept is not None else mine.get(MOVED_ROW)  # what he handed over
        if handed is None and taken is None and own_row is None:
            continue
        detail_k = _detail(handed)
        detail_t = _detail(taken) or _detail(own_row)
        days = [d for d in (_day(detail_k.get("first")), _day(detail_t.get("first"))) if d]
        since = min(days) if days else None
        taken_sales = _f(taken["actual_ytd"]) if taken is not None else math.nan
        booked = _f(detail_k.get("booked", detail_t.get("booked")))
        given_share = _f(detail_k.get("share")) if handed is not None else math.nan
        taken_share = math.nan
        if taken is not None and own_row is not None:
            total = taken_sales + _f(own_row["actual_ytd"])
            taken_share = taken_sales / total if total > 0 else math.nan
        elif taken is not None:  # no own row (``near_empty``): of his revenue as booked
            total = _f(detail_t.get("revenue"))
            taken_share = taken_sales / total if total > 0 else math.nan
        own, basis = math.nan, ""
        if near_empty(given_share):
            pass  # too little kept to judge: the months before the handover (below)
        elif kept is not None:
            due = _f(kept["target_ytd"])
            actual = _f(kept["actual_ytd"]) - (taken_sales if taken is not None else 0.0)
            if math.isfinite(due) and due > 0 and math.isfinite(actual):
                own, basis = actual / due, "kept"
        elif own_row is not None:
            value = _f(own_row.get("attainment"))
            if math.isfinite(value):
                own, basis = value, "own"
        months: tuple[str, ...] = ()
        if not math.isfinite(own) and since is not None:
            own, months = _before(attainment, rep, since, plan_year)
            basis = "before" if math.isfinite(own) else ""
        out[rep] = BookChange(
            rep=rep,
            since=since,
            given=int(_f(detail_k.get("accounts")) or 0) if handed is not None else 0,
            taken=int(_f(detail_t.get("accounts")) or 0) if taken is not None else 0,
            given_share=given_share,
            taken_share=taken_share,
            booked=booked,
            own=own,
            basis=basis,
            before_months=months,
        )
    return dict(sorted(out.items()))


def _carried(rep: str, row: Mapping[str, object], carried: Mapping[str, object]) -> BookChange:
    """A rep whose targets followed the accounts (core.carry): his attainment as booked is
    the one on his own book (``basis`` "carried")."""
    booked = _f(row.get("attainment"))
    sales, total = _f(carried.get("taken_sales")), _f(row.get("actual_ytd"))
    taken = int(_f(carried.get("taken")) or 0)
    return BookChange(
        rep=rep,
        since=_day(carried.get("first")),
        given=int(_f(carried.get("given")) or 0),
        taken=taken,
        given_share=_f(carried.get("given_share")),
        taken_share=sales / total if taken and total > 0 else math.nan,
        booked=booked,
        own=booked,
        basis="carried" if math.isfinite(booked) else "",
    )


def _detail(row: Mapping[str, object] | None) -> Mapping[str, object]:
    detail = row.get("detail") if row is not None else None
    return detail if isinstance(detail, Mapping) else {}


def _before(
    attainment: pd.DataFrame, rep: str, since: date, plan_year: int
) -> tuple[float, tuple[str, ...]]:
    """His revenue against his targets over the plan year's months before the month of
    ``since`` (the Attainment month rows), and those months; NaN without one."""
    if attainment.empty:
        return math.nan, ()
    first = month_label(pd.Period(since, freq="M"))
    fy = fiscal_label(plan_year)
    rows = attainment[
        (attainment["rep"] == rep)
        & (attainment["kpi"] == "revenue")
        & (attainment["period"] != fy)
        & (attainment["period"].astype(str) < first)
    ]
    if not len(rows):
        return math.nan, ()
    due = float(rows["target_to_date"].astype(float).sum())
    actual = float(rows["actual"].astype(float).sum())
    if not (due > 0 and math.isfinite(actual)):
        return math.nan, ()
    return actual / due, tuple(sorted(map(str, rows["period"])))
