CREATE TYPE "public"."risk_rule_set_status" AS ENUM('draft', 'active', 'superseded');--> statement-breakpoint
CREATE TABLE "risk_rule_sets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer NOT NULL,
	"status" "risk_rule_set_status" DEFAULT 'draft' NOT NULL,
	"definition" jsonb NOT NULL,
	"based_on_version" integer NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_by" uuid NOT NULL,
	"approval_request_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"activated_at" timestamp with time zone,
	"superseded_at" timestamp with time zone,
	CONSTRAINT "risk_rule_sets_version_unique" UNIQUE("version"),
	CONSTRAINT "risk_rule_sets_version_ck" CHECK ("risk_rule_sets"."version" >= 2),
	CONSTRAINT "risk_rule_sets_note_len_ck" CHECK (char_length("risk_rule_sets"."note") <= 1000),
	CONSTRAINT "risk_rule_sets_active_ck" CHECK ("risk_rule_sets"."status" <> 'active' or "risk_rule_sets"."activated_at" is not null)
);
--> statement-breakpoint
ALTER TABLE "risk_rule_sets" ADD CONSTRAINT "risk_rule_sets_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_rule_sets" ADD CONSTRAINT "risk_rule_sets_approval_request_id_approval_requests_id_fk" FOREIGN KEY ("approval_request_id") REFERENCES "public"."approval_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "risk_rule_sets_one_active_uq" ON "risk_rule_sets" USING btree ("status") WHERE "risk_rule_sets"."status" = 'active';--> statement-breakpoint
CREATE INDEX "risk_rule_sets_status_idx" ON "risk_rule_sets" USING btree ("status","version");