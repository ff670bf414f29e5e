"""The workbook contract, declared once: sheet names, columns, header aliases, settings.

Everything that names a sheet, a header or a settings cell reads it from here: the template
builder, the file reader, the xlwings adapter, the validator and the tests. Matching is done
on NFKC-normalised, case-folded text with spaces and common punctuation removed, so that
``受注日``, ``受注 日``, ``ＤＡＴＥ`` and ``Date`` all find their column.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from routekpi.contract import fold

ColumnKind = Literal["date", "number", "text", "kind", "outcome"]
SettingKind = Literal["number", "integer", "date", "text", "choice"]

_PUNCT = re.compile(r"[\s_\-‐－・･/／().（）\[\]【】:：]+")


def normalize_label(text: object) -> str:
    """Fold a header or sheet name for matching: NFKC, case-folded, no spaces/punctuation."""
    return fold(text, _PUNCT)


@dataclass(frozen=True)
class ColumnSpec:
    """One input column: canonical key, its ja/en headers, the aliases accepted on input."""

    key: str
    kind: ColumnKind
    ja: str
    en: str
    required: bool = True
    aliases: tuple[str, ...] = ()
    # False: read when a pasted sheet or file has it, never laid out in the template or the
    # sample book (the customer name on an order line: the Accounts sheet holds names).
    laid_out: bool = True

    def header(self, language: str) -> str:
        """The header the template writes for this language."""
        return self.ja if language == "ja" else self.en

    def matches(self, header: object) -> bool:
        """True when a header cell names this column (canonical key, ja, en or an alias)."""
        return self.rank(header) is not None

    def rank(self, header: object) -> int | None:
        """How plainly a header names this column: 0 for its key or ja/en header, then the
        aliases in the order listed (1, 2, …); None when it does not name it."""
        return self._ranks.get(normalize_label(header))

    @cached_property
    def _ranks(self) -> dict[str, int]:
        """Each folded name → its ``rank`` (the first, when two fold alike): the names are
        folded once per spec, not on every header looked up (1,842 folds a recalc)."""
        ranks: dict[str, int] = {}
        for i, name in enumerate((self.key, self.ja, self.en, *self.aliases)):
            ranks.setdefault(normalize_label(name), max(i - 2, 0))
        return ranks


@dataclass(frozen=True)
class SheetSpec:
    """One sheet: canonical ASCII name, Japanese tab name, aliases, columns (inputs only)."""

    name: str
    ja: str
    role: Literal["settings", "input", "output", "hidden"]
    required: bool = False
    aliases: tuple[str, ...] = ()
    columns: tuple[ColumnSpec, ...] = ()

    def matches(self, sheet_name: object) -> bool:
        """True when a tab name is this sheet's canonical name, Japanese name or an alias."""
        wanted = {normalize_label(x) for x in (self.name, self.ja, *self.aliases)}
        return normalize_label(sheet_name) in wanted

    def column(self, key: str) -> ColumnSpec:
        """The column with this canonical key."""
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(f"{self.name} has no column {key!r}")


# Visit kinds and outcomes as users type them. Keys are canonical; values are aliases.
# A stop where nobody was there (trial 48 L2): read as a visit, with one Checks info line.
NOBODY_THERE: tuple[str, ...] = ("不在", "不在訪問", "不在票", "留守", "留守宅")
VISIT_KINDS: dict[str, tuple[str, ...]] = {
    # Words a Japanese SFA export writes for its activity types. Only words that name one
    # kind: 打合せ (a meeting with a customer or a prospect?) and 飛び込み (a visit or a
    # prospecting call?) stay unknown, and the Checks row says how to map them.
    # In route sales a delivery or collection stop (納品, 配達, 集金) is the route visit: the
    # rep is at the customer, and that is where the orders come from.
    "visit": (
        "visit",
        "regular visit",
        "route visit",
        "訪問",
        "定期訪問",
        "ルート訪問",
        "往訪",
        "巡回",
        "巡回訪問",
        "定期巡回",
        "ルート巡回",
        "ルート営業",
        # A route team's log says 営業 for the sales call at a customer on the route (trial
        # 41: 納品 / 集金 / 営業); a prospecting call is logged as 商談, アポ or 飛び込み.
        "営業",
        "営業訪問",
        "既存訪問",
        "既存顧客訪問",
        "納品",
        "納品訪問",
        "配達",
        "配達訪問",
        "配送",
        "ルート配送",
        "巡回納品",
        "集金",
        "集金訪問",
        "御用聞き",
        # A vending route's stop is a refill: the rep is at the machine's owner (trial 18).
        "補充",
        "補充訪問",
        "自販機補充",
        "ルート補充",
        "delivery",
        "delivery visit",
        # A stop where nobody was there: the rep drove the route to the door, and that is
        # the visit the plan counts (trial 48 L2: a handheld's 訪問区分 不在, 29,966 rows
        # left out). In the outcome column 不在 stays a failed attempt (OUTCOME_FAILURE).
        *NOBODY_THERE,
    ),
    "attempt": (
        "attempt",
        "appointment attempt",
        "appointment",
        "appt",
        "アポ",
        "アポ取り",
        "アポとり",
        "アポ取",
        "アポイント取り",
        "アポ打診",
        "アポイント",
        "テレアポ",
        "電話アポ",
        "アポ電",
        "アポ架電",
        "架電",
        "アポ電話",
        "アポイント電話",
        "アポ取り電話",
        "appointment call",
        # Prospecting: the commonest word for it in a Japanese SFA (trial 42 L5: 3,863 rows
        # of 新規開拓 left out until a Words row read it as アポ).
        "新規開拓",
        "新規開拓訪問",
        "新規開拓電話",
    ),
    # A product demonstration is a meeting (trial 20: a medical-device dealer's kintone logs
    # デモ); at an account already held it then counts as a visit, as any meeting there.
    "meeting": (
        "meeting",
        "sales meeting",
        "商談",
        "商談訪問",
        "面談",
        "提案",
        "デモ",
        "デモンストレーション",
        "実演",
        "demo",
        "demonstration",
    ),
    # A call, an e-mail or a fax reaches the customer without a visit: read, and counted as
    # nothing (no visit, no attempt). A call that asks for an appointment says so (アポ電話,
    # テレアポ: attempts above). "call" alone is not here: in English a sales call is a visit.
    "contact": (
        "contact",
        "連絡",
        "電話",
        "電話連絡",
        "電話フォロー",
        "電話対応",
        "電話受注",
        "tel",
        "tel連絡",
        "メール",
        "メール連絡",
        "eメール",
        "fax",
        "ファックス",
        "ファクス",
        "phone",
        "phone call",
        "telephone",
        "email",
        "e-mail",
    ),
}
# Kinds read but never counted: their rows leave the history with one info line on Checks.
NOT_COUNTED_KINDS: frozenset[str] = frozenset({"contact"})
OUTCOME_SUCCESS: tuple[str, ...] = (
    "won",
    "win",
    "yes",
    "success",
    "ok",
    "y",
    "1",
    "true",
    "○",
    "◯",
    "〇",
    "成功",
    "獲得",
    "アポ獲得",
    "受注",
    "成約",
    "契約",
    "有",
    "あり",
    # A prospecting visit that became a sales meeting: the appointment won (trial 44 M1:
    # 1,816 rows of 商談化 in an SFA's 活動結果).
    "商談化",
)
OUTCOME_FAILURE: tuple[str, ...] = (
    "lost",
    "lose",
    "no",
    "fail",
    "failed",
    "n",
    "0",
    "false",
    "×",
    "✕",
    "-",
    "失敗",
    "不成立",
    "不成約",  # an SFA's usual negative of 成約 (trial14)
    "未成約",
    "見送り",
    "失注",
    "断り",
    "なし",
    "無",
    # Nobody reached: an attempt that won no appointment (trial 42 L1: 941 rows of 不在, the
    # Checks row asked to edit the SFA export).
    "不在",
    "留守",
    "不通",
    "留守電",
    # Turned away: an SFA's word for 断り (trial 44 M1: 2,678 rows of 断られ, each asked to be
    # edited in the export).
    "断られ",
    "断られた",
    "お断り",
)
# A meeting still open (kintone's 継続, trial 20): read without a Check, and counted as
# neither won nor lost, as a blank outcome is.
OUTCOME_OPEN: tuple[str, ...] = (
    "open",
    "pending",
    "ongoing",
    "in progress",
    "継続",
    "検討中",
    "保留",
)

# The outcomes by canonical key (won / lost / open) → the words read as each.
OUTCOME_CHOICES: dict[str, tuple[str, ...]] = {
    "won": OUTCOME_SUCCESS,
    "lost": OUTCOME_FAILURE,
    "open": OUTCOME_OPEN,
}
# What the Words sheet's second column takes (trial 44 M1): a visit kind, or an outcome — a
# company word meaning 成功 / 失敗 / 検討中 is read in the outcome column (結果).
# A word in both tables (不在: a stop with nobody there in the kind column, a failed attempt
# in the outcome column) means its kind there: one meaning per word.
_KIND_WORDS = frozenset(w for words in VISIT_KINDS.values() for w in words)
WORD_MEANINGS: dict[str, tuple[str, ...]] = {
    **VISIT_KINDS,
    **{k: tuple(w for w in v if w not in _KIND_WORDS) for k, v in OUTCOME_CHOICES.items()},
}

_DATE_ALIASES = ("日付", "年月日", "date", "day")
_ACCOUNT_ALIASES = (
    "顧客",
    "顧客コード",
    "顧客id",
    "取引先",
    "取引先コード",
    "得意先",
    "得意先コード",
    "得意先cd",
    "顧客cd",
    "取引先cd",
    "account",
    "account id",
    "customer",
    "customer id",
    "client",
    "account code",
    "customer code",
    "client code",
    "client id",
    "顧客番号",
    "得意先番号",
    "取引先番号",
    # A vending route's account is a machine's location (trial 34: ロケーションコード).
    "ロケーション",
    "ロケーションコード",
    "設置先コード",
    "location",
    "location code",
    "location id",
)
# On the Accounts sheet (a customer master) a bare "code" can only be the customer's: an
# exported master often heads it so (trial 31's accounts.csv). Not on Orders, where a code
# may be the product's.
_MASTER_CODE_ALIASES = (*_ACCOUNT_ALIASES, "code", "コード")
# --- An account named, not coded (trial 21) ----------------------------------------------
# A ledger with no code column keys its customers by name: on the inputs listed, a header
# here is read as the account when no code header is there (validation.headers), and the
# key is the name with every space removed (full- or half-width: 「焼肉 秋保 国分町店」 and
# 「焼肉秋保国分町店」 are one customer). Not on Accounts, where they name its name column. With a
# code column they are the line's customer name (LINE_ACCOUNT_NAME, below).
ACCOUNT_NAME_HEADERS: tuple[str, ...] = (
    "得意先名",
    "顧客名",
    "取引先名",
    "店名",
    "店舗名",
    "会社名",
    "設置場所",
    "設置先名",
    "ロケーション名",
    "customer name",
    "account name",
    "client name",
    "location name",
)
NAME_KEYED_INPUTS: tuple[str, ...] = ("Orders", "Visits")
# The customer's name beside its code on an order or visit line (an ERP export's 得意先名 next
# to 得意先コード; trial 25: without an Accounts sheet every list a rep uses showed bare codes).
# Read under the same names as the Accounts sheet's name column (ACCOUNTS' ``name``): the
# account's name where the Accounts sheet gives none (core.lapse.with_names). Its own key, so
# a bare "Name" on a visit export (an SFA's contact person) is not taken for the customer.
ACCOUNT_NAME_KEY = "account_name"
LINE_ACCOUNT_NAME = ColumnSpec(
    ACCOUNT_NAME_KEY,
    "text",
    "顧客名",
    "Customer name",
    required=False,
    aliases=ACCOUNT_NAME_HEADERS,
    laid_out=False,
)

# A route or territory stands in for the rep in exports with no rep column (one rep per
# route, as in route sales); listed last, so a real rep column beside it wins, and a Check
# says when one is read as the rep. A branch (営業所) or an area (エリア) holds several reps:
# not among them.
TERRITORY_ALIASES = (
    "ルート",
    "担当ルート",
    "担当エリア",
    "テリトリー",
    "route",
    "territory",
    "sales territory",
)
_REP_ALIASES = (
    "担当",
    "担当者",
    "営業担当",
    "営業担当者",
    "営業",
    "rep",
    "sales rep",
    "owner",
    "salesperson",
    "担当者名",
    "担当者コード",
    "担当者cd",
    "営業担当者名",
    "営業担当コード",
    "担当営業",
    "担当者氏名",
    "販売担当",
    "受注担当者",
    "営業マン",
    *TERRITORY_ALIASES,
)

SETTINGS = SheetSpec(
    name="Settings", ja="設定", role="settings", required=True, aliases=("settings", "設定シート")
)

# A line's tax class (弥生's 税区分: 内税 / 外税 / 非課税) and tax rate (税率: 10%, 8% 軽減):
# optional, never laid out. A line marked 内税 (tax-included) is netted to its tax-excluded
# amount (validation.tax.net_divisor): revenue is tax-excluded on every line, as the books'
# 売上高 (trial 38 H5: 22% of customers on 内税 slips summed with the rest, +2.1%).
TAX_CLASS_KEY = "tax_class"
TAX_RATE_KEY = "tax_rate"
TAX_CLASS = ColumnSpec(
    TAX_CLASS_KEY,
    "text",
    "税区分",
    "Tax class",
    required=False,
    aliases=(
        "課税区分",
        "消費税区分",
        "税込区分",
        "内外税区分",
        "内税外税区分",
        "税転嫁",  # 弥生販売's 外税/伝票計, 内税/総額 …
        "税種別",
        "tax type",
        "tax class",
        "tax category",
    ),
    laid_out=False,
)
TAX_RATE = ColumnSpec(
    TAX_RATE_KEY,
    "text",
    "税率",
    "Tax rate",
    required=False,
    aliases=("消費税率", "税率区分", "適用税率", "tax rate", "vat rate"),
    laid_out=False,
)
# A line's kind where an export keeps every amount positive and says 返品 in a column of its
# own (販売管理's 売上区分 / 伝票区分): a return line's positive amount is negated
# (validation.returns; trial 39 H6: returns added to revenue, +15.5%). Optional, never laid
# out; values that are not a return word (売上, 通常, 特売 …) leave the line as it is.
LINE_KIND_KEY = "line_kind"
LINE_KIND = ColumnSpec(
    LINE_KIND_KEY,
    "text",
    "区分",
    "Line type",
    required=False,
    aliases=(
        "売上区分",
        "伝票区分",
        "取引区分",
        "明細区分",
        "返品区分",
        "売上種別",
        "伝票種別",
        "取引種別",
        "line type",
        "transaction type",
    ),
    laid_out=False,
)

# How many orders a row stands for: a monthly summary's 配送回数 (trial 50 H2: 売上月報, one
# row per customer × month × category, each read as one order: unit price −15.7% at the
# switch to delivery lines). Optional, never laid out; a row without it is one order
# (validation.monthly: a row of N orders becomes N order rows, its amount split).
ORDER_COUNT_KEY = "order_count"
ORDER_COUNT = ColumnSpec(
    ORDER_COUNT_KEY,
    "number",
    "受注件数",
    "Orders",
    required=False,
    aliases=(
        "配送回数",
        "配達回数",
        "納品回数",
        "件数",
        "回数",
        "受注回数",
        "注文件数",
        "注文回数",
        "伝票枚数",
        "伝票数",
        "売上件数",
        "取引件数",
        "取引回数",
        "order count",
        "orders count",
        "number of orders",
        "count",
        "deliveries",
        "delivery count",
    ),
    laid_out=False,
)
# The count headers that say nothing of what they count (pieces, a slip's lines, visits …):
# read as orders only on a monthly summary; on daily lines left unread with a warning
# (left50b, review50b). The others (配送回数, 伝票枚数, Deliveries …) name orders plainly.
ORDER_COUNT_GENERIC: tuple[str, ...] = ("件数", "回数", "count")
# A column naming each line's unit of quantity (m3, L, 台): never read into the history, only
# counted — two units or more under one 数量 are said on Checks (validation.mixed_units).
QUANTITY_UNIT_HEADERS: tuple[str, ...] = ("単位", "数量単位", "単位名", "unit", "uom")
# A date column that holds months (a monthly summary's 年月): its values `2021/04`, `2021年4月`,
# 202104 are read as the month's 1st, and a column of 1sts under one of these is a summary.
MONTH_HEADERS: tuple[str, ...] = (
    "年月",
    "売上年月",
    "受注年月",
    "対象年月",
    "計上年月",
    "年月度",
    "売上月",
    "計上月",
    "year month",
    "yearmonth",
    "sales month",
    "month",
)

ORDERS = SheetSpec(
    name="Orders",
    ja="受注",
    role="input",
    required=True,
    aliases=("受注履歴", "受注実績", "注文", "売上", "売上明細", "orders", "sales"),
    columns=(
        ColumnSpec(
            "date",
            "date",
            "受注日",
            "Date",
            aliases=(
                *_DATE_ALIASES,
                "注文日",
                "売上日",
                "売上日付",
                "受注日付",
                "伝票日付",
                "order date",
                "納品日",
                "invoice date",
                "sales date",
                "transaction date",
                # A route sale's date is the delivery's (trial 50 M2: 配送日 unread, a stop).
                "配送日",
                "配達日",
                # A monthly summary's month (trial 50 M3: 売上月報's 年月 `2021/04`): read
                # as that month, dated on its 1st (validation.monthly).
                *MONTH_HEADERS,
            ),
        ),
        ColumnSpec("account", "text", "顧客コード", "Account", aliases=_ACCOUNT_ALIASES),
        ColumnSpec("rep", "text", "担当者", "Rep", aliases=_REP_ALIASES),
        ColumnSpec(
            "amount",
            "number",
            "金額",
            "Amount",
            aliases=(
                "売上金額",
                "受注金額",
                "売上",
                "金額(円)",
                "税抜金額",
                "金額(税抜)",
                "売上金額(税抜)",
                "純売上額",
                "純売上高",
                "売上高",
                "売上額",
                "税込金額",
                "金額(税込)",
                "売上金額(税込)",
                "amount",
                "revenue",
                "sales",
            ),
        ),
        ColumnSpec(
            "quantity",
            "number",
            "数量",
            "Quantity",
            required=False,
            aliases=("個数", "qty", "quantity", "units"),
        ),
        # Optional: with it, a line pasted twice (same order number, same content) counts
        # once; without it identical lines are all counted (real files hold such lines).
        ColumnSpec(
            "order_id",
            "text",
            "受注番号",
            "Order ID",
            required=False,
            aliases=(
                "受注No",
                "受注NO",
                "注文番号",
                "伝票番号",
                "売上伝票番号",
                # A 基幹 export's slip number (trial 44 M2: 伝票No unread, every line an
                # order: 受注件数 77,248 for ~41,000 slips).
                "伝票No",
                "伝票NO",
                "伝票No.",
                "売上伝票No",
                "slip no",
                "オーダー番号",
                "order no",
                "order number",
                "order id",
                "invoice",
                "invoice no",
                "invoice number",
                # kintone's record number: an order app's subtable (明細) rows are exported
                # one line each with their record's number repeated (trial 49 H2: unread,
                # every product line an order, orders per visit 1.55 for 0.53). Listed
                # last: a slip-number column beside it names the order first.
                "レコード番号",
                "レコードID",
                "$id",
            ),
        ),
        # Optional: the line's product (商品コード, 品番 …). With it and a quantity, prices are
        # compared like for like, each product with itself month to month (core.price_index):
        # a price revision shows where the product mix hides it (trial 32 M1). Never laid
        # out in the template or the sample book; read when a pasted sheet or file has it.
        ColumnSpec(
            "product",
            "text",
            "商品コード",
            "Product",
            required=False,
            aliases=(
                "品番",
                "商品ID",
                "商品番号",
                "商品CD",
                "品目コード",
                "製品コード",
                "製品番号",
                "品目番号",
                "型番",
                "JANコード",
                "sku",
                "item code",
                "item no",
                "item id",
                "product code",
                "product id",
                "product no",
                # A product's name keys it when the export has no code (trial 39 M3: a
                # bakery's 商品名 only); listed last, so a code column beside it wins.
                "商品名",
                "品名",
                "製品名",
                "品目名",
                "product name",
                "item name",
            ),
            laid_out=False,
        ),
        # Optional: the line's maker (メーカー, ブランド). A maker announces a price revision for
        # all its products (trial 52 M5: 「TOTO 2025年10月 8%値上げ」, its products' codes
        # unknown to the manager): Settings PriceRevisionProduct may name one
        # (core.price_revision.named_products). A product's attribute, not part of a line's
        # identity: no key of a slip's merge or of a repeated line. Read when a file has it.
        ColumnSpec(
            "maker",
            "text",
            "メーカー",
            "Maker",
            required=False,
            aliases=(
                "メーカー名",
                "ブランド",
                "ブランド名",
                "製造元",
                "製造メーカー",
                "maker name",
                "brand",
                "brand name",
                "manufacturer",
            ),
            laid_out=False,
        ),
        LINE_ACCOUNT_NAME,
        TAX_CLASS,
        TAX_RATE,
        LINE_KIND,
        ORDER_COUNT,
    ),
)

# An amount header that says its figures include consumption tax (金額(税込), Amount incl.
# tax), folded as ``normalize_label`` folds headers: every yen figure is then tax-included,
# and the Plan, Dashboard and shared copies say so (trial 21: an accountant compared them
# with net sales). Any header holding one of these marks.
TAX_INCLUDED_MARKS = tuple(
    map(normalize_label, ("税込", "incl. tax", "including tax", "tax incl", "tax included"))
)

VISITS = SheetSpec(
    name="Visits",
    ja="訪問",
    role="input",
    aliases=("訪問履歴", "訪問記録", "活動", "活動履歴", "営業活動", "visits", "activities"),
    columns=(
        ColumnSpec(
            "date",
            "date",
            "訪問日",
            "Date",
            aliases=(
                *_DATE_ALIASES,
                "活動日",
                "visit date",
                # An SFA writes the activity's date with its time (trial 44 H3: 活動日時
                # `2026/12/05 14:30`, every visit row left out); the time part is dropped.
                "活動日時",
                "日時",
                "実施日",
                "実施日時",
                "訪問日時",
                "活動開始日時",
                "活動開始日",
                "activity date",
                # A visit report's start time (trial 46 M1: 訪問開始 `2026/11/05 09:30`, the
                # whole recalc stopped); the time part is dropped as for 活動開始日時.
                "訪問開始",
                "訪問開始日時",
                "訪問開始日",
                # A handheld terminal's work log (trial 50 M2: 作業日 / 作業区分 unread).
                "作業日",
                "作業日時",
            ),
        ),
        ColumnSpec("rep", "text", "担当者", "Rep", aliases=_REP_ALIASES),
        ColumnSpec(
            "account",
            "text",
            "顧客コード",
            "Account",
            required=False,
            aliases=(*_ACCOUNT_ALIASES, "訪問先", "見込み客"),
        ),
        ColumnSpec(
            "kind",
            "kind",
            "種別",
            "Kind",
            aliases=(
                "区分",
                "訪問区分",
                "訪問種別",
                "活動種別",
                "活動区分",
                "type",
                "kind",
                "activity",
                # An SFA's visit report heads the kind 訪問目的 (trial 46 M1).
                "訪問目的",
                "目的",
                "作業区分",
                "作業種別",
            ),
        ),
        ColumnSpec(
            "outcome",
            "outcome",
            "結果",
            "Outcome",
            required=False,
            aliases=(
                "成果",
                "result",
                "outcome",
                "status",
                # An SFA's own headers (trial 44 M1: 活動結果 unread, every outcome lost).
                "活動結果",
                "結果区分",
                "商談結果",
                "対応結果",
                "訪問結果",
            ),
        ),
        LINE_ACCOUNT_NAME,
    ),
)

# An account's corporate group (法人グループ: the clinics of one 医療法人, a chain's stores):
# optional. One rep's accounts of a group that end together are one burst of losses, named
# by the group (core.lost; trial 20: a 15-clinic group lost on one day).
# A master's status column (trial 52 M7: 取引区分 取引中 / 取引停止, ~70% of closures
# flagged, no end date): read as the closure flag by its value's words alone
# (validation.status_flag: 取引停止, 休止, 解約 …; a code like 1 / 2 says nothing).
STATUS_FLAG_HEADERS: tuple[str, ...] = (
    "取引区分",
    "取引状態",
    "取引状況",
    "取引ステータス",
    "顧客ステータス",
    "ステータス",
    "状態",
    "status",
    "account status",
)
ACCOUNT_GROUP = ColumnSpec(
    "group",
    "text",
    "法人グループ",
    "Group",
    required=False,
    aliases=(
        "グループ",
        "企業グループ",
        "法人グループ名",
        # A customer master's 法人名 / チェーン名 is the group (trial 22: 「列 法人名 は使いません」).
        "法人名",
        "法人",
        "チェーン名",
        "チェーン",
        "系列",
        "group",
        "corporate group",
        "chain",
    ),
)
# The Accounts column that names an account's code before an ERP migration (trial 48 H2),
# and the names it goes by in exported masters, declared once.
OLD_ACCOUNT_KEY = "old_account"
OLD_ACCOUNT_HEADERS: tuple[str, ...] = (
    "旧得意先コード",
    "旧顧客コード",
    "旧取引先コード",
    "旧コード",
    "旧得意先cd",
    "旧顧客cd",
    "旧得意先番号",
    "旧顧客番号",
    "移行前コード",
    "移行前得意先コード",
    "移行前顧客コード",
    "旧システムコード",
    "旧erpコード",
    "old code",
    "old account",
    "old account code",
    "old customer code",
    "former code",
    "former account code",
    "previous code",
    "legacy code",
    "legacy id",
)
ACCOUNTS = SheetSpec(
    name="Accounts",
    ja="顧客",
    role="input",
    required=True,
    aliases=(
        "顧客一覧",
        "顧客マスタ",
        "取引先",
        "取引先一覧",
        "得意先",
        "得意先マスタ",
        "accounts",
        "customers",
    ),
    columns=(
        ColumnSpec("account", "text", "顧客コード", "Account", aliases=_MASTER_CODE_ALIASES),
        # The names a customer-name column goes by, declared once (ACCOUNT_NAME_HEADERS): the
        # same header on Orders or Visits gives the name of an account this sheet leaves
        # without one (LINE_ACCOUNT_NAME); a name typed here always wins.
        ColumnSpec("name", "text", "顧客名", "Name", required=False, aliases=ACCOUNT_NAME_HEADERS),
        ColumnSpec("rep", "text", "担当者", "Rep", aliases=_REP_ALIASES),
        ColumnSpec(
            "start",
            "date",
            "取引開始日",
            "Start date",
            aliases=(
                "開始日",
                "契約開始日",
                "契約日",
                "設置日",
                "start",
                "start date",
                "since",
                "installed",
            ),
        ),
        ColumnSpec(
            "end",
            "date",
            "解約日",
            "End date",
            required=False,
            aliases=(
                "終了日",
                "契約終了日",
                "取引終了日",
                # An ERP's customer master says when business stopped (a clinic that closed,
                # a shop that moved to a competitor) in words of its own.
                "取引停止日",
                "取引中止日",
                "停止日",
                "閉鎖日",
                "閉店日",
                "閉院日",
                "廃業日",
                "撤去日",
                "end",
                "end date",
                "cancel date",
                "cancelled",
                "closed",
                "closing date",
                "termination date",
                "removed",
            ),
        ),
        # Optional coordinates: the Daily sheet orders each day's stops by a short route.
        ColumnSpec(
            "lat",
            "number",
            "緯度",
            "Latitude",
            required=False,
            aliases=("lat", "latitude", "緯度(度)"),
        ),
        ColumnSpec(
            "lon",
            "number",
            "経度",
            "Longitude",
            required=False,
            aliases=("lon", "lng", "long", "longitude", "経度(度)"),
        ),
        ACCOUNT_GROUP,
        # An ERP master's closure flag (trial 46 M2: 休止 = 1 on every stopped clinic, no end
        # date): a flagged account without an end date ended the day after its last order
        # (core.lapse.flagged_ends). Never laid out: the template's 解約日 says the same.
        ColumnSpec(
            "inactive",
            "text",
            "休止",
            "Inactive",
            required=False,
            aliases=(
                *STATUS_FLAG_HEADERS,
                "休止フラグ",
                "取引停止",
                "取引停止フラグ",
                "取引中止",
                "無効",
                "無効フラグ",
                "停止フラグ",
                "inactive flag",
                "suspended",
                "disabled",
            ),
            laid_out=False,
        ),
        # The code an account had before an ERP migration renumbered every customer (trial 48
        # H2: T-11965 → 2254331 in the ERP and in the handheld): order and visit lines under
        # it are the account's (validation.renumbered). Read when a master has it, never
        # laid out: most companies never renumber.
        ColumnSpec(
            OLD_ACCOUNT_KEY,
            "text",
            "旧顧客コード",
            "Old code",
            required=False,
            aliases=OLD_ACCOUNT_HEADERS,
            laid_out=False,
        ),
        # The customer's address (trial 49 M2: a salon closed untyped and a new one opened
        # 居抜き at its address): read only to end the old account when a new one starts there
        # (core.same_address); never laid out.
        ColumnSpec(
            "address",
            "text",
            "住所",
            "Address",
            required=False,
            aliases=("所在地", "店舗住所", "顧客住所", "得意先住所", "address", "street address"),
            laid_out=False,
        ),
    ),
)

HOLIDAYS = SheetSpec(
    name="Holidays",
    ja="会社休日",
    role="input",
    aliases=("休日", "休業日", "会社カレンダー", "holidays", "company holidays"),
    columns=(
        ColumnSpec("date", "date", "日付", "Date", aliases=_DATE_ALIASES),
        ColumnSpec(
            "name",
            "text",
            "名称",
            "Name",
            required=False,
            aliases=("休日名", "内容", "name", "note"),
        ),
    ),
)

# A rep's absence (leave, sick leave, parental leave): his working days leave those days out,
# so the Daily list schedules nothing on them and no pace is asked for them (core.calendar).
LEAVE = SheetSpec(
    name="Leave",
    ja="休暇・不在",
    role="input",
    aliases=(
        "休暇",
        "不在",
        "休職",
        "長期休暇",
        "育休",
        "育児休業",
        "産休",
        "不在期間",
        "担当者不在",
        "leave",
        "absence",
        "absences",
        "rep leave",
    ),
    columns=(
        ColumnSpec("rep", "text", "担当者", "Rep", aliases=_REP_ALIASES),
        ColumnSpec(
            "start",
            "date",
            "開始日",
            "Start date",
            aliases=(
                "休暇開始日",
                "不在開始日",
                "休職開始日",
                "開始",
                "from",
                "start",
                "first day",
            ),
        ),
        ColumnSpec(
            "end",
            "date",
            "終了日",
            "End date",
            aliases=(
                "休暇終了日",
                "不在終了日",
                "休職終了日",
                "終了",
                "to",
                "end",
                "until",
                "last day",
            ),
        ),
        ColumnSpec(
            "reason",
            "text",
            "理由",
            "Reason",
            required=False,
            aliases=("事由", "内容", "種別", "備考", "reason", "note", "type"),
        ),
        # Who covers: the absent rep's due visits go on this colleague's Daily list on those
        # days (core.daily.declared_covers); blank or absent: read from the record as before.
        ColumnSpec(
            "cover",
            "text",
            "代行者",
            "Cover",
            required=False,
            aliases=("代理", "代理者", "代行", "代行担当", "代理担当", "cover", "covered by"),
        ),
    ),
)

# The company's own activity words (an SFA's 見積提出) and the visit kind each means: read
# before every kind column (the Visits sheet, its files and queries, returned visit logs), so
# an export is used as it is instead of edited every month (trial 19: 3,080 rows left out).
# A word routekpi already knows is read as this table says (the company's meaning wins).
WORDS = SheetSpec(
    name="Words",
    ja="種別の読み替え",
    role="input",
    aliases=(
        "読み替え",
        "種別読み替え",
        "活動種別の読み替え",
        "言葉の読み替え",
        "自社の言葉",
        "words",
        "kind words",
        "your words",
        "own words",
    ),
    columns=(
        ColumnSpec(
            "word",
            "text",
            "自社の言葉",
            "Your word",
            aliases=(
                "自社の種別",
                "社内の言葉",
                "言葉",
                "用語",
                "元の言葉",
                "エクスポートの言葉",
                "word",
                "your word",
                "company word",
                "export word",
            ),
        ),
        # Its cells take routekpi's words (訪問・アポ・商談・連絡, visit / appointment / …).
        ColumnSpec(
            "kind",
            "kind",
            "種別",
            "Kind",
            aliases=("読み替え先", "routekpiの種別", "意味", "means", "maps to", "routekpi kind"),
        ),
    ),
)

OVERRIDES = SheetSpec(
    name="Overrides",
    ja="目標上書き",
    role="input",
    aliases=("上書き", "手動目標", "overrides"),
    columns=(
        ColumnSpec("kpi", "text", "KPI", "KPI", aliases=("指標", "kpi")),
        ColumnSpec("rep", "text", "担当者", "Rep", aliases=_REP_ALIASES),
        ColumnSpec("period", "text", "期間", "Period", aliases=("年月", "period", "month")),
        ColumnSpec("target", "number", "目標", "Target", aliases=("目標値", "target")),
    ),
)

REP_WEIGHTS = SheetSpec(
    name="RepWeights",
    ja="担当者配分",
    role="input",
    aliases=("配分", "担当者ウェイト", "rep weights"),
    columns=(
        ColumnSpec("rep", "text", "担当者", "Rep", aliases=_REP_ALIASES),
        ColumnSpec(
            "weight", "number", "配分", "Weight", aliases=("ウェイト", "比率", "weight", "share")
        ),
    ),
)

# Review notes: what the team learned, typed by reps and managers; shown beside Review rows.
NOTES = SheetSpec(
    name="Notes",
    ja="メモ",
    role="input",
    aliases=("振り返りメモ", "ノウハウ", "notes", "review notes"),
    columns=(
        ColumnSpec("rep", "text", "担当者", "Rep", required=False, aliases=_REP_ALIASES),
        ColumnSpec(
            "month",
            "text",
            "年月",
            "Month",
            required=False,
            aliases=("月", "期間", "month", "period"),
        ),
        ColumnSpec("kpi", "text", "KPI", "KPI", required=False, aliases=("指標", "kpi")),
        ColumnSpec("note", "text", "メモ", "Note", aliases=("内容", "気づき", "note", "memo")),
    ),
)

# Where a history lives when it does not fit a sheet: per input (Orders, Visits, Accounts), a
# CSV/TSV, Parquet or .xlsx file, or a database URL with a table or query (routekpi.sources).
# A named source replaces that input's sheet; the command line's --orders/--visits/--accounts
# replace this sheet's rows.
SOURCES = SheetSpec(
    name="Sources",
    ja="データソース",
    role="input",
    aliases=("ソース", "外部データ", "履歴ソース", "sources", "data sources"),
    columns=(
        ColumnSpec("input", "text", "入力", "Input", aliases=("対象", "シート", "input", "sheet")),
        ColumnSpec(
            "source",
            "text",
            "ソース",
            "Source",
            aliases=("ファイル", "パス", "URL", "接続先", "source", "file", "path", "url"),
        ),
        ColumnSpec(
            "table",
            "text",
            "テーブル/クエリ",
            "Table or query",
            required=False,
            aliases=("テーブル", "クエリ", "SQL", "table", "query"),
        ),
        ColumnSpec(
            "encoding",
            "text",
            "文字コード",
            "Encoding",
            required=False,
            aliases=("エンコーディング", "encoding", "charset"),
        ),
        # Optional: the unit of a file's amounts when its header does not say it (trial 48
        # L1: accounting's exports in 千円). A header that names its unit wins
        # (validation.units). Not laid out: a column added to the sheet when needed.
        ColumnSpec(
            "unit",
            "text",
            "単位",
            "Unit",
            required=False,
            aliases=("金額の単位", "金額単位", "unit", "amount unit"),
            laid_out=False,
        ),
        # Optional: a file's tax basis (税込 / 税抜) when its amount header says neither (trial
        # 49 H3: a 税抜 export stacked with a kintone 金額(税込) one read 税込 throughout, the
        # ~10% step at the switch taken for growth). A header that says it wins
        # (validation.tax.typed_basis). Not laid out, as the unit.
        ColumnSpec(
            "tax",
            "text",
            "税",
            "Tax",
            required=False,
            aliases=("税込/税抜", "税込税抜", "税抜/税込", "税区分", "消費税", "tax basis"),
            laid_out=False,
        ),
    ),
)
XLWINGS_CONF = SheetSpec(name="xlwings.conf", ja="xlwings.conf", role="hidden")


@dataclass(frozen=True)
class OutputColumn:
    """One column of an output sheet: key, ja/en header, default cell style, width.

    ``former_widths``: widths earlier templates gave the column. A book made from one keeps
    its widths on recalc (a width the user set stays); a column still at a former width is
    the template's, and is brought to ``width`` (io.sheetrewrite)."""

    key: str
    ja: str
    en: str
    style: str = "rk_text"
    width: float = 14
    former_widths: tuple[float, ...] = ()

    def header(self, language: str) -> str:
        """The header written for this language."""
        return self.ja if language == "ja" else self.en


@dataclass(frozen=True)
class PrintLayout:
    """How an output sheet prints, in the master and in every shared copy (one place:
    ``io.dashboard_template.print_layout`` writes it): landscape A4, ``pages_wide`` pages
    wide, as many tall as needed, and on every page the header row and the ``title_keys``
    columns (the first column through the last of them) at the left."""

    pages_wide: int = 1
    title_keys: tuple[str, ...] = ()
    # "overThenDown": a part's pages side by side (the Daily: the stops' numbers after the
    # stops themselves); None: the default, down then over (the Matrix: April-September
    # for every KPI, then October-March).
    page_order: str | None = None


@dataclass(frozen=True)
class OutputSheet:
    """One output sheet, declared once: tab names, named columns, how it is laid out and
    printed (``paper``).

    ``header``: the rendered rows start with the column headers (False: the sheet's function
    lays out its own top rows — the Dashboard page, the Matrix's month labels). ``always``:
    rendered even when the run failed (the Checks sheet says why).
    """

    name: str
    ja: str
    columns: tuple[OutputColumn, ...]
    aliases: tuple[str, ...] = ()
    header: bool = True
    always: bool = False
    paper: PrintLayout = PrintLayout()

    @property
    def spec(self) -> SheetSpec:
        """The sheet as the tab matcher knows it."""
        return SheetSpec(name=self.name, ja=self.ja, role="output", aliases=self.aliases)

    @property
    def keys(self) -> list[str]:
        """The column keys in column order."""
        return [c.key for c in self.columns]

    @cached_property
    def _positions(self) -> dict[str, int]:
        # Built once per sheet (the columns are a frozen tuple): ``row`` runs per output row.
        return {c.key: i for i, c in enumerate(self.columns)}

    @cached_property
    def _keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.columns)

    def row(self, values: Mapping[str, object]) -> list[object]:
        """A row from cells named by column key, in column order.

        The row ends at its last named cell; a column left out in between is blank ("").
        """
        keys = self._keys
        if len(values) == len(keys):  # every column named (most rows): no search for the end
            try:
                return list(map(values.__getitem__, keys))
            except KeyError:
                pass  # an unknown key in place of a known one: named below
        positions = self._positions
        try:
            last = max(map(positions.__getitem__, values), default=-1)
        except KeyError:
            unknown = set(values) - set(positions)
            raise KeyError(f"{self.name} has no column {sorted(unknown)}") from None
        get = values.get
        return [get(key, "") for key in keys[: last + 1]]


# Named cell styles the template defines and the writer refers to by name.
CELL_STYLES: tuple[str, ...] = (
    "rk_title",
    "rk_header",
    "rk_text",
    "rk_int",
    "rk_yen",
    "rk_dec",
    "rk_pct",
    "rk_date",
    "rk_note",
    "rk_banner",
    "rk_pct_signed",
    "rk_dec1",
    "rk_int_center",
    # Text at the top of its cell: a label beside a note that wraps (rk_note, top-aligned) in
    # a row taller than one line reads on the note's first line, not at the row's bottom.
    "rk_label",
    # The lever bridge's chart data in millions (io.dashboard_layout ``BRIDGE_FORMATS``): its
    # data labels take the cells' formats, so a fall reads −¥6.5M and a rise +¥12.0M.
    "rk_yen_m",
    "rk_yen_m_up",
    "rk_yen_m_down",
    # The Dashboard's banner (rk_banner) wrapping over the merged row's width, the row made as
    # tall as its lines (render_dashboard.banner_heights): one line ran off the printed page
    # (trial 41 L1). Appended: an older book gets it from the template at its next recalc.
    "rk_banner_wrap",
)

# Every output sheet, in tab order: header in row 1, data from row 2, panes frozen below
# the header. The Dashboard is a laid-out page, not a table: its "columns" only give widths
# (see routekpi.render_dashboard for what goes where). Each sheet's rows come from one
# function in routekpi.render's ``SHEET_ROWS``.
OUTPUTS: tuple[OutputSheet, ...] = (
    OutputSheet(
        "Dashboard",
        "ダッシュボード",
        tuple(
            OutputColumn(f"c{i}", "", "", "rk_text", w)
            # The KPI table's 達成率(経過分比) / Attainment to date (c10): its header on one line.
            for i, w in enumerate((34, 16, 2, 34, 16, 2, 30, 16, 16, 22, 16, 16), start=1)
        ),
        header=False,
    ),
    OutputSheet(
        "Plan",
        "計画",
        (
            OutputColumn("item", "項目", "Item", "rk_label", 46),
            OutputColumn("value", "値", "Value", "rk_dec", 20),
            OutputColumn("note", "説明", "Note", "rk_note", 90),
        ),
    ),
    OutputSheet(
        "Targets",
        "目標",
        (
            OutputColumn("period", "期間", "Period", "rk_text", 10),
            OutputColumn("rep", "担当者", "Rep", "rk_text", 12),
            OutputColumn("kpi_key", "KPIキー", "KPI key", "rk_text", 18),
            OutputColumn("kpi", "KPI", "KPI", "rk_text", 22),
            OutputColumn("baseline", "基準値", "Baseline", "rk_dec", 15),
            OutputColumn("target", "目標", "Target", "rk_dec", 15),
            OutputColumn("ceiling", "根拠上限", "Evidence ceiling", "rk_dec", 15),
            OutputColumn("per_working_day", "1営業日あたり", "Per working day", "rk_dec", 14),
            OutputColumn("working_days", "営業日数", "Working days", "rk_int", 10),
            OutputColumn("basis", "根拠", "Basis", "rk_note", 60),
        ),
    ),
    OutputSheet(
        "Attainment",
        "達成状況",
        (
            OutputColumn("period", "期間", "Period", "rk_text", 10),
            OutputColumn("rep", "担当者", "Rep", "rk_text", 12),
            OutputColumn("kpi_key", "KPIキー", "KPI key", "rk_text", 18),
            OutputColumn("kpi", "KPI", "KPI", "rk_text", 22),
            OutputColumn("actual", "実績", "Actual", "rk_dec", 15),
            OutputColumn("target", "目標", "Target", "rk_dec", 15),
            # A year row's attainment is to date (actual ÷ target to date, as the Dashboard's
            # 達成率(経過分比)), not actual ÷ the full-year target beside it (trial 28, L1).
            # As wide as 目標(経過分) beside it: the header on one line in Excel too.
            OutputColumn("attainment", "達成率(経過分比)", "Attainment to date", "rk_pct", 16),
            OutputColumn("pace", "進捗率", "Pace", "rk_pct", 10),
            OutputColumn("forecast", "着地見込み", "Forecast", "rk_dec", 15),
            OutputColumn("target_to_date", "目標(経過分)", "Target to date", "rk_dec", 16),
        ),
    ),
    OutputSheet(
        "Matrix",
        "担当者別月次",
        (
            OutputColumn("kpi", "KPI", "KPI", "rk_text", 26),
            # Wide enough for a departed rep's mark, 「佐々木(退職・異動)」 (render_dashboard).
            OutputColumn("rep", "担当者", "Rep", "rk_text", 20),
            OutputColumn("measure", "区分", "Row", "rk_text", 22),
            OutputColumn("fy", "年度", "Year", "rk_dec", 15),
            *(
                OutputColumn(f"m{i:02d}", f"{i}か月目", f"Month {i}", "rk_dec", 13)
                for i in range(1, 13)
            ),
        ),
        aliases=("rep month",),
        header=False,
        # Its 16 columns fitted to one page wide printed at 38-45% in LibreOffice, legible
        # only zoomed (trial 25 L7): two pages wide, each page beside the rows' labels, is
        # about 72% in LibreOffice without Calibri and near full size in Excel. A column
        # break of our own (the year's halves) would need a fixed scale, and the fonts'
        # widths differ too much between Excel and LibreOffice for one scale to fit both
        # (Excel ignores manual breaks under "fit to").
        paper=PrintLayout(pages_wide=2, title_keys=("kpi", "rep", "measure")),
    ),
    OutputSheet(
        "Flags",
        "課題",
        (
            OutputColumn("severity", "重要度", "Severity", "rk_label", 10),
            OutputColumn("code", "コード", "Code", "rk_label", 22),
            OutputColumn("kpi_key", "KPIキー", "KPI key", "rk_label", 18),
            OutputColumn("rep", "担当者", "Rep", "rk_label", 12),
            OutputColumn("period", "期間", "Period", "rk_label", 10),
            # A customer keyed by its name (no codes: 「(株)炉端かじか国分町店」) fits (trial 38 L2).
            OutputColumn("account", "顧客", "Account", "rk_label", 20, former_widths=(12,)),
            # The message and action are wrapped at these widths over printed lines.
            OutputColumn("message", "内容", "Message", "rk_note", 70),
            OutputColumn("action", "推奨アクション", "Suggested action", "rk_note", 60),
        ),
    ),
    OutputSheet(
        "Checks",
        "入力チェック",
        (
            # A source file's name whole: 「受注明細_2023-2026.csv」 is 22 units (trial 22 printed
            # 「受注明細_2023-‹」 at 12).
            OutputColumn("sheet", "シート", "Sheet", "rk_text", 24),
            OutputColumn("row", "行", "Row", "rk_int", 8),
            OutputColumn("column", "列", "Column", "rk_text", 14),
            OutputColumn("value", "値", "Value", "rk_text", 20),
            # Long problems (and values) are wrapped at these widths over printed lines.
            OutputColumn("problem", "問題", "Problem", "rk_note", 80),
            # Wide enough for the longest label, エラー(行を除外) / error (row left out).
            OutputColumn("severity", "重要度", "Severity", "rk_text", 20),
        ),
        always=True,
    ),
    OutputSheet(
        "Daily",
        "訪問計画",
        (
            # Sized for landscape A4, one page wide (trial 25: 196 units printed at 57% in
            # LibreOffice): the values shown (a date prints 11.5 wide, ¥14,305,170 is 11).
            # The reasons stay 72 wide (half of them wrap already; at 46, every stop took
            # two lines and the day's pace-gap line too).
            OutputColumn("rep", "担当者", "Rep", "rk_text", 11),
            OutputColumn("date", "日付", "Date", "rk_date", 12),
            OutputColumn("order", "順番", "Stop", "rk_int_center", 6),
            OutputColumn("account", "顧客", "Account", "rk_text", 10),
            OutputColumn("name", "顧客名", "Name", "rk_text", 24),
            OutputColumn("priority", "優先度", "Priority", "rk_int_center", 8),
            OutputColumn("reason", "理由", "Reason", "rk_note", 72),
            OutputColumn("last_visit", "前回訪問", "Last visit", "rk_date", 12),
            OutputColumn("interval", "通常間隔(日)", "Usual interval (days)", "rk_int", 11),
            OutputColumn("value", "直近12か月売上", "Revenue, last 12 months", "rk_yen", 14),
            OutputColumn("distance", "移動距離(km)", "Distance (km)", "rk_dec", 10),
        ),
        aliases=("visit plan", "daily"),
        # One page wide it printed at 57% in a rep's copy, 44% in the master (trial 25): two
        # pages wide, the stop and its reason on the first, its last visit, interval,
        # revenue and distance on the second, each beside the rep, day, stop and account.
        paper=PrintLayout(
            pages_wide=2,
            title_keys=("rep", "date", "order", "account", "name"),
            page_order="overThenDown",
        ),
    ),
    OutputSheet(
        "Review",
        "振り返り",
        (
            # Widths sized for landscape A4, one page wide (about 7 pt in print): for the
            # values shown and one language's header on one line (io.dashboard_template).
            OutputColumn("rep", "担当者", "Rep", "rk_text", 12),
            OutputColumn("kpi_key", "KPIキー", "KPI key", "rk_text", 18),
            OutputColumn("kpi", "KPI", "KPI", "rk_text", 21),
            # No span in the header: it prints over the month block's pages too (review37:
            # 「目標(期初来)」 over November's rows); each block's title row names its span.
            OutputColumn("target_ytd", "目標", "Target", "rk_dec", 15),
            OutputColumn("actual_ytd", "実績", "Actual", "rk_dec", 15),
            OutputColumn("attainment", "達成率", "Attainment", "rk_pct", 8),
            OutputColumn(
                "contribution", "売上差への寄与(円)", "Contribution to gap (JPY)", "rk_yen", 13
            ),
            OutputColumn("trend", "前月比", "Month on month", "rk_text", 5),
            OutputColumn("best_rep", "ベスト担当者", "Best performer", "rk_text", 9),
            # Text with its unit: 「達成率 103.7%」, 「3.55 回/顧客・月」, ¥48,399.
            OutputColumn("best_value", "ベストの値", "Best value", "rk_text", 28),
            OutputColumn("comment", "所見", "Finding", "rk_note", 62),
            # As wide as the findings' page leaves (trial 35 L4: at 20 a 33-character note
            # took 6 rows, 「2026-11: 」 alone on the first, with room to its right): the
            # second page (rep, KPI, finding, notes) as wide as the first.
            OutputColumn(
                "notes",
                "メモ(メモシート)",
                "Notes (Notes sheet)",
                "rk_note",
                46,
                former_widths=(20,),
            ),
        ),
        aliases=("review",),
        # Fitted to one page wide it printed at 49-53% (trial 25): two pages wide, the
        # numbers and the best value on the first, the findings and notes on the second,
        # each beside the rep and the KPI (about 78% in LibreOffice), side by side.
        paper=PrintLayout(pages_wide=2, title_keys=("rep", "kpi"), page_order="overThenDown"),
    ),
)
OUTPUT_BY_NAME: dict[str, OutputSheet] = {o.name: o for o in OUTPUTS}
OUTPUT_SHEETS: tuple[SheetSpec, ...] = tuple(o.spec for o in OUTPUTS)
OUTPUT_COLUMNS: dict[str, tuple[OutputColumn, ...]] = {o.name: o.columns for o in OUTPUTS}
# The sheets code names directly (the template, the writer's special cases).
DASHBOARD = OUTPUT_BY_NAME["Dashboard"].spec
PLAN = OUTPUT_BY_NAME["Plan"].spec
TARGETS = OUTPUT_BY_NAME["Targets"].spec
ATTAINMENT = OUTPUT_BY_NAME["Attainment"].spec
MATRIX = OUTPUT_BY_NAME["Matrix"].spec
FLAGS = OUTPUT_BY_NAME["Flags"].spec
CHECKS = OUTPUT_BY_NAME["Checks"].spec
DAILY = OUTPUT_BY_NAME["Daily"].spec
REVIEW = OUTPUT_BY_NAME["Review"].spec
# ``routekpi backtest --sheet`` writes into a sheet under one of these names, adding the first
# after the last tab when the book has none (the template's output sheets are fixed);
# ``report`` prints it when present.
BACKTEST_SHEET_NAMES: tuple[str, ...] = ("Backtest", "バックテスト")

INPUT_SHEETS: tuple[SheetSpec, ...] = (
    ORDERS,
    VISITS,
    ACCOUNTS,
    HOLIDAYS,
    LEAVE,
    WORDS,
    OVERRIDES,
    REP_WEIGHTS,
    NOTES,
    SOURCES,
)
ALL_SHEETS: tuple[SheetSpec, ...] = (SETTINGS, *INPUT_SHEETS, *OUTPUT_SHEETS, XLWINGS_CONF)


@dataclass(frozen=True)
class SettingSpec:
    """A workbook-level named cell on the Settings sheet."""

    name: str
    kind: SettingKind
    ja: str
    en: str
    default: object = None
    required: bool = False
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()
    help_ja: str = ""
    help_en: str = ""
    # False for settings added after workbooks were in use: a book made before them has no
    # such cell, and the default is what it always did, so that is not worth a warning.
    warn_missing: bool = True

    def label(self, language: str) -> str:
        """The label shown beside the cell."""
        return self.ja if language == "ja" else self.en


SETTING_SPECS: tuple[SettingSpec, ...] = (
    SettingSpec(
        "KGI",
        "number",
        "KGI(年間売上目標, 円)",
        "KGI (plan-year revenue goal, JPY)",
        required=True,
        minimum=0,
        help_ja="計画年度の売上目標(円)。例: 5億円なら 500000000(千円・百万円単位で入れないでください)",
        help_en="Revenue goal for the plan year in yen, e.g. 500000000 for ¥500M (not in thousands or millions)",
    ),
    SettingSpec(
        "PlanYear",
        "integer",
        "計画年度",
        "Plan year",
        default=None,
        minimum=2000,
        maximum=2100,
        help_ja="年度が始まる年(終わる年ではありません)。期首月4なら 2026 = 2026年4月〜2027年3月、期首月10なら 2026 = 2026年10月〜2027年9月。空欄なら基準日の属する年度",
        help_en="The year the fiscal year STARTS in (not the year it ends): start month 4 → 2026 = 2026-04 … 2027-03; start month 10 → 2026 = 2026-10 … 2027-09; blank = the fiscal year of the as-of date",
    ),
    SettingSpec(
        "FiscalStartMonth",
        "integer",
        "期首月",
        "Fiscal start month",
        default=4,
        minimum=1,
        maximum=12,
        help_ja="年度が始まる月(1〜12)。4なら FY2026 = 2026年4月〜2027年3月",
        help_en="Month the fiscal year starts (1-12); 4 means FY2026 = 2026-04 … 2027-03",
    ),
    SettingSpec(
        "AsOf",
        "date",
        "基準日(空欄=受注の最終日)",
        "As of (blank = last order's day)",
        default=None,
        help_ja="達成状況・進捗を測る日。空欄なら受注の最終日(その後に入力された訪問は接触として訪問計画・要注意顧客に数えます)。履歴より後の日付なら履歴の最終日までで判定します",
        help_en="Date attainment and pace are measured at; blank = the last order's day (visits typed after it count as contact for the Daily list and at-risk accounts); a later date is judged up to the history's end",
    ),
    SettingSpec(
        "Language",
        "choice",
        "表示言語",
        "Language",
        default="ja",
        choices=("ja", "en"),
        help_ja="出力シートとメッセージの言語: ja(日本語)または en(英語)",
        help_en="Language of the output sheets and messages: ja (Japanese) or en (English)",
    ),
    SettingSpec(
        "WeightActiveAccounts",
        "number",
        "重点: 稼働顧客数",
        "Weight: active accounts",
        default=1.0,
        minimum=0,
        maximum=100,
        help_ja="売上の伸びをこのKPIにどれだけ割り振るか(他の重点との比)。0で据え置き、2で他の2倍",
        help_en="How much of the growth this lever carries, relative to the other weights; 0 holds it, 2 = twice the others",
    ),
    SettingSpec(
        "WeightVisitFrequency",
        "number",
        "重点: 訪問頻度",
        "Weight: visit frequency",
        default=1.0,
        minimum=0,
        maximum=100,
        help_ja="売上の伸びを訪問頻度にどれだけ割り振るか(他の重点との比)。0で据え置き",
        help_en="Share of the growth carried by visit frequency, relative to the other weights; 0 holds it",
    ),
    SettingSpec(
        "WeightOrdersPerVisit",
        "number",
        "重点: 訪問あたり受注数",
        "Weight: orders per visit",
        default=1.0,
        minimum=0,
        maximum=100,
        help_ja="売上の伸びを訪問あたり受注数にどれだけ割り振るか(他の重点との比)。0で据え置き",
        help_en="Share of the growth carried by orders per visit, relative to the other weights; 0 holds it",
    ),
    SettingSpec(
        "WeightUnitPrice",
        "number",
        "重点: 取引単価",
        "Weight: unit price",
        default=1.0,
        minimum=0,
        maximum=100,
        help_ja="売上の伸びを取引単価にどれだけ割り振るか(他の重点との比)。0で据え置き",
        help_en="Share of the growth carried by unit price, relative to the other weights; 0 holds it",
    ),
    SettingSpec(
        "CeilingPercentile",
        "number",
        "根拠上限の分位点",
        "Evidence ceiling percentile",
        default=1.0,
        minimum=0.5,
        maximum=1.0,
        help_ja="根拠上限 = 自社の担当者が実際に達成した前年比のこの分位点(1.0 = 最大の伸び、0.9 = 上位10%の伸び)。下げるほど目標の上限が低くなります",
        help_en="Evidence ceiling = this percentile of the year-on-year changes your own reps have achieved (1.0 = the largest, 0.9 = the top-10% change); lower caps targets lower",
    ),
    SettingSpec(
        "BaselineMonths",
        "integer",
        "基準期間(月)",
        "Baseline months",
        default=12,
        minimum=3,
        maximum=36,
        help_ja="基準値(前年並み)を測る月数。通常は12",
        help_en='Months the baseline ("same as last year") is measured over; normally 12',
    ),
    SettingSpec(
        "RepSplit",
        "choice",
        "担当者配分方法",
        "Rep split",
        default="trend",
        choices=("trend", "baseline", "equal", "manual"),
        help_ja="担当者への配分: trend=前年売上を各担当者の傾向と顧客の増減見込みで半分だけ延ばした値に比例 / baseline=前年売上に比例 / equal=均等 / manual=担当者配分シートの比率",
        help_en="How the goal is split over reps: trend = last year's revenue moved half-way toward where each rep's trends and account flows are heading / baseline = by last year's revenue / equal / manual = the RepWeights sheet",
    ),
    SettingSpec(
        "LeverMix",
        "choice",
        "レバー配分方法",
        "Lever mix",
        default="evidence",
        choices=("evidence", "policy"),
        help_ja="evidence = 各レバーの過去の動き(前年比)から配分 / policy = 上の重点の比率で配分",
        help_en="evidence = from how each lever has moved here (year on year) / policy = by the weights above",
    ),
    SettingSpec(
        "PaceWarn",
        "number",
        "進捗警告(未満)",
        "Pace warning below",
        default=0.9,
        minimum=0,
        maximum=2,
        help_ja="進捗(目標に対する現在までの実績)がこの値未満で警告。0.9 = 90%",
        help_en="Pace (actual ÷ target expected by now) below this is a warning; 0.9 = 90%",
    ),
    SettingSpec(
        "PaceCritical",
        "number",
        "進捗重大(未満)",
        "Pace critical below",
        default=0.75,
        minimum=0,
        maximum=2,
        help_ja="進捗がこの値未満で重大。0.75 = 75%",
        help_en="Pace below this is critical; 0.75 = 75%",
    ),
    SettingSpec(
        "IdenticalOrderLines",
        "choice",
        "同一内容の受注行",
        "Identical order lines",
        default="count",
        choices=("count", "drop"),
        help_ja="count=すべて数える(受注番号列がなければ同じ内容の行も別の受注)/"
        "drop=2行目以降を除く(貼り付けの重複と分かっている場合)",
        help_en="count = count every line (without an order-number column, identical lines "
        "are separate orders) / drop = drop repeats (when you know they are double pastes)",
        warn_missing=False,
    ),
    SettingSpec(
        "DailyDays",
        "integer",
        "訪問計画の営業日数",
        "Visit plan: working days",
        default=10,
        minimum=1,
        maximum=60,
        help_ja="訪問計画(Daily)に並べる営業日数。例: 10 = 2週間分(入力した基準日から。空欄なら受注の最終日と最後の訪問の後の営業日から)",
        help_en="Working days the visit plan (Daily) covers, e.g. 10 = two weeks from the as-of date when typed, else from the next working day after the last order and the last typed visit",
    ),
    SettingSpec(
        "CapacityPercentile",
        "number",
        "1日の訪問上限(本人実績の分位点)",
        "Daily visit capacity (percentile of own days)",
        default=0.9,
        minimum=0.5,
        maximum=1.0,
        help_ja="1日の訪問件数の上限 = 担当者自身の1日あたり訪問件数のこの分位点(0.9 = よく訪問した日の水準)",
        help_en="A rep's daily visit limit = this percentile of the rep's own visits per working day (0.9 = a busy day)",
    ),
    SettingSpec(
        "DailyCapacity",
        "number",
        "1日の訪問上限(件, 空欄=実績から)",
        "Daily visit capacity (visits, blank = from history)",
        default=None,
        minimum=1,
        maximum=100,
        help_ja="全担当者共通の1日の訪問上限(件)。空欄なら各担当者の実績から決めます",
        help_en="One daily visit limit for every rep (visits); blank = from each rep's own history",
    ),
    # Last on the sheet, so no other setting moves row. How the company names a fiscal year
    # in print (trial 19: a 2027年9月期 company calls 2026-10 … 2027-09 "FY2027"). Labels only: PlanYear keeps the year the fiscal year
    # starts, and the period keys (Targets, Attainment, JSON, =KPI_TARGET) stay FY + start.
    SettingSpec(
        "FiscalYearLabel",
        "choice",
        "年度の呼び方",
        "Fiscal year label",
        default="start",
        choices=("start", "end"),
        help_ja="表示する年度名: start=始まる年(期首月10なら 2026年10月〜2027年9月 = FY2026)/"
        "end=終わる年(同じ年度を FY2027 と表示。2027年9月期の呼び方)。"
        "どちらでも計画年度には年度の始まる年(この例では 2026)を入力します",
        help_en="How fiscal years are named in print: start = the year it starts in (start "
        "month 10: 2026-10 … 2027-09 = FY2026) / end = the year it ends in (the same year "
        "shown as FY2027). Either way, PlanYear takes the year it starts in (2026 here)",
        warn_missing=False,
    ),
    # After FiscalYearLabel, last, so no other setting moves row (trial 23: a food-service
    # distributor delivering Monday to Saturday). Read by validation.settings.weekdays_text.
    SettingSpec(
        "WorkingDays",
        "text",
        "営業曜日",
        "Working days",
        default="月-金",
        help_ja="営業する曜日。月-金(既定)/月-土/月火水木金土/月・水・金 のように入力します。"
        "営業日(目標の1日あたりの数、訪問計画に並べる日、進捗の経過日数)はこの曜日から"
        "祝日と休日シートの休日を除いた日です(祝日の土曜は休み)。"
        "祝日も営業するなら 月-土・祝 のように「・祝」を付けます(休日シートの休日は休みのまま)",
        help_en="The weekdays you work: Mon-Fri (default) / Mon-Sat / 月-土 / Mon, Wed, Fri. "
        "Working days (per-day targets, the days the visit plan lists, pace) are these "
        "weekdays less national holidays and the Holidays sheet's days (a holiday Saturday "
        "is off). If you work national holidays too, add +holidays: Mon-Sat+holidays (the "
        "Holidays sheet's days stay off)",
        warn_missing=False,
    ),
    # Last, after WorkingDays, so no other setting moves row (trial 24 L5: a wholesaler's +5%
    # in 2026-04 that nothing said). Read together (validation.settings.price_revision,
    # core.price_revision): a month in the history is a revision made, one after it planned.
    SettingSpec(
        "PriceRevisionMonth",
        "text",
        "価格改定の月(空欄=なし)",
        "Price revision month (blank = none)",
        default=None,
        help_ja="値上げ・値下げ(価格改定)が効いた月、またはこれから効く月。2026-04 や 2026年4月 の形で"
        "入力します。過去の月なら基準期間の改定前の月を新価格に揃え、計画年度中の月ならその月からの"
        "取引単価目標に含めます。空欄なら改定なし",
        help_en="The month a price change took or takes effect, e.g. 2026-04. A past month: the "
        "baseline's months before it are brought to the new prices; a month up to the plan "
        "year's end: the unit-price targets from that month carry it. Blank = none",
        warn_missing=False,
    ),
    SettingSpec(
        "PriceRevisionPct",
        "number",
        "価格改定の幅(%)",
        "Price revision size (%)",
        default=None,
        minimum=-50,
        maximum=100,
        help_ja="価格改定の幅(%)。5 = 5%の値上げ、-3 = 3%の値下げ。上の月と組で使います",
        help_en="The price change in percent: 5 = a 5% rise, -3 = a 3% cut. Used with the month above",
        warn_missing=False,
    ),
    # Last, after PriceRevisionPct, so no other setting moves row (trial 38 M5: on a Saturday
    # of a 月-土 week the list started that day, and next week's could only come from
    # `routekpi daily --from`). Read by validation.settings.daily_start_text; the list's first
    # day decided in core.daily.daily_for, the same for the sheet, its PDF and the rep copies.
    SettingSpec(
        "DailyStart",
        "text",
        "訪問計画の開始日(空欄=自動)",
        "Visit plan: first day (blank = automatic)",
        default=None,
        help_ja="訪問計画(Daily)の最初の日。空欄なら実績の翌営業日(または今日)から。"
        "2026/12/7 のような日付ならその日から(休日なら翌営業日、過ぎた日付は無視)。"
        "来週 と入れておくと、いつ再計算しても次の週の最初の営業日から作ります",
        help_en="The visit plan's (Daily) first day. Blank = the working day after the actuals "
        "(or today). A date such as 2026-12-07: from that day (a holiday: the next working day; "
        "a past date is ignored). next week: from the first working day of the week after "
        "the one the list is recalculated in",
        warn_missing=False,
    ),
    # Last, after DailyStart, so no other setting moves row (trial 50 M6: 「LPガス 2025年10月
    # 6%値上げ」 could only be typed as a revision of every product). Read with the month and
    # the size (validation.settings.revision_product, core.price_revision.on_products). A
    # maker's name stands for its products (trial 52 M5: 「TOTO +8%」, price_revision.named_maker).
    SettingSpec(
        "PriceRevisionProduct",
        "text",
        "価格改定の商品(空欄=すべて)",
        "Price revision: product (blank = all)",
        default=None,
        help_ja="上の価格改定が一部の商品だけのとき、その商品名(受注明細の商品名・商品コードの"
        "とおり、または その一部: LPガス)、またはメーカー名(明細のメーカー列のとおり: TOTO。"
        "そのメーカーの商品すべて)。その商品の売上の割合だけにかけ、会社全体の幅は"
        "「売上の割合 × 改定の幅」で計画します。空欄ならすべての商品",
        help_en="When the price revision above covers some products only: the product's name "
        "(as on the order lines' product or product code, or part of it: LPG), or a maker's "
        "name (as in the lines' maker column: TOTO; all its products). It is applied "
        "to those products' share of sales: the company-wide size is share × size. Blank = "
        "every product",
        warn_missing=False,
    ),
)
SETTINGS_BY_NAME: dict[str, SettingSpec] = {s.name: s for s in SETTING_SPECS}

# Fixed cell on Settings where the live (xlwings) layer writes its one-line status.
STATUS_CELL = "B2"


def find_sheet(name: object) -> SheetSpec | None:
    """The sheet spec a tab name refers to, or None for a user's own sheet."""
    for spec in ALL_SHEETS:
        if spec.matches(name):
            return spec
    return None


@dataclass
class HeaderMatch:
    """Where each canonical column was found in a header row (0-based column indexes)."""

    positions: dict[str, int] = field(default_factory=dict)
    duplicates: dict[str, list[int]] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    unknown: list[int] = field(default_factory=list)
    # key → columns under another name for it, left unread (also in ``unknown``)
    unread: dict[str, list[int]] = field(default_factory=dict)
    # key → the yen one of its figures stands for, when its header names a larger unit
    # (金額(千円): 1000; validation.units): the column is read and multiplied back into yen.
    scales: dict[str, int] = field(default_factory=dict)


def match_headers(spec: SheetSpec, headers: list[object]) -> HeaderMatch:
    """Map a header row to the sheet's columns.

    Where several headers name one column, the plainest name wins (``ColumnSpec.rank``: 受注日
    before 伝票日付, Order No before Invoice), then the leftmost. A later copy of the chosen
    name is a duplicate (reported); another name for a column already found is left unread,
    like any column routekpi does not use.
    """
    result = HeaderMatch()
    found: dict[str, list[tuple[int, int, str]]] = {}  # key → (rank, index, label)
    for idx, header in enumerate(headers):
        if header is None or str(header).strip() == "":
            continue
        hit = next(((c, r) for c in spec.columns if (r := c.rank(header)) is not None), None)
        if hit is None:
            result.unknown.append(idx)
            continue
        found.setdefault(hit[0].key, []).append((hit[1], idx, normalize_label(header)))
    for key, entries in found.items():
        _, idx, label = min(entries)
        result.positions[key] = idx
        for _, other, other_label in sorted(entries, key=lambda e: e[1]):
            if other == idx:
                continue
            if other_label == label:
                result.duplicates.setdefault(key, []).append(other)
            else:
                result.unknown.append(other)
                result.unread.setdefault(key, []).append(other)
    result.unknown.sort()
    result.missing = [c.key for c in spec.columns if c.required and c.key not in result.positions]
    return result


# --- Sharing by email (routekpi share / collect) -----------------------------------------
# A rep's copy carries its own visit-log sheet; collect reads it back into Visits. Its name
# must not match the Visits aliases ("訪問記録" is one), or a copy would read as a master.
VISIT_NOTE = ColumnSpec(
    "note",
    "text",
    "メモ",
    "Note",
    required=False,
    aliases=("備考", "コメント", "内容", "note", "notes", "comment", "memo"),
)
VISIT_LOG = SheetSpec(
    name="VisitLog",
    ja="訪問入力",
    role="input",
    aliases=("訪問ログ", "visit log", "my visits"),
    columns=(
        VISITS.column("date"),
        VISITS.column("account"),
        VISITS.column("kind"),
        VISITS.column("outcome"),
        VISIT_NOTE,
        # Not written into copies; read when a rep adds it, so a row for someone else is refused.
        ColumnSpec("rep", "text", "担当者", "Rep", required=False, aliases=_REP_ALIASES),
    ),
)
COVER = SheetSpec(name="Cover", ja="表紙", role="output", aliases=("cover",))
MY_ACCOUNTS = SheetSpec(name="MyAccounts", ja="担当顧客", role="output", aliases=("my accounts",))
# Where a rep's e-mail address comes from: a Reps sheet (rep, email), or a rep-email column on
# Accounts. A plain "Email" column on Accounts is the customer's address, so it is not used.
REP_EMAIL = ColumnSpec(
    "email",
    "text",
    "メールアドレス",
    "Email",
    aliases=("メール", "email", "e-mail", "mail", "email address"),
)
ACCOUNT_REP_EMAIL = ColumnSpec(
    "rep_email",
    "text",
    "担当者メール",
    "Rep email",
    required=False,
    aliases=("担当者メールアドレス", "営業メール", "rep email", "rep e-mail", "owner email"),
)
# A rep's branch (営業所) on the Reps sheet: optional; when any rep has one, the Plan's rep
# targets and the Attainment's revenue get one subtotal row per branch (a boss asks
# 「旭川はどうなの」, trial 19). Read by validation.branches, not by the engine.
REP_BRANCH = ColumnSpec(
    "branch",
    "text",
    "営業所",
    "Branch",
    required=False,
    aliases=("支店", "拠点", "営業拠点", "事業所", "branch", "office"),
)
REPS = SheetSpec(
    name="Reps",
    ja="担当者",
    role="input",
    aliases=("担当者一覧", "担当者マスタ", "営業担当者", "reps", "sales reps"),
    columns=(
        ColumnSpec("rep", "text", "担当者", "Rep", aliases=_REP_ALIASES),
        REP_EMAIL,
        REP_BRANCH,
    ),
)
# Input sheets read by name beside the history (never by the engine): the template carries
# each one with its headers and no rows, after the history's inputs, so a manager finds where
# the addresses and branches go (trial 26: the README named a Reps sheet the book did not have).
# A tab of the user's own under one of its names is read too: the first one that lists a rep.
NAMED_INPUTS: tuple[SheetSpec, ...] = (REPS,)
# The visits collect brings back when the Visits input is a file or database (Sources sheet):
# rows cannot be appended to an SFA export, so collect keeps them on this sheet of the master,
# created on the first collect, and the recalculation reads it beside the source (rows the
# source holds too counted once: sources.assemble). Read with the Visits columns; the memo
# column is the visit log's. Its name must not match the Visits aliases (it is not one).
# A quote register (見積一覧: 見積No, 見積日, 得意先CD, 担当者, 見積金額, 状態 受注/失注) named as a
# Visits source (trial 52 M1: the whole run stopped on its missing 訪問日 / 種別). A visits
# source without a kind column whose header has one of QUOTE_MARK_HEADERS is read as one:
# every row a meeting (商談) on its quote date, its status the outcome (sources.quotes).
QUOTE_MARK_HEADERS: tuple[str, ...] = (
    "見積No",
    "見積番号",
    "見積書No",
    "見積書番号",
    "見積金額",
    "見積額",
    "見積合計",
    "quote no",
    "quote number",
    "quote amount",
)
# A quote register's own headers, read as the Visits column they are (its display unchanged).
QUOTE_HEADER_MEANS: dict[str, str] = {
    "見積日": "date",
    "見積年月日": "date",
    "見積作成日": "date",
    "見積提出日": "date",
    "提出日": "date",
    "quote date": "date",
    "状態": "outcome",
    "見積状態": "outcome",
    "受注状況": "outcome",
    "受注状態": "outcome",
    "ステータス": "outcome",
    "status": "outcome",
}
# A billing list (請求一覧 by 20日締め: 請求年月, 前回請求額, 入金額, 繰越金額, 今回売上額, 今回請求額)
# named as Orders: its stop says what it is and what to name instead (trial 52 M4/M6).
BILLING_MARK_HEADERS: tuple[str, ...] = (
    "請求年月",
    "請求月",
    "締め日",
    "締日",
    "前回請求額",
    "前回御請求額",
    "入金額",
    "御入金額",
    "繰越金額",
    "今回売上額",
    "今回御買上額",
    "今回請求額",
    "今回御請求額",
    "請求金額",
)
QUOTE_KIND_WORD = "商談"  # every row of a quote register: a meeting
QUOTE_KIND_HEADER = {"ja": "種別(見積=商談)", "en": "Kind (quote = meeting)"}
COLLECTED_VISITS = SheetSpec(
    name="CollectedVisits",
    ja="回収訪問",
    role="input",
    aliases=("collected visits", "回収した訪問"),
    columns=(
        VISITS.column("date"),
        VISITS.column("rep"),
        VISITS.column("account"),
        VISITS.column("kind"),
        VISITS.column("outcome"),
        VISIT_NOTE,
    ),
)
# fix47 (trial 45 L8): the Japanese words a Japanese book may type for a choice setting whose
# values are English keys (the drop-down's trend / count …), read as that key; the Checks
# row for a value that is neither names them beside the keys. Language stays ja / en (read
# before the settings, contract.language_of).
SETTING_CHOICE_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "RepSplit": {
        "trend": ("傾向", "傾向配分"),
        "baseline": ("前年", "前年比例", "前年売上", "前年実績"),
        "equal": ("均等", "均等配分"),
        "manual": ("手動", "手入力", "担当者配分"),
    },
    "LeverMix": {"evidence": ("根拠", "実績"), "policy": ("方針", "重点")},
    "IdenticalOrderLines": {
        "count": ("数える", "すべて数える", "全て数える"),
        "drop": ("除く", "除外", "削除", "2行目以降を除く"),
    },
    "FiscalYearLabel": {
        "start": ("始まる年", "開始年", "期首の年"),
        "end": ("終わる年", "終了年", "期末の年"),
    },
}
