"""Trial 46 (a dental-materials dealer): the Daily after some reps return their week's visit log,
a billing code that orders and is never visited, and the rep copy's 前回訪問 dates.

A hand-made book: orders to Mon 2026-11-30 (the as-of date, AsOf blank), visits weekly since
2024. 佐藤 holds S_FRI (visited every Friday, the last 11-27), S_MON (every Monday, the last
11-30) and HQ (a 医療法人's billing code: orders every six weeks, never a visit). 菅原 holds
K_FRI (every Friday, the last 11-27) and K_TUE (every Tuesday, the last 11-24); she returns
her log for Thu 12-10 (K_FRI visited), 佐藤 returns nothing. The list starts on Fri 12-11, the
day after the last visit typed; the team's usual interval is 7 days (the default calendar:
weekends and national holidays, none in December before the 29th).

- H3: 佐藤 has no row after 11-30, so his accounts are taken as visited on their rhythm through
  12-1 … 12-10: S_FRI on Fri 12-04 (due 12-11, on time), S_MON on Mon 12-07 (due 12-14). 菅原's
  rows start on 12-10: her days before (12-1 … 12-9) keep the assumption, K_TUE on Tue 12-08.
  Without it 佐藤's accounts were 「訪問間隔超過」 by the days nobody had reported yet.
- M7: HQ is on nobody's list, and the first line says one account was left off.
- M5: 佐藤's copy says above his stops where the 前回訪問 dates come from (his 2 accounts).
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from routekpi.core.compact import compact_history
from routekpi.core.engine import run
from routekpi.core.history import ACCOUNT_COLUMNS, VISIT_COLUMNS, History, PlanSettings
from routekpi.daily_job import print_daily
from routekpi.recalc import recalculate
from routekpi.render_daily import daily_rows
from routekpi.share.copies import build_copy, load_source
from tests.history_helpers import accounts_frame, hand_sample
from tests.test_daily_trial import _write_book
from tests.workbook_files import daily_sheet

FIRST = date(2024, 1, 1)
AS_OF = date(2026, 11, 30)  # Monday: the last order
RETURNED = date(2026, 12, 10)  # 菅原's one returned visit (Thursday)


def _every(weekday: int, last: date, step: int = 7) -> list[date]:
    """Every ``step`` days on ``weekday`` from 2024 through ``last``."""
    day = FIRST + timedelta(days=(weekday - FIRST.weekday()) % 7)
    out = []
    while day <= last:
        out.append(day)
        day += timedelta(days=step)
    return out


def _frames() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The orders, accounts and visits the module doc describes."""
    accounts = pd.concat(
        [
            accounts_frame(["S_FRI", "S_MON", "HQ"], "佐藤", start="2020-01-06"),
            accounts_frame(["K_FRI", "K_TUE"], "菅原", start="2020-01-06"),
        ],
        ignore_index=True,
    )
    rhythm = {
        "S_FRI": ("佐藤", _every(4, date(2026, 11, 27))),
        "S_MON": ("佐藤", _every(0, AS_OF)),
        "K_FRI": ("菅原", _every(4, date(2026, 11, 27))),
        "K_TUE": ("菅原", _every(1, date(2026, 11, 24))),
    }
    orders = [
        (pd.Timestamp(d), account, rep, 100_000.0, 1.0)
        for account, (rep, days) in rhythm.items()
        for d in days
    ]
    # The billing code: an order every six weeks (the last Mon 11-30), no visit ever.
    orders += [(pd.Timestamp(d), "HQ", "佐藤", 250_000.0, 1.0) for d in _every(0, AS_OF, 42)]
    order_frame = pd.DataFrame(orders, columns=["date", "account", "rep", "amount", "quantity"])
    visits = [(d, rep, account) for account, (rep, days) in rhythm.items() for d in days]
    visits.append((RETURNED, "菅原", "K_FRI"))
    visit_frame = pd.DataFrame(
        {
            "date": pd.to_datetime([d for d, _, _ in visits]),
            "rep": [r for _, r, _ in visits],
            "account": [a for _, _, a in visits],
            "kind": "visit",
            "outcome": None,
        }
    ).reindex(columns=list(VISIT_COLUMNS))
    return order_frame, accounts, visit_frame


def _book(path: Path) -> Path:
    orders, accounts, visits = _frames()
    _write_book(path, hand_sample(orders, accounts, visits), {"AsOf": None, "DailyDays": 5})
    recalculate(path, today=date(2026, 12, 11))  # Friday evening, as in the trial
    return path


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _book(tmp_path_factory.mktemp("returned") / "book.xlsm")


def _day(value: object) -> object:
    return value.date() if hasattr(value, "date") else value  # type: ignore[union-attr]


def _first_stop(rows: list[tuple[object, ...]], account: str) -> tuple[object, ...]:
    return next(r for r in rows[2:] if r[3] == account)


def test_a_rep_without_a_returned_log_keeps_the_assumption(book: Path) -> None:
    rows = daily_sheet(book)
    head = str(rows[1][0])
    # The list starts the day after the last visit typed (12-10), orders through 11-30.
    assert head.startswith("12/11(金)から5営業日分の訪問計画")
    assert "11/30(月)より後の訪問がまだ入力されていないのは 佐藤(1人)です" in head
    assert "菅原" not in head
    # 佐藤: S_FRI seen on its Friday 12-04 (assumed), due Fri 12-11 — on time, not late.
    s_fri = _first_stop(rows, "S_FRI")
    assert _day(s_fri[1]) == date(2026, 12, 11)
    assert _day(s_fri[7]) == date(2026, 12, 4)
    assert "超過" not in str(s_fri[6])
    # S_MON: seen Mon 12-07 (assumed), due Mon 12-14.
    s_mon = _first_stop(rows, "S_MON")
    assert _day(s_mon[7]) == date(2026, 12, 7) and _day(s_mon[1]) == date(2026, 12, 14)
    # 菅原: K_FRI visited on 12-10 (her log), as recorded.
    assert _day(_first_stop(rows, "K_FRI")[7]) == RETURNED
    # K_TUE: her days before her first returned row keep the assumption: Tue 12-01, 12-08;
    # due Tue 12-15.
    k_tue = _first_stop(rows, "K_TUE")
    assert _day(k_tue[7]) == date(2026, 12, 8) and _day(k_tue[1]) == date(2026, 12, 15)
    # The assumption's line counts the three accounts moved, over 佐藤's days (12/1–12/10).
    assert "12/1(火)〜12/10(木) は実績がないため、訪問間隔の分かる顧客 3件は" in head


def test_an_account_that_orders_and_is_never_visited_is_no_stop(book: Path) -> None:
    rows = daily_sheet(book)
    assert not [r for r in rows[2:] if r[3] == "HQ"]
    assert "受注はあっても訪問の記録が一度もない顧客 1件" in str(rows[1][0])


def test_the_rep_copy_says_where_its_last_visit_dates_come_from(book: Path) -> None:
    source = load_source(book, today=date(2026, 12, 11))  # shared the same Friday evening
    data, _ = build_copy(source, "佐藤")
    copy = book.with_name("sato.xlsx")
    copy.write_bytes(data)
    wb = openpyxl.load_workbook(copy, read_only=True)
    rows = list(wb["訪問計画"].iter_rows(values_only=True))
    wb.close()
    assert rows[0][0] == "担当者"
    note = ""
    for r in rows[1:]:
        if r[0] == "佐藤":
            break
        note += str(r[0])
    assert note == (
        "前回訪問の日付について: 12/1(火)〜12/10(木) の訪問は入力されていないため、"
        "訪問間隔の分かるあなたの顧客 2件は、その間も通常の間隔で訪問したものとして期限を"
        "数えました。前回訪問の列はその見込みの日です(期限を過ぎていた顧客は 12/1(火))。"
        "実際と違う顧客は訪問入力で返してください"
        # review47: and the account of his left off as never visited (HQ), as the master says
        "受注はあっても訪問の記録が一度もないあなたの顧客 1件(請求先・本部・通販など)は、"
        "訪問する顧客ではないとみてこの計画に入れていません。訪問しているなら訪問入力で1件返して"
        "ください"
    )
    stop = next(r for r in rows if r[0] == "佐藤" and r[3] == "S_FRI")
    assert _day(stop[7]) == date(2026, 12, 4)
    # 菅原's copy: her own days (before her first returned row) and her one account.
    data, _ = build_copy(source, "菅原")
    copy.write_bytes(data)
    wb = openpyxl.load_workbook(copy, read_only=True)
    text = "".join(str(r[0]) for r in wb["訪問計画"].iter_rows(values_only=True, max_row=8) if r[0])
    wb.close()
    assert (
        "12/1(火)〜12/9(水) の訪問は入力されていないため、訪問間隔の分かるあなたの顧客 1件" in text
    )
    assert "訪問の記録が一度もない" not in text  # HQ is 佐藤's


def test_the_compact_history_plans_the_same_list() -> None:
    """The Sources path's compact history (its contacts per rep and day) finds the same
    reps behind, the same assumed days and the same account left off."""
    orders, accounts, visits = _frames()
    history = History(
        orders=orders, visits=visits, accounts=accounts.reindex(columns=list(ACCOUNT_COLUMNS))
    )
    settings = PlanSettings(kgi=30_000_000.0, plan_year=2026, daily_days=5)
    raw = run(history, settings)
    compact = run(compact_history(history, AS_OF, contact=RETURNED), settings)
    assert compact.history is not None and compact.history.facts is not None
    for plan in (raw.daily, compact.daily):
        assert plan.first_day == date(2026, 12, 11)
        assert plan.not_returned == ("佐藤",) and plan.never_visited == 1
        assert plan.never_of == {"佐藤": 1}
        assert plan.assumed_of == {
            "佐藤": (date(2026, 12, 1), date(2026, 12, 10), 2),
            "菅原": (date(2026, 12, 1), date(2026, 12, 9), 1),
        }
    assert daily_rows(raw.daily, "ja") == daily_rows(compact.daily, "ja")


def test_the_daily_command_names_them_too(book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert print_daily(book, as_json=True, today=date(2026, 12, 11)) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["not_returned"] == ["佐藤"] and doc["never_visited"] == 1
    assert doc["first_day"] == "2026-12-11" and doc["visits_through"] == "2026-12-10"
    listed = {s["account"] for s in doc["daily"]}
    assert "S_FRI" in listed and "HQ" not in listed
