# ruff: noqa: E501
"""realism54a variants of the pipeline targets (env-flag monkeypatches; core is not edited).

    R54=carry PYTHONPATH=$PWD python scripts/realism54a/sets_rows.py OUT.pkl --only sample ...
    R51_OUT=/work/wt/_realism54a PYTHONPATH=$PWD python scripts/realism54a/worlds.py bt --seeds-all --variant r54carry

R54=carry (in words: 「商談数とアポ打診数は前年の件数のまま。目標の新規が前年の商談数では
足りない分は、成約率を上げて得ます(成約率の上限まで。上限を超える分だけ商談を増やします)」):
each rep's meetings are last year's (a year's pace, as the engine's floor reads them); the
win-rate target is the larger of his usual (credibility-weighted) rate and the planned new
accounts ÷ those meetings, never above its evidence ceiling; only past the ceiling do the
meetings rise (planned new ÷ the ceiling rate), and the attempts with them (``_pipeline``).
Without a meetings stage (``_direct_pipeline``) the appointment attempts are last year's.
A rep without meetings last year keeps the engine's rule (planned new ÷ win rate).
R54=carry1: as carry, the win rate capped at 1 only (not at its evidence ceiling).
R54=carryd: carry's direct branch only (no meetings stage: attempts last year's); the
meetings stage as the engine plans it.
``targets._derive_rep`` wrapped.
"""

from __future__ import annotations

import os

import numpy as np


def apply_carry(ceiling: bool = True, direct_only: bool = False) -> None:
    from routekpi.core import targets

    original = targets._derive_rep

    def patched(ev, row, rep, book=None, appointment_share=None, direct=None):  # type: ignore[no-untyped-def]
        original(ev, row, rep, book, appointment_share, direct)
        attempts = float(ev.base.at[rep, "appointment_attempts"])
        if direct is not None:
            if np.isfinite(attempts):
                row["appointment_attempts"] = attempts
            return
        if direct_only:
            return
        last = float(ev.base.at[rep, "meetings"])
        planned = float(row.get("meetings", np.nan))
        win = float(row.get("meeting_win_rate", np.nan))
        new = float(row.get("new_accounts", np.nan))
        if not (np.isfinite(last) and last > 0 and np.isfinite(planned) and np.isfinite(win)):
            return
        need = max(win, new / last)
        win = targets._bounded(ev, rep, "meeting_win_rate", need) if ceiling else min(need, 1.0)
        meetings = max(new / win, last) if win > 0 else planned
        row["meetings"] = meetings
        row["meeting_win_rate"] = win
        share = (
            targets.meetings_from_appointments(ev, rep)
            if appointment_share is None
            else appointment_share
        )
        row["appointment_attempts"] = targets._pipeline(
            attempts, meetings - last, row.get("appointment_rate", np.nan), share
        )

    targets._derive_rep = patched  # type: ignore[assignment]


def apply() -> None:
    rule = os.environ.get("R54", "")
    if not rule:
        return
    if rule in ("carry", "carry1", "carryd"):
        apply_carry(ceiling=rule == "carry", direct_only=rule == "carryd")
        return
    raise SystemExit(f"unknown R54 rule {rule!r}")
