"""A chain's stores leaving together: one decision, told once (trial 39 M1/M2).

A convenience-store chain of 35 stores, each its own customer code and spread over 12 reps,
ended all its contracts within one month. The Flags sheet showed twelve churn spikes (one per
rep) and a team retention flag, none naming the chain, and nothing suggested the 法人グループ
column that makes the plan count the chain as one loss (core.lost: a group's burst).

**A chain exit** is at least ``CHAIN_MIN_ACCOUNTS`` accounts of one chain ending within
``CHAIN_DAYS`` of the first of them, and at least ``CHAIN_SHARE`` of the chain's accounts live
on that first day (a chain leaving takes most of its stores; five of a hundred independent
cafés closing in a month is churn). The chain is the typed 法人グループ, else the first word of
the customer names (「サンエブリー 駅前1号店」 → サンエブリー; a name without a space has no
first word, so no chain is guessed from it; nor from a founder's word, 「県立 本町高等学校」:
core.name_words, trial 53 H2). Whoever holds the stores: the team's count, not one rep's
(core.lost's burst is per rep).

**Stopped together** (trial 40 M2): where the ends come from the lapse rule (no customer
master, or a master without end dates: core.lapse), a chain's stores that moved to a
competitor on one day are ended a rhythm's wait after their last orders, up to 180 days —
six months late, inside the next baseline, as ordinary cancellations. So, once after the
lapse rule, ``stopped_together`` reads the rule's ended stores by their LAST ORDERS: at least
``CHAIN_MIN_ACCOUNTS`` of one chain whose last orders fall within ``CHAIN_DAYS``, at least
``CHAIN_SHARE`` of the chain live then, stopped together — the chain's decision — and each
ends the day after its last order. Every reader of the ends (the baseline's cancellations,
the churn's years, the flags, the landing, the Plan's line) then reads those days, and
``chain_exits`` finds the exit by them. A typed end date is never changed.

**Gone before the rule** (session 38). A chain that left two months ago has stores the
rule has not ended yet (it waits up to 180 days): they stayed live in the starting book and
the targets. So a store with no end date whose last order lies at least ``CHAIN_GONE_DAYS``
before the as-of date is read with the rule's ended stores: stopped together with its chain
(as above), it ends the day after its last order. In plain words: a chain's stores that
stopped ordering together and have not ordered for two months are gone. Measured on the
histories with chain names at hand (scripts/chain_silence/measure.py: trial 40's pharmacies,
8 chains; trial 41's restaurants, whose names' first words make 8 "chains" of independent
shops): of 678 month-end reads of a chain's stores stopped together, the 657 that came back
had been silent together 5 days at most; the one exit (さくら, 8 stores), read at 0 to 150
days, never ordered again (the other 15 reads are at the histories' last month ends: no
later order to see). Two months leaves room for a chain that orders monthly (a silence of a
month is its usual gap) and is the lapse rule's own soonest end for a large account
(core.lapse ``LAPSE_FLOOR_DAYS``). A chain silent for a few weeks is left: it may be a pause.
A store whose silence its order rhythm reads as its seasonal break (the lapse rule's own test,
core.lapse ``on_break``: the same weeks a year ago were a break) is left too (review 42: a
co-op's five branches ordering March–September were ended at a December as-of date).

Nothing in the plan changes here: a chain guessed from the names only becomes one loss when
the manager types its 法人グループ (the flag says so); the churn-spike flags leave the chain's
stores out of their counts, since the chain's own flag tells of them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import date

import numpy as np
import pandas as pd

from routekpi.contract import lazy_pattern
from routekpi.core.frames import text_in
from routekpi.core.history import History, once
from routekpi.core.lapse import on_break, order_rhythm, sale_lines
from routekpi.core.lost import BURST_ACCOUNTS, BURST_DAYS
from routekpi.core.name_words import FOUNDER_WORDS

CHAIN_MIN_ACCOUNTS = BURST_ACCOUNTS  # stores ending together, at least
CHAIN_DAYS = BURST_DAYS  # …within this many days of the first of them
CHAIN_SHARE = 0.5  # …and at least this share of the chain's accounts live on that day
# A chain's stores stopped together and silent this long by the as-of date are gone, ended or
# not by the lapse rule yet (module doc: measured, none came back after 5 days).
CHAIN_GONE_DAYS = 60
_WORDS = lazy_pattern(r"[\s・]+")


@dataclass(frozen=True)
class ChainExit:
    """One chain's exit: its name, whether typed as a group, its ended accounts (by end
    date) with their holders, and how many of its accounts were live at the first end."""

    name: str
    typed: bool
    accounts: tuple[str, ...]
    reps: tuple[str, ...]  # each account's holder, in ``accounts``' order
    ends: tuple[date, ...]
    live: int

    @property
    def first(self) -> date:
        return self.ends[0]

    @property
    def last(self) -> date:
        return self.ends[-1]


def name_stem(name: object) -> str | None:
    """The first word of a customer name (module doc), or None without one — or when it is
    a founder (core.name_words ``FOUNDER_WORDS``: 県立, 市立, 学校法人 …), no chain's name."""
    if name is None or (isinstance(name, float) and pd.isna(name)):
        return None
    words = _WORDS.split(unicodedata.normalize("NFKC", str(name)).strip())
    if len(words) < 2 or len(words[0]) < 2 or words[0] in FOUNDER_WORDS:
        return None
    return words[0]


def chain_exits(accounts: pd.DataFrame, first: date, last: date) -> list[ChainExit]:
    """The chain exits (module doc) whose first end lies in [first, last], largest first.

    ``accounts``: the Accounts frame (account, name, rep, start, end, group)."""
    return _exits(_keyed(accounts), first, last)


def chain_exits_of(history: History, first: date, last: date) -> list[ChainExit]:
    """``chain_exits`` of the history's Accounts, each account's chain read once per history
    (the flags, the baseline's losses and the landing each ask: a name's first word is a
    Python step per account, ~7 µs)."""
    return _exits(once(history, "_chain_keyed", lambda: _keyed(history.accounts)), first, last)


def _keyed(accounts: pd.DataFrame, need_end: bool = True) -> pd.DataFrame | None:
    """The accounts of a chain (one row each), with their chain (``_key``) and whether it
    is typed (``_typed``); None without an end date (``need_end``)."""
    if not len(accounts) or (need_end and accounts["end"].isna().all()):
        return None
    acc = accounts.drop_duplicates("account", keep="last")
    group = acc["group"] if "group" in acc.columns else pd.Series(None, index=acc.index)
    typed = group.notna()
    typed[typed] = group[typed].astype(str).str.strip() != ""  # the typed ones only
    # A first word only where a name has a break (\s covers the full-width space): most
    # masters name no chain, and ``name_stem`` is a Python step per name (~7 µs).
    names = acc["name"].where(~typed)
    stems = names[_has_break(names)].map(name_stem).reindex(acc.index)
    key = group.where(typed, stems)
    return acc.assign(_key=key, _typed=typed)[key.notna()]


def _has_break(names: pd.Series) -> np.ndarray:
    """Whether each name holds a space (any Unicode space: NFKC makes them one) or a ・,
    by Arrow's regex over the column at once (a Python search per name: ~3 µs each)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    try:  # a text column as it is (Arrow-backed: no copy)
        array = pa.array(names, type=pa.string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # a name typed as a number, say
        text = names.where(names.isna(), names.astype(str))
        array = pa.array(text, type=pa.string(), from_pandas=True)
    found = pc.match_substring_regex(array, r"[\s\p{Zs}・]").fill_null(False)
    return np.asarray(found.to_numpy(zero_copy_only=False), dtype=bool)


def _exits(acc: pd.DataFrame | None, first: date, last: date) -> list[ChainExit]:
    """``chain_exits`` of ``_keyed`` accounts."""
    if acc is None:
        return []
    out: list[ChainExit] = []
    lo, hi = np.datetime64(first, "D"), np.datetime64(last, "D")
    for (chain, was_typed), rows in acc.groupby(["_key", "_typed"], sort=True):
        ended = rows[rows["end"].notna()].sort_values("end", kind="stable")
        if len(ended) < CHAIN_MIN_ACCOUNTS:
            continue
        # On day arrays, every end at once (a list and a frame per end took seconds on a
        # master of 20,000 「株式会社 …」 names, one "chain" of thousands).
        ends = ended["end"].to_numpy(dtype="datetime64[D]")
        together = ends.searchsorted(ends + np.timedelta64(CHAIN_DAYS, "D"), side="right")
        count = together - np.arange(len(ends))
        live = _live_on(rows, ends)
        hit = (lo <= ends) & (ends <= hi) & (count >= CHAIN_MIN_ACCOUNTS)
        hit &= count >= CHAIN_SHARE * live
        if not hit.any():
            continue
        i = int(np.argmax(hit))  # one exit per chain: its first
        part = ended.iloc[i : together[i]]
        out.append(
            ChainExit(
                name=str(chain),
                typed=bool(was_typed),
                accounts=tuple(part["account"].astype(str)),
                reps=tuple(part["rep"].astype(str)),
                ends=tuple(part["end"].dt.date),
                live=int(live[i]),
            )
        )
    return sorted(out, key=lambda e: (-len(e.accounts), e.first, e.name))


def _live_on(rows: pd.DataFrame, days: np.ndarray) -> np.ndarray:
    """For each of ``days``, how many of ``rows`` (start, end) were live on it: started by
    then (or no start) and not ended before it (or no end)."""
    start = rows["start"].to_numpy(dtype="datetime64[D]")
    end = rows["end"].to_numpy(dtype="datetime64[D]")
    early = np.datetime64("1677-09-22", "D")  # no start: held from the first
    start = np.where(np.isnat(start), early, start)
    started = np.sort(start).searchsorted(days, side="right")
    # Ended before the day among the started: an end after its start is started by then; an
    # end before its start (a typing slip) is, once its start has come.
    ends = ~np.isnat(end)
    kept = np.sort(end[ends & (end >= start)])
    slips = np.sort(start[ends & (end < start)])
    gone = kept.searchsorted(days, side="left") + slips.searchsorted(days, side="right")
    return started - gone


def stopped_together(
    accounts: pd.DataFrame,
    last: pd.Series,
    ruled: Collection[str],
    as_of: date | None = None,
    rhythm: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, frozenset[str]]:
    """The accounts with each chain's stores that stopped together re-dated (module doc:
    ended the day after its last order), and the codes re-dated.

    ``last``: each account's last order (index: code as text); ``ruled``: the codes whose
    end the lapse rule set (History.accounts_derived less kept_ends, or lapsed_ends);
    ``as_of``: with it, the accounts with no end date silent for ``CHAIN_GONE_DAYS`` by then
    too (module doc: gone before the rule), but for those on their seasonal break by
    ``rhythm`` (core.lapse ``order_rhythm``, ``on_break``; None: none read so). Only those
    are read and moved; the accounts keep their order and columns."""
    if not len(accounts) or not len(last) or (not len(ruled) and as_of is None):
        return accounts, frozenset()
    codes = accounts["account"].astype(str)
    stops = pd.to_datetime(codes.map(last), errors="coerce").dt.normalize()
    mine = (codes.isin(list(ruled)) & accounts["end"].notna() & stops.notna()).to_numpy(dtype=bool)
    if as_of is not None:
        mine = mine | _silent(accounts, stops, as_of, rhythm)
    if mine.sum() < CHAIN_MIN_ACCOUNTS:
        return accounts, frozenset()
    # The end each would have if its chain stopped on its last order: the others as they are.
    after = stops + pd.Timedelta(days=1)
    proposed = pd.to_datetime(accounts["end"]).where(~mine, after)
    keyed = _keyed(accounts.assign(end=proposed, _ruled=mine, _stop=stops))
    if keyed is None:
        return accounts, frozenset()
    moved: list[str] = []
    for _, rows in keyed.groupby(["_key", "_typed"], sort=True):
        ruled_rows = rows[rows["_ruled"]].sort_values("_stop", kind="stable")
        if len(ruled_rows) < CHAIN_MIN_ACCOUNTS:
            continue
        stop = ruled_rows["_stop"].to_numpy(dtype="datetime64[D]")
        together = stop.searchsorted(stop + np.timedelta64(CHAIN_DAYS, "D"), side="right")
        count = together - np.arange(len(stop))
        live = _live_on(rows, stop)  # live on each last order: the re-dated ones end after
        hit = (count >= CHAIN_MIN_ACCOUNTS) & (count >= CHAIN_SHARE * live)
        if not hit.any():
            continue
        i = int(np.argmax(hit))  # one exit per chain: its first (as ``chain_exits``)
        moved += ruled_rows["account"].iloc[i : together[i]].astype(str).tolist()
    if not moved:
        return accounts, frozenset()
    out = accounts.copy()
    out["end"] = pd.to_datetime(out["end"])
    at = codes.isin(moved).to_numpy(dtype=bool)
    out.loc[at, "end"] = after[at].to_numpy()
    return out, frozenset(moved)


def _silent(
    accounts: pd.DataFrame, stops: pd.Series, as_of: date, rhythm: pd.DataFrame | None = None
) -> np.ndarray:
    """The accounts with no end date whose last order (``stops``) lies at least
    ``CHAIN_GONE_DAYS`` before ``as_of``: a chain's stores among them may be gone — but not
    one whose silence its order rhythm reads as its seasonal break (core.lapse ``on_break``,
    the lapse rule's own test: a co-op's branches ordering March–September are not gone in
    December)."""
    cut = pd.Timestamp(as_of) - pd.Timedelta(days=CHAIN_GONE_DAYS)
    silent = (accounts["end"].isna() & stops.notna() & (stops <= cut)).to_numpy(dtype=bool)
    if rhythm is None or not silent.any():
        return silent
    codes = pd.Index(accounts["account"].astype(str))
    return silent & ~on_break(rhythm, codes, stops, as_of)


def ruled_codes(history: History) -> frozenset[str]:
    """The codes whose end the lapse rule set (History.accounts_derived less kept_ends, else
    lapsed_ends): what ``stopped_together`` may re-date."""
    acc = history.accounts
    if not history.accounts_derived:
        return history.lapsed_ends
    ended = acc["account"][acc["end"].notna()].astype(str)
    return frozenset(ended) - history.kept_ends


def with_stopped_chains(
    history: History,
    as_of: date | None = None,
    gone: bool = True,
    rhythm: pd.DataFrame | None = None,
) -> History:
    """``stopped_together`` on the history's Accounts, the last orders read from its order
    rows or its compact facts' lifetimes (to ``as_of``, else all); with ``as_of`` and
    ``gone`` (the lapse rule may end accounts: not a master that keeps its end dates), its
    open stores silent for ``CHAIN_GONE_DAYS`` too, but for those on a seasonal break by
    ``rhythm`` (core.lapse ``order_rhythm`` to ``as_of``; None: read from the order rows, or
    the compact facts' own when summed as of ``as_of``)."""
    ruled = ruled_codes(history)
    acc = history.accounts
    silent = as_of is not None and gone and len(acc) > 0
    # The open accounts of a chain first (a name's first word: cheap where names have no
    # space), then their last orders: most books have none, and no order is read.
    open_ = (
        frozenset(acc["account"][acc["end"].isna()].astype(str).to_numpy(dtype=object))
        if silent
        else frozenset()
    )
    wanted = _candidates(acc, ruled | open_)
    if not wanted:
        return history
    last = _last_orders(history, wanted, as_of)
    if silent and rhythm is None:
        rhythm = _rhythm(history, wanted & open_, as_of)
    accounts, moved = stopped_together(
        history.accounts, last, wanted & ruled, as_of if silent else None, rhythm
    )
    if not moved:
        return history
    if history.accounts_derived:  # ruled_codes: every end not typed
        return replace(history, accounts=accounts)
    # A master's stores so ended are the rule's as its lapsed ones are (stop_dates, the flags).
    return replace(history, accounts=accounts, lapsed_ends=history.lapsed_ends | (moved - ruled))


def _rhythm(history: History, codes: frozenset[str], as_of: date | None) -> pd.DataFrame | None:
    """The order rhythm (core.lapse ``order_rhythm``) of ``codes`` to ``as_of``: from the
    order rows, else the compact facts' own when summed as of that day (None otherwise)."""
    if not codes or as_of is None:
        return None
    if history.facts is not None:
        facts = history.facts
        return facts.order_rhythm if facts.as_of == as_of else None
    o = history.orders
    return order_rhythm(o[text_in(o["account"], codes)], as_of)


def _candidates(accounts: pd.DataFrame, ruled: frozenset[str]) -> frozenset[str]:
    """The ``ruled`` accounts (and open ones, ``with_stopped_chains``) of a chain with at
    least ``CHAIN_MIN_ACCOUNTS`` of them: the only ones ``stopped_together`` may move (most
    histories have none: no order read)."""
    if len(ruled) < CHAIN_MIN_ACCOUNTS or not len(accounts):
        return frozenset()
    codes = accounts["account"].astype(str).to_numpy(dtype=object)
    # A set look-up per code (Arrow text's isin of a list of 100,000 codes: ~0.5 s).
    mine = accounts[np.fromiter((c in ruled for c in codes), bool, len(codes))]
    keyed = _keyed(mine, need_end=False)
    if keyed is None or not len(keyed):
        return frozenset()
    sizes = keyed.groupby(["_key", "_typed"])["account"].transform("size")
    return frozenset(keyed["account"][sizes >= CHAIN_MIN_ACCOUNTS].astype(str))


def _last_orders(history: History, codes: Collection[str], as_of: date | None = None) -> pd.Series:
    """The last order of each of ``codes`` (index: code as text), from the history's order
    rows (to ``as_of``, else all) or its compact facts' lifetimes."""
    if history.facts is not None:
        life = history.facts.lifetimes
        life = life[text_in(life["account"], codes)]
        return pd.Series(life["last"].to_numpy(), index=life["account"].astype(str))
    # Only these stores' rows (a million order lines grouped as text: ~0.2 s).
    o = history.orders
    mine = text_in(o["account"], codes)
    if as_of is not None:
        mine = mine & (o["date"] <= pd.Timestamp(as_of)).to_numpy(dtype=bool)
    o = sale_lines(o[mine])  # a return is no last order (core.lapse, trial 53 H1)
    return o.groupby(o["account"].astype(str), sort=True)["date"].max()


def stop_dates(history: History, accounts: Collection[str]) -> tuple[date, date] | None:
    """The first and last of ``accounts``' last orders, when every one of them is a store the
    lapse rule ended that ``stopped_together`` re-dated (its end the day after its last
    order); None otherwise (their ends typed, or the rule's own days)."""
    ruled = ruled_codes(history)
    if not accounts or not set(accounts) <= ruled:
        return None
    acc = history.accounts
    rows = acc[acc["account"].astype(str).isin(list(accounts))]
    ends = pd.Series(pd.to_datetime(rows["end"]).to_numpy(), index=rows["account"].astype(str))
    last = _last_orders(history, set(accounts)).reindex(ends.index)
    if not len(ends) or last.isna().any() or ends.isna().any():
        return None
    if not (ends == pd.to_datetime(last).dt.normalize() + pd.Timedelta(days=1)).all():
        return None
    days = pd.to_datetime(last).dt.date
    return min(days), max(days)


def exit_losses(exits: list[ChainExit]) -> dict[tuple[str, pd.Period], int]:
    """The exits' ended accounts per (holder, month of the end): what the churn-spike flags
    leave out of their counts."""
    out: dict[tuple[str, pd.Period], int] = {}
    for e in exits:
        for rep, day in zip(e.reps, e.ends, strict=True):
            at = (rep, pd.Period(day, freq="M"))
            out[at] = out.get(at, 0) + 1
    return out
