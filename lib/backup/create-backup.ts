/**
 * Takes one encrypted backup: in a REPEATABLE READ transaction it exports its snapshot,
 * reads the facts for the manifest (audit heads, row counts, migrations) and runs
 * `pg_dump --format=custom --snapshot=…` on that same snapshot, so the manifest describes
 * exactly what is in the dump. The dump streams through AES-256-GCM straight to disk (the
 * plaintext never touches the disk); files appear under their final names only when complete.
 */
import 'server-only';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import postgres from 'postgres';
import { BackupError } from './backup-error';
import { DEFAULT_CHUNK_SIZE, FORMAT_VERSION } from './backup-format';
import { backupFileName, manifestFileName, signManifest, type TBackupManifest } from './backup-manifest';
import { createByteTap } from './byte-tap';
import { createEncryptStream } from './encrypt-stream';
import type { TBackupKey } from './parse-backup-config';
import { findPgTool, pgEnvFromUrl, spawnPgTool } from './pg-tools';
import { readDatabaseFacts } from './read-database-facts';

export type TCreateBackupInput = { databaseUrl: string; dir: string; key: TBackupKey; chunkSize?: number; now?: () => Date };
export type TCreatedBackup = { manifest: TBackupManifest; filePath: string; manifestPath: string };

/** `20261123T225700Z-1a2b3c4d`: sortable by time, unique across concurrent runs. */
export function newBackupId(at: Date): string {
  return `${at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z')}-${randomBytes(4).toString('hex')}`;
}

export async function createBackup(input: TCreateBackupInput): Promise<TCreatedBackup> {
  const now = input.now ?? (() => new Date());
  const started = now();
  const id = newBackupId(started);
  await mkdir(input.dir, { recursive: true, mode: 0o700 });
  const filePath = path.join(input.dir, backupFileName(id));
  const manifestPath = path.join(input.dir, manifestFileName(id));
  const partial = `${filePath}.partial`;
  const sql = postgres(input.databaseUrl, { max: 1, onnotice: () => undefined });
  try {
    const manifest = await sql.begin('isolation level repeatable read read only', async (tx) => {
      const [{ snapshot } = { snapshot: '' }] = await tx<{ snapshot: string }[]>`select pg_export_snapshot() as snapshot`;
      const facts = await readDatabaseFacts(tx);
      const tool = await findPgTool('pg_dump', Math.floor(facts.serverVersionNum / 10_000));
      const { child, done } = spawnPgTool(tool, ['--format=custom', `--snapshot=${snapshot}`, '--no-password'], pgEnvFromUrl(input.databaseUrl));
      child.stdin.end();
      const plain = createByteTap();
      const cipher = createByteTap(true);
      const chunkSize = input.chunkSize ?? DEFAULT_CHUNK_SIZE;
      try {
        await pipeline(child.stdout, plain, createEncryptStream(input.key, chunkSize), cipher, createWriteStream(partial, { mode: 0o600, flags: 'wx' }));
      } catch (e) {
        child.kill('SIGTERM');
        await done.catch(() => undefined);
        throw e;
      }
      const result = await done;
      if (result.code !== 0) throw new BackupError(`pg_dump failed (exit ${result.code}): ${result.stderr || 'no message'}`);
      const finished = now();
      return signManifest(
        {
          format: 'countersign-backup-manifest',
          version: 1,
          id,
          file: backupFileName(id),
          takenAt: started.toISOString(),
          finishedAt: finished.toISOString(),
          durationMs: finished.getTime() - started.getTime(),
          database: { name: facts.name, serverVersion: facts.serverVersion, serverVersionNum: facts.serverVersionNum },
          pgDump: { version: tool.version, format: 'custom' },
          encryption: { algorithm: 'AES-256-GCM', formatVersion: FORMAT_VERSION, keyId: input.key.id, chunkSize },
          ciphertext: { sha256: cipher.sha256(), bytes: cipher.bytes() },
          plaintextBytes: plain.bytes(),
          audit: facts.audit,
          migrations: { applied: facts.migrations },
          rowCounts: facts.rowCounts,
        },
        input.key,
      );
    });
    await rename(partial, filePath);
    await writeFile(`${manifestPath}.partial`, `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    await rename(`${manifestPath}.partial`, manifestPath);
    return { manifest, filePath, manifestPath };
  } catch (e) {
    await rm(partial, { force: true });
    await rm(`${manifestPath}.partial`, { force: true });
    throw e;
  } finally {
    await sql.end({ timeout: 5 });
  }
}
