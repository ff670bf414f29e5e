"""A lost big account shows, and each rep's landing stands on the book he holds now
(core.flags ``lost_account``, core.held, core.landing), on tiny histories worked by hand."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd
import pytest

from routekpi.core.baselines import build_evidence
from routekpi.core.compact import compact_history
from routekpi.core.engine import run
from routekpi.core.flags import LOST_CRITICAL_SHARE, LOST_WARN_SHARE, lost_accounts
from routekpi.core.history import History, PlanSettings
from routekpi.core.landing import landing
from routekpi.core.lapse import accounts_from_orders
from routekpi.core.measure import TEAM
from routekpi.render import flag_message, plan_rows
from tests.test_flags import AS_OF, flat, synth


def _fy_revenue(table: pd.DataFrame) -> pd.DataFrame:
    rows = table[(table["period"] == "FY2025") & (table["kpi"] == "revenue")]
    return rows.set_index("rep")[["actual", "forecast"]]


def test_a_big_account_ended_this_year_is_flagged_with_the_hole_it_leaves() -> None:
    """Rep A: 20 accounts at ¥100 a month, A00 at ¥500 (×5). A00 and A01 end on 2025-05-15
    (FY2025, the tracked year; last orders 05-10). FY2024 (2024-04 – 2025-03): A00 12 × 500 =
    ¥6,000 of A's 6,000 + 19 × 1,200 = ¥28,800: 20.8% ≥ 20% → critical; a twelfth ¥500 a
    month; the 9 months after June (2024-07 – 2025-03 a year earlier) ¥4,500. A01 ¥1,200 is
    4.2% < 5%: no flag. Rep B's account ended in FY2024 (2024-05): not this year's."""
    history = synth(
        {"A": flat(), "B": flat()},
        cancel={"A": {25: 2}, "B": {13: 1}},
        scale={"A00": {m: 5.0 for m in range(27)}},
    )
    ev = build_evidence(history, PlanSettings(kgi=1.0, plan_year=2025, as_of=AS_OF))
    (flag,) = lost_accounts(history, ev)
    assert (flag["severity"], flag["code"], flag["rep"], flag["account"]) == (
        "critical",
        "lost_account",
        "A",
        "A00",
    )
    assert flag["period"] == "2025-05"
    p = flag["params"]
    assert (p["end"], p["last_order"], p["days"], p["year"]) == (
        "2025-05-15",
        "2025-05-10",
        5,
        "FY2024",
    )
    assert p["revenue"] == 6_000
    assert p["share"] == pytest.approx(6_000 / 28_800)
    assert p["monthly"] == pytest.approx(500)
    assert (p["rest"], p["months"]) == (4_500, 9)
    assert LOST_WARN_SHARE <= 1_200 / 28_800 + 0.01 < LOST_CRITICAL_SHARE  # A01 just below
    message, action = flag_message(flag, "ja")
    assert message == (
        "A00: 取引終了 2025-05-15(最終受注 2025-05-10)。FY2024の売上 ¥6,000(担当のFY2024売上の"
        " 20.8%)。FY2025の目標のうち月あたり約 ¥500、残り9か月で ¥4,500(前年の同じ月)は"
        "この顧客なしで埋める必要があります"
    )
    assert "埋め合わせ" in action


def test_the_running_month_counts_for_its_working_days_still_to_come() -> None:
    """The same A00 (¥500 a month, ended 2025-05-15) on Monday 2025-06-16: June 2025 has 21
    working days (no national holiday), 11 gone by the 16th (2–6, 9–13, 16), 10 to come. The
    hole: June 2024's ¥500 × 10/21 = ¥238.10 plus the 9 whole months Jul 2024 – Mar 2025,
    ¥4,500: ¥4,738.10, and the text names the 9 months and June's 10 of 21 days (before, the
    running month was left out: ¥4,500 over "9 months" with 2.5 weeks of June to go)."""
    history = synth(
        {"A": flat(), "B": flat()},
        cancel={"A": {25: 2}},
        scale={"A00": {m: 5.0 for m in range(27)}},
    )
    as_of = date(2025, 6, 16)
    ev = build_evidence(history, PlanSettings(kgi=1.0, plan_year=2025, as_of=as_of))
    (flag,) = lost_accounts(history, ev)
    p = flag["params"]
    assert p["rest"] == pytest.approx(4_500 + 500 * 10 / 21)
    assert (p["months"], p["running"], p["left"], p["month_days"]) == (9, "2025-06", 10, 21)
    ja, _ = flag_message(flag, "ja")
    assert "残り9か月と2025-06の残り営業日 10/21 日分で ¥4,738(前年の同じ月)" in ja
    en, _ = flag_message(flag, "en")
    assert "¥4,738 over the remaining 9 months and 10 of 2025-06's 21 working days" in en


def test_a_lost_account_under_the_warn_share_or_without_revenue_is_not_flagged() -> None:
    """Without A00's scale every account is 1,200 / 24,000 = 5.0% of A: warn (≥ 5%); with
    21 more accounts (one in 41, 2.4%) no flag."""
    history = synth({"A": flat()}, cancel={"A": {25: 1}})
    ev = build_evidence(history, PlanSettings(kgi=1.0, plan_year=2025, as_of=AS_OF))
    (flag,) = lost_accounts(history, ev)
    assert flag["severity"] == "warn"
    assert flag["params"]["share"] == pytest.approx(0.05)
    bigger = synth({"A": flat()}, accounts=41, cancel={"A": {25: 1}})
    ev = build_evidence(bigger, PlanSettings(kgi=1.0, plan_year=2025, as_of=AS_OF))
    assert lost_accounts(bigger, ev) == []


def test_the_flag_is_in_the_recalculation() -> None:
    history = synth(
        {"A": flat(), "B": flat()},
        cancel={"A": {25: 1}},
        scale={"A00": {m: 5.0 for m in range(27)}},
    )
    result = run(history, PlanSettings(kgi=50_000.0, plan_year=2025, as_of=AS_OF))
    lost = result.flags[result.flags["code"] == "lost_account"]
    assert lost["account"].tolist() == ["A00"]


def _handed(history: History, account: str, rep: str) -> History:
    """The same history with ``account`` given to ``rep`` on Accounts (a handover)."""
    accounts = history.accounts.copy()
    accounts.loc[accounts["account"] == account, "rep"] = rep
    return History(orders=history.orders, visits=history.visits, accounts=accounts)


def test_each_rep_lands_on_the_book_he_holds_now() -> None:
    """Reps A and B, 10 accounts each at ¥100 a month; A00 ends 2025-05-15, and A09 is B's on
    Accounts now. Held now: A 8 accounts, B 11. The year's forecast is the one landing
    (core.landing.year_landing, the recalculation's Attainment): each rep's pace is that of
    the book he holds now over the 3 complete months 2025-04 – 06 (a flat FY2024: a quarter
    of a year), whoever booked its orders. A00 (a tenth of A's book: material) orders no
    more: out of his pace. A: 8 × 100 × 3 = 2,400 ÷ 1/4 = ¥9,600 a year, July – March ¥7,200;
    B: 11 × 100 × 3 = 3,300 ÷ 1/4 = ¥13,200, rest ¥9,900 — the team's rest split 8 : 11 as
    the accounts they hold. Actuals as booked: A 2025-04 – 06 10 + 10 + 9 accounts × 100 =
    ¥2,900 (A09 still booked his), B ¥3,000. Forecasts A ¥10,100, B ¥12,900, team ¥23,000."""
    history = _handed(
        synth({"A": flat(), "B": flat()}, accounts=10, cancel={"A": {25: 1}}), "A09", "B"
    )
    result = run(history, PlanSettings(kgi=60_000.0, plan_year=2025, as_of=AS_OF))
    after = _fy_revenue(result.attainment)
    assert after.loc["A", "actual"] == 2_900
    assert after.loc["B", "actual"] == 3_000
    assert after.loc["A", "forecast"] == 2_900 + 7_200
    assert after.loc["B", "forecast"] == 3_000 + 9_900
    rest = after.loc[TEAM, "forecast"] - after.loc[TEAM, "actual"]
    assert after.loc["A", "forecast"] - 2_900 == pytest.approx(rest * 8 / 19, abs=1)
    assert after.loc["B", "forecast"] - 3_000 == pytest.approx(rest * 11 / 19, abs=1)
    assert after.loc[["A", "B"], "forecast"].sum() == after.loc[TEAM, "forecast"] == 23_000


def test_a_rep_who_holds_nothing_lands_on_his_actual() -> None:
    """Rep C's 5 accounts all end on 2025-05-15: he holds nothing now, so his forecast is his
    actual (Apr, May: 2 × 5 × 100 = ¥1,000; the one landing expects nothing more of him);
    A and B, 5 accounts each, expect the same rest: 5 × 100 × 9 = ¥4,500 each."""
    history = synth({"A": flat(), "B": flat(), "C": flat()}, accounts=5, cancel={"C": {25: 5}})
    result = run(history, PlanSettings(kgi=30_000.0, plan_year=2025, as_of=AS_OF))
    after = _fy_revenue(result.attainment)
    assert after.loc["C", "forecast"] == after.loc["C", "actual"] == 1_000
    assert after.loc["A", "forecast"] - after.loc["A", "actual"] == 4_500
    assert after.loc["B", "forecast"] - after.loc["B", "actual"] == 4_500
    assert after.loc[TEAM, "forecast"] == 4_000 + 9_000


def test_planning_ahead_a_lost_account_leaves_its_holders_run_rate() -> None:
    """FY2026 planned on 2025-06-30 (the running year FY2025 has 3 complete months, a flat
    season: a quarter of a year). A's A00 (1 of 20 = 5% of FY2024: material) ended
    2025-05-15: its orders this year (April, May: 2 × ¥100) leave A's pace: (20 × 100 × 2 +
    19 × 100) ÷ 1/4 = ¥23,600 → (5,900 − 200) ÷ 1/4 = ¥22,800 a year; A's expected rest falls
    by that ratio, B's (nothing lost) does not move."""
    history = synth({"A": flat(), "B": flat()}, cancel={"A": {25: 1}})
    ev = build_evidence(history, PlanSettings(kgi=1.0, plan_year=2026, as_of=date(2025, 6, 30)))
    without, held = landing(ev), landing(ev, history)
    assert without is not None and held is not None
    assert without.table.at["A", "run_rate"] == 23_600
    assert held.table.at["A", "run_rate"] == 22_800
    assert held.table.at["A", "expected"] == pytest.approx(
        without.table.at["A", "expected"] * 22_800 / 23_600, abs=1
    )
    assert held.table.at["B", "expected"] == without.table.at["B", "expected"]
    assert (held.lost_accounts, held.lost_revenue) == (("A00",), 200)
    assert (without.lost_accounts, without.lost_revenue) == ((), 0.0)


def test_planning_a_later_year_a_flagged_account_is_out_of_the_baseline() -> None:
    """FY2026 planned on 2025-06-30: A00 (¥100 a month, 1 of 20 = 5% of FY2024: warn) ended
    2025-05-15. Flagged, so out of the FY2026 baseline (core.lost; its 11 orders to May,
    ¥1,100, are 4.6% of the 12 months 2024-07 – 2025-06): A's baseline ¥23,900 → ¥22,800,
    and the flag no longer says the baseline holds it. The summed history plans the same
    (its ``ended_months``); summed facts built without them cannot take it out, and there the
    flag still says the baseline holds it."""
    history = synth({"A": flat(), "B": flat()}, cancel={"A": {25: 1}})
    as_of = date(2025, 6, 30)
    settings = PlanSettings(kgi=1.0, plan_year=2026, as_of=as_of)
    ev = build_evidence(history, settings)
    assert [(a.account, a.revenue) for a in ev.lost] == [("A00", 1_100)]
    assert ev.base.at["A", "revenue"] == 22_800
    (flag,) = lost_accounts(history, ev)
    assert "plan" not in flag["params"] and "in_baseline" not in flag["params"]
    message, action = flag_message(flag, "en")
    # The book plans FY2026: no FY2025 target in it, the hole is the rest of FY2025.
    assert "In the rest of FY2025, about ¥100 a month" in message
    assert "baseline" not in message and action.startswith("find out why it ended and agree")
    summed = compact_history(history, as_of)
    ev = build_evidence(summed, settings)
    assert [(a.account, a.revenue) for a in ev.lost] == [("A00", 1_100)]
    assert ev.base.at["A", "revenue"] == 22_800
    assert summed.facts is not None
    summed = replace(summed, facts=replace(summed.facts, ended_months=None))
    ev = build_evidence(summed, settings)
    assert ev.lost == () and ev.base.at["A", "revenue"] == 23_900
    (flag,) = lost_accounts(summed, ev)
    p = flag["params"]
    assert (p["plan"], p["first"], p["last"], p["in_baseline"]) == (
        "FY2026",
        "2024-07",
        "2025-06",
        1_100,
    )
    message, action = flag_message(flag, "en")
    assert message.endswith(
        "The FY2026 targets stand on a baseline (2024-07 – 2025-06) that holds ¥1,100 of this "
        "account's orders"
    )
    assert action.startswith("find out why it ended. The FY2026 targets are split")


def test_without_a_customer_master_the_lapse_rule_tells_the_end() -> None:
    """No Accounts sheet: A00 (¥200 a month, ×2) last ordered 2024-12-10, so the lapse rule
    ends it 180 days later, 2025-06-08 — inside FY2025. FY2024: 9 × 200 = ¥1,800 of A's
    1,800 + 19 × 1,200 = ¥24,600 (7.3%: warn); Jul – Dec 2024 brought ¥1,200 of the 9 months
    to come."""
    planted = synth(
        {"A": flat()}, cancel={"A": {20: 1}}, scale={"A00": {m: 2.0 for m in range(27)}}
    )
    history = accounts_from_orders(History(orders=planted.orders, visits=planted.visits), AS_OF)
    ev = build_evidence(history, PlanSettings(kgi=1.0, plan_year=2025, as_of=AS_OF))
    (flag,) = lost_accounts(history, ev)
    p = flag["params"]
    assert (flag["severity"], flag["account"], p["derived"]) == ("warn", "A00", True)
    assert (p["end"], p["last_order"], p["days"]) == ("2025-06-08", "2024-12-10", 180)
    assert (p["revenue"], p["rest"], p["monthly"]) == (1_800, 1_200, 150)
    assert flag_message(flag, "en")[0].startswith(
        "A00: no order for 180 days since 2024-12-10, counted as ended on 2025-06-08. "
        "FY2024 revenue ¥1,800 (7.3% of the rep's FY2024 revenue)"
    )


def test_the_plan_sheet_says_which_lost_account_left_the_run_rate() -> None:
    """The Plan's expected-rest note names the account and its ¥200 this year taken out."""
    history = synth({"A": flat(), "B": flat()}, cancel={"A": {25: 1}})
    result = run(history, PlanSettings(kgi=60_000.0, plan_year=2026, as_of=date(2025, 6, 30)))
    text = " ".join(str(getattr(c, "value", c)) for row in plan_rows(result, "en") for c in row)
    said = " ".join(text.split())  # the note wraps over rows
    assert "the large accounts that ended (A00): their ¥200 this year" in said


def test_the_plans_baseline_row_says_what_the_lost_accounts_took_out() -> None:
    """Trial 36 L2: the baseline row read ¥7,823,100 under the ERP's 12 months, the reason
    140 rows lower. The case above: A00's ¥1,100 out of the FY2026 baseline, said on the row."""
    from routekpi.render import plan_rows

    history = synth({"A": flat(), "B": flat()}, cancel={"A": {25: 1}})
    settings = PlanSettings(kgi=50_000.0, plan_year=2026, as_of=date(2025, 6, 30))
    result = run(history, settings)
    (row,) = [r for r in plan_rows(result, "ja") if str(r[0]).startswith("前年実績")]
    assert str(row[2]).endswith("(取引を終えた大口顧客 1件の ¥1,100 を除く。下の注意の行)")
    (en,) = [r for r in plan_rows(result, "en") if str(r[0]).startswith("Baseline revenue")]
    assert str(en[2]).endswith(" (less ¥1,100 of lost large accounts, 1: the note below)")


def test_the_reps_line_names_the_lost_accounts_his_last_year_leaves_out() -> None:
    """Trial 36 M4: 斎藤's copy said 「前年 ¥95,840,020」 against ¥103,663,120 in his own ERP,
    the lost group named nowhere in it. A's line (and so his copy's cover) names A00."""
    from routekpi.render import plan_rows

    history = synth({"A": flat(), "B": flat()}, cancel={"A": {25: 1}})
    result = run(history, PlanSettings(kgi=50_000.0, plan_year=2026, as_of=date(2025, 6, 30)))
    lines = [str(r[2]) for r in plan_rows(result, "ja") if r[0] == "A" and "前年" in str(r[2])]
    assert lines and "(取引を終えた A00 1件の ¥1,100 を除く)" in lines[0]
    b = [str(r[2]) for r in plan_rows(result, "ja") if r[0] == "B" and "前年" in str(r[2])]
    assert b and "取引を終えた" not in b[0]
