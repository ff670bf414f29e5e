"""A rep copy's visit plan says what the master's Daily decided; the formula's KGI (fix49k).

- A visit log whose customers match no order account (another system's numbers V-001 …):
  the master's Daily points to Checks (fix49g); the rep's copy said 「請求先・本部・通販など」.
- The accounts left off past their check week: exactly those the Daily left off
  (core.daily._closed_off, ``DailyPlan.closed_of``): probably closed *and* gone quiet, not
  one in its check week, not one left off as never visited.

The second book, by hand (rep 上野, AsOf Monday 2026-11-09, a visit and a ¥5,000 order
every Monday for 100 weeks up to each account's last day): S1–S4 to 11-09 (on rhythm); Q to
09-28 (42 days: past the neglect line of 5 gaps, 35 days, by 7 days — gone quiet, off); C
to 08-24 (77 days: past the 10× line, 70 days, by 7 — probably closed, off); K to 08-31 (70
days: crossed today — its check week, on the list); N ordering to 08-24, never visited (left
off as never visited, said in its own line); E ended 2026-03-10 (typed, so the master's
ends are read as kept and C, K, N are not lapsed). Left off past the check week: C and Q,
2. The flag's names minus the stops (the old count) gave 1 (C), and missed Q.
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from routekpi.cli import main
from routekpi.recalc import recalculate
from routekpi.share.copies import build_copy, closed_left_off, load_source
from tests.test_visit_names import NAMES_INDEX, _visit_rows, book
from tests.workbook_files import pasted_book


def _copy_head(source_path: Path, rep: str, out: Path) -> str:
    """The rep copy written to disk and read back: its visit plan's lines above the first
    dated row, joined."""
    data, _ = build_copy(load_source(source_path), rep)
    out.write_bytes(data)
    ws = openpyxl.load_workbook(out, read_only=True)["訪問計画"]
    head: list[str] = []
    for row in ws.iter_rows(min_row=2, max_col=2, values_only=True):
        if row[1] is not None:
            break
        head.append(str(row[0] or ""))
    return "".join(head)


def test_the_reps_copy_points_to_checks_when_no_visit_account_is_an_orders(
    tmp_path: Path,
) -> None:
    rows = [
        [d, rep, f"V-{NAMES_INDEX[who]:03d}" if who in NAMES_INDEX else who, k]
        for d, rep, who, k in _visit_rows(codes=True)
    ]
    path = book(tmp_path / "book.xlsm", "顧客", rows)
    recalculate(path)
    head = _copy_head(path, "田中", tmp_path / "copy.xlsx")
    # The master's 24 (tests.test_visit_names), all 田中's.
    assert "訪問の記録が一度もないあなたの顧客 24件はこの計画に入れていません" in head
    assert "チェックシート" in head and "請求先" not in head
    # Visited under the codes: no such line.
    coded = book(tmp_path / "coded.xlsm", "顧客", _visit_rows(codes=True))
    recalculate(coded)
    assert "訪問の記録が一度もない" not in _copy_head(coded, "田中", tmp_path / "coded.xlsx")


LAST = {
    **{f"S{i}": "2026-11-09" for i in range(1, 5)},
    "Q": "2026-09-28",
    "C": "2026-08-24",
    "K": "2026-08-31",
    "N": "2026-08-24",
    "E": "2026-03-02",
}


def _quiet_book(path: Path) -> Path:
    orders: list[list[object]] = []
    visits: list[list[object]] = []
    for acc, last in LAST.items():
        for d in pd.date_range(end=pd.Timestamp(last), periods=100, freq="7D"):
            orders.append([d.date(), acc, "上野", 5_000, 1, None])
            if acc != "N":
                visits.append([d.date(), "上野", acc, "訪問"])
    accounts = [
        [a, f"店{a}", "上野", date(2024, 1, 1), date(2026, 3, 10) if a == "E" else None, None, None]
        for a in LAST
    ]
    rows = {"Orders": orders, "Visits": visits, "Accounts": accounts}
    return pasted_book(
        path, rows, kgi=3_000_000, plan_year=2026, start_month=4, as_of=date(2026, 11, 9)
    )


def test_the_count_is_the_accounts_the_daily_left_off(tmp_path: Path) -> None:
    path = recalculate_book(tmp_path / "quiet.xlsm")
    source = load_source(path)
    stops = set(source.result.daily.stops["account"].astype(str))
    assert "K" in stops and not stops & {"Q", "C", "N"}  # as the docstring reckons
    assert closed_left_off(source, "上野") == 2  # C and Q
    head = _copy_head(path, "上野", tmp_path / "copy.xlsx")
    assert "閉店・取引終了の可能性が高い顧客と、訪問も受注も長く途絶えた顧客 合わせて 2件は" in head
    assert "確認の週(7日)を過ぎたため" in head
    assert "訪問の記録が一度もないあなたの顧客 1件" in head  # N, on its own line
    wb = openpyxl.load_workbook(tmp_path / "copy.xlsx", read_only=True)
    flags = [str(r) for r in wb["課題"].iter_rows(values_only=True)]
    assert [f for f in flags if "(C)" in f] and [f for f in flags if "店Q" in f]  # named there


def recalculate_book(path: Path) -> Path:
    recalculate(_quiet_book(path))
    return path


def test_the_formulas_kgi_reads_as_the_kgi_cell_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``routekpi formula book '=KPI_TARGET("revenue",,,"30億")'`` answered 「正の数では
    ありません」 though the Settings KGI cell takes 「12億」: the argument is read by the
    cell's parser (validation.cells.parse_number). The corpus book recalculated on disk; the
    KGI 5% over its revenue target, rounded to 万, typed as a number and as 億/万/円 text: the
    same year's revenue target, the KGI itself."""
    path = tmp_path / "base.xlsm"
    path.write_bytes((Path(__file__).parent / "corpus" / "base.xlsm").read_bytes())
    assert main(["recalc", str(path)]) == 0
    capsys.readouterr()
    assert main(["formula", str(path), "--exact", '=KPI_TARGET("revenue")']) == 0
    (now,) = _printed(capsys.readouterr().out)
    man = math.ceil(float(now) * 1.05 / 10_000)  # the KGI in 万
    kgi = man * 10_000
    oku, rest = divmod(man, 10_000)
    spelled = [f"{oku}億{rest}万" if oku else f"{rest}万", f"¥{kgi:,}", f"{kgi:,}円"]
    formulas = [f'=KPI_TARGET("revenue",,,{kgi})']
    formulas += [f'=KPI_TARGET("revenue",,,"{s}")' for s in spelled]
    formulas.append('=KPI_TARGET("revenue",,,"三十億")')  # no digits: still refused
    assert main(["formula", str(path), "--exact", *formulas]) == 1  # the last
    printed = _printed(capsys.readouterr().out)
    assert [float(v) for v in printed[:-1]] == pytest.approx([kgi] * 4, rel=1e-9)
    assert printed[-1] == "KGI「三十億」は正の数ではありません"


def _printed(out: str) -> list[str]:
    return [line.split(" → ", 1)[1] for line in out.splitlines() if " → " in line]
