"""Trial 47 L3/L4: a KPI_* function's rep and period as a manager types them.

L4: ``"2026-12-01"`` typed as text is its month, as a date cell is (read back through
``routekpi formula`` on a recalculated book). L3: a branch (営業所) typed as the rep says it is a
branch, names its reps and where its total is, instead of 「担当者「浜松」は不明です」.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from routekpi.cli import main
from routekpi.excel.udf_args import UdfError, parse_period, parse_rep, rep_lookup
from routekpi.messages import text


@pytest.mark.parametrize(
    ("typed", "month"),
    [
        ("2026-12-01", "2026-12"),
        ("2026/12/1", "2026-12"),
        ("２０２７年１月３１日", "2027-01"),
        ("2027.2.28", "2027-02"),
    ],
)
def test_a_day_typed_as_text_is_its_month(typed: str, month: str) -> None:
    assert parse_period(typed, 2026) == month


@pytest.mark.parametrize("typed", ["2027-02-30", "2026-13-01", "2026-12-01-01"])
def test_a_day_that_is_no_day_is_still_refused(typed: str) -> None:
    with pytest.raises(UdfError) as bad:
        parse_period(typed, 2026)
    assert bad.value.key == "udf.bad_period"


def test_formula_reads_a_text_day_as_the_month(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same number for 2026-05 as for "2026-05-01", from a book recalculated on disk."""
    path = tmp_path / "base.xlsm"
    path.write_bytes((Path(__file__).parent / "corpus" / "base.xlsm").read_bytes())
    assert main(["recalc", str(path)]) == 0
    capsys.readouterr()
    months = [f'=KPI_TARGET("revenue",,"{m}")' for m in ("2026-05", "2026-05-01", "2026/5/31")]
    assert main(["formula", str(path), "--exact", *months]) == 0
    got = [
        line.split(" → ", 1)[1] for line in capsys.readouterr().out.splitlines() if " → " in line
    ]
    assert len(got) == 3 and got[0] == got[1] == got[2] and float(got[0]) > 0


def _model(branches: dict[str, str]) -> SimpleNamespace:
    """The parts of an excel.model_cache.Model that parse_rep reads."""
    reps = ["中島 翔", "鈴木 一郎", "井上 真央", "石川 さくら"]
    settings = SimpleNamespace(branches=branches)
    return SimpleNamespace(
        reps={rep_lookup(r): r for r in reps},
        result=SimpleNamespace(evidence=SimpleNamespace(settings=settings)),
    )


def test_a_branch_typed_as_the_rep_says_it_is_a_branch() -> None:
    model = _model({"鈴木 一郎": "浜松", "中島 翔": "浜松", "石川 さくら": "豊橋"})
    assert parse_rep(model, "鈴木一郎") == "鈴木 一郎"  # type: ignore[arg-type]
    for typed in ("浜松", "浜松 計", "浜松計"):
        with pytest.raises(UdfError) as said:
            parse_rep(model, typed)  # type: ignore[arg-type]
        assert said.value.key == "udf.rep_is_branch"
        assert said.value.message("ja") == (
            f"「{typed}」は営業所です(担当者: 中島 翔、鈴木 一郎)。営業所の計は Plan シートの"
            "「浜松 計」の行にあります。関数では担当者ごとに求めて合計してください"
        )
    with pytest.raises(UdfError) as said:
        parse_rep(model, "豊橋 total")  # type: ignore[arg-type]
    assert said.value.message("en").startswith("'豊橋 total' is a branch (reps: 石川 さくら).")
    # A name that is neither stays unknown.
    with pytest.raises(UdfError) as said:
        parse_rep(model, "静岡")  # type: ignore[arg-type]
    assert said.value.key == "udf.unknown_rep"
    assert text(said.value.key, "ja", **said.value.params) == "担当者「静岡」は不明です"
