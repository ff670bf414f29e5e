-- routekpi: each account's first and last order day to :as_of: a new account at a silent
-- one's address closes the old one (core.same_address; validation.same_address); the
-- order days, for its mean gap (core.same_address.quiet).
SELECT account, MIN(CAST(date AS DATE)) AS first, MAX(CAST(date AS DATE)) AS last,
  COUNT(DISTINCT CAST(date AS DATE)) AS days
FROM orders
WHERE date <= :as_of AND account IS NOT NULL
GROUP BY account
