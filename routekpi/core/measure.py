"""Measure the history: a monthly fact table per rep, and KPI values from it.

Facts are plain sums per rep × month (all additive, so the team is the sum of its reps):

- revenue, orders (rows with amount > 0; returns reduce revenue but are not orders), quantity
- visits, attempts (appointment attempts), appointments (attempts won), meetings
- accounts_start (live at the start of the month), new_accounts (started in the month),
  cancellations (ended in the month), active_accounts (live at the end of the month), so that
  ``active = start − cancellations + new`` holds exactly, i.e. ``start × retention + new``
  (but for a departed rep's wins: his customers are their holder's book now, their new
  accounts his own, ``departed_wins``)
- usage_sum (Σ each live account's revenue since it started), tenure_sum (Σ months since start)
- cohort_accounts, cohort_usage_sum, cohort_tenure_sum: the same for the accounts that were
  already live when the month's fiscal year began (the basis of the usage-to-date and
  retention-period KPIs: an average over a fixed set of accounts, so winning new accounts,
  which have short tenure and little usage, never makes it fall)

KPI values are computed from summed facts, never averaged ratios: a rep's unit price is its
revenue ÷ its orders. ``summarize`` does the same for the team row (team revenue ÷ team orders),
which is what the team's baseline is. Targets and actuals of the team's ratio KPIs are taken
at the baseline's mix instead (``team_at_mix``: the reps' values weighted by their baseline
denominators, catalog ``Kpi.fixed_mix``); over the baseline months the two are the same number.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

import numpy as np
import pandas as pd

from routekpi.core.catalog import KPI_BY_KEY, KPIS
from routekpi.core.frames import month_ordinals, sum_by_key, text_positions
from routekpi.core.handover import frame_coded, frame_months
from routekpi.core.history import (
    EVENT_FACT_COLUMNS,
    History,
    HistoryFacts,
    usage_accounts,
    usage_basis,
)

# The facts built from the accounts' lifetimes (the rest are sums of order and visit rows).
ACCOUNT_FACT_COLUMNS: tuple[str, ...] = (
    "accounts_start",
    "new_accounts",
    "cancellations",
    "active_accounts",
    "usage_sum",
    "tenure_sum",
    "cohort_accounts",
    "cohort_usage_sum",
    "cohort_tenure_sum",
)
FACT_COLUMNS: tuple[str, ...] = (*EVENT_FACT_COLUMNS, *ACCOUNT_FACT_COLUMNS)
TEAM = "ALL"
_DAYS_PER_MONTH = 365.25 / 12
_ACCOUNT_BLOCK = 20_000  # accounts per block of the account-lifecycle grids


def month_grid(history: History, until: date) -> pd.PeriodIndex:
    """Months from the first order or visit through ``until``'s month.

    Account start dates are not used: a customer since 2008 does not mean the history covers
    2008, and months without orders would look like a company with no sales.
    """
    first_event = history.first_date()
    last = pd.Period(until, freq="M")
    first = min(pd.Period(first_event, freq="M"), last) if first_event is not None else last
    return pd.period_range(first, last, freq="M")


def monthly_facts(
    history: History,
    as_of: date,
    months: pd.PeriodIndex | None = None,
    fiscal_start_month: int = 4,
) -> pd.DataFrame:
    """Fact table indexed by (rep, month) for every rep and month of the grid, events ≤ as_of.

    ``fiscal_start_month`` decides which accounts form each month's start-of-year cohort.
    """
    months = months if months is not None else month_grid(history, as_of)
    first = months[0]
    if history.facts is not None:
        parts, revenue = _parts_from_facts(history.facts, as_of, first)
    else:
        parts, revenue = _parts_from_rows(history, as_of, first)
    parts.append(_account_facts(history, revenue, months, as_of, fiscal_start_month))
    parts.append(departed_wins(history, months, as_of))

    reps = sorted({str(r) for p in parts for r in p.index.get_level_values(0).unique()})
    index = pd.MultiIndex.from_product([reps, months], names=["rep", "month"])
    # One float array, summed into column by column (the same additions as ``facts[cols] +=``),
    # framed once: a frame whose columns were assigned in groups is split into a block per
    # group, and every later groupby, ``xs`` and filter over the facts (dozens a run) then
    # works block by block.
    columns = list(FACT_COLUMNS)
    table = np.zeros((len(index), len(columns)))
    for part in parts:
        if len(part):
            at = [columns.index(c) for c in part.columns]
            table[:, at] += _on_grid(part, reps, months)
    return pd.DataFrame(table, index=index, columns=columns)


def _on_grid(part: pd.DataFrame, reps: list[str], months: pd.PeriodIndex) -> np.ndarray:
    """``part.groupby(level=[0, 1]).sum().reindex(rep × month grid, fill_value=0.0)`` as an
    array. Every part but a compact history's comes with one row per (rep, month) already:
    then its rows are placed by position, each value as that one-row group's sum gives it
    (0.0 + value; NaN skipped, so 0.0) — the groupby and the MultiIndex reindex were most of
    a small book's ``monthly_facts``."""
    if not part.index.is_unique:
        summed = part.groupby(level=[0, 1]).sum()
        grid = pd.MultiIndex.from_product([reps, months], names=["rep", "month"])
        return summed.reindex(grid, fill_value=0.0).to_numpy(dtype=float)
    rep_at = pd.Index(reps).get_indexer(part.index.get_level_values(0))
    month_at = pd.Index(months).get_indexer(part.index.get_level_values(1))
    ok = (rep_at >= 0) & (month_at >= 0)  # labels off the grid: dropped, as reindex does
    values = part.to_numpy(dtype=float)[ok]
    out = np.zeros((len(reps) * len(months), values.shape[1]))
    out[rep_at[ok] * len(months) + month_at[ok]] = np.where(np.isnan(values), 0.0, 0.0 + values)
    return out


def _parts_from_rows(
    history: History, as_of: date, first: pd.Period
) -> tuple[list[pd.DataFrame], pd.DataFrame]:
    """Order and visit sums per rep × month from raw rows, and order amounts per account."""
    cutoff = pd.Timestamp(as_of) + pd.Timedelta(days=1)
    parts: list[pd.DataFrame] = []
    o = history.orders
    in_time = (o["date"] < cutoff).to_numpy(dtype=bool)
    pos = _frame_month_pos(o, first)
    if in_time.any():
        amount = o["amount"].to_numpy(dtype=float)
        quantity = o["quantity"].to_numpy(dtype=float)
        columns = {
            "revenue": amount,
            "orders": (amount > 0).astype(float),
            "quantity": np.where(np.isnan(quantity), 0.0, quantity),
        }
        parts.append(
            _rep_month_sums(frame_coded(o, "rep"), pos, in_time, first, columns, ("orders",))
        )

    v = history.visits
    v_in_time = (v["date"] < cutoff).to_numpy(dtype=bool)
    if v_in_time.any():
        kind = v["kind"]
        attempt = (kind == "attempt").to_numpy(dtype=bool)
        columns = {
            "visits": (kind == "visit").to_numpy(dtype=float),
            "attempts": attempt.astype(float),
            "appointments": (attempt & (v["outcome"] == "won").to_numpy(dtype=bool)).astype(float),
            "meetings": (kind == "meeting").to_numpy(dtype=float),
        }
        v_pos = _frame_month_pos(v, first)
        reps = frame_coded(v, "rep")
        parts.append(_rep_month_sums(reps, v_pos, v_in_time, first, columns, tuple(columns)))
    return parts, _revenue(o["account"][in_time], pos[in_time], o["amount"][in_time])


def _rep_month_sums(
    rep: tuple[np.ndarray, pd.Index],
    pos: np.ndarray,
    rows: np.ndarray,
    first: pd.Period,
    columns: dict[str, np.ndarray],
    counts: tuple[str, ...] = (),
) -> pd.DataFrame:
    """``columns`` summed per (rep, month) over ``rows`` from the grid's first month on
    (``rep``: the rows' rep codes and names, ``pd.factorize`` of the column: the frame's,
    ``frame_coded``, shared with the run's other readers of its reps).

    ``groupby(["rep", "month"]).sum()`` on one integer key per row instead of a string and a
    Period column: the same rows reach each group in the same order, so the same sums.
    ``counts``: the columns of 0.0 and 1.0 alone (a row is a visit or not), summed by
    ``np.bincount``: whole numbers, exact in either sum (pandas' compensated one and NumPy's
    plain one), without the grouping machinery.
    """
    codes, names = rep
    keep = rows & (pos >= 0) & (codes >= 0)
    whole = bool(keep.all())  # every row (the usual book): no copies of the columns
    months = pos if whole else pos[keep]
    span = int(months.max()) + 1 if len(months) else 1
    key = (codes if whole else codes[keep]).astype(np.int64) * span + months
    values = columns if whole else {k: c[keep] for k, c in columns.items()}
    # The groups are the keys present, in order (what the grouped sum's sorted index holds).
    size = len(names) * span
    k = np.flatnonzero(np.bincount(key, minlength=size))
    summed: dict[str, np.ndarray] = {
        c: np.bincount(key, weights=values[c], minlength=size)[k] for c in counts if c in values
    }
    rest = {c: v for c, v in values.items() if c not in summed}
    if rest:
        sums = sum_by_key(pd.DataFrame(rest), key)  # its groups: ``k`` (the same keys)
        summed.update(zip(map(str, sums.columns), sums.to_numpy(dtype=float).T, strict=True))
    index = pd.MultiIndex.from_arrays(
        [names.take(k // span), pd.PeriodIndex.from_ordinals(first.ordinal + k % span, freq="M")],
        names=["rep", "month"],
    )
    table = np.column_stack([summed[c] for c in values])
    return pd.DataFrame(table, index=index, columns=list(values), dtype=float)


def _parts_from_facts(
    facts: HistoryFacts, as_of: date, first: pd.Period
) -> tuple[list[pd.DataFrame], pd.DataFrame | None]:
    """The same sums from the compact history (exact: the facts are plain sums of the rows)."""
    facts.require(as_of)
    parts: list[pd.DataFrame] = []
    o = facts.rep_months[facts.rep_months["month"] >= first]
    if len(o):
        cols = ["revenue", "orders", "quantity"]
        parts.append(o.groupby(["rep", "month"], observed=True)[cols].sum())
    v = facts.visits[facts.visits["month"] >= first]
    if len(v):
        cols = ["visits", "attempts", "appointments", "meetings"]
        parts.append(v.groupby(["rep", "month"], observed=True)[cols].sum())
    f = facts.account_months
    if f is None:
        return parts, None  # usage to date comes summed per rep × month (facts.usage)
    return parts, _revenue(f["account"], _period_pos(f["month"], first), f["revenue"])


def _revenue(account: pd.Series, pos: np.ndarray | pd.Series, amount: pd.Series) -> pd.DataFrame:
    """Revenue per account and month position (the input of the usage-to-date sums)."""
    return pd.DataFrame({"account": account, "pos": pos, "amount": amount})


def _account_facts(
    history: History,
    revenue: pd.DataFrame | None,
    months: pd.PeriodIndex,
    as_of: date,
    fiscal_start_month: int = 4,
) -> pd.DataFrame:
    """Account-lifecycle facts per rep × month, computed on an accounts × months grid.

    ``revenue``: account, pos (months since the grid's first), amount — order amounts for
    usage to date, one row per order line or per account × month of the compact history;
    None: usage to date is in ``history.facts.usage``, already summed per rep × month.
    """
    acc = history.accounts
    acc = acc[acc["start"].notna() & (acc["start"] <= pd.Timestamp(as_of))]
    if not len(acc):
        return pd.DataFrame(columns=["rep", "month"]).set_index(["rep", "month"])
    first = months[0]
    n = len(months)
    s_pos = _month_pos(acc["start"], first)
    s_pos = np.maximum(s_pos, -1)  # started before the grid: live from before month 0
    end = acc["end"]
    e_pos = np.full(len(acc), n + 1, dtype=np.int64)
    # Ended by ``as_of`` (a missing end compares False): ``where(end <= as_of).notna()``
    # without the masked copy of the column.
    has_end = (end <= pd.Timestamp(as_of)).to_numpy(dtype=bool)
    if has_end.any():
        e_pos[has_end] = _month_pos(end[has_end], first)
    pos = np.arange(n)

    reps = acc["rep"].astype(str).to_numpy()
    # Accounts taken over during the plan year: a second row for the rep who held each one
    # before, and each row counts only in its rep's months (``_in_year_holders``).
    extra, previous, switch = _in_year_holders(history, acc, first, n)
    held: tuple[np.ndarray, np.ndarray] | None = None
    if len(extra):
        since = np.zeros(len(acc) + len(extra), dtype=np.int64)
        until = np.full(len(acc) + len(extra), n, dtype=np.int64)
        since[extra] = switch  # the sheet's rep from the month of his first line on
        until[len(acc) :] = switch  # the previous holder before it
        reps = np.concatenate([reps, previous])
        s_pos, e_pos = np.r_[s_pos, s_pos[extra]], np.r_[e_pos, e_pos[extra]]
        held = (since, until)
    rep_codes, rep_names = pd.factorize(reps)
    # Each rep's accounts side by side, in their order (a stable sort), so that a rep's rows of
    # every grid are one slice: ``_add_rows`` sums them in order, as np.add.at did.
    by_rep = np.argsort(rep_codes, kind="stable")
    rep_codes = rep_codes[by_rep]
    s_pos, e_pos = s_pos[by_rep], e_pos[by_rep]
    if held is not None:
        held = (held[0][by_rep], held[1][by_rep])
    given = None
    if revenue is None:
        given = _usage_from_facts(history, list(rep_names), months, as_of, fiscal_start_month)
    # Cumulative revenue per account since the grid start, for usage to date.
    acc_ids = acc["account"].astype(str).to_numpy()
    acc_index = pd.Index(acc_ids)
    rev = np.zeros((len(rep_codes), n if given is None else 0))
    if revenue is not None and len(revenue):
        all_pos = revenue["pos"].to_numpy(dtype=np.int64)
        ok = all_pos >= 0
        pos_o = all_pos[ok]
        rows = _rows_of(revenue["account"][ok], acc_index)
        amounts = revenue["amount"][ok].to_numpy(dtype=float)
        if len(extra):  # a taken-over account's amounts also on its previous holder's row
            second = np.full(len(acc), -1, dtype=np.int64)
            second[extra] = np.arange(len(acc), len(acc) + len(extra))
            again = np.flatnonzero((rows >= 0) & (second[np.maximum(rows, 0)] >= 0))
            rows = np.r_[rows, second[rows[again]]]
            pos_o, amounts = np.r_[pos_o, pos_o[again]], np.r_[amounts, amounts[again]]
        rows = np.where(rows >= 0, np.argsort(by_rep)[rows], -1)  # the accounts' sorted rows
        hit = rows >= 0
        if hit.any() and pos_o[hit].max() >= n:
            raise IndexError("order months after the grid's last month")
        # bincount adds each cell's amounts in row order, as np.add.at did, to the bit.
        flat = rows[hit] * n + pos_o[hit]
        amounts = amounts[hit]
        rev += np.bincount(flat, weights=amounts, minlength=rev.size).reshape(rev.shape)

    month_end = _month_end_ns(months)
    start_ns = acc["start"].to_numpy(dtype="datetime64[ns]").astype(np.int64)
    if len(extra):
        start_ns = np.r_[start_ns, start_ns[extra]]
    start_ns = start_ns[by_rep]
    # The cohort of each month: live at the start of the month's fiscal year (and still now).
    fy_start = (_month_numbers(months) - fiscal_start_month) % 12
    year_pos = pos - fy_start  # grid position of the fiscal year's first month

    cols = {k: np.zeros((len(rep_names), n)) for k in ACCOUNT_FACT_COLUMNS}
    touched = np.zeros(len(rep_names), dtype=bool)
    # Accounts in blocks, so that the accounts × months grids stay small for a long history
    # (200,000 accounts × 90 months from a file source). Each rep's rows are added in order,
    # block after block: the same additions in the same order as one pass, to the bit.
    for lo in range(0, len(rep_codes), _ACCOUNT_BLOCK):
        b = slice(lo, lo + _ACCOUNT_BLOCK)
        codes = rep_codes[b]
        present = np.unique(codes)
        bounds = np.searchsorted(codes, np.r_[present, len(rep_names)])
        sp, ep = s_pos[b][:, None], e_pos[b][:, None]
        live_end = (sp <= pos[None, :]) & (ep > pos[None, :])
        live_start = (sp <= pos[None, :] - 1) & (ep > pos[None, :] - 1)
        born, lost = sp == pos[None, :], ep == pos[None, :]
        whole = live_end  # live, under the rep the cohort facts follow
        if held is not None:  # each row in its rep's months only: every fact of a month moves
            mine = (held[0][b][:, None] <= pos[None, :]) & (pos[None, :] < held[1][b][:, None])
            live_end, live_start = live_end & mine, live_start & mine
            born, lost = born & mine, lost & mine
            # Usage to date moves too, summed per rep by the sources (``given``: usage.sql
            # reads the same moves, ``usage_moves``) or from the rows: so do the cohort facts
            # it is averaged over (usage_to_date and retention_months keep one basis).
            whole = live_end
        usage = np.cumsum(rev[b], axis=1) * live_end if given is None else None
        age = (month_end[None, :] - start_ns[b][:, None]) / (86400e9 * _DAYS_PER_MONTH)
        tenure = np.where(live_end, np.maximum(age, 0.0), 0.0)
        cohort = (sp <= year_pos[None, :] - 1) & whole
        cohort &= ep > year_pos[None, :] - 1
        cohort_tenure = tenure * cohort
        if whole is not live_end:
            cohort_tenure = np.where(whole, np.maximum(age, 0.0), 0.0) * cohort
        grids = {
            "accounts_start": live_start,
            "new_accounts": born,
            "cancellations": lost,
            "active_accounts": live_end,
            "usage_sum": usage,
            "tenure_sum": tenure,
            "cohort_accounts": cohort,
            "cohort_usage_sum": None if usage is None else usage * cohort,
            "cohort_tenure_sum": cohort_tenure,
        }
        for k, grid in grids.items():
            if grid is not None:
                _add_rows(cols[k], grid, present, bounds, touched)
        touched[present] = True
    if given is not None:
        cols["usage_sum"], cols["cohort_usage_sum"] = given
    index = pd.MultiIndex.from_product([list(rep_names), months], names=["rep", "month"])
    return pd.DataFrame({k: v.reshape(-1) for k, v in cols.items()}, index=index)


def departed_winners(history: History) -> dict[str, str]:
    """account → the departed rep who won it, whose new account ``departed_wins`` counts
    under him (``Handover.opened_by``, but for accounts taken over again during the plan
    year)."""
    handover = history.handover
    if handover is None or not handover.opened_by:
        return {}
    winner = dict(handover.opened_by)
    for account, *_ in handover.taken_over:
        winner.pop(str(account), None)
    return winner


def departed_wins(history: History, months: pd.PeriodIndex, as_of: date) -> pd.DataFrame:
    """The new accounts a departed rep won (``Handover.opened_by``) moved back to him from
    the rep who holds them now: −1 at (holder, month of the start), +1 at (departed rep, the
    same month), in ``new_accounts`` (an empty frame when there are none).

    In plain words: the customers of a rep who left go to the reps who serve them now with
    their revenue, orders, visits and place in the book, but the accounts he won are his
    own prospecting, as his meetings and calls are (core.handover.move_rows): they count in
    the team's wins and win rate, in no colleague's pace of winning or win rate (trial 33
    H2: 5 of 鈴木's 27 baseline new accounts were 木村's wins, his win rate read 65.9% for
    22 wins of 41 meetings). An account taken over again during the plan year is left as
    it is (its facts follow ``_in_year_holders``)."""
    empty = pd.DataFrame(columns=["rep", "month", "new_accounts"]).set_index(["rep", "month"])
    winner = departed_winners(history)
    if not winner or not len(history.accounts):
        return empty
    acc = history.accounts
    acc = acc[acc["start"].notna() & (acc["start"] <= pd.Timestamp(as_of))]
    ids = acc["account"].astype(str)
    mine = ids.isin(list(winner)).to_numpy(dtype=bool)
    if not mine.any():
        return empty
    pos = _month_pos(acc["start"][mine], months[0])
    holder = acc["rep"][mine].astype(str).to_numpy()
    won_by = np.array([winner[a] for a in ids[mine].tolist()], dtype=object)
    inside = (pos >= 0) & (pos < len(months)) & (holder != won_by)
    if not inside.any():
        return empty
    month = pd.PeriodIndex.from_ordinals(months[0].ordinal + pos[inside], freq="M")
    rows = pd.DataFrame(
        {
            "rep": np.r_[holder[inside], won_by[inside]],
            "month": month.append(month),
            "new_accounts": np.r_[np.full(inside.sum(), -1.0), np.full(inside.sum(), 1.0)],
        }
    )
    return rows.groupby(["rep", "month"]).sum()


def _in_year_holders(
    history: History, acc: pd.DataFrame, first: pd.Period, n: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The accounts taken over during the plan year (``Handover.taken_over``) that still
    carry the taking rep on ``acc``: (their rows in ``acc``, the rep who held each before,
    the grid position of the month from which the taking rep holds it).

    The lines up to the handover are the previous holder's and the account was in his book
    then: its account facts (active, start, usage, tenure, cohort) are his up to the month
    the taking rep holds it from, the taking rep's from then on (no line yet: the previous
    holder's still). That month is the one of the taking rep's first line on it, or, when the
    previous holder still had lines on it after that month began, the month after his last
    one: a handover month with ride-along visits is mostly his (moving the account for that
    whole month divided his 90 visits by the 2 accounts he had left and the taking rep's by a
    book he did not serve yet). The team counts each account once either way. Nothing moves
    for a book without such a handover, so its facts stay what they were, to the bit. Usage
    to date summed per rep by the sources (``facts.usage``, no per-account amounts) cannot
    move: then it and the cohort facts stay with the sheet's rep (``_account_facts``); a
    summed history (no per-account lines) moves it in the month of the first line.
    """
    handover = history.handover
    none = np.zeros(0, dtype=np.int64)
    if handover is None or not handover.taken_over or not len(acc):
        return none, np.zeros(0, dtype=object), none
    where = {a: i for i, a in enumerate(acc["account"].astype(str).tolist())}
    reps = acc["rep"].astype(str).to_numpy()
    # The handovers whose account ``acc`` holds under the taking rep: only their lines are
    # read (a history cut to a few accounts, core.carry and the Review, holds one or two).
    moved = []
    for account, rep, holder, day in handover.taken_over:
        i = where.get(account)
        if i is not None and reps[i] == rep and rep != holder:
            moved.append((i, account, rep, holder, day))
    last = _last_lines(history, [(a, r, h, d) for _, a, r, h, d in moved]) if moved else {}
    rows, previous, switch = [], [], []
    for i, account, _rep, holder, day in moved:
        at = n
        if day is not None:
            month = pd.Period(day, freq="M")
            until = last.get((account, holder))
            if until is not None and until >= month:  # he still served it that month
                month = until + 1
            at = month.ordinal - first.ordinal
        at = min(max(at, 0), n)
        rows.append(i)
        previous.append(holder)
        switch.append(at)
    return (
        np.array(rows, dtype=np.int64),
        np.array(previous, dtype=object),
        np.array(switch, dtype=np.int64),
    )


def usage_moves(history: History, as_of: date, first: pd.Period) -> pd.DataFrame:
    """The accounts taken over during the plan year as usage to date moves them (account,
    previous: the rep who held it before, switch: the month the Accounts sheet's rep holds
    it from, numbered from 1970-01), over the months from ``first`` through ``as_of``'s
    (``_in_year_holders``: no line of the taking rep yet, after the as-of month). The rows
    move them in ``_account_facts``; the sources give them to ``usage.sql``
    (``core.history.usage_accounts``), so both paths sum usage to date alike."""
    acc = history.accounts
    acc = acc[acc["start"].notna() & (acc["start"] <= pd.Timestamp(as_of))]
    n = max(pd.Period(as_of, freq="M").ordinal - first.ordinal + 1, 0)
    rows, previous, switch = _in_year_holders(history, acc, first, n)
    return pd.DataFrame(
        {
            "account": acc["account"].astype(str).to_numpy()[rows],
            "previous": previous,
            "switch": switch + first.ordinal,
        }
    )


def _last_lines(
    history: History, taken_over: Iterable[tuple[str, str, str, object]]
) -> dict[tuple[str, str], pd.Period]:
    """(account, previous holder) → the month of his last order or visit on it, for the
    accounts taken over (from the rows; empty for a summed history)."""
    wanted = {(str(a), str(h)) for a, _rep, h, _day in taken_over}
    accounts = [a for a, _ in wanted]
    out: dict[tuple[str, str], pd.Period] = {}
    for frame in (history.orders, history.visits):
        if not len(frame):
            continue
        hit = frame["account"].astype(str).isin(accounts).to_numpy(dtype=bool)
        if not hit.any():
            continue
        # The latest dated line per (account, rep) pair, as ``groupby(...)["date"].max()``
        # gives it (NaT skipped), without a grouping of a few lines (~2 ms a frame): the
        # lines sorted by pair then day, each pair's last.
        days = frame["date"].to_numpy(dtype="datetime64[ns]")[hit]
        dated = ~np.isnat(days)
        account = frame["account"][hit].astype(str).to_numpy(dtype=object)[dated]
        rep = frame["rep"][hit].astype(str).to_numpy(dtype=object)[dated]
        days = days[dated]
        a_codes, a_names = pd.factorize(account)
        r_codes, r_names = pd.factorize(rep)
        known = r_codes >= 0  # a rep missing: no group, as groupby drops it
        width = max(len(r_names), 1)
        pair = a_codes[known].astype(np.int64) * width + r_codes[known]
        days = days[known]
        if not len(pair):
            continue
        order = np.lexsort((days.view(np.int64), pair))
        pair, days = pair[order], days[order]
        ends = np.flatnonzero(np.r_[pair[1:] != pair[:-1], True])
        for p, day in zip(pair[ends].tolist(), days[ends], strict=True):
            key = (str(a_names[p // width]), str(r_names[p % width]))
            if key in wanted:
                month = pd.Period(pd.Timestamp(day), freq="M")
                out[key] = max(out.get(key, month), month)
    return out


def _month_end_ns(months: pd.PeriodIndex) -> np.ndarray:
    """Each month's last day at midnight, in ns since the epoch: ``m.end_time.normalize()
    .value`` per month, in one step (a Period's end time is ~0.1 ms each)."""
    if not isinstance(months, pd.PeriodIndex) or months.freqstr != "M":
        return np.array([m.end_time.normalize().value for m in months], dtype=np.int64)
    last_day = months.asfreq("D", how="end").asi8  # days since 1970-01-01
    return last_day.astype(np.int64) * 86_400_000_000_000


def _month_numbers(months: pd.PeriodIndex) -> np.ndarray:
    """Calendar month (1–12) of each month of the grid."""
    if not isinstance(months, pd.PeriodIndex):
        return np.array([m.month for m in months], dtype=np.int64)
    return months.month.to_numpy(dtype=np.int64)


def window_losses(history: History, window: list[pd.Period], as_of: date) -> pd.DataFrame:
    """Losses inside ``window`` of the accounts won inside it, per rep (and ``TEAM``) × age.

    Rows: reps and ``TEAM`` (their sum); columns: the age at the loss in months (the loss
    month minus the win month, 0 … len(window) − 1). These are the window's first-year
    losses of its own new accounts: an account won in the window's k-th month has only the
    months after it to be lost in, just as a plan year's new accounts have (flows.py). The
    same account rows and dates as ``monthly_facts`` (a start after ``as_of`` is not won,
    an end after it is no loss), so the row sums are part of its ``cancellations``.
    """
    n = len(window)
    acc = history.accounts
    if not n or not len(acc):
        return pd.DataFrame(0.0, index=pd.Index([TEAM], name="rep"), columns=range(n))
    cutoff = pd.Timestamp(as_of)
    # The rows as arrays, one mask (a filtered copy of the Accounts frame per condition was
    # most of this function; it runs once per window and pooled year).
    start, end = acc["start"], acc["end"]
    keep = (start.notna() & (start <= cutoff) & end.notna() & (end <= cutoff)).to_numpy(dtype=bool)
    first = window[0]
    won = _month_pos(start[keep], first)
    lost = _month_pos(end[keep], first)
    inside = (won >= 0) & (won < n) & (lost >= won) & (lost < n)
    reps = acc["rep"].astype(str).to_numpy()[keep][inside]
    # ``groupby(["rep", "age"]).size()`` laid out rep (sorted) × age, ``TEAM`` their sum.
    names, codes = np.unique(reps, return_inverse=True) if len(reps) else ([], np.zeros(0, int))
    counts = np.zeros((len(names), n))
    np.add.at(counts, (codes, (lost - won)[inside]), 1.0)
    labels = [str(r) for r in names]
    team = counts.sum(axis=0)
    if TEAM in labels:  # ``table.loc[TEAM] = …`` sets the row there is
        counts[labels.index(TEAM)] = team
    else:
        counts, labels = np.vstack([counts, team]), [*labels, TEAM]
    return pd.DataFrame(
        counts, index=pd.Index(labels, name="rep"), columns=pd.RangeIndex(n, name="age")
    )


def _add_rows(
    out: np.ndarray, grid: np.ndarray, reps: np.ndarray, bounds: np.ndarray, touched: np.ndarray
) -> None:
    """``np.add.at(out, codes, grid)`` for rows sorted by rep code, bit for bit: each rep's
    rows (``grid[bounds[i]:bounds[i + 1]]`` for ``reps[i]``) one reduction down the rows,
    which NumPy adds one row after the other into the running sum, as add.at does (a
    contiguous slice, not pairwise). A rep seen in an earlier block continues from its sum;
    a first sum is added to zero, as add.at's first row is (−0.0 becomes 0.0)."""
    for i, r in enumerate(reps.tolist()):
        rows = grid[bounds[i] : bounds[i + 1]]
        if grid.dtype != np.float64:
            rows = rows.astype(float)
        if touched[r]:
            out[r] = np.add.reduce(np.concatenate([out[r][None, :], rows]), axis=0)
        else:
            out[r] += np.add.reduce(rows, axis=0)


def _usage_from_facts(
    history: History,
    rep_names: list[str],
    months: pd.PeriodIndex,
    as_of: date,
    fiscal_start_month: int,
) -> tuple[np.ndarray, np.ndarray]:
    """usage_sum and cohort_usage_sum (reps × months) from ``facts.usage``.

    The table covers the months from the grid's first through ``as_of``'s; after it no order
    counts any more and every account still live holds its whole usage, so a later month
    repeats the as-of month — the cohort too, until a fiscal year starts after ``as_of``,
    whose cohort is every account then live.
    """
    facts = history.facts
    if facts is None or facts.usage is None:
        raise ValueError("history facts hold neither account_months nor usage to date")
    facts.require(as_of, exact=True)
    first = months[0]
    moves = usage_moves(history, as_of, first)
    frame = usage_accounts(history.accounts, as_of, first, fiscal_start_month, moves)
    if usage_basis(frame, first, fiscal_start_month) != facts.usage_basis:
        raise ValueError(
            "history facts hold usage to date for another account list, fiscal start month "
            "or first month: aggregate the source again"
        )
    n = len(months)
    usage, cohort = np.zeros((len(rep_names), n)), np.zeros((len(rep_names), n))
    u = facts.usage
    rows = pd.Index(rep_names).get_indexer(u["rep"].astype(str))
    pos = _period_pos(u["month"], first)
    ok = (rows >= 0) & (pos >= 0) & (pos < n)
    usage[rows[ok], pos[ok]] = u["usage_sum"].to_numpy(dtype=float)[ok]
    cohort[rows[ok], pos[ok]] = u["cohort_usage_sum"].to_numpy(dtype=float)[ok]
    last = pd.Period(as_of, freq="M").ordinal - first.ordinal
    if 0 <= last < n - 1:
        later = slice(last + 1, n)
        usage[:, later] = usage[:, [last]]
        year = np.array([(m.month - fiscal_start_month) % 12 for m in months])
        same_year = np.arange(n) - year == last - year[last]
        cohort[:, later] = np.where(same_year[later], cohort[:, [last]], usage[:, [last]])
    return usage, cohort


def _frame_month_pos(frame: pd.DataFrame, first: pd.Period) -> np.ndarray:
    """``_month_pos(frame["date"], first)`` from the frame's months (``frame_months``: cast
    once a run for every reader) when its dates are NumPy's, none missing."""
    months = frame_months(frame)
    if months is None or np.isnat(frame["date"].to_numpy()).any():
        return _month_pos(frame["date"], first)
    return months - ((first.year - 1970) * 12 + first.month - 1)


def _month_pos(dates: pd.Series, first: pd.Period) -> np.ndarray:
    """Months since ``first`` for each date (vectorised: Period arithmetic per row is slow).

    NumPy's month unit counts months since 1970-01 (one cast, not a year and a month field
    per row); a column with a missing date takes pandas' fields, as before."""
    values = dates.to_numpy()
    if values.dtype.kind == "M" and not np.isnat(values).any():  # tz-naive datetimes
        since_1970 = month_ordinals(values)
        return since_1970 - ((first.year - 1970) * 12 + first.month - 1)
    months = dates.dt.year.to_numpy(dtype=np.int64) * 12 + dates.dt.month.to_numpy(dtype=np.int64)
    return months - (first.year * 12 + first.month)


def _rows_of(accounts: pd.Series, index: pd.Index) -> np.ndarray:
    """Position in ``index`` of each account code (−1: not there); a Categorical is looked up
    once per category, not once per row (millions of rows from a file source)."""
    if isinstance(accounts.dtype, pd.CategoricalDtype):
        where = index.get_indexer(accounts.cat.categories.astype(str))
        codes = accounts.cat.codes.to_numpy()
        return np.where(codes >= 0, where[codes], -1)
    found = text_positions(accounts, index)
    if found is not None:
        return found
    if isinstance(accounts.dtype, pd.StringDtype):
        # Text columns too: factorize (Arrow's hash, no Python strings), then one lookup per
        # distinct code. A missing code stays −1, as get_indexer gives it.
        codes, uniques = pd.factorize(accounts)
        where = index.get_indexer(uniques.astype(str))
        return np.where(codes >= 0, where[codes], -1)
    return index.get_indexer(accounts.astype(str))


def _period_pos(months: pd.Series, first: pd.Period) -> np.ndarray:
    """Months since ``first`` for each monthly Period."""
    if not len(months):
        return np.zeros(0, dtype=np.int64)
    return months.array.asi8.astype(np.int64) - first.ordinal


def _level_positions(index: pd.Index, name: str, wanted: Sequence[object]) -> np.ndarray:
    """Each row's position of its ``name`` level's value in ``wanted`` (−1: not there), as
    ``get_indexer`` of ``get_level_values`` gives it: looked up once per level value and
    taken by the codes, not per row (a cold UDF call made ~15 such tables)."""
    if isinstance(index, pd.MultiIndex):
        level = index.names.index(name)
        codes = index.codes[level]
        found = pd.Index(wanted).get_indexer(index.levels[level])
        return np.where(codes >= 0, found[codes], -1) if len(found) else np.full(len(codes), -1)
    return pd.Index(wanted).get_indexer(index.get_level_values(name))


def month_tables(
    facts: pd.DataFrame, reps: list[str], months: list[pd.Period], columns: list[str]
) -> dict[str, pd.DataFrame]:
    """Facts as (month × rep) tables over ``months``, NaN where a rep has no row (what
    ``reindex`` to every (rep, month) gives: facts have one row per pair)."""
    rep_at = _level_positions(facts.index, "rep", reps)
    month_at = _level_positions(facts.index, "month", months)
    ok = (rep_at >= 0) & (month_at >= 0)
    out = {}
    for column in columns:
        table = np.full((len(months), len(reps)), np.nan)
        table[month_at[ok], rep_at[ok]] = facts[column].to_numpy(dtype=float)[ok]
        out[column] = pd.DataFrame(table)
    return out


def with_team(facts: pd.DataFrame) -> pd.DataFrame:
    """Append the team total (rep ``ALL``) = sum of reps, month by month."""
    team = facts.groupby(level="month").sum()
    team.index = pd.MultiIndex.from_product([[TEAM], team.index], names=["rep", "month"])
    return pd.concat([facts, team])


# The KPI that measures each ratio's denominator fact (its baseline is a rep's mix weight).
_DENOMINATOR_KPI: dict[str, str] = {
    k.numerator: k.key
    for k in KPIS
    if k.numerator is not None and not k.ratio and not k.at_span_end
}
MIX_KPIS: tuple[str, ...] = tuple(k.key for k in KPIS if k.fixed_mix)


def mix_weights(base: pd.DataFrame, reps: list[str]) -> pd.DataFrame:
    """rep × fixed-mix KPI: the rep's baseline denominator, its weight in the team's value.

    Unit price: the rep's baseline orders; visits (orders) per account: active accounts;
    orders per visit: visits; appointment rate: attempts; win rate: meetings.
    """
    rows = base.reindex(reps)
    cols = {}
    for key in MIX_KPIS:
        den = _DENOMINATOR_KPI.get(str(KPI_BY_KEY[key].denominator), "")
        cols[key] = rows[den] if den in rows.columns else pd.Series(np.nan, index=rows.index)
    return pd.DataFrame(cols, index=rows.index, dtype=float)


def team_at_mix(values: pd.DataFrame, weights: pd.Series | pd.DataFrame) -> pd.Series:
    """Σ wᵢ·vᵢ ÷ Σ wᵢ per column of ``values`` (rep × column), over the reps with a value.

    ``weights`` (rep → baseline denominator; or rep × column) are fixed before the plan year,
    so the result moves only when the reps' own values move. A column where no rep with a
    value has a weight (a rep with no baseline pipeline) averages the reps that have a value.
    """
    arrays = _mix_arrays(values.index, values.to_numpy(dtype=float), values.columns, weights)
    return pd.Series(_weighted_mean(*arrays), index=values.columns, dtype=float)


def _positions(index: pd.Index, labels: Iterable[object]) -> np.ndarray:
    """``index.get_indexer(labels)`` (-1 where absent) for a unique index of a few labels.

    From a dict of the labels: on pandas' Arrow-backed string indexes (every rep and KPI
    index) ``get_indexer`` costs ~0.2 ms a call, three calls per ``with_team_at_mix``.
    """
    if not index.is_unique:  # get_indexer refuses it: say so as it does
        return index.get_indexer(labels)
    at = {label: i for i, label in enumerate(index.tolist())}
    return np.array([at.get(label, -1) for label in labels], dtype=np.intp)


def _mix_arrays(
    index: pd.Index, v: np.ndarray, columns: Sequence[object], weights: pd.Series | pd.DataFrame
) -> tuple[np.ndarray, np.ndarray]:
    """The values and weights ``team_at_mix`` averages: the rows of the reps ``weights`` and
    ``v`` (rows: ``index``) share, in ``weights``' order. Positions, not ``.loc`` with label
    lists: it runs ~20 times a recalculation on frames of a few reps, where ``.loc`` costs
    ~1 ms a call (the same floats either way: a row and column selection)."""
    if not (index.is_unique and weights.index.is_unique):  # label lookups keep duplicates
        reps = [r for r in weights.index if r in index]
        picked = pd.DataFrame(v, index=index, columns=columns).loc[reps].to_numpy(dtype=float)
        if isinstance(weights, pd.DataFrame):
            return picked, weights.loc[reps, list(columns)].to_numpy(dtype=float)
        w = weights.loc[reps].to_numpy(dtype=float)
        return picked, np.broadcast_to(w[:, None], picked.shape)
    at = _positions(index, weights.index)
    shared = np.flatnonzero(at >= 0)
    # Column-major, as a frame's ``to_numpy`` gives them: NumPy's column sums in
    # ``_weighted_mean`` add in a layout-dependent order (pairwise along contiguous memory),
    # and a row-major copy would move the last bit.
    picked = np.asfortranarray(v[at[shared]])
    if isinstance(weights, pd.DataFrame):
        cols = _positions(weights.columns, columns)
        if (cols < 0).any():
            lacking = [c for c, i in zip(columns, cols, strict=True) if i < 0]
            raise KeyError(f"weights lack {lacking}")
        return picked, np.asfortranarray(weights.to_numpy(dtype=float)[np.ix_(shared, cols)])
    w = weights.to_numpy(dtype=float)[shared]
    return picked, np.broadcast_to(w[:, None], picked.shape)


def _weighted_mean(v: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Column-wise Σ w·v ÷ Σ w over finite values (NumPy: called for every month and KPI)."""
    has = np.isfinite(v)
    w = np.where(has & np.isfinite(w) & (w > 0), w, 0.0)
    den = w.sum(axis=0)
    num = (np.where(has, v, 0.0) * w).sum(axis=0)
    count = has.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        plain = np.where(has, v, 0.0).sum(axis=0) / count  # NaN when no rep has a value
        out = np.where(den > 0, num / np.where(den > 0, den, 1.0), plain)
    return np.where(count > 0, out, np.nan)


def with_team_at_mix(
    summary: pd.DataFrame, weights: pd.DataFrame, team: str = TEAM
) -> pd.DataFrame:
    """``summary`` (rep × KPI) with the team row's fixed-mix ratios at the baseline mix."""
    if team not in summary.index:
        return summary.copy()
    keys = [k for k in MIX_KPIS if k in summary.columns and k in weights.columns]
    if not keys:
        return summary.copy()
    if not (
        summary.index.is_unique
        and summary.columns.is_unique
        and (summary.dtypes == np.float64).all()
    ):
        out = summary.copy()
        out.loc[team, keys] = team_at_mix(out[keys], weights[keys]).to_numpy()
        return out
    # A float table (every summary): one array, its team row set in place, one frame built —
    # ``copy`` and a ``.loc`` assignment cost ~3 ms a call, and it runs a dozen times a run.
    table = summary.to_numpy(dtype=float, copy=True)
    cols = _positions(summary.columns, keys)
    arrays = _mix_arrays(summary.index, table[:, cols], keys, weights)
    table[summary.index.get_loc(team), cols] = _weighted_mean(*arrays)
    return pd.DataFrame(table, index=summary.index, columns=summary.columns)


def sum_by_rep(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame.groupby(level="rep").sum()``, the same table (reps sorted, index named rep).

    Grouped by the level's values as a NumPy array: given a level or an Index, pandas first
    tries the key as a column label and formats the whole key's repr for the error it
    catches (~0.25 ms of a ~1 ms call; ``summarize`` runs a dozen times a recalculation).
    """
    total = frame.groupby(frame.index.get_level_values("rep").to_numpy()).sum()
    total.index.name = "rep"
    return total


def summarize(
    facts: pd.DataFrame,
    months: list[pd.Period],
    *,
    annualize: bool = False,
    elapsed: float | None = None,
) -> pd.DataFrame:
    """KPI values per rep over a span of months (rows: rep; columns: KPI keys).

    Counts and yen are sums; ``active_accounts`` is the monthly average; per-account-month
    ratios divide by account-months; usage and tenure are levels at the span's last month;
    retention is ``1 − cancellations ÷ accounts at the span's start`` (annualised on request:
    × 12 ÷ the months, ``elapsed`` when given — the year so far counted by working days gone,
    a month in progress its share: trial 42 L4 read December's 4 days as a whole month, 2.5%
    for 3.5% — else the months present).
    """
    month_of = facts.index.get_level_values("month")
    keep = month_of.isin(months)
    span = facts[keep]
    total = sum_by_rep(span)
    # Only months the history covers count (a 36-month window over 2 years of history).
    span_months = month_of[keep]
    # The distinct months present, as ordinals (a Period per row through ``set`` was most of
    # a small call's time): ``present[0]`` and ``present[-1]`` are the first and last month.
    ordinals = span_months.asi8 if isinstance(span_months, pd.PeriodIndex) else None
    present = np.unique(ordinals).tolist() if ordinals is not None else sorted(set(span_months))
    span_keys = ordinals if ordinals is not None else span_months
    n_months = max(len(present), 1)
    # Columns as NumPy arrays aligned on total's reps: the same element-wise arithmetic as
    # the pandas Series it replaces, without ~20 column insertions per call (summarize runs
    # dozens of times per recalculation).
    values = total.to_numpy(dtype=float)  # one array, not a column lookup per fact
    sums = {c: values[:, i] for i, c in enumerate(total.columns)}
    if present:
        table = span.to_numpy(dtype=float)
        # Each span row's position among total's reps, found once for both months.
        at = _positions(total.index, span.index.get_level_values("rep").tolist())
        first = _month_columns(table, span.columns, at, span_keys == present[0], len(total))
        last = _month_columns(table, span.columns, at, span_keys == present[-1], len(total))
    else:
        first = last = _zeros(sums)
    out: dict[str, np.ndarray] = {}
    with np.errstate(divide="ignore", invalid="ignore"):
        # What the catalog declares: sums, monthly averages and numerator ÷ denominator.
        for key, kpi in KPI_BY_KEY.items():
            if kpi.numerator is None:
                continue  # churn and retention: below
            if kpi.additive:
                out[key] = sums[kpi.numerator]
            elif kpi.ratio and kpi.at_span_end:
                out[key] = _div_array(last[kpi.numerator], last[str(kpi.denominator)])
            elif kpi.ratio:
                out[key] = _div_array(sums[kpi.numerator], sums[str(kpi.denominator)])
            else:
                out[key] = sums[kpi.numerator] / n_months
            if kpi.upper is not None:
                out[key] = np.minimum(out[key], kpi.upper)  # NaN stays NaN (nothing measured)
        churn = _div_array(sums["cancellations"], first["accounts_start"])
        if annualize:
            churn = churn * 12.0 / (elapsed if elapsed is not None and elapsed > 0 else n_months)
        out["churn_rate"] = np.clip(churn, 0.0, 1.0)
        out["retention_rate"] = 1.0 - out["churn_rate"]
    table = np.column_stack([out[k] for k in KPI_BY_KEY])
    return pd.DataFrame(table, index=total.index, columns=list(KPI_BY_KEY), dtype=float)


def _month_columns(
    table: np.ndarray, columns: pd.Index, at: np.ndarray, in_month: np.ndarray, n: int
) -> dict[str, np.ndarray]:
    """One month's fact columns (the rows ``in_month`` of the span's ``table``) on the rows
    ``at`` gives them among the summary's reps, NaN for a rep the month lacks: what
    ``xs(month)`` and ``get_indexer`` gave (the facts hold one row per rep and month), on
    arrays kept for the first and the last month (``xs`` on the index is ~1 ms a call)."""
    rows = np.asarray(in_month, dtype=bool) & (at >= 0)
    picked = np.full((n, table.shape[1]), np.nan)
    picked[at[rows]] = table[rows]
    return {str(c): picked[:, i] for i, c in enumerate(columns)}


def _zeros(sums: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """``total * 0``: the first and last month of an empty span."""
    return {c: v * 0 for c, v in sums.items()}


def _div_array(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """num ÷ den with NaN (not inf) where the denominator is zero."""
    return num / np.where(den != 0, den, np.nan)


def lapse_known(
    history: History | None, as_of: date
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    """The customer master's lapse-rule ends (``History.lapsed_ends``): each one's code, rep,
    the month of its end and the month the rule knew it (``LAPSE_DAYS`` after the last order,
    by ``as_of`` at the latest). None: accounts derived from the orders (dated on the rule's
    day already) or no such end. Read by ``known_losses`` and the churn-spike flag
    (core.flags ``_known_moves``), so both move the same closures to the same months."""
    from routekpi.core.lapse import LAPSE_DAYS  # builds on this module

    if history is None or history.accounts_derived or not history.lapsed_ends:
        return None
    acc = history.accounts.drop_duplicates("account", keep="last")
    acc = acc[acc["account"].astype(str).isin(history.lapsed_ends) & acc["end"].notna()]
    if not len(acc):
        return None
    end = pd.to_datetime(acc["end"])
    known = (end + pd.Timedelta(days=LAPSE_DAYS - 1)).clip(upper=pd.Timestamp(as_of))
    return (
        acc["account"].astype(str).to_numpy(),
        acc["rep"].astype(str).to_numpy(),
        end.dt.to_period("M").to_numpy(),
        known.dt.to_period("M").to_numpy(),
    )


def known_in(history: History | None, months: Sequence[pd.Period], as_of: date) -> int:
    """How many of the master's closures nobody typed ``known_losses`` counts in ``months``
    (the month the lapse rule knew them among them): what the Dashboard says of its losses
    to date. 0 when it moves none."""
    seen = lapse_known(history, as_of)
    if seen is None or not len(months):
        return 0
    span = set(months)
    return int(sum(1 for n in seen[3] if n in span))


def known_losses(
    facts: pd.DataFrame, history: History | None, months: Sequence[pd.Period], as_of: date
) -> pd.DataFrame:
    """``facts`` with the customer master's closures nobody typed (``History.lapsed_ends``)
    counted in ``months`` (the plan year so far) in the month the lapse rule knew them: the
    actuals to date of the losses (解約数, 継続率) as a manager can know them on ``as_of``.

    Such a closure is dated the day after the last order (core.lapse, "One date for an end
    nobody typed"), which is right for a complete year, but the rule knows it only
    ``LAPSE_DAYS`` later (by ``as_of`` at the latest): the year so far read by those dates
    misses every closure of its last half year, and a manager was shown green on losses not
    known yet (trial 48: 132 by 2026-12-04 against a pace of 219, where 212 happened; 229
    now). So a closure moves from the month of its end to the month it was known (one ended
    in the previous year and known in this one counts in this one), and the month's
    starting book (``accounts_start``, the retention's base) holds those ended before it but
    known only from it on; the stock (active accounts) is left as dated. Accounts derived
    from the orders are dated on the rule's day already: ``facts`` as they are. The pace
    they are judged against needs no such move: a count's month targets are the year's ÷ 12
    (core.targets).

    The target counts the losses *dated* in the year (the churn of the baseline's dated
    ends, on a starting book without the ends dated before it). The months known read that
    count without bias: the last year's closures made known in this one stand for this
    year's not known yet, as many in a steady year. Dating them instead (only the year's
    own ends, once known) reads low by the half year the rule has not seen. Measured on
    trial 49's simulated truth (every closure's day and whether it was typed; 12 as-of days
    × 4 fiscal starts, the rule at 180 days; scripts/fix50a/loss_basis.py): the months known
    missed the dated losses to date by −2.2 … +2.4 on average (mean absolute 5.1–6.9), the
    dated ends known by −12.2 … −16.5.
    Its FY2026 to 2026-12-04 (truth 47): 59 here, 51 on the truth's own closures — of the 8,
    7 salons the rule closed that are open in truth (silent over 180 days; the baseline and
    the target's churn count such ones alike) and 2 known early at their address; dated
    only: 42."""
    seen = lapse_known(history, as_of)
    if (
        seen is None
        or not len(months)
        or not {"cancellations", "accounts_start"} <= set(facts.columns)
    ):
        return facts
    span = sorted(set(months))
    moved: dict[tuple[str, pd.Period], tuple[float, float]] = {}
    for rep, w, n in zip(*seen[1:], strict=True):
        if w == n:
            continue
        for m in span:
            lost = int(m == n) - int(m == w)  # onto the month known, off the month of the end
            held = int(w < m <= n)  # ended before the month, known from it on
            if lost or held:
                a, b = moved.get((rep, m), (0.0, 0.0))
                moved[(rep, m)] = (a + lost, b + held)
    if not moved:
        return facts
    out = facts.copy()
    reps_in = set(out.index.get_level_values(0))
    for (rep, m), (lost, held) in moved.items():
        for who in (rep, TEAM) if TEAM in reps_in and rep != TEAM else (rep,):
            if (who, m) not in out.index:
                continue
            out.loc[(who, m), "cancellations"] += lost
            out.loc[(who, m), "accounts_start"] += held
    return out
