"""The Plan a manager reads (trial 25 L6): each rep's line names only the levers that move
and one clause for the others; the Method leads with a few plain lines and keeps every
detail below, one point a line.

The short history is the sample's from 2024-10 (25 months): the ratios carry none of a rep's
own difference and the team's ratio levers have no year-on-year change two years back, so
every rep's heading is active accounts alone.
"""

from __future__ import annotations

import pytest

from routekpi.core.engine import Result, run
from routekpi.core.history import History, PlanSettings
from routekpi.core.targets import split_reasons
from routekpi.messages import text
from routekpi.render import heading_parts, plan_rows
from routekpi.sample import generate_sample


def test_a_lever_shown_as_zero_is_not_named() -> None:
    # +0.04% and -0.04% show as +0.0% and -0.0%: no move; +0.05% shows as +0.1%: a move.
    trend = {
        "active_accounts": 0.058,
        "visits_per_account": 0.0,
        "orders_per_visit": 0.0004,
        "unit_price": -0.0004,
    }
    assert heading_parts(trend, "ja") == "稼働顧客数 +5.8%、ほかのレバーは前年並み"
    assert heading_parts(trend, "en") == (
        "Active accounts +5.8%; the other levers at last year's level"
    )
    moved = dict(trend, unit_price=-0.0006)
    assert heading_parts(moved, "ja") == (
        "稼働顧客数 +5.8%、取引単価 -0.1%、ほかのレバーは前年並み"
    )
    flat = dict.fromkeys(trend, 0.0)
    assert heading_parts(flat, "ja") == "どのレバーも前年並み"
    assert heading_parts(flat, "en") == "every lever at last year's level"
    every = {"active_accounts": 0.01, "visits_per_account": -0.02, "unit_price": 0.03}
    assert heading_parts(every, "ja") == (
        "稼働顧客数 +1.0%、訪問頻度(月/顧客) -2.0%、取引単価 +3.0%"
    )


@pytest.fixture(scope="module")
def short() -> Result:
    s = generate_sample(7, first_month="2024-10")
    history = History(s.orders, s.visits, s.accounts, s.holidays)
    return run(history, PlanSettings(kgi=1.2e9, plan_year=2026, as_of=s.settings["AsOf"]))


def _block(rows: list[list[object]], item: str) -> str:
    """The note of the Plan line ``item``, its wrapped rows read back as one text."""
    at = next(i for i, r in enumerate(rows) if r[0] == item)
    end = next((i for i in range(at + 1, len(rows)) if rows[i][0] != ""), len(rows))
    return "".join(str(r[2]) for r in rows[at:end])


def test_a_short_historys_rep_lines_name_active_accounts_alone(short: Result) -> None:
    why = split_reasons(short.evidence, short.plan)
    rows = plan_rows(short, "ja")
    for rep, r in why.iterrows():
        # The ratios carry nothing of a short history but unit price's pace on the months a
        # year apart (levers.same_month_trend: here +0.16% on 6 months, among scatter that
        # leaves +0.0017% of it); active accounts move for each rep.
        read = short.evidence.lever_evidence.same_months_read
        assert read is not None and read[2] == 6 and abs(read[0]) < 0.0005
        for k in short.evidence.levers[1:]:
            expected = read[0] if k == "unit_price" else 0.0
            assert r[f"trend.{k}"] == pytest.approx(expected, abs=1e-9)
        change = f"{r['trend.active_accounts'] * 100:+.1f}%"
        line = _block(rows, str(rep))
        assert f"(稼働顧客数 {change}、ほかのレバーは前年並み)の半分で" in line
        assert "+0.0%" not in line and "訪問頻度" not in line


def test_the_method_leads_with_plain_lines_and_keeps_the_details(short: Result) -> None:
    rows = plan_rows(short, "ja")
    at = next(i for i, r in enumerate(rows) if r[0] == "算出方法")
    end = next(i for i in range(at + 1, len(rows)) if rows[i][0] != "")
    notes = [str(r[2]) for r in rows[at:end]]
    first_point = next(i for i, n in enumerate(notes) if n.startswith("・"))
    assert first_point <= 4  # the plain lead: a few printed lines
    assert notes[0].startswith("目標は、KGIとこのブックの履歴(受注・訪問・顧客)から出しています")
    points = [n for n in notes if n.startswith("・")]
    assert [p.split(":")[0] for p in points] == [
        "・過去の動き",
        "・KGIとの差",
        "・チームの最高の年",
        "・稼働顧客数",
        "・上限",
        "・担当者配分",
        "・月別・日別",
        "・チームの比率(取引単価・訪問頻度・訪問あたり受注数・アポ獲得率・商談成約率)",
    ]
    # Each point's later lines sit under its text (a full-width space for the bullet).
    assert all(n.startswith(("・", "\u3000")) for n in notes[first_point:])
    whole = "".join(n.removeprefix("\u3000") for n in notes)
    for fact in (  # the old paragraph's facts, each still said
        "チームは約3年半、担当者は3年",
        "担当者の差は稼働顧客数で25%",
        "約2年半の履歴がそろうまでは担当者の前年比のばらつきで代用",
        "一度も動いていないレバーには配分しません",
        "動いたことのあるレバーで均等に分けます",
        "1年前の年は半分、2年前は4分の1の重みで数え",
        "新規獲得だけで補う場合に要る件数の4分の1",
        "上限に達したレバーの不足分は他のレバーが受け持ちます",
        "日別は営業日数で按分しています",
        "担当者の構成が変わっても下がりません",
    ):
        assert fact in whole, fact
    # No line break reaches a cell: each point is its own rows.
    assert not any("\n" in str(r[2]) for r in rows)


@pytest.mark.parametrize("key", ["plan.method_text", "plan.method_text_policy"])
def test_the_method_reads_the_same_in_both_languages(key: str) -> None:
    params = {"pct": "P", "persist": "25", "split": "S"}
    ja, en = (text(key, lang, **params).split("\n") for lang in ("ja", "en"))
    assert len(ja) == len(en) > 1
    assert all(p.startswith("・") for p in ja[1:]) and all(p.startswith("• ") for p in en[1:])
