"""core.shock: a one-off wave of closures out of the plan's churn and its record (trial 44 M6).

Small books, numbers by hand: every month starts with 100 accounts (a team of 1,000 in
``_facts(scale=10)``); FY2021 loses 1 a month
(12 a year over 100 account-years: 0.12), FY2023 1.5 a month (0.18); FY2022 is the wave."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from routekpi.core.measure import TEAM
from routekpi.core.shock import (
    calm_losses,
    churn_shock,
    shock_note_code,
    shock_params,
    without_shock,
)
from routekpi.messages import text

MONTHS = list(pd.period_range("2021-04", "2024-03", freq="M"))


def _facts(wave: float, months: list[pd.Period] = MONTHS, scale: float = 1.0) -> pd.DataFrame:
    """One rep (and the team, the same) losing ``wave`` a month in FY2022; ``scale``: the
    book and its losses that many times (rates unchanged)."""
    lost = [
        1.0 if m < pd.Period("2022-04", "M") else wave if m < pd.Period("2023-04", "M") else 1.5
        for m in months
    ]
    rows = []
    for rep in ("A", TEAM):
        for m, c in zip(months, lost, strict=True):
            rows.append(
                {
                    "rep": rep,
                    "month": m,
                    "accounts_start": 100.0 * scale,
                    "cancellations": c * scale,
                    "active_accounts": 100.0,
                    "revenue": 1_000_000.0,
                    "orders": 200.0,
                    "visits": 400.0,
                }
            )
    return pd.DataFrame(rows).set_index(["rep", "month"])


def test_a_year_at_2_4_times_the_others_median_is_a_shock() -> None:
    # FY2022: 36 lost over 100 account-years = 0.36; the others' median (0.12 + 0.18) / 2 = 0.15.
    shock = churn_shock(_facts(3.0), MONTHS, 4)
    assert shock is not None
    assert shock.year == 2022
    assert shock.months == tuple(pd.period_range("2022-04", "2023-03", freq="M"))
    assert shock.rate == pytest.approx(0.36)
    assert shock.usual == pytest.approx(0.15)
    assert shock.keep == pytest.approx(0.15 / 0.36)
    assert shock.excess == pytest.approx(36 * (1 - 0.15 / 0.36))  # 21
    params = shock_params(shock, "FY2022")
    assert params == {
        "year": "FY2022",
        "rate": "36.0%",
        "usual": "15.0%",
        "times": "2.4",
        "excess": "21",
    }


def test_no_shock_at_1_7_times_nor_with_one_other_year() -> None:
    # 2.125 a month: 0.255 = 1.7 × 0.15, under the 1.8 bar.
    assert churn_shock(_facts(2.125), MONTHS, 4) is None
    # Two fiscal years only (FY2021, FY2022): one other year is no "usual".
    two = MONTHS[:24]
    assert churn_shock(_facts(3.0, two), two, 4) is None
    # Under 30 losses in the wave (12 × 2.125 … 3 = 25.5 … 36 here): chance. The same
    # rates on a book of 1,000 (255 losses) are still under the bar.
    assert churn_shock(_facts(2.125, scale=10.0), MONTHS, 4) is None
    assert churn_shock(_facts(2.4), MONTHS, 4) is None  # 28.8 losses: 0.288 = 1.92 × 0.15
    assert churn_shock(_facts(2.4, scale=10.0), MONTHS, 4) is not None
    # A wave in a part year at the end (the running year of a next-year plan) is not over:
    # FY2024's 8 months at 3.5 a month (0.42; 280 losses on a book of 1,000) top the years,
    # not a whole year.
    running = list(pd.period_range("2021-04", "2024-11", freq="M"))
    wave = _by_year({2021: 1.0, 2022: 1.0, 2023: 1.0, 2024: 3.5}, running, scale=10.0)
    assert churn_shock(wave, running, 4) is None
    # A last year of 5 months does not count as a year (FY2023 dropped): two years left.
    short = MONTHS[:29]
    assert churn_shock(_facts(3.0, short), short, 4) is None
    # Six months of it do (its rate per account-year: 9 over 50 = 0.18), and the wave before
    # it is over.
    six = MONTHS[:30]
    assert churn_shock(_facts(3.0, six), six, 4) is not None


def _by_year(
    per_month: dict[int, float], months: list[pd.Period], scale: float = 1.0
) -> pd.DataFrame:
    """``_facts``' book (100 × ``scale`` accounts at every month's start) losing
    ``per_month[fy]`` × ``scale`` a month in fiscal year ``fy``."""
    facts = _facts(1.0, months, scale)
    fy = [m.year if m.month >= 4 else m.year - 1 for m in facts.index.get_level_values("month")]
    facts["cancellations"] = [per_month[y] * scale for y in fy]
    return facts


BASE = {2021: 1.0, 2022: 1.0, 2023: 3.0}  # FY2023, the last year read, the wave


def test_the_base_year_itself_is_a_shock_after_steady_years() -> None:
    """Trial 50 M4: FY2021 and FY2022 lose 12 over 100 account-years (0.12), FY2023 — the
    plan's base year, the last read — 36 (0.36 = 3 × 0.12 > 1.8 × 0.12, 36 ≥ 30): the years
    before are steady (highest ÷ lowest 1.0 ≤ 1.4), so it is a passed wave: excess
    36 × (1 − 0.12 / 0.36) = 24."""
    shock = churn_shock(_by_year(BASE, MONTHS), MONTHS, 4)
    assert shock is not None and shock.base_year
    assert shock.year == 2023 and shock.months == tuple(MONTHS[24:])
    assert shock.rate == pytest.approx(0.36) and shock.usual == pytest.approx(0.12)
    assert shock.excess == pytest.approx(24.0)
    assert (shock.low, shock.high) == (pytest.approx(0.12), pytest.approx(0.12))
    assert shock.after_months == 0 and math.isnan(shock.after_rate)
    assert shock_note_code(shock) == "churn_shock_base"
    params = shock_params(shock, "FY2023")
    assert params["low"] == "12.0%" and params["high"] == "12.0%" and params["excess"] == "24"
    said = text("churn_shock_base", "ja", **params)
    head = "閉店の多かったFY2023(直近の年度): 解約率(保有顧客1社・1年あたり)"
    assert said.startswith(f"{head}36.0%は")
    assert "その前の年は12.0%〜12.0%で平常" in said and "約24件を超過分" in said
    # The wave year not last (FY2024 after it at the usual rate): the old reading, its words.
    four = list(pd.period_range("2021-04", "2025-03", freq="M"))
    older = churn_shock(_by_year({**BASE, 2024: 1.0}, four), four, 4)
    assert older is not None and not older.base_year and shock_note_code(older) == "churn_shock"


def test_the_months_after_the_base_year_say_whether_it_is_over() -> None:
    """The running plan year's months to date (FY2024's from April): 5 months at 1 a month
    (0.12 per account-year): over, the Plan says the 5 months' rate; at 3 a month (0.36 ≥
    1.8 × 0.12) it goes on: no shock. Two months say nothing (under 3). Eight months are
    read the same (evidence, not a year of the history: the usual stays the years before)."""
    after = list(pd.period_range("2024-04", "2024-11", freq="M"))
    every = MONTHS + after
    calm = churn_shock(_by_year({**BASE, 2024: 1.0}, every), MONTHS, 4, after[:5])
    assert calm is not None and calm.base_year
    assert calm.after_months == 5 and calm.after_rate == pytest.approx(0.12)
    assert shock_note_code(calm) == "churn_shock_base_after"
    params = shock_params(calm, "FY2023")
    assert params["months"] == 5 and params["after"] == "12.0%"
    said = text("churn_shock_base_after", "ja", **params)
    assert "その後の5か月も12.0%と波の水準ではない" in said
    going = _by_year({**BASE, 2024: 3.0}, every)
    assert churn_shock(going, MONTHS, 4, after[:5]) is None
    two = churn_shock(going, MONTHS, 4, after[:2])
    assert two is not None and two.after_months == 0  # too few months to read
    eight = churn_shock(_by_year({**BASE, 2024: 1.0}, every), MONTHS, 4, after)
    assert eight is not None and eight.base_year and eight.after_months == 8
    assert eight.usual == pytest.approx(0.12) and eight.months == tuple(MONTHS[24:])
    assert churn_shock(going, MONTHS, 4, after) is None
    # A later year in the history as high as the wave: it goes on (FY2023 and FY2024 tie).
    four = list(pd.period_range("2021-04", "2025-03", freq="M"))
    assert churn_shock(_by_year({**BASE, 2024: 3.0}, four), four, 4) is None


def test_the_end_of_a_rise_is_no_wave() -> None:
    """0.12, 0.24, then 0.48 (48 losses; 0.48 > 1.8 × the median 0.18): the years before
    are 2 times apart (over 1.4): a rise, maybe the new normal — no shock. Nor a base year
    of under 12 months at the end (a part year of 6 … 11 counts as a year)."""
    assert churn_shock(_by_year({2021: 1.0, 2022: 2.0, 2023: 4.0}, MONTHS), MONTHS, 4) is None
    nine = MONTHS[:33]  # FY2023 April … December (270 losses on a book of 1,000)
    assert churn_shock(_by_year(BASE, nine, scale=10.0), nine, 4) is None


def test_calm_losses_counts_the_wave_at_the_usual_rate() -> None:
    facts = _facts(3.0)
    shock = churn_shock(facts, MONTHS, 4)
    calm = calm_losses(facts, shock)
    wave = calm.xs("2022-07", level="month", drop_level=False)["cancellations"]
    assert wave.to_numpy() == pytest.approx([1.25, 1.25])  # 3 × 0.15 / 0.36
    rest = calm.xs(pd.Period("2023-07", "M"), level="month")["cancellations"]
    assert rest.to_numpy() == pytest.approx([1.5, 1.5])
    # The wave year now reads 15 over 100 account-years: the other years' median.
    assert churn_shock(calm, MONTHS, 4) is None
    assert calm_losses(facts, None) is facts


def test_without_shock_adds_back_the_excess_losses_thinning_at_the_usual_rate() -> None:
    facts = _facts(3.0)
    shock = churn_shock(facts, MONTHS, 4)
    assert shock is not None
    out = without_shock(facts, shock)
    excess = 3.0 * (1 - 0.15 / 0.36)  # 1.75 a month beyond the usual rate
    hazard = 1 - math.exp(-0.15 / 12)
    a = out.xs("A", level="rep")
    # Lost in April: missing from May on.
    assert a.at[pd.Period("2022-04", "M"), "active_accounts"] == pytest.approx(100.0)
    assert a.at[pd.Period("2022-05", "M"), "active_accounts"] == pytest.approx(100 + excess)
    june = excess * (1 - hazard) + excess
    assert a.at[pd.Period("2022-06", "M"), "active_accounts"] == pytest.approx(100 + june)
    # After the wave the 21 excess thin at the usual hazard only.
    back = 0.0
    for _ in range(12):
        back = back * (1 - hazard) + excess
    april = back  # lifted into 2023-04, then two months of thinning to June
    assert a.at[pd.Period("2023-06", "M"), "active_accounts"] == pytest.approx(
        100 + april * (1 - hazard) ** 2
    )
    # Sizes grow together: the ratios (revenue per account, orders per visit) stay.
    ratio = a["revenue"] / a["active_accounts"]
    assert np.allclose(ratio.to_numpy(), 10_000.0)
    assert np.allclose((a["orders"] / a["visits"]).to_numpy(), 0.5)
    # Before the wave nothing moves; the losses themselves are as they were.
    assert a.loc[: pd.Period("2022-04", "M"), "revenue"].eq(1_000_000.0).all()
    assert a["cancellations"].equals(facts.xs("A", level="rep")["cancellations"])
    assert without_shock(facts, None) is facts


def test_the_plan_reads_the_churn_of_the_other_years_and_says_so() -> None:
    """A book of orders and an Accounts sheet (tests/test_evidence_targets), FY2022 …
    FY2025 planned for FY2026: 200 accounts all along; one more lost each month of FY2022
    (months 1 … 11), FY2024 and FY2025 (12 each), three each month of FY2023 (36). A
    month's starting book counts an account ending in it (the history's first month has
    none); the rates, losses ÷ (starting books ÷ 12), are summed below by hand's rule. The
    churn (flows: FY2025 whole, FY2024 ½, FY2023 ¼, each over its first month's book):
    (12 + ½ × 12 + ¼ × 36 × keep) ÷ (book₃₆ + ½ book₂₄ + ¼ book₁₂)."""
    from datetime import date

    from routekpi.core.baselines import build_evidence
    from routekpi.core.history import PlanSettings
    from routekpi.messages import text
    from tests.test_evidence_targets import _history

    ends = list(range(1, 12)) + [m for m in range(12, 24) for _ in range(3)]
    ends += list(range(24, 36)) + list(range(36, 48))
    book = [(0, None)] * 200 + [(0, m) for m in ends]

    def live(m: int) -> int:
        return 0 if m == 0 else 200 + sum(1 for e in ends if e >= m)

    def rate(first: int) -> float:
        lost = sum(1 for e in ends if first <= e < first + 12)
        return lost / (sum(live(m) for m in range(first, first + 12)) / 12)

    rates = {fy: rate(12 * (fy - 2022)) for fy in (2022, 2023, 2024, 2025)}
    usual = sorted([rates[2022], rates[2024], rates[2025]])[1]
    assert rates[2023] > 1.8 * usual  # 36 ÷ 254.5 against 12 ÷ 212.5 or so
    keep = usual / rates[2023]
    history = _history({"A": book}, lambda rep, fy: 1000.0)
    ev = build_evidence(history, PlanSettings(kgi=1.0, plan_year=2026, as_of=date(2026, 3, 31)))
    want = (12 + 6 + 9 * keep) / (live(36) + live(24) / 2 + live(12) / 4)
    assert float(ev.flows.churn[TEAM]) == pytest.approx(want, rel=1e-9)
    (note,) = [n for n in ev.notes if n.code == "churn_shock"]
    assert note.params == {
        "year": "FY2023",
        "rate": f"{rates[2023] * 100:.1f}%",
        "usual": f"{usual * 100:.1f}%",
        "times": f"{rates[2023] / usual:.1f}",
        "excess": f"{36 * (1 - keep):,.0f}",
    }
    said = text(note.code, "ja", **note.params)
    assert said.startswith(
        f"閉店の多かったFY2023: 解約率(保有顧客1社・1年あたり){note.params['rate']}は"
    )


def _base_wave_book(months: int = 56) -> tuple[object, list[int], Callable[[int], int]]:
    """Trial 50 M4's shape, FY2022 … FY2025 (``months`` 48) or FY2026 to November (56, a
    running-year plan): 200 accounts all along; one more lost each month of FY2022 (months
    1 … 11), FY2023 and FY2024, three each month of FY2025 (the base year, 36) and one each
    month of FY2026 to date (8)."""
    from tests.test_evidence_targets import _history

    ends = list(range(1, 36)) + [m for m in range(36, 48) for _ in range(3)]
    ends += list(range(48, months))
    book = [(0, None)] * 200 + [(0, m) for m in ends]

    def live(m: int) -> int:
        return 0 if m == 0 else 200 + sum(1 for e in ends if e >= m)

    return _history({"A": book}, lambda rep, fy: 1000.0, months=months), ends, live


def _rates(ends: list[int], live: Callable[[int], int]) -> Callable[..., float]:
    def rate(first: int, n: int = 12) -> float:
        lost = sum(1 for e in ends if first <= e < first + n)
        return lost / (sum(live(m) for m in range(first, first + n)) / 12)

    return rate


def test_a_plan_before_its_year_reads_its_base_year_as_the_wave() -> None:
    """PlanYear 2026 made on 2026-03-31, its base year FY2025 the wave and the last year
    read (before: its churn carried into FY2026's target). The rates, losses ÷ (starting
    books ÷ 12), by hand; the churn as the plan test above reads it (FY2025 whole, FY2024 ½,
    FY2023 ¼, each over its first month's book), the wave's losses at the usual rate."""
    from datetime import date

    from routekpi.core.baselines import build_evidence
    from routekpi.core.history import PlanSettings

    history, ends, live = _base_wave_book(48)
    rate = _rates(ends, live)
    rates = {fy: rate(12 * (fy - 2022)) for fy in (2022, 2023, 2024, 2025)}
    others = [rates[2022], rates[2023], rates[2024]]
    usual = sorted(others)[1]
    assert rates[2025] > 1.8 * usual and max(others) <= 1.4 * min(others)
    keep = usual / rates[2025]
    ev = build_evidence(history, PlanSettings(kgi=1.0, plan_year=2026, as_of=date(2026, 3, 31)))
    want = (36 * keep + 6 + 3) / (live(36) + live(24) / 2 + live(12) / 4)
    assert float(ev.flows.churn[TEAM]) == pytest.approx(want, rel=1e-9)
    (note,) = [n for n in ev.notes if n.code == "churn_shock_base"]
    assert note.params == {
        "year": "FY2025",
        "rate": f"{rates[2025] * 100:.1f}%",
        "usual": f"{usual * 100:.1f}%",
        "times": f"{rates[2025] / usual:.1f}",
        "excess": f"{36 * (1 - keep):,.0f}",
        "low": f"{min(others) * 100:.1f}%",
        "high": f"{max(others) * 100:.1f}%",
        "months": 0,
        "after": "",
    }


def test_a_running_year_plan_reads_the_wave_with_its_months_since(tmp_path: Path) -> None:
    """The same as of 2026-11-30 (trial 50 M4's running-year plan): FY2026's 8 months (one
    lost a month) are back at the usual level; the Plan says so. The churn and the usual as
    before the year (the months since are evidence, not a year). Written to a book and read
    back."""
    from datetime import date

    import openpyxl

    from routekpi.core.baselines import build_evidence
    from routekpi.core.history import PlanSettings
    from routekpi.recalc import recalculate
    from tests.workbook_files import frames_book

    history, ends, live = _base_wave_book(56)
    rate = _rates(ends, live)
    rates = [rate(12 * (fy - 2022)) for fy in (2022, 2023, 2024, 2025)]
    usual = sorted(rates[:3])[1]
    keep = usual / rates[3]
    assert rate(48, 8) < 1.8 * usual
    ev = build_evidence(history, PlanSettings(kgi=1.0, plan_year=2026, as_of=date(2026, 11, 30)))
    want = (36 * keep + 6 + 3) / (live(36) + live(24) / 2 + live(12) / 4)
    assert float(ev.flows.churn[TEAM]) == pytest.approx(want, rel=1e-9)
    (note,) = [n for n in ev.notes if n.code == "churn_shock_base_after"]
    assert note.params["months"] == 8 and note.params["after"] == f"{rate(48, 8) * 100:.1f}%"
    assert note.params["usual"] == f"{usual * 100:.1f}%"
    book = frames_book(
        tmp_path / "wave.xlsm",
        history,
        {"KGI": 2_500_000, "PlanYear": 2026, "AsOf": date(2026, 11, 30)},
    )
    recalculate(book)
    plan = openpyxl.load_workbook(book, read_only=True)["Plan"]
    said = "".join(str(c) for row in plan.iter_rows(values_only=True) for c in row if c)
    head = "閉店の多かったFY2025(直近の年度): 解約率(保有顧客1社・1年あたり)"
    assert f"{head}{rates[3] * 100:.1f}%は他の年の中央値{usual * 100:.1f}%" in said
    # The book's orders stop on 2026-11-10 (the 10th of each month): November is not closed
    # there (baselines.complete_through), so the months since are April … October.
    assert f"その後の7か月も{rate(48, 7) * 100:.1f}%と波の水準ではない" in said
