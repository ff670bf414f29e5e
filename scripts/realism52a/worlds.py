# ruff: noqa: E501
"""realism52a: realism51's trial worlds (scripts/realism51/trial_worlds.py) with this
helper's variants (scripts/realism52a/variant.py, R52=V) as ``--variant r52V``.

    R51_OUT=/work/wt/_realism52a PYTHONPATH=$PWD python scripts/realism52a/worlds.py bt --seeds-all --variant r52step
    R51_OUT=/work/wt/_realism52a PYTHONPATH=$PWD python scripts/realism52a/worlds.py table --seeds-all --variant base --variant r52step

The data and books are realism51's (/work/wt/_realism51/<world>/s<seed>/, book.txt copied
into R51_OUT); the pickles go to R51_OUT.
"""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "realism51"))
sys.path.insert(0, str(HERE))

import trial_worlds as tw  # noqa: E402


def plant(month: str, share: float) -> None:
    """A change in how visits are logged, planted: from ``month`` on, ``share`` of the visit
    records of kind visit are not logged (every rep, every account alike; a fixed draw), so
    visits per account step down by that share and orders per visit up, the orders the same.
    Wraps ``backtest_job.load`` (the raw visit rows; a compact history is left as it is)."""
    from dataclasses import replace

    import numpy as np
    import pandas as pd

    from routekpi import backtest_job

    load = backtest_job.load

    def planted(path, sources=None):  # type: ignore[no-untyped-def]
        history, settings, language, tabs = load(path, sources)
        v = history.visits
        if len(v):
            late = (pd.to_datetime(v["date"]) >= pd.Timestamp(month + "-01")).to_numpy()
            visit = (v["kind"].astype(str) == "visit").to_numpy()
            drop = late & visit & (np.random.default_rng(52).random(len(v)) < share)
            history = replace(history, visits=v[~drop].reset_index(drop=True))
        return history, settings, language, tabs

    backtest_job.load = planted


if __name__ == "__main__":
    if sys.argv[1:2] == ["_child"]:
        rule, _, moment = sys.argv[4].partition("@")
        try:
            if rule.endswith("+plant") or rule == "plant":
                # R52_PLANT=YYYY-MM:share (default 2024-03:0.15)
                at, _, share = os.environ.get("R52_PLANT", "2024-03:0.15").partition(":")
                plant(at, float(share))
                rule = "base" if rule == "plant" else rule[: -len("+plant")]
            if rule.startswith("r52"):
                os.environ["R52"] = rule[3:]
                os.environ["R52_TAG"] = (
                    Path(sys.argv[3]).parent.parent.name + "/" + Path(sys.argv[3]).parent.name
                )
                import variant as v52

                v52.apply()
                rule = ""
            tw.child(
                Path(sys.argv[2]),
                Path(sys.argv[3]),
                "" if rule == "base" else rule,
                moment == "budget",
            )
        except Exception:
            traceback.print_exc()
            sys.exit(1)
    else:
        tw.__file__ = __file__  # the children run here (cmd_bt runs its module's file)
        tw.main()
