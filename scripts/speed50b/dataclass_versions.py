"""Thread CPU of creating 99 dataclasses shaped like routekpi's (7 fields, two in three
frozen), min of 5: run it with each Python to compare (speed50b).

    /root/.pyenv/versions/3.13.0/bin/python scripts/speed50b/dataclass_versions.py
"""

from __future__ import annotations

import dataclasses
import sys
import time


def make(n: int) -> float:
    started = time.thread_time()
    for i in range(n):
        namespace = {"__annotations__": {f"f{j}": "int" for j in range(7)}, "__doc__": "x"}
        cls = type(f"C{i}", (object,), namespace)
        dataclasses.dataclass(frozen=i % 3 != 0)(cls)
    return time.thread_time() - started


def main() -> None:
    make(5)
    best = min(make(99) for _ in range(5))
    print(sys.version.split()[0], f"{best * 1000:.1f} ms for 99 classes")


if __name__ == "__main__":
    main()
