"""A rep's leave cover in a book without visit records, read from the orders (trial 34 M2:
佐藤 booked 55 refills on 小川's machines 2026-08-17 … 08-21 while 小川 was away; the Daily
said nobody covered 小川's January leave, 「代行訪問の記録がないため」). A small orders-only
workbook written with openpyxl and read back (``routekpi daily``); numbers by hand.

Reps 小川 (o1, o2) and 佐藤 (s1): every account orders every Friday, 2025-01-03 … the as-of
date Fri 2026-11-27. On Fri 2026-08-21 小川 booked nothing: 佐藤 booked o1 and o2 (2 orders,
the cover). o3 went from 佐藤 to 小川 on 2026-07-01 (ordered every Wednesday, by 佐藤 before,
by 小川 after): 佐藤's Wednesdays on it fall on days 小川 booked nothing, but before 小川's
first order on it — a handover, not cover. 小川 is on leave Mon 2027-01-04 … Fri 01-08.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest

from routekpi.daily_job import print_daily
from routekpi.recalc import recalculate
from tests.workbook_files import pasted_book

AS_OF = date(2026, 11, 27)
AWAY = date(2026, 8, 21)  # 小川 booked nothing; 佐藤 booked o1 and o2
HANDED = date(2026, 7, 1)  # o3: 佐藤's before, 小川's from then on
HOLDER = {"o1": "小川", "o2": "小川", "o3": "小川", "s1": "佐藤"}
LEAVE = ["小川", date(2027, 1, 4), date(2027, 1, 8), "休暇"]


def _days(first: date, weekday: int) -> list[date]:
    day = first + timedelta(days=(weekday - first.weekday()) % 7)
    out = []
    while day <= AS_OF:
        out.append(day)
        day += timedelta(days=7)
    return out


def _orders() -> list[list[object]]:
    rows: list[list[object]] = []
    for day in _days(date(2025, 1, 1), 4):  # Fridays
        for account in ("o1", "o2", "s1"):
            rep = "佐藤" if day == AWAY and account != "s1" else HOLDER[account]
            rows.append([day, account, rep, 10_000, 1, None])
    for day in _days(date(2025, 1, 1), 2):  # Wednesdays
        rows.append([day, "o3", "佐藤" if day < HANDED else "小川", 10_000, 1, None])
    return rows


def write_book(path: Path, leave: list[list[object]]) -> Path:
    accounts = [[a, f"{a}号機", r, date(2020, 1, 6), None, None, None] for a, r in HOLDER.items()]
    rows = {"Orders": _orders(), "Accounts": accounts, "Leave": leave}
    return pasted_book(path, rows, kgi=2_100_000, plan_year=2027, start_month=1, as_of=AS_OF)


def _list(book: Path, rep: str, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """``routekpi daily BOOK --rep REP --from 2027-01-04 --days 5``, its lines."""
    assert print_daily(book, rep=rep, start=date(2027, 1, 4), days=5, today=AS_OF) == 0
    return capsys.readouterr().out.splitlines()


def test_the_cover_is_read_from_the_orders_booked_while_he_was_away(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 2 cover orders (o1, o2 on 08-21), not o3's 26 Wednesdays under 佐藤 before it was 小川's.
    book = write_book(tmp_path / "book.xlsm", [LEAVE])
    sato = _list(book, "佐藤", capsys)
    line = (
        "休暇中の小川さんの顧客 3件を、休暇の日はこの一覧に入れています(訪問記録がないため"
        "受注の記録から: 小川さんの不在中(2026-08-21)に、小川さんの顧客の受注 2件を"
        "佐藤さんがつけています)"
    )
    assert any(line in x for x in sato)
    # 小川's machines on 佐藤's list on the leave days (o1, o2 weekly; o3 on a Wednesday).
    listed = {x.split("\t")[3] for x in sato if x.startswith("佐藤\t2027-01-0")}
    assert {"o1", "o2", "o3", "s1"} <= listed
    ogawa = _list(book, "小川", capsys)
    assert not any("誰の計画にも入っていません" in x for x in ogawa)


def test_declared_past_leave_is_read_too_and_moves_the_orders(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The week typed on the Leave sheet (Mon 08-17 … Fri 08-21): the 2 orders are 小川's
    # (core.at_work.with_cover_orders), the booking rep kept, so 佐藤 is still the cover.
    past = ["小川", date(2026, 8, 17), date(2026, 8, 21), "夏休み"]
    book = write_book(tmp_path / "book.xlsm", [past, LEAVE])
    sato = _list(book, "佐藤", capsys)
    assert any(
        "小川さんの不在中(2026-08-17〜08-21)に、小川さんの顧客の受注 2件を佐藤さんがつけています"
        in x
        for x in sato
    )


def test_nobody_booked_for_him_says_so_in_orders_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 佐藤 on leave the same week: no cover at work. 小川's 3 accounts on nobody's list.
    both = [LEAVE, ["佐藤", date(2027, 1, 4), date(2027, 1, 8), "休暇"]]
    book = write_book(tmp_path / "book.xlsm", both)
    ogawa = _list(book, "小川", capsys)
    assert any(
        "休暇中の担当顧客 3件は、休暇の日は誰の計画にも入っていません(訪問記録がなく、"
        "不在中に同僚がこの顧客の受注をつけた記録もないため。代行者を決めてください)" in x
        for x in ogawa
    )


def test_the_leave_line_names_only_the_targets_an_orders_only_book_has(tmp_path: Path) -> None:
    # Trial 34 L4: no visit, meeting or appointment targets without visit records; 小川's
    # leave is 5 of the plan year's working days (2027: 243 less 5 = 238, 97.9%).
    book = write_book(tmp_path / "book.xlsm", [LEAVE])
    recalculate(book, today=AS_OF)
    wb = openpyxl.load_workbook(book, read_only=True, data_only=True)
    plan = "".join(
        str(v) for r in wb["Plan"].iter_rows(values_only=True) for v in r if isinstance(v, str)
    ).replace(" ", "")
    targets = {r[2] for r in wb["Targets"].iter_rows(min_row=2, values_only=True)}
    assert "new_accounts" in targets and not {"meetings", "visits"} & targets
    assert "休暇5営業日:担当顧客の売上・受注の目標は休暇中も本人に置きます" in plan
    assert "(同僚の代行した受注は本人の実績として数えます)" in plan
    assert "新規の目標は稼働日数比97.9%(計画年度243営業日のうち238日)です" in plan
    line = plan[plan.index("休暇5営業日") :]
    line = line[: line.index("少なくなります)")]
    assert "商談" not in line and "アポ" not in line and "代行訪問" not in line
