"""The aggregation as portable SQL text, and the HistoryFacts it produces.

The ``sql/*.sql`` files are the whole aggregation: an organisation can run them on its own
warehouse over two views with routekpi's canonical columns (``orders``, ``visits``) and load
the results; routekpi runs the very same text in embedded DuckDB. Parameters are written
``:name`` and rendered as standard ``DATE 'YYYY-MM-DD'`` literals; a condition several
queries share is written ``:is_sale`` and rendered as its SQL (``CONDITIONS``: a line that is
a sale, core.lapse ``SALE_SQL``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date, timedelta
from importlib import resources

import numpy as np
import pandas as pd

from routekpi.core.calendar import leave_spans
from routekpi.core.daily import CAPACITY_WINDOW_DAYS
from routekpi.core.flags import order_window_bounds
from routekpi.core.handover import Handover
from routekpi.core.history import (
    ACCOUNT_DAY_COLUMNS,
    ACCOUNT_VISIT_MONTH_COLUMNS,
    COVER_MONTH_COLUMNS,
    COVER_ORDER_COLUMNS,
    ENDED_MONTH_COLUMNS,
    HANDOVER_MONTH_COLUMNS,
    HELD_MONTH_COLUMNS,
    LIFETIME_COLUMNS,
    ORDER_DAY_COLUMNS,
    ORDER_DAYS_LOOKBACK,
    OWN_FIRST_COLUMNS,
    PAUSE_COLUMNS,
    REP_DAY_COLUMNS,
    REP_MONTH_COLUMNS,
    RHYTHM_COLUMNS,
    ROUTE_VISIT_COLUMNS,
    SAME_ACCOUNT_COLUMNS,
    SAME_MONTH_COLUMNS,
    USAGE_COLUMNS,
    VISIT_FACT_COLUMNS,
    WINDOW_COLUMNS,
    History,
    HistoryFacts,
    empty_frame,
    usage_accounts,
    usage_basis,
)
from routekpi.core.lapse import SALE_SQL, SEASON_ORDERS, SEASON_SLACK_DAYS, year_ago
from routekpi.core.measure import usage_moves
from routekpi.core.orders_start import orders_start_of_facts
from routekpi.core.route_days import ROUTE_WEEKS
from routekpi.core.visit_days import kept_from, visit_day_frame
from routekpi.core.won import won_candidates
from routekpi.sources.cover import has_booked, leave_accounts_of

QUERIES = (
    "rep_months",
    "lifetimes",
    "visit_facts",
    "visit_rhythm",
    "order_windows",
    "rep_days",
    "late_visits",
    "span",
    "same_accounts",
    "same_months",
    "account_days",
    "account_visit_months",
    "own_first",
    "pauses",
    "order_rhythm",
    "route_visits",
    "visit_day_months",
)
_PARAM = re.compile(r":([a-z_]+)\b")


def sql_text(name: str) -> str:
    """The text of one shipped query (``sql/<name>.sql``)."""
    return (
        resources.files("routekpi.sources")
        .joinpath("sql")
        .joinpath(f"{name}.sql")
        .read_text("utf-8")
    )


def parameters(as_of: date, contact: date | None = None) -> dict[str, date | int]:
    """The parameter values of every query for one as-of date (and contact day: the last
    day visits count as contact, ``HistoryFacts.contact``; default ``as_of``)."""
    lo, mid, _ = order_window_bounds(as_of)
    seen = max(as_of, contact) if contact is not None else as_of
    return {
        "as_of": as_of,
        "contact": seen,
        "window_lo": lo.date(),
        "window_mid": mid.date(),
        "capacity_start": seen - timedelta(days=CAPACITY_WINDOW_DAYS - 1),
        # route_visits' first day (excluded): the route weeks to the as-of date (core.route_days)
        "route_lo": as_of - timedelta(days=ROUTE_WEEKS * 7),
        "year_ago": year_ago(as_of).date(),
        # order_rhythm's season (core.lapse)
        "slack": SEASON_SLACK_DAYS,
        "season_orders": SEASON_ORDERS,
        # visit_day_months' first day: the months a baseline can read (core.visit_days)
        "visit_day_lo": kept_from(as_of),
    }


# Conditions the queries share, written where they say ``:name`` (not parameters: the same
# text for every run). ``:is_sale``: an order line that is a sale, core.lapse's one test.
CONDITIONS = {"is_sale": SALE_SQL}


def render(name: str, values: Mapping[str, date | int]) -> str:
    """One query with its ``:name`` parameters written as DATE literals (a day count, an
    int, as a number) and its shared conditions (``CONDITIONS``) as their SQL."""

    def literal(match: re.Match[str]) -> str:
        if match.group(1) in CONDITIONS:
            return f"({CONDITIONS[match.group(1)]})"
        value = values[match.group(1)]
        if isinstance(value, int):
            return str(value)
        return f"DATE '{value.isoformat()}'"

    return _PARAM.sub(literal, sql_text(name))


def facts_from_sql(
    run: Callable[[str], pd.DataFrame],
    as_of: date,
    done: Mapping[str, pd.DataFrame] | None = None,
    contact: date | None = None,
    *,
    rhythm: bool = True,
) -> HistoryFacts:
    """HistoryFacts from the shipped queries; ``run(sql)`` returns the result as a DataFrame
    (embedded DuckDB here; any engine that has ``orders`` and ``visits`` views). ``done``:
    results already at hand, by query name (``span``, which validation needs too).
    ``contact``: the visit side through that day (``HistoryFacts.contact``; default ``as_of``).
    ``rhythm`` False: without ``order_rhythm`` unless ``done`` has it (the caller derives the
    accounts itself, or reads them as typed)."""
    values = parameters(as_of, contact)
    out = dict(done or {})
    later = ("visit_rhythm",)  # read from the history's start, known from the others
    if not rhythm and "order_rhythm" not in out:
        later = (*later, "order_rhythm")
    out.update({name: run(render(name, values)) for name in QUERIES if name not in (*out, *later)})
    span = out["span"].iloc[0]
    firsts = [_day(span[c]) for c in ("first_order", "first_visit")]
    lasts = [_day(span[c]) for c in ("last_order", "last_visit")]
    first = min((d for d in firsts if d is not None), default=None)
    last = max((d for d in lasts if d is not None), default=None)

    o = _typed(out["rep_months"], ["revenue", "orders", "quantity"], [], month=True)
    # Visits before the first order month are no history (core.orders_start): the rhythm
    # reads from the day HistoryFacts.start gives.
    late = orders_start_of_facts(first, o)
    start = late.day if late is not None else (first or as_of)
    if "visit_rhythm" not in out:
        out["visit_rhythm"] = run(render("visit_rhythm", {**values, "history_start": start}))
    life = _lifetimes(out["lifetimes"])
    v = _typed(
        out["visit_facts"], ["visits", "attempts", "appointments", "meetings"], [], month=True
    )
    r = out["visit_rhythm"].rename(columns={"visit_count": "count"})
    r = _typed(r, ["usual"], ["last_visit"])
    r["count"] = r["count"].astype(np.int64)
    w = _typed(out["order_windows"], ["recent", "prior", "recent_orders", "prior_orders"], [])
    same = _typed(out["same_accounts"], list(SAME_ACCOUNT_COLUMNS[1:]), [], month=True)
    same_months = _typed(out["same_months"], list(SAME_MONTH_COLUMNS[1:]), [], month=True)
    d = _typed(out["rep_days"], ["visits"], ["date"])
    late = _typed(
        out["late_visits"], ["visits", "attempts", "appointments", "meetings"], [], month=True
    )
    days = empty_frame(ORDER_DAY_COLUMNS)
    if len(life) and pd.notna(life["last"].max()):  # the look-back ends at the last order
        start = life["last"].max().date() - timedelta(days=ORDER_DAYS_LOOKBACK)
        days = _typed(
            run(render("order_days", {**values, "order_days_start": start})), [], ["date"]
        )
        days = days.sort_values("date", ignore_index=True)
    # By account, day and rep, as core.daily.order_account_days sorts them.
    account_days = _typed(out["account_days"], [], ["date"]).sort_values(
        list(ACCOUNT_DAY_COLUMNS), ignore_index=True
    )
    return HistoryFacts(
        as_of=as_of,
        first=first,
        last=last,
        any_visit=bool(int(span["visit_rows"] or 0) > 0),
        rep_months=o.reindex(columns=list(REP_MONTH_COLUMNS)),
        account_months=None,  # usage to date comes per rep × month (with_usage)
        lifetimes=life,
        visits=v.reindex(columns=list(VISIT_FACT_COLUMNS)),
        rhythm=r.reindex(columns=list(RHYTHM_COLUMNS)),
        windows=w.reindex(columns=list(WINDOW_COLUMNS)),
        rep_days=d.reindex(columns=list(REP_DAY_COLUMNS)),
        orders_last=_day(span["last_order"]),
        contact=values["contact"],
        late_visits=late.reindex(columns=list(VISIT_FACT_COLUMNS)),
        order_days=days.reindex(columns=list(ORDER_DAY_COLUMNS)),
        same_accounts=same.reindex(columns=list(SAME_ACCOUNT_COLUMNS)),
        same_months=same_months.reindex(columns=list(SAME_MONTH_COLUMNS)),
        account_days=account_days.reindex(columns=list(ACCOUNT_DAY_COLUMNS)),
        account_visit_months=_typed(out["account_visit_months"], [], [], month=True)
        .sort_values(list(ACCOUNT_VISIT_MONTH_COLUMNS), ignore_index=True)
        .reindex(columns=list(ACCOUNT_VISIT_MONTH_COLUMNS)),
        # By account and day, as core.route_days.route_visit_days sorts them.
        route_visits=_typed(out["route_visits"], [], ["date"])
        .sort_values(list(ROUTE_VISIT_COLUMNS), ignore_index=True)
        .reindex(columns=list(ROUTE_VISIT_COLUMNS)),
        # Whether orders come with the visits, for any baseline window (core.visit_days).
        visit_day_months=visit_day_frame(out["visit_day_months"]),
        # Read before any handover moves a line (``done``, sources.handover.hand_over_views).
        own_first=_typed(out["own_first"], [], [], month=True)
        .sort_values("rep", ignore_index=True)
        .reindex(columns=list(OWN_FIRST_COLUMNS)),
        # Per pause length in days, as core.lapse.pause_counts sorts them.
        pauses=out["pauses"]
        .astype({c: np.int64 for c in PAUSE_COLUMNS})
        .sort_values("days", ignore_index=True)
        .reindex(columns=list(PAUSE_COLUMNS)),
        # A large account's own lapse, for accounts derived from the facts (core.lapse).
        order_rhythm=rhythm_frame(out["order_rhythm"]) if "order_rhythm" in out else None,
        # ... and a year before: who the rule had lost then (core.lapse.returning).
        order_rhythm_year_ago=(
            rhythm_frame(run(render("order_rhythm", parameters(year_ago(as_of).date()))))
            if "order_rhythm" in out
            else None
        ),
    )


def rhythm_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """order_rhythm.sql's result as ``core.lapse.order_rhythm`` gives it, indexed by code."""
    return pd.DataFrame(
        {
            "first": pd.to_datetime(frame["first"]).astype("datetime64[ns]").to_numpy(),
            "last": pd.to_datetime(frame["last"]).astype("datetime64[ns]").to_numpy(),
            "count": frame["count"].astype(np.int64).to_numpy(),
            "usual": pd.to_numeric(frame["usual"], errors="coerce").astype(float).to_numpy(),
            "longest": pd.to_numeric(frame["longest"], errors="coerce").astype(float).to_numpy(),
            "revenue": pd.to_numeric(frame["revenue"], errors="coerce").astype(float).to_numpy(),
            "season": pd.to_numeric(frame["season"], errors="coerce").astype(float).to_numpy(),
        },
        index=pd.Index(frame["account"].astype(str), dtype=object),
    ).sort_index()


def lifetimes_from_sql(run: Callable[[str], pd.DataFrame], as_of: date) -> pd.DataFrame:
    """``HistoryFacts.lifetimes`` as of ``as_of`` alone (lifetimes.sql): the accounts derived
    at a later day than the facts were summed to (a blank AsOf's nearly empty last day left
    out, validation.period: the accounts are read at the last order, as on pasted rows)."""
    return _lifetimes(run(render("lifetimes", parameters(as_of))))


def _lifetimes(frame: pd.DataFrame) -> pd.DataFrame:
    """lifetimes.sql's result in the engine's columns and dtypes."""
    life = frame.rename(columns={"first_order": "first", "last_order": "last"})
    life = _typed(life, [], ["first", "last", "last_year_ago"])
    return life.reindex(columns=list(LIFETIME_COLUMNS))


def with_usage(
    facts: HistoryFacts,
    run: Callable[[str], pd.DataFrame],
    load: Callable[[str, pd.DataFrame], None],
    accounts: pd.DataFrame,
    fiscal_start_month: int,
    history: History | None = None,
) -> HistoryFacts:
    """The facts with usage to date summed per rep × month by ``usage.sql``.

    ``accounts``: the account list the engine will use (core.history.ACCOUNT_COLUMNS);
    ``history``: the compact history the engine will read (its handover: the accounts taken
    over during the plan year move as on the rows, core.measure.usage_moves);
    ``load(name, frame)`` makes a small frame a relation of the engine (``usage_accounts``,
    ``fiscal_years``); ``run(sql)`` returns a result as a DataFrame. The month grid starts at
    the history's first month (``core.measure.month_grid``).
    """
    as_of = facts.as_of
    first = pd.Period(facts.start() or as_of, freq="M")  # as month_grid (core.orders_start)
    last = pd.Period(as_of, freq="M")
    moves = usage_moves(history, as_of, first) if history is not None else None
    frame = usage_accounts(accounts, as_of, first, fiscal_start_month, moves)
    y0 = first.ordinal + (fiscal_start_month - 1 - first.ordinal) % 12
    years = pd.DataFrame({"y": np.arange(y0, last.ordinal + 1, 12, dtype=np.int64)})
    load("usage_accounts", frame)
    load("fiscal_years", years)
    values = {"first_day": first.start_time.date(), "as_of": as_of}
    changes = run(render("usage", values))
    n = max(last.ordinal - first.ordinal + 1, 0)
    reps, codes = np.unique(changes["rep"].astype(str).to_numpy(), return_inverse=True)
    pos = changes["month"].to_numpy(dtype=np.int64) - first.ordinal
    keep = (pos >= 0) & (pos < n)  # a change past the as-of month only ends a future span
    grids = []
    for col in ("usage_change", "cohort_change"):
        grid = np.zeros((len(reps), n))
        values_ = pd.to_numeric(changes[col]).to_numpy(dtype=float)
        np.add.at(grid, (codes[keep], pos[keep]), values_[keep])  # one row per rep × month
        grids.append(np.cumsum(grid, axis=1))
    months = pd.period_range(first, periods=n, freq="M")
    usage = pd.DataFrame(
        {
            "rep": np.repeat(reps.astype(object), n),
            "month": pd.PeriodIndex(np.tile(months, len(reps)), freq="M"),
            "usage_sum": grids[0].reshape(-1),
            "cohort_usage_sum": grids[1].reshape(-1),
        }
    ).reindex(columns=list(USAGE_COLUMNS))
    basis = usage_basis(frame, first, fiscal_start_month)
    return replace(facts, usage=usage, usage_basis=basis)


def with_handover_months(
    facts: HistoryFacts,
    run: Callable[[str], pd.DataFrame],
    load: Callable[[str, pd.DataFrame], None],
    handed: Handover | None,
) -> HistoryFacts:
    """The facts with ``handover_months`` by ``picked_months.sql`` and ``picked_visits.sql``
    (order and visit sums per account × rep × month, as core.compact.handover_months) when
    accounts changed hands during the plan year (``handed.taken_over``); else as they are.
    ``load(name, frame)`` makes the account list a relation of the engine."""
    if handed is None or not handed.taken_over:
        return facts
    taken = sorted({str(account) for account, _, _, _ in handed.taken_over})
    both = _picked_months(taken, run, load, facts.as_of)
    return replace(facts, handover_months=both.reindex(columns=list(HANDOVER_MONTH_COLUMNS)))


def with_ended_months(
    facts: HistoryFacts,
    run: Callable[[str], pd.DataFrame],
    load: Callable[[str, pd.DataFrame], None],
    accounts: pd.DataFrame,
) -> HistoryFacts:
    """The facts with ``ended_months`` by ``picked_months.sql`` and ``picked_visits.sql`` for
    the accounts ended by the facts' as-of date on ``accounts`` (core.lost.ended_accounts:
    what the plan's baseline takes out of a material lost account, as from the rows).
    ``load(name, frame)`` makes the account list a relation of the engine."""
    ended = accounts["end"].notna() & (accounts["end"] <= pd.Timestamp(facts.as_of))
    names = sorted(set(accounts.loc[ended, "account"].astype(str)))
    if not names:
        return replace(facts, ended_months=empty_frame(ENDED_MONTH_COLUMNS))
    both = _picked_months(names, run, load, facts.as_of)
    return replace(facts, ended_months=both)


def with_step_months(
    facts: HistoryFacts,
    run: Callable[[str], pd.DataFrame],
    load: Callable[[str, pd.DataFrame], None],
) -> HistoryFacts:
    """The facts with ``step_months`` by ``picked_months.sql`` for the accounts
    core.account_step ``step_candidates`` picks from the 12-month windows (a material
    account whose orders stepped down, trial 47 H1), as ``step_table`` reads the rows."""
    from routekpi.core.account_step import STEP_MONTH_COLUMNS, step_candidates

    rm = facts.rep_months
    month = pd.PeriodIndex(rm["month"], freq="M")
    end = pd.Period(facts.as_of, freq="M")
    smallest = []
    for last in (end, end - 12):  # the smallest rep's book over each of the two years
        span = (month > last - 12) & (month <= last)
        books = pd.to_numeric(rm["revenue"], errors="coerce")[span].groupby(rm["rep"][span]).sum()
        smallest += [float(b) for b in books if b > 0]
    names = step_candidates(facts.windows, min(smallest) if smallest else 0.0)
    if not names:
        return replace(facts, step_months=empty_frame(STEP_MONTH_COLUMNS))
    both = _picked_months(names, run, load, facts.as_of)
    return replace(facts, step_months=both.reindex(columns=list(STEP_MONTH_COLUMNS)))


def with_cover_months(
    facts: HistoryFacts,
    run: Callable[[str], pd.DataFrame],
    load: Callable[[str, pd.DataFrame], None],
    accounts: pd.DataFrame,
    leave: pd.DataFrame,
) -> HistoryFacts:
    """The facts with ``cover_months`` by ``cover_visits.sql``: colleagues' visits to the
    accounts of a rep on leave on his leave days (core.at_work.cover_months_of, as from the
    rows), and ``cover_orders`` by ``cover_orders.sql``: the orders a colleague booked on them
    then, already under the rep (sources.cover; core.at_work.with_cover_orders). ``load(name,
    frame)`` makes the accounts on leave a relation of the engine."""
    spans = leave_spans(leave)
    found_spans = (
        leave_accounts_of(run, accounts, spans) if spans else pd.DataFrame(columns=["account"])
    )
    if not len(found_spans):
        return replace(
            facts,
            cover_months=empty_frame(COVER_MONTH_COLUMNS),
            cover_orders=empty_frame(COVER_ORDER_COLUMNS) if spans else None,
        )
    load(
        "leave_accounts",
        found_spans.assign(
            account=found_spans["account"].astype(object),
            holder=found_spans["holder"].astype(object),
            first_day=pd.to_datetime(found_spans["first_day"]),
            last_day=pd.to_datetime(found_spans["last_day"]),
        ),
    )
    if has_booked(run):
        orders = run(render("cover_orders", {"as_of": facts.as_of}))
    else:  # no orders relation: nothing booked to move
        orders = pd.DataFrame({c: pd.Series(dtype=object) for c in COVER_ORDER_COLUMNS})
    orders = orders.rename(columns={"visitor": "rep"})
    orders = _typed(orders, ["revenue", "orders"], [], month=True).rename(
        columns={"rep": "visitor"}
    )
    orders["holder"] = orders["holder"].astype(str)
    keys = ["visitor", "holder", "month"]
    orders = orders.sort_values(keys, ignore_index=True).reindex(columns=list(COVER_ORDER_COLUMNS))
    if not facts.any_visit:  # no visits relation to read without a visit
        return replace(facts, cover_months=empty_frame(COVER_MONTH_COLUMNS), cover_orders=orders)
    found = run(render("cover_visits", {"as_of": facts.as_of}))
    found = found.rename(columns={"visitor": "rep"})
    found = _typed(found, ["visits"], [], month=True).rename(columns={"rep": "visitor"})
    found["holder"] = found["holder"].astype(str)
    found = found.sort_values(keys, ignore_index=True)
    return replace(
        facts,
        cover_months=found.reindex(columns=list(COVER_MONTH_COLUMNS)),
        cover_orders=orders,
    )


def with_held_months(
    facts: HistoryFacts,
    run: Callable[[str], pd.DataFrame],
    load: Callable[[str, pd.DataFrame], None],
    held: pd.DataFrame,
) -> HistoryFacts:
    """The facts with ``held_months`` by ``held_months.sql``: the order sums of ``held``
    (core.held.held_accounts on the facts' as-of date: index account; rep, end) per holder ×
    end × month, what each rep's forecast from the book he holds now reads (core.held).
    ``load(name, frame)`` makes the account list a relation of the engine."""
    frame = pd.DataFrame(
        {
            "account": pd.Series(held.index.astype(str), dtype=object),
            "rep": pd.Series(held["rep"].astype(str).to_numpy(), dtype=object),
            "ends": pd.to_datetime(held["end"]).to_numpy(dtype="datetime64[ns]"),
        }
    )
    if not len(frame):
        return replace(facts, held_months=empty_frame(HELD_MONTH_COLUMNS))
    load("held_accounts", frame)
    found = _typed(
        run(render("held_months", {"as_of": facts.as_of})), ["revenue"], ["ends"], month=True
    )
    found = found.sort_values(["rep", "ends", "month"], ignore_index=True)
    return replace(facts, held_months=found.reindex(columns=list(HELD_MONTH_COLUMNS)))


def duckdb_frame(con: object, sql: str) -> pd.DataFrame:
    """One query's result from DuckDB, column-wise: text columns dictionary-encoded
    (Categorical), so millions of account-month rows hold each account code once."""
    import pyarrow as pa
    import pyarrow.compute as pc

    table = con.sql(sql).to_arrow_table()  # type: ignore[attr-defined]  # no extra copy
    for i, field in enumerate(table.schema):
        if pa.types.is_string(field.type) or pa.types.is_large_string(field.type):
            table = table.set_column(i, field.name, pc.dictionary_encode(table.column(i)))
    return table.to_pandas()


def _day(value: object) -> date | None:
    if value is None or pd.isna(value):  # type: ignore[call-overload]  # NaT is a date too
        return None
    return pd.Timestamp(value).date()  # type: ignore[arg-type]


def _typed(
    frame: pd.DataFrame, numbers: list[str], dates: list[str], *, month: bool = False
) -> pd.DataFrame:
    """Engine dtypes: text as strings, numbers float64, dates datetime64[ns], Period months.

    Rows come in the engine's order of nothing: every reader of the facts groups or indexes.
    """
    out = frame
    for col in ("rep", "account"):
        if col in out and not isinstance(out[col].dtype, pd.StringDtype):
            out[col] = out[col].astype(str)
    for col in numbers:
        out[col] = pd.to_numeric(out[col]).astype(float)
    for col in dates:
        out[col] = pd.to_datetime(out[col]).astype("datetime64[ns]")
    if month:
        ordinals = out["month"].to_numpy(dtype=np.int64)
        out["month"] = pd.PeriodIndex.from_ordinals(ordinals, freq="M")
    return out


def with_won_months(
    facts: HistoryFacts,
    run: Callable[[str], pd.DataFrame],
    load: Callable[[str, pd.DataFrame], None],
) -> HistoryFacts:
    """The facts with ``won_months`` by ``picked_months.sql`` and ``picked_visits.sql`` for the
    accounts whose first order (``lifetimes``) lies in core.won's lookback, as from the rows."""
    life = facts.lifetimes
    firsts = pd.Series(pd.to_datetime(life["first"]).to_numpy(), index=life["account"].astype(str))
    names = sorted(won_candidates(firsts, facts.as_of, facts.first))
    if not names:
        return replace(facts, won_months=empty_frame(ENDED_MONTH_COLUMNS))
    both = _picked_months(names, run, load, facts.as_of)
    return replace(facts, won_months=both)


def _picked_months(
    names: list[str],
    run: Callable[[str], pd.DataFrame],
    load: Callable[[str, pd.DataFrame], None],
    as_of: date,
) -> pd.DataFrame:
    """Orders and visits per account × rep × month of the accounts ``names`` (ENDED_MONTH_COLUMNS),
    by ``picked_months.sql`` and ``picked_visits.sql``: the ended and the won accounts alike.
    ``load(name, frame)`` makes the account list a relation of the engine."""
    load("picked_accounts", pd.DataFrame({"account": pd.Series(names, dtype=object)}))
    values = {"as_of": as_of}
    orders = _typed(
        run(render("picked_months", values)), ["revenue", "orders", "quantity"], [], month=True
    )
    counts = ["visits", "attempts", "appointments", "meetings"]
    visits = _typed(run(render("picked_visits", values)), counts, [], month=True)
    keys = ["account", "rep", "month"]
    both = orders.merge(visits, on=keys, how="outer").fillna(
        {c: 0.0 for c in ENDED_MONTH_COLUMNS if c not in keys}
    )
    both = both.sort_values(keys, ignore_index=True)
    return both.reindex(columns=list(ENDED_MONTH_COLUMNS))
