"""``handover._joined_codes`` (each frame's own codes joined) against ``_text_codes`` of the
frames' column concatenated: equal codes (values and dtype) and texts (speed51a).

    PYTHONPATH=<tree> python scripts/speed51a/equiv_joined_codes.py ARGS.pkl

ARGS.pkl: ``untyped_leave_checks``' (args, kwargs) from scripts/speed51a/capture.py (its
history's orders and visits, a million lines each on the 1M bench book), and small object
and text columns with blanks, all-blank and empty frames, 1 and "1" (one text, one code).
"""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from routekpi.core.handover import _joined_codes, _text_codes


def main() -> None:
    with Path(sys.argv[1]).open("rb") as fh:
        (history, _), _ = pickle.load(fh)
    o, v = history.orders, history.visits
    cases = [[o, v], [v, o], [o.iloc[:0], v], [o, v.iloc[:0]]]
    mixed = pd.DataFrame({"rep": pd.Series([1, "1", None, "b", np.nan, 2.0, "2.0"], dtype=object)})
    text = pd.DataFrame({"rep": pd.Series(["b", None, "1", "z"], dtype="str")})
    blank = pd.DataFrame({"rep": pd.Series([None, None], dtype=object)})
    small = [[mixed, text], [text, mixed], [blank, text], [text, blank], [mixed, blank, text]]
    n = 0
    for frames in cases + small + [[blank, blank]]:
        for column in ("rep", "account") if "account" in frames[0].columns else ("rep",):
            want = _text_codes(pd.concat([f[column] for f in frames], ignore_index=True))
            got = _joined_codes(frames, column)
            assert np.array_equal(want[0], got[0]) and want[0].dtype == got[0].dtype
            assert want[1] == got[1]
            n += 1
    print("joined == concatenated:", n, "cases")


if __name__ == "__main__":
    main()
