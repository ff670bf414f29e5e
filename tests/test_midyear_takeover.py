"""A rep who joins during the plan year and takes accounts over from colleagues: the year's
targets stay with the reps who held the accounts at its start (core/handover.py), so the
newcomer shows on Attainment and Review with his actuals and "no target", and each giver's
revenue is shown as booked and without the accounts he handed over (core/review.py
``handed_over``). A colleague with a plan who takes accounts over takes their targets from
the handover month on (core/carry.py). The workbook of test_transfer.py, recalculated and
read back with openpyxl.

The book (FY2026 = calendar 2026, fiscal start month 1, as of 2026-10-31: ten whole months
elapsed): one order a month on the 10th, one visit on the 12th, January 2025 – December 2026.
t1 ¥100 and t2 ¥200 are 田中's, s1 ¥300, s2 ¥400 and t3 ¥50 佐藤's (t3 since July 2025);
松本 serves t2 and s2 from 2026-07-10. KGI ¥12,600 = the 2025 baseline, so each rep's
revenue target is his baseline, the same every month: 田中 12 × (100 + 200) = 3,600 (300 a
month, 3,000 to date); 佐藤 12 × (300 + 400 + 50) = 9,000 (750 a month, 7,500 to date).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from workbook_files import review_lines_joined

from routekpi.contract import display_width
from routekpi.core.review import REVIEW_COLUMNS
from routekpi.messages import text
from routekpi.recalc import recalculate
from routekpi.render_daily import review_rows
from routekpi.schema import OUTPUT_COLUMNS
from tests.test_transfer import write_book

ATTAINMENT_KEYS = ["period", "rep", "kpi_key", "kpi", "actual", "target", "attainment", "pace"]
ATTAINMENT_KEYS += ["forecast", "target_to_date"]
REVIEW_KEYS = ["rep", "kpi_key", "kpi", "target", "actual", "attainment", "contribution"]
REVIEW_KEYS += ["trend", "best_rep", "best_value", "comment", "notes"]
Rows = list[dict[str, object]]


@pytest.fixture(scope="module", params=["ja", "en"])
def sheets(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict:
    language = str(request.param)
    path = write_book(tmp_path_factory.mktemp(language) / "book.xlsm", 2026, date(2026, 10, 31))
    return _recalculated(path, language)


def _recalculated(path: Path, language: str) -> dict:
    """The book recalculated in ``language``: its Attainment and Review rows by column key."""
    wb = openpyxl.load_workbook(path, keep_vba=True)
    wb["Settings"]["B8"] = language
    wb.save(path)
    recalculate(path)
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    out: dict[str, object] = {"language": language}
    for name, keys in (("Attainment", ATTAINMENT_KEYS), ("Review", REVIEW_KEYS)):
        rows = list(wb[name].iter_rows(values_only=True))
        out[name] = [dict(zip(keys, r, strict=False)) for r in rows[1:]]
    # One row per rep × KPI, the finding and notes whole (wrapped over printed lines).
    out["Review"] = review_lines_joined(out["Review"], "kpi_key", ("comment", "notes"))
    return out


def _row(rows: Rows, rep: str, kpi: str, period: str | None = None) -> dict[str, object]:
    return next(
        r
        for r in rows
        if r["rep"] == rep and r["kpi_key"] == kpi and (period is None or r["period"] == period)
    )


def test_the_newcomer_shows_his_actuals_since_the_takeover_and_no_target(sheets: dict) -> None:
    language = sheets["language"]
    no_target = text("review.no_target", language)
    att: Rows = sheets["Attainment"]  # type: ignore[assignment]
    mine = [r for r in att if r["rep"] == "松本"]
    # His months from his first order or visit (July) to the as-of date, and the year.
    periods = ["2026-07", "2026-08", "2026-09", "2026-10", "FY2026"]
    assert sorted({r["period"] for r in mine}) == periods
    # Every row: "no target", never 0% or an error; the actuals are his.
    assert {r["target"] for r in mine} == {no_target}
    assert all(r["attainment"] is None and r["pace"] is None for r in mine)
    # t2 ¥200 + s2 ¥400 a month for four months.
    assert _row(att, "松本", "revenue", "FY2026")["actual"] == 4 * (200 + 400) == 2400
    assert _row(att, "松本", "revenue", "2026-07")["actual"] == 600
    assert _row(att, "松本", "orders", "FY2026")["actual"] == 8
    assert _row(att, "松本", "visits", "FY2026")["actual"] == 8
    # Over his own four months (not the year's ten): 8 visits ÷ (2 accounts × 4 months),
    # ¥2,400 ÷ 8 orders.
    assert _row(att, "松本", "visits_per_account", "FY2026")["actual"] == pytest.approx(1.0)
    assert _row(att, "松本", "unit_price", "FY2026")["actual"] == pytest.approx(300)
    review: Rows = sheets["Review"]  # type: ignore[assignment]
    revenue = _row(review, "松本", "revenue")
    assert revenue["actual"] == 2400 and revenue["target"] == no_target
    assert revenue["attainment"] is None and revenue["contribution"] is None
    assert {r["target"] for r in review if r["rep"] == "松本"} == {no_target}
    # How many accounts he took over, and since when (the first line after the takeover).
    expected = {
        "ja": "目標なし(年度中に顧客 2 件を引き継ぎ、2026-07-10〜)",
        "en": "no target (accounts taken over in the year: 2, from 2026-07-10)",
    }
    assert revenue["comment"] == expected[language]
    # No best-performer or team-best claim built on a rep without a target.
    assert all(r["best_rep"] != "松本" for r in review)


@pytest.mark.parametrize(
    ("rep", "booked", "target", "moved_share", "moved_sales"),
    [
        # 田中: t1 10 × 100 + t2 6 × 200 (January – June) = 2,200 of 3,000 to date (73.3%);
        # t2 was 2,400 of his 3,600 baseline: 2/3 of the target.
        ("田中", 2200, 3600, 2 / 3, 1200),
        # 佐藤: s1 3,000 + t3 500 + s2 6 × 400 = 5,900 of 7,500 (78.7%); s2 was 4,800 of
        # 9,000: 8/15.
        ("佐藤", 5900, 9000, 8 / 15, 2400),
    ],
)
def test_each_giver_reads_as_booked_and_without_the_accounts_handed_over(
    sheets: dict, rep: str, booked: float, target: float, moved_share: float, moved_sales: float
) -> None:
    language = sheets["language"]
    to_date = target * 10 / 12
    att: Rows = sheets["Attainment"]  # type: ignore[assignment]
    fy = _row(att, rep, "revenue", "FY2026")
    assert fy["actual"] == booked and fy["target"] == pytest.approx(target)
    assert fy["target_to_date"] == pytest.approx(to_date)
    assert fy["attainment"] == pytest.approx(booked / to_date)  # as booked
    # The two rows right under the year's revenue row: 田中's t2 had a target of 2,400 for
    # the year, 2,000 to date, and sold 1,200; the rest of his book 1,200 / 1,000 / 1,000.
    at = att.index(fy)
    moved, kept = att[at + 1], att[at + 2]
    assert (moved["kpi_key"], kept["kpi_key"]) == ("moved_accounts", "revenue_kept")
    assert moved["period"] == kept["period"] == "FY2026" and moved["rep"] == kept["rep"] == rep
    assert moved["kpi"] == text("review.kpi.moved_accounts", language)
    assert kept["kpi"] == text("review.kpi.revenue_kept", language)
    assert moved["actual"] == moved_sales
    assert moved["target"] == pytest.approx(target * moved_share)
    assert moved["target_to_date"] == pytest.approx(to_date * moved_share)
    assert moved["attainment"] is None  # not a performance: the accounts left mid-year
    assert kept["actual"] == booked - moved_sales
    assert kept["target"] == pytest.approx(target * (1 - moved_share))
    assert kept["target_to_date"] == pytest.approx(to_date * (1 - moved_share))
    assert kept["attainment"] == pytest.approx(1.0)  # the book he kept: on target
    review: Rows = sheets["Review"]  # type: ignore[assignment]
    at = next(i for i, r in enumerate(review) if r["rep"] == rep and r["kpi_key"] == "revenue")
    revenue, moved, kept = review[at], review[at + 1], review[at + 2]
    assert revenue["attainment"] == pytest.approx(booked / to_date)
    assert (moved["kpi_key"], kept["kpi_key"]) == ("moved_accounts", "revenue_kept")
    assert moved["target"] == pytest.approx(to_date * moved_share)
    assert moved["actual"] == moved_sales
    assert moved["attainment"] is None and moved["contribution"] is None
    assert kept["target"] == pytest.approx(to_date * (1 - moved_share))
    assert kept["actual"] == booked - moved_sales
    assert kept["attainment"] == pytest.approx(1.0)
    share = f"{moved_share * 100:.1f}%"
    booked_pct = f"{booked / to_date * 100:.1f}%"
    expected = {
        "ja": (
            f"年度中に別の担当者へ渡した顧客 1 件(2026-07-10〜)、目標の {share}(基準期間の売上比)",
            f"渡した顧客を除く達成率 100.0%(記帳どおりは {booked_pct})",
        ),
        "en": (
            "accounts handed to another rep in the year: 1 (from 2026-07-10),"
            f" {share} of the target",
            f"attainment without the handed-over accounts 100.0% ({booked_pct} as booked)",
        ),
    }
    assert (moved["comment"], kept["comment"]) == expected[language]


def test_the_team_is_whole_and_a_rep_without_a_handover_has_no_extra_rows(sheets: dict) -> None:
    att: Rows = sheets["Attainment"]  # type: ignore[assignment]
    # 2,200 + 5,900 + 2,400 = 10,500: the team's revenue is every rep's, the newcomer's too.
    assert _row(att, "ALL", "revenue", "FY2026")["actual"] == 10_500
    assert not [r for r in att if r["rep"] == "ALL" and r["kpi_key"] == "moved_accounts"]
    review: Rows = sheets["Review"]  # type: ignore[assignment]
    # The newcomer's sales are in the team's gap no planned rep's levers explain.
    # The team is on target (10,500 of 10,500): 田中 −800 and 佐藤 −1,600 by their levers
    # and timing, +2,400 unsplit.
    assert _row(review, "ALL", "unsplit")["contribution"] == pytest.approx(2400)


def test_the_new_labels_fit_the_kpi_column() -> None:
    for sheet in ("Attainment", "Review"):
        width = next(c.width for c in OUTPUT_COLUMNS[sheet] if c.key == "kpi")
        for language in ("ja", "en"):
            for key in ("moved_accounts", "revenue_kept", "taken_accounts", "revenue_own"):
                assert display_width(text(f"review.kpi.{key}", language)) <= width
            assert display_width(text("review.no_target", language)) <= next(
                c.width for c in OUTPUT_COLUMNS[sheet] if c.key.startswith("target")
            )


def test_a_rep_without_a_plan_who_took_nothing_over_says_since_when() -> None:
    """A rep with actuals but no plan and no takeover (new accounts of his own): the finding
    says "no target" and from which month his actuals count."""
    row = dict.fromkeys(REVIEW_COLUMNS, np.nan)
    row.update(rep="新人", kpi="revenue", actual_ytd=1500.0, main=False, trend="", best_rep="")
    row.update(notes="", planned=False, detail={"since": "2026-09"})
    cells = review_rows(pd.DataFrame([row], columns=list(REVIEW_COLUMNS)), "ja")[0]
    values = [getattr(c, "value", c) for c in cells]
    assert values[REVIEW_KEYS.index("target")] == "目標なし"
    assert values[REVIEW_KEYS.index("actual")] == 1500.0
    assert values[REVIEW_KEYS.index("comment")] == "目標なし(計画にない担当者、2026-09〜の実績のみ)"


def test_an_account_counts_as_active_for_the_rep_who_held_it_that_month(sheets: dict) -> None:
    """t2 and s2 are 田中's and 佐藤's until June (their lines, and the holder at the plan
    year's start), 松本's from July: the Accounts sheet's rep no longer owns them in every
    month. Before, 田中 had 1 account in every month, the baseline too (visits per account
    2.0 planned, 1.6 so far, the shortfall read as too few visits), and the team's active
    accounts target was 3 (松本's 2 on no planned rep)."""
    att: Rows = sheets["Attainment"]  # type: ignore[assignment]
    assert _row(att, "田中", "active_accounts", "2026-06")["actual"] == 2  # t1, t2
    assert _row(att, "田中", "active_accounts", "2026-07")["actual"] == 1  # t1
    assert _row(att, "佐藤", "active_accounts", "2026-06")["actual"] == 3  # s1, s2, t3
    assert _row(att, "佐藤", "active_accounts", "2026-07")["actual"] == 2
    assert _row(att, "松本", "active_accounts", "2026-07")["actual"] == 2
    # The year: (2 × 6 + 1 × 4) ÷ 10 = 1.6 of the baseline's 2 (t1, t2 all of 2025).
    fy = _row(att, "田中", "active_accounts", "FY2026")
    assert fy["actual"] == pytest.approx(1.6) and fy["target"] == pytest.approx(2)
    fy = _row(att, "佐藤", "active_accounts", "FY2026")
    assert fy["actual"] == pytest.approx(2.6) and fy["target"] == pytest.approx(3)
    # One visit a month per account he held: 16 visits ÷ 16 account-months, on target.
    vpa = _row(att, "田中", "visits_per_account", "FY2026")
    assert vpa["actual"] == pytest.approx(1.0) and vpa["target"] == pytest.approx(1.0)
    assert _row(att, "ALL", "active_accounts", "FY2026")["target"] == pytest.approx(5)
    # The Review puts 田中's shortfall on the accounts he no longer has, not on visits.
    review: Rows = sheets["Review"]  # type: ignore[assignment]
    active = _row(review, "田中", "active_accounts")
    assert active["actual"] == pytest.approx(1.6) and active["target"] == pytest.approx(2)
    assert active["contribution"] < 0
    assert _row(review, "田中", "visits_per_account")["contribution"] == pytest.approx(0, abs=1e-6)


@pytest.fixture(scope="module", params=["ja", "en"])
def colleague(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The same book without the newcomer: 佐藤, who has a plan, takes t2 over from 田中 in
    July (test_transfer ``write_book(colleague=True)``)."""
    language = str(request.param)
    folder = tmp_path_factory.mktemp(f"colleague_{language}")
    path = write_book(folder / "book.xlsm", 2026, date(2026, 10, 31), colleague=True)
    return _recalculated(path, language)


def test_a_colleague_who_took_accounts_over_carries_their_targets(colleague: dict) -> None:
    """Targets follow the accounts (core.carry): 佐藤 took t2 (¥200 a month, two thirds of
    田中's 300 baseline) from 田中 in July, so from July 田中's month target is 300 × ⅓ = 100
    and 佐藤's 750 + 200 = 950. To date (ten months): 佐藤 6 × 750 + 4 × 950 = 8,300 against
    s1 3,000 + s2 4,000 + t3 500 + t2 4 × 200 = 8,300 booked: 100%, no taken/own rows;
    田中 6 × 300 + 4 × 100 = 2,200 against t1 1,000 + t2 1,200: 100%, no moved row. The
    year: 佐藤 4,500 + 5,700 = 10,200, 田中 1,800 + 600 = 2,400; the team's 12,600 stands."""
    att: Rows = colleague["Attainment"]  # type: ignore[assignment]
    assert not [r for r in att if r["rep"] == "松本"]
    for rep, to_date, year in (("佐藤", 8300, 10_200), ("田中", 2200, 2400)):
        fy = _row(att, rep, "revenue", "FY2026")
        assert fy["actual"] == to_date and fy["target_to_date"] == pytest.approx(to_date)
        assert fy["target"] == pytest.approx(year)
        assert fy["attainment"] == pytest.approx(1.0)
        after = att[att.index(fy) + 1]
        assert after["kpi_key"] not in ("taken_accounts", "revenue_own", "moved_accounts")
    assert _row(att, "ALL", "revenue", "FY2026")["actual"] == 10_500
    assert _row(att, "ALL", "revenue", "FY2026")["target"] == pytest.approx(12_600)
    review: Rows = colleague["Review"]  # type: ignore[assignment]
    at = next(i for i, r in enumerate(review) if r["rep"] == "佐藤" and r["kpi_key"] == "revenue")
    assert review[at]["target"] == pytest.approx(8300) and review[at]["actual"] == 8300
    assert review[at + 1]["kpi_key"] != "taken_accounts"


def test_a_newcomer_without_a_dated_line_yet_reads_no_empty_date_range() -> None:
    """No dated line on the taken accounts yet: no "、—〜" (trial 19), the count alone."""
    from routekpi.render_daily import _finding

    row = {"kpi": "revenue", "planned": False, "detail": {"accounts": 3, "first": ""}}
    assert _finding(row, {}, "ja") == "目標なし(年度中に顧客 3 件を引き継ぎ)"
    assert _finding(row, {}, "en") == "no target (accounts taken over in the year: 3)"
