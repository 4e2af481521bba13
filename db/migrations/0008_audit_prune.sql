-- CIDR filters in the audit browser (`ip::inet <<= $network`) use this GiST expression index;
-- stored IPs are normalised by appendAuditEvent, so the cast never fails.
CREATE INDEX IF NOT EXISTS "audit_events_ip_inet_idx" ON "audit_events" USING gist (("ip"::inet) inet_ops);
--> statement-breakpoint
-- Retention pruning (docs/audit.md "Retention"). The only way to delete audit history: this
-- SECURITY DEFINER function, run by the approved 'audit.prune' action in the same
-- transaction that signed a checkpoint at the cut. It refuses a cut without that checkpoint,
-- a cut at or beyond the head, and a cut younger than 365 days (PCI DSS 10.5.1 keeps 12
-- months). The guard trigger below lets its deletes through only while it runs: the
-- transaction-local setting names the chain and cut, and the deleting user must be the
-- function's owner (the app role, which has no DELETE grant in production, never is).
CREATE OR REPLACE FUNCTION audit_prune_before(p_chain text, p_cut_seq bigint) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  head_seq bigint;
  cut_hash text;
  cut_at timestamptz;
  deleted bigint;
BEGIN
  SELECT seq INTO head_seq FROM audit_chain_heads WHERE chain = p_chain FOR UPDATE;
  IF head_seq IS NULL OR p_cut_seq < 1 OR p_cut_seq >= head_seq THEN
    RAISE EXCEPTION 'audit prune refused: the cut must lie inside chain %', p_chain USING ERRCODE = 'check_violation';
  END IF;
  SELECT hash, occurred_at INTO cut_hash, cut_at FROM audit_events WHERE chain = p_chain AND seq = p_cut_seq;
  IF cut_hash IS NULL OR NOT EXISTS (
    SELECT 1 FROM audit_checkpoints WHERE chain = p_chain AND seq = p_cut_seq AND hash = cut_hash
  ) THEN
    RAISE EXCEPTION 'audit prune refused: no signed checkpoint at the cut' USING ERRCODE = 'check_violation';
  END IF;
  IF cut_at > now() - interval '365 days' THEN
    RAISE EXCEPTION 'audit prune refused: events younger than 12 months must be kept' USING ERRCODE = 'check_violation';
  END IF;
  PERFORM set_config('countersign.audit_prune', p_chain || '|' || p_cut_seq, true);
  DELETE FROM audit_events WHERE chain = p_chain AND seq <= p_cut_seq;
  GET DIAGNOSTICS deleted = ROW_COUNT;
  DELETE FROM audit_checkpoints WHERE chain = p_chain AND seq < p_cut_seq;
  PERFORM set_config('countersign.audit_prune', '', true);
  RETURN deleted;
END;
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION audit_prune_before(text, bigint) FROM PUBLIC;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_refuse_rewrite() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  pruning text := coalesce(current_setting('countersign.audit_prune', true), '');
BEGIN
  IF TG_OP = 'DELETE' AND TG_LEVEL = 'ROW' AND pruning <> ''
     AND pruning = OLD.chain || '|' || split_part(pruning, '|', 2)
     AND OLD.seq <= split_part(pruning, '|', 2)::bigint
     AND current_user = (SELECT r.rolname FROM pg_proc p JOIN pg_roles r ON r.oid = p.proowner
                         WHERE p.oid = 'audit_prune_before(text,bigint)'::regprocedure) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit log is append-only: % on % refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
