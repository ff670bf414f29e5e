"""Check raw sheets against the schema: clean canonical tables plus one Check per problem.

The engine that applies ``schema.py``'s declarations (pandera's idea: the schema is data, this
module is the engine). It never changes what the user typed: it reads, reports and skips.
Row numbers in Checks are the row numbers the user sees in Excel.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import repeat
from operator import itemgetter

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from routekpi.contract import (
    HEADER_SCAN_ROWS,
    REP_CODE_KEY,
    WHITESPACE,
    Check,
    InputError,
    RawSheet,
    column_letter,
    fold,
    lazy_pattern,
    typed_rows,
    with_more_skipped,
)
from routekpi.core.calendar import MON_FRI, BusinessCalendar
from routekpi.core.catalog import KPIS, find_kpi
from routekpi.core.chain_exit import with_stopped_chains
from routekpi.core.handover import keep_coded
from routekpi.core.history import (
    ACCOUNT_COLUMNS,
    HOLIDAY_COLUMNS,
    LEAVE_COLUMNS,
    NOTE_COLUMNS,
    ORDER_COLUMNS,
    VISIT_COLUMNS,
    History,
    empty_frame,
)
from routekpi.core.lapse import (
    LAPSE_DAYS,
    NAME_LINE_COLUMNS,
    SEASON_MARGIN_DAYS,
    SEASON_SLACK_DAYS,
    STOPPED_DAYS,
    EndRecord,
    derive_accounts,
    end_record,
    flagged_ends,
    is_partial,
    last_order_by,
    latest_names,
    master_lapses,
    order_rhythm,
    rule_params,
    sale_lines,
    typed_ends,
    visited_breaks,
    with_names,
    with_typed,
)
from routekpi.core.lumps import lump_orders, months_of

# The company type written out, and its short form: declared with the other name words.
from routekpi.core.name_words import COMPANY_TYPES
from routekpi.core.price_index import product_months
from routekpi.messages import text
from routekpi.schema import (
    ACCOUNT_NAME_HEADERS,
    ACCOUNT_NAME_KEY,
    ACCOUNTS,
    COLLECTED_VISITS,
    HOLIDAYS,
    INPUT_SHEETS,
    LEAVE,
    LINE_KIND_KEY,
    NAME_KEYED_INPUTS,
    NOBODY_THERE,
    NOT_COUNTED_KINDS,
    NOTES,
    ORDERS,
    OUTCOME_FAILURE,
    OUTCOME_OPEN,
    OUTCOME_SUCCESS,
    OVERRIDES,
    REP_WEIGHTS,
    TAX_CLASS_KEY,
    TAX_RATE_KEY,
    TERRITORY_ALIASES,
    VISIT_KINDS,
    VISIT_LOG,
    VISITS,
    WORD_MEANINGS,
    WORDS,
    ColumnSpec,
    HeaderMatch,
    SheetSpec,
    normalize_label,
)
from routekpi.validation.cells import (
    DayNote,
    choice_key,
    parse_choice_column,
    parse_date_column,
    parse_number_column,
    parse_text_column,
    problem_params,
    yearless_month,
)
from routekpi.validation.gaps import with_gap
from routekpi.validation.headers import account_is_name, header_match
from routekpi.validation.holidays import (
    day_numbers,
    first_day,
    summed_tallies,
    tally_days,
    with_assumed_holidays,
)
from routekpi.validation.leave import (
    check_leave,
    leave_skipped,
    recount_leave_days,
    skipped_with_cover,
)
from routekpi.validation.mixed_units import unit_column, unit_counts, units_check
from routekpi.validation.monthly import (
    DAYS_TYPED_ATTR,
    frame_summary,
    latest_days,
    rows_with_days,
    with_order_counts,
    yymmdd_check,
)
from routekpi.validation.optional import refresh_rows_left_out, rows_left_out_line
from routekpi.validation.renumbered import (
    OrderDays,
    account_days,
    closed_before,
    code_switch,
    earlier_starts,
    first_last,
    held_before_history,
    last_old_day,
    old_codes,
    order_spans,
    recoded,
    renumber,
    renumbered_shops_frames,
    with_closed,
)
from routekpi.validation.reps import code_name_check, key_by_code, one_rep_spelling
from routekpi.validation.returns import flipped_check, signed_amounts
from routekpi.validation.same_address import with_same_address_ends
from routekpi.validation.status_flag import dormant_checks, dormant_of, with_status_flag
from routekpi.validation.subtotals import (
    header_repeats_check,
    is_subtotal,
    repeats_header,
    total_rows_check,
)
from routekpi.validation.succession import successions_frames
from routekpi.validation.tax import (
    GROSS,
    NET_READ_PROBLEM,
    add_tax_checks,
    gross_sums,
    header_basis,
    is_tax_included,
    is_tax_line_name,
    net_amounts,
    net_beside_gross,
    tax_line_check,
    tax_note,
    with_gross_sums,
)
from routekpi.validation.typed import TypedColumn, plain_text, to_python
from routekpi.validation.units import AmountUnit, SourceUnit, header_says_yen, scaled
from routekpi.validation.weekdays import orders_on_days_off
from routekpi.validation.words import (
    KindWords,
    kind_word_params,
    kind_words,
    words_sheet_params,
    words_used_check,
)

OUTCOMES = {"won": OUTCOME_SUCCESS, "lost": OUTCOME_FAILURE, "open": OUTCOME_OPEN}
# An optional sheet with a required column missing: its Check names how many rows that
# leaves out (``params["rows"]``), counted so by the recalc summary (trial 44 H3).
MISSING_COLUMN_ROWS = "missing_column_rows"
CHOICE_KINDS = ("kind", "outcome")
_FIRST_DAY = np.datetime64("1900-01-01", "D")
_LAST_DAY = np.datetime64("2200-01-01", "D")
ACCOUNT_END = ACCOUNTS.column("end")
MAX_DATE_CHECKS = 1000  # per kind: a whole column of wrong years needs one look, not 10⁶ rows
# Problems in an optional column void the value, not the row: same problem, other words.
IGNORED_PROBLEMS = {
    "error_value": "error_value_ignored",
    "not_a_number": "not_a_number_ignored",
    "negative": "not_a_number_ignored",
    "not_a_date": "not_a_date_ignored",
    "impossible_date": "not_a_date_ignored",
    "date_without_year": "date_without_year_ignored",
    "date_out_of_range": "not_a_date_ignored",
    "unknown_choice": "unknown_choice_ignored",
}


_TERRITORY_LABELS = frozenset(map(normalize_label, TERRITORY_ALIASES))


def missing_names(spec: SheetSpec, match: HeaderMatch) -> str:
    """Every required column a header row lacks, ja / en, in one text (all at once: the user
    fixed one and reran to learn the next)."""
    return ", ".join(f"{c.ja} / {c.en}" for c in map(spec.column, match.missing))


def _rows_in(raw: RawSheet) -> int:
    """A sheet's rows below its header, as read (the same count on the fast and slow paths:
    the rows read, not the rows kept)."""
    return raw.height if raw.columns is not None else max(len(raw.rows) - 1, 0)


def header_notes(
    match: HeaderMatch, header: Sequence[object], *, orders: bool = False
) -> list[tuple[int, str, dict[str, object], str]]:
    """(column index, problem, params, severity) for a header row's columns that are not
    read: a second copy of a name (warn), another name for a field already found (info).
    ``orders``: the Orders sheet's or file's header, whose line number is read (``_line_key``)."""
    copies = [
        (idx, "duplicate_column", {"column": header[idx]}, "warn")
        for dups in match.duplicates.values()
        for idx in dups
    ]
    others = [
        (
            idx,
            # 金額(税抜) read beside 金額(税込): a revenue basis, not another name (trial 52 M9).
            NET_READ_PROBLEM
            if key == "amount" and net_beside_gross(header[match.positions[key]], header[idx])
            else "column_not_read",
            {"read": header[match.positions[key]], "column": header[idx]},
            "info",
        )
        for key, unread in match.unread.items()
        for idx in unread
    ]
    rep = match.positions.get("rep")
    code = match.positions.get(REP_CODE_KEY)
    if rep is not None and code is not None:
        # Which column decides a row's rep: said once (validation.reps.key_by_code).
        others.append(
            (code, "rep_keyed_by_code", {"code": header[code], "name": header[rep]}, "info")
        )
    if rep is not None and normalize_label(header[rep]) in _TERRITORY_LABELS:
        # Every figure of that territory is one "rep": the user must know it was a choice.
        others.append((rep, "rep_from_territory", {"column": header[rep]}, "info"))
    amount = match.positions.get("amount")
    if amount is not None and is_tax_included(header[amount]):
        # Every yen figure is tax-included then: said once, and marked on revenue labels.
        others.append((amount, *tax_note(header[amount])))
    return copies + others + unused_columns(match, header, orders=orders)


# Headers of a branch or office column: there are no per-branch targets or subtotals, and a
# manager who pasted one expects them (trial 19: 営業所 read by nothing, said by nothing).
_BRANCH_LABELS = frozenset(
    map(normalize_label, ("営業所", "支店", "拠点", "事業所", "営業拠点", "branch", "office"))
)


def unused_columns(
    match: HeaderMatch, header: Sequence[object], *, orders: bool = False
) -> list[tuple[int, str, dict[str, object], str]]:
    """One info note naming the columns routekpi does not read at all (not another name for
    a column it reads: ``column_not_read`` says those), at the first of them; a branch
    column says there is no per-branch view. None when every column is read.
    ``orders``: an order line's number on its slip (行番号) tells two equal lines apart
    (``_line_key``): read, so not listed (trial 46 N1: 「行番号…は使いません」)."""
    other_names = {idx for unread in match.unread.values() for idx in unread}
    if orders:
        other_names |= {
            i
            for i in match.unknown
            if i < len(header) and normalize_label(header[i]) in _LINE_NUMBER_LABELS
        }
    idle = [
        i
        for i in match.unknown
        if i not in other_names and i < len(header) and str(header[i] or "").strip()
    ]
    if not idle:
        return []
    names = [str(header[i]).strip() for i in idle]
    more = " …" if len(names) > LISTED_HEADERS else ""
    listed = "・".join(names[:LISTED_HEADERS]) + more
    listed_en = ", ".join(names[:LISTED_HEADERS]) + more  # an English book's (en42)
    branch = any(normalize_label(n) in _BRANCH_LABELS for n in names)
    key = "columns_not_used_branch" if branch else "columns_not_used"
    return [
        (idle[0], key, {"columns": listed, "columns_en": listed_en, "count": len(names)}, "info")
    ]


def is_header_row(spec: SheetSpec, row: Sequence[object]) -> bool:
    """A row that names ≥ 2 (or all) of the input's columns: its header, on a sheet or in a
    file (rows above it are a title)."""
    return len(header_match(spec, row).positions) >= min(2, len(spec.columns))


def _find_header(spec: SheetSpec, raw: RawSheet) -> int | None:
    """Index in raw.rows of the header row (``is_header_row``) among the first rows."""
    if raw.header is not None:
        return 0
    return next(
        (i for i, row in enumerate(raw.rows[:HEADER_SCAN_ROWS]) if is_header_row(spec, row)),
        None,
    )


@dataclass
class _Parsed:
    """One parsed column: values (NumPy, or Arrow for fast-path text), problems, empties."""

    values: np.ndarray | pa.Array | list[object]
    problems: list[tuple[int, str]]
    missing: np.ndarray  # bool: nothing usable (blank, or a problem)


def read_table(
    spec: SheetSpec,
    raw: RawSheet,
    checks: list[Check],
    *,
    date1904: bool = False,
    today: date | None = None,
    words: KindWords | None = None,
    unit: SourceUnit | None = None,
    typed_gross: bool = False,
) -> tuple[pd.DataFrame, np.ndarray]:
    """Parse one input sheet: canonical frame and each kept row's Excel row number.

    ``frame.attrs["columns"]`` maps each found column key to its Checks name ("D 金額");
    ``frame.attrs["skipped"]`` holds the text keys (account, rep) of rows that were skipped.
    ``words``: the company's own kind words (the Words sheet), read in a kind column.
    ``unit``: the amounts' unit as a Sources row types it, with the row (validation.units).
    ``typed_gross``: a file's Sources row says 税込 (its lines netted by their rate as under a
    税込 header, when the header says neither: as sources.tabular reads a CSV).
    """
    found = _header(spec, raw, checks)
    if found is None:
        return empty_table(spec), np.array([], dtype=np.int64)
    header_at, header, match = found
    header_row = raw.first_row + header_at
    cols, n = _cells_by_column(raw, header_at, match)
    row_numbers = np.arange(n, dtype=np.int64) + header_row + 1

    # Pass 1: parse every column. A cell is empty when its parser found nothing and reported
    # nothing (the column parsers never report blanks), so blank rows fall out of the parse.
    parsed: dict[str, _Parsed] = {}
    typed_names: np.ndarray | pa.Array | list[object] | None = None
    blank_row = np.ones(n, dtype=bool)
    day_notes: dict[str, DayNote] = {}  # a date column of yymmdd days (200405), and why
    for col in spec.columns:
        if col.key not in cols:
            continue
        notes: list[DayNote] = []
        one = _parse_column(
            spec, col, cols[col.key], date1904=date1904, today=today, words=words, notes=notes
        )
        if notes:
            day_notes[col.key] = notes[0]
            where = _col_name(raw, header, match.positions[col.key])
            checks.append(yymmdd_check(spec.name, where, notes[0]))
        if col.key == "account" and account_is_name(spec, match, header):
            # One account however its spaces and company type are typed; the name as typed
            # (the parsed text) is its name on the lines (core.lapse.latest_names).
            typed_names = one.values
            one.values = name_keys(one.values)
            said = folded_names_params(_spellings(_texts(typed_names), _texts(one.values)))
            if said is not None:
                with_folded_names(checks, spec.name, said)
        parsed[col.key] = one
        if col.key == ACCOUNT_NAME_KEY:
            # A customer's name alone is no order or visit: an ERP report's heading row per
            # customer (得意先: 〇〇商事) stays a blank row, as when the column was not read.
            continue
        empty = one.missing.copy()
        if one.problems:
            empty[[i for i, _ in one.problems]] = False
        blank_row &= empty
    code: _Parsed | None = None
    if REP_CODE_KEY in cols and "rep" in parsed:
        # A rep code beside the name: a row with a code and no name is still the code's rep.
        code = _parse_column(
            spec, spec.column("rep"), cols[REP_CODE_KEY], date1904=date1904, today=today
        )
        parsed["rep"] = _with_code(parsed["rep"], code)
        empty = code.missing.copy()
        if code.problems:
            empty[[i for i, _ in code.problems]] = False
        blank_row &= empty

    # A grand-total line (合計 in its date cell, no account, no rep) is one info row, not a
    # row of errors, and is not counted among the rows left out.
    short = _short_rows(spec, parsed, blank_row)
    totals = _total_rows(cols, short)
    if totals.any():
        at = np.flatnonzero(totals)
        key = next(k for k in cols if is_subtotal(cols[k][int(at[0])]))
        where = _col_name(raw, header, match.positions[key])
        checks.append(total_rows_check(spec.name, row_numbers[at], where, cols[key][int(at[0])]))
        blank_row = blank_row | totals
    # The header pasted again below itself (trial 27: a wall of accepted kind words for the
    # cell 活動区分) is one info row, like a total line, not a row of errors.
    repeats = _header_repeats(cols, header, match, short & ~totals)
    if repeats.any():
        at = row_numbers[np.flatnonzero(repeats)]
        checks.append(header_repeats_check(spec.name, at, _col_name(raw, header, 0)))
        blank_row = blank_row | repeats
    bad = _cell_checks(spec, raw, header, match, cols, parsed, blank_row, row_numbers, checks)
    keep = ~bad & ~blank_row
    if spec is ACCOUNTS:  # a reassignment typed in the rep code column only
        checks.extend(_rep_code_checks(raw, header_at, header, match, cols, row_numbers))
    left_out = bad & ~blank_row
    # Calls and e-mails are read, not skipped (no error), and leave the history here.
    keep &= ~_not_counted(spec, cols, parsed, keep, row_numbers, checks)
    if (nobody := _nobody_there(spec, cols, parsed, keep, row_numbers, words)) is not None:
        checks.append(nobody)  # 不在 read as a visit (trial 48 L2)
    if spec is ORDERS:  # a slip's 《消費税》 line is tax, not a sale (validation.tax)
        keep &= ~_tax_lines(raw, header_at, header, match, header_row, parsed, keep, checks)
    if words and spec is VISITS and "kind" in cols:
        counts = word_counts(cols["kind"], ~blank_row, words)
        said = {}  # the outcome words too, counted in the outcome column (trial 44 M1)
        if words.outcomes and "outcome" in cols:
            said = word_counts(cols["outcome"], ~blank_row, words, words.outcomes)
        checks.append(words_used_check(words, counts, raw.name, said))
    frame = _frame(spec, parsed, keep, n)
    if typed_names is not None:
        frame[ACCOUNT_NAME_KEY] = _kept_text(typed_names, keep)
    if code is not None:
        frame[REP_CODE_KEY] = _kept_text(code.values, keep)
    if spec is ORDERS and "amount" in parsed:  # 金額(千円) read ×1,000 (trial 48 L1)
        _amounts_in_yen(raw, header, match, header_row, frame, checks, unit)
    if spec is ORDERS and ({TAX_CLASS_KEY, TAX_RATE_KEY} & set(parsed)):  # 内税 lines netted
        _net_tax_lines(spec, raw, header, match, header_row, frame, checks, typed_gross)
    if spec is ORDERS and LINE_KIND_KEY in parsed:  # 返品 lines with positive amounts
        _sign_return_lines(spec, raw, header, match, header_row, frame, checks)
    if spec is ORDERS and (at := unit_column(header, match.unknown)) is not None:
        # m3, L and 台 under one 数量, told by a 単位 column (validation.mixed_units)
        cells = _column_cells(raw, header_at, at, n)
        counts = unit_counts(cells) if cells is not None else {}
        if (said := units_check(spec.name, _col_name(raw, header, at), counts)) is not None:
            checks.append(said)
    if spec is ORDERS:  # read, and then no key of a slip (its lines are one order)
        for key in (TAX_CLASS_KEY, TAX_RATE_KEY, LINE_KIND_KEY):
            frame[key] = blank_objects(len(frame), frame.index)
    if spec is ORDERS:  # a product column routekpi does not read still tells lines apart
        line = _line_key(raw, header_at, header, match, n)
        if line is not None:
            frame[LINE_KEY] = line[keep]
            frame.attrs["line_numbers"] = has_line_numbers(match, header)
    skipped = int(left_out.sum())
    if skipped:
        # An optional list's rows stand alone: a warning naming them (validation.optional).
        checks.append(rows_left_out_line(spec, checks, skipped, int((~blank_row).sum())))
        if spec is ORDERS and "date" in parsed:
            frame.attrs["left_out"] = _left_out_months(spec, cols, parsed, left_out)
    frame.attrs["columns"] = {
        key: _col_name(raw, header, pos) for key, pos in match.positions.items()
    }
    if "date" in day_notes:  # its 6-digit cells are days, not months (validation.monthly)
        frame.attrs[DAYS_TYPED_ATTR] = True
    if spec is ORDERS:  # a monthly summary, a count of orders per row (validation.monthly)
        typed = cols.get("date", ())
        frame_summary(frame, typed, keep, frame.attrs["columns"], spec.name, checks)
    keys = {c.key for c in spec.columns}
    frame.attrs["skipped"] = {
        key: _skipped_keys(parsed[key].values, left_out) if key in parsed else set()
        for key in ("account", "rep")
        if key in keys
    }
    return frame, row_numbers[keep]


def amount_unit_check(
    sheet: str,
    row: int,
    column: str,
    header: object,
    factor: int | None,
    unit: SourceUnit | None,
    rows: int,
) -> tuple[int, Check | None]:
    """The factor the amounts are read ×(1 for yen) and the Checks line that says so: the
    header's unit (``factor``, from ``HeaderMatch.scales``) wins over the Sources row's
    (``unit``: (its unit, its row)), which is said unused when it differs."""
    params: dict[str, object] = {"header": str(header).strip(), "rows": f"{rows:,}"}
    if factor is None and unit is not None and unit[0].factor == 1:
        return 1, None  # 円 on the Sources row, the header naming no other unit: yen
    if factor is None and unit is not None and header_says_yen(header):
        factor = 1  # 金額(円): the header's yen wins over the Sources row's unit (review48)
    if factor is not None:
        named = AmountUnit("", factor)
        params |= {"unit": named.name, "unit_en": named.name_en, "factor": f"{factor:,}"}
        if unit is not None and unit[0].factor != factor:
            params |= {"typed": unit[0].text, "row": unit[1]}
            return factor, Check(
                sheet, row, column, header, "amount_unit_sources_other", params, "warn"
            )
        return factor, Check(sheet, row, column, header, "amount_unit_read", params, "info")
    if unit is None:
        return 1, None
    given, at = unit
    params |= {
        "unit": given.name,
        "unit_en": given.name_en,
        "factor": f"{given.factor:,}",
        "typed": given.text,
        "row": at,
    }
    return given.factor, Check(sheet, row, column, header, "amount_unit_sources", params, "info")


def _amounts_in_yen(
    raw: RawSheet,
    header: list[object],
    match: HeaderMatch,
    header_row: int,
    frame: pd.DataFrame,
    checks: list[Check],
    unit: SourceUnit | None,
) -> None:
    """The amounts of a column in 千円 (its header's unit, else its Sources row's) ×1,000 in
    ``frame``, and one info line on Checks at the amount header (``amount_unit_check``)."""
    at, scale = match.positions["amount"], match.scales.get("amount")
    if scale is None and unit is None:  # yen: the usual case
        return
    factor, said = amount_unit_check(
        ORDERS.name,
        header_row,
        _col_name(raw, header, at),
        header[at],
        scale,
        unit,
        int(frame["amount"].notna().sum()),
    )
    if said is None:
        return
    checks.append(said)
    if factor != 1:
        frame["amount"] = scaled(frame["amount"].to_numpy(dtype=np.float64), factor)


def _net_tax_lines(
    spec: SheetSpec,
    raw: RawSheet,
    header: list[object],
    match: HeaderMatch,
    header_row: int,
    frame: pd.DataFrame,
    checks: list[Check],
    typed_gross: bool = False,
) -> None:
    """The lines whose tax class says 内税 (税込) divided by 1 + their rate, in ``frame``
    (validation.tax.net_amounts), and one info line on Checks at the tax class header; under
    a 税込 amount header (or a header saying neither on a file its Sources row says is 税込:
    ``typed_gross``) also the lines whose class or rate names a rate (酒類 10%). As
    sources.tabular does in SQL for a file."""
    amount_at = match.positions["amount"]
    said = header_basis(header[amount_at])
    gross = said == GROSS or (typed_gross and said is None)
    has_class = TAX_CLASS_KEY in match.positions
    if not (has_class or gross):  # a rate column alone nets nothing under a 税抜 header
        return
    has_rate = TAX_RATE_KEY in match.positions
    amount, done = net_amounts(
        frame["amount"].to_numpy(dtype=np.float64),
        frame[TAX_CLASS_KEY].to_numpy(dtype=object) if has_class else None,
        frame[TAX_RATE_KEY].to_numpy(dtype=object) if has_rate else None,
        gross,
    )
    if done.lines:
        frame["amount"] = amount
    at = match.positions[TAX_CLASS_KEY if has_class else TAX_RATE_KEY]
    rate_column = _col_name(raw, header, match.positions[TAX_RATE_KEY]) if has_rate else ""
    where = (_col_name(raw, header, at), header[at])
    amount_column = _col_name(raw, header, amount_at)
    add_tax_checks(checks, spec.name, header_row, where, done, rate_column, amount_column)


def _sign_return_lines(
    spec: SheetSpec,
    raw: RawSheet,
    header: list[object],
    match: HeaderMatch,
    header_row: int,
    frame: pd.DataFrame,
    checks: list[Check],
) -> None:
    """The lines whose kind says return (返品) with a positive amount negated, in ``frame``
    (validation.returns.signed_amounts), and one info line on Checks at the kind column's
    header; as sources.tabular does in SQL for a file."""
    quantity = frame["quantity"].to_numpy(dtype=np.float64) if "quantity" in frame else None
    amount, qty, done = signed_amounts(
        frame["amount"].to_numpy(dtype=np.float64),
        quantity,
        frame[LINE_KIND_KEY].to_numpy(dtype=object),
    )
    if not done.lines:
        return
    frame["amount"] = amount
    if qty is not None:
        frame["quantity"] = qty
    at = match.positions[LINE_KIND_KEY]
    checks.append(
        flipped_check(spec.name, header_row, _col_name(raw, header, at), header[at], done)
    )


# An order line's product (商品コード, 品番 …): a column routekpi does not read, kept only to
# tell two lines of one slip apart (validation._dedupe); dropped after it.
LINE_KEY = "_line"
_PRODUCT_WORDS = tuple(
    map(
        normalize_label,
        ("商品", "品番", "品目", "品名", "型番", "製品", "sku", "jan", "item", "product"),
    )
)
# A line's number on its slip (行番号, 明細番号): two lines of one slip with the same item,
# price and quantity are two lines when their numbers differ, and a slip pasted twice
# repeats its numbers too (trial 45 L3: 36 such lines, ¥237,585, dropped as double pastes).
# Not a bare 「行」 or "line id": an export's running row number under such a header gives one
# slip other numbers in two overlapping exports, which would then both count (review47).
_LINE_NUMBER_LABELS = frozenset(
    map(
        normalize_label,
        (
            "行番号",
            "行No",
            "明細番号",
            "明細No",
            "明細行",
            "明細行番号",
            "伝票行番号",
            "line no",
            "line number",
        ),
    )
)


def has_line_numbers(match: HeaderMatch, header: Sequence[object]) -> bool:
    """Whether one of the columns routekpi does not read is a line's number on its slip
    (``_LINE_NUMBER_LABELS``): the dropped-lines row then has no line numbers to ask for."""
    return any(
        i < len(header) and normalize_label(header[i]) in _LINE_NUMBER_LABELS for i in match.unknown
    )


def product_columns(match: HeaderMatch, header: Sequence[object]) -> list[int]:
    """The columns naming an order line's product (``_PRODUCT_WORDS``: 商品コード, 品番, SKU …)
    or its number on the slip (``_LINE_NUMBER_LABELS``: 行番号, 明細番号) that routekpi does not
    read; one rule for the sheets (``_line_key``) and the files (sources.tabular)."""
    return [
        i
        for i in match.unknown
        if i < len(header)
        and (
            any(w in normalize_label(header[i]) for w in _PRODUCT_WORDS)
            or normalize_label(header[i]) in _LINE_NUMBER_LABELS
        )
    ]


def tax_line_columns(match: HeaderMatch, header: Sequence[object]) -> list[int]:
    """The columns a consumption-tax line (《消費税》) is named in: the product column read
    (schema ``product``: 商品コード, or 商品名 with no code beside it) and the product columns
    not read (``product_columns``); one rule for the sheets (``_tax_lines``) and the files
    (sources.tabular)."""
    read = match.positions.get("product")
    return sorted({*product_columns(match, header), *([read] if read is not None else [])})


def _line_key(
    raw: RawSheet, header_at: int, header: Sequence[object], match: HeaderMatch, n: int
) -> np.ndarray | None:
    """Per data row, one int64 code of its values in the product columns the header names
    and routekpi does not read (``_PRODUCT_WORDS``); equal codes, equal products. None
    without such a column. Two lines that differ in their product are two lines, however
    equal their date, account, amount and quantity (trial 29: P0042 and P0025, both
    ¥470 × 5, dropped as a double paste)."""
    at = product_columns(match, header)
    if not at:
        return None
    key = np.zeros(n, dtype=np.int64)
    for i in at:
        values = _column_cells(raw, header_at, i, n)
        if values is None:
            continue
        codes, uniques = pd.factorize(pd.Series(values), use_na_sentinel=True)
        key = key * (len(uniques) + 1) + (codes.astype(np.int64) + 1)
    return key


def _column_cells(raw: RawSheet, header_at: int, i: int, n: int) -> np.ndarray | None:
    """The ``n`` data cells of column ``i`` (a column routekpi does not parse); None when the
    typed columns hold none."""
    if raw.columns is not None:
        cells = raw.columns.get(i)
        if cells is None:
            return None
        return cells.values if isinstance(cells, TypedColumn) else np.asarray(cells, object)
    body = raw.rows[header_at + 1 : header_at + 1 + n]
    return np.array([r[i] if i < len(r) else None for r in body], dtype=object)


def _tax_lines(
    raw: RawSheet,
    header_at: int,
    header: list[object],
    match: HeaderMatch,
    header_row: int,
    parsed: Mapping[str, _Parsed],
    keep: np.ndarray,
    checks: list[Check],
) -> np.ndarray:
    """The kept rows whose product cell names the consumption tax itself (弥生販売's
    《消費税》 line: validation.tax.is_tax_line_name, each distinct cell read once), and one
    info line on Checks at the first product column holding one; as sources.tabular does in
    SQL for a file."""
    n = len(keep)
    found = np.zeros(n, dtype=bool)
    where: tuple[int, str] | None = None
    for i in tax_line_columns(match, header):
        values = _column_cells(raw, header_at, i, n)
        if values is None:
            continue
        codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
        named = [c for c, v in enumerate(uniques) if is_tax_line_name(v)]
        if not named:
            continue
        hit = np.isin(codes, named) & keep
        if hit.any() and where is None:  # the column, and its first tax name in text order
            where = (i, min(str(uniques[c]) for c in named).strip())
        found |= hit
    if where is None:
        return found
    amount = np.asarray(parsed["amount"].values, dtype=np.float64)[found]
    yen = float(np.nansum(amount))
    at, name = where
    column = _col_name(raw, header, at)
    checks.append(
        tax_line_check(ORDERS.name, header_row, column, header[at], int(found.sum()), yen, name)
    )
    return found


def _left_out_months(
    spec: SheetSpec,
    cols: Mapping[str, Sequence[object]],
    parsed: Mapping[str, _Parsed],
    left_out: np.ndarray,
) -> dict[str, object]:
    """What the rows left out would have filled (``validation.gaps``): their count per month
    of their date (``dated``), per month of a date typed without a year (``yearless``), and
    each row's first problem in the columns' order (``reasons``: a blank is ``blank``)."""
    days = np.asarray(parsed["date"].values)[left_out]
    months = pd.Series(days[~np.isnat(days)]).dt.to_period("M").value_counts()
    reason: dict[int, str] = {}
    for col in spec.columns:
        one = parsed.get(col.key)
        if not col.required or one is None:
            continue
        for i, code in one.problems:
            if left_out[i]:
                reason.setdefault(i, code)
        for i in np.flatnonzero(one.missing & left_out):
            reason.setdefault(int(i), "blank")
    dates = cols["date"]
    yearless = Counter(
        m
        for i, code in parsed["date"].problems
        if code == "date_without_year" and left_out[i]
        if (m := yearless_month(dates[i])) is not None
    )
    return {
        "dated": {p: int(n) for p, n in months.items()},
        "yearless": dict(yearless),
        "reasons": Counter(reason.values()),
    }


def _header(
    spec: SheetSpec, raw: RawSheet, checks: list[Check]
) -> tuple[int, list[object], HeaderMatch] | None:
    """The header row (index in raw.rows, cells, match); header problems go to checks.

    None when the sheet has no usable header (an optional sheet is then empty); a
    required sheet without one stops the run.
    """
    header_at = _find_header(spec, raw)
    if header_at is None:
        checks.append(Check(spec.name, raw.first_row, "", None, "no_header"))
        if spec.required:
            raise InputError(
                "no_header_stop",
                sheet=spec.name,
                columns="・".join(c.ja for c in spec.columns if c.required),
                columns_en=", ".join(c.en for c in spec.columns if c.required),  # en42
            )
        return None
    header = list(raw.header) if raw.header is not None else list(raw.rows[header_at])
    match = header_match(spec, header)
    header_row = raw.first_row + header_at
    said = _merged_header(
        header_notes(match, header, orders=spec is ORDERS), match, raw, header_row
    )
    # 税抜 read beside 税込: both columns summed, for the 税込 figures shown (validation.tax).
    said = with_gross_sums(
        said,
        match.positions.get("amount"),
        lambda net, gross: gross_sums(_cells(raw, net, header_at), _cells(raw, gross, header_at)),
    )
    if account_is_name(spec, match, header):
        at = match.positions["account"]
        said.append((at, "account_from_name", {"column": str(header[at]).strip()}, "info"))
    for idx, problem, params, severity in said:
        column = _col_name(raw, header, idx)
        checks.append(Check(spec.name, header_row, column, header[idx], problem, params, severity))
    if match.missing:
        # Every row of the sheet is then unused: the Check and the recalc summary count
        # them all, not "1 error" (trial 44 H3: 106,237 visit rows said as 「エラー 1 件」).
        rows = typed_rows(raw) if not spec.required else 0
        for key in match.missing:
            col = spec.column(key)
            params: dict[str, object] = {"column": f"{col.ja} / {col.en}"}
            if rows:
                params |= {"sheet": spec.name, "rows": rows, "count": f"{rows:,}"}
            checks.append(
                Check(
                    spec.name,
                    header_row,
                    col.ja,
                    None,
                    MISSING_COLUMN_ROWS if rows else "missing_column",
                    params,
                )
            )
            rows = 0  # one sheet's rows counted once, on its first missing column
        if spec.required:
            raise missing_column_stop(spec, match, header)
        return None
    return header_at, header, match


def _cells(raw: RawSheet, idx: int, header_at: int) -> Sequence[object]:
    """Column ``idx``'s cells below the header (none when the fast path did not read it)."""
    if raw.columns is not None:
        return raw.columns.get(idx, ())
    return [row[idx] if idx < len(row) else None for row in raw.rows[header_at + 1 :]]


def _merged_header(
    said: list[tuple[int, str, dict[str, object], str]],
    match: HeaderMatch,
    raw: RawSheet,
    header_row: int,
) -> list[tuple[int, str, dict[str, object], str]]:
    """A second copy of a name that is a merged header cell spread over its columns (the
    reader fills a merged range with its value): said as the merge, not as a duplicate the
    user typed (trial 25 L1: 得意先 merged over C1:D1 read as 「列「得意先」が複数あります」)."""
    if not raw.merged:
        return said
    row = header_row - 1  # 0-based, as the ranges
    kept = {idx: match.positions.get(key) for key, dups in match.duplicates.items() for idx in dups}
    out = []
    for idx, problem, params, severity in said:
        first = kept.get(idx) if problem == "duplicate_column" else None
        cols = (raw.first_col + idx, raw.first_col + (first if first is not None else idx))
        area = next(
            (
                (top, left, bottom, right)
                for top, left, bottom, right in raw.merged
                if top <= row <= bottom and all(left <= c <= right for c in cols)
            ),
            None,
        )
        if first is not None and area is not None:
            top, left, bottom, right = area
            cells = f"{column_letter(left + 1)}{top + 1}:{column_letter(right + 1)}{bottom + 1}"
            problem = "duplicate_column_merged"
            params = {
                **params,
                "cells": cells,
                "first": column_letter(cols[1] + 1),
                "other": column_letter(cols[0] + 1),
            }
        out.append((idx, problem, params, severity))
    return out


# Headers listed in a stop message; a wider sheet ends its list with "…".
LISTED_HEADERS = 8
# A header that says its figures are in thousands or millions: 売上(千円), 金額[百万円],
# Sales (JPY thousands). Such a column is never read as the yen amount.
_UNIT_HEADER = lazy_pattern(
    r"(百万|千|万|億)円|[(\[【]\s*(百万|千|万|億)\s*[)\]】]|単位\s*[:：]?\s*(百万|千|万|億)"
    r"|thousands?|millions?|\(\s*k\s*\)|¥\s*000|jpy\s*000",
    re.IGNORECASE,
)


def amount_unit(header: object) -> str | None:
    """The unit a header names for its figures (千円, thousands…), None for plain yen."""
    m = _UNIT_HEADER.search(unicodedata.normalize("NFKC", str(header or "")))
    if m is None:
        return None
    unit = next((g for g in m.groups() if g), None)
    return f"{unit}円" if unit else m.group(0).strip("()[]【】 ")


def accepted_headers(column: ColumnSpec, sep: str = "・") -> str:
    """Every header routekpi reads as ``column`` — its ja/en header, then all its schema
    aliases —, once each ("Date" and "date" match alike): a stop that offered only the first
    few left out 活動日, the header a CRM export used. ``sep=", "`` for an English book."""
    seen: dict[str, str] = {}
    for name in (column.ja, column.en, *column.aliases):
        seen.setdefault(normalize_label(name), name)
    return sep.join(seen.values())


def missing_column_stop(
    spec: SheetSpec, match: HeaderMatch, header: Sequence[object]
) -> InputError:
    """The stop for a required sheet without a required column: what was missing, the names
    it may have, the headers that were there — and, for the amount, a header in thousands
    that was left out on purpose (a renamed 売上(千円) read as yen would be 1/1000 of it)."""
    found = [str(h).strip() for h in header if str(h or "").strip()]
    listed = ", ".join(found[:LISTED_HEADERS]) + (" …" if len(found) > LISTED_HEADERS else "")
    missing = [spec.column(k) for k in match.missing]
    accepted, accepted_en = (
        " / ".join(
            # Without a code, a customer name is the account (validation.headers): offered last.
            sep.join((accepted_headers(c, sep), *ACCOUNT_NAME_HEADERS))
            if c.key == "account" and spec.name in NAME_KEYED_INPUTS
            else accepted_headers(c, sep)
            for c in missing
        )
        for sep in ("・", ", ")  # an English book's joins (en42b)
    )
    params: dict[str, object] = {
        "sheet": spec.name,
        "column": missing_names(spec, match),
        "column_en": ", ".join(c.en for c in missing),
        "accepted": accepted,
        "accepted_en": accepted_en,
        "found": listed or "—",
    }
    if "amount" in match.missing:
        for h in found:
            if (unit := amount_unit(h)) is not None:
                return InputError("missing_column_stop_unit", unit_column=h, unit=unit, **params)
    return InputError("missing_column_stop_found", **params)


def name_key(name: str) -> str:
    """One customer name as its account key (``name_keys``)."""
    key = WHITESPACE.sub("", name)
    for long, short in COMPANY_TYPES:
        key = key.replace(long, short)
    return key


def name_key_sql(value: str) -> str:
    """``name_key`` in SQL (DuckDB) over the parsed (NFKC) text ``value``: the same key on
    a file or database source as on a sheet."""
    sql = f"regexp_replace({value}, '\\s+', '', 'g')"
    for long, short in COMPANY_TYPES:
        sql = f"replace({sql}, '{long}', '{short}')"
    return sql


def name_keys(values: np.ndarray | pa.Array | list[object]) -> np.ndarray | pa.Array | list[object]:
    """Customer names as account keys (``account_is_name``): every space removed and the
    company type in one notation (``COMPANY_TYPES``), so the same name typed with and
    without spaces, as 株式会社 or (株), is one account (the parser already folded width:
    full-width letters and spaces, ㈱, （株）)."""
    if isinstance(values, pa.Array):
        out = pc.replace_substring_regex(values, r"\s+", "")
        for long, short in COMPANY_TYPES:
            out = pc.replace_substring(out, long, short)
        return out
    folded = [name_key(v) if isinstance(v, str) else v for v in values]
    return _object_array(folded) if isinstance(values, np.ndarray) else folded


# A few customers' spellings on the Checks line (``folded_names_check``).
FOLDED_EXAMPLES = 2
FOLDED_SPELLINGS = 3


def folded_names_params(spellings: Mapping[str, Sequence[str]]) -> dict[str, object] | None:
    """The Checks line's counts when names were folded: ``spellings`` maps each account key
    to its distinct spellings as typed. None when every customer has one spelling."""
    names = sum(len(v) for v in spellings.values())
    if names <= len(spellings):
        return None
    many = sorted(spellings.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:FOLDED_EXAMPLES]
    examples, examples_en = (
        " / ".join(
            "=".join(f"{o}{s}{c}" for s in sorted(v)[:FOLDED_SPELLINGS])
            for _, v in many
            if len(v) > 1
        )
        for o, c in (("「", "」"), ('"', '"'))  # an English book's quotes (en42b)
    )
    return {
        "names": f"{names:,}",
        "customers": f"{len(spellings):,}",
        "examples": examples,
        "examples_en": examples_en,
    }


def with_folded_names(checks: list[Check], sheet: str, params: Mapping[str, object]) -> None:
    """The sheet's ``account_from_name`` line, said with how many names became how many
    customers (``folded_names_params``)."""
    for i, c in enumerate(checks):
        if c.sheet == sheet and c.problem == "account_from_name":
            checks[i] = replace(
                c, problem="account_from_name_folded", params={**c.params, **params}
            )
            return


def _texts(values: np.ndarray | pa.Array | list[object]) -> list[object]:
    return values.to_pylist() if isinstance(values, pa.Array) else list(values)


def _spellings(typed: Sequence[object], keys: Sequence[object]) -> dict[str, list[str]]:
    """Each account key's distinct spellings (the parsed text: width already folded)."""
    seen: dict[str, list[str]] = {}
    for t, k in set(zip(typed, keys, strict=True)):  # the distinct pairs, once each
        if isinstance(t, str) and isinstance(k, str):
            seen.setdefault(k, []).append(t)
    return {k: sorted(v) for k, v in seen.items()}


def _rep_code_checks(
    raw: RawSheet,
    header_at: int,
    header: Sequence[object],
    match: HeaderMatch,
    cols: dict[str, Sequence[object]],
    row_numbers: np.ndarray,
) -> list[Check]:
    """``validation.reps.code_name_check`` on a sheet with a rep code column beside the rep
    name it reads (the sources run the same on their rows: sources.tabular)."""
    at = match.positions.get(REP_CODE_KEY)
    if at is None or "rep" not in cols:
        return []
    if raw.columns is not None:
        codes: Sequence[object] = raw.columns[at]
    else:
        body = raw.rows[header_at + 1 :]
        codes = [r[at] if at < len(r) else None for r in body]
    ends = cols.get("end")
    rows = [  # open accounts only: no end date typed
        i for i in range(len(codes)) if ends is None or pd.isna(ends[i]) or not str(ends[i]).strip()
    ]
    names = cols["rep"]
    check = code_name_check(
        [codes[i] for i in rows],
        [names[i] for i in rows],
        [int(row_numbers[i]) for i in rows],
        sheet=ACCOUNTS.name,
        code_column=str(header[at]).strip(),
        name_column=str(header[match.positions["rep"]]).strip(),
    )
    return [check] if check is not None else []


def _cells_by_column(
    raw: RawSheet, header_at: int, match: HeaderMatch
) -> tuple[dict[str, Sequence[object]], int]:
    """Each found column's data cells (typed columns on the fast path) and the row count."""
    if raw.columns is not None:
        return {key: raw.columns[pos] for key, pos in match.positions.items()}, raw.height
    body = raw.rows[header_at + 1 :]
    width = max(match.positions.values()) + 1
    if body and min(map(len, body)) < width:  # short rows read as blanks past their end
        body = [list(r) + [None] * (width - len(r)) if len(r) < width else r for r in body]
    # map(itemgetter) runs in C: half the time of a list comprehension per column.
    columns = {key: list(map(itemgetter(pos), body)) for key, pos in match.positions.items()}
    return columns, len(body)


def _parse_column(
    spec: SheetSpec,
    col: ColumnSpec,
    values: Sequence[object],
    *,
    date1904: bool,
    notes: list[DayNote] | None = None,
    today: date | None,
    words: KindWords | None = None,
) -> _Parsed:
    """Parse one column by its kind; dates are also checked against 1900–2199 and today.
    A kind column reads the company's ``words`` too."""
    typed = values if isinstance(values, TypedColumn) else None
    if typed is None and col.kind not in ("date", "number"):
        typed = _dictionary_text(values)
    if col.kind == "date":
        if typed is not None:
            parsed, problems = _typed_dates(typed, date1904=date1904, notes=notes)
        else:
            parsed, problems = parse_date_column(values, date1904=date1904, notes=notes)
        problems = [*problems, *dates_out_of_range(parsed, open_end=col is ACCOUNT_END)]
        if today is not None and spec in (ORDERS, VISITS):
            problems = [*problems, *dates_after_today(parsed, today)]
        return _Parsed(parsed, problems, np.isnat(parsed))
    if col.kind == "number":
        if typed is not None:
            parsed, problems = _typed_numbers(typed)
        else:
            parsed, problems = parse_number_column(values)
        return _Parsed(parsed, problems, np.isnan(parsed))
    choices = (
        (VISIT_KINDS if col.kind == "kind" else OUTCOMES) if col.kind in CHOICE_KINDS else None
    )
    if spec is WORDS and col.kind == "kind":  # a word means a kind or an outcome (trial 44)
        choices = WORD_MEANINGS
    own = words.table if words and col.kind == "kind" else None
    if words and col.kind == "outcome":  # the company's outcome words (商談化 → 成功)
        own = words.outcomes or None
    if typed is not None:
        return _typed_text(typed, choices, own)
    if choices is not None:
        texts, problems = parse_choice_column(values, choices, own)
    else:
        texts, problems = parse_text_column(values)
    # The parsers give text or None: a blank is a None (no pandas isna over objects).
    blank = np.fromiter(map(operator.is_, texts, repeat(None)), dtype=bool, count=len(texts))
    return _Parsed(texts, problems, blank)


def _not_counted(
    spec: SheetSpec,
    cols: Mapping[str, Sequence[object]],
    parsed: Mapping[str, _Parsed],
    keep: np.ndarray,
    row_numbers: np.ndarray,
    checks: list[Check],
) -> np.ndarray:
    """Kept rows whose kind is read but never counted (a call, an e-mail: NOT_COUNTED_KINDS),
    and one info Check per sheet naming how many there are, word by word.

    A route wholesaler's SFA logs 電話 beside 訪問 and 納品 on every rep's day: 15% of the
    rows, which are no problem to fix, so they are said once and not listed.
    """
    one = parsed.get("kind")
    hit = np.zeros(len(keep), dtype=bool)
    # The Words sheet's kind column says what a word means: a word meaning 連絡 is no call.
    if one is None or spec is WORDS or not any(c.kind == "kind" for c in spec.columns):
        return hit
    values = one.values
    if isinstance(values, pa.Array):
        wanted = pa.array(sorted(NOT_COUNTED_KINDS), type=values.type)
        hit = np.asarray(pc.is_in(values, value_set=wanted).fill_null(False), dtype=bool)
    else:
        hit = np.fromiter(map(NOT_COUNTED_KINDS.__contains__, values), bool, count=len(values))
    hit &= keep
    at = np.flatnonzero(hit)
    if not len(at):
        return hit
    by_word = {w: row_numbers[r] for w, r in _rows_by_word(cols["kind"], at).items()}
    checks.append(contacts_not_counted(spec.name, by_word))
    return hit


def word_counts(
    values: Sequence[object],
    rows: np.ndarray,
    words: KindWords,
    table: Mapping[str, str] | None = None,
) -> dict[str, int]:
    """How many of the rows ``rows`` (a mask) hold each of the company's ``words``, by
    ``choice_key``. Only the distinct cells are looked up (an SFA's words are a handful).
    ``table``: which of its words (``words.outcomes`` in an outcome column), else its kinds."""
    counts: dict[str, int] = {}
    known = words.table if table is None else table

    def add(cell: object, n: int) -> None:
        key = choice_key(cell)
        if key is not None and key in known:
            counts[key] = counts.get(key, 0) + n

    if isinstance(values, TypedColumn) and values.kind == "text" and values.uniques is not None:
        odd = [i for i in values.odd if rows[i]]
        plain = rows.copy()
        plain[odd] = False
        codes = values.values[plain]
        tally = np.bincount(codes[codes >= 0], minlength=len(values.uniques))
        for cell, n in zip(to_python(values.uniques), tally.tolist(), strict=True):
            if n:
                add(cell, n)
        for i in odd:
            add(values.odd[i], 1)
        return counts
    for cell, n in Counter(values[int(i)] for i in np.flatnonzero(rows)).items():
        add(cell, n)
    return counts


def read_words(
    raw: RawSheet | None,
    checks: list[Check],
    *,
    date1904: bool = False,
    today: date | None = None,
) -> KindWords:
    """The Words sheet's usable rows (``validation.words``); none when the book has no such
    sheet (it is optional and newer than most books: its absence is not reported)."""
    if raw is None:
        return KindWords()
    frame, rows = read_table(WORDS, raw, checks, date1904=date1904, today=today)
    words = kind_words(frame, rows, checks, dict(frame.attrs.get("columns", {})))
    refresh_rows_left_out(checks, WORDS)  # a word given two meanings is a row left out too
    return words


def contacts_not_counted(sheet: str, by_word: Mapping[object, np.ndarray]) -> Check:
    """The info line for rows read as contacts: each word as typed → its Excel row numbers
    (ascending), most rows first. Shared with the file and database reader."""
    count = sum(len(rows) for rows in by_word.values())
    params = {
        "count": f"{count:,}",
        "n": count,
        "words_ja": ", ".join(
            f"「{w}」{len(r):,}行: {listed_rows(r, len(r))}行目" for w, r in by_word.items()
        ),
        "words_en": ", ".join(
            f"'{w}' {len(r):,} row{'s' * (len(r) != 1)}: {listed_rows(r, len(r))}"
            for w, r in by_word.items()
        ),
    }
    return Check(sheet, None, "", None, "contacts_not_counted", params, "info")


def nobody_there_counted(sheet: str, by_word: Mapping[object, Sequence[int]]) -> Check:
    """The info line for rows read as visits because their kind says nobody was there
    (不在, 留守: ``schema.NOBODY_THERE``), as ``contacts_not_counted`` words it. Shared with
    the file and database reader."""
    said = contacts_not_counted(sheet, by_word)  # type: ignore[arg-type]  # len and [:n] only
    return replace(said, problem="visits_nobody_there")


_NOBODY_KEYS = frozenset(filter(None, map(choice_key, NOBODY_THERE)))


def is_nobody_there(word: object) -> bool:
    """A kind cell saying nobody was there (不在, 留守), folded as the choice parser folds."""
    return choice_key(word) in _NOBODY_KEYS


def _nobody_there(
    spec: SheetSpec,
    cols: Mapping[str, Sequence[object]],
    parsed: Mapping[str, _Parsed],
    keep: np.ndarray,
    row_numbers: np.ndarray,
    words: KindWords | None,
) -> Check | None:
    """The info line for kept Visits rows whose kind says nobody was there, or None (a word
    the Words sheet maps is the company's own reading: not said again). The column's
    distinct words are looked at first: a log without 不在 costs no pass."""
    one = parsed.get("kind")
    if one is None or spec is not VISITS:
        return None
    values = cols["kind"]
    if (
        isinstance(values, TypedColumn)
        and values.kind == "text"
        and not values.odd
        and values.uniques is not None
        and not any(map(is_nobody_there, to_python(values.uniques)))
    ):
        return None
    kinds = one.values
    if isinstance(kinds, pa.Array):
        visit = np.asarray(pc.equal(kinds, "visit").fill_null(False), dtype=bool)
    else:
        visit = np.fromiter((k == "visit" for k in kinds), bool, count=len(kinds))
    by_word = {
        w: row_numbers[r]
        for w, r in _rows_by_word(values, np.flatnonzero(visit & keep)).items()
        if is_nobody_there(w) and not (words and choice_key(w) in words.table)
    }
    return nobody_there_counted(spec.name, by_word) if by_word else None


def customer_meetings_counted(sheet: str, count: int, left: int) -> Check | None:
    """The info line for meeting rows at customers already held, read as visits of them
    (core.meetings): ``count`` such rows, ``left`` meetings with prospects still meetings.
    ``None`` when there are none. Shared with the file and database reader.

    Why: a log whose 商談 are all at customers it holds shows 0 meetings everywhere, and
    without a word the manager reads it as meetings lost (trial 26: 1,341 rows)."""
    if count <= 0:
        return None
    key = "customer_meetings_counted" if left > 0 else "customer_meetings_counted_all"
    params = {"count": f"{count:,}", "n": count, "left": f"{left:,}"}
    return Check(sheet, None, "", None, key, params, "info")


def _rows_by_word(values: Sequence[object], at: np.ndarray) -> dict[object, np.ndarray]:
    """The row indices ``at`` grouped by the word their cell holds (as ``_choice_key`` folds
    it), each word shown as first typed; most rows first. The distinct words are few, so
    only they are looked at one by one, not the rows."""
    if isinstance(values, TypedColumn) and values.kind == "text" and not values.odd:
        keys = values.values[at]  # dictionary codes: one per distinct cell
    else:
        keys, _ = pd.factorize(_object_array([values[int(i)] for i in at]), use_na_sentinel=False)
    codes, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    grouped: dict[object, list[np.ndarray]] = {}
    shown: dict[object, object] = {}
    for k in range(len(codes)):
        typed = values[int(at[first[k]])]
        word = _choice_key(typed)
        shown.setdefault(word, str(typed).strip())
        grouped.setdefault(word, []).append(at[inverse == k])
    merged = {shown[w]: np.sort(np.concatenate(parts)) for w, parts in grouped.items()}
    return dict(sorted(merged.items(), key=lambda item: -len(item[1])))


def listed_rows(rows: Sequence[int] | np.ndarray, total: int) -> str:
    """The first LISTED_ROWS row numbers as Excel's row headers show them (38875, no
    thousands comma: "38,875, 38,876" read as four numbers), "…" when ``total`` is more.
    Only the first few are read (a slice: a file's word keeps no more, ``_FirstLines``)."""
    listed = ", ".join(str(int(r)) for r in rows[:LISTED_ROWS])
    return listed + (" …" if total > LISTED_ROWS else "")


def _short_rows(
    spec: SheetSpec, parsed: Mapping[str, _Parsed], blank_row: np.ndarray
) -> np.ndarray:
    """Rows that would be left out: a required value missing or unreadable (blank rows not)."""
    short = np.zeros(len(blank_row), dtype=bool)
    for col in spec.columns:
        one = parsed.get(col.key)
        if col.required and one is not None:
            short |= one.missing
            if one.problems:
                short[[i for i, _ in one.problems]] = True
    return short & ~blank_row


def _total_rows(cols: Mapping[str, Sequence[object]], short: np.ndarray) -> np.ndarray:
    """Rows that are totals, not orders: among the ``short`` rows (``_short_rows``), those
    with a subtotal label (合計, 小計, Total…) in one of their cells. Only such rows' cells
    are looked at: a clean sheet costs one mask."""
    totals = np.zeros(len(short), dtype=bool)
    for i in np.flatnonzero(short):
        totals[i] = any(is_subtotal(values[int(i)]) for values in cols.values())
    return totals


def _header_repeats(
    cols: Mapping[str, Sequence[object]],
    header: Sequence[object],
    match: HeaderMatch,
    short: np.ndarray,
) -> np.ndarray:
    """Among the ``short`` rows, those that repeat the header (``repeats_header``)."""
    keys = [k for k in match.positions if k in cols]
    names = [header[match.positions[k]] for k in keys]
    repeats = np.zeros(len(short), dtype=bool)
    for i in np.flatnonzero(short):
        repeats[i] = repeats_header([cols[k][int(i)] for k in keys], names)
    return repeats


def _cell_checks(
    spec: SheetSpec,
    raw: RawSheet,
    header: list[object],
    match: HeaderMatch,
    cols: Mapping[str, Sequence[object]],
    parsed: Mapping[str, _Parsed],
    blank_row: np.ndarray,
    row_numbers: np.ndarray,
    checks: list[Check],
) -> np.ndarray:
    """Pass 2: report problems (not on blank rows) and required blanks; the rows to skip.

    Checks come row by row, left to right: the order the user reads the sheet in. A word
    the choice columns do not know is one Check per distinct word (an SFA's own activity
    type fills thousands of rows with it); the list stops at ``MAX_DATE_CHECKS`` rows.
    """
    bad = np.zeros(len(blank_row), dtype=bool)
    cell_checks: list[tuple[int, int, Check]] = []  # (row index, column index, check)
    for col in spec.columns:
        if col.key not in parsed:
            continue
        one = parsed[col.key]
        values = cols[col.key]
        name = _col_name(raw, header, match.positions[col.key])
        position = match.positions[col.key]
        problem_rows = set()
        unknown: dict[object, list[int]] = {}  # distinct unknown word → its row indices
        for i, code in one.problems:
            if blank_row[i]:
                continue
            problem_rows.add(i)
            required = col.required
            if required:
                bad[i] = True
            if code == "unknown_choice":
                unknown.setdefault(_choice_key(values[i]), []).append(i)
                continue
            check = Check(
                spec.name,
                int(row_numbers[i]),
                name,
                values[i],
                code if required else IGNORED_PROBLEMS.get(code, code),
                problem_params(code, values[i]),
                "error" if required else "warn",
            )
            cell_checks.append((i, position, check))
        for at in unknown.values():
            typed = str(header[position]).strip()
            check = _unknown_choice_check(spec, col, name, typed, values[at[0]], row_numbers[at])
            cell_checks.append((at[0], position, check))
        if col.required:
            blank_required = one.missing & ~blank_row
            for i in np.flatnonzero(blank_required):
                if i not in problem_rows:
                    check = Check(spec.name, int(row_numbers[i]), name, None, "blank")
                    cell_checks.append((int(i), position, check))
            bad |= blank_required
    ordered = [c for _, _, c in sorted(cell_checks, key=lambda t: (t[0], t[1]))]
    checks.extend(ordered[:MAX_DATE_CHECKS])
    if len(ordered) > MAX_DATE_CHECKS:
        first_unlisted = ordered[MAX_DATE_CHECKS]
        params = {**first_unlisted.params, "value": first_unlisted.value}
        more_not_listed(checks, spec.name, len(ordered), first_unlisted.problem, params)
    return bad


# Row numbers a Checks row names for one unknown word: enough to find it with Ctrl+F.
LISTED_ROWS = 5


def _choice_key(value: object) -> object:
    """The word a cell is reported under: text as the choice parser matches it (NFKC, case
    and spaces ignored: "ｱﾎﾟ取り " and "アポ取り" are one word), other cells as they are."""
    if isinstance(value, str):
        return fold(value, WHITESPACE)
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return value


def choice_words(kind: str, language: str = "ja") -> str:
    """Every word a choice column accepts, grouped by what it means, Japanese first:
    ``訪問(visit): 訪問・定期訪問・…・visit・route visit / アポ(attempt): …``; in English,
    English first under the English label: ``visit: visit, route visit, …, 訪問 / …`` (the
    Japanese words stay: an English company's export may still type them)."""
    choices = VISIT_KINDS if kind == "kind" else OUTCOMES
    groups = []
    for key, aliases in choices.items():
        words = sorted(dict.fromkeys((key, *aliases)), key=str.isascii)  # stable: ja, then en
        if language == "en":
            words = sorted(words, key=lambda w: not w.isascii())  # en, then ja
            groups.append(f"{key}: {', '.join(words)}")
            continue
        label = next((w for w in words if not w.isascii() and w[0].isalpha()), key)  # not ○
        groups.append(f"{label}({key}): {'・'.join(words)}")
    return " / ".join(groups)


def _unknown_choice_check(
    spec: SheetSpec, col: ColumnSpec, name: str, typed: str, value: object, rows: np.ndarray
) -> Check:
    """One Check for every row holding one word the column does not know (at its first row).

    Kind is required (its rows are skipped); outcome is optional (the value is dropped). An
    unknown kind points at the Words sheet, where the company's word can be given its
    meaning; on the Words sheet itself, only routekpi's kinds are accepted.
    """
    params: dict[str, object] = {
        "value": value,
        "times": f"{len(rows):,}",  # not "count": a capped list's last line has its own
        "rows": listed_rows(rows, len(rows)),
        "field": typed,  # the header as the user's export wrote it (活動区分)
        "choices": choice_words(col.kind),
        "choices_en": choice_words(col.kind, "en"),
    }
    if col.kind == "kind":
        params.update(kind_word_params(value))
    # A rep's own log (collect) has a drop-down list, not an export to fix.
    code = "unknown_choice_rows_log" if spec is VISIT_LOG else "unknown_choice_rows"
    code = "words_unknown_kind" if spec is WORDS else code
    code = code if col.required else f"{code}_ignored"
    if spec is WORDS:  # a kind or, since trial 44 M1, an outcome
        code = "words_unknown_meaning"
    elif col.kind == "outcome" and spec is not VISIT_LOG:  # the Words sheet maps it (M1)
        params.update(words_sheet_params())
        code = "unknown_outcome_rows"
    severity = "error" if col.required else "warn"
    return Check(spec.name, int(rows[0]), name, value, code, params, severity)


def _frame(
    spec: SheetSpec, parsed: Mapping[str, _Parsed], keep: np.ndarray, n: int
) -> pd.DataFrame:
    """The canonical frame of the kept rows (a column not in the sheet is all blank).

    Every row kept (a clean sheet): each parsed column goes to the frame as it is, with no
    filtered copy first (pandas copies it once into the frame's block anyway).
    """
    everyone = bool(keep.all())
    kept_rows = n if everyone else int(np.count_nonzero(keep))
    data: dict[str, object] = {}
    converted: set[str] = set()
    for col in spec.columns:
        one = parsed.get(col.key)
        if one is None:  # NaN or None on every kept row (no list of n Nones: 4 ms at 60,000)
            numeric = col.kind in ("date", "number")
            data[col.key] = np.full(kept_rows, np.nan) if numeric else blank_objects(kept_rows)
        elif isinstance(one.values, pa.Array):
            kept = one.values if everyone else one.values.filter(pa.array(keep))
            # Arrow text becomes pandas' str column as is; an all-blank one stays object,
            # as pandas makes it from Nones on the slow path.
            data[col.key] = (
                pd.array(kept, dtype="str")
                if kept.null_count < len(kept)
                else blank_objects(len(kept))
            )
        elif isinstance(one.values, np.ndarray):
            values = one.values if everyone else one.values[keep]
            if col.kind == "date" and values.dtype.kind == "M":
                # Parsed days (datetime64[D]) straight to the frame's nanoseconds: what
                # to_datetime and astype make of them, without a pass through a seconds
                # column.
                values = values.astype("datetime64[ns]")
                converted.add(col.key)
            data[col.key] = values
        else:
            data[col.key] = _object_array(one.values)[keep]
    frame = pd.DataFrame(data)
    for col in spec.columns:
        if col.kind == "date" and col.key not in converted:
            frame[col.key] = pd.to_datetime(frame[col.key]).astype("datetime64[ns]")
    return frame


def blank_objects(n: int, index: pd.Index | None = None) -> pd.Series:
    """An object column of ``n`` Nones, as pandas makes it from ``np.full(n, None)`` or an
    assignment of None, without its scan of every cell for a type to infer (15 ms a million
    rows per column; an Orders sheet has up to eight such columns). ``np.empty`` of objects
    is None already."""
    return pd.Series(np.empty(n, dtype=object), index=index, dtype=object, copy=False)


def _with_code(name: _Parsed, code: _Parsed) -> _Parsed:
    """The rep column with the code where the name is blank (or a problem): the row is the
    code's rep (``validation.reps.key_by_code`` names it). A name's problem on a row with a
    code is no problem."""
    coded = ~code.missing
    values: np.ndarray | pa.Array | list[object]
    if isinstance(name.values, pa.Array) or isinstance(code.values, pa.Array):
        left, right = (
            v if isinstance(v, pa.Array) else pa.array(list(v), pa.large_string())
            for v in (name.values, code.values)
        )
        values = pc.coalesce(left.cast(pa.large_string()), right.cast(pa.large_string()))
    else:
        values = [
            c if (n is None or n != n) and c is not None else n
            for n, c in zip(name.values, code.values, strict=True)
        ]
    problems = [(i, p) for i, p in name.problems if not coded[i]]
    return _Parsed(values, problems, name.missing & code.missing)


def _kept_text(values: np.ndarray | pa.Array | list[object], keep: np.ndarray) -> object:
    """A text column's kept rows as ``_frame`` makes them (pandas' str, or object Nones)."""
    if isinstance(values, pa.Array):
        kept = values if keep.all() else values.filter(pa.array(keep))
        if kept.null_count < len(kept):
            return pd.array(kept.cast(pa.large_string()), dtype="str")
        return np.full(len(kept), None, dtype=object)
    return _object_array(list(values))[keep]


def _skipped_keys(values: np.ndarray | pa.Array | list[object], skipped: np.ndarray) -> set[object]:
    """The non-blank values of the skipped rows."""
    if not skipped.any():  # the usual sheet: no row skipped, no walk over its values
        return set()
    if isinstance(values, pa.Array):
        return {v for v in values.filter(pa.array(skipped)).to_pylist() if v}
    return {v for v, s in zip(values, skipped, strict=True) if s and v}  # type: ignore[call-overload]


# ------------------------------------------------------------- typed columns (fast path)


def _odd_cells(typed: TypedColumn) -> tuple[np.ndarray, list[object]]:
    """Row indices and raw values of the cells fastexcel could not convert."""
    rows = np.fromiter(typed.odd.keys(), dtype=np.int64, count=len(typed.odd))
    return rows, list(typed.odd.values())


def _typed_numbers(typed: TypedColumn) -> tuple[np.ndarray, list[tuple[int, str]]]:
    """parse_number_column on a typed column: the floats as they are, odd cells parsed."""
    out = typed.values.astype(np.float64)  # a copy: fastread declined NaN/inf text
    out += 0.0  # -0.0 → 0.0, as the scalar parser does
    problems: list[tuple[int, str]] = []
    if typed.odd:
        rows, cells = _odd_cells(typed)
        values, odd_problems = parse_number_column(cells)
        out[rows] = values
        problems = sorted((int(rows[k]), code) for k, code in odd_problems)
    return out, problems


def _typed_dates(
    typed: TypedColumn, *, date1904: bool, notes: list[DayNote] | None = None
) -> tuple[np.ndarray, list[tuple[int, str]]]:
    """parse_date_column on a typed column: the calendar day of each date, odd cells parsed
    (a number is odd in a date column: 6-digit days are told among them)."""
    out = typed.values.astype("datetime64[D]")  # floors, as date() drops the time of day
    problems: list[tuple[int, str]] = []
    if typed.odd:
        rows, cells = _odd_cells(typed)
        values, odd_problems = parse_date_column(cells, date1904=date1904, notes=notes)
        out[rows] = values
        problems = sorted((int(rows[k]), code) for k, code in odd_problems)
    return out, problems


def _typed_text(
    typed: TypedColumn,
    choices: Mapping[str, Sequence[str]] | None,
    words: Mapping[str, str] | None = None,
) -> _Parsed:
    """parse_text_column / parse_choice_column on dictionary-encoded text.

    Each distinct value is parsed once; plain ASCII text (parse_text's identity) is not
    even turned into a Python string. The result stays an Arrow string array.
    """
    uniques = typed.uniques
    assert uniques is not None
    codes = typed.values  # the sheet's: copied only to be changed
    # Distinct raw values: the dictionary, then the odd cells (each its own entry).
    rows, odd_cells = _odd_cells(typed)
    if len(rows):
        codes = codes.copy()
        codes[rows] = len(uniques) + np.arange(len(rows))
    if choices is None and isinstance(uniques, pa.Array):
        plain = plain_text(uniques)
    else:
        plain = np.zeros(len(uniques), dtype=bool)
    todo = np.flatnonzero(~plain)
    cells = [
        *to_python(
            uniques.take(pa.array(todo)) if isinstance(uniques, pa.Array) else uniques[todo]
        ),
        *odd_cells,
    ]
    if choices is not None:
        texts, problems_at = parse_choice_column(cells, choices, words)
    else:
        texts, problems_at = parse_text_column(cells)
    # Parsed dictionary: plain strings as they are, the others as parsed.
    n_dict = len(uniques) + len(odd_cells)
    where = np.concatenate([todo, len(uniques) + np.arange(len(odd_cells))]).astype(np.int64)
    if isinstance(uniques, pa.Array) and choices is None:
        base = pa.concat_arrays([uniques.cast(pa.string()), pa.nulls(len(odd_cells), pa.string())])
        mask = np.zeros(n_dict, dtype=bool)
        mask[where] = True
        dictionary = pc.replace_with_mask(base, pa.array(mask), pa.array(texts, pa.string()))
    else:
        full: list[object] = [None] * n_dict
        for k, text in zip(where.tolist(), texts, strict=True):
            full[k] = text
        dictionary = pa.array(full, pa.string())
    problem_code = {int(where[k]): code for k, code in problems_at}
    # Large strings, the layout of pandas' str columns: the frame then takes the column as
    # it is (casting the small dictionary here, not a million-row column there).
    dictionary = dictionary.cast(pa.large_string())
    values = dictionary.take(pa.array(codes, mask=codes < 0))
    problems: list[tuple[int, str]] = []
    if problem_code:
        hit = np.flatnonzero(np.isin(codes, np.fromiter(problem_code, dtype=np.int64)))
        problems = [(int(i), problem_code[int(codes[i])]) for i in hit]
    missing = values.is_null().to_numpy(zero_copy_only=False)
    return _Parsed(values, problems, missing)


_TEXT_CELLS = frozenset({str, type(None)})


def _dictionary_text(values: Sequence[object]) -> TypedColumn | None:
    """A column of text cells and blanks (cells read row by row: xlwings, small sheets) as
    the fast path's dictionary-encoded text, so ``_typed_text`` parses each distinct value
    once and the frame takes the Arrow column as it is; None when any cell is not text."""
    if not values or not set(map(type, values)) <= _TEXT_CELLS:
        return None
    try:  # Arrow refuses what UTF-8 cannot hold (a lone surrogate): parsed cell by cell
        encoded = pa.array(values, type=pa.string()).dictionary_encode()
    except (pa.ArrowException, UnicodeError):
        return None
    codes = pc.fill_null(encoded.indices, -1).to_numpy().astype(np.int64)
    return TypedColumn("text", codes, encoded.dictionary)


def _object_array(values: Sequence[object]) -> np.ndarray:
    """A 1-D object array (np.asarray would build 2-D from tuples or fail on ragged items)."""
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def dates_out_of_range(parsed: np.ndarray, *, open_end: bool) -> list[tuple[int, str]]:
    """Dates outside 1900–2199: no history lives there, and pandas cannot hold most of them.

    On an account's end date, 2200 and later is the usual "no end" sentinel (9999-12-31):
    it becomes blank without a Check.
    """
    early = parsed < _FIRST_DAY
    late = parsed >= _LAST_DAY
    if open_end:
        parsed[late] = np.datetime64("NaT")
        late[:] = False
    bad = np.flatnonzero(early | late)
    parsed[bad] = np.datetime64("NaT")
    return [(int(i), "date_out_of_range") for i in bad]


def dates_after_today(parsed: np.ndarray, today: date) -> list[tuple[int, str]]:
    """Events dated after today cannot have happened: a mistyped year (2062 for 2026).

    Left in, one of them would move the default as-of date decades ahead.
    """
    late = np.flatnonzero(parsed > np.datetime64(today, "D"))
    parsed[late] = np.datetime64("NaT")
    return [(int(i), "date_after_today") for i in late]


def _col_name(raw: RawSheet, header: list[object], idx: int) -> str:
    """How a column is named in Checks: its letter and header as typed, e.g. ``D 金額``."""
    return f"{column_letter(raw.first_col + idx + 1)} {str(header[idx]).strip()}".strip()


def empty_table(spec: SheetSpec) -> pd.DataFrame:
    """An empty frame with the columns of an input sheet (a missing or empty table)."""
    return empty_frame(tuple(c.key for c in spec.columns))


@dataclass
class Inputs:
    """The validated workbook: history for the engine, overrides, weights, and every Check."""

    history: History
    overrides: pd.DataFrame
    rep_weights: dict[str, float]
    checks: list[Check]
    rows_read: int
    # The Accounts sheet's row of each account code and its columns' Checks names ("C 担当者"),
    # for a check that points at the rows to update (empty: accounts from a file or derived).
    account_rows: dict[str, int] = field(default_factory=dict)
    account_columns: dict[str, str] = field(default_factory=dict)


# The collected sheet's rows read beside a pasted Visits sheet are numbered past any sheet's
# last row (1,048,576) while the visits are checked together, then named on their own tab
# (``on_collected_tab``): a check on one says 回収訪問's row, not a Visits row of that number.
COLLECTED_ROW_OFFSET = 10_000_000


def on_collected_tab(checks: list[Check], tab: str) -> list[Check]:
    """``checks`` with each Visits check on a collected row (``COLLECTED_ROW_OFFSET``) named
    on the collected sheet ``tab`` at its own row."""
    return [
        replace(c, sheet=tab, row=c.row - COLLECTED_ROW_OFFSET)
        if c.sheet == VISITS.name and c.row is not None and c.row >= COLLECTED_ROW_OFFSET
        else c
        for c in checks
    ]


def _with_collected_sheet(
    sheets: dict[str, RawSheet | None],
    visits: pd.DataFrame,
    visit_rows: np.ndarray,
    checks: list[Check],
    date1904: bool,
    today: date,
    words: KindWords | None,
) -> tuple[pd.DataFrame, np.ndarray, int]:
    """The Visits sheet's rows with the collected-visits sheet's (``COLLECTED_VISITS``) when
    Visits is a pasted export (validation.same_visit.pasted_export): collect files returned
    rows there so the next paste keeps them, and a row the export already holds is counted
    once (same_visit.kept_beside). Unchanged otherwise (a template Visits sheet: collect
    appends below it; pipeline says rows left on the collected sheet are not read)."""
    from routekpi.validation.same_visit import (
        collected_read_check,
        collected_sheet_checks,
        kept_beside,
        pasted_export,
    )

    raw = sheets.get(COLLECTED_VISITS.name)
    if raw is None or not typed_rows(raw) or not pasted_export(sheets.get(VISITS.name)):
        return visits, visit_rows, 0
    mine: list[Check] = []
    side, side_rows = read_table(VISITS, raw, mine, date1904=date1904, today=today, words=words)
    # Its own problems at its own tab and rows; its memo column is the log's, not "unused".
    checks += collected_sheet_checks(mine, raw.name)
    keep = kept_beside(visits, side)
    tab = sheets[VISITS.name].name  # type: ignore[union-attr]
    checks.append(collected_read_check(raw.name, tab, int(keep.sum()), len(keep)))
    if not keep.any():
        return visits, visit_rows, _rows_in(raw)
    attrs = dict(visits.attrs)
    skipped = {k: set(v) for k, v in attrs.get("skipped", {}).items()}
    for k, values in side.attrs.get("skipped", {}).items():
        skipped.setdefault(k, set()).update(values)
    added = side[keep]
    both = pd.concat([visits, added], ignore_index=True) if len(visits) else added
    both = both.reset_index(drop=True)
    for col in both.columns:  # one Arrow chunk per text column, as a sheet read gives
        dtype = both[col].dtype  # (core.frames.latest_by_text reads a single array)
        if isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow":
            both[col] = pd.array(both[col].to_numpy(dtype=object), dtype=dtype)
    both.attrs = {**attrs, "skipped": skipped}
    side_at = np.asarray(side_rows, dtype=np.int64)[keep] + COLLECTED_ROW_OFFSET
    rows = np.concatenate([visit_rows, side_at]).astype(np.int64)
    return both, rows, _rows_in(raw)


@dataclass
class PreparedTable:
    """``read_table`` of a big input sheet run ahead, in the read's thread: taken by
    ``validate_inputs`` when its sheet, day and words are the ones it reads with."""

    sheet: RawSheet
    today: date
    words: KindWords | None
    frame: pd.DataFrame
    rows: np.ndarray
    checks: list[Check]  # its own Checks rows, put back where read_table would add them


def prepare_table(
    name: str, raw: RawSheet, words_sheet: RawSheet | None, *, today: date
) -> PreparedTable | None:
    """Orders or Visits (``name``) read as ``validate_inputs`` would (a fast-path sheet,
    never a 1904 book); the visits with the Words sheet's words. None for another sheet."""
    spec = {ORDERS.name: ORDERS, VISITS.name: VISITS}.get(name)
    if spec is None:
        return None
    words = read_words(words_sheet, [], today=today) if spec is VISITS else None
    checks: list[Check] = []
    frame, rows = read_table(spec, raw, checks, today=today, words=words)
    return PreparedTable(raw, today, words, frame, rows, checks)


def validate_inputs(
    sheets: dict[str, RawSheet | None],
    as_of: date | None = None,
    *,
    date1904: bool = False,
    today: date | None = None,
    user_tabs: Sequence[str] = (),
    user_headers: Mapping[str, Sequence[Sequence[object]]] | None = None,
    drop_identical: bool = False,
    listed_reps: Sequence[str] = (),
    weekdays: frozenset[int] = MON_FRI,
    prepared: Mapping[str, object] | None = None,
) -> Inputs:
    """Validate every input sheet (keyed by canonical name; None = sheet not in the book).

    Orders and visits dated after ``today`` (default: the real today) cannot have happened:
    they are skipped, since left in they would move the default as-of date into the future.
    ``user_tabs`` are the book's tabs that are not routekpi's, ``user_headers`` their first
    rows: a missing input sheet names them, and one that reads like it is pointed out.
    ``drop_identical``: the IdenticalOrderLines setting (identical order lines count once).
    ``listed_reps``: the Reps sheet's names (validation.reps: their spelling is shown).
    ``weekdays``: the working weekdays (Settings WorkingDays), carried on the History.
    ``prepared``: tables read ahead (``prepare_table``, ``WorkbookData.prepared``).
    """
    from routekpi.validation.sheets import lookalike_checks, missing_sheet_params

    today = today or date.today()
    checks: list[Check] = []
    rows_read = 0
    missing = [spec for spec in INPUT_SHEETS if sheets.get(spec.name) is None]
    checks.extend(lookalike_checks(INPUT_SHEETS, missing, user_headers or {}))

    def table(spec: SheetSpec, words: KindWords | None = None) -> tuple[pd.DataFrame, np.ndarray]:
        nonlocal rows_read
        raw = sheets.get(spec.name)
        if raw is None:
            params = missing_sheet_params(spec, user_tabs)
            if spec.required and spec is ORDERS:
                raise InputError("err.missing_input_sheet", **params)
            checks.append(Check(spec.name, None, "", None, "input_sheet_missing", params, "warn"))
            return empty_table(spec), np.array([], dtype=np.int64)
        rows_read += _rows_in(raw)
        ready = (prepared or {}).get(spec.name)
        if (
            isinstance(ready, PreparedTable)
            and ready.sheet is raw
            and not date1904
            and ready.today == today
            and ready.words == words
        ):
            checks.extend(ready.checks)
            return ready.frame, ready.rows
        return read_table(spec, raw, checks, date1904=date1904, today=today, words=words)

    orders, order_rows = table(ORDERS)
    # Rows left out that emptied whole months: the "rows not used" line turns critical.
    with_gap(checks, ORDERS.name, orders["date"], orders.attrs.get("left_out"))
    # The company's own kind words, before the visits read them (optional, like Leave).
    raw_words = sheets.get(WORDS.name)
    words = read_words(raw_words, checks, date1904=date1904, today=today)
    if raw_words is not None:
        rows_read += _rows_in(raw_words)
    visits, visit_rows = table(VISITS, words)
    # A pasted SFA export on Visits: collect filed returned rows on the collected-visits
    # sheet, read beside it by the one "same visit" rule (trial 44 L8).
    visits, visit_rows, collected_read = _with_collected_sheet(
        sheets, visits, visit_rows, checks, date1904, today, words
    )
    rows_read += collected_read
    accounts, account_rows = table(ACCOUNTS)
    holidays, _ = table(HOLIDAYS)
    overrides, _ = table(OVERRIDES)
    weights, _ = table(REP_WEIGHTS)
    notes, note_rows = table(NOTES)
    checks.extend(note_kpi_checks(notes, note_rows))
    # Optional and newer than most books: a book without it is not told it is missing.
    raw_leave = sheets.get(LEAVE.name)
    leave, leave_rows = (
        read_table(LEAVE, raw_leave, checks, date1904=date1904, today=today)
        if raw_leave is not None
        else (empty_table(LEAVE), np.array([], dtype=np.int64))
    )
    if raw_leave is not None:
        rows_read += _rows_in(raw_leave)
    # The rep code decides a row's rep where a code column is read (validation.reps).
    orders, visits, accounts = key_by_code(
        [orders, visits, accounts], listed_reps, checks, (ORDERS.name, VISITS.name, ACCOUNTS.name)
    )
    respelled, _ = one_rep_spelling(
        [orders, visits, accounts, overrides, weights, notes, leave], listed_reps, checks, history=3
    )
    orders, visits, accounts, overrides, weights, notes, leave = respelled
    by_name = keyed_by_name(checks, ORDERS.name)
    if by_name:  # an Accounts row typed as the name is keyed as the orders' names are
        accounts = name_keyed_accounts(accounts)
    order_cols = dict(orders.attrs.get("columns", {}))
    skipped_accounts = set(accounts.attrs.get("skipped", {}).get("account", ()))
    account_cols = dict(accounts.attrs.get("columns", {}))
    old_column, old_until = "", None  # the old-code column; the last day an old code was used
    unsafe: frozenset[str] = frozenset()  # old codes typed and not read: unknown, not ended
    switch_at: int | None = None  # where the renumbering check's line goes on Checks
    if not by_name:  # an ERP migration's old codes read as the current ones, before any reader
        renumbered = old_codes(accounts, account_rows, account_cols, checks)
        if not renumbered.column:  # none typed: a group's shops renumbered, by their names
            accounts, account_rows, orders, visits = renumbered_shops_frames(
                accounts, account_rows, orders, visits, checks
            )
        orders, old_orders, orders_until = renumber(orders, renumbered.mapping)
        visits, old_visits, visits_until = renumber(visits, renumbered.mapping)
        # A business handed on under a new code at one address: one place (trial 54 M1).
        accounts, account_rows, orders, visits = successions_frames(
            accounts, account_rows, orders, visits, checks
        )
        said = renumbered.said(ACCOUNTS.name, old_orders, old_visits)
        if said is not None:
            checks.append(said)
        old_column, old_until = renumbered.column, last_old_day(orders_until, visits_until)
        unsafe = renumbered.unsafe
        if not renumbered.mapping:  # codes renumbered with no old-code column to say so
            switch_at = len(checks)  # read below on the lines' codes, said here
    from routekpi.validation.visit_names import read_by_name  # imports this module

    # A visit log typed with the customers' names read under their codes (trial 49 H1).
    visits = read_by_name(
        visits,
        visit_rows,
        orders,
        accounts,
        checks,
        orders_by_name=by_name,
        visits_by_name=keyed_by_name(checks, VISITS.name),
    )
    # Each code's first row (the one check_accounts keeps), read before it renumbers them.
    codes = accounts["account"].astype(str).tolist()
    account_at = dict(zip(reversed(codes), reversed(account_rows.tolist()), strict=True))

    orders, order_rows = _dedupe(orders, order_rows, checks, drop_identical=drop_identical)
    orders = orders.drop(columns=LINE_KEY, errors="ignore")
    # The prices like for like, per product, before a slip's lines become one order.
    products = product_months(orders) if "product" in order_cols else None
    orders, order_rows = merge_order_lines(orders, order_rows, checks)
    # A row of N orders (a monthly summary's 配送回数) as N order rows (validation.monthly).
    orders, order_rows = with_order_counts(orders, order_rows)
    # The accounts coded once (validation.renumbered.OrderDays): the renumbering check, the
    # master's starts and the engine read them. A repeated or merged line has an account and
    # day of a line kept, so each account's first and last day are those of the lines read.
    days = account_days(orders)
    if switch_at is not None:
        switch = code_switch(*first_last(days))
        if switch is not None:
            checks.insert(switch_at, switch)
    big = lump_orders(orders)  # the large orders (core.lumps), on whole orders
    lumps = months_of(big)
    ordered = None
    if by_name:
        ordered = {*orders["account"].dropna().astype(str), *visits["account"].dropna().astype(str)}
    accounts, backwards = check_accounts(accounts, account_rows, checks, account_cols, ordered)
    skipped_accounts |= backwards
    # Accounts from the orders without a sheet, and beside a partial one (core.lapse).
    day = as_of or (orders["date"].max().date() if len(orders) else date.today())
    # Text codes: the distinct ones are the coded names (a second hash pass cost ~16 ms).
    customers = (
        len(days.names)
        if orders["account"].dtype == "str"
        else int(orders["account"].dropna().astype(str).nunique())
    )
    partial = sheets.get(ACCOUNTS.name) is not None and is_partial(len(accounts), customers)
    derived = sheets.get(ACCOUNTS.name) is None or not len(accounts) or partial
    lapses = derived  # the lapse rule may end accounts (core.chain_exit reads it too)
    # The rhythm a master's lapse rule held its seasonal breaks by (visited ones are none):
    # the chain rule's seasonal test reads the same (None: its own, from the orders).
    held_rhythm: pd.DataFrame | None = None
    # A start after the account's first order (a migration's conversion day) is no win: a
    # partial master's before the derived accounts join it, a full one's after the zeros.
    if derived:
        # A monthly summary's 1st is no first order day (trial 50 M8: 90 starts moved).
        spans = _starts_spans(orders, days, accounts)
        accounts, said = earlier_starts(accounts, spans, account_at, account_cols)
        checks.extend(said)
    kept_ends: frozenset[str] = frozenset()
    ended: list[str] = []
    if derived:
        # The engine's lapse rule (core.lapse): first order → lost on the account's rhythm.
        stamps = [f["date"].min() for f in (orders, visits) if len(f)]
        from_orders = derive_accounts(orders, day, first_event=min(stamps) if stamps else None)
        if partial:
            typed = len(accounts)
            kept_ends = typed_ends(accounts)
            accounts = with_typed(from_orders, accounts)
            checks.append(partial_master_check(typed, customers, len(accounts) - typed))
        else:
            accounts = from_orders
            checks.append(
                Check(
                    ACCOUNTS.name,
                    None,
                    "",
                    None,
                    "accounts_from_orders_rhythm",
                    rule_params(),
                    "info",
                )
            )
    closed = closed_before(orders, (), None)  # ended before a migration: none without a master
    from_orders_codes: set[str] = set()  # accounts whose start is their first order
    if not derived:
        # From the column's list (``tolist``), not the Arrow column walked value by value.
        known = set(accounts["account"].tolist()) | skipped_accounts
        by_digits = digit_codes(known)  # once for both sheets (~50 ms at 1M lines a build)
        unmatched = orders
        coded = (days.codes, days.names)
        orders, order_known = _match_dropped_zeros(
            orders, order_rows, known, checks, ORDERS.name, order_cols, coded, by_digits
        )
        visit_cols = dict(visits.attrs.get("columns", {}))
        visits = match_dropped_zeros(
            visits, visit_rows, known, checks, VISITS.name, visit_cols, by_digits
        )
        # After the zeros are matched: 777's orders are 0777's, its first order 0777's start
        # (zeros48: 0777 typed 2025-07-01 with 777's orders from 2024-01 was won in FY2025).
        if orders is not unmatched:  # codes matched: 777's days are 0777's
            days = recoded(days, orders["account"])
        spans = _starts_spans(orders, days, accounts)
        accounts, said = earlier_starts(accounts, spans, account_at, account_cols)
        checks.extend(said)
        from_orders_codes = set(spans["account"].astype(str))
        # The customers that ended before the migration, not on the new master: ended
        # accounts (validation.renumbered), added once the master's own ends are read. After
        # the codes Excel cut the zeros of are matched: 777 of 0777 is no other customer.
        closed = closed_before(orders, known | unsafe, old_until)
        if len(closed):
            known |= set(closed["account"])
            order_known = order_known | orders["account"].isin(list(closed["account"])).to_numpy(
                dtype=bool
            )
        # Accounts derived from these very orders miss only orders after the as-of date,
        # which are listed as such below (as the file and database sources do).
        # One warning per unknown account, at its first row; an account whose own row was
        # skipped already has an error on Accounts (``known`` holds it: not repeated). The
        # orders' codes were just looked up in ``known``: not looked up again.
        unknown = ~order_known
        _first_unknown(
            orders,
            "account",
            known,
            order_rows,
            checks,
            order_cols,
            "unknown_account",
            unknown=unknown,
        )
        _check_order_reps(orders, order_rows, accounts, checks, order_cols)
        # A master's accounts with no end date, silent past the lapse rule: ended by it.
        first = orders["date"].min() if len(orders) else None
        # Each account's last order is enough to tell whether the master records ends; the
        # rhythm (a sort of every order day) only for one that does not.
        # Grouped by the codes held (``days``: these very lines, matched zeros recoded).
        last = last_order_by(orders, pd.Timestamp(day), (days.codes, days.names), days.last)
        # A master's closure flag (休止) without an end date: ended after the last order.
        # 取引区分; its 休眠 read by the sales (trial 53 M2).
        status = account_cols.get("inactive", "")
        dormant = dormant_of(accounts, status, last, day)
        checks.extend(dormant_checks(dormant, status))
        accounts = with_status_flag(accounts, status, dormant)
        accounts, flagged = flagged_ends(accounts, last, day, first)
        if flagged:
            checks.append(flagged_check(flagged, account_cols.get("inactive", "")))
        record = end_record(accounts, last, day, first)
        lapses = record.lapses
        if record.lapses:  # a master that keeps them is read as typed but for omissions
            # A break visited regularly is no break (trial 48 L7: core.lapse.visited_breaks).
            rhythm = visited_breaks(order_rhythm(orders, day), visits)
            held_rhythm = rhythm
            accounts, ended, seasonal = master_lapses(accounts, rhythm, day, first)
            if seasonal:
                checks.append(master_seasonal_check(rhythm, seasonal))
        if ended:
            checks.append(master_lapsed_check(accounts, ended, record))
        # A new account at a silent one's address: the old one closed (core.same_address).
        accounts = with_same_address_ends(accounts, orders, day, checks)
    accounts, said = with_closed(accounts, closed, old_column)
    if said is not None:
        checks.append(said)
    # Of them, those first seen in the history's first days: held from before it (the lapse
    # rule's reading), and the engine reads the flows after that span.
    stamps = [m for f in (orders, visits) if len(f) and pd.notna(m := f["date"].min())]
    accounts, held = held_before_history(
        accounts,
        from_orders_codes | set(closed["account"].astype(str)),
        orders["date"].min() if len(orders) else None,
        min(stamps) if stamps else None,
        account_cols.get("start", ""),
    )
    if held is not None:
        checks.append(held)
    if as_of is not None:
        _check_future(orders, order_rows, as_of, checks, order_cols, ORDERS.name)
        visit_cols = dict(visits.attrs.get("columns", {}))
        _check_future(visits, visit_rows, as_of, checks, visit_cols, VISITS.name)
    if not len(orders):
        raise InputError("no_history")
    if len(leave):
        reps = {*orders["rep"], *visits["rep"], *accounts["rep"]}
        typed = frozenset(d.date() for d in holidays["date"].dropna())
        columns = dict(leave.attrs.get("columns", {}))
        calendar = BusinessCalendar(typed, weekdays=weekdays)
        leave = check_leave(leave, leave_rows, reps, checks, columns, calendar)
    else:
        leave_skipped(checks)  # every Leave row left out: still a warning, not critical
    # A row left out that names a cover moves its orders between two reps: critical.
    skipped_with_cover(checks, raw_leave, dict(leave.attrs.get("columns", {})).get("cover", ""))

    # Company holidays assumed for the years none is typed for (validation.holidays), then
    # the order lines on days off said once (validation.weekdays).
    # The orders tallied once: alone for the days off, with the visits' for the holidays.
    # A monthly summary's 1sts are no days (validation.monthly): left out of both.
    dated = rows_with_days(orders)["date"]
    order_tally = tally_days([day_numbers(dated)])
    holidays = with_assumed_holidays(
        holidays[list(HOLIDAY_COLUMNS)],
        summed_tallies(order_tally, tally_days([day_numbers(visits["date"])])),
        checks,
        weekdays,
        first_day(dated),
    )
    orders_on_days_off(order_tally, holidays, checks, weekdays)
    recount_leave_days(checks, holidays, weekdays)  # with the assumed days, as the plan
    # An account the Accounts sheet leaves without a name (or no sheet at all): named by the
    # customer-name column of its order and visit lines (core.lapse.latest_names).
    names = latest_names(name_lines(orders, order_rows, visits, visit_rows))
    accounts = with_names(accounts, names)
    history = History(
        orders=_plain(orders[list(ORDER_COLUMNS)]),
        visits=_plain(visits[list(VISIT_COLUMNS)]),
        # reindex: accounts derived from orders have no coordinates (NaN).
        accounts=_plain(accounts.reindex(columns=list(ACCOUNT_COLUMNS))),
        holidays=_plain(holidays),
        notes=_plain(notes.reindex(columns=list(NOTE_COLUMNS))),
        leave=_plain(leave.reindex(columns=list(LEAVE_COLUMNS))),
        accounts_derived=derived,
        starts_from_orders=held is not None,
        kept_ends=kept_ends,
        lapsed_ends=frozenset(ended),
        weekdays=weekdays,
        product_months=products if products is not None and len(products) else None,
        lump_months=lumps,
        lump_orders=big,
    )
    # The engine codes these very lines' accounts (core.history.coded): it reads ours.
    keep_coded(history.orders, "account", days.codes, days.names)
    # A chain's stores the lapse rule ended that stopped ordering together: ended the day
    # after their last orders, once, for every reader of the ends (core.chain_exit).
    # Its open stores silent for two months too, where the rule ends accounts (a master that
    # keeps its end dates is read as typed, as the file sources read it).
    history = with_stopped_chains(history, day, gone=lapses, rhythm=held_rhythm)
    if any(c.problem == "unknown_order_rep" for c in checks):
        # core.handover's rule, on the as-of date (the engine's planning moment is earlier
        # only when the as-of date is inside the plan year): only then is it run twice.
        from routekpi.core.handover import hand_over

        _, handed = hand_over(history, as_of or history.last_date() or today)
        if handed is not None:
            checks[:] = departed_rep_checks(checks, handed.last_seen)
    if collected_read:
        checks[:] = on_collected_tab(checks, sheets[COLLECTED_VISITS.name].name)  # type: ignore[union-attr]
    rep_weights = {str(r): float(w) for r, w in zip(weights["rep"], weights["weight"], strict=True)}
    return Inputs(
        history,
        overrides,
        rep_weights,
        checks,
        rows_read,
        account_rows={} if derived else account_at,
        account_columns={} if derived else account_cols,
    )


# The rank of each input's lines among one day's names (core.lapse.latest_names): an order
# line's spelling (the ERP's) over a visit line's (typed by a rep), on the same day.
NAME_RANKS = {ORDERS.name: 1, VISITS.name: 0}


def _starts_spans(orders: pd.DataFrame, days: OrderDays, accounts: pd.DataFrame) -> pd.DataFrame:
    """``order_spans`` with a monthly summary's rows at their month's last day (trial 50 M8:
    90 master starts read as after a summary's 1st); the first order each span gives is
    still its first row's date (the month's 1st), the start it is read as. On the sales
    (core.lapse ``sale_lines``, as sources.assemble's SQL): a return is no first order."""
    sales = sale_lines(orders)
    if sales is not orders:  # ``days`` (every line's, coded once) only without a return
        days = account_days(sales)
    latest = latest_days(sales)
    if latest is None:
        return order_spans(days, accounts)
    spans = order_spans(account_days(sales.assign(date=latest)), accounts)
    first = pd.Series(days.first.view("datetime64[ns]"), index=days.names)
    spans["first"] = spans["account"].map(first).to_numpy(dtype="datetime64[ns]")
    return spans


def name_lines(
    orders: pd.DataFrame, order_rows: np.ndarray, visits: pd.DataFrame, visit_rows: np.ndarray
) -> pd.DataFrame:
    """The order and visit lines that name their customer (``LINE_ACCOUNT_NAME``), in
    core.lapse's ``NAME_LINE_COLUMNS``; empty when neither input has the column."""
    parts = []
    for spec, frame, rows in ((ORDERS, orders, order_rows), (VISITS, visits, visit_rows)):
        if ACCOUNT_NAME_KEY not in frame.columns or not len(frame):
            continue
        named = frame[ACCOUNT_NAME_KEY].notna().to_numpy() & frame["account"].notna().to_numpy()
        if not named.any():
            continue
        # The columns as they are (Arrow text stays Arrow: no Python string per line).
        part = frame.loc[named, ["account", ACCOUNT_NAME_KEY, "date"]]
        parts.append(
            part.rename(columns={ACCOUNT_NAME_KEY: "name"}).assign(
                rank=NAME_RANKS[spec.name], line=np.asarray(rows, dtype=np.int64)[named]
            )[list(NAME_LINE_COLUMNS)]
        )
    if not parts:
        return empty_frame(NAME_LINE_COLUMNS)
    return parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame renumbered 0…n-1, without read_table's ``attrs`` (Checks names, skipped
    keys): pandas deep-copies attrs into the result of every operation, hundreds of times
    in a run, and nothing after validation reads them."""
    plain = frame.reset_index(drop=True)
    plain.attrs = {}
    return plain


def _repeated(orders: pd.DataFrame, keys: list[str]) -> np.ndarray:
    """``orders.duplicated(subset=keys, keep="first")``, compared in full only where it can be.

    Two equal lines have equal date, amount and quantity. One 64-bit mix of those three
    (-0.0 made 0.0 and every NaN one NaN, so equal values mix equally) finds in one hash pass
    the rows that could repeat another; only those — a few hundred in a million-line book —
    go through the full comparison over the text columns, in their order, so each row is
    marked exactly as over the whole table. Collisions only add rows to compare.
    """
    mix = np.zeros(len(orders), dtype=np.uint64)
    for name, factor in (
        ("date", 0x9E3779B97F4A7C15),
        ("amount", 0xC2B2AE3D27D4EB4F),
        ("quantity", 0x165667B19E3779F9),
    ):
        column = orders[name]
        values = column.to_numpy()
        if values.dtype.kind == "M":  # NaT is one bit pattern
            bits = values.view(np.uint64)
        elif column.dtype.kind == "f":
            x = column.to_numpy(dtype=np.float64, na_value=np.nan) + 0.0  # -0.0 + 0.0 is 0.0
            bits = np.where(np.isnan(x), np.nan, x).view(np.uint64)
        else:  # an unexpected type (not from the validated readers): compare in full
            return orders.duplicated(subset=keys, keep="first").to_numpy()
        mix = (mix ^ bits) * np.uint64(factor)
    maybe = _repeating(mix)
    dup = np.zeros(len(orders), dtype=bool)
    if len(maybe):
        dup[maybe] = orders.iloc[maybe].duplicated(subset=keys, keep="first").to_numpy()
    return dup


def _repeating(mix: np.ndarray) -> np.ndarray:
    """The positions of the values that occur more than once (``duplicated(keep=False)``, in
    order). One sort of the 64-bit values tells whether any repeats (~9 ms a million lines,
    NumPy's vectorised sort, where pandas' hash pass took ~60 ms); only the values that do
    are looked up (a hash lookup of a small set, ~15 ms)."""
    ordered = np.sort(mix)
    same = ordered[1:] == ordered[:-1]
    if not same.any():
        return np.flatnonzero(np.zeros(len(mix), dtype=bool))
    twice = np.unique(ordered[1:][same])
    return np.flatnonzero(pd.Series(mix).isin(twice).to_numpy())


# The lines of one order: same order number, date, account and rep.
SLIP_KEYS = ["date", "account", "rep", "order_id"]


def _pasted_slips(orders: pd.DataFrame, keys: list[str], repeats: np.ndarray) -> np.ndarray:
    """Per line: its slip (SLIP_KEYS) holds every one of its distinct lines equally often, at
    least twice — the whole slip pasted again. Only slips with a repeated line are looked at."""
    out = np.zeros(len(orders), dtype=bool)
    if not repeats.any():
        return out
    slips = orders.loc[repeats, SLIP_KEYS].drop_duplicates()
    at = np.flatnonzero(
        orders[SLIP_KEYS].merge(slips, how="left", indicator=True)["_merge"].eq("both").to_numpy()
    )
    lines = orders.iloc[at]
    times = lines.groupby(keys, dropna=False, sort=False)[keys[0]].transform("size")
    by_slip = times.groupby([lines[k] for k in SLIP_KEYS], dropna=False, sort=False)
    low, high = by_slip.transform("min"), by_slip.transform("max")
    out[at] = ((low == high) & (low >= 2)).to_numpy()
    return out


def duplicate_reason(
    pasted: bool, unnumbered: bool, line_numbers: bool = False
) -> dict[str, object]:
    """Why repeated order lines were not counted, in both languages (``reason_ja``,
    ``reason_en`` of ``duplicate_rows``): a slip whose every line repeats as often is a
    double paste; lines without an order number go when IdenticalOrderLines says drop. Beside
    the row that counts equal lines inside a slip (``slip_lines_repeated``) the two read as a
    contradiction without it (trial 42 L6)."""
    # A slip pasted twice and a slip of one item on two equal lines look the same without
    # a line number: say which column keeps them (trial 45 L3) — unless it was pasted
    # (``line_numbers``), the lines dropped repeating their numbers too (review47).
    keep = pasted and not line_numbers
    keys = [k for k, on in (("pasted", pasted), ("keep", keep), ("setting", unnumbered)) if on]
    return {
        f"reason_{lang}": "".join(text(f"duplicate_rows.{k}", lang) for k in keys)
        for lang in ("ja", "en")
    }


def _dedupe(
    orders: pd.DataFrame, rows: np.ndarray, checks: list[Check], *, drop_identical: bool = False
) -> tuple[pd.DataFrame, np.ndarray]:
    """Repeated order lines: dropped only when they are provably the same line.

    With an order-number column, a slip whose every line is repeated as often (the whole
    slip pasted twice) counts once; two equal lines among other lines of one slip are two
    products at one price and are both counted. Without a number, identical lines are often
    real (two equal orders on one day; CDNOW has hundreds), so all are counted and one
    warning says how many there are — unless the IdenticalOrderLines setting asks to drop.
    """
    if not len(orders):
        return orders, rows
    has_id = "order_id" in orders.attrs.get("columns", {})
    keys = [*ORDER_COLUMNS, "order_id"] if has_id else list(ORDER_COLUMNS)
    if "product" in orders.attrs.get("columns", {}):  # its product column (schema: 商品コード)
        keys.append("product")
    if LINE_KEY in orders.columns:  # lines of two products are two lines (_line_key)
        keys.append(LINE_KEY)
    dup = _repeated(orders, keys)
    if not dup.any():
        return orders, rows
    # A repeated slip is a double paste; a repeat without a number is only suspicious.
    numbered = orders["order_id"].notna().to_numpy() if has_id else np.zeros(len(dup), bool)
    pasted = dup & numbered & _pasted_slips(orders, keys, dup & numbered)
    drop = pasted | (dup & ~numbered) if drop_identical else pasted
    kept = dup & ~drop & ~numbered
    first_row = (
        orders.reset_index(drop=True)
        .assign(_row=rows)
        .groupby(keys, dropna=False)["_row"]
        .transform("min")
        .to_numpy()
    )
    # Repeats kept: without a number only suspicious; within a slip not pasted whole, two
    # products at one price — or part of a slip pasted again, which only the user can tell.
    for problem, lines in (
        ("identical_lines", kept),
        ("slip_lines_repeated", dup & numbered & ~drop),
    ):
        if lines.any():
            at = int(np.flatnonzero(lines)[0])
            params = {"count": int(lines.sum()), "first": int(first_row[at])}
            checks.append(Check(ORDERS.name, int(rows[at]), "", None, problem, params, "warn"))
    dropped = np.flatnonzero(drop)
    if len(dropped):
        # One row for them all, as for an unknown word: nothing to fix (each counts once),
        # but the yen left out must be visible. A line per repeat buried the real problems
        # (343 rows in a wholesaler's book whose slips were split into equal lines).
        at = int(dropped[0])
        amount = float(orders["amount"].to_numpy(dtype=np.float64)[dropped].sum()) + 0.0
        params = {
            "count": f"{len(dropped):,}",
            "n": len(dropped),
            "rows": listed_rows(rows[dropped], len(dropped)),
            "first": int(first_row[at]),
            "amount": f"¥{amount:,.0f}",
            **duplicate_reason(
                bool(pasted.any()),
                bool((drop & ~numbered).any()),
                bool(orders.attrs.get("line_numbers", False)),
            ),
        }
        checks.append(Check(ORDERS.name, int(rows[at]), "", None, "duplicate_rows", params, "warn"))
    return orders[~drop].reset_index(drop=True), rows[~drop]


def merge_order_lines(
    orders: pd.DataFrame, rows: np.ndarray, checks: list[Check]
) -> tuple[pd.DataFrame, np.ndarray]:
    """Lines of one order (a sales-line export: 売上明細) count as one order.

    An export with a row per product line carries the slip's number (伝票番号). The slip is
    the order a visit brings — what orders per visit and unit price (取引単価) count — so
    lines sharing an order number, date, account and rep become one order: amounts and
    quantities summed, kept at its first line's row. Lines without a number stay orders of
    their own. One note says how many lines became how many orders.
    """
    if not len(orders) or "order_id" not in orders.attrs.get("columns", {}):
        return orders, rows
    numbered = np.flatnonzero(orders["order_id"].notna().to_numpy())
    if not len(numbered):  # an empty order-number column costs nothing
        return orders, rows
    shared = np.zeros(len(orders), dtype=bool)
    shared[numbered] = orders.iloc[numbered].duplicated(subset=SLIP_KEYS, keep=False).to_numpy()
    if not shared.any():
        return orders, rows
    lines = orders.loc[shared]
    by_slip = lines.groupby(SLIP_KEYS, sort=False, dropna=False)
    amount = by_slip["amount"].transform("sum")
    # A slip whose lines have no quantity has none (not 0).
    quantity = (
        by_slip["quantity"].transform("sum").where(by_slip["quantity"].transform("count") > 0)
    )
    later = np.zeros(len(orders), dtype=bool)
    later[np.flatnonzero(shared)] = lines.duplicated(subset=SLIP_KEYS, keep="first").to_numpy()
    merged = orders.copy()
    merged.loc[shared, "amount"] = amount
    merged.loc[shared, "quantity"] = quantity
    slips = int(shared.sum() - later.sum())
    checks.append(
        Check(
            ORDERS.name,
            None,
            "",
            None,
            "order_lines_merged",
            {"lines": f"{int(shared.sum()):,}", "orders": f"{slips:,}"},
            "info",
        )
    )
    return merged[~later].reset_index(drop=True), rows[~later]


def note_kpi_checks(notes: pd.DataFrame, rows: np.ndarray) -> list[Check]:
    """A warning per Notes row whose KPI matches no KPI's name (``catalog.find_kpi``): the
    Review shows it on the revenue row, which must not happen silently."""
    if not len(notes) or "kpi" not in notes.columns:
        return []
    column = dict(notes.attrs.get("columns", {})).get("kpi", "")
    examples = "、".join(k.ja for k in KPIS[:4])
    examples_en = ", ".join(k.en for k in KPIS[:4])  # an English book's (en42)
    out = []
    for i, value in enumerate(notes["kpi"].tolist()):
        missing = value is None or (isinstance(value, float) and np.isnan(value))
        typed = "" if missing else str(value)
        if typed.strip() and find_kpi(typed) is None:
            out.append(
                Check(
                    NOTES.name,
                    int(rows[i]),
                    column,
                    typed,
                    "note_kpi_unknown",
                    {"value": typed, "examples": examples, "examples_en": examples_en},
                    "warn",
                )
            )
    return out


def keyed_by_name(checks: Iterable[Check], sheet: str) -> bool:
    """The input ``sheet`` (Orders, or the file standing in for it) keys its accounts by the
    customer's name (``account_is_name``: its Checks info line says so)."""
    return any(c.sheet == sheet and c.problem.startswith("account_from_name") for c in checks)


def name_keyed_accounts(accounts: pd.DataFrame) -> pd.DataFrame:
    """The Accounts codes keyed as the orders' customer names are (``name_keys``), for orders
    keyed by name: a row typed as she writes the name (株式会社炉端かじか 国分町店) is the
    account of the orders spelled (株)炉端かじか国分町店 (trial 38 H3)."""
    if not len(accounts):
        return accounts
    out = accounts.copy()
    codes = [v if isinstance(v, str) else None for v in accounts["account"].astype(object)]
    out["account"] = pd.Series(name_keys(codes), index=accounts.index, dtype=object)
    out.attrs["typed"] = codes  # as typed, for Checks (check_accounts)
    return out


# Accounts rows matching no order line, listed one by one; the rest counted.
LISTED_NO_ORDERS = 10


def no_order_checks(
    accounts: pd.DataFrame, rows: np.ndarray, ordered: Collection[str], column: str
) -> list[Check]:
    """A warning per Accounts row (sheet, row, column) whose customer has no order or visit
    line, for orders keyed by name: a name typed otherwise than the orders spell it would
    be an account with no orders (a phantom, counted as lost)."""
    codes = accounts["account"].astype(object).to_numpy()
    typed = accounts.attrs.get("typed") or codes
    missing = [i for i, code in enumerate(codes) if isinstance(code, str) and code not in ordered]
    said = [
        Check(
            ACCOUNTS.name,
            int(rows[i]),
            column,
            typed[i],
            "account_without_orders",
            {},
            "warn",
        )
        for i in missing[:LISTED_NO_ORDERS]
    ]
    more_not_listed(
        said, ACCOUNTS.name, len(missing), "account_without_orders", {}, LISTED_NO_ORDERS
    )
    return said


def check_accounts(
    accounts: pd.DataFrame,
    rows: np.ndarray,
    checks: list[Check],
    columns: dict[str, str],
    ordered: Collection[str] | None = None,
) -> tuple[pd.DataFrame, set[str]]:
    """Drop accounts that end before they start; later duplicates of a code are ignored.
    ``ordered``: the accounts of the order and visit lines, when the orders are keyed by
    name (``keyed_by_name``): an account among none of them is warned of."""
    if not len(accounts):
        return accounts, set()
    backwards = (accounts["end"].notna() & (accounts["end"] < accounts["start"])).to_numpy()
    for i in np.flatnonzero(backwards):
        checks.append(
            Check(
                ACCOUNTS.name,
                int(rows[i]),
                columns.get("end", ""),
                accounts["end"].iloc[i].date().isoformat(),
                "end_before_start",
                {"start": accounts["start"].iloc[i].date().isoformat()},
            )
        )
    dup = accounts["account"].duplicated(keep="first").to_numpy()
    # Codes keyed as customer names (name_keyed_accounts): the row's name as typed, and why
    # two spellings are one customer.
    typed = accounts.attrs.get("typed")
    if dup.any():
        first = accounts.assign(_row=rows).groupby("account")["_row"].transform("min").to_numpy()
        for i in np.flatnonzero(dup & ~backwards):
            checks.append(
                Check(
                    ACCOUNTS.name,
                    int(rows[i]),
                    columns.get("account", ""),
                    accounts["account"].iloc[i] if typed is None else typed[i],
                    "duplicate_account" if typed is None else "duplicate_account_name",
                    {"first": int(first[i])},
                    "warn",
                )
            )
    dropped = set(accounts["account"][backwards])
    if backwards.any():
        with_more_skipped(checks, ACCOUNTS.name, int(backwards.sum()), len(accounts))
    kept = ~backwards & ~dup
    if ordered is not None:
        column = columns.get("account", "")
        listed = accounts[kept]
        if typed is not None:
            listed.attrs["typed"] = [t for t, k in zip(typed, kept, strict=True) if k]
        checks.extend(no_order_checks(listed, rows[kept], ordered, column))
    return accounts[kept].reset_index(drop=True), dropped


def _check_order_reps(
    orders: pd.DataFrame,
    rows: np.ndarray,
    accounts: pd.DataFrame,
    checks: list[Check],
    columns: dict[str, str],
) -> None:
    """Reps nobody wrote on Accounts: usually a typo ("Yamda") that would get its own plan."""
    reps = set(accounts["rep"].tolist())  # a list first: an Arrow column walks slowly
    _first_unknown(orders, "rep", reps, rows, checks, columns, "unknown_order_rep")


def departed_rep_checks(checks: list[Check], gone: Mapping[str, date]) -> list[Check]:
    """The checks with each unknown rep who has left (core.handover's rule: rep → last
    order or visit) said to have left, not to be a possible typo: the Plan's note explains
    him, and "fix the spelling" would send the user hunting for a slip that is not there."""
    return [
        Check(
            c.sheet,
            c.row,
            c.column,
            c.value,
            "departed_order_rep",
            {"last": gone[str(c.value)].isoformat()},
            "info",
        )
        if c.problem == "unknown_order_rep" and str(c.value) in gone
        else c
        for c in checks
    ]


def digit_codes(known: Iterable[object]) -> dict[str, list[str]]:
    """The known digit codes by their digits without leading zeros (``zeros_dropped``'s
    table): built once for a set of codes, looked up by each sheet's unknown codes."""
    by_digits: dict[str, list[str]] = {}
    for code in known:
        if isinstance(code, str) and code.isascii() and code.isdigit():
            by_digits.setdefault(code.lstrip("0"), []).append(code)
    return by_digits


def zeros_dropped(
    unknown: Iterable[object],
    known: Iterable[object],
    by_digits: dict[str, list[str]] | None = None,
) -> dict[str, str]:
    """Unknown digit codes that are one known code but for leading zeros (1016 → 001016).

    Excel reads a pasted column of codes as numbers and drops their zeros, on either sheet.
    A code that two known codes could be (01016 and 001016) is left unknown: a guess
    there would give one account's orders to another. ``by_digits``: ``digit_codes(known)``
    when the caller has it (the orders and the visits test the same codes).
    """
    if by_digits is None:
        by_digits = digit_codes(known)
    found: dict[str, str] = {}
    for code in unknown:
        if isinstance(code, str) and code.isascii() and code.isdigit():
            candidates = by_digits.get(code.lstrip("0"), [])
            if len(candidates) == 1:
                found[code] = candidates[0]
    return found


def match_dropped_zeros(
    frame: pd.DataFrame,
    rows: np.ndarray,
    known: set[str],
    checks: list[Check],
    sheet: str,
    columns: dict[str, str],
    by_digits: dict[str, list[str]] | None = None,
) -> pd.DataFrame:
    """Codes that lost their leading zeros read as the Accounts code they are, said once.

    Left as they were, each is an "unknown account" (615 of them in a trial's book) whose
    orders count for no account: churn, at-risk accounts and rep checks would miss them.
    ``by_digits``: ``digit_codes(known)`` when the caller has built it.
    """
    return _match_dropped_zeros(frame, rows, known, checks, sheet, columns, None, by_digits)[0]


def _match_dropped_zeros(
    frame: pd.DataFrame,
    rows: np.ndarray,
    known: set[str],
    checks: list[Check],
    sheet: str,
    columns: dict[str, str],
    coded: tuple[np.ndarray, pd.Index] | None = None,
    by_digits: dict[str, list[str]] | None = None,
) -> tuple[pd.DataFrame, np.ndarray]:
    """``match_dropped_zeros``, and which of the returned frame's codes are in ``known``
    (``_is_in`` of its account column: a matched code is one of ``known``). ``coded``: the
    account column's ``pd.factorize`` (validation's orders): each code looked up once, not
    each line (a code is in a set or not whatever line it is on). ``by_digits``:
    ``digit_codes(known)``, built once for the orders and the visits."""
    if not len(frame):
        return frame, np.zeros(0, dtype=bool)
    codes = frame["account"]
    if coded is None:
        inside = _is_in(codes, known)
        # The distinct codes as a list: zeros_dropped walks them (a visits sheet's prospects
        # are tens of thousands at a million lines; an Arrow array walks ~10× slower).
        unknown = codes[codes.notna().to_numpy() & ~inside].unique().tolist()
    else:  # the coded names: the distinct codes in order of first line, as ``unique`` gives
        at, names = coded
        distinct = pd.Series(names, dtype=codes.dtype)
        named = _is_in(distinct, known)
        inside = np.append(named, False)[at]  # code -1 (no account): in no set
        unknown = distinct[~named].tolist()
    found = zeros_dropped(unknown, known, by_digits)
    if not found:
        return frame, inside
    if coded is None:
        hit = _is_in(codes, set(found))
    else:
        hit = np.append(_is_in(distinct, set(found)), False)[at]
    first = int(np.flatnonzero(hit)[0])
    value = str(codes.iloc[first])
    check = zeros_dropped_check(
        sheet,
        int(rows[first]),
        columns.get("account", ""),
        value,
        found[value],
        len(found),
        int(hit.sum()),
    )
    checks.append(check)
    matched = frame.copy()  # attrs (the Checks names of its columns) come along
    matched["account"] = codes.where(~hit, codes.map(found))
    return matched, inside | hit


def zeros_dropped_check(
    sheet: str, row: int, column: str, value: str, account: str, codes: int, lines: int
) -> Check:
    """The one Checks warning for codes read as the Accounts codes they lost zeros of
    (sheet and file paths alike): ``value`` on ``row`` is the first, ``account`` its match."""
    params = {
        "value": value,
        "account": account,
        "count": f"{codes:,}",
        "lines": f"{lines:,}",
    }
    # Which side lost them decides the advice: the shorter code is the one Excel cut.
    problem = (
        "account_zeros_dropped" if len(value) < len(account) else "account_zeros_dropped_accounts"
    )
    return Check(sheet, row, column, value, problem, params, "warn")


def _is_in(column: pd.Series, known: set[str]) -> np.ndarray:
    """``column.isin(known)`` as a NumPy mask; on Arrow text with text codes, Arrow's own
    ``is_in`` (5× faster on a million order lines; a missing value is in neither)."""
    if column.dtype == "str" and all(isinstance(k, str) for k in known):
        data = pa.array(column.array)
        if pa.types.is_string(data.type) or pa.types.is_large_string(data.type):
            hit = pc.is_in(data, value_set=pa.array(list(known), type=data.type))
            return np.asarray(hit.fill_null(False), dtype=bool)
    return column.isin(known).to_numpy()


def _first_unknown(
    orders: pd.DataFrame,
    key: str,
    known: set[str],
    rows: np.ndarray,
    checks: list[Check],
    columns: dict[str, str],
    code: str,
    *,
    unknown: np.ndarray | None = None,
) -> None:
    """One warning per distinct value of ``orders[key]`` not in ``known`` (at its first
    row). ``unknown``: that mask, when the caller has it already."""
    if unknown is None:
        unknown = ~_is_in(orders[key], known)
    seen: set[str] = set()
    for i in np.flatnonzero(unknown):
        value = orders[key].iloc[i]
        if value in seen:
            continue
        seen.add(value)
        if len(seen) <= MAX_DATE_CHECKS:
            checks.append(
                Check(ORDERS.name, int(rows[i]), columns.get(key, ""), value, code, {}, "warn")
            )
    more_not_listed(checks, ORDERS.name, len(seen), code, {})


def _check_future(
    frame: pd.DataFrame,
    rows: np.ndarray,
    as_of: date,
    checks: list[Check],
    columns: dict[str, str],
    sheet: str,
) -> None:
    """Orders and visits after the as-of date are kept but not counted by the engine: say so.

    A few such rows are listed one by one (a stray date); more are one line, the as-of date
    having been set before the history's end on purpose (``after_as_of``).
    """
    future = np.flatnonzero((frame["date"] > pd.Timestamp(as_of)).to_numpy())
    if len(future) > LISTED_AFTER_AS_OF:
        dates = frame["date"].iloc[future]
        checks.append(after_as_of(sheet, len(future), dates.min(), dates.max(), as_of))
        return
    for i in future:
        checks.append(
            Check(
                sheet,
                int(rows[i]),
                columns.get("date", ""),
                frame["date"].iloc[i].date().isoformat(),
                "future_date",
                {"as_of": as_of.isoformat()},
                "warn",
            )
        )


# Up to this many rows after the as-of date are listed one by one; more are one line.
LISTED_AFTER_AS_OF = 20


def after_as_of(sheet: str, count: int, first: object, last: object, as_of: date) -> Check:
    """One line for the rows after an as-of date set before the history's end."""
    params = {
        "count": f"{count:,}",
        "first": pd.Timestamp(first).date().isoformat(),  # type: ignore[arg-type]
        "last": pd.Timestamp(last).date().isoformat(),  # type: ignore[arg-type]
        "as_of": as_of.isoformat(),
    }
    # A warning: an as-of date left stale in Settings leaves new rows out just the same.
    return Check(sheet, None, "", None, "after_as_of", params, "warn")


def more_not_listed(
    checks: list[Check],
    sheet: str,
    total: int,
    problem: str,
    params: dict[str, object],
    cap: int = MAX_DATE_CHECKS,
) -> None:
    """The closing line of a capped list: how many more rows have the same problem.

    A list cut at ``cap`` rows without it reads as complete; the user must know to look.
    """
    if total > cap:
        checks.append(
            Check(
                sheet,
                None,
                "",
                None,
                "more_not_listed",
                {"count": total - cap, "listed": cap, "problem_key": problem, **params},
                "warn",
            )
        )


def master_seasonal_check(rhythm: pd.DataFrame, held: list[str]) -> Check:
    """The Checks line for a master's accounts silent past the lapse rule's days but held
    for their season's break (core.lapse ``master_lapses``): how many, a few codes with
    their last order and the pause they came back from a year before."""
    shown = [
        f"{code}({pd.Timestamp(rhythm.at[code, 'last']).date().isoformat()}; "
        f"{int(rhythm.at[code, 'season'])})"
        for code in held[:5]
    ]
    return Check(
        ACCOUNTS.name,
        None,
        "",
        None,
        "master_seasonal_held",
        {
            "count": len(held),
            "days": LAPSE_DAYS,
            "slack": SEASON_SLACK_DAYS,
            "margin": SEASON_MARGIN_DAYS,
            "most": STOPPED_DAYS,
            "examples": ", ".join(shown) + ("…" if len(held) > 5 else ""),
        },
        "info",
    )


def flagged_check(count: int, column: str) -> Check:
    """The info row for a master's accounts its closure flag ended (core.lapse.flagged_ends,
    trial 46 M2): how many, and the column read."""
    return Check(
        ACCOUNTS.name,
        None,
        column,
        None,
        "accounts_flag_ended",
        {"count": count, "column": column},
        "info",
    )


def master_lapsed_check(accounts: pd.DataFrame, ended: list[str], record: EndRecord) -> Check:
    """The one Checks line for a master's accounts ended by the lapse rule (core.lapse):
    how many, the first few codes with their end days, and how few of the customers who
    stopped ordering the sheet gave an end date (``record``: why the rule applies)."""
    ends = accounts.assign(account=accounts["account"].astype(str)).set_index("account")["end"]
    shown = [f"{code}({pd.Timestamp(ends[code]).date().isoformat()})" for code in ended[:5]]
    examples = ", ".join(shown) + ("…" if len(ended) > 5 else "")
    return Check(
        ACCOUNTS.name,
        None,
        "",
        None,
        "master_lapsed" + (".kept" if record.kept else ""),
        {
            **rule_params(),
            "count": len(ended),
            "examples": examples,
            "total": len(accounts),
            "ends": int(accounts["end"].notna().sum()) - len(ended),
            "stopped": record.stopped,
            "recorded": record.recorded,
        },
        "info" if record.kept else "warn",  # kept: the master is right but for a few
    )


def partial_master_check(typed: int, customers: int, derived: int) -> Check:
    """The info row of a partial Accounts sheet: ``typed`` accounts of ``customers`` seen on
    the orders, ``derived`` more from the orders by the lapse rule (both paths say it alike)."""
    params = {"typed": typed, "customers": customers, "derived": derived}
    return Check(
        ACCOUNTS.name, None, "", None, "accounts_partial", {**rule_params(), **params}, "info"
    )
