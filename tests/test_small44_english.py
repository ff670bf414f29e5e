"""An English book's stacked-source name and Words-sheet kind message hold no Japanese
(small44, item 5).

Reproduced on the English sample book with Orders read from three files (Sources rows 2–4)
and a Words row typed 'drop by': Checks named the source 「o1.csv・o2.csv・o3.csv」 (the status
line too: Orders=o1.csv・o2.csv・o3.csv), and said "type visit, appointment, meeting or contact
(訪問・アポ・商談・連絡)". The stack's name is one in both languages (it keys its checks and
stands in the Sheet column): its files joined by `` + ``; the kind message's English lists the
English kinds only.
"""

from __future__ import annotations

import re

from routekpi.messages import text
from routekpi.sources import SourceRef
from routekpi.sources.assemble import source_status

JAPANESE_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]+")


def _stack(*names: str) -> SourceRef:
    first, *rest = (SourceRef("Orders", n) for n in names)
    return SourceRef("Orders", first.location, more=tuple(rest))


def test_a_stack_of_files_is_named_with_plus_signs() -> None:
    assert _stack("o1.csv", "o2.csv").label == "o1.csv + o2.csv"
    assert _stack("o1.csv", "o2.csv", "o3.csv").label == "o1.csv + o2.csv + o3.csv"
    # Four or more: the first and the last, as before.
    assert _stack("a.csv", "b.csv", "c.csv", "d.parquet").label == "a.csv + … + d.parquet"
    status = source_status({"Orders": _stack("o1.csv", "o2.csv"), "Visits": _stack("v.csv")})
    assert status == "Orders=o1.csv + o2.csv, Visits=v.csv"  # the sources told apart
    assert not JAPANESE_RUN.search(status)


def test_an_unknown_kind_on_the_words_sheet_is_said_in_english() -> None:
    said = text("words_unknown_kind", "en", value="drop by", times="1", rows="2")
    assert said == (
        "'drop by' is not one of routekpi's kinds (1 row: row 2); type visit, appointment, "
        "meeting or contact (these rows are skipped)"
    )
    assert not JAPANESE_RUN.search(said)
    assert "訪問・アポ・商談・連絡" in text(  # ja as before
        "words_unknown_kind", "ja", value="会議", times="1", rows="3"
    )
