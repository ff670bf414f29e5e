"""Header rows matched to the schema, without pandas: the workbook reader uses it on the fast
path (``io.fastread``) and may run while the engine's modules are still importing."""

from __future__ import annotations

import re
from collections.abc import Sequence

from routekpi.contract import REP_CODE_INPUTS, REP_CODE_KEY, rep_key_columns
from routekpi.schema import (
    ACCOUNT_NAME_HEADERS,
    ACCOUNT_NAME_KEY,
    MONTH_HEADERS,
    NAME_KEYED_INPUTS,
    ORDER_COUNT_KEY,
    TAX_CLASS_KEY,
    TAX_RATE_KEY,
    HeaderMatch,
    SheetSpec,
    match_headers,
    normalize_label,
)
from routekpi.validation.units import header_unit

AMOUNT_KEY = "amount"

_NAME_LABELS = frozenset(map(normalize_label, ACCOUNT_NAME_HEADERS))

# A yen unit after a header ("売上金額(円)", "Amount ¥") says nothing about the column; a
# scaled unit ("(千円)", "(万円)") changes the numbers, so it is not stripped and the
# header stays unmatched rather than read 1000× too small.
_YEN_UNIT = re.compile(
    r"\s*[(（\[［【]?\s*(?<![千万百億])(?:円|¥|￥|JPY|yen)\s*[)）\]］】]?\s*$", re.I
)


# A unit after a quantity header ("数量(L)", "数量（個）", "Qty (kg)") names what is counted;
# the quantity only divides the amount into a price per unit, so any unit reads the same.
# A scaled unit ("数量(千個)") is left unmatched, as a scaled yen unit is.
_QUANTITY_UNIT = re.compile(
    r"^\s*(数量|個数|qty|quantity)\s*[(（\[［【]\s*(?![千万])[^()（）\[\]［］【】]{1,8}"
    r"\s*[)）\]］】]\s*$",
    re.I,
)


def header_text(cell: object) -> object:
    """A header cell as matched: a trailing yen unit dropped ("金額(円)" → "金額"), and a
    quantity's unit ("数量(L)" → "数量")."""
    if not isinstance(cell, str):
        return cell
    unit = _QUANTITY_UNIT.match(cell)
    if unit:
        return unit.group(1)
    stripped = _YEN_UNIT.sub("", cell)
    return stripped if stripped.strip() else cell


def header_match(spec: SheetSpec, row: Sequence[object]) -> HeaderMatch:
    """Map a header row to the sheet's columns, a trailing yen unit ignored; without an
    account-code column, a customer-name column is the account (``account_is_name``). With
    a rep code column beside the rep name (Orders, Visits, Accounts), both are read: the
    name as ``rep``, the code as ``rep_code`` (``contract.rep_key_columns``)."""
    cells = [header_text(c) for c in row]
    match = match_headers(spec, cells)
    if spec.name in REP_CODE_INPUTS and "rep" in match.positions:
        rep_cols = [match.positions["rep"], *match.unread.get("rep", [])]
        keyed = rep_key_columns(cells, rep_cols, match.unknown)
        if keyed is not None:
            name_at, code_at = keyed
            match.positions["rep"], match.positions[REP_CODE_KEY] = name_at, code_at
            rest = [i for i in match.unread.get("rep", []) if i not in keyed]
            if rest:
                match.unread["rep"] = rest
            else:
                match.unread.pop("rep", None)
            match.unknown = [i for i in match.unknown if i not in keyed]
    _tax_class_from_tenka(match, cells)
    _amount_in_units(spec, match, row)
    _count_beside_order_number(match, cells)
    if spec.name in NAME_KEYED_INPUTS and "account" not in match.positions:
        # No code column: a customer-name column is the account itself, not the account's name
        # (the leftmost, as before the name column was read; the others stay unread).
        named = [*match.unread.pop(ACCOUNT_NAME_KEY, [])]
        named += match.duplicates.pop(ACCOUNT_NAME_KEY, [])
        if ACCOUNT_NAME_KEY in match.positions:
            named.append(match.positions.pop(ACCOUNT_NAME_KEY))
        match.unknown = sorted({*match.unknown, *named})
        at = next((i for i in match.unknown if normalize_label(cells[i]) in _NAME_LABELS), None)
        if at is not None:
            match.positions["account"] = at
            match.unknown.remove(at)
            match.missing = [k for k in match.missing if k != "account"]
    return match


_TENKA = normalize_label("税転嫁")
_MONTH_LABELS = frozenset(map(normalize_label, MONTH_HEADERS))


def _count_beside_order_number(match: HeaderMatch, cells: Sequence[object]) -> None:
    """A row with an order (slip) number is a line of that one order, so a 件数 / 回数 /
    Count column beside it counts something else (pieces, a slip's lines: review50b, Count
    12 read as 12 orders, 36 slips → 432 orders): left unread, listed among the columns not
    used. A month's row (its date column headed 年月 / Month) may carry an invoice number
    with its deliveries: the count stays read there (validation.monthly)."""
    count_at = match.positions.get(ORDER_COUNT_KEY)
    date_at = match.positions.get("date")
    if count_at is None or "order_id" not in match.positions:
        return
    if date_at is not None and normalize_label(cells[date_at]) in _MONTH_LABELS:
        return
    del match.positions[ORDER_COUNT_KEY]
    match.unknown = sorted({*match.unknown, count_at, *match.unread.pop(ORDER_COUNT_KEY, [])})


def _amount_in_units(spec: SheetSpec, match: HeaderMatch, cells: Sequence[object]) -> None:
    """With no amount column in yen, a header naming the amount in a larger unit (金額(千円),
    Sales (JPY thousands): trial 48 L1, a 72,853-row export rebuilt by hand) is the amount,
    read ×1,000 (``match.scales``). A yen amount beside it wins: the other stays unread,
    as before, listed among the columns not used."""
    if AMOUNT_KEY in match.positions or not any(c.key == AMOUNT_KEY for c in spec.columns):
        return
    column = spec.column(AMOUNT_KEY)
    found: list[tuple[int, int, int]] = []  # (rank, index, factor)
    for i in match.unknown:
        unit = header_unit(cells[i]) if i < len(cells) else None
        rank = column.rank(header_text(unit[0])) if unit is not None else None
        if unit is not None and rank is not None:
            found.append((rank, i, unit[1].factor))
    if not found:
        return
    _, at, factor = min(found)
    match.positions[AMOUNT_KEY] = at
    match.scales[AMOUNT_KEY] = factor
    match.unknown.remove(at)
    match.missing = [k for k in match.missing if k != AMOUNT_KEY]
    rest = sorted(i for _, i, _ in found if i != at)
    if rest:  # another amount in units: said as another name for the one read
        match.unread.setdefault(AMOUNT_KEY, []).extend(rest)


def _tax_class_from_tenka(match: HeaderMatch, cells: Sequence[object]) -> None:
    """弥生販売's export has both 税転嫁 (外税/伝票計, 内税/総額: what ``TAX_CLASS`` reads) and
    税区分 (課税10.0%, 軽減8.0%: the line's rate). 税区分 names ``TAX_CLASS`` more plainly, so
    the 税転嫁 column is taken for it here, and the 税区分 column read as the rate when no
    rate column is found (validation.tax.line_rate reads 課税10.0%)."""
    at = match.positions.get(TAX_CLASS_KEY)
    others = match.unread.get(TAX_CLASS_KEY, [])
    tenka = next((i for i in others if normalize_label(cells[i]) == _TENKA), None)
    if at is None or tenka is None:
        return
    match.positions[TAX_CLASS_KEY] = tenka
    rest = [i for i in others if i != tenka]
    if TAX_RATE_KEY not in match.positions:
        match.positions[TAX_RATE_KEY] = at
        match.unknown = [i for i in match.unknown if i not in (tenka, at)]
    else:
        rest.append(at)
        match.unknown = sorted({*match.unknown, at} - {tenka})
    if rest:
        match.unread[TAX_CLASS_KEY] = sorted(rest)
    else:
        match.unread.pop(TAX_CLASS_KEY, None)


def account_is_name(spec: SheetSpec, match: HeaderMatch, row: Sequence[object]) -> bool:
    """The account column ``header_match`` found is a customer-name column (no code column):
    its values are keyed with their spaces removed (``name_key``), and Checks says so."""
    at = match.positions.get("account")
    return (
        spec.name in NAME_KEYED_INPUTS
        and at is not None
        and normalize_label(header_text(row[at])) in _NAME_LABELS
    )
