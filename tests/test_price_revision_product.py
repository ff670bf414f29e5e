"""A price revision typed on Settings for some products only (PriceRevisionProduct; trial 50
M6: 「LPガス 2025年10月 6%値上げ」 could only be typed as a revision of every product, +6.0%
taken off the whole company's history where the company's step was about +2.5%).

The hand history of tests/test_price_revision_by_product.py: 2023-04 … 2026-03, "gas" (a
two-part bill, ¥/m3 ¥110 October–March, ¥130 April–September, ×1.06 from 2025-10; ¥40 of
every order at the old prices) and "oil" (¥60, flat). The gas is 40% of the sales in the 12
months before 2025-10, so its +6% is log(0.4 × 1.06 + 0.6) (+2.4%) for the company.
"""

from __future__ import annotations

import math
from datetime import date

import pytest

from routekpi.core.baselines import build_evidence
from routekpi.core.history import PlanSettings
from routekpi.messages import text
from routekpi.validation.settings import REVISION_INFO, REVISION_NOTES, revision_product
from tests.test_price_revision_by_product import STEP, _history

COMPANY = math.log(0.4 * 1.06 + 0.6)


def _settings(product: str | None, size: float = 0.06, month: str = "2025-10") -> PlanSettings:
    return PlanSettings(
        kgi=1.0,
        plan_year=2026,
        as_of=date(2026, 3, 31),
        price_revision=(month, size),
        price_revision_product=product,
    )


def test_a_revision_of_one_product_is_applied_to_its_share() -> None:
    for typed in ("gas", "ＧＡＳ", "ga"):  # as named, full-width, part of the name
        ev = build_evidence(_history(), _settings(typed))
        step = ev.lever_evidence.price_step
        assert step is not None and step.declared and step.month == STEP
        assert step.size == pytest.approx(COMPANY)
        said = [n for n in ev.notes if n.code.startswith("price_revision_")]
        assert [n.code for n in said] == ["price_revision_past_product", "price_revision_product"]
        assert said[0].params["size"] == "+2.4%"  # the step carried: the company's size
        # … said with the product and the size typed (left51a: the company's size alone)
        carried = text("price_revision_past_product", "ja", **said[0].params)
        assert carried.startswith("価格改定 gas 2025-10 +6.0%(設定より。")
        assert "会社全体の単価では +2.4%)" in carried
        params = said[1].params
        assert params["product"] == "gas" and params["typed"] == "+6.0%"
        assert params["share"] == "40%" and params["size"] == "+2.4%"
        assert params["measured"] == "+6.0%"  # the gas against the same months a year before
        assert (params["first"], params["last"]) == ("2024-10", "2025-09")
    line = text("price_revision_product", "ja", **params)
    assert line.startswith("設定の価格改定(gas 2025-10 +6.0%)は、gas の売上だけにかけて")
    assert "会社全体の単価では +2.4% です" in line


def test_a_size_the_products_price_does_not_show_is_a_warning() -> None:
    ev = build_evidence(_history(), _settings("gas", size=0.10))
    said = [n for n in ev.notes if n.code.startswith("price_revision_product")]
    assert [n.code for n in said] == ["price_revision_product_differs"]
    assert said[0].params["measured"] == "+6.0%" and said[0].params["typed"] == "+10.0%"
    assert ev.lever_evidence.price_step.size == pytest.approx(math.log(0.4 * 1.10 + 0.6))


def test_an_unknown_product_is_a_warning_and_the_revision_is_not_used() -> None:
    ev = build_evidence(_history(), _settings("coal"))
    said = [n for n in ev.notes if n.code.startswith("price_revision_")]
    assert [n.code for n in said] == ["price_revision_product_unknown"]
    assert said[0].params["sold"] == "oil、gas"  # most sold first
    # Not used: the gas's step is found in its own prices against a year before instead.
    step = ev.lever_evidence.price_step
    assert step is not None and not step.declared and step.month == STEP
    assert step.size == pytest.approx(COMPANY)
    assert REVISION_NOTES["price_revision_product_unknown"] == "PriceRevisionProduct"
    assert "price_revision_product_unknown" not in REVISION_INFO  # a warning


def test_a_planned_revision_of_one_product() -> None:
    ev = build_evidence(_history(), _settings("gas", month="2026-10"))
    # Its share over the history's last 12 months (2025-04 … 2026-03): ¥40 six months, ¥42.4 six.
    share = (6 * 40 + 6 * 42.4) / (6 * 100 + 6 * 102.4)
    planned = [n for n in ev.notes if n.code.startswith("price_revision_planned")]
    assert len(planned) == 1
    company = math.log(share * 1.06 + 1 - share)
    assert planned[0].params["size"] == f"{math.expm1(company):+.1%}"
    said = [n for n in ev.notes if n.code.startswith("price_revision_product")]
    assert [n.code for n in said] == ["price_revision_product_unread"]  # not in the data yet
    assert said[0].params["share"] == f"{share:.0%}"


def test_the_setting_is_read_with_a_revision_only() -> None:
    revision = {"PriceRevisionMonth": "2025-10", "PriceRevisionPct": 6.0}
    assert revision_product({**revision, "PriceRevisionProduct": " LPガス "}) == "LPガス"
    assert revision_product({**revision, "PriceRevisionProduct": None}) is None
    assert revision_product({"PriceRevisionProduct": "LPガス"}) is None  # no revision
