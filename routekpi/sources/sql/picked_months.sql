-- routekpi: order sums per account × rep × month of a few picked accounts: the accounts ended
-- by the as-of date (HistoryFacts.ended_months: what the plan's baseline takes out of a
-- material lost account, core.lost) or first ordering in core.won's lookback
-- (HistoryFacts.won_months: what it counts for 12 months of a material win). Few accounts:
-- the rest of the orders stay summed per rep.
-- Inputs: `orders`; `picked_accounts(account)`. Parameters: :as_of.
-- month = months since 1970-01 (23640 = 1970 * 12).
SELECT
    o.account,
    o.rep,
    EXTRACT(YEAR FROM o.date) * 12 + EXTRACT(MONTH FROM o.date) - 1 - 23640 AS month,
    SUM(o.amount) AS revenue,
    SUM(CASE WHEN o.amount > 0 THEN 1 ELSE 0 END) AS orders,
    SUM(COALESCE(o.quantity, 0)) AS quantity
FROM orders AS o
JOIN picked_accounts AS e ON e.account = o.account
WHERE o.date <= :as_of
GROUP BY o.account, o.rep, EXTRACT(YEAR FROM o.date) * 12 + EXTRACT(MONTH FROM o.date) - 1 - 23640
