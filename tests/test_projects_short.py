"""A rep behind pace because fewer of his ordinary large orders (projects) landed so far
(trial 52 H3: 高橋 誠 at 77.4% was sent to learn unit price from a colleague).

A small book written and read back: three reps (A–C), ten accounts each, 2024-04 … 2026-11,
fiscal year from April. Every account orders ¥10,000 on the 5th and the 20th (20 orders a rep
a month, his median order), and each rep lands three projects of ¥500,000 a month (50×
his median, 36 a year: more than 12, his business, no lumps) on the 12th. FY2026 planned on
FY2025 as is (KGI = three reps × 12 × ¥1,700,000); the data end on Friday 2026-11-20, so
the complete months are April – October.

- **A lands two projects a month from April 2026** (three again in November) against three:
  in April – October 14 against 21 in the same months of FY2025, 7 short, within 2 × √21 =
  9.2 (chance), ¥7,000,000 against ¥10,500,000. His revenue to date 8 × ¥200,000 + 17 ×
  ¥500,000 = ¥10,100,000 (pace under 80%); the projects' ¥3,500,000 short is more than half
  the gap (all of it). Unit price is the Review's main lever (¥57,062 against ¥73,913;
  orders −3.8%): before, the flag sent him to learn it from B or C, and the Review's main
  unit-price row still did (「差の主因。Bさん(…)のやり方を共有してもらいましょう」) after the flag
  said the projects: both now say the same counts and name no colleague.
- B and C as last year: no flag, nothing said of projects.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from routekpi.core import lumps
from routekpi.pipeline import compute_file
from routekpi.render_daily import _finding, flag_action
from tests.workbook_files import pasted_book

REPS = "ABC"


def _landed(rep: str, month: pd.Period) -> int:
    """Projects the rep lands in ``month``: three, but A's in April – October 2026 two."""
    if rep == "A" and pd.Period("2026-04", "M") <= month <= pd.Period("2026-10", "M"):
        return 2
    return 3


def _book(path: Path) -> Path:
    orders: list[list[object]] = []
    for month in pd.period_range("2024-04", "2026-11", freq="M"):
        start = month.start_time
        for rep in REPS:
            for i in range(10):
                for day in (5, 20):
                    stamp = (start + pd.Timedelta(days=day - 1)).date()
                    orders.append([stamp, f"{rep}{i}", rep, 10_000, 1, None])
            for k in range(_landed(rep, month)):
                stamp = (start + pd.Timedelta(days=11)).date()
                orders.append([stamp, f"{rep}{(month.month + k) % 10}", rep, 500_000, 1, None])
    accounts = [
        [f"{r}{i}", f"{r}{i}", r, date(2020, 4, 1), None, None, None]
        for r in REPS
        for i in range(10)
    ]
    rows = {"Orders": orders, "Accounts": accounts}
    kgi = 3 * 12 * 1_700_000
    return pasted_book(path, rows, kgi=kgi, plan_year=2026, start_month=4, as_of=date(2026, 11, 30))


def _flags(path: Path) -> dict[str, dict[str, object]]:
    (computed, *_), _ = compute_file(path)
    flags = computed.flags
    rows = flags[(flags["code"] == "behind_pace") & (flags["kpi"] == "revenue")]
    return {str(r["rep"]): r for r in rows.to_dict("records")}


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _book(tmp_path_factory.mktemp("projects") / "book.xlsm")


def test_fewer_projects_landed_is_said_and_no_colleague_named(book: Path) -> None:
    flags = _flags(book)
    assert set(flags) == {"A"}
    p = flags["A"]["params"]
    assert p["actual"] == pytest.approx(10_100_000.0) and p["pace"] < 0.8
    assert p["lever"] == "unit_price"
    assert (p["projects_expected"], p["projects_n"]) == (21, 14)
    assert p["projects_base"] == pytest.approx(10_500_000.0)
    assert p["projects_now"] == pytest.approx(7_000_000.0)
    words = flag_action("behind_pace", p, "A", "ja")
    assert "大型案件の数が例年より少ない" in words
    assert "ここまで 14件 ¥7,000,000 で、前年の同じ月の 21件 ¥10,500,000 より 7件" in words
    assert "やり方を聞いて" not in words and "さん" not in words


def test_without_the_rule_the_flag_names_a_colleague(
    book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The control: no shortfall counts as chance (PROJECTS_CHANCE 0), the flag as before."""
    monkeypatch.setattr(lumps, "PROJECTS_CHANCE", 0.0)
    p = _flags(book)["A"]["params"]
    assert "projects_n" not in p
    assert p["best_rep"] in ("B", "C")
    assert f"{p['best_rep']} さん" in flag_action("behind_pace", p, "A", "ja") or (
        f"{p['best_rep']}さん" in flag_action("behind_pace", p, "A", "ja")
    )


def _review(path: Path) -> tuple[dict[str, dict[str, object]], dict[str, str]]:
    """Rep → his unit-price Review row, and its finding in the Review's words (ja)."""
    (computed, *_), _ = compute_file(path)
    rows = computed.review.to_dict("records")
    main_of: dict[object, dict[str, object]] = {}
    for r in rows:
        if bool(r["main"]):
            main_of.setdefault(r["rep"], r)
    unit = {str(r["rep"]): r for r in rows if r["kpi"] == "unit_price"}
    return unit, {rep: _finding(r, main_of, "ja") for rep, r in unit.items()}


def test_the_review_says_the_projects_as_the_flag_does_and_names_no_colleague(
    book: Path,
) -> None:
    unit, words = _review(book)
    a = unit["A"]
    assert bool(a["main"]) and float(a["contribution"]) < 0
    detail = a["detail"]
    # The flag's counts and yen (module doc): April – October, 14 of 21, ¥7.0M of ¥10.5M.
    assert (detail["projects_expected"], detail["projects_n"]) == (21, 14)
    assert detail["projects_base"] == pytest.approx(10_500_000.0)
    assert detail["projects_now"] == pytest.approx(7_000_000.0)
    assert words["A"].startswith("差の主因。大型案件の数が例年より少ない")
    assert (
        "ここまで 14件 ¥7,000,000 で、前年の同じ月の 21件 ¥10,500,000 より 7件、¥3,500,000"
        in words["A"]
    )
    assert "さん" not in words["A"] and "やり方を共有" not in words["A"]
    for rep in "BC":  # on pace: nothing said of projects
        assert "projects_n" not in (unit[rep]["detail"] or {})
        assert "大型案件" not in words[rep]


def test_without_the_rule_the_review_names_a_colleague(
    book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The control: no shortfall counts as chance, the Review's row as before (a colleague)."""
    monkeypatch.setattr(lumps, "PROJECTS_CHANCE", 0.0)
    unit, words = _review(book)
    assert "projects_n" not in (unit["A"]["detail"] or {})
    assert unit["A"]["best_rep"] in ("B", "C")
    assert f"{unit['A']['best_rep']}さん" in words["A"]
