"""Clean history tables and plan settings: the engine's only inputs."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

ORDER_COLUMNS = ("date", "account", "rep", "amount", "quantity")
VISIT_COLUMNS = ("date", "rep", "account", "kind", "outcome")
ACCOUNT_COLUMNS = ("account", "name", "rep", "start", "end", "lat", "lon")
HOLIDAY_COLUMNS = ("date", "name")
NOTE_COLUMNS = ("rep", "month", "kpi", "note")


def empty_frame(columns: tuple[str, ...]) -> pd.DataFrame:
    """An empty table with the canonical columns (dates as datetime64)."""
    data = {
        c: pd.Series(dtype="datetime64[ns]" if c in ("date", "start", "end") else object)
        for c in columns
    }
    return pd.DataFrame(data)


@dataclass(frozen=True)
class History:
    """Validated history in canonical columns (see schema.py for what users type).

    orders: date, account, rep, amount, quantity; visits: date, rep, account, kind
    (visit/attempt/meeting), outcome (won/lost/None); accounts: account, name, rep, start, end;
    holidays: date, name (company holidays); notes: rep, month, kpi, note (the Notes sheet,
    shown beside the Review rows; never part of any number).
    """

    orders: pd.DataFrame
    visits: pd.DataFrame = field(default_factory=lambda: empty_frame(VISIT_COLUMNS))
    accounts: pd.DataFrame = field(default_factory=lambda: empty_frame(ACCOUNT_COLUMNS))
    holidays: pd.DataFrame = field(default_factory=lambda: empty_frame(HOLIDAY_COLUMNS))
    notes: pd.DataFrame = field(default_factory=lambda: empty_frame(NOTE_COLUMNS))

    @property
    def has_visits(self) -> bool:
        """True when the history records visits (else the tree drops the visit levers)."""
        return bool((self.visits["kind"] == "visit").any()) if len(self.visits) else False

    def last_date(self) -> date | None:
        """The last dated event in the history (the default as-of date)."""
        stamps = [
            s.max()
            for s in (self.orders["date"], self.visits["date"], self.accounts["start"])
            if len(s) and pd.notna(s.max())
        ]
        return max(stamps).date() if stamps else None

    def first_date(self) -> date | None:
        """The first order or visit (where the history's coverage starts)."""
        stamps = [
            s.min()
            for s in (self.orders["date"], self.visits["date"])
            if len(s) and pd.notna(s.min())
        ]
        return min(stamps).date() if stamps else None

    def fingerprint(self) -> str:
        """A stable hash of the content: the live layer's cache key."""
        digest = hashlib.blake2b(digest_size=16)
        for frame in (self.orders, self.visits, self.accounts, self.holidays):
            digest.update(str(len(frame)).encode())
            if len(frame):
                digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
        return digest.hexdigest()


@dataclass(frozen=True)
class Override:
    """A manager's manual target for one KPI × rep × period."""

    kpi: str
    rep: str
    period: str
    target: float


@dataclass(frozen=True)
class PlanSettings:
    """Everything on the Settings sheet, typed."""

    kgi: float
    plan_year: int
    fiscal_start_month: int = 4
    as_of: date | None = None
    language: str = "ja"
    weights: Mapping[str, float] = field(
        default_factory=lambda: {
            "WeightActiveAccounts": 1.0,
            "WeightVisitFrequency": 1.0,
            "WeightOrdersPerVisit": 1.0,
            "WeightUnitPrice": 1.0,
        }
    )
    lever_mix: str = "evidence"  # "evidence" (history) or "policy" (the weights above)
    ceiling_percentile: float = 0.9
    baseline_months: int = 12
    rep_split: str = "trend"
    rep_weights: Mapping[str, float] = field(default_factory=dict)
    pace_warn: float = 0.9
    pace_critical: float = 0.75
    daily_days: int = 10  # working days on the Daily sheet
    capacity_percentile: float = 0.9  # a rep's daily visit capacity: this percentile of own days
    daily_capacity: float | None = None  # a fixed capacity instead (Settings: DailyCapacity)
    overrides: tuple[Override, ...] = ()

    def model_key(self) -> tuple[object, ...]:
        """Settings that shape baselines and ceilings (the KGI and overrides do not)."""
        return (
            self.plan_year,
            self.fiscal_start_month,
            self.as_of,
            self.ceiling_percentile,
            self.baseline_months,
            self.lever_mix,
        )
