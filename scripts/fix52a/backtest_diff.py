"""The back-test sets with the step-down rule before and after fix52a side by side, in one run
(fix52a, trial 52 H1): every ``find_step_downs`` call is made again with the lumpy-account
test off (``_between_lumps`` False: the rule as before), and the accounts the two give are
compared; the run itself uses the new rule. A set where no call differs plans the same
targets before and after (``CARRY_STEP_DOWNS`` off: the step only says its Plan note).

backtest_diff.py [scripts/backtest.py arguments: --only SET ... --no-write]"""

from __future__ import annotations

import sys
from pathlib import Path

import routekpi.core.account_step as account_step
import routekpi.core.baselines as baselines
import routekpi.core.flags as flags

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import backtest  # scripts/backtest.py

SEEN = {"calls": 0, "differ": 0, "old": 0, "new": 0}


def _spy(*args: object, **kwargs: object) -> list[account_step.StepDown]:
    new = REAL(*args, **kwargs)
    keep = account_step._between_lumps
    account_step._between_lumps = lambda *_a: False  # type: ignore[assignment]
    try:
        old = REAL(*args, **kwargs)
    finally:
        account_step._between_lumps = keep
    SEEN["calls"] += 1
    SEEN["old"] += len(old)
    SEEN["new"] += len(new)
    if [s.account for s in old] != [s.account for s in new]:
        SEEN["differ"] += 1
        gone = sorted({s.account for s in old} - {s.account for s in new})
        print(f"  step-downs differ: before {len(old)}, after {len(new)}; gone {gone}", flush=True)
    return new


REAL = account_step.find_step_downs
flags.find_step_downs = _spy  # type: ignore[assignment]
baselines.find_step_downs = _spy  # type: ignore[assignment]

if __name__ == "__main__":
    code = backtest.main(sys.argv[1:])
    print("find_step_downs:", SEEN)
    sys.exit(code)
