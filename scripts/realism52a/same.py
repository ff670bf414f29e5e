"""Whether a variant's backtests equal the engine's, plan by plan (every scored row).

PYTHONPATH=$PWD python scripts/realism52a/same.py /work/wt/_realism52a r52step [base]
"""

from __future__ import annotations

import pickle
import sys
from pathlib import Path


def rows(path: Path) -> list:  # type: ignore[type-arg]
    doc = pickle.loads(path.read_bytes())
    return [r.rows for r in doc["results"]]


def main() -> None:
    out, variant = Path(sys.argv[1]), sys.argv[2]
    base = sys.argv[3] if len(sys.argv) > 3 else "base"
    for p in sorted(out.glob(f"*/s*/bt_{variant}.pkl")):
        b = p.with_name(f"bt_{base}.pkl")
        if not b.exists():
            continue
        mine, theirs = rows(p), rows(b)
        same = len(mine) == len(theirs) and all(
            x.equals(y) for x, y in zip(mine, theirs, strict=True)
        )
        print(
            f"{p.parent.parent.name} {p.parent.name}: {len(mine)} plans, "
            f"{'identical' if same else 'DIFFERENT'}"
        )


if __name__ == "__main__":
    main()
