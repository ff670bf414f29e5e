"""Long texts wrapped over printed lines, the one way every output sheet does it.

Row heights are not recomputed on opening, so a wrapped cell would print its first line only
and an unwrapped one is cut at the next column: a long text goes on in the rows below its own
(Plan notes, Flags, Checks, Daily reasons, the Backtest). The lines keep every character (a
space at a break ends the line above, unseen): the cells read top to bottom and joined give
the text exactly, and a text that fits stays as it was.

Below ``render``, ``render_daily`` and ``render_dashboard`` (``render`` imports the other two),
so that each can use it without importing another at call time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from unicodedata import east_asian_width

from routekpi.io.sheetxml import Cell
from routekpi.schema import OUTPUT_BY_NAME, OutputSheet

Row = list[object]
# The keys a continuation row repeats (so that a filter on the severity, the rep, the date
# or the account keeps every line of a text) are grey, so the row reads as the one above
# going on. rk_note is the template's grey text; a date keeps its date style (there is no
# grey date style).
REPEATED_STYLE = "rk_note"
_KEPT_STYLES = frozenset({"rk_date"})
# What each wrapping table's continuation rows repeat: every column a reader filters on,
# the wrapped texts aside. Left blank: the Daily's numbers (stop number, rank, last visit,
# interval, revenue, distance), which a sum, an average or a count over the column (a day's
# kilometres, the stops in a filter) would take twice.
# Not yet the Checks (sheet, row, column, severity): its rows are also appended to a master's
# Checks by ``share.collect``, whose cell writer (share.sheetappend) takes plain values only,
# and repeated in black a continuation reads as a new Check with the same keys (two info
# notes on one sheet); grey needs that writer to take a Cell first.
REPEATED_KEYS: dict[str, tuple[str, ...]] = {
    "Daily": ("rep", "date", "account", "name"),
}

# Tables whose long texts wrap inside their own cell, the row made as tall as the most lines
# (``wrapped_heights``): one flag is one row, so a filter on 重大 shows 2 rows for 2 critical
# flags, not 8, and a sort or a count never splits a flag from its lines (trial 26 L4).
# Each text column wraps at its declared width (schema), as ``wrap_text`` reads it.
IN_CELL_WRAP: dict[str, tuple[str, ...]] = {
    "Flags": ("message", "action"),
}
# One printed line in points: the sheets' 15 pt rows are drawn taller with Japanese text
# (Excel's ja default, Yu Gothic 11 pt, is 18.75 pt a line), so that.
LINE_PT = 18.75


# A mark that never starts a line (kinsoku): at a cut it hangs at the end of the line above
# (「前倒し(…平準化)」 then a line 「、影響額 ¥3,068…」 at the Daily's 46-wide reasons).
_NO_LINE_START = frozenset("、。,.)）」』】%")


def _hiragana(ch: str) -> bool:
    return "\u3041" <= ch <= "\u309f"


def wrap_text(value: str, width: float) -> list[str]:
    """Lines of at most ``width`` column units, broken after a space or 、。, when possible;
    else after a run of hiragana (「受注の / 前年比」, not 「前年 / 比」); a closing mark
    hangs at the end of its line."""
    lines: list[str] = []
    limit = max(int(width) - 2, 8)
    text_ = value.strip()
    # No character is wider than 2 units and an ASCII one is 1: a text within the limit by
    # that count fits as it is, without a width per character (9 in 10 of the Daily's
    # reasons, 17,700 of them at a million order rows).
    if 2 * len(text_) - len(text_.encode("ascii", "ignore")) <= limit:
        return [text_] if text_ else []
    # Each character's width once (``display_width`` of the rest per line and of each
    # character per scan made the Plan's notes cost ~3 ms); ``start`` is where the rest begins.
    # ``display_width``'s rule inline: a call and a generator per character were two thirds
    # of the Daily sheet's wrapping (100,000 characters at 100,000 order rows).
    if text_.isascii():
        widths = [1] * len(text_)
    else:  # an ASCII character is 1 unit without asking (English text with a ¥ or a —)
        widths = [1 if ch < "\x80" else 2 if east_asian_width(ch) in "WF" else 1 for ch in text_]
    remaining = sum(widths)
    start, n = 0, len(text_)
    while remaining > limit:
        if max(widths[start : start + limit + 1]) == 1:
            # A line of narrow characters (English, its ¥ and — too): a unit each and no
            # kana (kana and 、。） are wide), so the scan below finds the last break at or
            # before the limit: looked for backwards, not character by character forwards
            # (twice the characters of a Japanese line: the English Daily cost 1.6× the
            # Japanese one to wrap). Same lines.
            end = _narrow_end(text_, start, min(limit, n - start))
        else:
            end = _scanned_end(text_, widths, start, limit)
        while start + end < n and text_[start + end] in _NO_LINE_START:
            end += 1
        lines.append(text_[start : start + end].rstrip())
        start += end
        while start < n and text_[start].isspace():  # the rest's lstrip()
            start += 1
        remaining = sum(widths[start:])
    if start < n:
        lines.append(text_[start:])
    return lines


def _narrow_end(text_: str, start: int, cut: int) -> int:
    """``_scanned_end`` of a line whose ``cut`` characters from ``start`` are a unit wide
    each: after its last space , ; or ) (a comma before a digit is inside a number) when in
    its second half, else at ``cut``."""
    for i in range(cut - 1, cut // 2 - 1, -1):
        ch = text_[start + i]
        if ch in " ,;)" and not (ch == "," and text_[start + i + 1 : start + i + 2].isdigit()):
            return i + 1
    return cut


def _scanned_end(text_: str, widths: list[int], start: int, limit: int) -> int:
    """How many characters from ``start`` the next line takes, ``limit`` units at most: up
    to its last break (a space, 、。,;)) past half of it, else to the end of its last kana
    ending there, else as many as fit."""
    n = len(text_)
    used, cut, brk, soft = 0, 0, 0, 0
    for i in range(n - start):
        used += widths[start + i]
        if used > limit:
            break
        cut = i + 1
        ch = text_[start + i]
        nxt = text_[start + i + 1 : start + i + 2]
        # Not inside a number: ¥201,002,919 stays on one line.
        digits = ch == "," and nxt.isdigit()
        if ch in " 、。,;)）" and not digits:
            brk = i + 1
        elif _hiragana(ch) and nxt and not _hiragana(nxt) and nxt not in _NO_LINE_START:
            if ch + nxt == "か月":  # 「9か月」 is one word
                continue
            soft = i + 1  # the end of a word's kana ending: 「受注の」「届かない」
    return brk if brk > cut // 2 else soft if soft > cut // 2 else cut


def repeated(value: object) -> object:
    """``value`` as a continuation row repeats it: grey, a date as it was, a blank blank."""
    if value is None or value == "":
        return value
    if isinstance(value, Cell):
        if value.style in _KEPT_STYLES or value.value is None or value.value == "":
            return value
        value = value.value
    return Cell(value, REPEATED_STYLE)


def split_at(value: str, parts: list[str]) -> list[str]:
    """``value`` cut where ``parts`` (its wrapped lines, spaces at the breaks dropped) begin,
    so that the pieces joined are ``value`` again."""
    starts, at = [], 0
    for part in parts:
        at = value.find(part, at)
        if at < 0:  # not a piece of value in order (never from wrap_text): as wrapped
            return parts
        starts.append(at)
        at += len(part)
    if len(starts) <= 1:
        return [value]
    ends = [*starts[1:], len(value)]
    return [value[a:b] for a, b in zip([0, *starts[1:]], ends, strict=True)]


def pieces(value: str, width: float) -> list[str]:
    """``value`` in printed lines of ``width`` column units that joined give it exactly."""
    return split_at(value, wrap_text(value, width))


def continued(
    sheet: OutputSheet, kept: Mapping[str, object], lines: Mapping[str, Sequence[str]]
) -> list[Row]:
    """The rows below a wrapped row: line 2, 3, … of each wrapped text (``lines``: all of
    each text's lines), beside the ``kept`` cells of the row above, in grey."""
    rows: list[Row] = []
    kept = {key: repeated(value) for key, value in kept.items()}
    for i in range(1, max(len(parts) for parts in lines.values())):
        more: dict[str, object] = dict(kept)
        more.update({key: parts[i] for key, parts in lines.items() if i < len(parts)})
        rows.append(sheet.row(more))
    return rows


def wrapped_rows(
    sheet: OutputSheet,
    cells: dict[str, object],
    widths: dict[str, float],
    keep: tuple[str, ...] | None = None,
) -> list[Row]:
    """One table row whose long texts (the ``widths`` keys) are wrapped over printed lines:
    the text goes on in the rows below, blank but for the rest of the wrapped texts and the
    ``keep`` cells (default: the sheet's ``REPEATED_KEYS``), repeated in grey (a filter on
    a Daily line's rep or date, and a rep's copy, keep the whole reason)."""
    lines: dict[str, list[str]] = {}
    for key, width in widths.items():
        value = cells.get(key)
        if isinstance(value, str) and value:
            parts = pieces(value, width)
            if len(parts) > 1:
                lines[key] = parts
    if not lines:
        return [sheet.row(cells)]
    first = sheet.row({**cells, **{key: parts[0] for key, parts in lines.items()}})
    if keep is None:
        keep = REPEATED_KEYS.get(sheet.name, ())
    return [first, *continued(sheet, {key: cells.get(key) for key in keep}, lines)]


def wrapped_heights(name: str, rows: Sequence[Row], keys: Sequence[str]) -> dict[int, float]:
    """Row (1-based, as ``rows`` are written from A1) → height in points for the rows of
    sheet ``name`` whose ``IN_CELL_WRAP`` texts wrap to more than one line at their
    declared widths: as many lines as the longest. Row heights are not recomputed on
    opening, so a wrapping cell in a row of one line would print its first line only.
    ``keys``: the columns ``rows`` hold (a rep's copy drops some). {} for other sheets."""
    wrapped = IN_CELL_WRAP.get(name)
    if not wrapped:
        return {}
    widths = {c.key: c.width for c in OUTPUT_BY_NAME[name].columns if c.key in wrapped}
    at = {key: i for i, key in enumerate(keys) if key in widths}
    out: dict[int, float] = {}
    for r, row in enumerate(rows, 1):
        lines = 1
        for key, i in at.items():
            value = row[i] if i < len(row) else None
            value = value.value if isinstance(value, Cell) else value
            if isinstance(value, str) and value:
                lines = max(lines, len(wrap_text(value, widths[key])))
        if lines > 1:
            out[r] = lines * LINE_PT
    return out
