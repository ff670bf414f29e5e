-- routekpi: each account's first and last order and the rep of its last order — of two reps
-- on that day, the one that sorts last — and its last order a year before (HistoryFacts.
-- lifetimes; the 180-day lapse rule and who comes back).
-- Parameters: :as_of, :year_ago.
WITH span AS (
    SELECT
        account,
        MIN(date) AS first_order,
        MAX(date) AS last_order,
        MAX(CASE WHEN date <= :year_ago THEN date END) AS last_year_ago
    FROM orders
    WHERE date <= :as_of
    GROUP BY account
)
SELECT s.account, s.first_order, s.last_order, MAX(o.rep) AS rep, s.last_year_ago
FROM span AS s
JOIN orders AS o ON o.account = s.account AND o.date = s.last_order
GROUP BY s.account, s.first_order, s.last_order, s.last_year_ago
