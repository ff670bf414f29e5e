"""The Daily visit list: the plan broken into each rep's working days (日々のタスク).

Which days (in plain words): **the list starts on the as-of date when you typed one** (Settings
``AsOf`` or ``--as-of``: the day you plan on, so typing today's date lists today, even when the
history already holds this morning's visits); **with AsOf blank the as-of date is the last
order (``History.default_as_of``), and the list starts on the working day after the last typed
visit, or after that as-of date when no visit is later** (orders pasted monthly, visits typed
daily through yesterday, run this morning: the list is for today, and the visits typed since
the last order count as contact); **never before today**: with AsOf blank, a list run days
after the data's end (orders pasted on the 30th, planned on the 2nd) starts on the first working
day from today, not on days already gone (``"today"``; the run's clock is
``PlanSettings.today``). ``--from`` overrides both. A holiday moves the start to the
next working day. The sheet and ``routekpi daily`` say the first day and the last day of
actuals in words (``list_start``, ``DailyPlan.first_day``/``data_through``/``visits_through``).

Which accounts first (in plain words): **each day the accounts that must be seen are taken in
order of the yen at stake — the orders a late visit puts at risk: what the account orders over
the time it waits, its yearly orders ÷ 365 × its usual interval × how many intervals since its
last visit (1 once due, at most 2), × 1.5 when at risk, and never more than a quarter of its
yearly orders (``MAX_STAKE_SHARE``)** — a weekly supermarket buying ¥36M a year, a week late,
has about ¥1.4M at stake (two weeks of its orders), not most of its year (trial 22: ¥25.9M,
67%, for a ten-day slip):

- must be seen: due (its deadline comes before the rep's next list day), overdue (past it),
  or at risk (the at-risk rules of ``flags.account_status``: not visited for over five times
  the usual interval while its orders do not keep up, or orders down ≥ 30% vs the year before
  and fewer orders than chance explains; cleared once the account is visited; waits out the
  rest rule below);
- the deadline: the last visit + the usual days between its visits (their median, as the
  history shows them: 7 for a weekly account), moved to the next working day when it falls
  on a weekend or a holiday of the company calendar (``BusinessCalendar``: weekends, national
  and company holidays). An account seen every day, last on Friday, is due on Monday, not
  overdue;
- yearly orders: the larger of the last 12 months' orders and the 12 before (what a fading
  account is losing counts at what it used to buy); the stop's ``basis``, and its reason says
  so when it is the 12 before (「前年の年間受注の4%」). **A material account that stepped down
  and stayed down (the ``account_stepped_down`` flag's step, core.account_step
  ``find_step_downs``) counts at its level since the step** — its revenue a month since × 12
  (trial 47: a customer that moved production abroad and halved was ranked at its old level,
  twice its size now); its reason names the month (``stepped_down:YYYY-MM``);
- how overdue: the working days since the last visit ÷ the working days from it to the
  deadline (a weekend or holiday adds nothing), at least ``MIN_URGENCY`` (1) once due and at
  most ``MAX_URGENCY`` (2): beyond two intervals more waiting does not make a small account
  worth more; an account never visited counts as last visited one interval before the list;
- at risk: × ``AT_RISK_WEIGHT`` (1.5);
- the share: how overdue × the usual interval in days ÷ 365 × the at-risk weight, at most
  ``MAX_STAKE_SHARE`` (a quarter of the year): 7 ÷ 365 = 1.9% for a weekly account just due.

So between two accounts equally late, the one that buys more per interval goes first.
Ties: most overdue (in intervals), then the larger account. Each stop carries its ``stake``
(yen), its ``share`` and its reasons: ``at_risk`` (with which rule), ``overdue`` (with the
working days past the deadline), ``due``, ``ahead`` (pulled forward, to keep up with the visit
target's pace or to make room for a crowded day later, once past its rest: see the rest
rule below; these follow the day's must-see accounts) and ``high_value`` (a tag: in the top
fifth of the rep's accounts by last-12-month orders).

Route accounts (``core.route_days``, trial 39): **an account seen on the same weekdays week
after week (at least 12 order days in the last 26 weeks, its weekdays holding 90% of them and
each seen in 60% of its weeks) is due on its own weekdays and on no other one** (「月・水・金
納品」), never pulled forward; overdue for it means a missed usual day. The interval rule
above stays for the other accounts. **A break on the same dates every past year** (a school's
winter break) keeps an account off the list on those days.

Which days each rep works: the weekdays of his own history (``rep_weekdays``): a weekday on
which he visited on fewer than one in five of those days in the last 12 months is his day off
(a part-timer working Monday, Wednesday and Friday; judged once a weekday came 13 times, three
months, since his first visit in that window): that day has no list, its day row says so
(``off``), and his pace is spread over his own working days only. **A day of his leave (the
Leave sheet) is off too (``leave``), and the pace asks nothing for the leave**: what his
targets count on from his leave days (each month's target × the share of its working days he
is away) is taken off what is left to do, and the days left are those he is at work, so the
weeks after a leave are not padded with early re-visits to make the leave up. His capacity
and weekdays are measured on the days he was at work.

A day never holds more visits than the rep's capacity: the ``capacity_percentile`` (default
90th) of the rep's own visits per working day of his weekdays over the last 12 months, or a
fixed number from Settings. **A rep whose first visit came a month or more after those 12
months open (a new hire building his book) is read over his last 3 months only**
(``YOUNG_CAPACITY_DAYS``): his first months, with a handful of accounts, are not his day now;
the Daily says so for him (``DailyPlan.capacity_young``). Room left after the must-see
accounts is filled
earliest-deadline-first with a look-ahead, so every account is visited within its interval
whenever capacity allows; accounts that miss their interval because every day was full are
listed as ``not_scheduled`` (with their stake).

The rest rule (in plain words): **an account just seen is not listed again until half its
usual interval has passed since its last visit (``REST_SHARE``, in days, rounded up: 4 days
for a weekly account, 2 for one seen twice a week), and never on the working day right
after its last visit, unless its own rhythm is that close (usual interval of
``DAILY_RHYTHM``, 2 days, or less: seen daily or every other day)** — a rep does not go to the
same shop three working days running to keep a visit count. It holds back every visit
pulled forward (for the pace or a crowded day) and an at-risk account just seen (orders
down, but visited yesterday); a due account goes on its deadline, which is its own rhythm.
A visit pulled forward moves the account: its next deadline counts from that visit, so its
usual route day does not get it again. When the pace asks for more visits than the rested
accounts can give (room left on the day), the shortfall is the day's ``pace_gap``: said in
one line (「訪問ペースに届かない分 N件」), sent to prospecting where the book has targets for
it, never padded with repeat visits. A day also carries the numbers needed to stay
on pace (visits, orders, revenue, meetings and appointment attempts per working day for the
rest of the plan year): **what is left of the target as of the data's last day, spread over
the working days left by weight — each day's month target per working day × its weekday's
share (``weekday_weights``: a weekday with a capacity of its own, a half-day Saturday of 15
visits against 27, weighs 15/27); every listed day asks its weight's part of that one sum, the
days before it taken as meeting their own pace** (trial 51 M5: taken as selling nothing, the
pace rose from ¥474,604 to ¥862,916 over ten days). When Accounts has coordinates, a day also
has a short route (nearest neighbour, then 2-opt) with the distance between stops.

Without visit records (orders only): **each day an account ordered is one 納品 visit by the
order's rep** (``orders_as_contacts``): in route sales the delivery stop is the visit, so the
intervals, deadlines, at-risk accounts, capacity and weekdays come from the order days, and the
list says so (``DailyPlan.from_orders``). Only the list: the targets and the flags read the
history as it is. **Visit records that begin inside the baseline** (an SFA introduced eight
months ago: the plan has no visits, core.baselines) **give the rhythm of each account with
enough of them** (``MIN_VISITS_FOR_INTERVAL``), **its order days that of the rest**
(``order_contacts``; its last contact the later of its last order and its last visit), and
a rep's capacity counts both from his first visit on (``contact_rep_days``); the first line
says how many accounts each (``DailyPlan.rhythm_from``). The order days are the two years to
the as-of date (``order_account_days``), which a compact history carries too
(``HistoryFacts.account_days``): the same list from pasted rows and from aggregated ones.
**Off season** (``off_season``): an account whose orders a year ago had a
quiet stretch over the list's months is left out, and counted per rep. So is one closed in a
calendar month every year we can see (``closed_months``: a school in August, no order and no
visit or meeting then, orders in the months either side), on that month's days only; the
months each account was met in (``account_visit_months``) a compact history carries too
(``HistoryFacts.account_visit_months``).
"""

from __future__ import annotations

import functools
import gc
import itertools
import math
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import ParamSpec, TypeVar

import numpy as np
import pandas as pd

from routekpi.core.at_work import (
    ABSENCE_COVER_COLUMNS,
    absence_cover_orders,
    absence_cover_stretches,
    cover_months_of,
)
from routekpi.core.baselines import Evidence
from routekpi.core.calendar import BusinessCalendar, LeaveSpan, fiscal_label
from routekpi.core.daily_season import season_starts, seasonal_months
from routekpi.core.flags import (
    CLOSED_CONFIRM_DAYS,
    Workdays,
    account_status,
    contact_for,
    has_rhythm,
    neglect_deadline,
    order_window_bounds,
    status_contact,
    stepped_down,
)
from routekpi.core.frames import by_key, distinct, lexsort_pair, month_ordinals
from routekpi.core.handover import (
    Handover,
    frame_coded,
    frame_months,
    left_during,
    serving_before_start,
)
from routekpi.core.history import (
    ACCOUNT_DAY_COLUMNS,
    ACCOUNT_VISIT_MONTH_COLUMNS,
    REP_DAY_COLUMNS,
    VISIT_COLUMNS,
    History,
    HistoryFacts,
    coded,
    empty_frame,
)
from routekpi.core.lapse import sale_mask
from routekpi.core.route_days import (
    bits_weekdays,
    closures_of,
    contact_rows,
    next_route_day,
    route_and_source,
    weekday_bits,
)
from routekpi.core.visit_days import visit_link
from routekpi.core.won import first_orders

DAY_COLUMNS = (
    "rep",
    "date",
    "visits",
    "capacity",
    "pace_visits",
    "pace_orders",
    "pace_revenue",
    "pace_meetings",
    "pace_attempts",
    "distance",
    "off",  # True: a weekday the rep does not work (``rep_weekdays``): no list that day
    "leave",  # True: a day of the rep's leave (the Leave sheet; ``off`` too): no list that day
    # Visits the day's pace asks for that no account past its rest can fill (module doc:
    # the pace gap; said in one line, and sent to prospecting where the book has targets).
    "pace_gap",
)
STOP_COLUMNS = (
    "rep",
    "date",
    "kind",  # visit / prospecting / not_scheduled
    "order",  # stop number on the day's route (priority order without coordinates)
    "priority",  # 1 = most important of the day
    "account",
    "name",
    "reasons",  # tuple of reason codes, most important first
    "overdue_days",
    "due",  # the last day within the usual interval
    "change",
    "last_visit",
    "interval",
    "value",
    "stake",  # yen at stake: the orders a late visit puts at risk (module doc)
    "share",  # that share (stake ÷ yearly orders), 0 … MAX_STAKE_SHARE
    "basis",  # those yearly orders: ``value``, or the 12 months before when they were more
    "distance",  # km from the previous stop
    "lat",
    "lon",
)
TIERS = ("at_risk", "overdue", "due", "ahead")
MIN_URGENCY = 1.0  # a due account counts one full interval, however recent its last visit
MAX_URGENCY = 2.0  # intervals: past two, waiting longer adds no yen at stake
AT_RISK_WEIGHT = 1.5  # an at-risk account's stake, × its orders over the wait
YEAR_DAYS = 365.0  # the yearly orders over a year's days: the orders of one day
# The most of its yearly orders an account's stake can be: a quarter (a quarterly account two
# intervals late and at risk would otherwise show most of its year).
MAX_STAKE_SHARE = 0.25
# The Daily sheet lists each rep's not-scheduled accounts with most at stake, and one line for
# the rest (their count and yen at stake; the plan and ``routekpi daily --json`` keep them all).
NOT_SCHEDULED_LISTED = 5
# A weekday that came fewer times since the rep's first visit in the window (under three
# months of history) is not judged: kept as a working day.
MIN_WEEKDAYS_SEEN = 13
WORKED_SHARE = 0.2  # a weekday the rep visited on fewer than one in five of is a day off
# A weekday whose mean visits per day differ from his other days' by 30% or more (a half-day
# Saturday) has a capacity of its own (``weekday_capacities``).
WEEKDAY_CAP_RATIO = 0.7
WEEKDAY_CAP_MIN_GAP = 2
HIGH_VALUE_SHARE = 0.2  # top fifth of a rep's accounts by last-12-month orders
DEFAULT_INTERVAL = 14.0  # days, when neither the account nor its rep has a visit rhythm
LOOKAHEAD_DAYS = 10  # working days the scheduler looks ahead for crowded days
# The rest rule (module doc): an account is not listed again before this share of its usual
# interval has passed since its last visit (in days, rounded up) ...
REST_SHARE = 0.5
# ... nor on the working day right after it, unless it is usually seen this often or more
# (every day or every other day: its own rhythm puts it on neighbouring working days).
DAILY_RHYTHM = 2.0
CAPACITY_WINDOW_DAYS = 365
# A rep whose first visit in the capacity window came this many days or more after the window
# opened (12 months ago, or the history's first visit) is building his book (a new hire):
# his capacity is read from his last ``YOUNG_CAPACITY_DAYS`` (3 months) only (trial 44 L9:
# a book grown from 0 to 40 accounts read 3 visits a day from its first months, 4–5 now).
YOUNG_AFTER_DAYS = 31
YOUNG_CAPACITY_DAYS = 91
EARTH_KM = 6371.0
ROUTE_BLOCK = 16  # 2-opt rows scanned per NumPy step after a reversal (it ends the block)
ROUTE_BLOCK_MAX = 128  # ... doubling while a pass finds no reversal


@dataclass
class DailyPlan:
    """The visit list: one row per stop, and one summary row per rep and working day."""

    stops: pd.DataFrame
    days: pd.DataFrame
    capacity: dict[str, int] = field(default_factory=dict)
    first_day: date | None = None  # the list's first working day
    as_of: date | None = None  # the as-of date it was planned at
    data_through: date | None = None  # the last day of actuals (orders, visits) it plans from
    # why it starts there: "as_of" (typed), "next" (blank), "next_visit" (blank, after visits
    # typed past the as-of date), "today" (blank, the day after the data already gone),
    # "from" (asked for), "setting" (Settings DailyStart, a date), "next_week" (DailyStart
    # 来週), "setting_past" (a DailyStart date already before the automatic first day)
    start_rule: str = "next"
    typed_start: date | None = None  # Settings DailyStart's date, for rule "setting_past"
    visits_through: date | None = None  # visits counted as contact up to here, after as_of
    today: date | None = None  # the run's day, when it moved the start (rule "today")
    # True: the book has no visits, so each order day was taken as a 納品 visit
    # (``orders_as_contacts``); the sheet and ``routekpi daily`` say so in one line.
    from_orders: bool = False
    # rep → how many of his accounts are off season (``off_season``): left out of the list.
    off_season: dict[str, int] = field(default_factory=dict)
    # A book with visit records that the plan does not use (they begin inside the baseline:
    # core.baselines): where each account's rhythm came from, "visits" (enough of them) or
    # "orders" (its order days, ``order_contacts``) → how many accounts; empty otherwise.
    rhythm_from: dict[str, int] = field(default_factory=dict)
    # A rep on leave on the list's days (``leave_covers``): cover → {rep on leave: how many of
    # his accounts are on the cover's list on those days}; rep on leave → how many of his
    # accounts are on nobody's list then (no colleague's cover visits to read a cover from).
    covering: dict[str, dict[str, int]] = field(default_factory=dict)
    uncovered: dict[str, int] = field(default_factory=dict)
    # Rep on leave with a cover → what the cover was read from (``CoverRecord``), and whether
    # orders were read too (a plan without visits: the uncovered line says so).
    cover_from: dict[str, CoverRecord] = field(default_factory=dict)
    cover_by_orders: bool = False
    # A list after working days the data do not reach (``on_rhythm``): those days' first
    # and last, and how many accounts were taken as visited on their rhythm through them.
    assumed: tuple[date, date, int] | None = None
    # Rep → his share of ``assumed`` (his days without records, how many of his accounts: a
    # rep copy says his own), and the listed reps with no visit typed after ``as_of`` while a
    # colleague's are (trial 46 H3: their log not returned yet, named on the list).
    assumed_of: dict[str, tuple[date, date, int]] = field(default_factory=dict)
    not_returned: tuple[str, ...] = ()
    # Accounts left off because they order and were never visited (``_never_visited``).
    never_visited: int = 0
    # ... per rep holding them (a rep copy says his own: its list has no head line).
    never_of: dict[str, int] = field(default_factory=dict)
    # Accounts left off as probably closed past their check week (``_closed_off``).
    probably_closed: int = 0
    # ... per rep holding them (a rep copy says his own: fix49k, what the list decided).
    closed_of: dict[str, int] = field(default_factory=dict)
    # A taker of a departed colleague's accounts (``taken_days``): taker → {departed rep:
    # (accounts taken, his accounts taken over in all, the handover day)}; the pace counts
    # that share of the colleague's target from the handover day, and the list says so.
    taken: dict[str, dict[str, tuple[int, int, date | None]]] = field(default_factory=dict)
    # rep → {weekday (0 = Monday): its own daily capacity} where it differs clearly from his
    # other days' (``weekday_capacities``: a half-day Saturday); the other days: ``capacity``.
    weekday_capacity: dict[str, dict[int, int]] = field(default_factory=dict)
    # rep building his book (``YOUNG_AFTER_DAYS``) → the capacity his 12 months would give;
    # ``capacity`` holds the one of his last 3 months (``YOUNG_CAPACITY_DAYS``), said per rep.
    capacity_young: dict[str, int] = field(default_factory=dict)
    # cover → the reps on leave whose Leave row names him (its 代行者 column): their accounts
    # are on his list on those days because the sheet says so, not read from the record.
    cover_declared: dict[str, set[str]] = field(default_factory=dict)
    # True: the orders come apart from the visits (core.visit_days, trial 40 M6: EDI orders
    # on their own rhythm): the stake still ranks the stops, but the sheet says it as the
    # days waited and the account's size, not as orders a late visit loses.
    orders_apart: bool = False

    @classmethod
    def empty(cls) -> DailyPlan:
        """A plan with no rows (no visit history, no reps)."""
        return cls(
            pd.DataFrame(columns=list(STOP_COLUMNS)), pd.DataFrame(columns=list(DAY_COLUMNS))
        )


def list_start(
    as_of: date,
    *,
    typed: bool,
    contact: date | None = None,
    today: date | None = None,
    calendar: BusinessCalendar | None = None,
) -> tuple[date, str]:
    """The list's first day (a holiday moves to the next working day later) and its rule.

    A typed as-of date is the day the user plans on: the list starts that day (``"as_of"``).
    A blank one is the last order, whose day is done: the next day (``"next"``); visits typed
    after it (``contact``, ``History.contact_through``) are done too: the day after the last
    of them (``"next_visit"``). Either is moved to ``today`` (the run's day) when it is
    earlier (``"today"``): the days between the data's end and today are gone, and a list or
    a deadline on them asks for what can no longer be done. With ``calendar``, only working
    days gone count: visits through Friday and a run on Monday start the list on the next
    working day as planned, not "past" (trial 43 L3).
    """
    if typed:
        return as_of, "as_of"
    if contact is not None and contact > as_of:
        first, rule = contact + timedelta(days=1), "next_visit"
    else:
        first, rule = as_of + timedelta(days=1), "next"
    if today is not None and today > first:
        gone = calendar is None or calendar.count(first, today - timedelta(days=1)) > 0
        if gone:
            return today, "today"
        # The next working day is today: nothing is missing ("next_today": no request to
        # paste what is in already), or only the orders ("next_visit" says so).
        return today, "next_today" if rule == "next" else rule
    return first, rule


def typed_start(
    first: date, rule: str, typed: date | str | None, today: date | None = None
) -> tuple[date, str]:
    """The list's first day with Settings DailyStart over the automatic one (``first``, its
    ``rule``: ``list_start``). A date typed starts the list there (``"setting"``) unless it
    is before ``first`` (``"setting_past"``: the days before ``first`` are done or gone, so
    ``first`` stays); ``"next_week"`` (来週) starts it on the Monday after the week of
    ``today`` (the run's day; else of ``first``), or on ``first`` if that is later. A holiday
    moves to the next working day later (``plan_daily``), as a blank cell's day does."""
    if typed is None:
        return first, rule
    if typed == "next_week":
        base = today if today is not None else first
        monday = base + timedelta(days=7 - base.weekday())
        return (monday, "next_week") if monday >= first else (first, rule)
    assert isinstance(typed, date)
    return (typed, "setting") if typed >= first else (first, "setting_past")


def working_days_from(calendar: BusinessCalendar, first: date, count: int) -> list[date]:
    """``count`` working days starting on ``first`` (inclusive when it is a working day)."""
    out: list[date] = []
    day = first
    while len(out) < count:
        if calendar.is_working_day(day):
            out.append(day)
        day += timedelta(days=1)
    return out


def rep_capacity(
    visits: pd.DataFrame,
    rep: str,
    as_of: date,
    calendar: BusinessCalendar,
    percentile: float = 0.9,
) -> int:
    """The rep's daily visit capacity: a percentile of their own visits per working day.

    Counted over the working days of the last 12 months up to ``as_of``, from the rep's first
    visit in that window (days before a rep started are not quiet days), on the weekdays the
    rep works (``rep_weekdays``: a part-timer's days off are not quiet days either), zero-visit
    days included; rounded down so that a day never holds more than the rep has shown they do.
    A rep building his book (first visit a month or more after the window opens): his last
    3 months only (``_young``).
    ``visits``: raw visit rows, or the compact history's ``rep_days`` (rep, date, visits).
    """
    return rep_week(visits, rep, as_of, calendar, percentile)[0]


def rep_week(
    visits: pd.DataFrame,
    rep: str,
    as_of: date,
    calendar: BusinessCalendar,
    percentile: float = 0.9,
) -> tuple[int, frozenset[int]]:
    """``rep_capacity`` and the weekdays the rep works (``rep_weekdays``), from raw visit
    rows or the compact history's ``rep_days``."""
    cap, week, _ = _rep_week(visits, rep, as_of, calendar, percentile)
    return cap, week


def _rep_week(
    visits: pd.DataFrame,
    rep: str,
    as_of: date,
    calendar: BusinessCalendar,
    percentile: float = 0.9,
    young: dict[str, int] | None = None,
) -> tuple[int, frozenset[int], dict[int, int]]:
    """``rep_week`` and the weekdays' own capacities (``weekday_capacities``); ``young``
    gets the rep's 12-month capacity when his is read from his last 3 months (``_young``)."""
    start = as_of - timedelta(days=CAPACITY_WINDOW_DAYS - 1)
    in_window = (visits["date"] >= pd.Timestamp(start)) & (visits["date"] <= pd.Timestamp(as_of))
    if "kind" in visits.columns:
        # The window opens at the first visit of anyone in it (a history shorter than 12
        # months: its first day, not a newcomer's).
        opened = visits.loc[in_window & (visits["kind"] == "visit"), "date"].min()
        v = visits[(visits["rep"] == rep) & (visits["kind"] == "visit") & in_window]
        return _rep_weeks(v, [rep], as_of, calendar, percentile, young, opened)[rep]
    # Already counted per rep and day.
    opened = visits.loc[in_window & (visits["visits"] > 0), "date"].min()
    v = visits[(visits["rep"] == rep) & in_window & (visits["visits"] > 0)]
    if not len(v):
        return 0, calendar.weekdays, {}
    per_day = pd.Series(v["visits"].to_numpy(), index=v["date"].dt.date)
    first = v["date"].min().date()
    days = calendar.rep_working_days(rep, max(start, first), as_of)
    counts = np.array([per_day.get(d, 0) for d in days], dtype=float)
    weekdays = np.array([d.weekday() for d in days], dtype=np.int64)
    recent = _young(
        (first - max(start, opened.date())).days,
        np.array([(as_of - d).days for d in days], dtype=np.int64),
    )
    out = _week(counts, weekdays, percentile, calendar.weekdays, recent)
    if recent is not None and young is not None:
        young[rep] = _week(counts, weekdays, percentile, calendar.weekdays)[0]
    return out


def _young(late: int, ago: np.ndarray) -> np.ndarray | None:
    """The days (``ago``: days before the as-of date) a young book's capacity reads: his
    last ``YOUNG_CAPACITY_DAYS``, when his first visit came ``late`` days after the window
    opened, ``YOUNG_AFTER_DAYS`` or more (a new hire building his book); else None."""
    if late < YOUNG_AFTER_DAYS:
        return None
    return ago < YOUNG_CAPACITY_DAYS


ALL_WEEKDAYS = frozenset(range(5))
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()  # a ``datetime64[D]`` day + this = its ordinal
_NEVER = date.max.toordinal()  # a due day / first day listed again past any list


def rep_weekdays(
    counts: np.ndarray, weekdays: np.ndarray, company: frozenset[int] = ALL_WEEKDAYS
) -> frozenset[int]:
    """The weekdays (0 = Monday) a rep works, from his visits on each working day since his
    first visit in the capacity window (``weekdays``: each day's weekday), of the company's
    working weekdays ``company`` (``BusinessCalendar.weekdays``).

    A weekday is a day off when it came at least ``MIN_WEEKDAYS_SEEN`` times and he visited
    on fewer than one in five of them (``WORKED_SHARE``): a part-timer who works Monday,
    Wednesday and Friday gets no list on Tuesday or Thursday, while a full-timer's holidays
    and a rep's first three months change nothing. No weekday left: all of them.
    """
    worked = counts > 0
    mine = frozenset(
        w
        for w in sorted(company)
        if (n := int(np.count_nonzero(weekdays == w))) < MIN_WEEKDAYS_SEEN
        or int(np.count_nonzero(worked[weekdays == w])) >= WORKED_SHARE * n
    )
    return mine or company


def _week(
    counts: np.ndarray,
    weekdays: np.ndarray,
    percentile: float,
    company: frozenset[int] = ALL_WEEKDAYS,
    recent: np.ndarray | None = None,
) -> tuple[int, frozenset[int], dict[int, int]]:
    """Capacity (the percentile over the days of his weekdays), his weekdays and the
    weekdays with a capacity of their own (``weekday_capacities``). ``recent``: the days a
    young book's capacity is read from (``_young``); his weekdays from all of them."""
    if not len(counts):
        return 0, company, {}
    mine = rep_weekdays(counts, weekdays, company)
    on = np.isin(weekdays, sorted(mine))
    if recent is not None and (on & recent).any():
        on &= recent
    cap = _capacity(counts[on], percentile)
    return cap, mine, weekday_capacities(counts[on], weekdays[on], percentile, cap)


def weekday_capacities(
    counts: np.ndarray, weekdays: np.ndarray, percentile: float, cap: int
) -> dict[int, int]:
    """The weekdays (0 = Monday) whose capacity follows their own history, and that capacity.

    In plain words (trial 40 D2: a bakery's half-day Saturdays): **a weekday on which the
    rep's visits per day differ clearly from his other days — their mean at most 70% of the
    other days' mean, or at least 1 ÷ 0.7 of it (``WEEKDAY_CAP_RATIO``), over at least
    ``MIN_WEEKDAYS_SEEN`` of its days — gets the percentile of its own days** (zero-visit
    days included, as ``cap`` counts them), when that is at least ``WEEKDAY_CAP_MIN_GAP`` (2)
    visits from ``cap``; every other
    weekday keeps ``cap``. ``counts``/``weekdays``: his visits per working day of his weekdays
    and each day's weekday."""
    out: dict[int, int] = {}
    counts = np.asarray(counts, dtype=float)
    for w in np.unique(weekdays).tolist():
        own = weekdays == w
        if int(own.sum()) < MIN_WEEKDAYS_SEEN or own.all():
            continue
        mean, rest = float(counts[own].mean()), float(counts[~own].mean())
        if rest <= 0 or WEEKDAY_CAP_RATIO < mean / rest < 1 / WEEKDAY_CAP_RATIO:
            continue
        # Two visits apart at least: 1 against 2 a day is a quiet route, not a shorter day.
        if abs((w_cap := _capacity(counts[own], percentile)) - cap) >= WEEKDAY_CAP_MIN_GAP:
            out[int(w)] = w_cap
    return out


def _capacity(counts: list[float] | np.ndarray, percentile: float) -> int:
    """The percentile of visits per working day, rounded down (at least 1; 0 without days)."""
    if not len(counts):
        return 0
    return max(
        1, math.floor(float(np.quantile(np.asarray(counts, dtype=float), percentile)) + 1e-9)
    )


def _rep_capacities(
    visits: pd.DataFrame,
    reps: list[str],
    as_of: date,
    calendar: BusinessCalendar,
    percentile: float = 0.9,
) -> dict[str, int]:
    """``rep_capacity`` of each rep (``_rep_weeks``)."""
    return {r: w[0] for r, w in _rep_weeks(visits, reps, as_of, calendar, percentile).items()}


def _rep_weeks(
    visits: pd.DataFrame,
    reps: list[str],
    as_of: date,
    calendar: BusinessCalendar,
    percentile: float = 0.9,
    young: dict[str, int] | None = None,
    opened: pd.Timestamp | None = None,
) -> dict[str, tuple[int, frozenset[int], dict[int, int]]]:
    """``rep_week`` of each rep from raw visit rows already cut to its window and to
    visits (``_capacity_window``): visits per rep and day counted in one ``bincount`` over
    (rep code, day in the window) instead of a filter of every row once per rep. The same
    counts per working day, so the same percentile. A rep whose first visit came a month
    or more after the window opened (``opened``, default the first visit of any rep in
    ``visits``) is building his book: his capacity is his last 3 months' (``_young``), and
    ``young`` gets the one of his 12 months."""
    start = as_of - timedelta(days=CAPACITY_WINDOW_DAYS - 1)
    codes, names = pd.factorize(visits["rep"])
    day = visits["date"].to_numpy(dtype="datetime64[D]").astype(np.int64)
    day = day - np.datetime64(start, "D").astype(np.int64)
    ok = (codes >= 0) & (day >= 0) & (day < CAPACITY_WINDOW_DAYS)
    if opened is not None and not pd.isna(opened):
        first_day = max(0, (opened.date() - start).days)
    else:
        first_day = int(day[ok].min()) if ok.any() else 0
    key = codes[ok].astype(np.int64) * CAPACITY_WINDOW_DAYS + day[ok]
    size = len(names) * CAPACITY_WINDOW_DAYS
    per_day = np.bincount(key, minlength=size).reshape(len(names), CAPACITY_WINDOW_DAYS)
    where = {name: k for k, name in enumerate(names.tolist())}
    # The window's working days once, as day offsets: each rep's are those from his first
    # visit day on (the same days as ``calendar.working_days`` from there, in order).
    working = calendar.working_days(start, as_of)
    window = np.array([(d - start).days for d in working], dtype=np.int64)
    weekday = np.array([d.weekday() for d in working], dtype=np.int64)
    out: dict[str, tuple[int, frozenset[int], dict[int, int]]] = {}
    for rep in reps:
        k = where.get(rep)
        seen = np.flatnonzero(per_day[k]) if k is not None else np.array([], dtype=np.int64)
        if not len(seen):
            out[rep] = (0, calendar.weekdays, {})
            continue
        from_first = window >= int(seen[0])
        if calendar.has_leave(rep):  # his leave days are no quiet days of his
            away = calendar.leave_days(rep, start, as_of)
            from_first &= np.array([d not in away for d in working], dtype=bool)
        counts = per_day[k][window[from_first]].astype(float)
        recent = _young(int(seen[0]) - first_day, CAPACITY_WINDOW_DAYS - 1 - window[from_first])
        out[rep] = _week(counts, weekday[from_first], percentile, calendar.weekdays, recent)
        if recent is not None and young is not None:
            young[rep] = _week(counts, weekday[from_first], percentile, calendar.weekdays)[0]
    return out


def year_to_date(
    history: History, rep: str, first: date, as_of: date, contact: date | None = None
) -> dict[str, float]:
    """A rep's plan-year actuals up to ``as_of``: visits, orders, revenue, meetings, attempts
    (visits, meetings and attempts up to ``contact``, default ``as_of``)."""
    if history.facts is not None:
        return _year_to_date_facts(history.facts, rep, first, as_of, contact)
    return _year_to_date_all(*_in_dates(history, first, as_of, contact), [rep])[rep]


def _in_dates(
    history: History, first: date, as_of: date, visits_to: date | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Order rows dated ``first`` … ``as_of`` (rep, amount) and visit rows ``first`` …
    ``visits_to`` (default ``as_of``; rep, kind), filtered once for every rep."""
    lo, hi = pd.Timestamp(first), pd.Timestamp(as_of)
    seen = pd.Timestamp(visits_to or as_of)
    o, v = history.orders, history.visits
    # Only the columns ``_year_to_date_all`` reads: filtering the account and outcome text
    # columns too cost ~0.1 s at a million rows each.
    return (
        o[["rep", "amount"]][((o["date"] >= lo) & (o["date"] <= hi)).to_numpy(dtype=bool)],
        v[["rep", "kind"]][((v["date"] >= lo) & (v["date"] <= seen)).to_numpy(dtype=bool)],
    )


def _year_to_date_all(
    orders: pd.DataFrame, visits: pd.DataFrame, reps: list[str]
) -> dict[str, dict[str, float]]:
    """``year_to_date`` of each rep from rows already limited to the dates (``_in_dates``):
    the rows grouped by rep once (a stable sort of the rep codes) instead of filtered once
    per rep; each rep's amounts summed in row order (NaN as 0, as pandas' sum does)."""
    amount = orders["amount"].to_numpy(dtype=float)
    amount = np.where(np.isnan(amount), 0.0, amount)
    o_rows = _rows_by_rep(orders["rep"])
    v_rows = _rows_by_rep(visits["rep"])
    kind = visits["kind"]
    flags = {
        "visits": (kind == "visit").to_numpy(dtype=bool),
        "meetings": (kind == "meeting").to_numpy(dtype=bool),
        "appointment_attempts": (kind == "attempt").to_numpy(dtype=bool),
    }
    none = np.array([], dtype=np.int64)
    out: dict[str, dict[str, float]] = {}
    for rep in reps:
        mine = amount[o_rows.get(rep, none)]
        seen = v_rows.get(rep, none)
        out[rep] = {
            "revenue": float(mine.sum()),
            "orders": float(np.count_nonzero(mine > 0)),
            **{k: float(np.count_nonzero(f[seen])) for k, f in flags.items()},
        }
    return out


def _rows_by_rep(rep: pd.Series) -> dict[str, np.ndarray]:
    """Each rep's row positions, ascending (rows without a rep belong to none)."""
    codes, names = pd.factorize(rep)
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(names) + 1))
    return {name: order[bounds[k] : bounds[k + 1]] for k, name in enumerate(names.tolist())}


def _year_to_date_facts(
    facts: HistoryFacts, rep: str, first: date, as_of: date, contact: date | None = None
) -> dict[str, float]:
    """``year_to_date`` from monthly facts: exact, since ``first`` is a month's first day and
    the facts stop at ``as_of``; with a later ``contact`` the visits after ``as_of`` through
    it too (``late_visits``, aggregated through the facts' own contact day, which must be
    this one)."""
    facts.require(as_of)
    if first.day != 1:
        raise ValueError(f"year_to_date from history facts needs a month start, not {first}")
    lo, hi = pd.Period(first, freq="M"), pd.Period(as_of, freq="M")
    o = facts.rep_months
    o = o[(o["rep"] == rep) & (o["month"] >= lo) & (o["month"] <= hi)]
    v = facts.visits
    v = v[(v["rep"] == rep) & (v["month"] >= lo) & (v["month"] <= hi)]
    if first > as_of:
        o, v = o.iloc[:0], v.iloc[:0]
    if contact is not None and contact > as_of:
        if facts.late_visits is None or facts.contact_day != contact:
            raise ValueError(
                f"history facts hold visits through {facts.contact_day.isoformat()}, "
                f"not {contact.isoformat()}: aggregate the source again for that day"
            )
        late = facts.late_visits
        late = late[(late["rep"] == rep) & (late["month"] >= lo)]
    else:
        late = v.iloc[:0]
    return {
        "revenue": float(o["revenue"].sum()),
        "orders": float(o["orders"].sum()),
        **{
            key: float(v[col].sum()) + float(late[col].sum())
            for key, col in (
                ("visits", "visits"),
                ("meetings", "meetings"),
                ("appointment_attempts", "attempts"),
            )
        },
    }


def plan_daily(
    history: History,
    targets: pd.DataFrame,
    *,
    calendar: BusinessCalendar,
    plan_year: int,
    plan_months: list[pd.Period],
    as_of: date,
    reps: list[str],
    days: int = 10,
    start: date | None = None,
    capacity_percentile: float = 0.9,
    capacity: float | None = None,
    rep: str | None = None,
    status: pd.DataFrame | None = None,
    contact_through: date | None = None,
    taken: Mapping[str, Mapping[str, float]] | None = None,
    rep_days: pd.DataFrame | None = None,
    order_days: pd.DataFrame | None = None,
    taken_since: Mapping[str, Mapping[str, date | None]] | None = None,
    router: Router | None = None,
    visited_only: bool = False,
    stepped: Mapping[str, tuple[str, float]] | None = None,
) -> DailyPlan:
    """The visit list for ``days`` working days from ``start`` (default: the day after the
    contact day; ``daily_for`` decides the start for a recalculation).

    ``taken``: taker → {departed rep: the taker's share of the accounts taken over from him}
    (``taken_shares``): the taker's pace also carries that share of what the departed rep's
    visit, order and revenue targets count on for the rest of the year (``CARRIED_KPIS``).
    ``taken_since``: taker → {departed rep: the handover day (``taken_days``)}: that share
    counts from the handover on, and what the taker did on the accounts since is in his year
    to date: (own target − own book) + (their target since − their sales since).

    ``targets`` is the Targets table (period, rep, kpi, target); its plan-year rows for visits,
    orders, revenue, meetings and appointment attempts set the day's pace numbers.
    ``contact_through`` (default ``as_of``, ``History.contact_through``): visits up to that
    day are done — contact for the account status, the rep's capacity and the visits (meetings,
    attempts) of the year to date; orders and revenue count up to ``as_of``.
    ``status``: ``flags.account_status(history, as_of, contact_through)`` when the caller has
    it already (one measured to another contact day is measured again).
    ``rep_days``: the contacts per rep and day (REP_DAY_COLUMNS) the capacity and weekdays
    are read from instead of the history's visits (``contact_rep_days``: order days too).
    ``order_days``: the order days per account (``account_days_of``) of a plan without
    visits: a colleague's leave cover is read from them too (``leave_covers``).
    ``router``: plans some days' routes elsewhere while this plans the rest (``Router``).
    ``visited_only``: a plan from visit records leaves off the accounts that order and were
    never visited (``_never_visited``), ``DailyPlan.never_visited`` says how many.
    ``stepped``: account → (first month at its new level, its orders a year at that level)
    of the accounts that stepped down (``stepped_levels``): ranked at that level.
    """
    contact = max(as_of, contact_through) if contact_through is not None else as_of
    first = start or contact + timedelta(days=1)
    horizon = working_days_from(calendar, first, days + LOOKAHEAD_DAYS + 1)
    if status is None or status_contact(status, as_of) != contact:
        status = account_status(history, as_of, contact, calendar)
    # Accounts that order but were never visited while the visits were recorded (trial 46
    # M7: a 医療法人's billing code) are no stop: left off, counted once on the list's head.
    never = _never_visited(status, history, contact) if visited_only else None
    never_of: dict[str, int] = {}
    if never is not None and never.any():
        held_by = status.loc[never, "rep"].dropna().astype(str).value_counts()
        never_of = {str(r): int(n) for r, n in held_by.items()}
        status = status[~never]
    # Probably closed (flags ``probably_closed``, trial 48 M2): one check visit in the week it
    # crossed the line (``CLOSED_CONFIRM_DAYS``), then off the list — not first on every list
    # for months. The Flags sheet names them (``DailyPlan.probably_closed`` counts them).
    closed_off = _closed_off(status)
    closed_of: dict[str, int] = {}
    if closed_off.any():
        held = status.loc[closed_off, "rep"].dropna().astype(str).value_counts()
        closed_of = {str(r): int(n) for r, n in held.items()}
        status = status[~closed_off]
    fy = fiscal_label(plan_year)
    fy_first = plan_months[0].start_time.date()
    fy_last = plan_months[-1].end_time.date()
    before_start = first < fy_first
    if before_start:
        # Before the plan year a hire the master gives a colleague's accounts from its first
        # day (``Handover.newcomers``) has not started: the rep serving them now keeps them
        # on his list, and the hire has none yet (trial 46 N5).
        status, reps = _serving_now(status, reps, history.handover)
    # A dict by (rep, KPI): Series.get per rep and KPI cost ~50 µs a lookup.
    t = by_key(targets[targets["period"] == fy].set_index(["rep", "kpi"])["target"])
    all_usual = status["usual"].dropna()
    team_interval = float(all_usual.median()) if len(all_usual) else DEFAULT_INTERVAL
    stops: list[dict[str, object]] = []
    summary: list[dict[str, object]] = []
    caps: dict[str, int] = {}
    day_caps: dict[str, dict[int, int]] = {}
    # The rows every rep's capacity and year to date look at, cut to their dates once (each
    # rep then filters fewer rows; the same rows in the same order, so the same sums).
    given = rep_days is not None
    # From the history's start: visits before the first order month are no history
    # (core.orders_start), and no rep's pace or working weekdays are read from them.
    visit_days = _capacity_window(
        rep_days if given else _visit_days(history), contact, history.first_date()
    )
    if before_start:  # the visits the handover put under a hire were his colleague's
        visit_days = _days_of_serving(visit_days, history)
    percentile = capacity_percentile
    chosen = reps if rep is None else [x for x in reps if x == rep]
    # Raw rows: every rep's capacity and year to date from one grouping of the rows.
    raw = history.facts is None
    # Each rep's capacity and working weekdays (a part-timer's days off get no list).
    young: dict[str, int] = {}  # a rep building his book → his 12 months' capacity
    counted = (
        _rep_weeks(visit_days, chosen, contact, calendar, percentile, young)
        if raw and not given
        else {}
    )
    in_year = (
        _year_to_date_all(*_in_dates(history, fy_first, as_of, contact), chosen) if raw else {}
    )
    # The plan year's working days left, by weekday: each rep's are those of his weekdays.
    year_left = _by_weekday(calendar.working_days(max(horizon[0], fy_first), fy_last))
    # Orders and revenue are known to the as-of date only: the working days between it and
    # the list's first day (visits typed after the last order) still have sales to come, so
    # the sales pace spreads what is left over them too.
    sales_left = _by_weekday(
        calendar.working_days(max(as_of + timedelta(days=1), fy_first), fy_last)
    )
    # Working days counted over the accounts' last visits and the list (module doc).
    seen = status["last_visit"].dropna()
    oldest = min(seen.min().date(), horizon[0]) if len(seen) else horizon[0]
    clock = Workdays(calendar, oldest - timedelta(days=400), horizon[-1] + timedelta(days=400))
    # A list that starts longer after the data's last day than the team's usual interval
    # (``on_rhythm``): the accounts with a rhythm are taken as visited on it in between.
    # The data's last day is each rep's (trial 46 H3): visits typed after the last order (a
    # returned 訪問入力) are the contact of the reps who typed them; a rep with none after
    # ``as_of`` has not returned his log, and his accounts keep the assumption from there.
    # A rep who returned his log from a later day (the week 12/7–12/11 after orders through
    # 11/30) keeps it for the days before his first row; his rows count from there.
    late = _late_reps(history, as_of, contact)
    behind = _not_returned(status, late)
    groups: list[tuple[date, date, np.ndarray]] = [
        (as_of, first_row, (status["rep"] == r).to_numpy(dtype=bool))
        for r, first_row in sorted(late.items())
    ]
    groups += [(contact, horizon[0], ~behind), (as_of, horizon[0], behind)]
    spans: list[tuple[list[date], pd.Index]] = []
    for last_day, until, group in groups:
        if not group.any() or (until - last_day).days <= team_interval:
            continue
        days_between = calendar.working_days(
            last_day + timedelta(days=1), until - timedelta(days=1)
        )
        if not days_between:
            continue
        if group.all():
            status, moved_here = on_rhythm(status, last_day, until, clock)
        else:
            part, moved_here = on_rhythm(status[group], last_day, until, clock)
            if len(moved_here):
                status = status.copy()
                status.loc[moved_here, "last_visit"] = part.loc[moved_here, "last_visit"]
        spans.append((days_between, moved_here))
    assumed = None
    # Route weekdays (``core.route_days``: 「月・水・金 納品」) and the breaks each account
    # had on the same dates every past year (a school's winter break), from all its contacts.
    wanted = pd.Index(status.index.astype(str))
    rows = contact_rows(history, wanted, as_of)
    route, route_visits = route_and_source(history, wanted, as_of, calendar, rows)
    status = status.assign(route_days=route, route_visits=route_visits)  # of visit days: 訪問日
    breaks = closures_of(
        history, wanted, horizon, as_of, status["usual"].to_numpy(dtype=float), rows
    )
    # The accounts with a break on the list's days, found in one pass over the array (an
    # ``any`` per account's column cost ~0.05 s at a million order lines).
    broken = {str(wanted[j]): breaks[:, j] for j in np.flatnonzero(breaks.any(axis=0)).tolist()}
    if stepped:
        # Stepped down (module doc): ranked at its level since the step, not its old one.
        found = [stepped.get(str(a)) for a in status.index]
        status = status.assign(
            step_level=[np.nan if f is None else f[1] for f in found],
            step_since=[None if f is None else f[0] for f in found],
        )
    # Seasonal accounts (core.daily_season, trial 53 M1): off the list outside their season
    # and the month before it, due from then on (never at risk for their silent months).
    season_off, season_on = season_starts(
        seasonal_months(account_days_of(history, as_of), as_of), horizon[:days]
    )
    if season_on:
        found_season = [season_on.get(str(a)) for a in status.index]
        status = status.assign(
            season_from=[pd.NaT if f is None else pd.Timestamp(f[0]) for f in found_season],
            season_next=[0 if f is None else f[1] for f in found_season],
        )
    # Each rep's accounts from one grouping (the rows ``status["rep"] == r`` picks, in order).
    accounts_of = dict(iter(status.groupby("rep", sort=False)))
    # Off season over the list's days (``off_season``): not listed, counted per rep.
    closed = off_season(history, status, horizon[:days], as_of)
    # Closed in a month every year (``closed_months``): off the list on that month's days.
    monthly = closed_months(history, status, horizon[:days], as_of, contact)
    for account, shut_months in season_off.items():
        monthly[account] = monthly.get(account, frozenset()) | shut_months
    day_months = np.array(horizon, dtype="datetime64[M]").astype(np.int64)
    resting: dict[str, int] = {}
    # A colleague's leave on the list's days: his accounts go on his cover's list on those
    # days (``leave_covers``), or are counted as on nobody's.
    on_leave = {
        x: calendar.leave_days(x, horizon[0], horizon[min(days, len(horizon)) - 1]) for x in reps
    }
    on_leave = {x: d for x, d in on_leave.items() if d}
    # Without visit records (``order_days``: the order days are the visits) the cover is
    # read from the orders colleagues booked on his accounts while he was away too.
    holder_of = _holders(history, status) if on_leave and order_days is not None else None
    # The cover the Leave sheet names (its 代行者 column), day by day; the days without one
    # read the cover from the record as before.
    declared = declared_covers(history.leave, on_leave, reps)
    unnamed = {h: set(d) - set(declared.get(h, {})) for h, d in on_leave.items()}
    unnamed = {h: d for h, d in unnamed.items() if d}
    read = (
        leave_covers(history, calendar.leave, unnamed, reps, as_of, order_days, holder_of, on_leave)
        if unnamed
        else {}
    )
    covers = {h: c.visitor for h, c in read.items()}
    carried: dict[str, list[tuple[str, pd.DataFrame, frozenset[date]]]] = {}
    covering: dict[str, dict[str, int]] = {}
    uncovered: dict[str, int] = {}
    named: dict[str, set[str]] = {}
    for holder in on_leave:
        his = accounts_of[holder] if holder in accounts_of else status.iloc[:0]
        if closed:
            his = his[~his.index.isin(list(closed))]
        if not len(his):
            continue
        by_cover: dict[str, set[date]] = {}
        for day, cover in declared.get(holder, {}).items():
            by_cover.setdefault(cover, set()).add(day)
            named.setdefault(cover, set()).add(holder)
        if holder in unnamed:
            if holder in covers:
                by_cover.setdefault(covers[holder], set()).update(unnamed[holder])
            else:
                uncovered[holder] = len(his)
        for cover, covered_days in by_cover.items():
            carried.setdefault(cover, []).append((holder, his, frozenset(covered_days)))
            covering.setdefault(cover, {})[holder] = len(his)
    # The year's working days the pace spreads over (``_pace_shape``): from the list's first
    # day, and those between the as-of date and it (sales still to come).
    pace_days = (
        calendar.working_days(max(horizon[0], fy_first), fy_last),
        calendar.working_days(max(as_of + timedelta(days=1), fy_first), horizon[0] - timedelta(1)),
    )
    # Each rep's month targets, grouped once (``_pace_shape`` reads his alone).
    month_rows = dict(iter(targets[targets["period"] != fy].groupby("rep", sort=False)))
    # Every rep's days routed once all are planned (``_route_days``: a router takes some).
    pending: list[_Deferred] = []
    rep_lists: list[list[dict[str, object]]] = []
    for r in chosen:
        # A fixed capacity (Settings) for every working day of the rep's weekdays.
        found = (
            counted[r]
            if counted
            else _rep_week(visit_days, r, contact, calendar, percentile, young)
        )
        # A weekday whose visits differ clearly from his others' (a half-day Saturday) has
        # its own capacity (``weekday_capacities``); a fixed capacity is one for every day.
        cap, week, own_caps = (int(capacity), found[1], {}) if capacity else found
        caps[r] = cap
        if own_caps:
            day_caps[r] = own_caps
        # His leave (core.calendar): no list on those days, none of them left to work.
        away = calendar.leave_days(r, min(horizon[0], fy_first), max(horizon[-1], fy_last))
        remaining_days = sum(year_left[w] for w in week) - _on_weekdays(
            away, week, max(horizon[0], fy_first), fy_last
        )
        sales_days = sum(sales_left[w] for w in week) - _on_weekdays(
            away, week, max(as_of + timedelta(days=1), fy_first), fy_last
        )
        sales_gap = max(sales_days - remaining_days, 0)
        mine = accounts_of[r] if r in accounts_of else status.iloc[:0]
        if closed:
            shut = mine.index.isin(list(closed))
            if shut.any():
                resting[r] = int(shut.sum())
                mine = mine[~shut]
        shut_days = None
        closed_on_list: set[str] = set()
        if monthly:
            months_of = [monthly.get(str(a)) or frozenset() for a in mine.index]
            if any(months_of):
                # Resting: closed on a day of the list and on none of its days (one listed
                # on another day of it is on the list: review27); counted after scheduling.
                days_of = set(day_months[:days].tolist())
                closed_on_list = {
                    str(a) for a, ms in zip(mine.index, months_of, strict=True) if ms & days_of
                }
                # Day × account: closed that day (its month is one of the account's).
                shut_days = np.array(
                    [[bool(ms) and int(m) in ms for ms in months_of] for m in day_months],
                    dtype=bool,
                )
        cover_of = None
        if r in carried:
            # A colleague's accounts on his leave days only (closed on the others), after
            # the cover's own (each closed in its months too), each stop marked 代行.
            parts = [mine] + [his for _, his, _ in carried[r]]
            theirs = [False] + [True] * (len(parts) - 1)
            cover_of = np.repeat(np.array(theirs, dtype=bool), [len(x) for x in parts])
            masks = [
                shut_days
                if shut_days is not None
                else np.zeros((len(horizon), len(mine)), dtype=bool)
            ]
            for _, his, covered_days in carried[r]:
                off = np.array([d not in covered_days for d in horizon], dtype=bool)
                mask = np.repeat(off[:, None], len(his), axis=1)
                months_of = [monthly.get(str(a)) for a in his.index]
                for j, ms in enumerate(months_of):
                    if ms:
                        mask[:, j] |= np.isin(day_months, list(ms))
                masks.append(mask)
            mine = pd.concat(parts)
            shut_days = np.concatenate(masks, axis=1)
        if broken:
            gaps = [broken.get(str(a)) for a in mine.index]
            if any(g is not None for g in gaps):
                shut = np.zeros((len(horizon), len(mine)), dtype=bool)
                for j, g in enumerate(gaps):
                    if g is not None:
                        shut[:, j] = g
                shut_days = shut if shut_days is None else (shut_days | shut)
                closed_on_list |= {
                    str(a)
                    for a, g in zip(mine.index, gaps, strict=True)
                    if g is not None and g[:days].any()
                }
        done = in_year[r] if raw else year_to_date(history, r, fy_first, as_of, contact)
        # What his targets count on from his leave days is not asked of the days he works.
        excused = _leave_share(calendar, r, plan_months, targets) if away else {}
        left = {
            k: max(0.0, float(t.get((r, k), np.nan)) * (1 - excused.get(k, 0.0)) - done[k])
            if np.isfinite(float(t.get((r, k), np.nan)))
            else 0.0
            for k in done
        }
        # A departed colleague's book he now serves: his share of what its targets count on
        # from the handover to the year's end (the targets stay with the giver, the work
        # not). His year to date (``done``) holds what he did on those accounts since the
        # handover, so their target counts from that day too, and his own target stands
        # against his own book: (own target − own book) + (the taken accounts' target since
        # the handover − their sales since), the two years to date being one sum (trial 35
        # M2: counted from the list's first day, the takeover's sales came off his own target
        # and the pace asked ~15% too little). Without a handover day, or without a target
        # of his own to hold the sum: from the list's first day, added to his own rest.
        # Per KPI: a book without visits has no visits target of his own, and its revenue
        # and orders still count from the handover (review 34: one missing target undated
        # them all, while the list said they counted from the handover day).
        since_sum = {k: 0.0 for k in CARRIED_KPIS}
        dated: set[str] = set()
        for giver, share in (taken or {}).get(r, {}).items():
            since = (taken_since or {}).get(r, {}).get(giver)
            for k in CARRIED_KPIS:
                own_ok = np.isfinite(float(t.get((r, k), np.nan)))
                first_day = min(max(since, fy_first), horizon[0]) if since and own_ok else None
                rest = share * _rest_of_year(
                    calendar, targets, giver, k, plan_months, first_day or horizon[0]
                )
                if first_day is None:
                    left[k] += rest
                else:
                    since_sum[k] += rest
                    dated.add(k)
        for k in dated:
            own = float(t.get((r, k), np.nan)) * (1 - excused.get(k, 0.0)) - done[k]
            carried_rest = left[k] - max(0.0, own)
            left[k] = max(0.0, own + since_sum[k]) + carried_rest
        # The pace's month shape (``_pace_shape``): his days left of the year, leave out.
        shape = _pace_shape(
            calendar,
            month_rows.get(r, targets.iloc[:0]),
            r,
            list(left),
            plan_months,
            horizon,
            [d for d in pace_days[0] if d.weekday() in week and d not in away],
            [d for d in pace_days[1] if d.weekday() in week and d not in away],
            # A weekday's share of a usual day (a half-day Saturday), as the history's day
            # caps read it (trial 51 M5), a fixed capacity from Settings or not.
            weekday_weights(found[0], found[2]),
        )
        rep_stops, rep_days = _schedule(
            r,
            mine,
            horizon,
            days,
            cap,
            left,
            (remaining_days, sales_gap),
            (fy_first, fy_last),
            team_interval,
            week,
            clock,
            away,
            shut_days,
            shape,
            contact,
            own_caps,
            cover_of,
            pending,
        )
        if closed_on_list:
            unlisted = closed_on_list - {str(stop["account"]) for stop in rep_stops}
            if unlisted:
                resting[r] = resting.get(r, 0) + len(unlisted)
        rep_lists.append(rep_stops)
        summary += rep_days
    _route_days(pending, router)
    for rep_stops in rep_lists:
        stops += rep_stops
    assumed_of: dict[str, tuple[date, date, int]] = {}
    if spans:  # how many of the listed reps' accounts (a colleague's on leave too) moved
        listed = set(chosen) | {h for r in chosen for h, _, _ in carried.get(r, [])}
        reps_moved: list[pd.Series] = []
        for between, moved in spans:
            who = status.loc[moved, "rep"].astype(str)
            who = who[who.isin(listed)]
            reps_moved.append(who)
            for name in who.unique():
                a, b, _ = assumed_of.get(str(name), (between[0], between[-1], 0))
                assumed_of[str(name)] = (min(a, between[0]), max(b, between[-1]), 0)
        # An account moved in two spans (a rep who returned his log from a later day, the
        # list starting long after it: his days before his first row and after his last)
        # is one account: counted once.
        every = pd.concat(reps_moved) if reps_moved else pd.Series(dtype=str)
        counts = every[~every.index.duplicated()].value_counts()
        for name, n in counts.items():
            a, b, _ = assumed_of[str(name)]
            assumed_of[str(name)] = (a, b, int(n))
        assumed = (
            min(d[0] for d, _ in spans),
            max(d[-1] for d, _ in spans),
            sum(k for _, _, k in assumed_of.values()),
        )
    held = set(status.loc[behind, "rep"].dropna().astype(str))
    stop_frame = pd.DataFrame(stops, columns=list(STOP_COLUMNS))
    day_frame = pd.DataFrame(summary, columns=list(DAY_COLUMNS))
    end = history.history_end()
    through = as_of if end is None else min(as_of, end)
    visits_through = contact if contact > as_of else None
    return DailyPlan(
        stop_frame,
        day_frame,
        caps,
        horizon[0],
        as_of,
        through,
        weekday_capacity=day_caps,
        capacity_young={} if capacity else {r: c for r, c in young.items() if r in caps},
        visits_through=visits_through,
        off_season=resting,
        covering=covering,
        uncovered=uncovered,
        cover_from={h: c for h, c in read.items() if h in covering.get(c.visitor, {})},
        cover_declared=named,
        cover_by_orders=order_days is not None,
        assumed=assumed,
        assumed_of=assumed_of,
        not_returned=tuple(r for r in chosen if r in held),
        never_visited=int(np.count_nonzero(never)) if never is not None else 0,
        probably_closed=int(np.count_nonzero(closed_off)),
        never_of=never_of,
        closed_of=closed_of,
    )


# An account ordering this long with visits on record and none of them to it is not one the
# reps visit (a billing code, a mail-order account); a newer one may be waiting for its first.
NEVER_VISITED_DAYS = 90


def _serving_now(
    status: pd.DataFrame, reps: list[str], handed: Handover | None
) -> tuple[pd.DataFrame, list[str]]:
    """``status`` with the accounts of hires who start at the plan year's first day back
    with the rep serving them now (``serving_before_start``), and ``reps`` without the hires."""
    serving, hires = serving_before_start(handed)
    if not hires:
        return status, reps
    if serving:
        now = status.index.astype(str).map(serving)
        back = pd.Series(now, index=status.index).notna().to_numpy(dtype=bool)
        if back.any():
            status = status.copy()
            status.loc[back, "rep"] = np.asarray(now, dtype=object)[back]
    return status, [r for r in reps if r not in hires]


def _days_of_serving(days: pd.DataFrame, history: History) -> pd.DataFrame:
    """``_capacity_window``'s rows with the visits the handover moved to a hire who has not
    started (``serving_before_start``) back under the rep who made them: his capacity and
    weekdays are read from all his visits (trial 46 N5: 鈴木's 25 a day read as 19 once his
    visits on the 25 clinics were the hire's). Raw rows by account; rows counted per rep and
    day by the hire's one previous rep (a hire of several colleagues' accounts keeps them)."""
    handed = history.handover
    serving, hires = serving_before_start(handed)
    mine = days["rep"].isin(list(hires)).to_numpy(dtype=bool) if hires else None
    if handed is None or mine is None or not mine.any():
        return days
    days = days.copy()
    if "kind" in days.columns and history.facts is None:
        accounts = history.visits.loc[days.index[mine], "account"].astype(str)
        made_by = accounts.map(serving)
        rep = np.array(days["rep"].astype(object), dtype=object)  # a writable copy
        at = np.flatnonzero(mine)[made_by.notna().to_numpy(dtype=bool)]
        rep[at] = made_by.dropna().to_numpy(dtype=object)
        days["rep"] = rep
        return days
    if "visits" not in days.columns:
        return days
    previous: dict[str, set[str]] = {}
    for _, prev, holder, _ in handed.received_lines:
        if holder in hires:
            previous.setdefault(holder, set()).add(prev)
    one = {h: next(iter(p)) for h, p in previous.items() if len(p) == 1}
    days["rep"] = days["rep"].astype(object).map(lambda r: one.get(r, r))
    columns = list(days.columns)
    summed = days.groupby(["rep", "date"], as_index=False, sort=False)["visits"].sum()
    return summed[[c for c in columns if c in summed.columns]]


def _closed_off(status: pd.DataFrame) -> np.ndarray:
    """Per account of ``status``: probably closed (``flags.account_status``) for
    ``CLOSED_CONFIRM_DAYS`` or longer — left off the list (its one check visit is behind it);
    and gone quiet (a steady buyer neither visited nor ordering past its neglect line:
    ``quiet_days``) as long (fix49a, trial 48 M2: 20 of 20 such at-risk accounts had closed,
    each first on the list every day for five weeks until the 10× line). A visit or an order
    typed brings it back; the Flags sheet names it all along."""
    off = np.zeros(len(status), dtype=bool)
    with np.errstate(invalid="ignore"):
        for flag, column in (("probably_closed", "closed_days"), (None, "quiet_days")):
            if column not in status.columns or (flag and flag not in status.columns):
                continue
            days = status[column].to_numpy(dtype=float)
            on = status[flag].to_numpy(dtype=bool) if flag else np.isfinite(days)
            off |= on & ~(days < CLOSED_CONFIRM_DAYS)
    return off


def _never_visited(status: pd.DataFrame, history: History, contact: date) -> np.ndarray:
    """Mask of the accounts with orders (the last 24 months) and no visit on record, held
    since ``NEVER_VISITED_DAYS`` before ``contact`` by a rep whose own visits were recorded
    all that time (trial 46 M7: a 医療法人 本部 billed for its clinics, sent every 6 days).
    A rep who logs no visits (or began lately) keeps his accounts: they are not unvisited,
    his visits are unrecorded (review47: his whole list was left off)."""
    none = np.zeros(len(status), dtype=bool)
    began = _visits_began(history)
    if not len(began) or not len(status):
        return none
    since = pd.Timestamp(contact - timedelta(days=NEVER_VISITED_DAYS))
    logs = (status["rep"].astype(str).map(began) <= since).to_numpy(dtype=bool)
    ordered = (status["orders_recent"].fillna(0) + status["orders_prior"].fillna(0)) > 0
    held = status["start"] <= since
    return (status["last_visit"].isna() & ordered & held).to_numpy(dtype=bool) & logs


def _visits_began(history: History) -> pd.Series:
    """Rep → his first visit of kind visit on record (a compact history: its first month's
    first day)."""
    if history.facts is not None:
        fv = history.facts.visits
        fv = fv[(fv["visits"] > 0).to_numpy(dtype=bool)]
        if not len(fv):
            return pd.Series(dtype="datetime64[ns]")
        firsts = fv.groupby(fv["rep"].astype(str))["month"].min()
        return pd.Series(pd.PeriodIndex(firsts, freq="M").start_time, index=firsts.index)
    v = history.visits
    v = v[(v["kind"] == "visit").to_numpy(dtype=bool)] if len(v) else v
    if not len(v):
        return pd.Series(dtype="datetime64[ns]")
    return pd.to_datetime(v["date"]).groupby(v["rep"].astype(str)).min()


def _late_reps(history: History, as_of: date, contact: date) -> dict[str, date]:
    """The reps with a visit typed after ``as_of`` through ``contact`` → the first such day
    (by the visit's own rep: a colleague's 代理訪問 on his account is not his log)."""
    if contact <= as_of:
        return {}
    if history.facts is not None:
        v = history.facts.rep_days  # contacts per rep and day, through the contact day
        v = v[(v["visits"] > 0).to_numpy(dtype=bool)]
    else:  # visits of kind visit, as the compact history's rep_days count them
        v = history.visits
        v = v[(v["kind"] == "visit").to_numpy(dtype=bool)] if len(v) else v
    if not len(v):
        return {}
    when = v["date"]
    hit = (when > pd.Timestamp(as_of)) & (when < pd.Timestamp(contact) + pd.Timedelta(days=1))
    firsts = when[hit.to_numpy(dtype=bool)].groupby(v["rep"][hit.to_numpy(dtype=bool)]).min()
    return {str(r): pd.Timestamp(d).date() for r, d in firsts.items() if pd.notna(d)}


def _not_returned(status: pd.DataFrame, late: Mapping[str, date]) -> np.ndarray:
    """Mask of the accounts whose rep has not returned his visits after the as-of date while
    a colleague has (``late``: ``_late_reps``; all False when nobody has)."""
    if not late or not len(status):
        return np.zeros(len(status), dtype=bool)
    rep = status["rep"]
    return (rep.notna() & ~rep.astype(str).isin(list(late))).to_numpy(dtype=bool)


def on_rhythm(
    status: pd.DataFrame, contact: date, first: date, clock: Workdays
) -> tuple[pd.DataFrame, pd.Index]:
    """The account status with each account that has a visit rhythm taken as visited on it
    through the working days after the ``contact`` day and before the list's ``first`` day:
    on its route days (its last visit + whole usual intervals, each moved to the next working
    day when it falls on a holiday), one already past its deadline on the first of those
    days and on its rhythm from there; its last visit the last of those visits. An account
    at risk for going unvisited (``neglected``: over five intervals) keeps its last visit
    (its delay is what the data say), and so does one without a rhythm. Also: the accounts
    moved (the status' index).

    In plain words (trial 34 L6: a January list printed from data that end on 12/4 opened
    with every machine 「訪問間隔超過 24–33日」): **a list that starts longer after the
    data's last day than the accounts' usual interval (the team's median: a week on a weekly
    route) counts the route as run in between** — a route rep printing next month's list,
    or today's from orders pasted two weeks ago, has kept refilling his machines; the list
    for the day is that day's route (what falls due then, and what the holidays pushed onto
    it), not every account overdue by the gap. A shorter gap (a run on Wednesday from data
    through Monday) is left as the data say: the accounts due in it are on the list, late,
    where the rep can see them and skip one he has seen (one he missed is not hidden)."""
    seen = status["last_visit"].to_numpy(dtype="datetime64[D]")
    usual = status["usual"].to_numpy(dtype=float)
    start, end = np.datetime64(first, "D"), np.datetime64(contact, "D")
    ok = ~np.isnat(seen) & np.isfinite(usual) & (usual > 0)
    if "neglected" in status.columns:
        ok &= ~status["neglected"].to_numpy(dtype=bool)
    gap = np.where(ok, np.maximum(np.round(np.where(ok, usual, 0.0)), 1), 0).astype(np.int64)
    # Due by the contact day: seen on the first working day after it, its rhythm from there.
    after = clock.roll(np.array([end + 1]))[0]
    overdue = ok & (clock.roll(np.where(ok, seen, start) + gap) <= end) & (after < start)
    anchor = np.where(overdue, after, np.where(ok, seen, start))
    last = anchor.copy()
    moved = overdue.copy()
    # Each visit on its route day (the anchor + k intervals, a holiday's moved to the next
    # working day), the next counted from the route day, not from the moved visit: a
    # Thursday machine stays a Thursday machine after the New Year.
    k = 1
    moving = ok.copy()
    while moving.any():
        visit = clock.roll(anchor + k * gap)
        moving &= visit < start
        hit = moving & (visit > end)  # a route day the data do not reach
        last = np.where(hit, visit, last)
        moved |= hit
        k += 1
    if not moved.any():
        return status, status.index[:0]
    out = status.copy()
    stamps = pd.to_datetime(last[moved])
    out.iloc[np.flatnonzero(moved), out.columns.get_loc("last_visit")] = stamps
    return out, status.index[moved]


def declared_covers(
    leave: pd.DataFrame | None,
    on_leave: Mapping[str, Collection[date]],
    reps: Collection[str],
) -> dict[str, dict[date, str]]:
    """Rep on leave → {his leave day on the list: the cover his Leave row names} (its
    optional 代行者 / Cover column, trial 40 D3): the absent rep's due visits go on that
    colleague's list on those days. A cover who is not one of ``reps``, is the rep himself,
    or is on leave that day too is no cover for it (validation.leave says so on Checks);
    a row without one leaves those days to ``leave_covers``, as without the column."""
    if leave is None or "cover" not in leave.columns or not len(leave) or not on_leave:
        return {}
    team = {str(r) for r in reps}
    out: dict[str, dict[date, str]] = {}
    for rep, start, end, cover in zip(
        leave["rep"], leave["start"], leave["end"], leave["cover"], strict=True
    ):
        if not isinstance(cover, str) or not cover.strip() or str(rep) not in on_leave:
            continue
        cover = cover.strip()
        if cover not in team or cover == str(rep) or pd.isna(start) or pd.isna(end):
            continue
        first, last = pd.Timestamp(start).date(), pd.Timestamp(end).date()
        away = on_leave.get(cover, ())
        for day in on_leave[str(rep)]:
            if first <= day <= last and day not in away:
                out.setdefault(str(rep), {})[day] = cover
    return out


@dataclass(frozen=True)
class CoverRecord:
    """What a cover was read from (``leave_covers``): ``source`` "visits" (cover visits on
    the holder's declared leave days, ``core.at_work.cover_months_of``) or "orders" (a book
    without visit records: orders the colleague booked on the holder's accounts on his
    declared leave days, and on days he booked nothing at all, ``absence_cover_orders``);
    ``count``: how many; ``first``/``last``: the days they span (None for visits, which are
    kept by month)."""

    visitor: str
    source: str
    count: int
    first: date | None = None
    last: date | None = None


def leave_covers(
    history: History,
    leave: tuple[LeaveSpan, ...],
    on_leave: Mapping[str, Collection[date]],
    reps: Collection[str],
    as_of: date,
    order_days: pd.DataFrame | None = None,
    holder_of: Mapping[str, str] | None = None,
    busy: Mapping[str, Collection[date]] | None = None,
) -> dict[str, CoverRecord]:
    """Rep on leave (``on_leave``: his leave days on the list) → his cover: the colleague (one
    of ``reps``) who made most of the cover visits to his accounts on his leave days so far
    (core.at_work: visits of kind visit to them by another rep; of two with as many, the
    first by name), away on none of the same list days (a cover on leave himself would list
    accounts nobody visits). A rep whose accounts nobody at work then has visited on his
    leave days has none (not in the dict).

    ``order_days`` (ACCOUNT_DAY_COLUMNS; given when the plan has no visits, its order days
    being the visits) and ``holder_of`` (account → rep now): for a rep no cover visit names,
    the colleague who booked most orders on his accounts while he was away — on his declared
    leave days (``cover_orders``: moved to him for the targets, the booking rep kept) and on
    days he booked nothing at all between his own orders on the account
    (``absence_cover_orders``; trial 34 M2: 佐藤's 55 refills on 小川's machines in a week
    nobody typed as leave).

    ``busy``: every rep's leave days on the list (default ``on_leave``), where ``on_leave``
    holds only the days a cover is still wanted for (the others named on the Leave sheet):
    a colleague away on any of those days is no cover for them."""
    if history.facts is not None:
        found = history.facts.cover_months
    else:
        found = cover_months_of(history.visits, history.accounts, leave, as_of, history.orders)
    listed = set(reps)
    away = {str(r): set(d) for r, d in on_leave.items()}
    off = away if busy is None else {str(r): set(d) for r, d in busy.items()}
    out: dict[str, CoverRecord] = {}
    if found is not None and len(found):
        found = found[found["holder"].isin(list(on_leave)) & found["visitor"].isin(list(listed))]
        found = found[found["visitor"] != found["holder"]]
        totals = found.groupby(["holder", "visitor"])["visits"].sum().reset_index()
        for h, v, n in _first_free(totals, "visits", away, off):
            out[h] = CoverRecord(v, "visits", round(n))
    if order_days is None:
        return out | _absence_covers(history, on_leave, listed, away, as_of, holder_of, out, off)
    rest = [str(h) for h in on_leave if str(h) not in out]
    if not rest:
        return out
    parts = [
        absence_cover_orders(order_days, holder_of or {}, rest),
        _declared_cover_orders(history, leave, rest, as_of),
    ]
    orders = (
        pd.concat([p for p in parts if len(p)], ignore_index=True)
        if any(len(p) for p in parts)
        else None
    )
    if orders is None:
        return out
    orders = orders[orders["visitor"].isin(list(listed)) & (orders["visitor"] != orders["holder"])]
    totals = (
        orders.groupby(["holder", "visitor"])
        .agg(orders=("orders", "sum"), first=("first", "min"), last=("last", "max"))
        .reset_index()
    )
    spans = {
        (h, v): (a, b)
        for h, v, a, b in totals[["holder", "visitor", "first", "last"]].itertuples(index=False)
    }
    for h, v, n in _first_free(totals, "orders", away, off):
        a, b = spans[(h, v)]
        out[h] = CoverRecord(v, "orders", round(n), a, b)
    return out


def _absence_covers(
    history: History,
    on_leave: Mapping[str, Collection[date]],
    listed: set[str],
    away: Mapping[str, set[date]],
    as_of: date,
    holder_of: Mapping[str, str] | None,
    found: Mapping[str, CoverRecord],
    busy: Mapping[str, set[date]] | None = None,
) -> dict[str, CoverRecord]:
    """Trial 37 M2: for a rep on leave no declared leave's cover visits name, the colleague
    who booked on his accounts in a stretch he was away from his round though no Leave row
    says so (``core.at_work.absence_cover_stretches`` on the order days,
    ``account_days_of``: the same from raw rows and the compact history), away on none of
    the same list days: ``CoverRecord`` source "absence" with the stretch's account-days and
    its first and last day. For the Daily's cover only (the targets read declared leave).
    ``busy``: as ``_first_free``'s."""
    rest = [str(h) for h in on_leave if str(h) not in found]
    days = account_days_of(history, as_of) if rest else None
    if days is None or not len(days):
        return {}
    if holder_of is None:
        table = history.accounts
        named = table[table["account"].notna() & table["rep"].notna()]
        holder_of = dict(zip(named["account"].astype(str), named["rep"].astype(str), strict=True))
    seen = absence_cover_stretches(days, holder_of, rest)
    seen = seen[seen["visitor"].isin(list(listed))]
    spans = {
        (h, v): (a, b)
        for h, v, a, b in seen[["holder", "visitor", "first", "last"]].itertuples(index=False)
    }
    return {
        h: CoverRecord(v, "absence", round(n), *spans[(h, v)])
        for h, v, n in _first_free(seen, "orders", away, busy)
    }


def _holders(history: History, status: pd.DataFrame) -> dict[str, str]:
    """Account → its rep now: the Accounts table's (closed accounts too: who served them
    while their rep was away says who covers him), else the account status'."""
    out = dict(zip(status.index.astype(str), status["rep"].astype(str), strict=True))
    table = history.accounts
    if len(table):
        named = table[table["account"].notna() & table["rep"].notna()]
        out.update(zip(named["account"].astype(str), named["rep"].astype(str), strict=True))
    return out


def _first_free(
    totals: pd.DataFrame,
    count: str,
    away: Mapping[str, set[date]],
    busy: Mapping[str, set[date]] | None = None,
) -> list[tuple[str, str, float]]:
    """Per holder of ``totals`` (holder, visitor, ``count``): the visitor with the most, of
    two with as many the first by name, away on none of the holder's list days (``away``;
    the visitor's own from ``busy``, default ``away``)."""
    busy = away if busy is None else busy
    if not len(totals):
        return []
    totals = totals.sort_values(["holder", count, "visitor"], ascending=[True, False, True])
    free = [
        not (busy.get(str(v), set()) & away.get(str(h), set()))
        for h, v in totals[["holder", "visitor"]].itertuples(index=False)
    ]
    chosen = totals[np.array(free, dtype=bool)].drop_duplicates("holder")
    return [
        (str(h), str(v), float(n))
        for h, v, n in chosen[["holder", "visitor", count]].itertuples(index=False)
    ]


def _declared_cover_orders(
    history: History, leave: tuple[LeaveSpan, ...], holders: Collection[str], as_of: date
) -> pd.DataFrame:
    """ABSENCE_COVER_COLUMNS of the orders moved to a holder on his declared leave days
    (``core.at_work.with_cover_orders``: the booking rep kept in ``cover_orders``), their
    days those of his leave spans up to ``as_of`` in the months they fell in."""
    found = history.facts.cover_orders if history.facts is not None else history.cover_orders
    wanted = {str(h) for h in holders}
    rows: list[tuple[str, str, int, date, date]] = []
    if found is None or not len(found):
        return pd.DataFrame(rows, columns=list(ABSENCE_COVER_COLUMNS))
    found = found[found["holder"].astype(str).isin(wanted) & (found["orders"] > 0)]
    for (h, v), part in found.groupby(["holder", "visitor"]):
        months = set(part["month"])
        days = [
            (max(a, m.start_time.date()), min(b, m.end_time.date(), as_of))
            for r, a, b in leave
            if str(r) == str(h)
            for m in months
            if a <= m.end_time.date() and b >= m.start_time.date() and a <= as_of
        ]
        if days:
            first, last = min(d[0] for d in days), max(d[1] for d in days)
            rows.append((str(h), str(v), round(float(part["orders"].sum())), first, last))
    return pd.DataFrame(rows, columns=list(ABSENCE_COVER_COLUMNS))


# The targets of a departed rep's book a taker's pace carries (prospecting stays with nobody).
CARRIED_KPIS = ("visits", "orders", "revenue")


def taken_shares(
    taken_over: Collection[tuple[str, str, str, date | None]], departed: Collection[str]
) -> dict[str, dict[str, float]]:
    """taker → {departed rep: the share of the departed rep's accounts taken over during the
    year that the taker took} (``Handover.taken_over``: account, taker, giver, first line)."""
    return shares_of(taken_days(taken_over, departed))


def shares_of(
    books: Mapping[str, Mapping[str, tuple[int, int, date | None]]],
) -> dict[str, dict[str, float]]:
    """``taken_days``' counts as each taker's share of each departed rep's accounts."""
    return {t: {g: n / total for g, (n, total, _) in m.items()} for t, m in books.items()}


def taken_days(
    taken_over: Collection[tuple[str, str, str, date | None]], departed: Collection[str]
) -> dict[str, dict[str, tuple[int, int, date | None]]]:
    """taker → {departed rep: (accounts he took, the departed rep's accounts taken over in
    all, the handover day)}: the day is the taker's first line on any of them (None when he
    has none yet). The pace counts the taken accounts' target from that day (``plan_daily``)
    and the list says so (``DailyPlan.taken``)."""
    gone = set(departed)
    out: dict[str, dict[str, tuple[int, int, date | None]]] = {}
    totals: dict[str, int] = {}
    for _account, taker, giver, day in taken_over:
        if giver in gone and taker not in gone:
            totals[giver] = totals.get(giver, 0) + 1
            n, _, first = out.setdefault(taker, {}).get(giver, (0, 0, None))
            if day is not None and (first is None or day < first):
                first = day
            out[taker][giver] = (n + 1, 0, first)
    return {
        taker: {g: (n, totals[g], first) for g, (n, _, first) in mine.items()}
        for taker, mine in out.items()
    }


def _rest_of_year(
    calendar: BusinessCalendar,
    targets: pd.DataFrame,
    rep: str,
    kpi: str,
    months: list[pd.Period],
    first: date,
) -> float:
    """What ``rep``'s month targets of ``kpi`` count on from ``first`` to the year's end: each
    month's target × the share of its working days from ``first`` on."""
    mine = targets[(targets["rep"] == rep) & (targets["kpi"] == kpi)]
    by_period = dict(zip(mine["period"], mine["target"].astype(float), strict=True))
    total = 0.0
    for m in months:
        value = by_period.get(f"{m.year:04d}-{m.month:02d}", np.nan)
        days = calendar.month_working_days(m)
        if not np.isfinite(value) or not days or days[-1] < first:
            continue
        total += value * sum(1 for d in days if d >= first) / len(days)
    return total


# The pace's month shape (trial 37 L2): what is left of a target is spread over the rest of
# the year in proportion to each remaining month's target (its target per working day), not
# evenly over the days: a heating-oil round asks more of a December day than of a March one.
# A KPI whose plan months lack a target (or sum to none) is spread evenly, as before. Each
# day's weight is also its weekday's (trial 51 M5: a half-day Saturday asked a weekday's
# pace): ``weekday_weights``.
PaceShape = dict[str, tuple[list[float], float, float]]


def weekday_weights(cap: int, own_caps: Mapping[int, int]) -> dict[int, float]:
    """Each weekday's share of a usual day's work, as the day cap reads it from the history
    (``weekday_capacities``): a weekday with a capacity of its own weighs its capacity ÷ the
    other days' (a Saturday of 15 visits against 27: 15/27); every other weekday 1."""
    if cap <= 0:
        return {}
    return {int(w): c / cap for w, c in own_caps.items()}


def _pace_shape(
    calendar: BusinessCalendar,
    targets: pd.DataFrame,
    rep: str,
    kpis: Collection[str],
    months: list[pd.Period],
    horizon: list[date],
    days_left: list[date],
    sales_days: list[date],
    weekdays: Mapping[int, float] | None = None,
) -> PaceShape:
    """Per KPI: each horizon day's weight (its month's target per working day × its weekday's
    weight, ``weekday_weights``), the weights' sum over ``days_left`` (the rep's working days
    of the year from the list's first day, leave out) and over ``sales_days`` (his days
    between the as-of date and the list, whose sales are still to come). A KPI without month
    targets weighs each day by its weekday only (1 a day without ``weekdays``: the even
    spread)."""
    labels = {f"{m.year:04d}-{m.month:02d}": (m.year, m.month) for m in months}
    # His month targets by KPI and period, read from the columns' lists in one pass (a
    # filter and a group of the frame per rep, then two columns per KPI group: ~3 ms a rep
    # of pandas calls on a couple of hundred rows). A later row of the same KPI and period
    # wins, as the group's dict did; a row without a KPI is in no group.
    by_kpi: dict[str, dict[str, float]] = {}
    for who, kpi, period, value in zip(
        targets["rep"].tolist(),
        targets["kpi"].tolist(),
        targets["period"].tolist(),
        targets["target"].astype(float).tolist(),
        strict=True,
    ):
        if who == rep and isinstance(kpi, str) and period in labels:
            by_kpi.setdefault(kpi, {})[period] = value
    per_day: dict[str, dict[tuple[int, int], float]] = {}
    counts = {(m.year, m.month): len(calendar.month_working_days(m)) for m in months}
    for kpi, values in by_kpi.items():
        got = {
            ym: values.get(lab, np.nan) / counts[ym] if counts[ym] else 0.0
            for lab, ym in labels.items()
        }
        per_day[kpi] = got
    week = weekdays or {}

    def on(days: list[date]) -> list[float]:
        return [float(week.get(d.weekday(), 1.0)) for d in days]

    day_on, left_on, gap_on = on(horizon), on(days_left), on(sales_days)
    out: PaceShape = {}
    ahead = [(d.year, d.month) for d in days_left]
    for kpi in kpis:
        got = per_day.get(kpi)
        if got is not None and ahead:
            weights = [got.get(ym, np.nan) for ym in ahead]
            if all(np.isfinite(weights)) and sum(weights) > 0:
                day_w = [float(got.get((d.year, d.month), 0.0)) for d in horizon]
                gap_w = [float(got.get((d.year, d.month), 0.0)) for d in sales_days]
                out[kpi] = (
                    [w * x if np.isfinite(w) else 0.0 for w, x in zip(day_w, day_on, strict=True)],
                    float(sum(w * x for w, x in zip(weights, left_on, strict=True))),
                    float(sum(w * x for w, x in zip(gap_w, gap_on, strict=True))),
                )
                continue
        out[kpi] = (day_on, float(sum(left_on)), float(sum(gap_on)))
    return out


def _day_share(shape: PaceShape, kpi: str, k: int) -> tuple[float, float]:
    """List day ``k``'s share of what is left of ``kpi`` (``_pace_shape``): its weight over the
    weight of every working day left from the list's first day (of those and the sales days
    still to come). The list's earlier days are taken as meeting their own pace (trial 51 M5:
    taken as selling nothing, the pace rose day by day through the list): so each day asks
    the same of its weight, a Saturday less by its weekday's weight."""
    weights, total, gap = shape[kpi]
    w = weights[k]
    rest = max(total, w)
    return (w / rest if rest > 0 else 0.0, w / (rest + gap) if rest + gap > 0 else 0.0)


def _on_weekdays(days: Collection[date], week: frozenset[int], first: date, last: date) -> int:
    """How many of ``days`` fall from ``first`` to ``last`` on the weekdays of ``week``."""
    return sum(1 for d in days if first <= d <= last and d.weekday() in week)


def _leave_share(
    calendar: BusinessCalendar, rep: str, months: list[pd.Period], targets: pd.DataFrame
) -> dict[str, float]:
    """Per KPI, the share of the rep's year target his month targets put on his leave days:
    Σ month target × the share of the month's working days he is away ÷ the year's sum of
    month targets (the year spread evenly over working days when no month has a target)."""
    labels = {f"{m.year:04d}-{m.month:02d}": m for m in months}
    mine = targets[(targets["rep"] == rep) & targets["period"].isin(list(labels))]
    away = {m: 1.0 - calendar.available_share(rep, m) for m in months}
    out: dict[str, float] = {}
    for kpi, rows in mine.groupby("kpi", sort=False):
        values = rows["target"].to_numpy(dtype=float)
        weights = np.array([away[labels[p]] for p in rows["period"]], dtype=float)
        total = float(np.nansum(values))
        if total > 0:
            out[str(kpi)] = float(np.nansum(values * weights)) / total
    if not out or len(out) < len(set(targets["kpi"])):
        # KPIs without month rows: the year's working days he is away.
        days = [len(calendar.month_working_days(m)) for m in months]
        gone = sum(d * away[m] for d, m in zip(days, months, strict=True))
        even = gone / sum(days) if sum(days) else 0.0
        for kpi in set(targets["kpi"]) - set(out):
            out[str(kpi)] = even
    return out


def _by_weekday(days: list[date]) -> list[int]:
    """How many of the days fall on each weekday (Monday first, seven counts)."""
    out = [0] * 7
    for d in days:
        out[d.weekday()] += 1
    return out


def _visit_days(history: History) -> pd.DataFrame:
    """What rep_capacity counts: raw visit rows (date, rep, kind: the columns it reads, so
    that ``_capacity_window`` filters no account or outcome text), or the compact history's
    visits per day."""
    if history.facts is not None:
        return history.facts.rep_days
    return history.visits[["date", "rep", "kind"]]


def _capacity_window(visits: pd.DataFrame, as_of: date, since: date | None = None) -> pd.DataFrame:
    """The rows of ``_visit_days`` that ``rep_capacity`` can count: its window, visits only;
    none before ``since`` (the history's start, ``History.first_date``)."""
    start = as_of - timedelta(days=CAPACITY_WINDOW_DAYS - 1)
    start = max(start, since) if since is not None else start
    keep = (visits["date"] >= pd.Timestamp(start)) & (visits["date"] <= pd.Timestamp(as_of))
    if "kind" in visits.columns:
        keep &= visits["kind"] == "visit"
    return visits[keep]


def _dates(column: pd.Series) -> list[date | None]:
    """Each value's day as a ``date`` (None where missing): ``Timestamp.date()`` per value,
    or for a tz-naive datetime column one cast to days (NumPy floors to the day, as .date()
    drops the time), without a Timestamp per account."""
    values = column.to_numpy()
    if values.dtype.kind == "M":
        return values.astype("datetime64[D]").astype(object).tolist()
    return [None if pd.isna(x) else x.date() for x in column]


def _schedule(
    rep: str,
    accounts: pd.DataFrame,
    horizon: list[date],
    n_days: int,
    cap: int,
    left: dict[str, float],
    remaining: tuple[int, int],
    plan_year: tuple[date, date],
    team_interval: float,
    week: frozenset[int] = ALL_WEEKDAYS,
    clock: Workdays | None = None,
    away: Collection[date] = (),
    shut_days: np.ndarray | None = None,
    shape: PaceShape | None = None,
    contact: date | None = None,
    day_caps: Mapping[int, int] | None = None,
    cover_of: np.ndarray | None = None,
    routes: list[_Deferred] | None = None,
) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """Earliest-deadline-first with look-ahead over one rep's accounts (see module doc).

    ``remaining``: the plan year's working days of the rep's weekdays from the list's first
    day, and those before it whose sales are not known yet (after the as-of date; the sales
    pace counts them too). ``week``: the weekdays he works (``rep_weekdays``); the other
    days of ``horizon`` get a day row marked ``off`` and no stops. ``clock``: the company
    calendar's working days (deadlines, overdue days and urgency count them). ``away``: the
    days of his leave: off (marked ``leave``), no stops. ``shut_days``: horizon day ×
    account, closed that day (``closed_months``): not listed on it, neither due nor pulled.

    ``plan_year``: its first and last day. A day before the plan year (a list made while
    budgeting next year) has no pace of the plan's to keep: its pace numbers are NaN and it
    pulls no visits forward for them, nor lists prospecting. ``shape``: each KPI's pace
    weights (``_pace_shape``; None: the even spread over ``remaining``).

    Route accounts (column ``route_days``, a weekday bit mask: ``core.route_days``): due on
    their next route weekday after their last contact (one the data do not reach, between
    the ``contact`` day and the list, taken as done), closed on the other weekdays, never
    pulled forward (listed only when due: so on its own weekdays, or the working day a
    holiday moves one to); overdue when that day is before the list's (a missed usual day).
    ``day_caps``: weekday → its own capacity (``weekday_capacities``), ``cap`` the others'.
    ``cover_of``: per account, True for a colleague's on leave (his stops marked ``cover``).
    ``routes``: where to leave each worked day for ``_route_days`` (its stops not routed yet,
    its distance NaN till then); None: each day is routed as it is planned."""
    fy_first, fy_last = plan_year
    remaining_days, sales_gap = remaining
    if shape is None:
        shape = {k: ([1.0] * len(horizon), float(remaining_days), float(sales_gap)) for k in left}
    if clock is None:
        clock = Workdays(BusinessCalendar(), horizon[0] - timedelta(400), horizon[-1])
    works = [d.weekday() in week and d not in away for d in horizon]
    # The rep's next list day after each day of the horizon (the day after it if none).
    after: list[date] = [horizon[-1] + timedelta(days=1)] * len(horizon)
    upcoming = after[-1]
    for k in range(len(horizon) - 1, -1, -1):
        after[k] = upcoming
        if works[k]:
            upcoming = horizon[k]
    # Each day's capacity (a weekday of his own: ``day_caps``), and the room on his days from
    # tomorrow through day k + j: the sum of their capacities.
    cap_of = [int((day_caps or {}).get(d.weekday(), cap)) for d in horizon]
    room_before = np.concatenate([[0], np.cumsum(np.array(works) * np.array(cap_of))]).tolist()
    ids = accounts.index.tolist()  # one conversion: iterating an Arrow index boxes each
    change = accounts["change"].tolist()  # by position, without pandas per row
    usual = accounts["usual"].to_numpy(dtype=float)
    rep_usual = usual[np.isfinite(usual) & (usual > 0)]
    fallback = float(np.median(rep_usual)) if len(rep_usual) else team_interval
    interval = np.where(np.isfinite(usual) & (usual > 0), usual, fallback)
    value = accounts["recent"].to_numpy(dtype=float)
    # What a visit protects: the better of the last two years' orders (module doc).
    prior = accounts["prior"].to_numpy(dtype=float) if "prior" in accounts else value
    worth = np.fmax(np.nan_to_num(value), np.nan_to_num(prior))
    # Stepped down and stayed down (module doc): at its level since, both years' orders
    # holding months of the old level.
    step_level = (
        accounts["step_level"].to_numpy(dtype=float)
        if "step_level" in accounts.columns
        else np.full(len(accounts), np.nan)
    )
    stepped = np.isfinite(step_level)
    worth = np.where(stepped, np.nan_to_num(step_level), worth)
    step_code = [""] * len(accounts)
    if stepped.any():
        since = accounts["step_since"].tolist()
        step_code = [f"stepped_down:{x}" if s else "" for x, s in zip(since, stepped, strict=True)]
    cut = np.quantile(value, 1 - HIGH_VALUE_SHARE) if len(value) else np.inf
    high = (value >= cut) & (value > 0)
    neglected = accounts["neglected"].to_numpy(dtype=bool)
    fading = accounts["fading"].to_numpy(dtype=bool)
    at_risk = neglected | fading  # cleared once visited: top priority only until then
    # Silent so long it may have closed (core.flags: the at-risk flag asks to check): its
    # stop says so, and the list does not bring it back at its old rhythm within its days
    # (trial 45 M4: a salon closed in June listed on 12/8 and again on 12/14). Once a visit
    # is typed the next list schedules it as any account.
    closing = (
        accounts["long_silent"].to_numpy(dtype=bool)
        if "long_silent" in accounts.columns
        else np.zeros(len(accounts), dtype=bool)
    )
    # ... and probably closed (flags ``probably_closed``): its one check visit says so.
    confirm = (
        accounts["probably_closed"].to_numpy(dtype=bool)
        if "probably_closed" in accounts.columns
        else np.zeros(len(accounts), dtype=bool)
    )
    # A seasonal account (core.daily_season): due from ``season_from``, not at risk.
    season_next = (
        accounts["season_next"].fillna(0).to_numpy(dtype=np.int64)
        if "season_next" in accounts.columns
        else np.zeros(len(accounts), dtype=np.int64)
    )
    seasonal = season_next > 0
    if seasonal.any():
        neglected, fading = neglected & ~seasonal, fading & ~seasonal
        at_risk, closing, confirm = at_risk & ~seasonal, closing & ~seasonal, confirm & ~seasonal
    last = _dates(accounts["last_visit"])
    # Per account once, what the stops show (not pd.isna per stop: tens of thousands at 1M).
    names = [
        "" if missing else str(x)
        for x, missing in zip(
            accounts["name"].tolist(), accounts["name"].isna().to_numpy(), strict=True
        )
    ]
    lat, lon = (
        [
            float(x) if present else np.nan
            for x, present in zip(accounts[c].tolist(), accounts[c].notna().to_numpy(), strict=True)
        ]
        for c in ("lat", "lon")
    )
    # Deadline: the last day the account is still within its interval — its last visit plus
    # the usual days between visits, moved to the next working day when that is a weekend
    # or holiday (a daily account seen on Friday is due on Monday). Never visited: the day
    # before the list, one interval after a notional last visit. ``seen_at``/``due_at`` are
    # those days counted in working days (``clock.through``): how overdue an account is
    # (urgency, overdue days) counts working days only.
    gap = np.round(interval).astype(np.int64)
    start = np.datetime64(horizon[0], "D")
    # One conversion of the list (None → NaT), not a datetime64 per account.
    seen_day = np.array(last, dtype="datetime64[D]")
    visited = ~np.isnat(seen_day)
    last_day = np.where(visited, seen_day, start - 1 - gap)
    due_day = np.where(visited, clock.roll(last_day + gap), start - 1)
    route = (
        accounts["route_days"].fillna(0).to_numpy(dtype=np.int64)
        if "route_days" in accounts.columns
        else np.zeros(len(ids), dtype=np.int64)
    )
    # A route on a weekday the rep does not work (his days off, the company's closed
    # weekdays) is no route of his: the interval rule.
    on_route = (route > 0) & visited & ((route & ~weekday_bits(week)) == 0)
    route = np.where(on_route, route, 0)
    if on_route.any():
        # Its next route weekday after its last contact; one between the data's last day
        # and the list (the data do not say) is taken as done: the next from the list on.
        seen_n = last_day[on_route].astype(np.int64)
        bits = route[on_route]
        nxt_day = next_route_day(seen_n, bits, clock)
        if contact is not None:
            gone = int(np.datetime64(contact, "D").astype(np.int64))
            unknown = nxt_day > gone
            nxt_day = np.where(
                unknown,
                next_route_day(np.maximum(seen_n, int(start.astype(np.int64)) - 1), bits, clock),
                nxt_day,
            )
        due_day[on_route] = nxt_day.astype("datetime64[D]")
    # A route of visit days (``route_and_source``) is said as the rep's visit days, not 納品.
    by_visits = (
        accounts["route_visits"].fillna(False).to_numpy(dtype=bool)
        if "route_visits" in accounts.columns
        else np.zeros(len(ids), dtype=bool)
    )
    route_code = [
        ("route_visit:" if v else "route:") + "".join(str(w) for w in bits_weekdays(int(b)))
        if b
        else ""
        for b, v in zip(route, by_visits, strict=True)
    ]
    if seasonal.any():
        # Due on the first day he works in the month before its season (or in it): the
        # months it is silent in are no gap of its visits.
        worked = [d for d, w in zip(horizon, works, strict=True) if w]
        starts = [
            next((d for d in worked if d >= f), f) if f is not None else None
            for f in _dates(accounts["season_from"])
        ]
        season_from = np.array(starts, dtype="datetime64[D]")
        # Seen in the month before (the season's visits begun): its own rhythm from then.
        begun = visited & (last_day >= season_from - 31)
        season_due = np.where(begun, np.maximum(due_day, season_from), season_from)
        due_day = np.where(seasonal & ~np.isnat(season_from), season_due, due_day)
    deadline: list[date] = due_day.astype(object).tolist()
    # Day ordinals for the per-day sorts done by NumPy (``lexsort`` on finite keys).
    due_at = due_day.astype(np.int64) + _EPOCH_ORDINAL
    seen_at = clock.through(last_day)
    due_work = clock.through(due_day)
    span = np.maximum(due_work - seen_at, 1).astype(float)  # working days in the interval
    # The rest rule (module doc): the first day each account may be listed again (day
    # ordinals), and whether its own rhythm lets it come on the next working day.
    rest_days = np.ceil(interval * REST_SHARE - 1e-9).astype(np.int64)
    ready_at = last_day.astype(np.int64) + _EPOCH_ORDINAL + rest_days
    daily_rhythm = interval <= DAILY_RHYTHM
    minus_value = -value
    # The per-stop reads below from lists (a NumPy scalar per read costs more than the row).
    interval_of, value_of = interval.tolist(), value.tolist()
    high_of, fading_of, neglected_of = high.tolist(), fading.tolist(), neglected.tolist()
    closing_of = closing.tolist()
    confirm_of = confirm.tolist()
    worth_of = worth.tolist()
    covering_of = cover_of.tolist() if cover_of is not None else [False] * len(ids)
    # A not-scheduled account's stake and share on its first missed day.
    stake_of: dict[int, tuple[float, float]] = {}
    first_missed: dict[int, date] = {}
    stops: list[dict[str, object]] = []
    days_out: list[dict[str, object]] = []
    for k, day in enumerate(horizon[:n_days]):
        if not works[k]:  # his day off or leave: no list, said in words on the sheet
            days_out.append(_day_off(rep, day, leave=day in away))
            continue
        nxt = after[k]
        tomorrow = nxt.toordinal()
        work_today = clock.through_day(day)
        in_year = fy_first <= day <= fy_last
        # Each KPI's share of what is left that today asks (``_day_share``): today's weight
        # over the weight of the days left as of the data's last day (1 ÷ those days when
        # spread evenly), the list's earlier days taken as meeting their own pace.
        asks = {kk: _day_share(shape, kk, k) for kk in shape} if in_year else {}
        pace_visits = left["visits"] * asks["visits"][0] if in_year else 0.0
        # The yen at stake per account today (module doc), and how far past its deadline it
        # is in intervals (the tie-break). ``later``: pulled forward, after the must-see ones.
        # Rested: past the rest rule's days since its last visit, and not the working day
        # right after it (a daily rhythm excepted). Pulled-forward visits and at-risk ones
        # wait for it; a due one goes on its deadline, its own rhythm.
        rested = (ready_at <= day.toordinal()) & (daily_rhythm | (work_today - seen_at >= 2))
        rested &= ~on_route  # on its own weekdays only, when due: never pulled forward
        needed = (at_risk & rested) | (due_at < tomorrow)
        if on_route.any():  # not on another weekday, unless its route day moved there
            today_ord = day.toordinal()
            moved_here = (due_at >= today_ord) & (due_at < tomorrow)
            needed &= ~(on_route & ~((route >> day.weekday()) & 1 > 0) & ~moved_here)
        if shut_days is not None:  # closed this month every year: not today
            needed &= ~shut_days[k]
            rested = rested & ~shut_days[k]
        urgency = np.clip((work_today - seen_at) / span, 0.0, MAX_URGENCY)
        urgency = np.where(needed, np.maximum(urgency, MIN_URGENCY), urgency)
        share = urgency * interval / YEAR_DAYS * np.where(at_risk, AT_RISK_WEIGHT, 1.0)
        share = np.minimum(share, MAX_STAKE_SHARE)
        stake = worth * share
        over = (work_today - due_work) / span
        keys = (~needed, -stake, -over, minus_value)
        must = _by_priority(np.flatnonzero(needed), keys)
        cap_k = cap_of[k]
        take = must[:cap_k].tolist()
        missed = must[cap_k:]
        for i in missed[due_at[missed] < tomorrow].tolist():
            if i not in first_missed:  # the first day it should have gone, and its stake then
                first_missed[i] = day
                stake_of[i] = (float(stake[i]), float(share[i]))
        free = np.ones(len(ids), dtype=bool)
        free[take] = False
        others = np.flatnonzero(free)
        others = others[np.lexsort((others, minus_value[others], due_at[others]))]
        # Look ahead: if the days after today cannot absorb what falls due by then, start now.
        pull = 0
        others_due = due_at[others]  # ascending: sorted by deadline first
        for j in range(1, min(LOOKAHEAD_DAYS, len(horizon) - k - 1)):
            # due before that day, against the room on his days from tomorrow through k + j
            demand = int(np.searchsorted(others_due, horizon[k + j + 1].toordinal(), "left"))
            pull = max(pull, demand - (room_before[k + j + 1] - room_before[k + 1]))
        need = math.ceil(pace_visits - 1e-9) - len(take)
        pull = max(0, min(cap_k - len(take), max(pull, need)))
        # Only rested accounts are pulled forward: the pace is never kept by seeing the same
        # shop again before its rest is over. What the pace asks for beyond them (room left)
        # is the day's pace gap, said in one line instead of padded (a rep holding no
        # accounts has no list to pad: his pace line says it all).
        pulled = others[rested[others]][:pull].tolist()
        pace_gap = max(0, min(need, cap_k - len(take)) - len(pulled)) if in_year and ids else 0
        take += pulled
        order = _by_priority(np.array(take, dtype=np.int64), keys)
        ordered = order.tolist()
        # The day's stops' numbers as Python values at once (a NumPy scalar per read cost
        # more than the row): the very floats and ints ``float(stake[i])`` etc. gave.
        stakes, shares = stake[order].tolist(), share[order].tolist()
        late = (work_today - due_work[order]).tolist()
        day_stops = []
        for rank, (i, stake_i, share_i, late_i) in enumerate(
            zip(ordered, stakes, shares, late, strict=True), start=1
        ):
            reasons = [_tier(at_risk[i], deadline[i], day, nxt)]
            if reasons[0] == "at_risk":  # which at-risk rule, as on the Flags sheet
                reasons += [
                    c
                    for c, hit in (
                        ("fading", fading_of[i]),
                        ("neglected", neglected_of[i]),
                        ("long_silent", closing_of[i]),
                        ("probably_closed", confirm_of[i]),
                    )
                    if hit
                ]
            if route_code[i]:  # its route weekdays (「月・水・金 納品」); a missed usual day
                missed_day = ["route_missed"] if reasons[0] == "overdue" else []
                tiers = [] if reasons[0] in ("due", "overdue", "ahead") else reasons
                reasons = [*tiers, route_code[i], *missed_day]
            if season_next[i]:  # 季節の取引先: its next order month
                reasons.append(f"season:{int(season_next[i])}")
            if high_of[i]:
                reasons.append("high_value")
            if step_code[i]:  # ranked at its level since it stepped down
                reasons.append(step_code[i])
            if covering_of[i]:  # a colleague's on leave: 代行
                reasons.append("cover")
            day_stops.append(
                {
                    "rep": rep,
                    "date": day,
                    "kind": "visit",
                    "order": rank,
                    "priority": rank,
                    "account": str(ids[i]),
                    "name": names[i],
                    "reasons": tuple(reasons),
                    "overdue_days": max(0, late_i),
                    "due": deadline[i],
                    "change": float(change[i]),
                    "last_visit": last[i],
                    "interval": interval_of[i],
                    "value": value_of[i],
                    "stake": stake_i,
                    "share": share_i,
                    "basis": worth_of[i],
                    "distance": np.nan,
                    "lat": lat[i],
                    "lon": lon[i],
                }
            )
        # The day's route now, or with every rep's days once all are scheduled (``routes``:
        # ``_route_days``; nothing below reads the stops' order or the route's length).
        at = len(stops)
        route_km = _route(day_stops) if routes is None else np.nan
        stops += day_stops
        if take:  # the visited accounts' next deadlines, for all of them at once
            went = np.array(take, dtype=np.int64)
            rolled = clock.roll(np.datetime64(day, "D") + gap[went])
            routed = on_route[went]
            if routed.any():  # its next route weekday
                today_n = np.full(int(routed.sum()), np.datetime64(day, "D").astype(np.int64))
                rolled[routed] = next_route_day(today_n, route[went][routed], clock).astype(
                    "datetime64[D]"
                )
            due_at[went] = rolled.astype(np.int64) + _EPOCH_ORDINAL
            due_work[went] = clock.through(rolled)
            at_risk[went] = False
            seen_at[went] = work_today
            ready_at[went] = day.toordinal() + rest_days[went]
            checked = went[closing[went]]
            if len(checked):  # visited to see whether it is still open: not again here
                due_at[checked] = ready_at[checked] = _NEVER
            span[went] = np.maximum(due_work[went] - work_today, 1)
            for i, due in zip(take, rolled.astype(object).tolist(), strict=True):
                last[i] = day
                deadline[i] = due
                first_missed.pop(i, None)
        # Before the year: no pace of the plan's (NaN). Orders and revenue also spread over
        # the days between the as-of date and the list (their sales still to come).
        prospects = {
            k2: left[k2] * asks[k2][1 if k2 in ("orders", "revenue") else 0] if in_year else np.nan
            for k2 in ("orders", "revenue", "meetings", "appointment_attempts")
        }
        # Prospecting only when the new-account pipeline needs at least a tenth of a
        # meeting or attempt a day (below that the row says "0.0" and helps nobody).
        if in_year and max(prospects["meetings"], prospects["appointment_attempts"]) >= 0.1:
            stops.append(
                {
                    "rep": rep,
                    "date": day,
                    "kind": "prospecting",
                    "account": "",
                    "name": "",
                    "reasons": ("meeting",),
                    "value": prospects["meetings"],
                    "interval": prospects["appointment_attempts"],
                }
            )
        days_out.append(
            {
                "rep": rep,
                "date": day,
                "visits": len(take),
                "capacity": cap_k,
                "pace_visits": max(pace_visits, 0.0) if in_year else np.nan,
                "pace_orders": prospects["orders"],
                "pace_revenue": prospects["revenue"],
                "pace_meetings": prospects["meetings"],
                "pace_attempts": prospects["appointment_attempts"],
                "distance": route_km,
                "off": False,
                "leave": False,
                "pace_gap": pace_gap,
            }
        )
        if routes is not None:
            routes.append((day_stops, stops, at, days_out[-1]))
    end_work = clock.through_day(horizon[n_days - 1])
    for i, day in sorted(first_missed.items(), key=lambda x: (x[1], x[0])):
        stops.append(
            {
                "rep": rep,
                "date": day,
                "kind": "not_scheduled",
                "account": str(ids[i]),
                "name": names[i],
                "reasons": ("capacity",),
                "overdue_days": max(0, end_work - int(due_work[i])),
                "due": deadline[i],
                "change": float(change[i]),
                "last_visit": last[i],
                "interval": float(interval[i]),
                "value": float(value[i]),
                "stake": stake_of[i][0],
                "share": stake_of[i][1],
                "basis": worth_of[i],
            }
        )
    return stops, days_out


def _day_off(rep: str, day: date, *, leave: bool = False) -> dict[str, object]:
    """The day row of a weekday the rep does not work (``leave``: a day of his leave): no
    visits, no room, no pace."""
    return {
        "rep": rep,
        "date": day,
        "visits": 0,
        "capacity": 0,
        "pace_visits": np.nan,
        "pace_orders": np.nan,
        "pace_revenue": np.nan,
        "pace_meetings": np.nan,
        "pace_attempts": np.nan,
        "distance": np.nan,
        "off": True,
        "leave": leave,
        "pace_gap": 0,
    }


def _by_priority(
    idx: np.ndarray, keys: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]
) -> np.ndarray:
    """``idx`` sorted by the day's priority: must-see before pulled forward, most yen at
    stake, most overdue (in intervals), larger account, then index — the tuple order, by
    ``lexsort`` (whose last key is the first)."""
    later, minus_stake, minus_over, minus_value = keys
    return idx[np.lexsort((idx, minus_value[idx], minus_over[idx], minus_stake[idx], later[idx]))]


def _tier(at_risk: bool, deadline: date, day: date, nxt: date) -> str:
    if at_risk:
        return "at_risk"
    if deadline < day:
        return "overdue"
    if deadline < nxt:
        return "due"
    return "ahead"


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


@functools.cache
def _pairs(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Row and column indexes of the upper triangle (a day's stop count repeats)."""
    iu, ju = np.triu_indices(n, 1)
    iu.flags.writeable = ju.flags.writeable = False
    return iu, ju


@functools.cache
def _later(n: int) -> np.ndarray:
    """``later[r, k]``: k > r (2-opt's pairs of positions; a day's stop count repeats)."""
    later = np.triu(np.ones((n, n), dtype=bool), 1)
    later.flags.writeable = False
    return later


def _haversine_roots(pts: np.ndarray) -> np.ndarray:
    """``min(1, sqrt(a))`` of ``haversine_km`` for each pair of ``_pairs``, bit for bit: the
    arithmetic in ``haversine_km``'s order, with libm's square (``np.float_power`` calls
    ``pow``, as Python's ``x ** 2`` does; ``x * x`` may differ in the last bit)."""
    iu, ju = _pairs(len(pts))
    lat, lon = pts[:, 0], pts[:, 1]
    p = np.radians(lat)
    dp = p[ju] - p[iu]
    dl = np.radians(lon[ju] - lon[iu])
    cos_p = np.cos(p)
    a = np.float_power(np.sin(dp / 2), 2.0) + cos_p[iu] * cos_p[ju] * np.float_power(
        np.sin(dl / 2), 2.0
    )
    return np.minimum(1.0, np.sqrt(a))


# Beyond this root (a distance past ~17,000 km) the arcsine magnifies its input's error more
# than ASIN_TOL allows for a root from ``x * x``: such a day takes ``_haversine_roots``.
_FAST_ROOT_MAX = 0.99


def _fast_roots(pts: np.ndarray) -> np.ndarray:
    """``_haversine_roots`` with the squares as ``x * x`` (correctly rounded; libm's ``pow``
    is within an ulp of it): each root within ~2 ulps of the exact one, so each route distance
    stays within a few ulps, far inside ASIN_TOL, of ``haversine_km``'s — the route decides
    on the very same comparisons. ``np.float_power`` was two thirds of the roots' time."""
    iu, ju = _pairs(len(pts))
    lat, lon = pts[:, 0], pts[:, 1]
    p = np.radians(lat)
    half_dp = np.sin((p[ju] - p[iu]) / 2)
    half_dl = np.sin(np.radians(lon[ju] - lon[iu]) / 2)
    cos_p = np.cos(p)
    root = np.sqrt(half_dp * half_dp + cos_p[iu] * cos_p[ju] * (half_dl * half_dl))
    if len(root) and not float(root.max()) <= _FAST_ROOT_MAX:  # far apart, or NaN
        return _haversine_roots(pts)
    return np.minimum(1.0, root)


def _symmetric(upper: np.ndarray, n: int, size: int) -> np.ndarray:
    """A ``size`` × ``size`` matrix of zeros with ``upper`` (the pairs of n stops) in its
    top-left n × n, both ways (haversine is symmetric bit for bit: sin² is even, · commutes).
    The pairs go in by the upper triangle's mask (``_later``; ``_pairs`` lists them in its
    row-major order) and the lower triangle is the upper's transpose added to zeros: every
    value as it came, in about half the time of two scatters by index."""
    top = np.zeros((n, n))
    top[_later(n)] = upper
    d = np.zeros((size, size))
    np.add(top, top.T, out=d[:n, :n])
    return d


def distance_matrix(points: list[tuple[float, float]] | np.ndarray) -> np.ndarray:
    """All pairwise great-circle distances in km, each bit for bit ``haversine_km``'s.

    The arcsine is ``math.asin`` once per pair: NumPy's SIMD one differs in the last bit
    (see ``_RouteDistances``, which the route uses instead).
    """
    pts = np.asarray(points, dtype=float).reshape(-1, 2)
    root = _haversine_roots(pts)
    upper = 2 * EARTH_KM * np.fromiter(map(math.asin, root.tolist()), float, len(root))
    return _symmetric(upper, len(pts), len(pts))


# np.arcsin (a SIMD routine, within 4 ulps of the true value; measured: 1 ulp) differs from
# libm's asin, which haversine_km uses, in the last bit of about one value in twelve. The
# route decides on the fast values and settles every comparison they are too close to call
# with the exact ones, allowing each fast distance a relative error of ASIN_TOL (64 times
# what the SIMD routines promise): the very decisions, so the very route, of exact distances.
ASIN_TOL = 2.0**-44


class _RouteDistances:
    """A day's distances for the route: fast (np.arcsin) for its decisions, exact
    (``haversine_km``'s) wherever a decision is too close to call and for what is shown.

    Stop ``n`` is a zero-distance dummy after the end of the open path (2-opt's last edge).
    """

    def __init__(self, points: list[tuple[float, float]]) -> None:
        self.points = points
        self.n = n = len(points)
        pts = np.asarray(points, dtype=float).reshape(-1, 2)
        self.fast = _symmetric(2 * EARTH_KM * np.arcsin(_fast_roots(pts)), n, n + 1)
        # A sum of two fast distances against another sum (less 1e-9) is within this of the
        # same comparison on exact distances: four relative errors and a few roundings.
        self.margin = 8 * ASIN_TOL * float(self.fast.max())

    def exact(self, x: int, y: int) -> float:
        """From stop x to stop y in km: ``haversine_km`` (0.0 to or from the dummy)."""
        if x == self.n or y == self.n:
            return 0.0
        return haversine_km(*self.points[x], *self.points[y])


def short_route(points: list[tuple[float, float]]) -> list[int]:
    """A short open path through the points, starting at the first (the top priority).

    Nearest neighbour (ties to the lower index), then 2-opt until no reversal shortens it:
    within a few percent of the best route for a day's 5–15 stops. The 2-opt scan is the
    classic first-improvement one (i ascending, then j ascending, a reversal applied as soon
    as it is found and the scan going on from the next j), done with NumPy a block of rows
    at a time (``_two_opt``).
    """
    n = len(points)
    if n < 3:
        return list(range(n))
    dist = _RouteDistances(points)
    return _two_opt(dist, _nearest_neighbour(dist))


def _nearest_neighbour(dist: _RouteDistances) -> list[int]:
    n = dist.n
    path = [0]
    # The matrix transposed, so that a visited stop is one contiguous row set to inf as it is
    # taken (not a column, a strided write) and each step is one argmin of a column, which
    # is the row of the stop it leaves.
    masked = dist.fast[:n, :n].T.copy()
    masked[0] = np.inf
    here = 0
    for _ in range(n - 1):
        here = int(masked[:, here].argmin())  # the first minimum: ties to the lower index
        path.append(here)
        masked[here] = np.inf
    if _near_ties(dist, path):
        return _nearest_neighbour_exact(dist)
    return path


def _near_ties(dist: _RouteDistances, path: list[int]) -> bool:
    """Whether any step of a nearest-neighbour path on the fast distances had another stop
    left within ``ASIN_TOL`` of the one taken (exactly, it might have been nearer)."""
    n = dist.n
    order = np.array(path)
    pos = np.empty(n, dtype=np.int64)
    pos[order] = np.arange(n)
    rows = dist.fast[order[:-1], :n]  # step s: from path[s] to every stop
    taken = rows[np.arange(n - 1), order[1:]]
    later = pos[None, :] > np.arange(1, n)[:, None]  # still left after step s's choice
    return bool(((rows <= taken[:, None] * (1 + 4 * ASIN_TOL)) & later).any())


def _nearest_neighbour_exact(dist: _RouteDistances) -> list[int]:
    """Nearest neighbour with every near tie on the fast distances settled on exact ones."""
    n = dist.n
    path = [0]
    left = np.ones(n, dtype=bool)
    left[0] = False
    for _ in range(n - 1):
        here = path[-1]
        row = np.where(left, dist.fast[here, :n], np.inf)
        near = np.flatnonzero(row <= row.min() * (1 + 4 * ASIN_TOL)).tolist()
        nearest = min(near, key=lambda j: (dist.exact(here, j), j))
        path.append(nearest)
        left[nearest] = False
    return path


def _two_opt(dist: _RouteDistances, path: list[int]) -> list[int]:
    """First-improvement 2-opt on an open path with a fixed start, until a pass finds none.

    Reversing path[i..j] turns edges (i-1, i) and (j, j+1) into (i-1, j) and (i, j+1). The
    scan looks at the pairs (i, j) in the one-pair-at-a-time order (i ascending, then j
    ascending, a reversal applied as soon as it is found and the scan going on from the
    next j of the same i), a block of rows at once on the current tour: the first pair of
    the block (row by row, from the pair after the last reversal) that gains is the very
    pair that scan reverses next. A block starts ``ROUTE_BLOCK`` rows tall after a reversal
    (the next gain is usually near) and doubles, up to ``ROUTE_BLOCK_MAX``, while none is
    found (a pass's long quiet stretches in few NumPy steps). A gain within ``dist.margin``
    of the threshold on the fast distances is settled on the exact ones.

    The block scan screens on float32 copies of the fast distances (half the memory each
    step reads and each reversal moves: issue 14), widened by ``screen`` (more than float32's
    rounding of the sums can move them), so every pair the float64 screen passes it passes
    too; each pair it passes is then screened again on the float64 values, with the very
    arithmetic of the float64 scan (``gains``), before any decision: the same pairs, in the
    same order, so the same route.
    """
    n = dist.n
    margin = dist.margin
    fast = dist.fast
    tour = np.array([*path, n])  # n: the zero-distance dummy after the end
    # The same tour as a list: ``gains`` reads four stops by position (a list index each, not
    # a NumPy gather per candidate), reversed along with ``tour``.
    stops = [*path, n]
    # P[r, k]: from the stop at tour position r to the one at position k (k > r), kept in
    # tour order both ways as the tour changes: every distance the scan reads is a slice,
    # never a gather. edge[k] = P[k, k + 1], a view (0.0 after the last). (Two ``take``s:
    # ~2× faster than one ``np.ix_`` gather.)
    P = fast.astype(np.float32).take(tour, 0).take(tour, 1)
    edge = np.diagonal(P, 1)
    later = _later(n)  # later[r, k]: k > r
    # A gain on exact distances is one here (the margin takes the fast values' error and
    # the order of the sums: a few ulps); gains settles the close ones.
    possible = 1e-9 - margin
    # float32 rounds each distance and each sum within 2⁻²⁴ of the largest sum (2 × the
    # largest distance): 64 of those over both sides is far more than the screen can move.
    screen = np.float32(64 * 2.0**-24 * 2 * float(fast.max()) + 1e-6)
    widened = np.float32(possible) - screen
    settled = 1e-9 + margin
    exact = dist.exact

    def gains(i: int, j: int) -> bool:
        """Whether reversing i..j shortens the path (on exact distances when close): first
        the float64 scan's own screen, then its fast test, then the exact one."""
        a, b, c, d = stops[i - 1], stops[i], stops[j], stops[j + 1]
        ab, cd, ac, bd = fast[a, b], fast[c, d], fast[a, c], fast[b, d]
        if not ac + bd < (ab - possible) + cd:
            return False
        if ac + bd < ab + cd - settled:
            return True
        return exact(a, c) + exact(b, d) < exact(a, b) + exact(c, d) - 1e-9

    improved = True
    while improved:
        improved = False
        i, j0, block = 1, 2, ROUTE_BLOCK  # the next pair to look at: row i from column j0
        while i < n - 1:
            stop = min(i + block, n - 1)
            width = n - i - 1  # columns i + 1 .. n - 1
            # after − edge[j] < edge[i − 1] − widened: the float64 scan's after < before with
            # the column's edge moved over (float32 roundings, within ``screen``), in place:
            # two fewer temporaries per step.
            after = P[i - 1 : stop - 1, i + 1 : n] + P[i:stop, i + 2 : n + 1]
            after -= edge[i + 1 : n]
            maybe = after < (edge[i - 1 : stop - 1] - widened)[:, None]
            maybe &= later[i:stop, i + 1 : n]
            maybe[0, : j0 - i - 1] = False  # row i's pairs before j0: looked at already
            found = None
            for at in np.flatnonzero(maybe).tolist():  # row by row, j ascending
                r, c = divmod(at, width)
                if gains(i + r, i + 1 + c):
                    found = (i + r, i + 1 + c)
                    break
            if found is None:
                i, j0, block = stop, stop + 1, min(2 * block, ROUTE_BLOCK_MAX)
                continue
            i, j = found
            # Overlapping assignments: NumPy copies the reversed view first. Only P's upper
            # triangle (k > r) is ever read (the block scan masks the rest with ``later``),
            # so only it is kept: the rows above the segment get its columns reversed, the
            # segment's rows its right-hand part reversed, and the segment's own block is its
            # transpose reversed both ways (the distances are symmetric bit for bit, so that
            # is the very value the full reversal would move there). Half the copying of
            # reversing all rows and all columns.
            tour[i : j + 1] = tour[i : j + 1][::-1]
            stops[i : j + 1] = stops[j : i - 1 : -1]  # i ≥ 1: stops j, j − 1, …, i
            P[:i, i : j + 1] = P[:i, i : j + 1][:, ::-1]
            P[i : j + 1, j + 1 :] = P[i : j + 1, j + 1 :][::-1]
            P[i : j + 1, i : j + 1] = P[i : j + 1, i : j + 1].T[::-1, ::-1]
            improved = True
            j0, block = j + 1, ROUTE_BLOCK  # row i goes on from the pair after the reversal
    return stops[:-1]


def route_length(points: list[tuple[float, float]], path: list[int]) -> float:
    """Length in km of an open path."""
    return sum(haversine_km(*points[a], *points[b]) for a, b in itertools.pairwise(path))


# A day's route (``route_plan``): the stops' order on it, and each stop's km from the one
# before (0.0 for the first).
RoutePlan = tuple[list[int], list[float]]
Points = list[tuple[float, float]]
# How ``plan_daily`` may have some days' routes planned elsewhere meanwhile (routekpi.aside:
# a forked child on a big run): ``router(route_plans, points)`` starts ``route_plans(points)``
# and returns what waits for its result (None from the wait: it failed), or None when it
# cannot start; those days are then routed here. Every route is the same either way.
Router = Callable[
    [Callable[[list[Points]], list[RoutePlan]], list[Points]],
    Callable[[], list[RoutePlan] | None] | None,
]


def _located(day_stops: list[dict[str, object]]) -> list[dict[str, object]]:
    """The day's stops with coordinates (the route's), in the day's order."""
    # ``math.isfinite``: the stops' coordinates are floats (``_schedule``), and NumPy's on a
    # Python float cost ~1 µs a call, twice per stop (tens of thousands at 1M order rows).
    return [s for s in day_stops if math.isfinite(s["lat"]) and math.isfinite(s["lon"])]  # type: ignore[arg-type]


def _points(located: list[dict[str, object]]) -> Points:
    return [(float(s["lat"]), float(s["lon"])) for s in located]  # type: ignore[arg-type]


def route_plan(points: Points) -> RoutePlan:
    """A short open route through ``points`` from the first (``short_route``'s, on the fast
    distances with exact ties), and each stop's exact km from the one before on it."""
    dist = _RouteDistances(points)
    path = (
        _two_opt(dist, _nearest_neighbour(dist)) if len(points) >= 3 else list(range(len(points)))
    )
    return path, _steps_km(dist.points, path)


def _steps_km(points: Points, path: list[int]) -> list[float]:
    """Each stop's km from the one before on ``path`` (0.0 for the first), each bit for bit
    ``haversine_km``'s from the stop before to it: its arithmetic in its order by NumPy for
    the whole path at once (``_haversine_roots``' functions, which give libm's values), the
    arcsine libm's (``math.asin``). A call of ``haversine_km`` a stop: ~18 ms against ~8 for
    the ~24,000 stops of a million order lines' Daily list (issue 14)."""
    if len(path) < 2:
        return [0.0] * len(path)
    pts = np.asarray(points, dtype=float).reshape(-1, 2)[path]
    p = np.radians(pts[:, 0])
    dp = p[1:] - p[:-1]
    dl = np.radians(pts[1:, 1] - pts[:-1, 1])
    cos_p = np.cos(p)
    a = np.float_power(np.sin(dp / 2), 2.0) + cos_p[:-1] * cos_p[1:] * np.float_power(
        np.sin(dl / 2), 2.0
    )
    # The coordinates are finite (``_located``), so no NaN meets ``min``'s 1.0 here.
    roots = np.minimum(1.0, np.sqrt(a)).tolist()
    return [0.0, *[2 * EARTH_KM * math.asin(r) for r in roots]]


def route_plans(days: list[Points]) -> list[RoutePlan]:
    """``route_plan`` of each day's points (what a router runs elsewhere)."""
    return [route_plan(points) for points in days]


def _route(day_stops: list[dict[str, object]], plan: RoutePlan | None = None) -> float:
    """Reorder a day's stops along a short route; stops without coordinates go last.

    Sets ``order`` and ``distance`` (km from the previous stop) in place; returns the day's
    route length (NaN without coordinates). ``plan``: the route of the day's located stops,
    planned already (``route_plan``).
    """
    located = _located(day_stops)
    if not located:
        return np.nan
    seen = {id(s) for s in located}
    rest = [s for s in day_stops if id(s) not in seen]
    path, steps = plan if plan is not None else route_plan(_points(located))
    total = 0.0
    for pos, idx in enumerate(path):
        stop = located[idx]
        stop["order"] = pos + 1
        stop["distance"] = steps[pos]
        if pos:
            total += steps[pos]
    for pos, stop in enumerate(rest, start=len(located) + 1):
        stop["order"] = pos
    day_stops.sort(key=lambda s: s["order"])  # type: ignore[arg-type, return-value]
    return total


# A day whose route ``_schedule`` left for later: its stops, the rep's stop list and the
# position they start at in it, and its day row (whose ``distance`` is the route's length).
_Deferred = tuple[list[dict[str, object]], list[dict[str, object]], int, dict[str, object]]
# The share of the routes' work a router's process gets less than half of: it starts late
# by its fork and sends its plans back (measured at a million order lines: ~80 days of
# ~300 stops, ~6 ms each; the fork and the answer ~20 ms).
ROUTER_HANDICAP = 0.05


def _route_days(pending: list[_Deferred], router: Router | None) -> None:
    """Route the days ``_schedule`` left (``routes``): each day's stops reordered in place
    and put back in its rep's list, its day row's distance set; with a ``router``, about
    half the days' routes planned by it meanwhile (the longest first to the lighter side),
    the rest here. The same routes as ``_route`` day by day, in any case."""
    located = [_located(day_stops) for day_stops, *_ in pending]
    plans: list[RoutePlan | None] = [None] * len(pending)
    work = [i for i, loc in enumerate(located) if len(loc) >= 3]
    theirs: list[int] = []
    if router is not None and len(work) >= 2:
        cost = {i: float(len(located[i])) ** 2 for i in work}
        mine_load, their_load = 0.0, ROUTER_HANDICAP * sum(cost.values())
        for i in sorted(work, key=lambda i: (-cost[i], i)):
            if their_load < mine_load:
                theirs.append(i)
                their_load += cost[i]
            else:
                mine_load += cost[i]
        theirs.sort()
    wait = router(route_plans, [_points(located[i]) for i in theirs]) if theirs else None
    if wait is None:
        theirs = []
    given = set(theirs)
    for i, loc in enumerate(located):
        if loc and i not in given:
            plans[i] = route_plan(_points(loc))
    if wait is not None:
        got = wait()
        if got is None or len(got) != len(theirs):  # it failed: routed here instead
            got = route_plans([_points(located[i]) for i in theirs])
        for i, plan in zip(theirs, got, strict=True):
            plans[i] = plan
    for (day_stops, rep_stops, at, row), plan in zip(pending, plans, strict=True):
        row["distance"] = _route(day_stops, plan)
        rep_stops[at : at + len(day_stops)] = day_stops


_P = ParamSpec("_P")
_T = TypeVar("_T")


def without_collections(work: Callable[_P, _T]) -> Callable[_P, _T]:
    """``work`` with the cyclic garbage collector off while it runs (back on after, if it was
    on). The Daily list and its rows make tens of thousands of dicts, tuples and rows that
    live on or go by their reference counts, never in cycles: each 700 of them set off a
    collection over the young ones, and now and then one over the whole heap (at a million
    order lines ~0.1–0.15 s of CPU, ~10% of the list's time, for no garbage)."""

    @functools.wraps(work)
    def paused(*args: _P.args, **kwargs: _P.kwargs) -> _T:
        collecting = gc.isenabled()
        gc.disable()
        try:
            return work(*args, **kwargs)
        finally:
            if collecting:
                gc.enable()

    return paused


@without_collections
def daily_for(
    history: History,
    ev: Evidence,
    targets: pd.DataFrame,
    *,
    start: date | None = None,
    days: int | None = None,
    rep: str | None = None,
    status: pd.DataFrame | None = None,
    departed: Collection[str] | None = None,
    router: Router | None = None,
) -> DailyPlan:
    """The visit list for a recalculation (Settings: DailyDays, CapacityPercentile, …), from
    ``start`` or else from ``list_start`` (the as-of date if typed, else the day after it or
    after the last visit typed later: ``flags.contact_for``).

    ``status``: ``flags.account_status`` as of the evidence's as-of date, if already computed.
    ``departed``: the reps who left during the year (``Result.departed``; found here by
    ``core.handover.left_during`` when None). They get no list: no stops, no pace, no
    prospecting (their accounts are their colleagues' in the history's accounts table).
    ``router``: plans some days' routes elsewhere meanwhile (``plan_daily``).
    """
    from_orders, rep_days, rhythm_from, days_of = False, None, {}, None
    # Visit records that all begin after the contact day (a book whose AsOf is before the
    # visit log began, trial 39 L2) plan as a book without visits: from the order days.
    if not ev.has_visits or not _visits_by(history, contact_for(history, ev)):
        # No visits in the plan (none on record, or records that begin inside the baseline):
        # in route sales the delivery stop is the visit, so an account without enough
        # visits to read its rhythm from is planned from its order days (order_contacts).
        days_of = account_days_of(history, ev.as_of)
        if days_of is None and not history.has_visits:
            return DailyPlan.empty()  # a compact history built without its account days
        from_orders = True
        contact = contact_for(history, ev)
        if status is None or status_contact(status, ev.as_of) != contact:
            status = account_status(history, ev.as_of, contact, ev.calendar)
        if days_of is not None:
            status = order_contacts(status, days_of, contact, ev.calendar)
            rep_days = contact_rep_days(history, days_of, status, contact)
    if departed is None:
        since = ev.plan_months[0].start_time.date() if ev.plan_months else ev.as_of
        departed = left_during(history, since, ev.as_of, ev.reps)
    listed = [r for r in ev.reps if r not in departed and (rep is None or r == rep)]
    if from_orders and history.has_visits:  # said on the list's first line (render_daily)
        assert status is not None  # measured above
        rhythm_from = _rhythm_counts(status, listed)
    s = ev.settings
    contact = contact_for(history, ev)
    handed = history.handover
    rule = "from"
    books = taken_days(handed.taken_over, departed) if handed is not None else {}
    if start is None:
        # ``settings.as_of`` is the date typed (Settings AsOf or --as-of); None when blank.
        start, rule = list_start(
            ev.as_of,
            typed=s.as_of is not None,
            contact=contact,
            today=s.today,
            calendar=ev.calendar,
        )
        start, rule = typed_start(start, rule, s.daily_start, s.today)
    plan = plan_daily(
        history,
        targets,
        calendar=ev.calendar,
        plan_year=s.plan_year,
        plan_months=ev.plan_months,
        as_of=ev.as_of,
        reps=[r for r in ev.reps if r not in departed],
        days=days or s.daily_days,
        start=start,
        capacity_percentile=s.capacity_percentile,
        capacity=s.daily_capacity,
        rep=rep,
        status=status,
        contact_through=contact,
        taken=shares_of(books) if handed is not None else None,
        rep_days=rep_days,
        order_days=days_of,
        taken_since={t: {g: v[2] for g, v in m.items()} for t, m in books.items()},
        router=router,
        visited_only=not from_orders,
        stepped=stepped_levels(history, ev),
    )
    plan.taken = {t: m for t, m in books.items() if t in listed}
    plan.start_rule = rule
    plan.typed_start = s.daily_start if isinstance(s.daily_start, date) else None
    plan.today = s.today if rule == "today" else None
    plan.from_orders = from_orders
    plan.orders_apart = visit_link(n.code for n in ev.notes) == "apart"
    plan.rhythm_from = rhythm_from
    return plan


def stepped_levels(history: History, ev: Evidence) -> dict[str, tuple[str, float]]:
    """The accounts the ``account_stepped_down`` flag names (core.flags ``stepped_down``: the
    same steps, found once), each as (the first month at its new level, ``YYYY-MM``; its
    revenue a month since the step × 12): the Daily ranks them at that level (module doc)."""
    if ev.facts is None or not len(ev.facts):
        return {}
    return {s.account: (str(s.month), 12.0 * s.after) for s in stepped_down(history, ev)}


def _visits_by(history: History, contact: date) -> bool:
    """True when the history has a visit on or before ``contact`` in the capacity window
    (``CAPACITY_WINDOW_DAYS``): visits the list can read rhythms and capacities from."""
    start = pd.Timestamp(contact - timedelta(days=CAPACITY_WINDOW_DAYS - 1))
    if history.facts is not None:
        v = history.facts.rep_days
        when = v["date"]
        return bool(((when >= start) & (when <= pd.Timestamp(contact)) & (v["visits"] > 0)).any())
    v = history.visits
    if not len(v):
        return False
    when = v["date"]
    return bool(((v["kind"] == "visit") & (when >= start) & (when <= pd.Timestamp(contact))).any())


def _rhythm_counts(status: pd.DataFrame, reps: Collection[str]) -> dict[str, int]:
    """``DailyPlan.rhythm_from`` over the accounts of ``reps``: how many have their rhythm
    from their visits and how many from their order days (``order_contacts``); without the
    ``from_orders`` column (no order days read) only the first (those with a ``usual``)."""
    mine = status[status["rep"].isin(list(reps)).to_numpy(dtype=bool)]
    if "from_orders" not in mine.columns:
        return {"visits": int(np.isfinite(mine["usual"].to_numpy(dtype=float)).sum())}
    by_orders = int(mine["from_orders"].to_numpy(dtype=bool).sum())
    return {"visits": len(mine) - by_orders, "orders": by_orders}


def orders_as_contacts(history: History) -> History:
    """The history with each day an account ordered as one visit (納品) by the order's rep:
    the Daily list's contacts for a book without visit records (the targets and attainment
    never see these; their visit KPIs stay absent)."""
    o = history.orders
    days = pd.DataFrame(
        {"date": o["date"].dt.normalize(), "rep": o["rep"], "account": o["account"]}
    )
    days = days[days["account"].notna()].drop_duplicates(["date", "rep", "account"])
    days = days.assign(kind="visit", outcome=None).sort_values("date", kind="stable")
    return replace(history, visits=days.reindex(columns=list(VISIT_COLUMNS)).reset_index(drop=True))


def order_account_days(
    orders: pd.DataFrame, as_of: date, codes: tuple[np.ndarray, pd.Index] | None = None
) -> pd.DataFrame:
    """HistoryFacts.account_days of raw order rows: the distinct (account, rep, day) of the
    sales (``_window_orders``: a return is no order day) with an account in the two years to
    ``as_of`` (after ``order_window_bounds``' first bound), sorted by account, day and rep.
    On integer codes (one ``pd.factorize`` per column; ``codes``: the accounts' when the
    caller has them), not a three-column ``drop_duplicates`` of text."""
    found = order_account_day_codes(orders, as_of, codes)
    if found is not None:
        if not len(found.day):
            return empty_frame(ACCOUNT_DAY_COLUMNS)
        # The codes are ranks in the texts' order: the rows are sorted as they come.
        return pd.DataFrame(
            {
                "account": found.accounts.take(found.account),
                "rep": found.reps.take(found.rep),
                "date": found.day.astype("datetime64[D]").astype("datetime64[ns]"),
            }
        )
    acc, acc_names, keep = _window_orders(orders, as_of, codes)
    if not keep.any():
        return empty_frame(ACCOUNT_DAY_COLUMNS)
    rep, rep_names = pd.factorize(orders["rep"])
    day = orders["date"].to_numpy(dtype="datetime64[D]").astype(np.int64)[keep]
    a, r = acc[keep].astype(np.int64), rep[keep].astype(np.int64)
    first, n_rep = int(day.min()), len(rep_names)
    span = int(day.max()) - first + 1
    keys = distinct((a * span + (day - first)) * n_rep + r)
    r, rest = keys % n_rep, keys // n_rep
    a, day = rest // span, rest % span + first
    frame = pd.DataFrame(
        {
            "account": acc_names.astype(str).take(a),
            "rep": rep_names.astype(str).take(r),
            "date": day.astype("datetime64[D]").astype("datetime64[ns]"),
        }
    )
    # By account (as text), then day, then rep: the order the SQL's rows are sorted to.
    return frame.sort_values(list(ACCOUNT_DAY_COLUMNS), kind="stable", ignore_index=True)


@dataclass(frozen=True)
class AccountDayCodes:
    """``order_account_days``' rows as codes, in its order (by account, rep and day, as
    texts): ``account`` and ``rep`` index ``accounts`` and ``reps`` (the texts, sorted: a
    code is its text's rank), ``day`` the day numbers since 1970-01-01."""

    account: np.ndarray
    accounts: pd.Index
    rep: np.ndarray
    reps: pd.Index
    day: np.ndarray


def order_account_day_codes(
    orders: pd.DataFrame, as_of: date, codes: tuple[np.ndarray, pd.Index] | None = None
) -> AccountDayCodes | None:
    """``order_account_days`` as codes (``AccountDayCodes``), without a frame of a million
    texts or its sort: each account and rep coded by its text's rank, the distinct keys
    sorted are the rows in order. None when two accounts or two reps read as the same text
    (7 and "7" in an object column: ``order_account_days`` sorts those rows its own way)."""
    acc, acc_names, keep = _window_orders(orders, as_of, codes)
    rep, rep_names = frame_coded(orders, "rep")
    accounts, acc_rank = _text_ranks(acc_names)
    reps, rep_rank = _text_ranks(rep_names)
    if accounts is None or reps is None:
        return None
    if not keep.any():
        none = np.zeros(0, dtype=np.int64)
        return AccountDayCodes(none, accounts, none, reps, none)
    day = orders["date"].to_numpy(dtype="datetime64[D]").astype(np.int64)[keep]
    a, r = acc_rank[acc[keep]], rep_rank[rep[keep]]
    first, n_rep = int(day.min()), len(rep_names)
    span = int(day.max()) - first + 1
    # ACCOUNT_DAY_COLUMNS' order: by account, then rep, then day.
    keys = distinct((a * n_rep + r) * span + (day - first))
    rest, day = keys // span, keys % span + first
    return AccountDayCodes(rest // n_rep, accounts, rest % n_rep, reps, day)


def _text_ranks(names: pd.Index) -> tuple[pd.Index | None, np.ndarray]:
    """``names`` as text (``astype(str)``) sorted, and each name's rank in that order (None
    and nothing when two names read alike)."""
    text = names.astype(str)
    if not text.is_unique:
        return None, np.zeros(0, dtype=np.int64)
    order = np.asarray(text.argsort(), dtype=np.int64)
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order), dtype=np.int64)
    return text.take(order), rank


def _window_orders(
    orders: pd.DataFrame, as_of: date, codes: tuple[np.ndarray, pd.Index] | None = None
) -> tuple[np.ndarray, pd.Index, np.ndarray]:
    """The order lines ``order_account_days`` reads: the sales (core.lapse ``sale_mask``, as
    account_days.sql), with an account and a rep, in the two years to ``as_of`` (after
    ``order_window_bounds``' first bound). Each line's account code (``pd.factorize``;
    ``codes``: that of ``orders`` when the caller has it), the accounts, and the mask of the
    lines kept."""
    lo, _, hi = order_window_bounds(as_of)
    when = orders["date"]
    acc, names = codes if codes is not None else pd.factorize(orders["account"])
    keep = (
        ((when > lo) & (when <= hi)).to_numpy(dtype=bool)
        & (acc >= 0)
        & orders["rep"].notna().to_numpy(dtype=bool)  # ``pd.factorize``'s -1: a missing value
        # A return is no order day (trial 53 H1: a 委託 store's returns months after its last
        # sale were order days of the Daily, its seasons and the flags' rhythm).
        & sale_mask(orders, as_of, acc)
    )
    return acc, names, keep


def _met_visits(
    visits: pd.DataFrame,
    as_of: date,
    through: date,
    codes: tuple[np.ndarray, pd.Index] | None = None,
) -> tuple[np.ndarray, pd.Index, np.ndarray]:
    """The visit lines ``account_visit_months`` reads: of a ``MET_KINDS`` kind, with an
    account, after ``order_window_bounds``' first bound through ``through``. Each line's
    account code (``codes``: that of ``visits`` when the caller has it), the accounts, and
    the mask of the lines kept."""
    lo = order_window_bounds(as_of)[0]
    when = visits["date"]
    acc, names = codes if codes is not None else pd.factorize(visits["account"])
    keep = (
        visits["kind"].isin(MET_KINDS) & (when > lo) & (when <= pd.Timestamp(through))
    ).to_numpy(dtype=bool) & (acc >= 0)
    return acc, names, keep


def account_days_of(history: History, as_of: date) -> pd.DataFrame | None:
    """The order days per account (``order_account_days``) of raw rows, or a compact history's
    ``account_days`` when it was built with them as of ``as_of`` (else None)."""
    facts = history.facts
    if facts is None:
        # The accounts' codes the run keeps (validation coded them once: tests/test_coded_once).
        return order_account_days(history.orders, as_of, coded(history, "orders", "account"))
    return facts.account_days if facts.account_days is not None and facts.as_of == as_of else None


# The visit kinds that show a customer open in a month (``account_visit_months``): a visit,
# and a meeting at it (one at a held customer the engine reads as a visit, core.meetings, so
# the months are the same whether the meetings were read so yet or not). An appointment
# attempt is a call, not a sign the customer is open.
MET_KINDS = ("visit", "meeting")


def account_visit_months(
    visits: pd.DataFrame,
    as_of: date,
    contact: date,
    account_days: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """HistoryFacts.account_visit_months of raw visit rows: the distinct (account, month) of
    the rows of a ``MET_KINDS`` kind with an account, after ``order_window_bounds``' first
    bound (two years before ``as_of``) through ``contact``; sorted by account (as text) and
    month (``Period[M]``). With ``account_days`` (``order_account_days``) only the months
    the account has no order day in: the others are open by their orders already, and the
    compact history keeps about a tenth of the rows (review28: 38,011 of 331,556 at a million
    order lines). On integer codes, not a ``drop_duplicates`` of text."""
    acc, names, keep = _met_visits(visits, as_of, contact)
    if not keep.any():
        return empty_frame(ACCOUNT_VISIT_MONTH_COLUMNS)
    month = visits["date"].to_numpy(dtype="datetime64[M]").astype(np.int64)[keep]
    first = int(month.min())
    span = int(month.max()) - first + 1
    keys = distinct(acc[keep].astype(np.int64) * span + (month - first))
    if account_days is not None and len(account_days):
        # The same keys of the order days' accounts and months: those months are left out.
        at = names.get_indexer(account_days["account"])
        ordered = account_days["date"].to_numpy(dtype="datetime64[M]").astype(np.int64) - first
        hit = (at >= 0) & (ordered >= 0) & (ordered < span)
        keys = keys[~np.isin(keys, at[hit].astype(np.int64) * span + ordered[hit])]
    frame = pd.DataFrame(
        {
            "account": names.astype(str).take(keys // span),
            "month": pd.PeriodIndex.from_ordinals(keys % span + first, freq="M"),
        }
    )
    return frame.sort_values(list(ACCOUNT_VISIT_MONTH_COLUMNS), kind="stable", ignore_index=True)


def visit_months_of(history: History, as_of: date, contact: date) -> pd.DataFrame | None:
    """The months each account was met in (``account_visit_months``) of raw rows through
    ``contact``, or a compact history's ``account_visit_months`` when it was built with them
    as of ``as_of`` (through its own contact day; else None: orders alone decide)."""
    facts = history.facts
    if facts is None:
        return account_visit_months(history.visits, as_of, contact)
    months = facts.account_visit_months
    return months if months is not None and facts.as_of == as_of else None


def order_rhythm(account_days: pd.DataFrame) -> pd.DataFrame:
    """Per account of ``account_days``: count (its rows), usual (the median days between
    consecutive rows, NaN below ``MIN_VISITS_FOR_INTERVAL`` rows or covering fewer than
    ``MIN_INTERVAL_SPAN_DAYS`` at that interval (``flags.has_rhythm``); two reps on one day give a
    gap of 0, as two visits that day do) and last (day number since 1970-01-01)."""
    if not len(account_days):
        return pd.DataFrame(columns=["count", "usual", "last"], dtype=float)
    codes, names = pd.factorize(account_days["account"])
    days = account_days["date"].to_numpy(dtype="datetime64[D]").astype(np.int64)
    order = lexsort_pair(days, codes)
    codes, days = codes[order], days[order]
    same = np.r_[False, codes[1:] == codes[:-1]]
    gaps = np.where(same, np.diff(days, prepend=days[0]), np.nan)
    ends = np.flatnonzero(np.r_[~same[1:], True])  # each account's last (latest) row
    counts = np.bincount(codes, minlength=len(names)).astype(float)
    median = pd.Series(gaps).groupby(codes).median().reindex(range(len(names)))
    last = np.full(len(names), np.nan)
    last[codes[ends]] = days[ends]
    # Enough of them, over enough days (flags.has_rhythm: not a first week).
    med = median.to_numpy(dtype=float)
    usual = np.where(has_rhythm(counts, med), med, np.nan)
    return pd.DataFrame(
        {"count": counts, "usual": usual, "last": last}, index=pd.Index(names).astype(str)
    )


def order_contacts(
    status: pd.DataFrame,
    account_days: pd.DataFrame,
    contact: date,
    calendar: BusinessCalendar,
) -> pd.DataFrame:
    """``status`` (``flags.account_status``) with each account that has too few visits to
    read a rhythm from (no ``usual``: fewer than ``MIN_VISITS_FOR_INTERVAL``) read from its
    order days instead, each a 納品 visit: its usual interval the median days between them,
    its last contact the later of its last order day and its last visit, and neglected by
    the flags' rule on those (``neglect_deadline``; orders never "keep up" past a contact
    that is an order). Column ``from_orders``: True for those accounts. An account with
    enough visits keeps the status its visits give."""
    out = status.copy()
    ids = out.index
    mine = ~np.isfinite(out["usual"].to_numpy(dtype=float))
    rhythm = order_rhythm(account_days).reindex(ids.astype(str))
    usual = rhythm["usual"].to_numpy(dtype=float)
    ordered = rhythm["last"].to_numpy(dtype=float)
    seen = out["last_visit"].to_numpy(dtype="datetime64[D]")
    visited = np.where(np.isnat(seen), np.nan, seen.astype(np.int64).astype(float))
    last = np.fmax(visited, ordered)  # NaN only where neither
    today = float(np.datetime64(contact, "D").astype(np.int64))
    finite = last[mine & np.isfinite(last)]
    first = np.datetime64(int(finite.min()), "D").astype(object) if len(finite) else contact
    clock = Workdays(calendar, min(first, contact), contact + timedelta(days=366))
    limit = neglect_deadline(last, usual, clock)
    gap = today - last
    with np.errstate(invalid="ignore"):
        neglected = np.isfinite(limit) & np.isfinite(gap) & (today > limit)
    out["from_orders"] = mine
    if mine.any():
        rows = np.flatnonzero(mine)
        stamps = pd.to_datetime(pd.Series(last[rows]), unit="D").to_numpy()
        out.iloc[rows, out.columns.get_loc("last_visit")] = stamps
        for col, values in (
            ("usual", usual),
            ("days", gap),
            ("ordering", np.zeros(len(ids), dtype=bool)),
            ("neglected", neglected),
        ):
            column = out[col].to_numpy().copy()
            column[rows] = values[rows]
            out[col] = column
    return out


def contact_rep_days(
    history: History, account_days: pd.DataFrame, status: pd.DataFrame, contact: date
) -> pd.DataFrame:
    """Contacts per rep and day (REP_DAY_COLUMNS) over the capacity window to ``contact``:
    his visits of kind visit, and a 納品 visit per order day of each account planned from its
    order days (``status["from_orders"]``). With visit records, the order days before the
    first visit in the window are left out: before the records began his days held only the
    deliveries, and his capacity is read on days that hold both. Nothing before the history's
    start (``History.first_date``: visits before the first order month are no history)."""
    start = pd.Timestamp(contact - timedelta(days=CAPACITY_WINDOW_DAYS - 1))
    if (since := history.first_date()) is not None:
        start = max(start, pd.Timestamp(since))
    end = pd.Timestamp(contact)
    if history.facts is not None:
        visits = history.facts.rep_days
        visits = visits[(visits["date"] >= start) & (visits["date"] <= end)]
    else:
        v = history.visits
        v = v[((v["kind"] == "visit") & (v["date"] >= start) & (v["date"] <= end)).to_numpy(bool)]
        visits = (
            pd.DataFrame({"rep": v["rep"].astype(str), "date": v["date"], "visits": 1.0})
            .groupby(["rep", "date"], sort=True)
            .sum()
            .reset_index()
        )
    ruled = status.index[status["from_orders"].to_numpy(dtype=bool)].astype(str)
    d = account_days
    keep = (d["date"] >= start) & (d["date"] <= end) & d["account"].isin(ruled)
    if len(visits):
        keep &= d["date"] >= visits["date"].min()
    orders = d[keep.to_numpy(dtype=bool)]
    both = pd.concat(
        [
            visits.reindex(columns=list(REP_DAY_COLUMNS)),
            pd.DataFrame({"rep": orders["rep"], "date": orders["date"], "visits": 1.0}),
        ],
        ignore_index=True,
    )
    if not len(both):
        return empty_frame(REP_DAY_COLUMNS)
    return both.groupby(["rep", "date"], sort=True)["visits"].sum().reset_index()


# An account is off season — not due, overdue, at risk or pulled forward: left out of the list
# and counted per rep (「季節休業中 N件」) — when a year ago it ordered nothing in the list's
# calendar months nor the month either side of them (a quiet stretch of three months or more,
# not a quarterly rhythm), has ordered nothing in the last SEASON_QUIET_DAYS, and ordered before
# that stretch and in at least SEASON_MIN_MONTHS of the last 12 months.
SEASON_LOOKBACK_YEARS = 1
# An account still ordering is in season, whatever last year says (trial 21: a shop that orders
# twice a month skipped one December).
SEASON_QUIET_DAYS = 30
# An account ordering in fewer months (twice a year) has no season to read from its orders.
SEASON_MIN_MONTHS = 3
# A closed month (``closed_months``, trial 27: schools shut every August were listed on
# August days, the rule above asking for a quiet month either side too): an account is off
# season on the list's days of a calendar month when, in every past year the history shows
# that month and the months either side (at least SEASON_MONTH_MIN_YEARS of them, a year
# counted when the account ordered in the month before or after), it had no order in that
# month and ordered in the months before and after. This year too, no order in that month
# yet. Read on the two years to the as-of date (the order days both a raw and a compact
# history carry: a month at their start counts with the month after it only). A customer
# visited or met in the month (``account_visit_months``: the raw visits', or the months a
# compact history carries, so the same book reads the same pasted or from files) was open
# in it: a year it was met in is no closed year, and a visit this month is as an order.
SEASON_MONTH_MIN_YEARS = 2
# ... and only a customer who orders in at least three months of four the rest of the year:
# every other month is a rhythm, not a closed month.
CLOSED_MONTH_REGULAR = 0.75


def off_season(history: History, status: pd.DataFrame, days: list[date], as_of: date) -> set[str]:
    """The accounts of ``status`` off season over ``days`` (the rule above), from the raw
    orders or a compact history's ``account_days`` (and its lifetimes' first orders; none
    when it was built without them)."""
    if history.facts is not None:
        return _off_season_facts(history.facts, status, days, as_of)
    o = history.orders
    if not len(o) or not days:
        return set()
    lo, hi = _season_window(days)
    when = o["date"]
    end = pd.Timestamp(as_of)
    # On account codes (one ``pd.factorize``) and boolean marks per code, not Python sets of
    # the order rows' names (~0.7 s at a million rows). Rows without an account count for
    # none (a set of names held the blank, which no account of ``status`` is).
    codes, names = coded(history, "orders", "account")
    named = codes >= 0

    def having(rows: pd.Series) -> np.ndarray:
        mark = np.zeros(len(names), dtype=bool)
        mark[codes[rows.to_numpy(dtype=bool) & named]] = True
        return mark

    in_season = having((when >= lo) & (when < hi + pd.Timedelta(days=1)))
    before = having(when < lo)
    year = ((when > end - pd.DateOffset(years=1)) & (when <= end)).to_numpy(dtype=bool) & named
    # Distinct calendar months per account in the last year (``datetime64[M]`` counts months):
    # a mark per account and month (13 at most), counted per account, not a sort of the rows.
    month = month_ordinals(when.to_numpy(dtype="datetime64[ns]")[year])  # each day cast once
    account = codes[year].astype(np.int64)
    first = int(month.min()) if len(month) else 0
    span = int(month.max()) - first + 1 if len(month) else 1
    months = np.zeros((len(names), span), dtype=bool)
    months[account, month - first] = True
    regular = months.sum(axis=1) >= SEASON_MIN_MONTHS
    lately = having((when > end - pd.Timedelta(days=SEASON_QUIET_DAYS)) & (when <= end))
    off = before & regular & ~(in_season | lately)
    where = names.get_indexer(status.index)
    known = where >= 0
    shut = np.zeros(len(where), dtype=bool)
    shut[known] = off[where[known]]
    return set(status.index[shut])


def closed_months(
    history: History,
    status: pd.DataFrame,
    days: list[date],
    as_of: date,
    contact: date | None = None,
) -> dict[str, frozenset[int]]:
    """The accounts of ``status`` closed in one of the calendar months of ``days`` every past
    year (the rule above ``SEASON_MONTH_MIN_YEARS``): account → those months (ordinals,
    ``datetime64[M]``). Read on the order days of the two years to the as-of date
    (``account_days_of``) and the months each account was visited or met in through
    ``contact`` (default ``as_of``; ``visit_months_of``): the raw rows' or a compact
    history's, the same list from both (a book pasted reads as the same book from files).

    Only which account had a row in which month counts, so raw rows are read as that at once
    (``_raw_month_rows``: the rows ``order_account_days`` and ``account_visit_months`` keep,
    without making, sorting and looking up their frames of names: ~0.3 s at a million rows)."""
    if not days or not len(status):
        return {}
    wanted = pd.Index(status.index.astype(str))
    through = max(as_of, contact) if contact else as_of
    if history.facts is None:
        ordered, met = _raw_month_rows(history, wanted, as_of, through)
    else:
        d = account_days_of(history, as_of)
        if d is None or not len(d):
            return {}
        ordered = _month_rows(wanted, d["account"], d["date"].to_numpy(dtype="datetime64[M]"))
        m = visit_months_of(history, as_of, through)
        met = (
            _month_rows(wanted, m["account"], pd.PeriodIndex(m["month"], freq="M").asi8)
            if m is not None
            else None
        )
    if not len(ordered[0]):
        return {}
    return _closed_months(ordered, wanted, days, as_of, met, first_orders(history, as_of))


# Rows of account × month (``_closed_months``): each row's account as its position in the
# accounts asked about (-1: none of them) and its month (an ordinal, ``datetime64[M]``).
MonthRows = tuple[np.ndarray, np.ndarray]


def _month_rows(wanted: pd.Index, accounts: pd.Series, months: np.ndarray) -> MonthRows:
    """``MonthRows`` of a frame's account column and its months."""
    return wanted.get_indexer(accounts.astype(str)), np.asarray(months).astype(np.int64)


def _raw_month_rows(
    history: History, wanted: pd.Index, as_of: date, through: date
) -> tuple[MonthRows, MonthRows]:
    """The ``MonthRows`` of raw rows: the orders ``order_account_days`` keeps (two years to
    ``as_of``, with an account and a rep) and the visits ``account_visit_months`` keeps (of
    a ``MET_KINDS`` kind, with an account, through ``through``), each account's name looked
    up once (one ``pd.factorize``), not once per distinct day."""
    acc, names, keep = _window_orders(history.orders, as_of, coded(history, "orders", "account"))
    # ``order_account_days``' days, read by month (a day's month is its time's month).
    month = _months_of(history.orders, keep)
    ordered = (wanted.get_indexer(names.astype(str))[acc[keep]], month)
    acc, names, keep = _met_visits(
        history.visits, as_of, through, coded(history, "visits", "account")
    )
    month = _months_of(history.visits, keep)
    return ordered, (wanted.get_indexer(names.astype(str))[acc[keep]], month)


def _months_of(frame: pd.DataFrame, keep: np.ndarray) -> np.ndarray:
    """``month_ordinals`` of the dates of the rows ``keep``: the frame's own months, cast
    once a run (``frame_months``: the engine's measures read them first), else cast here."""
    months = frame_months(frame)
    if months is None:
        return month_ordinals(frame["date"].to_numpy(dtype="datetime64[ns]")[keep])
    return months[keep]


def _closed_months(
    ordered_rows: MonthRows,
    wanted: pd.Index,
    days: list[date],
    as_of: date,
    met_rows: MonthRows | None = None,
    opened: pd.Series | None = None,
) -> dict[str, frozenset[int]]:
    """``closed_months`` on the order days of the two years to ``as_of`` (``ordered_rows``,
    not empty), the months the accounts were met in (``met_rows``; None: none) and each
    account's first order (``opened``: account → Timestamp, ``won.first_orders``; None:
    read from the order days alone); ``wanted``: the accounts asked about (as text)."""
    lo = order_window_bounds(as_of)[0]
    # The months the two years hold whole: from the first after the window's first day.
    first = int(np.datetime64(lo.date(), "M").astype(np.int64)) + 1
    now = int(np.datetime64(as_of, "M").astype(np.int64))
    last_whole = now if (as_of + timedelta(days=1)).month != as_of.month else now - 1
    met_months = met_rows[1] if met_rows is not None else None
    # Through the as-of month, or the contact day's when visits typed later reach into it.
    end = max(now, int(met_months.max())) if met_months is not None and len(met_months) else now
    span = end - first + 1

    def grid(rows: MonthRows) -> np.ndarray:
        """Accounts of ``wanted`` × months from ``first`` through ``end``: any row there."""
        out = np.zeros((len(wanted), span), dtype=bool)
        at, month = rows[0], rows[1] - first
        keep = (at >= 0) & (month >= 0) & (month < span)
        out[at[keep], month[keep]] = True
        return out

    ordered = grid(ordered_rows)
    busy = ordered
    if met_rows is not None and met_months is not None and len(met_months):
        # Met in a month (a visit or a meeting, no order): open in it (review28).
        busy = ordered | grid(met_rows)
    # No year before the account was a customer counts (a month at the two years' start is
    # read with the month after it only: a customer won then looked closed before its first
    # order). From its first order, or the first month it was ordered or met in in the two
    # years (read alike from raw rows and a compact history).
    seen = np.where(busy.any(axis=1), busy.argmax(axis=1) + first, np.iinfo(np.int64).max)
    began = seen
    if opened is not None and len(opened):
        firsts = pd.to_datetime(opened.groupby(opened.index.astype(str)).min())
        at = pd.Series(firsts.to_numpy(dtype="datetime64[M]").astype(np.int64), firsts.index)
        known = at.reindex(wanted).to_numpy(dtype=float)
        # No first order known (not in ``opened``, or NaT read as the smallest int64): only
        # the months read say when it began. Masked, not filled with int64's max (a float
        # that casts back out of range: "invalid value encountered in cast").
        usable = np.isfinite(known) & (known > np.iinfo(np.int64).min)
        month = np.where(usable, known, 0.0).astype(np.int64)
        began = np.where(usable, np.minimum(seen, month), seen)
    whole = np.arange(first, last_whole + 1)
    out: dict[int, set[int]] = {}
    for month in sorted({int(np.datetime64(d, "M").astype(np.int64)) for d in days}):
        # A customer who orders most months (the closed month aside): one ordering every
        # other month has no order in the months between without being closed (review27).
        others = whole[whole % 12 != month % 12] - first
        regular = (
            ordered[:, others].mean(axis=1) >= CLOSED_MONTH_REGULAR
            if len(others)
            else np.zeros(len(wanted), dtype=bool)
        )
        counted = np.zeros(len(wanted), dtype=np.int64)
        closed = np.zeros(len(wanted), dtype=np.int64)
        for m in range(month - 12, first - 1, -12):  # its past years held whole
            if m > last_whole:
                continue
            sides = [x for x in (m - 1, m + 1) if first <= x <= last_whole]
            if not sides:
                continue
            around = [ordered[:, x - first] for x in sides]
            # A year counts: a customer around it, and one already before it (``began``).
            customer = np.logical_or.reduce(around) & (began < m)
            counted += customer
            closed += customer & np.logical_and.reduce(around) & ~busy[:, m - first]
        # This year: no order (nor visit) in the month yet (a list inside it).
        started = busy[:, month - first] if month - first < span else np.zeros(len(wanted), bool)
        shut = (counted >= SEASON_MONTH_MIN_YEARS) & (closed == counted) & ~started & regular
        for i in np.flatnonzero(shut).tolist():
            out.setdefault(i, set()).add(month)
    return {str(wanted[i]): frozenset(ms) for i, ms in out.items()}


def _season_window(days: list[date]) -> tuple[pd.Timestamp, pd.Timestamp]:
    """A year before the list: from the first of the month before its first day to the end
    of the month after its last day (``off_season``)."""
    back = pd.DateOffset(years=SEASON_LOOKBACK_YEARS)
    lo = pd.Timestamp(date(days[0].year, days[0].month, 1)) - pd.DateOffset(months=1) - back
    hi = pd.Timestamp(days[-1]) + pd.offsets.MonthEnd(0) + pd.DateOffset(months=1) - back
    return lo, hi + pd.offsets.MonthEnd(0)


def _off_season_facts(
    facts: HistoryFacts, status: pd.DataFrame, days: list[date], as_of: date
) -> set[str]:
    """``off_season`` from the compact history: the stretch a year ago, the last 30 days and
    the months of the last year from ``account_days`` (two years to the as-of date: the
    stretch lies inside them while the list is within ten months of it), ordered before the
    stretch from the lifetimes' first order."""
    d = facts.account_days
    if d is None or not len(d) or not days or facts.as_of != as_of:
        return set()
    lo, hi = _season_window(days)
    end = pd.Timestamp(as_of)
    when = d["date"]
    account = d["account"].astype(str)

    def having(rows: pd.Series) -> set[str]:
        return set(account[rows.to_numpy(dtype=bool)])

    in_season = having((when >= lo) & (when < hi + pd.Timedelta(days=1)))
    lately = having((when > end - pd.Timedelta(days=SEASON_QUIET_DAYS)) & (when <= end))
    year = ((when > end - pd.DateOffset(years=1)) & (when <= end)).to_numpy(dtype=bool)
    months = pd.DataFrame({"a": account[year], "m": when[year].dt.to_period("M")})
    per = months.drop_duplicates().groupby("a").size()
    regular = set(per.index[per.to_numpy() >= SEASON_MIN_MONTHS])
    life = facts.lifetimes
    before = set(life["account"].astype(str)[(life["first"] < lo).to_numpy(dtype=bool)])
    off = (before & regular) - in_season - lately
    return {a for a in status.index if str(a) in off}
