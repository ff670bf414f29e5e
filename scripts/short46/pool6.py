"""Stack two harness pickles of one variant (seeds 7 11 23 and 5 13 31) into one, the second's
runs renumbered (+100) so a rep-year stays its own: a paired bootstrap over all six seeds.

    python scripts/short46/pool6.py OUT.pkl A.pkl B.pkl
"""

from __future__ import annotations

import sys

import pandas as pd

out, a, b = sys.argv[1:4]
first, second = pd.read_pickle(a), pd.read_pickle(b)
second = second.assign(run=second["run"] + 100)
pd.concat([first, second], ignore_index=True).to_pickle(out)
