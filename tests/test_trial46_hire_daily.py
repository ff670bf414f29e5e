"""Trial 46 N5: a hire who joins at the plan year's start (2027-04), given two of 佐藤's
clinics on the customer master and with no order or visit yet, holds them in the FY2027
plan (H5) — but the Daily list, which starts now (Mon 2026-12-07), keeps them with 佐藤, who
serves them until then, and gives the hire no rows; the hire's own copy says his list
starts on the plan year's first day, and the Plan's warning says the accounts stay on the
current rep's Daily until then (core/daily.py ``_serving_now``, share/copies.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import python_calamine

from routekpi.messages import text
from routekpi.pipeline import compute_file
from tests.test_trial46_inputs import HIRE, MASTER, MONTHLY, SERVED_BY, hire_book
from tests.workbook_files import pasted_book


def _daily_rows(path: Path, sheet: str = "Daily") -> list[list[object]]:
    rows = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet)
    return [list(r) for r in rows.to_python()]


def test_the_daily_keeps_the_hires_clinics_with_the_rep_serving_them_until_he_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """History: y1 and y2 ordered and visited by 佐藤 monthly to 2026-11 (visits on the 12th,
    a 31-day rhythm), so both are due in the list's first days (12/7 – 12/18). Before the
    fix they were 小野寺's stops (12/11 and 12/14) and 佐藤 had s1 only; now they are 佐藤's
    and 小野寺 has no row at all. His copy has no stop and one line saying the list starts
    on 2027/4/1; 佐藤's copy lists y1 and y2."""
    from routekpi.cli import main

    path = hire_book(tmp_path / "book.xlsm")
    monkeypatch.setattr("routekpi.pipeline.run_day", lambda: date(2026, 12, 6))
    assert main(["recalc", str(path)]) == 0
    rows = _daily_rows(path)
    stops = {str(r[3]): str(r[0]) for r in rows[1:] if r[3] in ("s1", "y1", "y2")}
    assert stops == {"s1": "佐藤", "y1": "佐藤", "y2": "佐藤"}
    assert not [r for r in rows[1:] if r[0] == HIRE]
    # The Plan's warning (Checks) says the clinics stay on the current rep's Daily.
    (_, checks, _, _), _ = compute_file(path)
    [said] = [c for c in checks if c.problem == "reps_newcomer_accounts"]
    assert "訪問計画(Daily)では、その顧客は今訪問している担当者のまま載せ" in text(
        said.problem, "ja", **said.params
    )

    out = tmp_path / "share"
    assert main(["share", str(path), "--out", str(out), "--per-rep"]) == 0
    hire = _daily_rows(out / f"book_{HIRE}.xlsx", "訪問計画")
    said_lines = "".join(str(c) for r in hire[1:] for c in r if c not in ("", None))
    assert said_lines.startswith("あなたの訪問計画はFY2027の初日 2027/4/1(木) から作ります")
    assert "引き継ぐ顧客 2件" in said_lines
    assert not any(isinstance(c, date) for r in hire[1:] for c in r)  # no dated row
    sato = _daily_rows(out / "book_佐藤.xlsx", "訪問計画")
    assert {"y1", "y2"} <= {str(c) for r in sato for c in r}
    # …and in his account list (the visit log's codes), as he visits them until April.
    listed = {str(r[0]) for r in _daily_rows(out / "book_佐藤.xlsx", "担当顧客")[1:]}
    assert listed == {"s1", "y1", "y2"}
    # His targets are in his copy (the plan holds him on the clinics).
    cover = _daily_rows(out / f"book_{HIRE}.xlsx", "表紙")
    assert any(r[0] == "KGIのうちあなたの分担(年間売上目標)" and r[1] == 960 for r in cover)


def test_the_serving_reps_day_capacity_counts_his_visits_on_the_hires_clinics(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """佐藤 visits s1, y1 and y2 every weekday 2026-06-01 – 2026-11-30 (3 a day), 田中 t1.
    The handover moves y1's and y2's visit lines to 小野寺 (his baseline); before the fix 佐藤's
    day capacity was read from the lines left under his name (s1 and order days): 「上限
    2件」. His list keeps all three clinics until April, so his capacity is read from all his
    visits: 3."""
    from routekpi.cli import main

    orders: list[list[object]] = []
    visits: list[list[object]] = []
    for m in pd.date_range("2025-01-01", "2026-11-01", freq="MS"):
        for account, amount in MONTHLY.items():
            day = (m + pd.Timedelta(days=9)).date()
            orders.append([day, account, SERVED_BY[account], amount, 1, None])
    for d in pd.bdate_range("2026-06-01", "2026-11-30"):
        for account in MONTHLY:
            visits.append([d.date(), SERVED_BY[account], account, "訪問", None])
    accounts = [[a, a, r, date(2024, 1, 1), None, None, None] for a, r in MASTER.items()]
    rows = {"Orders": orders, "Visits": visits, "Accounts": accounts}
    path = pasted_book(
        tmp_path / "book.xlsm", rows, kgi=6_000, plan_year=2027, start_month=4, as_of=None
    )
    monkeypatch.setattr("routekpi.pipeline.run_day", lambda: date(2026, 12, 6))
    assert main(["recalc", str(path)]) == 0
    rows_out = _daily_rows(path)
    heads = {
        str(r[0]): " ".join(str(v) for v in r)
        for r in rows_out[1:]
        if any(str(v).startswith("【12/7") for v in r)
    }
    assert "上限 3件" in heads["佐藤"] and "上限 1件" in heads["田中"]
    assert HIRE not in heads
