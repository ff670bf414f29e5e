"""The Plan sheet's explanations (trial14): where the growth comes from when one lever carries
most of it, the levers' product against the plan's revenue, the year-end accounts formula on
the Targets' numbers, and why usage to date rises far more than revenue.

Numbers are hand-computed from small stand-in results (the helpers read only what is given).
"""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd

from routekpi.core.engine import run
from routekpi.core.levers import PriceStep
from routekpi.core.measure import TEAM
from routekpi.io.samplebook import write_sample_workbook
from routekpi.pipeline import compute_file
from routekpi.render import (
    _PLAN as PLAN_SHEET,
)
from routekpi.render import (
    _check_note,
    _lever_source_rows,
    _team_year,
    _usage_rows,
    plan_rows,
)
from routekpi.wrapping import wrap_text

LEVERS = ("active_accounts", "visits_per_account", "orders_per_visit", "unit_price")


def _notes(rows: list[list[object]]) -> str:
    """A wrapped Plan note read back as one text (line breaks fall at spaces)."""
    return "".join(str(r[2]) for r in rows).replace(" ", "")


def _result(
    uplift: list[float],
    *,
    mix: str = "evidence",
    weights: dict[str, float] | None = None,
    planned: tuple[str, float, float] | None = None,
) -> SimpleNamespace:
    """A stand-in result: the team's lever factors, a unit-price trend of +6.4% over the
    17 months from the baseline to the plan year (+4.5% a year), and its year-on-year
    changes to 2026-10 (+5.1%) and to 2025-10 (+3.6%)."""
    months = pd.period_range("2024-10", "2026-10", freq="M")
    changes = pd.DataFrame(
        np.nan,
        index=pd.MultiIndex.from_product([[TEAM], months], names=["rep", "month"]),
        columns=list(LEVERS),
    )
    changes.loc[(TEAM, pd.Period("2026-10", "M")), "unit_price"] = math.log(1.051)
    changes.loc[(TEAM, pd.Period("2025-10", "M")), "unit_price"] = math.log(1.036)
    trend = pd.DataFrame(0.0, index=[TEAM], columns=list(LEVERS))
    trend.loc[TEAM, "unit_price"] = math.log(1.064)
    yearly = trend.copy()
    yearly.loc[TEAM, "unit_price"] = math.log(1.045)
    ev = SimpleNamespace(
        trend=trend,
        gap_months=5,
        lever_evidence=SimpleNamespace(changes=changes, trend=yearly),
        settings=SimpleNamespace(weights=weights or {}),
        # ``planned``: a revision planned on Settings (month, log size, log carry of the
        # year), in the unit-price trend as baselines._with_planned puts it.
        planned_carry=planned[2] if planned else 0.0,
        planned_revision=planned[:2] if planned else None,
    )
    plan = SimpleNamespace(
        levers=LEVERS,
        lever_uplift=pd.DataFrame([uplift], index=[TEAM], columns=list(LEVERS)),
        lever_mix=mix,
        uplift=float(np.prod(uplift)),
    )
    # ``notes``: the run's notes (none here: no stack's tax switch to name a step by).
    return SimpleNamespace(evidence=ev, plan=plan, notes=[])


def test_unit_price_carrying_most_of_the_growth_says_where_it_comes_from() -> None:
    # log factors 0.00598, -0.00401, 0.00399, 0.06297: unit price is 86% of the rising ones.
    # Plan 1.006 × 0.996 × 1.004 × 1.065 = 1.07137 (+7.1%); trend 1.064, push 1.065 ÷ 1.064.
    result = _result([1.006, 0.996, 1.004, 1.065])
    rows = _lever_source_rows(result, "ja")
    assert rows[0][0] == "伸びの出どころ"
    note = _notes(rows)
    assert "取引単価の伸び+6.5%が計画の伸び+7.1%の大半です" in note
    assert "うち+6.4%は" in note
    assert "前年比〜2026-10+5.1%、〜2025-10+3.6%。この1年の平均で年+4.5%" in note
    assert "(17か月分)" in note
    assert "上乗せは+0.1%です" in note
    assert "値上げの予定がなければ" in note and "WeightUnitPriceを0" in note
    english = _notes(_lever_source_rows(result, "en"))
    assert "Unitprice+6.5%ismostoftheplan's+7.1%:+6.4%" in english
    assert "to2026-10+5.1%,to2025-10+3.6%" in english and "+4.5%ayear" in english


def test_a_planned_revision_is_said_as_the_managers_not_as_past_movement() -> None:
    """Trial 34 H1: a +5% revision planned for 2027-04 on a flat price was said to be the
    team's past movement 「(前年比 +0.8%、-0.1%。この1年の平均で年 +3.9%)」, and the advice
    (policy, WeightUnitPrice 0) dropped it. The unit-price trend here is +6.4% over the
    horizon, of which the revision brings +3.8% to the year (log 1.038): the past movement
    is 1.064 ÷ 1.038 = +2.5%; the push 1.065 ÷ 1.064, +0.1%."""
    result = _result(
        [1.006, 0.996, 1.004, 1.065], planned=("2027-04", math.log(1.05), math.log(1.038))
    )
    note = _notes(_lever_source_rows(result, "ja"))
    assert (
        "うち+3.8%は設定シートの価格改定(2027-04+5.0%)による年間の取引単価の変化、+2.5%はチームの"
        "取引単価のこれまでの動き(前年比〜2026-10+5.1%、〜2025-10+3.6%)が基準期間から計画年度まで"
        "(17か月分)続くと見た分で、KGIに合わせた上乗せは+0.1%です。"
    ) in note
    assert "この1年の平均" not in note and "値上げの予定がなければ" not in note
    assert "価格改定はLeverMixがpolicyでも目標に含めます" in note
    english = _notes(_lever_source_rows(result, "en"))
    assert "+3.8%ofitisthepricerevisionsetonSettings(+5.0%in2027-04)" in english
    # Under policy the row says the revision is carried besides the weights.
    policy = _result(
        [1.006, 0.996, 1.004, 1.065],
        mix="policy",
        weights={"WeightUnitPrice": 0},
        planned=("2027-04", math.log(1.05), math.log(1.038)),
    )
    said = _notes(_lever_source_rows(policy, "ja"))
    assert "設定シートの価格改定(2027-04+5.0%)の分+3.8%は、重点の比率とは別に見込んでいます" in said


def test_a_price_step_found_is_said_not_carried_where_the_price_growth_is_shown() -> None:
    """A +5% revision in 2024-10 (trial 19) found by levers.price_step: the row says it is
    taken as one-off and not asked again, and what it would have added as a yearly rise
    (log 1.04 over 1 year: +4.0%)."""
    result = _result([1.006, 0.996, 1.004, 1.065])
    step = PriceStep(
        month=pd.Period("2024-10", "M"),
        size=math.log(1.05),
        drift=0.0,
        old_months=0,
        baseline_months=12,
        carry=0.0,
        trend=0.0,
        replaced=math.log(1.04),
        horizon=1.0,
    )
    result.evidence.lever_evidence.price_step = step
    note = _notes(_lever_source_rows(result, "ja"))
    said = (
        "2024-10の+5.0%は一度きりの単価の段差(価格改定・補助金や保険の変更など)とみなし、"
        "毎年の伸びとしては見込んでいません(改定を分けずに過去1年ごとの伸びから読めば+4.0%)。"
    )
    assert said in note and note.index(said) < note.index("値上げの予定がなければ")
    english = _notes(_lever_source_rows(result, "en"))
    assert (
        "The+5.0%in2024-10istakenasaone-offstepinprice(arevision,asubsidychange)andnotrepeated"
        in english
    )
    assert "(+4.0%readfromthepastyears'changeswithitleftin)" in english
    # Without a step found, the row says nothing of one.
    assert "一度きり" not in _notes(_lever_source_rows(_result([1.006, 0.996, 1.004, 1.065]), "ja"))


def test_no_row_when_no_lever_carries_most_of_the_growth_or_the_plan_falls() -> None:
    assert _lever_source_rows(_result([1.02, 1.02, 1.02, 1.02]), "ja") == []
    # Active accounts and orders per visit each carry half of the growth (log 0.0392 each):
    # neither carries most of it.
    assert _lever_source_rows(_result([1.04, 1.0, 1.04, 1.0]), "ja") == []
    assert _lever_source_rows(_result([1.0, 1.0, 1.0, 0.95]), "ja") == []


def test_under_policy_the_lever_row_names_the_weight_not_a_trend() -> None:
    result = _result([1.0, 1.0, 1.0, 1.05], mix="policy", weights={"WeightUnitPrice": 2.0})
    note = _notes(_lever_source_rows(result, "ja"))
    assert "取引単価の伸び+5.0%が計画の伸び+5.0%の大半です" in note
    assert "(WeightUnitPrice=2)" in note and "過去の伸びは見込んでいません" in note
    assert "前年比" not in note


def test_check_names_a_small_rep_mix_gap_and_keeps_the_factor_for_a_large_one() -> None:
    # trial14: 1.2e9 ÷ 1,199,499,802.9 = 1.000417 (under the 5e-4 of a ×1.000 factor).
    small = _check_note("検算", 1_199_499_802.9, 1_200_000_000.0, "ja")
    assert small.startswith("検算 = ¥1,199,499,803(計画売上との差 +¥500,197 は")
    assert small.endswith("担当者ごとのKPIの積の合計は ¥1,200,000,000)")
    large = _check_note("Check", 1_200_000_000.0 / 1.01, 1_200_000_000.0, "en")
    assert large.startswith("Check = ¥1,188,118,812; × rep mix ×1.010")
    assert large.endswith("= ¥1,200,000,000")
    assert _check_note("Check", 1_200_000_000.2, 1_200_000_000.0, "en") == (
        "Check = ¥1,200,000,000"
    )


def test_check_says_how_much_of_the_rep_mix_was_there_last_year() -> None:
    """trial 33 L6: ×0.983 blamed on growing reps where the baseline's own factor was ×0.985.
    1.2e9 ÷ (1.2e9 ÷ 1.01) = ×1.010; with ×1.010 last year all of it is the reps' difference;
    with ×0.990 last year the growth adds 1.01 ÷ 0.99 = ×1.020."""
    product, revenue = 1_200_000_000.0 / 1.01, 1_200_000_000.0
    same = _check_note("Check", product, revenue, "en", base_mix=1.01)
    assert "rep mix ×1.010 (reps' prices and frequencies differ" in same
    assert "last year too ×1.010" in same and "growth" not in same
    split = _check_note("検算", product, revenue, "ja", base_mix=0.99)
    assert (
        "前年の構成のままで ×0.990、伸びる担当者の違いで ×1.020)= 計画売上 = ¥1,200,000,000"
        in split
    )
    plain = _check_note("Check", product, revenue, "en", base_mix=1.0)
    assert "growth lands on reps with other prices" in plain


def test_team_year_is_the_targets_rounded_count() -> None:
    months = pd.period_range("2027-04", periods=12, freq="M")
    team = [2.0, 1.0, 2.0, 1.0, 2.0, 1.0, 2.0, 1.0, 2.0, 1.0, 2.0, 1.0]  # 18 in all
    monthly = pd.DataFrame([team], index=[TEAM], columns=months)
    fy = pd.DataFrame({"new_accounts": [17.39]}, index=[TEAM])
    plan = SimpleNamespace(monthly={"new_accounts": monthly}, fy=fy)
    assert _team_year(plan, "new_accounts") == 18.0  # type: ignore[arg-type]
    plan.monthly["new_accounts"] = monthly * np.nan  # no finite months: the plan's own
    assert _team_year(plan, "new_accounts") == 17.39  # type: ignore[arg-type]


def test_usage_to_date_row_says_it_is_a_running_total_read_later() -> None:
    # 1.2e9 ÷ 300 accounts ÷ 12 = ¥333,333 a month → "about ¥333,000"; 16.8M ÷ 12M = +40.0%.
    base = pd.DataFrame({"usage_to_date": [12_000_000.0], "retention_months": [80.0]}, [TEAM])
    fy = pd.DataFrame(
        {
            "usage_to_date": [16_800_000.0],
            "retention_months": [92.0],
            "active_accounts": [300.0],
            "revenue": [1_200_000_000.0],
        },
        index=[TEAM],
    )
    ev = SimpleNamespace(
        base=base,
        facts=pd.DataFrame(),  # no account facts: nothing censored (core.censored)
        gap_months=5,
        baseline_months=list(pd.period_range("2025-11", "2026-10", freq="M")),
        plan_months=list(pd.period_range("2027-04", "2028-03", freq="M")),
    )
    result = SimpleNamespace(evidence=ev, plan=SimpleNamespace(fy=fy), history=None)
    rows = _usage_rows(result, "ja")  # type: ignore[arg-type]
    assert rows[0][0] == "現在までの利用金額(期首顧客の平均)"
    assert rows[0][1].value == 16_800_000.0
    note = _notes(rows)
    assert "基準¥12,000,000(2026-10末時点)→目標¥16,800,000(2028-03末時点、+40.0%)" in note
    assert "基準の17か月後" in note and "月約¥333,000の購入" in note
    assert "80.0→92.0" in note


def test_year_end_accounts_formula_uses_the_targets_new_accounts(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsm"
    write_sample_workbook(path, "ja", seed=11, orders_rows=4_000)
    computed, _ = compute_file(path)
    result = computed.result
    targets = result.targets
    fy = targets[(targets["rep"] == TEAM) & (targets["period"].str.startswith("FY"))]
    new = float(fy.loc[fy["kpi"] == "new_accounts", "target"].iloc[0])
    assert new == float(np.round(new))  # the Targets' whole count (reps' years rounded)
    rows = plan_rows(result, "ja")
    at = next(i for i, r in enumerate(rows) if r[0] == "期末顧客数")
    formula = str(rows[at][2])
    assert f"+ {new:.0f} = " in formula
    # The value cell is the formula's own arithmetic on those numbers.
    start = float(result.evidence.start_accounts.reindex(result.evidence.reps).fillna(0).sum())
    retention = float(result.plan.fy.at[TEAM, "retention_rate"])
    assert rows[at][1].value == start * retention + new


def test_policy_plan_says_the_reps_headings_only_split_the_kgi(tmp_path: Path) -> None:
    """trial14: under LeverMix = policy with WeightUnitPrice = 0 the rep lines still quoted
    "unit price +x%". That is the rep's heading (RepSplit trend), not its unit-price target,
    which stays at last year's level: the head line now says so."""
    path = tmp_path / "book.xlsm"
    write_sample_workbook(path, "ja", seed=11, orders_rows=4_000)
    computed, _ = compute_file(path)
    first = computed.result
    weights = {**first.evidence.settings.weights, "WeightUnitPrice": 0.0}
    settings = replace(first.evidence.settings, lever_mix="policy", weights=weights)
    assert first.history is not None
    result = run(first.history, settings)
    reps = list(result.evidence.reps)
    assert (result.plan.lever_uplift.loc[reps, "unit_price"] == 1.0).all()
    rows = plan_rows(result, "en")
    at = next(i for i, r in enumerate(rows) if r[0] == "Revenue target by rep")
    head = " ".join(str(r[2]) for r in rows[at : at + 3] if r[0] in ("Revenue target by rep", ""))
    assert "only splits the KGI between reps" in head
    assert "no lever's target carries it" in head
    # The rep lines keep their heading's parts, the unit price's among them.
    start = next(i for i, r in enumerate(rows) if r[0] == reps[0])
    end = next(i for i in range(start + 1, len(rows)) if rows[i][0] != "")
    rep_line = " ".join(str(r[2]) for r in rows[start:end])
    assert "Unit price +" in rep_line or "Unit price -" in rep_line
    # Under the evidence mix the head line is the usual one.
    usual = plan_rows(first, "en")
    assert not any("only splits the KGI" in str(r[2]) for r in usual)


def test_every_english_note_fits_its_column(tmp_path: Path) -> None:
    """A Plan row's height is fixed, so a note longer than the note column prints over the
    row below (the English "Revenue target by rep" head ran into the first rep's line): every
    note but the status line's is one printed line at the column's declared width."""
    path = tmp_path / "book.xlsm"
    write_sample_workbook(path, "en", seed=11, orders_rows=4_000)
    computed, _ = compute_file(path)
    rows = plan_rows(computed.result, "en")
    width = next(c.width for c in PLAN_SHEET.columns if c.key == "note")
    long = [(r[0], r[2]) for r in rows if isinstance(r[2], str) and len(wrap_text(r[2], width)) > 1]
    assert long == []
    head = next(i for i, r in enumerate(rows) if r[0] == "Revenue target by rep")
    assert rows[head + 1][0] == ""  # its second line, before the first rep
