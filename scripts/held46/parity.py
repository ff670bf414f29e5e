"""The held book's inputs read alike from order rows, the pandas compact history and the SQL
facts (variants.patch applied: core.held.mix_months, order_windows; core.held_book.mix_follow).

    PYTHONPATH=<patched tree>:tests python scripts/held46/parity.py [SEED]

Session 46: seed 11 priced, 96 rep-months, mix-follow 0.8664 from all three; the 666
accounts' windows and last order days equal.
"""

from __future__ import annotations

import sys

import pandas as pd
from history_helpers import sql_views
from routekpi.core.held_book import mix_follow  # type: ignore[import-not-found]

from routekpi.core.compact import compact_history
from routekpi.core.held import mix_months, order_windows  # type: ignore[attr-defined]
from routekpi.core.history import History
from routekpi.sample import generate_sample
from routekpi.sources.sqltext import facts_from_sql


def main() -> None:
    seed = int(sys.argv[1]) if len(sys.argv) > 1 else 11
    s = generate_sample(seed, account_prices=True)
    rows = History(s.orders, s.visits, s.accounts, s.holidays)
    as_of = s.settings["AsOf"]
    compact = compact_history(rows, as_of)
    con = sql_views(s.orders, s.visits)
    facts = facts_from_sql(lambda q: con.execute(q).df(), as_of)
    sql = History(
        orders=s.orders.iloc[:0],
        visits=s.visits.iloc[:0],
        accounts=s.accounts,
        holidays=s.holidays,
        facts=facts,
    )
    want = mix_months(rows, as_of).reset_index(drop=True)
    for other in (compact, sql):
        got = mix_months(other, as_of).reset_index(drop=True)
        pd.testing.assert_frame_equal(want, got, check_exact=False, rtol=1e-9, check_dtype=False)
    print(
        "rep-months", len(want), "mix-follow", [mix_follow(h, as_of) for h in (rows, compact, sql)]
    )
    cols = ["recent", "prior", "recent_orders", "prior_orders"]
    w = order_windows(rows, as_of)
    for other in (compact, sql):
        x = order_windows(other, as_of).reindex(w.index)
        print(
            "accounts",
            len(w),
            "largest difference",
            float((x[cols] - w[cols]).abs().max().max()),
            "last order days differing",
            int((x["last"] != w["last"]).sum()),
        )


if __name__ == "__main__":
    main()
