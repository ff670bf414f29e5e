"""A plan from a history that starts when the ERP was replaced (trial 24: 15 months).

The regular history of test_flags (every account orders ¥100 and is visited on the 10th of
each month; two reps of 10 accounts) cut to 2024-01-10 … 2025-03-10, plus 4 new accounts of
rep A ordering from 2024-10. No customer master: the accounts come from the orders (core.lapse),
the 20 first seen in the first 180 days held from before the history (dated 2023-12-31). Planned
for FY2025 (2025-04 … 2026-03) as of 2025-03-31: baseline FY2024 (2024-04 … 2025-03).
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date

import pandas as pd
import pytest

from routekpi.core.censored import (
    CENSORED_SHARE,
    censored_starts,
    held_from_before,
    start_unknown_before,
)
from routekpi.core.engine import Result, run, target_kpis
from routekpi.core.history import History, PlanSettings
from routekpi.core.lapse import accounts_from_orders
from routekpi.core.measure import TEAM
from routekpi.core.stretch import unrecorded
from routekpi.io.dashboard_layout import BANNER_AMBER, BANNER_GREEN, DATA_COL, FEASIBLE_ROW
from routekpi.render import _new_last_year, plan_rows
from routekpi.render_dashboard import dashboard_rows
from routekpi.validation.settings import shown_feasibility
from tests.test_flags import flat, synth

AS_OF = date(2025, 3, 31)


def _history(derived: bool = True) -> History:
    full = synth({"A": flat(), "B": flat()}, accounts=10)
    lo, hi = pd.Timestamp("2024-01-01"), pd.Timestamp(AS_OF)
    o, v = full.orders, full.visits
    o = o[(o["date"] >= lo) & (o["date"] <= hi)]
    v = v[(v["date"] >= lo) & (v["date"] <= hi)]
    new = [
        (m.start_time + pd.Timedelta(days=9), f"N{k:02d}", "A", 100.0, 1.0)
        for k in range(4)
        for m in pd.period_range("2024-10", "2025-03", freq="M")
    ]
    o = pd.concat([o, pd.DataFrame(new, columns=o.columns)], ignore_index=True)
    o["date"] = o["date"].astype("datetime64[ns]")
    accounts = full.accounts.iloc[:0] if derived else full.accounts
    return replace(full, orders=o, visits=v.reset_index(drop=True), accounts=accounts)


def _run(history: History, kgi_factor: float) -> Result:
    probe = run(history, PlanSettings(kgi=1.0, plan_year=2025, as_of=AS_OF))
    kgi = float(probe.evidence.base.at[TEAM, "revenue"]) * kgi_factor
    return run(history, PlanSettings(kgi=kgi, plan_year=2025, as_of=AS_OF))


@pytest.fixture(scope="module")
def short() -> Result:
    return _run(_history(), 1.05)


def _cells(rows: list) -> list[str]:  # type: ignore[type-arg]
    return [str(getattr(c, "value", c)) for row in rows for c in row if c not in (None, "")]


def test_most_of_the_book_held_from_before_the_history_takes_away_tenure_and_usage(
    short: Result,
) -> None:
    """At the end of 2024-01 the 20 accounts are all dated 2023-12-31: mean tenure 31 ÷
    30.4375 = 1.018 months, no account older than the history. At the end of 2025-03 the
    book is 24, of which 4 won since 2024-01: at least 20 (83% ≥ 50%) held from before.
    Usage to date and retention period get no targets; the Plan says why, with the
    baseline's tenure: the 20 accounts of the FY2024 cohort, 2023-12-31 → 2025-03-31 = 456
    days ÷ 30.4375 = 15.0 months (the history's length, not theirs)."""
    ev = short.evidence
    got = censored_starts(ev)
    assert got is not None
    assert (str(got.first), str(got.at), got.held, got.before) == ("2024-01", "2025-03", 24, 20)
    assert got.share == pytest.approx(20 / 24) and got.share >= CENSORED_SHARE
    kpis = target_kpis(ev)
    assert "usage_to_date" not in kpis and "retention_months" not in kpis
    assert "revenue" in kpis and "retention_rate" in kpis
    assert not short.targets["kpi"].isin(["usage_to_date", "retention_months"]).any()
    assert ev.base.at[TEAM, "retention_months"] == pytest.approx(456 / 30.4375)
    text = "".join(_cells(plan_rows(short, "ja"))).replace(" ", "")  # wrapped: no spaces
    assert "現在までの利用金額・継続期間—この履歴では測れないため目標を立てていません" in text
    assert "2025-03末の保有顧客24社のうち少なくとも20社(83%)は履歴の最初の月2024-01より前" in text
    assert "継続期間は基準で15.0か月" in text
    assert "年度末時点の値です" not in text  # no "13.0 → 24.2" line
    en = " ".join(_cells(plan_rows(short, "en")))
    assert "of the 24 accounts held at the end of 2025-03, at least 20 (83%)" in en


def test_a_customer_master_with_real_starts_keeps_tenure_and_usage() -> None:
    """The same orders with the master (every start 2020-01-01): accounts older than the
    history, their tenure known. Both KPIs are planned as before."""
    result = _run(_history(derived=False), 1.05)
    assert censored_starts(result.evidence) is None
    kpis = target_kpis(result.evidence)
    assert "usage_to_date" in kpis and "retention_months" in kpis
    assert start_unknown_before(result.history) is None
    # But what those 20 bought before 2024-01 is not in the orders: the usage note says so
    # (trial 33 L2), and the gap it names is the target less the baseline.
    assert held_from_before(result.history, pd.Period("2025-03", "M")) == (20, 20)
    base = float(result.evidence.base.at[TEAM, "usage_to_date"])
    target = float(result.plan.fy.at[TEAM, "usage_to_date"])
    ja = " ".join(_cells(plan_rows(result, "ja"))).replace(" ", "")
    assert "2025-03末の保有顧客20社のうち20社(100%)は履歴の最初の月2024-01より前" in ja
    assert f"差額¥{round(target - base, -3):,.0f}がその間の購入です" in ja


def test_no_account_held_from_before_the_history_adds_no_usage_caveat() -> None:
    """Every master start inside the history (2024-01-01): nothing unseen, no caveat."""
    history = _history(derived=False)
    accounts = history.accounts.assign(start=pd.Timestamp("2024-01-01"))
    result = _run(replace(history, accounts=accounts), 1.05)
    assert held_from_before(result.history, pd.Period("2025-03", "M")) is None
    assert "履歴の最初の月" not in " ".join(_cells(plan_rows(result, "ja")))


def test_the_rep_copy_start_is_unknown_before_the_history_start(short: Result) -> None:
    """Accounts derived from the orders (as the validator derives them for the copies): a
    start before 2024-01-10 (the first order) is no date in the data; the typed ones are."""
    assert start_unknown_before(short.history) is None  # not derived (yet)
    derived = accounts_from_orders(short.history, AS_OF)
    assert start_unknown_before(derived) == date(2024, 1, 10)
    acc = derived.accounts.set_index("account")
    assert acc.at["A00", "start"] == pd.Timestamp("2023-12-31")
    assert acc.at["N00", "start"] == pd.Timestamp("2024-10-10")


def test_last_years_new_accounts_say_the_months_they_cover(short: Result) -> None:
    """The lapse rule cannot tell a win in the first 180 days (2024-01-10 + 180 = 2024-07-08):
    wins are measured from 2024-08, so the baseline's 4 new accounts are 8 months' (2024-08 …
    2025-03): a year at that pace is 4 × 12 ÷ 8 = 6."""
    ev = short.evidence
    assert ev.flows is not None and str(ev.flows.measured_from) == "2024-08"
    assert ev.base.at[TEAM, "new_accounts"] == 4
    assert _new_last_year(ev, "ja") == "4件は 2024-08〜2025-03 の8か月分、年換算 約6件"
    assert _new_last_year(ev, "en") == "4 over the 8 months 2024-08 – 2025-03, about 6 a year"
    full = replace(ev, flows=replace(ev.flows, measured_from=None))
    assert _new_last_year(full, "ja") == "4件"


def test_the_months_named_hold_their_own_wins_not_the_baselines_year() -> None:
    """A 10-month order log (2025-01 … 10), 30 accounts from its start and 2 new ones a month
    from 2025-05, no master (review26): the lapse rule dates the wins of May and June as held
    from before, so the facts show 2 wins a month in 2025-07 … 10 and wins are measured from
    2025-08. The baseline's figure is 8 × 12 ÷ 10 = 9.6 (a year's, the blind July in it);
    the line names 2025-08 … 10, which hold 6 wins: a year at that pace is 6 × 12 ÷ 3 = 24."""
    months = pd.period_range("2025-01", "2025-10", freq="M")
    rows = [
        (m.start_time + pd.Timedelta(days=9), f"A{i}", "AB"[i % 2], 1000.0, 1.0)
        for i in range(30)
        for m in months
    ]
    for n, m in enumerate(p for p in months for _ in range(2) if p >= pd.Period("2025-05")):
        rows += [
            (later.start_time + pd.Timedelta(days=14), f"N{n}", "AB"[n % 2], 1000.0, 1.0)
            for later in months[months >= m]
        ]
    orders = pd.DataFrame(rows, columns=["date", "account", "rep", "amount", "quantity"])
    settings = PlanSettings(500000.0, 2026, as_of=date(2025, 10, 31))
    ev = run(History(orders=orders), settings).evidence
    assert ev.flows is not None and str(ev.flows.measured_from) == "2025-08"
    assert ev.base.at[TEAM, "new_accounts"] == pytest.approx(9.6)
    assert _new_last_year(ev, "en") == "6 over the 3 months 2025-08 – 2025-10, about 24 a year"


def test_a_growing_kgi_with_no_year_on_year_record_is_not_called_within_the_record(
    short: Result,
) -> None:
    """15 months hold no year-on-year change: no strong-year line (record NaN). +5% is
    reachable on the ceilings, but the status and the banner say there is no record."""
    plan = short.plan
    assert plan.feasible and math.isnan(plan.record_kgi)
    assert unrecorded(plan) and shown_feasibility(plan) == "unrecorded"
    text = _cells(plan_rows(short, "ja"))
    assert "到達可能(前年比の実績なし: 上限は月次の水準から)" in text
    assert "実現可能(社内実績の範囲内)" not in text
    banner = [c for c in _cells(dashboard_rows(short, "ja")) if c.startswith("到達可能")]
    assert banner and banner[0].startswith("到達可能(前年比の実績なし): チームの売上の前年比")
    assert not any("社内実績の範囲内" in c for c in _cells(dashboard_rows(short, "ja")))
    # Amber, not green: reachable, but nothing to say it is usual.
    rows = dashboard_rows(short, "ja")
    assert rows[FEASIBLE_ROW - 1][DATA_COL] == BANNER_AMBER
    # Asking no growth needs no record: the usual words.
    flat = _run(_history(), 1.0)
    assert not unrecorded(flat.plan) and shown_feasibility(flat.plan) == "yes"
    assert dashboard_rows(flat, "ja")[FEASIBLE_ROW - 1][DATA_COL] == BANNER_GREEN


def test_the_rep_copy_lists_a_start_before_the_history_as_at_least_since_its_month(
    short: Result,
) -> None:
    """The 担当顧客 sheet of a rep's copy (trial 24: 2025-08-31 for every older customer):
    A00 … A09, held from before, read "2024-01 以前から"; N00 … N03 keep their first order
    2024-10-10 as a date."""
    from openpyxl import Workbook

    from routekpi.io.template import named_styles
    from routekpi.share.copies import _my_accounts

    derived = accounts_from_orders(short.history, AS_OF)
    mine = derived.accounts[derived.accounts["rep"] == "A"].sort_values("account")
    wb = Workbook()
    for style in named_styles():
        wb.add_named_style(style)
    ws = wb.active
    _my_accounts(ws, mine, "ja", None, start_unknown_before(derived))
    column = {ws.cell(r, 1).value: ws.cell(r, 3).value for r in range(2, ws.max_row + 1)}
    assert len(column) == 14
    assert column["A00"] == column["A09"] == "2024-01 以前から"
    assert pd.Timestamp(column["N00"]) == pd.Timestamp("2024-10-10")
    ws_en = wb.create_sheet()
    _my_accounts(ws_en, mine, "en", None, start_unknown_before(derived))
    assert ws_en.cell(2, 3).value == "2024-01 or before"


def test_one_full_year_of_history_is_not_called_usual_years(short: Result) -> None:
    """The rep's cover (trial 24 L4: "季節性: FY2026 の各年の平均", "例年 7.1%" on one year):
    FY2024 (2024-04 … 2025-03) is the history's only full year, so the month targets follow
    that year's shape and say so. The 27-month history (FY2023 and FY2024 whole) keeps 例年."""
    from types import SimpleNamespace

    from routekpi.share.copies import month_basis

    assert [short.evidence.settings.year_name(y) for y in short.evidence.season_years] == ["FY2024"]
    lines = month_basis(SimpleNamespace(language="ja", result=short), "A")  # type: ignore[arg-type]
    assert lines is not None
    note = "".join(lines.note)
    assert "季節性: 履歴に通年が FY2024 の1年しかないため、その年の月別構成比" in note
    assert "例年" not in note and "各年" not in note
    long = run(
        synth({"A": flat(), "B": flat()}, accounts=10),
        PlanSettings(kgi=20 * 100.0 * 12 * 1.05, plan_year=2025, as_of=date(2025, 6, 30)),
    )
    assert len(long.evidence.season_years) == 2
    lines = month_basis(SimpleNamespace(language="ja", result=long), "A")  # type: ignore[arg-type]
    assert lines is not None and "例年" in "".join(lines.note)


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("ja", "FY2022 – FY2024(FY2022 は 2023-04 から、FY2024 は 2025-06 まで)"),
        ("en", "FY2022 – FY2024 (FY2022 from 2023-04, FY2024 through 2025-06)"),
    ],
)
def test_the_running_year_in_the_season_says_how_far_it_counts(language: str, said: str) -> None:
    """trial28 L4: planning FY2025 (October years) on 2025-06-30, the running FY2024 counts
    in the season through its complete months (2024-10 … 2025-06, more than half of it): the
    cover's "FY2023 – FY2024" alone read as two whole years. The history begins in April 2023,
    so FY2022 (from October 2022) counts too from that month (trial 29 L5), and says so."""
    from types import SimpleNamespace

    from routekpi.share.copies import month_basis

    result = run(
        synth({"A": flat(), "B": flat()}, accounts=10),
        PlanSettings(
            kgi=20 * 100.0 * 12 * 1.05,
            plan_year=2025,
            fiscal_start_month=10,
            as_of=date(2025, 6, 30),
        ),
    )
    assert result.evidence.season_years == (2024, 2023, 2022)
    assert str(result.evidence.season_first_from) == "2023-04"
    lines = month_basis(SimpleNamespace(language=language, result=result), "A")  # type: ignore[arg-type]
    assert lines is not None and said in "".join(lines.note)
