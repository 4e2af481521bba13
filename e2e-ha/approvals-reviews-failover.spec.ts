/**
 * Approvals and reviews while instance a dies (issue 7, high availability), all through the
 * HAProxy TLS front. Five people work in their own browsers: an administrator, a second
 * administrator, a reviewer and a colleague (compliance officers) and an ops approver.
 * Before the crash: frozen payments arrive through the ingest API, the reviewer claims one and
 * asks for a large release (an approval request) which the colleague signs (step 1), and the
 * administrator asks for a service token (a privileged approval) which the second administrator
 * signs. Then instance a is SIGKILLed with two requests inside it:
 * - the ops approver's final signature, held in a's database transaction by a row lock: it must
 *   leave no trace, and the approver's retry (on b) executes the release exactly once;
 * - the reviewer's decline, committed on a but whose answer never reaches the browser: it must be
 *   applied exactly once, and the reviewer's retry must be refused, changing nothing.
 * After the crash everything carries on on b without signing in again: the small release, the
 * colleague's signature that executes the service token, the token's one-time pickup and an ingest
 * with it. Finally every action is in the database exactly once and the audit chains verify.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { expect, test, type Browser, type Request } from '@playwright/test';
import { setSignCountBase } from '../e2e/fixtures/authenticator';
import { createInvite, enrolInvite, openBrowserSession, signInWithPasskey, uniquePerson, type TBrowserSession } from '../e2e/fixtures/onboarding';
import { approveRequest } from '../e2e/fixtures/ui';
import { everyAuditEvent, expectAuditChainsVerify, waitForAuditQueueDrained } from './fixtures/audit';
import { backendGone, holdRowLock, instanceBackendWaitingOn, pinRequests } from './fixtures/cut';
import { clusterDatabase, decide, ingestFrozen, insertIngestToken, openDecision, type TFrozen } from './fixtures/review';
import { crashInstance, isAlive } from './instances';
import { readHaAdministrator, readHaRunInfo } from './run-info';

const run = readHaRunInfo();
setSignCountBase(run.runStartedAt);

const MERCHANT = `HA Casino ${randomBytes(3).toString('hex')}`;
const TOKEN_NAME = `HA payment core ${randomBytes(2).toString('hex')}`;

type TPerson = TBrowserSession & { name: string };

async function invite(browser: Browser, admin: TPerson, label: string, role: RegExp): Promise<TPerson> {
  const person = uniquePerson(label);
  const link = await createInvite(admin.page, person, role);
  const session = await openBrowserSession(browser, run.origin);
  await enrolInvite(session, link, person);
  return { ...session, name: person.name };
}

const isServerAction = (r: Request) => r.method() === 'POST' && r.headers()['next-action'] !== undefined;
const isDecisionPost = (r: Request) => r.method() === 'POST' && /\/api\/approvals\/[^/]+\/decision$/.test(new URL(r.url()).pathname);

test('approvals and reviews proceed while instance a is killed mid-flow: nothing lost, nothing twice, sessions carry on on b', async ({ browser }) => {
  test.setTimeout(300_000);
  const sql = clusterDatabase(run.databaseUrl);
  const opened: TPerson[] = [];
  const figures: Record<string, number | string> = {};
  try {
    // ── Staff, as the default policies require ────────────────────────────────────────────
    const administrator = readHaAdministrator();
    const adminSession = await openBrowserSession(browser, run.origin);
    await adminSession.authenticator.addCredential(administrator.credential);
    await signInWithPasskey(adminSession.page);
    const admin: TPerson = { ...adminSession, name: administrator.name };
    opened.push(admin);
    const t0 = Date.now();
    const admin2 = await invite(browser, admin, 'HA admin two', /Administrator/);
    const reviewer = await invite(browser, admin, 'HA reviewer', /Compliance officer/);
    const colleague = await invite(browser, admin, 'HA colleague', /Compliance officer/);
    const ops = await invite(browser, admin, 'HA ops', /Ops approver/);
    opened.push(admin2, reviewer, colleague, ops);
    figures.enrolFourStaffMs = Date.now() - t0;

    // ── Before the crash: both instances serve, round robin ──────────────────────────────
    const ingestToken = await insertIngestToken(sql, 'HA payment core (test setup)');
    const frozen: Record<'decline' | 'small' | 'large', TFrozen> = {
      decline: await ingestFrozen(admin.context.request, sql, { token: ingestToken }, MERCHANT, 'decline', 650_000),
      small: await ingestFrozen(admin.context.request, sql, { token: ingestToken }, MERCHANT, 'small', 640_000),
      large: await ingestFrozen(admin.context.request, sql, { token: ingestToken }, MERCHANT, 'large', 2_500_000),
    };

    await reviewer.page.goto(`/transactions/${frozen.decline.id}`);
    await reviewer.page.getByRole('group', { name: 'Review actions' }).getByRole('button', { name: 'Claim', exact: true }).click();
    await expect(reviewer.page.getByText('Claimed. It is yours to review.')).toBeVisible();

    await decide(reviewer.page, frozen.large.id, 'Release', 'Customer verified the payment', 'Called the customer back on the number on file', 'Request approval');
    const [release] = await sql<{ id: string }[]>`select id from approval_requests where action_type = 'transaction.release' and payload->>'transactionId' = ${frozen.large.id}`;
    const releasePath = `/approvals/${release!.id}`;
    await approveRequest(colleague.page, releasePath, 'Checked the call notes');

    await admin.page.goto('/settings/api');
    await admin.page.getByRole('button', { name: 'Request a token' }).click();
    const tokenDialog = admin.page.getByRole('dialog');
    await tokenDialog.getByLabel('Token name').fill(TOKEN_NAME);
    await tokenDialog.getByLabel('Reason').fill('HA test: a privileged approval across a crash');
    await tokenDialog.getByRole('button', { name: 'Submit for approval' }).click();
    const tokenRequestPath = (await tokenDialog.getByRole('link', { name: 'Open the approval request' }).getAttribute('href'))!;
    await admin.page.keyboard.press('Escape');
    await approveRequest(admin2.page, tokenRequestPath, 'Second administrator: agreed');

    const [before] = await sql<{ signIns: number; sessions: number }[]>`select
      (select count(*)::int from ${everyAuditEvent(sql)} as e where action = 'auth.sign_in.succeeded') as "signIns",
      (select count(*)::int from sessions where ended_at is null) as sessions`;

    // ── The crash, with two requests inside instance a ───────────────────────────────────
    const instanceA = { pgid: run.instances.a.pgid, databasePort: Number(new URL(run.databaseUrl).port || 5432) };
    // 1. The ops approver's final signature reaches a and waits there, in its transaction, on a row lock the test holds.
    const requestLock = await holdRowLock(sql, 'approval_requests', release!.id);
    const unpinDecision = await pinRequests(ops.page, '**/api/approvals/*/decision', 'a', isDecisionPost);
    const decisionAnswers: { status: number; servedBy: string | undefined; at: number }[] = [];
    ops.page.on('response', (r) => {
      if (isDecisionPost(r.request())) decisionAnswers.push({ status: r.status(), servedBy: r.headers()['x-cs-served-by'], at: Date.now() });
    });
    await ops.page.goto(releasePath);
    await ops.page.getByRole('button', { name: 'Approve', exact: true }).click();
    const opsDialog = ops.page.getByRole('dialog');
    await opsDialog.getByLabel('Comment').fill('Approved for release');
    await opsDialog.getByRole('button', { name: 'Sign with passkey and approve' }).click();
    const signatureBackend = await instanceBackendWaitingOn(sql, instanceA, 'approval_requests');

    // 2. The reviewer's decline reaches a and waits there too. A second tab, opened before, still offers Decline.
    const staleTab = await reviewer.context.newPage();
    const staleDialog = await openDecision(staleTab, frozen.decline.id, 'Decline', 'Confirmed fraud', 'Declining again from the other tab');
    const declineLock = await holdRowLock(sql, 'transactions', frozen.decline.id);
    const unpinDecline = await pinRequests(reviewer.page, `**/transactions/${frozen.decline.id}`, 'a', isServerAction);
    const declineAnswers: { status: number; servedBy: string | undefined; at: number }[] = [];
    reviewer.page.on('response', (r) => {
      if (isServerAction(r.request())) declineAnswers.push({ status: r.status(), servedBy: r.headers()['x-cs-served-by'], at: Date.now() });
    });
    const declineDialog = await openDecision(reviewer.page, frozen.decline.id, 'Decline', 'Confirmed fraud', 'Customer confirmed the card was stolen');
    await declineDialog.getByRole('button', { name: 'Decline', exact: true }).click();
    const declineBackend = await instanceBackendWaitingOn(sql, instanceA, 'transactions');

    // 3. Kill a (SIGKILL to its process group); a's two transactions die uncommitted once the locks are let go.
    const killedAt = await crashInstance(run.instances.a);
    expect(isAlive(run.instances.a)).toBe(false);
    await requestLock.release();
    await declineLock.release();
    await backendGone(sql, signatureBackend);
    await backendGone(sql, declineBackend);

    await test.step('the signature cut inside a left no trace; its replay on b was refused (single-use challenge); the approver saw an error', async () => {
      // HAProxy resets the HTTP/2 stream of a request whose instance died (REFUSED_STREAM) and Chromium
      // replays it; b refuses the replay because a had already consumed the signature's challenge.
      await expect(ops.page.locator('[data-sonner-toast][data-type="error"]')).toContainText('already used');
      expect(decisionAnswers.map(({ status, servedBy }) => ({ status, servedBy }))).toEqual([{ status: 401, servedBy: 'b' }]);
      const [req] = await sql`select status, current_step from approval_requests where id = ${release!.id}`;
      expect(req).toEqual({ status: 'pending', current_step: 1 });
      expect(await sql`select 1 from approval_decisions where request_id = ${release!.id}`, 'only the colleague has signed').toHaveLength(1);
      const [tx] = await sql`select status from transactions where id = ${frozen.large.id}`;
      expect(tx?.status, 'still waiting for release').toBe('frozen');
      expect(await sql`select 1 from outbox_messages where topic = 'transaction.decision' and payload->>'transactionId' = ${frozen.large.id}`).toHaveLength(0);
    });

    await test.step('the decline cut inside a was replayed on b and applied exactly once; the reviewer saw it done', async () => {
      await expect(declineDialog).toBeHidden();
      await expect(reviewer.page.getByText(`Declined ${frozen.decline.externalId}.`)).toBeVisible();
      expect(declineAnswers.map(({ status, servedBy }) => ({ status, servedBy }))).toEqual([{ status: 200, servedBy: 'b' }]);
      await expectDecidedOnce(frozen.decline.id, 'declined', 'transaction.declined', 'decline');
      expect(await sql`select 1 from transaction_notes where transaction_id = ${frozen.decline.id}`, 'the note of the rolled-back attempt is gone').toHaveLength(1);
      await unpinDecline();
    });
    figures.killToReplayedDeclineAppliedOnBMs = declineAnswers[0]!.at - killedAt;

    // ── After the crash: b alone; nobody signs in again ──────────────────────────────────
    await test.step('the approver signs again: it lands on b and executes the release once', async () => {
      await unpinDecision();
      const answer = ops.page.waitForResponse((r) => isDecisionPost(r.request()));
      await opsDialog.getByRole('button', { name: 'Sign with passkey and approve' }).click();
      const res = await answer;
      figures.killToRetriedSignatureExecutedMs = Date.now() - killedAt;
      expect(res.status()).toBe(200);
      expect(res.headers()['x-cs-served-by']).toBe('b');
      await expect(opsDialog).toBeHidden();
      await ops.page.goto(releasePath);
      await expect(ops.page.getByTestId('request-status')).toHaveText('Executed');
      await expectDecidedOnce(frozen.large.id, 'released', 'transaction.released', 'release');
    });

    await test.step('the reviewer declines again from the stale tab: refused as already declined, nothing changes', async () => {
      const [was] = await sql`select version from transactions where id = ${frozen.decline.id}`;
      const answer = staleTab.waitForResponse((r) => isServerAction(r.request()));
      await staleDialog.getByRole('button', { name: 'Decline', exact: true }).click();
      expect((await answer).headers()['x-cs-served-by']).toBe('b');
      await expect(staleDialog.getByText(/already declined/)).toBeVisible();
      const [now] = await sql`select version from transactions where id = ${frozen.decline.id}`;
      expect(now?.version, 'the retry changed nothing').toBe(was?.version);
      await expectDecidedOnce(frozen.decline.id, 'declined', 'transaction.declined', 'decline');
      expect(await sql`select 1 from transaction_notes where transaction_id = ${frozen.decline.id}`).toHaveLength(1);
      await staleTab.close();
    });

    await test.step('the reviewer releases the small one on b', async () => {
      await decide(reviewer.page, frozen.small.id, 'Release', 'False positive', 'Known customer, usual casino spend', 'Release');
      await expectDecidedOnce(frozen.small.id, 'released', 'transaction.released', 'release');
    });

    await test.step('the privileged approval completes on b: token executed once, picked up once, and it ingests', async () => {
      await approveRequest(colleague.page, tokenRequestPath, 'Compliance: agreed');
      await admin.page.goto(tokenRequestPath);
      await expect(admin.page.getByTestId('request-status')).toHaveText('Executed');
      await admin.page.goto('/settings/api');
      await admin.page.getByRole('button', { name: `Show token ${TOKEN_NAME} once` }).click();
      const shown = admin.page.getByRole('dialog');
      const token = await shown.getByRole('textbox', { name: 'Bearer token' }).inputValue();
      const signingSecret = await shown.getByRole('textbox', { name: 'Signing secret' }).inputValue();
      await shown.getByRole('button', { name: 'I have stored them' }).click();
      await ingestFrozen(admin.context.request, sql, { token, signingSecret }, MERCHANT, 'after-crash', 660_000);
      const tokenRequestId = tokenRequestPath.split('/').pop()!;
      expect(await sql`select 1 from service_tokens where created_via_request_id = ${tokenRequestId}`).toHaveLength(1);
      expect(await sql`select 1 from ${everyAuditEvent(sql)} as e where action = 'approval.executed' and target_id = ${tokenRequestId}`).toHaveLength(1);
    });

    await test.step('every browser session carried on on b without signing in again', async () => {
      for (const person of opened) {
        const me = await person.context.request.get('/api/me');
        expect(me.status(), person.name).toBe(200);
        expect(me.headers()['x-cs-served-by'], person.name).toBe('b');
        const res = await person.page.goto('/approvals');
        expect(new URL(person.page.url()).pathname, `${person.name} was not sent to /login`).toBe('/approvals');
        expect(res?.headers()['x-cs-served-by']).toBe('b');
      }
      const [after] = await sql<{ signIns: number; sessions: number }[]>`select
        (select count(*)::int from ${everyAuditEvent(sql)} as e where action = 'auth.sign_in.succeeded') as "signIns",
        (select count(*)::int from sessions where ended_at is null) as sessions`;
      expect(after).toEqual(before);
    });

    await test.step('exactly once everywhere: one decision per signer, one execution per request, no duplicate audit events', async () => {
      const requestIds = [release!.id, tokenRequestPath.split('/').pop()!];
      const perSigner = await sql`select request_id, staff_id, count(*)::int as n from approval_decisions where request_id in ${sql(requestIds)} group by 1, 2`;
      expect(perSigner).toHaveLength(4);
      expect(perSigner.every((r) => r.n === 1)).toBe(true);
      const executed = await sql`select status, count(*)::int as n from approval_requests where id in ${sql(requestIds)} group by 1`;
      expect(executed).toEqual([{ status: 'executed', n: 2 }]);
      const duplicates = await sql`select action, target_id, count(*)::int as n from ${everyAuditEvent(sql)} as e
        where action in ('transaction.claimed', 'transaction.released', 'transaction.declined', 'transaction.release_requested',
                         'approval.requested', 'approval.approved', 'approval.executed', 'approval.execution_failed', 'service_token.created')
        group by 1, 2 having count(*) > 1`;
      expect(duplicates).toEqual([]);
      const decidedSigners = await sql`select count(*)::int as n from ${everyAuditEvent(sql)} as e where action = 'approval.decided' and target_id in ${sql(requestIds)}`;
      expect(decidedSigners[0]?.n, 'one approval.decided event per signature').toBe(4);
    });

    await test.step('the audit chains verify', async () => {
      await waitForAuditQueueDrained(sql);
      test.info().annotations.push({ type: 'audit:verify', description: expectAuditChainsVerify(run).trim() });
    });
    for (const [type, value] of Object.entries(figures)) test.info().annotations.push({ type, description: String(value) });
    mkdirSync('test-results/ha', { recursive: true });
    writeFileSync('test-results/ha/approvals-failover.json', `${JSON.stringify({ measuredAt: new Date().toISOString(), ...figures }, null, 2)}\n`);
    console.log(`[ha] approvals/reviews across a crash: ${JSON.stringify(figures)}`);
  } finally {
    await Promise.all(opened.map((p) => p.context.close().catch(() => undefined)));
    await sql.end({ timeout: 5 });
  }

  /** The transaction reached `status` once: one audit event of `action`, one webhook in the outbox with `decision`. */
  async function expectDecidedOnce(transactionId: string, status: string, action: string, decision: string): Promise<void> {
    const [row] = await sql`select status from transactions where id = ${transactionId}`;
    expect(row?.status).toBe(status);
    expect(await sql`select 1 from ${everyAuditEvent(sql)} as e where action = ${action} and target_id = ${transactionId}`, `${action} events`).toHaveLength(1);
    const hooks = await sql`select payload->>'decision' as decision from outbox_messages where topic = 'transaction.decision' and payload->>'transactionId' = ${transactionId}`;
    expect(hooks, 'webhooks in the outbox').toEqual([{ decision }]);
  }
});
