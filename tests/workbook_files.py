"""Helpers the workbook tests share: the bad-input corpus and a workbook's zip members."""

from __future__ import annotations

import zipfile
from pathlib import Path

CORPUS = Path(__file__).parent / "corpus"


def zip_members(path: Path) -> dict[str, bytes]:
    """Every part of a workbook package by name, as stored bytes (uncompressed)."""
    with zipfile.ZipFile(path) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}
