"""realism51 variants: the evidence changed before planning (env-flag monkeypatches; the
engine's files are not edited).

    R51=flat PYTHONPATH=$PWD python scripts/realism51/variant.py --only wholesale ... --no-write
    PYTHONPATH=$PWD python scripts/realism51/trial_worlds.py bt --variant flat

The first form runs scripts/backtest.py (the 14 data sets) with the variant applied; the
trial worlds' harness applies it through ``apply()`` (R51 set from ``--variant``).

R51=flat: the frequency levers (visits per account, orders per visit or per account) at no
trend, the team's and every rep's (the goal's push still spread over every lever) — what
realism48 measured as "flat" on the 14 sets.
R51=flatvis: only the visit levers flat (visits per account, orders per visit); orders per
account of a book without visits keeps its trend.
R51=half: the frequency levers' trend halved (R51_K=k: × k instead).
R51=eqpush: the goal's push beyond the trends shared equally over the levers (as the uniform
uplift spreads g), not by how much each lever has moved year to year for the team
(``targets._mix_parts``' weight); the trends as they are.
R51=flateq: flat and eqpush together.
"""

from __future__ import annotations

import os
import runpy
import sys
from dataclasses import replace
from pathlib import Path

FREQUENCY = ("visits_per_account", "orders_per_visit", "orders_per_account")
VISIT_LEVERS = ("visits_per_account", "orders_per_visit")


def _scaled(ev, keys: tuple[str, ...], k: float):  # type: ignore[no-untyped-def]
    cols = [c for c in keys if c in ev.trend.columns]
    if not cols:
        return ev
    trend = ev.trend.copy()
    trend.loc[:, cols] = trend.loc[:, cols] * k
    return replace(ev, trend=trend)


def apply() -> None:
    """Patch ``core.backtest.build_evidence`` with the rule named by R51."""
    from routekpi.core import backtest as core_bt

    rule = os.environ.get("R51", "")
    if not rule:
        return
    if rule in ("eqpush", "flateq"):
        import numpy as np

        from routekpi.core import targets

        parts_of = targets._mix_parts

        def equal_parts(ev):  # type: ignore[no-untyped-def]
            parts = parts_of(ev)
            if parts.rule != "evidence" or parts.weight is None:
                return parts
            return replace(parts, weight=np.ones(len(parts.keys)))

        targets._mix_parts = equal_parts  # type: ignore[assignment]
        if rule == "eqpush":
            return
    build = core_bt.build_evidence

    def patched(history, settings):  # type: ignore[no-untyped-def]
        ev = build(history, settings)
        if rule in ("flat", "flateq"):
            return _scaled(ev, FREQUENCY, 0.0)
        if rule == "flatvis":
            return _scaled(ev, VISIT_LEVERS, 0.0)
        if rule == "half":
            return _scaled(ev, FREQUENCY, float(os.environ.get("R51_K", "0.5")))
        raise SystemExit(f"unknown R51 rule {rule!r}")

    core_bt.build_evidence = patched  # type: ignore[assignment]


if __name__ == "__main__":
    apply()
    script = Path(__file__).resolve().parents[1] / "backtest.py"
    sys.argv = [str(script), *sys.argv[1:]]
    runpy.run_path(str(script), run_name="__main__")
