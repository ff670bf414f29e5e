"""A burst of losses (core.lost): one rep's accounts ending together are one lost account to
the 5% rule, out of his baseline when material, and out of the churn hazard as a one-off.
Worked by hand.

The history (tests.test_flags.synth): reps A and B, 40 accounts each, one order and one visit
a month on the 10th; ¥100 an order in FY2023, ¥120 from 2024-04. FY2025 is planned as of
2025-03-31 on the baseline FY2024 (2024-04 – 2025-03); the churn is pooled with FY2023
(2023-04 – 2024-03) at half weight (core.flows: ``RECENCY``). B loses one account in each year
(2023-09-15 and 2024-06-15), the usual churn.

In the baseline (``_in_the_baseline``): A loses A00 on 2023-10-15 and A01 – A06 on 2024-10-15.

- A01 – A06 each bought 7 × ¥120 = ¥840 in the baseline, 840 / 52,560 = 1.6% of A's: none is
  material alone. Six of A's 7 ends over 2023-04-01 – 2025-03-31 (731 days) on one day:
  ≥ 5 and ≥ 3 × 7 × 31 / 731 = 0.9 — a burst, ¥5,040 = 9.6% of A's ¥52,560: out.
- A's baseline is his kept book: 33 accounts × 12 × ¥120 = ¥47,520, 396 orders and visits.
- The churn without the burst. A: FY2024 held 39 − 6 = 33 and lost 6 − 6 = 0; FY2023 held
  40 − 6 = 34 and lost 1 (A00): 0.5 × 1 / (33 + 0.5 × 34) = 0.5 / 50. B: FY2024 held 39 and
  lost 1, FY2023 held 40 and lost 1: 1.5 / 59. Team 2 / 109. Each rep's own rate trusted
  n / (n + 10): A 0.5 / 10.5, B 1.5 / 11.5. With the burst A's would be 6.5 / 59 of a team's
  8 / 118.

Before the baseline (``_before_the_baseline``): A loses A00 – A05 on 2023-12-15, B as above.

- ¥5,400 (6 × 9 months × ¥100) of A's ¥36,000 over the 12 months to 2023-12 (the history's
  nine of them): 15%, a one-off. A's baseline (34 × 12 × ¥120 = ¥48,960) stays as it is.
- A: FY2024 held 34, lost 0; FY2023 held 40 − 6 = 34, lost 6 − 6 = 0: no loss of his own, the
  team's rate (B's 1.5 over 59 + 51 = 110). With the burst his own 3 / 54 would count.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd
import pytest

from routekpi.core.baselines import build_evidence
from routekpi.core.compact import compact_history
from routekpi.core.engine import run
from routekpi.core.flows import CREDIBILITY_EVENTS
from routekpi.core.history import History, PlanSettings
from routekpi.core.lost import bursts
from routekpi.core.measure import TEAM
from routekpi.messages import text
from routekpi.sources.sqltext import facts_from_sql, with_ended_months, with_usage
from tests.test_flags import synth
from tests.test_sources import _canonical_views

duckdb = pytest.importorskip("duckdb")

AS_OF = date(2025, 3, 31)
PRICES = [100.0] * 12 + [120.0] * 15


def _in_the_baseline() -> History:
    cancel = {"A": {6: 1, 18: 6}, "B": {5: 1, 14: 1}}
    return synth({"A": PRICES, "B": PRICES}, accounts=40, cancel=cancel)


def _before_the_baseline() -> History:
    cancel = {"A": {8: 6}, "B": {5: 1, 14: 1}}
    return synth({"A": PRICES, "B": PRICES}, accounts=40, cancel=cancel)


def _settings() -> PlanSettings:
    return PlanSettings(kgi=60_000.0, plan_year=2025, as_of=AS_OF, rep_split="baseline")


def _credible(num: float, den: float, team: float) -> float:
    z = num / (num + CREDIBILITY_EVENTS)
    return z * num / den + (1 - z) * team


def _churn_target(targets: pd.DataFrame, rep: str) -> float:
    rows = targets[
        (targets["period"] == "FY2025") & (targets["kpi"] == "churn_rate") & (targets["rep"] == rep)
    ]
    return float(rows["target"].iloc[0])


def _ended(ends: dict[str, list[str]]) -> pd.DataFrame:
    rows = [
        (f"{rep}{i}", rep, pd.Timestamp(d)) for rep, ds in ends.items() for i, d in enumerate(ds)
    ]
    return pd.DataFrame(rows, columns=["account", "rep", "end"]).set_index("account")


def test_five_ends_of_one_rep_within_31_days_are_a_burst() -> None:
    # A: five from 10-01 to 10-31 (31 days); B: five over 32 days; C: four on one day.
    ended = _ended(
        {
            "A": ["2024-10-01", "2024-10-05", "2024-10-20", "2024-10-31", "2024-10-31"],
            "B": ["2024-10-01", "2024-10-05", "2024-10-20", "2024-10-31", "2024-11-01"],
            "C": ["2024-10-15"] * 4,
        }
    )
    assert bursts(ended, date(2024, 4, 1), date(2025, 3, 31)) == [["A0", "A1", "A2", "A3", "A4"]]
    # A rep who loses about 8 a month over the year: 8 in one month is his usual churn
    # (3 × 96 × 31 / 365 = 24.5 needed), 25 on one day is not: from the first end within 31
    # days of them (D65, 2024-12-17), the usual ones among them too.
    # Trial 20: fifteen clinics of a group on one day and the usual loss four days later,
    # farther from them than they lie apart: the fifteen.
    group = _ended({"E": ["2025-10-31"] * 15 + ["2025-11-04"]})
    assert bursts(group, date(2024, 4, 1), date(2026, 3, 31)) == [[f"E{i}" for i in range(15)]]
    usual = {"D": [str(date(2024, 4, 1) + pd.Timedelta(days=4 * i))[:10] for i in range(71)]}
    assert bursts(_ended(usual), date(2024, 4, 1), date(2025, 3, 31)) == []
    usual["D"] += ["2025-01-15"] * 25
    (found,) = bursts(_ended(usual), date(2024, 4, 1), date(2025, 3, 31))
    assert found == [f"D{i}" for i in range(65, 96)]


def test_a_burst_in_the_baseline_leaves_it_as_one_account() -> None:
    ev = build_evidence(_in_the_baseline(), _settings())
    (lost,) = ev.lost
    assert lost.members == ("A01", "A02", "A03", "A04", "A05", "A06")
    assert (lost.account, lost.rep, lost.end, lost.last) == (
        "A01",
        "A",
        date(2024, 10, 15),
        date(2024, 10, 15),
    )
    assert lost.revenue == pytest.approx(5_040)
    assert lost.share == pytest.approx(5_040 / 52_560)
    assert ev.base.at["A", "revenue"] == pytest.approx(47_520)
    assert ev.base.at["A", "orders"] == pytest.approx(396)
    assert ev.base.at["A", "visits"] == pytest.approx(396)
    assert ev.base.at["A", "active_accounts"] == pytest.approx(33)
    assert ev.base.at["B", "revenue"] == pytest.approx(38 * 12 * 120 + 3 * 120)
    # The facts keep them: October 2024 still has the six's orders.
    assert ev.facts.at[("A", pd.Period("2024-10", "M")), "revenue"] == 39 * 120


def test_a_burst_in_the_baseline_is_out_of_the_churn() -> None:
    result = run(_in_the_baseline(), _settings())
    churn = result.evidence.flows.churn
    team = 2 / 109
    assert churn["A"] == pytest.approx(_credible(0.5, 50, team))  # 1% own, 1.8% in all
    assert churn["B"] == pytest.approx(_credible(1.5, 59, team))
    # Nothing is lost in the gap (planned on the plan year's eve): the target is the churn.
    assert _churn_target(result.targets, "A") == pytest.approx(_credible(0.5, 50, team))
    # The same six losses two months apart are the usual churn: 6.5 / 59, team 8 / 118, 8.4%.
    spread = {"A": {6: 1, 13: 1, 15: 1, 17: 1, 19: 1, 21: 1, 23: 1}, "B": {5: 1, 14: 1}}
    usual = run(synth({"A": PRICES, "B": PRICES}, accounts=40, cancel=spread), _settings())
    assert usual.evidence.lost == ()
    assert not any(n.code.startswith("lost_burst") for n in usual.notes)
    assert _churn_target(usual.targets, "A") == pytest.approx(_credible(6.5, 59, 8 / 118))
    notes = {n.code: n.params for n in result.notes}
    assert "baseline_lost_accounts" not in notes  # no single account is material
    # No group ties them: said as a spell of losses, how many in how many days, and the way
    # back if it was chance (trial 34 L2), not 「まとめて終了した」.
    params = notes["lost_burst_baseline_spell"]
    assert params == {
        "accounts_ja": "A01 ほか 計6 件",
        "accounts_en": "A01 and 5 others",
        "rep": "A",
        "when": "2024-10-15",
        "revenue": "5,040",
        "share": "10%",
        "count": 6,
        "days": 1,
    }
    assert text("lost_burst_baseline_spell", "en", **params).startswith(
        "a spell of losses: A01 and 5 others (A, 2024-10-15: 6 accounts, "
        "baseline revenue ¥5,040 = 10% of the rep's)"
    )
    ja = text("lost_burst_baseline_spell", "ja", **params)
    assert "1日のうちに6件" in ja and "目標上書きシート" in ja and "まとめて終了" not in ja


def test_a_burst_before_the_baseline_is_out_of_the_churn_only() -> None:
    result = run(_before_the_baseline(), _settings())
    ev = result.evidence
    assert ev.lost == ()
    assert ev.base.at["A", "revenue"] == pytest.approx(34 * 12 * 120)
    team = 1.5 / 110
    assert ev.flows.churn["A"] == pytest.approx(team)
    assert ev.flows.churn["B"] == pytest.approx(_credible(1.5, 59, team))
    assert _churn_target(result.targets, "A") == pytest.approx(team)
    (note,) = [n for n in result.notes if n.code == "lost_burst_churn_spell"]
    assert note.params["accounts_ja"] == "A00 ほか 計6 件"
    assert (note.params["when"], note.params["revenue"], note.params["share"]) == (
        "2023-12-15",
        "5,400",
        "15%",
    )


def _group() -> History:
    """A's A00 – A02 are clinics of one group, lost 2024-06-15 (two) and 2024-08-15 (one),
    at ¥300 an order from 2024-04 (¥100 before)."""
    clinics = ("A00", "A01", "A02")
    h = synth(
        {"A": PRICES, "B": PRICES},
        accounts=40,
        cancel={"A": {14: 2, 16: 1}, "B": {5: 1, 14: 1}},
        scale={a: {m: 2.5 for m in range(12, 27)} for a in clinics},
    )
    group = h.accounts["account"].map({a: "医療法人博愛会" for a in clinics})
    return replace(h, accounts=h.accounts.assign(group=group))


def test_accounts_of_one_group_are_a_burst_however_few() -> None:
    """Three clinics of one group within 92 days (``GROUP_DAYS``), not five in 31. In the
    baseline: 2 × 3 × ¥300 + 5 × ¥300 = ¥3,300 of A's 37 × 12 × ¥120 + 3,300 = ¥56,580, 5.8%
    (each alone at most 1,500 / 56,580 = 2.7%; FY2023 ¥1,200 of ¥48,000, 2.5%, not flagged):
    out, named by the group. A's churn: FY2024 held 37, lost 0; FY2023 held 37, lost 0 — the
    team's, B's 1.5 over 37 + 18.5 + 59 = 114.5."""
    result = run(_group(), _settings())
    (lost,) = result.evidence.lost
    assert (lost.members, lost.group) == (("A00", "A01", "A02"), "医療法人博愛会")
    assert lost.revenue == pytest.approx(3_300)
    assert lost.share == pytest.approx(3_300 / 56_580)
    assert result.evidence.base.at["A", "revenue"] == pytest.approx(37 * 12 * 120)
    assert result.evidence.flows.churn["A"] == pytest.approx(1.5 / 114.5)
    (note,) = [n for n in result.notes if n.code == "lost_burst_baseline"]
    assert note.params["accounts_ja"] == "医療法人博愛会 の 3 件"
    assert note.params["when"] == "2024-06-15 – 2024-08-15"
    assert text("lost_burst_baseline", "ja", **note.params).startswith(
        "まとめて取引終了: 医療法人博愛会 の 3 件(A、2024-06-15 – 2024-08-15、基準期間の売上 ¥3,300"
    )


@pytest.mark.parametrize("history", [_in_the_baseline, _before_the_baseline, _group])
def test_a_summed_history_finds_the_same_burst(history: object) -> None:
    """The compact history (core.compact) carries the ended accounts' months: the same burst
    out, the same baselines, churn and targets as from the rows."""
    h = history()  # type: ignore[operator]
    rows = run(h, _settings())
    summed = run(compact_history(h, AS_OF), _settings())
    assert summed.evidence.lost == rows.evidence.lost
    pd.testing.assert_series_equal(summed.evidence.flows.churn, rows.evidence.flows.churn)
    pd.testing.assert_frame_equal(summed.evidence.base, rows.evidence.base)
    pd.testing.assert_frame_equal(summed.targets, rows.targets)
    assert [n for n in summed.notes if n.code.startswith("lost_burst")] == [
        n for n in rows.notes if n.code.startswith("lost_burst")
    ]
    assert rows.evidence.base.at[TEAM, "revenue"] > 0


@pytest.mark.parametrize("history", [_in_the_baseline, _before_the_baseline, _group])
def test_the_sql_path_finds_the_same_burst(history: object) -> None:
    """Facts summed by the shipped SQL (DuckDB over the rows), the ended accounts' months
    included as a source adds them: the same burst, churn and targets as from the rows."""
    h = history()  # type: ignore[operator]
    con = _canonical_views(h)  # type: ignore[arg-type]  # its orders and visits

    def sql(text: str) -> pd.DataFrame:
        return con.execute(text).df()

    facts = facts_from_sql(sql, AS_OF)
    facts = with_usage(facts, sql, con.register, h.accounts, 4)
    facts = with_ended_months(facts, sql, con.register, h.accounts)
    summed = replace(h, orders=h.orders.iloc[:0], visits=h.visits.iloc[:0], facts=facts)
    rows, got = run(h, _settings()), run(summed, _settings())
    assert got.evidence.lost == rows.evidence.lost
    pd.testing.assert_series_equal(got.evidence.flows.churn, rows.evidence.flows.churn)
    pd.testing.assert_frame_equal(got.targets, rows.targets)


def test_the_lapse_rules_ends_are_no_burst() -> None:
    """Without a customer master the lapse rule ends a customer 180 days after its last order
    (core.lapse): A01 – A06, last ordering 2024-10-10, all end 2025-04-08 — customers who
    stopped together, not a decision on a day (a cohort won together lapses together).
    Planning FY2026 on 2025-06-30 (baseline 2024-07 – 2025-06), no burst is read."""
    h = _in_the_baseline()
    derived = History(orders=h.orders, visits=h.visits)
    settings = PlanSettings(kgi=60_000.0, plan_year=2026, as_of=date(2025, 6, 30))
    ev = build_evidence(derived, settings)
    assert ev.lost == ()
    assert not any(n.code.startswith("lost_burst") for n in ev.notes)
    # With the same ends on an Accounts list the six are a burst.
    six = h.accounts["account"].isin(["A01", "A02", "A03", "A04", "A05", "A06"])
    end = h.accounts["end"].mask(six, pd.Timestamp("2025-04-08"))
    listed = replace(h, accounts=h.accounts.assign(end=end))
    assert [a.members for a in build_evidence(listed, settings).lost] == [
        ("A01", "A02", "A03", "A04", "A05", "A06")
    ]
