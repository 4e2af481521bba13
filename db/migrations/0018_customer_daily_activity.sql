-- Per customer, per UTC day and currency: what the risk engine's history needs from that day's transactions (count,
-- exact sum and sum of squares of the amounts, the countries and devices seen), so scoring a payment reads about one
-- row per active day instead of one per past transaction (lib/transactions/customer-histories.ts). Derived data:
-- maintained by triggers on transactions (an INSERT adds its rows; a DELETE, TRUNCATE or an UPDATE of a column the
-- history reads recomputes the days it touched from the transactions themselves), never written by the application,
-- and rebuilt from scratch at the end of this migration. Not in the drizzle schema: only SQL reads it.
CREATE TABLE "customer_daily_activity" (
  "customer_id" uuid NOT NULL,
  "day" date NOT NULL,
  "currency" char(3) NOT NULL,
  "n" integer NOT NULL,
  "sum_minor" numeric NOT NULL,
  "sum_sq" numeric NOT NULL,
  "countries" text[] NOT NULL,
  "device_fingerprints" text[] NOT NULL,
  "device_ids" text[] NOT NULL,
  PRIMARY KEY ("customer_id", "day", "currency")
);--> statement-breakpoint
-- The latest located transaction before a payment (impossible travel) without walking past the unlocated ones.
CREATE INDEX "transactions_customer_located_idx" ON "transactions" USING btree ("customer_id","occurred_at") INCLUDE ("geo_lat","geo_lon","geo_country") WHERE "geo_lat" IS NOT NULL;--> statement-breakpoint
CREATE FUNCTION "customer_daily_activity_add"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Keys in one order, so two statements adding to the same days never lock them in opposite orders.
  INSERT INTO customer_daily_activity AS a (customer_id, day, currency, n, sum_minor, sum_sq, countries, device_fingerprints, device_ids)
  SELECT customer_id, (occurred_at AT TIME ZONE 'UTC')::date, currency, count(*), sum(amount_minor), sum(amount_minor::numeric * amount_minor),
    coalesce(array_agg(DISTINCT coalesce(geo_country, merchant_country)::text) FILTER (WHERE coalesce(geo_country, merchant_country) IS NOT NULL), '{}'),
    coalesce(array_agg(DISTINCT device_fingerprint) FILTER (WHERE device_fingerprint IS NOT NULL), '{}'),
    coalesce(array_agg(DISTINCT device_id) FILTER (WHERE device_id IS NOT NULL), '{}')
  FROM added WHERE customer_id IS NOT NULL
  GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (customer_id, day, currency) DO UPDATE SET
    n = a.n + excluded.n,
    sum_minor = a.sum_minor + excluded.sum_minor,
    sum_sq = a.sum_sq + excluded.sum_sq,
    countries = CASE WHEN excluded.countries <@ a.countries THEN a.countries ELSE ARRAY(SELECT DISTINCT unnest(a.countries || excluded.countries)) END,
    device_fingerprints = CASE WHEN excluded.device_fingerprints <@ a.device_fingerprints THEN a.device_fingerprints ELSE ARRAY(SELECT DISTINCT unnest(a.device_fingerprints || excluded.device_fingerprints)) END,
    device_ids = CASE WHEN excluded.device_ids <@ a.device_ids THEN a.device_ids ELSE ARRAY(SELECT DISTINCT unnest(a.device_ids || excluded.device_ids)) END;
  RETURN NULL;
END $$;--> statement-breakpoint
-- Recomputes the given days from the transactions (after a DELETE, or an UPDATE of a column the history reads).
CREATE FUNCTION "customer_daily_activity_recompute"(keys jsonb) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM customer_daily_activity a
  USING jsonb_to_recordset(keys) AS k(c uuid, d date, cur text)
  WHERE a.customer_id = k.c AND a.day = k.d AND a.currency = k.cur;
  INSERT INTO customer_daily_activity (customer_id, day, currency, n, sum_minor, sum_sq, countries, device_fingerprints, device_ids)
  SELECT t.customer_id, k.d, t.currency, count(*), sum(t.amount_minor), sum(t.amount_minor::numeric * t.amount_minor),
    coalesce(array_agg(DISTINCT coalesce(t.geo_country, t.merchant_country)::text) FILTER (WHERE coalesce(t.geo_country, t.merchant_country) IS NOT NULL), '{}'),
    coalesce(array_agg(DISTINCT t.device_fingerprint) FILTER (WHERE t.device_fingerprint IS NOT NULL), '{}'),
    coalesce(array_agg(DISTINCT t.device_id) FILTER (WHERE t.device_id IS NOT NULL), '{}')
  FROM (SELECT DISTINCT c, d, cur FROM jsonb_to_recordset(keys) AS k(c uuid, d date, cur text)) k
  JOIN transactions t ON t.customer_id = k.c AND t.currency = k.cur
    AND t.occurred_at >= k.d::timestamp AT TIME ZONE 'UTC' AND t.occurred_at < (k.d + 1)::timestamp AT TIME ZONE 'UTC'
  GROUP BY t.customer_id, k.d, t.currency
  ORDER BY 1, 2, 3;
END $$;--> statement-breakpoint
CREATE FUNCTION "customer_daily_activity_removed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM customer_daily_activity_recompute(
    (SELECT coalesce(jsonb_agg(DISTINCT jsonb_build_object('c', customer_id, 'd', (occurred_at AT TIME ZONE 'UTC')::date, 'cur', currency)), '[]') FROM removed WHERE customer_id IS NOT NULL));
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION "customer_daily_activity_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM customer_daily_activity_recompute(jsonb_build_array(
    jsonb_build_object('c', OLD.customer_id, 'd', (OLD.occurred_at AT TIME ZONE 'UTC')::date, 'cur', OLD.currency),
    jsonb_build_object('c', NEW.customer_id, 'd', (NEW.occurred_at AT TIME ZONE 'UTC')::date, 'cur', NEW.currency)));
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION "customer_daily_activity_truncated"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE customer_daily_activity;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "transactions_daily_activity_insert" AFTER INSERT ON "transactions" REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION customer_daily_activity_add();--> statement-breakpoint
CREATE TRIGGER "transactions_daily_activity_delete" AFTER DELETE ON "transactions" REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION customer_daily_activity_removed();--> statement-breakpoint
CREATE TRIGGER "transactions_daily_activity_update" AFTER UPDATE OF customer_id, occurred_at, currency, amount_minor, geo_country, merchant_country, device_fingerprint, device_id ON "transactions"
  FOR EACH ROW WHEN (OLD.customer_id IS DISTINCT FROM NEW.customer_id OR OLD.occurred_at IS DISTINCT FROM NEW.occurred_at OR OLD.currency IS DISTINCT FROM NEW.currency
    OR OLD.amount_minor IS DISTINCT FROM NEW.amount_minor OR OLD.geo_country IS DISTINCT FROM NEW.geo_country OR OLD.merchant_country IS DISTINCT FROM NEW.merchant_country
    OR OLD.device_fingerprint IS DISTINCT FROM NEW.device_fingerprint OR OLD.device_id IS DISTINCT FROM NEW.device_id)
  EXECUTE FUNCTION customer_daily_activity_changed();--> statement-breakpoint
CREATE TRIGGER "transactions_daily_activity_truncate" AFTER TRUNCATE ON "transactions" FOR EACH STATEMENT EXECUTE FUNCTION customer_daily_activity_truncated();--> statement-breakpoint
INSERT INTO customer_daily_activity (customer_id, day, currency, n, sum_minor, sum_sq, countries, device_fingerprints, device_ids)
SELECT customer_id, (occurred_at AT TIME ZONE 'UTC')::date, currency, count(*), sum(amount_minor), sum(amount_minor::numeric * amount_minor),
  coalesce(array_agg(DISTINCT coalesce(geo_country, merchant_country)::text) FILTER (WHERE coalesce(geo_country, merchant_country) IS NOT NULL), '{}'),
  coalesce(array_agg(DISTINCT device_fingerprint) FILTER (WHERE device_fingerprint IS NOT NULL), '{}'),
  coalesce(array_agg(DISTINCT device_id) FILTER (WHERE device_id IS NOT NULL), '{}')
FROM transactions WHERE customer_id IS NOT NULL
GROUP BY 1, 2, 3;
