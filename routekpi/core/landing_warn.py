"""A rep on pace to date whose year will land short: the ``behind_landing`` flag.

The rule, in plain words:

- ``behind_landing`` (warn, KPI key ``revenue``): the revenue row of a rep (or a branch, or
  the team) whose pace to date is at least PaceWarn — so no ``behind_pace`` flag — while its
  landing (the Attainment's forecast: the year to date plus the rest of the year as routekpi
  forecasts it, core.landing) is under PaceWarn of the year's target. The pace to date
  compares the months gone with the target's own shape; when the months still to come are
  heavy in the target (a rep whose winter carries the year) or the forecast of the rest has
  seen the book shrink (a large account that halved), the pace reads well and the year does
  not. Trial 47: 鈴木 一郎's pace 91.2% (October – November, light months in his target),
  his landing ¥476.2M 86.8% of his target ¥548.5M (truth 85.9%): no warning before; the
  other six reps land at 97% or more.
- Only a landing at least ``LANDING_GAP`` under the pace to date: one a hair under the
  line beside a pace a hair above it says nothing the pace does not (the sample book's Sato:
  pace 91.0%, landing 89.9%; 鈴木's 86.8% is 4.4 points under his 91.2%, 89.8% under 93.5%
  after the replan).
- Visits are not read: their forecast is the pace on the target's shape (the landing says
  nothing the pace does not).
- Only from ``MIN_MONTHS`` months into the year (a landing read on one month is mostly the
  forecast's own guess).
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
import pandas as pd

from routekpi.core.calendar import fiscal_label

# Months of the plan year the actuals must span before a landing is judged.
MIN_MONTHS = 2
# How far under the pace to date the landing must read (share of the target).
LANDING_GAP = 0.02


def landing_flags(
    attainment: pd.DataFrame,
    plan_year: int,
    pace_warn: float,
    months_in: int,
    givers: Collection[str] = (),
) -> list[dict[str, object]]:
    """The ``behind_landing`` rows (module doc) of the Attainment's fiscal-year revenue rows;
    ``months_in``: the plan year's months the actuals span (none before ``MIN_MONTHS``);
    ``givers``: the reps who handed accounts over during the year (core.flags ``_kept_books``:
    judged on the book they kept by the pace flags, not on a landing against a target still
    holding the accounts) get none."""
    if months_in < MIN_MONTHS or not len(attainment):
        return []
    fy = fiscal_label(plan_year)
    rows = attainment[(attainment["period"] == fy) & (attainment["kpi"] == "revenue")]
    out: list[dict[str, object]] = []
    for r in rows.itertuples(index=False):
        if str(r.rep) in givers:
            continue
        pace, forecast, target = float(r.pace), float(r.forecast), float(r.target)
        if not (np.isfinite(pace) and np.isfinite(forecast) and target > 0):
            continue
        share = forecast / target
        if pace < pace_warn or share >= pace_warn or share > pace - LANDING_GAP:
            continue  # behind on pace (its own flag), landing on the line, or as the pace
        out.append(
            {
                "severity": "warn",
                "code": "behind_landing",
                "kpi": "revenue",
                "rep": r.rep,
                "period": fy,
                "account": "",
                "params": {
                    "pace": pace,
                    "share": share,
                    "actual": float(r.actual),
                    "forecast": forecast,
                    "target": target,
                    "warn": pace_warn,
                },
            }
        )
    return out
