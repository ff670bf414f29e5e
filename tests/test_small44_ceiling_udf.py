"""``=KPI_CEILING`` of churn agrees with the Targets sheet (small44, item 2).

Since dash42 the Targets sheet leaves churn's 根拠上限 blank and says the evidence floor in
the basis (「低いほど良いKPIのため根拠上限はありません。根拠の下限(最良)は 7.3%」), while
``=KPI_CEILING("churn_rate")`` on the same sample book still gave 0.0725974…: a number where
the sheet shows none. The function now answers with the sheet's sentence; a higher-is-better
KPI keeps its number.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from routekpi import schema
from routekpi.cli import main
from routekpi.messages import text


def _targets(path: Path) -> dict[tuple[str, str, str], tuple[object, str]]:
    """(kpi key, rep, period) → (根拠上限, basis), read back from the Targets sheet."""
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    keys = [c.key for c in schema.OUTPUT_COLUMNS[schema.TARGETS.name]]
    tab = schema.TARGETS.ja if schema.TARGETS.ja in wb.sheetnames else schema.TARGETS.name
    at = {k: keys.index(k) for k in ("kpi_key", "rep", "period", "ceiling", "basis")}
    out = {}
    for row in list(wb[tab].iter_rows(values_only=True))[1:]:
        if row[at["kpi_key"]]:
            key = (str(row[at["kpi_key"]]), str(row[at["rep"]]), str(row[at["period"]]))
            out[key] = (row[at["ceiling"]], str(row[at["basis"]] or ""))
    return out


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ceiling") / "base.xlsm"
    path.write_bytes((Path(__file__).parent / "corpus" / "base.xlsm").read_bytes())
    assert main(["recalc", str(path)]) == 0
    return path


def test_churn_ceiling_says_what_the_sheet_says(
    book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    targets = _targets(book)
    fy = next(p for (k, r, p) in targets if k == "churn_rate" and r == "ALL" and "FY" in p)
    ceiling, basis = targets[("churn_rate", "ALL", fy)]
    assert ceiling is None  # the sheet: no ceiling for churn ...
    marker = "根拠の下限(最良)は "
    floor = basis.split(marker, 1)[1]  # ... and the floor in words, e.g. 「7.3%」
    assert floor.endswith("%")
    unit_ceiling, _ = targets[("unit_price", "ALL", fy)]
    capsys.readouterr()
    assert main(["formula", str(book), f'=KPI_CEILING("unit_price","ALL","{fy}")']) == 0
    assert capsys.readouterr().out.strip().endswith(f"→ ¥{round(float(unit_ceiling)):,}")
    formulas = [
        f'=KPI_CEILING("unit_price","ALL","{fy}")',
        f'=KPI_CEILING("churn_rate","ALL","{fy}")',
        f'=KPI_CEILING("cancellations","ALL","{fy}")',
    ]
    assert (
        main(["formula", str(book), "--exact", *formulas]) == 1
    )  # a sentence, as a bad argument's
    printed = [line.split(" → ", 1)[1] for line in capsys.readouterr().out.splitlines()]
    assert float(printed[0]) == pytest.approx(float(unit_ceiling), rel=1e-12)
    assert printed[1] == f"解約率は低いほど良いKPIのため根拠上限はありません。{marker}{floor}"
    assert printed[2] == "解約数は低いほど良いKPIのため根拠上限はありません"  # no bound at all


def test_the_english_sentences() -> None:
    assert text("udf.floor_not_ceiling", "en", kpi="Churn rate", floor="7.3%") == (
        "Churn rate: lower is better, so no evidence ceiling; the evidence floor (the best) is 7.3%"
    )
    assert text("udf.no_ceiling", "en", kpi="Cancellations") == (
        "Cancellations: lower is better, so no evidence ceiling"
    )
