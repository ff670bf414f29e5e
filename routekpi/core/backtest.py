"""Backtest: how close would this year's targets have been to what the reps really did?

``backtest(history, settings, year)`` replays the planning moment of fiscal year ``year``:

1. **Cut.** Orders and visits dated before the year's first day; accounts that had started by
   then, with end dates after the cut blanked (at the time they were still live), each under
   the rep who held it then (``core.handover.accounts_on``: the Accounts sheet names today's
   reps; an account taken over after the cut was its previous rep's, one handed over in the
   year's first month the new rep's, as ``recalc`` plans it); company holidays kept. The
   plan's as-of date is the last day before the year (or an earlier ``planned_on`` day,
   e.g. the budgeting month: the cut then follows that day, and the engine plans as
   ``recalc`` does before a year closes: the last 12 complete months carried to the year's
   start). ``planning_moment`` moves a workbook's own planning day (its as-of date, when
   that lies before its plan year) back to the backtested year.
2. **KGI.** The year's realised team revenue, measured from the full history, so that only the
   decomposition is judged, not the revenue forecast.
3. **Plan.** The engine's public functions (``build_evidence`` and ``plan_for``) on the cut
   history, exactly as ``routekpi recalc`` would have run that day.
4. **Realised.** Each rep's KPIs over the plan months, measured by the same code as the
   engine's baselines (``monthly_facts`` → ``summarize``) on the history up to the end of
   the last compared month, each month under the rep who held each account in it, as the
   engine reads a running year (``realised_values``), a colleague's orders on a rep's
   accounts on his typed leave days his (``with_cover_orders``, trial 52 M10; the plan's cut
   sees them so too), and so on the days of a leave nobody typed that began after the cut
   (``untyped_after``: the stretch the Checks ask the Leave row for; the plan's cut keeps
   its orders as booked, as recalc did): a rep who left during the year is measured on his
   months, the colleagues who took his accounts over on theirs from the handover (trial 29
   M1). No
   method's target covers those spans (each is a year of the rep's own book), so the
   leaver's rows (``LEFT``) and the takers' book rows (``TOOK_OVER``: all but their
   prospecting, ``PIPELINE_KPIS``) are listed, not scored, and counted (``n_changed``);
   notes name them (trial 41 H1). So are both sides of a move between two planned reps who
   stay (a territory swap, ``BOOK_CHANGED``, ``moved_between``) when it changed a tenth or
   more of a side's book (trial 42 M3), and a planned rep who gave that much to a hire
   without a plan (trial 51 M2).

Per rep × KPI the result holds four numbers, each over the compared months and on the basis
the realised value is measured (``measure.summarize``: counts summed, active accounts the
months' mean book, a ratio Σ numerator ÷ Σ denominator):

- ``routekpi``: the engine's targets, read off its Targets table's months as the facts are
  read (``_routekpi_targets``): counts and yen summed, active accounts the months' mean,
  each lever ratio the ratio of the summed parts it plans (``PLANNED_PARTS``: unit price =
  Σ revenue ÷ Σ orders, orders per visit = Σ orders ÷ Σ visits, visits and orders per
  account = Σ visits or orders ÷ Σ monthly books, i.e. account-months), so its levers
  multiply to its revenue over those months as the realised ones do. Not its FY unit price
  or the mean of its monthly frequencies: the engine's months follow each KPI's own season
  (unit price and orders per visit theirs, revenue, orders and visits theirs), so over part
  of a year those do not multiply up (sample, FY2026 over 7 months: the FY orders per visit
  3.5% above Σ orders ÷ Σ visits of the same plan). Over the whole year: its FY row, whose
  counts are the months' sums and whose ratios are those of its FY parts as planned (before
  the counts are rounded to whole numbers; the two differ by < 0.1% on the sample). Churn
  is the months' churn targets summed (planned cancellations ÷ planned starting book, as
  measured: cancellations ÷ the book at the span's start), retention 1 − churn. The rates
  the engine plans the same every month (appointment rate, win rate) are its planned rate
  — appointments are no planned count, and planned meetings are at least last year's, a
  floor, not a lower win rate, so new accounts ÷ meetings is not the rate it asks; the
  year-end levels (usage to date, retention months) its FY targets;
- ``uniform`` ("uniform uplift"): with g = KGI ÷ team baseline revenue, every rep's revenue is
  baseline × g and each of the L multiplicative levers of the revenue tree is baseline ×
  g^(1/L), so each rep's tree still multiplies to the rep's share of the KGI. Counts that are
  products of levers follow them: visits = accounts × visit frequency (× g^(2/L)), orders =
  visits × orders per visit (× g^(3/L); without visits accounts × orders per account,
  × g^(2/L)), orders per account in the visit tree = frequency × orders per visit
  (× g^(2/L)). Every other count and rate (new accounts, cancellations, churn, retention,
  meetings, appointment and win rates, usage, tenure) stays at baseline;
- ``no_change``: the rep's baseline value as booked (``Evidence.booked_base``: the engine's
  own baseline with the material lost accounts it leaves out kept in);
- ``realised``: what the rep did.

Error per row is the absolute percentage error |target − realised| ÷ |realised|. Rows whose
realised value is 0 (or not measurable, e.g. a rate with no denominator) have no percentage
error: they are excluded and counted (``n_zero``); rows where any method has no target are
excluded and counted (``n_missing``), so every method is scored on the same rows; a leaver's
and his takers' rows likewise (``n_changed``, above). Per KPI:
median APE and the share of rows within ±10% for each method, over the reps (the team row is
listed but not scored). Pooled: the same over every rep × {revenue + the levers}.

**A year not yet over.** When the history ends inside the year, only its complete months are
compared (a month is complete when the data reach its last working day, and its orders do:
``baselines.complete_through``, the engine's rule; an AsOf typed past an export of the 20th
leaves that month out). The KGI is then
set so that the plan's revenue over those months equals the realised revenue: KGI = realised
÷ S, S = the plan's seasonal share of those months (corrected until the plan's own monthly
revenue matches). routekpi's values come from its months as above. The comparators have no
months: for them revenue, orders and visits are FY value × S, other counts FY value × n/12
(n months), per-account-month rates FY value × 12·S/n, other rates the FY value — the same
ratios of parts (e.g. unit price = revenue × S ÷ orders × S; visits per account = visits ×
S ÷ (accounts × n)), so every method's levers multiply to its revenue over the months.
Churn is compared over the months themselves, not annualised (a linear ×12/n of a bad
quarter clips at 100%): the comparators' FY churn × n/12, retention = 1 − churn. Level KPIs
measured at the year's end (usage to date, retention months) are compared only on full
years.
"""

from __future__ import annotations

import math
from calendar import isleap
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd

from routekpi.core.at_work import cover_order_sums, with_cover_orders
from routekpi.core.baselines import (
    Evidence,
    Note,
    PlanError,
    build_evidence,
    complete_through,
    last_complete_month,
)
from routekpi.core.book_change import HANDOVER_SHARE
from routekpi.core.calendar import (
    BusinessCalendar,
    fiscal_label,
    fiscal_months,
    fiscal_name,
    leave_spans,
    month_label,
)
from routekpi.core.catalog import KPI_BY_KEY
from routekpi.core.chain_exit import with_stopped_chains
from routekpi.core.daily import order_account_days
from routekpi.core.engine import plan_for, target_kpis
from routekpi.core.handover import Handover, accounts_on, gone_reps, hand_over, holders_now
from routekpi.core.history import LEAVE_COLUMNS, History, PlanSettings
from routekpi.core.lapse import accounts_from_orders
from routekpi.core.measure import (
    TEAM,
    month_grid,
    monthly_facts,
    summarize,
    team_at_mix,
    with_team,
    with_team_at_mix,
)
from routekpi.core.meetings import with_customer_meetings
from routekpi.core.untyped_leave import UntypedLeave, untyped_leaves

METHODS: tuple[str, ...] = ("routekpi", "uniform", "no_change")
METHOD_LABELS: dict[str, str] = {
    "routekpi": "routekpi",
    "uniform": "uniform uplift",
    "no_change": "no change",
}
WITHIN = 0.10  # "within ±10%"
POOLED = "pooled"  # the summary row over revenue + levers
TIE = 0.0005  # verdict(): MdAPE differences up to 0.05 percentage points are ties
# Measured at the year's end: comparable only when the whole year is realised.
LEVEL_KPIS: tuple[str, ...] = ("usage_to_date", "retention_months")
# Additive KPIs that carry the year's seasonality (the comparators' partial-year share).
SEASONAL_COUNTS: tuple[str, ...] = ("revenue", "orders", "visits")
# A lever ratio's planned parts (numerator, denominator): over part of a year its target is
# Σ numerator ÷ Σ denominator of the method's monthly targets, as the realised value is
# Σ numerator ÷ Σ denominator of the facts (measure.summarize; active accounts summed over
# the months are account-months). The levers then multiply to the months' revenue target.
PLANNED_PARTS: dict[str, tuple[str, str]] = {
    "unit_price": ("revenue", "orders"),
    "orders_per_visit": ("orders", "visits"),
    "visits_per_account": ("visits", "active_accounts"),
    "orders_per_account": ("orders", "active_accounts"),
}
# How many levers of the tree each derived KPI multiplies (for the uniform uplift).
_VISIT_TREE_PRODUCTS: dict[str, int] = {"visits": 2, "orders": 3, "orders_per_account": 2}
_NO_VISIT_TREE_PRODUCTS: dict[str, int] = {"orders": 2}
_PARTIAL_KGI_ROUNDS = 6  # plan → compare → rescale the KGI; converges in 1–2 rounds
ROW_COLUMNS: tuple[str, ...] = (
    "rep",
    "kpi",
    "realised",
    *METHODS,
    *(f"ape_{m}" for m in METHODS),
    "status",
    "in_pool",  # a rep's revenue or lever of this plan's tree: part of the pooled score
)
# A row's status when its rep's book changed hands during the compared months (trial 41 H1):
# his realised months or accounts are not those his targets (and the comparators') cover.
LEFT = "rep_left"  # the rep left: realised over his months, every target over the year
TOOK_OVER = "took_over"  # he took a leaver's accounts: realised holds them, no target does
# Accounts moved between two reps who both stay (a territory swap or transfer in the year,
# trial 42 M3: 14 accounts each way on 2025-04-01 scored 伊藤 ¥82.2M realised against a
# ¥68.8M target of his old book): each side's realised months hold the other book from the
# move, no target does. Left out like a taker when the moved accounts' sales in the compared
# months are at least ``book_change.HANDOVER_SHARE`` (a tenth) of his realised revenue (a
# giver: of his realised revenue with those accounts' sales after the move put back). The
# moves are the handover's (the Accounts sheet's rep against the lines') and those the order
# lines show alone (``moves_by_lines``: trial 48 M3, routes swapped back in the year).
BOOK_CHANGED = "book_changed"
CHANGED = (LEFT, TOOK_OVER, BOOK_CHANGED)  # the statuses counted as excluded (``n_changed``)
# The rep's own prospecting: no account of the book in it, so a taker's stays scored.
PIPELINE_KPIS: tuple[str, ...] = (
    "new_accounts",
    "meetings",
    "appointment_attempts",
    "appointment_rate",
    "meeting_win_rate",
)
SUMMARY_COLUMNS: tuple[str, ...] = (
    "kpi",
    "n",
    "n_zero",
    "n_missing",
    "n_changed",  # rows left out: the rep left, took a leaver's accounts, or was in a swap
    *(f"mdape_{m}" for m in METHODS),
    *(f"within_{m}" for m in METHODS),
)


class BacktestError(PlanError):
    """The history cannot support a backtest of this year (a message key and its params)."""


@dataclass
class BacktestResult:
    """One year's backtest: per-row values and errors, per-KPI and pooled scores."""

    year: int
    plan_as_of: date  # the planning moment: the last day before the year, or an earlier day
    data_end: date  # the last day the history covers
    months: list[pd.Period]  # the months compared (all 12 unless partial)
    partial: bool
    season_share: float  # S: the plan's share of the year in the compared months
    kgi: float
    realised_revenue: float  # team revenue over the compared months
    baseline_revenue: float  # team baseline revenue (the engine's)
    levers: tuple[str, ...]
    feasible: bool
    max_reachable_kgi: float
    rows: pd.DataFrame  # ROW_COLUMNS; rep ALL rows are the team (listed, not scored)
    summary: pd.DataFrame  # SUMMARY_COLUMNS, one row per KPI then the pooled row
    notes: list[Note] = field(default_factory=list)
    record_kgi: float = math.nan  # revenue at the team's strong-year growth (Plan.record_kgi)
    # Why plan_as_of: "eve" (the day before the year), "given" (a planned_on day) or "book"
    # (the workbook's own planning moment moved back: book_as_of, book_plan_year).
    plan_basis: str = "eve"
    book_as_of: date | None = None
    book_plan_year: int | None = None
    # Complete months of the year before that were not yet in on plan_as_of (0 on the eve).
    months_not_in: int = 0
    year_label: str = "start"  # Settings FiscalYearLabel: how ``name`` prints a year

    def name(self, year: int | None = None) -> str:
        """A fiscal year (default: the one backtested) as the company names it in print."""
        start = self.months[0].month if self.months else 4
        return fiscal_name(self.year if year is None else year, start, self.year_label)

    @property
    def uplift(self) -> float:
        """g = KGI ÷ team baseline revenue."""
        return self.kgi / self.baseline_revenue if self.baseline_revenue else math.nan

    @property
    def pooled(self) -> dict[str, float]:
        """Pooled median APE per method (revenue + levers)."""
        row = self.summary.set_index("kpi").loc[POOLED]
        return {m: float(row[f"mdape_{m}"]) for m in METHODS}

    def json(self) -> dict[str, object]:
        """A JSON-ready document: settings of the run, per-KPI scores and per-row values."""
        return {
            "year": self.year,
            "period": fiscal_label(self.year),
            "plan_as_of": self.plan_as_of.isoformat(),
            "data_end": self.data_end.isoformat(),
            "months": [month_label(m) for m in self.months],
            "partial": self.partial,
            "season_share": _num(self.season_share),
            "kgi": _num(self.kgi),
            "realised_revenue": _num(self.realised_revenue),
            "baseline_revenue": _num(self.baseline_revenue),
            "uplift": _num(self.uplift),
            "levers": list(self.levers),
            "feasible": self.feasible,
            "max_reachable_kgi": _num(self.max_reachable_kgi),
            "record_kgi": _num(self.record_kgi),
            "plan_basis": self.plan_basis,
            "book_as_of": self.book_as_of.isoformat() if self.book_as_of else None,
            "book_plan_year": self.book_plan_year,
            "months_not_in": self.months_not_in,
            "notes": [
                {"code": n.code, **{k: str(v) for k, v in n.params.items()}} for n in self.notes
            ],
            "summary": _records(self.summary),
            "rows": _records(self.rows),
        }


def _num(value: float) -> float | None:
    return float(value) if value is not None and np.isfinite(value) else None


def _records(frame: pd.DataFrame) -> list[dict[str, object]]:
    out = []
    for rec in frame.to_dict(orient="records"):
        out.append(
            {k: (_num(v) if isinstance(v, (float, np.floating)) else v) for k, v in rec.items()}
        )
    return out


def company_calendar(history: History) -> BusinessCalendar:
    """Working days of this history's company (national plus company holidays)."""
    days = history.holidays["date"].dropna() if len(history.holidays) else []
    return BusinessCalendar(frozenset(d.date() for d in days), weekdays=history.weekdays)


def last_realised_month(
    history: History, data_end: date, calendar: BusinessCalendar
) -> tuple[pd.Period, Note | None]:
    """The last month the backtest can compare: the engine's last complete month
    (``baselines.complete_through``) as of ``data_end``. A month whose working days have
    all passed by the AsOf date but whose orders stop early (an export of the 20th, AsOf
    typed on the 2nd) is partial: its realised revenue would be short by the missing days.
    The note (``backtest_ends_early``) says which month was left out."""
    last, short = complete_through(history, data_end, calendar)
    if short is None:
        return last, None
    return last, Note("backtest_ends_early", short.params)


def data_end_of(history: History, settings: PlanSettings) -> date:
    """The last day the history covers: the AsOf setting, else the last dated event.

    The workbook's planning moment (``planning_moment``) is read from this day; the months
    it makes complete are the engine's (``last_realised_month``): an AsOf typed past an
    early export does not make the cut month whole."""
    end = settings.as_of or history.last_date()
    if end is None:
        raise BacktestError("backtest_no_history")
    return end


def default_year(history: History, settings: PlanSettings, data_end: date | None = None) -> int:
    """The last fiscal year fully covered by the history, with history before it."""
    end = data_end or data_end_of(history, settings)
    # The visits as the engine reads them, for the realised values too (core.meetings).
    history = with_customer_meetings(history)
    first = history.first_date()
    if first is None:
        raise BacktestError("backtest_no_history")
    calendar = company_calendar(history)
    last, _ = last_realised_month(history, end, calendar)
    fsm = settings.fiscal_start_month
    year = end.year
    while True:
        months = fiscal_months(year, fsm)
        if months[0].start_time.date() <= first:
            raise BacktestError(
                "backtest_no_full_year", first=first.isoformat(), last=end.isoformat()
            )
        if months[-1] <= last:
            return year
        year -= 1


def shift_years(day: date, years: int) -> date:
    """``day`` moved ``years`` years back (forward when negative), the same day of the month.

    The last day of February stays the last day: 2028-02-29 → 2027-02-28 and 2027-02-28 →
    2024-02-29 (a manager who plans at the month's end has that whole month; the 28th of a
    leap February would leave its last working day out).
    """
    year = day.year - years
    if day.month == 2 and day.day >= 28:
        last = 29 if isleap(day.year) else 28
        if day.day == last:
            return date(year, 2, 29 if isleap(year) else 28)
    return date(year, day.month, day.day)


def planning_moment(
    book_as_of: date | None, book_plan_year: int | None, year: int, fiscal_start_month: int
) -> date | None:
    """The workbook's own planning moment moved back to ``year``; None for the year's eve.

    A workbook whose as-of date lies before its plan year starts is being planned ahead (e.g.
    on 2026-11-30 for FY2027): backtesting year N then plans on that day moved back by
    (plan year − N) years, with the months of N − 1 that were not yet in left out as they
    are for the workbook now. An as-of date inside the plan year (attainment tracking), or
    more than a year before it (a PlanYear left from an older plan, an old export), is no
    planning moment to copy: the plan is made on the day before the year (None).
    """
    if book_as_of is None or book_plan_year is None:
        return None
    start = fiscal_months(book_plan_year, fiscal_start_month)[0].start_time.date()
    if not shift_years(start, 1) <= book_as_of < start:
        return None
    return shift_years(book_as_of, book_plan_year - year)


def cut_history(history: History, cutoff: date, year_start: date | None = None) -> History:
    """What was known on the day before ``cutoff``: events before it, accounts started by then,
    each under its rep of that day (``core.handover.accounts_on``: the master's rep column is
    today's, and an account a rep took over later was not his book then; one handed over
    in the first month of the year starting on ``year_start`` was, as a plan sees it)."""
    stamp = pd.Timestamp(cutoff)
    orders = history.orders[history.orders["date"] < stamp]
    visits = history.visits[history.visits["date"] < stamp]
    acc = accounts_on(history, cutoff - timedelta(days=1), year_start)
    if history.accounts_derived:
        # Accounts the lapse rule read from all the orders: the plan derives its own from the
        # orders it sees (a lapse after the cut is not known on the planning day).
        acc = acc.iloc[:0]
    acc = acc[acc["start"].notna() & (acc["start"] < stamp)].copy()
    # An account that ended later was still live at the planning moment.
    acc["end"] = acc["end"].where(acc["end"] < stamp)
    return History(
        orders=orders.reset_index(drop=True),
        visits=visits.reset_index(drop=True),
        accounts=acc.reset_index(drop=True),
        holidays=history.holidays,
        weekdays=history.weekdays,
        starts_from_orders=history.starts_from_orders,
        # The prices per product (core.price_index): the months complete before the cut.
        product_months=(
            history.product_months[history.product_months["month"] < stamp.to_period("M")]
            if history.product_months is not None
            else None
        ),
    )


def untyped_after(history: History, cutoff: date, end: date) -> list[UntypedLeave]:
    """The leaves nobody typed that Checks asks the user to type (validation.leave's
    ``untyped_leave_checks``: core.untyped_leave on the order days of the two years to
    ``end``, the Accounts sheet's holders), those that began on or after ``cutoff``: a rep's
    months of no orders while a colleague booked his accounts, back after them. Scored as
    booked, such a year was three reps' errors, as a typed leave was before (trial 52 M10:
    the same with or without the Leave row). Only after the cut: the plan's history keeps
    the orders as booked, as ``recalc`` read them then (nothing moves without the row)."""
    acc = history.accounts
    if history.accounts_derived or not len(acc) or "rep" not in acc.columns:
        return []
    if not len(history.orders):
        return []
    named = acc[acc["account"].notna() & acc["rep"].notna()]
    holder_of = dict(zip(named["account"].astype(str), named["rep"].astype(str), strict=True))
    days = order_account_days(history.orders, end)
    found = untyped_leaves(days, holder_of, leave_spans(history.leave))
    return [u for u in found if u.first >= cutoff]


def with_untyped(history: History, found: list[UntypedLeave]) -> History:
    """``history`` with a Leave row per ``found`` leave, its cover named."""
    if not found:
        return history
    rows = pd.DataFrame(
        [(u.holder, pd.Timestamp(u.first), pd.Timestamp(u.last), "", u.cover) for u in found],
        columns=list(LEAVE_COLUMNS),
    )
    leave = history.leave
    both = pd.concat([leave, rows], ignore_index=True) if len(leave) else rows
    return replace(history, leave=both)


def realised_values(
    history: History,
    months: list[pd.Period],
    plan_as_of: date | None = None,
    year_start: date | None = None,
) -> pd.DataFrame:
    """Each rep's (and the team's) KPIs over ``months``, measured like the engine's baselines.

    Each month is credited to the rep who held each account in it, as the engine reads a
    running year (``engine.run``): the accounts a departed rep still holds on the Accounts
    sheet under the colleague who serves them (``holders_now``), the lines up to the
    planning moment ``plan_as_of`` under the holder of that day, the year's lines under the
    rep who served them, and an account taken over during the year in its previous
    holder's book up to the month the taker holds it from (``hand_over`` with ``year_start``;
    ``measure._in_year_holders``). A rep who left in the year is scored on his months, the
    colleagues who took his accounts over on theirs from the handover (trial 29 M1: handed
    over as of the last compared day, his accounts' whole year went to the takers and he
    was scored against ¥19,590). Without ``plan_as_of``: the compared months' end.
    """
    return _realised(_held(history, months, plan_as_of, year_start)[0], months)


def _held(
    history: History,
    months: list[pd.Period],
    plan_as_of: date | None,
    year_start: date | None,
) -> tuple[History, Handover | None]:
    """The history up to the compared months' end, each account's lines under its holder
    (``realised_values``), and what moved (``Handover.later``: the in-year takers)."""
    as_of = months[-1].end_time.date()
    cut = cut_history(history, as_of + timedelta(days=1))
    cut, _ = holders_now(cut, as_of)
    return hand_over(cut, min(plan_as_of or as_of, as_of), year_start)


def _realised(history: History, months: list[pd.Period]) -> pd.DataFrame:
    """``realised_values`` on the history ``_held`` returns."""
    as_of = months[-1].end_time.date()
    if history.accounts_derived or not len(history.accounts):
        # The same lapse rule the engine uses when there is no customer master.
        history = accounts_from_orders(history, as_of)
        # A chain's stores that stopped together: ended after their last orders, as the
        # engine's inputs are (core.chain_exit).
        history = with_stopped_chains(history, as_of)
    # The plan year's first month is the fiscal start: it decides each month's cohort.
    grid = month_grid(history, as_of)
    facts = with_team(monthly_facts(history, as_of, grid, fiscal_start_month=months[0].month))
    # Not annualised: over a partial year churn is compared over the months themselves.
    return summarize(facts, months)


def reps_left(history: History, months: list[pd.Period], reps: list[str]) -> dict[str, date]:
    """The planned ``reps`` who left during ``months``: gone by the engine's rule
    (``handover.gone_reps``) on the compared months' last day, their last order or visit
    inside the months (rep → that day)."""
    as_of = months[-1].end_time.date()
    stamp = pd.Timestamp(as_of) + pd.Timedelta(days=1)
    frames = [f[f["date"] < stamp][["date", "rep"]] for f in (history.orders, history.visits)]
    lines = pd.concat([f for f in frames if len(f)] or [pd.DataFrame(columns=["date", "rep"])])
    if not len(lines):
        return {}
    gone = gone_reps(lines.groupby(lines["rep"].astype(str))["date"].max())
    first = months[0].start_time.date()
    return {r: d for r, d in gone.items() if r in set(reps) and d >= first}


# The holder of an account at a moment by its own order lines (``moves_by_lines``): the rep
# with the most of them over this many days up to it (a colleague's cover delivery does not
# make him the holder).
HOLDER_DAYS = 90


def _holder_at(orders: pd.DataFrame, day: date) -> pd.Series:
    """Per account, the rep with the most order lines over the ``HOLDER_DAYS`` up to ``day``
    (ties: the one whose last such line is later)."""
    end = pd.Timestamp(day) + pd.Timedelta(days=1)
    o = orders[(orders["date"] >= end - pd.Timedelta(days=HOLDER_DAYS)) & (orders["date"] < end)]
    o = o[o["account"].notna() & o["rep"].notna()]
    if not len(o):
        return pd.Series(dtype=object)
    g = o.groupby([o["account"].astype(str), o["rep"].astype(str)])["date"].agg(["size", "max"])
    g = g.sort_values(["size", "max"], kind="stable").reset_index()
    return g.groupby("account")["rep"].last()


def moves_by_lines(
    history: History, months: list[pd.Period], plan_as_of: date
) -> dict[str, tuple[str, str]]:
    """The accounts whose holder by their own order lines (``_holder_at``) on the planning day
    is not the one at the compared months' end: account → (new holder, holder then). Trial 48
    M3: routes swapped back on 2026-04-01 (青木↔石田, each taking again the book he held two
    years before) left no trace on an Accounts sheet exported after the swap, the handover's
    reading (``Handover.taken_over``, the sheet's rep against the lines') saw none, and both
    reps were scored on the other's book."""
    if not len(history.orders) or not months:
        return {}
    then = _holder_at(history.orders, plan_as_of)
    now = _holder_at(history.orders, months[-1].end_time.date())
    both = then.index.intersection(now.index)
    return {str(a): (str(now[a]), str(then[a])) for a in both if now[a] != then[a]}


def moved_between(
    held: History,
    handed: Handover | None,
    months: list[pd.Period],
    realised: pd.DataFrame,
    reps: list[str],
    by_lines: dict[str, tuple[str, str]] | None = None,
) -> list[str]:
    """The planned reps (sorted) whose book changed by a move during the compared months
    (``BOOK_CHANGED``): the accounts taken over after the planning moment
    (``Handover.taken_over``) whose holder then is planned; each planned side is listed when
    those accounts' sales in the months are at least ``HANDOVER_SHARE`` of his realised
    revenue (the giver's with their sales after the move added back). A taker without a plan
    (a hire of the year) is no reason to score the giver: his target still holds the book he
    gave (trial 51 M2: 森 −28.3%, 「最も外れた」, for the third of his book a July hire took);
    the same share as between two planned reps decides, one rule for every move.
    ``by_lines``: the moves the order lines show (``moves_by_lines``), beside those."""
    taken = [(a, new, old) for a, new, old, _ in (handed.taken_over if handed else ())]
    taken += [(a, new, old) for a, (new, old) in (by_lines or {}).items()]
    if not taken or not len(held.orders):
        return []
    planned = set(reps)
    pairs = {str(a): (str(new), str(old)) for a, new, old in taken if old in planned and new != old}
    if not pairs:
        return []
    first, last = months[0].start_time, months[-1].end_time
    o = held.orders
    o = o[(o["date"] >= first) & (o["date"] <= last) & o["account"].astype(str).isin(pairs)]
    # The moved accounts' sales after the move (booked to the new holder): in the taker's
    # realised revenue and no target of his, in the giver's target and not his realised.
    new_of = o["account"].astype(str).map(lambda a: pairs[a][0])
    since = o[o["rep"].astype(str).to_numpy() == new_of.to_numpy()]
    moved: dict[str, float] = {}
    given: dict[str, float] = {}
    for account, amount in since.groupby(since["account"].astype(str))["amount"].sum().items():
        new, old = pairs[str(account)]
        if new in planned:  # a taker without a plan has no row to leave out
            moved[new] = moved.get(new, 0.0) + float(amount)
        moved[old] = moved.get(old, 0.0) + float(amount)
        given[old] = given.get(old, 0.0) + float(amount)
    out = []
    for rep, amount in moved.items():
        own = _get(realised, rep, "revenue")
        base = (own if np.isfinite(own) else 0.0) + given.get(rep, 0.0)
        if amount > 0 and (base <= 0 or amount / base >= HANDOVER_SHARE):
            out.append(rep)
    return sorted(out)


def backtest(
    history: History,
    settings: PlanSettings,
    year: int,
    *,
    data_end: date | None = None,
    planned_on: date | None = None,
    basis: str | None = None,
) -> BacktestResult:
    """Plan fiscal year ``year`` from the history before it and score it against what happened.

    ``settings`` supplies everything but the plan year, the as-of date, the KGI and the
    overrides (those belong to the backtested moment and are replaced). ``data_end`` is the
    last day the history covers (default: the AsOf setting, else the last dated event).
    ``planned_on`` moves the planning moment earlier than the day before the year (e.g. the
    budgeting month, November for an April year): the history is cut after that day.
    ``basis`` says why that day (``BacktestResult.plan_basis``; default "given" for a day
    before the eve, else "eve").
    """
    end = data_end or data_end_of(history, settings)
    # The visits as the engine reads them, for the realised values too (core.meetings).
    history = with_customer_meetings(history)
    fsm = settings.fiscal_start_month
    plan_months = fiscal_months(year, fsm)
    year_start = plan_months[0].start_time.date()
    plan_as_of = min(planned_on, year_start - timedelta(days=1)) if planned_on else None
    plan_as_of = plan_as_of or year_start - timedelta(days=1)
    eve = plan_as_of == year_start - timedelta(days=1)
    basis = basis or ("eve" if eve else "given")
    cutoff = plan_as_of + timedelta(days=1)
    # A colleague's orders on a rep's accounts on his typed leave days are his, as the
    # engine moves them before anything is summed (core.at_work.with_cover_orders): kept
    # under the cover, the realised year scored a 育休 as three reps' errors (trial 52 M10:
    # 小林 ¥192.8M against ¥360.8M, his covers 松本 ¥521.6M and 井上 ¥507.7M). So are those
    # of a leave nobody typed that began after the cut (``untyped_after``): the realised
    # side only, the plan's cut is as before.
    untyped = untyped_after(history, cutoff, end)
    typed = history.leave
    history = with_cover_orders(with_untyped(history, untyped), end)
    if untyped:  # rows read, not typed: nothing else reads them
        history = replace(history, leave=typed)
    first = history.first_date()
    label = settings.year_name(year)  # printed in the refusals below
    if first is None or first >= cutoff:
        raise BacktestError("backtest_no_history_before", plan=label, first=str(first or "—"))
    calendar = company_calendar(history)
    # As the engine counts them (baselines.last_complete_month): the year before's months
    # still open on the planning day, carried over by the trailing baseline.
    known = last_complete_month(plan_as_of, calendar)
    months_not_in = max(0, (plan_months[0] - 1).ordinal - known.ordinal)
    # The engine's rule (baselines.complete_through): the AsOf date alone does not make a
    # month whole when its orders stop early.
    last_realised, ends_early = last_realised_month(history, end, calendar)
    months = [m for m in plan_months if m <= last_realised]
    if not months:
        raise BacktestError("backtest_not_realised", plan=label, last=end.isoformat())
    partial = len(months) < 12

    held, handed = _held(history, months, plan_as_of, year_start)
    realised = _realised(held, months)
    realised_revenue = float(realised.at[TEAM, "revenue"]) if TEAM in realised.index else 0.0
    if realised_revenue <= 0:
        raise BacktestError("backtest_not_realised", plan=label, last=end.isoformat())

    cut = cut_history(history, cutoff, year_start)
    # A price revision declared for after the backtested year belongs to a later plan, as
    # the overrides do: kept, the plan said "not used; check the month" of a month that is
    # right (trial 28 L7).
    revision = settings.price_revision
    if revision is not None and pd.Period(revision[0], freq="M") > plan_months[-1]:
        revision = None
    base_settings = replace(
        settings,
        plan_year=year,
        as_of=plan_as_of,
        kgi=realised_revenue,
        overrides=(),
        price_revision=revision,
    )
    ev = build_evidence(cut, base_settings)
    season = getattr(ev, "seasonality", None)  # a first guess only: corrected below
    share = float(np.sum(season[: len(months)])) if season is not None else len(months) / 12
    kgi = realised_revenue / share if share > 0 else realised_revenue
    plan, targets = plan_for(ev, kgi)
    if partial and plan.feasible:
        # The plan's own monthly split decides what the compared months carry: rescale the
        # KGI until the plan's revenue over them is the realised revenue. (An infeasible
        # plan stops at its ceilings and would not respond: it keeps KGI = realised ÷ S.)
        first_kgi, first = kgi, (plan, targets)
        for _ in range(_PARTIAL_KGI_ROUNDS):
            planned = _team_revenue(targets, months)
            if planned <= 0 or abs(planned / realised_revenue - 1) < 1e-9:
                break
            kgi *= realised_revenue / planned
            plan, targets = plan_for(ev, kgi)
            if not plan.feasible:
                kgi, (plan, targets) = first_kgi, first
                break
        planned = _team_revenue(targets, months)
        share = planned / kgi if kgi and plan.feasible else share

    kpis = [k for k in target_kpis(ev) if not (partial and k in LEVEL_KPIS)]
    # The team's ratios at the baseline's mix, the basis of its targets (catalog).
    team_realised = with_team_at_mix(realised, ev.mix_weights)
    # A planned rep who left during the compared months is measured on his months (and on
    # his book as it shrank at each handover), the colleagues who took his accounts on
    # theirs with those accounts from the handover: the plan's targets (and the
    # comparators') are each rep's own book over the year, so neither row has a target
    # over what it realised. Left out of the scores and counted (trial 41 H1: 田中's
    # Jan–Sep ¥61.0M against a year's ¥99.2M, an error of 62.6% in the pool).
    left = reps_left(history, months, ev.reps)
    takers = sorted(
        {
            taker
            for taker, giver, _ in (handed.later if handed is not None else ())
            if giver in left and taker in ev.reps and taker not in left
        }
    )
    changed = {**{r: LEFT for r in left}, **{r: TOOK_OVER for r in takers}}
    swapped = [
        r
        for r in moved_between(
            held, handed, months, realised, ev.reps, moves_by_lines(history, months, plan_as_of)
        )
        if r not in changed
    ]
    changed.update({r: BOOK_CHANGED for r in swapped})
    rows = _rows(ev, targets, team_realised, kpis, months, share, kgi, changed)
    summary = summarize_errors(rows, kpis)
    notes = list(ev.notes) + list(plan.notes)
    # Reps who sold in the year but had no baseline get no target: their revenue is in the
    # KGI all the same (the planned reps carry it), so say how much of it that was.
    unplanned = [
        r
        for r in realised.index
        if r != TEAM and r not in ev.reps and realised.at[r, "revenue"] > 0
    ]
    if unplanned:
        share_new = float(realised.loc[unplanned, "revenue"].sum()) / realised_revenue
        notes.append(
            Note(
                "backtest_unplanned_reps",
                {"reps": ", ".join(unplanned), "share": f"{share_new * 100:.1f}%"},
            )
        )
    # Say who was left out and why (the leavers' rows, the takers' book rows).
    if left:
        notes.append(
            Note(
                "backtest_reps_left_excluded",
                {"reps": ", ".join(f"{r} ({d.isoformat()})" for r, d in left.items())},
            )
        )
    if takers:
        notes.append(Note("backtest_takers_excluded", {"reps": ", ".join(takers)}))
    if swapped:
        notes.append(Note("backtest_moved_excluded", {"reps": ", ".join(swapped)}))
    # The cover's orders counted as the leave-taker's over the compared months, in the
    # Plan's words (core.baselines.cover_order_params), so the moved sales are seen.
    # Said first: the leaves read from the orders, then what moved (with the typed ones').
    notes.extend(
        Note(
            "backtest_untyped_leave",
            {
                "holder": u.holder,
                "cover": u.cover,
                "first": u.first.isoformat(),
                "last": u.last.isoformat(),
                "accounts": f"{u.accounts:,}",
            },
        )
        for u in untyped
    )
    notes.extend(
        Note(
            "leave_cover_orders",
            {"visitor": v, "holder": h, "orders": f"{n:,}", "revenue": f"{r:,.0f}"},
        )
        for v, h, n, r in cover_order_sums(history, months)
    )
    if ends_early is not None and pd.Period(ends_early.params["month"], freq="M") in plan_months:
        notes.append(ends_early)
    if partial:
        notes.append(Note("backtest_partial", {"months": len(months), "share": round(share, 4)}))
    return BacktestResult(
        year=year,
        plan_as_of=plan_as_of,
        data_end=end,
        months=months,
        partial=partial,
        season_share=share,
        kgi=float(kgi),
        realised_revenue=realised_revenue,
        baseline_revenue=float(plan.baseline_revenue),
        levers=tuple(ev.levers),
        feasible=bool(plan.feasible),
        max_reachable_kgi=float(plan.max_reachable_kgi),
        rows=rows,
        summary=summary,
        notes=notes,
        record_kgi=float(plan.record_kgi),
        plan_basis=basis,
        months_not_in=months_not_in,
        year_label=settings.fiscal_year_label,
    )


def _team_revenue(targets: pd.DataFrame, months: list[pd.Period]) -> float:
    labels = {month_label(m) for m in months}
    hit = (targets["rep"] == TEAM) & (targets["kpi"] == "revenue") & targets["period"].isin(labels)
    return float(targets.loc[hit, "target"].sum())


def uniform_factors(levers: tuple[str, ...], g: float) -> dict[str, float]:
    """Uniform-uplift multiplier per KPI: revenue g, levers g^(1/L), lever products follow."""
    n = len(levers)
    step = g ** (1 / n) if n and g > 0 else math.nan
    out = {"revenue": g}
    out.update({k: step for k in levers})
    products = _VISIT_TREE_PRODUCTS if "visits_per_account" in levers else _NO_VISIT_TREE_PRODUCTS
    for key, count in products.items():
        out.setdefault(key, step**count)
    return out


def over_months(key: str, fy_value: float, share: float, n_months: int) -> float:
    """A comparator's value over the first n months, from its FY value (see the module doc)."""
    if n_months == 12:
        return fy_value
    kpi = KPI_BY_KEY[key]
    if key == "churn_rate":  # the engine's monthly churn is the annual rate ÷ 12
        return fy_value * n_months / 12
    if key == "retention_rate":
        return 1 - (1 - fy_value) * n_months / 12
    if kpi.additive:
        return fy_value * (share if key in SEASONAL_COUNTS else n_months / 12)
    if kpi.per_account_month:
        return fy_value * 12 * share / n_months
    return fy_value


def _routekpi_targets(
    targets: pd.DataFrame,
    year: int,
    months: list[pd.Period],
    kpis: list[str],
    weights: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """rep × KPI: the engine's target over the compared months (see the module doc).

    The whole year: its FY row (counts the months' sums; each lever ratio the ratio of its
    FY parts, planned before the counts are rounded to whole numbers). Part of a year: its
    monthly targets read as ``realised_values`` reads the facts: counts summed, active
    accounts the months' mean, a lever ratio its summed parts' ratio (``PLANNED_PARTS``),
    churn the months' churn summed (at most 1, as measured); the rates the engine plans the
    same every month (appointment and win rate) the FY row's. ``weights``
    (``Evidence.mix_weights``): the team row's lever ratios at the baseline mix, as the
    team's realised values are (``with_team_at_mix``).
    """
    fy = targets[targets["period"] == fiscal_label(year)]
    out = fy.pivot_table(index="rep", columns="kpi", values="target", aggfunc="first", dropna=False)
    if len(months) == 12:
        return out.reindex(columns=kpis)
    labels = [month_label(m) for m in months]
    monthly = targets[targets["period"].isin(labels)]
    # Each KPI's months summed per rep (NaN unless every compared month has a target).
    sums = (
        monthly.groupby(["rep", "kpi"])["target"]
        .sum(min_count=len(labels))
        .unstack("kpi")
        .reindex(index=out.index)
    )

    def summed(key: str) -> pd.Series:
        if key not in sums.columns:
            return pd.Series(math.nan, index=out.index)
        return sums[key].astype(float)

    for key in kpis:
        if KPI_BY_KEY[key].additive:
            out[key] = summed(key)
        elif key == "active_accounts":
            # Its months follow a path from the start stock to the year's end
            # (targets._monthly): the months' mean book, as the realised one is measured.
            out[key] = summed(key) / len(labels)
        elif key in PLANNED_PARTS:
            num, den = (summed(part) for part in PLANNED_PARTS[key])
            out[key] = num / den.where(den != 0)
    # Churn over the compared months: the monthly churn targets summed (the months' planned
    # cancellations ÷ the planned starting book; not annualised), at most 1 as measured.
    churn = summed("churn_rate").clip(upper=1.0)
    if "churn_rate" in kpis:
        out["churn_rate"] = churn
    if "retention_rate" in kpis:
        out["retention_rate"] = 1 - churn
    if weights is not None and TEAM in out.index:
        keys = [k for k in PLANNED_PARTS if k in kpis and k in weights.columns]
        if keys:
            reps = out.drop(index=TEAM)
            out.loc[TEAM, keys] = team_at_mix(reps[keys], weights[keys]).to_numpy()
    return out.reindex(columns=kpis)


def _rows(
    ev: Evidence,
    targets: pd.DataFrame,
    realised: pd.DataFrame,
    kpis: list[str],
    months: list[pd.Period],
    share: float,
    kgi: float,
    changed: dict[str, str] | None = None,
) -> pd.DataFrame:
    """One row per rep × KPI (see the module doc); ``changed``: rep → ``LEFT`` or
    ``TOOK_OVER``, whose rows (a taker's pipeline excepted) are listed, not scored."""
    changed = changed or {}
    year = ev.settings.plan_year
    ours = _routekpi_targets(targets, year, months, kpis, ev.mix_weights)
    # The comparators start from last year as booked: a manager's "+g% for everyone" does
    # not know which accounts the engine takes out of its own baseline (core.lost).
    booked = ev.booked_base
    base_team = float(booked.at[TEAM, "revenue"]) if TEAM in booked.index else math.nan
    g = kgi / base_team if base_team else math.nan
    factors = uniform_factors(tuple(ev.levers), g)
    n = len(months)
    pool = {"revenue", *ev.levers}
    records: list[tuple[object, ...]] = []
    for rep in [*ev.reps, TEAM]:
        for key in kpis:
            base = float(booked.at[rep, key]) if key in booked.columns else math.nan
            values = {
                "routekpi": _get(ours, rep, key),
                "uniform": over_months(key, base * factors.get(key, 1.0), share, n),
                "no_change": over_months(key, base, share, n),
            }
            actual = _get(realised, rep, key)
            if not np.isfinite(actual) and KPI_BY_KEY[key].additive:
                actual = 0.0  # a rep with no activity at all in the year did 0
            apes = {m: _ape(v, actual) for m, v in values.items()}
            if rep in changed and (changed[rep] == LEFT or key not in PIPELINE_KPIS):
                status = changed[rep]
            elif not np.isfinite(actual) or actual == 0:
                status = "realised_zero"
            elif not all(np.isfinite(v) for v in values.values()):
                status = "missing"
            else:
                status = "ok"
            records.append(
                (
                    rep,
                    key,
                    actual,
                    *(values[m] for m in METHODS),
                    *(apes[m] for m in METHODS),
                    status,
                    key in pool and rep != TEAM,  # the team row is listed, not scored
                )
            )
    return pd.DataFrame(records, columns=list(ROW_COLUMNS))


def _get(frame: pd.DataFrame, rep: str, key: str) -> float:
    if rep not in frame.index or key not in frame.columns:
        return math.nan
    value = frame.at[rep, key]
    return float(value) if value is not None and pd.notna(value) else math.nan


def _ape(target: float, actual: float) -> float:
    if not (np.isfinite(target) and np.isfinite(actual)) or actual == 0:
        return math.nan
    return abs(target - actual) / abs(actual)


def summarize_errors(rows: pd.DataFrame, kpis: list[str] | None = None) -> pd.DataFrame:
    """Per KPI (reps only) and pooled over revenue + levers: n, exclusions, MdAPE, ±10% share.

    ``rows`` may hold several backtests (e.g. every year of a data set, concatenated): each
    row is one rep × KPI × year and scores count them all.
    """
    reps = rows[rows["rep"] != TEAM]
    keys = kpis if kpis is not None else list(dict.fromkeys(reps["kpi"]))
    out = [_score(key, reps[reps["kpi"] == key]) for key in keys]
    out.append(_score(POOLED, reps[reps["in_pool"].astype(bool)]))
    return pd.DataFrame(out, columns=list(SUMMARY_COLUMNS))


def pooled_rows(results: list[BacktestResult]) -> pd.DataFrame:
    """The rows of several backtests together, each with its ``year``."""
    return pd.concat([r.rows.assign(year=r.year) for r in results], ignore_index=True)


def combine(results: list[BacktestResult]) -> pd.DataFrame:
    """One score table over several backtests (``pooled_rows``)."""
    return summarize_errors(pooled_rows(results))


def verdict(summary: pd.DataFrame) -> dict[str, object]:
    """The issue's bar: pooled error vs uniform, and the KPIs where routekpi is worse.

    ``pooled_reduction`` = 1 − routekpi's pooled MdAPE ÷ uniform's (≥ 0.30 is the bar);
    ``worse_than_uniform`` / ``worse_than_no_change`` list KPIs whose routekpi MdAPE is higher
    by more than ``TIE`` (0.05 percentage points: what the tables show at one decimal as equal,
    e.g. yen or count rounding of routekpi's monthly targets, is a tie).
    """
    s = summary.set_index("kpi")
    pooled = s.loc[POOLED]
    uni = float(pooled["mdape_uniform"])
    reduction = 1 - float(pooled["mdape_routekpi"]) / uni if uni else math.nan
    per_kpi = s.drop(index=POOLED)
    per_kpi = per_kpi[per_kpi["n"] > 0]
    ours = per_kpi["mdape_routekpi"]
    return {
        "pooled_reduction": reduction,
        "worse_than_uniform": [
            k for k in per_kpi.index if ours[k] > per_kpi.at[k, "mdape_uniform"] + TIE
        ],
        "worse_than_no_change": [
            k for k in per_kpi.index if ours[k] > per_kpi.at[k, "mdape_no_change"] + TIE
        ],
    }


def _score(key: str, rows: pd.DataFrame) -> tuple[object, ...]:
    ok = rows[rows["status"] == "ok"]
    mdape = [float(ok[f"ape_{m}"].median()) if len(ok) else math.nan for m in METHODS]
    within = [
        float((ok[f"ape_{m}"] <= WITHIN + 1e-12).mean()) if len(ok) else math.nan for m in METHODS
    ]
    return (
        key,
        len(ok),
        int((rows["status"] == "realised_zero").sum()),
        int((rows["status"] == "missing").sum()),
        int(rows["status"].isin(CHANGED).sum()),
        *mdape,
        *within,
    )


def lever_mix(result: BacktestResult) -> pd.DataFrame:
    """Team change vs baseline per lever (and revenue): realised and each method's target.

    Shows where the growth really came from (e.g. more accounts, not a higher unit price) and
    where each method put it; values are ratios − 1 over the compared months.
    """
    rows = result.rows[(result.rows["rep"] == TEAM)].set_index("kpi")
    keys = [k for k in ("revenue", *result.levers) if k in rows.index]
    base = rows.loc[keys, "no_change"]
    out = pd.DataFrame(index=keys)
    out["realised"] = rows.loc[keys, "realised"] / base - 1
    for method in ("routekpi", "uniform"):
        out[method] = rows.loc[keys, method] / base - 1
    return out


def format_lever_mix(result: BacktestResult) -> list[str]:
    """The team lever mix as markdown lines."""
    mix = lever_mix(result)
    lines = [
        "| team change vs baseline | realised | routekpi | uniform |",
        "|---|---:|---:|---:|",
    ]
    for key, rec in mix.iterrows():
        lines.append(
            f"| {key} | {_pct_signed(rec['realised'])} | {_pct_signed(rec['routekpi'])} "
            f"| {_pct_signed(rec['uniform'])} |"
        )
    return lines


def _pct_signed(value: float) -> str:
    return "—" if not np.isfinite(value) else f"{value * 100:+.1f}%"


def _pct(value: float) -> str:
    return "—" if not np.isfinite(value) else f"{value * 100:.1f}%"


def format_scores(summary: pd.DataFrame) -> list[str]:
    """The per-KPI score table as markdown lines (MdAPE and ±10% share per method)."""
    lines = [
        "| KPI | n | routekpi MdAPE | uniform MdAPE | no change MdAPE "
        "| routekpi ±10% | uniform ±10% | no change ±10% "
        "| excluded (realised 0 / no target / left or took a leaver's accounts) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for rec in summary.itertuples(index=False):
        key = rec.kpi
        name = "**pooled (revenue + levers)**" if key == POOLED else key
        mdape = " | ".join(_pct(getattr(rec, f"mdape_{m}")) for m in METHODS)
        within = " | ".join(_pct(getattr(rec, f"within_{m}")) for m in METHODS)
        lines.append(f"| {name} | {rec.n} | {mdape} | {within} | {excluded_counts(rec)} |")
    return lines


def excluded_counts(rec: Any) -> str:
    """A summary row's excluded counts: realised 0 / no target / left or took a leaver's book."""
    return f"{rec.n_zero} / {rec.n_missing} / {rec.n_changed}"


def format_summary(result: BacktestResult, *, title: str | None = None) -> str:
    """The per-KPI table (markdown, readable in a terminal too) with the run's key figures."""
    months = result.months
    span = f"{month_label(months[0])} – {month_label(months[-1])}"
    lines = [
        f"### {title or 'Backtest'} — {result.name()}",
        "",
        f"Planned as of {result.plan_as_of.isoformat()} from the history before it; "
        f"compared over {span} ({len(months)} months"
        + (", partial year" if result.partial else "")
        + ").",
        f"KGI {result.kgi:,.0f} (realised {result.realised_revenue:,.0f}"
        + (f" ÷ seasonal share {result.season_share:.3f}" if result.partial else "")
        + f"); baseline {result.baseline_revenue:,.0f}; uplift g = {result.uplift:.3f}; "
        f"largest reachable KGI {result.max_reachable_kgi:,.0f}"
        + (
            f"; KGI at the team's strong-year growth {result.record_kgi:,.0f}."
            if np.isfinite(result.record_kgi)
            else "."
        ),
        "",
        *format_scores(result.summary),
    ]
    return "\n".join(lines)
