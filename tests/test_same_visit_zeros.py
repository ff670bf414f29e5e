"""One key for a collected row the visits already hold, with leading zeros folded alike on the
sheet path (same_visit.kept_beside: a pasted export on Visits) and the file path
(sources.assemble._collected_kept) — session 39's note: only the file path folded them.

The manager re-pastes the SFA export and Excel drops the zeros of its codes (0012 → 12);
回収訪問 keeps the rep's rows as he typed them (0012). Ito's visit to 0012 and his call there
that day are the export's; his second call is one more (the export logs one); 0013 is new.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from routekpi.sources.assemble import _collected_kept
from routekpi.validation.same_visit import kept_beside

DAY = dt.date(2026, 4, 1)
COLUMNS = ["date", "rep", "account", "kind", "outcome"]
EXPORT = [  # the re-pasted export: zeros dropped
    (DAY, "Ito", "12", "visit", None),
    (DAY, "Ito", "12", "call", "no_answer"),
    (DAY, "Sato", "14", "visit", None),
]
COLLECTED = [  # the rep's rows as he typed them
    (DAY, "Ito", "0012", "visit", None),
    (DAY, "Ito", "0012", "call", "no_answer"),
    (DAY, "Ito", "0012", "call", "no_answer"),
    (DAY, "Ito", "0013", "visit", None),
    (None, "Ito", "0012", "visit", None),  # no date: kept, its own check names it
]
KEPT = [False, False, True, True, True]


def _frame(rows: list[tuple[object, ...]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=COLUMNS, dtype=object)
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


def test_the_pasted_sheet_path_folds_dropped_zeros() -> None:
    assert kept_beside(_frame(EXPORT), _frame(COLLECTED)).tolist() == KEPT


def test_the_file_path_keeps_the_same_rows() -> None:
    con = duckdb.connect()
    con.register("src_df", pd.DataFrame(EXPORT, columns=COLUMNS))
    con.execute(
        "CREATE TABLE src AS SELECT CAST(date AS DATE) AS date, * EXCLUDE (date) FROM src_df"
    )
    side = pd.DataFrame([(i, *r) for i, r in enumerate(COLLECTED, 2)], columns=["line", *COLUMNS])
    con.register("side_df", side)
    con.execute(
        "CREATE TABLE side AS SELECT line, CAST(date AS DATE) AS date,"
        " * EXCLUDE (line, date) FROM side_df"
    )
    assert _collected_kept(con, "src", "side") == [i for i, k in enumerate(KEPT, 2) if k]


def test_the_other_way_round_the_logs_code_lost_its_zeros() -> None:
    export = [(DAY, "Ito", "0012", "visit", None)]
    collected = [(DAY, "Ito", 12.0, "visit", None)]  # Excel's number in the rep's copy
    assert kept_beside(_frame(export), _frame(collected)).tolist() == [False]
