-- routekpi: visits, appointment attempts (won ones too) and meetings per rep × month
-- (HistoryFacts.visits). Input: `visits` with date DATE, rep, account, kind
-- ('visit' | 'attempt' | 'meeting'), outcome ('won' | 'lost' | NULL). Parameters: :as_of.
SELECT
    rep,
    EXTRACT(YEAR FROM date) * 12 + EXTRACT(MONTH FROM date) - 1 - 23640 AS month,
    SUM(CASE WHEN kind = 'visit' THEN 1 ELSE 0 END) AS visits,
    SUM(CASE WHEN kind = 'attempt' THEN 1 ELSE 0 END) AS attempts,
    SUM(CASE WHEN kind = 'attempt' AND outcome = 'won' THEN 1 ELSE 0 END) AS appointments,
    SUM(CASE WHEN kind = 'meeting' THEN 1 ELSE 0 END) AS meetings
FROM visits
WHERE date <= :as_of
GROUP BY rep, EXTRACT(YEAR FROM date) * 12 + EXTRACT(MONTH FROM date) - 1 - 23640
