"""Models kept on disk between Excel sessions, so a re-opened workbook's first UDF call is fast.

The first ``KPI_TARGET`` after opening a workbook reads it, validates it and runs the engine
(~0.6 s CPU on the demo book). When the same inputs were computed on this computer before —
the button pressed yesterday, the book closed and opened again — the model is loaded from a
file instead (a few ms) after the read and its fingerprint.

Nothing here can go stale: a file is found only under a key made of everything a model
depends on — the fingerprint of every input cell and setting (``model_cache.fingerprint``),
the day (a run's default as-of date and its date checks read the clock), the exact source of
this routekpi (every ``.py`` and ``.sql`` file's bytes) and the Python, pandas, NumPy and
pyarrow versions. A changed cell, another day or another routekpi is another key: the model
is computed afresh. A file that cannot be read is ignored and the model computed, as without
the cache.

``ROUTEKPI_CACHE_DIR`` names the folder (``off`` turns the cache off); by default the user's
own cache folder (``%LOCALAPPDATA%\\routekpi\\models`` on Windows, ``~/.cache/routekpi/models``
elsewhere). The newest ``KEEP`` files are kept. The files are Python pickles and are read only
from that folder, which belongs to the user.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import tempfile
import threading
from dataclasses import replace
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the module is imported by model_cache, which defines Model
    from routekpi.excel.model_cache import Model

ENV = "ROUTEKPI_CACHE_DIR"
OFF = "off"
KEEP = 16  # files kept: a manager's few workbooks, each at a few recent inputs
SUFFIX = ".model"


def folder() -> Path | None:
    """Where models are kept, or None when the cache is turned off."""
    named = os.environ.get(ENV)
    if named is not None:
        return None if named.strip().lower() in (OFF, "") else Path(named)
    if sys.platform.startswith("win") and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "routekpi" / "models"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "routekpi" / "models"


# The thread hashing the source, begun when the UDF module loads (``identify_early``).
_identifying: threading.Thread | None = None


def identify_early() -> None:
    """Begin ``code_identity`` in a thread: the first call's read of the workbook runs
    meanwhile (the file reads and the hashing release the GIL) and its cache lookup finds the
    digest made (~8 ms of CPU on the demo book's cold call). The digest is of the source as
    it is at import, the code that runs."""
    global _identifying
    if _identifying is None:
        _identifying = threading.Thread(target=_code_identity, name="routekpi-identity")
        _identifying.daemon = True
        _identifying.start()


def code_identity() -> str:
    """A digest of this routekpi's source and the libraries whose objects a model pickles."""
    thread = _identifying
    if thread is not None and thread is not threading.current_thread():
        thread.join()
    return _code_identity()


@cache
def _code_identity() -> str:
    import numpy
    import pandas
    import pyarrow

    digest = hashlib.blake2b(digest_size=16)
    root = Path(__file__).resolve().parent.parent
    for path in sorted([*root.rglob("*.py"), *root.rglob("*.sql")]):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    versions = (sys.version, pandas.__version__, numpy.__version__, pyarrow.__version__)
    digest.update(repr(versions).encode())
    return digest.hexdigest()


def key_of(fingerprint: str, day: date | None) -> str:
    """The file name stem for a model of these inputs on this day with this code."""
    day_text = day.isoformat() if day is not None else "-"
    raw = f"{fingerprint}|{day_text}|{code_identity()}".encode()
    return hashlib.blake2b(raw, digest_size=20).hexdigest()


def load(fingerprint: str, day: date | None, key: str) -> Model | None:
    """The model stored for these inputs, day and code (its workbook key set to ``key``)."""
    where = folder()
    if where is None or not fingerprint:
        return None
    path = where / f"{key_of(fingerprint, day)}{SUFFIX}"
    try:
        with path.open("rb") as handle:
            model = pickle.load(handle)
    except FileNotFoundError:
        return None
    except Exception:  # a torn or foreign file: compute as if none were there
        with contextlib.suppress(OSError):
            path.unlink()
        return None
    if getattr(model, "fingerprint", None) != fingerprint or model.error is not None:
        return None
    model.key = key
    with contextlib.suppress(OSError):
        os.utime(path)  # used again: the newest files are the ones kept
    return model


def save(model: Model, day: date | None) -> None:
    """Keep ``model`` for a later session (never a failed one); errors only skip the cache."""
    where = folder()
    if where is None or model.error is not None or model.result is None or not model.fingerprint:
        return
    # What ties the model to one open workbook (the probe of its cells, the KGI cell's
    # address, the clock of the last probe) is set again after the next read.
    stored = replace(model, signature=None, kgi_cell=None, checked_at=float("-inf"))
    with contextlib.suppress(OSError, pickle.PicklingError, TypeError, AttributeError):
        where.mkdir(parents=True, exist_ok=True)
        target = where / f"{key_of(model.fingerprint, day)}{SUFFIX}"
        # Written beside and renamed: a reader never sees half a file.
        handle, temp = tempfile.mkstemp(dir=where, suffix=".part")
        try:
            with os.fdopen(handle, "wb") as out:
                pickle.dump(stored, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temp, target)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)
        _prune(where)


def _prune(where: Path) -> None:
    """Keep the ``KEEP`` most recently used files."""
    files = sorted(where.glob(f"*{SUFFIX}"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[KEEP:]:
        with contextlib.suppress(OSError):
            old.unlink()
