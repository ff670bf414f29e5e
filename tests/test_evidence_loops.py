"""The evidence's and the flags' loops made array steps give what the loops gave, to the bit.

``won.material_wins`` (each unit's rows by one stable sort, ``won.unit_rows``; the months as
ordinals) and ``flags._held_sums`` (the rows filtered as arrays, the ended accounts' table
from the evidence's ``EndedBook``) against their session-30 forms kept here as the plain
references, on hand-built histories: wins of one account and bursts, held by the Accounts
row's rep or the rep they bought most from, some ended; accounts ended with and without a
name. Called with the arguments the engine passes them (captured from ``run``).
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date

import numpy as np
import pandas as pd
import pytest

import routekpi.core.baselines as baselines
import routekpi.core.flags as flags
from routekpi.core.baselines import Evidence
from routekpi.core.engine import run
from routekpi.core.flags import _Sums
from routekpi.core.history import ENDED_MONTH_COLUMNS, History, PlanSettings, empty_frame
from routekpi.core.lost import EndedBook, bursts, ended_between, ended_months
from routekpi.core.won import (
    MIN_FULL_MONTHS,
    SEEN_MONTHS,
    WIN_SHARE,
    WonAccount,
    _nansum,
    first_orders,
    material_wins,
    team_shape,
    unit_rows,
    won_months,
)
from tests.test_flags import synth
from tests.test_material_win import _history as one_win_history

AS_OF = date(2025, 3, 31)


def _won_history(seed: int) -> History:
    """Three reps' regular books and a dozen accounts first ordering inside the baseline:
    random start months, reps, sizes (some material), some on Accounts (a rep other than
    the one they buy from, a group, an end), some with no Accounts row."""
    rng = random.Random(seed)
    h = synth({"A": [100.0] * 27, "B": [100.0] * 27, "C": [100.0] * 27}, accounts=8)
    won, held = [], []
    starts = pd.period_range("2024-03", "2024-12", freq="M")
    for i in range(12):
        name, rep = f"W{seed}{i:02d}", rng.choice("ABC")
        start = starts[rng.randrange(len(starts))] if i % 4 else starts[3]  # a few together
        amount = rng.choice([20.0, 90.0, 150.0, 400.0, 1_000.0])
        for m in pd.period_range(start, "2025-06", freq="M"):
            day = m.start_time + pd.Timedelta(days=9 + i % 3)
            won.append((day, name, rep if rng.random() > 0.2 else rng.choice("ABC"), amount, 1.0))
        kind = rng.randrange(4)
        if kind:  # on Accounts: its rep, another, a group, an end
            end = pd.Timestamp("2025-02-15") if kind == 3 and i % 2 else pd.NaT
            group = "Chain" if kind == 2 else None
            owner = rep if kind != 1 else rng.choice("ABC")
            held.append((name, f"Hotel {name}", owner, start.start_time, end, group))
    orders = pd.concat([h.orders, pd.DataFrame(won, columns=h.orders.columns)], ignore_index=True)
    accts = h.accounts.assign(group=None)
    columns = [*h.accounts.columns, "group"]
    accts = pd.concat([accts, pd.DataFrame(held, columns=columns)], ignore_index=True)
    for c in ("start", "end"):
        accts[c] = accts[c].astype("datetime64[ns]")
    return History(orders=orders, visits=h.visits, accounts=accts)


def _settings() -> PlanSettings:
    return PlanSettings(kgi=60_000.0, plan_year=2025, as_of=AS_OF, rep_split="baseline")


CASES = [*range(6), "one", "burst"]


@pytest.mark.parametrize("case", CASES)
def test_material_wins_as_the_plain_loop(case: int | str, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[object, ...]] = []

    def kept(*args: object) -> list[WonAccount]:
        calls.append(args)
        return material_wins(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(baselines, "material_wins", kept)
    if isinstance(case, int):
        history = _won_history(case)
    else:  # test_material_win's single win and burst of six
        history = one_win_history(400.0) if case == "one" else one_win_history(80.0, accounts=6)
    run(history, _settings())
    (args,) = calls
    got = material_wins(*args)  # type: ignore[arg-type]
    assert got == _reference_material_wins(*args)  # type: ignore[arg-type]
    assert got, "no material win read: the comparison would be empty"
    if case == "burst":
        assert len(got[0].accounts) == 6


def test_material_wins_without_months_finds_none(monkeypatch: pytest.MonkeyPatch) -> None:
    """review 31 L1: facts without a month (no month to count ``SEEN_MONTHS`` from) give no
    win, as the session-30 loop did (every month compared False with NaT), not a crash."""
    calls: list[tuple[object, ...]] = []

    def kept(*args: object) -> list[WonAccount]:
        calls.append(args)
        return material_wins(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(baselines, "material_wins", kept)
    run(one_win_history(400.0), _settings())
    (args,) = calls
    history, table, facts, *rest = args
    assert material_wins(history, table, facts, *rest)  # type: ignore[arg-type]  # a win
    empty = facts.iloc[:0]  # type: ignore[union-attr]
    assert material_wins(history, table, empty, *rest) == []  # type: ignore[arg-type]
    assert _reference_material_wins(history, table, empty, *rest) == []  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("accounts", "units"),
    [
        (["a", "b", "a", "c", "b", "d"], [["a"], ["b", "c"], ["d"]]),
        (["a", "b", "a", "c", "b", "d"], [["d"], ["x"], ["a", "c"], ["b"]]),  # x: no rows
        ([], [["a"], ["b"]]),
        (["a", "b", "c"], [["a", "b"], ["b"], ["c"]]),  # shared: a pass per unit
        (["a", "z", "b"], [["b"], ["a"]]),  # z in no unit
        (["a", None, "b", None], [["a"], ["b"]]),  # a missing account: in no unit
    ],
)
def test_unit_rows_are_a_mask_per_unit(accounts: list[str], units: list[list[str]]) -> None:
    column = np.array(accounts, dtype=object)
    got = unit_rows(column, units)
    assert len(got) == len(units)
    for rows, members in zip(got, units, strict=True):
        expected = np.flatnonzero(np.isin(column, members)) if len(column) else np.zeros(0)
        assert rows.tolist() == expected.tolist()


def test_unit_rows_random() -> None:
    rng = np.random.default_rng(3)
    names = [f"k{i}" for i in range(40)]
    column = np.array([names[i] for i in rng.integers(0, 40, 500)], dtype=object)
    order = rng.permutation(40).tolist()
    units = [[names[i] for i in order[k : k + 1 + k % 3]] for k in range(0, 40, 3)]
    units = [u for u in units if u]
    flat = [a for u in units for a in u]
    assert len(set(flat)) == len(flat)
    for rows, members in zip(unit_rows(column, units), units, strict=True):
        assert rows.tolist() == np.flatnonzero(np.isin(column, members)).tolist()


def _lost_history(seed: int) -> History:
    """Regular books with accounts ending in the last 15 months, some unnamed, some with
    a zero month (no order) and prices that move."""
    rng = random.Random(seed)
    cancel = {r: {m: rng.randrange(3) for m in range(12, 25)} for r in "AB"}
    prices = {r: [100.0 + 3 * rng.random() * k for k in range(27)] for r in "AB"}
    scale = {
        f"A{i:02d}": {m: rng.choice([0.0, 0.5, 1.0, 4.0]) for m in range(27)} for i in range(6)
    }
    h = synth(prices, accounts=20, cancel=cancel, scale=scale)
    acc = h.accounts.copy()
    acc.loc[acc.index % 3 == 0, "name"] = None
    acc.loc[acc.index % 5 == 1, "name"] = ""
    return replace(h, accounts=acc)


@pytest.mark.parametrize("seed", range(4))
def test_held_sums_as_the_plain_loop(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[object, ...]] = []
    held_sums = flags._held_sums

    def kept(*args: object) -> tuple[_Sums, dict[str, list[str]]]:
        calls.append(args)
        return held_sums(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(flags, "_held_sums", kept)
    history = _lost_history(seed)
    settings = PlanSettings(kgi=60_000.0, plan_year=2025, as_of=date(2025, 6, 30))
    assert len(run(history, settings).flags)
    (args,) = calls
    hist, ev, sums, first = args
    assert ev.ended is not None and ev.ended.history is hist  # the evidence's table is read
    reference = _reference_held_sums(hist, ev, sums, first)  # type: ignore[arg-type]
    for given in (ev, replace(ev, ended=None)):  # the book's table, or a read of its own
        out, names = held_sums(hist, given, sums, first)  # type: ignore[arg-type]
        assert list(names.items()) == list(reference[1].items())
        assert names, "no ended account in the months: the comparison would be empty"
        assert out.keys() == reference[0].keys()
        for rep, (where, revenue, orders) in out.items():
            where_ref, revenue_ref, orders_ref = reference[0][rep]
            assert where == where_ref
            assert revenue.tobytes() == revenue_ref.tobytes()
            assert orders.tobytes() == orders_ref.tobytes()
        # The facts' own arrays are untouched.
        assert all(sums[r][1] is not out[r][1] for r in sums)


@pytest.mark.parametrize("case", ["won", "lost", "none ended", "no new"])
def test_one_pass_reads_what_two_reads_gave(case: str) -> None:
    """``won_months`` with the run's ``EndedBook`` reads the won and the ended accounts'
    rows in one pass: each table is what its own read gives (``assert_frame_equal`` exact:
    values to the bit, order, dtypes, index)."""
    # A history with accounts won and accounts ended (a Hotel's end on Accounts).
    won_ended = next(h for h in map(_won_history, range(6)) if h.accounts["end"].notna().any())
    history = _lost_history(1) if case == "lost" else won_ended
    as_of = date(2025, 6, 30) if case == "lost" else AS_OF
    first = date(2023, 4, 1) if case != "none ended" else date(2099, 1, 1)
    since = ended_between(history, first, as_of).index.astype(str)
    book = EndedBook(history, frozenset(since), as_of)
    assert (len(book.accounts) > 0) == (case != "none ended")
    won = won_months(history, as_of, book) if case != "no new" else book.read_with(set())
    alone = won_months(history, as_of) if case != "no new" else empty_frame(ENDED_MONTH_COLUMNS)
    pd.testing.assert_frame_equal(won, alone, check_exact=True)
    table = ended_months(history, set(book.accounts), as_of)
    pd.testing.assert_frame_equal(book.table, table, check_exact=True)
    assert len(book.table) == 0 if case == "none ended" else len(book.table) > 0
    assert case in ("no new", "lost") or len(won) > 0
    # Read once: a second question reads the rows of its own, the book's table as it was.
    again = book.read_with(set(won["account"]) if len(won) else set())
    pd.testing.assert_frame_equal(again, won if len(won) else again, check_exact=True)
    pd.testing.assert_frame_equal(book.table, table, check_exact=True)


# The session-30 forms, as they were (the plain references).


def _reference_material_wins(
    history: History,
    table: pd.DataFrame | None,
    facts: pd.DataFrame,
    baseline_months: list[pd.Period],
    as_of: date,
    blind_until: pd.Period | None = None,
    skip: frozenset[str] = frozenset(),
) -> list[WonAccount]:
    if table is None or not len(table) or len(baseline_months) < MIN_FULL_MONTHS + 1:
        return []
    if history.accounts_derived:
        # No customer master: an account's start is the lapse rule's guess (its first order
        # after a gap), and the wins it reads moved the orders-only backtests 6–10 points.
        return []
    first_month, last = baseline_months[0], baseline_months[-1]
    months_all = facts.index.get_level_values("month")
    seen_from = months_all.min() + SEEN_MONTHS
    sold = table[(table["orders"] > 0) | (table["revenue"] != 0)]
    firsts = first_orders(history, as_of).reindex(sold["account"].unique())
    firsts = firsts[firsts.notna()]
    start_m = {a: pd.Period(t, freq="M") for a, t in firsts.items()}
    inside = [
        a
        for a, m in start_m.items()
        if first_month < m <= last - MIN_FULL_MONTHS
        and m >= seen_from
        and (blind_until is None or m >= blind_until)
        and a not in skip
    ]
    if not inside:
        return []
    acc = history.accounts.drop_duplicates("account", keep="last")
    acc = acc.assign(account=acc["account"].astype(str)).set_index("account")
    ended = acc["end"].notna() & (acc["end"] <= pd.Timestamp(as_of)) if len(acc) else None
    if ended is not None:
        inside = [a for a in inside if not bool(ended.get(a, False))]
    if not inside:
        return []
    rows = sold[sold["account"].isin(inside)]
    # The rep of each account: the Accounts row's, else the rep it bought most from.
    most = rows.groupby(["account", "rep"])["revenue"].sum()
    # Each account's rep of the most revenue, a tie to the later rep: a stable sort by
    # revenue within the accounts, the last of each (what ``sort_values("revenue",
    # kind="stable").drop_duplicates("account", keep="last")`` keeps; no sum is NaN).
    codes = most.index.codes[0]
    order = np.lexsort((most.to_numpy(dtype=float), codes))
    ends = order[np.r_[codes[order][1:] != codes[order][:-1], True]] if len(order) else order
    rep_of = dict(
        zip(
            most.index.get_level_values("account")[ends],
            most.index.get_level_values("rep")[ends].astype(str),
            strict=True,
        )
    )
    if len(acc) and "rep" in acc.columns:
        rep_of.update(
            {
                a: str(acc.at[a, "rep"])
                for a in inside
                if a in acc.index and pd.notna(acc.at[a, "rep"])
            }
        )
    frame = pd.DataFrame(
        {
            "rep": [rep_of[a] for a in inside],
            "end": [firsts[a] for a in inside],
        },
        index=pd.Index(inside, name="account"),
    )
    if "group" in acc.columns:
        frame["group"] = acc["group"].reindex(frame.index)
    span_first = first_month.start_time.date()
    found = bursts(frame, span_first, last.end_time.date()) if not history.accounts_derived else []
    grouped = {a for run in found for a in run}
    units = [*found, *([a] for a in sorted(inside) if a not in grouped)]
    revenue = facts["revenue"]
    month_of = revenue.index.get_level_values("month")
    rep_base = revenue[month_of.isin(baseline_months)].groupby(level="rep").sum()
    shape = team_shape(revenue, last, table)
    # The candidates' rows once, as arrays: a pandas mask per unit cost ~0.7 ms (47 units,
    # ~35 ms of the demo book's cold KPI_TARGET call); the sums are the same, to the bit
    # (the same rows in the same order).
    theirs = table[table["account"].isin(inside)]
    t_account = theirs["account"].to_numpy(dtype=object)
    t_month = pd.PeriodIndex(theirs["month"], freq="M").asi8
    t_rep = theirs["rep"].to_numpy(dtype=object)
    t_revenue = theirs["revenue"].to_numpy(dtype=float)
    in_baseline = np.isin(t_month, [m.ordinal for m in baseline_months])
    # Each unit's rows by the accounts' codes (not an object comparison over the rows per
    # unit), and the reps' baseline revenue as a dict (``Series.get`` per unit).
    account_codes, account_names = pd.factorize(t_account)
    code_of = {a: i for i, a in enumerate(account_names.tolist())}
    rep_base_of = dict(zip(rep_base.index, rep_base.to_numpy(dtype=float), strict=True))
    out = []
    for members in units:
        rep = rep_of[members[0]]
        full = [m for m in baseline_months if m > max(start_m[a] for a in members)]
        if len(full) < MIN_FULL_MONTHS:
            continue
        theirs_now = np.isin(account_codes, [code_of[a] for a in members if a in code_of])
        mine = theirs_now & np.isin(t_month, [m.ordinal for m in full])
        sold = _nansum(t_revenue[mine])
        unit = sold / sum(shape[m.month] for m in full)
        yearly = unit * sum(shape[m.month] for m in baseline_months)
        # Measured on the rest of his book (its baseline months less the win's own).
        own = _nansum(t_revenue[theirs_now & in_baseline & (t_rep == rep)])
        base = float(rep_base_of.get(rep, 0.0)) - own
        if not (yearly > 0 and base > 0 and yearly >= WIN_SHARE * base):
            continue
        first_acc = min(members, key=lambda a: (firsts[a], a))
        name = acc.at[first_acc, "name"] if first_acc in acc.index and "name" in acc else None
        group = acc.at[first_acc, "group"] if "group" in acc and first_acc in acc.index else None
        out.append(
            WonAccount(
                account=first_acc,
                name="" if name is None or pd.isna(name) else str(name),
                rep=rep,
                start=firsts[first_acc].date(),
                monthly=sold / len(full),
                yearly=yearly,
                share=yearly / base,
                members=tuple(members) if len(members) > 1 else (),
                group="" if len(members) < 2 or group is None or pd.isna(group) else str(group),
            )
        )
    out.sort(key=lambda w: -w.yearly)
    return out


def _reference_held_sums(
    history: History | None, ev: Evidence, sums: _Sums, first: pd.Period
) -> tuple[_Sums, dict[str, list[str]]]:
    if history is None or not len(history.accounts):
        return sums, {}
    ended = ended_between(history, first.start_time.date(), ev.as_of)
    if not len(ended):
        return sums, {}
    table = ended_months(history, set(map(str, ended.index)), ev.as_of)
    if table is None or not len(table):
        return sums, {}
    out: _Sums = {r: (w, rev.copy(), n.copy()) for r, (w, rev, n) in sums.items()}
    lost: dict[str, dict[str, float]] = {}  # rep → account name → revenue left out
    named = ended["name"] if "name" in ended.columns else pd.Series(dtype=object)
    for rep, month, account, revenue, orders in zip(
        table["rep"].astype(str),
        table["month"],
        table["account"].astype(str),
        table["revenue"].to_numpy(dtype=float),
        table["orders"].to_numpy(dtype=float),
        strict=True,
    ):
        if rep not in out or month < first:
            continue
        where, rev, n = out[rep]
        at = where.get(month)
        if at is None or not (revenue or orders):
            continue
        rev[at] -= revenue
        n[at] -= orders
        name = named.get(account)
        label = str(name) if isinstance(name, str) and name else account
        mine = lost.setdefault(rep, {})
        mine[label] = mine.get(label, 0.0) + revenue
    # Largest first: the message names the first (a chain's biggest store) and counts the rest.
    names = {r: sorted(m, key=lambda a: (-m[a], a)) for r, m in lost.items()}
    return out, names
