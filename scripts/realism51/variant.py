"""realism51 variants: the evidence changed before planning (env-flag monkeypatches; the
engine's files are not edited).

    R51=flat PYTHONPATH=$PWD python scripts/realism51/variant.py --only wholesale ... --no-write
    R51=flat PYTHONPATH=$PWD python scripts/realism51/variant.py harness OUT.pkl SET ... --seeds 7
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
R51=freeze: how often an account is visited or orders is planned at last year's level (flat,
and no part of the goal's push: its weight in ``targets._mix_parts`` 0, the push shared by
active accounts and unit price at their weights).
R51=cancel: visit frequency and orders per visit trending opposite ways cancel out: only their
net (how often an account orders) is carried, on the one that moved more; the other gets no
trend (a change in how visits are logged, or more visits for the same orders, is no change in
what the customers buy). Rows of the trend table (team and reps) each on their own.
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


def _cancelled(ev):  # type: ignore[no-untyped-def]
    """``R51=cancel``: opposite trends of the two visit levers cancel out."""
    import numpy as np

    a_key, b_key = VISIT_LEVERS
    if a_key not in ev.trend.columns or b_key not in ev.trend.columns:
        return ev
    trend = ev.trend.copy()
    a = trend[a_key].astype(float)
    b = trend[b_key].astype(float)
    opposite = (a * b) < 0
    m = np.minimum(a.abs(), b.abs()).where(opposite, 0.0)
    trend[a_key] = a - np.sign(a) * m
    trend[b_key] = b - np.sign(b) * m
    if os.environ.get("R51_SHOW") and "ALL" in trend.index:
        print(
            f"  cancel team {a.get('ALL', np.nan):+.3f} {b.get('ALL', np.nan):+.3f}",
            file=sys.stderr,
        )
    return replace(ev, trend=trend)


def apply() -> None:
    """Patch ``core.backtest.build_evidence`` with the rule named by R51."""
    from routekpi.core import backtest as core_bt

    rule = os.environ.get("R51", "")
    if not rule:
        return
    if rule in ("eqpush", "flateq", "freeze"):
        import numpy as np

        from routekpi.core import targets

        parts_of = targets._mix_parts

        def equal_parts(ev):  # type: ignore[no-untyped-def]
            parts = parts_of(ev)
            if parts.rule != "evidence" or parts.weight is None:
                return parts
            if rule == "freeze":
                free = np.array([k not in FREQUENCY for k in parts.keys], dtype=float)
                if (parts.weight * free).sum() <= 0:
                    return parts
                return replace(parts, weight=parts.weight * free)
            return replace(parts, weight=np.ones(len(parts.keys)))

        targets._mix_parts = equal_parts  # type: ignore[assignment]
        if rule == "eqpush":
            return
    build = core_bt.build_evidence

    def patched(history, settings):  # type: ignore[no-untyped-def]
        ev = build(history, settings)
        if rule in ("flat", "flateq", "freeze"):
            return _scaled(ev, FREQUENCY, 0.0)
        if rule == "flatvis":
            return _scaled(ev, VISIT_LEVERS, 0.0)
        if rule == "cancel":
            return _cancelled(ev)
        if rule == "half":
            return _scaled(ev, FREQUENCY, float(os.environ.get("R51_K", "0.5")))
        raise SystemExit(f"unknown R51 rule {rule!r}")

    core_bt.build_evidence = patched  # type: ignore[assignment]


if __name__ == "__main__":
    # ``variant.py harness OUT.pkl SET ... --seeds ...``: realism42's harness (every scored row
    # pickled, for sets.py); otherwise scripts/backtest.py's arguments.
    apply()
    scripts = Path(__file__).resolve().parents[1]
    if sys.argv[1:2] == ["harness"]:
        script, args = scripts / "realism42" / "harness.py", sys.argv[2:]
    else:
        script, args = scripts / "backtest.py", sys.argv[1:]
    sys.argv = [str(script), *args]
    runpy.run_path(str(script), run_name="__main__")
