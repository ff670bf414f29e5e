-- routekpi: each account's days with an order, per rep, in the two years to the as-of date
-- (HistoryFacts.account_days): the Daily list's 納品 contacts where an account has too few
-- visits to read its rhythm from (core.daily.order_contacts), and its off-season rule.
-- The order days are the sales' (:is_sale, core.lapse SALE_SQL: a line with amount not below
-- 0): a return is no order day; an account with no sale to the day is read on its lines
-- (core.lapse.sale_lines, trial 53 H1).
-- Parameters: :window_lo (two years back, excluded), :as_of.
WITH sold AS (
    SELECT DISTINCT account
    FROM orders
    WHERE date <= :as_of AND account IS NOT NULL AND :is_sale
)
SELECT DISTINCT o.account, o.rep, o.date
FROM orders AS o
LEFT JOIN sold AS s ON s.account = o.account
WHERE o.account IS NOT NULL AND o.rep IS NOT NULL AND o.date > :window_lo AND o.date <= :as_of
    AND (:is_sale OR s.account IS NULL)
