"""The reader's import settles where big arrays' memory comes from (io/reader.py): NumPy
asks for no transparent huge pages and Arrow allocates with the C library (Linux), unless
the user's environment already says otherwise. Run in a fresh interpreter each: both are
process-wide settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROBE = (
    "import routekpi.io.reader, pyarrow as pa, numpy._core.multiarray as m;"
    "print(pa.default_memory_pool().backend_name, m._set_madvise_hugepage(True))"
)


def _probe(**env: str) -> list[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in ("ARROW_DEFAULT_MEMORY_POOL", "NUMPY_MADVISE_HUGEPAGE")
    }
    clean.update(env, PYTHONPATH=str(ROOT))
    out = subprocess.run(
        [sys.executable, "-c", PROBE], env=clean, capture_output=True, text=True, check=True
    )
    return out.stdout.split()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux-only settings")
def test_reader_import_sets_system_pool_and_no_huge_pages() -> None:
    assert _probe() == ["system", "False"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux-only settings")
def test_the_environment_still_decides() -> None:
    # NumPy reads its variable at import (1: advise); Arrow takes the pool named.
    assert _probe(ARROW_DEFAULT_MEMORY_POOL="mimalloc", NUMPY_MADVISE_HUGEPAGE="1") == [
        "mimalloc",
        "True",
    ]
