"""A rep building her first book: her copy's cover names what her new accounts add beyond
her share of the KGI (Plan.lift), so the factors on it multiply to her share and the share
plus the lift is her target (trial 46 M6: 「合わせて ×1.100」 and a common 1.015 beside
+29.5%; the ¥7,981,892 from his new accounts on no line of his cover).

The book of tests/test_building_book_flows.py (N: 5 accounts handed, three won in 2025, 24
meetings a year at the team's 1/12), written, recalculated, shared and read back.
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

from routekpi.core.history import History
from routekpi.messages import fmt_uplift
from routekpi.recalc import recalculate
from routekpi.share.job import share
from tests.test_building_book_flows import AS_OF, _history
from tests.workbook_files import frames_book

NAMES = {"A": "青木", "B": "坂井", "N": "野村"}


def _named() -> History:
    """The book with names a copy's leak guard can tell apart (one letter is in any file)."""
    h = _history()
    code = {a: f"c{i:03d}" for i, a in enumerate(h.accounts["account"])}
    accounts = h.accounts.assign(
        account=h.accounts["account"].map(code),
        name=[f"{a}商店" for a in h.accounts["account"]],
        rep=h.accounts["rep"].map(NAMES),
    )
    orders = h.orders.assign(account=h.orders["account"].map(code), rep=h.orders["rep"].map(NAMES))
    visits = h.visits.assign(account=h.visits["account"].map(code), rep=h.visits["rep"].map(NAMES))
    return History(orders=orders, visits=visits, accounts=accounts)


def _cells(path: Path, sheet: str) -> str:
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return "".join(str(v) for r in wb[sheet].iter_rows(values_only=True) for v in r if v)
    finally:
        wb.close()


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("cover_lift")
    settings = {"KGI": 270_000, "PlanYear": 2026, "FiscalStartMonth": 1, "AsOf": AS_OF}
    path = frames_book(folder / "book.xlsm", _named(), settings)
    recalculate(path)
    out = folder / "share"
    share(path, out, per_rep=True)
    return path, out


def _fy(path: Path, rep: str, kpi: str) -> tuple[float, float]:
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        for r in wb["Targets"].iter_rows(values_only=True):
            if r[:3] == ("FY2026", rep, kpi):
                return float(r[4]), float(r[5])
    finally:
        wb.close()
    raise AssertionError(f"no FY2026 {rep} {kpi} row")


def test_the_building_reps_cover_names_the_lift(shared: tuple[Path, Path]) -> None:
    path, out = shared
    base, target = _fy(path, "野村", "revenue")
    cover = _cells(out / "book_野村.xlsx", "表紙").replace(" ", "")
    found = re.search(
        r"KGIの配分¥([\d,]+)\(前年比([+-][\d.]+%)\)に、新規獲得で増える顧客の売上¥([\d,]+)", cover
    )
    assert found is not None, cover
    part, part_change, lift = found.groups()
    part_yen, lift_yen = float(part.replace(",", "")), float(lift.replace(",", ""))
    # The two parts are her target (each rounded to the yen) …
    assert part_yen + lift_yen == pytest.approx(target, abs=1.0)
    assert lift_yen > 0
    assert part_change == fmt_uplift(part_yen / base)
    assert f"加えた額です(前年比{fmt_uplift(target / base)})" in cover
    # … and the factors on the line above multiply to the share, not to the target.
    common = float(re.search(r"全員共通の倍率([\d.]+)", cover).group(1))  # type: ignore[union-attr]
    own = float(re.findall(r"合わせて×([\d.]+)", cover)[-1])
    assert common * own == pytest.approx(part_yen / base, abs=0.002)
    assert common * own != pytest.approx(target / base, abs=0.002)


def test_a_rep_without_a_lift_has_no_such_line(shared: tuple[Path, Path]) -> None:
    cover = _cells(shared[1] / "book_青木.xlsx", "表紙")
    assert "新規獲得で増える顧客の売上" not in cover
