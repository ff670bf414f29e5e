"""Trial 22: orders on days off said once on Checks (validation.weekdays), and a customer
master's 法人名 read as the group column (schema aliases)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

from routekpi.contract import Check
from routekpi.pipeline import compute_file
from routekpi.sample import SampleHistory, generate_sample
from routekpi.schema import ACCOUNT_GROUP, normalize_label
from routekpi.sources import SourceRef
from routekpi.validation.weekdays import (
    DAYS_OFF_PROBLEM,
    HOLIDAYS_PROBLEM,
    SATURDAYS_PROBLEM,
    orders_on_days_off,
)

NO_HOLIDAYS = pd.DataFrame({"date": pd.to_datetime([]), "name": []})


def _days_off(order_days: dict[date, int], holidays: pd.DataFrame = NO_HOLIDAYS) -> list[Check]:
    checks: list[Check] = []
    orders_on_days_off(order_days, holidays, checks)
    return checks


def test_the_line_comes_from_a_twentieth_of_the_orders_on_days_off() -> None:
    # Mon 11-09 … Fri 11-13 hold 19 orders; Sat 11-14 one: 1 of 20 = 5.0% → the line, which
    # (Saturdays alone 5%, WorkingDays the default 月-金) says to set 月-土 (trial 23 M4).
    week = {date(2026, 11, 9) + timedelta(days=k): n for k, n in enumerate((4, 4, 4, 4, 3))}
    saturday = {date(2026, 11, 14): 1}
    [line] = _days_off({**week, **saturday})
    assert (line.problem, line.severity, line.sheet) == (SATURDAYS_PROBLEM, "info", "Orders")
    assert line.params == {
        "count": "1",
        "total": "20",
        "share": "5.0%",
        "saturday": "1",
        "sunday": "0",
        "holiday": "0",
        "weekdays_ja": "月-金",
        "weekdays_en": "Mon-Fri",
        "saturday_share": "5.0%",
        "suggest_ja": "月-土",
        "suggest_en": "Mon-Sat",
    }
    # One more weekday order: 1 of 21 = 4.8% < 5%: nothing.
    assert _days_off({**week, date(2026, 11, 13): 4, **saturday}) == []
    # Tue 11-03 (Culture Day) with 4 orders, and a company holiday typed on the Holidays sheet
    # (Thu 11-12, 4 orders): 1 + 4 + 4 = 9 of 24 on days off.
    typed = pd.DataFrame({"date": pd.to_datetime(["2026-11-12"]), "name": ["創立記念日"]})
    [line] = _days_off({**week, **saturday, date(2026, 11, 3): 4}, typed)
    assert (line.params["count"], line.params["holiday"], line.params["share"]) == (
        "9",
        "8",
        "37.5%",
    )
    # Saturday 1 of 24 = 4.2%, not the Saturday line; Culture Day's 4 orders are a working
    # day's (15 over 4 days = 3.75) or more: the national-holiday line, suggesting 月-金・祝.
    assert (line.problem, line.params["weekdays_ja"]) == (HOLIDAYS_PROBLEM, "月-金")
    assert line.params["suggest_ja"] == "月-金・祝"
    # Culture Day with 1 order (below half a working day's): the general line.
    [line] = _days_off({**week, **saturday, date(2026, 11, 3): 1}, typed)
    assert (line.problem, line.params["weekdays_ja"]) == (DAYS_OFF_PROBLEM, "月-金")


@pytest.fixture(scope="module")
def sample() -> SampleHistory:
    return generate_sample(7)


def _orders_csv(path: Path, orders: pd.DataFrame) -> SourceRef:
    frame = orders[["date", "account", "rep", "amount", "quantity"]].copy()
    frame.columns = ["受注日", "顧客コード", "担当者", "金額", "数量"]
    frame["受注日"] = pd.to_datetime(frame["受注日"]).dt.strftime("%Y-%m-%d")
    frame.to_csv(path, index=False)
    return SourceRef("Orders", str(path))


def _days_off_lines(book: Path, sources: dict[str, SourceRef]) -> list[Check]:
    computed, _ = compute_file(book, sources=sources, today=date(2026, 12, 3))
    return [c for c in computed.checks if c.problem in (DAYS_OFF_PROBLEM, SATURDAYS_PROBLEM)]


def test_a_book_with_saturday_orders_gets_the_line_and_one_without_does_not(
    sample: SampleHistory, sample_book: Path, tmp_path: Path
) -> None:
    orders = sample.orders.copy()
    days = pd.to_datetime(orders["date"])
    # The sample's orders are on working days only: no line.
    assert _days_off_lines(sample_book, {"Orders": _orders_csv(tmp_path / "o.csv", orders)}) == []
    # Every Friday order moved to the Saturday after: those are the orders off.
    moved = (days.dt.day_of_week == 4).to_numpy()
    moved_n = int(moved.sum())
    orders.loc[moved, "date"] = days[moved] + pd.Timedelta(days=1)
    [line] = _days_off_lines(sample_book, {"Orders": _orders_csv(tmp_path / "s.csv", orders)})
    total = int(line.params["total"].replace(",", ""))  # type: ignore[union-attr]
    assert line.params["saturday"] == f"{moved_n:,}" == line.params["count"]
    assert line.params["share"] == f"{moved_n / total:.1%}"
    assert moved_n / total >= 0.05  # the sample's Fridays are about a fifth of its orders


@pytest.mark.parametrize("header", ["法人名", "法人", "チェーン名", "チェーン", "グループ"])
def test_a_masters_corporate_name_is_the_group_column(header: str) -> None:
    """法人名 (trial 22's master) and its kin are read as 法人グループ."""
    names = {normalize_label(a) for a in (ACCOUNT_GROUP.ja, *ACCOUNT_GROUP.aliases)}
    assert normalize_label(header) in names


def test_no_other_column_claims_the_group_names() -> None:
    from routekpi.schema import INPUT_SHEETS

    ours = {normalize_label(a) for a in ("法人名", "法人", "チェーン名", "チェーン")}
    for spec in INPUT_SHEETS:
        for column in spec.columns:
            if column is ACCOUNT_GROUP:
                continue
            theirs = {normalize_label(a) for a in (column.ja, column.en, *column.aliases)}
            assert not ours & theirs, (spec.name, column.key)


def test_only_the_first_and_third_saturdays_carry_orders() -> None:
    """Trial 45 M5: a dealer working the 1st and 3rd Saturdays. September–October 2026, 4
    orders on every working weekday and on 9/5, 9/19, 10/3, 10/17 (4 of the 8 Saturdays up
    to the last order, Friday 10/30):
    the line names 第1・第3土曜 and says to list the other Saturdays as holidays."""
    from routekpi.core.calendar import BusinessCalendar
    from routekpi.messages import text
    from routekpi.validation.weekdays import SOME_SATURDAYS_PROBLEM

    weekdays = BusinessCalendar(frozenset()).working_days(date(2026, 9, 1), date(2026, 10, 30))
    worked = [date(2026, 9, 5), date(2026, 9, 19), date(2026, 10, 3), date(2026, 10, 17)]
    [line] = _days_off({**{d: 4 for d in weekdays}, **{d: 4 for d in worked}})
    assert line.problem == SOME_SATURDAYS_PROBLEM
    assert (line.params["busy"], line.params["saturdays"]) == ("4", "8")
    assert (line.params["which_ja"], line.params["which_en"]) == (
        "第1・第3土曜",
        "1st and 3rd Saturdays",
    )
    assert "休む土曜を休日シートに入力してください" in text(line.problem, "ja", **line.params)
    # Every Saturday busy: the plain Saturday line (set 月-土).
    every = [date(2026, 9, 5) + timedelta(days=7 * k) for k in range(9)]
    [line] = _days_off({**{d: 4 for d in weekdays}, **{d: 4 for d in every}})
    assert line.problem == SATURDAYS_PROBLEM
