-- routekpi: order amounts per account × month, for usage to date (HistoryFacts.account_months).
-- The largest result (accounts × months with orders): fetch it column-wise (Arrow).
-- Parameters: :as_of.
SELECT
    account,
    EXTRACT(YEAR FROM date) * 12 + EXTRACT(MONTH FROM date) - 1 - 23640 AS month,
    SUM(amount) AS revenue
FROM orders
WHERE date <= :as_of
GROUP BY account, EXTRACT(YEAR FROM date) * 12 + EXTRACT(MONTH FROM date) - 1 - 23640
