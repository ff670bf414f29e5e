"""Run scripts/backtest.py's data sets and pickle every scored row (with its set and year),
so the pipeline rules can be scored from the rows (``rules.py``) or rerun under a variant.

    PYTHONPATH=$PWD python scripts/realism54a/sets_rows.py OUT.pkl --seeds 7 11 23 --only sample ...
    R54=hold PYTHONPATH=$PWD python scripts/realism54a/sets_rows.py OUT.pkl ...   # under variant.py
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("--seeds", type=int, nargs="+", default=[7, 11, 23])
    p.add_argument("--only", nargs="+", required=True)
    a = p.parse_args()
    sys.path.insert(0, str(HERE))
    import variant

    variant.apply()
    spec = importlib.util.spec_from_file_location("bt", HERE.parent / "backtest.py")
    assert spec and spec.loader
    bt = importlib.util.module_from_spec(spec)
    sys.modules["bt"] = bt
    spec.loader.exec_module(bt)
    frames = []
    for name in a.only:
        run = bt.DATA_SETS[name](a.seeds)
        for r in run.results:
            frames.append(r.rows.assign(set=name, year=r.year, plan=r.name()))
        print(name, len(run.results), flush=True)
    pd.concat(frames, ignore_index=True).to_pickle(a.out)


if __name__ == "__main__":
    main()
