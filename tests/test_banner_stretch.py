"""How far beyond the team's record a KGI goes: the Dashboard banner, the Plan's feasibility
line and the recalc summary (core.stretch; trial 23 M2: +6% and +15% read the same).

The strong-year line and the baseline are read back from the Plan sheet; the yen past the
line and the multiple of a strong year's growth are worked by hand from them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from routekpi.cli import main
from routekpi.core.stretch import FLAT_GROWTH, SLIGHTLY_BEYOND, Stretch
from routekpi.io import dashboard_layout as layout
from routekpi.io.samplebook import write_sample_workbook
from routekpi.messages import fmt_yen
from routekpi.render import flag_message
from routekpi.render_dashboard import stretch_grade

# Trial 23's books (Plan and Dashboard of run3 / run4): baseline, strong-year line, KGIs.
BASE, RECORD = 10_685_393_470.0, 11_227_428_814.0


def test_her_six_percent_is_slightly_beyond_and_fifteen_far() -> None:
    growth = RECORD - BASE  # ¥542,035,344: a strong year's growth on the baseline
    six = Stretch(kgi=11_392_000_000.0, baseline=BASE, record=RECORD)
    assert six.past == 164_571_186.0
    assert six.times == pytest.approx(706_606_530 / 542_035_344)  # 1.30
    assert six.past <= SLIGHTLY_BEYOND * growth and not six.far  # ¥164.6M ≤ ¥271.0M
    fifteen = Stretch(kgi=12_360_000_000.0, baseline=BASE, record=RECORD)
    assert fifteen.past == 1_132_571_186.0
    assert f"{fifteen.times:.1f}" == "3.1"  # ¥1,674.6M ÷ ¥542.0M
    assert fifteen.far
    # Half a strong year's growth past the line is still slight; a yen more is not.
    edge = RECORD + SLIGHTLY_BEYOND * growth
    assert not Stretch(edge, BASE, RECORD).far and Stretch(edge + 1, BASE, RECORD).far
    # A team whose revenue never grew: the line is the baseline, any growth is far.
    assert Stretch(BASE * 1.01, BASE, BASE).far


def _settings(path: Path, **values: object) -> None:
    """Type values into the Settings sheet by the start of their label (as a user would)."""
    wb = openpyxl.load_workbook(path, keep_vba=True)
    ws = wb["Settings"]
    for row in ws.iter_rows():
        for prefix, value in values.items():
            if str(row[0].value or "").startswith(prefix):
                row[1].value = value
    wb.save(path)


def _rows(path: Path, sheet: str) -> list[tuple[object, ...]]:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return [tuple(r) for r in wb[sheet].iter_rows(values_only=True)]
    finally:
        wb.close()


def _plan(path: Path) -> dict[str, tuple[object, str]]:
    """Plan item → (value, note), the note's wrapped lines (blank item and value) joined."""
    out: dict[str, tuple[object, str]] = {}
    item = ""
    for r in _rows(path, "Plan"):
        if r and r[0]:
            item = str(r[0])
            out[item] = (r[1], str(r[2] or ""))
        elif item and r and r[2] and r[1] in (None, ""):
            out[item] = (out[item][0], out[item][1] + str(r[2]))
    return out


@pytest.fixture(scope="module")
def budget_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small sample planned before its year starts (FY2027 as of 2026-10-31)."""
    path = tmp_path_factory.mktemp("stretch") / "book.xlsm"
    write_sample_workbook(path, "ja", seed=11, orders_rows=4_000)
    _settings(path, 計画年度=2027)
    return path


def test_slightly_and_far_beyond_get_their_own_words_and_colour(
    budget_book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = tmp_path / "first.xlsm"
    shutil.copyfile(budget_book, first)
    assert main(["recalc", str(first)]) == 0
    plan = _plan(first)
    base = float(plan["前年実績(基準)売上"][0])  # type: ignore[arg-type]
    record = float(plan["チームの好調な年並みの伸びで届くKGI"][0])  # type: ignore[arg-type]
    ceiling = float(plan["到達可能な最大KGI"][0])  # type: ignore[arg-type]
    growth = record - base
    assert growth > 0
    # A quarter of a strong year's growth past the line, and halfway from half a strong year
    # past it to the ceiling (rounded to ¥1M, as typed): the ceiling is the team's best year
    # plus 10 points a year (core.levers.revenue_cap), no longer two strong years away.
    slight_kgi = round((record + 0.25 * growth) / 1e6) * 1e6
    far_kgi = round((record + 0.5 * growth + ceiling) / 2 / 1e6) * 1e6
    assert record + 0.5 * growth < far_kgi < ceiling  # far, and still reachable
    said: dict[str, tuple[str, object, str, str]] = {}
    for name, kgi in (("slight", slight_kgi), ("far", far_kgi)):
        book = tmp_path / f"{name}.xlsm"
        shutil.copyfile(budget_book, book)
        _settings(book, KGI=kgi)
        capsys.readouterr()
        assert main(["recalc", str(book)]) == 0
        out = capsys.readouterr().out
        rows = _rows(book, "Dashboard")
        banner = str(rows[layout.BANNER_ROW - 1][0])
        colour = rows[layout.FEASIBLE_ROW - 1][layout.DATA_COL]
        value, note = _plan(book)["実現可能性"]
        past = fmt_yen(kgi - record)
        times = f"{(kgi - base) / growth:.1f}"
        assert f"{fmt_yen(record)}(基準比" in banner and f"より {past} 多く" in banner
        assert f"好調な年の伸びの {times} 倍" in banner
        assert f"より {past} 多く、好調な年の伸びの {times} 倍" in str(note)
        assert f"KGI はその {past} 先(好調な年の伸びの {times} 倍)" in out
        # The ceiling is named as one, not offered as headroom.
        assert fmt_yen(ceiling) not in banner
        assert f"{fmt_yen(ceiling)} は全担当者が同時に最高の年を迎えた場合の計算上の上限" in out
        said[name] = (banner, colour, str(value), out)
    assert said["slight"][0].startswith("チーム実績を少し超えています: ")
    assert said["slight"][1] == layout.BANNER_AMBER
    assert said["slight"][2] == "実績を少し超える"
    assert "チーム実績を少し超える目標です" in said["slight"][3]
    assert said["far"][0].startswith("チーム実績を大きく超えています: ")
    assert said["far"][1] == layout.BANNER_RED
    assert said["far"][2] == "実績を大きく超える"
    assert "チーム実績を大きく超える目標です" in said["far"][3]
    # Hand-worked: a quarter of a strong year past is 1.2 or 1.3 strong years, the far one
    # over 1.5.
    assert (far_kgi - base) / growth > 1.5


def test_the_flag_says_how_far_with_her_numbers() -> None:
    """The Flags sheet's kgi_beyond_record line: the params a Plan gives it (growth is the
    record ÷ baseline), the yen past and the multiple worked by hand above."""
    params = {"record": RECORD, "growth": RECORD / BASE, "annual": 1.047, "max": 21_355_583_458.0}
    flag = {"code": "kgi_beyond_record", "kpi": "revenue", "account": "", "rep": "ALL"}
    six, _ = flag_message({**flag, "params": {**params, "kgi": 11_392_000_000.0}}, "ja")
    assert "より ¥164,571,186 多く、好調な年の伸びの 1.3 倍です(実績を少し超える)" in six
    fifteen, _ = flag_message({**flag, "params": {**params, "kgi": 12_360_000_000.0}}, "ja")
    assert "より ¥1,132,571,186 多く、好調な年の伸びの 3.1 倍です(実績を大きく超える)" in fifteen
    assert "¥21,355,583,458 は全担当者が同時に最高の年を迎えた場合の計算上の上限" in fifteen


def test_a_strong_year_that_prints_as_no_growth_is_a_flat_team() -> None:
    """A strong-year line ¥5,000 over a ¥21,000,000 baseline (+0.02%, shown 「年 +0.0%」) read
    「好調な年の伸びの 1718.2 倍」: under ``FLAT_GROWTH`` of the baseline it is a team that never
    grew (the flat words); +0.1% still counts its multiples."""
    flat = Stretch(kgi=25_000_000, baseline=21_000_000, record=21_005_000)
    assert FLAT_GROWTH * 21_000_000 > 5_000
    assert flat.strong_growth == 0 and flat.times == float("inf")
    assert stretch_grade(flat) == "flat"
    grew = Stretch(kgi=25_000_000, baseline=21_000_000, record=21_021_000)
    assert grew.strong_growth == 21_000 and round(grew.times, 1) == 190.5
    assert stretch_grade(grew) == "far"
