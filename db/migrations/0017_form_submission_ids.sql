-- Form submission ids (docs/ha.md "Not covered yet"): a create request delivered twice (a browser resending a POST
-- cut by an instance crash) finds what the first delivery made. Invites: one id per invite (a resend reissues the
-- link of the same invite, lib/staff/invite-submission.ts). Approval requests: unique per requester (a resend answers
-- with the same request, lib/approvals/approval-submission.ts). Both nullable: older rows and server-side callers have none.
ALTER TABLE "invites" ADD COLUMN "submission_id" uuid;--> statement-breakpoint
ALTER TABLE "approval_requests" ADD COLUMN "submission_id" uuid;--> statement-breakpoint
CREATE UNIQUE INDEX "approval_requests_requester_submission_uq" ON "approval_requests" USING btree ("requester_id","submission_id");--> statement-breakpoint
ALTER TABLE "invites" ADD CONSTRAINT "invites_submissionId_unique" UNIQUE("submission_id");