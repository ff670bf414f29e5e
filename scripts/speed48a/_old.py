"""Load another tree's ``routekpi/core/account_step.py`` as a module of its own (the old code
beside the new in one process)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType


def old_account_step(tree: str) -> ModuleType:
    """The module at ``tree``/routekpi/core/account_step.py, named ``old_account_step``."""
    path = Path(tree) / "routekpi" / "core" / "account_step.py"
    spec = importlib.util.spec_from_file_location("old_account_step", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["old_account_step"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module
