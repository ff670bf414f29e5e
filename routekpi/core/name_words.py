"""The words of a Japanese customer name that are not the customer's own: declared once.

**Company types** (``COMPANY_TYPES``): 株式会社X, (株)X, ㈱X and （株）X are one account however
the clerk wrote it (validation.tables ``name_key``; the parser's NFKC already made ㈱ and （株）
"(株)"). The short form stays where it was typed: 前株 (株)X and 後株 X(株) are kept apart.

**Founders** (``FOUNDER_WORDS``): who set a school, a hospital or a public body up — 県立, 市立,
学校法人, 社会福祉法人, 医療法人 … A hand-typed master often writes it apart (「県立 本町高等学校」,
「市立 港小学校」, 「学校法人 青雲学園 中学校」), so it reads as a name's first word, which is
how core.chain_exit guesses a chain (「サンエブリー 駅前1号店」 → サンエブリー). A founder is no
chain: fifty prefectural schools are fifty customers, not one that leaves together (trial 53
H2: 49 open schools read as three chain exits, 15% off the baseline). Co-operatives (生活協同組合,
農業協同組合) are left out on purpose: a co-op's branches are one organisation's stores.
"""

from __future__ import annotations

# The company type written out, and its short form (module doc).
COMPANY_TYPES: tuple[tuple[str, str], ...] = (
    ("株式会社", "(株)"),
    ("有限会社", "(有)"),
    ("合同会社", "(同)"),
    ("合資会社", "(資)"),
    ("合名会社", "(名)"),
)

# A founder or public body written as a name's first word (module doc), NFKC as the parser
# reads it: never a chain's name.
FOUNDER_WORDS: frozenset[str] = frozenset(
    (
        # Public founders: the state, prefectures, cities, towns, villages, wards.
        "国立",
        "公立",
        "私立",
        "都立",
        "道立",
        "府立",
        "県立",
        "市立",
        "町立",
        "村立",
        "区立",
        "組合立",
        # Juridical persons that found schools, hospitals, welfare homes, associations.
        "学校法人",
        "国立大学法人",
        "公立大学法人",
        "独立行政法人",
        "地方独立行政法人",
        "社会福祉法人",
        "医療法人",
        "医療法人社団",
        "医療法人財団",
        "社会医療法人",
        "宗教法人",
        "財団法人",
        "社団法人",
        "公益財団法人",
        "一般財団法人",
        "公益社団法人",
        "一般社団法人",
        "特定非営利活動法人",
        "NPO法人",
    )
)
