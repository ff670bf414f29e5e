-- routekpi: each account's first and last order and the rep of its last order — of two reps
-- on that day, the one that sorts last — and its last order a year before (HistoryFacts.
-- lifetimes; the 180-day lapse rule and who comes back). An order is a sale (:is_sale,
-- core.lapse SALE_SQL: a line with amount not below 0): a return is no first or last order; an account with no sale to the day is
-- read on its lines (core.lapse.sale_lines, trial 53 H1).
-- Parameters: :as_of, :year_ago.
WITH span AS (
    SELECT
        account,
        COALESCE(MIN(CASE WHEN :is_sale THEN date END), MIN(date)) AS first_order,
        COALESCE(MAX(CASE WHEN :is_sale THEN date END), MAX(date)) AS last_order,
        MAX(CASE WHEN :is_sale THEN 1 ELSE 0 END) AS sells,
        COALESCE(
            MAX(CASE WHEN date <= :year_ago AND :is_sale THEN date END),
            MAX(CASE WHEN date <= :year_ago THEN date END)
        ) AS last_year_ago
    FROM orders
    WHERE date <= :as_of
    GROUP BY account
)
SELECT s.account, s.first_order, s.last_order, MAX(o.rep) AS rep, s.last_year_ago
FROM span AS s
JOIN orders AS o ON o.account = s.account AND o.date = s.last_order
    AND (:is_sale OR s.sells = 0)
GROUP BY s.account, s.first_order, s.last_order, s.last_year_ago
