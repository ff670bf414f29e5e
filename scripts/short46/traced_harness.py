"""The realism42 harness with each call of ``levers.same_month_like_trend`` printed to stderr
(which plans read 24 – 28 months and whether the same-customer months serve there).

    python scripts/short46/traced_harness.py OUT.pkl SET... --seeds 5 13 31
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

from routekpi.core import levers

read = getattr(levers, "same_month_like_trend", None)
if read is not None:

    def traced(facts, months, like):  # type: ignore[no-untyped-def]
        out = read(facts, months, like)
        print(f"  like_trend {months[0]}..{months[-1]} ({len(months)}): {out}", file=sys.stderr)
        return out

    levers.same_month_like_trend = traced  # type: ignore[assignment]
here = Path(__file__).resolve().parent.parent / "realism42" / "harness.py"
sys.argv = [str(here), *sys.argv[1:]]
runpy.run_path(str(here), run_name="__main__")
