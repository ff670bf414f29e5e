"""A material win inside the baseline counts for 12 months in its rep's share of the KGI
(core.won, targets.split_base): the mirror of a material lost account (core.lost). His levers
start from the year as booked. Worked by hand.

The history (tests.test_flags.synth): reps A and B, 20 accounts each, one order (¥100) and one
visit a month on the 10th, 2023-04 – 2025-06. A wins W1 (Accounts start 2024-10-01): an
order a month on the 10th from 2024-10. FY2025 is planned as of 2025-03-31 on the baseline
FY2024 (2024-04 – 2025-03):

- W1 at ¥400 a month: its full months 2024-11 – 2025-03 at ¥400, 12 × 400 = ¥4,800 a year =
  20% of A's other book (20 × 12 × 100 = ¥24,000) — material. A's baseline is as booked:
  ¥24,000 + 6 × 400 = ¥26,400, 240 + 6 = 246 orders, 20 + 6 / 12 = 20.5 accounts on average
  (W1 held from October); what his share of the KGI stands on is ¥24,000 + 12 × 400 =
  ¥28,800 (W1's six months before it was won, ¥2,400, at its run rate); B ¥24,000. KGI
  ¥55,000 split by that revenue: A 55,000 × 28,800 / 52,800 = ¥30,000, his levers ×
  30,000 / 26,400 = 1.1364 together (his ceiling stands on the booked year: 26,400 × 1.26 =
  ¥33,264, not reached; 1.26 = 1.05 on accounts × 1.05 on visit frequency × 1.05 ÷ 1.0125 on
  orders per visit × (2,400 ÷ 21) ÷ (50,400 ÷ 486) on unit price: under two years the last two
  are the company's best rep-months over the team's baseline, the team's room, which is more
  than A's own — 1.05 ÷ 1.025 and ¥114.29 ÷ ¥107.32 — and no rep has less,
  baselines._team_room); B ¥25,000.
- W1 at ¥40 a month: ¥480 a year, 2% of A's: the usual acquisition, nothing moves (A's
  baseline is as booked, ¥24,000 + 6 × 40 = ¥24,240); at ¥300 (¥3,600 = 15%, under
  ``WIN_SHARE`` 20%) neither.
- Six accounts W1 – W6 won on one day at ¥80 each (4% each; a burst, core.lost's rule on
  first orders): one win of 6 × 80 = ¥480 a month, ¥5,760 a year = 24%: A's share stands on
  ¥24,000 + 5,760 = ¥29,760, his baseline as booked ¥24,000 + 6 × 480 = ¥26,880.
- Without a customer master (accounts from the lapse rule) no win is read.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from routekpi.core.compact import compact_history
from routekpi.core.engine import run
from routekpi.core.flows import measure_flows
from routekpi.core.history import History, PlanSettings
from routekpi.core.landing import landing
from routekpi.core.measure import TEAM
from routekpi.core.targets import split_base, split_reasons
from routekpi.core.won import material_wins, one_win_per_burst, won_months
from routekpi.messages import text
from routekpi.recalc import recalculate
from routekpi.render import plan_rows
from routekpi.sources.sqltext import facts_from_sql, with_ended_months, with_usage, with_won_months
from tests.test_flags import synth
from tests.test_lost_baseline import _write_book
from tests.test_sources import _canonical_views

AS_OF = date(2025, 3, 31)
KGI = 55_000.0


def _history(amount: float = 400.0, accounts: int = 1) -> History:
    h = synth({"A": [100.0] * 27, "B": [100.0] * 27})
    names = [f"W{i + 1}" for i in range(accounts)]
    months = pd.period_range("2024-10", "2025-06", freq="M")
    won = [
        (m.start_time + pd.Timedelta(days=9), a, "A", amount, 1.0) for m in months for a in names
    ]
    orders = pd.concat([h.orders, pd.DataFrame(won, columns=h.orders.columns)], ignore_index=True)
    held = [(a, f"Hotel {a}", "A", pd.Timestamp("2024-10-01"), pd.NaT) for a in names]
    accts = pd.concat([h.accounts, pd.DataFrame(held, columns=h.accounts.columns)])
    return History(orders=orders, visits=h.visits, accounts=accts.reset_index(drop=True))


def _settings() -> PlanSettings:
    return PlanSettings(kgi=KGI, plan_year=2025, as_of=AS_OF, rep_split="baseline")


def _fy(targets: pd.DataFrame) -> pd.DataFrame:
    rows = targets[(targets["period"] == "FY2025") & (targets["kpi"] == "revenue")]
    return rows.set_index("rep")[["baseline", "target"]]


def test_a_material_win_counts_for_twelve_months_in_its_reps_share() -> None:
    result = run(_history(), _settings())
    ev = result.evidence
    base = ev.base
    # His levers start from the year as booked.
    assert base.at["A", "revenue"] == pytest.approx(24_000 + 6 * 400)
    assert base.at["A", "orders"] == pytest.approx(246)
    assert base.at["A", "active_accounts"] == pytest.approx(20.5)
    assert base.at["A", "new_accounts"] == pytest.approx(1)
    assert base.at["A", "unit_price"] == pytest.approx(26_400 / 246)
    assert base.at["B", "revenue"] == pytest.approx(24_000)
    assert base.at[TEAM, "revenue"] == pytest.approx(50_400)
    assert ev.booked_base is base  # nothing taken out: the comparators' year is the same
    # His share of the KGI stands on W1 for 12 months: its six months before, ¥2,400.
    assert ev.won_share.to_dict() == pytest.approx({"A": 2_400})
    assert split_base(ev).to_dict() == pytest.approx({"A": 28_800, "B": 24_000})
    revenue = _fy(result.targets)
    assert revenue.at["A", "target"] == pytest.approx(30_000)
    assert revenue.at["B", "target"] == pytest.approx(25_000)
    assert revenue.loc[["A", "B"], "target"].sum() == pytest.approx(KGI)
    assert revenue.at["A", "baseline"] == pytest.approx(26_400)
    # The levers multiply back to his share from the booked year: × 1.1364 together.
    fy = result.plan.fy
    product = 12 * fy.loc["A", list(ev.levers)].prod()
    assert product == pytest.approx(fy.at["A", "revenue"], rel=1e-9)
    lifted = result.plan.lever_uplift.loc["A", list(ev.levers)].prod()
    assert lifted == pytest.approx(30_000 / 26_400, rel=1e-9)
    # The month baselines are the booked months: July 2024 had no W1.
    months = result.targets[(result.targets["rep"] == "A") & (result.targets["kpi"] == "revenue")]
    assert months["baseline"].iloc[1:].sum() == pytest.approx(26_400)
    assert ev.facts.at[("A", pd.Period("2024-07", "M")), "revenue"] == 2_000
    # The Plan's rep line: last year as the split counts it, target = it × the common factor.
    why = split_reasons(ev, result.plan)
    assert why.at["A", "baseline"] == pytest.approx(28_800)
    assert why.at["A", "won"] == pytest.approx(2_400) and why.at["B", "won"] == 0
    assert why["common"].iloc[0] == pytest.approx(55_000 / 52_800)
    assert why.at["A", "target"] == pytest.approx(28_800 * why.at["A", "common"])
    assert not why.at["A", "capped"] and why.at["A", "ceiling"] == pytest.approx(33_264)
    (note,) = [n for n in result.notes if n.code == "won_account_in_share"]
    assert note.params["month"] == "2024-10" and note.params["share"] == "20%"  # of 24,000
    assert note.params["booked"] == "26,400" and note.params["counted"] == "28,800"
    said = text("won_account_in_share", "en", **note.params)
    assert "count for 12 months in the rep's share of the KGI" in said
    assert "last year's ¥26,400 split as ¥28,800" in said


@pytest.mark.parametrize(("split", "weights"), [("equal", {}), ("manual", {"A": 1.2, "B": 1.0})])
def test_an_equal_or_typed_split_is_moved_by_no_win(split: str, weights: dict[str, float]) -> None:
    """RepSplit equal or manual stands on no revenue: W1 moves no share, and neither the
    Checks note nor the Plan's rep line says it does (review26: both quoted ¥28,800)."""
    settings = replace(_settings(), rep_split=split, rep_weights=weights)
    result = run(_history(), settings)
    assert result.evidence.won_share.empty
    assert not [n for n in result.notes if n.code == "won_account_in_share"]
    revenue = _fy(result.targets)
    share = {"A": 0.5, "B": 0.5} if split == "equal" else {"A": 1.2 / 2.2, "B": 1 / 2.2}
    assert revenue.at["A", "target"] == pytest.approx(KGI * share["A"])
    assert revenue.at["B", "target"] == pytest.approx(KGI * share["B"])
    plan = "\n".join(str(getattr(c, "value", c)) for row in plan_rows(result, "en") for c in row)
    assert "won account counted for 12 months" not in plan and "28,800" not in plan


@pytest.mark.parametrize("amount", [40.0, 300.0])
def test_a_small_win_changes_nothing(amount: float) -> None:
    result = run(_history(amount), _settings())
    assert result.evidence.base.at["A", "revenue"] == pytest.approx(24_000 + 6 * amount)
    assert result.evidence.base.at["A", "new_accounts"] == pytest.approx(1)
    assert not any(n.code == "won_account_in_share" for n in result.notes)
    assert result.evidence.booked_base is result.evidence.base
    assert not len(result.evidence.won_share)
    split = split_base(result.evidence)
    pd.testing.assert_series_equal(split, result.evidence.base.loc[["A", "B"], "revenue"])


def test_a_burst_of_small_wins_is_one_material_win() -> None:
    result = run(_history(80.0, accounts=6), _settings())
    ev = result.evidence
    assert ev.base.at["A", "revenue"] == pytest.approx(24_000 + 6 * 480)
    assert ev.base.at["A", "active_accounts"] == pytest.approx(23)  # 20 + 6 × 6 / 12
    assert split_base(ev)["A"] == pytest.approx(24_000 + 12 * 480)
    (note,) = [n for n in result.notes if n.code == "won_account_in_share"]
    assert note.params["count"] == 6 and note.params["monthly"] == "480"
    assert note.params["accounts_ja"] == "Hotel W1 など"
    said = text("won_account_in_share", "ja", **note.params)
    assert said.startswith("A さんが 2024-10 に獲得した Hotel W1 など(6件、月平均 ¥480、")
    assert "KGIの担当者への配分に12か月分として含めました" in said
    assert "前年 ¥26,880 を ¥29,760 として配分" in said


def test_without_a_customer_master_no_win_is_read() -> None:
    history = _history()
    derived = History(orders=history.orders, visits=history.visits)
    result = run(derived, _settings())
    assert result.evidence.base.at["A", "revenue"] == pytest.approx(26_400)
    assert not any(n.code == "won_account_in_share" for n in result.notes)
    assert not len(result.evidence.won_share)


def test_a_summed_history_counts_the_same_win() -> None:
    history = _history()
    rows = run(history, _settings())
    summed = run(compact_history(history, AS_OF), _settings())
    pd.testing.assert_frame_equal(summed.evidence.base, rows.evidence.base)
    pd.testing.assert_frame_equal(summed.targets, rows.targets)
    pd.testing.assert_series_equal(summed.evidence.won_share, rows.evidence.won_share)
    assert [n for n in summed.notes if n.code == "won_account_in_share"] == [
        n for n in rows.notes if n.code == "won_account_in_share"
    ]


def test_the_sql_path_counts_the_same_win() -> None:
    pytest.importorskip("duckdb")
    h = _history(80.0, accounts=6)
    con = _canonical_views(h)

    def sql(query: str) -> pd.DataFrame:
        return con.execute(query).df()

    facts = facts_from_sql(sql, AS_OF)
    facts = with_usage(facts, sql, con.register, h.accounts, 4)
    facts = with_ended_months(facts, sql, con.register, h.accounts)
    facts = with_won_months(facts, sql, con.register)
    assert facts.won_months is not None and set(facts.won_months["account"]) == {
        f"W{i}" for i in range(1, 7)
    }
    summed = replace(h, orders=h.orders.iloc[:0], visits=h.visits.iloc[:0], facts=facts)
    rows, got = run(h, _settings()), run(summed, _settings())
    pd.testing.assert_frame_equal(got.evidence.base, rows.evidence.base)
    pd.testing.assert_frame_equal(got.targets, rows.targets)
    assert split_base(got.evidence)["A"] == pytest.approx(24_000 + 12 * 480)


def test_summed_facts_without_the_table_count_no_win() -> None:
    history = _history()
    summed = compact_history(history, AS_OF)
    assert summed.facts is not None
    bare = replace(summed, facts=replace(summed.facts, won_months=None))
    ev = run(bare, _settings()).evidence
    assert split_base(ev)["A"] == pytest.approx(26_400)


def test_the_plan_and_checks_sheets_name_the_win(tmp_path: Path) -> None:
    """The written book: the pipeline judges to the last entry (2025-03-10), so its baseline
    is 2024-03 – 2025-02: W1's full months 2024-11 – 2025-02 at ¥400."""
    path = _write_book(tmp_path / "book.xlsm", _history())
    recalculate(path)
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    for sheet in ("Plan", "Checks"):
        cells = " ".join(
            str(v) for row in wb[sheet].iter_rows(values_only=True) for v in row if v is not None
        )
        assert "Hotel W1 won by A in 2024-10 (¥400 a month" in cells, sheet
        if sheet == "Plan":
            # The running year's landing (core.landing.year_landing) counts it at its run
            # rate in the year's months before October 2024 (2024-04 – 09): 6 × 400 = ¥2,400.
            said = " ".join(cells.split())  # its note wraps over rows
            assert "the large accounts won (Hotel W1)" in said
            assert "before they were won too (+¥2,400" in said


def _running(amount: float) -> History:
    """``_history`` through 2025-01-31 (W1's orders 2024-10 – 2025-01), for a landing."""
    h = _history(amount)
    cut = pd.Timestamp("2025-01-31")
    return replace(
        h,
        orders=h.orders[h.orders["date"] <= cut].reset_index(drop=True),
        visits=h.visits[h.visits["date"] <= cut].reset_index(drop=True),
    )


def test_the_landing_counts_a_material_win_at_its_run_rate() -> None:
    """FY2025 planned on 2025-01-31: the running year FY2024 has its actual 2024-04 – 2025-01
    and expects 2025-02 – 03 at the pace of those 10 months (a flat season: 10/12 of a
    year). W1's full months 2024-11 – 2025-01 at ¥400: ¥4,800 a year = 20% of A's other
    ¥24,000, material (core.won over the 12 months 2024-02 – 2025-01). A's actual: 10 × ¥2,000
    + 4 × ¥400 = ¥21,600; W1 counts at ¥400 in the year's six months before it was won
    (2024-04 – 09, +¥2,400), so his pace is 24,000 ÷ 10/12 = ¥28,800 a year, not the 21,600 ÷
    10/12 = ¥25,920 booked. B's is ¥24,000, so A expects 28,800 / 24,000 = 1.2 times B's
    rest."""
    result = run(_running(400.0), replace(_settings(), as_of=date(2025, 1, 31)))
    got = landing(result.evidence, result.history)
    assert got is not None
    assert got.rest_months == [pd.Period("2025-02", "M"), pd.Period("2025-03", "M")]
    table = got.table
    assert table.at["A", "run_rate"] == pytest.approx(28_800)
    assert table.at["B", "run_rate"] == pytest.approx(24_000)
    assert table.at["A", "actual"] == pytest.approx(21_600)
    assert got.won_accounts == ("Hotel W1",) and got.won_revenue == pytest.approx(2_400)
    ratio = got.monthly.loc["A"] / got.monthly.loc["B"]
    assert ratio.to_numpy() == pytest.approx([1.2, 1.2])
    assert table.at[TEAM, "landing"] == table.at[TEAM, "actual"] + table.at[TEAM, "expected"]
    # The plan's share of the KGI counts the same win the same way (its levers as booked).
    assert split_base(result.evidence)["A"] == pytest.approx(28_800)
    assert result.evidence.base.at["A", "revenue"] == pytest.approx(25_600)


def test_the_landing_keeps_a_small_win_as_booked() -> None:
    """W1 at ¥300 a month: ¥3,600 a year = 15% of A's other book, under ``WIN_SHARE``: A's
    pace is as booked, (10 × 2,000 + 4 × 300) ÷ 10/12 = ¥25,440."""
    result = run(_running(300.0), replace(_settings(), as_of=date(2025, 1, 31)))
    got = landing(result.evidence, result.history)
    assert got is not None
    assert got.table.at["A", "run_rate"] == pytest.approx(25_440)
    assert got.won_accounts == () and got.won_revenue == 0.0


def test_a_groups_burst_of_wins_is_one_win_in_the_pace_of_winning() -> None:
    """The six hotels W1 – W6 of one chain won on one day (a material burst, held in A's
    baseline for 12 months) are one win to the account flows, not a pace of six a year.
    Baseline FY2024, A and B 20 accounts each held at its start, no loss (flows.py,
    credibility n ÷ (n + 10)):

    - as booked, six wins: the team's pace 6 / 40 = 0.15 per account a year; A's own
      6 / 20 = 0.3 trusted 6 / 16: (0.375 × 0.3 + 0.625 × 0.15) × 20 = 4.125 new accounts a
      year; B, none of his own, 0.15 × 20 = 3 — a chain's deal planned again for both;
    - one win: the team's 1 / 40 = 0.025; A (1 / 11 × 0.05 + 10 / 11 × 0.025) × 20 = 6 / 11;
      B 0.025 × 20 = 0.5."""
    plain = _history(80.0, accounts=6)
    chain = plain.accounts["account"].str.startswith("W").map({True: "Hotel chain"})
    history = replace(plain, accounts=plain.accounts.assign(group=chain))
    result = run(history, _settings())
    ev = result.evidence
    wins = material_wins(history, won_months(history, AS_OF), ev.facts, ev.baseline_months, AS_OF)
    assert [(len(w.accounts), w.group) for w in wins] == [(6, "Hotel chain")]
    window, last = ev.baseline_months, ev.baseline_months[-1]
    booked = measure_flows(ev.facts, window, last, 0).new_per_year
    assert booked["A"] == pytest.approx(4.125) and booked["B"] == pytest.approx(3.0)
    once = one_win_per_burst(ev.facts, history, wins, AS_OF)
    october = pd.Period("2024-10", "M")
    assert once.at[("A", october), "new_accounts"] == 1
    assert once.at[(TEAM, october), "new_accounts"] == 1
    paced = measure_flows(once, window, last, 0).new_per_year
    assert paced["A"] == pytest.approx(6 / 11) and paced["B"] == pytest.approx(0.5)
    assert paced[TEAM] == pytest.approx(6 / 11 + 0.5)
    # The plan's flows read the same (core.baselines passes its facts through).
    assert ev.flows is not None
    assert ev.flows.new_per_year["A"] == pytest.approx(6 / 11)
    assert ev.flows.new_per_year["B"] == pytest.approx(0.5)
    # Everything else as it was; six first orders on one day without a group (their own
    # meetings' wins, as far as the facts tell) and a single win are left as they are.
    pd.testing.assert_frame_equal(
        once.drop(columns="new_accounts"), ev.facts.drop(columns="new_accounts")
    )
    single = _history()
    one = run(single, _settings()).evidence
    found = material_wins(single, won_months(single, AS_OF), one.facts, one.baseline_months, AS_OF)
    assert len(found) == 1
    assert one_win_per_burst(one.facts, single, found, AS_OF) is one.facts
    timed = run(plain, _settings()).evidence
    runs = material_wins(plain, won_months(plain, AS_OF), timed.facts, window, AS_OF)
    assert [(len(w.accounts), w.group) for w in runs] == [(6, "")]
    assert one_win_per_burst(timed.facts, plain, runs, AS_OF) is timed.facts
    assert timed.flows is not None
    assert timed.flows.new_per_year["A"] == pytest.approx(4.125)
    assert timed.flows.new_per_year["B"] == pytest.approx(3.0)
