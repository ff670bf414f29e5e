"""Wrapped output texts (routekpi.wrapping), the Dashboard's chart titles and bridge labels,
and a flag in one line for the console, as a person reads them.

A long text goes on in the rows below its own; those rows repeat, in grey, the columns a
manager filters on (Flags: severity, rep, account; Daily: rep, date, account), so a filter
keeps every line.
"""

from __future__ import annotations

import html
import io
import re
import zipfile

import pytest

from routekpi.io import dashboard_layout as layout
from routekpi.io.sheetxml import Cell
from routekpi.render import flag_headline, flag_rows
from routekpi.schema import OUTPUT_BY_NAME
from routekpi.wrapping import REPEATED_KEYS, REPEATED_STYLE, pieces, split_at, wrapped_rows

FLAGS = OUTPUT_BY_NAME["Flags"]


def test_pieces_join_to_the_text_and_keep_the_space_at_each_break() -> None:
    # 12 columns a line (14 - 2): "alpha beta " (11) then "gamma delta" (11).
    assert pieces("alpha beta gamma delta", 14) == ["alpha beta ", "gamma delta"]
    assert pieces("short", 14) == ["short"]
    # Lines that are not pieces of the text in order are given back as they are.
    assert split_at("abc", ["x", "y"]) == ["x", "y"]


def test_every_repeated_key_is_a_column_of_its_sheet() -> None:
    for sheet, keys in REPEATED_KEYS.items():
        assert set(keys) <= set(OUTPUT_BY_NAME[sheet].keys), sheet


def _flag(**params: object) -> dict[str, object]:
    base: dict[str, object] = {
        "code": "behind_pace",
        "kpi": "revenue",
        "rep": "Suzuki",
        "period": "FY2026",
        "account": "",
        "severity": "critical",
        "params": {
            "pace": 0.513,
            "actual": 1_653_053.0,
            "forecast": 6_508_448.0,
            "target": 12_685_562.0,
        },
    }
    return base | params


def test_a_wrapped_daily_reason_repeats_its_keys_in_grey_below() -> None:
    """The Daily's reasons still go on below their stop (the Flags no longer do: one flag is
    one row, tests/test_trial26_sheets.py)."""
    daily = OUTPUT_BY_NAME["Daily"]
    rows = wrapped_rows(
        daily,
        {"rep": "Sato", "account": "A1", "name": "Shop", "order": 1, "reason": "word " * 20},
        {"reason": 46},
    )
    assert len(rows) == 3  # 100 columns at 46 - 2
    grey = lambda v: Cell(v, REPEATED_STYLE)  # noqa: E731
    keys = [c.key for c in daily.columns]
    second = dict(zip(keys, rows[1], strict=False))
    kept = [second[k] for k in ("rep", "account", "name")]
    assert kept == [grey("Sato"), grey("A1"), grey("Shop")]
    assert second["order"] in ("", None)  # a stop number is not counted twice
    assert "".join(str(dict(zip(keys, r, strict=False))["reason"]) for r in rows) == "word " * 20
    assert "Flags" not in REPEATED_KEYS


def test_the_console_line_of_a_flag_is_its_flags_row_in_words() -> None:
    flag = _flag()
    # pace 0.513 → 51.3%; the amounts as the Flags sheet shows them (yen, thousands).
    said = (
        "Suzuki FY2026: Revenue pace 51.3% "
        "(actual ¥1,653,053, forecast ¥6,508,448 vs target ¥12,685,562)"
    )
    assert flag_headline(flag, "en") == said
    assert "behind_pace" not in flag_headline(flag, "ja")
    assert flag_headline(flag, "ja").startswith("Suzuki FY2026: 売上の進捗率 51.3%")
    # The same words as the message cells of its Flags rows, read down the column.
    import pandas as pd

    from routekpi.core.history import PlanSettings

    class _Result:
        flags = pd.DataFrame([flag])
        evidence = type("_Evidence", (), {"settings": PlanSettings(kgi=1.0, plan_year=2026)})

    rows = flag_rows(_Result(), "en")  # type: ignore[arg-type]
    message = "".join(str(getattr(r[6], "value", r[6])) for r in rows if len(r) > 6)
    assert said.endswith(message)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_chart_titles_read_the_cells_the_run_writes(language: str) -> None:
    from routekpi.io.template import build_template

    with zipfile.ZipFile(io.BytesIO(build_template(language))) as z:
        charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
    titles = {re.search(r"<title><tx><strRef><f>([^<]+)</f>", c).group(1) for c in charts}  # type: ignore[union-attr]
    rows = sorted(layout.CHART_TITLE_ROWS.values())
    assert titles == {f"'Dashboard'!$A${row}" for row in rows}
    # The bridge's labels show their cells as formatted (signed millions), and each label
    # set's own code is its series' format, for a reader that drops the link.
    bridge = next(c for c in charts if '<barDir val="col"' in c)
    labels = re.findall(r'<dLbls><numFmt formatCode="([^"]+)" sourceLinked="1"', bridge)
    codes = [html.escape(f, quote=True) for f in layout.BRIDGE_FORMATS.values()]
    assert sorted(labels) == sorted(codes)  # increase, decrease, total


def test_a_closing_mark_never_starts_a_line_and_words_stay_whole() -> None:
    """At 46 the Daily's 「…平準化)」 filled a line and the next began 「、影響額」; a line of
    kanji and kana was cut where it filled (「前年 / 比」-style). The mark hangs at the end
    of its line; without a space or 、 in reach, the line ends after a kana ending (「の」)
    but never inside 「9か月」."""
    from routekpi.wrapping import wrap_text as wrap

    assert wrap("前倒し(訪問目標のペース維持・混む日の平準化)、影響額 ¥3,068(受注6日分)", 46) == [
        "前倒し(訪問目標のペース維持・混む日の平準化)、",  # 44 wide + the hanging 、
        "影響額 ¥3,068(受注6日分)",
    ]
    said = "直近12か月の受注が前年比 -53.5%(前年は履歴のある9か月を年換算。受注 26回→12回)"
    assert wrap(said, 30) == [
        "直近12か月の受注が前年比",  # at the space
        "-53.5%(前年は履歴のある",  # after 「ある」, not 「…9か / 月」
        "9か月を年換算。受注",
        "26回→12回)",
    ]
