"""One Checks row per kind of note across the files of a stack (trial 52 M2).

A folder of monthly 日報 (one file per rep per month, 225 files) read as one input gave each
file its own row for the same unknown word (673 error rows for three words), its own
"N rows not used" line (219 criticals, 219 summary lines) and its own words / contacts
lines. The README promises one row per word; here each such group becomes one row: the
rows summed, the first files named and the rest counted.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from routekpi.contract import SKIPPED_PROBLEMS, Check, skipped_rows
from routekpi.messages import text

# The row-by-row word checks of a file's kind or outcome column (sources.tabular._unknown_words).
WORD_PROBLEMS = ("unknown_choice_rows", "unknown_choice_rows_ignored", "unknown_outcome_rows")
# Info lines whose counts differ file by file (so not said once as the first file's).
COUNTED_NOTES = ("contacts_not_counted", "visits_nobody_there", "words_used")
LISTED_FILES = 4  # the files a folded row names, the rest counted


def _count(value: object) -> int:
    """A count as a message's params hold it (12 or "1,234")."""
    return int(str(value).replace(",", "") or 0)


def _files(rows: list[Check], lang: str, count_key: str) -> str:
    """The first files with their count, the rest as a number."""
    ja = lang == "ja"
    said = []
    for c in rows[:LISTED_FILES]:
        n = _count(c.params.get(count_key, 0))
        said.append(f"{c.sheet}({n:,}行)" if ja else f"{c.sheet} ({n:,})")
    joined = ("・" if ja else ", ").join(said)
    more = len(rows) - LISTED_FILES
    if more > 0:
        joined += f" ほか {more:,} ファイル" if ja else f" and {more:,} more files"
    return joined


def _word_row(rows: list[Check]) -> Check:
    """One unknown word over the stack's files: its rows summed, the first file's rows shown."""
    head = rows[0]
    total = sum(_count(c.params.get("times", 0)) for c in rows)
    first = {**head.params, "times": f"{total:,}", "rows": f"{head.sheet} {head.params['rows']}"}
    params: dict[str, object] = {
        "first": text(head.problem, "ja", **first),
        "first_en": text(head.problem, "en", **first),
        "files": f"{len(rows):,}",
        "each": _files(rows, "ja", "times"),
        "each_en": _files(rows, "en", "times"),
    }
    return Check(
        head.sheet, head.row, head.column, head.value, "stacked_word_folded", params, head.severity
    )


_WORD_JA = re.compile(r"「(.+?)」→ (.+?) ([\d,]+)行")
_WORD_EN = re.compile(r"'(.+?)' → (.+?) ([\d,]+) rows?")


def _summed(said: list[str], pattern: re.Pattern[str]) -> dict[tuple[str, str], int]:
    """Each (word, kind) of the files' words lines → its rows summed, in first-seen order."""
    out: dict[tuple[str, str], int] = {}
    for one in said:
        for word, kind, n in pattern.findall(one):
            out[(word, kind)] = out.get((word, kind), 0) + _count(n)
    return out


def _words_row(rows: list[Check], stack: str) -> Check:
    """The company's words read over the stack's files: one line, each word's rows summed."""
    ja = _summed([str(c.params.get("words_ja", "")) for c in rows], _WORD_JA)
    en = _summed([str(c.params.get("words_en", "")) for c in rows], _WORD_EN)
    params: dict[str, object] = {
        "source": stack,
        "count": f"{sum(_count(c.params.get('count', 0)) for c in rows):,}",
        "words_ja": "、".join(f"「{w}」→ {k} {n:,}行" for (w, k), n in ja.items()),
        "words_en": ", ".join(f"'{w}' → {k} {n:,} row{'s' * (n != 1)}" for (w, k), n in en.items()),
    }
    head = rows[0]
    return Check(head.sheet, head.row, head.column, head.value, head.problem, params, head.severity)


def _note_row(rows: list[Check]) -> Check:
    """One counted info line over the stack's files: the first file's text, each file's count."""
    head = rows[0]
    params: dict[str, object] = {
        "first": text(head.problem, "ja", **head.params),
        "first_en": text(head.problem, "en", **head.params),
        "files": len(rows),
        "each": _files(rows, "ja", "count"),
        "each_en": _files(rows, "en", "count"),
    }
    fold = "stacked_checks_folded"
    return Check(head.sheet, head.row, head.column, head.value, fold, params, head.severity)


def _stack_of_source(source: str, stack_of: Mapping[str, str]) -> str | None:
    """The stack a words line's source ("2025-04_中村健.xlsx Sheet1": the file, its tab) is of."""
    if source in stack_of:
        return stack_of[source]
    file = source.rsplit(" ", 1)[0]
    return stack_of.get(file)


def folded_stack_rows(
    checks: list[Check], stack_of: Mapping[str, str], rows_read: Mapping[str, Mapping[str, int]]
) -> list[Check]:
    """``checks`` with each stack's per-file unknown-word rows one row per word, its per-file
    "rows not used" lines one line for the stack (its severity by the stack's share), and
    its per-file contacts / words lines one row each. ``stack_of``: a file's label → its
    stack's label; ``rows_read``: a stack's label → each file's rows read."""
    groups: dict[tuple[object, ...], list[int]] = {}
    for i, c in enumerate(checks):
        stack = stack_of.get(c.sheet)
        if c.problem == "words_used":  # on the Words sheet, its source the file (and tab)
            stack = _stack_of_source(str(c.params.get("source", "")), stack_of)
        if stack is None:
            continue
        if c.problem in WORD_PROBLEMS:
            word = str(c.value).strip() if c.value is not None else ""
            groups.setdefault((stack, c.problem, c.column, word), []).append(i)
        elif c.problem in SKIPPED_PROBLEMS:
            groups.setdefault((stack, "skipped"), []).append(i)
        elif c.problem in COUNTED_NOTES:
            groups.setdefault((stack, c.problem), []).append(i)
    first: dict[int, Check] = {}
    dropped: set[int] = set()
    for key, at in groups.items():
        rows = [checks[i] for i in at]
        stack = str(key[0])
        if key[1] == "skipped":
            # The stack's one line: every file's rows left out over every file's rows.
            count = sum(_count(c.params["count"]) for c in rows)
            lined = {c.sheet: _count(c.params.get("total", 0)) for c in rows}
            files = rows_read.get(stack, {})
            total = sum(lined.get(f, n) for f, n in files.items()) or sum(lined.values())
            first[at[0]] = skipped_rows(stack, count, max(total, count))
        elif len(at) > 1:
            if key[1] in WORD_PROBLEMS:
                first[at[0]] = _word_row(rows)
            elif key[1] == "words_used":
                first[at[0]] = _words_row(rows, stack)
            else:
                first[at[0]] = _note_row(rows)
        else:
            continue
        dropped.update(at[1:])
    if not first:
        return checks
    return [first.get(i, c) for i, c in enumerate(checks) if i not in dropped]
