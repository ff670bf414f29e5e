"""``subtotals.is_subtotal``'s ASCII fast path against the Unicode fold it skips: labels in
any case, codes, non-ASCII letters whose fold is ASCII, and 200,000 random ASCII texts.

    PYTHONPATH=<tree> python scripts/speed55/equiv_is_subtotal.py
"""

from __future__ import annotations

import random
import string

from routekpi.contract import fold
from routekpi.validation import subtotals as st

FIXED = ["Total", "SUBTOTAL", "GrandTotal", "Sum", "sum", "TOTAL", "total ", "Grand Total"]
FIXED += ["4月計", "小計", "C00123", "001016", "", "ß", "Σ", "ＴＯＴＡＬ", "K", "İ", "ﬀ", "²", "Ⅻ"]


def old(value: object) -> bool:
    """is_subtotal before speed55: the fold for every text."""
    if not isinstance(value, str):
        return False
    label = fold(value).strip(st._AROUND).replace(" ", "")
    if label in st.SUBTOTAL_LABELS or label in st._MONTH_LABELS:
        return True
    return st._MONTH_PREFIX.sub("", label) in st.SUBTOTAL_LABELS


def main() -> None:
    rng = random.Random(7)
    vals = list(FIXED)
    alpha = string.ascii_letters + string.digits + "  -_()*:"
    vals += ["".join(rng.choices(alpha, k=rng.randint(0, 8))) for _ in range(200_000)]
    for word in ("total", "subtotal", "grandtotal", "sum"):
        vals += ["".join(c.upper() if rng.random() < 0.5 else c for c in word) for _ in range(200)]
    bad = [v for v in vals if old(v) != st.is_subtotal(v)]
    assert not bad, bad[:5]
    print(len(vals), "texts equal;", sum(map(st.is_subtotal, vals)), "of them subtotals")


if __name__ == "__main__":
    main()
