"""The KPI catalog: every KPI declared once, as data.

Each KPI says how it is measured from the monthly fact table (``measure.FACT_COLUMNS``): an
additive KPI is the sum of one fact; a ratio KPI is one fact sum divided by another. Labels,
units, direction and hard bounds live here so that no adapter repeats them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from routekpi.contract import fold

Direction = Literal["higher", "lower"]
Unit = Literal["yen", "count", "ratio", "rate", "months"]


@dataclass(frozen=True)
class Kpi:
    """One KPI: key, ja/en labels, unit, direction, hard bounds and its measurement."""

    key: str
    ja: str
    en: str
    unit: Unit
    direction: Direction = "higher"
    lower: float = 0.0
    upper: float | None = None
    numerator: str | None = None  # fact column summed (additive) or divided (ratio)
    denominator: str | None = None  # fact column for ratio KPIs
    additive: bool = False  # sums over months and reps (counts and yen)
    per_account_month: bool = False  # ratio whose denominator is account-months

    def label(self, language: str) -> str:
        """Display label in the workbook language."""
        return self.ja if language == "ja" else self.en

    @property
    def style(self) -> str:
        """Named cell style for values of this KPI.

        Counts are shown as whole numbers, averaged ones too (active accounts are a monthly
        average: 12.92 accounts reads as noise; the cell keeps the exact value).
        """
        return {"yen": "rk_yen", "count": "rk_int", "rate": "rk_pct"}.get(self.unit, "rk_dec")


KPIS: tuple[Kpi, ...] = (
    Kpi("revenue", "売上", "Revenue", "yen", numerator="revenue", additive=True),
    Kpi("active_accounts", "稼働顧客数", "Active accounts", "count", numerator="active_accounts"),
    Kpi(
        "visits_per_account",
        "訪問頻度(月/顧客)",
        "Visits per account (monthly)",
        "ratio",
        numerator="visits",
        denominator="active_accounts",
        per_account_month=True,
    ),
    Kpi(
        "orders_per_visit",
        "訪問あたり受注数",
        "Orders per visit",
        "ratio",
        numerator="orders",
        denominator="visits",
    ),
    Kpi(
        "orders_per_account",
        "顧客あたり受注数(月)",
        "Orders per account (monthly)",
        "ratio",
        numerator="orders",
        denominator="active_accounts",
        per_account_month=True,
    ),
    Kpi("unit_price", "取引単価", "Unit price", "yen", numerator="revenue", denominator="orders"),
    Kpi("retention_rate", "継続率", "Retention rate", "rate", upper=1.0),
    Kpi("churn_rate", "解約率", "Churn rate", "rate", direction="lower", upper=1.0),
    Kpi(
        "cancellations",
        "解約数",
        "Cancellations",
        "count",
        direction="lower",
        numerator="cancellations",
        additive=True,
    ),
    Kpi(
        "new_accounts",
        "新規顧客数",
        "New accounts",
        "count",
        numerator="new_accounts",
        additive=True,
    ),
    Kpi("meetings", "商談数", "Meetings", "count", numerator="meetings", additive=True),
    Kpi(
        "appointment_attempts",
        "アポ打診数",
        "Appointment attempts",
        "count",
        numerator="attempts",
        additive=True,
    ),
    Kpi(
        "appointment_rate",
        "アポ獲得率",
        "Appointment rate",
        "rate",
        upper=1.0,
        numerator="appointments",
        denominator="attempts",
    ),
    Kpi(
        "meeting_win_rate",
        "商談成約率",
        "Meeting win rate",
        "rate",
        upper=1.0,
        numerator="new_accounts",
        denominator="meetings",
    ),
    Kpi("visits", "訪問件数", "Visits", "count", numerator="visits", additive=True),
    Kpi("orders", "受注件数", "Orders", "count", numerator="orders", additive=True),
    # Averages over the accounts held at the start of the fiscal year (still live): a fixed
    # set, so winning more new accounts (short tenure, little usage yet) never lowers them.
    Kpi(
        "usage_to_date",
        "現在までの利用金額(期首顧客の平均)",
        "Usage to date (per account held at year start)",
        "yen",
        numerator="cohort_usage_sum",
        denominator="cohort_accounts",
    ),
    Kpi(
        "retention_months",
        "継続期間(月, 期首顧客の平均)",
        "Retention period (months, accounts held at year start)",
        "months",
        numerator="cohort_tenure_sum",
        denominator="cohort_accounts",
    ),
)
KPI_BY_KEY: dict[str, Kpi] = {k.key: k for k in KPIS}

# The multiplicative levers of the revenue tree, in display order.
VISIT_LEVERS: tuple[str, ...] = (
    "active_accounts",
    "visits_per_account",
    "orders_per_visit",
    "unit_price",
)
# When the history has no visits the tree collapses to three levers.
NO_VISIT_LEVERS: tuple[str, ...] = ("active_accounts", "orders_per_account", "unit_price")
# Settings weight name for each lever (orders_per_account shares the visit-frequency weight).
LEVER_WEIGHT_SETTING: dict[str, str] = {
    "active_accounts": "WeightActiveAccounts",
    "visits_per_account": "WeightVisitFrequency",
    "orders_per_account": "WeightVisitFrequency",
    "orders_per_visit": "WeightOrdersPerVisit",
    "unit_price": "WeightUnitPrice",
}
SEVERITIES: tuple[str, ...] = ("critical", "warn", "info")


_NAME_NOISE = re.compile("[ _]")  # "Unit price", "unit_price" and "unitprice" are one name


def find_kpi(name: str) -> Kpi | None:
    """A KPI by key or by its Japanese/English label (case- and width-insensitive)."""
    wanted = fold(name, _NAME_NOISE)
    for kpi in KPIS:
        if wanted in {fold(label, _NAME_NOISE) for label in (kpi.key, kpi.ja, kpi.en)}:
            return kpi
    return None
