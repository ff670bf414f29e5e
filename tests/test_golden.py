"""Golden comparison of the output sheets (XlsxWriter-style: one assertion, a readable diff).

A small seeded sample workbook is recalculated; every output sheet's cell values are read back
with openpyxl and compared with ``tests/golden/sample_outputs.json`` after blanking what
always differs (the time in the status line). Regenerate after an intended change with
``ROUTEKPI_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py`` and review the diff.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import os
import re
from pathlib import Path

import openpyxl

from routekpi.io.samplebook import write_sample_workbook
from routekpi.recalc import recalculate
from routekpi.schema import OUTPUT_COLUMNS

GOLDEN = Path(__file__).parent / "golden" / "sample_outputs.json"
_TIME = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")


def _norm(value: object) -> object:
    """Blank known noise; round floats to 9 significant digits (platform-stable)."""
    if isinstance(value, float):
        return float(f"{value:.9g}")
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    if isinstance(value, str):
        return _TIME.sub("<time>", value)
    return value


def _outputs(path: Path) -> dict[str, list[list[object]]]:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return {
            name: [[_norm(v) for v in row] for row in wb[name].iter_rows(values_only=True)]
            for name in OUTPUT_COLUMNS
        }
    finally:
        wb.close()


def _lines(doc: dict[str, list[list[object]]]) -> list[str]:
    return [
        f"{sheet}!{i + 1}: {json.dumps(row, ensure_ascii=False)}"
        for sheet, rows in doc.items()
        for i, row in enumerate(rows)
    ]


def _dump(doc: dict[str, list[list[object]]]) -> str:
    """JSON with one sheet row per line, so a golden diff in review reads like the sheet."""
    sheets = []
    for name, rows in doc.items():
        body = ",\n".join("  " + json.dumps(r, ensure_ascii=False) for r in rows)
        sheets.append(f" {json.dumps(name)}: [\n{body}\n ]")
    return "{\n" + ",\n".join(sheets) + "\n}\n"


def test_output_sheets_match_golden(tmp_path: Path) -> None:
    path = tmp_path / "small.xlsm"
    write_sample_workbook(path, "ja", seed=11, orders_rows=4_000)
    recalculate(path)
    actual = _outputs(path)
    if os.environ.get("ROUTEKPI_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(_dump(actual), encoding="utf-8")
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    diff = list(
        difflib.unified_diff(_lines(expected), _lines(actual), "golden", "actual", lineterm="", n=1)
    )
    assert not diff, "output sheets differ from the golden file:\n" + "\n".join(diff[:80])
