-- routekpi: order sums per rep × month (HistoryFacts.rep_months).
-- Input: a relation `orders` with the canonical, validated columns
--   date DATE, account VARCHAR, rep VARCHAR, amount DOUBLE, quantity DOUBLE (NULL = blank).
-- Parameters (DATE literals): :as_of. month = months since 1970-01 (23640 = 1970 * 12).
-- Portable SQL (DuckDB, PostgreSQL, Spark SQL, BigQuery, Snowflake): no dialect functions.
SELECT
    rep,
    EXTRACT(YEAR FROM date) * 12 + EXTRACT(MONTH FROM date) - 1 - 23640 AS month,
    SUM(amount) AS revenue,
    SUM(CASE WHEN amount > 0 THEN 1 ELSE 0 END) AS orders,
    SUM(COALESCE(quantity, 0)) AS quantity
FROM orders
WHERE date <= :as_of
GROUP BY rep, EXTRACT(YEAR FROM date) * 12 + EXTRACT(MONTH FROM date) - 1 - 23640
