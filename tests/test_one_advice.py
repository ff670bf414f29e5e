"""One advice per rep and lever (trial 18): the Flags' behind-pace action gives the Review's
finding (the target's assumption off, or a lost account as the cause), the Review quotes the
Plan's growth figure, and both speak of the lost accounts the flags name.

Tiny regular histories (tests.test_flags.synth): every account orders once a month on the
10th at its rep's price of that month and is visited that day; 2023-04 … 2025-06, tracking
FY2025 (from April) as of 2025-06-30, three months into the year.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from routekpi.core.baselines import build_evidence
from routekpi.core.engine import Result, run
from routekpi.core.history import History, PlanSettings
from routekpi.core.measure import TEAM
from routekpi.render import flag_message, plan_rows
from routekpi.render_daily import _finding
from routekpi.share.copies import Guard
from tests.test_flags import AS_OF, flat, synth, tail


def _run(history: History, kgi_factor: float = 1.0) -> Result:
    """A run at KGI = the baseline revenue × ``kgi_factor``."""
    ev = build_evidence(history, PlanSettings(kgi=1.0, plan_year=2025, as_of=AS_OF))
    kgi = float(ev.base.at[TEAM, "revenue"]) * kgi_factor
    return run(history, PlanSettings(kgi=kgi, plan_year=2025, as_of=AS_OF))


def _behind(result: Result, rep: str, kpi: str = "revenue") -> dict[str, object]:
    f = result.flags
    (row,) = f[(f["code"] == "behind_pace") & (f["rep"] == rep) & (f["kpi"] == kpi)].to_dict(
        "records"
    )
    return row


def _review_finding(result: Result, rep: str, kpi: str) -> tuple[dict[str, object], str]:
    rows = result.review.to_dict("records")
    main_of: dict[object, dict[str, object]] = {}
    for r in rows:
        if bool(r["main"]):
            main_of.setdefault(r["rep"], r)
    (row,) = [r for r in rows if r["rep"] == rep and r["kpi"] == kpi]
    return row, _finding(row, main_of, "ja")


def test_unit_price_short_for_everyone_is_the_targets_premise_in_flags_and_review() -> None:
    # Three alike reps, 20 accounts at ¥100 a month until 2025-03, ¥85 from 2025-04. KGI =
    # baseline, no trend (flat history): every lever target is last year's, unit price ¥100,
    # so each rep's unit price is 85 / 100 = 85.0% and his revenue pace 85% (< PaceWarn 90%:
    # a warning). Short = under 95%: 3 of 3, the best (A, the first of equals) too → the
    # target's assumption, not the reps. Before: "Aさん(¥85)にやり方を聞いてください" for B
    # and C, while the Review said the premise was off.
    history = synth({r: tail(85.0, 85.0, 85.0) for r in "ABC"})
    result = _run(history)
    row, finding = _review_finding(result, "B", "unit_price")
    assert bool(row["main"])
    d = row["detail"]
    assert (d["assumption"], d["short"], d["of"], d["best"], d["best_short"]) == (
        True,
        3,
        3,
        "A",
        True,
    )
    assert d["best_attainment"] == pytest.approx(0.85)
    assert d["plan_growth"] == pytest.approx(0.0, abs=1e-9)  # KGI = baseline: no growth
    # No name in the clause (a rep's shared copy would withhold it): the best-rep column.
    clause = "3人中3人が目標に届かず、チーム最高の担当者も 85.0%"
    assert clause in finding
    for rep in "ABC":
        flag = _behind(result, rep)
        p = flag["params"]
        assert p["pace"] == pytest.approx(0.85)
        assert (p["lever"], p["assumption"], p["short"], p["of"]) == ("unit_price", True, 3, 3)
        _, action = flag_message(flag, "ja")
        assert clause in action and "個人の指導より、目標の前提を見直してください" in action
        assert "やり方を聞いてください" not in action
        # B's shared copy keeps the advice: it names no other rep (before, "Aさん(¥85)"
        # went neutral, and a clause naming A would have withheld the whole cell).
        others = frozenset(set("ABC") - {rep})
        assert Guard(own=[rep], tokens=others).clean(action) == action
        # The same words as the Review's row for the same rep and lever.
        _, mine = _review_finding(result, rep, "unit_price")
        assert mine.removeprefix("差の主因。") in action


def test_a_lost_account_as_the_cause_is_the_flags_action_too() -> None:
    # Rep A: 19 accounts at ¥100 a month and A00 at ¥1,000 (×10); A00 ends 2025-04-15
    # after April's order. B, C: 20 × ¥100. FY2024 A sold 12 × 2,900 = ¥34,800, A00
    # ¥12,000 of it (34%: a critical lost_account flag). FY2025 to date: A 2,900 + 1,900 +
    # 1,900 = ¥6,700 against 3 × 2,900 = ¥8,700 (KGI = baseline): pace 77.0%, gap −¥2,000.
    # A00 sold 1,000 against 3,000 in Apr–Jun 2024: −¥2,000, the whole gap (≥ half of it
    # and of the main lever's part) → the Review names A00 and no lever; the flag's action
    # names it too instead of sending A to a colleague for unit price (¥6,700 / 58 orders).
    history = synth(
        {"A": flat(), "B": flat(), "C": flat()},
        cancel={"A": {24: 1}},
        scale={"A00": {m: 10.0 for m in range(27)}},
    )
    result = _run(history)
    (lost,) = result.lost_accounts
    assert (lost["rep"], lost["account"], lost["severity"]) == ("A", "A00", "critical")
    row, finding = _review_finding(result, "A", "revenue")
    assert row["contribution"] == pytest.approx(-2_000.0)
    assert row["detail"] == {
        "lost": pytest.approx(-2_000.0),
        "lost_accounts": 1,
        "lost_name": "A00",
        "lost_end": "2025-04-15",
    }
    assert not result.review.loc[result.review["rep"] == "A", "main"].any()
    flag = _behind(result, "A")
    p = flag["params"]
    assert p["pace"] == pytest.approx(6_700 / 8_700)
    assert (p["lost_name"], p["lost_end"], p["lost"]) == ("A00", "2025-04-15", -2_000.0)
    assert "lever" not in p and "best_rep" not in p
    _, action = flag_message(flag, "ja")
    cause = "取引終了した顧客 A00(2025-04-15 終了、前年同期より −¥2,000)"
    assert action.startswith(f"差の主因は{cause}")
    assert f"主因は{cause}" in finding


def test_an_ended_account_too_small_to_flag_is_no_cause_in_the_review() -> None:
    # A's A00 (¥90 a month: ¥1,080 of A's ¥23,880 last year, 4.5% < 5%: not material, no
    # lost_account flag) ends 2025-04-15. The Review reads the flags' accounts: nothing to
    # name, though A00's −¥180 is all of A's small gap (it was named before).
    history = synth(
        {"A": flat(), "B": flat(), "C": flat()},
        cancel={"A": {24: 1}},
        scale={"A00": {m: 0.9 for m in range(27)}},
    )
    result = _run(history)
    assert result.lost_accounts == []
    row, _ = _review_finding(result, "A", "revenue")
    assert "lost_name" not in row["detail"]


def test_the_reviews_growth_is_the_plans_figure() -> None:
    # The Review cites "the Plan's unit-price growth": Plan.lever_uplift's team factor (the
    # team's revenue target ÷ its orders target, over last year's unit price), the figure
    # the Plan's growth note shows; not the team target at last year's rep mix (trial 18:
    # +8.4% beside the Plan's +8.6%). A sells at ¥200, B and C at ¥100, all at 85% of that
    # from 2025-04; B loses an account every other month, so his share of the orders
    # falls and the two team figures differ. KGI = baseline × 1.05.
    prices = {"A": 200.0, "B": 100.0, "C": 100.0}
    history = synth(
        {r: [prices[r]] * 24 + [0.85 * prices[r]] * 3 for r in "ABC"},
        cancel={"B": {m: 1 for m in range(0, 24, 2)}},
    )
    result = _run(history, 1.05)
    fy, base = result.plan.fy, float(result.evidence.base.at[TEAM, "unit_price"])
    sums = float(fy.at[TEAM, "revenue"] / fy.at[TEAM, "orders"]) / base
    at_mix = float(fy.at[TEAM, "unit_price"]) / base
    assert result.plan.lever_uplift.at[TEAM, "unit_price"] == pytest.approx(sums)
    # The two differ as printed (+5.1% against +4.8%): the Review's is told apart.
    assert f"{100 * (sums - 1):.1f}" != f"{100 * (at_mix - 1):.1f}" and sums > at_mix
    row, finding = _review_finding(result, "ALL", "unit_price")
    assert row["detail"]["plan_growth"] == pytest.approx(sums - 1)
    assert f"取引単価の伸び +{100 * (sums - 1):.1f}%" in finding


def test_a_flag_without_a_review_finding_still_names_the_best_colleague() -> None:
    # Only B is short on unit price (¥85 from April; A and C stay at ¥100): 1 of 3 short,
    # the best (A, 100%) on target → no assumption: B is told to ask A, as before. Unit price
    # is compared against each rep's own target (trial 35 L7), and said so.
    history = synth({"A": flat(), "B": tail(85.0, 85.0, 85.0), "C": flat()})
    result = _run(history)
    flag = _behind(result, "B")
    assert "assumption" not in flag["params"]
    _, action = flag_message(flag, "ja")
    assert "Aさん(達成率 100.0%)にやり方を聞いてください" in action


def _with_newcomer(first: str = "2024-10") -> History:
    """A and B: 20 accounts at ¥100 a month throughout. N: the same from ``first`` on (no
    order, visit or account before): a rep who started inside the baseline window."""
    h = synth({"A": flat(), "B": flat(), "N": flat()})
    start = pd.Timestamp(f"{first}-01")
    o, v, a = h.orders, h.visits, h.accounts.copy()
    a.loc[a["rep"] == "N", "start"] = start
    return History(
        orders=o[(o["rep"] != "N") | (o["date"] >= start)].reset_index(drop=True),
        visits=v[(v["rep"] != "N") | (v["date"] >= start)].reset_index(drop=True),
        accounts=a,
    )


def test_the_teams_own_trend_is_like_for_like_without_a_newcomer() -> None:
    # FY2024 (the baseline) A and B sell 12 × 2,000 = ¥24,000 each, N from October 6 ×
    # 2,000 = ¥12,000: ¥60,000. A and B are flat (every lever trend 0), so like for like
    # the team's trend is none; N's book counts at his run rate, a year of it, as the
    # landing counts him: his ¥12,000 ÷ October–March's seasonal share, ½ in both years
    # (FY2024's over A and B, the reps at work all year: N's start is no season), so
    # ¥24,000. "Revenue if the team keeps its trends" = 48,000 + 24,000. The team's own
    # series read
    # N's book filling up (0 → 20 accounts) as the team growing (trial 17: 山本, +18.5%
    # for +8.0% like for like).
    history = _with_newcomer()
    result = _run(history, 1.01)
    plan = result.plan
    assert plan.baseline_revenue == pytest.approx(60_000.0)
    assert plan.trend_without == ("N",)
    assert plan.trend_kgi == pytest.approx(48_000.0 + 24_000.0)
    team = float(result.evidence.trend.loc[TEAM, list(result.evidence.levers)].sum())
    assert team > 0.05  # what the team's own series reads: N's accounts as growth
    assert plan.below_trend  # KGI ¥60,600: below N's year at his rate with A and B flat

    # The note wraps over rows: its pieces joined back.
    text = "".join(str(getattr(c, "value", c)) for row in plan_rows(result, "ja") for c in row)
    assert "途中から入った担当者(N)の顧客が増えていくのは立ち上がりとして数えません" in text


def test_with_everyone_there_throughout_the_trend_is_the_teams() -> None:
    # N there from the window's first month (2024-04): nobody left out; the figure is the
    # baseline × e^(Σ team lever trends), as before.
    result = _run(_with_newcomer("2024-04"), 1.01)
    ev, plan = result.evidence, result.plan
    team = float(ev.trend.loc[TEAM, list(ev.levers)].sum())
    assert plan.trend_without == ()
    assert plan.trend_kgi == pytest.approx(plan.baseline_revenue * np.exp(team))
