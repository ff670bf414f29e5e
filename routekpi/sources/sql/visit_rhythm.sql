-- routekpi: each account's visit rhythm (HistoryFacts.rhythm): how many visits, the median
-- number of days between consecutive visits, the last visit. Parameters: :contact (the last
-- day visits count as contact: the as-of date, or with a blank AsOf the last visit when
-- later); :history_start (HistoryFacts.start: visits before the first order month are no
-- history, core.orders_start).
-- Dialects: `date - previous` is a day count in DuckDB and PostgreSQL; Spark SQL and
-- BigQuery spell it DATEDIFF(date, previous) / DATE_DIFF(date, previous, DAY).
WITH v AS (
    SELECT
        account,
        date,
        date - LAG(date) OVER (PARTITION BY account ORDER BY date) AS gap
    FROM visits
    WHERE kind = 'visit' AND account IS NOT NULL AND date >= :history_start AND date <= :contact
)
SELECT
    account,
    COUNT(*) AS visit_count,
    PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY gap) AS usual,
    MAX(date) AS last_visit
FROM v
GROUP BY account
