"""The account named as carrying a rep's gap is one whose orders fell, not one whose few large
orders (projects) did not come again while its ordinary orders held (core.flags
``gap_carrier`` / ``carried_drop``; trial 52 seed 53: open builders with one or two projects a
year named as carrying 井上's gap), the same from pasted sheets and from files.

The book (written, read back from the sheets and from CSV files on the Sources sheet): reps A
and B, ten accounts each (A0 … A9, B0 … B9), orders 2024-04 … 2026-11 on the 5th and the
20th, ¥10,000 each (each rep's median order); plan year FY2026 (April), KGI ¥7,400,000; the
data end on Friday 2026-11-20 (the as-of date), so the windows are (2024-11-20, 2025-11-20]
and (2025-11-20, 2026-11-20].

- **A0** also lands four projects of ¥1,000,000 (100× A's median: large; four in two years:
  a few) on 2024-12-12, 2025-03-12, 2025-06-12 and 2025-09-12, none since; its ordinary
  orders held (24 × ¥10,000 = ¥240,000 in each window). By hand: prior ¥4,240,000, recent
  ¥240,000, large prior ¥4,000,000 in 4, large recent 0; its fall less its projects' fall
  is ¥0. A is behind (FY2026 so far consumables only, against a baseline holding two
  projects): no account carries his gap.
- **B0** orders ¥50,000 (5×: not large) on both days until 2025-11, then ¥10,000 on the 5th
  only: prior 24 × ¥50,000 = ¥1,200,000, recent 12 × ¥10,000 = ¥120,000 — its ordinary
  orders fell: it carries B's gap, named with those figures, as before.

Control: with every account's large orders counted as its ordinary business
(``LUMP_MAX_PER_YEAR`` 0 in core.flags), A0 is named again (¥240,000 against ¥4,240,000).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from routekpi.core import flags as flags_module
from routekpi.pipeline import compute_file
from tests.workbook_files import csv_history, sources_or_pasted_book

HEADER = ["受注日", "顧客コード", "担当者", "金額", "受注番号"]
PROJECTS = ("2024-12-12", "2025-03-12", "2025-06-12", "2025-09-12")


def _tables() -> dict[str, list[list[object]]]:
    rows: list[list[object]] = [HEADER]
    n = 0
    for m in pd.period_range("2024-04", "2026-11", freq="M"):
        for rep in "AB":
            for i in range(10):
                for day in (5, 20):
                    amount = 10_000
                    if f"{rep}{i}" == "B0":
                        if m > pd.Period("2025-11", "M") and day == 20:
                            continue
                        amount = 50_000 if m <= pd.Period("2025-11", "M") else 10_000
                    n += 1
                    rows.append(
                        [f"{m.year}/{m.month:02d}/{day:02d}", f"{rep}{i}", rep, amount, f"S{n}"]
                    )
    for k, day in enumerate(PROJECTS):
        rows.append([day.replace("-", "/"), "A0", "A", 1_000_000, f"P{k}"])
    accounts: list[list[object]] = [["顧客コード", "顧客名", "担当者", "取引開始日"]]
    accounts += [[f"{r}{i}", f"{r}{i}", r, "2020/04/01"] for r in "AB" for i in range(10)]
    return {"Orders": rows, "Accounts": accounts}


def _books(folder: Path) -> list[Path]:
    rows = _tables()
    csv_history(folder, rows)
    return [
        sources_or_pasted_book(path, pasted, 7_400_000, 2026, sheets=("Orders", "Accounts"))
        for path, pasted in ((folder / "pasted.xlsm", rows), (folder / "sourced.xlsm", None))
    ]


def _computed(book: Path) -> tuple[dict[str, dict[str, object]], pd.DataFrame, pd.DataFrame]:
    """Rep → his behind-pace revenue flag's params, the account status, the Review."""
    (computed, *_), _ = compute_file(book)
    flags = computed.flags
    rows = flags[(flags["code"] == "behind_pace") & (flags["kpi"] == "revenue")]
    by_rep = {str(r["rep"]): dict(r["params"]) for r in rows.to_dict("records")}
    return by_rep, computed.account_status, computed.review


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return _books(tmp_path_factory.mktemp("carrier"))


def test_projects_that_did_not_come_again_carry_no_gap_on_both_paths(books: list[Path]) -> None:
    for book in books:
        flags, status, review = _computed(book)
        a0 = status.loc[next(i for i in status.index if str(i) == "A0")]
        assert (a0["prior"], a0["recent"]) == (4_240_000.0, 240_000.0)
        assert (a0["large_prior"], a0["large_prior_n"]) == (4_000_000.0, 4.0)
        assert (a0["large_recent"], a0["large_recent_n"]) == (0.0, 0.0)
        assert flags_module.carried_drop(status.loc[[a0.name]])[0] == 0.0
        # Both behind; A's gap is carried by no account, B's by B0 (its ordinary orders).
        assert {"A", "B"} <= set(flags)
        assert "carrier" not in flags["A"]
        assert flags["B"]["carrier"] == "B0"
        assert (flags["B"]["carrier_recent"], flags["B"]["carrier_prior"]) == (
            120_000.0,
            1_200_000.0,
        )
        revenue = review[(review["kpi"] == "revenue") & (review["rep"] == "A")]
        assert all("carrier" not in (d or {}) for d in revenue["detail"])


def test_control_projects_as_ordinary_orders_name_the_account(
    books: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(flags_module, "LUMP_MAX_PER_YEAR", 0)
    flags, _, _ = _computed(books[0])
    assert flags["A"]["carrier"] == "A0"
    assert (flags["A"]["carrier_recent"], flags["A"]["carrier_prior"]) == (240_000.0, 4_240_000.0)
