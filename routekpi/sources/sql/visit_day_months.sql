-- routekpi: each visited account's order days, visit days and days with both per month to the
-- as-of date, and per month (a row with no account) the working days: any order or visit day
-- of an account (HistoryFacts.visit_day_months; core.visit_days.visit_day_months on raw rows):
-- whether orders come with the visits, for any baseline window. Months are Period ordinals
-- (months since 1970-01). Parameters: :as_of.
WITH od AS (
    SELECT DISTINCT account, CAST(date AS DATE) AS day
    FROM orders
    WHERE account IS NOT NULL AND amount > 0 AND date <= :as_of
),
vd AS (
    SELECT DISTINCT account, CAST(date AS DATE) AS day
    FROM visits
    WHERE account IS NOT NULL AND kind = 'visit' AND date <= :as_of
),
cells AS (
    SELECT
        COALESCE(o.account, vd.account) AS account,
        COALESCE(o.day, vd.day) AS day,
        CASE WHEN o.account IS NULL THEN 0 ELSE 1 END AS ordered,
        CASE WHEN vd.account IS NULL THEN 0 ELSE 1 END AS visited
    FROM (SELECT * FROM od WHERE account IN (SELECT account FROM vd)) AS o
    FULL OUTER JOIN vd ON o.account = vd.account AND o.day = vd.day
),
days AS (
    SELECT day FROM od
    UNION
    SELECT day FROM vd
)
SELECT
    account,
    EXTRACT(YEAR FROM day) * 12 + EXTRACT(MONTH FROM day) - 1 - 23640 AS month,
    SUM(ordered) AS order_days,
    SUM(visited) AS visit_days,
    SUM(ordered * visited) AS together
FROM cells
GROUP BY 1, 2
UNION ALL
SELECT
    NULL AS account,
    EXTRACT(YEAR FROM day) * 12 + EXTRACT(MONTH FROM day) - 1 - 23640 AS month,
    COUNT(*) AS order_days,
    0 AS visit_days,
    0 AS together
FROM days
GROUP BY 2
