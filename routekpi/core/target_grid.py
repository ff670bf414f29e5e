"""The Targets table as a grid to edit in place: each (period, rep, KPI) row's position, its
target and basis as arrays, the plan year's months. What a later step that moves targets
between rows reads (core.carry: a handover's share; core.departed: a leaver's pipeline)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from routekpi.core.calendar import fiscal_label


class TargetGrid(NamedTuple):
    """``out``: a copy of the Targets table; ``at``: (period, rep, KPI) → its row; ``target``
    and ``basis``: its columns as arrays to change; ``months``: the plan year's month labels,
    in order; ``fy``: the year row's label; ``period`` and ``rep``: each row's, as text.
    Unpacked in that order by its users."""

    out: pd.DataFrame
    at: dict[tuple[str, str, str], int]
    target: np.ndarray
    basis: np.ndarray
    months: list[str]
    fy: str
    period: list[str]
    rep: list[str]


def target_grid(targets: pd.DataFrame, plan_year: int) -> TargetGrid:
    """``targets`` (the Targets table) as a ``TargetGrid``."""
    fy = fiscal_label(plan_year)
    out = targets.copy()
    period = out["period"].astype(str).tolist()
    rep = out["rep"].astype(str).tolist()
    kpi = out["kpi"].astype(str).tolist()
    at = {(p, r, k): i for i, (p, r, k) in enumerate(zip(period, rep, kpi, strict=True))}
    return TargetGrid(
        out=out,
        at=at,
        target=out["target"].to_numpy(dtype=float).copy(),
        basis=out["basis"].astype(object).to_numpy().copy(),
        months=sorted({p for p in period if p != fy}),
        fy=fy,
        period=period,
        rep=rep,
    )
