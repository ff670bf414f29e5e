"""CPU time of the Review's two computations a run makes (the year's rows and the month
block's) and of the Attainment, on sample books of 10k and 100k order rows (review44).

Run from a worktree root against two trees to compare, in one sitting (CPU time, not wall
time: the machine is shared, and a busy neighbour doubled wall times):

    PYTHONPATH=/path/to/base python scripts/review44/review_timer.py 10000 8 base
    PYTHONPATH=$PWD          python scripts/review44/review_timer.py 10000 8 mine

Books are written to /tmp/review44-timer/ the first time.
"""

from __future__ import annotations

import gc
import sys
import time
from pathlib import Path

from routekpi.core.engine import _team_growth
from routekpi.core.review import month_review, review_month
from routekpi.io.samplebook import write_sample_workbook
from routekpi.pipeline import compute_file

WARM = ("handed_all", "departed", "lost_accounts", "account_status", "plan", "year_so_far")


def main(rows: int, runs: int, label: str) -> None:
    book = Path(f"/tmp/review44-timer/b{rows}.xlsm")
    if not book.exists():
        book.parent.mkdir(parents=True, exist_ok=True)
        write_sample_workbook(book, "ja", seed=11, orders_rows=rows)
    computed, _ = compute_file(book)
    r = computed.result
    for name in (*WARM, "attainment"):
        getattr(r, name)
    ev = r.evidence
    best = [float("inf")] * 3
    for _ in range(runs):
        for name in ("review", "attainment"):
            r.__dict__.pop(name, None)
        for key in [k for k in ev.__dict__ if k.startswith("_review_")]:
            del ev.__dict__[key]  # what a run measures once (core.history.once)
        gc.collect()
        t0 = time.process_time()
        _ = r.attainment  # a cached property: measured here
        t1 = time.process_time()
        year = r.review
        t2 = time.process_time()
        month = review_month(ev)
        if month is not None:
            month_review(
                r.history,
                ev,
                r.targets,
                month,
                r.departed,
                lost=r.lost_accounts,
                growth=_team_growth(r.plan),
                planned=r.planned_targets,
                carries=r.carries,
                year=year,
            )
        t3 = time.process_time()
        best = [min(b, x) for b, x in zip(best, (t1 - t0, t2 - t1, t3 - t2), strict=True)]
    a, y, m = (1000 * b for b in best)
    print(
        f"{label:5s} n={rows:>7} attainment {a:6.1f}  review year {y:6.1f}  "
        f"month {m:6.1f}  year+month {y + m:6.1f} ms (CPU, best of {runs})"
    )


if __name__ == "__main__":
    main(
        int(sys.argv[1]),
        int(sys.argv[2]) if len(sys.argv) > 2 else 8,
        sys.argv[3] if len(sys.argv) > 3 else "",
    )
