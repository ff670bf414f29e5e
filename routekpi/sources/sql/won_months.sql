-- routekpi: order sums per account × rep × month of the accounts first ordering in the lookback
-- (HistoryFacts.won_months: what the plan's baseline counts for 12 months of a material win,
-- core.won). Few accounts: the rest of the orders stay summed per rep.
-- Inputs: `orders`; `won_accounts(account)` (core.won.won_candidates). Parameters: :as_of.
-- month = months since 1970-01 (23640 = 1970 * 12).
SELECT
    o.account,
    o.rep,
    EXTRACT(YEAR FROM o.date) * 12 + EXTRACT(MONTH FROM o.date) - 1 - 23640 AS month,
    SUM(o.amount) AS revenue,
    SUM(CASE WHEN o.amount > 0 THEN 1 ELSE 0 END) AS orders,
    SUM(COALESCE(o.quantity, 0)) AS quantity
FROM orders AS o
JOIN won_accounts AS e ON e.account = o.account
WHERE o.date <= :as_of
GROUP BY o.account, o.rep, EXTRACT(YEAR FROM o.date) * 12 + EXTRACT(MONTH FROM o.date) - 1 - 23640
