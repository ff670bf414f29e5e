-- routekpi: each account's first and last order day to :as_of: a new account at a silent
-- one's address closes the old one (core.same_address; validation.same_address); the
-- order days, for its mean gap (core.same_address.quiet). The order days are the sales'
-- (:is_sale, core.lapse SALE_SQL: a line with amount not below 0): a closed shop's returns
-- are no order; an account with no sale to the day is read on its lines (core.lapse.sale_lines,
-- trial 53 H1).
WITH sold AS (
    SELECT DISTINCT account
    FROM orders
    WHERE date <= :as_of AND account IS NOT NULL AND :is_sale
)
SELECT o.account, MIN(CAST(o.date AS DATE)) AS first, MAX(CAST(o.date AS DATE)) AS last,
  COUNT(DISTINCT CAST(o.date AS DATE)) AS days
FROM orders AS o
LEFT JOIN sold AS s ON s.account = o.account
WHERE o.date <= :as_of AND o.account IS NOT NULL AND (:is_sale OR s.account IS NULL)
GROUP BY o.account
