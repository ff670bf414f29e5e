"""Books whose visits do not bring the orders (core.visit_days: trial 40 M6, trial 41 L4),
written, recalculated and read back.

Every book: reps A and B with 10 accounts each (A00…A09, B00…B09), the weekdays of April 2023 –
September 2026, plan year FY2026 (April start) planned on 2026-09-30 at the baseline's revenue
+1%. Account i is visited on every 5th weekday from weekday i mod 5 (one visit in twenty left
out at random). Seeded, three ways:

- **apart** (trial 40: EDI orders): each account orders on any weekday with a chance of 30%
  (rising 5% a year), whatever the visits: an order day is a visit day as often as chance
  makes it;
- **deliveries** (trial 41: 納品 logged on the delivery days only): an account orders exactly
  on its visit days; from April 2026 three of B's deliveries in ten do not happen (the
  customer skipped the order: no order, no 納品);
- **sells** (the control: a visit sells or not): an order on about two visits in three.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from routekpi.core.history import History
from routekpi.messages import MESSAGES, text
from routekpi.recalc import recalculate
from routekpi.render_daily import stake_rule
from routekpi.schema import CHECKS, DAILY, FLAGS, OUTPUT_BY_NAME, PLAN, REVIEW
from tests.workbook_files import fold_checks, history_book, review_lines_joined, sheet_text

DAYS = pd.bdate_range("2023-04-03", "2026-09-30")
PLAN_START = pd.Timestamp("2026-04-01")
BASELINE = (pd.Timestamp("2025-04-01"), pd.Timestamp("2026-03-31"))
ACCOUNTS = [f"{rep}{i:02d}" for rep in "AB" for i in range(10)]


def _history(kind: str, seed: int = 5) -> History:
    rng = np.random.default_rng(seed)
    orders, visits = [], []
    for acc in ACCOUNTS:
        rep, i = acc[0], int(acc[1:])
        for j, d in enumerate(DAYS):
            visit = j % 5 == i % 5 and rng.random() > 0.05
            years = (d - DAYS[0]).days / 365
            if kind == "apart":
                order = rng.random() < 0.3 * (1 + 0.05 * years)
            elif kind == "deliveries":
                order = visit
                if rep == "B" and d >= PLAN_START and visit and rng.random() < 0.3:
                    visit = order = False  # the customer skipped: no delivery, no 納品
            else:
                order = visit and rng.random() < 0.65 * (1 + 0.03 * years)
            if visit:
                visits.append((d, rep, acc, "visit", None))
            if order:
                orders.append((d, acc, rep, float(round(1000 * rng.lognormal(0, 0.2))), 1.0))
    accounts = [(a, a, a[0], DAYS[0], pd.NaT) for a in ACCOUNTS]
    return History(
        orders=pd.DataFrame(orders, columns=["date", "account", "rep", "amount", "quantity"]),
        visits=pd.DataFrame(visits, columns=["date", "rep", "account", "kind", "outcome"]),
        accounts=pd.DataFrame(accounts, columns=["account", "name", "rep", "start", "end"]),
    )


def _baseline_orders(history: History) -> pd.DataFrame:
    o = history.orders
    return o[(o["date"] >= BASELINE[0]) & (o["date"] <= BASELINE[1])]


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[History, Path]]:
    """The three books, each recalculated once."""
    out: dict[str, tuple[History, Path]] = {}
    for kind in ("apart", "deliveries", "sells"):
        history = _history(kind)
        path = history_book(
            tmp_path_factory.mktemp(kind) / "book.xlsm",
            history,
            accounts=ACCOUNTS,
            account_start=DAYS[0].date(),
            kgi=float(_baseline_orders(history)["amount"].sum()) * 1.01,
            plan_year=2026,
            as_of=date(2026, 9, 30),
        )
        recalculate(path)
        out[kind] = (history, path)
    return out


def _sheet(path: Path, spec: object) -> list[list[object]]:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        name = spec.ja if spec.ja in wb.sheetnames else spec.name  # type: ignore[attr-defined]
        return [list(r) for r in wb[name].iter_rows(values_only=True)]
    finally:
        wb.close()


def _text(path: Path, spec: object) -> str:
    """A sheet's text with no spaces (a wrapped line's break ends the row above with one)."""
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return sheet_text(wb, spec).replace(" ", "")
    finally:
        wb.close()


def _review(path: Path) -> list[dict[str, object]]:
    """The Review's year-to-date rows, one per rep × KPI, the finding whole."""
    rows = _sheet(path, REVIEW)
    keys = [c.key for c in OUTPUT_BY_NAME["Review"].columns]
    body = [dict(zip(keys, r, strict=False)) for r in rows[1:]]
    joined = review_lines_joined(body, "kpi_key", ("comment",))
    return [r for r in joined if "@" not in str(r["kpi_key"])]  # the month block after


def _plan_lever(path: Path, label: str) -> str:
    """The Plan's 「レバー: …」 row of a lever: its label cell's row joined, with the rows its
    note wraps onto (no label of their own)."""
    rows = _sheet(path, PLAN)
    for i, row in enumerate(rows):
        cells = [str(v) for v in row if v is not None]
        if any(c == f"レバー: {label}" for c in cells):
            for more in rows[i + 1 :]:
                if more[0]:
                    break
                cells += [str(v) for v in more if v is not None]
            return "".join(cells)
    raise AssertionError(f"no lever row for {label}")


def test_apart_keeps_visit_frequency_at_its_trend_on_the_plan(
    books: dict[str, tuple[History, Path]],
) -> None:
    """Apart (trial 45 M1): the Plan's visit-frequency line says it is kept on its own trend
    (no growth beyond it) and the orders-per-visit line that it carries the growth as orders
    per account ÷ visit frequency; the control's lines say neither."""
    kept, derived = text("plan.lever_apart_visits", "ja"), text("plan.lever_apart", "ja")
    apart = books["apart"][1]
    assert kept.replace(" ", "") in _plan_lever(apart, "訪問頻度(月/顧客)").replace(" ", "")
    assert derived.replace(" ", "") in _plan_lever(apart, "訪問あたり受注数").replace(" ", "")
    for label in ("訪問頻度(月/顧客)", "訪問あたり受注数"):
        line = _plan_lever(books["sells"][1], label)
        assert "受注は訪問とは別" not in line


def test_apart_names_no_best_orders_per_visit_rep(books: dict[str, tuple[History, Path]]) -> None:
    """Apart: no row of orders per visit names a best performer (nor tells anyone to learn
    it); the control names one on every rep's row."""
    for kind, named in (("apart", False), ("sells", True)):
        rows = [r for r in _review(books[kind][1]) if r["kpi_key"] == "orders_per_visit"]
        assert len(rows) == 3  # A, B and the team
        assert all(bool(r["best_rep"]) is named for r in rows), kind
        if not named:
            assert not any("やり方" in str(r["comment"] or "") for r in rows)


def test_apart_daily_says_days_waited_not_lost_orders(
    books: dict[str, tuple[History, Path]],
) -> None:
    """Apart: the Daily's second line ranks by the days waited (no orders a late visit loses) and
    its stops say 「順番の目安 ¥…(経過N日 × 1日あたり受注)」, never 「影響額」; the control says
    影響額 as before."""
    apart = _text(books["apart"][1], DAILY)
    assert stake_rule("ja", True).replace(" ", "") in apart
    assert "影響額" not in apart
    assert "順番の目安¥" in apart and "×1日あたり受注)" in apart
    sells = _text(books["sells"][1], DAILY)
    assert "影響額¥" in sells and "順番の目安" not in sells


def _checks_lines(path: Path, start: str) -> list[str]:
    rows = _sheet(path, CHECKS)
    return [str(r[4]) for r in fold_checks(rows[1:]) if str(r[4] or "").startswith(start)]


def test_deliveries_said_on_checks(books: dict[str, tuple[History, Path]]) -> None:
    """Deliveries: Checks says once that visits here are the deliveries, with the baseline's
    days (every order day a visit day and every visit day an order day: 100% both ways; the
    visit days are the baseline's order lines, one a day per account). Not on the others."""
    history, path = books["deliveries"]
    days = len(_baseline_orders(history))
    said = text(
        "visits_are_deliveries",
        "ja",
        base_first="2025-04",
        base_last="2026-03",
        visit_days=days,
        on_order="100%",
        days=days,
        on_visit="100%",
    )
    start = MESSAGES["visits_are_deliveries"]["ja"].split(":")[0]
    assert _checks_lines(path, start) == [said]
    for kind in ("apart", "sells"):
        assert _checks_lines(books[kind][1], start) == []


def test_deliveries_review_does_not_blame_visit_frequency(
    books: dict[str, tuple[History, Path]],
) -> None:
    """Deliveries: B is behind because his customers skipped deliveries. His revenue row names
    orders per account (visit frequency × orders per visit), not visit frequency, and the
    main row says visits are the deliveries here and names no colleague; its orders per
    account is its visit frequency × orders per visit, the part their two contributions."""
    rows = [r for r in _review(books["deliveries"][1]) if r["rep"] == "B"]
    by = {r["kpi_key"]: r for r in rows}
    revenue = str(by["revenue"]["comment"])
    assert "主因は顧客あたり受注数" in revenue
    assert "主因は訪問頻度" not in revenue
    main = by["visits_per_account"]
    assert str(main["comment"]).startswith("差の主因(訪問頻度 × 訪問あたり受注数")
    assert "納品の記録" in str(main["comment"])
    assert not main["best_rep"]
    assert not any("やり方" in str(r["comment"] or "") for r in rows)
    tied = float(main["contribution"]) + float(by["orders_per_visit"]["contribution"])
    assert f"−¥{abs(tied):,.0f}" in revenue
    # The control's behind rep is told of his main lever as before (no deliveries line).
    assert not any("納品の記録" in str(r["comment"] or "") for r in _review(books["sells"][1]))


def test_deliveries_flag_action_does_not_ask_for_visits(
    books: dict[str, tuple[History, Path]],
) -> None:
    """Deliveries: B's revenue behind-pace flag names orders per account and the customers
    skipping orders, not visit frequency and bringing visits forward (the Review's own main
    row); a visits flag names the visit frequency, no orders measure (verify54: 岡田's visits
    flag said 「差の主因は顧客あたり受注数です」), and does not ask for visits either."""
    actions = _behind_pace_actions(books["deliveries"][1])
    said = text("action.behind_pace_deliveries", "ja", actual="", target="", contribution="")
    start = said.split("(")[0].replace(" ", "")
    revenue = [a for kpi, a in actions if kpi == "revenue"]
    visits = [a for kpi, a in actions if kpi == "visits"]
    assert revenue and visits
    for action in revenue:
        assert action.startswith(start)
        assert "注文を見送っている顧客を確かめてください" in action
        assert "差の主因は訪問頻度" not in action
    for action in visits:
        assert action.startswith("差の主因は訪問頻度")
        assert "訪問は注文の数に従います。注文を見送っている顧客を確かめてください" in action
        assert "受注数" not in action and "前倒し" not in action and "売上への影響" not in action


def _behind_pace_actions(path: Path) -> list[tuple[str, str]]:
    """The Flags' behind-pace rows as (KPI key, action), an action's wrapped lines joined."""
    rows = _sheet(path, FLAGS)
    code, kpi, action = (rows[0].index(h) for h in ("コード", "KPIキー", "推奨アクション"))
    out: list[tuple[str, str, str]] = []
    for r in rows[1:]:
        if r[code]:
            out.append((str(r[code]), str(r[kpi]), str(r[action] or "")))
        elif out:  # a wrapped line of the row above
            out[-1] = (*out[-1][:2], out[-1][2] + str(r[action] or ""))
    return [(k, a.replace(" ", "")) for c, k, a in out if c == "behind_pace"]
