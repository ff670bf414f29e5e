"""The fastexcel fast path gives exactly what the calamine path gives, on every corpus file."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import routekpi.io.reader as reader
from routekpi.contract import InputError
from routekpi.recalc import RecalcError, compute_data

CORPUS = sorted((Path(__file__).parent / "corpus").glob("*.xls*"))


def _outcome(path: Path, fast: bool, monkeypatch: pytest.MonkeyPatch) -> object:
    monkeypatch.setattr(reader, "FAST_MIN_BYTES", 0 if fast else 10**12)
    try:
        data = reader.read_workbook(path)
        result, checks, rows, _ = compute_data(data)
    except (InputError, RecalcError) as exc:
        return ("stop", str(exc))
    taken = {k: v.columns is not None for k, v in data.sheets.items() if v is not None}
    cells = [(c.sheet, c.row, c.column, repr(c.value), c.problem, c.severity) for c in checks]
    return cells, rows, result.targets, result.attainment, taken


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_fast_path_matches_calamine(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = _outcome(path, True, monkeypatch)
    slow = _outcome(path, False, monkeypatch)
    if fast[0] == "stop" or slow[0] == "stop":
        assert fast == slow
        return
    assert fast[0] == slow[0]  # Checks rows, values as read
    assert fast[1] == slow[1]  # rows read
    pd.testing.assert_frame_equal(fast[2], slow[2])
    pd.testing.assert_frame_equal(fast[3], slow[3])
    assert not any(slow[4].values())


def test_big_clean_sheets_take_the_fast_path(
    sample_book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    *_, taken = _outcome(sample_book, True, monkeypatch)
    assert taken["Orders"] and taken["Visits"]
