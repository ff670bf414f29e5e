"""The Review's team lever rows say what their figures are (trial 42 M2): the team's value
is the reps' at the baseline's mix, not the Dashboard's to-date figure, and its yen is the
sum of the reps' parts, the largest named — so a 99.4% row called the main cause at −¥5.6M
reads as mostly one rep's shortfall, not as a contradiction."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

from routekpi.cli import main
from routekpi.io.samplebook import write_sample_workbook


def test_team_lever_rows_name_the_sum_and_its_largest_part(tmp_path: Path) -> None:
    book = tmp_path / "book.xlsm"
    write_sample_workbook(book, "en", orders_rows=6_000)  # FY2026, as of 2026-10-31
    assert main(["recalc", str(book)]) == 0
    rows = list(openpyxl.load_workbook(book, read_only=True)["Review"].iter_rows(values_only=True))
    head = rows[0]
    rep, key, yen = (
        head.index("Rep"),
        head.index("KPI key"),
        head.index("Contribution to gap (JPY)"),
    )
    note = head.index("Finding")
    # The year-to-date block: the rows before the first month block's header.
    ytd = []
    for r in rows[2:]:
        if r[rep] is None and str(r[key]).startswith("month@"):
            break
        ytd.append(r)
    for lever in ("visits_per_account", "orders_per_visit", "unit_price", "active_accounts"):
        parts = {r[rep]: float(r[yen]) for r in ytd if r[key] == lever and r[rep] != "ALL"}
        team = next(r for r in ytd if r[key] == lever and r[rep] == "ALL")
        assert float(team[yen]) == pytest.approx(sum(parts.values()), abs=1.0)
        # The largest part in the team row's direction, as the sheet shows it.
        pick = min if float(team[yen]) < 0 else max
        who = pick(parts, key=lambda k: parts[k])
        at = ytd.index(team)
        # The finding's wrapped lines (rows with no key under it), spaces as one.
        end = next((i for i, r in enumerate(ytd[at + 1 :]) if r[key]), 8)
        wrapped = ytd[at : at + 1 + end]
        text = re.sub(r"\s+", " ", " ".join(str(r[note]) for r in wrapped if r[note]))
        sign = "−" if parts[who] < 0 else "+"
        assert f"sum of the reps' parts (largest: {who} {sign}¥{abs(parts[who]):,.0f})" in text
        mix = "not the Dashboard's to-date figure" in text.split("sum of the reps' parts")[0]
        # Said once, on the block's first ratio row (a count adds up: no mix to explain).
        assert mix is (lever == "visits_per_account")
        assert "months on leave" not in text  # nobody's on leave in the sample
    # A rep's own rows carry no such note.
    assert not any("sum of the reps' parts" in str(r[note]) for r in ytd if r[rep] != "ALL")
