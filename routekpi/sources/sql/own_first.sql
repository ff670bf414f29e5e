-- routekpi: each rep's first month with an order or a visit in his own name
-- (HistoryFacts.own_first), read before the handover moves an account's past lines to its
-- holder: a newcomer's start. Input: `orders` and `visits` with date DATE and rep, all rows
-- (after the as-of date too, as the raw rows are read). No parameters.
SELECT
    rep,
    EXTRACT(YEAR FROM MIN(date)) * 12 + EXTRACT(MONTH FROM MIN(date)) - 1 - 23640 AS month
FROM (
    SELECT date, rep FROM orders
    UNION ALL
    SELECT date, rep FROM visits
) AS lines
WHERE date IS NOT NULL AND rep IS NOT NULL
GROUP BY rep
