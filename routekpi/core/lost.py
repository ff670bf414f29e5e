"""Material lost accounts: the one rule the flag, the baseline and the landings share.

In plain words: an account is **lost** when it has ended (an end date on Accounts, or the
lapse rule's end without a customer master) by the as-of date, and **material** when what it
bought over a reference span was at least ``LOST_WARN_SHARE`` (5%) of its rep's revenue over
the same span. Smaller losses are the usual churn, which the trends and the churn hazard
carry already.

**Whose revenue.** The rep's book is his revenue over the span as the plan reads it, each
account's history under its holder at the planning moment (core.handover). A rep gone by
then (``Handover.gone``), or who gave up every account (``released``), has no book left:
his open accounts' history went to the colleagues who took them over, and what stays under
his name is only what nobody took (an account that had ended, one nobody serves). Against
that remnant every lost account is 100% of "his revenue" (trial 29 L1: a ¥19,590 account of
a leaver whose 59 others had moved listed as a large loss). His accounts are measured
against the average book of the reps who still hold one (the team's revenue over the span
over those reps with revenue in it, ``rep_book``): a loss that would be large for a typical
rep's book is one for the team, a small one is the usual churn.

Two readers, two spans, one rule (``is_material``):

- the ``lost_account`` flag (core.flags): ended this fiscal year, measured on the fiscal year
  before (the hole the rep has to fill this year);
- the plan's baseline (core.baselines, ``lost_before_plan``): ended after the baseline's
  first month began and before the plan year starts, measured on the baseline months — or,
  planning a later year, flagged (so every account the flag names then is out). Such an
  account's orders, visits and place in the book are taken out of its rep's baseline, so
  the targets and the rep's share of the KGI stand on the book he still holds. An account
  that ends once the plan year has begun stays in (targets do not move under a rep during
  his year; the flag and the held-book landing speak for it then).

**A burst of losses** (trial 20: a 15-clinic group taken by a competitor on one day, each
clinic 0.7% of its rep's book) is one decision, not the usual churn: at least
``BURST_ACCOUNTS`` of one rep's accounts ending within ``BURST_DAYS`` of the first of them,
and so many that chance would not bring them together — or, with a 法人グループ column on
Accounts, two or more of one rep's accounts of one group ending within ``GROUP_DAYS``.
"Not by chance" in plain words: had the rep's accounts ended at random at his own pace over
the span read (his ends ÷ the span, per ``BURST_DAYS``), runs that large would turn up in
that span less than ``BURST_CHANCE`` times on average (fewer than once in twenty such
spans); each end starts a window, so the count is his ends × the Poisson chance that at
least ``k − 1`` more of his ends fall in the ``BURST_DAYS`` after one (``burst_need``).
A rep who loses ~1.5 accounts a month (a salon dealer with ~22% a year closing) sees five
within 31 days several times in four years by chance alone (trial 45 M3: two "one-off"
runs of one rep within three months took real churn out of the rate); he needs nine. One
who loses a few a year needs five.
Read from an Accounts list's end dates only, not the lapse rule's (core.lapse: customers
won together lapse together). A burst is one lost account to the 5% rule, its revenue
summed: material, it leaves the baseline as one large account does (``lost_before_plan``),
and its losses are left out of the churn hazard as a one-off (``LostBook.one_offs``;
core.flows measures the churn without them) — also when it ended before the baseline, in
the years the churn is pooled over, if material on its own 12 months to the month it
began. The Plan and Checks name it in one line.

Decided from the history and the baseline months alone, before the evidence is built (no
circle through ``Evidence``). What is taken out is read from one table, the ended accounts'
orders and visits per account × rep × month (``ended_months``): from the rows, or from a
summed history's ``HistoryFacts.ended_months`` (core.compact, routekpi.sources), so rows and
summed facts plan the same. Summed facts built without it take nothing out (the flag, which
needs only the amounts, still names the account and says the baseline holds it).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cached_property

import numpy as np
import pandas as pd

from routekpi.core.calendar import fiscal_months, fiscal_year_of
from routekpi.core.frames import by_key, month_ordinals, records, sum_by_key, text_in
from routekpi.core.handover import frame_coded
from routekpi.core.history import (
    ENDED_MONTH_COLUMNS,
    LIFETIME_COLUMNS,
    REP_DAY_COLUMNS,
    RHYTHM_COLUMNS,
    WINDOW_COLUMNS,
    History,
    HistoryFacts,
    empty_frame,
)
from routekpi.core.measure import TEAM

# A lost account is material when its revenue was this share of its rep's (the flag warns).
LOST_WARN_SHARE = 0.05
# A burst of losses (module doc): at least this many of one rep's accounts ending within this
# many days of the first of them, and ``burst_need`` of them: so many that runs that large
# would come by chance at his own pace fewer than BURST_CHANCE times over the span read.
BURST_ACCOUNTS = 5
BURST_DAYS = 31
BURST_CHANCE = 0.05
# A run of first orders is a candidate win burst (core.won, ``bursts(chance=False)``) at this
# many times the rep's ends per BURST_DAYS, and core.won's ``WIN_BURST_OVER_USUAL`` (losses
# were asked the same before trial 45 M3).
BURST_OVER_USUAL = 3.0
# One rep's accounts of one corporate group (Accounts' 法人グループ column) ending within this
# many days of the group's first end are a burst however few (two or more): a group leaves
# at once, its clinics' or stores' contracts may end on different month-ends of a quarter.
GROUP_DAYS = 92


def is_material(revenue: float, rep_revenue: float) -> bool:
    """Whether an account's revenue is a material share of its rep's (module doc)."""
    return revenue > 0 and rep_revenue > 0 and revenue >= LOST_WARN_SHARE * rep_revenue


def without_book(history: History) -> frozenset[str]:
    """The reps whose own history is no book to measure an account against (module doc,
    "Whose revenue"): gone at the planning moment or released (core.handover)."""
    handover = history.handover
    if handover is None:
        return frozenset()
    return frozenset(str(r) for r in (*handover.gone, *handover.released))


def rep_book(
    revenue: Mapping[str, float], rep: str, no_book: Collection[str]
) -> tuple[float, bool]:
    """The revenue an account of ``rep`` is measured against over one span (``revenue``:
    rep → his revenue over it, the team's row ``TEAM`` ignored) and whether it is the
    average book of the reps with one (``rep`` in ``no_book``: module doc); else his own."""
    if rep not in no_book:
        return float(revenue.get(rep, 0.0)), False
    books = [float(v) for r, v in revenue.items() if r != TEAM and r not in no_book and v > 0]
    return (sum(books) / len(books) if books else 0.0), True


def shared_names(accounts: pd.DataFrame) -> set[str]:
    """The customer names two or more accounts share (a closed shop and an open one of the
    same chain name: trial 39 L1)."""
    named = accounts.drop_duplicates("account", keep="last")["name"].dropna().astype(str)
    return set(named[named.duplicated()].tolist())  # one conversion, not a box per name


def shown_name(name: str, account: str, shared: Collection[str]) -> str:
    """A lost account's name as the Plan says it: with its code when another account has
    the same name, so the line says which one was lost."""
    return f"{name}({account})" if name and name in shared else name


def ended_between(history: History, first: date, last: date) -> pd.DataFrame:
    """Accounts whose end lies in [first, last], one row each (the last Accounts row), indexed
    by account (rep, end, name …: the Accounts columns)."""
    acc = history.accounts
    end = acc["end"]
    ended = acc[end.notna() & (end >= pd.Timestamp(first)) & (end <= pd.Timestamp(last))]
    return ended.drop_duplicates("account", keep="last").set_index("account")


@dataclass(frozen=True)
class LostAccount:
    """One material account taken out of the plan's baseline, or a burst of losses
    (module doc): then its first account, name and end, and the revenue of all of them."""

    account: str
    name: str
    rep: str  # the rep who holds it on Accounts
    end: date
    revenue: float  # its revenue over the baseline months (a burst's before it: module doc)
    share: float  # of its rep's revenue over the same months
    members: tuple[str, ...] = ()  # a burst's accounts, by end; () for one account
    last: date | None = None  # a burst's last end
    group: str = ""  # the corporate group all of a burst's accounts share, if any
    # Material only on the fiscal year before (as the flag reads it), not on the baseline
    # months: its revenue and share of its rep's there — the span that made it qualify.
    year_revenue: float | None = None
    year_share: float | None = None
    # The rep has no book of his own (gone or released at the planning moment): ``share``
    # (and ``year_share``) are of the average rep's book (module doc, ``rep_book``).
    typical: bool = False
    # A chain's exit (core.chain_exit): the reps who held its stores (``rep`` the first's);
    # ``group`` the chain, ``revenue`` over the 12 months before its first end and ``share``
    # of the team's then. () for anything else.
    chain_reps: tuple[str, ...] = ()
    chain_typed: bool = False
    # Its stores' ends the lapse rule set, re-dated to the day after their last orders as
    # they stopped together (core.chain_exit.stopped_together): the first and last of
    # those last orders. None: ends typed (or the rule's own).
    chain_stopped: tuple[date, date] | None = None

    @property
    def accounts(self) -> frozenset[str]:
        """The accounts it stands for: a burst's members, else the one account."""
        return frozenset(self.members) if self.members else frozenset((self.account,))


@dataclass(frozen=True)
class LostBook:
    """What ``lost_before_plan`` found: the material accounts and bursts out of the
    baseline, largest first; the bursts left out of the churn hazard (those out of the
    baseline and the material ones before it), by end; and the ``ended_months`` table both
    were read from (None: none ended, or summed facts without it)."""

    lost: list[LostAccount]
    one_offs: list[LostAccount]
    table: pd.DataFrame | None

    @property
    def chains(self) -> list[LostAccount]:
        """The chain exits among ``one_offs`` (``LostAccount.chain_reps``)."""
        return [a for a in self.one_offs if a.chain_reps]


def bursts(ended: pd.DataFrame, first: date, last: date, chance: bool = True) -> list[list[str]]:
    """The bursts of losses among ``ended`` (``ended_between(history, first, last)``), each its
    accounts by end (module doc): a rep's accounts of one corporate group ending within
    ``GROUP_DAYS``; then, of the rest, from a rep's earliest end on, the ends within
    ``BURST_DAYS`` of it when they are enough (less an edge end that stands apart), else
    from the next end. Enough: ``burst_need`` (the chance test); ``chance=False``, at least
    ``BURST_ACCOUNTS`` and ``BURST_OVER_USUAL`` times his ends per ``BURST_DAYS`` — the
    candidates core.won reads runs of first orders with, then judged against the opener's
    usual monthly wins (review 34), not against the holder's pace read here."""
    out: list[list[str]] = []
    rest = ended
    # A book without a group typed has no group's burst (the texts made only when one is).
    if "group" in ended.columns and ended["group"].notna().any():
        group = ended["group"].astype(object).where(ended["group"].notna(), "").astype(str)
        group = group.str.strip()
        named = ended[group != ""]
        for _, rows in named.groupby([named["rep"], group[group != ""]], sort=True):
            out += _runs(rows, np.timedelta64(GROUP_DAYS, "D"), 2)
        if out:  # nothing to drop: the rows as they are (a drop copies every column)
            rest = ended.drop(index=[a for run in out for a in run])
    span = max((last - first).days + 1, BURST_DAYS)
    # Each rep's accounts by end, all reps in one stable sort (reps coded in sorted order,
    # as ``groupby("rep")`` takes them; a missing rep in no group), not a frame per rep.
    codes, _ = pd.factorize(rest["rep"], sort=True)
    ends = rest["end"].to_numpy(dtype="datetime64[ns]")
    order = np.lexsort((ends, codes))
    order = order[codes[order] >= 0]
    ids, codes, ends = rest.index[order].tolist(), codes[order], ends[order]
    bounds = np.flatnonzero(np.diff(codes)) + 1
    for lo, hi in zip([0, *bounds.tolist()], [*bounds.tolist(), len(ids)], strict=True):
        need = (
            burst_need(hi - lo, span)
            if chance
            else max(BURST_ACCOUNTS, BURST_OVER_USUAL * (hi - lo) * BURST_DAYS / span)
        )
        out += _runs_of(ends[lo:hi], ids[lo:hi], np.timedelta64(BURST_DAYS, "D"), need, trim=True)
    return out


def burst_need(ends: int, span: int) -> int:
    """The fewest of a rep's ``ends`` over ``span`` days within ``BURST_DAYS`` that make a
    burst (module doc): at least ``BURST_ACCOUNTS``, and the smallest ``k`` with
    ``ends`` × P(Poisson(λ) ≥ k − 1) < ``BURST_CHANCE``, λ = ``ends`` × ``BURST_DAYS`` ÷
    ``span`` — the expected number of his ends followed within ``BURST_DAYS`` by ``k − 1``
    more, had they fallen at random at his pace (each run found starts at one such end, so
    chance makes fewer runs than that)."""
    rate = ends * BURST_DAYS / max(span, BURST_DAYS)
    # P(X ≥ m) = 1 − P(X ≤ m − 1), the terms summed up (m stays small: k − 1 ≤ ends).
    term = math.exp(-rate)  # P(X = 0)
    below = 0.0  # P(X ≤ m − 1)
    for m in range(ends + 1):
        if m + 1 >= BURST_ACCOUNTS and ends * max(1.0 - below, 0.0) < BURST_CHANCE:
            return m + 1
        below += term
        term *= rate / (m + 1)
    return max(ends + 1, BURST_ACCOUNTS)  # more than he lost: no run of his is a burst


def _runs(
    rows: pd.DataFrame, within: np.timedelta64, need: float, trim: bool = False
) -> list[list[str]]:
    """The runs of at least ``need`` of ``rows``' ends within ``within`` of the run's first,
    from the earliest end on; ``trim``: less an edge end that stands apart (``bursts``)."""
    rows = rows.sort_values("end", kind="stable")
    ends = rows["end"].to_numpy(dtype="datetime64[ns]")
    return _runs_of(ends, rows.index.tolist(), within, need, trim)


def _runs_of(
    ends: np.ndarray, ids: list[object], within: np.timedelta64, need: float, trim: bool = False
) -> list[list[str]]:
    """``_runs`` of ends in order (``ids``: each end's account)."""
    # Where each end's window stops, for every end at once (a search per end was most of it).
    reach = ends.searchsorted(ends + within, side="left").tolist()
    out = []
    i = 0
    while i < len(ends):
        j = reach[i]
        if j - i < need:
            i += 1
            continue
        # An end at the window's edge farther from its neighbour than the rest lie apart is
        # the usual churn beside the burst (trial 20: a clinic lost four days after the
        # group's fifteen on one day), not one of it.
        while trim and j - i > need:
            if ends[i + 1] - ends[i] > ends[j - 1] - ends[i + 1]:
                i += 1
            elif ends[j - 1] - ends[j - 2] > ends[j - 2] - ends[i]:
                j -= 1
            else:
                break
        out.append([str(a) for a in ids[i:j]])
        i = j
    return out


@dataclass
class EndedBook:
    """``ended_months`` of every account that ended between the baseline's first day and
    the as-of date, read once a run on first use: the baseline's lost accounts
    (``lost_before_plan``), the Review's (core.review, ended in a running plan year) and the
    unit-price flag's (core.flags) are among them, and each read of the rows scanned every
    order and visit line. The evidence reads it with the won accounts' table in one pass
    (``read_with``, core.won)."""

    history: History
    accounts: frozenset[str]
    as_of: date

    @cached_property
    def table(self) -> pd.DataFrame | None:
        """``ended_months`` of ``accounts``."""
        return ended_months(self.history, set(self.accounts), self.as_of)

    def reads(self, history: History, as_of: date) -> bool:
        """Whether this is the read of ``history``'s rows at ``as_of`` (a caller with another
        history — a backtest's cut, the accounts derived from orders — reads its own)."""
        return self.history is history and self.as_of == as_of

    def of(self, accounts: set[str]) -> pd.DataFrame | None:
        """``ended_months(history, accounts, as_of)``: the rows of ``table`` (each account's
        sums are its own rows', whichever others are read with it), or a read of its own
        for an account outside ``accounts``."""
        if not accounts <= self.accounts:
            return ended_months(self.history, accounts, self.as_of)
        table = self.table
        if table is None or accounts == self.accounts:
            return table
        return table[text_in(table["account"], accounts)]

    def read_with(self, others: set[str]) -> pd.DataFrame:
        """``ended_months_of`` the rows for ``others`` (core.won's new accounts), in one pass
        over the rows with ``table`` when that is not read yet: the rows of both sets read
        once, and each part's rows taken from them — each account's sums are its own rows'
        in the same order, whichever others are read with it, so both parts are what a read
        of their own gives (the same rows, values and order, a fresh index)."""
        history, as_of = self.history, self.as_of
        if history.facts is not None or "table" in self.__dict__:
            return ended_months_of(history.orders, history.visits, others, as_of)
        both = ended_months_of(history.orders, history.visits, set(self.accounts) | others, as_of)
        self.table = _part(both, self.accounts)
        return _part(both, others)


def ended_months_from(
    book: EndedBook | None, history: History, accounts: set[str], as_of: date
) -> pd.DataFrame | None:
    """``ended_months(history, accounts, as_of)``, from the run's ``book`` when it read these
    rows (the unit-price flag's and the Review's ended accounts are among its own)."""
    if book is not None and book.reads(history, as_of):
        return book.of(accounts)
    return ended_months(history, accounts, as_of)


def _part(table: pd.DataFrame, accounts: Collection[str]) -> pd.DataFrame:
    """The rows of ``accounts`` in an ``ended_months_of`` table, as a read of their own
    returns them (a fresh index; ``empty_frame`` when none)."""
    rows = text_in(table["account"], accounts) if len(table) else np.zeros(0, dtype=bool)
    if not rows.any():
        return empty_frame(ENDED_MONTH_COLUMNS)
    return table[rows].reset_index(drop=True)


def ended_book(
    history: History, baseline_months: list[pd.Period], as_of: date, since: date | None = None
) -> EndedBook:
    """The ``EndedBook`` of a run: the accounts ended since the baseline's first month, or
    since ``since`` (the first of the years the churn is pooled over) when earlier."""
    first = baseline_months[0].start_time.date() if baseline_months else as_of
    first = min(first, since) if since is not None else first
    ended = ended_between(history, first, as_of)
    return EndedBook(history, frozenset(ended.index.astype(str).tolist()), as_of)


def lost_before_plan(
    history: History,
    revenue: pd.Series,
    baseline_months: list[pd.Period],
    plan_start: pd.Period,
    as_of: date,
    book: EndedBook | None = None,
    since: date | None = None,
) -> LostBook:
    """The material accounts and bursts that ended before the plan year, and the bursts left
    out of the churn hazard (module doc, ``LostBook``) — what the baseline and the churn
    take out is read from its table, not again.

    ``revenue``: the facts' revenue by (rep, month). Material on the baseline months, or —
    ended in the fiscal year holding ``as_of`` — on the fiscal year before, as the flag
    reads it: every account the flag names while a later year is planned is out of that
    plan's baseline. Empty for summed facts built without ``ended_months``. ``book``: the
    run's ``ended_book``, read from when it holds these accounts. ``since``: the first day
    of the years the churn is pooled over (core.flows), where bursts are looked for."""
    none = LostBook([], [], None)
    if not baseline_months:
        return none
    base_first = baseline_months[0].start_time.date()
    first = min(base_first, since) if since is not None else base_first
    last = min(as_of, plan_start.start_time.date() - timedelta(days=1))
    ended = ended_between(history, first, last)
    if not len(ended):
        return none
    ended.index = ended.index.astype(str)
    ids = ended.index.tolist()  # not the index itself: iterating it boxes each text
    accounts = set(ids)
    table = book.of(accounts) if book is not None else ended_months(history, accounts, as_of)
    if table is None or not len(table):
        return none
    start_month = plan_start.month  # the fiscal year's first month
    this_year = fiscal_months(fiscal_year_of(as_of, start_month), start_month)
    year_before = [m - 12 for m in this_year]
    bought = table[table["month"].isin(baseline_months)].groupby("account")["revenue"].sum()
    before = table[table["month"].isin(year_before)].groupby("account")["revenue"].sum()
    month_of = revenue.index.get_level_values("month")
    rep_base = revenue[month_of.isin(baseline_months)].groupby(level="rep").sum()
    rep_before = revenue[month_of.isin(year_before)].groupby(level="rep").sum()
    # As dicts: ``Series.get`` per account cost ~40 µs (1,248 ended accounts at 1M rows).
    bought_of, before_of = by_key(bought), by_key(before)
    base_of, rep_before_of = by_key(rep_base), by_key(rep_before)
    # Each ended account's Accounts row as a dict, from the columns read here (a ``.loc``
    # per account cost ~0.4 s at a million order lines, ~1,200 ended accounts).
    wanted = [c for c in ("rep", "end", "name", "group") if c in ended.columns]
    rows = dict(zip(ids, records(ended[wanted]), strict=True))

    no_book = without_book(history)
    shared = shared_names(history.accounts)

    def lost_one(
        members: list[str], amount: float, base: float, typical: bool = False
    ) -> LostAccount:
        row = rows[members[0]]
        name = row.get("name")
        burst = len(members) > 1
        groups = {rows[a].get("group") for a in members}
        group = groups.pop() if burst and len(groups) == 1 else None
        return LostAccount(
            account=members[0],
            name=shown_name("" if name is None or pd.isna(name) else str(name), members[0], shared),
            rep=str(row["rep"]),
            end=row["end"].date(),
            revenue=amount,
            share=amount / base,
            members=tuple(members) if burst else (),
            last=rows[members[-1]]["end"].date() if burst else None,
            group="" if group is None or pd.isna(group) else str(group).strip(),
            typical=typical,
        )

    def out_of_baseline(members: list[str]) -> LostAccount | None:
        # One account or a burst, its revenue summed: material by the rule (module doc).
        rep = str(rows[members[0]]["rep"])
        amount = float(sum(bought_of.get(a, 0.0) for a in members))
        base, typical = rep_book(base_of, rep, no_book)
        year = float(sum(before_of.get(a, 0.0) for a in members))
        year_base, _ = rep_book(rep_before_of, rep, no_book)
        flagged = rows[members[0]]["end"] >= this_year[0].start_time and is_material(
            year, year_base
        )
        if not (is_material(amount, base) or flagged) or base <= 0:
            return None
        found = lost_one(members, amount, base, typical)
        if is_material(amount, base):
            return found
        return replace(found, year_revenue=year, year_share=year / year_base)

    lost, one_offs, grouped = [], [], set()
    # The lapse rule's ends (no customer master) are no one's decision on a day: customers
    # won together lapse together 180 days after their last orders (CDNOW's first-quarter
    # cohort read as bursts: pooled reduction 78.7 → 65.1).
    found = bursts(ended, first, last) if not history.accounts_derived else []
    # A chain's exit (core.chain_exit: typed or guessed from the names, its stores spread
    # over reps) is one decision: all its stores out of the churn hazard, material or not,
    # one line for it (trial 40: 35 stores of a chain counted as ordinary churn planned next
    # year's cancellations as if the team would lose 35 again). Its stores leave their
    # holders' baselines too, each holder's part (below: trial 46 M3).
    # Where the rule set the ends, only a chain whose stores stopped together (re-dated to
    # their last orders: core.chain_exit.stopped_together) is one decision.
    chains = _chain_losses(history, rows, first, last)
    if history.accounts_derived:
        chains = [c for c in chains if c.stopped is not None]
    one_offs.extend(c.one_off(revenue, table) for c in chains)
    in_chain = {a for c in chains for a in c.members}
    for members in found:
        began = pd.Period(rows[members[0]]["end"], freq="M")
        if began.start_time.date() >= base_first:
            found = out_of_baseline(members)
            if found is not None:
                lost.append(found)
        else:
            # Before the baseline: material on its own 12 months to the month it began.
            months = [began - k for k in range(12)]
            rep = str(rows[members[0]]["rep"])
            mine = table[table["account"].isin(members) & table["month"].isin(months)]
            amount = float(mine["revenue"].sum())
            span = revenue[month_of.isin(months)].groupby(level="rep").sum()
            base, typical = rep_book(by_key(span), rep, no_book)
            found = lost_one(members, amount, base, typical) if is_material(amount, base) else None
        if found is not None:
            # A rep's part of a chain's exit: the chain's line tells of it (out of the churn
            # there), its baseline's removal stays this burst's.
            if not set(members) <= in_chain:
                one_offs.append(found)
            grouped.update(members)
    # Every holder's part of a chain's exit leaves his baseline, material or not (trial 46
    # M3: 佐藤's 4 clinics of a 医療法人 out as a material burst, 鈴木's 3 kept at 3% of his
    # book): out of the churn as the chain's one-off, it would stay in the baseline as
    # sales the plan expects again and that no churn takes away.
    for chain in chains:
        parts: dict[str, list[str]] = {}
        for a, r in zip(chain.members, chain.reps, strict=True):
            if a not in grouped and rows[a]["end"] >= pd.Timestamp(base_first):
                parts.setdefault(r, []).append(a)
        for rep, members in parts.items():
            amount = float(sum(bought_of.get(a, 0.0) for a in members))
            base, typical = rep_book(base_of, rep, no_book)
            if amount <= 0 or base <= 0:
                continue
            # Its accounts as members even for one store: the chain's line tells of it.
            lost.append(replace(lost_one(members, amount, base, typical), members=tuple(members)))
            grouped.update(members)
    for account in bought.index:
        if account in grouped or rows[account]["end"] < pd.Timestamp(base_first):
            continue
        found = out_of_baseline([str(account)])
        if found is not None:
            lost.append(found)
    lost.sort(key=lambda a: -a.revenue)
    one_offs.sort(key=lambda a: (a.end, a.rep))
    return LostBook(lost, one_offs, table)


@dataclass(frozen=True)
class _ChainLoss:
    """A chain exit's stores that ended in the span ``lost_before_plan`` reads."""

    name: str
    typed: bool
    members: list[str]  # by end
    reps: list[str]
    first: date
    last: date
    stopped: tuple[date, date] | None = None  # its stores' last orders, when re-dated

    def one_off(self, revenue: pd.Series, table: pd.DataFrame) -> LostAccount:
        """The chain as one loss: its stores' revenue over the 12 months before its first
        end, and its share of the team's then (the chain_exit flag's figures)."""
        month = pd.Period(self.first, freq="M")
        months = [month - k for k in range(12, 0, -1)]
        mine = table[text_in(table["account"], self.members) & table["month"].isin(months)]
        amount = float(mine["revenue"].sum())
        month_of = revenue.index.get_level_values("month").isin(months)
        reps = revenue.index.get_level_values("rep")
        team = revenue[month_of & (reps == TEAM)]
        whole = float(team.sum()) if len(team) else float(revenue[month_of].sum())
        return LostAccount(
            account=self.members[0],
            name=self.name,
            rep=self.reps[0],
            end=self.first,
            revenue=amount,
            share=amount / whole if whole > 0 else 0.0,
            members=tuple(self.members),
            last=self.last,
            group=self.name,
            chain_reps=tuple(dict.fromkeys(self.reps)),
            chain_typed=self.typed,
            chain_stopped=self.stopped,
        )


def _chain_losses(
    history: History, rows: Mapping[str, Mapping[str, object]], first: date, last: date
) -> list[_ChainLoss]:
    """The chain exits (core.chain_exit) beginning in [first, last], each with its stores
    that ended by ``last`` (``rows``: the ended accounts' Accounts rows)."""
    # Here, not at the top: core.chain_exit reads this module's burst constants.
    from routekpi.core.chain_exit import chain_exits_of, stop_dates

    out = []
    for e in chain_exits_of(history, first, last):
        members = [a for a in e.accounts if a in rows]
        if len(members) < 2:
            continue
        reps = [str(rows[a]["rep"]) for a in members]
        ends = [pd.Timestamp(rows[a]["end"]).date() for a in members]  # type: ignore[arg-type]
        stopped = stop_dates(history, members)
        out.append(_ChainLoss(e.name, e.typed, members, reps, min(ends), max(ends), stopped))
    return out


def chain_note(chain: LostAccount, lost: Collection[LostAccount]) -> tuple[str, dict[str, object]]:
    """The Plan's and Checks' line on a chain's exit out of the churn (``lost_before_plan``):
    its code and words; ``lost``: what left the baselines (how many of its stores did)."""
    out = len(chain.accounts & {a for x in lost for a in x.accounts})
    last = chain.last or chain.end
    code = "lost_chain_churn" if chain.chain_typed else "lost_chain_churn_guessed"
    stopped: dict[str, object] = {}
    if chain.chain_stopped is not None:
        # Dated from the stores' last orders, not typed: said in plain words (trial 40 M2).
        code += "_stopped"
        a, b = chain.chain_stopped
        stopped = {"stopped": a.isoformat() if a == b else f"{a.isoformat()}〜{_tail(a, b)}"}
    return code, {
        "name": chain.group,
        "count": len(chain.accounts),
        "reps": len(chain.chain_reps),
        "when": chain.end.isoformat()
        if last == chain.end
        else f"{chain.end.isoformat()} – {last.isoformat()}",
        "revenue": f"{chain.revenue:,.0f}",
        "share": f"{chain.share:.1%}",
        "out": out,  # how many also left their reps' baselines (render.note_text says it)
        **stopped,
    }


def _tail(a: date, b: date) -> str:
    """``b`` as the end of a span from ``a``: the day alone in the same month (2025-09-25〜29),
    else the month and day in the same year, else the whole date."""
    if (a.year, a.month) == (b.year, b.month):
        return f"{b.day:02d}"
    return f"{b.month:02d}-{b.day:02d}" if a.year == b.year else b.isoformat()


def ended_accounts(history: History, as_of: date) -> set[str]:
    """The accounts ended by ``as_of`` on the history's Accounts (derived by the lapse rule
    when it has none): the ones ``ended_months`` keeps."""
    acc = history.accounts
    if not len(acc) and len(history.orders):
        from routekpi.core.lapse import accounts_from_orders  # lapse reads history only

        acc = accounts_from_orders(history, as_of).accounts
    ended = acc["end"].notna() & (acc["end"] <= pd.Timestamp(as_of))
    return set(acc.loc[ended, "account"].astype(str))


def ended_months_of(
    orders: pd.DataFrame, visits: pd.DataFrame, accounts: set[str], as_of: date
) -> pd.DataFrame:
    """``ENDED_MONTH_COLUMNS`` of order and visit rows up to ``as_of``: per account × rep ×
    month of ``accounts``, the sums ``HistoryFacts.rep_months`` and ``visits`` hold per rep.

    What ``groupby(["account", "rep", "month"]).sum(min_count=0)`` over the order rows and
    then the visit rows gives (a fact a row does not carry is NaN, skipped), grouped on one
    integer key per row: the accounts and reps coded in sorted order, so the keys sort as
    the three columns do, and each group's rows are summed in the same order, to the bit."""
    ts = pd.Timestamp(as_of)
    # The rows wanted, read column by column (a filtered copy of each frame copied every
    # column of it, the ones not read too). Arrow text accounts: by the frame's codes
    # (``_account_rows``), each distinct account tested once.
    coded = _coded_accounts(orders, visits)
    if coded is None:
        o_in = text_in(orders["account"], accounts)
        v_in = text_in(visits["account"], accounts)
    else:
        o_in, v_in = (_account_rows(c, accounts) for c in coded)
    o_rows = o_in & (orders["date"] <= ts).to_numpy(dtype=bool)
    v_rows = v_in & (visits["date"] <= ts).to_numpy(dtype=bool)
    n_o, n_v = int(o_rows.sum()), int(v_rows.sum())
    if not n_o and not n_v:
        return empty_frame(ENDED_MONTH_COLUMNS)
    facts = list(ENDED_MONTH_COLUMNS[3:])
    # Column by column in memory (a frame's block): the groupby sums each column in a run.
    values = np.full((n_o + n_v, len(facts)), np.nan, order="F")
    if n_o:
        amount = orders["amount"].to_numpy(dtype=float)[o_rows]
        quantity = orders["quantity"].to_numpy(dtype=float)[o_rows]
        values[:n_o, 0] = amount
        values[:n_o, 1] = amount > 0
        values[:n_o, 2] = np.where(np.isnan(quantity), 0.0, quantity)
    if n_v:
        kind = visits["kind"][v_rows]
        attempt = (kind == "attempt").to_numpy(dtype=bool)
        values[n_o:, 3] = (kind == "visit").to_numpy(dtype=bool)
        values[n_o:, 4] = attempt
        values[n_o:, 5] = attempt & (visits["outcome"][v_rows] == "won").to_numpy(dtype=bool)
        values[n_o:, 6] = (kind == "meeting").to_numpy(dtype=bool)
    parts = [(f, rows) for f, rows, n in ((orders, o_rows, n_o), (visits, v_rows, n_v)) if n]
    if coded is None:
        account = pd.concat(
            [f["account"][rows].astype(str) for f, rows in parts], ignore_index=True
        )
        a_codes, a_names = pd.factorize(account, sort=True)
    else:
        a_codes, a_names = _sorted_codes(
            [(c, rows) for c, rows, n in zip(coded, (o_rows, v_rows), (n_o, n_v), strict=True) if n]
        )
    rep = pd.concat([f["rep"][rows].astype(str) for f, rows in parts], ignore_index=True)
    days = np.concatenate([f["date"].to_numpy(dtype="datetime64[ns]")[rows] for f, rows in parts])
    r_codes, r_names = pd.factorize(rep, sort=True)
    month = month_ordinals(days)  # a month Period's ordinal
    keep = (a_codes >= 0) & (r_codes >= 0)
    if not keep.all():  # rows without a rep: no group, as groupby drops them
        a_codes, r_codes, month, values = a_codes[keep], r_codes[keep], month[keep], values[keep]
    if not len(month):
        return empty_frame(ENDED_MONTH_COLUMNS)
    first, span, reps = int(month.min()), int(month.max() - month.min()) + 1, len(r_names)
    key = (a_codes.astype(np.int64) * reps + r_codes) * span + (month - first)
    sums = sum_by_key(pd.DataFrame(values, columns=facts), key)
    k = sums.index.to_numpy(dtype=np.int64)
    return pd.DataFrame(
        {
            "account": a_names.take(k // (span * reps)),
            "rep": r_names.take(k // span % reps),
            "month": pd.PeriodIndex.from_ordinals(first + k % span, freq="M"),
            **{c: sums[c].to_numpy() for c in facts},
        }
    )


_Coded = tuple[np.ndarray, pd.Index]


def _coded_accounts(orders: pd.DataFrame, visits: pd.DataFrame) -> tuple[_Coded, _Coded] | None:
    """Each frame's account codes (``frame_coded``: kept per frame, validation's for the
    orders, the engine's for the visits) when both columns are Arrow-backed text, whose
    values are their own texts (``astype(str)`` changes none) and whose missing values are
    in no set (code -1, as ``text_in`` leaves them out); None for any other column."""
    for frame in (orders, visits):
        dtype = frame["account"].dtype
        if not (isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow"):
            return None
    return frame_coded(orders, "account"), frame_coded(visits, "account")


def _account_rows(coded: _Coded, accounts: set[str]) -> np.ndarray:
    """``text_in(frame["account"], accounts)`` from the column's codes: each distinct
    account tested once (a million lines hold tens of thousands), read back per line."""
    codes, names = coded
    hit = np.append(text_in(pd.Series(names), accounts), False)  # the last: code -1
    return hit[codes]


def _sorted_codes(parts: list[tuple[_Coded, np.ndarray]]) -> tuple[np.ndarray, pd.Index]:
    """``pd.factorize(pd.concat([frame["account"][rows].astype(str) ...]), sort=True)`` from
    each frame's codes (rows with an account only): the distinct texts of the rows taken
    factorized in sorted order, and each row's code read from its frame code (not a
    concatenation, a text copy and a hash of every row: ~20 ms at a million lines)."""
    texts, picked = [], []
    for (codes, names), rows in parts:
        mine = codes[rows]
        present = np.flatnonzero(np.bincount(mine, minlength=len(names)))
        texts.append(pd.Series(names.take(present)).astype(str))
        picked.append((mine, present))
    joined, a_names = pd.factorize(pd.concat(texts, ignore_index=True), sort=True)
    out, at = [], 0
    for (mine, present), (_, names) in zip(picked, (c for c, _ in parts), strict=True):
        lookup = np.full(len(names), -1, dtype=joined.dtype)
        lookup[present] = joined[at : at + len(present)]
        at += len(present)
        out.append(lookup[mine])
    return np.concatenate(out), a_names


def ended_months(history: History, accounts: set[str], as_of: date) -> pd.DataFrame | None:
    """``ended_months_of`` the rows, or the summed history's ``ended_months`` (None: built
    without it), for ``accounts``."""
    if history.facts is None:
        return ended_months_of(history.orders, history.visits, accounts, as_of)
    table = history.facts.ended_months
    if table is None:
        return None
    table = table[table["account"].astype(str).isin(accounts)]
    return table.assign(account=table["account"].astype(str), rep=table["rep"].astype(str))


def lost_history(history: History, table: pd.DataFrame, accounts: set[str], as_of: date) -> History:
    """The history of ``accounts`` alone as summed facts from their ``ended_months`` rows
    (their Accounts rows, the holidays and the handover as they are): what the baseline
    takes out (core.baselines), the same from rows and from summed facts."""
    rows = table[table["account"].isin(accounts)]
    orders = ["revenue", "orders", "quantity"]
    visits = ["visits", "attempts", "appointments", "meetings"]
    by_rep = rows.groupby(["rep", "month"], sort=True)
    facts = HistoryFacts(
        as_of=as_of,
        first=None,
        last=None,
        any_visit=bool(rows["visits"].sum() > 0),
        rep_months=by_rep[orders].sum().reset_index(),
        account_months=rows.groupby(["account", "month"], sort=True)["revenue"].sum().reset_index(),
        lifetimes=empty_frame(LIFETIME_COLUMNS),
        visits=by_rep[visits].sum().reset_index(),
        rhythm=empty_frame(RHYTHM_COLUMNS),
        windows=empty_frame(WINDOW_COLUMNS),
        rep_days=empty_frame(REP_DAY_COLUMNS),
    )
    acc = history.accounts
    return replace(
        history,
        orders=history.orders.iloc[:0],
        visits=history.visits.iloc[:0],
        accounts=acc[acc["account"].astype(str).isin(accounts)].reset_index(drop=True),
        facts=facts,
    )
