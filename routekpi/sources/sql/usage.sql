-- routekpi: usage to date per rep × month (HistoryFacts.usage), as month-to-month changes.
-- Each account's order amounts count towards its rep's usage_sum in every month from the
-- later of the order's month and the account's start (s) until its end month (e); towards
-- cohort_usage_sum in the months of each fiscal year (first month y) that began after the
-- account started (y >= c), from the later of the order's month and y to the earlier of e
-- and y + 12. An account taken over during the plan year has a row per holder: the one
-- before counts in the months before hu, the Accounts sheet's rep from hs on (the same
-- amounts, as core.measure's rows move them; both blank for any other account). The changes,
-- summed up month by month, are core.measure's sums: the accounts × months table stays here.
-- Inputs: `orders`; `usage_accounts(account, rep, s, e, c, hs, hu)` and `fiscal_years(y)`,
-- months numbered from 1970-01 (core.history.usage_accounts). Parameters: :first_day (the
-- first day of the month grid), :as_of.
WITH lines AS (
    SELECT
        a.rep,
        a.s,
        CASE
            WHEN a.hu IS NULL THEN a.e
            WHEN a.e IS NULL OR a.hu < a.e THEN a.hu
            ELSE a.e
        END AS e,
        a.c,
        a.hs,
        EXTRACT(YEAR FROM o.date) * 12 + EXTRACT(MONTH FROM o.date) - 1 - 23640 AS p,
        o.amount AS x
    FROM orders AS o
    JOIN usage_accounts AS a ON a.account = o.account
    WHERE o.date >= :first_day AND o.date <= :as_of
),
starts AS (
    SELECT rep, e, c, p, hs, CASE WHEN p > s THEN p ELSE s END AS lo, x FROM lines
),
sums AS (
    SELECT rep, e, c, p, CASE WHEN hs IS NOT NULL AND hs > lo THEN hs ELSE lo END AS lo, SUM(x) AS x
    FROM starts
    GROUP BY rep, e, c, p, CASE WHEN hs IS NOT NULL AND hs > lo THEN hs ELSE lo END
),
blocks AS (
    SELECT
        g.rep,
        g.x,
        CASE WHEN g.lo > f.y THEN g.lo ELSE f.y END AS lo,
        CASE WHEN g.e IS NOT NULL AND g.e < f.y + 12 THEN g.e ELSE f.y + 12 END AS hi
    FROM sums AS g
    JOIN fiscal_years AS f ON f.y >= g.c
),
changes AS (
    SELECT rep, lo AS month, x AS du, 0 AS dc FROM sums WHERE e IS NULL OR lo < e
    UNION ALL
    SELECT rep, e AS month, -x AS du, 0 AS dc FROM sums WHERE e IS NOT NULL AND lo < e
    UNION ALL
    SELECT rep, lo AS month, 0 AS du, x AS dc FROM blocks WHERE lo < hi
    UNION ALL
    SELECT rep, hi AS month, 0 AS du, -x AS dc FROM blocks WHERE lo < hi
)
SELECT rep, month, SUM(du) AS usage_change, SUM(dc) AS cohort_change
FROM changes
GROUP BY rep, month
