"""Capture what ``find_step_downs`` reads on a book (fix52a: the step-down on lumpy accounts):
capture.py BOOK OUT.pkl — runs the book's compute once and pickles each call's arguments and
result (the flag's and the baseline's)."""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

import routekpi.core.baselines as baselines
import routekpi.core.flags as flags
from routekpi.pipeline import compute_file

CALLS: list[dict[str, object]] = []


def _wrap(module: object) -> None:
    inner = module.find_step_downs  # type: ignore[attr-defined]

    def spy(*args: object, **kwargs: object) -> object:
        out = inner(*args, **kwargs)
        CALLS.append({"where": module.__name__, "args": args, "kwargs": kwargs, "out": out})
        return out

    module.find_step_downs = spy  # type: ignore[attr-defined]


def main() -> None:
    _wrap(flags)
    _wrap(baselines)
    compute_file(Path(sys.argv[1]))
    Path(sys.argv[2]).write_bytes(pickle.dumps(CALLS))
    for c in CALLS:
        found = [(s.account, s.name, str(s.month), round(s.ratio, 2)) for s in c["out"]]
        print(c["where"], len(found), found)


if __name__ == "__main__":
    main()
