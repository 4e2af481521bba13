DROP INDEX "audit_events_occurred_idx";--> statement-breakpoint
CREATE INDEX "audit_events_chain_occurred_idx" ON "audit_events" USING btree ("chain","occurred_at");--> statement-breakpoint
CREATE INDEX "audit_events_chain_action_seq_idx" ON "audit_events" USING btree ("chain","action","seq");--> statement-breakpoint
CREATE INDEX "audit_events_request_idx" ON "audit_events" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "audit_events_session_idx" ON "audit_events" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "audit_events_ip_idx" ON "audit_events" USING btree ("ip");