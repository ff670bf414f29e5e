"""The Daily day line's pace when a target has nothing left (trial 27 L5: 「受注 0.0・売上 ¥0」
read as "nothing needed" for a rep ahead of her year)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl

from routekpi.contract import display_width
from routekpi.io.samplebook import write_sample_workbook
from routekpi.recalc import recalculate
from routekpi.render_daily import _day_text
from routekpi.schema import OUTPUT_BY_NAME

DAILY = OUTPUT_BY_NAME["Daily"]

DAY = {"date": date(2026, 12, 7), "visits": 3, "capacity": 5, "distance": None}


def test_a_pace_with_nothing_left_says_so() -> None:
    ahead = {**DAY, "pace_visits": 2.26, "pace_orders": 0.0, "pace_revenue": 0.0}
    assert _day_text(ahead, "ja") == (
        "訪問 3件/上限 5件|必要ペース/日: 訪問 2.3・受注 残りなし・売上 残りなし"
    )
    assert _day_text(ahead, "en") == (
        "3 visits / capacity 5 | pace needed per day: visits 2.3, orders none left, "
        "revenue none left"
    )
    # A small pace still shows its number (0.04 rounds to 0.0 but is not nothing).
    behind = {**DAY, "pace_visits": 1.2, "pace_orders": 0.04, "pace_revenue": 114_862.0}
    assert _day_text(behind, "ja") == (
        "訪問 3件/上限 5件|必要ペース/日: 訪問 1.2・受注 0.0・売上 ¥114,862"
    )


def test_each_day_line_prints_within_the_reason_column(tmp_path: Path) -> None:
    """Trial 31 L11: the day line ran on over the empty cells to its right and its end
    ("| 23.4 km") printed alone on the sheet's second page. It is wrapped at the reason
    column's width, the rest in the grey rows below it; joined it is the whole line."""
    book = tmp_path / "book.xlsm"
    write_sample_workbook(book, "en", orders_rows=6_000)
    recalculate(book)
    ws = openpyxl.load_workbook(book)["Daily"]
    keys = [c.key for c in DAILY.columns]
    at = {key: keys.index(key) for key in ("name", "account", "reason")}
    width = DAILY.columns[at["reason"]].width
    rows = [list(r) for r in ws.iter_rows(min_row=2, values_only=True)]
    assert all(
        display_width(r[at["reason"]]) <= width for r in rows if isinstance(r[at["reason"]], str)
    )
    days = [i for i, r in enumerate(rows) if str(r[at["name"]] or "").startswith("[")]
    assert days
    wrapped = 0
    for i in days:
        line, j = str(rows[i][at["reason"]]), i + 1
        while j < len(rows) and not rows[j][at["name"]] and not rows[j][at["account"]]:
            if not isinstance(rows[j][at["reason"]], str):
                break
            line += rows[j][at["reason"]]
            j += 1
        wrapped += j > i + 1
        assert line.startswith(tuple(f"{n} visit{'s' * (n != 1)} / capacity" for n in range(100)))
        assert line.endswith((" km", "none left")) or line[-1].isdigit(), line
    assert wrapped  # the sample's lines with their pace and route are longer than 72 units


def test_the_heads_lines_are_even_with_no_word_left_alone() -> None:
    # Trial 40 D4: the first line wrapped at the print titles' width (63 columns) left 「まで」
    # on a printed line of its own. Balanced: the same three lines, none a stub, joined the
    # same text, each within the width.
    from routekpi.render_daily import HEAD_WIDTH, balanced_pieces
    from routekpi.wrapping import pieces

    line = (
        "11/2(月)から10営業日分の訪問計画。入力された基準日(AsOf) 10/31(土) の当日から"
        "(休日なら翌営業日から)。実績は10/30(金)まで"
    )
    assert pieces(line, HEAD_WIDTH)[-1] == "まで"  # what the trial printed
    got = balanced_pieces(line, HEAD_WIDTH)
    assert got == [
        "11/2(月)から10営業日分の訪問計画。",
        "入力された基準日(AsOf) 10/31(土) ",
        "の当日から(休日なら翌営業日から)。実績は10/30(金)まで",
    ]
    assert "".join(got) == line
    assert all(len(pieces(p, HEAD_WIDTH)) == 1 for p in got)
    # A line that fits stays whole.
    assert balanced_pieces("影響額", HEAD_WIDTH) == ["影響額"]


def test_a_days_line_breaks_after_its_bar_not_inside_the_revenue() -> None:
    # Trial 40 D4: 「…受注 8.8・売上 」 at the end of one printed line and 「¥737,811|41.2 km」
    # on the next. Broken after its 「|」: the pace whole on line one, the distance on two.
    from routekpi.render_daily import _REASON_WIDTH, bar_pieces
    from routekpi.wrapping import pieces

    line = "訪問 15件/上限 15件|必要ペース/日: 訪問 12.3・受注 8.8・売上 ¥737,811|41.2 km"
    assert pieces(line, _REASON_WIDTH)[1] == "¥737,811|41.2 km"  # what the trial printed
    assert bar_pieces(line, _REASON_WIDTH) == [
        "訪問 15件/上限 15件|必要ペース/日: 訪問 12.3・受注 8.8・売上 ¥737,811|",
        "41.2 km",
    ]
    # A line that fits stays whole; one whose parts would take more lines keeps pieces'.
    assert bar_pieces("訪問 5件/上限 8件|12.5 km", _REASON_WIDTH) == ["訪問 5件/上限 8件|12.5 km"]
    # (40 + 1 + 40 + 1 + 40 units: two lines by pieces, three at the bars.)
    long = "東" * 20 + "|" + "西" * 20 + "|" + "南" * 20
    assert len(pieces(long, _REASON_WIDTH)) == 2
    assert bar_pieces(long, _REASON_WIDTH) == pieces(long, _REASON_WIDTH)
