"""Trial 43: the Review's Notes matched to the row measuring their KPI (L5), the Notes sheet's
KPI drop-down (L5)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pandas as pd

from routekpi.core.review import REVIEW_COLUMNS, _attach_notes
from routekpi.io.template import write_template

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
