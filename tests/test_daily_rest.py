"""The Daily list's rest rule and pace gap (trial16 finding 6), on tiny books worked by hand.

The trial: a rep who lost a 3×/week customer had his visit-count pace kept by listing a
Monday/Friday izakaya on Thursday, Friday and Monday. The rest rule (``core.daily``): an
account is not listed again until half its usual interval has passed since its last visit,
nor on the working day right after it unless it is seen every day or every other day; what
the pace asks for beyond that is the day's pace gap, said in one line.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
from history_helpers import accounts_frame

from routekpi.core.calendar import BusinessCalendar, fiscal_months
from routekpi.core.daily import DailyPlan, plan_daily
from routekpi.core.flags import MIN_INTERVAL_SPAN_DAYS
from routekpi.core.history import History, empty_frame
from routekpi.render_daily import daily_days_json, daily_rows

MONTHS = fiscal_months(2026)
CAL = BusinessCalendar(frozenset())
FY_FIRST, FY_LAST = date(2026, 4, 1), date(2027, 3, 31)
THU, FRI, MON = date(2026, 6, 4), date(2026, 6, 5), date(2026, 6, 8)


def _visits(account: str, days: list[date]) -> list[dict[str, object]]:
    return [
        {"date": pd.Timestamp(d), "rep": "A", "account": account, "kind": "visit", "outcome": None}
        for d in days
    ]


def _every(account: str, last: date, every: int, n: int = 5) -> list[dict[str, object]]:
    """``n`` visits ``every`` days apart, the last on ``last`` (usual interval = ``every``),
    more when needed to cover MIN_INTERVAL_SPAN_DAYS (a usual interval needs that history)."""
    n = max(n, -(-MIN_INTERVAL_SPAN_DAYS // every) + 1)
    return _visits(account, [last - timedelta(days=every * k) for k in range(n)])


def _history(visits: list[dict[str, object]], orders: dict[str, float]) -> History:
    """Accounts of rep A with one order each in the last 12 months (the ``orders`` amounts),
    or, for a (before, now) pair, ten orders summing to ``before`` in the 12 months before
    and two summing to ``now`` in the last 12 (10 → 2 orders: fading beyond chance)."""
    accounts = sorted({str(v["account"]) for v in visits})
    acc = accounts_frame(accounts, "A")
    rows = []
    for a, amount in orders.items():
        if isinstance(amount, tuple):
            before, now = amount
            rows += [(pd.Timestamp(2024, m, 10), a, before / 10) for m in range(7, 13)]
            rows += [(pd.Timestamp(2025, m, 10), a, before / 10) for m in range(1, 5)]
            rows += [(pd.Timestamp(f"2025-{m}-10"), a, now / 2) for m in (7, 10)]
        else:
            rows.append((pd.Timestamp("2025-10-10"), a, amount))
    o = pd.DataFrame(rows, columns=["date", "account", "amount"]).assign(rep="A", quantity=1.0)
    return History(
        orders=o, visits=pd.DataFrame(visits), accounts=acc, holidays=empty_frame(("date", "name"))
    )


def _targets(history: History, as_of: date, first: date, pace: int, meetings: float = 0.0):
    """FY2026 visit (and meeting) targets giving a pace of exactly ``pace`` visits (and
    ``meetings`` meetings) per working day from ``first``: the year's visits so far plus
    pace × the working days left."""
    v = history.visits
    done = int(((v["date"] >= pd.Timestamp(FY_FIRST)) & (v["date"] <= pd.Timestamp(as_of))).sum())
    left = CAL.count(first, FY_LAST)
    rows = [("FY2026", "A", "visits", float(done + pace * left))]
    if meetings:
        rows.append(("FY2026", "A", "meetings", meetings * left))
    return pd.DataFrame(rows, columns=["period", "rep", "kpi", "target"])


def _plan(history: History, targets: pd.DataFrame, as_of: date, days: int) -> DailyPlan:
    return plan_daily(
        history,
        targets,
        calendar=CAL,
        plan_year=2026,
        plan_months=MONTHS,
        as_of=as_of,
        reps=["A"],
        days=days,
        capacity=10,
    )


def _by_day(plan: DailyPlan) -> dict[date, set[str]]:
    v = plan.stops[plan.stops["kind"] == "visit"]
    return {d: set(g["account"]) for d, g in v.groupby("date")}


def _trial_case() -> History:
    """As of Wed 2026-06-03 (list Thu 06-04, Fri 06-05, Mon 06-08):

    - M, a Monday/Friday account (gaps 4, 3, … since 05-04: usual 3.5 days, deadline 4 after),
      last seen Mon 06-01: due Fri 06-05; rested from Wed 06-03 (1.75 → 2 days);
    - W1 … W4, weekly accounts seen last Thu 05-28, Fri 05-29, Mon 06-01, Tue 06-02: due on
      their route days Thu 06-04, Fri 06-05, Mon 06-08, Tue 06-09; rested 4 days after
      (3.5 → 4): from Tue 06-02, Fri 06-05, Sat 06-06 for W2, W3, W4.
    """
    # Since 05-04: a usual interval needs its visits to cover MIN_INTERVAL_SPAN_DAYS.
    m = [date(2026, 5, d) for d in (4, 8, 11, 15, 18, 22, 25, 29)] + [date(2026, 6, 1)]
    visits = [
        *_visits("M", m),
        *_every("W1", date(2026, 5, 28), 7),
        *_every("W2", date(2026, 5, 29), 7),
        *_every("W3", date(2026, 6, 1), 7),
        *_every("W4", date(2026, 6, 2), 7),
    ]
    orders = {"M": 900_000.0, "W1": 400_000.0, "W2": 300_000.0, "W3": 200_000.0, "W4": 100_000.0}
    return _history(visits, orders)


def test_a_pace_pull_never_lists_an_account_on_the_next_working_day_again() -> None:
    """A pace of 3 visits a day.

    Thu: W1 is due; the pace pulls 2 more of the rested accounts, earliest deadline first:
    M and W2 (both due Fri). M's next deadline is Thu + 4 = Mon 06-08, W2's Thu 06-11.
    Fri: nothing due before Monday. Rested: W3 only (M was seen yesterday; W4 and W1, W2
    rest until Sat and Mon). The pace asks for 3: W3, and a gap of 2.
    Mon: the pace is 3 again (Friday's shortfall is not asked of Monday: each listed day asks
    its own part of what was left on the data's last day, trial 51 M5), so 3 visits. M is
    due (its Friday route day moved to Thursday, so Monday counts from there). Rested: W4
    (Tue 06-02 + 4), W1 and W2 (Thu + 4, two working days on); not W3 (seen Friday): W4
    (due Tue) and W1 (due Thu 06-11 as W2, the larger).

    Before the rest rule: Thu {W1, M, W2}, Fri {M, W3, W4}, Mon {M, W1, W2} — M three
    working days running, as in the trial.
    """
    history = _trial_case()
    as_of = date(2026, 6, 3)
    plan = _plan(history, _targets(history, as_of, THU, 3), as_of, 3)
    assert _by_day(plan) == {THU: {"W1", "M", "W2"}, FRI: {"W3"}, MON: {"M", "W4", "W1"}}
    m = plan.stops[plan.stops["account"] == "M"]
    assert [r[0] for r in m["reasons"]] == ["ahead", "due"]
    assert m["interval"].tolist() == [3.5, 3.5]
    # W2's Friday route day does not get it again after it was brought forward to Thursday.
    assert plan.stops.loc[plan.stops["account"] == "W2", "date"].tolist() == [THU]
    assert plan.days["pace_gap"].tolist() == [0, 2, 0]
    assert plan.days["visits"].tolist() == [3, 1, 3]
    assert [d["pace_gap"] for d in daily_days_json(plan)] == [0, 2, 0]


def _cells(rows: list[list[object]]) -> list[list[str]]:
    return [[str(getattr(c, "value", c) or "") for c in row] for row in rows]


def test_the_pace_gap_is_one_line_sent_to_prospecting_where_the_book_has_targets() -> None:
    history = _trial_case()
    as_of = date(2026, 6, 3)
    # No prospecting target: the gap alone, in one line after Friday's stop (W3).
    plan = _plan(history, _targets(history, as_of, THU, 3), as_of, 3)
    rows = _cells(daily_rows(plan, "ja"))  # wrapped as on the sheet: it fits one line
    names = [r[4] for r in rows if len(r) > 4 and r[1] == "2026-06-05"]
    # The day line goes on in a grey row (wrapped at the reason column); W3's reason: 1 line.
    assert names == ["【6/5(金)】", "", "W3 Ltd", "ペース不足"]
    gap = [r for r in rows if r[4:5] == ["ペース不足"]]
    assert gap[0][:2] == ["A", "2026-06-05"]
    assert gap[0][6] == "訪問ペースに届かない分 2件(通常間隔の半分を過ぎた顧客なし)"
    # Half a meeting a day to find: the gap goes to prospecting, said just above its line.
    targets = _targets(history, as_of, THU, 3, meetings=0.5)
    rows = _cells(daily_rows(_plan(history, targets, as_of, 3), "ja"))
    friday = [r[4:7:2] for r in rows if len(r) > 4 and r[1] == "2026-06-05"]
    assert friday[3:] == [  # the day row and its line's rest, W3 (one line), then these
        ["ペース不足", "訪問ペースに届かない分 2件: 新規開拓/見込み客へ"],
        ["新規開拓", "新規開拓: 1日あたりアポ打診 0.0件・商談 0.5件(新規顧客目標のペース)"],
    ]
    assert sum(r[4:5] == ["新規開拓"] for r in rows) == 3  # one a day, as before
    assert sum(r[4:5] == ["ペース不足"] for r in rows) == 1  # Friday only


def test_the_next_working_day_waits_unless_the_account_is_seen_every_other_day() -> None:
    """H, every 6 days, last Fri 06-05: 3 days (half its interval) have passed on Monday, but
    Monday is the working day right after its visit: pulled on Tuesday. With a pace of 1 a
    day Monday has a gap of 1; Tuesday's pace is 1 again (Monday's gap is not asked of it,
    trial 51 M5): H, and no gap."""
    h = _history(_every("H", FRI, 6), {"H": 100_000.0})
    plan = _plan(h, _targets(h, FRI, MON, 1), FRI, 2)
    assert _by_day(plan) == {date(2026, 6, 9): {"H"}}
    assert plan.stops["reasons"].iloc[0][0] == "ahead"
    assert plan.days["pace_gap"].tolist() == [1, 0]
    # K, every 2 days, and L, every 3 days, both last seen Mon 06-01 and due Wed and Thu:
    # on Tue 06-02 (a pace of 2) K may come (its own rhythm is every other day); L rests
    # until Wed (1.5 → 2 days).
    k = _history([*_every("K", date(2026, 6, 1), 2), *_every("L", date(2026, 6, 1), 3)], {})
    as_of = date(2026, 6, 1)
    plan = _plan(k, _targets(k, as_of, date(2026, 6, 2), 2), as_of, 1)
    assert _by_day(plan) == {date(2026, 6, 2): {"K"}}
    assert plan.days["pace_gap"].tolist() == [1]


def test_an_at_risk_account_seen_yesterday_waits_for_its_rest() -> None:
    """F's orders halved (¥1,000,000 → ¥500,000: at risk), seen every 14 days, last on Fri
    06-05. Seen the day before the list, it is not listed on Monday for its orders: it rests
    7 days, to Fri 06-12, and comes then, first of the day as at risk. No pace target."""
    h = _history(_every("F", FRI, 14), {"F": (1_000_000.0, 500_000.0)})
    targets = pd.DataFrame(columns=["period", "rep", "kpi", "target"])
    plan = _plan(h, targets, FRI, 5)
    f = plan.stops[plan.stops["kind"] == "visit"]
    assert f["date"].tolist() == [date(2026, 6, 12)]
    assert f["reasons"].iloc[0][:2] == ("at_risk", "fading")
