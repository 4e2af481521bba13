CREATE TYPE "public"."idempotency_status" AS ENUM('in_progress', 'completed');--> statement-breakpoint
CREATE TYPE "public"."risk_decision" AS ENUM('allow', 'review', 'decline');--> statement-breakpoint
CREATE TYPE "public"."risk_level" AS ENUM('low', 'medium', 'high', 'critical');--> statement-breakpoint
CREATE TYPE "public"."transaction_channel" AS ENUM('ecommerce', 'pos', 'moto', 'recurring', 'in_app', 'atm');--> statement-breakpoint
CREATE TYPE "public"."transaction_status" AS ENUM('pending', 'frozen', 'in_review', 'released', 'declined', 'escalated');--> statement-breakpoint
CREATE TABLE "approval_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"request_version" integer NOT NULL,
	"step" integer NOT NULL,
	"staff_id" uuid NOT NULL,
	"requester_id" uuid NOT NULL,
	"exclusive" boolean DEFAULT true NOT NULL,
	"decision" text NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"group_indexes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"payload_hash" text NOT NULL,
	"credential_id" text NOT NULL,
	"passkey_id" uuid,
	"public_key" text NOT NULL,
	"authenticator_data" text NOT NULL,
	"client_data_json" text NOT NULL,
	"signature" text NOT NULL,
	"challenge" text NOT NULL,
	"nonce" text NOT NULL,
	"signature_verified" boolean NOT NULL,
	"ip" text,
	"user_agent" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "approval_decisions_person_step_uq" UNIQUE("request_id","request_version","step","staff_id"),
	CONSTRAINT "approval_decisions_not_requester_ck" CHECK ("approval_decisions"."staff_id" <> "approval_decisions"."requester_id")
);
--> statement-breakpoint
CREATE TABLE "approval_policies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"action_type" text NOT NULL,
	"version" integer NOT NULL,
	"definition" jsonb NOT NULL,
	"created_by" uuid,
	"source_request_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "approval_policies_type_version_uq" UNIQUE("action_type","version"),
	CONSTRAINT "approval_policies_version_ck" CHECK ("approval_policies"."version" >= 1)
);
--> statement-breakpoint
CREATE TABLE "approval_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"action_type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"payload_hash" text NOT NULL,
	"summary" text NOT NULL,
	"reason" text NOT NULL,
	"requester_id" uuid NOT NULL,
	"policy_id" uuid NOT NULL,
	"policy_version" integer NOT NULL,
	"tier_index" integer NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"current_step" integer DEFAULT 0 NOT NULL,
	"amount_minor" bigint DEFAULT 0 NOT NULL,
	"currency" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"executed_at" timestamp with time zone,
	"error" text,
	"result" jsonb,
	"execution_attempts" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "approval_requests_id_requester_uq" UNIQUE("id","requester_id"),
	CONSTRAINT "approval_requests_version_ck" CHECK ("approval_requests"."version" >= 1 AND "approval_requests"."current_step" >= 0),
	CONSTRAINT "approval_requests_amount_ck" CHECK ("approval_requests"."amount_minor" >= 0)
);
--> statement-breakpoint
CREATE TABLE "outbox_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"topic" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone,
	CONSTRAINT "outbox_messages_idempotencyKey_unique" UNIQUE("idempotency_key"),
	CONSTRAINT "outbox_messages_attempts_ck" CHECK ("outbox_messages"."attempts" >= 0)
);
--> statement-breakpoint
CREATE TABLE "service_token_pickups" (
	"token_id" uuid PRIMARY KEY NOT NULL,
	"requester_id" uuid NOT NULL,
	"secret_enc" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"token_hash" text NOT NULL,
	"scopes" text[] NOT NULL,
	"hmac_secret_enc" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid,
	"last_used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"created_via_request_id" uuid,
	CONSTRAINT "service_tokens_tokenHash_unique" UNIQUE("token_hash"),
	CONSTRAINT "service_tokens_name_length" CHECK (char_length("service_tokens"."name") between 1 and 100),
	CONSTRAINT "service_tokens_scopes_nonempty" CHECK (cardinality("service_tokens"."scopes") > 0)
);
--> statement-breakpoint
CREATE TABLE "customers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"external_ref" text NOT NULL,
	"region" text,
	"name_enc" text,
	"email_enc" text,
	"phone_enc" text,
	"address_enc" text,
	"date_of_birth_enc" text,
	"email_blind_index" text,
	"phone_blind_index" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customers_externalRef_unique" UNIQUE("external_ref")
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"token_id" uuid NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"status" "idempotency_status" DEFAULT 'in_progress' NOT NULL,
	"response_status" smallint,
	"response_body" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "idempotency_keys_token_id_key_pk" PRIMARY KEY("token_id","key")
);
--> statement-breakpoint
CREATE TABLE "transaction_notes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"transaction_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "transaction_notes_body_length" CHECK (char_length("transaction_notes"."body") between 1 and 4000)
);
--> statement-breakpoint
CREATE TABLE "transactions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"external_id" text NOT NULL,
	"customer_id" uuid NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"merchant_name" text NOT NULL,
	"merchant_category_code" char(4) NOT NULL,
	"merchant_country" char(2) NOT NULL,
	"payment_token" text NOT NULL,
	"card_bin" text NOT NULL,
	"card_last4" char(4) NOT NULL,
	"card_brand" text NOT NULL,
	"card_expiry_month" smallint NOT NULL,
	"card_expiry_year" smallint NOT NULL,
	"channel" "transaction_channel" NOT NULL,
	"device_id" text,
	"device_fingerprint" text,
	"ip" "inet",
	"user_agent" text,
	"geo_country" char(2),
	"geo_lat" double precision,
	"geo_lon" double precision,
	"risk_score" smallint NOT NULL,
	"risk_level" "risk_level" NOT NULL,
	"decision" "risk_decision" NOT NULL,
	"factors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"rule_set_version" text NOT NULL,
	"status" "transaction_status" NOT NULL,
	"assignee_id" uuid,
	"claimed_at" timestamp with time zone,
	"sla_due_at" timestamp with time zone,
	"region" text,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	"decision_reason_code" text,
	"version" integer DEFAULT 0 NOT NULL,
	"ingested_by_token_id" uuid,
	CONSTRAINT "transactions_externalId_unique" UNIQUE("external_id"),
	CONSTRAINT "transactions_amount_positive" CHECK ("transactions"."amount_minor" > 0),
	CONSTRAINT "transactions_currency_format" CHECK ("transactions"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "transactions_risk_score_range" CHECK ("transactions"."risk_score" between 0 and 100),
	CONSTRAINT "transactions_card_last4_digits" CHECK ("transactions"."card_last4" ~ '^[0-9]{4}$'),
	CONSTRAINT "transactions_card_bin_digits" CHECK ("transactions"."card_bin" ~ '^[0-9]{6,8}$'),
	CONSTRAINT "transactions_geo_lat_range" CHECK ("transactions"."geo_lat" is null or "transactions"."geo_lat" between -90 and 90),
	CONSTRAINT "transactions_geo_lon_range" CHECK ("transactions"."geo_lon" is null or "transactions"."geo_lon" between -180 and 180),
	CONSTRAINT "transactions_claim_consistent" CHECK ("transactions"."status" <> 'in_review' or "transactions"."assignee_id" is not null)
);
--> statement-breakpoint
ALTER TABLE "approval_decisions" ADD CONSTRAINT "approval_decisions_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_decisions" ADD CONSTRAINT "approval_decisions_request_fk" FOREIGN KEY ("request_id","requester_id") REFERENCES "public"."approval_requests"("id","requester_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_policies" ADD CONSTRAINT "approval_policies_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_requests" ADD CONSTRAINT "approval_requests_requester_id_staff_id_fk" FOREIGN KEY ("requester_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_requests" ADD CONSTRAINT "approval_requests_policy_id_approval_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."approval_policies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_token_pickups" ADD CONSTRAINT "service_token_pickups_token_id_service_tokens_id_fk" FOREIGN KEY ("token_id") REFERENCES "public"."service_tokens"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_token_pickups" ADD CONSTRAINT "service_token_pickups_requester_id_staff_id_fk" FOREIGN KEY ("requester_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_tokens" ADD CONSTRAINT "service_tokens_revoked_by_staff_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_tokens" ADD CONSTRAINT "service_tokens_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_token_id_service_tokens_id_fk" FOREIGN KEY ("token_id") REFERENCES "public"."service_tokens"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transaction_notes" ADD CONSTRAINT "transaction_notes_transaction_id_transactions_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "public"."transactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transaction_notes" ADD CONSTRAINT "transaction_notes_author_id_staff_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_assignee_id_staff_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_decided_by_staff_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_ingested_by_token_id_service_tokens_id_fk" FOREIGN KEY ("ingested_by_token_id") REFERENCES "public"."service_tokens"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "approval_decisions_person_once_uq" ON "approval_decisions" USING btree ("request_id","request_version","staff_id") WHERE "approval_decisions"."exclusive";--> statement-breakpoint
CREATE INDEX "approval_decisions_request_idx" ON "approval_decisions" USING btree ("request_id","created_at");--> statement-breakpoint
CREATE INDEX "approval_decisions_staff_idx" ON "approval_decisions" USING btree ("staff_id","created_at");--> statement-breakpoint
CREATE INDEX "approval_requests_status_expiry_idx" ON "approval_requests" USING btree ("status","expires_at");--> statement-breakpoint
CREATE INDEX "approval_requests_requester_idx" ON "approval_requests" USING btree ("requester_id","created_at");--> statement-breakpoint
CREATE INDEX "approval_requests_created_idx" ON "approval_requests" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "outbox_messages_due_idx" ON "outbox_messages" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "service_tokens_created_idx" ON "service_tokens" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "customers_email_bidx" ON "customers" USING btree ("email_blind_index");--> statement-breakpoint
CREATE INDEX "customers_phone_bidx" ON "customers" USING btree ("phone_blind_index");--> statement-breakpoint
CREATE INDEX "idempotency_keys_created_idx" ON "idempotency_keys" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "transaction_notes_tx_idx" ON "transaction_notes" USING btree ("transaction_id","created_at");--> statement-breakpoint
CREATE INDEX "transactions_queue_idx" ON "transactions" USING btree ("status","risk_level","received_at","id");--> statement-breakpoint
CREATE INDEX "transactions_status_received_idx" ON "transactions" USING btree ("status","received_at","id");--> statement-breakpoint
CREATE INDEX "transactions_status_score_idx" ON "transactions" USING btree ("status","risk_score","id");--> statement-breakpoint
CREATE INDEX "transactions_assignee_idx" ON "transactions" USING btree ("assignee_id","status") WHERE "transactions"."assignee_id" is not null;--> statement-breakpoint
CREATE INDEX "transactions_sla_idx" ON "transactions" USING btree ("sla_due_at") WHERE "transactions"."status" in ('frozen', 'in_review');--> statement-breakpoint
CREATE INDEX "transactions_currency_amount_idx" ON "transactions" USING btree ("currency","amount_minor");--> statement-breakpoint
CREATE INDEX "transactions_merchant_country_idx" ON "transactions" USING btree ("merchant_country");--> statement-breakpoint
CREATE INDEX "transactions_received_idx" ON "transactions" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "transactions_customer_occurred_idx" ON "transactions" USING btree ("customer_id","occurred_at");