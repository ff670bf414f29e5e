"""The "has left / who holds it now" rule (core.handover.standing) reads the same from
history files as from pasted rows: a compact history carries the standing read from the
lines before they were summed (``HistoryFacts.standing``), so a departed rep whose account
is still under his name on the Accounts sheet is departed for the SQL path too.

test_departed's stale book: 伊藤 last seen 2026-09-20, i2 left under him on the sheet
although 佐藤 has served it since October.
"""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from routekpi.core.compact import compact_history
from routekpi.core.handover import NOBODY_GONE, standing
from routekpi.pipeline import compute_file, read_file, validate
from routekpi.sources.base import SourceRef
from tests.test_departed import write_book
from tests.test_sources import assert_same_frames


def _with_files(book: Path) -> dict[str, SourceRef]:
    """The book's Orders and Visits sheets written out as CSV files beside it."""
    wb = openpyxl.load_workbook(book, read_only=True)
    refs: dict[str, SourceRef] = {}
    for name in ("Orders", "Visits"):
        path = book.parent / f"{name.lower()}.csv"
        with path.open("w", newline="", encoding="utf-8") as f:
            out = csv.writer(f)
            for row in wb[name].iter_rows(values_only=True):
                if any(v is not None for v in row):
                    out.writerow(
                        ["" if v is None else (v.date() if hasattr(v, "date") else v) for v in row]
                    )
        refs[name] = SourceRef(name, str(path))
    return refs


@pytest.fixture(scope="module")
def stale(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, SourceRef]]:
    """The stale book and its lines as files."""
    book = write_book(tmp_path_factory.mktemp("stale_sources") / "book.xlsm", sheet={"i2": "伊藤"})
    return book, _with_files(book)


@pytest.fixture(scope="module")
def fixed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, SourceRef]]:
    """The same book with the sheet updated (i2 → 佐藤) and its lines as files."""
    book = write_book(tmp_path_factory.mktemp("fixed_sources") / "book.xlsm")
    return book, _with_files(book)


def test_files_give_the_departed_rep_and_his_stale_account_as_rows_do(
    stale: tuple[Path, dict[str, SourceRef]], fixed: tuple[Path, dict[str, SourceRef]]
) -> None:
    book, refs = stale
    (rows, _, _, _), _ = compute_file(book)
    (files, _, _, _), _ = compute_file(book, sources=refs)
    assert files.history is not None and files.history.facts is not None
    assert len(files.history.orders) == 0  # the engine never saw a line
    for got in (rows, files):
        assert got.departed == {"伊藤": date(2026, 9, 20)}
        assert got.standing.moved == {"i2": "佐藤"}
        assert not (got.flags["rep"] == "伊藤").any()
        assert got.account_status.at["i2", "rep"] == "佐藤"
        assert "伊藤" not in set(got.daily.stops["rep"])
    assert_same_frames(rows.flags, files.flags)
    assert_same_frames(rows.daily.stops, files.daily.stops)
    # From files as from rows: everything as in the book whose sheet was updated. (Usage to
    # date from files stays with the sheet's rep after a handover, so files are compared
    # with files: core.measure's documented limit of sums made in the database.)
    (updated, _, _, _), _ = compute_file(fixed[0], sources=fixed[1])
    pd.testing.assert_frame_equal(files.targets, updated.targets)
    pd.testing.assert_frame_equal(files.attainment, updated.attainment)
    assert_same_frames(files.flags, updated.flags)


def test_a_compact_history_keeps_the_standing_of_its_own_day(
    stale: tuple[Path, dict[str, SourceRef]],
) -> None:
    book, _ = stale
    (rows, _, _, _), _ = compute_file(book)
    raw = validate(read_file(book)).inputs.history  # the lines and the sheet as typed
    day = rows.evidence.as_of
    facts = compact_history(raw, day)
    assert facts.facts is not None and len(facts.orders) == 0
    assert standing(facts, day) == standing(raw, day)
    assert standing(facts, day).departed == {"伊藤": date(2026, 9, 20)}
    assert standing(facts, day).moved == {"i2": "佐藤"}
    # Asked for another day, the facts cannot tell: nobody has gone (as before).
    assert standing(facts, day - timedelta(days=1)) == NOBODY_GONE
