"""Edit a workbook with LibreOffice Calc over UNO, the way a user of LibreOffice would.

Run with the system Python that has the ``uno`` module (``/usr/bin/python3``)::

    python3 lo_edit.py BOOK OUT '[["rename_sheet", "Settings", "Tanaka\'s plan"], ...]'

LibreOffice is started headless with its own throw-away profile, loads BOOK, applies the
operations in order, saves to OUT (.xlsm keeps the VBA project as LibreOffice does, .xlsx
drops it) and quits. ``make_corpus.py`` calls this for the cases LibreOffice makes in real
life; the operations are plain UNO API calls, nothing is edited behind LibreOffice's back.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from com.sun.star.table import CellAddress  # type: ignore[import-not-found]
from com.sun.star.util import Date as UnoDate  # type: ignore[import-not-found]

FILTERS = {".xlsm": "Calc MS Excel 2007 VBA XML", ".xlsx": "Calc MS Excel 2007 XML"}


def _prop(name: str, value: object) -> PropertyValue:
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def _connect(pipe: str) -> object:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    for _ in range(300):
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:
            time.sleep(0.1)
    raise RuntimeError("LibreOffice did not start")


def _sheet(doc: object, name: str) -> object:
    return doc.Sheets.getByName(name)


def _addr(sheet_index: int, ref: str) -> CellAddress:
    col = 0
    letters = "".join(ch for ch in ref if ch.isalpha())
    for ch in letters:
        col = col * 26 + ord(ch.upper()) - 64
    a = CellAddress()
    a.Sheet, a.Column, a.Row = sheet_index, col - 1, int(ref[len(letters) :]) - 1
    return a


def _index(doc: object, name: str) -> int:
    return list(doc.Sheets.ElementNames).index(name)


def apply(doc: object, op: list[object]) -> None:
    """One edit, as a menu command would make it."""
    kind, *args = op
    if kind == "rename_sheet":  # Sheet ▸ Rename: references and names follow
        _sheet(doc, args[0]).Name = args[1]
    elif kind == "add_sheet":  # a new tab after the last one
        doc.Sheets.insertNewByName(args[0], doc.Sheets.Count)
    elif kind == "delete_sheet":
        doc.Sheets.removeByName(args[0])
    elif kind == "insert_cols":  # sheet, 0-based index, count
        _sheet(doc, args[0]).Columns.insertByIndex(args[1], args[2])
    elif kind == "set":  # sheet, cell, value (number or text)
        cell = _sheet(doc, args[0]).getCellRangeByName(args[1])
        if isinstance(args[2], str):
            cell.String = args[2]
        else:
            cell.Value = args[2]
    elif kind == "formula":
        _sheet(doc, args[0]).getCellRangeByName(args[1]).Formula = args[2]
    elif kind == "name_to_sheet_scope":  # a global name becomes a sheet-scoped one
        name, sheet = args
        content = doc.NamedRanges.getByName(name).Content
        doc.NamedRanges.removeByName(name)
        _sheet(doc, sheet).NamedRanges.addNewByName(name, content, _addr(0, "A1"), 0)
    elif kind == "null_date":  # Tools ▸ Options ▸ Calc ▸ Calculate ▸ Date (1904 = Mac)
        d = UnoDate()
        d.Year, d.Month, d.Day = (1904, 1, 1) if args[0] == 1904 else (1899, 12, 30)
        doc.NullDate = d
    elif kind == "shift_numbers":  # sheet, column range "A2:A999", delta: keep dates' days
        rng = _sheet(doc, args[0]).getCellRangeByName(args[1])
        data = rng.getDataArray()
        rng.setDataArray(
            tuple(tuple(v + args[2] if isinstance(v, float) else v for v in row) for row in data)
        )
    else:
        raise ValueError(f"unknown operation {kind!r}")


def main(book: Path, out: Path, ops: list[list[object]]) -> None:
    profile = Path(tempfile.mkdtemp(prefix="lo_corpus_"))
    pipe = f"rk_corpus_{os.getpid()}"
    proc = subprocess.Popen(
        [
            shutil.which("soffice") or "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            f"--accept=pipe,name={pipe};urp;",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        ctx = _connect(pipe)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(
            uno.systemPathToFileUrl(str(book.resolve())), "_blank", 0, (_prop("Hidden", True),)
        )
        for op in ops:
            apply(doc, op)
        doc.calculateAll()
        doc.storeToURL(
            uno.systemPathToFileUrl(str(out.resolve())),
            (_prop("FilterName", FILTERS[out.suffix.lower()]),),
        )
        doc.close(True)
        with contextlib.suppress(Exception):  # the bridge drops as soffice exits
            desktop.terminate()
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), json.loads(sys.argv[3]))
