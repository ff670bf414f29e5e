-- routekpi: where the history starts and stops (all rows, after the as-of date too), and
-- whether it records any visit. No parameters.
SELECT
    (SELECT MIN(date) FROM orders) AS first_order,
    (SELECT MAX(date) FROM orders) AS last_order,
    (SELECT MIN(date) FROM visits) AS first_visit,
    (SELECT MAX(date) FROM visits) AS last_visit,
    (SELECT COUNT(*) FROM visits WHERE kind = 'visit') AS visit_rows
