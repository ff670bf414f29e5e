-- routekpi: each account's order amounts in the 12 months to the as-of date (recent) and the
-- 12 months before (prior), and the days with an order (a line with amount > 0) in each:
-- the "fading account" rule (HistoryFacts.windows).
-- Parameters: :window_lo (as-of − 2 years), :window_mid (as-of − 1 year), :as_of.
SELECT
    account,
    SUM(CASE WHEN date > :window_mid THEN amount ELSE 0 END) AS recent,
    SUM(CASE WHEN date <= :window_mid THEN amount ELSE 0 END) AS prior,
    COUNT(DISTINCT CASE WHEN date > :window_mid AND amount > 0 THEN date END) AS recent_orders,
    COUNT(DISTINCT CASE WHEN date <= :window_mid AND amount > 0 THEN date END) AS prior_orders
FROM orders
WHERE date > :window_lo AND date <= :as_of
GROUP BY account
