-- routekpi: the distinct order dates from :order_days_start (the last order up to the as-of
-- date, less core.history.ORDER_DAYS_LOOKBACK days) to the as-of date
-- (HistoryFacts.order_days): whether the business orders on nearly every working day
-- (core.baselines.history_ends_early). Parameters: :order_days_start, :as_of.
SELECT DISTINCT date
FROM orders
WHERE date >= :order_days_start AND date <= :as_of
