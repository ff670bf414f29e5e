"""imports_frozen: what a run finds alive is frozen for the run only, never for good."""

from __future__ import annotations

import gc

from routekpi.collector import imports_frozen


def test_what_is_alive_is_frozen_for_the_block_and_unfrozen_after() -> None:
    gc.unfreeze()
    with imports_frozen():
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0


def test_a_host_that_froze_its_own_objects_is_left_as_it_was() -> None:
    """A UDF server inside a process that froze objects itself: freezing again would freeze
    every model built since, for good. The block runs unfrozen by us; the host's freeze stays."""
    gc.unfreeze()
    gc.freeze()
    try:
        before = gc.get_freeze_count()
        later = [[] for _ in range(1000)]  # made after the host's freeze: e.g. an old model
        with imports_frozen():
            assert gc.get_freeze_count() == before  # ``later`` was not frozen with it
        assert gc.get_freeze_count() == before
        del later
    finally:
        gc.unfreeze()
