"""A rep's copy says what the month targets rest on (trial 22 #10).

高田's 目標 sheet: 2028-01 ¥20.8M → ¥30.3M (+45%) in a +13% year, and nothing on the copy said
why (the team's Plan has 「前年同月比の小さい月」). The cover now gives the rule (the year's
target × the month's usual share) and the months that swing most against their baseline
month, with the shares behind them. A real master, its copy written and read back; the cover
is checked against the copy's own 目標 sheet.
"""

from __future__ import annotations

import io

import openpyxl
import pytest

from routekpi.core.catalog import KPI_BY_KEY
from routekpi.messages import fmt_pct, fmt_uplift, text
from routekpi.schema import OUTPUT_COLUMNS
from routekpi.share.copies import build_copy, load_source, tab_name
from tests.share_helpers import make_master


@pytest.fixture(scope="module", params=["ja", "en"])
def copy(request, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, openpyxl.Workbook]:
    language = request.param
    master = make_master(tmp_path_factory.mktemp(f"months_{language}") / "m.xlsm", language)
    source = load_source(master)
    rep = source.reps[0]
    data, _ = build_copy(source, rep)
    return language, openpyxl.load_workbook(io.BytesIO(data), read_only=True)


def _cover_note(wb: openpyxl.Workbook, language: str) -> str:
    rows = [r for r in wb[wb.sheetnames[0]].iter_rows(values_only=True)]
    item = text("share.cover_months", language)
    at = next(i for i, r in enumerate(rows) if r and r[0] == item)
    lines = []
    for r in rows[at + 1 :]:
        if r[0] not in (None, "") or len(r) < 2 or r[1] in (None, ""):
            break
        lines.append(str(r[1]))
    return "".join(lines)  # the lines are pieces of the note: joined, the note exactly


def test_the_cover_names_the_rule_and_the_months_that_swing_most(copy) -> None:
    language, wb = copy
    note = _cover_note(wb, language)
    targets = wb[tab_name("Targets", language)]
    head, *rows = list(targets.iter_rows(values_only=True))
    col = {h: i for i, h in enumerate(head)}
    names = {c.key: c.header(language) for c in OUTPUT_COLUMNS["Targets"]}
    period, kpi = col[names["period"]], col[names["kpi"]]
    base_at, target_at = col[names["baseline"]], col[names["target"]]
    revenue = KPI_BY_KEY["revenue"].label(language)
    mine = [r for r in rows if r[kpi] == revenue]
    year = next(r for r in mine if str(r[period]).startswith("FY"))
    months = [r for r in mine if not str(r[period]).startswith("FY") and r[base_at]]
    assert len(months) == 12
    # By hand from the copy's own 目標 sheet: each month's target ÷ its baseline month.
    change = {str(r[period]): r[target_at] / r[base_at] for r in months}
    hi = max(change, key=change.__getitem__)
    lo = min(change, key=change.__getitem__)
    assert change[hi] > change[lo]
    total = sum(r[base_at] for r in months)
    was = {str(r[period]): r[base_at] / total for r in months}
    usual = {str(r[period]): r[target_at] / year[target_at] for r in months}
    # The rule, then the two months with their change and their shares (base → usual).
    assert note.startswith(text("share.cover_months_note", language).split("(")[0][:12])
    for month in (hi, lo):
        assert f"{month} {fmt_uplift(change[month])}" in note, month
        assert f"{fmt_pct(was[month])} → " in note and fmt_pct(usual[month]) in note
    assert fmt_uplift(year[target_at] / year[base_at]) in note
    # The usual shares are the year's target split: they add up to the year.
    assert sum(usual.values()) == pytest.approx(1.0, abs=1e-6)
