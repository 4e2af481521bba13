-- Audit log guards: the database itself refuses to rewrite audit history. Row-level
-- triggers reject UPDATE and DELETE; statement-level triggers reject TRUNCATE (which row
-- triggers never see). They stop mistakes and a compromised app role; the privilege setup
-- in docs/audit.md (app role: INSERT/SELECT only) stops it even if triggers are disabled.
CREATE OR REPLACE FUNCTION audit_refuse_rewrite() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit log is append-only: % on % refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_refuse_update_delete
  BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_rewrite();
--> statement-breakpoint
CREATE TRIGGER audit_events_refuse_truncate
  BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_rewrite();
--> statement-breakpoint
CREATE TRIGGER audit_checkpoints_refuse_update_delete
  BEFORE UPDATE OR DELETE ON audit_checkpoints
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_rewrite();
--> statement-breakpoint
CREATE TRIGGER audit_checkpoints_refuse_truncate
  BEFORE TRUNCATE ON audit_checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_rewrite();
