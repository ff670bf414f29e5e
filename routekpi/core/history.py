"""Clean history tables and plan settings: the engine's only inputs."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from typing import TypeVar

import numpy as np
import pandas as pd

from routekpi.core.calendar import MON_FRI, fiscal_name, holidays_worked, period_key, period_name
from routekpi.core.handover import Handover, Standing, frame_coded
from routekpi.core.orders_start import OrdersStart, orders_start_of_facts, orders_start_of_rows

ORDER_COLUMNS = ("date", "account", "rep", "amount", "quantity")
VISIT_COLUMNS = ("date", "rep", "account", "kind", "outcome")
ACCOUNT_COLUMNS = ("account", "name", "rep", "start", "end", "lat", "lon", "group")
HOLIDAY_COLUMNS = ("date", "name")
NOTE_COLUMNS = ("rep", "month", "kpi", "note")
LEAVE_COLUMNS = ("rep", "start", "end", "reason", "cover")  # cover: the optional 代行者
# The compact history (HistoryFacts): what the engine reads of orders and visits, aggregated.
REP_MONTH_COLUMNS = ("rep", "month", "revenue", "orders", "quantity")
ACCOUNT_MONTH_COLUMNS = ("account", "month", "revenue")
# Like-for-like unit price per 12-month window end (core.levers.same_account_sums): the
# accounts ordering in both that window and the one before, their orders-weighted log change.
SAME_ACCOUNT_COLUMNS = ("month", "weighted", "weight", "orders_now", "orders_then")
# The same per month against the same month a year before (core.levers.same_month_account_sums):
# the accounts ordering in both months, their orders-weighted log change.
SAME_MONTH_COLUMNS = SAME_ACCOUNT_COLUMNS
# Per product × month of the order lines with a product, an amount and a quantity above 0,
# read before a slip's lines become one order: the median price per unit (amount ÷
# quantity), the amounts' sum, the lines, the spread of the lines' prices per unit in the month
# (log of the 75th over the 25th percentile: 0 for one price; core.price_index.quote_priced)
# (core.price_index.product_months).
PRODUCT_MONTH_COLUMNS = ("product", "month", "price", "revenue", "lines", "spread")
# … and, where the lines name a maker (メーカー), a last column: the maker most of the product's
# lines in the month name (the first by name on a tie; None where none of them names one), so
# a revision typed for a maker covers its products (core.price_revision.named_products).
PRODUCT_MAKER = "maker"
LIFETIME_COLUMNS = ("account", "first", "last", "rep", "last_year_ago")
VISIT_FACT_COLUMNS = ("rep", "month", "visits", "attempts", "appointments", "meetings")
RHYTHM_COLUMNS = ("account", "count", "usual", "last_visit")
# recent_orders / prior_orders: days with an order (a positive line) in each window, for
# core.flags' test of whether a drop in orders is more than chance.
WINDOW_COLUMNS = ("account", "recent", "prior", "recent_orders", "prior_orders")
REP_DAY_COLUMNS = ("rep", "date", "visits")
USAGE_COLUMNS = ("rep", "month", "usage_sum", "cohort_usage_sum")
USAGE_ACCOUNT_COLUMNS = ("account", "rep", "s", "e", "c")
ORDER_DAY_COLUMNS = ("date",)
# The facts counted from order and visit lines (core.measure's FACT_COLUMNS before the
# account facts): also what an ended account's months carry (ENDED_MONTH_COLUMNS).
EVENT_FACT_COLUMNS = (
    "revenue",
    "orders",
    "quantity",
    "visits",
    "attempts",
    "appointments",
    "meetings",
)
ENDED_MONTH_COLUMNS = ("account", "rep", "month", *EVENT_FACT_COLUMNS)
# The accounts taken over during the plan year: the sums core.carry measures their share with.
HANDOVER_MONTH_COLUMNS = ("account", "rep", "month", "revenue", "orders", "visits")
# The accounts held on the as-of date, their order sums per holder × end date × month
# (HistoryFacts.held_months, core.held.held_months); ``ends`` NaT: no end on Accounts.
HELD_MONTH_COLUMNS = ("rep", "ends", "month", "revenue")
# Visits of kind visit made to an account on its holder's leave days by someone else (cover,
# core.at_work): per visitor × holder × month.
COVER_MONTH_COLUMNS = ("visitor", "holder", "month", "visits")
# Orders another rep booked on a rep's accounts on his leave days, moved to him
# (core.at_work.with_cover_orders), per booking rep × holder × month, up to the as-of date.
COVER_ORDER_COLUMNS = ("visitor", "holder", "month", "revenue", "orders")
# The days before the last order whose order dates the compact history keeps (order_days):
# enough for core.baselines.history_ends_early's look-back (3 × DAILY_WINDOW days).
ORDER_DAYS_LOOKBACK = 92
# Each account's days with an order line per rep (HistoryFacts.account_days): the Daily list's
# 納品 contacts where visits are too few (core.daily.order_contacts) and its off-season rule.
ACCOUNT_DAY_COLUMNS = ("account", "rep", "date")
# Each account's months with a visit or a meeting and no order (HistoryFacts.
# account_visit_months): a customer met in a month was open in it (core.daily.closed_months).
ACCOUNT_VISIT_MONTH_COLUMNS = ("account", "month")
# Each account's days with a visit (kind visit) in the route weeks to the as-of date, through
# the contact day (HistoryFacts.route_visits): the route weekdays (core.route_days.visit_rows).
ROUTE_VISIT_COLUMNS = ("account", "date")
# Each visited account's order and visit days per month to the as-of date (HistoryFacts.
# visit_day_months): whether orders come with the visits (core.visit_days.facts_visit_days).
# ``together``: its days with both; a row with no account: the month's working days (any
# order or visit day of an account) in ``order_days``.
VISIT_DAY_MONTH_COLUMNS = ("account", "month", "order_days", "visit_days", "together")
# HistoryFacts.own_first: each rep's first month with a line in his own name.
OWN_FIRST_COLUMNS = ("rep", "month")
# HistoryFacts.pauses: the pauses after each account's order days, counted per length in days
# (core.lapse.pause_counts): those that ended in a next order (came) and all (seen).
PAUSE_COLUMNS = ("days", "came", "seen")


def empty_frame(columns: tuple[str, ...]) -> pd.DataFrame:
    """An empty table with the canonical columns (dates as datetime64)."""
    data = {
        c: pd.Series(dtype="datetime64[ns]" if c in ("date", "start", "end") else object)
        for c in columns
    }
    return pd.DataFrame(data)


_T = TypeVar("_T")


def once(owner: object, name: str, compute: Callable[[], _T]) -> _T:
    """``compute()`` once per frozen ``owner``, kept on it under ``name`` (not a field: no
    part of its equality, its repr, its pickle (``fields_only``) or ``dataclasses.replace``,
    which builds a new object without it). Safe because what it reads cannot change: the
    owner's fields cannot be rebound, and its frames are never changed in place (every change
    is a ``replace``)."""
    found = owner.__dict__.get(name, _UNSET)
    if found is _UNSET:
        found = compute()
        object.__setattr__(owner, name, found)
    return found  # type: ignore[no-any-return]


_UNSET = object()


def coded(history: History, frame: str, column: str) -> tuple[np.ndarray, pd.Index]:
    """``pd.factorize(history.<frame>[column])`` (``frame``: "orders" or "visits"), coded once
    per history (``once``): the account status, the Daily list's closed and off-season
    accounts and its order days each coded the same text column (~20 ms a million rows
    each). The codes are read-only: a caller takes positions from them, never writes."""

    # Per frame, not per history (core.handover.frame_coded): the histories a run makes
    # by ``replace`` share the frames, and the handover codes the accounts before them.
    return once(
        history, f"_coded {frame} {column}", lambda: frame_coded(getattr(history, frame), column)
    )


def fields_only(owner: object) -> dict[str, object]:
    """A dataclass's state for pickling: its fields, none of what ``once`` kept on it (the
    UDF model on disk would hold a second History with the customer meetings as visits)."""
    return {f.name: owner.__dict__[f.name] for f in fields(owner)}  # type: ignore[arg-type]


@dataclass(frozen=True)
class HistoryFacts:
    """Orders and visits aggregated to what the engine reads: the compact history.

    A history too long for memory (tens of millions of order lines, read from a file or a
    database by ``routekpi.sources``) reaches the engine in this form, never as raw rows. Built
    as of one date (``as_of``: later events are left out), it gives the engine exactly what
    the raw rows would (same numbers, same flags, same daily list):

    - ``rep_months``: orders per rep × month: revenue (Σ amount), orders (lines with amount
      > 0), quantity (Σ, blanks as 0);
    - ``account_months``: order amounts per account × month (usage to date); ``account`` may
      be a Categorical. None when ``usage`` stands in for it (the SQL path: at 20 million
      order lines this would be an 8-million-row table);
    - ``lifetimes``: per account, first and last order date (Timestamps) and the rep of the
      last order (of two on that day, the one that sorts last): the lapse rule; and its last
      order a year before ``as_of`` (``last_year_ago``, NaT if none): who comes back;
    - ``visits``: per rep × month: visits, attempts, appointments (attempts won), meetings;
    - ``rhythm``: per account, its visits of kind visit: count, usual (median days between
      consecutive visits, NaN for one visit), last_visit (Timestamp);
    - ``windows``: per account, order amounts in the 12 months to ``as_of`` (recent) and the
      12 before (prior), the bounds of ``core.flags.order_window_bounds``, and the days with
      an order (a line with amount > 0) in each (recent_orders, prior_orders);
    - ``rep_days``: visits of kind visit per rep and day over the capacity window
      (``core.daily.CAPACITY_WINDOW_DAYS`` days to ``contact``);
    - ``late_visits``: ``visits``' columns for the visits after ``as_of`` through ``contact``
      (the Daily list's year to date counts them; the monthly facts do not);
    - ``order_days``: the distinct order dates (``date``) of the ``ORDER_DAYS_LOOKBACK`` days
      to the last order up to ``as_of`` (``core.baselines.history_ends_early``);
    - ``usage`` (optional): usage to date already summed per rep × month (usage_sum,
      cohort_usage_sum of ``core.measure``) for the months from the grid's first through
      ``as_of``'s, for one account list, fiscal start month and grid start (``usage_basis``,
      from ``usage_accounts``): what the SQL path sends instead of ``account_months``;
    - ``handover_months`` (optional): revenue, orders and visits (``rep_months``' and
      ``visits``' sums) per account × rep × month of only the accounts taken over during the
      plan year (``Handover.taken_over``): what the Review's handover split
      (``core.review.handed_over``) reads of the order lines and what core.carry measures the
      moved accounts' baseline share with. None: no such account (or facts built without it).
    - ``ended_months`` (optional): ``rep_months``' and ``visits``' sums per account × rep ×
      month of only the accounts ended by ``as_of`` (an end on Accounts, or the lapse rule's
      without one: ``core.lost.ended_accounts``): what the plan's baseline takes out of a
      material lost account (core.lost). None: built without it (nothing is taken out).
    - ``won_months`` (optional): the same sums of only the accounts whose first order lies in
      ``core.won.LOOKBACK_MONTHS`` to ``as_of``: what the baseline counts for 12 months of a
      material win (core.won). None: built without it (no win is counted).
    - ``standing`` (optional): ``core.handover.standing`` read from the lines on ``as_of``
      (who has departed, the accounts the sheet still gives them and who serves those now);
      the lines' last days are not in the facts. None: built without it (nobody has gone).
    - ``held_months`` (optional): order sums of the accounts live on ``as_of`` per the rep
      Accounts gives them to × their end date × month (``core.held.held_months``): what each
      rep's year-end forecast from the book he holds now reads (core.held). None: read from
      ``account_months`` (the pandas compact history) or not told (no held-book forecast).
    - ``cover_months`` (optional): visits of kind visit to an account on its holder's leave
      days (the Leave sheet) by another rep, per visitor × holder × month
      (``core.at_work.cover_visits``). None: built without it (no visit counted as cover).
    - ``cover_orders`` (optional): COVER_ORDER_COLUMNS, the orders another rep booked on a
      rep's accounts on his leave days, already under the holder in every other table
      (``core.at_work.with_cover_orders``): what the Plan and Checks say moved.
    - ``same_accounts`` (optional): the like-for-like unit-price sums per window end
      (``core.levers.same_account_sums``): the unit-price trend read on the same customers.
      None: built without them (the trend reads the booked unit price).
    - ``same_months`` (optional): SAME_MONTH_COLUMNS, the like-for-like unit-price sums per
      month against the same month a year before (``core.levers.same_month_account_sums``):
      a short history's unit-price pace read on the same customers. None: built without them
      (the pace reads the booked unit price).
    - ``account_days`` (optional): the distinct (account, rep, day) of the order lines with an
      account (any amount) in the two years to ``as_of`` (``core.flags.order_window_bounds``:
      after its first bound): the Daily list's 納品 contacts where an account has too few
      visits to read its rhythm from (``core.daily.order_contacts``) and its off-season
      rule (``core.daily.off_season``). None: built without them (no list from order days,
      no account off season).
    - ``account_visit_months`` (optional): the distinct (account, month) of the visits of
      kind visit or meeting with an account in the two years to ``contact`` (after
      ``order_window_bounds``' first bound; ``core.daily.account_visit_months``) in the
      months the account has no order day in ``account_days``: a customer met in a month
      was open in it, so it is not closed that month (``closed_months``; the months with an
      order are open by their orders). None: built without them (orders alone decide).
    - ``route_visits`` (optional): ROUTE_VISIT_COLUMNS, the distinct (account, day) of the
      visits of kind visit with an account after ``core.route_days.ROUTE_WEEKS`` before
      ``as_of`` through ``contact`` (``core.route_days.route_visit_days``): an account on a
      rep's route reads its weekdays from the days he goes, as from raw rows. None: built
      without them (the order days alone).
    - ``visit_day_months`` (optional): VISIT_DAY_MONTH_COLUMNS, per account with a visit of
      kind visit to ``as_of`` and month: its distinct order days (a line with amount > 0),
      visit days (kind visit) and days with both; one row per month with no account holds the
      month's working days (days with an order or a visit of an account) in ``order_days``
      (``core.visit_days.visit_day_months``): whether orders come with the visits, read for any
      baseline window as from raw rows. None: built without them (not measured).
    - ``own_first`` (optional): OWN_FIRST_COLUMNS, each rep's first month with an order or
      visit in his own name, read before the handover gives a newcomer his accounts' past
      (``core.meetings.own_first_months``, as on the raw rows). None: built without it.
    - ``pauses`` (optional): PAUSE_COLUMNS, the pauses after each account's order days to
      ``as_of`` per length in days (``core.lapse.pause_counts``): the old customers back
      after a pause among an order export's first wins (``core.lapse.hidden_returners``).
      None: built without them (no one taken for such a customer).
    - ``order_rhythm`` (optional): ``core.lapse.order_rhythm`` to ``as_of`` (per account its
      first and last order, order days, usual and longest gap, year's revenue;
      ``order_rhythm.sql`` in SQL): the large accounts' own lapse when the accounts are
      derived from the facts (``core.lapse.derive_accounts_from_facts``), as from the rows.
      None: built without it (every derived account lapses after ``LAPSE_DAYS``).
    - ``order_rhythm_year_ago`` (optional): the same to ``core.lapse.year_ago(as_of)``: who
      the lapse rule had lost a year ago, a customer on its seasonal break then held
      (``core.lapse.returning``). None: built without it (the seasonal break not read there).

    ``contact`` (``History.contact_through``; None: ``as_of``): the last day visits count as
    contact for: ``rhythm``, ``rep_days`` and ``late_visits`` take visits up to it, while
    orders and the monthly facts stop at ``as_of`` (a blank AsOf is the last order; visits
    typed after it happened, as they do for raw rows).

    ``first``/``last``: the first and last order or visit of the whole source (after ``as_of``
    too, as the raw history's dates are); ``any_visit``: whether it holds a visit at all.
    ``months`` are ``Period[M]``; build one with ``core.compact.compact_history`` (pandas) or
    the SQL in ``routekpi/sources`` (DuckDB), which give identical tables.
    """

    as_of: date
    first: date | None
    last: date | None
    any_visit: bool
    rep_months: pd.DataFrame
    account_months: pd.DataFrame | None
    lifetimes: pd.DataFrame
    visits: pd.DataFrame
    rhythm: pd.DataFrame
    windows: pd.DataFrame
    rep_days: pd.DataFrame
    usage: pd.DataFrame | None = None
    usage_basis: str | None = None
    # The last order of the whole source (after ``as_of`` too); None: not told, then read
    # from ``lifetimes`` (the last order up to ``as_of``). The default as-of date.
    orders_last: date | None = None
    contact: date | None = None
    late_visits: pd.DataFrame | None = None
    order_days: pd.DataFrame | None = None
    handover_months: pd.DataFrame | None = None
    ended_months: pd.DataFrame | None = None
    won_months: pd.DataFrame | None = None
    standing: Standing | None = None
    held_months: pd.DataFrame | None = None
    cover_months: pd.DataFrame | None = None
    same_accounts: pd.DataFrame | None = None
    account_days: pd.DataFrame | None = None
    cover_orders: pd.DataFrame | None = None
    account_visit_months: pd.DataFrame | None = None
    own_first: pd.DataFrame | None = None
    pauses: pd.DataFrame | None = None
    order_rhythm: pd.DataFrame | None = None
    order_rhythm_year_ago: pd.DataFrame | None = None
    route_visits: pd.DataFrame | None = None
    visit_day_months: pd.DataFrame | None = None
    same_months: pd.DataFrame | None = None
    # Revenue per account × rep × month (core.account_step ``STEP_MONTH_COLUMNS``) of the
    # accounts ``step_candidates`` picks from ``windows``: a material account's step down
    # (core.flags ``account_stepped_down``). None: built without it (no such flag).
    step_months: pd.DataFrame | None = None

    def __getstate__(self) -> dict[str, object]:
        """Its fields only (``fields_only``)."""
        return fields_only(self)

    def orders_start(self) -> OrdersStart | None:
        """Order records that begin in a later month than the visit records (core.orders_start);
        read once per facts (``once``)."""
        return once(
            self, "_orders_start", lambda: orders_start_of_facts(self.first, self.rep_months)
        )

    def start(self) -> date | None:
        """The first day the history counts from: ``first``, or the first order month's when
        the visit records begin earlier (core.orders_start). The month grid starts here."""
        late = self.orders_start()
        return late.day if late is not None else self.first

    @property
    def contact_day(self) -> date:
        """The last day the visit side (rhythm, rep_days, late_visits) counts: ``contact``."""
        return self.contact if self.contact is not None else self.as_of

    def complete_through(self, as_of: date) -> bool:
        """True when every event up to ``as_of`` is in the facts (and none after it).

        Monthly sums are exact for the facts' own as-of date, and for any later date when the
        source holds nothing after the facts' as-of date.
        """
        if as_of == self.as_of:
            return True
        return as_of > self.as_of and (self.last is None or self.last <= self.as_of)

    def require(self, as_of: date, *, exact: bool = False) -> None:
        """Raise ValueError unless these facts answer for ``as_of`` (``exact``: that very day)."""
        if (as_of != self.as_of) if exact else not self.complete_through(as_of):
            raise ValueError(
                f"history facts were aggregated as of {self.as_of.isoformat()}, "
                f"not {as_of.isoformat()}: aggregate the source again for that date"
            )


def usage_accounts(
    accounts: pd.DataFrame,
    as_of: date,
    first: pd.Period,
    fiscal_start_month: int,
    moves: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The accounts usage to date is summed over, as the SQL reads them (``usage.sql``).

    Months are numbered from 1970-01 (``Period[M]`` ordinals): ``s`` the start month, no
    earlier than the month before the grid's ``first``; ``e`` the end month when the account
    ended by ``as_of`` (else missing); ``c`` the first fiscal year start after ``s`` (the
    cohort an account belongs to from then on). The same filter as the engine's: a start, and
    not after ``as_of``.

    ``moves``: the accounts taken over during the plan year (account, previous, switch: the
    month the sheet's rep holds it from; ``core.measure.usage_moves``). Each gets a second
    row for the rep who held it before, counted in the months before ``hu`` (= switch), and
    its sheet row counts from ``hs`` (= switch) on — as ``core.measure`` moves the account's
    facts on the rows. ``hs`` and ``hu`` are blank for every other account.
    """
    acc = accounts[accounts["start"].notna() & (accounts["start"] <= pd.Timestamp(as_of))]
    start = acc["start"].dt.year.to_numpy(dtype=np.int64) * 12 + acc["start"].dt.month.to_numpy(
        dtype=np.int64
    )
    s = np.maximum(start - 1 - 23640, first.ordinal - 1)
    end = acc["end"].where(acc["end"] <= pd.Timestamp(as_of))
    e = pd.array(end.dt.year * 12 + end.dt.month - 1 - 23640, dtype="Int64")
    c = s + 1 + np.mod(fiscal_start_month - 1 - (s + 1), 12)
    frame = pd.DataFrame(
        {
            "account": acc["account"].astype(str).to_numpy(),
            "rep": acc["rep"].astype(str).to_numpy(),
            "s": s,
            "e": e,
            "c": c,
            "hs": pd.array([None] * len(acc), dtype="Int64"),
            "hu": pd.array([None] * len(acc), dtype="Int64"),
        }
    )
    if moves is None or not len(moves):
        return frame
    at = pd.Index(frame["account"]).get_indexer(moves["account"].astype(str))
    if (at < 0).any():
        raise ValueError("an account taken over is not on the account list")
    switch = moves["switch"].to_numpy(dtype=np.int64)
    frame.loc[at, "hs"] = switch
    before = frame.iloc[at].copy()
    before["rep"] = moves["previous"].astype(str).to_numpy()
    before["hs"] = pd.array([None] * len(at), dtype="Int64")
    before["hu"] = pd.array(switch, dtype="Int64")
    return pd.concat([frame, before], ignore_index=True)


def usage_basis(frame: pd.DataFrame, first: pd.Period, fiscal_start_month: int) -> str:
    """A hash of what usage to date depends on besides the orders (``HistoryFacts.usage``)."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{first}|{fiscal_start_month}|{len(frame)}".encode())
    if len(frame):
        digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class History:
    """Validated history in canonical columns (see schema.py for what users type).

    orders: date, account, rep, amount, quantity; visits: date, rep, account, kind
    (visit/attempt/meeting), outcome (won/lost/None); accounts: account, name, rep, start, end;
    holidays: date, name (company holidays); notes: rep, month, kpi, note (the Notes sheet,
    shown beside the Review rows; never part of any number); leave: rep, start, end, reason
    (the Leave sheet: days a rep is away, ``core.calendar.leave_spans``).

    ``facts``: the compact form (HistoryFacts) instead of raw ``orders`` and ``visits``, which
    are then empty; every engine function reads whichever is there with identical results.
    ``accounts_derived``: the accounts are not a customer master but the lapse rule's reading
    of the orders (core.lapse), so the flows measure only what that rule can see.
    """

    orders: pd.DataFrame
    visits: pd.DataFrame = field(default_factory=lambda: empty_frame(VISIT_COLUMNS))
    accounts: pd.DataFrame = field(default_factory=lambda: empty_frame(ACCOUNT_COLUMNS))
    holidays: pd.DataFrame = field(default_factory=lambda: empty_frame(HOLIDAY_COLUMNS))
    notes: pd.DataFrame = field(default_factory=lambda: empty_frame(NOTE_COLUMNS))
    # The Leave sheet: rep, start, end (inclusive), reason; his working days leave them out.
    leave: pd.DataFrame = field(default_factory=lambda: empty_frame(LEAVE_COLUMNS))
    facts: HistoryFacts | None = None
    accounts_derived: bool = False
    # Whose end date was typed and whose came from the lapse rule, where the sheet does not
    # say it alone (the lost-account flag's words): accounts typed on a partial Accounts
    # sheet beside derived ones (``kept_ends``), a master's accounts ended by the rule
    # (``lapsed_ends``: core.lapse.master_lapses).
    kept_ends: frozenset[str] = frozenset()
    lapsed_ends: frozenset[str] = frozenset()
    # A master whose starts for some accounts are their first orders (a migration's
    # conversion day, an old code the new master left out: validation.renumbered) dates those
    # first seen in the history's first ``LAPSE_DAYS`` from before the history, as the lapse
    # rule does: its wins in that span are unseen, so the flows are read after it (as for
    # ``accounts_derived``).
    starts_from_orders: bool = False
    # The compact history's handover, made before its rows were summed (core.handover).
    handover: Handover | None = None
    # The orders booked by a colleague on a rep's accounts on his leave days, moved to him
    # (COVER_ORDER_COLUMNS, core.at_work.with_cover_orders); None: none moved on the rows.
    cover_orders: pd.DataFrame | None = None
    # The company's working weekdays (0 = Monday; Settings WorkingDays): every
    # ``BusinessCalendar`` built from this history counts these days, less its holidays
    # (national holidays too unless it is a ``WorkWeek`` with ``holidays_worked``: 月-土・祝).
    weekdays: frozenset[int] = MON_FRI
    # The prices like for like (PRODUCT_MONTH_COLUMNS, core.price_index), read from the order
    # lines with a product column before a slip's lines become one order; None: no product.
    # Only months up to the baseline's end are read, so a history cut at a date keeps it.
    product_months: pd.DataFrame | None = None
    # The rare large orders per rep × month (core.lumps LUMP_MONTH_COLUMNS), read from the
    # orders once a slip's lines are one order; None: none (or not read).
    lump_months: pd.DataFrame | None = None
    # The same large orders one by one (core.lumps LUMP_ORDER_COLUMNS: slip's rep, account,
    # day, amount): per account (core.flags gap_carrier) and per holder (projects_short).
    lump_orders: pd.DataFrame | None = None

    @property
    def has_visits(self) -> bool:
        """True when the history records visits (else the tree drops the visit levers)."""
        if self.facts is not None:
            return self.facts.any_visit
        return bool((self.visits["kind"] == "visit").any()) if len(self.visits) else False

    @property
    def has_orders(self) -> bool:
        """True when the history holds at least one order line."""
        if self.facts is not None:
            return len(self.facts.lifetimes) > 0
        return len(self.orders) > 0

    def history_end(self) -> date | None:
        """The last order or visit (account start dates do not count)."""
        if self.facts is not None:
            return self.facts.last
        stamps = [
            s.max()
            for s in (self.orders["date"], self.visits["date"])
            if len(s) and pd.notna(s.max())
        ]
        return max(stamps).date() if stamps else None

    def orders_end(self) -> date | None:
        """The last order: the last day the sales record covers."""
        if self.facts is not None:
            if self.facts.orders_last is not None:
                return self.facts.orders_last
            last = self.facts.lifetimes.get("last")
            if last is not None and len(last) and pd.notna(last.max()):
                return pd.Timestamp(last.max()).date()
            return None
        day = self.orders["date"].max() if len(self.orders) else None
        return day.date() if day is not None and pd.notna(day) else None

    def default_as_of(self) -> tuple[date | None, str]:
        """The as-of date when none is typed, and where it comes from.

        The sales record's last day: the last order (``"orders"``). Orders come from the ERP
        and are pasted monthly, visits are typed daily: measured at the last visit instead,
        the days after the last order would count as days without sales (attainment, pace
        and landing too low). A book without orders: the last visit (``"visits"``); without
        either: the latest account start (``"accounts"``). Visits after it still count as
        contact (``contact_through``), and an account starting after it is not an error.
        """
        end = self.orders_end()
        if end is not None:
            return end, "orders"
        end = self.history_end()
        if end is not None:  # a compact history not told its last order: its last event
            return end, "visits" if self.facts is None else "history"
        start = self.accounts["start"]
        if len(start) and pd.notna(start.max()):
            return start.max().date(), "accounts"
        return None, ""

    def default_as_of_note(self) -> tuple[str, dict[str, object]] | None:
        """Why a blank AsOf became the date it did: a message key (``as_of_default_*``) and
        its params, for the Plan's as-of line and a Checks row on the AsOf cell."""
        day, source = self.default_as_of()
        if day is None:
            return None
        params: dict[str, object] = {"as_of": day.isoformat()}
        contact = self.contact_through(day, typed=False)
        if source == "orders" and contact > day:
            params["visits"] = contact.isoformat()
            return "as_of_default_orders_visits", params
        if source == "orders" and self.facts is not None and self.facts.last > day:
            # A compact history aggregated with its visits only to the as-of date (built
            # without a later ``contact`` day): the visits typed after the last order are not
            # in it, and the user must know.
            params["visits"] = self.facts.last.isoformat()
            return "as_of_default_orders_visits_left_out", params
        return f"as_of_default_{source}", params

    def last_date(self) -> date | None:
        """The default as-of date (``default_as_of``): the last order, else the last visit.

        Kept under this name for its callers (period, baselines, backtest, sources)."""
        return self.default_as_of()[0]

    def contact_through(self, as_of: date, *, typed: bool) -> date:
        """The last day visits count as contact for (days since the last visit, the Daily
        list's start): ``as_of``, or with a blank AsOf the last typed visit when it is later.

        A typed as-of date wins (later rows are reported, not counted). The compact history
        counts the visits it was aggregated through (``HistoryFacts.contact``): that day when
        aggregated as of ``as_of``, else ``as_of``.
        """
        if typed:
            return as_of
        if self.facts is not None:
            same = self.facts.as_of == as_of
            return max(as_of, self.facts.contact_day) if same else as_of
        end = self.history_end()
        return max(as_of, end) if end is not None else as_of

    def __getstate__(self) -> dict[str, object]:
        """Its fields only (``fields_only``)."""
        return fields_only(self)

    def orders_start(self) -> OrdersStart | None:
        """Order records that begin in a later month than the visit records (core.orders_start);
        read once per history (``once``: a recalculation asked it four times, ~10 ms each at
        a million rows)."""
        if self.facts is not None:
            return self.facts.orders_start()
        return once(self, "_orders_start", lambda: orders_start_of_rows(self.orders, self.visits))

    def first_date(self) -> date | None:
        """The first order or visit (where the history's coverage starts); when the visit
        records begin in an earlier month than the orders, the first day of the orders' first
        (whole) month (core.orders_start): the months before are no history to plan on."""
        if self.facts is not None:
            return self.facts.start()
        return once(self, "_first_date", self._first_date)

    def _first_date(self) -> date | None:
        if (late := self.orders_start()) is not None:
            return late.day
        stamps = [
            s.min()
            for s in (self.orders["date"], self.visits["date"])
            if len(s) and pd.notna(s.min())
        ]
        return min(stamps).date() if stamps else None

    def fingerprint(self) -> str:
        """A stable hash of the content: the live layer's cache key."""
        digest = hashlib.blake2b(digest_size=16)
        frames = [self.orders, self.visits, self.accounts, self.holidays]
        frames += [self.leave] if len(self.leave) else []  # a book without leave: same key
        if self.weekdays != MON_FRI:  # Monday to Friday: the key it always had
            digest.update(f"weekdays|{sorted(self.weekdays)}".encode())
        if holidays_worked(self.weekdays):  # 月-土・祝 (core.calendar.WorkWeek)
            digest.update(b"holidays_worked")
        if self.facts is not None:
            f = self.facts
            digest.update(f"{f.as_of}|{f.first}|{f.last}|{f.any_visit}".encode())
            frames += [f.rep_months, f.lifetimes, f.visits, f.rhythm, f.windows, f.rep_days]
            digest.update(f"{f.contact}".encode())
            frames += [
                x
                for x in (
                    f.account_months,
                    f.usage,
                    f.late_visits,
                    f.order_days,
                    f.account_days,
                    f.account_visit_months,
                )
                if x is not None
            ]
            digest.update(str(f.usage_basis).encode())
        for frame in frames:
            digest.update(str(len(frame)).encode())
            if len(frame):
                digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
        return digest.hexdigest()


@dataclass(frozen=True)
class Override:
    """A manager's manual target for one KPI × rep × period."""

    kpi: str
    rep: str
    period: str
    target: float


@dataclass(frozen=True)
class PlanSettings:
    """Everything on the Settings sheet, typed."""

    kgi: float
    plan_year: int
    fiscal_start_month: int = 4
    as_of: date | None = None
    language: str = "ja"
    weights: Mapping[str, float] = field(
        default_factory=lambda: {
            "WeightActiveAccounts": 1.0,
            "WeightVisitFrequency": 1.0,
            "WeightOrdersPerVisit": 1.0,
            "WeightUnitPrice": 1.0,
        }
    )
    lever_mix: str = "evidence"  # "evidence" (history) or "policy" (the weights above)
    ceiling_percentile: float = 1.0  # of achieved year-on-year changes (levels: ≤ 0.9)
    baseline_months: int = 12
    rep_split: str = "trend"
    rep_weights: Mapping[str, float] = field(default_factory=dict)
    pace_warn: float = 0.9
    pace_critical: float = 0.75
    daily_days: int = 10  # working days on the Daily sheet
    # Settings DailyStart: the Daily list's first day typed (a date), "next_week", or None
    # (automatic: core.daily.list_start).
    daily_start: date | str | None = None
    capacity_percentile: float = 0.9  # a rep's daily visit capacity: this percentile of own days
    daily_capacity: float | None = None  # a fixed capacity instead (Settings: DailyCapacity)
    overrides: tuple[Override, ...] = ()
    # The day the run is made (the adapters' clock, ``date.today()``; a test passes its own).
    # Not a setting: with AsOf blank a list or deadline is never set before it. None (a
    # backtest, a unit test) keeps the history's own days.
    today: date | None = None
    fiscal_year_label: str = "start"  # Settings FiscalYearLabel: names in print only
    # A price revision declared on Settings (PriceRevisionMonth, PriceRevisionPct): its first
    # month ("2026-04") and change (0.05 for +5%); None: none (core.price_revision).
    price_revision: tuple[str, float] | None = None
    # The product(s) it covers (Settings PriceRevisionProduct: a name or part of one as the
    # order lines carry it); None: every product (core.price_revision.on_products).
    price_revision_product: str | None = None
    # Rep → branch (営業所) from the Reps sheet: the output sheets' branch subtotal rows.
    # The engine never reads it (a branch changes no target).
    branches: Mapping[str, str] = field(default_factory=dict)

    @property
    def split_on_revenue(self) -> bool:
        """True when the reps' shares of the KGI stand on their revenue (RepSplit trend or
        baseline, or manual with no weights typed), not on equal or typed weights."""
        return self.rep_split in ("trend", "baseline") or (
            self.rep_split == "manual" and not self.rep_weights
        )

    def year_name(self, plan_year: int | None = None) -> str:
        """A fiscal year (default: the plan year) as the company names it in print
        (``calendar.fiscal_name``); the tables' period keys stay ``fiscal_label``."""
        year = self.plan_year if plan_year is None else plan_year
        return fiscal_name(year, self.fiscal_start_month, self.fiscal_year_label)

    def period_name(self, period: object) -> object:
        """A table's period key as printed (``FY2026`` → ``year_name``; months and blanks
        as they are)."""
        if not isinstance(period, str):
            return period
        return period_name(period, self.fiscal_start_month, self.fiscal_year_label)

    def period_key(self, name: str) -> str:
        """A period as the company names it (typed into ``=KPI_TARGET``) → the tables' key."""
        return period_key(name, self.fiscal_start_month, self.fiscal_year_label)

    def model_key(self) -> tuple[object, ...]:
        """Settings that shape baselines and ceilings (the KGI and overrides do not)."""
        return (
            self.plan_year,
            self.fiscal_start_month,
            self.as_of,
            self.ceiling_percentile,
            self.baseline_months,
            self.lever_mix,
        )
