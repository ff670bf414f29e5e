"""Usage to date and the cohort facts of an account taken over during the plan year: the
same from the rows (core.measure) as from a source summed in SQL (usage.sql), by hand.

Before (fix24b): the rows moved the account's usage and cohort to its new holder from the
month he holds it, while the SQL path kept them with the Accounts sheet's rep in every month
— the sample book reassigned on a file gave Takahashi retention months 103.5 against the
sheet's 101.0, and a usage-to-date target of ¥1.83M against ¥5.63M.

The history (test_measure's, orders only; as of 2024-04-30, grid 2024-01 … 2024-04):
  a1 A→C (start 2023-06-01; taken over: C's first line 2024-03-10, A's last 2024-02-25)
  a2 A   (2023-09-10 … ended 2024-03-15)     a3 A (from 2024-02-05)
  b1 B   (2023-01-01 … ended 2024-02-20)     b2 B (2024-03-01 … 2024-06-30)
Orders: a1 01-10 100, 02-10 200, 02-25 −50, 04-10 500 (C's line); a2 01-20 300, 03-05 600;
        a3 02-15 400; b1 01-12 1000; b2 03-20 250, 04-20 350.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from history_helpers import sql_views

from routekpi.core.handover import Handover
from routekpi.core.history import ACCOUNT_COLUMNS, History
from routekpi.core.measure import monthly_facts
from routekpi.pipeline import compute_file
from routekpi.sources import SourceRef
from routekpi.sources.sqltext import facts_from_sql, with_usage

AS_OF = date(2024, 4, 30)


def _history() -> History:
    orders = pd.DataFrame(
        [
            ("2024-01-10", "a1", "A", 100.0),
            ("2024-01-20", "a2", "A", 300.0),
            ("2024-02-10", "a1", "A", 200.0),
            ("2024-02-15", "a3", "A", 400.0),
            ("2024-02-25", "a1", "A", -50.0),
            ("2024-03-05", "a2", "A", 600.0),
            ("2024-04-10", "a1", "C", 500.0),
            ("2024-01-12", "b1", "B", 1000.0),
            ("2024-03-20", "b2", "B", 250.0),
            ("2024-04-20", "b2", "B", 350.0),
        ],
        columns=["date", "account", "rep", "amount"],
    )
    orders["date"] = pd.to_datetime(orders["date"]).astype("datetime64[ns]")
    orders["quantity"] = 1.0
    accounts = pd.DataFrame(
        [
            ("a1", "", "C", "2023-06-01", None),
            ("a2", "", "A", "2023-09-10", "2024-03-15"),
            ("a3", "", "A", "2024-02-05", None),
            ("b1", "", "B", "2023-01-01", "2024-02-20"),
            ("b2", "", "B", "2024-03-01", "2024-06-30"),
        ],
        columns=["account", "name", "rep", "start", "end"],
    )
    for col in ("start", "end"):
        accounts[col] = pd.to_datetime(accounts[col]).astype("datetime64[ns]")
    handed = Handover((), {}, 0, (), 0, taken_over=(("a1", "C", "A", date(2024, 3, 10)),))
    return History(
        orders=orders, accounts=accounts.reindex(columns=list(ACCOUNT_COLUMNS)), handover=handed
    )


def _compact(history: History, fiscal_start_month: int) -> History:
    """The same history as a source gives it: summed in SQL (DuckDB), usage by usage.sql."""
    con = sql_views(history.orders)
    facts = facts_from_sql(lambda sql: con.execute(sql).df(), AS_OF)
    compact = History(
        orders=history.orders.iloc[:0],
        accounts=history.accounts,
        handover=history.handover,
        facts=facts,
    )
    facts = with_usage(
        facts,
        lambda sql: con.execute(sql).df(),
        con.register,
        history.accounts,
        fiscal_start_month,
        compact,
    )
    return History(
        orders=history.orders.iloc[:0],
        accounts=history.accounts,
        handover=history.handover,
        facts=facts,
    )


def _col(facts: pd.DataFrame, rep: str, col: str) -> list[float]:
    return [float(v) for v in facts.xs(rep, level="rep")[col]]


@pytest.mark.parametrize("path", ["rows", "sql"])
def test_usage_and_cohort_move_with_the_account_on_both_paths(path: str) -> None:
    """Calendar fiscal years: the 2024 cohort is a1, a2 and b1 (live at the end of 2023).
    a1's cumulative usage: 100, 250, 250, 750 — A's in January and February, C's from March.
    A: usage 100 + 300 = 400, 250 + 300 + 400 = 950, then a3's 400 (a2 ended in March), 400;
    cohort 400, 250 + 300 = 550, 0, 0. C: usage and cohort 0, 0, 250, 750. B: usage 1000, 0
    (b1 ended in February), 250, 600; cohort 1000, 0, 0, 0."""
    history = _history()
    source = history if path == "rows" else _compact(history, 1)
    facts = monthly_facts(source, AS_OF, fiscal_start_month=1)
    assert _col(facts, "A", "usage_sum") == [400, 950, 400, 400]
    assert _col(facts, "C", "usage_sum") == [0, 0, 250, 750]
    assert _col(facts, "B", "usage_sum") == [1000, 0, 250, 600]
    assert _col(facts, "A", "cohort_usage_sum") == [400, 550, 0, 0]
    assert _col(facts, "C", "cohort_usage_sum") == [0, 0, 250, 750]
    assert _col(facts, "B", "cohort_usage_sum") == [1000, 0, 0, 0]
    # The cohort's accounts and tenure move in the same month (a1: 9 months old at the end
    # of February, A's; 10 at the end of March, C's).
    assert _col(facts, "A", "cohort_accounts") == [2, 2, 0, 0]
    assert _col(facts, "C", "cohort_accounts") == [0, 0, 1, 1]
    assert _col(facts, "C", "cohort_tenure_sum")[2] == pytest.approx(304 / (365.25 / 12))


def test_both_paths_give_the_same_facts_for_april_years_too() -> None:
    history = _history()
    rows = monthly_facts(history, AS_OF, fiscal_start_month=4)
    summed = monthly_facts(_compact(history, 4), AS_OF, fiscal_start_month=4)
    cols = ["usage_sum", "cohort_usage_sum", "cohort_accounts", "cohort_tenure_sum"]
    pd.testing.assert_frame_equal(rows[cols], summed[cols], check_exact=True)
    # The April year's cohort (live at the end of March): a1 (C's), a3 (A's), b2 (B's).
    assert _col(rows, "C", "cohort_usage_sum")[3] == 750
    assert _col(rows, "A", "cohort_usage_sum")[3] == 400
    assert np.isclose(_col(rows, "B", "cohort_usage_sum")[3], 600)


@pytest.fixture(scope="module")
def reassigned(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample book ("plain") and that book with Takahashi's open accounts given to
    Watanabe on its Accounts sheet ("moved": a hand-over during the plan year), and the
    moved Accounts sheet saved as a file."""
    from routekpi.io.samplebook import write_sample_workbook

    root = tmp_path_factory.mktemp("usagemoves")
    plain = root / "plain.xlsm"
    write_sample_workbook(plain, "ja", orders_rows=6_000)
    moved = root / "moved.xlsm"
    shutil.copyfile(plain, moved)
    wb = openpyxl.load_workbook(moved, keep_vba=True)
    ws = wb["Accounts"]
    head = [c.value for c in ws[1]]
    rep_col, end_col = head.index("担当者") + 1, head.index("解約日") + 1
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, rep_col).value == "Takahashi" and ws.cell(r, end_col).value is None:
            ws.cell(r, rep_col).value = "Watanabe"
    wb.save(moved)
    master = openpyxl.Workbook()
    out = master.active
    for row in wb["Accounts"].iter_rows(values_only=True):
        out.append(list(row))
    master.save(root / "accounts.xlsx")
    return {"plain": plain, "moved": moved, "accounts": root / "accounts.xlsx"}


def _sorted(targets: pd.DataFrame) -> pd.DataFrame:
    return targets.sort_values(["kpi", "rep", "period"]).reset_index(drop=True)


def test_a_book_reassigned_on_the_sheet_or_on_a_file_plans_alike(
    reassigned: dict[str, Path],
) -> None:
    """The same accounts on the sheet (rows) and from a file (summed in SQL): every target
    and baseline alike, retention months and usage to date of the two reps included."""
    on_sheet, _ = compute_file(reassigned["moved"])
    from_file, _ = compute_file(
        reassigned["plain"],
        sources={"Accounts": SourceRef("Accounts", str(reassigned["accounts"]))},
    )
    moves = [n.params["moves"] for n in on_sheet.result.notes if "transferred" in n.code]
    assert moves == ["Watanabe ← Takahashi 4 (4)"]
    a, b = _sorted(on_sheet.result.targets), _sorted(from_file.result.targets)
    pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=1e-9)
    base = [
        s.result.evidence.base.loc[["Takahashi", "Watanabe"], ["retention_months", "usage_to_date"]]
        for s in (on_sheet, from_file)
    ]
    pd.testing.assert_frame_equal(*base, check_exact=False, rtol=1e-9)
