"""A rep's material account that stepped down and stayed down (trial 47 H1):
core.account_step ``find_step_downs`` / ``step_table`` / ``step_downs_out`` and the flag's words."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from routekpi.core import account_step
from routekpi.core.account_step import find_step_downs, step_downs_out, step_table
from routekpi.core.history import History
from routekpi.core.measure import TEAM
from routekpi.render import flag_message

MONTHS = list(pd.period_range("2024-01", periods=24, freq="M"))


def _table(levels: list[float]) -> pd.DataFrame:
    """Account A (rep R) at ``levels`` a month over MONTHS."""
    return pd.DataFrame(
        {"account": "A", "rep": "R", "month": pd.PeriodIndex(MONTHS), "revenue": levels}
    )


def _reps(own_rest: float = 900.0) -> pd.Series:
    """Revenue by (rep, month): R's other accounts ``own_rest`` plus A's 100, S 1,000."""
    idx = pd.MultiIndex.from_product([["R", "S"], MONTHS], names=["rep", "month"])
    return pd.Series([own_rest + 100.0] * 24 + [1000.0] * 24, index=idx)


STEP = [100.0] * 18 + [40.0] * 6  # from 2025-07 at 40% of the old level, six months


def test_step_down_found_with_its_month_level_and_share() -> None:
    (s,) = find_step_downs(_table(STEP), _reps(), {"A": "遠州精機"}, MONTHS)
    assert (s.account, s.name, s.rep, s.month, s.months) == ("A", "遠州精機", "R", MONTHS[18], 6)
    assert s.before == pytest.approx(100.0) and s.after == pytest.approx(40.0)
    assert s.ratio == pytest.approx(0.4) and s.lost_month == pytest.approx(60.0)
    # 12 × 100 of R's 12 × 1,000 over the year before the step.
    assert s.usual == pytest.approx(1200.0) and s.share == pytest.approx(0.1)


def test_the_facts_team_rows_do_not_count_twice() -> None:
    """The engine's facts carry the team's rows (``TEAM``) beside the reps'; the flag and the
    Daily passed them whole, which doubled the team a step is read against. A falls to 55%
    while S falls 1,000 → 800: against the rest of the team A's level went 0.55 × 1,900 ÷
    (1,800 − 55) = 0.599 of before, a step (≤ 0.6); read against a doubled team, 0.55 ×
    3,900 ÷ (3,600 − 55) = 0.605, none. With the team's rows passed it is still found."""
    idx = pd.MultiIndex.from_product([["R", "S"], MONTHS], names=["rep", "month"])
    reps = pd.Series([1000.0] * 24 + [1000.0] * 18 + [800.0] * 6, index=idx)
    team = reps.groupby(level="month").sum()
    team.index = pd.MultiIndex.from_product([[TEAM], MONTHS], names=["rep", "month"])
    fell = _table([100.0] * 18 + [55.0] * 6)
    (alone,) = find_step_downs(fell, reps, {}, MONTHS)
    assert alone.month == MONTHS[18] and alone.ratio == pytest.approx(0.55)
    assert find_step_downs(fell, pd.concat([reps, team]), {}, MONTHS) == [alone]


def test_no_step_down_for_a_slump_that_recovered_a_small_account_or_an_ended_one() -> None:
    slump = [100.0] * 18 + [40.0] * 3 + [100.0] * 3
    assert find_step_downs(_table(slump), _reps(), {}, MONTHS) == []
    # 1,200 of R's 12 × 5,100: 2.0%, under the 5% of a material account.
    assert find_step_downs(_table(STEP), _reps(own_rest=5000.0), {}, MONTHS) == []
    assert find_step_downs(_table(STEP), _reps(), {}, MONTHS, ended={"A"}) == []
    # Down by a third (67% of a year before): not the 40% fall the rule asks.
    third = [100.0] * 18 + [67.0] * 6
    assert find_step_downs(_table(third), _reps(), {}, MONTHS) == []


def test_step_table_from_order_lines() -> None:
    rows = []
    for i, m in enumerate(MONTHS):
        day = m.start_time + pd.Timedelta(days=3)
        rows.append((day, "A", "R", STEP[i]))
        rows.append((day, "B", "R", 900.0))  # flat: no candidate
    orders = pd.DataFrame(rows, columns=["date", "account", "rep", "amount"])
    table = step_table(orders, MONTHS)
    assert set(table["account"]) == {"A"}
    assert table["revenue"].tolist() == STEP
    assert table["orders"].tolist() == [1.0] * 24
    assert [str(m) for m in table["month"]] == [str(m) for m in MONTHS]


def _step_lines(late: float = 5000.0) -> pd.DataFrame:
    """Order lines: A at ``STEP`` and B flat at 900 on each month's 4th, and a line of A
    for ``late`` yen on 2025-12-20."""
    rows = []
    for i, m in enumerate(MONTHS):
        day = m.start_time + pd.Timedelta(days=3)
        rows += [(day, "A", "R", STEP[i]), (day, "B", "R", 900.0)]
    rows.append((pd.Timestamp("2025-12-20"), "A", "R", late))
    return pd.DataFrame(rows, columns=["date", "account", "rep", "amount"])


def test_step_table_reads_the_lines_up_to_a_day_with_the_run_account_codes() -> None:
    orders = _step_lines()
    # Read through: A's December is 5,040, its last three months 5,120 against 300 a
    # year before, no step down.
    assert step_table(orders, MONTHS).empty
    # Up to 2025-12-10 (as the baseline reads it, coded once a run): the step as it was.
    cut = pd.Timestamp("2025-12-10")
    table = step_table(orders, MONTHS, cut, pd.factorize(orders["account"]))
    assert table["revenue"].tolist() == STEP and set(table["account"]) == {"A"}
    assert table.equals(step_table(orders[orders["date"] <= cut], MONTHS))


def test_step_inputs_read_once_a_run_and_the_ended_set_is_the_caller_own() -> None:
    accounts = pd.DataFrame(
        {
            "account": ["A", "B"],
            "name": ["遠州精機", "B商事"],
            "rep": ["R", "R"],
            "start": pd.NaT,
            "end": [pd.NaT, pd.Timestamp("2025-06-30")],
        }
    )
    history = History(orders=_step_lines(), accounts=accounts)
    day = date(2025, 12, 10)
    table, names, ended = account_step.step_inputs(history, day, MONTHS)
    assert table is not None and set(table["account"]) == {"A"}
    assert names == {"A": "遠州精機", "B": "B商事"} and ended == {"B"}
    ended.add("A")  # the baseline adds its lost accounts to its own set
    again, _, ended_again = account_step.step_inputs(history, day, MONTHS)
    assert again is table and ended_again == {"B"}
    # Another day reads again: the late line is in it.
    later, _, _ = account_step.step_inputs(history, date(2025, 12, 31), MONTHS)
    assert later is not None and later.empty


def test_step_down_months_as_objects_read_as_periods() -> None:
    table = _table(STEP)
    as_objects = table.assign(month=table["month"].astype(object))
    (s,) = find_step_downs(as_objects, _reps(), {}, MONTHS)
    assert s == find_step_downs(table, _reps(), {}, MONTHS)[0]


def _facts() -> pd.DataFrame:
    idx = pd.MultiIndex.from_product([["R", "S", TEAM], MONTHS], names=["rep", "month"])
    revenue = [1000.0] * 24 + [1000.0] * 24 + [2000.0] * 24
    orders = [50.0] * 24 + [40.0] * 24 + [90.0] * 24
    return pd.DataFrame({"revenue": revenue, "orders": orders}, index=idx)


def test_step_downs_out_takes_the_stopped_part_out_of_the_rep_baseline() -> None:
    steps = find_step_downs(_table(STEP), _reps(), {}, MONTHS, least=account_step.CARRY_MONTHS)
    baseline = MONTHS[12:]
    out, carried = step_downs_out(_facts(), steps, _table(STEP), baseline)
    # Baseline months before the step (2025-01 … 06): 100 × (1 − 0.4) = 60 of R's 1,000 each,
    # his orders by the same 6%: 50 → 47; the team's by as much; none after the step.
    ((step, yen),) = carried
    assert step.account == "A" and yen == pytest.approx(6 * 60.0)
    r = out.xs("R", level="rep")
    np.testing.assert_allclose(r["revenue"].to_numpy(), [1000.0] * 12 + [940.0] * 6 + [1000.0] * 6)
    np.testing.assert_allclose(r["orders"].to_numpy(), [50.0] * 12 + [47.0] * 6 + [50.0] * 6)
    team = out.xs(TEAM, level="rep")
    assert team["revenue"].iloc[12] == pytest.approx(1940.0)
    assert out.xs("S", level="rep")["revenue"].eq(1000.0).all()


def test_step_downs_out_cuts_orders_by_the_account_own_step() -> None:
    # A's orders: 10 a month, 2 a month since the step (its order size grew): 10 × (1 − 0.2)
    # = 8 of R's 50 out of each baseline month before the step, revenue as before.
    table = _table(STEP).assign(orders=[10.0] * 18 + [2.0] * 6)
    steps = find_step_downs(table, _reps(), {}, MONTHS, least=account_step.CARRY_MONTHS)
    out, _ = step_downs_out(_facts(), steps, table, MONTHS[12:])
    r = out.xs("R", level="rep")
    np.testing.assert_allclose(r["orders"].to_numpy(), [50.0] * 12 + [42.0] * 6 + [50.0] * 6)
    np.testing.assert_allclose(r["revenue"].to_numpy(), [1000.0] * 12 + [940.0] * 6 + [1000.0] * 6)
    assert out.xs(TEAM, level="rep")["orders"].iloc[12] == pytest.approx(82.0)


def test_carry_is_off_by_default() -> None:
    # The backtests lost with it on (module doc of core.account_step): the Plan says instead.
    assert account_step.CARRY_STEP_DOWNS is False


def test_a_step_read_over_fewer_months_is_not_carried() -> None:
    five = [100.0] * 19 + [40.0] * 5
    steps = find_step_downs(_table(five), _reps(), {}, MONTHS)
    assert len(steps) == 1 and steps[0].months == 5  # the flag names it
    out, carried = step_downs_out(_facts(), steps, _table(five), MONTHS[12:])
    assert carried == [] and out.equals(_facts())


def test_flag_words_name_the_account_and_the_yen() -> None:
    params = {
        "name": "遠州精機",
        "since": "2026-04",
        "months": 8,
        "before": 22_000_000.0,
        "after": 11_000_000.0,
        "change": -0.5,
        "lost_month": 11_000_000.0,
        "share": 0.462,
        "usual": 268_000_000.0,
        "in_baseline": 70_000_000.0,
        "baseline_months": 6,
        "plan": "FY2026",
    }
    flag = {"code": "account_stepped_down", "kpi": "revenue", "account": "K1", "params": params}
    msg, action = flag_message(flag, "ja")
    assert "遠州精機" in msg and "2026-04" in msg and "50%" in msg and "¥11,000,000" in msg
    assert "46.2%" in msg and "¥70,000,000" in msg and action
    taken = {**flag, "params": {**params, "taken_out": "71,660,299"}}
    msg, _ = flag_message(taken, "en")
    assert "¥71,660,299" in msg and "new level" in msg and "¥70,000,000" not in msg


def test_backtest_names_the_worst_miss_and_the_kpis_no_method_came_near() -> None:
    from routekpi.backtest_job import worst_miss_lines
    from routekpi.core.backtest import METHODS, POOLED

    pairs = pd.DataFrame(
        {
            "rep": ["鈴木", "佐藤"],
            "kpi": ["revenue", "unit_price"],
            "realised": [535_000_000.0, 10_000.0],
            "routekpi": [591_400_000.0, 10_300.0],
            "uniform": [588_000_000.0, 10_500.0],
            "no_change": [560_000_000.0, 10_000.0],
            # |591.4 − 535| ÷ 535 = 10.5%; uniform 9.9%: the worst, and uniform was closer.
            "ape_routekpi": [56.4 / 535, 0.03],
            "ape_uniform": [53.0 / 535, 0.05],
            "ape_no_change": [25.0 / 535, 0.0],
        }
    )
    summary = pd.DataFrame(
        {
            "kpi": ["revenue", "churn_rate", "meetings", POOLED],
            "n": [2, 7, 0, 2],
            **{f"within_{m}": [0.5, 0.0, float("nan"), 0.5] for m in METHODS},
        }
    )
    worst, never = worst_miss_lines(summary, pairs, "ja")
    assert "鈴木" in worst and "売上" in worst and "¥591,400,000" in worst
    assert "¥535,000,000" in worst and "10.5%" in worst and "一律の伸び率のほうが近く 9.9%" in worst
    assert "解約率" in never and "商談" not in never  # meetings: no pair scored
