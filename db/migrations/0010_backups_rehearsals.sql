CREATE TABLE "backups" (
	"id" text PRIMARY KEY NOT NULL,
	"file_name" text NOT NULL,
	"taken_at" timestamp with time zone NOT NULL,
	"bytes" bigint NOT NULL,
	"sha256" text NOT NULL,
	"key_id" text NOT NULL,
	"server_version" text NOT NULL,
	"duration_ms" integer NOT NULL,
	"manifest" jsonb NOT NULL,
	"deleted_at" timestamp with time zone,
	"deleted_reason" text,
	CONSTRAINT "backups_sha256_hex" CHECK ("backups"."sha256" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "backups_bytes_positive" CHECK ("backups"."bytes" > 0)
);
--> statement-breakpoint
CREATE TABLE "restore_rehearsals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"backup_id" text,
	"backup_taken_at" timestamp with time zone,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone NOT NULL,
	"outcome" text NOT NULL,
	"failed_step" text,
	"message" text NOT NULL,
	"rpo_seconds" integer,
	"rto_ms" integer,
	"total_ms" integer NOT NULL,
	"scratch_database" text,
	"scratch_kept" boolean DEFAULT false NOT NULL,
	"checks" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"host" text NOT NULL,
	CONSTRAINT "restore_rehearsals_outcome" CHECK ("restore_rehearsals"."outcome" in ('passed', 'failed')),
	CONSTRAINT "restore_rehearsals_failed_step" CHECK (("restore_rehearsals"."outcome" = 'failed') = ("restore_rehearsals"."failed_step" is not null))
);
--> statement-breakpoint
CREATE INDEX "backups_taken_idx" ON "backups" USING btree ("taken_at");--> statement-breakpoint
CREATE INDEX "restore_rehearsals_started_idx" ON "restore_rehearsals" USING btree ("started_at");