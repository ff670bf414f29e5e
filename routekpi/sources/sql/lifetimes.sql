-- routekpi: each account's first and last order and the rep of its last order — of two reps
-- on that day, the one that sorts last (HistoryFacts.lifetimes; the 180-day lapse rule).
-- Parameters: :as_of.
WITH span AS (
    SELECT account, MIN(date) AS first_order, MAX(date) AS last_order
    FROM orders
    WHERE date <= :as_of
    GROUP BY account
)
SELECT s.account, s.first_order, s.last_order, MAX(o.rep) AS rep
FROM span AS s
JOIN orders AS o ON o.account = s.account AND o.date = s.last_order
GROUP BY s.account, s.first_order, s.last_order
