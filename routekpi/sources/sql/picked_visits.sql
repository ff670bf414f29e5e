-- routekpi: visits, attempts (won ones too) and meetings per account × rep × month of a few
-- picked accounts (ended or won: HistoryFacts.ended_months / won_months, with picked_months.sql).
-- Inputs: `visits`; `picked_accounts(account)`. Parameters: :as_of.
SELECT
    v.account,
    v.rep,
    EXTRACT(YEAR FROM v.date) * 12 + EXTRACT(MONTH FROM v.date) - 1 - 23640 AS month,
    SUM(CASE WHEN v.kind = 'visit' THEN 1 ELSE 0 END) AS visits,
    SUM(CASE WHEN v.kind = 'attempt' THEN 1 ELSE 0 END) AS attempts,
    SUM(CASE WHEN v.kind = 'attempt' AND v.outcome = 'won' THEN 1 ELSE 0 END) AS appointments,
    SUM(CASE WHEN v.kind = 'meeting' THEN 1 ELSE 0 END) AS meetings
FROM visits AS v
JOIN picked_accounts AS e ON e.account = v.account
WHERE v.date <= :as_of
GROUP BY v.account, v.rep, EXTRACT(YEAR FROM v.date) * 12 + EXTRACT(MONTH FROM v.date) - 1 - 23640
