"""Shared fixtures: sample workbooks are built once per session and copied per test."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings
from workbook_files import CORPUS

from routekpi.io.samplebook import write_sample_workbook

# Property tests draw the same examples on every run (CI must not pass or fail by luck);
# ROUTEKPI_HYPOTHESIS=explore draws new ones — run it locally to hunt for bugs, e.g. with
# --hypothesis-seed=N for several N, and turn what it finds into a hand case.
settings.register_profile("repeatable", derandomize=True, print_blob=True)
settings.register_profile("explore", derandomize=False, print_blob=True)
settings.load_profile(os.environ.get("ROUTEKPI_HYPOTHESIS", "repeatable"))


@pytest.fixture(autouse=True)
def _no_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Runs see no clock (``pipeline.run_day``): a Daily list or a flag's deadline never moves
    with the day the suite runs. A test of that rule passes ``today=`` itself."""
    monkeypatch.setattr("routekpi.pipeline.run_day", lambda: None)


@pytest.fixture(autouse=True)
def _no_model_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """No UDF model is kept on disk between tests (``excel.disk_cache``): each test computes
    its own, as it always did. The cache's own tests name a folder of theirs."""
    monkeypatch.setenv("ROUTEKPI_CACHE_DIR", "off")


@pytest.fixture(scope="session")
def sample_book_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default sample workbook (ja), built once."""
    path = tmp_path_factory.mktemp("master") / "sample.xlsm"
    write_sample_workbook(path, "ja")
    return path


@pytest.fixture
def sample_book(sample_book_master: Path, tmp_path: Path) -> Path:
    """A fresh copy of the sample workbook for one test."""
    path = tmp_path / "book.xlsm"
    shutil.copyfile(sample_book_master, path)
    return path


@pytest.fixture
def copy_case(tmp_path: Path) -> Callable[[str], Path]:
    """A fresh copy of a bad-input corpus file (recalc writes into it)."""

    def copy(name: str) -> Path:
        path = tmp_path / name
        shutil.copyfile(CORPUS / name, path)
        return path

    return copy
