"""The backtest scores every method on the basis the realised value is measured.

Over part of a year a ratio KPI's target is the ratio of the summed parts the method plans
(unit price = Σ planned revenue ÷ Σ planned orders over the compared months), as the
realised unit price is Σ revenue ÷ Σ orders: not routekpi's FY unit price, whose months'
revenue and orders follow another season.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from routekpi.cli import main
from routekpi.core.backtest import METHODS, backtest
from routekpi.core.engine import run
from routekpi.core.history import History, PlanSettings
from routekpi.messages import text
from routekpi.sample import generate_sample
from tests.test_backtest import tiny_workbook


def _halves(account: str, rep: str, year: int, last_month: int = 12) -> list[tuple[object, ...]]:
    """One order a month on the 15th: 200 in January – June, 100 in July – December."""
    return [
        (pd.Timestamp(year, m, 15), account, rep, 200.0 if m <= 6 else 100.0, 1)
        for m in range(1, last_month + 1)
    ]


def _price_season_history() -> History:
    """Two reps with one account each (held since 2020-07), calendar years, no visits.

    2021 – 2023 alike: one order a month, at 200 in the first half and 100 in the second
    (the price carries the whole season, the orders none). 2024 goes on the same way; the
    history ends on 2024-06-30, so FY2024 is compared over January – June only.
    """
    rows = []
    for account, rep in (("a1", "A"), ("b1", "B")):
        for year in (2021, 2022, 2023):
            rows += _halves(account, rep, year)
        rows += _halves(account, rep, 2024, last_month=6)
    orders = pd.DataFrame(rows, columns=["date", "account", "rep", "amount", "quantity"])
    accounts = pd.DataFrame(
        [
            ("a1", "Alpha", "A", pd.Timestamp(2020, 7, 1), pd.NaT),
            ("b1", "Beta", "B", pd.Timestamp(2020, 7, 1), pd.NaT),
        ],
        columns=["account", "name", "rep", "start", "end"],
    )
    return History(orders=orders, accounts=accounts)


def test_a_ratio_over_part_of_a_year_is_its_summed_parts_by_hand() -> None:
    h = _price_season_history()
    settings = PlanSettings(kgi=1.0, plan_year=2030, fiscal_start_month=1, as_of=date(2024, 6, 30))
    r = backtest(h, settings, 2024)
    # Realised January – June 2024, each rep: revenue 6 × 200 = 1,200, 6 orders, so a unit
    # price of 1,200 ÷ 6 = 200. A year is 6 × 200 + 6 × 100 = 1,800: the months' seasonal
    # share S = 1,200 ÷ 1,800 = 2/3 and the KGI = team 2,400 ÷ 2/3 = 3,600 (flat years: each
    # rep's plan is last year again).
    assert r.partial and len(r.months) == 6
    assert r.season_share == pytest.approx(2 / 3) and r.kgi == pytest.approx(3600)

    # The engine's own plan that day, by hand: FY unit price 1,800 ÷ 12 = 150; its months
    # carry the season in revenue (200 a month in January – June) and none in orders (1).
    known = History(orders=h.orders[h.orders["date"] < "2024-01-01"], accounts=h.accounts)
    plan = PlanSettings(kgi=3600, plan_year=2024, fiscal_start_month=1, as_of=date(2023, 12, 31))
    targets = run(known, plan).targets.set_index(["period", "rep", "kpi"])["target"]
    assert targets[("FY2024", "A", "unit_price")] == pytest.approx(150)
    first_half = [f"2024-{m:02d}" for m in range(1, 7)]
    assert [targets[(m, "A", "revenue")] for m in first_half] == pytest.approx([200] * 6)
    assert [targets[(m, "A", "orders")] for m in first_half] == pytest.approx([1] * 6)

    rows = r.rows.set_index(["rep", "kpi"])
    for rep in ("A", "B"):
        price = rows.loc[(rep, "unit_price")]
        assert price["realised"] == pytest.approx(200)
        # routekpi: Σ revenue ÷ Σ orders of its January – June targets = 1,200 ÷ 6 = 200, on
        # target (its FY unit price, 150, would be 25% off: a year's price, not these months').
        assert price["routekpi"] == pytest.approx(200) and price["ape_routekpi"] == pytest.approx(0)
        # Uniform (g = 1 here) and no change: revenue 1,800 × S = 1,200 over orders 12 × S = 8
        # — the ratio of their parts, 150: their months carry the season in orders, not price.
        for method in ("uniform", "no_change"):
            assert price[method] == pytest.approx(150)
            assert rows.loc[(rep, "revenue"), method] / rows.loc[(rep, "orders"), method] == (
                pytest.approx(150)
            )
            assert price[f"ape_{method}"] == pytest.approx(0.25)
        # Orders per account (monthly): Σ orders ÷ Σ month-end books = 6 ÷ (6 × 1) = 1.
        assert rows.loc[(rep, "orders_per_account"), "routekpi"] == pytest.approx(1)
        assert rows.loc[(rep, "orders_per_account"), "realised"] == pytest.approx(1)
    # The team row: the reps' values at the baseline mix (equal weights here), as realised.
    assert rows.loc[("ALL", "unit_price"), "routekpi"] == pytest.approx(200)


def test_every_methods_levers_multiply_to_its_revenue_over_the_months() -> None:
    """Sample FY2026 over its 7 realised months (visit tree): for every method, and for what
    happened, active accounts × visits per account × orders per visit × unit price × 7 is the
    revenue over those months, and orders ÷ (accounts × 7) the orders per account."""
    s = generate_sample(7)
    history = History(s.orders, s.visits, s.accounts, s.holidays)
    as_of = s.settings["AsOf"]
    settings = PlanSettings(kgi=1.0, plan_year=2026, as_of=as_of)
    r = backtest(history, settings, 2026, data_end=as_of, planned_on=date(2025, 11, 30))
    assert r.partial and len(r.months) == 7
    rows = r.rows[r.rows["rep"] != "ALL"]
    for method in ("realised", *METHODS):
        t = rows.pivot(index="rep", columns="kpi", values=method)
        tree = t["active_accounts"] * t["visits_per_account"] * t["orders_per_visit"]
        assert (tree * t["unit_price"] * 7).to_numpy() == pytest.approx(t["revenue"].to_numpy())
        per_account = t["orders"] / (t["active_accounts"] * 7)
        assert per_account.to_numpy() == pytest.approx(t["orders_per_account"].to_numpy())
        assert (t["orders"] / t["visits"]).to_numpy() == pytest.approx(
            t["orders_per_visit"].to_numpy()
        )


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_command_says_the_basis_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    """``routekpi backtest BOOK`` prints the scoring basis and writes it on the sheet."""
    book = tiny_workbook(tmp_path / f"tiny_{lang}.xlsm", lang=lang)
    capsys.readouterr()
    assert main(["backtest", str(book), "--sheet"]) == 0
    line = text("backtest.scoring", lang)
    assert line in capsys.readouterr().out.splitlines()
    ws = openpyxl.load_workbook(book)["Backtest"]
    cells = "".join(str(r[0]) for r in ws.iter_rows(values_only=True) if r and r[0])
    assert line.replace(" ", "") in cells.replace(" ", "")
