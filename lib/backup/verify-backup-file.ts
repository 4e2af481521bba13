/** Reads a backup's manifest (authenticated) and checks the encrypted file's size and SHA-256. */
import 'server-only';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BackupError } from './backup-error';
import { verifyManifest, type TBackupManifest } from './backup-manifest';
import { createByteTap } from './byte-tap';
import type { TBackupFile } from './list-backup-files';
import type { TBackupKey } from './parse-backup-config';

export async function readVerifiedManifest(file: TBackupFile, keys: TBackupKey[]): Promise<TBackupManifest> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file.manifestPath, 'utf8'));
  } catch {
    throw new BackupError(`backup ${file.id}: the manifest ${file.manifestPath} is unreadable or not JSON`);
  }
  try {
    const manifest = verifyManifest(json, keys);
    if (manifest.id !== file.id) throw new BackupError(`the manifest names backup ${manifest.id}, not ${file.id}`);
    return manifest;
  } catch (e) {
    throw new BackupError(`backup ${file.id}: ${(e as Error).message}`);
  }
}

export async function verifyBackupChecksum(file: TBackupFile, manifest: TBackupManifest): Promise<void> {
  if (file.bytes === null) throw new BackupError(`backup ${file.id}: the encrypted file ${file.filePath} is missing`);
  const tap = createByteTap(true);
  const sink = new Writable({ write: (_chunk, _enc, done) => done() });
  await pipeline(createReadStream(file.filePath), tap, sink);
  if (tap.bytes() !== manifest.ciphertext.bytes) {
    throw new BackupError(`backup ${file.id}: the file has ${tap.bytes()} bytes but the manifest says ${manifest.ciphertext.bytes}: it is truncated or was altered`);
  }
  if (tap.sha256() !== manifest.ciphertext.sha256) {
    throw new BackupError(`backup ${file.id}: SHA-256 checksum mismatch: the file is corrupted or was altered`);
  }
}
