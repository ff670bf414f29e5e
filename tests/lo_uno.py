"""A rep at work in LibreOffice: open a copy over UNO, type visit rows, save it (or fail to open).

Run by the tests with the system Python (``/usr/bin/python3`` has python3-uno), not by pytest:

    python3 lo_uno.py fill IN OUT SHEET ROWS_JSON [PASSWORD]
    python3 lo_uno.py open IN [PASSWORD]        → prints the sheet names, or exits 3

ROWS_JSON is a list of rows; each item is ``{"date": serial}`` (typed as a date into a date
cell), ``{"text": "..."}`` (typed as text) or null. Each call starts its own soffice with its
own profile and stops it again.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import uno
from com.sun.star.beans import PropertyValue

SOFFICE = shutil.which("soffice") or "soffice"


def _props(**values: object) -> tuple[PropertyValue, ...]:
    out = []
    for name, value in values.items():
        p = PropertyValue()
        p.Name, p.Value = name, value
        out.append(p)
    return tuple(out)


class Office:
    """soffice headless listening on a private pipe, with a throw-away profile."""

    def __enter__(self) -> Office:
        self.profile = Path(tempfile.mkdtemp(prefix="lo_share_uno_"))
        self.pipe = f"rk_{uuid.uuid4().hex}"
        self.proc = subprocess.Popen(
            [
                SOFFICE,
                f"-env:UserInstallation=file://{self.profile}",
                "--headless",
                "--invisible",
                "--norestore",
                "--nologo",
                f"--accept=pipe,name={self.pipe};urp;",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local
        )
        deadline = time.monotonic() + 120
        while True:
            try:
                ctx = resolver.resolve(f"uno:pipe,name={self.pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    raise
                time.sleep(0.3)
        self.desktop = ctx.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.Desktop", ctx
        )
        return self

    def load(self, path: Path, password: str | None):
        extra = {"Password": password} if password else {}
        url = uno.systemPathToFileUrl(str(path.resolve()))
        return self.desktop.loadComponentFromURL(url, "_blank", 0, _props(Hidden=True, **extra))

    def __exit__(self, *exc: object) -> None:
        with contextlib.suppress(Exception):  # soffice may already be gone
            self.desktop.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


def fill(src: Path, dst: Path, sheet_name: str, rows: list, password: str | None) -> None:
    with Office() as office:
        doc = office.load(src, password)
        sheet = doc.Sheets.getByName(sheet_name)
        for i, row in enumerate(rows, start=1):  # row 0 is the header
            for j, item in enumerate(row):
                if item is None:
                    continue
                cell = sheet.getCellByPosition(j, i)
                if "date" in item:
                    cell.setValue(item["date"])
                else:
                    cell.setString(item["text"])
        url = uno.systemPathToFileUrl(str(dst.resolve()))
        doc.storeToURL(url, _props(FilterName="Calc MS Excel 2007 XML"))
        doc.close(True)


def open_names(src: Path, password: str | None) -> int:
    with Office() as office:
        try:
            doc = office.load(src, password)
        except Exception:
            doc = None
        if doc is None:
            return 3
        print(json.dumps(list(doc.Sheets.getElementNames()), ensure_ascii=False))
        doc.close(True)
    return 0


def main(argv: list[str]) -> int:
    if argv[0] == "fill":
        rows = json.loads(Path(argv[4]).read_text(encoding="utf-8"))
        fill(Path(argv[1]), Path(argv[2]), argv[3], rows, argv[5] if len(argv) > 5 else None)
        return 0
    return open_names(Path(argv[1]), argv[2] if len(argv) > 2 else None)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
