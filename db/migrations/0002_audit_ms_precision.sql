-- The audit hash covers occurred_at to the millisecond (JavaScript Date precision), while
-- timestamptz stores microseconds. Refuse sub-millisecond values so no part of a stored
-- timestamp can change without changing the hash.
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_occurred_at_ms_chk" CHECK ("occurred_at" = date_trunc('milliseconds', "occurred_at"));
