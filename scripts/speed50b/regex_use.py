"""Which module-level compiled patterns of routekpi a recalculation uses (speed50b).

    cd /tmp && ROUTEKPI_WORKERS=1 PYTHONPATH=<tree> python regex_use.py BOOK...

Imports as the command line does, times every ``re.compile`` miss by the module importing,
then swaps each module-level ``re.Pattern`` global for a proxy that notes its use, and
recalculates copies of each BOOK. Prints the patterns no run used with their compile time:
the candidates for compiling on first use. Patterns kept inside other objects (tuples,
dicts) are not swapped and are not listed.
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

used: set[tuple[str, str]] = set()
spent: dict[str, float] = {}


class Proxy:
    def __init__(self, key: tuple[str, str], pattern: re.Pattern[str]) -> None:
        self._key, self._pattern = key, pattern

    def __getattr__(self, name: str) -> object:
        used.add(self._key)
        return getattr(self._pattern, name)


def main() -> None:
    original = re._compile  # type: ignore[attr-defined]

    def timed(pattern, flags):
        s = time.perf_counter()
        try:
            return original(pattern, flags)
        finally:
            key = pattern if isinstance(pattern, str) else repr(pattern)
            spent[key] = spent.get(key, 0.0) + time.perf_counter() - s

    re._compile = timed  # type: ignore[attr-defined]
    import routekpi.cli
    import routekpi.io.reader
    import routekpi.pipeline  # noqa: F401
    from routekpi import recalc

    re._compile = original  # type: ignore[attr-defined]
    swapped: dict[tuple[str, str], re.Pattern[str]] = {}
    for name, module in list(sys.modules.items()):
        if not name.startswith("routekpi"):
            continue
        for attr, value in list(vars(module).items()):
            if isinstance(value, re.Pattern):
                key = (name, attr)
                swapped[key] = value
                setattr(module, attr, Proxy(key, value))
    with tempfile.TemporaryDirectory() as tmp:
        for book in map(Path, sys.argv[1:]):
            scratch = Path(tmp) / book.name
            shutil.copyfile(book, scratch)
            recalc.recalculate(scratch)
    total = 0.0
    for key, pattern in sorted(swapped.items()):
        if key in used:
            continue
        ms = spent.get(pattern.pattern, 0.0) * 1000
        total += ms
        print(f"{key[0]:40s} {key[1]:28s} {ms:6.2f} ms")
    print(f"unused {len(swapped) - len(used)} of {len(swapped)}: {total:.1f} ms to compile")
    print(f"all compiles at import: {sum(spent.values()) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
