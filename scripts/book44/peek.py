"""Peek: each rep's held-book pace against last year's revenue and the realised year (one plan)."""

from __future__ import annotations

import os
import sys
from datetime import date

import pandas as pd

sys.path.insert(0, "scripts")
os.environ.setdefault("B44_B", "1")
import wholesale_sim

from routekpi.core.backtest import backtest
from routekpi.core.history import History, PlanSettings

seed, year = int(sys.argv[1]), int(sys.argv[2])
orders = wholesale_sim.simulate(seed, retailers=40.0)
end = date(2025, 3, 31)
closed = History(orders=orders[orders["date"] <= pd.Timestamp(end)].reset_index(drop=True))
r = backtest(closed, PlanSettings(kgi=1.0, plan_year=2025, as_of=end), year, data_end=end)
rows = r.rows[r.rows["kpi"] == "revenue"].set_index("rep")
print(rows[["realised", "routekpi", "uniform", "no_change"]].round(0))
