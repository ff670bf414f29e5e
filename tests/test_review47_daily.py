"""review47: the Daily's per-rep assumption (daily47) at its edges, on trial 46's hand-made
book (tests/test_daily_returned_logs: 佐藤 S_FRI, S_MON, HQ; 菅原 K_FRI, K_TUE; orders to
Mon 2026-11-30, the team's usual interval 7 days).

- 菅原 returns Wed 12-02 only and the list starts Thu 12-03: three days after the as-of date,
  within the usual interval, so nobody's accounts are taken as visited in between and no
  assumption line follows. The line naming 佐藤 said 「この人たちの顧客は次の見込みで数えて
  います」 of a line that was not there.
- 菅原 returns Mon 12-14 only and the list is asked from Tue 2027-01-12: her days before her
  first row (12-01 … 12-11) and after it (12-15 … 1-08) are both assumed, and K_TUE moved in
  both spans was counted twice: 「訪問間隔の分かる顧客 5件」 of four accounts with a rhythm.
- 菅原 logs no visit at all (佐藤 does): her accounts order weekly and were left off as
  「訪問の記録が一度もない顧客」 — her whole list; the billing-code rule is for a rep who logs.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

import tests.test_daily_returned_logs as trial46
from routekpi.core.compact import compact_history
from routekpi.core.engine import run
from routekpi.core.history import ACCOUNT_COLUMNS, History, PlanSettings
from routekpi.recalc import recalculate
from tests.history_helpers import hand_sample
from tests.test_daily_trial import _write_book
from tests.workbook_files import daily_sheet


def _book(path: Path, returned: date, monkeypatch: pytest.MonkeyPatch, **settings: object) -> Path:
    monkeypatch.setattr(trial46, "RETURNED", returned)
    orders, accounts, visits = trial46._frames()
    _write_book(
        path, hand_sample(orders, accounts, visits), {"AsOf": None, "DailyDays": 5, **settings}
    )
    recalculate(path, today=returned + timedelta(days=1))  # run the evening after
    return path


def test_reps_behind_without_an_assumption_are_not_sent_to_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    head = str(daily_sheet(_book(tmp_path / "b.xlsm", date(2026, 12, 2), monkeypatch))[1][0])
    assert head.startswith("12/3(木)から5営業日分の訪問計画")
    assert "11/30(月)より後の訪問がまだ入力されていないのは 佐藤(1人)です" in head
    assert "次の見込み" not in head and "実績がないため" not in head  # no assumption line
    assert "この人たちの顧客は11/30(月)までの訪問で数えています" in head


def test_an_account_assumed_in_two_spans_counts_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = _book(tmp_path / "b.xlsm", date(2026, 12, 14), monkeypatch, DailyStart=date(2027, 1, 12))
    head = str(daily_sheet(book)[1][0])
    assert head.startswith("2027/1/12(火)から5営業日分の訪問計画")
    # S_FRI, S_MON, K_FRI, K_TUE: four accounts with a rhythm (HQ is left off).
    assert "訪問間隔の分かる顧客 4件は" in head


def _no_log_frames() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Trial 46's frames with 菅原 logging no visit at all (she delivers, he logs)."""
    orders, accounts, visits = trial46._frames()
    return orders, accounts, visits[visits["rep"] != "菅原"].reset_index(drop=True)


def test_a_rep_who_logs_no_visits_keeps_his_accounts(tmp_path: Path) -> None:
    orders, accounts, visits = _no_log_frames()
    book = tmp_path / "b.xlsm"
    _write_book(book, hand_sample(orders, accounts, visits), {"AsOf": None, "DailyDays": 5})
    recalculate(book, today=date(2026, 12, 1))
    rows = daily_sheet(book)
    listed = {(r[0], r[3]) for r in rows[2:] if r[3]}
    # Her K_FRI and K_TUE order every week: unrecorded visits, not accounts nobody visits.
    assert {("菅原", "K_FRI"), ("菅原", "K_TUE")} <= listed
    assert not [a for _, a in listed if a == "HQ"]  # 佐藤 logs his: HQ is still left off
    assert "受注はあっても訪問の記録が一度もない顧客 1件" in str(rows[1][0])


def test_the_compact_history_keeps_them_too() -> None:
    orders, accounts, visits = _no_log_frames()
    history = History(
        orders=orders, visits=visits, accounts=accounts.reindex(columns=list(ACCOUNT_COLUMNS))
    )
    settings = PlanSettings(kgi=30_000_000.0, plan_year=2026, daily_days=5)
    raw = run(history, settings)
    compact = run(compact_history(history, trial46.AS_OF), settings)
    assert compact.history is not None and compact.history.facts is not None
    for plan in (raw.daily, compact.daily):
        assert plan.never_visited == 1
        assert {"K_FRI", "K_TUE"} <= set(plan.stops.loc[plan.stops["rep"] == "菅原", "account"])
