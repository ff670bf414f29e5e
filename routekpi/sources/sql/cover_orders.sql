-- routekpi: orders another rep booked on an account on its holder's leave days (cover,
-- core.at_work.with_cover_orders: the `orders` view has them under the holder already), per
-- booking rep × holder × month: revenue, orders (lines with amount > 0) (HistoryFacts.cover_orders).
-- Inputs: `booked_orders` (the orders as booked); `leave_accounts(account, holder, first_day,
-- last_day)`: each account of a rep on leave with the span's days, no two of an account's
-- spans overlapping (core.at_work.leave_accounts). Parameters: :as_of.
SELECT
    CAST(o.rep AS VARCHAR) AS visitor,
    l.holder,
    EXTRACT(YEAR FROM o.date) * 12 + EXTRACT(MONTH FROM o.date) - 1 - 23640 AS month,
    SUM(o.amount) AS revenue,
    SUM(CASE WHEN o.amount > 0 THEN 1 ELSE 0 END) AS orders
FROM booked_orders AS o
JOIN leave_accounts AS l ON l.account = CAST(o.account AS VARCHAR)
WHERE CAST(o.rep AS VARCHAR) <> l.holder
  AND CAST(o.date AS DATE) >= CAST(l.first_day AS DATE)
  AND CAST(o.date AS DATE) <= CAST(l.last_day AS DATE)
  AND o.date <= :as_of
GROUP BY CAST(o.rep AS VARCHAR), l.holder,
    EXTRACT(YEAR FROM o.date) * 12 + EXTRACT(MONTH FROM o.date) - 1 - 23640
