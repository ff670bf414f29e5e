"""scripts/trial44/make_books.py: the new hire's sales steps start at his hire (session 39's
note: his first wins' 飛び込み/商談 were dated February and March 2026 for an April hire).
The generator is run as rerun.sh runs it and its SFA export read back."""

from __future__ import annotations

import csv
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HIRE, NEWHIRE = date(2026, 4, 1), "加藤 亮"


def _day(text: str) -> date:
    return datetime.strptime(text.split()[0].replace("-", "/"), "%Y/%m/%d").date()


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))[1:]


@pytest.mark.slow  # the generator writes four years of a 9-rep team (~30 s)
def test_the_new_hires_steps_start_at_his_hire(tmp_path: Path) -> None:
    script = ROOT / "scripts" / "trial44" / "make_books.py"
    subprocess.run([sys.executable, str(script), str(tmp_path)], check=True, capture_output=True)
    visits = _rows(tmp_path / "data" / "full_visits.csv")
    his = [r for r in visits if r[1] == NEWHIRE]
    assert his and min(_day(r[0]) for r in his) >= HIRE
    # Each account he won: its first order after his 成約 (the steps came first).
    won = {r[2]: _day(r[0]) for r in his if r[5] == "成約"}
    first: dict[str, date] = {}
    for r in _rows(tmp_path / "data" / "full_orders.csv"):
        if r[2] in won:
            first[r[2]] = min(first.get(r[2], _day(r[0])), _day(r[0]))
    assert len(won) > 20 and set(first) == set(won)
    assert all(first[c] >= won[c] for c in won)
