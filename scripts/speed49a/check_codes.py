"""The codes validation hands the engine equal a fresh coding of the history's orders
(speed49a): for each book, ``core.history.coded`` of the validated history against
``pd.factorize`` of its account column (codes, names and the names' dtype), and the
handed-over codes found (not coded again).

    PYTHONPATH=$PWD python scripts/speed49a/check_codes.py BOOK...
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

from routekpi import pipeline
from routekpi.core import handover
from routekpi.core.history import coded


def main() -> None:
    for book in map(Path, sys.argv[1:]):
        try:
            data = pipeline.read_file(book)
            history = pipeline.validate(data).inputs.history
        except Exception as exc:  # a refused book has no history to compare
            print(f"{book.name}: refused ({type(exc).__name__})")
            continue
        handed = handover._kept(history.orders).get("account")
        codes, names = coded(history, "orders", "account")
        fresh, fresh_names = pd.factorize(history.orders["account"])
        np.testing.assert_array_equal(codes, fresh)
        pd.testing.assert_index_equal(pd.Index(names), pd.Index(fresh_names), exact=True)
        said = f"{len(codes)} lines, {len(names)} codes, handed over {handed is not None}"
        print(f"{book.name}: equal ({said})")


if __name__ == "__main__":
    main()
