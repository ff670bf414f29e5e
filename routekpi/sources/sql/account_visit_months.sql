-- routekpi: each account's months with a visit or a meeting, in the two years to the contact
-- day (HistoryFacts.account_visit_months): a customer met in a month was open in it, so the
-- Daily list does not take it for closed that month (core.daily.closed_months). Months are
-- Period ordinals (months since 1970-01). Parameters: :window_lo (excluded), :contact.
SELECT DISTINCT
    account,
    EXTRACT(YEAR FROM date) * 12 + EXTRACT(MONTH FROM date) - 1 - 23640 AS month
FROM visits
WHERE account IS NOT NULL AND kind IN ('visit', 'meeting')
  AND date > :window_lo AND date <= :contact
