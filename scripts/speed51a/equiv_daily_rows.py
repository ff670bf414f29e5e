"""The Daily sheet's rows (render_daily.daily_rows) of a captured plan, pickled for a byte
comparison between two trees (speed51a: the stake sentences worked out column by column):
ja and en, orders apart or not, and the stake, share, basis and value columns with blanks,
zeros, -0.0 and infinities put in, and shares near half days.

    PYTHONPATH=<tree> python scripts/speed51a/equiv_daily_rows.py ARGS.pkl OUT.pkl

ARGS.pkl: ``daily_rows``' (args, kwargs) from scripts/speed51a/capture.py.
"""

from __future__ import annotations

import dataclasses
import pickle
import sys
from pathlib import Path

import numpy as np

from routekpi.render_daily import daily_rows


def main() -> None:
    with Path(sys.argv[1]).open("rb") as fh:
        args, _ = pickle.load(fh)
    plan = args[0]
    stops = plan.stops.copy()
    rng = np.random.default_rng(1)
    for column in ("stake", "share", "basis", "value"):
        v = stops[column].to_numpy(dtype=float).copy()
        m = rng.random(len(v))
        v[m < 0.05] = np.nan
        v[(m >= 0.05) & (m < 0.08)] = 0.0
        v[(m >= 0.08) & (m < 0.09)] = -0.0
        v[(m >= 0.09) & (m < 0.095)] = np.inf
        stops[column] = v
    half = stops.copy()
    near = (np.arange(len(half)) % 7 + 0.5) / 365
    half["share"] = np.where(rng.random(len(half)) < 0.3, near, half["share"])
    out = []
    for p in (
        plan,
        dataclasses.replace(plan, orders_apart=not plan.orders_apart),
        dataclasses.replace(plan, stops=stops),
        dataclasses.replace(plan, stops=half, orders_apart=True),
    ):
        for language in ("ja", "en"):
            out.append(daily_rows(p, language))
    with Path(sys.argv[2]).open("wb") as fh:
        pickle.dump(out, fh)
    print(len(out), "sheets")


if __name__ == "__main__":
    main()
