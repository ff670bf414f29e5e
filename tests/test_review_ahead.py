"""A rep ahead of target (trial31 L8): the Review names what carries him ahead and suggests
no colleague to learn from on a lever he beats; a rep behind still gets the colleague."""

from __future__ import annotations

from routekpi.render_daily import _finding


def _row(rep: str, contribution: float, attainment: float) -> dict[str, object]:
    return {
        "rep": rep,
        "kpi": "visits_per_account",
        "planned": True,
        "detail": {},
        "main": True,
        "contribution": contribution,
        "attainment": attainment,
        "best_rep": "Foster",
        "best_value": 2.28,
        "actual_ytd": 1.929,
    }


def test_a_rep_ahead_is_told_what_carries_him_not_whom_to_learn_from() -> None:
    # Adams (trial31): revenue +¥1,088,587 to date, visits per account 1.929 vs 1.806
    # (106.8%) adding +¥1,130,508 — the lever adding most (core.review._main_lever).
    ahead = _row("Adams", 1_130_508.0, 1.068)
    assert _finding(ahead, {}, "en") == "carries most of the lead over the target (keep it up)"
    assert _finding(ahead, {}, "ja") == "目標を上回っている主因(このまま続けましょう)"
    # Baker behind on the same lever (−¥808,600, 92.1%): learn from Foster, as before.
    behind = _row("Baker", -808_600.0, 0.921)
    assert _finding(behind, {}, "en") == (
        "explains most of the gap; learn from Foster (2.28 visits/account/month)"
    )
