"""Rep names: one rep however the spaces in his name were typed, or one rep per rep code.

A pasted ledger names one person 高橋　健一, 高橋 健一 and 高橋健一 (trial 21): read as three
reps, his accounts "changed hands" between them (490 made-up handovers) and each spelling got
its own target and flags. Names are matched by their key — the name with every space removed
— and shown in the spelling the Reps sheet gives (when it lists the rep), else the one most
rows use. Every input is mapped here: the sheets (``validation.tables``) and the sources
(``sources.assemble``) count their spellings and apply the same :func:`rep_spellings`.

Where an input has a rep code column beside the name (担当者コード and 担当者名), the code
decides whose a row is and the rep is shown by the name its rows give most (:func:`key_by_code`).

A row that gives a name only (an input without a code column, an SFA's visits; or a row
whose code cell is blank) is the code's rep when its name — matched as ``rep_key`` — is given
under that one code and no other on the coded rows (:func:`name_aliases`): the ERP's 高橋K on
code 101, whose rows mostly say 高橋 健一, is 高橋 健一 on the visits too. A name given under
two codes (a code renamed to colleagues) decides nothing. Checks says which names were read
so when their key is not the code's name (``rep_name_by_code``).

A rep column with no code column beside it whose values are codes of that map (an ERP's
sales lines carry 担当者コード only, the master 担当者コード and 担当者名: trial 51 H1) is
read as those reps (:func:`coded_reps`), said once on Checks (``rep_codes_read_as_names``):
read as typed, 001 … 009 were nine more reps beside the same nine people by name. A value
that is also a rep's name (on the coded rows or the Reps sheet), or a code the map does not
hold, is left as typed (a rep the Accounts sheet does not know is still said so).

A Reps sheet that lists those codes in its name column (001 … 009 where the master names
the reps: trial 51) names no one by them: its codes are not taken for names — the sales lines'
codes are still read as the master's reps — and Checks warns once at the Reps sheet
(``reps_sheet_codes``, :func:`listed_codes`), naming the codes and whom they are; the rows'
branches are those reps' (pipeline). Read as names, the codes kept the sales lines' 001 … as
reps of their own with no account, beside the same people by name.

A name that is the start of another (高橋 and 高橋 健一) may be one person or two: it is
never merged, only said by one warning (:func:`similar_reps_check`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from routekpi.contract import (
    REP_CODE_KEY,
    WHITESPACE,
    Check,
    normal_text,
)
from routekpi.schema import REPS
from routekpi.validation.renumbered import header_of

__all__ = [
    "code_name_check",
    "code_names",
    "code_pairs",
    "coded_reps",
    "coded_reps_check",
    "key_by_code",
    "listed_codes",
    "name_aliases",
    "one_rep_spelling",
    "rep_key",
    "rep_spellings",
    "reps_sheet_codes_check",
    "respell",
    "similar_reps_check",
    "spelling_counts",
    "without_codes",
]

# Names listed in one warning; a longer list ends with "…" (a team has a few such pairs).
LISTED_PAIRS = 8


LISTED_CODE_ROWS = 8  # rows named in the code/name warning; more end with "…"
LISTED_ALIASES = 8  # names listed in the name-by-code warning; more end with "…"
LISTED_CODES = 12  # codes listed in the codes-read-as-names line (a team's reps, mostly)
# frame.attrs key: the name aliases key_by_code read (one_rep_spelling applies them)
ALIASES_ATTR = "rep_aliases"


def code_names(pairs: Mapping[tuple[str, str], int]) -> dict[str, str]:
    """Each rep code → the name it is shown by: of the names its rows give (matched as
    ``rep_key``, so 田中 一郎 and 田中一郎 are one), the one most rows give, in the spelling
    most of those rows use (a tie: the one with a space, then sort order, as
    :func:`rep_spellings`). ``pairs``: rows per (code, name as typed). A code no row names
    is not listed (it is shown as itself)."""
    by_code: dict[str, dict[str, Counter[str]]] = {}
    for (code, name), n in pairs.items():
        by_code.setdefault(code, {}).setdefault(rep_key(name), Counter())[name] += n
    out: dict[str, str] = {}
    for code, keys in by_code.items():
        top = min(keys, key=lambda k: (-keys[k].total(), k))
        spellings = keys[top]
        out[code] = min(spellings, key=lambda n: (-spellings[n], " " not in n, n))
    return out


def name_aliases(
    pairs: Mapping[tuple[str, str], int], names: Mapping[str, str] | None = None
) -> dict[str, tuple[str, str]]:
    """Each name key (``rep_key``) given under exactly one rep code → (that code's shown
    name, the code): how a row that gives the name only is read. ``pairs``: rows per (code,
    name as typed); ``names``: each code's shown name (default :func:`code_names`). A name
    given under two codes or more (a code whose rows were renamed to colleagues) is left
    out: it names no one code."""
    names = code_names(pairs) if names is None else names
    codes: dict[str, set[str]] = {}
    for code, name in pairs:
        codes.setdefault(rep_key(name), set()).add(code)
    return {
        key: (names[code], code)
        for key, (code, *more) in ((k, sorted(c)) for k, c in codes.items())
        if not more and code in names and key
    }


def coded_reps(
    values: Iterable[str], names: Mapping[str, str], named: Iterable[str] = ()
) -> dict[str, str]:
    """The values of a rep column without a code column beside it that are rep codes of
    ``names`` (code → shown name, :func:`code_names`) → that code's name (module doc).

    ``named``: the names given anywhere (the coded rows' names, the Reps sheet's): a value
    whose ``rep_key`` is one of them is a name, never read as a code. A value the map does
    not hold as typed is matched with its leading zeros cut (1 for 001: a code column opened
    in Excel) when exactly one code cuts to it."""
    if not names:
        return {}
    keys = {rep_key(n) for n in [*named, *names.values()]}
    cut: dict[str, list[str]] = {}
    for code in names:
        if code.isdigit():
            cut.setdefault(code.lstrip("0"), []).append(code)
    out: dict[str, str] = {}
    for value in values:
        text = str(value).strip()
        if not text or rep_key(text) in keys:
            continue
        code = text if text in names else None
        if code is None and text.isdigit() and len(cut.get(text.lstrip("0"), [])) == 1:
            code = cut[text.lstrip("0")][0]
        if code is not None:
            out[str(value)] = names[code]
    return out


def listed_codes(
    listed: Sequence[str], names: Mapping[str, str], given: Iterable[str] = ()
) -> dict[str, str]:
    """The Reps sheet's values (``listed``) that are rep codes of ``names`` (code → shown
    name) and no name ``given`` on the coded rows → that code's name (module doc): they are
    not names, so the other inputs' codes are still read as the master's reps."""
    return coded_reps(list(listed), names, given)


def reps_sheet_codes_check(read: Mapping[str, str]) -> Check:
    """The one warning for a Reps sheet listing rep codes as names (:func:`listed_codes`):
    the codes and whom they are; ``codes``: the map (pipeline keys the rows' branches by it)."""
    listed = sorted(read.items())[:LISTED_CODES]
    more = " …" if len(read) > LISTED_CODES else ""
    params: dict[str, object] = {
        "count": len(read),
        "names_ja": "、".join(f"{c} → {n}" for c, n in listed) + more,
        "names_en": ", ".join(f"{c} → {n}" for c, n in listed) + more,
        "codes": dict(read),
    }
    return Check(REPS.name, None, "", None, "reps_sheet_codes", params, "warn")


def without_codes(listed: Sequence[str], read: Mapping[str, str]) -> list[str]:
    """The Reps sheet's names without its values read as codes (:func:`listed_codes`)."""
    return [n for n in listed if n not in read]


def coded_reps_check(
    read: Mapping[str, str], rows: int, sheet: str, column: str, source: str
) -> Check:
    """The info line of a rep column read as codes (:func:`coded_reps`): ``read`` value →
    name, ``rows`` the rows it moved, ``source`` where the code → name map came from."""
    listed = sorted(read.items())[:LISTED_CODES]
    more = " …" if len(read) > LISTED_CODES else ""
    params: dict[str, object] = {
        "column": header_of(column),
        "count": len(read),
        "rows": rows,
        "source": source,
        "names_ja": "、".join(f"{c} → {n}" for c, n in listed) + more,
        "names_en": ", ".join(f"{c} → {n}" for c, n in listed) + more,
    }
    return Check(sheet, None, column, None, "rep_codes_read_as_names", params, "info")


def code_pairs(frame: pd.DataFrame) -> Counter[tuple[str, str]]:
    """Rows per (rep code, rep name) of a frame read with a code column: the rows whose rep
    came from a name (a row with a code and no name holds the code as its rep)."""
    codes, reps = frame[REP_CODE_KEY], frame["rep"]
    named = codes.notna() & reps.notna() & (reps.astype(object) != codes.astype(object))
    if not named.any():
        return Counter()
    both = pd.DataFrame({"c": codes[named].astype(object), "r": reps[named].astype(object)})
    return Counter({(str(c), str(r)): int(n) for (c, r), n in both.value_counts().items()})


def key_by_code(
    frames: Sequence[pd.DataFrame],
    listed: Sequence[str] = (),
    checks: list[Check] | None = None,
    sheets: Sequence[str] = (),
) -> list[pd.DataFrame]:
    """The frames with each row's rep decided by its rep code where one was read (a sheet with
    a code column beside the name: ``validation.headers``): the code's name over the rows of
    all of them (:func:`code_names`), the code itself when no row names it. The code column is
    dropped. A frame without one has the values of its rep column that are those codes read
    as their reps (:func:`coded_reps`; ``listed``: the Reps sheet's names), said on
    ``checks`` at its sheet (``sheets``, in the frames' order); its other values are the
    names typed.

    trial 22: a master reassigned in 担当者コード only kept the old name on the moved rows and
    nothing moved; read by the code, the rows go to the rep the code is."""
    pairs: Counter[tuple[str, str]] = Counter()
    source = ""
    for i, frame in enumerate(frames):
        if REP_CODE_KEY in frame:
            found = code_pairs(frame)
            if found and not source:
                source = _map_source(frame, sheets[i] if i < len(sheets) else "")
            pairs.update(found)
    names = code_names(pairs)
    # The rows that give a name only are read by it later (one_rep_spelling): the names each
    # code's rows give go with the frames, the code column being dropped here.
    aliases = name_aliases(pairs, names)
    given = [n for _, n in pairs]
    # A Reps sheet listing the codes (trial 51): they name no one, said once.
    on_sheet = listed_codes(listed, names, given)
    if on_sheet and checks is not None:
        checks.append(reps_sheet_codes_check(on_sheet))
    named = [*without_codes(listed, on_sheet), *given]
    out = []
    for i, frame in enumerate(frames):
        if REP_CODE_KEY not in frame and names and "rep" in frame and len(frame):
            counts = frame["rep"].dropna().astype(object).value_counts(sort=False)
            read = coded_reps([str(v) for v in counts.index], names, named)
            if read:
                attrs = dict(frame.attrs)
                frame = frame.assign(rep=respell(frame["rep"], read))
                frame.attrs = attrs
                if checks is not None:
                    rows = int(sum(int(n) for v, n in counts.items() if str(v) in read))
                    column = attrs.get("columns", {}).get("rep", "")
                    sheet = sheets[i] if i < len(sheets) else ""
                    checks.append(coded_reps_check(read, rows, sheet, column, source))
        if REP_CODE_KEY in frame:
            attrs = dict(frame.attrs)
            codes = frame[REP_CODE_KEY]
            hit = codes.notna() & codes.isin(list(names))
            rep = frame["rep"]
            if hit.any():
                rep = rep.copy()
                rep[hit] = codes[hit].map(names)
            frame = frame.assign(rep=rep).drop(columns=REP_CODE_KEY)
            frame.attrs = attrs
        if aliases:
            frame = frame.copy(deep=False) if frame is frames[len(out)] else frame
            frame.attrs = {**frame.attrs, ALIASES_ATTR: aliases}
        out.append(frame)
    return out


def _map_source(frame: pd.DataFrame, sheet: str) -> str:
    """Where a code → name map was read, for Checks: the sheet and its two columns."""
    columns = frame.attrs.get("columns", {})
    code, name = header_of(columns.get(REP_CODE_KEY, "")), header_of(columns.get("rep", ""))
    return f"{sheet} ({code} → {name})" if code and name else sheet


def _blank(value: object) -> bool:
    """An empty cell, as either reader gives it (None, NaN, or text of spaces)."""
    return value is None or value != value or not str(value).strip()


def code_name_check(
    codes: Sequence[object],
    names: Sequence[object],
    rows: Sequence[int],
    *,
    sheet: str,
    code_column: str,
    name_column: str,
) -> Check | None:
    """One warning for the rows whose rep code names another rep than its other rows do.

    The code decides the row's rep (:func:`key_by_code`), so a master that moves accounts by
    the code alone (an ERP export) moves them (trial 22: 69 accounts given 渡辺's and 加藤's
    codes kept the name 山口 茂); the warning says the name column disagrees, in case the
    name was right. A code's rep is the name most of its rows give (names matched as
    ``rep_key``); a row giving another name is listed. None when every code has one name.
    The caller passes the open accounts' rows only (no end date): a closed account's rep is
    history, not an assignment."""
    by_code: dict[str, Counter[str]] = {}
    typed: dict[str, str] = {}
    pairs: list[tuple[str, str, int]] = []
    for code, name, row in zip(codes, names, rows, strict=True):
        if _blank(code) or _blank(name):
            continue
        if isinstance(code, float) and code.is_integer():  # 7.0 from one reader, 7 from another
            code = int(code)
        c, n = normal_text(str(code)).strip(), rep_key(str(name))
        if not c or not n:
            continue
        by_code.setdefault(c, Counter())[n] += 1
        typed.setdefault(n, str(name).strip())
        pairs.append((c, n, int(row)))
    # A code is one rep's when more than half its rows name him: a code whose rows were
    # renamed to several colleagues (the README's way, the code left as it was) has none.
    usual = {
        c: top
        for c, k in by_code.items()
        if len(k) > 1 and 2 * k[top := max(sorted(k), key=k.__getitem__)] > k.total()
    }
    odd = [(c, n, r) for c, n, r in pairs if c in usual and n != usual[c]]
    if not odd:
        return None
    code, name, row = odd[0]
    listed = ", ".join(str(r) for _, _, r in odd[:LISTED_CODE_ROWS])
    params = {
        "count": len(odd),
        "code_column": code_column,
        "name_column": name_column,
        "code": code,
        "usual": typed[usual[code]],
        "name": typed[name],
        "row": row,
        "rows": listed + (" …" if len(odd) > LISTED_CODE_ROWS else ""),
    }
    return Check(sheet, row, code_column, code, "rep_code_name_mismatch", params, "warn")


def rep_key(name: str) -> str:
    """How rep names are matched: the cell's text (NFKC) with every space removed."""
    return WHITESPACE.sub("", normal_text(name))


def spelling_counts(columns: Iterable[pd.Series]) -> Counter[str]:
    """Rows per spelling over rep columns (blanks left out)."""
    counts: Counter[str] = Counter()
    for column in columns:
        if len(column):
            counts.update(
                {str(k): int(n) for k, n in column.dropna().value_counts(sort=False).items()}
            )
    return counts


def rep_spellings(counts: Mapping[str, int], listed: Sequence[str] = ()) -> dict[str, str]:
    """Each spelling that is not its rep's shown name → that name (spellings already shown
    are left out: an empty dict when every rep is typed one way).

    ``counts``: rows per spelling; ``listed``: the Reps sheet's names, whose spelling wins.
    Otherwise the spelling most rows use; a tie goes to the one with a space (高橋 健一 over
    高橋健一, the way a name is written out), then to the first in sort order, so the sheet
    and source paths choose alike.
    """
    by_key: dict[str, list[str]] = {}
    for name in counts:
        by_key.setdefault(rep_key(name), []).append(name)
    sheet = {rep_key(n): n for n in reversed(listed)}  # the first row of a key wins
    out: dict[str, str] = {}
    for key, names in by_key.items():
        shown = sheet.get(key) or min(names, key=lambda n: (-counts[n], " " not in n, n))
        out.update({n: shown for n in names if n != shown})
    return out


def respell(column: pd.Series, spellings: Mapping[str, str]) -> pd.Series:
    """The rep column with each spelling replaced by its shown name (dtype kept)."""
    if not spellings or not len(column):
        return column
    hit = column.isin(list(spellings))
    if not hit.any():
        return column
    out = column.copy()
    out[hit] = column[hit].map(spellings)
    return out


def similar_reps_check(counts: Mapping[str, int], sheet: str) -> Check | None:
    """One warning naming reps whose key begins another's (高橋 ⊂ 高橋 健一), with their rows;
    None when no name does. ``counts``: rows per shown name (after :func:`rep_spellings`)."""
    keys: dict[str, str] = {rep_key(n): n for n in counts if n.upper() != "ALL"}
    pairs = [
        (short, long)
        for short in sorted(keys)
        for long in sorted(keys)
        if short != long and long.startswith(short)
    ]
    if not pairs:
        return None

    def listing(form: str, one: str) -> str:
        lines = [
            " / ".join(
                (one if counts[keys[k]] == 1 else form).format(name=keys[k], rows=counts[keys[k]])
                for k in pair
            )
            for pair in pairs[:LISTED_PAIRS]
        ]
        return "; ".join(lines) + (" …" if len(pairs) > LISTED_PAIRS else "")

    params: dict[str, object] = {
        "names_ja": listing("{name}({rows:,}行)", "{name}({rows}行)"),
        "names_en": listing("{name} ({rows:,} rows)", "{name} ({rows} row)"),
    }
    return Check(sheet, None, "", keys[pairs[0][0]], "rep_names_similar", params, "warn")


def one_rep_spelling(
    frames: Sequence[pd.DataFrame],
    listed: Sequence[str],
    checks: list[Check],
    sheet: str = "Orders",
    counted: Mapping[str, int] | None = None,
    history: int | None = None,
    aliases: Mapping[str, tuple[str, str]] | None = None,
) -> tuple[list[pd.DataFrame], dict[str, str]]:
    """The input frames with every rep in his shown spelling, and the spellings changed
    (:func:`rep_spellings` over the rows of all of them plus ``counted``: rows per spelling
    of history read elsewhere, a source's). The look-alike warning, on ``sheet``, goes to
    ``checks``: it names the reps of the history — ``counted`` and the first ``history``
    frames (Orders, Visits, Accounts; None: all) —, as a name only Leave or Notes give is
    already a Check of its own there (a rep the book does not know).

    ``aliases``: the names given under one rep code only (:func:`name_aliases`; default: as
    :func:`key_by_code` left them on the frames): a row still giving such a name gives it
    alone (the coded rows already read their code's name) and is read as the code's rep,
    said by one warning on ``sheet`` when the name is not the code's own."""
    cut = len(frames) if history is None else history
    in_history = spelling_counts(f["rep"] for f in frames[:cut] if "rep" in f)
    in_history.update(counted or {})
    counts = in_history + spelling_counts(f["rep"] for f in frames[cut:] if "rep" in f)
    spellings = rep_spellings(counts, listed)
    if aliases is None:
        aliases = {}
        for frame in frames:
            aliases = {**aliases, **frame.attrs.get(ALIASES_ATTR, {})}
    read_as = _by_code(counts, aliases, spellings, listed)
    spellings.update({name: shown for name, (shown, _) in read_as.items()})
    alias_check = _by_code_check(read_as, counts, sheet)
    if alias_check is not None:
        checks.append(alias_check)
    out = []
    for frame in frames:
        if ALIASES_ATTR in frame.attrs:
            frame = frame.copy(deep=False)
            frame.attrs = {k: v for k, v in frame.attrs.items() if k != ALIASES_ATTR}
        if spellings and "rep" in frame and frame["rep"].isin(list(spellings)).any():
            attrs = frame.attrs
            frame = frame.assign(rep=respell(frame["rep"], spellings))
            frame.attrs = attrs  # the Checks names of its columns, the skipped keys
        out.append(frame)
    if spellings:  # the skipped rows' reps are matched against the shown names too
        for frame in out:
            skipped = frame.attrs.get("skipped", {})
            if skipped.get("rep"):
                skipped["rep"] = {spellings.get(r, r) for r in skipped["rep"]}
    shown: Counter[str] = Counter()
    for name, n in in_history.items():
        shown[spellings.get(name, name)] += n
    similar = similar_reps_check(shown, sheet)
    if similar is not None:
        checks.append(similar)
    return out, spellings


def _by_code(
    counts: Mapping[str, int],
    aliases: Mapping[str, tuple[str, str]],
    spellings: Mapping[str, str],
    listed: Sequence[str],
) -> dict[str, tuple[str, str]]:
    """The spellings of ``counts`` read as a rep code's rep (:func:`name_aliases`) → (shown
    name, code), the ones already shown so left out. A name the Reps sheet lists as a rep of
    its own is his, whatever code it was once typed under."""
    if not aliases:
        return {}
    own = {rep_key(n) for n in listed}
    out: dict[str, tuple[str, str]] = {}
    for name in counts:
        key = rep_key(name)
        if key not in aliases:
            continue
        shown, code = aliases[key]
        shown = spellings.get(shown, shown)
        if name == shown or (key in own and key != rep_key(shown)):
            continue
        out[name] = (shown, code)
    return out


def _by_code_check(
    read_as: Mapping[str, tuple[str, str]], counts: Mapping[str, int], sheet: str
) -> Check | None:
    """One warning listing the names read as another name's code (``rep_name_by_code``):
    those whose key is not the shown name's (a spacing of his own name says nothing)."""
    moved = sorted(
        ((n, s, c) for n, (s, c) in read_as.items() if rep_key(n) != rep_key(s)),
        key=lambda x: (x[1], x[0]),
    )
    if not moved:
        return None

    def listing(form: str) -> str:
        lines = [
            form.format(name=n, shown=s, code=c, rows=counts[n])
            for n, s, c in moved[:LISTED_ALIASES]
        ]
        return ", ".join(lines) + (" …" if len(moved) > LISTED_ALIASES else "")

    params: dict[str, object] = {
        "count": sum(counts[n] for n, _, _ in moved),
        "names_ja": listing("「{name}」→ コード {code} の「{shown}」({rows:,}行)"),
        "names_en": listing("'{name}' → code {code}, '{shown}' ({rows:,} rows)"),
    }
    return Check(sheet, None, "", moved[0][0], "rep_name_by_code", params, "warn")
