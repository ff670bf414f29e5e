"""An account's history goes with the account to the rep who holds it at the planning moment.

Accounts change hands: a rep leaves and colleagues take the customers over, or a new rep
joins and is given accounts by reps who stay. The order and visit lines keep the name of the
rep who served them then, so, read as they are, the rep who gave an account up keeps its
history in his baseline (and a target for a book he no longer holds) while the rep who took
it over is planned on the few months since (a mid-year newcomer's months treated as a year).

The rule, in plain words: on the planning moment (``handover_day``: the as-of date, never
later than the eve of the plan year) each account has a holder — the rep on the Accounts
sheet when that rep is active, else the active rep who last sold to or visited it (a
route visit: a prospecting one, ``PROSPECTING_KINDS``, decides no holder, trial 49 V1). Every
order and visit of the account up to that day from before the holder began serving it
counts for its holder (all of a departed rep's but his prospecting: his meetings and calls
stay his, ``move_rows``, and so do the accounts he won, his order the first on them,
``Handover.opened_by``, counted as his new accounts by core.measure — in the team's totals,
in no colleague's win rate or pace of winning); a colleague's cover visit or ride-along while
the holder had it stays the colleague's own. A rep is active when they have an order or a
visit in the ``GONE_DAYS`` days before the latest anyone has (up to the planning moment); a
rep without one has left (``gone_reps``) and gets no target — but a hire named on the
Accounts sheet whose few lines before his first day are that old has not (``HIRE_LINES``,
``hires_before_start``: read as a rep with no line yet). So has, read during the plan
year, a rep who sold until its eve and is gone by the as-of date (``left_before_year``);
without a customer master his accounts go to the rep whose year's line on them came first
(``_heirs``).

During the plan year the same facts are read again on the as-of date (``standing``): a rep
gone by activity whose open accounts on the Accounts sheet (if any) are all served by active
colleagues has departed — no coaching, no visit list, no copy — and those accounts are the
colleagues' now (``holders_now``: the engine, the Daily list, the shared copies and
``collect`` read this one table). A gone rep whose customers wait for him is on leave.

Departed reps are one case of the rule, a colleague who stays and hands accounts to a
newcomer is another, and a single mistyped rep name on one line (``佐籐`` for ``佐藤``) simply
follows its account. An account nobody active holds keeps its history under the names on it:
in the team's baseline, in no departed rep's target, and the Plan says how many.

What the Plan says: the handovers (the holder's rows start after the previous rep's began,
and the previous rep is the other rep with the most lines on the account), who received how
many accounts from whom; a colleague's cover visit or a one-line typo is not a handover and
is not listed (the validator reports an unknown rep name).

Rows after the planning moment (the plan year's actuals, when the plan year is the running
one) keep the rep on them: they are what each rep did in the year. An account the Accounts
sheet gives to a rep who serves it only after the planning moment (taken over during the plan
year: the sheet's rep works in the year but had not served it by the planning moment) is the
previous rep's at the planning moment, and keeps the sheet's rep on the accounts table, for
the daily lists and the Review. An account the sheet had closed by the planning moment is no
such handover (nobody serves it in the year): it follows the sheet, as planned on that day.
Nor is one handed over for the year: the sheet's rep serves it from the year's first month,
before any other rep's line on it in the year (a newcomer given a book on day one, trial 19);
it is his at the planning moment, with its history, and he is an active rep then.

A backtest plans on a day in the past with today's Accounts sheet: ``accounts_on`` reads from
the lines who held each account on that day.
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import partial
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from routekpi.core.calendar import LeaveSpan, leave_spans
from routekpi.core.frames import month_ordinals, text_in
from routekpi.core.switched import Switch, sheet_holders, switched_accounts

if TYPE_CHECKING:  # history.py holds a Handover: a runtime import would be circular
    from routekpi.core.history import History

# Days without an order or a visit after which a rep counts as gone: six weeks, longer than
# any holiday (New Year, Golden Week and Obon are under two), and short enough that a plan
# made two months after someone left already sees it.
GONE_DAYS = 45

# A hire who has not started yet may have a line or two under his own name before his first
# day: a training ride-along, an introduction visit (trial 54 H1: one 同行研修 row on
# 2026-07-15 read the September plan's hire as a leaver, and his 40 carved clinics went back
# to the two colleagues who gave them). The rule, in plain words: a rep the ``GONE_DAYS``
# rule reads as gone who has never sold (no order line), has at most ``HIRE_LINES`` lines,
# the first of them no more than ``HIRE_DAYS`` before the planning moment, and whom the
# Accounts sheet names on an open account, is a hire who has not started, not a leaver
# (``hires_before_start``): the sheet naming him is the manager's decision, not a stale
# master. He is read as a rep with no line yet (``newcomers``). A leaver has sold, or has
# served longer (trials 46 and 50–53: years of orders each).
HIRE_LINES = 20  # a week or two of ride-along visits typed under his name
HIRE_DAYS = 183  # half a year: training comes shortly before the first day

# One row per account × rep: lines up to the planning moment, first and last day.
PAIR_COLUMNS = ("account", "rep", "n", "first", "last")


@dataclass(frozen=True)
class Handover:
    """Who has left, and which accounts moved to whom."""

    gone: tuple[str, ...]  # reps with no order or visit for GONE_DAYS: no target, sorted
    last_seen: dict[str, date]  # the departed reps the Plan names → their last order or visit
    moved: int  # accounts of those departed reps whose history moved to their holder now
    to: tuple[str, ...]  # the reps who took those over, sorted
    orphans: int  # open accounts of departed reps that nobody holds now
    # The same accounts one by one, for the Plan and the Checks to name (trial 30 M3: "1
    # account" among 603 rows): (account, its name or "", the departed rep it was last
    # with), sorted by account.
    orphan_accounts: tuple[tuple[str, str, str], ...] = ()
    # Handovers between reps who are both still active: (holder, previous rep, accounts),
    # sorted by holder then previous rep.
    transfers: tuple[tuple[str, str, int], ...] = ()
    # Accounts taken over during the plan year (the Accounts sheet's rep, at work in the year,
    # had not served them by the planning moment): (that rep, the holder then, accounts).
    later: tuple[tuple[str, str, int], ...] = ()
    # The same accounts one by one, for the Review: (account, the sheet's rep, the holder at
    # the planning moment, the sheet rep's first line on it after that moment or None).
    taken_over: tuple[tuple[str, str, str, date | None], ...] = ()
    # Every handover the Plan lists, from a departed rep or a colleague: (holder, previous
    # rep, accounts, the holder's first line on them or None), sorted. The holder's baseline
    # holds the previous rep's sales of them: a rep's own page says so (share.copies).
    received: tuple[tuple[str, str, int, date | None], ...] = ()
    # The same accounts one by one, with the day before which their lines moved: (account,
    # previous rep, holder, that day), sorted. The previous rep's baseline lost their sales
    # before it: his own page says so (share.copies, trial 45 M6).
    received_lines: tuple[tuple[str, str, str, date], ...] = ()
    # What those lines bought: (previous rep, month "YYYY-MM", revenue) of his orders on them
    # before they moved, by rep and month (``given_months``; the SQL path sums the same).
    given_months: tuple[tuple[str, str, float], ...] = ()
    # Active reps who gave up every account they served and hold no open one now (a book
    # reassigned on the Accounts sheet from the plan year's start: a rep retiring before it,
    # trial 22). Without a sale left they get no target, pipeline targets included.
    released: tuple[str, ...] = ()
    # The departed reps' moved accounts by the rep who holds each now: (holder, accounts),
    # most first (the Plan's leaver line gives each heir's count).
    moved_to: tuple[tuple[str, int], ...] = ()
    # The accounts a departed rep won (his order the account's first, ``first_order_reps``)
    # that moved to their holder now: (account, the departed rep), sorted. Their book is the
    # holder's (revenue, orders, visits, active accounts), but the win is the departed rep's
    # own prospecting, as his meetings and calls are: core.measure counts its new account
    # under him, so no colleague's pace of winning or win rate holds it (trial 33 H2). His
    # call or lost meeting on a prospect a colleague won later is no win of his: the win is
    # the colleague's (review 34).
    opened_by: tuple[tuple[str, str], ...] = ()
    # A departed rep's prospects: codes of his (visits only) that never ordered and are not
    # on the Accounts sheet — not customers waiting for a rep, so not among the orphans
    # (trial 44 H1: 1,032 飛び込み codes the manager was asked to type a rep for): (rep,
    # codes), by rep.
    prospects: tuple[tuple[str, int], ...] = ()
    # Reps the Accounts sheet gives open accounts who had no order or visit yet (a hire
    # joining at the plan year's start, trial 46 H5: ``newcomers``): (rep, accounts), by rep.
    # They hold those accounts with their history; the Plan and Checks name them.
    newcomers: tuple[tuple[str, int], ...] = ()
    # Those of ``newcomers`` with a few lines before the plan year (``hires_before_start``:
    # a ride-along read as no leaving, trial 54 H1): (rep, his first line, lines), by rep.
    early_hires: tuple[tuple[str, date, int], ...] = ()

    @property
    def departed(self) -> tuple[str, ...]:
        """The departed reps the Plan names (gone reps whose accounts moved or wait)."""
        return tuple(sorted(self.last_seen))


def handover_day(as_of: date, plan_start: date) -> date:
    """The planning moment the holder of each account is decided on: the as-of date, but
    never later than the eve of the plan year — targets set for a year stay with the reps
    they were set for, and the Review shows what changed."""
    return min(as_of, plan_start - timedelta(days=1))


def released_text(handed: Handover, reps: Iterable[str]) -> str:
    """The Plan's words for ``reps`` of ``handed.released``: each with whom his accounts went
    to ("山口 茂 (→ 加藤 雄介 35, 渡辺 浩二 34)")."""
    parts = []
    for rep in reps:
        to = sorted((-n, h) for h, r, n, _ in handed.received if r == rep)
        parts.append(f"{rep} (→ {', '.join(f'{h} {-n}' for n, h in to)})" if to else rep)
    return "; ".join(parts)


def _by_holder(holders: Iterable[str]) -> tuple[tuple[str, int], ...]:
    """Each holder with how many of the accounts he holds, most first, then by name."""
    counts: dict[str, int] = {}
    for h in holders:
        counts[str(h)] = counts.get(str(h), 0) + 1
    return tuple(sorted(counts.items(), key=lambda x: (-x[1], x[0])))


def plan_year_from(as_of: date, year_start: date | None) -> date:
    """The first day whose lines are the plan year's (``decide``'s ``late``): the day after the
    planning moment ``as_of``, or the plan year's first day when that is later. Lines between
    them (visits typed after the last order day, in the running year) belong to no plan year
    (trial 22: SFA visits from 11-21 to 12-02 read as FY2027 lines kept a retiring rep's
    accounts with him although the master gave them to colleagues from April)."""
    after = as_of + timedelta(days=1)
    return after if year_start is None else max(after, year_start)


def gone_reps(last_seen: pd.Series) -> dict[str, date]:
    """The rule: of the reps' last order or visit days (rep → Timestamp), those
    ``GONE_DAYS`` or more before the latest of them (rep → that day); none when no rep
    would be left."""
    last_seen = last_seen.dropna()
    if not len(last_seen):
        return {}
    gone = last_seen[last_seen <= last_seen.max() - pd.Timedelta(days=GONE_DAYS)]
    if len(gone) == len(last_seen):
        return {}
    return {str(rep): pd.Timestamp(day).date() for rep, day in gone.sort_index().items()}


# Each rep's record up to the planning moment, asked for a few reps (``hires_before_start``):
# reps → a frame indexed by rep with ``first`` (his first line's day), ``lines`` (orders and
# visits) and ``orders`` (order lines); a rep without a line is left out.
RecordOf = Callable[[set[str]], pd.DataFrame]


def named_open(accounts: pd.DataFrame, as_of: date) -> set[str]:
    """The reps the Accounts sheet names on an account open on ``as_of`` (no end, or a later
    one)."""
    if not len(accounts):
        return set()
    rep = accounts["rep"]
    end = pd.to_datetime(accounts["end"])
    open_ = rep.notna() & ~(end.notna() & (end <= pd.Timestamp(as_of)))
    return set(rep[open_].astype(str)) - {""}


def hires_before_start(
    gone: Mapping[str, date], accounts: pd.DataFrame, as_of: date, record: RecordOf | None
) -> dict[str, tuple[date, int]]:
    """Of the ``gone`` reps (``gone_reps``), the hires who have not started (the rule at
    ``HIRE_LINES``): rep → (his first line, his lines). None without a record (``record``,
    read only for the gone reps the sheet names on an open account: rarely any)."""
    if not gone or record is None:
        return {}
    named = named_open(accounts, as_of) & set(gone)
    if not named:
        return {}
    seen = record(named)
    since = pd.Timestamp(as_of) - pd.Timedelta(days=HIRE_DAYS)
    out: dict[str, tuple[date, int]] = {}
    for rep in sorted(named):
        if rep not in seen.index:
            continue
        first, lines, orders = seen.at[rep, "first"], seen.at[rep, "lines"], seen.at[rep, "orders"]
        if int(orders) == 0 and int(lines) <= HIRE_LINES and pd.Timestamp(first) >= since:
            out[rep] = (pd.Timestamp(first).date(), int(lines))
    return out


def gone_not_hired(
    last_seen: pd.Series, accounts: pd.DataFrame, as_of: date, record: RecordOf | None
) -> tuple[dict[str, date], dict[str, tuple[date, int]]]:
    """``gone_reps`` without the hires who have not started (``hires_before_start``), and
    those hires."""
    gone = gone_reps(last_seen)
    early = hires_before_start(gone, accounts, as_of, record)
    return {r: d for r, d in gone.items() if r not in early}, early


def left_before_year(
    left: Mapping[str, date] | None,
    last_seen: pd.Series,
    as_of: date,
    year_reps: Iterable[str],
) -> dict[str, date]:
    """The reps who left before the plan year, read on a running year's lines: departed on
    the as-of date (``left``: ``standing``'s departed, rep → last order or visit) with their
    last line on or before the planning moment ``as_of`` (in ``last_seen``, the lines up to
    it) and none in the plan year (``year_reps``: the reps with a plan-year line).

    In plain words: a rep with no order and no visit since the day before the plan year, for
    at least ``GONE_DAYS`` before the as-of date, whose open accounts on the Accounts sheet
    all show a colleague's later line (or are closed by then), left before the year — as if
    the plan had been made on the as-of date. He is gone at the planning moment: no target,
    no flag (trial 49 H4: a leaver gone on 2026-03-31, his salons with the new hire from
    04-01 and two closed ones the lapse rule still read as open on the year's eve, kept a
    ¥2.9M target and a critical 「進捗率 0.0%」). The eve's 45-day rule cannot see him: he sold
    until the last day."""
    if not left:
        return {}
    seen = {str(r) for r in last_seen.dropna().index}
    busy = {str(r) for r in year_reps}
    moment = pd.Timestamp(as_of)
    return {
        str(r): day
        for r, day in sorted(left.items())
        if str(r) in seen and str(r) not in busy and pd.Timestamp(day) <= moment
    }


@dataclass(frozen=True)
class Standing:
    """Who has gone and who holds the accounts on one day (``standing``)."""

    departed: dict[str, date]  # rep → last order or visit: gone, his accounts served by others
    # account → its holder now, for the open accounts the Accounts sheet still gives to a
    # departed rep (a customer master not yet updated): the colleague who serves it.
    moved: dict[str, str]
    sheet_rep: dict[str, str]  # the same accounts → the departed rep the sheet names
    # The open accounts the sheet gives to an active rep while another active rep alone has
    # served them for a clear stretch (``core.switched``, trial 54 H2: a master exported
    # before a carve-out): account → (the sheet's rep, the serving rep, the day he began).
    switched: dict[str, Switch] = field(default_factory=dict)

    @property
    def moves(self) -> dict[str, str]:
        """account → its holder now, for every account the sheet names someone else for:
        ``moved`` and the serving rep of ``switched`` (the accounts table as if updated)."""
        if not self.switched:
            return self.moved
        return {**{a: s[1] for a, s in self.switched.items()}, **self.moved}


NOBODY_GONE = Standing({}, {}, {})


def standing(history: History, as_of: date) -> Standing:
    """The one rule for "this rep has gone" and "who holds this account now", on ``as_of``.

    A rep is gone by activity (``gone_reps`` on the orders and visits up to ``as_of``). A gone
    rep has departed when every open account the Accounts sheet still gives him is served by
    an active colleague: the colleague has a line on it later than the rep's own last line on
    it (a ride-along before he left is not a takeover). Those accounts are the colleague's
    now (of two, the one with the latest line; on one day, the one that sorts last, as
    ``holders``). A gone rep with an open account nobody else has served since is not
    departed: a rep on leave whose customers wait for him, or are covered only in part.

    A compact history (``facts``) keeps no day of a rep's last line: the facts carry the
    standing read from the lines when they were aggregated (``HistoryFacts.standing``, for
    their own as-of date); without it, nobody has gone.
    """
    facts = history.facts
    if facts is not None:
        told = facts.standing
        return told if told is not None and as_of == facts.as_of else NOBODY_GONE
    frames = [f for f in (history.orders, history.visits) if len(f)]
    if not frames:
        return NOBODY_GONE
    lines = _Lines(frames)
    keep = lines.valid & (lines.day <= np.datetime64(pd.Timestamp(as_of)))
    # A colleague's prospecting visit serves no account (``hand_over``, trial 49 V1).
    kept = keep & ~_prospecting(history.visits, len(lines.day))
    record = partial(lines.record, keep, len(history.orders))

    def served(accounts: set[str]) -> dict[str, dict[str, pd.Timestamp]]:
        """account → rep → his last line on it, for ``accounts`` (a departed rep's few)."""
        day = pd.concat([f["date"] for f in frames], ignore_index=True)[kept]
        rep = pd.concat([f["rep"] for f in frames], ignore_index=True)[kept].astype(str)
        account = pd.concat([f["account"] for f in frames], ignore_index=True)[kept]
        mine = account.isin(list(accounts)).to_numpy()
        last: dict[str, dict[str, pd.Timestamp]] = {}
        for a, r, d in zip(account[mine].astype(str), rep[mine], day[mine], strict=True):
            seen = last.setdefault(a, {})
            if r not in seen or d > seen[r]:
                seen[r] = d
        return last

    last_seen = lines.last_seen(keep)
    now = standing_of(last_seen, history.accounts, as_of, served, record)
    active = active_reps(last_seen, gone_reps(last_seen))
    sheet = sheet_holders(history.accounts, as_of, active)
    if not sheet:
        return now
    after, gave = _after_sheet_rep(lines, kept, sheet)
    last_day = pd.Timestamp(last_seen.max()).date()
    spans = leave_spans(history.leave)
    found = switched_accounts(after, sheet, gave, active, last_day, spans)
    return replace(now, switched=found) if found else now


def _after_sheet_rep(
    lines: _Lines, rows: np.ndarray, sheet: Mapping[str, str]
) -> tuple[pd.DataFrame, dict[str, date]]:
    """The lines of ``rows`` (date, account, rep) on the accounts of ``sheet`` (account → its
    sheet rep) after that rep's own last line on each, and that day per account (accounts he
    has no line on: neither)."""
    account, names = lines.accounts
    at = pd.Index(names).get_indexer(list(sheet))
    rep_at = pd.Index(lines.reps).get_indexer(list(sheet.values()))
    on = (at >= 0) & (rep_at >= 0)
    sheet_code = np.full(len(names) + 1, -2, dtype=np.int64)  # -2: no sheet rep with lines
    sheet_code[at[on]] = rep_at[on]
    slot = account  # no account (-1): the last slot, -2
    code = sheet_code[slot]
    # Only accounts with a line under another rep can be handed over: the rest of the work
    # is on their lines alone (a few in most books; ~80 ms a call at a million lines else).
    other = rows & (code >= 0) & (lines.rep != code)
    empty = lines.rows_of(np.zeros(len(lines.day), dtype=bool))
    if not other.any():
        return empty, {}
    candidate = np.zeros(len(names) + 1, dtype=bool)
    candidate[slot[other]] = True
    candidate[-1] = False
    idx = np.flatnonzero(rows & candidate[slot])
    ticks = lines.day.view(np.int64)[idx]
    where, who, whose = slot[idx], lines.rep[idx], code[idx]
    none = np.iinfo(np.int64).min
    last = np.full(len(names) + 1, none, dtype=np.int64)
    mine = who == whose
    np.maximum.at(last, where[mine], ticks[mine])
    gave: dict[str, date] = {}
    for i in np.flatnonzero(last > none).tolist():
        gave[names[i]] = pd.Timestamp(last[i]).date()
    later = np.zeros(len(lines.day), dtype=bool)
    later[idx[(last[where] > none) & (ticks > last[where])]] = True
    if not later.any():
        return empty, gave
    found = lines.rows_of(later)
    found = found.assign(account=found["account"].astype(str), rep=found["rep"].astype(str))
    return found, gave


# Each frame's coded columns and read lines (``frame_coded``, ``_Lines``) while it lives,
# by its id: a recalculation's histories share their order and visit frames (each change is
# a ``dataclasses.replace``), and the standing, the reps' first days and the handover read
# the same two frames' lines (~40 ms at a million lines each), the handover and the account
# status, the flags and the Daily list the same account columns. A frame's entry goes with
# it (the weak reference's callback); its length is checked too.
_FRAMES: dict[int, tuple[weakref.ref[pd.DataFrame], int, dict[object, object]]] = {}


def _forget(key: int, ref: weakref.ref[pd.DataFrame]) -> None:
    entry = _FRAMES.get(key)
    if entry is not None and entry[0] is ref:
        del _FRAMES[key]


def _kept(frame: pd.DataFrame) -> dict[object, object]:
    """What is kept for ``frame`` (a fresh dict for a frame not seen, or another one under
    a freed frame's id)."""
    key = id(frame)
    entry = _FRAMES.get(key)
    if entry is None or entry[0]() is not frame or entry[1] != len(frame):
        entry = (weakref.ref(frame, partial(_forget, key)), len(frame), {})
        _FRAMES[key] = entry
    return entry[2]


def frame_coded(frame: pd.DataFrame, column: str) -> tuple[np.ndarray, pd.Index]:
    """``pd.factorize(frame[column])``, once per frame (the codes read-only: a caller takes
    positions from them, never writes). A history's frames are never changed in place."""
    kept = _kept(frame)
    found = kept.get(column)
    if found is None:
        codes, names = pd.factorize(frame[column])
        codes.flags.writeable = False
        found = kept[column] = (codes, names)
    return found  # type: ignore[return-value]


def keep_coded(frame: pd.DataFrame, column: str, codes: np.ndarray, names: pd.Index) -> None:
    """``frame_coded(frame, column)`` given: codes its caller already holds, exactly those
    of ``pd.factorize(frame[column])`` (validation codes the orders' accounts for its own
    checks: the engine reads them, not a second coding of a million lines)."""
    if len(codes) != len(frame):
        return
    codes.flags.writeable = False
    _kept(frame)[column] = (codes, names)


def frame_months(frame: pd.DataFrame) -> np.ndarray | None:
    """``core.frames.month_ordinals`` of ``frame["date"]`` (each line's month as a monthly
    Period's ordinal), once per frame as ``frame_coded``'s codes are (read-only: a caller
    takes positions from it, never writes): the 1M bench book cast the orders' very dates
    four times a run (held, the step table twice, the like-for-like unit price). None
    unless the column is NumPy ``datetime64[ns]`` (the callers' own cast then)."""
    values = frame["date"].to_numpy()
    if values.dtype != np.dtype("datetime64[ns]"):
        return None
    kept = _kept(frame)
    found = kept.get(("months", "date"))  # not a column's name: a tuple
    if found is None:
        found = month_ordinals(values)
        found.flags.writeable = False
        kept[("months", "date")] = found
    return found  # type: ignore[return-value]


def _joined_codes(frames: list[pd.DataFrame], column: str) -> tuple[np.ndarray, list[str]]:
    """``_text_codes(pd.concat([f[column] for f in frames]))`` from each frame's own codes
    (``frame_coded``): their texts factorized together give each frame's codes the joined
    ones (first seen in the first frame, then the new ones of the next: the same order)."""
    parts = [frame_coded(f, column) for f in frames]
    uniques = pd.concat(
        [pd.Series(u, dtype=f[column].dtype) for f, (_, u) in zip(frames, parts, strict=True)],
        ignore_index=True,
    )
    joined, names = pd.factorize(uniques)
    texts = pd.Index(names).astype(str)
    if not texts.is_unique:  # values that read alike (1 and "1"): one text, one code
        merged, texts = pd.factorize(texts)
        joined = merged[joined]
    # Each frame's codes through its own table (its -1, a missing value, the table's last
    # entry, -1): one take a line, into the joined array.
    out = np.empty(sum(len(codes) for codes, _ in parts), dtype=np.int64)
    at = start = 0
    for codes, u in parts:
        table = np.append(joined[at : at + len(u)], -1).astype(np.int64, copy=False)
        at += len(u)
        np.take(table, codes, out=out[start : start + len(codes)])
        start += len(codes)
    return out, texts.tolist()


class _Lines:
    """The order and visit lines (orders first, then visits) as arrays: each line's day, and
    its rep and account as codes into their texts (``astype(str)``; -1: none). Read once per
    set of frames (``_kept``; read-only): the texts are factorized once, and every count,
    maximum and test per rep or account is a NumPy step on the codes (a pandas groupby and a
    string factorize per step cost ~0.35 s at a million lines each)."""

    def __init__(self, frames: list[pd.DataFrame]) -> None:
        self.frames = frames
        kept = _kept(frames[0])
        key = ("lines", *(id(f) for f in frames[1:]))
        others = [weakref.ref(f) for f in frames[1:]]
        found = kept.get(key)
        if found is None or any(
            r() is not f or n != len(f)
            for r, n, f in zip(found[0], found[1], frames[1:], strict=True)  # type: ignore[index]
        ):
            found = kept[key] = (others, [len(f) for f in frames[1:]], self._read(frames))
        self.day, self.rep, self.reps, self.valid, self._accounts = found[2]  # type: ignore[index]

    @staticmethod
    def _read(frames: list[pd.DataFrame]) -> list[object]:
        day = pd.concat([f["date"] for f in frames], ignore_index=True)
        values = day.to_numpy()
        if values.dtype.kind != "M":  # Timestamps as objects (a test's frame): the same days
            values = pd.to_datetime(day).to_numpy()
        # Each frame's own codes joined (``frame_coded``: the run's other readers of the
        # orders' and visits' reps share them), not a factorize of the lines concatenated.
        rep, reps = _joined_codes(frames, "rep")
        # The lines ``hand_over`` reads: a day and a rep (``events``).
        valid = ~np.isnat(values) & (rep >= 0)
        for array in (values, rep, valid):
            array.flags.writeable = False
        return [values, rep, reps, valid, {}]

    @property
    def accounts(self) -> tuple[np.ndarray, list[str]]:
        """The account codes and their texts (each frame's own codes joined: ``frame_coded``)."""
        if "codes" not in self._accounts:
            codes, names = _joined_codes(self.frames, "account")
            codes.flags.writeable = False
            self._accounts["codes"] = (codes, names)
        return self._accounts["codes"]  # type: ignore[no-any-return]

    def last_seen(self, rows: np.ndarray) -> pd.Series:
        """Each rep's last day among ``rows`` (rep → day, by rep):
        ``day[rows].groupby(rep[rows].astype(str)).max()``."""
        return self._per_rep(rows, np.maximum, np.iinfo(np.int64).min)

    def first_seen(self, rows: np.ndarray) -> pd.Series:
        """Each rep's first day among ``rows`` (rep → day, by rep):
        ``day[rows].groupby(rep[rows].astype(str)).min()``."""
        return self._per_rep(rows, np.minimum, np.iinfo(np.int64).max)

    def record(self, rows: np.ndarray, orders: int, reps: set[str]) -> pd.DataFrame:
        """``RecordOf`` for ``reps`` among ``rows`` (a mask of the lines; the first
        ``orders`` lines are order lines): each rep's first day, lines and order lines."""
        codes = [i for i, r in enumerate(self.reps) if r in reps]
        mine = rows & np.isin(self.rep, codes)
        rep = self.rep[mine]
        lines = np.bincount(rep, minlength=len(self.reps))
        sold = np.bincount(self.rep[:orders][mine[:orders]], minlength=len(self.reps))
        first = self.first_seen(mine)
        index = [r for r in first.index if lines[self.reps.index(r)]]
        at = [self.reps.index(r) for r in index]
        return pd.DataFrame(
            {"first": first.reindex(index).to_numpy(), "lines": lines[at], "orders": sold[at]},
            index=pd.Index(index, name="rep"),
        )

    def _per_rep(self, rows: np.ndarray, pick: np.ufunc, start: int) -> pd.Series:
        """``pick`` (max or min) of the days among ``rows`` (a mask of the lines) per rep,
        by rep: one ``reduceat`` over the lines in rep order (``_by_rep``), the lines not in
        ``rows`` as ``start`` (``pick``'s identity), not a ``pick.at`` per line (~13 ms a
        call over two million lines; four calls a run)."""
        by_rep, cuts = self._by_rep()
        found = np.full(len(self.reps), start, dtype=np.int64)
        present = np.zeros(len(self.reps), dtype=bool)
        mine = np.flatnonzero(cuts[1:] > cuts[:-1])  # the reps with lines (each its slice)
        if len(mine):
            ticks = np.where(rows, self.day.view(np.int64), start)[by_rep]
            found[mine] = pick.reduceat(ticks, cuts[mine])
            present[mine] = np.logical_or.reduceat(rows[by_rep], cuts[mine])
        order = sorted(np.flatnonzero(present).tolist(), key=self.reps.__getitem__)
        return pd.Series(
            found[order].view(self.day.dtype),
            index=pd.Index([self.reps[i] for i in order], name="rep"),
            name="date",
        )

    def _by_rep(self) -> tuple[np.ndarray, np.ndarray]:
        """The lines with a rep in rep code order (a stable sort; kept with the lines) and
        each code's first position among them, then their end (``cuts``, len(reps) + 1)."""
        if "by_rep" not in self._accounts:
            rep = self.rep
            # Codes that fit 16 bits sort by radix (the lines without a rep, -1, first).
            small = len(self.reps) < 2**15
            order = np.argsort(rep.astype(np.int16) if small else rep, kind="stable")
            counts = np.bincount(rep[rep >= 0], minlength=len(self.reps))
            skip = len(rep) - int(counts.sum())  # the lines without a rep, first
            order = order[skip:]
            cuts = np.concatenate([[0], np.cumsum(counts)]).astype(np.intp)
            order.flags.writeable = cuts.flags.writeable = False
            self._accounts["by_rep"] = (order, cuts)
        return self._accounts["by_rep"]  # type: ignore[no-any-return]

    def rows_of(self, rows: np.ndarray) -> pd.DataFrame:
        """The lines ``rows`` as ``events`` holds them: date, account, rep (as typed)."""
        parts, at = [], 0
        for f in self.frames:
            mine = rows[at : at + len(f)]
            at += len(f)
            parts.append(f.loc[mine, ["date", "account", "rep"]])
        return pd.concat(parts, ignore_index=True)


def first_days(frames: list[pd.DataFrame]) -> pd.Series:
    """Each rep's first day among the lines of ``frames`` (a day and a rep each; lines
    without both left out): rep (as text) → day, by rep. What
    ``concat(frames).dropna().groupby(rep.astype(str)).date.min()`` gives, the reps coded
    once as ``hand_over`` codes them, without a groupby."""
    lines = _Lines(frames)
    return lines.first_seen(lines.valid)


def _text_codes(values: pd.Series) -> tuple[np.ndarray, list[str]]:
    """``values.astype(str)`` factorized: codes (-1 where a value is missing) and the texts."""
    codes, uniques = pd.factorize(values)
    names = pd.Index(uniques).astype(str)
    if not names.is_unique:  # values that read alike (1 and "1"): one text, one code
        merged, names = pd.factorize(names)
        codes = np.where(codes >= 0, merged[np.maximum(codes, 0)], -1)
    return codes.astype(np.int64, copy=False), names.tolist()


def standing_of(
    last_seen: pd.Series,
    accounts: pd.DataFrame,
    as_of: date,
    served: Callable[[set[str]], Mapping[str, Mapping[str, pd.Timestamp]]],
    record: RecordOf | None = None,
) -> Standing:
    """``standing``'s rule on the facts it reads, wherever they come from (rows or SQL):
    ``last_seen`` rep → his last order or visit up to ``as_of``; ``accounts`` the Accounts
    table; ``served(accounts)`` account → rep → that rep's last line on it up to ``as_of``,
    asked only for the open accounts the sheet gives to a gone rep; ``record`` the reps'
    records up to ``as_of`` (``hires_before_start``: a hire who has not started is neither
    gone nor serving, as a rep with no line yet)."""
    gone, early = gone_not_hired(last_seen, accounts, as_of, record)
    if not gone:
        return NOBODY_GONE
    active = active_reps(last_seen, gone) - set(early)
    acc = accounts
    sheet: dict[str, str] = {}
    if len(acc):
        is_open = acc["end"].isna() | (acc["end"] > pd.Timestamp(as_of))
        named = acc[acc["account"].notna() & acc["rep"].notna() & is_open]
        named = named[named["rep"].astype(str).isin(list(gone))]
        sheet = dict(zip(named["account"].astype(str), named["rep"].astype(str), strict=True))
    moved: dict[str, str] = {}
    if sheet:  # only then the accounts' lines: who served each since its rep's last line
        for a, by_rep in served(set(sheet)).items():
            since = by_rep.get(sheet[a])
            later = [
                (pd.Timestamp(d), r)
                for r, d in by_rep.items()
                if r in active and (since is None or d > since)
            ]
            if later:  # the latest; of two on one day, the one that sorts last (``holders``)
                moved[a] = max(later)[1]
    waiting = {r for a, r in sheet.items() if a not in moved}
    departed = {r: day for r, day in gone.items() if r not in waiting}
    kept = {a: h for a, h in moved.items() if sheet[a] in departed}
    return Standing(departed, kept, {a: sheet[a] for a in kept})


def left_during(history: History, since: date, as_of: date, reps: Iterable[str]) -> dict[str, date]:
    """The reps of ``reps`` (the planned ones) who left during the tracked year: rep → their
    last order or visit.

    The rule, in plain words: departed on ``as_of`` (``standing``: no order or visit for
    ``GONE_DAYS`` before the latest anyone has, and every open account the Accounts sheet
    still gives him served by an active colleague), last seen on or after ``since`` (the
    year's first day: a rep gone before it was gone at the planning moment and has no plan).
    The year's targets stay with him (``handover_day``); this only says he is no longer there
    to coach, to list visits for or to send a copy to.
    """
    return planned_departed(standing(history, as_of), since, reps)


def planned_departed(now: Standing, since: date, reps: Iterable[str]) -> dict[str, date]:
    """``left_during`` of a ``standing`` already read: its departed reps among ``reps``
    last seen on or after ``since``."""
    wanted = {str(r) for r in reps}
    return {r: day for r, day in now.departed.items() if r in wanted and day >= since}


def holders_now(history: History, as_of: date) -> tuple[History, Standing]:
    """The history with the accounts table as ``standing`` reads it on ``as_of``: the open
    accounts the Accounts sheet still gives to a departed rep under the colleague who serves
    them (as if the sheet had been updated; the sheet itself is never written), and so are
    the accounts it gives to an active rep that another active rep alone has served for a
    clear stretch (``Standing.switched``, core.switched: a master exported before a
    handover was keyed). The lines keep their reps: what each rep did stays his."""
    now = standing(history, as_of)
    if not now.moves:
        return history, now
    return replace(history, accounts=move_accounts(history.accounts, now.moves)), now


def accounts_on(history: History, day: date, year_start: date | None = None) -> pd.DataFrame:
    """The Accounts table as it stood on ``day``, as far as the lines tell (a backtest's
    planning moment: the customer master names today's reps, not the reps of then).

    An account whose sheet rep had no order or visit on it by ``day``, while a rep active
    then (``gone_reps`` on the lines up to ``day``) had, was that rep's (the latest of them,
    as ``holders``): it changed hands later, or the master re-filed it under a new name
    after it closed. So was one its sheet rep had served but was away from, more than
    ``GONE_DAYS``, on ``day`` while an active colleague served it, and came back to later
    (A → B → A: ``paused_at``). Except an account handed over for the year that starts on
    ``year_start`` (``year_start_handovers``: the sheet rep's first line in its first month,
    before any other rep's): the sheet's, as ``decide`` plans it. Any other account is as
    the sheet says: its rep served it by then, or nobody active did (a departed rep's
    account given to the colleague before his first visit). Accounts derived from the
    orders are returned as they are."""
    acc = history.accounts
    frames = [f for f in (history.orders, history.visits) if len(f)]
    if not len(acc) or history.accounts_derived or not frames:
        return acc
    events = pd.concat([f[["date", "account", "rep"]] for f in frames], ignore_index=True)
    keep = events["date"].notna() & events["rep"].notna() & events["account"].notna()
    events = events[keep]
    events = events.assign(account=events["account"].astype(str), rep=events["rep"].astype(str))
    after = events["date"] > pd.Timestamp(day)
    before = events[~after]
    if not len(before):
        return acc
    last_seen = before.groupby("rep")["date"].max()
    active = active_reps(last_seen, gone_reps(last_seen))
    pairs = _pairs(before)
    served = set(zip(pairs["account"], pairs["rep"], strict=True))
    mine = pairs[pairs["rep"].isin(list(active))]
    latest = mine.sort_values(["last", "rep"], kind="stable").groupby("account")["rep"].last()
    then = {str(a): str(r) for a, r in latest.items()}
    sheet = _sheet_reps(acc)
    moves = {
        a: then[a] for a, r in sheet.items() if (a, r) not in served and a in then and then[a] != r
    }
    # A → B → A: the sheet's rep had served it, but was away from it more than GONE_DAYS on
    # the day while an active colleague served it since, and came back later: the
    # colleague's then (``paused_at``, the engine's rule for a running year; trial 51 H5).
    # A pause on the Leave sheet is a cover, not a handover (``decide``'s ``leave``).
    back = set(events.loc[after, "rep"])
    paused = paused_at(pairs, sheet.items(), day, active, back)
    if paused:
        last = pairs.set_index(["account", "rep"])["last"]
        spans = leave_spans(history.leave)
        for a in paused:
            rep, since = sheet[a], last.get((a, sheet[a]))
            away = since is not None and any(
                r == rep and start <= day and end >= since.date() for r, start, end in spans
            )
            if a in then and then[a] != rep and not away:
                moves[a] = then[a]
    if moves and year_start is not None:
        in_year = events["date"] >= pd.Timestamp(plan_year_from(day, year_start))
        late_rows = events[in_year & events["account"].isin(list(moves))]
        late = late_rows.groupby(["account", "rep"])["date"].min().to_dict()
        for a in year_start_handovers(set(moves), acc, late, year_start):
            del moves[a]
    return move_accounts(acc, moves)


def active_reps(last_seen: pd.Series, gone: dict[str, date] | set[str]) -> set[str]:
    """Reps with an order or a visit up to the planning moment who have not left."""
    return {str(r) for r in last_seen.dropna().index} - set(gone)


def holders(pairs: pd.DataFrame, accounts: pd.DataFrame, active: set[str]) -> dict[str, str]:
    """account → the rep who holds it at the planning moment: the Accounts sheet's rep when
    active, else the active rep of its latest order or visit (of two on that day, the one
    that sorts last, as lapse.py's rule)."""
    mine = pairs[pairs["rep"].isin(active)]
    latest = mine.sort_values(["last", "rep"], kind="stable").groupby("account")["rep"].last()
    owners = {str(a): str(r) for a, r in latest.items() if str(a)}
    if len(accounts):
        rep = accounts["rep"]
        held = accounts[rep.notna() & rep.astype(str).isin(active)]
        owners.update(zip(held["account"].astype(str), held["rep"].astype(str), strict=True))
    return owners


def newcomers(
    accounts: pd.DataFrame,
    last_seen: pd.Series,
    late: Mapping[tuple[str, str], pd.Timestamp],
    late_reps: set[str] | None,
    as_of: date,
    year_start: date | None,
    early: Iterable[str] = (),
) -> set[str]:
    """Reps the Accounts sheet gives an open account to who have no order or visit at all
    (a hire joining at the plan year's start, given a colleague's clinics on the master,
    trial 46 H5), or only the few lines of a hire who has not started (``early``:
    ``hires_before_start``, trial 54 H1): holders at the planning moment, as a colleague
    named there would be. Only when planning ahead (no line of anyone's in the plan year
    yet: a rep with no line in a running year takes the accounts over during it) and not in
    a backtest (``year_start`` None: the realised books)."""
    if year_start is None or not len(accounts) or late or late_reps:
        return set()
    named = named_open(accounts, as_of)
    return (named - {str(r) for r in last_seen.index}) | (named & set(early))


def serving_before_start(handed: Handover | None) -> tuple[dict[str, str], set[str]]:
    """The accounts a hire holds in the plan (``Handover.newcomers``) and the rep who serves
    each until the hire starts (the previous rep of ``received_lines``), with the hires:
    (account → serving rep, hires). A list of days before the plan year's first day keeps
    those accounts with that rep and gives the hires none (trial 46 N5: a 2027-04 hire had
    8 visits a day in December on 鈴木's 25 clinics, 鈴木's list fell from 25 to 19)."""
    if handed is None or not handed.newcomers:
        return {}, set()
    hires = {r for r, _ in handed.newcomers}
    serving = {a: prev for a, prev, holder, _ in handed.received_lines if holder in hires}
    return serving, hires


def ended_accounts(accounts: pd.DataFrame, last_event: pd.Series, as_of: date) -> set[str]:
    """Accounts already closed on ``as_of``: by the Accounts sheet's end date, or without one
    (accounts from orders) by the lapse rule on ``last_event`` (account → last order or
    visit). A closed account nobody took over is a lost customer, not one waiting for a rep."""
    if len(accounts):
        end = pd.to_datetime(accounts["end"])
        return set(accounts.loc[end.notna() & (end <= pd.Timestamp(as_of)), "account"].astype(str))
    from routekpi.core.lapse import LAPSE_DAYS  # lapse.py reads History: imported late

    lapsed = last_event[last_event <= pd.Timestamp(as_of) - pd.Timedelta(days=LAPSE_DAYS)]
    return set(lapsed.index.astype(str))


def decide(
    pairs: pd.DataFrame,
    last_seen: pd.Series,
    accounts: pd.DataFrame,
    late: dict[tuple[str, str], pd.Timestamp],
    as_of: date,
    late_reps: set[str] | None = None,
    year_start: date | None = None,
    leave: tuple[LeaveSpan, ...] = (),
    first_orders: Mapping[str, str] | None = None,
    left: Mapping[str, date] | None = None,
    early: Mapping[str, tuple[date, int]] | None = None,
) -> tuple[dict[str, str], dict[str, str], Handover | None]:
    """The rule on the account × rep table (``PAIR_COLUMNS``, events up to the planning
    moment ``as_of``), the reps' last days and each (account, rep)'s first line after it (``late``):
    (the rows' moves: account → holder for every account whose lines name another rep; the
    accounts table's moves; what moved — None when nothing did and nobody has left).
    ``late`` holds the plan year's lines only (from ``plan_year_from``: not the running
    year's lines after the last order day). ``late_reps``: the reps with such lines (default:
    those in ``late``; ``late`` may then hold only the accounts that can move).

    The Accounts sheet says who holds an account on the as-of date. When that date is in
    the plan year (lines in the plan year) and the sheet's rep had not served the account
    by the planning moment, it changed hands during the year: at the planning moment it was
    still the rep's who last served it. Before the plan year (no line in it) the sheet is
    the plan: a book reassigned on the master from the year's start goes with its history
    to the colleagues, and the rep who gave it up keeps none of it (``released``).

    Except at the year's start (``year_start``, the plan year's first day; None: no such
    exception, as the backtest's realised books): an account whose sheet rep's first line
    is in the year's first month, with no other rep's line in the year before it, was
    handed over for the year (a newcomer given a book on day one): it is the sheet rep's at
    the planning moment, and he is an active rep then.

    ``leave`` (the Leave sheet's spans): a colleague whose first line on an account falls on
    its holder's leave days was covering for the holder, not handing the account over: his
    earlier lines still go with the account, but he is not listed as its previous rep (trial
    20: a clinic first served by 清水's cover visit during 林's 育休 read "林優子 ← 清水浩二").

    ``first_orders`` (account → the rep of its first order up to the planning moment,
    ``first_order_reps``; at least for the accounts a departed rep has an order on): who won
    each account, for ``Handover.opened_by``; None: nobody is named.

    ``left`` (the reps departed on the as-of date, ``standing``): those who left before the
    plan year (``left_before_year``) are gone at the planning moment too; an account handed
    over during the year that only such a rep had served is the sheet rep's (nobody held it
    at the moment), and one of his nobody served in the year that the sheet closed since is
    closed, not waiting for a rep.

    ``early`` (``hires_before_start``: rep → his first line and lines): hires who have not
    started, their few lines before the plan year no sign of leaving (trial 54 H1). Read as
    reps with no line yet: not gone, not serving; planned on the sheet's accounts when
    planning ahead (``newcomers``), their lines no start of their holding."""
    gone = gone_reps(last_seen)
    early = {r: v for r, v in (early or {}).items() if r in gone}
    gone = {r: d for r, d in gone.items() if r not in early}
    year_reps = late_reps if late_reps is not None else {r for _, r in late}
    before_year = left_before_year(left, last_seen, as_of, year_reps)
    gone.update({r: d for r, d in before_year.items() if r not in gone})
    hires = newcomers(accounts, last_seen, late, late_reps, as_of, year_start, early)
    active = (active_reps(last_seen, gone) - set(early)) | hires
    deferred: set[str] = set()
    at_start: dict[str, pd.Timestamp] = {}  # account → its sheet rep's first line in the year
    if len(accounts) and (late or late_reps):
        early = set(zip(pairs["account"], pairs["rep"], strict=True))
        named = accounts[accounts["account"].notna() & accounts["rep"].notna()]
        sheet = list(zip(named["account"].astype(str), named["rep"].astype(str), strict=True))
        if late_reps is None:
            late_reps = {r for _, r in late}
        deferred = {a for a, r in sheet if r in late_reps and (a, r) not in early}
        # Served by the sheet's rep before, but handed to a colleague since (A → B, and back
        # to A in the year: trial 51 H5): at the planning moment it was the colleague's.
        deferred |= paused_at(pairs, sheet, as_of, active, late_reps)
    if deferred:
        # An account the sheet closed by the planning moment is served by nobody in the plan
        # year: a new name on it (a customer master re-filing a transferred rep's closed
        # accounts) is no handover during the year. It follows the sheet at the planning
        # moment, as it would planned on that day (trial 19: 16 closed accounts).
        end = pd.to_datetime(accounts["end"])
        shut = end.notna() & (end <= pd.Timestamp(as_of))
        ids = accounts["account"].astype(str)
        deferred -= set(ids[shut]) - set(ids[~shut])  # no row of it still open
    if deferred and year_start is not None:
        # Accounts with a past only (a handover): an account opened in the year is in the
        # core path's ``late`` only when suspect, in the SQL path's always (the two agree).
        with_past = deferred & set(pairs["account"].astype(str))
        at_start = year_start_handovers(with_past, accounts, late, year_start)
        deferred -= set(at_start)
        # The sheet's rep of such an account works from the year's first day: not gone (back
        # from a long leave), a holder at the planning moment though he has no line before it.
        sheet_rep = _sheet_reps(accounts)
        starters = {sheet_rep[a] for a in at_start}
        gone = {r: day for r, day in gone.items() if r not in starters}
        active |= starters
    if deferred and before_year:
        # Served before the moment only by a rep who left before the year: nobody held it
        # then, so it is not his to keep; the sheet's rep, at work in the year, holds it.
        served = pairs[pairs["account"].astype(str).isin(deferred)]
        by_active = set(served.loc[served["rep"].isin(list(active)), "account"].astype(str))
        by_leaver = set(served.loc[served["rep"].isin(list(before_year)), "account"].astype(str))
        sheet_rep = _sheet_reps(accounts)
        deferred -= {a for a in by_leaver - by_active if sheet_rep.get(a) in active}
    sheet_now = accounts
    if deferred:
        sheet_now = accounts[~accounts["account"].astype(str).isin(deferred)]
    heirs = _heirs(pairs, sheet_now, late, before_year, active, year_start)
    active |= {r for r, _ in heirs.values()}
    owners = holders(pairs, sheet_now, active)
    for a, (r, _) in heirs.items():
        owners.setdefault(a, r)
    held = pairs["account"].map(owners)
    foreign = pairs[held.notna() & (pairs["rep"] != held)]
    # The lines that move: a departed rep's (a typo's) all; an active colleague's only those
    # from before the holder's first line on the account (the previous holder's). A cover
    # visit or a ride-along while the holder had it stays the colleague's own activity.
    # A hire's lines before he started (``early``) are no start of his holding: as a hire
    # with no line, every line before the moment moves to him.
    holding_own = held.notna() & (pairs["rep"] == held) & ~pairs["rep"].isin(list(early))
    began = pairs[holding_own].set_index("account")["first"]
    # A → B → A: B's lines inside the holder's pause are the holder's history up to the
    # day he came back, as A's are B's in A → B (``filled_gaps``: trial 51 H5).
    back = _came_back(pairs, held, foreign)
    if at_start:  # A → B → A with A back in the year's first month: the same, at that day
        back.update(_back_at_start(pairs, foreign, at_start, owners))
    everything = pd.Timestamp(as_of) + pd.Timedelta(days=1)
    row_moves: dict[tuple[str, str], tuple[str, pd.Timestamp]] = {}
    for a, r in zip(foreign["account"], foreign["rep"], strict=True):
        until = everything if r in gone or a not in began.index else began[a]
        if (a, r) in back and r not in gone:
            until = back[(a, r)]
        row_moves[(a, r)] = (owners[a], until)
    sheet_moves: dict[str, str] = {}
    later: dict[tuple[str, str], int] = {}
    taken: list[tuple[str, str, str, date | None]] = []
    if len(accounts):
        acc = accounts[accounts["account"].notna()]
        acc_ids = acc["account"].astype(str)
        acc_reps = acc["rep"].astype(object).where(acc["rep"].notna(), None)
        for a, r in zip(acc_ids, acc_reps, strict=True):
            new = owners.get(a)
            if new is None or (r is not None and str(r) == new):
                continue
            if a in deferred:
                later[(str(r), new)] = later.get((str(r), new), 0) + 1
                first = late.get((a, str(r)))
                taken.append((a, str(r), new, None if first is None else first.date()))
                continue  # taken over during the plan year: the sheet stays as typed
            sheet_moves[a] = new
    if not row_moves and not sheet_moves and not gone and not later:
        return {}, {}, None

    # The handovers the Plan lists: the previous rep is the other rep with the most lines on
    # the account (ties: the later); a handover when they began before the holder did.
    own = pairs.assign(holder=held)
    first_of_holder = own[holding_own].set_index("account")["first"]
    others = own[own["holder"].notna() & (own["rep"] != own["holder"])]
    if leave and len(others):
        others = others[~_covering(others, leave)]
    prev = others.sort_values(["n", "last", "rep"], kind="stable").groupby("account").last()
    # By label (one row per account and holder); ``Series.map`` with an empty datetime
    # Series raises in pandas 3 (a holder who has no line of his own on any account yet).
    holder_began = first_of_holder.reindex(prev.index)
    if back:  # the previous rep served it in the holder's pause: a handover back to him
        again = pd.Series(
            [back.get((a, r), pd.NaT) for a, r in zip(prev.index, prev["rep"], strict=True)],
            index=prev.index,
            dtype="datetime64[ns]",
        )
        holder_began = again.fillna(holder_began)
    began = holder_began.isna() | (prev["first"] < holder_began)
    listed = prev[began]
    if at_start:  # the holder's first line of an account handed over at the year's start
        holder_began = holder_began.fillna(pd.Series(at_start, dtype="datetime64[ns]"))
    if heirs:  # the heir's first line in the year on a leaver's account
        days = {a: d for a, (_, d) in heirs.items()}
        holder_began = holder_began.fillna(pd.Series(days, dtype="datetime64[ns]"))
    sheet_gone: set[str] = set()
    if len(accounts):
        on_sheet = accounts[accounts["rep"].notna()]
        sheet_gone = set(on_sheet["rep"].astype(str)) & set(gone)
    # Accounts of departed reps (their lines or the sheet) with no holder now.
    theirs = set(pairs.loc[pairs["rep"].isin(list(gone)), "account"])
    if len(accounts):
        theirs |= set(
            accounts.loc[accounts["rep"].astype(str).isin(list(gone)), "account"].astype(str)
        )
    theirs.discard("")
    waiting = theirs - set(owners)
    last_event = pairs.groupby("account")["last"].max()
    ended = ended_accounts(accounts, last_event, as_of)
    orphan_accounts = waiting - ended
    if before_year and orphan_accounts and len(accounts):
        # A leaver's account nobody served in the plan year that the sheet (or the lapse
        # rule) closed after the moment is a lost customer by now, not one waiting for a rep.
        served_in_year = {a for a, _ in late}
        shut = accounts[pd.to_datetime(accounts["end"]).notna()]
        orphan_accounts -= set(shut["account"].astype(str)) - served_in_year
    # A code that never ordered (no first order: ``first_orders`` holds every account with
    # an order among these) and is not on the Accounts sheet is a prospect the departed rep
    # called on, not an account waiting for a rep (trial 44 H1): counted, not listed.
    prospects: dict[str, int] = {}
    if first_orders is not None and orphan_accounts:
        on_sheet = set(accounts["account"].astype(str)) if len(accounts) else set()
        never = {a for a in orphan_accounts if a not in first_orders and a not in on_sheet}
        if never:
            orphan_accounts = orphan_accounts - never
            of_gone = pairs[pairs["account"].isin(never) & pairs["rep"].isin(list(gone))]
            last_rep = of_gone.sort_values(["last", "rep"], kind="stable").groupby("account")
            for r in last_rep["rep"].last():
                prospects[str(r)] = prospects.get(str(r), 0) + 1
    orphan_reps = set(pairs.loc[pairs["account"].isin(orphan_accounts), "rep"]) & set(gone)
    if len(accounts):
        sheet_of = accounts[accounts["account"].astype(str).isin(orphan_accounts)]
        orphan_reps |= set(sheet_of["rep"].dropna().astype(str)) & set(gone)
    from_gone = listed[listed["rep"].isin(list(gone))]
    named = set(from_gone["rep"]) | orphan_reps | sheet_gone
    moved_accounts = set(from_gone.index)
    if sheet_gone:  # a departed rep's accounts by the sheet, taken over by someone now
        sheet_acc = accounts[accounts["rep"].astype(str).isin(list(sheet_gone))]
        moved_accounts |= {a for a in sheet_acc["account"].astype(str) if a in owners}
    took = listed.assign(since=holder_began.reindex(listed.index))
    received = tuple(
        (str(h), str(r), len(g), _day(g["since"].min()))
        for (h, r), g in took.groupby(["holder", "rep"], sort=True)
    )
    # A rep still at work who handed every account he served over and holds no open one.
    holding = {h for a, h in owners.items() if a not in ended}
    # And the sheet's accounts with no line up to the moment here (the core path reads the
    # suspect accounts' lines only): an active rep holding them still holds a book.
    seen = set(pairs["account"].astype(str))
    holding |= {
        r
        for a, r in _sheet_reps(accounts).items()
        if a not in seen and a not in ended and r in active
    }
    released = sorted({str(r) for r in listed["rep"]} - set(gone) - holding)
    between = listed[~listed["rep"].isin(list(gone))]
    counts = between.groupby(["holder", "rep"]).size()
    opened = opened_by(first_orders or {}, owners, set(gone))
    # Each listed account's lines of its previous rep that moved, and until when.
    moved_lines = tuple(
        sorted(
            (str(a), str(r), str(h), until.date())
            for (a, r), (h, until) in row_moves.items()
            if a in listed.index and listed.at[a, "rep"] == r and pd.notna(until)
        )
    )
    handed = Handover(
        gone=tuple(sorted(gone)),
        last_seen={r: gone[r] for r in sorted(named)},
        moved=len(moved_accounts),
        to=tuple(sorted({owners[a] for a in moved_accounts})),
        moved_to=_by_holder(owners[a] for a in moved_accounts),
        orphans=len(orphan_accounts),
        orphan_accounts=_orphans_named(orphan_accounts, pairs, accounts, set(gone)),
        transfers=tuple((str(h), str(r), int(n)) for (h, r), n in counts.items()),
        later=tuple((r, h, n) for (r, h), n in sorted(later.items())),
        taken_over=tuple(sorted(taken)),
        received=received,
        received_lines=moved_lines,
        released=tuple(released),
        opened_by=opened,
        prospects=tuple(sorted(prospects.items())),
        newcomers=tuple(
            (r, sum(1 for a, h in owners.items() if h == r and a not in ended))
            for r in sorted(hires)
        ),
        early_hires=tuple((r, *early[r]) for r in sorted(hires) if r in early),
    )
    return row_moves, sheet_moves, handed


def paused_at(
    pairs: pd.DataFrame,
    sheet: Iterable[tuple[str, str]],
    as_of: date,
    active: set[str],
    late_reps: set[str],
) -> set[str]:
    """The accounts whose sheet rep (``sheet``: account, rep), at work in the plan year
    (``late_reps``), had served them but was in a pause of more than ``GONE_DAYS`` on them
    at the planning moment ``as_of`` while an active colleague served them: handed to the
    colleague then, back to the sheet's rep during the year (``filled_gaps``' pause, still
    open at the moment)."""
    wanted = {(a, r) for a, r in sheet if r in late_reps}
    if not wanted or not len(pairs):
        return set()
    keys = list(zip(pairs["account"].astype(str), pairs["rep"].astype(str), strict=True))
    mine = np.array([k in wanted for k in keys], dtype=bool)
    if not mine.any():
        return set()
    quiet = pd.Timestamp(as_of) - pd.Timedelta(days=GONE_DAYS)
    last = pairs.loc[mine].groupby("account")["last"].max()  # one sheet rep per account
    last = last[last < quiet]
    if not len(last):
        return set()
    others = pairs[pairs["account"].isin(last.index) & pairs["rep"].isin(list(active))]
    since = others["first"].to_numpy() > last.reindex(others["account"]).to_numpy()
    return set(others.loc[since, "account"].astype(str))


def _came_back(
    pairs: pd.DataFrame, held: pd.Series, foreign: pd.DataFrame
) -> dict[tuple[str, str], pd.Timestamp]:
    """(account, rep) → the day the holder came back, for each colleague's lines (of
    ``foreign``) all inside the holder's pause on it (``filled_gaps``; none without them)."""
    if "back" not in pairs.columns or not len(foreign):
        return {}
    mine = pairs[held.notna() & (pairs["rep"] == held) & pairs["back"].notna()]
    if not len(mine):
        return {}
    pause = mine.set_index("account")[["paused", "back"]]
    inner = foreign[foreign["account"].isin(pause.index)]
    out: dict[tuple[str, str], pd.Timestamp] = {}
    for a, r, first, last in zip(
        inner["account"], inner["rep"], inner["first"], inner["last"], strict=True
    ):
        since, day = pause.at[a, "paused"], pause.at[a, "back"]
        if since < first and last < day:
            out[(str(a), str(r))] = pd.Timestamp(day)
    return out


def _back_at_start(
    pairs: pd.DataFrame,
    foreign: pd.DataFrame,
    at_start: Mapping[str, pd.Timestamp],
    owners: Mapping[str, str],
) -> dict[tuple[str, str], pd.Timestamp]:
    """(account, rep) → the holder's first line in the plan year, for each colleague's lines
    (of ``foreign``) on an account handed over for the year (``at_start``: the holder's first
    line in the year's first month, ``year_start_handovers``) that the holder had served
    before, all after his last line then, a pause of more than ``GONE_DAYS``: A → B → A with
    A back at the year's start. As any round trip (``filled_gaps``: the pause ends at the
    planning moment here, so the lines read up to it hold no return), B's months are A's
    history up to the day he came back; without this they stayed B's, read as A's colleague
    covering an account A had served long before."""
    if not len(foreign):
        return {}
    accounts = pairs["account"].astype(str)
    mine = pairs[accounts.isin(list(at_start)) & (pairs["rep"] == accounts.map(owners))]
    if not len(mine):
        return {}
    last = mine.groupby(mine["account"].astype(str))["last"].max()
    out: dict[tuple[str, str], pd.Timestamp] = {}
    for a, r, first in zip(foreign["account"], foreign["rep"], foreign["first"], strict=True):
        key = str(a)
        if key not in last.index or key not in at_start:
            continue
        since, day = last[key], pd.Timestamp(at_start[key])
        if since < first and day - since > pd.Timedelta(days=GONE_DAYS):
            out[(key, str(r))] = day
    return out


def _heirs(
    pairs: pd.DataFrame,
    accounts: pd.DataFrame,
    late: Mapping[tuple[str, str], pd.Timestamp],
    before_year: Mapping[str, date],
    active: set[str],
    year_start: date | None,
) -> dict[str, tuple[str, pd.Timestamp]]:
    """account → (its heir, the heir's first line on it in the plan year) for the accounts
    that only reps who left before the year (``left_before_year``) served by the planning
    moment and that the Accounts table (``accounts``) gives no active rep: the rep with the
    first plan-year line on it (of two on one day, the one that sorts first), when he is at
    work at the moment (``active``) or began on one of them in the year's first month (a hire
    given the book from the year's start, as ``year_start_handovers``).

    Without a customer master (trial 49 H4: orders and visits keyed by name) nothing else
    says who took a leaver's book over; the lines of the year do: 小野 served every one of
    佐々木's salons from 2026-04-01, and without this they were nobody's and she had no
    target."""
    if not before_year or not late:
        return {}
    mine = pairs["rep"].isin(list(before_year))
    others = set(pairs.loc[~mine, "account"].astype(str))
    theirs = set(pairs.loc[mine, "account"].astype(str)) - others
    if len(accounts):
        held = accounts[accounts["rep"].notna() & accounts["rep"].astype(str).isin(active)]
        theirs -= set(held["account"].astype(str))
    first: dict[str, tuple[pd.Timestamp, str]] = {}
    for (a, r), day in late.items():
        if a in theirs and r not in before_year:
            seen = first.get(a)
            if seen is None or (pd.Timestamp(day), r) < seen:
                first[a] = (pd.Timestamp(day), r)
    if not first:
        return {}
    month_end = None
    if year_start is not None:
        month_end = pd.Timestamp(year_start) + pd.offsets.MonthBegin(1)
    starting = {r for d, r in first.values() if month_end is not None and d < month_end}
    return {a: (r, d) for a, (d, r) in sorted(first.items()) if r in active or r in starting}


def opened_by(
    first_orders: Mapping[str, str], owners: Mapping[str, str], gone: set[str]
) -> tuple[tuple[str, str], ...]:
    """(account, departed rep) of each account held now by another rep (``owners``) whose
    first order (``first_orders``: account → the rep of its first order) was a departed
    rep's: he won it. A visit, call or meeting before that order wins nothing: the account
    whose first order a colleague took after the departed rep's lost meeting is the
    colleague's win. Sorted."""
    if not gone:
        return ()
    return tuple(
        sorted(
            (str(a), str(r))
            for a, r in first_orders.items()
            if str(r) in gone and owners.get(str(a)) not in (None, str(r))
        )
    )


def first_order_reps(orders: pd.DataFrame) -> dict[str, str]:
    """account → the rep of its first order among the order lines ``orders`` (date, account,
    rep; lines without all three, or with account "", left out; of two on the first day,
    the rep that sorts first). The lines are the sales (core.lapse ``sale_mask``: ``hand_over``
    gives those); the SQL path reads the same (sources.handover)."""
    return {account: rep for account, (_, rep) in first_order_days(orders).items()}


def first_order_days(orders: pd.DataFrame) -> dict[str, tuple[pd.Timestamp, str]]:
    """account → (the day of its first order, its rep) among the order lines ``orders``, by
    ``first_order_reps``' rule (of two on the first day, the rep that sorts first)."""
    keep = orders["date"].notna() & orders["rep"].notna() & orders["account"].notna()
    lines = orders.loc[keep, ["date", "account", "rep"]]
    lines = lines.assign(account=lines["account"].astype(str), rep=lines["rep"].astype(str))
    lines = lines[lines["account"] != ""]
    if not len(lines):
        return {}
    first = lines.sort_values(["date", "rep"], kind="stable").groupby("account").first()
    return {
        str(a): (pd.Timestamp(d), str(r))
        for a, d, r in zip(first.index, first["date"], first["rep"], strict=True)
    }


# The accounts nobody holds now that the Plan and the Checks name one by one; "and N more"
# after them (a leaver's 40 forgotten accounts would fill the page).
ORPHANS_NAMED = 5


def orphan_names(
    handed: Handover,
    rows: Mapping[str, int] | None = None,
    row_word: str = "{row}",
    said: Mapping[str, str] | None = None,
) -> tuple[str, int]:
    """(the first ``ORPHANS_NAMED`` accounts nobody holds now as 「T10576 本町弁当91号 (小林 誠)」,
    joined; how many more). ``rows``: account → its Accounts sheet row, said after each as
    ``row_word`` (with ``{row}``) where known; ``said``: account → more words after it (the
    Checks row's 「最終受注 2025-12-13」)."""
    items = []
    for account, name, rep in handed.orphan_accounts[:ORPHANS_NAMED]:
        item = " ".join(filter(None, (account, name)))
        where = [rep] if rep else []
        if rows and account in rows:
            where.append(row_word.format(row=rows[account]))
        if said and said.get(account):
            where.append(said[account])
        items.append(f"{item} ({', '.join(where)})" if where else item)
    return ", ".join(items), max(len(handed.orphan_accounts) - ORPHANS_NAMED, 0)


def _orphans_named(
    orphans: set[str], pairs: pd.DataFrame, accounts: pd.DataFrame, gone: set[str]
) -> tuple[tuple[str, str, str], ...]:
    """(account, name, departed rep) of each account nobody holds now, sorted by account:
    the name from the Accounts table (blank without one), the rep from the Accounts table
    when it names a departed rep, else the departed rep with the most lines on it."""
    if not orphans:
        return ()
    name: dict[str, str] = {}
    sheet_rep: dict[str, str] = {}
    if len(accounts):
        acc = accounts[accounts["account"].notna()]
        ids = acc["account"].astype(str)
        mine = ids.isin(orphans).to_numpy()
        if "name" in acc.columns:
            for a, n in zip(ids[mine], acc["name"][mine], strict=True):
                if isinstance(n, str) and n.strip():
                    name.setdefault(a, n.strip())
        for a, r in zip(ids[mine], acc["rep"][mine], strict=True):
            if r is not None and not (isinstance(r, float) and math.isnan(r)) and str(r) in gone:
                sheet_rep.setdefault(a, str(r))
    theirs = pairs[pairs["account"].isin(list(orphans)) & pairs["rep"].isin(list(gone))]
    most = theirs.sort_values(["n", "last", "rep"], kind="stable").groupby("account")["rep"]
    line_rep = {str(a): str(r) for a, r in most.last().items()}
    return tuple(
        (a, name.get(a, ""), sheet_rep.get(a) or line_rep.get(a, "")) for a in sorted(orphans)
    )


def _covering(pairs: pd.DataFrame, leave: tuple[LeaveSpan, ...]) -> np.ndarray:
    """Per row of ``pairs`` (with ``holder``): True when the rep's first line on the account
    falls on one of the holder's leave spans (the rep began on it as the holder's cover)."""
    spans: dict[str, list[tuple[pd.Timestamp, pd.Timestamp]]] = {}
    for rep, first, last in leave:
        spans.setdefault(rep, []).append((pd.Timestamp(first), pd.Timestamp(last)))
    day = pd.to_datetime(pairs["first"]).dt.normalize()
    return np.array(
        [
            any(a <= d <= b for a, b in spans.get(str(h), ()))
            for h, d in zip(pairs["holder"], day, strict=True)
        ],
        dtype=bool,
    )


def _sheet_reps(accounts: pd.DataFrame) -> dict[str, str]:
    """account → the rep the Accounts sheet names (rows without one left out)."""
    named = accounts[accounts["account"].notna() & accounts["rep"].notna()]
    # From lists: iterating an Arrow-backed column boxes each value (~30 ms at 19,000 rows).
    ids, reps = named["account"].astype(str).tolist(), named["rep"].astype(str).tolist()
    return dict(zip(ids, reps, strict=True))


def year_start_handovers(
    deferred: set[str],
    accounts: pd.DataFrame,
    late: Mapping[tuple[str, str], pd.Timestamp],
    year_start: date,
) -> dict[str, pd.Timestamp]:
    """Of the accounts taken over after the planning moment (``deferred``), those handed over
    for the year: account → its sheet rep's first line after the moment, when that line is in
    the plan year's first month (from ``year_start``) and no other rep has a line on the
    account after the moment before it (the previous holder did not serve it in the year; an
    introduction on the same day is the handover itself)."""
    start = pd.Timestamp(year_start)
    month_end = start + pd.offsets.MonthBegin(1)
    sheet = _sheet_reps(accounts)
    first_other: dict[str, pd.Timestamp] = {}
    for (a, r), day in late.items():
        if a in deferred and r != sheet.get(a):
            first_other[a] = min(first_other.get(a, day), day)
    out: dict[str, pd.Timestamp] = {}
    for a in deferred:
        day = late.get((a, sheet.get(a, "")))
        if day is None or not start <= day < month_end:
            continue
        if a not in first_other or first_other[a] >= day:
            out[a] = pd.Timestamp(day)
    return out


def _day(value: object) -> date | None:
    """A Timestamp as a date; None for NaT (a holder without a line of his own yet)."""
    return None if pd.isna(value) else pd.Timestamp(value).date()  # type: ignore[arg-type]


def hand_over(
    history: History,
    as_of: date,
    year_start: date | None = None,
    now: Standing | None = None,
) -> tuple[History, Handover | None]:
    """The history with each account's lines up to ``as_of`` (the planning moment) under
    the rep who holds it then, and the accounts table likewise. ``year_start``: the plan
    year's first day, when an account handed over in its first month counts as held at the
    planning moment (``decide``). ``now``: the standing on the as-of date (``standing``;
    default read on the history's last day, ``History.last_date``), for the reps who left
    before the plan year (``left_before_year``).

    The result's ``handover`` says what moved; a history that has one is returned as it is.
    The compact history (``facts``) was handed over before it was summed per rep (the
    history sources do it in SQL, ``compact_history`` here)."""
    if history.facts is not None or history.handover is not None:
        return history, history.handover  # handed over already (by the sources, or the engine)
    day = np.datetime64(pd.Timestamp(as_of))
    frames = [f for f in (history.orders, history.visits) if len(f)]
    if not frames:
        return history, None
    lines = _Lines(frames)
    after = lines.valid & (lines.day > day)
    before = lines.valid & ~after
    # The plan year's lines: none before its first day (``plan_year_from``).
    in_year = lines.valid & (
        lines.day >= np.datetime64(pd.Timestamp(plan_year_from(as_of, year_start)))
    )
    account = lines.accounts[0]
    late_reps = {lines.reps[r] for r in np.unique(lines.rep[in_year & (account >= 0)]).tolist()}
    last_seen = lines.last_seen(before)
    record = partial(lines.record, before, len(history.orders))
    gone, early = gone_not_hired(last_seen, history.accounts, as_of, record)
    left: dict[str, date] = {}
    if year_start is not None and late_reps:  # a running plan year: who has left since
        if now is None:
            end = history.last_date()
            now = standing(history, end) if end is not None and end > as_of else NOBODY_GONE
        left = left_before_year(now.departed, last_seen, as_of, late_reps)
        gone.update({r: d for r, d in left.items() if r not in gone})
    # Every recalculation asks, and in almost all of them nothing moves: only the accounts
    # whose lines name a rep other than the sheet's (or than each other), or whose rep is not
    # active, can move, and only their lines are gathered per account × rep.
    # Who holds an account is read from its orders and route visits only: a prospecting
    # visit (``PROSPECTING_KINDS``) makes no holder or heir (trial 49 V1: one 新規 visit by
    # another rep on a leaver's closed salon made him its heir, its year in his baseline).
    prospecting = _prospecting(history.visits, len(lines.day))
    holding = before & ~prospecting
    active = active_reps(last_seen, gone) - set(early)
    suspect = _suspects(lines, holding, history.accounts, active)
    if not suspect.any() and not gone:
        return history, None
    # No account on any line (a history cut before its first coded order: only calls and
    # meetings with no code): nothing of an account's to move (stress run 33, seed 47).
    mine = (account >= 0) & (suspect[np.maximum(account, 0)] if len(suspect) else False)
    theirs = lines.rows_of(holding & mine)
    theirs = theirs.assign(account=theirs["account"].astype(str))
    pairs = filled_gaps(theirs, _pairs(theirs))
    # Who won each of them, when someone has left: the rep of its first order
    # (``first_order_reps``); orders are the first frame of ``lines`` when there are any.
    # An order is a sale (core.lapse ``sale_mask``, trial 53 H1): the rep who took a return
    # did not win the account; an account with no sale to the day is read on its lines.
    from routekpi.core.lapse import sale_mask  # lapse imports history, which imports this

    first_orders: dict[str, str] = {}
    is_order = np.zeros(len(lines.day), dtype=bool)
    if len(history.orders):
        n = len(history.orders)
        is_order[:n] = sale_mask(history.orders, as_of, account[:n])  # the lines' codes
    if gone:
        first_orders = first_order_reps(lines.rows_of(before & mine & is_order))
    late_rows = lines.rows_of(in_year & mine & ~prospecting)  # an heir's first line: no 新規
    late = (
        late_rows["date"]
        .groupby([late_rows["account"].astype(str), late_rows["rep"].astype(str)])
        .min()
        .to_dict()
    )
    row_moves, sheet_moves, handed = decide(
        pairs,
        last_seen,
        history.accounts,
        late,
        as_of,
        late_reps,
        year_start,
        leave=leave_spans(history.leave),
        first_orders=first_orders,
        left=left,
        early=early,
    )
    if handed is None:
        return history, None
    # Each moved account's first order (day and rep): a colleague's lost meeting or call on it
    # before someone else's first order stays his own prospecting (``move_rows``).
    opened = first_order_days(lines.rows_of(before & mine & is_order)) if row_moves else {}
    handed = replace(handed, given_months=given_months(history.orders, handed.received_lines))
    history = replace(
        history,
        orders=move_rows(history.orders, row_moves),
        visits=move_rows(history.visits, row_moves, set(handed.gone), opened),
        accounts=move_accounts(history.accounts, sheet_moves),
        handover=handed,
    )
    return history, handed


def given_months(
    orders: pd.DataFrame, lines: tuple[tuple[str, str, str, date], ...]
) -> tuple[tuple[str, str, float], ...]:
    """``Handover.given_months`` from the order lines before the move (``received_lines``:
    account, previous rep, holder, the day the lines before moved)."""
    if not lines or not len(orders):
        return ()
    # The moved accounts' lines first (a few among up to a million: no key per line).
    rows = orders[text_in(orders["account"], {a for a, _r, _h, _d in lines})]
    until = {(a, r): pd.Timestamp(d) for a, r, _h, d in lines}
    reps = rows["rep"].astype(str)
    keys = pd.Series(list(zip(rows["account"].astype(str), reps, strict=True)), index=rows.index)
    day = pd.to_datetime(keys.map(until))
    dates = pd.to_datetime(rows["date"])
    mine = (day.notna() & (dates < day)).to_numpy(dtype=bool)
    if not mine.any():
        return ()
    amount = pd.to_numeric(rows["amount"][mine], errors="coerce").fillna(0.0)
    month = dates[mine].dt.to_period("M").astype(str)
    sums = amount.groupby([reps[mine], month]).sum()
    return tuple((str(r), str(m), float(v)) for (r, m), v in sums.items())


def _suspects(
    lines: _Lines, rows: np.ndarray, accounts: pd.DataFrame, active: set[str]
) -> np.ndarray:
    """Per account code of ``lines``: whether its lines (of ``rows``) may move or its rep has
    left — lines under more than one rep, or under a rep other than the Accounts sheet's, or
    under a rep not active. Accounts without a line in ``rows`` (or "") are not."""
    account, names = lines.accounts
    known = rows & (account >= 0)
    a, r = account[known], lines.rep[known]
    some = np.full(len(names), -1, dtype=np.int64)  # one rep of each account's lines
    some[a] = r
    mixed = np.zeros(len(names), dtype=bool)
    mixed[a[r != some[a]]] = True
    seen = some >= 0
    if "" in names:
        seen[names.index("")] = False
    rep_active = np.array([rep in active for rep in lines.reps] + [False], dtype=bool)
    odd = seen & (mixed | ~rep_active[some])
    if len(accounts):  # a line's rep other than the sheet's (not among the lines': -1)
        sheet = _sheet_reps(accounts)
        at = pd.Index(names).get_indexer(list(sheet))
        rep_at = pd.Index(lines.reps).get_indexer(list(sheet.values()))
        on = at >= 0
        odd[at[on]] |= seen[at[on]] & (rep_at[on] != some[at[on]])
    return odd


def _pairs(events: pd.DataFrame) -> pd.DataFrame:
    """PAIR_COLUMNS of events (date, account as text, rep); accounts "" dropped."""
    events = events[events["account"] != ""]
    grouped = events.groupby(["account", events["rep"].astype(str)], sort=True)["date"]
    pairs = grouped.agg(n="size", first="min", last="max").reset_index()
    return pairs[list(PAIR_COLUMNS)]


def round_trip_accounts(pairs: pd.DataFrame) -> set[str]:
    """Accounts of ``pairs`` on which one rep's lines all fall between another rep's first
    and last: a cover, a ride-along, or the account handed away and back (A → B → A) —
    the only ones ``filled_gaps`` needs to read line by line."""
    if not len(pairs):
        return set()
    multi = pairs[pairs.duplicated("account", keep=False)]
    if not len(multi):
        return set()
    both = multi.merge(multi, on="account", suffixes=("", "_in"))
    nested = (both["rep"] != both["rep_in"]) & (both["first"] < both["first_in"])
    nested &= both["last_in"] < both["last"]
    return set(both.loc[nested, "account"].astype(str))


def filled_gaps(events: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    """``pairs`` with ``paused`` and ``back``: a rep's last line before, and his first line
    after, a pause of more than ``GONE_DAYS`` on an account during which another rep served
    it — all of that rep's lines on it inside the pause (the latest such pause; NaT when
    none). ``events`` (date, account as text, rep): the lines ``pairs`` was read from, at
    least those of ``round_trip_accounts``.

    An account handed to a colleague and back (山崎 → 池田 2025-07 → 山崎 2026-04, trial
    51 H5) is the same handover as A → B, twice: the colleague's lines from before the
    holder came back are the holder's history, as the holder's lines before a colleague
    took an account over are the colleague's (``decide``). A pause shorter than
    ``GONE_DAYS`` (a holiday's cover visit) or with the holder's own lines in it (a
    ride-along) is no handover: those lines stay the colleague's."""
    out = pairs.assign(paused=pd.NaT, back=pd.NaT)
    out["paused"], out["back"] = pd.to_datetime(out["paused"]), pd.to_datetime(out["back"])
    wanted = round_trip_accounts(pairs)
    if not wanted or not len(events):
        return out
    lines = events[events["account"].astype(str).isin(wanted)]
    lines = pd.DataFrame(
        {
            "account": lines["account"].astype(str).to_numpy(),
            "rep": lines["rep"].astype(str).to_numpy(),
            "date": pd.to_datetime(lines["date"]).to_numpy(),
        }
    ).sort_values(["account", "rep", "date"], kind="stable")
    before = lines.groupby(["account", "rep"])["date"].shift()
    pause = (lines["date"] - before) > pd.Timedelta(days=GONE_DAYS)
    gaps = lines[pause.to_numpy()].assign(since=before[pause].to_numpy())
    if not len(gaps):
        return out
    spans = pairs[pairs["account"].astype(str).isin(wanted)]
    spans = spans.assign(account=spans["account"].astype(str), rep=spans["rep"].astype(str))
    both = gaps.merge(
        spans[["account", "rep", "first", "last"]], on="account", suffixes=("", "_in")
    )
    inside = (both["rep"] != both["rep_in"]) & (both["since"] < both["first"])
    inside &= both["last"] < both["date"]
    latest = both[inside].sort_values("date", kind="stable").groupby(["account", "rep"]).last()
    if not len(latest):
        return out
    keys = pd.MultiIndex.from_arrays([out["account"].astype(str), out["rep"].astype(str)])
    out["paused"] = latest["since"].reindex(keys).to_numpy()
    out["back"] = latest["date"].reindex(keys).to_numpy()
    return out


# The visit kinds that are prospecting: a departed rep's stay his (``move_rows``).
PROSPECTING_KINDS = ("meeting", "attempt")


def _prospecting(visits: pd.DataFrame, total: int) -> np.ndarray:
    """Per line of ``_Lines`` (orders first, visits last; ``total`` lines): whether it is a
    visit of ``PROSPECTING_KINDS`` (no holder is decided by one, ``hand_over``)."""
    out = np.zeros(total, dtype=bool)
    if len(visits) and "kind" in visits.columns:
        out[total - len(visits) :] = visits["kind"].isin(PROSPECTING_KINDS).to_numpy(dtype=bool)
    return out


def move_rows(
    frame: pd.DataFrame,
    moves: dict[tuple[str, str], tuple[str, pd.Timestamp]],
    departed: set[str] | frozenset[str] = frozenset(),
    opened: Mapping[str, tuple[pd.Timestamp, str]] | None = None,
) -> pd.DataFrame:
    """``frame`` with the lines of each (account, rep) in ``moves`` dated before its day
    under the account's holder (``decide``). A ``departed`` rep's meetings and calls
    (visits of ``PROSPECTING_KINDS``) stay his: his own prospecting, as the accounts he
    won are (``Handover.opened_by``), never a colleague's win rate. So does any rep's
    meeting or call on an account before its first order (``opened``: account → its day
    and rep, ``first_order_days``) when that order is another rep's: he lost it, the win is
    not the holder's meeting (review 34: a colleague's lost meeting went to the holder, one
    meeting more for the holder and one less for him)."""
    if not len(frame) or not moves:
        return frame
    keys = pd.MultiIndex.from_tuples(list(moves), names=["account", "rep"])
    table = pd.DataFrame(list(moves.values()), index=keys, columns=["holder", "until"])
    at = keys.get_indexer(
        pd.MultiIndex.from_arrays(
            [frame["account"].astype(str).to_numpy(), frame["rep"].astype(str).to_numpy()]
        )
    )
    hit = at >= 0
    if departed and "kind" in frame.columns:
        own = frame["rep"].astype(str).isin(list(departed)) & frame["kind"].isin(PROSPECTING_KINDS)
        hit &= ~own.to_numpy(dtype=bool)
    if opened and "kind" in frame.columns and hit.any():
        rows = np.flatnonzero(hit & frame["kind"].isin(PROSPECTING_KINDS).to_numpy(dtype=bool))
        accounts = frame["account"].iloc[rows].astype(str)
        first = pd.to_datetime(accounts.map({a: d for a, (d, _) in opened.items()}))
        by = accounts.map({a: r for a, (_, r) in opened.items()})
        reps = frame["rep"].iloc[rows].astype(str)
        lost = (pd.to_datetime(frame["date"].iloc[rows]) < first) & (reps != by) & by.notna()
        hit[rows[lost.to_numpy(dtype=bool)]] = False
    if not hit.any():
        return frame
    until = table["until"].to_numpy()[at[hit]]
    rows = np.flatnonzero(hit)[frame["date"].to_numpy()[hit] < until]
    if not len(rows):
        return frame
    out = frame.copy()
    # As plain text: a dictionary-encoded rep column may not know the new holder's name.
    out["rep"] = out["rep"].astype(object)
    out.iloc[rows, out.columns.get_loc("rep")] = table["holder"].to_numpy()[at[rows]]
    return out


def move_accounts(accounts: pd.DataFrame, moves: dict[str, str]) -> pd.DataFrame:
    """The accounts table with each moved account under its holder."""
    if not len(accounts) or not moves:
        return accounts
    new = accounts["account"].astype(str).map(moves)
    if not new.notna().any():
        return accounts
    out = accounts.copy()
    out["rep"] = out["rep"].astype(object)
    out.loc[new.notna(), "rep"] = new[new.notna()].to_numpy()
    return out
