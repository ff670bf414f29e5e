-- routekpi: the unit price on the same customers per month against the same month a year
-- before (HistoryFacts.same_months, core.levers.same_month_account_sums). For month m, the
-- accounts with orders and revenue in both m and m - 12: weighted = Σ w × LN(unit price now ÷
-- then), weight = Σ w (w: the account's orders in the two months), orders_now / orders_then.
-- Parameters: :as_of. month = months since 1970-01 (23640 = 1970 * 12). An order is a line
-- with amount > 0; revenue is every line.
WITH am AS (
    SELECT
        account,
        EXTRACT(YEAR FROM date) * 12 + EXTRACT(MONTH FROM date) - 1 - 23640 AS month,
        SUM(amount) AS revenue,
        SUM(CASE WHEN amount > 0 THEN 1 ELSE 0 END) AS orders
    FROM orders
    WHERE date <= :as_of
    GROUP BY account, EXTRACT(YEAR FROM date) * 12 + EXTRACT(MONTH FROM date) - 1 - 23640
),
-- Each account's month m beside its month m - 12 (k = 12: the month a year before, counted
-- at m); grouped, not joined on the account, so that a blank account is one, as in pandas.
w AS (
    SELECT
        am.month + k.k AS m,
        am.account,
        SUM(CASE WHEN k.k = 0 THEN am.revenue ELSE 0 END) AS now_r,
        SUM(CASE WHEN k.k = 0 THEN am.orders ELSE 0 END) AS now_c,
        SUM(CASE WHEN k.k = 12 THEN am.revenue ELSE 0 END) AS then_r,
        SUM(CASE WHEN k.k = 12 THEN am.orders ELSE 0 END) AS then_c
    FROM am
    CROSS JOIN (VALUES (0), (12)) AS k (k)
    GROUP BY am.month + k.k, am.account
)
SELECT
    m AS month,
    SUM((now_c + then_c) * (LN(now_r / now_c) - LN(then_r / then_c))) AS weighted,
    SUM(now_c + then_c) AS weight,
    SUM(now_c) AS orders_now,
    SUM(then_c) AS orders_then
FROM w
WHERE now_c > 0 AND then_c > 0 AND now_r > 0 AND then_r > 0
GROUP BY m
