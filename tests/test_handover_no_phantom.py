"""Trial 49 V1: who holds an account is read from its orders and route visits, never from a
typed name that is no salon nor from one prospecting visit (core.handover, sources.handover,
validation.visit_names).

Two small books, each written, read back and run from the sheet and with the visits in a CSV
named on Sources (the SQL path):

- ``names``: a visit log keyed by name (顧客) with K01 サロン01 (田中's) and K02 サロン02 (佐藤's),
  one order (¥1,000) and one visit of each a month, 2025-01 … 2026-10; and 「ルナ」, a salon
  name no account has (a prefix dropped), visited by 田中 on 2025-01-14 … 2025-03-14 and by
  佐藤 on 2025-06-14 … 2025-08-14. Read as an account of its own, 「ルナ」 changed hands
  (佐藤 ← 田中 1). By hand: no handover; the 6 rows stay the reps' visits on no account:
  each rep's visits up to the as-of date (2026-10-10) are 21 months + 3 = 24.
- ``leaver``: 佐々木 served K03 (closed 2025-11-30 on the master) and K04 (open) with an
  order a month from 2024-04 until 2025-11; 田中 holds K01 and took K04 over (orders
  from 2025-12); 渡辺 holds K05; all ¥1,000 a month to 2026-10. 渡辺's one アポ visit
  (the trial's 新規) on K03 on 2026-02-15 made him its heir (its FY2025 orders in his
  baseline). By hand: 佐々木's accounts moved: K04 → 田中 (1); 渡辺's FY2025 (2025-04 …
  2026-03) orders ¥12,000 (K05 only, not + K03's 8 months ¥8,000). A route visit
  (定期訪問) on the same day does make him K03's holder: then 渡辺 ¥20,000 and two moved.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from routekpi.core.handover import Handover
from routekpi.pipeline import compute_file
from routekpi.sources import SourceRef
from tests.workbook_files import edit, pasted_book

MONTHS = pd.date_range("2025-01-01", "2026-10-01", freq="MS")


def _day(m: pd.Timestamp, d: int) -> date:
    return (m + pd.Timedelta(days=d - 1)).date()


def _write(
    path: Path,
    orders: list[list[object]],
    visits: list[list[object]],
    accounts: list[list[object]],
    header: str | None,
    from_file: bool,
) -> dict[str, SourceRef] | None:
    """The book (visits on the sheet, or in 訪問記録.csv named on Sources); ``header``: the
    visits' customer column as typed (None: the template's code column)."""
    rows = {"Orders": orders, "Visits": [] if from_file else visits, "Accounts": accounts}
    pasted_book(path, rows, kgi=300_000, plan_year=2026, start_month=4, as_of=None)
    if header is not None and not from_file:
        with edit(path) as wb:
            wb["Visits"]["C1"] = header
    if not from_file:
        return None
    out = path.parent / "訪問記録.csv"
    frame = pd.DataFrame(visits, columns=["訪問日", "担当者", header or "顧客コード", "種別"])
    frame["訪問日"] = [d.strftime("%Y/%m/%d") for d in frame["訪問日"]]
    frame.to_csv(out, index=False, encoding="utf-8")
    return {"Visits": SourceRef("Visits", str(out))}


def _handover(path: Path, sources: dict[str, SourceRef] | None) -> tuple[Handover | None, object]:
    (result, _, _, _), _ = compute_file(path, sources=sources)
    return result.history.handover, result


@pytest.mark.parametrize("from_file", [False, True])
def test_a_name_matching_no_salon_is_no_account_to_hand_over(
    tmp_path: Path, from_file: bool
) -> None:
    names = {"K01": ("サロン01", "田中"), "K02": ("サロン02", "佐藤")}
    orders = [[_day(m, 10), c, r, 1_000, 1, None] for m in MONTHS for c, (_, r) in names.items()]
    visits: list[list[object]] = [
        [_day(m, 12), r, n, "定期訪問"] for m in MONTHS for n, r in names.values()
    ]
    visits += [[_day(m, 14), "田中", "ルナ", "定期訪問"] for m in MONTHS[:3]]
    visits += [[_day(m, 14), "佐藤", "ルナ", "定期訪問"] for m in MONTHS[5:8]]
    accounts = [[c, n, r, date(2024, 1, 1), None, None, None] for c, (n, r) in names.items()]
    sources = _write(tmp_path / "book.xlsm", orders, visits, accounts, "顧客", from_file)
    handed, result = _handover(tmp_path / "book.xlsm", sources)
    assert handed is None or (handed.received, handed.transfers) == ((), ())
    # The 6 rows of 「ルナ」 stay each rep's visits: 21 months + 3 each to 2026-10-10.
    history = result.history  # type: ignore[attr-defined]
    if history.facts is not None:
        per_rep = history.facts.visits.groupby("rep")["visits"].sum()
        assert per_rep.to_dict() == {"佐藤": 24, "田中": 24}
    else:
        visits_read = history.visits[history.visits["date"] <= pd.Timestamp("2026-10-10")]
        assert visits_read.groupby("rep").size().to_dict() == {"佐藤": 24, "田中": 24}
        assert int(visits_read["account"].isna().sum()) == 6
        assert "ルナ" not in set(history.accounts["account"].astype(str))


def _leaver_book(path: Path, kind: str, from_file: bool) -> dict[str, SourceRef] | None:
    since_2024 = pd.date_range("2024-04-01", "2026-10-01", freq="MS")
    orders: list[list[object]] = []
    for m in since_2024:
        orders.append([_day(m, 10), "K01", "田中", 1_000, 1, None])
        orders.append([_day(m, 10), "K05", "渡辺", 1_000, 1, None])
        if m <= pd.Timestamp("2025-11-01"):
            orders.append([_day(m, 10), "K03", "佐々木", 1_000, 1, None])
            orders.append([_day(m, 10), "K04", "佐々木", 1_000, 1, None])
        else:
            orders.append([_day(m, 10), "K04", "田中", 1_000, 1, None])
    visits: list[list[object]] = [[date(2026, 2, 15), "渡辺", "K03", kind]]
    accounts = [
        ["K01", "サロン01", "田中", date(2020, 1, 1), None, None, None],
        ["K03", "サロン03", "佐々木", date(2020, 1, 1), date(2025, 11, 30), None, None],
        ["K04", "サロン04", "佐々木", date(2020, 1, 1), None, None, None],
        ["K05", "サロン05", "渡辺", date(2020, 1, 1), None, None, None],
    ]
    return _write(path, orders, visits, accounts, None, from_file)


@pytest.mark.parametrize("from_file", [False, True])
@pytest.mark.parametrize(
    ("kind", "moved_to", "base"),
    [
        ("アポ", (("田中", 1),), 12_000),
        ("定期訪問", (("渡辺", 1), ("田中", 1)), 20_000),
    ],
)
def test_one_prospecting_visit_makes_no_heir(
    tmp_path: Path, kind: str, moved_to: tuple[tuple[str, int], ...], base: int, from_file: bool
) -> None:
    sources = _leaver_book(tmp_path / "book.xlsm", kind, from_file)
    handed, result = _handover(tmp_path / "book.xlsm", sources)
    assert handed is not None and handed.gone == ("佐々木",)
    assert handed.moved_to == moved_to
    # 渡辺's FY2025 orders as planned (the history handed over): K05, and K03 when his.
    history = result.history  # type: ignore[attr-defined]
    if history.facts is not None:
        months = history.facts.rep_months
        fy = months[(months["rep"] == "渡辺") & months["month"].between("2025-04", "2026-03")]
        assert float(fy["revenue"].sum()) == base
    else:
        o = history.orders
        fy = o[(o["rep"] == "渡辺") & o["date"].between("2025-04-01", "2026-03-31")]
        assert float(fy["amount"].sum()) == base
