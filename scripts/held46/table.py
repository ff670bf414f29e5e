"""Pooled reduction vs uniform per data set for several harness runs (scripts/realism42).

    python scripts/held46/table.py base=/tmp/b_w.pkl,/tmp/b_s.pkl A=/tmp/a_w.pkl,/tmp/a_s.pkl ...

Each argument is NAME=comma-separated pickles (one variant's runs); prints one row per variant,
one column per data set, and the lost KPIs (vs uniform / no change) beneath.
"""

from __future__ import annotations

import sys

import pandas as pd

sys.path.insert(0, "scripts/realism42")
from compare import scores

ORDER = [  # the default family, wholesale, CDNOW, then the priced family
    "sample",
    "sample-long",
    "sample-november",
    "orders-only",
    "orders-only-short",
    "wholesale",
    "wholesale-x5",
    "wholesale-2y",
    "cdnow",
    "sample-priced",
    "sample-long-priced",
    "sample-november-priced",
    "orders-only-priced",
    "orders-only-short-priced",
]


def main() -> None:
    runs = {}
    for arg in sys.argv[1:]:
        name, files = arg.split("=", 1)
        runs[name] = pd.concat([pd.read_pickle(f) for f in files.split(",")], ignore_index=True)
    sets = [s for s in ORDER if any(s in set(r["set"]) for r in runs.values())]
    print("| variant | " + " | ".join(sets) + " |")
    print("|---|" + "---:|" * len(sets))
    lost = []
    for name, rows in runs.items():
        cells = []
        for s in sets:
            part = rows[rows["set"] == s]
            if not len(part):
                cells.append("")
                continue
            red, uni, nc, _ = scores(part)
            cells.append(f"{100 * red:.1f}")
            lost.append(f"{name} {s}: uni {','.join(uni) or '-'}; nc {','.join(nc) or '-'}")
        print(f"| {name} | " + " | ".join(cells) + " |")
    print()
    print("\n".join(lost))


if __name__ == "__main__":
    main()
