# ruff: noqa: E501
"""realism52a variants: a frequency ratio's one-off step carried as a level (env-flag
monkeypatches over the engine; ratio_step.py here holds the rule).

    R52=step PYTHONPATH=$PWD python scripts/realism52a/variant.py --only sample ... --no-write
    R51_OUT=/work/wt/_realism52a PYTHONPATH=$PWD python scripts/realism52a/worlds.py bt --variant step

R52=step: ``core.baselines.lever_evidence`` wrapped: after the engine's evidence, each
frequency ratio's one-off step (ratio_step.py) replaces that lever's team trend (every
rep's: a ratio's rep difference is carried at 0) by what the step still adds plus the
movement without it, and the team's spread / record / best year of the lever by the ones
read without the step.
R52=pair: the same as step, run after the visit-pair rule was added (ratio_step VISIT_PAIR).
R52=steptrend: the trend only (the team's spread, record, best year as read).
R52=usual (second idea, cause 2a: the goal's push): a frequency ratio's "best year", which
the push beyond the trends asks no lever to pass before every lever is there
(targets.record_fill), is its USUAL year instead: the median size of the team's year-on-year
changes over its window ends (R52_Q=q: that quantile of the sizes instead of the median).
In plain words: the goal asks no frequency to move more than it does in a usual year here
until accounts and unit price are at their best years.
R52_SHOW=1: print each step found to stderr; R52_LOG=FILE: append them there (R52_TAG: a\nprefix).
"""

from __future__ import annotations

import inspect
import os
import runpy
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd


def carried(ev, facts, months, baseline, horizon, visits_from, blind_until, spread_too=True):  # type: ignore[no-untyped-def]
    """The evidence with every ratio step carried as a level (module doc)."""
    from ratio_step import RATIO_LEVERS, ratio_steps

    from routekpi.core import levers
    from routekpi.core.measure import TEAM, month_tables
    from routekpi.core.swing import levelled

    if ev.swing is not None or ev.frequency is not None:
        facts = levelled(facts, ev.swing, ev.frequency)
    if TEAM not in facts.index.get_level_values("rep"):
        return ev, []
    months = list(months)
    facts_used = [c for c in ("visits", "orders", "active_accounts") if c in facts.columns]
    t = month_tables(facts, [TEAM], months, facts_used)
    tables = {c: t[c].to_numpy()[:, 0] for c in facts_used}
    changes = ev.changes
    if ev.swing is not None or ev.frequency is not None:
        # The trend was read on the levelled months (core.swing): so is the step.
        changes = levers.seen_changes(
            levers.yoy_changes(levers.window_values(facts, months, visits_from)), blind_until
        )
    booked = {
        lever: levers.team_series(changes, months, lever)
        for lever in RATIO_LEVERS
        if lever in changes.columns
    }
    team_row = ev.trend.loc[TEAM] if TEAM in ev.trend.index else None
    if team_row is None:
        return ev, []
    shares = {k: float(ev.team_carry.get(k, 1.0)) for k in RATIO_LEVERS}
    replaced = {k: float(team_row.get(k, 0.0)) for k in RATIO_LEVERS}
    base = list(baseline) if baseline is not None else months[-12:]
    steps = ratio_steps(
        tables, months, base, horizon, shares, replaced, booked, levers.TREND_WINDOWS, blind_until
    )
    if not steps:
        return ev, []
    trend = ev.trend.copy()
    team_spread, team_high, team_best = ev.team_spread.copy(), ev.team_high.copy(), None
    team_best = ev.team_best.copy() if ev.team_best is not None else None
    for s in steps:
        trend[s.lever] = trend[s.lever] + (s.trend - replaced[s.lever])
        if spread_too:
            clean = pd.Series(s.changes).dropna()
            if len(clean) >= levers.MIN_TEAM_CHANGES:
                team_spread[s.lever] = float(clean.var(ddof=0))
                team_high[s.lever] = float(clean.quantile(min(0.9, levers.RECORD_PERCENTILE)))
                if team_best is not None:
                    team_best[s.lever] = float(clean.max())
    return replace(
        ev, trend=trend, team_spread=team_spread, team_high=team_high, team_best=team_best
    ), steps


def usual(ev):  # type: ignore[no-untyped-def]
    """``R52=usual``: each frequency ratio's best year replaced by its usual year's move."""
    from ratio_step import RATIO_LEVERS

    from routekpi.core import levers
    from routekpi.core.measure import TEAM

    if ev.team_best is None or TEAM not in ev.changes.index.get_level_values("rep"):
        return ev
    q = float(os.environ.get("R52_Q", "0.5"))
    team = ev.changes.xs(TEAM, level="rep")
    best = ev.team_best.copy()
    for lever in RATIO_LEVERS:
        if lever not in team.columns or lever not in best.index:
            continue
        seen = team[lever].dropna().to_numpy(dtype=float)
        if len(seen) < levers.MIN_TEAM_CHANGES or not np.isfinite(best[lever]):
            continue
        best[lever] = float(np.quantile(np.abs(seen), q))
    if os.environ.get("R52_LOG"):
        with open(os.environ["R52_LOG"], "a") as f:
            f.write(
                f"{os.environ.get('R52_TAG', '')} usual "
                + " ".join(
                    f"{k} {ev.team_best.get(k, np.nan):+.3f}->{best.get(k, np.nan):+.3f}"
                    for k in RATIO_LEVERS
                )
                + "\n"
            )
    return replace(ev, team_best=best)


def apply() -> None:
    """Patch ``core.baselines.lever_evidence`` with the rule named by R52."""
    rule = os.environ.get("R52", "")
    if not rule:
        return
    if rule not in ("step", "pair", "steptrend", "usual"):
        raise SystemExit(f"unknown R52 rule {rule!r}")
    from routekpi.core import baselines, levers

    original = levers.lever_evidence
    sig = inspect.signature(original)

    def patched(*args, **kwargs):  # type: ignore[no-untyped-def]
        ev = original(*args, **kwargs)
        if rule == "usual":
            return usual(ev)
        b = sig.bind(*args, **kwargs)
        b.apply_defaults()
        a = b.arguments
        ev2, steps = carried(
            ev,
            a["facts"],
            a["months"],
            a["baseline"],
            a["horizon"],
            a["visits_from"],
            a["blind_until"],
            spread_too=rule == "step",
        )
        if steps and (os.environ.get("R52_SHOW") or os.environ.get("R52_LOG")):
            for s in steps:
                line = (
                    f"{os.environ.get('R52_TAG', '')} ratio step {s.lever} {s.month} "
                    f"{s.size:+.3f} (noise {s.noise:.3f}) trend {s.replaced:+.3f} -> "
                    f"{s.trend:+.3f} carry {s.carry:+.3f} base end {list(a['months'])[-1]}"
                )
                print(line, file=sys.stderr)
                if os.environ.get("R52_LOG"):
                    with open(os.environ["R52_LOG"], "a") as f:
                        f.write(line + "\n")
        return ev2

    baselines.lever_evidence = patched  # type: ignore[assignment]


if __name__ == "__main__":
    apply()
    scripts = Path(__file__).resolve().parents[1]
    script, args = scripts / "backtest.py", sys.argv[1:]
    sys.argv = [str(script), *args]
    runpy.run_path(str(script), run_name="__main__")
