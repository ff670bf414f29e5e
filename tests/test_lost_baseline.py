"""A material account that ended before the plan year leaves its rep's baseline (core.lost):
the targets and the rep's share of the KGI stand on the book he still holds. Worked by hand.

The history (tests.test_flags.synth): reps A and B, 20 accounts each, one order and one visit
a month on the 10th; ¥100 an order in FY2023, ¥120 from 2024-04. A00 orders four times as
much (¥480) and ends 2024-12-15; B00 (half a plain account, ¥60) ends the same day. FY2025
is planned as of 2025-03-31 on the baseline FY2024 (2024-04 – 2025-03):

- A00: 9 orders (Apr – Dec) × ¥480 = ¥4,320 of A's 19 × 12 × 120 + 4,320 = ¥31,680: 13.6%
  ≥ 5%, out. A's baseline is his kept book: ¥27,360, 228 orders, 228 visits, 19 accounts.
- B00: 9 × ¥60 = ¥540 of B's 27,360 + 540 = ¥27,900: 1.9% < 5% (and FY2023's ¥600 of
  ¥23,400, 2.6%: not flagged either), the usual churn: kept.
- Team baseline 27,360 + 27,900 = ¥55,260; KGI = ×1.1 = ¥60,786, split by baseline revenue
  (RepSplit baseline): A 27,360 × 1.1 = ¥30,096, B 27,900 × 1.1 = ¥30,690 — both +10%.
  Before, on 31,680 + 27,900 = ¥59,580: A ¥32,321 (+18.1% on the book he kept), B ¥28,465.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from routekpi.core.backtest import backtest
from routekpi.core.baselines import build_evidence
from routekpi.core.compact import compact_history
from routekpi.core.engine import run
from routekpi.core.flags import lost_accounts
from routekpi.core.history import History, PlanSettings
from routekpi.core.lost import LostAccount, is_material
from routekpi.core.measure import TEAM
from routekpi.messages import text
from routekpi.recalc import recalculate
from tests.test_flags import synth
from tests.workbook_files import pasted_book

AS_OF = date(2025, 3, 31)
KGI = 60_786.0
PRICES = [100.0] * 12 + [120.0] * 15


def _history(big: float = 4.0) -> History:
    return synth(
        {"A": PRICES, "B": PRICES},
        cancel={"A": {20: 1}, "B": {20: 1}},
        scale={"A00": {m: big for m in range(27)}, "B00": {m: 0.5 for m in range(27)}},
    )


def _settings(as_of: date = AS_OF) -> PlanSettings:
    return PlanSettings(kgi=KGI, plan_year=2025, as_of=as_of, rep_split="baseline")


def _fy(targets: pd.DataFrame, kpi: str) -> pd.DataFrame:
    rows = targets[(targets["period"] == "FY2025") & (targets["kpi"] == kpi)]
    return rows.set_index("rep")[["baseline", "target"]]


def test_the_rule_is_five_percent_of_the_reps_revenue() -> None:
    assert is_material(5.0, 100.0)
    assert not is_material(4.99, 100.0)
    assert not is_material(0.0, 0.0)


def test_a_lost_big_account_leaves_its_reps_baseline_and_share_of_the_kgi() -> None:
    history = _history()
    result = run(history, _settings())
    ev = result.evidence
    assert ev.lost == (LostAccount("A00", "A00", "A", date(2024, 12, 15), 4_320.0, 4_320 / 31_680),)
    assert ev.base.at["A", "revenue"] == pytest.approx(27_360)
    assert ev.base.at["A", "orders"] == pytest.approx(228)
    assert ev.base.at["A", "visits"] == pytest.approx(228)
    assert ev.base.at["A", "active_accounts"] == pytest.approx(19)
    assert ev.base.at["A", "unit_price"] == pytest.approx(120)
    assert ev.base.at["B", "revenue"] == pytest.approx(27_900)  # B00 (1.9%) stays
    assert ev.base.at[TEAM, "revenue"] == pytest.approx(55_260)
    revenue = _fy(result.targets, "revenue")
    assert revenue.at["A", "baseline"] == pytest.approx(27_360)
    assert revenue.at["A", "target"] == pytest.approx(30_096)
    assert revenue.at["B", "target"] == pytest.approx(30_690)
    # The KGI still splits exactly over the reps.
    assert revenue.loc[["A", "B"], "target"].sum() == KGI
    assert revenue.at[TEAM, "target"] == KGI
    # The months' baselines are the kept book too: they add up to the year's.
    months = result.targets[(result.targets["rep"] == "A") & (result.targets["kpi"] == "revenue")]
    assert months["baseline"].iloc[1:].sum() == pytest.approx(27_360)
    # The actuals keep it: June 2024's revenue is still A00's 480 + 19 × 120.
    assert ev.facts.at[("A", pd.Period("2024-06", "M")), "revenue"] == 480 + 19 * 120


def test_the_backtests_comparators_start_from_last_year_as_booked() -> None:
    """A manager's "+g% for everyone" and "same as last year" know nothing of the engine's
    kept book: the backtest's uniform and no change start from last year as booked (A
    ¥31,680 with A00), while routekpi's target stands on the kept book (¥27,360). FY2024 is
    planned on FY2023 (A00 still live then: nothing out), FY2025 on FY2024 (A00 out)."""
    history = _history()
    ev = run(history, _settings()).evidence
    assert ev.booked_base.at["A", "revenue"] == pytest.approx(31_680)
    assert ev.booked_base.at[TEAM, "revenue"] == pytest.approx(59_580)
    assert ev.booked_base.at["B", "revenue"] == pytest.approx(27_900)
    clean = run(history, _settings(date(2024, 3, 31))).evidence
    assert clean.lost == () and clean.booked_base is clean.base
    # The history ends in 2025-06: FY2025 is compared over its complete months, every
    # comparator the FY value × the same seasonal share, so their ratios are the FY values'.
    result = backtest(history, _settings(date(2025, 6, 30)), 2025)
    rows = result.rows.set_index(["rep", "kpi"])
    a, b = rows.loc[("A", "revenue")], rows.loc[("B", "revenue")]
    assert a["no_change"] / b["no_change"] == pytest.approx(31_680 / 27_900)
    assert a["uniform"] / a["no_change"] == pytest.approx(result.kgi / 59_580)


def test_a_small_lost_account_leaves_the_baseline_as_it_is() -> None:
    """A00 at ×0.3 (¥36 an order: 324 of A's 27,684, 1.2%) is usual churn: the whole book
    stays, A ¥27,684 and B ¥27,900 of ¥55,584, as without the rule."""
    history = _history(big=0.3)
    result = run(history, _settings())
    assert result.evidence.lost == ()
    revenue = _fy(result.targets, "revenue")
    assert revenue.at["A", "baseline"] == pytest.approx(19 * 12 * 120 + 9 * 36)
    assert revenue.at["A", "target"] == pytest.approx(KGI * 27_684 / 55_584, abs=1)
    assert not any(n.code == "baseline_lost_accounts" for n in result.notes)


def test_an_account_that_ends_in_the_plan_year_stays_in_it() -> None:
    """Tracking FY2025 on 2025-06-30: A00 ends 2025-05-15, inside the plan year: the targets
    do not move under the rep (the flag names it; the baseline keeps its FY2024 ¥5,760)."""
    history = synth(
        {"A": PRICES, "B": PRICES},
        cancel={"A": {25: 1}},
        scale={"A00": {m: 4.0 for m in range(27)}},
    )
    ev = build_evidence(history, _settings(as_of=date(2025, 6, 30)))
    assert ev.lost == ()
    assert ev.base.at["A", "revenue"] == pytest.approx(19 * 12 * 120 + 12 * 480)
    (flag,) = lost_accounts(history, ev)
    assert flag["account"] == "A00"


def test_the_flag_planning_ahead_no_longer_says_the_baseline_holds_it() -> None:
    """FY2025 planned on 2025-03-31 from inside FY2024: A00 ended in FY2024, flagged (its
    FY2023 ¥4,800 is 4,800 / 27,600 = 17.4% of A's), and out of the baseline."""
    history = _history()
    ev = build_evidence(history, PlanSettings(kgi=KGI, plan_year=2025, as_of=date(2025, 1, 31)))
    assert [a.account for a in ev.lost] == ["A00"]
    (flag,) = lost_accounts(history, ev)
    assert flag["account"] == "A00"
    assert "in_baseline" not in flag["params"]


def _write_book(path: Path, history: History) -> Path:
    """The template with the history pasted as a user would, FY2025 as of 2025-03-31."""
    o = history.orders[history.orders["date"] <= pd.Timestamp(AS_OF)]
    v = history.visits[history.visits["date"] <= pd.Timestamp(AS_OF)]
    orders = [[r.date.date(), r.account, r.rep, r.amount, 1, None] for r in o.itertuples()]
    visits = [[r.date.date(), r.rep, r.account, "訪問", None] for r in v.itertuples()]
    accounts = [
        [
            r.account,
            r.name,
            r.rep,
            r.start.date(),
            None if pd.isna(r.end) else r.end.date(),
            *[None] * 2,
        ]
        for r in history.accounts.itertuples()
    ]
    rows = {"Orders": orders, "Visits": visits, "Accounts": accounts}
    return pasted_book(
        path, rows, kgi=KGI, plan_year=2025, start_month=4, as_of=AS_OF, language="en"
    )


def test_the_plan_and_checks_sheets_say_which_account_left_the_baseline(tmp_path: Path) -> None:
    path = _write_book(tmp_path / "book.xlsm", _history())
    recalculate(path)
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    notes = {n.code: n.params for n in run(_history(), _settings()).notes}
    assert notes["baseline_lost_accounts"] == {
        "accounts": "A00 (A, 2024-12-15, ¥4,320 = 14%)",
        "accounts_ja": "A00 (A, 2024-12-15, ¥4,320 = 14%)",
        "by_year_ja": "",
        "by_year_en": "",
        "count": 1,
        "share": "5%",
        "first": "2024-04",
        "last": "2025-03",
    }
    said = text("baseline_lost_accounts", "en", **notes["baseline_lost_accounts"])
    assert said.endswith(
        "the book the rep still holds (rep, end, baseline revenue = share of "
        "the rep's): A00 (A, 2024-12-15, ¥4,320 = 14%)"
    )
    # The book: the pipeline judges up to the last entry (2025-03-10), so its baseline is the
    # 12 months to February (A00's ¥4,720 there); the line is on both sheets.
    for sheet in ("Plan", "Checks"):
        cells = " ".join(
            str(v) for row in wb[sheet].iter_rows(values_only=True) for v in row if v is not None
        )
        # Long notes wrap over rows: its first words and the account are on the sheet.
        assert "accounts taken out of the baseline (1): accounts that ended before" in cells, sheet
        assert "A00 (A, 2024-12-15, ¥4,720 = 15%)" in cells, sheet


def test_a_summed_history_takes_the_same_account_out() -> None:
    """The compact history (core.compact) carries the ended accounts' months: the same
    account out, the same baselines and targets as from the rows."""
    history = _history()
    rows = run(history, _settings())
    summed = run(compact_history(history, AS_OF), _settings())
    assert summed.evidence.lost == rows.evidence.lost
    pd.testing.assert_frame_equal(summed.evidence.base, rows.evidence.base)
    pd.testing.assert_frame_equal(summed.targets, rows.targets)
