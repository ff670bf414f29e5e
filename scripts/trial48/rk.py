# ruff: noqa: E501
"""Trial 48 harness: run the routekpi CLI with drop_chance made overflow-safe (finding H1), so the
trial can go on past the crash. NOT a fix proposal: the tail is summed in log space; each call
that would have overflowed is printed to stderr with its n and k.

rk.py ARGS…   (same arguments as `python -m routekpi.cli`)
"""

from __future__ import annotations

import math
import sys

import numpy as np

import routekpi.core.flags as flags

_orig = flags.drop_chance


def _safe(prior: np.ndarray, recent: np.ndarray, exposure: float = 1.0) -> np.ndarray:
    try:
        return _orig(prior, recent, exposure)
    except OverflowError:
        out = np.empty(len(prior))
        q = 1.0 / (1.0 + exposure)
        for i, (a, b) in enumerate(zip(prior.tolist(), recent.tolist(), strict=True)):
            n, k = int(a) + int(b), int(b)
            logs = [
                math.lgamma(n + 1)
                - math.lgamma(j + 1)
                - math.lgamma(n - j + 1)
                + j * math.log(q)
                + (n - j) * math.log1p(-q)
                for j in range(k + 1)
            ]
            top = max(logs)
            out[i] = math.exp(top) * sum(math.exp(v - top) for v in logs)
            print(
                f"[trial48 harness] drop_chance overflow: prior={a} recent={b} n={n} exposure={exposure:.3f} → {out[i]:.3g}",
                file=sys.stderr,
            )
        return out


flags.drop_chance = _safe

from routekpi.cli import main  # noqa: E402

sys.exit(main())
