"""An English book's "N rows not used" line says one row in the singular (fix44, rev44 item 3).

It read "1 row were not used": text() makes "1 rows" singular but not the verb, so the line
now has no verb to agree.
"""

from __future__ import annotations

from routekpi.messages import text


def test_one_skipped_row_reads_in_the_singular() -> None:
    assert text("rows_skipped", "en", count=1) == "1 row not used"
    assert text("rows_skipped", "en", count=2) == "2 rows not used"
    assert text("rows_skipped", "en", count=11) == "11 rows not used"
    assert text("rows_skipped", "ja", count=1) == "1行を使用しませんでした"
