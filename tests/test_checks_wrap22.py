"""Trial 22 (finding 13): the Checks sheet's シート column printed 「受注明細_2023-‹」, a source
file's name cut at the column's edge. A long name goes on in the rows below, broken after its
separators; a sheet's own name stays on one line."""

from __future__ import annotations

from routekpi.contract import Check
from routekpi.render import check_rows
from routekpi.wrapping import NAME_BREAKS, pieces


def test_a_file_name_is_wrapped_after_its_separators() -> None:
    assert pieces("受注明細_2023-2026.csv", 18, NAME_BREAKS) == ["受注明細_2023-", "2026.csv"]
    assert pieces("種別の読み替え", 18, NAME_BREAKS) == ["種別の読み替え"]
    assert pieces("Settings", 18, NAME_BREAKS) == ["Settings"]


def test_the_checks_sheet_prints_the_whole_file_name() -> None:
    check = Check("受注明細_2023-2026.csv", None, "", None, "rows_skipped", {"count": 1}, "info")
    rows = check_rows([check], "ja")
    sheet = [r[0].value if hasattr(r[0], "value") else r[0] for r in rows]
    assert sheet == ["受注明細_2023-", "2026.csv"]
    assert "".join(s for s in sheet if s) == "受注明細_2023-2026.csv"
