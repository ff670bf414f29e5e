-- routekpi: the unit price on the same customers per 12-month window end (HistoryFacts.
-- same_accounts, core.levers.same_account_sums). For window end m, the accounts with orders and
-- revenue in both the 12 months to m and the 12 before: weighted = Σ w × LN(unit price now ÷
-- then), weight = Σ w (w: the account's orders in the two windows), orders_now / orders_then.
-- Window ends from the 24th month of the orders on. Parameters: :as_of. month = months since
-- 1970-01 (23640 = 1970 * 12). An order is a line with amount > 0; revenue is every line.
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
bounds AS (
    SELECT MIN(month) AS lo, MAX(month) AS hi FROM am
),
-- Every window end with an order inside its last 12 months (a window without one has no
-- account ordering in both).
ends AS (
    SELECT DISTINCT am.month + k.k AS m
    FROM am
    CROSS JOIN (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9), (10), (11)) AS k (k)
    CROSS JOIN bounds
    WHERE am.month + k.k >= bounds.lo + 23 AND am.month + k.k <= bounds.hi
),
w AS (
    SELECT
        ends.m,
        am.account,
        SUM(CASE WHEN am.month > ends.m - 12 THEN am.revenue ELSE 0 END) AS now_r,
        SUM(CASE WHEN am.month > ends.m - 12 THEN am.orders ELSE 0 END) AS now_c,
        SUM(CASE WHEN am.month <= ends.m - 12 THEN am.revenue ELSE 0 END) AS then_r,
        SUM(CASE WHEN am.month <= ends.m - 12 THEN am.orders ELSE 0 END) AS then_c
    FROM ends
    JOIN am ON am.month > ends.m - 24 AND am.month <= ends.m
    GROUP BY ends.m, am.account
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
