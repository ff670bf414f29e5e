"""A rep who left on the eve of the plan year, his book with a hire from its first days, is
not planned, and the hire's book is planned on its twelve months (trial 49 H4, M3).

FY2026 = calendar 2026, as of 2026-05-29 (five months into the running year: the planning
moment is the eve, 2025-12-31). One order a month on the 10th and one visit on the 12th,
January 2024 – May 2026, and a visit of each rep at work on 2026-05-29. 田中 sold t1 and t2
until December 2025 and then left (last line 2025-12-12); the hire 松本 serves t1 from
2026-01-10 (the year's first month: handed over for the year) and t2 from 2026-02-10 (the
second month: in the old rule, taken over during the year, so at the planning moment still
田中's). 佐藤 sells s1 ¥300 a month throughout. The Accounts sheet gives t1 and t2 to 松本.

Flat book (``DIP`` 0): t1 ¥100, t2 ¥200 a month. The 2025 baselines: 松本 (t1 + t2 under
the holder) 12 × 300 = 3,600, 佐藤 3,600, team 7,200; KGI 6,480 = ×0.9 (a history flat to
the yen has no evidence of growth), so each target is its baseline × 0.9: 松本 3,240,
佐藤 3,240, and no row at all for 田中. Before the fix 田中 — not 45 days silent on the eve
— kept t2 at the planning moment: a baseline of 2,400, a year target of 180 (January's; the
months from February carried to 松本, core.carry, who had 3,060) and a critical behind-pace
flag 「売上の進捗率 0.0%」.

Dipped book (M3): t1 sold ¥40 a month in October – December 2025 (¥100 before), everything
else as above. 松本 began in 2026-01, after the baseline: none of its months were his, so his
accounts' buying is planned on the book's twelve months like anyone's (no end level, no
「引き継いだ顧客が中心」 note). Before the fix it was read from October – December (田中's
months): revenue per account-month 142.5 over the year ((9 × 100 + 3 × 40 + 12 × 200) ÷ 2
accounts ÷ 12) against 120 at the end ((3 × 40 + 3 × 200) ÷ 2 ÷ 3), the team's 195 against
180 — his level cut by log(120 / 142.5) − log(180 / 195) = −0.092 beyond the team's.
Without an Accounts sheet the plan year's lines name the heir: the same plan.
Rows pasted in the workbook and the same rows as CSV files (DuckDB, sources/handover.py)
give the same plan.
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from routekpi.core.baselines import end_levels
from routekpi.core.handover import left_before_year
from routekpi.core.measure import FACT_COLUMNS, TEAM
from routekpi.pipeline import compute_file
from tests.test_standing_sources import _with_files
from tests.workbook_files import pasted_book

T = pd.Timestamp
KGI = 6_480
GROWTH = 0.9  # KGI ÷ the team's 2025 baseline of 7,200 (flat book)
MONTHLY = {"t1": 100, "t2": 200, "s1": 300}
DIP = 40  # t1 in 2025-10 … 2025-12 in the dipped book
HIRE_FROM = {"t1": T("2026-01-01"), "t2": T("2026-02-01")}
END = T("2026-05-29")


def _rep_then(account: str, day: pd.Timestamp) -> str | None:
    """Who served ``account`` on ``day`` (None: nobody — t2 in January 2026)."""
    if account == "s1":
        return "佐藤"
    if day >= HIRE_FROM[account]:
        return "松本"
    return "田中" if day < T("2026-01-01") else None


def write_book(path: Path, dip: bool, master: bool = True) -> Path:
    """The template with the history above pasted (``dip``: t1's last quarter of 2025 at
    ¥40; ``master`` False: no Accounts sheet rows)."""
    orders: list[list[object]] = []
    visits: list[list[object]] = []
    for m in pd.date_range("2024-01-01", "2026-05-01", freq="MS"):
        for account, amount in MONTHLY.items():
            if dip and account == "t1" and T("2025-10-01") <= m <= T("2025-12-01"):
                amount = DIP
            day, seen = m + pd.Timedelta(days=9), m + pd.Timedelta(days=11)
            if (rep := _rep_then(account, day)) is not None:
                orders.append([day.date(), account, rep, amount, 1])
            if (rep := _rep_then(account, seen)) is not None:
                visits.append([seen.date(), rep, account, "訪問"])
    # The data cover the as-of day: a visit of each rep at work on it.
    visits += [[END.date(), "佐藤", "s1", "訪問"], [END.date(), "松本", "t1", "訪問"]]
    sheet = {"t1": "松本", "t2": "松本", "s1": "佐藤"}
    accounts = [[a, a, r, date(2020, 1, 1)] for a, r in sheet.items()]
    rows = {"Orders": orders, "Visits": visits, "Accounts": accounts if master else []}
    return pasted_book(
        path, rows, kgi=KGI, plan_year=2026, start_month=1, as_of=END.date(), language="en"
    )


def _fy(result: object, column: str) -> dict[str, float]:
    t = result.targets  # type: ignore[attr-defined]
    fy = t[(t["period"] == "FY2026") & (t["kpi"] == "revenue")]
    return {str(r): float(v) for r, v in zip(fy["rep"], fy[column], strict=True)}


def _both(book: Path) -> tuple[object, object]:
    """The book computed from its sheets and from its lines as CSV files."""
    refs = _with_files(book)
    (rows, _, _, _), _ = compute_file(book)
    (files, _, _, _), _ = compute_file(book, sources=refs)
    return rows, files


@pytest.fixture(scope="module")
def flat(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, object]:
    return _both(write_book(tmp_path_factory.mktemp("flat") / "book.xlsm", dip=False))


@pytest.fixture(scope="module")
def no_master(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, object]:
    book = tmp_path_factory.mktemp("no_master") / "book.xlsm"
    return _both(write_book(book, dip=False, master=False))


@pytest.fixture(scope="module")
def dipped(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, object]:
    return _both(write_book(tmp_path_factory.mktemp("dipped") / "book.xlsm", dip=True))


def test_the_leaver_gets_no_target_and_the_hire_his_whole_book(
    flat: tuple[object, object],
) -> None:
    for result in flat:
        ev = result.evidence  # type: ignore[attr-defined]
        assert ev.reps == ["佐藤", "松本"]
        handed = result.history.handover  # type: ignore[attr-defined]
        assert "田中" in handed.gone and handed.last_seen == {"田中": date(2025, 12, 12)}
        # t2 (first served by 松本 in February) is his at the planning moment too.
        assert handed.later == () and handed.moved_to == (("松本", 2),)
        assert handed.orphans == 0
        assert ev.base.at["松本", "revenue"] == 12 * 300
        assert ev.base.at[TEAM, "revenue"] == 7_200
        target = _fy(result, "target")
        assert "田中" not in target
        assert target["松本"] == pytest.approx(12 * 300 * GROWTH)
        assert target["佐藤"] == pytest.approx(12 * 300 * GROWTH)
        assert target[TEAM] == pytest.approx(KGI)
        flags = result.flags  # type: ignore[attr-defined]
        assert "田中" not in set(flags["rep"].astype(str))
        assert "critical" not in set(flags["severity"].astype(str))


def test_without_a_master_the_year_lines_name_the_heir(no_master: tuple[object, object]) -> None:
    """No Accounts sheet: 松本's lines of the year (t1 from January, t2 from February) say who
    took 田中's book over. Before, 田中 was planned; with him gone but no heir, t1 and t2
    were nobody's (the Plan's accounts nobody holds) and 松本 had no target (trial 49's book
    without a master: 小野 「売上目標なし」)."""
    for result in no_master:
        ev = result.evidence  # type: ignore[attr-defined]
        assert ev.reps == ["佐藤", "松本"]
        handed = result.history.handover  # type: ignore[attr-defined]
        assert handed.moved_to == (("松本", 2),) and handed.orphans == 0
        assert handed.received == (("松本", "田中", 2, date(2026, 1, 10)),)
        target = _fy(result, "target")
        assert "田中" not in target
        assert target["松本"] == pytest.approx(12 * 300 * GROWTH)
        assert target["佐藤"] == pytest.approx(12 * 300 * GROWTH)


def test_the_hire_is_planned_on_the_books_twelve_months(dipped: tuple[object, object]) -> None:
    for result in dipped:
        ev = result.evidence  # type: ignore[attr-defined]
        # Not a newcomer: he began after the baseline, on 田中's whole book (trial 49 小野).
        assert "松本" not in ev.building
        assert "松本" not in ev.at_end.index  # no level read on 田中's months
        assert not any(n.code.startswith("building_end_levels") for n in result.plan.notes)  # type: ignore[attr-defined]
        assert ev.base.at["松本", "revenue"] == 9 * 100 + 3 * DIP + 12 * 200


def test_end_levels_count_only_the_months_the_rep_held() -> None:
    """The rule on monthly facts: 松本's book as above (2 accounts), 佐藤's s1; he began in
    2026-01 (no month of the window), in 2025-12 (one), or is not known (all three)."""
    window = list(pd.period_range("2025-01", "2025-12", freq="M"))
    rows = []
    for m in window:
        t1 = DIP if m >= pd.Period("2025-10", "M") else 100
        for rep, revenue, accounts in (("松本", t1 + 200, 2), ("佐藤", 300, 1)):
            rows.append((rep, m, revenue, accounts))
        rows.append((TEAM, m, t1 + 500, 3))
    facts = pd.DataFrame(rows, columns=["rep", "month", "revenue", "active_accounts"])
    facts = facts.set_index(["rep", "month"])
    for column in FACT_COLUMNS:
        if column not in facts.columns:
            facts[column] = 0.0
    levers = ("active_accounts", "orders_per_account", "unit_price")
    hire = pd.Period("2026-01", "M")
    out, spend = end_levels(facts, ("松本",), levers, window, starts={"松本": hire})
    assert out.empty and spend.empty
    cut = math.log(120 / 142.5) - math.log(180 / 195)
    out, spend = end_levels(facts, ("松本",), levers, window)
    assert out.loc["松本"].sum() == pytest.approx(cut)
    assert spend.at["松本", "year"] == pytest.approx(142.5)
    assert spend.at["松本", "end"] == pytest.approx(120)
    assert (spend.at["松本", "end_first"], spend.at["松本", "end_months"]) == ("2025-10", 3)
    # Held December only: his 40 + 200 on 2 accounts, the team's 540 on 3, that month.
    out, spend = end_levels(
        facts, ("松本",), levers, window, starts={"松本": pd.Period("2025-12", "M")}
    )
    assert spend.at["松本", "end"] == pytest.approx(120)
    assert out.loc["松本"].sum() == pytest.approx(cut)
    assert (spend.at["松本", "end_first"], spend.at["松本", "end_months"]) == ("2025-12", 1)


def test_who_left_before_the_year() -> None:
    """Departed on the as-of date (``left``) and last seen by the eve, with no line in the
    plan year: A. B sold in January (after the moment); C has a plan-year line (a visit
    typed late); D was not seen before the moment at all."""
    moment = date(2025, 12, 31)
    left = {
        "A": date(2025, 12, 12),
        "B": date(2026, 1, 20),
        "C": date(2025, 11, 30),
        "D": date(2025, 12, 1),
    }
    last_seen = pd.Series(
        [T("2025-12-12"), T("2025-12-20"), T("2025-11-30"), T("2025-12-30")],
        index=["A", "B", "C", "E"],
    )
    assert left_before_year(left, last_seen, moment, {"C", "E"}) == {"A": date(2025, 12, 12)}
    assert left_before_year(None, last_seen, moment, set()) == {}
