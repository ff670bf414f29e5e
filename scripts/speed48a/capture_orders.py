"""Recalculate a copy of a book in process and pickle the order lines, the as-of date and
the complete months the step-down search read (``step_inputs``' first call): the input of
``equiv_step_table.py`` and ``equiv_account_steps.py``.

    cd /tmp && PYTHONPATH=/path/to/tree ROUTEKPI_WORKERS=1 python .../capture_orders.py BOOK OUT
"""

from __future__ import annotations

import pickle
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

import pandas as pd

import routekpi.core.account_step as account_step
import routekpi.core.baselines as baselines
import routekpi.core.flags as flags
from routekpi import recalc
from routekpi.core.history import History

GOT: list[tuple[pd.DataFrame, date, list[pd.Period]]] = []
INNER = account_step.step_inputs


def _kept(history: History, as_of: date, complete: list[pd.Period]) -> object:
    if not GOT:
        GOT.append((history.orders, as_of, complete))
    return INNER(history, as_of, complete)


def main() -> None:
    baselines.step_inputs = _kept  # type: ignore[assignment]
    flags.step_inputs = _kept  # type: ignore[assignment]
    src = Path(sys.argv[1])
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp) / src.name
        shutil.copyfile(src, scratch)
        recalc.recalculate(scratch)
    with open(sys.argv[2], "wb") as fh:
        pickle.dump(GOT[0], fh)


if __name__ == "__main__":
    main()
