/**
 * Verifies an approval proof bundle offline, with no database and no secrets:
 *
 *   npm run approvals:verify-proof -- <bundle.json>
 *
 * The bundle comes from the request page (GET /api/approvals/<id>/proof). Checks that the
 * payload matches its hash and that every decision on the final version is a user-verified
 * passkey signature over exactly {request id, version, step, decision, payload hash}, against
 * the public key in the bundle. Exit 0 when all hold, 1 when not (each problem printed), 2 on usage errors.
 */
import { readFileSync } from 'node:fs';
import { verifyApprovalProofBundle } from '../lib/approvals/verify-proof-bundle';

async function main(argv: string[]): Promise<number> {
  const path = argv.find((a) => !a.startsWith('-'));
  if (!path) {
    console.error('usage: npm run approvals:verify-proof -- <bundle.json>');
    return 2;
  }
  let bundle: unknown;
  try {
    bundle = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    console.error(`cannot read ${path}: ${(e as Error).message}`);
    return 1;
  }
  const result = await verifyApprovalProofBundle(bundle);
  for (const d of result.decisions) console.log(`${d.ok ? 'ok  ' : 'FAIL'} step ${d.step + 1} ${d.decision} by ${d.staffId}${d.problem ? `: ${d.problem}` : ''}`);
  for (const p of result.problems) console.error(`problem: ${p}`);
  console.log(result.ok ? 'VERIFIED: every signature binds this exact request and payload.' : 'NOT VERIFIED.');
  return result.ok ? 0 : 1;
}

main(process.argv.slice(2)).then((code) => process.exit(code));
