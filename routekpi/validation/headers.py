"""Header rows matched to the schema, without pandas: the workbook reader uses it on the fast
path (``io.fastread``) and may run while the engine's modules are still importing."""

from __future__ import annotations

import re
from collections.abc import Sequence

from routekpi.schema import HeaderMatch, SheetSpec, match_headers

# A yen unit after a header ("売上金額(円)", "Amount ¥") says nothing about the column; a
# scaled unit ("(千円)", "(万円)") changes the numbers, so it is not stripped and the
# header stays unmatched rather than read 1000× too small.
_YEN_UNIT = re.compile(
    r"\s*[(（\[［【]?\s*(?<![千万百億])(?:円|¥|￥|JPY|yen)\s*[)）\]］】]?\s*$", re.I
)


def header_text(cell: object) -> object:
    """A header cell as matched: a trailing yen unit dropped ("金額(円)" → "金額")."""
    if not isinstance(cell, str):
        return cell
    stripped = _YEN_UNIT.sub("", cell)
    return stripped if stripped.strip() else cell


def header_match(spec: SheetSpec, row: Sequence[object]) -> HeaderMatch:
    """Map a header row to the sheet's columns, a trailing yen unit ignored."""
    return match_headers(spec, [header_text(c) for c in row])
