-- routekpi: each account's months with a visit or a meeting and no order line, in the two
-- years to the contact day (HistoryFacts.account_visit_months): a customer met in a month was
-- open in it, so the Daily list does not take it for closed that month
-- (core.daily.closed_months). The months with an order (account_days.sql's lines) are open by
-- their orders and left out. Months are Period ordinals (months since 1970-01).
-- Parameters: :window_lo (excluded), :as_of (orders), :contact (visits).
WITH met AS (
    SELECT DISTINCT
        account,
        EXTRACT(YEAR FROM date) * 12 + EXTRACT(MONTH FROM date) - 1 - 23640 AS month
    FROM visits
    WHERE account IS NOT NULL AND kind IN ('visit', 'meeting')
      AND date > :window_lo AND date <= :contact
),
ordered AS (
    SELECT DISTINCT
        account,
        EXTRACT(YEAR FROM date) * 12 + EXTRACT(MONTH FROM date) - 1 - 23640 AS month
    FROM orders
    WHERE account IS NOT NULL AND rep IS NOT NULL AND date > :window_lo AND date <= :as_of
)
SELECT met.account, met.month
FROM met
LEFT JOIN ordered ON ordered.account = met.account AND ordered.month = met.month
WHERE ordered.account IS NULL
