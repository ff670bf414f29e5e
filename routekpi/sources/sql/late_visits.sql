-- routekpi: visit_facts.sql for the visits after the as-of date through the contact day
-- (HistoryFacts.late_visits: a blank AsOf is the last order, and visits typed after it
-- count in the Daily list's year to date). Input: `visits` with date DATE, rep, account,
-- kind, outcome (as visit_facts.sql). Parameters: :as_of, :contact.
SELECT
    rep,
    EXTRACT(YEAR FROM date) * 12 + EXTRACT(MONTH FROM date) - 1 - 23640 AS month,
    SUM(CASE WHEN kind = 'visit' THEN 1 ELSE 0 END) AS visits,
    SUM(CASE WHEN kind = 'attempt' THEN 1 ELSE 0 END) AS attempts,
    SUM(CASE WHEN kind = 'attempt' AND outcome = 'won' THEN 1 ELSE 0 END) AS appointments,
    SUM(CASE WHEN kind = 'meeting' THEN 1 ELSE 0 END) AS meetings
FROM visits
WHERE date > :as_of AND date <= :contact
GROUP BY rep, EXTRACT(YEAR FROM date) * 12 + EXTRACT(MONTH FROM date) - 1 - 23640
