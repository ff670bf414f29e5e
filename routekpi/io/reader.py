"""Read a workbook file into raw sheets and settings cells, safely and fast.

python-calamine (Rust) reads the cells: several times faster than openpyxl on big sheets.
The few things calamine does not expose — defined names and the 1904 date flag — come from
``xl/workbook.xml``, parsed with defusedxml so a hostile file cannot expand entities.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import defusedxml.ElementTree as SafeET
import python_calamine as calamine

from routekpi.schema import INPUT_SHEETS, SETTING_SPECS, SETTINGS, find_sheet
from routekpi.validation.tables import InputError, RawSheet

MAX_UNCOMPRESSED = 2 * 1024**3  # a real 1M-row workbook expands to ~300 MB
MAX_RATIO = 200  # deflate of XML rarely passes 20:1; hundreds means a bomb
_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
_REF = re.compile(r"^'?(?P<sheet>.+?)'?!\$?(?P<col>[A-Z]{1,3})\$?(?P<row>\d+)$")


@dataclass
class WorkbookData:
    """What a workbook file holds, before validation."""

    sheets: dict[str, RawSheet | None]  # canonical input sheet name → raw cells (None: absent)
    settings: dict[str, object]  # setting name → cell value (absent: named cell missing)
    setting_cells: dict[str, tuple[int, str]]  # setting name → (row, column letter)
    tab_names: dict[str, str]  # canonical name → the tab name in this book
    date1904: bool = False
    user_sheets: list[str] = field(default_factory=list)


def check_container(path: Path) -> None:
    """Refuse what is not a safe .xlsx/.xlsm zip: missing, encrypted, not a zip, a zip bomb."""
    if not path.is_file():
        raise InputError("err.not_found", path=str(path))
    with path.open("rb") as fh:
        magic = fh.read(8)
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError("err.encrypted", path=str(path))
    if not magic.startswith(b"PK"):
        raise InputError("err.not_workbook", path=str(path))
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
    except zipfile.BadZipFile as exc:
        raise InputError("err.not_workbook", path=str(path)) from exc
    if "xl/workbook.xml" not in names:
        raise InputError("err.not_workbook", path=str(path))
    total = sum(i.file_size for i in infos)
    biggest = max(((i.file_size, i.compress_size) for i in infos), default=(0, 1))
    if total > MAX_UNCOMPRESSED or (
        biggest[0] > 16 * 1024**2 and biggest[0] / max(biggest[1], 1) > MAX_RATIO
    ):
        raise InputError("err.too_large", path=str(path))


def _workbook_xml(path: Path) -> tuple[bool, dict[str, str]]:
    """The 1904 flag and the workbook-level defined names (name → formula text)."""
    with zipfile.ZipFile(path) as zf:
        root = SafeET.fromstring(zf.read("xl/workbook.xml"))
    pr = root.find("m:workbookPr", _NS)
    date1904 = pr is not None and pr.get("date1904", "0").lower() in ("1", "true")
    names = {}
    for dn in root.iterfind("m:definedNames/m:definedName", _NS):
        if dn.get("localSheetId") is None and dn.text:
            names[dn.get("name", "")] = dn.text.strip()
    return date1904, names


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def read_workbook(path: Path, progress: Callable[[str], None] | None = None) -> WorkbookData:
    """Read input sheets (by canonical name or alias) and the Settings named cells."""
    check_container(path)
    date1904, names = _workbook_xml(path)
    try:
        book = calamine.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for damaged files
        raise InputError("err.not_workbook", path=str(path)) from exc
    tabs: dict[str, str] = {}
    user: list[str] = []
    for tab in book.sheet_names:
        spec = find_sheet(tab)
        if spec is None:
            user.append(tab)
        elif spec.name not in tabs:
            tabs[spec.name] = tab
    if SETTINGS.name not in tabs and not any(n in names for n in ("KGI",)):
        raise InputError("err.missing_sheet", sheet=SETTINGS.name)

    cache: dict[str, list[list[object]]] = {}
    starts: dict[str, tuple[int, int]] = {}

    def cells(tab: str) -> list[list[object]]:
        if tab not in cache:
            sheet = book.get_sheet_by_name(tab)
            rows = sheet.to_python(skip_empty_area=True)
            cache[tab] = rows
            starts[tab] = sheet.start or (0, 0)
        return cache[tab]

    sheets: dict[str, RawSheet | None] = {}
    for spec in INPUT_SHEETS:
        tab = tabs.get(spec.name)
        if tab is None:
            sheets[spec.name] = None
            continue
        if progress:
            progress(spec.name)
        rows = cells(tab)
        r0, c0 = starts[tab]
        sheets[spec.name] = RawSheet(name=tab, rows=rows, first_row=r0 + 1, first_col=c0)

    settings: dict[str, object] = {}
    where: dict[str, tuple[int, str]] = {}
    for spec in SETTING_SPECS:
        ref = names.get(spec.name)
        m = _REF.match(ref) if ref else None
        if not m or m.group("sheet") not in book.sheet_names:
            continue  # deleted cell (#REF!) or name: reported by validation as missing
        tab, row, col = m.group("sheet"), int(m.group("row")), m.group("col")
        where[spec.name] = (row, col)
        rows = cells(tab)
        r0, c0 = starts[tab]
        i, j = row - 1 - r0, _col_index(col) - c0
        value = rows[i][j] if 0 <= i < len(rows) and 0 <= j < len(rows[i]) else None
        settings[spec.name] = None if value == "" else value
    return WorkbookData(
        sheets=sheets,
        settings=settings,
        setting_cells=where,
        tab_names=tabs,
        date1904=date1904,
        user_sheets=user,
    )
