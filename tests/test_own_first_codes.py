"""Each rep's first own month (core.meetings.own_first_frame) read on the reps' codes
(core.handover.first_days) gives what the groupby on the texts gave: lines without a day or a
rep left out, reps that read alike (1 and "1") one rep, the reps in text order."""

from __future__ import annotations

import pandas as pd

from routekpi.core.history import History
from routekpi.core.meetings import own_first_frame


def _by_groupby(orders: pd.DataFrame, visits: pd.DataFrame) -> pd.DataFrame:
    """The rule as the groupby on the texts read it."""
    lines = pd.concat([orders[["date", "rep"]], visits[["date", "rep"]]], ignore_index=True)
    lines = lines.dropna()
    first = pd.to_datetime(lines["date"]).groupby(lines["rep"].astype(str), sort=True).min()
    return pd.DataFrame(
        {"rep": list(first.index.astype(str)), "month": first.dt.to_period("M").array}
    )


def test_first_month_per_rep_on_codes() -> None:
    ts = pd.Timestamp
    orders = pd.DataFrame(
        {
            "date": [
                ts("2025-05-03"),
                ts("2025-02-10"),
                pd.NaT,
                ts("2025-04-01"),
                ts("2025-07-09"),
            ],
            "rep": ["Sato", "Ito", "Abe", None, 1],
            "account": ["C1", "C2", "C3", "C4", "C5"],
            "amount": [10.0, 20.0, 30.0, 40.0, 50.0],
        }
    )
    visits = pd.DataFrame(
        {
            "date": [ts("2025-03-31"), ts("2025-01-20"), ts("2025-06-02"), ts("2025-08-01")],
            "rep": ["Sato", "Abe", "1", "Kato"],
            "account": ["C1", "C3", "C5", None],
            "kind": ["visit", "visit", "meeting", "meeting"],
        }
    )
    got = own_first_frame(History(orders=orders, visits=visits, accounts=pd.DataFrame()))
    assert got["rep"].tolist() == ["1", "Abe", "Ito", "Kato", "Sato"]
    assert [str(m) for m in got["month"]] == ["2025-06", "2025-01", "2025-02", "2025-08", "2025-03"]
    pd.testing.assert_frame_equal(got, _by_groupby(orders, visits))


def test_no_line_with_a_day_and_a_rep() -> None:
    orders = pd.DataFrame({"date": [pd.NaT], "rep": ["Sato"], "account": ["C1"], "amount": [1.0]})
    visits = pd.DataFrame({"date": [pd.Timestamp("2025-01-02")], "rep": [None], "account": ["C1"]})
    got = own_first_frame(History(orders=orders, visits=visits, accounts=pd.DataFrame()))
    assert not len(got) and list(got.columns) == ["rep", "month"]
