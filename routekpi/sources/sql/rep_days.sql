-- routekpi: visits per rep and day over the last 365 days: each rep's daily capacity on the
-- Daily sheet (HistoryFacts.rep_days). Parameters: :capacity_start, :contact (the last
-- day visits count as contact; the window's end).
SELECT rep, date, COUNT(*) AS visits
FROM visits
WHERE kind = 'visit' AND date >= :capacity_start AND date <= :contact
GROUP BY rep, date
