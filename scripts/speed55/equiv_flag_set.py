"""``lapse.flag_set`` (each distinct cell folded once) against the per-row original on random
flag columns: object, ``str`` and ``string`` dtypes, blanks, numbers, full-width text.

    PYTHONPATH=<tree> python scripts/speed55/equiv_flag_set.py
"""

from __future__ import annotations

import random
import unicodedata

import numpy as np
import pandas as pd

from routekpi.core.lapse import FLAG_ON, flag_set

TEXTS = ["", " ", "0", "1", "０", "１", " 1 ", "2.5", "-0", "0.0", "nan", "NaN", "TRUE"]
TEXTS += ["ｙｅｓ", "x", "abc", "1e3", "12345678901234567890"]
OTHERS: list[object] = [None, np.nan, pd.NA, 0, 1, 0.0, 2.5, True, False]


def old(values: pd.Series) -> np.ndarray:
    """flag_set before speed55: the fold per row."""
    text = values.astype(object).where(values.notna(), "").astype(str)
    folded = text.map(lambda v: unicodedata.normalize("NFKC", v).strip().lower())
    number = pd.to_numeric(folded, errors="coerce")
    return (folded.isin(FLAG_ON) | (number.notna() & (number != 0))).to_numpy()


def as_text(value: object) -> str | None:
    """A value as a text column holds it (None for a blank)."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return str(value)


def main() -> None:
    pool: list[object] = [*FLAG_ON, *TEXTS, *OTHERS]
    rng = random.Random(5)
    columns = [pd.Series([0, 1, 2, np.nan]), pd.Series([True, False, None])]
    columns += [pd.Series([], dtype=float), pd.Series([1.0, 0.0])]
    for _ in range(3000):
        vals = [rng.choice(pool) for _ in range(rng.randint(0, 40))]
        columns.append(pd.Series(vals, dtype=object))
        columns += [pd.Series([as_text(v) for v in vals], dtype=d) for d in ("str", "string")]
    for s in columns:
        a, b = old(s), flag_set(s)
        assert a.dtype == b.dtype and a.shape == b.shape and (a == b).all(), (s, a, b)
    print("flag_set equal on", len(columns), "columns")


if __name__ == "__main__":
    main()
