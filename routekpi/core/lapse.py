"""Accounts from orders, for a history without an Accounts sheet.

Many order exports have no customer master. Then an account is a customer who orders: it
starts with its first order and is counted as lost ``LAPSE_DAYS`` after its last order, the
day a sales team would call it gone — but only when that day has come by the as-of date (a
customer who ordered last week is not lost because the history stops today).

Looking back, a lost customer who orders again was never lost: its account runs from the
first order to 180 days after the last. So some of the customers counted lost today will
turn out to be held. How many is measured on the history itself (``returning``): of the
customers lost in the two years before the same day a year ago, the share that has ordered
again since; the plan expects that share of the customers lost in the two years to its
starting book, and not back yet, back in its book. Two years, not one: some customers come
back after more than a year without an order. A shorter history shows only the later part
of those years (no loss shows in its first ``LAPSE_DAYS``): the share is measured on that
part and applied to the customers lost as recently before the starting book.

The same wait at the other edge: every customer held when the history starts either orders
within ``LAPSE_DAYS`` or counts as lost by then, so a first order in that span cannot tell an
old customer from a new one. Such a customer counts as held from before the history (the
last day of the month before its first month), not as won. Without this rule every customer
of a 1–2-year export looks new in its first year, and the plan expects the whole book to be
won again the next year.

**Old customers among the first wins** (``hidden_returners``). The same edge hides a
longer pause: a customer who last ordered before the history and comes back after more than
``LAPSE_DAYS`` is first seen after the start span and looks won. Near the start many do (on
the two-year wholesale simulation 10–27% of the customers first seen in its 7th–13th months
were retailers from before it, 2–5% a year later), so a new-account pace measured on those
months runs high. How many is read on the pauses the history shows: every order day is
followed by a pause before the next one; of them the share still unbroken after t days
(``pause_survival``: Kaplan–Meier, a pause running on at the as-of date counted as far as
it is seen) gives how many customers a day come back after more than t days — order days a
day × the share paused more than t days but not longer than the history shows (a longer
one cannot be told from a customer gone for good, and customers back after that long keep
looking new in the plan year as well). A first order t days after the history's first is
one of those with a pause longer than t: their expected number in each month is taken out
of that month's wins where the new-account pace is measured (core.flows).

**Returns read on the pauses** (``pause_returners``). The same customers belong in the
starting book: a history too short for ``returning`` (no loss a year back) and whose flows
are read after the start span would leave its lost customers all gone and the plan's book
short by those who come back (start + new − lost ran low once the pace no longer counted
them). So the customers lost by the starting book's day are read on the same pauses: one
paused a days so far comes back by the plan year's end with the share of pauses longer
than a that end by then (none beyond the longest the history shows); their sum is held in
the starting book as ``returning``'s would be. On the two-year wholesale simulation (seeds
7 11 23 100 101 102, three plans each) 905 were expected and 975 came back by November. A
history whose flows use the whole year (CDNOW: every customer first seen in its start span)
keeps ``returning_unmeasured``. The compact history carries the pauses per length in days
(``HistoryFacts.pauses``: ``pause_counts``, ``pauses.sql``), so files and pasted rows read
the same curve.

**A large account's own rhythm** (``lapse_after``). A hotel that orders every week, 17% of
its rep's book, and has been silent for two months is gone; waiting 180 days keeps it in
his baseline and sends him to his daily list's top to visit it. So an account that bought
at least ``RHYTHM_SHARE`` of its rep's revenue in the year to the day is lost once it has
gone without an order for more than ``LAPSE_GAPS`` times its usual gap between orders (the
median of the days between its order days) and ``LONGEST_GAPS`` times its longest silence
so far — never sooner than ``LAPSE_FLOOR_DAYS`` after its last order, never later than
``LAPSE_DAYS``. One with fewer than ``RHYTHM_ORDERS`` order days, or whose first order is
less than a year before the day (its record may not show its seasonal pause yet), shows no
rhythm: ``LAPSE_DAYS``. Smaller customers keep ``LAPSE_DAYS``: their churn is what the
trends and the churn hazard carry, measured on the orders-only backtests with this rule
(read on every customer's rhythm the backtests lost: the constants' comment). Looking back
the rule reads only the silence after the last order, so a customer who paused and came
back was never lost. ``observable_from`` keeps ``LAPSE_DAYS``; ``returning``,
``recently_lost`` and ``pause_returners`` count a customer lost ``LAPSE_DAYS`` after its
last order or after its seasonal break (below), never sooner (the few large accounts lost
sooner are not expected back).

**A seasonal customer** (``season_wait``). A household that buys heating oil from November
to March is silent all summer: 180 days after its last order in March it looked gone in
September, and came back in November. So a customer whose orders, a year before its last
order, took far longer than its usual gaps to come again (its season: from that day to its
``SEASON_ORDERS``-th order more than ``SEASON_SLACK_DAYS`` after it, ``order_rhythm``; a
break when those orders came ``SEASON_SLOWER`` times slower than its usual gaps,
``is_break``) is lost only after its season and ``SEASON_MARGIN_DAYS`` without an order (at
most ``STOPPED_DAYS``), in a customer master (``master_lapses``) as in accounts derived from
the orders (``derive_accounts``, the compact history and SQL alike). ``returning`` counts the
same way on both its days (``lost_after``): a customer on its break a year ago was not lost
then (its return is no evidence of who comes back), and one on its break now is in the
starting book, not also among the lost expected back. Trial 37 (a heating-oil round, its
Accounts sheet dropped): the 180 days ended 179 customers in the year to 2026-12-04, 97 of
them live by the simulation's truth; with the season 89, 12 of them live (121 silent for 180
days or more held, 85 of them live).

**A break the rep kept visiting** (``visited_breaks``). Read on the orders alone, a customer
that stayed open and did not order looks the same as one closed for its season: on a weekly
delivery route (trial 48) 4 of the 5 silent accounts held for their season had closed, their
"break" a year before a run of weekly stops without an order. During a real seasonal break
the rep does not keep stopping. So in a book with visits, a break whose silence (from
``SEASON_SLACK_DAYS`` after a year before the last order to its season's end) had a visit in
at least ``SEASON_VISITED_SHARE`` of its ``SEASON_VISIT_SPAN_DAYS`` spans is no break: the
master's silent account is lost on the plain rule (``master_lapses``, from the rows and from
SQL alike). A book without visits keeps the orders-only rule. Accounts derived from the
orders (``derive_accounts``, the compact facts), ``returning`` and the at-risk flags' breaks
still read the orders only.

**A partial Accounts sheet** (``is_partial``, ``with_typed``). One row typed on Accounts to
give a lost customer its end date is not a customer master: a sheet that lists fewer than
``MASTER_SHARE`` of the customers in the orders is read as notes on those accounts. The
accounts typed there keep their start, end and rep as typed; every other customer is
derived from its orders, as without a sheet.

**A master without end dates** (``master_lapses``). An ERP customer master lists every code
it ever opened, rarely with an end date: read as typed, every customer who stopped ordering
is still held, and the churn disappears (retention 99.8%). Whether a master records its
customers' ends is read on the customers who stopped ordering (``end_record``: no order for
``STOPPED_DAYS``, a year, by the day): when at least ``MASTER_KEEPS_SHARE`` of them have an
end date typed, the master keeps its end dates and is read as typed (an open account there
is open: a neglected customer the rep may still win back), but for its omissions: a customer
silent for that year with no end date is ended by the lapse rule (trial 33: 16 of 19 closed
restaurants typed, three left active for 380–465 days). Otherwise an account on it with no end
date and no order for longer than the lapse rule allows is ended by it, as a derived one
would be; an end date typed on the sheet always stands.

**One date for an end nobody typed** (trial 48 N1). A master's account the lapse rule ends is
dated the day after its last order (after its silence began, ``_silent_since``), as a
closure flag without a date (``flagged_ends``) and a customer an ERP migration left off the
new master (validation.renumbered ``closed_before``) are: the rule's days decide only
*that* it has gone, once they have passed. Dated on the rule's day, the closures nobody
typed counted half a year late while those the migration dropped did not: on trial 48's
water routes FY2025 read 408 losses where 495 happened (now 495), 田村's retention 2.5× worse
where it was 1.5× (now 1.9×: the flag reads the earlier year as known then, core.flags
``_unknown_a_year_ago``). Measured on backtests of masters without end dates: trial 48's
FY2025 churn MdAPE 19.3 → 16.0%, cancellations 19.1 → 16.9%; the sample with its 解約日
column emptied (FY2024–25) churn 23.4 → 14.3%, cancellations 25.0 → 20.0%, retention 1.7 →
1.8%, active accounts 1.7 → 2.4%. The cost: a closure of the last ``LAPSE_DAYS`` is not
known yet, so the running year's losses to date read low until it is (trial 48: 129 by
2026-11 where 223 were counted on the rule's day and ~212 happened). Accounts derived from
the orders without a master keep the rule's day: ``returning`` and the pauses read their
ends so, and the orders-only backtests were tuned on it.

**An order is a sale** (``sale_lines``; trial 53 H1). A line is an order unless its amount
is negative: a return (返品, or a 委託 store's unsold books sent back months later) or a
discount is not; a zero line (free goods, a 0-yen correction; CDNOW's 80 $0 purchases) still
is, as it always was — read as no order, two CDNOW customers whose first line was $0 turned
new accounts and moved its retention plan by 15 points. So every last order, first order
and order day here — the lapse rule's silence, the rhythm, the season, who comes back — is
read on the sales: a closed bookstore whose returns trickle in for three months after its
last sale ended then, not with its last return. Revenue still counts every line. An account
with no sale at all to the day (a return of goods sold before the history) is read on its
lines, so every customer in the orders has an account. The compact facts and SQL
(lifetimes.sql, last_orders.sql, order_rhythm.sql) read the same lines, and so do the other
readers of order days: the pauses (``pause_counts``, pauses.sql), each account's order days of
the Daily, its seasons and the at-risk flags (core.daily ``order_account_days``,
account_days.sql), its first and last order for the address rule and a master's start
(validation.same_address, order_spans.sql; validation.tables, sources.assemble) and the rep of
its first order in a handover (core.handover, sources.handover). One test: ``sale_mask`` on
rows, ``SALE_SQL`` in SQL (sources.sqltext writes it where a query says ``:is_sale``).

**Names from the order and visit lines** (``latest_names``, ``with_names``). An ERP export
with no customer master carries the customer's name beside its code (得意先名 next to
得意先コード): each account is named by its most recent spelling there — a customer renamed
(a new company form, a store renamed) is called what the rep will find on the door today,
and an old typo is corrected by the next export. An Accounts sheet's name always wins; a
partial sheet or a master that leaves the name blank takes it from the lines.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import NamedTuple

import numpy as np
import pandas as pd

from routekpi.core.flows import Flows, credible, team_churn
from routekpi.core.history import (
    ACCOUNT_COLUMNS,
    PAUSE_COLUMNS,
    History,
    HistoryFacts,
    empty_frame,
    once,
)
from routekpi.core.measure import TEAM

# Days without an order after which a customer counts as lost (about half a year).
LAPSE_DAYS = 180
# Who comes back is measured over the last year: of the customers lost in the
# ``RETURN_YEARS`` years before the same day a year ago, the share who have ordered again since.
YEAR = pd.DateOffset(years=1)
# Two years of losses, not one: customers quiet for more than a year come back too (a
# returner lost 14 months ago is in the starting book, looking back, as much as one lost 2
# months ago). On the wholesale simulation (ws40/ws200, seeds 7 11 23, FY2021–24) the team's
# starting book ran 0.44% low with one year, 0.31% with two, 0.31% with three or all the
# history shows; pooled reduction vs uniform (official seeds) ws40 11.3 → 11.7, ws200 13.2
# → 13.3, ws600 18.3 → 18.5, other data sets unchanged (held-out ws40 −2.0 → −0.8, ws200
# 9.4 → 10.4, ws600 13.7 → 16.2; session 17, issue #10).
RETURN_YEARS = 2
# Fewer lost customers than this in those years: no evidence of who comes back (none expected).
MIN_LOST_FOR_RETURNS = 10
# The account's own rhythm (module doc): lost after this many of its usual gaps without an
# order, but not sooner than the floor after its last order (nor later than ``LAPSE_DAYS``);
# a customer with fewer order days than ``RHYTHM_ORDERS`` is lost after ``LAPSE_DAYS``.
LAPSE_GAPS = 6.0
LAPSE_FLOOR_DAYS = 60
RHYTHM_ORDERS = 5
# ... and never sooner than this many times its longest silence so far (a customer who has
# paused for two months before and came back is not lost after one).
LONGEST_GAPS = 2.0
# The rhythm is read only for a large account: one that bought at least this share of its
# rep's revenue in the year to the day (core.lost's material share), with a year of record.
# The usual churn of small customers keeps ``LAPSE_DAYS``, which the orders-only backtests
# were tuned on. Pooled reduction vs uniform (session 24; before → this rule): sample
# orders-only 52.6 → 52.6%, its 3½-year cut 29.6 → 29.6%, wholesale 15.4 → 16.4%, CDNOW
# 78.7 → 78.7%. Read on every customer's rhythm (6 gaps, 1.5 × the longest, 60-day floor)
# they lost: 44.0, 18.9, 13.8 (CDNOW 80.0); with 8 gaps and a 90-day floor 43.8, 22.2, 14.4;
# large accounts without the year of record 52.6, 28.3, 15.8 (1.5 × the longest: 51.0,
# 28.1, 15.5); a 10% share 52.6, –, 12.7.
RHYTHM_SHARE = 0.05
# A frequent, regular buyer (trial 48 M2: weekly water deliveries, 40% of closures never
# typed) lost after ``FREQUENT_GAPS`` of its usual gaps, at least ``FREQUENT_FLOOR_DAYS``
# (at most ``LAPSE_DAYS``), whatever its share: one with at least ``FREQUENT_ORDERS`` order
# days and a usual gap of at most ``FREQUENT_GAP_DAYS``. Off (``FREQUENT_LAPSE``): measured
# in session 42 (lapse48) it lost on every backtest, pooled reduction vs uniform off → on:
# orders-only 52.1 → 45.5%, its 3½-year cut 37.9 → 30.4%, wholesale 16.7 → 11.6%, ×5 23.3 →
# 21.1%, 2y 6.8 → 6.2%, CDNOW 83.8 → 83.4%, orders-only priced 42.0 → 41.0%, 3½y priced
# 30.9 → 27.6% — small customers' churn read on a 60–140-day silence is more often a pause
# the trends already carry. On trial 48's book (weekly water routes, 40% of closures
# untyped) it took the team's November active accounts 3,603 → 3,584 against 3,532 live
# (上野 202 → 201 against 196): the 60-day floor keeps the recent closings in either way.
# The at-risk flags name such customers as probably closed instead (core.flags
# ``CLOSED_MIN_ORDERS``: one row per rep, off the Daily list after one check week).
FREQUENT_LAPSE = False
FREQUENT_ORDERS = 12
FREQUENT_GAP_DAYS = 14.0
FREQUENT_GAPS = 10.0
FREQUENT_FLOOR_DAYS = 60
# An Accounts sheet listing fewer than this share of the customers in the orders is notes on
# some accounts, not the customer master (module doc).
MASTER_SHARE = 0.5
# A customer master keeps its end dates when at least this share of its customers who
# stopped ordering (no order for ``STOPPED_DAYS``) has one typed (module doc). Measured on the
# masters we have: the sample's and trials 28–31's 100%; an ERP export's 1 of 661 accounts
# (trial 24) and trial 32's 33 of 77 (43%: closures typed now and then) record them too
# rarely to say an open account is open. Until session 32 the rule was 2% of all accounts
# with an end date, which read trial 32's master (48 end dates in 669 accounts, 7%) as typed:
# 55 customers silent for over 180 days (one a ¥46M-a-year account) stayed held, in the
# baseline, on the Daily list and behind a wrong unit-price flag; typing one more closure
# switched the rule.
MASTER_KEEPS_SHARE = 0.8
# Stopped, for that share: no order for a year. Not ``LAPSE_DAYS``: a master that records
# every closure still holds neglected customers silent for half a year (the sample plants ten,
# silent 7–10 months, which its at-risk flags are for): on 180 days a small sample book's
# share fell to 63–79% (a year: 100%), trial 32's stayed 42%.
STOPPED_DAYS = 365
# Columns of an order rhythm table (``order_rhythm``): per account (the index, as text) its
# last order, how many days it ordered on and the median days between them.
RHYTHM_FIELDS = ("first", "last", "count", "usual", "longest", "revenue", "season")
# A customer's season (``order_rhythm``'s ``season``, ``master_lapses``): a year before its
# last order, how long it went on until it had ordered ``SEASON_ORDERS`` more times, counting
# only orders more than this many days after that day (last year's season may have ended a
# little later; an odd summer delivery or two is not the season's start: hence three) ...
SEASON_SLACK_DAYS = 45
SEASON_ORDERS = 3
# ... when those orders came at least this many times slower than its usual gaps (a customer
# ordering every two months is not on a break when its three orders took six months) ...
SEASON_SLOWER = 1.5
# ... is its usual break at this time of year: a master's customer silent since is not lost
# until that long plus this margin has passed (at most ``STOPPED_DAYS``). Trial 37 (heating
# oil: households order November–April): the 180 days ended 145 households silent since
# spring, 104 of them ordering again that winter; the Review read 145 cancellations against
# 47 real, the plan's active accounts −9.3%.
SEASON_MARGIN_DAYS = 45
# A break read on the orders alone may be a customer who stayed open and did not order: on a
# weekly route (trial 48 L7) 4 of the 5 silent accounts held for their season had closed, and
# their "break" a year before was a run of weekly stops without an order. During a real
# seasonal break the rep does not keep stopping. So in a book with visits, a break whose
# silence (from ``SEASON_SLACK_DAYS`` after a year before the last order to the season's end)
# had a visit in at least this share of its ``SEASON_VISIT_SPAN_DAYS`` spans is no break
# (``visited_breaks``): two thirds, "most" of them, so a heating-oil round whose rep calls in
# the season's first weeks (its last span or two) keeps its break; months, not weeks, so a
# customer visited monthly counts as visited as one visited weekly does.
SEASON_VISITED_SHARE = 2 / 3
SEASON_VISIT_SPAN_DAYS = 30


def order_rhythm(orders: pd.DataFrame, as_of: date | pd.Timestamp) -> pd.DataFrame:
    """Per account (the index, as text) to ``as_of``: its last order, the number of days it
    ordered on and the median days between them (NaN with a single order day), and its
    season: days from a year before its last order to its next order then, not counting
    orders in ``SEASON_SLACK_DAYS`` after that day (NaN for a customer of under a year)."""
    o = orders[(orders["date"] <= pd.Timestamp(as_of)) & orders["account"].notna()]
    if not len(o):
        return pd.DataFrame(columns=list(RHYTHM_FIELDS), index=pd.Index([], dtype=object))
    recent = o["date"] > year_ago(as_of)
    revenue = o["amount"].astype(float).where(recent, 0.0).groupby(o["account"].astype(str)).sum()
    sales = sale_lines(o)  # the order days are the sales' (module doc); revenue every line's
    rhythm = day_rhythm(sales["account"].astype(str), sales["date"])
    return rhythm.assign(revenue=revenue).reindex(columns=list(RHYTHM_FIELDS))


# The same test in SQL (module doc, "An order is a sale"): a line whose amount is not below 0
# (a missing amount is no return). Declared once: ``sources.sqltext.render`` writes it where a
# shipped query says ``:is_sale`` (lifetimes, last_orders, order_rhythm, pauses, account_days,
# order_spans) and sources.handover / sources.assemble build theirs with it.
SALE_SQL = "COALESCE(amount, 0) >= 0"


def line_sold(orders: pd.DataFrame) -> np.ndarray:
    """Per line of ``orders``, whether its amount is not below 0 (module doc, "An order is a
    sale"; a missing amount is no return): the line test of ``sale_mask`` and ``SALE_SQL``."""
    return ~(pd.to_numeric(orders["amount"], errors="coerce") < 0).to_numpy(dtype=bool)


def coded_sales(ok: np.ndarray, sold: np.ndarray, codes: np.ndarray, size: int) -> np.ndarray:
    """``ok`` (lines taken, each with its account ``codes``: 0 … ``size`` − 1, −1 none) kept
    to each account's sales, or to all its taken lines when it has no sale among them: the
    codes' form of ``sale_mask``."""
    sells = np.bincount(codes[ok & sold], minlength=size) > 0
    return ok & (sold | ~sells[np.where(codes >= 0, codes, 0)])


def sale_mask(
    orders: pd.DataFrame,
    as_of: date | pd.Timestamp | None = None,
    codes: np.ndarray | None = None,
) -> np.ndarray:
    """Per line of ``orders``, whether it is an order (module doc, "An order is a sale"): its
    amount is not negative, or its account has no such line among ``orders`` (read on its
    lines). The one test every reader of order days applies (``sale_lines``; ``SALE_SQL``).
    ``as_of``: an account's sales are looked for among its lines to that day, as the SQL's
    (a line after it is kept: its reader leaves it out). ``codes``: each line's account code
    (``pd.factorize``'s, -1 none) when the caller has them: no lookup of the texts."""
    sold = line_sold(orders)
    if sold.all():
        return sold
    seen = sold
    if as_of is not None:
        later = (orders["date"] > pd.Timestamp(as_of)).to_numpy(dtype=bool)
        seen, sold = sold & ~later, sold | later
    if codes is not None:
        sells = np.zeros(int(codes.max(initial=-1)) + 2, dtype=bool)  # the last: code -1
        sells[codes[seen]] = True
        return sold | ~sells[codes]
    account = orders["account"]
    return sold | ~account.isin(account[seen].unique()).to_numpy(dtype=bool)


def sale_lines(orders: pd.DataFrame) -> pd.DataFrame:
    """The order lines that are orders (``sale_mask``): those whose amount is not negative,
    and every line of an account with none (read on its lines)."""
    keep = sale_mask(orders)
    return orders if keep.all() else orders[keep]


def day_rhythm(account: pd.Series, when: pd.Series) -> pd.DataFrame:
    """Per account (the index, as text) of order lines ``account`` × ``when``: first and
    last order day, the days ordered on (``count``), the median and longest days between
    them, its season (``season_rows``) and ``back``, the days from a year before its last
    order to its first order then past the slack (``season_rows`` with one order): what
    ``order_rhythm`` and the at-risk flags' seasonal breaks (core.flags) read."""
    days = (
        pd.DataFrame(
            {"account": account.astype(str).to_numpy(), "date": when.dt.normalize().to_numpy()}
        )
        .drop_duplicates()
        .sort_values(["account", "date"], kind="stable")
    )
    acct = days["account"].to_numpy()
    same = np.r_[False, acct[1:] == acct[:-1]]
    stamp = days["date"].to_numpy(dtype="datetime64[D]").astype(np.int64)
    gaps = np.where(same, np.diff(stamp, prepend=stamp[:1]), np.nan)
    season, back = season_rows(acct, stamp), season_rows(acct, stamp, 1)
    dates = days["date"].to_numpy()
    if len(days) and not np.isnat(dates).any():
        return _rhythm_of_runs(acct, dates, same, gaps, season, back)
    return (
        days.assign(gap=gaps, season=season, back=back)
        .groupby("account", sort=True)
        .agg(
            first=("date", "min"),
            last=("date", "max"),
            count=("date", "size"),
            usual=("gap", "median"),
            longest=("gap", "max"),
            season=("season", "min"),
            back=("back", "min"),
        )
    )


def _rhythm_of_runs(
    account: np.ndarray,
    dates: np.ndarray,
    same: np.ndarray,
    gaps: np.ndarray,
    season: np.ndarray,
    back: np.ndarray,
) -> pd.DataFrame:
    """``day_rhythm``'s table from its rows sorted by account then day (each account one run
    of rows, ``same``: a row of the same account as the one before; no missing day) by NumPy
    on the runs, not a grouped ``agg`` of seven columns (~8 ms a 10k book's accounts):
    minimum and maximum the run's first and last day, the counts its length, the median of
    its gaps the middle one (or the mean of the middle two) of its sorted known gaps, as
    pandas' group median takes it; the other columns' NaN-skipping extremes (``fmin`` and
    ``fmax``: NaN where a run has none)."""
    starts = np.flatnonzero(~same)
    ends = np.r_[starts[1:], len(account)]
    run = np.cumsum(~same) - 1
    known = ~np.isnan(gaps)
    n_known = np.bincount(run[known], minlength=len(starts))
    ranked = gaps[np.lexsort((gaps, run))]  # each run's gaps ascending, NaN last: in place
    middle = (ranked[starts + np.maximum(n_known - 1, 0) // 2] + ranked[starts + n_known // 2]) / 2
    return pd.DataFrame(
        {
            "first": dates[starts],
            "last": dates[ends - 1],
            "count": (ends - starts).astype(np.int64),
            "usual": np.where(n_known > 0, middle, np.nan),
            "longest": np.fmax.reduceat(gaps, starts),
            "season": np.fmin.reduceat(season, starts),
            "back": np.fmin.reduceat(back, starts),
        },
        index=pd.Index(account[starts], name="account"),
    )


def season_rows(account: np.ndarray, day: np.ndarray, orders: int = SEASON_ORDERS) -> np.ndarray:
    """Per row of distinct order days sorted by ``account`` then ``day`` (day numbers): the
    account's season (``order_rhythm``) on the row of its ``orders``-th order day counted
    from ``SEASON_SLACK_DAYS`` after a year before its last order, NaN on the other rows."""
    if not len(day):
        return np.empty(0)
    group = pd.Series(day).groupby(account, sort=False)
    ago = group.transform("max").to_numpy(dtype=np.int64) - 365
    known = group.transform("min").to_numpy(dtype=np.int64) <= ago
    later = known & (day > ago + SEASON_SLACK_DAYS)
    counted = pd.Series(later).groupby(account, sort=False).cumsum().to_numpy()
    return np.where(later & (counted == orders), (day - ago).astype(float), np.nan)


def is_break(season: np.ndarray, usual: np.ndarray) -> np.ndarray:
    """Whether a season (``order_rhythm``) is a break, not the account's usual pace: its
    orders came ``SEASON_SLOWER`` times slower than its usual gaps (NaN: neither known)."""
    pace = SEASON_SLOWER * SEASON_ORDERS * np.nan_to_num(usual, nan=np.inf)
    return np.isfinite(season) & (np.nan_to_num(season) - SEASON_SLACK_DAYS > pace)


def visited_breaks(rhythm: pd.DataFrame, visits: pd.DataFrame | None) -> pd.DataFrame:
    """``rhythm`` (``order_rhythm``'s columns) with the season of each account whose break
    (``is_break``) was visited regularly dropped (NaN: no break): the silence from
    ``SEASON_SLACK_DAYS`` after a year before its last order to its season's end, cut into
    ``SEASON_VISIT_SPAN_DAYS`` spans, had a visit (``visits``: account × date rows, any kind)
    in at least ``SEASON_VISITED_SHARE`` of them — the customer was open and did not order.
    No visits (None or empty): ``rhythm`` as given, the orders-only rule."""
    if visits is None or not len(visits) or not len(rhythm) or "season" not in rhythm:
        return rhythm
    season = pd.to_numeric(rhythm["season"], errors="coerce").to_numpy(dtype=float)
    usual = pd.to_numeric(rhythm["usual"], errors="coerce").to_numpy(dtype=float)
    broke = is_break(season, usual)
    if not broke.any():
        return rhythm
    codes = pd.Index(rhythm.index.astype(str))
    ago = pd.to_datetime(rhythm["last"]).to_numpy(dtype="datetime64[D]").astype(np.int64) - 365
    lo = pd.Series(ago + SEASON_SLACK_DAYS, index=codes)[broke]
    length = pd.Series(season - SEASON_SLACK_DAYS, index=codes)[broke]
    v = visits[visits["account"].notna()]
    account = v["account"].astype(str)
    keep = account.isin(lo.index).to_numpy()
    if not keep.any():
        return rhythm
    day = pd.to_datetime(v["date"]).to_numpy(dtype="datetime64[D]").astype(np.int64)[keep]
    account = account.to_numpy()[keep]
    rel = day - lo.reindex(account).to_numpy(dtype=np.int64)
    inside = (rel >= 0) & (rel < length.reindex(account).to_numpy())
    span = pd.Series(rel[inside] // SEASON_VISIT_SPAN_DAYS, index=account[inside])
    seen = span.groupby(level=0).nunique().reindex(lo.index, fill_value=0)
    spans = np.ceil(length.to_numpy() / SEASON_VISIT_SPAN_DAYS)
    visited = seen.to_numpy() >= SEASON_VISITED_SHARE * spans
    if not visited.any():
        return rhythm
    out = rhythm.copy()
    out.loc[out.index[np.flatnonzero(broke)[visited]], "season"] = np.nan
    return out


def lapse_after(
    rhythm: pd.DataFrame | None,
    index: pd.Index,
    reps: pd.Series | None = None,
    days: int = LAPSE_DAYS,
    as_of: date | None = None,
    seasonal: bool = False,
) -> pd.Series:
    """Per account of ``index``: the days without an order after which it is lost (module
    doc: for a large account ``LAPSE_GAPS`` of its usual gaps, within ``LAPSE_FLOOR_DAYS`` –
    ``days``); ``days`` for one with fewer than ``RHYTHM_ORDERS`` order days, not in
    ``rhythm``, or under ``RHYTHM_SHARE`` of its rep's revenue. ``reps``: each account's rep
    (aligned with ``index``; None: every account is large enough). ``as_of``: the day; an
    account whose first order is less than a year before it keeps ``days`` (its record may
    not show its seasonal pause yet; None: not asked). ``seasonal``: never sooner than its
    season (``order_rhythm``'s ``season``) and ``SEASON_MARGIN_DAYS``, at most
    ``STOPPED_DAYS`` (``season_wait``)."""
    plain, held = lapse_days(rhythm, index, reps, days, as_of)
    return pd.Series(held if seasonal else plain, index=index)


def lapse_days(
    rhythm: pd.DataFrame | None,
    index: pd.Index,
    reps: pd.Series | None = None,
    days: int = LAPSE_DAYS,
    as_of: date | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """``lapse_after`` both ways at once, per account of ``index``: the plain rule's days and
    the days with the seasonal break's wait (never fewer)."""
    plain = np.full(len(index), float(days))
    if rhythm is None or not len(rhythm):
        return plain, plain
    r = rhythm.reindex(index.astype(str))
    usual = pd.to_numeric(r["usual"], errors="coerce").to_numpy(dtype=float)
    count = pd.to_numeric(r["count"], errors="coerce").fillna(0).to_numpy(dtype=float)
    shown = (count >= RHYTHM_ORDERS) & np.isfinite(usual)
    if as_of is not None:
        first = pd.to_datetime(r["first"]).to_numpy()
        shown = shown & (first <= np.datetime64(year_ago(as_of), "ns"))
    if reps is not None:
        # A large account: its year's revenue against its rep's (the accounts of ``index``).
        rep = pd.Series(reps.to_numpy(), index=index.astype(str)).astype(str)
        own_revenue = pd.to_numeric(r["revenue"], errors="coerce").fillna(0.0)
        total = own_revenue.groupby(rep.to_numpy()).transform("sum").to_numpy(dtype=float)
        mine = own_revenue.to_numpy(dtype=float)
        large = (total > 0) & (mine >= RHYTHM_SHARE * np.where(total > 0, total, 1.0))
        shown = shown & large
    floor = float(min(LAPSE_FLOOR_DAYS, days))
    longest = pd.to_numeric(r["longest"], errors="coerce").to_numpy(dtype=float)
    own = np.maximum(LAPSE_GAPS * np.nan_to_num(usual), LONGEST_GAPS * np.nan_to_num(longest))
    own = np.clip(np.ceil(own), floor, float(days))
    plain = np.where(shown, own, float(days))
    if FREQUENT_LAPSE:
        # A frequent, regular buyer of any size (the constants' comment).
        frequent = (count >= FREQUENT_ORDERS) & (
            np.nan_to_num(usual, nan=np.inf) <= FREQUENT_GAP_DAYS
        )
        quick = np.clip(np.ceil(FREQUENT_GAPS * np.nan_to_num(usual)), FREQUENT_FLOOR_DAYS, days)
        plain = np.where(frequent, np.minimum(plain, quick), plain)
    return plain, np.fmax(plain, season_wait(r))


def season_wait(rhythm: pd.DataFrame) -> np.ndarray:
    """Per row of ``rhythm`` (``order_rhythm``'s columns): the days its seasonal break lets
    it go without an order — its season and ``SEASON_MARGIN_DAYS``, at most
    ``STOPPED_DAYS`` — NaN for an account with no break (``is_break``) or no ``season``."""
    if "season" not in rhythm:
        return np.full(len(rhythm), np.nan)
    season = pd.to_numeric(rhythm["season"], errors="coerce").to_numpy(dtype=float)
    usual = pd.to_numeric(rhythm["usual"], errors="coerce").to_numpy(dtype=float)
    wait = np.minimum(np.nan_to_num(season) + SEASON_MARGIN_DAYS, STOPPED_DAYS)
    return np.where(is_break(season, usual), wait, np.nan)


def on_break(
    rhythm: pd.DataFrame | None, codes: pd.Index, since: pd.Series, as_of: date
) -> np.ndarray:
    """Per account of ``codes`` silent since ``since`` (aligned): whether its silence is its
    seasonal break by ``as_of`` — ``season_wait`` not yet over, the wait ``master_lapses``
    and ``derive_accounts`` hold a customer for (False without ``rhythm``)."""
    if rhythm is None or not len(rhythm) or not len(codes):
        return np.zeros(len(codes), dtype=bool)
    wait = season_wait(rhythm.reindex(codes.astype(str)))
    ends = (
        pd.to_datetime(since).dt.normalize().to_numpy()
        + pd.to_timedelta(np.nan_to_num(wait), unit="D").to_numpy()
    )
    return np.isfinite(wait) & (ends > np.datetime64(pd.Timestamp(as_of), "ns"))


def derive_accounts(
    orders: pd.DataFrame,
    as_of: date,
    days: int = LAPSE_DAYS,
    first_event: date | pd.Timestamp | None = None,
) -> pd.DataFrame:
    """Accounts table (ACCOUNT_COLUMNS) of the customers in ``orders`` up to ``as_of``.

    The account's rep is the rep of its last order; of two reps on that last day, the one
    that sorts last (a rule a database can apply too, unlike "the later line in the file").
    ``first_event``: the history's first order or visit, when a visit log starts before the
    orders (a customer held from before the history starts before both). Lost by the lapse
    rule (``lapse_after``: the account's own rhythm, at most ``days``; a customer on its
    seasonal break not before the break and ``SEASON_MARGIN_DAYS``, as ``master_lapses``).
    """
    o = orders[orders["date"] <= pd.Timestamp(as_of)]
    if not len(o):
        return empty_frame(ACCOUNT_COLUMNS)
    per = (
        sale_lines(o)  # an order is a sale (module doc): a return is no last order
        .sort_values(["date", "rep"], kind="stable")
        .groupby("account", sort=True)
        .agg(start=("date", "min"), last=("date", "max"), rep=("rep", "last"))
    )
    return _accounts(per, as_of, days, first_event, order_rhythm(o, as_of))


def derive_accounts_from_facts(
    facts: HistoryFacts,
    as_of: date,
    days: int = LAPSE_DAYS,
    rhythm: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """``derive_accounts`` from the compact history (per-account first/last order and rep).

    ``as_of`` may be before the facts' own date when no order in the facts is after it (the
    last order's day, the validator's default). ``rhythm``: the orders' ``order_rhythm`` to
    ``as_of`` (from SQL: routekpi.sources); None: the facts' own (``HistoryFacts.order_rhythm``)
    when summed as of ``as_of``, else every account lost after ``days``."""
    if rhythm is None and facts.as_of == as_of:
        rhythm = facts.order_rhythm
    f = facts.lifetimes
    if not len(f):
        return empty_frame(ACCOUNT_COLUMNS)
    if not (as_of < facts.as_of and f["last"].max() <= pd.Timestamp(as_of)):
        facts.require(as_of)
    per = f.assign(account=f["account"].astype(str)).rename(columns={"first": "start"})
    per = per.set_index("account").sort_index()
    return _accounts(per, as_of, days, facts.first, rhythm)


def _accounts(
    per: pd.DataFrame,
    as_of: date,
    days: int,
    first_event: date | pd.Timestamp | None,
    rhythm: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Accounts from per-account start, last order and rep: lost by the lapse rule."""
    after = lapse_after(rhythm, per.index, per["rep"], days, as_of, seasonal=True)
    wait = pd.to_timedelta(after.to_numpy(), unit="D")
    end = per["last"] + wait
    end = end.where(end <= pd.Timestamp(as_of))
    start = per["start"]
    if len(start):
        # The other edge (module docstring): first seen within ``days`` of the history's
        # first order → held from before the history, not won.
        first = start.min()
        start = start.where(start >= first + pd.Timedelta(days=days), held_from(first, first_event))
    accounts = pd.DataFrame(
        {
            "account": per.index.astype(object),
            "name": None,
            "rep": per["rep"].to_numpy(),
            "start": start.dt.normalize().to_numpy(),
            "end": end.dt.normalize().to_numpy(),
        }
    )
    return accounts.reindex(columns=list(ACCOUNT_COLUMNS))  # no coordinates (NaN)


def held_from(first: pd.Timestamp, first_event: date | pd.Timestamp | None = None) -> pd.Timestamp:
    """The start of a customer held from before the history (first seen within
    ``LAPSE_DAYS`` of its first order ``first``): the month-end before the history's first
    event, so a visit log that starts earlier does not see it won. A visit log from an
    earlier month than the orders does not reach back: the history starts with the orders'
    first month then (core.orders_start)."""
    first = pd.Timestamp(first)
    month = first.to_period("M").start_time
    origin = first if first_event is None else min(first, max(pd.Timestamp(first_event), month))
    return origin.normalize() - pd.Timedelta(days=origin.day)


def rule_params() -> dict[str, object]:
    """The lapse rule's thresholds, as the messages that state it name them."""
    return {
        "gaps": f"{LAPSE_GAPS:g}",
        "longest": f"{LONGEST_GAPS:g}",
        "floor": LAPSE_FLOOR_DAYS,
        "days": LAPSE_DAYS,
        "orders": RHYTHM_ORDERS,
        "share": f"{RHYTHM_SHARE:.0%}",
        # A customer on its seasonal break (``season_wait``).
        "margin": SEASON_MARGIN_DAYS,
        "most": STOPPED_DAYS,
    }


def is_partial(typed: int, customers: int) -> bool:
    """Whether an Accounts sheet of ``typed`` accounts is notes on some of the ``customers``
    in the orders rather than the customer master (module doc: under ``MASTER_SHARE``)."""
    return 0 < typed < MASTER_SHARE * customers


def typed_ends(typed: pd.DataFrame | None) -> frozenset[str]:
    """The accounts of a partial Accounts sheet (``typed``) with an end date typed: theirs is
    not the lapse rule's (History.kept_ends)."""
    if typed is None or not len(typed):
        return frozenset()
    return frozenset(typed.loc[typed["end"].notna(), "account"].astype(str))


def with_typed(derived: pd.DataFrame, typed: pd.DataFrame) -> pd.DataFrame:
    """The accounts derived from the orders with those typed on a partial Accounts sheet in
    their place (typed start, end, rep, name), typed ones first, in the sheet's order."""
    typed = typed.reindex(columns=list(ACCOUNT_COLUMNS))
    codes = set(typed["account"].astype(str))
    rest = derived[~derived["account"].astype(str).isin(codes)]
    if not len(rest):
        return typed.reset_index(drop=True)
    if not len(typed):
        return rest.reset_index(drop=True)
    out = pd.concat([typed.astype(object), rest.astype(object)], ignore_index=True)
    for column in ("start", "end"):
        out[column] = pd.to_datetime(out[column])
    for column in ("lat", "lon"):
        out[column] = pd.to_numeric(out[column], errors="coerce")
    return out


# The columns ``latest_names`` reads: one row per line (or per distinct spelling of an
# account, with its latest line), ``rank`` telling the inputs apart on one day.
NAME_LINE_COLUMNS = ("account", "name", "date", "rank", "line")


def latest_names(lines: pd.DataFrame) -> pd.Series:
    """Each account's name (index: the account as text): the spelling of its most recent line
    (``NAME_LINE_COLUMNS``; blank names left out). Most recent: the latest date, then the
    higher ``rank`` (an order line over a visit: the ERP spells the name, a rep types it),
    then the later ``line`` in the file. Not the most frequent spelling: a customer renamed
    last month has more lines under its old name, and the rep looks for the new one."""
    named = lines[
        lines["account"].notna().to_numpy()
        & lines["name"].notna().to_numpy()
        & lines["date"].notna().to_numpy()
    ]
    if not len(named):
        return pd.Series(dtype=object)
    # One integer per line that sorts as (date, rank, line): days since 1900 (the earliest
    # date read), the rank (0/1) and the line (< 2³² lines) in its 64 bits.
    days = pd.to_datetime(named["date"]).to_numpy(dtype="datetime64[D]") - np.datetime64(
        "1900-01-01", "D"
    )
    key = (
        (days.astype(np.int64) << 33)
        | (named["rank"].to_numpy(dtype=np.int64) << 32)
        | named["line"].to_numpy(dtype=np.int64)
    )
    last = named.iloc[np.argsort(key, kind="stable")].drop_duplicates("account", keep="last")
    out = pd.Series(last["name"].astype(str).to_numpy(), index=last["account"].astype(str))
    return out.sort_index()


def with_names(accounts: pd.DataFrame, names: pd.Series) -> pd.DataFrame:
    """``accounts`` with each blank name taken from ``names`` (``latest_names``); a name the
    accounts table has (typed on the Accounts sheet) stands."""
    if not len(names) or not len(accounts):
        return accounts
    typed = accounts["name"]
    blank = typed.isna().to_numpy() | typed.astype(str).str.strip().eq("").to_numpy()
    if not blank.any():
        return accounts
    found = accounts["account"].astype(str).map(names).to_numpy()
    fill = blank & pd.notna(found)
    if not fill.any():
        return accounts
    out = accounts.copy()
    out["name"] = np.where(fill, found, typed.to_numpy(dtype=object))
    return out


@dataclass(frozen=True)
class EndRecord:
    """How a customer master records ends (module doc): of its accounts silent for
    ``STOPPED_DAYS`` by the day (``stopped``), how many have an end date typed (``recorded``);
    ``typed``: its end dates in all."""

    stopped: int
    recorded: int
    typed: int

    @property
    def kept(self) -> bool:
        """The master keeps its end dates. With no customer silent that long yet there is
        nothing to read it on: a master with an end date somewhere keeps them, one with
        none (an ERP export) leaves its large accounts to their rhythm's lapse."""
        if self.stopped:
            return self.recorded >= MASTER_KEEPS_SHARE * self.stopped
        return self.typed > 0

    @property
    def lapses(self) -> bool:
        """Some account may end by the lapse rule (``master_lapses``): the master does not
        keep its end dates, or keeps them but left a year-silent customer without one."""
        return not self.kept or self.recorded < self.stopped


def _silent_since(
    accounts: pd.DataFrame, last: pd.Series, first_order_day: date | pd.Timestamp
) -> pd.Series:
    """Per account (codes as text, the accounts' order): the day its silence began — its
    last order (``last``: per account as text, e.g. ``order_rhythm``'s), or its start when
    that is later (an account opened again after its last order), or with no order at all
    the later of its start and the history's first order (when it could first have ordered)."""
    codes = pd.Index(accounts["account"].astype(str))
    since = pd.Series(pd.NaT, index=codes, dtype="datetime64[ns]")
    if len(last):
        since = pd.to_datetime(last).reindex(codes).astype("datetime64[ns]")
    start = pd.to_datetime(accounts["start"]).to_numpy()
    history_first = pd.Timestamp(first_order_day).normalize()
    quiet = np.maximum(start, np.datetime64(history_first, "ns"))
    return pd.to_datetime(
        pd.Series(np.where(since.isna(), quiet, np.maximum(since.to_numpy(), start)), index=codes)
    )


def end_record(
    accounts: pd.DataFrame,
    last: pd.Series,
    as_of: date,
    first_order_day: date | pd.Timestamp | None,
) -> EndRecord:
    """``EndRecord`` of a customer master on ``as_of``: ``last``, each account's last order
    (as text; ``last_order_by`` or ``order_rhythm``'s ``last``); ``first_order_day``, the
    history's first order (None: no orders, none stopped)."""
    typed = accounts["end"].notna().to_numpy()
    if not len(accounts) or first_order_day is None:
        return EndRecord(0, 0, int(typed.sum()))
    stopped = _stopped(accounts, last, as_of, first_order_day)
    return EndRecord(int(stopped.sum()), int((stopped & typed).sum()), int(typed.sum()))


def _stopped(
    accounts: pd.DataFrame, last: pd.Series, as_of: date, first_order_day: date | pd.Timestamp
) -> np.ndarray:
    """Per account: started by ``as_of`` and silent for ``STOPPED_DAYS`` by the day."""
    stamp = pd.Timestamp(as_of)
    since = _silent_since(accounts, last, first_order_day).to_numpy()
    started = (pd.to_datetime(accounts["start"]) <= stamp).to_numpy()
    return started & (since + np.timedelta64(STOPPED_DAYS, "D") <= np.datetime64(stamp, "ns"))


# The values of a master's closure flag (``schema`` ACCOUNTS ``inactive``: 休止, 取引停止,
# 無効) that say the account is closed, folded (NFKC, lower case, stripped); a number other
# than 0 says so too. Anything else (0, blank, 取引中, ×) leaves the account as its dates say.
FLAG_ON = frozenset(
    (
        "1",
        "○",
        "◯",
        "●",
        "✓",
        "✔",
        "true",
        "yes",
        "y",
        "on",
        "はい",
        "有",
        "あり",
        "済",
        "休止",
        "休止中",
        "停止",
        "取引停止",
        "停止中",
        "中止",
        "無効",
        "閉店",
        "閉院",
        "廃業",
    )
)


def flag_set(values: pd.Series) -> np.ndarray:
    """Per row: whether a closure flag's cell says the account is closed (``FLAG_ON``)."""
    text = values.astype(object).where(values.notna(), "").astype(str)
    # Each distinct cell folded and read once, then taken back per row: a master's flag
    # column holds a few values over its ~19,000 rows at a million lines (the Unicode fold
    # per row was ~50 ms). ``text`` has no blank left, so every row has a code.
    at, distinct = pd.factorize(text)
    folded = pd.Series(distinct).map(lambda v: unicodedata.normalize("NFKC", v).strip().lower())
    number = pd.to_numeric(folded, errors="coerce")
    return (folded.isin(FLAG_ON) | (number.notna() & (number != 0))).to_numpy()[at]


def flagged_ends(
    accounts: pd.DataFrame,
    last: pd.Series,
    as_of: date,
    first_order_day: date | pd.Timestamp | None,
) -> tuple[pd.DataFrame, int]:
    """A customer master's accounts its closure flag (column ``inactive``) marks closed and
    that have no end date: ended the day after their last order (``last``: per account as
    text), as the lapse rule dates an end from it — or after their silence's start when they
    never ordered (``_silent_since``) — never later than ``as_of`` (the flag says closed now).
    The master keeps its ends then (``end_record``): the flag is its record of them. Returns
    the accounts (only ``end`` filled) and how many were so ended (trial 46 M2)."""
    if not len(accounts) or "inactive" not in accounts.columns or first_order_day is None:
        return accounts, 0
    flagged = flag_set(accounts["inactive"]) & accounts["end"].isna().to_numpy()
    if not flagged.any():
        return accounts, 0
    since = _silent_since(accounts, last, first_order_day).to_numpy()
    end = np.minimum(since + np.timedelta64(1, "D"), np.datetime64(pd.Timestamp(as_of), "ns"))
    out = accounts.copy()
    out["end"] = pd.to_datetime(out["end"]).astype("datetime64[ns]")
    out.loc[flagged, "end"] = pd.to_datetime(end[flagged]).normalize()
    return out, int(flagged.sum())


class MasterLapses(NamedTuple):
    """``master_lapses``' answer: the accounts, the codes ended by the lapse rule, and those
    silent past its days but held for their season's break (``order_rhythm``'s season)."""

    accounts: pd.DataFrame
    ended: list[str]
    seasonal: list[str]


def master_lapses(
    accounts: pd.DataFrame,
    rhythm: pd.DataFrame,
    as_of: date,
    first_order_day: date | pd.Timestamp | None,
) -> MasterLapses:
    """A customer master's accounts with no end date ended by the lapse rule by ``as_of``
    (module doc), and the codes so ended. A master that keeps end dates (``end_record``)
    has only its omissions ended: an account with no end date silent for ``STOPPED_DAYS``
    (trial 33 M4: 16 of 19 year-silent restaurants had their closing typed; the other three,
    silent 380–465 days, stayed active, at risk and on the Daily list). Silent since the last
    order (``rhythm``, the orders' ``order_rhythm`` to ``as_of``); an account with no order
    in the history since its start or the history's first order (``first_order_day``),
    whichever is later, with ``LAPSE_DAYS``. A customer on a seasonal break is lost no sooner
    than its season and ``SEASON_MARGIN_DAYS`` (``order_rhythm``, ``is_break``: a household
    buying heating oil in winter is not gone in October). A typed end date stands; an account
    starting after ``as_of`` is left. ``seasonal``: the codes silent past the plain rule's
    days but held for their season. An account ended is dated the day after its silence
    began (module doc, "One date for an end nobody typed").

    The accounts keep their order and columns; only ``end`` is filled."""
    last = rhythm["last"] if len(rhythm) else pd.Series(dtype="datetime64[ns]")
    if not len(accounts) or first_order_day is None:
        return MasterLapses(accounts, [], [])
    stamp = pd.Timestamp(as_of)
    open_ = accounts["end"].isna().to_numpy() & (pd.to_datetime(accounts["start"]) <= stamp)
    if end_record(accounts, last, as_of, first_order_day).kept:
        # Read as typed but for its omissions (a neglected customer silent for months may
        # still be won back; one silent for a year with the master's ends typed is closed).
        open_ &= _stopped(accounts, last, as_of, first_order_day)
        if not open_.any():
            return MasterLapses(accounts, [], [])
    codes = pd.Index(accounts["account"].astype(str))
    since = _silent_since(accounts, last, first_order_day)

    plain, held_days = lapse_days(rhythm, codes, accounts["rep"], as_of=as_of)

    def lapse_day(after: np.ndarray) -> pd.Series:
        return (since + pd.to_timedelta(after, unit="D")).dt.normalize()

    lapse = lapse_day(held_days)
    ended = open_ & (lapse <= stamp).to_numpy()
    # Silent past the plain rule but not past their season's break: held (the Checks say so).
    seasonal = open_ & ~ended & (lapse_day(plain) <= stamp).to_numpy()
    held = [str(c) for c in codes[seasonal]]
    if not ended.any():
        return MasterLapses(accounts, [], held)
    out = accounts.copy()
    out["end"] = pd.to_datetime(out["end"])
    # Dated the day after the silence began, as a closure flag without a date
    # (``flagged_ends``) and a customer an ERP migration left off the new master
    # (validation.renumbered.closed_before) are: the rule's days only decide *that* it
    # ended. Dated on the rule's day instead, the closures not typed counted half a year
    # late while those the migration dropped did not (trial 48 N1: FY2025 read 408 losses
    # for 495, the retention flag 2.5× for a 1.5× rise).
    out.loc[ended, "end"] = lapse_day(np.ones(len(codes))).to_numpy()[ended]
    return MasterLapses(out, [str(c) for c in codes[ended]], held)


def first_order(history: History) -> pd.Timestamp | None:
    """The history's first order (from the raw orders or the compact facts); None: none."""
    if history.facts is not None:
        first = history.facts.lifetimes["first"].min() if len(history.facts.lifetimes) else None
    else:
        # The first sale, as the facts' lifetimes read it (module doc).
        first = sale_lines(history.orders)["date"].min() if len(history.orders) else None
    return None if first is None or pd.isna(first) else pd.Timestamp(first)


def observable_from(history: History, days: int = LAPSE_DAYS) -> pd.Period | None:
    """The first month whose wins and losses a history derived from orders fully shows.

    In the first ``days`` of the history a first order is an old customer as often as a new
    one (counted held, not won), and a customer who last ordered before the history is lost
    unseen. From the month after that span every win and every loss is in the data.
    """
    first = first_order(history)
    if first is None:
        return None
    edge = first + pd.Timedelta(days=days)  # a start from here on is a win
    return pd.Period(edge - pd.Timedelta(days=1), "M") + 1


def accounts_from_orders(history: History, as_of: date, days: int = LAPSE_DAYS) -> History:
    """The history with an Accounts table derived from its orders (first order → lapse)."""
    if history.facts is not None:
        accounts = derive_accounts_from_facts(history.facts, as_of, days)
    else:
        accounts = derive_accounts(history.orders, as_of, days, history.first_date())
    return replace(history, accounts=accounts, accounts_derived=True)


def year_ago(as_of: date) -> pd.Timestamp:
    """The same day a year before ``as_of`` (29 February → 28 February)."""
    return pd.Timestamp(as_of) - YEAR


def last_order_by(
    orders: pd.DataFrame,
    when: pd.Timestamp,
    coded: tuple[np.ndarray, pd.Index] | None = None,
    latest: np.ndarray | None = None,
) -> pd.Series:
    """Per account (as text): the date of its last order (a sale: ``sale_lines``) on or
    before ``when``.

    ``coded``: ``pd.factorize(orders["account"])`` when the caller holds it (validation's
    ``OrderDays``); else the frame's own (core.handover.frame_coded: the engine's history
    carries validation's). Grouped by the codes and made text once per account, not per line:
    a groupby on the text of a million lines cost ~40 ms. ``latest``: with ``coded``, each
    code's last order day of all the lines (int64 ns, int64 min where none: ``OrderDays.last``),
    read as it is when no line is dated after ``when`` (validation's default as-of is the last
    order: no pass over the lines, ~20 ms a million)."""
    dates = orders["date"]
    if not len(orders) or not isinstance(dates.dtype, np.dtype) or dates.dtype.kind != "M":
        o = sale_lines(orders[dates <= when])
        return o.groupby(o["account"].astype(str), sort=True)["date"].max()
    if coded is None:
        from routekpi.core.handover import frame_coded  # handover imports lapse late

        coded = frame_coded(orders, "account")
    codes, names = coded
    stamps = dates.to_numpy()
    none = np.iinfo(np.int64).min
    sold = line_sold(orders)
    if sold.all() and _all_by(latest, len(names), stamps.dtype, when):
        last = latest  # type: ignore[assignment]  # every line a sale: the lines' last
        seen = last != none
    else:
        ok = (dates <= when).to_numpy(dtype=bool) & (codes >= 0)
        # A code's sales, or all its lines when it has none to the day (``sale_lines``).
        ok = coded_sales(ok, sold, codes, len(names))
        last = np.full(len(names), none, dtype=np.int64)
        np.maximum.at(last, codes[ok], stamps.view(np.int64)[ok])
        seen = np.bincount(codes[ok], minlength=len(names)) > 0
    # Names that read alike as text (7 and "7") are one account: the max of their maxima.
    text = pd.Index(names[seen], name="account").astype(str)
    per = pd.Series(last[seen].view(stamps.dtype), index=text, name="date")
    return per.groupby(level=0, sort=True).max()


def _all_by(latest: np.ndarray | None, count: int, unit: np.dtype, when: pd.Timestamp) -> bool:
    """Whether ``latest`` (nanoseconds, one per code) is every code's last order on or before
    ``when``: no dated line after it."""
    if latest is None or len(latest) != count or unit != np.dtype("datetime64[ns]"):
        return False
    return not len(latest) or int(latest.max()) <= pd.Timestamp(when).value


def rhythm_at(history: History, when: date | pd.Timestamp) -> pd.DataFrame | None:
    """The orders' ``order_rhythm`` to ``when``: from the raw orders (once per history and
    day), or the compact facts' own (``HistoryFacts.order_rhythm`` for their as-of date,
    ``order_rhythm_year_ago`` for a year before it). None: the facts hold none for that day."""
    day = pd.Timestamp(when).normalize()
    if history.facts is not None:
        facts = history.facts
        if day == pd.Timestamp(facts.as_of):
            return facts.order_rhythm
        if day == year_ago(facts.as_of):
            return facts.order_rhythm_year_ago
        return None
    return once(
        history,
        f"_order_rhythm {day.date().isoformat()}",
        lambda: order_rhythm(history.orders, day),
    )


def lost_after(
    history: History, when: date | pd.Timestamp, index: pd.Index, days: int = LAPSE_DAYS
) -> np.ndarray:
    """Per account of ``index`` (codes as text), as seen on ``when``: the days without an order
    after which the lapse rule counts it lost — ``days``, or its seasonal break's wait when
    longer (``season_wait`` on the orders' rhythm to ``when``), as ``derive_accounts`` ends a
    customer under ``RHYTHM_SHARE`` of its rep's revenue. What ``returning``,
    ``recently_lost`` and ``pause_returners`` count with, so a customer held for its season
    is not also expected back. Without the rhythm for that day (facts built without it):
    ``days`` for all."""
    out = np.full(len(index), float(days))
    rhythm = rhythm_at(history, when)
    if rhythm is None or not len(rhythm):
        return out
    return np.fmax(out, season_wait(rhythm.reindex(pd.Index(index).astype(str))))


@dataclass(frozen=True)
class Returning:
    """Customers lost but expected to order again: looking back, still held."""

    then: pd.Timestamp  # the day a year ago: lost in the year to it, back since?
    lost_then: int  # customers lost in the year before ``then``
    back: int  # of them, those who have ordered again since
    book_date: pd.Timestamp  # the day of the starting book: lost in the years to it
    lost_now: int  # customers lost in the years to ``book_date``, not back since
    expected: pd.Series  # per planned rep and ALL: lost now × the share that came back
    # The first day of the losses to ``then``: ``RETURN_YEARS`` before it, or the first day a
    # loss shows (``LAPSE_DAYS`` after the history's first order) when that is later.
    then_from: pd.Timestamp

    @property
    def now_from(self) -> pd.Timestamp:
        """The first day of the losses to ``book_date`` (as long a span as ``then_from``'s)."""
        return self.book_date - (self.then - self.then_from)


def _waits(
    history: History, when: date | pd.Timestamp, index: pd.Index, days: int
) -> pd.TimedeltaIndex:
    """``lost_after`` as day spans (aligned with ``index``)."""
    return pd.to_timedelta(lost_after(history, when, index, days), unit="D")


def returning(
    history: History,
    as_of: date,
    book_date: date,
    reps: list[str] | None = None,
    days: int = LAPSE_DAYS,
) -> Returning | None:
    """Who of the customers lost in the ``RETURN_YEARS`` years to ``book_date`` (the day of
    the plan's starting book, at or before ``as_of``) is expected back (module doc); per rep
    of ``reps`` (all when None). A history whose first ``days`` reach into those years shows
    only their later part (from ``then_from``): the customers lost recently are the more
    likely to come back, so the share measured on them applies to those lost as recently
    before ``book_date``. None without the evidence: fewer than ``MIN_LOST_FOR_RETURNS`` lost
    in those years (or their seen part) before ``year_ago(as_of)``, no loss to see before it
    (first order later than ``days`` before it), or no order history."""
    ts, then = pd.Timestamp(as_of), year_ago(as_of)
    wait = pd.Timedelta(days=days)
    first = first_order(history)
    if first is None or first + wait >= then:
        return None
    # The pooled years' first day, or the first day a loss can show (``days`` after an order
    # in the history).
    then_from = max(then - RETURN_YEARS * YEAR + pd.Timedelta(days=1), first + wait)
    if history.facts is not None:
        if history.facts.as_of != as_of:  # measured for another day: nothing to say
            return None
        per = history.facts.lifetimes.assign(account=lambda f: f["account"].astype(str))
        per = per.set_index("account")
    elif len(history.accounts):
        o = history.orders[history.orders["date"] <= ts]
        # The derived accounts already carry each one's rep (that of its last order).
        rep = history.accounts.assign(account=lambda f: f["account"].astype(str))
        per = pd.DataFrame({"last": last_order_by(o, ts)})
        per["rep"] = rep.set_index("account")["rep"].reindex(per.index)
        per["last_year_ago"] = last_order_by(o, then).reindex(per.index)
    else:
        return None
    # Lost as the rule saw it a year ago: a customer on its seasonal break then was held.
    lost_at = per["last_year_ago"] + _waits(history, then, per.index, days)  # NaT: no order
    was_lost = ((lost_at >= then_from) & (lost_at <= then)).to_numpy()
    if int(was_lost.sum()) < MIN_LOST_FOR_RETURNS:
        return None
    came_back = was_lost & (per["last"] > then).to_numpy()
    # Lost in the years to the starting book and not back by the as-of date (one back since
    # is in that book already: looking back, it was never lost).
    book = pd.Timestamp(book_date)
    since = book - (then - then_from)
    # As the accounts are derived: one held for its season is in the book, not expected back.
    lost_at = per["last"] + _waits(history, ts, per.index, days)
    lost_now = ((lost_at >= since) & (lost_at <= book)).to_numpy()
    rep = per["rep"].astype(str).to_numpy()
    if reps is not None:
        lost_now = lost_now & np.isin(rep, np.asarray(reps, dtype=str))
    team_rate = came_back.sum() / was_lost.sum()
    expected = {}
    for r in np.unique(rep[lost_now]):
        own = rep == r
        rate = credible(float((came_back & own).sum()), float((was_lost & own).sum()), team_rate)
        expected[r] = float((lost_now & own).sum()) * rate
    out = pd.Series(expected, dtype=float)
    out[TEAM] = float(out.sum())
    return Returning(
        then, int(was_lost.sum()), int(came_back.sum()), book, int(lost_now.sum()), out, then_from
    )


def pause_counts(orders: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """PAUSE_COLUMNS of the order lines to ``as_of`` (the sales, ``sale_lines``): every day a
    customer ordered on is followed by a pause — to its next order day (``came``: it ended)
    or, for its last, to ``as_of`` (still running) — counted per length in days (``seen``:
    all of that length). What ``pause_survival`` reads; the compact history keeps it
    (``pauses.sql`` in SQL)."""
    stamp = pd.Timestamp(as_of)
    o = orders[(orders["date"] <= stamp) & orders["account"].notna()]
    if not len(o):
        return empty_frame(PAUSE_COLUMNS)
    o = sale_lines(o)  # a return is no order day (module doc): no pause ends at it
    days = (
        pd.DataFrame({"account": o["account"].astype(str), "date": o["date"].dt.normalize()})
        .drop_duplicates()
        .sort_values(["account", "date"], kind="stable")
    )
    following = days.groupby("account", sort=False)["date"].shift(-1)
    ended = following.notna()
    length = following.where(ended, stamp.normalize()) - days["date"]
    return (
        pd.DataFrame({"days": length.dt.days.astype(np.int64), "came": ended.astype(np.int64)})
        .assign(seen=1)
        .groupby("days", sort=True)
        .sum()
        .reset_index()
    )


def survival_of(counts: pd.DataFrame, span: int) -> tuple[np.ndarray, float] | None:
    """The share of pauses (``pause_counts``) still unbroken after t days, t = 0 … ``span``
    (Kaplan–Meier: a pause still running is seen for as long as it has run; none is longer
    than ``span``, the days from the history's first order to the as-of date), and the order
    days a day. None: no pause or no day."""
    if span <= 0 or not len(counts):
        return None
    at = np.clip(counts["days"].to_numpy(dtype=np.int64), 0, span)
    came = np.bincount(at, weights=counts["came"].to_numpy(dtype=float), minlength=span + 1)
    leave = np.bincount(at, weights=counts["seen"].to_numpy(dtype=float), minlength=span + 1)
    total = float(leave.sum())
    at_risk = total - np.r_[0.0, np.cumsum(leave)[:-1]]
    hazard = np.where(at_risk > 0, came / np.maximum(at_risk, 1.0), 0.0)
    return np.cumprod(1.0 - hazard), total / float(span + 1)


def pause_survival(orders: pd.DataFrame, as_of: date) -> tuple[np.ndarray, float] | None:
    """The share of the order days to ``as_of`` still without a next order after t days, for
    t = 0 … the days from the first order to ``as_of`` (Kaplan–Meier: a pause still running
    at ``as_of`` is seen for as long as it has run), and the order days a day (module doc).
    None: no order."""
    o = orders[(orders["date"] <= pd.Timestamp(as_of)) & orders["account"].notna()]
    if not len(o):
        return None
    span = int((pd.Timestamp(as_of).normalize() - o["date"].min().normalize()).days)
    return survival_of(pause_counts(o, as_of), span)


def _history_pauses(history: History, as_of: date) -> tuple[np.ndarray, float, int] | None:
    """``survival_of`` the history's pauses to ``as_of`` (from the raw orders or the compact
    facts' ``pauses``), and its first order's day number since 1970. None: no pause to read
    (no order, or facts for another day or built without them)."""
    first = first_order(history)
    if first is None:
        return None
    if history.facts is not None:
        if history.facts.as_of != as_of or history.facts.pauses is None:
            return None
        counts = history.facts.pauses
    else:
        counts = pause_counts(history.orders, as_of)
    first = first.normalize()
    seen = survival_of(counts, int((pd.Timestamp(as_of).normalize() - first).days))
    if seen is None:
        return None
    return seen[0], seen[1], int((first - pd.Timestamp(0)).days)


def hidden_returners(
    history: History, as_of: date, months: Sequence[pd.Period]
) -> pd.Series | None:
    """Per month of ``months``: the customers expected among its first orders who ordered
    before the history and came back after a pause (module doc), for the whole team. A month
    t days after the history's first order: order days a day × the share of pauses longer
    than t days and at most as long as the history shows, summed over the month's days. None
    without the pauses (compact facts built without them) or with no order."""
    seen = _history_pauses(history, as_of)
    if seen is None:
        return None
    survival, per_day, first = seen
    longest = len(survival) - 1
    out = {}
    for month in months:
        lo = max(int((month.start_time - pd.Timestamp(0)).days) - first, 0)
        hi = min(int((month.end_time.normalize() - pd.Timestamp(0)).days) - first, longest)
        part = survival[lo : hi + 1] - survival[longest] if hi >= lo else np.zeros(0)
        out[month] = per_day * float(part.sum())
    return pd.Series(out, dtype=float)


def pause_returners(
    history: History,
    as_of: date,
    book_date: date,
    until: date,
    reps: list[str] | None = None,
    days: int = LAPSE_DAYS,
) -> tuple[pd.Series, int] | None:
    """While ``returning`` cannot measure returns yet (module doc): the customers lost by
    ``book_date`` (the starting book's day; ``days`` after their last order) and not back by
    ``as_of`` that the history's pauses expect back by ``until`` (the plan year's last day),
    per rep of ``reps`` (all when None) and the team; and how many were lost. Each counts the
    share of the pauses as long as its own so far that end by then (no later than the
    longest pause the history shows). None without the pauses (compact facts built without
    them, or for another day) or a customer lost."""
    seen = _history_pauses(history, as_of)
    if seen is None:
        return None
    survival, _, _ = seen
    longest = len(survival) - 1
    ts = pd.Timestamp(as_of)
    if history.facts is not None:
        per = history.facts.lifetimes.assign(account=lambda f: f["account"].astype(str))
        per = per.set_index("account")[["last", "rep"]]
    elif len(history.accounts):
        o = history.orders[history.orders["date"] <= ts]
        rep = history.accounts.assign(account=lambda f: f["account"].astype(str))
        per = pd.DataFrame({"last": last_order_by(o, ts)})
        per["rep"] = rep.set_index("account")["rep"].reindex(per.index)
    else:
        return None
    last = pd.to_datetime(per["last"]).dt.normalize()
    lost_at = last + _waits(history, ts, per.index, days)  # a seasonal break: held
    lost = (lost_at <= pd.Timestamp(book_date)).to_numpy().copy()
    rep = per["rep"].astype(str).to_numpy()
    if reps is not None:
        lost &= np.isin(rep, np.asarray(reps, dtype=str))
    if not lost.any():
        return None
    # Paused so far (to ``as_of``) and by the plan year's end, in days; beyond the longest
    # pause the history shows no return is counted.
    so_far = (ts.normalize() - last[lost]).dt.days.to_numpy(dtype=np.int64)
    by_end = (pd.Timestamp(until).normalize() - last[lost]).dt.days.to_numpy(dtype=np.int64)
    now = survival[np.clip(so_far, 0, longest)]
    then = survival[np.clip(by_end, 0, longest)]
    share = np.where((so_far < longest) & (now > 0), (now - then) / np.where(now > 0, now, 1.0), 0)
    out = pd.Series(share, dtype=float).groupby(rep[lost]).sum()
    out[TEAM] = float(out.sum())
    return out, int(lost.sum())


def returns_measurable_from(history: History, days: int = LAPSE_DAYS) -> date | None:
    """The first as-of date from which ``returning`` can see a loss a year back: a year after
    the first loss the history can show (``days`` after its first order); None: no orders."""
    first = first_order(history)
    if first is None:
        return None
    return (first + pd.Timedelta(days=days + 1) + YEAR).date()


def recently_lost(history: History, as_of: date, book_date: date, days: int = LAPSE_DAYS) -> int:
    """Customers counted lost by the lapse rule in the year to ``book_date``, as seen on
    ``as_of`` (their last order ``days`` before a day in that year, or their seasonal
    break's wait: ``lost_after``)."""
    if history.facts is not None:
        life = history.facts.lifetimes
        last = life.set_index(life["account"].astype(str))["last"]
        last = last if history.facts.as_of == as_of else None
    else:
        last = last_order_by(history.orders, pd.Timestamp(as_of))
    if last is None or not len(last):
        return 0
    # As the accounts are derived: one held for its seasonal break is not lost yet.
    lost_at = pd.to_datetime(last) + _waits(history, as_of, last.index, days)
    book = pd.Timestamp(book_date)
    return int(((lost_at > book - YEAR) & (lost_at <= book)).sum())


def with_returning(flows: Flows, back: Returning | pd.Series) -> Flows:
    """The flows with the expected returners (``returning``, or per rep as
    ``pause_returners`` gives them) in the starting book (its churn applies)."""
    expected = back.expected if isinstance(back, Returning) else back
    extra = expected.reindex(flows.start.index).fillna(0.0)
    reps = [r for r in flows.start.index if r != TEAM]
    extra[TEAM] = float(extra[reps].sum()) if reps else 0.0
    start = flows.start + extra
    churn = flows.churn.copy()
    if TEAM in start.index:
        # The team's churn weighs its reps' by their books, returners included.
        churn[TEAM] = team_churn(start, flows.churn, reps, float(start[TEAM]))
    return replace(flows, start=start, churn=churn)


def rhythm_explains(
    rhythm: pd.DataFrame | None, codes: Sequence[str], as_of: date
) -> frozenset[str]:
    """Of ``codes`` (accounts the lapse rule closed), those whose silence at ``as_of`` their
    own order rhythm explains (trial 47 M1: occasional factory buyers silent 180 days at the
    edge, read as 31 closures in the last 12 months where 8 were typed): at least
    ``RHYTHM_ORDERS`` order days, and silent no longer than ``LAPSE_GAPS`` times their usual
    gap or ``LONGEST_GAPS`` times their longest silence so far — the large accounts' rule
    (``lapse_after``) read the other way: not lost yet by their own rhythm. ``rhythm``:
    ``order_rhythm`` to ``as_of`` (None: none explained)."""
    if rhythm is None or not len(rhythm):
        return frozenset()
    wanted = pd.Index([str(c) for c in codes])
    r = rhythm.reindex(wanted)
    silent = (pd.Timestamp(as_of) - pd.to_datetime(r["last"])).dt.days.to_numpy(dtype=float)
    usual = r["usual"].to_numpy(dtype=float)
    longest = r["longest"].to_numpy(dtype=float)
    enough = r["count"].to_numpy(dtype=float) >= RHYTHM_ORDERS
    explained = enough & ((silent <= LAPSE_GAPS * usual) | (silent <= LONGEST_GAPS * longest))
    return frozenset(wanted[explained])
