# ruff: noqa: E501
"""realism53a: realism51's trial worlds (scripts/realism51/trial_worlds.py) with this
helper's variants (scripts/realism53a/variant.py, R53=V) as ``--variant r53V``.

    R51_OUT=/work/wt/_realism53a PYTHONPATH=$PWD python scripts/realism53a/worlds.py bt --seeds-all --variant base --variant r53share
    R51_OUT=/work/wt/_realism53a PYTHONPATH=$PWD python scripts/realism53a/worlds.py table --seeds-all --variant base --variant r53share

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
            if rule.startswith("r53"):
                os.environ["R53"] = rule[3:]
                import variant as v53

                v53.apply()
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
