"""Shared fixtures: sample workbooks are built once per session and copied per test."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from workbook_files import CORPUS

from routekpi.io.samplebook import write_sample_workbook


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
