"""A price revision the manager declares on Settings (core.price_revision, trial 24 L5).

Real books: the template with a history pasted, PriceRevisionMonth and PriceRevisionPct typed
in their rows, recalculated (``routekpi recalc``'s path) and read back; the UDF (=KPI_TARGET,
the workbook's own path) on the same book. Every order is ¥1,000 or ¥1,050, one an account a
month on its last day, so unit prices and shares are counted by hand. Plan year FY2026 (April
2026 – March 2027), as of 2026-03-31: the baseline is FY2025.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from routekpi.core.baselines import build_evidence
from routekpi.core.engine import plan_for
from routekpi.core.history import History, PlanSettings
from routekpi.core.measure import TEAM
from routekpi.excel import udfs
from routekpi.excel.model_cache import CACHE
from routekpi.messages import text
from routekpi.recalc import recalculate
from routekpi.render import check_message
from routekpi.schema import CHECKS, PLAN, SETTINGS, TARGETS
from routekpi.validation.settings import parse_settings, price_revision
from tests.fake_xlwings import FakeBook
from tests.history_helpers import OrderLine, rep_accounts
from tests.workbook_files import fold_checks, paste, template_book

AS_OF = date(2026, 3, 31)
MONTH_ROW, PCT_ROW = 25, 26  # the template's rows of PriceRevisionMonth and PriceRevisionPct


def _history(
    first: str, months: int, price: Callable[[pd.Period], float], extra: bool = False
) -> History:
    """Three reps, five accounts each ordering once a month. ``extra``: a sixth account per
    rep that orders in every other fiscal year (A and C in FY2025, B not), so the accounts
    and orders move from year to year and the KGI's push has somewhere to go."""

    def line(rep: str, i: int, month: pd.Period) -> list[OrderLine]:
        year = month.qyear if month.month < 4 else month.year  # fiscal year (April)
        if i == 5 and (year + "ABC".index(rep)) % 2 == 0:
            return []
        day = month.end_time.normalize()  # the last day: the as-of month is complete
        return [(day, price(month), 1)]

    start = pd.Period(first, freq="M")
    return rep_accounts("ABC", start, months, line, per_rep=6 if extra else 5)


def _step(at: str, before: float, after: float) -> Callable[[pd.Period], float]:
    start = pd.Period(at, freq="M")
    return lambda month: after if month >= start else before


def _book(path: Path, h: History, kgi: float, month: object, pct: object) -> Path:
    """The template with ``h`` pasted, the KGI and the revision typed (language ja)."""
    orders = [[r.date.date(), r.account, r.rep, r.amount, 1, None] for r in h.orders.itertuples()]
    accounts = [
        [r.account, r.name, r.rep, r.start.date(), None, None, None]
        for r in h.accounts.itertuples()
    ]
    with template_book(path, kgi=kgi, plan_year=2026, start_month=4, as_of=AS_OF) as wb:
        paste(wb, "Orders", orders)
        paste(wb, "Accounts", accounts)
        ws = wb["Settings"]
        assert ws[f"A{MONTH_ROW}"].value == "価格改定の月(空欄=なし)"
        assert ws[f"A{PCT_ROW}"].value == "価格改定の幅(%)"
        ws[f"B{MONTH_ROW}"], ws[f"B{PCT_ROW}"] = month, pct
    return path


def _sheet(wb: openpyxl.Workbook, spec: object) -> list[list[object]]:
    name = spec.ja if spec.ja in wb.sheetnames else spec.name  # type: ignore[attr-defined]
    return [list(r) for r in wb[name].iter_rows(values_only=True)]


def _read(path: Path) -> tuple[str, list[list[object]], dict[tuple[object, ...], float]]:
    """The Plan's text, the Checks rows and the team's targets by (period, KPI key)."""
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    plan = "".join(str(v) for row in _sheet(wb, PLAN) for v in row if v)
    checks = fold_checks(_sheet(wb, CHECKS)[1:])
    # Targets: period, rep, KPI key, KPI, baseline, target, … (schema OUTPUTS "Targets")
    targets = {
        (r[0], r[2]): float(r[5])  # type: ignore[arg-type]
        for r in _sheet(wb, TARGETS)[1:]
        if r[1] in ("ALL", "チーム計") and isinstance(r[5], (int, float))
    }
    return plan, checks, targets


def _udf(path: Path, monkeypatch: pytest.MonkeyPatch) -> FakeBook:
    """The recalculated book as the caller of the UDFs (they read it and plan it again)."""
    CACHE.clear()
    book = FakeBook.from_file(path, fullname="C:/books/revision.xlsm")
    monkeypatch.setattr(udfs, "caller_book", lambda: book)
    return book


# --- a revision in the history ---------------------------------------------------------------


def test_a_past_revision_lifts_the_baseline_months_before_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """¥1,000 until September 2025, ¥1,050 from October 2025 (+5%), history from October
    2024 (18 months): twelve months before the revision, too few for the search for a step
    (``STEP_FLAT_BEFORE`` = 15), so without the setting nothing is said of it.

    Declared (2025-10, 5): FY2025 has 6 months at ¥1,000 and 6 at ¥1,050 (equal orders), unit
    price (6 × 1,000 + 6 × 1,050) ÷ 12 = ¥1,025; its 6 months before the revision are brought
    to ¥1,050, +2.4% (1,050 ÷ 1,025), and with the KGI at FY2025's revenue × 1,050 ÷ 1,025
    the unit-price target is ¥1,050 and nothing else moves (no year-on-year change yet)."""
    h = _history("2024-10", 18, _step("2025-10", 1000.0, 1050.0))
    base = 15 * (6 * 1000.0 + 6 * 1050.0)
    kgi = round(base * 1050 / 1025)
    assert kgi == 15 * 12 * 1050

    recalculate(_book(tmp_path / "none.xlsm", h, kgi, None, None))
    plan, _, _ = _read(tmp_path / "none.xlsm")
    assert "2025-10" not in plan  # no step found in 18 months
    # The unit-price trend: the revision's +2.4% with it (no year-on-year change to add).
    # Without it, the 6 months a year apart (2025-10 – 2026-03 against 2024-10 – 2025-03) are
    # each +5% for every rep: read as the price's yearly pace (levers.same_month_trend), whole
    # — a one-off revision looks the same there, which is why the Plan's note asks for the
    # setting (price_same_months), and the declared step replaces the pace.
    for revision, trend in ((None, math.log(1.05)), (("2025-10", 0.05), math.log(1050 / 1025))):
        settings = PlanSettings(kgi=kgi, plan_year=2026, as_of=AS_OF, price_revision=revision)
        ev = build_evidence(h, settings)
        assert ev.trend.at[TEAM, "unit_price"] == pytest.approx(trend, abs=1e-12)
        step = ev.lever_evidence.price_step  # type: ignore[union-attr]
        assert (step is None) == (revision is None)
    assert step is not None and step.declared
    assert (step.month, step.old_months, step.baseline_months) == (
        pd.Period("2025-10", freq="M"),
        6,
        12,
    )

    path = _book(tmp_path / "past.xlsm", h, kgi, "2025-10", 5)
    recalculate(path)
    plan, checks, targets = _read(path)
    assert targets[("FY2026", "unit_price")] == pytest.approx(1050.0, rel=1e-9)
    assert targets[("FY2026", "revenue")] == pytest.approx(kgi, rel=1e-9)
    assert targets[("FY2026", "active_accounts")] == pytest.approx(15.0, rel=1e-9)
    for month in ("2026-04", "2026-10", "2027-03"):
        assert targets[(month, "unit_price")] == pytest.approx(1050.0, rel=1e-9)
    params = {
        "kpi_key": "unit_price",
        "month": "2025-10",
        "size": "+5.0%",
        "old": 6,
        "months": 12,
        "carry": "+2.4%",
        "trend": "+2.4%",
        "replaced": "+0.0%",
    }
    line = text("price_revision_past", "ja", **params)
    assert line == (
        "価格改定 2025-10 +5.0%(設定より): 基準期間12か月のうち改定前の6か月を新しい価格に揃え"
        "(+2.4%)、取引単価の目標に含めました。毎年の伸びとしては繰り返しません"
    )
    assert line in plan
    assert text("price_revision_past", "en", **params).startswith(
        "price revision of +5.0% in 2025-10 (from Settings): the 6 of the baseline's 12 months"
    )
    # 18 months do not cover the revision for a comparison: no Checks row about its size.
    assert not [r for r in checks if "price_revision" in str(r)]
    # The UDF reads the same book and plans it the same way.
    _udf(path, monkeypatch)
    assert udfs.KPI_TARGET("unit_price") == pytest.approx(1050.0, rel=1e-12)
    assert udfs.KPI_TARGET("unit_price", "ALL", "2026-04") == pytest.approx(1050.0, rel=1e-12)


def test_a_declared_size_the_history_does_not_show_is_a_checks_warning(tmp_path: Path) -> None:
    """48 months (April 2022 – March 2026) with a +5% revision in February 2025 declared as
    +10%: the history, read against the same months of the other years, shows +5.0% there.
    The Checks row is at the Settings cell of the size; the plan carries the declared +10%:
    FY2025 is wholly after it, so it adds nothing to the baseline, but the unit-price trend is
    read without a +10% step (the history's +5% becomes a −4.5% slide on the months before)."""
    h = _history("2022-04", 48, _step("2025-02", 1000.0, 1050.0))
    path = _book(tmp_path / "differs.xlsm", h, 15 * 12 * 1050, "2025-02", 10)
    recalculate(path)
    _, checks, _ = _read(path)
    params = {
        "month": "2025-02",
        "size": "+10.0%",
        "measured": "+5.0%",
        "measure_key": "price_measure_orders",
    }
    said = text("price_revision_differs", "ja", **params)
    assert said == (
        "設定の価格改定(2025-02 +10.0%)に対し、履歴の取引単価は2025-02に+5.0%変わっています"
        "(他の年の同じ月と比べて)。設定の幅で計画しました。月と幅を確認してください"
    )
    [row] = [r for r in checks if said in str(r[4])]
    assert row[0] == SETTINGS.ja or row[0] == SETTINGS.name
    assert (row[1], row[2]) == (PCT_ROW, "B PriceRevisionPct")
    # Declared as it happened: no such row.
    path = _book(tmp_path / "same.xlsm", h, 15 * 12 * 1050, "2025-02", 5)
    recalculate(path)
    _, checks, targets = _read(path)
    assert not [r for r in checks if "履歴の取引単価は" in str(r[4])]
    assert targets[("FY2026", "unit_price")] == pytest.approx(1050.0, rel=1e-9)


# --- a revision planned in the plan year -----------------------------------------------------


def test_a_planned_revision_from_month_seven_carries_its_share_of_the_year(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Prices flat at ¥1,000 (April 2022 – March 2026); each rep's sixth account orders in
    every other fiscal year, so FY2025 has 17 accounts (A and C six, B five): revenue
    17 × 12 × 1,000 = ¥204,000. KGI +5% = ¥214,200. A +3% revision planned for October 2026,
    the plan year's 7th month.

    The year's orders fall about evenly over its months (the usual pattern of the history,
    ``f`` below: the share of them in October–March, 0.4997), so the year's unit price rises
    by 1 + f × 3% ≈ +1.5%, to ¥1,015, before the KGI asks anything (the price has never moved
    here, so none of the push goes to it). The months carry it: April–September ¥1,000,
    October–March ¥1,030, and the orders keep the month pattern they had without it. The
    account flows plan 18 accounts either way, so orders per account carry the rest:
    214,200 ÷ (18 × 12 × unit price) ≈ 0.9770 a month (without the revision 214,200 ÷ (18 ×
    12 × 1,000) = 0.99167: the revision takes 1.5 of the 5 points)."""
    h = _history("2022-04", 48, lambda month: 1000.0, extra=True)
    kgi = 214_200
    plain = tmp_path / "plain.xlsm"
    recalculate(_book(plain, h, kgi, None, None))
    _, _, before = _read(plain)
    assert before[("FY2026", "unit_price")] == pytest.approx(1000.0, rel=1e-9)
    assert before[("FY2026", "orders_per_account")] == pytest.approx(kgi / (18 * 12 * 1000))

    path = _book(tmp_path / "planned.xlsm", h, kgi, "2026-10", 3)
    recalculate(path)
    plan, checks, targets = _read(path)
    months = [str(pd.Period("2026-04", freq="M") + i) for i in range(12)]
    orders = [targets[(m, "revenue")] / targets[(m, "unit_price")] for m in months]
    f = sum(orders[6:]) / sum(orders)
    assert f == pytest.approx(0.5, abs=0.001)
    price = 1000.0 * (1 + 0.03 * f)
    assert price == pytest.approx(1015.0, abs=0.05)
    assert targets[("FY2026", "revenue")] == pytest.approx(kgi, rel=1e-9)
    # (the Targets sheet's months are rounded: 1e-6)
    assert targets[("FY2026", "unit_price")] == pytest.approx(price, rel=1e-6)
    assert targets[("FY2026", "active_accounts")] == pytest.approx(18.0, rel=1e-9)
    assert targets[("FY2026", "orders_per_account")] == pytest.approx(
        kgi / (18 * 12 * price), rel=1e-6
    )
    plain_orders = [before[(m, "revenue")] / before[(m, "unit_price")] for m in months]
    for i, month in enumerate(months):
        assert targets[(month, "unit_price")] == pytest.approx(
            1000.0 if i < 6 else 1030.0, rel=1e-9
        ), month
        share, was = orders[i] / sum(orders), plain_orders[i] / sum(plain_orders)
        # Within 0.1% (the sheet's rounding, each rep's own month pattern raised on its own),
        # far below the 3% the revision would move it by.
        assert share == pytest.approx(was, rel=1e-3), month
    assert sum(targets[(m, "revenue")] for m in months) == pytest.approx(kgi, rel=1e-9)
    params = {
        "kpi_key": "unit_price",
        "month": "2026-10",
        "size": "+3.0%",
        "from": "2026-10",
        "last": "2027-03",
        "carry": "+1.5%",
    }
    line = text("price_revision_planned", "ja", **params)
    assert line == (
        "価格改定 2026-10 +3.0%(設定より、予定): 2026-10〜2027-03の取引単価目標に含めました。"
        "年間の取引単価は+1.5%上がり、その分の売上をKGIに充ててから残りを各レバーに割り振りました"
    )
    assert line.replace("+1.5%", f"{0.03 * f:+.1%}") in plan
    assert not [r for r in checks if r[0] in (SETTINGS.ja, SETTINGS.name) and r[2]]
    # The UDF (the workbook's own path) gives the same numbers.
    _udf(path, monkeypatch)
    assert udfs.KPI_TARGET("unit_price") == pytest.approx(
        targets[("FY2026", "unit_price")], rel=1e-12
    )
    assert udfs.KPI_TARGET("unit_price", "ALL", "2026-09") == pytest.approx(1000.0, rel=1e-12)
    assert udfs.KPI_TARGET("unit_price", "ALL", "2026-10") == pytest.approx(1030.0, rel=1e-12)
    assert udfs.KPI_TARGET("revenue", "ALL", "2026-10") == pytest.approx(
        targets[("2026-10", "revenue")], rel=1e-12
    )


def test_a_planned_revision_is_carried_under_the_policy_mix_too(tmp_path: Path) -> None:
    """Trial 34 H1: LeverMix = policy with WeightUnitPrice 0 (the Plan's own advice for a
    book with no price rise in mind) dropped a planned revision — unit price ×1.000 — while
    the Checks line said it was in the targets. The revision is a stated fact, carried under
    any mix: the history and revision of the test above (+3% from October, the year's unit
    price +1.5% to ¥1,015, April – September ¥1,000, October – March ¥1,030); under policy with
    the unit price's weight 0 the weights move no price beyond it."""
    h = _history("2022-04", 48, lambda month: 1000.0, extra=True)
    path = _book(tmp_path / "policy.xlsm", h, 214_200, "2026-10", 3)
    wb = openpyxl.load_workbook(path, keep_vba=True)
    ws = wb["Settings"]
    assert (ws["A12"].value, ws["A16"].value) == ("重点: 取引単価", "レバー配分方法")
    ws["B12"], ws["B16"] = 0, "policy"
    wb.save(path)
    recalculate(path)
    _, _, targets = _read(path)
    months = [str(pd.Period("2026-04", freq="M") + i) for i in range(12)]
    for i, month in enumerate(months):
        assert targets[(month, "unit_price")] == pytest.approx(
            1000.0 if i < 6 else 1030.0, rel=1e-9
        ), month
    orders = [targets[(m, "revenue")] / targets[(m, "unit_price")] for m in months]
    price = 1000.0 * (1 + 0.03 * sum(orders[6:]) / sum(orders))
    assert targets[("FY2026", "unit_price")] == pytest.approx(price, rel=1e-6)
    assert price == pytest.approx(1015.0, abs=0.05)
    assert targets[("FY2026", "revenue")] == pytest.approx(214_200, rel=1e-9)


def test_a_planned_revision_raises_the_strong_year_line_and_the_price_ceiling() -> None:
    """Trial 34 M1: the strong-year line (Plan.record_kgi) and the unit-price ceiling read the
    same with and without a +5% revision planned: a strong year comes on top of the new
    prices. The history of the planned test above (48 months, flat prices: the team's record
    holds), +3% from October 2026: the year's unit price +1.5% (Evidence.planned_carry); the
    strong-year line × e^carry (below every rep at his ceiling), the team's unit-price
    ceiling the same."""
    h = _history("2022-04", 48, lambda month: 1000.0, extra=True)
    ev_plain = build_evidence(h, PlanSettings(kgi=214_200, plan_year=2026, as_of=AS_OF))
    settings = PlanSettings(
        kgi=214_200, plan_year=2026, as_of=AS_OF, price_revision=("2026-10", 0.03)
    )
    ev = build_evidence(h, settings)
    carry = ev.planned_carry
    assert math.exp(carry) == pytest.approx(1.015, abs=0.0005)
    assert ev_plain.planned_carry == 0.0
    plain, _ = plan_for(ev_plain, 214_200)
    planned, _ = plan_for(ev, 214_200)
    assert math.isfinite(plain.record_kgi) and plain.record_kgi < plain.max_reachable_kgi
    assert planned.record_kgi == pytest.approx(plain.record_kgi * math.exp(carry), rel=1e-9)
    ceiling = ev.ceiling.at[TEAM, "unit_price"] / ev_plain.ceiling.at[TEAM, "unit_price"]
    assert ceiling == pytest.approx(math.exp(carry), rel=1e-6)


# --- bad input -------------------------------------------------------------------------------


def test_a_size_or_month_it_cannot_read_is_a_checks_row_at_its_cell(tmp_path: Path) -> None:
    """ "abc" as the size, "来年" as the month, a month outside the history and the plan year,
    a month without a size: each a warning at the cell (sheet, row, column), the plan made
    without a revision."""
    h = _history("2024-10", 18, _step("2025-10", 1000.0, 1050.0))
    kgi = 15 * 12 * 1050
    cases = {
        "size": ("2025-10", "abc"),
        "month": ("来年", 5),
        "outside": ("2019-01", 5),
        "half": ("2025-10", None),
    }
    plain = tmp_path / "plain.xlsm"
    recalculate(_book(plain, h, kgi, None, None))
    _, _, without = _read(plain)
    for name, (month, pct) in cases.items():
        path = _book(tmp_path / f"{name}.xlsm", h, kgi, month, pct)
        recalculate(path)
        _, checks, targets = _read(path)
        mine = [r for r in checks if r[0] in (SETTINGS.ja, SETTINGS.name) and r[2]]
        assert len(mine) == 1, (name, mine)
        [row] = mine
        at = {
            "size": (PCT_ROW, "B PriceRevisionPct"),
            "month": (MONTH_ROW, "B PriceRevisionMonth"),
            "outside": (MONTH_ROW, "B PriceRevisionMonth"),
            "half": (PCT_ROW, "B PriceRevisionPct"),
        }[name]
        assert (row[1], row[2]) == at, name
        said = str(row[4])
        if name == "size":
            assert "PriceRevisionPct" in said
        elif name == "month":
            assert said.startswith(
                "設定「価格改定の月」(PriceRevisionMonth)の「来年」を月として読めません"
            )
        elif name == "outside":
            assert said == (
                "価格改定の月 2019-01 は、履歴の2か月目(2024-11)から計画年度の最終月(2027-03)"
                "までの間にないため、使っていません。月を確認してください"
            )
        else:
            assert said.startswith("価格改定は月(2025-10)と幅(—)の両方が必要です")
        # Not used: the plan is the one without a revision.
        assert targets[("FY2026", "unit_price")] == pytest.approx(
            without[("FY2026", "unit_price")], rel=1e-12
        ), name


def test_the_settings_read_a_month_and_a_percent_as_typed() -> None:
    """A date cell, 2026/10, 2026年10月 and "3%" (a percent typed as text reads 0.03)."""
    cells = {"PriceRevisionMonth": (MONTH_ROW, "B"), "PriceRevisionPct": (PCT_ROW, "B")}
    for month in (date(2026, 10, 1), "2026/10", "2026年10月", "２０２６－１０"):
        for pct in (3, "3%", "3"):
            raw = {"KGI": 1e8, "PriceRevisionMonth": month, "PriceRevisionPct": pct}
            parsed = parse_settings(raw, cell_of=cells)
            assert price_revision(parsed.values) == ("2026-10", pytest.approx(0.03)), (month, pct)
            assert not [c for c in parsed.checks if "price" in c.problem.lower()]
    # A cut; and 0 is no revision.
    parsed = parse_settings({"KGI": 1e8, "PriceRevisionMonth": "2026-10", "PriceRevisionPct": -3})
    assert price_revision(parsed.values) == ("2026-10", pytest.approx(-0.03))
    parsed = parse_settings({"KGI": 1e8, "PriceRevisionMonth": "2026-10", "PriceRevisionPct": 0})
    assert price_revision(parsed.values) is None
    assert math.isclose(float(parsed.values["PriceRevisionPct"]), 0.0)


def test_a_size_under_one_percent_is_used_as_typed_and_said() -> None:
    """0.05 (a percentage-formatted cell holding 5%) is a 0.05% revision, as typed, with a
    warning at its cell that names 5 as what to type for 5%; 1 and more say nothing."""
    cells = {"PriceRevisionMonth": (MONTH_ROW, "B"), "PriceRevisionPct": (PCT_ROW, "B")}
    raw = {"KGI": 1e8, "PriceRevisionMonth": "2026-10", "PriceRevisionPct": 0.05}
    parsed = parse_settings(raw, cell_of=cells)
    assert price_revision(parsed.values) == ("2026-10", pytest.approx(0.0005))
    (said,) = [c for c in parsed.checks if c.problem == "setting_price_revision_small"]
    assert (said.row, said.column, said.severity) == (PCT_ROW, "B PriceRevisionPct", "warn")
    assert check_message(said, "ja") == (
        "価格改定の幅 0.05 は 0.05% として計算しました。5% のつもりなら 5 と入力してください"
        "(%表示のセルでは 5% が 0.05 として入ります)"
    )
    raw["PriceRevisionPct"] = -1
    assert not [c for c in parse_settings(raw, cell_of=cells).checks if "price" in c.problem]


# --- a planned revision the data already reach (a running plan year) -------------------------


@pytest.mark.parametrize(
    ("after", "as_of", "code", "measured"),
    [
        (1030.0, date(2026, 12, 31), "price_revision_running", "+3.0%"),
        (1000.0, date(2026, 12, 31), "price_revision_running", "+0.0%"),
        (1030.0, date(2026, 7, 31), "price_revision_running_unread", None),
    ],
)
def test_a_revision_inside_the_running_year_is_said_in_effect_with_what_the_data_show(
    after: float, as_of: date, code: str, measured: str | None
) -> None:
    """Trial 27: +3% declared for June 2026, planned in FY2026 and read in December, said
    「予定」. Now 「実施」 with the size the complete months show: ¥1,000 → ¥1,030 from June is
    log(1.03) = +3.0% (against the same months of other years; flat otherwise); the revision
    not made (¥1,000 on) reads +0.0% and is a Checks warning at the size's cell; with June
    and July alone after it (as of July) the size is not read yet."""
    months = (pd.Period(as_of, freq="M") - pd.Period("2022-04", freq="M")).n + 1
    h = _history("2022-04", months, _step("2026-06", 1000.0, after))
    settings = PlanSettings(
        kgi=3 * 5 * 12 * 1050.0, plan_year=2026, as_of=as_of, price_revision=("2026-06", 0.03)
    )
    notes = {n.code: n.params for n in build_evidence(h, settings).notes}
    assert "price_revision_planned" not in notes
    params = notes[code]
    assert (params["month"], params["size"], params["from"], params["last"]) == (
        "2026-06",
        "+3.0%",
        "2026-06",
        "2027-03",
    )
    assert params["seen"] == f"{as_of:%Y-%m}"
    assert params["measure_key"] == "price_measure_orders"  # one unit an order: no per-unit
    assert params.get("measured") == measured
    assert ("price_revision_differs" in notes) == (after == 1000.0)
    line = text(code, "ja", **params)
    assert line.startswith("価格改定 2026-06 +3.0%(設定より、2026-06から実施): ")
    if measured is not None:
        assert line.endswith(f"取引単価は2026-06に{measured}変わっています(他の年の同じ月と比べて)")


def test_a_revision_twelve_months_into_twenty_is_not_measured_against_a_trend_it_cannot_part(
    tmp_path: Path,
) -> None:
    """Trial 38 H4: 20 months (August 2024 – March 2026), the price rising 0.5% a month and
    +4% from August 2025 (the span's 13th month), declared as it happened. Every calendar month
    after the step has its one other-year month before it, so the year-on-year change is
    12 months of the line plus the step, whatever the split: by hand August 2025 ÷ August 2024
    = 1.005^12 × 1.04 = +10.4%, of which the history cannot say how much is the step. The
    fit traded the two (trial 38: −87.6% beside a line of +215% a year); no such row now."""

    def price(month: pd.Period) -> float:
        i = (month - pd.Period("2024-08", freq="M")).n
        return 1000.0 * 1.005**i * (1.04 if month >= pd.Period("2025-08", freq="M") else 1.0)

    assert price(pd.Period("2025-08", freq="M")) / price(pd.Period("2024-08", freq="M")) == (
        pytest.approx(1.005**12 * 1.04)
    )
    h = _history("2024-08", 20, price)
    path = _book(tmp_path / "twenty.xlsm", h, 15 * 12 * 1100, "2025-08", 4)
    recalculate(path)
    _, checks, _ = _read(path)
    assert not [r for r in checks if "履歴の取引単価は" in str(r[4])]
    assert not [r for r in checks if "%変わっています(他の年の同じ月と比べて)" in str(r[4])]
