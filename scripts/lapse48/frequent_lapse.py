"""Session 42 (lapse48): run a routekpi command or scripts/backtest.py with
``core.lapse.FREQUENT_LAPSE`` switched on, to measure the frequent-buyer lapse rule.

    python scripts/lapse48/frequent_lapse.py backtest --only orders-only --no-write
    python scripts/lapse48/frequent_lapse.py cli recalc BOOK.xlsm

The numbers it gave are in core/lapse.py's comment on ``FREQUENT_LAPSE``.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

import routekpi.core.lapse as lapse


def main() -> int:
    """Switch the rule on, then run the backtest script or the CLI with the rest."""
    lapse.FREQUENT_LAPSE = True
    what, rest = sys.argv[1], sys.argv[2:]
    if what == "backtest":
        script = Path(__file__).resolve().parents[1] / "backtest.py"
        sys.argv = [str(script), *rest]
        runpy.run_path(str(script), run_name="__main__")
        return 0
    from routekpi.cli import main as cli

    return cli(rest)


if __name__ == "__main__":
    sys.exit(main())
