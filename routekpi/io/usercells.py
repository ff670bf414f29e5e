"""What a user typed on an output sheet, and where it goes when the sheet is rewritten.

The rule (README, "What routekpi does with bad input"): routekpi owns one block per output
sheet — its columns (A to the last column of that sheet's table), from row 1 down to the
last row it wrote. The block is remembered in a hidden workbook name
(``_rk_block_<Sheet>`` → ``'Plan'!$A$1:$C$57``; Excel and LibreOffice move it with inserted
rows and renamed tabs). Every other cell on the sheet is the user's:

* right of routekpi's columns, or below its block where the new table does not reach: kept
  exactly where it is (formatting and formulas too, the cell's XML is carried over);
* inside the new table's reach (below the old block), or a formula typed inside the block
  (routekpi never writes formulas): moved to the ``Kept notes`` sheet, one row per cell
  (date, sheet, cell, what was typed, the value it showed), with a Checks row each.

Without a remembered block (a workbook last written by an older routekpi, or by the Excel
button since — the remembered status line is then no longer on Plan) the block ends at the
first row that is empty in all of routekpi's columns.
"""

from __future__ import annotations

import datetime as dt
import re
import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from defusedxml import ElementTree

from routekpi.contract import CELL_REF, Check, column_letter, column_number, lazy_pattern
from routekpi.io.package import WorkbookWriteError, open_zip, read_part, workbook_sheets
from routekpi.io.sheetxml import Cell, SheetContent
from routekpi.messages import text
from routekpi.schema import PLAN

BLOCK_NAME = "_rk_block_{sheet}"
STAMP_NAME = "_rk_stamp"  # the status line of the run that wrote the records
TEXT_NAME = "_rk_text_{sheet}"  # per-column digests of the texts routekpi wrote in the block
KEPT_NOTES = {"ja": "保管メモ", "en": "Kept notes"}
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_CELL = lazy_pattern(r"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
# The cells routekpi, Excel and LibreOffice write: attributes (s,) r, (s,) (t) only and a
# plain value (<v>) or inline text (<is><t>) without entities or other elements (nearly
# every cell); else any cell, its attributes and body (``_CELL``).
_ANY_CELL = re.compile(
    r'<c (?:s="\d+" )?r="([A-Z]{1,3})(\d+)"(?: s="\d+")?(?: t="(\w+)")?>'
    r'(?:<v>([^<&]*)</v>|<is><t(?: xml:space="preserve")?>([^<&]*)</t></is>)</c>'
    r"|" + _CELL.pattern,
    re.S,
)
_ATTR = lazy_pattern(r'(\w+)\s*=\s*"([^"]*)"')
_FORMULA = lazy_pattern(r"<(?:\w+:)?f\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?f>)", re.S)
_VALUE = lazy_pattern(r"<(?:\w+:)?v>(.*?)</(?:\w+:)?v>", re.S)
_TEXT = lazy_pattern(r"<(?:\w+:)?t\b[^>]*>(.*?)</(?:\w+:)?t>", re.S)
_SHEET_DATA_OPEN = re.compile(r"<(?:\w+:)?sheetData\b[^>]*?(/?)>")
_SHEET_DATA_CLOSE = re.compile(r"</(?:\w+:)?sheetData>")
_BLOCK = lazy_pattern(r"^'?(.*?)'?!\$?([A-Z]{1,3})\$?(\d+):\$?([A-Z]{1,3})\$?(\d+)$")


@dataclass(slots=True)
class OldCell:
    """One cell found on an output sheet before the rewrite.

    Not frozen: a frozen dataclass's ``__init__`` sets each field through
    ``object.__setattr__`` (~1.5 µs a cell, a sheet holds tens of thousands); nothing
    changes a cell once read."""

    row: int
    col: int
    xml: str  # the <c> element as written
    formula: str | None  # formula text without "=", when the cell holds one
    shown: str  # the value the cell showed (cached result for formulas)
    is_text: bool = False  # a text value (shared, inline or formula string)

    @property
    def ref(self) -> str:
        return f"{column_letter(self.col)}{self.row}"

    @property
    def typed(self) -> str:
        """What the user typed: the formula (with "=") or the value."""
        return f"={self.formula}" if self.formula is not None else self.shown


def shared_strings(xml: bytes | None) -> list[str]:
    """The shared-string table's texts, by index (rich text runs joined)."""
    if not xml:
        return []
    root = ElementTree.fromstring(xml)
    return ["".join(t.text or "" for t in si.iter(f"{_MAIN}t")) for si in root.iter(f"{_MAIN}si")]


def _unescape(text: str) -> str:
    """``html.unescape``, imported only for a text with an entity: output sheets seldom have
    one, and ``html`` with its entity table was ~3 ms of CPU in every recalculation's imports."""
    if "&" not in text:  # what html.unescape itself returns then
        return text
    import html

    return html.unescape(text)


def read_cells(
    sheet_xml: bytes, strings: Sequence[str], rewritten: tuple[int, int] | None = None
) -> list[OldCell]:
    """Every cell holding a value or a formula, with its XML and the value it shows.

    ``rewritten``: (width, rows) of routekpi's block, whose numbers it rewrites anyway (no
    formula, not text): those are left out (a table's are most of its cells)."""
    width, block = rewritten if rewritten is not None else (0, 0)
    text = sheet_xml.decode("utf-8", "replace")
    m = _SHEET_DATA_OPEN.search(text)
    if m is None or m.group(1):  # no sheetData, or an empty one (<sheetData/>)
        return []
    close = text.find("</sheetData>", m.end())  # its end (the one form in common use) …
    if close < 0:  # … or a prefixed one
        end = _SHEET_DATA_CLOSE.search(text, m.end())
        close = end.start() if end is not None else m.end()
    if close == m.end():
        return []
    cells: list[OldCell] = []
    keep = cells.append
    columns: dict[str, int] = {}  # column letters → number (a sheet has a few dozen)
    n_strings = len(strings)
    for cm in _ANY_CELL.finditer(text, m.end(), close):
        letters, row_text, kind, value, inline, attr_text, body = cm.groups()
        if letters is not None:  # the plain form: no formula, the value or text as it stands
            if kind is None:
                kind = "n"
            formula = None
            raw = value or ""
            inline_text = inline or ""
        elif not body:  # an empty cell: <c …/> or <c …></c>
            continue
        else:
            attrs = dict(_ATTR.findall(attr_text))
            ref = CELL_REF.match(attrs.get("r", ""))
            if ref is None:
                continue
            letters, row_text = ref.group(1), ref.group(2)
            fm = _FORMULA.search(body)
            formula = _unescape(fm.group(1) or "") if fm is not None else None
            kind = attrs.get("t", "n")
            vm = _VALUE.search(body)
            raw = _unescape(vm.group(1)) if vm else ""
            inline_text = _unescape("".join(_TEXT.findall(body))) if kind == "inlineStr" else ""
        col = columns.get(letters)
        if col is None:
            col = columns[letters] = column_number(letters)
        row = int(row_text)
        is_text = kind in ("s", "inlineStr", "str")
        if col <= width and row <= block and formula is None and not is_text:
            continue  # one of routekpi's numbers: rewritten
        if kind == "s" and raw.strip().isdigit() and int(raw) < n_strings:
            shown = strings[int(raw)]
        elif kind == "inlineStr":
            shown = inline_text
        elif kind == "b":
            shown = "TRUE" if raw.strip() == "1" else "FALSE"
        else:
            shown = raw
        if formula is None and shown == "":
            continue
        keep(OldCell(row, col, cm.group(0), formula, shown, is_text))
    return cells


def _cell_hash(row: int, value: str) -> int:
    return zlib.crc32(f"{row}\t{value}".encode())


def text_digests(texts: Mapping[tuple[int, int], str], width: int) -> str:
    """Per column, the XOR of a hash of each (row, text) routekpi wrote there, as the hidden
    name's string constant. A column whose texts changed since was typed in; with XOR, one
    text typed into an empty cell is found exactly (its hash is the difference)."""
    digests = [0] * width
    for (row, col), value in texts.items():
        if 1 <= col <= width:
            digests[col - 1] ^= _cell_hash(row, value)
    return '"' + ",".join(f"{d:08x}" for d in digests) + '"'


def table_texts(rows: Sequence[Sequence[object]]) -> dict[tuple[int, int], str]:
    """(row, column) → text of every text cell of an output table (1-based)."""
    out: dict[tuple[int, int], str] = {}
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            value = value.value if isinstance(value, Cell) else value
            if isinstance(value, str) and value:
                out[(r, c)] = value
    return out


def table_digests(rows: Sequence[Sequence[object]], width: int) -> str:
    """``text_digests(table_texts(rows), width)`` in one pass, without the dictionary of
    every text (the Daily table alone has a quarter of a million cells at 1M rows)."""
    digests = [0] * width
    crc = zlib.crc32
    cell_t, str_t = Cell, str
    for r, row in enumerate(rows, start=1):
        # ``_cell_hash`` continued from the row's prefix (a CRC of a + b is the CRC of b
        # started from a's): no string built per cell.
        head = crc(f"{r}\t".encode())
        c = -1
        for value in row if len(row) <= width else row[:width]:
            c += 1
            # Exact types first (the cells output tables are made of), then what else
            # ``isinstance`` takes (a str subclass, a Cell's subclass).
            t = type(value)
            if t is str_t:
                if value:
                    digests[c] ^= crc(value.encode(), head)  # type: ignore[union-attr]
                continue
            if t is cell_t or isinstance(value, cell_t):
                value = value.value  # type: ignore[union-attr]
            if isinstance(value, str) and value:
                digests[c] ^= crc(value.encode(), head)
    return '"' + ",".join(f"{d:08x}" for d in digests) + '"'


class TableTexts(Mapping[tuple[int, int], str]):
    """``table_texts(rows)`` read from the rows on demand.

    The planner looks up the few cells it finds on a sheet and the table's last text row;
    building the whole dictionary for every output table on every planning pass cost more
    than the plan (0.1 s at 100,000 rows).
    """

    def __init__(self, rows: Sequence[Sequence[object]]) -> None:
        self.rows = rows

    def __getitem__(self, key: tuple[int, int]) -> str:
        r, c = key
        if r >= 1 and c >= 1 and r <= len(self.rows) and c <= len(self.rows[r - 1]):
            value = self.rows[r - 1][c - 1]
            value = value.value if isinstance(value, Cell) else value
            if isinstance(value, str) and value:
                return value
        raise KeyError(key)

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return iter(table_texts(self.rows))

    def __len__(self) -> int:
        return len(table_texts(self.rows))

    def last_row(self) -> int:
        """The last row holding a text (0: none)."""
        for r in range(len(self.rows), 0, -1):
            for value in self.rows[r - 1]:
                value = value.value if isinstance(value, Cell) else value
                if isinstance(value, str) and value:
                    return r
        return 0


def _typed_by_digests(
    inside: Sequence[OldCell], width: int, digests: str
) -> tuple[set[tuple[int, int]], list[OldCell]]:
    """The texts inside the block that routekpi did not write there, as far as the digests
    tell: (row, column) of those found, and the texts of the columns they cannot settle.

    Per column, the remembered digest is compared with the texts there now (``inside``: the
    block's texts without a formula). No difference: nothing was typed. The difference equal
    to one cell's hash: that cell was typed into an empty place. Otherwise (several edits,
    or text typed over routekpi's), or without a usable record: the column's texts are
    compared with the new table (``_typed``).
    """
    stored = digests.strip().strip('"').split(",")
    by_col: dict[int, list[OldCell]] = {}
    for c in inside:
        by_col.setdefault(c.col, []).append(c)
    typed: set[tuple[int, int]] = set()
    unsure: list[OldCell] = []
    crc = zlib.crc32
    for col in range(1, width + 1):
        column = by_col.get(col, [])
        try:
            delta = int(stored[col - 1], 16)
        except (IndexError, ValueError):
            delta = -1  # no usable record: compare with the new table
        if delta != -1:
            for c in column:  # _cell_hash, inlined (a sheet has up to a few 100,000 texts)
                delta ^= crc(f"{c.row}\t{c.shown}".encode())
            if delta == 0:
                continue
            exact = [c for c in column if _cell_hash(c.row, c.shown) == delta]
            if len(exact) == 1:
                typed.add((exact[0].row, col))
                continue
        unsure += column
    return typed, unsure


def _typed(
    found: set[tuple[int, int]], unsure: Sequence[OldCell], new_texts: Mapping[tuple[int, int], str]
) -> set[tuple[int, int]]:
    """(row, column) of the texts inside the block that routekpi did not write there: those
    the digests found, and of the texts they cannot settle every one the new table does not
    write identically at the same place — more is kept than strictly needed, nothing is
    lost."""
    return found | {(c.row, c.col) for c in unsure if new_texts.get((c.row, c.col)) != c.shown}


# A defined name's constant holds at most 255 characters: the status line's first this many
# (a critical Check's sentence makes it longer) stand for it.
STAMP_CHARS = 250


def stamp_constant(status: str) -> str:
    """The status line as a defined name's string constant (quotes doubled)."""
    return '"' + status[:STAMP_CHARS].replace('"', '""') + '"'


def _constant(value: str) -> str:
    value = value.strip()
    if len(value) < 2 or value[0] != '"' or value[-1] != '"':
        return ""
    return value[1:-1].replace('""', '"')


def block_rows(names: Mapping[str, str], sheet: str) -> int | None:
    """The last row of routekpi's block on ``sheet`` as remembered, or None."""
    ref = names.get(BLOCK_NAME.format(sheet=sheet))
    m = _BLOCK.match(ref.strip()) if ref else None
    return int(m.group(5)) if m else None


def block_ref(tab: str, width: int, rows: int) -> str:
    """The hidden name's reference for a block of ``width`` columns × ``rows`` rows."""
    quoted = tab.replace("'", "''")
    return f"'{quoted}'!$A$1:${column_letter(max(width, 1))}${max(rows, 1)}"


def _contiguous_rows(cells: Sequence[OldCell], width: int) -> int:
    """Rows from 1 down to the first row empty in all of routekpi's columns, minus one."""
    used = {c.row for c in cells if c.col <= width}
    row = 1
    while row + 1 in used:
        row += 1
    return row


@dataclass
class UserCells:
    """How one output sheet's user cells are handled in this run."""

    kept: dict[int, list[tuple[int, str]]] = field(default_factory=dict)  # row → cells
    moved: list[OldCell] = field(default_factory=list)


@dataclass
class _SheetCells:
    """One sheet's old cells sorted once for every plan of a run (``split_cells``)."""

    cells: Sequence[OldCell]
    width: int
    block: int
    rest: list[OldCell]  # the cells but the block's own (numbers and texts without formula)
    found: set[tuple[int, int]]  # texts the digests say were typed (``_typed_by_digests``)
    unsure: list[OldCell] | None  # texts they cannot settle; None: no digests remembered


def _sort_cells(
    cells: Sequence[OldCell], width: int, old_rows: int | None, digests: str | None
) -> _SheetCells:
    """What the old cells alone decide: the block, the cells outside it (or formulas in
    it), and what the digests say of the texts in it (``split_cells``' first half)."""
    block = old_rows if old_rows is not None else _contiguous_rows(cells, width)
    inside: list[OldCell] = []
    rest: list[OldCell] = []
    for cell in cells:
        if cell.col <= width and cell.row <= block and cell.formula is None:
            if cell.is_text:
                inside.append(cell)
        else:
            rest.append(cell)
    if not digests:
        return _SheetCells(cells, width, block, rest, set(), None)
    return _SheetCells(cells, width, block, rest, *_typed_by_digests(inside, width, digests))


def _split(sheet: _SheetCells, new_texts: Mapping[tuple[int, int], str]) -> UserCells:
    """``split_cells`` of cells sorted before (``_sort_cells``)."""
    width, block = sheet.width, sheet.block
    new_rows = (
        new_texts.last_row()
        if isinstance(new_texts, TableTexts)
        else max((r for r, _ in new_texts), default=0)
    )
    typed = _typed(sheet.found, sheet.unsure, new_texts) if sheet.unsure is not None else set()
    out = UserCells()
    # Nothing typed in the block (the common case): its cells are all rewritten.
    for cell in sheet.cells if typed else sheet.rest:
        inside_columns = cell.col <= width
        if inside_columns and cell.row <= block and cell.formula is None:
            if (cell.row, cell.col) in typed:
                out.moved.append(cell)
            continue  # otherwise routekpi's header and values: rewritten
        if inside_columns and (cell.row <= new_rows or cell.row <= block):
            out.moved.append(cell)  # the new table covers it (or a formula in the block)
        else:
            out.kept.setdefault(cell.row, []).append((cell.col, cell.xml))
    for row in out.kept.values():
        row.sort()
    return out


def split_cells(
    cells: Sequence[OldCell],
    width: int,
    old_rows: int | None,
    new_texts: Mapping[tuple[int, int], str],
    digests: str | None = None,
) -> UserCells:
    """Sort the old cells into routekpi's own (dropped), kept in place, and moved.

    ``new_texts`` is the new table's text by (row, column); ``digests`` the remembered
    per-column digests of routekpi's texts (see :func:`_typed_by_digests`). Inside the
    block (``old_rows``, else the rows down to the first empty one) routekpi's numbers and
    texts are rewritten, a text typed there is moved; a formula there, or a cell the new
    table covers, is moved; every other cell is kept where it is.
    """
    return _split(_sort_cells(cells, width, old_rows, digests), new_texts)


# Kept notes: when, sheet, cell, what was typed, the value it showed.
_NOTES_COLUMNS = (
    ("kept.when", 18, "rk_text"),
    ("kept.sheet", 14, "rk_text"),
    ("kept.cell", 8, "rk_text"),
    ("kept.typed", 50, "rk_note"),
    ("kept.shown", 30, "rk_note"),
)


def notes_skeleton() -> bytes:
    """Worksheet XML for a new Kept notes sheet: column widths, frozen header, no data."""
    cols = "".join(
        f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>'
        for i, (_, w, _) in enumerate(_NOTES_COLUMNS, start=1)
    )
    return (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2"'
        ' activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
        f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData/>'
        '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3"'
        ' footer="0.3"/></worksheet>'
    ).encode()


@dataclass
class UserCellPlan:
    """What this run does with user cells: per output tab the cells kept in place, the
    Checks rows of moved cells, the Kept notes sheet's content and the block names."""

    kept: dict[str, dict[int, list[tuple[int, str]]]]
    checks: list[Check]
    notes_tab: str
    notes: SheetContent | None
    notes_is_new: bool


class UserCellPlanner:
    """Reads the output sheets once; plans for given table lengths."""

    def __init__(self, path: Path, tabs: Mapping[str, str], widths: Mapping[str, int]) -> None:
        self.tabs = dict(tabs)  # canonical output name → tab (existing sheets only)
        self.widths = dict(widths)
        path = Path(path)
        # One open of the package for every part read here (a dozen opens, each reading the
        # zip's directory again, were ~3 ms of every recalculation).
        with open_zip(path) as zf:
            parts = {s.name: s.part for s in workbook_sheets(zf, path)[1]}
            try:
                strings = shared_strings(read_part(zf, path, "xl/sharedStrings.xml"))
            except WorkbookWriteError:  # no shared-strings part: nothing is a shared string
                strings = []
            names = _defined_names(read_part(zf, path, "xl/workbook.xml"))
            self.blocks = {name: block_rows(names, name) for name in self.tabs}
            self.digests = {name: names.get(TEXT_NAME.format(sheet=name)) for name in self.tabs}
            # The records describe the last file run; the Excel button writes the sheets
            # without them. The status line it wrote, still on Plan, says they are current.
            plan_tab = self.tabs.get(PLAN.name)
            self.cells = {}
            if plan_tab in parts:
                self.cells[PLAN.name] = read_cells(read_part(zf, path, parts[plan_tab]), strings)
            stamp = _constant(names.get(STAMP_NAME, ""))
            # Compared as stored: a status line longer than the constant holds (a critical
            # Check's sentence) by its first ``STAMP_CHARS`` characters (fix50b: else every
            # later run forgot the blocks and moved ~1,300 of its own cells to Kept notes).
            shown = {str(c.shown)[:STAMP_CHARS] for c in self.cells.get(PLAN.name, [])}
            if not stamp or stamp not in shown:
                self.blocks = dict.fromkeys(self.tabs)
                self.digests = dict.fromkeys(self.tabs)
            for name, tab in self.tabs.items():
                if tab in parts and name != PLAN.name:
                    block = self.blocks[name]  # its numbers are rewritten: not read
                    ours = (self.widths[name], block) if block is not None else None
                    self.cells[name] = read_cells(read_part(zf, path, parts[tab]), strings, ours)
            self.cells = {name: self.cells[name] for name in self.tabs if name in self.cells}
            self.notes_tab = next((t for t in parts if t in KEPT_NOTES.values()), "")
            self.notes_cells = (
                read_cells(read_part(zf, path, parts[self.notes_tab]), strings)
                if self.notes_tab
                else []
            )
        # What only the old cells decide, once for every plan (the planner runs until the
        # Checks table stops growing).
        self.sorted = {
            name: _sort_cells(cells, self.widths[name], self.blocks[name], self.digests.get(name))
            for name, cells in self.cells.items()
        }

    def plan(
        self, tables: Mapping[str, Sequence[Sequence[object]]], language: str, today: dt.datetime
    ) -> UserCellPlan:
        """Kept and moved cells when the output tables are ``tables`` (with header rows)."""
        kept: dict[str, dict[int, list[tuple[int, str]]]] = {}
        moved: list[tuple[str, OldCell]] = []
        for name, sheet in self.sorted.items():
            split = _split(sheet, TableTexts(tables.get(name, ())))
            kept[self.tabs[name]] = split.kept
            moved += [(name, c) for c in split.moved]
        notes_tab = self.notes_tab or KEPT_NOTES.get(language, KEPT_NOTES["en"])
        if not moved:
            return UserCellPlan(kept, [], notes_tab, None, False)
        first = max((c.row for c in self.notes_cells), default=1) + 1
        rows: list[list[object]] = [[] for _ in range(first - 1)]
        if not self.notes_tab:
            rows[0] = [Cell(text(key, language), "rk_header") for key, _, _ in _NOTES_COLUMNS]
        stamp = today.strftime("%Y-%m-%d %H:%M")
        checks = []
        for i, (name, cell) in enumerate(moved):
            rows.append([stamp, self.tabs[name], cell.ref, cell.typed, cell.shown])
            params = {"cell": cell.ref, "target": notes_tab, "row": first + i}
            checks.append(
                Check(
                    name,
                    cell.row,
                    column_letter(cell.col),
                    cell.typed,
                    "user_cell_moved",
                    params,
                    "warn",
                )
            )
        old = {}
        for c in self.notes_cells:
            old.setdefault(c.row, []).append((c.col, c.xml))
        content = SheetContent(rows=rows, column_styles=[s for _, _, s in _NOTES_COLUMNS], kept=old)
        return UserCellPlan(kept, checks, notes_tab, content, not self.notes_tab)


def _defined_names(workbook_xml: bytes) -> dict[str, str]:
    root = ElementTree.fromstring(workbook_xml)
    return {
        dn.get("name", ""): (dn.text or "").strip()
        for dn in root.iter(f"{_MAIN}definedName")
        if dn.get("localSheetId") is None
    }
