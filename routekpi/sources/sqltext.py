"""The aggregation as portable SQL text, and the HistoryFacts it produces.

The ``sql/*.sql`` files are the whole aggregation: an organisation can run them on its own
warehouse over two views with routekpi's canonical columns (``orders``, ``visits``) and load
the results; routekpi runs the very same text in embedded DuckDB. Parameters are written
``:name`` and rendered as standard ``DATE 'YYYY-MM-DD'`` literals.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from importlib import resources

import numpy as np
import pandas as pd

from routekpi.core.daily import CAPACITY_WINDOW_DAYS
from routekpi.core.flags import order_window_bounds
from routekpi.core.history import (
    ACCOUNT_MONTH_COLUMNS,
    LIFETIME_COLUMNS,
    REP_DAY_COLUMNS,
    REP_MONTH_COLUMNS,
    RHYTHM_COLUMNS,
    VISIT_FACT_COLUMNS,
    WINDOW_COLUMNS,
    HistoryFacts,
)

QUERIES = (
    "rep_months",
    "account_months",
    "lifetimes",
    "visit_facts",
    "visit_rhythm",
    "order_windows",
    "rep_days",
    "span",
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


def parameters(as_of: date) -> dict[str, date]:
    """The parameter values of every query for one as-of date."""
    lo, mid, _ = order_window_bounds(as_of)
    return {
        "as_of": as_of,
        "window_lo": lo.date(),
        "window_mid": mid.date(),
        "capacity_start": as_of - timedelta(days=CAPACITY_WINDOW_DAYS - 1),
    }


def render(name: str, values: dict[str, date]) -> str:
    """One query with its ``:name`` parameters written as DATE literals."""

    def literal(match: re.Match[str]) -> str:
        return f"DATE '{values[match.group(1)].isoformat()}'"

    return _PARAM.sub(literal, sql_text(name))


def facts_from_sql(run: Callable[[str], pd.DataFrame], as_of: date) -> HistoryFacts:
    """HistoryFacts from the shipped queries; ``run(sql)`` returns the result as a DataFrame
    (embedded DuckDB here; any engine that has ``orders`` and ``visits`` views)."""
    values = parameters(as_of)
    out = {name: run(render(name, values)) for name in QUERIES}
    span = out["span"].iloc[0]
    firsts = [_day(span[c]) for c in ("first_order", "first_visit")]
    lasts = [_day(span[c]) for c in ("last_order", "last_visit")]
    first = min((d for d in firsts if d is not None), default=None)
    last = max((d for d in lasts if d is not None), default=None)

    o = _typed(out["rep_months"], ["revenue", "orders", "quantity"], [], month=True)
    # The big one keeps its account codes dictionary-encoded (core.measure reads either).
    big = out["account_months"]
    if isinstance(big["account"].dtype, pd.CategoricalDtype):
        big["account"] = big["account"].cat.rename_categories(
            big["account"].cat.categories.astype(str)
        )
        a = _typed(big.rename(columns={"account": "_a"}), ["revenue"], [], month=True)
        a = a.rename(columns={"_a": "account"})
    else:
        a = _typed(big, ["revenue"], [], month=True)
    life = out["lifetimes"].rename(columns={"first_order": "first", "last_order": "last"})
    life = _typed(life, [], ["first", "last"])
    v = _typed(
        out["visit_facts"], ["visits", "attempts", "appointments", "meetings"], [], month=True
    )
    r = out["visit_rhythm"].rename(columns={"visit_count": "count"})
    r = _typed(r, ["usual"], ["last_visit"])
    r["count"] = r["count"].astype(np.int64)
    w = _typed(out["order_windows"], ["recent", "prior"], [])
    d = _typed(out["rep_days"], ["visits"], ["date"])
    return HistoryFacts(
        as_of=as_of,
        first=first,
        last=last,
        any_visit=bool(int(span["visit_rows"] or 0) > 0),
        rep_months=o.reindex(columns=list(REP_MONTH_COLUMNS)),
        account_months=a.reindex(columns=list(ACCOUNT_MONTH_COLUMNS)),
        lifetimes=life.reindex(columns=list(LIFETIME_COLUMNS)),
        visits=v.reindex(columns=list(VISIT_FACT_COLUMNS)),
        rhythm=r.reindex(columns=list(RHYTHM_COLUMNS)),
        windows=w.reindex(columns=list(WINDOW_COLUMNS)),
        rep_days=d.reindex(columns=list(REP_DAY_COLUMNS)),
    )


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
