"""The words on a rep's handover in the year (core.book_change), shared by the Flags sheet,
the Dashboard's note and a rep's copy: the day, the accounts given and taken, and the
attainment on his own book."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from routekpi.core.book_change import CAUSE_KEY, BookChange
from routekpi.core.calendar import month_span
from routekpi.messages import finite, fmt_pct, fmt_yen, text


def moved_words(day: str, given: int, taken: int, language: str) -> str:
    """「2026-10-01 の担当替え(渡した顧客 17 件、引き継いだ顧客 8 件)」."""
    parts = [text("handover.given", language, n=given)] if given else []
    parts += [text("handover.taken", language, n=taken)] if taken else []
    comma = "、" if language == "ja" else ", "
    return text("handover.moved", language, day=day, parts=comma.join(parts))


def handover_words(p: Mapping[str, object], language: str) -> str:
    """A behind-pace flag's sentence on the handover (core.flags ``_handover_params``)."""
    given, taken = int(p.get("given", 0) or 0), int(p.get("taken", 0) or 0)  # type: ignore[call-overload]
    moved = moved_words(str(p.get("handover", "")), given, taken, language)
    if p.get("basis") == "carried":  # core.carry: the targets went with the accounts
        return text("handover.carried", language, moved=moved)
    if "booked_pace" in p:  # the numbers are his own book's already
        return text("handover.excluded", language, moved=moved)
    said = text("handover.included", language, moved=moved)
    own = _own(p, language, given, taken)
    stop = "。" if language == "ja" else ". "
    return stop.join(filter(None, [said, own]))


def _own(p: Mapping[str, object], language: str, given: int, taken: int) -> str:
    own = p.get("own")
    if not isinstance(own, (int, float)):
        return ""
    basis = str(p.get("basis", ""))
    return change_own_words(float(own), basis, given, taken, p.get("months"), language)


def change_own_words(
    own: float, basis: str, given: int, taken: int, months: object, language: str
) -> str:
    """The attainment on his own book, named by what it leaves out ("" without one)."""
    if not math.isfinite(own) or basis in ("", "carried"):  # carried: as booked is his own
        return ""
    key = f"handover.own_{basis}"
    if basis == "kept" and given and taken:
        key = "handover.own_kept_taken"
    span = ""
    if isinstance(months, (list, tuple)) and months:
        span = month_span(months[0], months[-1])
    return text(key, language, own=fmt_pct(own), months=span)


def change_words(change: BookChange, language: str) -> tuple[str, str]:
    """A ``BookChange`` as (the handover, the attainment on his own book) words."""
    day = change.since.isoformat() if change.since else "—"
    moved = moved_words(day, change.given, change.taken, language)
    months = list(change.before_months)
    own = change_own_words(change.own, change.basis, change.given, change.taken, months, language)
    return moved, own


def review_with_causes(
    rows: list[Sequence[object]], review: object, comment: int, language: str
) -> list[Sequence[object]]:
    """The Review's rows (``render_daily.review_rows``, one per Review record) with the
    finding of a rep behind only for a handover (core.review ``_mark_handover``: no lever
    to coach, as the Flags' info flag) on his revenue row, at column ``comment``."""
    found = [
        (i, detail[CAUSE_KEY], gap)
        for i, (detail, gap) in enumerate(
            zip(getattr(review, "detail", ()), getattr(review, "contribution", ()), strict=False)
        )
        if isinstance(detail, Mapping) and isinstance(detail.get(CAUSE_KEY), Mapping)
    ]
    if not found or len(rows) != len(review):  # type: ignore[arg-type]
        return rows
    out = list(rows)
    for i, cause, gap in found:
        row = list(out[i])
        row[comment] = handover_finding(cause, gap, language)
        out[i] = row
    return out


def handover_finding(cause: Mapping[str, object], gap: object, language: str) -> str:
    """「期初来の差 −¥2,000 は 2026-07-10 の担当替え(…)によるもので、…」."""
    given, taken = int(cause.get("given", 0) or 0), int(cause.get("taken", 0) or 0)  # type: ignore[call-overload]
    moved = moved_words(str(cause.get("handover", "")), given, taken, language)
    own = change_own_words(
        float(cause.get("own", math.nan)),  # type: ignore[arg-type]
        str(cause.get("basis", "")),
        given,
        taken,
        cause.get("months"),
        language,
    )
    value = finite(gap)
    signed = "—" if value is None else ("+" if value >= 0 else "−") + fmt_yen(abs(value))
    return text("review.finding.revenue_handover", language, gap=signed, moved=moved, own=own)
