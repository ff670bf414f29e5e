# ruff: noqa: E501
"""realism54b: realism51's trial worlds (scripts/realism51/trial_worlds.py) with this
helper's variants (scripts/realism54b/variant.py, R54=V) as ``--variant r54V``.

    R51_OUT=/work/wt/_realism54b PYTHONPATH=$PWD python scripts/realism54b/worlds.py bt --seeds-all --variant base --variant r54share
    R51_OUT=/work/wt/_realism54b PYTHONPATH=$PWD python scripts/realism54b/worlds.py table --seeds-all --variant base --variant r54share

The data and books are realism51's (/work/wt/_realism51/<world>/s<seed>/; ``link`` copies
each book.txt into R51_OUT); the pickles go to R51_OUT.
"""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "realism51"))
sys.path.insert(0, str(HERE))

import trial_worlds as tw  # noqa: E402

SOURCE = Path("/work/wt/_realism51")


def link() -> None:
    """book.txt of every world and seed generated under realism51's directory, into R51_OUT."""
    for w in tw.WORLDS:
        for seed in tw.seeds_of(w, True):
            src = SOURCE / w / f"s{seed}" / "book.txt"
            dst = tw.book_path(w, seed)
            if src.exists() and not dst.exists():
                dst.parent.mkdir(parents=True, exist_ok=True)
                dst.write_text(src.read_text())


if __name__ == "__main__":
    if sys.argv[1:2] == ["_child"]:
        rule, _, moment = sys.argv[4].partition("@")
        try:
            if rule.startswith("r54"):
                os.environ["R54"] = rule[3:]
                import variant as v54

                v54.apply()
                rule = ""
            tw.child(
                Path(sys.argv[2]),
                Path(sys.argv[3]),
                "" if rule == "base" else rule,
                moment == "budget",
            )
        except Exception:
            traceback.print_exc()
            sys.exit(1)
    else:
        link()
        tw.__file__ = __file__  # the children run here (cmd_bt runs its module's file)
        tw.main()
