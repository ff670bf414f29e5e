"""Session 34's flag findings, hand-computed, on the core functions and on a written and
read-back workbook.

- Trial 33 M5: at-risk accounts whose rep has left and that nobody took over are flagged to
  the manager (rep ALL), not to the rep who left; the Checks line on those accounts names each
  one's last order and, for those past the lapse rule's day, asks for their end date (解約日).
- Trial 34 L1: an at-risk account with no visit on record (a book of orders only) says its
  last order and usual days between orders (前回注文), not 「前回訪問 —、通常 —日ごと」.
- Trial 33 L7: churn_spike only for a month chance is unlikely to give (Poisson tail at the
  rep's usual rate, or the team's when that is higher, ``SPIKE_SIGNIFICANCE`` 1 in 100).
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from routekpi.core.baselines import build_evidence
from routekpi.core.engine import run
from routekpi.core.flags import (
    SPIKE_SIGNIFICANCE,
    _churn_spike_flags,
    orphan_orders,
    spike_chance,
)
from routekpi.core.history import History, PlanSettings
from routekpi.core.measure import TEAM
from routekpi.recalc import recalculate
from routekpi.render import flag_message
from tests.test_banner_stretch import _rows
from tests.test_flags import AS_OF, MONTHS, flags_of, flat, synth
from tests.workbook_files import pasted_book

# --- churn_spike: the Poisson tail -------------------------------------------------------------


def test_spike_chance_is_the_poisson_tail() -> None:
    """P(X ≥ k), X ~ Poisson(μ): μ 0.6, k 3: 1 − e^−0.6 (1 + 0.6 + 0.18) = 1 − 0.548812 ×
    1.78 = 0.023114; μ 0.02, k 2: 1 − e^−0.02 × 1.02 = 0.000197; k 0: certain."""
    assert spike_chance(0.6, 3) == pytest.approx(1 - math.exp(-0.6) * 1.78, rel=1e-12)
    assert spike_chance(0.6, 3) == pytest.approx(0.023115, abs=1e-6)
    assert spike_chance(0.02, 2) == pytest.approx(0.000197, abs=1e-6)
    assert spike_chance(0.6, 0) == 1.0
    assert SPIKE_SIGNIFICANCE == 0.01
    # Review 34: λ^j ÷ j! overflowed from j ≈ 171 (a rep losing 300 accounts in a month: the
    # recalculation crashed) and e^−λ underflowed from λ ≈ 745 (chance 1.0, never a flag).
    assert spike_chance(3.0, 300) == 0.0
    assert spike_chance(800.0, 900) == pytest.approx(0.000276, abs=2e-6)
    assert spike_chance(800.0, 800) == pytest.approx(0.5, abs=0.02)  # about its mean


def test_a_territory_closing_in_one_month_is_flagged_not_a_crash() -> None:
    """Rep A loses 200 of his 220 accounts in 2025-05 (a closed territory): one flag."""
    history = synth({"A": flat(), "B": flat(), "C": flat()}, accounts=220, cancel={"A": {25: 200}})
    flags = flags_of(history, "churn_spike")
    assert flags["rep"].tolist() == ["A"]


def _churn_history(lost_in_may: int) -> History:
    """test_flags' regular history with 44 accounts each: B loses one a month from 2023-04 to
    2025-03 (24 months), A none until 2025-05 (month 25), when it loses ``lost_in_may``."""
    return synth(
        {"A": flat(), "B": flat()},
        accounts=44,
        cancel={"A": {25: lost_in_may}, "B": dict.fromkeys(range(24), 1)},
    )


@pytest.mark.parametrize(("lost", "flagged"), [(3, False), (5, True)])
def test_a_month_ordinary_at_the_teams_rate_is_no_spike(lost: int, flagged: bool) -> None:
    """Trial 33 L7: 伊藤 lost 3 of 44 in a month, which chance gives often enough at the
    team's rate. Here the last three months (2025-04 … 06) are tested against the 24 before.

    The usual months: A 0 cancellations on 44 × 24 = 1,056 account-months; B 24 on
    44 + 43 + … + 21 = 780; the team 24 / 1,836 = 1.307% a month (A's own 0 is lower: the
    team's is used). A holds 44 at 2025-05's start: 44 × 24 / 1,836 = 0.5752 expected.
    3 lost: P(X ≥ 3) = 1 − 0.56261 × (1 + 0.57516 + 0.16541) = 2.073% > 1%: no flag (above the
    old rule's 90th percentile of the rep-months: 3/44 = 6.8% > B's 1/21 = 4.8% at most).
    5 lost: P(X ≥ 5) = 0.033%: a flag, and it says the count, the book, the rate, the
    expected count and the chance."""
    history = _churn_history(lost)
    flags = run(history, PlanSettings(kgi=1.0, plan_year=2025, as_of=AS_OF)).flags
    spikes = flags[flags["code"] == "churn_spike"]
    mu = 44 * 24 / 1836
    tail = 1 - sum(math.exp(-mu) * mu**j / math.factorial(j) for j in range(lost))
    assert tail == pytest.approx(0.020733 if lost == 3 else 0.000326, abs=1e-6)
    if not flagged:
        assert spikes.empty
        return
    (row,) = spikes.itertuples(index=False)
    assert (row.rep, row.period, row.severity) == ("A", "2025-05", "warn")
    p = row.params
    assert p["cancellations"] == lost and p["book"] == 44
    assert p["rate"] == pytest.approx(24 / 1836) and p["whose"] == "team"
    assert p["expected"] == pytest.approx(mu) and p["chance"] == pytest.approx(tail)
    message = flag_message(row._asdict(), "ja")[0]
    assert message == (
        "解約率が急上昇しました(月初 44件中 解約 5件 = 11.4%。いつもの解約率 月1.3%"
        "(チームの過去の月平均。本人の率はこれ以下)なら 0.6件で、偶然で5件以上になる確率は 0.03%)"
    )


def test_a_churn_spike_from_derived_accounts_counts_the_customers_who_come_back() -> None:
    """With accounts derived from orders, a recent month's losses still include customers who
    will order again (a share r), whom the older months no longer count: the expected count is
    raised by 1 ÷ (1 − r).

    test_flags' 20-account history: A loses 1 in 2023-12 and 2024-06, 3 in 2025-05; B 1 in
    2023-10, 2024-04, 2024-10. The usual months (2023-04 … 2025-03): A 2 on 9 × 20 + 6 × 19 +
    9 × 18 = 456 account-months (0.439%), B 3 on 7 × 20 + 6 × 19 + 6 × 18 + 5 × 17 = 447; the
    team 5 / 903 = 0.554% (higher: used). A holds 18 at 2025-05's start: 18 × 5 / 903 = 0.0997.
    P(X ≥ 3) = 0.0153% → a flag. r = ½: 0.1993 expected, 0.11% → still one, saying r;
    r = 0.9: 0.997 expected, 8.0% → none."""
    history = synth(
        {"A": flat(), "B": flat()},
        cancel={"A": {25: 3, 8: 1, 14: 1}, "B": {6: 1, 12: 1, 18: 1}},
    )
    ev = build_evidence(history, PlanSettings(kgi=1.0, plan_year=2025, as_of=AS_OF))
    months = [m for m in MONTHS if m.end_time.date() <= AS_OF]
    (plain,) = _churn_spike_flags(ev, months)
    p = plain["params"]
    assert p["rate"] == pytest.approx(5 / 903) and p["book"] == 18
    assert p["expected"] == pytest.approx(18 * 5 / 903)
    assert p["chance"] == pytest.approx(spike_chance(18 * 5 / 903, 3))
    assert p["chance"] == pytest.approx(0.000153, abs=1e-6)
    assert "returning" not in p
    (kept,) = _churn_spike_flags(replace(ev, return_share=0.5), months)
    assert kept["params"]["expected"] == pytest.approx(2 * 18 * 5 / 903)
    assert kept["params"]["chance"] == pytest.approx(0.0011, abs=1e-4)
    assert kept["params"]["returning"] == 0.5
    assert "of lost customers who order again" in flag_message(kept, "en")[0]
    assert _churn_spike_flags(replace(ev, return_share=0.9), months) == []
    assert spike_chance(10 * 18 * 5 / 903, 3) == pytest.approx(0.080, abs=1e-3)


# --- an at-risk account nobody holds ----------------------------------------------------------

LEFT_DAY = pd.Timestamp("2025-03-10")  # C's last order and visit (a Monday)
CUTOFF = date(2025, 6, 10)  # the last order day: a1, b1 and c1 order on the 10th


def _leaver_rows() -> dict[str, list[list[object]]]:
    """A and B work from 2023-04 to 2025-06-30: a1 (A) and b1 (B) order on the 10th of every
    month, visited the same day. C left after 2025-03-10: c1 (his) is A's from 2025-04;
    c4 (his, nobody took it) was visited every Monday and ordered on the 10th of each month;
    c5 (his, nobody took it) ordered and was visited every Monday. The Accounts sheet still
    names C for c1, c4 and c5 (rows 4, 5, 6); c3 (C's) ordered monthly until 2024-01-10 and
    ended 2024-01-31, its end date typed: the sheet keeps its end dates (core.lapse
    ``MASTER_KEEPS_SHARE``: the one customer silent for a year has one), so c5 stays open."""
    orders: list[list[object]] = []
    visits: list[list[object]] = []
    for month in pd.period_range("2023-04", "2025-06", freq="M"):
        day = (month.start_time + pd.Timedelta(days=9)).date()
        for account, rep in (("a1", "A"), ("b1", "B")):
            orders.append([day, account, rep, 100.0])
            visits.append([day, rep, account, "訪問"])
        c1 = "C" if pd.Timestamp(day) <= LEFT_DAY else "A"
        orders.append([day, "c1", c1, 50.0])
        visits.append([day, c1, "c1", "訪問"])
        if pd.Timestamp(day) <= LEFT_DAY:
            orders.append([day, "c4", "C", 80.0])
    for monday in pd.date_range("2023-04-03", LEFT_DAY, freq="7D"):
        day = monday.date()
        visits.append([day, "C", "c4", "訪問"])
        visits.append([day, "C", "c5", "訪問"])
        orders.append([day, "c5", "C", 20.0])
    for month in pd.period_range("2023-04", "2024-01", freq="M"):
        day = (month.start_time + pd.Timedelta(days=9)).date()
        orders.append([day, "c3", "C", 30.0])
        visits.append([day, "C", "c3", "訪問"])
    start = date(2020, 1, 1)
    accounts: list[list[object]] = [
        ["a1", "港商店1号", "A", start, None],
        ["b1", "港商店2号", "B", start, None],
        ["c1", "港商店3号", "C", start, None],
        ["c4", "本町弁当91号", "C", start, None],
        ["c5", "駅前食堂", "C", start, None],
        ["c3", "港商店5号", "C", start, date(2024, 1, 31)],
    ]
    return {"Orders": orders, "Visits": visits, "Accounts": accounts}


def _history(rows: dict[str, list[list[object]]]) -> History:
    o = pd.DataFrame(rows["Orders"], columns=["date", "account", "rep", "amount"])
    o["quantity"] = float("nan")
    v = pd.DataFrame(rows["Visits"], columns=["date", "rep", "account", "kind"])
    v["kind"], v["outcome"] = "visit", None
    a = pd.DataFrame(rows["Accounts"], columns=["account", "name", "rep", "start", "end"])
    for frame, cols in ((o, ["date"]), (v, ["date"]), (a, ["start", "end"])):
        for c in cols:
            frame[c] = pd.to_datetime(frame[c]).astype("datetime64[ns]")
    return History(orders=o, visits=v, accounts=a)


def test_at_risk_accounts_nobody_holds_go_to_the_manager_with_their_last_order() -> None:
    """As of 2025-06-10, 92 days after C's last day (2025-03-10: 21 + 30 + 31 + 10).

    Both accounts are neglected: the last visit 92 days ago, over 5 × 7 = 35 days and 28.
    c5 ordered every 7 days: the lapse rule's day is 6 × 7 = 42 days and twice its longest
    silence (7 days), within 60 – 180: 60. 92 > 60: stopped, its end date asked.
    c4 ordered on the 10th of each month (the median of its gaps 28 … 31 days: 31):
    6 × 31 = 186 → 180. 92 < 180: not stopped, a rep asked. Neither is addressed to C."""
    history = _history(_leaver_rows())
    result = run(history, PlanSettings(kgi=10_000.0, plan_year=2026, as_of=CUTOFF))
    f = result.flags
    at_risk = f[f["code"] == "at_risk_account"].set_index("account")
    assert "C" not in set(f["rep"])
    assert sorted(at_risk.index) == ["c4", "c5"]
    assert set(at_risk["rep"]) == {TEAM}
    c4, c5 = at_risk.at["c4", "params"], at_risk.at["c5", "params"]
    assert (c5["orphan"], c5["stopped"], c5["last_order"], c5["silent"]) == (
        "C",
        True,
        "2025-03-10",
        92,
    )
    assert c5["order_usual"] == 7 and c5["last_visit"] == "2025-03-10" and c5["days"] == 92
    assert (c4["orphan"], c4["stopped"], c4["last_order"]) == ("C", False, "2025-03-10")
    assert c4["order_usual"] == 31
    table = orphan_orders(result.history, CUTOFF)  # the history handed over by the run
    assert table["lapse"].to_dict() == {"c4": 180.0, "c5": 60.0}
    assert table["stopped"].to_dict() == {"c4": False, "c5": True}
    row = f[f["account"] == "c5"].iloc[0].to_dict()
    message, action = flag_message(row, "ja")
    assert message == (
        "駅前食堂: 担当者なし(Cさんの退職・異動後、引き継いだ人がいません)。"
        "92日訪問なし(通常 7日ごと)"
    )
    assert action == (
        "駅前食堂は2025-03-10の注文が最後で、92日注文がありません(注文は通常 7日ごと)。"
        "閉店・解約済みなら顧客シートの解約日を入力してください。取引が続いているなら担当者を決めて"
        "顧客シートに設定してください(それまでこの顧客は誰の目標にも訪問計画にも入りません)"
    )
    c4_action = flag_message(f[f["account"] == "c4"].iloc[0].to_dict(), "ja")[1]
    assert c4_action.startswith("担当者を決めて顧客シートに設定し、")
    assert "(前回訪問 2025-03-10、通常 7日ごと、" in c4_action


def _said(path: Path, sheet: str, column: int) -> list[str]:
    """Each row's text in ``column`` with its continuation rows' (no first cell) joined on."""
    rows = _rows(path, sheet)
    out: list[str] = []
    for r in rows[1:]:
        words = str(r[column] or "")
        if r[0] or not out:
            out.append(words)
        else:
            out[-1] += words
    return out


def test_the_workbook_flags_the_manager_and_the_checks_line_asks_for_end_dates(
    tmp_path: Path,
) -> None:
    """The same history typed into a workbook and recalculated: the Flags sheet addresses c4
    and c5 to ALL, none to C; the Checks line on the accounts nobody holds names each with its
    Accounts row and last order, and says c5 stopped ordering: its end date."""
    rows = _leaver_rows()
    typed = {
        "Orders": [[*r, None] for r in rows["Orders"]],
        "Visits": [[*r, None] for r in rows["Visits"]],
        "Accounts": rows["Accounts"],
    }
    path = pasted_book(
        tmp_path / "leaver.xlsm", typed, kgi=10_000, plan_year=2026, start_month=4, as_of=CUTOFF
    )
    recalculate(path)
    flags = [r for r in _rows(path, "Flags")[1:] if r[1] == "at_risk_account"]
    assert sorted((r[3], r[5]) for r in flags) == [("ALL", "c4"), ("ALL", "c5")]
    checks = _said(path, "Checks", 4)  # the problem column
    (line,) = [c for c in checks if "今の担当者が分からない顧客" in c]
    assert (
        "今の担当者が分からない顧客 2 件(c4 本町弁当91号 (C, 顧客シート 5行, 最終受注 2025-03-10), "
        "c5 駅前食堂 (C, 顧客シート 6行, 最終受注 2025-03-10))" in line
    )
    assert "うち 1 件(c5)は最終受注の後、取引終了とみなす日数" in line
    assert line.endswith(
        "閉店・解約済みなら顧客シートの解約日を入力してください(取引が続いている顧客には担当者を設定してください)"
    )
    sheet_row = _rows(path, "Checks")
    hit = next(r for r in sheet_row if r[4] and "退職・異動とみなした担当者" in str(r[4]))
    assert (hit[0], hit[1], hit[3]) == ("Accounts", 5, "C")


# --- an at-risk account with no visit on record ---------------------------------------------


def test_an_unvisited_at_risk_account_says_its_last_order_and_order_rhythm() -> None:
    """Orders only (trial 34 L1). x ordered every Monday from 2023-04-03 to 2024-11-25, y and
    z every Monday to 2025-06-30. As of 2025-06-30: the year before (2023-07-03 … 2024-06-24)
    52 orders of x, the last year (2024-07-01 … 2024-11-25) 22: −57.7%, beyond chance (22 of
    74 in the later year at even odds), fading. Its last order 2024-11-25, every 7 days: the
    action says 前回注文 2024-11-25、注文は通常 7日ごと, not 「前回訪問 —、通常 —日ごと」."""
    orders = []
    for monday in pd.date_range("2023-04-03", "2025-06-30", freq="7D"):
        for account, rep in (("y", "A"), ("z", "B")):
            orders.append([monday, account, rep, 100.0])
        if monday <= pd.Timestamp("2024-11-25"):
            orders.append([monday, "x", "A", 100.0])
    o = pd.DataFrame(orders, columns=["date", "account", "rep", "amount"])
    o["quantity"] = float("nan")
    a = pd.DataFrame(
        [[k, f"{k}店", r, pd.Timestamp("2020-01-01"), pd.NaT] for k, r in ("xA", "yA", "zB")],
        columns=["account", "name", "rep", "start", "end"],
    )
    a["end"] = a["end"].astype("datetime64[ns]")
    v = pd.DataFrame(columns=["date", "rep", "account", "kind", "outcome"])
    v["date"] = v["date"].astype("datetime64[ns]")
    result = run(
        History(orders=o, visits=v, accounts=a),
        PlanSettings(kgi=10_000.0, plan_year=2026, as_of=date(2025, 6, 30)),
    )
    f = result.flags
    (row,) = f[f["code"] == "at_risk_account"].to_dict("records")
    p = row["params"]
    assert (row["account"], row["rep"], row["severity"]) == ("x", "A", "info")
    assert (p["orders_prior"], p["orders_recent"]) == (52, 22)
    assert p["change"] == pytest.approx(22 / 52 - 1)
    assert (p["by_orders"], p["last_order"], p["order_usual"]) == (True, "2024-11-25", 7.0)
    assert p["last_visit"] is None
    action = flag_message(row, "ja")[1]
    assert action == (
        "2025-07-01までにx店を訪問し、取引状況を確認してください"
        "(前回注文 2024-11-25、注文は通常 7日ごと、直近12か月の受注 前年比 -57.7%)"
    )
    assert "(last order 2024-11-25, usually every 7 days," in flag_message(row, "en")[1]


def test_the_managers_overflow_of_orphans_does_not_promise_a_daily_list() -> None:
    """Review 34: the at-risk rows of accounts nobody holds go to ALL, five listed; the
    "more" row said the rest were prioritised on the Daily sheet — they are on no one's.
    Seven orphans (stake ¥700 … ¥100): five listed, one row for 2 more (¥300), in words
    that ask for a rep or an end date; a rep's own overflow keeps the Daily wording."""
    from routekpi.core.flags import FLAG_COLUMNS, capped_at_risk

    rows = [
        {"severity": "warn", "code": "at_risk_account", "kpi": "active_accounts", "rep": rep,
         "period": "2026-10", "account": f"{rep}{k}",
         "params": {"stake": 100.0 * (7 - k), **({"orphan": "B"} if rep == TEAM else {})}}
        for rep in (TEAM, "A")
        for k in range(7)
    ]  # fmt: skip
    flags = capped_at_risk(pd.DataFrame(rows, columns=list(FLAG_COLUMNS)))
    more = flags[flags["code"] == "at_risk_more"].set_index("rep")
    assert more.loc[TEAM, "params"]["count"] == 2 and more.loc[TEAM, "params"]["stake"] == 300.0
    assert more.loc[TEAM, "params"]["orphans"] and not more.loc["A", "params"]["orphans"]
    _, action = flag_message(more.loc[TEAM].to_dict() | {"rep": TEAM}, "ja")
    assert "訪問計画にありません" in action and "解約日" in action
    _, own = flag_message(more.loc["A"].to_dict() | {"rep": "A"}, "ja")
    assert "訪問計画シートで要注意として優先" in own


def test_an_orphan_whose_last_order_is_older_than_two_years_keeps_that_day() -> None:
    """c7 (C's, nobody took it) ordered once, 2023-04-10, then was only visited: the two
    years' rhythm has no order for it, so its last order of all is filled in — into an
    array that pandas 3 hands out read-only (trial 44 H1: the recalc stopped there)."""
    rows = _leaver_rows()
    rows["Orders"].append([date(2023, 4, 10), "c7", "C", 40.0])
    for monday in pd.date_range("2023-05-01", LEFT_DAY, freq="28D"):
        rows["Visits"].append([monday.date(), "C", "c7", "訪問"])
    rows["Accounts"].append(["c7", "港商店7号", "C", date(2020, 1, 1), None])
    history = _history(rows)
    result = run(history, PlanSettings(kgi=10_000.0, plan_year=2026, as_of=CUTOFF))
    table = orphan_orders(result.history, CUTOFF)
    assert table.at["c7", "last_order"] == "2023-04-10"
    # 2023-04-10 → 2025-06-10: 20 + 31 + 30 + 31 + 31 + 30 + 31 + 30 + 31 (to 2024-01-10)
    # + 366 (to 2025-01-10) + 151 (to 2025-06-10) = 792 days.
    assert table.at["c7", "silent"] == 792
    assert bool(table.at["c7", "stopped"])
