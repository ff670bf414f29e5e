"""The shared helpers keep each former caller's behaviour (hand-computed values)."""

from __future__ import annotations

import copy
import datetime as dt
import os
import pickle
import re
from pathlib import Path

import pytest

from routekpi.contract import (
    WHITESPACE,
    TempFileError,
    atomic_write,
    cell_reference,
    column_letter,
    column_number,
    date_serial,
    display_width,
    file_mode,
    fold,
    language_of,
    lazy_pattern,
    normal_text,
)
from routekpi.core.catalog import find_kpi
from routekpi.schema import normalize_label


def test_fold_strips_only_without_drop() -> None:
    # Setting values and worksheet-function arguments: ends stripped, inner spaces kept.
    assert fold("  Ｅｎ Ｇｌｉｓｈ\t") == "en glish"
    # Choices and Notes KPIs: every whitespace run removed (U+3000 is NFKC space).
    assert fold("新\u3000規 訪問", WHITESPACE) == "新規訪問"
    # KPI names drop spaces and underscores, nothing else: a tab stays.
    assert fold("Unit_Price \t", re.compile("[ _]")) == "unitprice\t"
    assert fold(12.0) == "12.0"


def test_callers_fold_as_before() -> None:
    assert normalize_label("売上金額（円）") == "売上金額円"
    assert normalize_label(" Visit-Date ") == "visitdate"
    kpi = find_kpi("unit_price")
    assert kpi is not None and find_kpi("ＵＮＩＴ ＰＲＩＣＥ") == kpi


def test_normal_text() -> None:
    assert normal_text("  abc ") == "abc"
    assert normal_text("ＡＢＣ１２３\u3000") == "ABC123"


def test_display_width_counts_wide_characters_twice() -> None:
    assert display_width("売上 KPI") == 8  # 2 + 2 + 1 + 3


def test_column_letters_round_trip() -> None:
    assert [column_letter(n) for n in (1, 26, 27, 52, 703, 16384)] == [
        "A",
        "Z",
        "AA",
        "AZ",
        "AAA",
        "XFD",
    ]
    assert column_number("XFD") == 16384
    assert column_number(b"AA") == 27


def test_cell_reference() -> None:
    assert cell_reference("Settings!$B$4") == ("Settings", 4, "B")
    assert cell_reference(" 'Tanaka''s plan'!C12 ") == ("Tanaka's plan", 12, "C")
    assert cell_reference("Settings!B4:C5") is None


def test_date_serial_both_systems() -> None:
    assert date_serial(dt.date(1900, 1, 1)) == 1
    assert date_serial(dt.date(1900, 2, 28)) == 59
    assert date_serial(dt.date(1900, 3, 1)) == 61  # 60 is Excel's phantom 1900-02-29
    assert date_serial(dt.date(2026, 4, 1)) == 46113
    assert date_serial(dt.datetime(2026, 4, 1, 18)) == 46113.75
    assert date_serial(dt.date(1899, 12, 31)) is None
    assert date_serial(dt.date(1904, 1, 2), date1904=True) == 1
    assert date_serial(dt.date(1903, 12, 31), date1904=True) is None


def test_atomic_write_replaces_and_keeps_the_mode(tmp_path: Path) -> None:
    target = tmp_path / "book.xlsm"
    target.write_bytes(b"old")
    target.chmod(0o640)
    atomic_write(target, lambda out: out.write(b"new"), mode=file_mode(target))
    assert target.read_bytes() == b"new"
    assert file_mode(target) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.xlsm"]
    assert file_mode(tmp_path / "absent.xlsm") == 0o644


def test_atomic_write_failure_leaves_the_target(tmp_path: Path) -> None:
    target = tmp_path / "book.xlsm"
    target.write_bytes(b"old")

    def half(out: object) -> None:
        out.write(b"half")  # type: ignore[attr-defined]
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space left") as err:
        atomic_write(target, half, mode=0o644)
    assert not isinstance(err.value, TempFileError)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.xlsm"]


def test_atomic_write_in_a_missing_folder_is_a_temp_file_error(tmp_path: Path) -> None:
    with pytest.raises(TempFileError) as err:
        atomic_write(tmp_path / "nowhere" / "book.xlsm", lambda out: None, mode=0o644)
    assert isinstance(err.value, OSError) and err.value.strerror == os.strerror(2)


def test_language_of_reads_the_setting_as_ja_or_en() -> None:
    """One rule for every door (pipeline, button, repair, collect): blank or unknown → ja."""
    assert language_of("en") == "en"
    assert language_of(" EN ") == "en"
    assert language_of("ｅｎ") == "en"  # full-width, as an IME may type it
    assert language_of("ja") == "ja"
    for value in (None, "", "fr", 1, "english"):
        assert language_of(value) == "ja"


def test_lazy_pattern_compiles_on_first_use_and_answers_as_compiled() -> None:
    text = r"(\d{4})年(?P<month>\d{1,2})月"
    lazy = lazy_pattern(text, re.IGNORECASE)
    assert lazy.pattern == text
    assert "search" not in vars(lazy)  # not compiled by being defined or read for .pattern
    compiled = re.compile(text, re.IGNORECASE)
    typed = "納品 2026年4月 と 2027年12月"
    assert lazy.search(typed)[0] == "2026年4月"  # type: ignore[index]
    assert "search" in vars(lazy)  # compiled once, its methods kept on the object
    assert lazy.findall(typed) == compiled.findall(typed) == [("2026", "4"), ("2027", "12")]
    assert lazy.sub("#", typed) == "納品 # と #"
    assert lazy.fullmatch("2026年4月")["month"] == "4"  # type: ignore[index]
    assert lazy.fullmatch("2026年4月です") is None
    assert (lazy.flags, lazy.groups, dict(lazy.groupindex)) == (compiled.flags, 2, {"month": 2})
    with pytest.raises(AttributeError):
        lazy.no_such_method  # noqa: B018 - a compiled pattern has none either
    # Copied or pickled (before or after its first use): a lazy pattern of the same text.
    for original in (lazy, lazy_pattern(r"a+")):
        for twin in (copy.deepcopy(original), pickle.loads(pickle.dumps(original))):
            assert twin.pattern == original.pattern
            assert twin.sub("-", "baaad") == re.sub(original.pattern, "-", "baaad")
