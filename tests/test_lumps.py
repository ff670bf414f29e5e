"""Rare large orders (core.lumps, trial 49 M1) and quote-priced products left out of the
like-for-like price index (core.price_index.quote_priced, trial 49 L1)."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from routekpi.core.lumps import (
    lump_frame,
    lump_months,
    lump_months_sql,
    lumps_in,
    lumps_missing,
    projects_short,
)
from routekpi.core.price_index import monthly_changes, quote_priced


def _orders() -> pd.DataFrame:
    # Rep A: 20 orders of ¥100,000 a month apart, one ¥1,000,000 (10× the median: a lump)
    # and one ¥990,000 (under 10×: not). Rep B: 13 orders of ¥2,000,000 in 2025 among 20 of
    # ¥100,000 (more than 12 large ones in the year: his business, no lump).
    rows = [("A", f"2025-{1 + i % 12:02d}-{1 + i // 12:02d}", 100_000.0) for i in range(20)]
    rows += [("A", "2025-03-15", 1_000_000.0), ("A", "2025-05-15", 990_000.0)]
    rows += [("B", f"2025-{1 + i % 12:02d}-{10 + i // 12:02d}", 100_000.0) for i in range(20)]
    rows += [("B", f"2025-{1 + i % 12:02d}-{20 + i // 12:02d}", 2_000_000.0) for i in range(13)]
    return pd.DataFrame(
        {
            "rep": [r[0] for r in rows],
            "date": pd.to_datetime([r[1] for r in rows]),
            "amount": [r[2] for r in rows],
        }
    )


def test_lump_is_ten_times_the_median_and_rare() -> None:
    """The table holds every large order (B's 13 too: projects_short reads them); the lumps
    are only A's, B's year holding more than 12."""
    table = lump_months(_orders())
    assert table is not None
    mine = table[table["rep"] == "A"]
    assert mine.to_dict("records") == [
        {"rep": "A", "month": pd.Period("2025-03", "M"), "revenue": 1_000_000.0, "orders": 1}
    ]
    theirs = table[table["rep"] == "B"]
    assert int(theirs["orders"].sum()) == 13 and float(theirs["revenue"].sum()) == 26_000_000.0
    year = list(pd.period_range("2025-01", "2025-12", freq="M"))
    assert lumps_in(table, "A", year) == (1_000_000.0, 1)
    assert lumps_in(table, "B", year) == (0.0, 0)


def test_sql_gives_the_same_table() -> None:
    con = duckdb.connect()
    con.register("o", _orders())
    sql = lump_frame(con.execute(lump_months_sql("o")).df())
    pandas = lump_months(_orders())
    assert sql is not None and pandas is not None
    pd.testing.assert_frame_equal(sql, pandas)


def test_lumps_missing_says_last_years_lumps() -> None:
    table = pd.DataFrame(
        {
            "rep": ["A", "A"],
            "month": [pd.Period("2025-05", "M"), pd.Period("2026-06", "M")],
            "revenue": [12_000_000.0, 1_000_000.0],
            "orders": [5, 1],
        }
    )
    base = list(pd.period_range("2025-04", "2026-03", freq="M"))
    now = list(pd.period_range("2026-04", "2026-11", freq="M"))
    # 12M of 80M (15%) against 1M of 50M (2%): 13 points ≥ 5.
    got = lumps_missing(table, "A", base, 80_000_000.0, now, 50_000_000.0)
    assert got == {"lumps": 12_000_000.0, "lumps_n": 5, "lumps_now": 1_000_000.0, "lumps_now_n": 1}
    # The unit price 22% short (130/167): the missing 15% of revenue is log 0.85 = −0.163,
    # over half of log 0.778 = −0.251; 40% short (log −0.51): less than half, not said.
    assert lumps_missing(table, "A", base, 80e6, now, 50e6, shortfall=130 / 167)["lumps_n"] == 5
    assert lumps_missing(table, "A", base, 80e6, now, 50e6, shortfall=0.6) == {}
    # This year holds as large a share (12M of 80M vs 7.5M of 50M = 15%): nothing to say.
    table.loc[1, "revenue"] = 7_500_000.0
    assert lumps_missing(table, "A", base, 80_000_000.0, now, 50_000_000.0) == {}
    assert lumps_missing(table, "B", base, 80_000_000.0, now, 50_000_000.0) == {}


def test_lumps_above_the_baselines_revenue_explain_the_whole_gap() -> None:
    """CI at f7695c1e: a rep whose baseline revenue (net of his returns, or cut by a handover)
    was below the lumps read under his slips stopped the recalculation with a math domain
    error (log of 1 − 1.25). Lumps of ≥ the revenue explain any unit-price gap: said."""
    table = pd.DataFrame(
        {"rep": ["A"], "month": [pd.Period("2025-05", "M")], "revenue": [10e6], "orders": [2]}
    )
    base = list(pd.period_range("2025-04", "2026-03", freq="M"))
    now = list(pd.period_range("2026-04", "2026-11", freq="M"))
    for revenue in (8e6, 10e6):  # the lumps 125% and 100% of the baseline's revenue
        got = lumps_missing(table, "A", base, revenue, now, 5e6, shortfall=0.9)
        assert got == {"lumps": 10e6, "lumps_n": 2, "lumps_now": 0.0, "lumps_now_n": 0}


def _products(quote: list[float]) -> pd.DataFrame:
    months = list(pd.period_range("2024-01", "2024-12", freq="M"))
    rows = []
    for i, m in enumerate(months):
        rows += [("list1", m, 100.0 * (1.04 if i >= 6 else 1.0), 1000.0, 10)]
        rows += [("list2", m, 50.0, 1000.0, 10), ("list3", m, 20.0, 1000.0, 10)]
        rows += [("chair", m, quote[i], 5000.0, 1)]
    return pd.DataFrame(rows, columns=["product", "month", "price", "revenue", "lines"])


def test_quote_priced_product_left_out_of_the_index() -> None:
    # The chair's price moves by ≥5% in 10 of its 11 month pairs: a quote.
    chair = [100, 120, 95, 130, 90, 110, 140, 100, 100, 125, 95, 115]
    table = _products([float(x) for x in chair])
    assert quote_priced(table) == {"chair"}
    months = list(pd.period_range("2024-01", "2024-12", freq="M"))
    sized, _ = monthly_changes(table, months, sized=True)
    # Without the chair: only list1's +4% in July, a third of the list revenue, and
    # nothing else.
    want = np.log((2000 + 1000 * 1.04) / 3000)
    assert np.isclose(sized[6], want)
    assert np.allclose(np.delete(sized[1:], 5), 0.0)


def test_one_revision_is_no_quote() -> None:
    # A list price stepping +4% once (list1) and a product revised twice by 10% are list prices.
    steady = [100.0] * 4 + [110.0] * 4 + [121.0] * 4
    assert quote_priced(_products(steady)) == set()


def test_flag_action_names_the_lumps_and_no_colleague() -> None:
    from routekpi.render_daily import flag_action

    p = {
        "lever": "unit_price",
        "lever_actual": 130_017.0,
        "lever_target": 166_703.0,
        "contribution": -13_413_879.0,
        "best_rep": "",
        "best_value": 140_000.0,
        "lumps": 12_777_000.0,
        "lumps_n": 5,
        "lumps_now": 1_388_350.0,
        "lumps_now_n": 1,
    }
    words = flag_action("behind_pace", p, "伊藤 真理", "ja")
    assert "前年は大型の受注 ¥12,777,000(5件)を含みます" in words
    assert "今年度はここまで ¥1,388,350、1件" in words
    assert "やり方を聞いて" not in words
    del p["lumps_n"]
    p["best_rep"] = "山本 彩"
    assert "山本 彩さん" in flag_action("behind_pace", p, "伊藤 真理", "ja")


def test_review_marks_the_unit_price_row_of_a_rep_whose_lumps_are_missing() -> None:
    from types import SimpleNamespace

    from routekpi.core.review import _mark_lumps

    out = pd.DataFrame(
        {
            "rep": ["A", "A", "B", "B"],
            "kpi": ["revenue", "unit_price", "revenue", "unit_price"],
            "actual_ytd": [50_000_000.0, 130_000.0, 50_000_000.0, 130_000.0],
            "target_ytd": [60_000_000.0, 167_000.0, 60_000_000.0, 167_000.0],
            "detail": [{}, {"alike": [0, 1]}, {}, {}],
            # No main lever: the projects' count (``projects_short``) is not asked.
            "main": [False] * 4,
            "contribution": [-10_000_000.0, -5_000_000.0, -10_000_000.0, -5_000_000.0],
        }
    )
    lumps = pd.DataFrame(
        {
            "rep": ["A", "B"],
            "month": [pd.Period("2025-05", "M"), pd.Period("2025-05", "M")],
            "revenue": [12_000_000.0, 3_000_000.0],
            "orders": [5, 2],
        }
    )
    ev = SimpleNamespace(
        as_of=pd.Timestamp("2026-11-30").date(),
        plan_months=list(pd.period_range("2026-04", "2027-03", freq="M")),
        baseline_months=list(pd.period_range("2025-04", "2026-03", freq="M")),
        base=pd.DataFrame({"revenue": [80_000_000.0, 80_000_000.0]}, index=["A", "B"]),
    )
    _mark_lumps(out, SimpleNamespace(lump_months=lumps, lump_orders=None), ev)  # type: ignore[arg-type]
    # A: 12M of 80M (15%) against none this year: said, the row's other finding kept.
    assert out.at[1, "detail"] == {
        "alike": [0, 1],
        "lumps": 12_000_000.0,
        "lumps_n": 5,
        "lumps_now": 0.0,
        "lumps_now_n": 0,
    }
    # B: 3M of 80M is 3.75% (< 5 points): nothing.
    assert out.at[3, "detail"] == {}
    assert out.at[0, "detail"] == {}


def test_a_list_price_with_each_accounts_discount_is_no_quote() -> None:
    """A list price each account buys at its own discount (trial 47's MRO list, 5–28% off)
    moves with the month's buyers: 100 and 93 by turns, |log(93/100)| = 7.3% every month
    pair — not a quote (``QUOTE_MOVE`` 10%); the same at 100 and 89 (11.7%) is one."""
    mix = [100.0 if i % 2 == 0 else 93.0 for i in range(12)]
    assert quote_priced(_products(mix)) == set()
    wide = [100.0 if i % 2 == 0 else 89.0 for i in range(12)]
    assert quote_priced(_products(wide)) == {"chair"}


def _projects(now_per_month: list[int], base_per_month: int = 3) -> pd.DataFrame:
    """Rep A's large orders of ¥5,000,000: ``base_per_month`` a month in FY2025 (April 2025 –
    March 2026), then ``now_per_month`` from April 2026."""
    base = list(pd.period_range("2025-04", "2026-03", freq="M"))
    now = list(pd.period_range("2026-04", periods=len(now_per_month), freq="M"))
    counts = [base_per_month] * len(base) + now_per_month
    return pd.DataFrame(
        {
            "rep": ["A"] * len(counts),
            "month": base + now,
            "revenue": [5_000_000.0 * k for k in counts],
            "orders": counts,
        }
    )


def test_projects_short_is_a_chance_sized_count_of_large_orders() -> None:
    """36 large orders in the baseline (more than 12: the business), 24 in its April –
    November; this year's eight months hold 17: 7 short, within 2 × √24 = 9.8, ¥85M
    against ¥120M: ¥35M short, at least half of a ¥50M gap, not of an ¥80M one; 12 landed
    (12 short) is beyond chance; 10 a year are lumps."""
    base = list(pd.period_range("2025-04", "2026-03", freq="M"))
    now = list(pd.period_range("2026-04", "2026-11", freq="M"))
    landed = [2, 2, 2, 2, 2, 2, 2, 3]  # 17
    got = projects_short(_projects(landed), "A", base, now, 50_000_000.0)
    assert got == {
        "projects_expected": 24,
        "projects_n": 17,
        "projects_base": 120_000_000.0,
        "projects_now": 85_000_000.0,
    }
    assert projects_short(_projects(landed), "A", base, now, 80_000_000.0) == {}
    assert projects_short(_projects([1, 1, 2, 2, 1, 2, 1, 2]), "A", base, now, 9e7) == {}
    ten = _projects([0] * 8, base_per_month=1).iloc[2:]  # 10 in the baseline: rare
    assert projects_short(ten, "A", base, now, 5e6) == {}
    assert projects_short(_projects(landed), "B", base, now, 5e7) == {}


def test_flag_action_says_fewer_projects_and_no_colleague() -> None:
    from routekpi.render_daily import flag_action

    p = {
        "lever": "unit_price",
        "lever_actual": 134_238.0,
        "lever_target": 167_836.0,
        "contribution": -60_000_000.0,
        "best_rep": "",
        "best_value": 180_000.0,
        "projects_expected": 24,
        "projects_n": 17,
        "projects_base": 120_000_000.0,
        "projects_now": 85_000_000.0,
    }
    words = flag_action("behind_pace", p, "高橋 誠", "ja")
    assert "大型案件の数が例年より少ない" in words
    assert "ここまで 17件 ¥85,000,000 で、前年の同じ月の 24件 ¥120,000,000 より 7件、" in words
    assert "¥35,000,000 少なく" in words
    assert "やり方を聞いて" not in words
    assert "17 for ¥85,000,000 against 24" in flag_action("behind_pace", p, "高橋 誠", "en")
