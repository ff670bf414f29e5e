"""Visits judged on the accounts a rep still holds (trial 50: 吉田's visits fell with the
households that left for 都市ガス, and the visits flag coached him to visit more).

A small book written and read back: four reps (A–D), 20 accounts each, every account ordering
¥100 on the 10th and visited on the 12th of every month, 2024-01 … 2026-09; plan year 2026
(January start), KGI = last year's ¥96,000, as of Monday 2026-08-31 (eight months complete).
The targets are last year's months: 20 visits a month per rep, 160 due to date, 1.00 visit
per held account a month.

- **A loses 5 of his 20 accounts** (end 2026-02-28 on Accounts; no order or visit from
  March) and visits the 15 he holds as before: 2 × 20 + 6 × 15 = 130 visits of 160 due
  (81.3%, below PaceWarn 90%: flagged before). The accounts held at each month's end: 20 in
  January, 15 after (125 account-months, 15.6 a month): 130 / 125 = 1.04 visits per held
  account a month (February's visits to the five count, they are gone at its end), 104% of
  the 1.00 due: visiting as often as the target asks. The flag is info, says both paces and
  coaches nothing; the lost accounts have their own flags.
- **B keeps his 20 accounts and visits 30% less** (each month 6 of the 20 skipped in turn):
  8 × 14 = 112 of 160 (70.0%), 0.70 per held account (70.0%): a warning, coached as before.
- C and D as last year: no flag.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from routekpi.pipeline import compute_file
from routekpi.render import flag_message
from tests.workbook_files import monthly_lines, pasted_book

REPS = "ABCD"
ACCOUNTS = {f"{r.lower()}{i:02d}": 100 for r in REPS for i in range(1, 21)}
GONE = {f"a{i:02d}" for i in range(16, 21)}
GONE_END = date(2026, 2, 28)


def _amount(account: str, day: pd.Timestamp) -> float:
    return 0 if account in GONE and day.date() > GONE_END else 100


def _skipped(row: list[object]) -> bool:
    """B's visits in 2026: 6 of his 20 accounts left out each month, in turn (30% less)."""
    day, rep, account = pd.Timestamp(row[0]), row[1], str(row[2])  # type: ignore[arg-type]
    return rep == "B" and day.year == 2026 and (int(account[1:]) + day.month) % 10 in (0, 1, 2)


def _book(path: Path) -> Path:
    orders, visits = monthly_lines(
        "2024-01-01", "2026-09-01", ACCOUNTS, lambda a, _d: a[0].upper(), _amount
    )
    visits = [v for v in visits if not _skipped(v)]
    accounts = [
        [a, a, a[0].upper(), date(2023, 1, 1), GONE_END if a in GONE else None, None, None]
        for a in ACCOUNTS
    ]
    rows = {"Orders": orders, "Visits": visits, "Accounts": accounts}
    kgi = 4 * 20 * 100 * 12
    return pasted_book(path, rows, kgi=kgi, plan_year=2026, start_month=1, as_of=date(2026, 8, 31))


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> object:
    path = _book(tmp_path_factory.mktemp("held") / "book.xlsm")
    (computed, *_), _ = compute_file(path)
    return computed


def _visit_flags(result: object) -> dict[str, dict[str, object]]:
    flags = result.flags  # type: ignore[attr-defined]
    rows = flags[(flags["code"] == "behind_pace") & (flags["kpi"] == "visits")]
    return {str(r["rep"]): r for r in rows.to_dict("records")}


def test_the_book_is_as_the_docstring_says(result: object) -> None:
    """The Attainment's year rows the rule reads, by hand."""
    att = result.attainment  # type: ignore[attr-defined]
    year = att[att["period"] == "FY2026"].set_index(["rep", "kpi"])
    for rep, visits, held, accounts in (("A", 130, 1.04, 125 / 8), ("B", 112, 0.7, 20)):
        assert year.at[(rep, "visits"), "actual"] == visits
        assert year.at[(rep, "visits"), "target_to_date"] == pytest.approx(160)
        assert year.at[(rep, "visits_per_account"), "actual"] == pytest.approx(held)
        assert year.at[(rep, "visits_per_account"), "target_to_date"] == pytest.approx(1.0)
        assert year.at[(rep, "active_accounts"), "actual"] == pytest.approx(accounts)
    # A's visits alone are behind PaceWarn: the visits pace would flag him for them.
    assert year.at[("A", "visits"), "pace"] == pytest.approx(130 / 160)
    assert result.evidence.settings.pace_warn > 130 / 160  # type: ignore[attr-defined]


def test_a_rep_whose_visits_fell_only_with_the_accounts_that_left_is_not_warned(
    result: object,
) -> None:
    flag = _visit_flags(result)["A"]
    assert flag["severity"] == "info"
    p = flag["params"]
    assert p["pace"] == pytest.approx(130 / 160)
    assert p["held_pace"] == pytest.approx(1.04)
    assert (p["held_actual"], p["held_target"]) == pytest.approx((1.04, 1.0))
    assert (p["accounts_actual"], p["accounts_target"]) == pytest.approx((125 / 8, 20))
    assert "lever" not in p and "best_rep" not in p  # nothing to learn from a colleague
    ja, action = flag_message(flag, "ja")
    assert "訪問件数の進捗率 81.2%" in ja
    assert "担当顧客1件あたりの訪問(訪問頻度)は遅れていません" in ja
    assert "(月 1.04 回 / 目標 1.00 回、進捗率 104.0%)" in ja
    assert "稼働顧客数 15.6 / 目標 20.0" in ja
    assert "訪問の回り方の問題ではありません" in action
    en, action_en = flag_message(flag, "en")
    assert "visits per account held are not behind (1.04 a month vs 1.00, pace 104.0%)" in en
    assert "not a matter of how often the rep visits" in action_en
    # His lost accounts are flagged as losses.
    flags = result.flags  # type: ignore[attr-defined]
    lost = flags[(flags["code"] == "lost_account") & (flags["rep"] == "A")]
    assert sorted(lost["account"]) == sorted(GONE)


def test_a_rep_visiting_his_accounts_less_is_still_warned_and_coached(result: object) -> None:
    flags = _visit_flags(result)
    flag = flags["B"]
    assert flag["severity"] == "warn"
    p = flag["params"]
    assert p["pace"] == pytest.approx(0.7)
    assert "held_pace" not in p
    assert p["lever"] == "visits_per_account"
    assert (p["lever_actual"], p["lever_target"]) == pytest.approx((0.7, 1.0))
    ja, action = flag_message(flag, "ja")
    assert "担当顧客1件あたり" not in ja and "訪問頻度" in action
    assert "C" not in flags and "D" not in flags
