-- routekpi: visits of kind visit to an account on its holder's leave days by another rep
-- (cover, core.at_work), per visitor × holder × month (HistoryFacts.cover_months).
-- Inputs: `visits`; `leave_accounts(account, holder, first_day, last_day)`: each account of
-- a rep on leave with the span's days. Parameters: :as_of.
SELECT
    v.rep AS visitor,
    l.holder,
    EXTRACT(YEAR FROM v.date) * 12 + EXTRACT(MONTH FROM v.date) - 1 - 23640 AS month,
    COUNT(*) AS visits
FROM visits AS v
JOIN leave_accounts AS l ON l.account = v.account
WHERE v.kind = 'visit'
  AND v.rep <> l.holder
  AND CAST(v.date AS DATE) >= CAST(l.first_day AS DATE)
  AND CAST(v.date AS DATE) <= CAST(l.last_day AS DATE)
  AND v.date <= :as_of
GROUP BY v.rep, l.holder, EXTRACT(YEAR FROM v.date) * 12 + EXTRACT(MONTH FROM v.date) - 1 - 23640
