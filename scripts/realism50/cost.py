"""The inner replay's cost on the default sample book (issue 14: speed).

    python scripts/realism50/cost.py [--runs 3]

Times, in this process (wall and CPU, min of ``--runs``): the engine's plan as ``recalc``
computes it (``engine.run`` on the default sample, seed 7, its own settings) and the replay
self-calibration would add (``core.backtest.backtest`` of the year before the plan year, on
the history before the planning day: the plan year's eve, data up to it). The whole
``routekpi recalc`` of the sample workbook is timed by run.sh's companion command in
REPORT.md (``/usr/bin/time``).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from datetime import timedelta

sys.path.insert(0, ".")
from routekpi.core import backtest as core_bt
from routekpi.core.calendar import fiscal_months
from routekpi.core.engine import run
from routekpi.core.history import History, PlanSettings
from routekpi.sample import generate_sample


def _cpu() -> float:
    """CPU seconds of this process and its reaped children (the engine starts helpers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def timed(fn, runs: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    walls, cpus = [], []
    for _ in range(runs):
        w, c = time.perf_counter(), _cpu()
        fn()
        walls.append(time.perf_counter() - w)
        cpus.append(_cpu() - c)
    return min(walls), min(cpus)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    s = generate_sample(7)
    history = History(s.orders, s.visits, s.accounts, s.holidays)
    year = int(s.settings["PlanYear"])
    settings = PlanSettings(kgi=float(s.settings["KGI"]), plan_year=year, as_of=s.settings["AsOf"])
    eve = fiscal_months(year, settings.fiscal_start_month)[0].start_time.date() - timedelta(1)
    cut = core_bt.cut_history(history, eve + timedelta(1))
    replay_settings = PlanSettings(kgi=1.0, plan_year=year, as_of=eve)
    print(f"sample seed 7: {len(s.orders):,} orders, plan year {year}, as of {settings.as_of}")
    w, c = timed(lambda: run(history, settings, sheet_notes=False), args.runs)
    print(f"engine.run (the plan):           wall {w:.2f} s  CPU {c:.2f} s")
    w2, c2 = timed(
        lambda: core_bt.backtest(cut, replay_settings, year - 1, data_end=eve), args.runs
    )
    print(f"replay of FY{year - 1} (backtest): wall {w2:.2f} s  CPU {c2:.2f} s")
    print(f"replay ÷ plan: wall {w2 / w:.2f}×  CPU {c2 / c:.2f}×")


if __name__ == "__main__":
    main()
