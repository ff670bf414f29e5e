-- routekpi: order sums of the accounts held on the as-of date per holder × end date × month
-- (HistoryFacts.held_months: each rep's year-end forecast from the book he holds now,
-- core.held). Few rows: reps × the end dates on Accounts × months.
-- Inputs: `orders`; `held_accounts(account, rep, ends)` (core.held.held_accounts; ends NULL:
-- no end). Parameters: :as_of. month = months since 1970-01 (23640 = 1970 * 12).
SELECT
    h.rep,
    h.ends,
    EXTRACT(YEAR FROM o.date) * 12 + EXTRACT(MONTH FROM o.date) - 1 - 23640 AS month,
    SUM(o.amount) AS revenue
FROM orders AS o
JOIN held_accounts AS h ON h.account = o.account
WHERE o.date <= :as_of
GROUP BY h.rep, h.ends, EXTRACT(YEAR FROM o.date) * 12 + EXTRACT(MONTH FROM o.date) - 1 - 23640
