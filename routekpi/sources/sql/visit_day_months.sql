-- routekpi: each visited account's order days, visit days and days with both per month to the
-- as-of date (from :visit_day_lo: the months a baseline can read, core.visit_days.KEPT_MONTHS),
-- and per month (a row with no account) the working days: any order or visit day
-- of an account (HistoryFacts.visit_day_months; core.visit_days.visit_day_months on raw rows):
-- whether orders come with the visits, for any baseline window. One aggregation by account and
-- day (no join); plain SQL (tests/test_sources.py runs it on PostgreSQL too). Months are
-- Period ordinals (months since 1970-01). Parameters: :as_of, :visit_day_lo.
WITH cells AS (
    SELECT account, day, max(ordered) AS ordered, max(visited) AS visited
    FROM (
        SELECT account, CAST(date AS DATE) AS day, 1 AS ordered, 0 AS visited
        FROM orders
        WHERE account IS NOT NULL AND amount > 0
            AND date >= :visit_day_lo AND date <= :as_of
        UNION ALL
        SELECT account, CAST(date AS DATE) AS day, 0 AS ordered, 1 AS visited
        FROM visits
        WHERE account IS NOT NULL AND kind = 'visit'
            AND date >= :visit_day_lo AND date <= :as_of
    ) AS lines
    GROUP BY account, day
),
seen AS (
    SELECT account FROM cells GROUP BY account HAVING max(visited) = 1
)
SELECT
    account,
    EXTRACT(YEAR FROM day) * 12 + EXTRACT(MONTH FROM day) - 1 - 23640 AS month,
    SUM(ordered) AS order_days,
    SUM(visited) AS visit_days,
    SUM(ordered * visited) AS together
FROM cells
WHERE account IN (SELECT account FROM seen)
GROUP BY 1, 2
UNION ALL
SELECT
    NULL AS account,
    EXTRACT(YEAR FROM day) * 12 + EXTRACT(MONTH FROM day) - 1 - 23640 AS month,
    COUNT(DISTINCT day) AS order_days,
    0 AS visit_days,
    0 AS together
FROM cells
GROUP BY 2
