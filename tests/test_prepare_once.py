"""The engine prepares the history once (meetings as visits, accounts handed over) and the
evidence is built from it without a second pass, with the same evidence as ``build_evidence``."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from routekpi.core import baselines, engine
from routekpi.core.baselines import build_evidence, evidence_of_prepared, prepare_history
from routekpi.core.measure import TEAM
from routekpi.pipeline import compute_file, read_file, validate
from tests.test_transfer import write_book


@pytest.mark.parametrize("colleague", [False, True])
def test_a_recalculation_hands_the_history_over_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, colleague: bool
) -> None:
    """One ``hand_over`` a recalculation, whether accounts move to a newcomer or between
    colleagues (the history then carries the move) — before, ``build_evidence`` ran it again
    on the history the engine had prepared."""
    calls: list[date] = []
    real = baselines.hand_over

    def counted(history: object, as_of: date, year_start: date | None = None) -> object:
        calls.append(as_of)
        return real(history, as_of, year_start)  # type: ignore[arg-type]

    monkeypatch.setattr(baselines, "hand_over", counted)
    monkeypatch.setattr(engine, "hand_over", counted, raising=False)  # where it was called
    path = write_book(tmp_path / "fy2027.xlsm", 2027, date(2026, 12, 31), colleague=colleague)
    (result, _, _, _), _ = compute_file(path)
    assert len(calls) == 1
    # The evidence still measured the history as handed over (test_transfer's figures).
    base = result.evidence.base["revenue"]
    assert base[TEAM] == 12 * (100 + 200 + 300 + 400 + 50) == 12_600
    if not colleague:
        assert base["松本"] == 12 * 200 + 12 * 400  # t2 and s2, the whole year


def test_the_evidence_of_a_prepared_history_is_build_evidences(tmp_path: Path) -> None:
    """``evidence_of_prepared(prepare_history(h))`` is ``build_evidence(h)``: the same
    baseline, plan notes (the handover's among them) and lever evidence."""
    path = write_book(tmp_path / "fy2027.xlsm", 2027, date(2026, 12, 31))
    valid = validate(read_file(path))
    history, settings = valid.inputs.history, valid.settings
    prepared = prepare_history(history, settings)
    handed = prepared.handed
    # holder ← giver, accounts: t3 to 佐藤, s2 and t2 to 松本.
    assert handed is not None
    assert handed.transfers == (("佐藤", "田中", 1), ("松本", "佐藤", 1), ("松本", "田中", 1))
    once = evidence_of_prepared(prepared, settings)
    again = build_evidence(history, settings)
    assert once.base.equals(again.base)
    assert once.base.at["田中", "revenue"] == 12 * 100  # t1 only: t2 is 松本's now
    assert [(n.code, n.params) for n in once.notes] == [(n.code, n.params) for n in again.notes]
    assert "accounts_transferred" in {n.code for n in once.notes}
    assert once.reps == again.reps == ["佐藤", "松本", "田中"]
    assert once.as_of == again.as_of
