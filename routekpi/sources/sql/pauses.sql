-- routekpi: the pauses after each account's order days to :as_of, counted per length in days
-- (HistoryFacts.pauses, core.lapse.pause_counts): every day an account ordered on is followed
-- by a pause to its next order day (came: it ended) or, for its last, to :as_of (still
-- running); seen counts both. Old customers back after a pause among the first wins.
-- The order days are the sales' (:is_sale, core.lapse SALE_SQL: a line with amount not below
-- 0): a return is no order day; an account with no sale to the day is read on its lines
-- (core.lapse.sale_lines, trial 53 H1).
-- Dialects: `date - previous` is a day count in DuckDB and PostgreSQL; Spark SQL and
-- BigQuery spell it DATEDIFF(date, previous) / DATE_DIFF(date, previous, DAY).
WITH sold AS (
    SELECT DISTINCT account
    FROM orders
    WHERE date <= :as_of AND account IS NOT NULL AND :is_sale
),
d AS (
    SELECT DISTINCT o.account, CAST(o.date AS DATE) AS date
    FROM orders AS o
    LEFT JOIN sold AS s ON s.account = o.account
    WHERE o.date <= :as_of AND o.account IS NOT NULL AND (:is_sale OR s.account IS NULL)
),
g AS (
    SELECT
        date,
        LEAD(date) OVER (PARTITION BY account ORDER BY date) AS next_date
    FROM d
)
SELECT
    COALESCE(next_date, :as_of) - date AS days,
    SUM(CASE WHEN next_date IS NULL THEN 0 ELSE 1 END) AS came,
    COUNT(*) AS seen
FROM g
GROUP BY COALESCE(next_date, :as_of) - date
