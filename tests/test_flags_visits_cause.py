"""A visits behind-pace flag names a visits lever, never an orders measure (verify54: 岡田's
visits flag said 「差の主因は顧客あたり受注数です」). Where the visits do not bring the orders
(core.review ``TIED_KEY``), the Review's main row is orders per account (visit frequency ×
orders per visit): the revenue flag says that; the visits flag says the visit frequency.

Review rows written by hand: rep B, visit frequency 2.87 of 4.23 a month per account and
orders per visit 1.10 of 1.00, so orders per account 3.157 of 4.23, −¥84,677 of revenue.
"""

from __future__ import annotations

import pytest

from routekpi.core.flags import VISITS_LINK_KEY, _lever_advice
from routekpi.render_daily import flag_action


def _review(link: str) -> list[dict[str, object]]:
    tied = {
        "visit_link": link,
        "tied_target": 4.23 * 1.00,
        "tied_actual": 2.87 * 1.10,
        "tied_contribution": -84_677.0,
    }
    row = {"rep": "B", "best_rep": "", "best_value": float("nan")}
    return [
        {**row, "kpi": "revenue", "main": False, "actual_ytd": 900.0, "target_ytd": 1000.0,
         "contribution": -100.0, "detail": {}},
        {**row, "kpi": "visits_per_account", "main": True, "actual_ytd": 2.87,
         "target_ytd": 4.23, "contribution": -120_000.0, "detail": tied},
        {**row, "kpi": "orders_per_visit", "main": False, "actual_ytd": 1.10,
         "target_ytd": 1.00, "contribution": 35_323.0, "detail": {}},
    ]  # fmt: skip


@pytest.mark.parametrize("link", ["apart", "deliveries"])
def test_the_visits_flag_names_visit_frequency_the_revenue_flag_orders(link: str) -> None:
    review = _review(link)
    revenue = _lever_advice(review, "B", "revenue")
    assert revenue["tied_actual"] == pytest.approx(3.157)
    assert revenue["tied_target"] == pytest.approx(4.23)
    assert "顧客あたり受注数" in flag_action("behind_pace", revenue, "", "ja")
    visits = _lever_advice(review, "B", "visits")
    assert (visits["lever"], visits["lever_actual"], visits["lever_target"]) == (
        "visits_per_account",
        2.87,
        4.23,
    )
    assert not any(k.startswith("tied_") for k in visits) and visits[VISITS_LINK_KEY] == link
    ja = flag_action("behind_pace", visits, "", "ja")
    en = flag_action("behind_pace", visits, "", "en")
    assert ja.startswith("差の主因は訪問頻度")
    assert "受注数" not in ja and "¥" not in ja  # no part of the revenue
    assert "orders per account" not in en and "¥" not in en
    assert ("前倒し" in ja) == (link == "apart")  # deliveries: the visits follow the orders
