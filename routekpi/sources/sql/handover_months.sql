-- routekpi: order sums per account × rep × month of the accounts taken over during the plan
-- year (HistoryFacts.handover_months: the Review splits a giver's revenue into the accounts
-- he handed over and the book he kept). Few accounts: the rest of the orders stay summed per rep.
-- Inputs: `orders`; `handover_accounts(account)` (core.handover.Handover.taken_over).
-- Parameters: :as_of. month = months since 1970-01 (23640 = 1970 * 12).
SELECT
    o.account,
    o.rep,
    EXTRACT(YEAR FROM o.date) * 12 + EXTRACT(MONTH FROM o.date) - 1 - 23640 AS month,
    SUM(o.amount) AS revenue
FROM orders AS o
JOIN handover_accounts AS h ON h.account = o.account
WHERE o.date <= :as_of
GROUP BY o.account, o.rep, EXTRACT(YEAR FROM o.date) * 12 + EXTRACT(MONTH FROM o.date) - 1 - 23640
