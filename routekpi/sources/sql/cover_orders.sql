-- routekpi: orders another rep booked on an account on its holder's leave days (cover,
-- core.at_work.with_cover_orders: the `orders` view has them under the holder already), per
-- booking rep × holder × month: revenue, orders (lines with amount > 0) (HistoryFacts.cover_orders).
-- Inputs: `booked_orders` (the orders as booked); `leave_accounts(account, holder, first_day,
-- last_day)`: each account of a rep on leave with the span's days (of two holders on leave
-- that day, the one that sorts first, as the view). Parameters: :as_of.
SELECT
    visitor,
    holder,
    EXTRACT(YEAR FROM date) * 12 + EXTRACT(MONTH FROM date) - 1 - 23640 AS month,
    SUM(amount) AS revenue,
    SUM(CASE WHEN amount > 0 THEN 1 ELSE 0 END) AS orders
FROM (
    SELECT
        CAST(o.rep AS VARCHAR) AS visitor,
        o.date,
        o.amount,
        (
            SELECT MIN(l.holder)
            FROM leave_accounts AS l
            WHERE l.account = CAST(o.account AS VARCHAR)
              AND CAST(o.date AS DATE) >= CAST(l.first_day AS DATE)
              AND CAST(o.date AS DATE) <= CAST(l.last_day AS DATE)
              AND l.holder <> CAST(o.rep AS VARCHAR)
        ) AS holder
    FROM booked_orders AS o
    WHERE o.date <= :as_of
) AS moved
WHERE holder IS NOT NULL
GROUP BY visitor, holder, EXTRACT(YEAR FROM date) * 12 + EXTRACT(MONTH FROM date) - 1 - 23640
