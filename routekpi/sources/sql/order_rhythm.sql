-- routekpi: each account's order rhythm to :as_of (core.lapse.order_rhythm, the lapse rule
-- that follows a large account's own rhythm): its first and last order, the number of days it ordered on,
-- the median and the longest number of days between them, and its revenue in the year to
-- :as_of (after :year_ago, every line), and its season (core.lapse SEASON_SLACK_DAYS).
-- Dialects: `date - previous` is a day count in DuckDB and PostgreSQL; Spark SQL and
-- BigQuery spell it DATEDIFF(date, previous) / DATE_DIFF(date, previous, DAY).
WITH sold AS (
    SELECT DISTINCT account
    FROM orders
    WHERE date <= :as_of AND account IS NOT NULL AND :is_sale
),
d AS (
    -- The order days are the sales' (:is_sale, core.lapse SALE_SQL): a return is no order; an account with no
    -- sale to the day is read on its lines (core.lapse.sale_lines, trial 53 H1).
    SELECT DISTINCT o.account, CAST(o.date AS DATE) AS date
    FROM orders AS o
    LEFT JOIN sold AS s ON s.account = o.account
    WHERE o.date <= :as_of AND o.account IS NOT NULL AND (:is_sale OR s.account IS NULL)
),
w AS (
    SELECT
        account,
        date,
        date - LAG(date) OVER (PARTITION BY account ORDER BY date) AS gap,
        MIN(date) OVER (PARTITION BY account) AS first_day,
        MAX(date) OVER (PARTITION BY account) - 365 AS ago
    FROM d
),
g AS (
    SELECT
        w.*,
        -- order days counted from :slack days after a year before the last order
        SUM(CASE WHEN date > ago + :slack THEN 1 ELSE 0 END)
            OVER (PARTITION BY account ORDER BY date ROWS UNBOUNDED PRECEDING) AS counted
    FROM w
)
SELECT
    g.account,
    MIN(date) AS first,
    MAX(date) AS last,
    COUNT(*) AS count,
    PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY gap) AS usual,
    MAX(gap) AS longest,
    MAX(r.revenue) AS revenue,
    -- its season: from a year (365 days) before its last order to its :season_orders-th
    -- order day more than :slack days after that day, for a customer of a year by then
    MIN(
        CASE WHEN first_day <= ago AND date > ago + :slack AND counted = :season_orders
        THEN date - ago END
    ) AS season
FROM g
LEFT JOIN (
    SELECT account, SUM(CASE WHEN date > :year_ago THEN amount ELSE 0 END) AS revenue
    FROM orders
    WHERE date <= :as_of AND account IS NOT NULL
    GROUP BY account
) AS r ON r.account = g.account
GROUP BY g.account
