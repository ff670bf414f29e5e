"""A visit log typed with the customers' names, read under their account codes.

Trial 49 H1: a salon dealer's visit log (a Google Sheets download: 訪問日, 担当, 顧客) gives
each salon by its name as the rep typed it, while the orders and the master key the salons
by 顧客コード with 顧客名 beside it. Read as typed, each name was an account of its own:
856 of ~870 salons "never visited", the Daily's plan empty, and Checks silent. Here, once
for every source (sheets, files, databases; sources.assemble does the same on its
relations):

- ``name_codes``: the master's code ↔ name pairs (and the orders' for the names the master
  does not give) as name key → code; a name two codes share maps to none (never guessed);
- ``match_names``: each visit account that is no known code read as the code its name is
  (the same key as a name-keyed ledger's: ``tables.name_key`` over the parsed text); the
  names matching none or two codes stay as typed, said on Checks with a few rows;
- ``overlap_check``: whatever the path, a visit log whose accounts (almost) never are an
  order's or the master's is a warning or critical on Checks, naming the source and column
  (the Daily's "請求先・本部・通販" reading would hide it).
- ``blank_codes`` (trial 49 L3): a code-keyed log's rows with a blank code beside a
  customer name (the manager's VLOOKUP missed) read as the one code the name is, said on
  Checks; names matching none or two codes left out and listed with their rows;
- ``maybe_names`` (issue 14): a code-keyed log is decided from its distinct codes, the
  name map built only when a code unknown to the master can be a customer's name.
- the names matching no code, split on Checks (fix50b, trial 49 V2: 1,972 rows said as one,
  1,234 of them prospects): those seen only on prospecting visits (新規/アポ/商談: shops
  not customers yet, nothing to fix: info), those ``near_names`` an account's name (a
  prefix or suffix dropped or added, case or width: typos to fix, with the name they are
  near), and the rest (as before).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from routekpi.contract import WHITESPACE, Check, fold
from routekpi.core.handover import PROSPECTING_KINDS
from routekpi.core.name_words import COMPANY_TYPES
from routekpi.schema import ACCOUNT_NAME_KEY, ACCOUNTS, ORDERS, VISITS
from routekpi.validation.cells import ERROR_CODES, parse_text
from routekpi.validation.renumbered import header_of, renumber
from routekpi.validation.tables import name_key, zeros_dropped

# A few rows named on Checks per kind of name left unmatched.
EXAMPLES = 3
# The overlap check: at least this many distinct accounts on each side, and a share of the
# visit accounts found among the order/master accounts below WARN_SHARE (warning) or
# CRITICAL_SHARE (critical: the visits count for no customer at all).
MIN_ACCOUNTS = 20
WARN_SHARE = 0.2
CRITICAL_SHARE = 0.05


# The shortest folded name read as near another (``near_names``): one character is no name.
NEAR_MIN = 2
# The kinds tell a prospect from a customer only where the customers' own visits are mostly
# of another kind (``prospects_of``): a dealer whose every visit is a 商談 or デモ (trial 20)
# would have each mistyped customer said as a prospect, nothing to fix.
PROSPECTING_ROUTE_SHARE = 0.5


# Joins a batch of names into one text (``keys_of``): no name holds it, NFKC leaves it.
_SEP = "\x00"


def keys_of(values: Sequence[object]) -> list[str | None]:
    """Names as their matching keys: each parsed as a cell is (NFKC width, stripped), then
    ``name_key`` (every space out, 株式会社 → (株)): the key a name-keyed ledger uses. None
    for a blank or an error value (#N/A). The texts are folded as one joined text (tens of
    thousands of names at a million lines: one pass, not one call each)."""
    if not values:
        return []
    texts = [v if isinstance(v, str) and _SEP not in v else None for v in values]
    joined = _SEP.join(t or "" for t in texts)
    parts = name_key(unicodedata.normalize("NFKC", joined)).split(_SEP)
    out: list[str | None] = []
    for value, text, key in zip(values, texts, parts, strict=True):
        if text is None:  # a number, a date: as the cell parser reads it
            typed, _ = parse_text(value)
            key = name_key(typed) if typed is not None else ""
        out.append(key if key and key.upper() not in ERROR_CODES else None)
    return out


def name_codes(
    master: Iterable[tuple[object, object]], lines: Iterable[tuple[object, object]] = ()
) -> dict[str, str | None]:
    """Name key → account code from (code, name) pairs: the master's first, the order
    lines' only for the accounts the master names not (and for names it does not give).
    None where a name is two codes' (two salons of one name: which one was visited cannot
    be told)."""
    out: dict[str, str | None] = {}
    named: set[str] = set()  # the codes the master names
    for pairs in (master, lines):
        given = [(c, n) for c, n in pairs if isinstance(c, str) and c and c not in named]
        found: dict[str, set[str]] = {}
        for (code, _), key in zip(given, keys_of([n for _, n in given]), strict=True):
            if key:
                found.setdefault(key, set()).add(code)
        named = {code for codes in found.values() for code in codes}
        for key, codes in found.items():
            if key not in out:
                out[key] = next(iter(codes)) if len(codes) == 1 else None
    return out


def named_codes(pairs: Iterable[tuple[object, object]]) -> set[str]:
    """The codes of (code, name) pairs that give a name (``name_codes`` reads these)."""
    return {
        code
        for code, name in pairs
        if isinstance(code, str) and code and isinstance(name, str) and name.strip()
    }


@dataclass(frozen=True)
class VisitNames:
    """The visit accounts read by their names: as typed → code, and those left as typed."""

    mapping: dict[str, str]
    unmatched: tuple[str, ...] = ()  # names matching no code (a name-keyed log only)
    ambiguous: tuple[str, ...] = ()  # names two codes share
    named: bool = False  # the log keys its visits by name
    # Of ``mapping``, the names read once their company type was set aside (trial 53 M5:
    # 「青雲書房」 for 「有限会社青雲書房」), each with the name key it was read as.
    bare: Mapping[str, str] = field(default_factory=dict)


# The company types in the one notation a name key has (``tables.name_key``): (株), (有) …
_TYPE_MARKS = tuple(short for _, short in COMPANY_TYPES)


def bare_key(key: str) -> str:
    """A name key with its company type set aside (「(有)青雲書房」 → 「青雲書房」)."""
    for short in _TYPE_MARKS:
        key = key.replace(short, "")
    return key


def bare_names(names: Mapping[str, str | None]) -> dict[str, tuple[str, str] | None]:
    """The name keys of ``names`` with their company type set aside → (the name key, its
    code) where exactly one code's name is that rest; None where two codes' are (or a name
    two codes share): which one was visited cannot be told."""
    out: dict[str, tuple[str, str] | None] = {}
    for key, code in names.items():
        rest = bare_key(key)
        if not rest:
            continue
        if code is None or (rest in out and (out[rest] is None or out[rest][1] != code)):
            out[rest] = None
        elif rest not in out:
            out[rest] = (key, code)
    return out


def match_names(
    values: Iterable[object],
    known: Collection[str],
    names: Mapping[str, str | None],
    keyed_by_name: bool = False,
) -> VisitNames:
    """The distinct visit accounts ``values`` that are no ``known`` code but a customer's
    name (``names``, ``name_codes``) as value → code. The log is name-keyed when its header
    says so (``keyed_by_name``) or more of its accounts are names than codes; only then are
    the accounts matching no name listed (in a code-keyed log they are unknown codes).

    A name that matches none as typed but differs from exactly one customer's name only by
    a company type (株式会社, 有限会社, (株) … dropped or added: trial 53 M5, nobody types
    有限会社 in a visit log) is read as that customer (``bare``, said on Checks); a rest two
    customers share stays unmatched."""
    mapping: dict[str, str] = {}
    unmatched: list[str] = []
    ambiguous: list[str] = []
    bare: dict[str, str] = {}
    rests: dict[str, tuple[str, str] | None] | None = None
    typed = [v for v in values if isinstance(v, str)]
    unknown = [v for v in typed if v not in known]
    codes = len(typed) - len(unknown)
    for value, key in zip(unknown, keys_of(unknown), strict=True):
        if key is not None and key not in names:
            rests = bare_names(names) if rests is None else rests
            hit = rests.get(bare_key(key))
            if hit is not None:
                bare[value], mapping[value] = hit
                continue
        if key is None or key not in names:
            unmatched.append(value)
        elif (code := names[key]) is None:
            ambiguous.append(value)
        else:
            mapping[value] = code
    named = keyed_by_name or len(mapping) + len(ambiguous) > codes
    return VisitNames(
        mapping,
        tuple(sorted(unmatched)) if named else (),
        tuple(sorted(ambiguous)),
        named,
        bare,
    )


def near_names(
    values: Iterable[str], pairs: Iterable[tuple[object, object]]
) -> dict[str, tuple[str, ...]]:
    """Each of ``values`` (names matching no account) near an account's name of ``pairs``
    ((code, name)): after ``contract.fold`` (NFKC width, case, every space out) the same, the
    start or end of the name (「ルナ」 for 「HAIR ルナ」: its first word dropped), or the name
    the start or end of it (「ルーチェ本店」); ``NEAR_MIN`` characters at least. The names it
    is near, the shortest first. One pass over each name's starts and ends (of the lengths
    the values have): no pair of names compared."""
    keys = {v: fold(v, WHITESPACE) for v in values}
    lengths = sorted({len(k) for k in keys.values() if len(k) >= NEAR_MIN})
    full: dict[str, set[str]] = {}
    parts: dict[str, set[str]] = {}  # each name's folded starts and ends
    for _, name in pairs:
        if not isinstance(name, str):
            continue
        key = fold(name, WHITESPACE)
        full.setdefault(key, set()).add(name)
        for i in lengths:
            if i >= len(key):
                break
            parts.setdefault(key[:i], set()).add(name)
            parts.setdefault(key[-i:], set()).add(name)
    out: dict[str, tuple[str, ...]] = {}
    for value, key in keys.items():
        if len(key) < NEAR_MIN:
            continue
        found = full.get(key, set()) | parts.get(key, set())
        for i in range(NEAR_MIN, len(key)):
            found |= full.get(key[:i], set()) | full.get(key[-i:], set())
        if found:  # the shortest first: the likeliest the one meant (「ルナ」 → 「HAIR ルナ」)
            out[value] = tuple(sorted(found, key=lambda n: (len(n), n)))
    return out


@dataclass(frozen=True)
class Unmatched:
    """What is known of the names matching no code, to say them apart on Checks: those seen
    only on prospecting visits (``prospects``), and each other name's near account names."""

    prospects: frozenset[str] = frozenset()
    near: Mapping[str, tuple[str, ...]] | None = None


def _split(values: Sequence[str], known: Unmatched) -> tuple[list[str], list[str], list[str]]:
    """The names matching no code as (prospects, near an account's name, the rest)."""
    near = known.near or {}
    prospects = [v for v in values if v in known.prospects]
    typos = [v for v in values if v not in known.prospects and v in near]
    rest = [v for v in values if v not in known.prospects and v not in near]
    return prospects, typos, rest


def _near_said(names: tuple[str, ...]) -> tuple[str, str]:
    """「HAIR ルナ」 / 「HAIR ルナ」ほか2件 (ja, en) for a name's near account names."""
    more = len(names) - 1
    ja = f"「{names[0]}」" + (f"ほか{more}件" if more else "")
    en = f"'{names[0]}'" + (f" and {more} more" if more else "")
    return ja, en


def said(
    found: VisitNames,
    counts: Mapping[str, int],
    firsts: Mapping[str, int],
    source: str,
    column: str,
    by: str,
    unmatched: Unmatched | None = None,
) -> list[Check]:
    """The Checks lines of a visit log read by name: the rows matched (info); the names
    matching no code and those two codes share (warn), each counted with a few rows
    (``counts``/``firsts``: per value its rows and first row). ``by``: where the names
    came from (the master's label, or the orders'). ``unmatched``: the names matching no
    code said apart: prospects (info, nothing to fix), near an account's name (warn, with
    that name), the rest."""
    out: list[Check] = []
    if found.mapping:
        rows = sum(counts.get(v, 0) for v in found.mapping)
        params: dict[str, object] = {
            "source": source,
            "column": header_of(column),
            "rows": rows,
            "names": len(found.mapping),
            "accounts": len(set(found.mapping.values())),
            "by": by,
        }
        out.append(Check(source, None, column, None, "visits_matched_by_name", params, "info"))
    if found.bare:
        out.append(_bare_check(found, counts, source, column, by))
    known = unmatched or Unmatched()
    prospects, typos, rest = _split(found.unmatched, known)
    if prospects:
        out.append(_prospects_check(prospects, counts, source, column, by))
    if typos:
        out += _typos_said(typos, known.near or {}, counts, firsts, source, column, by)
    for values, problem in (
        (tuple(rest), "visit_names_unmatched"),
        (found.ambiguous, "visit_names_ambiguous"),
    ):
        if not values:
            continue
        ranked = sorted(values, key=lambda v: (-counts.get(v, 0), v))
        params = {
            "source": source,
            "column": header_of(column),
            "names": len(values),
            "rows": sum(counts.get(v, 0) for v in values),
            "examples": "、".join(f"「{v}」" for v in ranked[:EXAMPLES]),
            "examples_en": ", ".join(f"'{v}'" for v in ranked[:EXAMPLES]),
            "by": by,
        }
        out.append(Check(source, None, column, None, problem, params, "warn"))
        for value in ranked[:EXAMPLES]:
            row = firsts.get(value)
            params = {"rows": counts.get(value, 0)}
            out.append(Check(source, row, column, value, f"{problem}_row", params, "warn"))
    return out


def _bare_check(
    found: VisitNames, counts: Mapping[str, int], source: str, column: str, by: str
) -> Check:
    """The info line for the names read as a customer once their company type was set aside
    (``match_names``): how many names and rows, the most visited named with the name read."""
    ranked = sorted(found.bare, key=lambda v: (-counts.get(v, 0), v))[:EXAMPLES]
    params: dict[str, object] = {
        "source": source,
        "column": header_of(column),
        "names": len(found.bare),
        "rows": sum(counts.get(v, 0) for v in found.bare),
        "examples": "、".join(f"「{v}」→「{found.bare[v]}」" for v in ranked),
        "examples_en": ", ".join(f"'{v}' → '{found.bare[v]}'" for v in ranked),
        "by": by,
    }
    return Check(source, None, column, None, "visit_names_company_type", params, "info")


def _prospects_check(
    values: Sequence[str], counts: Mapping[str, int], source: str, column: str, by: str
) -> Check:
    """The info line for the names seen only on prospecting visits: shops that are no
    customer yet, so no account (the most visited named)."""
    ranked = sorted(values, key=lambda v: (-counts.get(v, 0), v))[:EXAMPLES]
    params: dict[str, object] = {
        "source": source,
        "column": header_of(column),
        "names": len(values),
        "rows": sum(counts.get(v, 0) for v in values),
        "examples": "、".join(f"「{v}」" for v in ranked),
        "examples_en": ", ".join(f"'{v}'" for v in ranked),
        "by": by,
    }
    return Check(source, None, column, None, "visit_names_prospects", params, "info")


def _typos_said(
    values: Sequence[str],
    near: Mapping[str, tuple[str, ...]],
    counts: Mapping[str, int],
    firsts: Mapping[str, int],
    source: str,
    column: str,
    by: str,
) -> list[Check]:
    """The warning for the names near an account's name (typos to fix), each of a few named
    at its first row with the name it is near."""
    ranked = sorted(values, key=lambda v: (-counts.get(v, 0), v))[:EXAMPLES]
    pairs = [(v, _near_said(near[v])) for v in ranked]
    params: dict[str, object] = {
        "source": source,
        "column": header_of(column),
        "names": len(values),
        "rows": sum(counts.get(v, 0) for v in values),
        "examples": "、".join(f"「{v}」→ {ja}" for v, (ja, _) in pairs),
        "examples_en": ", ".join(f"'{v}' → {en}" for v, (_, en) in pairs),
        "by": by,
    }
    out = [Check(source, None, column, None, "visit_names_near", params, "warn")]
    for value, (ja, en) in pairs:
        row: dict[str, object] = {"rows": counts.get(value, 0), "near": ja, "near_en": en}
        out.append(
            Check(source, firsts.get(value), column, value, "visit_names_near_row", row, "warn")
        )
    return out


def kinds_tell(prospecting: int, rows: int) -> bool:
    """The visit kinds tell a prospect from a customer: of the customers' ``rows``, under
    ``PROSPECTING_ROUTE_SHARE`` are of a prospecting kind (``prospecting``)."""
    return rows > 0 and prospecting < PROSPECTING_ROUTE_SHARE * rows


def prospects_of(
    codes: pd.Series, kinds: pd.Series | None, unmatched: Collection[str]
) -> frozenset[str]:
    """The ``unmatched`` visit accounts of ``codes`` whose every row's kind (``kinds``, the
    same rows) is a prospecting one (``PROSPECTING_KINDS``: 新規 read as アポ, 商談): none
    without kinds, or where the other accounts' rows (the customers') are
    ``PROSPECTING_ROUTE_SHARE`` or more of such kinds (no kind kept for the route)."""
    if kinds is None or not len(codes) or not unmatched:
        return frozenset()
    prospecting = kinds.isin(PROSPECTING_KINDS).to_numpy(dtype=bool)
    lonely = codes.isin(list(unmatched)).to_numpy(dtype=bool)
    customers = ~lonely & codes.notna().to_numpy(dtype=bool)
    if not kinds_tell(int(prospecting[customers].sum()), int(customers.sum())):
        return frozenset()
    values = codes[lonely]
    every = (
        pd.Series(prospecting[lonely], index=values.astype(object).to_numpy())
        .groupby(level=0)
        .all()
    )
    return frozenset(str(v) for v in every.index[every.to_numpy(dtype=bool)])


def only_prospecting(kinds: pd.Series | None) -> bool:
    """Every visit row left is of a prospecting kind (``PROSPECTING_KINDS``: アポ, 商談):
    False without kinds or rows."""
    if kinds is None or not len(kinds):
        return False
    return bool(kinds.isin(PROSPECTING_KINDS).all())


def overlap_check(
    visited: Collection[str],
    known: Collection[str],
    ordered: int,
    source: str,
    column: str,
    *,
    prospecting_only: bool = False,
) -> Check | None:
    """A warning (critical under ``CRITICAL_SHARE``) when (almost) none of the ``visited``
    accounts is one of the orders' or the master's (``known``; a code whose zeros Excel cut
    counts as found), both sides non-trivial (``ordered``: the orders' accounts). None
    otherwise, and when the rows left are all of a prospecting kind (``prospecting_only``,
    ``only_prospecting``): their accounts are prospects, by design no customer, and the log's
    customer rows were left out for another reason that Checks names (trial 54 M2: 30,332 of
    30,800 rows named a customer exactly, but their 目的 定期 was no known kind; the 182
    新規開拓 rows left matched 0%, and the critical sent the manager to rewrite the names)."""
    if len(visited) < MIN_ACCOUNTS or ordered < MIN_ACCOUNTS or prospecting_only:
        return None
    missing = [v for v in visited if v not in known]
    if len(visited) - len(missing) >= WARN_SHARE * len(visited):
        return None  # enough found as typed: the zeros Excel cut need not be looked for
    found = len(visited) - len(missing) + len(zeros_dropped(missing, known))
    share = found / len(visited)
    if share >= WARN_SHARE:
        return None
    example = sorted(missing)[0] if missing else ""
    params: dict[str, object] = {
        "source": source,
        "column": header_of(column),
        "visited": len(visited),
        "found": found,
        "share": f"{share:.0%}",
        "example": example,
        "code": sorted(known)[0] if known else "",
    }
    severity = "critical" if share < CRITICAL_SHARE else "warn"
    return Check(source, None, column, None, "visits_accounts_unmatched", params, severity)


def unplaced(found: VisitNames) -> tuple[str, ...]:
    """The names of a name-keyed log that are no account (matching none or two codes): their
    rows stay the rep's visits but on no account (trial 49 V1: 「ルナ」 typed by six reps was
    one "account" changing hands, ~97 phantom handovers and 13 phantom heirs)."""
    return (*found.unmatched, *found.ambiguous) if found.named else ()


def _no_account(visits: pd.DataFrame, names: Sequence[str]) -> pd.DataFrame:
    """``visits`` with the rows typed as ``names`` on no account (``unplaced``)."""
    if not names:
        return visits
    hit = visits["account"].isin(list(names)).to_numpy(dtype=bool)
    if not hit.any():
        return visits
    out = visits.copy()
    codes = out["account"].astype(object).to_numpy(copy=True)
    codes[hit] = None
    out["account"] = pd.Series(codes, index=out.index).astype(visits["account"].dtype)
    return out


def pairs(frame: pd.DataFrame, name: str) -> list[tuple[object, object]]:
    """The distinct (code, name) pairs of a frame's account and ``name`` columns (none
    without the column or a name in it)."""
    if name not in frame.columns or not len(frame):
        return []
    both = frame[["account", name]].dropna().drop_duplicates()
    # As lists: an Arrow column walked value by value is ~10× slower.
    return list(zip(both["account"].tolist(), both[name].tolist(), strict=True))


def blank_codes(counts: Mapping[str, int], names: Mapping[str, str | None]) -> VisitNames:
    """Trial 49 L3: the visit rows with a blank code and a customer name (``counts``: per
    name as read, its rows), each name read as the one code it is (``names``); the names
    matching none or two codes listed (a VLOOKUP that missed: the code column is blank,
    the name is what is left)."""
    return match_names(list(counts), (), names, keyed_by_name=True)


def said_blank(
    found: VisitNames,
    counts: Mapping[str, int],
    firsts: Mapping[str, int],
    source: str,
    columns: tuple[str, str],
    by: str,
) -> list[Check]:
    """The Checks lines of ``blank_codes``: the rows read under the code their name is
    (info, with a few rows); the names matching none or two codes (warn), counted, each of
    a few named at its first row. ``columns``: the code column and the name column."""
    code_column, name_column = columns
    out: list[Check] = []
    base: dict[str, object] = {
        "source": source,
        "code": header_of(code_column),
        "column": header_of(name_column),
        "by": by,
    }
    if found.mapping:
        ranked = sorted(found.mapping, key=lambda v: (firsts.get(v, 0), v))[:EXAMPLES]
        params = {
            **base,
            "rows": sum(counts.get(v, 0) for v in found.mapping),
            "names": len(found.mapping),
            "accounts": len(set(found.mapping.values())),
            "examples": "、".join(
                f"{firsts.get(v)}行目「{v}」→ {found.mapping[v]}" for v in ranked
            ),
            "examples_en": ", ".join(
                f"row {firsts.get(v)} '{v}' → {found.mapping[v]}" for v in ranked
            ),
        }
        out.append(Check(source, None, name_column, None, "visits_code_from_name", params, "info"))
    for values, problem in (
        (found.unmatched, "visits_code_blank_unmatched"),
        (found.ambiguous, "visits_code_blank_ambiguous"),
    ):
        if not values:
            continue
        ranked = sorted(values, key=lambda v: (-counts.get(v, 0), v))[:EXAMPLES]
        params = {
            **base,
            "names": len(values),
            "rows": sum(counts.get(v, 0) for v in values),
            "examples": "、".join(f"「{v}」" for v in ranked),
            "examples_en": ", ".join(f"'{v}'" for v in ranked),
        }
        out.append(Check(source, None, name_column, None, problem, params, "warn"))
        for value in ranked:
            row_params = {"rows": counts.get(value, 0)}
            out.append(
                Check(
                    source,
                    firsts.get(value),
                    name_column,
                    value,
                    f"{problem}_row",
                    row_params,
                    "warn",
                )
            )
    return out


def said_once(checks: list[Check], source: str, found: VisitNames) -> None:
    """A name-keyed log whose names were read under the codes: the matching line says it
    all, so the ``account_from_name`` line (「顧客コードがないため顧客名を顧客として使います …
    まとめました」) is dropped (trial 49: both lines read oddly side by side)."""
    if found.named and found.mapping:
        checks[:] = [
            c
            for c in checks
            if not (c.sheet == source and c.problem.startswith("account_from_name"))
        ]


# Every character Python's ``\s`` (``str.isspace``) takes out of a name key, for RE2 (whose
# ``\s`` is ASCII only); tests/test_visit_names.py checks it against ``str.isspace``.
SPACE_RE = (
    r"[\t\n\x{b}\x{c}\r\x{1c}-\x{1f} \x{85}\x{a0}\x{1680}\x{2000}-\x{200a}"
    r"\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]+"
)


def _arrow_keys(texts: list[str]) -> pa.Array:
    """``keys_of`` for texts in Arrow (NFKC, every space out, the company types in one
    notation): one vectorised pass, for ``maybe_names`` only."""
    out = pc.replace_substring_regex(
        pc.utf8_normalize(pa.array(texts, pa.string()), "NFKC"), SPACE_RE, ""
    )
    for long, short in COMPANY_TYPES:
        out = pc.replace_substring(out, long, short)
    return out


def maybe_names(values: list[str], names: list[object]) -> bool:
    """Whether any of ``values`` (the visit accounts that are no known code) can be one of
    ``names`` (the master's and the orders' customer names) under ``keys_of``: a test in
    Arrow before the name map is built in Python (issue 14: a code-keyed log with a
    prospect's codes costs a million-line book ~0.1 s of name keys otherwise). True when
    a name is no text (its key is the cell parser's, not tried here)."""
    if not values or not names:
        return False
    if any(not isinstance(n, str) for n in names):
        return True
    typed = pc.unique(_arrow_keys(values))
    return bool(pc.any(pc.is_in(_arrow_keys(names), value_set=typed)).as_py())


def name_map(
    orders: pd.DataFrame, accounts: pd.DataFrame, order_codes: set[str]
) -> tuple[list[tuple[object, object]], list[tuple[object, object]]]:
    """The (code, name) pairs ``name_codes`` reads: the master's, and the orders' for the
    accounts the master names not (only their lines are read: a million order lines are
    not walked for nothing)."""
    # The old names of the accounts handed on under a new code (validation.succession).
    typed = [*pairs(accounts, "name"), *accounts.attrs.get("succession_names", ())]
    lacking = order_codes - named_codes(typed)
    lines: list[tuple[object, object]] = []
    if lacking and ACCOUNT_NAME_KEY in orders.columns:
        hit = orders["account"].isin(list(lacking)).to_numpy(dtype=bool)
        lines = pairs(orders.loc[hit, ["account", ACCOUNT_NAME_KEY]], ACCOUNT_NAME_KEY)
    return typed, lines


def _fill_blank_codes(
    visits: pd.DataFrame,
    rows: np.ndarray,
    blank: np.ndarray,
    names: Mapping[str, str | None],
    checks: list[Check],
    source: str,
    by: str,
) -> pd.DataFrame:
    """``blank_codes`` on the sheet: the rows with a blank code and a name matching one
    account read under its code, said on Checks."""
    typed = visits[ACCOUNT_NAME_KEY].to_numpy(dtype=object)[blank]
    picked = pd.Series(np.asarray(rows)[blank], index=typed)
    grouped = picked.groupby(level=0)
    counts = {str(k): int(v) for k, v in grouped.size().items()}
    firsts = {str(k): int(v) for k, v in grouped.min().items()}
    found = blank_codes(counts, names)
    cols = dict(visits.attrs.get("columns", {}))
    columns = (cols.get("account", ""), cols.get(ACCOUNT_NAME_KEY, ""))
    checks.extend(said_blank(found, counts, firsts, source, columns, by))
    if not found.mapping:
        return visits
    codes = visits["account"].to_numpy(dtype=object, copy=True)
    codes[blank] = [found.mapping.get(str(v)) for v in typed]
    out = visits.copy()
    out["account"] = pd.Series(codes, index=visits.index).astype(visits["account"].dtype)
    return out


def _any(frame: pd.DataFrame, key: str) -> bool:
    """Whether the column ``key`` holds any value: none when the header gave no such column
    (the frame's ``columns``), else read in C (no per-row Python)."""
    read = frame.attrs.get("columns")  # the columns the sheet's header gave
    if key not in frame.columns or (read is not None and key not in read):
        return False
    values = frame[key]
    if values.dtype == object:
        return bool(np.count_nonzero(values.to_numpy()))  # None and "" are no value
    return bool(values.count())


def _values(frame: pd.DataFrame, key: str) -> list[object]:
    """The distinct values of the column ``key`` (none without it)."""
    if key not in frame.columns:
        return []
    return [v for v in frame[key].dropna().unique().tolist() if v != ""]


def read_by_name(
    visits: pd.DataFrame,
    rows: np.ndarray,
    orders: pd.DataFrame,
    accounts: pd.DataFrame,
    checks: list[Check],
    *,
    orders_by_name: bool,
    visits_by_name: bool,
    source: str = VISITS.name,
    master: str = ACCOUNTS.name,
) -> pd.DataFrame:
    """The visits sheet with the accounts typed as customer names read under their codes
    (the master's names, else the orders'), and the rows with a blank code but a customer
    name read under the code the name is (``blank_codes``), said on Checks; and
    ``overlap_check`` on the result. ``rows``: the visits' row numbers. Orders keyed by
    name have no codes to map to (``orders_by_name``): only the overlap is checked."""
    if not len(visits) or "account" not in visits.columns:
        return visits
    column = dict(visits.attrs.get("columns", {})).get("account", "")
    codes = visits["account"]
    # The distinct codes as lists (a million lines' column is walked once, by ``unique``).
    every = codes.unique().tolist()
    distinct = [c for c in every if isinstance(c, str)]
    in_master = {c for c in accounts["account"].tolist() if isinstance(c, str)}
    blank = None  # the rows with a blank code and a customer name (trial 49 L3)
    if not orders_by_name and len(distinct) < len(every) and _any(visits, ACCOUNT_NAME_KEY):
        blank = codes.isna().to_numpy(dtype=bool) & visits[ACCOUNT_NAME_KEY].notna().to_numpy(
            dtype=bool
        )
        blank = blank if blank.any() else None
    off_master = [v for v in distinct if v not in in_master]
    if blank is None and not orders_by_name and not visits_by_name:
        # The common case, a code-keyed log (issue 14): decided from the distinct codes
        # before a million order lines or the names are read. Every visit account found
        # in the master as typed, or enough of them (no overlap to check) and none of the
        # others any customer's name: nothing to match, nothing to say.
        enough = len(distinct) - len(off_master) >= WARN_SHARE * len(distinct)
        if not off_master or (
            enough
            and not _any(orders, ACCOUNT_NAME_KEY)
            and not maybe_names(off_master, _values(accounts, "name"))
        ):
            return visits
    order_codes = {c for c in orders["account"].unique().tolist() if isinstance(c, str)}
    known = order_codes | in_master
    # The rows with an account, as the file path's per-account counts (sources.assemble).
    kinds = visits["kind"][codes.notna()] if "kind" in visits.columns else None
    alone = only_prospecting(kinds)
    if orders_by_name or (blank is None and all(v in known for v in off_master)):
        check = overlap_check(
            set(distinct), known, len(order_codes), source, column, prospecting_only=alone
        )
        if check is not None:
            checks.append(check)
        return visits
    typed, lines = name_map(orders, accounts, order_codes)
    by = master if typed else ORDERS.name
    names = name_codes(typed, lines)
    if blank is not None:  # trial 49 L3: a blank code beside a name the master gives
        visits = _fill_blank_codes(visits, rows, blank, names, checks, source, by)
        codes = visits["account"]
        distinct = [c for c in codes.unique().tolist() if isinstance(c, str)]
    found = match_names(distinct, known, names, visits_by_name)
    dated: list[str] = []
    if found.ambiguous:  # trial 54 M1: a name two codes share, read by the visit's day
        said_at = (source, column, by)
        visits, found, dated, check = _dated(
            visits, found, accounts, orders, [*typed, *lines], said_at
        )
        checks.extend([check] if check is not None else [])
        codes = visits["account"]
    wanted = [*found.mapping, *found.unmatched, *found.ambiguous]
    if wanted:
        hit = codes.isin(wanted).to_numpy(dtype=bool)
        picked = pd.Series(np.asarray(rows)[hit], index=codes[hit].astype(object).to_numpy())
        grouped = picked.groupby(level=0)
        counts = {str(k): int(v) for k, v in grouped.size().items()}
        firsts = {str(k): int(v) for k, v in grouped.min().items()}
        unmatched = Unmatched()
        if found.unmatched:  # prospects and typos said apart (fix50b, trial 49 V2)
            kinds = visits["kind"] if "kind" in visits.columns else None
            unmatched = Unmatched(
                prospects_of(codes, kinds, found.unmatched),
                near_names(found.unmatched, [*typed, *lines]),
            )
        checks.extend(said(found, counts, firsts, source, column, by, unmatched))
        said_once(checks, source, found)
        visits, _, _ = renumber(visits, found.mapping)
        visits = _no_account(visits, unplaced(found))
        distinct = sorted({found.mapping.get(v, v) for v in distinct} - set(unplaced(found)))
    check = overlap_check(
        {*distinct, *dated}, known, len(order_codes), source, column, prospecting_only=alone
    )
    if check is not None:
        checks.append(check)
    return visits


def _dated(
    visits: pd.DataFrame,
    found: VisitNames,
    accounts: pd.DataFrame,
    orders: pd.DataFrame,
    pairs_read: list[tuple[object, object]],
    said_at: tuple[str, str, str],
) -> tuple[pd.DataFrame, VisitNames, list[str], Check | None]:
    """The rows of ``found.ambiguous`` names whose codes never traded at once read as the
    code active on the visit's day (``name_dates``); the names with rows left unread stay
    ambiguous. Returns the visits, ``found`` narrowed, the codes read and the Checks line."""
    from routekpi.validation import name_dates  # it imports this module

    if "date" not in visits.columns:
        return visits, found, [], None
    shared = name_dates.shared_of(found.ambiguous, pairs_read)
    every = sorted({c for codes in shared.values() for c in codes})
    if not every:
        return visits, found, [], None
    master: dict[str, tuple[object, object]] = {}
    if {"start", "end"} & set(accounts.columns):
        rows = accounts[accounts["account"].isin(every)]
        starts = rows["start"] if "start" in rows.columns else pd.Series(None, index=rows.index)
        ends = rows["end"] if "end" in rows.columns else pd.Series(None, index=rows.index)
        master = {
            str(c): (s, e)
            for c, s, e in zip(rows["account"], starts, ends, strict=True)
            if isinstance(c, str)
        }
    hit = orders["account"].isin(every).to_numpy(dtype=bool)
    days = orders.loc[hit].groupby("account", observed=True)["date"].agg(["min", "max"])
    lines = {str(c): (r["min"], r["max"]) for c, r in days.iterrows()}
    spans = name_dates.name_spans(shared, master, lines)
    if not spans:
        return visits, found, [], None
    typed = visits["account"].astype(object).to_numpy()
    rows_hit = np.flatnonzero(pd.Series(typed).isin(list(spans)).to_numpy(dtype=bool))
    read = name_dates.dated_codes(
        typed[rows_hit].tolist(), visits["date"].to_numpy()[rows_hit].tolist(), spans
    )
    counts: dict[str, int] = {}
    for value, code in zip(typed[rows_hit].tolist(), read, strict=True):
        if code is not None:
            counts[value] = counts.get(value, 0) + 1
    check = name_dates.dated_check(spans, counts, *said_at)
    if check is None:
        return visits, found, [], None
    codes = typed.copy()
    for i, code in zip(rows_hit.tolist(), read, strict=True):
        if code is not None:
            codes[i] = code
    out = visits.copy()
    out["account"] = pd.Series(codes, index=visits.index).astype(visits["account"].dtype)
    left = {v for v, c in zip(typed[rows_hit].tolist(), read, strict=True) if c is None}
    left |= {v for v in found.ambiguous if v not in spans}
    return out, name_dates.narrowed(found, left), sorted({c for c in read if c}), check
