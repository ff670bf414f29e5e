"""The backtest: the planning moment replayed, comparators and errors checked by hand."""

from __future__ import annotations

import importlib.util
import json
import math
import sys
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from routekpi.cli import main
from routekpi.core.backtest import (
    METHODS,
    BacktestError,
    backtest,
    combine,
    cut_history,
    default_year,
    format_summary,
    uniform_factors,
    verdict,
)
from routekpi.core.engine import run
from routekpi.core.history import History, PlanSettings
from routekpi.core.lapse import derive_accounts
from routekpi.sample import generate_sample
from tests.workbook_files import set_named

ROOT = Path(__file__).resolve().parent.parent


def _monthly(account: str, rep: str, year: int, amount: float) -> list[tuple[object, ...]]:
    """One order of ``amount`` on the 15th of every month of ``year``."""
    return [(pd.Timestamp(year, m, 15), account, rep, amount, 1) for m in range(1, 13)]


def tiny_history() -> History:
    """Two reps, calendar fiscal years, no visits.

    a1 (rep A) and b1 (rep B) are customers since 2022-07 (before the history starts).
    2023 (the baseline): a1 and b1 each order 100 once a month.
    2024 (the backtested year): a1 orders 120 once a month (price up, nothing else);
    b1 goes on at 100 and b2, a new account of B from 2024-01-01, orders 100 a month.
    """
    rows = [
        *_monthly("a1", "A", 2023, 100),
        *_monthly("b1", "B", 2023, 100),
        *_monthly("a1", "A", 2024, 120),
        *_monthly("b1", "B", 2024, 100),
        *_monthly("b2", "B", 2024, 100),
    ]
    orders = pd.DataFrame(rows, columns=["date", "account", "rep", "amount", "quantity"])
    accounts = pd.DataFrame(
        [
            ("a1", "Alpha", "A", pd.Timestamp(2022, 7, 1), pd.NaT),
            ("b1", "Beta", "B", pd.Timestamp(2022, 7, 1), pd.NaT),
            ("b2", "Gamma", "B", pd.Timestamp(2024, 1, 1), pd.NaT),
        ],
        columns=["account", "name", "rep", "start", "end"],
    )
    return History(orders=orders, accounts=accounts)


def tiny_settings(as_of: date) -> PlanSettings:
    # plan_year and kgi are placeholders: the backtest replaces both.
    return PlanSettings(kgi=1.0, plan_year=2030, fiscal_start_month=1, as_of=as_of)


def _row(result, rep: str, kpi: str) -> pd.Series:
    rows = result.rows
    return rows[(rows["rep"] == rep) & (rows["kpi"] == kpi)].iloc[0]


def test_full_year_by_hand() -> None:
    h = tiny_history()
    r = backtest(h, tiny_settings(date(2024, 12, 31)), 2024)
    # KGI = realised 2024 team revenue = A 12×120 + B 12×100 + 12×100 = 1,440 + 2,400 = 3,840.
    # Baseline 2023: A 1,200, B 1,200, team 2,400 → g = 3,840 ÷ 2,400 = 1.6.
    assert r.kgi == pytest.approx(3840) and r.realised_revenue == pytest.approx(3840)
    assert r.baseline_revenue == pytest.approx(2400) and r.uplift == pytest.approx(1.6)
    assert r.plan_as_of == date(2023, 12, 31) and not r.partial and len(r.months) == 12
    assert r.levers == ("active_accounts", "orders_per_account", "unit_price")
    step = 1.6 ** (1 / 3)  # three levers
    # revenue: uniform 1,200 × 1.6 = 1,920 each; no change 1,200; realised A 1,440, B 2,400.
    a, b = _row(r, "A", "revenue"), _row(r, "B", "revenue")
    assert (a["realised"], b["realised"]) == pytest.approx((1440, 2400))
    assert (a["uniform"], a["no_change"]) == pytest.approx((1920, 1200))
    # APE uniform: A 480/1,440 = 1/3, B 480/2,400 = 0.2; no change: A 240/1,440 = 1/6, B 0.5.
    assert (a["ape_uniform"], b["ape_uniform"]) == pytest.approx((1 / 3, 0.2))
    assert (a["ape_no_change"], b["ape_no_change"]) == pytest.approx((1 / 6, 0.5))
    # Levers × 1.6^(1/3): price 100 → 116.96 (A realised 120: APE 2.53%), accounts 1 → 1.1696.
    price_a = _row(r, "A", "unit_price")
    assert price_a["uniform"] == pytest.approx(100 * step)
    assert price_a["ape_uniform"] == pytest.approx(abs(100 * step - 120) / 120)
    assert _row(r, "B", "active_accounts")["realised"] == pytest.approx(2)
    assert _row(r, "B", "active_accounts")["uniform"] == pytest.approx(step)
    # Orders = accounts × orders per account × 12: × 1.6^(2/3) → 12 × 1.368 = 16.42.
    assert _row(r, "A", "orders")["uniform"] == pytest.approx(12 * step**2)
    # New accounts: none in 2023, so no change = uniform = 0; 2024 brought b2 → B's APE is
    # |0 − 1| ÷ 1 = 100%; A's realised 0 has no percentage error (excluded and counted).
    assert _row(r, "A", "new_accounts")["status"] == "realised_zero"
    assert _row(r, "B", "new_accounts")["uniform"] == 0
    assert _row(r, "B", "new_accounts")["ape_no_change"] == pytest.approx(1.0)
    s = r.summary.set_index("kpi")
    assert s.at["revenue", "n"] == 2
    assert s.at["revenue", "mdape_uniform"] == pytest.approx((1 / 3 + 0.2) / 2)
    assert s.at["revenue", "mdape_no_change"] == pytest.approx((1 / 6 + 0.5) / 2)
    assert s.at["revenue", "within_no_change"] == 0.0
    assert s.at["new_accounts", "n"] == 1 and s.at["new_accounts", "n_zero"] == 1
    # Pooled: 2 reps × (revenue + 3 levers) = 8 rows.
    assert s.at["pooled", "n"] == 8
    # The team row is listed but never scored (the summary counts reps only).
    assert _row(r, "ALL", "revenue")["no_change"] == pytest.approx(2400)


def test_routekpi_column_is_the_engine_on_the_cut_history() -> None:
    """Same numbers as running the engine by hand on what was known on 2023-12-31."""
    h = tiny_history()
    r = backtest(h, tiny_settings(date(2024, 12, 31)), 2024)
    known = History(
        orders=h.orders[h.orders["date"] < "2024-01-01"],
        accounts=h.accounts[h.accounts["start"] < "2024-01-01"],
    )
    settings = PlanSettings(
        kgi=3840, plan_year=2024, fiscal_start_month=1, as_of=date(2023, 12, 31)
    )
    targets = run(known, settings).targets
    fy = targets[targets["period"] == "FY2024"].set_index(["rep", "kpi"])["target"]
    for rec in r.rows.itertuples():
        expected = fy.get((rec.rep, rec.kpi), math.nan)
        assert rec.routekpi == pytest.approx(expected, nan_ok=True), (rec.rep, rec.kpi)


def test_cut_keeps_what_was_known() -> None:
    h = tiny_history()
    accounts = pd.concat(
        [
            h.accounts,
            pd.DataFrame(
                [("a9", "Later lost", "A", pd.Timestamp(2023, 5, 1), pd.Timestamp(2024, 3, 31))],
                columns=list(h.accounts.columns),
            ),
        ],
        ignore_index=True,
    )
    cut = cut_history(History(orders=h.orders, accounts=accounts), date(2024, 1, 1))
    assert cut.orders["date"].max() == pd.Timestamp(2023, 12, 15) and len(cut.orders) == 24
    # b2 had not started; a9 ended after the cut, so it was still live then.
    assert sorted(cut.accounts["account"]) == ["a1", "a9", "b1"]
    assert cut.accounts.set_index("account")["end"].isna().all()


def test_partial_year_by_hand() -> None:
    h = tiny_history()
    r = backtest(h, tiny_settings(date(2024, 6, 30)), 2024)
    # Jan–Jun 2024 realised: A 6×120 = 720, B 6×200 = 1,200, team 1,920. 2023 was flat, so
    # each month is 1/12 of the year: S = 6/12 = 0.5 and KGI = 1,920 ÷ 0.5 = 3,840.
    assert r.partial and len(r.months) == 6
    assert r.season_share == pytest.approx(0.5) and r.kgi == pytest.approx(3840)
    assert r.notes[-1].code == "backtest_partial"
    # Team: realised 1,920 against no change 2,400 × 0.5 = 1,200.
    team = _row(r, "ALL", "revenue")
    assert (team["realised"], team["no_change"]) == pytest.approx((1920, 1200))
    a, b = _row(r, "A", "revenue"), _row(r, "B", "revenue")
    # Comparators: FY value × S → no change 600, uniform 1,920 × 0.5 = 960.
    assert (a["no_change"], a["uniform"]) == pytest.approx((600, 960))
    assert (a["realised"], b["realised"]) == pytest.approx((720, 1200))
    # Orders: 12 × 0.5 = 6 (no change) against A's 6 and B's 12; per-account-month rates
    # scale by 12·S/n = 1: one order per account-month, as realised.
    assert _row(r, "A", "orders")["ape_no_change"] == pytest.approx(0)
    assert _row(r, "B", "orders")["ape_no_change"] == pytest.approx(0.5)
    assert _row(r, "B", "orders_per_account")["no_change"] == pytest.approx(1)
    # Level KPIs are compared on full years only.
    assert "usage_to_date" not in set(r.rows["kpi"])
    assert "partial year" in format_summary(r)


def test_years_without_history_or_results_are_refused() -> None:
    h = tiny_history()
    s = tiny_settings(date(2024, 12, 31))
    with pytest.raises(BacktestError) as before:
        backtest(h, s, 2023)  # the history starts 2023-01-15: nothing to plan from
    assert before.value.key == "backtest_no_history_before"
    with pytest.raises(BacktestError) as after:
        backtest(h, s, 2025)
    assert after.value.key == "backtest_not_realised"
    assert default_year(h, s) == 2024
    with pytest.raises(BacktestError) as none:
        default_year(h, tiny_settings(date(2024, 6, 30)))  # 2024 is not over, 2023 has no past
    assert none.value.key == "backtest_no_full_year"


def test_uniform_factors_multiply_back_to_g() -> None:
    visit = uniform_factors(
        ("active_accounts", "visits_per_account", "orders_per_visit", "unit_price"), 1.21
    )
    assert math.prod(visit[k] for k in ("active_accounts", "orders", "unit_price")) == (
        pytest.approx(1.21 * visit["active_accounts"])
    )
    assert visit["orders"] == pytest.approx(1.21**0.75)
    assert visit["visits"] == pytest.approx(1.21**0.5)
    assert "new_accounts" not in visit  # other counts stay at baseline


def test_sample_every_year_and_combined() -> None:
    s = generate_sample()
    h = History(s.orders, s.visits, s.accounts, s.holidays)
    settings = PlanSettings(kgi=1.0, plan_year=2026, as_of=s.settings["AsOf"])
    results = [backtest(h, settings, y) for y in (2025, 2026)]
    assert [r.partial for r in results] == [False, True]
    assert len(results[1].months) == 7  # 2026-04 … 2026-10
    for r in results:
        team = _row(r, "ALL", "revenue")
        assert team["routekpi"] == pytest.approx(team["realised"], rel=1e-6)
    summary = combine(results)
    pooled = summary.set_index("kpi").loc["pooled"]
    assert pooled["n"] == 2 * 8 * 5  # 2 years × 8 reps × (revenue + 4 levers)
    v = verdict(summary)
    assert set(v) == {"pooled_reduction", "worse_than_uniform", "worse_than_no_change"}


# --- the command line ------------------------------------------------------------------------


def test_cli_on_a_new_sample_workbook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = tmp_path / "sample.xlsm"
    assert main(["new", str(book), "--sample", "--lang", "en"]) == 0
    capsys.readouterr()
    assert main(["backtest", str(book)]) == 0
    out = capsys.readouterr().out
    # Default year: the last complete fiscal year of a history that runs to 2026-10-31.
    assert "FY2025" in out and "Pooled (revenue + levers)" in out
    assert main(["backtest", str(book), "--year", "2026", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["period"] == "FY2026" and doc["partial"] is True and len(doc["months"]) == 7
    assert set(doc) >= {"kgi", "realised_revenue", "baseline_revenue", "summary", "rows"}
    row = doc["rows"][0]
    assert set(row) >= {"rep", "kpi", "realised", *METHODS, *(f"ape_{m}" for m in METHODS)}
    summary = {s["kpi"]: s for s in doc["summary"]}
    assert summary["pooled"]["n"] == 40
    assert set(summary["revenue"]) >= {f"mdape_{m}" for m in METHODS}
    # Same numbers as the History straight from the generator (the workbook loses nothing).
    s = generate_sample()
    h = History(s.orders, s.visits, s.accounts, s.holidays)
    direct = backtest(h, PlanSettings(kgi=1.0, plan_year=2026, as_of=s.settings["AsOf"]), 2026)
    assert summary["pooled"]["mdape_routekpi"] == pytest.approx(direct.pooled["routekpi"])


def tiny_workbook(
    path: Path, lang: str = "en", as_of: date = date(2024, 12, 31), plan_year: int = 2025
) -> Path:
    """A workbook holding ``tiny_history`` (calendar fiscal years; AsOf 2024-12-31 planning
    FY2025 unless given: FY2024's planning moment is then its eve), plus an empty Backtest
    sheet."""
    assert main(["new", str(path), "--lang", lang]) == 0
    h = tiny_history()
    wb = openpyxl.load_workbook(path, keep_vba=True)
    orders = wb["Orders"]
    for i, rec in enumerate(h.orders.itertuples(index=False), start=2):
        for j, value in enumerate(rec, start=1):
            orders.cell(i, j, value.to_pydatetime() if j == 1 else value)
    accounts = wb["Accounts"]
    for i, rec in enumerate(h.accounts.itertuples(index=False), start=2):
        for j, value in enumerate(rec[:4], start=1):
            accounts.cell(i, j, value.to_pydatetime() if j == 4 else value)
    day = datetime(as_of.year, as_of.month, as_of.day)
    set_named(wb, AsOf=day, FiscalStartMonth=1, PlanYear=plan_year)
    wb.create_sheet("Backtest")
    wb.save(path)
    return path


def test_cli_sheet_and_json_by_hand(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = tiny_workbook(tmp_path / "tiny.xlsm")
    capsys.readouterr()
    assert main(["backtest", str(book), "--sheet", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    # Default year: 2024, the last complete one; the numbers of test_full_year_by_hand.
    assert doc["period"] == "FY2024" and doc["kgi"] == pytest.approx(3840)
    revenue = next(s for s in doc["summary"] if s["kpi"] == "revenue")
    assert revenue["mdape_no_change"] == pytest.approx((1 / 6 + 0.5) / 2)
    cells = list(openpyxl.load_workbook(book)["Backtest"].iter_rows(values_only=True))
    assert cells[0][0] == "Backtest FY2024"
    header = next(i for i, row in enumerate(cells) if row[0] == "KPI")
    first = cells[header + 1]
    assert first[0] == "Revenue" and first[1] == 2
    assert first[4] == pytest.approx(revenue["mdape_no_change"])
    detail = next(i for i, row in enumerate(cells) if row[:2] == ("KPI", "Rep"))
    assert len(cells) - detail - 1 == len(doc["rows"])
    # The sheet answers the question itself: the uplift, the reach and the verdict in words,
    # the same lines the console prints, above the tables.
    column_a = [row[0] for row in cells[:header]]
    at = {label: i for i, label in enumerate(column_a) if label}
    assert cells[at["Required uplift"]][1] == pytest.approx(doc["uplift"] - 1)
    reach = at["Largest reachable KGI (every rep at its best year at once)"]
    assert cells[reach][1] == pytest.approx(doc["max_reachable_kgi"])
    verdict = next(i for i, label in enumerate(column_a) if str(label).startswith("Verdict: "))
    assert verdict < header
    # The sheet was added blank: widths are set so no yen or date shows as ###; widths the
    # user sets afterwards are kept by the next run.
    from routekpi.backtest_job import SHEET_WIDTHS

    wb = openpyxl.load_workbook(book, keep_vba=True)
    widths = [wb["Backtest"].column_dimensions[c].width for c in "ABCDEFGHI"]
    assert widths == list(SHEET_WIDTHS)
    wb["Backtest"].column_dimensions["B"].width = 40
    wb.save(book)
    assert main(["backtest", str(book), "--sheet"]) == 0
    assert openpyxl.load_workbook(book)["Backtest"].column_dimensions["B"].width == 40


def test_cli_says_in_words_which_method_was_closer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Below the table, a verdict: the pooled errors, closer / further / as close (within
    TIE, as the per-KPI lists), and the KPIs where a comparator was closer."""
    from dataclasses import replace as swap

    from routekpi.backtest_job import run_backtest, verdict_lines

    book = tiny_workbook(tmp_path / "tiny.xlsm")
    result = run_backtest(book).result
    capsys.readouterr()
    assert main(["backtest", str(book)]) == 0
    printed = capsys.readouterr().out.splitlines()
    lines = verdict_lines(result, "en")
    assert lines and all(line in printed for line in lines)

    def with_pooled(ours: float, uniform: float, same: float = 0.05) -> list[str]:
        summary = result.summary.copy()
        at = summary["kpi"] == "pooled"
        summary.loc[at, ["mdape_routekpi", "mdape_uniform", "mdape_no_change"]] = [
            ours,
            uniform,
            same,
        ]
        summary.loc[summary["kpi"] == "revenue", ["mdape_routekpi", "mdape_uniform"]] = [0.2, 0.1]
        return verdict_lines(swap(result, summary=summary), "en")

    closer = with_pooled(0.02, 0.04)
    assert closer[0].startswith("Verdict: routekpi's targets were 2.0% off")
    assert "2.0 points (50%) closer than a uniform uplift (4.0%)" in closer[0]
    assert "no change was 5.0%" in closer[0]
    # Rep by rep, how often each was the closer one (the scored revenue and lever rows).
    scored = result.rows[result.rows["in_pool"].astype(bool)]
    # The team row is listed (the sheet, --json) but not scored: never in the pool.
    assert "ALL" in set(result.rows["rep"]) and "ALL" not in set(scored["rep"])
    scored = scored[scored["status"] == "ok"]
    ours = int((scored["ape_routekpi"] < scored["ape_uniform"]).sum())
    theirs = int((scored["ape_routekpi"] > scored["ape_uniform"]).sum())
    assert closer[1] == (
        f"Of {len(scored)} rep × KPI pairs (revenue and levers), routekpi was closer in "
        f"{ours}, the uniform uplift in {theirs}"
    )
    assert len(scored) > 0 and ours + theirs <= len(scored)
    assert closer[2] == "KPIs where the uniform uplift or no change was closer: Revenue"
    assert "further" in with_pooled(0.05, 0.04)[0]
    assert "as close as a uniform uplift (4.0%)" in with_pooled(0.0403, 0.04)[0]
    # No change closer than both is said, not left to the reader.
    best = with_pooled(0.06, 0.07, same=0.05)
    assert best[1] == "On this data no change (5.0%) was closer than both"
    assert not any("closer than both" in line for line in closer)


def test_cli_sheet_missing_is_added_after_the_last_tab(
    sample_book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A book without a Backtest sheet gets one after its last tab (the sample has none);
    every other sheet reads back as before and a second run writes into the same sheet."""
    before = openpyxl.load_workbook(sample_book, read_only=True)
    tabs = before.sheetnames
    plan = [tuple(r) for r in before["Plan"].iter_rows(values_only=True)]
    before.close()
    assert "Backtest" not in tabs
    assert main(["backtest", str(sample_book), "--sheet"]) == 0
    assert "「Backtest」" in capsys.readouterr().out
    wb = openpyxl.load_workbook(sample_book, read_only=True)
    assert wb.sheetnames == [*tabs, "Backtest"]
    assert [tuple(r) for r in wb["Plan"].iter_rows(values_only=True)] == plan
    first = [tuple(r) for r in wb["Backtest"].iter_rows(values_only=True)]
    wb.close()
    assert str(first[0][0]).startswith("バックテスト FY")
    assert main(["backtest", str(sample_book), "--sheet"]) == 0
    again = openpyxl.load_workbook(sample_book, read_only=True)
    assert again.sheetnames == [*tabs, "Backtest"]
    assert [tuple(r) for r in again["Backtest"].iter_rows(values_only=True)] == first


@pytest.mark.parametrize(
    "args, needle",
    [(["--year", "2022"], "FY2022"), (["--year", "2030"], "FY2030")],
    ids=["before-history", "not-yet-realised"],
)
def test_cli_bad_year_is_one_line(
    sample_book: Path, capsys: pytest.CaptureFixture[str], args: list[str], needle: str
) -> None:
    assert main(["backtest", str(sample_book), *args]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("routekpi: ") and needle in err[0]


def test_cli_empty_workbook_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = tmp_path / "empty.xlsm"
    main(["new", str(book), "--lang", "en"])
    capsys.readouterr()
    assert main(["backtest", str(book)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("routekpi: ")


# --- scripts/backtest.py: transactions → History ----------------------------------------------


def _script():
    spec = importlib.util.spec_from_file_location("bt_script", ROOT / "scripts" / "backtest.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bt_script"] = module  # dataclasses look their module up while defining
    spec.loader.exec_module(module)
    return module


def test_transactions_become_orders_and_the_engine_derives_the_accounts() -> None:
    script = _script()
    tx = pd.DataFrame(
        {
            "customer": ["c1", "c1", "c2", "c3"],
            "date": pd.to_datetime(["2020-01-10", "2020-03-01", "2020-02-01", "2020-11-20"]),
            "amount": [10.0, 20.0, 5.0, 7.0],
            "quantity": [1, 2, 1, 1],
        }
    )
    h = script.history_from_transactions(tx, date(2020, 12, 31), reps=3, inactive_days=180)
    # No customer master: the engine derives the accounts at each plan moment, as from a log.
    assert len(h.accounts) == 0 and not h.has_visits and len(h.orders) == 4
    acc = derive_accounts(h.orders, date(2020, 12, 31)).set_index("account")
    # c1 and c2 are first seen within 180 days of the data's first order (2020-01-10): held
    # from before the data (2019-12-31), not won; c3 (2020-11-20) is a new account.
    assert acc.at["c1", "start"] == acc.at["c2", "start"] == pd.Timestamp("2019-12-31")
    assert acc.at["c3", "start"] == pd.Timestamp("2020-11-20")
    # c1: last order 2020-03-01 → lapses 180 days later, 2020-08-28 (≤ data end).
    assert acc.at["c1", "end"] == pd.Timestamp("2020-08-28")
    assert acc.at["c2", "end"] == pd.Timestamp("2020-07-30")
    assert pd.isna(acc.at["c3", "end"])  # last bought 41 days before the end: still live
    # The rep is a stable hash of the id; orders and accounts agree.
    assert acc.at["c1", "rep"] == script.rep_of("c1", 3) == h.orders["rep"].iloc[0]
    old = script.history_from_transactions(
        tx, date(2020, 12, 31), reps=3, inactive_days=180, end_rule="last-purchase"
    )
    assert old.accounts.set_index("account").at["c1", "end"] == pd.Timestamp("2020-03-01")


def test_the_script_scores_an_order_log_as_the_command_line_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """scripts/backtest.py's public data set is what ``routekpi backtest --orders`` gets.

    Deriving the accounts once from the whole log (as the script once did) would let the
    plan see the future: c-returner, quiet from March 2022 and lost by the plan moment, buys
    again in 2023, and a master built from the whole log would hold it at the plan's start.
    """
    script = _script()
    rows = []
    for i in range(24):  # 24 steady customers, 2021-01 … 2023-06, one order a month
        for m in pd.period_range("2021-01", "2023-06", freq="M"):
            if (i + m.month) % 5:  # a gap now and then, never long enough to lapse
                rows.append((f"c{i:02d}", m.start_time + pd.Timedelta(days=i % 20), 100 + i))
    for m in ("2021-02", "2021-09", "2022-03", "2023-02", "2023-05"):  # the returner
        rows.append(("c-returner", pd.Period(m).start_time, 500.0))
    for m in pd.period_range("2022-04", "2023-06", freq="M"):  # won in 2022
        rows.append(("c-new", m.start_time + pd.Timedelta(days=3), 80.0))
    tx = pd.DataFrame(rows, columns=["customer", "date", "amount"]).assign(quantity=1)
    end = date(2023, 6, 30)
    settings = PlanSettings(kgi=1.0, plan_year=2023, fiscal_start_month=1, as_of=end)
    h = script.history_from_transactions(tx, end, reps=3)
    direct = backtest(h, settings, 2023, data_end=end)
    whole_log = History(orders=h.orders, accounts=derive_accounts(h.orders, end))
    leaky = backtest(whole_log, settings, 2023, data_end=end)

    book = tmp_path / "log.xlsm"
    assert main(["new", str(book), "--lang", "en"]) == 0
    wb = openpyxl.load_workbook(book, keep_vba=True)
    set_named(wb, AsOf=datetime(2023, 6, 30), FiscalStartMonth=1)
    wb.save(book)
    log = tmp_path / "log.csv"
    h.orders.assign(date=h.orders["date"].dt.strftime("%Y-%m-%d")).to_csv(log, index=False)
    capsys.readouterr()
    assert main(["backtest", str(book), "--orders", str(log), "--year", "2023", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    cli = pd.DataFrame(doc["rows"]).set_index(["rep", "kpi"])
    ours = direct.rows.set_index(["rep", "kpi"])
    for method in ("realised", *METHODS):
        assert cli[method].astype(float).to_numpy() == pytest.approx(
            ours.loc[cli.index, method].astype(float).to_numpy(), nan_ok=True
        ), method
    # The whole-log master would have planned a different book: the returner held at the start.
    assert not leaky.rows["routekpi"].equals(direct.rows["routekpi"])


def test_a_rep_without_baseline_is_named() -> None:
    h = tiny_history()
    extra = pd.DataFrame(
        _monthly("c1", "C", 2024, 100), columns=["date", "account", "rep", "amount", "quantity"]
    )
    r = backtest(
        History(orders=pd.concat([h.orders, extra], ignore_index=True), accounts=h.accounts),
        tiny_settings(date(2024, 12, 31)),
        2024,
    )
    # KGI = 3,840 + C's 1,200 = 5,040; C has no target, 1,200 ÷ 5,040 = 23.8% of the KGI.
    assert r.kgi == pytest.approx(5040)
    assert "C" not in set(r.rows["rep"])
    note = next(n for n in r.notes if n.code == "backtest_unplanned_reps")
    assert note.params == {"reps": "C", "share": "23.8%"}


def test_planned_at_the_budgeting_moment() -> None:
    """Planning 2024 on 2023-09-30: the engine sees nine months of 2023, the rest is as before."""
    h = tiny_history()
    r = backtest(h, tiny_settings(date(2024, 12, 31)), 2024, planned_on=date(2023, 9, 30))
    assert r.plan_as_of == date(2023, 9, 30)
    # What happened does not depend on when the plan was made: KGI 3,840, A realised 1,440.
    assert r.kgi == pytest.approx(3840)
    assert _row(r, "A", "revenue")["realised"] == pytest.approx(1440)
    # "No change" is whatever baseline the engine drew from those nine months.
    known = History(orders=h.orders[h.orders["date"] <= "2023-09-30"], accounts=h.accounts)
    settings = PlanSettings(kgi=3840, plan_year=2024, fiscal_start_month=1, as_of=date(2023, 9, 30))
    base = run(known, settings).evidence.base
    assert _row(r, "A", "revenue")["no_change"] == pytest.approx(base.at["A", "revenue"])


def test_cli_planned_on_is_the_budgeting_moment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--planned-on 2023/9/30`` gives the numbers of test_planned_at_the_budgeting_moment;
    a day that is not a date is one line naming the option."""
    book = tiny_workbook(tmp_path / "tiny.xlsm")
    capsys.readouterr()
    assert (
        main(["backtest", str(book), "--year", "2024", "--planned-on", "2023/9/30", "--json"]) == 0
    )
    doc = json.loads(capsys.readouterr().out)
    assert doc["plan_as_of"] == "2023-09-30" and doc["kgi"] == pytest.approx(3840)
    direct = backtest(
        tiny_history(), tiny_settings(date(2024, 12, 31)), 2024, planned_on=date(2023, 9, 30)
    )
    rows = {(r["rep"], r["kpi"]): r for r in doc["rows"]}
    assert rows[("A", "revenue")]["no_change"] == pytest.approx(
        _row(direct, "A", "revenue")["no_change"]
    )
    assert rows[("A", "revenue")]["realised"] == pytest.approx(1440)
    # Without --year: the year being budgeted on that day (calendar years: 2024); on or after
    # the year's start: refused, naming the day and the year.
    assert main(["backtest", str(book), "--planned-on", "2023-09-30", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["period"] == "FY2024"
    assert main(["backtest", str(book), "--year", "2024", "--planned-on", "2024-01-01"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "2024-01-01" in err[0] and "FY2024" in err[0]
    assert main(["backtest", str(book), "--planned-on", "30 Sept"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--planned-on" in err[0] and "30 Sept" in err[0]


def test_the_wholesale_simulation_is_one_fixed_history_per_seed() -> None:
    """scripts/wholesale_sim.py: the same orders for a seed, other ones for another; orders
    only, territories of unequal size, and retailers who go quiet for over 180 days and come
    back (what the lapse rule and the returning customers are about)."""
    sim = _script()._sibling("wholesale_sim")
    first, again = sim.simulate(7), sim.simulate(7)
    pd.testing.assert_frame_equal(first, again)
    assert not first.equals(sim.simulate(11))
    assert list(first.columns) == ["date", "account", "rep", "amount", "quantity"]
    assert first["date"].min() >= pd.Timestamp("2019-04-01")
    assert first["date"].max() <= pd.Timestamp("2025-10-31")
    sizes = first.groupby("rep")["account"].nunique()
    assert 6 <= len(sizes) <= 8 and sizes.max() > 2 * sizes.min()
    gaps = first.sort_values("date").groupby("account")["date"].diff().dt.days
    assert (gaps > 180).sum() > 50


def test_the_wholesale_world_relived_keeps_its_past_and_redraws_its_future() -> None:
    """wholesale_sim.redraws (the noise floor's re-lives, scripts/oracle_floor.py): before the
    redraw month every re-life is the seed's history as ``simulate`` gives it, order for order;
    from it on each draw seed gives its own orders (the same seed the same ones), up to
    ``stop``. ``simulate`` itself is unchanged by it (seed 7's log as before the split into
    ``_World``: 31,741 orders, ¥1,520,740,192, 910 retailers)."""
    sim = _script()._sibling("wholesale_sim")
    seven = sim.simulate(7)
    assert (len(seven), seven["amount"].sum(), seven["account"].nunique()) == (
        31741,
        1520740192.0,
        910,
    )
    one, two, one_again = sim.redraws(7, "2023-04", [1, 2, 1], stop="2024-03")
    cut = pd.Timestamp("2023-04-01")
    past = seven[seven["date"] < cut].reset_index(drop=True)
    for life in (one, two):
        pd.testing.assert_frame_equal(life[life["date"] < cut].reset_index(drop=True), past)
        assert life["date"].max() <= pd.Timestamp("2024-03-31")
        assert (life["date"] >= cut).sum() > 1000
    pd.testing.assert_frame_equal(one, one_again)
    after = [life[life["date"] >= cut].reset_index(drop=True) for life in (one, two)]
    assert not after[0].equals(after[1])


def test_the_wholesale_world_sized_like_countries_has_one_home_market() -> None:
    """wholesale_sim.Countries: 12 territories, the first holding 85% of the retailers at the
    start (the others' log-normal draws kept, the home market's size set from their sum:
    0.85 ÷ 0.15 × Σ others), as an exporter's countries; the default world is untouched
    (seed 7's log is pinned above)."""
    sim = _script()._sibling("wholesale_sim")
    world = sim._World(7, "2021-12", "2023-12", 15.0, sim.Countries())
    assert world.territories == 12
    assert world.size[0] == pytest.approx(0.85 / 0.15 * world.size[1:].sum(), rel=1e-12)
    assert world.size[0] / world.size.sum() == pytest.approx(0.85, rel=1e-12)
    log = sim.simulate(7, "2021-12", "2023-12", 15.0, countries=sim.Countries())
    assert log["date"].min() >= pd.Timestamp("2021-12-01")
    assert log["date"].max() <= pd.Timestamp("2023-12-31")
    accounts = log.groupby("rep")["account"].nunique()
    assert len(accounts) == 12 and accounts.idxmax() == "T1"
    assert accounts["T1"] > 0.8 * accounts.sum()


def test_the_two_year_wholesale_data_set_plans_three_moments_from_under_two_years() -> None:
    """scripts/backtest.py ``wholesale-2y`` (one seed): the log ends on 2023-12-09, so
    December is not compared; the calendar year 2023 is planned on its eve (13 months seen)
    and on 30 November 2022 (12), the April year on its eve (16), each over its complete
    months (January – November: 11; April – November: 8)."""
    run = _script().DATA_SETS["wholesale-2y"]([7])
    moments = [(r.plan_as_of, r.months[0], len(r.months), r.partial) for r in run.results]
    assert moments == [
        (date(2022, 12, 31), pd.Period("2023-01", "M"), 11, True),
        (date(2022, 11, 30), pd.Period("2023-01", "M"), 11, True),
        (date(2023, 3, 31), pd.Period("2023-04", "M"), 8, True),
    ]
    assert all(
        r.levers == ("active_accounts", "orders_per_account", "unit_price") for r in run.results
    )
    assert all(r.data_end == date(2023, 12, 9) for r in run.results)


def test_cli_several_years_are_scored_each_and_together(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--year repeated: one read, each year's table and verdict, then all years pooled — the
    same scores as ``combine`` over the History straight from the generator."""
    book = tmp_path / "sample.xlsm"
    assert main(["new", str(book), "--sample", "--lang", "en"]) == 0
    capsys.readouterr()
    assert main(["backtest", str(book), "--year", "2024", "--year", "2025"]) == 0
    out = capsys.readouterr().out
    assert "— Backtest FY2024" in out and "— Backtest FY2025" in out
    assert "all 2 years together (FY2024, FY2025)" in out
    assert out.count("Verdict:") == 3  # each year, then both together
    assert main(["backtest", str(book), "--year", "2024", "--year", "2025", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [y["period"] for y in doc["years"]] == ["FY2024", "FY2025"]
    pooled = {s["kpi"]: s for s in doc["pooled"]["summary"]}["pooled"]
    s = generate_sample()
    h = History(s.orders, s.visits, s.accounts, s.holidays)
    settings = PlanSettings(kgi=1.0, plan_year=2026, as_of=s.settings["AsOf"])
    direct = combine([backtest(h, settings, year) for year in (2024, 2025)])
    expected = direct.set_index("kpi").loc["pooled"]
    assert pooled["n"] == expected["n"] == 2 * 40
    assert pooled["mdape_routekpi"] == pytest.approx(expected["mdape_routekpi"])
    assert doc["pooled"]["verdict"][0].startswith("Verdict:")
    # A sheet or a planning day belongs to one year: one line, nothing written.
    assert main(["backtest", str(book), "--year", "2024", "--year", "2025", "--sheet"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("routekpi: ") and err.endswith(" / --sheet takes a single --year")


def test_the_repeated_header_is_the_last_group_heading_and_none_without_one() -> None:
    """The print titles repeat the rep × KPI table's two header rows: the last row with the
    group heading (Excel rows count from 1), and nothing to repeat on a sheet without it."""
    from routekpi.backtest_job import detail_header_rows
    from routekpi.io.sheetxml import Cell
    from routekpi.messages import text

    head = Cell(text("backtest.group.target", "ja"), "rk_header")
    rows: list[list[object]] = [[Cell("x", "rk_text")], [head], [], [Cell("y", "rk_text"), head]]
    assert detail_header_rows(rows, "ja") == (4, 5)
    assert detail_header_rows(rows[:1], "ja") is None


def test_a_price_revision_declared_for_a_later_year_is_not_the_backtests() -> None:
    """trial28 L7: a revision typed for 2026-04 (this year's, right) made the backtest of
    2024 say "not used; check the month". A later year's revision belongs to that year, as
    its overrides do: the backtest plans without it, exactly as without the setting; one
    inside the backtested year is still the plan's (said as planned)."""
    h = tiny_history()
    plain = backtest(h, tiny_settings(date(2024, 12, 31)), 2024)
    later = replace(tiny_settings(date(2024, 12, 31)), price_revision=("2026-04", 0.04))
    r = backtest(h, later, 2024)
    assert not [n for n in r.notes if n.code.startswith("price_revision")]
    assert r.rows.equals(plain.rows)
    inside = replace(tiny_settings(date(2024, 12, 31)), price_revision=("2024-07", 0.04))
    codes = [n.code for n in backtest(h, inside, 2024).notes]
    assert any(c.startswith("price_revision") and c != "price_revision_outside" for c in codes)


def test_merging_one_data_set_keeps_the_others_and_the_prose(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """scripts/backtest.py ``--only NAME --merge``: the data set's ``## NAME`` section of the
    generated part is replaced in place, a new one appended, the hand-written head and the
    other sections kept word for word."""
    script = _script()
    doc = tmp_path / "backtest.md"
    old = ["## a", "", "a old", "", "### a — FY1", "a1", "", "## b", "", "b old"]
    doc.write_text("# prose\n\nkept\n\n" + script.MARK + "\n\n" + "\n".join(old) + "\n")
    monkeypatch.setattr(script, "DOC", doc)
    script.merge_doc("## a\n\na new\n\n## c\n\nc new\n")
    new = "## a\n\na new\n\n## b\n\nb old\n\n## c\n\nc new\n"
    assert doc.read_text() == "# prose\n\nkept\n\n" + script.MARK + "\n\n" + new


def test_the_priced_sample_sets_price_each_account_on_its_own() -> None:
    """The ``-priced`` sets run their default set's function with ``account_prices=True``
    and say so in the name; all five sample sets have one."""
    script = _script()
    calls: list[bool] = []

    def fake(seeds: list[int], account_prices: bool = False) -> object:
        calls.append(account_prices)
        return script.DataSetRun("sample", "d", [])

    run = script.priced(fake)([7])
    assert calls == [True] and run.name == "sample, accounts priced individually"
    assert set(script.DATA_SETS) >= {
        "sample-priced",
        "sample-long-priced",
        "sample-november-priced",
        "orders-only-priced",
        "orders-only-short-priced",
    }
