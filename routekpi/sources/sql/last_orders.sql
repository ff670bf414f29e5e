-- routekpi: each account's last order day to :as_of (core.lapse.last_order_by): whether a
-- customer master records its customers' ends is read on it (core.lapse.end_record); the
-- whole rhythm (order_rhythm.sql) only for a master that does not. An order is a sale
-- (:is_sale, core.lapse SALE_SQL: a line with amount not below 0); an account with no sale to
-- the day is read on its lines (core.lapse.sale_lines, trial 53 H1).
SELECT
    account,
    COALESCE(
        MAX(CASE WHEN :is_sale THEN CAST(date AS DATE) END), MAX(CAST(date AS DATE))
    ) AS last
FROM orders
WHERE date <= :as_of AND account IS NOT NULL
GROUP BY account
