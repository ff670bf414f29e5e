"""Dump every sheet's cells of recalculated books, and the UDFs' answers, for an old/new
comparison: ``PYTHONPATH=<tree> python scripts/speed47b/outputs.py OUT.json BOOK...``.

Each book is copied, recalculated with ``today`` fixed, and every sheet read back with
openpyxl (values, ``repr`` of each so floats compare to the bit; the status line's clock
blanked). ``--udf`` adds the demo book's ``KPI_TARGET``/``KPI_ACTUAL``/``KPI_FLAGS`` answers
over every KPI × rep × period × two KGIs through the xlwings stand-in. Compare two dumps
with ``cmp`` (or ``diff`` for where).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

import openpyxl

_TIME = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?")
TODAY = dt.date(2026, 12, 1)


def _cell(value: object) -> str:
    return _TIME.sub("<time>", value) if isinstance(value, str) else repr(value)


def _sheets(path: Path) -> dict[str, list[list[str]]]:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return {
            ws.title: [[_cell(v) for v in row] for row in ws.iter_rows(values_only=True)]
            for ws in wb.worksheets
        }
    finally:
        wb.close()


def _udf_answers() -> list[str]:
    from routekpi.excel import disk_cache, udfs
    from routekpi.excel.model_cache import CACHE
    from routekpi.io.samplebook import write_sample_workbook
    from tests.fake_xlwings import FakeBook

    os.environ[disk_cache.ENV] = tempfile.mkdtemp()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sample.xlsm"
        write_sample_workbook(path, "ja")
        book = FakeBook.from_file(path)
    udfs.caller_book = lambda: book
    CACHE.clear()
    out = [repr(udfs.KPI_TARGET("revenue"))]
    model = CACHE.get(book.fullname)
    assert model is not None and model.result is not None
    kgi = float(model.workbook_kgi)  # type: ignore[arg-type]
    kpis = sorted(set(model.result.targets["kpi"]))
    reps = [*model.result.evidence.reps, "ALL"]
    periods = [None, *sorted(set(model.result.targets["period"]))]
    for kpi in kpis:
        for rep in reps:
            for period in periods:
                for k in (None, kgi * 1.05):
                    out.append(repr(udfs.KPI_TARGET(kpi, rep, period, k)))
                    out.append(repr(udfs.KPI_BASELINE(kpi, rep, period, k)))
                    out.append(repr(udfs.KPI_CEILING(kpi, rep, period, k)))
                out.append(repr(udfs.KPI_ACTUAL(kpi, rep, period)))
                out.append(repr(udfs.KPI_ATTAINMENT(kpi, rep, period)))
    out.extend(repr(udfs.KPI_FLAGS(rep)) for rep in reps)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("books", nargs="*", type=Path)
    parser.add_argument("--udf", action="store_true")
    args = parser.parse_args()
    from routekpi.recalc import recalculate

    doc: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for book in args.books:
            src = Path(tmp) / book.name
            shutil.copy(book, src)
            recalculate(src, today=TODAY)
            doc[book.name] = _sheets(src)
    if args.udf:
        doc["udf"] = _udf_answers()
    args.out.write_text(json.dumps(doc, ensure_ascii=False, indent=0), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
