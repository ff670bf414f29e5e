"""Trial 43: the Review's visit-only rows measured through the last typed visit (H1), Notes
matched to the row measuring their KPI and the Notes sheet's KPI drop-down (L5)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pandas as pd
import pytest

from routekpi.cli import main
from routekpi.core.review import REVIEW_COLUMNS, _attach_notes
from routekpi.io.samplebook import write_sample_workbook
from routekpi.io.sheetrewrite import rewrite_workbook
from routekpi.io.sheetxml import SheetContent
from routekpi.io.template import write_template
from tests.test_dashboard import _with_setting

MONTHS = list(pd.period_range("2026-04", "2027-03", freq="M"))


def _rows(keys: list[str]) -> pd.DataFrame:
    out = pd.DataFrame(
        [{c: None for c in REVIEW_COLUMNS} | {"rep": "Tanaka", "kpi": k} for k in keys],
        columns=list(REVIEW_COLUMNS),
    )
    out["notes"] = ""
    return out


def test_a_note_on_a_kpi_without_a_row_sits_on_the_row_measuring_it() -> None:
    """「visits」 (no 訪問件数 row with visit levers) goes on 訪問頻度, 受注件数 on 訪問あたり
    受注数, アポ打診数 on アポ獲得率; untagged. A word no KPI has stays on 売上, tagged."""
    out = _rows(["revenue", "visits_per_account", "orders_per_visit", "appointment_rate"])
    notes = pd.DataFrame(
        {
            "rep": ["Tanaka"] * 4,
            "month": ["2026-10", "2026-10", "2026-11", "2026-10"],
            "kpi": ["visits", "受注件数", "アポ打診数", "やる気"],
            "note": ["11月はアポ強化", "午前に回る", "1日2件", "朝礼"],
        }
    )
    _attach_notes(out, notes, SimpleNamespace(plan_months=MONTHS))  # type: ignore[arg-type]
    got = dict(zip(out["kpi"], out["notes"], strict=True))
    assert got["visits_per_account"] == "2026-10: 11月はアポ強化"
    assert got["orders_per_visit"] == "2026-10: 午前に回る"
    assert got["appointment_rate"] == "2026-11: 1日2件"
    assert got["revenue"] == "[やる気] 2026-10: 朝礼"
    # Without visits the Review's orders row is orders per account.
    bare = _rows(["revenue", "orders_per_account"])
    _attach_notes(bare, notes.iloc[[1]], SimpleNamespace(plan_months=MONTHS))  # type: ignore[arg-type]
    assert bare["notes"].tolist() == ["", "2026-10: 午前に回る"]


def test_the_notes_kpi_column_offers_the_review_rows(tmp_path: Path) -> None:
    book = tmp_path / "t.xlsm"
    write_template(book, "ja")
    ws = openpyxl.load_workbook(book, keep_vba=True)["Notes"]
    header = [c.value for c in ws[1]]
    col = openpyxl.utils.get_column_letter(header.index("KPI") + 1)
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    ours = [dv for dv in lists if str(dv.sqref).startswith(f"{col}2:")]
    assert len(ours) == 1
    choices = ours[0].formula1.strip('"').split(",")
    assert choices[:3] == ["売上", "稼働顧客数", "訪問頻度(月/顧客)"]
    assert "アポ獲得率" in choices and "訪問件数" not in choices
    assert ours[0].errorStyle == "information"  # suggests, does not force


def _visits_later_book(tmp_path: Path) -> tuple[Path, Path, date, date]:
    """The sample book with AsOf blank and its orders cut after Fri 10/9 (the monthly paste
    not in yet) while the visits run to Fri 10/30 (``later``); ``same``: the same book with
    the visits cut at the last order too (the Review as it was when visits stopped there)."""
    fresh = tmp_path / "fresh.xlsm"
    write_sample_workbook(fresh, "ja", seed=11, orders_rows=4_000)
    blank = tmp_path / "blank.xlsm"
    _with_setting(fresh, blank, "AsOf", None)
    cut = date(2026, 10, 9)
    wb = openpyxl.load_workbook(blank, read_only=True)
    rows = {n: [list(r) for r in wb[n].iter_rows(values_only=True)] for n in ("Orders", "Visits")}
    wb.close()

    def upto(name: str, day: date) -> SheetContent:
        head, *body = rows[name]
        keep = [r for r in body if r[0] is not None and r[0].date() <= day]
        return SheetContent(rows=[head, *keep])

    orders_day = max(r[0].date() for r in rows["Orders"][1:] if r[0] and r[0].date() <= cut)
    visits_day = max(r[0].date() for r in rows["Visits"][1:] if r[0] is not None)
    later, same = tmp_path / "later.xlsm", tmp_path / "same.xlsm"
    rewrite_workbook(blank, {"Orders": upto("Orders", cut)}, dst=later, resize_tables=True)
    rewrite_workbook(later, {"Visits": upto("Visits", orders_day)}, dst=same, resize_tables=True)
    return later, same, orders_day, visits_day


def _recalc(book: Path, capsys: pytest.CaptureFixture[str]) -> dict[tuple[str, str], dict]:
    capsys.readouterr()
    assert main(["recalc", str(book), "--json", "--quiet"]) == 0
    doc = json.loads(capsys.readouterr().out)
    return {(r["rep"], r["kpi"]): r for r in doc["review"]}


def test_visits_typed_after_the_last_order_move_the_visit_only_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Trial 43 H1: AsOf blank, orders to 10/9, visits to 10/30. 商談数 and アポ獲得率 count
    the visits through 10/30 against their targets to 10/30; revenue and its split stay on
    the orders' period; both days are said on the Review's and the Dashboard's title rows."""
    later, same, orders_day, visits_day = _visits_later_book(tmp_path)
    assert (orders_day, visits_day) == (date(2026, 10, 9), date(2026, 10, 30))
    now, before = _recalc(later, capsys), _recalc(same, capsys)
    # Hand count: the team's 商談 rows of the plan year through 10/30 (the Visits sheet).
    wb = openpyxl.load_workbook(later, read_only=True)
    visits = list(wb["Visits"].iter_rows(min_row=2, values_only=True))
    wb.close()
    start = date(2026, 4, 1)
    meetings = sum(
        1 for r in visits if r[0] and start <= r[0].date() <= visits_day and r[3] == "商談"
    )
    late = sum(1 for r in visits if r[0] and orders_day < r[0].date() <= visits_day)
    assert now[("ALL", "meetings")]["actual_ytd"] == pytest.approx(meetings)
    assert now[("ALL", "meetings")]["actual_ytd"] > before[("ALL", "meetings")]["actual_ytd"]
    for key in ("meetings", "appointment_rate"):
        row = now[("ALL", key)]
        assert row["attainment"] == pytest.approx(row["actual_ytd"] / row["target_ytd"])
    # A count's target runs to 10/30 (15 more working days); a rate's is the rate.
    assert now[("ALL", "meetings")]["target_ytd"] > before[("ALL", "meetings")]["target_ytd"]
    assert now[("ALL", "appointment_rate")]["target_ytd"] == pytest.approx(
        before[("ALL", "appointment_rate")]["target_ytd"]
    )
    # Visit frequency to 10/30 too (review44), its yen the revenue split's (orders' period).
    moved = now[("ALL", "visits_per_account")]
    assert moved["actual_ytd"] != pytest.approx(before[("ALL", "visits_per_account")]["actual_ytd"])
    assert moved["contribution"] == pytest.approx(
        before[("ALL", "visits_per_account")]["contribution"]
    )
    # Revenue, its other levers and the order-based rows: the orders' period, as before.
    for key in ("revenue", "orders_per_visit", "meeting_win_rate"):
        for rep in ("ALL", next(r for r, k in now if r != "ALL")):
            assert now[(rep, key)]["actual_ytd"] == pytest.approx(
                before[(rep, key)]["actual_ytd"]
            ), (rep, key)
            assert now[(rep, key)]["target_ytd"] == pytest.approx(
                before[(rep, key)]["target_ytd"]
            ), (rep, key)
    # Read back: the Review's second title row and the Dashboard's title say both days.
    wb = openpyxl.load_workbook(later, read_only=True)
    review = [r for r in wb["Review"].iter_rows(values_only=True)]
    title = wb["Dashboard"]["A1"].value
    wb.close()
    said = next(r for r in review if any(c == "受注は10/9まで、訪問は10/30まで" for c in r))
    assert ("訪問頻度・商談数・アポ獲得率は10/30まで(目標も同日)、他の行は10/9まで") in said
    # The row under it: the visit frequency's yen are the revenue split's.
    under = review[review.index(said) + 1]
    assert "訪問頻度の売上差への寄与(円)は10/9までの売上の差の内訳です" in under
    assert f"10/9より後の訪問 {late:,} 件を反映" in said
    assert "受注は10/9まで、訪問は10/30まで" in title
    # Visits stopping at the last order: no such row.
    wb = openpyxl.load_workbook(same, read_only=True)
    cells = [c for r in wb["Review"].iter_rows(values_only=True) for c in r]
    wb.close()
    assert not any(isinstance(c, str) and c.startswith("受注は") for c in cells)
