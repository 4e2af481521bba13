/**
 * A verification worker refuses a snapshot id that is not one pg_export_snapshot could have
 * returned (the id is spliced into SET TRANSACTION SNAPSHOT, which takes no parameters), before
 * it sends any statement.
 */
import { describe, expect, it } from 'vitest';
import { runRangeWorker, type TRangeWorkerMessage } from './range-worker';

describe('range worker input', () => {
  it.each(["x'; DROP TABLE audit_events; --", '', '0000', 'zz-01'])('refuses the snapshot id %j', async (snapshot) => {
    const posted: TRangeWorkerMessage[] = [];
    // Port 9 (discard): any statement sent would fail with a connection error, not this message.
    const connection = { host: ['127.0.0.1'], port: [9], path: false as const, database: 'none', user: 'none', pass: null, ssl: false };
    const input = { chain: 'main', afterSeq: 0, uptoSeq: 10, headSeq: 10, pageSize: 5, checkpointSeqs: [] };
    await runRangeWorker({ connection, snapshot, input }, (m) => posted.push(m));
    expect(posted).toEqual([{ type: 'error', message: 'not a snapshot id' }]);
  });
});
