"""A customer master after an ERP migration: old codes and conversion-day start dates.

Trial 48 H2/H3: a company that moved ERP renumbered every account (``T-11965`` → ``2254331``)
in the ERP and in the handheld; the new master keeps each account's old code (旧得意先コード)
and gives the conversion day as the 取引開始日 of every account it carried over. Read as
typed, every old account was lost at the migration and won again the same day (継続率 0.0%,
新規 ×9). Here, once for every source (sheets, files, databases):

- ``old_codes``: the master's old-code column as a map old → current code, the codes it
  cannot use safely said on Checks (an old code that is some account's current code, one old
  code given to two accounts: neither is read, so no line is given to a guessed account);
- ``renumber``: an order or visit frame's old codes read as the current ones (the file and
  database sources do the same in SQL, sources.assemble);
- ``earlier_starts``: a start date after the account's first order is no win date — the
  first order is the start;
- ``shops_renumbered``: with no old-code column, a group of shops whose codes stop while
  new codes of the same names start within days (trial 51 M1: a dealer group renumbered its
  12 shops; the master lists the old codes stopped, the new ones started the next day) is a
  renumbering of those shops: the same old → new map, said on Checks. Read as typed, the
  group "left" (a chain exit: a year of its revenue cut from the base) and "came back" new.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from routekpi.contract import Check
from routekpi.core.lapse import LAPSE_DAYS, held_from
from routekpi.schema import ACCOUNTS, OLD_ACCOUNT_KEY

# The accounts ``closed_before`` adds to a master.
CLOSED_COLUMNS = ("account", "rep", "start", "end")
# Per account whose first order is before the master's start date: that first order.
SPAN_COLUMNS = ("account", "first")


@dataclass(frozen=True)
class OldCodes:
    """The master's usable old codes (old → current) and the Checks column they are in."""

    mapping: dict[str, str] = field(default_factory=dict)
    column: str = ""
    # The old codes typed but not read (``old_account_is_current``, ``old_account_shared``):
    # on the master, so no customer that ended before the migration (``closed_before``).
    unsafe: frozenset[str] = frozenset()
    # How many old codes the master gives (``mapping`` also holds their zero-cut forms).
    typed: int = 0

    def said(self, sheet: str, orders: int, visits: int) -> Check | None:
        """The Checks line of the lines read under the current code (None: no line was)."""
        if not orders and not visits:
            return None
        params: dict[str, object] = {
            "column": header_of(self.column),
            "count": self.typed or len(self.mapping),
            "orders": orders,
            "visits": visits,
        }
        return Check(sheet, None, self.column, None, "accounts_renumbered", params, "info")


def header_of(column: str) -> str:
    """The header of a Checks column ("H 旧得意先コード" → "旧得意先コード")."""
    letter, _, header = column.partition(" ")
    return header if header and letter.isalpha() and letter.isupper() else column


def old_codes(
    accounts: pd.DataFrame,
    rows: np.ndarray,
    columns: Mapping[str, str],
    checks: list[Check],
    sheet: str = ACCOUNTS.name,
) -> OldCodes:
    """The master's old codes as old → current (before ``check_accounts`` drops rows).

    An account typed twice is read on its first row, as ``check_accounts`` keeps it. Not
    used, each with a warning at its row: an old code that is some account's current code
    (its lines are that account's: the master's own code wins), and an old code given to
    two accounts (whose history they are cannot be told: its lines stay unknown accounts).
    """
    column = columns.get(OLD_ACCOUNT_KEY, "")
    if OLD_ACCOUNT_KEY not in accounts.columns or not column or not len(accounts):
        return OldCodes(column=column)
    current = accounts["account"].astype(object).to_numpy()
    old = accounts[OLD_ACCOUNT_KEY].astype(object).to_numpy()
    lines = np.asarray(rows, dtype=np.int64)
    first_row: dict[str, int] = {}
    for code, line in zip(current, lines, strict=True):
        if isinstance(code, str):
            first_row.setdefault(code, int(line))
    given: dict[str, list[tuple[int, str]]] = {}  # old code → (row, current code), row order
    for code, was, line in zip(current, old, lines, strict=True):
        if not isinstance(code, str) or not isinstance(was, str) or not was.strip():
            continue
        if was == code or first_row.get(code) != int(line):  # kept code; a repeated row
            continue
        given.setdefault(was, []).append((int(line), code))
    mapping: dict[str, str] = {}
    unsafe: set[str] = set()
    for was, owners in given.items():
        if was in first_row or len({code for _, code in owners}) > 1:
            unsafe.add(was)
        if was in first_row:
            for line, _ in owners:
                params = {"other": first_row[was], "code": was}
                checks.append(
                    Check(sheet, line, column, was, "old_account_is_current", params, "warn")
                )
            continue
        if len({code for _, code in owners}) > 1:
            for line, _ in owners[1:]:
                params = {"first": owners[0][0], "code": was}
                checks.append(Check(sheet, line, column, was, "old_account_shared", params, "warn"))
            continue
        mapping[was] = owners[0][1]
    typed = len(mapping)
    # An old export opened in Excel cut the zeros of a numeric old code (0501 → 501), as
    # validation.zeros reads a current code's: its lines are the account's too, unless the
    # cut code is some account's current code, another old code, or two accounts' (review48:
    # 0501 … typed, 501 … on the lines: nothing was read, every account lost and won again).
    cut: dict[str, set[str]] = {}
    for was, now in mapping.items():
        short = was.lstrip("0")
        if was.isdigit() and short and short != was:
            cut.setdefault(short, set()).add(now)
    for short, owners in cut.items():
        if len(owners) == 1 and short not in first_row and short not in given:
            mapping[short] = next(iter(owners))
    return OldCodes(mapping, column, frozenset(unsafe), typed)


def renumber(
    frame: pd.DataFrame, mapping: Mapping[str, str]
) -> tuple[pd.DataFrame, int, pd.Timestamp | None]:
    """The frame with each old code in its account column read as the current one, how
    many lines were, and the last day one was (None: none). Only the lines that carry one
    are touched (a million-line book with no old code costs one ``isin``)."""
    if not mapping or not len(frame) or "account" not in frame.columns:
        return frame, 0, None
    codes = frame["account"]
    hit = codes.isin(list(mapping)).to_numpy(dtype=bool)
    count = int(hit.sum())
    if not count:
        return frame, 0, None
    # ``assign``, not ``copy()``: copy-on-write shares the other columns (a deep copy of a
    # million lines' object columns was ~0.3 s).
    out = frame.assign(account=_renumbered(codes, hit, mapping))
    last = frame["date"][hit].max()
    return out, count, None if pd.isna(last) else pd.Timestamp(last)


def _renumbered(codes: pd.Series, hit: np.ndarray, mapping: Mapping[str, str]) -> pd.Series:
    """``codes`` with each old code (where ``hit``) read as its current one, same dtype. An
    Arrow text column is mapped in Arrow as one chunk (as a sheet read gives it): no million
    Python strings out and back."""
    dtype = codes.dtype
    if isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow":
        arr = pa.array(codes.array)
        old = pa.array(list(mapping), type=arr.type)
        new = pa.array(list(mapping.values()), type=arr.type)
        read = pc.take(new, pc.index_in(arr, value_set=old))
        now = pa.chunked_array([pc.coalesce(read, arr)])
        return pd.Series(pd.array(now, dtype=dtype), index=codes.index, name=codes.name)
    now = codes.astype(object).to_numpy(copy=True)
    now[hit] = [mapping[c] for c in now[hit]]
    return pd.Series(now, index=codes.index, dtype=dtype)


def last_old_day(*days: pd.Timestamp | None) -> pd.Timestamp | None:
    """The last day a line carried an old code (orders or visits), None when none did."""
    known = [d for d in days if d is not None]
    return max(known) if known else None


def closed_before(
    orders: pd.DataFrame, known: Collection[str], until: pd.Timestamp | None
) -> pd.DataFrame:
    """The accounts an ERP migration left out of the new master: codes on order lines that
    the master does not know (after ``renumber``) whose last order is no later than the last
    day an old code was used (``until``) — customers that ended before the migration, which
    a new system does not carry over. Each with ``CLOSED_COLUMNS``: its first order the
    start, the day after its last order the end (as a master's closure flag without a date
    is read, core.lapse.flagged_ends), the rep of its last order (core.lapse.derive_accounts'
    rule). Left unknown, their losses were missing from every year before the migration
    (trial 48: 991 accounts; the retention of those years 96% where 86% was true)."""
    if until is None or not len(orders):
        return pd.DataFrame({c: pd.Series(dtype=object) for c in CLOSED_COLUMNS})
    usable = orders["account"].notna() & orders["date"].notna()
    dated = orders.loc[usable, ["account", "rep", "date"]]
    codes = dated["account"].astype(object)
    unknown = dated[~codes.isin(list(known)).to_numpy(dtype=bool)]
    if not len(unknown):
        return pd.DataFrame({c: pd.Series(dtype=object) for c in CLOSED_COLUMNS})
    per = (
        unknown.assign(account=unknown["account"].astype(object))
        .sort_values(["date", "rep"], kind="stable")
        .groupby("account", sort=True)
        .agg(start=("date", "min"), last=("date", "max"), rep=("rep", "last"))
    )
    per = per[per["last"] <= until]
    return closed_rows(per.reset_index())


def closed_rows(per: pd.DataFrame) -> pd.DataFrame:
    """``CLOSED_COLUMNS`` from per-account ``account, start, last, rep`` (sources.assemble
    gives them from SQL)."""
    return pd.DataFrame(
        {
            "account": per["account"].astype(object).to_numpy(),
            "rep": per["rep"].astype(object).to_numpy(),
            "start": pd.to_datetime(per["start"]).dt.normalize().to_numpy(),
            "end": (pd.to_datetime(per["last"]).dt.normalize() + pd.Timedelta(days=1)).to_numpy(),
        }
    )


def with_closed(
    accounts: pd.DataFrame, closed: pd.DataFrame, column: str, sheet: str = ACCOUNTS.name
) -> tuple[pd.DataFrame, Check | None]:
    """The master with the accounts ``closed_before`` found added, said once (``column``:
    the old-code column's Checks name)."""
    if not len(closed):
        return accounts, None
    rows = closed.reindex(columns=accounts.columns)
    for key in ("start", "end"):
        rows[key] = pd.to_datetime(closed[key]).to_numpy(dtype="datetime64[ns]")
    out = pd.concat([accounts, rows], ignore_index=True)
    first = closed.sort_values("end", kind="stable").iloc[0]
    params: dict[str, object] = {
        "column": header_of(column),
        "count": len(closed),
        "example": str(first["account"]),
        "last": (pd.Timestamp(first["end"]) - pd.Timedelta(days=1)).date().isoformat(),
    }
    problem = "accounts_closed_before_renumbering"
    return out, Check(sheet, None, column, None, problem, params, "info")


@dataclass(frozen=True)
class OrderDays:
    """The order lines' account column coded once (``pd.factorize``: ``codes`` per line, -1
    where none, and ``names``) with each code's first and last order day as int64
    nanoseconds (int64 max / min where it has no dated line). Read by the master's starts
    (``order_spans``), the renumbering check (``first_last``) and, given to the history's
    frame (core.handover.keep_coded), the engine: one coding of a million text codes a run,
    not three (~35 ms each)."""

    codes: np.ndarray
    names: pd.Index
    first: np.ndarray
    last: np.ndarray


def account_days(orders: pd.DataFrame) -> OrderDays:
    """``OrderDays`` of the order lines: one factorize and one NumPy pass (a groupby over a
    million text codes took 0.3–1 s)."""
    codes, names = pd.factorize(orders["account"])
    codes.flags.writeable = False  # shared with the engine: positions are read, never written
    return _bounded(codes, pd.Index(names), orders["date"])


def _bounded(codes: np.ndarray, names: pd.Index, dates: pd.Series) -> OrderDays:
    days = dates.to_numpy(dtype="datetime64[ns]").view(np.int64)
    none = np.iinfo(np.int64).min  # NaT
    ok = (codes >= 0) & (days != none)
    first = np.full(len(names), np.iinfo(np.int64).max, dtype=np.int64)
    last = np.full(len(names), none, dtype=np.int64)
    np.minimum.at(first, codes[ok], days[ok])
    np.maximum.at(last, codes[ok], days[ok])
    return OrderDays(codes, names, first, last)


def recoded(days: OrderDays, account: pd.Series) -> OrderDays:
    """``days`` of the same lines once their codes were rewritten value by value (each
    distinct code read as one code, a missing one left missing: validation's dropped zeros,
    777 read as 0777): equal to ``account_days`` of them, without coding the lines again.

    Codes come in order of first appearance, so each old code's first line is where the
    running maximum of the codes first reaches it; the new values at those lines, in that
    order, factorized, give the new codes in the order a factorize of every line gives them
    (a value's first line is its first old code's), and each new code's days are the
    minimum and maximum over the old codes it joins."""
    codes = days.codes
    top = np.maximum.accumulate(codes) if len(codes) else codes
    firsts = np.flatnonzero(np.diff(top, prepend=-1) > 0)  # the first line of code 0, 1, …
    joined, names = pd.factorize(account.iloc[firsts])
    new = np.where(codes >= 0, joined[np.maximum(codes, 0)], -1) if len(joined) else codes
    new.flags.writeable = False
    first = np.full(len(names), np.iinfo(np.int64).max, dtype=np.int64)
    last = np.full(len(names), np.iinfo(np.int64).min, dtype=np.int64)
    kept = joined >= 0
    np.minimum.at(first, joined[kept], days.first[kept])
    np.maximum.at(last, joined[kept], days.last[kept])
    return OrderDays(new, pd.Index(names), first, last)


def order_spans(orders: pd.DataFrame | OrderDays, accounts: pd.DataFrame) -> pd.DataFrame:
    """``SPAN_COLUMNS`` of the master's accounts whose first order is before their start
    (sources.assemble computes the same in SQL). ``orders``: the order lines, or their
    ``OrderDays`` (validation's, coded once)."""
    empty = pd.DataFrame({c: pd.Series(dtype=object) for c in SPAN_COLUMNS})
    days = account_days(orders) if isinstance(orders, pd.DataFrame) else orders
    if not len(days.codes) or not len(accounts):
        return empty
    uniques, first = days.names, days.first
    none = np.iinfo(np.int64).min  # NaT
    starts = accounts.drop_duplicates("account").set_index("account")["start"]
    typed = pd.to_datetime(starts.reindex(pd.Index(uniques, dtype=object)))
    typed_ns = typed.to_numpy(dtype="datetime64[ns]").view(np.int64)
    earlier = (typed_ns != none) & (first != np.iinfo(np.int64).max) & (first < typed_ns)
    if not earlier.any():
        return empty
    return pd.DataFrame(
        {
            "account": np.asarray(uniques, dtype=object)[earlier],
            "first": first[earlier].view("datetime64[ns]"),
        }
    )


def earlier_starts(
    accounts: pd.DataFrame,
    spans: pd.DataFrame,
    rows: Mapping[str, int],
    columns: Mapping[str, str],
    sheet: str = ACCOUNTS.name,
) -> tuple[pd.DataFrame, list[Check]]:
    """The master's accounts with a start after their first order started at that order.

    A master converted from an older system gives the conversion day as every carried-over
    account's start (trial 48 H3: 3,612 of 4,234 on 2025-07-01 with two years of orders
    before it); read as typed each was a new account that day and every reader of the
    start (new accounts, retention, the Daily's held accounts) counted it so. Taken back for
    every such account, a long silence before the typed start included: in the trial the 17
    accounts silent 187–384 days before the conversion were carried over, not won again (a
    master holds one start per account, so a customer that truly came back reads as kept).
    ``spans``: ``order_spans``; ``rows``: each code's Accounts row (the example's).
    """
    if not len(spans) or not len(accounts):
        return accounts, []
    span = spans.set_index(spans["account"].astype(str))
    codes = accounts["account"].astype(object)
    first = pd.to_datetime(codes.map(span["first"])).to_numpy(dtype="datetime64[ns]")
    typed = pd.to_datetime(accounts["start"]).to_numpy(dtype="datetime64[ns]")
    moved = ~np.isnat(first) & ~np.isnat(typed) & (first < typed)
    if not moved.any():
        return accounts, []
    out = accounts.copy()
    out.loc[moved, "start"] = first[moved].astype("datetime64[D]").astype("datetime64[ns]")
    # The example: the account on the master's first row among them, as the user sees it.
    top = min(np.flatnonzero(moved), key=lambda i: (rows.get(str(codes.iloc[i]), 0), i))
    typed_on = pd.Timestamp(typed[top]).date().isoformat()
    params: dict[str, object] = {
        "count": int(moved.sum()),
        "example": str(codes.iloc[top]),
        "start": typed_on,
        "first": pd.Timestamp(first[top]).date().isoformat(),
    }
    row = rows.get(str(codes.iloc[top]))
    column = columns.get("start", "")
    return out, [Check(sheet, row, column, typed_on, "start_after_first_order", params, "warn")]


def held_before_history(
    accounts: pd.DataFrame,
    codes: Collection[str],
    first: pd.Timestamp | None,
    first_event: pd.Timestamp | None,
    column: str,
    sheet: str = ACCOUNTS.name,
) -> tuple[pd.DataFrame, Check | None]:
    """The accounts of ``codes`` — those whose start is their first order: a master's start
    after it (``earlier_starts``), an old code the new master left out (``closed_before``) —
    first seen within ``LAPSE_DAYS`` of the history's first order ``first``: started at the
    month-end before the history (core.lapse.held_from), said once (None: none moved).

    There a first order cannot tell a customer held before the history from one won that
    day, and the master gives no start to tell: each is held from before, as the lapse rule
    reads a customer with no master (core.lapse). Taken at its first order, every customer
    of the book was won in the history's first weeks: trial 48 planned in its budgeting
    month (2024-02-29, eight months of orders, every account converted on 2025-07-01) read
    3,958 wins in them, planned 4,455 new accounts for a year that won 450, and 5,614 active
    accounts against 3,602. The engine reads the flows after that span
    (History.starts_from_orders), as it does for accounts derived from orders."""
    if first is None or pd.isna(first) or not len(accounts) or not codes:
        return accounts, None
    first = pd.Timestamp(first).normalize()
    edge = first + pd.Timedelta(days=LAPSE_DAYS)
    start = pd.to_datetime(accounts["start"])
    ours = accounts["account"].astype(str).isin({str(c) for c in codes}).to_numpy(dtype=bool)
    moved = ours & (start < edge).to_numpy(dtype=bool) & start.notna().to_numpy(dtype=bool)
    if not moved.any():
        return accounts, None
    day = held_from(first, first_event)
    out = accounts.copy()
    out["start"] = start.where(~moved, day).to_numpy(dtype="datetime64[ns]")
    params: dict[str, object] = {
        "count": int(moved.sum()),
        "days": LAPSE_DAYS,
        "first": first.date().isoformat(),
        "edge": (edge - pd.Timedelta(days=1)).date().isoformat(),
        "held": day.date().isoformat(),
        "month": str((edge - pd.Timedelta(days=1)).to_period("M") + 1),
    }
    return out, Check(sheet, None, column, None, "starts_held_before_history", params, "info")


# mig48 (trial 48 H2 without the old-code column): a share of the book whose codes stop
# while as many new codes start on one day reads as an ERP renumbering, said on Checks.
# The share of the accounts alive in the month before the day that stopped, and that started.
SWITCH_SHARE = 0.3
# The days either side of the day: an account that orders monthly has its last old-code
# order within a month before, its first new-code order within a month after (trial 48:
# only 1,468 of the 3,4xx old codes ended within 7 days of 2025-07-01, 2,982 within 31).
SWITCH_DAYS = 31
# The days either side over which the Checks line counts the codes that ended and began.
SWITCH_SAID_DAYS = 92
# Critical (as a unit slip that moves a year's revenue, validation.unit_slip) when the day
# is within this many days of the history's last day: the years a plan's rates and trends
# are read from, whose retention it moves by at least ``SWITCH_SHARE`` (trial 48: 0.0%).
SWITCH_CRITICAL_DAYS = 730
# Fewer accounts on either side is a small book's ordinary turnover, not a migration.
SWITCH_MIN_ACCOUNTS = 20


def first_last(orders: pd.DataFrame | OrderDays) -> tuple[np.ndarray, np.ndarray]:
    """Per account on the order lines (or their ``OrderDays``) its first and last order day
    (datetime64[D] each), accounts without a dated line left out."""
    days = account_days(orders) if isinstance(orders, pd.DataFrame) else orders
    if not len(days.codes):
        empty = np.array([], dtype="datetime64[D]")
        return empty, empty
    seen = days.last != np.iinfo(np.int64).min
    first, last = (
        v[seen].view("datetime64[ns]").astype("datetime64[D]") for v in (days.first, days.last)
    )
    return first, last


def code_switch(first: np.ndarray, last: np.ndarray, sheet: str = ACCOUNTS.name) -> Check | None:
    """The Checks warning of a renumbering no old-code column told (None: none seen).

    ``first``/``last``: per account its first and last order day. The day D is where the
    most codes end in the ``SWITCH_DAYS`` before it and the most start in those after it
    (the smaller of the two counts, the latest such day); it is said when at least
    ``SWITCH_SHARE`` of the accounts alive in the month before D ordered last before D and
    as many (a share as large) first ordered from D on. A chain's exit (many end, none
    start) and ordinary churn (a few percent a month each way) are not; nor a day within
    a month of the history's ends, where every account starts or was last seen.
    """
    if len(first) < 2 * SWITCH_MIN_ACCOUNTS:
        return None
    f = first.astype("datetime64[D]").astype(np.int64)
    g = last.astype("datetime64[D]").astype(np.int64)
    lo, hi, w = int(f.min()), int(g.max()), SWITCH_DAYS
    if hi - lo < 4 * w:
        return None
    span = hi - lo + 1
    # starts_at[d]: accounts first ordering before day lo+d; ends_at[d]: last ordering before.
    starts_at = np.concatenate([[0], np.cumsum(np.bincount(f - lo, minlength=span))])
    ends_at = np.concatenate([[0], np.cumsum(np.bincount(g - lo, minlength=span))])
    day = np.arange(w, span - w + 1)  # D (offset from lo): a full window either side
    ending = ends_at[day] - ends_at[day - w]
    starting = starts_at[day + w] - starts_at[day]
    score = np.minimum(ending, starting)
    # The latest best day: the new codes' first order day, not the day after the last old one.
    best = int(day[int(np.flatnonzero(score == score.max())[-1])])
    d = lo + best
    # Exactly at D: the codes seen before D whose last order is in the month before it,
    # and the codes first seen from D on that were not one day's order only.
    alive = (f < d) & (g >= d - w)
    ended = int((alive & (g < d)).sum())
    began = int(((f >= d) & (f < d + w) & (g > f)).sum())
    if min(ended, began) < max(SWITCH_MIN_ACCOUNTS, SWITCH_SHARE * int(alive.sum())):
        return None
    # Said over a quarter either side: the accounts that order every six weeks or so too
    # (trial 48: 3,619 ended and 3,551 began, of the 3,612 carried over; 3,020 in a month).
    q = SWITCH_SAID_DAYS
    alive = (f < d) & (g >= d - q)
    ended = int((alive & (g < d)).sum())
    began = int(((f >= d) & (f < d + q) & (g > f)).sum())
    live = int(alive.sum())
    on = np.datetime64(d, "D").astype(object).isoformat()
    params: dict[str, object] = {"day": on, "ended": ended, "began": began, "live": live}
    severity = "critical" if hi - d <= SWITCH_CRITICAL_DAYS else "warn"
    return Check(sheet, None, "", None, "accounts_code_switch", params, severity)


# trial 51 M1: shops renumbered together, told by their names (``shops_renumbered``).
# At least this many shops in one group: a single shop reopening under a new code with the
# same name is left as the master says (a closure and a new customer may be just that).
RENUMBER_MIN_ACCOUNTS = 3
# The old code's last order at most this many days before the new code begins (a monthly
# customer's last order is within a month of the switch, as ``SWITCH_DAYS``) …
RENUMBER_GAP_DAYS = 31
# … and at most this many after it (a slip keyed under the old code on the first days).
RENUMBER_OVERLAP_DAYS = 3
# New codes beginning within this many days of one another are one group's switch.
RENUMBER_GROUP_DAYS = 7
# A renumbering moves codes, not customers: at least this share of a group's shops keep
# their rep across the switch (the old code's last line and the new code's first). Shops of
# the same names changing hands together are other shops (a 1M-row book's generated names:
# 9 same-name pairs starting together, 8 of them with another rep).
RENUMBER_SAME_REP = 0.5
LISTED_RENUMBERED = 4  # old → new pairs named on the Checks line; more end with "…"


@dataclass(frozen=True)
class ShopsRenumbered:
    """Shops renumbered together (``shops_renumbered``): old → new code, each new code's
    start as the old one's (the shop's own start), and per group its pairs and first day."""

    mapping: dict[str, str] = field(default_factory=dict)
    starts: dict[str, pd.Timestamp] = field(default_factory=dict)
    groups: tuple[tuple[pd.Timestamp, tuple[tuple[str, str, str], ...]], ...] = ()

    def checks(self, sheet: str, column: str, orders: int, visits: int) -> list[Check]:
        """One info line per group: which codes, from when, how to type the map."""
        out = []
        for day, pairs in self.groups:
            names = [n for _, _, n in pairs]
            stem = _shared_word(names)
            listed = ", ".join(f"{o} → {n}" for o, n, _ in pairs[:LISTED_RENUMBERED])
            params: dict[str, object] = {
                "group": stem or names[0],
                "count": len(pairs),
                "day": day.date().isoformat(),
                "pairs": listed + (" …" if len(pairs) > LISTED_RENUMBERED else ""),
                "orders": orders,
                "visits": visits,
                "column_ja": _OLD_SPEC.ja,
                "column_en": _OLD_SPEC.en,
            }
            out.append(Check(sheet, None, column, pairs[0][0], "shops_renumbered", params, "info"))
        return out


# The old-code column's header the Checks line asks for (the Accounts spec's own).
_OLD_SPEC = next(c for c in ACCOUNTS.columns if c.key == OLD_ACCOUNT_KEY)


def _shared_word(names: list[str]) -> str:
    """The first word all the names share (関東日産サービス), or "" when they share none."""
    words = [str(n).split() for n in names]
    firsts = {w[0] for w in words if len(w) > 1}
    return next(iter(firsts)) if len(firsts) == 1 and all(len(w) > 1 for w in words) else ""


def name_twins(accounts: pd.DataFrame) -> pd.DataFrame:
    """The master's accounts whose name (case and spaces folded) exactly one other
    account has: ``old``, ``new`` (the later start), the old one's ``start``, the new
    one's ``begin`` (its typed start), the ``name`` as typed and each one's rep on the
    master (``old_rep``, ``new_rep``; None without a rep column). The candidates of
    ``shops_renumbered``, read from the master alone (no order line yet)."""
    if "name" not in accounts.columns or len(accounts) < 2 * RENUMBER_MIN_ACCOUNTS:
        return _no_twins()
    # The names folded at once (Arrow: lower case, no spaces; the readers already gave the
    # text as NFKC), counted there: most masters have no name twice, and a run costs them a
    # pass over the names only (pandas per master: ~50 ms; a Python step per name: ~2 s
    # for 50,000 accounts).
    names = accounts["name"]
    try:
        arr = pa.array(names.to_numpy(dtype=object), type=pa.string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # a number typed as a name
        arr = pa.array(names.astype("string").to_numpy(dtype=object, na_value=None), pa.string())
    folded = pc.replace_substring_regex(
        pc.utf8_lower(pc.utf8_trim_whitespace(arr)), r"[\s\x{3000}]+", ""
    )
    counted = pc.value_counts(folded)
    values, counts = counted.field("values"), counted.field("counts")
    twice = pc.filter(values, pc.and_(pc.equal(counts, 2), pc.not_equal(values, "")))
    if len(twice) < RENUMBER_MIN_ACCOUNTS:
        return _no_twins()
    hit = pc.fill_null(pc.is_in(folded, value_set=twice), False).to_numpy(zero_copy_only=False)
    rows = accounts[hit].assign(_key=np.asarray(folded.filter(pa.array(hit))).astype(object))
    rows = rows[rows["account"].notna().to_numpy(dtype=bool)]
    rows = rows[~rows["account"].duplicated().to_numpy(dtype=bool)]  # one row per code
    rows = rows[(rows.groupby("_key")["_key"].transform("size") == 2).to_numpy(dtype=bool)]
    if len(rows) < 2 * RENUMBER_MIN_ACCOUNTS:
        return _no_twins()
    rows = rows.assign(_start=pd.to_datetime(rows["start"])).sort_values(
        ["_key", "_start"], kind="stable"
    )
    old, new = rows.iloc[0::2], rows.iloc[1::2]
    ok = (old["_key"].to_numpy() == new["_key"].to_numpy()) & (
        new["_start"].to_numpy() > old["_start"].to_numpy()
    )
    none = np.full(len(old), None, dtype=object)
    return pd.DataFrame(
        {
            "old": old["account"].astype(str).to_numpy()[ok],
            "new": new["account"].astype(str).to_numpy()[ok],
            "start": old["_start"].to_numpy()[ok],
            "begin": new["_start"].to_numpy()[ok],
            "name": old["name"].astype(str).to_numpy()[ok],
            "old_rep": (old["rep"].to_numpy(dtype=object) if "rep" in old else none)[ok],
            "new_rep": (new["rep"].to_numpy(dtype=object) if "rep" in new else none)[ok],
        }
    )


def _no_twins() -> pd.DataFrame:
    columns = ("old", "new", "start", "begin", "name", "old_rep", "new_rep")
    return pd.DataFrame({c: [] for c in columns})


def shops_renumbered(
    twins: pd.DataFrame,
    first: Mapping[str, object],
    last: Mapping[str, object],
    reps: Mapping[str, object] | None = None,
) -> ShopsRenumbered:
    """The name twins (``name_twins``) that are one shop under a new code, read by their
    order days (``first``/``last``: per account code its first and last order day).

    A pair is the old code's shop going on under the new one when the old code's last order
    lies within ``RENUMBER_GAP_DAYS`` before the new one begins (its typed start or first
    order, the earlier) and no more than ``RENUMBER_OVERLAP_DAYS`` after, and the new code
    did not order before the old one's last order (less the same days). Pairs whose new
    codes begin within ``RENUMBER_GROUP_DAYS`` of one another are one group; a group of at
    least ``RENUMBER_MIN_ACCOUNTS`` is a renumbering (shops ending and opening one by one
    are left as the master says) when at least ``RENUMBER_SAME_REP`` of its shops keep their
    rep: ``reps`` per code the rep on its line nearest the switch (the old code's last, the
    new code's first), else the master's (a new code not ordering yet); a blank rep is
    unknown, and only the pairs with both reps known are counted (``_same_rep``)."""
    if len(twins) < RENUMBER_MIN_ACCOUNTS:
        return ShopsRenumbered()
    gap, overlap = pd.Timedelta(days=RENUMBER_GAP_DAYS), pd.Timedelta(days=RENUMBER_OVERLAP_DAYS)
    found: list[tuple[pd.Timestamp, str, str, str, pd.Timestamp]] = []
    for old, new, start, begin, name, *_ in twins.itertuples(index=False):
        old_last, new_first = last.get(old), first.get(new)
        if old_last is None or pd.isna(old_last):
            continue
        old_last = pd.Timestamp(old_last)
        day = pd.Timestamp(begin)
        if new_first is not None and not pd.isna(new_first):
            new_first = pd.Timestamp(new_first)
            day = new_first if pd.isna(day) else min(day, new_first)
            if new_first < old_last - overlap:
                continue
        if pd.isna(day) or not (day - gap <= old_last <= day + overlap):
            continue
        found.append((day.normalize(), old, new, name, pd.Timestamp(start)))
    found.sort()
    groups: list[list[tuple[pd.Timestamp, str, str, str, pd.Timestamp]]] = []
    for pair in found:
        if groups and pair[0] - groups[-1][-1][0] <= pd.Timedelta(days=RENUMBER_GROUP_DAYS):
            groups[-1].append(pair)
        else:
            groups.append([pair])
    # A blank rep (no cell, "", spaces) is unknown: the line's rep, else the master's.
    known = {
        code: rep
        for code, rep in (
            *zip(twins["old"], twins["old_rep"], strict=True),
            *zip(twins["new"], twins["new_rep"], strict=True),
            *(reps or {}).items(),
        )
        if _rep_known(rep)
    }
    kept = [g for g in groups if len(g) >= RENUMBER_MIN_ACCOUNTS and _same_rep(g, known)]
    if not kept:
        return ShopsRenumbered()
    mapping = {old: new for g in kept for _, old, new, _, _ in g}
    starts = {new: start for g in kept for _, _, new, _, start in g if not pd.isna(start)}
    told = tuple((g[0][0], tuple((old, new, name) for _, old, new, name, _ in g)) for g in kept)
    return ShopsRenumbered(mapping, starts, told)


def _rep_known(rep: object) -> bool:
    """Whether a rep cell says who: not missing, not blank."""
    return (
        rep is not None
        and not (pd.api.types.is_scalar(rep) and pd.isna(rep))
        and bool(str(rep).strip())
    )


def _same_rep(
    group: list[tuple[pd.Timestamp, str, str, str, pd.Timestamp]], reps: Mapping[str, object]
) -> bool:
    """Whether at least ``RENUMBER_SAME_REP`` of the group's pairs with both reps known keep
    their rep. A pair with a rep unknown is neither kept nor changed (a master whose old
    codes' rep cells are blank read as every shop changing hands); a group without a pair
    known on both sides is judged by its days alone."""
    both = [(reps[old], reps[new]) for _, old, new, _, _ in group if old in reps and new in reps]
    kept = sum(str(a).strip() == str(b).strip() for a, b in both)
    return not both or kept >= RENUMBER_SAME_REP * len(both)


def without_old_shops(accounts: pd.DataFrame, found: ShopsRenumbered) -> np.ndarray:
    """Which of the master's rows stay once ``found``'s shops are read under their new codes
    (a bool mask): the old codes' rows go (their lines are the new codes' now; kept, they
    would read as customers lost with no order)."""
    codes = accounts["account"].astype(object)
    return ~codes.isin(list(found.mapping)).to_numpy(dtype=bool)


def with_shop_starts(accounts: pd.DataFrame, found: ShopsRenumbered) -> pd.DataFrame:
    """The master with each renumbered shop's new code started when its old one did."""
    if not found.starts:
        return accounts
    codes = accounts["account"].astype(object)
    hit = codes.isin(list(found.starts)).to_numpy(dtype=bool)
    if not hit.any():
        return accounts
    out = accounts.copy()
    start = pd.to_datetime(out["start"]).to_numpy(dtype="datetime64[ns]").copy()
    start[hit] = [np.datetime64(found.starts[c], "ns") for c in codes[hit]]
    out["start"] = pd.Series(start, index=out.index).astype(out["start"].dtype)
    return out


def _switch_reps(lines: pd.DataFrame, twins: pd.DataFrame) -> dict[str, object]:
    """Per twin code the rep on its line nearest a switch: an old code's last line, a new
    code's first (``lines``: the twins' order lines, ``account`` as text, ``date``, ``rep``)."""
    if "rep" not in lines.columns or not len(lines):
        return {}
    ordered = lines.sort_values(["account", "date"], kind="stable")
    last = ordered.drop_duplicates("account", keep="last").set_index("account")["rep"]
    first = ordered.drop_duplicates("account", keep="first").set_index("account")["rep"]
    olds, news = set(twins["old"]), set(twins["new"])
    return {
        **{a: r for a, r in last.items() if a in olds},
        **{a: r for a, r in first.items() if a in news},
    }


def renumbered_shops_frames(
    accounts: pd.DataFrame,
    rows: np.ndarray,
    orders: pd.DataFrame,
    visits: pd.DataFrame,
    checks: list[Check],
    sheet: str = ACCOUNTS.name,
) -> tuple[pd.DataFrame, np.ndarray, pd.DataFrame, pd.DataFrame]:
    """``shops_renumbered`` on the sheets' frames: the master without the old codes' rows
    (and ``rows``, its row numbers, alike), the new codes started as the old ones, the
    orders' and visits' old codes read as the new ones, said on ``checks``. The frames as
    they are when no group is found (one pass over the twins' order lines only)."""
    twins = name_twins(accounts)
    if twins.empty or not len(orders):
        return accounts, rows, orders, visits
    codes = [*twins["old"], *twins["new"]]
    cols = ["account", "date", *(["rep"] if "rep" in orders.columns else [])]
    mine = orders.loc[orders["account"].isin(codes).to_numpy(dtype=bool), cols]
    mine = mine.assign(account=mine["account"].astype(str))
    per = mine.groupby("account")["date"]
    found = shops_renumbered(
        twins, per.min().to_dict(), per.max().to_dict(), _switch_reps(mine, twins)
    )
    if not found.mapping:
        return accounts, rows, orders, visits
    keep = without_old_shops(accounts, found)
    attrs = dict(accounts.attrs)
    kept = with_shop_starts(accounts[keep].reset_index(drop=True), found)
    kept.attrs = attrs
    orders, moved, _ = renumber(orders, found.mapping)
    visits, seen, _ = renumber(visits, found.mapping)
    column = attrs.get("columns", {}).get("account", "")
    checks.extend(found.checks(sheet, column, moved, seen))
    return kept, np.asarray(rows)[keep], orders, visits
