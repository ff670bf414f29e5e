"""Trial 40 M6 / trial 41 L4 check: a book's history read as rows (its Sources files not
aggregated, as the backtest reads them), run through the engine, and the lines that show how
the visits and the orders go together printed: the visit notes, orders per visit's target ÷
baseline per rep, its best performer, the Review's main-lever lines, the Daily's first stops.

A recalculation aggregates a Sources history (core.history.HistoryFacts), which has no
(account, day) visits, so core.visit_days cannot read it there: this shows what a book with
the rows pasted would say. Usage (worktree root on PYTHONPATH):

    python scripts/trial40/raw_rows_review.py /work/wt/_trial40/fy2026/plan.xlsm
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from routekpi import pipeline
from routekpi.core.engine import run
from routekpi.render_daily import daily_rows, review_rows


def main(book: Path) -> None:
    data = pipeline.read_file(book, sources={})
    valid = pipeline.validate(data, base=book.parent, raw_rows=True)
    history = valid.inputs.history
    print("rows", len(history.orders), len(history.visits), "compact:", history.facts is not None)
    started = time.perf_counter()
    result = run(history, valid.settings)
    ev = result.evidence
    print("run", round(time.perf_counter() - started, 1), "s")
    print("notes", [n.code for n in ev.notes if "visit" in n.code])
    if "orders_per_visit" in result.plan.fy.columns:
        ratio = result.plan.fy["orders_per_visit"] / ev.base["orders_per_visit"]
        print("orders per visit target ÷ baseline", ratio.round(4).to_dict())
    review = result.review
    rows = review[review["kpi"] == "orders_per_visit"]
    print("orders per visit best:", sorted(set(rows["best_rep"].fillna(""))))
    for row in review_rows(review, "ja"):
        line = " | ".join(str(getattr(c, "value", c)) for c in row if c not in (None, ""))
        if "主因" in line:
            print("Review", line[:300])
    for row in daily_rows(result.daily, "ja", wrap=False)[:6]:
        print("Daily", " | ".join(str(getattr(c, "value", c)) for c in row if c not in (None, "")))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
