"""Capture what a recalculation hands ``write_sheet_data`` and ``table_digests``, then time them.

    ROUTEKPI_WORKERS=1 PYTHONPATH=<tree> python capture_sheets.py BOOK [--repeat N]

Recalculates a copy of BOOK once in process with both functions wrapped (their inputs kept as
lists), then calls each again on the kept inputs ``--repeat`` times and prints the min thread
CPU per sheet and in all, and a hash of everything each wrote (compare old and new trees).
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from routekpi import recalc
from routekpi.io import sheetrewrite, sheetxml, usercells


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("book", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    sheets: list[tuple[Any, ...]] = []
    digests: list[tuple[Any, ...]] = []
    writer = sheetrewrite.write_sheet_data
    digest = recalc.table_digests

    def keep_sheet(content: Any, styles: Any, write: Any, **kw: Any) -> Any:
        content = replace(content, rows=[list(r) for r in content.rows])
        sheets.append((content, dict(styles), kw))
        return writer(content, styles, write, **kw)

    def keep_digest(table: Any, width: int) -> Any:
        digests.append((table, width))
        return digest(table, width)

    sheetrewrite.write_sheet_data = keep_sheet  # type: ignore[assignment]
    recalc.table_digests = keep_digest  # type: ignore[assignment]
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp) / args.book.name
        shutil.copyfile(args.book, scratch)
        recalc.recalculate(scratch)
    h = hashlib.sha1()
    total = 0.0
    for i, (content, styles, kw) in enumerate(sheets):
        best = 1e9
        for _ in range(args.repeat):
            chunks: list[bytes] = []
            t0 = time.thread_time()
            sheetxml.write_sheet_data(content, styles, chunks.append, **kw)
            best = min(best, time.thread_time() - t0)
        data = b"".join(chunks)
        h.update(data)
        total += best
        print(f"sheet {i}: rows {len(content.rows):6d} bytes {len(data):9d} {best * 1000:7.2f} ms")
    print(f"write_sheet_data all {total * 1000:7.2f} ms  hash {h.hexdigest()[:16]}")
    h = hashlib.sha1()
    total = 0.0
    for table, width in digests:
        best = 1e9
        for _ in range(args.repeat):
            t0 = time.thread_time()
            out = usercells.table_digests(table, width)
            best = min(best, time.thread_time() - t0)
        h.update(repr(out).encode())
        total += best
    print(f"table_digests all {total * 1000:7.2f} ms  hash {h.hexdigest()[:16]}")


if __name__ == "__main__":
    main()
