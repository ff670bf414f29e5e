"""The UDF model kept on disk (routekpi/excel/disk_cache.py): a re-opened workbook's first
``KPI_TARGET`` loads the model its inputs gave before instead of computing it, and any change
— an input cell, the day, the code — computes it afresh.

Each "session" below is a fresh in-memory cache and a fresh copy of the book, as when Excel
is closed and the workbook opened again; the disk folder is the test's own.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from routekpi.excel import disk_cache, live, udfs
from routekpi.excel.model_cache import CACHE
from tests.fake_xlwings import FakeBook


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    where = tmp_path / "models"
    monkeypatch.setenv(disk_cache.ENV, str(where))
    monkeypatch.setattr(live, "PROBE_SECONDS", 0.0)
    CACHE.clear()
    CACHE.builds = CACHE.loads = 0
    return where


@pytest.fixture(scope="module")
def master(sample_book_master: Path) -> FakeBook:
    return FakeBook.from_file(sample_book_master, fullname="C:/books/sample.xlsm")


def open_session(master: FakeBook, monkeypatch: pytest.MonkeyPatch) -> FakeBook:
    """Excel opened again: nothing in memory, the book as saved."""
    CACHE.clear()
    book = master.copy()
    monkeypatch.setattr(udfs, "caller_book", lambda: book)
    return book


def every_target() -> str:
    """Every (kpi, rep, period) → baseline, target, ceiling, as text (NaN equals NaN)."""
    model = next(iter(CACHE._models.values()))
    assert model.result is not None
    targets = model.view(float(model.workbook_kgi)).targets  # type: ignore[arg-type]
    return repr(sorted(targets.items()))


def test_reopened_book_loads_the_same_model(
    folder: Path, master: FakeBook, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_session(master, monkeypatch)
    first = udfs.KPI_TARGET("revenue")
    assert isinstance(first, float) and first > 0
    assert (CACHE.builds, CACHE.loads) == (1, 0)
    assert len(list(folder.glob(f"*{disk_cache.SUFFIX}"))) == 1
    before = every_target()
    reps = CACHE.get("C:/books/sample.xlsm").result.evidence.reps  # type: ignore[union-attr]

    open_session(master, monkeypatch)
    assert udfs.KPI_TARGET("revenue") == first
    assert (CACHE.builds, CACHE.loads) == (1, 1)  # read back, not computed
    assert every_target() == before  # every rep × KPI × period, to the bit
    # The loaded model answers as the computed one did: a rep's month, and a what-if KGI
    # (decomposed from the loaded evidence).
    rep = reps[0]
    month = udfs.KPI_TARGET("visits", rep, "2026-06")
    assert isinstance(month, float) and month > 0
    assert udfs.KPI_TARGET("revenue", "ALL", None, first * 1.1) == pytest.approx(first * 1.1)


def test_a_changed_cell_computes_afresh(
    folder: Path, master: FakeBook, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_session(master, monkeypatch)
    udfs.KPI_TARGET("revenue")
    book = open_session(master, monkeypatch)
    orders = book.sheets["Orders"]
    amount = orders.range("E2").value
    assert isinstance(amount, (int, float))
    orders.range("E2").value = amount + 1_000_000  # one order line changed
    udfs.KPI_TARGET("revenue")
    assert (CACHE.builds, CACHE.loads) == (2, 0)
    assert len(list(folder.glob(f"*{disk_cache.SUFFIX}"))) == 2


def test_another_day_computes_afresh(
    folder: Path, master: FakeBook, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A run's default as-of date and its date checks read the clock.
    monkeypatch.setattr("routekpi.excel.model_cache.run_day", lambda: dt.date(2026, 12, 1))
    open_session(master, monkeypatch)
    udfs.KPI_TARGET("revenue")
    open_session(master, monkeypatch)
    udfs.KPI_TARGET("revenue")
    assert (CACHE.builds, CACHE.loads) == (1, 1)
    monkeypatch.setattr("routekpi.excel.model_cache.run_day", lambda: dt.date(2026, 12, 2))
    open_session(master, monkeypatch)
    udfs.KPI_TARGET("revenue")
    assert (CACHE.builds, CACHE.loads) == (2, 1)


def test_other_code_computes_afresh(
    folder: Path, master: FakeBook, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_session(master, monkeypatch)
    udfs.KPI_TARGET("revenue")
    # Another routekpi (an upgrade): another key for the same inputs.
    monkeypatch.setattr(disk_cache, "code_identity", lambda: "another version")
    open_session(master, monkeypatch)
    udfs.KPI_TARGET("revenue")
    assert (CACHE.builds, CACHE.loads) == (2, 0)


def test_a_torn_file_is_ignored_and_replaced(
    folder: Path, master: FakeBook, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_session(master, monkeypatch)
    first = udfs.KPI_TARGET("revenue")
    (stored,) = folder.glob(f"*{disk_cache.SUFFIX}")
    stored.write_bytes(stored.read_bytes()[:1000])  # a disk full while writing, say
    open_session(master, monkeypatch)
    assert udfs.KPI_TARGET("revenue") == first
    assert (CACHE.builds, CACHE.loads) == (2, 0)
    open_session(master, monkeypatch)  # the file written again is whole
    assert udfs.KPI_TARGET("revenue") == first
    assert (CACHE.builds, CACHE.loads) == (2, 1)


def test_off_writes_nothing(
    folder: Path, master: FakeBook, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(disk_cache.ENV, disk_cache.OFF)
    for _ in range(2):
        open_session(master, monkeypatch)
        udfs.KPI_TARGET("revenue")
    assert (CACHE.builds, CACHE.loads) == (2, 0)
    assert not folder.exists()


def test_the_button_leaves_the_model_for_the_udf_server(
    folder: Path, master: FakeBook, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The button runs in its own Python process: its model reaches the UDF server (and the
    # next session) through the disk, keyed by the inputs it read.
    book = open_session(master, monkeypatch)
    status = live.recalculate_plan(book)
    assert CACHE.get(book.fullname) is not None, status
    assert len(list(folder.glob(f"*{disk_cache.SUFFIX}"))) == 1
    saved = book.copy()  # the book as the button left it (outputs written)
    CACHE.clear()
    monkeypatch.setattr(udfs, "caller_book", lambda: saved)
    value = udfs.KPI_TARGET("revenue")
    assert isinstance(value, float) and value > 0
    assert (CACHE.builds, CACHE.loads) == (0, 1)


def test_only_the_newest_files_are_kept(folder: Path) -> None:
    folder.mkdir(parents=True)
    for i in range(disk_cache.KEEP + 5):
        path = folder / f"{i:02d}{disk_cache.SUFFIX}"
        path.write_bytes(b"x")
        stamp = 1_700_000_000 + i
        os.utime(path, (stamp, stamp))
    disk_cache._prune(folder)
    kept = sorted(p.stem for p in folder.glob(f"*{disk_cache.SUFFIX}"))
    assert kept == [f"{i:02d}" for i in range(5, disk_cache.KEEP + 5)]
