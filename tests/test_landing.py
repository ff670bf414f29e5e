"""The running year's landing in a next-year book (core/landing.py): small real workbooks,
written and read back, with the numbers worked by hand."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from routekpi.core.baselines import Evidence
from routekpi.core.landing import Landing, landing, yearly_trend
from routekpi.core.measure import TEAM
from routekpi.io.samplebook import input_contents
from routekpi.io.sheetrewrite import rewrite_workbook
from routekpi.io.template import build_template
from routekpi.recalc import recalculate
from routekpi.sample import SampleHistory

# (account, rep, yen a month, first month, last month): one order a month, on its last weekday
# (none of those is a national holiday here), so a history through November ends on the 30th.
Sale = tuple[str, str, int, str, str]


def flat(first: str, last: str) -> list[Sale]:
    """Tanaka ¥100,000 + ¥200,000 a month, Sato ¥400,000, from ``first`` to ``last``."""
    return [
        ("C1", "Tanaka", 100_000, first, last),
        ("C2", "Tanaka", 200_000, first, last),
        ("C3", "Sato", 400_000, first, last),
    ]


def _book(
    path: Path,
    sales: list[Sale],
    *,
    starts: dict[str, str] | None = None,
    december: float = 1.0,
    extra: list[tuple[pd.Timestamp, str, str, float]] | None = None,
    **settings: object,
) -> Path:
    """A workbook of these sales (December's amount × ``december``) and ``extra`` orders; each
    account held by the rep of its last sale since ``starts`` (default 2025-01-01)."""
    rows = []
    master: dict[str, str] = {}
    for account, rep, amount, first, last in sales:
        master[account] = rep
        for month in pd.period_range(first, last, freq="M"):
            factor = december if month.month == 12 else 1.0
            day = pd.offsets.BMonthEnd().rollback(month.end_time.normalize())
            rows.append((day, account, rep, amount * factor))
    rows += extra or []
    orders = pd.DataFrame(rows, columns=["date", "account", "rep", "amount"])
    orders["quantity"] = 1.0
    accounts = pd.DataFrame(
        {
            "account": list(master),
            "name": [f"Customer {a}" for a in master],
            "rep": list(master.values()),
            "start": [pd.Timestamp((starts or {}).get(a, "2025-01-01")) for a in master],
            "end": pd.NaT,
            "lat": float("nan"),
            "lon": float("nan"),
        }
    )
    visits = pd.DataFrame(columns=["date", "rep", "account", "kind", "outcome"])
    visits["date"] = pd.to_datetime(visits["date"])
    holidays = pd.DataFrame({"date": pd.to_datetime([]), "name": pd.Series([], dtype=str)})
    language = str(settings.get("Language", "en"))
    sample = SampleHistory(orders, visits, accounts, holidays, dict(settings), {})
    template = path.with_suffix(".template.xlsm")
    template.write_bytes(build_template(language, settings={**settings, "Language": language}))
    rewrite_workbook(template, input_contents(sample, language), dst=path, resize_tables=True)
    template.unlink()
    return path


def _plan(path: Path) -> dict[str, tuple[object, str]]:
    """The Plan sheet as written, read back: item → (value, note), a note wrapped over the
    rows below (blank item and value) joined again."""
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        rows = list(wb["Plan"].iter_rows(values_only=True))
    finally:
        wb.close()
    out: dict[str, tuple[object, str]] = {}
    item = ""  # the item whose note the next blank rows carry on ("" after a repeated item)
    for row in rows[1:]:
        if row[0]:
            item = str(row[0]) if str(row[0]) not in out else ""
            if item:
                out[item] = (row[1], str(row[2] or ""))
        elif item and row[2]:
            value, note = out[item]
            out[item] = (value, f"{note} {row[2]}")
    return out


def _recalc(path: Path) -> Landing | None:
    return _recalc_with(path)[0]


def _recalc_with(path: Path) -> tuple[Landing | None, Evidence]:
    """Recalculate the file (outputs written) and its landing, with the evidence behind it."""
    evidence = recalculate(path).result.evidence
    return landing(evidence), evidence


def _identities(found: Landing) -> None:
    """actual + expected = landing on every row; the team is the sum of the reps."""
    table = found.table
    assert (table["actual"] + table["expected"] == table["landing"]).all()
    reps = table.drop(index=TEAM)
    for column in ("actual", "expected", "landing"):
        assert table.at[TEAM, column] == pytest.approx(reps[column].sum(), abs=1e-6)


def _no_trend(found: Landing, rest_share: float) -> None:
    """Each rep's expected rest is his pace (run rate) × the rest months' usual share of the
    year, to the yen: no yearly trend factor is carried on top (the landing has none)."""
    for rep, row in found.table.drop(index=TEAM).iterrows():
        assert row["expected"] == pytest.approx(row["run_rate"] * rest_share, abs=0.5), rep


def test_a_book_planned_in_november_lands_on_its_actual_plus_four_flat_months(
    tmp_path: Path,
) -> None:
    """FY2027 (April start) planned on Monday 2026-11-30 from orders 2025-04 – 2026-11: the
    same amounts every month, so FY2025 gives flat seasonality (1/12 a month) and no lever
    moves (a team trend of +0.0% a year).

    Tanaka ¥300,000 a month: actual 2026-04 – 2026-11 = 8 × 300,000 = ¥2,400,000; baseline
    (2025-12 – 2026-11) ¥3,600,000; expected 2026-12 – 2027-03 = 4 × 3,600,000 / 12 =
    ¥1,200,000; landing ¥3,600,000. Sato ¥400,000 a month: ¥3,200,000 + ¥1,600,000 =
    ¥4,800,000. Team ¥5,600,000 + ¥2,800,000 = ¥8,400,000; a KGI of ¥9,240,000 is +10.0% on it.
    """
    book = _book(
        tmp_path / "nov.xlsm",
        flat("2025-04", "2026-11"),
        KGI=9_240_000,
        PlanYear=2027,
        FiscalStartMonth=4,
        AsOf=date(2026, 11, 30),
    )
    found = _recalc(book)
    assert found is not None
    assert found.year == 2026
    assert [str(m) for m in found.actual_months] == [f"2026-{m:02d}" for m in range(4, 12)]
    assert [str(m) for m in found.rest_months] == ["2026-12", "2027-01", "2027-02", "2027-03"]
    assert found.partial is None
    _no_trend(found, 4 / 12)
    table = found.table
    assert table.loc["Tanaka", ["actual", "expected", "landing"]].tolist() == [
        2_400_000,
        1_200_000,
        3_600_000,
    ]
    assert table.loc["Sato", ["actual", "expected", "landing"]].tolist() == [
        3_200_000,
        1_600_000,
        4_800_000,
    ]
    assert table.loc[TEAM, ["actual", "expected", "landing"]].tolist() == [
        5_600_000,
        2_800_000,
        8_400_000,
    ]
    assert found.monthly.loc[TEAM].tolist() == pytest.approx([700_000] * 4)
    assert found.started_inside == ()
    _identities(found)

    plan = _plan(book)
    assert plan["FY2026 actual to date"][0] == 5_600_000
    assert "8 complete months 2026-04 – 2026-11" in str(plan["FY2026 actual to date"][1])
    assert plan["FY2026 expected rest"][0] == 2_800_000
    assert "the 4 months 2026-12 – 2027-03" in str(plan["FY2026 expected rest"][1])
    assert plan["FY2026 expected landing"] == (
        8_400_000,
        "= ¥5,600,000 actual + ¥2,800,000 expected (the sum of the reps)",
    )
    assert plan["KGI over the FY2026 landing"][0] == pytest.approx(0.10)
    assert plan["Tanaka"][0] == 3_600_000  # the landing row (the rep section's row comes later)
    # The console says the same in one line.
    out = subprocess.run(
        [sys.executable, "-m", "routekpi.cli", "recalc", str(book)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert (
        "FY2026 landing ¥8,400,000 = ¥5,600,000 actual to 2026-11 + ¥2,800,000 expected "
        "(2026-12 – 2027-03); KGI +10.0% over it"
    ) in out


def test_a_partial_month_is_expected_whole_not_counted_as_actual(tmp_path: Path) -> None:
    """The same sales through October, and November's orders on Friday 2026-11-20, the as-of
    date: November has not ended, so the actual stops at October (7 × 300,000 = ¥2,100,000
    for Tanaka) and the baseline is 2025-11 – 2026-10 (still ¥3,600,000). November is
    expected whole with the four months after it: 5 × 300,000 = ¥1,500,000; the ¥700,000
    ordered on the 20th is shown, not added. Landing unchanged: ¥3,600,000; team ¥4,900,000
    + ¥3,500,000 = ¥8,400,000."""
    day = pd.Timestamp("2026-11-20")
    november = [(day, "C1", "Tanaka", 100_000.0), (day, "C2", "Tanaka", 200_000.0)]
    book = _book(
        tmp_path / "partial.xlsm",
        flat("2025-04", "2026-10"),
        extra=[*november, (day, "C3", "Sato", 400_000.0)],
        KGI=9_240_000,
        PlanYear=2027,
        AsOf=date(2026, 11, 20),
    )
    found = _recalc(book)
    assert found is not None
    assert str(found.partial) == "2026-11"
    assert str(found.actual_months[-1]) == "2026-10"
    assert len(found.rest_months) == 5
    assert found.table.loc["Tanaka", ["actual", "expected", "landing"]].tolist() == [
        2_100_000,
        1_500_000,
        3_600_000,
    ]
    assert found.table.at[TEAM, "partial_to_date"] == 700_000
    assert found.team("landing") == 8_400_000
    _identities(found)
    note = str(_plan(book)["FY2026 actual to date"][1])
    assert "2026-11 has not ended" in note and "¥700,000 so far" in note


def test_a_january_year_expects_its_december_at_the_usual_december_share(
    tmp_path: Path,
) -> None:
    """Fiscal year = calendar year (FiscalStartMonth 1): FY2027 planned on Wednesday
    2026-09-30 from orders 2025-01 – 2026-09, December at twice the usual amount. FY2025
    gives the seasonality: 13 parts, December 2/13, every other month 1/13.

    Tanaka (¥300,000 a month, ¥600,000 in December): actual 2026-01 – 2026-09 = 9 × 300,000
    = ¥2,700,000; baseline 2025-10 – 2026-09 = 11 × 300,000 + 600,000 = ¥3,900,000;
    expected October and November 3,900,000 × 1/13 = ¥300,000 each, December 3,900,000 ×
    2/13 = ¥600,000: ¥1,200,000; landing ¥3,900,000. Sato (¥400,000): ¥3,600,000 +
    ¥1,600,000 = ¥5,200,000. Team ¥9,100,000; KGI ¥9,100,000 is +0.0% on it.
    """
    book = _book(
        tmp_path / "jan.xlsm",
        flat("2025-01", "2026-09"),
        december=2.0,
        KGI=9_100_000,
        PlanYear=2027,
        FiscalStartMonth=1,
        AsOf=date(2026, 9, 30),
        Language="ja",
    )
    found = _recalc(book)
    assert found is not None
    assert found.year == 2026
    assert [str(m) for m in found.rest_months] == ["2026-10", "2026-11", "2026-12"]
    _no_trend(found, 4 / 13)
    assert found.monthly.loc["Tanaka"].tolist() == pytest.approx([300_000, 300_000, 600_000])
    assert found.table.loc["Tanaka", ["actual", "expected", "landing"]].tolist() == [
        2_700_000,
        1_200_000,
        3_900_000,
    ]
    assert found.table.loc["Sato", "landing"] == 5_200_000
    assert found.team("landing") == 9_100_000
    _identities(found)
    plan = _plan(book)  # a Japanese book
    assert plan["FY2026 着地見込み"][0] == 9_100_000
    assert plan["KGIのFY2026着地見込み比"][0] == pytest.approx(0.0, abs=1e-12)
    assert plan["FY2026 実績(確定月)"][0] == 6_300_000


@pytest.mark.parametrize(
    ("as_of", "plan_year"),
    [(date(2026, 3, 31), 2026), (date(2026, 10, 30), 2026)],
    ids=["eve of the year", "inside the plan year"],
)
def test_no_running_year_shows_no_landing(tmp_path: Path, as_of: date, plan_year: int) -> None:
    """Planned on the eve of FY2026 (Tuesday 2026-03-31: FY2025 has closed and is the
    baseline) or inside FY2026 itself: there is no year still running before the plan, so no
    landing rows, no console line."""
    book = _book(
        tmp_path / "eve.xlsm",
        flat("2025-01", f"{as_of:%Y-%m}"),
        KGI=9_000_000,
        PlanYear=plan_year,
        AsOf=as_of,
    )
    assert _recalc(book) is None
    plan = _plan(book)
    assert not [item for item in plan if "landing" in item or "actual to date" in item]
    assert "Baseline revenue (last year)" in plan  # the Plan itself is there


def test_a_rep_who_started_in_august_is_read_as_a_year_of_his_months(tmp_path: Path) -> None:
    """The November book with Ito joining in August 2026 with a new customer (C4, ¥150,000
    a month from 2026-08, its master start 2026-08-01).

    Ito: actual 2026-08 – 2026-11 = 4 × 150,000 = ¥600,000; his 4 months are 4/12 of a flat
    year, so his year reads 600,000 ÷ 4/12 = ¥1,800,000 and December – March expect 4/12 of
    it, ¥600,000 (not 4/12 of the ¥600,000 his baseline holds, ¥200,000); landing
    ¥1,200,000: his pace since his first sale (core.landing.year_landing). No trend is
    carried (the team's grows with Ito's book): Tanaka's expected rest is his flat 4 months,
    ¥1,200,000.
    """
    sales = [*flat("2025-04", "2026-11"), ("C4", "Ito", 150_000, "2026-08", "2026-11")]
    book = _book(
        tmp_path / "ito.xlsm",
        sales,
        starts={"C4": "2026-08-01"},
        KGI=11_000_000,
        PlanYear=2027,
        AsOf=date(2026, 11, 30),
    )
    found, evidence = _recalc_with(book)
    assert found is not None
    assert found.started_inside == ("Ito",)
    # The team's own trend grows with Ito's book (what the landing does not carry).
    assert evidence.gap_months == 4
    assert yearly_trend(evidence) > 1.01
    ito = found.table.loc["Ito"]
    assert ito["actual"] == 600_000
    assert ito["run_rate"] == pytest.approx(1_800_000)
    assert ito["expected"] == 600_000
    assert found.table.loc["Tanaka", "expected"] == 1_200_000
    _identities(found)
    note = str(_plan(book)["FY2026 expected rest"][1])
    assert "reps who started inside the year (Ito): their pace since their first sale" in note


def test_a_newcomer_ramping_up_lands_at_the_others_flat_months_plus_his_run_rate(
    tmp_path: Path,
) -> None:
    """The November book (flat seasonality, FY2025) with Ito winning one ¥100,000-a-month
    customer each month from August 2026: ¥100,000, 200,000, 300,000, 400,000.

    Ito: actual ¥1,000,000; his book is 4 months old (< 12: trial 44 L4), so his run rate is
    his last 3 months', 900,000 ÷ 3/12 = ¥3,600,000; December – March expect 4/12 of it,
    ¥1,200,000. Tanaka and Sato are flat: their like-for-like trend is +0.0%, so they expect
    their flat months, ¥1,200,000 and ¥1,600,000. Team expected ¥4,000,000 and landing
    5,600,000 + 1,000,000 + 4,000,000 = ¥10,600,000. The team's trend (four wins in four
    months on a book of three) would have lifted Tanaka's and Sato's months too.
    """
    ramp = [(f"C{4 + k}", "Ito", 100_000, f"2026-{8 + k:02d}", "2026-11") for k in range(4)]
    book = _book(
        tmp_path / "ramp.xlsm",
        [*flat("2025-04", "2026-11"), *ramp],
        starts={f"C{4 + k}": f"2026-{8 + k:02d}-01" for k in range(4)},
        KGI=11_000_000,
        PlanYear=2027,
        AsOf=date(2026, 11, 30),
    )
    found, evidence = _recalc_with(book)
    assert found is not None
    assert yearly_trend(evidence) > 1.05
    _no_trend(found, 4 / 12)
    table = found.table
    assert table.loc["Ito", ["actual", "run_rate", "expected"]].tolist() == pytest.approx(
        [1_000_000, 3_600_000, 1_200_000]
    )
    assert table.loc["Tanaka", "expected"] == 1_200_000
    assert table.loc["Sato", "expected"] == 1_600_000
    assert table.loc[TEAM, ["expected", "landing"]].tolist() == [4_000_000, 10_600_000]
    _identities(found)


def test_a_rep_who_took_over_customers_is_not_counted_twice(tmp_path: Path) -> None:
    """Ito takes over Tanaka's C2 (¥200,000 a month) in August 2026: the master gives it to
    Ito, the orders from August are his. The plan is for the book each rep holds now
    (core.handover), so C2's whole year is Ito's: his expected rest is his baseline's 4/12
    (12 × 200,000 = ¥2,400,000 → ¥800,000), Tanaka's C1 alone (12 × 100,000 → ¥400,000), and
    the team's ¥8,400,000 as before the move — C2 counted once."""
    sales = [
        ("C1", "Tanaka", 100_000, "2025-04", "2026-11"),
        ("C2", "Tanaka", 200_000, "2025-04", "2026-07"),
        ("C2", "Ito", 200_000, "2026-08", "2026-11"),
        ("C3", "Sato", 400_000, "2025-04", "2026-11"),
    ]
    book = _book(
        tmp_path / "moved.xlsm", sales, KGI=9_240_000, PlanYear=2027, AsOf=date(2026, 11, 30)
    )
    found = _recalc(book)
    assert found is not None
    assert found.started_inside == ()
    _no_trend(found, 4 / 12)
    assert found.table.loc["Ito", "expected"] == 800_000
    assert found.table.loc["Tanaka", "expected"] == 400_000
    assert found.team("landing") == 8_400_000
    _identities(found)
