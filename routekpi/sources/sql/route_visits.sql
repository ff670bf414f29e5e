-- routekpi: each account's days with a visit (kind visit) in the route weeks to the as-of date,
-- through the contact day (HistoryFacts.route_visits): an account on a rep's route reads its
-- weekdays from the days he goes (core.route_days.route_visit_days, on raw rows).
-- Parameters: :route_lo (ROUTE_WEEKS before the as-of date, excluded), :contact.
SELECT DISTINCT account, CAST(date AS DATE) AS date
FROM visits
WHERE account IS NOT NULL AND kind = 'visit' AND date > :route_lo AND date <= :contact
