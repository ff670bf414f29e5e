"""Check the Settings named cells against schema.SETTING_SPECS and build PlanSettings."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date

import pandas as pd

from routekpi.contract import Check, InputError, fold, lazy_pattern
from routekpi.core.calendar import (
    MON_FRI,
    WorkWeek,
    fiscal_label,
    fiscal_months,
    fiscal_name,
    holidays_worked,
    name_shift,
)
from routekpi.core.catalog import find_kpi
from routekpi.core.history import Override, PlanSettings
from routekpi.core.kgi_total import kgi_unit_slip, unjudged
from routekpi.core.stretch import unrecorded
from routekpi.core.targets import Plan
from routekpi.messages import fmt_yen
from routekpi.schema import (
    OVERRIDES,
    SETTING_CHOICE_WORDS,
    SETTING_SPECS,
    SETTINGS,
    SettingSpec,
)
from routekpi.validation.cells import parse_date, parse_number, parse_text
from routekpi.validation.kgi_change import change_error

MISSING = object()  # the named cell does not exist in the workbook


# A fiscal year as the outputs label it (FY2027), or as typed in Japanese (2027年度, 令和9年度).
_FISCAL_YEAR = lazy_pattern(r"^(?:FY\s*)?(\d{4})\s*(?:年度|年)?$")
_REIWA_YEAR = lazy_pattern(r"^(?:令和|R)\s*(\d{1,2}|元)\s*(?:年度|年)$")
REIWA_ZERO = 2018  # 令和元年 = 2019


def fiscal_year_text(raw: str) -> int | None:
    """2027 from "FY2027", "2027年度" or "令和9年度" (NFKC-folded, case-insensitive)."""
    folded = fold(raw).upper().strip()
    if m := _FISCAL_YEAR.match(folded):
        return int(m.group(1))
    if m := _REIWA_YEAR.match(folded):
        return REIWA_ZERO + (1 if m.group(1) == "元" else int(m.group(1)))
    return None


# A month as typed for the fiscal start: 4月, １０月, 4月始まり, April, Apr., and the way
# Japanese companies name their year, by its closing month: 3月決算 / 3月期 (start: 4).
_MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_KANJI_MONTHS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二")
_MONTH_NUMBER = rf"(\d{{1,2}}|{'|'.join(sorted(_KANJI_MONTHS, key=len, reverse=True))})"
_MONTH_JA = lazy_pattern(rf"^{_MONTH_NUMBER}\s*月\s*(?:始まり|はじまり|開始|期首|スタート)?$")
_MONTH_CLOSE = lazy_pattern(rf"^{_MONTH_NUMBER}\s*月\s*(?:決算|期|末決算|締め)$")


def _month_number(text: str) -> int | None:
    month = int(text) if text.isdigit() else _KANJI_MONTHS.index(text) + 1
    return month if 1 <= month <= 12 else None


def month_text(raw: str) -> int | None:
    """The month 1-12 a Settings text names ("4月", "１０月", "四月", "April", "Apr"), or the
    month after a closing month ("3月決算", "3月期" → 4)."""
    folded = fold(raw).strip().rstrip(".")
    if m := _MONTH_JA.match(folded):
        return _month_number(m.group(1))
    if m := _MONTH_CLOSE.match(folded):
        month = _month_number(m.group(1))
        return month % 12 + 1 if month is not None else None
    if len(folded) >= 3:  # Apr, Sept, June: the start of one month's name
        hits = [i for i, name in enumerate(_MONTH_NAMES, start=1) if name.startswith(folded)]
        if len(hits) == 1:
            return hits[0]
    return None


# Working weekdays as typed (Settings WorkingDays): 月-土, 月～土, 月火水木金土, 月・水・金,
# 月曜〜土曜, Mon-Sat, mon,tue,wed; 平日 is Monday to Friday. NFKC-folded and lower-cased
# first (full-width ～ and － become ~ and -). Day names, Monday = 0.
_DAY_TOKENS: tuple[tuple[str, int], ...] = (
    *((name, w) for w, name in enumerate(("月", "火", "水", "木", "金", "土", "日"))),
    *(
        (name, w)
        for w, names in enumerate(
            (
                ("monday", "mon"),
                ("tuesday", "tues", "tue"),
                ("wednesday", "wed"),
                ("thursday", "thurs", "thu"),
                ("friday", "fri"),
                ("saturday", "sat"),
                ("sunday", "sun"),
            )
        )
        for name in names
    ),
)
_DAY_OF = dict(_DAY_TOKENS)
_WEEKDAY_TOKEN = re.compile(
    "|".join(
        [
            r"(?P<day>" + "|".join(sorted(_DAY_OF, key=len, reverse=True)) + ")",
            r"(?P<to>[-~〜ー―‐–—]|から)",
            r"(?P<sep>[,、・/\s]|and|と)",
        ]
    )
)


# National holidays worked too, after the weekdays (trial 38: a wholesaler delivering on 祝日):
# 月-土・祝, 月-土(祝日も営業), 月-土+祝日, Mon-Sat+holidays, Mon-Sat incl. holidays. What
# follows 祝日 / holidays says whether they are worked (も営業) or off (休み: the default).
_HOLIDAYS_MARK = re.compile(
    r"[\s,、・/+&]*[(\[]?\s*(?:(?:incl\.?|including|and|with|plus)\s*)?"
    r"(?:national\s+|public\s+)?(?:祝日?|holidays?)\s*(?P<say>[^)\]]*?)\s*[)\]]?$"
)
_HOLIDAYS_OPEN = frozenset(
    ("", "も", "も営業", "営業", "含む", "も含む", "込み", "も出勤", "も配送", "も配達")
) | frozenset(("open", "worked", "too", "included"))
_HOLIDAYS_OFF = frozenset(("休み", "休", "休業", "除く", "は休み", "は休業", "off", "closed"))


def weekdays_text(raw: object) -> frozenset[int] | None:
    """The working weekdays (0 = Monday) a Settings text names, or None when it names none
    or holds anything else: 月-土 / 月～土 / 月火水木金土 / Mon-Sat → Monday to Saturday.
    月-土・祝 / 月-土(祝日も営業) / Mon-Sat+holidays: the same days with national holidays
    worked (a ``WorkWeek`` with ``holidays_worked``); 月-土(祝日休み) is plain 月-土."""
    if not isinstance(raw, str):
        return None
    text = fold(raw).lower().strip().replace("曜日", "").replace("曜", "")
    if mark := _HOLIDAYS_MARK.search(text):
        say = mark.group("say")
        if say not in _HOLIDAYS_OPEN and say not in _HOLIDAYS_OFF:
            return None
        days = weekdays_text(text[: mark.start()])
        if days is None or holidays_worked(days):
            return None
        return WorkWeek(days, holidays_worked=True) if say in _HOLIDAYS_OPEN else days
    if text == "平日":
        return frozenset(range(5))
    days: set[int] = set()
    pending: int | None = None  # the first day of a range (月 in 月-土)
    last: int | None = None  # the day just read
    pos = 0
    while pos < len(text):
        m = _WEEKDAY_TOKEN.match(text, pos)
        if m is None:
            return None
        pos = m.end()
        if m.group("day"):
            day = _DAY_OF[m.group("day")]
            if pending is not None:
                # A range, Monday first; one that wraps (土-月) runs through Sunday.
                span = (day - pending) % 7
                days.update((pending + k) % 7 for k in range(span + 1))
                pending = None
            days.add(day)
            last = day
        elif m.group("to"):
            if last is None or pending is not None:
                return None
            pending, last = last, None
    if pending is not None or not days:
        return None
    return frozenset(days)


# What the Checks line for a WorkingDays value it cannot read lists as accepted.
WEEKDAYS_ACCEPTED = "月-金 / 月-土 / 月火水木金土 / 月・水・金 / Mon-Sat / 月-土・祝(祝日も営業)"


def working_weekdays(values: Mapping[str, object]) -> frozenset[int]:
    """Settings WorkingDays as parsed (``parse_settings``'s values): the default when blank."""
    value = values.get("WorkingDays")
    if isinstance(value, frozenset):
        return value
    return weekdays_text(value) or MON_FRI


def _parse(spec: SettingSpec, raw: object, date1904: bool = False) -> tuple[object, str | None]:
    """Parse one setting; (value, problem key or None). Blank gives (None, None)."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, None
    if spec.name == "PlanYear" and isinstance(raw, str) and (year := fiscal_year_text(raw)):
        raw = year
    if spec.name == "FiscalStartMonth" and isinstance(raw, str) and (month := month_text(raw)):
        raw = month
    if spec.name == "PriceRevisionMonth":
        month = revision_month(raw, date1904)
        return (month, None) if month is not None else (None, "price_month_invalid")
    if spec.name == "PriceRevisionPct" and isinstance(raw, str) and "%" in fold(raw):
        percent, problem = parse_number(raw)  # "5%" reads 0.05: the setting counts percent
        raw = percent * 100 if percent is not None and not problem else raw
    if spec.name == "WorkingDays":
        days = weekdays_text(raw)
        return (days, None) if days is not None else (None, "weekdays_invalid")
    if spec.name == "DailyStart":
        start = daily_start_text(raw, date1904)
        return (start, None) if start is not None else (None, "daily_start_invalid")
    if spec.kind in ("number", "integer"):
        value, problem = parse_number(raw)
        if problem:
            return None, problem
        assert value is not None
        if spec.kind == "integer":
            if value != int(value):
                return None, "not_a_number"
            value = int(value)
        lo = spec.minimum if spec.minimum is not None else float("-inf")
        hi = spec.maximum if spec.maximum is not None else float("inf")
        if not lo <= value <= hi:
            return None, "out_of_range"
        return value, None
    if spec.kind == "date":
        return parse_date(raw, date1904=date1904)
    text, problem = parse_text(raw)
    if problem:
        return None, problem
    if spec.kind == "choice":
        assert text is not None
        folded = fold(text)  # parse_text gave NFKC text already
        if folded not in spec.choices:
            folded = _choice_word(spec, folded)
            if folded is None:
                return None, "unknown_choice"
        return folded, None
    return text, None


def _choice_word(spec: SettingSpec, folded: str) -> str | None:
    """The key a choice setting's Japanese word stands for (schema.SETTING_CHOICE_WORDS:
    傾向 → trend, 除く → drop), folded as the keys are; None for any other value."""
    for key, words in SETTING_CHOICE_WORDS.get(spec.name, {}).items():
        if folded in {fold(w) for w in words}:
            return key
    return None


def _choices_ja(spec: SettingSpec) -> str:
    """A choice setting's keys each with its first Japanese word: trend=傾向 / baseline=前年."""
    words = SETTING_CHOICE_WORDS.get(spec.name, {})
    return " / ".join(f"{k}={words[k][0]}" if k in words else k for k in spec.choices)


@dataclass
class SettingValues:
    """The Settings cells parsed, before the history is known (settings are read first).

    ``kgi_error`` is kept, not raised, so a workbook without history still says so first.
    """

    values: dict[str, object]
    checks: list[Check]
    kgi_error: InputError | None = None


def parse_settings(
    raw: Mapping[str, object],
    *,
    cell_of: Mapping[str, tuple[int, str]] | None = None,
    sheet_of: Mapping[str, str] | None = None,
    date1904: bool = False,
) -> SettingValues:
    """Parse every Settings cell against ``SETTING_SPECS`` (bad cells fall back, with a Check).

    ``raw`` maps setting name → cell value, or ``MISSING`` / absent when the named cell is
    gone; ``cell_of`` maps name → (row, column letter) so Checks point at the cell, and
    ``sheet_of`` name → tab, so a stop names the cell that was read. A date setting typed as
    a plain number is a serial of the workbook's date system (``date1904``).
    """
    checks: list[Check] = []
    values: dict[str, object] = {}
    kgi_error: InputError | None = None
    cell_of = cell_of or {}
    for spec in SETTING_SPECS:
        cell = raw.get(spec.name, MISSING)
        row, col = cell_of.get(spec.name, (None, ""))
        column = f"{col} {spec.name}".strip()
        if cell is MISSING:
            if spec.name == "KGI":
                kgi_error = InputError("kgi_name_missing")
            default = "—" if spec.default is None else spec.default
            if spec.name != "KGI" and spec.warn_missing:
                checks.append(
                    Check(
                        SETTINGS.name,
                        None,
                        spec.name,
                        None,
                        "setting_missing",
                        {"name": spec.name, "default": default},
                        "warn",
                    )
                )
            values[spec.name] = spec.default
            continue
        value, problem = _parse(spec, cell, date1904)
        if spec.name == "KGI":
            where = {"sheet": (sheet_of or {}).get(spec.name, SETTINGS.name), "cell": f"{col}{row}"}
            # Before "not a number": -5 is a number, just not a usable goal.
            negative = problem == "out_of_range"
            # 「-2%」 as the president said it: what to type (validation.kgi_change).
            if (changed := change_error(cell, where)) is not None:
                kgi_error = changed
            elif negative or (value is not None and float(value) <= 0):  # type: ignore[arg-type]
                kgi_error = InputError("kgi_not_positive", **where)
            elif problem or value is None:
                kgi_error = InputError("kgi_missing", **where)
            values[spec.name] = value
            continue
        if problem and spec.name == "FiscalStartMonth":
            # Every period of the plan hangs on it: a silent default is a wrong plan.
            sheet = (sheet_of or {}).get(spec.name, SETTINGS.name)
            where = f"{col}{row}" if row is not None else spec.name
            typed = parse_text(cell)[0] or cell  # 13, not the 13.0 a reader hands over
            month = {"sheet": sheet, "cell": where, "value": typed, "default": spec.default}
            checks.append(
                Check(SETTINGS.name, row, column, cell, "setting_month_invalid", month, "critical")
            )
            value = None
        elif problem == "price_month_invalid":
            # The revision's month decides which months it lifts: not guessed, not used.
            typed = parse_text(cell)[0] or cell
            checks.append(
                Check(
                    SETTINGS.name,
                    row,
                    column,
                    cell,
                    "setting_price_month_invalid",
                    {"value": typed},
                    "warn",
                )
            )
            value = None
        elif problem == "daily_start_invalid":
            # The list then starts as if blank: say so, and what can be typed.
            typed = parse_text(cell)[0] or cell
            said = {"value": typed}
            key = "setting_daily_start_invalid"
            checks.append(Check(SETTINGS.name, row, column, cell, key, said, "warn"))
            value = None
        elif problem == "weekdays_invalid":
            # Every per-day number counts these days: say what is read instead, and how to type it.
            typed = parse_text(cell)[0] or cell
            days = {"value": typed, "default": spec.default, "accepted": WEEKDAYS_ACCEPTED}
            checks.append(
                Check(SETTINGS.name, row, column, cell, "setting_weekdays_invalid", days, "warn")
            )
            value = None
        elif problem:
            params: dict[str, object] = {"name": spec.name, "problem": problem}
            params["default"] = "—" if spec.default is None else spec.default
            if problem == "out_of_range":
                params["minimum"], params["maximum"] = _bound(spec.minimum), _bound(spec.maximum)
            if problem == "unknown_choice":
                params["choices"] = "/".join(spec.choices)
                if spec.name in SETTING_CHOICE_WORDS:  # the Japanese words beside the keys
                    params["problem"] = "unknown_choice_words"
                    params["choices_ja"] = _choices_ja(spec)
            checks.append(
                Check(SETTINGS.name, row, column, cell, "setting_invalid", params, "warn")
            )
            value = None
        values[spec.name] = spec.default if value is None else value
    unread = {c.column.split()[-1] for c in checks if c.sheet == SETTINGS.name and c.column}
    checks += _revision_pair(values, cell_of, unread)
    checks += _revision_fraction(values, cell_of)
    return SettingValues(values, checks, kgi_error)


# Settings DailyStart words for "the week after this one" (folded: NFKC, case, spaces).
NEXT_WEEK_WORDS = frozenset({"来週", "翌週", "次週", "nextweek"})


def daily_start_text(raw: object, date1904: bool = False) -> date | str | None:
    """Settings DailyStart: a date (a date cell, 2026/12/7, 2026-12-07), or "next_week" for
    来週 / 翌週 / next week; None when it is neither (blank is handled before)."""
    if isinstance(raw, str) and "".join(fold(raw).split()) in NEXT_WEEK_WORDS:
        return "next_week"
    day, problem = parse_date(raw, date1904=date1904)
    return day if problem is None and isinstance(day, date) else None


def revision_month(raw: object, date1904: bool = False) -> str | None:
    """Settings PriceRevisionMonth as "YYYY-MM": a date cell, 2026-04, 2026/4, 2026年4月 or
    2026-04-01; None: no month."""
    if isinstance(raw, str):
        m = _OVERRIDE_MONTH.match(fold(raw).strip())
        if m is None:
            return None
        month = int(m.group(2))
        return f"{m.group(1)}-{month:02d}" if 1 <= month <= 12 else None
    day, problem = parse_date(raw, date1904=date1904)
    if problem or not isinstance(day, date):
        return None
    return f"{day.year}-{day.month:02d}"


def _revision_pair(
    values: Mapping[str, object],
    cell_of: Mapping[str, tuple[int, str]],
    unread: set[str] | frozenset[str] = frozenset(),
) -> list[Check]:
    """A warning when only one of the price revision's month and size is given (neither is
    used without the other), at the blank one's cell; none when the other was typed but could
    not be read (``unread``: its own Checks row says so)."""
    month, size = values.get("PriceRevisionMonth"), values.get("PriceRevisionPct")
    if (month is None) == (size is None) or unread & {"PriceRevisionMonth", "PriceRevisionPct"}:
        return []
    blank = "PriceRevisionMonth" if month is None else "PriceRevisionPct"
    row, col = cell_of.get(blank, (None, ""))
    params = {"month": month or "—", "size": "—" if size is None else f"{size}%"}
    return [
        Check(
            SETTINGS.name,
            row,
            f"{col} {blank}".strip(),
            None,
            "setting_price_revision_half",
            params,
            "warn",
        )
    ]


def _revision_fraction(
    values: Mapping[str, object], cell_of: Mapping[str, tuple[int, str]]
) -> list[Check]:
    """A warning when the revision's size is under 1 (0.05): a cell formatted as a percentage
    holds 5% as 0.05, which reads as a 0.05% revision; the size is used as typed."""
    size = values.get("PriceRevisionPct")
    if size is None or not 0 < abs(float(size)) < 1:  # type: ignore[arg-type]
        return []
    row, col = cell_of.get("PriceRevisionPct", (None, ""))
    typed = float(size)  # type: ignore[arg-type]
    params = {"size": f"{typed:g}", "meant": f"{typed * 100:g}"}
    column = f"{col} PriceRevisionPct".strip()
    return [Check(SETTINGS.name, row, column, None, "setting_price_revision_small", params, "warn")]


def price_revision(values: Mapping[str, object]) -> tuple[str, float] | None:
    """The declared price revision (month "YYYY-MM", change 0.05 for +5%); None: none, half of
    one, or a change of 0."""
    month, size = values.get("PriceRevisionMonth"), values.get("PriceRevisionPct")
    if month is None or size is None or float(size) == 0:  # type: ignore[arg-type]
        return None
    return str(month), float(size) / 100  # type: ignore[arg-type]


def revision_product(values: Mapping[str, object]) -> str | None:
    """Settings PriceRevisionProduct, the product (or the maker: core.price_revision
    .named_products) a declared revision covers (trimmed); None: blank (every product) or no
    revision."""
    typed = values.get("PriceRevisionProduct")
    if typed is None or price_revision(values) is None:
        return None
    name = str(typed).strip()
    return name or None


def plan_settings(
    parsed: SettingValues,
    *,
    plan_year: int | None,
    as_of: date | None,
    overrides: pd.DataFrame | None = None,
    rep_weights: Mapping[str, float] | None = None,
) -> tuple[PlanSettings, list[Check]]:
    """PlanSettings from parsed cells and the decided period; raises InputError on the KGI.

    ``plan_year`` and ``as_of`` come from ``validation.period`` (the one place they are
    decided, whichever way they were given).
    """
    if parsed.kgi_error is not None:
        raise parsed.kgi_error
    values = parsed.values
    checks = list(parsed.checks)
    if plan_year is None:
        raise InputError("no_history")
    weights = {k: float(values[k]) for k in values if k.startswith("Weight")}  # type: ignore[arg-type]
    settings = PlanSettings(
        kgi=float(values["KGI"]),  # type: ignore[arg-type]
        plan_year=int(plan_year),
        fiscal_start_month=int(values["FiscalStartMonth"]),  # type: ignore[call-overload]
        as_of=as_of,
        language=str(values["Language"]),
        weights=weights,
        ceiling_percentile=float(values["CeilingPercentile"]),  # type: ignore[arg-type]
        baseline_months=int(values["BaselineMonths"]),  # type: ignore[call-overload]
        rep_split=str(values["RepSplit"]),
        lever_mix=str(values["LeverMix"]),
        rep_weights=dict(rep_weights or {}),
        pace_warn=float(values["PaceWarn"]),  # type: ignore[arg-type]
        pace_critical=float(values["PaceCritical"]),  # type: ignore[arg-type]
        daily_days=int(values["DailyDays"]),  # type: ignore[call-overload]
        daily_start=values.get("DailyStart"),  # type: ignore[arg-type]
        capacity_percentile=float(values["CapacityPercentile"]),  # type: ignore[arg-type]
        daily_capacity=_optional_float(values["DailyCapacity"]),
        overrides=_overrides(
            overrides,
            checks,
            plan_year=int(plan_year),
            start_month=int(values["FiscalStartMonth"]),  # type: ignore[call-overload]
            label=str(values.get("FiscalYearLabel") or "start"),
            language=str(values["Language"]),
        ),
        fiscal_year_label=str(values.get("FiscalYearLabel") or "start"),
        price_revision=price_revision(values),
        price_revision_product=revision_product(values),
    )
    return settings, [_plan_year_said(c, settings) for c in checks]


def _plan_year_said(check: Check, settings: PlanSettings) -> Check:
    """A PlanYear cell that could not be read (trial 54 L1: 「第41期」 read 「数値として読めま
    せん(空欄として扱います)」, no word on what to type) says what to type: the year the
    fiscal year starts in, with this book's year as the example — the year the blank reads,
    as the company names it (FiscalYearLabel) and its months. Any other Check as it is."""
    if check.problem != "setting_invalid" or check.params.get("name") != "PlanYear":
        return check
    start, label = settings.fiscal_start_month, settings.fiscal_year_label
    months = fiscal_months(settings.plan_year, start)
    said = {
        **check.params,
        "year": settings.plan_year,
        "fy": fiscal_name(settings.plan_year, start, label),
        "first": str(months[0]),
        "last": str(months[-1]),
    }
    return replace(check, problem="setting_plan_year_invalid", params=said)


def validate_settings(
    raw: Mapping[str, object],
    *,
    cell_of: Mapping[str, tuple[int, str]] | None = None,
    sheet_of: Mapping[str, str] | None = None,
    date1904: bool = False,
    overrides: pd.DataFrame | None = None,
    rep_weights: Mapping[str, float] | None = None,
    default_plan_year: int | None = None,
) -> tuple[PlanSettings, list[Check]]:
    """Typed settings plus Checks in one step (no history-derived defaults but the plan year)."""
    parsed = parse_settings(raw, cell_of=cell_of, sheet_of=sheet_of, date1904=date1904)
    as_of = parsed.values["AsOf"]
    return plan_settings(
        parsed,
        plan_year=parsed.values["PlanYear"] or default_plan_year,  # type: ignore[arg-type]
        as_of=as_of if isinstance(as_of, date) else None,
        overrides=overrides,
        rep_weights=rep_weights,
    )


def _optional_float(value: object) -> float | None:
    """A blank-means-automatic number setting."""
    return None if value is None else float(value)  # type: ignore[arg-type]


def _bound(x: float | None) -> object:
    """A range bound as typed in the help text: 12, not 12.0; open ends as —."""
    if x is None:
        return "—"
    return int(x) if float(x).is_integer() else x


def _overrides(
    frame: pd.DataFrame | None,
    checks: list[Check],
    *,
    plan_year: int | None = None,
    start_month: int = 4,
    label: str = "start",
    language: str = "ja",
) -> tuple[Override, ...]:
    """Manual targets; unknown KPI names are reported, not guessed. Each period is read as
    the workbook names it (``override_period``)."""
    if frame is None or not len(frame):
        return ()
    out = []
    for row in frame.itertuples(index=False):
        kpi = find_kpi(str(row.kpi))
        if kpi is None:
            column = OVERRIDES.column("kpi").header(language)
            checks.append(
                Check(OVERRIDES.name, None, column, row.kpi, "unknown_kpi", {"value": row.kpi})
            )
            continue
        period = override_period(row.period, plan_year, start_month, label, checks, language)
        out.append(Override(kpi.key, str(row.rep), period, float(row.target)))
    return tuple(out)


# A month typed on Overrides: 2027-05, 2027/5, 2027年5月, or a date cell (read as 2027-05-01).
_OVERRIDE_MONTH = lazy_pattern(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*(?:月|[-/.]\d{1,2}(?:[ T].*)?)?$")


def override_period(
    typed: object,
    plan_year: int | None,
    start_month: int = 4,
    label: str = "start",
    checks: list[Check] | None = None,
    language: str = "ja",
) -> str:
    """An Overrides period as the tables key it: a month as ``2027-05``, a fiscal year as
    ``FY`` + the year it starts in (``calendar.fiscal_label``).

    A fiscal year is read as the workbook names it (Settings FiscalYearLabel: with ``end``
    and an October start, 2026-10 … 2027-09 is FY2027 on every sheet, and FY2027 typed here
    is that year, as in ``=KPI_TARGET``). The key's own form (FY2026) is read as the plan year
    too — the only year an override can be for, so neither reading is ambiguous — and an info
    row says how the workbook names it. Anything else is kept as typed: the plan then says
    why the row is not used (``core.overrides``).
    """
    text = fold(str(typed)).strip() if typed is not None else ""
    if m := _OVERRIDE_MONTH.match(text):
        month = int(m.group(2))
        return f"{m.group(1)}-{month:02d}" if 1 <= month <= 12 else text
    year = fiscal_year_text(text)
    if year is None:
        return text
    shift = name_shift(start_month, label)
    if shift and plan_year is not None and year == plan_year and year - shift != plan_year:
        if checks is not None:
            months = fiscal_months(plan_year, start_month)
            params = {
                "typed": str(typed).strip(),
                "name": fiscal_name(plan_year, start_month, label),
                "first": str(months[0]),
                "last": str(months[-1]),
            }
            column = OVERRIDES.column("period").header(language)
            checks.append(
                Check(OVERRIDES.name, None, column, typed, "override_period_key", params, "info")
            )
        return fiscal_label(plan_year)
    return fiscal_label(year - shift)


def shown_feasibility(plan: Plan) -> str:
    """``Plan.feasibility`` as the outputs state it: ``unit`` (not judged) for a reachable KGI
    that is likely a unit slip — a plan for ¥1,170 is "feasible", but not the plan anyone
    meant. One far above the record stays ``no``: true, and it says how far one can get.
    ``unrecorded``: reachable on the ceilings with no year-on-year record (trial 24 M6).
    ``short``: not judged, the reps' revenue targets do not add up to the KGI (core.kgi_total,
    trial 51 H1: a green 「実現可能」 over a team target of ¥139M for a ¥1,060M KGI)."""
    if (not_judged := unjudged(plan)) is not None:  # short or unit (core.kgi_total)
        return not_judged
    # Reachable, but no year-on-year record to judge it by (core.stretch.unrecorded).
    if unrecorded(plan):
        return "unrecorded"
    # Within the team's heading but above its strong-year KGI (Plan.beyond_record reads the
    # larger of the two): not "within the company's record", which the row below it then
    # contradicted (trial 29 L4: 実現可能(社内実績の範囲内) above a record KGI under the KGI).
    if plan.feasibility == "yes" and math.isfinite(plan.record_kgi) and not plan.within_record:
        return "heading"
    return plan.feasibility


# The units a KGI typed too small was likely meant in (Japanese budgets are kept in 千円,
# 万円 or 百万円), each as (its multiple, its name in ja and en).
KGI_UNITS: tuple[tuple[int, str, str], ...] = (
    (1_000, "千円", "thousands of yen"),
    (10_000, "万円", "units of ¥10,000"),
    (1_000_000, "百万円", "millions of yen"),
)
# A unit is named when the KGI in it lies within this factor of last year's revenue.
KGI_UNIT_NEAR = 3.0


def kgi_unit_hint(kgi: float, baseline: float) -> dict[str, str]:
    """The Check's example of a yen amount (``hint_ja``/``hint_en``): the KGI in the unit it
    was likely typed in, when one puts it near last year's revenue (trial 45 L4: 650000 for
    ¥650M in 千円 — ×1,000 lands beside the baseline), else 12億円 as an example."""
    near = [
        (abs(math.log(kgi * f / baseline)), f, ja, en)
        for f, ja, en in KGI_UNITS
        if 1 / KGI_UNIT_NEAR <= kgi * f / baseline <= KGI_UNIT_NEAR
    ]
    if not near:
        return {"hint_ja": "12億円なら 1200000000", "hint_en": "¥1,200M is 1200000000"}
    _, f, ja, en = min(near)
    typed, meant = f"{kgi:,.0f}".replace(",", ""), f"{kgi * f:,.0f}".replace(",", "")
    return {
        "hint_ja": f"{ja}単位の {typed} なら {meant}",
        "hint_en": f"{typed} in {en} is {meant}",
    }


def kgi_scale_check(
    kgi: float,
    baseline: float,
    cell_of: Mapping[str, tuple[int, str]] | None = None,
    plan_base: float | None = None,
) -> Check | None:
    """A critical Check when the KGI is below 1/10 or above 10× the baseline revenue
    (``baseline``: last year as booked). ``plan_base``: the plan's 基準売上 the summary shows;
    when lost accounts make it another yen figure, the Check names both (``kgi_scale_base``,
    trial 46 L2: 前年 ¥1,042M here, 基準売上 ¥1,035M on the line above)."""
    if not kgi_unit_slip(kgi, baseline):
        return None
    ratio = kgi / baseline
    scale = f"1/{round(1 / ratio):,}" if ratio < 1 else f"×{round(ratio):,}"
    row, col = (cell_of or {}).get("KGI", (None, ""))
    params = {
        "kgi": fmt_yen(kgi),
        "baseline": fmt_yen(baseline),
        "scale": scale,
        **kgi_unit_hint(kgi, baseline),
    }
    code = "kgi_scale"
    if plan_base is not None and math.isfinite(plan_base) and round(plan_base) != round(baseline):
        code, params["base"] = "kgi_scale_base", fmt_yen(plan_base)
    return Check(SETTINGS.name, row, f"{col} KGI".strip(), kgi, code, params, "critical")


# Engine notes on a declared price revision that point at what was typed (core.price_revision):
# Checks rows at the Settings cell, as a warning.
REVISION_NOTES = {
    "price_revision_outside": "PriceRevisionMonth",
    "price_revision_differs": "PriceRevisionPct",
    "price_revision_differs_units": "PriceRevisionPct",
    "price_revision_differs_products": "PriceRevisionPct",
    "price_revision_differs_month": "PriceRevisionPct",
    "price_revision_by_product": "PriceRevisionPct",
    "price_revision_by_product_differs": "PriceRevisionPct",
    "price_revision_product": "PriceRevisionProduct",
    "price_revision_product_unread": "PriceRevisionProduct",
    "price_revision_product_differs": "PriceRevisionProduct",
    "price_revision_product_unknown": "PriceRevisionProduct",
    # Typed as a maker's name (trial 52 M5, core.price_revision.maker_note / unknown_note).
    "price_revision_maker": "PriceRevisionProduct",
    "price_revision_maker_unread": "PriceRevisionProduct",
    "price_revision_maker_differs": "PriceRevisionProduct",
    "price_revision_maker_unknown": "PriceRevisionProduct",
}
# Of those, the ones that only inform (trial 50 M6: the size typed is applied to all sales).
REVISION_INFO = frozenset(
    {
        "price_revision_by_product",
        "price_revision_product",
        "price_revision_product_unread",
        "price_revision_maker",
        "price_revision_maker_unread",
    }
)


def revision_checks(
    checks: list[Check], cell_of: Mapping[str, tuple[int, str]] | None = None
) -> list[Check]:
    """``checks`` with the engine's notes on a declared price revision moved to the Settings
    cell they are about (sheet, row, column), as warnings."""
    out = []
    for c in checks:
        name = REVISION_NOTES.get(c.problem)
        if name is None:
            out.append(c)
            continue
        row, col = (cell_of or {}).get(name, (None, ""))
        level = "info" if c.problem in REVISION_INFO else "warn"
        out.append(
            Check(SETTINGS.name, row, f"{col} {name}".strip(), None, c.problem, c.params, level)
        )
    return out
