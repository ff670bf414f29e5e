"""A colleague is named as the model only after a whole year at work before the plan year
(core.examples ``MIN_MODEL_MONTHS``; trial 54 L3: a hire of two months, 103% of his target on a
carved-out book, was every veteran's model for revenue). A workbook written with openpyxl,
computed and read back; numbers by hand.

The book (FY2026 = calendar 2026, fiscal start month 1, as of 2026-03-31: three whole months):
one order a month on the 10th and one visit on the 12th, January 2024 – March 2026. 石田 holds
a1 ¥300, a2 ¥300 and a3 ¥300 until December 2025; from 2026-01 a1 and a2 are the hire 新井's
(his first line 2026-01-10) and sell ¥360 each. 佐藤 c1 ¥400 (¥440 from January 2026); 中村 d1
¥250 and d2 ¥250. KGI = the 2025 baseline (¥21,600), so each rep's revenue target is his
book's baseline, spread over the months by the calendar's season (the same share for all).

By hand, to date (January – March), against the same season share s of each baseline: 中村
and 石田 sold their baseline's three months (1,500 and 900: attainment 1/s); 新井 2,160 of
1,800 (1.2/s), 佐藤 1,320 of 1,200 (1.1/s). Unit price: 新井 ¥360 of ¥300 (120.0%), 佐藤 ¥440
of ¥400 (110.0%). 新井 began 2026-01, less than 12 months before the plan year's first month:
佐藤 is the team's best on both, not the hire (before: 新井 on both).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from routekpi.core.calendar import BusinessCalendar
from routekpi.core.examples import MIN_MODEL_MONTHS, example_reps
from routekpi.core.flags import _lever_advice, records
from routekpi.pipeline import compute_file
from routekpi.render_daily import flag_action
from tests.workbook_files import monthly_lines, pasted_book

MONTHLY = {"a1": 300, "a2": 300, "a3": 300, "c1": 400, "d1": 250, "d2": 250}
VETERAN, HIRE, SATO, NAKAMURA = "石田 亮", "新井 学", "佐藤 健一", "中村 優"
HIRED = pd.Timestamp("2026-01-01")
AS_OF = date(2026, 3, 31)
HOLDER = {"a": VETERAN, "c": SATO, "d": NAKAMURA}


def _rep_then(account: str, day: pd.Timestamp) -> str:
    if day >= HIRED and account in ("a1", "a2"):
        return HIRE
    return HOLDER[account[0]]


def _amount(account: str, day: pd.Timestamp) -> float:
    if day >= HIRED and account in ("a1", "a2"):
        return 360
    if day >= HIRED and account == "c1":
        return 440
    return MONTHLY[account]


def write_book(path: Path) -> Path:
    orders, visits = monthly_lines("2024-01-01", "2026-03-01", MONTHLY, _rep_then, _amount)
    holder = {a: _rep_then(a, pd.Timestamp(AS_OF)) for a in MONTHLY}
    accounts = [[a, f"顧客{a}", r, date(2023, 1, 1), None, None, None] for a, r in holder.items()]
    rows = {"Orders": orders, "Visits": visits, "Accounts": accounts}
    kgi = 12 * sum(MONTHLY.values())
    return pasted_book(path, rows, kgi=kgi, plan_year=2026, start_month=1, as_of=AS_OF)


def test_a_hire_of_three_months_is_no_model_a_veteran_is(tmp_path: Path) -> None:
    (result, _checks, _, _), _ = compute_file(write_book(tmp_path / "book.xlsm"))
    review = result.review
    revenue = review[review["kpi"] == "revenue"].set_index("rep")
    flat = revenue.at[NAKAMURA, "attainment"]  # 1 / s
    assert revenue.at[VETERAN, "attainment"] == pytest.approx(flat)
    assert revenue.at[HIRE, "attainment"] == pytest.approx(1.2 * flat)
    assert revenue.at[SATO, "attainment"] == pytest.approx(1.1 * flat)
    assert MIN_MODEL_MONTHS == 12
    # The hire's is the highest, but his months have no year before them.
    assert set(revenue["best_rep"]) == {SATO}
    assert revenue["best_value"].tolist() == pytest.approx([1.1 * flat] * len(revenue))
    price = review[review["kpi"] == "unit_price"].set_index("rep")
    assert price.at[HIRE, "attainment"] == pytest.approx(1.2)
    assert set(price["best_rep"]) == {SATO}
    assert price["best_value"].tolist() == pytest.approx([1.1] * len(price))
    assert HIRE not in set(review["best_rep"])


def _amount_behind(account: str, day: pd.Timestamp) -> float:
    """The book above with 中村's d1 and d2 at ¥150 from January 2026 (¥250 before)."""
    if day >= HIRED and account in ("d1", "d2"):
        return 150
    return _amount(account, day)


def test_the_flags_ask_no_hire_a_veteran_still(tmp_path: Path) -> None:
    """中村 sells d1 and d2 at ¥150 from January: 900 to date of a target of 1,500 × s, his
    unit price ¥150 of ¥250 (60.0%) the main lever; the hire's ¥360 of ¥300 (120.0%) is the
    team's highest, 佐藤's ¥440 of ¥400 (110.0%) the best of the reps a year at work."""
    orders, visits = monthly_lines("2024-01-01", "2026-03-01", MONTHLY, _rep_then, _amount_behind)
    holder = {a: _rep_then(a, pd.Timestamp(AS_OF)) for a in MONTHLY}
    accounts = [[a, f"顧客{a}", r, date(2023, 1, 1), None, None, None] for a, r in holder.items()]
    rows = {"Orders": orders, "Visits": visits, "Accounts": accounts}
    book = pasted_book(
        tmp_path / "book.xlsm",
        rows,
        kgi=12 * sum(MONTHLY.values()),
        plan_year=2026,
        start_month=1,
        as_of=AS_OF,
    )
    (result, _checks, _, _), _ = compute_file(book)
    flags = result.flags
    behind = flags[(flags["code"] == "behind_pace") & (flags["rep"] == NAKAMURA)]
    assert len(behind) == 1
    p = behind["params"].iat[0]
    assert p["actual"] == pytest.approx(900.0)
    assert (p["lever"], p["lever_actual"], p["lever_target"]) == ("unit_price", 150.0, 250.0)
    assert (p["best_rep"], p["best_value"]) == (SATO, pytest.approx(1.1))
    action = flag_action("behind_pace", p, "", "ja")
    assert f"{SATO}さん(達成率 110.0%)にやり方を聞いてください" in action
    assert HIRE not in " ".join(str(v) for v in flags["params"])
    # The Flags' own rule (core.examples, the Review's too): a Review that named the hire
    # (one built before the rule) has him dropped, and the veteran is still nameable.
    ev = result.evidence
    assert ev.starts[HIRE] == pd.Period("2026-01", "M")
    assert HIRE not in example_reps(ev) and {SATO, VETERAN, NAKAMURA} <= example_reps(ev)
    review = [dict(r, best_rep=HIRE) if r["rep"] == NAKAMURA else r for r in records(result.review)]
    advice = _lever_advice(review, NAKAMURA, "revenue", lambda: example_reps(ev))
    assert advice["lever"] == "unit_price" and advice["best_rep"] == ""


def test_a_year_before_the_plan_year_is_the_line() -> None:
    # Plan year 2026-04 … 2027-03, as of 2026-06-30 (three months started, none on leave).
    # Began 2025-04: 12 months before April 2026, nameable; 2025-05: 11, not; 2026-02 (the
    # hire of two months), not; no start (began with the history), nameable.
    ev = SimpleNamespace(
        plan_months=list(pd.period_range("2026-04", "2027-03", freq="M")),
        as_of=date(2026, 6, 30),
        calendar=BusinessCalendar(),
        reps=["veteran", "year", "eleven", "hire"],
        starts={
            "year": pd.Period("2025-04", "M"),
            "eleven": pd.Period("2025-05", "M"),
            "hire": pd.Period("2026-02", "M"),
        },
    )
    assert example_reps(ev) == {"veteran", "year"}  # type: ignore[arg-type]
