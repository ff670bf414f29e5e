-- routekpi: each account's days with an order line, per rep, in the two years to the as-of
-- date (HistoryFacts.account_days): the Daily list's 納品 contacts where an account has too
-- few visits to read its rhythm from (core.daily.order_contacts), and its off-season rule.
-- Parameters: :window_lo (two years back, excluded), :as_of.
SELECT DISTINCT account, rep, date
FROM orders
WHERE account IS NOT NULL AND rep IS NOT NULL AND date > :window_lo AND date <= :as_of
