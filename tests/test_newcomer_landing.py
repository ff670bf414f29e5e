"""A new hire building his book from nothing lands on his level now (trial 44 L4).

His year-to-date average lags a book that grows month by month (加藤: ¥19.9M for a truth of
¥26.8M, −25.8%); a book younger than 12 months is paced on its last 3 complete months.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from routekpi.core.landing import NEW_BOOK_MONTHS
from routekpi.core.measure import TEAM
from routekpi.recalc import recalculate
from routekpi.share.job import share
from tests.test_landing import _book, _identities, _plan, _recalc_with, flat
from tests.workbook_files import frames_book


def _grower(months: list[str], step: int) -> tuple[list, list]:
    """Ito's one account C4: ``step`` × k yen in the k-th of ``months`` (a line from 0)."""
    sale = ("C4", "Ito", step, months[0], months[0])  # its first month, and its master row
    extra = [
        (pd.offsets.BMonthEnd().rollback(pd.Period(m).end_time.normalize()), "C4", "Ito", step * k)
        for k, m in enumerate(months[1:], start=2)
    ]
    return [sale], extra


def test_a_new_hire_whose_book_grows_linearly_is_paced_on_his_last_three_months(
    tmp_path: Path,
) -> None:
    """Flat FY2024–25 (Tanaka ¥300,000, Sato ¥400,000 a month: even month shares); Ito from
    April 2026 on one account growing ¥100,000 a month: ¥100,000 … ¥800,000 in November.

    As of 2026-11-30 (eight complete months): actual 100,000 × (1 + … + 8) = ¥3,600,000. His
    book is 8 months old (< 12): paced on September – November, (600,000 + 700,000 +
    800,000) ÷ 3/12 = ¥8,400,000 a year, so December – March expect 4/12 of it, ¥2,800,000
    (his Apr–Nov average would have said 3,600,000 ÷ 8/12 × 4/12 = ¥1,800,000; the line goes
    on to ¥4,200,000). Landing ¥6,400,000. Tanaka and Sato expect their flat months.
    """
    months = [str(m) for m in pd.period_range("2026-04", "2026-11", freq="M")]
    sale, extra = _grower(months, 100_000)
    book = _book(
        tmp_path / "kato.xlsm",
        [*flat("2024-04", "2026-11"), *sale],
        starts={"C4": "2026-04-01"},
        extra=extra,
        KGI=11_000_000,
        PlanYear=2027,
        AsOf=date(2026, 11, 30),
    )
    found, _ = _recalc_with(book)
    assert found is not None
    assert found.young == ("Ito",)
    ito = found.table.loc["Ito"]
    assert ito["actual"] == 3_600_000
    assert ito["run_rate"] == 8_400_000
    assert ito["expected"] == 2_800_000
    assert ito["landing"] == 6_400_000
    assert found.monthly.loc["Ito"].tolist() == [700_000] * 4
    assert found.table.loc["Tanaka", "expected"] == 1_200_000
    assert found.table.loc["Sato", "expected"] == 1_600_000
    assert found.table.loc[TEAM, "landing"] == 8 * 700_000 + 3_600_000 + 2_800_000 + 2_800_000
    _identities(found)
    note = str(_plan(book)["FY2026 expected rest"][1])
    assert (
        f"reps whose book is under a year old (Ito): the pace of their last {NEW_BOOK_MONTHS}"
        " complete months" in note
    )


def test_a_book_a_year_old_keeps_the_pace_of_the_year(tmp_path: Path) -> None:
    """Ito from April 2025, flat ¥100,000 a month through FY2025 (even month shares still),
    then growing in FY2026: ¥200,000 … ¥900,000 in November. His book is 20 months old:
    paced on FY2026's eight complete months as before, 4,400,000 ÷ 8/12 × 4/12 = ¥2,200,000
    expected (his last 3 months would say ¥3,200,000)."""
    months = [str(m) for m in pd.period_range("2026-04", "2026-11", freq="M")]
    extra = [
        (
            pd.offsets.BMonthEnd().rollback(pd.Period(m).end_time.normalize()),
            "C4",
            "Ito",
            100_000 * k,
        )
        for k, m in enumerate(months, start=2)
    ]
    book = _book(
        tmp_path / "older.xlsm",
        [*flat("2024-04", "2026-11"), ("C4", "Ito", 100_000, "2025-04", "2026-03")],
        starts={"C4": "2025-04-01"},
        extra=extra,
        KGI=11_000_000,
        PlanYear=2027,
        AsOf=date(2026, 11, 30),
    )
    found, _ = _recalc_with(book)
    assert found is not None
    assert found.young == ()
    assert found.table.loc["Ito", "actual"] == 4_400_000
    assert found.table.loc["Ito", "expected"] == 2_200_000


def test_the_newcomers_cover_says_what_his_target_is_made_of(tmp_path: Path) -> None:
    """test_part_year_cover's book: 野村 joins in 2025-04 and wins three ¥1,000-a-month
    accounts. His cover, besides his target and months at work, says what the target rests
    on, with the Plan's own numbers (render.rep_rows' parameters), not a growth rate."""
    from tests.test_part_year_cover import AS_OF, _cells, _history  # its book, read back

    settings = {"KGI": 270_000, "PlanYear": 2026, "FiscalStartMonth": 1, "AsOf": AS_OF}
    path = frames_book(tmp_path / "book.xlsm", _history(), settings)
    recalculate(path)
    share(path, tmp_path / "share", per_rep=True)
    cover = "".join(_cells(tmp_path / "share" / "book_野村.xlsx", "表紙")).replace(" ", "")
    plan = "".join(_cells(path, "Plan")).replace(" ", "")
    # The Plan's own figures for him: the split's base and its parts, and the ceiling.
    counted = re.search(r"配分の基準は獲得顧客を12か月分で数えた(¥[\d,]+)", plan)
    hand = re.search(r"期首にすでに持っている顧客の分×([\d.]+)", plan)
    half = re.search(r"残りは半分\(×([\d.]+)\)", plan)
    common = re.search(r"全員共通の倍率([\d.]+)", plan)
    # His ceiling, when the Plan holds him at it (the Plan's rep line ends with it).
    ceiling = re.search(r"上限(¥[\d,]+)で頭打ち", plan)
    target = re.search(r"年間売上目標(¥[\d,]+)。", cover)
    assert counted and hand and half and common and target, plan
    capped = f"(上限{target[1]}で頭打ち)" if ceiling else ""  # the cover's one target
    line = (
        f"目標の成り立ち:獲得した顧客を獲得前の月も含め12か月分で数えた{counted[1]}を配分の基準に、"
        f"期首にすでに持っている顧客の分はそのまま(×{hand[1]})、残りは半分(×{half[1]})を見込み、"
        f"全員共通の倍率×{common[1]}を掛けた額です{capped}"
    )
    assert line in cover
    # By hand: his 8 months (¥15,000) with n00 and n01 counted for 12 months (+4 and +7
    # months of ¥1,000; n02's months after its win are too few for a run rate: core.won's
    # MIN_FULL_MONTHS); the parts' product is his target, or over the ceiling it is held at.
    assert counted[1] == "¥26,000"
    made = 26_000 * float(hand[1]) * float(half[1]) * float(common[1])
    yen = int(target[1][1:].replace(",", ""))
    if ceiling:
        assert abs(yen - int(ceiling[1][1:].replace(",", ""))) <= 1 and yen < made
    else:
        assert made == pytest.approx(yen, rel=0.005)  # the factors as shown, 3 decimals
    assert "+" not in line and "%" not in line  # still no growth rate on his cover
    # A rep there all year has no such line.
    assert "目標の成り立ち" not in "".join(_cells(tmp_path / "share" / "book_青木.xlsx", "表紙"))
