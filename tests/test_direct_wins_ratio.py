"""More new accounts than appointments won (trial 48 N2): the attempts grow with the wins.

A delivery team logs its appointment calls but wins some customers without one (a driver
signs a neighbour on his round): 477 new accounts from ~407 appointments won. Capped at one
appointment a win, the plan asked an appointment for every planned win: +32% attempts for +5%
new accounts. Kept as observed (core.meetings ``direct_wins``), the appointments planned are
the planned wins ÷ the wins per appointment won, so they move in proportion.

The book (written and read back): reps A and B, each with 10 customers ordering monthly
2024-01 … 2025-12; over the baseline year 2024-12 … 2025-11 each calls 4 prospects a month (48
attempts), wins an appointment in its first six months (6 won) and a new customer every month
(12 wins, none from a meeting). Team: 24 wins ÷ 12 appointments = 2 wins per appointment won.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from routekpi.core.measure import TEAM
from routekpi.core.meetings import direct_wins
from routekpi.core.targets import _direct_pipeline
from routekpi.pipeline import compute_file
from routekpi.render import _pipeline_rows
from tests.test_direct_wins import MONTHS, _facts
from tests.workbook_files import pasted_book

D = date
# The months the reps prospect: the baseline year (the last order, 2025-12-20, is the as-of
# date: the baseline is 2024-12 … 2025-11).
PROSPECTING = list(pd.period_range("2024-12", "2025-11", freq="M"))


def test_a_ratio_above_one_is_kept_and_every_rep_reads_the_teams() -> None:
    # A: 24 wins of 20 appointments; B: 12 of 10. Team 36 ÷ 30 = 1.2 (capped it read 1.0).
    direct = direct_wins(_facts({"A": (0, 24, 20, 100), "B": (0, 12, 10, 50)}), MONTHS, TEAM)
    assert direct is not None
    assert direct.team_rate == pytest.approx(1.2)
    assert direct.rate_of("A") == pytest.approx(1.2) and direct.rate_of("B") == pytest.approx(1.2)
    base = pd.DataFrame({"appointment_attempts": [100.0], "appointment_rate": [0.2]}, index=["A"])
    ev = SimpleNamespace(base=base, ceiling=pd.DataFrame({"appointment_rate": [0.3]}, ["A"]))
    # +5% new accounts (24 → 25.2) need 25.2 ÷ 1.2 = 21 appointments: last year's 100
    # attempts at 21%. Capped at 1 the ratio would have asked 25.2 appointments (25.2%).
    row = {"new_accounts": 25.2, "appointment_rate": 0.2}
    _direct_pipeline(ev, row, "A", direct)  # type: ignore[arg-type]
    assert (row["appointment_attempts"], row["appointment_rate"]) == pytest.approx((100.0, 0.21))
    # Fewer planned wins (22) need 18.3 appointments, under 100 × 20%: the planned 20%.
    row = {"new_accounts": 22.0, "appointment_rate": 0.2}
    _direct_pipeline(ev, row, "A", direct)  # type: ignore[arg-type]
    assert (row["appointment_attempts"], row["appointment_rate"]) == pytest.approx((100.0, 0.2))
    # Monotone: more planned wins never ask fewer attempts or a lower rate; 42 need 35
    # appointments, past the 30% ceiling: 35 ÷ 0.3 attempts.
    asked = []
    for new in (20.0, 24.0, 25.2, 30.0, 36.0, 42.0):
        row = {"new_accounts": new, "appointment_rate": 0.2}
        _direct_pipeline(ev, row, "A", direct)  # type: ignore[arg-type]
        asked.append((row["appointment_attempts"], row["appointment_rate"]))
    assert asked == sorted(asked) and [r for _, r in asked] == sorted(r for _, r in asked)
    assert asked[-2] == pytest.approx((100.0, 0.3))
    assert asked[-1] == pytest.approx((35.0 / 0.3, 0.3))


def _book(path: Path) -> Path:
    orders: list[list[object]] = []
    visits: list[list[object]] = []
    accounts: list[list[object]] = []
    for rep in ("A", "B"):
        for k in range(10):
            accounts.append([f"{rep}{k}", f"顧客{rep}{k}", rep, D(2023, 1, 1), None])
        for m in pd.period_range("2024-01", "2025-12", freq="M"):
            for k in range(10):
                orders.append([D(m.year, m.month, 10), f"{rep}{k}", rep, 1000, 1, None])
                visits.append([D(m.year, m.month, 12), rep, f"{rep}{k}", "訪問", None])
            if PROSPECTING[0] <= m <= PROSPECTING[-1]:
                for day in (3, 4, 5, 6):
                    won = "獲得" if day == 3 and m < PROSPECTING[6] else "NG"
                    visits.append([D(m.year, m.month, day), rep, None, "アポ", won])
                new = f"N{rep}{m.month:02d}"
                accounts.append([new, f"顧客{new}", rep, D(m.year, m.month, 20), None])
                for later in pd.period_range(m, "2025-12", freq="M"):
                    orders.append([D(later.year, later.month, 20), new, rep, 1000, 1, None])
    rows = {"Orders": orders, "Visits": visits, "Accounts": accounts}
    return pasted_book(path, rows, kgi=560_000, plan_year=2026, start_month=1, as_of=None)


def test_the_written_book_plans_attempts_for_the_wins_per_appointment(tmp_path: Path) -> None:
    (result, _, _, _), _ = compute_file(_book(tmp_path / "book.xlsm"))
    ev, plan = result.evidence, result.plan
    assert (ev.baseline_months[0], ev.baseline_months[-1]) == (PROSPECTING[0], PROSPECTING[-1])
    year = ev.facts.xs(TEAM, level="rep").reindex(ev.baseline_months).sum()
    assert (year["attempts"], year["appointments"], year["new_accounts"]) == (96.0, 12.0, 24.0)
    assert year["meetings"] == 0.0
    for rep in ("A", "B"):
        assert ev.base.at[rep, "appointment_attempts"] == 48.0
        assert ev.base.at[rep, "appointment_rate"] == pytest.approx(6 / 48)
        new = float(plan.fy.at[rep, "new_accounts"])
        appt = float(plan.fy.at[rep, "appointment_rate"])
        # Last year's 48 attempts; his planned wins at 2 a won appointment need new ÷ 2
        # appointments, at most last year's 6 (48 × 12.5%): the rate stays his 12.5%.
        assert float(plan.fy.at[rep, "appointment_attempts"]) == pytest.approx(48.0)
        assert appt == pytest.approx(max(6 / 48, new / 2.0 / 48.0))
        assert 6.0 < new <= 12.0  # (capped at one appointment a win they needed more)
    # The Plan says where the ratio comes from and that the appointments follow the wins.
    note = "".join(str(row[2]) for row in _pipeline_rows(result, "ja"))
    assert "前年は新規 24件に対しアポ獲得 12件で、記録されたアポを経ない新規もありました" in note
    assert "(アポ獲得1件あたり新規 2.00件)" in note
    n1 = float(plan.fy.at[TEAM, "new_accounts"])
    assert f"新規獲得の目標{n1:,.0f}件にはアポ獲得 約{n1 / 2:,.0f}件(担当者ごとに" in note
    assert "アポ打診 96件(前年 96件)" in note
