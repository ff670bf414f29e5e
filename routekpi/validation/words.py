"""The Words sheet (種別の読み替え): the company's own activity words, each read as one of
routekpi's visit kinds wherever a kind is read — the Visits sheet (both read paths), a file or
database named on the Sources sheet, a rep's returned visit log.

An SFA writes its own words (見積提出, 打合せ); without a place to say what they mean, each
month's 66,000-row export had to be edited (trial 19: 3,080 rows of 見積提出 left out). The
sheet is read first; a row that cannot be used (a blank, a kind routekpi does not have, a word
given two meanings) is a Checks row naming its sheet, row and column, and is not used. What
each word then read is one info line (``words_used_check``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from routekpi.contract import Check
from routekpi.messages import text
from routekpi.schema import OUTCOME_CHOICES, VISIT_KINDS, WORDS
from routekpi.validation.cells import choice_key, parse_choice_column


@dataclass(frozen=True)
class KindWords:
    """The usable rows of the Words sheet: each word as the choice parser looks it up
    (``choice_key``) → a canonical kind, and the word as first typed (for messages)."""

    table: Mapping[str, str] = field(default_factory=dict)
    shown: Mapping[str, str] = field(default_factory=dict)
    # Words whose meaning is an outcome (成功 / 失敗 / 検討中: won, lost, open), read in the
    # outcome column only (trial 44 M1: an SFA's 商談化, 断られ, 情報収集), and their words
    # as first typed.
    outcomes: Mapping[str, str] = field(default_factory=dict)
    outcome_shown: Mapping[str, str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.table) or bool(self.outcomes)


# An outcome as messages name it (the first Japanese word of won is ○: not a name).
_OUTCOME_LABELS = {"won": "成功", "lost": "失敗", "open": "検討中"}


def kind_label(key: str, language: str) -> str:
    """A kind as messages name it: its first Japanese word (商談), else its key (meeting);
    an outcome by its word on the template's drop-down (成功, won)."""
    if language != "ja":
        return key
    if key in _OUTCOME_LABELS:
        return _OUTCOME_LABELS[key]
    return next((w for w in VISIT_KINDS.get(key, ()) if not w.isascii()), key)


def words_sheet_params() -> dict[str, object]:
    """Where an unknown word can be given its meaning: the Words sheet and its columns, in
    both languages (a message about a kind column points there)."""
    word, kind = WORDS.column("word"), WORDS.column("kind")
    return {
        "words_sheet_ja": WORDS.ja,
        "words_sheet_en": WORDS.name,
        "word_column_ja": word.ja,
        "word_column_en": word.en,
        "kind_column_ja": kind.ja,
        "kind_column_en": kind.en,
    }


# Words an SFA writes on the accompanying person's row of a ride-along (trial 35 M3: the
# manager's 313 同行 rows, mapped to 訪問 as the Checks row then suggested, made him a rep).
RIDE_ALONG_WORDS: tuple[str, ...] = ("同行", "同伴", "帯同", "ride-along", "ride along")


def kind_word_params(value: object) -> dict[str, object]:
    """An unknown kind word's message parameters: where the Words sheet is, and for a
    ride-along word (``RIDE_ALONG_WORDS``) the hint to read the companion's row as a contact
    (``hint_ja``, ``hint_en``; empty for any other word)."""
    ride = any(w in str(value).lower() for w in RIDE_ALONG_WORDS)
    within = None if ride else contained_kind(value)
    hints = {
        f"hint_{lang}": text("ride_along_hint", lang, value=value)
        if ride
        else text(
            "kind_contains_hint",
            lang,
            value=value,
            word=within[0],
            kind=kind_label(within[1], lang),
            kind_column=words_sheet_params()[f"kind_column_{lang}"],
        )
        if within is not None
        else ""
        for lang in ("ja", "en")
    }
    return {**words_sheet_params(), **hints}


def contained_kind(value: object) -> tuple[str, str] | None:
    """(the known word, its kind) an unknown kind word contains — 圃場巡回 holds 巡回, a visit
    (trial 42 L5) — the longest such word of at least two characters, written in Japanese (an
    English one sits inside unrelated words: tel in hotel); None when there is none or the
    longest point at two kinds."""
    folded = str(value).casefold()
    found = [
        (word, kind)
        for kind, words in VISIT_KINDS.items()
        for word in words
        if len(word) >= 2 and not word.isascii() and word in folded
    ]
    if not found:
        return None
    longest = max(len(w) for w, _ in found)
    kinds = {k for w, k in found if len(w) == longest}
    if len(kinds) != 1:
        return None
    return next((w, k) for w, k in found if len(w) == longest)


def kind_words(
    words: pd.DataFrame, rows: np.ndarray, checks: list[Check], columns: Mapping[str, str]
) -> KindWords:
    """The company's words from the Words rows ``read_table`` kept (``rows``: their Excel row
    numbers; ``columns``: the Checks names of its columns, "A 自社の言葉").

    A word given a second, different meaning is an error at that row, which is not used (the
    first row stands, as for a repeated account code); the same meaning again is harmless. A
    word routekpi already reads as another kind is read as the sheet says, with an info row.
    """
    tables: dict[bool, dict[str, str]] = {False: {}, True: {}}  # by "means an outcome"
    shown: dict[bool, dict[str, str]] = {False: {}, True: {}}
    first_row: dict[tuple[bool, str], int] = {}
    typed = [str(w) for w in words["word"]]
    own, _ = parse_choice_column(typed, VISIT_KINDS)  # what routekpi reads each word as
    own_outcome, _ = parse_choice_column(typed, OUTCOME_CHOICES)
    for i, (word, kind) in enumerate(zip(typed, words["kind"], strict=True)):
        row = int(rows[i])
        key = choice_key(word)
        if key is None:  # read_table keeps no blank word
            continue
        # A word may mean a kind in the kind column and an outcome in the outcome column:
        # each is its own table, and two meanings conflict only within one.
        outcome = str(kind) in OUTCOME_CHOICES
        table = tables[outcome]
        if key in table:
            if table[key] != kind:
                params = {
                    "word": word,
                    "first_row": first_row[outcome, key],
                    **_kind_params("first_kind", table[key]),
                    **_kind_params("kind", str(kind)),
                }
                checks.append(
                    Check(WORDS.name, row, columns.get("word", ""), word, "words_conflict", params)
                )
            continue
        table[key], shown[outcome][key], first_row[outcome, key] = str(kind), word, row
        builtin = own_outcome[i] if outcome else own[i]
        if builtin is not None and builtin != kind:
            params = {"word": word, **_kind_params("own", builtin), **_kind_params("kind", kind)}
            checks.append(
                Check(
                    WORDS.name, row, columns.get("kind", ""), word, "words_override", params, "info"
                )
            )
    return KindWords(tables[False], shown[False], tables[True], shown[True])


def _kind_params(name: str, key: str) -> dict[str, object]:
    """A kind as a message parameter in both languages: ``{name}_ja``, ``{name}_en``."""
    return {f"{name}_ja": kind_label(key, "ja"), f"{name}_en": kind_label(key, "en")}


def words_used_check(
    words: KindWords,
    counts: Mapping[str, int],
    source: str,
    outcome_counts: Mapping[str, int] | None = None,
) -> Check:
    """The one info line on what the Words sheet did to ``source`` (a sheet or file name):
    each word, the kind it was read as and its rows (``counts``: by ``choice_key``), in the
    sheet's order; a word no row holds says 0 (a typo in the word shows there)."""
    ja, en = [], []
    for key, word in words.shown.items():
        n = int(counts.get(key, 0))
        kind = words.table[key]
        ja.append(f"「{word}」→ {kind_label(kind, 'ja')} {n:,}行")
        en.append(f"'{word}' → {kind_label(kind, 'en')} {n:,} row{'s' * (n != 1)}")
    total = sum(int(counts.get(k, 0)) for k in words.shown)
    # Outcome words, counted in the outcome column (``outcome_counts``; trial 44 M1).
    outcome_counts = outcome_counts or {}
    for key, word in words.outcome_shown.items():
        n = int(outcome_counts.get(key, 0))
        kind = words.outcomes[key]
        ja.append(f"「{word}」→ 結果 {kind_label(kind, 'ja')} {n:,}行")
        en.append(f"'{word}' → outcome {kind_label(kind, 'en')} {n:,} row{'s' * (n != 1)}")
        total += n
    params = {
        "source": source,
        "count": f"{total:,}",
        "words_ja": "、".join(ja),
        "words_en": ", ".join(en),
    }
    return Check(WORDS.name, None, "", None, "words_used", params, "info")
