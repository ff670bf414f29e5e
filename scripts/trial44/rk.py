# ruff: noqa: E501
"""Trial 44: run the routekpi CLI with one read-only-array fault patched around (H1), so the
trial can go on. Product code is not changed: core.flags.orphan_orders is recompiled here with
``last = ....copy()``. Set RK_TRIAL_NOPATCH=1 to run the CLI unpatched (reproduces H1).
Also prints the orphan accounts the patched function sees to stderr (evidence for H1)."""

from __future__ import annotations

import inspect
import os
import sys
import textwrap

from routekpi import cli
from routekpi.core import flags

if not os.environ.get("RK_TRIAL_NOPATCH"):
    src = textwrap.dedent(inspect.getsource(flags.orphan_orders))
    old = 'last = r["last"].to_numpy(dtype=float)'
    assert old in src
    src = src.replace(old, old + ".copy()")
    src = src.replace(
        "    if missing.any():",
        "    if missing.any():\n        import sys as _s; print('[trial44] orphan accounts without an order in two years:', len(ids[missing]), list(ids[missing][:8]), file=_s.stderr)",
    )
    ns = vars(flags)
    exec(compile(src, flags.__file__, "exec"), ns)

sys.exit(cli.main())
