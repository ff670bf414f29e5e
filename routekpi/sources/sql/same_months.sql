-- routekpi: the unit price on the same customers per month against the same month a year
-- before (HistoryFacts.same_months, core.levers.same_month_account_sums). For month m, the
-- accounts with orders and revenue in both m and m - 12: weighted = Σ w × LN(unit price now ÷
-- then), weight = Σ w (w: the account's orders in the two months), orders_now / orders_then.
-- Parameters: :as_of. month = months since 1970-01 (23640 = 1970 * 12). An order is a line
-- with amount > 0; revenue is every line. Every order line has an account (one without is
-- skipped when the source is read), so the months pair on it.
WITH am AS (
    SELECT
        account,
        EXTRACT(YEAR FROM date) * 12 + EXTRACT(MONTH FROM date) - 1 - 23640 AS month,
        SUM(amount) AS revenue,
        SUM(CASE WHEN amount > 0 THEN 1 ELSE 0 END) AS orders
    FROM orders
    WHERE date <= :as_of
    GROUP BY account, EXTRACT(YEAR FROM date) * 12 + EXTRACT(MONTH FROM date) - 1 - 23640
)
SELECT
    cur.month AS month,
    SUM(
        (cur.orders + prev.orders)
        * (LN(cur.revenue / cur.orders) - LN(prev.revenue / prev.orders))
    ) AS weighted,
    SUM(cur.orders + prev.orders) AS weight,
    SUM(cur.orders) AS orders_now,
    SUM(prev.orders) AS orders_then
FROM am AS cur
JOIN am AS prev ON prev.account = cur.account AND prev.month = cur.month - 12
WHERE cur.orders > 0 AND prev.orders > 0 AND cur.revenue > 0 AND prev.revenue > 0
GROUP BY cur.month
