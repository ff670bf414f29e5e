"""A Leave row whose end date looks mistyped, and a month with nothing of a rep's own while a
colleague served her accounts (trial 28 M5: 2026-08-01 – 2027-08-31 typed for a month's leave,
or an end before the start: the row left out, the month read as a shortfall and the rep coached
to "learn from" the colleague who covered her). A small workbook written with openpyxl and
recalculated, read back; numbers by hand.

FY2026 (April – March) as of 2026-11-30, KGI = last year's revenue. 佐藤 holds s1 (100 a
month) and s2 (200), 清水 c1 (300): one order on the 10th and visits on the 5th, 12th, 19th
and 26th of every month, January 2025 – November 2026. 佐藤 was away in August 2026: her
accounts' orders and visits that month are under 清水 (the ERP books them under the cover).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from workbook_files import fold_checks, fold_flags

from routekpi.core.flags import absences
from routekpi.messages import text
from routekpi.pipeline import compute_file
from routekpi.recalc import recalculate
from routekpi.validation.leave import LEAVE_ACTIVE_DAYS, LEAVE_LONG_DAYS
from tests.workbook_files import pasted_book

T = pd.Timestamp
MONTHLY = {"s1": 100, "s2": 200, "c1": 300}
SHEET_REP = {"s1": "佐藤", "s2": "佐藤", "c1": "清水"}
AWAY = (T("2026-08-01"), T("2026-08-31"))
AS_OF = date(2026, 11, 30)


def _rep_then(account: str, day: pd.Timestamp) -> str:
    if SHEET_REP[account] == "佐藤" and AWAY[0] <= day <= AWAY[1]:
        return "清水"
    return SHEET_REP[account]


def write_book(path: Path, leave: tuple[date, date] | None, kgi: float = 7_200) -> Path:
    orders: list[list[object]] = []
    visits: list[list[object]] = []
    for m in pd.date_range("2025-01-01", "2026-11-01", freq="MS"):
        for account, amount in MONTHLY.items():
            day = m + pd.Timedelta(days=9)
            orders.append([day.date(), account, _rep_then(account, day), amount, 1, None])
            for d in (4, 11, 18, 25):
                seen = m + pd.Timedelta(days=d)
                visits.append([seen.date(), _rep_then(account, seen), account, "訪問", None])
    accounts = [[a, a, r, date(2023, 1, 1), None, None, None] for a, r in SHEET_REP.items()]
    rows = {"Orders": orders, "Visits": visits, "Accounts": accounts}
    if leave is not None:
        rows["Leave"] = [["佐藤", leave[0], leave[1], "休暇"]]
    return pasted_book(path, rows, kgi=kgi, plan_year=2026, start_month=4, as_of=AS_OF)


def _sheet(path: Path, name: str) -> list[list[object]]:
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return [list(r) for r in wb[name].iter_rows(values_only=True)]
    finally:
        wb.close()


def test_a_leave_typed_a_year_too_long_is_three_warnings_at_its_end_date(tmp_path: Path) -> None:
    book = write_book(tmp_path / "typo.xlsm", (date(2026, 8, 1), date(2027, 8, 31)))
    recalculate(book)
    checks = fold_checks(_sheet(book, "Checks")[1:])
    leave = [r for r in checks if r[0] == "Leave" and r[5] == "警告"]
    # 2026-08-01 … 2027-08-31: 31 + 365 = 396 days; FY2026 ends 2027-03-31; her own visits
    # from 09-05 on (4 a month on 2 accounts: Sep, Oct, Nov = 3 × 4 days × 2 = 24 visits).
    said = "佐藤さんの休暇・不在 2026-08-01〜2027-08-31"
    assert [r[:4] for r in leave] == [["Leave", 2, "C 終了日", "2027-08-31"]] * 3
    assert [r[4] for r in leave] == [
        f"{said} は396日間です({LEAVE_LONG_DAYS}日を超える休暇・不在)。終了日の年や月の入力ミス"
        "でないか確認してください(このままでは、この期間は進捗・ペースで見込まず、訪問計画にも"
        "入れません)",
        f"{said} の終了日が計画年度 FY2026 の末日 2027-03-31 より後です。終了日の入力ミスでない"
        "か確認してください",
        f"{said} の期間中に、本人の訪問が 12日(24件、2026-09-05〜2026-11-26)記録されています。"
        "復帰していたなら終了日を直してください(このままでは、その日々の実績は進捗で見込まれ"
        "ません)",
    ]
    assert LEAVE_ACTIVE_DAYS <= 12


def test_a_right_leave_has_no_warning_and_no_behind_pace_flag(tmp_path: Path) -> None:
    book = write_book(tmp_path / "ok.xlsm", (date(2026, 8, 1), date(2026, 8, 31)))
    computed, _ = compute_file(book)
    assert not [c for c in computed.checks if c.sheet == "Leave" and c.severity == "warn"]
    flags = computed.result.flags
    assert not len(flags[(flags["code"] == "behind_pace") & (flags["rep"] == "佐藤")])


@pytest.mark.parametrize(
    "leave",
    [None, (date(2026, 8, 1), date(2026, 7, 31))],
    ids=["no leave row", "end before start"],
)
def test_a_month_covered_by_a_colleague_is_said_not_coached(
    tmp_path: Path, leave: tuple[date, date] | None
) -> None:
    book = write_book(tmp_path / "away.xlsm", leave)
    computed, _ = compute_file(book)
    if leave is not None:  # the row's own error, as before
        [bad] = [c for c in computed.checks if c.problem == "leave_end_before_start"]
        assert (bad.sheet, bad.row, bad.column) == ("Leave", 2, "C 終了日")
    result = computed.result
    att = result.attainment
    flags = result.flags
    mine = flags[(flags["code"] == "behind_pace") & (flags["rep"] == "佐藤")]
    by_kpi = {
        k: (s, p) for k, s, p in zip(mine["kpi"], mine["severity"], mine["params"], strict=True)
    }
    assert set(by_kpi) == {"revenue", "visits"}
    assert not (flags["code"] == "away_undeclared").any()  # the behind-pace flag says it
    for kpi, (severity, p) in by_kpi.items():
        # Her own: 300 a month Apr – Nov but August (清水's): 2,100 of the 8 months' due.
        rows = att[(att["rep"] == "佐藤") & (att["kpi"] == kpi)]
        year = rows[rows["period"] == "FY2026"].iloc[0]
        aug = rows[rows["period"] == "2026-08"].iloc[0]
        assert aug["actual"] == 0
        if kpi == "revenue":
            assert year["actual"] == 7 * 300
        without = year["actual"] / (year["target_to_date"] - aug["target_to_date"])
        assert p["absent"] == ["2026-08"] and p["cover"] == "清水"
        assert p["pace_without"] == pytest.approx(without)
        assert p["pace"] == pytest.approx(year["actual"] / year["target_to_date"])
        assert p["pace"] < 0.9
        # No lever, no colleague to learn from; on pace without August: information only.
        assert not {"lever", "best_rep", "best_value"} & set(p)
        assert without >= 0.9 and severity == "info"
    # On the Flags sheet: the month, the cover, the pace without it; the action says how to
    # declare the leave.
    recalculate(book)
    sheet = fold_flags(_sheet(book, "Flags")[1:])
    [row] = [r for r in sheet if r[1] == "behind_pace" and r[3] == "佐藤" and r[2] == "revenue"]
    assert row[0] == "情報"
    assert "。2026-08 は本人の受注・訪問がなく、清水さんが担当顧客の受注を記録しています" in row[6]
    assert row[6].endswith(f"その月を除いた進捗率は {by_kpi['revenue'][1]['pace_without']:.1%}")
    assert row[7] == text("action.behind_pace_absent", "ja")
    assert "清水さん(" not in row[7]  # not "ask 清水 how"


def test_a_month_covered_then_handed_back_is_a_hint_when_she_is_not_behind(
    tmp_path: Path,
) -> None:
    """No Leave row and a KGI of 80% of last year: 佐藤 is on pace despite August (2,100 of
    about 1,920 due), so no behind-pace flag says it; an info flag does, with the cover."""
    book = write_book(tmp_path / "hint.xlsm", None, kgi=0.8 * 7_200)
    computed, _ = compute_file(book)
    flags = computed.result.flags
    assert not len(flags[(flags["code"] == "behind_pace") & (flags["rep"] == "佐藤")])
    [hint] = flags[flags["code"] == "away_undeclared"].to_dict("records")
    assert (hint["severity"], hint["rep"], hint["period"]) == ("info", "佐藤", "FY2026")
    assert hint["params"] == {"months": ["2026-08"], "cover": "清水"}
    recalculate(book)
    [row] = [r for r in fold_flags(_sheet(book, "Flags")[1:]) if r[1] == "away_undeclared"]
    assert row[0] == "情報" and row[3] == "佐藤"
    assert row[6] == (
        "2026-08 は本人の受注・訪問がなく、清水さんが担当顧客の受注を記録し、その後は本人に"
        "戻っています(届け出のない休暇・不在?)"
    )
    assert row[7].startswith("休暇・不在なら、休暇・不在シートに担当者・開始日・終了日を記入")
    # With the leave declared: no hint (the months are leave).
    book = write_book(tmp_path / "declared.xlsm", (date(2026, 8, 1), date(2026, 8, 31)), 5_760)
    computed, _ = compute_file(book)
    assert not (computed.result.flags["code"] == "away_undeclared").any()


@pytest.mark.parametrize(
    ("leave", "warned"),
    [
        ((date(2027, 5, 1), date(2027, 5, 31)), False),  # next year's, typed ahead
        ((date(2027, 3, 20), date(2027, 4, 10)), False),  # a fortnight over the year end
        ((date(2027, 3, 1), date(2027, 8, 31)), True),  # five months past it
    ],
)
def test_a_leave_past_the_plan_year_is_warned_only_from_inside_it_and_well_past(
    tmp_path: Path, leave: tuple[date, date], warned: bool
) -> None:
    """review28: a leave planned ahead for the next year, or running a fortnight over the
    year end, is no typo; one from inside the year running months past it reads as one."""
    computed, _ = compute_file(write_book(tmp_path / "f.xlsm", leave))
    past = [c for c in computed.checks if c.problem == "leave_past_year"]
    assert bool(past) is warned


def test_an_orders_only_book_reads_no_month_as_undeclared_leave(tmp_path: Path) -> None:
    """review28: without visit records a month in which a rep's customers ordered nothing is
    no sign she was away (the facts' visits column is all zeros there): 佐藤's August and
    s2's September without orders leave her behind-pace flag a warning, not 情報."""
    rep = {"s1": "佐藤", "s2": "佐藤", "c1": "清水"}
    monthly = {"s1": 100, "s2": 200, "c1": 300}
    orders = [
        [(m + pd.Timedelta(days=9)).date(), a, rep[a], amount, 1, None]
        for m in pd.date_range("2025-01-01", "2026-11-01", freq="MS")
        for a, amount in monthly.items()
        if not (rep[a] == "佐藤" and m == pd.Timestamp("2026-08-01"))
        and not (a == "s2" and m == pd.Timestamp("2026-09-01"))
    ]
    accounts = [[a, a, r, date(2023, 1, 1), None, None, None] for a, r in rep.items()]
    path = pasted_book(
        tmp_path / "orders.xlsm",
        {"Orders": orders, "Accounts": accounts},
        kgi=7200,
        plan_year=2026,
        start_month=4,
        as_of=date(2026, 11, 30),
    )
    result = compute_file(path)[0].result
    assert not result.evidence.has_visits
    assert absences(result.evidence, result.history) == {}
    behind = result.flags[(result.flags["rep"] == "佐藤") & (result.flags["code"] == "behind_pace")]
    assert len(behind) and set(behind["severity"]) != {"info"}
