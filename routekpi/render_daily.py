"""Rows and JSON for the Daily (訪問計画) and Review (振り返り) sheets, and specific flag actions.

Kept apart from ``render.py`` so the Daily/Review layout can change without touching the other
sheets; ``render.SHEET_ROWS`` and ``render.to_json`` call in here. Rows are built by column key
(``schema.OUTPUTS``).
"""

from __future__ import annotations

import calendar as stdlib_calendar
import math
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import cast

import numpy as np
import pandas as pd

from routekpi.contract import Check
from routekpi.core.calendar import weekdays_label
from routekpi.core.catalog import KPI_BY_KEY
from routekpi.core.daily import (
    MAX_STAKE_SHARE,
    NOT_SCHEDULED_LISTED,
    YEAR_DAYS,
    DailyPlan,
    without_collections,
)
from routekpi.core.flags import MIN_VISITS_FOR_INTERVAL, PRICE_CODES, VISITS_LINK_KEY
from routekpi.core.frames import records
from routekpi.core.review import (
    BY_ATTAINMENT,
    GAP_ROWS,
    KEPT,
    MOVED,
    NEAR_BEST_KEY,
    OWN,
    SEASON_KEY,
    TAKEN,
    TIED_KEY,
)
from routekpi.io.sheetxml import Cell
from routekpi.messages import MESSAGES, fmt_num, fmt_pct, fmt_yen, text
from routekpi.messages import finite as _num
from routekpi.schema import OUTPUT_BY_NAME
from routekpi.validation.tables import name_key
from routekpi.wrapping import REPEATED_KEYS, continued, pieces

Row = list[object]
DAILY = OUTPUT_BY_NAME["Daily"]
_REVIEW = OUTPUT_BY_NAME["Review"]


def _int(value: object) -> int | None:
    f = _num(value)
    return None if f is None else round(f)


def _signed_pct(value: object) -> str:
    v = _num(value)
    return "—" if v is None else f"{v * 100:+.1f}%"


def _signed_yen(value: object) -> str:
    v = _num(value)
    if v is None:
        return "—"
    return ("+" if v >= 0 else "−") + fmt_yen(abs(v))


def kpi_label(key: str, language: str) -> str:
    """A KPI's label, including the Review's rows that are not KPIs (timing, unsplit)."""
    if key in GAP_ROWS:
        return text(f"review.kpi.{key}", language)
    return KPI_BY_KEY[key].label(language) if key in KPI_BY_KEY else key


def kpi_value(key: str, value: object) -> str:
    """A KPI value formatted in its unit."""
    v = _num(value)
    if v is None:
        return "—"
    unit = KPI_BY_KEY[key].unit if key in KPI_BY_KEY else "ratio"
    if unit == "yen":
        return fmt_yen(v)
    if unit == "rate":
        return fmt_pct(v)
    return fmt_num(v, 0 if unit == "count" and KPI_BY_KEY[key].additive else 2)


def _days(value: object) -> str:
    v = _num(value)
    return "—" if v is None else f"{v:.0f}"


def _late(stop: Mapping[str, object]) -> str:
    """The calendar days from a stop's deadline (``due``, the last day within its usual
    interval) to its day: the unit of the interval beside it. The list's urgency counts
    working days (``overdue_days``); a reader compares the two numbers said together."""
    day, due = stop.get("date"), stop.get("due")
    if isinstance(day, date) and isinstance(due, date):
        return f"{max((day - due).days, 0)}"
    return "—"


# --- Daily ----------------------------------------------------------------------------------


def stop_reason(
    stop: Mapping[str, object], language: str, capacity: int = 0, *, apart: bool = False
) -> str:
    """The reasons of one Daily row as one sentence, most important first (``apart``: the
    orders come apart from the visits, ``DailyPlan.orders_apart``)."""
    sep = "、" if language == "ja" else "; "
    parts = _reason_parts(stop, language, capacity)
    stake = _stake_part(stop, language, apart=apart)
    return sep.join(parts if stake is None else [*parts, stake])


def _reason_parts(stop: Mapping[str, object], language: str, capacity: int) -> list[str]:
    """``stop_reason``'s sentences before the stake's (the whole of a prospecting row's)."""
    sep = "、" if language == "ja" else "; "
    kind = stop.get("kind")
    if kind == "prospecting":
        attempts = fmt_num(float(stop["interval"]), 1)  # type: ignore[arg-type]
        meetings = float(stop["value"])  # type: ignore[arg-type]
        if not meetings >= 0.05:  # none planned (meetings.direct_wins) or left: no 「商談 0.0件」
            return [text("daily.reason.attempts", language, attempts=attempts)]
        return [
            text(
                "daily.reason.meeting",
                language,
                attempts=attempts,
                meetings=fmt_num(meetings, 1),
            )
        ]
    parts: list[str] = []
    interval = _days(stop.get("interval"))
    for code in stop.get("reasons") or ():  # type: ignore[attr-defined]
        if code == "at_risk":
            risk = []
            if "fading" in stop["reasons"]:  # type: ignore[operator]
                change = _signed_pct(stop.get("change"))
                risk.append(text("daily.reason.at_risk_fading", language, change=change))
            if "neglected" in stop["reasons"]:  # type: ignore[operator]
                last, day = stop.get("last_visit"), stop.get("date")
                gap = (day - last).days if isinstance(last, date) and isinstance(day, date) else "—"
                risk.append(
                    text("daily.reason.at_risk_neglected", language, days=gap, interval=interval)
                )
            if "probably_closed" in stop["reasons"]:  # type: ignore[operator]
                # A steady buyer silent 10× its gap (core.flags CLOSED_MIN_ORDERS): once.
                risk.append(text("daily.reason.probably_closed", language))
            elif "long_silent" in stop["reasons"]:  # type: ignore[operator]
                risk.append(text("daily.reason.check_closed", language))
            parts.append(
                text("daily.reason.at_risk_detail", language, what=sep.join(risk))
                if risk
                else text("daily.reason.at_risk", language)
            )
        elif code in ("overdue", "due", "ahead"):
            parts.append(
                text(f"daily.reason.{code}", language, days=_late(stop), interval=interval)
            )
        elif code.startswith(("route:", "route_visit:")):  # core.route_days: its weekdays
            names = text("daily.weekdays", language).split(",")
            days = "・" if language == "ja" else "/"
            # Read from its visit days (core.route_days.route_and_source): the rep's visit
            # route, not a delivery's (trial 40 D1: visited Tuesdays, ordering Thursdays).
            kind, weekdays = code.split(":")
            key = "daily.reason.route_visit" if kind == "route_visit" else "daily.reason.route"
            parts.append(text(key, language, days=days.join(names[int(w)] for w in weekdays)))
        elif code == "route_missed":
            due = stop.get("due")
            when = day_with_weekday(due, language) if isinstance(due, date) else "—"
            visit = any(str(r).startswith("route_visit:") for r in stop["reasons"])  # type: ignore[attr-defined]
            key = "daily.reason.route_visit_missed" if visit else "daily.reason.route_missed"
            parts.append(text(key, language, day=when))
        elif code == "high_value":
            parts.append(
                text("daily.reason.high_value", language, value=fmt_yen(float(stop["value"])))  # type: ignore[arg-type]
            )
        elif code.startswith("season:"):  # core.daily_season: its next order month
            m = int(code.split(":")[1])
            month = f"{m}月" if language == "ja" else stdlib_calendar.month_name[m]
            parts.append(text("daily.reason.season", language, month=month))
        elif code.startswith("stepped_down:"):  # core.daily: ranked at its level since
            parts.append(text("daily.reason.stepped_down", language, since=code.split(":")[1]))
        elif code == "cover":  # a colleague's account, on leave: 代行 (said first)
            parts.insert(0, text("daily.reason.cover", language))
        elif code == "capacity":
            parts.append(
                text(
                    "daily.reason.capacity",
                    language,
                    capacity=capacity,
                    interval=interval,
                    due=str(stop.get("due") or "—"),
                )
            )
    return parts


def _finite(value: object) -> float | None:
    """``finite`` (messages) of a stop's value: a Python float (what the Daily's float
    columns give, ``records``) tested as it is, without ``float()`` and its ``try`` (a
    Daily sheet at a million order lines reads ~150,000); anything else by ``finite``."""
    if value.__class__ is float:
        return value if value - value == 0.0 else None  # type: ignore[operator]  # NaN, ±inf: None
    return _num(value)


def _stake_part(stop: Mapping[str, object], language: str, *, apart: bool = False) -> str | None:
    """``stop_reason``'s last sentence: what ranked the stop (None without a stake, and for
    a prospecting row, whose sentence is its own). ``apart``: the orders come apart from the
    visits (core.visit_days): the same number, said as the days waited × the account's
    orders a day, not as orders a late visit loses (trial 40 M6)."""
    stake = _finite(stop.get("stake"))
    if not stake or stop.get("kind") == "prospecting":
        return None
    # What ranked it (core.daily: the orders a late visit puts at risk).
    share = _finite(stop.get("share"))
    key = "daily.reason.stake" if share is None else "daily.reason.stake_share"
    basis, recent = _finite(stop.get("basis")), _finite(stop.get("value"))
    if share is not None and basis is not None and basis > (recent or 0.0) + 0.5:
        # Based on the year before (a fading account): said, as the row's 直近12か月売上
        # beside it is smaller than the stake can be (trial 19: ¥1,705,730 vs ¥1,326,510).
        key = "daily.reason.stake_share_prior"
    if apart and share is not None:
        key = key.replace("daily.reason.stake_share", "daily.reason.stake_waited")
    # Said as the days of orders it is (core.daily: yearly orders ÷ 365 × the days waited).
    days = max(1, round((share or 0.0) * YEAR_DAYS))
    # (No template says the share as a percentage: not formatted 24,000 times at 1M rows.)
    # ``fmt_yen`` of a finite stake, inlined.
    return _said(key, language, f"¥{stake:,.0f}", days)


# A stop's stake sentence worked out before (``_stake_parts``), under a key no column has.
_STAKE = "\x00stake"
_UNSAID = object()
_STAKE_KEYS = ("daily.reason.stake", "daily.reason.stake_share", "daily.reason.stake_share_prior")
_STAKE_COLUMNS = ("stake", "share", "basis", "value")


def _stake_parts(stops: pd.DataFrame, language: str, apart: bool) -> list[object]:
    """``_stake_part`` of each stop of ``stops``, its choices made column by column (NumPy: a
    Daily sheet at a million order lines has ~24,000 stops), one format a stop with a stake;
    ``_UNSAID`` for each unless the four number columns are floats (``_stake_part`` then)."""
    if "kind" not in stops.columns or not all(
        c in stops.columns and stops[c].dtype == np.float64 for c in _STAKE_COLUMNS
    ):
        return [_UNSAID] * len(stops)
    stake, share, basis, value = (stops[c].to_numpy(dtype=float) for c in _STAKE_COLUMNS)
    finite = np.isfinite
    said = finite(stake) & (stake != 0.0) & (stops["kind"] != "prospecting").to_numpy(dtype=bool)
    shared = finite(share)
    # basis > (recent or 0.0) + 0.5, as ``_stake_part`` reads a blank recent value.
    prior = shared & finite(basis) & (basis > np.where(finite(value), value, 0.0) + 0.5)
    which = np.where(shared, np.where(prior, 2, 1), 0)[said].tolist()
    keys = _STAKE_KEYS
    if apart:
        keys = tuple(
            k.replace("daily.reason.stake_share", "daily.reason.stake_waited") for k in keys
        )
    # max(1, round(share × YEAR_DAYS)): NumPy's rounding is Python's (half to even).
    days = np.maximum(1, np.round(np.where(shared, share, 0.0) * YEAR_DAYS))[said]
    out: list[object] = [None] * len(stops)
    at = np.flatnonzero(said).tolist()
    yen, n = stake[said].tolist(), days.astype(np.int64).tolist()
    for i, k, y, d in zip(at, which, yen, n, strict=True):
        out[i] = _said(keys[k], language, f"¥{y:,.0f}", d)
    return out


# The stake sentences' templates by (key, language), looked up once (``_said``); None where
# ``text`` must say it (English: its singular rule).
_STAKE_TEMPLATES: dict[tuple[str, str], str | None] = {}


def _said(key: str, language: str, value: str, days: int) -> str:
    """``text(key, language, value=value, days=days)``, its template looked up once per key
    and language (a stop each: ~24,000 at a million order lines). A language's own template
    is formatted here as ``text`` formats it; English (``text`` turns "1 days" singular) and
    a key or language without one go through ``text``."""
    found = _STAKE_TEMPLATES.get((key, language), "")
    if found == "":
        entry = MESSAGES.get(key)
        own = entry.get(language) if entry is not None else None
        found = own if own and own is not entry.get("en") else None  # type: ignore[union-attr]
        _STAKE_TEMPLATES[(key, language)] = found
    if found is None:
        return text(key, language, value=value, days=days)
    try:
        return found.format(value=value, days=days)
    except (KeyError, IndexError, ValueError):
        return text(key, language, value=value, days=days)


def day_with_weekday(day: date, language: str, year: bool = False) -> str:
    """A day as a person reads it in a sentence: 12/2(水), Wed 12/2 (with the year if asked)."""
    dow = text("daily.weekdays", language).split(",")[day.weekday()]
    month = f"{day.year}/{day.month}" if year else str(day.month)
    return text("daily.date_dow", language, month=month, day=day.day, dow=dow)


# The checks the Daily reads (``visits_unmatched``): pipeline.OutputRenderer hands them over.
DAILY_CHECKS = ("visits_accounts_unmatched",)


def visits_unmatched(checks: Iterable[Check]) -> bool:
    """Whether Checks says the visit log's accounts (almost) never are the orders' or the
    master's (validation.visit_names.overlap_check): the Daily's never-visited accounts are
    then that, not billing or head-office accounts (trial 49 H1)."""
    return any(c.problem in DAILY_CHECKS for c in checks)


def daily_span(plan: DailyPlan, language: str, *, unmatched: bool = False) -> str:
    """The list's days in one sentence: its first day, how many, why it starts there, and the
    last day of actuals (e.g. 12/2(水)から10営業日分…実績は12/1まで); "" for an empty plan."""
    first, through = plan.first_day, plan.data_through
    if first is None or through is None or not len(plan.days):
        return ""
    year = first.year != through.year or (plan.as_of is not None and plan.as_of.year != first.year)
    seen = plan.visits_through
    actuals = day_with_weekday(through, language, year)
    if seen is not None and seen > through:  # visits typed past the last order: both days
        visits = day_with_weekday(seen, language, year)
        actuals = text("daily.through_split", language, orders=actuals, visits=visits)
    rule = plan.start_rule
    if rule == "today" and seen is not None and seen > through:
        rule = "today_split"  # both inputs stop before today: each day said (trial 43 L3)
    span = text(
        f"daily.span.{rule}",
        language,
        first=day_with_weekday(first, language, year),
        days=plan.days["date"].nunique(),
        through=actuals,
        as_of=day_with_weekday(plan.as_of, language, year) if plan.as_of else "—",
        visits=day_with_weekday(seen, language, year) if seen else "—",
        today=day_with_weekday(plan.today, language, year) if plan.today else "—",
        typed=day_with_weekday(plan.typed_start, language, year) if plan.typed_start else "—",
    )
    sep = "。" if language == "ja" else ". "
    if rule == "next_visit" and plan.as_of is not None:
        # Visits are current, orders are not: name the one input behind (trial 43 L3).
        span += sep + text(
            "daily.orders_behind", language, as_of=day_with_weekday(plan.as_of, language, year)
        )
    rhythm = plan.rhythm_from
    if rhythm:  # visit records the plan does not use: where each account's rhythm came from
        # No "orders" count: the order days were not read (a compact history without them).
        key = "daily.rhythm_mixed" if "orders" in rhythm else "daily.rhythm_visits"
        span += sep + text(
            key,
            language,
            min=MIN_VISITS_FOR_INTERVAL,
            visits=f"{rhythm.get('visits', 0):,}",
            orders=f"{rhythm.get('orders', 0):,}",
        )
    elif plan.from_orders:  # no visit records: the order days were the contacts (one line)
        span += sep + text("daily.from_orders", language)
    if plan.not_returned and plan.as_of is not None:  # trial 46 H3: whose log is not in
        # 「次の見込みで数えています」 only when that line follows: a list starting within the
        # usual interval of the as-of date takes nobody's accounts as visited in between.
        taken = plan.assumed is not None and plan.assumed[2] > 0
        taken = taken and any(r in plan.assumed_of for r in plan.not_returned)
        span += sep + text(
            "daily.not_returned" if taken else "daily.not_returned_due",
            language,
            after=day_with_weekday(plan.as_of, language, year),
            names=("・" if language == "ja" else ", ").join(plan.not_returned),
            count=len(plan.not_returned),
        )
    if plan.assumed is not None and plan.assumed[2]:  # core.daily.on_rhythm
        a, b, n = plan.assumed
        span += sep + text(
            "daily.assumed_orders" if plan.from_orders else "daily.assumed",
            language,
            first=day_with_weekday(a, language, year),
            last=day_with_weekday(b, language, year),
            count=f"{n:,}",
        )
    if plan.never_visited:  # trial 46 M7: ordering accounts never visited, left off
        # A visit log matching no order account (``unmatched``): Checks says why, not the
        # guess that they are billing or head-office accounts (trial 49).
        key = "daily.never_visited_unmatched" if unmatched else "daily.never_visited"
        span += sep + text(key, language, count=f"{plan.never_visited:,}")
    return span


def stake_rule(language: str, apart: bool = False) -> str:
    """The Daily's second line: how the yen at stake is worked out (core.daily); ``apart``
    (``DailyPlan.orders_apart``): the same rule said as a priority, not as lost orders."""
    key = "daily.stake_rule_apart_paced" if apart else "daily.stake_rule_paced"
    return text(key, language, cap=fmt_pct(MAX_STAKE_SHARE, 0))


# The lines above the first rep's rows: the list's days (``daily_span``), the stake rule;
# unwrapped (``daily_rows(wrap=False)``, the console), one row each.
HEAD_ROWS = 2
# On the sheet they wrap at the width of the columns every printed page repeats at its left
# (the print titles: rep … name), so that they print whole on the stops' page and on the
# numbers' page beside it (trial 28 L6: one line ran on past the page edge and was cut).
HEAD_WIDTH = sum(
    c.width
    for c in DAILY.columns[
        : max(i for i, c in enumerate(DAILY.columns) if c.key in DAILY.paper.title_keys) + 1
    ]
)


def head_rows(
    plan: DailyPlan, language: str, *, wrap: bool = True, unmatched: bool = False
) -> list[Row]:
    """The Daily's first rows: the list's days, then how the yen at stake is worked out, each
    wrapped at ``HEAD_WIDTH`` over rows of its own (``wrap=False``: one row each;
    ``unmatched``: ``visits_unmatched``)."""
    rows: list[Row] = []
    span = daily_span(plan, language, unmatched=unmatched)
    for line in (span, stake_rule(language, plan.orders_apart)):
        # Pieces that joined give the line exactly (a space at a break ends the line above).
        parts = balanced_pieces(line, HEAD_WIDTH) if wrap else [line]
        rows += [DAILY.row({"rep": Cell(part, "rk_text")}) for part in parts]
    return rows


def balanced_pieces(line: str, width: float) -> list[str]:
    """``pieces`` of ``line`` in as few printed lines as ``width`` allows, of even length:
    the narrowest width giving no more lines (trial 40 D4: 「…実績は10/30(金)」 over a line
    of its own holding 「まで」, the head's lines cut at the print titles' edge)."""
    parts = pieces(line, width) or [line]
    if len(parts) < 2:
        return parts
    lo, hi = width / len(parts), width
    for _ in range(16):  # to a hundredth of a column: as even as the breaks allow
        mid = (lo + hi) / 2
        if len(pieces(line, mid) or [line]) <= len(parts):
            hi = mid
        else:
            lo = mid
    return pieces(line, hi) or [line]


def _day_text(day: Mapping[str, object], language: str) -> str:
    if day.get("leave") is True:  # a day of his leave (the Leave sheet)
        return text("daily.day_leave", language)
    if day.get("off") is True and isinstance(day.get("date"), date):  # the rep's day off
        dow = text("daily.weekdays", language).split(",")[day["date"].weekday()]  # type: ignore[union-attr]
        return text("daily.day_off", language, dow=dow)
    km = _num(day.get("distance"))
    route = text("daily.route", language, km=fmt_num(km, 1)) if km is not None else ""
    if _num(day["pace_visits"]) is None:  # a day before the plan year: no pace of its own
        return text(
            "daily.day_before",
            language,
            visits=day["visits"],
            capacity=day["capacity"],
            route=route,
        )
    none = text("daily.pace_none", language)

    def pace(key: str, fmt: Callable[[float], str]) -> str:
        value = float(day[key])  # type: ignore[arg-type]
        return none if value <= 0 else fmt(value)

    return text(
        "daily.day",
        language,
        visits=day["visits"],
        capacity=day["capacity"],
        pace_visits=pace("pace_visits", lambda v: _visit_pace(v, day.get("capacity"), language)),
        pace_orders=pace("pace_orders", lambda v: fmt_num(v, 1)),
        pace_revenue=pace("pace_revenue", fmt_yen),
        route=route,
    )


def _visit_pace(value: float, capacity: object, language: str) -> str:
    """The day's visit pace, said to be over the day's capacity when it is (trial 51 M5: 「訪問
    27件/上限 27件|必要ペース/日: 訪問 34.5」 with no word that no full day keeps it)."""
    shown = fmt_num(value, 1)
    cap = _num(capacity)
    if cap is not None and round(value, 1) > cap:
        return text("daily.pace_over_cap", language, pace=shown)
    return shown


def weekday_caps_line(own: Mapping[int, int], capacity: int, language: str) -> str:
    """「1日の訪問上限は曜日の実績から: 土 4件(他の曜日 8件)」: the weekdays with a capacity of
    their own (core.daily.weekday_capacities), Monday first."""
    names = text("daily.weekdays", language).split(",")
    sep = "・" if language == "ja" else ", "
    days = sep.join(
        text("daily.weekday_cap", language, dow=names[w], capacity=c)
        for w, c in sorted(own.items())
    )
    return text("daily.weekday_caps", language, days=days, capacity=capacity)


def bar_pieces(line: str, width: float) -> list[str]:
    """``pieces`` of a line in parts joined by 「|」 (a day's line: 「訪問 15件/上限 15件|必要
    ペース/日: …・売上 ¥737,811|41.2 km」), broken after a 「|」 where it must break, whole
    parts packed on each line, when that takes no more lines than ``pieces`` (trial 40 D4:
    「…売上」 at one line's end and 「¥737,811|41.2 km」 on the next, the amount apart from
    its label). A part longer than a line is broken as ``pieces`` breaks it."""
    plain = pieces(line, width) or [line]
    if len(plain) < 2:
        return plain
    first, *rest = line.split("|")
    lines: list[str] = []
    current = first
    for part in rest:
        joined = f"{current}|{part}"
        if len(pieces(joined, width) or [joined]) > 1:  # breaks after this 「|」
            lines.append(current + "|")
            current = part
        else:
            current = joined
    lines.append(current)
    out = [p for line_ in lines for p in (pieces(line_, width) or [line_])]
    return out if len(out) <= len(plain) and "".join(out) == line else plain


def _plain(cell: object) -> object:
    return cell.value if isinstance(cell, Cell) else cell


def rep_page_breaks(table: list[Row]) -> list[int]:
    """The Daily sheet's manual page breaks (``table``: its rows from the header, row 1):
    one before each rep's first dated row after the first rep's, so that each rep's days
    print on paper of their own (trial 38 M3). Each is the Excel row the page ends after
    (OOXML ``<brk id>``). The lines above the list (no date) are not a rep's."""
    breaks: list[int] = []
    current: object = None
    for at, row in enumerate(table[1:], start=1):
        rep, day = (_plain(row[0]), _plain(row[1])) if len(row) > 1 else (None, None)
        if rep in (None, "") or day in (None, ""):
            continue
        if current is not None and rep != current:
            breaks.append(at)  # the row above (Excel row ``at``) ends the page
        current = rep
    return breaks


@without_collections  # ~26,000 rows at a million order lines: none of them cyclic garbage
def daily_rows(
    plan: DailyPlan, language: str, *, wrap: bool = True, unmatched: bool = False
) -> list[Row]:
    """Daily sheet rows: per rep and day a summary line, then the stops in route order, then
    the day's pace gap (if any) and prospecting; not-scheduled accounts follow each rep's
    days. A long reason goes on in
    the rows below its stop (``_ReasonLines``); ``wrap=False``: each in one cell (a terminal
    does not cut it; ``unmatched``: ``visits_unmatched``)."""
    if not len(plan.days):
        return [DAILY.row({"rep": Cell(text("daily.empty", language), "rk_text")})]
    # One pass over each frame into plain dicts, grouped by rep and by day in frame order
    # (a pandas filter and to_dict per rep and day cost more than the rows themselves).
    stops_by: dict[object, dict[object, list[dict[str, object]]]] = {}
    unscheduled: dict[object, list[dict[str, object]]] = {}
    # The places are not read here (each stop's 18 other fields are).
    stops = records(plan.stops.drop(columns=["lat", "lon"], errors="ignore"))
    for s, said in zip(stops, _stake_parts(plan.stops, language, plan.orders_apart), strict=True):
        s[_STAKE] = said
    for s in stops:
        if s["kind"] == "not_scheduled":
            unscheduled.setdefault(s["rep"], []).append(s)
        else:
            stops_by.setdefault(s["rep"], {}).setdefault(s["date"], []).append(s)
    days_by: dict[object, list[dict[str, object]]] = {}
    for d in records(plan.days):
        days_by.setdefault(d["rep"], []).append(d)
    # First the list's days in words, then how the yen at stake is worked out (each wrapped
    # at the print titles' width: ``head_rows``).
    rows: list[Row] = head_rows(plan, language, wrap=wrap, unmatched=unmatched)
    apart = plan.orders_apart  # the stake said as days waited (core.visit_days)
    reasons: dict[tuple[object, ...], list[str]] = {}
    stop_row = _StopRows().row
    add = _ReasonLines(rows).add if wrap else rows.append
    for rep, rep_days in days_by.items():
        cap = plan.capacity.get(str(rep), 0)
        mine = stops_by.get(rep, {})
        resting = plan.off_season.get(str(rep), 0)
        lines = [text("daily.off_season", language, count=resting)] if resting else []
        # A colleague's leave (core.daily.leave_covers): on this list, or on nobody's.
        lines += [
            _covering(plan, str(rep), h, n, language)
            for h, n in plan.covering.get(str(rep), {}).items()
        ]
        if plan.uncovered.get(str(rep)):
            key = "daily.uncovered_orders" if plan.cover_by_orders else "daily.uncovered"
            lines.append(text(key, language, count=plan.uncovered[str(rep)]))
        if own := plan.weekday_capacity.get(str(rep)):  # a half-day Saturday: its own limit
            lines.append(weekday_caps_line(own, cap, language))
        if (year := plan.capacity_young.get(str(rep))) is not None and year != cap:
            # A new hire's limit from his last 3 months (core.daily._young): said, with the
            # 12 months' one it replaces.
            lines.append(text("daily.young_cap", language, capacity=cap, year=year))
        for line in lines:  # one line each before his days, on the first
            first = Cell(rep_days[0]["date"], "rk_date")
            rows.append(DAILY.row({"rep": rep, "date": first, "reason": Cell(line, "rk_text")}))
        # The accounts he took over from a departed colleague: what his pace counts (trial
        # 35 M2), wrapped as the reasons are (two printed lines' worth).
        for count, total, since in plan.taken.get(str(rep), {}).values():
            key = "daily.taken" if since is not None else "daily.taken_undated"
            when = since.isoformat() if since is not None else ""
            # The colleague is not named: a rep's copy withholds a line naming another rep
            # (share.copies.Guard), and a wrapped line would lose its first row only.
            said = text(key, language, count=count, total=total, since=when)
            first = Cell(rep_days[0]["date"], "rk_date")
            add(DAILY.row({"rep": rep, "date": first, "reason": Cell(said, "rk_text")}))
        for day in rep_days:
            label = text("daily.day_label", language, date=day_with_weekday(day["date"], language))
            day_row = {
                "rep": rep,
                "date": Cell(day["date"], "rk_date"),
                "name": Cell(label, "rk_header"),  # the header look marks where a day starts
                # Wrapped as the stops' reasons are: run on over the empty cells to its right,
                # its end ("| 38.3 km") printed on the sheet's second page (trial 31 L11).
                "reason": Cell(_day_text(day, language), "rk_text"),
            }
            add(DAILY.row(day_row))
            gap = _int(day.get("pace_gap")) or 0
            for s in mine.get(day["date"], ()):
                if s["kind"] == "prospecting":
                    if gap:  # the pace gap goes to prospecting: said just above its line
                        add(_gap_row(rep, day["date"], "daily.pace_gap_prospecting", gap, language))
                        gap = 0
                    prospect = {
                        "rep": rep,
                        "date": Cell(s["date"], "rk_date"),
                        "name": text("daily.prospecting", language),
                        "reason": stop_reason(s, language, cap, apart=apart),
                    }
                    add(DAILY.row(prospect))
                    continue
                add(stop_row(s, _reason(s, language, cap, reasons, apart)))
            if gap:  # no prospecting target to send it to: the gap alone
                add(_gap_row(rep, day["date"], "daily.pace_gap", gap, language))
        # Not scheduled: the ones with most at stake, and one line for the rest (core.daily:
        # on a crowded book a one-day list left ~35 a rep, trial 22).
        waiting = sorted(unscheduled.get(rep, ()), key=lambda x: -(_num(x.get("stake")) or 0.0))
        for s in waiting[:NOT_SCHEDULED_LISTED]:
            row = stop_row(s, _reason(s, language, cap, reasons, apart))
            row[2] = text("daily.not_scheduled", language)  # the order column
            add(row)
        rest = waiting[NOT_SCHEDULED_LISTED:]
        if rest:
            stake = sum(_num(x.get("stake")) or 0.0 for x in rest)
            more = "daily.not_scheduled_more_apart" if apart else "daily.not_scheduled_more"
            line = text(more, language, count=len(rest), stake=fmt_yen(stake))
            more = {
                "rep": rep,
                "date": Cell(rest[0]["date"], "rk_date"),
                "order": text("daily.not_scheduled", language),
                "name": text("daily.not_scheduled_more_name", language),
                "reason": line,
            }
            add(DAILY.row(more))
    return rows


def _covering(plan: DailyPlan, cover: str, holder: str, count: int, language: str) -> str:
    """The cover's line for a colleague on leave: his accounts on this list, and the record
    the cover was read from (``core.daily.CoverRecord``: cover visits, or orders booked while
    he was away in a book without visit records)."""
    if holder in plan.cover_declared.get(cover, set()):  # the Leave sheet's 代行者
        return text("daily.covering_declared", language, holder=holder, count=count)
    found = plan.cover_from.get(holder)
    dated = found is not None and found.source in ("orders", "absence")
    if not dated or found.first is None or found.last is None:
        return text("daily.covering", language, holder=holder, count=count)
    when = found.first.isoformat()
    if found.last != found.first:  # 2026-08-17〜08-21 (the year once when it is one)
        same = found.last.year == found.first.year
        last = found.last.strftime("%m-%d") if same else found.last.isoformat()
        when += ("〜" if language == "ja" else " – ") + last
    return text(
        "daily.covering_orders" if found.source == "orders" else "daily.covering_absence",
        language,
        holder=holder,
        count=count,
        cover=cover,
        orders=f"{found.count:,}",
        when=when,
    )


def _gap_row(rep: object, day: date, key: str, gap: int, language: str) -> Row:
    """The day's pace gap in one line (``core.daily``: visits the pace asks for that no
    account past its rest can fill)."""
    return DAILY.row(
        {
            "rep": rep,
            "date": Cell(day, "rk_date"),
            "name": text("daily.pace_gap_name", language),
            "reason": text(key, language, gap=gap),
        }
    )


# _StopRows.row's cells, in the sheet's column order (checked here, once).
_STOP_KEYS = (
    "rep",
    "date",
    "order",
    "account",
    "name",
    "priority",
    "reason",
    "last_visit",
    "interval",
    "value",
    "distance",
)
assert tuple(DAILY.keys) == _STOP_KEYS, "render_daily._StopRows.row follows the Daily columns"
_REASON_AT = _STOP_KEYS.index("reason")
_AT = {key: i for i, key in enumerate(_STOP_KEYS)}
_REASON_WIDTH = DAILY.columns[_REASON_AT].width
# ``wrapping.wrap_text``'s line limit at that width: a text no wider is one line.
_REASON_LIMIT = max(int(_REASON_WIDTH) - 2, 8)


# The cells a continued reason's rows repeat: the rep and the date, not the account's code
# and name (``_ReasonLines``).
_CONTINUED_KEYS = tuple(k for k in REPEATED_KEYS[DAILY.name] if k not in ("account", "name"))


class _ReasonLines:
    """Appends a stop's row with its reason wrapped at the column's width, as the Checks and
    Flags sheets wrap theirs (``routekpi.wrapping``): a long reason in one cell printed cut
    at the next column (「…影響額 ¥1,101,287(年間受注の」). The rest goes on in the rows
    below, which repeat the rep and the date in grey (a filter on either, and a rep's copy,
    keep the whole reason) but not the account: with its code and name a continued reason
    read as the same stop listed twice (trial 30 L8). Joined top to bottom the cells give the
    reason exactly.
    Each distinct reason is wrapped once (a few hundred over tens of thousands of stops)."""

    def __init__(self, rows: list[Row]) -> None:
        self._rows = rows
        self._lines: dict[str, list[str]] = {}

    def add(self, row: Row) -> None:
        cell = row[_REASON_AT] if len(row) > _REASON_AT else None
        # A reason in a style of its own (a day's line, 「訪問 5件/上限 8件|…」) keeps it on
        # its first line; the lines below are the column's grey, as a stop's.
        reason = cell.value if isinstance(cell, Cell) else cell
        if not isinstance(reason, str) or not reason:
            self._rows.append(row)
            return
        # Within the column by the widest count (2 units a character, 1 an ASCII one): one
        # line, as ``wrap_text``'s own first test says, without its call and ``split_at``'s
        # (9 in 10 of the reasons; issue 14). Twice the characters within it: one line without
        # the count of ASCII ones (its ``encode`` is ~1 µs a reason; more than half of them).
        wide = 2 * len(reason)
        if wide <= _REASON_LIMIT or wide - len(reason.encode("ascii", "ignore")) <= _REASON_LIMIT:
            self._rows.append(row)
            return
        parts = self._lines.get(reason)
        if parts is None:
            wrap = bar_pieces if "|" in reason else pieces  # a day's line: at its 「|」
            parts = self._lines[reason] = wrap(reason, _REASON_WIDTH)
        if len(parts) == 1:
            self._rows.append(row)
            return
        row[_REASON_AT] = Cell(parts[0], cell.style) if isinstance(cell, Cell) else parts[0]
        self._rows.append(row)
        kept = {key: row[_AT[key]] for key in _CONTINUED_KEYS}
        self._rows += continued(DAILY, kept, {"reason": parts})


# The stop number's and the rank's cell style: the sheet's own (schema), so that a narrow
# number column can be aligned away from the text beside it in one place.
_ORDER_STYLE = DAILY.columns[_STOP_KEYS.index("order")].style
_RANK_STYLE = DAILY.columns[_STOP_KEYS.index("priority")].style


class _StopRows:
    """One stop's row (what ``DAILY.row`` makes of its cells by key, built in place), its
    cells shared where values repeat: a Cell is immutable, and a Daily sheet's tens of
    thousands of stops hold a few hundred dates, ranks and intervals.
    Each cache is keyed by the value and its type (1 and 1.0, a date and a Timestamp stay
    apart); a zero interval and the distances and amounts (mostly distinct) are made anew."""

    def __init__(self) -> None:
        self._ints: dict[tuple[type, object], Cell] = {}
        self._dates: dict[tuple[type, object], Cell] = {}
        self._intervals: dict[tuple[type, object], Cell] = {}
        self._keys: dict[str, str] = {}  # name → name_key(name): an account's on every day

    def _key(self, name: str) -> str:
        key = self._keys.get(name)
        if key is None:
            key = self._keys[name] = name_key(name)
        return key

    def row(self, s: Mapping[str, object], reason: str) -> Row:
        """The stop's cells in column order (``_STOP_KEYS``)."""
        ints, dates = self._ints, self._dates
        day, order, priority = s["date"], s.get("order"), s.get("priority")
        last, interval = s.get("last_visit"), s.get("interval")
        if not isinstance(last, date):
            last = None
        key = (type(day), day)
        day_cell = dates.get(key) or dates.setdefault(key, Cell(day, "rk_date"))
        key = (type(order), order, _ORDER_STYLE)
        order_cell = ints.get(key) or ints.setdefault(key, Cell(_int(order), _ORDER_STYLE))
        key = (type(priority), priority, _RANK_STYLE)
        rank_cell = ints.get(key) or ints.setdefault(key, Cell(_int(priority), _RANK_STYLE))
        key = (type(last), last)
        last_cell = dates.get(key) or dates.setdefault(key, Cell(last, "rk_date"))
        if interval:  # not 0.0 or −0.0 (equal keys, maybe not equal cells)
            key = (type(interval), interval)
            known = self._intervals.get(key)
            if known is None:
                known = self._intervals[key] = Cell(_num(interval), "rk_int")
            interval_cell = known
        else:
            interval_cell = Cell(_num(interval), "rk_int")
        account, name = s["account"], s.get("name")
        if isinstance(name, str) and isinstance(account, str) and self._key(name) == account:
            # A book keyed by the customer's name (no code column): the 顧客 cell is the name
            # as typed, not its key (spaces removed, 株式会社 → (株): trial 38 M3), and the
            # 顧客名 cell is left empty, so the name reads once, over both columns.
            account, name = name, None
        return [
            s["rep"],
            day_cell,
            order_cell,
            account,
            name or None,
            rank_cell,
            reason,
            last_cell,
            interval_cell,
            Cell(_finite(s.get("value")), "rk_yen"),
            Cell(_finite(s.get("distance")), "rk_dec"),
        ]


def _reason(
    s: Mapping[str, object],
    language: str,
    capacity: int,
    seen: dict[tuple[object, ...], list[str]],
    apart: bool = False,
) -> str:
    """``stop_reason``, its sentences before the stake's once per distinct set of what they
    read (a sheet at a million order rows has ~5,600 over 24,000 stops, but ~19,000 distinct
    stakes). The key holds every field ``_reason_parts`` reads (keep the two in step)."""
    codes = s.get("reasons") or ()
    key = (
        s.get("kind"),
        codes,
        s.get("interval"),
        s.get("overdue_days"),
        s.get("change") if "fading" in codes else None,
        (s.get("date"), s.get("last_visit")) if "neglected" in codes else None,
        s.get("value") if "high_value" in codes or s.get("kind") == "prospecting" else None,
        (capacity, s.get("due")) if "capacity" in codes else None,
        (s.get("date"), s.get("due")) if "overdue" in codes or "route_missed" in codes else None,
    )
    found = seen.get(key)
    if found is None:
        found = seen[key] = _reason_parts(s, language, capacity)
    known = s.get(_STAKE, _UNSAID)
    stake = _stake_part(s, language, apart=apart) if known is _UNSAID else cast("str | None", known)
    sep = "、" if language == "ja" else "; "
    return sep.join(found if stake is None else [*found, stake])


def daily_json(plan: DailyPlan, language: str) -> list[dict[str, object]]:
    """``daily[rep, date, order, account, reason, priority]`` (+ kind, name, reasons, km)."""
    out: list[dict[str, object]] = []
    for s in records(plan.stops):
        cap = plan.capacity.get(str(s["rep"]), 0)
        visit = s["kind"] == "visit"
        out.append(
            {
                "rep": s["rep"],
                "date": s["date"].isoformat(),
                "order": _int(s["order"]) if visit else None,
                "account": s["account"] or None,
                "reason": stop_reason(s, language, cap, apart=plan.orders_apart),
                "priority": _int(s["priority"]) if visit else None,
                "kind": s["kind"],
                "name": s.get("name") or None,
                "reasons": list(s["reasons"]),
                "distance_km": _num(s.get("distance")),
                "stake": _num(s.get("stake")),
                "stake_share": _num(s.get("share")),  # of a year's orders (core.daily)
                "stake_basis": _num(s.get("basis")),  # those orders (the better of two years)
            }
        )
    return out


def daily_days_json(plan: DailyPlan) -> list[dict[str, object]]:
    """One summary per rep and day: visits, capacity, pace numbers, route length."""
    return [
        {
            "rep": d["rep"],
            "date": d["date"].isoformat(),
            "visits": int(d["visits"]),
            "capacity": int(d["capacity"]),
            "pace_visits": _num(d["pace_visits"]),
            "pace_orders": _num(d["pace_orders"]),
            "pace_revenue": _num(d["pace_revenue"]),
            "pace_meetings": _num(d["pace_meetings"]),
            "pace_attempts": _num(d["pace_attempts"]),
            "distance_km": _num(d["distance"]),
            "off": d.get("off") is True,  # a weekday the rep does not work: no list
            "leave": d.get("leave") is True,  # a day of his leave (the Leave sheet)
            # visits the pace asks for that no account past its rest can fill (core.daily)
            "pace_gap": _int(d.get("pace_gap")) or 0,
        }
        for d in plan.days.to_dict("records")
    ]


# --- Review ---------------------------------------------------------------------------------


def _review_style(key: str) -> str:
    if key in GAP_ROWS:
        return "rk_yen"
    return KPI_BY_KEY[key].style if key in KPI_BY_KEY else "rk_dec"


def _best_text(key: str, value: object, language: str) -> str:
    """The best performer's number in a flag's action: 「達成率 103.7%」 for book-size KPIs and
    unit price (core.review ``BY_ATTAINMENT``: compared by attainment, so said to be one;
    a bare 100.0% beside 「取引単価 ¥85 / 目標 ¥100」 read as a price), else the KPI's own value."""
    if key in BY_ATTAINMENT:
        return text("review.best.attainment", language, value=fmt_pct(_num(value) or math.nan))
    return kpi_value(key, value)


def best_text(key: str, value: object, language: str) -> str:
    """The Review's best value with what it is: 「達成率 103.7%」 for a book-size KPI (the reps
    are compared by attainment), else the KPI's own value with its unit (¥48,399, 14.2%,
    3.55 回/顧客・月); "—" when there is none."""
    v = _num(value)
    if v is None:
        return "—"
    if key in BY_ATTAINMENT:
        return text("review.best.attainment", language, value=fmt_pct(v))
    shown = kpi_value(key, v)
    kpi = KPI_BY_KEY.get(key)
    if kpi is None or kpi.unit in ("yen", "rate"):  # ¥ and % say it already
        return shown
    unit_key = f"review.unit.{key}"
    unit = text(unit_key, language)
    if unit == unit_key:
        unit = text("review.unit.count", language) if kpi.unit == "count" else ""
    return text("review.best.value", language, value=shown, unit=unit).strip()


def _pct(value: object) -> str:
    """12.3%, "—" when blank (0.0% stays 0.0%: a share of nothing is a share)."""
    v = _num(value)
    return fmt_pct(math.nan if v is None else v)


def _since(detail: Mapping[str, object], key: str, language: str) -> str:
    """The handover's day after the count of accounts; blank without one (no line dates it
    yet): no empty range "(—〜)"."""
    first = detail.get("first")
    return text(key, language, first=first) if first else ""


# The main row's words where the visits do not bring the orders (core.visit_days.visit_link),
# and the behind-pace flag's action.
TIED_FINDING = {
    "apart": "review.finding.main_orders_apart",
    "deliveries": "review.finding.main_deliveries",
}
TIED_ACTION = {
    "apart": "action.behind_pace_orders_apart",
    "deliveries": "action.behind_pace_deliveries",
}


# A visits behind-pace flag's action there (core.flags ``VISITS_LINK_KEY``): the visit
# frequency, with no orders measure and no part of the revenue.
VISITS_TIED_ACTION = {
    "apart": "action.behind_pace_visits_apart",
    "deliveries": "action.behind_pace_visits_deliveries",
}


def _tied_text(key: str, said: Mapping[str, object], language: str) -> str:
    """A Review finding or flag action where the visits do not bring the orders
    (core.review ``TIED_KEY``): orders per account to date, its target and its part."""
    return text(
        key,
        language,
        actual=best_text("orders_per_account", said.get("tied_actual"), language),
        target=best_text("orders_per_account", said.get("tied_target"), language),
        contribution=_signed_yen(said.get("tied_contribution")),
    )


def _team_sum(r: Mapping[str, object], finding: str, language: str) -> str:
    """A team lever row's finding with what its figures are (core.review ``TEAM_SUM_KEY``;
    trial 42 M2): the reps' values at the baseline's mix and the sum of their parts, mostly
    whose, so it is not read against the Dashboard's team figure."""
    detail = r.get("detail") or {}
    said = detail.get("team_sum") if isinstance(detail, Mapping) else None
    if not isinstance(said, Mapping):
        return finding
    note = text(
        "review.finding.team_sum" if said.get("mix", True) else "review.finding.team_sum_count",
        language,
        rep=said.get("rep", ""),
        part=_signed_yen(said.get("part")),
        away=text("review.finding.team_sum_away", language) if said.get("away") else "",
    )
    return f"{finding}{text('review.finding.team_sum_sep', language)}{note}" if finding else note


def _finding(
    r: Mapping[str, object], main_of: Mapping[object, Mapping[str, object]], language: str
) -> str:
    """The Review row's comment; ``main_of``: each rep's first main-lever row."""
    key = str(r["kpi"])
    detail = r.get("detail") or {}
    if not r.get("planned", True):
        if key != "revenue":
            return ""
        if detail.get("accounts"):  # a newcomer who took accounts over during the year
            since = _since(detail, "review.finding.since_inline", language)
            return text("review.finding.no_target_taken", language, **{**detail, "since": since})
        return text("review.finding.no_target", language, since=detail.get("since", ""))
    if key in (MOVED, KEPT, TAKEN, OWN) and isinstance(detail, Mapping):
        return text(
            f"review.finding.{key}",
            language,
            accounts=detail.get("accounts", ""),
            since=_since(detail, "review.finding.since", language),
            share=_pct(detail.get("share")),
            attainment=_pct(r["attainment"]),
            booked=_pct(detail.get("booked")),
        )
    if key == "revenue" and detail.get("departed"):  # left during the year: no one to coach
        return text(
            "review.finding.departed",
            language,
            day=detail["departed"],
            actual=fmt_yen(_num(r["actual_ytd"]) or 0.0),
        )
    if key == "revenue" and detail.get("away_all"):  # on leave all of it (core.review)
        return text("review.finding.revenue_away", language, gap=_signed_yen(r["contribution"]))
    if key == "revenue" and detail.get("lost_name"):  # mostly accounts lost this year
        return text(
            "review.finding.revenue_lost",
            language,
            gap=_signed_yen(r["contribution"]),
            **_lost_cause(detail, language),
        )
    if key == "revenue" and "price_list" in detail and main_of.get(r["rep"]) is None:
        # Mostly a price-list move for everyone (core.review PRICE_LIST_KEYS): no lever.
        return text(
            "review.finding.revenue_price_list",
            language,
            gap=_signed_yen(r["contribution"]),
            list=_signed_pct(detail["price_list"]),
            yen=_signed_yen(detail.get("price_list_yen")),
        )
    if key == "revenue" and detail.get("own_main"):  # took accounts over: his own book's
        return text(
            "review.finding.revenue_own_book",
            language,
            gap=_signed_yen(r["contribution"]),
            own_gap=_signed_yen(detail.get("own_gap")),
            lever=kpi_label(str(detail["own_main"]), language),
            contribution=_signed_yen(detail.get("own_contribution")),
        )
    if key == "revenue":
        gap = _signed_yen(r["contribution"])
        m = main_of.get(r["rep"])
        if m is None and "own_gap" in detail:  # on target on his own book (core.review)
            own = _signed_yen(detail.get("own_gap"))
            return text("review.finding.on_track_own_book", language, gap=gap, own_gap=own)
        if m is None:
            return text("review.finding.on_track", language, gap=gap)
        tied = m.get("detail") or {}
        if TIED_KEY in tied:  # visit frequency × orders per visit as one (core.review)
            return text(
                "review.finding.revenue",
                language,
                gap=gap,
                lever=kpi_label("orders_per_account", language),
                contribution=_signed_yen(tied.get("tied_contribution")),
            )
        return text(
            "review.finding.revenue",
            language,
            gap=gap,
            lever=kpi_label(str(m["kpi"]), language),
            contribution=_signed_yen(m["contribution"]),
        )
    if key in GAP_ROWS:
        return text(f"review.finding.{key}", language)
    if bool(r["main"]):
        ahead = _num(r.get("contribution"))
        if ahead is not None and math.isfinite(ahead) and ahead > 0:
            # Ahead of target (core.review._main_lever: the lever adding most): no gap to
            # explain, no colleague to learn from on a lever he beats (trial31 L8).
            return text("review.finding.main_ahead", language)
        if TIED_KEY in detail:  # visits that do not bring the orders: no colleague to copy
            return _tied_text(TIED_FINDING[str(detail[TIED_KEY])], detail, language)
        if "price_list" in detail and ahead is not None and ahead < 0:
            # Part of it the price list's move (core.review): no colleague's way to copy.
            return text(
                "review.finding.main_price_list",
                language,
                list=_signed_pct(detail["price_list"]),
                yen=_signed_yen(detail.get("price_list_yen")),
            )
        if detail.get("lumps_n") and ahead is not None and ahead < 0:
            # Last year's rare large orders this year lacks (core.lumps): no colleague to copy.
            return text(
                "review.finding.main_lumps",
                language,
                lumps=fmt_yen(_num(detail.get("lumps"))),
                n=int(_num(detail.get("lumps_n")) or 0),
                now=fmt_yen(_num(detail.get("lumps_now"))),
                now_n=int(_num(detail.get("lumps_now_n")) or 0),
            )
        if "projects_expected" in detail and ahead is not None and ahead < 0:
            # Fewer of his ordinary large orders landed so far (core.lumps projects_short,
            # the Flags' words too): chance, no colleague to copy (trial 52 H3).
            return text("review.finding.main_projects", language, **_projects_words(detail))
        if detail.get("assumption"):  # short for most, the best too: the target's premise
            return text(
                "review.finding.main_assumption",
                language,
                assumption=_assumption(detail, key, language),
            )
        if detail.get(NEAR_BEST_KEY) and "alike" not in detail and r["best_rep"] != r["rep"]:
            # The best does no better than he does (core.review MODEL_MARGIN): no one named.
            if detail[NEAR_BEST_KEY] == "ahead":  # better than the best compared
                return text("review.finding.main_self", language)
            return text(
                f"review.finding.main_near_best_{detail[NEAR_BEST_KEY]}",
                language,
                value=best_text(key, r["best_value"], language),
                target=kpi_value(key, _num(r["target_ytd"])),
            )
        if r["best_rep"] and r["best_rep"] != r["rep"]:
            return text(
                "review.finding.main_alike" if "alike" in detail else "review.finding.main",
                language,
                best=r["best_rep"],
                value=best_text(key, r["best_value"], language),
                weekdays=_apart(detail, language)["weekdays"],
            )
        if "apart" in detail:  # no colleague works as many days (core.review._days_alike)
            return text("review.finding.main_apart", language, **_apart(detail, language))
        if "alike" in detail:  # the best of the colleagues who work as many days
            return text("review.finding.main_self_alike", language, **_apart(detail, language))
        return text("review.finding.main_self", language)
    if "price_list" in detail:  # the price list's part of the unit-price term (core.review)
        return text(
            "review.finding.price_list",
            language,
            list=_signed_pct(detail["price_list"]),
            yen=_signed_yen(detail.get("price_list_yen")),
        )
    if SEASON_KEY in detail:  # measured on fewer months, compared on the season's (core.review)
        best = bool(r["best_rep"]) and r["best_rep"] == r["rep"]
        return text(
            "review.finding.best_at_work_season" if best else "review.finding.at_work_season",
            language,
            value=best_text(key, detail[SEASON_KEY], language),
        )
    if r["best_rep"] and r["best_rep"] == r["rep"]:
        if "alike" in detail:
            return text("review.finding.best_alike", language, **_apart(detail, language))
        return text("review.finding.best", language)
    if "apart" in detail:
        return text("review.finding.apart", language, **_apart(detail, language))
    return ""


def _projects_words(found: Mapping[str, object]) -> dict[str, object]:
    """core.lumps ``projects_short``'s finding as the Review's and the Flags' words fill it:
    this year's large orders (``n``, ``now``), the same months of the baseline's
    (``expected``, ``base``) and how many and how much fewer (``short``, ``missing``)."""
    n = int(_num(found.get("projects_n")) or 0)
    expected = int(_num(found.get("projects_expected")) or 0)
    base, now = _num(found.get("projects_base")) or 0.0, _num(found.get("projects_now")) or 0.0
    return {
        "n": n,
        "expected": expected,
        "short": expected - n,
        "now": fmt_yen(now),
        "base": fmt_yen(base),
        "missing": fmt_yen(base - now),
    }


def _apart(detail: Mapping[str, object], language: str) -> dict[str, object]:
    """A row compared with no colleague for want of one who works as many days: his
    weekdays and working days (core.review ``_days_alike``)."""
    week = detail.get("apart", detail.get("alike"))
    days = weekdays_label(week, language) if isinstance(week, list) else ""
    return {"weekdays": days, "days": detail.get("apart_days", "")}


def _assumption(detail: Mapping[str, object], lever: str, language: str) -> str:
    """The target's assumption off on a lever (core.review ``_mark_assumption``), in the
    words the Review's main row and the Flags' behind-pace action share."""
    carried = _num(detail.get("trend"))
    return text(
        "review.finding.assumption",
        language,
        lever=kpi_label(lever, language),
        short=detail.get("short", ""),
        of=detail.get("of", ""),
        best=text(
            "review.finding.assumption_best_short"
            if detail.get("best_short")
            else "review.finding.assumption_best",
            language,
            attainment=_pct(detail.get("best_attainment")),
        ),
        growth=_signed_pct(detail.get("plan_growth")),
        trend=text("review.finding.assumption_trend", language, trend=_signed_pct(carried))
        if carried is not None and math.isfinite(carried)
        else "",
    )


def _lost_cause(detail: Mapping[str, object], language: str) -> dict[str, str]:
    """The lost accounts a gap mostly is (core.review ``_mark_lost``): the parameters the
    Review's revenue row and the Flags' behind-pace action share."""
    n = int(_num(detail.get("lost_accounts")) or 1)
    return {
        "name": str(detail.get("lost_name", "")),
        "end": str(detail.get("lost_end", "")),
        "lost": _signed_yen(detail.get("lost")),
        "more": text("review.finding.lost_more", language, n=n - 1) if n > 1 else "",
    }


# The meetings stage's KPIs, which a plan without it leaves without a target (fix47).
_PIPELINE_RATES = ("meetings", "meeting_win_rate")


def review_rows(review: pd.DataFrame, language: str) -> list[Row]:
    """Review sheet rows: per rep (team last) the revenue gap, its levers, timing, other KPIs."""
    if not len(review):
        return [_REVIEW.row({"rep": Cell(text("review.empty", language), "rk_text")})]
    rows: list[Row] = []
    records = review.to_dict("records")
    no_target = text("review.no_target", language)
    # Each rep's first main-lever row, found once (three frame filters per rep before).
    main_of: dict[object, Mapping[str, object]] = {}
    for r in records:
        if bool(r["main"]):
            main_of.setdefault(r["rep"], r)
    for r in records:
        key = str(r["kpi"])
        style = _review_style(key)
        trend = text(f"review.trend.{r['trend']}", language) if r["trend"] else ""
        # A rep without a plan (a newcomer who took accounts over): "no target", not a blank
        # that reads as a missing number.
        # Meetings and their win rate without a target while the rep has a plan (too few
        # meetings logged: core.meetings direct_wins): "no target" as for a rep without one.
        unplanned = key in _PIPELINE_RATES and _num(r["target_ytd"]) is None
        target = (
            Cell(_num(r["target_ytd"]), style)
            if r.get("planned", True) and key != TAKEN and not unplanned
            else Cell(no_target, "rk_int_center")
        )
        rows.append(
            _REVIEW.row(
                {
                    "rep": r["rep"],
                    "kpi_key": key,
                    "kpi": kpi_label(key, language),
                    "target_ytd": target,
                    "actual_ytd": Cell(_num(r["actual_ytd"]), style),
                    "attainment": Cell(_num(r["attainment"]), "rk_pct"),
                    "contribution": Cell(_num(r["contribution"]), "rk_yen"),
                    "trend": trend,
                    "best_rep": r["best_rep"],
                    # Text with its unit: attainment and raw values share the column.
                    "best_value": Cell(
                        best_text(key, r["best_value"], language)
                        if _num(r["best_value"]) is not None
                        else None,
                        "rk_text",
                    ),
                    # Plain text, not the wrapping note style: row heights stay as written,
                    # so a wrapped finding would be cut; this one runs on into an empty note.
                    "comment": Cell(
                        _team_sum(r, _finding(r, main_of, language), language), "rk_text"
                    ),
                    "notes": r["notes"],
                }
            )
        )
    return rows


def review_json(review: pd.DataFrame) -> list[dict[str, object]]:
    """``review[rep, kpi, target_ytd, actual_ytd, contribution, best_rep, best_value]`` (+)."""
    return [
        {
            "rep": r["rep"],
            "kpi": r["kpi"],
            "target_ytd": _num(r["target_ytd"]),
            "actual_ytd": _num(r["actual_ytd"]),
            "contribution": _num(r["contribution"]),
            "best_rep": r["best_rep"] or None,
            "best_value": _num(r["best_value"]),
            "attainment": _num(r["attainment"]),
            "main": bool(r["main"]),
            "trend": r["trend"] or None,
            "notes": r["notes"] or None,
            "planned": bool(r.get("planned", True)),  # False: a rep with actuals, no target
        }
        for r in review.to_dict("records")
    ]


# --- Specific flag actions ------------------------------------------------------------------


def _orders_change(p: Mapping[str, object], language: str) -> str:
    """An at-risk flag's year-on-year change of orders, as far as the history has a year
    before (core.flags.prior_covered): whole, partial read as a year, or none."""
    if p.get("history_from"):
        return text("action.at_risk_orders_unknown", language, first=p["history_from"])
    change = _signed_pct(p.get("change"))
    if p.get("prior_months"):
        return text(
            "action.at_risk_orders_partial", language, change=change, months=p["prior_months"]
        )
    return text("action.at_risk_orders", language, change=change)


def _orphan_action(p: Mapping[str, object], name: str, language: str) -> str:
    """An at-risk account nobody holds (core.flags ``orphan``): stopped ordering, its end
    date or a rep; still ordering, a rep to visit it."""
    if p.get("stopped"):
        return text(
            "action.at_risk_orphan_stopped",
            language,
            name=name,
            last_order=p.get("last_order") or "—",
            silent=p.get("silent", "—"),
            usual=_days(p.get("order_usual")),
        )
    visited = bool(p.get("last_visit"))
    contact = text(
        "contact.visit" if visited else "contact.orders",
        language,
        last=(p.get("last_visit") if visited else p.get("last_order")) or "—",
        usual=_days(p.get("usual") if visited else p.get("order_usual")),
    )
    return text(
        "action.at_risk_orphan",
        language,
        name=name,
        visit_by=p.get("visit_by", ""),
        contact=contact,
        orders=_orders_change(p, language),
    )


# The price per unit explains the fall when it fell by at least this share of it (trial 37 M4:
# −5.5% per litre of a −13.4% per order is 41%; the rest is smaller deliveries).
UNIT_SHARE = 0.4


def market_price(p: Mapping[str, object]) -> bool:
    """A unit-price flag whose price per unit (``unit_yoy``, core.flags: a quantity on every
    line) fell by at least ``UNIT_SHARE`` of the price per order's fall: a price-list or
    market move, not only discounts or smaller orders."""
    unit, yoy = _num(p.get("unit_yoy")), _num(p.get("yoy"))
    return unit is not None and yoy is not None and yoy < 0 and unit <= UNIT_SHARE * yoy


def flag_action(code: str, p: Mapping[str, object], name: str, language: str) -> str:
    """The suggested action of a flag, specific when the flag carries the facts for it."""
    if code == "at_risk_account" and "orphan" in p:  # nobody holds it (core.flags)
        return _orphan_action(p, name, language)
    if code == "at_risk_account" and "visit_by" in p:
        # No visit on record: its last order and order rhythm (trial 34 L1), said so.
        by_orders = bool(p.get("by_orders"))
        if by_orders:
            key = "action.at_risk_account_orders" + ("_asap" if p.get("asap") else "")
        else:
            asap = p.get("asap")
            key = "action.at_risk_account_asap" if asap else "action.at_risk_account_specific"
        return text(
            key,
            language,
            name=name,
            visit_by=p["visit_by"],
            last_order=p.get("last_order") or "—",
            last_visit=p.get("last_visit") or "—",
            usual=_days(p.get("order_usual" if by_orders else "usual")),
            orders=_orders_change(p, language),
        )
    if code in PRICE_CODES and market_price(p):
        # Mostly the price per unit (a price list, the market): not discounts or small lots.
        return text("action.unit_price_market", language)
    if code == "behind_pace" and p.get("absent"):  # core.flags.absences: no coaching
        return text("action.behind_pace_absent", language)
    if code == "behind_pace" and "held_pace" in p and not p.get("handover"):
        # core.flags: visits per held account on pace; the accounts that left, no coaching.
        return text("action.behind_pace_held", language)
    if code == "behind_pace" and p.get("handover") and not p.get("lever"):  # core.flags
        return text("action.behind_pace_handover", language)  # _handover_judged: no coaching
    if code == "behind_pace" and p.get("lost_name"):  # the Review: mostly lost accounts
        return text("action.behind_pace_lost", language, **_lost_cause(p, language))
    if code == "behind_pace" and p.get(VISITS_LINK_KEY) in VISITS_TIED_ACTION:
        lever = str(p.get("lever") or "visits_per_account")
        return text(
            VISITS_TIED_ACTION[str(p[VISITS_LINK_KEY])],
            language,
            lever=kpi_label(lever, language),
            actual=kpi_value(lever, p.get("lever_actual")),
            target=kpi_value(lever, p.get("lever_target")),
        )
    if code == "behind_pace" and p.get(TIED_KEY) in TIED_ACTION:
        # Visits that do not bring the orders (core.review): how often accounts order, no
        # visits brought forward, no colleague to copy.
        return _tied_text(TIED_ACTION[str(p[TIED_KEY])], p, language)
    if code == "behind_pace" and p.get("lever") and "projects_expected" in p:
        # Fewer of the rep's ordinary large orders landed so far (core.lumps.projects_short):
        # chance, no colleague to copy.
        lever = str(p["lever"])
        return text(
            "action.behind_pace_projects",
            language,
            lever=kpi_label(lever, language),
            actual=kpi_value(lever, p.get("lever_actual")),
            target=kpi_value(lever, p.get("lever_target")),
            contribution=_signed_yen(p.get("contribution")),
            **_projects_words(p),
        )
    if code == "behind_pace" and p.get("lever") and p.get("lumps_n"):
        # Last year's rare large orders this year lacks (core.lumps): no colleague to copy.
        lever = str(p["lever"])
        return text(
            "action.behind_pace_lumps",
            language,
            lever=kpi_label(lever, language),
            actual=kpi_value(lever, p.get("lever_actual")),
            target=kpi_value(lever, p.get("lever_target")),
            contribution=_signed_yen(p.get("contribution")),
            lumps=fmt_yen(_num(p.get("lumps"))),
            n=int(_num(p.get("lumps_n")) or 0),
            now=fmt_yen(_num(p.get("lumps_now"))),
            now_n=int(_num(p.get("lumps_now_n")) or 0),
        )
    if code == "behind_pace" and p.get("lever"):
        lever = str(p["lever"])
        key = "action.behind_pace_lever" if p.get("best_rep") else "action.behind_pace_lever_self"
        if p.get(NEAR_BEST_KEY) in ("above", "level"):  # the best does no better (MODEL_MARGIN)
            key = "action.behind_pace_lever_near_best"
        if "alike" in p:  # the best of the reps who work as many days (core.review._days_alike)
            key += "_alike"
        if "apart" in p:
            # No colleague to compare with (core.review._days_alike: none who works as
            # many days), not the team's best.
            key = "action.behind_pace_lever_apart"
        elif not p.get("best_rep") and _num(p.get("best_value")) is None:
            # No model at all (nobody at work through every month so far, or the team's
            # row): neither "the team's best" nor "no one works as many days" (review26).
            key = "action.behind_pace_lever_plain"
        if p.get("assumption"):  # the Review: the target's assumption, not the rep
            key = "action.behind_pace_assumption"
        return text(
            key,
            language,
            lever=kpi_label(lever, language),
            actual=kpi_value(lever, p.get("lever_actual")),
            target=kpi_value(lever, p.get("lever_target")),
            contribution=_signed_yen(p.get("contribution")),
            best=p.get("best_rep") or "",
            best_value=_best_text(lever, p.get("best_value"), language),
            assumption=_assumption(p, lever, language) if p.get("assumption") else "",
            weekdays=_apart(p, language)["weekdays"],
        )
    if code == "lost_account" and "plan" in p:
        return text("action.lost_account_baseline", language, plan=p["plan"])
    return text(f"action.{code}", language)
