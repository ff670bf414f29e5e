-- routekpi: each account's last order day to :as_of (core.lapse.last_order_by): whether a
-- customer master records its customers' ends is read on it (core.lapse.end_record); the
-- whole rhythm (order_rhythm.sql) only for a master that does not.
SELECT account, MAX(CAST(date AS DATE)) AS last
FROM orders
WHERE date <= :as_of AND account IS NOT NULL
GROUP BY account
