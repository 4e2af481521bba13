CREATE TABLE "audit_event_queue" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_event_queue_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"event_id" uuid NOT NULL,
	"chain" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"actor_type" text NOT NULL,
	"actor_id" text,
	"action" text NOT NULL,
	"target_type" text,
	"target_id" text,
	"result" text NOT NULL,
	"reason" text,
	"ip" text,
	"place" jsonb,
	"device" jsonb,
	"authenticator" jsonb,
	"request_id" text,
	"session_id" text,
	"data" jsonb,
	"before" jsonb,
	"after" jsonb,
	"queued_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "audit_event_queue_chain_order_idx" ON "audit_event_queue" USING btree ("chain","occurred_at","id");--> statement-breakpoint
-- The queue is append-only for everyone but the sequencer, and even the sequencer can only
-- take an event out of it by putting the same event into the chain in the same transaction.
-- UPDATE (row trigger) and TRUNCATE (statement trigger, which row triggers never see) are
-- refused outright; a DELETE is checked after the statement: every deleted row must already
-- be in audit_events with the same id, chain and content (occurred_at may only have moved
-- forward: the sequencer keeps it non-decreasing along the chain). So a compromised app role
-- holding DELETE can drop a queued event only by appending it. Production grants: docs/audit.md.
CREATE OR REPLACE FUNCTION audit_queue_refuse_rewrite() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit queue is append-only: % on % refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_event_queue_refuse_update
  BEFORE UPDATE ON audit_event_queue
  FOR EACH ROW EXECUTE FUNCTION audit_queue_refuse_rewrite();
--> statement-breakpoint
CREATE TRIGGER audit_event_queue_refuse_truncate
  BEFORE TRUNCATE ON audit_event_queue
  FOR EACH STATEMENT EXECUTE FUNCTION audit_queue_refuse_rewrite();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_queue_refuse_unsequenced_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  lost uuid;
BEGIN
  SELECT q.event_id INTO lost
  FROM taken q LEFT JOIN audit_events e ON e.id = q.event_id
  WHERE e.id IS NULL
     OR e.chain IS DISTINCT FROM q.chain
     OR e.occurred_at < q.occurred_at
     OR e.actor_type IS DISTINCT FROM q.actor_type
     OR e.actor_id IS DISTINCT FROM q.actor_id
     OR e.action IS DISTINCT FROM q.action
     OR e.target_type IS DISTINCT FROM q.target_type
     OR e.target_id IS DISTINCT FROM q.target_id
     OR e.result IS DISTINCT FROM q.result
     OR e.reason IS DISTINCT FROM q.reason
     OR e.ip IS DISTINCT FROM q.ip
     OR e.place IS DISTINCT FROM q.place
     OR e.device IS DISTINCT FROM q.device
     OR e.authenticator IS DISTINCT FROM q.authenticator
     OR e.request_id IS DISTINCT FROM q.request_id
     OR e.session_id IS DISTINCT FROM q.session_id
     OR e.data IS DISTINCT FROM q.data
     OR e.before IS DISTINCT FROM q.before
     OR e.after IS DISTINCT FROM q.after
  LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'audit queue: event % may leave the queue only by being appended to its chain', lost
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_event_queue_delete_only_sequenced
  AFTER DELETE ON audit_event_queue
  REFERENCING OLD TABLE AS taken
  FOR EACH STATEMENT EXECUTE FUNCTION audit_queue_refuse_unsequenced_delete();
