"""Check raw sheets against the schema: clean canonical tables plus one Check per problem.

The engine that applies ``schema.py``'s declarations (pandera's idea: the schema is data, this
module is the engine). It never changes what the user typed: it reads, reports and skips.
Row numbers in Checks are the row numbers the user sees in Excel.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from routekpi.core.history import (
    ACCOUNT_COLUMNS,
    HOLIDAY_COLUMNS,
    ORDER_COLUMNS,
    VISIT_COLUMNS,
    History,
    empty_frame,
)
from routekpi.schema import (
    ACCOUNTS,
    HOLIDAYS,
    ORDERS,
    OUTCOME_FAILURE,
    OUTCOME_SUCCESS,
    OVERRIDES,
    REP_WEIGHTS,
    VISIT_KINDS,
    VISITS,
    SheetSpec,
    match_headers,
)
from routekpi.validation.cells import (
    parse_choice_column,
    parse_date_column,
    parse_number_column,
    parse_text_column,
)

OUTCOMES = {"won": OUTCOME_SUCCESS, "lost": OUTCOME_FAILURE}
HEADER_SCAN_ROWS = 10


@dataclass(frozen=True)
class Check:
    """One input problem: where it is, what the cell held, what is wrong (a message key)."""

    sheet: str
    row: int | None
    column: str
    value: object
    problem: str
    params: dict[str, object] = field(default_factory=dict)
    severity: str = "error"  # error: row skipped; warn: row used; info: a note


@dataclass
class RawSheet:
    """A sheet as read from a file: its tab name and its cells row by row from row ``first_row``."""

    name: str
    rows: Sequence[Sequence[object]]
    first_row: int = 1  # Excel row number of rows[0]
    first_col: int = 0  # 0-based Excel column of each row's first item


class InputError(Exception):
    """A problem that stops the run (missing required sheet, missing KGI): one clear line."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def column_letter(index: int) -> str:
    """0-based column index → Excel letters (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _find_header(spec: SheetSpec, raw: RawSheet) -> int | None:
    """Index in raw.rows of the header row: the first row naming ≥ 2 (or all) of the columns."""
    needed = min(2, len(spec.columns))
    for i, row in enumerate(raw.rows[:HEADER_SCAN_ROWS]):
        if len(match_headers(spec, list(row)).positions) >= needed:
            return i
    return None


def read_table(
    spec: SheetSpec, raw: RawSheet, checks: list[Check], *, date1904: bool = False
) -> tuple[pd.DataFrame, np.ndarray]:
    """Parse one input sheet: canonical frame and each kept row's Excel row number."""
    columns = [c.key for c in spec.columns]
    header_at = _find_header(spec, raw)
    if header_at is None:
        checks.append(Check(spec.name, raw.first_row, "", None, "no_header"))
        if spec.required:
            raise InputError("missing_column", sheet=spec.name, column=spec.columns[0].header("ja"))
        return _empty(spec), np.array([], dtype=np.int64)
    header = list(raw.rows[header_at])
    match = match_headers(spec, header)
    header_row = raw.first_row + header_at
    for key, dups in match.duplicates.items():
        for idx in dups:
            checks.append(
                Check(
                    spec.name,
                    header_row,
                    _col_name(raw, header, idx),
                    header[idx],
                    "duplicate_column",
                    {"column": header[idx]},
                    "warn",
                )
            )
    if match.missing:
        for key in match.missing:
            col = spec.column(key)
            checks.append(
                Check(
                    spec.name,
                    header_row,
                    col.ja,
                    None,
                    "missing_column",
                    {"column": f"{col.ja} / {col.en}"},
                )
            )
        if spec.required:
            col = spec.column(match.missing[0])
            raise InputError("missing_column_stop", sheet=spec.name, column=f"{col.ja} / {col.en}")
        return _empty(spec), np.array([], dtype=np.int64)

    body = raw.rows[header_at + 1 :]
    n = len(body)
    width = max(match.positions.values()) + 1
    grid = [list(r) + [None] * (width - len(r)) if len(r) < width else r for r in body]
    cols = {key: [r[pos] for r in grid] for key, pos in match.positions.items()}
    row_numbers = np.arange(n, dtype=np.int64) + header_row + 1
    blank_row = np.ones(n, dtype=bool)
    for values in cols.values():
        blank_row &= np.array(
            [v is None or (isinstance(v, str) and not v.strip()) for v in values], dtype=bool
        )
    bad = np.zeros(n, dtype=bool)
    data: dict[str, object] = {}
    for col in spec.columns:
        if col.key not in cols:
            data[col.key] = [None] * n if col.kind not in ("date", "number") else np.full(n, np.nan)
            continue
        values = cols[col.key]
        if col.kind == "date":
            parsed, problems = parse_date_column(values, date1904=date1904)
            data[col.key] = parsed
            missing = np.isnat(parsed)
        elif col.kind == "number":
            parsed, problems = parse_number_column(values)
            data[col.key] = parsed
            missing = np.isnan(parsed)
        elif col.kind == "kind":
            parsed, problems = parse_choice_column(values, VISIT_KINDS)
            data[col.key] = parsed
            missing = np.array([v is None for v in parsed], dtype=bool)
        elif col.kind == "outcome":
            parsed, problems = parse_choice_column(values, OUTCOMES)
            data[col.key] = parsed
            missing = np.array([v is None for v in parsed], dtype=bool)
        else:
            parsed, problems = parse_text_column(values)
            data[col.key] = parsed
            missing = np.array([v is None for v in parsed], dtype=bool)
        name = _col_name(raw, header, match.positions[col.key])
        problem_rows = set()
        for i, code in problems:
            if blank_row[i]:
                continue
            problem_rows.add(i)
            required = col.required
            params: dict[str, object] = {"value": values[i]}
            if code == "unknown_choice":
                params["choices"] = (
                    "visit/attempt/meeting (訪問/アポ/商談)"
                    if col.kind == "kind"
                    else "won/lost (成功/失敗)"
                )
            checks.append(
                Check(
                    spec.name,
                    int(row_numbers[i]),
                    name,
                    values[i],
                    code,
                    params,
                    "error" if required else "warn",
                )
            )
            if required:
                bad[i] = True
        if col.required:
            blank_required = missing & ~blank_row
            for i in np.flatnonzero(blank_required):
                if i not in problem_rows:
                    checks.append(Check(spec.name, int(row_numbers[i]), name, None, "blank"))
            bad |= blank_required
    keep = ~bad & ~blank_row
    frame = pd.DataFrame(
        {
            k: (
                v[keep]
                if isinstance(v, np.ndarray)
                else [x for x, k2 in zip(v, keep, strict=True) if k2]
            )
            for k, v in data.items()
        }
    )
    for col in spec.columns:
        if col.kind == "date":
            frame[col.key] = pd.to_datetime(frame[col.key]).astype("datetime64[ns]")
    skipped = int((bad & ~blank_row).sum())
    if skipped:
        checks.append(Check(spec.name, None, "", None, "rows_skipped", {"count": skipped}, "info"))
    return frame, row_numbers[keep]


def _col_name(raw: RawSheet, header: list[object], idx: int) -> str:
    """How a column is named in Checks: its letter and header as typed, e.g. ``D 金額``."""
    return f"{column_letter(raw.first_col + idx)} {str(header[idx]).strip()}".strip()


def _empty(spec: SheetSpec) -> pd.DataFrame:
    return empty_frame(tuple(c.key for c in spec.columns))


@dataclass
class Inputs:
    """The validated workbook: history for the engine, overrides, weights, and every Check."""

    history: History
    overrides: pd.DataFrame
    rep_weights: dict[str, float]
    checks: list[Check]
    rows_read: int


def validate_inputs(
    sheets: dict[str, RawSheet | None], as_of: date | None = None, *, date1904: bool = False
) -> Inputs:
    """Validate every input sheet (keyed by canonical name; None = sheet not in the book)."""
    checks: list[Check] = []
    rows_read = 0

    def table(spec: SheetSpec) -> tuple[pd.DataFrame, np.ndarray]:
        nonlocal rows_read
        raw = sheets.get(spec.name)
        if raw is None:
            if spec.required and spec is ORDERS:
                raise InputError("err.missing_sheet", sheet=spec.name)
            if spec in (VISITS, HOLIDAYS, ACCOUNTS):
                checks.append(
                    Check(
                        spec.name,
                        None,
                        "",
                        None,
                        "optional_sheet_missing",
                        {"sheet": spec.name},
                        "info",
                    )
                )
            return _empty(spec), np.array([], dtype=np.int64)
        rows_read += max(len(raw.rows) - 1, 0)
        return read_table(spec, raw, checks, date1904=date1904)

    orders, order_rows = table(ORDERS)
    visits, _ = table(VISITS)
    accounts, account_rows = table(ACCOUNTS)
    holidays, _ = table(HOLIDAYS)
    overrides, _ = table(OVERRIDES)
    weights, _ = table(REP_WEIGHTS)

    orders, order_rows = _dedupe(orders, order_rows, checks)
    accounts = _check_accounts(accounts, account_rows, checks)
    if sheets.get(ACCOUNTS.name) is None or not len(accounts):
        accounts = _accounts_from_orders(orders)
    _check_order_accounts(orders, order_rows, accounts, checks)
    if as_of is not None:
        _check_future(orders, order_rows, as_of, checks)
    if not len(orders):
        raise InputError("no_history")

    history = History(
        orders=orders[list(ORDER_COLUMNS)].reset_index(drop=True),
        visits=visits[list(VISIT_COLUMNS)].reset_index(drop=True),
        accounts=accounts[list(ACCOUNT_COLUMNS)].reset_index(drop=True),
        holidays=holidays[list(HOLIDAY_COLUMNS)].reset_index(drop=True),
    )
    rep_weights = {str(r): float(w) for r, w in zip(weights["rep"], weights["weight"], strict=True)}
    return Inputs(history, overrides, rep_weights, checks, rows_read)


def _dedupe(
    orders: pd.DataFrame, rows: np.ndarray, checks: list[Check]
) -> tuple[pd.DataFrame, np.ndarray]:
    """Identical order lines (same date, account, rep, amount, quantity) count once."""
    if not len(orders):
        return orders, rows
    dup = orders.duplicated(keep="first").to_numpy()
    if dup.any():
        firsts = orders.reset_index(drop=True)
        first_row = (
            firsts.assign(_row=rows)
            .groupby(list(ORDER_COLUMNS), dropna=False)["_row"]
            .transform("min")
        )
        for i in np.flatnonzero(dup):
            checks.append(
                Check(
                    ORDERS.name,
                    int(rows[i]),
                    "",
                    None,
                    "duplicate_row",
                    {"first": int(first_row.iloc[i])},
                    "warn",
                )
            )
    return orders[~dup].reset_index(drop=True), rows[~dup]


def _check_accounts(accounts: pd.DataFrame, rows: np.ndarray, checks: list[Check]) -> pd.DataFrame:
    if not len(accounts):
        return accounts
    backwards = (accounts["end"].notna() & (accounts["end"] < accounts["start"])).to_numpy()
    for i in np.flatnonzero(backwards):
        checks.append(
            Check(
                ACCOUNTS.name,
                int(rows[i]),
                "",
                accounts["end"].iloc[i].date().isoformat(),
                "end_before_start",
            )
        )
    dup = accounts["account"].duplicated(keep="first").to_numpy()
    if dup.any():
        first = accounts.assign(_row=rows).groupby("account")["_row"].transform("min").to_numpy()
        for i in np.flatnonzero(dup & ~backwards):
            checks.append(
                Check(
                    ACCOUNTS.name,
                    int(rows[i]),
                    "",
                    accounts["account"].iloc[i],
                    "duplicate_account",
                    {"first": int(first[i])},
                    "warn",
                )
            )
    return accounts[~backwards & ~dup].reset_index(drop=True)


def _accounts_from_orders(orders: pd.DataFrame) -> pd.DataFrame:
    """No Accounts sheet: an account starts at its first order and stays live."""
    if not len(orders):
        return empty_frame(ACCOUNT_COLUMNS)
    g = orders.sort_values("date").groupby("account")
    out = pd.DataFrame({"start": g["date"].min(), "rep": g["rep"].last()}).reset_index()
    out["name"] = None
    out["end"] = pd.NaT
    return out[list(ACCOUNT_COLUMNS)]


def _check_order_accounts(
    orders: pd.DataFrame, rows: np.ndarray, accounts: pd.DataFrame, checks: list[Check]
) -> None:
    """One warning per unknown account (at its first row), not one per order line."""
    known = set(accounts["account"])
    unknown = ~orders["account"].isin(known).to_numpy()
    if not unknown.any():
        return
    seen: set[str] = set()
    for i in np.flatnonzero(unknown):
        acct = orders["account"].iloc[i]
        if acct in seen:
            continue
        seen.add(acct)
        checks.append(Check(ORDERS.name, int(rows[i]), "", acct, "unknown_account", {}, "warn"))


def _check_future(orders: pd.DataFrame, rows: np.ndarray, as_of: date, checks: list[Check]) -> None:
    future = (orders["date"] > pd.Timestamp(as_of)).to_numpy()
    for i in np.flatnonzero(future)[:1000]:
        checks.append(
            Check(
                ORDERS.name,
                int(rows[i]),
                "",
                orders["date"].iloc[i].date().isoformat(),
                "future_date",
                {"as_of": as_of.isoformat()},
                "warn",
            )
        )
