"""Settings DailyStart: the Daily list's first day, for the sheet, its print and the copies
(trial 38 M5: on Saturday 12/5 of a 月-土 week the list started that day; next week's list,
12/7–12/12, came only from `routekpi daily --from`), the e-mail's line on the copy's visit
plan, and a book keyed by the customer's name showing the name as typed (trial 38 M3).

The book: orders through Fri 2026-12-04 for two customers typed by name (no code column),
株式会社ミエル ビストロ ミエル and バー ジュピター, every Monday, Wednesday and Friday since
2026-06-01; 営業曜日 月-土, DailyDays 6, the run on Sat 2026-12-05. By hand: blank, the
list starts on the working day after the last order, Sat 12/5; 来週, on the Monday of the
next week, 12/7, for 6 working days to Sat 12/12 (no holiday between); 2026/12/9, on 12/9
to 12/15 (Sunday 12/13 skipped); 2026/12/1 (past), on 12/5 as if blank, said.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from routekpi.core.daily import DailyPlan, typed_start
from routekpi.io.template import NEW_BOOK_SETTINGS, write_template
from routekpi.messages import text
from routekpi.recalc import recalculate
from routekpi.share.mail import plan_line, with_plan_line
from routekpi.validation.settings import daily_start_text, parse_settings

SAT, MON = date(2026, 12, 5), date(2026, 12, 7)
NAMES = ("株式会社ミエル ビストロ ミエル", "バー ジュピター")


def test_the_typed_start_over_the_automatic_one() -> None:
    assert typed_start(SAT, "next", None, SAT) == (SAT, "next")
    assert typed_start(SAT, "next", "next_week", SAT) == (MON, "next_week")
    assert typed_start(SAT, "next", "next_week", date(2026, 12, 6)) == (MON, "next_week")  # Sun
    # Run on a Monday: "next week" is the Monday after.
    assert typed_start(MON, "today", "next_week", MON) == (date(2026, 12, 14), "next_week")
    # The automatic day already past next Monday (AsOf typed ahead): it stays.
    later = date(2026, 12, 21)
    assert typed_start(later, "as_of", "next_week", SAT) == (later, "as_of")
    assert typed_start(SAT, "next", date(2026, 12, 9), SAT) == (date(2026, 12, 9), "setting")
    assert typed_start(SAT, "next", date(2026, 12, 1), SAT) == (SAT, "setting_past")


def test_the_cell_reads_a_date_or_next_week_and_says_what_else_it_cannot_read() -> None:
    assert [daily_start_text(v) for v in ("来週", " 翌週 ", "Next Week", "ＮＥＸＴ ＷＥＥＫ")] == [
        "next_week"
    ] * 4
    assert daily_start_text("2026/12/7") == MON
    assert daily_start_text(pd.Timestamp("2026-12-07 00:00")) == MON
    assert daily_start_text("あした") is None
    parsed = parse_settings({"KGI": 1e6, "DailyStart": "あした"}, cell_of={"DailyStart": (27, "B")})
    assert parsed.values["DailyStart"] is None  # read as blank
    [said] = [c for c in parsed.checks if c.problem == "setting_daily_start_invalid"]
    assert (said.row, said.column, said.severity) == (27, "B DailyStart", "warn")
    assert "「あした」は日付でも「来週」でもないため" in text(said.problem, "ja", **said.params)


def _plan() -> DailyPlan:
    """Two reps over 12/7–12/12: 佐藤 3 visits and a prospecting stop, 伊藤 2 visits."""
    days = [MON + timedelta(days=i) for i in range(6)]
    stops = pd.DataFrame(
        [
            {"rep": "佐藤", "date": MON, "kind": "visit"},
            {"rep": "佐藤", "date": MON, "kind": "prospecting"},
            {"rep": "佐藤", "date": days[2], "kind": "visit"},
            {"rep": "佐藤", "date": days[5], "kind": "visit"},
            {"rep": "伊藤", "date": days[1], "kind": "visit"},
            {"rep": "伊藤", "date": days[4], "kind": "visit"},
        ]
    )
    day_rows = pd.DataFrame([{"rep": r, "date": d} for r in ("佐藤", "伊藤") for d in days])
    return DailyPlan(stops, day_rows)


def test_the_mail_line_names_the_plans_days_and_stops() -> None:
    plan = _plan()
    rep = plan_line(plan, "佐藤", "ja")
    assert rep == "訪問計画: 12/7(月)〜12/12(土)の6営業日、訪問 3件(「訪問計画」シート)。"
    team = plan_line(plan, None, "ja")
    assert (
        team == "訪問計画: 12/7(月)〜12/12(土)の6営業日、担当者2人で訪問 5件(「訪問計画」シート)。"
    )
    assert plan_line(plan, "鈴木", "ja") == ""  # no stop of his: no line
    assert plan_line(plan, "伊藤", "en") == (
        "Visit plan: Mon 12/7 to Sat 12/12, 6 working days, 2 visits (the Daily sheet)."
    )
    body = "佐藤 さん\n\n添付します。\n表紙シートにあります。\n\n返信してください。\n"
    assert with_plan_line(body, rep) == (
        "佐藤 さん\n\n添付します。\n表紙シートにあります。\n" + rep + "\n\n返信してください。\n"
    )
    assert with_plan_line(body, "") == body


def _book(path: Path, start: object) -> Path:
    settings = {**NEW_BOOK_SETTINGS, "KGI": 30_000_000, "PlanYear": 2027, "WorkingDays": "月-土"}
    settings |= {"DailyDays": 6, "DailyStart": start}
    write_template(path, "ja", settings=settings)
    wb = openpyxl.load_workbook(path, keep_vba=True)
    ws = wb["受注" if "受注" in wb.sheetnames else "Orders"]
    for j, name in enumerate(("受注日", "伝票番号", "得意先名", "担当者", "金額"), 1):
        ws.cell(1, j, name)
    row, day = 2, date(2026, 6, 1)
    while day <= date(2026, 12, 4):
        if day.weekday() in (0, 2, 4):
            for k, name in enumerate(NAMES):
                ws.cell(row, 1, day)
                ws.cell(row, 2, f"S{row}")
                ws.cell(row, 3, name)
                ws.cell(row, 4, "佐藤 一郎")
                ws.cell(row, 5, 20_000 + 10_000 * k)
                row += 1
        day += timedelta(days=1)
    wb.save(path)
    return path


def _daily(path: Path) -> list[list[object]]:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    ws = wb["訪問計画" if "訪問計画" in wb.sheetnames else "Daily"]
    return [list(r) for r in ws.iter_rows(values_only=True)]


def _days_listed(rows: list[list[object]]) -> list[date]:
    """The dates of the day rows (【12/7(月)】 in the 顧客名 column), in order."""
    return [
        pd.Timestamp(r[1]).date()
        for r in rows[1:]
        if isinstance(r[4], str) and r[4].startswith("【") and r[1] is not None
    ]


@pytest.mark.slow  # three recalculations of a written workbook
def test_a_written_book_starts_its_list_where_the_cell_says(tmp_path: Path) -> None:
    blank = _book(tmp_path / "blank.xlsm", None)
    recalculate(blank, today=SAT)
    rows = _daily(blank)
    assert _days_listed(rows) == [SAT, MON, *(MON + timedelta(days=i) for i in range(1, 5))]
    head = "".join(str(r[0]) for r in rows[1:6] if r[1] is None)  # wrapped over rows
    assert head.startswith("12/5(土)から6営業日分の訪問計画。基準日(AsOf)が空欄")

    week = _book(tmp_path / "week.xlsm", "来週")
    recalculate(week, today=SAT)
    rows = _daily(week)
    assert _days_listed(rows) == [MON + timedelta(days=i) for i in range(6)]  # 12/7 … 12/12
    head = "".join(str(r[0]) for r in rows[1:6] if r[1] is None)
    assert head.startswith(
        "12/7(月)から6営業日分の訪問計画。設定「訪問計画の開始日」が「来週」のため"
    )
    # Named by the customer's name: the name as typed in 顧客, 顧客名 left empty (M3).
    stops = [r for r in rows[1:] if isinstance(r[2], int | float)]
    assert stops and {r[3] for r in stops} <= set(NAMES) and {r[4] for r in stops} == {None}

    past = _book(tmp_path / "past.xlsm", date(2026, 12, 1))
    recalculate(past, today=SAT)
    rows = _daily(past)
    assert _days_listed(rows)[0] == SAT
    head = "".join(str(r[0]) for r in rows[1:6] if r[1] is None)
    assert "設定「訪問計画の開始日」の 12/1(火) は過ぎているため" in head
