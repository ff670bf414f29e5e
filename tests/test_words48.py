"""Words a manager reads after trial 48's re-run (words48).

N3: a stack across an ERP change, the old export lacking 数量 / 商品コード / 伝票区分 /
担当者コード, says per column what those rows lose and that an old system without the column is
fine — never only "give the files the same columns", which an old export cannot follow.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from routekpi.messages import text
from tests.test_sources_yearly import _csv, _external, _sources

pytest.importorskip("duckdb")


def test_an_old_export_without_the_new_columns_says_what_is_lost(tmp_path: Path) -> None:
    _csv(
        tmp_path / "old.csv",
        [["伝票日付", "得意先コード", "担当者", "金額"], ["2024-05-01", "C1", "佐藤 一郎", 100]],
    )
    _csv(
        tmp_path / "new.csv",
        [
            [
                "伝票日付",
                "伝票区分",
                "得意先コード",
                "担当者コード",
                "担当者名",
                "商品コード",
                "数量",
                "金額",
            ],
            ["2025-07-01", "売上", "C1", "E1", "佐藤 一郎", "W12", 2, 300],
        ],
    )
    _, checks = _external(
        tmp_path, _sources([["受注", "old.csv", None, None], ["受注", "new.csv", None, None]])
    )
    missing = {c.column: c for c in checks if c.problem == "source_part_column_missing"}
    assert set(missing) == {"数量", "商品コード", "伝票区分", "担当者コード"}
    assert all(c.sheet == "old.csv" and c.severity == "warn" for c in missing.values())
    ja = {k: text(c.problem, "ja", **c.params) for k, c in missing.items()}
    en = {k: text(c.problem, "en", **c.params) for k, c in missing.items()}
    fine = "旧システムの出力などで元々この列がなければ、このままで構いません"
    assert all(fine in said and "{" not in said for said in ja.values())
    assert all("If the old system never had this column" in s for s in en.values())
    assert "その期間の行は数量による価格改定の判定" in ja["数量"]
    assert "同じ商品どうしの単価の比較(価格改定の判定)には使いません" in ja["商品コード"]
    assert "金額が負の行を返品として差し引きます" in ja["伝票区分"]
    assert "担当者名で見分け" in ja["担当者コード"]
    assert "told by their names" in en["担当者コード"] and "{" not in en["担当者コード"]
    # Each consequence is said once, on its own column's row.
    assert sum("担当者名で見分け" in s for s in ja.values()) == 1
