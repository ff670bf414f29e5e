"""``routekpi formula``: a worksheet function typed on the command line gives the number the
recalculated sheets hold (Targets, Plan), or the cell's short message, without Excel."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from routekpi import schema
from routekpi.cli import main
from routekpi.formula_job import FormulaError, parse_formula
from tests.workbook_files import edit, set_named


def _targets(path: Path) -> dict[tuple[str, str, str], tuple[float, float]]:
    """(kpi key, rep, period) → (baseline, target), read back from the Targets sheet."""
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    keys = [c.key for c in schema.OUTPUT_COLUMNS[schema.TARGETS.name]]
    tab = schema.TARGETS.ja if schema.TARGETS.ja in wb.sheetnames else schema.TARGETS.name
    at = {k: keys.index(k) for k in ("kpi_key", "rep", "period", "baseline", "target")}
    out = {}
    for row in list(wb[tab].iter_rows(values_only=True))[1:]:
        if row[at["kpi_key"]]:
            key = (str(row[at["kpi_key"]]), str(row[at["rep"]]), str(row[at["period"]]))
            out[key] = (row[at["baseline"]], row[at["target"]])
    return out


def _printed(out: str) -> list[str]:
    return [line.split(" → ", 1)[1] for line in out.splitlines() if " → " in line]


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("formula") / "base.xlsm"
    path.write_bytes((Path(__file__).parent / "corpus" / "base.xlsm").read_bytes())
    assert main(["recalc", str(path)]) == 0
    return path


def test_the_values_are_the_targets_sheets_numbers(
    book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    targets = _targets(book)
    fy = next(p for (_, rep, p) in targets if rep == "ALL" and p.startswith("FY"))
    month = next(p for (k, _, p) in targets if k == "unit_price" and not p.startswith("FY"))
    rep = next(r for (k, r, _) in targets if r != "ALL")
    asked = [
        ("revenue", "ALL", fy, 1),
        ("unit_price", rep, month, 1),
        ("active_accounts", rep, fy, 0),
    ]
    formulas = [f'=KPI_{"TARGET" if t else "BASELINE"}("{k}","{r}","{p}")' for k, r, p, t in asked]
    # The same call spelled as a manager may type it: lower case, a blank rep, the KGI name.
    formulas.append(f'=kpi_target("unit_price",,"{fy}",KGI)')
    assert main(["formula", str(book), "--exact", *formulas]) == 0
    printed = [float(v) for v in _printed(capsys.readouterr().out)]
    expected = [targets[(k, r, p)][t] for k, r, p, t in asked]
    expected.append(targets[("unit_price", "ALL", fy)][1])
    assert printed == pytest.approx(expected, rel=1e-12)


def test_numbers_print_as_the_sheets_show_them(
    book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Session 39's note: 92007.9916397545 printed for a cell showing ¥92,008. Without
    ``--exact`` a number prints in its KPI's sheet format: yen whole with ¥ and commas, a
    rate to 0.1%, a count whole, a ratio to two decimals (Targets' rk_* formats)."""
    capsys.readouterr()
    targets = _targets(book)
    fy = next(p for (_, rep, p) in targets if rep == "ALL" and p.startswith("FY"))
    month = next(p for (k, _, p) in targets if k == "unit_price" and not p.startswith("FY"))
    asked = [
        ("unit_price", month, lambda v: f"¥{round(v):,}"),
        ("active_accounts", fy, lambda v: f"{round(v):,}"),
        ("orders_per_account", fy, lambda v: f"{v:.2f}"),
        ("retention_rate", fy, lambda v: f"{v * 100:.1f}%"),
    ]
    formulas = [f'=KPI_TARGET("{k}","ALL","{p}")' for k, p, _ in asked]
    assert main(["formula", str(book), *formulas]) == 0
    printed = _printed(capsys.readouterr().out)
    expected = [show(float(targets[(k, "ALL", p)][1])) for k, p, show in asked]
    assert printed == expected
    assert printed[0].startswith("¥") and "." not in printed[0]


def test_a_rep_is_found_however_spaced_cased_or_wide(
    book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Trial 32 L3: =KPI_TARGET(…, "山本拓也", …) answered 「担当者「山本拓也」は不明です」 for the
    rep 山本 拓也 that ``routekpi daily --rep 山本拓也`` finds. A name matches as the input
    sheets and the daily list match it: NFKC (full-width letters and spaces), any case, every
    space removed."""
    capsys.readouterr()
    targets = _targets(book)
    fy = next(p for (_, rep, p) in targets if rep == "ALL" and p.startswith("FY"))
    rep = next(r for (k, r, _) in targets if r != "ALL" and len(r) > 3)
    spelled = [rep, f"{rep[:2]} {rep[2:]}", rep.upper(), f"\u3000{rep[:2]}\u3000{rep[2:]}"]
    spelled.append("".join(chr(ord(c) + 0xFEE0) for c in rep))  # full-width letters
    formulas = [f'=KPI_TARGET("revenue","{name}","{fy}")' for name in spelled]
    formulas.append(f'=KPI_TARGET("revenue","{rep}x","{fy}")')
    assert main(["formula", str(book), "--exact", *formulas]) == 1  # the last: the cell's message
    printed = _printed(capsys.readouterr().out)
    want = targets[("revenue", rep, fy)][1]
    assert [float(v) for v in printed[:-1]] == pytest.approx([want] * len(spelled), rel=1e-12)
    assert printed[-1] in (f"担当者「{rep}x」は不明です", f"unknown rep '{rep}x'")


def test_a_bigger_kgi_is_decomposed_again(book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A KGI typed as a number: the year's revenue target is that KGI (the targets multiply
    back), and no higher-is-better lever falls."""
    capsys.readouterr()
    targets = _targets(book)
    fy = next(p for (_, rep, p) in targets if rep == "ALL" and p.startswith("FY"))
    kgi = round(targets[("revenue", "ALL", fy)][1] * 1.05)
    asked = ["revenue", "active_accounts", "unit_price"]
    formulas = [f'=KPI_TARGET("{k}",,"{fy}",{kgi})' for k in asked]
    assert main(["formula", str(book), "--exact", *formulas]) == 0
    printed = [float(v) for v in _printed(capsys.readouterr().out)]
    assert printed[0] == pytest.approx(kgi, rel=1e-9)
    before = [targets[(k, "ALL", fy)][1] for k in asked]
    assert all(v >= b * (1 - 1e-12) for v, b in zip(printed, before, strict=True))


def test_a_bad_argument_prints_the_cells_message_and_exits_1(
    book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["formula", str(book), '=KPI_TARGET("foo")', '=KPI_TARGET("revenue")']) == 1
    out = _printed(capsys.readouterr().out)
    assert out[0] == "KPI「foo」は不明です"
    assert out[1].startswith("¥") and float(out[1][1:].replace(",", "")) > 0


@pytest.mark.parametrize(
    ("formula", "key"),
    [
        ("SUM(1,2)", "formula.unknown_function"),
        ("=KPI_TARGET(A1)", "formula.bad_argument"),
        ('=KPI_TARGET("revenue)', "formula.open_quote"),
        ("KPI_TARGET", "formula.not_a_call"),
    ],
)
def test_what_needs_excel_is_refused_by_name(formula: str, key: str) -> None:
    with pytest.raises(FormulaError) as exc:
        parse_formula(formula)
    assert exc.value.key == key


def test_quotes_blanks_and_numbers_are_read_as_excel_passes_them() -> None:
    name, args = parse_formula('= kpi_target( "a ""b"", c" , , 12.5e1, KGI )')
    assert name == "KPI_TARGET"
    assert args == ['a "b", c', None, 125.0, None]


def test_a_refused_formula_is_one_line_on_stderr(
    book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["formula", str(book), "=KPI_TARGET(B4)"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "B4" in err and "Traceback" not in err


def test_a_kgi_past_the_largest_reachable_says_the_targets_stop_at_the_ceilings(
    book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Trial 49 L2: 「13億なら？」 typed as the 4th argument printed the capped team revenue with
    no word. The note names the KGI, the largest reachable KGI and the shortfall (their
    difference), once for the formulas of one KGI; a KGI within reach prints no note."""
    capsys.readouterr()
    assert main(["formula", str(book), "--exact", "=KGI_MAX_REACHABLE()"]) == 0
    most = float(_printed(capsys.readouterr().out)[0])
    kgi = round(most * 1.5)
    past = f'=KPI_TARGET("revenue",,,{kgi})'
    rate = f'=KPI_TARGET("unit_price",,,{kgi})'
    within = f'=KPI_TARGET("revenue",,,{round(most * 0.9)})'
    assert main(["formula", str(book), "--exact", past, rate, within]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert float(lines[0].split(" → ")[1]) == pytest.approx(most, abs=1)  # the cap, whole yen
    notes = [line for line in lines if " → " not in line]
    assert len(notes) == 1 and lines[1] == notes[0]  # right under the first capped formula
    assert "不足額" in notes[0]  # the corpus book is a ja book
    assert f"¥{kgi:,}" in notes[0]
    assert f"¥{most:,.0f}" in notes[0]
    assert f"¥{kgi - most:,.0f}" in notes[0]
    assert float(lines[-1].split(" → ")[1]) == pytest.approx(round(most * 0.9), abs=1)


def test_a_what_if_kgi_past_reach_says_the_plans_shortfall_is_the_cells(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """review49: 「13億なら？」 as the 4th argument, the KGI cell within reach: the Plan shows no
    shortfall for it, so the note says the difference is out of reach and names the cell's
    KGI (before: 「残り … は計画シートの不足額」, a number on no sheet). The KGI cell itself past
    reach (typed in Settings, no argument): the Plan's shortfall, as before."""
    capsys.readouterr()
    assert (
        main(["formula", str(book), "--exact", "=KGI_MAX_REACHABLE()", '=KPI_TARGET("revenue")'])
        == 0
    )
    most, cell = (float(v) for v in _printed(capsys.readouterr().out))
    assert cell < most  # the corpus book's KGI is within reach
    kgi = round(most * 1.5)
    assert main(["formula", str(book), f'=KPI_TARGET("revenue",,,{kgi})']) == 0
    (note,) = [line for line in capsys.readouterr().out.splitlines() if " → " not in line]
    assert f"¥{kgi - most:,.0f} は届かない分です" in note
    assert f"KGI セルの ¥{cell:,.0f} に対するもの" in note
    past = tmp_path / "past.xlsm"
    past.write_bytes(book.read_bytes())
    with edit(past) as wb:
        set_named(wb, KGI=kgi)
    assert main(["formula", str(past), '=KPI_TARGET("revenue")']) == 0
    (note,) = [line for line in capsys.readouterr().out.splitlines() if " → " not in line]
    assert f"¥{kgi - most:,.0f} は計画シートの不足額" in note and "KGI セル" not in note
