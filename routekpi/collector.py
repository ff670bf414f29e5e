"""What a run finds alive (its imports) kept out of the garbage collector's sight meanwhile.

pandas, NumPy and Arrow leave ~70,000 objects behind at import; every full collection a
recalc or a UDF model build triggers would walk them again. Frozen for the run, they are
not walked; unfrozen after, so the process collects as usual.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def imports_frozen() -> Iterator[None]:
    """Freeze what is alive now for the ``with`` block, then unfreeze it.

    Not when the host process has frozen objects of its own: freezing again would freeze
    everything alive (earlier models in a UDF server too), and since the host's freeze must
    stay, nothing would ever be unfrozen — their cycles would never be collected.
    """
    if gc.get_freeze_count() > 0:
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@contextlib.contextmanager
def collection_paused() -> Iterator[None]:
    """The collector off for the ``with`` block (left as it is when the host turned it off).

    For work that allocates much and leaves next to no cyclic garbage (an import, a
    recalculation, a UDF model build): its frames, rows and cells are freed by reference
    counting, and the collections their allocations trigger would only walk them.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
