"""Pickle the (args, kwargs) of the first call of named functions in one in-process recalc.

    ROUTEKPI_WORKERS=1 PYTHONPATH=<tree> python scripts/speed51a/capture.py BOOK OUTDIR \
        module:function ...

Each function is wrapped wherever a loaded routekpi module holds it (imported by name too).
"""

from __future__ import annotations

import datetime as dt
import importlib
import pickle
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _kept(spec: str, func: Callable[..., Any], got: dict[str, Any]) -> Callable[..., Any]:
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        got.setdefault(spec, (args, kwargs))
        return func(*args, **kwargs)

    return wrapped


def main() -> None:
    book, out = Path(sys.argv[1]), Path(sys.argv[2])
    from routekpi.recalc import recalculate

    got: dict[str, Any] = {}
    for spec in sys.argv[3:]:
        module, _, name = spec.partition(":")
        func = getattr(importlib.import_module(module), name)
        wrapped = _kept(spec, func, got)
        for mod in list(sys.modules.values()):
            if getattr(mod, "__name__", "").startswith("routekpi"):
                for key, value in list(vars(mod).items()):
                    if value is func:
                        setattr(mod, key, wrapped)
    src = Path(tempfile.mkdtemp()) / ("in" + book.suffix)
    shutil.copy(book, src)
    recalculate(src, today=dt.date(2026, 12, 1))
    for spec, call in got.items():
        path = out / (spec.replace(":", "__") + ".pkl")
        with path.open("wb") as fh:
            pickle.dump(call, fh, protocol=5)
        print(spec, path)


if __name__ == "__main__":
    main()
