"""The sample data sets with each account priced on its own (``generate_sample(...,
account_prices=True)``), rows pickled as scripts/realism42/harness.py does.

The default sample rescales every rep-month's orders onto the rep's own price path, so which
accounts a rep holds never moves his unit price there; real books (and the wholesale
simulation) price per account. A rule that reads the book held is only fairly tested here.

    python scripts/book44/account_prices.py OUT.pkl sample sample-long ... [--seeds 7 11 23]
"""

from __future__ import annotations

import argparse
import functools
import importlib.util
import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
spec = importlib.util.spec_from_file_location("backtest_script", HERE.parent / "backtest.py")
assert spec is not None and spec.loader is not None
bt = importlib.util.module_from_spec(spec)
sys.modules["backtest_script"] = bt
spec.loader.exec_module(bt)
bt.generate_sample = functools.partial(bt.generate_sample, account_prices=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("sets", nargs="+")
    parser.add_argument("--seeds", type=int, nargs="+", default=[7, 11, 23])
    args = parser.parse_args()
    frames = []
    for name in args.sets:
        run = bt.DATA_SETS[name](args.seeds)
        for i, result in enumerate(run.results):
            frames.append(result.rows.assign(set=name, year=result.year, run=i))
        print(name, "done", file=sys.stderr, flush=True)
    pd.concat(frames, ignore_index=True).to_pickle(args.out)


if __name__ == "__main__":
    main()
