"""外税 lines under a 税込 amount header (session 39's note: kept silently). The line's own
class wins: its amount is already net and is not divided again, and Checks says so.

test_tax_rate_column's slips (beer ¥11,000, soft drinks ¥5,400, a deposit ¥1,000 a slip, 22
months, 税込金額 header). K0015 keeps its rates (酒類 10% …): netted to ¥16,000 a slip,
¥352,000. K0010's three lines are 外税: kept as typed, ¥17,400 × 22 = ¥382,800, 66 lines.
Every line 外税: the amounts are all net, so the header's 税込 line (the labels' 税込 mark,
the 税抜-KGI warning) gives way to one line saying so."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from routekpi.contract import Check
from routekpi.messages import text
from routekpi.pipeline import compute_file
from routekpi.sources import external_history
from routekpi.validation.tables import validate_inputs
from routekpi.validation.tax import (
    TAX_EXCLUDED_ALL,
    TAX_EXCLUDED_KEPT,
    TAX_KGI_PROBLEM,
    TAX_PROBLEM,
    tax_mark,
)
from tests.test_tax_rate_column import (
    CLASSES,
    HEADER,
    TODAY,
    _book,
    _by_account,
    _csv,
    _data,
    _rows,
)

GAITAX = ("外税", "外税", "外税")
MIXED = {**CLASSES, "K0010": GAITAX}


def _tax_lines(checks: Sequence[Check]) -> list[tuple[object, ...]]:
    said = (TAX_EXCLUDED_KEPT, TAX_EXCLUDED_ALL, TAX_PROBLEM)
    return [(c.row, c.column, c.problem, c.params, c.severity) for c in checks if c.problem in said]


def test_gaitax_lines_are_kept_net_and_counted_on_checks(tmp_path: Path) -> None:
    inputs = validate_inputs(_data([HEADER, *_rows(MIXED)]).sheets, today=TODAY)
    assert _by_account(inputs.history.orders) == {"K0010": 382800.0, "K0015": 352000.0}
    [kept] = [c for c in inputs.checks if c.problem == TAX_EXCLUDED_KEPT]
    assert (kept.row, kept.column, kept.severity) == (1, "H 税区分", "info")
    assert kept.params["lines"] == "66" and kept.params["yen"] == "¥382,800"
    said = text(kept.problem, "ja", **kept.params)
    assert "外税・税抜の66行(金額 ¥382,800)は税抜の金額として、1+税率に割らずに" in said
    assert "66 lines (¥382,800)" in text(kept.problem, "en", **kept.params)
    # A file (the SQL reader) reads and says the same.
    ref = _csv(tmp_path / "売上明細.csv", _rows(MIXED))
    got = external_history(_data(None), {"Orders": ref}, today=TODAY).raw_inputs()
    assert _by_account(got.history.orders) == _by_account(inputs.history.orders)
    assert _tax_lines(got.checks) == _tax_lines(inputs.checks)


def test_every_line_gaitax_reads_net_and_takes_the_header_lines_place(tmp_path: Path) -> None:
    every = {a: GAITAX for a in CLASSES}
    inputs = validate_inputs(_data([HEADER, *_rows(every)]).sheets, today=TODAY)
    assert _by_account(inputs.history.orders) == {"K0010": 382800.0, "K0015": 382800.0}
    [(row, column, problem, params, severity)] = _tax_lines(inputs.checks)
    assert (row, column, problem, severity) == (1, "H 税区分", TAX_EXCLUDED_ALL, "info")
    assert params["lines"] == "132" and params["yen"] == "¥765,600"
    assert tax_mark(inputs.checks, "ja") == ""
    # The workbook: the KGI ¥400,000 is −4.2% on the net ¥417,600 baseline, as typed — a
    # plan below last year, not a 税抜 KGI against 税込 amounts.
    computed = compute_file(_book(tmp_path / "book.xlsm", 400_000, every))[0]
    assert computed.result.plan.baseline_revenue == 417_600.0
    problems = {c.problem for c in computed.checks}
    assert TAX_EXCLUDED_ALL in problems
    assert not problems & {TAX_KGI_PROBLEM, TAX_PROBLEM}
