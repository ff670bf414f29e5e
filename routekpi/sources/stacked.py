"""Checks across the files of one stacked input (several Sources rows, trial 49): what a file
reads differently from the files beside it when its columns say less.

- Lines per slip (H2): a file with no order number counts each line as an order. Beside a file
  that counts slips, its lines per account and day far above the other's orders per account
  and day (×2 or more at the switch) mean its orders per visit and unit price are off by as
  much, and the switch reads as a trend: a critical line, in the place of the column-missing
  warning's 「このままで構いません」 (kintone's subtable rows, 2.9 lines a record, before its
  レコード番号 was read as the order number).
- Tax basis (H3): a 税込 file kept as typed beside a 税抜 file is divided to 税抜; beside a file
  that says neither, a critical line names the step at the switch (validation.tax).

Measured in SQL per file and month: a million lines never reach pandas.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Protocol

from routekpi.contract import Check
from routekpi.validation.tax import (
    GROSS,
    NET,
    NETTED_PROBLEMS,
    STANDARD_RATE,
    TAX_EXCLUDED_ALL,
    TAX_HEADER_NETTED,
    TAX_PROBLEM,
    StackFile,
    header_basis,
    stack_netted_check,
    stack_untold_check,
)

if TYPE_CHECKING:
    import duckdb

    from routekpi.sources.base import Loaded, SourceRef

# A file's lines per account and day at least this many times the orders per account and day
# of the file beside it (next to the switch) while it has no order number: its lines are not
# orders (a slip's product lines). Real changes in how often a customer orders in a day stay
# far under it.
LINES_PER_SLIP_RATIO = 2.0
# Months of each file next to the switch that are compared (the trend stays out of it).
_SWITCH_MONTHS = 6
SLIP_LINES_PROBLEM = "stack_lines_not_orders"
# One month of one file: the month (its first day), lines, account-days, orders.
MonthRow = tuple[date, int, int, int]


class StackPart(Protocol):
    """One file's place in the stack (sources.assemble._Part)."""

    ref: SourceRef
    label: str
    offset: int
    end: int


def _part_sql(parts: Sequence[StackPart]) -> str:
    """SQL: each stacked line's file (its line number is past the files before it)."""
    whens = " ".join(f"WHEN line <= {p.end} THEN {i}" for i, p in enumerate(parts))
    return f"CASE {whens} ELSE {len(parts) - 1} END"


def stacked_orders(
    con: duckdb.DuckDBPyConnection,
    orders: Loaded,
    parts: Sequence[StackPart] | None,
    checks: list[Check],
) -> Loaded:
    """The stacked orders after the checks across files: ``orders`` itself, or a view of it
    with a 税込 file's amounts divided (``_tax_basis``)."""
    if not parts or len(parts) < 2 or len(orders.stacked_parts) != len(parts):
        return orders
    _lines_per_slip(con, orders, parts, checks)
    return _tax_basis(con, orders, parts, checks)


# --- lines per slip ----------------------------------------------------------------------------


def _lines_per_slip(
    con: duckdb.DuckDBPyConnection,
    orders: Loaded,
    parts: Sequence[StackPart],
    checks: list[Check],
) -> None:
    has_id = [("order_id" in one.columns) for one in orders.stacked_parts]
    if all(has_id) or not any(has_id):
        return
    rows = con.execute(
        f"""SELECT {_part_sql(parts)} AS part, date_trunc('month', date) AS month,
                count(*) AS lines, count(DISTINCT (date, account)) AS days,
                count(DISTINCT (date, account, order_id)) FILTER (WHERE order_id IS NOT NULL)
                + count(*) FILTER (WHERE order_id IS NULL) AS orders
            FROM {orders.relation} WHERE date IS NOT NULL AND account IS NOT NULL
            GROUP BY ALL ORDER BY ALL"""
    ).fetchall()
    months: dict[int, list[MonthRow]] = {}
    for part, month, lines, days, slips in rows:
        months.setdefault(int(part), []).append((month, int(lines), int(days), int(slips)))
    flagged: list[str] = []
    for i, part in enumerate(parts):
        if has_id[i] or i not in months:
            continue
        found = _beside(i, has_id, months)
        if found is None:
            continue
        j, mine, theirs = found
        lines, days = sum(m[1] for m in mine), sum(m[2] for m in mine)
        slips, their_days = sum(m[3] for m in theirs), sum(m[2] for m in theirs)
        their_lines = sum(m[1] for m in theirs)
        if not (days and their_days and slips):
            continue
        per_day, their_per_day = lines / days, slips / their_days
        ratio = per_day / their_per_day
        if ratio < LINES_PER_SLIP_RATIO:
            continue
        other = parts[j]
        id_column = orders.stacked_parts[j].columns["order_id"].split(" ", 1)[-1]
        params: dict[str, object] = {
            "source": part.label,
            "other": other.label,
            "column": id_column,
            "per_day": f"{per_day:.2f}",
            "their_per_day": f"{their_per_day:.2f}",
            "their_lines": f"{their_lines / slips:.1f}",
            "ratio": f"{ratio:.1f}",
            "first": f"{min(m[0] for m in months[i]):%Y-%m}",
            "last": f"{max(m[0] for m in months[i]):%Y-%m}",
            "row": "—" if part.ref.row is None else part.ref.row,
        }
        problem = SLIP_LINES_PROBLEM + ("" if part.ref.row is not None else "_given")
        checks.append(Check(part.label, None, id_column, None, problem, params, "critical"))
        flagged.append(part.label)
    if flagged:
        _drop_fine_as_is(checks, set(flagged), orders)


def _beside(
    i: int, has_id: Sequence[bool], months: dict[int, list[MonthRow]]
) -> tuple[int, list[MonthRow], list[MonthRow]] | None:
    """The numbered file next to file ``i`` in time, and the months of each next to the
    switch (``_SWITCH_MONTHS`` each): the other file, ``i``'s months, its months."""
    mine = months[i]
    best: tuple[int, int] | None = None
    for j, numbered in enumerate(has_id):
        if not numbered or j not in months:
            continue
        # The gap between the two files' spans (0 when they meet or overlap).
        theirs = months[j]
        gap = max(
            _months_apart(theirs[-1][0], mine[0][0]), _months_apart(mine[-1][0], theirs[0][0]), 0
        )
        if best is None or gap < best[1]:
            best = (j, gap)
    if best is None:
        return None
    j = best[0]
    theirs = months[j]
    if theirs[0][0] <= mine[0][0]:
        return j, mine[:_SWITCH_MONTHS], theirs[-_SWITCH_MONTHS:]
    return j, mine[-_SWITCH_MONTHS:], theirs[:_SWITCH_MONTHS]


def _months_apart(a: date, b: date) -> int:
    """Whole months from month ``a`` to month ``b`` (negative when ``b`` is earlier)."""
    return (b.year - a.year) * 12 + b.month - a.month


def _drop_fine_as_is(checks: list[Check], flagged: set[str], orders: Loaded) -> None:
    """The column-missing warning on the order number (「…このままで構いません」) for the files
    the critical line names: it said nothing of the order count; a file it names besides keeps
    it."""
    names = {
        one.columns["order_id"].split(" ", 1)[-1]
        for one in orders.stacked_parts
        if "order_id" in one.columns
    }
    for k in range(len(checks) - 1, -1, -1):
        c = checks[k]
        if not c.problem.startswith("source_part_column_missing") or c.column not in names:
            continue
        if set(str(c.params.get("source", "")).split("・")) <= flagged:
            del checks[k]


# --- tax basis ---------------------------------------------------------------------------------


def _basis(label: str, column: str, ref: SourceRef, checks: Sequence[Check]) -> str | None:
    """A file's tax basis after its reading: ``GROSS`` when its amounts stay 税込 (its 税込 line
    on Checks), ``NET`` when netted by a rate or class or said 税抜 (header, else Sources)."""
    mine = [c.problem for c in checks if c.sheet == label]
    if any(p in NETTED_PROBLEMS or p in (TAX_HEADER_NETTED, TAX_EXCLUDED_ALL) for p in mine):
        return NET
    if TAX_PROBLEM in mine:
        return GROSS
    said = header_basis(column.split(" ", 1)[-1])
    return said if said is not None else (NET if ref.tax == NET else None)


def _tax_basis(
    con: duckdb.DuckDBPyConnection,
    orders: Loaded,
    parts: Sequence[StackPart],
    checks: list[Check],
) -> Loaded:
    files = [
        StackFile(
            p.label,
            p.ref.row,
            one.columns.get("amount", ""),
            _basis(p.label, one.columns.get("amount", ""), p.ref, checks),
        )
        for p, one in zip(parts, orders.stacked_parts, strict=True)
    ]
    gross = [i for i, f in enumerate(files) if f.basis == GROSS]
    if not gross:
        return orders
    net = [files[i] for i, f in enumerate(files) if f.basis == NET]
    if net:
        return _divided(con, orders, parts, files, gross, net, checks)
    untold = [f for f in files if f.basis is None]
    if untold:
        checks.append(_untold(con, orders, parts, files, gross[0], untold))
    return orders


def _divided(
    con: duckdb.DuckDBPyConnection,
    orders: Loaded,
    parts: Sequence[StackPart],
    files: Sequence[StackFile],
    gross: Sequence[int],
    net: Sequence[StackFile],
    checks: list[Check],
) -> Loaded:
    """The stack with each 税込 file's lines divided by 1 + the standard rate, and its 税込
    line on Checks turned into the line saying so."""
    divisor = 1.0 + STANDARD_RATE
    spans = " OR ".join(f"(line > {parts[i].offset} AND line <= {parts[i].end})" for i in gross)
    found = con.execute(
        f"SELECT {_part_sql(parts)} AS part, count(amount), coalesce(sum(amount), 0) "
        f"FROM {orders.relation} WHERE {spans} GROUP BY ALL"
    ).fetchall()
    by_part = {int(p): (int(n), float(y)) for p, n, y in found}
    for i in gross:
        n, yen = by_part.get(i, (0, 0.0))
        said = stack_netted_check(files[i], net, n, yen, yen / divisor)
        label = files[i].label
        at = next(
            (k for k, c in enumerate(checks) if c.problem == TAX_PROBLEM and c.sheet == label),
            None,
        )
        if at is None:
            checks.append(said)
        else:
            checks[at] = replace(said, row=checks[at].row, value=checks[at].value)
    name = f"{orders.relation}_net_stack"
    con.execute(
        f"CREATE OR REPLACE TEMP VIEW {name} AS SELECT * REPLACE (CASE WHEN {spans} "
        f"THEN amount / {divisor!r} ELSE amount END AS amount) FROM {orders.relation}"
    )
    return replace(orders, relation=name)


def _untold(
    con: duckdb.DuckDBPyConnection,
    orders: Loaded,
    parts: Sequence[StackPart],
    files: Sequence[StackFile],
    gross: int,
    untold: Sequence[StackFile],
) -> Check:
    """The critical line for a 税込 file beside files that say no basis, with the revenue's
    change across the switch between the 税込 file and the untold file next to it in time."""
    rows = con.execute(
        f"""SELECT {_part_sql(parts)} AS part, date_trunc('month', date) AS month,
                sum(amount) AS total
            FROM {orders.relation} WHERE date IS NOT NULL AND amount IS NOT NULL
            GROUP BY ALL ORDER BY ALL"""
    ).fetchall()
    totals: dict[int, dict[tuple[int, int], float]] = {}
    for part, month, total in rows:
        totals.setdefault(int(part), {})[(month.year, month.month)] = float(total or 0.0)
    index = {f.label: i for i, f in enumerate(files)}
    mine = totals.get(gross, {})
    other_i = min(
        (index[u.label] for u in untold),
        key=lambda j: _distance(mine, totals.get(j, {})),
    )
    theirs = totals.get(other_i, {})
    before, after = (theirs, mine) if _first(theirs) <= _first(mine) else (mine, theirs)
    switch = _first(after)
    step, months = _step(before, after)
    within = [  # each file's own year next to the switch
        (files[i].label, g)
        for i, series in ((other_i, theirs), (gross, mine))
        if (g := _year_on_year(series, at_start=series is after)) is not None
    ]
    label = f"{switch[0]}-{switch[1]:02d}" if switch != (9999, 12) else "—"
    return stack_untold_check(files[gross], untold, label, step, months, within)


def _first(series: dict[tuple[int, int], float]) -> tuple[int, int]:
    return min(series, default=(9999, 12))


def _distance(a: dict[tuple[int, int], float], b: dict[tuple[int, int], float]) -> int:
    """Months between two files' spans (0 when they meet or overlap)."""
    if not a or not b:
        return 10**6

    def n(m: tuple[int, int]) -> int:
        return m[0] * 12 + m[1]

    return max(n(min(b)) - n(max(a)), n(min(a)) - n(max(b)), 0)


def _step(
    before: dict[tuple[int, int], float], after: dict[tuple[int, int], float]
) -> tuple[float | None, int]:
    """The revenue of the later file's first (up to 12) months over the same months a year
    before in the earlier file; without those, over as many months just before the switch."""
    first = sorted(after)[:12]
    pairs = [(m, (m[0] - 1, m[1])) for m in first if (m[0] - 1, m[1]) in before]
    if pairs:
        base = sum(before[b] for _, b in pairs)
        return (sum(after[m] for m, _ in pairs) / base - 1.0 if base > 0 else None), len(pairs)
    k = min(3, len(first), len(before))
    if k == 0:
        return None, 0
    base = sum(before[m] for m in sorted(before)[-k:])
    return (sum(after[m] for m in first[:k]) / base - 1.0 if base > 0 else None), k


def _year_on_year(series: dict[tuple[int, int], float], at_start: bool) -> float | None:
    """A file's own change over a year next to the switch: its second 12 months over its
    first (``at_start``: the later file; its last month may be cut short by the export) or its
    last 12 over the 12 before; None when it holds under 24 months."""
    months = sorted(series)
    if len(months) < 24:
        return None
    pair = months[:24] if at_start else months[-24:]
    prior, last = pair[:12], pair[12:]
    base = sum(series[m] for m in prior)
    return sum(series[m] for m in last) / base - 1.0 if base > 0 else None
