"""Old and new ``write_sheet_data`` / ``table_digests`` on random rows of every value kind.

    python writer_equal.py OLD_TREE NEW_TREE [--rounds N]

Imports both trees' ``routekpi.io.sheetxml`` and ``usercells`` side by side (module names
rebound) and compares the bytes and digests for random sheets: strings with markup, edge
spaces, ``_xHHHH_`` and illegal characters, floats (±0.0, NaN, ±inf), ints, bools, None,
dates before and after 1900, datetimes, NumPy scalars, Decimal, pandas' NA and NaT, Cells
with and without a style, hidden and tall rows, kept cells, both date systems.
"""

from __future__ import annotations

import argparse
import datetime as dt
import decimal
import importlib
import random
import sys
from types import ModuleType

import numpy as np
import pandas as pd


def load(tree: str) -> tuple[ModuleType, ModuleType]:
    for name in [m for m in sys.modules if m == "routekpi" or m.startswith("routekpi.")]:
        del sys.modules[name]
    sys.path.insert(0, tree)
    try:
        return importlib.import_module("routekpi.io.sheetxml"), importlib.import_module(
            "routekpi.io.usercells"
        )
    finally:
        sys.path.remove(tree)


TEXTS = [
    "",
    " ",
    "a",
    "abc",
    " lead",
    "trail ",
    "\u3000全角",
    "東京都",
    "x<y&z>",
    "a\rb",
    "_x0041_",
    "bad\x01char",
    "=SUM(A1)",
    "-1",
    "@x",
    "tab\t",
    "\ud800",
    "long" * 9000,
]


def value(rng: random.Random) -> object:
    k = rng.randrange(16)
    if k == 0:
        return rng.choice(TEXTS)
    if k == 1:
        return rng.choice([0.0, -0.0, float("nan"), float("inf"), -float("inf"), 1e-300, 1.5])
    if k == 2:
        return rng.uniform(-1e6, 1e6)
    if k == 3:
        return rng.randrange(-1000, 1000)
    if k == 4:
        return rng.choice([True, False])
    if k == 5:
        return None
    if k == 6:
        return dt.date(rng.choice([1899, 1900, 1903, 1904, 2026]), rng.randrange(1, 13), 1)
    if k == 7:
        return dt.datetime(rng.choice([1899, 1904, 2026]), 2, 28, 13, 5, 7, 1234)
    if k == 8:
        return rng.choice([np.float64(2.5), np.int64(7), np.bool_(True), np.str_("np")])
    if k == 9:
        return rng.choice([decimal.Decimal("1.25"), decimal.Decimal("NaN"), pd.NA, pd.NaT])
    if k == 10:
        return pd.Timestamp("2026-03-01 10:00")
    if k == 11:
        return dt.time(12, 30)
    if k == 12:
        return dt.timedelta(hours=36)
    return "t" + str(rng.randrange(50))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--rounds", type=int, default=300)
    args = parser.parse_args()
    old_x, old_u = load(args.old)
    new_x, new_u = load(args.new)
    styles = {"rk_date": 3, "rk_money": 5, "rk_pct": 0, "rk_text": 9}
    names = [None, *styles, "unknown"]
    for seed in range(args.rounds):
        rng = random.Random(seed)
        width = rng.randrange(1, 40)
        plain = [[value(rng) for _ in range(rng.randrange(0, width + 3))] for _ in range(60)]
        # Per cell: wrapped in a Cell (and its style) or not, drawn once for both trees.
        wraps = [[(rng.random() < 0.4, rng.choice(names)) for _ in row] for row in plain]
        column_styles = [rng.choice(names) for _ in range(rng.randrange(0, 30))]
        kept = {rng.randrange(1, 80): [(45, '<c r="AS1"/>')] for _ in range(3)}
        hidden = {rng.randrange(1, 70) for _ in range(5)}
        heights = {rng.randrange(1, 70): 22.5 for _ in range(3)}
        date1904 = seed % 2 == 1
        outs = []
        for mod_x, mod_u in ((old_x, old_u), (new_x, new_u)):
            rows = [
                [
                    mod_x.Cell(v, style) if wrap else v
                    for v, (wrap, style) in zip(row, ws, strict=True)
                ]
                for row, ws in zip(plain, wraps, strict=True)
            ]
            content = mod_x.SheetContent(
                rows=rows,
                column_styles=column_styles,
                kept=kept,
                hidden_rows=hidden,
                row_heights=heights,
            )
            chunks: list[bytes] = []
            extent = mod_x.write_sheet_data(content, styles, chunks.append, date1904=date1904)
            try:
                digests = mod_u.table_digests(rows, width)
            except UnicodeEncodeError as exc:  # a lone surrogate: both trees refuse it alike
                digests = repr(exc)
            outs.append((b"".join(chunks), (extent.rows, extent.cols), digests))
        if outs[0] != outs[1]:
            raise SystemExit(f"seed {seed}: old and new differ")
    print(f"{args.rounds} random sheets: bytes, extents and digests equal")


if __name__ == "__main__":
    main()
