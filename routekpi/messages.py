"""Every user-facing sentence, in Japanese and English, in one catalog.

Code refers to messages by key and passes parameters; ``text(key, language, **params)``
formats them. Numbers are formatted here so yen, percentages and counts look the same
everywhere.
"""

from __future__ import annotations

import math
import re

MESSAGES: dict[str, dict[str, str]] = {
    # --- Checks: cell and sheet problems ---------------------------------------------------
    "blank": {
        "ja": "必須項目が空欄です(この行は使用しません)",
        "en": "required value is blank (row skipped)",
    },
    "error_value": {
        "ja": "エラー値({value})です(この行は使用しません)",
        "en": "error value ({value}) (row skipped)",
    },
    "not_a_number": {
        "ja": "数値として読めません(この行は使用しません)",
        "en": "not a number (row skipped)",
    },
    "negative": {
        "ja": "負の値は使えません(この行は使用しません)",
        "en": "negative value not allowed (row skipped)",
    },
    "not_a_date": {
        "ja": "日付として読めません(この行は使用しません)",
        "en": "not a date (row skipped)",
    },
    "impossible_date": {
        "ja": "存在しない日付です(この行は使用しません)",
        "en": "impossible date (row skipped)",
    },
    "unknown_choice": {
        "ja": "値を判別できません: {choices} のいずれかを入力してください(この行は使用しません)",
        "en": "unknown value; use one of {choices} (row skipped)",
    },
    "error_value_ignored": {
        "ja": "エラー値({value})です(この値は使わず、行は使用します)",
        "en": "error value ({value}) (value ignored, row used)",
    },
    "not_a_number_ignored": {
        "ja": "数値として読めません(この値は使わず、行は使用します)",
        "en": "not a number (value ignored, row used)",
    },
    "not_a_date_ignored": {
        "ja": "日付として読めません(この値は使わず、行は使用します)",
        "en": "not a date (value ignored, row used)",
    },
    "unknown_choice_ignored": {
        "ja": "値を判別できません: {choices} のいずれかを入力してください(この値は使わず、行は使用します)",
        "en": "unknown value; use one of {choices} (value ignored, row used)",
    },
    # --- Input handling from a new-user trial: SFA words, dropped zeros, month, units ------
    # A kind column (the only required choice column): the company's word can be given its
    # meaning once on the Words sheet instead of edited in every export (trial 19).
    "unknown_choice_rows": {
        "ja": "「{value}」は列「{field}」の値として判別できません({times}行: {rows}行目)。使える値 — {choices}。自社の言葉なら、シート「{words_sheet_ja}」に1行(「{word_column_ja}」に「{value}」、「{kind_column_ja}」に訪問・アポ・商談・連絡のどれにあたるか)を足せば、エクスポートはそのままで読みます(これらの行は使用しません){hint_ja}",
        "en": "'{value}' is not a known value for column '{field}' ({times} rows: row {rows}); accepted — {choices_en}. If it is your company's word, add one row to the '{words_sheet_en}' sheet ('{value}' under '{word_column_en}', and whether it is a visit, appointment, meeting or contact under '{kind_column_en}') and the export is read as it is (these rows are skipped){hint_en}",
    },
    "unknown_choice_rows_ignored": {
        "ja": "「{value}」は列「{field}」の値として判別できません({times}行: {rows}行目)。使える値 — {choices}。エクスポートの「{value}」をこのいずれかに置き換えてください(この値は使わず、行は使用します)",
        "en": "'{value}' is not a known value for column '{field}' ({times} rows: row {rows}); accepted — {choices_en}. Replace '{value}' in the export with one of them (the value is ignored, the rows are used)",
    },
    # --- Input handling from a beverage wholesaler's trial: route words, duplicates, no year --
    "unknown_choice_rows_log": {
        "ja": "「{value}」は列「{field}」の値として判別できません({times}行: {rows}行目)。使える値 — {choices}。一覧から選び直すか、自社の言葉ならこのブックのシート「{words_sheet_ja}」に1行(「{word_column_ja}」に「{value}」、「{kind_column_ja}」に訪問・アポ・商談・連絡のどれにあたるか)を足して、もう一度取り込んでください(これらの行は取り込みません){hint_ja}",
        "en": "'{value}' is not a known value for column '{field}' ({times} rows: row {rows}); accepted — {choices_en}. Pick one from the list instead, or, if it is your company's word, add one row to this book's '{words_sheet_en}' sheet ('{value}' under '{word_column_en}', and whether it is a visit, appointment, meeting or contact under '{kind_column_en}') and collect again (these rows are not collected){hint_en}",
    },
    "unknown_choice_rows_log_ignored": {
        "ja": "「{value}」は列「{field}」の値として判別できません({times}行: {rows}行目)。使える値 — {choices}。一覧から選び直してください(この値は使わず、行は取り込みます)",
        "en": "'{value}' is not a known value for column '{field}' ({times} rows: row {rows}); accepted — {choices_en}. Pick one from the list instead (the value is ignored, the rows are collected)",
    },
    # An accompanying person's row of a ride-along (同行): the rep's own row holds the visit.
    "ride_along_hint": {
        "ja": "。「{value}」が上司や同僚の同行(付き添い)の行で、担当者本人の訪問が別の行にあるなら、種別は「連絡」にしてください(数えないため、同行した人が担当者として計画に載ることも、訪問が二重に数えられることもありません)",
        "en": ". If '{value}' marks the accompanying person's row of a ride-along, with the rep's own visit on another row, make it 'contact' (not counted: the companion is not planned as a rep and the visit is not counted twice)",
    },
    # --- The Words sheet (種別の読み替え): the company's own activity words -------------------
    "words_unknown_kind": {
        "ja": "「{value}」はroutekpiの種別ではありません({times}行: {rows}行目)。訪問・アポ・商談・連絡(visit・appointment・meeting・contact)のどれかを入力してください(これらの行は使用しません)",
        "en": "'{value}' is not one of routekpi's kinds ({times} rows: row {rows}); type visit, appointment, meeting or contact (these rows are skipped)",
    },
    "words_conflict": {
        "ja": "「{word}」は{first_row}行目で「{first_kind_ja}」としています。同じ言葉を「{kind_ja}」にもすることはできません。どちらか一方にしてください(この行は使用しません)",
        "en": "'{word}' already means {first_kind_en} (row {first_row}); one word cannot also mean {kind_en}: keep one of the two (this row is skipped)",
    },
    "words_override": {
        "ja": "「{word}」はroutekpiでは「{own_ja}」と読む言葉ですが、この表のとおり「{kind_ja}」として読みます",
        "en": "routekpi reads '{word}' as {own_en} by default; it is read as {kind_en}, as this table says",
    },
    "words_used": {
        "ja": "自社の言葉を種別・結果として読みました({source}、合計 {count}行): {words_ja}",
        "en": "Your words read as routekpi's kinds and outcomes ({source}, {count} rows in all): {words_en}",
    },
    "contacts_not_counted": {
        "ja": "{count}行は種別が電話・メールなどの連絡({words_ja})のため、訪問・アポ・商談には数えていません(エラーではありません。アポの電話なら「アポ電話」「テレアポ」と書けばアポとして数えます)",
        "en": "{count} rows are calls, e-mails or other contacts by their kind ({words_en}): read, but not counted as visits, attempts or meetings (not an error; a call for an appointment written アポ電話 or テレアポ counts as an attempt)",
    },
    "customer_meetings_counted": {
        "ja": "種別が商談の{count}行は、すでに取引のある得意先(得意先マスタの開始日か最初の受注がその日より前)での商談のため、その得意先への訪問として数えました(エラーではありません)。商談数は新規開拓の数なので、見込み客との商談{left}行だけを数えます",
        "en": "{count} meeting rows are at customers already held (their start on Accounts, or their first order, is before that day) and were counted as visits of those customers (not an error). Meetings count new business: only the {left} meeting rows with prospects are counted as meetings",
    },
    "customer_meetings_counted_all": {
        "ja": "種別が商談の{count}行はすべて、すでに取引のある得意先(得意先マスタの開始日か最初の受注がその日より前)での商談のため、その得意先への訪問として数えました(エラーではありません)。商談数は新規開拓(見込み客との商談)の数なので、0 になります",
        "en": "all {count} meeting rows are at customers already held (their start on Accounts, or their first order, is before that day) and were counted as visits of those customers (not an error). Meetings count new business (meetings with prospects), so they read 0",
    },
    "duplicate_rows": {
        "ja": "前の行とまったく同じ内容の重複行が{count}行あり、同じ内容は1回だけ数え、重複行は数えませんでした({rows}行目。この行は{first}行目と同じ)。数えなかった重複分の金額は合計 {amount} です{reason_ja}",
        "en": "{count} rows repeat an earlier row exactly and were counted once (repeated rows: {rows}; the first repeats row {first}); the repeats not counted total {amount}{reason_en}",
    },
    "date_without_year": {
        "ja": "年のない日付です。年を含めて {example} のように入力してください(この行は使用しません)",
        "en": "date without a year: type the year too, e.g. {example} (row skipped)",
    },
    "date_without_year_ignored": {
        "ja": "年のない日付です。年を含めて {example} のように入力してください(この値は使わず、行は使用します)",
        "en": "date without a year: type the year too, e.g. {example} (value ignored, row used)",
    },
    "account_zeros_dropped": {
        "ja": "顧客コード {value} は顧客シートの {account} の先頭の0が落ちた形です(Excelがコードを数値として読み込むと0が落ちます)。このようなコード{count}件({lines}行)を顧客シートのコードとして集計しました。次回は列の書式を文字列にしてから貼り付けてください",
        "en": "account code {value} looks like {account} on Accounts: Excel dropped the leading zeros (it read the codes as numbers). {count} such codes ({lines} rows) were matched to their Accounts codes; format the column as text before pasting",
    },
    "account_zeros_dropped_accounts": {
        "ja": "顧客コード {value} は顧客シートでは {account} です: 顧客シートのコードの先頭の0が落ちています(Excelがコードを数値として読み込むと0が落ちます)。このようなコード{count}件({lines}行)を顧客シートのコードとして集計しました。次回は顧客シートの列の書式を文字列にしてから貼り付けてください",
        "en": "account code {value} is {account} on Accounts: Excel dropped the leading zeros there (it read the codes as numbers). {count} such codes ({lines} rows) were matched to their Accounts codes; format the Accounts column as text before pasting",
    },
    "setting_month_invalid": {
        "ja": "期首月(シート「{sheet}」のセル {cell})の「{value}」を月として読めません。1〜12 の数字か「4月」「April」の形で入力してください(既定値 {default}月で計算しました。実際の期首月と違えば、年度の区切りとすべての目標がずれます)",
        "en": "the fiscal start month '{value}' (cell {cell} on sheet '{sheet}') is not a month: type 1-12, 4月 or April (calculated with the default, {default}; if your year starts in another month, the fiscal year and every target are off)",
    },
    "missing_column_stop_found": {
        "ja": "シート「{sheet}」に必須の列「{column}」がありません。見出しを次のいずれかに変えてください: {accepted}(このシートの見出し: {found})",
        "en": "sheet '{sheet}' has no required column '{column_en}': rename its header to one of {accepted_en} (headers on this sheet: {found})",
    },
    "missing_column_stop_unit": {
        "ja": "シート「{sheet}」に必須の列「{column}」がありません。列「{unit_column}」は{unit}単位のため、金額としてわざと読んでいません: 金額は円単位の列にしてください(使える見出し: {accepted}。このシートの見出し: {found})",
        "en": "sheet '{sheet}' has no required column '{column_en}'. Column '{unit_column}' is in {unit}, so it was not taken as the amount on purpose: amounts must be in yen (accepted headers: {accepted_en}; headers on this sheet: {found})",
    },
    "plan.feasible_unit": {
        "ja": "判定なし(KGIの単位を確認してください)",
        "en": "not judged (check the KGI's unit)",
    },
    "date_out_of_range": {
        "ja": "1900〜2199年の範囲外の日付です(この行は使用しません)",
        "en": "date outside 1900-2199 (row skipped)",
    },
    "date_after_today": {
        "ja": "今日より後の日付です(年の入力ミス?)(この行は使用しません)",
        "en": "date is after today (a mistyped year?) (row skipped)",
    },
    "unknown_order_rep": {
        "ja": "顧客シートにない担当者です(売上には含めます。表記ゆれなら統一してください)",
        "en": "rep not on the Accounts sheet (revenue still counted; fix the spelling if it is a variant)",
    },
    "departed_order_rep": {
        "ja": "顧客シートにない担当者です: {last} 以降受注・訪問がないため退職した担当者として扱います(実績は顧客の現担当者に引き継ぎ。計画シートの説明を参照)",
        "en": "rep not on the Accounts sheet: no order or visit since {last}, treated as having left (the history goes to the accounts' current reps; see the Plan sheet)",
    },
    "stale_account_rep": {
        "ja": "顧客シートの担当者が退職・異動とみなした担当者({reps}: 最後の受注・訪問から{days}日以上記録なし)のままです。行 {rows} の顧客は今は同僚が訪問・受注しているため、その同僚の担当として計算しました({accounts})。顧客シートの担当者を書き換えてください",
        "en": "the Accounts sheet still names a rep taken as gone ({reps}: no order or visit for {days} days or more) on rows {rows}; colleagues serve those accounts now and they were counted as the colleagues' ({accounts}). Update the rep on those rows",
    },
    "no_header_stop": {
        "ja": "シート「{sheet}」の1〜10行目に見出し行がありません(必要な列: {columns})",
        "en": "sheet '{sheet}' has no header row in rows 1-10 (needed: {columns_en})",
    },
    "after_as_of": {
        "ja": "基準日 {as_of} より後の {count} 行({first} 〜 {last})は集計に含めません(基準日時点の計画です)",
        "en": "{count} rows after the as-of date {as_of} ({first} – {last}) are not counted (the plan is as of {as_of})",
    },
    "future_date": {
        "ja": "基準日({as_of})より後の日付です(集計に含めません)",
        "en": "date after the as-of date ({as_of}) (not counted)",
    },
    # Why a blank AsOf became the as-of date it did (History.default_as_of_note): the Plan's
    # as-of line and a Checks row on the AsOf cell.
    "as_of_default_orders": {
        "ja": "AsOf が空欄のため、受注の最終日 {as_of} を基準日にしました(達成率・進捗・着地見込みは受注のある日までで測ります)",
        "en": "AsOf is blank, so the as-of date is the last order's day, {as_of} (attainment, pace and landing are measured over the days the orders cover)",
    },
    "as_of_default_orders_visits": {
        "ja": "AsOf が空欄のため、受注の最終日 {as_of} を基準日にしました(達成率・進捗・着地見込みは受注のある日までで測ります)。その後に入力された訪問({visits} まで)は接触として訪問計画と要注意顧客の判定に数えます。別の日で測るには AsOf に日付を入力してください",
        "en": "AsOf is blank, so the as-of date is the last order's day, {as_of} (attainment, pace and landing are measured over the days the orders cover); the visits typed after it (through {visits}) count as contact for the Daily list and at-risk accounts. To measure on another day, type it in AsOf",
    },
    "as_of_default_orders_visits_left_out": {
        "ja": "AsOf が空欄のため、受注の最終日 {as_of} を基準日にしました(達成率・進捗・着地見込みは受注のある日までで測ります)。ファイル・データベースの履歴は基準日までで集計するため、その後の訪問({visits} まで)は訪問計画と要注意顧客の判定に入っていません。数えるには AsOf に {visits} を入力してください(その場合、受注のない日も進捗に数えます)",
        "en": "AsOf is blank, so the as-of date is the last order's day, {as_of} (attainment, pace and landing are measured over the days the orders cover). A history from files or a database is summed to the as-of date, so the visits after it (through {visits}) are not in the Daily list or the at-risk accounts. To count them, type {visits} in AsOf (the days without orders then count for pace too)",
    },
    "as_of_default_visits": {
        "ja": "AsOf が空欄で受注がないため、訪問の最終日 {as_of} を基準日にしました",
        "en": "AsOf is blank and there are no orders, so the as-of date is the last visit's day, {as_of}",
    },
    "as_of_default_history": {
        "ja": "AsOf が空欄のため、履歴の最終日 {as_of} を基準日にしました",
        "en": "AsOf is blank, so the as-of date is the history's last day, {as_of}",
    },
    "as_of_default_accounts": {
        "ja": "AsOf が空欄で受注も訪問もないため、最も遅い顧客の開始日 {as_of} を基準日にしました",
        "en": "AsOf is blank and there are no orders or visits, so the as-of date is the latest account start, {as_of}",
    },
    "as_of_thin_last_day": {
        "ja": "AsOf が空欄ですが、受注の最終日 {last} の受注・訪問は{events}件で、通常の営業日({usual}件)の1割未満です。この日を数えると {month} が締まった月として基準・伸び率・着地見込みに入るため、{as_of} を基準日にして {month} は締まっていない月として扱います。{last} までで締まっているなら AsOf に {last} を入力してください",
        "en": "AsOf is blank, but the last order's day {last} has {events} orders and visits, under a tenth of a usual working day's ({usual}). Counting it would make {month} a complete month in the baseline, uplift and landing, so the as-of date is {as_of} and {month} is treated as not yet complete. If {month} is complete through {last}, type {last} in AsOf",
    },
    # validation.plan_year: the year a blank PlanYear chose, and a year mostly over.
    "plan_year_default": {
        "ja": "計画年度が空欄のため、基準日 {as_of} の属する年度 {plan}({first}〜{last})を計画年度にしました",
        "en": "PlanYear is blank, so the plan year is the fiscal year of the as-of date {as_of}: {plan} ({first} – {last})",
    },
    "plan_year_default_nearly_over": {
        "ja": "計画年度が空欄のため、基準日 {as_of} の属する年度 {plan}({first}〜{last})を計画しました。この年度は12か月のうち{over}か月が過ぎ、残りは約{left}か月です。目標と実現可能性はこの年度のもので、来年度の計画ではありません。来年度 {next} を計画するなら、設定「計画年度」に {next_year} を入力してください",
        "en": "PlanYear is blank, so the plan is for the fiscal year of the as-of date {as_of}: {plan} ({first} – {last}). {over} of its 12 months are over and about {left} months are left: the targets and the feasibility are this year's, not next year's plan. To plan next year, {next}, type {next_year} in PlanYear",
    },
    "plan_year_default_mostly_over": {
        "ja": "計画年度が空欄のため、基準日 {as_of} の属する年度 {plan}({first}〜{last})を計画年度にしました。12か月のうち{over}か月が過ぎています。来年度 {next} を計画するなら、設定「計画年度」に {next_year} を入力してください",
        "en": "PlanYear is blank, so the plan year is the fiscal year of the as-of date {as_of}: {plan} ({first} – {last}), {over} of its 12 months already over. To plan next year, {next}, type {next_year} in PlanYear",
    },
    # The same with Settings FiscalYearLabel = end: the company's name of the year typed is one
    # above the number, so both are said, and the number to type for the year meant.
    "plan_year_far_ahead_end": {
        "ja": "計画年度 {typed} は {first} 開始の {plan} です(基準日 {as_of} の{ahead}か月後)。{meant}({meant_first}〜{meant_last})なら {meant_year} と入力してください(計画年度には年度の始まる年を入力します)",
        "en": "plan year {typed} is {plan}, starting in {first} ({ahead} months after the as-of date {as_of}). For {meant} ({meant_first} – {meant_last}), type {meant_year} (PlanYear takes the year the fiscal year starts in)",
    },
    "plan_year_far_ahead": {
        "ja": "計画年度 {plan} は {first} 開始です(基準日 {as_of} の{ahead}か月後)。{meant_first} 開始の年度なら {meant_year} と入力してください(計画年度は年度の始まる年で数えます)",
        "en": "plan year {plan} starts in {first} ({ahead} months after the as-of date {as_of}). For the year starting {meant_first}, type {meant_year} (the plan year is the year the fiscal year starts in)",
    },
    # The same when the history ends long before the run's day (trial 21): missing history
    # is named first, the other plan year only as the alternative.
    "plan_year_far_ahead_stale": {
        "ja": "履歴は基準日 {as_of} で終わっています(今日 {today} の{behind}か月前)。計画年度 {plan}({first} 開始)は基準日の{ahead}か月後です。最近の受注が読まれていない可能性があります: ソースの別シート・別ファイルや貼り忘れた期間がないか、チェックの読み込み行数を確認してください。履歴がこれで全部で、{meant_first} 開始の年度を計画するなら計画年度に {meant_year} と入力してください",
        "en": "the history ends at the as-of date {as_of}, {behind} months before today ({today}), and plan year {plan} starts in {first}, {ahead} months after it. Recent orders may not have been read: check for other sheets or files of the source and periods not pasted, and the rows read on Checks. If this is the whole history and you meant the year starting {meant_first}, type {meant_year} in PlanYear",
    },
    "history_stale": {
        "ja": "履歴は基準日 {as_of} の{days}日前({last})で終わっています。訪問・進捗・要注意顧客は {last} までで判定します(最新の履歴を貼り付けてください)",
        "en": "the history stops {days} days before the as-of date {as_of} (last entry {last}); visits, pace and at-risk accounts are judged up to {last} (paste the latest history)",
    },
    "visits_stopped": {
        "ja": "訪問の記録が受注より先に止まっている担当者が{count}人います(受注は {orders_end} まで。最後の訪問の日: 担当者): {reps}。その後の訪問はないものとして訪問頻度・訪問あたり受注数・要注意顧客を判定しています(訪問の記録を貼り付けてください)",
        "en": "visit records stop before the orders do for {count} rep(s) (orders run to {orders_end}; last visit: reps): {reps}. Visit frequency, orders per visit and at-risk accounts are judged as if they made no visit since (paste the latest visit records)",
    },
    "more_not_listed": {
        "ja": "ほか{count}行も同じです(一覧は最初の{listed}行まで): {problem}",
        "en": "and {count} more rows like the ones above (only the first {listed} are listed): {problem}",
    },
    "identical_lines": {
        "ja": "前の行とまったく同じ内容の行が{count}行あります(最初は{first}行目と同じこの行)。すべて数えています。貼り付けの重複なら受注番号の列を加えるか、設定「同一内容の受注行」を drop にしてください",
        "en": "{count} lines repeat an earlier line exactly (the first: this row = row {first}); all are counted. If they are double pastes, add an order-number column or set IdenticalOrderLines to drop",
    },
    "slip_lines_repeated": {
        "ja": "同じ受注番号の伝票の中で、前の行とまったく同じ内容の行が{count}行あります(最初は{first}行目と同じこの行)。同じ単価・数量の別商品として合計しています。伝票の一部を重ねて貼り付けた場合は、重複した行を削除してください",
        "en": "{count} lines repeat an earlier line of the same order number exactly (the first: this row = row {first}); they are summed as other products at the same price and quantity. If part of a slip was pasted twice, delete the repeated lines",
    },
    "order_lines_merged": {
        "ja": "受注番号・日付・顧客・担当者が同じ明細{lines}行を、伝票単位で{orders}件の受注と数えました(金額は合計)",
        "en": "{lines} lines sharing an order number, date, account and rep counted as {orders} orders, one per slip (amounts summed)",
    },
    "unknown_account": {
        "ja": "顧客シートにない顧客コードです(売上には含めます)",
        "en": "account not on the Accounts sheet (revenue still counted)",
    },
    "note_kpi_unknown": {
        "ja": "KPI「{value}」はどのKPIの名前にも当たりません(メモは売上の行に表示します)。例: {examples}",
        "en": "KPI '{value}' matches no KPI name (the note is shown on the revenue row); e.g. {examples_en}",
    },
    "leave_end_before_start": {
        "ja": "終了日が開始日({start})より前です(この休暇・不在の行は使用しません)",
        "en": "end date is before the start date ({start}) (this leave row is not used)",
    },
    "leave_unknown_rep": {
        "ja": "受注・訪問・顧客のどのシートにもない担当者です(この休暇・不在の行は使用しません。表記ゆれなら統一してください)",
        "en": "rep not on the Orders, Visits or Accounts sheet (this leave row is not used; fix the spelling if it is a variant)",
    },
    # A Leave row used whose end date looks mistyped (validation.leave.doubtful_leave).
    "leave_long": {
        "ja": "{rep}さんの休暇・不在 {start}〜{end} は{length}日間です({limit}日を超える休暇・不在)。終了日の年や月の入力ミスでないか確認してください(このままでは、この期間は進捗・ペースで見込まず、訪問計画にも入れません)",
        "en": "{rep}'s leave {start} – {end} lasts {length} days (over {limit}): check the end date's year and month (as it stands, no pace is expected of those days and no visits are planned on them)",
    },
    "leave_past_year": {
        "ja": "{rep}さんの休暇・不在 {start}〜{end} の終了日が計画年度 {plan} の末日 {last} より後です。終了日の入力ミスでないか確認してください",
        "en": "{rep}'s leave {start} – {end} ends after the plan year {plan}'s last day {last}: check the end date",
    },
    "leave_active": {
        "ja": "{rep}さんの休暇・不在 {start}〜{end} の期間中に、本人の訪問が {days}日({count}件、{first}〜{last})記録されています。復帰していたなら終了日を直してください(このままでは、その日々の実績は進捗で見込まれません)",
        "en": "{rep} has visits of their own on {days} days ({count} visits, {first} – {last}) inside the leave {start} – {end}: if {rep} was back, correct the end date (as it stands, those days are not expected of {rep})",
    },
    "leave_used": {
        "ja": "{rep}さんの休暇・不在 {start}〜{end}(営業日 {days}日): この日々は訪問計画に入れず、進捗・ペース・単価の判定でも見込みません",
        "en": "{rep} on leave {start} – {end} ({days} working days): no visits planned on those days, and no pace, progress or unit-price judgement expects them",
    },
    "end_before_start": {
        "ja": "解約日が取引開始日({start})より前です(この行は使用しません)",
        "en": "end date is before the start date ({start}) (row skipped)",
    },
    "duplicate_account": {
        "ja": "顧客コードが{first}行目と重複しています(最初の行を使います)",
        "en": "account code duplicates row {first} (first row used)",
    },
    "rep_mismatch": {
        "ja": "受注の担当者が顧客シートの担当者({expected})と異なります",
        "en": "rep differs from the Accounts sheet ({expected})",
    },
    "missing_column": {
        "ja": "必須の列「{column}」が見つかりません(見出しを確認してください)",
        "en": "required column '{column}' not found (check the header row)",
    },
    "subtotal_rows": {
        "ja": "「{value}」は小計・合計の行に見えます。その行の金額 {revenue} が売上に含まれ、合計が二重になります。エクスポートから小計・合計の行を除いてから再計算してください",
        "en": "'{value}' looks like a subtotal or total line: its {revenue} is counted as sales, so totals are doubled; remove subtotal and total lines from the export and recalculate",
    },
    "subtotal_rows_any": {
        "ja": "「{value}」は小計・合計の行に見えます。その行の金額が売上に含まれ、合計が二重になります。エクスポートから小計・合計の行を除いてから再計算してください",
        "en": "'{value}' looks like a subtotal or total line: its amount is counted as sales, so totals are doubled; remove subtotal and total lines from the export and recalculate",
    },
    "total_rows_skipped": {
        "ja": "合計行を読み飛ばしました(「{value}」の{rows}行目、{count}行)。明細の行ではないため売上に数えません",
        "en": "total rows skipped ('{value}', row {rows}; {count} in all): not order lines, not counted as sales",
    },
    "header_repeats_skipped": {
        "ja": "見出しの繰り返し行を読み飛ばしました({rows}行目、{count}行)。見出しをもう一度貼り付けた行で、データではありません",
        "en": "rows repeating the header skipped (row {rows}; {count} in all): the header pasted again, not data",
    },
    "rep_from_territory": {
        "ja": "担当者の列がないため、列「{column}」を担当者として読みました(ルート・エリアごとの目標になります)",
        "en": "no rep column: column '{column}' is read as the rep (targets per route or territory)",
    },
    "columns_not_used": {
        "ja": "列 {columns} は使いません(目標の計算に要らない列です。読むだけで、シートやファイルの中身は変えません)",
        "en": "columns {columns_en} are not used (not needed for the targets; they are only read: the sheet or file itself is not changed)",
    },
    "columns_not_used_branch": {
        "ja": "列 {columns} は使いません(目標は担当者ごとです。営業所別の小計は「担当者」シートの「営業所」列から作ります。読むだけで、シートやファイルの中身は変えません)",
        "en": "columns {columns_en} are not used (targets are per rep; branch subtotals come from the Branch column of the Reps sheet; they are only read: the sheet or file itself is not changed)",
    },
    "branch_two": {
        "ja": "担当者「{rep}」の営業所が2つあります(「{first}」{row}行目と「{second}」)。最初の「{first}」で小計します",
        "en": "rep '{rep}' has two branches ('{first}' on row {row} and '{second}'): subtotalled under the first, '{first}'",
    },
    "branch_blank": {
        "ja": "担当者「{rep}」の営業所が空欄です。営業所別の小計では「営業所なし」に入ります",
        "en": "rep '{rep}' has no branch: counted under 'no branch' in the branch subtotals",
    },
    # Rep names: one the start of another (validation.reps; never merged, only said).
    "rep_names_similar": {
        "ja": "担当者名が似ています: {names_ja} — 同じ人ならそろえてください",
        "en": "Rep names look alike: {names_en} — if they are one person, spell them the same",
    },
    "column_not_read": {
        "ja": "列「{column}」は「{read}」と同じ項目を表すため読みません(「{read}」を使います)",
        "en": "column '{column}' names the same field as '{read}' and is not read ('{read}' is used)",
    },
    # A header cell merged over several columns (validation.tables._merged_header).
    "duplicate_column_merged": {
        "ja": "{cells} が結合されています。見出し「{column}」は {first} 列のものを使い、{other} 列は読みません(結合を解除し、読ませたい列にだけ見出しを付けてください)",
        "en": "{cells} are merged: the header '{column}' is read from column {first}, column {other} is not read (unmerge them and give a header only to the columns to read)",
    },
    "duplicate_column": {
        "ja": "列「{column}」が複数あります(最初の列を使います)",
        "en": "column '{column}' appears more than once (first one used)",
    },
    "missing_column_stop": {
        "ja": "シート「{sheet}」に必須の列「{column}」がありません",
        "en": "sheet '{sheet}' has no required column '{column}'",
    },
    # validation.headers: a ledger keyed by customer name (no code column; trial 21).
    "account_from_name": {
        "ja": "顧客コードがないため{column}を顧客として使います(空白・全角半角・会社の種類の書き方(株式会社/(株)/㈱、有限会社/(有)、合同会社/(同))だけが違う名前は同じ顧客として集計します。前株と後株は別の名前です)",
        "en": "there is no account-code column, so '{column}' is used as the account (names differing only in spaces, full/half width or how the company type is written (株式会社/(株)/㈱, 有限会社/(有), 合同会社/(同)) count as one account; (株) before and after the name stay apart)",
    },
    # The same, when some customers were typed in several such spellings (trial 38 H1).
    "account_from_name_folded": {
        "ja": "顧客コードがないため{column}を顧客として使います。空白・全角半角・会社の種類の書き方(株式会社/(株)/㈱、有限会社/(有)、合同会社/(同))だけが違う名前は同じ顧客として集計: {names}通りの名前を{customers}顧客にまとめました(例: {examples})。前株と後株は別の名前です",
        "en": "there is no account-code column, so '{column}' is used as the account. Names differing only in spaces, full/half width or how the company type is written (株式会社/(株)/㈱, 有限会社/(有), 合同会社/(同)) count as one account: {names} names became {customers} accounts (e.g. {examples_en}); (株) before and after the name stay apart",
    },
    # validation.tables.no_order_checks: an Accounts row matching no order line when the
    # orders are keyed by customer name (trial 38 H3).
    "duplicate_account_name": {
        "ja": "{first}行目と同じ顧客です(受注は得意先名で集計しているため、空白・全角半角・株式会社/(株)/㈱の違いは同じ顧客とみなします。最初の行を使います)",
        "en": "the same account as row {first} (the orders are keyed by customer name: spaces, width and 株式会社/(株)/㈱ do not matter; the first row is used)",
    },
    "account_without_orders": {
        "ja": "この顧客は受注・訪問の明細にありません。受注は得意先名で集計しているため、顧客コード欄には受注と同じ名前を入れてください(空白・全角半角・株式会社/(株)の違いは同じ顧客とみなします)。このままでは受注のない別の顧客として数えます",
        "en": "this account is on no order or visit line. The orders are keyed by customer name, so type the name as the orders spell it in the account-code column (spaces, width and 株式会社/(株) do not matter); as it is, it counts as a separate account with no orders",
    },
    "missing_column_stop_file": {
        "ja": "「{file}」に必須の列「{column}」がありません。見出しを次のいずれかに変えてください: {accepted}(見出し: {found})",
        "en": "'{file_en}' lacks the required column(s) '{column_en}': rename its header to one of {accepted_en} (its headers: {found})",
    },
    "missing_column_stop_file_unit": {
        "ja": "「{file}」に必須の列「{column}」がありません。列「{unit_column}」は{unit}単位のため、金額としてわざと読んでいません: 金額は円単位の列にしてください(使える見出し: {accepted}。見出し: {found})",
        "en": "'{file_en}' lacks the required column(s) '{column_en}'. Column '{unit_column}' is in {unit}, so it was not taken as the amount on purpose: amounts must be in yen (accepted headers: {accepted_en}; its headers: {found})",
    },
    "missing_sheet": {"ja": "シート「{sheet}」が見つかりません", "en": "sheet '{sheet}' not found"},
    "optional_sheet_missing": {
        "ja": "シート「{sheet}」がありません(なしで計算します)",
        "en": "sheet '{sheet}' not found (calculated without it)",
    },
    "output_sheet_created": {
        "ja": "出力シート「{sheet}」がなかったため、テンプレートから作成しました",
        "en": "output sheet '{sheet}' was missing and has been created from the template",
    },
    "user_cell_moved": {
        "ja": "出力シートに入力された内容を「{target}」シートの{row}行目に移しました(表の範囲内のため)",
        "en": "typed inside routekpi's table on an output sheet; moved to row {row} of sheet '{target}'",
    },
    "kept.when": {"ja": "移動日時", "en": "Moved on"},
    "kept.sheet": {"ja": "シート", "en": "Sheet"},
    "kept.cell": {"ja": "セル", "en": "Cell"},
    "kept.typed": {"ja": "入力内容", "en": "What was typed"},
    "kept.shown": {"ja": "表示されていた値", "en": "Value shown"},
    "input_sheet_missing": {
        "ja": "シート「{sheet}」が見つかりません(なしで計算します)。使える名前: {accepted}。このブックの他のシート: {found}",
        "en": "sheet '{sheet}' not found (calculated without it); accepted names: {accepted}; other tabs in this book: {found}",
    },
    "sheet_lookalike": {
        "ja": "シート「{tab}」の見出しは「{sheet}」シートのものに見えますが、名前が違うため読んでいません。使うならシート名を次のいずれかに変えてください: {accepted}",
        "en": "tab '{tab}' has the headers of the {sheet} sheet but another name, so it was not read; to use it, rename it to one of: {accepted}",
    },
    "no_header": {"ja": "見出し行が見つかりません", "en": "no header row found"},
    "rows_skipped": {"ja": "{count}行を使用しませんでした", "en": "{count} rows not used"},
    "rows_skipped_all": {
        "ja": "すべての行({all}行)を使用しませんでした。この表はないものとして計算しています: 上の行の理由を直して再計算してください",
        "en": "none of this sheet's {all} rows were used: the plan is built as if it were empty. Fix the reasons listed above and recalculate",
    },
    "rows_skipped_most": {
        "ja": "{shown}行(この表の{all}行の{share})を使用しませんでした。計画は残りの行だけで作られています: 上の行の理由を直して再計算してください",
        "en": "{shown} of this sheet's {all} rows ({share}) were not used: the plan is built on the rest only. Fix the reasons listed above and recalculate",
    },
    # The Orders line when the rows left out emptied whole months (validation.gaps).
    "rows_skipped_months": {
        "ja": "{months} の受注がほぼありません({shown} 行を使用しませんでした: {reason_ja})。計画はこれらの行なしで作られています: 上の行の理由を直して再計算してください",
        "en": "almost no orders in {months_en} ({shown} rows were not used: {reason_en}); the plan is built without them. Fix the reasons listed above and recalculate",
    },
    "left_out_reason.date_without_year": {"ja": "年のない日付", "en": "dates without a year"},
    "left_out_reason.not_a_date": {"ja": "日付でない値", "en": "values that are not dates"},
    "left_out_reason.impossible_date": {"ja": "存在しない日付", "en": "dates that do not exist"},
    "left_out_reason.blank": {"ja": "必須項目の空欄", "en": "blank required cells"},
    "left_out_reason.not_a_number": {"ja": "数値でない金額", "en": "amounts that are not numbers"},
    "left_out_reason.negative": {"ja": "マイナスの値", "en": "negative values"},
    "left_out_reason.error_value": {"ja": "エラー値", "en": "error values"},
    "left_out_reason.other": {"ja": "読めない値", "en": "unreadable values"},
    # A 税込 amount column (validation.tax): how the amounts were read, and the labels' mark.
    "amount_tax_included": {
        "ja": "金額は税込として読みました(列「{column}」)。KGI・基準売上・着地見込み・目標もすべて税込です。会計の売上高(税抜)と比べると税の分だけ高く出ます",
        "en": "amounts read as tax-included (column '{column}'): the KGI, baseline, landing and targets are tax-included too, so they run higher than net sales in the books by the tax",
    },
    "label.tax_included": {"ja": "(税込)", "en": " (incl. tax)"},
    # The 税抜 column read beside a 税込 one (validation.tax.tax_mark; trial 52 M9).
    "label.tax_excluded": {"ja": "(税抜)", "en": " (net of tax)"},
    # … and the Plan's baseline note: the 税込 figure the manager's invoices add up to.
    "plan.baseline_gross": {
        "ja": "(税込なら約 {gross}、×1.10)",
        "en": " (including tax about {gross}, ×1.10)",
    },
    # 内税 lines netted to tax-excluded amounts (validation.tax.netted_check; trial 38 H5).
    # validation.returns: return lines marked by a kind column, their positive amounts negated.
    "returns_signed": {
        "ja": "列「{column}」で返品とみなした{lines}行({kinds}、金額 {yen})は金額が正のため、返品として売上から差し引きました(数量も負にしています)。返品の行が負の金額で出力される場合はそのまま読みます",
        "en": "the {lines} return lines by '{column}' ({kinds_en}; {yen}) had positive amounts: taken off revenue as returns (their quantities too). Return lines exported with negative amounts are read as they are",
    },
    "tax_netted_rate": {
        "ja": "税区分が内税(税込)の{lines}行(金額 {gross})は、各行の税率(列「{rate_column}」)で1+税率に割って税抜にしました(税 {tax} を除いています)。売上・基準売上・目標はすべて税抜です",
        "en": "the {lines} lines whose tax class is tax-included (amounts {gross}) were divided by 1 + each line's rate (column '{rate_column}') to tax-excluded amounts ({tax} of tax taken out): revenue, baseline and targets are all tax-excluded",
    },
    "tax_netted_standard": {
        "ja": "税区分が内税(税込)の{lines}行(金額 {gross})は、税率の列がないため標準税率{rate}として1.10で割って税抜にしました(税 {tax} を除いています)。軽減税率8%の行は少し低く出ます(税率の列があれば行ごとに割ります)。売上・基準売上・目標はすべて税抜です",
        "en": "the {lines} lines whose tax class is tax-included (amounts {gross}) were divided by 1.10 (the standard rate {rate}: no tax rate column) to tax-excluded amounts ({tax} of tax taken out); lines at the reduced 8% come out a little low (a tax rate column nets each line at its own rate). Revenue, baseline and targets are all tax-excluded",
    },
    "tax_netted_mixed": {
        "ja": "税区分が内税(税込)の{lines}行(金額 {gross})は、各行の税率(列「{rate_column}」)で1+税率に割って税抜にしました(税 {tax} を除いています)。税率が空欄の{standard}行は標準税率{rate}として1.10で割りました。売上・基準売上・目標はすべて税抜です",
        "en": "the {lines} lines whose tax class is tax-included (amounts {gross}) were divided by 1 + each line's rate (column '{rate_column}') to tax-excluded amounts ({tax} of tax taken out); the {standard} with no rate at 1.10 (the standard rate {rate}). Revenue, baseline and targets are all tax-excluded",
    },
    "setting_invalid": {
        "ja": "設定「{name}」の値が正しくありません: {problem}(既定値 {default} を使います)",
        "en": "setting '{name}' is invalid: {problem} (default {default} used)",
    },
    "setting_invalid_blank": {
        "ja": "設定「{name}」の値が正しくありません: {problem}(空欄として扱います)",
        "en": "setting '{name}' is invalid: {problem} (read as blank)",
    },
    "setting_missing_blank": {
        "ja": "設定「{name}」が見つかりません(空欄として扱います)",
        "en": "setting '{name}' not found (read as blank)",
    },
    "setting_missing": {
        "ja": "設定「{name}」が見つかりません(既定値 {default} を使います)",
        "en": "setting '{name}' not found (default {default} used)",
    },
    "out_of_range": {
        "ja": "{minimum}〜{maximum}の範囲で入力してください",
        "en": "must be between {minimum} and {maximum}",
    },
    "kgi_missing": {
        "ja": "KGI(シート「{sheet}」のセル {cell})が空欄か数値ではありません。まだ決めていなければ、仮に前年の売上などを入れて計算すると、計画シートに「これまでの伸びのまま進んだ場合の売上」「チームの好調な年並みの伸びで届くKGI」「到達可能な最大KGI」が出ます。それを見てKGIを決め、入力し直してください",
        "en": "the KGI (cell {cell} on sheet '{sheet}') is blank or not a number. Not decided yet? Type last year's revenue, say, for now: the Plan sheet then shows where your trends lead, the KGI a strong year of the team's reaches and the largest reachable KGI — decide from those and type it again",
    },
    "kgi_not_positive": {
        "ja": "KGI(シート「{sheet}」のセル {cell})は 0 より大きい金額を入力してください",
        "en": "the KGI (cell {cell} on sheet '{sheet}') must be an amount greater than 0",
    },
    "kgi_name_missing": {
        "ja": "名前付きセル KGI が見つかりません: 設定シートの KGI のセルに KGI という名前を付けてください",
        "en": "no cell is named KGI: give the KGI cell on the Settings sheet the name KGI",
    },
    "kgi_scale": {
        "ja": "KGI {kgi} が前年実績 {baseline} の{scale}です。単位を確認してください(円で入力: {hint_ja})",
        "en": "the KGI {kgi} is {scale} of last year's revenue {baseline}: check the unit (type yen: {hint_en})",
    },
    "no_history": {
        "ja": "受注履歴が1件もありません: 受注シートに実績を貼り付けてください",
        "en": "no order history: paste your orders into the Orders sheet",
    },
    "unknown_kpi": {"ja": "KPI「{value}」は存在しません", "en": "unknown KPI '{value}'"},
    "unknown_rep": {
        "ja": "担当者「{value}」は計画にいません",
        "en": "rep '{value}' is not in the plan",
    },
    "bad_period": {
        "ja": "期間は YYYY-MM か FY2026 の形で入力してください",
        "en": "period must look like YYYY-MM or FY2026",
    },
    "as_of_before_history": {
        "ja": "基準日 {as_of} が履歴の最初の日付 {first} より前です。設定「基準日」を確認してください",
        "en": "the as-of date {as_of} is before the history starts ({first}); check the AsOf setting",
    },
    "no_baseline_history": {
        "ja": "{plan} の基準期間({first}〜{last})に受注履歴がありません。設定「計画年度」「基準期間」を確認してください",
        "en": "no order history in the baseline months of {plan} ({first} – {last}); check PlanYear and BaselineMonths",
    },
    # --- Backtest (routekpi backtest) -----------------------------------------------------------
    "backtest_no_history": {
        "ja": "履歴(受注・訪問)がないためバックテストできません",
        "en": "no order or visit history to backtest",
    },
    "backtest_no_full_year": {
        "ja": "履歴({first}〜{last})に、前年の履歴がある完了済みの年度がありません。--year で年度を指定してください",
        "en": "the history ({first} – {last}) has no complete fiscal year with history before it; give one with --year",
    },
    "backtest_no_full_year.try": {
        "ja": "履歴({first}〜{last})には、前に1年分の履歴がある完了済みの年度がまだありません。{later} なら実績のある月で比べられます(--year {year}{planned})",
        "en": "the history ({first} – {last}) has no complete fiscal year with a year of history before it yet; {later} can be compared on its months so far (--year {year}{planned})",
    },
    "backtest_no_history_before": {
        "ja": "{plan} より前の履歴がありません(最初の日付 {first})。それ以降の年度を指定してください",
        "en": "no history before {plan} (it starts {first}); choose a later year",
    },
    "backtest_not_realised": {
        "ja": "{plan} の実績がまだありません(履歴の最終日 {last})。完了した月のある年度を指定してください",
        "en": "{plan} has no complete month of results yet (history ends {last}); choose an earlier year",
    },
    "backtest_planned_late": {
        "ja": "--planned-on {day} は {plan} の開始日 {start} より前の日付にしてください(計画はその年度が始まる前に立てるものです)",
        "en": "--planned-on {day} must be before {plan} starts ({start}): a plan is made before its year",
    },
    "backtest_verdict_closer": {
        "ja": "判定: routekpi の目標と実績の差は {ours}(担当者ごと、売上と各レバーの中央値)で、一律の伸び率({uniform})より {points} ポイント({share})小さい。前年並みは {no_change}",
        "en": "Verdict: routekpi's targets were {ours} off what happened (median over reps, revenue and levers), {points} points ({share}) closer than a uniform uplift ({uniform}); no change was {no_change}",
    },
    "backtest_verdict_further": {
        "ja": "判定: routekpi の目標と実績の差は {ours}(担当者ごと、売上と各レバーの中央値)で、一律の伸び率({uniform})より {points} ポイント({share})大きい(このデータでは一律の伸び率のほうが近い)。前年並みは {no_change}",
        "en": "Verdict: routekpi's targets were {ours} off what happened (median over reps, revenue and levers), {points} points ({share}) further than a uniform uplift ({uniform}): on this data the uniform uplift was closer; no change was {no_change}",
    },
    "backtest_verdict_tie": {
        "ja": "判定: routekpi の目標と実績の差は {ours}(担当者ごと、売上と各レバーの中央値)で、一律の伸び率({uniform})と同じ程度。前年並みは {no_change}",
        "en": "Verdict: routekpi's targets were {ours} off what happened (median over reps, revenue and levers), as close as a uniform uplift ({uniform}); no change was {no_change}",
    },
    "backtest_verdict_no_change_best": {
        "ja": "このデータでは前年並み({no_change})がどちらよりも近かった",
        "en": "On this data no change ({no_change}) was closer than both",
    },
    "backtest_verdict_pairs": {
        "ja": "担当者×KPI(売上と各レバー)の {n} 組のうち、routekpi のほうが近かったのは {ours} 組、一律の伸び率のほうが近かったのは {uniform} 組",
        "en": "Of {n} rep × KPI pairs (revenue and levers), routekpi was closer in {ours}, the uniform uplift in {uniform}",
    },
    "backtest_verdict_losses": {
        "ja": "一律の伸び率か前年並みのほうが近かった KPI: {kpis}",
        "en": "KPIs where the uniform uplift or no change was closer: {kpis}",
    },
    # A year planned from less than a year of history (backtest_job.SHORT_HISTORY): said
    # first, no verdict (trial 24 M8).
    "backtest_short_history": {
        "ja": "判定なし: {plan} の計画日 {day} より前の履歴は {first} からの{n}か月分しかなく、1年(12か月)に満たないため、この比較では目標の立て方の良し悪しを判断できません(下の数字は参考です)",
        "en": "No verdict: the history before {plan}'s planning day {day} holds {n} of the 12 months a year needs (it starts on {first}), too little to tell how well targets are set (the figures below are for reference only)",
    },
    "backtest_short_history.later": {
        "ja": "。前に1年分の履歴がある年度は {later} です(--year {year})",
        "en": "; {later} has a year of history before it (--year {year})",
    },
    "backtest_short_history.later.on": {
        "ja": "。{later} を年度開始の前日 {on} に計画したことにすれば、前に1年分の履歴があります(--year {year} --planned-on {on})",
        "en": "; planned on {on}, the eve of the year, {later} has a year of history before it (--year {year} --planned-on {on})",
    },
    "backtest_short_history.pooled": {
        "ja": "判定なし: {years} は計画日より前の履歴が1年に満たないため、合算の判定もしていません",
        "en": "No verdict: {years} had less than a year of history before the planning day, so none for the years together either",
    },
    "backtest_partial": {
        "ja": "年度途中のため、実績のある{months}か月のみで比較しています(KGI = 実績 ÷ その期間の季節構成比 {share})",
        "en": "partial year: compared over the {months} complete months only (KGI = realised ÷ their seasonal share {share})",
    },
    "backtest_ends_early": {
        "ja": "受注は {last} までですが、基準日は {as_of} です。{month} の営業日 {missing} に受注がありません(ふだんは営業日の {share} に受注があります)。{month} は途中までの月なので実績の比較には入れず、比較は {used} までの確定月です。休業日だった場合は Holidays シートに入れてください",
        "en": "the orders end on {last} but the as-of date is {as_of}: {month} has no orders on its working day(s) {missing} (orders came on {share} of working days before). {month} is a partial month and is not compared: the months compared end with {used}; if you were closed on those days, enter them on the Holidays sheet",
    },
    "backtest.title": {"ja": "バックテスト", "en": "Backtest"},
    "backtest.plan_as_of": {"ja": "計画時点", "en": "Planned as of"},
    "backtest.months": {"ja": "比較した月", "en": "Months compared"},
    "backtest.kgi": {"ja": "KGI(実績から)", "en": "KGI (from the results)"},
    "backtest.realised": {"ja": "実績売上(比較期間)", "en": "Realised revenue (months compared)"},
    "backtest.baseline": {"ja": "基準売上", "en": "Baseline revenue"},
    "backtest.pooled": {"ja": "全体(売上+レバー)", "en": "Pooled (revenue + levers)"},
    "backtest.col.kpi": {"ja": "KPI", "en": "KPI"},
    "backtest.col.rep": {"ja": "担当者", "en": "Rep"},
    "backtest.col.n": {"ja": "件数", "en": "n"},
    "backtest.col.realised": {"ja": "実績", "en": "Realised"},
    "backtest.col.excluded": {
        "ja": "除外(実績0 / 目標なし)",
        "en": "Excluded (realised 0 / no target)",
    },
    "backtest.method.routekpi": {"ja": "routekpi目標", "en": "routekpi target"},
    "backtest.method.uniform": {"ja": "一律伸長", "en": "Uniform uplift"},
    "backtest.method.no_change": {"ja": "前年並み", "en": "No change"},
    "backtest.ape.routekpi": {"ja": "誤差 routekpi", "en": "APE routekpi"},
    "backtest.ape.uniform": {"ja": "誤差 一律伸長", "en": "APE uniform"},
    "backtest.ape.no_change": {"ja": "誤差 前年並み", "en": "APE no change"},
    "backtest.mdape.routekpi": {"ja": "誤差中央値 routekpi", "en": "MdAPE routekpi"},
    "backtest.mdape.uniform": {"ja": "誤差中央値 一律伸長", "en": "MdAPE uniform"},
    "backtest.mdape.no_change": {"ja": "誤差中央値 前年並み", "en": "MdAPE no change"},
    "backtest.within.routekpi": {"ja": "±10%以内 routekpi", "en": "Within ±10% routekpi"},
    "backtest.within.uniform": {"ja": "±10%以内 一律伸長", "en": "Within ±10% uniform"},
    "backtest.within.no_change": {"ja": "±10%以内 前年並み", "en": "Within ±10% no change"},
    "backtest_unplanned_reps": {
        "ja": "基準期間に売上がなく目標のない担当者の実績も KGI に含まれています: {reps}(実績売上の {share})",
        "en": "reps with no baseline (so no target) sold in the year; their revenue is in the KGI: {reps} ({share} of it)",
    },
    "backtest_reps_left": {
        "ja": "年度の途中で退職・異動した担当者は、担当していた月の実績で採点しています(引き継いだ担当者は引き継ぎ後の月から): {reps}",
        "en": "reps who left during the year are scored on the months they held their accounts (those who took them over, from the handover): {reps}",
    },
    # The planning day of a backtest and why (console and Backtest sheet).
    "backtest.basis.eve": {
        "ja": "計画日は {day}({plan} 開始の前日、{known})。このブックの基準日 {as_of} はすでに計画年度 {book_plan} に入っているため、年度開始の直前に計画したものとして再現しています",
        "en": "Planned on {day}, the day before {plan} starts ({known}). This book's as-of date {as_of} is already inside its plan year {book_plan}, so the plan is replayed at the last moment before the year",
    },
    "backtest.basis.eve_far": {
        "ja": "計画日は {day}({plan} 開始の前日、{known})。このブックの基準日 {as_of} は計画年度 {book_plan} の開始より1年以上前のため、計画時点としてはまねず、年度開始の直前に計画したものとして再現しています(設定「計画年度」を確認してください)",
        "en": "Planned on {day}, the day before {plan} starts ({known}). This book's as-of date {as_of} is more than a year before its plan year {book_plan} starts, so it is not taken as the planning moment (check the PlanYear setting)",
    },
    "backtest.basis.eve_plain": {
        "ja": "計画日は {day}({plan} 開始の前日、{known})",
        "en": "Planned on {day}, the day before {plan} starts ({known})",
    },
    "backtest.basis.book": {
        "ja": "計画日は {day}。このブックは {book_plan} を年度開始前の {as_of} に計画しているため、{plan} も{years}前の同じ時期に計画したものとして再現しています({known}。このブックの今と同じです)",
        "en": "Planned on {day}: this book plans {book_plan} on {as_of}, before the year starts, so {plan} is planned at the same point, {years} earlier ({known}, as for this book now)",
    },
    "backtest.basis.given": {
        "ja": "計画日は {day}(--planned-on で指定、{known})",
        "en": "Planned on {day}, the day given with --planned-on ({known})",
    },
    "backtest.known.not_in": {
        "ja": "{prev} の最後の{months}は実績未確定",
        "en": "the last {months} of {prev} not yet in",
    },
    "backtest.known.all_in": {"ja": "{prev} の実績はすべて確定", "en": "all of {prev} known"},
    "backtest.n_months.one": {"ja": "1か月", "en": "1 month"},
    "backtest.n_months.many": {"ja": "{n}か月", "en": "{n} months"},
    "backtest.n_years.one": {"ja": "1年", "en": "1 year"},
    "backtest.n_years.many": {"ja": "{n}年", "en": "{n} years"},
    "backtest_moment_before_history": {
        "ja": "このブックの基準日 {as_of} を {plan} に移した計画日 {day} は、履歴の始まり({first})より前です。--year でもっと後の年度を選ぶか、--planned-on で計画日を指定してください",
        "en": "this book's as-of date {as_of} moved back to {plan} is {day}, before the history starts ({first}); choose a later year with --year or give the day with --planned-on",
    },
    "backtest_moment_before_history.try": {
        "ja": "このブックの基準日 {as_of} を {plan} に移した計画日 {day} は、履歴の始まり({first})より前です。前に1年分の履歴があるのは {later} です(--year {year}{planned})",
        "en": "this book's as-of date {as_of} moved back to {plan} is {day}, before the history starts ({first}); {later} has a year of history before it (--year {year}{planned})",
    },
    "backtest.legend": {
        "ja": "読み方: 計画日より前の履歴から立てた担当者ごとの目標を、その年度の実績と比べています。誤差 = |目標 − 実績| ÷ 実績(小さいほど近い)。routekpi = このツールの目標、一律伸長 = KGI に届くよう全担当者・全レバーを同じ率で伸ばした目標、前年並み = 基準値(前年実績)のまま。KGI はその年度の実績売上です",
        "en": "How to read: each rep's targets, made from the history before the planning day, against what the rep did that year. Error = |target − realised| ÷ realised (lower is closer). routekpi = this tool's targets; uniform uplift = every rep and lever raised by the same rate to reach the KGI; no change = the baseline (last year's values). The KGI is the year's realised revenue",
    },
    "backtest.scoring": {
        "ja": "比べ方: どの方法の目標も、比較した月について実績と同じ計り方で集計しています(件数・金額は月の合計、稼働顧客数は月の平均、比率は分子の合計 ÷ 分母の合計。例: 取引単価 = 売上 ÷ 受注件数)",
        "en": "Basis: every method's targets are totalled over the months compared as the results are (counts and yen summed, active accounts as the monthly average, ratios as the sum of the numerator ÷ the sum of the denominator, e.g. unit price = revenue ÷ orders)",
    },
    "backtest.group.mdape": {"ja": "誤差の中央値", "en": "Median error"},
    "backtest.group.within": {"ja": "±10%以内の割合", "en": "Within ±10%"},
    "backtest.group.target": {"ja": "目標", "en": "Target"},
    "backtest.group.error": {"ja": "誤差", "en": "Error"},
    "backtest.short.routekpi": {"ja": "routekpi", "en": "routekpi"},
    "backtest.short.uniform": {"ja": "一律伸長", "en": "Uniform uplift"},
    "backtest.short.no_change": {"ja": "前年並み", "en": "No change"},
    "backtest.col.excluded_short": {"ja": "除外 実績0/目標なし", "en": "Excluded: 0 / no target"},
    "backtest.months_span": {
        "ja": "{first} – {last}({months})",
        "en": "{first} – {last} ({months})",
    },
    "backtest.partial_span": {
        "ja": "{first} – {last}({months}、年度途中)",
        "en": "{first} – {last} ({months}, partial year)",
    },
    "backtest.heading": {"ja": "{path} — バックテスト {plan}", "en": "{path} — Backtest {plan}"},
    "backtest.heading_pooled": {
        "ja": "{path} — {n}年度の合算({years})",
        "en": "{path} — all {n} years together ({years})",
    },
    "backtest.written": {"ja": "シート「{tab}」に書き込みました", "en": "written to sheet {tab}"},
    "backtest.single_year": {
        "ja": "{option} は --year を1つだけ指定したときに使えます",
        "en": "{option} takes a single --year",
    },
    # --- Engine notes -------------------------------------------------------------------------
    "override_unplanned": {
        "ja": "Overrides の行(KPI {kpi}、担当者 {rep}、期間 {period})は、この計画にない目標のため使っていません(訪問履歴がないと訪問・商談のKPIは計画しません)",
        "en": "the Overrides row (KPI {kpi}, rep {rep}, period {period}) matches no target of this plan and is not used (without visits, visit and pipeline KPIs are not planned)",
    },
    "override_period_unplanned": {
        "ja": "Overrides の行(KPI {kpi}、担当者 {rep}、期間 {period})は使っていません: 期間「{period}」はこの計画の期間ではありません。計画年度は {year}({first}〜{last})で、月は {first} の形で入力してください",
        "en": "the Overrides row (KPI {kpi}, rep {rep}, period {period}) is not used: '{period}' is not a period of this plan. The plan year is {year} ({first} – {last}); type a month as {first}",
    },
    "override_period_key": {
        "ja": "Overrides の期間「{typed}」は計画年度として読みました。このブックでの呼び方は {name}({first}〜{last})です",
        "en": "Overrides period '{typed}' is read as the plan year, which this workbook names {name} ({first} – {last})",
    },
    "override_rep_unplanned": {
        "ja": "Overrides の行(KPI {kpi}、担当者 {rep}、期間 {period})は使っていません: 担当者「{rep}」にはこの計画の目標がありません(名前の表記が目標シートと違うか、基準期間に受注も訪問もない担当者です)",
        "en": "the Overrides row (KPI {kpi}, rep {rep}, period {period}) is not used: rep '{rep}' has no target in this plan (spelled differently from the Targets sheet, or no order or visit in the baseline)",
    },
    "override_kpi_unplanned": {
        "ja": "Overrides の行(KPI {kpi}、担当者 {rep}、期間 {period})は使っていません: この計画には {kpi} の目標がありません(目標シートにある KPI を入力してください)",
        "en": "the Overrides row (KPI {kpi}, rep {rep}, period {period}) is not used: this plan has no {kpi} target (type a KPI that is on the Targets sheet)",
    },
    "override_rep_kpi_unplanned": {
        "ja": "Overrides の行(KPI {kpi}、担当者 {rep}、期間 {period})は使っていません: {rep} さんにはこの計画で {kpi} の目標がありません(基準期間にその実績がない担当者には立てません。計画シートの {rep} さんの行を参照)",
        "en": "the Overrides row (KPI {kpi}, rep {rep}, period {period}) is not used: {rep} has no {kpi} target in this plan (none is set without a record of it in the baseline; see {rep}'s row on the Plan)",
    },
    "override_months_miss_year": {
        "ja": "Overrides: {rep} の {kpi} は年度 {period} の目標 {year} に対し、入力された月の目標だけで {months} になり、月の合計が年度と合いません。年度か月の上書きを直してください",
        "en": "Overrides: {rep}'s {kpi} for {period} is {year}, but the months typed add up to {months} on their own, so the months do not add up to the year; correct the year or the months",
    },
    "override_team_off_kgi": {
        "ja": "Overrides: 担当者の売上目標の上書きにより、チームの売上目標は担当者の合計 {team} になり、KGI {kgi} と {gap} 違います",
        "en": "Overrides: with the reps' revenue targets typed, the team's revenue target is their sum, {team}, {gap} away from the KGI {kgi}",
    },
    "short_baseline": {
        "ja": "基準期間の履歴が{months}か月分しかありません(希望 {wanted} か月)",
        "en": "only {months} of {wanted} baseline months are in the history",
    },
    "history_ends_early": {
        "ja": "受注は {last} までですが、基準日は {as_of} です。{month} の営業日 {missing} に受注がありません(ふだんは営業日の {share} に受注があります)。{month} は途中までの月なので1か月分には数えず、基準期間は {used} までの確定月です({month} 以降は見込みで延長します)。休業日だった場合は Holidays シートに入れてください",
        "en": "the orders end on {last} but the as-of date is {as_of}: {month} has no orders on its working day(s) {missing} (orders came on {share} of working days before). {month} is not counted as a whole month: the baseline's complete months end with {used} (carried forward from there); if you were closed on those days, enter them on the Holidays sheet",
    },
    "baseline_part_year": {
        "ja": "前年実績(基準値)は{months}か月分の実績を12か月分に換算した値です(月平均 × 12。1年分の実績ではないため、季節の偏りは反映されません。基準期間は12か月、計画年度の前に12か月の履歴が必要です)",
        "en": "the baseline (last year) is {months} months of history scaled to 12 (monthly average × 12), not a year's actuals: its seasonal mix is not a year's (the baseline needs 12 months of history before the plan year)",
    },
    "baseline_multi_year": {
        "ja": "前年実績(基準値)は{months}か月分の実績を12か月分に換算した値です(月平均 × 12。直近1年の実績ではありません。設定「基準期間(月)」を12にしてください)",
        "en": "the baseline (last year) is {months} months of history scaled to 12 (monthly average × 12), not the last year's actuals (set BaselineMonths to 12)",
    },
    # --- Appointment attempts without outcomes (core.meetings.unrecorded_attempts) ---------
    "appointments_unrecorded": {
        "ja": "訪問記録にアポ打診が {attempts}件ありますが、結果の列にアポ獲得(獲得・成約・成功など)にあたる値が1件もありません(列がない、空欄、または継続・見送りのような獲得以外の値だけです)。アポ獲得率は測れないため、その目標は置かず、アポ打診の目標は担当者ごとに前年の件数のままです。アポ獲得率を使うには、訪問記録の「結果」列に獲得・不成立を入れてください",
        "en": "the visit log has {attempts} appointment attempts but no outcome meaning an appointment won (won, closed, success …): no outcome column, a blank one, or only other values such as open or declined. The appointment rate cannot be measured, so it has no target and each rep's attempts target stays at last year's. To use the rate, fill the visit log's outcome column (won / lost)",
    },
    # --- Visit records that begin after the orders (fix22a: core.levers.visits_start) ------
    "visits_start_late": {
        "ja": "訪問の記録は {first} から(受注は {orders} から)です。それより前の月は訪問がなかった月ではないため、訪問の指標(訪問頻度・訪問あたり受注数)の前年比・傾向・ばらつき・上限には {from} 以降の記録だけを使っています",
        "en": "visit records start in {first} (orders in {orders}). The months before are not months without visits: the visit KPIs' (visit frequency, orders per visit) year-on-year changes, trends, spread and ceilings use only the records from {from} on",
    },
    "visits_start_in_baseline": {
        "ja": "訪問の記録は {first} から(受注は {orders} から)で、基準期間 {base_first}〜{base_last} の全部の月にはそろっていません。訪問の指標を1年分の受注と比べられないため、訪問を使わない式(売上 = 稼働顧客数 × 顧客あたり受注数 × 取引単価)で計画しました。{from} から12か月分の記録がそろえば、訪問レバーで計画します",
        "en": "visit records start in {first} (orders in {orders}) and do not cover every month of the baseline {base_first} – {base_last}. Visit KPIs cannot be set against a year of orders, so the plan uses the tree without visits (revenue = active accounts × orders per account × unit price); once 12 months of records from {from} are in the baseline, it plans on the visit levers",
    },
    # --- Order records that begin after the visits (fix23a: core.orders_start) ------------
    "orders_start_late": {
        "ja": "受注は {orders} から、訪問は {visits} から: {from} より前の訪問記録は計画に使いません(受注のない月は売上がなかった月ではないため、伸び・傾向・ばらつき・上限・着地見込み・季節性はすべて {from} 以降で計算しています)",
        "en": "orders start in {orders}, visits in {visits}: the visit records before {from} are not used in the plan (months without order records are not months without sales: growth, trends, spread, ceilings, the landing and the seasonality all use {from} on)",
    },
    "orders_start_partial": {
        "ja": "受注は {orders} から、訪問は {visits} から: {from} より前の記録は計画に使いません({orders} の受注は月の途中からで1か月分に足りないため、この月も使いません)",
        "en": "orders start in {orders}, visits in {visits}: the records before {from} are not used in the plan ({orders} holds orders from mid-month only, not a whole month, and is left out too)",
    },
    "no_visits": {
        "ja": "訪問履歴がないため、訪問頻度・訪問あたり受注数と商談・アポのKPIは算出できません(売上 = 稼働顧客数 × 顧客あたり受注数 × 取引単価 で計画します)",
        "en": "no visit history: visit and pipeline KPIs (meetings, appointments) are unavailable (revenue = active accounts × orders per account × unit price)",
    },
    "reps_without_baseline": {
        "ja": "基準期間に売上がない担当者は配分対象外です: {reps}",
        "en": "reps without baseline revenue get no share: {reps}",
    },
    "reps_departed": {
        "ja": "退職・異動とみなした担当者(最後の受注・訪問から{days}日以上記録なし): {reps}。担当していた顧客 {moved} 件は、過去の実績ごと今の担当者(担当者 件数: {to})に移して基準・傾向を計算し、この担当者には目標を配分しません",
        "en": "reps taken as gone (no order or visit for {days} days or more): {reps}. Their {moved} accounts moved, with their whole history, to the reps who hold them now (rep, accounts: {to}) for baselines and trends; no target goes to a departed rep",
    },
    # The accounts nobody holds now, named (trial 30 M3): 「T10576 本町弁当91号 (小林 誠)」, on the
    # Checks row with its Accounts row (pipeline.orphan_checks).
    "reps_departed_orphans": {
        "ja": "退職・異動とみなした担当者(最後の受注・訪問から{days}日以上記録なし): {reps}。担当していた顧客 {moved} 件は、過去の実績ごと今の担当者(担当者 件数: {to})に移して基準・傾向を計算し、この担当者には目標を配分しません。今の担当者が分からない顧客 {orphans} 件({names})はチームの基準にだけ含まれ、どの担当者の目標にも入りません(取引が続いているなら顧客シートで担当者を、閉店・解約済みなら解約日を入力してください)",
        "en": "reps taken as gone (no order or visit for {days} days or more): {reps}. Their {moved} accounts moved, with their whole history, to the reps who hold them now (rep, accounts: {to}) for baselines and trends; no target goes to a departed rep. {orphans} of their accounts have no current rep ({names}): they count in the team's baseline but in no rep's target (set their rep on the Accounts sheet where they still trade, their end date where they have closed)",
    },
    "reps_departed_orphans_more": {
        "ja": "退職・異動とみなした担当者(最後の受注・訪問から{days}日以上記録なし): {reps}。担当していた顧客 {moved} 件は、過去の実績ごと今の担当者(担当者 件数: {to})に移して基準・傾向を計算し、この担当者には目標を配分しません。今の担当者が分からない顧客 {orphans} 件({names}、ほか {more} 件)はチームの基準にだけ含まれ、どの担当者の目標にも入りません(取引が続いているなら顧客シートで担当者を、閉店・解約済みなら解約日を入力してください)",
        "en": "reps taken as gone (no order or visit for {days} days or more): {reps}. Their {moved} accounts moved, with their whole history, to the reps who hold them now (rep, accounts: {to}) for baselines and trends; no target goes to a departed rep. {orphans} of their accounts have no current rep ({names}, and {more} more): they count in the team's baseline but in no rep's target (set their rep on the Accounts sheet where they still trade, their end date where they have closed)",
    },
    # The same when some of them stopped ordering past the lapse rule's day (trial 33 M5: all
    # four, 2025-07 … 2026-07): their end date rather than a rep (pipeline.orphan_checks).
    "reps_departed_orphans_stopped": {
        "ja": "退職・異動とみなした担当者(最後の受注・訪問から{days}日以上記録なし): {reps}。担当していた顧客 {moved} 件は、過去の実績ごと今の担当者(担当者 件数: {to})に移して基準・傾向を計算し、この担当者には目標を配分しません。今の担当者が分からない顧客 {orphans} 件({names})はチームの基準にだけ含まれ、どの担当者の目標にも入りません。{stopped}: 閉店・解約済みなら顧客シートの解約日を入力してください(取引が続いている顧客には担当者を設定してください)",
        "en": "reps taken as gone (no order or visit for {days} days or more): {reps}. Their {moved} accounts moved, with their whole history, to the reps who hold them now (rep, accounts: {to}) for baselines and trends; no target goes to a departed rep. {orphans} of their accounts have no current rep ({names}): they count in the team's baseline but in no rep's target. {stopped}: where they have closed, type their end date (column End date) on the Accounts sheet (set a rep for any that still trade)",
    },
    "reps_departed_orphans_stopped_more": {
        "ja": "退職・異動とみなした担当者(最後の受注・訪問から{days}日以上記録なし): {reps}。担当していた顧客 {moved} 件は、過去の実績ごと今の担当者(担当者 件数: {to})に移して基準・傾向を計算し、この担当者には目標を配分しません。今の担当者が分からない顧客 {orphans} 件({names}、ほか {more} 件)はチームの基準にだけ含まれ、どの担当者の目標にも入りません。{stopped}: 閉店・解約済みなら顧客シートの解約日を入力してください(取引が続いている顧客には担当者を設定してください)",
        "en": "reps taken as gone (no order or visit for {days} days or more): {reps}. Their {moved} accounts moved, with their whole history, to the reps who hold them now (rep, accounts: {to}) for baselines and trends; no target goes to a departed rep. {orphans} of their accounts have no current rep ({names}, and {more} more): they count in the team's baseline but in no rep's target. {stopped}: where they have closed, type their end date (column End date) on the Accounts sheet (set a rep for any that still trade)",
    },
    # The Accounts row after each account nobody holds, on the Checks row (pipeline).
    "orphans_stopped_all": {
        "ja": "いずれも最終受注の後、取引終了とみなす日数(通常の注文間隔の6倍・最長の空白の2倍、60〜180日)を過ぎても注文がありません",
        "en": "all of them have gone without an order past the day the lapse rule counts a customer lost (six usual gaps between orders and twice its longest silence, 60 – 180 days)",
    },
    "orphans_stopped_some": {
        "ja": "うち {n} 件({accounts})は最終受注の後、取引終了とみなす日数(通常の注文間隔の6倍・最長の空白の2倍、60〜180日)を過ぎても注文がありません",
        "en": "{n} of them ({accounts}) have gone without an order past the day the lapse rule counts a customer lost (six usual gaps between orders and twice its longest silence, 60 – 180 days)",
    },
    "orphans_more": {"ja": " ほか {more} 件", "en": " and {more} more"},
    "orphan_last_order": {"ja": "最終受注 {day}", "en": "last order {day}"},
    "orphan_no_order": {"ja": "受注記録なし", "en": "no order on record"},
    # The Accounts row after each account nobody holds, on the Checks row (pipeline).
    "orphan_row": {"ja": "顧客シート {row}行", "en": "Accounts row {row}"},
    "accounts_transferred": {
        "ja": "担当替え: 顧客 {accounts} 件が今は別の担当者の担当です(引き継いだ担当者 ← 渡した担当者 件数: {moves})。前年までの実績は顧客ごと今の担当者に付け替えて、基準・傾向・目標を計算しました",
        "en": "accounts that changed hands: {accounts} accounts are held by another rep now (holder ← previous rep, accounts: {moves}). Their history moved with them to the rep who holds them now for baselines, trends and targets",
    },
    "accounts_transferred_in_year": {
        "ja": "{plan} の年度中の担当替え: 顧客 {accounts} 件を、年度初めには記録のなかった担当者が引き継いでいます(引き継いだ担当者 ← 年度初めの担当者 件数: {moves}。引き継ぎ後の最初の記録: {since})。{plan} の目標は年度初めの担当者に配分したままで、引き継ぎ後の実績は引き継いだ担当者に付きます(渡した担当者の達成率は、その分低く見えます。達成状況・振り返りシートに、渡した顧客を除いた達成率を表示します)",
        "en": "accounts that changed hands during {plan}: {accounts} accounts are held by reps with no record at the year's start (holder ← rep at the year's start, accounts: {moves}; first record after the handover: {since}). {plan}'s targets stay with the reps who held them at the start; sales after the handover count for the new holder (the previous reps' attainment reads that much lower; the Attainment and Review sheets show it without the handed-over accounts too)",
    },
    # fix22b: a rep whose every account the Accounts sheet gives to colleagues (core.handover
    # Handover.released; trial 22: a rep retiring before the plan year).
    "reps_book_handed_over": {
        "ja": "担当顧客をすべて他の担当者に渡した担当者: {reps}。顧客マスタで取引中の担当顧客がないため、{plan} の目標(売上・商談・アポを含む)は配分しません。渡した顧客の過去の実績は引き継いだ担当者の基準に入れています",
        "en": "reps who handed every account over: {reps}. With no open account on the Accounts sheet they get no {plan} target (revenue, meetings and attempts included); the accounts' history counts in the baselines of the reps who took them over",
    },
    # keys23: the rep code decides a row's rep where a code column is read beside the name
    # (validation.reps.key_by_code; trial 22: accounts reassigned by 担当者コード only moved
    # nothing). A master whose code and name disagree on a row (validation.reps.code_name_check).
    "rep_code_name_mismatch": {
        "ja": "列「{code_column}」と「{name_column}」が食い違う行が {count} 行あります({rows} 行目)。たとえば担当者コード {code} はほかの行では「{usual}」ですが、{row} 行目は「{name}」です。担当者はコードで決めるため、この行は「{usual}」の担当として数えます。名前のほうが正しければ「{code_column}」を直してください",
        "en": "{count} rows where '{code_column}' and '{name_column}' disagree (rows {rows}). For example rep code {code} is '{usual}' on other rows but '{name}' on row {row}. Reps are decided by the code, so the row counts for '{usual}': if the name is right, correct '{code_column}'",
    },
    # fix24b: a row giving a name only (no code) is the rep of the one code that name is
    # given under on the coded rows (validation.reps.name_aliases).
    "rep_name_by_code": {
        "ja": "担当者コードのない行({count:,}行)の担当者名のうち、コードのある行では1つのコードの下にしか出てこない名前は、そのコードの担当者として数えます: {names_ja}。別の人であれば、その行に担当者コードを入れるか、Reps シートにその名前を載せてください",
        "en": "of the rows with a rep name but no rep code ({count:,} rows), a name given under one rep code only on the coded rows counts for that code's rep: {names_en}. If it is another person, give those rows a rep code or list the name on the Reps sheet",
    },
    "rep_keyed_by_code": {
        "ja": "担当者は列「{code}」(コード)で見分けます。表示名は、そのコードの行で最も多い「{name}」の書き方です(名前のないコードはコードのまま表示します)",
        "en": "reps are told apart by column '{code}' (the code); each is shown by the '{name}' most of that code's rows give (a code with no name is shown as the code)",
    },
    "wins_without_meetings": {
        "ja": "基準期間に新規顧客が商談より多い担当者がいます({detail_ja}): 商談を経ない新規(開業時の取引開始など)が多く、商談成約率は参考値です(100%を上限としました)",
        "en": "more new accounts than meetings in the baseline ({detail_en}): many accounts start without a logged meeting (e.g. ordering when they open), so the meeting win rate is indicative only (capped at 100%)",
    },
    "reps_without_visits": {
        "ja": "基準期間に売上があるのに訪問の記録がない担当者は、訪問を使わない式(売上 = 稼働顧客数 × 顧客あたり受注数 × 取引単価)で目標を出しました。訪問数の目標は0です: {reps}(訪問を記録すれば、次の再計算から訪問レバーで計画します)",
        "en": "reps with baseline revenue but no visits logged are planned without visits (revenue = active accounts × orders per account × unit price); their visit target is 0: {reps} (log their visits and the next recalculation plans them on the visit levers)",
    },
    "baseline_trailing": {
        "ja": "{plan} の前年度がまだ締まっていないため、直近{months}か月の確定月({first}〜{last})を基準とし、期首までの{gap}か月は傾向と顧客の増減(解約率・新規獲得ペース)で延長しました",
        "en": "the year before {plan} has not closed: the baseline is the last {months} complete months ({first} – {last}), carried over the {gap} months to the plan year's start by the trends and account flows (churn, acquisition pace)",
    },
    # A one-off unit-price step (core.levers.price_step): carried as a level, not a trend.
    "price_step": {
        "ja": "{kpi}は{month}に一度{size}変わりました。一度きりの単価の段差(価格改定・補助金や保険の変更など)とみなし、新しい水準を計画年度に引き継ぎますが、毎年の伸びとしては繰り返しません。基準期間{months}か月のうち改定前は{old}か月で、その分の{carry}と、改定を除いた{kpi}の動きを合わせて、{kpi}の傾向は{trend}です(改定を分けずに過去1年ごとの伸びから読めば{replaced})",
        "en": "{kpi} changed once, by {size} in {month}: it is taken as a one-off step in price (a price revision, a subsidy or reimbursement change), its new level carried into the plan year but not repeated as a yearly rise. {old} of the baseline's {months} months were before it, which adds {carry}; with the price's movement apart from it, the trend of {kpi} is {trend} ({replaced} read from the past years' changes with the revision left in)",
    },
    # The same step where the orders carry a quantity: the price per unit's own step at that
    # month beside it, the size a list-price change has (render.note_text; trial 30 L4).
    "price_step_orders": {
        "ja": "{kpi}(1受注あたりの金額)は{month}に一度{size}変わりました(数量あたりの価格では{unit}、残りは1受注あたりの数量の変化)。一度きりの単価の段差(価格改定・補助金や保険の変更など)とみなし、新しい水準を計画年度に引き継ぎますが、毎年の伸びとしては繰り返しません。基準期間{months}か月のうち改定前は{old}か月で、その分の{carry}と、改定を除いた{kpi}の動きを合わせて、{kpi}の傾向は{trend}です(改定を分けずに過去1年ごとの伸びから読めば{replaced})",
        "en": "{kpi} (revenue per order) changed once, by {size} in {month} (the price per unit by {unit}; the rest is the quantity per order): it is taken as a one-off step in price (a price revision, a subsidy or reimbursement change), its new level carried into the plan year but not repeated as a yearly rise. {old} of the baseline's {months} months were before it, which adds {carry}; with the price's movement apart from it, the trend of {kpi} is {trend} ({replaced} read from the past years' changes with the revision left in)",
    },
    # price27: a step found in the price per unit (core.levers.unit_step): amount ÷ quantity
    # stepped once; the rest of revenue per order's movement is the size of the orders.
    "price_step_units": {
        "ja": "価格(金額÷数量)は{month}に一度{size}変わりました。一度きりの価格改定として新しい価格を計画年度に引き継ぎますが、毎年の伸びとしては繰り返しません。基準期間{months}か月のうち改定前は{old}か月で、その分が{carry}です。{kpi}のそれ以外の動き(年 {rest})は、主に注文の大きさ(1受注あたりの数量)の変化です。{kpi}の傾向は{trend}です(改定を分けずに過去1年ごとの伸びから読めば{replaced})",
        "en": "prices (amount ÷ quantity) changed once, by {size} in {month}: a one-off price revision, its new prices carried into the plan year but not repeated as a yearly rise. {old} of the baseline's {months} months were before it, which adds {carry}. The rest of the movement of {kpi} ({rest} a year) is mostly the size of the orders (quantity per order). The trend of {kpi} is {trend} ({replaced} read from the past years' changes with the revision left in)",
    },
    # --- A price revision declared on Settings (core.price_revision, price26) ----------------
    # In the history: carried as a found step is (core.levers.as_level).
    "price_revision_past": {
        "ja": "価格改定 {month} {size}(設定より): 基準期間{months}か月のうち改定前の{old}か月を新しい価格に揃え({carry})、{kpi}の目標に含めました。毎年の伸びとしては繰り返しません",
        "en": "price revision of {size} in {month} (from Settings): the {old} of the baseline's {months} months before it are brought to the new prices ({carry}) in the {kpi} target; it is not repeated as a yearly rise",
    },
    # Planned (after the history, up to the plan year's end).
    "price_revision_planned": {
        "ja": "価格改定 {month} {size}(設定より、予定): {from}〜{last}の{kpi}目標に含めました。年間の{kpi}は{carry}上がり、その分の売上をKGIに充ててから残りを各レバーに割り振りました",
        "en": "planned price revision of {size} from {month} (from Settings): the {kpi} targets for {from} – {last} carry it; it lifts the year's {kpi} by {carry}, and that revenue counts toward the KGI before the other levers are asked for the rest",
    },
    # Planned for a month the data already reach (a running plan year): in effect, and what the
    # complete months show so far (levers.step_at), or that they cannot show it yet.
    "price_revision_running": {
        "ja": "価格改定 {month} {size}(設定より、{month}から実施): {from}〜{last}の{kpi}目標に含め、年間の{kpi}は{carry}上がる計画です。{seen}までの実績では、{measure}は{month}に{measured}変わっています(他の年の同じ月と比べて)",
        "en": "price revision of {size} from {month} (from Settings, in effect): the {kpi} targets for {from} – {last} carry it, lifting the year's {kpi} by {carry}. The actuals to {seen} show {measure} changing by {measured} in {month} (against the same months of other years)",
    },
    "price_revision_running_unread": {
        "ja": "価格改定 {month} {size}(設定より、{month}から実施): {from}〜{last}の{kpi}目標に含め、年間の{kpi}は{carry}上がる計画です。{seen}までの実績は、改定の前後を他の年の同じ月と比べるにはまだ短く、幅は読めません",
        "en": "price revision of {size} from {month} (from Settings, in effect): the {kpi} targets for {from} – {last} carry it, lifting the year's {kpi} by {carry}. The actuals to {seen} are too short around it to read its size against the same months of other years yet",
    },
    # What a declared revision's size is read in (``measure_key``): revenue per order, or the
    # price per unit where every month's orders carry a quantity (levers.quantity_covers).
    "price_measure_orders": {"ja": "取引単価", "en": "the unit price"},
    "price_measure_units": {
        "ja": "価格(金額÷数量)",
        "en": "the price per unit (amount ÷ quantity)",
    },
    # Checks rows at the Settings cells (validation.price_revision).
    "price_revision_outside": {
        "ja": "価格改定の月 {month} は、履歴の2か月目({first})から計画年度の最終月({last})までの間にないため、使っていません。月を確認してください",
        "en": "the price revision month {month} is not between the history's second month ({first}) and the plan year's last month ({last}): not used; check the month",
    },
    "price_revision_differs": {
        "ja": "設定の価格改定({month} {size})に対し、履歴の{measure}は{month}に{measured}変わっています(他の年の同じ月と比べて)。設定の幅で計画しました。月と幅を確認してください",
        "en": "the price revision set ({size} in {month}) is not what the history shows: {measure} changed by {measured} in {month} (against the same months of other years); planned with the size set; check the month and the size",
    },
    # The order lines' prices per unit around the declared month, rank by rank
    # (core.price_revision.per_unit_change, trial 29 M3).
    "price_revision_differs_units": {
        "ja": "設定の価格改定の幅({month} {size})は、履歴の価格と合っていません。{month}の前6か月と後6か月の受注明細の単価(金額÷数量)を安いものから順に比べると、{measured}変わっています。設定の幅で計画しました。幅(と月)を確認してください",
        "en": "the price revision size set ({size} in {month}) is not what the history shows: the order lines' prices per unit (amount ÷ quantity) in the 6 months from {month}, compared with the 6 months before, rank by rank (cheapest with cheapest), changed by {measured}; planned with the size set; check the size (and the month)",
    },
    "setting_price_month_invalid": {
        "ja": "設定「価格改定の月」(PriceRevisionMonth)の「{value}」を月として読めません。2026-04 や 2026年4月 の形で入力してください(価格改定なしで計算しました)",
        "en": "setting PriceRevisionMonth: '{value}' is not a month; type e.g. 2026-04 (calculated without a price revision)",
    },
    "setting_price_revision_small": {
        "ja": "価格改定の幅 {size} は {size}% として計算しました。{meant}% のつもりなら {meant} と入力してください(%表示のセルでは 5% が 0.05 として入ります)",
        "en": "the price revision size {size} was read as {size}%; if you meant {meant}%, type {meant} (a cell formatted as a percentage holds 5% as 0.05)",
    },
    "setting_price_revision_half": {
        "ja": "価格改定は月({month})と幅({size})の両方が必要です。空欄のほうを入力してください(価格改定なしで計算しました)",
        "en": "a price revision needs both its month ({month}) and its size ({size}); fill in the blank one (calculated without a price revision)",
    },
    # --- A one-off price step left out of the team's record, spread and ceilings (step21) ----
    # A lift that ended (core.levers.price_step with a back edge: a subsidy year).
    "price_pulse": {
        "ja": "{kpi}は{month}に{size}、{back}に{back_size}変わりました。一度きりの単価の変化(補助金や保険の変更など、終わったもの)とみなし、毎年の伸びとしては繰り返しません。基準期間{months}か月のうち今と違う水準の月は{old}か月で、その分が{carry}です。{kpi}の傾向は{trend}(変化を毎年の伸びと読めば{replaced})で、チームの好調な年の伸び、KGIに合わせた上乗せの配分、{kpi}の上限も、この変化を除いて測っています",
        "en": "{kpi} changed by {size} in {month} and by {back_size} in {back}: taken as a one-off change in price that ended (a subsidy or reimbursement change), not repeated as a yearly rise. {old} of the baseline's {months} months were at another level, which adds {carry}. The trend of {kpi} is {trend} ({replaced} if the change were read as a yearly rise); the team's strong-year growth, the share of the push and the ceiling of {kpi} are measured without it too",
    },
    # The record's line on the Plan sheet and the recalc summary (core.targets.Plan.record_steps).
    "plan.record_step": {
        "ja": "。単価の段差({steps})を除いたチームの実績です",
        "en": "; the team's record leaves out the price steps ({steps})",
    },
    "recalc.record_step": {
        "ja": "  チームの好調な年の伸び(年 {annual})は、単価の段差({steps})を除いた実績です",
        "en": "  the team's strong-year growth ({annual} a year) leaves out the price steps ({steps})",
    },
    # --- end step21 ------------------------------------------------------------------------
    "baseline_lost_accounts": {
        "ja": "基準から外した顧客: 計画年度の前に取引が終了し、担当者の売上(基準期間 {first}〜{last}、または前年度)の{share}以上を占めていた顧客 {count} 件は、その担当者の基準(売上・受注・訪問・稼働顧客数)から除き、今も担当している顧客をもとに目標とKGIの配分を計算しました(担当者, 取引終了日, 基準期間の売上 = 担当の売上に占める割合{by_year_ja}): {accounts_ja}",
        "en": "accounts taken out of the baseline ({count}): accounts that ended before the plan year with {share} or more of their rep's revenue (baseline {first} – {last}, or last fiscal year) are left out of their reps' baselines (revenue, orders, visits, active accounts), so the targets and each rep's share of the KGI stand on the book the rep still holds (rep, end, baseline revenue = share of the rep's{by_year_en}): {accounts}",
    },
    # A burst of losses (core.lost): one rep's accounts ending together, one line each.
    "lost_burst_baseline": {
        "ja": "まとめて取引終了: {accounts_ja}({rep}、{when}、基準期間の売上 ¥{revenue} = 担当の売上の{share})はまとめて終了したため1件の顧客として扱い、その担当者の基準(売上・受注・訪問・稼働顧客数)から除きました。一度きりの解約として解約率にも数えません",
        "en": "accounts lost together: {accounts_en} ({rep}, {when}, baseline revenue ¥{revenue} = {share} of the rep's) ended together, so they count as one account: out of the rep's baseline (revenue, orders, visits, active accounts), and, a one-off, out of the churn rate",
    },
    "lost_burst_churn": {
        "ja": "まとめて取引終了: {accounts_ja}({rep}、{when}、それまでの12か月の売上 ¥{revenue} = 担当の売上の{share})はまとめて終了した一度きりの解約として、解約率の計算から除きました(基準期間より前の終了のため、基準はそのままです)",
        "en": "accounts lost together: {accounts_en} ({rep}, {when}, ¥{revenue} in the 12 months to then = {share} of the rep's) ended together: a one-off, left out of the churn rate (they ended before the baseline, which stays as it is)",
    },
    # A burst no corporate group ties (core.lost: at least 5 within 31 days, more than the
    # rep's own pace brings together by chance, trial 45 M3): what was seen, and the way
    # back if it was chance (trial 34 L2: 5 unrelated removals in 26 days read 「まとめて終了した」).
    "lost_burst_baseline_spell": {
        "ja": "短期間に集中した取引終了: {accounts_ja}({rep}、{when}、{days}日のうちに{count}件、基準期間の売上 ¥{revenue} = 担当の売上の{share})は、この担当者のふだんの解約ペースでは偶然には起こりにくい件数が集中したため一度きりの解約とみなし、1件の顧客として扱ってその担当者の基準(売上・受注・訪問・稼働顧客数)から除き、解約率にも数えません。別々の理由による通常の解約が重なっただけなら、解約率・解約数の目標を目標上書きシートで見直してください",
        "en": "a spell of losses: {accounts_en} ({rep}, {when}: {count} accounts, baseline revenue ¥{revenue} = {share} of the rep's), more than chance brings together at the rep's usual pace, are taken as one loss: out of the rep's baseline (revenue, orders, visits, active accounts) and, a one-off, out of the churn rate. If they were ordinary losses that happened to fall together, review the churn and cancellation targets on the Overrides sheet",
    },
    "lost_burst_churn_spell": {
        "ja": "短期間に集中した取引終了: {accounts_ja}({rep}、{when}、{days}日のうちに{count}件、それまでの12か月の売上 ¥{revenue} = 担当の売上の{share})は、この担当者のふだんの解約ペースでは偶然には起こりにくい件数が集中したため一度きりの解約とみなし、解約率の計算から除きました(基準期間より前の終了のため、基準はそのままです)。別々の理由による通常の解約が重なっただけなら、解約率・解約数の目標を目標上書きシートで見直してください",
        "en": "a spell of losses: {accounts_en} ({rep}, {when}: {count} accounts, ¥{revenue} in the 12 months to then = {share} of the rep's), more than chance brings together at the rep's usual pace, are taken as a one-off: left out of the churn rate (they ended before the baseline, which stays as it is). If they were ordinary losses that happened to fall together, review the churn and cancellation targets on the Overrides sheet",
    },
    # --- fix23d: material wins (core.won) -------------------------------------------------
    # win25: a material win counts in its rep's share of the KGI alone (targets.split_base).
    "won_account_in_share": {
        "ja": "{rep} さんが {month} に獲得した {accounts_ja}({count}件、月平均 ¥{monthly}、担当の他の売上の{share})は、KGIの担当者への配分に12か月分として含めました(獲得前の月は獲得後の月平均で数え、前年 ¥{booked} を ¥{counted} として配分。担当者の他の売上の{threshold}以上の獲得に限ります)。各レバー(稼働顧客数・頻度・単価など)の目標は前年の実績から伸ばします",
        "en": "{accounts_en} won by {rep} in {month} (¥{monthly} a month, {share} of the rep's other revenue) count for 12 months in the rep's share of the KGI (the months before the win at its monthly run rate: last year's ¥{booked} split as ¥{counted}; only wins of {threshold} or more of the rep's other revenue); the rep's levers (active accounts, frequency, unit price …) grow from last year as booked",
    },
    # --- end fix23d --------------------------------------------------------------------------
    "few_yoy_changes": {
        "ja": "前年比の実績が少ない(2年分の履歴が必要、担当者×月で{minimum}件未満)ため、稼働顧客数は顧客の増減の流れで、チーム全体で流れを超えて必要な伸びは重点設定の比率で各レバーに(全担当者に同じ率で。受注の頻度は一度だけ数え、訪問頻度と訪問あたり受注数はそれぞれ重点の半分で。取引単価はKGIの増減と逆向きには動かさず、KGIの増減の自分の分までにとどめます)配分し、担当者ごとの残りは稼働顧客数で計画します。上限は担当者×月の実績水準(上位10%)によります(すでにその水準にある担当者も、チーム全体がその水準まで伸ばせる分は伸ばせます)",
        "en": "too few year-on-year changes in the history (two years are needed; fewer than {minimum} rep-months): active accounts follow the account flows, what the KGI asks of the team beyond them is spread by the policy weights (the same rise for every rep; how often an account orders counts once: visit frequency and orders per visit at half their weights; unit price never moves against the KGI's change nor further than its part of it), each rep's own rest goes to its active accounts, and ceilings are the company's best rep-month levels (their 90th percentile; a rep already there may still rise as far as the team may to reach them)",
    },
    # The Plan's form of few_yoy_changes (trial 26 L3): which levers, which history is short
    # (orders for years, visits from a later month), then the rule one point a line.
    "few_yoy_changes.lead": {
        "ja": "前年比の実績が少ないレバーがあります: {levers}。{history}前年比には2年分の記録が要り、これらのレバーは担当者×月で{minimum}件に届きません。そのため次のとおり計画します:",
        "en": "some levers have too few year-on-year changes: {levers}. {history} A change needs two years of records, and these levers have fewer than {minimum} rep-months. So the plan:",
    },
    "few_yoy_changes.orders": {
        "ja": "履歴は {months}か月分({first}〜{last})です。",
        "en": "The history has {months} months ({first} – {last}).",
    },
    "few_yoy_changes.orders_visits": {
        "ja": "受注の履歴は {months}か月分({first}〜{last})ありますが、訪問の記録は {visits} からの {visit_months}か月分です。",
        "en": "The orders go back {months} months ({first} – {last}), but the visit records only {visit_months} months, from {visits}.",
    },
    "few_yoy_changes.rule": {
        "ja": "・稼働顧客数は顧客の増減の流れで計画します。\n・チーム全体で流れを超えて必要な伸びは、重点設定の比率で各レバーに配分します(全担当者に同じ率で。受注の頻度は一度だけ数え、訪問頻度と訪問あたり受注数はそれぞれ重点の半分。取引単価はKGIの増減と逆向きには動かさず、KGIの増減の自分の分までにとどめます)。\n・担当者ごとの残りは稼働顧客数で計画します。\n・上限は担当者×月の実績水準(上位10%)によります(すでにその水準にある担当者も、チーム全体がその水準まで伸ばせる分は伸ばせます)。",
        "en": "• Active accounts follow the account flows.\n• What the KGI asks of the team beyond them is spread by the policy weights (the same rise for every rep; how often an account orders counts once: visit frequency and orders per visit at half their weights; unit price never moves against the KGI's change nor further than its part of it).\n• Each rep's own rest goes to its active accounts.\n• Ceilings are the company's best rep-month levels (their 90th percentile); a rep already there may still rise as far as the team may to reach them.",
    },
    # Company holidays assumed from the history (core.calendar.assume_company_holidays) for
    # the years the Holidays sheet has none for: the Checks row says which and how to override.
    "holidays_assumed": {
        "ja": "休日シートに会社休日がない年({years}年)は、毎年の休業日を次のとおり見なしました: 年末年始 {year_end} の平日と、{yearly}(過去{seen}年とも受注・訪問がないか、ふだんの営業日(1日 {usual}件)の1割に満たず、前後の営業日にはあった日)。実際と違うときは休日シートに会社休日を入力してください(入力した年は、入力した日だけを会社休日にします)",
        "en": "the Holidays sheet has no company holidays for {years_en}, so these are assumed closed every year: the weekdays of the year-end span {year_end_en}, and {yearly_en} (in each of {seen} past years no orders or visits, or under a tenth of a usual working day's {usual}, while the working days either side had them). If that is wrong, type your company holidays on the Holidays sheet (a year with any typed uses exactly those)",
    },
    "holidays_assumed_year_end": {
        "ja": "休日シートに会社休日がない年({years}年)は、年末年始 {year_end} の平日を休業日と見なしました(履歴でもこの日には受注・訪問がほとんどありません)。実際と違うときは休日シートに会社休日を入力してください(入力した年は、入力した日だけを会社休日にします)",
        "en": "the Holidays sheet has no company holidays for {years_en}, so the weekdays of the year-end span {year_end_en} are assumed closed (the history has next to no orders or visits on them). If that is wrong, type your company holidays on the Holidays sheet (a year with any typed uses exactly those)",
    },
    "holidays_assumed_yearly": {
        "ja": "休日シートに会社休日がない年({years}年)は、{yearly} を毎年の休業日と見なしました(過去{seen}年とも受注・訪問がないか、ふだんの営業日(1日 {usual}件)の1割に満たず、前後の営業日にはあった日)。実際と違うときは休日シートに会社休日を入力してください(入力した年は、入力した日だけを会社休日にします)",
        "en": "the Holidays sheet has no company holidays for {years_en}, so {yearly_en} are assumed closed every year (in each of {seen} past years no orders or visits, or under a tenth of a usual working day's {usual}, while the working days either side had them). If that is wrong, type your company holidays on the Holidays sheet (a year with any typed uses exactly those)",
    },
    "leave_at_work": {
        "ja": "{rep}: 基準期間の休暇 {days} 営業日。訪問の指標(訪問頻度・訪問あたり受注数)は勤務した月で測りました(休暇が営業日の半分以上の {months} か月を除き、残りの月を1年分に換算。稼働顧客数・取引単価は1年分のまま)",
        "en": "{rep}: {days} working days of leave in the baseline. The visit ratios (visit frequency, orders per visit) are measured on the months worked ({months} months at least half on leave left out, the rest carried to a year; active accounts and unit price keep the whole year)",
    },
    "leave_cover_visits": {
        "ja": "{visitor} が {holder} の休暇中に {holder} の顧客へ訪問した {visits} 件は代行訪問として {holder} の訪問に数えました({visitor} の訪問頻度には含めません)",
        "en": "the {visits} visits {visitor} made to {holder}'s accounts during {holder}'s leave are cover: counted as {holder}'s visits, not in {visitor}'s visit frequency",
    },
    # Reps who work fewer weekdays than the company (core.workweek, trial 24 M1).
    "rep_own_weekdays": {
        "ja": "会社の営業日より少ない曜日に勤務する担当者: {reps_ja}。直近12か月の訪問(訪問記録がなければ受注日)から、訪問計画の休みと同じ判定で読み取りました。目標シートの1営業日あたりの数と営業日数は、本人の勤務日で数えています(会社の営業日は年{total}日)",
        "en": "reps who work fewer weekdays than the company: {reps_en}, read from the last 12 months' visits (order days without visit records) as the Daily list reads days off. Their per-working-day targets and working days on the Targets sheet count their own working days (the company's: {total} a year)",
    },
    "accounts_from_orders": {
        "ja": "顧客マスタ(Accounts)がないため、受注のある顧客を稼働顧客とみなしました(初回受注日を取引開始日とし、最終受注から{days}日受注がなければ解約とします。季節の休みのある顧客は、前年と同じ休みが明けるまで解約とみなしません。履歴の最初の{days}日以内に初めて受注した顧客は、新規ではなく履歴開始前からの既存顧客として扱います)",
        "en": "no Accounts sheet: customers who order are the accounts (from their first order; lost after {days} days without an order, a customer on a seasonal break not before last year's break is over; one first seen within the history's first {days} days counts as held from before it, not as new)",
    },
    "accounts_from_orders_rhythm": {
        "ja": "顧客マスタ(Accounts)がないため、受注のある顧客を稼働顧客とみなしました(初回受注日を取引開始日とします。最終受注から{days}日受注がなければ解約とします。ただし担当者の直近1年の売上の{share}以上を占める大口顧客は、ふだんの受注間隔の{gaps}倍かつ過去最長の間隔の{longest}倍({floor}〜{days}日。1年以上前から受注があり受注日が{orders}日以上の顧客)受注が途絶えた時点で解約とします。季節の休みのある顧客(最終受注の1年前から、ふだんの受注間隔よりずっと長く間をあけて受注が戻った顧客)は、その休みの日数+{margin}日(最長{most}日)受注がなければ解約とします。履歴の最初の{days}日以内に初めて受注した顧客は、新規ではなく履歴開始前からの既存顧客として扱います)",
        "en": "no Accounts sheet: customers who order are the accounts (from their first order; lost after {days} days without an order, or, for a large account ({share} or more of its rep's revenue in the last year, ordering for a year or more on {orders} days or more), after {gaps} times its usual gap between orders and {longest} times its longest ({floor}–{days} days), or, for a customer on a seasonal break (a year before its last order its orders came back far slower than its usual gaps), after that break plus {margin} days (at most {most}); one first seen within the history's first {days} days counts as held from before it, not as new)",
    },
    "accounts_partial": {
        "ja": "顧客シートには{typed}件だけが入力されています(受注のある顧客は{customers}件)。顧客マスタではなく一部の顧客の補足とみなし、入力された{typed}件は取引開始日・解約日・担当者を入力どおりに使い、シートにない{derived}件は受注から判定しました(初回受注日から。最終受注から{days}日、担当者の売上の{share}以上の大口顧客はふだんの受注間隔の{gaps}倍かつ過去最長の間隔の{longest}倍({floor}〜{days}日)受注がなければ解約。季節の休みのある顧客はその休みの日数+{margin}日、最長{most}日)。全顧客を管理する場合は顧客マスタ全体を貼り付けてください",
        "en": "the Accounts sheet lists only {typed} accounts (the orders have {customers} customers): read as notes on some accounts, not the customer master. The {typed} typed are used as typed (start, end, rep); the other {derived} are derived from the orders (from the first order; lost after {days} days without an order, a large account ({share} or more of its rep's revenue) after {gaps} times its usual gap and {longest} times its longest, {floor}–{days} days; a customer on a seasonal break after that break plus {margin} days, at most {most}). Paste the whole customer master to manage every account there",
    },
    "master_lapsed": {
        "ja": "顧客シートの解約日は、1年以上受注のない顧客{stopped}件のうち{recorded}件にしか入力されていません。解約日が空欄の{count}件は、最終受注から{days}日(担当者の売上の{share}以上の大口顧客はふだんの受注間隔の{gaps}倍かつ過去最長の間隔の{longest}倍、{floor}〜{days}日)受注がないため、解約とみなしました(解約日は最終受注の翌日: 解約日のない閉店フラグの顧客や、ERP移行で新しいマスタにない顧客と同じ付け方です。例: {examples})。判定は受注だけによります。実際の解約日が分かる顧客は、顧客シートに解約日を入力するとそれを使います",
        "en": "the Accounts sheet gives an end date to only {recorded} of the {stopped} customers with no order for a year: {count} accounts with no end date have had no order for {days} days (a large account, {share} or more of its rep's revenue: {gaps} times its usual gap and {longest} times its longest, {floor}–{days} days) and are counted as lost (end = the day after the last order, as for a closure flag without a date or a customer an ERP migration left off the new master; e.g. {examples}). Only orders are read for this; an end date typed on the sheet is used instead",
    },
    "master_lapsed.kept": {
        "ja": "顧客シートの解約日は入力どおりに使っています(1年以上受注のない顧客{stopped}件のうち{recorded}件に入力)。ただし解約日が空欄で1年以上受注のない{count}件は入力漏れとみなし、最終受注から{days}日(担当者の売上の{share}以上の大口顧客はふだんの受注間隔の{gaps}倍かつ過去最長の間隔の{longest}倍、{floor}〜{days}日)受注がないため解約として計算しました(解約日は最終受注の翌日。例: {examples})。実際の解約日を顧客シートに入力すると、それを使います",
        "en": "the Accounts sheet's end dates are used as typed ({recorded} of the {stopped} customers with no order for a year have one), but {count} accounts with no end date and no order for a year are read as end dates not typed: lost {days} days after the last order (a large account, {share} or more of its rep's revenue: {gaps} times its usual gap and {longest} times its longest, {floor}–{days} days), dated the day after the last order (e.g. {examples}). Type the real end date on the sheet to use it instead",
    },
    "master_seasonal_held": {
        "ja": "解約日が空欄で{days}日以上受注のない{count}件は、前年の同じ時期(最終受注の1年前±{slack}日)に始まった同じくらい長い休みのあと受注が戻っているため、季節の休みとみなして解約にしていません。その休みの日数+{margin}日(最長{most}日)受注がなければ解約とみなします(例: 顧客(最終受注; 前年の休みの日数) {examples})。実際に解約した顧客は顧客シートに解約日を入力してください",
        "en": "{count} accounts with no end date and no order for {days} days or more are not counted as lost: a year earlier (within {slack} days of a year before their last order) they paused as long and came back, so this is read as their seasonal break. They count as lost after that pause plus {margin} days (at most {most}) without an order (e.g. account (last order; last year's pause in days) {examples}). Type the end date on the Accounts sheet for a customer that really left",
    },
    "flows_after_lapse_start": {
        "ja": "顧客マスタがなく受注から顧客を判定しているため、履歴の最初の{days}日間は新規獲得と解約を区別できません。解約率と新規獲得ペースは {first} 以降の実績から、保有顧客数あたりで算出しました",
        "en": "customers are derived from orders (no customer master), so the history's first {days} days cannot tell a win or a loss: churn and the acquisition pace are measured from {first} on, per account held in those months",
    },
    # realism52b: the same, for a customer master whose starts of the accounts first seen in
    # the history's first days are their first orders (validation.renumbered
    # .held_before_history: a migration's conversion day, an old code left off the master).
    "flows_after_lapse_start_master": {
        "ja": "顧客マスタの取引開始日が使えず最初の受注日を開始日とした顧客のうち、履歴の最初の{days}日間に初めて受注した顧客は、履歴より前からの顧客か新規獲得かを区別できないため、履歴より前からの顧客として読みました。解約率と新規獲得ペースは {first} 以降の実績から、保有顧客数あたりで算出しました",
        "en": "the accounts whose start is their first order (the customer master's start could not be used) and who first ordered in the history's first {days} days cannot be told from wins there, so they are read as held from before the history: churn and the acquisition pace are measured from {first} on, per account held in those months",
    },
    "first_wins_returners": {
        "ja": "{first}以降に初めて受注した{wins}社には、履歴の開始前からの顧客が長い休止のあと戻った分も含まれます。履歴に見える受注の間隔(休止の長さ)から約{returners}社({share})と見込み、新規獲得ペースから除きました",
        "en": "of the {wins} customers first ordering from {first} on, some are old customers back after a pause that began before the history: about {returners} ({share}), as the pauses the history shows suggest, are left out of the acquisition pace",
    },
    "returning_accounts": {
        "ja": "顧客マスタがないため、{days}日受注のない顧客を解約とみなしています(季節の休みのある顧客は休みが明けるまで解約とみなしません)。{then_from}〜{then_to}に解約となった{then}社のうち{back}社({share})がその後1年以内に再び受注しました(さかのぼって解約ではなかったことになります)。{now_from}〜{now_to}に解約となった{lost_now}社にも同程度の再受注を見込み、約{expected}社を期首の保有顧客に含めました(その分、新規獲得の目標は少なくなります)",
        "en": "without a customer master a customer counts as lost after {days} days without an order (one on a seasonal break not before its break is over). Of the {then} customers lost from {then_from} to {then_to}, {back} ({share}) ordered again within a year (so, looking back, were never lost). The same is expected of the {lost_now} lost from {now_from} to {now_to}: about {expected} of them are counted in the book held at the start (fewer new accounts are needed for the same book)",
    },
    "returning_by_pauses": {
        "ja": "顧客マスタがないため、{days}日受注のない顧客を解約とみなしています。履歴が短く、再び受注する顧客の割合はまだ1年前の実績では測れません({measurable}以降の計画なら測れます)。代わりに履歴に見える受注の間隔(休止の長さ)から、{to}までに解約とみなした{lost}社のうち約{expected}社が{until}までに再び受注すると見込み、期首の保有顧客に含めました",
        "en": "without a customer master a customer counts as lost after {days} days without an order. The history is too short to measure a year back how many of them order again (plans made from {measurable} on can); instead, the pauses between orders the history shows suggest that of the {lost} customers lost by {to}, about {expected} will order again by {until}: they are counted in the book held at the start",
    },
    "returning_unmeasured": {
        "ja": "顧客マスタがないため、{days}日受注のない顧客を解約とみなしています。履歴が短く、そのうち再び受注する顧客の割合をまだ測れません({measurable}以降の計画なら測れます)。直近1年に解約とみなした{lost}社は戻らない前提のため、期首の顧客数は少なめに、顧客あたり受注数や単価の伸びは大きめに出ることがあります",
        "en": "without a customer master a customer counts as lost after {days} days without an order. The history is too short to measure how many of them order again (plans made from {measurable} on can): the {lost} customers lost in the past year are taken as gone, so the starting book may be low and the rise asked of orders per account and unit price high",
    },
    "flows_unseen_master": {
        "ja": "顧客マスタの取引開始日が使えず最初の受注日を開始日とした顧客が多く、基準期間がすべて履歴の最初の{days}日間に入るため、新規獲得の実績を測れません(この期間の最初の受注は、履歴より前からの顧客として読んでいます)。新規獲得は0件として計画しました(履歴が長くなると測れます)",
        "en": "the accounts' start dates are their first orders (the customer master's could not be used) and the whole baseline lies in the history's first {days} days, where a first order cannot be told from a win (read as a customer held from before the history): new accounts are planned as none (a longer history measures them)",
    },
    "flows_unseen": {
        "ja": "顧客マスタがなく受注から顧客を判定しており、基準期間がすべて履歴の最初の{days}日間に入るため、新規獲得と解約の実績を測れません。新規獲得と解約は0件として計画しました(履歴が長くなると測れます)",
        "en": "customers are derived from orders (no customer master) and the whole baseline lies in the history's first {days} days, where no win or loss can be told: new accounts and cancellations are planned as none (a longer history measures them)",
    },
    "flat_seasonality": {
        "ja": "丸1年分の履歴がないため、月別配分は均等です",
        "en": "no full year of history: months are split evenly",
    },
    "accounts_pace_ceiling": {
        "ja": "1年前の顧客数と比べられる履歴がないため、稼働顧客数の上限は、社内の担当者の新規獲得ペース(保有顧客あたりの新規数の上位{top})で獲得した場合の顧客数とします(解約は本人の率のまま)",
        "en": "no book a year before to compare with: the active-accounts ceiling is the book a rep would hold winning new accounts at the pace of the company's faster reps (new accounts per account held: the top {top}), his own churn kept",
    },
    "no_ceiling_evidence": {
        "ja": "「{kpi}」の根拠上限を出すだけの履歴がありません(基準値を上限とします)",
        "en": "not enough history for an evidence ceiling of '{kpi}' (held at baseline)",
    },
    "working_days_year": {
        "ja": "売上が稼働日数に沿って動くため、計画年度の稼働日数 {plan}日(営業曜日から祝日・休業日を除いた日数)を基準期間の{base}日と比べ、「{kpi}」の見込みに {change} を含めました",
        "en": "sales follow working days: the plan year has {plan} working days (the working weekdays less holidays) against the baseline's {base}, so '{kpi}' is expected {change} for that alone",
    },
    # --- Flags: messages and suggested actions --------------------------------------------------
    "flag.kgi_infeasible": {
        "ja": "KGI {kgi} は社内実績の上限を超えています。到達可能な最大は {max}(不足 {gap})",
        "en": "KGI {kgi} is beyond what the company's own record supports; the most reachable is {max} (gap {gap})",
    },
    "action.kgi_infeasible": {
        "ja": "KGIを見直すか、新しい施策(新商品・増員など)の根拠を用意してください",
        "en": "revise the KGI, or back it with a new lever (new product, more reps)",
    },
    "action.kgi_beyond_record": {
        "ja": "KGIの根拠(新規開拓の強化・新商品・増員など)を用意するか、KGIを見直してください",
        "en": "back the KGI with something new (more prospecting, a new product, more reps) or revise it",
    },
    "flag.kgi_below_trend": {
        "ja": "KGI {kgi} は、チームがこれまでの伸びのまま進んだ場合の見込み {trend}(前年実績 {baseline} の {growth})を下回っています。目標はチームのこれまでの伸びより低く、動いてきたレバーほど引き下げて配分されています",
        "en": "KGI {kgi} is below where the team is heading on its own trends, {trend} ({growth} on last year's {baseline}): the targets ask less than the team's own trends give, lowering most the levers that move",
    },
    "action.kgi_below_trend": {
        "ja": "今期の着地見込みと比べ、意図した設定か確認してください(伸びを続けるならKGIを見直してください)",
        "en": "compare it with this year's likely landing and check that this is intended (to keep growing, raise the KGI)",
    },
    "flag.kgi_below_baseline": {
        "ja": "KGI {kgi} は前年実績 {baseline} を下回っています(目標は前年より低くなります)",
        "en": "KGI {kgi} is below last year's {baseline}: targets are lower than last year",
    },
    "action.kgi_below_baseline": {
        "ja": "意図した設定か確認してください",
        "en": "check that this is intended",
    },
    "flag.behind_pace": {
        "ja": "{kpi}の進捗率 {pace}(実績 {actual}、着地見込み {forecast} / 目標 {target})",
        "en": "{kpi} pace {pace} (actual {actual}, forecast {forecast} vs target {target})",
    },
    "flag.behind_pace_kept": {
        "ja": "{kpi}の進捗率 {pace}(年度中に渡した顧客 {accounts} 件を除く: 実績 {actual}、着地見込み {forecast} / 目標 {target}。記帳どおりは {booked})",
        "en": "{kpi} pace {pace} without the {accounts} accounts handed over in the year (actual {actual}, forecast {forecast} vs target {target}; {booked} as booked)",
    },
    # A rep whose book changed materially in the year (core.flags._handover_judged): the
    # pace as booked, then the handover and the attainment on his own book (render_handover).
    "flag.behind_pace_handover": {
        "ja": "{kpi}の進捗率 {pace}(記帳どおり: 実績 {actual}、着地見込み {forecast} / 目標 {target})。{handover}",
        "en": "{kpi} pace {pace} as booked (actual {actual}, forecast {forecast} vs target {target}). {handover}",
    },
    "flag.behind_pace_handover_own": {
        "ja": "{kpi}の進捗率 {pace}(自分の顧客: 実績 {actual}、着地見込み {forecast} / 目標 {target}。記帳どおりは {booked})。{handover}",
        "en": "{kpi} pace {pace} on his own book (actual {actual}, forecast {forecast} vs target {target}; {booked} as booked). {handover}",
    },
    "handover.moved": {
        "ja": "{day} の担当替え({parts})",
        "en": "the handover of {day} ({parts})",
    },
    "handover.given": {"ja": "渡した顧客 {n} 件", "en": "{n} accounts handed over"},
    "handover.taken": {"ja": "引き継いだ顧客 {n} 件", "en": "{n} accounts taken over"},
    "handover.included": {
        "ja": "{moved}の分を含みます",
        "en": "It includes {moved}",
    },
    # core.carry: the targets of the accounts that changed hands moved with them.
    "handover.carried": {
        "ja": "{moved}。目標も担当替えの月から顧客と一緒に移っています",
        "en": "{moved}: the targets moved with the accounts from the month of the handover",
    },
    "handover.excluded": {
        "ja": "{moved}の分は除いています",
        "en": "Without {moved}",
    },
    "handover.own_kept": {
        "ja": "渡した顧客を除く達成率 {own}",
        "en": "attainment without the accounts handed over {own}",
    },
    "handover.own_kept_taken": {
        "ja": "渡した顧客・引き継いだ顧客を除く達成率 {own}",
        "en": "attainment without the accounts handed and taken over {own}",
    },
    "handover.own_own": {
        "ja": "引き継いだ顧客を除く達成率 {own}",
        "en": "attainment without the accounts taken over {own}",
    },
    "handover.own_before": {
        "ja": "担当替え前({months})の達成率 {own}",
        "en": "attainment before the handover ({months}) {own}",
    },
    "action.behind_pace_handover": {
        "ja": "差は担当替えによるもので、売り方の問題ではありません。この担当替えでは目標は顧客と一緒に移っていません。移すなら、担当替え後の月の目標を目標上書きシート(Overrides)に入力してください",
        "en": "the gap is the handover's, not the way of selling; this handover's targets did not move with the accounts: to move them, type the months after the handover on the Overrides sheet",
    },
    # A rep's copy (share.copies.MANAGER_ONLY): he cannot change the master's Targets sheet.
    "action.behind_pace_handover_rep": {
        "ja": "差は担当替えによるもので、売り方の問題ではありません。担当替え後の目標の扱いは上司と確認してください",
        "en": "the gap is the handover's, not the way you sell; check with your manager how your targets treat it",
    },
    # Months of the year with no order or visit of the rep's own while a colleague served
    # her accounts (core.flags.absences; trial 28 M5): a leave, not a way of selling.
    "flag.behind_pace_absent": {
        "ja": "。{months} は本人の受注・訪問がなく、{cover}さんが担当顧客の受注を記録しています(休暇・不在?)。その月を除いた進捗率は {pace}",
        "en": ". In {months} the rep had no order or visit of their own and {cover} booked their accounts' orders (leave?); without those months the pace is {pace}",
    },
    "flag.behind_pace_absent_nobody": {
        "ja": "。{months} は本人の受注・訪問がありません(休暇・不在?)。その月を除いた進捗率は {pace}",
        "en": ". In {months} the rep had no order or visit of their own (leave?); without those months the pace is {pace}",
    },
    "flag.away_undeclared": {
        "ja": "{months} は本人の受注・訪問がなく、{cover}さんが担当顧客の受注を記録し、その後は本人に戻っています(届け出のない休暇・不在?)",
        "en": "In {months} the rep had no order or visit of their own, {cover} booked their accounts' orders, and then handed them back (leave not declared?)",
    },
    "action.away_undeclared": {
        "ja": "休暇・不在なら、休暇・不在シートに担当者・開始日・終了日を記入して再計算してください。その日々は本人の進捗で見込まず、{cover}さんが記録した受注は本人の実績になります({cover}さんの実績・目標から外れます)",
        "en": "if it was leave, enter the rep, start and end on the Leave sheet and recalculate: those days are then not expected of the rep, and the orders {cover} booked count as the rep's (not in {cover}'s actual or target)",
    },
    "action.behind_pace_absent": {
        "ja": "休暇・不在なら、休暇・不在シートに担当者・開始日・終了日を記入して(入力チェックに使わなかった行があれば直して)再計算してください。その日々は進捗で見込まなくなり、代わりに受け持った同僚の受注は本人の実績になります",
        "en": "if it was leave, enter the rep, start and end on the Leave sheet (or correct a row the Checks sheet says was not used) and recalculate: those days are then not expected of the rep, and the orders the cover booked count as the rep's",
    },
    "action.behind_pace": {
        "ja": "残り期間の日次目標を見直し、訪問計画を前倒ししてください",
        "en": "reset the daily targets for the rest of the year and bring visits forward",
    },
    "flag.unit_price_declining": {
        "ja": "取引単価が低下しています(直近3か月 {price}、前年同期比 {yoy}{streak})",
        "en": "unit price declining (last 3 months {price}, {yoy} vs same months last year{streak})",
    },
    # words28: a streak with the year-on-year change still up: said so, not "declining"
    # beside a plus (trial 28); two sentences, each month against the one before, then the
    # year, so the two facts read together (trial 49 L1: 「3か月連続で下がっています(… まだ
    # +13.8%)」 read as a contradiction).
    "flag.unit_price_falling_yoy_up": {
        "ja": "取引単価は直近3か月、いつもの月の動きを除いても続けて前の月を下回っています(直近 {price})。前年同期比ではまだ {yoy} です",
        "en": "unit price has been below the month before in each of the last 3 months, beyond the usual month pattern (latest {price}). Against the same months last year it is still {yoy}",
    },
    "action.unit_price_market": {
        "ja": "1単位あたりの価格(価格表・市況)の動きが主因です。値引きの有無を確かめたうえで、目標の取引単価の前提(計画シート)を見直してください",
        "en": "mostly the price per unit (price list, market): check for discounts, then review the unit-price premise of the target (Plan sheet)",
    },
    "flag.unit_price_per_unit": {
        "ja": "。1単位あたりの価格も前年同期比 {unit}(価格表・市況の動き)",
        "en": "; the price per unit is {unit} on a year ago too (price list or market)",
    },
    "flag.unit_price_basket": {
        "ja": "。1単位あたりの価格は前年同期比 {unit}で、残りは1受注あたりの数量の変化です",
        "en": "; the price per unit is {unit} on a year ago, the rest is the quantity per order",
    },
    "action.unit_price_declining": {
        "ja": "値引き・小口化の理由を確認し、上位商品の提案を増やしてください",
        "en": "check discounts and smaller orders; propose higher-value items",
    },
    "flag.retention_worsening": {
        "ja": "継続率が悪化しています(直近12か月 {now}、前の12か月 {before})",
        "en": "retention worsening (last 12 months {now}, 12 months before {before})",
    },
    "flag.retention_worsening_counted": {
        "ja": "継続率が悪化しています(直近12か月 {now}、前の12か月 {before}。解約 {lost}件、前の12か月の率なら {expected}件。偶然でここまで増える確率は {chance})",
        "en": "retention worsening (last 12 months {now}, 12 months before {before}; {lost} lost, {expected} at the earlier rate; chance alone gives such a rise {chance} of the time)",
    },
    "action.retention_worsening": {
        "ja": "解約理由を確認し、解約リスク顧客への訪問を優先してください",
        "en": "review cancellation reasons and visit at-risk accounts first",
    },
    # core.flags._churn_spike_flags: the month's count against the usual rate (Poisson tail).
    "flag.churn_spike": {
        "ja": "解約率が急上昇しました(月初 {book}件中 解約 {cancellations}件 = {churn}。いつもの解約率 月{rate}({whose})なら {expected}件で、偶然で{cancellations}件以上になる確率は {chance})",
        "en": "churn spike ({cancellations} of {book} accounts lost = {churn}; at the usual {rate} a month ({whose}) {expected} were expected, and chance gives {cancellations} or more {chance} of the time)",
    },
    "flag.churn_spike_returning": {
        "ja": "解約率が急上昇しました(月初 {book}件中 解約 {cancellations}件 = {churn}。いつもの解約率 月{rate}({whose})なら {expected}件(受注から判定した解約のうち通常 {returning} は再び受注する分を含む)で、偶然で{cancellations}件以上になる確率は {chance})",
        "en": "churn spike ({cancellations} of {book} accounts lost = {churn}; at the usual {rate} a month ({whose}) {expected} were expected, counting the usual {returning} of lost customers who order again, and chance gives {cancellations} or more {chance} of the time)",
    },
    # core.flags._chain_exit_flags (core.chain_exit): a chain's stores ending together.
    "flag.chain_exit": {
        "ja": "{name}の{accounts}件(担当 {reps}人)が {first}〜{last} に揃って取引終了しました(その時点の{live}件のうち)。前の12か月の売上 {revenue}(チームの {share})",
        "en": "{accounts} accounts of {name} ({reps} reps) ended together, {first} to {last} (of the {live} it had then); {revenue} in the 12 months before ({share} of the team's)",
    },
    "flag.retention_chain": {
        "ja": "。{name}の取引終了 {n}件は除いて数えています(別の行)",
        "en": "; {name}'s exit ({n} accounts, its own row) is left out of these counts",
    },
    "action.chain_exit": {
        "ja": "顧客名の最初の語が同じ店を「{name}」のチェーンとみなし、計画では一度の解約としてふだんの解約率から外しています(担当者ごとの解約率の急上昇にも数えていません)。別々の会社なら、顧客シートの法人グループ列にそれぞれの会社名を入れてください。取り戻せるか、代わりの売上をどこで得るかを決めてください",
        "en": "stores whose names begin with 「{name}」 are taken as one chain: the plan counts their exit as one loss, outside the usual churn (nor do the reps' churn-spike flags count them). If they are separate companies, type each one's name in the Accounts sheet's group column. Decide whether it can be won back, or where the revenue will come from instead",
    },
    "action.chain_exit_typed": {
        "ja": "法人グループ「{name}」の一度の解約として、計画のふだんの解約率からは外しています。取り戻せるか、代わりの売上をどこで得るかを決めてください",
        "en": "counted as one loss of the group 「{name}」, outside the plan's usual churn: decide whether it can be won back, or where the revenue will come from instead",
    },
    "chance_below": {"ja": "{pct}未満", "en": "under {pct}"},
    "churn_whose.own": {"ja": "本人の過去の月平均", "en": "the rep's own past months"},
    "churn_whose.team": {
        "ja": "チームの過去の月平均。本人の率はこれ以下",
        "en": "the team's past months; the rep's own is lower",
    },
    "action.churn_spike": {
        "ja": "解約した顧客の共通点を確認してください",
        "en": "look for what the cancelled accounts had in common",
    },
    "flag.lost_account": {
        "ja": "{name}: 取引終了 {end}(最終受注 {last_order})。{year}の売上 {revenue}(担当の{year}売上の {share})。{this_year}の目標のうち月あたり約 {monthly}、{span}で {rest}(前年の同じ月)はこの顧客なしで埋める必要があります",
        "en": "{name}: ended {end} (last order {last_order}). {year} revenue {revenue} ({share} of the rep's {year} revenue). About {monthly} a month of the {this_year} target, {rest} over {span} (the same months last year), must now come from other accounts",
    },
    "flag.lost_account_lapsed": {
        "ja": "{name}: 最終受注 {last_order} から{days}日受注がなく、{end}で取引終了とみなしました。{year}の売上 {revenue}(担当の{year}売上の {share})。{this_year}の目標のうち月あたり約 {monthly}、{span}で {rest}(前年の同じ月)はこの顧客なしで埋める必要があります",
        "en": "{name}: no order for {days} days since {last_order}, counted as ended on {end}. {year} revenue {revenue} ({share} of the rep's {year} revenue). About {monthly} a month of the {this_year} target, {rest} over {span} (the same months last year), must now come from other accounts",
    },
    # words28: planning a later year, the book holds no target of the flag's year: the hole is
    # in the rest of that year (trial 28: "FY2026の目標" in a FY2027 book).
    "flag.lost_account_ahead": {
        "ja": "{name}: 取引終了 {end}(最終受注 {last_order})。{year}の売上 {revenue}(担当の{year}売上の {share})。{this_year}の残りでは月あたり約 {monthly}、{span}で {rest}(前年の同じ月)をこの顧客なしで埋める必要があります",
        "en": "{name}: ended {end} (last order {last_order}). {year} revenue {revenue} ({share} of the rep's {year} revenue). In the rest of {this_year}, about {monthly} a month, {rest} over {span} (the same months last year), must now come from other accounts",
    },
    "flag.lost_account_lapsed_ahead": {
        "ja": "{name}: 最終受注 {last_order} から{days}日受注がなく、{end}で取引終了とみなしました。{year}の売上 {revenue}(担当の{year}売上の {share})。{this_year}の残りでは月あたり約 {monthly}、{span}で {rest}(前年の同じ月)をこの顧客なしで埋める必要があります",
        "en": "{name}: no order for {days} days since {last_order}, counted as ended on {end}. {year} revenue {revenue} ({share} of the rep's {year} revenue). In the rest of {this_year}, about {monthly} a month, {rest} over {span} (the same months last year), must now come from other accounts",
    },
    "rest_span": {"ja": "残り{months}か月", "en": "the remaining {months} months"},
    "rest_span_running": {
        "ja": "残り{months}か月と{running}の残り営業日 {left}/{days} 日分",
        "en": "the remaining {months} months and {left} of {running}'s {days} working days",
    },
    "rest_span_running_only": {
        "ja": "{running}の残り営業日 {left}/{days} 日分",
        "en": "{left} of {running}'s {days} working days",
    },
    "flag.lost_account_baseline": {
        "ja": "。{plan}の目標の基準({first}〜{last})にはこの顧客の売上 {in_baseline} が含まれています",
        "en": ". The {plan} targets stand on a baseline ({first} – {last}) that holds {in_baseline} of this account's orders",
    },
    "action.lost_account_baseline": {
        "ja": "終了の理由を確認してください。{plan}の目標はこの顧客を含む基準から按分しています: 担当者の目標を手動で見直すか、埋め合わせ(新規開拓・既存顧客の深耕)の計画を決めてください",
        "en": "find out why it ended. The {plan} targets are split from a baseline that holds this account: override the rep's target, or agree how to make up for it (new accounts, more from existing ones)",
    },
    "action.lost_account": {
        "ja": "終了の理由を確認し、埋め合わせ(新規開拓・既存顧客の深耕)の計画を担当者と決めてください",
        "en": "find out why it ended and agree with the rep how to make up for it (new accounts, more from existing ones)",
    },
    "flag.at_risk_account": {"ja": "{name}: {reasons}", "en": "{name}: {reasons}"},
    "action.at_risk_account": {
        "ja": "今週中に訪問し、取引状況を確認してください",
        "en": "visit this week and review the account",
    },
    "reason.season_due": {
        "ja": "季節の休み明けの時期を過ぎています(前年の戻りから見て {due} ごろに注文があるはずでした)",
        "en": "past the end of its seasonal break (by last year's return an order was due about {due})",
    },
    "reason.long_silent": {
        "ja": "ふだんの間隔の{times}倍以上あいています: 閉店・休業や他社への切り替えがないか確認を",
        "en": "{times} times its usual gap or more: check whether it has closed or switched supplier",
    },
    "reason.neglected": {
        "ja": "{days}日訪問なし(通常 {usual}日ごと)",
        "en": "not visited for {days} days (usually every {usual})",
    },
    "reason.fading": {
        "ja": "直近12か月の受注が前年比 {change}",
        "en": "orders over the last 12 months {change} vs the year before",
    },
    # --- At-risk accounts beyond chance, capped per rep on the Flags sheet (core.flags) -------
    # The drop with the orders counted: the evidence that it is more than chance.
    "reason.fading_orders": {
        "ja": "直近12か月の受注が前年比 {change}(受注 {prior}回→{recent}回)",
        "en": "orders over the last 12 months {change} vs the year before ({prior} orders → {recent})",
    },
    # The year before only partly in the history, read per covered month (core.flags).
    "reason.fading_orders_partial": {
        "ja": "直近12か月の受注が前年比 {change}(前年は履歴のある{months}か月を年換算。受注 {prior}回→{recent}回)",
        "en": "orders over the last 12 months {change} vs the year before (its {months} months in the history, as a year; {prior} orders → {recent})",
    },
    # core.flags.capped_at_risk: the rep's at-risk accounts beyond the ones listed.
    "flag.at_risk_more": {
        "ja": "ほか要注意顧客 {count}件(リスク額 {stake})",
        "en": "and {count} more at-risk accounts ({stake} at stake)",
    },
    "action.at_risk_more": {
        "ja": "上の{listed}件(リスク額の大きい順)を先に。残りも訪問計画シートで要注意として優先されています",
        "en": "see to the {listed} above first (most at stake); the Daily sheet puts the rest first too, as at risk",
    },
    "action.at_risk_more_orphans": {
        "ja": "上の{listed}件(リスク額の大きい順)を先に。残りも担当者がいないため訪問計画にありません: 顧客シートで担当者か、閉店・解約済みなら解約日を入力してください",
        "en": "see to the {listed} above first (most at stake); the rest have no rep either and are on no Daily list: set a rep on the Accounts sheet, or the end date if they closed",
    },
    "flag.target_beyond_evidence": {
        "ja": "手動目標 {target} が根拠上限 {ceiling} を超えています",
        "en": "manual target {target} is beyond the evidence ceiling {ceiling}",
    },
    "action.target_beyond_evidence": {
        "ja": "根拠(新施策など)を確認するか、上限以内に戻してください",
        "en": "confirm what supports it, or bring it back within the ceiling",
    },
    "streak": {
        "ja": "、いつもの月の動きを除いても3か月連続で低下",
        "en": ", down 3 months in a row beyond the usual month pattern",
    },
    "action.at_risk_account_specific": {
        "ja": "{visit_by}までに{name}を訪問し、取引状況を確認してください(前回訪問 {last_visit}、通常 {usual}日ごと、{orders})",
        "en": "visit {name} by {visit_by} and review the account (last visit {last_visit}, usually every {usual} days, {orders})",
    },
    # An at-risk account the list has no room for, whose day to visit by is already past.
    "action.at_risk_account_asap": {
        "ja": "至急(遅くとも{visit_by}){name}を訪問し、取引状況を確認してください(前回訪問 {last_visit}、通常 {usual}日ごと、{orders})",
        "en": "visit {name} as soon as possible (by {visit_by} at the latest) and review the account (last visit {last_visit}, usually every {usual} days, {orders})",
    },
    # The same for an account with no visit on record (a book of orders only, trial 34 L1:
    # 「前回訪問 —、通常 —日ごと」): its last order and usual days between orders (core.flags
    # order_days_rhythm, the Daily list's).
    "action.at_risk_account_orders": {
        "ja": "{visit_by}までに{name}を訪問し、取引状況を確認してください(前回注文 {last_order}、注文は通常 {usual}日ごと、{orders})",
        "en": "visit {name} by {visit_by} and review the account (last order {last_order}, usually every {usual} days, {orders})",
    },
    "action.at_risk_account_orders_asap": {
        "ja": "至急(遅くとも{visit_by}){name}を訪問し、取引状況を確認してください(前回注文 {last_order}、注文は通常 {usual}日ごと、{orders})",
        "en": "visit {name} as soon as possible (by {visit_by} at the latest) and review the account (last order {last_order}, usually every {usual} days, {orders})",
    },
    # An at-risk account nobody holds (its rep has left, none took it over; trial 33 M5: the
    # flags went to the departed rep): the manager's (rep column ALL). Stopped ordering past
    # the lapse rule's day (core.flags.orphan_orders): most likely closed, so its end date.
    "flag.at_risk_orphan": {
        "ja": "{name}: 担当者なし({left}さんの退職・異動後、引き継いだ人がいません)。{reasons}",
        "en": "{name}: no rep ({left} has left and nobody took it over); {reasons}",
    },
    "action.at_risk_orphan_stopped": {
        "ja": "{name}は{last_order}の注文が最後で、{silent}日注文がありません(注文は通常 {usual}日ごと)。閉店・解約済みなら顧客シートの解約日を入力してください。取引が続いているなら担当者を決めて顧客シートに設定してください(それまでこの顧客は誰の目標にも訪問計画にも入りません)",
        "en": "{name} last ordered on {last_order}, {silent} days ago (it usually orders every {usual} days). If it has closed, type its end date (column End date) on the Accounts sheet; if it still trades, choose a rep and set it there (until then it is in no rep's target or Daily list)",
    },
    "action.at_risk_orphan": {
        "ja": "担当者を決めて顧客シートに設定し、{visit_by}までに{name}を訪問させてください({contact}、{orders})。閉店・解約済みなら顧客シートの解約日を入力してください",
        "en": "choose a rep, set it on the Accounts sheet and have {name} visited by {visit_by} ({contact}, {orders}); if it has closed, type its end date (column End date) there",
    },
    "contact.visit": {
        "ja": "前回訪問 {last}、通常 {usual}日ごと",
        "en": "last visit {last}, usually every {usual} days",
    },
    "contact.orders": {
        "ja": "前回注文 {last}、注文は通常 {usual}日ごと",
        "en": "last order {last}, usually every {usual} days",
    },
    # The {orders} part of the two above: the year-on-year change of the account's orders,
    # or, when the history does not cover the 12 months before the last 12, why there is none
    # (core.flags.prior_covered; trial 24: "+241.7%" on a customer that had stopped ordering).
    "action.at_risk_orders": {
        "ja": "直近12か月の受注 前年比 {change}",
        "en": "orders over the last 12 months {change} vs the year before",
    },
    "action.at_risk_orders_partial": {
        "ja": "直近12か月の受注 前年比 {change}(前年は履歴のある{months}か月を年換算)",
        "en": "orders over the last 12 months {change} vs the year before (its {months} months in the history, as a year)",
    },
    "action.at_risk_orders_unknown": {
        "ja": "受注の前年比なし(履歴は{first}から)",
        "en": "no year-on-year change of its orders (the history starts in {first})",
    },
    "action.behind_pace_lever": {
        "ja": "差の主因は{lever}です(実績 {actual} / 目標 {target}、売上への影響 {contribution})。{best}さん({best_value})にやり方を聞いてください",
        "en": "most of the gap is {lever} (actual {actual} vs target {target}, {contribution} of revenue); ask {best} ({best_value}) how they do it",
    },
    # The Review found the target's assumption off on the lever (core.review
    # _mark_assumption): no colleague to copy; the premise is what to revisit.
    "action.behind_pace_assumption": {
        "ja": "差の主因は{lever}です(実績 {actual} / 目標 {target}、売上への影響 {contribution})。{assumption}。個人の指導より、目標の前提を見直してください",
        "en": "most of the gap is {lever} (actual {actual} vs target {target}, {contribution} of revenue); {assumption}. Revisit the target's assumption rather than coach the rep",
    },
    # The Review found the gap mostly accounts lost this year (core.review _mark_lost).
    "action.behind_pace_lost": {
        "ja": "差の主因は取引終了した顧客 {name}({end} 終了{more}、前年同期より {lost})で、やり方の問題ではありません。埋め合わせ(新規開拓・既存顧客の深耕)の計画を担当者と決めてください",
        "en": "most of the gap is the lost account {name} (ended {end}{more}; {lost} vs the same months last year), not a way of working: agree with the rep how to make up for it (new accounts, more from existing ones)",
    },
    # No colleague to learn the lever from (core.review._days_alike: none works as many days
    # as the rep; trial 24 M2), rather than "the team's best".
    "action.behind_pace_lever_apart": {
        "ja": "差の主因は{lever}です(実績 {actual} / 目標 {target}、売上への影響 {contribution})。勤務日数が同じくらいの同僚がいないため、ほかの担当者とは比べていません。訪問計画の前倒しで取り戻してください",
        "en": "most of the gap is {lever} (actual {actual} vs target {target}, {contribution} of revenue); no colleague works as many days, so it is not compared with anyone's; bring visits forward",
    },
    # No model to compare with at all (the Review found none: nobody at work through every
    # month of the year so far, or the team's own row).
    "action.behind_pace_lever_plain": {
        "ja": "差の主因は{lever}です(実績 {actual} / 目標 {target}、売上への影響 {contribution})。訪問計画の前倒しで取り戻してください",
        "en": "most of the gap is {lever} (actual {actual} vs target {target}, {contribution} of revenue); bring visits forward",
    },
    # The model among the reps who work as many days as a part-timer (core.review._days_alike).
    "action.behind_pace_lever_alike": {
        "ja": "差の主因は{lever}です(実績 {actual} / 目標 {target}、売上への影響 {contribution})。勤務日({weekdays})が同じくらいの同僚のうち、{best}さん({best_value})にやり方を聞いてください",
        "en": "most of the gap is {lever} (actual {actual} vs target {target}, {contribution} of revenue); of the colleagues who work as many days ({weekdays}), ask {best} ({best_value}) how they do it",
    },
    "action.behind_pace_lever_self_alike": {
        "ja": "差の主因は{lever}です(実績 {actual} / 目標 {target}、売上への影響 {contribution})。勤務日({weekdays})が同じくらいの同僚の中で最高の値なので、訪問計画の前倒しで取り戻してください",
        "en": "most of the gap is {lever} (actual {actual} vs target {target}, {contribution} of revenue); already the best of the colleagues who work as many days ({weekdays}), so bring visits forward",
    },
    "action.behind_pace_lever_self": {
        "ja": "差の主因は{lever}です(実績 {actual} / 目標 {target}、売上への影響 {contribution})。チーム最高の値なので、訪問計画の前倒しで取り戻してください",
        "en": "most of the gap is {lever} (actual {actual} vs target {target}, {contribution} of revenue); already the team's best, so bring visits forward",
    },
    # --- Daily (visit plan) and Review sheets ---------------------------------------------------
    "daily.reason.at_risk": {"ja": "要注意顧客", "en": "at risk"},
    "daily.reason.at_risk_detail": {"ja": "要注意: {what}", "en": "at risk: {what}"},
    "daily.reason.at_risk_fading": {
        "ja": "受注が前年比 {change}",
        "en": "orders {change} vs last year",
    },
    "daily.reason.at_risk_neglected": {
        "ja": "{days}日訪問なし(通常 {interval}日ごと)",
        "en": "not visited for {days} days (usually every {interval})",
    },
    # Both in calendar days, as every "usually every N days" (trial 26: 「12営業日(通常 6日
    # ごと)」 read as two weeks late on a six-day rhythm, the units apart).
    "daily.reason.overdue": {
        "ja": "訪問間隔超過 {days}日(通常 {interval}日ごと)",
        "en": "overdue by {days} days (usually every {interval} days)",
    },
    "daily.reason.due": {
        "ja": "訪問時期(通常 {interval}日ごと)",
        "en": "due (usually every {interval} days)",
    },
    "daily.reason.ahead": {
        "ja": "前倒し(訪問目標のペース維持・混む日の平準化)",
        "en": "ahead of time (keeps the visit target's pace, evens out busy days)",
    },
    # The amount is the sheet's own column (直近12か月売上) beside the reason: not said again,
    # so the reason with its yen at stake fits the column.
    "daily.reason.high_value": {"ja": "重要顧客", "en": "high value"},
    "daily.reason.meeting": {
        "ja": "新規開拓: 1日あたりアポ打診 {attempts}件・商談 {meetings}件(新規顧客目標のペース)",
        "en": "prospecting: {attempts} appointment attempts and {meetings} meetings a day (new-account target pace)",
    },
    # The day's pace gap (core.daily): visits the pace asks for that no account past its rest
    # (half its usual interval) can fill. One line each, within the reason column: sent to
    # prospecting where the book has its targets (the 新規開拓 line follows), else said alone.
    "daily.pace_gap_prospecting": {
        "ja": "訪問ペースに届かない分 {gap}件: 新規開拓/見込み客へ",
        "en": "{gap} visits short of the pace: to prospecting and prospects",
    },
    "daily.pace_gap": {
        "ja": "訪問ペースに届かない分 {gap}件(通常間隔の半分を過ぎた顧客なし)",
        "en": "{gap} visits short of pace (no account past half its interval left)",
    },
    "daily.pace_gap_name": {"ja": "ペース不足", "en": "pace gap"},
    "daily.reason.capacity": {
        "ja": "未計画: 期間中の毎日が訪問上限 {capacity}件で埋まっています(期限 {due}、通常 {interval}日ごと)",
        "en": "not scheduled: every day of the list is full at the capacity of {capacity} visits (due {due}, usually every {interval} days)",
    },
    "daily.day": {
        "ja": "訪問 {visits}件/上限 {capacity}件|必要ペース/日: 訪問 {pace_visits}・受注 {pace_orders}・売上 {pace_revenue}{route}",
        "en": "{visits} visits / capacity {capacity} | pace needed per day: visits {pace_visits}, orders {pace_orders}, revenue {pace_revenue}{route}",
    },
    # A pace of exactly 0: nothing of that target is left for the year (reached, or no target);
    # 「0.0」 read as "nothing needed today" (trial 27 L5).
    "daily.pace_none": {"ja": "残りなし", "en": "none left"},
    "daily.day_off": {
        "ja": "休み(直近12か月、{dow}曜日の訪問はほぼなし)|訪問計画なし",
        "en": "day off (almost no visits on {dow} in the last 12 months) | no visits planned",
    },
    "daily.day_leave": {
        "ja": "休暇・不在(休暇・不在シート)|訪問計画なし・この日の分のペースは求めません",
        "en": "on leave (Leave sheet) | no visits planned, and no pace is asked for this day",
    },
    "daily.day_before": {
        "ja": "訪問 {visits}件/上限 {capacity}件|計画年度の開始前(必要ペースは期首から){route}",
        "en": "{visits} visits / capacity {capacity} | before the plan year (its pace starts on its first day){route}",
    },
    "daily.route": {
        "ja": "|{km} km",
        "en": " | {km} km",
    },
    "daily.unknown_rep": {
        "ja": "担当者 {rep} は計画にいません(担当者: {reps})",
        "en": "rep {rep} is not in the plan (reps: {reps})",
    },
    "daily.departed_rep": {
        "ja": "{rep} さんは退職・異動とみなした担当者です(最後の受注・訪問 {last}): 訪問計画はありません。顧客は引き継いだ担当者のリストに載ります",
        "en": "{rep} is taken as having left (last order or visit {last}): no visit list; the accounts are on the lists of the reps who took them over",
    },
    "daily.bad_days": {
        "ja": "営業日数は1〜260で指定してください: {days}",
        "en": "days must be between 1 and 260: {days}",
    },
    "daily.reason.stake": {"ja": "影響額 {value}", "en": "at stake {value}"},
    # The stake (core.daily): the orders of the days the account waits, said as those days.
    "daily.reason.stake_share": {
        "ja": "影響額 {value}(受注{days}日分)",
        "en": "at stake {value} ({days} days of its orders)",
    },
    # The stake based on the 12 months before the last 12 (core.daily: a fading account counts
    # at what it used to buy), which the row's 直近12か月売上 does not show: named, so a stake
    # above that column reads as meant (trial 19).
    "daily.reason.stake_share_prior": {
        "ja": "影響額 {value}(前年の受注{days}日分)",
        "en": "at stake {value} ({days} days of its orders the year before)",
    },
    "daily.span.as_of": {
        "ja": "{first}から{days}営業日分の訪問計画。入力された基準日(AsOf) {as_of} の当日から(休日なら翌営業日から)。実績は{through}まで",
        "en": "Visit plan for {days} working days from {first}: it starts on the as-of date entered (AsOf {as_of}; a holiday: the next working day). Actuals through {through}",
    },
    "daily.span.next": {
        "ja": "{first}から{days}営業日分の訪問計画。基準日(AsOf)が空欄のため実績の最終日 {through} の翌営業日から(今日からにするには最新の受注・訪問を貼り付けてください。AsOf に今日を入れると、その間は売上のない日として進捗に数えられます)。実績は{through}まで",
        "en": "Visit plan for {days} working days from {first}: AsOf is blank, so it starts on the working day after the last day of actuals, {through} (to start today, paste the latest orders and visits; today's date in AsOf would count the days in between as days without sales). Actuals through {through}",
    },
    "daily.span.next_visit": {
        "ja": "{first}から{days}営業日分の訪問計画。基準日(AsOf)が空欄のため受注の最終日 {as_of} を基準日とし、その後に入力された最後の訪問 {visits} の翌営業日から(訪問は接触として数えます)。実績は{through}まで",
        "en": "Visit plan for {days} working days from {first}: AsOf is blank, so the as-of date is the last order, {as_of}, and the list starts on the working day after the last visit typed since, {visits} (those visits count as contact). Actuals through {through}",
    },
    # AsOf blank and the run made after the data's end: the days in between are gone.
    "daily.span.today": {
        "ja": "{first}から{days}営業日分の訪問計画。基準日(AsOf)が空欄で、実績の最終日 {through} の翌営業日は過ぎているため、今日 {today} 以降の最初の営業日から(その後の受注・訪問は未入力です。最新の実績を貼り付けてください)。実績は{through}まで",
        "en": "Visit plan for {days} working days from {first}: AsOf is blank and the working day after the last day of actuals, {through}, is past, so it starts on the first working day from today, {today} (the orders and visits since are not in yet; paste the latest). Actuals through {through}",
    },
    # The last day of actuals when visits run past the last order (daily.span.* {through}).
    "daily.through_split": {
        "ja": "受注{orders}・訪問{visits}",
        "en": "orders {orders}, visits {visits}",
    },
    "daily.span.from": {
        "ja": "{first}から{days}営業日分の訪問計画(指定された開始日から。休日なら翌営業日から)。実績は{through}まで",
        "en": "Visit plan for {days} working days from {first} (the start day asked for; a holiday: the next working day). Actuals through {through}",
    },
    "daily.date_dow": {"ja": "{month}/{day}({dow})", "en": "{dow} {month}/{day}"},
    "daily.weekdays": {"ja": "月,火,水,木,金,土,日", "en": "Mon,Tue,Wed,Thu,Fri,Sat,Sun"},
    "daily.not_scheduled": {"ja": "未計画", "en": "not scheduled"},
    # --- daily22: the Daily's stake rule, the not-scheduled summary, orders on days off ---
    # One line per rep for the not-scheduled accounts beyond those listed (most at stake first).
    "daily.not_scheduled_more": {
        "ja": "ほか未計画 {count}件(影響額 計 {stake})。訪問の入れ替え・担当替え・見送りを上長と相談してください",
        "en": "{count} more not scheduled ({stake} at stake in all): talk to your manager about swapping visits, handing accounts over or letting them wait",
    },
    "daily.not_scheduled_more_name": {"ja": "ほか未計画", "en": "more not scheduled"},
    # --- fix23f: working weekdays (Settings WorkingDays) and orders on days off ---
    # validation.weekdays: a material share of orders on the company's days off.
    "orders_on_days_off": {
        "ja": "受注 {total}件のうち {count}件({share})が休業日の日付です(土曜 {saturday}・日曜 {sunday}・祝日/会社休日 {holiday})。月・年の実績と目標にはこれらも入っていますが、目標の1日あたりの数と訪問計画の1日あたりの必要ペースは営業日({weekdays_ja}、祝日と休日シートの休日を除く)だけで割っています。営業する曜日(祝日も営業するなら 月-土・祝 のように)は設定シートの「営業曜日」で、会社の休業日は休日シートで変えられます",
        "en": "{count} of {total} orders ({share}) are dated on days off (Saturday {saturday}, Sunday {sunday}, holidays {holiday}). They count in every month and year total, but per-day targets and the Daily list's pace per day divide over working days only ({weekdays_en}, without national holidays and the Holidays sheet's days). Set the weekdays you work (national holidays too: e.g. Mon-Sat+holidays) with Settings WorkingDays, company days off on the Holidays sheet",
    },
    # The same when Saturdays alone are DAYS_OFF_SHARE of the orders and not working days.
    "orders_on_saturdays": {
        "ja": "受注 {total}件のうち {count}件({share})が休業日の日付で、うち土曜が {saturday}件({saturday_share})です(日曜 {sunday}・祝日/会社休日 {holiday})。設定シートの「営業曜日」が {weekdays_ja} のため土曜は営業日に数えず、目標の1日あたりの数・訪問計画・進捗は{weekdays_ja}の営業日だけで割っています。土曜も営業しているなら「営業曜日」を {suggest_ja} にしてください(祝日の土曜は休みのまま)",
        "en": "{count} of {total} orders ({share}) are dated on days off, {saturday} of them ({saturday_share}) on Saturdays (Sunday {sunday}, holidays {holiday}). Settings WorkingDays is {weekdays_en}, so Saturdays are not working days: per-day targets, the Daily list and pace count {weekdays_en} only. If you work Saturdays, set WorkingDays to {suggest_en} (a holiday Saturday stays off)",
    },
    # The Saturday line when only some Saturdays carry orders (trial 45 M5: the 1st and 3rd).
    "orders_on_some_saturdays": {
        "ja": "受注 {total}件のうち {count}件({share})が休業日の日付で、うち土曜が {saturday}件({saturday_share})です(日曜 {sunday}・祝日/会社休日 {holiday})。受注のある土曜は {saturdays}回のうち {busy}回で、{which_ja}だけ営業しているようです。設定シートの「営業曜日」が {weekdays_ja} のため土曜は営業日に数えず、目標の1日あたりの数・訪問計画・進捗は{weekdays_ja}の営業日だけで割っています。一部の土曜だけ営業なら「営業曜日」を {suggest_ja} にして、休む土曜を休日シートに入力してください(月-土のままだと休む土曜も営業日に数え、1日あたりの目標が低くなります)",
        "en": "{count} of {total} orders ({share}) are dated on days off, {saturday} of them ({saturday_share}) on Saturdays (Sunday {sunday}, holidays {holiday}). {busy} of {saturdays} Saturdays carry orders: you seem to work the {which_en} only. Settings WorkingDays is {weekdays_en}, so Saturdays are not working days: per-day targets, the Daily list and pace count {weekdays_en} only. If you work some Saturdays, set WorkingDays to {suggest_en} and list the Saturdays off on the Holidays sheet (with {suggest_en} alone every Saturday counts as a working day and the per-day targets come out low)",
    },
    # The same when national holidays look worked (an average 祝日 holds at least half a
    # working day's orders) and WorkingDays closes them (trial 38).
    "orders_on_national_holidays": {
        "ja": "受注 {total}件のうち {count}件({share})が休業日の日付で、うち祝日が {national}件({national_share})です(土曜 {saturday}・日曜 {sunday}・会社休日 {company})。祝日の受注は1日平均 {per_holiday}件と営業日(1日平均 {per_day}件)並みで、祝日も営業しているようです。いまは祝日を営業日に数えないため、目標の1日あたりの数・訪問計画・進捗は祝日を除いた営業日だけで割っています(その分1日あたりが高くなります)。祝日も営業しているなら設定シートの「営業曜日」を {suggest_ja} にしてください(休日シートの休日は休みのまま。休日シートでは祝日を営業日にできません)",
        "en": "{count} of {total} orders ({share}) are dated on days off, {national} of them ({national_share}) on national holidays (Saturday {saturday}, Sunday {sunday}, company holidays {company}). A national holiday averages {per_holiday} orders, like a working day ({per_day}): you seem to work national holidays. They are not counted as working days now, so per-day targets, the Daily list and pace divide over the other working days only (higher per day). If you work national holidays, set Settings WorkingDays to {suggest_en} (the Holidays sheet's days stay off; the Holidays sheet cannot make a national holiday a working day)",
    },
    # validation.settings: a WorkingDays value that names no weekdays.
    "setting_weekdays_invalid": {
        "ja": "設定「営業曜日」(WorkingDays)の「{value}」を曜日として読めません。{accepted} のように入力してください(既定値 {default} で計算しました)",
        "en": "setting WorkingDays: '{value}' names no weekdays; type e.g. {accepted} (calculated with the default, {default})",
    },
    # --- end fix23f ---
    "daily.prospecting": {"ja": "新規開拓", "en": "prospecting"},
    "daily.day_label": {"ja": "【{date}】", "en": "[{date}]"},
    "daily.empty": {
        "ja": "訪問履歴がないため、訪問計画は作れません",
        "en": "no visit history: no visit plan",
    },
    # --- daily21: a book of orders only plans from its order days; off-season accounts ---
    # Appended to the list's first line (daily.span.*) when the book has no visit records.
    "daily.from_orders": {
        "ja": "訪問記録がないため、受注日を納品(訪問)として計画しました",
        "en": "No visit records: each order day is taken as a delivery visit",
    },
    # One line per rep: accounts left out because they did not order in these months last year.
    "daily.off_season": {
        "ja": "季節休業中 {count}件(前年の同じ時期に受注なし。一覧から除外)",
        "en": "{count} off season (no orders at this time last year; left off the list)",
    },
    # One line per cover and per rep on leave (core.daily.leave_covers): a colleague's accounts
    # on the cover's list on the leave days, or on nobody's.
    "daily.covering": {
        "ja": "休暇中の{holder}さんの顧客 {count}件を、休暇の日はこの一覧に入れています(休暇中の代行訪問の記録から)",
        "en": "{count} accounts of {holder} (on leave) are on this list on the leave days (from the cover visits so far)",
    },
    "daily.uncovered": {
        "ja": "休暇中の担当顧客 {count}件は、休暇の日は誰の計画にも入っていません(休暇・不在シートの過去の休暇に同僚の代行訪問がなく、ほかの不在中に同僚がこの顧客の受注をつけた記録もないため。代行者を決めてください)",
        "en": "{count} accounts are on nobody's list on the leave days (no colleague's cover visits on his past leave on the Leave sheet, nor orders a colleague booked on them while he was away otherwise: choose a cover)",
    },
    # Trial 37 M2: the cover read from a stretch he was away that no Leave row declares
    # (core.at_work.absence_cover_stretches; {orders}: the colleague's account-days then).
    "daily.covering_absence": {
        "ja": "休暇中の{holder}さんの顧客 {count}件を、休暇の日はこの一覧に入れています(休暇・不在シートにない不在から: "
        "{holder}さんの受注がほぼない {when} に、{cover}さんが{holder}さんの顧客の受注を {orders}件つけています。"
        "この期間が休暇なら休暇・不在シートに入れてください)",
        "en": "{count} accounts of {holder} (on leave) are on this list on the leave days (from an absence not on the Leave sheet: "
        "{cover} booked {orders} orders on {holder}'s accounts {when}, when {holder} booked almost none. "
        "If that was leave, add it on the Leave sheet)",
    },
    # daily34 (trial 34 L6): a list that starts after working days the data do not reach
    # (core.daily.on_rhythm); appended to the list's first line.
    "daily.assumed": {
        "ja": "{first}〜{last} は実績がないため、訪問間隔の分かる顧客 {count}件は、その間も通常の間隔で"
        "訪問したものとして期限を数えました(期限を過ぎていた顧客は {first} に。前回訪問の列はその見込みの日。"
        "長く訪問のない要注意の顧客は実績のまま)",
        "en": "No actuals for {first} – {last}: the {count} accounts with a visit rhythm are "
        "counted as visited at their usual interval through those days (one past its deadline "
        "on {first}; the last-visit column shows that expected day; at-risk accounts long "
        "unvisited keep their last visit)",
    },
    # The same in a book without visit records: the rhythm is the order days' (review 34).
    "daily.assumed_orders": {
        "ja": "{first}〜{last} は実績がないため、注文間隔の分かる顧客 {count}件は、その間も通常の間隔で"
        "注文(訪問)があったものとして期限を数えました(期限を過ぎていた顧客は {first} に。前回訪問の列は"
        "その見込みの日。長く注文のない要注意の顧客は実績のまま)",
        "en": "No actuals for {first} – {last}: the {count} accounts with an order rhythm are "
        "counted as served at their usual interval through those days (one past its deadline "
        "on {first}; the last-visit column shows that expected day; at-risk accounts long "
        "without an order keep their last order)",
    },
    # daily34 (trial 34 M2): a book without visit records reads the cover from the orders a
    # colleague booked on the accounts while their rep was away (core.daily.leave_covers).
    "daily.covering_orders": {
        "ja": "休暇中の{holder}さんの顧客 {count}件を、休暇の日はこの一覧に入れています(訪問記録がないため受注の記録から: "
        "{holder}さんの不在中({when})に、{holder}さんの顧客の受注 {orders}件を{cover}さんがつけています)",
        "en": "{count} accounts of {holder} (on leave) are on this list on the leave days (no visit records, "
        "so from the orders: while {holder} was away ({when}), {cover} booked {orders} orders on them)",
    },
    # t35 (trial 35 M2): a taker of a departed colleague's accounts (core.daily.taken_days):
    # what his pace counts, one line before his days.
    "daily.taken": {
        "ja": "{since}に引き継いだ顧客 {count}件(退職・異動した前任者の {total}件のうち)の分も必要ペースに入っています: "
        "ご自身の目標と、前任者の目標のうちこの{count}件の分({since}以降)から、引継ぎ後の分を含む今年度の実績を引いた残りです",
        "en": "The pace includes the {count} accounts taken over on {since} (of the {total} a colleague "
        "who left held): your own target plus his target for them from {since} on, less what you "
        "have done this year, takeover included",
    },
    "daily.taken_undated": {
        "ja": "引き継いだ顧客 {count}件(退職・異動した前任者の {total}件のうち)の分も必要ペースに入っています: "
        "前任者の目標のうちこの{count}件の分の、一覧の初日以降の分を加えています",
        "en": "The pace includes the {count} accounts taken over (of the {total} a colleague who left "
        "held): his target for them from the list's first day on is added",
    },
    "daily.uncovered_orders": {
        "ja": "休暇中の担当顧客 {count}件は、休暇の日は誰の計画にも入っていません(訪問記録がなく、"
        "不在中に同僚がこの顧客の受注をつけた記録もないため。代行者を決めてください)",
        "en": "{count} accounts are on nobody's list on the leave days (no visit records, and no "
        "colleague booked orders on them while their rep was away: choose a cover)",
    },
    # --- end daily21 ---
    # --- daily23: visit records that begin inside the baseline (the plan has no visits) ---
    # Appended to the list's first line (daily.span.*): where each account's rhythm was read.
    "daily.rhythm_mixed": {
        "ja": "訪問記録が基準期間に満たないため、訪問間隔は訪問{min}回以上の{visits}件は訪問記録から、"
        "ほか{orders}件は受注日(納品)から読みました",
        "en": "Visit records do not cover the baseline: the visit rhythm of the {visits} accounts "
        "with {min} or more visits is read from them, of the other {orders} from order days "
        "(deliveries)",
    },
    # The same when the history's order days per account were not read (a compact history
    # built without them): every account from its visits.
    "daily.rhythm_visits": {
        "ja": "訪問記録が基準期間に満たないため、訪問間隔は訪問記録から読みました"
        "(訪問{min}回以上 {visits}件。受注日は読めていません)",
        "en": "Visit records do not cover the baseline: the visit rhythm is read from them "
        "({visits} accounts with {min} or more visits; order days were not read)",
    },
    # --- end daily23 ---
    "review.kpi.timing": {
        "ja": "時期要因(季節・営業日)",
        "en": "Timing (seasonality, working days)",
    },
    "review.kpi.unsplit": {
        "ja": "担当者のレバーで説明できない差",
        "en": "Not explained by any rep's levers",
    },
    # Accounts that changed hands during the plan year (core.review.handed_over): the giver's
    # rows under revenue, and a rep with no plan (a newcomer who took accounts over). The
    # giver's finding names no other rep: a per-rep copy (routekpi share) withholds text that
    # does, and who took what over is on the Checks sheet.
    "review.kpi.moved_accounts": {"ja": "担当替え顧客の売上", "en": "Handed-over accounts"},
    "review.kpi.revenue_kept": {"ja": "担当替え分を除く売上", "en": "Revenue w/o handover"},
    "review.kpi.taken_accounts": {"ja": "引継ぎ顧客の売上", "en": "Taken-over accounts"},
    "review.kpi.revenue_own": {"ja": "引継ぎ分を除く売上", "en": "Revenue w/o takeover"},
    "attainment.departed": {
        "ja": "退職・異動(最後の受注・訪問 {day}、年度の売上はここまで)",
        "en": "Left (last order or visit {day}; the year's revenue ends here)",
    },
    "review.no_target": {"ja": "目標なし", "en": "no target"},
    "review.trend.up": {"ja": "↑", "en": "↑"},
    "review.trend.down": {"ja": "↓", "en": "↓"},
    "review.trend.flat": {"ja": "→", "en": "→"},
    "review.finding.revenue": {
        "ja": "期初来の差 {gap}。主因は{lever}({contribution})",
        "en": "gap to date {gap}; mostly {lever} ({contribution})",
    },
    # A rep who took accounts over during the year: the main lever judged on his own book
    # (core.review._own_book_main), since the accounts taken over raise his active accounts.
    "review.finding.revenue_own_book": {
        "ja": "期初来の差 {gap}。引継ぎ分を除く差 {own_gap} の主因は{lever}({contribution})",
        "en": "gap to date {gap}; w/o takeover {own_gap}, mostly {lever} ({contribution})",
    },
    "review.finding.departed": {
        "ja": "退職・異動とみなしました(最後の受注・訪問 {day})。期初来の売上 {actual} はチームの実績に含みます",
        "en": "Taken as left (last order or visit {day}); the {actual} sold this year stays in the team's total",
    },
    # A rep behind only for a handover whose targets stayed with him (core.review
    # _mark_handover, render_handover.handover_finding): no lever to coach.
    "review.finding.revenue_handover": {
        "ja": "期初来の差 {gap} は{moved}によるもので、売り方の問題ではありません({own})",
        "en": "gap to date {gap}: {moved}, not the way of selling ({own})",
    },
    # On target on his own book (core.review.on_target): the handover's part of the gap
    # said, no lever named (fix30).
    "review.finding.on_track_own_book": {
        "ja": "期初来の差 {gap}。引継ぎ分を除く差 {own_gap}(目標どおり)",
        "en": "gap to date {gap}; w/o takeover {own_gap} (on target)",
    },
    "review.finding.on_track": {
        "ja": "期初来の差 {gap}(目標どおり)",
        "en": "gap to date {gap} (on target)",
    },
    # The model among the reps who work as many days as a part-timer (core.review._days_alike).
    "review.finding.main_alike": {
        "ja": "差の主因。勤務日({weekdays})が同じくらいの同僚のうち、{best}さん({value})のやり方を共有してもらいましょう",
        "en": "explains most of the gap; of the colleagues who work as many days ({weekdays}), learn from {best} ({value})",
    },
    # The lever adding most to a rep ahead of target (render_daily._finding): what carries
    # him ahead, no colleague to learn from (trial31 L8).
    "review.finding.main_ahead": {
        "ja": "目標を上回っている主因(このまま続けましょう)",
        "en": "carries most of the lead over the target (keep it up)",
    },
    "review.finding.main": {
        "ja": "差の主因。{best}さん({value})のやり方を共有してもらいましょう",
        "en": "explains most of the gap; learn from {best} ({value})",
    },
    # The lever is short for most reps at work, or for the best at it too (core.review,
    # MOST_SHORT_SHARE): the gap is the target's carried trend, not a way of working to copy.
    "review.finding.main_assumption": {
        "ja": "差の主因。{assumption}",
        "en": "explains most of the gap; {assumption}",
    },
    # The words the Review's main row and the Flags' behind-pace action share.
    "review.finding.assumption": {
        "ja": "{of}人中{short}人が目標に届かず、{best}。担当者より目標の前提(計画シートの{lever}の伸び {growth}{trend})がずれています",
        "en": "{short} of {of} reps are short, {best}: the target's assumption (the Plan's {lever} growth {growth}{trend}) is off, not the reps",
    },
    # No name: the Review's best-rep column has it, and a rep's shared copy would withhold
    # the whole advice for another rep's name (share.copies Guard).
    "review.finding.assumption_best_short": {
        "ja": "チーム最高の担当者も {attainment}",
        "en": "the team's best too at {attainment}",
    },
    "review.finding.assumption_best": {
        "ja": "チーム最高の担当者は {attainment}",
        "en": "the team's best at {attainment}",
    },
    "review.finding.assumption_trend": {
        "ja": "、うちこれまでの動きの延長 {trend}",
        "en": ", {trend} of it the past trend carried on",
    },
    # Most of the gap is accounts that ended this year (core.review, LOST_CAUSE_SHARE).
    "review.finding.revenue_lost": {
        "ja": "期初来の差 {gap}。主因は取引終了した顧客 {name}({end} 終了{more}、前年同期より {lost})",
        "en": "gap to date {gap}; mostly the lost account {name} (ended {end}{more}; {lost} vs the same months last year)",
    },
    "review.finding.lost_more": {"ja": " ほか{n}件", "en": " and {n} more"},
    "review.finding.main_apart": {
        "ja": "差の主因。勤務日({weekdays})が同じくらいの同僚がいないため、ほかの担当者とは比べていません(勤務日数で変わるKPIです)",
        "en": "explains most of the gap; no colleague works as many days ({weekdays}), so it is not compared with anyone's (the KPI depends on the days worked)",
    },
    "review.finding.apart": {
        "ja": "比較なし(勤務日({weekdays})が同じくらいの同僚なし)",
        "en": "not compared (no colleague works as many days: {weekdays})",
    },
    "review.finding.main_self_alike": {
        "ja": "差の主因(勤務日({weekdays})が同じくらいの同僚の中で最高の値)",
        "en": "explains most of the gap (already the best of the colleagues who work as many days: {weekdays})",
    },
    "review.finding.main_self": {
        "ja": "差の主因(チーム最高の値)",
        "en": "explains most of the gap (already the team's best)",
    },
    "review.finding.timing": {
        "ja": "月別目標の季節・営業日による差",
        "en": "seasonal / working-day timing of the monthly targets",
    },
    "review.finding.unsplit": {
        "ja": "計画のない担当者の売上や、売上ゼロ・レバーがゼロでレバー別に分けられない担当者の差",
        "en": "sales by reps without a plan, and gaps of reps with no sales or a lever at zero (no split by lever)",
    },
    "review.finding.moved_accounts": {
        "ja": "年度中に別の担当者へ渡した顧客 {accounts} 件{since}、目標の {share}(基準期間の売上比)",
        "en": "accounts handed to another rep in the year: {accounts}{since}, {share} of the target",
    },
    "review.finding.revenue_kept": {
        "ja": "渡した顧客を除く達成率 {attainment}(記帳どおりは {booked})",
        "en": "attainment without the handed-over accounts {attainment} ({booked} as booked)",
    },
    "review.finding.taken_accounts": {
        "ja": "年度中に別の担当者から引き継いだ顧客 {accounts} 件{since}、目標には含まれません",
        "en": "accounts taken over from another rep in the year: {accounts}{since}, not in the target",
    },
    "review.finding.revenue_own": {
        "ja": "引き継いだ顧客を除く達成率 {attainment}(記帳どおりは {booked})",
        "en": "attainment without the accounts taken over {attainment} ({booked} as booked)",
    },
    "review.finding.no_target": {
        "ja": "目標なし(計画にない担当者、{since}〜の実績のみ)",
        "en": "no target (a rep without a plan; actuals from {since})",
    },
    "review.finding.no_target_taken": {
        "ja": "目標なし(年度中に顧客 {accounts} 件を引き継ぎ{since})",
        "en": "no target (accounts taken over in the year: {accounts}{since})",
    },
    # The day accounts changed hands, after their count: blank when no line dates it yet
    # (never an empty range "(—〜)"). ``_inline``: inside a parenthesis already.
    "review.finding.since": {"ja": "({first}〜)", "en": " (from {first})"},
    "review.finding.since_inline": {"ja": "、{first}〜", "en": ", from {first}"},
    "review.finding.best": {"ja": "チーム最高", "en": "team best"},
    "review.finding.best_alike": {
        "ja": "勤務日({weekdays})が同じくらいの同僚の中で最高",
        "en": "best of the colleagues who work as many days ({weekdays})",
    },
    # The Review's best value, with what it is: attainment for book-size KPIs, else the KPI's
    # own value in its unit (a bare 1.04 beside 3.55 read as the same kind of number).
    "review.best.attainment": {"ja": "達成率 {value}", "en": "{value} of target"},
    "review.best.value": {"ja": "{value} {unit}", "en": "{value} {unit}"},
    "review.unit.visits_per_account": {"ja": "回/顧客・月", "en": "visits/account/month"},
    "review.unit.orders_per_visit": {"ja": "件/訪問", "en": "orders/visit"},
    "review.unit.orders_per_account": {"ja": "件/顧客・月", "en": "orders/account/month"},
    "review.unit.retention_months": {"ja": "か月", "en": "months"},
    "review.unit.count": {"ja": "件", "en": ""},
    "review.empty": {
        "ja": "計画年度がまだ始まっていないため、振り返りはありません",
        "en": "the plan year has not started: nothing to review yet",
    },
    "attainment.not_started": {
        "ja": "計画年度がまだ始まっていないため、達成状況はありません({plan} は {start} から。基準日 {as_of})",
        "en": "the plan year has not started: no attainment yet ({plan} starts {start}; as of {as_of})",
    },
    # --- recalc's console summary (cli._summary; --json is not translated) -------------------
    "recalc.period": {
        "ja": "  {plan}({months})、基準日 {as_of}",
        "en": "  {plan} ({months}), as of {as_of}",
    },
    "recalc.kgi": {
        "ja": "  KGI {kgi}  基準売上 {baseline}  必要な伸び率 {uplift}",
        "en": "  KGI {kgi}  baseline {baseline}  uplift {uplift}",
    },
    "recalc.landing": {
        "ja": "  {year} 着地見込み {total} = 実績 {actual}{done} + 見込み {expected}({rest})。KGI は着地見込み比 {over}",
        "en": "  {year} landing {total} = {actual} actual{done} + {expected} expected ({rest}); KGI {over} over it",
    },
    "recalc.landing_done": {"ja": "({month}まで)", "en": " to {month}"},
    "recalc.unit": {
        "ja": "  実現可能性は判定していません: KGI の単位を確認してください(下記)",
        "en": "  feasibility not judged: check the KGI's unit (see below)",
    },
    "recalc.feasible_record": {
        "ja": "  実現可能(チームの好調な年の伸びの範囲内。その伸びで {record} に届きます)",
        "en": "  feasible (within the team's strong-year growth, which reaches {record})",
    },
    "recalc.feasible_unrecorded": {
        "ja": "  到達可能(前年比の実績なし: 社内実績に照らした判断ではありません。全員が同時に上限に達した場合の最大 {reach})",
        "en": "  reachable (no year-on-year record: no judgement against the company's record; at most {reach} with every rep at his ceiling at once)",
    },
    "recalc.feasible": {
        "ja": "  実現可能(到達可能な最大KGI {reach})",
        "en": "  feasible (largest reachable KGI {reach})",
    },
    # After the feasibility line of a blank plan year nearly over (render.console_feasibility):
    # what the judgement covers, as the Plan's feasibility note says.
    "recalc.nearly_over": {
        "ja": "  (実現可能性は年度全体(12か月)での判定です。基準日 {as_of} でこの年度は12か月のうち{over}か月が過ぎ、残りは約{left}か月: KGI に届くかは計画シートの着地見込みで確かめてください。来年度 {next} を計画するなら、設定「計画年度」に {next_year} を入力してください)",
        "en": "  (feasibility judges the whole year, 12 months; at {as_of} {over} of them are over and about {left} left: whether the KGI is reached, see the landing on the Plan sheet. To plan next year, {next}, type {next_year} in PlanYear)",
    },
    "recalc.infeasible": {
        "ja": "  実現不可能: 到達可能な最大KGI {reach}、不足額 {gap}",
        "en": "  INFEASIBLE: largest reachable KGI {reach}, gap {gap}",
    },
    "recalc.below_trend": {
        "ja": "  チーム自身の傾向({trend})を下回る目標です: いつもの伸びより低い目標になっています",
        "en": "  below the team's own trend ({trend}): the targets ask less than its usual growth",
    },
    "recalc.flags": {
        "ja": "  フラグ: 重大 {crit} 件、警告 {warn} 件、情報 {info} 件",
        "en": "  flags: {crit} critical, {warn} warnings, {info} info",
    },
    "recalc.flags_capped": {
        "ja": "  (フラグシートの要注意顧客は担当者ごとにリスク額の大きい {per_rep} 件まで。ほか {more} 件は担当者ごとに1行にまとめました)",
        "en": "  (the Flags sheet lists each rep's {per_rep} at-risk accounts with most at stake; {more} more are one line per rep)",
    },
    "recalc.checks": {
        "ja": "  チェック: 重大 {crit} 件、エラー {error} 件(使わなかった行)、警告 {warn} 件、情報 {info} 件(チェックシート)",
        "en": "  checks: {crit} critical, {error} errors (rows left out), {warn} warnings, {info} info (Checks sheet)",
    },
    "recalc.rows": {
        "ja": "  {rows} 行を読み込み、チェック {checks} 件、{seconds} 秒",
        "en": "  {rows} rows read, {checks} checks, {seconds} s",
    },
    "recalc.input_problems": {
        "ja": "入力の問題 {count} 件をチェックシートに記載しました",
        "en": "{count} input problems listed on the Checks sheet",
    },
    "recalc.sources": {"ja": "  履歴の読み込み元: {where}", "en": "  history from {where}"},
    # --- Plan sheet ---------------------------------------------------------------------------
    "plan.kgi": {"ja": "KGI(年間売上目標)", "en": "KGI (plan-year revenue goal)"},
    "plan.baseline": {"ja": "前年実績(基準)売上", "en": "Baseline revenue (last year)"},
    "plan.baseline_lost": {
        "ja": "(取引を終えた大口顧客 {count}件の {revenue} を除く。下の注意の行)",
        "en": " (less {revenue} of lost large accounts, {count}: the note below)",
    },
    "plan.uplift": {"ja": "必要な伸び率", "en": "Required uplift"},
    "plan.feasible": {"ja": "実現可能性", "en": "Feasibility"},
    "plan.max_reachable": {"ja": "到達可能な最大KGI", "en": "Largest reachable KGI"},
    "backtest.max_reachable": {
        "ja": "到達可能な最大KGI(全担当者が同時に最高の年を迎えた場合)",
        "en": "Largest reachable KGI (every rep at its best year at once)",
    },
    "plan.gap": {"ja": "不足額", "en": "Gap"},
    "plan.gap_record": {"ja": "好調な年との差", "en": "Beyond a strong year"},
    "plan.as_of": {"ja": "基準日", "en": "As of"},
    "plan.period": {"ja": "計画期間", "en": "Plan period"},
    # A blank PlanYear nearly over at the as-of date (validation.plan_year: a Checks warning too).
    "plan.period_nearly_over": {
        "ja": "{first} – {last}。計画年度が空欄のため基準日の年度を計画しました: 基準日 {as_of} で12か月のうち{over}か月が過ぎ、残りは約{left}か月です。来年度 {next} を計画するなら、設定「計画年度」に {next_year} を入力してください",
        "en": "{first} – {last}. PlanYear is blank, so this is the as-of date's year: at {as_of} {over} of its 12 months are over and about {left} are left. To plan next year, {next}, type {next_year} in PlanYear",
    },
    # The feasibility of a blank plan year nearly over (validation.plan_year's warning): the
    # judgement is the whole year's, and a plain 実現可能 read as "this plan is fine" (trial 28).
    "plan.feasible_nearly_over": {
        "ja": "要注意: 年度の残り約{left}か月",
        "en": "CAUTION: about {left} month(s) of the year left",
    },
    "plan.feasible_nearly_over_note": {
        "ja": "「{feasible}」は年度全体(12か月)での判定です。基準日 {as_of} でこの年度は12か月のうち{over}か月が過ぎ、残りは約{left}か月のため、KGI に届くかは着地見込み(下記)で確かめてください。来年度 {next} を計画するなら、設定「計画年度」に {next_year} を入力してください",
        "en": '"{feasible}" judges the whole year (12 months). At the as-of date {as_of}, {over} of its 12 months are over and about {left} are left: whether the KGI is reached, see the landing below. To plan next year, {next}, type {next_year} in PlanYear',
    },
    "plan.status_nearly_over": {
        "ja": "{status} / 要注意: 年度の残り約{left}か月(計画年度が空欄)",
        "en": "{status} / CAUTION: about {left} month(s) of the year left (PlanYear blank)",
    },
    "plan.feasible_yes": {
        "ja": "実現可能(社内実績の範囲内)",
        "en": "feasible (within the company's own record)",
    },
    # Above the strong-year KGI, within what the team's trends give (validation.settings).
    "plan.feasible_heading": {
        "ja": "実現可能(これまでの伸びのまま進めば届く)",
        "en": "feasible (the team's trends reach it)",
    },
    # Reachable on the ceilings, but the history has no year-on-year record to judge it by
    # (core.stretch.unrecorded; trial 24: 15 months called "within the company's record").
    "plan.feasible_unrecorded": {
        "ja": "到達可能(前年比の実績なし: 上限は月次の水準から)",
        "en": "reachable (no year-on-year record: ceilings from monthly levels)",
    },
    "plan.feasible_stretch": {
        "ja": "チーム実績を超える",
        "en": "beyond the team's record",
    },
    "plan.record": {
        "ja": "チームの好調な年並みの伸びで届くKGI",
        "en": "KGI at the team's strong-year growth",
    },
    "plan.record_note": {
        "ja": "基準比 {growth}: チーム売上の前年比(12か月ごと)の{pct}パーセンタイル {annual}/年 で基準期間から計画年度まで伸びた場合",
        "en": "{growth} on the baseline: the team's own year-on-year revenue change at its {pct}th percentile ({annual} a year), from the baseline to the plan year",
    },
    "ceiling.largest": {"ja": "最大値", "en": "largest"},
    "ceiling.percentile": {"ja": "{pct}パーセンタイル", "en": "{pct}th percentile"},
    "plan.record_none": {
        "ja": "履歴が約2年半に満たず、チームの前年比の実績がまだ測れません",
        "en": "under about 2½ years of history: the team's year-on-year record cannot be measured yet",
    },
    "plan.trend_kgi": {
        "ja": "これまでの伸びのまま進んだ場合の売上",
        "en": "Revenue if the team keeps its trends",
    },
    # The trends of the reps at work through the baseline window (core.targets.team_trend_kgi).
    "plan.trend_note_like": {
        "ja": "。伸びは基準期間を通して在籍した担当者のもので、途中から入った担当者({reps})の顧客が増えていくのは立ち上がりとして数えません",
        "en": ". The trends are those of the reps at work through the whole baseline; the book of a rep who started inside it ({reps}) filling up is his start, not the team's growth",
    },
    "plan.trend_note": {
        "ja": "基準比 {growth}: 各レバーが自社の履歴どおりの伸び(稼働顧客数は顧客の増減の流れ)で計画年度まで進んだ場合。KGIがこれを下回ると、目標はこれまでの伸びより低くなります(2%以上下回ると警告)",
        "en": "{growth} on the baseline: every lever keeps moving as it has here (active accounts by the account flows) to the plan year; a KGI below it asks less than the usual growth (more than 2% below: a warning)",
    },
    "plan.max_note": {
        "ja": "全担当者が同時にそれぞれの上限に達した場合",
        "en": "with every rep at its own ceiling in the same year",
    },
    "plan.feasible_no": {
        "ja": "実現不可能(全レバーが根拠上限)",
        "en": "infeasible (every lever at its evidence ceiling)",
    },
    "plan.lever": {"ja": "レバー: {kpi}", "en": "Lever: {kpi}"},
    "plan.lever_note": {
        "ja": "基準 {base} → 目標 {target}(×{uplift}、上限 {ceiling}){capped}",
        "en": "baseline {base} → target {target} (×{uplift}, ceiling {ceiling}){capped}",
    },
    "plan.capped": {"ja": "、上限に到達した担当者あり", "en": "; capped for some reps"},
    "plan.identity": {
        "ja": "検算: 稼働顧客数 × 訪問頻度 × 訪問あたり受注数 × 取引単価 × 12か月",
        "en": "Check: active accounts × visits per account × orders per visit × unit price × 12 months",
    },
    "plan.identity_novisit": {
        "ja": "検算: 稼働顧客数 × 顧客あたり受注数 × 取引単価 × 12か月",
        "en": "Check: active accounts × orders per account × unit price × 12 months",
    },
    "plan.check": {"ja": "検算(KPIの積)", "en": "Check (product of the KPIs)"},
    "plan.mix": {
        "ja": "担当者構成の変化 ×{factor}(伸びる担当者の単価・頻度が違うため)= 計画売上",
        "en": "rep mix ×{factor} (growth lands on reps with other prices and frequencies) = planned revenue",
    },
    # The same factor as the baseline's: the reps differ, the plan's growth does not shift it.
    "plan.mix_base": {
        "ja": "担当者構成 ×{factor}(担当者ごとに単価・頻度が違うため、チームの比率の積は担当者ごとの積の合計と一致しません。前年も ×{base})= 計画売上",
        "en": "rep mix ×{factor} (reps' prices and frequencies differ, so the team's ratios do not multiply to the reps' sum; last year too ×{base}) = planned revenue",
    },
    "plan.mix_split": {
        "ja": "担当者構成 ×{factor}(担当者ごとに単価・頻度が違うため: 前年の構成のままで ×{base}、伸びる担当者の違いで ×{change})= 計画売上",
        "en": "rep mix ×{factor} (reps' prices and frequencies differ: ×{base} at last year's mix, ×{change} from where the growth lands) = planned revenue",
    },
    # The check a little off the KGI with no ×factor worth showing (trial14: ¥1,199,499,803).
    "plan.mix_small": {
        "ja": "(計画売上との差 {diff} は、チームの比率を前年の担当者構成で平均しているためです。担当者ごとのKPIの積の合計は {revenue})",
        "en": " (the {diff} to the planned revenue is because the team's ratios are averaged at last year's rep mix; the reps' own KPI products add up to {revenue})",
    },
    # Most of the growth on one lever: where it comes from, and how to plan without it.
    "plan.lever_source": {"ja": "伸びの出どころ", "en": "Where the growth comes from"},
    "plan.lever_source_trend": {
        "ja": "{lever}の伸び {uplift} が計画の伸び {growth} の大半です。うち {trend} は、チームの{lever}のこれまでの動き(前年比 {history}。この1年の平均で年 {annual})が、基準期間から計画年度まで({months}か月分)続くと見た分で、KGIに合わせた上乗せは {push} です。",
        "en": "{lever} {uplift} is most of the plan's {growth}: {trend} of it is the team's own movement of it so far (year on year {history}; {annual} a year over the last year) carried on from the baseline to the plan year ({months} months), and {push} is what the KGI adds.",
    },
    "plan.lever_source_year": {"ja": "〜{month} {change}", "en": "to {month} {change}"},
    # A one-off price step found (core.levers.price_step): said where the price growth is shown.
    "plan.lever_source_step": {
        "ja": "{month}の{size}は一度きりの単価の段差(価格改定・補助金や保険の変更など)とみなし、毎年の伸びとしては見込んでいません(改定を分けずに過去1年ごとの伸びから読めば {replaced})。",
        "en": " The {size} in {month} is taken as a one-off step in price (a revision, a subsidy change) and not repeated as a yearly rise ({replaced} read from the past years' changes with it left in).",
    },
    # price27: the same for a step found in the price per unit (core.levers.unit_step) and
    # for a revision declared on Settings (the manager's own statement: no "taken as").
    "plan.lever_source_step_units": {
        "ja": "価格(金額÷数量)は{month}に{size}変わりました。一度きりの価格改定として、毎年の伸びとしては見込んでいません(改定を分けずに過去1年ごとの伸びから読めば {replaced})。それ以外の動きは注文の大きさ(1受注あたりの数量)の変化です。",
        "en": " Prices (amount ÷ quantity) changed by {size} in {month}: a one-off revision, not repeated as a yearly rise ({replaced} read from the past years' changes with it left in); the rest is the size of the orders (quantity per order).",
    },
    "plan.lever_source_declared": {
        "ja": "設定シートの価格改定({month} {size})は一度きりの改定として、毎年の伸びとしては見込んでいません(改定を分けずに過去1年ごとの伸びから読めば {replaced})。",
        "en": " The price revision set on Settings ({size} in {month}) is a one-off, not repeated as a yearly rise ({replaced} read from the past years' changes with it left in).",
    },
    "plan.lever_source_accounts": {
        "ja": "{lever}の伸び {uplift} が計画の伸び {growth} の大半です。うち {trend} は顧客の増減の流れ(通常の解約率と新規獲得のペース)による分で、KGIに合わせた上乗せは {push} です。",
        "en": "{lever} {uplift} is most of the plan's {growth}: {trend} of it comes from the account flows (the usual churn and pace of wins), and {push} is what the KGI adds.",
    },
    "plan.lever_source_push": {
        "ja": "{lever}の伸び {uplift} が計画の伸び {growth} の大半です。これまでの動きからの見込みは {trend} で、KGIに合わせた上乗せが {push} です。",
        "en": "{lever} {uplift} is most of the plan's {growth}: {trend} from its movement so far, {push} added for the KGI.",
    },
    "plan.lever_source_if_price": {
        "ja": "値上げの予定がなければ、設定シートで LeverMix を policy、{weight} を 0 にすると、{lever}は前年の水準のまま、伸びは他のレバーに振り分けられます(policy では、どのレバーにも過去の伸びを見込まず、重点の比率だけで配分します)。",
        "en": " With no price increase planned, set LeverMix to policy and {weight} to 0 on Settings: {lever} then stays at last year's level and the growth goes to the other levers (under policy no lever carries its past trend; the weights alone spread the growth).",
    },
    "plan.lever_source_if": {
        "ja": "この伸びを見込まないなら、設定シートで LeverMix を policy、{weight} を 0 にすると、{lever}は前年の水準のまま、伸びは他のレバーに振り分けられます(policy では、どのレバーにも過去の伸びを見込まず、重点の比率だけで配分します)。",
        "en": " To plan without it, set LeverMix to policy and {weight} to 0 on Settings: {lever} then stays at last year's level and the growth goes to the other levers (under policy no lever carries its past trend; the weights alone spread the growth).",
    },
    # trial 34 H1: a price revision planned on Settings, said apart from the past movement.
    "plan.lever_source_planned": {
        "ja": "{lever}の伸び {uplift} が計画の伸び {growth} の大半です。うち {planned} は設定シートの価格改定({month} {size})による年間の{lever}の変化、{past} はチームの{lever}のこれまでの動き(前年比 {history})が基準期間から計画年度まで({months}か月分)続くと見た分で、KGIに合わせた上乗せは {push} です。",
        "en": "{lever} {uplift} is most of the plan's {growth}: {planned} of it is the price revision set on Settings ({size} in {month}) over the year, {past} the team's own movement so far (year on year {history}) carried on from the baseline to the plan year ({months} months), and {push} is what the KGI adds.",
    },
    "plan.lever_source_if_planned": {
        "ja": "価格改定は LeverMix が policy でも目標に含めます。見込まないなら設定シートの価格改定の月と幅を空欄にしてください。これまでの動きを見込まないなら LeverMix を policy、{weight} を 0 にすると、{lever}は価格改定の分だけ上がり、残りの伸びは他のレバーに振り分けられます。",
        "en": " The price revision is in the targets under LeverMix = policy too; to plan without it, clear the revision's month and size on Settings. To plan without the past movement, set LeverMix to policy and {weight} to 0: {lever} then rises by the revision only and the rest of the growth goes to the other levers.",
    },
    "plan.lever_source_policy_planned": {
        "ja": "設定シートの価格改定({month} {size})の分 {planned} は、重点の比率とは別に見込んでいます。",
        "en": " The price revision set on Settings ({size} in {month}) adds {planned} besides the weights' share.",
    },
    "plan.lever_source_policy": {
        "ja": "{lever}の伸び {uplift} が計画の伸び {growth} の大半です。配分方法が policy のため、設定シートの重点({weight} = {value})の比率で配分した分で、過去の伸びは見込んでいません。",
        "en": "{lever} {uplift} is most of the plan's {growth}: under LeverMix = policy it is the share the Settings weights give it ({weight} = {value}); no past trend is carried.",
    },
    "plan.year_end_accounts": {"ja": "期末顧客数", "en": "Year-end accounts"},
    "plan.accounts_identity": {
        "ja": "期末顧客数 = 期首顧客数 × 継続率 + 新規顧客数",
        "en": "Year-end accounts = accounts at start × retention + new accounts",
    },
    # Why the meetings and attempts targets move as they do (render._pipeline_rows): a trial's
    # manager did not believe "+21% meetings for +4% revenue" without the arithmetic.
    "plan.pipeline": {"ja": "商談・アポ打診", "en": "Meetings and attempts"},
    "plan.pipeline_note": {
        "ja": "商談の目標 {m1}件(前年 {m0}、{change})。新規獲得の目標 {n1}件(前年 {n0})を成約率 {win} で得るには商談 {need}件{rest}{attempts}",
        "en": "meetings target {m1} (last year {m0}, {change}). The new-accounts target {n1} (last year {n0}) needs {need} meetings at a win rate of {win}{rest}{attempts}",
    },
    # The {n0} of plan.pipeline_note (render._new_last_year): a year's count, or, when the
    # baseline's first months cannot show wins (no customer master, short history), the
    # months it covers and a year at that pace (trial 24: "前年 52件" were 7 months).
    "plan.pipeline_new_year": {"ja": "{count}件", "en": "{count}"},
    # Last year's meetings or attempts with a newcomer's months scaled to a year (trial 30 L2).
    "plan.pipeline_last_scaled": {
        "ja": "年換算 {annual}件・実数 {counted}件",
        "en": "{annual} with a newcomer's months made a year; {counted} counted",
    },
    "plan.pipeline_new_partial": {
        "ja": "{count}件は {first}〜{last} の{months}か月分、年換算 約{annual}件",
        "en": "{count} over the {months} months {first} – {last}, about {annual} a year",
    },
    # Only when appointment attempts were logged (a book without calls has no such target).
    "plan.pipeline_attempts": {
        "ja": "。アポ打診 {a1}件(前年 {a0})は、前年の件数に、担当者ごとに前年より増える商談をアポ獲得率(チーム {appt})で得るための分を足した数です。増える商談のうちアポから来るのは、これまでの商談のうちアポから来た割合(チーム {share})だけとしています(紹介や来店など、アポ打診なしの商談もあるため)",
        "en": ". Appointment attempts {a1} (last year {a0}) are last year's plus what each rep's extra meetings need at his appointment rate (team {appt}), for the share of his meetings so far that came from appointments (team {share}; the rest came without calls: referrals, walk-ins)",
    },
    # No appointment ever recorded (engine note appointments_unrecorded): no rate to price
    # the extra meetings in calls, so last year's calls stand.
    "plan.pipeline_attempts_unpriced": {
        "ja": "。アポ打診 {a1}件(前年 {a0})は前年の件数のままです。訪問記録にアポ獲得の結果がないためアポ獲得率を測れず、増える商談に要るアポ打診数は計算できません",
        "en": ". Appointment attempts {a1} (last year {a0}) stay at last year's: the visit log records no appointment won, so there is no appointment rate to price the extra meetings in calls",
    },
    "plan.pipeline_floor": {
        "ja": "。残りの {rest}件は、計画の新規に要る商談が前年より少ない担当者も前年の商談数を下回らない目標にしている分です(商談は来期以降の新規の元のため、目標が低くても減らしません)",
        "en": "; the other {rest} keep reps whose planned wins need fewer meetings than last year at last year's count (meetings are the next years' new accounts: a lower goal does not cut them)",
    },
    # The unit-price trend read on the customers who bought in both years (core.levers
    # same_account_trend): the booked price moved with the customer mix, not with prices.
    "plan.same_accounts": {"ja": "取引単価の読み方", "en": "Reading the unit price"},
    "plan.same_accounts_note": {
        "ja": "チーム全体の取引単価は年 {booked} 動いていますが、両方の年に購入のあった同じ顧客での単価は年 {same} です。差は単価の違う顧客の獲得・解約(顧客の入れ替わり)によるものなので、取引単価の傾向は同じ顧客の動き({same}。値上げ・値下げはこちらに含まれます)で見ています",
        "en": "the team's booked unit price moves {booked} a year, but on the same customers (those who bought in both years) it moves {same} a year. The difference is customers won and lost at other prices, so the unit-price trend is read on the same customers ({same}; a price increase or cut is in this figure)",
    },
    "plan.accounts_note": {
        "ja": "{start} × {retention} + {new} = {end}(期中平均 {avg})",
        "en": "{start} × {retention} + {new} = {end} (year average {avg})",
    },
    "plan.accounts_gap_above": {
        "ja": "{start} × {retention} + {new} = {end}(この流れの期中平均は {path}。稼働顧客数の目標 {avg} には、通常のペースの新規 {pace} 件より年 {full} 件多い新規が要る計算ですが、新規の獲得は通常のペースから大きく動かないため、新規の目標はその4分の1を目安にしています)",
        "en": "{start} × {retention} + {new} = {end} (year average on these flows {path}; the active-accounts target {avg} would need {full} more wins a year than the usual {pace}, but wins stay close to their usual pace, so the new-accounts target asks about a quarter of them)",
    },
    "plan.accounts_gap_below": {
        "ja": "{start} × {retention} + {new} = {end}(この流れの期中平均は {path}。稼働顧客数の目標 {avg} なら、通常のペースの新規 {pace} 件より年 {full} 件少なくて足りる計算ですが、新規の獲得は通常のペースから大きく動かないため、新規の目標はその4分の1を目安に減らしています)",
        "en": "{start} × {retention} + {new} = {end} (year average on these flows {path}; the active-accounts target {avg} would need {full} fewer wins a year than the usual {pace}, but wins stay close to their usual pace, so the new-accounts target asks about a quarter fewer)",
    },
    # Usage to date is a running total read at the plan year's end: it rises with time.
    # The item column is narrow: the KPI's full label ("… per account held at year start")
    # runs past it in English; the note says whose average it is.
    "plan.usage_item": {"ja": "現在までの利用金額(期首顧客の平均)", "en": "Usage to date"},
    "plan.usage_note": {
        "ja": "基準 {base}({at}末時点)→ 目標 {target}({end}末時点、{change}): 期首に持っている顧客が取引を始めてから買った金額の累計の平均なので、売上が伸びなくても時間とともに増えます。目標は基準の{months}か月後の値で、その間に顧客あたり月 約{per_month}の購入が積み上がります(期首の顧客には取引の浅い新規も入るため、その分は少なめ)。",
        "en": "baseline {base} (at the end of {at}) → target {target} (at the end of {end}, {change}): the average of what each account held at the year's start has bought since it started, so it rises with time even at flat sales. The target is read {months} months after the baseline, and each account buys about {per_month} a month in between (less for the recent wins in the starting book).",
    },
    # Not planned: most accounts held from before the history (core.censored; trial 24 M4).
    "plan.usage_censored_item": {
        "ja": "現在までの利用金額・継続期間",
        "en": "Usage to date, retention",
    },
    "plan.usage_censored": {
        "ja": "この履歴では測れないため目標を立てていません: {at}末の保有顧客 {held}社のうち少なくとも {before}社({share})は履歴の最初の月 {first} より前からの取引で、取引開始日もそれまでの購入額も分かりません。どちらも取引開始から数える値なので、履歴の長さ(継続期間は基準で {tenure}か月)と履歴の中の購入だけで決まり、目標はただ時間の経過を数えることになります",
        "en": "not planned, as this history cannot measure them: of the {held} accounts held at the end of {at}, at least {before} ({share}) were held from before its first month {first}, so neither their start nor what they bought before is known. Both count from an account's start, so they would be the history's length (retention {tenure} months at the baseline) and its purchases only, and a target would just count the calendar",
    },
    # A master with starts before the history: their earlier purchases are not in it.
    "plan.usage_before": {
        "ja": "ただし{at}末の保有顧客 {held}社のうち {before}社({share})は履歴の最初の月 {first} より前からの取引で、それより前の購入はこの履歴にないため含まれていません(基準は実際より低く、伸び率は大きく見えます。差額 {gap} がその間の購入です)。",
        "en": " Note: of the {held} accounts held at the end of {at}, {before} ({share}) were held from before the history's first month {first}; what they bought before it is not in this history, so the baseline reads low and the change looks large (the {gap} between them is what they buy in between).",
    },
    "plan.usage_tenure": {
        "ja": "継続期間(か月)も同じく年度末時点の値です: {base} → {target}。",
        "en": " Retention period is read the same way: {base} → {target} months.",
    },
    "plan.reps": {"ja": "担当者別の売上目標", "en": "Revenue target by rep"},
    "plan.reps_trend": {
        "ja": "目標 = 前年売上 × 全員共通の倍率 {common} × 本人の見込みの半分(上限に達した担当者を除く)",
        "en": "target = last year's revenue × {common} (the same for every rep) × half of where the rep is heading (reps at their ceiling aside)",
    },
    "plan.reps_trend_policy": {
        "ja": "。本人の見込みは担当者の間の配分にだけ使い、各レバーの目標(LeverMix = policy)には含めません(全員に共通の部分は配分を変えません)",
        "en": "; where a rep is heading only splits the KGI between reps: under LeverMix = policy no lever's target carries it (a part every rep shares does not change the split)",
    },
    "plan.reps_baseline": {
        "ja": "目標 = 前年売上 × 全員共通の倍率 {common}(上限に達した担当者を除く)",
        "en": "target = last year's revenue × {common}, the same for every rep (reps at their ceiling aside)",
    },
    "plan.reps_all_capped": {
        "ja": "全担当者がそれぞれの上限で頭打ちです(目標 = 上限)",
        "en": "every rep is held at its own ceiling (target = ceiling)",
    },
    "plan.rep_change": {"ja": "前年 {base} → {change}", "en": "last year {base} → {change}"},
    "plan.rep_lost_base": {
        "ja": "(取引を終えた {names} {count}件の {revenue} を除く)",
        "en": " (less {revenue} of {names}, {count} lost)",
    },
    "plan.rep_won_base": {
        "ja": "(配分の基準は獲得顧客を12か月分で数えた {counted}、そこから {change})",
        "en": " (split on {counted}, the won account counted for 12 months: {change} from it)",
    },
    # --- Overrides on the Plan and the Dashboard (trial 22) -------------------------------
    "plan.overrides": {"ja": "目標の上書き", "en": "Overridden targets"},
    "plan.overrides_note": {
        "ja": "目標上書きシートの目標を使っています: {items}。上書きはその目標だけを置き換えます。レバー(稼働顧客数・訪問頻度・訪問あたり受注数・取引単価)や訪問件数・受注件数など、ほかの目標は計算値のまま配分し直していません",
        "en": "the Overrides sheet's targets are used: {items}. An override replaces that target only: the levers (active accounts, visit frequency, orders per visit, unit price) and the other targets (visits, orders …) stay as computed and are not spread again",
    },
    "plan.override_item": {
        "ja": "{who}の{kpi} {shown}(計算値 {computed})",
        "en": "{who}'s {kpi} {shown} (computed {computed})",
    },
    "plan.override_team": {"ja": "チーム", "en": "the team"},
    "plan.override_off_kgi": {
        "ja": "。上書き後の担当者合計 {team} は KGI より {gap} {side}",
        "en": ". With the overrides the reps add up to {team}, {gap} {side} the KGI",
    },
    "plan.override_less": {"ja": "少ない", "en": "below"},
    "plan.override_more": {"ja": "多い", "en": "above"},
    "plan.rep_overridden": {
        "ja": "(目標上書き。計算値 {computed} → {change})",
        "en": " (overridden; computed {computed} → {change})",
    },
    "plan.lever_overridden": {
        "ja": "; 目標上書き(計算値 {computed}。下の検算は計算値の積)",
        "en": "; overridden (computed {computed}; the check below multiplies the computed values)",
    },
    # The unit-price flag judged on the accounts still held (trial 22: a lost chain's big
    # slips read as a −29% price).
    "flag.unit_price_held": {
        "ja": "。前年同期比は、その後取引が終了した顧客({lost})の分を除き、今も取引のある顧客で比べています(除かない場合 {booked})",
        "en": "; the change is on the accounts still held, leaving out those that ended since ({lost}; with them {booked})",
    },
    "flag.unit_price_more": {"ja": " ほか {n} 件", "en": " and {n} more"},
    # The team's strong year not above last year (its revenue fell every year): the record
    # is held at the baseline, and "strong-year growth (−1.5% a year) … +0.0%" read as a bug.
    "plan.record_note_flat": {
        "ja": "基準比 {growth}: チーム売上の前年比(12か月ごと)は{pct}パーセンタイルでも {annual}/年 で、前年を上回った年がないため、前年並み(基準)としました",
        "en": "{growth} on the baseline: the team's year-on-year revenue change is {annual} a year even at its {pct}th percentile; no year grew, so it is held at the baseline",
    },
    "dash.feasible_record_flat": {
        "ja": "実現可能: チームの売上は好調な年でも前年を上回っていませんが(前年比 年 {annual})、KGI は基準 {record} 以下です",
        "en": "Feasible: the team's revenue did not grow even in its strong years ({annual} a year), but the KGI is at or below the baseline {record}",
    },
    "dash.override_sum": {"ja": "上書き後の担当者合計", "en": "Reps' sum (overridden)"},
    "dash.override_gap": {"ja": "担当者合計 − KGI", "en": "Reps' sum − KGI"},
    "plan.branches": {
        "ja": "営業所別の売上目標(小計)",
        "en": "Revenue target by branch (subtotals)",
    },
    "plan.branches_rule": {
        "ja": "上の担当者別の目標を営業所ごとに足したもの(全体の行とは別です)",
        "en": "the rep targets above added up by branch (apart from the team's line)",
    },
    "plan.branch_line": {
        "ja": "{count}人({reps})の目標の合計。前年 {base} → {change}",
        "en": "sum of {count} reps' targets ({reps}); last year {base} → {change}",
    },
    "branch.subtotal": {"ja": "{branch} 計", "en": "{branch} total"},
    "branch.none": {"ja": "営業所なし", "en": "no branch"},
    # t35 (trial 35 L3): reps who left during the year and are not on the Reps sheet.
    "branch.departed": {"ja": "退職・異動", "en": "left during the year"},
    # Above the Attainment's branch subtotals (trial 28 M4): they follow the Reps sheet, not
    # the 営業所 an order line may carry, so a rep who moved has his whole year in the new one.
    "branch.attainment_note": {
        "ja": "営業所の小計は担当者一覧(Reps)の今の営業所ごとの合計です。年度中に営業所を移った担当者は、移る前の実績も今の営業所に入ります",
        "en": "Branch subtotals add up the reps under their branch on the Reps sheet now: a rep who moved branch during the year has all of his year in the new one",
    },
    "plan.rep_change_part": {
        "ja": "前年 {base}(在籍{months}か月分。1年に換算すると {annual}、その {annual_change})→ {change}",
        "en": "last year {base} ({months} months at work; {annual} a year at that pace, {annual_change} on it) → {change}",
    },
    # A rep with under SHORT_TENURE months at work: his growth rates are of a month or two
    # (trial 20: "+2974.5%"), so the line says his months and the year they make instead.
    "plan.rep_change_short": {
        "ja": "前年 {base}(在籍{months}か月分のみ。1年に換算すると {annual}、目標はその {annual_change})。在籍{short}か月未満のため、前年比と本人の見込みの伸び率は示しません",
        "en": "last year {base} (only {months} months at work; {annual} a year at that pace, the target {annual_change} on it). Under {short} months at work: no year-on-year change or heading is shown",
    },
    # A prospecting newcomer without a sale (core.meetings.with_prospects): pipeline targets.
    "plan.rep_prospecting": {
        "ja": "売上目標なし — 基準期間に売上がないため売上の配分対象外です。商談・アポの目標は出しています: 商談 {meetings}件・アポ打診 {attempts}件 = {basis} × 在籍 {months}か月{new}(目標上書きシートで変えられます)",
        "en": "no revenue target: no sales in the baseline, so no share of the KGI. He has pipeline targets: meetings {meetings}, appointment attempts {attempts} = {basis} × {months} months at work{new} (the Overrides sheet can change them)",
    },
    "plan.rep_prospecting_team": {
        "ja": "チームの担当者1人・1か月あたりの件数(商談 {m}件、アポ打診 {a}件)",
        "en": "the team's per rep and month (meetings {m}, attempts {a})",
    },
    "plan.rep_prospecting_own": {
        "ja": "本人の基準期間の1か月あたりの件数(商談 {m}件、アポ打診 {a}件。チームの担当者に記録がないため)",
        "en": "his own per month of the baseline (meetings {m}, attempts {a}; the team's reps logged none)",
    },
    "plan.rep_prospecting_new": {
        "ja": "。新規獲得 {new}件は、その商談にチームの成約率 {win} をかけた数です",
        "en": "; new accounts {new} are those meetings at the team's win rate {win}",
    },
    "plan.rep_prospecting_no_new": {
        "ja": "。チームに商談の成約の記録がないため、新規獲得の目標はありません",
        "en": "; no new-accounts target, as the team has no meeting win rate",
    },
    "plan.rep_unplanned": {
        "ja": "売上目標なし — 基準期間に売上がないため配分対象外です(最初の受注が入ると、次の再計算から目標が出ます)。目標上書きシートの行は計画にない担当者には使われないため、今は手入力もできません",
        "en": "no revenue target: no sales in the baseline, so no share of the KGI (his first order gives him a target at the next recalculation). An Overrides row is not used for a rep outside the plan, so it cannot be typed in yet either",
    },
    "plan.rep_heading": {
        "ja": "。本人の見込み {heading}({parts})の半分で ×{own}",
        "en": "; heading {heading} on its own ({parts}), half of it: ×{own}",
    },
    # The rep line's heading names only the levers that move (render.heading_parts).
    "plan.rep_heading_rest": {
        "ja": "、ほかのレバーは前年並み",
        "en": "; the other levers at last year's level",
    },
    "plan.rep_heading_flat": {
        "ja": "どのレバーも前年並み",
        "en": "every lever at last year's level",
    },
    # A newcomer building his first book (targets.in_hand): his heading in its two parts and
    # what each gives; {hand} × {half} = {own} (「残りは半分で ×{own}」 read as the rest's
    # half being ×{own}, fix29).
    "plan.rep_heading_hand": {
        "ja": "。本人の見込み {heading}({parts})は、期首にすでに持っている顧客の分 ×{hand} と残り ×{rest} から成ります。持っている顧客の分はそのまま、残りは半分(×{half})を見込み、合わせて ×{own}",
        "en": "; heading {heading} on its own ({parts}) is the accounts already held at the start, ×{hand}, and the rest, ×{rest}: the accounts held count in full and the rest by half (×{half}), together ×{own}",
    },
    "plan.rep_capped": {
        "ja": "。上限 {ceiling} で頭打ち",
        "en": "; held at its ceiling {ceiling}",
    },
    # --- leave inside the plan year (core.at_work.plan_presence; trial 20, finding 5) -----
    # A rep's Plan line when the Leave sheet puts him away for part of the plan year.
    "plan.rep_leave": {
        "ja": "。{reason} {months}か月({span}): 担当顧客の{book}の目標は休暇中も本人に置きます(顧客は休暇中も注文を続け{cover}){own_line}",
        "en": "; {reason} for {months} months ({span}): the {book} targets of his accounts stay his through the leave (his customers go on ordering{cover}){own_line}",
    },
    "plan.rep_leave_days": {
        "ja": "。{reason} {away} 営業日: 担当顧客の{book}の目標は休暇中も本人に置きます({cover_days}){own_line}",
        "en": "; {reason} for {away} working days: the {book} targets of his accounts stay his through the leave ({cover_days}){own_line}",
    },
    # daily34 (trial 34 L4): the pieces of the two lines above, naming only the targets the
    # book has (an orders-only book: no visit, meeting or appointment targets).
    "plan.rep_leave_book": {"ja": "売上・受注", "en": "revenue and order"},
    "plan.rep_leave_book_visits": {"ja": "売上・受注・訪問", "en": "revenue, order and visit"},
    "plan.rep_leave_cover": {
        "ja": "、同僚の代行した受注は本人の実績として数えます",
        "en": ", and a colleague's cover orders count as his",
    },
    "plan.rep_leave_cover_visits": {
        "ja": "、代行訪問は本人の訪問として数えます",
        "en": ", and a colleague's cover visits count as his",
    },
    "plan.rep_leave_cover_days": {
        "ja": "同僚の代行した受注は本人の実績として数えます",
        "en": "a colleague's cover orders count as his",
    },
    "plan.rep_leave_cover_days_visits": {
        "ja": "代行訪問は本人の訪問として数えます",
        "en": "a colleague's cover visits count as his",
    },
    # Short names of his own pipeline's targets (targets.AWAY_COUNTS), in that order.
    "plan.rep_leave_own_names": {
        "ja": "新規,商談,アポ",
        "en": "new accounts,meetings,appointments",
    },
    "plan.rep_leave_own": {
        "ja": "。{own}の目標は稼働日数比 {share}(計画年度 {total} 営業日のうち {days} 日){where}(ほかの担当者には移さないため、チームの{own}の目標はその分少なくなります)",
        "en": ". His {own} are at his share of working days, {share} ({days} of the plan year's {total}){where}; they are not moved to the others, so the team's targets for them are that much lower",
    },
    "plan.rep_leave_own_months": {
        "ja": "で、稼働する月に置きます",
        "en": ", on the months he works",
    },
    "plan.rep_leave_own_days": {"ja": "です", "en": ""},
    "plan.rep_leave_reason": {"ja": "休暇", "en": "leave"},
    # The manager's step after a rep's leave line on the Plan (render._leave_note); a rep's
    # copy leaves it out (share.copies: it has no Accounts sheet, and the rep is "his").
    "plan.rep_leave_carry": {
        "ja": "。担当顧客を同僚に受け持たせる場合は、顧客シートで担当者を変更してください",
        "en": ". To have colleagues carry his accounts, change their rep on the Accounts sheet",
    },
    # The Review's row for the months a rep's lever split leaves out (core.review AWAY).
    "review.kpi.months_unsplit": {
        "ja": "休暇・訪問記録なしの月の差",
        "en": "Months on leave / no visit records",
    },
    "review.finding.months_unsplit": {
        "ja": "休暇が営業日の半分以上の月と、訪問の記録が止まった後の月(受注は続いている月)の差。レバー別の差はこれらの月を除いて判定しています(訪問ゼロではなく未記録として扱います)",
        "en": "the gap of months mostly on leave and of months after the visit records stop while orders go on: the levers are judged without them (no visit record is not zero visits)",
    },
    # --- end leave inside the plan year ---------------------------------------------------
    "plan.method": {"ja": "算出方法", "en": "Method"},
    # The Method: a plain lead, then one point a line ("\n": render.plan_rows prints each
    # point on its own rows) with every detail (trial 25 L6: one 28-line paragraph).
    "plan.method_text": {
        "ja": (
            "目標は、KGIとこのブックの履歴(受注・訪問・顧客)から出しています。各レバーはこれまでの伸びのまま進むと見込み、KGIに足りない分は、年ごとに大きく動いてきたレバーほど多く受け持ちます。上限は社内の担当者が実際に達成した伸びです。"
            "\n・過去の動き: 各レバーはまず過去の動き(チーム平均の前年比と担当者自身の差を、それぞれ自社の履歴で翌年まで続いた割合だけ)どおりに進むと見込みます。それを測れる履歴(チームは約3年半、担当者は3年)がない間は、チームの前年比は全部、担当者の差は稼働顧客数で{persist}%、比率のレバー(訪問頻度・受注数・取引単価)では0%です(大口の注文や顧客で振れるだけで、検証では翌年に続きませんでした)。担当者自身の差は、担当者配分と同じくその半分だけをそのレバーに見込みます。"
            "\n・KGIとの差: KGIに足りない(または余る)分は、チーム全体の前年比が年ごとに大きく動いてきたレバーほど多く受け持ちます(担当者ごとの偶然のばらつきは数えません。約2年半の履歴がそろうまでは担当者の前年比のばらつきで代用)。一度も動いていないレバーには配分しません。"
            "\n・チームの最高の年: どのレバーにも、チーム全体がそのレバーでこれまでに達成した最大の前年比(チームの最高の年)を超える分は、すべてのレバーがそこに達するまで受け持たせません。それを超える分は、動いたことのあるレバーで均等に分けます(ばらつきが大きいことは、これまで以上に伸ばせる根拠にはならないため)。下がり続けてきたレバー(最高の年もマイナス)は、その最小の下げ幅ではなく横ばい(前年並み)までを受け持ちます。"
            "\n・稼働顧客数: 期首の顧客が通常の解約率(直近最大3年の、各年の期首顧客のうちその年に解約した割合。1年前の年は半分、2年前は4分の1の重みで数え、担当者自身の率は解約件数に応じて信頼し、残りはチームの率)で減り、新規が通常のペース(本人の保有顧客あたりの新規数を件数に応じて信頼し、残りはチームの率。チームの率には、中央値の半分未満の担当先で他の2倍を超える率で獲得している立ち上げ中の担当者を含めません)で増え、そのうち前年と同じ割合が前年と同じ時期に年内に解約する流れで計画します。目標に足りない分は、新規獲得だけで補う場合に要る件数の4分の1を新規獲得の目標に加えます(検証では、顧客数が増減しても新規獲得は通常のペースに近いままでした)。"
            "\n・上限: 社内の担当者が実際に達成した前年比(12か月ごと)の{pct}を各担当者自身の基準値に掛けたものです。前年の顧客数が担当者の中央値の半分に満たなかった年(引き継いだ少数の顧客から立ち上げ中の新任など)は数えません(小さな担当先は1年で倍になりますが、大きな担当先はなりません。除くと6件に満たないときは全部数えます)。上限に達したレバーの不足分は他のレバーが受け持ちます。"
            "\n・担当者配分: {split}。"
            "\n・月別・日別: 月別は季節性(取引単価と訪問あたり受注数はそれぞれの過去の月別の動き、残りは訪問頻度)、日別は営業日数で按分しています。"
            "\n・チームの比率(取引単価・訪問頻度・訪問あたり受注数・アポ獲得率・商談成約率): 各担当者の値を前年の構成比(前年の受注数・顧客数・訪問数など)で加重平均したもので、担当者の構成が変わっても下がりません。"
        ),
        "en": (
            "The targets come from the KGI and this workbook's history (orders, visits, accounts). Each lever is expected to keep moving as it has; what the KGI asks beyond that goes most to the levers that have moved most from year to year. No lever is asked for more than the company's reps have actually achieved."
            "\n• Past movement: each lever is first expected to keep moving as it has (the team's average year-on-year change and the rep's own difference from it, each as far as it has carried over to the next year in your history). Until the history can show that (about 3½ years for the team, 3 for the reps): the team's whole change and {persist}% of the rep's difference in active accounts, none of it in the ratios (visit frequency, orders, unit price: they swing with a few large orders and did not repeat in backtests). Of the rep's own difference each lever takes half, as the rep split does."
            "\n• The KGI's gap: whatever the KGI asks beyond that (or below it) is shared in proportion to how much each lever has moved year to year for the whole team (not the chance scatter of single reps; the reps' until about 2½ years of history), so a lever that never moved gets none."
            "\n• The team's best year: no lever is asked for more than the team's own best year-on-year change on it until every lever is at its best year; beyond that the rest is shared equally by the levers that have moved (a lever that swings a lot has not shown it can grow further than it ever has). A lever that has only fallen (its best year a fall) is held at no change, not at its smallest fall."
            "\n• Active accounts follow the flows: the starting book shrinks at its usual churn rate (the share of each year's starting book lost within it, over up to the last 3 years, a year before counting half and two years before a quarter; a rep's own rate is trusted as far as his number of losses allows, the rest is the team's), new accounts arrive at the usual pace (the rep's own wins per account held, trusted as far as his number of wins allows, the rest the team's rate, which leaves out a rep building a small book at over twice the others' rate) and last year's share of them is lost again within the year, as late as last year's were; the new-accounts target adds a quarter of the wins a shortfall would need on their own (in backtests, wins kept close to their usual pace when accounts rose or fell)."
            "\n• Ceilings: the {pct} of the year-on-year changes (12-month windows) the company's reps have actually achieved, applied to each rep's own baseline, counting only years a rep began with a book at least half the median rep's (a few handed-over accounts double easily, a full book does not; if fewer than six such years remain, all count); what a capped lever cannot carry goes to the others."
            "\n• Rep split: {split}."
            "\n• Months and days: months follow seasonality (unit price and orders per visit each follow their own usual month pattern, visit frequency the rest); days follow working days."
            "\n• The team's ratios (unit price, visit frequency, orders per visit, appointment and win rate) are the reps' values at last year's mix (each rep weighted by its orders, accounts or visits last year), so they move only when the reps' own values move."
        ),
    },
    "plan.method_text_policy": {
        "ja": (
            "目標は、KGIとこのブックの履歴(受注・訪問・顧客)から出しています。必要な伸び率を重点設定(設定シートの重点、配分方法=policy)の比率で各レバーに配分し、社内の担当者が実際に達成した前年比(12か月ごと)の{pct}(根拠上限)を超えないようにしています。上限に達したレバーの不足分は他のレバーが受け持ちます。"
            "\n・担当者配分: {split}。"
            "\n・月別・日別: 月別は季節性(取引単価と訪問あたり受注数はそれぞれの過去の月別の動き、残りは訪問頻度)、日別は営業日数で按分しています。"
            "\n・チームの比率(取引単価・訪問頻度・訪問あたり受注数・アポ獲得率・商談成約率): 各担当者の値を前年の構成比(前年の受注数・顧客数・訪問数など)で加重平均したもので、担当者の構成が変わっても下がりません。"
        ),
        "en": (
            "The targets come from the KGI and this workbook's history (orders, visits, accounts). The required growth is spread over the levers by the policy weights on Settings (LeverMix = policy), never above the {pct} of the year-on-year changes (12-month windows) the company's reps have actually achieved (the evidence ceiling); what a capped lever cannot carry goes to the others."
            "\n• Rep split: {split}."
            "\n• Months and days: months follow seasonality (unit price and orders per visit each follow their own usual month pattern, visit frequency the rest); days follow working days."
            "\n• The team's ratios (unit price, visit frequency, orders per visit, appointment and win rate) are the reps' values at last year's mix (each rep weighted by its orders, accounts or visits last year), so they move only when the reps' own values move."
        ),
    },
    "plan.notes": {"ja": "注意", "en": "Note"},
    "plan.status": {"ja": "最終計算", "en": "Last calculated"},
    "plan.status_alert": {"ja": "{status} / 要確認: {alert}", "en": "{status} / CHECK: {alert}"},
    "plan.status_text": {
        "ja": "{when} 計算 / 読込 {rows}行 / チェック {checks}件 / {feasible}",
        "en": "calculated {when} / {rows} rows read / {checks} checks / {feasible}",
    },
    # --- Dashboard and Matrix sheets ------------------------------------------------------
    "dash.title": {
        "ja": "ダッシュボード {fy}({start} – {end})",
        "en": "Dashboard {fy} ({start} – {end})",
    },
    "dash.feasible": {
        "ja": "実現可能: 社内実績の範囲内で到達できます(到達可能な最大KGI {max})",
        "en": "Feasible: reachable within the company's own record (largest reachable KGI {max})",
    },
    "dash.feasible_heading": {
        "ja": "実現可能: これまでの伸びのまま進めば届きます(伸びのまま {trend}、チームの好調な年並みでは {record}、到達可能な最大KGI {max})",
        "en": "Feasible: the team's trends reach it ({trend} on its trends, {record} at its strong-year growth; largest reachable KGI {max})",
    },
    "dash.feasible_unrecorded": {
        "ja": "到達可能(前年比の実績なし): チームの売上の前年比をまだ測れないため、社内実績に照らした判断ではありません。各担当者の月次の水準から見た上限の範囲内です(全員が同時に上限に達した場合の最大 {max})",
        "en": "Reachable, with no year-on-year record: the team's year-on-year growth cannot be measured yet, so this is no judgement against the company's record; the KGI is within the ceilings read from the reps' monthly levels (at most {max} with every rep at his ceiling at once)",
    },
    "dash.feasible_record": {
        "ja": "実現可能: チームの好調な年並みの伸び(年 {annual})の範囲内です(届くのは {record}(基準比 {growth})まで)",
        "en": "Feasible: within the team's strong-year growth ({annual} a year reaches {record}, {growth} on the baseline)",
    },
    # --- How far beyond the team's record (core.stretch; trial 23 M2) -----------------------
    # A KGI beyond the strong-year line, slightly or far (core.stretch.SLIGHTLY_BEYOND): by how
    # much in yen and in strong years of growth. The largest reachable KGI (every rep at his
    # best year at once) is not quoted beside it: it read as headroom.
    "stretch.dash_slight": {
        "ja": "チーム実績を少し超えています: KGI は好調な年の伸び(年 {annual})で届く {record}(基準比 {growth})より {past} 多く、好調な年の伸びの {times} 倍(基準比 {uplift})です",
        "en": "BEYOND THE TEAM'S TRACK RECORD, slightly: a strong year's growth ({annual} a year) reaches {record} ({growth} on the baseline); the KGI is {past} more ({uplift}): {times} strong years of growth",
    },
    "stretch.dash_far": {
        "ja": "チーム実績を大きく超えています: KGI は好調な年の伸び(年 {annual})で届く {record}(基準比 {growth})より {past} 多く、好調な年の伸びの {times} 倍(基準比 {uplift})です",
        "en": "BEYOND THE TEAM'S TRACK RECORD, by far: a strong year's growth ({annual} a year) reaches {record} ({growth} on the baseline); the KGI is {past} more ({uplift}): {times} strong years of growth",
    },
    "stretch.dash_flat": {
        "ja": "チーム実績を大きく超えています: チームの好調な年並みの伸び(前年比 年 {annual})でも売上は基準を上回りません(設定の価格改定があればそれも含めて)。KGI はその伸びで届く {record} より {past} 多く(基準比 {uplift})、その伸びはすべて実績のない伸びです",
        "en": "BEYOND THE TEAM'S TRACK RECORD, by far: even at the team's strong-year growth ({annual} a year) revenue does not rise above the baseline (with any price revision set on Settings); the KGI is {past} ({uplift} on the baseline) above the {record} it reaches, all of it beyond its record",
    },
    # The Plan's value column holds 10 wide characters: the grade there, the numbers beside it.
    "stretch.plan_slight": {"ja": "実績を少し超える", "en": "slightly beyond"},
    "stretch.plan_far": {"ja": "実績を大きく超える", "en": "far beyond"},
    "stretch.plan_flat": {"ja": "実績を大きく超える", "en": "far beyond"},
    "stretch.plan_note": {
        "ja": "チーム実績を超える: KGI は好調な年並みの伸びで届く {record} より {past} 多く、好調な年の伸びの {times} 倍(基準比 {uplift})です。{limit} 倍までを「少し超える」とします",
        "en": "beyond the team's record: the KGI is {past} above {record}, which a strong year's growth reaches: {times} strong years of growth ({uplift} on the baseline). Up to {limit} is 'slightly beyond'",
    },
    "stretch.plan_note_flat": {
        "ja": "チーム実績を超える: 好調な年並みの伸びでも売上は基準を上回らず(届くのは {record}、設定の価格改定があればそれも含めて)、KGI はそれより {past} 多い(基準比 {uplift})伸びで、すべて実績のない伸びです",
        "en": "beyond the team's record: even a strong year's growth does not take revenue above the baseline (it reaches {record}, with any price revision set on Settings); the KGI is {past} ({uplift} on the baseline) above that, all of it beyond its record",
    },
    "stretch.recalc_slight": {
        "ja": "  チーム実績を少し超える目標です: 好調な年で {record}、KGI はその {past} 先(好調な年の伸びの {times} 倍)",
        "en": "  SLIGHTLY BEYOND THE TEAM'S TRACK RECORD: a strong year reaches {record}; the KGI is\n  {past} past it ({times} strong years of growth)",
    },
    "stretch.recalc_far": {
        "ja": "  チーム実績を大きく超える目標です: 好調な年で {record}、KGI はその {past} 先(好調な年の伸びの {times} 倍)",
        "en": "  FAR BEYOND THE TEAM'S TRACK RECORD: a strong year reaches {record}; the KGI is\n  {past} past it ({times} strong years of growth)",
    },
    "stretch.recalc_flat": {
        "ja": "  チーム実績を大きく超える目標です: 好調な年並みの伸びでも売上は基準を上回らず(届くのは {record}、設定の価格改定があればそれも含めて)、KGI はその {past} 先",
        "en": "  FAR BEYOND THE TEAM'S TRACK RECORD: even a strong year's growth does not take revenue\n  above the baseline (it reaches {record}, with any price revision set on Settings); the KGI is {past} past that",
    },
    # The Flags sheet's kgi_beyond_record line, with the degree ({grade}: stretch.plan_*).
    "stretch.flag": {
        "ja": "KGI {kgi} は、チームの好調な年並みの伸び(年 {annual}、計画年度まで {growth})で届く {record} より {past} 多く、好調な年の伸びの {times} 倍です({grade})。{reach} は全担当者が同時に最高の年を迎えた場合の計算上の上限です",
        "en": "KGI {kgi} is {past} above {record}, which the team's strong-year growth reaches ({annual} a year, {growth} by the plan year): {times} strong years of growth ({grade}). {reach} is every rep at his best year at once, a ceiling",
    },
    "stretch.flag_flat": {
        "ja": "KGI {kgi} は、チームの好調な年並みの伸び(前年比 年 {annual})で届く {record} より {past} 多い目標です。好調な年並みの伸びでも売上は基準を上回りません(設定の価格改定があればそれも含めて)。{reach} は全担当者が同時に最高の年を迎えた場合の計算上の上限です",
        "en": "KGI {kgi} is {past} above {record}, which the team's strong-year growth ({annual} a year) reaches: even then revenue does not rise above the baseline (with any price revision set on Settings). {reach} is every rep at his best year at once, a ceiling",
    },
    # A KGI beyond even every rep's best year at once (not feasible) is past the record too:
    # its words say how many strong years it asks, as the far-beyond ones, and that the
    # ceiling it misses is every rep's best year at once, no guide (trial 30 M2: ¥323M read
    # "¥1.0M short" where ¥315M read "far beyond the record, the ceiling is no guide").
    "stretch.dash_no": {
        "ja": "実現不可能: KGI は好調な年の伸びの {times} 倍(基準比 {uplift}、好調な年で {record})。全担当者が同時に最高の年を迎えた計算上の上限 {reach} も {gap} 超えます(上限は目安ではありません)",
        "en": "INFEASIBLE, far beyond the team's record: {times} strong years of growth ({uplift}; a strong year reaches {record}), {gap} above even every rep's best year at once, {reach} (a ceiling, not a guide)",
    },
    "stretch.dash_no_flat": {
        "ja": "実現不可能: チームの好調な年並みの伸び(年 {annual})でも売上は基準を上回りません(設定の価格改定があればそれも含めて)。KGI は基準比 {uplift} で、全担当者が同時に最高の年を迎えた計算上の上限 {reach} も {gap} 超えます(上限は目安ではありません)",
        "en": "INFEASIBLE, far beyond the team's record: even at its strong-year growth ({annual} a year) revenue does not rise above the baseline (with any price revision set on Settings); the KGI is {uplift} on the baseline ({record} reached), {gap} above even every rep's best year at once, {reach} (a ceiling, not a guide)",
    },
    "stretch.plan_no": {"ja": "実現不可能", "en": "infeasible"},
    "stretch.plan_note_no": {
        "ja": "全レバーが根拠上限。チーム実績を大きく超え、上限にも届きません: KGI は好調な年並みの伸びで届く {record} より {past} 多く、好調な年の伸びの {times} 倍(基準比 {uplift})です。全担当者が同時に最高の年を迎えた計算上の上限 {reach}(目安ではありません)より {gap} 多いため、目標はその上限で頭打ちです",
        "en": "every lever at its evidence ceiling; far beyond the team's record and past every ceiling: the KGI is {past} above {record}, which a strong year's growth reaches: {times} strong years of growth ({uplift} on the baseline). It is {gap} above every rep's best year at once, {reach} (a ceiling, not a guide): the targets stop at that ceiling",
    },
    "stretch.plan_note_no_flat": {
        "ja": "全レバーが根拠上限。チーム実績を大きく超え、上限にも届きません: 好調な年並みの伸びでも売上は基準を上回らず(届くのは {record}、設定の価格改定があればそれも含めて)、KGI はそれより {past} 多い(基準比 {uplift})伸びです。全担当者が同時に最高の年を迎えた計算上の上限 {reach}(目安ではありません)より {gap} 多いため、目標はその上限で頭打ちです",
        "en": "every lever at its evidence ceiling; far beyond the team's record and past every ceiling: even a strong year's growth does not take revenue above the baseline (it reaches {record}, with any price revision set on Settings); the KGI is {past} ({uplift} on the baseline) above that and {gap} above every rep's best year at once, {reach} (a ceiling, not a guide): the targets stop at that ceiling",
    },
    "stretch.recalc_no": {
        "ja": "  実現不可能(チーム実績を大きく超える目標です): 好調な年で {record}、KGI はその {past} 先(好調な年の伸びの {times} 倍)。全担当者が同時に最高の年を迎えた上限 {reach} より {gap} 多く、目標はその上限で頭打ちです",
        "en": "  INFEASIBLE, FAR BEYOND THE TEAM'S TRACK RECORD: a strong year reaches {record}; the KGI is\n  {past} past it ({times} strong years of growth) and {gap} above every rep's best year at once,\n  {reach}: the targets stop there",
    },
    "stretch.recalc_no_flat": {
        "ja": "  実現不可能(チーム実績を大きく超える目標です): 好調な年並みの伸びでも売上は基準を上回らず(届くのは {record}、設定の価格改定があればそれも含めて)、KGI はその {past} 先。全担当者が同時に最高の年を迎えた上限 {reach} より {gap} 多く、目標はその上限で頭打ちです",
        "en": "  INFEASIBLE, FAR BEYOND THE TEAM'S TRACK RECORD: even a strong year's growth does not take revenue\n  above the baseline (it reaches {record}, with any price revision set on Settings); the KGI is {past} past that and {gap} above every rep's best year at once, {reach}: the targets stop there",
    },
    "stretch.flag_no": {
        "ja": "KGI {kgi} は、チームの好調な年並みの伸び(年 {annual}、計画年度まで {growth})で届く {record} より {past} 多く、好調な年の伸びの {times} 倍です。全担当者が同時に最高の年を迎えた場合の計算上の上限 {reach} も {gap} 超えます(上限は目安ではありません)",
        "en": "KGI {kgi} is {past} above {record}, which the team's strong-year growth reaches ({annual} a year, {growth} by the plan year): {times} strong years of growth. It is {gap} above even every rep at his best year at once, {reach} (a ceiling, not a guide)",
    },
    "stretch.flag_no_flat": {
        "ja": "KGI {kgi} は、チームの好調な年並みの伸び(前年比 年 {annual})で届く {record} より {past} 多い目標です。好調な年並みの伸びでも売上は基準を上回りません(設定の価格改定があればそれも含めて)。全担当者が同時に最高の年を迎えた場合の計算上の上限 {reach} も {gap} 超えます(上限は目安ではありません)",
        "en": "KGI {kgi} is {past} above {record}, which the team's strong-year growth ({annual} a year) reaches: even then revenue does not rise above the baseline (with any price revision set on Settings). It is {gap} above even every rep at his best year at once, {reach} (a ceiling, not a guide)",
    },
    # The year-to-date block's full-year target where the targets stop below the KGI (every
    # rep at his ceiling): the KPI table's, named so, beside the KGI typed (trial 30 M2).
    "dash.fy_target_capped": {"ja": "年間目標(上限で頭打ち)", "en": "Full-year target (capped)"},
    # Every rep at his best year at once, which a team never has: a ceiling, not a guide.
    "stretch.recalc_max": {
        "ja": "  {reach} は全担当者が同時に最高の年を迎えた場合の計算上の上限で、目安にはなりません",
        "en": "  {reach} is every rep at his best year at once: a ceiling, not a guide",
    },
    "stretch.dash_max": {
        "ja": "上限(全員が同時に最高の年)",
        "en": "Ceiling (every rep's best year)",
    },
    # The running year's banner (render_dashboard ``year_banner``): it says which question
    # it answers, since before the year starts the same line gives the plan's feasibility.
    "dash.year_on_course": {
        "ja": "今年度の見通し(着地見込み vs KGI): KGI に届く見込みです。着地見込み {landing}(KGI の {ratio})、残り {months} か月",
        "en": "This year (forecast vs KGI): on course for the KGI. Year-end forecast {landing} ({ratio} of the KGI), {months} months to go",
    },
    "dash.year_short": {
        "ja": "今年度の見通し(着地見込み vs KGI): このままでは KGI まで {gap} 不足(着地見込み = KGI の {ratio})。残り {months} か月({first}〜{last})で毎月 {per_month} の上積み(見込みの {lift})が必要です",
        "en": "This year (forecast vs KGI): {gap} short of the KGI (forecast = {ratio} of it). The {months} months left ({first} – {last}) need {per_month} more each ({lift} on the forecast)",
    },
    # The gap spread over the months left in proportion to their targets still to come
    # (trial 37 L2): each month's amount, or the largest and smallest (``dash.year_range``).
    "dash.year_short_shaped": {
        "ja": "今年度の見通し(着地見込み vs KGI): このままでは KGI まで {gap} 不足(着地見込み = KGI の {ratio})。残り {months} か月({first}〜{last})で各月の目標の {share} の上積み({amounts}。見込みの {lift})が必要です",
        "en": "This year (forecast vs KGI): {gap} short of the KGI (forecast = {ratio} of it). The {months} months left ({first} – {last}) need {share} on each month's target ({amounts}; {lift} on the forecast)",
    },
    "dash.year_range": {
        "ja": "最大 {high}、最小 {low}",
        "en": "most {high}, least {low}",
    },
    # The burn-up's month in progress: its point is the target to date (trial 37 L3).
    "dash.month_to_date": {"ja": "{day}まで", "en": "to {day}"},
    # A month left and its top-up in the banner (``dash.year_short_shaped``): 12月 ¥10.8M.
    "dash.month_amount": {"ja": "{month}月 {amount}", "en": "{abbr} {amount}"},
    "dash.year_closed_short": {
        "ja": "今年度の結果(実績 vs KGI): KGI に {gap} 届きませんでした(KGI の {ratio})",
        "en": "This year (actual vs KGI): ended {gap} short of the KGI ({ratio} of it)",
    },
    "dash.infeasible": {
        "ja": "実現不可能: 全担当者が同時に上限に達した場合の計算上の最大 {max} も {gap} 超えます(全レバーが根拠上限。上限は目安ではありません)",
        "en": "INFEASIBLE: {gap} above even every rep at his ceiling at once, {max} (every lever at its evidence ceiling; a ceiling, not a guide)",
    },
    "dash.plan_block": {"ja": "計画", "en": "Plan"},
    # The Plan's 「前年実績(基準)売上」 with its 12 months (the Plan says them in its note
    # column; the Dashboard's block has none): in the 34-wide label column with 「(税込)」.
    "dash.baseline": {"ja": "基準売上{tax}({months})", "en": "Baseline{tax} ({months})"},
    "dash.ytd_block": {"ja": "年度累計(チーム売上)", "en": "Year to date (team revenue)"},
    "dash.ytd_from": {
        "ja": "年度累計: {start} から(年度開始前)",
        "en": "Year to date: from {start} (not started)",
    },
    "dash.ytd_actual": {"ja": "累計実績", "en": "Actual to date"},
    "dash.ytd_target": {"ja": "累計目標(経過分)", "en": "Target to date"},
    "dash.ytd_attainment": {"ja": "達成率(経過分比)", "en": "Attainment to date"},
    "dash.forecast": {"ja": "着地見込み(年度末)", "en": "Year-end forecast"},
    "dash.forecast_vs_kgi": {"ja": "見込み ÷ KGI", "en": "Forecast ÷ KGI"},
    "dash.fy_target": {"ja": "年間目標", "en": "Full-year target"},
    "dash.kpi": {"ja": "KPI(チーム)", "en": "KPI (team)"},
    # Under the Dashboard's KPI table (render_dashboard._mix_note).
    "dash.mix_note": {
        "ja": "※ チームの比率(単価・訪問頻度など)は前年の担当者構成で集計: 売上÷受注数などの割り算と一致しないことがあります",
        "en": "* Team ratios (unit price, visit frequency …) are at last year's rep mix: they need not equal revenue ÷ orders",
    },
    "dash.actual": {"ja": "累計実績", "en": "Actual"},
    "dash.due": {"ja": "目標(経過分)", "en": "Due to date"},
    # To date, as the Attainment sheet's column and the year-to-date block (trial 28 L1).
    "dash.vs_due": {"ja": "達成率(経過分比)", "en": "Attainment to date"},
    "dash.forecast_short": {"ja": "着地見込み", "en": "Forecast"},
    "dash.fy_target_short": {"ja": "年間目標", "en": "Full year"},
    # --- Dashboard before the plan year: the KPI table's baseline beside the year's target
    # (trial 20: "解約率 3.3%" alone hid that churn was planned up from 2.9%).
    # As the Targets sheet's column (基準値: the last 12 months, or the year before).
    "dash.baseline_short": {"ja": "基準値", "en": "Baseline"},
    "dash.change_short": {"ja": "増減", "en": "Change"},
    # A rate's change in percentage points (a rate's +11% of itself reads as 11 points).
    "dash.change_points": {"ja": "{points}pt", "en": "{points} pp"},
    # The bridge zoomed to its steps (a +4% plan's levers are hairlines from zero): the title
    # says where the value axis starts, so the totals' bars are not read as their sizes.
    # After a lower-is-better KPI's label in the Dashboard's tables (render_dashboard.kpi_name).
    "dash.lower_better": {"ja": "(低いほど良い)", "en": " (lower = better)"},
    "dash.bridge_axis_from": {"ja": "(縦軸は {start} から)", "en": " (value axis from {start})"},
    "dash.bridge_axis": {"ja": "縦軸の下限", "en": "Axis from"},
    "dash.chart_data": {
        "ja": "グラフ用データ(再計算で自動更新)",
        "en": "Chart data (rewritten on every recalculation)",
    },
    "dash.month": {"ja": "月", "en": "Month"},
    "dash.cum_target": {"ja": "累計目標", "en": "Target (cum.)"},
    "dash.cum_actual": {"ja": "累計実績", "en": "Actual (cum.)"},
    "dash.step": {"ja": "項目", "en": "Step"},
    "dash.base": {"ja": "(土台)", "en": "(base)"},
    "dash.up": {"ja": "増加", "en": "Increase"},
    "dash.down": {"ja": "減少", "en": "Decrease"},
    "dash.total": {"ja": "合計", "en": "Total"},
    "dash.rep": {"ja": "担当者", "en": "Rep"},
    "dash.band_critical": {"ja": "重大", "en": "Critical"},
    "dash.band_warn": {"ja": "警告", "en": "Warning"},
    "dash.band_ok": {"ja": "順調", "en": "On pace"},
    # The rep chart before any bar can be drawn: each rep's share of the year's target.
    "dash.chart_reps_before": {
        "ja": "担当者別 年間売上目標の構成比(年度開始前: 達成率は{start}から)",
        "en": "Share of the year's revenue target by rep (not started: attainment from {start})",
    },
    "dash.chart_reps_share": {
        "ja": "担当者別 年間売上目標の構成比(経過分の目標がまだないため達成率なし)",
        "en": "Share of the year's revenue target by rep (no target to date yet, so no attainment)",
    },
    "dash.reps_share_bars": {
        "ja": "棒は各担当者の年間売上目標の構成比です",
        "en": "Bars: each rep's share of the year's revenue target",
    },
    "dash.target_share": {"ja": "目標構成比", "en": "Target share"},
    "dash.month_words": {"ja": "{year}年{month}月", "en": "{year}-{month:02d}"},
    "dash.reps_from": {
        "ja": "年度開始前: 達成率は{start}から(今年度の実績はまだありません)。",
        "en": "Not started: attainment by rep from {start}.",
    },
    "dash.reps_no_target_all": {
        "ja": "どの担当者にも売上の目標(経過分)がないため、担当者別の棒はありません(理由は Plan シートと Checks シート)",
        "en": "No rep has a revenue target to date, so there are no bars (the Plan and Checks sheets say why)",
    },
    "dash.reps_no_target": {
        "ja": "売上の目標(経過分)がないため棒のない担当者: {reps}(理由は Plan シートと Checks シート)",
        "en": "No bar for reps without a revenue target to date: {reps} (the Plan and Checks sheets say why)",
    },
    "dash.reps_unplanned": {
        "ja": "目標なし: {reps}。",
        "en": "No target: {reps}.",
    },
    "dash.rep_unplanned": {
        "ja": "{rep} 売上 {actual}({since}〜)",
        "en": "{rep} {actual} revenue (since {since})",
    },
    "dash.rep_departed_label": {"ja": "{rep}(退職・異動)", "en": "{rep} (left)"},
    "dash.rep_departed": {
        "ja": "{rep}({day} まで、売上 {actual})",
        "en": "{rep} (to {day}, {actual} revenue)",
    },
    "dash.reps_departed": {
        "ja": "退職・異動(棒なし、売上はチーム合計に含む): {reps}",
        "en": "Left during the year (no bar; sales in the team's total): {reps}",
    },
    "dash.reps_handed": {
        "ja": "{mark} 年度中に渡した顧客を除く達成率: {reps}",
        "en": "{mark} Attainment without the accounts handed over in the year: {reps}",
    },
    "dash.rep_handed": {
        "ja": "{rep} {kept}(記帳どおりは {booked})",
        "en": "{rep} {kept} ({booked} as booked)",
    },
    # core.book_change: the note when a rep took accounts over too (a branch move, trial 27).
    # One line under the chart: short, the Review and the Flags give what each leaves out.
    "dash.reps_moved": {
        "ja": "{mark} 担当替えの分を除く達成率(かっこ内は記帳どおり): {reps}",
        "en": "{mark} Attainment without the accounts that changed hands (as booked): {reps}",
    },
    "dash.rep_moved": {
        "ja": "{rep} {own}({booked}{what})",
        "en": "{rep} {own} ({booked}{what})",
    },
    "dash.moved_before": {
        "ja": "。{own} は担当替え前の月",
        "en": "; {own}: the months before the handover",
    },
    "dash.reps_more": {
        "ja": "担当者{count}人のうち最初の{shown}人を表示(全員は Attainment シート)",
        "en": "The first {shown} of {count} reps are shown (all on the Attainment sheet)",
    },
    "dash.bridge_base": {"ja": "前年売上", "en": "Last year"},
    "dash.bridge_reachable": {"ja": "到達可能な最大", "en": "Reachable"},
    "dash.bridge_gap": {"ja": "不足", "en": "Gap"},
    "dash.bridge_mix": {"ja": "担当者構成の変化", "en": "Rep mix change"},
    "dash.bridge_kgi": {"ja": "KGI", "en": "KGI"},
    "matrix.kpi": {"ja": "KPI", "en": "KPI"},
    "matrix.rep": {"ja": "担当者", "en": "Rep"},
    "matrix.row": {"ja": "区分", "en": "Row"},
    "matrix.target": {"ja": "目標", "en": "Target"},
    "matrix.actual": {"ja": "実績", "en": "Actual"},
    "matrix.vs_due": {"ja": "達成率(経過分比)", "en": "vs target to date"},
    "report.no_soffice": {
        "ja": "PDF出力には LibreOffice(soffice)が必要です。インストールするか、Excelで出力シートを選んで印刷してください",
        "en": "PDF export needs LibreOffice (soffice); install it, or select the output sheets in Excel and print them",
    },
    "report.unknown_sheet": {
        "ja": "--sheets の「{names}」は出力シートの名前ではありません。指定できるのは {known}(カンマ区切り)です",
        "en": "--sheets: {names} is not an output sheet; choose from {known} (comma-separated)",
    },
    "report.no_sheet_given": {
        "ja": "--sheets にシート名がありません。指定できるのは {known}(カンマ区切り)です",
        "en": "--sheets names no sheet; choose from {known} (comma-separated)",
    },
    "report.sheets_absent": {
        "ja": "--sheets で指定したシート({names})がこのブックにありません。一度 recalc してから出力してください",
        "en": "the sheets given to --sheets ({names}) are not in this workbook; run recalc first",
    },
    "report.failed": {"ja": "PDF出力に失敗しました: {reason}", "en": "PDF export failed: {reason}"},
    "split.baseline": {"ja": "前年売上に比例", "en": "proportional to last year's revenue"},
    "split.equal": {"ja": "均等", "en": "equal"},
    "split.trend": {
        "ja": "前年売上を各担当者の傾向と顧客の増減見込みで半分だけ延ばした値に比例",
        "en": "proportional to last year's revenue moved half-way toward where each rep's trends and account flows are heading",
    },
    "split.manual": {"ja": "担当者配分シートの比率", "en": "weights on the RepWeights sheet"},
    "basis.capped": {
        "ja": "根拠上限で頭打ち(不足分は他レバーへ)",
        "en": "held at the evidence ceiling (rest carried by other levers)",
    },
    "basis.lever": {"ja": "伸び率を重点設定で配分", "en": "uplift spread by policy weights"},
    "basis.lever_evidence": {
        "ja": "自社データの動きから(傾向+チームの動きに比例した配分)",
        "en": "from your data (its trend, plus a share by how the team's lever has moved)",
    },
    "basis.lever_short": {
        "ja": "傾向+重点設定で配分(前年比の実績が2年分未満。訪問頻度と訪問あたり受注数は重点の半分、取引単価はKGIの増減の向きに、その分まで)",
        "en": "trend, plus a share by the policy weights, visit frequency and orders per visit at half theirs, unit price only the KGI's way and no further (under two years of year-on-year record)",
    },
    "basis.kgi": {"ja": "KGI", "en": "KGI"},
    "basis.kgi_share": {"ja": "KGIの担当者配分", "en": "rep share of the KGI"},
    # A Targets FY row whose baseline scales a newcomer's months to a year (trial 30 L2).
    "basis.scaled_count": {
        "ja": "。基準値は途中から勤務した担当者の月を年換算(実数 {counted})",
        "en": "; the baseline makes a newcomer's months a year ({counted} counted)",
    },
    # A planned price revision inside the unit-price target (render.target_rows).
    "targets.with_revision": {
        "ja": "。{revision}(設定より)を含む",
        "en": "; includes the {revision} planned on Settings",
    },
    "basis.derived": {"ja": "レバー目標から算出", "en": "derived from the lever targets"},
    "basis.override": {"ja": "手動目標(目標上書きシート)", "en": "manual target (Overrides sheet)"},
    # Accounts handed over during the year took their part of the targets along (core.carry).
    "basis.handover": {
        "ja": "担当替え: 渡した顧客の分の目標を引き継いだ担当者へ移動(チーム計は不変)",
        "en": "handover: the accounts' part of the target moved to the rep who took them (team total unchanged)",
    },
    # A rep who left during the year: his pipeline months after it are 0 (core.departed).
    "basis.departed": {
        "ja": "退職・異動: 退職後の月の開拓目標なし(チーム計からも除く)",
        "en": "left: no prospecting targets after his last month (nor in the team's)",
    },
    "handover_not_carried_summed": {
        "ja": "年度中に担当者の間で引き継がれた顧客 {count} 件の目標は、履歴をファイル・データベースから集計して読んだため、渡した担当者に残しています(顧客ごとの明細がなく配分を測れません)。目標を引き継ぎ先へ移すには、受注・訪問をシートに貼り付けてください",
        "en": "the targets of {count} accounts handed over between reps during the year stay with the rep who gave them: the history was read summed from files or a database (no per-account lines to measure their share); paste the orders and visits on the sheets to move the targets with the accounts",
    },
    # A carried rep's handover with a rep without a plan (core.carry.partly_carried; the
    # Review's rows on them: core.review.judged_handed).
    "handover_partly_carried": {
        "ja": "{rep}さんの担当替えのうち顧客 {count} 件は、相手の担当者に計画がない(新任、または年度中に退職)ため目標を移していません。振り返りでは、この {count} 件を分けた行にして、{rep}さんを移した後の担当先で評価しています(ほかの顧客の目標は移しました)",
        "en": "{count} of the accounts {rep} handed over or took during the year changed hands with a rep without a plan (a newcomer, or one who left during the year): their targets did not move; the other accounts' did. The Review splits these {count} accounts out in rows of their own and judges {rep} on the book held after the move",
    },
    # A rep still building his first book whose wins are planned at his meetings' pace
    # (core.targets.building_pace, trial 29 H3), and the book they build
    # (core.targets.building_flows: start − losses + wins − their first-year losses).
    # A rep whose visits per account fell in the baseline's last months (core.slump; trial 32
    # L5): the target carries the drop; whether it lasts is the manager's call.
    "visit_slump": {
        "ja": "訪問頻度の低下: {rep}さんの訪問頻度(月/顧客)は基準期間の最後の{months}か月({since}〜)が {recent} で、それまでの {before} から下がっています(チーム全体の動きを除いて {drop})。訪問頻度の目標 {target} はこの低下を含む12か月から出しています。一時的な低下で元のペースに戻す前提なら、目標上書きシートで訪問頻度を上げてください",
        "en": "visits fell: {rep}'s visits per account fell to {recent} a month over the baseline's last {months} months (from {since}), from {before} before ({drop} beyond the team's own change). His visit-frequency target {target} stands on the 12 months that include the drop; if it is not to last, raise it on the Overrides sheet",
    },
    "building_wins_pace": {
        "ja": "{rep}さんはまだ最初の担当先を作っている途中のため、新規顧客の目標 {new}件は、これまでの商談のペース(勤務した月から年換算)の商談 {meetings}件に成約率 {win}(本人の基準期間は {own_meetings}件で {own_wins}件 = {own}。担当者ごとの差のうち偶然で説明できる分はチームの率に寄せています)をかけた数としました。立ち上げ中の新規は持っている顧客の数ではなく商談から生まれるためで、保有顧客あたりの通常のペースでは {usual}件になります(商談の目標とも一致します)。この獲得で担当顧客は期首 {start}件から期末 {end}件になり(年内の解約は新規分 {lost}件を含めて見込んでいます)、年間の月末平均は {book}件です。稼働顧客数の目標はこの平均を下回りません",
        "en": "{rep} is still building a first book: the new-accounts target {new} is the meetings at the pace of the months worked ({meetings} a year) × the win rate {win} (his own in the baseline: {own_wins} of {own_meetings} = {own}; the part of the reps' differences chance explains is taken from the team's rate). A newcomer's wins come from prospecting, not from the accounts held; the usual pace per account held gives {usual} (the meetings target agrees with it). These wins take the book from {start} at the year's start to {end} at its end (the cancellations count {lost} of the new accounts lost again within the year), {book} on average over the month-ends: the active-accounts target is not below that average",
    },
    # The building rep's book above what his share of the KGI asked (core.targets.Plan.lift):
    # what it brings counts towards the KGI, the other reps' shares are that much lower.
    "building_book_counts": {
        "ja": "{rep}さんの売上目標 {revenue} は、KGIの配分 {share} に、獲得で増える顧客の売上 {lift} を加えたものです(稼働顧客数はKGIの配分だけなら {share_avg}件、獲得による年間平均は {avg}件)。この売上もKGIの達成に数え、ほかの担当者の配分はその分低くしています",
        "en": "{rep}'s revenue target {revenue} is the share of the KGI, {share}, plus {lift} from the extra accounts the wins add (active accounts: {share_avg} for the share alone, {avg} on average with the wins). That revenue counts towards the KGI, so the other reps' shares are that much lower",
    },
    # A rep still building his first book: his accounts' buying planned from the baseline's
    # last months, not its average (core.baselines.end_levels, core.targets.at_end; trial 32
    # M3: 中村's young accounts bought 24% more per account in his last three months than
    # over his year, beyond the team's change, and his target planned on the year's average
    # was 16% short).
    "building_end_levels": {
        "ja": "立ち上げ中の顧客: {rep}さんはまだ最初の担当先を作っている途中で、顧客の多くは取引を始めて間もないため、顧客あたりの売上(訪問頻度・訪問あたり受注数・取引単価)は基準期間12か月の平均ではなく、最後の{months}か月({since}〜)の水準から計画しました: 顧客あたり月 {year} → {end}(チーム全体の同じ月の動きを除いて {change})。売上の配分もこの水準に立ちます(×{factor}。担当顧客の数は期首に持っている分をそのまま数えます)",
        "en": "young accounts: {rep} is still building a first book and most of his accounts are new, so his revenue per account (visits per account, orders per visit, unit price) is planned from the baseline's last {months} months (from {since}), not its 12-month average: {year} → {end} a month per account ({change} beyond the team's own change over those months). His share of the KGI stands on that level too (×{factor}; the accounts he holds at the year's start count in full)",
    },
    # The same without visits: his levers per account are orders per account and unit price.
    "building_end_levels_orders": {
        "ja": "立ち上げ中の顧客: {rep}さんはまだ最初の担当先を作っている途中で、顧客の多くは取引を始めて間もないため、顧客あたりの売上(顧客あたり受注数・取引単価)は基準期間12か月の平均ではなく、最後の{months}か月({since}〜)の水準から計画しました: 顧客あたり月 {year} → {end}(チーム全体の同じ月の動きを除いて {change})。売上の配分もこの水準に立ちます(×{factor}。担当顧客の数は期首に持っている分をそのまま数えます)",
        "en": "young accounts: {rep} is still building a first book and most of his accounts are new, so his revenue per account (orders per account, unit price) is planned from the baseline's last {months} months (from {since}), not its 12-month average: {year} → {end} a month per account ({change} beyond the team's own change over those months). His share of the KGI stands on that level too (×{factor}; the accounts he holds at the year's start count in full)",
    },
    # A building rep's heading line when his accounts' buying is planned from the baseline's
    # end (targets.at_end): the held part, the end level and the rest's half multiply to it.
    "plan.rep_heading_hand_end": {
        "ja": "。本人の見込み {heading}({parts})は、期首にすでに持っている顧客の分 ×{hand} と残り ×{rest} から成ります。持っている顧客の分はそのまま、残りは半分(×{half})を見込み、顧客あたりの売上を基準期間の最後の水準(×{end})にして、合わせて ×{own}",
        "en": "; heading {heading} on its own ({parts}) is the accounts already held at the start, ×{hand}, and the rest, ×{rest}: the accounts held count in full, the rest by half (×{half}), and revenue per account at its level at the baseline's end (×{end}), together ×{own}",
    },
    "basis.month": {"ja": "", "en": ""},
    # A rep who works fewer weekdays (core.workweek, trial 24 M1): after the row's basis.
    "basis.own_days": {
        "ja": "1営業日あたりは本人の勤務日({weekdays}){days}日で割った数(会社の営業日は{company}日)",
        "en": "per working day: per day of the rep's own weekdays ({weekdays}), {days} days (the company's: {company})",
    },
    # A month whose baseline is an older year's same month (last year's is not complete).
    "basis.month_older": {
        "ja": "基準値は前年同月ではなく、その前の年の同月(前年同月はまだ締まっていません)",
        "en": "baseline: the same month of an earlier year (last year's is not complete yet)",
    },
    "severity.critical": {"ja": "重大", "en": "critical"},
    # A Checks row whose data row was left out (a required value unreadable): not critical,
    # the run goes on without that row; said apart from a warning, where the row is used.
    "severity.error": {"ja": "エラー(行を除外)", "en": "error (row left out)"},
    "severity.warn": {"ja": "警告", "en": "warning"},
    "severity.info": {"ja": "情報", "en": "info"},
    "team": {"ja": "チーム計", "en": "Team"},
    "not_calculated": {"ja": "未計算", "en": "not calculated"},
    # --- Template wording (labels, prompts, placeholders, the button) -----------------------
    "template.title": {"ja": "routekpi 設定", "en": "routekpi settings"},
    "template.status_label": {"ja": "状態", "en": "Status"},
    "template.status_initial": {
        "ja": "「計画を再計算」で計算します(routekpi recalc でも同じ状態がダッシュボードB2に出ます)",
        "en": "Click Recalculate plan (routekpi recalc writes the same status to Dashboard!B2)",
    },
    "template.chart_burnup": {
        "ja": "売上バーンアップ(チーム累計: 実績 vs 目標)",
        "en": "Revenue burn-up (team, cumulative: actual vs target)",
    },
    "template.chart_reps": {
        "ja": "担当者別 売上達成率(経過分比)",
        "en": "Revenue attainment by rep (to date)",
    },
    "template.chart_bridge": {
        "ja": "前年売上からKGIへのレバー別ブリッジ",
        "en": "Bridge from last year's revenue to the KGI, by lever",
    },
    "template.col_setting": {"ja": "項目", "en": "Setting"},
    "template.col_value": {"ja": "値", "en": "Value"},
    "template.col_help": {"ja": "説明", "en": "Help"},
    "template.button": {"ja": "計画を再計算", "en": "Recalculate plan"},
    "template.placeholder": {
        "ja": "未計算 — 「計画を再計算」を押してください",
        "en": "Not calculated yet — click Recalculate plan",
    },
    "template.range_between": {"ja": "{lo}〜{hi}", "en": "{lo} to {hi}"},
    "template.range_at_least": {"ja": "{lo}以上", "en": "at least {lo}"},
    "template.range_at_most": {"ja": "{hi}以下", "en": "at most {hi}"},
    "template.range_any": {"ja": "任意", "en": "any value"},
    "template.kind_number": {"ja": "数値({range})", "en": "a number ({range})"},
    "template.kind_integer": {"ja": "整数({range})", "en": "a whole number ({range})"},
    "template.kind_date": {
        "ja": "日付(例: 2026-03-31、空欄可)",
        "en": "a date (e.g. 2026-03-31, or blank)",
    },
    "template.kind_choice": {"ja": "{choices} のいずれか", "en": "one of {choices}"},
    "template.allowed": {"ja": "{what}を入力してください", "en": "Enter {what}."},
    "template.word_meaning_prompt": {
        "ja": "種別(訪問 / アポ / 商談)か、結果(成功 / 失敗 / 検討中)",
        "en": "a kind (visit / attempt / meeting) or an outcome (won / lost / open)",
    },
    "template.visit_kind_prompt": {
        "ja": "訪問 / アポ(アポイント打診) / 商談 のいずれか",
        "en": "visit / attempt (appointment attempt) / meeting",
    },
    "template.outcome_prompt": {
        "ja": "成功 / 失敗(アポ打診・商談の結果)",
        "en": "won / lost (result of an attempt or meeting)",
    },
    "template.list_hint": {
        "ja": "一覧にない値です。一覧の値を推奨します(別名も読み込めます)",
        "en": "Not in the list; the listed values are recommended (aliases are also read)",
    },
    "template.conf_note": {
        "ja": "xlwings の設定(A1 から)。Interpreter_Win / Interpreter_Mac: routekpi をインストールした Python のパス(空欄 = PATH 上の python)",
        "en": "xlwings settings (from A1). Interpreter_Win / Interpreter_Mac: path of the Python that has routekpi installed (blank = python on PATH)",
    },
    # --- Command line and live layer -------------------------------------------------------
    "err.locked": {
        "ja": "ブックが Excel または LibreOffice で開かれています({path})。閉じてから再実行してください",
        "en": "the workbook is open in Excel or LibreOffice ({path}); close it and run again",
    },
    "repair.layout": {
        "ja": "出力シートを現在のテンプレートの印刷設定(A4 横・横1ページ)にしました: {sheets}。ダッシュボードのグラフ {charts} 個を現在のものにしました(セルの内容は変わりません)",
        "en": "output sheets given the current template's page setup (A4 landscape, one page wide): {sheets}; {charts} Dashboard charts brought up to date (no cell changed)",
    },
    # Only one of the two was updated (fix29: 「…印刷設定…にしました: —」 when only the
    # charts were): the line says what was done.
    "repair.layout_sheets": {
        "ja": "出力シートを現在のテンプレートの印刷設定(A4 横・横1ページ)にしました: {sheets}(セルの内容は変わりません)",
        "en": "output sheets given the current template's page setup (A4 landscape, one page wide): {sheets} (no cell changed)",
    },
    "repair.layout_charts": {
        "ja": "ダッシュボードのグラフ {charts} 個を現在のテンプレートのものにしました(セルの内容は変わりません)",
        "en": "{charts} Dashboard charts brought up to date with the current template (no cell changed)",
    },
    # price27: the repeated print rows and columns (schema.PrintLayout) of the output sheets.
    "repair.print_titles": {
        "ja": "印刷時に各ページに繰り返す行・列(見出し行と、Matrix・Daily・Review の左の列)を現在のテンプレートに合わせました: {sheets}",
        "en": "output sheets given the current template's print titles (the header row on every page, and the left columns of the Matrix, the Daily and the Review): {sheets}",
    },
    "repair.done": {
        "ja": "修復しました: {path}(VBA モジュール {modules}、ボタン: {button}、作成したシート: {sheets})",
        "en": "repaired {path} (VBA modules {modules}; button on {button}; sheets created: {sheets})",
    },
    "err.not_found": {"ja": "ファイルが見つかりません: {path}", "en": "file not found: {path}"},
    "err.not_workbook": {
        "ja": "Excel ブック(.xlsx/.xlsm)ではありません: {path}",
        "en": "not an Excel workbook (.xlsx/.xlsm): {path}",
    },
    "err.encrypted": {
        "ja": "パスワード付き(暗号化)のブックは読めません。パスワードを解除して保存してください: {path}",
        "en": "the workbook is password-protected (encrypted); save it without a password: {path}",
    },
    "err.missing_sheet": {
        "ja": "必須シート「{sheet}」がありません",
        "en": "required sheet '{sheet}' is missing",
    },
    "err.missing_input_sheet": {
        "ja": "必須シート「{sheet}」がありません。使える名前: {accepted}。このブックの他のシート: {found}",
        "en": "required sheet '{sheet}' is missing; accepted names: {accepted}; other tabs in this book: {found}",
    },
    # --- history from files or a database (routekpi.sources) ---------------------------------
    "err.source_not_found": {
        "ja": "{input} の履歴ファイルが見つかりません: {source}",
        "en": "history file for {input} not found: {source}",
    },
    "err.source_kind": {
        "ja": "{source}: 読める形式ではありません(.csv .tsv .txt .parquet .xlsx、または sqlite:/// postgresql:// の URL)",
        "en": "{source}: not a readable source (.csv .tsv .txt .parquet .xlsx, or a sqlite:/// or postgresql:// URL)",
    },
    "err.reserved_rep": {
        "ja": "担当者名「{rep}」はチーム合計の行の名前なので、担当者には使えません: {where} の担当者列で別の名前に変えてください",
        "en": "'{rep}' names the team's total row and cannot be a rep's name: rename that rep in the rep column of {where}",
    },
    "err.source_no_orders": {
        "ja": "{source} に使える受注の行が1件もありません(受注日・顧客・担当者・金額のある行が必要です)",
        "en": "{source} has no usable order rows (each needs an order date, account, rep and amount)",
    },
    "err.source_no_good_orders": {
        "ja": "{source} に使える受注の行が1件もありません(最初の問題: {row}行目 {column}「{value}」)",
        "en": "{source} has no usable order rows (first problem: row {row}, {column} '{value}')",
    },
    "err.source_unreadable": {
        "ja": "{source} を読めません: {reason}",
        "en": "cannot read {source}: {reason}",
    },
    "err.source_encoding": {
        "ja": "{source} の {line} 行目が文字コード {encoding} として読めません(Sources シートの文字コード欄か --encoding で指定してください)",
        "en": "line {line} of {source} is not valid {encoding} (name the encoding on the Sources sheet or with --encoding)",
    },
    "err.source_no_table": {
        "ja": "{source}: テーブル名かクエリを指定してください(?table=名前 または ?query=SELECT…、Sources シートではテーブル欄)",
        "en": "{source}: name a table or a query (?table=NAME or ?query=SELECT…; on the Sources sheet, the Table column)",
    },
    "csv_header_below": {
        "ja": "見出しはこの行にありました(それより上の行は表題として読みません)",
        "en": "the header is on this line (the lines above it are read as a title, not data)",
    },
    "source_bad_line_columns": {
        "ja": "列の数が見出しと違います(見出し {expected} 列、この行 {found} 列。引用符で囲まれていない金額の桁区切りカンマがあると列が増えます)(この行は使用しません)",
        "en": "the line has {found} columns where the header has {expected} (a thousands comma in an amount without quotes adds a column) (row skipped)",
    },
    "err.source_bad_line_columns_stop": {
        "ja": "{source} の {lines} 行のうち {bad} 行が読めないため、計算しません: 列の数が見出しと違います(最初は {line} 行目: 見出し {expected} 列、この行 {found} 列)。金額の桁区切りカンマが引用符で囲まれていないと列が増えます。カンマなしか引用符付きで保存し直してください",
        "en": "{bad} of the {lines} lines of {source} cannot be read, so nothing is calculated: their column count differs from the header (first at line {line}: {expected} in the header, {found} on the line). A thousands comma in an amount without quotes adds a column: save the file without separators or with quotes",
    },
    "err.source_bad_line_stop": {
        "ja": "{source} の {lines} 行のうち {bad} 行が CSV の行として読めないため、計算しません(最初は {line} 行目: {reason})",
        "en": "{bad} of the {lines} lines of {source} are not valid CSV lines, so nothing is calculated (first at line {line}: {reason})",
    },
    "err.source_unknown_encoding": {
        "ja": "{source} の文字コード「{encoding}」がわかりません(例: cp932(シフトJIS)、utf-8、utf-16)",
        "en": "{source}: unknown encoding '{encoding}' (e.g. cp932 (Shift_JIS), utf-8, utf-16)",
    },
    "source_bad_line": {
        "ja": "CSV の行として読めません: {reason}(この行は使用しません)",
        "en": "not a valid CSV line: {reason} (row skipped)",
    },
    "source_unknown_input": {
        "ja": "入力名「{value}」を判別できません: Orders / Visits / Accounts(受注 / 訪問 / 顧客)のいずれかを入力してください(この行は使用しません)",
        "en": "unknown input '{value}': use Orders, Visits or Accounts (row skipped)",
    },
    "source_used": {
        "ja": "{input} はシートではなく {source} から読みました({rows} 行)",
        "en": "{input} read from {source}, not from its sheet ({rows} rows)",
    },
    # sources.tabular: an .xlsx source's tabs, read one under another (trial 21: one per year).
    "source_used_sheets": {
        "ja": "{input} はシートではなく {source} のシート「{sheets}」から読みました({rows} 行)",
        "en": "{input} read from {source}, sheet '{sheets_en}', not from its sheet ({rows} rows)",
    },
    "source_used_sheets_skipped": {
        "ja": "{input} はシートではなく {source} のシート「{sheets}」から読みました({rows} 行)。シート「{skipped}」は見出しが{input}の列と合わないため読んでいません",
        "en": "{input} read from {source}, sheet '{sheets_en}', not from its sheet ({rows} rows). Sheets '{skipped_en}' were not read: their headers are not {input}'s columns",
    },
    "source_used_stacked": {
        "ja": "{input} はシートではなく {source} のシート「{sheets}」をこの順に縦につないで読みました({rows} 行。行番号はつないだ後の番号です)",
        "en": "{input} read from {source}, sheets '{sheets_en}' one under another in this order, not from its sheet ({rows} rows; row numbers count the sheets stacked)",
    },
    "source_used_stacked_skipped": {
        "ja": "{input} はシートではなく {source} のシート「{sheets}」をこの順に縦につないで読みました({rows} 行。行番号はつないだ後の番号です)。シート「{skipped}」は見出しが{input}の列と合わないため読んでいません",
        "en": "{input} read from {source}, sheets '{sheets_en}' one under another in this order, not from its sheet ({rows} rows; row numbers count the sheets stacked). Sheets '{skipped_en}' were not read: their headers are not {input}'s columns",
    },
    # fix23c (trial 23 H2): several Sources rows for one input (one export per year), read one
    # under another in row order; a short history's Plan; a program error in clear words.
    "source_used_rows": {
        "ja": "{input} はシートではなく Sources シート {source_rows} 行目のファイルをこの順に縦につないで読みました: {parts}(かっこ内はファイルごとの行数。合計 {rows} 行。行番号は各ファイルの行番号です)",
        "en": "{input} read from the files of Sources rows {source_rows_en}, one under another in this order, not from its sheet: {parts_en} (rows per file in brackets; {rows} rows in all; row numbers are each file's own)",
    },
    "source_part_column_missing": {
        "ja": "Sources シート {row} 行目の {source} には列「{column}」がありません(Sources {other_row} 行目の {other} にはあります)。このファイルの行の「{column}」は空として読みました。{lost}旧システムの出力などで元々この列がなければ、このままで構いません。列を出力できる場合は、同じ列を持つファイルにそろえてください",
        "en": "{source} (Sources row {row}) has no column '{column}' ({other}, Sources row {other_row}, has it): its rows are read with '{column}' blank. {lost_en}If the old system never had this column, that is fine as it is; if it can export the column, give the files the same columns",
    },
    "source_parts_overlap": {
        "ja": "Sources シート {row} 行目の {source} の期間({first}〜{last})が、前の行の {other} の期間({other_first}〜{other_last})と重なっています。重なった期間の受注が両方のファイルにあると二重に数えます(受注番号があれば同じ伝票は1回だけ数えます)",
        "en": "{source} (Sources row {row}) covers {first} to {last}, overlapping {other} ({other_first} to {other_last}) on an earlier row: orders in both files are counted twice unless they carry order numbers (a repeated slip is counted once)",
    },
    "plan.slow_months_flat_note": {
        "ja": "年 {uplift} に対し、前年同月比が {half} に満たない月: {months}。丸1年分の履歴がないため季節性は測れず、月別の目標は年間目標を12か月に均等に分けています(前年の割合 → 均等の割合)。前年の同月が年の1/12より大きかった月は、前年同月の伸びが小さく(または下回り)ます",
        "en": "the year is {uplift}; months under {half} over the same month last year: {months}. With no full year of history no season can be measured: the year's target is split evenly over the 12 months (last year's share → the even share). A month that took more than 1/12 of last year grows less than the year (or falls below)",
    },
    "err.program": {
        "ja": "routekpi の不具合で処理を終えられませんでした。入力の誤りではありません。同じコマンドに --debug を付けて実行し、表示された内容とブック(Sources のファイルも)をサポートに送ってください(内容: {reason})",
        "en": "a fault in routekpi stopped the run; it is not a mistake in your input. Run the same command with --debug and send what it prints, with the workbook (and its Sources files), to support (detail: {reason})",
    },
    "plan.status_sources": {
        "ja": "{status} · 履歴: {where}",
        "en": "{status} · history: {where}",
    },
    "err.cli_is_folder": {
        "ja": "フォルダです(ブックのファイル名を指定してください): {path}",
        "en": "this is a folder, not a workbook file: {path}",
    },
    "err.cli_not_folder": {
        "ja": "フォルダではなくファイルです(出力先フォルダを指定してください): {path}",
        "en": "this is a file, not a folder (give a folder for the output): {path}",
    },
    "err.cli_no_folder": {
        "ja": "フォルダがありません(先に作成してください): {path}",
        "en": "the folder does not exist (create it first): {path}",
    },
    "err.cli_exists": {
        "ja": "すでにあります(上書きするなら --force): {path}",
        "en": "already exists (use --force to overwrite): {path}",
    },
    "err.cli_new_suffix": {
        "ja": "ブックはマクロ付きなので .xlsm で終わる名前にしてください: {path}",
        "en": "the workbook carries macros: give a name ending in .xlsm: {path}",
    },
    "err.cli_date": {
        "ja": "{option} の日付が読めません: {value}(例: 2026-06-30, 2026/6/30, 令和8年6月30日)",
        "en": "{option} is not a date: {value} (e.g. 2026-06-30, 2026/6/30, 令和8年6月30日)",
    },
    "err.cli_os": {
        "ja": "ファイルを扱えません: {path}({reason})",
        "en": "cannot use {path}: {reason}",
    },
    "err.out_suffix": {
        "ja": "出力先 {out} の拡張子が元のブックと違います。{want} で終わる名前にしてください(Excel は中身と拡張子が違うファイルを開きません)",
        "en": "--out {out} does not match the workbook's type: give a name ending in {want} (Excel refuses a file whose extension does not match its content)",
    },
    "err.write_failed": {
        "ja": "書き込みに失敗しました(元のファイルは変更していません): {reason}",
        "en": "writing failed (the original file is unchanged): {reason}",
    },
    "err.legacy_xls": {
        "ja": "Excel 97-2003 形式(.xls)のブックは読めません。.xlsm か .xlsx で保存し直してください: {path}",
        "en": "Excel 97-2003 workbooks (.xls) cannot be read; save it as .xlsm or .xlsx: {path}",
    },
    "err.unsafe_xml": {
        "ja": "ブックに安全でない XML(DTD・エンティティ定義)が含まれているため読みません: {path}({part})",
        "en": "the workbook contains unsafe XML (a DTD or entity declarations), so it was not read: {path} ({part})",
    },
    "err.too_large": {
        "ja": "ブックの展開サイズが大きすぎます(zip爆弾の可能性): {path}",
        "en": "the workbook expands to an unsafe size (possible zip bomb): {path}",
    },
    # --- Sharing by email: copies, visit log, mail, collect --------------------------------
    "share.cover_title_team": {
        "ja": "routekpi 共有コピー(チーム)",
        "en": "routekpi shared copy (team)",
    },
    "share.cover_title_rep": {
        "ja": "routekpi 共有コピー: {rep}",
        "en": "routekpi shared copy: {rep}",
    },
    "share.cover_scope": {"ja": "対象", "en": "Scope"},
    "share.cover_scope_team": {"ja": "チーム全体", "en": "Whole team"},
    "share.cover_rep": {"ja": "担当者", "en": "Rep"},
    # A rep's copy names no other rep: the best performer to learn from, without his name.
    "share.best_other": {"ja": "チームのベスト担当者", "en": "the team's best rep"},
    # ... and the best of the colleagues who work as many days (after 「…同僚のうち、」).
    "share.best_alike": {"ja": "最も成績の良い人", "en": "the one doing best"},
    "share.cover_plan_year": {"ja": "計画年度", "en": "Plan year"},
    "share.cover_kgi": {"ja": "KGI(年間売上目標)", "en": "KGI (plan-year revenue goal)"},
    "share.cover_kgi_share": {
        "ja": "KGIのうちあなたの分担(年間売上目標)",
        "en": "Your share of the KGI (plan-year revenue target)",
    },
    "share.cover_feasible": {"ja": "実現可能性", "en": "Feasibility"},
    "share.cover_as_of": {"ja": "基準日", "en": "As of"},
    "share.cover_computed": {"ja": "計算日時", "en": "Computed at"},
    "share.cover_source": {"ja": "元のブック", "en": "Computed from"},
    "share.cover_sheets": {"ja": "このファイルについて", "en": "About this file"},
    "share.cover_howto_log": {
        "ja": "「訪問入力」シートに訪問・アポ・商談を1行ずつ記録してください(日付・顧客コード・種別・結果・メモ)。",
        "en": "Record each visit, appointment attempt and meeting on the VisitLog sheet, one per row (date, account, kind, outcome, note).",
    },
    "share.cover_howto_return": {
        "ja": "記録したら、このファイルを保存してメールで返信してください。マネージャーが取り込みます(同じ行を2回送っても二重には数えません)。",
        "en": "Then save this file and send it back by e-mail; your manager collects it (rows sent twice are counted once).",
    },
    "share.cover_about_plan": {
        "ja": "「{tab}」: チームの計画(KGI・レバー・実現可能性)",
        "en": "{tab}: the team plan (KGI, levers, feasibility)",
    },
    "share.cover_about_targets": {
        "ja": "「{tab}」: KPI目標(年度・月別・1営業日あたり)",
        "en": "{tab}: KPI targets (year, months, per working day)",
    },
    "share.cover_about_attainment": {
        "ja": "「{tab}」: 実績・達成率・進捗率・着地見込み",
        "en": "{tab}: actuals, attainment, pace and forecast",
    },
    "share.cover_about_flags": {
        "ja": "「{tab}」: 課題と推奨アクション",
        "en": "{tab}: issues and suggested actions",
    },
    "share.cover_about_checks": {
        "ja": "「{tab}」: 入力データの問題",
        "en": "{tab}: problems in the input data",
    },
    "share.cover_about_daily": {
        "ja": "「{tab}」: 日別の訪問リスト",
        "en": "{tab}: the visit list by working day",
    },
    "share.cover_about_review": {
        "ja": "「{tab}」: 振り返り(レバー別の差)",
        "en": "{tab}: review (gap by lever)",
    },
    "share.cover_about_myaccounts": {
        "ja": "「{tab}」: あなたの担当顧客(訪問入力の顧客コード一覧)",
        "en": "{tab}: your accounts (the account list of the visit log)",
    },
    "share.cover_no_log": {
        "ja": "訪問の記録はこれまでどおりの方法で続けてください(訪問履歴は {source} から読み込んでいるため、このファイルには訪問入力シートがありません。記入して返送する必要はありません)。",
        "en": "Keep recording visits as you do now (visits are read from {source}, so this file has no visit log: nothing to fill in or send back).",
    },
    "share.cover_about_myaccounts_only": {
        "ja": "「{tab}」: あなたの担当顧客",
        "en": "{tab}: your accounts",
    },
    "share.cover_reasons": {
        "ja": "目標の根拠(「計画」シートのあなたの行)",
        "en": "Why this target (your lines of the Plan sheet)",
    },
    "share.basis_kgi_share": {
        "ja": "KGIの担当者配分(根拠は「表紙」の「目標の根拠」)",
        "en": "rep share of the KGI (why: see the Cover, 'Why this target')",
    },
    "share.cover_only_yours": {
        "ja": "このファイルにはあなたの数字だけが入っています(他の担当者の数字・チーム合計は入っていません)。値のみで、マクロも Python も不要です。",
        "en": "This file holds your numbers only (no other rep's numbers, no team totals). Values only: no macros, no Python needed.",
    },
    "share.log_date_error": {
        "ja": "日付を入力してください(例: 2026-11-05)",
        "en": "Enter a date (e.g. 2026-11-05).",
    },
    "share.log_account_error": {
        "ja": "担当顧客シートにない顧客コードです(見込み客なら「はい」でそのまま入力できます)",
        "en": "Not one of your accounts (for a prospect, click Yes to keep it).",
    },
    "share.log_choice_error": {
        "ja": "一覧の値を推奨します",
        "en": "The listed values are recommended.",
    },
    "share.log_prompt_date": {
        "ja": "訪問・アポ・商談の日付",
        "en": "Date of the visit, attempt or meeting",
    },
    "share.log_prompt_account": {
        "ja": "顧客コード(担当顧客シート参照)",
        "en": "Account code (see MyAccounts)",
    },
    "share.log_prompt_kind": {
        "ja": "訪問 / アポ(アポイント打診) / 商談",
        "en": "visit / attempt (appointment attempt) / meeting",
    },
    "share.log_prompt_outcome": {
        "ja": "成功 / 失敗(アポ打診・商談の結果)",
        "en": "won / lost (result of an attempt or meeting)",
    },
    "share.mail_subject_rep": {
        "ja": "【routekpi】{rep} さんの目標と実績({fy}、{as_of} 時点)",
        "en": "[routekpi] Targets and attainment for {rep} ({fy}, as of {as_of})",
    },
    "share.mail_subject_team": {
        "ja": "【routekpi】チームの目標と実績({fy}、{as_of} 時点)",
        "en": "[routekpi] Team targets and attainment ({fy}, as of {as_of})",
    },
    "share.mail_body_rep": {
        "ja": "{rep} さん\n\n{fy} の目標と {as_of} 時点の実績を添付します({file})。\nあなたの数字だけが入ったファイルで、マクロは含まれていません。目標の根拠は「表紙」シートに、次の営業日からの訪問計画は「訪問計画」シートにあります。\n\n訪問・アポ・商談は「訪問入力」シートに記録し、保存したファイルをこのメールへの返信で送ってください。\n{password}",
        "en": "Hello {rep},\n\nAttached are your {fy} targets and your results as of {as_of} ({file}).\nThe file holds your numbers only and contains no macros. Why your target is what it is: see the Cover sheet; your visit plan for the next working days is on the Daily sheet.\n\nRecord visits, appointment attempts and meetings on the VisitLog sheet, save the file and send it back as a reply to this e-mail.\n{password}",
    },
    "share.mail_body_rep_no_log": {
        "ja": "{rep} さん\n\n{fy} の目標と {as_of} 時点の実績を添付します({file})。\nあなたの数字だけが入ったファイルで、マクロは含まれていません。目標の根拠は「表紙」シートに、次の営業日からの訪問計画は「訪問計画」シートにあります。\n\n訪問の記録はこれまでどおりの方法で続けてください(このファイルに記入して返送する必要はありません)。\n{password}",
        "en": "Hello {rep},\n\nAttached are your {fy} targets and your results as of {as_of} ({file}).\nThe file holds your numbers only and contains no macros. Why your target is what it is: see the Cover sheet; your visit plan for the next working days is on the Daily sheet.\n\nKeep recording visits as you do now (nothing to fill in or send back in this file).\n{password}",
    },
    "share.mail_body_team": {
        "ja": "{fy} のチームの目標と {as_of} 時点の実績を添付します({file})。マクロは含まれていません。\n{password}",
        "en": "Attached are the team's {fy} targets and results as of {as_of} ({file}). The file contains no macros.\n{password}",
    },
    "share.mail_password": {
        "ja": "ファイルはパスワードで保護されています。パスワードは別の方法でお知らせします。\n",
        "en": "The file is password-protected; the password comes to you separately.\n",
    },
    "share.critical_refused": {
        "ja": "共有を中止しました(コピーは作っていません): 重大なチェックが {count} 件あります — {checks}。直して再計算してから共有してください。このまま配るときは --force を付けてください",
        "en": "not shared (no copy written): {count} critical check(s) — {checks}. Fix it and recalculate first, or add --force to send the copies anyway",
    },
    "share.critical_forced": {
        "ja": "--force: 重大なチェックが {count} 件あるままコピーを作りました — {checks}",
        "en": "--force: copies written despite {count} critical check(s) — {checks}",
    },
    "share.no_address": {
        "ja": "{rep}: メールアドレスがありません(下書きを作成しません)",
        "en": "{rep}: no e-mail address (no draft written)",
    },
    "share.bad_address": {
        "ja": "{rep}: 「{value}」はメールアドレスとして読めません(下書きを作成しません)。「{tab}」シートの「{column}」欄には name@example.co.jp の形で書いてください。1人に複数のアドレスを送るときは、1つのセルに ; か , か 、 で区切って並べるか、同じ担当者(チームは ALL)の行を分けて書きます",
        "en": "{rep}: '{value}' is not an e-mail address (no draft written). The '{column}' column of the {tab} sheet takes name@example.com; for several addresses, list them in one cell separated by ; or , or 、, or give the same rep (ALL for the team) one row each",
    },
    "share.unplanned_no_copy": {
        "ja": "基準期間に売上がなく目標のない担当者には個別のコピーを作りません: {reps}(最初の受注が入ると、次の再計算から目標とコピーが出ます)",
        "en": "No copy for reps with no sales in the baseline and so no target: {reps} (their first order gives them a target and a copy at the next recalculation)",
    },
    "share.departed_no_copy": {
        "ja": "退職・異動とみなした担当者(最後の受注・訪問から{days}日以上記録なし)には個別のコピーを作りません: {reps}",
        "en": "No copy for reps taken as left (no order or visit for {days} days or more): {reps}",
    },
    "share.smtp_missing": {
        "ja": "送信には環境変数 ROUTEKPI_SMTP_HOST(と必要なら ROUTEKPI_SMTP_PORT / _USER / _PASSWORD / ROUTEKPI_MAIL_FROM)が必要です",
        "en": "sending needs the environment variable ROUTEKPI_SMTP_HOST (and, as needed, ROUTEKPI_SMTP_PORT / _USER / _PASSWORD / ROUTEKPI_MAIL_FROM)",
    },
    "share.smtp_no_from": {
        "ja": "送信元アドレスがありません: 環境変数 ROUTEKPI_MAIL_FROM か ROUTEKPI_SMTP_USER を設定してください",
        "en": "no sender address: set ROUTEKPI_MAIL_FROM or ROUTEKPI_SMTP_USER",
    },
    "share.smtp_failed": {
        "ja": "メール送信に失敗しました({host}:{port}): {reason}",
        "en": "sending mail failed ({host}:{port}): {reason}",
    },
    "share.smtp_refused": {
        "ja": "{rep}: サーバーが宛先 {to} を受け付けませんでした({reply})",
        "en": "{rep}: the server refused the recipient {to} ({reply})",
    },
    "share.smtp_summary": {
        "ja": "送信済み {sent} 通({sent_names})、届いていないもの {unsent} 通({unsent_names})。届いていない分は下書き(.eml)として {folder} に残しています({drafts})。宛先を確かめ、メールソフトで開いて送ってください",
        "en": "sent {sent} ({sent_names}); not delivered {unsent} ({unsent_names}). Those are left as drafts (.eml) in {folder} ({drafts}): check the addresses, open them in your mail program and send them",
    },
    "share.smtp_no_tls": {
        "ja": "SMTP サーバー {host} が STARTTLS(暗号化)に対応していないため、何も送らずに中止しました(平文で送ってよい場合のみ ROUTEKPI_SMTP_STARTTLS=0)",
        "en": "the SMTP server {host} does not offer STARTTLS, so nothing was sent (set ROUTEKPI_SMTP_STARTTLS=0 only if plain text is acceptable)",
    },
    "share.password_missing": {
        "ja": "パスワードが空です({source})",
        "en": "the password is empty ({source})",
    },
    "share.out_locked": {
        "ja": "{path} が開かれています。閉じてから再実行してください",
        "en": "{path} is open; close it and run again",
    },
    # collect
    "collect.encrypted_no_password": {
        "ja": "パスワード付きのファイルです: --password-file か --password-env でパスワードを指定してください",
        "en": "the file is password-protected: give its password with --password-file or --password-env",
    },
    "collect.wrong_password": {"ja": "パスワードが違います", "en": "wrong password"},
    "collect.not_a_copy": {
        "ja": "routekpi の担当者別コピーではありません(誰のコピーか分かりません)",
        "en": "not a routekpi rep copy (whose copy it is cannot be told)",
    },
    "collect.no_log": {"ja": "訪問入力シートがありません", "en": "no VisitLog sheet"},
    "collect.unknown_rep": {
        "ja": "担当者「{rep}」はこのブックにいません(別のブックのコピー?)",
        "en": "rep '{rep}' is not in this workbook (a copy of another workbook?)",
    },
    "collect.other_book": {
        "ja": "別のブック「{book}」から作られたコピーです(取り込みはします)",
        "en": "made from another workbook '{book}' (collected anyway)",
    },
    "collect.other_rep": {
        "ja": "別の担当者({rep})の行です(このファイルは {owner} さんのもの。取り込みません)",
        "en": "a row for another rep ({rep}); this file is {owner}'s (not collected)",
    },
    "collect.after_today": {
        "ja": "今日({today})より後の日付です(予定を先に入力した? 年の入力ミス?)。まだ取り込みません: 訪問した日以降に送り直したファイルから取り込みます",
        "en": "dated after today ({today}) (a visit typed in advance? a mistyped year?): not collected yet; it is taken from the file sent again after that day",
    },
    # Trial 40 L2: 2062-12-04 was told to wait for "the file sent again after that day".
    "collect.far_ahead": {
        "ja": "今日({today})より{days}日以上先の日付です(年の入力ミス?)。取り込みません: 正しい日付に直して送り直してください",
        "en": "dated more than {days} days after today ({today}) (a mistyped year?): not collected; correct the date and send the file again",
    },
    "collect.long_ago": {
        "ja": "この控えの基準日({as_of})より{days}日以上前の日付です(年の入力ミス?)。取り込みません: 正しい日付なら訪問シートに直接入力してください",
        "en": "dated more than {days} days before this copy's as-of date ({as_of}) (a mistyped year?): not collected; if the date is right, type the row on Visits",
    },
    "collect.name_as_code": {
        "ja": "顧客コードの欄に顧客名が入っています: 顧客 {account} として取り込みました",
        "en": "a customer name in the account code cell: collected as account {account}",
    },
    "collect.name_ambiguous": {
        "ja": "顧客コードの欄の顧客名に当たる顧客が複数あります({accounts})。取り込みません: 顧客コードで入力して送り直してください",
        "en": "the customer name in the account code cell is several accounts ({accounts}): not collected; type the account code and send the file again",
    },
    "collect.unknown_account": {
        "ja": "顧客コード {account} はどのシートにもありません。訪問として取り込みました(入力違いなら訪問シートで直してください。見込み客なら種別は商談かアポに)",
        "en": "account {account} is on no sheet: collected as a visit (if it is a typo, correct it on Visits; a prospect's contact is a meeting or a call)",
    },
    "collect.same_visit": {
        "ja": "{day} の顧客 {account} への訪問は訪問シートにすでにあるため、同じ訪問として取り込みませんでした(メモは返送ファイルに残っています)",
        "en": "Visits already has this rep's visit to {account} on {day}: the same visit, not collected again (its memo stays in the returned file)",
    },
    # Trial 40 M4: the same route visit typed twice (in one returned log, or in two files of
    # one collect): taken once, the second row named.
    "collect.same_visit_typed": {
        "ja": "{day} の顧客 {account} への訪問は {file} の {row} 行目で取り込み済みのため、同じ訪問として取り込みませんでした(同じ日に2度訪問したときは、訪問シートに直接入力してください)",
        "en": "this visit to {account} on {day} was collected from {file}, row {row}: the same visit, not collected twice (a second visit on the same day: type it on Visits yourself)",
    },
    "collect.cover_visit": {
        "ja": "顧客 {account} は {rep} さんの担当です。{visitor} さんの代理訪問として取り込みました(顧客コードの入力違いなら訪問シートで直してください)",
        "en": "account {account} is {rep}'s: collected as a cover visit by {visitor} (if the account code is a typo, correct it on Visits)",
    },
    "collect.no_visits_sheet": {
        "ja": "ブックに訪問シート(Visits)がありません。取り込み先として追加してください",
        "en": "the workbook has no Visits sheet to collect into; add one",
    },
    "collect.summary_file": {
        "ja": "{file}({rep}): {rows}行 → 追加 {added}、重複 {duplicates}、取り込まない行 {refused}",
        "en": "{file} ({rep}): {rows} rows → {added} added, {duplicates} duplicates skipped, {refused} not collected",
    },
    "collect.summary_total": {
        "ja": "訪問シートに {added} 行を追加しました(重複 {duplicates} 行は追加していません){recalc}",
        "en": "{added} rows added to Visits ({duplicates} duplicates skipped){recalc}",
    },
    "collect.summary_recalc": {"ja": "。再計算しました", "en": "; outputs recalculated"},
    "collect.summary_nothing": {
        "ja": "追加する行はありません(ブックは変更していません)",
        "en": "nothing to add (the workbook was not changed)",
    },
    # Which as-of date the outputs use after a collect, and why (a blank AsOf is the orders'
    # last day; visits typed after it count as contact; "moved": a source's history end).
    "collect.as_of_moved": {
        "ja": "基準日が {before} から {after} に移りました: 基準日(AsOf)が空欄のため履歴の最終日を使い、回収した訪問の最終日が {after} です。受注は {orders_end} までなので、その後の {days} 営業日は受注のない日として数えられ、返送していない担当者も含め全員の進捗が下がり、訪問計画は {next} から始まります。受注の最終日で測るには Settings の AsOf に {orders_end} と入れてください(それより後の訪問は記録されたまま、基準日を進めると集計に入ります)",
        "en": "the as-of date moved from {before} to {after}: AsOf is blank, so it is the history's last date, and the collected visits run to {after}. Orders end on {orders_end}, so the {days} working days after it count as days without orders: every rep's pace drops, also for reps who sent nothing, and the daily list starts on {next}. To measure at the orders' last day, type {orders_end} in Settings AsOf (later visits stay recorded and count once the as-of date moves on)",
    },
    "collect.as_of_moved_no_workday": {
        "ja": "基準日が {before} から {after} に移りました(基準日(AsOf)が空欄のため、回収した訪問の最終日)。受注の最終日 {orders_end} との間に営業日はないため、進捗は変わりません",
        "en": "the as-of date moved from {before} to {after} (AsOf is blank: the last collected visit); no working day lies between it and the last order ({orders_end}), so pace is unchanged",
    },
    "collect.as_of_kept": {
        "ja": "基準日は {as_of} のままです(基準日(AsOf)が空欄のため受注の最終日)",
        "en": "the as-of date stays {as_of} (AsOf is blank: the orders' last day)",
    },
    "collect.as_of_kept_later": {
        "ja": "基準日は {as_of} のままです(基準日(AsOf)が空欄のため受注の最終日)。回収した訪問のうち {count} 行はそれより後の日付で、訪問計画と要注意顧客の判定では接触として数え、訪問計画は {contact} の翌営業日から始まります。訪問の実績・達成率には、受注を貼り付けて基準日が進んでから入ります",
        "en": "the as-of date stays {as_of} (AsOf is blank: the orders' last day); {count} collected visits are dated after it: they count as contact for the daily list and at-risk accounts now (the list starts on the working day after {contact}), and in visit attainment once new orders move the as-of date on",
    },
    "collect.as_of_setting": {
        "ja": "基準日は Settings の AsOf の {as_of} です(回収では変わりません)",
        "en": "the as-of date is {as_of}, from Settings AsOf (a collect does not change it)",
    },
    "collect.as_of_setting_later": {
        "ja": "基準日は Settings の AsOf の {as_of} です(回収では変わりません)。回収した訪問のうち {count} 行はそれより後の日付で、記録しましたが、AsOf を進めるか空欄にするまで集計には入りません",
        "en": "the as-of date is {as_of}, from Settings AsOf (a collect does not change it); {count} collected visits are dated after it: recorded, and counted once AsOf is moved on or cleared",
    },
    # --- Shared copies: the team Dashboard, every sheet on the cover, history sources -------
    "share.dash_chart_data": {
        "ja": "グラフ用データ(この共有コピーを作成した時点の値。再計算では更新されません)",
        "en": "Chart data (values when this copy was made; a copy is not recalculated)",
    },
    "share.cover_history": {"ja": "履歴の読込元", "en": "History from"},
    # A rep's cover when he took accounts over with their history (core.handover.received).
    "share.cover_taken_over": {"ja": "引き継いだ顧客", "en": "Accounts taken over"},
    "share.cover_taken_from": {
        "ja": "{giver}さんから{accounts}社({since}〜)",
        "en": "{accounts} from {giver} (since {since})",
    },
    "share.cover_taken_colleague": {
        "ja": "同僚から{accounts}社({since}〜)",
        "en": "{accounts} from colleagues (since {since})",
    },
    "share.cover_taken_note": {
        "ja": "※ここに出る過去の数字(「前年」の売上など)には、引き継いだ顧客の引き継ぎ前の売上(前の担当者の分)も入っています(顧客の履歴は顧客と一緒に今の担当者に移ります)。",
        "en": "Note: the past figures here, last year's revenue included, hold what the accounts you took over bought before you had them (an account's history goes with the account).",
    },
    # Where the rep stands (share.copies._standing): his revenue row of the Attainment sheet,
    # labelled with its column headers ({attainment}, {actual_head}, {due_head}).
    # Not the Attainment header (達成率(経過分比) since trial 28): 「(期初来)」 says it already.
    "share.cover_ytd": {"ja": "達成率(期初来)", "en": "Attainment (year to date)"},
    "share.cover_ytd_value": {
        "ja": "{pct}({actual_head} {actual} / {due_head} {due})",
        "en": "{pct} ({actual_head} {actual} / {due_head} {due})",
    },
    "share.cover_ytd_no_target": {
        "ja": "目標なし(期初来の実績 {actual})",
        "en": "no target ({actual} sold to date)",
    },
    "share.cover_landing_value": {
        "ja": "{forecast}(年間目標 {target} の {pct})",
        "en": "{forecast} ({pct} of the year's target {target})",
    },
    "share.cover_landing_rep": {
        "ja": "実績 {actual} + 残り月の見込み {expected}",
        "en": "{actual} actual + {expected} expected for the rest",
    },
    # Under the landing when it and the year to date point different ways (copies.landing_disagrees).
    "share.cover_landing_short": {
        "ja": "期初来は目標を上回っていますが、着地見込みは年間目標に届きません。残りの月の見込みは、あなたの期初来のペースではなく、チーム全体の残りの見込みを、あなたが今持つ顧客が前年の同じ月に買った額(最近の伸びを掛けたもの)の割合で分けたものです。",
        "en": "Ahead of the target so far, yet the forecast is short of the year's target: the rest of the year is not your pace so far but the team's expected rest, split by what the accounts you hold now bought in those months a year earlier (times their recent growth).",
    },
    "share.cover_landing_over": {
        "ja": "期初来は目標を下回っていますが、着地見込みは年間目標を上回ります。残りの月の見込みは、あなたの期初来のペースではなく、チーム全体の残りの見込みを、あなたが今持つ顧客が前年の同じ月に買った額(最近の伸びを掛けたもの)の割合で分けたものです。",
        "en": "Behind the target so far, yet the forecast is above the year's target: the rest of the year is not your pace so far but the team's expected rest, split by what the accounts you hold now bought in those months a year earlier (times their recent growth).",
    },
    # Beside the attainment and landing of a rep whose accounts changed hands in the year
    # (core.book_change; copies._handover_rows, trial 27: a branch move on 10/1).
    "share.cover_handover": {"ja": "年度中の担当替え", "en": "Handover in the year"},
    "share.cover_handover_value": {
        "ja": "{moved}。{own}上の達成率と着地見込みは記帳どおりで、担当替えの分を含みます({why})。",
        "en": "{moved}. {own}The attainment and forecast above are as booked and include the handover ({why}).",
    },
    # A handover only partly carried (core.carry; fix30): the accounts whose targets moved
    # with them, after the cover's line on those that did not.
    "share.cover_carried_too_giver": {
        "ja": "このほか、目標ごと渡した顧客 {accounts} 件があります(その分の目標は {since} からあなたの目標から外れています)。",
        "en": " Besides, {accounts} accounts were handed over with their targets (their part of your target left it from {since}).",
    },
    "share.cover_carried_too_taker": {
        "ja": "このほか、目標ごと引き継いだ顧客 {accounts} 件があります(その分の目標は {since} からあなたの目標に入っています)。",
        "en": " Besides, {accounts} accounts were taken over with their targets (their part is in your target from {since}).",
    },
    "share.cover_handover_why_given": {
        "ja": "渡した顧客の目標はあなたの目標に残っています",
        "en": "the targets of the accounts handed over stay in yours",
    },
    "share.cover_handover_why_taken": {
        "ja": "引き継いだ顧客の売上はあなたの実績に入っています",
        "en": "the sales of the accounts taken over count in yours",
    },
    "share.cover_handover_why_both": {
        "ja": "渡した顧客の目標はあなたの目標に残り、引き継いだ顧客の売上はあなたの実績に入ります",
        "en": "the targets of the accounts handed over stay in yours, the sales of those taken over count in yours",
    },
    "share.cover_handover_own": {"ja": "{own}。", "en": "{own}. "},
    # core.carry: the targets of the accounts that changed hands went with them.
    "share.cover_handover_carried": {
        "ja": "{moved}。担当替えの月から目標も顧客と一緒に移っています({why})。上の達成率と着地見込みは、移した後の目標に対するものです。",
        "en": "{moved}. From the month of the handover the targets moved with the accounts ({why}); the attainment and forecast above are against the targets so moved.",
    },
    "share.cover_carried_given": {
        "ja": "渡した顧客の目標は引き継いだ担当者へ移りました",
        "en": "the targets of the accounts handed over went to the rep who took them",
    },
    "share.cover_carried_taken": {
        "ja": "引き継いだ顧客の目標はあなたの目標に入っています",
        "en": "the targets of the accounts taken over are in yours",
    },
    "share.cover_carried_both": {
        "ja": "渡した顧客の目標は引き継いだ担当者へ、引き継いだ顧客の目標はあなたへ",
        "en": "those of the accounts handed over went to the rep who took them, those taken over are in yours",
    },
    # A copy that would still name a colleague or his customer after the guard (a bug): not
    # written, said with the tab and the word, so it can be reported.
    "share.leak": {
        "ja": "{rep}さんのコピーは書き出しませんでした: シート「{sheet}」に他の担当者の名前か顧客(「{word}」)が残っています。routekpi の不具合です。このメッセージを添えて開発元に知らせてください",
        "en": "The copy for {rep} was not written: its sheet {sheet} still names another rep or their customer ('{word}'). This is a routekpi bug: please report it with this message",
    },
    "share.cover_about_dashboard": {
        "ja": "「{tab}」: チームの状況(KGI・進捗・KPI・グラフ)",
        "en": "{tab}: the team at a glance (KGI, progress, KPIs, charts)",
    },
    "share.cover_about_matrix": {
        "ja": "「{tab}」: KPI別・担当者別の月次(目標・実績・達成率)",
        "en": "{tab}: KPIs by rep and month (target, actual, attainment)",
    },
    "share.cover_about_visitlog": {
        "ja": "「{tab}」: 訪問・アポ・商談の記録欄(記入して返信)",
        "en": "{tab}: your visit log (fill it in and send the file back)",
    },
    "share.cover_about_other": {"ja": "「{tab}」: 出力シート", "en": "{tab}: an output sheet"},
    # --- The Excel button and the KPI_* worksheet functions (UDFs) -------------------------
    "udf.unknown_kpi": {"ja": "KPI「{value}」は不明です", "en": "unknown KPI '{value}'"},
    "udf.unknown_rep": {"ja": "担当者「{value}」は不明です", "en": "unknown rep '{value}'"},
    "udf.bad_period": {
        "ja": "期間「{value}」は読めません(例: 2027-05, FY2026)",
        "en": "cannot read period '{value}' (e.g. 2027-05, FY2026)",
    },
    "udf.period_outside": {
        "ja": "期間「{value}」は計画年度 {fy} の外です",
        "en": "period '{value}' is outside the plan year {fy}",
    },
    "udf.bad_kgi": {
        "ja": "KGI「{value}」は正の数ではありません",
        "en": "KGI '{value}' is not a positive number",
    },
    "udf.no_value": {
        "ja": "{kpi}({rep}, {period})の値はありません",
        "en": "no value for {kpi} ({rep}, {period})",
    },
    "udf.no_actual": {
        "ja": "{period} の実績はまだありません",
        "en": "no actual for {period} yet",
    },
    "udf.failed": {
        "ja": "計算できません: {reason}",
        "en": "cannot calculate: {reason}",
    },
    # ``routekpi formula``: a worksheet function's value without Excel (formula_job).
    "formula.not_a_call": {
        "ja": '「{formula}」は関数の式として読めません(例: =KPI_TARGET("revenue","ALL","FY2026"))',
        "en": 'cannot read \'{formula}\' as a function call (e.g. =KPI_TARGET("revenue","ALL","FY2026"))',
    },
    "formula.unknown_function": {
        "ja": "関数「{name}」はありません(使えるもの: {names})",
        "en": "no function '{name}' (there are: {names})",
    },
    "formula.open_quote": {
        "ja": '「{formula}」の " が閉じていません',
        "en": "a \" in '{formula}' is not closed",
    },
    "formula.bad_argument": {
        "ja": '「{formula}」の引数 {value} は読めません: "文字"、数値、空欄、KGI のみ(セル参照は Excel で)',
        "en": "cannot read the argument {value} in '{formula}': quoted text, numbers, blanks and KGI only (cell references need Excel)",
    },
    "formula.too_many": {
        "ja": "{name} に渡す引数が多すぎます",
        "en": "too many arguments for {name}",
    },
    "formula.kgi_capped": {
        "ja": "(KGI {kgi} は根拠から届く最大 {most} を超えるため、目標は上限で止まります。残り {gap} は計画シートの不足額)",
        "en": "(the KGI {kgi} is above the largest reachable {most}: targets stop at the ceilings; the other {gap} is the Plan's shortfall)",
    },
    "live.error": {
        "ja": "エラー: {reason}(詳細は入力チェックシート)",
        "en": "error: {reason} (details on the Checks sheet)",
    },
    "live.unexpected": {
        "ja": "予期しないエラー({kind}): {reason}",
        "en": "unexpected error ({kind}): {reason}",
    },
    "live.no_flags": {"ja": "課題はありません", "en": "no flags"},
    # --- Plan sheet: the running year's landing (core/landing.py) ----------------------------
    "plan.landing_actual": {"ja": "{year} 実績(確定月)", "en": "{year} actual to date"},
    "plan.landing_actual_note": {
        "ja": "{span}の確定{months}か月の受注",
        "en": "orders of the {months} complete months {span}",
    },
    "plan.landing_actual_none": {
        "ja": "確定した月はまだありません",
        "en": "no complete month yet",
    },
    "plan.landing_partial": {
        "ja": "。{month}は月が終わっていないため実績に含めず、月全体を見込みに入れます(現在までの受注 {to_date} はその一部)",
        "en": "; {month} has not ended: it is not counted here but expected whole below (its {to_date} so far is part of it)",
    },
    "plan.landing_partial_cut": {
        "ja": "。{month}は暦の上では終わっていますが、受注データは {last} まで(月末より前に出力されたデータ)です。{month}は途中までの月なので実績に含めず、月全体を見込みに入れます({last} までの受注 {to_date} はその一部で、見込みに上乗せしません)",
        "en": "; {month} is over, but the orders stop on {last} (exported before the month's end): {month} is a partial month, not counted here but expected whole below (its {to_date} of orders to {last} is part of that, not added to it)",
    },
    "plan.landing_expected": {"ja": "{year} 残り月の見込み", "en": "{year} expected rest"},
    # Months asked for less than half the year's growth over last year's (render.py).
    "plan.slow_months": {
        "ja": "前年同月比の小さい月",
        "en": "Months growing less than the year",
    },
    "plan.slow_months_note": {
        "ja": "年 {uplift} に対し、前年同月比が {half} に満たない月: {months}。月別の目標は年間目標 × その月の例年の構成比(季節性: {years} の各年の月別構成比の平均{running})で、前年1年だけの形ではありません。これらの月は前年の同月が年に占めた割合が例年より大きく(前年の割合 → 例年の割合)、例年どおりの割合では前年同月の伸びが小さく(または下回り)ます",
        "en": "the year is {uplift}; months under {half} over the same month last year: {months}. A month's target is the year's × that month's usual share of the year (seasonality: the average of each year's month shares, {years}{running}), not last year's shape alone. Last year's same month took a larger share of its year than usual (last year's share → the usual share), so at its usual share it grows less than the year (or falls below)",
    },
    # One full year in the history (trial 24 L4): that year's shape, not "usual years".
    "plan.slow_months_note_one": {
        "ja": "年 {uplift} に対し、前年同月比が {half} に満たない月: {months}。月別の目標は年間目標 × その月が年に占める割合(季節性: 履歴に通年が {years} の1年しかないため、その年の月別構成比{running})で、前年1年だけの形ではありません。これらの月は前年の同月が年に占めた割合が {years} より大きく(前年の割合 → {years}の割合)、その割合では前年同月の伸びが小さく(または下回り)ます",
        "en": "the year is {uplift}; months under {half} over the same month last year: {months}. A month's target is the year's × that month's share of a year (seasonality: {years}, the only full year in the history{running}), not last year's shape alone. Last year's same month took a larger share of its year than in {years} (last year's share → {years}'s), so at that share it grows less than the year (or falls below)",
    },
    "plan.slow_months_first": {
        "ja": "。{year} は履歴の始まる {month} からの確定月で数え、それより前の月は例年の構成比",
        "en": "; {year} counted from {month}, where the history begins, its earlier months at their usual share",
    },
    # No full year: the history's first year and the running one as one (baselines.
    # two_partial_years; review 30 L1: "the average of each year's month shares … its other
    # months at their usual share" described no such thing).
    "plan.slow_months_note_partial": {
        "ja": "年 {uplift} に対し、前年同月比が {half} に満たない月: {months}。月別の目標は年間目標 × その月が年に占める割合(季節性: 通年の年がないため、{first} は履歴の始まる {since} から、{year} は {to} までの確定月を1年につなげたもの。両年にある月の比の中央値で {first} を {year} の水準にそろえ、両年にある月は平均)で、前年1年だけの形ではありません。これらの月は前年の同月が年に占めた割合が大きく(前年の割合 → つないだ年の割合)、その割合では年ほど伸びません",
        "en": "the year is {uplift}; months under {half} over the same month last year: {months}. A month's target is the year's × that month's share of a year (seasonality: no full year, so {first} from {since}, where the history begins, and {year} through {to} make one year: {first}'s months brought to {year}'s level by the middle of the ratios of the months both have, a month in both their average), not last year's shape alone. Last year's same month took a larger share of its year (last year's share → the joined year's), so at that share it grows less than the year",
    },
    "plan.slow_months_running": {
        "ja": "。{year} は {month} までの確定月を、通年在籍した担当者の分で数え、残りの月は例年の構成比",
        "en": "; {year} counted through {month} over the reps at work all of it, its other months at their usual share",
    },
    # Each rep's own season (render.py _own_season_rows; core/month_spread.py).
    "plan.own_season": {
        "ja": "担当者ごとの季節性",
        "en": "Reps' own seasons",
    },
    "plan.own_season_note": {
        "ja": "担当者の月別目標 = 年間目標 × (チームの月構成比 + 本人の例年の差 × 反映率)。反映率は担当者間の本当の差 ÷ (その差 + 本人の差の年ごとのぶれ ÷ 通年の年数): 通年の年が少ない、または年ごとにぶれる担当者ほどチームの形に近くなります(担当者それぞれの形が過去の各年をチームの形よりよく言い当てたときだけ使います)。反映率: {reps}",
        "en": "a rep's month target = the rep's year × (the team's month share + the part kept × the rep's usual difference from it). The part kept is how far reps really differ ÷ (that + the year-to-year swing of the rep's difference ÷ the rep's full years): the fewer full years, or the more the shape swings, the closer to the team's (used only because the reps' own shapes told each past year better than the team's). Part kept: {reps}",
    },
    "plan.slow_month": {
        "ja": "{month} {target}(前年同月比 {change}、{last} → {usual})",
        "en": "{month} {target} ({change} on last year, {last} → {usual})",
    },
    "plan.landing": {"ja": "{year} 着地見込み", "en": "{year} expected landing"},
    "plan.landing_note": {
        "ja": "= 実績 {actual} + 見込み {expected}(担当者の合計)",
        "en": "= {actual} actual + {expected} expected (the sum of the reps)",
    },
    "plan.kgi_vs_landing": {"ja": "KGIの{year}着地見込み比", "en": "KGI over the {year} landing"},
    "plan.kgi_vs_landing_note": {
        "ja": "KGI {kgi} ÷ 着地見込み {landing}",
        "en": "KGI {kgi} ÷ landing {landing}",
    },
    "plan.landing_reps": {"ja": "{year} 担当者別の着地見込み", "en": "{year} landing by rep"},
    "plan.landing_reps_note": {
        "ja": "各担当者の実績 + 見込み、その着地見込みに対する{plan}の売上目標",
        "en": "each rep's actual + expected, and the {plan} revenue target over that landing",
    },
    "plan.landing_reps_holder": {
        "ja": "。{year}の実績は今の担当者ごと(引き継いだ顧客の実績は、今担当している担当者に計上)",
        "en": ". {year} actuals are by current holder (accounts handed over count under who holds them now)",
    },
    "plan.landing_rep": {
        "ja": "実績 {actual} + 見込み {expected}; {plan}目標 {target}({change})",
        "en": "{actual} actual + {expected} expected; {plan} target {target} ({change})",
    },
    # A rep with under SHORT_TENURE months at work (render._rep_rows): his landing is a month
    # or two of sales, so no growth rate on it (trial 20: 藤井蓮 "+528.7%").
    "plan.landing_rep_short": {
        "ja": "実績 {actual} + 見込み {expected}; {plan}目標 {target}(在籍{months}か月のため伸び率なし)",
        "en": "{actual} actual + {expected} expected; {plan} target {target} (only {months} months at work: no growth rate)",
    },
    "plan.landing_rep_unplanned": {
        "ja": "実績 {actual}; {plan}の計画なし(残り月の見込みなし)",
        "en": "{actual} actual; no {plan} plan (nothing expected for the rest)",
    },
    # --- Dashboard: why a KPI target moves against the plan or far beyond it (ui23) ---------
    # Short (the before-year table's two free columns, 30 units): the Plan says it at length.
    "dash.why_head": {"ja": "理由", "en": "Why"},
    "dash.why_usual_rate": {
        "ja": "過去の平均の率(前年は良い年)",
        "en": "usual rate; last yr good",
    },
    "dash.why_cancel_both": {
        "ja": "顧客増 × 過去の平均の解約率",
        "en": "more accounts × usual rate",
    },
    "dash.why_cancel_accounts": {"ja": "顧客が増える分", "en": "more accounts held"},
    "dash.why_usual_pace": {
        "ja": "通常の獲得ペース(前年は多め)",
        "en": "usual win pace; last yr high",
    },
    # New accounts far above last year, set by a newcomer's meetings pace (trial 30 L3).
    "dash.why_building_pace": {"ja": "新任者の商談ペース分", "en": "newcomer's meeting pace"},
    "dash.why_scaled": {"ja": "年換算(実数 {counted}件)", "en": "yr pace ({counted} counted)"},
    # t35 (trial 35 L2): the running year's note line has room for the change and its base.
    "dash.scaled_change": {
        "ja": "目標 {target}件 = 前年 {annual}件(途中から勤務した担当者の月を年換算、実数 {counted}件)の {change}",
        "en": "target {target} = last yr {annual} (a newcomer's months made a year; {counted} counted) {change}",
    },
    # A rep who left during the year took his prospecting along (core.departed, trial 35 L6).
    "dash.departed_change": {
        "ja": "目標 {target}件 = 計画 {planned}件 − {reps}さん(退職・異動)の退職後の月 {cut}件(本人の開拓は引き継がれません)",
        "en": "target {target} = plan {planned} less {cut} of {reps}'s months after leaving (his prospecting is not taken over)",
    },
    "dash.why_departed_short": {"ja": "退職者の残り月 −{cut}件", "en": "leaver's months −{cut}"},
    "dash.why_running_total": {
        "ja": "年度末の累計(時間で増える)",
        "en": "running total at year end",
    },
    "dash.why_trend": {"ja": "過去の傾向 {trend}/年 のまま", "en": "past trend {trend}/yr kept"},
    "dash.why_carries": {"ja": "計画の伸びの多くを受け持つ", "en": "carries most of the growth"},
    "dash.why_follows": {"ja": "{part}に連動", "en": "follows {part}"},
    "dash.why_see_plan": {"ja": "計画シート参照", "en": "see the Plan sheet"},
    # daily34 (trial 34 L5): a price revision planned on Settings, on the unit-price row,
    # the bridge's unit-price bar, and the plan year's leave on the Dashboard.
    "dash.revision": {"ja": "価格改定 {month} {size}", "en": "revision {month} {size}"},
    "dash.why_revision": {"ja": "{revision}を含む", "en": "incl. {revision}"},
    "dash.bridge_revision": {"ja": "({revision}を含む)", "en": " (incl. {revision})"},
    # Before the year, each branch's revenue target (trial 36 L3), the Plan's subtotal.
    "dash.branch_item": {
        "ja": "{branch} {target}({count}人、前年比 {change})",
        "en": "{branch} {target} ({count} reps, {change} on last yr)",
    },
    "dash.leave_head": {"ja": "計画年度の休暇・不在", "en": "Leave in the plan year"},
    "dash.leave_item": {
        "ja": "{rep} {first}〜{last}({days}営業日)",
        "en": "{rep} {first} – {last} ({days} working days)",
    },
    "dash.leave_note": {
        "ja": "担当顧客の目標は本人のまま(計画シート参照)",
        "en": "his accounts' targets stay his (see the Plan sheet)",
    },
    # The running year's table has no free column: the reasons as a few lines under the
    # plan blocks (render_dashboard._reason_notes).
    "dash.why_notes": {"ja": "目標の増減の理由", "en": "Why these targets move"},
    "dash.why_item": {"ja": "{kpi}: {why}", "en": "{kpi}: {why}"},
    # A rep's copy: what the month targets rest on (share.copies.month_basis; trial 22 #10).
    "share.cover_months": {"ja": "月別の目標", "en": "Month targets"},
    "share.cover_months_note": {
        "ja": "月別の目標 = 年間目標 × その月が例年、年に占める割合(季節性: {years} の各年の平均)。前年の同じ月の形ではないため、基準値の月(「目標」シート)との比は月ごとに上下します: 最も大きい月 {hi_month} {hi}(基準の月が年に占めた割合 {hi_was} → 例年 {hi_usual})、最も小さい月 {lo_month} {lo}({lo_was} → {lo_usual})。年間は {year}",
        "en": "a month's target = the year's × that month's usual share of a year (seasonality: the average of {years}), not last year's shape, so against its baseline month (Targets sheet) it swings from month to month: most {hi_month} {hi} (the baseline month's share of its year {hi_was} → usually {hi_usual}), least {lo_month} {lo} ({lo_was} → {lo_usual}); the year {year}",
    },
    # A month whose baseline month is before the rep began work (Evidence.starts; trial 30
    # L5): his ramp-up, not the season; not named as the biggest or smallest month.
    "share.cover_months_before": {
        "ja": "。{months} は基準の月({base})があなたの着任({start})より前(その売上は引き継いだ顧客の前の担当者の分)のため、上の比較に入れていません",
        "en": ". {months}: their baseline months ({base}) are before you began ({start}; their sales are the handed accounts' under the colleague before you), so they are left out of the comparison above",
    },
    # A month whose baseline month's book was under three quarters of the rep's book at the
    # baseline's end (share.copies.RAMP_BOOK_SHARE; trial 32 L7): the book's growth.
    "share.cover_months_small": {
        "ja": "。{months} は基準の月({base})の担当顧客数がいまの4分の3に満たない時期(担当先を作っている途中)で、その月との比は顧客数の伸びの分だけ大きく出るため、上の比較に入れていません",
        "en": ". {months}: in their baseline months ({base}) your book was under three quarters of today's (still being built), so the change against them is mostly its growth; they are left out of the comparison above",
    },
    # daily34 (trial 33 L5): a rep without a full prior year (Evidence.part_year): no growth
    # over his part year, on the target's line and the month line of his copy's cover.
    "share.cover_target_part_year": {
        "ja": "年間売上目標 {target}。基準期間の在籍は{months}か月(売上 {base})で1年に満たないため、前年比の伸び率は示しません(目標の根拠はマネージャーの「計画」シートにあります)",
        "en": "revenue target for the year {target}. You were at work {months} months of the baseline (sales {base}), less than a year, so no growth over last year is shown (the manager's Plan sheet says what the target rests on)",
    },
    "share.cover_months_note_part_year": {
        "ja": "月別の目標 = 年間目標 × その月が例年、年に占める割合(季節性: {years} の各年の平均)。基準期間の在籍が{months}か月で、その月は担当先を作っている途中のため、前年の同じ月との比は示しません",
        "en": "a month's target = the year's × that month's usual share of a year (seasonality: the average of {years}). You were at work {months} months of the baseline, building your book, so no change against last year's months is shown",
    },
    "share.cover_months_note_none": {
        "ja": "月別の目標 = 年間目標 × その月が例年、年に占める割合(季節性: {years} の各年の平均)。年間は {year}",
        "en": "a month's target = the year's × that month's usual share of a year (seasonality: the average of {years}); the year {year}",
    },
    "share.cover_months_running": {
        "ja": "({year} は {month} まで)",
        "en": " ({year} through {month})",
    },
    "share.cover_months_both": {
        "ja": "({first} は {since} から、{year} は {to} まで)",
        "en": " ({first} from {since}, {year} through {to})",
    },
    "share.cover_months_first": {
        "ja": "({year} は {month} から)",
        "en": " ({year} from {month})",
    },
    # A rep's 担当顧客: an account held from before the history (core.censored, trial 24 M4).
    "share.start_unknown_before": {"ja": "{month} 以前から", "en": "{month} or before"},
    # One full year in the history (trial 24 L4): its shape, not "usual years" (例年).
    "share.cover_months_note_one": {
        "ja": "月別の目標 = 年間目標 × その月が年に占める割合(季節性: 履歴に通年が {years} の1年しかないため、その年の月別構成比)。前年の同じ月の形ではないため、基準値の月(「目標」シート)との比は月ごとに上下します: 最も大きい月 {hi_month} {hi}(基準の月が年に占めた割合 {hi_was} → 目標では {hi_usual})、最も小さい月 {lo_month} {lo}({lo_was} → {lo_usual})。年間は {year}",
        "en": "a month's target = the year's × that month's share of a year (seasonality: {years}, the only full year in the history), not last year's shape, so against its baseline month (Targets sheet) it swings from month to month: most {hi_month} {hi} (the baseline month's share of its year {hi_was} → {hi_usual} in the target), least {lo_month} {lo} ({lo_was} → {lo_usual}); the year {year}",
    },
    # --- fix23b: a colleague's orders on a rep's accounts during his leave (core.at_work) ---
    "leave_cover_orders": {
        "ja": "{holder} さんの休暇中に {visitor} さんが代行した受注 {orders} 件 ¥{revenue} は {holder} さんの実績として数えました({visitor} さんの実績・目標には含めません)",
        "en": "the {orders} orders (¥{revenue}) {visitor} booked on {holder}'s accounts during {holder}'s leave count as {holder}'s ({visitor}'s actuals and targets leave them out)",
    },
    # A rep's Plan line (and so his copy's cover) when the baseline holds his leave.
    "plan.rep_leave_baseline": {
        "ja": "。基準期間に{reason}({span}): 休暇中に同僚が代行した受注 {orders} 件 {revenue} と代行訪問 {visits} 件は本人の実績として数え、訪問の指標は勤務した月で測りました",
        "en": "; {reason} in the baseline ({span}): the {orders} orders ({revenue}) and {visits} visits colleagues made on his accounts during it count as his, and his visit ratios are measured on the months he worked",
    },
    # The same in a book without visit records (daily34): no cover visits, no visit ratios.
    "plan.rep_leave_baseline_orders": {
        "ja": "。基準期間に{reason}({span}): 休暇中に同僚が代行した受注 {orders} 件 {revenue} は本人の実績として数えました",
        "en": "; {reason} in the baseline ({span}): the {orders} orders ({revenue}) colleagues booked on his accounts during it count as his",
    },
    # The Leave sheet's line when rows were left out: each Leave row stands alone, so a share
    # of them is no sign the history is broken (not the history tables' critical line).
    "leave_rows_skipped": {
        "ja": "休暇・不在シートの {rows} 行目を使用しませんでした(理由はチェックシートのその行)。その休暇は計画に入っていません。直して再計算してください",
        "en": "Leave sheet row {rows} was not used (the Checks row for it says why): that leave is not in the plan. Fix it and recalculate",
    },
    # --- end fix23b -------------------------------------------------------------------------
    # --- fix24a: an optional list's rows left out (validation.optional): a warning naming
    # each row, its column, the value and what is wrong; what leaving them out means.
    "optional_rows_skipped": {
        "ja": "{sheet_ja}シートの {count} 行を使用しませんでした: {rows_ja}。{effect_ja}。直して再計算してください",
        "en": "{count_en} of the {sheet_en} sheet not used: {rows_en}. {effect_en}. Fix them and recalculate",
    },
    "optional_rows_effect.Words": {
        "ja": "その言葉は種別として読み替えていません",
        "en": "Those words are not read as kinds",
    },
    "optional_rows_effect.Holidays": {
        "ja": "その日は会社の休日に入れず、営業日として数えています",
        "en": "Those days are not company holidays: they count as working days",
    },
    "optional_rows_effect.Overrides": {
        "ja": "その目標は上書きしていません(計算した目標のままです)",
        "en": "Those targets are not overridden (the calculated ones stand)",
    },
    "optional_rows_effect.RepWeights": {
        "ja": "その担当者の配分は使っていません",
        "en": "Those reps' weights are not used",
    },
    "optional_rows_effect.Notes": {
        "ja": "そのメモは表示していません",
        "en": "Those notes are not shown",
    },
    "optional_rows_effect.Sources": {
        "ja": "その行のファイル・データベースは読んでいません(その入力はほかの行の指定、なければシートから読みます)",
        "en": "Those files and databases are not read (their input comes from its other rows, else from its sheet)",
    },
    "row_reason.source_unknown_input": {"ja": "入力の名前でない", "en": "not an input's name"},
    # One row's problem in a few words (the Checks row for it says it in full).
    "row_reason.blank": {"ja": "空欄", "en": "blank"},
    "row_reason.not_a_date": {"ja": "日付として読めない", "en": "not a date"},
    "row_reason.impossible_date": {"ja": "存在しない日付", "en": "no such date"},
    "row_reason.date_without_year": {"ja": "年のない日付", "en": "a date without a year"},
    "row_reason.date_out_of_range": {"ja": "1900〜2199年の範囲外", "en": "outside 1900-2199"},
    "row_reason.date_after_today": {"ja": "今日より後の日付", "en": "after today"},
    "row_reason.not_a_number": {"ja": "数値でない", "en": "not a number"},
    "row_reason.negative": {"ja": "マイナスの値", "en": "negative"},
    "row_reason.error_value": {"ja": "エラー値", "en": "an error value"},
    "row_reason.unknown_choice": {"ja": "使える値でない", "en": "not an accepted value"},
    "row_reason.words_unknown_kind": {
        "ja": "routekpiの種別でない",
        "en": "not one of routekpi's kinds",
    },
    "row_reason.words_conflict": {"ja": "前の行と別の意味", "en": "a second meaning"},
    "row_reason.other": {"ja": "読めない値", "en": "unreadable"},
    # --- end fix24a (optional lists) ----------------------------------------------------------
    # --- fix24a: files stacked from the command line (--orders a.csv --orders b.xlsx), as
    # the Sources rows' lines above say it without a Sources row to name.
    "source_used_rows_given": {
        "ja": "{input} はシートではなく、コマンドラインで指定したファイルをこの順に縦につないで読みました: {parts}(かっこ内はファイルごとの行数。合計 {rows} 行。行番号は各ファイルの行番号です)",
        "en": "{input} read from the files named on the command line, one under another in this order, not from its sheet: {parts_en} (rows per file in brackets; {rows} rows in all; row numbers are each file's own)",
    },
    "source_part_column_missing_given": {
        "ja": "{source} には列「{column}」がありません({other} にはあります)。このファイルの行の「{column}」は空として読みました。{lost}旧システムの出力などで元々この列がなければ、このままで構いません。列を出力できる場合は、同じ列を持つファイルにそろえてください",
        "en": "{source} has no column '{column}' ({other} has it): its rows are read with '{column}' blank. {lost_en}If the old system never had this column, that is fine as it is; if it can export the column, give the files the same columns",
    },
    "source_parts_overlap_given": {
        "ja": "{source} の期間({first}〜{last})が、前に指定した {other} の期間({other_first}〜{other_last})と重なっています。重なった期間の受注が両方のファイルにあると二重に数えます(受注番号があれば同じ伝票は1回だけ数えます)",
        "en": "{source} covers {first} to {last}, overlapping {other} ({other_first} to {other_last}) named before it: orders in both files are counted twice unless they carry order numbers (a repeated slip is counted once)",
    },
    # sources.tabular: tabs of one file of a stack left unread (their header is another).
    "source_part_sheets_skipped": {
        "ja": "{source} のシート「{skipped}」は見出しが{input}の列と合わないため読んでいません(読んだシート: {sheets})",
        "en": "{source}: sheets '{skipped_en}' were not read, their headers are not {input}'s columns (sheets read: {sheets_en})",
    },
    # --- end fix24a (command-line stacks) ------------------------------------------------------
    # fix24a: routekpi repair on a book made before a setting existed (repair_job).
    "repair.settings": {
        "ja": "設定シートに、このブックになかった項目を既定値で追加しました: {settings}。追加前もこの既定値で計算していたので、結果は変わりません。入力済みの値は変えていません",
        "en": "settings this book did not have were added to its Settings sheet with their defaults: {settings}. It was already calculated with these defaults, so no result changes; no value you typed was changed",
    },
    "repair.setting_blank": {"ja": "空欄", "en": "blank"},
    "repair.settings_relinked": {
        "ja": "設定シートの次の項目は、行はあるのに名前の定義が失われていたため、その行に付け直しました: {settings}。そのセルの値が計算に使われます",
        "en": "these settings' rows were on the Settings sheet but their defined names were lost, so the names point at them again: {settings}. The values there are used from now on",
    },
    # --- The running year's landing, one rule for Plan and Dashboard (core.landing.year_landing;
    # trial 32 L1: the Plan's run-rate landing and the Dashboard's forecast differed) -------
    "plan.landing_expected_note_pace": {
        "ja": "{span}の{months}か月。各担当者の今年度の確定月の実績を、その月々が例年1年に占める割合で割ったペースのまま、残りの月もそれぞれの例年の割合だけ続くとした分(例年の割合: 履歴にある前年度以前の通年の月別構成比の平均。確定月がまだなければ進行中の月を経過した営業日の分で。進行中の月は現在までの受注を下回りません)。ダッシュボードの今年度の着地見込みと同じ計算です",
        "en": "the {months} months {span}: each rep's complete months this year, carried on at the same pace over the months left, each month at its usual share of the year (the average month shares of the whole fiscal years before it in the history; no complete month yet: the month in progress by its working days gone; the month in progress never below its orders so far) — the same calculation as the Dashboard's forecast for this year",
    },
    "plan.landing_new_reps_pace": {
        "ja": "。年度の途中から売上のある担当者({reps})は、初売上の月以降のペース",
        "en": "; reps who started inside the year ({reps}): their pace since their first sale",
    },
    "plan.landing_won_pace": {
        "ja": "。今年度に獲得した大口顧客({accounts})は、獲得前の月も月平均の売上で数えます(+{amount}。今持っている顧客のペース)",
        "en": "; the large accounts won ({accounts}) count at their monthly run rate in the year's months before they were won too (+{amount}: the pace of the accounts each holds now)",
    },
    "plan.landing_lost_pace": {
        "ja": "。取引を終えた大口顧客({accounts})の今年度の売上 {amount} は、担当者のペースから除きます(今持っている顧客から見込みます)",
        "en": "; the large accounts that ended ({accounts}): their {amount} this year is left out of their reps' pace (the rest of the year comes from the accounts each holds now)",
    },
    # --- m1 (session 33, trial 32 M1): prices like for like, each product against itself ------
    # A step found in the like-for-like price index (core.price_index.find_step), carried as
    # a level (core.levers.as_level, PriceStep.products): Plan notes and Checks (info).
    "price_step_products": {
        "ja": "価格改定 {month} {size}(同じ商品どうしの比較で見つけました): 商品コード(なければ商品名)と数量のある受注明細で、同じ商品の単価(金額÷数量、月ごとの中央値)を前月と比べると、{month}に{size}変わり(売上の{moved_share}({products}品目中{moved_products}品目)が{moved_size}、残りは{rest_size}: チーム全体ではその売上で重み付けした平均{size})、その後も新しい水準が続いています。ほかの月の動きはふだん ±{noise} 程度で、一度の価格改定とみなす目安({min}以上、ふだんの動きの{times}倍以上、その後の1年も半分以上保たれること)を超えています。取引単価(金額÷受注数)は売れる商品の組み合わせでも大きく動くため、同じ商品どうしで比べています。一度きりの価格改定として、基準期間{months}か月のうち改定前の{old}か月を新しい価格に揃え({carry})、毎年の伸びとしては繰り返しません。{kpi}の傾向は{trend}です(改定を分けずに過去1年ごとの伸びから読めば{replaced})。実際の改定の月や幅が違う場合は、設定シートの「価格改定の月」(PriceRevisionMonth)と「価格改定の幅」(PriceRevisionPct)に入力してください(入力した値を優先します)",
        "en": "price revision of {size} in {month} (found comparing each product with itself): on the order lines with a product code (else a product name) and a quantity, each product's price per unit (amount ÷ quantity, its median in the month) against the month before changed by {size} in {month} ({moved_share} of the revenue ({moved_products} of {products} products) by {moved_size}, the rest by {rest_size}: for the team, the revenue-weighted mean, {size}) and stayed at the new level. In the other months it usually moves by about ±{noise}; a one-off revision is a change of at least {min}, at least {times} times that usual movement, and at least half of it still there over the following year, which this is. The unit price (revenue ÷ orders) also moves a lot with the mix of products sold, so each product is compared with itself. Taken as a one-off revision: the {old} of the baseline's {months} months before it are brought to the new prices ({carry}), and it is not repeated as a yearly rise. The trend of {kpi} is {trend} ({replaced} read from the past years' changes with the revision left in). If the real revision's month or size differs, type them on Settings (PriceRevisionMonth, PriceRevisionPct): what you type is used instead",
    },
    # A declared revision's size against the like-for-like index around its month
    # (core.price_index.level_change): a Checks warning at PriceRevisionPct.
    "price_revision_differs_products": {
        "ja": "設定の価格改定の幅({month} {size})は、履歴の価格と合っていません。同じ商品どうしで単価(金額÷数量)を比べると、{month}からの6か月はその前の6か月より{measured}変わっています。設定の幅で計画しました。幅(と月)を確認してください",
        "en": "the price revision size set ({size} in {month}) is not what the history shows: comparing each product's price per unit (amount ÷ quantity) with itself, the 6 months from {month} are {measured} against the 6 months before; planned with the size set; check the size (and the month)",
    },
    # --- h2 (session 33, trial 33 H2): a departed rep's prospecting stays his ----------------
    # After reps_departed*, whenever his accounts moved (core.baselines.handover_notes): what
    # of his history went to the colleagues and what did not (core.measure.departed_wins,
    # core.handover.move_rows).
    "reps_departed_prospecting": {
        "ja": "{reps} の顧客を引き継いだ担当者には、その顧客の売上・受注・訪問・顧客数を移しますが、{reps} 本人が獲得した新規顧客と、本人の商談・アポ打診は本人の営業活動の実績のままです。チームの合計には含み、引き継いだ担当者の新規顧客数・商談成約率・新規獲得のペースには入れません",
        "en": "the reps who took over {reps}'s customers get those customers' revenue, orders, visits and place in the book, but the new accounts {reps} won and their own meetings and calls stay their own prospecting: in the team's totals, not in the new accounts, meeting win rate or pace of winning of the reps who took the customers over",
    },
    # l4 (issue #10 item 3): the largest reachable KGI's rule (core.levers.revenue_cap), on the
    # Plan's 到達可能な最大KGI line and the Dashboard's ceiling row.
    "plan.max_note_cap_yoy": {
        "ja": "全担当者が同時にそれぞれの上限に達した場合。ただし誰かの最高の年に全員が同時に届くことはないため、各担当者の売上の上限は、チームの売上が最も伸びた年({best})に{margin}ポイント(10ポイントか、最も伸びた年と最も伸びなかった年の差 {swing}ポイントの大きいほう)を足した年{cap}まで(基準から計画年度までで{total}。本人の傾向がそれを上回る担当者はその傾向まで)です",
        "en": "with every rep at its own ceiling in the same year; as no team has every rep's best year at once, each rep's revenue ceiling is the team's best revenue growth ({best}) plus {margin} points (10, or the gap between its best and worst years, {swing} points, if larger): {cap} a year ({total} from the baseline to the plan year; a rep whose own trend is higher, to his trend)",
    },
    "plan.max_note_cap_half": {
        "ja": "全担当者が同時にそれぞれの上限に達した場合。履歴が{months}か月で前年比の実績がないため、各担当者の売上の上限は、チームの直近6か月の売上の前年同期比({best})に{margin}ポイントを足した年{cap}まで(基準から計画年度までで{total}。本人の傾向がそれを上回る担当者はその傾向まで)です(担当者×月の水準どうしを掛け合わせた値ではありません)",
        "en": "with every rep at its own ceiling in the same year; with {months} months of history and no year-on-year record, each rep's revenue ceiling is the team's last six months against the same months a year before ({best}) plus {margin} points: {cap} a year ({total} from the baseline to the plan year; a rep whose own trend is higher, to his trend; not the rep-month levels multiplied together)",
    },
    "plan.max_note_cap_span": {
        "ja": "全担当者が同時にそれぞれの上限に達した場合。履歴が{months}か月で前年比の実績がないため、各担当者の売上の上限は、チームの最初の6か月から直近6か月への売上の伸びを年率にしたもの({best})に{margin}ポイント(季節の違いを含むため広め)を足した年{cap}まで(基準から計画年度までで{total}。本人の傾向がそれを上回る担当者はその傾向まで)です(担当者×月の水準どうしを掛け合わせた値ではありません)",
        "en": "with every rep at its own ceiling in the same year; with {months} months of history and no year-on-year record, each rep's revenue ceiling is the team's growth from its first six months to its last six, annualised ({best}), plus {margin} points (wider: the two halves are different seasons): {cap} a year ({total} from the baseline to the plan year; a rep whose own trend is higher, to his trend; not the rep-month levels multiplied together)",
    },
    "stretch.dash_max_cap": {
        "ja": "上限(チーム最高の伸び+{margin}pt)",
        "en": "Ceiling (team's best +{margin} pts)",
    },
    # levers36: a short history's recent growth with a one-off price step in it
    # (baselines._recent_step_note, trial 38 M2): how much of it the step was.
    "recent_growth_step_half": {
        "ja": "直近6か月の売上の前年同期比は記帳どおりでは{booked}ですが、一度きりの価格の段差({steps})を除くと{without}です。段差は新しい水準として基準と計画年度に入り、毎年の伸びとしては数えないため、各担当者の売上の上限(到達可能な最大KGI)は段差を除いた{without}から測っています",
        "en": "the last six months' revenue against the same months a year before is {booked} as booked, {without} without the one-off price step ({steps_en}). The step is a new level, in the baseline and the plan year, not a yearly rise: each rep's revenue ceiling (the largest reachable KGI) is measured from {without}",
    },
    "recent_growth_step_span": {
        "ja": "最初の6か月から直近6か月への売上の伸び(年率)は記帳どおりでは{booked}ですが、一度きりの価格の段差({steps})を除くと{without}です。段差は新しい水準として基準と計画年度に入り、毎年の伸びとしては数えないため、各担当者の売上の上限(到達可能な最大KGI)は段差を除いた{without}から測っています",
        "en": "revenue growth from the first six months to the last six (a year) is {booked} as booked, {without} without the one-off price step ({steps_en}). The step is a new level, in the baseline and the plan year, not a yearly rise: each rep's revenue ceiling (the largest reachable KGI) is measured from {without}",
    },
    # levers36: a season whose quantity per order swung and came back (core.swing, trial 37).
    "weather_swing": {
        "ja": "1受注あたりの数量(数量÷受注件数)は、{first}〜{last}の{count}か月に、前年の同じ月より{before}、翌年の同じ月はそこから{after}で、前後の年の平均より{size}でした(担当者別に見ても、チームの受注の{share}を占める担当者たちに同じ振れがありました)。天候(暖冬など)や品不足・供給停止による一時的な振れとみなし、これまでの伸び(傾向)、チームの好調な年の伸び、レバーの動きの大きさと上限は、この{count}か月を前後の年の同じ月の平均の水準にして測っています。前年実績(基準)と月別の構成比は実績のままです",
        "en": "the quantity per order (quantity ÷ orders) in {first} – {last} ({count} months) was {before} on the same months a year before and {after} the year after, {size} against the years either side (reps holding {share} of the team's orders had the same swing): taken as a one-off swing such as a warm winter or a supply shortage. The trends, the team's strong-year growth, how much the levers move and their ceilings are measured with those months at the mean of the same months a year before and after; the baseline and the month pattern are as booked",
    },
    # review36 (trial 37 L4): the Dashboard's required uplift names its base — planned before
    # the year closes, the base is the last 12 months (「基準売上(2025-12 – 2026-11)」 the row
    # above), not the running year's landing (the 着地見込み比 row): −5.4% read as "a cut"
    # beside +3.2% over the landing.
    "dash.uplift": {"ja": "必要な伸び率(基準売上比)", "en": "Required uplift (over baseline)"},
    # review36 (trial 35 L10): the Review's month block, the plan year's last complete month
    # (render.review_sheet_rows): its header row, its KPI labels and its findings' wording.
    "review.month.word": {"ja": "{n}月", "en": "{abbr}"},
    "review.month.title": {"ja": "{month}の振り返り(月間)", "en": "{month} review (the month)"},
    "review.month.target": {"ja": "目標({month})", "en": "Target {month}"},
    "review.month.actual": {"ja": "実績({month})", "en": "Actual {month}"},
    "review.month.kpi": {"ja": "{month} {kpi}", "en": "{month}: {kpi}"},
    # The year-to-date words of the findings (review.finding.*) and the month's instead.
    "review.month.ytd_words": {"ja": "期初来", "en": "to date"},
    "review.month.in_month": {"ja": "{month}", "en": "in {month}"},
    # The branch line's change over the same base (trial 37 L4: 「前年比 -5.4%」 beside a
    # baseline of the last 12 months, not last year).
    "dash.branch_item_base": {
        "ja": "{branch} {target}({count}人、基準売上比 {change})",
        "en": "{branch} {target} ({count} reps, {change} over baseline)",
    },
    # --- tax36 -------------------------------------------------------------------------------
    # A slip's consumption tax on a line of its own (弥生販売's 《消費税》 line): not revenue
    # (validation.tax.tax_line_check).
    "tax_lines_removed": {
        "ja": "列「{column}」が「{name}」の{lines}行(金額 {yen})は消費税の行なので、売上に数えていません(伝票の数にも入りません)",
        "en": "the {lines} lines whose '{column}' is '{name}' ({yen}) are consumption-tax lines, not sales: left out of revenue (and of the order count)",
    },
    # Settings DailyStart (core.daily.typed_start; trial 38 M5): the Daily list's first line.
    "daily.span.setting": {
        "ja": "{first}から{days}営業日分の訪問計画。設定「訪問計画の開始日」に入力された日から(休日なら翌営業日から。空欄に戻すと実績の翌営業日から)。実績は{through}まで",
        "en": "Visit plan for {days} working days from {first}: the first day typed on Settings (Visit plan: first day; a holiday: the next working day; blank it to start after the actuals again). Actuals through {through}",
    },
    "daily.span.next_week": {
        "ja": "{first}から{days}営業日分の訪問計画。設定「訪問計画の開始日」が「来週」のため、次の週の最初の営業日から(今週の分は空欄にして再計算)。実績は{through}まで",
        "en": "Visit plan for {days} working days from {first}: Settings (Visit plan: first day) says next week, so it starts on the first working day of the coming week (blank it and recalculate for this week's). Actuals through {through}",
    },
    "daily.span.setting_past": {
        "ja": "{first}から{days}営業日分の訪問計画。設定「訪問計画の開始日」の {typed} は過ぎているため、空欄と同じく実績の翌営業日(今日より前なら今日)から。実績は{through}まで",
        "en": "Visit plan for {days} working days from {first}: the first day typed on Settings (Visit plan: first day), {typed}, is past, so it starts as with the cell blank, after the actuals (today if that is later). Actuals through {through}",
    },
    # The e-mail body's line on the copy's visit plan (share.mail.plan_line; trial 38 M5).
    "share.mail_plan_rep": {
        "ja": "訪問計画: {first}〜{last}の{days}営業日、訪問 {stops}件(「{sheet}」シート)。",
        "en": "Visit plan: {first} to {last}, {days} working days, {stops} visits (the {sheet} sheet).",
    },
    "share.mail_plan_team": {
        "ja": "訪問計画: {first}〜{last}の{days}営業日、担当者{reps}人で訪問 {stops}件(「{sheet}」シート)。",
        "en": "Visit plan: {first} to {last}, {days} working days, {stops} visits by {reps} reps (the {sheet} sheet).",
    },
    "setting_daily_start_invalid": {
        "ja": "設定「訪問計画の開始日」の「{value}」は日付でも「来週」でもないため、空欄として扱います(2026/12/7 のような日付か、来週 と入力します)",
        "en": "Settings 'Visit plan: first day' {value} is neither a date nor 'next week': read as blank (type a date such as 2026-12-07, or next week)",
    },
    # --- weekday39: a route account's weekdays on the Daily (core.route_days) ---
    "daily.reason.route": {"ja": "{days} 納品", "en": "{days} route"},
    # Its last usual weekday before the list went without a contact (a missed route day).
    "daily.reason.route_missed": {
        "ja": "いつもの納品日 {day} の記録なし",
        "en": "no record on its usual day {day}",
    },
    # --- flows37: a chain's exit out of the churn (core.lost.chain_note) ---
    "lost_chain_churn": {
        "ja": "チェーンの取引終了: {name}の{count}件(担当 {reps}人、{when}、前の12か月の売上 ¥{revenue} = チームの{share})は一度の決定による一度きりの解約として、ふだんの解約率と解約数の目標の計算から除きました",
        "en": "a chain's exit: {count} accounts of {name} ({reps} reps, {when}, ¥{revenue} in the 12 months before = {share} of the team's) ended by one decision: a one-off, left out of the usual churn and the cancellation targets",
    },
    "lost_chain_churn_guessed": {
        "ja": "チェーンの取引終了: {name}の{count}件(担当 {reps}人、{when}、前の12か月の売上 ¥{revenue} = チームの{share})は一度の決定による一度きりの解約として、ふだんの解約率と解約数の目標の計算から除きました(顧客名の最初の語が同じ店をひとつのチェーンとみなしました)",
        "en": "a chain's exit: {count} accounts of {name} ({reps} reps, {when}, ¥{revenue} in the 12 months before = {share} of the team's) ended by one decision: a one-off, left out of the usual churn and the cancellation targets (stores whose names begin with the same word)",
    },
    "lost_chain_out": {
        "ja": "。うち{out}件は担当者の基準からも除きました",
        "en": "; {out} of them also left their reps' baselines",
    },
    # A rep's copy (share.copies.chain_flags_for): the chain's flag for a rep who held its
    # stores, his count, without the team's yen.
    "flag.chain_exit_rep": {
        "ja": "{name}の{accounts}件(担当 {reps}人、うちあなたの担当 {mine}件)が {first}〜{last} に揃って取引終了しました(その時点の{live}件のうち)",
        "en": "{accounts} accounts of {name} ({reps} reps, {mine} of them yours) ended together, {first} to {last} (of the {live} it had then)",
    },
    "action.chain_exit_rep": {
        "ja": "取り戻せるか、代わりの売上をどこで得るかを上長と決めてください",
        "en": "decide with your manager whether it can be won back, or where the revenue will come from instead",
    },
    # --- flows37: a meetings log begun inside the baseline (core.meetings.pipeline_log) ---
    "pipeline_log_short": {
        "ja": "商談・アポの記録は {first} から始まっているため、商談数・アポ数の目標と商談の成約率は、基準期間{window}か月のうち記録のある {first}〜{last} の{months}か月の月平均を12か月分にして計画しました(記録のない月を0件として数えていません)",
        "en": "the meetings and appointment log begins in {first}: the meetings and attempts targets and the meetings' win rate are planned from {first} to {last}, {months} of the baseline's {window} months, their monthly average made 12 months (the months before the log are not counted as none)",
    },
    # --- review37: the Review's findings from the new-user trials ---------------------------
    # A count's best by attainment with what it stands on (core.review MIN_BEST_BASE).
    "review.best.counted": {
        "ja": "達成率 {value}({count}/目標{base})",
        "en": "{value} of target ({count}/{base})",
    },
    # Visit rows without targets (core.review VISIT_ROWS): the plan was made without visits.
    "review.finding.visits_start_in_baseline": {
        "ja": "目標なし・実績のみ。訪問の記録が {first} からで基準期間 {base_first}〜{base_last} にそろわず、計画は訪問なしで立てました",
        "en": "no target, actuals only: visit records start in {first}, not covering the baseline {base_first} – {base_last}, so the plan has no visit targets",
    },
    "review.finding.no_visits": {
        "ja": "訪問の記録がないため、訪問の行(訪問件数・訪問頻度・訪問あたり受注数)はありません",
        "en": "no visit records: no visit rows (visits, visit frequency, orders per visit)",
    },
    # A rep who moved (core.review _mark_moves): what he left and took, and whether the move
    # explains the gap (on pace before it) or not (behind before it too).
    "review.finding.mover": {
        "ja": "期初来の差 {gap}。{day} の異動: {left}、{took}。{verdict}",
        "en": "gap to date {gap}. Moved on {day}: {left}; {took}. {verdict}",
    },
    "review.move.left": {
        "ja": "渡した顧客 {n} 件({name}{more}、基準期間の売上 {size}、{who}へ)",
        "en": "{n} accounts handed over ({name}{more}; {size} in the baseline; to {who})",
    },
    "review.move.took": {
        "ja": "引き継いだ顧客 {n} 件({name}{more}、引継ぎ後の売上 {size}、{who}から)",
        "en": "{n} accounts taken over ({name}{more}; {size} since; from {who})",
    },
    "review.move.explained": {
        "ja": "差は異動によるもので、売り方の問題ではありません({own})",
        "en": "The move explains the gap, not the way of selling ({own})",
    },
    "review.move.behind_before": {
        "ja": "異動前も目標を下回っていたため({own})、差は異動だけでは説明できません",
        "en": "He was behind before the move too ({own}): the move alone does not explain the gap",
    },
    "review.move.ahead_behind_before": {
        "ja": "異動前は目標を下回っていました({own})",
        "en": "He was behind before the move ({own})",
    },
    # The year block's title row (render.review_sheet_rows): the span its rows cover, as the
    # month block's 「11月の振り返り(月間)」; the sheet's header names each column once.
    "review.ytd.title": {
        "ja": "期初来の振り返り({first}〜{last})",
        "en": "Year to date ({first} – {last})",
    },
    # --- price40 (trial 40 H1/H2/H3/L1): a revision every year in the same month --------------
    # (core.price_index.find_yearly), its past steps carried as levels, the plan year's step.
    "price_yearly": {
        "ja": "価格改定 毎年{month_of_year}月(同じ商品どうしの比較で見つけました): 毎年{month_of_year}月に価格が{low}〜{high}変わっています({first}〜{last}年の{years}回、商品ごとの単価(金額÷数量)を前月と比べ売上で重み付けした平均、{products}品目)。毎年の価格改定とみなし、過去の改定は新しい価格に揃えて{kpi}の傾向から除き(価格と数量を分けて読みます)、{plan} も{month}に同程度({size}、過去の改定の中央値)の改定があるとして計画しました。違う場合は設定シートの「価格改定の月」(PriceRevisionMonth)と「価格改定の幅」(PriceRevisionPct)に入力してください(入力した値を優先します)",
        "en": "price revision every {month_name} (found comparing each product with itself): every {month_name} prices changed by {low} to {high} ({years} times, {first}–{last}; each product's price per unit against the month before, the revenue-weighted mean of {products} products). Taken as a yearly revision: the past ones are brought to the new prices and left out of the trend of {kpi} (price read apart from volume), and {plan} is planned with a revision of the same size in {month} ({size}, the median of the past ones). If it differs, type it on Settings (PriceRevisionMonth, PriceRevisionPct): what you type is used instead",
    },
    "price_yearly_seen": {
        "ja": "価格改定 毎年{month_of_year}月(同じ商品どうしの比較で見つけました): 毎年{month_of_year}月に価格が{low}〜{high}変わっています({first}〜{last}年の{years}回、{products}品目)。毎年の価格改定とみなし、過去の改定は新しい価格に揃えて{kpi}の傾向から除きました(価格と数量を分けて読みます)。{plan} の{month}の改定は実績で {size}(同じ商品どうしで前月と比べて)で、その幅で計画しました。違う場合は設定シートの「価格改定の月」(PriceRevisionMonth)と「価格改定の幅」(PriceRevisionPct)に入力してください",
        "en": "price revision every {month_name} (found comparing each product with itself): every {month_name} prices changed by {low} to {high} ({years} times, {first}–{last}, {products} products). Taken as a yearly revision: the past ones are brought to the new prices and left out of the trend of {kpi} (price read apart from volume). {plan}'s revision in {month} shows {size} in the actuals (each product against the month before) and is planned at that size. If it differs, type it on Settings (PriceRevisionMonth, PriceRevisionPct)",
    },
    "price_yearly_declared": {
        "ja": "価格改定 毎年{month_of_year}月: 履歴でも毎年{month_of_year}月に価格が{low}〜{high}変わっています({first}〜{last}年の{years}回、同じ商品どうしの比較、{products}品目)。過去の改定は新しい価格に揃えて{kpi}の傾向から除き(傾向に含めたまま設定の改定を差し引くと二重になるため)、{plan} の改定は設定シートの値({month} {size})で計画しました",
        "en": "price revision every {month_name}: the history shows prices changing every {month_name} by {low} to {high} ({years} times, {first}–{last}, each product against itself, {products} products). The past ones are brought to the new prices and left out of the trend of {kpi} (left in, the revision set would be taken off twice), and {plan}'s revision is planned as set on Settings ({size} in {month})",
    },
    "price_yearly_none": {
        "ja": "価格改定 毎年{month_of_year}月(同じ商品どうしの比較で見つけました): 毎年{month_of_year}月に価格が{low}〜{high}変わっています({first}〜{last}年の{years}回、{products}品目)。毎年の価格改定とみなし、過去の改定は新しい価格に揃えて{kpi}の傾向から除きました(価格と数量を分けて読みます)。{plan} の計画期間に入る改定はありません",
        "en": "price revision every {month_name} (found comparing each product with itself): every {month_name} prices changed by {low} to {high} ({years} times, {first}–{last}, {products} products). Taken as a yearly revision: the past ones are brought to the new prices and left out of the trend of {kpi} (price read apart from volume). None falls in {plan}",
    },
    # A declared revision that lowers the year's unit price: 「5.8%下がる」 (trial 40 L1).
    "price_revision_planned_down": {
        "ja": "価格改定 {month} {size}(設定より、予定): {from}〜{last}の{kpi}目標に含めました。年間の{kpi}は{carry}下がり、その分の売上を差し引いてから残りを各レバーに割り振りました",
        "en": "planned price revision of {size} from {month} (from Settings): the {kpi} targets for {from} – {last} carry it; it lowers the year's {kpi} by {carry}, and that revenue is taken off before the other levers are asked for the rest",
    },
    "price_revision_running_down": {
        "ja": "価格改定 {month} {size}(設定より、{month}から実施): {from}〜{last}の{kpi}目標に含め、年間の{kpi}は{carry}下がる計画です。{seen}までの実績では、{measure}は{month}に{measured}変わっています(他の年の同じ月と比べて)",
        "en": "price revision of {size} from {month} (from Settings, in effect): the {kpi} targets for {from} – {last} carry it, lowering the year's {kpi} by {carry}. The actuals to {seen} show {measure} changing by {measured} in {month} (against the same months of other years)",
    },
    "price_revision_running_unread_down": {
        "ja": "価格改定 {month} {size}(設定より、{month}から実施): {from}〜{last}の{kpi}目標に含め、年間の{kpi}は{carry}下がる計画です。{seen}までの実績は、改定の前後を他の年の同じ月と比べるにはまだ短く、幅は読めません",
        "en": "price revision of {size} from {month} (from Settings, in effect): the {kpi} targets for {from} – {last} carry it, lowering the year's {kpi} by {carry}. The actuals to {seen} are too short around it to read its size against the same months of other years yet",
    },
    # Running, read like for like: each product against the month before (trial 40 H3).
    "price_revision_running_products": {
        "ja": "価格改定 {month} {size}(設定より、{month}から実施): {from}〜{last}の{kpi}目標に含め、年間の{kpi}は{carry}上がる計画です。{seen}までの実績では、同じ商品どうしで単価(金額÷数量)を前月と比べると{month}に{measured}変わっています",
        "en": "price revision of {size} from {month} (from Settings, in effect): the {kpi} targets for {from} – {last} carry it, lifting the year's {kpi} by {carry}. The actuals to {seen}, each product's price per unit against the month before, changed by {measured} in {month}",
    },
    "price_revision_running_products_down": {
        "ja": "価格改定 {month} {size}(設定より、{month}から実施): {from}〜{last}の{kpi}目標に含め、年間の{kpi}は{carry}下がる計画です。{seen}までの実績では、同じ商品どうしで単価(金額÷数量)を前月と比べると{month}に{measured}変わっています",
        "en": "price revision of {size} from {month} (from Settings, in effect): the {kpi} targets for {from} – {last} carry it, lowering the year's {kpi} by {carry}. The actuals to {seen}, each product's price per unit against the month before, changed by {measured} in {month}",
    },
    "price_revision_differs_month": {
        "ja": "設定の価格改定の幅({month} {size})は、実績と合っていません。同じ商品どうしで単価(金額÷数量)を前月と比べると、{month}に{measured}変わっています。設定の幅で計画しました。幅(と月)を確認してください",
        "en": "the price revision size set ({size} in {month}) is not what the actuals show: each product's price per unit against the month before changed by {measured} in {month}; planned with the size set; check the size (and the month)",
    },
    # The push's source line on a yearly revision (render.lever_source, core.levers.PriceStep
    # with earlier steps): each year's revision is a new level, not a yearly fall.
    "plan.lever_source_yearly": {
        "ja": "{month}までの毎年の価格改定は、それぞれ新しい価格の水準として傾向から除いています(除かなければ {replaced})。",
        "en": " The yearly price revisions up to {month} are each taken as a new price level and left out of the trend ({replaced} if they were not).",
    },
    # --- daily37: a weekday with a capacity of its own (core.daily.weekday_capacities) ---
    "daily.weekday_caps": {
        "ja": "1日の訪問上限は曜日の実績から: {days}(他の曜日 {capacity}件)",
        "en": "Daily visit limit from each weekday's own record: {days} (other days {capacity})",
    },
    "daily.weekday_cap": {"ja": "{dow} {capacity}件", "en": "{dow} {capacity}"},
    # --- daily37: the Leave sheet's 代行者 column (core.daily.declared_covers) ---
    "daily.covering_declared": {
        "ja": "休暇中の{holder}さんの顧客 {count}件を、休暇の日はこの一覧に入れています(休暇・不在シートの代行者)",
        "en": "{count} accounts of {holder} (on leave) are on this list on the leave days (the Leave sheet names you as cover)",
    },
    "daily.reason.cover": {"ja": "代行", "en": "cover"},
    "leave_cover_unknown": {
        "ja": "代行者「{value}」は担当者(受注・訪問・顧客シートの担当者)にいません。この行の休暇は使い、代行者は空欄として扱います(代行訪問の記録から代行者を決めます)",
        "en": "Cover {value} is not a rep of the book (Orders, Visits, Accounts). The leave is used; the cover is read as blank (taken from the cover visits so far)",
    },
    "leave_cover_self": {
        "ja": "代行者「{value}」は休暇の本人です。この行の休暇は使い、代行者は空欄として扱います",
        "en": "Cover {value} is the rep on leave. The leave is used; the cover is read as blank",
    },
    "leave_cover_on_leave": {
        "ja": "代行者「{value}」も {first}〜{last} に休暇・不在です({row}行目)。この行の休暇は使い、代行者は空欄として扱います(同じ日に休まない同僚を入れてください)",
        "en": "Cover {value} is on leave too from {first} to {last} (row {row}). The leave is used; the cover is read as blank (name a colleague at work those days)",
    },
    # --- chain40: a chain's stores ended by the lapse rule that stopped ordering together,
    # ended the day after their last orders (core.chain_exit.stopped_together) ---
    "lost_chain_churn_stopped": {
        "ja": "チェーンの取引終了: {name}の{count}件(担当 {reps}人、{when}、前の12か月の売上 ¥{revenue} = チームの{share})は、最後の受注が {stopped} に揃って止まっているため、その翌日を取引終了日としました。一度の決定による一度きりの解約として、ふだんの解約率と解約数の目標の計算から除きました",
        "en": "a chain's exit: {count} accounts of {name} ({reps} reps, {when}, ¥{revenue} in the 12 months before = {share} of the team's): their last orders all stopped on {stopped}, so each ended the day after. Ended by one decision: a one-off, left out of the usual churn and the cancellation targets",
    },
    "lost_chain_churn_guessed_stopped": {
        "ja": "チェーンの取引終了: {name}の{count}件(担当 {reps}人、{when}、前の12か月の売上 ¥{revenue} = チームの{share})は、最後の受注が {stopped} に揃って止まっているため、その翌日を取引終了日としました。一度の決定による一度きりの解約として、ふだんの解約率と解約数の目標の計算から除きました(顧客名の最初の語が同じ店をひとつのチェーンとみなしました)",
        "en": "a chain's exit: {count} accounts of {name} ({reps} reps, {when}, ¥{revenue} in the 12 months before = {share} of the team's): their last orders all stopped on {stopped}, so each ended the day after. Ended by one decision: a one-off, left out of the usual churn and the cancellation targets (stores whose names begin with the same word)",
    },
    # coach40 (trial 40 M1): the unit-price flag and the Review with the team's like-for-like
    # price (core.price_index) and a price-list move for everyone (core.flags PRICE_LIST_MIN).
    "flag.unit_price_like_for_like": {
        "ja": "。1単位あたりの価格は前年同期比 {unit}: 同じ商品どうしの価格(全社)は {lfl}、残り {mix} は商品構成(高い商品・安い商品の割合)の変化か、この担当者だけの値引きです(同じ商品どうしの価格は全社でしか比べていません)",
        "en": "; the price per unit is {unit} on a year ago: the same products' prices (team-wide, like for like) {lfl}, the other {mix} is the product mix (the share of dear and cheap products) or this rep's own discounts (the same products are compared team-wide only)",
    },
    "flag.unit_price_list": {
        "ja": "。全社の価格改定({list})によるもの(同じ商品どうしの価格の動きで、担当者の値引きではありません)を除くと、取引単価は前年同期比 {net}",
        "en": "; part of it is the price change for everyone ({list}, the same products' prices, not the rep's discounting): without it the unit price is {net} on a year ago",
    },
    "flag.unit_price_list_unit": {
        "ja": "。1単位あたりの価格は前年同期比 {unit}で、全社の価格改定({list})によるもの(同じ商品どうしの価格の動きで、担当者の値引きではありません)を除くと {mix}: 商品構成(高い商品・安い商品の割合)の変化か、この担当者だけの値引きです。取引単価も価格改定を除くと {net}",
        "en": "; the price per unit is {unit} on a year ago: without the price change for everyone ({list}, the same products' prices, not the rep's discounting) {mix}, the product mix (the share of dear and cheap products) or this rep's own discounts; the unit price without it {net}",
    },
    "flag.unit_price_list_team": {
        "ja": "取引単価の低下(直近3か月 {price}、前年同期比 {yoy})は全社の価格改定({list})によるものです。除くと {net}で、担当者の値引きではありません",
        "en": "unit price down (last 3 months {price}, {yoy} vs same months last year): the price change for everyone (price list {list}); {net} without it, not the reps' discounting",
    },
    "action.unit_price_list": {
        "ja": "価格改定は担当者には動かせません。同僚のやり方をまねる話ではないので、目標の取引単価の前提(計画シート、設定の価格改定)を見直してください。改定分を除いた低下は商品構成・1受注の大きさの変化か値引きです: 値引きの有無と、大口の顧客の受注を確かめてください",
        "en": "reps cannot move the price list: nothing to copy from a colleague. Review the unit-price premise of the target (Plan sheet, the Settings' price revision); the fall beyond it is product mix, order size or discounts: check for discounts and the large accounts' orders",
    },
    "action.unit_price_list_team": {
        "ja": "担当者への指導ではなく、目標の取引単価の前提(計画シート、設定の価格改定 PriceRevisionMonth / PriceRevisionPct)を見直してください",
        "en": "no coaching: review the unit-price premise of the targets (Plan sheet, the Settings' price revision PriceRevisionMonth / PriceRevisionPct)",
    },
    "review.finding.revenue_price_list": {
        "ja": "期初来の差 {gap}。主因は全社の価格改定({list}、{yen})で、担当者のやり方ではありません",
        "en": "Gap to date {gap}, mostly the price change for everyone ({list}, {yen}), not the rep's way of working",
    },
    "review.finding.main_price_list": {
        "ja": "差の主因。うち {yen} は全社の価格改定({list})によるもの、残りは商品構成・1受注の大きさの変化か値引きで、同僚のやり方をまねる話ではありません",
        "en": "Main cause; {yen} of it is the price change for everyone ({list}), the rest product mix, order size or discounts: nothing to copy from a colleague",
    },
    "review.finding.price_list": {
        "ja": "うち {yen} は全社の価格改定({list})によるもの",
        "en": "{yen} of it is the price change for everyone ({list})",
    },
    "action.behind_pace_price_list": {
        "ja": "差の主因は全社の価格改定({list}、売上への影響 {yen})で、担当者のやり方ではありません。同僚のやり方をまねる話ではないので、目標の取引単価の前提(計画シート、設定の価格改定)を見直してください",
        "en": "the gap is mostly the price change for everyone ({list}, {yen} of revenue), not the rep's way of working: review the unit-price premise of the target (Plan sheet, the Settings' price revision)",
    },
    "action.behind_pace_lever_price_list": {
        "ja": "差の主因は{lever}です(実績 {actual} / 目標 {target}、売上への影響 {contribution}、うち全社の価格改定({list})によるもの {yen})。改定分を除いた分は商品構成・1受注の大きさの変化か値引きで、同僚のやり方をまねる話ではありません。値引きの有無と、大口の顧客の受注を確かめてください",
        "en": "the gap is mostly {lever} ({actual} vs {target}, {contribution} of revenue, {yen} of it the price change for everyone ({list})); the rest is product mix, order size or discounts, nothing to copy from a colleague: check for discounts and the large accounts' orders",
    },
    "action.unit_price_mix": {
        "ja": "同じ商品どうしの価格は全社で {lfl} で、価格表の動きではありません。この担当者の商品構成(安い商品の割合が増えた)か値引きです: 値引きの有無と、高い商品の受注が減った顧客を確かめてください",
        "en": "the same products' prices moved {lfl} team-wide: not the price list. It is this rep's product mix (more cheap products) or discounts: check for discounts and the accounts buying fewer dear products",
    },
    "flag.unit_price_like_for_like_order": {
        "ja": "。同じ商品どうしの価格(全社)は前年同期比 {lfl}、残り {mix} は商品構成・1受注の大きさの変化か、この担当者だけの値引きです(同じ商品どうしの価格は全社でしか比べていません)",
        "en": "; the same products' prices (team-wide, like for like) are {lfl} on a year ago, the other {mix} is the product mix, the order size or this rep's own discounts (the same products are compared team-wide only)",
    },
    "flag.behind_pace_carrier": {
        "ja": "。差の多くは1件の顧客 {name} です(直近12か月の受注 {recent}、その前の12か月 {prior})。まずこの顧客の受注が減った理由を確かめてください",
        "en": "; one account, {name}, carries most of the gap (orders {recent} over the last 12 months, {prior} the 12 before): find out first why it orders less",
    },
    # Backtest: the rows of a rep who left during the year, his takers' book rows, and both
    # sides of a swap or transfer between reps who stay (core.backtest moved_between) are
    # left out of the scores (trial 41 H1, trial 42 M3): the third excluded count.
    # 「担当替え」 covers both a leaver's accounts taken over and a swap between stayers.
    "backtest.col.excluded_changed_short": {
        "ja": "除外 実績0/目標なし/退職・担当替え",
        "en": "Excluded: 0 / no target / left or book changed",
    },
    "backtest_reps_left_excluded": {
        "ja": "年度の途中で退職・異動した担当者は採点から外しました(除外の「退職・担当替え」): {reps}。実績は担当していた月だけですが、目標(routekpi・一律伸長・前年並み)はどれも1年分の担当先の分で、同じ期間では比べられないためです",
        "en": "reps who left during the year are left out of the scores (excluded: 'left or book changed'): {reps}. Their results cover only the months they held their accounts, while every target (routekpi, uniform uplift, no change) is a year of their book, so the two cannot be compared over the same months",
    },
    "backtest_takers_excluded": {
        "ja": "退職・異動した担当者の顧客を年度の途中で引き継いだ担当者も、売上・顧客数・レバーなどは採点から外しました(新規開拓は採点しています): {reps}。実績には引き継いだ顧客の分が入りますが、どの目標にも入っていないためです",
        "en": "reps who took over a leaver's accounts during the year are left out of the scores for revenue, accounts, the levers and the other book KPIs (their prospecting is still scored): {reps}. Their results hold the accounts taken over, which no target does",
    },
    # The Backtest sheet's rep cell of a row left out of the scores (LEFT / TOOK_OVER).
    "backtest.rep_rep_left": {"ja": "{rep}(退職・採点外)", "en": "{rep} (left: not scored)"},
    "backtest.rep_took_over": {
        "ja": "{rep}(引継ぎ・採点外)",
        "en": "{rep} (took over: not scored)",
    },
    # --- Trial 41 (appended) ----------------------------------------------------------------
    # A building rep most of whose accounts were handed to him (targets.end_level_notes: more
    # handed than he has won since he began; trial 41 M3: 「まだ最初の担当先を作っている途中」
    # for a newcomer holding 19 of a retiring colleague's long-standing accounts).
    "building_end_levels_handed": {
        "ja": "引き継いだ顧客が中心: {rep}さんの担当の多くは引き継いだ顧客で({handed}件を引き継ぎ、本人が獲得した新規は{won}件)、本人の担当になってからの期間が短いため、顧客あたりの売上(訪問頻度・訪問あたり受注数・取引単価)は基準期間12か月の平均ではなく、最後の{months}か月({since}〜)の水準から計画しました: 顧客あたり月 {year} → {end}(チーム全体の同じ月の動きを除いて {change})。売上の配分もこの水準に立ちます(×{factor}。担当顧客の数は期首に持っている分をそのまま数えます)",
        "en": "mostly handed-over accounts: most of {rep}'s accounts were handed to him ({handed} handed over, {won} new accounts won by him) and he has served them only a short time, so his revenue per account (visits per account, orders per visit, unit price) is planned from the baseline's last {months} months (from {since}), not its 12-month average: {year} → {end} a month per account ({change} beyond the team's own change over those months). His share of the KGI stands on that level too (×{factor}; the accounts he holds at the year's start count in full)",
    },
    "building_end_levels_orders_handed": {
        "ja": "引き継いだ顧客が中心: {rep}さんの担当の多くは引き継いだ顧客で({handed}件を引き継ぎ、本人が獲得した新規は{won}件)、本人の担当になってからの期間が短いため、顧客あたりの売上(顧客あたり受注数・取引単価)は基準期間12か月の平均ではなく、最後の{months}か月({since}〜)の水準から計画しました: 顧客あたり月 {year} → {end}(チーム全体の同じ月の動きを除いて {change})。売上の配分もこの水準に立ちます(×{factor}。担当顧客の数は期首に持っている分をそのまま数えます)",
        "en": "mostly handed-over accounts: most of {rep}'s accounts were handed to him ({handed} handed over, {won} new accounts won by him) and he has served them only a short time, so his revenue per account (orders per account, unit price) is planned from the baseline's last {months} months (from {since}), not its 12-month average: {year} → {end} a month per account ({change} beyond the team's own change over those months). His share of the KGI stands on that level too (×{factor}; the accounts he holds at the year's start count in full)",
    },
    # The same rep's wins planned at his meetings' pace (building_wins_pace), his book mostly
    # handed over (targets.building_notes; trial 41 M3).
    "building_wins_pace_handed": {
        "ja": "{rep}さんの担当の多くは引き継いだ顧客で({handed}件を引き継ぎ)、本人の新規獲得はまだ始まったばかりのため、新規顧客の目標 {new}件は、これまでの商談のペース(勤務した月から年換算)の商談 {meetings}件に成約率 {win}(本人の基準期間は {own_meetings}件で {own_wins}件 = {own}。担当者ごとの差のうち偶然で説明できる分はチームの率に寄せています)をかけた数としました。本人の新規は持っている顧客の数ではなく商談から生まれるためで、保有顧客あたりの通常のペースでは {usual}件になります(商談の目標とも一致します)。この獲得で担当顧客は期首 {start}件から期末 {end}件になり(年内の解約は新規分 {lost}件を含めて見込んでいます)、年間の月末平均は {book}件です。稼働顧客数の目標はこの平均を下回りません",
        "en": "most of {rep}'s accounts were handed to him ({handed}) and his own prospecting has only begun: the new-accounts target {new} is the meetings at the pace of the months worked ({meetings} a year) × the win rate {win} (his own in the baseline: {own_wins} of {own_meetings} = {own}; the part of the reps' differences chance explains is taken from the team's rate). His wins come from prospecting, not from the accounts held; the usual pace per account held gives {usual} (the meetings target agrees with it). These wins take the book from {start} at the year's start to {end} at its end (the cancellations count {lost} of the new accounts lost again within the year), {book} on average over the month-ends: the active-accounts target is not below that average",
    },
    # The running plan year whose landing reaches the KGI, or misses it by no more than the
    # pace warning (core.stretch.landing_clears; trial 41 M2): the landing, not "beyond the
    # team's record", in the status line, the Plan's feasibility row and the recalc summary.
    "plan.feasible_landing": {
        "ja": "今年度は KGI の {ratio} に着地する見込み",
        "en": "the year is landing at {ratio} of the KGI",
    },
    "stretch.plan_landing": {"ja": "着地 KGI の{ratio}", "en": "landing {ratio}"},
    "stretch.plan_note_landing": {
        "ja": "年度が始まっているため、実績からの判定ではなく着地見込みで判断します: 着地見込み {landing}(KGI の {ratio})。年度開始前の実績からの判定は「{grade}」(好調な年並みの伸びで届く {record})でした",
        "en": "the year has begun, so it is judged on its landing, not on the record: landing {landing} ({ratio} of the KGI). Judged on the record before the year it was '{grade}' (a strong year's growth reaches {record})",
    },
    "stretch.recalc_landing": {
        "ja": "  今年度は KGI の {ratio} に着地する見込みです(着地見込み {landing})。年度開始前の実績からの判定は「{grade}」でした",
        "en": "  The year is landing at {ratio} of the KGI ({landing}); judged on the record before the year it was '{grade}'",
    },
    # A large account that stepped to a new level once (core.account_step, trial 41 M4): a
    # level carried into the plan year, not a yearly trend of the unit price.
    "account_step_down": {
        "ja": "{account} {name} が {month} から約{tenths}割減({change}、{rep}さんの顧客、減る前は売上の{share}): {kpi}の動きの大半。毎年の傾向にはしていません(この減少でチームの{kpi}は{effect}。その分の年 {part} を傾向から外し、基準期間のうち減る前の月の分 {carry} を目標に含めました。{kpi}の傾向は{trend}です)",
        "en": "{account} {name} is down about {amount} from {month} ({rep}'s account, {share} of revenue before): most of the movement of {kpi}. It is not read as a yearly trend (it moved the team's {kpi} by {effect}; its {part} a year is left out of the trend, and the baseline's months before it add {carry} to the target; the trend of {kpi} is {trend})",
    },
    "account_step_up": {
        "ja": "{account} {name} が {month} から約{tenths}割増({change}、{rep}さんの顧客、増える前は売上の{share}): {kpi}の動きの大半。毎年の傾向にはしていません(この増加でチームの{kpi}は{effect}。その分の年 {part} を傾向から外し、基準期間のうち増える前の月の分 {carry} を目標に含めました。{kpi}の傾向は{trend}です)",
        "en": "{account} {name} is up about {amount} from {month} ({rep}'s account, {share} of revenue before): most of the movement of {kpi}. It is not read as a yearly trend (it moved the team's {kpi} by {effect}; its {part} a year is left out of the trend, and the baseline's months before it add {carry} to the target; the trend of {kpi} is {trend})",
    },
    # A running year landing on a KGI past every ceiling (no year-on-year record to quote):
    # the landing, and the record's verdict before the year (core.stretch.running_landing).
    "stretch.plan_note_landing_bare": {
        "ja": "年度が始まっているため、実績からの判定ではなく着地見込みで判断します: 着地見込み {landing}(KGI の {ratio})。年度開始前の実績からの判定は「{grade}」でした",
        "en": "the year has begun, so it is judged on its landing, not on the record: landing {landing} ({ratio} of the KGI). Judged on the record before the year it was '{grade}'",
    },
    # The Dashboard plan block's row under the ceiling in a running year whose landing answers
    # the record's "no" (render_dashboard.landing_row; trial 41 M2): what is left to sell.
    "dash.kgi_left": {
        "ja": "KGIまで残り(あと{months}か月)",
        "en": "Left to the KGI ({months} mo to go)",
    },
    "dash.kgi_passed": {"ja": "KGI超過(累計実績 − KGI)", "en": "Past the KGI (to date − KGI)"},
    "dash.kgi_short_closed": {
        "ja": "KGIまでの不足(年度終了)",
        "en": "Short of the KGI (year over)",
    },
    # The Targets row of a lower-is-better KPI (churn): its 根拠上限 cell is blank, the
    # evidence bound said as a floor in the row's basis (render.target_rows; trial 41 L2).
    "targets.floor_note": {
        "ja": "。低いほど良いKPIのため根拠上限はありません。根拠の下限(最良)は {floor}",
        "en": "; lower is better, so no evidence ceiling: the evidence floor (the best) is {floor}",
    },
    # The Plan's 不足額 in a running year landing on a KGI past every ceiling (render.plan_rows).
    "plan.gap_note_landing_zero": {
        "ja": "上限で見た不足はありません(目標の合計はKGIに届きます)。今年度の見通しは着地見込みで判断しています(実現可能性の行)",
        "en": "no gap at the ceilings (the targets add up to the KGI); the year itself is judged on its landing (the feasibility row)",
    },
    "plan.gap_note_landing": {
        "ja": "目標の合計(上限で頭打ち)とKGIの差です。今年度の見通しは着地見込みで判断しています(実現可能性の行)",
        "en": "the capped targets' sum short of the KGI; the year itself is judged on its landing (the feasibility row)",
    },
    # --- visits41: orders that do not come with the visits (core.visit_days) ---
    "orders_apart_from_visits": {
        "ja": "受注は訪問の日に集まっていません: 基準期間 {base_first}〜{base_last} の訪問先の受注日 {days}件のうち訪問した日は {on_visit}、訪問した日の割合から偶然そうなるのは {chance}({lift}倍)。受注は訪問とは別に来ているため、訪問を増やしても受注は増えません。目標では訪問頻度をこれまでの動きのままにして伸びを置かず、顧客あたり受注数の伸びは訪問あたり受注数(顧客あたり受注数 ÷ 訪問頻度)に置きました。振り返りでは訪問あたり受注数のベスト担当者を挙げず、日別訪問計画の順番も訪問が遅れて失う受注ではなく、遅れた日数と顧客の規模の目安として示します(売上は 稼働顧客数 × 顧客あたり受注数 × 取引単価 と同じ額)",
        "en": "orders do not come on the visit days: of the visited accounts' {days} order days in the baseline {base_first} – {base_last}, {on_visit} were a visit day, where chance gives {chance} from the share of days visited (×{lift}). Orders come apart from the visits, so more visits bring no more orders: the targets keep visit frequency on its own trend with no growth beyond it, and put the growth in orders per account on orders per visit (orders per account ÷ visit frequency); the Review names no best performer on orders per visit, and the Daily ranks its stops by the days waited and the account's size, not by orders a late visit loses (revenue is the same as active accounts × orders per account × unit price)",
    },
    # --- visits42: visits that are the deliveries (core.visit_days, trial 41 L4) ---
    "visits_are_deliveries": {
        "ja": "訪問はここでは納品の記録です: 基準期間 {base_first}〜{base_last} の訪問日 {visit_days}件のうち受注のあった日は {on_order}、受注日 {days}件のうち訪問した日は {on_visit}。訪問の回数と受注の回数は一緒に動くため、訪問頻度が目標に届かないのは多くの場合、顧客が注文を見送ったためです。振り返りでは訪問頻度と訪問あたり受注数を一つ(顧客あたり受注数)として見ます",
        "en": "visits here are the deliveries: of the {visit_days} visit days in the baseline {base_first} – {base_last}, {on_order} had an order, and of the {days} order days {on_visit} had a visit. Visits and orders move together, so a visit frequency short of target is mostly customers skipping orders; the Review weighs visit frequency and orders per visit as one (orders per account)",
    },
    # The Review's main row where visits do not bring the orders (core.review TIED_LEVERS):
    # visit frequency × orders per visit as one, no colleague to copy.
    "review.finding.main_deliveries": {
        "ja": "差の主因(訪問頻度 × 訪問あたり受注数 = 顧客あたり受注数 実績 {actual} / 目標 {target}、売上への影響 {contribution})。ここでは訪問が納品の記録なので訪問頻度と受注は一緒に動きます。訪問の回数より、注文を見送っている顧客を確かめてください",
        "en": "explains most of the gap (visit frequency × orders per visit = orders per account: {actual} vs target {target}, {contribution} of revenue). Visits here are the deliveries, so the frequency and the orders move together: look at the customers skipping orders rather than at the visits",
    },
    "review.finding.main_orders_apart": {
        "ja": "差の主因(訪問頻度 × 訪問あたり受注数 = 顧客あたり受注数 実績 {actual} / 目標 {target}、売上への影響 {contribution})。受注は訪問とは別に来ているため、訪問のやり方では動きません。受注が減った顧客を確かめてください",
        "en": "explains most of the gap (visit frequency × orders per visit = orders per account: {actual} vs target {target}, {contribution} of revenue). Orders come apart from the visits, so no way of visiting moves it: look at the customers ordering less",
    },
    # The Daily where the orders come apart from the visits (core.visit_days, trial 40 M6):
    # the same ranking number, said as the days waited × the account's orders a day.
    "daily.reason.stake_waited": {
        "ja": "順番の目安 {value}(失う額ではなく並べる順の点数: 経過{days}日 × 1日あたり受注)",
        "en": "ranked by {value}, a score, not money lost ({days} days waited × orders a day)",
    },
    "daily.reason.stake_waited_prior": {
        "ja": "順番の目安 {value}(失う額ではなく並べる順の点数: 経過{days}日 × 前年の1日あたり受注)",
        "en": "ranked by {value}, a score, not money lost ({days} days waited × orders a day the year before)",
    },
    "daily.not_scheduled_more_apart": {
        "ja": "ほか未計画 {count}件(順番の目安 計 {stake})。訪問の入れ替え・担当替え・見送りを上長と相談してください",
        "en": "{count} more not scheduled (ranked by {stake} in all): talk to your manager about swapping visits, handing accounts over or letting them wait",
    },
    # The behind-pace flag's action where the visits do not bring the orders (core.flags
    # TIED_KEYS): how often accounts order, not the visits, and no colleague to copy.
    "action.behind_pace_deliveries": {
        "ja": "差の主因は顧客あたり受注数です(訪問頻度 × 訪問あたり受注数: 実績 {actual} / 目標 {target}、売上への影響 {contribution})。ここでは訪問が納品の記録なので、訪問を前倒ししても受注は増えません。注文を見送っている顧客を確かめてください",
        "en": "most of the gap is orders per account (visit frequency × orders per visit: actual {actual} vs target {target}, {contribution} of revenue); visits here are the deliveries, so bringing visits forward brings no orders: look at the customers skipping orders",
    },
    "action.behind_pace_orders_apart": {
        "ja": "差の主因は顧客あたり受注数です(訪問頻度 × 訪問あたり受注数: 実績 {actual} / 目標 {target}、売上への影響 {contribution})。受注は訪問とは別に来ているため、受注が減った顧客を確かめてください",
        "en": "most of the gap is orders per account (visit frequency × orders per visit: actual {actual} vs target {target}, {contribution} of revenue); orders come apart from the visits: look at the customers ordering less",
    },
    # small42 (session 38): the plain-word rule behind a chain's stores re-dated to their last
    # orders (core.chain_exit CHAIN_GONE_DAYS), after the chain's line (render.note_text).
    "lost_chain_gone_rule": {
        "ja": "(チェーンの店が揃って受注を止め、{days}日以上受注がなければ、解約の判定(最後の受注から最長{lapse}日)を待たずにチェーンの取引終了とみなします)",
        "en": " (a chain's stores that stopped ordering together and have not ordered for {days} days are read as gone, without waiting for the lapse rule's up to {lapse} days after the last order)",
    },
    # small42 (session 38, trial 41 L3): a newcomer's first full year of prospecting at the
    # team's pace per rep (core.meetings.pipeline_per_year RAMP_MONTHS).
    "pipeline_first_year": {
        "ja": "初めての通年: {rep}さんは基準期間に{months}か月しか在籍していないため、立ち上がりの月の商談・アポ件数を年換算すると少なく出ます。このため、商談数・アポ件数の目標は担当者1人あたりのチームのペースを使いました(商談 年{own_meetings} → {meetings}件、アポ 年{own_attempts} → {attempts}件。本人のペースの方が高ければ本人のペース)。新規顧客の目標もこの商談から計算します",
        "en": "first full year: team pace per rep used. {rep} was at work for only {months} months of the baseline, and his ramp-up months made a year read low, so his meetings and attempts targets use the team's pace per rep (meetings {own_meetings} → {meetings} a year, attempts {own_attempts} → {attempts}; his own where it is higher). His new-accounts target follows from these meetings",
    },
    # The building rep's wins note when his meetings are the team's pace per rep (his first
    # full year: core.meetings RAMP_MONTHS, note pipeline_first_year), not his months' pace.
    "building_wins_pace_team": {
        "ja": "{rep}さんはまだ最初の担当先を作っている途中のため、新規顧客の目標 {new}件は、初めての通年のため担当者1人あたりのチームのペースの商談 {meetings}件に成約率 {win}(本人の基準期間は {own_meetings}件で {own_wins}件 = {own}。担当者ごとの差のうち偶然で説明できる分はチームの率に寄せています)をかけた数としました。立ち上げ中の新規は持っている顧客の数ではなく商談から生まれるためで、保有顧客あたりの通常のペースでは {usual}件になります(商談の目標とも一致します)。この獲得で担当顧客は期首 {start}件から期末 {end}件になり(年内の解約は新規分 {lost}件を含めて見込んでいます)、年間の月末平均は {book}件です。稼働顧客数の目標はこの平均を下回りません",
        "en": "{rep} is still building a first book: the new-accounts target {new} is the meetings at the team's pace per rep for a first full year ({meetings} a year) × the win rate {win} (his own in the baseline: {own_wins} of {own_meetings} = {own}; the part of the reps' differences chance explains is taken from the team's rate). A newcomer's wins come from prospecting, not from the accounts held; the usual pace per account held gives {usual} (the meetings target agrees with it). These wins take the book from {start} at the year's start to {end} at its end (the cancellations count {lost} of the new accounts lost again within the year), {book} on average over the month-ends: the active-accounts target is not below that average",
    },
    "building_wins_pace_handed_team": {
        "ja": "{rep}さんの担当の多くは引き継いだ顧客で({handed}件を引き継ぎ)、本人の新規獲得はまだ始まったばかりのため、新規顧客の目標 {new}件は、初めての通年のため担当者1人あたりのチームのペースの商談 {meetings}件に成約率 {win}(本人の基準期間は {own_meetings}件で {own_wins}件 = {own}。担当者ごとの差のうち偶然で説明できる分はチームの率に寄せています)をかけた数としました。本人の新規は持っている顧客の数ではなく商談から生まれるためで、保有顧客あたりの通常のペースでは {usual}件になります(商談の目標とも一致します)。この獲得で担当顧客は期首 {start}件から期末 {end}件になり(年内の解約は新規分 {lost}件を含めて見込んでいます)、年間の月末平均は {book}件です。稼働顧客数の目標はこの平均を下回りません",
        "en": "most of {rep}'s accounts were handed to him ({handed}) and his own prospecting has only begun: the new-accounts target {new} is the meetings at the team's pace per rep for a first full year ({meetings} a year) × the win rate {win} (his own in the baseline: {own_wins} of {own_meetings} = {own}; the part of the reps' differences chance explains is taken from the team's rate). His wins come from prospecting, not from the accounts held; the usual pace per account held gives {usual} (the meetings target agrees with it). These wins take the book from {start} at the year's start to {end} at its end (the cancellations count {lost} of the new accounts lost again within the year), {book} on average over the month-ends: the active-accounts target is not below that average",
    },
    # small42 (session 38): no visit rows but a log of meetings or calls (core.baselines): the
    # meetings and calls are planned (the Plan's 商談・アポ打診 line), only the visit KPIs are not.
    "no_visits_pipeline": {
        "ja": "訪問(種別 訪問)の記録がないため、訪問頻度・訪問あたり受注数は算出できません(売上 = 稼働顧客数 × 顧客あたり受注数 × 取引単価 で計画します)。商談・アポは記録があるため、その件数から商談・アポの目標を計画の「商談・アポ打診」に示します",
        "en": "no visit records (kind visit): visit frequency and orders per visit are unavailable (revenue = active accounts × orders per account × unit price). Meetings and appointment calls are logged: their targets, from those counts, are on the Plan's 'Meetings and attempts' line",
    },
    # --- Session 38: visits collected beside a visits source (trial 40 M5) ------------------
    # Checks info: the collected-visits sheet read beside the Visits source (sources.assemble).
    "collected_visits_read": {
        "ja": "訪問は {source} に加えて「{sheet}」シート(collect で回収した担当者の訪問入力)から {rows} 行を追加しました。ほかの {same} 行は {source} にすでにある訪問と同じため、追加せず1回と数えています(同じ日・担当者・顧客の訪問、または日付・担当者・顧客・種別・結果が同じ行)",
        "en": "Visits are read from {source} and the {sheet} sheet (reps' visit logs brought in by collect): {rows} rows added from the sheet; {same} more rows are visits {source} already holds, not added and counted once (a route visit on the same day, rep and account, or a row with the same date, rep, account, kind and outcome)",
    },
    "collect.collected_no_header": {
        "ja": "「{sheet}」シートの1行目に見出し(訪問日・担当者・顧客コード・種別・結果・メモ)がありません。見出しを戻すか、シートを削除してから collect をやり直してください(次の collect が見出し付きで作り直します)",
        "en": "The {sheet} sheet has no header row (Date, Rep, Account, Kind, Outcome, Note) in row 1: put it back, or delete the sheet and run collect again (collect creates it with its header)",
    },
    # share with --visits on the command line and no Visits row on the Sources sheet: collect
    # (which reads the Sources sheet) would not know the file, so the copies carry no log.
    "share.no_visit_log_given": {
        "ja": "訪問履歴はコマンドの --visits({source})から読み込んでいるため、担当者のコピーには訪問入力シートを入れていません(collect はデータソースシートを読むため、返送された記録をこのファイルの訪問と照らし合わせられません)。訪問入力を使うには、{source} をデータソースシートの訪問の行に書いてください。collect が返送された訪問を「回収訪問」シートに取り込み、recalc が {source} と合わせて読みます",
        "en": "Visits come from --visits ({source}) on the command line, so the rep copies have no visit log (collect reads the Sources sheet and could not match returned rows against that file). To use the visit log, name {source} on the Visits row of the Sources sheet: collect then files returned visits on the CollectedVisits sheet and recalc reads them with {source}",
    },
    "collect.summary_collected_sheet": {
        "ja": "「{sheet}」シートに {added} 行を追加しました(重複 {duplicates} 行は追加していません){recalc}。訪問履歴は {source} から読み込んでいるため回収した訪問はこのシートに置き、recalc が {source} と合わせて読みます({source} にもある訪問は1回と数えます)",
        "en": "{added} rows added to the {sheet} sheet ({duplicates} duplicates skipped){recalc}. Visits come from {source}, so collected visits are kept on that sheet and recalc reads it with {source} (a visit in both counts once)",
    },
    "collect.same_visit_source": {
        "ja": "{day} の顧客 {account} への訪問は {source} にすでにあるため、同じ訪問として取り込みませんでした(メモは返送ファイルに残っています)",
        "en": "{source} already has this rep's visit to {account} on {day}: the same visit, not collected again (its memo stays in the returned file)",
    },
    # Warning: the collected-visits sheet holds rows, but visits come from the Visits sheet.
    "collected_visits_unread": {
        "ja": "「{sheet}」シートの {rows} 行は読んでいません。このシートは訪問履歴をデータソースシートのファイルやデータベースから読むときに、それと合わせて読む回収した訪問です(訪問シートから読むときは collect が訪問シートに追記します)。計算に入れるには、この行を訪問シートの下に移してください",
        "en": "The {rows} rows on the {sheet} sheet are not read: that sheet holds collected visits read beside a visits file or database named on the Sources sheet (with visits on the Visits sheet, collect appends there). Move the rows below the Visits sheet's to count them",
    },
    # --- week43 (trial 43) ---
    # L3: the Daily's first line when visits run past the last order and both stop before
    # today (daily.span.today with each input's last day named).
    "daily.span.today_split": {
        "ja": "{first}から{days}営業日分の訪問計画。基準日(AsOf)が空欄で、実績の最終日 {through} の翌営業日は過ぎているため、今日 {today} 以降の最初の営業日から(その後の受注も訪問も未入力です。最新の受注と訪問を貼り付けてください)。実績は{through}まで",
        "en": "Visit plan for {days} working days from {first}: AsOf is blank and the working day after the last day of actuals, {through}, is past, so it starts on the first working day from today, {today} (neither the orders nor the visits since are in yet; paste the latest of both). Actuals through {through}",
    },
    # L3: appended to daily.span.next_visit: visits are current, only the orders are behind.
    "daily.orders_behind": {
        "ja": "訪問は入力済み、受注は{as_of}までです。売上・受注の進捗を進めるには、その後の受注を貼り付けてください",
        "en": "Visits are in; orders stop at {as_of}. Paste the orders since to bring revenue and order progress up to date",
    },  # L5: the Notes sheet's KPI drop-down (io.template).
    "template.note_kpi_prompt": {
        "ja": "振り返りのどの行に表示するか(空欄 = 売上)。訪問件数 は訪問頻度、受注件数 は訪問あたり受注数の行に表示します",
        "en": "The Review row the note goes beside (blank = revenue). Visits go on visit frequency, orders on orders per visit",
    },  # H1: the Review's second title row and the Dashboard's title when reps' visits run past
    # the last order (AsOf blank): which rows run to which day (core.review.VISIT_PERIOD_KPIS).
    "review.two_dates": {
        "ja": "受注は{orders}まで、訪問は{visits}まで",
        "en": "Orders to {orders}, visits to {visits}",
    },
    # The same title row's finding column: which rows run to which day.
    "review.two_dates_rows": {
        "ja": "商談数・アポ獲得率は{visits}まで(目標も同日)、他の行は{orders}まで",
        "en": "Meetings, appointment rate to {visits} (targets too); others to {orders}",
    },
    # … and its notes column: the visits the later rows take in.
    "review.two_dates_count": {
        "ja": "{orders}より後の訪問 {count} 件を反映",
        "en": "{count} visits after {orders} counted",
    },
    "dash.two_dates": {
        "ja": "受注は{orders}まで、訪問は{visits}まで(この表は{orders}まで。{visits}までの訪問は振り返りシートの商談数・アポ獲得率に反映)",
        "en": "orders through {orders}, visits through {visits} (this sheet to {orders}; the Review's meetings and appointment rate run to {visits})",
    },  # L4: the KPI cell of a Review row that only carries on the finding or note above it.
    "review.continued": {
        "ja": "↳ 所見・メモの続き",
        "en": "↳ continued",
    },  # L3: AsOf blank, the working day after the last day of actuals is today (data to Friday,
    # run on Monday): the list starts today and nothing is missing.
    "daily.span.next_today": {
        "ja": "{first}から{days}営業日分の訪問計画。基準日(AsOf)が空欄のため実績の最終日 {through} の翌営業日(今日)から。実績は{through}まで",
        "en": "Visit plan for {days} working days from {first}: AsOf is blank, so it starts on the working day after the last day of actuals, {through}, which is today. Actuals through {through}",
    },
    # --- price42 (session 38, trial 42 follow-up): a large account's step before the whole
    # baseline (core.baselines, core.account_step): nothing of the baseline to bring up or down.
    "account_step_down_after": {
        "ja": "{account} {name} が {month} から約{tenths}割減({change}、{rep}さんの顧客、減る前は売上の{share}): {kpi}の動きの大半。毎年の傾向にはしていません(この減少でチームの{kpi}は{effect}。その分の年 {part} を傾向から外しました。基準期間はすべて減った後の月です。{kpi}の傾向は{trend}です)",
        "en": "{account} {name} is down about {amount} from {month} ({rep}'s account, {share} of revenue before): most of the movement of {kpi}. It is not read as a yearly trend (it moved the team's {kpi} by {effect}; its {part} a year is left out of the trend; the baseline's months are all after it; the trend of {kpi} is {trend})",
    },
    "account_step_up_after": {
        "ja": "{account} {name} が {month} から約{tenths}割増({change}、{rep}さんの顧客、増える前は売上の{share}): {kpi}の動きの大半。毎年の傾向にはしていません(この増加でチームの{kpi}は{effect}。その分の年 {part} を傾向から外しました。基準期間はすべて増えた後の月です。{kpi}の傾向は{trend}です)",
        "en": "{account} {name} is up about {amount} from {month} ({rep}'s account, {share} of revenue before): most of the movement of {kpi}. It is not read as a yearly trend (it moved the team's {kpi} by {effect}; its {part} a year is left out of the trend; the baseline's months are all after it; the trend of {kpi} is {trend})",
    },
    # novisit42 (session 38): a newcomer's first full year that raised only one of his
    # prospecting counts (core.meetings.ramp_note_code): the note names only that one.
    "pipeline_first_year_attempts": {
        "ja": "初めての通年: {rep}さんは基準期間に{months}か月しか在籍していないため、立ち上がりの月のアポ件数を年換算すると少なく出ます。このため、アポ件数の目標は担当者1人あたりのチームのペースを使いました(アポ 年{own_attempts} → {attempts}件)。商談数は本人のペースがチームのペース以上のため、本人のペース(年{meetings}件)のままです",
        "en": "first full year: team pace per rep used for attempts. {rep} was at work for only {months} months of the baseline, and his ramp-up months made a year read low, so his attempts target uses the team's pace per rep (attempts {own_attempts} → {attempts} a year). His meetings stay at his own pace ({meetings} a year), at least the team's",
    },
    "pipeline_first_year_meetings": {
        "ja": "初めての通年: {rep}さんは基準期間に{months}か月しか在籍していないため、立ち上がりの月の商談件数を年換算すると少なく出ます。このため、商談数の目標は担当者1人あたりのチームのペースを使いました(商談 年{own_meetings} → {meetings}件)。アポ件数は本人のペースのままです。新規顧客の目標もこの商談から計算します",
        "en": "first full year: team pace per rep used for meetings. {rep} was at work for only {months} months of the baseline, and his ramp-up months made a year read low, so his meetings target uses the team's pace per rep (meetings {own_meetings} → {meetings} a year); his attempts stay at his own pace. His new-accounts target follows from these meetings",
    },
    # novisit42: a route read from the account's visit days (core.route_days.route_and_source),
    # the rep's visit route — 「火 訪問日」, not 「火 納品」 (its orders come on other days).
    "daily.reason.route_visit": {"ja": "{days} 訪問日", "en": "{days} visit route"},
    "daily.reason.route_visit_missed": {
        "ja": "いつもの訪問日 {day} の記録なし",
        "en": "no visit on its usual day {day}",
    },
    # novisit42: the Method's point on the team's ratios in a book without visits (render
    # _team_ratios_point): only the ratios it measures, and what weighs each.
    "plan.method_team_ratios": {
        "ja": "・チームの比率({ratios}): 各担当者の値を前年の構成比(前年の{bases})で加重平均したもので、担当者の構成が変わっても下がりません。",
        "en": "• The team's ratios ({ratios}) are the reps' values at last year's mix (each rep weighted by its {bases} last year), so they move only when the reps' own values move.",
    },
    # A team lever row of the Review (core.review TEAM_SUM_KEY; trial 42 M2): its value is the
    # reps' at the baseline's mix (months on leave left out), not the Dashboard's team figure,
    # and its yen the sum of the reps' parts, mostly one rep's.
    "review.finding.team_sum": {
        "ja": "チームの値は担当者ごとの値{away}を基準の構成で平均したもので、ダッシュボードの累計実績とは計算が異なります。寄与は担当者ごとの寄与の合計(最大は {rep} {part})",
        "en": "the team's value is the reps'{away} at the baseline's mix, not the Dashboard's to-date figure; its yen is the sum of the reps' parts (largest: {rep} {part})",
    },
    "review.finding.team_sum_sep": {"ja": "。", "en": "; "},
    "review.finding.team_sum_away": {"ja": "(休暇の月を除く)", "en": " (months on leave left out)"},
    # A rep on leave over every day of his copy's visit plan (share.mail.leave_line; trial 42
    # L2): no visit plan to follow and nothing to record or send back.
    "share.mail_body_rep_leave": {
        "ja": "{rep} さん\n\n{fy} の目標と {as_of} 時点の実績を添付します({file})。\nあなたの数字だけが入ったファイルで、マクロは含まれていません。目標の根拠は「表紙」シートにあります。\n\n{leave}\n{password}",
        "en": "Hello {rep},\n\nAttached are your {fy} targets and your results as of {as_of} ({file}).\nThe file holds your numbers only and contains no macros. Why your target is what it is: see the Cover sheet.\n\n{leave}\n{password}",
    },
    "share.mail_leave": {
        "ja": "{until} まで休暇のため、訪問計画はありません{cover}。記録や返信は不要です。",
        "en": "You are on leave until {until}, so there is no visit plan{cover}. Nothing to record or send back.",
    },
    "share.mail_leave_open": {
        "ja": "休暇中のため、訪問計画はありません{cover}。記録や返信は不要です。",
        "en": "You are on leave, so there is no visit plan{cover}. Nothing to record or send back.",
    },
    "share.mail_leave_cover": {
        "ja": "(担当顧客は {cover} さんが代行)",
        "en": " (your accounts are covered by {cover})",
    },
    # Backtest: both sides of a territory swap or transfer between reps who stay (core.backtest
    # BOOK_CHANGED; trial 42 M3), counted in the third excluded count.
    "backtest_moved_excluded": {
        "ja": "年度の途中で担当替え(担当者どうしの顧客の入れ替え・移管)で担当先が1割以上変わった担当者は、売上・顧客数・レバーなどを採点から外しました(除外の「退職・担当替え」、新規開拓は採点しています): {reps}。実績は入れ替え後の担当先の分ですが、目標は計画時点の担当先の分で、同じ顧客では比べられないためです",
        "en": "reps whose book changed by a tenth or more in a swap or transfer between reps during the year are left out of the scores for revenue, accounts, the levers and the other book KPIs (excluded: 'left or book changed'; their prospecting is still scored): {reps}. Their results are of the book after the move, every target of the book they held at planning",
    },
    "backtest.rep_book_changed": {
        "ja": "{rep}(担当替え・採点外)",
        "en": "{rep} (book changed: not scored)",
    },
    "review.finding.team_sum_count": {
        "ja": "寄与は担当者ごとの寄与の合計(最大は {rep} {part})",
        "en": "its yen is the sum of the reps' parts (largest: {rep} {part})",
    },
    # core.swing: a season that swung and came back, read at its years' level for the trend
    # and for the month pattern (the targets' month shares, the landing's usual shares;
    # trial 42 H3). As "weather_swing", whose last sentence said the month pattern was booked.
    "weather_swing_levelled": {
        "ja": "1受注あたりの数量(数量÷受注件数)は、{first}〜{last}の{count}か月に、前年の同じ月より{before}、翌年の同じ月はそこから{after}で、前後の年の平均より{size}でした(担当者別に見ても、チームの受注の{share}を占める担当者たちに同じ振れがありました)。天候(暖冬など)や品不足・供給停止による一時的な振れとみなし、これまでの伸び(傾向)、チームの好調な年の伸び、レバーの動きの大きさと上限、月別の構成比(各月の目標と着地見込み)は、この{count}か月を前後の年の同じ月の平均の水準にして測っています。前年実績(基準)は実績のままです",
        "en": "the quantity per order (quantity ÷ orders) in {first} – {last} ({count} months) was {before} on the same months a year before and {after} the year after, {size} against the years either side (reps holding {share} of the team's orders had the same swing): taken as a one-off swing such as a warm winter or a supply shortage. The trends, the team's strong-year growth, how much the levers move, their ceilings and the month pattern (each month's target and the landing) are measured with those months at the mean of the same months a year before and after; the baseline is as booked",
    },
    # The Attainment's year row of churn and retention: annualised over the working days gone
    # (core.measure.summarize; trial 42 L4).
    "label.annualized": {"ja": "(年換算)", "en": " (annualised)"},
    # An unknown kind word that holds a known one (validation.words.contained_kind; trial 42
    # L5: 圃場巡回 holds 巡回, a visit): the Words row it likely needs.
    "kind_contains_hint": {
        "ja": "。「{value}」は「{word}」を含みます。{kind}にあたるなら、「{kind_column}」に「{kind}」と入れた1行で読めます",
        "en": ". '{value}' contains '{word}': if it is a {kind}, one row with '{kind}' under '{kind_column}' reads it",
    },
    # Why repeated order lines were not counted (validation.tables.duplicate_reason, the
    # "reason" of duplicate_rows; trial 42 L6: beside the row that counts equal lines inside a
    # slip, the two read as a contradiction).
    "duplicate_rows.pasted": {
        "ja": "。伝票(同じ受注番号)の行がすべて同じ回数ずつ繰り返されているため、伝票ごとの貼り付けの重複とみなしました(伝票の一部の行だけが同じなら、同じ単価・数量の別商品として数えます)",
        "en": ". Every line of those slips (one order number) repeats as often, so the slip was read as pasted twice (equal lines in only part of a slip are counted, as other products at one price and quantity)",
    },
    "duplicate_rows.setting": {
        "ja": "。受注番号のない同じ内容の行は、設定「同一内容の受注行」が drop のため数えていません",
        "en": ". Identical lines without an order number are not counted because IdenticalOrderLines is drop",
    },
    # cli backtest: --year N where the company names years by their end (trial 42 L3).
    "backtest.year_named": {
        "ja": "--year {year} は {first} 開始の {name} です(--year には年度の始まる年を入力します)。{meant_name} なら --year {meant}",
        "en": "--year {year} is {name}, starting {first} (--year takes the year a fiscal year starts in); for {meant_name} type --year {meant}",
    },
    # A 税込 amount header whose 内税 lines a 税区分 column netted (validation.tax.add_netted;
    # trial 42 H1): the amounts are 税抜, the labels carry no 税込 mark.
    "amount_tax_header_netted": {
        "ja": "列名は「{column}」ですが、税区分(列「{tax_column}」)が内税の行は税抜にしたので、KGI・基準売上・着地見込み・目標はすべて税抜です。KGI も税抜(会計の売上高と同じ)で入力してください",
        "en": "the column is named '{column}', but the lines whose tax class (column '{tax_column}') is tax-included were netted, so the KGI, baseline, landing and targets are all tax-excluded: type the KGI tax-excluded too (as net sales in the books)",
    },
    # --- fixa42 (session 38): a large account up to twice its level or more, said as a
    # multiple (約2.5倍, not 約15割増; core.account_step.AccountStep.words).
    "account_step_up_times": {
        "ja": "{account} {name} が {month} から約{times}倍({change}、{rep}さんの顧客、増える前は売上の{share}): {kpi}の動きの大半。毎年の傾向にはしていません(この増加でチームの{kpi}は{effect}。その分の年 {part} を傾向から外し、基準期間のうち増える前の月の分 {carry} を目標に含めました。{kpi}の傾向は{trend}です)",
        "en": "{account} {name} is up to about {times} times its level from {month} ({rep}'s account, {share} of revenue before): most of the movement of {kpi}. It is not read as a yearly trend (it moved the team's {kpi} by {effect}; its {part} a year is left out of the trend, and the baseline's months before it add {carry} to the target; the trend of {kpi} is {trend})",
    },
    "account_step_up_after_times": {
        "ja": "{account} {name} が {month} から約{times}倍({change}、{rep}さんの顧客、増える前は売上の{share}): {kpi}の動きの大半。毎年の傾向にはしていません(この増加でチームの{kpi}は{effect}。その分の年 {part} を傾向から外しました。基準期間はすべて増えた後の月です。{kpi}の傾向は{trend}です)",
        "en": "{account} {name} is up to about {times} times its level from {month} ({rep}'s account, {share} of revenue before): most of the movement of {kpi}. It is not read as a yearly trend (it moved the team's {kpi} by {effect}; its {part} a year is left out of the trend; the baseline's months are all after it; the trend of {kpi} is {trend})",
    },
    # A like-for-like price step whose split into products that moved and the rest was not
    # read (_whole), or where every product moved (_all: no 'the rest' clause;
    # core.price_index.step_code).
    "price_step_products_whole": {
        "ja": "価格改定 {month} {size}(同じ商品どうしの比較で見つけました): 商品コード(なければ商品名)と数量のある受注明細で、同じ商品の単価(金額÷数量、月ごとの中央値)を前月と比べると、{month}に{size}変わり({products}品目の売上で重み付けした平均)、その後も新しい水準が続いています。ほかの月の動きはふだん ±{noise} 程度で、一度の価格改定とみなす目安({min}以上、ふだんの動きの{times}倍以上、その後の1年も半分以上保たれること)を超えています。取引単価(金額÷受注数)は売れる商品の組み合わせでも大きく動くため、同じ商品どうしで比べています。一度きりの価格改定として、基準期間{months}か月のうち改定前の{old}か月を新しい価格に揃え({carry})、毎年の伸びとしては繰り返しません。{kpi}の傾向は{trend}です(改定を分けずに過去1年ごとの伸びから読めば{replaced})。実際の改定の月や幅が違う場合は、設定シートの「価格改定の月」(PriceRevisionMonth)と「価格改定の幅」(PriceRevisionPct)に入力してください(入力した値を優先します)",
        "en": "price revision of {size} in {month} (found comparing each product with itself): on the order lines with a product code (else a product name) and a quantity, each product's price per unit (amount ÷ quantity, its median in the month) against the month before changed by {size} in {month} (the revenue-weighted mean of {products} products) and stayed at the new level. In the other months it usually moves by about ±{noise}; a one-off revision is a change of at least {min}, at least {times} times that usual movement, and at least half of it still there over the following year, which this is. The unit price (revenue ÷ orders) also moves a lot with the mix of products sold, so each product is compared with itself. Taken as a one-off revision: the {old} of the baseline's {months} months before it are brought to the new prices ({carry}), and it is not repeated as a yearly rise. The trend of {kpi} is {trend} ({replaced} read from the past years' changes with the revision left in). If the real revision's month or size differs, type them on Settings (PriceRevisionMonth, PriceRevisionPct): what you type is used instead",
    },
    "price_step_products_all": {
        "ja": "価格改定 {month} {size}(同じ商品どうしの比較で見つけました): 商品コード(なければ商品名)と数量のある受注明細で、同じ商品の単価(金額÷数量、月ごとの中央値)を前月と比べると、{month}に{size}変わり({products}品目すべてが動き、売上で重み付けした平均{size})、その後も新しい水準が続いています。ほかの月の動きはふだん ±{noise} 程度で、一度の価格改定とみなす目安({min}以上、ふだんの動きの{times}倍以上、その後の1年も半分以上保たれること)を超えています。取引単価(金額÷受注数)は売れる商品の組み合わせでも大きく動くため、同じ商品どうしで比べています。一度きりの価格改定として、基準期間{months}か月のうち改定前の{old}か月を新しい価格に揃え({carry})、毎年の伸びとしては繰り返しません。{kpi}の傾向は{trend}です(改定を分けずに過去1年ごとの伸びから読めば{replaced})。実際の改定の月や幅が違う場合は、設定シートの「価格改定の月」(PriceRevisionMonth)と「価格改定の幅」(PriceRevisionPct)に入力してください(入力した値を優先します)",
        "en": "price revision of {size} in {month} (found comparing each product with itself): on the order lines with a product code (else a product name) and a quantity, each product's price per unit (amount ÷ quantity, its median in the month) against the month before changed by {size} in {month} (all {products} products moved; the revenue-weighted mean, {size}) and stayed at the new level. In the other months it usually moves by about ±{noise}; a one-off revision is a change of at least {min}, at least {times} times that usual movement, and at least half of it still there over the following year, which this is. The unit price (revenue ÷ orders) also moves a lot with the mix of products sold, so each product is compared with itself. Taken as a one-off revision: the {old} of the baseline's {months} months before it are brought to the new prices ({carry}), and it is not repeated as a yearly rise. The trend of {kpi} is {trend} ({replaced} read from the past years' changes with the revision left in). If the real revision's month or size differs, type them on Settings (PriceRevisionMonth, PriceRevisionPct): what you type is used instead",
    },
    # The Review's main lever when the team's best does no better than the rep by
    # core.review MODEL_MARGIN (trial 43 M2): no colleague named; ``above`` when his target is
    # above what anyone on the team reaches now.
    "review.finding.main_near_best_above": {
        "ja": "差の主因。実績はチーム最高({value})と同水準で、目標({target})はチームの誰の今の実績も上回っています",
        "en": "explains most of the gap; level with the team's best ({value}), the target ({target}) is above what anyone on the team reaches now",
    },
    "review.finding.main_near_best_level": {
        "ja": "差の主因。実績はチーム最高({value})と同水準です(はっきり上回る同僚はいません)",
        "en": "explains most of the gap; level with the team's best ({value}) (no colleague does clearly better)",
    },
    "action.behind_pace_lever_near_best": {
        "ja": "差の主因は{lever}です(実績 {actual} / 目標 {target}、売上への影響 {contribution})。実績はチーム最高({best_value})と同水準なので、訪問計画の前倒しで取り戻してください",
        "en": "most of the gap is {lever} (actual {actual} vs target {target}, {contribution} of revenue); level with the team's best ({best_value}), so bring visits forward",
    },
    # Trial 43 L1: a date about a month ahead whose same day a month earlier has passed
    # (12/10 typed for 11/10): the month typo named, and how to put the visit in.
    "collect.month_typo": {
        "ja": "今日({today})より{ahead}日先の日付です(月の入力ミス? {earlier} の訪問では?)。まだ取り込みません: 月の入力ミスなら、返送ファイルの日付を {earlier} に直して送り直すか、訪問シートに正しい日付で直接入力してください(直さずに {day} 以降にこのファイルを回収すると {day} の訪問として入ります)。予定を先に入力したのなら、訪問した日以降に送り直したファイルから取り込みます",
        "en": "dated {ahead} days after today ({today}) (a mistyped month? a visit on {earlier}?): not collected yet. If the month is mistyped, correct the date to {earlier} in the returned file and send it again, or type the visit on Visits with the right date (left as it is, this file collected on or after {day} puts the visit in on {day}). If it is a visit typed in advance, it is taken from the file sent again after that day",
    },
    # Trial 43 L2: where a route visit already on the sheet came from, when the book tells.
    "collect.same_visit_collected": {
        "ja": "{day} の顧客 {account} への訪問は、このファイルの {row} 行目から前回の回収で取り込み済みのため、同じ訪問として取り込みませんでした(メモは返送ファイルに残っています)",
        "en": "this visit to {account} on {day} was collected from this file's row {row} by an earlier collect: the same visit, not collected again (its memo stays in the returned file)",
    },
    "collect.same_visit_sheet": {
        "ja": "{day} の顧客 {account} への訪問は{sheet}シートにすでにあるため(前回までの回収で取り込んだ行)、同じ訪問として取り込みませんでした(メモは返送ファイルに残っています)",
        "en": "the {sheet} sheet already has this rep's visit to {account} on {day} (collected earlier): the same visit, not collected again (its memo stays in the returned file)",
    },
    # Trial 43 M3: a rep's important accounts piling up overdue (core.flags
    # overdue_pile_flags), from the Daily list's own deadlines, in its calendar days.
    "flag.important_overdue": {
        "ja": "{rep}さんの重要顧客 {count} 件が訪問間隔を {days}日超過しています(前回訪問から通常の間隔の{times}倍以上、影響額 計 {stake}): {top}",
        "en": "{count} of {rep}'s important accounts are {days} days overdue (last visit {times} or more usual intervals ago; {stake} at stake in all): {top}",
    },
    "flag.important_overdue_one": {"ja": "{name} {days}日超過", "en": "{name} {days} days"},
    "flag.important_overdue_more": {"ja": " ほか {n} 件", "en": " and {n} more"},
    "action.important_overdue": {
        "ja": "{rep}さんと Daily の訪問リストどおりに回れているか確認し、{name} から訪問の予定を入れてください",
        "en": "check with {rep} whether the Daily list is being followed, and book a visit to {name} first",
    },
    # Info (dedup44): a returned call/attempt/meeting row the visits source holds too, by
    # recalc's key (validation.same_visit.logged_key): not collected, counted once.
    "collect.same_row_source": {
        "ja": "{day}・顧客 {account}・{kind}・結果 {outcome} の行は、{source}(と「{sheet}」シート)にすでに {held} 行あり(この訪問入力では {rows} 行)、同じ行として取り込みませんでした(recalc は {held} 行と数えます。メモは返送ファイルに残っています)",
        "en": "{source} (with the {sheet} sheet) already holds {held} rows for {day}, account {account}, {kind}, outcome {outcome}, no fewer than this log's {rows}: the same rows, not collected again (recalc counts {held}; the memo stays in the returned file)",
    },
    # Info (dedup44): this log holds more such rows than the source: all go on the sheet.
    "collect.same_row_source_kept": {
        "ja": "{day}・顧客 {account}・{kind}・結果 {outcome} の行は {source} に {held} 行、この訪問入力に {rows} 行あります。{source} にある行も含めて「{sheet}」シートに入れ、recalc は {rows} 行と数えます({source} の {held} 行はその中に含みます)",
        "en": "{source} holds {held} rows for {day}, account {account}, {kind}, outcome {outcome}; this log has {rows}: they all go on the {sheet} sheet, and recalc counts {rows} ({source}'s {held} among them)",
    },
    # small44: KPI_CEILING of a lower-is-better KPI (churn) says what the Targets sheet says —
    # no ceiling (根拠上限 blank), the evidence floor in words — instead of a bare number.
    "udf.floor_not_ceiling": {
        "ja": "{kpi}は低いほど良いKPIのため根拠上限はありません。根拠の下限(最良)は {floor}",
        "en": "{kpi}: lower is better, so no evidence ceiling; the evidence floor (the best) is {floor}",
    },
    "udf.no_ceiling": {
        "ja": "{kpi}は低いほど良いKPIのため根拠上限はありません",
        "en": "{kpi}: lower is better, so no evidence ceiling",
    },
    # small44: a large account down 95% or more (core.account_step STOPPED) said as almost
    # stopping (ほぼ取引停止(-97%)), not 「約10割減」 while it still orders.
    "account_step_down_stop": {
        "ja": "{account} {name} が {month} からほぼ取引停止({change}、{rep}さんの顧客、減る前は売上の{share}): {kpi}の動きの大半。毎年の傾向にはしていません(この減少でチームの{kpi}は{effect}。その分の年 {part} を傾向から外し、基準期間のうち減る前の月の分 {carry} を目標に含めました。{kpi}の傾向は{trend}です)",
        "en": "{account} {name} has almost stopped ordering from {month} ({change}; {rep}'s account, {share} of revenue before): most of the movement of {kpi}. It is not read as a yearly trend (it moved the team's {kpi} by {effect}; its {part} a year is left out of the trend, and the baseline's months before it add {carry} to the target; the trend of {kpi} is {trend})",
    },
    "account_step_down_after_stop": {
        "ja": "{account} {name} が {month} からほぼ取引停止({change}、{rep}さんの顧客、減る前は売上の{share}): {kpi}の動きの大半。毎年の傾向にはしていません(この減少でチームの{kpi}は{effect}。その分の年 {part} を傾向から外しました。基準期間はすべて減った後の月です。{kpi}の傾向は{trend}です)",
        "en": "{account} {name} has almost stopped ordering from {month} ({change}; {rep}'s account, {share} of revenue before): most of the movement of {kpi}. It is not read as a yearly trend (it moved the team's {kpi} by {effect}; its {part} a year is left out of the trend; the baseline's months are all after it; the trend of {kpi} is {trend})",
    },
    # --- review44 (session 39): the visit-measured KPIs (core.review VISIT_MEASURED) through
    # the last typed visit on the Review, the Attainment and the Dashboard alike.
    # The Review's second title row, its finding column: which rows run to which day.
    "review.two_dates_rows_of": {
        "ja": "{kpis}は{visits}まで(目標も同日)、他の行は{orders}まで",
        "en": "{kpis} to {visits} (targets too); others to {orders}",
    },
    # … and, the visit frequency among them, a row under it: its yen are the revenue split's.
    "review.two_dates_lever_yen": {
        "ja": "{lever}の売上差への寄与(円)は{orders}までの売上の差の内訳です",
        "en": "{lever}: its yen split the revenue gap to {orders}",
    },
    # The Dashboard's title: which KPIs run to the last visit (the KPI table and the charts).
    "dash.two_dates_of": {
        "ja": "受注は{orders}まで、訪問は{visits}まで({kpis}は{visits}まで、他は{orders}まで)",
        "en": "orders through {orders}, visits through {visits} ({kpis} to {visits}; others to {orders})",
    },
    # An Attainment KPI measured to the last visit, after its label on the year's row and the
    # months not over by the last order: 「訪問件数({day}まで)」.
    "label.through": {"ja": "({day}まで)", "en": " (to {day})"},
    # The KPI labels' separator in the lists above.
    "list.kpi_sep": {"ja": "・", "en": ", "},
    # robust44 (session 39): price_same_months with the pace's rule said in one sentence (the
    # months' mean change, the highest and the lowest each held to the next one:
    # core.levers.same_month_trend); a revision among the months is said as price_step.
    "price_same_months_held": {
        "ja": "取引単価: 履歴が2年に満たないため、前年同月と比べられる{months}か月で単価の動きを見ました。各月の前年同月比の平均で年{pace}です(いちばん高い月といちばん低い月は、それぞれ次に高い月・低い月と同じ値として数えます。大口の注文などで一か月だけ飛び抜けても傾向にはなりません)。月ごと・担当者ごとのばらつきに対してはっきりしている分だけ、年{carried}を単価の傾向として計画に入れています(全チームがそろって毎月同じ向きに動いた値上げほど、そのまま入ります)。これが毎年の伸びではなく一度きりの価格改定なら、設定の「価格改定の月」「価格改定の幅(%)」に入力してください。新しい水準として引き継ぎ、毎年の伸びとしては繰り返しません",
        "en": "unit price: the history is under two years, so the price's movement was read on the {months} months that have the same month a year before: {pace} a year, the mean of their changes with the highest counted as the second highest and the lowest as the second lowest (one month's large order is no trend). As far as it stands out from the months' and the reps' scatter, {carried} a year is carried as the unit-price trend (a price the whole team moved the same way month after month is carried nearly whole). If it was a one-off price revision rather than a yearly rise, enter it on Settings (Price revision month and size): it is then carried as a new level, not repeated every year",
    },
    # tax44 (trial 44 H2): a 税込 amount header whose 税区分 names each line's rate (酒類 10%,
    # 飲料 軽減8%, 非課税): every line divided by 1 + its rate, in one line that takes the
    # header's 税込 line's place (validation.tax.netted_check); {rates} is "10%: 1,234 / 8%: 56".
    "tax_netted_by_class": {
        "ja": "金額の列「{amount}」は税込のため、税区分(列「{column}」)の税率で各行を1+税率に割って税抜にしました(税率ごとの行数 {rates}、計{lines}行、金額 {gross} から税 {tax} を除いています)。KGI・基準売上・着地見込み・目標はすべて税抜です。KGI も税抜(会計の売上高と同じ)で入力してください",
        "en": "the amounts (column '{amount}') are tax-included, so each line was divided by 1 + the rate its tax class names (column '{column}'; lines per rate {rates}, {lines} in all: {tax} of tax taken out of {gross}). The KGI, baseline, landing and targets are all tax-excluded: type the KGI tax-excluded too (as net sales in the books)",
    },
    # Class values under a 税込 header that name no rate and no word (validation.tax
    # .unknown_class_check): nothing netted (info), or part netted (_mixed, a warning).
    "tax_class_not_understood": {
        "ja": "金額の列「{amount}」は税込ですが、税区分(列「{column}」)の値 {values}(全{kinds}種類、{lines}行)からは税率が読めないため、金額は税込のまま読みました。値に税率(10%、軽減8%、非課税)か内税・外税が入っていれば、行ごとに税抜にします",
        "en": "the amounts (column '{amount}') are tax-included, but no rate could be read from the tax class values {values_en} (column '{column}'; {kinds} values, {lines} lines): the amounts were kept tax-included. A class naming the rate (10%, 8% reduced, exempt) or tax-included / excluded nets each line",
    },
    "tax_class_not_understood_mixed": {
        "ja": "税区分(列「{column}」)の値 {values}(全{kinds}種類)の{lines}行(金額 {yen})は税率が読めないため、税込のまま読んでいます(ほかの行は税抜にしました)。その分だけ売上が高く出ます。値に税率(10%、軽減8%、非課税)を入れてください",
        "en": "the {lines} lines ({yen}) whose tax class (column '{column}') is {values_en} ({kinds} values) name no rate: they were kept tax-included while the other lines were netted, so revenue runs high by their tax. Put the rate (10%, 8% reduced, exempt) in those values",
    },
    # A KGI below the 税込 baseline by about a tax rate's worth (validation.tax.tax_kgi_check):
    # likely typed 税抜 from the books.
    "kgi_tax_excluded_maybe": {
        "ja": "金額は税込です(列「{column}」)。KGI {kgi} は基準売上(税込){baseline} 比 {change} です。KGI が税抜(会計の売上高)なら、税込に直して ×1.08〜1.10({reduced}〜{standard})で入力してください。税抜のままでは伸びが税の分だけ低く読まれ、目標・達成率・着地見込みの判断がずれます(税込の KGI で前年を下回る計画なら、このままで構いません)",
        "en": "the amounts are tax-included (column '{column}'). The KGI {kgi} is {change} on the tax-included baseline {baseline}. If the KGI is tax-excluded (net sales in the books), type it tax-included: ×1.08–1.10 ({reduced}–{standard}). Left tax-excluded, the growth reads low by the tax, and the targets, attainment and landing are judged against too low a KGI (if it is a tax-included KGI planned below last year, leave it)",
    },
    # Trial 52 M9: the export's 金額(税抜) read, its 金額(税込) not (validation.tables.header_notes):
    # a revenue basis, said plainly (not 「同じ項目」).
    "amount_net_read_gross_beside": {
        "ja": "金額は列「{read}」の税抜で読みました(会計の売上高と同じ)。列「{column}」は同じ売上の税込の金額のため読みません。KGI・基準売上・着地見込み・目標はすべて税抜です。KGI も税抜で入力してください(請求額など税込の数字から決めたなら 1.10 で割ります)",
        "en": "the amounts were read net of tax from column '{read}' (as the books' net sales); column '{column}' holds the same sales including tax and is not read. The KGI, the baseline, the landing and the targets are all net of tax: type the KGI net of tax too (divide by 1.10 if it came from tax-included figures such as invoices)",
    },
    # Trial 52 M9: the 税抜 column read beside a 税込 one, and the KGI a stretch that ÷1.10
    # is an ordinary plan (validation.tax.tax_kgi_check): was it typed 税込?
    "kgi_tax_included_maybe": {
        "ja": "金額は税抜です(列「{read}」。列「{column}」の税込は読みません)。KGI {kgi} は基準売上(税抜){baseline} 比 {change} ですが、基準売上を税込にすると {gross_baseline} です。KGI が税込(請求額など)から決めたものなら、1.10 で割って {net}(基準売上比 {net_change})を入力してください。税込のままでは伸びが税の分だけ高く読まれ、目標・実現可能性の判断がずれます(税抜でこの伸びを計画しているなら、このままで構いません)",
        "en": "the amounts are net of tax (column '{read}'; the tax-included column '{column}' is not read). The KGI {kgi} is {change} on the net baseline {baseline}; the baseline including tax is {gross_baseline}. If the KGI came from tax-included figures (invoices), divide it by 1.10 and type {net} ({net_change} on the baseline). Left tax-included, the growth reads high by the tax, and the targets and the feasibility are judged against too high a KGI (if this growth is planned net of tax, leave it)",
    },
    "dash.kgi_tax_included_maybe": {
        "ja": "。注意: 金額は税抜ですが、KGI {kgi} は基準売上(税抜){baseline} 比 {change} です(税込の基準売上は {gross_baseline})。KGI が税込なら 1.10 で割って {net}(基準売上比 {net_change})を入力してください(チェックシート参照)",
        "en": ". Note: the amounts are net of tax, but the KGI {kgi} is {change} on the net baseline {baseline} (including tax: {gross_baseline}). If the KGI includes tax, divide it by 1.10 and type {net} ({net_change} on the baseline; see the Checks sheet)",
    },
    # Trial 44 H3: an optional input sheet without a required column (the SFA's 活動日時 not
    # read as the date): all its rows are unused, said with their count, not as one error.
    "missing_column_rows": {
        "ja": "必須の列「{column}」が見つかりません(見出しを確認してください)。{sheet} の {count} 行すべてを使えませんでした",
        "en": "required column '{column}' not found (check the header row): none of the {count} rows of {sheet} could be used",
    },
    "recalc.sheet_unused": {
        "ja": "{sheet} の {count} 行すべてを使えませんでした(必須の列「{column}」が見つかりません。チェックシートを参照)",
        "en": "none of the {count} rows of {sheet} could be used (required column '{column}' not found; see the Checks sheet)",
    },
    # Trial 44 M1: an SFA's outcome word (商談化, 情報収集) given its meaning on the Words sheet
    # instead of edited in the export every month.
    "unknown_outcome_rows": {
        "ja": "「{value}」は列「{field}」の値として判別できません({times}行: {rows}行目)。使える値 — {choices}。自社の言葉なら、シート「{words_sheet_ja}」に1行(「{word_column_ja}」に「{value}」、「{kind_column_ja}」に成功・失敗・検討中のどれにあたるか)を足せば、エクスポートはそのままで読みます(この値は使わず、行は使用します)",
        "en": "'{value}' is not a known value for column '{field}' ({times} rows: row {rows}); accepted — {choices_en}. If it is your company's word, add one row to the '{words_sheet_en}' sheet ('{value}' under '{word_column_en}', and whether it means won, lost or open under '{kind_column_en}') and the export is read as it is (the value is ignored, the rows are used)",
    },
    "words_unknown_meaning": {
        "ja": "「{value}」はroutekpiの種別・結果ではありません({times}行: {rows}行目)。種別なら訪問・アポ・商談・連絡、訪問の結果なら成功・失敗・検討中のどれかを入力してください(これらの行は使用しません)",
        "en": "'{value}' is not one of routekpi's kinds or outcomes ({times} rows: row {rows}); type visit, appointment, meeting or contact for a kind, won, lost or open for an outcome (these rows are skipped)",
    },
    "row_reason.words_unknown_meaning": {
        "ja": "routekpiの種別・結果でない",
        "en": "not one of routekpi's kinds or outcomes",
    },
    # Trial 44 M4: a Reps row whose name no rep of the history has (its e-mail and branch
    # reach nobody); names are matched ignoring width and spaces (佐藤　健一 = 佐藤 健一).
    "reps_row_unmatched": {
        "ja": "受注・訪問・顧客のどのシートにもない担当者です(全角・半角やスペースの違いは同じ担当者として読みます)。この行のメールアドレスと営業所はどの担当者にも使われません。表記が違うなら揃えてください(まだ記録のない新任の担当者なら、このままで構いません)",
        "en": "no rep on Orders, Visits or Accounts has this name (width and spaces are ignored when names are matched): this row's e-mail address and branch reach nobody. If the name is spelled differently there, make them match (a new rep with no records yet can stay as is)",
    },
    # Trial 44 H1: a departed rep's visit-only codes that never ordered and are not on the
    # Accounts sheet are prospects, not customers nobody holds: one line, no rows to type.
    "reps_departed_prospects": {
        "ja": "辞めた担当者の見込み客 {count} 件({reps})は、受注がなく顧客シートにもない訪問先のため、担当者の分からない顧客には含めていません(入力は不要です)。その訪問・アポ・商談は本人の営業活動としてチームの合計に含みます",
        "en": "{count} prospects of reps who have left ({reps}) — visited, never ordering and not on the Accounts sheet — are not counted as customers nobody holds (nothing to type): their visits, calls and meetings stay the departed rep's prospecting, in the team's totals",
    },
    # A rep building his book (core.daily.YOUNG_AFTER_DAYS, trial 44 L9): his daily limit
    # from his last 3 months, not his 12 (most of them with a handful of accounts).
    "daily.young_cap": {
        "ja": "1日の訪問上限 {capacity}件は直近3か月の実績から(担当を始めて1年未満で担当先が増えている途中のため。12か月の実績では {year}件)",
        "en": "Daily visit limit {capacity} from the last 3 months' visits (started less than a year ago, his book still growing; the 12 months' record gives {year})",
    },
    # A one-off price step found before the baseline (core.baselines, trial 44 L1): the baseline
    # is all at the new prices; said in one line so a manager who knows of it finds it.
    "price_step_before": {
        "ja": "{month} の価格改定({size})は基準期間より前で、基準はすべて新価格です。毎年の伸びとしては繰り返さず、{kpi}の傾向は改定を除いて{trend}です(改定を分けずに過去1年ごとの伸びから読めば{replaced})",
        "en": "the price revision of {size} in {month} is before the baseline period: the baseline is all at the new prices. It is not repeated as a yearly rise; the trend of {kpi} without it is {trend} ({replaced} read from the past years' changes with it left in)",
    },
    # land44 (trial 44 L4): a book younger than 12 months is paced on its last complete
    # months (core.landing.NEW_BOOK_MONTHS), its level now, not its average since it began.
    "plan.landing_young_pace": {
        "ja": "。担当先を作り始めて1年に満たない担当者({reps})は、これまでの平均ではなく最後の{months}か月の確定月のペース(いまの水準)",
        "en": "; reps whose book is under a year old ({reps}): the pace of their last {months} complete months (their level now), not their average since they began",
    },
    # land44 (trial 44 L4): a newcomer's cover says what his target is made of (the Plan's
    # rep line without its growth percentages: render.rep_rows' parameters).
    "share.cover_target_made_of": {
        "ja": "目標の成り立ち: 獲得した顧客を獲得前の月も含め12か月分で数えた {counted} を配分の基準に、期首にすでに持っている顧客の分はそのまま(×{hand})、残りは半分(×{half}){end}を見込み、全員共通の倍率 ×{common} を掛けた額です{capped}",
        "en": "what the target is made of: {counted}, your won accounts counted for 12 months (their months before the win too), is the split's base; the accounts you held at the start count in full (×{hand}), the rest by half (×{half}){end}, times everyone's common factor ×{common}{capped}",
    },
    "share.cover_target_made_of_end": {
        "ja": "、顧客あたりの売上は基準期間の最後の水準(×{end})",
        "en": ", sales per account at the baseline's last level (×{end})",
    },
    "share.cover_target_made_of_capped": {
        "ja": "(上限 {ceiling} で頭打ち)",
        "en": " (held at its ceiling {ceiling})",
    },
    # --- wave44: a one-off wave of closures out of the churn and the record (core.shock) ---
    "churn_shock": {
        "ja": "閉店の多かった{year}: 解約率(保有顧客1社・1年あたり){rate}は他の年の中央値{usual}の{times}倍でした。一度きりの波として、計画の解約率は他の年の率で読み(その年の解約のうち約{excess}件を超過分とみなしました)、前年比(傾向・好調な年・上限)はその超過分の解約がなかったものとして読みました(履歴の前年比の多くがこの年を含むため、そのままでは好調な年も上限も低く出ます)",
        "en": "{year} had many closures: its churn (per account-year held) of {rate} was {times} times the other years' median {usual}. Taken as a one-off wave: the plan's churn reads the other years' rate (about {excess} of that year's losses counted as excess), and the year-on-year changes (trend, strong year, ceiling) are read as if those excess losses had not happened (most of the history's year-on-year windows span that year: read as they are, the strong year and the ceiling would come out low)",
    },
    # --- wave44: a book under a year old: its revenue ceiling from its levers (targets.young_books) ---
    "young_book_ceiling": {
        "ja": "{rep}の担当顧客は始めて{months}か月で、前年比の実績がありません。売上の上限は前年比の上限(¥{bound})ではなく、各レバーの上限の積で読みました: 顧客数は本人の獲得ペース(年{wins}件)から平均{accounts}社、顧客あたりの受注は上限まで → ¥{ceiling}",
        "en": "{rep}'s book is {months} months old: no year-on-year change of its own. His revenue ceiling is his levers' ceilings together, not the year-on-year bound (¥{bound}): accounts at his own pace of winning ({wins} a year), {accounts} on average, each buying at its levers' ceilings → ¥{ceiling}",
    },
    # The Review of a book planning next year, before that year starts (trial 44 L3): where the
    # running year's review is, beside 「review.empty」 (its 所見 column, wrapped). {running}: the running fiscal year as the book names it;
    # {year}: what PlanYear takes for it (the year it starts in).
    "review.empty_running": {
        "ja": "今年度({running})の振り返りは、計画年度を {year} にしたブックで見られます(このブックをコピーし、設定シートの計画年度を {year}、KGI を今年度の目標にして再計算)",
        "en": "The running year's ({running}) review is in a book whose PlanYear is {year} (copy this book, set PlanYear to {year} and KGI to this year's goal, and recalculate)",
    },
    # Under the Dashboard's bridge when it has the rep-mix bar (trial 44 L5: the bar was
    # explained nowhere near it; Plan 「plan.mix」 is the same factor).
    "dash.bridge_mix_note": {
        "ja": "※ 担当者構成の変化 = 退職・新任の担当者とその顧客、単価・頻度の違う担当者への伸びの偏り",
        "en": "* Rep mix change = reps who left or joined, their accounts, growth on reps with other prices",
    },
    # The important-account pile with the rep's leave left out of its days (core.flags
    # overdue_pile_flags, fix44): the Daily's 訪問間隔超過 counts them, so the flag says so.
    "flag.important_overdue_leave": {
        "ja": "{rep}さんの重要顧客 {count} 件が訪問間隔を {days}日超過しています(休暇中の日数を除く。前回訪問から通常の間隔の{times}倍以上、影響額 計 {stake}): {top}",
        "en": "{count} of {rep}'s important accounts are {days} days overdue, leave days not counted (last visit {times} or more usual intervals ago; {stake} at stake in all): {top}",
    },
    "flag.important_overdue_one_leave": {
        "ja": "{name} {days}日超過(休暇 {leave}日を除く)",
        "en": "{name} {days} days ({leave} days of leave not counted)",
    },
    # dash45 (session 39): between the Dashboard's title and its two-dates part (rev44: the
    # English title had the Japanese 「・」).
    "dash.title_sep": {"ja": " ・ ", "en": " — "},
    # collect into a book whose Visits sheet is a pasted export (paste45, trial 44 L8): the
    # rows go to the collected-visits sheet, which recalc reads beside the pasted sheet.
    "collect.summary_collected_pasted": {
        "ja": "「{sheet}」シートに {added} 行を追加しました(重複 {duplicates} 行は追加していません){recalc}。「{source}」シートの見出しがテンプレートと違うため貼り付けたエクスポートとみなし、回収した訪問はエクスポートを貼り直しても消えないよう「{sheet}」シートに置きました。recalc は「{source}」シートと合わせて読みます(貼り直したエクスポートにもある訪問は1回と数えます)",
        "en": "{added} rows added to the {sheet} sheet ({duplicates} duplicates skipped){recalc}. The {source} sheet's header is not the template's, so it was taken for a pasted export: collected visits are kept on the {sheet} sheet, where a new paste does not reach them, and recalc reads them with the {source} sheet (a visit the re-pasted export holds too counts once)",
    },
    # small46 (session 39's note): the KGI a tax rate below the 税込 baseline
    # (kgi_tax_excluded_maybe) said on the Dashboard's banner too, after its first sentence.
    "dash.kgi_tax_excluded_maybe": {
        "ja": "。注意: 金額は税込ですが、KGI {kgi} は基準売上(税込){baseline} 比 {change} です。KGI が税抜(会計の売上高)なら、税込 ×1.08〜1.10({reduced}〜{standard})で入力してください(チェックシート参照)",
        "en": ". Note: the amounts are tax-included, but the KGI {kgi} is {change} on the tax-included baseline {baseline}. If the KGI is tax-excluded (net sales in the books), type it tax-included: ×1.08–1.10 ({reduced}–{standard}; see the Checks sheet)",
    },
    # small46: 外税 lines under a 税込 amount header (validation.tax.excluded_check): the line's
    # class wins, its amount is already net and is not divided again; _all: every line so.
    "tax_excluded_class_kept": {
        "ja": "金額の列「{amount}」は税込ですが、税区分(列「{column}」)が外税・税抜の{lines}行(金額 {yen})は税抜の金額として、1+税率に割らずにそのまま読みました(税を二重に除かないため)",
        "en": "the amounts (column '{amount}') are tax-included, but the {lines} lines ({yen}) whose tax class (column '{column}') says tax-excluded were read as net amounts, not divided by 1 + the rate (the tax is not taken out twice)",
    },
    "tax_excluded_class_all": {
        "ja": "金額の列「{amount}」の見出しは税込ですが、税区分(列「{column}」)はすべての行({lines}行、金額 {yen})が外税・税抜のため、金額は税抜として割らずにそのまま読みました。KGI・基準売上・着地見込み・目標はすべて税抜です",
        "en": "the amount column '{amount}' says tax-included, but every line's tax class (column '{column}'; {lines} lines, {yen}) says tax-excluded: the amounts were read as net, not divided. The KGI, baseline, landing and targets are all tax-excluded",
    },
    # short46 (session 40): price_same_months_held where the months were read on the same
    # customers (core.levers.same_month_trend's ``like``): customers won and lost at other
    # prices moved the booked price; {booked} is the pace as booked that this replaced.
    "price_same_months_held_same": {
        "ja": "取引単価: 履歴が2年に満たないため、前年同月と比べられる{months}か月で単価の動きを見ました。帳簿上の単価(売上÷受注件数)は単価の違う顧客の獲得・解約で揺れていた(年{booked})ため、その月と前年同月の両方に注文のあった同じ顧客の単価で比べています。各月の前年同月比の平均で年{pace}です(いちばん高い月といちばん低い月は、それぞれ次に高い月・低い月と同じ値として数えます)。月ごと・担当者ごとのばらつきに対してはっきりしている分だけ、年{carried}を単価の傾向として計画に入れています。これが毎年の伸びではなく一度きりの価格改定なら、設定の「価格改定の月」「価格改定の幅(%)」に入力してください。新しい水準として引き継ぎ、毎年の伸びとしては繰り返しません",
        "en": "unit price: the history is under two years, so the price's movement was read on the {months} months that have the same month a year before. The booked unit price (revenue ÷ orders) swung with customers won and lost at other prices ({booked} a year), so each month is compared on the customers who ordered both in it and in the same month a year before: {pace} a year, the mean of their changes with the highest counted as the second highest and the lowest as the second lowest. As far as it stands out from the months' and the reps' scatter, {carried} a year is carried as the unit-price trend. If it was a one-off price revision rather than a yearly rise, enter it on Settings (Price revision month and size): it is then carried as a new level, not repeated every year",
    },
    # A Daily stop silent so long it may have closed (core.flags.long_silent; trial 45 M4).
    "daily.reason.check_closed": {
        "ja": "閉店・休業していないか確認を(電話でも可)",
        "en": "check it is still open (a call will do)",
    },
    # fix46a (trial 45 M7): rows typed on the Accounts sheet while Sources names the accounts'
    # file: a source replaces its sheet, so the rows (a closure a rep reported) are not read.
    "accounts_sheet_unread": {
        "ja": "「{sheet}」シートの {rows} 行は読んでいません: 顧客はデータソースシートの {source} から読んでいます(ソースを指定した入力はシートを読みません)。このシートに入力した解約日やメモは計算に入りません。反映するには {source} 側に入力するか、データソースシートの顧客の行を消して顧客全体をこのシートに貼り付けてください",
        "en": "The {rows} rows on the {sheet} sheet are not read: accounts are read from {source}, named on the Sources sheet (a named source replaces its sheet). End dates or notes typed on this sheet do not count: type them in {source}, or remove the Accounts row from Sources and paste every account on this sheet",
    },
    # fix46a (trial 45 L1/L6): one row for a check every stacked file repeats (a 合計 footer
    # and 返品 lines in each monthly export: 96 rows before the first warning), and one row
    # for many account codes the Accounts input lacks (each month's new salons).
    "stacked_checks_folded": {
        "ja": "{first}。縦につないだ {files} ファイルのそれぞれに同じ確認があり、この1行にまとめました: {each}",
        "en": "{first_en}. Each of {files} of the files read one under another had the same check, shown here once: {each_en}",
    },
    "unknown_account_many": {
        "ja": "顧客シートにない顧客コードが {count} 件あります(売上には含めます。新しい顧客なら顧客のシートまたはファイルに加えてください): {first}{more}",
        "en": "{count} account codes are not on the Accounts sheet (revenue still counted; add new accounts to the Accounts sheet or file): {first_en}{more_en}",
    },
    # fix46a (trial 45 L2): a wildcard on a Sources row (kikan/*.csv) reads every file it
    # matches, by name; one that matches nothing stops naming the row.
    "source_glob_matched": {
        "ja": "「{pattern}」に当たる {files} 個のファイルを、ファイル名の順に縦につないで読みました({first} … {last})。それぞれのファイルの行番号で確認しています",
        "en": "'{pattern}' matched {files} files, read one under another in file-name order ({first} … {last}); each is checked with its own line numbers",
    },
    "err.source_glob_none": {
        "ja": "データソースシート {row} 行目の {input} のソース「{source}」に当たるファイルがありません。フォルダとファイル名(* は任意の文字列)を確認してください",
        "en": "No file matches the {input} source '{source}' on Sources row {row}: check the folder and the file name (* stands for any text)",
    },
    # fix46b (trial 45 M2/M8): too few meetings logged to carry a win rate
    # (core.meetings.direct_wins): new accounts planned from appointments won, no meetings target.
    "plan.pipeline_direct_note": {
        "ja": "商談の記録が少ないため(前年 商談 {meetings}件・新規 {wins}件)、新規顧客数はアポ獲得から計画しました。新規獲得の目標 {n1}件を、アポ獲得からの新規獲得率(チーム {rate})で得るにはアポ獲得 {need}件{attempts}。商談数と商談成約率には目標を置いていません(商談の記録がこれだけでは率が読めないため)",
        "en": "Few meetings are logged (last year {meetings} meetings, {wins} new accounts), so new accounts are planned from appointments won: the new-accounts target {n1} needs {need} appointments at the team's {rate} new accounts per appointment won{attempts}. Meetings and the meeting win rate have no target (so few meetings carry no rate)",
    },
    "plan.pipeline_direct_attempts": {
        "ja": "。アポ打診 {a1}件(前年 {a0})は前年の件数のままで、必要なアポ獲得はアポ獲得率(チーム {appt})で得ます。アポ獲得率は必要なアポ獲得 ÷ アポ打診(通常の率を下限)で、上限の率でも足りない担当者だけ、足りない分のアポ打診を増やします",
        "en": ". Appointment attempts {a1} (last year {a0}) stay at last year's count, and the appointments needed come from the appointment rate (team {appt}): the appointments needed ÷ the attempts, never below the usual rate; only a rep whom even the rate's ceiling leaves short gets just the extra attempts he needs",
    },
    # Targets' reasons under core.meetings.direct_wins: meetings and their win rate, attempts.
    "basis.direct_meetings": {
        "ja": "目標なし: 商談の記録が少ないため、新規顧客数はアポ獲得から計画しました(計画シート「商談・アポ打診」参照)",
        "en": "no target: too few meetings are logged, so new accounts are planned from appointments won (Plan sheet, meetings and calls)",
    },
    "basis.direct_attempts": {
        "ja": "前年の件数(アポ獲得率の上限でも新規顧客数の目標に足りない場合だけ、足りない分を追加)",
        "en": "last year's count (more only when the new-accounts target needs more appointments than they give at the appointment rate's ceiling)",
    },
    # L5: a rep's rate target below his own last year because it is drawn toward the team's
    # (core.flows.credible_rates).
    "basis.rate_toward_team": {
        "ja": "本人の前年 {own} をチームの {team} に寄せた率です(担当者ごとの率の差は件数に比べて偶然の範囲が大きいため)",
        "en": "his {own} last year drawn toward the team's {team} (for the numbers of tries, most of the reps' differences are within chance)",
    },
    # apart46b (trial 45 M1): where the orders come apart from the visits (core.visit_days),
    # the bridge's and the Plan's orders-per-visit step is orders per account ÷ the visits,
    # not what a visit brings; visit frequency stays at its own trend.
    "plan.lever_apart": {
        "ja": "。受注は訪問とは別に来るため、顧客あたり受注数 ÷ 訪問頻度 として伸びを置いています",
        "en": ". Orders come apart from the visits: the growth is orders per account ÷ visit frequency",
    },
    "plan.lever_apart_visits": {
        "ja": "。受注は訪問とは別に来るため、これまでの動きのままで伸びは置いていません",
        "en": ". Orders come apart from the visits: kept on its own trend, with no growth beyond it",
    },
    # fix46c (trial 45 M6): the giver's cover, beside the taker's 「引き継いだ顧客」: the
    # accounts she handed over with their history, out of her 前年 (share.copies._given).
    # No colleague named: a rep's copy shows no other rep.
    "share.cover_given_away": {"ja": "渡した顧客", "en": "Accounts handed over"},
    "share.cover_given_value": {
        "ja": "担当替えで渡した顧客 {accounts} 件(前年 {revenue})は前年から除いています",
        "en": "left out of your last year: the {accounts} accounts you handed over (last year {revenue})",
    },
    # A Leave row left out that names a 代行者 (validation.leave.skipped_with_cover; trial 45 M9).
    "leave_rows_skipped_cover": {
        "ja": "休暇・不在シートの {rows} 行目を使用しませんでした(理由はチェックシートのその行)。{covered} 行目には代行者が入力されています: その休暇の間に代行者が受けた受注・訪問は休暇中の担当者の分に戻らず、代行者の実績と目標に入っています(担当者間で目標が動きます)。直して再計算してください",
        "en": "Leave sheet row {rows} was not used (the Checks row for it says why). Row {covered} names a cover: the orders and visits the cover booked during that leave are not counted back to the absent rep, they sit in the cover's actuals and target (targets move between reps). Fix it and recalculate",
    },
    # fix47 (fix46b's leftovers): a building rep's wins at his appointments won's pace when the
    # plan has no meetings stage (core.targets._direct_building_note; meetings.direct_wins).
    "building_wins_pace_direct": {
        "ja": "{rep}さんはまだ最初の担当先を作っている途中のため、新規顧客の目標 {new}件は、これまでのアポ獲得のペース(勤務した月から年換算)のアポ獲得 {won}件に、アポ獲得からの新規獲得率 {rate}(本人の基準期間はアポ獲得 {own_won}件で新規 {own_wins}件 = {own}。担当者ごとの差のうち偶然で説明できる分はチームの率に寄せています)をかけた数としました(商談の記録が少ないため、新規はアポ獲得から計画しています)。立ち上げ中の新規は持っている顧客の数ではなく新規開拓から生まれるためで、保有顧客あたりの通常のペースでは {usual}件になります。この獲得で担当顧客は期首 {start}件から期末 {end}件になり(年内の解約は新規分 {lost}件を含めて見込んでいます)、年間の月末平均は {book}件です。稼働顧客数の目標はこの平均を下回りません",
        "en": "{rep} is still building a first book: the new-accounts target {new} is the appointments won at the pace of the months worked ({won} a year) × the new accounts per appointment won, {rate} (his own in the baseline: {own_wins} of {own_won} appointments won = {own}; the part of the reps' differences chance explains is taken from the team's rate; too few meetings are logged, so new accounts are planned from appointments won). A newcomer's wins come from prospecting, not from the accounts held; the usual pace per account held gives {usual}. These wins take the book from {start} at the year's start to {end} at its end (the cancellations count {lost} of the new accounts lost again within the year), {book} on average over the month-ends: the active-accounts target is not below that average",
    },
    "dash.why_building_appointments": {
        "ja": "新任者のアポ獲得ペース分",
        "en": "newcomer's appointment pace",
    },
    # The Daily's prospecting row without a meetings pace (none planned: meetings.direct_wins,
    # or none left): the calls alone, not 「商談 0.0件」.
    "daily.reason.attempts": {
        "ja": "新規開拓: 1日あたりアポ打診 {attempts}件(新規顧客目標のペース)",
        "en": "prospecting: {attempts} appointment attempts a day (new-account target pace)",
    },
    # fix47 (trial 45 L8): a choice setting's value that is neither its key nor a Japanese
    # word for one (schema.SETTING_CHOICE_WORDS): the keys with their words.
    "unknown_choice_words": {
        "ja": "値を判別できません: {choices_ja} のいずれかを入力してください。英字・日本語のどちらでも読みます",
        "en": "unknown value; use one of {choices}",
    },
    # fix47 (trial 45 L3): after duplicate_rows.pasted, how to keep one item on two equal lines.
    "duplicate_rows.keep": {
        "ja": "。同じ商品・同じ数量の行が2行ある伝票も、行番号がなければ貼り付けの重複と区別できず1行と数えています。別々の行なら、行番号(明細番号)の列もいっしょに貼り付けてください: 行番号の違う行は両方数えます",
        "en": ". A slip with one item on two equal lines cannot be told from a slip pasted twice without line numbers and counts as one line; if they are separate lines, paste the line-number column (行番号) too: lines with different numbers are both counted",
    },
    # daily47 (trial 46 H3): visits typed after the last order by some reps (a returned
    # 訪問入力) and not by these (core.daily.DailyPlan.not_returned); before daily.assumed.
    "daily.not_returned": {
        "ja": "{after}より後の訪問がまだ入力されていないのは {names}({count}人)です。入力済みの人は実績のまま、この人たちの顧客は次の見込みで数えています",
        "en": "No visits after {after} are in yet for {names} ({count} reps): those who sent theirs are planned from them, these reps' accounts from the assumption that follows",
    },
    # daily47 (trial 46 M7): accounts with orders and never a visit in a book with visit
    # records (a 医療法人's billing code, a mail-order account) are left off the list.
    "daily.never_visited": {
        "ja": "受注はあっても訪問の記録が一度もない顧客 {count}件(請求先・本部・通販など)は、訪問する顧客ではないとみて一覧に入れていません。訪問するなら訪問の記録を1件入れてください",
        "en": "{count} accounts with orders but never a visit on record (billing codes, head offices, mail order): taken as not visited and left off this list. If you visit one, log one visit there",
    },
    # daily47 (trial 46 M5): a rep copy's visit plan, above his stops: the assumption his
    # 前回訪問 dates come from (core.daily.on_rhythm), with his own number of accounts.
    "share.daily_assumed": {
        "ja": "前回訪問の日付について: {first}〜{last} の訪問は入力されていないため、訪問間隔の分かるあなたの顧客 {count}件は、その間も通常の間隔で訪問したものとして期限を数えました。前回訪問の列はその見込みの日です(期限を過ぎていた顧客は {first})。実際と違う顧客は訪問入力で返してください",
        "en": "About the last-visit dates: no visits are in for {first} – {last}, so {count} of your accounts with a visit rhythm are counted as visited at their usual interval through those days; the last-visit column shows that expected day ({first} for one past its deadline). Where that is not what happened, send your actual visits in the visit log",
    },
    # wins47 (trial 46 M6): a building rep's cover said 「合わせて ×1.100」 beside +29.5%: the
    # revenue his new accounts add beyond his share of the KGI (Plan.lift) was on no line of it.
    "share.cover_lift": {
        "ja": "この目標は、全員共通の倍率と本人の見込みによるKGIの配分 {share}(前年比 {share_change})に、新規獲得で増える顧客の売上 {lift} を加えた額です(前年比 {change})。",
        "en": "This target is your share of the KGI from the common factor and your own heading, {share} ({share_change} on last year), plus {lift} of revenue from the accounts your new wins add ({change} on last year).",
    },
    # wins47 (trial 46 H1): the meetings the planned wins need at each rep's own win rate
    # (render._pipeline_rows), when that differs from the new accounts ÷ the team's rate.
    "plan.pipeline_note_by_rep": {
        "ja": "商談の目標 {m1}件(前年 {m0}、{change})。新規獲得の目標 {n1}件(前年 {n0})を担当者それぞれの成約率(チーム {win})で得るには商談 {need}件{rest}{attempts}",
        "en": "meetings target {m1} (last year {m0}, {change}). The new-accounts target {n1} (last year {n0}) needs {need} meetings at each rep's own win rate (team {win}){rest}{attempts}",
    },
    # wins47 (trial 46 H1/H2): how a rep's win rate is drawn toward the team's on the Plan's
    # meetings line (core.flows.credible_weight: k meetings at the team's rate added).
    "plan.pipeline_win_prior": {
        "ja": "。担当者ごとの成約率は、本人の商談・成約に、チームの率 {team} で成約する商談 {k}件を加えて計算しています(少ない商談の率は偶然で大きく振れるため、商談の少ない担当者ほどチームの率に近くなります)",
        "en": "; each rep's win rate is his own meetings and wins with {k} meetings at the team's {team} added (a rate on few meetings swings by chance: the fewer his meetings, the closer to the team's)",
    },
    "plan.pipeline_win_team": {
        "ja": "。担当者ごとの成約率の差は偶然で説明できる範囲のため、全員チームの率 {team} で計画しています",
        "en": "; the reps' win rates differ by no more than chance, so every rep is planned at the team's {team}",
    },
    # inputs47 (trial 46 M2): a customer master's closure flag (休止・取引停止・無効) read as
    # the end of the accounts it marks that have no end date (core.lapse.flagged_ends).
    "accounts_flag_ended": {
        "ja": "列「{column}」で休止・取引停止とされた顧客 {count:,} 件は解約日が空欄のため、最後の受注の翌日(受注がなければ取引開始日の翌日)に解約したものとして計算しました。訪問リストにも載せません。実際の解約日が分かる顧客は、解約日の列に入力するとそれを使います",
        "en": '{count:,} accounts marked closed in column "{column}" have no end date: they are counted as lost the day after their last order (with no order, the day after their start) and left off the visit lists. Type the real end date in the end-date column to use it instead',
    },
    # inputs47 (trial 46 L2): the KGI-unit stop when the plan's 基準売上 (lost accounts out,
    # the summary's figure) differs from last year as booked: both named, and which is which.
    "kgi_scale_base": {
        "ja": "KGI {kgi} が前年実績 {baseline}(取引を終えた顧客を除いた基準売上は {base})の{scale}です。単位を確認してください(円で入力: {hint_ja})",
        "en": "the KGI {kgi} is {scale} of last year's revenue {baseline} (the baseline without the accounts that ended: {base}): check the unit (type yen: {hint_en})",
    },
    # inputs47 (trial 46 L3): visit files whose dates overlap earlier rows' files, said once
    # for all of them and in words of visits (a daily report and a prospecting log overlap).
    "source_parts_overlap_visits": {
        "ja": "訪問: Sources シート {row} 行目の {source} の期間が、前の行の {other} の期間と重なっています。日報と新規開拓の記録のように別々の記録なら、このままで構いません。同じ訪問の記録が両方のファイルにあると二重に数えます(同じファイルを2回指定していないか確認してください)",
        "en": "visits: the dates of {source} (Sources rows {row}) overlap those of {other} on earlier rows. Separate records (daily reports and a prospecting log) can stay as they are; a visit recorded in both files is counted twice (check that no file is named twice)",
    },
    "source_parts_overlap_visits_given": {
        "ja": "訪問: {source} の期間が、前に指定した {other} の期間と重なっています。日報と新規開拓の記録のように別々の記録なら、このままで構いません。同じ訪問の記録が両方のファイルにあると二重に数えます(同じファイルを2回指定していないか確認してください)",
        "en": "visits: the dates of {source} overlap those of {other} named before them. Separate records (daily reports and a prospecting log) can stay as they are; a visit recorded in both files is counted twice (check that no file is named twice)",
    },
    # inputs47 (trial 46 H5): reps with no order or visit yet who hold accounts on the
    # Accounts sheet, planned on them (core.handover ``newcomers``).
    "reps_newcomer_accounts": {
        "ja": "受注・訪問の記録がまだない担当者を、顧客シートで担当する顧客の担当者として{plan}を計画しました(担当者 件数: {reps})。その顧客の前の担当者の実績は、この担当者の前年に移しています。{plan}が始まるまでの訪問計画(Daily)では、その顧客は今訪問している担当者のまま載せ、この担当者の訪問計画は{plan}の初日から作ります。新任の担当者でなく表記違いや前の担当者名の残りなら、顧客シートの担当者を直してください",
        "en": "reps with no order or visit yet are planned for {plan} on the accounts the Accounts sheet gives them (rep accounts: {reps}); those accounts' history under their previous rep moved to them. Until {plan} begins, the visit plan (Daily) keeps those accounts with the rep who visits them now, and these reps' visit plans start on its first day. If a name is not a new rep but a misspelling or an old rep's name left on the sheet, correct the Accounts sheet",
    },
    # The meetings cap (core.targets.meetings_cap; trial 46 H1), on the Plan's pipeline line.
    "plan.pipeline_meetings_cap": {
        "ja": "。商談の目標は、前年に最も商談の多かった担当者の件数({cap}件)を上限とし、それを超える分は成約率の目標を上げて補っています({reps})",
        "en": "; no rep is asked for more meetings than the busiest rep held last year ({cap}): past that, a better win rate carries the wins ({reps})",
    },
    # review47: a rep copy's visit plan, above his stops: his accounts that order and were
    # never visited, left off (core.daily._never_visited; the master's daily.never_visited).
    "share.daily_never_visited": {
        "ja": "受注はあっても訪問の記録が一度もないあなたの顧客 {count}件(請求先・本部・通販など)は、訪問する顧客ではないとみてこの計画に入れていません。訪問しているなら訪問入力で1件返してください",
        "en": "{count} of your accounts with orders but never a visit on record (billing codes, head offices, mail order): taken as not visited and left off this plan. If you visit one, send one visit for it in the visit log",
    },
    # review47: the reps behind when the list starts soon after the as-of date, so their
    # accounts were not taken as visited in between (no daily.assumed line follows).
    "daily.not_returned_due": {
        "ja": "{after}より後の訪問がまだ入力されていないのは {names}({count}人)です。この人たちの顧客は{after}までの訪問で数えています(その後に期限の来た顧客は遅れとして一覧に出ます。訪問済みなら入力してください)",
        "en": "No visits after {after} are in yet for {names} ({count} reps): their accounts are planned from the visits through {after} (one due since shows as late; if it was visited, log that visit)",
    },
    # sources47 (trial 47 M4/L7): a SQLite database on Sources that cannot be opened, naming
    # the Sources row and column and the file tried (sqlite:///erp.db is read from the
    # workbook's folder); a table it does not hold, with the tables it does.
    "err.source_db_not_found": {
        "ja": "データソースシート {row} 行目 {column} の {input} のデータベース「{source}」が見つかりません: {path}(sqlite:///ファイル名 はブックと同じフォルダから読みます。別の場所なら sqlite:////フルパス と書いてください)",
        "en": "the {input} database '{source}' on Sources row {row}, column {column_en}, was not found: {path} (sqlite:///name is read from the workbook's folder; elsewhere, type sqlite:////full/path)",
    },
    "err.source_db_not_found_given": {
        "ja": "{input} のデータベース「{source}」が見つかりません: {path}",
        "en": "the {input} database '{source}' was not found: {path}",
    },
    "err.source_db_no_table": {
        "ja": "データソースシート {row} 行目 {table_column} の {input} のテーブル「{table}」が {path} にありません。このデータベースのテーブル: {tables}",
        "en": "the {input} table '{table}' on Sources row {row}, column {table_column_en}, is not in {path}; the database's tables: {tables_en}",
    },
    "err.source_db_no_table_given": {
        "ja": "{input} のテーブル「{table}」が {path} にありません。このデータベースのテーブル: {tables}",
        "en": "the {input} table '{table}' is not in {path}; the database's tables: {tables_en}",
    },
    # sources47 (trial 47 L5): repeated lines of a database table, named by the key of the
    # first repeat (order number, date, account) where a sheet or file names its row.
    "duplicate_rows_keyed": {
        "ja": "前の行とまったく同じ内容の重複行が{count}行あり、同じ内容は1回だけ数え、重複行は数えませんでした(最初の重複: {key_ja})。数えなかった重複分の金額は合計 {amount} です{reason_ja}",
        "en": "{count} lines repeat an earlier line exactly and were counted once (the first repeat: {key_en}); the repeats not counted total {amount}{reason_en}",
    },
    "identical_lines_keyed": {
        "ja": "前の行とまったく同じ内容の行が{count}行あります(最初は {key_ja})。すべて数えています。二重に登録された行なら受注番号の列を加えるか、設定「同一内容の受注行」を drop にしてください",
        "en": "{count} lines repeat an earlier line exactly (the first: {key_en}); all are counted. If they were entered twice, add an order-number column or set IdenticalOrderLines to drop",
    },
    "slip_lines_repeated_keyed": {
        "ja": "同じ受注番号の伝票の中で、前の行とまったく同じ内容の行が{count}行あります(最初は {key_ja})。同じ単価・数量の別商品として合計しています。伝票の一部が二重に登録されている場合は、重複した行を削除してください",
        "en": "{count} lines repeat an earlier line of the same order number exactly (the first: {key_en}); they are summed as other products at the same price and quantity. If part of a slip was entered twice, delete the repeated lines",
    },
    # sources47 (trial 47 L3): a branch (営業所) typed as a KPI_* function's rep.
    "udf.rep_is_branch": {
        "ja": "「{value}」は営業所です(担当者: {reps})。営業所の計は Plan シートの「{branch} 計」の行にあります。関数では担当者ごとに求めて合計してください",
        "en": "'{value}' is a branch (reps: {reps_en}). Its total is on the Plan sheet's '{branch} total' row; in a function, ask per rep and add them up",
    },
    # leave47 (trial 47 H2): a rep on leave for half or more of every month reviewed: his gap
    # is the leave's, no lever split and no colleague to learn from (core.review._all_away).
    "review.finding.revenue_away": {
        "ja": "期初来の差 {gap} は休暇中(営業日の半分以上が休暇の月)の差で、売り方の問題ではありません(レバー別には判定しません)",
        "en": "gap to date {gap}: months on leave (half their working days or more), not the way of selling (no lever judged)",
    },
    # leave47 (trial 47 M1): closures the 180-day rule inferred at the window's edge that the
    # accounts' own order rhythm explains, left out of the retention flag's count.
    "flag.retention_quiet": {
        "ja": "。ほかに、解約日がなく注文が180日以上ない顧客 {n}件は、その顧客のふだんの注文間隔なら注文の合間とみられるため、解約に数えていません",
        "en": "; {n} more accounts with no end date and no order for 180 days or more are not counted lost: their own usual gaps between orders explain the silence",
    },
    # n5fix47 (trial 46 N5): a hire's copy before the plan year (no visit list yet).
    "share.daily_hire_later": {
        "ja": "あなたの訪問計画は{plan}の初日 {start} から作ります。それまで、あなたが引き継ぐ顧客 {count}件は今訪問している担当者の訪問計画に載っています",
        "en": "Your visit plan starts on the first day of {plan}, {start}. Until then the {count} accounts you take over stay on the visit plan of the rep who visits them now",
    },
    # bigcut47 (trial 47 H1): a rep's material account that stepped down and stayed down
    # (core.account_step ``find_step_downs``, core.flags ``account_stepped_down``).
    "flag.account_stepped_down": {
        "ja": "{name}: {since}から{months}か月、受注が前年同月の {ratio} に減ったままです(月あたり {before} → {after}、約 {lost}/月の減少)。減る前の1年の売上 {usual} は担当売上の {share} でした",
        "en": "{name}: for {months} months since {since} its orders have stayed at {ratio} of the same months a year before ({before} → {after} a month, about {lost} a month less). Its revenue over the year before was {usual}, {share} of the rep's",
    },
    "flag.account_stepped_down_baseline": {
        "ja": "。{plan}の目標の基準には、この顧客の減る前の水準の分 {in_baseline} が含まれています(減る前の{baseline_months}か月)",
        "en": ". The {plan} targets stand on a baseline that holds {in_baseline} of this account's old level (its {baseline_months} months before the fall)",
    },
    "account_stepped_down_baseline_out": {
        "ja": "受注が減ったままの顧客: {name}({rep})は{since}から{months}か月、受注が前年同月の {ratio} です。減る前の水準のうち止まった分 ¥{yen} を、その担当者の基準({first}〜{last}の売上・受注件数)から除きました(取引終了の顧客と同じ扱い)",
        "en": "an account that stepped down: {name} ({rep}) has ordered {ratio} of the same months a year before for {months} months since {since}. The part of its old level that stopped, ¥{yen}, is out of the rep's baseline ({first} – {last}: revenue and orders), as an ended account's is",
    },
    "account_stepped_down_baseline_in": {
        "ja": "受注が減ったままの顧客: {name}({rep})は{since}から{months}か月、受注が前年同月の {ratio} です。基準({first}〜{last})にはこの顧客の減る前の水準の分 ¥{yen} が含まれており、担当者の目標はこの分が戻る前提です。戻る見込みがなければ、担当者の目標を手動で見直してください",
        "en": "an account that stepped down: {name} ({rep}) has ordered {ratio} of the same months a year before for {months} months since {since}. The baseline ({first} – {last}) holds ¥{yen} of its old level: the rep's target assumes it comes back. If it will not, override the rep's target",
    },
    "flag.account_stepped_down_taken_out": {
        "ja": "。{plan}の目標は今の水準で計算しています(減る前の水準のうち止まった分 ¥{yen} を担当者の基準から除きました)",
        "en": ". The {plan} targets stand on its new level (the part of its old level that stopped, ¥{yen}, is out of the rep's baseline)",
    },
    # bigcut47 (trial 47 M3): the backtest's worst miss and the KPIs no method came near.
    "backtest_worst_miss": {
        "ja": "最も外れたのは {rep} の{kpi}: 目標 {target} に対し実績 {realised}(誤差 {ape}、一律の伸び率では {uniform})。大口顧客の増減や担当替えなど、この担当者だけの理由がないか確かめ、今年の計画でも同じ理由が残っていれば、その担当者の目標を見直してください",
        "en": "the largest miss: {rep}'s {kpi}, target {target} against {realised} realised (off by {ape}; the uniform uplift by {uniform}). Check for a cause of his own (a large account that grew or shrank, a book that changed hands); if it is still there in this year's plan, review his target",
    },
    "backtest_worst_miss_worse": {
        "ja": "最も外れたのは {rep} の{kpi}: 目標 {target} に対し実績 {realised}(誤差 {ape}、一律の伸び率のほうが近く {uniform})。大口顧客の増減や担当替えなど、この担当者だけの理由がないか確かめ、今年の計画でも同じ理由が残っていれば、その担当者の目標を見直してください",
        "en": "the largest miss: {rep}'s {kpi}, target {target} against {realised} realised (off by {ape}; the uniform uplift was closer, {uniform}). Check for a cause of his own (a large account that grew or shrank, a book that changed hands); if it is still there in this year's plan, review his target",
    },
    "backtest_no_method_within": {
        "ja": "{kpis}はどの方法でも担当者ごとの誤差が ±10% に入りませんでした(件数が少なく、偶然の幅が大きい KPI です)。担当者を評価する目標ではなく、目安として使ってください",
        "en": "{kpis}: no method came within ±10% for any rep (small counts, much chance in them): use them as a guide, not a target to hold a rep to",
    },
    "action.account_stepped_down": {
        "ja": "減った理由(生産の移管・競合への切替など)を担当者と確認してください。元の水準に戻る見込みがなければ、担当者の目標を手動で見直すか、埋め合わせの計画を決めてください",
        "en": "find out with the rep why it fell (production moved, a competitor). If it will not return to its old level, override the rep's target or agree how to make up for it",
    },
    # A typed end after the as-of date inside the running year (core.landing
    # ending_ahead_notes, trial 53 M4): the landing leaves its orders out after it.
    "ending_ahead": {
        "ja": "{name} {end} に取引終了予定: 着地見込みから {month_num}月以降を除きました",
        "en": "{name} ends on {end}: its orders from {month} on are left out of the landing",
    },
    "ending_ahead_more": {
        "ja": "ほかに取引終了予定の顧客 {count} 件も、着地見込みから終了の翌月以降を除きました",
        "en": "{count} more customers end later this year: their orders after their end are left out of the landing too",
    },
    # A seasonal account on the Daily (core.daily_season, trial 53 M1): visited for its
    # season from the month before it, not on the gap of its silent months.
    "daily.reason.season": {
        "ja": "季節の取引先: 次の注文期 {month}",
        "en": "seasonal customer: next orders in {month}",
    },
    # The Daily ranks a stepped-down account at its level since (core.daily, trial 47 H1).
    "daily.reason.stepped_down": {
        "ja": "{since}から受注減(順番は減った後の受注で)",
        "en": "ordering less since {since} (ranked on its orders since)",
    },
    # fix48b (trial 45 L8, output side): a flag's kind in words, where the team copy shows
    # the Flags' code column (share.copies.labelled_codes; the master keeps the code, hidden,
    # for formulas and --json). Unknown codes fall back to the code itself.
    "share.flag_kind_header": {"ja": "種類", "en": "Kind"},
    "flag_kind.kgi_infeasible": {"ja": "KGI 到達不能", "en": "KGI out of reach"},
    "flag_kind.kgi_beyond_record": {
        "ja": "KGI が過去最高を超える",
        "en": "KGI beyond the record",
    },
    "flag_kind.kgi_below_trend": {"ja": "KGI が伸びの傾向より低い", "en": "KGI below the trend"},
    "flag_kind.kgi_below_baseline": {"ja": "KGI が前年より低い", "en": "KGI below last year"},
    "flag_kind.behind_pace": {"ja": "進捗の遅れ", "en": "Behind pace"},
    # words48: the kind of a rise too (trial 48 L8: the team's price-list flag says 上昇); the
    # code stays unit_price_declining (formulas and UDFs read codes).
    "flag_kind.unit_price_declining": {"ja": "取引単価の変化", "en": "Unit price change"},
    "flag_kind.retention_worsening": {"ja": "継続率の悪化", "en": "Retention worsening"},
    "flag_kind.churn_spike": {"ja": "解約の急増", "en": "Churn spike"},
    "flag_kind.at_risk_account": {"ja": "要注意顧客", "en": "At-risk account"},
    "flag_kind.at_risk_more": {"ja": "要注意顧客(一覧の残り)", "en": "More at-risk accounts"},
    "flag_kind.probably_closed": {"ja": "閉店の可能性が高い顧客", "en": "Probably closed accounts"},
    "flag_kind.lost_account": {"ja": "取引終了した顧客", "en": "Lost account"},
    "flag_kind.account_stepped_down": {
        "ja": "受注が減ったままの顧客",
        "en": "Account stepped down",
    },
    "flag_kind.target_beyond_evidence": {
        "ja": "根拠上限を超える手動目標",
        "en": "Override beyond evidence",
    },
    "flag_kind.chain_exit": {"ja": "チェーンの一斉取引終了", "en": "Chain exit"},
    "flag_kind.away_undeclared": {"ja": "届け出のない不在", "en": "Absence not on Leave"},
    "flag_kind.important_overdue": {"ja": "重要顧客の訪問遅れ", "en": "Important accounts overdue"},
    # fix48b (trial 47 L5/L7): a row-level problem of a database table or query, named by
    # the row's key (order number, date, account…) where a sheet or file names its row number
    # (a query's row order is no row a user can find): the problem's own sentence after it.
    "source_row_keyed": {
        "ja": "{key_ja} の行: {said_ja}",
        "en": "the row with {key_en}: {said_en}",
    },
    # fix48b: duplicate_rows' reasons for a database table, where nothing was pasted.
    "duplicate_rows.pasted_db": {
        "ja": "。伝票(同じ受注番号)の行がすべて同じ回数ずつ繰り返されているため、伝票が二重に登録(取り込み)されたものとみなしました(伝票の一部の行だけが同じなら、同じ単価・数量の別商品として数えます)",
        "en": ". Every line of those slips (one order number) repeats as often, so the slip was read as stored twice (equal lines in only part of a slip are counted, as other products at one price and quantity)",
    },
    # fix48b (review47): a ja template's choice setting offers the Japanese words (fix47 reads
    # them); the prompt names the words, then the English keys the reader takes too.
    "template.kind_choice_words": {"ja": "{choices} のいずれか", "en": "one of {choices}"},
    "template.kind_choice_keys": {
        "ja": "(英字の {keys} でも読みます)",
        "en": " (the keys {keys} are read too)",
    },
    "duplicate_rows.keep_db": {
        "ja": "。同じ商品・同じ数量の行が2行ある伝票も、行番号がなければ二重登録と区別できず1行と数えています。別々の行なら、テーブル・クエリに行番号(明細番号)の列も含めてください: 行番号の違う行は両方数えます",
        "en": ". A slip with one item on two equal lines cannot be told from a slip stored twice without line numbers and counts as one line; if they are separate lines, include the line-number column (行番号) in the table or query: lines with different numbers are both counted",
    },
    # An amount in a larger unit than the yen, read in it (validation.units, trial 48 L1).
    "amount_unit_read": {
        "ja": "列「{header}」は{unit}単位として ×{factor} で読みました({rows}行)。円単位の金額の列を並べれば、そちらを読みます",
        "en": "column '{header}' is in {unit_en}: read ×{factor} as yen ({rows} rows). A yen amount column beside it would be read instead",
    },
    "amount_unit_sources": {
        "ja": "データソース {row}行目の単位「{typed}」のとおり、列「{header}」を{unit}単位として ×{factor} で読みました({rows}行)",
        "en": "Sources row {row} says the unit is '{typed}': column '{header}' read in {unit_en}, ×{factor} as yen ({rows} rows)",
    },
    "amount_unit_sources_other": {
        "ja": "列「{header}」は見出しのとおり{unit}単位で読みました。データソース {row}行目の単位「{typed}」は使っていません(見出しと違う単位です。見出しが正しくなければ見出しを直してください)",
        "en": "column '{header}' read in {unit_en}, as its header says; the unit '{typed}' on Sources row {row} was not used (it differs from the header's; if the header is wrong, correct it)",
    },
    # Stops with nobody there read as visits (validation.tables.nobody_there_counted, L2).
    "visits_nobody_there": {
        "ja": "種別が不在・留守の{count}行({words_ja})は、訪問として数えました(不在でも担当者は顧客先まで行っています)。訪問に数えないなら、種別の読み替えシートで その言葉 → 連絡 としてください",
        "en": "{count} rows whose kind says nobody was there ({words_en}) were counted as visits (the rep still made the stop). Not to count them, map the word to 連絡 (contact) on the Words sheet",
    },
    "err.source_unknown_unit": {
        "ja": "データソース {row}行目の単位「{typed}」がわかりません: 円・千円・万円・百万円(または 1000 など1単位の円)のどれかにしてください。単位がわからないまま読むと金額が桁違いになるため、ここで止めました",
        "en": "Sources row {row}: unknown unit '{typed}': type 円, 千円, 万円 or 百万円 (or the yen one unit stands for, e.g. 1000). Read without it the amounts could be off by a factor of a thousand, so the run stopped here",
    },
    # renum48 (trial 48 H2): a master's old codes (旧得意先コード) read as the current ones on
    # the order and visit lines (validation.renumbered), and the old codes it cannot use.
    "accounts_renumbered": {
        "ja": "{column} {count:,}件: 受注 {orders:,}行・訪問 {visits:,}行を新しいコードで読みました(ERPの移行などで顧客コードが変わった顧客の履歴は、今の顧客コードの履歴として数えます)",
        "en": "{column} ({count:,} codes): {orders:,} order lines and {visits:,} visit lines were read under the account's current code (an account renumbered by an ERP migration keeps its history)",
    },
    "old_account_is_current": {
        "ja": "旧コード {code} は{other}行目の顧客の今の顧客コードです。この旧コードの受注・訪問は{other}行目の顧客のものとして読み、この行の顧客には読み替えません(この行の旧コードが誤りなら直してください)",
        "en": "old code {code} is the current code of the account on row {other}: its order and visit lines are read as that account's, not this row's (correct this row's old code if it is a slip)",
    },
    "old_account_shared": {
        "ja": "旧コード {code} は{first}行目の顧客にも入力されています。どちらの顧客の履歴か決められないため、この旧コードの受注・訪問はどちらの顧客にも読み替えません(不明な顧客として一覧します)。正しい顧客の行だけに旧コードを残してください",
        "en": "old code {code} is also given to the account on row {first}: whose history it is cannot be told, so its order and visit lines are read as neither's (listed as unknown accounts). Keep the old code on the right account's row only",
    },
    # renum48 (trial 48 H3): a master's start date after the account's first order (the day
    # the account was carried into a new ERP) read as that first order.
    "start_after_first_order": {
        "ja": "取引開始日が最初の受注より後の顧客 {count:,} 件: 最初の受注日を取引開始日として読みました(例 {example}: 取引開始日 {start}、最初の受注 {first})。システム移行日などが取引開始日に入っていると、移行前からの顧客がその日に新規獲得されたことになるためです",
        "en": "{count:,} accounts start after their first order: their first order date is read as the start date (e.g. {example}: start {start}, first order {first}). A start date that is a system's conversion day would count every account carried over as won that day",
    },
    # realism52b (trial 48 planned in its budgeting month): of the accounts whose start is
    # their first order (the two messages around this one), those first seen in the
    # history's first LAPSE_DAYS are held from before it (validation.renumbered
    # .held_before_history); the new-account pace is read after that span.
    "starts_held_before_history": {
        "ja": "取引開始日を最初の受注日とした顧客のうち {count:,} 件は、最初の受注がデータの最初の {days} 日間({first}〜{edge})にあります。この期間の最初の受注では、データより前からの顧客か新規獲得かを区別できないため、{held} 以前からの顧客として読みました(顧客マスタがないときと同じ読み方です)。新規獲得のペースは {month} 以降の月から測ります",
        "en": "{count:,} of the accounts whose start date is their first order first ordered in the data's first {days} days ({first} … {edge}). A first order there cannot tell a customer held before the data began from one won that day, so they are read as customers held since {held} or earlier (as when there is no customer master). The pace of winning new accounts is measured from {month} on",
    },
    # renum48 (trial 48 H2): the customers that ended before an ERP migration (old codes the
    # new master does not list) read as ended accounts (validation.renumbered.closed_before).
    "accounts_closed_before_renumbering": {
        "ja": "顧客マスタにない旧コードの顧客 {count:,} 件は、移行前に取引を終えた顧客として読みました(最初の受注を取引開始日、最後の受注の翌日を解約日としています。例 {example}: 最後の受注 {last})。新しいシステムに移されなかった、移行前に解約した顧客です。{column} を使った行の最後の日より後に受注のある旧コードは、不明な顧客として一覧します",
        "en": "{count:,} old codes not on the customer master are read as customers that ended before the migration (started at their first order, ended the day after their last; e.g. {example}: last order {last}). An old code with orders after the last line read through {column} is listed as an unknown account",
    },
    # Amounts about 1/1,000 of the rest with no unit said (validation.unit_slip, trial 48 H4).
    "amount_unit_slip_part": {
        "ja": "データソース {row}行目「{source}」の金額は1行あたり {median}(中央値)で、ほかのファイルの {other} の約{scale}です({months}、{lines}行)。{unit}単位ではありませんか: データソースシートの 単位 列に {unit} と書くか、円単位で出力し直してください(routekpi は推測では掛け算しません)。このままでは その期間の売上がほぼ 0 と数えられ、伸び・実現可能性の判断が大きく狂います",
        "en": "Sources row {row} '{source}': its typical line is {median} (median), about {scale} of the other files' {other} ({months}, {lines} lines). Is it in {unit_en}? Type {unit} in the 単位 (unit) column of its Sources row, or export it again in yen (routekpi never multiplies on a guess). Read as it is, that period's revenue counts as almost nothing and the trends and the feasibility judgement are far off",
    },
    "amount_unit_slip_part_minor": {
        "ja": "データソース {row}行目「{source}」の金額は1行あたり {median}(中央値)で、ほかのファイルの {other} の約{scale}です({months}、{lines}行)。{unit}単位ではありませんか: データソースシートの 単位 列に {unit} と書くか、円単位で出力し直してください(routekpi は推測では掛け算しません)",
        "en": "Sources row {row} '{source}': its typical line is {median} (median), about {scale} of the other files' {other} ({months}, {lines} lines). Is it in {unit_en}? Type {unit} in the 単位 (unit) column of its Sources row, or export it again in yen (routekpi never multiplies on a guess)",
    },
    "amount_unit_slip_months": {
        "ja": "{months} の受注の金額は1行あたり {median}(中央値)で、ほかの月の {other} の約{scale}です({lines}行)。{unit}単位ではありませんか: その月の金額を円単位にして貼り直してください(ファイルから読むなら、データソースシートの 単位 列に {unit} と書けます。routekpi は推測では掛け算しません)。このままでは その期間の売上がほぼ 0 と数えられ、伸び・実現可能性の判断が大きく狂います",
        "en": "the orders of {months}: a typical line is {median} (median), about {scale} of the other months' {other} ({lines} lines). Is it in {unit_en}? Paste those months again in yen (read from a file, its Sources row's 単位 column can say {unit}; routekpi never multiplies on a guess). Read as it is, that period's revenue counts as almost nothing and the trends and the feasibility judgement are far off",
    },
    "amount_unit_slip_months_minor": {
        "ja": "{months} の受注の金額は1行あたり {median}(中央値)で、ほかの月の {other} の約{scale}です({lines}行)。{unit}単位ではありませんか: その月の金額を円単位にして貼り直してください(ファイルから読むなら、データソースシートの 単位 列に {unit} と書けます。routekpi は推測では掛け算しません)",
        "en": "the orders of {months}: a typical line is {median} (median), about {scale} of the other months' {other} ({lines} lines). Is it in {unit_en}? Paste those months again in yen (read from a file, its Sources row's 単位 column can say {unit}; routekpi never multiplies on a guess)",
    },
    "amount_unit_slip_months_source": {
        "ja": "データソース {row}行目: {months} の金額は1行あたり {median}(中央値)で、ほかの月の {other} の約{scale}です({lines}行)。{unit}単位ではありませんか: データソースシートの 単位 列に {unit} と書くか、円単位でその月を出力し直してください(routekpi は推測では掛け算しません)。このままでは その期間の売上がほぼ 0 と数えられ、伸び・実現可能性の判断が大きく狂います",
        "en": "Sources row {row}: the amounts of {months} are {median} a typical line (median), about {scale} of the other months' {other} ({lines} lines). Is it in {unit_en}? Type {unit} in the 単位 (unit) column of its Sources row, or export it again in yen (routekpi never multiplies on a guess). Read as it is, that period's revenue counts as almost nothing and the trends and the feasibility judgement are far off",
    },
    "amount_unit_slip_months_source_minor": {
        "ja": "データソース {row}行目: {months} の金額は1行あたり {median}(中央値)で、ほかの月の {other} の約{scale}です({lines}行)。{unit}単位ではありませんか: データソースシートの 単位 列に {unit} と書くか、円単位でその月を出力し直してください(routekpi は推測では掛け算しません)",
        "en": "Sources row {row}: the amounts of {months} are {median} a typical line (median), about {scale} of the other months' {other} ({lines} lines). Is it in {unit_en}? Type {unit} in the 単位 (unit) column of its Sources row, or export it again in yen (routekpi never multiplies on a guess)",
    },
    # Probably closed: a steady buyer silent for 10× its usual gap (core.flags
    # CLOSED_MIN_ORDERS, trial 48 M2), one row per rep instead of an at-risk flag each.
    "flag.probably_closed": {
        "ja": "閉店・取引終了の可能性が高い顧客 {count}件: {names}(注文も訪問もなく {days}日、ふだんの間隔の{times}倍以上。これまでの年間受注 計{stake})",
        "en": "{count} customers probably closed: {names} (no order or visit for {days} days, {times} times their usual gap or more; they bought {stake} a year)",
    },
    "flag.probably_closed_more": {
        "ja": " ほか {more}件",
        "en": " and {more} more",
    },
    "action.probably_closed": {
        "ja": "閉店・解約を電話などで確認し、顧客シートに解約日を入力してください(分からなければ一度だけ訪問を)。訪問計画では要注意として毎日は出しません(この状態になった週に確認の訪問を1回だけ)",
        "en": "confirm the closing (a call will do) and type its end date on the Accounts sheet (or visit once if unsure). The Daily list does not put them first every day: one check visit in the week they crossed the line",
    },
    # The Daily list's stop for a customer that just crossed into probably closed (once).
    "daily.reason.probably_closed": {
        "ja": "閉店の可能性大: 確認の訪問は1回だけ(閉店なら顧客シートに解約日を)",
        "en": "probably closed: one check visit only (if closed, type its end date on Accounts)",
    },
    # share48 (trial 48 L3): visits from a file the Sources sheet names (a handheld's every
    # stop): the copy asks a rep to log only the kinds that file lacks (share.copies.log_kinds).
    "share.cover_howto_log_kinds": {
        "ja": "訪問は {source} から読み込んでいるため、記録は不要です。{kinds}だけを「訪問入力」シートに1行ずつ記録してください(日付・顧客コード・種別・結果・メモ)。",
        "en": "Visits are read from {source}: no need to record them. Record only {kinds} on the VisitLog sheet, one per row (date, account, kind, outcome, note).",
    },
    "share.mail_body_rep_kinds": {
        "ja": "{rep} さん\n\n{fy} の目標と {as_of} 時点の実績を添付します({file})。\nあなたの数字だけが入ったファイルで、マクロは含まれていません。目標の根拠は「表紙」シートに、次の営業日からの訪問計画は「訪問計画」シートにあります。\n\n訪問は {source} から読み込んでいるため、記録は不要です。{kinds}があれば「訪問入力」シートに記録し、保存したファイルをこのメールへの返信で送ってください。\n{password}",
        "en": "Hello {rep},\n\nAttached are your {fy} targets and your results as of {as_of} ({file}).\nThe file holds your numbers only and contains no macros. Why your target is what it is: see the Cover sheet; your visit plan for the next working days is on the Daily sheet.\n\nVisits are read from {source}: no need to record them. If you had {kinds}, record them on the VisitLog sheet, save the file and send it back as a reply to this e-mail.\n{password}",
    },
    # collect: a returned copy without a visit log, when the copies carry none (every kind
    # comes from the Sources file): nothing was asked of the rep, so nothing is wrong.
    "collect.no_log_source": {
        "ja": "訪問入力シートがありません(訪問は {source} から読み込んでいるため、担当者のコピーには訪問入力シートがありません。取り込むものはありません)",
        "en": "no VisitLog sheet (visits are read from {source}, so the rep copies carry none: nothing to collect)",
    },
    # share48 (trial 48 L5): report --rep / --days print one rep's Daily, or its first days.
    "report.rep_absent": {
        "ja": "担当者 {rep} は訪問計画シートにいません(いる担当者: {reps})",
        "en": "rep {rep} is not on the Daily sheet (reps there: {reps})",
    },
    "report.bad_days": {
        "ja": "--days は1以上の日数で指定してください({days} が指定されました)",
        "en": "--days takes a number of days, 1 or more (got {days})",
    },
    "share.cover_about_visitlog_kinds": {
        "ja": "「{tab}」: {kinds}の記録欄(記入して返信)",
        "en": "{tab}: your log of {kinds} (fill it in and send the file back)",
    },
    # flags48 (trial 48 L8): the team's price-list move said the way it went, with the month
    # it took effect and what to type on Settings; the Plan/Checks line when the plan does
    # not carry it (render.revision_found_note).
    "flag.unit_price_list_team_up": {
        "ja": "取引単価の上昇(直近3か月 {price}、前年同期比 {yoy})は全社の価格改定({list})によるものです。除くと {net}で、担当者の売り方の変化ではありません",
        "en": "unit price up (last 3 months {price}, {yoy} vs same months last year): the price change for everyone (price list {list}); {net} without it, not the reps' selling",
    },
    "flag.unit_price_list_month": {
        "ja": "。改定の月は {month}(同じ商品どうしの価格 {step})",
        "en": "; it took effect in {month} (the same products' prices {step})",
    },
    "action.unit_price_list_team_month": {
        "ja": "担当者への指導ではなく、目標の取引単価の前提(計画シート)を見直してください: 一度きりの改定なら、設定の価格改定に PriceRevisionMonth「{month}」、PriceRevisionPct「{pct}」と入力します(入力しないと、改定分は取引単価の傾向と区別されずに読まれます)",
        "en": "no coaching: review the unit-price premise of the targets (Plan sheet). If it was a one-off revision, type PriceRevisionMonth {month} and PriceRevisionPct {pct} on Settings (without them the revision is read as part of the unit price's trend)",
    },
    "action.unit_price_list_team_carried": {
        "ja": "担当者への指導ではありません。計画はこの改定({month}、{step})を一度きりの改定として織り込んでいます(計画シート)",
        "en": "no coaching: the plan carries this revision ({month}, {step}) as a one-off (Plan sheet)",
    },
    "price_list_found": {
        "ja": "価格改定: 同じ商品どうしの価格が {month} に全社で {step} 動きました(直近3か月の前年同期比 {list})。計画はこれを価格改定として織り込んでいません。一度きりの改定なら、設定の PriceRevisionMonth に {month}、PriceRevisionPct に {pct} と入力してください",
        "en": "price revision: the same products' prices moved {step} for everyone in {month} (last 3 months on a year ago {list}). The plan does not carry it as a price revision; if it was a one-off one, type PriceRevisionMonth {month} and PriceRevisionPct {pct} on Settings",
    },
    "price_list_found_short": {
        "ja": "価格改定: 同じ商品どうしの価格が {month} に全社で {step} 動きました(直近3か月の前年同期比 {list})。商品別の価格はその前に {before} か月分しかなく(一度きりの改定かを履歴から判断するには {need} か月必要)、計画では改定として扱っていません(改定分は取引単価の傾向と区別されずに読まれます)。一度きりの改定なら、設定の PriceRevisionMonth に {month}、PriceRevisionPct に {pct} と入力してください",
        "en": "price revision: the same products' prices moved {step} for everyone in {month} (last 3 months on a year ago {list}). Product prices cover only {before} months before it ({need} are needed to tell a one-off revision from the history), so the plan does not carry it as one (it is read as part of the unit price's trend); if it was one, type PriceRevisionMonth {month} and PriceRevisionPct {pct} on Settings",
    },
    # words48 (trial 48 N3): what a stacked file without one of the other files' columns loses
    # (the {lost}/{lost_en} of source_part_column_missing*), said per column where it differs:
    # an old system's export cannot add a column it never had.
    "column_lost.quantity": {
        "ja": "数量がないため、その期間の行は数量による価格改定の判定(同じ商品どうしの単価の比較)と1受注あたりの数量には使いません。",
        "en": "Without a quantity, that period's lines are not used to find price revisions (unit prices of the same product compared) or for the quantity per order. ",
    },
    "column_lost.product": {
        "ja": "商品がわからないため、その期間の行は同じ商品どうしの単価の比較(価格改定の判定)には使いません。",
        "en": "Without the product, that period's lines are not used to compare unit prices of the same product (finding price revisions). ",
    },
    "column_lost.line_kind": {
        "ja": "区分がないため、その期間は「返品」などの区分の言葉では返品を見分けず、金額が負の行を返品として差し引きます。",
        "en": "Without the line kind, returns in that period are not told by words such as 'return': lines with a negative amount are taken off as returns. ",
    },
    "column_lost.rep_code": {
        "ja": "担当者コードがないため、その期間の担当者は担当者名で見分け、コードのあるファイルの担当者とは名前で対応させます。",
        "en": "Without rep codes, that period's reps are told by their names and matched by name to the reps of the files with codes. ",
    },
    # mig48 (trial 48 H2 without 旧得意先コード): many codes ending on one day while as many
    # new codes start (validation.renumbered.code_switch): a renumbering not told.
    "accounts_code_switch": {
        "ja": "{day} を境に {ended:,} 件の顧客コードの受注が止まり、同じころ {began:,} 件の新しいコードの受注が始まっています(その前の3か月に受注のあった顧客 {live:,} 件のうち)。基幹システムの入れ替えでコードが振り直されたのではありませんか。顧客シートに 旧得意先コード 列(新旧の対応)を入れると、同じ顧客として読みます(README「After an ERP migration」)。このままでは、それぞれの顧客が {day} に解約して新規獲得されたと数えられ、継続率・解約数・新規数が大きく狂います",
        "en": "around {day}, {ended:,} customer codes stopped ordering and about as many new codes ({began:,}) started (of the {live:,} accounts that ordered in the three months before). Were the codes renumbered by a new ERP? Add the old-code column 旧得意先コード (old → new) to the Accounts sheet and each is read as one customer (README, 'After an ERP migration'). Read as it is, each customer was lost on {day} and won again, and retention, losses and new accounts are far off",
    },
    # fix49b (trial 48 H4, the other way round): most files of a stack in 千円 under a plain
    # 金額 and the fewer in yen (validation.unit_slip.slip_parts): both named, each with its
    # likely unit; the action is on the 千円 rows' 単位.
    "amount_unit_slip_parts_most": {
        "ja": "データソース {row}行目「{source}」の金額は1行あたり {median}(中央値)、{yen_row}行目「{yen_source}」は {other} で、約{times}倍ちがいます({row}行目: {months}、{lines}行)。{row}行目は{unit}単位、{yen_row}行目は円単位で出力されたのではありませんか: {row}行目の 単位 列に {unit} と書くか、円単位で出力し直してください(routekpi は推測では掛け算しません)。このままでは {row}行目の期間の売上がほぼ 0 と数えられ、伸び・実現可能性の判断が大きく狂います",
        "en": "Sources row {row} '{source}': a typical line is {median} (median), against {other} in row {yen_row} '{yen_source}': about {times} times apart (row {row}: {months}, {lines} lines). Was row {row} exported in {unit_en} and row {yen_row} in yen? Type {unit} in the 単位 (unit) column of row {row}, or export it again in yen (routekpi never multiplies on a guess). Read as it is, the revenue of row {row}'s period counts as almost nothing and the trends and the feasibility judgement are far off",
    },
    "amount_unit_slip_parts_most_minor": {
        "ja": "データソース {row}行目「{source}」の金額は1行あたり {median}(中央値)、{yen_row}行目「{yen_source}」は {other} で、約{times}倍ちがいます({row}行目: {months}、{lines}行)。{row}行目は{unit}単位、{yen_row}行目は円単位で出力されたのではありませんか: {row}行目の 単位 列に {unit} と書くか、円単位で出力し直してください(routekpi は推測では掛け算しません)",
        "en": "Sources row {row} '{source}': a typical line is {median} (median), against {other} in row {yen_row} '{yen_source}': about {times} times apart (row {row}: {months}, {lines} lines). Was row {row} exported in {unit_en} and row {yen_row} in yen? Type {unit} in the 単位 (unit) column of row {row}, or export it again in yen (routekpi never multiplies on a guess)",
    },
    # fix49d (trial 49 H2): a file of a stack with no order number whose lines are a slip's
    # product lines, beside a file that counts slips (sources.stacked).
    "stack_lines_not_orders": {
        "ja": "Sources シート {row} 行目の {source} には受注番号(「{column}」にあたる列)がないため、明細の1行を1件の受注と数えています。顧客・日あたりの行数は {per_day} で、{other} の顧客・日あたりの受注 {their_per_day} 件(1伝票 平均 {their_lines} 行)の {ratio} 倍です。このままでは {source} の期間({first}〜{last})の受注件数と訪問あたり受注数が約 {ratio} 倍、取引単価が約 1/{ratio} に読まれ、ファイルの切り替えが伸び(または落ち込み)に見えます。受注(伝票)ごとの番号の列を出力して、見出しを「受注番号」にしてください(kintone のサブテーブルは「レコード番号」を含めて出力すれば受注番号として読みます)",
        "en": "{source} (Sources row {row}) has no order number (a column like '{column}'), so each of its lines is counted as an order. It has {per_day} lines per customer and day, {ratio} times the {their_per_day} orders per customer and day of {other} ({their_lines} lines a slip on average). Read as it is, the orders and orders per visit of {source}'s months ({first} to {last}) are about {ratio} times too many and the unit price about 1/{ratio}, and the switch of files reads as growth (or a fall). Export the order's (slip's) number and head it 受注番号 (a kintone subtable's export: include レコード番号, read as the order number)",
    },
    "stack_lines_not_orders_given": {
        "ja": "{source} には受注番号(「{column}」にあたる列)がないため、明細の1行を1件の受注と数えています。顧客・日あたりの行数は {per_day} で、{other} の顧客・日あたりの受注 {their_per_day} 件(1伝票 平均 {their_lines} 行)の {ratio} 倍です。このままでは {source} の期間({first}〜{last})の受注件数と訪問あたり受注数が約 {ratio} 倍、取引単価が約 1/{ratio} に読まれ、ファイルの切り替えが伸び(または落ち込み)に見えます。受注(伝票)ごとの番号の列を出力して、見出しを「受注番号」にしてください(kintone のサブテーブルは「レコード番号」を含めて出力すれば受注番号として読みます)",
        "en": "{source} has no order number (a column like '{column}'), so each of its lines is counted as an order. It has {per_day} lines per customer and day, {ratio} times the {their_per_day} orders per customer and day of {other} ({their_lines} lines a slip on average). Read as it is, the orders and orders per visit of {source}'s months ({first} to {last}) are about {ratio} times too many and the unit price about 1/{ratio}, and the switch of files reads as growth (or a fall). Export the order's (slip's) number and head it 受注番号 (a kintone subtable's export: include レコード番号, read as the order number)",
    },
    # fix49d (trial 49 H3): files of two tax bases stacked (validation.tax, sources.stacked).
    "tax_stack_netted": {
        "ja": "{source} の金額(列「{column}」)は税込、{others} は税抜のため、{source} の {lines} 行を 1+{rate}(標準税率)で割って税抜にそろえました(金額 {gross} から税 {tax} を除いています)。KGI・基準売上・着地見込み・目標はすべて税抜です。軽減税率 8% の行は約1.8%低く読まれるため、{source} に税率の列(税率・税区分)を出力できればその率で割ります",
        "en": "{source}'s amounts (column '{column}') are tax-included and {others_en}'s net of tax, so {source}'s {lines} lines were divided by 1 + {rate} (the standard rate) to be net of tax too ({gross} less {tax} of tax). The KGI, baseline, landing and targets are all net of tax. Lines at the reduced 8% rate read about 1.8% low: export a tax-rate column (税率 or 税区分) with {source} and each line is divided by its own rate",
    },
    "tax_stack_untold": {
        "ja": "{source} の金額(列「{column}」)は税込ですが、{others} の金額の列{other_columns}は税込か税抜かを示していません。いまは全期間を税込として読んでいます。ファイルが切り替わる {switch} からの {months} か月の売上は前年同期比 {step} です{within}。{others} が税抜(会計の売上高)なら、Sources シート {rows} 行目に「税」列を作って「税抜」と入力してください({source} を税抜にそろえます)。税込なら「税込」と入力してください。このままでは税の分(約10%)の段差が伸びとして読まれ、傾向・実現可能性・目標がずれます",
        "en": "{source}'s amounts (column '{column}') are tax-included, but the amount columns {other_columns_en} of {others_en} do not say whether they include tax; the whole history is read as tax-included. The {months} months from the switch of files in {switch} are {step} over the same months a year before{within_en}. If the amounts of {others_en} are net of tax (the books' net sales), add a 税 (Tax) column to the Sources sheet and type 税抜 on row {rows_en} ({source} is then brought to net of tax); if they include tax, type 税込. Read as it is, the tax's step (about 10%) reads as growth, and the trend, the feasibility and the targets are off",
    },
    "tax_stack_untold_given": {
        "ja": "{source} の金額(列「{column}」)は税込ですが、{others} の金額の列{other_columns}は税込か税抜かを示していません。いまは全期間を税込として読んでいます。ファイルが切り替わる {switch} からの {months} か月の売上は前年同期比 {step} です{within}。{others} が税抜(会計の売上高)なら、金額の見出しを「金額(税抜)」にしてください({source} を税抜にそろえます)。このままでは税の分(約10%)の段差が伸びとして読まれ、傾向・実現可能性・目標がずれます",
        "en": "{source}'s amounts (column '{column}') are tax-included, but the amount columns {other_columns_en} of {others_en} do not say whether they include tax; the whole history is read as tax-included. The {months} months from the switch of files in {switch} are {step} over the same months a year before{within_en}. If the amounts of {others_en} are net of tax (the books' net sales), head their amount column 金額(税抜) ({source} is then brought to net of tax). Read as it is, the tax's step (about 10%) reads as growth, and the trend, the feasibility and the targets are off",
    },
    "tax_typed_header_wins": {
        "ja": "Sources シート {source_row} 行目の「税」は「{typed}」ですが、金額の列「{column}」の見出しは逆を示しています。見出しのとおりに読みました。見出しが正しくなければ、見出しを直してください",
        "en": "Sources row {source_row} types the tax basis as {typed_en}, but the amount column '{column}' says the other: read as its header says. If the header is wrong, correct the header",
    },
    "err.source_unknown_tax": {
        "ja": "データソース {row}行目の「税」の「{typed}」がわかりません: 税込 か 税抜 のどちらかにしてください(空欄なら金額の見出しのとおりに読みます)。税込と税抜を取り違えると、ファイルの切り替えで売上が税の分だけ段差になるため、ここで止めました",
        "en": "Sources row {row}: unknown tax basis '{typed}': type 税込 (tax-included) or 税抜 (net of tax), or leave it blank to read the amounts as their header says. Read the wrong way the revenue steps by the tax where the files switch, so the run stopped here",
    },
    # fix49c (trial 49 H1): a visit log typed with the customers' names read under their
    # codes through the master's (or the orders') names (validation.visit_names).
    "visits_matched_by_name": {
        "ja": "{source} の列「{column}」は顧客名で書かれているため、{by} の顧客名(空白・全角半角・株式会社/(株)の違いは同じとみます)で顧客コードに対応させました: 訪問 {rows:,}行({names:,}通りの名前 → {accounts:,}顧客)",
        "en": "{source}'s column '{column}' gives the customers by name: matched to their codes through the customer names of {by} (spaces, full/half width and 株式会社/(株) alike): {rows:,} visit rows ({names:,} spellings → {accounts:,} accounts)",
    },
    "visit_names_unmatched": {
        "ja": "{source} の列「{column}」の顧客名 {names:,}通り(訪問 {rows:,}行)は {by} のどの顧客名とも一致しないため、どの顧客の訪問にも数えていません(例: {examples})。{by} と同じ表記に直すか、顧客コードの列を足してください",
        "en": "{names:,} customer names in {source}'s column '{column}' ({rows:,} visit rows) match no customer name of {by}, so they count as no customer's visits (e.g. {examples_en}). Type them as {by} does, or add a customer code column",
    },
    "visit_names_unmatched_row": {
        "ja": "この顧客名に一致する顧客がありません(訪問 {rows:,}行)",
        "en": "no customer has this name ({rows:,} visit rows)",
    },
    "visit_names_ambiguous": {
        "ja": "{source} の列「{column}」の顧客名 {names:,}通り(訪問 {rows:,}行)は {by} で2つ以上の顧客コードが同じ名前のため、どの顧客の訪問か決められず数えていません(例: {examples})。顧客コードの列を足してください",
        "en": "{names:,} customer names in {source}'s column '{column}' ({rows:,} visit rows) are the name of two or more codes in {by}, so which customer was visited cannot be told and they are not counted (e.g. {examples_en}). Add a customer code column",
    },
    "visit_names_ambiguous_row": {
        "ja": "この顧客名の顧客が2つ以上あります(訪問 {rows:,}行)",
        "en": "two or more customers have this name ({rows:,} visit rows)",
    },
    "visits_accounts_unmatched": {
        "ja": "{source} の列「{column}」の顧客 {visited:,}件のうち、受注・顧客マスタの顧客と一致するのは {found:,}件({share})だけです(例: 訪問「{example}」、受注「{code}」)。このままでは訪問がほとんどどの顧客にも結びつかず、訪問数・訪問あたり受注数・Daily の訪問計画が使えません。訪問記録の顧客欄を受注と同じ顧客コードにするか、顧客マスタと同じ表記の顧客名の列にしてください",
        "en": "of the {visited:,} customers in {source}'s column '{column}', only {found:,} ({share}) are customers of the orders or the master (e.g. visit '{example}', order '{code}'). Read as it is, the visits belong to almost no customer, and visit counts, orders per visit and the Daily's visit plan are unusable. Give the visit log the orders' customer codes, or a customer-name column typed as the master names them",
    },
    # fix49a (trial 48 L8's code): the team's price-list rise has its own flag code
    # (core.flags ``price_code``); its kind in words where the team copy shows the code.
    "flag_kind.unit_price_rising": {"ja": "取引単価の上昇", "en": "Unit price rise"},
    # fix49a (trial 48 N2): more new accounts than appointments won (core.meetings
    # ``direct_wins``): the ratio kept as observed, not capped at one appointment a win.
    "plan.pipeline_direct_note_over": {
        "ja": "商談の記録が少ないため(前年 商談 {meetings}件・新規 {wins}件)、新規顧客数はアポ獲得から計画しました。前年は新規 {wins}件に対しアポ獲得 {won}件で、記録されたアポを経ない新規もありました(アポ獲得1件あたり新規 {ratio}件)。アポ獲得は新規獲得の目標に比例させ、新規獲得の目標 {n1}件にはアポ獲得 約{need}件(担当者ごとに本人の前年の比率で計算){attempts}。商談数と商談成約率には目標を置いていません(商談の記録がこれだけでは率が読めないため)",
        "en": "Few meetings are logged (last year {meetings} meetings, {wins} new accounts), so new accounts are planned from appointments won. Last year's {wins} new accounts came with {won} appointments won: some came without a logged appointment ({ratio} new accounts per appointment won). The appointments planned move in proportion with the new accounts: the target {n1} needs about {need} appointments (each rep at his own ratio of last year){attempts}. Meetings and the meeting win rate have no target (so few meetings carry no rate)",
    },
    # review49: a KGI typed as the formula's argument (「13億なら？」) is not the KGI cell's: the
    # Plan's shortfall is the cell's, so the note says the formula's own (formula_job).
    "formula.kgi_capped_what_if": {
        "ja": "(KGI {kgi} は根拠から届く最大 {most} を超えるため、目標は上限で止まります。残り {gap} は届かない分です。計画シートの不足額は KGI セルの {cell} に対するものです)",
        "en": "(the KGI {kgi} is above the largest reachable {most}: targets stop at the ceilings and the other {gap} is out of reach; the Plan's shortfall is for the KGI cell's {cell})",
    },
    # review49: a 税込 file beside an untold one with no step at the switch (under 5%, a
    # warning): the untold file is probably 税込 too — not 「段差が伸びとして読まれ」.
    "tax_stack_untold_small": {
        "ja": "{source} の金額(列「{column}」)は税込ですが、{others} の金額の列{other_columns}は税込か税抜かを示していません。ファイルが切り替わる {switch} からの {months} か月の売上は前年同期比 {step} で{within}、税の分(約10%)の段差は見えないため、{others} も税込とみて全期間を税込として読んでいます。そのとおりなら Sources シート {rows} 行目に「税」列を作って「税込」と入力すると、この行は出なくなります。{others} が税抜(会計の売上高)なら「税抜」と入力してください({source} を税抜にそろえます)",
        "en": "{source}'s amounts (column '{column}') are tax-included, but the amount columns {other_columns_en} of {others_en} do not say whether they include tax. The {months} months from the switch of files in {switch} are {step} over the same months a year before{within_en}: no step of the tax (about 10%), so {others_en} is read as tax-included too, and the whole history with it. If so, add a 税 (Tax) column to the Sources sheet and type 税込 on row {rows_en}, and this line goes; if the amounts of {others_en} are net of tax (the books' net sales), type 税抜 ({source} is then brought to net of tax)",
    },
    "tax_stack_untold_given_small": {
        "ja": "{source} の金額(列「{column}」)は税込ですが、{others} の金額の列{other_columns}は税込か税抜かを示していません。ファイルが切り替わる {switch} からの {months} か月の売上は前年同期比 {step} で{within}、税の分(約10%)の段差は見えないため、{others} も税込とみて全期間を税込として読んでいます。そのとおりなら金額の見出しを「金額(税込)」にすると、この行は出なくなります。{others} が税抜(会計の売上高)なら「金額(税抜)」にしてください({source} を税抜にそろえます)",
        "en": "{source}'s amounts (column '{column}') are tax-included, but the amount columns {other_columns_en} of {others_en} do not say whether they include tax. The {months} months from the switch of files in {switch} are {step} over the same months a year before{within_en}: no step of the tax (about 10%), so {others_en} is read as tax-included too, and the whole history with it. If so, head their amount column 金額(税込) and this line goes; if they are net of tax (the books' net sales), head it 金額(税抜) ({source} is then brought to net of tax)",
    },
    # fix49g (trial 49 L3): visit lines with a blank code and a customer name read under the
    # one code the name is (validation.visit_names.blank_codes); the Daily's never-visited
    # line when the visit log's accounts match none of the orders' (visits_accounts_unmatched).
    "visits_code_from_name": {
        "ja": "{source} の列「{code}」が空欄の訪問 {rows:,}行は、列「{column}」の顧客名が {by} の顧客1件の顧客名と一致したため(空白・全角半角・株式会社/(株)の違いは同じとみます)、その顧客の訪問として読みました({names:,}通りの名前 → {accounts:,}顧客。例: {examples})",
        "en": "{rows:,} visit rows with a blank '{code}' in {source} were read as visits of the customer whose name in {by} their '{column}' matches, one customer each (spaces, full/half width and 株式会社/(株) alike): {names:,} spellings → {accounts:,} accounts (e.g. {examples_en})",
    },
    "visits_code_blank_unmatched": {
        "ja": "{source} の列「{code}」が空欄の訪問 {rows:,}行({names:,}通りの顧客名)は、列「{column}」の顧客名が {by} のどの顧客名とも一致しないため、どの顧客の訪問にも数えていません(例: {examples})。顧客コードを入れるか、顧客名を {by} と同じ表記にしてください",
        "en": "{rows:,} visit rows with a blank '{code}' in {source} ({names:,} customer names) have a '{column}' matching no customer name of {by}, so they count as no customer's visits (e.g. {examples_en}). Type the customer code, or the name as {by} does",
    },
    "visits_code_blank_unmatched_row": {
        "ja": "顧客コードが空欄で、この顧客名の顧客がありません(訪問 {rows:,}行)",
        "en": "no customer code, and no customer has this name ({rows:,} visit rows)",
    },
    "visits_code_blank_ambiguous": {
        "ja": "{source} の列「{code}」が空欄の訪問 {rows:,}行({names:,}通りの顧客名)は、列「{column}」の顧客名が {by} で2つ以上の顧客コードの名前のため、どの顧客の訪問か決められず数えていません(例: {examples})。顧客コードを入れてください",
        "en": "{rows:,} visit rows with a blank '{code}' in {source} ({names:,} customer names) have a '{column}' that two or more codes share in {by}, so which customer was visited cannot be told and they are not counted (e.g. {examples_en}). Type the customer code",
    },
    "visits_code_blank_ambiguous_row": {
        "ja": "顧客コードが空欄で、この顧客名の顧客が2つ以上あります(訪問 {rows:,}行)",
        "en": "no customer code, and two or more customers have this name ({rows:,} visit rows)",
    },
    "daily.never_visited_unmatched": {
        "ja": "受注はあっても訪問の記録が一度もない顧客 {count}件は一覧に入れていません。訪問記録の顧客が受注・顧客マスタの顧客とほとんど一致していないためです: チェックシートを見てください",
        "en": "{count} accounts with orders and no visit on record are left off the list: the visit log's customers hardly match those of the orders and the master, see the Checks sheet",
    },
    # fix49h (trial 49 M1): the unit-price gap of a year without last year's rare large
    # orders (core.lumps): said, no colleague named.
    "action.behind_pace_lumps": {
        "ja": "差の主因は{lever}です(実績 {actual} / 目標 {target}、売上への影響 {contribution})。前年は大型の受注 {lumps}({n}件)を含みます(今年度はここまで {now}、{now_n}件)。大型の受注は年に数件で、いつどの顧客から来るかは売り方で決まらないため、同僚のやり方をまねる話ではありません。大型の受注の見込みがあるかを担当者と確かめ、なければ目標の取引単価の前提を見直してください",
        "en": "most of the gap is {lever} (actual {actual} vs target {target}, {contribution} of revenue). Last year included large orders of {lumps} ({n} orders); this year so far {now} ({now_n}). Large orders come a few a year, and when and from whom is no way of selling, so this is not a colleague's way to copy: check with the rep whether large orders are in sight, and if not, revisit the unit-price assumption of the target",
    },
    "review.finding.main_lumps": {
        "ja": "差の主因。前年は大型の受注 {lumps}({n}件)を含みます(今年度は {now}、{now_n}件)。同僚のやり方をまねる話ではありません",
        "en": "main gap. Last year included large orders of {lumps} ({n} orders); this year so far {now} ({now_n}): no colleague's way to copy",
    },
    # fix49i: the running year's losses to date count a master's closures nobody typed in
    # the month the lapse rule knew them (core.measure.known_losses): the Dashboard says so.
    "dash.known_losses_head": {
        "ja": "解約数・継続率の実績",
        "en": "Cancellations, retention to date",
    },
    "dash.known_losses": {
        "ja": "顧客マスタに解約日のない解約 {count:,}件は、最後の受注から{days}日たって解約と分かった月に数えています(取引が止まったのはその約半年前)。直近{days}日に止まった顧客はまだ分からないため数えていません",
        "en": "{count:,} closures with no end date on the customer master count in the month they became known, {days} days after the last order (they stopped about half a year earlier). Customers who stopped in the last {days} days are not known yet and not counted",
    },  # fix49i (trial 49 M2): a new account at a silent one's address ends the old one
    # (core.same_address); the Checks info line names the pairs and the address.
    "same_address_closed": {
        "ja": "同じ住所で新しい顧客が取引を始め、その後受注のない顧客 {count}件は閉店(居抜きなど)とみなし、解約日を最終受注の翌日としました(旧 → 新(住所、解約日): {pairs})。まだ取引が続いている場合は、顧客シートの住所か開始日を確認してください",
        "en": "{count} accounts with no order since a new account started at the same address are read as closed (e.g. premises taken over), ended the day after their last order (old → new (address, end): {pairs}). If one still buys from you, check the address or the start date on the Accounts sheet",
    },
    # fix49k: a rep copy's visit plan, above his stops: his never-visited accounts when the
    # visit log matches no order account (the master's daily.never_visited_unmatched), and
    # his accounts past their check week, probably closed or gone quiet (core.daily
    # _closed_off, DailyPlan.closed_of; replaced fix49b's count of the probably closed only).
    "share.daily_never_visited_unmatched": {
        "ja": "受注はあっても訪問の記録が一度もないあなたの顧客 {count}件はこの計画に入れていません。訪問記録の顧客が受注・顧客マスタの顧客とほとんど一致していないためです: 管理者のチェックシートに出ています",
        "en": "{count} of your accounts with orders and no visit on record are left off this plan: the visit log's customers hardly match those of the orders and the master (on your manager's Checks sheet)",
    },
    "share.daily_closed_quiet_left_off": {
        "ja": "閉店・取引終了の可能性が高い顧客と、訪問も受注も長く途絶えた顧客 合わせて {count}件は、確認の週({confirm}日)を過ぎたためこの計画に入れていません。顧客名は「{flags}」シートにあります。営業が続いていれば管理者に伝えてください",
        "en": "{count} of your accounts, probably closed or gone quiet (no visit and no order for long), are past their check week ({confirm} days) and left off this plan; their names are on the '{flags}' sheet. If one still trades, tell your manager",
    },
    # fix50b (trial 49 V2): a name-keyed visit log's names matching no customer said apart:
    # prospects (seen only on 新規/アポ/商談 visits: nothing to fix) and names near a
    # customer's name (a word dropped or added: typos to fix); the rest visit_names_unmatched.
    "visit_names_prospects": {
        "ja": "{source} の列「{column}」の顧客名 {names:,}通り(訪問 {rows:,}行)は新規・アポ・商談の訪問にだけ出てくる名前で、{by} にまだない見込み客とみて、どの顧客の訪問にも数えていません(例: {examples})。直す必要はありません",
        "en": "{names:,} customer names in {source}'s column '{column}' ({rows:,} visit rows) appear only on prospecting visits (new business, appointments, meetings): read as prospects not yet in {by}, they count as no customer's visits (e.g. {examples_en}). Nothing to fix",
    },
    "visit_names_near": {
        "ja": "{source} の列「{column}」の顧客名 {names:,}通り(訪問 {rows:,}行)は {by} の顧客名と前後の語が違うだけで(打ち間違いや省略とみられます)、同じ顧客とは決められないため、どの顧客の訪問にも数えていません(例: {examples})。{by} と同じ表記に直すか、顧客コードの列を足してください",
        "en": "{names:,} customer names in {source}'s column '{column}' ({rows:,} visit rows) differ from a customer name of {by} only by words before or after it (likely typos or short forms), so they cannot be told to be that customer and count as no customer's visits (e.g. {examples_en}). Type them as {by} does, or add a customer code column",
    },
    "visit_names_near_row": {
        "ja": "この顧客名に一致する顧客がありません(訪問 {rows:,}行)。近い顧客名: {near}",
        "en": "no customer has this name ({rows:,} visit rows); a near customer name: {near_en}",
    },
    # fix50b (trial 49 V3): the step at a stack's switch of files, 税抜 to 税込 with nothing
    # saying which (the critical tax_stack_untold line), said as that, not as a price
    # revision (validation.tax_step; in the place of the price_step note).
    "price_step_tax": {
        "ja": "{kpi}は{month}に一度{size}変わりました。ファイルが {switch} に切り替わるところ({others} → {source})の税抜・税込の違いとみられ(チェックシートの重大な行)、価格改定ではありません。Sources シートの「税」列に税込か税抜かを入力するまでは一度きりの段差として扱い、毎年の伸びとしては繰り返さず、チームの好調な年の伸びからも除いています",
        "en": "{kpi} changed once, by {size} in {month}: most likely the switch of files in {switch} ({others_en} → {source}) from tax-excluded to tax-included amounts (the critical line on the Checks sheet), not a price revision. Until the Sources sheet's 税 column says which is tax-included or net of tax, it is carried as a one-off step: not repeated as a yearly rise, and left out of the team's strong-year growth",
    },
    "plan.lever_source_step_tax": {
        "ja": "{month}の{size}はファイルの切り替わりでの税抜・税込の違いとみられる段差で(下の注意)、毎年の伸びとしては見込んでいません(段差を分けずに過去1年ごとの伸びから読めば {replaced})。",
        "en": " The {size} in {month} looks like the switch of files from tax-excluded to tax-included amounts (see the note below), not repeated as a yearly rise ({replaced} read from the past years' changes with it left in).",
    },
    # fix50b: the KGI's unit check when the history's own unit slip (a file or months in
    # 千円 read as yen, the critical rows above it) makes last year read ×1/1,000: its likely
    # cause named, the banner left to that row (validation.unit_slip.by_cause).
    "kgi_scale_slip": {
        "ja": "KGI {kgi} が前年実績 {baseline} の{scale}です。前年実績には千円・万円単位とみられる金額(上の重大な行)が含まれているため、まずそちらを直して計算し直してください。それでもこの行が出るときは KGI の単位を確認してください(円で入力: {hint_ja})",
        "en": "the KGI {kgi} is {scale} of last year's revenue {baseline}, but last year holds amounts that look kept in thousands (the critical rows above): fix those first and recalculate. If this row stays, check the KGI's unit (type yen: {hint_en})",
    },
    # core.swing.frequency_swing: a season whose orders per account swung and came back (a
    # call-in delivery route's warm winter: fewer deliveries, each the usual size; trial 50
    # H1), read at its years' level for the trend and the month pattern.
    "weather_frequency_levelled": {
        "ja": "顧客あたりの受注件数(受注件数÷稼働顧客数)は、{first}〜{last}の{count}か月に、前年の同じ月より{before}、翌年の同じ月はそこから{after}で、前後の年の平均より{size}でした(担当者別に見ても、チームの受注の{share}を占める担当者たちに同じ振れがありました)。1件あたりの数量ではなく配達・受注の回数に出た、天候(暖冬・寒い冬など)による一時的な振れとみなし、これまでの伸び(傾向)、チームの好調な年の伸び、レバーの動きの大きさと上限、月別の構成比(各月の目標と着地見込み)は、この{count}か月の受注件数と訪問件数を前後の年の同じ月の顧客あたりの水準にして測っています(1件あたりの金額は実績のまま)。その後の回数の戻りは、訪問頻度や受注件数の伸び・落ち込みとしては見込みません。前年実績(基準)は実績のままです",
        "en": "the orders per account (orders ÷ active accounts) in {first} – {last} ({count} months) were {before} on the same months a year before and {after} the year after, {size} against the years either side (reps holding {share} of the team's orders had the same swing): taken as a one-off swing in how often customers ordered, such as a warm or cold winter, not in the size of each order. The trends, the team's strong-year growth, how much the levers move, their ceilings and the month pattern (each month's target and the landing) are measured with those months' orders and visits at the same months' level per account a year before and after (each order's amount as booked); the return afterwards is not planned as growth or decline in visit frequency or orders. The baseline is as booked",
    },
    # The same at the history's first season (no year before; trial 50 M5): read at the year
    # after's level when the rest of that year did not move.
    "weather_frequency_edge": {
        "ja": "顧客あたりの受注件数(受注件数÷稼働顧客数)は、履歴の最初の{first}〜{last}の{count}か月が、翌年の同じ月より{size}でした。その年の他の月はほとんど変わっておらず、この季節だけが動いています(担当者別に見ても、チームの受注の{share}を占める担当者たちに同じ振れがありました)。前の年の履歴がないため、天候(暖冬など)によるこの季節だけの振れとみなし、この{count}か月の受注件数と訪問件数を翌年の同じ月({later_first}〜{later_last})の顧客あたりの水準にして、これまでの伸び(傾向)、チームの好調な年の伸び、レバーの動きの大きさと上限、月別の構成比(各月の目標と着地見込み)を測っています。その回数の戻りは、訪問頻度や受注件数の伸びとしては見込みません。翌年({later_first}〜{later_last})のほうがいつもと違う季節(寒い冬など)だった場合は、見込みが高めになります。前年実績(基準)は実績のままです",
        "en": "the orders per account (orders ÷ active accounts) in the history's first {first} – {last} ({count} months) were {size} on the same months a year later, while the rest of that year hardly moved: the season alone moved (reps holding {share} of the team's orders had the same swing). With no year before it, this is taken as a one-off season such as a warm winter: the trends, the team's strong-year growth, how much the levers move, their ceilings and the month pattern (each month's target and the landing) are measured with those months' orders and visits at the level per account of the same months a year later ({later_first} – {later_last}); the return is not planned as growth in visit frequency or orders. Had the later season ({later_first} – {later_last}) been the unusual one (a cold winter), the plan reads high. The baseline is as booked",
    },
    # fix50e (trial 50 M4): the plan's base year itself a one-off wave of closures (core.shock
    # base_year): the other years' range ({low}–{high}); _after: the months after it the data
    # close ({months}, their rate {after}). The rest as 「churn_shock」.
    "churn_shock_base": {
        "ja": "閉店の多かった{year}(直近の年度): 解約率(保有顧客1社・1年あたり){rate}は他の年の中央値{usual}の{times}倍でした。その前の年は{low}〜{high}で平常だったため一度きりの波とみなし、計画の解約率は他の年の率で読み(その年の解約のうち約{excess}件を超過分とみなしました)、前年比(傾向・好調な年・上限)はその超過分の解約がなかったものとして読みました。同じ理由の解約(競合への切り替えなど)がまだ続くと見込むなら、解約数の目標はその分低すぎます",
        "en": "{year} (the latest whole year) had many closures: its churn (per account-year held) of {rate} was {times} times the other years' median {usual}. The years before it were at the usual level ({low}–{high}), so it is taken as a one-off wave: the plan's churn reads the other years' rate (about {excess} of that year's losses counted as excess), and the year-on-year changes (trend, strong year, ceiling) are read as if those excess losses had not happened. If losses for the same reason (customers switching to a rival, say) are still going on, the cancellations target is that much too low",
    },
    "churn_shock_base_after": {
        "ja": "閉店の多かった{year}(直近の年度): 解約率(保有顧客1社・1年あたり){rate}は他の年の中央値{usual}の{times}倍でした。その前の年は{low}〜{high}で平常、その後の{months}か月も{after}と波の水準ではないため一度きりの波とみなし、計画の解約率は他の年の率で読み(その年の解約のうち約{excess}件を超過分とみなしました)、前年比(傾向・好調な年・上限)はその超過分の解約がなかったものとして読みました",
        "en": "{year} (the latest whole year) had many closures: its churn (per account-year held) of {rate} was {times} times the other years' median {usual}. The years before it were at the usual level ({low}–{high}) and the {months} months since are not at the wave's ({after}), so it is taken as a one-off wave: the plan's churn reads the other years' rate (about {excess} of that year's losses counted as excess), and the year-on-year changes (trend, strong year, ceiling) are read as if those excess losses had not happened",
    },
    # fix50e (trial 47 鈴木): core.landing_warn ``behind_landing`` — on pace to date, the
    # landing under PaceWarn of the year's target ({share}; {warn}: PaceWarn).
    "flag.behind_landing": {
        "ja": "{kpi}の着地見込み {forecast} は年間目標 {target} の {share} です。これまでの進捗率 {pace} は警告線 {warn} を上回っていますが、残りの月の目標が重いか、残りの見込みが目標より弱いため、このままでは年度で届きません",
        "en": "{kpi} is forecast to land at {forecast}, {share} of the year's target {target}. The pace to date of {pace} is above the {warn} warning line, but the months left weigh more in the target or are forecast weaker than it: at this rate the year falls short",
    },
    "action.behind_landing": {
        "ja": "残りの月の目標と着地見込みの差(どの月・どの顧客で足りないか)を確認し、訪問計画を前倒ししてください",
        "en": "check where the months left fall short of their targets (which months, which accounts) and bring visits forward",
    },
    # The same when that first season was the heavier one (a cold first winter, read down to
    # the year after's level): the other way round (review50).
    "weather_frequency_edge_above": {
        "ja": "顧客あたりの受注件数(受注件数÷稼働顧客数)は、履歴の最初の{first}〜{last}の{count}か月が、翌年の同じ月より{size}でした。その年の他の月はほとんど変わっておらず、この季節だけが動いています(担当者別に見ても、チームの受注の{share}を占める担当者たちに同じ振れがありました)。前の年の履歴がないため、天候(寒い冬など)によるこの季節だけの振れとみなし、この{count}か月の受注件数と訪問件数を翌年の同じ月({later_first}〜{later_last})の顧客あたりの水準にして、これまでの伸び(傾向)、チームの好調な年の伸び、レバーの動きの大きさと上限、月別の構成比(各月の目標と着地見込み)を測っています。その後の回数の減りは、訪問頻度や受注件数の落ち込みとしては見込みません。翌年({later_first}〜{later_last})のほうがいつもと違う季節(暖冬など)だった場合は、見込みが低めになります。前年実績(基準)は実績のままです",
        "en": "the orders per account (orders ÷ active accounts) in the history's first {first} – {last} ({count} months) were {size} on the same months a year later, while the rest of that year hardly moved: the season alone moved (reps holding {share} of the team's orders had the same swing). With no year before it, this is taken as a one-off season such as a cold winter: the trends, the team's strong-year growth, how much the levers move, their ceilings and the month pattern (each month's target and the landing) are measured with those months' orders and visits at the level per account of the same months a year later ({later_first} – {later_last}); the fall after it is not planned as a decline in visit frequency or orders. Had the later season ({later_first} – {later_last}) been the unusual one (a warm winter), the plan reads low. The baseline is as booked",
    },
    # core.swing.in_yen: the quantity season on months whose orders per account swung too, read
    # on revenue per order there (trial 50: m³ and litres in one column, the mix levelled twice).
    "weather_swing_in_yen": {
        "ja": "1受注あたりの数量(数量÷受注件数)は、{first}〜{last}の{count}か月に、前年の同じ月より{before}、翌年の同じ月はそこから{after}で、前後の年の平均より{size}でした(担当者別に見ても、チームの受注の{share}を占める担当者たちに同じ振れがありました)。{yen_first}〜{yen_last}の{yen_count}か月は顧客あたりの受注件数も振れていたため(下の注意)、数量の振れには減った配達の商品や単位の違い(m3とLなど)も入ります。この{yen_count}か月は1受注あたりの金額(金額÷受注件数)の前後の年の平均との差({yen}。数量の振れを上限)を天候(暖冬など)による一時的な振れとみなし、これまでの伸び(傾向)、チームの好調な年の伸び、レバーの動きの大きさと上限、月別の構成比(各月の目標と着地見込み)は、この振れを前後の年の同じ月の平均の水準にして測っています。前年実績(基準)は実績のままです",
        "en": "the quantity per order (quantity ÷ orders) in {first} – {last} ({count} months) was {before} on the same months a year before and {after} the year after, {size} against the years either side (reps holding {share} of the team's orders had the same swing). In {yen_first} – {yen_last} ({yen_count} months) the orders per account swung too (the note below), so the quantity per order also moved with the products and units of the deliveries that fell away (m3 and litres, say): for those months the swing is read in yen, the revenue per order against the mean of the years either side ({yen}, at most the quantity's), and taken as a one-off swing such as a warm winter. The trends, the team's strong-year growth, how much the levers move, their ceilings and the month pattern (each month's target and the landing) are measured with it at the level of the years either side; the baseline is as booked",
    },
    # fix50c (trial 50 H2/M3): a monthly summary (年月 2021/04) and a count-of-orders column
    # (配送回数) on the order input (validation.monthly).
    "monthly_summary": {
        "ja": "{source} は月ごとの集計表として読みました({why}): 各行の日付はその月の1日、列「{count_column}」の数を受注件数として数えます({rows}行 → 受注 {orders}件、金額はその件数で割って各受注に)。曜日・休日・取引開始日の確認にはこの表の行を使っていません",
        "en": "{source} is read as a monthly summary ({why_en}): each row is dated on its month's 1st and counts as the orders in column '{count_column}' ({rows} rows → {orders} orders, the amount split among them). Its rows are left out of the weekday, holiday and start-date checks",
    },
    "monthly_summary_no_count": {
        "ja": "{source} は月ごとの集計表です({why})が、受注件数の列がないため、各行を受注1件と数えました({rows}行)。この表の期間の受注件数・取引単価・訪問あたり受注数は、明細(1件1行)の期間と比べられず、切り替えの前後で段差になります。配送回数・件数などの列を見出し「{headers}」のどれかで加えてください(各行がその件数の受注として数えられます)",
        "en": "{source} is a monthly summary ({why_en}) with no count of orders: each of its {rows} rows is counted as one order, so orders, unit price and orders per visit over its months cannot be compared with the line-level months after it and step at the switch. Add the deliveries or order count under one of the headers '{headers_en}' (each row then counts as that many orders)",
    },
    "monthly_why.typed": {
        "ja": "列「{column}」が年月だけ",
        "en": "column '{column}' holds months only",
    },
    "monthly_why.header": {
        "ja": "列「{column}」が年月の列で、日付がすべて月の1日",
        "en": "column '{column}' is a month column, every date a 1st",
    },
    "monthly_why.firsts": {
        "ja": "列「{column}」の日付が何か月にもわたってすべて月の1日",
        "en": "every date in column '{column}' is a month's 1st, over many months",
    },
    "order_count_read": {
        "ja": "{source} の列「{count_column}」を1行あたりの受注件数として読みました({rows}行 → 受注 {orders}件、金額はその件数で割って各受注に)",
        "en": "{source}: column '{count_column}' is read as each row's number of orders ({rows} rows → {orders} orders, the amount split among them)",
    },
    # fix50g (trial 50 H5): a rep's months mostly on leave are left out of his visit ratios
    # with their cover visits, and the months he worked carried to a year by the team's
    # visit season (core.at_work.visit_season), not flat: one rule, not both.
    "leave_at_work_season": {
        "ja": "{rep}: 基準期間の休暇 {days} 営業日。訪問の指標(訪問頻度・訪問あたり受注数)は勤務した月で測りました(休暇が営業日の半分以上の {months} か月は代行訪問ごと除き、残りの月をチームの月ごとの訪問の多さで1年分に換算: 勤務した月はチームの1年の訪問の {share}。稼働顧客数・取引単価は1年分のまま)",
        "en": "{rep}: {days} working days of leave in the baseline. The visit ratios (visit frequency, orders per visit) are measured on the months worked (the {months} months at least half on leave left out with their cover visits, the rest carried to a year by the team's month-by-month visits: the months worked hold {share} of the team's visit year; active accounts and unit price keep the whole year)",
    },
    "leave_cover_visits_apart": {
        "ja": "{visitor} が {holder} の休暇中に {holder} の顧客へ訪問した {visits} 件は代行訪問です。{visitor} の訪問頻度には含めず、{holder} の訪問頻度はその休暇の月を除いて測りました(代行訪問と休暇の月の両方で数えると二重になるため)",
        "en": "the {visits} visits {visitor} made to {holder}'s accounts during {holder}'s leave are cover: not in {visitor}'s visit frequency, and {holder}'s is measured without those leave months (counting both would count the months twice)",
    },
    "plan.rep_leave_baseline_season": {
        "ja": "。基準期間に{reason}({span}): 休暇中に同僚が代行した受注 {orders} 件 {revenue} は本人の実績として数えました。訪問の指標は勤務した月で測り(代行訪問 {visits} 件の休暇の月は除く)、チームの月ごとの訪問の多さで1年分に換算しました",
        "en": "; {reason} in the baseline ({span}): the {orders} orders ({revenue}) colleagues made on his accounts during it count as his; his visit ratios are measured on the months he worked (the leave months, with {visits} cover visits, left out) and carried to a year by the team's month-by-month visits",
    },
    # fix50g (trial 50 H6): a colleague's weeks on a rep's accounts that read as a leave
    # nobody typed (core.untyped_leave): the Leave row to type (validation.leave).
    "leave_untyped": {
        "ja": "{holder}さんが担当の顧客 {accounts}件に、{first}〜{last}({weeks}週間)だけ {cover}さんの名前で受注が {orders}回(顧客×日)付いています。その間 {holder}さんの受注はほとんどなく、前後は {holder}さんが受注しています。休暇の代行なら、休暇・不在シートに「{holder} | {first} | {last} | 代行者 {cover}」の行を入力してください(入力がないため、この受注は {cover}さんの実績として基準と目標に数えています)。担当替えなら顧客シートの担当者を直してください(目安: {min_days}日以上・{min_accounts}件以上の顧客・その前後に{cover}さんの受注がほとんどない)",
        "en": "{cover} booked {orders} order days on {accounts} of {holder}'s accounts from {first} to {last} ({weeks} weeks) only, while {holder} booked next to nothing and booked them before and after. If it was cover for a leave, type the row '{holder} | {first} | {last} | cover {cover}' on the Leave sheet (without it these orders count as {cover}'s in the baseline and targets). If the accounts changed hands, correct the rep on the Accounts sheet (read when: {min_days} days or more, {min_accounts} accounts or more, and hardly any of {cover}'s orders on them before or after)",
    },
    # fix50i (trial 50 H3): core.flags ``_premise_off`` — a lever's target off for the whole
    # team while revenue is on pace: the team's row says why no rep is warned; a rep still
    # warned is clearly below the team's own pace ({team}).
    "flag.behind_pace_premise_off": {
        "ja": "。売上は目標どおり(進捗率 {revenue})で、チーム全体が同じように届いていないため、担当者ごとの警告は出していません(チームの進捗率を大きく下回る担当者を除く)",
        "en": "; revenue is on pace ({revenue}) and the whole team falls short alike, so no rep is warned for it (except one clearly below the team's pace)",
    },
    "flag.behind_pace_below_team": {
        "ja": "。チーム全体の進捗率 {team} も目標の前提のずれで低めですが、それを大きく下回っています",
        "en": "; the team's pace of {team} is low too (the target's assumption is off), but this is well below it",
    },
    # fix50f (trial 50 M6): a declared revision in the history against each product's own
    # price, each month against the same month a year before (core.price_index.year_changes),
    # not 金額÷数量 over mixed units; the size typed is applied to all sales, and one
    # product's revision is about its share × its size for the company. Checks rows at
    # PriceRevisionPct (validation.settings.REVISION_NOTES): information, a warning when the
    # products together differ from the size typed.
    "price_revision_by_product": {
        "ja": "設定の価格改定({month} {size})は、すべての商品の売上にかけて計画しました。商品ごとに前年の同じ月と比べると、{month}からの6か月の価格は {products} 変わっています(カッコ内は売上の割合、全体で {measured})。改定が一部の商品だけなら、会社全体の幅はおよそ「その商品の売上の割合 × 改定の幅」です(例: 売上の{share}の商品だけが {size} なら 約 {whole})。その幅を PriceRevisionPct に入力してください",
        "en": "the price revision set ({size} in {month}) is planned on all sales. Each product against the same months a year before, prices in the 6 months from {month} changed: {products} (share of sales in brackets; {measured} for all). If the revision covered only some products, the company-wide size is about their share of sales × the revision (e.g. {size} on products with {share} of sales is about {whole}): type that in PriceRevisionPct",
    },
    "price_revision_by_product_differs": {
        "ja": "設定の価格改定の幅({month} {size})は、履歴の価格と合っていません。商品ごとに前年の同じ月と比べると、{month}からの6か月の価格は {products} 変わっています(カッコ内は売上の割合、全体で {measured})。設定の幅をすべての商品の売上にかけて計画しました。改定が一部の商品だけなら、会社全体の幅はおよそ「その商品の売上の割合 × 改定の幅」です(例: 売上の{share}の商品だけが {size} なら 約 {whole})。幅(と月)を確認してください",
        "en": "the price revision size set ({size} in {month}) is not what the history shows: each product against the same months a year before, prices in the 6 months from {month} changed: {products} (share of sales in brackets; {measured} for all). The size set is planned on all sales. If the revision covered only some products, the company-wide size is about their share of sales × the revision (e.g. {size} on products with {share} of sales is about {whole}); check the size (and the month)",
    },
    # left50a (trial 50 H5, the Review): a rep's visit frequency measured on fewer months
    # (leave, visits unrecorded) is compared with colleagues' carried to the whole period by
    # the team's visit season (core.at_work.season_visit_frequency), as his baseline is.
    "review.finding.at_work_season": {
        "ja": "休暇・訪問記録なしの月を除いた月の値です。チームの月ごとの訪問の多さで期間全体にならすと {value}(同僚との比較はこの値)",
        "en": "measured on the months without leave or unrecorded visits; carried to the whole period by the team's month-by-month visits it is {value} (the figure compared with colleagues)",
    },
    "review.finding.best_at_work_season": {
        "ja": "チーム最高(休暇・訪問記録なしの月を除いた月を、チームの月ごとの訪問の多さで期間全体にならして {value})",
        "en": "team best (the months without leave or unrecorded visits carried to the whole period by the team's month-by-month visits: {value})",
    },
    # left50a (trial 50 M8): a unit-price streak beyond what the same months did in the
    # years before (core.flags SAME_MONTHS_YEARS), said with the lowest of those years.
    "flag.unit_price_streak_earlier": {
        "ja": "。この3か月の下げ({fall})は、前の{years}年の同じ月の動き(もっとも下がった年で {earlier})を超えています",
        "en": "; this fall ({fall}) is beyond the same months in the {years} years before (the year they fell most: {earlier})",
    },
    # left50b (trial 50 H2 follow-up): a stacked file read as a monthly summary has no slip
    # number and no product by nature: said as information, nothing to fix.
    "source_part_column_missing_summary": {
        "ja": "Sources シート {row} 行目の {source} は月ごとの集計表のため、列「{column}」がありません(Sources {other_row} 行目の {other} にはあります)。このファイルの行の「{column}」は空として読みました。{lost}月の集計表には元々ない列なので、このままで構いません",
        "en": "{source} (Sources row {row}) is a monthly summary, so it has no column '{column}' ({other}, Sources row {other_row}, has it): its rows are read with '{column}' blank. {lost_en}A monthly summary never has this column: nothing to do",
    },
    "source_part_column_missing_summary_given": {
        "ja": "{source} は月ごとの集計表のため、列「{column}」がありません({other} にはあります)。このファイルの行の「{column}」は空として読みました。{lost}月の集計表には元々ない列なので、このままで構いません",
        "en": "{source} is a monthly summary, so it has no column '{column}' ({other} has it): its rows are read with '{column}' blank. {lost_en}A monthly summary never has this column: nothing to do",
    },
    # left50b (review50b): a bare 件数 / 回数 / Count on daily lines is no count of orders.
    "order_count_generic_ignored": {
        "ja": "{source} の列「{count_column}」は受注件数として読んでいません。日ごとの明細の「件数」「回数」「Count」は、数量や伝票の明細数など何を数えているかわからないため、各行を受注1件と数えました(この列の数で数えると、金額のある {rows}行が受注 {orders}件になります)。この列が1行あたりの受注の回数(配送・納品の回数)なら、見出しを「{headers}」などに変えてください。月ごとの集計表ではこの見出しのままで受注件数として読みます",
        "en": "{source}: column '{count_column}' is not read as a number of orders. On daily lines a bare 'Count' may count pieces or a slip's lines, so each line is counted as one order (read by this column, the {rows} lines with an amount would be {orders} orders). If it is each line's number of orders (deliveries), head it '{headers_en}' or the like; on a monthly summary this header is read as the orders as it is",
    },
    # left50b (review50b): 6-digit dates decided by the whole column, yyyymm or yymmdd
    # (cells.yymmdd_column); the cells stay as typed.
    "dates_yymmdd": {
        "ja": "{source} の列「{column}」の6桁の数字({values}種類)は、年月(yyyymm)ではなく年月日(yymmdd: 2桁の年・月・日)として読みました(例: {example} → {read})。{why}。セルの値はそのままです",
        "en": "{source}: the 6-digit numbers in column '{column}' ({values} distinct) are read as days typed yymmdd (two-digit year, month, day), not as months yyyymm (e.g. {example} → {read}). {why_en}. The cells are left as typed",
    },
    "yymmdd_why.not_month": {
        "ja": "年月(202104 = 2021年4月)と読むと、月が13以上など月としてありえない値があるためです",
        "en": "Read as months (202104 = April 2021), some would have a month of 13 or more, which no month has",
    },
    "yymmdd_why.januaries": {
        "ja": "年月(202104 = 2021年4月)と読むとすべて1月になり、年月日と読むとすべて月の1日(月ごとの集計)になるためです",
        "en": "Read as months (202104 = April 2021), every one would be a January; read as days, every one is a month's 1st (a monthly summary)",
    },
    # left50b (trial 50 fix50h): m³, litres and 台 under one 数量 (validation.mixed_units);
    # left50d: the orders' quantity then left out of every reading summed over products.
    "quantity_mixed_units": {
        "ja": "{source} の数量の列には、単位の違う商品が混ざっているようです(m3・L・台のような違い): 1単位あたりの金額(金額÷数量)が、{low}({low_count}品目)と {high}({high_count}品目、売上の{high_share})とで{ratio}倍以上離れています。価格改定の判定は同じ商品どうしの価格の比較なので影響しません。商品をまとめた数量(1受注あたりの数量とその振れ、全体の金額÷数量)は単位の違う数量を足すことになるため、受注の数量は使っていません: 取引単価は1受注あたりの金額で読み(フラグの単価の変化、計画の単価の傾向・価格改定の確認)、1受注あたりの数量の振れ(暖冬など)は読みません。入力はこのままで構いません",
        "en": "{source}: the quantity column seems to hold products of different units (m3, litres, pieces): the price per unit (amount ÷ quantity) of {low_en} ({low_count} of the products) and of {high_en} ({high_count} of the products, {high_share} of sales) are {ratio}× or more apart. Price revisions are found by comparing each product with itself and are not affected. Quantities summed over products (the quantity per order and its swings, amount ÷ quantity overall) would add different units together, so the orders' quantity is not used: the unit price is read per order (the flags' unit-price change, the plan's price trend and revision check) and no swing in the quantity per order (a warm winter) is read. Nothing to change in the input",
    },
    "quantity_units_column": {
        "ja": "{source} の列「{column}」には数量の単位が {count} 種類あります({units})。価格改定の判定は同じ商品どうしの価格の比較なので影響しません。商品をまとめた数量(1受注あたりの数量とその振れ、全体の金額÷数量)は単位の違う数量を足すことになるため、受注の数量は使っていません: 取引単価は1受注あたりの金額で読み(フラグの単価の変化、計画の単価の傾向・価格改定の確認)、1受注あたりの数量の振れ(暖冬など)は読みません。入力はこのままで構いません",
        "en": "{source}: column '{column}' holds {count} units of quantity ({units_en}). Price revisions are found by comparing each product with itself and are not affected. Quantities summed over products (the quantity per order and its swings, amount ÷ quantity overall) would add different units together, so the orders' quantity is not used: the unit price is read per order (the flags' unit-price change, the plan's price trend and revision check) and no swing in the quantity per order (a warm winter) is read. Nothing to change in the input",
    },
    # fix51a (trial 51 H1): a rep column with no name beside it whose values are another
    # input's rep codes (the sales lines' 担当者コード, the master's 担当者コード → 担当者名)
    # is read as those reps (validation.reps.coded_reps), said once per input.
    "rep_codes_read_as_names": {
        "ja": "列「{column}」の担当者コードを、{source} の対応で担当者名として読みました: {count}個のコード({names_ja})、{rows:,}行。顧客シートの担当者と同じ人として数えます",
        "en": "the rep codes in column '{column}' were read as the rep names {source} gives them: {count} codes ({names_en}), {rows:,} rows. They count as the same people as the Accounts sheet's reps",
    },
    # fix51a (trial 51 H1): the reps' revenue targets do not add up to the KGI (or to the
    # largest reachable KGI): core.kgi_total, critical on Checks and the Plan.
    "kgi_targets_short": {
        "ja": "担当者別の売上目標の合計 {team} が {kgi} に {gap} 届いていません。前年の売上がある {count}人({reps}、計 {base})に売上目標を出せず、その分がどの担当者の目標にも入っていないためです(顧客シートで取引中の顧客を担当していない担当者です)。受注・訪問の担当者と顧客シートの担当者が同じ書き方か(コードと名前など)確かめてください",
        "en": "the reps' revenue targets add up to {team}, {gap} short of {kgi}: {count} reps with revenue last year ({reps}, {base} in all) get no revenue target and their share is in no one's (they hold no open account on the Accounts sheet). Check that the reps on the orders and visits are written as on the Accounts sheet (codes or names)",
    },
    # left51b (trial 51): a Reps sheet listing the master's rep codes in its name column: the
    # codes name no one, the sales lines' codes are read as the master's reps (validation.reps).
    "reps_sheet_codes": {
        "ja": "担当者シートの担当者の列に、担当者の名前ではなく担当者コードが {count}個あります({names_ja})。顧客シートの担当者コード → 担当者名の対応で、その担当者として読みました(受注・訪問の担当者コードも同じ担当者です)。担当者シートにはコードではなく名前を入力してください(メールの宛先などは名前で探します)",
        "en": "the Reps sheet's rep column lists {count} rep codes, not names ({names_en}). They were read as the reps the Accounts sheet's rep code → name map gives (so are the codes on the orders and visits). Type the names on the Reps sheet, not the codes (mail addresses and the like are looked up by name)",
    },
    # left51b: a rep who sold last year but holds no account carries his share on his orders
    # (core.on_orders), so the targets add up to the KGI; said so the manager fixes the sheet.
    "reps_carried_on_orders": {
        "ja": "顧客シートで担当している顧客がないのに前年の売上がある担当者 {count}人({reps}、前年 計 {base})は、KGIの分担を受注で目標にしました(単価と訪問あたり受注は他の担当者と同じ決め方、残りを受注件数で)。顧客数と顧客あたりの訪問・受注には目標がありません。この担当者の顧客を顧客シートでこの担当者の名前(受注・訪問と同じ書き方)にすると、顧客数にも目標が出ます",
        "en": "{count} reps with revenue last year but no account under their name on the Accounts sheet ({reps}; {base} last year in all) carry their share of the KGI on their orders (unit price and orders per visit set as for every rep, the rest on the number of orders). Their accounts and visits or orders per account get no target; put their customers under their names on the Accounts sheet (written as on the orders and visits) and they will",
    },
    "kgi_targets_short_plain": {
        "ja": "担当者別の売上目標の合計 {team} が {kgi} に {gap} 届いていません。目標の配分を確かめてください",
        "en": "the reps' revenue targets add up to {team}, {gap} short of {kgi}; check how the targets were split",
    },
    # fix51a (trial 51 M1): shops whose codes stop while new codes of the same names start
    # within days, a group of them, are one renumbering (validation.renumbered
    # .shops_renumbered): their lines read under the new codes, as a typed old-code column.
    "shops_renumbered": {
        "ja": "得意先コードの付け替えとして読みました: {group}の{count}件は、{day} から同じ名前の新しいコードで取引が続いています({pairs})。同じ店として、旧コードの受注 {orders:,}行・訪問 {visits:,}行を新しいコードの実績に数え、解約・新規には数えません。対応を明示するには、顧客シートに「{column_ja}」列を足して新しいコードの行に旧コードを入力してください(その列があれば、入力された対応だけを読みます。別の店なら空欄のままにしてください)",
        "en": "read as a renumbering of customer codes: {count} accounts of {group} go on under new codes with the same names from {day} ({pairs}). As the same shops, the old codes' {orders:,} order lines and {visits:,} visit lines count for the new codes, neither lost nor won. To state the mapping, add an '{column_en}' column to the Accounts sheet with the old code on each new code's row (with that column, only the codes typed in it are read: leave it blank if they are other shops)",
    },
    # The reps' revenue targets short of the KGI (core.kgi_total): no feasibility is judged
    # over such a plan (validation.settings.shown_feasibility; trial 51 H1 follow-up).
    "plan.feasible_short": {
        "ja": "判定なし(担当者別の売上目標の合計が KGI に届いていません: チェックシート)",
        "en": "not judged (the reps' revenue targets do not add up to the KGI: see Checks)",
    },
    "recalc.short": {
        "ja": "  実現可能性は判定していません: 担当者別の売上目標の合計が KGI に届いていません(下記)",
        "en": "  Feasibility not judged: the reps' revenue targets do not add up to the KGI (below)",
    },
    # left50c (trial 50 M1): a one-off step of products whose price has its own season, found
    # each against its own price a year before (core.price_index.find_year_step), carried as a
    # level like any like-for-like step (core.levers.as_level); _before: the baseline is all
    # at the new prices (price_step_before's case).
    "price_step_year": {
        "ja": "価格改定 {named} {month} {moved_size}(同じ商品の前年同月との比較で見つけました): 商品ごとの単価(金額÷数量、月ごとの中央値)を前年の同じ月と比べると、{named} は {month} の前は前年並み、{month} からは前年同月比 {moved_size} の水準のまま続いています(前年同月比のふだんのぶれ ±{noise}、前後とも改定の幅の{flat}以内)。季節で単価が動く商品も、前年の同じ月と比べれば季節の動きは消えるため、一度の価格改定とみなしました。{named} は売上の{moved_share}で、チーム全体の単価では {size} です。一度きりの価格改定として、基準期間{months}か月のうち改定前の{old}か月を新しい価格に揃え({carry})、毎年の伸びとしては繰り返しません。{kpi}の傾向は改定を除いて{trend}です(改定を分けずに過去1年ごとの伸びから読めば{replaced})。実際の改定の月や幅が違う場合は、設定シートの「価格改定の月」(PriceRevisionMonth)と「価格改定の幅」(PriceRevisionPct)に入力してください(入力した幅はすべての売上にかかります: チーム全体の幅を入力してください)",
        "en": "price revision of {named_en}, {moved_size} in {month} (found comparing each product with its own price a year before): each product's price per unit (amount ÷ quantity, its median in the month) against the same month a year before was level with the year before until {month} and has stayed at {moved_size} against it from {month} (the usual scatter of those changes ±{noise}; both sides within {flat} of the step). A product whose price has a season of its own loses that season against the same month a year before, so this is taken as a one-off revision. {named_en} is {moved_share} of sales: {size} on the team's prices. Taken as a one-off revision: the {old} of the baseline's {months} months before it are brought to the new prices ({carry}), and it is not repeated as a yearly rise. The trend of {kpi} without it is {trend} ({replaced} read from the past years' changes with the revision left in). If the real revision's month or size differs, type them on Settings (PriceRevisionMonth, PriceRevisionPct; the size typed applies to all sales: type the company-wide size)",
    },
    "price_step_year_before": {
        "ja": "価格改定 {named} {month} {moved_size}(同じ商品の前年同月との比較で見つけました): 商品ごとの単価(金額÷数量、月ごとの中央値)を前年の同じ月と比べると、{named} は {month} の前は前年並み、{month} からは前年同月比 {moved_size} の水準のまま続いています(前年同月比のふだんのぶれ ±{noise}、前後とも改定の幅の{flat}以内)。季節で単価が動く商品も、前年の同じ月と比べれば季節の動きは消えるため、一度の価格改定とみなしました。{named} は売上の{moved_share}で、チーム全体の単価では {size} です。改定は基準期間より前で、基準はすべて新しい価格です。毎年の伸びとしては繰り返さず、{kpi}の傾向は改定を除いて{trend}です(改定を分けずに過去1年ごとの伸びから読めば{replaced})",
        "en": "price revision of {named_en}, {moved_size} in {month} (found comparing each product with its own price a year before): each product's price per unit (amount ÷ quantity, its median in the month) against the same month a year before was level with the year before until {month} and has stayed at {moved_size} against it from {month} (the usual scatter of those changes ±{noise}; both sides within {flat} of the step). A product whose price has a season of its own loses that season against the same month a year before, so this is taken as a one-off revision. {named_en} is {moved_share} of sales: {size} on the team's prices. It is before the baseline period: the baseline is all at the new prices. It is not repeated as a yearly rise; the trend of {kpi} without it is {trend} ({replaced} read from the past years' changes with it left in)",
    },
    # left50c (trial 50 M6): a revision typed on Settings for some products only
    # (PriceRevisionProduct, core.price_revision.on_products): applied to their share of the
    # sales; Checks rows at PriceRevisionProduct (validation.settings.REVISION_NOTES).
    "price_revision_product": {
        "ja": "設定の価格改定({product} {month} {typed})は、{product} の売上だけにかけて計画しました: {product} は {first}〜{last} の売上の{share}で、会社全体の単価では {size} です。前年の同じ月と比べると、{product} の価格は {month} からの6か月で {measured} 変わっています",
        "en": "the price revision set ({product_en}, {typed} in {month}) is planned on {product_en}'s sales only: {share} of the sales in {first} – {last}, {size} on the company's prices. Against the same months a year before, {product_en}'s price in the 6 months from {month} changed by {measured}",
    },
    "price_revision_product_differs": {
        "ja": "設定の価格改定({product} {month} {typed})は、{product} の売上だけにかけて計画しました: {product} は {first}〜{last} の売上の{share}で、会社全体の単価では {size} です。ただし前年の同じ月と比べると、{product} の価格は {month} からの6か月で {measured} 変わっていて、設定の幅と合っていません。幅(と月)を確認してください",
        "en": "the price revision set ({product_en}, {typed} in {month}) is planned on {product_en}'s sales only: {share} of the sales in {first} – {last}, {size} on the company's prices. But against the same months a year before, {product_en}'s price in the 6 months from {month} changed by {measured}, not what was set: check the size (and the month)",
    },
    "price_revision_product_unread": {
        "ja": "設定の価格改定({product} {month} {typed})は、{product} の売上だけにかけて計画しました: {product} は {first}〜{last} の売上の{share}で、会社全体の単価では {size} です",
        "en": "the price revision set ({product_en}, {typed} in {month}) is planned on {product_en}'s sales only: {share} of the sales in {first} – {last}, {size} on the company's prices",
    },
    "price_revision_product_unknown": {
        "ja": "価格改定の商品「{product}」は、受注明細の商品名(商品コード)にありません(売上の多い商品: {sold})。設定の価格改定({month} {size})は使っていません。明細の商品名のとおり(またはその一部)に直すか、すべての商品の改定なら空欄にしてください",
        "en": "the price revision's product '{product}' is not a product of the order lines (most sold: {sold_en}); the price revision set ({size} in {month}) is not used. Type the product as the lines name it (or part of the name), or leave it blank for a revision of every product",
    },
    # fix51b (trial 51 H2): a step found in the prices like for like away from the revision
    # typed on Settings (core.price_index ``apart``), carried as a level beside it
    # (core.levers PriceStep.beside); _named: found product by product (find_year_step).
    "price_step_beside": {
        "ja": "価格改定 {month} {size}(履歴から見つけました): 同じ商品どうしの価格が {month} に一度 {size} 変わっています({products}商品で比較)。設定の価格改定({declared} {declared_size})とは別の改定として、これも新しい価格を計画年度に引き継ぎ、毎年の伸びとしては繰り返しません",
        "en": "price revision of {size} in {month} (found in the history): each product against itself, prices changed once by {size} in {month} ({products} products read). A revision apart from the one set on Settings ({declared_size} in {declared}): its new prices are carried into the plan year too, not repeated as a yearly rise",
    },
    "price_step_beside_named": {
        "ja": "価格改定 {named} {month} {size}(同じ商品の前年同月との比較で見つけました): 設定の価格改定({declared} {declared_size})とは別の改定として、これも新しい価格を計画年度に引き継ぎ、毎年の伸びとしては繰り返しません(チーム全体の単価では {size})",
        "en": "price revision of {named_en} in {month} (found comparing each product with its own price a year before): a revision apart from the one set on Settings ({declared_size} in {declared}); its new prices are carried into the plan year too, not repeated as a yearly rise ({size} on the team's prices)",
    },
    # fix51c (trial 51 L1): a rep's copy whose target moved with accounts handed over during
    # the year (core.carry): the Plan's line explains the target as set at the year's start.
    "share.cover_target_carried": {
        "ja": "上は期首の目標 {planned} の説明です。年度の途中の担当替えで、顧客といっしょに目標が動きました({since} から、{moved}): いまの目標は {target} です。",
        "en": "The lines above explain the target as set at the year's start, {planned}. Accounts changed hands during the year and their targets went with them (from {since}, {moved}): your target is now {target}.",
    },
    # fix51d (trial 51 M5): the Daily's pace is what is left as of the data's last day, spread
    # over the working days left by each month's target and each weekday's share (a half-day
    # Saturday by its day cap ÷ the others'); the list's days before it taken as on pace.
    "daily.stake_rule_paced": {
        "ja": "影響額 = 訪問が遅れる間に見込まれる受注: 年間受注 ÷ 365 × 通常間隔 × 経過(期限で1、最大2間隔)、要注意は ×1.5、年間受注の{cap}まで。必要ペース/日 = 実績の最終日で残る今年度の目標を、残る営業日に各月の目標と曜日の上限の比で配分した1日分(上限の低い土曜などは軽く。前の日がペースどおりとして、同じ曜日なら毎日同じ数字)",
        "en": "At stake = the orders expected while a visit is late: yearly orders ÷ 365 × usual interval × intervals waited (1 when due, at most 2), × 1.5 when at risk, at most {cap} of a year's orders. Pace per day = what is left of the year's target on the data's last day, spread over the working days left by each month's target and each weekday's capacity (a shorter day such as Saturday asks less; the days before are taken as on pace, so the same weekday asks the same every day)",
    },
    "daily.stake_rule_apart_paced": {
        "ja": "順番の目安 = 訪問を待った日数 × 1日あたり受注: 年間受注 ÷ 365 × 通常間隔 × 経過(期限で1、最大2間隔)、要注意は ×1.5、年間受注の{cap}まで。受注は訪問の日とは別に来ているため(チェック参照)、訪問が遅れて失う受注ではなく、遅れた日数と顧客の規模で順番を決める目安です。必要ペース/日 = 実績の最終日で残る今年度の目標を、残る営業日に各月の目標と曜日の上限の比で配分した1日分(上限の低い土曜などは軽く。前の日がペースどおりとして、同じ曜日なら毎日同じ数字)",
        "en": "The list's order = the days a visit has waited × the account's orders a day: yearly orders ÷ 365 × usual interval × intervals waited (1 when due, at most 2), × 1.5 when at risk, at most {cap} of a year's orders. Orders come apart from the visit days here (see Checks), so it is no orders a late visit loses, only the order to visit in by days overdue and the account's size. Pace per day = what is left of the year's target on the data's last day, spread over the working days left by each month's target and each weekday's capacity (a shorter day such as Saturday asks less; the days before are taken as on pace, so the same weekday asks the same every day)",
    },
    # A day's visit pace above its capacity: no list can keep it (the pace gap counts only the
    # room left on a day; a full day said nothing of it).
    "daily.pace_over_cap": {"ja": "{pace}(上限超え)", "en": "{pace} (over capacity)"},
    # left50d (trial 50: 吉田's visits fell with the accounts lost to 都市ガス): a visits flag
    # judged on the accounts the rep still holds (core.flags ``_per_held_account``): visits
    # per held account on pace, so the fall is the accounts that left, not the visiting.
    "flag.behind_pace_held": {
        "ja": "。担当顧客1件あたりの訪問(訪問頻度)は遅れていません(月 {actual} 回 / 目標 {target} 回、進捗率 {pace}): 訪問件数の差は担当顧客が減った分です(稼働顧客数 {accounts} / 目標 {accounts_target})",
        "en": "; visits per account held are not behind ({actual} a month vs {target}, pace {pace}): the visits are short by the accounts that left (accounts held {accounts} vs {accounts_target})",
    },
    "action.behind_pace_held": {
        "ja": "訪問の回り方の問題ではありません。離れた顧客は解約・失注のフラグで確認し、新規顧客で担当顧客数を戻してください",
        "en": "not a matter of how often the rep visits: see the lost accounts on their own flags, and win new accounts to bring the book back",
    },
    # fix52a (trial 52 M3): new accounts as many as the meetings or more (40 wins of 5
    # meetings): the team's rate read 「800.0%」 beside the planned 100.0%; it reads 100%.
    "plan.pipeline_win_all": {
        "ja": "。新規の顧客が商談の数以上あるため(商談の記録がないまま始まった顧客がいます)、チームの成約率は {team} と読み、全員この率で計画しています",
        "en": "; new accounts are as many as the meetings or more (some started without a logged meeting), so the team's win rate reads {team} and every rep is planned at it",
    },
    # left51a (trial 50 M6): a past revision typed on Settings for some products only
    # (PriceRevisionProduct): the products and the size typed named beside the company's size.
    "price_revision_past_product": {
        "ja": "価格改定 {product} {month} {typed}(設定より。会社全体の単価では {size}): 基準期間{months}か月のうち改定前の{old}か月を新しい価格に揃え({carry})、{kpi}の目標に含めました。毎年の伸びとしては繰り返しません",
        "en": "price revision of {product_en}, {typed} in {month} (from Settings; {size} on the company's prices): the {old} of the baseline's {months} months before it are brought to the new prices ({carry}) in the {kpi} target; it is not repeated as a yearly rise",
    },
    # left51a (trial 51): a second revision found like for like beside the first
    # (core.price_index.find_second_step), carried beside it as a level (PriceStep.beside).
    "price_step_second": {
        "ja": "価格改定 {month} {size}(同じ商品どうしの比較で見つけました): {first} の改定({first_size})とは別に、{month} に売上の{moved_share}を占める{moved_products}品目の単価が{moved_size}変わり、残りの商品は{rest_size}でした(会社全体では{size})。売上の{share_min}以上の商品がそれぞれ{min}以上同じ向きに動き、残りの動きは{rest_max}未満、会社全体で{team_min}以上、その後も新しい水準が続いているため、一部の商品の価格改定とみなしました。これも新しい価格を計画年度に引き継ぎ、毎年の伸びとしては繰り返しません(基準期間{months}か月のうち改定前の{old}か月を新しい価格に揃え、改定を合わせて{carry})。違う場合は、設定シートの「価格改定の月」(PriceRevisionMonth)と「価格改定の幅」(PriceRevisionPct)に入力してください",
        "en": "price revision of {size} in {month} (found comparing each product with itself): apart from the revision in {first} ({first_size}), in {month} the products with {moved_share} of the revenue ({moved_products} of them) changed their price per unit by {moved_size} and the rest by {rest_size} ({size} for the company). Products with at least {share_min} of the revenue each moved by {min} or more the same way, the rest by less than {rest_max}, at least {team_min} for the company, and the new level stayed: taken as a revision of some products. Its new prices are carried into the plan year too, not repeated as a yearly rise (the {old} of the baseline's {months} months before it are brought to the new prices: {carry} with the revisions together). If that is not so, type the revision on Settings (PriceRevisionMonth, PriceRevisionPct)",
    },
    # fix52d (trial 52 H5: a quote register from 2024-04 beside 日報 from 2025-04): the months
    # of thin visit records left out of the visit levers (core.levers VISITS_THIN_SHARE),
    # appended to the visits_start_late / visits_start_in_baseline note.
    "visits_start_thin": {
        "ja": "。{first}〜{thin_last} の訪問の記録は顧客あたり月 {thin_rate:.2f} 件で、直近12か月のふだんの訪問(月 {usual_rate:.2f} 件)の {thin_share:.0%} に届きません。一部だけの記録(日報より先に始まった見積一覧など)とみなし、訪問は {from} から数えています",
        "en": "; the visit records of {first} – {thin_last} hold {thin_rate:.2f} visits per account a month, under {thin_share:.0%} of the usual visiting of the last 12 months ({usual_rate:.2f}): read as a part of the records only (a quote register begun before the visit log, say), visits are counted from {from}",
    },
    # fix52d (trial 52 H3): a rep behind on unit price whose ordinary large orders (projects)
    # landed fewer so far than the same months of last year, by chance (core.lumps
    # projects_short): said, no colleague named.
    "action.behind_pace_projects": {
        "ja": "差の主因は{lever}です(実績 {actual} / 目標 {target}、売上への影響 {contribution})。大型案件の数が例年より少ないためです: 大型の受注はここまで {n}件 {now} で、前年の同じ月の {expected}件 {base} より {short}件、{missing} 少なく、これが差の大半です。大型の受注はこの担当者のふだんの仕事で、ここまでの件数は例年でもこのくらい揺れるため、同僚のやり方をまねる話ではありません。見積中の大型案件と受注の見込みを担当者と確かめてください",
        "en": "most of the gap is {lever} (actual {actual} vs target {target}, {contribution} of revenue): fewer large orders than usual so far, {n} for {now} against {expected} for {base} in the same months last year, {short} and {missing} short, most of the gap. Large orders are this rep's ordinary business and their count to date swings this much in any year, so this is not a colleague's way to copy: go through the large quotes out and the orders in sight with the rep",
    },
    # A quote register named as a Visits source (trial 52 M1, sources.quotes).
    "quote_register_read": {
        "ja": "見積の一覧として読みました(見積No・見積金額などの列があり、種別の列がないため): 1行を1件の商談とし、見積日を日付、状態(受注・失注)を結果とします。見込み客への見積は商談(新規開拓)として数え、すでに取引のある得意先への見積は商談にも訪問にも数えません(訪問は日報などの訪問の記録で数えます)",
        "en": "read as a quote register (it has a quote number or quote amount column and no kind column): each row is one meeting, its quote date the date and its status (won / lost) the outcome. Quotes to prospects count as meetings (new business); quotes to customers already held count as neither meetings nor visits (visits come from the visit records)",
    },
    # A 請求一覧 named as Orders (trial 52 M4/M6): the stop says what it is and what to name.
    "billing_list_stop": {
        "ja": "「{file}」は請求の一覧(締め日ごとの請求額: 請求年月・今回請求額など)に見えます。routekpi は売上の明細(売上日・担当者・金額の行)から、売上日の月で月を数えます: 受注には販売管理の売上明細(売上明細表など)を指定してください。20日締めなどの請求月の数字とは月の境目の日の分だけ違います(README「締め日と月」)。(必須の列「{column}」がありません。見出し: {found})",
        "en": "'{file_en}' looks like a billing list (amounts billed per closing: billing month, this period's bill …). routekpi counts months from sales lines (date, rep, amount) by their sales date: name the sales-line export (売上明細) as Orders. Figures by billing month (a 20th closing) differ by the days at each month's edge (README 'Closing days and months'). (It lacks the required column(s) '{column_en}'; its headers: {found})",
    },
    "quote_customers_not_counted": {
        "ja": "見積の一覧の{count}行は、すでに取引のある得意先(得意先マスタの開始日か最初の受注がその日より前)への見積のため、商談にも訪問にも数えていません(エラーではありません)。商談数は新規開拓の数なので、見込み客への見積{left}行だけを商談として数えます",
        "en": "{count} rows of the quote register are quotes to customers already held (their start on Accounts, or their first order, is before that day): counted as neither meetings nor visits (not an error). Meetings count new business: only the {left} quotes to prospects are counted as meetings",
    },
    # A word a stack's files share (trial 52 M2: 225 日報, one row per file per word): one row.
    "stacked_word_folded": {
        "ja": "{first}。縦につないだ {files} ファイルにこの値があり、この1行にまとめました(行数はすべてのファイルの合計。ファイルごと: {each})",
        "en": "{first_en}. {files} of the files read one under another have this value, shown here once (the rows are all files' total; by file: {each_en})",
    },
    # left52a (trial 52 M5): a revision typed on Settings for a maker (PriceRevisionProduct
    # 「TOTO」, core.price_revision.maker_note): the price_revision_product lines said with the
    # maker, how many of its products the lines sell and the most sold; Checks rows at
    # PriceRevisionProduct (validation.settings.REVISION_NOTES).
    "price_revision_maker": {
        "ja": "設定の価格改定({maker} {month} {typed})は、{maker} の商品({count}商品: {named})の売上だけにかけて計画しました: {maker} の商品は {first}〜{last} の売上の{share}で、会社全体の単価では {size} です。前年の同じ月と比べると、{maker} の商品の価格は {month} からの6か月で {measured} 変わっています",
        "en": "the price revision set ({maker}, {typed} in {month}) is planned on {maker}'s products only ({count} products: {named_en}): {share} of the sales in {first} – {last}, {size} on the company's prices. Against the same months a year before, {maker}'s prices in the 6 months from {month} changed by {measured}",
    },
    "price_revision_maker_differs": {
        "ja": "設定の価格改定({maker} {month} {typed})は、{maker} の商品({count}商品: {named})の売上だけにかけて計画しました: {maker} の商品は {first}〜{last} の売上の{share}で、会社全体の単価では {size} です。ただし前年の同じ月と比べると、{maker} の商品の価格は {month} からの6か月で {measured} 変わっていて、設定の幅と合っていません。幅(と月)を確認してください",
        "en": "the price revision set ({maker}, {typed} in {month}) is planned on {maker}'s products only ({count} products: {named_en}): {share} of the sales in {first} – {last}, {size} on the company's prices. But against the same months a year before, {maker}'s prices in the 6 months from {month} changed by {measured}, not what was set: check the size (and the month)",
    },
    "price_revision_maker_unread": {
        "ja": "設定の価格改定({maker} {month} {typed})は、{maker} の商品({count}商品: {named})の売上だけにかけて計画しました: {maker} の商品は {first}〜{last} の売上の{share}で、会社全体の単価では {size} です",
        "en": "the price revision set ({maker}, {typed} in {month}) is planned on {maker}'s products only ({count} products: {named_en}): {share} of the sales in {first} – {last}, {size} on the company's prices",
    },
    "price_revision_past_maker": {
        "ja": "価格改定 {maker}({count}商品) {month} {typed}(設定より。会社全体の単価では {size}): 基準期間{months}か月のうち改定前の{old}か月を新しい価格に揃え({carry})、{kpi}の目標に含めました。毎年の伸びとしては繰り返しません",
        "en": "price revision of {maker} ({count} products), {typed} in {month} (from Settings; {size} on the company's prices): the {old} of the baseline's {months} months before it are brought to the new prices ({carry}) in the {kpi} target; it is not repeated as a yearly rise",
    },
    "price_revision_maker_unknown": {
        "ja": "価格改定の商品「{product}」は、受注明細の商品名(商品コード)にもメーカー名にもありません(明細のメーカー: {makers}。売上の多い商品: {sold})。設定の価格改定({month} {size})は使っていません。明細のメーカー名・商品名のとおり(またはその一部)に直すか、すべての商品の改定なら空欄にしてください",
        "en": "the price revision's product '{product}' is neither a product nor a maker of the order lines (the lines' makers: {makers_en}; most sold products: {sold_en}); the price revision set ({size} in {month}) is not used. Type the maker or the product as the lines name it (or part of the name), or leave it blank for a revision of every product",
    },
    # fix53d (trial 53 M5): a visit log's names read as a customer once the company type
    # (株式会社, 有限会社, (株) …) is set aside, where exactly one customer's name is the rest
    # (validation.visit_names.match_names).
    "visit_names_company_type": {
        "ja": "{source} の列「{column}」の顧客名 {names:,}通り(訪問 {rows:,}行)は {by} の顧客名と会社の種類(株式会社・有限会社・(株) など)だけが違い、残りの名前が同じ顧客は1件だけのため、その顧客の訪問として数えました(例: {examples})。別の顧客なら、顧客名を {by} と同じ表記で入力してください",
        "en": "{names:,} customer names in {source}'s column '{column}' ({rows:,} visit rows) differ from a customer name of {by} only by the company type (株式会社, 有限会社, (株) …) and exactly one customer has the rest of the name: counted as that customer's visits (e.g. {examples_en}). If another customer was meant, type the name as {by} does",
    },
    # fix53d (trial 53 M2): a status column's 休眠 read by the sales (validation.status_flag).
    "accounts_dormant_closed": {
        "ja": "列「{column}」が「休眠」の顧客 {count:,} 件は直近 {days} 日に売上がないため、取引を終えた顧客(休止・取引停止と同じ)として読みました。訪問リストにも載せません。休んでいるだけの顧客なら、状態を「取引中」にしてください",
        "en": "{count:,} accounts marked 休眠 (dormant) in column '{column}' have had no sale in the last {days} days: read as closed (as 休止 or 取引停止) and left off the visit lists. If one is only resting, mark it 取引中",
    },
    "accounts_dormant_buying": {
        "ja": "列「{column}」が「休眠」の顧客 {count:,} 件は直近 {days} 日にも売上があるため、取引中として読みました(例: {examples})。取引を終えた顧客なら状態を「取引停止」にするか解約日を入力し、取引中なら状態を直してください",
        "en": "{count:,} accounts marked 休眠 (dormant) in column '{column}' have sales in the last {days} days: read as open (e.g. {examples_en}). If one has closed, mark it 取引停止 or type its end date; if not, correct its status",
    },
    # left52c: the Plan's baseline in 税込 by the export's own 税込 ÷ 税抜 column sums
    # (validation.tax.gross_factor: 8% lines, returns), beside plan.baseline_gross's ×1.10.
    "plan.baseline_gross_sum": {
        "ja": "(税込なら約 {gross}、×{factor}: 税込の列の合計 ÷ 税抜の列の合計)",
        "en": " (including tax about {gross}, ×{factor}: the tax-included column's sum ÷ the net column's)",
    },
    # left52c: a leave nobody typed, read from the orders for a backtest's realised values
    # (core.backtest.untyped_after; the Checks' leave_untyped rule).
    "backtest_untyped_leave": {
        "ja": "休暇・不在シートにない {holder} さんの不在({first}〜{last}、{cover} さんが {holder} さんの顧客 {accounts} 件に受注)を受注から読み、その間に {cover} さんが {holder} さんの顧客に付けた受注は {holder} さんの実績として比べました(チェックシートの休暇の警告と同じ読み方です。担当替えだった場合は顧客シートの担当者を直してください)",
        "en": "{holder}'s absence not on the Leave sheet ({first} – {last}: {cover} booked {accounts} of {holder}'s accounts) was read from the orders: {cover}'s orders on {holder}'s accounts then were compared as {holder}'s actuals (as the Checks' leave warning reads them; if the accounts changed hands, correct the rep on the Accounts sheet)",
    },
    # left52b (trial 52 H3): the Review's main unit-price row of a rep whose ordinary large
    # orders (projects) landed fewer so far than the same months of last year, by chance
    # (core.lumps projects_short, core.review _mark_lumps): the Flags' words, no colleague named.
    "review.finding.main_projects": {
        "ja": "差の主因。大型案件の数が例年より少ないためです: 大型の受注はここまで {n}件 {now} で、前年の同じ月の {expected}件 {base} より {short}件、{missing} 少なく、これが差の大半です。件数は例年でもこのくらい揺れるため、同僚のやり方をまねる話ではありません",
        "en": "main gap. Fewer large orders than usual so far: {n} for {now} against {expected} for {base} in the same months last year, {short} and {missing} short, most of the gap. Their count to date swings this much in any year: no colleague's way to copy",
    },
    # left52b (trial 52 M8): new accounts through no logged pipeline (core.meetings
    # no_pipeline: too few meetings with prospects, no appointments): no meetings target.
    "plan.pipeline_none_note": {
        "ja": "商談数と商談成約率には目標を置いていません: 前年の見込み客との商談は {meetings}件・新規顧客は {wins}件で、商談の記録がこれだけでは成約率が読めず、アポの記録もありません。新規顧客数は、これまでの新規獲得のペース(持っている顧客あたり)で計画しました。すでに取引のある得意先での商談(打合せ・見積など)は、その得意先への訪問として数えています(チェックシート参照)",
        "en": "Meetings and the meeting win rate have no target: last year held {meetings} meetings with prospects and {wins} new accounts, too few meetings to read a win rate from, and no appointments are logged. New accounts are planned at their past pace (per account held). Meetings at customers already held (proposals, quotes) are counted as visits of those customers (see Checks)",
    },
    "basis.no_pipeline_meetings": {
        "ja": "目標なし: 見込み客との商談の記録が少なく、アポの記録もないため、成約率が読めません(計画シート「商談・アポ打診」参照)",
        "en": "no target: too few meetings with prospects and no appointments are logged, so no win rate can be read (Plan sheet, meetings and calls)",
    },
    # A team whose strong years shrank too (trial 53 H3; core.record): the strong-year line is
    # below the baseline, and a KGI above it is beyond the record, said with its best 12 months.
    "plan.record_note_shrink": {
        "ja": "基準比 {growth}: チーム売上の前年比(12か月ごと)は{pct}パーセンタイルで {annual}/年、最良の12か月でも {best} で、好調な年でも前年を下回っています",
        "en": "{growth} on the baseline: the team's year-on-year revenue change is {annual} a year at its {pct}th percentile and {best} in its best 12 months: it fell even in its strong years",
    },
    "dash.feasible_record_shrink": {
        "ja": "実現可能: チームの売上は好調な年でも前年を下回っていますが(前年比 年 {annual})、KGI はその伸びで届く {record}(基準比 {growth})以下です",
        "en": "Feasible: the team's revenue fell even in its strong years ({annual} a year), but the KGI is at or below {record} ({growth} on the baseline), where that change leads",
    },
    "stretch.plan_shrink": {"ja": "チーム実績を超える", "en": "Beyond the team's record"},
    # {pace_words}: stretch.pace_beyond_best or stretch.pace_near_best.
    "stretch.plan_note_shrink": {
        "ja": "{pace_words}。チームの売上は好調な年でも前年を下回っており(前年比 年 {annual})、その伸びで届くのは {record}、KGI はそれより {past} 多い目標です",
        "en": "{pace_words}. The team's revenue fell even in its strong years ({annual} a year): that change leads to {record}, and the KGI is {past} above it",
    },
    "stretch.dash_shrink": {
        "ja": "チーム実績を超えています: {pace_words}。チームの売上は好調な年でも前年を下回っており(前年比 年 {annual})、その伸びで届くのは {record}、KGI はそれより {past} 多い目標です",
        "en": "Beyond the team's record: {pace_words}. The team's revenue fell even in its strong years ({annual} a year): that change leads to {record}, and the KGI is {past} above it",
    },
    "stretch.recalc_shrink": {
        "ja": "  チーム実績を超える目標です: {pace_words}(好調な年並みの伸びで届くのは {record}、KGI はその {past} 先)",
        "en": "  A KGI beyond the team's record: {pace_words} (a strong year's change leads to {record}; the KGI is {past} past it)",
    },
    "stretch.pace_beyond_best": {
        "ja": "KGI の前年比 {pace} は、過去のどの12か月(最良 {best})よりも良い水準です",
        "en": "the KGI's {pace} on last year is better than any 12 months on record (best {best})",
    },
    # Planned over a longer horizon (trial 53 verify: 必要な伸び率 −1.2% beside 「年 −0.7% のペース」
    # read as two answers): the change on the baseline and its pace a year, both said.
    "stretch.pace_beyond_best_yearly": {
        "ja": "KGI は基準比 {uplift}(基準の12か月から{months}か月後の計画年度まで。年あたり {pace} のペース)で、過去のどの12か月(最良 {best})よりも良い水準です",
        "en": "the KGI asks {uplift} on the baseline ({months} months on, to the plan year: {pace} a year), better than any 12 months on record (best {best})",
    },
    "stretch.pace_near_best": {
        "ja": "KGI の前年比 {pace} は、チームの好調な年(前年比 年 {annual})より良く、過去の最良の12か月({best})に近い水準です",
        "en": "the KGI's {pace} on last year is better than the team's strong year ({annual} a year), near its best 12 months on record ({best})",
    },
    "stretch.pace_near_best_yearly": {
        "ja": "KGI は基準比 {uplift}(基準の12か月から{months}か月後の計画年度まで。年あたり {pace} のペース)で、チームの好調な年(前年比 年 {annual})より良く、過去の最良の12か月({best})に近い水準です",
        "en": "the KGI asks {uplift} on the baseline ({months} months on, to the plan year: {pace} a year), better than the team's strong year ({annual} a year), near its best 12 months on record ({best})",
    },
    # A KGI typed as a change on last year (trial 53 L1; validation.kgi_change): what to type.
    "kgi_change": {
        "ja": "KGI(シート「{sheet}」のセル {cell})は金額(円)で入力してください。「{typed}」は前年比の変化です: 前年の売上 × {factor} の金額を入力してください(入力された値は変えていません)",
        "en": "the KGI (cell {cell} on sheet '{sheet}') is an amount in yen. '{typed}' is a change on last year: type last year's revenue × {factor} (the cell is left as typed)",
    },
    "kgi_change_amount": {
        "ja": "KGI(シート「{sheet}」のセル {cell})は金額(円)で入力してください。「{typed}」は前年比の変化です: 前年実績({months}){last} × {factor} = {amount} なので、その金額なら {typed_amount} と入力してください(入力された値は変えていません)",
        "en": "the KGI (cell {cell} on sheet '{sheet}') is an amount in yen. '{typed}' is a change on last year: last year's revenue ({months}) {last} × {factor} = {amount}, so for that amount type {typed_amount} (the cell is left as typed)",
    },
    # A period outside the plan year, both in the book's naming with their months (trial 53 L3).
    "udf.period_outside_named": {
        "ja": "期間「{value}」({span})は計画年度 {fy}({plan_span})の外です",
        "en": "period '{value}' ({span}) is outside the plan year {fy} ({plan_span})",
    },
    "stretch.flag_shrink": {
        "ja": "KGI {kgi} は、チームの好調な年並みの伸び(前年比 年 {annual}、計画年度まで {growth})で届く {record} より {past} 多い目標です。チームの売上は好調な年でも前年を下回っています。{reach} は全担当者が同時に最高の年を迎えた場合の計算上の上限です",
        "en": "KGI {kgi} is {past} above {record}, where the team's strong-year change ({annual} a year, {growth} to the plan year) leads: its revenue fell even in its strong years. {reach} is the theoretical ceiling with every rep at his best year at once",
    },
    # fix54a (trial 54 H1): a hire with a few lines before his first day (a ride-along typed
    # under his name), read as no leaver and planned on the sheet's accounts
    # (core.handover ``hires_before_start``, ``Handover.early_hires``).
    "reps_newcomer_early": {
        "ja": "受注がなく、記録が{lines}行以下で最初の記録がこの{days}日以内の担当者(担当者 (最初の記録, 行数): {seen})は、最後の記録から{gone}日以上たっていても退職・異動とはみなさず、着任前の新任(同行研修など)として、顧客シートで担当する顧客の担当者として{plan}を計画しました(担当者 件数: {reps})。その顧客の前の担当者の実績は、この担当者の前年に移しています。{plan}が始まるまでの訪問計画(Daily)では、その顧客は今訪問している担当者のまま載せます。退職・異動した担当者なら、顧客シートの担当者を今の担当者に書き換えてください",
        "en": "reps with no order, {lines} lines or fewer and the first within the last {days} days (rep (first line, lines): {seen}) are read as hires who have not started (a training ride-along), not as gone, though their last line is {gone} days or more ago: they are planned for {plan} on the accounts the Accounts sheet gives them (rep accounts: {reps}), and those accounts' history under their previous rep moved to them. Until {plan} begins, the visit plan (Daily) keeps those accounts with the rep who visits them now. If a rep has left, put the accounts' current rep on the Accounts sheet",
    },
    # A closure typed on Accounts under the lost-account bar (core.flags.typed_closures, trial
    # 53: 北町店, 3.4% of 高橋's revenue): a known loss, said as information with its revenue.
    "flag.typed_closures": {
        "ja": "取引終了が入力された顧客 {count}件: {names}。{year}の売上は合計 {revenue}(担当の{year}売上の {share})。1件ずつは注意の基準(5%)より小さい顧客ですが、{this_year}の目標に対する差の一部はこれらの顧客の分です",
        "en": "{count} accounts with a closure typed: {names}. Together {revenue} in {year} ({share} of the rep's {year} revenue). Each is under the warning bar (5%), but part of the gap to the {this_year} target is theirs",
    },
    "flag.typed_closure_item": {
        "ja": "{name}(終了 {end}、{revenue})",
        "en": "{name} (ended {end}, {revenue})",
    },
    "action.typed_closures": {
        "ja": "担当者と埋め合わせ(新規開拓・既存顧客の深耕)の計画を確認してください",
        "en": "agree with the rep how to make up for them (new accounts, more from existing ones)",
    },
    "flag_kind.typed_closures": {"ja": "入力された取引終了", "en": "Typed closures"},
    # --- left53b ---------------------------------------------------------------------------
    # The Plan's 必要な伸び率 when the plan year is not the 12 months after the baseline (a plan
    # for next year made before this one closes): what the figure spans, and its pace a year.
    "plan.uplift_span": {
        "ja": "基準の12か月({first} – {last})から{months}か月後の計画年度({plan_first} – {plan_last})までの変化です。年あたり {pace} のペース(好調な年・最良の12か月と比べるのはこちら)",
        "en": "the change from the baseline's 12 months ({first} – {last}) to the plan year {months} months on ({plan_first} – {plan_last}): {pace} a year (the figure to set against a strong year or the best 12 months)",
    },
    # An account the lapse rule or a closed status ended the day after its last sale: a day
    # count of 1 read 「最終受注 2026-09-28 から1日受注がなく」 (fix53e). Under a week, no count.
    "flag.lost_account_lapsed_since": {
        "ja": "{name}: 最終受注 {last_order} 以降受注がなく、{end}で取引終了とみなしました。{year}の売上 {revenue}(担当の{year}売上の {share})。{this_year}の目標のうち月あたり約 {monthly}、{span}で {rest}(前年の同じ月)はこの顧客なしで埋める必要があります",
        "en": "{name}: no order since {last_order}, counted as ended on {end}. {year} revenue {revenue} ({share} of the rep's {year} revenue). About {monthly} a month of the {this_year} target, {rest} over {span} (the same months last year), must now come from other accounts",
    },
    "flag.lost_account_lapsed_since_ahead": {
        "ja": "{name}: 最終受注 {last_order} 以降受注がなく、{end}で取引終了とみなしました。{year}の売上 {revenue}(担当の{year}売上の {share})。{this_year}の残りでは月あたり約 {monthly}、{span}で {rest}(前年の同じ月)をこの顧客なしで埋める必要があります",
        "en": "{name}: no order since {last_order}, counted as ended on {end}. {year} revenue {revenue} ({share} of the rep's {year} revenue). In the rest of {this_year}, about {monthly} a month, {rest} over {span} (the same months last year), must now come from other accounts",
    },
    "switched_account_rep": {
        "ja": "顧客シートの担当者と違う担当者だけが {since} から受注・訪問している顧客 {count}社: {pairs}({accounts})。その日からこの担当者に担当替えしたものとして、計画・実績・日次リストを計算しました(目安: {days}日以上・{lines}件以上の受注・訪問、その間 顧客シートの担当者の受注・訪問なし)。顧客シートの担当者を確かめてください",
        "en": "{count} accounts are ordered and visited only by a rep other than the one on the Accounts sheet since {since}: {pairs_en} ({accounts}). The plan, actuals and daily lists read them as handed over to that rep on that day (rule: {days} days or more and {lines} orders and visits or more, none by the sheet's rep since). Check the rep on the Accounts sheet",
    },
    # fix54b (trial 54 M1): a name two codes share whose codes never traded at once (a
    # 事業承継: old code ended, new one started the same day), read by the visit's day
    # (validation.name_dates).
    # fix54b (trial 54 M1): an account ended on the master and a new one started at the same
    # address within a few days: one place going on (core.succession, validation.succession).
    "accounts_succession": {
        "ja": "事業承継とみなしました({count:,}組): {pairs}。終了した顧客と同じ住所で{days}日以内に始まった顧客は同じ先として、旧コードの受注 {orders:,}行・訪問 {visits:,}行を新しいコードの実績に数え、解約・新規には数えません(新しいコードの担当者・訪問の間隔・季節は旧コードからの続きです)。別の先なら、どちらかの住所を実際の住所にしてください",
        "en": "read as a business handed on ({count:,} pairs): {pairs_en}. An account started at the address of one that ended within {days} days is the same place: the old code's {orders:,} order lines and {visits:,} visit lines count for the new code, neither lost nor won (the new code's rep, visit rhythm and season go on from the old). If they are different places, give each its own address",
    },
    # The same when no visit line carried the old code: a log keyed by name is matched to the
    # codes after the handover is read (validation.visit_names, the old names as aliases), so
    # a count of 0 moved would read as visits lost (verify54).
    "accounts_succession_by_name": {
        "ja": "事業承継とみなしました({count:,}組): {pairs}。終了した顧客と同じ住所で{days}日以内に始まった顧客は同じ先として、旧コードの受注 {orders:,}行を新しいコードの実績に数え、解約・新規には数えません(旧コード・旧い名前で書かれた訪問も新しいコードの訪問です。担当者・訪問の間隔・季節は旧コードからの続きです)。別の先なら、どちらかの住所を実際の住所にしてください",
        "en": "read as a business handed on ({count:,} pairs): {pairs_en}. An account started at the address of one that ended within {days} days is the same place: the old code's {orders:,} order lines count for the new code, neither lost nor won (visits typed with the old code or the old name are the new code's; its rep, visit rhythm and season go on from the old). If they are different places, give each its own address",
    },
    "visit_names_dated": {
        "ja": "{source} の列「{column}」の顧客名 {names:,}通り(訪問 {rows:,}行)は {by} で2つ以上の顧客コードが同じ名前ですが、取引の期間が重ならないため、訪問日に取引していた顧客の訪問として数えました(例: {examples})",
        "en": "{names:,} customer names in {source}'s column '{column}' ({rows:,} visit rows) are the name of two or more codes in {by} whose trading spans do not overlap: each visit is counted for the code trading on its day (e.g. {examples_en})",
    },
    # A PlanYear cell that could not be read (validation.settings._plan_year_said, trial 54
    # L1: 「第41期」): what to type, with the book's own year as the example.
    "setting_plan_year_invalid": {
        "ja": "設定「{name}」の値が正しくありません: {problem}(空欄として扱い、{fy}({first}〜{last})を計画します)。計画年度には年度の始まる年を西暦で入力します(例: {fy} なら {year})",
        "en": "setting '{name}' is invalid: {problem} (read as blank: planning {fy}, {first} … {last}). Type the year the fiscal year starts in (e.g. {year} for {fy})",
    },
    # A visits behind-pace flag where the visits do not bring the orders (core.flags
    # ``visits_link``; verify54: 岡田's visits flag named orders per account): the visit
    # frequency itself, no part of the revenue (the Review's is the orders').
    "action.behind_pace_visits_deliveries": {
        "ja": "差の主因は{lever}です(実績 {actual} / 目標 {target})。ここでは訪問が納品の記録なので、訪問は注文の数に従います。注文を見送っている顧客を確かめてください",
        "en": "most of the gap is {lever} (actual {actual} vs target {target}); visits here are the deliveries, so they follow the orders: look at the customers skipping orders",
    },
    "action.behind_pace_visits_apart": {
        "ja": "差の主因は{lever}です(実績 {actual} / 目標 {target})。受注は訪問とは別に来ているため、売上への影響はありませんが、訪問計画の前倒しで取り戻してください",
        "en": "most of the gap is {lever} (actual {actual} vs target {target}); orders come apart from the visits, so sales do not suffer, but bring visits forward",
    },
}


def text(key: str, language: str = "ja", /, **params: object) -> str:
    """The message ``key`` in ``language`` (falls back to English), formatted with params."""
    entry = MESSAGES.get(key)
    if entry is None:
        return key
    template = entry.get(language) or entry["en"]
    if "kpi_key" in params:  # an engine note names a KPI by its catalog key: show its label
        params = {**params, "kpi": _kpi_label(str(params["kpi_key"]), language)}
    if "measure_key" in params:  # and what a price was read in, by a message key
        params = {**params, "measure": text(str(params["measure_key"]), language)}
    try:
        said = template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template
    # English counts a noun in the plural; a count of one takes the singular ("1 day", not
    # "1 days": en42 found "overdue by 1 days", "1 months to go", "usually every 1 days").
    if "1 " in said and template is entry.get("en"):  # the cheap test first: text() is hot
        return _ONE_PLURAL.sub(_singular, said)
    return said


# "1 <plural noun>" not after a digit, a decimal point or a currency sign (11 days, 2.1 days
# and ¥1 orders stay as they are); a sign is a count too (+1 account).
_SINGULAR = {
    **{
        f"{w}s": w
        for w in [
            "day",
            "week",
            "month",
            "year",
            "visit",
            "order",
            "account",
            "new account",
            "lost account",
            "check",
            "row",
            "rep",
            "time",
            "step",
            "meeting",
            "attempt",
            "win",
            "appointment",
            "customer",
            "store",
            "line",
            "item",
            "sheet",
            "column",
            "file",
            "point",
            "holiday",
            "contact",
            "prospect",
            "word",
            "stop",
            "problem",
            "input problem",
        ]
    },
    "branches": "branch",
    "copies": "copy",
    "losses": "loss",
}
_ONE_PLURAL = re.compile(
    r"(?<![\d.,¥$])\b1 (" + "|".join(sorted(_SINGULAR, key=len, reverse=True)) + r")\b"
)


def _singular(match: re.Match[str]) -> str:
    return f"1 {_SINGULAR[match.group(1)]}"


def _kpi_label(key: str, language: str) -> str:
    """The catalog label of a KPI key (the key itself if the catalog has none)."""
    from routekpi.core.catalog import KPI_BY_KEY

    kpi = KPI_BY_KEY.get(key)
    return kpi.label(language) if kpi is not None else key


def bilingual(key: str, language: str, /, **params: object) -> str:
    """The message in the user's language followed by English ("ja / en"); English alone."""
    english = text(key, "en", **params)
    return english if language == "en" else f"{text(key, language, **params)} / {english}"


def fmt_yen(value: float) -> str:
    """¥1,234,567 (blank-safe)."""
    return "—" if value is None or not math.isfinite(value) else f"¥{value:,.0f}"


def fmt_pct(value: float, digits: int = 1) -> str:
    """12.3% (blank-safe)."""
    return "—" if value is None or not math.isfinite(value) else f"{value * 100:.{digits}f}%"


def fmt_uplift(factor: float) -> str:
    """A required uplift factor as the change it asks for: 1.08 → +8.0% (blank-safe)."""
    if factor is None or not math.isfinite(factor):
        return "—"
    return f"{(factor - 1) * 100:+.1f}%"


def finite(value: object) -> float | None:
    """A finite float, or None (an empty cell / JSON null)."""
    try:
        f = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def fmt_num(value: float, digits: int = 2) -> str:
    """1,234.57 (blank-safe)."""
    return "—" if value is None or not math.isfinite(value) else f"{value:,.{digits}f}"
