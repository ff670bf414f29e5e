"""wave44: run scripts/backtest.py with every churn-shock detection (and every young book's
raised revenue ceiling, targets.young_books) logged to stderr.

A data set whose runs log no ``[shock]`` line plans exactly as before core.shock (every
change is gated on a detected shock): its rows are identical by construction.
Usage: python scripts/wave44/shock_census.py --only sample wholesale"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

from routekpi.core import baselines, shock, targets

_found = shock.churn_shock


def _logged(facts, months, fiscal_start_month):  # type: ignore[no-untyped-def]
    out = _found(facts, months, fiscal_start_month)
    last = months[-1] if months else None
    print(f"[shock] history to {last}: {out}", file=sys.stderr, flush=True)
    return out


_notes = targets.young_book_notes


def _young(ev):  # type: ignore[no-untyped-def]
    out = _notes(ev)
    if out:
        print(f"[young] {ev.as_of}: {[n.params for n in out]}", file=sys.stderr, flush=True)
    return out


baselines.churn_shock = _logged  # type: ignore[assignment]
targets.young_book_notes = _young  # type: ignore[assignment]
sys.argv = ["backtest.py", *sys.argv[1:]]
runpy.run_path(str(Path(__file__).resolve().parents[1] / "backtest.py"), run_name="__main__")
