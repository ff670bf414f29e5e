"""A rep who sold last year but holds no account carries his share of the KGI on his orders
(core.on_orders): the reps' revenue targets add up to the KGI. Worked by hand.

The book (tests.test_flags.synth, pasted as a user would): reps A, B and C, 20 accounts
each, one order and one visit a month on the 10th; FY2023 at ¥100 / ¥150 / ¥50 an order,
from 2024-04 ¥120 / ¥180 / ¥60. C's customers are not on the Accounts sheet (A's and B's
are: 40 of the 60 customers, a master, not notes). FY2025 planned as of 2025-03-31 on the
RepSplit 前年 (by last year's revenue):

- The book's last line is 2025-03-10, so the baseline is 2024-03 – 2025-02 (the last
  complete month): one month at the old price. A 20 × (100 + 11 × 120) = ¥28,400, B 20 ×
  (150 + 11 × 180) = ¥42,600, C 20 × (50 + 11 × 60) = ¥14,200 (240 orders, 240 visits, no
  account); team ¥85,200.
- KGI = ×1.1 = ¥93,720: A ¥31,240, B ¥46,860, C ¥15,620 — they add up to the KGI.
  Before: C's target blank (0 accounts × …), the team's ¥78,100, ¥15,620 short.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from routekpi.core.engine import run
from routekpi.core.history import History, PlanSettings
from routekpi.core.kgi_total import kgi_short_note
from routekpi.core.measure import TEAM
from routekpi.core.targets import decompose
from routekpi.messages import text
from routekpi.pipeline import compute_file
from tests.test_flags import synth
from tests.workbook_files import edit, pasted_book

AS_OF = date(2025, 3, 31)
KGI = 93_720.0
SHARES = {"A": 31_240.0, "B": 46_860.0, "C": 15_620.0}


def _history() -> History:
    return synth(
        {
            "A": [100.0] * 12 + [120.0] * 15,
            "B": [150.0] * 12 + [180.0] * 15,
            "C": [50.0] * 12 + [60.0] * 15,
        }
    )


def _unlisted(history: History, rep: str = "C") -> History:
    """The history with ``rep``'s customers off the Accounts table."""
    return replace(history, accounts=history.accounts[history.accounts["rep"] != rep])


def _book(path: Path, history: History) -> Path:
    """The template with the history up to the as-of date pasted, RepSplit 前年."""
    o = history.orders[history.orders["date"] <= pd.Timestamp(AS_OF)]
    v = history.visits[history.visits["date"] <= pd.Timestamp(AS_OF)]
    rows = {
        "Orders": [[r.date.date(), r.account, r.rep, r.amount, 1, None] for r in o.itertuples()],
        "Visits": [[r.date.date(), r.rep, r.account, "訪問", None] for r in v.itertuples()],
        "Accounts": [
            [r.account, r.name, r.rep, r.start.date(), None, None, None]
            for r in history.accounts.itertuples()
        ],
    }
    pasted_book(path, rows, kgi=KGI, plan_year=2025, start_month=4, as_of=AS_OF)
    with edit(path) as wb:
        ws = wb["Settings"]
        assert ws["A15"].value == "担当者配分方法"
        ws["B15"] = "前年"
    return path


def _fy(targets: pd.DataFrame, kpi: str) -> pd.Series:
    rows = targets[(targets["period"] == "FY2025") & (targets["kpi"] == kpi)]
    return rows.set_index("rep")["target"]


def test_a_rep_with_no_account_carries_his_share_on_his_orders(tmp_path: Path) -> None:
    path = _book(tmp_path / "book.xlsm", _unlisted(_history()))
    computed, _ = compute_file(path)
    ev, plan = computed.result.evidence, computed.result.plan
    assert ev.reps == ["A", "B", "C"]
    assert ev.base.at["C", "revenue"] == pytest.approx(14_200)
    assert ev.base.at["C", "orders"] == pytest.approx(240)
    assert ev.base.at["C", "active_accounts"] == 0
    assert ev.base.at[TEAM, "revenue"] == pytest.approx(85_200)
    revenue = _fy(computed.result.targets, "revenue")
    for rep, share in SHARES.items():
        assert revenue[rep] == pytest.approx(share, abs=1), rep
    # The reps' targets add up to the KGI, the team's is it.
    assert revenue[list(SHARES)].sum() == pytest.approx(KGI, abs=1)
    assert revenue[TEAM] == pytest.approx(KGI, abs=1)
    # His levers: orders at his planned unit price, visits at his orders per visit; no
    # account and no frequency per account.
    fy = plan.fy
    assert fy.at["C", "orders"] * fy.at["C", "unit_price"] == pytest.approx(SHARES["C"])
    assert fy.at["C", "visits"] * fy.at["C", "orders_per_visit"] == pytest.approx(
        fy.at["C", "orders"]
    )
    assert fy.at["C", "active_accounts"] == 0
    assert math.isnan(fy.at["C", "visits_per_account"])
    # The team's bridge: visits per account over the accounts' holders' visits (A's and B's;
    # C's customers are in no account count), as on the baseline.
    per_account = fy.loc[["A", "B"], "visits"].sum() / fy.at[TEAM, "active_accounts"] / 12
    assert plan.lever_uplift.at[TEAM, "visits_per_account"] == pytest.approx(
        per_account / ev.base.at[TEAM, "visits_per_account"]
    )
    # The months add up to the year.
    months = plan.monthly["revenue"].loc["C"]
    assert float(months.sum()) == pytest.approx(SHARES["C"])
    # Said once, a warning naming him; no critical line.
    said = [c for c in computed.checks if c.problem == "reps_carried_on_orders"]
    assert [(c.sheet, c.severity) for c in said] == [("Plan", "warn")]
    assert said[0].params == {
        "count": 1,
        "reps": f"C (¥14,200 → ¥{fy.at['C', 'revenue']:,.0f})",
        "base": "¥14,200",
    }
    assert "C (¥14,200 → ¥15,620)" in text("reps_carried_on_orders", "ja", **said[0].params)
    assert not [c for c in computed.checks if c.problem.startswith("kgi_targets_short")]
    # The other reps' targets are those of the book where C's customers are listed.
    listed, _ = compute_file(_book(tmp_path / "listed.xlsm", _history()))
    full = _fy(listed.result.targets, "revenue")
    assert full[["A", "B"]].to_numpy() == pytest.approx(revenue[["A", "B"]].to_numpy())
    assert not [c for c in listed.checks if c.problem == "reps_carried_on_orders"]


def _settings() -> PlanSettings:
    """The history read whole (to 2025-06) as of 2025-03-31: the baseline is FY2024 (2024-04 –
    2025-03), C 20 × 12 × 60 = ¥14,400 of the team's ¥86,400; KGI ×1.1 = ¥95,040, C ¥15,840."""
    return PlanSettings(kgi=95_040.0, plan_year=2025, as_of=AS_OF, rep_split="baseline")


def test_his_targets_never_fall_as_the_kgi_rises() -> None:
    ev = run(_unlisted(_history()), _settings()).evidence
    assert ev.base.at["C", "active_accounts"] == 0
    last = None
    for kgi in np.linspace(60_000, 120_000, 25):
        fy = decompose(ev, float(kgi)).fy
        now = fy.loc["C", ["revenue", "orders", "visits"]].to_numpy(dtype=float)
        assert np.isfinite(now).all()
        team = float(fy.at[TEAM, "revenue"])
        reps = float(fy.loc[["A", "B", "C"], "revenue"].sum())
        assert team == pytest.approx(reps)
        assert team == pytest.approx(min(kgi, decompose(ev, kgi).max_reachable_kgi))
        if last is not None:
            assert (now >= last * (1 - 1e-12)).all(), kgi
        last = now


def test_a_blank_target_is_still_said_critical() -> None:
    """The backstop (core.kgi_total): should a rep's target be blank, the plan says the team
    falls short of the KGI by it and names him."""
    result = run(_unlisted(_history()), _settings())
    plan = result.plan
    assert kgi_short_note(result.evidence, plan) is None
    fy = plan.fy.copy()
    fy.at["C", "revenue"] = np.nan
    fy.at[TEAM, "revenue"] = fy.loc[["A", "B"], "revenue"].sum()
    note = kgi_short_note(result.evidence, replace(plan, fy=fy))
    assert note is not None and note.code == "kgi_targets_short"
    assert note.params["count"] == 1
    assert note.params["reps"] == "C (¥14,400)"
    assert note.params["gap"] == "¥15,840"
