"""realism52b: load a trial book once (cached), backtest one year at a day, print the team's
account KPIs.  PYTHONPATH=$PWD python scripts/realism52b/probe.py BOOK YEAR [DAY|eve]"""

from __future__ import annotations

import pickle
import sys
import time
from datetime import date
from pathlib import Path

CACHE = Path("/work/wt/_realism52b")


def loaded(book: Path):  # type: ignore[no-untyped-def]
    from routekpi.backtest_job import load

    key = CACHE / (book.parent.parent.name + "_" + book.parent.parent.parent.name + ".pkl")
    if key.exists():
        return pickle.loads(key.read_bytes())
    t = time.time()
    out = load(book)
    key.write_bytes(pickle.dumps(out))
    print(f"loaded in {time.time() - t:.0f} s", file=sys.stderr)
    return out


def main() -> None:
    from routekpi.backtest_job import _backtest_year

    book, year = Path(sys.argv[1]), int(sys.argv[2])
    day = None if len(sys.argv) < 4 or sys.argv[3] == "eve" else date.fromisoformat(sys.argv[3])
    history, settings, language, _ = loaded(book)
    r = _backtest_year(history, settings, language, year, day)
    rows = r.rows
    kpis = [
        "active_accounts",
        "new_accounts",
        "lost_accounts",
        "churn_rate",
        "retention_rate",
        "orders_per_account",
        "revenue",
    ]
    print(r.name(), r.plan_as_of)
    print(
        rows[(rows.rep == "ALL") & rows.kpi.isin(kpis)][
            ["kpi", "realised", "routekpi", "uniform", "no_change"]
        ].to_string()
    )
    print([n.code for n in r.notes])


if __name__ == "__main__":
    main()
