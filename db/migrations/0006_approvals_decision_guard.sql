-- Approval decisions are evidence: the database refuses a decision on a request that is not
-- pending, on a version that is no longer current, or on a step that is not the open one,
-- and refuses rewriting a stored decision. The data layer checks the same under FOR UPDATE;
-- this stops a bug or a compromised app path from recording a decision that never counted.
CREATE OR REPLACE FUNCTION approval_decision_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  SELECT status, version, current_step INTO r FROM approval_requests WHERE id = NEW.request_id;
  IF r.status IS DISTINCT FROM 'pending' THEN
    RAISE EXCEPTION 'approval decision refused: request is %', r.status USING ERRCODE = 'check_violation';
  END IF;
  IF r.version <> NEW.request_version OR r.current_step <> NEW.step THEN
    RAISE EXCEPTION 'approval decision refused: not the current version and step' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER approval_decisions_guard_insert
  BEFORE INSERT ON approval_decisions
  FOR EACH ROW EXECUTE FUNCTION approval_decision_guard();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION approval_decision_refuse_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'approval decisions are immutable: UPDATE refused' USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER approval_decisions_refuse_update
  BEFORE UPDATE ON approval_decisions
  FOR EACH ROW EXECUTE FUNCTION approval_decision_refuse_update();
