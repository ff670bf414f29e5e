"""Codes renumbered by an ERP migration with no old-code column to say so (mig48, trial 48 H2).

The book: 40 accounts, each one order a month on the 10th (¥100), 2024-01 … 2026-11, rep
田中. From 2025-07-01 every account carries a new code: the lines before it ``T-1000`` …,
those after ``1000`` … (the master lists the new codes). By hand: the 40 old codes' last
order is 2025-06-10 and the 40 new codes' first 2025-07-10; the latest day with 40 ending in
the 31 days before it and 40 starting in the 31 days from it is 2025-07-10. Alive in the month
before it (first order before, last order on or after 2025-06-09): the 40 old codes; 40
ended, 40 began: 100% ≥ 30% each way; critical (488 days before the last order).

A chain's exit: the same 40 accounts never renumbered, 15 of them ending after 2025-06
(37.5% of the book) with no code starting: nothing said. An ordinary book (the sample): nothing.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from routekpi.contract import Check
from routekpi.messages import text
from routekpi.pipeline import compute_file
from routekpi.sources import SourceRef
from routekpi.validation.renumbered import code_switch
from tests.workbook_files import edit, pasted_book

MIGRATION = date(2025, 7, 1)
CODES = [str(1000 + i) for i in range(40)]
CHAIN = set(CODES[:15])  # the chain's stores in the exit book


def book(path: Path, renumbered: bool, old_column: bool = False, chain: bool = False) -> Path:
    """The history above (``chain``: no renumbering, 15 accounts ending after 2025-06)."""
    orders: list[list[object]] = []
    for m in pd.date_range("2024-01-01", "2026-11-01", freq="MS"):
        day = (m + pd.Timedelta(days=9)).date()
        for code in CODES:
            if chain and code in CHAIN and day > date(2025, 6, 30):
                continue
            typed = f"T-{code}" if renumbered and day < MIGRATION else code
            orders.append([day, typed, "田中", 100, 1, None])
    ends = {c: date(2025, 6, 11) for c in CODES if chain and c in CHAIN}
    accounts: list[list[object]] = [
        [c, f"顧客{c}", "田中", date(2024, 1, 10), ends.get(c), None, None] for c in CODES
    ]
    pasted_book(
        path,
        {"Orders": orders, "Accounts": accounts},
        kgi=50_000,
        plan_year=2026,
        start_month=4,
        as_of=None,
    )
    if old_column:
        with edit(path) as wb:
            ws = wb["Accounts"]
            ws["I1"] = "旧得意先コード"
            for row in range(2, 2 + len(accounts)):
                ws.cell(row, 9).value = f"T-{ws.cell(row, 1).value}"
    return path


def _orders_csv(path: Path, folder: Path) -> dict[str, SourceRef]:
    """The book's Orders sheet as an ERP export (UTF-8 CSV), named as a source."""
    import python_calamine

    sheet = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Orders")
    grid = [r for r in sheet.to_python() if any(v != "" for v in r)]
    width = max(i + 1 for i, v in enumerate(grid[0]) if v != "")
    frame = pd.DataFrame([r[:width] for r in grid[1:]], columns=grid[0][:width])
    out = folder / "売上明細.csv"
    frame.to_csv(out, index=False)
    return {"Orders": SourceRef("Orders", str(out))}


def _switches(path: Path, sources: dict[str, SourceRef] | None = None) -> list:
    (_, checks, _, _), _ = compute_file(path, sources=sources)
    return [c for c in checks if c.problem == "accounts_code_switch"]


def test_a_renumbering_without_old_codes_is_said_on_both_paths(tmp_path: Path) -> None:
    moved = book(tmp_path / "moved.xlsm", renumbered=True)
    for sources in (None, _orders_csv(moved, tmp_path)):
        [said] = _switches(moved, sources)
        assert said.severity == "critical"  # 2025-07-10 is 488 days before 2026-11-10
        assert said.params == {"day": "2025-07-10", "ended": 40, "began": 40, "live": 40}
        ja = text(said.problem, "ja", **said.params)
        assert ja.startswith("2025-07-10 を境に 40 件の顧客コードの受注が止まり")
        assert "旧得意先コード" in ja and "After an ERP migration" in ja
        assert "old-code column" in text(said.problem, "en", **said.params)


def test_nothing_said_with_the_old_codes_mapped_or_on_a_chain_exit(tmp_path: Path) -> None:
    mapped = book(tmp_path / "mapped.xlsm", renumbered=True, old_column=True)
    assert not _switches(mapped)
    assert not _switches(mapped, _orders_csv(mapped, tmp_path))
    chain = book(tmp_path / "chain.xlsm", renumbered=False, chain=True)
    assert not _switches(chain)
    assert not _switches(book(tmp_path / "plain.xlsm", renumbered=False))


def test_the_share_and_the_counts_decide() -> None:
    """Per account first/last days by hand: 50 accounts 2024-01-05 … 2025-06-20 (ending),
    40 starting 2025-07-01 and ordering on, 50 steady throughout. Alive in the month before
    2025-07-01: 100; 50 ended, 40 began (≥ 30 each) → said. 20 starting (< 30) → not. 10 more
    ending 2025-05-01 are outside that month (the decision) but inside the quarter the line
    counts: ended 60 of 110. Fewer than 20 on either side is never said."""

    def run(
        ending: int, starting: int, steady: int, early: int = 0, until: str = "2026-06-30"
    ) -> Check | None:
        spans = (
            [("2024-01-05", "2025-06-20")] * ending
            + [("2025-07-01", until)] * starting
            + [("2024-01-05", until)] * steady
            + [("2024-01-05", "2025-05-01")] * early
        )
        first = np.array([a for a, _ in spans], dtype="datetime64[D]")
        return code_switch(first, np.array([b for _, b in spans], dtype="datetime64[D]"))

    said = run(ending=50, starting=40, steady=50)
    assert said is not None
    assert said.params == {"day": "2025-07-01", "ended": 50, "began": 40, "live": 100}
    said = run(ending=50, starting=40, steady=50, early=10)
    assert said is not None
    assert said.params == {"day": "2025-07-01", "ended": 60, "began": 40, "live": 110}
    assert said.severity == "critical"  # 364 days before the last day, 2026-06-30
    # The same two years on: 1,095 days before the last day, 2028-06-30 (beyond 730): a warning.
    said = run(ending=50, starting=40, steady=50, until="2028-06-30")
    assert said is not None and said.severity == "warn"
    assert said.params == {"day": "2025-07-01", "ended": 50, "began": 40, "live": 100}
    assert run(ending=50, starting=20, steady=50) is None  # 20 began: 20% of 100
    assert run(ending=10, starting=10, steady=0) is None  # a small book's turnover
