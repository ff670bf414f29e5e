"""The copies' visit plans (fix49b).

- A rep's copy says how many of his accounts the plan leaves off as probably closed, past
  their one check week (lapse48: core.daily._closed_off), and that the Flags sheet names
  them: his copy said nothing, the master's Flags row alone named them.
- The team copy's Daily prints each rep's days on paper of their own, as the master's does
  (trial 38 M3): it had no page break at all.

The sample book (seed 11, 4,000 order lines, AsOf 10/31; tests.test_probably_closed): Ito's
probably_closed row names C0038 and C0039, neither on the Daily — his copy says 2.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pytest

from routekpi.io.samplebook import write_sample_workbook
from routekpi.recalc import recalculate
from routekpi.share.copies import ShareSource, build_copy, closed_left_off, load_source


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> ShareSource:
    path = tmp_path_factory.mktemp("copies") / "book.xlsm"
    write_sample_workbook(path, "ja", seed=11, orders_rows=4_000)
    recalculate(path)
    return load_source(path)


def _written(source: ShareSource, rep: str | None, tmp: Path) -> Path:
    data, _ = build_copy(source, rep)
    out = tmp / f"copy_{rep or 'team'}.xlsx"
    out.write_bytes(data)
    return out


def _daily_head(path: Path) -> str:
    """The rep copy's visit plan: its lines above the first dated row, joined."""
    ws = openpyxl.load_workbook(path, read_only=True)["訪問計画"]
    head: list[str] = []
    for row in ws.iter_rows(min_row=2, max_col=2, values_only=True):
        if row[1] is not None:
            break
        head.append(str(row[0] or ""))
    return "".join(head)


def test_the_reps_copy_says_how_many_probably_closed_are_left_off(
    source: ShareSource, tmp_path: Path
) -> None:
    copy = _written(source, "Ito", tmp_path)
    head = _daily_head(copy)
    # fix49k: one line for both kinds (probably closed, gone quiet).
    assert "途絶えた顧客 合わせて 2件は、確認の週(7日)を過ぎたため" in head
    assert "顧客名は「課題」シートにあります" in head
    wb = openpyxl.load_workbook(copy, read_only=True)
    plan = [r for r in wb["訪問計画"].iter_rows(values_only=True)]
    assert not [r for r in plan if r[3] in ("C0038", "C0039")]  # left off, as it says
    flags = [str(r) for r in wb["課題"].iter_rows(values_only=True)]
    (row,) = [f for f in flags if "閉店・取引終了の可能性が高い顧客 2件" in f]
    assert "(C0038)" in row and "(C0039)" in row  # where the line sends him


def test_a_rep_without_such_accounts_has_no_line(source: ShareSource, tmp_path: Path) -> None:
    flags = source.result.flags
    named = set(flags.loc[flags["code"] == "probably_closed", "rep"])
    others = [r for r in source.reps if r not in named]
    assert others  # the sample has reps none of whose accounts is probably closed
    assert closed_left_off(source, others[0]) == 0
    assert "閉店" not in _daily_head(_written(source, others[0], tmp_path))


def test_the_count_is_the_daily_plans() -> None:
    """The count is what the list decided (``DailyPlan.closed_of``, fix49k): 上野's 2, not
    中川's; a rep the list left none off for: 0."""
    daily = SimpleNamespace(closed_of={"上野": 2, "中川": 1})
    fake = SimpleNamespace(result=SimpleNamespace(daily=daily))
    assert closed_left_off(fake, "上野") == 2  # type: ignore[arg-type]
    assert closed_left_off(fake, "中川") == 1  # type: ignore[arg-type]
    assert closed_left_off(fake, "佐藤") == 0  # type: ignore[arg-type]


def test_the_team_copys_daily_breaks_before_each_rep(source: ShareSource, tmp_path: Path) -> None:
    copy = _written(source, None, tmp_path)
    ws = openpyxl.load_workbook(copy, read_only=True)["訪問計画"]
    reps = [r[0] for r in ws.iter_rows(values_only=True, max_col=2)]
    dated = [r[1] for r in ws.iter_rows(values_only=True, max_col=2)]
    # The Excel row above each rep's first dated row after the first rep's.
    firsts: list[int] = []
    seen: list[object] = []
    for at, (rep, day) in enumerate(zip(reps, dated, strict=True), start=1):
        if isinstance(day, datetime) and rep not in seen:
            seen.append(rep)
            firsts.append(at)
    assert len(seen) >= 2
    with zipfile.ZipFile(copy) as zf:
        parts = [zf.read(n) for n in zf.namelist() if n.startswith("xl/worksheets/sheet")]
    (xml,) = [p for p in parts if b"<rowBreaks" in p]
    got = [int(b) for b in re.findall(rb'<brk id="(\d+)"', xml)]
    assert got == [at - 1 for at in firsts[1:]]
    # A rep's copy has one rep: no break.
    with zipfile.ZipFile(io.BytesIO(build_copy(source, "Ito")[0])) as zf:
        assert not any(b"<rowBreaks" in zf.read(n) for n in zf.namelist() if "worksheets" in n)
