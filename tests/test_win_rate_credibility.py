"""A rep's meeting win rate read off a handful of meetings is drawn to the team's
(flows.credible_rates: his record plus k meetings at the team's rate, k at least
``PRIOR_TRIES``), so the meetings and attempts his planned wins need stay near his record.

Trial 46 (a dental dealer): an heir with 0 wins on 24 meetings was planned a 1.3% win rate
and 317 meetings (24 last year), 1,731 appointment attempts (141); a newcomer's 3 wins of 4
meetings stayed 47.9% and made him 11 new accounts (colleagues 2–4). The scatter between the
reps was measured unweighted, so his 75% on 4 meetings made "real differences" that left
every rate near its own.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from routekpi.core.engine import run
from routekpi.core.flows import PRIOR_TRIES, credible_rates
from routekpi.core.history import History, PlanSettings
from routekpi.core.measure import TEAM
from routekpi.render import plan_rows

FIRST = pd.Period("2024-01", "M")
LAST = pd.Period("2025-12", "M")
# Rep → (meetings a month in the months below, the months of 2025 he won a new account in).
# A, B, C: 2 a month, 4 wins in the window year; H: 2 a month and none (the heir); N: one
# meeting in each of four months and three wins among them.
TEAM_SHAPE: dict[str, tuple[dict[int, int], list[int]]] = {
    **{r: ({m: 2 for m in range(1, 13)}, [2, 5, 8, 11]) for r in "ABC"},
    "H": ({m: 2 for m in range(1, 13)}, []),
    "N": ({3: 1, 6: 1, 9: 1, 12: 1}, [3, 6, 9]),
}


def _history() -> History:
    """Five reps, 2024-01 … 2025-12, each holding 10 accounts from the start (an order of
    ¥1,000 and a visit every month) and logging 2 appointment attempts (one won) a month and
    the meetings of ``TEAM_SHAPE`` in both years; the new accounts of 2025 order ¥1,000 a
    month from their month on."""
    orders, visits, accounts = [], [], []
    months = [FIRST + i for i in range((LAST - FIRST).n + 1)]
    for rep, (meets, wins) in TEAM_SHAPE.items():
        held = [(f"{rep}{i}", FIRST) for i in range(10)]
        held += [(f"{rep}W{m}", pd.Period(f"2025-{m:02d}", "M")) for m in wins]
        for acc, since in held:
            accounts.append((acc, acc, rep, since.start_time, pd.NaT))
            for month in months:
                if month >= since:
                    day = month.start_time
                    orders.append((day + pd.Timedelta(days=9), acc, rep, 1000.0, 1))
                    visits.append((day + pd.Timedelta(days=8), rep, acc, "visit", None))
        for month in months:
            day = month.start_time + pd.Timedelta(days=14)
            visits.append((day, rep, None, "attempt", "won"))
            visits.append((day, rep, None, "attempt", None))
            visits.extend([(day, rep, None, "meeting", None)] * meets.get(month.month, 0))
    return History(
        orders=pd.DataFrame(orders, columns=["date", "account", "rep", "amount", "quantity"]),
        visits=pd.DataFrame(visits, columns=["date", "rep", "account", "kind", "outcome"]),
        accounts=pd.DataFrame(accounts, columns=["account", "name", "rep", "start", "end"]),
    )


def test_trial_46_rates_by_hand() -> None:
    """The trial's eleven reps as the flows read them (wins, meetings): team 28 of 243 =
    11.52%. Tries-weighted squared gaps Σ n (own − p)² = 2.613, less chance's 11 × p(1 − p) =
    1.121: τ² = 1.492 ÷ 243 = 0.00614, worth k = p(1 − p) ÷ τ² = 16.6 meetings — under the
    floor of 50. The heir: (0 + 50 p) ÷ (24 + 50) = 7.8% (was 1.3%); the newcomer: (3 + 50 p)
    ÷ (4 + 50) = 16.2% (was 47.9%); a veteran with 5 of 22: (5 + 50 p) ÷ 72 = 14.9%."""
    reps = {
        "佐々木": (3, 26),
        "佐藤": (5, 22),
        "千葉": (2, 24),
        "斎藤": (3, 24),
        "新井": (3, 4),
        "渡辺": (1, 19),
        "菅原": (0, 24),
        "遠藤": (2, 17),
        "鈴木": (5, 25),
        "阿部": (2, 31),
        "高橋": (2, 27),
    }
    num = pd.Series({r: float(w) for r, (w, _) in reps.items()} | {TEAM: 28.0})
    den = pd.Series({r: float(n) for r, (_, n) in reps.items()} | {TEAM: 243.0})
    p = 28 / 243
    gaps = sum(n * (w / n - p) ** 2 for w, n in reps.values())
    assert gaps == pytest.approx(2.613, abs=5e-4)
    assert (gaps - 11 * p * (1 - p)) / 243 == pytest.approx(0.00614, abs=5e-6)
    got = credible_rates(num, den, p)
    assert PRIOR_TRIES == 50
    assert got["菅原"] == pytest.approx(50 * p / 74, abs=1e-12)
    assert got["新井"] == pytest.approx((3 + 50 * p) / 54, abs=1e-12)
    assert got["佐藤"] == pytest.approx((5 + 50 * p) / 72, abs=1e-12)
    assert round(got["菅原"], 3) == 0.078 and round(got["新井"], 3) == 0.162
    assert got[TEAM] == p
    # The first draw's 2 of 2 (100%, "the shrinkage leaves 100% at 100%"): team 27 of 241,
    # still under the floor: (2 + 50 × 27/241) ÷ 52 = 14.6%.
    num["新井"], den["新井"] = 2.0, 2.0
    first = credible_rates(num.drop(TEAM), den.drop(TEAM), 27 / 241)
    assert first["新井"] == pytest.approx((2 + 50 * 27 / 241) / 52, abs=1e-12)
    assert round(first["新井"], 3) == 0.146


def test_real_differences_on_many_meetings_keep_more_of_the_reps_own() -> None:
    """A 90 of 500, B 110 of 500 (team 0.2): gaps 500 × (0.02² + 0.02²) = 0.4 less chance's
    2 × 0.16 = 0.32 over 1,000 tries: τ² = 0.00008, the team's rate worth k = 0.16 ÷ 0.00008
    = 2,000 meetings (above the floor): A (90 + 400) ÷ 2,500 = 0.196. A rep with nothing but
    the team's rate around him keeps the team's."""
    num = pd.Series({"A": 90.0, "B": 110.0})
    den = pd.Series({"A": 500.0, "B": 500.0})
    got = credible_rates(num, den, 0.2)
    assert got["A"] == pytest.approx(490 / 2500, abs=1e-12)
    assert got["B"] == pytest.approx(510 / 2500, abs=1e-12)


def test_heir_and_few_meetings_newcomer_planned_near_the_team() -> None:
    """The book above, FY2026 planned on 2025-12-31. Meetings in 2025: A, B, C 24 with 4
    wins each, H 24 with none, N 4 with 3: team 15 of 100 = 0.15. Gaps: A–C 3 × 24 × (1/6 −
    0.15)² = 0.02, H 24 × 0.15² = 0.54, N 4 × 0.6² = 1.44; less 5 × 0.1275: τ² = 0.013425,
    k = 9.5 → 50 meetings at 0.15 (7.5 wins): H (0 + 7.5) ÷ 74 = 10.1%, N (3 + 7.5) ÷ 54 =
    19.4% (never above its evidence ceiling), A (4 + 7.5) ÷ 74 = 15.5%. Unweighted, as
    before, N's 75% made τ² = 0.066: H kept 1.1% and N 55%.

    H's meetings target is what his planned wins need at 10.1%, never under his 24; the
    Plan's meetings line sums: the wins' part at each rep's rate plus the floor's part is
    the target."""
    settings = PlanSettings(
        kgi=600_000.0, plan_year=2026, fiscal_start_month=1, as_of=date(2025, 12, 31)
    )
    result = run(_history(), settings)
    fy = result.plan.fy
    ceiling = result.evidence.ceiling
    win = fy["meeting_win_rate"]
    assert result.evidence.base.at[TEAM, "meetings"] == pytest.approx(100)
    assert win["H"] == pytest.approx(7.5 / 74, abs=1e-9)
    assert win["A"] == pytest.approx(min(11.5 / 74, ceiling.at["A", "meeting_win_rate"]))
    assert win["N"] == pytest.approx(min(10.5 / 54, ceiling.at["N", "meeting_win_rate"]))
    new_h = float(fy.at["H", "new_accounts"])
    assert fy.at["H", "meetings"] == pytest.approx(max(new_h * 74 / 7.5, 24.0))
    # Near his record, not 13 times it: at most twice his 24 for these few planned wins.
    assert fy.at["H", "meetings"] <= 48
    # N's new accounts are his colleagues' order, not three times theirs.
    others = max(float(fy.at[r, "new_accounts"]) for r in "ABCH")
    assert float(fy.at["N", "new_accounts"]) <= others + 1
    # The Plan's 商談・アポ打診 line: need + the floor's rest = the meetings target.
    rows = plan_rows(result, "ja")
    at = next(i for i, r in enumerate(rows) if str(r[0]) == "商談・アポ打診")
    note = "".join(str(r[2]) for r in rows[at : at + 12] if r[2])
    m1 = round(sum(float(v) for v in result.plan.monthly["meetings"].loc[TEAM]))
    assert f"商談の目標 {m1:,}件" in note
    floor = round(
        sum(
            max(float(fy.at[r, "meetings"]) - float(fy.at[r, "new_accounts"]) / float(win[r]), 0)
            for r in "ABCHN"
        )
    )
    assert f"商談 {m1 - floor:,}件" in note
    if floor >= 1:
        assert f"残りの {floor:,}件" in note
    # … and says how a rep's rate is drawn to the team's: 50 meetings at its 15.0%.
    assert "チームの率15.0%で成約する商談50件を加えて" in note.replace(" ", "")


def test_the_targets_row_says_the_newcomers_rate_is_drawn_to_the_flows_team_rate() -> None:
    """新井 (trial 46): 75.0% last year, 16.2% planned; the baseline's team rate 16.9% counts
    a leaver's wins, the rate his is drawn to is the planned reps' 28 of 243 = 11.5%: his
    Targets row says so (it said nothing: 16.2% was under 16.9%)."""
    from types import SimpleNamespace

    from routekpi.messages import text
    from routekpi.render import _toward_team

    base = pd.DataFrame({"meeting_win_rate": [0.169]}, index=[TEAM])
    ev = SimpleNamespace(base=base, flows=SimpleNamespace(team_win_rate=28 / 243))
    said = _toward_team(ev, "meeting_win_rate", 0.75, 0.1622, 0.75, "ja")  # type: ignore[arg-type]
    assert said == text("basis.rate_toward_team", "ja", own="75.0%", team="11.5%")
    # The appointment rate keeps the baseline's team rate.
    base = pd.DataFrame({"appointment_rate": [0.282]}, index=[TEAM])
    ev = SimpleNamespace(base=base, flows=SimpleNamespace(team_win_rate=0.1))
    said = _toward_team(ev, "appointment_rate", 0.344, 0.308, 0.344, "ja")  # type: ignore[arg-type]
    assert said == text("basis.rate_toward_team", "ja", own="34.4%", team="28.2%")


def test_meetings_capped_at_the_busiest_reps_and_the_rate_carries_the_rest() -> None:
    """The book above at a KGI of ¥800,000: H's planned wins (~2.9) at his drawn 10.1% would
    need ~28 meetings; the busiest planned rep held 24 (A, B, C, H itself), so H is asked for
    24 and the rate his wins then need (new ÷ 24, under its 16.7% ceiling); the Plan's line
    says so and names him. At ¥1,500,000 (more wins planned) still 24 meetings, at a higher
    rate: meetings × rate = new accounts, and a higher KGI never lowers H's rate or meetings."""
    settings = lambda kgi: PlanSettings(  # noqa: E731
        kgi=kgi, plan_year=2026, fiscal_start_month=1, as_of=date(2025, 12, 31)
    )
    history = _history()
    mid, high = run(history, settings(800_000.0)), run(history, settings(1_500_000.0))
    fy, ceiling = mid.plan.fy, float(mid.evidence.ceiling.at["H", "meeting_win_rate"])
    new_h = float(fy.at["H", "new_accounts"])
    assert new_h * 74 / 7.5 > 24.5  # uncapped, more than the busiest rep's 24
    assert fy.at["H", "meetings"] == pytest.approx(24.0)
    assert fy.at["H", "meeting_win_rate"] == pytest.approx(new_h / 24)
    assert new_h / 24 < ceiling
    rows = plan_rows(mid, "ja")
    at = next(i for i, r in enumerate(rows) if str(r[0]) == "商談・アポ打診")
    note = "".join(str(r[2]) for r in rows[at : at + 14] if r[2])
    assert "前年に最も商談の多かった担当者の件数(24件)を上限" in note and "(H)" in note
    top = high.plan.fy
    new_top = float(top.at["H", "new_accounts"])
    assert new_top > new_h
    assert top.at["H", "meetings"] * top.at["H", "meeting_win_rate"] == pytest.approx(new_top)
    assert top.at["H", "meeting_win_rate"] >= fy.at["H", "meeting_win_rate"]
    assert top.at["H", "meetings"] >= fy.at["H", "meetings"]
